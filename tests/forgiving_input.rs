//! Forgiving input, precise errors (issue 17): what a Chinese IME, Word and Notepad produce is
//! read as its ASCII form where that is unambiguous (the same JSON), and reported at its own line
//! and column, with the character named, where it is not. Files in GBK or UTF-16 are read by every
//! command with one warning, and a warning that only follows from an error is not reported.

mod common;

use common::{codes, compile_source, root, run, scratch, PROJECT};
use jixiao::{compile, diagnostic_records, DiagnosticRecord, Lang, Options};
use serde_json::Value;

/// The project example, the ASCII form every case is compared with.
fn example() -> String {
    std::fs::read_to_string(root().join(PROJECT)).expect("the example exists")
}

/// `example()` with the first `from` replaced by `to` (which must occur).
fn edited(from: &str, to: &str) -> String {
    let source = example();
    assert!(source.contains(from), "the example holds `{from}`");
    source.replacen(from, to, 1)
}

/// The evaluations of `source` as JSON, without their diagnostics (whose columns move when a
/// cell is written differently), and the codes of the diagnostics.
fn outcome(source: &str) -> (Vec<Value>, Vec<&'static str>) {
    let compilation = compile_source(source);
    let forms = compilation
        .forms
        .iter()
        .map(|form| {
            let mut json: Value =
                serde_json::from_str(&jixiao::to_json(&form.evaluation)).expect("valid JSON");
            json.as_object_mut()
                .expect("an object")
                .remove("diagnostics");
            json
        })
        .collect();
    (forms, codes(&compilation))
}

/// Asserts that `variant` reads exactly as `ascii`: same forms, same JSON, same codes.
fn same_as_ascii(variant: &str, ascii: &str) {
    let (forms, variant_codes) = outcome(variant);
    let (expected, ascii_codes) = outcome(ascii);
    assert_eq!(forms.len(), expected.len(), "the form must not vanish");
    assert!(!forms.is_empty());
    assert_eq!(variant_codes, ascii_codes);
    assert_eq!(forms, expected);
}

/// The diagnostics of `source` as records (code, line, column, message).
fn records(source: &str) -> Vec<DiagnosticRecord> {
    let compilation = compile_source(source);
    diagnostic_records(Some("input.jx"), source, &compilation.diagnostics, Lang::Zh)
}

/// The one record of `code`, failing when there is none or several.
fn only(records: &[DiagnosticRecord], code: &str) -> DiagnosticRecord {
    let found: Vec<&DiagnosticRecord> = records.iter().filter(|r| r.code == code).collect();
    assert_eq!(found.len(), 1, "one {code} in {records:#?}");
    found[0].clone()
}

