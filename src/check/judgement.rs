//! Judgement checks: template placeholders (always on), and the heuristics that `--strict` adds
//! (inflated scores, satisfaction without a survey figure, adjusted level-1 weights).
//!
//! The strict-only codes are the `W06xx` range ([`crate::diag::Code::is_strict_only`]); the
//! pipeline drops them unless `Options::strict` is set, so these functions can always run.

use crate::diag::{Code, Diagnostic};
use crate::model::Evaluation;
use crate::policy::Profile;
use crate::syntax::ast::{self, Form, Item, Nature};
use crate::syntax::keywords;
use crate::tr;

/// W0510, W0601, W0602, W0603, W0604.
pub(super) fn check(
    form: &Form,
    evaluation: &Evaluation,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    placeholders(form, diagnostics);
    inflated_scores(form, evaluation, diagnostics);
    satisfaction_without_survey(form, evaluation, diagnostics);
    adjusted_level1_weights(form, profile, diagnostics);
    outputs_without_spending(form, evaluation, diagnostics);
}

/// Execution rate, percent, below which outputs all achieved are suspicious (W0604).
const LOW_EXECUTION_RATE: i64 = 50;

/// W0604 (`--strict`): every output indicator fully achieved while less than half of the budget
/// was spent (019: every output at 100% with 10.77% executed).
fn outputs_without_spending(
    form: &Form,
    evaluation: &Evaluation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(rate) = evaluation.budget.execution_rate.computed else {
        return;
    };
    if rate.0 >= rust_decimal::Decimal::from(LOW_EXECUTION_RATE) {
        return;
    }
    let outputs: Vec<&crate::model::Indicator> = evaluation
        .indicators
        .iter()
        .filter(|indicator| {
            indicator.level1.as_deref().map(keywords::standard_category) == Some("产出指标")
        })
        .collect();
    let achieved = |indicator: &&crate::model::Indicator| {
        indicator.basis == crate::model::Basis::Computed
            && indicator
                .coefficient
                .computed
                .is_some_and(|c| c.0 == rust_decimal::Decimal::ONE_HUNDRED)
    };
    if outputs.is_empty() || !outputs.iter().all(achieved) {
        return;
    }
    let count = outputs.len();
    let span = form
        .budget
        .as_ref()
        .and_then(|budget| budget.declared_rate.as_ref().map(|rate| rate.span))
        .unwrap_or(form.name.span);
    diagnostics.push(
        Diagnostic::new(
            Code::OutputsWithoutSpending,
            span,
            tr!(
                "全部 {count} 个产出指标都按完全达成计分，但预算执行率只有 {rate}%",
                "all {count} output indicators are scored as fully achieved, but only {rate}% of the budget was executed"
            ),
        )
        .with_span_message(tr!("执行率 {rate}%", "execution rate {rate}%"))
        .with_note(tr!(
            "执行率低于 {LOW_EXECUTION_RATE}% 而产出全部完成，完成值可能照抄了指标值",
            "with less than {LOW_EXECUTION_RATE}% executed and every output achieved, the actuals may restate the targets"
        )),
    );
}

/// Marks a template placeholder: `**`, `××`, `XX`, `……` or a bare `指标N：` (C10).
pub(super) fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    // One pass for the characters the marks are made of before looking for the marks.
    (text.contains(['*', '×', 'X', 'x'])
        && (text.contains("**")
            || text.contains("××")
            || text.contains("XX")
            || text.contains("xx")))
        || text == "……"
        || text == "..."
        || (text.starts_with("指标")
            && text
                .trim_start_matches("指标")
                .trim_end_matches([':', '：'])
                .chars()
                .all(|c| c.is_ascii_digit()))
}

/// W0510: template placeholders left in an indicator's name, target or actual (C10).
fn placeholders(form: &Form, diagnostics: &mut Vec<Diagnostic>) {
    for reference in form.indicators() {
        let indicator = reference.indicator;
        let cells = [
            Some((indicator.name.value.as_str(), indicator.name.span)),
            indicator
                .target
                .as_ref()
                .map(|target| (target.text.as_str(), target.span)),
            indicator
                .actual
                .as_ref()
                .map(|actual| (actual.text.as_str(), actual.span)),
        ];
        if let Some((text, span)) = cells
            .into_iter()
            .flatten()
            .find(|(text, _)| is_placeholder(text))
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::PlaceholderLeft,
                    span,
                    tr!(
                        "指标 `{}` 含有模板占位符 `{text}`",
                        "indicator `{}` still holds the template placeholder `{text}`",
                        indicator.name.value
                    ),
                )
                .with_span_message(tr!("占位符", "placeholder")),
            );
        }
    }
}

