//! The budget block: fund totals, the execution rate and its score (docs/DOMAIN.md scoring rule 2).

use super::rounding::{
    agrees_at_declared_precision, difference, rate_rounded_first, round_score, round_to,
    score_agrees, truncate_to,
};
use crate::model::{Basis, Budget, Checked, Difference, FundRow, FundTotals, Number};
use crate::policy::{Profile, RateBase};
use crate::syntax::ast::{self, FundSource};
use rust_decimal::Decimal;

/// Evaluates the budget block (or its absence: everything missing, execution score `None`).
///
/// Figures: the fund-source rows are the data; a stated total row (合计 / 年度资金总额) is a
/// declared value checked against their sum. With no source rows, the stated total is the data.
/// Rate: 全年执行数 / 全年预算数 × 100 (percent, exact); undefined when 全年预算数 is 0.
/// Score: weight × min(rate, 100%) / 100, rounded to the profile's decimals.
pub(super) fn evaluate_budget(budget: Option<&ast::Budget>, profile: &Profile) -> Budget {
    let Some(budget) = budget else {
        return Budget {
            unit: ast::MoneyUnit::default(),
            rows: Vec::new(),
            total: FundTotals {
                initial_budget: Checked::computed(None),
                adjusted_budget: Checked::computed(None),
                executed: Checked::computed(None),
            },
            weight: Number(profile.execution_weight),
            execution_rate: Checked::computed(None),
            rate_on_initial_budget: None,
            declared_rate_uses_initial_budget: false,
            execution_score: Checked::computed(None),
            basis: Basis::Missing,
            reason: None,
            rate_difference: None,
            score_difference: None,
        };
    };
    let rows: Vec<FundRow> = budget.rows.iter().map(fund_row).collect();
    let total = fund_totals(&budget.rows);
    let figure = |checked: &Checked<Number>| fund_figure(checked).map(|number| number.0);
    let initial = figure(&total.initial_budget);
    let adjusted = figure(&total.adjusted_budget);
    let executed = figure(&total.executed);

    let weight = budget
        .weight
        .as_ref()
        .map_or(profile.execution_weight, |weight| weight.value);
    // The denominator: 全年预算数 by default; a profile may choose 年初预算数.
    // A form that prints one budget only (年初预算数 and 全年执行数, no 全年预算数) is rated
    // against the one budget it prints.
    let (adjusted, initial) = match (profile.rate_base, adjusted) {
        (RateBase::Adjusted, None) => (initial, None),
        (RateBase::Adjusted, Some(_)) => (adjusted, initial),
        (RateBase::Initial, _) => (initial, None),
    };
    let rate = match (executed, adjusted) {
        (Some(executed), Some(adjusted)) if !adjusted.is_zero() => {
            Some(executed / adjusted * Decimal::ONE_HUNDRED)
        }
        _ => None,
    };
    let declared_rate = budget.declared_rate.as_ref().map(|rate| rate.value);
    let rate_on_initial_budget = match (executed, initial, adjusted) {
        (Some(executed), Some(initial), Some(adjusted))
            if !initial.is_zero() && initial != adjusted =>
        {
            Some(executed / initial * Decimal::ONE_HUNDRED)
        }
        _ => None,
    };
    // A rate is compared at the precision it is written with: `14%` and `0.144` agree with
    // 14.43%, and so does `0.1` (a fraction with one decimal stands for 5%–15%).
    let fraction = budget.declared_rate_is_fraction;
    let agrees_at = |declared: Decimal, rate: Decimal| {
        if fraction {
            round_to(rate / Decimal::ONE_HUNDRED, declared.scale())
                == declared / Decimal::ONE_HUNDRED
        } else {
            agrees_at_declared_precision(declared, rate)
        }
    };
    let rate_agrees = declared_rate
        .zip(rate)
        .map(|(declared, rate)| agrees_at(declared, rate));
    let declared_rate_uses_initial_budget = rate_agrees == Some(false)
        && declared_rate
            .zip(rate_on_initial_budget)
            .is_some_and(|(declared, on_initial)| agrees_at(declared, on_initial));
    let rate_difference = match (declared_rate, rate, rate_agrees) {
        (Some(declared), Some(rate), Some(false)) => Some(if declared_rate_uses_initial_budget {
            Difference::WrongBase
        } else if fraction {
            let (declared, rate) = (declared / Decimal::ONE_HUNDRED, rate / Decimal::ONE_HUNDRED);
            match truncate_to(rate, declared.scale()) == declared {
                true => Difference::Truncated,
                false => Difference::Other,
            }
        } else {
            match truncate_to(rate, declared.scale()) == declared {
                true => Difference::Truncated,
                false => Difference::Other,
            }
        }),
        _ => None,
    };

    // With no figures but a declared rate, the score can still follow from the declared rate.
    let (scoring_rate, basis) = match (rate, declared_rate, adjusted) {
        (Some(rate), _, _) => (Some(rate), Basis::Computed),
        (None, _, Some(adjusted)) if adjusted.is_zero() => (Some(Decimal::ZERO), Basis::Computed),
        (None, Some(declared), _) => (Some(declared), Basis::Declared),
        (None, None, _) => (None, Basis::Missing),
    };
    let exact_score =
        scoring_rate.map(|rate| weight * rate.min(Decimal::ONE_HUNDRED) / Decimal::ONE_HUNDRED);
    let score = exact_score.map(|score| round_score(score, profile));
    let declared_score = budget.declared_score.as_ref().map(|score| score.value);
    let score_agrees = declared_score
        .zip(exact_score)
        .map(|(declared, exact)| score_agrees(declared, exact, profile));
    let score_difference = match (declared_score, exact_score, score_agrees) {
        (Some(declared), Some(exact), Some(false)) => {
            let found = difference(declared, exact, profile.decimals);
            let rounded_first = scoring_rate
                .and_then(|rate| rate_rounded_first(declared, weight, rate))
                .is_some();
            Some(match found {
                // Full marks for a line that falls short is a mistake (missed and scored in
                // full), not a rounding: `5` for 4.84 under a weight of 5.
                Difference::RoundedCoarser if declared >= weight && exact < weight => {
                    Difference::Other
                }
                Difference::RoundedCoarser => found,
                _ if rounded_first => Difference::RateRoundedFirst,
                _ => found,
            })
        }
        _ => None,
    };

    Budget {
        unit: budget.unit,
        reason: budget.reason.as_ref().map(|reason| reason.value.clone()),
        rows,
        total,
        weight: Number(weight),
        execution_rate: Checked {
            declared: declared_rate.map(Number),
            computed: rate.map(|rate| Number(round_to(rate, 2))),
            agrees: rate_agrees,
        },
        rate_on_initial_budget: rate_on_initial_budget.map(|rate| Number(round_to(rate, 2))),
        declared_rate_uses_initial_budget,
        execution_score: Checked {
            declared: declared_score.map(Number),
            computed: score.map(Number),
            agrees: score_agrees,
        },
        basis,
        rate_difference,
        score_difference,
    }
}

