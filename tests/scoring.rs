//! The scoring rules of the default profile `central-2020` (docs/DOMAIN.md "Scoring rules"), each
//! through the public API: a small form is compiled and the score read back from the model.

mod common;

use common::{codes, compile_source};
use jixiao::model::{Evaluation, Indicator};
use jixiao::Compilation;

/// A project form with one budget row (`年初 全年 执行`, 万元), execution weight 10, and the
/// given indicator line under 产出指标 / 质量指标.
fn form(budget_row: &str, indicator: &str) -> String {
    format!(
        "项目 \"评分测试\" 2021 {{\n    资金 万元 {{\n        财政拨款 {budget_row}\n        分值 10\n    }}\n    产出指标 {{\n        质量指标 {{\n            {indicator}\n        }}\n    }}\n}}\n"
    )
}

fn compile_indicator(indicator: &str) -> (Compilation, Indicator) {
    let compilation = compile_source(&form("100 100 100", indicator));
    assert_eq!(compilation.forms.len(), 1, "{indicator}");
    let evaluated = compilation.forms[0].evaluation.indicators[0].clone();
    (compilation, evaluated)
}

fn show(number: Option<jixiao::model::Number>) -> Option<String> {
    number.map(|number| number.to_string())
}

/// Compiles `indicator` and checks its computed score (points, two decimals), or `None` when
/// it cannot be scored.
fn check(indicator: &str, expected: Option<&str>) {
    let (compilation, evaluated) = compile_indicator(indicator);
    assert_eq!(
        show(evaluated.score.computed).as_deref(),
        expected,
        "{indicator}\n{:?}",
        codes(&compilation)
    );
}

fn has(compilation: &Compilation, code: &str) -> bool {
    codes(compilation).contains(&code)
}

fn evaluation(compilation: &Compilation) -> &Evaluation {
    &compilation.forms[0].evaluation
}

// Rule 1: weights.

#[test]
fn weights_may_be_written_with_a_percent_sign_and_fractions() {
    let (_, evaluated) = compile_indicator("\"甲\" 目标 10次 实际 10次 分值 10%");
    assert_eq!(evaluated.weight.to_string(), "10");
    check("\"甲\" 目标 10次 实际 5次 分值 22.5", Some("11.25"));
}

#[test]
fn weights_must_sum_to_one_hundred() {
    let (compilation, _) = compile_indicator("\"甲\" 目标 10次 实际 10次 分值 80");
    assert!(has(&compilation, "W0202"), "{:?}", codes(&compilation));
    let (compilation, _) = compile_indicator("\"甲\" 目标 10次 实际 10次 分值 90");
    assert!(!has(&compilation, "W0202"), "{:?}", codes(&compilation));
}

// Rule 3: positive.

#[test]
fn positive_full_weight_when_the_target_is_met() {
    check("\"甲\" 目标 ≥10次 实际 10次 分值 10", Some("10.00"));
    check("\"甲\" 目标 ≥10次 实际 12次 分值 10", Some("10.00"));
    check("\"甲\" 目标 10次 实际 11次 分值 10", Some("10.00"));
    check("\"甲\" 目标 >10次 实际 10次 分值 10", Some("10.00"));
    check("\"甲\" 目标 不低于95% 实际 95% 分值 10", Some("10.00"));
}

#[test]
fn positive_proportional_when_short() {
    check(
        "\"甲\" 目标 ≥10次 实际 8次 分值 10 偏差 \"x\"",
        Some("8.00"),
    );
    check(
        "\"甲\" 目标 10次 实际 7次 分值 20 偏差 \"x\"",
        Some("14.00"),
    );
    check("\"甲\" 目标 ≥95% 实际 76% 分值 10 偏差 \"x\"", Some("8.00"));
}

// Rule 4: reverse.

#[test]
fn reverse_full_weight_at_or_under_the_target() {
    check("\"成本\" 目标 ≤80万元 实际 80万元 分值 10", Some("10.00"));
    check("\"成本\" 目标 ≤80万元 实际 60万元 分值 10", Some("10.00"));
    check(
        "\"成本\" 目标 不超过80万元 实际 70万元 分值 10",
        Some("10.00"),
    );
}

#[test]
fn reverse_ratio_target_over_actual_when_over() {
    // 10 × 80 / 100 = 8.00 (the published rule), not the linear 10 × (1 − 20/80) = 7.50.
    check(
        "\"成本\" 目标 ≤80万元 实际 100万元 分值 10 偏差 \"x\"",
        Some("8.00"),
    );
    check(
        "\"成本\" 目标 <3天 实际 4天 分值 10 偏差 \"x\"",
        Some("7.50"),
    );
    let (_, evaluated) = compile_indicator("\"成本\" 目标 ≤80万元 实际 100万元 分值 10");
    assert_eq!(evaluated.direction, Some(jixiao::model::Direction::Reverse));
}

#[test]
fn reverse_target_zero_with_actual_zero_is_full() {
    check("\"事故\" 目标 ≤0起 实际 0起 分值 10", Some("10.00"));
}

// Rule 5: equality and interval.

#[test]
fn equality_is_scored_as_positive() {
    check("\"甲\" 目标 =10次 实际 10次 分值 10", Some("10.00"));
    check("\"甲\" 目标 =10次 实际 12次 分值 10", Some("10.00"));
    check(
        "\"甲\" 目标 =10次 实际 8次 分值 10 偏差 \"x\"",
        Some("8.00"),
    );
    let (_, evaluated) = compile_indicator("\"甲\" 目标 =10次 实际 8次 分值 10");
    assert_eq!(
        evaluated.direction,
        Some(jixiao::model::Direction::Equality)
    );
}

#[test]
fn interval_full_inside_proportional_to_the_nearer_bound_outside() {
    check("\"率\" 目标 90%~100% 实际 90% 分值 10", Some("10.00"));
    check("\"率\" 目标 90%~100% 实际 95% 分值 10", Some("10.00"));
    check("\"率\" 目标 90%~100% 实际 100% 分值 10", Some("10.00"));
    // Below: 10 × 81 / 90 = 9.00.
    check(
        "\"率\" 目标 90%~100% 实际 81% 分值 10 偏差 \"x\"",
        Some("9.00"),
    );
    // Above: 10 × 100 / 125 = 8.00.
    check(
        "\"率\" 目标 90%~100% 实际 125% 分值 10 偏差 \"x\"",
        Some("8.00"),
    );
    let (_, evaluated) = compile_indicator("\"率\" 目标 90%~100% 实际 95% 分值 10");
    assert_eq!(
        evaluated.direction,
        Some(jixiao::model::Direction::Interval)
    );
}

// Rule 6: over-completion and shortfall need a deviation note.

#[test]
fn over_completion_warns_from_130_percent_without_a_note() {
    let (compilation, _) = compile_indicator("\"甲\" 目标 10次 实际 13次 分值 10");
    assert!(has(&compilation, "W0502"));
    let (compilation, evaluated) = compile_indicator("\"甲\" 目标 10次 实际 12.9次 分值 10");
    assert!(!has(&compilation, "W0502"), "{:?}", codes(&compilation));
    assert_eq!(
        show(evaluated.score.computed).as_deref(),
        Some("10.00"),
        "no deduction"
    );
    let (compilation, _) =
        compile_indicator("\"甲\" 目标 10次 实际 13次 分值 10 偏差 \"临时增开\"");
    assert!(!has(&compilation, "W0502"));
}

