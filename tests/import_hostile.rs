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

/// A second import into the same directory never overwrites a file silently (it may hold hand
/// edits): refused with exit 1 and nothing written, unless `--force`.
#[test]
fn existing_files_are_kept_unless_forced() {
    let directory = tempfile::tempdir().expect("temp dir");
    let out = directory.path().join("out");
    let seed = fixtures().join("renda-2021.txt");
    let run = |extra: &[&str]| {
        let mut arguments = vec![
            "import",
            seed.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ];
        arguments.extend(extra);
        common::run(&arguments)
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    let edited = out.join("项目-人代会及常委会经费.jx");
    std::fs::write(&edited, "// 手工修改\n").expect("edit");
    let again = run(&[]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("已存在") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&edited).expect("read"),
        "// 手工修改\n"
    );
    assert_eq!(run(&["--force"]).status.code(), Some(0));
    assert!(std::fs::read_to_string(&edited)
        .expect("read")
        .contains("人代会及常委会经费"));
}

/// Text copies saved as GBK or UTF-16 (Word's "save as text" on Chinese Windows) import like
/// the UTF-8 copy.
#[test]
fn gbk_and_utf16_text_copies_import() {
    let text = seed();
    let (_, utf8_report, utf8_files) = import("seed.txt", text.as_bytes(), &[]);
    let (gbk, _, malformed) = encoding_rs::GBK.encode(&text);
    assert!(!malformed);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    for (name, bytes) in [("gbk.txt", gbk.into_owned()), ("utf16.txt", utf16)] {
        let (code, report, files) = import(name, &bytes, &[]);
        assert_eq!(code, Some(0), "{name}: {report}");
        assert_eq!(files, utf8_files, "{name}: {report}\n{utf8_report}");
    }
}