/// The figure of a column the rate is computed from: the sum of the fund-source rows, unless
/// the stated total row is filled (not 0) and differs from it, then the total row. A sub-row
/// that restates the total with gaps, or a split of which one part is missing, must not make
/// the budget 0 or shrink it (the mismatch itself is W0304, reported once).
pub(crate) fn fund_figure(checked: &Checked<Number>) -> Option<Number> {
    match (checked.declared, checked.computed) {
        (Some(declared), Some(computed)) if !declared.0.is_zero() && declared != computed => {
            Some(declared)
        }
        (declared, computed) => computed.or(declared),
    }
}

fn fund_row(row: &ast::BudgetRow) -> FundRow {
    let amount = |cell: &Option<crate::syntax::Spanned<Decimal>>| {
        cell.as_ref().map(|cell| Number(cell.value))
    };
    FundRow {
        label: row.label.value.clone(),
        source: row.source,
        initial_budget: amount(&row.initial_budget),
        adjusted_budget: amount(&row.adjusted_budget),
        executed: amount(&row.executed),
    }
}

/// The total row: declared = the stated total row's cells; computed = the sum of the
/// fund-source rows' cells (only when there are source rows).
fn fund_totals(rows: &[ast::BudgetRow]) -> FundTotals {
    let stated = rows
        .iter()
        .find(|row| row.source == Some(FundSource::Total));
    let sources: Vec<&ast::BudgetRow> = rows
        .iter()
        .filter(|row| matches!(row.source, Some(source) if source != FundSource::Total))
        .collect();
    let column = |pick: fn(&ast::BudgetRow) -> &Option<crate::syntax::Spanned<Decimal>>| {
        let declared = stated
            .and_then(|row| pick(row).as_ref())
            .map(|cell| cell.value);
        let present: Vec<Decimal> = sources
            .iter()
            .filter_map(|row| pick(row).as_ref().map(|cell| cell.value))
            .collect();
        let computed = (!present.is_empty()).then(|| present.iter().copied().sum::<Decimal>());
        Checked {
            agrees: declared
                .zip(computed)
                .map(|(declared, computed)| declared == computed),
            declared: declared.map(Number),
            computed: computed.map(Number),
        }
    };
    FundTotals {
        initial_budget: column(|row| &row.initial_budget),
        adjusted_budget: column(|row| &row.adjusted_budget),
        executed: column(|row| &row.executed),
    }
}
