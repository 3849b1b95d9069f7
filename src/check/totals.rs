//! Weights and totals: weights summing to 100, category subtotals, 自评总得分 and the grade.
//! Source: 财预〔2020〕10号 第二十二、二十三条; docs/DOMAIN.md scoring rules 1, 8, 9.

use crate::diag::{Code, Diagnostic};
use crate::lang::Text;
use crate::model::Evaluation;
use crate::policy::Profile;
use crate::syntax::ast::Form;
use crate::syntax::Spanned;
use crate::tr;
use rust_decimal::Decimal;

/// W0202, W0203, W0405, W0403, W0404.
pub(super) fn check(
    form: &Form,
    evaluation: &Evaluation,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    weights(form, evaluation, profile, diagnostics);
    categories(form, evaluation, diagnostics);
    goals(form, evaluation, diagnostics);
    subtotal(form, evaluation, diagnostics);
    total(form, evaluation, profile, diagnostics);
}

/// W0202: execution weight + every indicator weight = 100, one label per weight.
fn weights(
    form: &Form,
    evaluation: &Evaluation,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let indicators = form.indicators();
    // A missing weight is already an error (E0102); the sum would only repeat it.
    let all_weighted = indicators
        .iter()
        .all(|reference| reference.indicator.weight.is_some());
    if indicators.is_empty() || !all_weighted || evaluation.weights_total.0 == profile.total_weight
    {
        return;
    }
    let execution_weight = evaluation.budget.weight;
    let mut diagnostic = Diagnostic::new(
        Code::WeightsNotHundred,
        form.name.span,
        tr!(
            "权重合计为 {}，应为 {}",
            "the weights add up to {}, not {}",
            evaluation.weights_total,
            profile.total_weight
        ),
    )
    .with_span_message(tr!("这个表单", "this form"));
    match form
        .budget
        .as_ref()
        .and_then(|budget| budget.weight.as_ref())
    {
        Some(weight) => {
            diagnostic = diagnostic.with_label(
                weight.span,
                tr!("执行率 {}", "execution rate {}", weight.value),
            );
        }
        None => {
            diagnostic = diagnostic.with_note(tr!(
                "执行率分值未写，按 {execution_weight} 计",
                "the execution rate has no weight written: {execution_weight} is assumed"
            ));
        }
    }
    let mut parts = vec![execution_weight.to_string()];
    for indicator in indicators.iter().map(|reference| reference.indicator) {
        if let Some(weight) = &indicator.weight {
            diagnostic = diagnostic.with_label(weight.span, weight.value.to_string());
            parts.push(weight.value.to_string());
        }
    }
    diagnostics.push(diagnostic.with_note(format!(
        "{} = {}",
        parts.join(" + "),
        evaluation.weights_total
    )));
}

/// W0203 (declared category weight) and W0405 (declared category score).
fn categories(form: &Form, evaluation: &Evaluation, diagnostics: &mut Vec<Diagnostic>) {
    for (index, (reference, evaluated)) in form
        .categories()
        .into_iter()
        .zip(&evaluation.categories)
        .enumerate()
    {
        let path = &reference.path;
        let Some(category) = path.last() else {
            continue;
        };
        let all_weighted = category
            .indicators()
            .iter()
            .all(|indicator| indicator.weight.is_some());
        if evaluated.weight.disagrees() && all_weighted {
            if let (Some(declared), Some(computed)) =
                (&category.declared_weight, evaluated.weight.computed)
            {
                let weights: Vec<&Spanned<Decimal>> = category
                    .indicators()
                    .into_iter()
                    .filter_map(|indicator| indicator.weight.as_ref())
                    .collect();
                diagnostics.push(weight_mismatch(
                    &category.name.value,
                    declared,
                    computed,
                    &weights,
                    format!("categories.{index}.weight"),
                ));
            }
        }
        if evaluated.score.disagrees() {
            if let (Some(declared), Some(computed)) =
                (&category.declared_score, evaluated.score.computed)
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::SubtotalMismatch,
                        declared.span,
                        tr!(
                            "`{}` 的得分为 {}，其下各指标得分之和为 {computed}",
                            "`{}` has score {}, but the scores of its indicators add up to {computed}",
                            category.name.value,
                            declared.value
                        ),
                    )
                    .with_span_message(tr!("申报 {}", "declared {}", declared.value))
                    .with_fact(format!("categories.{index}.score")),
                );
            }
        }
    }
}