/// An input given twice is read once; a `.jx` file or a directory is refused with a message that
/// says what to do, in Chinese.
#[test]
fn odd_inputs_get_plain_messages() {
    let directory = tempfile::tempdir().expect("temp dir");
    let seed = fixtures().join("renda-2021.txt");
    let out = directory.path().join("out");
    let twice = common::run(&[
        "import",
        seed.to_str().expect("utf-8"),
        seed.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(twice.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("只导入一次"));
    assert_eq!(std::fs::read_dir(&out).expect("out").count(), 2);
    let jx = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/renda-2021/department.jx");
    for (input, code, message) in [
        (jx.as_path(), 1, "已经是 .jx 文件"),
        (directory.path(), 2, "是目录"),
        (Path::new("no-such-file.docx"), 2, "找不到文件或目录"),
    ] {
        let output = common::run(&[
            "import",
            input.to_str().expect("utf-8"),
            "-o",
            directory.path().join("o2").to_str().expect("utf-8"),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
}

/// A project name longer than a file name may be is cut in the file name, kept whole in the form;
/// years written with full-width or Chinese digits are read.
#[test]
fn long_names_and_odd_years() {
    let long = "乡村道路建设养护".repeat(15);
    let text = replace_cell(&seed(), "人代会及常委会经费", &long, 0);
    let (code, report, files) = import("long.txt", text.as_bytes(), &[]);
    assert_eq!(code, Some(0), "{report}");
    let (name, source) = files
        .iter()
        .find(|(_, t)| t.contains(&long))
        .expect("the long name is kept in the form");
    assert!(name.len() <= 200, "{name}");
    assert!(source.contains(&format!("\"{long}\" 2021 {{")), "{source}");
    for year in ["（２０２１年度）", "（二〇二一年度）", "（2021 年度）"] {
        let text = seed().replacen("（2021年度）", year, 2);
        let (code, report, files) = import("year.txt", text.as_bytes(), &[]);
        assert_eq!(code, Some(0), "{year}: {report}");
        assert!(files.iter().all(|(_, t)| t.contains(" 2021 {")), "{year}");
    }
}

/// Amounts as people type them are read (`１５５.４１`, `155.41万元`, `1,155.41`); one the budget
/// cannot hold (`-155.41`, `(155.41)`) stays unmapped alone, and the rest of the budget is read.
#[test]
fn amounts_as_typed() {
    for (typed, read) in [
        ("１５５.４１", Some("155.41")),
        ("155.41万元", Some("155.41")),
        ("1,155.41", Some("1155.41")),
        ("1，155.41", Some("1155.41")),
        ("-155.41", None),
        ("(155.41)", None),
    ] {
        let text = replace_cell(&seed(), "155.41", typed, 0);
        let (code, report, files) = import("amounts.txt", text.as_bytes(), &[]);
        assert_eq!(code, Some(0), "{typed}: {report}");
        let project = &files
            .iter()
            .find(|(n, _)| n.starts_with("项目"))
            .expect("project form")
            .1;
        let total_row = project
            .lines()
            .find(|l| l.trim_start().starts_with("合计"))
            .unwrap_or_else(|| panic!("{typed}: no budget:\n{project}"));
        match read {
            Some(amount) => assert!(
                total_row.trim_end().ends_with(amount),
                "{typed}: {total_row}"
            ),
            None => {
                assert!(total_row.trim_end().ends_with('-'), "{typed}: {total_row}");
                assert!(report.contains(&format!(": {typed}")), "{typed}: {report}");
            }
        }
        assert!(
            project.contains("财政拨款") && project.contains("分值 10"),
            "{typed}: the rest of the budget is read:\n{project}"
        );
    }
}

/// A remark written in the caption column of an indicator row is unmapped, never dropped.
#[test]
fn a_remark_in_the_caption_column_is_kept() {
    let needle = "\n\t\n\t\n\t\n\t指标2：开展常委会次数\n";
    let text = seed();
    assert!(text.contains(needle), "fixture changed");
    let text = text.replacen(
        needle,
        "\n\t重要说明：数据来自财务系统\n\t\n\t\n\t指标2：开展常委会次数\n",
        1,
    );
    let (code, report, _) = import("remark.txt", text.as_bytes(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains("未能识别 第") && report.contains("重要说明：数据来自财务系统"),
        "{report}"
    );
}

/// A file is read by what it is, not by its name: a Word file saved as `.doc`, an Excel file
/// named `.docx`; a PDF or an OpenDocument sheet gets a message saying what to do.
#[test]
fn files_are_read_by_their_content() {
    let docx = std::fs::read(fixtures().join("renda-2021.docx")).expect("read docx");
    let xlsx = std::fs::read(fixtures().join("renda-2021.xlsx")).expect("read xlsx");
    for (name, bytes) in [("renamed.doc", &docx), ("renamed.docx", &xlsx)] {
        let (code, report, files) = import(name, bytes, &[]);
        assert_eq!(code, Some(0), "{name}: {report}");
        assert_eq!(files.len(), 2, "{name}: {report}");
    }
    let (code, report, files) = import("form.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", &[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("PDF"), "{report}");
    assert!(files.is_empty());
}

/// Unmapped and skipped cells are named where the user finds them: the Word table, row and cell;
/// the Excel sheet and cell; the line of a text copy.
#[test]
fn cells_are_named_where_the_user_finds_them() {
    let tables = fixtures().join("tables");
    for (file, year, place) in [
        (
            "005-chongqing-kxc-rongmeiti-dept.xlsx",
            "2021",
            "未能识别 表1!B5: O",
        ),
        (
            "005-chongqing-kxc-rongmeiti-dept.docx",
            "2021",
            "未能识别 表格1 第4行第2格: O",
        ),
        (
            "002-tianchang-shuili-fangyu.docx",
            "2022",
            "跳过 表格1 第13行第4格: ……",
        ),
        ("002-tianchang-shuili-fangyu.txt", "2022", "跳过 第"),
    ] {
        let bytes = std::fs::read(tables.join(file)).expect("read fixture");
        let (code, report, _) = import(file, &bytes, &["--year", year]);
        assert_eq!(code, Some(0), "{file}: {report}");
        assert!(report.contains(place), "{file}: {report}");
    }
}

/// A category named like a block of the language (`预算执行情况(10分)` in the 一级指标 column, as
/// a fuzzed copy had it) cannot be written as a category: its block lines become comments, its
/// indicators stay, and the rest of the form is imported.
#[test]
fn a_category_named_like_a_block_is_commented_not_fatal() {
    let copy = std::fs::read_to_string(fixtures().join("tables/004-daying-sifa-anke.txt"))
        .expect("read fixture");
    let text = replace_cell(&copy, "产出指标", "预算执行情况(10分)", 1);
    let (code, report, files) = import("block.txt", text.as_bytes(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(files.len(), 2, "{report}");
    assert!(
        report.contains("无法导入的行: 预算执行情况(10分)"),
        "{report}"
    );
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("// 无法导入: 预算执行情况(10分) {"), "{all}");
}

/// A `"""` in a cell that ends up unmapped (a fuzzed `总数"""` in the budget's sub-header) opens
/// no text block: the rest of the form is read and checked as usual, and a blank amount (`-`) is
/// never written as a keyed budget line.
#[test]
fn triple_quotes_in_an_unmapped_cell_open_nothing() {
    let text = replace_cell(&seed(), "总数", "总数\"\"\"", 0);
    let (code, report, files) = import("quotes.txt", text.as_bytes(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(files.len(), 2, "{report}");
    assert!(report.contains("总数\"\"\""), "{report}");
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(!all.contains("年初预算数 -"), "{all}");
}
