//! Documented limits of the language (docs/LANGUAGE.md §3.1 and §3.2): how much input one file
//! may hold, and how large and how precise each kind of number may be.
//!
//! Two kinds of limits, both reported as diagnostics, never as a panic:
//!
//! - **Caps on the input** ([`MAX_FILE_BYTES`], [`MAX_LINE_BYTES`], [`MAX_FORMS`],
//!   [`MAX_INDICATORS`], code E0006): they bound the work and memory of every command. A file
//!   over the size or line cap is not parsed at all; forms and indicators past their cap are
//!   dropped from the tree.
//! - **Ranges of numbers** ([`bound_numbers`], code E0110): each number the evaluation reads is
//!   checked against its kind's bounds; a value outside them is reported on its span and left
//!   out of the tree, so that the evaluation never sees it.
//!
//! # Why these bounds keep the arithmetic inside `rust_decimal`
//!
//! A `Decimal` holds a 96-bit integer mantissa (|m| < 7.9·10^28) and a scale ≤ 28. Addition,
//! subtraction, multiplication and division panic only when the *integer part* of the result
//! does not fit (a result with too many decimals is rounded, `rescale` and `round_dp` never
//! fail). So it is enough to bound magnitudes. Every number has at most [`MAX_DECIMALS`] = 6
//! decimals, so a non-zero number of any kind, and any non-zero sum of numbers of one kind, is at
//! least 10^-6 in absolute value: that bounds every quotient.
//!
//! Counts: a number takes at least two bytes of source (a digit and a separator), so a file of
//! at most [`MAX_FILE_BYTES`] (2^26) holds fewer than n = 3.4·10^7 numbers; a form has at most
//! [`MAX_INDICATORS`] = 10^4 indicators.
//!
//! The quantities `eval` computes (`eval/execution.rs`, `eval/indicator.rs`, `eval/mod.rs`):
//!
//! | value | bound |
//! |---|---|
//! | a sum of amounts (fund rows, 资金用途) | n·A = 3.4·10^7 · 10^13 = 3.4·10^20 |
//! | execution rate = executed / budget × 100 | 3.4·10^20 / 10^-6 × 10^2 = 3.4·10^28 < 7.9·10^28 |
//! | execution score = weight × min(rate, 100) / 100 | P · 100 = 10^8 |
//! | 资金用途 in another unit (× 10^4) | computed with `checked_mul` (`eval/uses_of_funds.rs`) |
//! | declared fraction = score / weight, 系数 / 100 | P / 10^-6 = 10^12 |
//! | indicator score = weight × fraction | 10^6 · 10^12 = 10^18 (and × 100 for percent: 10^14) |
//! | completion = actual / target × 100 | Q / 10^-6 × 10^2 = 10^23 |
//! | reverse, linear: 1 − (actual − target) / target | 2Q / 10^-6 = 2·10^21 |
//! | positive, reverse ratio, interval coefficients | ≤ 1 (a ratio of the smaller to the larger) |
//! | converted score = coefficient × 权重占比 | 10^12 · 10^6 = 10^18 |
//! | a sum of indicator scores or weights | 10^4 · 10^18 = 10^22 |
//! | total = execution score + indicator scores | < 10^22 + 10^8 |
//! | rounding to ≤ 6 decimals (rescale) | 10^22 · 10^6 = 10^28 < 7.9·10^28 (and rescale never fails anyway) |
//!
//! with A = [`MAX_AMOUNT`], P = [`MAX_POINTS`] (also [`MAX_PERCENT`]), Q = [`MAX_QUANTITY`].
//! The settings of `jixiao.toml` that enter these formulas (`execution_weight`, `tolerance`,
//! thresholds, grade minimums) are held to the same bounds by `policy::config`. Raising any cap
//! or bound means redoing this table.

use super::ast::{self, Item};
use crate::diag::{Code, Diagnostic};
use crate::span::{Span, Spanned};
use crate::tr;
use rust_decimal::Decimal;

/// The largest source file read, in bytes (64 MiB: the 50 MB file of 4,800 generated forms of
/// BENCHMARKS.md fits). The command line refuses larger files before reading them;
/// [`crate::parse`] reports E0006 for a larger text.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The longest line read, in bytes (1 MiB).
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// The most forms in one file.
pub const MAX_FORMS: usize = 10_000;
/// The most indicators in one form (`其中` parts not counted).
pub const MAX_INDICATORS: usize = 10_000;