/// W0203: a goal block's declared weight (`年度绩效目标1(40分)`) against its indicators.
fn goals(form: &Form, evaluation: &Evaluation, diagnostics: &mut Vec<Diagnostic>) {
    for (index, (goal, evaluated)) in form.goals.iter().zip(&evaluation.goals).enumerate() {
        let (Some(declared), Some(computed), true) = (
            &goal.declared_weight,
            evaluated.weight.computed,
            evaluated.weight.disagrees(),
        ) else {
            continue;
        };
        let members: Vec<_> = form
            .indicators()
            .into_iter()
            .filter(|reference| reference.goal == Some(index))
            .collect();
        if members
            .iter()
            .any(|reference| reference.indicator.weight.is_none())
        {
            continue;
        }
        let weights: Vec<&Spanned<Decimal>> = members
            .iter()
            .filter_map(|reference| reference.indicator.weight.as_ref())
            .collect();
        diagnostics.push(weight_mismatch(
            &goal.title.value,
            declared,
            computed,
            &weights,
            format!("goals.{index}.weight"),
        ));
    }
}

/// W0203 for a category or a goal block: its declared weight against its indicators' weights,
/// with a label on each weight.
fn weight_mismatch(
    name: &str,
    declared: &Spanned<Decimal>,
    computed: crate::model::Number,
    weights: &[&Spanned<Decimal>],
    fact: String,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        Code::CategoryWeightMismatch,
        declared.span,
        tr!(
            "`{name}` 的分值为 {}，其下各指标分值之和为 {computed}",
            "`{name}` has weight {}, but the weights of its indicators add up to {computed}",
            declared.value
        ),
    )
    .with_span_message(tr!("申报 {}", "declared {}", declared.value));
    let parts: Vec<String> = weights
        .iter()
        .map(|weight| weight.value.to_string())
        .collect();
    for weight in weights {
        diagnostic = diagnostic.with_label(weight.span, weight.value.to_string());
    }
    let note = if parts.is_empty() {
        tr!(
            "其下没有带分值的指标：合计 {computed}",
            "there are no weighted indicators below it: the sum is {computed}"
        )
    } else {
        let sum = parts.join(" + ");
        tr!("{sum} = {computed}", "{sum} = {computed}")
    };
    diagnostic.with_note(note).with_fact(fact)
}

/// W0405: 绩效指标总分 (weight and score) against the indicators.
fn subtotal(form: &Form, evaluation: &Evaluation, diagnostics: &mut Vec<Diagnostic>) {
    let Some(declared) = &form.declared_indicator_subtotal else {
        return;
    };
    let checked = &evaluation.indicator_subtotal;
    for (what, what_en, key, value, checked) in [
        (
            "分值",
            "weight",
            "weight",
            &declared.weight,
            &checked.weight,
        ),
        ("得分", "score", "score", &declared.score, &checked.score),
    ] {
        if let (Some(value), Some(computed), true) = (value, checked.computed, checked.disagrees())
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::SubtotalMismatch,
                    value.span,
                    tr!(
                        "绩效指标总分的{what}为 {}，各指标{what}之和为 {computed}",
                        "the indicator subtotal's {what_en} is {}, but the indicators' {what_en}s add up to {computed}",
                        value.value
                    ),
                )
                .with_span_message(tr!("申报 {}", "declared {}", value.value))
                .with_fact(format!("indicator_subtotal.{key}")),
            );
        }
    }
}

