//! Hostile input never hurts: random bytes, truncations and mutations of the examples must not
//! panic, and every diagnostic span must lie on character boundaries inside the text.

use jixiao::{compile, Options};
use proptest::prelude::*;

const DEPARTMENT: &str = include_str!("../examples/renda-2021/department.jx");
const PROJECT: &str = include_str!("../examples/renda-2021/project-congress-meetings.jx");

/// Compiles `source`, renders its diagnostics, and checks every span.
fn assert_sound(source: &str) {
    let compilation = compile(source, Some("input.jx"), &Options::default());
    for diagnostic in &compilation.diagnostics {
        for span in
            std::iter::once(diagnostic.span).chain(diagnostic.labels.iter().map(|label| label.span))
        {
            assert!(
                span.start <= span.end && span.end <= source.len(),
                "span {span:?} outside the text"
            );
            assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "span {span:?} inside a character"
            );
        }
    }
    let rendered = jixiao::render_human(
        "input.jx",
        source,
        &compilation.diagnostics,
        Default::default(),
    );
    assert_eq!(rendered.is_empty(), compilation.diagnostics.is_empty());
    for form in &compilation.forms {
        let json = jixiao::to_json(&form.evaluation);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
}

#[test]
fn every_truncation_of_the_examples_is_handled() {
    for example in [DEPARTMENT, PROJECT] {
        // Every character boundary; the examples are a few KB, so this is a few thousand runs.
        for (index, _) in example.char_indices().step_by(3) {
            assert_sound(&example[..index]);
        }
    }
}

#[test]
fn empty_and_comment_only_files_get_a_diagnostic() {
    for source in ["", "\u{feff}", "// 只有注释\n// 第二行\n", "\r\n\r\n"] {
        let compilation = compile(source, None, &Options::default());
        assert!(compilation.forms.is_empty());
        assert_eq!(compilation.diagnostics.len(), 1, "{source:?}");
        assert_sound(source);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        "项目 \"x\" 2021 {{\n{}{}\n}}\n",
        "a {\n".repeat(5_000),
        "}\n".repeat(5_000)
    );
    let compilation = compile(&deep, None, &Options::default());
    assert!(compilation
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "E0005"));
}

#[test]
fn long_lines_and_many_lines_are_fine() {
    let long_name = "指".repeat(10_000);
    let source = format!(
        "项目 \"{long_name}\" 2021 {{\n    \"{long_name}\" 目标 2次 实际 2次 分值 100\n}}\n"
    );
    assert_sound(&source);
}

#[test]
fn crlf_gives_the_same_diagnostics_as_lf() {
    let crlf = DEPARTMENT.replace('\n', "\r\n");
    let lf = compile(DEPARTMENT, None, &Options::default());
    let windows = compile(&crlf, None, &Options::default());
    let codes = |compilation: &jixiao::Compilation| {
        compilation
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&lf), codes(&windows));
    assert_eq!(
        lf.forms[0].evaluation.total,
        windows.forms[0].evaluation.total
    );
    assert_sound(&crlf);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(source in "\\PC{0,300}") {
        assert_sound(&source);
    }

    #[test]
    fn random_lines_of_language_pieces_never_panic(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "项目 \"甲\" 2021 {", "部门整体 \"乙\" 2022 {", "}", "{", "资金 万元 {", "财政拨款 165 165 155.41",
                "分值 10", "执行率 94%", "得分 9", "产出指标 50分 {", "数量指标 {", "\"指标\" 目标 ≥2次 实际 1次 分值 10",
                "\"定性\" 定性 目标 优 实际 良 分值 10 系数 70%", "自评总得分 99", "\"\"\"", "“引号", "目标 ≤ 实际", "// 注释",
                "年度总体目标 {", "预期目标 \"x\"", "\"a\" {", "目标 90%~100%", "实际 95%", "分值 十", "\u{3000}：；，",
            ]),
            0..40,
        )
    ) {
        assert_sound(&lines.join("\n"));
    }

    #[test]
    fn mutated_examples_never_panic(position in 0usize..4000, insert in "\\PC{0,4}", delete in 0usize..6) {
        let mut source = DEPARTMENT.to_string();
        let mut at = position.min(source.len());
        while !source.is_char_boundary(at) { at -= 1; }
        let mut end = (at + delete).min(source.len());
        while !source.is_char_boundary(end) { end += 1; }
        source.replace_range(at..end, &insert);
        assert_sound(&source);
    }
}

// ── Whole-process robustness: the binary on hostile workspaces (issue 6) ─────────────────────

