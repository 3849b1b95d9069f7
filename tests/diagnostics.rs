//! Diagnostics as a reader sees them: carets under the right Chinese characters, every mistake
//! of a file in one run, and one fixture per diagnostic code (`tests/errors/CODE_name.jx`).

mod common;

use common::{codes, compile_file, compile_source, human, root};
use jixiao::Compilation;
use jixiao::{render_human, Style};
use jixiao::{Code, Diagnostic};
use unicode_width::UnicodeWidthStr;

const PLAIN: Style = Style {
    color: false,
    ascii: false,
    lang: jixiao::Lang::Zh,
};

/// Asserts that, in the ariadne report of `diagnostic` alone, the underline of the primary span
/// sits exactly under the span's characters (display columns, CJK counted as two).
fn assert_caret_under_span(path: &str, source: &str, diagnostic: &Diagnostic) {
    let span = diagnostic.span;
    let line_start = source[..span.start]
        .rfind('\n')
        .map_or(0, |index| index + 1);
    let line_end = source[span.start..]
        .find('\n')
        .map_or(source.len(), |index| span.start + index);
    assert!(span.end <= line_end, "single-line spans only");
    let line_text = &source[line_start..line_end];
    let line_number = source[..line_start].matches('\n').count() + 1;
    let column = UnicodeWidthStr::width(&source[line_start..span.start]);
    let width = UnicodeWidthStr::width(&source[span.start..span.end]).max(1);

    let report = render_human(path, source, std::slice::from_ref(diagnostic), PLAIN);
    let lines: Vec<&str> = report.lines().collect();
    let source_row = lines
        .iter()
        .position(|row| {
            row.trim_start().starts_with(&format!("{line_number} │"))
                && row.split_once('│').is_some_and(|(_, text)| {
                    text.strip_prefix(' ').unwrap_or(text).trim_end() == line_text.trim_end()
                })
        })
        .unwrap_or_else(|| panic!("line {line_number} not shown in:\n{report}"));
    let underline = lines[source_row + 1].split_once('│').map_or_else(
        || panic!("no underline row in:\n{report}"),
        |(_, text)| text.strip_prefix(' ').unwrap_or(text),
    );
    let cells: Vec<char> = underline.chars().collect();
    let under: String = cells.iter().skip(column).take(width).collect();
    assert!(
        under.chars().count() == width && under.chars().all(|cell| "─┬┴".contains(cell)),
        "the underline of {} is not under `{}` (display columns {column}..{}):\n{report}",
        diagnostic.code,
        &source[span.start..span.end],
        column + width
    );
}

fn find(compilation: &Compilation, code: &str) -> Diagnostic {
    compilation
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.code.as_str() == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(compilation)))
}

const MISSPELT_AFTER_CJK: &str = r#"项目 "人代会及常委会经费" 2021 {
    资金 万元 {
        财政拨款 165 165 155.41
        分值 10
    }
    产出指标 {
        数量指标 {
            "开展人代会次数" 目标 2次 实祭 2次 分值 90 偏差 "无"
        }
    }
}
"#;

const CHINESE_NUMERAL: &str = r#"项目 "人代会及常委会经费" 2021 {
    资金 万元 {
        财政拨款 165 165 155.41
        分值 10
    }
    产出指标 {
        数量指标 {
            "开展人代会次数" 目标 2次 实际 2次 分值 十
        }
    }
}
"#;

#[test]
fn misspelt_attribute_after_chinese_text() {
    let compilation = compile_source(MISSPELT_AFTER_CJK);
    let diagnostic = find(&compilation, "E0101");
    let start = MISSPELT_AFTER_CJK.find("实祭").unwrap();
    assert_eq!(diagnostic.span.start, start, "the span starts at 实祭");
    assert!(
        diagnostic.help_text(jixiao::Lang::Zh).contains("实际"),
        "did you mean 实际"
    );
    assert_caret_under_span("input.jx", MISSPELT_AFTER_CJK, &diagnostic);
    insta::assert_snapshot!(human("input.jx", MISSPELT_AFTER_CJK, &compilation));
}

#[test]
fn chinese_numeral_as_weight() {
    let compilation = compile_source(CHINESE_NUMERAL);
    let diagnostic = find(&compilation, "E0104");
    let start = CHINESE_NUMERAL.find("十").unwrap();
    assert_eq!(
        (diagnostic.span.start, diagnostic.span.end),
        (start, start + "十".len()),
        "the span is exactly 十"
    );
    assert_caret_under_span("input.jx", CHINESE_NUMERAL, &diagnostic);
    insta::assert_snapshot!(human("input.jx", CHINESE_NUMERAL, &compilation));
}

#[test]
fn carets_line_up_in_every_fixture() {
    for (name, _) in fixtures() {
        let path = format!("tests/errors/{name}.jx");
        let (source, compilation) = compile_file(&path);
        for diagnostic in &compilation.diagnostics {
            let span = diagnostic.span;
            let single_line = !source[span.start..span.end].contains('\n');
            if single_line && span.end > span.start && span.end <= source.len() {
                assert_caret_under_span(&path, &source, diagnostic);
            }
        }
    }
}

