//! Targets and actuals: `2次`, `≥50个`, `≤90万元`, `≥95%`, `90%~100%`, `98%以上`, `优`.
//!
//! Comparators come in math (`≥ ≤ > < =`), ASCII (`>=`, `<=`), full-width (`＞ ＜ ＝ ≧ ≦ ﹦`) and
//! word forms (`不低于`, `不超过`, postfix `以上`/`以下`/`以内`); `％` is `%` and `百分比` is `%`.
//! The original text is always kept for display.

use crate::span::Span;
use rust_decimal::Decimal;

/// The vocabulary of targets and actuals, shared with the `jixiao/1` model (defined there).
pub(crate) use crate::model::{Comparator, QuantityValue};
use std::str::FromStr;

/// A target or actual value with its original text and span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The text as written.
    pub text: String,
    /// Where it was written.
    pub span: Span,
    /// What it says.
    pub value: QuantityValue,
}

impl Quantity {
    /// Reads `text` (already unquoted) written at `span`.
    pub fn parse(text: &str, span: Span) -> Quantity {
        Quantity {
            text: text.to_string(),
            span,
            value: parse_value(text.trim()),
        }
    }

    /// The number, if this is a plain number (with or without comparator).
    pub fn amount(&self) -> Option<Decimal> {
        match &self.value {
            QuantityValue::Number { amount, .. } => Some(*amount),
            _ => None,
        }
    }

    /// The unit, if any.
    pub fn unit(&self) -> Option<&str> {
        match &self.value {
            QuantityValue::Number { unit, .. } | QuantityValue::Range { unit, .. } => {
                unit.as_deref()
            }
            QuantityValue::Words { .. } => None,
        }
    }

    /// The comparator, if any.
    pub fn comparator(&self) -> Option<Comparator> {
        match &self.value {
            QuantityValue::Number { comparator, .. } => *comparator,
            _ => None,
        }
    }

    /// `true` for words (qualitative).
    pub fn is_words(&self) -> bool {
        matches!(self.value, QuantityValue::Words { .. })
    }
}