/// Runs the binary with `arguments` and a deadline: a hang fails the test instead of the CI job.
fn jixiao_within(arguments: &[&std::ffi::OsStr], seconds: u64) -> std::process::Output {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(arguments)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Drain stdout/stderr on threads so a full pipe cannot stall the child.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_thread = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = stdout.read_to_end(&mut buffer);
        buffer
    });
    let err_thread = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = stderr.read_to_end(&mut buffer);
        buffer
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("jixiao {arguments:?} still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: out_thread.join().unwrap_or_default(),
        stderr: err_thread.join().unwrap_or_default(),
    }
}

fn os(text: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(text)
}

#[test]
fn a_ten_thousand_character_junk_line_is_one_diagnostic() {
    let line = "乱".repeat(10_000);
    let source = format!("{PROJECT}\n{line}\n");
    assert_sound(&source);
    let compilation = compile(&source, None, &Options::default());
    assert!(compilation
        .diagnostics
        .iter()
        .any(jixiao::Diagnostic::is_error));
    // The same line as a comment is nothing at all.
    assert_sound(&format!("// {line}\n{PROJECT}"));
}

#[test]
fn empty_and_comment_only_files_exit_1_with_a_message() {
    let directory = tempfile::tempdir().expect("temporary directory");
    std::fs::write(directory.path().join("empty.jx"), "").expect("write");
    std::fs::write(
        directory.path().join("comments.jx"),
        "// 只有注释\n".repeat(500),
    )
    .expect("write");
    let output = jixiao_within(&[os("check"), directory.path().as_os_str()], 30);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("文件中没有表单").count(), 2, "{stderr}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_the_others_still_checked() {
    use std::os::unix::fs::PermissionsExt;
    let directory = tempfile::tempdir().expect("temporary directory");
    let secret = directory.path().join("a-secret.jx");
    std::fs::write(&secret, PROJECT).expect("write");
    std::fs::write(directory.path().join("b-open.jx"), PROJECT).expect("write");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&secret).is_ok() {
        // Root (CI runs as root) reads any file whatever its mode: nothing to test here.
        eprintln!("skipped: this user can read a mode-000 file (root?)");
        return;
    }
    let output = jixiao_within(&[os("check"), directory.path().as_os_str()], 30);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("a-secret.jx"), "{stderr}");
    assert!(stderr.contains("检查了 2 个文件、1 个表单"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_neither_hang_nor_crash() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let root = directory.path();
    std::fs::create_dir(root.join("county")).expect("mkdir");
    std::fs::write(root.join("county/form.jx"), PROJECT).expect("write");
    // A directory that links back to its parent, and two files that link to each other.
    std::os::unix::fs::symlink("..", root.join("county/up")).expect("symlink");
    std::os::unix::fs::symlink("b.jx", root.join("county/a.jx")).expect("symlink");
    std::os::unix::fs::symlink("a.jx", root.join("county/b.jx")).expect("symlink");
    let output = jixiao_within(&[os("check"), root.as_os_str()], 30);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The looping links are reported by name; the real form is still checked once.
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a.jx") && stderr.contains("b.jx"),
        "{stderr}"
    );
    assert!(stderr.contains("1 个表单"), "{stderr}");
    // A loop given directly on the command line is a usage error with its name.
    let output = jixiao_within(&[os("check"), root.join("county/a.jx").as_os_str()], 30);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("a.jx"));
}

/// Every file below `directory`, relative, with its bytes: to compare two builds.
fn tree(directory: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(directory)
                    .expect("below")
                    .display()
                    .to_string();
                found.push((relative, std::fs::read(&path).expect("read")));
            }
        }
    }
    found.sort();
    found
}

/// A small workspace: the examples several times over, one form with an error.
fn workspace(root: &std::path::Path, copies: usize) {
    for copy in 0..copies {
        let county = root.join(format!("county-{copy:02}"));
        std::fs::create_dir_all(&county).expect("mkdir");
        std::fs::write(county.join("department.jx"), DEPARTMENT).expect("write");
        std::fs::write(county.join("project.jx"), PROJECT).expect("write");
    }
    std::fs::write(
        root.join("county-00/broken.jx"),
        PROJECT.replacen("实际 2次", "实际 2次 实际 3次", 1),
    )
    .expect("write");
}

#[test]
fn one_and_two_threads_build_byte_identical_outputs_and_leave_no_temporary_file() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let source = directory.path().join("src");
    workspace(&source, 6);
    let mut reports = Vec::new();
    for jobs in ["1", "2"] {
        let out = directory.path().join(format!("out-{jobs}"));
        let output = jixiao_within(
            &[
                os("build"),
                source.as_os_str(),
                os("-o"),
                out.as_os_str(),
                os("--format"),
                os("both"),
                os("--jobs"),
                os(jobs),
            ],
            120,
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "the broken form is an error: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        reports.push(output.stderr);
    }
    let (one, two) = (
        tree(&directory.path().join("out-1")),
        tree(&directory.path().join("out-2")),
    );
    assert_eq!(reports[0], reports[1], "diagnostics in the same order");
    assert_eq!(
        one.iter().map(|(name, _)| name).collect::<Vec<_>>(),
        two.iter().map(|(name, _)| name).collect::<Vec<_>>()
    );
    assert!(one == two, "outputs differ between 1 and 2 threads");
    assert!(one.iter().any(|(name, _)| name == "index.html"));
    assert!(!one.iter().any(|(name, _)| name.contains("broken")));
    assert!(!one.iter().any(|(name, _)| name.ends_with(".tmp")));
}

