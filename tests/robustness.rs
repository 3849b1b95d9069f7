//! Hostile input never hurts: random bytes, truncations and mutations of the examples must not
//! panic, and every diagnostic span must lie on character boundaries inside the text.

use jixiao::{compile, Options};
use proptest::prelude::*;

const DEPARTMENT: &str = include_str!("../examples/renda-2021/department.jx");
const PROJECT: &str = include_str!("../examples/renda-2021/project-congress-meetings.jx");

/// Compiles `source`, renders its diagnostics, and checks every span.
fn assert_sound(source: &str) {
    let compilation = compile(source, Some("input.jx"), &Options::default());
    for diagnostic in &compilation.diagnostics {
        for span in
            std::iter::once(diagnostic.span).chain(diagnostic.labels.iter().map(|label| label.span))
        {
            assert!(
                span.start <= span.end && span.end <= source.len(),
                "span {span:?} outside the text"
            );
            assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "span {span:?} inside a character"
            );
        }
    }
    let rendered = jixiao::diag::render::render_human(
        "input.jx",
        source,
        &compilation.diagnostics,
        Default::default(),
    );
    assert_eq!(rendered.is_empty(), compilation.diagnostics.is_empty());
    for form in &compilation.forms {
        let json = jixiao::render::json::to_json(&form.evaluation);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
}

#[test]
fn every_truncation_of_the_examples_is_handled() {
    for example in [DEPARTMENT, PROJECT] {
        // Every character boundary; the examples are a few KB, so this is a few thousand runs.
        for (index, _) in example.char_indices().step_by(3) {
            assert_sound(&example[..index]);
        }
    }
}

#[test]
fn empty_and_comment_only_files_get_a_diagnostic() {
    for source in ["", "\u{feff}", "// 只有注释\n// 第二行\n", "\r\n\r\n"] {
        let compilation = compile(source, None, &Options::default());
        assert!(compilation.forms.is_empty());
        assert_eq!(compilation.diagnostics.len(), 1, "{source:?}");
        assert_sound(source);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        "项目 \"x\" 2021 {{\n{}{}\n}}\n",
        "a {\n".repeat(5_000),
        "}\n".repeat(5_000)
    );
    let compilation = compile(&deep, None, &Options::default());
    assert!(compilation
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "E0005"));
}

#[test]
fn long_lines_and_many_lines_are_fine() {
    let long_name = "指".repeat(10_000);
    let source = format!(
        "项目 \"{long_name}\" 2021 {{\n    \"{long_name}\" 目标 2次 实际 2次 分值 100\n}}\n"
    );
    assert_sound(&source);
}

#[test]
fn crlf_gives_the_same_diagnostics_as_lf() {
    let crlf = DEPARTMENT.replace('\n', "\r\n");
    let lf = compile(DEPARTMENT, None, &Options::default());
    let windows = compile(&crlf, None, &Options::default());
    let codes = |compilation: &jixiao::Compilation| {
        compilation
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&lf), codes(&windows));
    assert_eq!(
        lf.forms[0].evaluation.total,
        windows.forms[0].evaluation.total
    );
    assert_sound(&crlf);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(source in "\\PC{0,300}") {
        assert_sound(&source);
    }

    #[test]
    fn random_lines_of_language_pieces_never_panic(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "项目 \"甲\" 2021 {", "部门整体 \"乙\" 2022 {", "}", "{", "资金 万元 {", "财政拨款 165 165 155.41",
                "分值 10", "执行率 94%", "得分 9", "产出指标 50分 {", "数量指标 {", "\"指标\" 目标 ≥2次 实际 1次 分值 10",
                "\"定性\" 定性 目标 优 实际 良 分值 10 系数 70%", "自评总得分 99", "\"\"\"", "“引号", "目标 ≤ 实际", "// 注释",
                "年度总体目标 {", "预期目标 \"x\"", "\"a\" {", "目标 90%~100%", "实际 95%", "分值 十", "\u{3000}：；，",
            ]),
            0..40,
        )
    ) {
        assert_sound(&lines.join("\n"));
    }

    #[test]
    fn mutated_examples_never_panic(position in 0usize..4000, insert in "\\PC{0,4}", delete in 0usize..6) {
        let mut source = DEPARTMENT.to_string();
        let mut at = position.min(source.len());
        while !source.is_char_boundary(at) { at -= 1; }
        let mut end = (at + delete).min(source.len());
        while !source.is_char_boundary(end) { end += 1; }
        source.replace_range(at..end, &insert);
        assert_sound(&source);
    }
}
