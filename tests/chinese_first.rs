//! Issue 17, part A: Chinese first. Under the default language every line a user sees is
//! Chinese (diagnostics, `--help`, usage errors, I/O errors, `explain`), English under
//! `--lang en`; `jixiao new` writes a form that checks; the Chinese user guide exists, is linked,
//! and its examples compile.

mod common;

use common::{root, run, scratch};
use std::path::Path;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A form with mistakes of several kinds: an error (an unreadable number) and warnings with
/// notes (weights not adding up to 100, a deviation note missing).
const MISTAKES: &str = r#"项目 "测试项目" 2024 {
    资金 万元 {
        财政拨款 100 100 90
        分值 10
    }
    产出指标 {
        数量指标 {
            "培训人次"  目标 ≥500人次  实际 400人次  分值 50
            "培训天数"  目标 5天  实际 5天  分值 三十
        }
    }
}
"#;

fn mistakes_file(name: &str) -> std::path::PathBuf {
    let directory = scratch(name);
    let path = directory.join("有错.jx");
    std::fs::write(&path, MISTAKES).expect("write the form");
    path
}

#[test]
fn check_speaks_only_chinese_by_default() {
    let path = mistakes_file("zh-check");
    let output = run(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    for english in ["Error:", "Warning:", "Help:", "Note", "error", "warning"] {
        assert!(!stderr.contains(english), "`{english}` in\n{stderr}");
    }
    for chinese in ["] 错误: ", "] 警告: ", "帮助: ", "注 1: ", "注: 依据："] {
        assert!(stderr.contains(chinese), "no `{chinese}` in\n{stderr}");
    }
}

#[test]
fn check_speaks_english_with_lang_en() {
    let path = mistakes_file("en-check");
    let output = run(&["check", "--lang", "en", path.to_str().expect("utf-8")]);
    let stderr = text(&output.stderr);
    for english in [
        "] Error: ",
        "] Warning: ",
        "Help: ",
        "Note 1: ",
        "Note: source: ",
    ] {
        assert!(stderr.contains(english), "no `{english}` in\n{stderr}");
    }
    for chinese in ["错误:", "警告:", "帮助:", "注:"] {
        assert!(!stderr.contains(chinese), "`{chinese}` in\n{stderr}");
    }
}

/// The help and notes drawn by jixiao keep ariadne's layout: the margin of the closing line,
/// continuation lines of a multi-line text under its first line, colours only with `--color`.
#[test]
fn help_and_notes_keep_the_report_layout() {
    let path = mistakes_file("layout");
    let output = run(&["check", "--ascii", path.to_str().expect("utf-8")]);
    let stderr = text(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let help = lines
        .iter()
        .position(|line| line.contains("| 帮助: "))
        .expect("a help line");
    let margin = &lines[help][..lines[help].find('|').expect("margin")];
    assert!(margin.chars().all(|c| c == ' '), "{stderr}");
    let close = lines[help..]
        .iter()
        .find(|line| line.ends_with('\''))
        .expect("the closing line");
    assert_eq!(close.len(), margin.len() + 1, "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "no colour codes without --color"
    );
    let coloured = run(&["check", "--color", "always", path.to_str().expect("utf-8")]);
    assert!(text(&coloured.stderr).contains("帮助"));
}

#[test]
fn explain_is_chinese_by_default_and_english_with_lang_en() {
    let output = run(&["explain", "W0302"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("W0302：执行率以年初预算数为基数"),
        "{stdout}"
    );
    for heading in ["会报告什么：", "为什么要紧：", "怎样改：", "依据："] {
        assert!(stdout.contains(heading), "no `{heading}` in\n{stdout}");
    }
    for english in ["What it flags", "Why it matters", "How to fix", "Source"] {
        assert!(!stdout.contains(english), "`{english}` in\n{stdout}");
    }
    let output = run(&["explain", "W0302", "--lang", "en"]);
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("W0302: execution rate"), "{stdout}");
    assert!(stdout.contains("What it flags"), "{stdout}");
    assert!(!stdout.contains("会报告什么"), "{stdout}");
}

#[test]
fn a_mistyped_command_is_a_chinese_usage_error() {
    let output = run(&["chek"]);
    // docs/CLI.md: a usage problem is exit 2.
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("错误: 没有 `chek` 这个命令"), "{stderr}");
    assert!(stderr.contains("是不是要用 `check`？"), "{stderr}");
    assert!(stderr.contains("用法: jixiao <命令>"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(!stderr.contains("Usage"), "{stderr}");

    let output = run(&["check", "--lang", "en", "--colour", "never"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: unexpected argument"), "{stderr}");
}

#[test]
fn usage_errors_name_the_argument_in_chinese() {
    let cases: [(&[&str], &str); 4] = [
        (&["check", "--frmat", "json"], "不认识的参数 `--frmat`"),
        (&["check", "--format", "xml"], "的值 `xml` 无效"),
        (&["build", "examples"], "缺少必需的参数"),
        (&["new", "--year", "1800"], "的值 `1800` 无效"),
    ];
    for (arguments, expected) in cases {
        let output = run(arguments);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("错误: "), "{arguments:?}: {stderr}");
        assert!(stderr.contains(expected), "{arguments:?}: {stderr}");
        assert!(!stderr.contains("error:"), "{arguments:?}: {stderr}");
    }
}

#[test]
fn help_is_chinese_by_default_and_english_with_lang_en() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    for heading in [
        "用法: jixiao <命令>",
        "命令:",
        "选项:",
        "显示帮助",
        "检查文件",
    ] {
        assert!(stdout.contains(heading), "no `{heading}` in\n{stdout}");
    }
    for english in ["Usage", "Commands:", "Options:", "Print help"] {
        assert!(!stdout.contains(english), "`{english}` in\n{stdout}");
    }
    let output = run(&["check", "--help"]);
    let stdout = text(&output.stdout);
    for heading in [
        "用法: jixiao check [选项] [路径]...",
        "参数:",
        "选项:",
        "［默认 human；可选 human、json、ndjson］",
    ] {
        assert!(stdout.contains(heading), "no `{heading}` in\n{stdout}");
    }
    assert!(!stdout.contains("[default"), "{stdout}");
    let output = run(&["check", "--help", "--lang", "en"]);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("Usage: jixiao check [OPTIONS]"), "{stdout}");
    assert!(stdout.contains("Options:"), "{stdout}");
}

#[test]
fn io_errors_are_chinese_by_default() {
    let output = run(&["check", "没有这个文件.jx"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("没有这个文件.jx: 找不到文件或目录"),
        "{stderr}"
    );
    assert!(!stderr.contains("No such file"), "{stderr}");
    let output = run(&["check", "--lang", "en", "没有这个文件.jx"]);
    assert!(text(&output.stderr).contains("No such file"));
}

/// `jixiao new KIND --name --year -o FILE` writes a form that checks with no diagnostic, in
/// both kinds and both languages, and never overwrites a file without `--force`.
#[test]
fn new_writes_a_form_that_checks() {
    let directory = scratch("new-forms");
    for kind in ["项目", "部门整体", "project", "department"] {
        for lang in ["zh", "en"] {
            let path = directory.join(format!("{kind}-{lang}.jx"));
            let file = path.to_str().expect("utf-8");
            let output = run(&[
                "new", kind, "--name", "测试", "--year", "2024", "-o", file, "--lang", lang,
            ]);
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
            let form = std::fs::read_to_string(&path).expect("the form is written");
            assert!(form.contains("\"测试\" 2024 {"), "{form}");
            let comments: String = form
                .lines()
                .filter_map(|line| line.find("//").map(|at| &line[at..]))
                .collect();
            match lang {
                "zh" => assert!(!comments.contains("the "), "{comments}"),
                _ => assert!(comments.contains("Check with"), "{comments}"),
            }
            let check = run(&["check", file]);
            assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
            let summary = text(&check.stderr);
            assert!(summary.contains("0 个错误，0 个警告"), "{summary}");
        }
    }
    let path = directory.join("x.jx");
    let file = path.to_str().expect("utf-8");
    let first = run(&[
        "new", "项目", "--name", "测试", "--year", "2024", "-o", file,
    ]);
    assert_eq!(first.status.code(), Some(0));
    std::fs::write(&path, "手工改过的内容").expect("edit");
    let again = run(&["new", "项目", "-o", file]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("已存在，没有覆盖"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("kept"),
        "手工改过的内容"
    );
    let forced = run(&["new", "部门整体", "-o", file, "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert!(std::fs::read_to_string(&path)
        .expect("rewritten")
        .contains("部门整体"));
    // The flags of before keep working.
    let old = run(&["new", "--department"]);
    assert!(text(&old.stdout).contains("部门整体 \"部门名称\""));
}

/// README.md opens in Chinese with the two set-up commands and links the Chinese guide, whose
/// index links every page; every `jx` example in the guide compiles without a diagnostic.
#[test]
fn the_chinese_guide_is_linked_and_its_examples_compile() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let first = readme.split("\n## English").next().unwrap_or_default();
    assert!(first.contains("## 中文简介"), "README starts in Chinese");
    assert!(first.contains("cargo install"), "install command");
    assert!(first.contains("docs/zh/README.md"), "link to the guide");
    let guide = root().join("docs/zh");
    let index = std::fs::read_to_string(guide.join("README.md")).expect("docs/zh/README.md");
    let mut pages = 0;
    for entry in std::fs::read_dir(&guide).expect("docs/zh") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        if name == "README.md" || !name.ends_with(".md") {
            continue;
        }
        pages += 1;
        assert!(
            index.contains(&format!("]({name})")),
            "docs/zh/README.md does not link {name}"
        );
        let page = std::fs::read_to_string(&path).expect("page");
        for (line, example) in jx_examples(&page) {
            let compilation = jixiao::compile(&example, Some(name), &jixiao::Options::default());
            let codes: Vec<_> = compilation
                .diagnostics
                .iter()
                .map(|diagnostic| diagnostic.code.as_str())
                .collect();
            assert!(codes.is_empty(), "docs/zh/{name}:{line}: {codes:?}");
            assert!(
                !compilation.forms.is_empty(),
                "docs/zh/{name}:{line}: no form"
            );
        }
        for link in relative_links(&page) {
            assert!(
                guide.join(&link).exists(),
                "docs/zh/{name}: broken link {link}"
            );
        }
    }
    assert!(
        pages >= 4,
        "语言速查, 常见问题与诊断, 从 Word/Excel 导入, 发布与比较"
    );
}

/// The ```jx blocks of a Markdown page, with the line each starts on.
fn jx_examples(markdown: &str) -> Vec<(usize, String)> {
    let mut examples = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (number, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_end()) {
            (None, "```jx") => current = Some((number + 1, String::new())),
            (Some(_), "```") => examples.extend(current.take()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    examples
}

/// The targets of `](target)` links that are files of the repository (not web addresses).
fn relative_links(markdown: &str) -> Vec<String> {
    markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|target| !target.contains("://") && !target.starts_with('#'))
        .map(|target| target.split('#').next().unwrap_or_default().to_string())
        .collect()
}

/// The five-minute tour of README.md: the seed form imported, checked (its published mistakes are
/// warnings), built into pages.
#[test]
fn the_tour_of_the_readme_runs() {
    let directory = scratch("tour");
    // The seed form of the README's tour: a published department form saved by Word as text.
    let seed = root().join("tests/fixtures/import/renda-2021.txt");
    let forms = directory.join("表格");
    let output = run(&[
        "import",
        seed.to_str().expect("utf-8"),
        "-o",
        forms.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let pages = directory.join("网页");
    let output = run(&[
        "build",
        forms.to_str().expect("utf-8"),
        "-o",
        pages.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(Path::new(&pages.join("index.html")).exists());
}

/// `serve` on a port another program holds says so in Chinese, from the socket error's kind.
#[test]
fn a_port_in_use_is_said_in_chinese() {
    let Ok(listener) = std::net::TcpListener::bind("127.0.0.1:0") else {
        return;
    };
    let port = listener
        .local_addr()
        .map(|address| address.port().to_string())
        .unwrap_or_default();
    let output = run(&["serve", "examples", "--port", &port]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("地址或端口已被占用"), "{stderr}");
    assert!(!stderr.contains("in use"), "{stderr}");
}

/// An empty file's help (E0102) names `jixiao new` as the guide teaches it (`jixiao new 项目`),
/// not the retired `--project` flag, and the command it names writes a form.
#[test]
fn an_empty_file_suggests_new_as_documented() {
    let directory = scratch("empty-suggests-new");
    let path = directory.join("空.jx");
    std::fs::write(&path, "").expect("write the empty file");
    let output = run(&["check", path.to_str().expect("utf-8")]);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("`jixiao new 项目`"), "{stderr}");
    assert!(!stderr.contains("--project"), "{stderr}");
    let output = run(&["check", "--lang", "en", path.to_str().expect("utf-8")]);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("`jixiao new project`"), "{stderr}");
    let written = directory.join("新.jx");
    let output = run(&["new", "项目", "-o", written.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}