/// The most decimals of any number.
pub const MAX_DECIMALS: u32 = 6;
/// The largest amount (资金 figures, 资金用途), in the unit of its block.
pub const MAX_AMOUNT: i64 = 10_000_000_000_000;
/// The largest weight, score, subtotal or total, in points.
pub const MAX_POINTS: i64 = 1_000_000;
/// The largest percentage (执行率, 系数, 权重占比), in percent.
pub const MAX_PERCENT: i64 = 1_000_000;
/// The largest target or actual value.
pub const MAX_QUANTITY: i64 = 1_000_000_000_000_000;

/// What a number measures, which decides its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An amount of money.
    Amount,
    /// Points: a weight, a score, a subtotal, a total.
    Points,
    /// A percentage.
    Percent,
    /// A target or an actual value.
    Quantity,
}

impl Kind {
    /// The largest absolute value of the kind.
    pub(crate) fn maximum(self) -> Decimal {
        Decimal::from(match self {
            Kind::Amount => MAX_AMOUNT,
            Kind::Points => MAX_POINTS,
            Kind::Percent => MAX_PERCENT,
            Kind::Quantity => MAX_QUANTITY,
        })
    }

    fn name(self) -> (&'static str, &'static str) {
        match self {
            Kind::Amount => ("金额", "amount"),
            Kind::Points => ("分值或得分", "weight or score"),
            Kind::Percent => ("百分比", "percentage"),
            Kind::Quantity => ("指标值", "target or actual value"),
        }
    }
}

/// Why `value` is outside the bounds of `kind`, in words; `None` when it is within them.
pub(crate) fn out_of_range(value: Decimal, kind: Kind) -> Option<(String, String)> {
    let (zh, en) = kind.name();
    if value.abs() > kind.maximum() {
        let maximum = kind.maximum();
        return Some((
            format!("{zh}的绝对值最大为 {maximum}"),
            format!("the largest {en} is {maximum} in absolute value"),
        ));
    }
    // Normalising only drops trailing zeros: a scale within the cap stays within it.
    if value.scale() <= MAX_DECIMALS {
        return None;
    }
    let decimals = value.normalize().scale();
    (decimals > MAX_DECIMALS).then(|| {
        (
            format!("{zh}最多 {MAX_DECIMALS} 位小数，这里有 {decimals} 位"),
            format!("a {en} has at most {MAX_DECIMALS} decimals, this one has {decimals}"),
        )
    })
}

/// E0006 for a text over the file-size or line-length cap (the text is then not parsed).
pub(crate) fn check_size(source: &str) -> Option<Diagnostic> {
    if source.len() > MAX_FILE_BYTES {
        return Some(
            limit(
                Span::new(0, 0),
                tr!(
                    "文件有 {} 字节，超过 {} 字节（64 MiB）的限制，未读取",
                    "the file has {} bytes, more than the limit of {} bytes (64 MiB); it is not read",
                    source.len(),
                    MAX_FILE_BYTES
                ),
            )
            .with_span_message(tr!("文件过大", "file too large")),
        );
    }
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        if line.len() > MAX_LINE_BYTES {
            let mut end = start + 1;
            while !source.is_char_boundary(end) {
                end += 1;
            }
            return Some(
                limit(
                    Span::new(start, end),
                    tr!(
                        "这一行有 {} 字节，超过 {} 字节（1 MiB）的限制，文件未读取",
                        "this line has {} bytes, more than the limit of {} bytes (1 MiB); the file is not read",
                        line.len(),
                        MAX_LINE_BYTES
                    ),
                )
                .with_span_message(tr!("行过长", "line too long")),
            );
        }
        start += line.len();
    }
    None
}

