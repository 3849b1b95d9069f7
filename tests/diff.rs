//! `jixiao diff`: the year-over-year diff of the renda examples (JSON and text snapshots), exit
//! codes, directory mode, HTML escaping and the git external-diff recipe of docs/GIT.md.

mod common;

use jixiao::diff::{self, DiffDocument, Status};
use jixiao::{compile, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn evaluations(relative: &str) -> Vec<jixiao::model::Evaluation> {
    let source = std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|error| panic!("{relative}: {error}"));
    let compilation = compile(&source, Some(relative), &Options::default());
    assert!(
        compilation.forms.iter().all(|form| !form.has_errors),
        "{relative} has errors"
    );
    compilation
        .forms
        .into_iter()
        .map(|form| form.evaluation)
        .collect()
}

fn diff_files(old: &str, new: &str) -> DiffDocument {
    let (old_forms, new_forms) = (evaluations(old), evaluations(new));
    let old_side: Vec<_> = old_forms
        .iter()
        .map(|form| (Some(old.to_string()), form))
        .collect();
    let new_side: Vec<_> = new_forms
        .iter()
        .map(|form| (Some(new.to_string()), form))
        .collect();
    diff::diff_sides(&old_side, &new_side)
}

const OLD: &str = "examples/renda-2021/department.jx";
const NEW: &str = "examples/renda-2022/department.jx";

#[test]
fn department_json_lists_budget_indicators_and_total() {
    let document = diff_files(OLD, NEW);
    let json = serde_json::to_string_pretty(&document).unwrap_or_default();
    insta::assert_snapshot!(json);
    let form = &document.forms[0];
    assert!(!document.equal);
    // The budget change, with absolute and relative change.
    let total_row = &form.budget_rows[0];
    let executed = total_row
        .changes
        .iter()
        .find(|change| change.field == "executed");
    assert_eq!(
        executed.map(|change| (change.delta.as_deref(), change.percent.as_deref())),
        Some((Some("278.51609"), Some("18.32")))
    );
    // Added, renamed (same id) and changed indicators.
    let added: Vec<_> = form
        .indicators
        .iter()
        .filter(|i| i.status == Status::Added)
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(
        added[0].new.as_ref().map(|side| side.name.as_str()),
        Some("开展执法检查次数")
    );
    let renamed: Vec<_> = form.indicators.iter().filter(|i| i.renamed).collect();
    assert_eq!(renamed.len(), 1);
    assert_eq!(
        renamed[0].new.as_ref().map(|side| side.id.as_str()),
        Some("调研次数")
    );
    assert!(form.indicators.iter().any(|indicator| indicator
        .changes
        .iter()
        .any(|change| change.field == "target" && change.new.as_deref() == Some("10次"))));
    assert_eq!(form.total.new.as_deref(), Some("98.84"));
    assert_ne!(form.total.old, form.total.new);
}

#[test]
fn department_html_is_the_page_tera_rendered() {
    fn pairs<'a>(
        forms: &'a [jixiao::model::Evaluation],
        name: &str,
    ) -> Vec<(Option<String>, &'a jixiao::model::Evaluation)> {
        forms
            .iter()
            .map(|form| (Some(name.to_string()), form))
            .collect()
    }
    // The page is written in Rust since issue 19g; this snapshot was taken from the Tera
    // template it replaced (`jixiao diff --format html` byte-identical before and after on
    // these examples, on a pair of equal forms and on directories with unpaired forms).
    let old_side = evaluations(OLD);
    let new_side = evaluations(NEW);
    // Both sides, and one form on one side only (the unpaired table).
    let mut new_pairs = pairs(&new_side, NEW);
    let project = evaluations("examples/renda-2022/project-congress-meetings.jx");
    new_pairs.extend(pairs(&project, "项目 <\"甲\" & '乙'>.jx"));
    let document = diff::diff_sides(&pairs(&old_side, OLD), &new_pairs);
    let html = diff::to_html(&document).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        html.contains("项目 &lt;&quot;甲&quot; &amp; &#39;乙&#39;&gt;.jx"),
        "{html}"
    );
    insta::assert_snapshot!(html);
}

#[test]
fn department_text_is_aligned() {
    let text = diff::to_text(
        &diff_files(OLD, NEW),
        diff::Rendering {
            color: false,
            detail: true,
        },
    );
    insta::assert_snapshot!(text);
    assert!(!text.contains('\x1b'), "no colour when not asked for");
}

#[test]
fn project_moves_and_added_fund_rows() {
    let document = diff_files(
        "examples/renda-2021/project-congress-meetings.jx",
        "examples/renda-2022/project-congress-meetings.jx",
    );
    let form = &document.forms[0];
    assert!(form.indicators.iter().any(|indicator| indicator.moved
        && indicator
            .new
            .as_ref()
            .and_then(|side| side.level2.as_deref())
            == Some("生态效益指标")));
    assert!(form
        .budget_rows
        .iter()
        .any(|row| row.status == Status::Added && row.label == "上年结转"));
}