#[test]
fn shortfall_warns_without_a_note() {
    let (compilation, _) = compile_indicator("\"甲\" 目标 10次 实际 9次 分值 10");
    assert!(has(&compilation, "W0501"));
    let (compilation, _) = compile_indicator("\"甲\" 目标 10次 实际 9次 分值 10 偏差 \"延期\"");
    assert!(!has(&compilation, "W0501"));
}

// Rule 7: qualitative bands.

#[test]
fn achieved_without_a_score_earns_full_weight() {
    check("\"效果\" 定性 目标 优 实际 优 分值 10", Some("10.00"));
    check("\"效果\" 定性 目标 达成 实际 完成 分值 10", Some("10.00"));
    let (_, evaluated) = compile_indicator("\"效果\" 定性 目标 优 实际 优 分值 10");
    assert_eq!(evaluated.level, Some(jixiao::model::Level::Achieved));
    assert_eq!(
        show(evaluated.coefficient.computed).as_deref(),
        Some("100.00")
    );
}

#[test]
fn achieved_with_a_stated_score_inside_its_band() {
    check(
        "\"效果\" 定性 目标 优 实际 优 分值 10 系数 80%",
        Some("8.00"),
    );
    check(
        "\"效果\" 定性 目标 优 实际 优 分值 10 系数 95%",
        Some("9.50"),
    );
    let (compilation, _) = compile_indicator("\"效果\" 定性 目标 优 实际 优 分值 10 系数 79%");
    assert!(has(&compilation, "E0108"), "{:?}", codes(&compilation));
}

#[test]
fn partly_achieved_needs_a_score() {
    let (compilation, evaluated) = compile_indicator("\"效果\" 定性 目标 优 实际 良 分值 10");
    assert_eq!(evaluated.level, Some(jixiao::model::Level::PartlyAchieved));
    assert_eq!(evaluated.score.computed, None);
    assert!(has(&compilation, "E0107"), "{:?}", codes(&compilation));
    assert!(compilation.forms[0].has_errors);
    check(
        "\"效果\" 定性 目标 优 实际 良 分值 10 系数 70% 偏差 \"x\"",
        Some("7.00"),
    );
    check(
        "\"效果\" 定性 目标 优 实际 良 分值 10 系数 60% 偏差 \"x\"",
        Some("6.00"),
    );
}

#[test]
fn partly_achieved_band_is_60_inclusive_to_80_exclusive() {
    for coefficient in ["80%", "59%", "90%"] {
        let line = format!("\"效果\" 定性 目标 优 实际 良 分值 10 系数 {coefficient} 偏差 \"x\"");
        let (compilation, _) = compile_indicator(&line);
        assert!(
            has(&compilation, "E0108"),
            "{line}: {:?}",
            codes(&compilation)
        );
        assert!(compilation.forms[0].has_errors, "E0108 is an error");
    }
}

#[test]
fn not_achieved_band_is_0_to_60_exclusive() {
    let (_, evaluated) =
        compile_indicator("\"效果\" 定性 目标 优 实际 差 分值 10 系数 50% 偏差 \"x\"");
    assert_eq!(evaluated.level, Some(jixiao::model::Level::NotAchieved));
    check(
        "\"效果\" 定性 目标 优 实际 差 分值 10 系数 50% 偏差 \"x\"",
        Some("5.00"),
    );
    check(
        "\"效果\" 定性 目标 优 实际 未达成 分值 10 系数 0% 偏差 \"x\"",
        Some("0.00"),
    );
    let (compilation, _) =
        compile_indicator("\"效果\" 定性 目标 优 实际 差 分值 10 系数 60% 偏差 \"x\"");
    assert!(has(&compilation, "E0108"), "{:?}", codes(&compilation));
    let (compilation, _) = compile_indicator("\"效果\" 定性 目标 优 实际 差 分值 10 偏差 \"x\"");
    assert!(has(&compilation, "E0107"), "{:?}", codes(&compilation));
}

// Rule 8: rounding half up, total from the rounded lines, agreement within 0.01.

#[test]
fn scores_round_half_up_not_to_even() {
    // 5 × 5 / 8 = 3.125: half up gives 3.13 (banker's rounding would give 3.12).
    check("\"甲\" 目标 8次 实际 5次 分值 5 偏差 \"x\"", Some("3.13"));
    // 1 × 1 / 8 = 0.125 → 0.13.
    check("\"甲\" 目标 8次 实际 1次 分值 1 偏差 \"x\"", Some("0.13"));
    // 10 × 2 / 3 = 6.666… → 6.67.
    check("\"甲\" 目标 3次 实际 2次 分值 10 偏差 \"x\"", Some("6.67"));
}

#[test]
fn the_total_is_the_sum_of_the_rounded_lines() {
    // Two lines of 3.125 each: 3.13 + 3.13 = 6.26 (not round(6.25) = 6.25), plus 10.00.
    let source = "项目 \"评分测试\" 2021 {\n    资金 万元 {\n        财政拨款 100 100 100\n        分值 10\n    }\n    产出指标 {\n        数量指标 {\n            \"甲\" 目标 8次 实际 5次 分值 5 偏差 \"x\"\n            \"乙\" 目标 8次 实际 5次 分值 5 偏差 \"x\"\n        }\n    }\n}\n";
    let compilation = compile_source(source);
    assert_eq!(
        show(evaluation(&compilation).total.computed).as_deref(),
        Some("16.26")
    );
}

#[test]
fn declared_scores_are_strict_at_their_precision() {
    // 10 × 2 / 3 = 6.666…: 6.67 agrees; 6.66 is cut off, not rounded (§12.10).
    let (_, evaluated) = compile_indicator("\"甲\" 目标 3次 实际 2次 分值 10 得分 6.67 偏差 \"x\"");
    assert_eq!(evaluated.score.agrees, Some(true), "6.67 against 6.67");
    let (compilation, evaluated) =
        compile_indicator("\"甲\" 目标 3次 实际 2次 分值 10 得分 6.66 偏差 \"x\"");
    assert_eq!(evaluated.score.agrees, Some(false), "6.66 against 6.67");
    assert_eq!(
        evaluated.score_difference,
        Some(jixiao::model::Difference::Truncated)
    );
    assert!(has(&compilation, "W0401"));
    let (compilation, evaluated) =
        compile_indicator("\"甲\" 目标 3次 实际 2次 分值 10 得分 6.6 偏差 \"x\"");
    assert_eq!(evaluated.score.agrees, Some(false), "6.6 against 6.67");
    assert!(has(&compilation, "W0401"));
}

// Rule 9: grade bounds (lower bounds inclusive).

/// The total and grade of a form scoring 10 on execution plus `90 × actual / 9000`.
fn graded(actual: u32) -> (String, String) {
    let compilation = compile_source(&form(
        "100 100 100",
        &format!("\"甲\" 目标 9000人次 实际 {actual}人次 分值 90 偏差 \"x\""),
    ));
    let evaluation = evaluation(&compilation);
    (
        show(evaluation.total.computed).unwrap_or_default(),
        evaluation.grade.computed.clone().unwrap_or_default(),
    )
}