#[test]
fn a_file_full_of_mistakes_reports_all_of_them() {
    let path = "tests/errors/full_of_mistakes.jx";
    let (source, compilation) = compile_file(path);
    let found = codes(&compilation);
    let expected = [
        "E0105", // 主管部门 twice
        "W0505", // 联系电弧: unknown field
        "W0403", // 自评总得分 95 against 93.00
        "W0304", // 合计 executed 95 ≠ 60 + 30
        "W0303", // declared execution score 8.5 against 9.50 (the filled 合计 row counts)
        "E0104", // 得分 十
        "E0103", // 培训人次 twice
        "W0504", // 3本 against 3册
        "W0201", // 数量指标 under 效益指标
        "E0108", // 良 with 90%
        "W0202", // weights sum to 95
        "E0101", // 实祭 (second form)
        "E0102", // 督导覆盖学校 without 分值 (second form)
    ];
    for code in expected {
        assert!(found.contains(&code), "{code} missing from {found:?}");
    }
    assert_eq!(compilation.forms.len(), 2);
    assert!(compilation.forms.iter().all(|form| form.has_errors));

    // Every weight of the first form carries a label on W0202, the execution weight included.
    let weights = find(&compilation, "W0202");
    let first_form = &source[..source.find("部门整体").unwrap()];
    let written_weights = first_form.matches("分值 ").count();
    assert_eq!(written_weights, 8, "the fixture writes eight weights");
    assert_eq!(
        weights.labels.len(),
        written_weights,
        "one label per weight: {:?}",
        weights.labels
    );

    // Did-you-mean for the misspelt keyword and the misspelt field.
    assert!(find(&compilation, "E0101")
        .help_text(jixiao::Lang::Zh)
        .contains("实际"));
    assert!(find(&compilation, "W0505")
        .help_text(jixiao::Lang::Zh)
        .contains("联系电话"));
    insta::assert_snapshot!(human(path, &source, &compilation));
}

#[test]
fn unclosed_block_points_at_both_ends() {
    let source = "项目 \"测试项目\" 2021 {\n    产出指标 {\n        数量指标 {\n            \"开展培训次数\" 目标 10次 实际 10次 分值 90\n        }\n}\n";
    let compilation = compile_source(source);
    let diagnostic = find(&compilation, "E0002");
    let opening = &source[diagnostic.span.start..diagnostic.span.end];
    assert_eq!(opening, "{", "the primary span is an opening brace");
    assert!(
        diagnostic
            .labels
            .iter()
            .any(|label| label.span.start >= source.trim_end().len()),
        "a label at the end of the file: {:?}",
        diagnostic.labels
    );
    insta::assert_snapshot!(human("input.jx", source, &compilation));
}

#[test]
fn unclosed_string_points_at_its_quote() {
    let source = "项目 \"测试项目\" 2021 {\n    主管部门 \"区教育局\n}\n";
    let compilation = compile_source(source);
    let diagnostic = find(&compilation, "E0004");
    assert_eq!(diagnostic.span.start, source.find("\"区教育局").unwrap());
    assert_caret_under_span("input.jx", source, &diagnostic);
    insta::assert_snapshot!(human("input.jx", source, &compilation));
}

/// `(stem, code)` of every fixture `tests/errors/CODE_name.jx`, sorted.
fn fixtures() -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(root().join("tests/errors"))
        .expect("tests/errors exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            if path.extension()? != "jx" {
                return None;
            }
            let stem = path.file_stem()?.to_str()?.to_string();
            let code = stem.split('_').next()?.to_string();
            Code::parse(&code).map(|_| (stem, code))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_fixture_reports_its_code() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 28, "found only {}", fixtures.len());
    for (stem, code) in fixtures {
        let path = format!("tests/errors/{stem}.jx");
        let (source, compilation) = compile_file(&path);
        let found = codes(&compilation);
        assert!(
            found.contains(&code.as_str()),
            "{path}: {code} not in {found:?}"
        );
        let expected_severity = Code::parse(&code).unwrap().severity();
        assert!(
            compilation
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.code.as_str() == code)
                .all(|diagnostic| diagnostic.severity == expected_severity),
            "{path}: {code} has the catalogue's severity"
        );
        insta::assert_snapshot!(stem.clone(), human(&path, &source, &compilation));
    }
}

#[test]
fn every_code_of_the_catalogue_has_a_fixture() {
    let covered: Vec<String> = fixtures().into_iter().map(|(_, code)| code).collect();
    // E0006 needs an input over a limit (a megabyte at least): tests/hostile.rs generates it.
    // E0007 (a file that cannot be read) has no text to compile: the command line reports it,
    // tested in tests/schema.rs (an_undecodable_file_is_an_error_record_that_validates).
    // W0001 (a file in GBK or UTF-16) is about bytes, not text: tests/forgiving_input.rs.
    let not_a_fixture = ["E0006", "E0007", "W0001"];
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| !not_a_fixture.contains(code))
        .filter(|code| !covered.iter().any(|covered| covered == code))
        .collect();
    assert_eq!(
        missing,
        Vec::<&str>::new(),
        "codes without a tests/errors fixture"
    );
}

#[test]
fn the_clean_counterpart_has_no_diagnostics() {
    let (source, compilation) = compile_file("tests/errors/clean.jx");
    assert_eq!(
        codes(&compilation),
        Vec::<&str>::new(),
        "{}",
        human("tests/errors/clean.jx", &source, &compilation)
    );
    assert!(!compilation.forms[0].has_errors);
}

#[test]
fn bom_and_crlf_are_tolerated_and_spans_stay_exact() {
    let clean = std::fs::read_to_string(root().join("tests/errors/clean.jx")).unwrap();
    let source = format!("\u{feff}{}", clean.replace('\n', "\r\n"));
    assert_eq!(codes(&compile_source(&source)), Vec::<&str>::new());

    let misspelt = format!("\u{feff}{}", MISSPELT_AFTER_CJK.replace('\n', "\r\n"));
    let compilation = compile_source(&misspelt);
    let diagnostic = find(&compilation, "E0101");
    assert_eq!(diagnostic.span.start, misspelt.find("实祭").unwrap());
    assert_caret_under_span("input.jx", &misspelt, &diagnostic);
}
