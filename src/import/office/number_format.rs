//! Excel number formats rendered as text: the plain decimal and percentage formats a filed form
//! uses (`0%`, `0.00`, `#,##0.00`, quoted units, currency symbols, colours) turned into the text
//! the form shows, so that 0.78 under `0%` reads `78%`. Any format it does not render (dates,
//! fractions, scientific, conditions, …) gives `None`, and the reader writes the stored number.
//! calamine gives a cell's stored value and (through the workbook's styles) its format code, but
//! not the text Excel shows.

/// `value` as Excel shows it under the number format `code`, or `None` when this reader does
/// not render the format (the caller then writes the stored number).
///
/// Rendered: `General` gives `None` (the stored number is what Excel shows, as far as this reader
/// goes), so do the builtin formats calamine names (`0` for id 1, `0.00` for 2, `#,##0` for 3,
/// `#,##0.00` for 4, `0%` for 9, `0.00%` for 10, …) and custom codes built from one block of
/// digit placeholders `0`/`#` with grouping or scaling commas and a decimal point, `%`
/// (×100 each), `[Red]`-like colours and `[$-804]` locales (ignored), `[$¥-804]` currency
/// symbols, quoted `"…"` and escaped `\x` literals, a few bare punctuation characters and
/// non-ASCII characters (kept), and `_x` padding (dropped). Of the up to four `;`-sections the
/// one for the value's sign is used, as Excel does: the second shows a negative value without
/// its minus sign, the third shows zero.
///
/// Not rendered (`None`): scientific `E+`, fractions, `?`, `@`, `*` fills, dates and times,
/// conditions such as `[>=100]`, `[DBNum1]` Chinese numerals, more than one block of digits,
/// and results beyond [`rust_decimal::Decimal`]'s range.
///
/// Grouping commas are dropped on purpose (`#,##0.00` of 1234.5 is `1234.50`): the language
/// reads plain numbers. Rounding is exact decimal rounding, half away from zero, as Excel does.
pub(super) fn shown_number(value: rust_decimal::Decimal, code: &str) -> Option<String> {
    use rust_decimal::{Decimal, RoundingStrategy};
    let sections = split_sections(code)?;
    if sections.len() > 4 {
        return None;
    }
    let negative = value.is_sign_negative() && !value.is_zero();
    let (section, minus) = if negative && sections.len() >= 2 {
        (sections[1], false)
    } else if value.is_zero() && sections.len() >= 3 {
        (sections[2], false)
    } else {
        (sections[0], negative)
    };
    let magnitude = value.abs();
    let format = Section::parse(section)?;
    if !format.digits {
        return Some(format!("{}{}", format.before, format.after));
    }
    let mut scaled = magnitude;
    for _ in 0..format.percents {
        scaled = scaled.checked_mul(Decimal::ONE_HUNDRED)?;
    }
    for _ in 0..format.thousands {
        scaled = scaled.checked_div(Decimal::ONE_THOUSAND)?;
    }
    let rounded =
        scaled.round_dp_with_strategy(format.max_decimals, RoundingStrategy::MidpointAwayFromZero);
    let plain = rounded.abs().to_string();
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    if !whole
        .bytes()
        .chain(fraction.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut fraction = fraction.to_string();
    while fraction.len() < format.max_decimals as usize {
        fraction.push('0');
    }
    while fraction.len() > format.min_decimals as usize && fraction.ends_with('0') {
        fraction.pop();
    }
    let whole = if whole == "0" { "" } else { whole };
    let mut number = "0".repeat(format.min_integer.saturating_sub(whole.len()));
    number.push_str(whole);
    if format.point {
        number.push('.');
        number.push_str(&fraction);
    }
    let sign = if minus && !rounded.is_zero() { "-" } else { "" };
    Some(format!("{sign}{}{number}{}", format.before, format.after))
}

/// The `;`-separated sections of a number format code (quotes, escapes and `[…]` respected),
/// or `None` for `General` (or an empty code) and for a code with an unclosed quote or bracket.
fn split_sections(code: &str) -> Option<Vec<&str>> {
    if code.trim().is_empty() || code.trim().eq_ignore_ascii_case("general") {
        return None;
    }
    let mut sections = Vec::new();
    let mut start = 0;
    let mut chars = code.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => loop {
                match chars.next() {
                    Some((_, '"')) => break,
                    Some(_) => {}
                    None => return None,
                }
            },
            '\\' | '_' | '*' => {
                chars.next()?;
            }
            '[' => loop {
                match chars.next() {
                    Some((_, ']')) => break,
                    Some(_) => {}
                    None => return None,
                }
            },
            ';' => {
                sections.push(&code[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    sections.push(&code[start..]);
    Some(sections)
}

/// One section of a number format code that [`shown_number`] renders: literal text around one
/// block of digit placeholders (`#,##0.00`), and what the block asks for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Section {
    /// Literal text before the digits (a currency symbol, quoted text).
    before: String,
    /// Literal text after the digits (`%`, a quoted unit such as `"万元"`).
    after: String,
    /// Whether the section has digit placeholders; without them it shows its literals alone
    /// (e.g. `"-"` as the zero section of an accounting format).
    digits: bool,
    /// Integer digits always shown: the `0`s before the decimal point (`0.00` → 1, `#.00` → 0).
    min_integer: usize,
    /// Whether a decimal point is shown.
    point: bool,
    /// Decimals always shown (up to the last `0` after the point).
    min_decimals: u32,
    /// Decimals shown at most (`0` and `#` after the point).
    max_decimals: u32,
    /// How many `%` multiply the value by 100.
    percents: u32,
    /// How many commas right after the integer placeholders divide the value by 1000.
    thousands: u32,
}

impl Section {
    /// The most decimals rendered: beyond this, the format is not a plain number format.
    const MAX_DECIMALS: u32 = 28;

    /// Parses one section, or `None` when it holds anything [`shown_number`] does not render.
    fn parse(code: &str) -> Option<Section> {
        let mut section = Section::default();
        let mut block = String::new();
        // 0: before the digit block, 1: in it, 2: after it.
        let mut state = 0u8;
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            let literal: Option<String> = match c {
                '0' | '#' | '.' | ',' => {
                    if state == 2 || (state == 0 && c == ',') {
                        return None;
                    }
                    state = 1;
                    block.push(c);
                    continue;
                }
                '"' => {
                    let mut text = String::new();
                    loop {
                        match chars.next()? {
                            '"' => break,
                            other => text.push(other),
                        }
                    }
                    Some(text)
                }
                '\\' => Some(chars.next()?.to_string()),
                '_' => {
                    chars.next()?;
                    None
                }
                '[' => {
                    let mut inner = String::new();
                    loop {
                        match chars.next()? {
                            ']' => break,
                            other => inner.push(other),
                        }
                    }
                    bracket_text(&inner)?
                }
                '%' => {
                    section.percents += 1;
                    Some("%".into())
                }
                ' ' | '$' | '-' | '+' | '(' | ')' | ':' | '!' | '^' | '&' | '\'' | '~' | '{'
                | '}' | '<' | '>' | '=' => Some(c.to_string()),
                c if !c.is_ascii() => Some(c.to_string()),
                _ => return None,
            };
            if state == 1 {
                state = 2;
            }
            if let Some(text) = literal {
                if state == 0 {
                    section.before.push_str(&text);
                } else {
                    section.after.push_str(&text);
                }
            }
        }
        if !block.is_empty() {
            section.read_block(&block)?;
        }
        Some(section)
    }

    /// Reads a digit block such as `#,##0.00` or `0,`.
    fn read_block(&mut self, block: &str) -> Option<()> {
        let (whole, fraction) = match block.split_once('.') {
            Some((whole, fraction)) => {
                self.point = true;
                (whole, Some(fraction))
            }
            None => (block, None),
        };
        let placeholders = whole.trim_end_matches(',');
        self.thousands = u32::try_from(whole.len() - placeholders.len()).ok()?;
        self.min_integer = placeholders.chars().filter(|&c| c == '0').count();
        let mut any = placeholders.chars().any(|c| c != ',');
        if let Some(fraction) = fraction {
            if fraction.contains(['.', ',']) {
                return None;
            }
            self.max_decimals = u32::try_from(fraction.len()).ok()?;
            self.min_decimals = u32::try_from(fraction.rfind('0').map_or(0, |at| at + 1)).ok()?;
            any |= !fraction.is_empty();
        }
        if !any || self.max_decimals > Self::MAX_DECIMALS {
            return None;
        }
        self.digits = true;
        Some(())
    }
}

/// What a `[…]` part of a number format shows: nothing for a colour (`[Red]`, `[Color10]`) or a
/// locale (`[$-804]`), the symbol of a currency (`[$¥-804]` → `¥`); `None` (not rendered) for
/// anything else (conditions, elapsed times, `[DBNum1]`).
fn bracket_text(inner: &str) -> Option<Option<String>> {
    if let Some(currency) = inner.strip_prefix('$') {
        let symbol = currency.split('-').next().unwrap_or_default();
        return Some((!symbol.is_empty()).then(|| symbol.to_string()));
    }
    const COLOURS: [&str; 8] = [
        "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow",
    ];
    let lower = inner.to_ascii_lowercase();
    let colour = COLOURS.contains(&lower.as_str())
        || lower
            .strip_prefix("color")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    colour.then_some(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        let shown = |value: &str, code: &str| shown_number(value.parse().expect("decimal"), code);
        let cases = [
            ("0.78", "0%", Some("78%")),
            ("0.7274", "0.00%", Some("72.74%")),
            ("1", "0%", Some("100%")),
            ("0.005", "0%", Some("1%")),
            ("-0.005", "0%", Some("-1%")),
            ("-0.004", "0.00", Some("0.00")),
            ("9", "0.00", Some("9.00")),
            ("1234.5", "#,##0.00", Some("1234.50")),
            ("1234567.891", "#,##0", Some("1234568")),
            ("1234567", "#,##0,", Some("1235")),
            ("0.5", "#.00", Some(".50")),
            ("7", "0.##", Some("7.")),
            ("7.25", "0.0#", Some("7.25")),
            ("7.2", "0.0#", Some("7.2")),
            ("7", "000", Some("007")),
            ("-3", "0.0;(0.0)", Some("(3.0)")),
            ("0", "0.00;-0.00;\"-\"", Some("-")),
            ("-2", "[Red]0.00", Some("-2.00")),
            ("5", "[$¥-804]#,##0.00", Some("¥5.00")),
            ("5", "[$-804]0.0_ ", Some("5.0")),
            ("5", "\\+0", Some("+5")),
            ("5", "0\"分\"", Some("5分")),
            ("5", "General", None),
            ("5", "", None),
            ("5", "0.00E+00", None),
            ("5", "# ?/?", None),
            ("5", "yyyy-mm-dd", None),
            ("5", "[>=100]0;0.0", None),
            ("5", "[DBNum1]0", None),
            ("5", "@", None),
            ("5", "*-0", None),
            ("5", "0\" \"0", None),
            ("5", "\"unclosed", None),
            ("5", "[Red", None),
            ("5", "0;0;0;@;0", None),
            ("5", "0.0000000000000000000000000000000", None),
            ("5", "%%%%%%%%%%%%%%%%%%%%0", None),
            ("5", ",0", None),
            ("5", ".", None),
        ];
        for (value, code, expected) in cases {
            assert_eq!(shown(value, code).as_deref(), expected, "{value} in {code}");
        }
    }
}
