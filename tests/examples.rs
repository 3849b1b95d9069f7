//! The two seed forms (examples/renda-2021): snapshots of their diagnostics and JSON, and the
//! acceptance numbers of issue 2 asserted explicitly.

mod common;

use common::{compile_file, human, DEPARTMENT, PROJECT};
use jixiao::model::Evaluation;
use jixiao::to_json;
use jixiao::Compilation;

fn only_form(compilation: &Compilation) -> &Evaluation {
    assert_eq!(compilation.forms.len(), 1);
    assert!(
        !compilation.forms[0].has_errors,
        "a seed form builds (warnings only)"
    );
    &compilation.forms[0].evaluation
}

fn text(number: Option<jixiao::model::Number>) -> Option<String> {
    number.map(|number| number.to_string())
}

#[test]
fn department_diagnostics() {
    let (source, compilation) = compile_file(DEPARTMENT);
    insta::assert_snapshot!(human(DEPARTMENT, &source, &compilation));
}

#[test]
fn project_diagnostics() {
    let (source, compilation) = compile_file(PROJECT);
    insta::assert_snapshot!(human(PROJECT, &source, &compilation));
}

#[test]
fn department_json() {
    let (_, compilation) = compile_file(DEPARTMENT);
    insta::assert_snapshot!(to_json(only_form(&compilation)));
}

#[test]
fn project_json() {
    let (_, compilation) = compile_file(PROJECT);
    insta::assert_snapshot!(to_json(only_form(&compilation)));
}

#[test]
fn json_is_deterministic() {
    for path in [DEPARTMENT, PROJECT] {
        let first = to_json(only_form(&compile_file(path).1));
        let second = to_json(only_form(&compile_file(path).1));
        assert_eq!(first, second, "{path}");
    }
}

#[test]
fn department_acceptance_numbers() {
    let (_, compilation) = compile_file(DEPARTMENT);
    let evaluation = only_form(&compilation);
    let json: serde_json::Value = serde_json::from_str(&to_json(evaluation)).unwrap();
    assert_eq!(json["schema"], "jixiao/2");
    assert_eq!(json["kind"], "department");

    // 自评总得分: 10.00 (execution) + 90 (indicators) = 100.00 against the printed 98.
    assert_eq!(json["total"]["computed"], "100.00");
    assert_eq!(json["total"]["declared"], "98");
    assert_eq!(json["total"]["agrees"], false);
    assert_eq!(
        text(evaluation.budget.execution_score.computed).as_deref(),
        Some("10.00")
    );
    assert_eq!(
        text(evaluation.indicator_subtotal.score.computed).as_deref(),
        Some("90.00")
    );

    // 执行率: 1519.94391 / 1519.94391 = 100.00%, printed 78% (= executed / 年初预算数).
    assert_eq!(json["budget"]["execution_rate"]["computed"], "100.00");
    assert_eq!(json["budget"]["execution_rate"]["declared"], "78");
    assert_eq!(json["budget"]["execution_rate"]["agrees"], false);
    assert_eq!(json["budget"]["declared_rate_uses_initial_budget"], true);
    let wrong_base: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.as_str() == "W0302")
        .collect();
    assert_eq!(wrong_base.len(), 1, "one W0302");
    assert!(
        wrong_base[0].message.contains("年初预算数"),
        "the W0302 message names the wrong base: {}",
        wrong_base[0].message
    );
    assert!(
        !compilation
            .diagnostics
            .iter()
            .any(|diagnostic| diagnostic.code.as_str() == "W0301"),
        "the wrong base is named as such, not as a plain mismatch"
    );

    assert_eq!(json["grade"]["computed"], "优");

    // 常委会召开次数: 13 against 8 (162.5%), no deviation note.
    let over: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.as_str() == "W0502")
        .collect();
    assert_eq!(over.len(), 1, "one W0502");
    assert!(
        over[0].message.contains("常委会召开次数"),
        "{}",
        over[0].message
    );
    assert!(compilation.diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn project_acceptance_numbers() {
    let (_, compilation) = compile_file(PROJECT);
    let evaluation = only_form(&compilation);
    let json: serde_json::Value = serde_json::from_str(&to_json(evaluation)).unwrap();
    assert_eq!(json["kind"], "project");

    // 执行率 = 155.41 / 165 = 94.1878…% → 94.19; score 10 × 94.19% = 9.42 against the printed 9.
    assert_eq!(json["budget"]["execution_rate"]["computed"], "94.19");
    assert_eq!(json["budget"]["execution_score"]["computed"], "9.42");
    assert_eq!(json["budget"]["execution_score"]["declared"], "9");
    assert_eq!(json["budget"]["execution_score"]["agrees"], false);
    // 9 is 9.42 printed as a whole point, and 99 is 99.42 so printed: one note for the form
    // (W0407, docs/LANGUAGE.md §12.10), no line-by-line W0303 or W0403.
    assert_eq!(json["budget"]["score_difference"], "rounded_coarser");
    let rounded: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.as_str() == "W0407")
        .collect();
    assert_eq!(rounded.len(), 1, "one W0407");
    assert!(rounded[0].notes.iter().any(|note| note.contains("99.42")));
    assert!(compilation
        .diagnostics
        .iter()
        .all(|diagnostic| !matches!(diagnostic.code.as_str(), "W0303" | "W0403")));

    // 自评总得分: 9.42 + 90 = 99.42 against the printed 99.
    assert_eq!(json["total"]["computed"], "99.42");
    assert_eq!(json["total"]["declared"], "99");
    assert_eq!(json["total"]["agrees"], false);
    assert_eq!(json["total_difference"], "rounded_coarser");
    assert_eq!(json["grade"]["computed"], "优");

    // The qualitative indicators reach 优 → 达成.
    for indicator in json["indicators"].as_array().unwrap() {
        if indicator["nature"] == "qualitative" {
            assert_eq!(indicator["level"], "achieved", "{}", indicator["name"]);
            assert_eq!(indicator["score"]["computed"], "10.00");
        }
    }
    assert_eq!(json["indicators"].as_array().unwrap().len(), 9);
    assert!(compilation.diagnostics.iter().all(|d| !d.is_error()));
}
