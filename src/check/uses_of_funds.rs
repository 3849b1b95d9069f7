//! Uses of funds (资金用途): purposes adding up to their total, no purpose overspent, and the
//! totals matching the budget block (in the budget's unit and precision).
//! Source: tests/corpus/real/009-chizhou-tangxi-cunji.jx (a real form whose itemised plan does not add up).

use crate::diag::{Code, Diagnostic};
use crate::model::{Evaluation, Number};
use crate::syntax::ast::{Form, MoneyUnit, UseOfFunds, UsesOfFunds};
use crate::tr;
use rust_decimal::Decimal;

/// W0310, W0311, W0312.
pub(super) fn check(form: &Form, evaluation: &Evaluation, diagnostics: &mut Vec<Diagnostic>) {
    for (goal, evaluated) in form.goals.iter().zip(&evaluation.goals) {
        let (Some(uses), Some(model)) = (&goal.uses_of_funds, &evaluated.uses_of_funds) else {
            continue;
        };
        totals(uses, model, diagnostics);
        overspent(uses, diagnostics);
        against_budget(uses, model, evaluation, diagnostics);
    }
}

type Pick = fn(&UseOfFunds) -> &Option<crate::syntax::Spanned<Decimal>>;

/// W0310: the stated 合计 differs from the sum of the purposes.
fn totals(
    uses: &UsesOfFunds,
    model: &crate::model::UsesOfFunds,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(total) = &uses.total else { return };
    let columns: [(crate::lang::Text, &crate::model::Checked<Number>, Pick); 2] = [
        (tr!("计划", "planned"), &model.planned_total, |row| {
            &row.planned
        }),
        (tr!("实际", "actual"), &model.actual_total, |row| {
            &row.actual
        }),
    ];
    for (column, checked, pick) in columns {
        let (Some(stated), Some(sum), true) = (pick(total), checked.computed, checked.disagrees())
        else {
            continue;
        };
        let terms: Vec<String> = uses
            .rows
            .iter()
            .filter_map(|row| pick(row).as_ref().map(|cell| cell.value.to_string()))
            .collect();
        let mut diagnostic = Diagnostic::new(
            Code::UsesNotSumming,
            stated.span,
            crate::lang::Text::new(
                format!(
                    "资金用途的{}合计为 {}，各用途之和为 {sum}",
                    column.zh, stated.value
                ),
                format!(
                    "the {} total of the uses of funds is {}, the purposes add up to {sum}",
                    column.en, stated.value
                ),
            ),
        )
        .with_span_message(tr!("合计", "total"))
        .with_note(tr!("{} = {sum}", "{} = {sum}", terms.join(" + ")));
        for row in &uses.rows {
            if let Some(cell) = pick(row) {
                diagnostic = diagnostic.with_label(cell.span, tr!("{}", "`{}`", row.label.value));
            }
        }
        diagnostics.push(diagnostic);
    }
}

/// W0311: a purpose whose actual amount exceeds its planned amount.
fn overspent(uses: &UsesOfFunds, diagnostics: &mut Vec<Diagnostic>) {
    for row in &uses.rows {
        let (Some(planned), Some(actual)) = (&row.planned, &row.actual) else {
            continue;
        };
        if actual.value > planned.value {
            diagnostics.push(
                Diagnostic::new(
                    Code::UseOverspent,
                    actual.span,
                    tr!(
                        "用途 `{}` 实际 {} 超过计划 {}",
                        "purpose `{}` spent {} against a plan of {}",
                        row.label.value,
                        actual.value,
                        planned.value
                    ),
                )
                .with_span_message(tr!("实际", "actual"))
                .with_label(planned.span, tr!("计划", "planned")),
            );
        }
    }
}

/// W0312: the planned total matches neither 年初预算数 nor 全年预算数, or the actual total
/// differs from 全年执行数. The comparison (unit and precision) is eval's
/// ([`crate::model::UsesOfFunds::planned_matches_budget`]); this reports it.
fn against_budget(
    uses: &UsesOfFunds,
    model: &crate::model::UsesOfFunds,
    evaluation: &Evaluation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let budget = &evaluation.budget;
    let figure = |checked: &crate::model::Checked<Number>| {
        checked.computed.or(checked.declared).map(|number| number.0)
    };
    let span = uses
        .total
        .as_ref()
        .map_or(uses.span, |total| total.label.span);
    let unit = |unit: MoneyUnit| match unit {
        MoneyUnit::Yuan => "元",
        MoneyUnit::TenThousandYuan => "万元",
    };
    let stated = |checked: &crate::model::Checked<Number>| {
        checked.declared.or(checked.computed).map(|number| number.0)
    };
    if let (Some(false), Some(planned)) =
        (model.planned_matches_budget, stated(&model.planned_total))
    {
        let mut budgets: Vec<Decimal> = [
            figure(&budget.total.initial_budget),
            figure(&budget.total.adjusted_budget),
        ]
        .into_iter()
        .flatten()
        .collect();
        budgets.dedup();
        let listed: Vec<String> = budgets
            .iter()
            .map(|figure| format!("{figure}{}", unit(budget.unit)))
            .collect();
        diagnostics.push(
            Diagnostic::new(
                Code::UsesDisagreeWithBudget,
                span,
                tr!(
                    "资金用途计划合计 {planned}{} 与预算数（{}）不符",
                    "the planned uses of funds, {planned}{}, match no budget figure ({})",
                    unit(uses.unit),
                    listed.join("、")
                ),
            )
            .with_span_message(tr!("计划合计", "planned total")),
        );
    }
    if let (Some(false), Some(actual), Some(executed)) = (
        model.actual_matches_executed,
        stated(&model.actual_total),
        figure(&budget.total.executed),
    ) {
        diagnostics.push(
            Diagnostic::new(
                Code::UsesDisagreeWithBudget,
                span,
                tr!(
                    "资金用途实际合计 {actual}{} 与全年执行数 {executed}{} 不符",
                    "the actual uses of funds, {actual}{}, differ from the executed {executed}{}",
                    unit(uses.unit),
                    unit(budget.unit)
                ),
            )
            .with_span_message(tr!("实际合计", "actual total")),
        );
    }
}
