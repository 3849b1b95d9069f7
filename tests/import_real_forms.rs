//! `jixiao import` on real forms it was not built on (issue 14): headers found by their columns
//! when a caption is lost, money units and totals as the header prints them, web pages, and
//! never a silent failure.

mod common;

use std::path::{Path, PathBuf};

fn tables() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/tables")
}

/// Imports `input` into a fresh directory; returns the exit code, the report and the `.jx` texts
/// (sorted by file name, the unmapped-cell comment lines left out: their places differ between
/// inputs).
fn import(input: &Path, extra: &[&str]) -> (Option<i32>, String, Vec<(String, String)>) {
    let directory = tempfile::tempdir().expect("temp dir");
    let out = directory.path().join("out");
    let mut arguments = vec![
        "import",
        input.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
        "--year",
        "2020",
    ];
    arguments.extend(extra);
    let output = common::run(&arguments);
    let report = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&out)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let text = std::fs::read_to_string(e.path()).expect("read import");
                    let kept: Vec<&str> =
                        text.lines().filter(|l| !l.starts_with("//   ")).collect();
                    (e.file_name().to_string_lossy().to_string(), kept.join("\n"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    (output.status.code(), report, files)
}

/// Writes `text` to a file named `name` in a fresh directory kept alive by the returned guard.
fn write(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join(name);
    std::fs::write(&path, text).expect("write input");
    (directory, path)
}

/// The captions a layout prints over its indicator columns (merged over the whole table).
const CAPTIONS: &[&str] = &[
    "绩效指标",
    "年度绩效指标",
    "年度绩效指标完成情况",
    "绩效指标(90分)",
    "四、年度绩效指标完成情况",
];

/// Issue 14: one form lost all its indicators because the `绩效指标` caption cell before the
/// column headers was merged away. Every layout fixture with such a caption imports the same
/// indicators from a text copy without it.
#[test]
fn a_text_copy_without_its_indicator_caption_yields_every_indicator() {
    let mut tried = 0;
    for entry in std::fs::read_dir(tables()).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let lines: Vec<&str> = text.split('\n').collect();
        let Some(at) = lines.iter().position(|l| CAPTIONS.contains(&l.trim())) else {
            continue;
        };
        let mut without = lines.clone();
        without.remove(at);
        let (_guard, copy) = write("copy.txt", &without.join("\n"));
        let (code, report, files) = import(&path, &[]);
        let (code_without, report_without, files_without) = import(&copy, &[]);
        assert_eq!(code, Some(0), "{}: {report}", path.display());
        assert_eq!(
            code_without,
            Some(0),
            "{}: {report_without}",
            path.display()
        );
        assert_eq!(
            files_without,
            files,
            "{} without its caption `{}`:\n{report_without}",
            path.display(),
            lines[at].trim()
        );
        assert!(files
            .iter()
            .any(|(_, t)| t.contains(" 得分 ") || t.contains(" 目标 ")));
        tried += 1;
    }
    assert!(tried >= 8, "only {tried} fixtures have a caption");
}

/// The budget table's caption (`项目资金(万元)`, merged over its rows) lost from the header row:
/// every amount, rate and score stays under its own header cell, never shifted by one column
/// (a shift made `得分 10` an `执行率 10` and `执行率 100%` a weight).
#[test]
fn a_budget_without_its_caption_keeps_every_cell_under_its_header() {
    for name in [
        "002-tianchang-shuili-fangyu",
        "006-lijiang-gucheng-weipian",
        "003-qingshen-fagai-gongzi",
        "012-hengshan-liangshi-chubeiliang",
    ] {
        let path = tables().join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let lines: Vec<&str> = text.split('\n').collect();
        let at = lines
            .iter()
            .position(|l| {
                let l = l.trim();
                (l.starts_with("项目资金") || l.starts_with("预算执行情况"))
                    && l.chars().count() < 20
            })
            .expect("a budget caption");
        let mut without = lines.clone();
        without.remove(at);
        let (_guard, copy) = write("copy.txt", &without.join("\n"));
        let (_, _, files) = import(&path, &[]);
        let (code, report, files_without) = import(&copy, &[]);
        assert_eq!(code, Some(0), "{name}: {report}");
        let budget = |files: &[(String, String)]| -> Vec<String> {
            files
                .iter()
                .flat_map(|(_, t)| t.lines())
                .skip_while(|l| !l.trim_start().starts_with("资金"))
                .take_while(|l| l.trim() != "}")
                .map(str::to_string)
                .collect()
        };
        assert_eq!(budget(&files_without), budget(&files), "{name}:\n{report}");
    }
}
