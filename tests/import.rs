//! `jixiao import`: plain-text copies (one cell a line) of filed forms become `.jx` files.
//!
//! Acceptance: the seed text (`tests/fixtures/import/renda-2021.txt`, a copy of
//! `../shared/seeds/000_4b5281433b805d10.txt`) imports into two files whose `jixiao build
//! --format json` equals that of the hand-written `examples/renda-2021/` files in every value.
//! Normalised before comparing: the diagnostics' positions (file, line, column, byte range: the
//! generated files are laid out differently) and the indicators' `id`, because the hand-written
//! department form gives one indicator an explicit cross-year identity (`id 调研次数`) that the
//! filed form does not contain.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/renda-2021.txt")
}

/// Builds `input` (a file) to JSON in a fresh directory and returns the parsed document.
fn build_json(input: &Path) -> Value {
    let out = tempfile::tempdir().expect("temp dir");
    let output = common::run(&[
        "build",
        input.to_str().expect("utf-8 path"),
        "-o",
        out.path().to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    let written: Vec<PathBuf> = std::fs::read_dir(out.path())
        .expect("read output")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(
        written.len(),
        1,
        "build of {} wrote {written:?}: {}",
        input.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&written[0]).expect("read json");
    serde_json::from_str(&text).expect("valid json")
}

/// Drops what legitimately differs between a hand-written and an imported file.
fn normalise(mut document: Value) -> Value {
    // The workspace is where a file lies (examples/jixiao.toml chooses the pages' headers),
    // not what the form says.
    if let Some(object) = document.as_object_mut() {
        object.remove("workspace");
    }
    if let Some(diagnostics) = document
        .get_mut("diagnostics")
        .and_then(Value::as_array_mut)
    {
        for diagnostic in diagnostics {
            strip_positions(diagnostic);
        }
    }
    if let Some(indicators) = document.get_mut("indicators").and_then(Value::as_array_mut) {
        for indicator in indicators {
            if let Some(object) = indicator.as_object_mut() {
                object.remove("id");
            }
        }
    }
    document
}

fn strip_positions(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for key in ["file", "line", "column", "start", "end"] {
                object.remove(key);
            }
            for (_, child) in object.iter_mut() {
                strip_positions(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

#[test]
fn the_seed_text_imports_into_the_hand_written_examples() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = common::run(&[
        "import",
        fixture().to_str().expect("utf-8 path"),
        "-o",
        out.path().to_str().expect("utf-8 path"),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("2 张表"), "{stdout}");
    assert!(
        stdout.contains("9 个指标, 0 个未能识别的单元格"),
        "{stdout}"
    );
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/renda-2021");
    for (imported, example) in [
        ("部门整体-区人大常委会办公室.jx", "department.jx"),
        ("项目-人代会及常委会经费.jx", "project-congress-meetings.jx"),
    ] {
        let imported = out.path().join(imported);
        assert!(
            imported.is_file(),
            "{} missing: {stdout}",
            imported.display()
        );
        let source = std::fs::read_to_string(&imported).expect("read import");
        assert!(!source.contains("未能识别"), "{source}");
        let formatted = jixiao::fmt::format(&source, jixiao::fmt::FormatOptions::default())
            .expect("the import formats");
        assert_eq!(formatted, source, "the import is in the canonical layout");
        // The import writes the title the seed prints (`表名 "部门整体绩效目标自评表"`, issue
        // 14), as the hand-written department example does.
        if example == "department.jx" {
            assert!(
                source.contains("    表名 \"部门整体绩效目标自评表\""),
                "{source}"
            );
        }
        let actual = normalise(build_json(&imported));
        let expected = normalise(build_json(&examples.join(example)));
        assert_eq!(
            actual, expected,
            "{example}: imported JSON differs\n--- imported source ---\n{source}"
        );
    }
}

#[test]
fn unplaceable_cells_are_listed_at_the_top_and_placeholders_are_skipped() {
    let seed = std::fs::read_to_string(fixture()).expect("read fixture");
    // A stray row after the department's header, and a placeholder indicator row.
    let marker = "\t联系人\n";
    let at = seed.find(marker).expect("联系人 row");
    let mut text = seed.clone();
    text.insert_str(at, "\t备注栏\n\t随便写的\n\n");
    let total = text.find("\t绩效指标总分").expect("total row");
    let placeholder = "\t\n\t\n\t\n\t指标3：\n\t\n\t\n\t\n\t\n\t\n\t\n\t\n\n";
    let row_start = text[..total].rfind("\n\n").expect("row start") + 2;
    text.insert_str(row_start, placeholder);
    let forms = jixiao::import::import_text(&text).expect("imports");
    assert_eq!(forms.len(), 2);
    let department = &forms[0];
    assert_eq!(department.indicators, 9);
    assert_eq!(department.unmapped.len(), 2, "{:?}", department.unmapped);
    assert_eq!(department.skipped.len(), 1, "{:?}", department.skipped);
    assert!(
        department
            .source
            .starts_with("// 未能识别:\n//   第11行: 备注栏\n//   第12行: 随便写的\n"),
        "{}",
        department.source
    );
    let compiled = jixiao::compile(&department.source, None, &jixiao::Options::default());
    assert_eq!(compiled.forms.len(), 1);
    assert!(!compiled.forms[0].has_errors);
}

#[test]
fn garbage_in_is_refused_with_exit_1_and_no_output() {
    let directory = tempfile::tempdir().expect("temp dir");
    let garbage = directory.path().join("notes.txt");
    std::fs::write(&garbage, "\t购物清单\n\t苹果\n\n\t香蕉\n").expect("write");
    let out = directory.path().join("out");
    let output = common::run(&[
        "import",
        garbage.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("没有找到绩效自评表"), "{stderr}");
    assert!(!out.exists(), "no output directory for garbage");
    assert!(matches!(
        jixiao::import::import_text(""),
        Err(jixiao::import::ImportError::NoForm)
    ));
    assert!(jixiao::import::import_text("\u{0}\u{feff}\t\t\n\n\n").is_err());
}

/// Every prefix of every text fixture (the seed, the sample copies and the layouts of `tables/`),
/// and every
/// copy with one line removed, imports or is refused as no form (or no year): never a panic, and
/// never a generated text that the formatter refuses.
#[test]
fn truncated_or_damaged_copies_never_panic() {
    let mut copies = Vec::new();
    for directory in [fixtures(), fixtures().join("tables")] {
        for entry in std::fs::read_dir(directory).expect("read fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                copies.push(path);
            }
        }
    }
    assert!(copies.len() >= 13, "{copies:?}");
    for copy in copies {
        let text = std::fs::read_to_string(&copy).expect("read fixture");
        let lines: Vec<&str> = text.lines().collect();
        for cut in 0..=lines.len() {
            let mut damaged = lines.clone();
            if cut < damaged.len() {
                damaged.remove(cut);
            }
            for input in [lines[..cut].join("\n"), damaged.join("\n")] {
                // The importer never writes a text its own formatter refuses.
                if let Err(error @ jixiao::import::ImportError::Unformattable { .. }) =
                    jixiao::import::import_text(&input)
                {
                    panic!("{}, cut at line {cut}: {error}", copy.display());
                }
            }
        }
    }
}

/// The fixture directory `tests/fixtures/import/`.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// Runs `jixiao import input -o out` and returns the written files' names and texts, sorted.
fn import_files(input: &Path, out: &Path) -> Vec<(String, String)> {
    let output = common::run(&[
        "import",
        input.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}: stdout: {}\nstderr: {}",
        input.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files: Vec<(String, String)> = std::fs::read_dir(out)
        .expect("read output")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8 name")
                .to_string();
            (name, std::fs::read_to_string(&path).expect("read import"))
        })
        .collect();
    files.sort();
    files
}

/// The Word and Excel fixtures (made by `make_fixtures.py` from the seed text, with merged
/// level-1/level-2 cells) import into exactly the `.jx` text of the text copy, which
/// `the_seed_text_imports_into_the_hand_written_examples` compares with `examples/renda-2021/`.
#[test]
fn word_and_excel_fixtures_import_like_the_text_copy() {
    let directory = tempfile::tempdir().expect("temp dir");
    let expected = import_files(&fixture(), &directory.path().join("txt"));
    assert_eq!(expected.len(), 2, "{expected:?}");
    for extension in ["docx", "xlsx"] {
        let input = fixtures().join(format!("renda-2021.{extension}"));
        let actual = import_files(&input, &directory.path().join(extension));
        assert_eq!(
            actual, expected,
            "{extension} import differs from the text copy"
        );
    }
    // The fixtures really hold merged cells, so the merge handling is exercised.
    let bytes = std::fs::read(fixtures().join("renda-2021.docx")).expect("read docx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("docx is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/document.xml").expect("document"),
        &mut xml,
    )
    .expect("read document");
    assert!(xml.contains("<w:vMerge/>") && xml.contains("<w:gridSpan"));
    let bytes = std::fs::read(fixtures().join("renda-2021.xlsx")).expect("read xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").expect("sheet"),
        &mut xml,
    )
    .expect("read sheet");
    assert!(xml.contains("<mergeCell ref=\"A11:A20\"/>"), "{xml}");
}

/// Corrupt, truncated, password-protected (OLE compound) and table-less Word and Excel files
/// are refused with a message naming the file, exit 1, and no output.
#[test]
fn corrupt_word_and_excel_files_are_refused_with_exit_1_and_no_output() {
    let directory = tempfile::tempdir().expect("temp dir");
    let docx = std::fs::read(fixtures().join("renda-2021.docx")).expect("read docx");
    let xlsx = std::fs::read(fixtures().join("renda-2021.xlsx")).expect("read xlsx");
    let mut compound = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    compound.resize(4096, 0);
    // A valid .docx whose body has a paragraph and no table.
    let no_table = docx_with_body("<w:p><w:r><w:t>部门整体绩效目标自评表</w:t></w:r></w:p>");
    // A valid .docx whose one table is something else (a timetable).
    let cell = |text: &str| format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>");
    let timetable = docx_with_body(&format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell("星期一"),
        cell("语文"),
        cell("星期二"),
        cell("数学")
    ));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("timetable.docx", timetable, "没有找到绩效自评表"),
        ("not-a-zip.docx", b"plain text, not a zip".to_vec(), "zip"),
        ("truncated.docx", docx[..docx.len() / 2].to_vec(), "docx"),
        ("encrypted.docx", compound.clone(), "密码"),
        ("no-table.docx", no_table, "没有表格"),
        ("not-a-workbook.xlsx", b"plain text".to_vec(), "Excel"),
        ("truncated.xlsx", xlsx[..xlsx.len() / 2].to_vec(), "Excel"),
        ("encrypted.xlsx", compound, "密码"),
    ];
    for (name, bytes, message) in cases {
        let input = directory.path().join(name);
        std::fs::write(&input, bytes).expect("write input");
        let out = directory.path().join(format!("out-{name}"));
        let output = common::run(&[
            "import",
            input.to_str().expect("utf-8 path"),
            "-o",
            out.to_str().expect("utf-8 path"),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(name) && stderr.contains(message),
            "{name}: {stderr}"
        );
        assert!(!out.exists(), "{name}: no output for a refused file");
    }
}

/// The Anhui/central project layout (samples 001, 002, 009, 018: sample header lines, cells one a line
/// without row breaks, weights in the level-1 labels, fund rows 年度资金总额: / 其中:本年财政拨款,
/// operators inside the targets, `[…]` annotations) imports into a `.jx` whose `jixiao check`
/// reports the diagnostics of the hand-written `tests/corpus/real/` file. 009's W0310/W0311 come
/// from a 资金用途 block written by hand from the goal narrative; the import keeps the narrative
/// as the goal text, so they cannot appear.
#[test]
fn anhui_project_samples_import_with_the_hand_written_diagnostics() {
    for (name, year, truncated, dropped) in [
        (
            "001-chizhou-tangxi-weituo",
            2022,
            &["第105行: 公众满", "第106行: [excerpt truncated here]"][..],
            &[][..],
        ),
        (
            "009-chizhou-tangxi-cunji",
            2022,
            // `可持续影响` (可持续影响指标 cut off) is a level-2 label with nothing under it:
            // skipped and reported, not unmapped.
            &["第97行: [excerpt truncated here]"][..],
            &["W0310", "W0311"][..],
        ),
        // Placeholder rows (指标2:, ……) and rows with no target/actual (`指标1:工程质量合格 10 10`),
        // a level-1 cell that kept only `(50分)`, `[执行率 cell empty]` read as the blank cell it
        // stands for (and so not listed); the web page's own title and date are no part of the
        // form.
        (
            "002-tianchang-shuili-fangyu",
            2022,
            &[
                "第5行: 天长市水利局水旱灾害防御股项目支出绩效自评",
                "第6行: 发布时间:2023-12-05 15:04",
                "第123行: [excerpt truncated here]",
            ][..],
            &[][..],
        ),
        // 分值 before 年度指标值, ★ marks, 其中 sub-rows with a target and an actual only.
        (
            "018-xiaoxian-hexicun-zhongyang",
            2023,
            &["第116行: 满意", "第117行: [excerpt truncated here]"][..],
            &[][..],
        ),
    ] {
        let out = tempfile::tempdir().expect("temp dir");
        let files = import_files(&fixtures().join(format!("{name}.txt")), out.path());
        assert_eq!(files.len(), 1, "{name}: {files:?}");
        let (file_name, text) = &files[0];
        assert!(file_name.starts_with("项目-"), "{name}: {file_name}");
        // Header lines skipped, the year taken from the form; annotations and the truncated
        // cells listed as unmapped comments only, never as data.
        assert!(
            !text.contains("source:") && !text.contains("kind:"),
            "{text}"
        );
        assert!(text.contains(&format!(" {year} {{")), "{text}");
        let unmapped: Vec<&str> = text
            .lines()
            .take_while(|l| l.starts_with("//"))
            .skip(1)
            .map(|l| l.trim_start_matches('/').trim())
            .collect();
        assert_eq!(unmapped, truncated, "{name}:\n{text}");
        assert!(text.contains("产出指标(50分) {"), "{text}");
        assert!(text.contains("本年财政拨款"), "{text}");
        let expected: Vec<String> = common::expected_messages(name)
            .into_iter()
            .filter(|d| !dropped.iter().any(|code| d.starts_with(code)))
            .collect();
        assert_eq!(
            common::check_messages(&out.path().join(file_name)),
            expected,
            "{name}:\n{text}"
        );
    }
}

/// The sample header's `year:` is used when the form prints no year; an empty level-2 row is
/// reported as skipped.
#[test]
fn sample_header_year_is_the_fallback() {
    let out = tempfile::tempdir().expect("temp dir");
    let original =
        std::fs::read_to_string(fixtures().join("001-chizhou-tangxi-weituo.txt")).expect("read");
    let input = out.path().join("no-year.txt");
    std::fs::write(
        &input,
        original
            .replace("(2022年度)\n", "")
            .replace("year: 2022", "year: 2021"),
    )
    .expect("write");
    let output = common::run(&[
        "import",
        input.to_str().expect("utf-8 path"),
        "-o",
        out.path().join("o").to_str().expect("utf-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("经济效益指标（其下没有三级指标）"),
        "{report}"
    );
    let text = std::fs::read_to_string(out.path().join("o/项目-委托业务项目.jx")).expect("read");
    assert!(text.contains("\"委托业务项目\" 2021 {"), "{text}");
}

/// The Hunan county layout as a sample copy (no 分值/得分 columns → `hunan-county`): the same
/// diagnostics as the hand-written file but for the satisfaction target the copy garbled (`290%`
/// for ≥90%, which the hand-written file left out). The deviation text after the last full row
/// of its block (`没有轮换、动用库存`, then the label 生态效益指标) stays with its row.
#[test]
fn hunan_sample_copy_imports_with_the_hand_written_diagnostics() {
    let name = "012-hengshan-liangshi-chubeiliang";
    let out = tempfile::tempdir().expect("temp dir");
    let files = import_files(&fixtures().join(format!("{name}.txt")), out.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let (file_name, text) = &files[0];
    assert!(text.contains("评分规则 hunan-county"), "{text}");
    let unmapped: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//"))
        .skip(1)
        .map(|l| l.trim_start_matches('/').trim())
        .collect();
    assert_eq!(unmapped, ["第102行: [excerpt truncated here]"], "{text}");
    assert!(text.contains("偏差 \"没有轮换、动用库存\""), "{text}");
    let mut expected = common::expected_messages(name);
    expected
        .push("W0501 指标 `市民满意度调查` 完成系数 34.48%，未完全达成，但没有偏差原因分析".into());
    let mut actual = common::check_messages(&out.path().join(file_name));
    expected.sort();
    actual.sort();
    assert_eq!(actual, expected, "{text}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Text copies with cells changed to what people (and damaged copies) put in them — quotes,
    /// braces, comment marks, keywords, labels, odd numbers, invisible characters — import or are
    /// refused as no form; never a panic, and never a generated text the formatter refuses.
    #[test]
    fn mutated_copies_never_give_an_unformattable_text(
        fixture in 0usize..4,
        edits in proptest::collection::vec((0usize..10_000, 0usize..SPECIALS.len(), 0u8..4), 1..6),
    ) {
        let names = [
            "renda-2021.txt",
            "tables/006-lijiang-gucheng-weipian.txt",
            "tables/016-huanggang-shuitu-jiance.txt",
            "tables/025-chengan-minzheng-gaoling.txt",
        ];
        let text = std::fs::read_to_string(fixtures().join(names[fixture])).expect("read fixture");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for (at, special, how) in edits {
            let at = at % lines.len();
            let special = SPECIALS[special];
            match how {
                0 => lines[at].push_str(special),
                1 => lines[at] = format!("\t{special}"),
                2 => lines.insert(at, format!("\t{special}")),
                _ => lines[at] = format!("{special}{}", lines[at]),
            }
        }
        let result = jixiao::import::import_text(&lines.join("\n"));
        let unformattable = matches!(result, Err(jixiao::import::ImportError::Unformattable { .. }));
        proptest::prop_assert!(!unformattable, "{:?}", result.err());
    }
}

/// What the mutation test puts into cells.
const SPECIALS: &[&str] = &[
    "\"",
    "\"\"\"",
    "{",
    "}",
    "//",
    "\\",
    "　",
    "\u{a0}",
    "\u{200b}",
    "自评表",
    "项目名称",
    "部门名称",
    "（2021年度）",
    "分值",
    "得分",
    "目标",
    "实际",
    "100%",
    "-",
    "/",
    "……",
    "指标1：",
    "★",
    "合计",
    "总分",
    "1e9",
    "-5",
    "９",
    "其中：",
    "年度总体目标",
    "\u{1}",
    "😀",
    "#",
    "评分规则",
    "执行率",
    "年初预算数",
    "资金",
    "预算执行情况(10分)",
    "产出指标(50分)",
    "：",
    ":",
];

/// A minimal `.docx`: a zip holding only `word/document.xml` with `body` as its body.
fn docx_with_body(body: &str) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("start file");
    let xml = format!("<w:document><w:body>{body}</w:body></w:document>");
    std::io::Write::write_all(&mut writer, xml.as_bytes()).expect("write");
    writer.finish().expect("finish").into_inner()
}
