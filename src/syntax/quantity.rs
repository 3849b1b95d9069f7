//! Targets and actuals: `2次`, `≥50个`, `≤90万元`, `≥95%`, `90%~100%`, `98%以上`, `优`.
//!
//! Comparators come in math (`≥ ≤ > < =`), ASCII (`>=`, `<=`), full-width (`＞ ＜ ＝ ≧ ≦ ﹦`) and
//! word forms (`不低于`, `不超过`, postfix `以上`/`以下`/`以内`); `％` is `%` and `百分比` is `%`.
//! The original text is always kept for display.

use crate::span::Span;
use rust_decimal::Decimal;

/// The vocabulary of targets and actuals, shared with the `jixiao/2` model (defined there).
pub(crate) use crate::model::{Comparator, QuantityValue};
use std::str::FromStr;

/// A target or actual value with its original text and span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The text as written (full-width digits as ASCII).
    pub text: String,
    /// Where it was written.
    pub span: Span,
    /// What it says.
    pub value: QuantityValue,
}

impl Quantity {
    /// Reads `text` (already unquoted) written at `span`. Full-width digits are kept as ASCII
    /// digits in the text too, so `２次` is recorded as `2次` was.
    pub fn parse(text: &str, span: Span) -> Quantity {
        Quantity {
            text: normalise_digits(text),
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
            QuantityValue::Words { .. } | QuantityValue::Time { .. } => None,
        }
    }

    /// The comparator, if any.
    pub fn comparator(&self) -> Option<Comparator> {
        match &self.value {
            QuantityValue::Number { comparator, .. } => *comparator,
            _ => None,
        }
    }