/// E0006 for the forms past [`MAX_FORMS`] and the indicators past [`MAX_INDICATORS`] in a form;
/// both are dropped from `file`.
pub(crate) fn cap_counts(file: &mut ast::File) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if file.forms.len() > MAX_FORMS {
        let first = &file.forms[MAX_FORMS];
        diagnostics.push(
            limit(
                first.kind_span,
                tr!(
                    "文件有 {} 个表单，超过 {} 个的限制，其后的表单未读取",
                    "the file has {} forms, more than the limit of {}; the forms from here on are not read",
                    file.forms.len(),
                    MAX_FORMS
                ),
            )
            .with_span_message(tr!("第 {} 个表单", "form {}", MAX_FORMS + 1)),
        );
        file.forms.truncate(MAX_FORMS);
    }
    for form in &mut file.forms {
        let mut count = 0;
        let mut first_dropped = None;
        cap_items(&mut form.items, &mut count, &mut first_dropped);
        for goal in &mut form.goals {
            cap_items(&mut goal.items, &mut count, &mut first_dropped);
        }
        if let Some(span) = first_dropped {
            diagnostics.push(
                limit(
                    span,
                    tr!(
                        "表单有 {} 个指标，超过 {} 个的限制，其后的指标未读取",
                        "the form has {} indicators, more than the limit of {}; the indicators from here on are not read",
                        count,
                        MAX_INDICATORS
                    ),
                )
                .with_span_message(tr!("第 {} 个指标", "indicator {}", MAX_INDICATORS + 1)),
            );
        }
    }
    diagnostics
}

/// Keeps the first [`MAX_INDICATORS`] indicators of a tree (in source order); `count` counts
/// every indicator seen, `first_dropped` is the span of the first one dropped.
fn cap_items(items: &mut Vec<Item>, count: &mut usize, first_dropped: &mut Option<Span>) {
    items.retain_mut(|item| match item {
        Item::Category(category) => {
            cap_items(&mut category.items, count, first_dropped);
            true
        }
        Item::Indicator(indicator) => {
            *count += 1;
            if *count > MAX_INDICATORS {
                first_dropped.get_or_insert(indicator.span);
                false
            } else {
                true
            }
        }
    });
}

fn limit(span: Span, message: crate::lang::Text) -> Diagnostic {
    Diagnostic::new(Code::LimitExceeded, span, message)
}

/// E0110 for every number of `file` outside the bounds of its kind; each such number is taken
/// out of the tree (the evaluation then treats it as not written, and the form has an error).
pub(crate) fn bound_numbers(file: &mut ast::File) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for form in &mut file.forms {
        let mut out = Bounder {
            diagnostics: &mut diagnostics,
        };
        out.number(&mut form.declared_total, Kind::Points);
        if let Some(subtotal) = &mut form.declared_indicator_subtotal {
            out.number(&mut subtotal.weight, Kind::Points);
            out.number(&mut subtotal.score, Kind::Points);
        }
        if let Some(budget) = &mut form.budget {
            for row in &mut budget.rows {
                out.number(&mut row.initial_budget, Kind::Amount);
                out.number(&mut row.adjusted_budget, Kind::Amount);
                out.number(&mut row.executed, Kind::Amount);
            }
            out.number(&mut budget.weight, Kind::Points);
            out.number(&mut budget.declared_rate, Kind::Percent);
            out.number(&mut budget.declared_score, Kind::Points);
        }
        for goal in &mut form.goals {
            out.number(&mut goal.declared_weight, Kind::Points);
            if let Some(uses) = &mut goal.uses_of_funds {
                for row in uses.rows.iter_mut().chain(uses.total.as_mut()) {
                    out.number(&mut row.planned, Kind::Amount);
                    out.number(&mut row.actual, Kind::Amount);
                }
            }
            out.items(&mut goal.items);
        }
        out.items(&mut form.items);
    }
    diagnostics
}