#[test]
fn check_output_does_not_depend_on_the_number_of_threads() {
    let directory = tempfile::tempdir().expect("temporary directory");
    workspace(directory.path(), 6);
    let run = |jobs: &str| {
        jixiao_within(
            &[
                os("check"),
                directory.path().as_os_str(),
                os("--jobs"),
                os(jobs),
            ],
            60,
        )
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(one.stderr, two.stderr);
    // Piped, the summary carries no time, so two runs are byte-identical.
    assert!(!String::from_utf8_lossy(&one.stderr).contains("用时"));
    let timed = jixiao_within(
        &[os("check"), directory.path().as_os_str(), os("--timings")],
        60,
    );
    assert!(String::from_utf8_lossy(&timed.stderr).contains("用时"));
}

#[cfg(unix)]
#[test]
fn sigint_during_a_build_leaves_no_temporary_file() {
    let directory = tempfile::tempdir().expect("temporary directory");
    let source = directory.path().join("src");
    // Enough forms that the build is still running when the signal arrives (debug build).
    for copy in 0..600 {
        let county = source.join(format!("county-{:02}", copy / 50));
        std::fs::create_dir_all(&county).expect("mkdir");
        std::fs::write(county.join(format!("form-{copy:03}.jx")), DEPARTMENT).expect("write");
    }
    let out = directory.path().join("out");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([os("build"), source.as_os_str(), os("-o"), out.as_os_str()])
        .args(["--format", "both"])
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Wait until the build has written something, then interrupt it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::read_dir(&out).map_or(0, std::iter::Iterator::count) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the build never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let files = tree(&out);
    assert!(
        !files.iter().any(|(name, _)| name.ends_with(".tmp")),
        "temporary files left: {:?}",
        files
            .iter()
            .filter(|(name, _)| name.ends_with(".tmp"))
            .count()
    );
    match output.status.code() {
        // Interrupted: a clear message, and the index of a partial run is not written.
        Some(130) => {
            assert!(stderr.contains("已中断"), "{stderr}");
            assert!(!files.iter().any(|(name, _)| name == "index.html"));
        }
        // The machine was fast enough to finish first: nothing to interrupt.
        Some(0) => eprintln!("the build finished before the signal"),
        other => panic!("exit {other:?}: {stderr}"),
    }
    // Every output written is complete JSON (written whole, then renamed).
    for (name, bytes) in files.iter().filter(|(name, _)| name.ends_with(".json")) {
        assert!(
            serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
            "{name} is not complete JSON"
        );
    }
}

/// A file just under the size limit (64 MiB, about 18,800 forms): read, parsed and reported
/// without a crash, the forms past the limit of 10,000 left out with E0006; a 100 MB file is
/// refused unread.
/// Ignored by default: it takes about a minute in a debug build
/// (`cargo test --release --test robustness -- --ignored`).
#[test]
#[ignore]
fn a_file_at_the_size_limit_is_handled() {
    let mut source = String::with_capacity(jixiao::MAX_FILE_BYTES);
    while source.len() + PROJECT.len() < jixiao::MAX_FILE_BYTES {
        source.push_str(PROJECT);
        source.push('\n');
    }
    let compilation = compile(&source, Some("huge.jx"), &Options::default());
    assert_eq!(compilation.forms.len(), jixiao::MAX_FORMS);
    assert!(compilation
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "E0006"));
    let huge = "\n".repeat(100 * 1024 * 1024);
    let compilation = compile(&huge, Some("huge.jx"), &Options::default());
    assert!(compilation.forms.is_empty());
    assert_eq!(compilation.diagnostics[0].code.as_str(), "E0006");
}

#[test]
fn an_absurd_jobs_count_is_capped_not_obeyed() {
    // `--jobs 100000` once started 14,000 threads for one file and spun for minutes.
    let directory = tempfile::tempdir().expect("temporary directory");
    let file = directory.path().join("form.jx");
    std::fs::write(&file, PROJECT).expect("write");
    let output = jixiao_within(
        &[os("check"), os("--jobs"), os("100000"), file.as_os_str()],
        30,
    );
    assert_eq!(output.status.code(), Some(0));
    let output = jixiao_within(&[os("check"), os("--jobs"), os("0"), file.as_os_str()], 30);
    assert_eq!(output.status.code(), Some(2));
}