/// Line and 1-based column (in characters) of the first `needle` in `source`.
fn position(source: &str, needle: &str) -> (usize, usize) {
    let offset = source.find(needle).expect("needle present");
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

const ROW: &str = "合计      165         165         155.41";

#[test]
fn full_width_braces_open_and_close_blocks() {
    // The form's own brace, a block's, and a closing one.
    let variant = edited("2021 {", "2021 ｛").replacen("资金 万元 {", "资金 万元 ｛", 1);
    let variant = variant.replacen("        得分 9\n    }", "        得分 9\n    ｝", 1);
    same_as_ascii(&variant, &example());
}

#[test]
fn a_lone_full_width_brace_never_makes_the_form_vanish() {
    // Opened full-width, closed in ASCII: still one form, read as the example.
    same_as_ascii(&edited("数量指标 {", "数量指标 ｛"), &example());
}

#[test]
fn full_width_digits_in_amounts_targets_and_the_year() {
    let variant = edited(ROW, "合计      １６５  １６５  １５５．４１")
        .replacen("2021 {", "２０２１ {", 1)
        .replacen("目标 2次", "目标 ２次", 1);
    same_as_ascii(&variant, &example());
}

#[test]
fn a_full_width_comma_groups_thousands_where_only_that_reading_fits() {
    let ascii = edited(ROW, "合计 1,165 1,165 1,155.41");
    // Three amounts with a comma inside each: six cells read as separators, three as numbers.
    same_as_ascii(&edited(ROW, "合计 1，165 1，165 1，155.41"), &ascii);
    // An attribute takes one value: `目标 1，234次` is one number.
    same_as_ascii(
        &edited("目标 8次", "目标 1，234次"),
        &edited("目标 8次", "目标 1,234次"),
    );
}

#[test]
fn a_full_width_comma_between_three_cells_still_separates_them() {
    // `165，165，155.41`: three amounts exactly as the row needs.
    same_as_ascii(&edited(ROW, "合计 165，165，155.41"), &example());
}

#[test]
fn an_ambiguous_full_width_comma_is_reported_at_the_comma() {
    // Two cells, each with a comma: neither two nor four amounts fill a row of three.
    let source = edited(ROW, "合计 1，165 1，165");
    let records = records(&source);
    let record = only(&records, "E0008");
    assert_eq!((record.line, record.column), position(&source, "，"));
    assert!(
        record.message.contains("全角逗号 `，` 出现在数字中间"),
        "{}",
        record.message
    );
    // The row's amounts are lost with it: no "missing amounts", no budget warnings.
    assert!(
        records
            .iter()
            .all(|r| !r.code.starts_with("W03") && r.code != "E0102"),
        "{records:#?}"
    );
}

#[test]
fn a_full_width_comma_that_cannot_group_thousands_is_reported_at_the_comma() {
    // `1，23` is no thousands grouping; read as a separator it makes four amounts in a row of
    // three. The error is the comma's, not "unexpected `155.41`" at the end of the line.
    let source = edited(ROW, "合计 1，23 165 155.41");
    let records = records(&source);
    let record = only(&records, "E0008");
    assert_eq!((record.line, record.column), position(&source, "，"));
    assert!(record.message.contains("全角逗号"), "{}", record.message);
    assert!(records.iter().all(|r| r.code != "E0101"), "{records:#?}");
}

#[test]
fn an_ascii_comma_that_does_not_group_thousands_is_refused_not_guessed() {
    // `1,23` is neither 123 nor 1.23 with any confidence: an error at the cell, never an amount.
    let source = edited(ROW, "合计 1,23 165 155.41");
    let records = records(&source);
    let error = records
        .iter()
        .find(|r| r.code.starts_with('E'))
        .unwrap_or_else(|| panic!("an error: {records:#?}"));
    assert_eq!((error.line, error.column), position(&source, "1,23"));
    assert!(
        error.message.contains("逗号不是千位分隔"),
        "{}",
        error.message
    );
    let (forms, _) = outcome(&source);
    assert!(!forms
        .iter()
        .any(|form| form.to_string().contains("\"123\"")));
}

#[test]
fn a_percent_sign_apart_from_its_number() {
    same_as_ascii(
        &edited("执行率 94", "执行率 94 %"),
        &edited("执行率 94", "执行率 94%"),
    );
    same_as_ascii(&edited("系数 100%", "系数 100 %"), &example());
    same_as_ascii(
        &edited("目标 8次", "目标 97 %"),
        &edited("目标 8次", "目标 97%"),
    );
}

#[test]
fn an_amount_may_carry_its_blocks_unit() {
    same_as_ascii(&edited(ROW, "合计 165万元 165万 155.41万元"), &example());
    let yuan = edited("资金 万元 {", "资金 元 {");
    same_as_ascii(&yuan.replacen(ROW, "合计 165元 165元 155.41元", 1), &yuan);
    // The unit written apart from its number, on the same line (a Word cell's `100 万元`).
    same_as_ascii(&edited(ROW, "合计 165 万元 165 万 155.41 万元"), &example());
    same_as_ascii(
        &yuan.replacen(ROW, "合计 165 元 165 元 155.41 元", 1),
        &yuan,
    );
}

#[test]
fn an_amount_in_another_unit_is_an_error_naming_both_units() {
    let source = edited(ROW, "合计      165元 165 155.41");
    let records = records(&source);
    let record = only(&records, "E0009");
    assert_eq!((record.line, record.column), position(&source, "165元"));
    assert!(
        record.message.contains("元") && record.message.contains("万元"),
        "{}",
        record.message
    );
}

#[test]
fn no_break_and_ideographic_spaces_separate_cells() {
    let variant = edited("\"人代会预期效果\"  定性", "\"人代会预期效果\"\u{a0}定性").replacen(
        "目标 2次  实际 2次",
        "目标\u{3000}2次\u{a0}实际 2次",
        1,
    );
    same_as_ascii(&variant, &example());
}

#[test]
fn an_invisible_character_in_a_name_is_a_warning_on_it_and_the_name_reads_without_it() {
    for (character, name) in [
        ('\u{200b}', "零宽空格"),
        ('\t', "制表符"),
        ('\u{feff}', "零宽"),
    ] {
        let written = format!("\"开展人代会{character}次数\"");
        let source = edited("\"开展人代会次数\"", &written);
        let records = records(&source);
        let record = only(&records, "W0002");
        let (line, column) = position(&source, &written);
        assert_eq!((record.line, record.column), (line, column + 6));
        assert!(record.message.contains(name), "{}", record.message);
        // The name is the name without it: same JSON as the clean form.
        let (forms, _) = outcome(&source);
        assert_eq!(forms, outcome(&example()).0);
    }
}

#[test]
fn fmt_removes_invisible_characters() {
    let source = edited("\"开展人代会次数\"", "\"开展人代会\u{200b}次数\"");
    let formatted =
        jixiao::fmt::format(&source, jixiao::fmt::FormatOptions::default()).expect("formats");
    assert!(!formatted.contains('\u{200b}'));
    assert!(formatted.contains("\"开展人代会次数\""));
}

#[test]
fn an_unquoted_indicator_name_is_one_error_and_no_weight_sum_warning() {
    let source = edited("\"开展人代会次数\"", "开展人代会次数");
    let compilation = compile_source(&source);
    let codes = codes(&compilation);
    assert_eq!(
        codes.iter().filter(|code| code.starts_with('E')).count(),
        1,
        "{codes:?}"
    );
    for cascade in ["W0202", "W0203", "W0403", "W0404", "W0405"] {
        assert!(
            !codes.contains(&cascade),
            "{cascade} follows from the error: {codes:?}"
        );
    }
}

#[test]
fn three_unreadable_amounts_report_the_errors_and_no_budget_warning() {
    let source = edited(ROW, "合计      16x5 16y5 155z.41").replacen(
        "财政拨款  165         165         155.41\n",
        "",
        1,
    );
    let compilation = compile_source(&source);
    let codes = codes(&compilation);
    assert_eq!(
        codes.iter().filter(|code| **code == "E0104").count(),
        3,
        "{codes:?}"
    );
    // Not "全年预算数为 0，执行率无法计算", nor the rate or score "not matching" the lost amounts.
    for cascade in [
        "W0306", "W0301", "W0303", "W0309", "W0403", "W0404", "W0506",
    ] {
        assert!(
            !codes.contains(&cascade),
            "{cascade} follows from the errors: {codes:?}"
        );
    }
}

#[test]
fn errors_are_listed_before_warnings() {
    // A warning early in the file (W0002 on line 8) and an error late (E0104).
    let source = edited("\"开展人代会次数\"", "\"开展人代会\u{200b}次数\"").replacen(
        "绩效指标总分 分值 90 得分 90",
        "绩效指标总分 分值 9x0 得分 90",
        1,
    );
    let compilation = compile_source(&source);
    let severities: Vec<bool> = compilation
        .diagnostics
        .iter()
        .map(jixiao::Diagnostic::is_error)
        .collect();
    assert!(
        severities.first() == Some(&true),
        "{:?}",
        codes(&compilation)
    );
    assert!(
        severities.windows(2).all(|pair| pair[0] >= pair[1]),
        "{:?}",
        codes(&compilation)
    );
}

/// UTF-16 bytes of `text`, in either byte order, with or without a byte-order mark.
fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom
        .then_some(0xFEFF_u16)
        .into_iter()
        .chain(text.encode_utf16());
    units
        .flat_map(|unit| {
            if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            }
        })
        .collect()
}