#[test]
fn grade_bounds() {
    let cases = [
        (9000, "100.00", "优"),
        (8000, "90.00", "优"),
        (7999, "89.99", "良"),
        (7000, "80.00", "良"),
        (6999, "79.99", "中"),
        (5000, "60.00", "中"),
        (4999, "59.99", "差"),
        (0, "10.00", "差"),
    ];
    for (actual, total, grade) in cases {
        assert_eq!(
            graded(actual),
            (total.to_string(), grade.to_string()),
            "actual {actual}"
        );
    }
}

// Rule 2: execution rate.

#[test]
fn execution_rate_uses_the_adjusted_budget() {
    let compilation = compile_source(&form("200 160 120", "\"甲\" 目标 10次 实际 10次 分值 90"));
    let budget = &evaluation(&compilation).budget;
    assert_eq!(
        show(budget.execution_rate.computed).as_deref(),
        Some("75.00")
    );
    assert_eq!(
        show(budget.execution_score.computed).as_deref(),
        Some("7.50")
    );
}

#[test]
fn zero_adjusted_budget_is_reported_not_a_crash() {
    let compilation = compile_source(&form("0 0 0", "\"甲\" 目标 10次 实际 10次 分值 90"));
    assert!(has(&compilation, "W0306"), "{:?}", codes(&compilation));
    let budget = &evaluation(&compilation).budget;
    assert_eq!(
        budget.execution_rate.computed, None,
        "the rate is undefined"
    );
    // The W0306 note: the execution score counts as 0.
    assert_eq!(
        show(budget.execution_score.computed).as_deref(),
        Some("0.00")
    );
    let json = jixiao::to_json(evaluation(&compilation));
    assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
}

#[test]
fn zero_adjusted_budget_with_spending_is_reported() {
    let compilation = compile_source(&form("0 0 5", "\"甲\" 目标 10次 实际 10次 分值 90"));
    assert!(has(&compilation, "W0306"), "{:?}", codes(&compilation));
    assert_eq!(
        evaluation(&compilation).budget.execution_rate.computed,
        None
    );
}

#[test]
fn execution_over_one_hundred_percent_is_capped_and_warned() {
    let compilation = compile_source(&form("100 100 110", "\"甲\" 目标 10次 实际 10次 分值 90"));
    assert!(has(&compilation, "W0305"), "{:?}", codes(&compilation));
    let evaluation = evaluation(&compilation);
    assert_eq!(
        show(evaluation.budget.execution_rate.computed).as_deref(),
        Some("110.00")
    );
    assert_eq!(
        show(evaluation.budget.execution_score.computed).as_deref(),
        Some("10.00")
    );
    assert_eq!(show(evaluation.total.computed).as_deref(), Some("100.00"));
}

#[test]
fn reverse_by_postfix_word() {
    check(
        "\"成本\" 目标 80万元以下 实际 100万元 分值 10 偏差 \"x\"",
        Some("8.00"),
    );
    check("\"时长\" 目标 不高于5天 实际 4天 分值 10", Some("10.00"));
}

// Rule 11 (docs/LANGUAGE.md §12.9): a time target is a deadline, compared as a time.

/// Compiles an indicator worth 90 points (weights add up) and returns its codes and score.
fn deadline_case(indicator: &str) -> (Vec<&'static str>, Option<String>) {
    let (compilation, evaluated) = compile_indicator(indicator);
    let codes: Vec<&'static str> = codes(&compilation);
    (codes, show(evaluated.score.computed))
}

#[test]
fn a_deadline_met_early_or_exactly_earns_full_weight_and_no_diagnostic() {
    let met = [
        "\"完成时间\" 目标 9月前 实际 7月 分值 90",
        "\"完成时间\" 目标 9月底前 实际 9月 分值 90",
        "\"完成时间\" 目标 2024年6月 实际 2024年5月 分值 90",
        "\"完成时间\" 目标 12月底前 实际 12月 分值 90",
        "\"完成时间\" 目标 12月底之前完成 实际 2021年11月30日 分值 90",
        "\"完成时间\" 目标 年底前 实际 12月 分值 90",
        "\"完成时间\" 目标 第三季度 实际 8月 分值 90",
        "\"完成时间\" 目标 2021年12月 实际 2021年12月30日 分值 90 得分 90",
        "\"完成时间\" 目标 9月前 实际 按时完成 分值 90",
        "\"完成时间\" 目标 9月前 实际 7月 分值 90 得分 90",
        "\"完成时间\" 目标 12月底前 实际 已完成 分值 90",
        "\"完成时间\" 目标 2021年 实际 2021年12月 分值 90",
        "\"完成时间\" 目标 9月前 实际 9月30日 分值 90",
        // A qualitative timeliness target with a completion time: nothing says it was late.
        "\"完成时间\" 目标 按时完成 实际 7月 分值 90",
        "\"完成时间\" 目标 及时 实际 2021年11月 分值 90",
    ];
    for indicator in met {
        assert_eq!(
            deadline_case(indicator),
            (Vec::new(), Some("90.00".to_string())),
            "{indicator}"
        );
    }
}

#[test]
fn a_missed_deadline_is_named_and_not_achieved() {
    // Late by two months, nothing declared: 0 points, W0511 naming both times (and W0501).
    let (codes, score) = deadline_case("\"完成时间\" 目标 6月底前 实际 8月 分值 90");
    assert_eq!(score.as_deref(), Some("0.00"));
    assert!(codes.contains(&"W0511"), "{codes:?}");
    let (compilation, _) = compile_indicator("\"完成时间\" 目标 2021年12月 实际 2022年3月 分值 90");
    let message = compilation
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.code.as_str() == "W0511")
        .map(|diagnostic| diagnostic.message.zh.clone());
    assert_eq!(
        message.as_deref(),
        Some("指标 `完成时间` 完成时间 2022年3月 晚于目标 2021年12月")
    );
    // The unit's own deduction is kept; full marks for a late item disagree.
    let (codes, score) =
        deadline_case("\"完成时间\" 目标 6月前 实际 7月 分值 90 得分 45 偏差 \"延误\"");
    assert_eq!((codes, score.as_deref()), (vec!["W0511"], Some("45.00")));
    let (codes, score) = deadline_case("\"完成时间\" 目标 6月前 实际 7月 分值 90 得分 90");
    assert_eq!(score.as_deref(), Some("0.00"));
    assert!(
        codes.contains(&"W0401") && codes.contains(&"W0511"),
        "{codes:?}"
    );
    // A profile may give a missed deadline part of its weight.
    let settings = jixiao::Settings {
        missed_deadline_share: Some("50".to_string()),
        ..Default::default()
    };
    let options = jixiao::Options {
        settings,
        ..jixiao::Options::default()
    };
    let late = form(
        "100 100 100",
        "\"完成时间\" 目标 6月底前 实际 8月 分值 90 偏差 \"x\"",
    );
    let compilation = jixiao::compile(&late, Some("input.jx"), &options);
    assert_eq!(
        show(evaluation(&compilation).indicators[0].score.computed).as_deref(),
        Some("45.00")
    );
    // One day late at day precision.
    let (codes, _) =
        deadline_case("\"完成时间\" 目标 2021年12月30日 实际 2021年12月31日 分值 90 偏差 \"x\"");
    assert_eq!(codes, vec!["W0511"]);
}