/// W0601 (strict): every indicator declared at full marks although some computed scores are
/// lower (C12: 刻意抬高分数).
fn inflated_scores(form: &Form, evaluation: &Evaluation, diagnostics: &mut Vec<Diagnostic>) {
    let declared: Vec<_> = evaluation
        .indicators
        .iter()
        .filter(|indicator| indicator.score.declared.is_some())
        .collect();
    if declared.len() < 2
        || declared
            .iter()
            .any(|indicator| indicator.score.declared.map(|s| s.0) != Some(indicator.weight.0))
    {
        return;
    }
    let short: Vec<_> = declared
        .iter()
        .filter(|indicator| {
            indicator.score.disagrees()
                && indicator.score_difference != Some(crate::model::Difference::RoundedCoarser)
        })
        .collect();
    if short.is_empty() {
        return;
    }
    let mut diagnostic = Diagnostic::new(
        Code::InflatedScores,
        form.name.span,
        tr!(
            "全部 {} 个指标都申报满分，但其中 {} 个按数据计算不足满分",
            "all {} indicators are declared at full marks, but {} of them score less by the figures",
            declared.len(),
            short.len()
        ),
    )
    .with_span_message(tr!("这个表单", "this form"));
    for (reference, evaluated) in form.indicators().into_iter().zip(&evaluation.indicators) {
        if evaluated.score.disagrees()
            && evaluated.score_difference != Some(crate::model::Difference::RoundedCoarser)
        {
            if let Some(score) = &reference.indicator.declared_score {
                diagnostic = diagnostic.with_label(
                    score.span,
                    tr!(
                        "申报满分，计算 {}",
                        "declared full marks, computed {}",
                        evaluated
                            .score
                            .computed
                            .map_or_else(String::new, |s| s.to_string())
                    ),
                );
            }
        }
    }
    diagnostics.push(diagnostic);
}

/// W0602 (strict): a satisfaction indicator whose actual is not a survey figure (C13).
fn satisfaction_without_survey(
    form: &Form,
    evaluation: &Evaluation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (reference, evaluated) in form.indicators().into_iter().zip(&evaluation.indicators) {
        let in_satisfaction = reference
            .path
            .iter()
            .any(|category| keywords::standard_category(&category.name.value).contains("满意度"));
        if !in_satisfaction {
            continue;
        }
        let indicator: &ast::Indicator = reference.indicator;
        let numeric = indicator
            .actual
            .as_ref()
            .is_some_and(|actual| actual.amount().is_some());
        if numeric && evaluated.nature == Nature::Quantitative {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::SatisfactionWithoutSurvey,
                indicator
                    .actual
                    .as_ref()
                    .map_or(indicator.name.span, |actual| actual.span),
                tr!(
                    "满意度指标 `{}` 的完成值不是调查得出的比率",
                    "satisfaction indicator `{}` has no survey figure as its actual",
                    indicator.name.value
                ),
            )
            .with_span_message(tr!("完成值", "actual")),
        );
    }
}

/// W0603 (strict): a declared level-1 weight that differs from the profile's default (allowed
/// by 财预〔2020〕10号 "如有特殊情况", but worth noting).
fn adjusted_level1_weights(form: &Form, profile: &Profile, diagnostics: &mut Vec<Diagnostic>) {
    // A layout whose execution carries no points (`分值 0`: 40/40/20 templates, or execution as
    // an indicator) states its own level-1 weights; the profile's defaults assume execution 10.
    let stated_layout = form
        .budget
        .as_ref()
        .and_then(|budget| budget.weight.as_ref())
        .is_some_and(|weight| weight.value.is_zero());
    if stated_layout {
        return;
    }
    for item in &form.items {
        let Item::Category(category) = item else {
            continue;
        };
        let Some(declared) = &category.declared_weight else {
            continue;
        };
        let name = keywords::standard_category(&category.name.value);
        let Some((_, default)) = profile
            .level1_weights
            .iter()
            .find(|(level1, _)| level1 == name)
        else {
            continue;
        };
        if declared.value != *default {
            diagnostics.push(
                Diagnostic::new(
                    Code::Level1WeightAdjusted,
                    declared.span,
                    tr!(
                        "`{}` 的分值 {} 与评分规则 {} 的默认值 {default} 不同",
                        "`{}` is worth {} points, not the default {default} of profile {}",
                        category.name.value,
                        declared.value,
                        profile.name
                    ),
                )
                .with_span_message(tr!("调整后的一级指标分值", "adjusted level-1 weight")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders() {
        for text in ["≥**人", "指标2：", "指标2", "……", "XX万元"] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in ["指标体系建设", "≥50个", "优", "2次"] {
            assert!(!is_placeholder(text), "{text}");
        }
    }
}