    /// The time, if this is a time value (`9月前`, `2023年12月`).
    pub fn time(&self) -> Option<Moment> {
        match self.value {
            QuantityValue::Time {
                year, month, day, ..
            } => Some(Moment { year, month, day }),
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

/// Units written after a plain number that no table of this file reads as anything else (no
/// comparator, time word, range separator or unit spelling starts or ends with them), so that
/// `12次` can be read without trying every table ([`plain_count`]).
const PLAIN_UNITS: &[&str] = &[
    "次", "个", "人", "项", "家", "场", "件", "篇", "台", "套", "户", "名", "所", "座", "辆", "本",
    "册", "期", "批", "处", "条", "张", "类", "种", "元", "万元", "%",
];

/// The commonest target and actual, an ASCII number (`12`, `0.45`: digits, at most one point
/// with digits on both sides) followed by one of [`PLAIN_UNITS`], read directly: what
/// [`parse_value`]'s tables would give for it (a test compares the two), for a tenth of the
/// work. `None` for anything else.
fn plain_count(text: &str) -> Option<QuantityValue> {
    let end = text
        .bytes()
        .position(|byte| !(byte.is_ascii_digit() || byte == b'.'))?;
    let (number, unit) = text.split_at(end);
    if !PLAIN_UNITS.contains(&unit) {
        return None;
    }
    let (integer, fraction) = number.split_once('.').unwrap_or((number, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(integer) || !digits(fraction) {
        return None;
    }
    Some(QuantityValue::Number {
        comparator: None,
        amount: Decimal::from_str(number).ok()?,
        unit: Some(unit.to_string()),
    })
}

fn parse_value(original: &str) -> QuantityValue {
    plain_count(original).unwrap_or_else(|| parse_by_tables(original))
}

/// [`parse_value`] by its tables: comparators, times, ranges, suffixes and units.
fn parse_by_tables(original: &str) -> QuantityValue {
    let words = || QuantityValue::Words {
        text: original.to_string(),
    };
    // An IME may type full-width digits (２次, ９５％): read them as ASCII.
    let normalised = normalise_digits(original);
    let text = normalised.as_str();
    if let Some(time) = parse_time(text) {
        return time;
    }
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

/// A point in time as a form writes it: a month or a day, with or without a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// The year, when written.
    pub year: Option<u16>,
    /// The month, 1–12.
    pub month: u8,
    /// The day, when written.
    pub day: Option<u8>,
}

impl Moment {
    /// The moment with `default_year` where no year is written (a month without a year takes
    /// the form's year).
    pub fn in_year(self, default_year: Option<u16>) -> Moment {
        Moment {
            year: self.year.or(default_year),
            ..self
        }
    }

    /// Whether an actual completed at `self` meets the deadline `target`: any earlier or equal
    /// time does. A month without a day is the whole month: a target `2023年12月` runs to its
    /// last day, an actual `12月` is taken as early as it can be (the benefit of the doubt).
    /// When only one side has a year, the months are compared.
    pub fn meets(self, target: Moment) -> bool {
        let year = match (self.year, target.year) {
            (Some(actual), Some(target)) => (actual, target),
            _ => (0, 0),
        };
        (year.0, self.month, self.day.unwrap_or(0))
            <= (year.1, target.month, target.day.unwrap_or(99))
    }
}

impl Moment {
    /// The moment in English: `2023-12`, `2023-12-30`, `month 12`, `month 12, day 30`.
    pub fn english(self) -> String {
        match (self.year, self.day) {
            (Some(year), Some(day)) => format!("{year}-{:02}-{day:02}", self.month),
            (Some(year), None) => format!("{year}-{:02}", self.month),
            (None, Some(day)) => format!("month {}, day {day}", self.month),
            (None, None) => format!("month {}", self.month),
        }
    }
}

impl std::fmt::Display for Moment {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(year) = self.year {
            write!(formatter, "{year}年")?;
        }
        write!(formatter, "{}月", self.month)?;
        if let Some(day) = self.day {
            write!(formatter, "{day}日")?;
        }
        Ok(())
    }
}

/// Words around a time that make it a deadline (`9月前`, `12月底之前完成`, `截至12月`).
const DEADLINE_SUFFIXES: &[&str] = &["之前", "以前", "前", "以内", "之内", "内", "止"];
/// Words after a time that say nothing more (`9月完成`, `12月底`, `9月份`).
const TIME_FILLERS: &[&str] = &["完成", "完工", "底", "末", "份", "中旬", "上旬", "下旬"];
/// Words before a time (`于9月前`, `截至12月底`).
const TIME_PREFIXES: &[&str] = &["截至", "截止到", "截止", "于", "在", "到"];

/// Reads a time value (see [`QuantityValue::Time`]); `None` when `text` is not one.
fn parse_time(text: &str) -> Option<QuantityValue> {
    // `≤2023年12月` is a deadline; `≥9月` is no way to write a time.
    let (comparator, rest) = strip_prefix_comparator(text.trim());
    let mut deadline = match comparator {
        None => false,
        Some(Comparator::AtMost | Comparator::LessThan | Comparator::Equal) => true,
        Some(Comparator::AtLeast | Comparator::MoreThan) => return None,
    };
    let mut rest = rest.trim();
    for prefix in TIME_PREFIXES {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            deadline |= prefix.starts_with('截');
            rest = stripped.trim_start();
            break;
        }
    }
    // Peel the words after the time, in any order (`底之前完成`, `前完成`, `底前`).
    loop {
        let before = rest;
        for suffix in DEADLINE_SUFFIXES {
            if let Some(stripped) = rest.strip_suffix(suffix) {
                deadline = true;
                rest = stripped.trim_end();
            }
        }
        for filler in TIME_FILLERS {
            if let Some(stripped) = rest.strip_suffix(filler) {
                rest = stripped.trim_end();
            }
        }
        if rest == before {
            break;
        }
    }
    if let Some(time) = moment(rest) {
        return Some(QuantityValue::Time {
            year: time.year,
            month: time.month,
            day: time.day,
            deadline,
        });
    }
    // A period (`2023年1月-2023年12月`, `1-12月`, `1月至12月`): its end.
    for separator in RANGE_SEPARATORS {
        if let Some((start, end)) = rest.split_once(separator) {
            let end = end.trim();
            let (end_time, start_text) = (moment(end)?, start.trim());
            let start_ok = moment(start_text).is_some()
                || start_text
                    .parse::<u8>()
                    .is_ok_and(|month| (1..=12).contains(&month));
            return start_ok.then_some(QuantityValue::Time {
                year: end_time.year,
                month: end_time.month,
                day: end_time.day,
                deadline: true,
            });
        }
    }
    None
}

/// `2023年12月30日`, `2023年12月`, `12月30日`, `12月`, `2023年`, `年`/`年度`/`当年` (the year's
/// end), `上半年`, `第三季度`, `2023-12-30`, `2023/12`; `None` for anything else.
fn moment(text: &str) -> Option<Moment> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(iso) = iso_date(text) {
        return Some(iso);
    }
    // The year, if written.
    let (year, rest) = match leading_digits(text) {
        Some((digits, after)) if digits.len() == 4 && after.starts_with('年') => {
            let year: u16 = digits.parse().ok()?;
            ((1900..=2100).contains(&year)).then_some(())?;
            (Some(year), &after['年'.len_utf8()..])
        }
        _ => (None, text),
    };
    let rest = rest.trim_start_matches(['度']).trim();
    // A year alone, or a part of one.
    let whole_year = |month: u8| {
        Some(Moment {
            year,
            month,
            day: None,
        })
    };
    match rest {
        "" if year.is_some() => return whole_year(12),
        "年" | "年度" | "当年" | "本年" | "本年度" | "全年" | "年度内" if year.is_none() => {
            return whole_year(12)
        }
        "上半年" => return whole_year(6),
        "下半年" => return whole_year(12),
        _ => {}
    }
    if let Some(quarter) = rest.strip_prefix('第').unwrap_or(rest).strip_suffix("季度") {
        let quarter = small_number(quarter)?;
        return (1..=4).contains(&quarter).then(|| Moment {
            year,
            month: quarter * 3,
            day: None,
        });
    }
    // The month, then the day.
    let (month_text, after_month) = rest.split_once('月')?;
    let month = small_number(month_text)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let after_month = after_month.trim();
    let day = if after_month.is_empty() {
        None
    } else {
        let day_text = after_month
            .strip_suffix('日')
            .or_else(|| after_month.strip_suffix('号'))?;
        let day = small_number(day_text)?;
        (1..=31).contains(&day).then_some(day)?;
        Some(day)
    };
    Some(Moment { year, month, day })
}

/// `2023-12-30`, `2023/12/30`, `2023.12.30`, `2023-12`, `2023/12`, `2023.12` (a four-digit
/// year first). With dots the month has two digits or a day follows: `2023.12` and
/// `2023.05` are times, while `2023.5` stays the number it reads as.
fn iso_date(text: &str) -> Option<Moment> {
    let separator = ['/', '.']
        .into_iter()
        .find(|separator| text.contains(*separator))
        .unwrap_or('-');
    let parts: Vec<&str> = text.split(separator).collect();
    if !(2..=3).contains(&parts.len()) || parts[0].len() != 4 {
        return None;
    }
    if separator == '.' && parts.len() == 2 && parts[1].len() != 2 {
        return None;
    }
    let numbers: Vec<u16> = parts
        .iter()
        .map(|part| {
            (!part.is_empty() && part.len() <= 4 && part.chars().all(|c| c.is_ascii_digit()))
                .then(|| part.parse::<u16>().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    let year = numbers[0];
    let month = u8::try_from(numbers[1]).ok()?;
    let day = match numbers.get(2) {
        Some(day) => Some(u8::try_from(*day).ok()?),
        None => None,
    };
    ((1900..=2100).contains(&year)
        && (1..=12).contains(&month)
        && day.is_none_or(|day| (1..=31).contains(&day)))
    .then_some(Moment {
        year: Some(year),
        month,
        day,
    })
}

/// The ASCII digits at the start of `text` and the rest.
fn leading_digits(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    (end > 0).then(|| (&text[..end], &text[end..]))
}

/// `1`–`31` in Arabic digits, or `一`–`三十一` in Chinese numerals (`十二`, `三`).
fn small_number(text: &str) -> Option<u8> {
    let text = text.trim();
    if !text.is_empty() && text.len() <= 2 && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| "一二三四五六七八九".find(c).map(|index| index / 3 + 1);
    let chars: Vec<char> = text.chars().collect();
    let value = match chars.as_slice() {
        [one] if *one != '十' => digit(*one)?,
        ['十'] => 10,
        ['十', one] => 10 + digit(*one)?,
        [tens, '十'] => digit(*tens)? * 10,
        [tens, '十', one] => digit(*tens)? * 10 + digit(*one)?,
        _ => return None,
    };
    u8::try_from(value).ok()
}

/// `true` when `text` opens with a comparator (`≥266米`, `不低于90%`), as opposed to a postfix
/// word (`2天以内`, `98%以上`).
pub(crate) fn has_prefix_comparator(text: &str) -> bool {
    strip_prefix_comparator(normalise_digits(text).trim())
        .0
        .is_some()
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
    // Every full-width digit and point is encoded with the lead byte 0xEF.
    if !text.as_bytes().contains(&0xEF) {
        return text.to_string();
    }
    text.chars()
        .map(|character| match character {
            '０'..='９' => char::from(b'0' + (u32::from(character) - u32::from('０')) as u8),
            '．' => '.',
            other => other,
        })
        .collect()
}

/// Reads a leading decimal number (`165`, `155.41`, `1,000`, `0.5`); returns it and the rest.
///
/// A comma must group thousands (1–3 digits, then groups of exactly three, before any decimal
/// point): `1,23`, `12,34,5` or `1.2,3` is `None` rather than a guess (123? 1.23?), since a
/// confident wrong amount is worse than a refusal.
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
    if !thousands_grouped(digits) {
        return None;
    }
    let amount = if digits.contains(',') {
        let cleaned: String = digits.chars().filter(|c| *c != ',').collect();
        Decimal::from_str(&cleaned).ok()?
    } else {
        Decimal::from_str(digits).ok()?
    };
    Some((amount, &text[digits.len()..]))
}

/// Whether the commas of `digits` (ASCII digits, `.` and `,`) group thousands: none at all, or
/// all in the integer part with a first group of 1–3 digits and every later group of exactly 3.
pub(crate) fn thousands_grouped(digits: &str) -> bool {
    let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if fraction.contains(',') {
        return false;
    }
    let mut groups = integer.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|group| (1..=3).contains(&group.len()));
    !integer.contains(',') || (first_ok && groups.all(|group| group.len() == 3))
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
    // A copy only when there is a full-width digit or point to replace (lead byte 0xEF).
    let normalised = if text.as_bytes().contains(&0xEF) {
        std::borrow::Cow::Owned(normalise_digits(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
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
    fn a_plain_count_reads_as_the_tables_read_it() {
        let numbers = [
            "0",
            "1",
            "2",
            "12",
            "007",
            "0.45",
            "1.5",
            "2023",
            "2023.12",
            "2023.1",
            "12.31",
            "1.",
            ".5",
            "1..2",
            "1.2.3",
            "10000000000000000000000000000000",
            "9.999",
        ];
        for unit in PLAIN_UNITS
            .iter()
            .chain(&["", "月", "年", "日", "％", "以上", "次以上"])
        {
            for number in numbers {
                let text = format!("{number}{unit}");
                let fast = plain_count(&text);
                if let Some(fast) = fast {
                    assert_eq!(fast, parse_by_tables(&text), "{text}");
                    assert!(PLAIN_UNITS.contains(unit), "{text}");
                }
            }
        }
        // No table of this file begins or ends with a plain unit's text.
        let tables = PREFIXES
            .iter()
            .map(|(text, _)| *text)
            .chain(SUFFIXES.iter().map(|(text, _)| *text))
            .chain(RANGE_SEPARATORS.iter().copied())
            .chain(DEADLINE_SUFFIXES.iter().copied())
            .chain(TIME_FILLERS.iter().copied())
            .chain(TIME_PREFIXES.iter().copied());
        for word in tables {
            for unit in PLAIN_UNITS {
                assert!(
                    !word.starts_with(unit) && !word.ends_with(unit),
                    "{word} / {unit}"
                );
            }
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
        // A dot with one digit after a year-like number is a number, not a month.
        assert!(matches!(value("2023.5"), QuantityValue::Number { .. }));
        assert!(matches!(value("2023.5万元"), QuantityValue::Number { .. }));
        assert!(matches!(value("1850.12"), QuantityValue::Number { .. }));
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

    fn time(year: Option<u16>, month: u8, day: Option<u8>, deadline: bool) -> QuantityValue {
        QuantityValue::Time {
            year,
            month,
            day,
            deadline,
        }
    }

    /// Dates, months, deadlines and periods are times, never a number with a unit `月前`/`年12月`.
    #[test]
    fn reads_times_as_times() {
        let y = Some(2023);
        let cases = [
            ("9月前", time(None, 9, None, true)),
            ("9月底前", time(None, 9, None, true)),
            ("12月底之前完成", time(None, 12, None, true)),
            ("11月前完成", time(None, 11, None, true)),
            ("于9月前完成", time(None, 9, None, true)),
            ("截至12月底", time(None, 12, None, true)),
            ("≤2023年12月", time(y, 12, None, true)),
            ("年底前", time(None, 12, None, true)),
            ("年内完成", time(None, 12, None, true)),
            ("2023年底前", time(y, 12, None, true)),
            ("2023年12月", time(y, 12, None, false)),
            ("2023年12月30日", time(y, 12, Some(30), false)),
            ("２０２３年１２月", time(y, 12, None, false)),
            ("2023-12-30", time(y, 12, Some(30), false)),
            ("2023/06", time(y, 6, None, false)),
            ("2023.12", time(y, 12, None, false)),
            ("2023.05前", time(y, 5, None, true)),
            ("2023.12.31", time(y, 12, Some(31), false)),
            ("7月", time(None, 7, None, false)),
            ("7月份", time(None, 7, None, false)),
            ("12月30日", time(None, 12, Some(30), false)),
            ("十二月底前", time(None, 12, None, true)),
            ("第三季度", time(None, 9, None, false)),
            ("2023年第四季度", time(y, 12, None, false)),
            ("三季度末前", time(None, 9, None, true)),
            ("上半年", time(None, 6, None, false)),
            ("2023年", time(y, 12, None, false)),
            ("2023年1月-2023年12月", time(y, 12, None, true)),
            ("2023年1月至12月", time(None, 12, None, true)),
            ("1-6月", time(None, 6, None, true)),
        ];
        for (text, expected) in cases {
            assert_eq!(value(text), expected, "{text}");
        }
    }

    /// Every combination of the pieces times are made of reads without a panic.
    #[test]
    fn odd_time_texts_never_panic() {
        let pieces = [
            "2023",
            "年",
            "12",
            "月",
            "30",
            "日",
            "前",
            "底",
            "之",
            "-",
            "至",
            "第",
            "三",
            "季度",
            "≤",
            "≥",
            "十",
            "/",
            "上半年",
            "0",
            "99",
            "号",
            "完成",
            "截至",
            "é",
            " ",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    let _ = Quantity::parse(&text, Span::default());
                    let _ = Quantity::parse(&format!("{text}{a}"), Span::default());
                }
            }
        }
    }

    /// What only looks like a time stays what it is.
    #[test]
    fn not_times() {
        let not_time = [
            "3个月",
            "2天以内",
            "90-100%",
            "13月",
            "提前完成",
            "按时完成",
            "及时",
            "≥9月",
            "2023",
            "12",
            "100%",
            "32月前",
            "2023年13月",
            "9月32日",
        ];
        for text in not_time {
            assert!(
                !matches!(value(text), QuantityValue::Time { .. }),
                "{text}: {:?}",
                value(text)
            );
        }
    }

    /// A deadline is met by any earlier or equal time; a month without a day is the whole month.
    #[test]
    fn deadlines() {
        let at = |year: Option<u16>, month: u8, day: Option<u8>| Moment { year, month, day };
        let cases = [
            (at(None, 7, None), at(None, 9, None), true),
            (at(None, 9, None), at(None, 9, None), true),
            (at(None, 10, None), at(None, 9, None), false),
            (at(Some(2024), 5, None), at(Some(2024), 6, None), true),
            (at(Some(2024), 3, None), at(Some(2023), 12, None), false),
            (at(Some(2023), 12, Some(30)), at(Some(2023), 12, None), true),
            (
                at(Some(2023), 12, Some(31)),
                at(Some(2023), 12, Some(30)),
                false,
            ),
            (at(Some(2023), 12, None), at(Some(2023), 12, Some(30)), true),
            (at(Some(2022), 12, None), at(None, 6, None), false),
        ];
        for (done, target, met) in cases {
            assert_eq!(done.meets(target), met, "{done} vs {target}");
        }
        assert_eq!(
            at(None, 3, None).in_year(Some(2024)).to_string(),
            "2024年3月"
        );
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
        assert_eq!(parse_number_cell("1,234.5"), Some((dec("1234.5"), false)));
        assert_eq!(
            parse_number_cell("1,234,567"),
            Some((dec("1234567"), false))
        );
        // A comma that does not group thousands is refused, never read as 123 or 1.23.
        assert_eq!(parse_number_cell("1,23"), None);
        assert_eq!(parse_number_cell("1234,567"), None);
        assert_eq!(parse_number_cell("1,2345"), None);
        assert_eq!(parse_number_cell("1.2,3"), None);
        assert_eq!(parse_number_cell("1,,234"), None);
    }
}
