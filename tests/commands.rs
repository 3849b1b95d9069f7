//! Every command has the same front half: the workspace `jixiao.toml` and `--lang` mean the same
//! to `check`, `build`, `diff`, `fmt`, `import` and `explain`.

mod common;

use common::{root, run, scratch};
use serde_json::Value;
use std::path::Path;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A workspace `old/` + `new/` holding the 2021 and 2022 department forms, with a
/// `jixiao.toml` naming `profile` when given. The execution weight line (`分值 10`) is taken out
/// of the budget blocks, so that the profile decides the weight.
fn workspace(name: &str, profile: Option<&str>) -> std::path::PathBuf {
    let directory = scratch(name);
    // The workspace is its own repository: `jixiao.toml` is looked up from `new/` upwards only
    // inside one, and the scratch directory is in one only when the target directory is (not
    // with `CARGO_TARGET_DIR=/tmp/…`).
    std::fs::create_dir_all(directory.join(".git")).unwrap();
    for (side, year) in [("old", "2021"), ("new", "2022")] {
        std::fs::create_dir_all(directory.join(side)).unwrap();
        let source =
            std::fs::read_to_string(root().join(format!("examples/renda-{year}/department.jx")))
                .unwrap();
        let without_weight: String = source
            .lines()
            .filter(|line| line.trim() != "分值 10")
            .map(|line| format!("{line}\n"))
            .collect();
        std::fs::write(directory.join(side).join("department.jx"), without_weight).unwrap();
    }
    if let Some(profile) = profile {
        std::fs::write(
            directory.join("jixiao.toml"),
            format!("profile = \"{profile}\"\n"),
        )
        .unwrap();
    }
    directory
}

/// `(execution_score, total)` computed by `build --format json` for the form in `directory`.
fn built_figures(directory: &Path, name: &str) -> (String, String) {
    let output = scratch(name);
    let result = run(&[
        "build",
        directory.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(output.join("department.json")).unwrap())
            .unwrap();
    (
        json["budget"]["execution_score"]["computed"]
            .as_str()
            .unwrap()
            .to_string(),
        json["total"]["computed"].as_str().unwrap().to_string(),
    )
}

/// The new side's value of `field` among the changes of `diff --format json`.
fn diffed(document: &Value, field: &str) -> Option<String> {
    let form = &document["forms"][0];
    ["budget", "totals", "header"]
        .iter()
        .filter_map(|section| form[*section].as_array())
        .flatten()
        .find(|change| change["field"] == field)
        .and_then(|change| change["new"].as_str().map(str::to_string))
}

#[test]
fn diff_compiles_under_the_workspace_jixiao_toml_like_build() {
    let directory = workspace("diff-workspace", Some("execution-20"));
    let (score, total) = built_figures(&directory.join("new"), "diff-workspace-out");
    // Without the workspace file the same form scores differently: the test can fail.
    let plain = workspace("diff-plain", None);
    let (plain_score, _) = built_figures(&plain.join("new"), "diff-plain-out");
    assert_ne!(
        score, plain_score,
        "execution-20 changes the execution score"
    );

    let result = run(&[
        "diff",
        directory.join("old").to_str().unwrap(),
        directory.join("new").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    let document: Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(
        diffed(&document, "execution_score").as_deref(),
        Some(score.as_str())
    );
    if let Some(diffed_total) = diffed(&document, "total") {
        assert_eq!(diffed_total, total);
    }
}

#[test]
fn fmt_speaks_english_with_lang_en() {
    let directory = scratch("fmt-english");
    let file = directory.join("form.jx");
    let source =
        std::fs::read_to_string(root().join("examples/renda-2021/project-congress-meetings.jx"))
            .unwrap();
    std::fs::write(&file, source.replace("    ", "  ")).unwrap();
    let result = run(&["fmt", "--check", "--lang", "en", file.to_str().unwrap()]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not formatted"), "{stderr}");
    assert!(!stderr.contains("需要格式化"), "{stderr}");
    let missing = run(&["fmt", "--lang", "en", "no-such-file.jx"]);
    assert!(
        text(&missing.stderr).contains("error: "),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn diff_speaks_english_with_lang_en() {
    let result = run(&[
        "diff",
        "--lang",
        "en",
        root().join("examples/renda-2021").to_str().unwrap(),
        root()
            .join("examples/renda-2022/project-congress-meetings.jx")
            .to_str()
            .unwrap(),
    ]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: compare two files or two directories"),
        "{stderr}"
    );
}

#[test]
fn import_speaks_english_with_lang_en() {
    let output = scratch("import-english");
    let result = run(&[
        "import",
        "--lang",
        "en",
        root().join("examples").to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: ") && stderr.contains("is a directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("错误"), "{stderr}");
}

#[test]
fn explain_speaks_english_with_lang_en() {
    let result = run(&["explain", "--lang", "en", "W0302"]);
    let stdout = text(&result.stdout);
    assert!(result.status.success());
    assert!(stdout.starts_with("W0302: "), "{stdout}");
    assert!(stdout.contains("How to fix: "), "{stdout}");
    assert!(!stdout.contains("\n（"), "no Chinese help line: {stdout}");
    let unknown = run(&["explain", "--lang", "en", "W9999"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).starts_with("error: no diagnostic code"));
    let list = run(&["explain", "--lang", "en"]);
    let first = text(&list.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(first.is_ascii(), "English titles: {first}");
}

#[test]
fn the_json_records_the_workspace_file_and_its_settings() {
    let directory = workspace("workspace-record", Some("execution-20"));
    std::fs::write(
        directory.join("jixiao.toml"),
        "profile = \"execution-20\"\n[settings]\ntolerance = \"0.5\"\n",
    )
    .unwrap();
    let output = scratch("workspace-record-out");
    let result = run(&[
        "build",
        directory.join("new").to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(output.join("department.json")).unwrap())
            .unwrap();
    let workspace = &json["workspace"];
    assert!(
        workspace["file"].as_str().unwrap().ends_with("jixiao.toml"),
        "{workspace}"
    );
    assert_eq!(workspace["profile"], "execution-20");
    assert_eq!(workspace["settings"][0], "tolerance = 0.5");
    // Without a workspace file, no record.
    let plain = workspace_without_toml("workspace-record-plain");
    let plain_output = scratch("workspace-record-plain-out");
    let result = run(&[
        "build",
        plain.to_str().unwrap(),
        "-o",
        plain_output.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(plain_output.join("department.json")).unwrap(),
    )
    .unwrap();
    assert!(json["workspace"].is_null(), "{}", json["workspace"]);
}

fn workspace_without_toml(name: &str) -> std::path::PathBuf {
    workspace(name, None).join("new")
}