/// Whether a declared grade follows the declared total (then the total is what is wrong) or
/// contradicts it too.
fn grade_against_declared_total(
    form: &Form,
    profile: &Profile,
    declared_grade: &str,
) -> Option<Text> {
    let total = form.declared_total.as_ref()?;
    let (total, band) = (total.value, profile.grade(total.value));
    Some(if profile.grade_named(declared_grade) == Some(band) {
        tr!(
            "申报的等级与申报的总分 {total}（{band}）相符：错在总分",
            "the declared grade follows the declared total {total} ({band}): the total is what is wrong"
        )
    } else {
        tr!(
            "申报的等级与申报的总分 {total}（应为 {band}）也不符",
            "the declared grade contradicts the declared total {total} too (which is {band})"
        )
    })
}

/// W0403 (自评总得分) and W0404 (评价等级).
fn total(
    form: &Form,
    evaluation: &Evaluation,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let (Some(declared), Some(computed), true) = (
        &form.declared_total,
        evaluation.total.computed,
        evaluation.total.disagrees()
            && evaluation.total_difference != Some(crate::model::Difference::RoundedCoarser),
    ) {
        let execution = evaluation
            .budget
            .execution_score
            .computed
            .map_or_else(String::new, |score| score.to_string());
        let indicators = evaluation
            .indicator_subtotal
            .score
            .computed
            .map_or_else(String::new, |score| score.to_string());
        diagnostics.push(
            Diagnostic::new(
                Code::TotalMismatch,
                declared.span,
                tr!(
                    "申报的自评总得分 {} 与计算的 {computed} 不符",
                    "the declared total {} differs from the computed {computed}",
                    declared.value
                ),
            )
            .with_span_message(tr!("申报 {}", "declared {}", declared.value))
            .with_note(tr!(
                "自评总得分 = 执行率得分 + 各指标得分 = {execution} + {indicators} = {computed}",
                "total = execution score + indicator scores = {execution} + {indicators} = {computed}"
            ))
            .with_fact("total"),
        );
    }
    if let (Some(declared), Some(computed), true) = (
        &form.declared_grade,
        &evaluation.grade.computed,
        evaluation.grade.disagrees(),
    ) {
        let mut diagnostic = Diagnostic::new(
            Code::GradeMismatch,
            declared.span,
            tr!(
                "申报的评价等级 `{}` 与总分对应的 `{computed}` 不符",
                "the declared grade `{}` differs from `{computed}`, the grade of the total",
                declared.value
            ),
        )
        .with_span_message(tr!("申报 {}", "declared {}", declared.value))
        .with_note(tr!(
            "总分 {}：优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60",
            "total {}: `优` ≥ 90, `良` ≥ 80, `中` ≥ 60, `差` < 60",
            evaluation
                .total
                .computed
                .map_or_else(String::new, |total| total.to_string())
        ))
        .with_fact("grade");
        if let Some(note) = grade_against_declared_total(form, profile, &declared.value) {
            diagnostic = diagnostic.with_note(note);
        }
        diagnostics.push(diagnostic);
    }
    // With no computed total (a line cannot be scored), the declared grade is still checked
    // against the declared total.
    if let (Some(declared), Some(total), None) = (
        &form.declared_grade,
        &form.declared_total,
        &evaluation.grade.computed,
    ) {
        let band = profile.grade(total.value);
        if profile.grade_named(&declared.value) != Some(band) {
            diagnostics.push(
                Diagnostic::new(
                    Code::GradeMismatch,
                    declared.span,
                    tr!(
                        "申报的评价等级 `{}` 与申报的总分 {} 对应的 `{band}` 不符",
                        "the declared grade `{}` differs from `{band}`, the grade of the declared total {}",
                        declared.value,
                        total.value
                    ),
                )
                .with_span_message(tr!("申报 {}", "declared {}", declared.value))
                .with_label(total.span, tr!("申报的总分", "the declared total"))
                .with_fact("grade"),
            );
        }
    }
}