/// `jixiao check --format json` of `path`: each diagnostic as `CODE line:column`.
fn checked(path: &std::path::Path) -> Vec<String> {
    let output = run(&[
        "check",
        "--format",
        "json",
        path.to_str().expect("UTF-8 path"),
    ]);
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|record| {
            format!(
                "{} {}:{} {}",
                record["code"].as_str().unwrap_or(""),
                record["line"],
                record["column"],
                record["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn gbk_and_utf16_copies_check_like_the_utf8_file_plus_one_encoding_warning() {
    let directory = scratch("forgiving-encodings");
    let text = example();
    let utf8 = directory.join("utf8.jx");
    std::fs::write(&utf8, &text).expect("write");
    let expected = checked(&utf8);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    for (name, bytes) in [
        ("gbk.jx", gbk.into_owned()),
        ("utf16le-bom.jx", utf16(&text, false, true)),
        ("utf16le.jx", utf16(&text, false, false)),
        ("utf16be-bom.jx", utf16(&text, true, true)),
    ] {
        let path = directory.join(name);
        std::fs::write(&path, bytes).expect("write");
        let found = checked(&path);
        let warnings: Vec<&String> = found
            .iter()
            .filter(|line| line.starts_with("W0001"))
            .collect();
        assert_eq!(warnings.len(), 1, "{name}: {found:#?}");
        assert!(
            warnings[0].starts_with("W0001 1:1"),
            "{name}: {}",
            warnings[0]
        );
        let rest: Vec<String> = found
            .iter()
            .filter(|line| !line.starts_with("W0001"))
            .cloned()
            .collect();
        assert_eq!(rest, expected, "{name}");
    }
}

#[test]
fn fmt_rewrites_gbk_and_utf16_files_as_utf8() {
    let directory = scratch("forgiving-fmt-encodings");
    let text = example();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    for (name, bytes) in [
        ("gbk.jx", gbk.into_owned()),
        ("utf16.jx", utf16(&text, false, true)),
    ] {
        let path = directory.join(name);
        std::fs::write(&path, &bytes).expect("write");
        let check = run(&["fmt", "--check", path.to_str().expect("UTF-8 path")]);
        assert_eq!(
            check.status.code(),
            Some(1),
            "{name}: a re-encoding is a change"
        );
        let output = run(&["fmt", path.to_str().expect("UTF-8 path")]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stderr).contains("W0001"));
        let rewritten = std::fs::read(&path).expect("read");
        let rewritten = String::from_utf8(rewritten).expect("now UTF-8");
        let formatted =
            jixiao::fmt::format(&text, jixiao::fmt::FormatOptions::default()).expect("formats");
        assert_eq!(rewritten, formatted, "{name}");
    }
}

#[test]
fn the_library_decodes_like_the_command_line() {
    let text = example();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let decoded = jixiao::decode(&gbk).expect("GBK decodes");
    assert_eq!(decoded.encoding, jixiao::SourceEncoding::Gbk);
    let compilation = jixiao::compile_decoded(&decoded, None, &Options::default());
    let plain = compile(&text, None, &Options::default());
    assert_eq!(compilation.diagnostics.len(), plain.diagnostics.len() + 1);
    assert!(compilation
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.code.as_str() == "W0001"));
}

#[test]
fn the_ambiguous_comma_and_the_invisible_character_render_in_place() {
    let source = "项目 \"x\" 2021 {\n    资金 万元 {\n        财政拨款 1，165 1，165\n    }\n    产出指标 {\n        数量指标 {\n            \"开展\u{200b}次数\" 目标 2次 实际 2次 分值 90\n        }\n    }\n}\n";
    let compilation = compile_source(source);
    insta::assert_snapshot!(common::human("input.jx", source, &compilation));
}

#[test]
fn keyed_budget_lines_read_amounts_like_fund_rows() {
    let department = std::fs::read_to_string(root().join(common::DEPARTMENT)).expect("exists");
    let line = "全年预算数 1519.94391";
    assert!(department.contains(line));
    // Full-width digits and the block's own unit: the same JSON as the ASCII line.
    same_as_ascii(
        &department.replacen(line, "全年预算数 １５１９．９４３９１万元", 1),
        &department,
    );
    // Another unit is E0009 on the amount, as in a fund row (it used to be read as 万元).
    let source = department.replacen(line, "全年预算数 15199439.1元", 1);
    let records = records(&source);
    let record = only(&records, "E0009");
    assert_eq!(
        (record.line, record.column),
        position(&source, "15199439.1元")
    );
}

#[test]
fn tabs_indenting_a_multi_line_text_are_layout_not_invisible_characters() {
    let source = example().replace("            深入践行", "\t\t\t深入践行");
    assert!(source.contains("\t\t\t深入践行"));
    let compilation = compile_source(&source);
    assert!(
        !codes(&compilation).contains(&"W0002"),
        "{:?}",
        codes(&compilation)
    );
}

#[test]
fn a_no_break_space_inside_a_value_of_several_words_reads_as_a_space() {
    same_as_ascii(
        &edited("目标 8次", "目标 ≥\u{a0}8次"),
        &edited("目标 8次", "目标 ≥ 8次"),
    );
    same_as_ascii(
        &edited(
            "主管部门 \"区人大常委会办公室\"",
            "主管部门 区人大\u{a0}常委会办公室",
        ),
        &edited(
            "主管部门 \"区人大常委会办公室\"",
            "主管部门 区人大 常委会办公室",
        ),
    );
}

#[test]
fn an_unreadable_amount_names_the_character_to_blame() {
    // An IME's full stop typed as the decimal point: the amount is refused (a full stop is no
    // decimal point for sure), and the label sits on the `。` and names it.
    let source = edited(ROW, "合计      165         165         155。41");
    let records = records(&source);
    let record = only(&records, "E0104");
    let label = record
        .labels
        .iter()
        .find(|label| label.message.contains("全角句号"))
        .unwrap_or_else(|| panic!("{record:#?}"));
    assert_eq!((label.line, label.column), position(&source, "。"));
}

#[test]
fn diff_sees_no_change_for_a_name_with_a_zero_width_space() {
    // It used to show a removed and an added indicator that look identical.
    let directory = scratch("forgiving-diff");
    let path = directory.join("zero-width.jx");
    std::fs::write(
        &path,
        edited("\"开展人代会次数\"", "\"开展人代会\u{200b}次数\""),
    )
    .expect("write");
    let output = run(&["diff", PROJECT, path.to_str().expect("UTF-8 path")]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_form_whose_only_indicator_is_unreadable_is_not_also_a_form_without_indicators() {
    let source = "项目 \"x\" 2021 {\n    资金 万元 {\n        财政拨款 100 100 100\n        分值 10\n    }\n    产出指标 {\n        数量指标 {\n            开展培训次数 目标 2次 实际 2次 分值 90\n        }\n    }\n}\n";
    let compilation = compile_source(source);
    assert_eq!(codes(&compilation), ["E0001"]);
}

#[test]
fn a_numbered_goal_block_may_number_in_full_width_digits() {
    same_as_ascii(
        &edited("年度总体目标 {", "年度绩效目标１ {"),
        &edited("年度总体目标 {", "年度绩效目标1 {"),
    );
}

/// `fmt` on a GBK file with an error lists the error before the encoding warning, as `check`
/// does (issue 17: within a file, errors before warnings).
#[test]
fn fmt_lists_errors_before_the_encoding_warning() {
    let directory = scratch("forgiving-fmt-gbk-error");
    let text = edited(ROW, "合计 1，23 165 155.41");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let path = directory.join("gbk-error.jx");
    std::fs::write(&path, &gbk).expect("write");
    let output = run(&["fmt", path.to_str().expect("UTF-8 path")]);
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let error = stderr.find("[E0008]").expect("the error is reported");
    let warning = stderr
        .find("[W0001]")
        .expect("the encoding warning is reported");
    assert!(error < warning, "{stderr}");
}