struct Bounder<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Bounder<'_> {
    fn items(&mut self, items: &mut [Item]) {
        for item in items {
            match item {
                Item::Category(category) => {
                    self.number(&mut category.declared_weight, Kind::Points);
                    self.number(&mut category.declared_score, Kind::Points);
                    self.items(&mut category.items);
                }
                Item::Indicator(indicator) => self.indicator(indicator),
            }
        }
    }

    fn indicator(&mut self, indicator: &mut ast::Indicator) {
        self.number(&mut indicator.weight, Kind::Points);
        self.number(&mut indicator.declared_coefficient, Kind::Percent);
        self.number(&mut indicator.declared_score, Kind::Points);
        self.number(&mut indicator.weight_share, Kind::Percent);
        self.number(&mut indicator.declared_converted_score, Kind::Points);
        for slot in [
            &mut indicator.target,
            &mut indicator.initial_target,
            &mut indicator.adjusted_target,
            &mut indicator.actual,
        ] {
            self.quantity(slot);
        }
        for part in &mut indicator.parts {
            self.indicator(part);
        }
    }

    fn number(&mut self, slot: &mut Option<Spanned<Decimal>>, kind: Kind) {
        let Some(number) = slot else { return };
        if let Some(why) = out_of_range(number.value, kind) {
            self.report(number.span, number.value, why);
            *slot = None;
        }
    }

    fn quantity(&mut self, slot: &mut Option<super::quantity::Quantity>) {
        use super::quantity::QuantityValue;
        let Some(quantity) = slot else { return };
        let amounts = match &quantity.value {
            QuantityValue::Number { amount, .. } => [Some(*amount), None],
            QuantityValue::Range { low, high, .. } => [Some(*low), Some(*high)],
            QuantityValue::Words { .. } | QuantityValue::Time { .. } => [None, None],
        };
        if let Some((value, why)) = amounts
            .into_iter()
            .flatten()
            .find_map(|amount| out_of_range(amount, Kind::Quantity).map(|why| (amount, why)))
        {
            self.report(quantity.span, value, why);
            *slot = None;
        }
    }

    fn report(&mut self, span: Span, value: Decimal, (why_zh, why_en): (String, String)) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::NumberOutOfRange,
                span,
                tr!(
                    "数值 {value} 超出范围：{why_zh}",
                    "the number {value} is out of range: {why_en}"
                ),
            )
            .with_span_message(tr!("超出范围，未计入", "out of range, left out")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn within(value: Decimal, kind: Kind) -> bool {
        out_of_range(value, kind).is_none()
    }

    #[test]
    fn settings_have_the_bounds_of_points_and_percentages() {
        use crate::policy::config::{MAX_SETTING, MAX_SETTING_DECIMALS};
        assert_eq!(MAX_SETTING, MAX_POINTS);
        assert_eq!(MAX_SETTING, MAX_PERCENT);
        assert_eq!(MAX_SETTING_DECIMALS, MAX_DECIMALS);
    }

    #[test]
    fn bounds_by_kind() {
        assert!(within(dec("10000000000000"), Kind::Amount));
        assert!(!within(dec("10000000000001"), Kind::Amount));
        assert!(within(dec("0.000001"), Kind::Points));
        assert!(within(dec("1.0000000000"), Kind::Points));
        assert!(!within(dec("0.0000001"), Kind::Points));
        assert!(!within(dec("0.0000000000000000000000000001"), Kind::Amount));
        assert!(!within(
            dec("79228162514264337593543950335"),
            Kind::Quantity
        ));
        assert!(within(dec("-1000000"), Kind::Percent));
    }

    /// The worst cases of the table in the module documentation, computed with checked
    /// arithmetic: none overflows.
    #[test]
    fn the_worst_cases_fit() {
        let smallest = dec("0.000001");
        let numbers = Decimal::from(MAX_FILE_BYTES / 2);
        let amounts = numbers.checked_mul(Kind::Amount.maximum()).unwrap();
        let rate = amounts
            .checked_div(smallest)
            .and_then(|rate| rate.checked_mul(Decimal::ONE_HUNDRED))
            .unwrap();
        assert!(rate > Decimal::ZERO);
        let fraction = Kind::Points.maximum().checked_div(smallest).unwrap();
        let score = fraction.checked_mul(Kind::Points.maximum()).unwrap();
        let sum = score.checked_mul(Decimal::from(MAX_INDICATORS)).unwrap();
        let mut rounded = sum;
        rounded.rescale(MAX_DECIMALS);
        assert_eq!(rounded.scale(), MAX_DECIMALS);
        let completion = Kind::Quantity
            .maximum()
            .checked_div(smallest)
            .and_then(|ratio| ratio.checked_mul(Decimal::ONE_HUNDRED))
            .unwrap();
        assert!(completion > Decimal::ZERO);
    }
}
