//! W0407: scores printed coarser than the profile's precision, reported once for the form.
//! Source: 财预〔2020〕10号 第二十二、二十三条; docs/LANGUAGE.md §12.10.

use crate::diag::{Code, Diagnostic};
use crate::model::{Difference, Evaluation};
use crate::policy::Profile;
use crate::syntax::ast::Form;
use crate::tr;

/// W0407: every line whose declared score is the computed one rounded to fewer decimals than
/// the profile prints, in one diagnostic with the effect on the total and the grade.
pub(super) fn check(
    form: &Form,
    evaluation: &Evaluation,
    profile: &Profile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // (span, declared, computed) of each line rounded coarser. The precision named is the finest
    // the form uses for them (`1` beside `1.4` is 1.0 at one decimal).
    let mut lines = Vec::new();
    if evaluation.budget.score_difference == Some(Difference::RoundedCoarser) {
        if let (Some(budget), Some(computed)) =
            (&form.budget, evaluation.budget.execution_score.computed)
        {
            if let Some(declared) = &budget.declared_score {
                lines.push((declared.span, declared.value, computed.0));
            }
        }
    }
    for (reference, evaluated) in form.indicators().into_iter().zip(&evaluation.indicators) {
        if evaluated.score_difference != Some(Difference::RoundedCoarser) {
            continue;
        }
        if let (Some(declared), Some(computed)) = (
            &reference.indicator.declared_score,
            evaluated.score.computed,
        ) {
            lines.push((declared.span, declared.value, computed.0));
        }
    }
    let total_coarse = evaluation.total_difference == Some(Difference::RoundedCoarser);
    let declared_total = form.declared_total.as_ref().filter(|_| total_coarse);
    let Some(first) = lines
        .first()
        .map(|(span, _, _)| *span)
        .or(declared_total.map(|total| total.span))
    else {
        return;
    };
    let decimals = lines
        .iter()
        .map(|(_, declared, _)| declared.scale())
        .chain(declared_total.map(|total| total.value.scale()))
        .max()
        .unwrap_or_default();
    let (places_zh, places_en) = match decimals {
        0 => ("整数".to_string(), "whole points".to_string()),
        n => (format!(" {n} 位小数"), format!("{n} decimal(s)")),
    };
    let (profile_decimals, count) = (profile.decimals, lines.len());
    let message = if count == 0 {
        tr!(
            "本表自评总得分取整到{places_zh}（评分规则为 {profile_decimals} 位小数），与计算值仅差取整",
            "the form rounds its total to {places_en} (the profile prints {profile_decimals} decimals); it differs from the computed total by rounding only"
        )
    } else {
        tr!(
            "本表得分取整到{places_zh}（评分规则为 {profile_decimals} 位小数）：{count} 行得分与计算值仅差取整",
            "the form rounds its scores to {places_en} (the profile prints {profile_decimals} decimals): {count} line(s) differ from the computed score by rounding only"
        )
    };
    let mut diagnostic = Diagnostic::new(
        Code::ScoresRoundedCoarser,
        declared_total.map_or(first, |total| total.span),
        message,
    )
    .with_span_message(tr!("取整后的得分", "a rounded score"));
    for (span, declared, computed) in &lines {
        diagnostic = diagnostic.with_label(
            *span,
            tr!(
                "申报 {declared}，计算 {computed}",
                "declared {declared}, computed {computed}"
            ),
        );
    }
    if let (Some(declared), Some(computed)) = (&form.declared_total, evaluation.total.computed) {
        if declared.value != computed.0 {
            let declared_value = declared.value;
            diagnostic = diagnostic.with_note(tr!(
                "自评总得分：申报 {declared_value}，按 {profile_decimals} 位小数计算为 {computed}",
                "total: declared {declared_value}, computed at {profile_decimals} decimals {computed}"
            ));
            let (declared_grade, computed_grade) =
                (profile.grade(declared.value), profile.grade(computed.0));
            if declared_grade != computed_grade {
                diagnostic = diagnostic.with_note(tr!(
                    "评价等级因此由 {computed_grade} 变为 {declared_grade}",
                    "the grade moves from {computed_grade} to {declared_grade} as a result"
                ));
            }
        }
    }
    if declared_total.is_some() {
        diagnostic = diagnostic.with_fact("total");
    }
    diagnostics.push(diagnostic);
}