#[test]
fn a_form_equals_itself() {
    let document = diff_files(OLD, OLD);
    assert!(document.equal);
    assert!(document.forms[0].equal);
}

#[test]
fn html_is_self_contained_and_escaped() {
    let evil = "部门整体 \"<script>alert(1)</script>\" 2021 {\n    资金 万元 {\n        年初预算数 10\n        全年预算数 10\n        全年执行数 10\n        分值 10\n    }\n    产出指标 {\n        数量指标 {\n            \"<b>x</b>\" 目标 1次 实际 1次 分值 90\n        }\n    }\n}\n";
    let changed = evil.replace("实际 1次", "实际 2次");
    let compile_one = |source: &str| {
        compile(source, Some("evil.jx"), &Options::default())
            .forms
            .into_iter()
            .map(|form| form.evaluation)
            .collect::<Vec<_>>()
    };
    let (old, new) = (compile_one(evil), compile_one(&changed));
    let document = diff::diff_sides(&[(None, &old[0])], &[(None, &new[0])]);
    let html = diff::to_html(&document).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<b>x</b>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    assert!(html.contains("<style>"));
}

fn jixiao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

#[test]
fn exit_codes_follow_diff() {
    let run = |args: &[&str]| {
        jixiao()
            .current_dir(root())
            .args(args)
            .output()
            .map_or_else(|error| panic!("{error}"), |output| output.status.code())
    };
    assert_eq!(run(&["diff", OLD, OLD]), Some(0));
    assert_eq!(run(&["diff", OLD, NEW]), Some(1));
    assert_eq!(run(&["diff", OLD, NEW, "--format", "json"]), Some(1));
    assert_eq!(run(&["diff", OLD, NEW, "--format", "html"]), Some(1));
    assert_eq!(run(&["diff", OLD, "no/such/file.jx"]), Some(2));
    assert_eq!(run(&["diff", "examples/renda-2021", NEW]), Some(2));
    assert_eq!(run(&["diff", OLD, "tests/errors/E0001_syntax.jx"]), Some(2));
}

#[test]
fn directories_pair_forms_by_kind_and_name() {
    let temporary = std::env::temp_dir().join(format!("jixiao-diff-dirs-{}", std::process::id()));
    let (old_dir, new_dir) = (temporary.join("2021"), temporary.join("2022"));
    for directory in [&old_dir, &new_dir] {
        std::fs::create_dir_all(directory).unwrap_or_else(|error| panic!("{error}"));
    }
    let copy = |from: &str, to: &Path| {
        std::fs::copy(root().join(from), to).unwrap_or_else(|error| panic!("{error}"));
    };
    copy(OLD, &old_dir.join("department.jx"));
    copy(
        "examples/renda-2021/project-congress-meetings.jx",
        &old_dir.join("project.jx"),
    );
    copy(NEW, &new_dir.join("dept.jx"));
    let output = jixiao()
        .args(["diff"])
        .arg(&old_dir)
        .arg(&new_dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text.contains("部门整体 区人大常委会办公室  2021 → 2022"),
        "{text}"
    );
    assert!(text.contains("仅在旧版"), "{text}");
    assert!(text.contains("人代会及常委会经费"), "{text}");
    let _ = std::fs::remove_dir_all(&temporary);
}

/// The recipe of docs/GIT.md: `git diff` of a `.jx` file shows the semantic diff.
#[test]
fn git_external_diff_recipe() {
    let git_available = Command::new("git").arg("--version").output().is_ok();
    if !git_available {
        eprintln!("git not installed: skipped");
        return;
    }
    let repository = std::env::temp_dir().join(format!("jixiao-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repository);
    std::fs::create_dir_all(&repository).unwrap_or_else(|error| panic!("{error}"));
    let git = |args: &[&str]| common::git(&repository, args);
    git(&["init", "-q"]);
    git(&["config", "user.email", "test@example.com"]);
    git(&["config", "user.name", "test"]);
    let binary = env!("CARGO_BIN_EXE_jixiao");
    git(&[
        "config",
        "diff.jixiao.command",
        &format!("{binary} diff --git-external"),
    ]);
    std::fs::write(repository.join(".gitattributes"), "*.jx diff=jixiao\n")
        .unwrap_or_else(|error| panic!("{error}"));
    std::fs::copy(root().join(OLD), repository.join("department.jx"))
        .unwrap_or_else(|error| panic!("{error}"));
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "2021"]);
    std::fs::copy(root().join(NEW), repository.join("department.jx"))
        .unwrap_or_else(|error| panic!("{error}"));
    let shown = git(&["diff"]);
    assert!(shown.contains("~ 改名"), "{shown}");
    assert!(shown.contains("+ 新增"), "{shown}");
    git(&["commit", "-q", "-am", "2022"]);
    let log = git(&["log", "-p", "--ext-diff", "-1"]);
    assert!(log.contains("自评总得分"), "{log}");
    let _ = std::fs::remove_dir_all(&repository);
}
