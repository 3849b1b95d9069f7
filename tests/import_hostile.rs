//! `jixiao import` on the odd but ordinary things a tester found in real Word, Excel and text
//! copies: each once lost data silently or refused a whole file. Inputs are made from the seed
//! fixtures by small edits, so each test names the one thing it changes.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// The seed text copy (two forms: a department form and a project form).
fn seed() -> String {
    std::fs::read_to_string(fixtures().join("renda-2021.txt")).expect("read seed")
}

/// Replaces the `nth` (0-based) cell line `\t{from}` of `text` by `\t{to}`.
fn replace_cell(text: &str, from: &str, to: &str, nth: usize) -> String {
    let needle = format!("\n\t{from}\n");
    let at = text
        .match_indices(&needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("cell {from} #{nth} not in the seed"))
        .0;
    format!("{}\n\t{to}\n{}", &text[..at], &text[at + needle.len()..])
}

/// Imports `input` (written to a temp file named `file_name`); returns exit code, report, and
/// the written files' texts by name.
fn import(
    file_name: &str,
    input: &[u8],
    extra: &[&str],
) -> (Option<i32>, String, Vec<(String, String)>) {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join(file_name);
    std::fs::write(&path, input).expect("write input");
    let out = directory.path().join("out");
    let mut arguments = vec![
        "import",
        path.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ];
    arguments.extend(extra);
    let output = common::run(&arguments);
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&out) {
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            files.push((name, std::fs::read_to_string(&path).expect("read output")));
        }
    }
    files.sort();
    (output.status.code(), report, files)
}

/// The number of indicators the report gives for the form named `name`.
fn indicators_of(report: &str, name: &str) -> usize {
    report
        .lines()
        .find(|l| l.contains(&format!("「{name}」")))
        .and_then(|l| l.split(": ").last())
        .and_then(|l| l.split(" 个指标").next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count for {name}:\n{report}"))
}

/// A cell that mentions a 自评表 (a remark `详见单位自评表`, an indicator named after one, a note)
/// is no title: the form is not split and no indicator is lost.
#[test]
fn a_cell_mentioning_a_self_evaluation_form_is_no_title() {
    for (from, to, nth) in [
        ("指标1：开展人代会次数", "指标1：完成部门整体自评表填报", 0),
        ("\u{3000}", "详见单位自评表", 0),
    ] {
        let text = replace_cell(&seed(), from, to, nth);
        let (code, report, files) = import("seed.txt", text.as_bytes(), &[]);
        assert_eq!(code, Some(0), "{report}");
        assert_eq!(files.len(), 2, "{to}: {report}");
        assert_eq!(
            indicators_of(&report, "人代会及常委会经费"),
            9,
            "{to}: {report}"
        );
        let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
        let kept = to.trim_start_matches("指标1：");
        assert!(all.contains(kept), "{to} kept:\n{all}");
    }
}

/// A 指标性质 cell says 正向, two things at once, or something the language cannot read: the
/// first two become attributes, the last stays unmapped, and the form is imported either way.
#[test]
fn odd_nature_cells_never_cost_the_form() {
    for (nature, expected, unmapped) in [
        ("正向", "正向", false),
        ("定 量", "定量", false),
        ("定量（正向）", "定量  正向", false),
        ("≥", "指标性质 ≥", false),
        ("/", "", true),
        ("数量", "", true),
    ] {
        let text = replace_cell(&seed(), "定量", nature, 0);
        let (code, report, files) = import("seed.txt", text.as_bytes(), &[]);
        assert_eq!(code, Some(0), "{nature}: {report}");
        assert_eq!(
            indicators_of(&report, "人代会及常委会经费"),
            9,
            "{nature}: {report}"
        );
        let project = &files
            .iter()
            .find(|(n, _)| n.starts_with("项目"))
            .expect("project form")
            .1;
        let line = project
            .lines()
            .find(|l| l.contains("\"开展人代会次数\""))
            .expect("indicator line");
        assert!(line.contains(expected), "{nature}: {line}");
        assert_eq!(
            report.contains(&format!(": {nature}")),
            unmapped,
            "{nature} unmapped: {report}"
        );
    }
}

/// A 自评总得分 that is no number (`无`, `99（分）`) stays unmapped; the form is imported.
#[test]
fn a_total_that_is_no_number_stays_unmapped() {
    for total in ["无", "99（分）", "/"] {
        let text = replace_cell(&seed(), "99", total, 0);
        let (code, report, files) = import("seed.txt", text.as_bytes(), &[]);
        assert_eq!(code, Some(0), "{total}: {report}");
        assert_eq!(files.len(), 2, "{report}");
        assert!(report.contains("未能识别 第"), "{total}: {report}");
        assert!(report.contains(total), "{total}: {report}");
    }
}

/// A Word cell with two paragraphs (Enter inside the cell) is one line in the `.jx`: the name of
/// the form, and of the file, join its lines with a space.
#[test]
fn a_cell_of_two_lines_is_one_line() {
    let bytes = std::fs::read(fixtures().join("renda-2021.docx")).expect("read docx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read entry");
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).expect("utf-8");
            let name_cell = "<w:t>人代会及常委会经费</w:t></w:r></w:p>";
            assert!(xml.contains(name_cell), "fixture changed");
            data = xml
                .replacen(
                    name_cell,
                    &format!("{name_cell}<w:p><w:r><w:t>（2021年追加）</w:t></w:r></w:p>"),
                    1,
                )
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    let docx = out.finish().expect("finish").into_inner();
    let (code, report, files) = import("two-lines.docx", &docx, &[]);
    assert_eq!(code, Some(0), "{report}");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"项目-人代会及常委会经费 （2021年追加）.jx"),
        "{names:?}\n{report}"
    );
    assert!(
        files
            .iter()
            .any(|(_, t)| t.contains("项目 \"人代会及常委会经费 （2021年追加）\" 2021 {")),
        "{files:?}"
    );
}