/// Prefix comparators, longest first.
const PREFIXES: &[(&str, Comparator)] = &[
    ("大于等于", Comparator::AtLeast),
    ("小于等于", Comparator::AtMost),
    ("不低于", Comparator::AtLeast),
    ("不少于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("不高于", Comparator::AtMost),
    ("不超过", Comparator::AtMost),
    ("不多于", Comparator::AtMost),
    ("不大于", Comparator::AtMost),
    ("大于", Comparator::MoreThan),
    ("高于", Comparator::MoreThan),
    ("多于", Comparator::MoreThan),
    ("小于", Comparator::LessThan),
    ("低于", Comparator::LessThan),
    ("少于", Comparator::LessThan),
    ("达到", Comparator::AtLeast),
    (">=", Comparator::AtLeast),
    ("=>", Comparator::AtLeast),
    ("＞＝", Comparator::AtLeast),
    ("＞=", Comparator::AtLeast),
    ("<=", Comparator::AtMost),
    ("=<", Comparator::AtMost),
    ("＜＝", Comparator::AtMost),
    ("＜=", Comparator::AtMost),
    ("==", Comparator::Equal),
    ("≥", Comparator::AtLeast),
    ("≧", Comparator::AtLeast),
    ("⩾", Comparator::AtLeast),
    ("≤", Comparator::AtMost),
    ("≦", Comparator::AtMost),
    ("⩽", Comparator::AtMost),
    (">", Comparator::MoreThan),
    ("＞", Comparator::MoreThan),
    ("<", Comparator::LessThan),
    ("＜", Comparator::LessThan),
    ("=", Comparator::Equal),
    ("＝", Comparator::Equal),
    ("﹦", Comparator::Equal),
    ("═", Comparator::Equal),
];

/// Postfix comparator words (`98%以上`, `2天以内`).
const SUFFIXES: &[(&str, Comparator)] = &[
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("及以下", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("以内", Comparator::AtMost),
];

/// Range separators between two numbers.
const RANGE_SEPARATORS: &[&str] = &["~", "～", "〜", "-", "－", "—", "至", "到"];

fn parse_value(original: &str) -> QuantityValue {
    let words = || QuantityValue::Words {
        text: original.to_string(),
    };
    // An IME may type full-width digits (２次, ９５％): read them as ASCII.
    let normalised = normalise_digits(original);
    let text = normalised.as_str();
    let (mut comparator, rest) = strip_prefix_comparator(text);
    let rest = rest.trim_start();
    let Some((amount, after_number)) = leading_number(rest) else {
        return words();
    };
    // A range: `90%~100%`, `90-100%`.
    let (first_unit, after_unit) = split_unit(after_number);
    for separator in RANGE_SEPARATORS {
        if let Some(second) = after_unit.trim_start().strip_prefix(separator) {
            if let Some((high, after_high)) = leading_number(second.trim_start()) {
                let unit = normalise_unit(after_high.trim()).or(normalise_unit(first_unit));
                if comparator.is_none() && high >= amount {
                    return QuantityValue::Range {
                        low: amount,
                        high,
                        unit,
                    };
                }
                return words();
            }
        }
    }
    // `1e400`: scientific notation is not a form's way of writing numbers, and reading `1`
    // with the unit `e400次` would be wrong; leave it as words (reported as not comparable).
    if after_number.starts_with(['e', 'E'])
        && after_number[1..].starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-')
    {
        return words();
    }
    let mut unit_text = after_number.trim();
    for (suffix, suffix_comparator) in SUFFIXES {
        if let Some(stripped) = unit_text.strip_suffix(suffix) {
            // `≥98%以上` says the same thing twice: the prefix wins, the suffix goes.
            comparator = comparator.or(Some(*suffix_comparator));
            unit_text = stripped.trim_end();
            break;
        }
    }
    QuantityValue::Number {
        comparator,
        amount,
        unit: normalise_unit(unit_text),
    }
}

/// `true` when `text` is a comparator and nothing else (`≥`, `>=`, `不低于`).
pub(crate) fn is_lone_comparator(text: &str) -> bool {
    let (comparator, rest) = strip_prefix_comparator(text.trim());
    comparator.is_some() && rest.trim().is_empty()
}

fn strip_prefix_comparator(text: &str) -> (Option<Comparator>, &str) {
    for (prefix, comparator) in PREFIXES {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (Some(*comparator), rest);
        }
    }
    (None, text)
}

/// Full-width digits and point (`０`–`９`, `．`) as ASCII; everything else unchanged.
pub(crate) fn normalise_digits(text: &str) -> String {
    text.chars()
        .map(|character| match character {
            '０'..='９' => char::from(b'0' + (u32::from(character) - u32::from('０')) as u8),
            '．' => '.',
            other => other,
        })
        .collect()
}

/// Reads a leading decimal number (`165`, `155.41`, `1,000`, `0.5`); returns it and the rest.
pub(crate) fn leading_number(text: &str) -> Option<(Decimal, &str)> {
    let end = text
        .char_indices()
        .find(|(_, character)| {
            !(character.is_ascii_digit() || *character == '.' || *character == ',')
        })
        .map_or(text.len(), |(index, _)| index);
    let digits = text[..end].trim_end_matches([',', '.']);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let cleaned: String = digits.chars().filter(|c| *c != ',').collect();
    let amount = Decimal::from_str(&cleaned).ok()?;
    Some((amount, &text[digits.len()..]))
}

/// Splits a unit off the front of `text` (up to a range separator).
fn split_unit(text: &str) -> (&str, &str) {
    let end = text
        .char_indices()
        .find(|(index, _)| {
            RANGE_SEPARATORS
                .iter()
                .any(|s| text[*index..].starts_with(s))
        })
        .map_or(text.len(), |(index, _)| index);
    (&text[..end], &text[end..])
}

/// Normalises a unit: `％`, `百分比`, `%(百分比)` → `%`; empty → `None`.
pub(crate) fn normalise_unit(unit: &str) -> Option<String> {
    let unit = unit.trim();
    if unit.is_empty() {
        return None;
    }
    let normalised = match unit {
        "％" | "百分比" | "%(百分比)" | "%（百分比）" => "%",
        other => other,
    };
    Some(normalised.to_string())
}

/// Reads a number cell: `165`, `155.41`, `10%`, `10分` (the suffix is dropped); `None` when the
/// cell is not a number.
pub(crate) fn parse_number_cell(text: &str) -> Option<(Decimal, bool)> {
    let normalised = normalise_digits(text);
    let text = normalised.trim();
    let (amount, rest) = leading_number(text)?;
    match rest.trim() {
        "" | "分" | "万元" | "元" => Some((amount, false)),
        "%" | "％" => Some((amount, true)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    fn value(text: &str) -> QuantityValue {
        Quantity::parse(text, Span::default()).value
    }

    fn number(
        comparator: Option<Comparator>,
        amount: Decimal,
        unit: Option<&str>,
    ) -> QuantityValue {
        QuantityValue::Number {
            comparator,
            amount,
            unit: unit.map(str::to_string),
        }
    }

    #[test]
    fn reads_the_forms_seen_in_real_tables() {
        use Comparator::*;
        let cases = [
            ("2次", number(None, dec("2"), Some("次"))),
            ("≥50个", number(Some(AtLeast), dec("50"), Some("个"))),
            ("≤90万元", number(Some(AtMost), dec("90"), Some("万元"))),
            ("≧90%", number(Some(AtLeast), dec("90"), Some("%"))),
            (">=21933人", number(Some(AtLeast), dec("21933"), Some("人"))),
            ("≥100百分比", number(Some(AtLeast), dec("100"), Some("%"))),
            ("﹦72890元", number(Some(Equal), dec("72890"), Some("元"))),
            ("98%以上", number(Some(AtLeast), dec("98"), Some("%"))),
            ("2天以内", number(Some(AtMost), dec("2"), Some("天"))),
            ("不少于12种", number(Some(AtLeast), dec("12"), Some("种"))),
            ("小于5次", number(Some(LessThan), dec("5"), Some("次"))),
            ("≥98%以上", number(Some(AtLeast), dec("98"), Some("%"))),
            ("２次", number(None, dec("2"), Some("次"))),
            ("９５．５％", number(None, dec("95.5"), Some("%"))),
            ("＜＝5％", number(Some(AtMost), dec("5"), Some("%"))),
            ("155.410", number(None, dec("155.410"), None)),
            ("0", number(None, dec("0"), None)),
            ("≥ 95%", number(Some(AtLeast), dec("95"), Some("%"))),
        ];
        for (text, expected) in cases {
            assert_eq!(value(text), expected, "{text}");
        }
    }

    #[test]
    fn reads_ranges_and_words() {
        assert_eq!(
            value("90%~100%"),
            QuantityValue::Range {
                low: dec("90"),
                high: dec("100"),
                unit: Some("%".into())
            }
        );
        assert_eq!(value("优"), QuantityValue::Words { text: "优".into() });
        assert_eq!(
            value("按时完成"),
            QuantityValue::Words {
                text: "按时完成".into()
            }
        );
        // A reversed range is not a range.
        assert!(matches!(value("100~90"), QuantityValue::Words { .. }));
    }

    #[test]
    fn lone_comparators() {
        assert!(is_lone_comparator("≥"));
        assert!(is_lone_comparator("不低于"));
        assert!(!is_lone_comparator("≥50个"));
        assert!(!is_lone_comparator("优"));
    }

    #[test]
    fn number_cells() {
        assert_eq!(parse_number_cell("10%"), Some((dec("10"), true)));
        assert_eq!(parse_number_cell("50分"), Some((dec("50"), false)));
        assert_eq!(parse_number_cell("十"), None);
    }
}
