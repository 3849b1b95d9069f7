//! A department scoring sheet (四川部门整体支出绩效评价计分表) from a text copy, one cell a
//! line: the caption 绩效指标, the columns it does not span (指标分值 指标解释 计分标准 自评得分
//! 备注), then the level columns under it (一级指标 二级指标 三级指标). Its groups are named
//! with their weights, not with the standard categories; its explanation and criterion texts sit
//! between the weight and the score. The copy has no title and no name (the top was cut off).

mod common;

use std::path::Path;

#[test]
fn a_scoring_sheet_tail_is_read_by_its_columns_with_its_weighted_groups() {
    let input =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/scoring-sheet/tail.txt");
    let directory = tempfile::tempdir().expect("temp dir");
    let out = directory.path().join("out");
    let output = common::run(&[
        "import",
        input.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    let report = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{report}");
    // The top is lost: said so, and the cut is reported, never read. Its own labels
    // (部门履职(10分)) say it is a department form (issue 14).
    assert!(
        report.contains("表的开头不在文件中（没有表题、名称和资金），按部门整体表的指标"),
        "{report}"
    );
    assert!(
        report.contains("第39行: [excerpt truncated here]"),
        "{report}"
    );
    let files: Vec<_> = std::fs::read_dir(&out)
        .expect("output directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{report}");
    let text = std::fs::read_to_string(&files[0]).expect("imported file");
    assert!(text.contains("部门整体 \"未填写名称\""), "{text}");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let index = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line `{prefix}` in\n{text}"))
    };
    // 投入管理(20分) holds 预算配置(10分) and 资金管理(10分): its weight is used up by them, so
    // the next weighted label, 履职效能(10分), is a level 1 of its own, with 部门履职(10分) under it.
    let input_group = index("投入管理(20分) {");
    let allocation = index("预算配置(10分) {");
    let funds = index("资金管理(10分) {");
    let duty = index("履职效能(10分) {");
    let duty_children = index("部门履职(10分) {");
    assert!(input_group < allocation && allocation < funds && funds < duty && duty < duty_children);
    // Each row: its weight and score under their columns, the texts between them kept as
    // comments, nothing shifted.
    for (name, weight, score, criterion) in [
        ("\"在职人员控制率\"", "分值 5", "得分 5", "控制率≤100%的"),
        (
            "\"重点支出安排率\"",
            "分值 5",
            "得分 4.5",
            "得分=重点支出安排率×5。",
        ),
        (
            "\"资金使用合规性\"",
            "分值 10",
            "得分 8",
            "发现一例违规扣2分",
        ),
        (
            "\"项目完成率\"",
            "分值 10",
            "得分 10",
            "完成项目数/计划项目数",
        ),
    ] {
        let line = lines[index(name)];
        assert!(
            line.contains(weight) && line.contains(score) && line.contains(criterion),
            "{line}"
        );
    }
    // The group weights add up (20 = 10 + 10, 10 = 10): no group is short of its indicators.
    let messages = common::check_messages(&files[0]);
    assert!(
        !messages.iter().any(|m| m.starts_with("W0203")),
        "{messages:#?}"
    );
}
