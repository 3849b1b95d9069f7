//! The `jixiao` binary: exit codes, `build` outputs, `check --format json`.

mod common;

use common::{root, scratch};
use std::path::Path;
use std::process::{Command, Output};

fn jixiao(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(arguments)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

const CLEAN: &str = "tests/errors/clean.jx";
const WARNING: &str = "tests/errors/W0403_total_mismatch.jx";
const ERROR: &str = "tests/errors/E0103_duplicate_indicator.jx";

#[test]
fn check_exits_0_on_a_clean_file() {
    let output = jixiao(&["check", CLEAN]);
    assert_eq!(
        code(&output),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn check_exits_0_on_warnings_and_1_with_deny_warnings() {
    assert_eq!(code(&jixiao(&["check", WARNING])), Some(0));
    assert_eq!(
        code(&jixiao(&["check", "--deny-warnings", WARNING])),
        Some(1)
    );
    assert_eq!(code(&jixiao(&["check", "examples"])), Some(0));
    assert_eq!(
        code(&jixiao(&["check", "--deny-warnings", "examples"])),
        Some(1)
    );
    assert_eq!(code(&jixiao(&["check", "--deny-warnings", CLEAN])), Some(0));
}

#[test]
fn check_exits_1_on_errors() {
    let output = jixiao(&["check", ERROR]);
    assert_eq!(code(&output), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("E0103"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "no colour when NO_COLOR is set and piped"
    );
}

#[test]
fn check_exits_2_on_a_missing_path() {
    let output = jixiao(&["check", "tests/errors/no-such-file.jx"]);
    assert_eq!(code(&output), Some(2));
    assert!(!output.stderr.is_empty());
}

#[test]
fn check_reads_a_gbk_file_with_one_encoding_warning() {
    let directory = scratch("cli-not-utf8");
    let path = directory.join("gbk.jx");
    // "项目" in GBK: since issue 17 read as GBK (W0001), no longer refused as E0007.
    std::fs::write(&path, b"\xcf\xee\xc4\xbf \"x\" 2021 {\n}\n").unwrap();
    let output = jixiao(&["check", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("W0001") && stderr.contains("GBK") && !stderr.contains("E0007"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("[W0001]").count(), 1, "{stderr}");
}

#[test]
fn check_reports_a_file_that_is_no_known_text_as_an_error() {
    let directory = scratch("cli-not-text");
    let path = directory.join("binary.jx");
    // A byte that is neither UTF-8, GBK nor UTF-16 text (0xFF never starts a GBK character).
    std::fs::write(&path, b"\xff\xff \"x\" 2021 {\n}\n").unwrap();
    let output = jixiao(&["check", path.to_str().unwrap()]);
    // An error diagnostic like any other (E0007), counted, exit 1 (issue 16).
    assert_eq!(code(&output), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("UTF-8") && stderr.contains("E0007"),
        "{stderr}"
    );
    assert!(stderr.contains("1 个错误"), "{stderr}");
}

#[test]
fn check_without_arguments_checks_the_current_directory() {
    let empty = scratch("cli-no-arguments");
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("check")
        .current_dir(&empty)
        .output()
        .expect("the binary runs");
    assert_eq!(code(&output), Some(2), "no .jx file in an empty directory");
    assert!(String::from_utf8_lossy(&output.stderr).contains("没有找到 .jx 文件"));
}

#[test]
fn explain_a_known_and_an_unknown_code() {
    let output = jixiao(&["explain", "W0302"]);
    assert_eq!(code(&output), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("W0302"), "{text}");
    assert!(text.contains("年初预算数"), "{text}");
    assert_eq!(code(&jixiao(&["explain", "X9999"])), Some(2));
}

fn json_files(directory: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(directory)
        .unwrap()
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        // `.jixiao-manifest` is the build's own record of what it wrote.
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn build_writes_one_json_file_per_example_form() {
    let out = scratch("cli-build-examples");
    let output = jixiao(&[
        "build",
        "examples/renda-2021",
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        code(&output),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        json_files(&out),
        ["department.json", "project-congress-meetings.json"]
    );
    let department: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("department.json")).unwrap()).unwrap();
    assert_eq!(department["schema"], "jixiao/2");
    assert_eq!(department["total"]["computed"], "100.00");
    let project: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("project-congress-meetings.json")).unwrap())
            .unwrap();
    assert_eq!(project["total"]["computed"], "99.42");

    // Both files validate against the shipped schema.
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("schema/jixiao-2.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for document in [&department, &project] {
        let errors: Vec<String> = validator
            .iter_errors(document)
            .map(|error| error.to_string())
            .collect();
        assert_eq!(errors, Vec::<String>::new());
    }
}

#[test]
fn build_writes_nothing_for_a_form_with_errors_and_removes_a_stale_output() {
    let sources = scratch("cli-build-errors-src");
    let out = scratch("cli-build-errors-out");
    let form = sources.join("form.jx");
    std::fs::copy(root().join(CLEAN), &form).unwrap();
    let build = || {
        jixiao(&[
            "build",
            sources.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "json",
        ])
    };
    assert_eq!(code(&build()), Some(0));
    assert_eq!(json_files(&out), ["form.json"], "the clean form is written");

    // The form now has an error: its previous output must not survive as if it were current.
    std::fs::copy(root().join(ERROR), &form).unwrap();
    let output = build();
    assert_eq!(code(&output), Some(1));
    assert_eq!(
        json_files(&out),
        Vec::<String>::new(),
        "nothing written, stale output removed"
    );
}

#[test]
fn check_format_json_carries_positions_and_codes() {
    let output = jixiao(&[
        "check",
        "--format",
        "json",
        "examples/renda-2021/department.jx",
    ]);
    assert_eq!(code(&output), Some(0));
    let document: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let diagnostics = document["diagnostics"]
        .as_array()
        .expect("a diagnostics array");
    assert!(!diagnostics.is_empty());
    for diagnostic in diagnostics {
        for key in [
            "file", "line", "column", "start", "end", "code", "severity", "message",
        ] {
            assert!(!diagnostic[key].is_null(), "{key} missing in {diagnostic}");
        }
        assert_eq!(diagnostic["file"], "examples/renda-2021/department.jx");
        assert!(diagnostic["start"].as_u64() <= diagnostic["end"].as_u64());
    }
    let wrong_base = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == "W0302")
        .expect("W0302 reported");
    // `        执行率 78%` is line 18; `78%` starts at the 13th character (8 spaces, 执行率, space).
    assert_eq!(wrong_base["line"], 18);
    assert_eq!(wrong_base["column"], 13);
    assert_eq!(wrong_base["severity"], "warning");
    let source = std::fs::read_to_string(root().join("examples/renda-2021/department.jx")).unwrap();
    let (start, end) = (
        wrong_base["start"].as_u64().unwrap() as usize,
        wrong_base["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[start..end], "78%");
}

/// A reader that stops early (`jixiao check --format json … | head -1`) must not make jixiao
/// panic on the broken pipe.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    use std::process::{Command, Stdio};
    let directory = tempfile::tempdir().expect("temp dir");
    let imported = directory.path().join("imported");
    for args in [
        vec!["check", "--format", "json", "tests/corpus/real"],
        vec!["explain"],
        vec!["new", "--project"],
        // The import report (a long list of skipped rows) once panicked here.
        vec![
            "import",
            "tests/fixtures/import/tables/002-tianchang-shuili-fangyu.docx",
            "-o",
            imported.to_str().expect("utf-8"),
        ],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("jixiao starts");
        // Close the read end before jixiao writes.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("jixiao ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(output.status.code(), Some(101), "{args:?}");
    }
}

/// `fmt` formats the file a symlink points to and keeps the link; it refuses a read-only file.
#[cfg(unix)]
#[test]
fn fmt_keeps_symlinks_and_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let directory = tempfile::tempdir().expect("temp dir");
    let example =
        std::fs::read_to_string(root().join("examples/renda-2021/department.jx")).expect("example");
    let unformatted = example.replacen("    联系人", "联系人", 1);
    let real = directory.path().join("real.jx");
    std::fs::write(&real, &unformatted).expect("write");
    let link = directory.path().join("link.jx");
    std::os::unix::fs::symlink("real.jx", &link).expect("symlink");
    let output = jixiao(&["fmt", link.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).expect("real"), example);

    let read_only = directory.path().join("ro.jx");
    std::fs::write(&read_only, &unformatted).expect("write");
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let output = jixiao(&["fmt", read_only.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        std::fs::read_to_string(&read_only).expect("ro"),
        unformatted
    );
}

/// `--template FILE` renders every form through the user's template with the model as `form`;
/// `.html` templates are autoescaped; a broken template is exit 2 naming the file.
#[test]
fn build_renders_a_user_template_file_per_form() {
    let directory = tempfile::tempdir().expect("temp dir");
    let report = directory.path().join("report.md");
    std::fs::write(
        &report,
        "# {{ form.name }}\n总分 {{ form.total.computed }}（申报 {{ form.total.declared }}）\n",
    )
    .expect("template");
    let output = directory.path().join("out");
    let result = jixiao(&[
        "build",
        "examples/renda-2021/department.jx",
        "-o",
        output.to_str().expect("utf-8"),
        "--template",
        report.to_str().expect("utf-8"),
    ]);
    assert_eq!(result.status.code(), Some(0), "{result:?}");
    let markdown = std::fs::read_to_string(output.join("department.md")).expect("report written");
    assert_eq!(markdown, "# 区人大常委会办公室\n总分 100.00（申报 98）\n");

    let source = directory.path().join("hostile.jx");
    let example =
        std::fs::read_to_string(root().join("examples/renda-2021/department.jx")).expect("example");
    std::fs::write(
        &source,
        example.replace("\"区人大常委会办公室\" 2021", "\"<b>&\" 2021"),
    )
    .expect("write");
    let page = directory.path().join("page.html");
    std::fs::write(&page, "<h1>{{ form.name }}</h1>").expect("template");
    let result = jixiao(&[
        "build",
        source.to_str().expect("utf-8"),
        "-o",
        output.to_str().expect("utf-8"),
        "--template",
        page.to_str().expect("utf-8"),
    ]);
    assert_eq!(result.status.code(), Some(0), "{result:?}");
    let html = std::fs::read_to_string(output.join("hostile.html")).expect("page written");
    assert_eq!(html, "<h1>&lt;b&gt;&amp;</h1>");

    let broken = directory.path().join("broken.md");
    std::fs::write(&broken, "{{ form.name ").expect("template");
    let result = jixiao(&[
        "build",
        "examples/renda-2021/department.jx",
        "-o",
        output.to_str().expect("utf-8"),
        "--template",
        broken.to_str().expect("utf-8"),
    ]);
    assert_eq!(result.status.code(), Some(2), "{result:?}");
    assert!(String::from_utf8_lossy(&result.stderr).contains("broken.md"));
}

/// Discovery goes on past a bad path (exit 2 at the end), skips special files instead of
/// blocking on them, and an input with no `.jx` file is exit 2.
#[cfg(unix)]
#[test]
fn discovery_reports_problems_and_goes_on() {
    let directory = scratch("discovery");
    std::fs::copy(
        root().join("examples/renda-2021/department.jx"),
        directory.join("a.jx"),
    )
    .expect("copy");
    let fifo = directory.join("fifo.jx");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|status| status.success());
    let missing = directory.join("missing.jx");
    let output = jixiao(&[
        "check",
        missing.to_str().expect("utf-8"),
        directory.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("missing.jx"), "{stderr}");
    assert!(
        stderr.contains("1 个表单"),
        "the readable file is still checked: {stderr}"
    );
    if made {
        assert!(stderr.contains("fifo.jx"), "{stderr}");
    }
    let empty = scratch("discovery-empty");
    let output = jixiao(&["check", empty.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("没有找到 .jx 文件"));
}

/// Two forms that would write the same output file, and a page named like the listing, are
/// reported (exit 2) instead of silently overwriting each other.
#[test]
fn colliding_output_names_are_reported() {
    let sources = scratch("collide-src");
    let department =
        std::fs::read_to_string(root().join("examples/renda-2021/department.jx")).expect("example");
    let project =
        std::fs::read_to_string(root().join("examples/renda-2021/project-congress-meetings.jx"))
            .expect("example");
    std::fs::write(sources.join("twice.jx"), format!("{department}\n{project}")).expect("write");
    // A file of two forms names each output after its form: `twice.区人大常委会办公室.html`,
    // which this single-form file claims too.
    std::fs::write(sources.join("twice.区人大常委会办公室.jx"), &department).expect("write");
    std::fs::write(sources.join("index.jx"), &project).expect("write");
    let output = scratch("collide-out");
    let result = jixiao(&[
        "build",
        sources.to_str().expect("utf-8"),
        "-o",
        output.to_str().expect("utf-8"),
        "--format",
        "both",
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("twice.区人大常委会办公室.html")
            && stderr.contains("两个表单的输出是同一个文件")
            && stderr.contains("两者都未写出"),
        "{stderr}"
    );
    assert!(stderr.contains("jixiao 自己写出的文件"), "{stderr}");
}

/// `import` reads government web pages: its help (both languages) says so, so a user with a
/// saved page does not think it must be converted first.
#[test]
fn import_help_names_web_pages() {
    let output = jixiao(&["import", "--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("网页"), "{help}");
    let output = jixiao(&["help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("网页 .html"), "{help}");
    let output = jixiao(&["import", "--lang", "en", "--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("web pages"), "{help}");
}
