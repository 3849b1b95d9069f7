//! 资金用途 against the budget block: the planned total against 年初预算数 / 全年预算数, the
//! actual total against 全年执行数, in the budget's unit (元 ↔ 万元) and at the precision each
//! budget figure is written with (a plan of 1,740,000 元 is 174 万元, and agrees with `174.00`).
//! Source: tests/corpus/real/009-chizhou-tangxi-cunji.jx (a real form whose itemised plan does not match its budget).

use super::rounding::round_to;
use crate::model::{Budget, Checked, MoneyUnit, Number, UsesOfFunds};
use rust_decimal::Decimal;

/// Fills `planned_matches_budget` and `actual_matches_executed` of `uses` from `budget`.
pub(super) fn compare_with_budget(uses: &mut UsesOfFunds, budget: &Budget) {
    let figure =
        |checked: &Checked<Number>| checked.computed.or(checked.declared).map(|number| number.0);
    let (from, to) = (uses.unit, budget.unit);
    let same = |amount: Decimal, budget_figure: Decimal| {
        to_unit(amount, from, to)
            .is_some_and(|amount| round_to(amount, budget_figure.scale()) == budget_figure)
    };
    let stated = |checked: &Checked<Number>| checked.declared.or(checked.computed).map(|n| n.0);
    let budgets: Vec<Decimal> = [
        figure(&budget.total.initial_budget),
        figure(&budget.total.adjusted_budget),
    ]
    .into_iter()
    .flatten()
    .collect();
    uses.planned_matches_budget = stated(&uses.planned_total)
        .filter(|_| !budgets.is_empty())
        .map(|planned| budgets.iter().any(|figure| same(planned, *figure)));
    uses.actual_matches_executed = stated(&uses.actual_total)
        .zip(figure(&budget.total.executed))
        .map(|(actual, executed)| same(actual, executed));
}

/// `amount` in `from` expressed in `to` (10,000 元 = 1 万元); `None` when it overflows.
pub(crate) fn to_unit(amount: Decimal, from: MoneyUnit, to: MoneyUnit) -> Option<Decimal> {
    let ten_thousand = Decimal::from(10_000);
    match (from, to) {
        (MoneyUnit::Yuan, MoneyUnit::TenThousandYuan) => amount.checked_div(ten_thousand),
        (MoneyUnit::TenThousandYuan, MoneyUnit::Yuan) => amount.checked_mul(ten_thousand),
        _ => Some(amount),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn amounts_convert_between_yuan_and_ten_thousand_yuan() {
        let check = |amount: &str, from, to, expected: &str| {
            assert_eq!(to_unit(number(amount), from, to), Some(number(expected)));
        };
        check(
            "1740000",
            MoneyUnit::Yuan,
            MoneyUnit::TenThousandYuan,
            "174",
        );
        check(
            "132.912",
            MoneyUnit::TenThousandYuan,
            MoneyUnit::Yuan,
            "1329120",
        );
        check("5", MoneyUnit::Yuan, MoneyUnit::Yuan, "5");
        assert_eq!(
            to_unit(Decimal::MAX, MoneyUnit::TenThousandYuan, MoneyUnit::Yuan),
            None
        );
    }
}
