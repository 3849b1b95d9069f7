//! `jixiao import` across formats and of what forms print (issue 14): the kind of a form chosen
//! from the evidence it prints, government web pages as they are really published (Word-exported
//! HTML, layout tables, several forms a page, GBK pages, odd spans), and refusals in the user's
//! language.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn tables() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/tables")
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/samples")
}

/// `jixiao import INPUT --dry-run EXTRA…`: (exit code, stdout, stderr).
fn dry_run(input: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut arguments = vec!["import", input.to_str().expect("utf-8 path"), "--dry-run"];
    arguments.extend(extra);
    let output = common::run(&arguments);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// Writes `bytes` to a file named `name` in a fresh directory kept alive by the returned guard.
fn write(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join(name);
    std::fs::write(&path, bytes).expect("write input");
    (directory, path)
}

/// 四川 部门整体支出计分表 (sample 017) prints no title and no name, only the department form's
/// own indicator labels (部门预算管理(80分)): it is a department form, named 未填写名称 because
/// no name is printed anywhere, and the report says which evidence chose the kind.
#[test]
fn a_department_scoring_sheet_is_a_department_form_by_its_labels() {
    let input = samples().join("017-daying-zonggonghui-dept.txt");
    let (code, text, report) = dry_run(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("部门整体 \"未填写名称\" 2020 {"), "{text}");
    assert!(
        report.contains("表的开头不在文件中（没有表题、名称和资金），按部门整体表的指标「部门预算管理(80分)」定为部门整体表"),
        "{report}"
    );
    // With --dry-run the `.jx` text is on stdout and the report on stderr.
    let (_, _, json) = dry_run(&input, &["--format", "json"]);
    let document: Value = serde_json::from_str(&json).expect("json report");
    let form = &document["inputs"][0]["forms"][0];
    assert_eq!(form["kind"], "部门整体", "{form}");
    assert_eq!(
        form["kind_evidence"], "部门整体表的指标「部门预算管理(80分)」",
        "{form}"
    );
}

/// The kind's evidence, whatever the form prints: a blank 单位名称 field, a title naming the
/// unit (which then names the form), a name field written with its value in one cell; a
/// project form's groups never make it a department form.
#[test]
fn the_kind_and_name_come_from_what_the_form_prints() {
    let indicators = "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n\n\
        产出指标\n数量指标\n培训人次\n≥100人次\n120人次\n50\n50\n\n\
        效益指标\n社会效益指标\n服务对象满意度\n≥90%\n95%\n50\n50\n\n";
    // A blank 单位名称: a unit's (department) form, still unnamed.
    let blank_unit = format!("单位名称\n\n\n{indicators}");
    let (_directory, input) = write("a.txt", blank_unit.as_bytes());
    let (code, text, report) = dry_run(&input, &["--year", "2022"]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("部门整体 \"未填写名称\" 2022 {"), "{text}");
    assert!(
        report.contains("按「单位名称」栏定为部门整体表"),
        "{report}"
    );
    // The unit in the title names the form, and the report asks to check it.
    let titled = format!("示范县文化馆2022年度部门整体支出绩效自评表\n\n{indicators}");
    let (_directory, input) = write("b.txt", titled.as_bytes());
    let (code, text, report) = dry_run(&input, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("部门整体 \"示范县文化馆\" 2022 {"), "{text}");
    assert!(report.contains("名称取自表题"), "{report}");
    // A generic title or an administrative level names nothing.
    for title in [
        "部门整体支出绩效自评表（2022年度）",
        "四川省省级2022年度部门整体支出绩效自评表",
    ] {
        let (_directory, input) = write("c.txt", format!("{title}\n\n{indicators}").as_bytes());
        let (code, text, report) = dry_run(&input, &[]);
        assert_eq!(code, Some(0), "{report}");
        assert!(
            text.contains("部门整体 \"未填写名称\" 2022 {"),
            "{title}: {text}"
        );
    }
    // `项目名称：…` in one cell names a project form.
    let inline = format!("项目名称：乡村文化培训\n\n{indicators}");
    let (_directory, input) = write("d.txt", inline.as_bytes());
    let (code, text, report) = dry_run(&input, &["--year", "2022"]);
    assert_eq!(code, Some(0), "{report}");
    assert!(text.contains("项目 \"乡村文化培训\" 2022 {"), "{text}");
    // A project form's groups (项目决策, 产出指标) never make it a department form.
    let (code, text, _) = dry_run(
        &tables().join("011-guangshui-jiaotong-xiangcundaolu.txt"),
        &["--year", "2021"],
    );
    assert_eq!(code, Some(0));
    assert!(text.lines().any(|l| l.starts_with("项目 \"")), "{text}");
}
