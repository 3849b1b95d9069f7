//! The acceptance cases of issue 13 ("Real forms, the checker's judgement"), each as written in
//! the issue, through the public API. The rules behind them are in docs/LANGUAGE.md §12.9–§12.10
//! and have their own table tests in `tests/scoring.rs`.

mod common;

use common::{codes, compile_source};
use jixiao::model::Difference;

/// A 2023 project form: one budget row and budget lines, and one indicator worth `90 - lines`.
fn form(row: &str, budget_lines: &str, indicator: &str) -> String {
    format!(
        "项目 \"验收\" 2023 {{\n    资金 万元 {{\n        财政拨款 {row}\n        {budget_lines}\n    }}\n    产出指标 {{\n        时效指标 {{\n            {indicator}\n        }}\n    }}\n}}\n"
    )
}

#[test]
fn deadlines_met_early_or_on_time_earn_full_marks_silently() {
    for (target, actual) in [
        ("9月前", "7月"),
        ("2024年6月", "2024年5月"),
        ("12月底前", "12月"),
    ] {
        let source = form(
            "100 100 100",
            "分值 10",
            &format!("\"完成时间\" 目标 {target} 实际 {actual} 分值 90"),
        );
        let compilation = compile_source(&source);
        assert!(
            codes(&compilation).is_empty(),
            "{target} / {actual}: {:?}",
            codes(&compilation)
        );
        let score = compilation.forms[0].evaluation.indicators[0].score.computed;
        assert_eq!(
            score.map(|s| s.to_string()).as_deref(),
            Some("90.00"),
            "{target} / {actual}"
        );
    }
}

#[test]
fn a_missed_deadline_is_named() {
    let source = form(
        "100 100 100",
        "分值 10",
        "\"完成时间\" 目标 6月底前 实际 8月 分值 90 偏差 \"汛期\"",
    );
    let compilation = compile_source(&source);
    assert_eq!(codes(&compilation), vec!["W0511"]);
    assert_eq!(
        compilation.diagnostics[0].message.zh,
        "指标 `完成时间` 完成时间 2023年8月 晚于目标 2023年6月"
    );
}

#[test]
fn execution_rates_are_compared_at_their_written_precision() {
    let indicator = "\"甲\" 目标 1次 实际 1次 分值 90";
    for rate in ["0.1", "0.14", "0.144", "14%", "14.4%"] {
        let compilation = compile_source(&form(
            "700 700 101",
            &format!("执行率 {rate}\n        分值 10"),
            indicator,
        ));
        assert!(
            !codes(&compilation).contains(&"W0301"),
            "{rate}: {:?}",
            codes(&compilation)
        );
    }
    let compilation = compile_source(&form(
        "700 700 101",
        "执行率 0.15\n        分值 10",
        indicator,
    ));
    assert!(codes(&compilation).contains(&"W0301"));
    let compilation = compile_source(&form(
        "40 40 38.35",
        "执行率 0.959\n        分值 10",
        indicator,
    ));
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    let compilation = compile_source(&form(
        "40 40 38.35",
        "执行率 0.958\n        分值 10",
        indicator,
    ));
    assert_eq!(codes(&compilation), vec!["W0301"]);
    assert_eq!(
        compilation.forms[0].evaluation.budget.rate_difference,
        Some(Difference::Truncated)
    );
}

#[test]
fn scores_rounded_coarser_and_scores_from_a_rate_rounded_first() {
    // 2 × 4044 / 5662 = 1.43, printed 1.4: no line warning, one form-level note at most.
    let source = form("100 100 100", "分值 8", "\"体检\" 目标 5662人 实际 4044人 分值 2 得分 1.4 偏差 \"x\"")
        .replace("        时效指标 {", "        数量指标 {\n            \"乙\" 目标 1次 实际 1次 分值 90\n        }\n        时效指标 {");
    let compilation = compile_source(&source);
    let found = codes(&compilation);
    assert!(!found.contains(&"W0401"), "{found:?}");
    assert!(
        found.iter().filter(|code| **code == "W0407").count() <= 1,
        "{found:?}"
    );
    // 20 × 30 / 278.4449 = 2.1548 → 2.15; 2.16 is 20 × 10.8%.
    let compilation = compile_source(&form(
        "278.4449 278.4449 30",
        "分值 20\n        得分 2.16",
        "\"甲\" 目标 1次 实际 1次 分值 80",
    ));
    assert_eq!(codes(&compilation), vec!["W0303"]);
    assert_eq!(
        compilation.forms[0].evaluation.budget.score_difference,
        Some(Difference::RateRoundedFirst)
    );
    assert!(compilation.diagnostics[0]
        .notes
        .iter()
        .any(|note| note.zh.contains("10.8%")));
}

#[test]
fn money_in_yuan_is_first_class() {
    let yuan = compile_source(
        &form(
            "- 387664.62 348898.16",
            "分值 10",
            "\"甲\" 目标 1次 实际 1次 分值 90",
        )
        .replace("资金 万元", "资金 元"),
    );
    let wan = compile_source(&form(
        "- 38.766462 34.889816",
        "分值 10",
        "\"甲\" 目标 1次 实际 1次 分值 90",
    ));
    let (yuan, wan) = (&yuan.forms[0].evaluation, &wan.forms[0].evaluation);
    assert!(jixiao::to_json(yuan).contains("\"unit\": \"元\""));
    assert!(jixiao::to_html(yuan).expect("renders").contains("（元）"));
    assert_eq!(
        yuan.budget.execution_rate.computed,
        wan.budget.execution_rate.computed
    );
    assert_eq!(
        yuan.budget.execution_score.computed,
        wan.budget.execution_score.computed
    );
}

#[test]
fn a_weight_on_a_custom_group_name_is_checked() {
    let source = "项目 \"验收\" 2023 {\n    资金 万元 {\n        财政拨款 100 100 100\n        分值 10\n    }\n    年度绩效指标完成情况(50分) {\n        产出指标 {\n            数量指标 {\n                \"甲\" 目标 1次 实际 1次 分值 34\n            }\n        }\n    }\n}\n";
    let compilation = compile_source(source);
    let w0203: Vec<String> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "W0203")
        .map(|d| d.message.zh.clone())
        .collect();
    assert_eq!(
        w0203,
        vec!["`年度绩效指标完成情况(50分)` 的分值为 50，其下各指标分值之和为 34".to_string()]
    );
}