#[test]
fn qualitative_timeliness_words_stay_qualitative() {
    assert_eq!(
        deadline_case("\"资金拨付及时性\" 目标 及时 实际 及时 分值 90"),
        (Vec::new(), Some("90.00".to_string()))
    );
    assert_eq!(
        deadline_case("\"完成时间\" 目标 按时完成 实际 按时完成 分值 90"),
        (Vec::new(), Some("90.00".to_string()))
    );
}

// Rule 8 and §12.10: a declared value is compared at the precision it is written with.

/// A form with one budget row and the given extra budget lines, and one indicator line.
fn budget_form(row: &str, lines: &str, indicator: &str) -> Compilation {
    compile_source(&format!(
        "项目 \"精度\" 2022 {{\n    资金 万元 {{\n        财政拨款 {row}\n{lines}\n    }}\n    产出指标 {{\n        数量指标 {{\n            {indicator}\n        }}\n    }}\n}}\n"
    ))
}

#[test]
fn a_rate_is_compared_at_the_precision_it_is_written_with() {
    let full = "\"甲\" 目标 10次 实际 10次 分值 90";
    // 101 / 700 = 14.43%: a fraction with one decimal stands for 5%–15%.
    for rate in ["0.1", "0.14", "0.144", "14%", "14.4%", "14.43%"] {
        let compilation = budget_form("700 700 101", &format!("执行率 {rate}\n分值 10"), full);
        assert!(
            codes(&compilation).is_empty(),
            "{rate}: {:?}",
            codes(&compilation)
        );
    }
    for rate in ["0.15", "0.2", "1", "15%", "14.5%", "14.42%"] {
        let compilation = budget_form("700 700 101", &format!("执行率 {rate}\n分值 10"), full);
        assert_eq!(codes(&compilation), vec!["W0301"], "{rate}");
    }
    // 38.35 / 40 = 95.875%: 0.959 is rounded, 0.958 is cut off and named so.
    let compilation = budget_form("40 40 38.35", "执行率 0.959\n分值 10", full);
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    for rate in ["0.958", "95.87%"] {
        let compilation = budget_form("40 40 38.35", &format!("执行率 {rate}\n分值 10"), full);
        assert_eq!(codes(&compilation), vec!["W0301"], "{rate}");
        assert_eq!(
            evaluation(&compilation).budget.rate_difference,
            Some(jixiao::model::Difference::Truncated)
        );
        let notes = compilation.diagnostics[0]
            .notes
            .iter()
            .map(|n| n.zh.clone());
        assert!(
            notes.clone().any(|note| note.contains("截尾")),
            "{:?}",
            notes.collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_score_from_a_rate_rounded_first_is_named() {
    // 30 / 278.4449 = 10.774%: 20 × 10.774% = 2.1548 → 2.15; 2.16 is 20 × 10.8%.
    let full = "\"甲\" 目标 10次 实际 10次 分值 80";
    let compilation = budget_form("278.4449 278.4449 30", "分值 20\n得分 2.16", full);
    assert_eq!(codes(&compilation), vec!["W0303"]);
    assert_eq!(
        evaluation(&compilation).budget.score_difference,
        Some(jixiao::model::Difference::RateRoundedFirst)
    );
    let notes: Vec<String> = compilation.diagnostics[0]
        .notes
        .iter()
        .map(|n| n.zh.clone())
        .collect();
    assert!(notes.iter().any(|note| note.contains("10.8%")), "{notes:?}");
    // The right score, and a score off by a real 0.01, on both sides.
    let compilation = budget_form("278.4449 278.4449 30", "分值 20\n得分 2.15", full);
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    let compilation = budget_form("278.4449 278.4449 30", "分值 20\n得分 2.14", full);
    assert_eq!(codes(&compilation), vec!["W0303"]);
}

#[test]
fn a_score_printed_coarser_is_one_form_level_note_not_a_line_warning() {
    let budget = "分值 10";
    // 2 × 4044 / 5662 = 1.4285 → 1.43; `1.4` is it at one decimal.
    let line = "\"体检\" 目标 5662人 实际 4044人 分值 90 得分 63 偏差 \"x\"";
    // 90 × 4044 / 5662 = 64.28: 63 is not it rounded (64): a line disagreement.
    assert_eq!(
        codes(&budget_form("100 100 100", budget, line)),
        vec!["W0401"]
    );
    let line = "\"体检\" 目标 5662人 实际 4044人 分值 90 得分 64.3 偏差 \"x\"";
    let compilation = budget_form("100 100 100", budget, line);
    assert_eq!(codes(&compilation), vec!["W0407"]);
    assert_eq!(
        evaluation(&compilation).indicators[0].score_difference,
        Some(jixiao::model::Difference::RoundedCoarser)
    );
    assert_eq!(
        evaluation(&compilation).indicators[0].score.agrees,
        Some(false)
    );
    // Full marks for a line that falls short is a mistake, not a rounding: 90 for 64.28 (and
    // 5 for 4.84 under a weight of 5, sample 010).
    let full = "\"体检\" 目标 5662人 实际 4044人 分值 90 得分 90 偏差 \"x\"";
    assert_eq!(
        codes(&budget_form("100 100 100", budget, full)),
        vec!["W0401"]
    );
    let five = "\"供养\" 目标 4754人 实际 4604人 分值 5 得分 5 偏差 \"x\"";
    let compilation = budget_form("100 100 100", "分值 95", five);
    assert_eq!(codes(&compilation), vec!["W0401"]);
    // At the profile's precision, strict: 64.28 agrees, 64.29 does not (no 0.01 slack).
    let exact = "\"体检\" 目标 5662人 实际 4044人 分值 90 得分 64.28 偏差 \"x\"";
    assert!(codes(&budget_form("100 100 100", budget, exact)).is_empty());
    let off = "\"体检\" 目标 5662人 实际 4044人 分值 90 得分 64.29 偏差 \"x\"";
    assert_eq!(
        codes(&budget_form("100 100 100", budget, off)),
        vec!["W0401"]
    );
}

#[test]
fn a_total_of_coarse_lines_is_part_of_the_one_note() {
    let compilation = compile_source(include_str!("errors/W0407_scores_rounded_coarser.jx"));
    assert_eq!(codes(&compilation), vec!["W0407"]);
    assert_eq!(
        evaluation(&compilation).total_difference,
        Some(jixiao::model::Difference::RoundedCoarser)
    );
    // Under a profile that prints integers, nothing.
    let integer = include_str!("errors/W0407_scores_rounded_coarser.jx").replace(
        "项目 \"测试项目\" 2021 {",
        "项目 \"测试项目\" 2021 {\n    评分规则 integer",
    );
    let compilation = compile_source(&integer);
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
}

// Rule 1: a weight written on a custom group name is the group's weight (W0203 checks it).

#[test]
fn a_weight_on_a_custom_group_name_is_checked_against_its_children() {
    for header in [
        "年度绩效指标完成情况(50分)",
        "年度绩效指标完成情况（50分）",
        "年度绩效指标完成情况 50分",
        "年度绩效指标完成情况 (50分)",
    ] {
        // A group holding level-1 categories (read like a goal block) …
        let source = format!(
            "项目 \"权重\" 2021 {{\n    资金 万元 {{\n        财政拨款 100 100 100\n        分值 10\n    }}\n    {header} {{\n        产出指标 {{\n            数量指标 {{\n                \"甲\" 目标 10次 实际 10次 分值 34\n            }}\n        }}\n    }}\n}}\n"
        );
        let compilation = compile_source(&source);
        let w0203: Vec<_> = compilation
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "W0203")
            .map(|d| d.message.zh.clone())
            .collect();
        assert_eq!(w0203.len(), 1, "{header}: {:?}", codes(&compilation));
        assert!(
            w0203[0].contains("50") && w0203[0].contains("34"),
            "{}",
            w0203[0]
        );
        // … and the same weight matching its children: no W0203.
        let matching = source.replace("分值 34", "分值 50");
        assert!(!has(&compile_source(&matching), "W0203"), "{header}");
    }
    // A custom group holding indicators directly.
    let source = "项目 \"权重\" 2021 {\n    资金 万元 {\n        财政拨款 100 100 100\n        分值 10\n    }\n    项目管理（50分） {\n        \"甲\" 目标 10次 实际 10次 分值 34\n    }\n}\n";
    assert!(has(&compile_source(source), "W0203"));
}

// Money in 元 (docs/LANGUAGE.md §6, §12.2).

fn money_form(unit: &str, row: &str, goal: &str, kind: &str) -> Compilation {
    compile_source(&format!(
        "{kind} \"金额\" 2022 {{\n    年度总体目标 {{\n        预期目标 \"{goal}\"\n    }}\n    资金 {unit} {{\n        财政拨款 {row}\n        分值 10\n    }}\n    产出指标 {{\n        数量指标 {{\n            \"甲\" 目标 10次 实际 10次 分值 90\n        }}\n    }}\n}}\n"
    ))
}

#[test]
fn amounts_in_yuan_score_like_their_wan_yuan_equivalent() {
    let yuan = money_form("元", "- 387664.62 348898.16", "完成", "项目");
    let wan = money_form("万元", "- 38.766462 34.889816", "完成", "项目");
    assert!(codes(&yuan).is_empty(), "{:?}", codes(&yuan));
    assert!(codes(&wan).is_empty(), "{:?}", codes(&wan));
    let (yuan, wan) = (evaluation(&yuan), evaluation(&wan));
    assert_eq!(yuan.budget.unit, jixiao::model::MoneyUnit::Yuan);
    assert_eq!(
        yuan.budget.execution_rate.computed,
        wan.budget.execution_rate.computed
    );
    assert_eq!(
        yuan.budget.execution_score.computed,
        wan.budget.execution_score.computed
    );
    let json = jixiao::to_json(yuan);
    assert!(json.contains("\"unit\": \"元\""), "{json}");
    let html = jixiao::to_html(yuan).expect("the built-in templates render");
    assert!(html.contains("（元）"), "the HTML header names the unit");
}

#[test]
fn a_wan_yuan_budget_that_looks_like_yuan_is_warned() {
    let cases = [
        ("万元", "- 99999.99 99999.99", "完成", "项目", false),
        ("万元", "- 100000 100000", "完成", "项目", true),
        ("万元", "- 387664.62 387664.62", "完成", "项目", true),
        ("元", "- 387664.62 387664.62", "完成", "项目", false),
        // A department's budget may be that large.
        ("万元", "- 387664.62 387664.62", "完成", "部门整体", false),
        // The goal text quotes the same figure in 元 (not 万元).
        (
            "万元",
            "- 72890.5 72890.5",
            "资金72890.5元用于宣传",
            "项目",
            true,
        ),
        (
            "万元",
            "- 72890.5 72890.5",
            "资金72890.5万元用于宣传",
            "项目",
            false,
        ),
        (
            "万元",
            "- 72890.5 72890.5",
            "资金172890.5元用于宣传",
            "项目",
            false,
        ),
        // A short round figure in a goal text is a standard, not the budget.
        ("万元", "- 100 100", "每人补助100元", "项目", false),
    ];
    for (unit, row, goal, kind, warned) in cases {
        let compilation = money_form(unit, row, goal, kind);
        assert_eq!(
            has(&compilation, "W0307"),
            warned,
            "{unit} {row} {goal} {kind}: {:?}",
            codes(&compilation)
        );
    }
}

// Fund rows that disagree with their total (docs/LANGUAGE.md §12.2): reported once, no cascade.

#[test]
fn fund_rows_that_disagree_with_a_filled_total_are_reported_once() {
    let indicator = "\"甲\" 目标 10次 实际 10次 分值 90";
    // The sub-rows add up to 0 while the total row is filled: the rate follows the total row.
    let compilation = budget_form(
        "0 0 0\n        合计 100 100 90",
        "分值 10\n得分 9",
        indicator,
    );
    assert_eq!(codes(&compilation), vec!["W0304"]);
    let budget = &evaluation(&compilation).budget;
    assert_eq!(
        show(budget.execution_rate.computed).as_deref(),
        Some("90.00")
    );
    assert_eq!(
        show(budget.execution_score.computed).as_deref(),
        Some("9.00")
    );
    // The total row is 0 while the sub-rows are filled (a real form): the sub-rows count.
    let compilation = budget_form(
        "90 89.974 89.974\n        合计 0 0 0",
        "分值 10\n得分 10",
        indicator,
    );
    assert_eq!(codes(&compilation), vec!["W0304"]);
    assert_eq!(
        show(evaluation(&compilation).budget.execution_rate.computed).as_deref(),
        Some("100.00")
    );
    // Sub-rows that add up to something else: the filled total row counts.
    let compilation = budget_form(
        "50 50 45\n        合计 100 100 90",
        "分值 10\n得分 9",
        indicator,
    );
    assert_eq!(codes(&compilation), vec!["W0304"]);
    // Agreeing rows: nothing.
    let compilation = budget_form(
        "100 100 90\n        合计 100 100 90",
        "分值 10\n得分 9",
        indicator,
    );
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
}

#[test]
fn a_zero_budget_note_shows_every_operand() {
    let compilation = budget_form(
        "0 0 5",
        "分值 10\n得分 9",
        "\"甲\" 目标 10次 实际 10次 分值 90",
    );
    let notes: Vec<String> = compilation
        .diagnostics
        .iter()
        .flat_map(|diagnostic| diagnostic.notes.iter().map(|note| note.zh.clone()))
        .collect();
    assert!(
        notes
            .iter()
            .all(|note| !note.contains("×  =") && !note.contains(" = 0 ")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|note| note.contains("按 0 计")),
        "{notes:?}"
    );
}

// Rule 9: a declared grade is checked against the bands of the declared and the computed total.

#[test]
fn a_declared_grade_is_checked_against_both_totals() {
    let form = |total: &str, grade: &str, actual: &str| {
        compile_source(&format!(
            "项目 \"等级\" 2021 {{\n    资金 万元 {{\n        财政拨款 100 100 100\n        分值 10\n    }}\n    产出指标 {{\n        数量指标 {{\n            \"甲\" 目标 100次 实际 {actual} 分值 90 偏差 \"x\"\n        }}\n    }}\n    自评总得分 {total}\n    评价等级 {grade}\n}}\n"
        ))
    };
    // 10 + 90 × 86% = 87.4 (良).
    assert!(codes(&form("100", "优", "100次")).is_empty());
    assert!(
        codes(&form("100", "优秀", "100次")).is_empty(),
        "优秀 names 优"
    );
    assert!(codes(&form("87.4", "良好", "86次")).is_empty());
    // The grade follows a wrong declared total: W0403 and W0404, the note says the total is wrong.
    let compilation = form("96", "优", "86次");
    assert_eq!(codes(&compilation), vec!["W0403", "W0404"]);
    let notes: Vec<String> = compilation.diagnostics[1]
        .notes
        .iter()
        .map(|n| n.zh.clone())
        .collect();
    assert!(
        notes.iter().any(|note| note.contains("错在总分")),
        "{notes:?}"
    );
    // A grade that fits neither total.
    let compilation = form("87.4", "优", "86次");
    assert_eq!(codes(&compilation), vec!["W0404"]);
    // No computed total (a line cannot be scored): the declared total's band.
    let compilation = form("96", "良", "完成");
    assert!(has(&compilation, "W0404"), "{:?}", codes(&compilation));
    let compilation = form("96", "优", "完成");
    assert!(!has(&compilation, "W0404"), "{:?}", codes(&compilation));
}

// Transfer-payment forms (转移支付 / 专项资金): their fields and fund sources are known.

#[test]
fn transfer_payment_fields_and_sources_are_not_typos() {
    let source = "项目 \"转移支付\" 2023 {\n    转移支付（项目）名称 \"x\"\n    专项(项目)名称 \"x\"\n    中央主管部门 \"x\"\n    省级主管部门 \"x\"\n    地方主管部门 \"x\"\n    市县主管部门 \"x\"\n    资金使用单位 \"x\"\n    资金 万元 {\n        中央补助 100 100 90\n        省级补助 10 10 10\n        市县配套 5 5 0\n        合计 115 115 100\n        分值 10\n    }\n    产出指标 {\n        数量指标 {\n            \"甲\" 目标 10次 实际 10次 分值 90\n        }\n    }\n}\n";
    let compilation = compile_source(source);
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    let budget = &evaluation(&compilation).budget;
    assert_eq!(budget.total.adjusted_budget.agrees, Some(true));
    assert_eq!(
        show(budget.execution_rate.computed).as_deref(),
        Some("86.96")
    );
    // A near miss of a field that is not a template's label is still a typo.
    let typo = source.replace("资金使用单位", "主管部们");
    assert!(has(&compile_source(&typo), "W0505"));
}

// Mistakes real forms contain (docs/LANGUAGE.md §12.3, §12.2, §13).

/// A form with an execution weight and the given categories' body under 产出指标.
fn outputs_form(budget_row: &str, execution_weight: &str, outputs: &str) -> String {
    format!(
        "项目 \"产出\" 2022 {{\n    资金 万元 {{\n        财政拨款 {budget_row}\n        分值 {execution_weight}\n    }}\n    产出指标 {{\n{outputs}\n    }}\n}}\n"
    )
}

#[test]
fn a_cost_target_without_a_comparator_is_a_cap() {
    let cost = |line: &str| {
        outputs_form(
            "100 100 100",
            "10",
            &format!("        成本指标 {{\n            {line}\n        }}"),
        )
    };
    // Under the cap: full weight (as reverse), and the missing comparator is named.
    let compilation = compile_source(&cost("\"建设成本\" 目标 40万元 实际 38万元 分值 90"));
    assert_eq!(codes(&compilation), vec!["W0512"]);
    assert_eq!(
        show(evaluation(&compilation).indicators[0].score.computed).as_deref(),
        Some("90.00")
    );
    // Over the cap: reverse ratio 90 × 40 / 50 = 72.
    let compilation = compile_source(&cost(
        "\"建设成本\" 目标 40万元 实际 50万元 分值 90 偏差 \"x\"",
    ));
    assert_eq!(
        show(evaluation(&compilation).indicators[0].score.computed).as_deref(),
        Some("72.00")
    );
    // Scored as higher-is-better (9.5 = 10 × 38 / 40): named.
    let compilation = compile_source(&cost(
        "\"建设成本\" 目标 40万元 实际 38万元 分值 90 得分 85.5",
    ));
    assert_eq!(codes(&compilation), vec!["W0512", "W0401"]);
    let notes: Vec<String> = compilation
        .diagnostics
        .iter()
        .flat_map(|d| d.notes.iter().map(|n| n.zh.clone()))
        .collect();
    assert!(
        notes.iter().any(|note| note.contains("越高越好")),
        "{notes:?}"
    );
    // With a comparator, a stated direction, a non-money unit or outside 成本: nothing.
    for line in [
        "\"建设成本\" 目标 ≤40万元 实际 38万元 分值 90",
        "\"建设成本\" 目标 40万元 实际 38万元 分值 90 反向",
        "\"成本节约率\" 目标 5% 实际 6% 分值 90",
        "\"单位成本\" 目标 800元/平方米 实际 780元/平方米 分值 90 反向",
    ] {
        let compilation = compile_source(&cost(line));
        assert!(
            codes(&compilation).is_empty(),
            "{line}: {:?}",
            codes(&compilation)
        );
    }
    let quantity = outputs_form(
        "100 100 100",
        "10",
        "        数量指标 {\n            \"资金\" 目标 40万元 实际 42万元 分值 90\n        }",
    );
    assert!(codes(&compile_source(&quantity)).is_empty());
}

#[test]
fn an_actual_written_as_a_target_is_named() {
    let line = |actual: &str| {
        outputs_form("100 100 100", "10", &format!("        数量指标 {{\n            \"渠道长度\" 目标 ≥266米 实际 {actual} 分值 90\n        }}"))
    };
    for actual in ["≥266米", ">266米", "≤266米", "不低于266米"] {
        assert_eq!(
            codes(&compile_source(&line(actual))),
            vec!["W0513"],
            "{actual}"
        );
    }
    // A postfix word states what was done (`2天以内`): not a restated target.
    for actual in ["266米", "272米", "=266米", "266米以上"] {
        assert!(codes(&compile_source(&line(actual))).is_empty(), "{actual}");
    }
}

#[test]
fn the_execution_rate_scored_twice_is_named() {
    let line = |name: &str, actual: &str| {
        format!("        时效指标 {{\n            \"{name}\" 目标 90% 实际 {actual} 分值 10\n        }}\n        数量指标 {{\n            \"甲\" 目标 1次 实际 1次 分值 80\n        }}")
    };
    // Scored in the budget block and as an indicator.
    for name in [
        "预算执行率",
        "预算资金执行率",
        "项目资金执行率",
        "预算完成率",
    ] {
        let compilation = compile_source(&outputs_form("100 100 100", "10", &line(name, "100%")));
        assert_eq!(codes(&compilation), vec!["W0308"], "{name}");
    }
    // Other rates are not the execution rate.
    let compilation = compile_source(&outputs_form(
        "100 100 100",
        "10",
        &line("政府采购执行率", "100%"),
    ));
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    // A budget block with no points: the indicator is the execution score, checked against the rate.
    let compilation = compile_source(&outputs_form("100 100 95", "0", &line("预算执行率", "95%")));
    assert_eq!(codes(&compilation), vec!["W0202"]);
    let compilation = compile_source(&outputs_form(
        "100 100 95",
        "0",
        &line("预算执行率", "100%"),
    ));
    assert_eq!(codes(&compilation), vec!["W0202", "W0301"]);
}

#[test]
fn outputs_all_achieved_with_the_money_unspent_is_judged_under_strict() {
    let strict = jixiao::Options {
        strict: true,
        ..jixiao::Options::default()
    };
    let outputs = "        数量指标 {\n            \"土样\" 目标 ≧60个 实际 60个 分值 45\n            \"面积\" 目标 ≧200亩 实际 200亩 分值 45\n        }";
    let run =
        |row: &str| jixiao::compile(&outputs_form(row, "10", outputs), Some("input.jx"), &strict);
    // 10.77% executed: judged; 50% executed (the boundary) or one output short: not.
    assert!(has(&run("278.4449 278.4449 30"), "W0604"));
    assert!(!has(&run("100 100 50"), "W0604"));
    assert!(has(&run("100 100 49.99"), "W0604"));
    let short = outputs.replace("实际 60个 分值 45", "实际 50个 分值 45 偏差 \"x\"");
    let compilation = jixiao::compile(
        &outputs_form("100 100 10", "10", &short),
        Some("input.jx"),
        &strict,
    );
    assert!(!has(&compilation, "W0604"));
    // Not without --strict.
    assert!(!has(
        &compile_source(&outputs_form("100 100 10", "10", outputs)),
        "W0604"
    ));
}

#[test]
fn funds_split_two_ways_each_add_up_to_the_total() {
    let form = |spending: &str| {
        budget_form(
            "- 1325.68 -\n        政府性基金拨款 - 118.82 -\n        其他资金 - 585.62 -\n        合计 861.10 2030.12 2030.12",
            &format!("{spending}\n分值 10\n得分 10"),
            "\"甲\" 目标 10次 实际 10次 分值 90",
        )
    };
    // Both splits add up: nothing; the income split's known sources are not the whole budget.
    let compilation = form("基本支出 - 1004.92 -\n项目支出 - 1025.20 -");
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    assert_eq!(
        show(evaluation(&compilation).budget.execution_rate.computed).as_deref(),
        Some("100.00")
    );
    // The spending split falls short by 104.45: W0304 naming the split, once.
    let compilation = form("基本支出 - 900.47 -\n项目支出 - 1025.20 -");
    assert_eq!(codes(&compilation), vec!["W0304"]);
    assert!(compilation.diagnostics[0]
        .message
        .zh
        .contains("按支出性质分"));
    assert!(compilation.diagnostics[0].message.zh.contains("104.45"));
}

#[test]
fn a_zero_budget_printed_as_one_hundred_percent_is_named_once() {
    let compilation = budget_form(
        "0 0 0",
        "执行率 100%\n分值 10\n得分 10",
        "\"甲\" 目标 10次 实际 10次 分值 90",
    );
    assert_eq!(codes(&compilation), vec!["W0306"]);
    let notes: Vec<String> = compilation.diagnostics[0]
        .notes
        .iter()
        .map(|n| n.zh.clone())
        .collect();
    assert!(notes.iter().any(|note| note.contains("0 ÷ 0")), "{notes:?}");
    assert!(
        notes.iter().any(|note| note.contains("得分 10")),
        "{notes:?}"
    );
    // Without a declared rate or score: the plain W0306.
    let compilation = budget_form("0 0 0", "分值 10", "\"甲\" 目标 10次 实际 10次 分值 90");
    assert_eq!(codes(&compilation), vec!["W0306"]);
}

#[test]
fn a_budget_printed_with_one_column_is_rated_against_it() {
    // 年初预算数 and 全年执行数 only: 90 / 100.
    let compilation = budget_form(
        "100 - 90",
        "分值 10\n得分 9",
        "\"甲\" 目标 10次 实际 10次 分值 90",
    );
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    let budget = &evaluation(&compilation).budget;
    assert_eq!(
        show(budget.execution_rate.computed).as_deref(),
        Some("90.00")
    );
    assert_eq!(
        show(budget.execution_score.computed).as_deref(),
        Some("9.00")
    );
    // With 全年预算数 written, it is the base as always.
    let compilation = budget_form(
        "100 120 90",
        "分值 10\n得分 7.5",
        "\"甲\" 目标 10次 实际 10次 分值 90",
    );
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    // No budget column at all: still an error.
    let compilation = budget_form("- - 90", "分值 10", "\"甲\" 目标 10次 实际 10次 分值 90");
    assert!(has(&compilation, "E0102"), "{:?}", codes(&compilation));
}

#[test]
fn a_declared_total_above_what_the_form_can_reach_is_reported() {
    // Weights add up to 100, every line at full marks: 100 is the most; 105 is W0403.
    let source = form("100 100 100", "\"甲\" 目标 10次 实际 10次 分值 90 得分 90")
        .replace("    产出指标 {", "    自评总得分 105\n    产出指标 {");
    let compilation = compile_source(&source);
    assert_eq!(codes(&compilation), vec!["W0403"]);
}

#[test]
fn scores_above_their_weights_are_reported_even_when_the_total_adds_up() {
    // 甲 declares 50 of 40, 乙 30 of 40: the total 100 = 10 + 50 + 30 + 10 adds up, the lines do not.
    let source = "项目 \"超分\" 2021 {\n    资金 万元 {\n        财政拨款 100 100 100\n        分值 10\n        得分 10\n    }\n    产出指标 {\n        数量指标 {\n            \"甲\" 目标 10次 实际 10次 分值 40 得分 50\n            \"乙\" 目标 10次 实际 7.5次 分值 40 得分 30 偏差 \"x\"\n        }\n    }\n    效益指标 {\n        社会效益指标 {\n            \"丙\" 目标 1次 实际 1次 分值 10 得分 10\n        }\n    }\n    自评总得分 100\n}\n";
    let compilation = compile_source(source);
    // The declared total is the sum of the declared lines (100); the lines are not right (90),
    // and 甲's 50 is more than its weight (W0408).
    let mut found = codes(&compilation);
    found.sort_unstable();
    assert_eq!(found, vec!["W0401", "W0403", "W0408"]);
    assert!(compilation
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.code.as_str() == "W0401"
            && diagnostic.message.zh.contains("50")));
}

#[test]
fn a_layout_whose_execution_carries_no_points_states_its_own_level1_weights() {
    let strict = jixiao::Options {
        strict: true,
        ..jixiao::Options::default()
    };
    let layout = |execution: &str| {
        format!(
            "项目 \"版式\" 2021 {{\n    资金 万元 {{\n        财政拨款 100 100 100\n        分值 {execution}\n    }}\n    产出指标 40分 {{\n        数量指标 {{\n            \"甲\" 目标 1次 实际 1次 分值 40\n        }}\n    }}\n    效益指标 40分 {{\n        社会效益指标 {{\n            \"乙\" 目标 1次 实际 1次 分值 40\n        }}\n    }}\n    满意度指标 20分 {{\n        服务对象满意度指标 {{\n            \"丙\" 目标 90% 实际 95% 分值 20\n        }}\n    }}\n}}\n"
        )
    };
    let compilation = jixiao::compile(&layout("0"), Some("input.jx"), &strict);
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    // With execution points, the same weights are an adjustment (and do not add up).
    let compilation = jixiao::compile(&layout("10"), Some("input.jx"), &strict);
    assert!(has(&compilation, "W0603"), "{:?}", codes(&compilation));
}

#[test]
fn a_total_alone_printed_coarser_is_named_as_such() {
    // 10 × 94.19% = 9.42 + 90 = 99.42, printed as 99 with no line scores declared.
    let source = form("165 165 155.41", "\"甲\" 目标 10次 实际 10次 分值 90")
        .replace("    产出指标 {", "    自评总得分 99\n    产出指标 {");
    let compilation = compile_source(&source);
    assert_eq!(codes(&compilation), vec!["W0407"]);
    assert!(compilation.diagnostics[0]
        .message
        .zh
        .contains("自评总得分取整到整数"));
    // 98 is not 99.42 rounded: W0403.
    let compilation = compile_source(&source.replace("自评总得分 99", "自评总得分 98"));
    assert_eq!(codes(&compilation), vec!["W0403"]);
}

#[test]
fn an_execution_score_left_blank_is_reported_with_its_value() {
    let line = "\"甲\" 目标 10次 实际 10次 分值 90";
    // Over-execution (102.59%) and a blank score cell: W0303 saying it scores 100%, and W0305.
    let compilation = budget_form("329.77 329.77 338.31", "分值 10\n得分 -", line);
    assert_eq!(codes(&compilation), vec!["W0305", "W0303"]);
    let notes: Vec<String> = compilation.diagnostics[1]
        .notes
        .iter()
        .map(|n| n.zh.clone())
        .collect();
    assert!(
        notes.iter().any(|note| note.contains("按 100% 计分")),
        "{notes:?}"
    );
    // A blank score where execution carries no points: nothing.
    let compilation = budget_form(
        "100 100 90",
        "分值 0\n得分 -",
        "\"甲\" 目标 10次 实际 10次 分值 100",
    );
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
}

#[test]
fn a_template_with_project_decision_and_management_uses_its_own_categories() {
    let source = |criterion: &str| {
        format!(
            "项目 \"湖北\" 2021 {{\n    资金 万元 {{\n        财政拨款 100 100 100\n        分值 10\n    }}\n    项目决策 {{\n        {criterion}\n    }}\n    项目管理 {{\n        \"财务制度\" 分值 3 得分 3\n    }}\n    产出指标 {{\n        数量指标 {{\n            \"甲\" 目标 1次 实际 1次 分值 85\n        }}\n    }}\n}}\n"
        )
    };
    // Criteria rows with a score and no target or actual: no W0201, no W0503.
    let compilation = compile_source(&source("\"决策依据\" 分值 2 得分 2"));
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    // A criterion with nothing to score from is still an error.
    let compilation = compile_source(&source("\"决策依据\" 分值 2"));
    assert!(has(&compilation, "E0107"), "{:?}", codes(&compilation));
    // Another level-1 name is still not standard.
    let other = source("\"决策依据\" 分值 2 得分 2").replace("项目决策 {", "项目决算 {");
    assert!(has(&compile_source(&other), "W0201"));
}

#[test]
fn parent_rows_restating_their_children_are_checked_and_not_counted_twice() {
    let form = |parent: &str| {
        format!(
            "项目 \"父行\" 2022 {{\n    资金 万元 {{\n        财政拨款 100 100 100\n        分值 10\n    }}\n    产出指标 {{\n        数量指标 {{\n            {parent} {{\n                \"1、水稻\" 目标 500亩 实际 500亩 分值 40 得分 40\n                \"2、玉米\" 目标 1000亩 实际 1000亩 分值 40 得分 40\n            }}\n            \"三、土样\" 目标 60个 实际 60个 分值 10 得分 10\n        }}\n    }}\n}}\n"
        )
    };
    // The parent's 80 = 40 + 40: nothing, and the total counts the children once (10 + 80 + 10).
    let compilation = compile_source(&form("一、示范区建立 分值 80 得分 80"));
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    assert_eq!(
        show(evaluation(&compilation).total.computed).as_deref(),
        Some("100.00")
    );
    // A parent that does not restate its children.
    let compilation = compile_source(&form("一、示范区建立 分值 85 得分 75"));
    assert_eq!(codes(&compilation), vec!["W0203", "W0405"]);
}

#[test]
fn a_budget_with_no_executed_amount_is_checked_for_what_it_has() {
    let compilation = budget_form(
        "- 100 -",
        "分值 10",
        "\"甲\" 目标 10次 实际 8次 分值 90 得分 90 偏差 \"x\"",
    );
    // A warning, not an error: the indicators are scored and their mistakes found.
    assert_eq!(codes(&compilation), vec!["W0309", "W0401"]);
    assert!(!compilation.forms[0].has_errors);
    assert_eq!(evaluation(&compilation).total.computed, None);
    // No budget column at all is still an error.
    assert!(has(
        &budget_form("- - -", "分值 10", "\"甲\" 目标 1次 实际 1次 分值 90"),
        "E0102"
    ));
}

#[test]
fn a_transfer_payment_region_form_without_weights_is_checked_not_scored() {
    let source = "项目 \"农业生产发展资金\" 2023 {\n    评分规则 transfer-payment\n    转移支付（项目）名称 \"农业生产发展资金\"\n    中央主管部门 \"农业农村部\"\n    地方主管部门 \"县农业农村局\"\n    资金使用单位 \"县农业农村局\"\n    资金 万元 {\n        年度资金总额 - 500 480\n        中央补助 - 400 390\n        地方资金 - 100 90\n        其他资金 - - -\n    }\n    年度总体目标 {\n        预期目标 \"完成高标准农田建设\"\n        实际完成 \"完成\"\n    }\n    产出指标 {\n        数量指标 {\n            \"高标准农田建设面积\" 目标 ≥1万亩 实际 1.2万亩\n        }\n        时效指标 {\n            \"项目完成时间\" 目标 2023年12月 实际 2023年11月\n        }\n    }\n    满意度指标 {\n        服务对象满意度指标 {\n            \"受益农户满意度\" 目标 ≥90% 实际 95%\n        }\n    }\n}\n";
    let compilation = compile_source(source);
    assert!(codes(&compilation).is_empty(), "{:?}", codes(&compilation));
    assert_eq!(
        show(evaluation(&compilation).budget.execution_rate.computed).as_deref(),
        Some("96.00")
    );
    // Its mistakes are still found: a missed deadline, with no 未完成原因分析 (W0501).
    let late = source.replace("实际 2023年11月", "实际 2024年2月");
    assert_eq!(codes(&compile_source(&late)), vec!["W0501", "W0511"]);
}
