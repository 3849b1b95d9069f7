//! Word (`.docx`) and spreadsheet (`.xlsx`, `.xls`) files as a cell stream.
//!
//! Both readers turn the file's tables into the rows of cells that [`super::rows`] makes from a
//! text copy, so that one recogniser ([`super::import_rows`]) serves every input:
//!
//! - a horizontally merged cell (`w:gridSpan`, or the part of a merged range in its first row) is
//!   one cell;
//! - a vertically merged cell holds its text in its first row only; each row below that it covers
//!   has a blank cell in its place (`w:vMerge` continuation), exactly as the text copies show
//!   merged level-1/level-2 cells as blank lines;
//! - a paragraph outside any table (a title such as `部门整体绩效目标自评表`, `（2021年度）`)
//!   is a row of one cell.
//!
//! Each [`Cell::line`] is the line the cell would have in the equivalent text copy (one cell a
//! line, an empty line after each row), so that reports name cells the same way for every input.

use super::{clean, Cell};
use std::io::{Cursor, Read};

/// The largest `word/document.xml` read, uncompressed: a guard against zip bombs.
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// The signature of an OLE compound file: a password-protected Office file, or an old `.doc`.
const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a Word or spreadsheet file gave no cell stream; the text is the message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeError(pub String);

impl std::fmt::Display for OfficeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Builds rows and numbers their cells like the lines of a text copy.
#[derive(Default)]
struct Stream {
    rows: Vec<Vec<Cell>>,
    line: usize,
}

impl Stream {
    /// Appends one row; each cell takes a line, and an empty line follows the row.
    fn push(&mut self, texts: Vec<String>) {
        let mut row = Vec::with_capacity(texts.len());
        for text in texts {
            self.line += 1;
            row.push(Cell {
                line: self.line,
                text: clean(&text),
            });
        }
        self.line += 1;
        self.rows.push(row);
    }
}

/// The message for a `.docx`/`.xlsx` that is really an OLE compound file.
fn compound_message() -> OfficeError {
    OfficeError(
        "文件受密码保护（已加密）或是旧版 Office 格式（.doc/.xls 存成了新扩展名），无法读取；\
         请去掉密码或另存为 .docx/.xlsx 后再导入"
            .into(),
    )
}

/// Reads the tables (and the paragraphs between them) of a `.docx` file as a cell stream.
///
/// Fails with a message when the bytes are not a readable zip, are password-protected, lack
/// `word/document.xml`, hold malformed XML, or contain no table.
pub fn docx_rows(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, OfficeError> {
    if bytes.starts_with(&COMPOUND_FILE) {
        return Err(compound_message());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OfficeError(format!("不是有效的 .docx 文件（无法作为 zip 读取: {e}）")))?;
    let entry = archive.by_name("word/document.xml").map_err(|e| {
        OfficeError(format!(
            "不是有效的 .docx 文件（缺少 word/document.xml: {e}）"
        ))
    })?;
    if entry.encrypted() {
        return Err(compound_message());
    }
    let mut xml = String::new();
    entry
        .take(MAX_DOCUMENT_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| {
            OfficeError(format!(
                ".docx 文件已损坏（word/document.xml 无法读取: {e}）"
            ))
        })?;
    document_rows(&xml)
}

/// Walks `word/document.xml`: body paragraphs become one-cell rows, `w:tbl/w:tr/w:tc` become
/// rows of cells (the `w:t` text of each cell, its paragraphs joined by newlines; a `w:vMerge`
/// continuation cell is blank; a `w:gridSpan` cell is one cell). A table nested in a cell adds
/// its text to that cell.
fn document_rows(xml: &str) -> Result<Vec<Vec<Cell>>, OfficeError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stream = Stream::default();
    let mut tables = 0usize;
    let mut depth = 0usize; // nesting of w:tbl
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<(Vec<String>, bool)> = None; // paragraphs, vMerge continuation
    let mut paragraph: Option<String> = None;
    let mut paragraph_depth = 0usize; // nesting of w:p (text boxes hold paragraphs)
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            OfficeError(format!(
                ".docx 文件已损坏（word/document.xml 不是有效的 XML，位置 {}: {e}）",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let empty = matches!(event, Event::Empty(_));
                match element.name().into_inner() {
                    "w:tbl" if !empty => {
                        depth += 1;
                        tables += 1;
                    }
                    "w:tr" if depth == 1 => {
                        row = Some(Vec::new());
                        if empty {
                            if let Some(done) = row.take() {
                                stream.push(done);
                            }
                        }
                    }
                    "w:tc" if depth == 1 => {
                        cell = Some((Vec::new(), false));
                        if empty {
                            if let (Some(r), Some(_)) = (row.as_mut(), cell.take()) {
                                r.push(String::new());
                            }
                        }
                    }
                    "w:vMerge" if depth == 1 => {
                        // No w:val, or w:val="continue": the cell continues the one above.
                        let restart = element
                            .attributes()
                            .flatten()
                            .any(|a| a.key.into_inner() == "w:val" && a.value == "restart");
                        if let Some((_, continuation)) = cell.as_mut() {
                            *continuation = !restart;
                        }
                    }
                    "w:p" => {
                        if empty {
                            if paragraph_depth == 0 {
                                finish_paragraph(String::new(), &mut cell, &mut stream);
                            }
                        } else {
                            if paragraph_depth == 0 {
                                paragraph = Some(String::new());
                            }
                            paragraph_depth += 1;
                        }
                    }
                    "w:t" => in_text = !empty,
                    "w:tab" => push_text(&mut paragraph, "\t"),
                    "w:br" | "w:cr" => push_text(&mut paragraph, "\n"),
                    _ => {}
                }
            }
            Event::End(ref element) => match element.name().into_inner() {
                "w:tbl" => depth = depth.saturating_sub(1),
                "w:tr" if depth == 1 => {
                    if let Some(done) = row.take() {
                        stream.push(done);
                    }
                }
                "w:tc" if depth == 1 => {
                    if let Some((paragraphs, continuation)) = cell.take() {
                        let text = if continuation {
                            String::new()
                        } else {
                            paragraphs.join("\n")
                        };
                        if let Some(r) = row.as_mut() {
                            r.push(text);
                        }
                    }
                }
                "w:p" => {
                    paragraph_depth = paragraph_depth.saturating_sub(1);
                    if paragraph_depth == 0 {
                        let text = paragraph.take().unwrap_or_default();
                        finish_paragraph(text, &mut cell, &mut stream);
                    }
                }
                "w:t" => in_text = false,
                _ => {}
            },
            Event::Text(ref text) if in_text => {
                push_text(&mut paragraph, &text.xml10_content());
            }
            Event::CData(ref data) if in_text => {
                push_text(&mut paragraph, &data.xml10_content());
            }
            Event::GeneralRef(ref reference) if in_text => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    push_text(&mut paragraph, c.encode_utf8(&mut [0; 4]));
                } else if let Some(resolved) =
                    quick_xml::escape::resolve_predefined_entity(&reference.xml10_content())
                {
                    push_text(&mut paragraph, resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if tables == 0 {
        return Err(OfficeError(
            ".docx 文件中没有表格，没有找到绩效自评表".into(),
        ));
    }
    Ok(stream.rows)
}

/// Appends `text` to the open paragraph, if any.
fn push_text(paragraph: &mut Option<String>, text: &str) {
    if let Some(p) = paragraph.as_mut() {
        p.push_str(text);
    }
}

/// Files a finished paragraph: into the open table cell, or as a one-cell row of its own when
/// it stands outside the tables and is not blank.
fn finish_paragraph(text: String, cell: &mut Option<(Vec<String>, bool)>, stream: &mut Stream) {
    if let Some((paragraphs, _)) = cell.as_mut() {
        paragraphs.push(text);
    } else if !clean(&text).is_empty() {
        stream.push(vec![text]);
    }
}

/// Reads every sheet of an `.xlsx`/`.xlsm`/`.xls` workbook as a cell stream, sheet after sheet.
///
/// A merged range gives its value once, at its first row and column; in the rows below, its
/// first column holds a blank cell and its other columns nothing (as a Word table shows a
/// merged cell); an entirely empty row is skipped like the empty line between rows of a text
/// copy.
///
/// A number is written as the form shows it: in an `.xlsx`/`.xlsm` file, a numeric cell whose
/// number format is a plain decimal or percentage format (`0%`, `0.00`, `#,##0.00`, …; see
/// `shown_number`) is formatted by it, so 0.78 under `0%` reads `78%` and 9 under `0.00`
/// reads `9.00`; thousands separators are left out. Any other number (format `General`, a
/// format this reader does not render, and every number of an old binary `.xls`, whose formats
/// are not read) is written as Excel stores it (`10`, `1945.74731`). A date keeps calamine's
/// text (its serial number), as before. A workbook whose `styles.xml` is not readable XML is
/// read without it: its numbers as stored.
pub fn sheet_rows(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, OfficeError> {
    use calamine::{Reader, Sheets};
    let ole = bytes.starts_with(&COMPOUND_FILE);
    let open = |bytes| calamine::open_workbook_auto_from_rs(Cursor::new(bytes));
    let without_styles;
    let mut workbook = match open(bytes) {
        Ok(workbook) => workbook,
        Err(e) => {
            // calamine rejects an `.xlsx` whose styles.xml is not well-formed XML; the styles
            // only decide how numbers are shown, so try once more without them.
            without_styles = if ole { None } else { drop_styles(bytes) };
            match without_styles.as_deref().map(open) {
                Some(Ok(workbook)) => workbook,
                _ if ole => {
                    return Err(OfficeError(format!(
                        "无法读取工作簿（文件受密码保护、已损坏，或不是 Excel 文件: {e}）"
                    )))
                }
                _ => {
                    return Err(OfficeError(format!(
                        "不是有效的 Excel 文件（文件损坏或格式不对: {e}）"
                    )))
                }
            }
        }
    };
    let mut stream = Stream::default();
    let mut found = false;
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| OfficeError(format!("工作表「{name}」无法读取: {e}")))?;
        let merges = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| OfficeError(format!("工作表「{name}」的合并单元格无法读取: {e}")))?,
            Sheets::Xls(xls) => xls
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| OfficeError(format!("工作表「{name}」的合并单元格无法读取: {e}")))?,
            _ => Vec::new(),
        };
        // A calamine value carries no number format, yet the format decides what the form
        // shows (0.78 under `0%` is 78%). calamine reads the number formats with the styles:
        // `worksheet_style` gives each cell's style, whose `number_format.format_code` is the
        // custom `numFmts` code or the code of a builtin id. A sheet whose styles cannot be
        // read keeps the stored numbers (its values were read above).
        let styles = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx.worksheet_style(&name).ok(),
            _ => None,
        };
        let format_at = |r: u32, c: u32| {
            styles
                .as_ref()
                .and_then(|s| s.get((r, c)))
                .and_then(|style| style.number_format.as_ref())
                .map(|format| format.format_code.as_str())
        };
        let (Some(start), Some(end)) = (range.start(), range.end()) else {
            continue;
        };
        found = true;
        let last_column = merges.iter().map(|m| m.end.1).fold(end.1, u32::max);
        for r in start.0..=end.0 {
            let mut texts = Vec::new();
            for c in start.1..=last_column {
                let text = || {
                    range
                        .get_value((r, c))
                        .map(|data| cell_text(data, format_at(r, c)))
                        .unwrap_or_default()
                };
                match merges.iter().find(|m| m.contains(r, c)) {
                    Some(m) if m.start == (r, c) => texts.push(text()),
                    Some(m) if c == m.start.1 => texts.push(String::new()),
                    Some(_) => {}
                    None => texts.push(text()),
                }
            }
            if texts.iter().all(|t| clean(t).is_empty()) {
                continue;
            }
            stream.push(texts);
        }
    }
    if !found {
        return Err(OfficeError("工作簿中没有内容，没有找到绩效自评表".into()));
    }
    Ok(stream.rows)
}

/// A copy of the zip `bytes` without its `styles.xml` (the workbook's, next to `workbook.xml`),
/// or `None` when the bytes are no zip, hold no such part, or cannot be copied. Entries are
/// copied still compressed, so nothing is inflated (no zip-bomb exposure) and the copy is no
/// larger than the original.
fn drop_styles(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut copy = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut dropped = false;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).ok()?;
        let name = entry
            .name()
            .ok()?
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if name.rsplit('/').next() == Some("styles.xml") && name.matches('/').count() <= 1 {
            dropped = true;
            continue;
        }
        copy.raw_copy_file(entry).ok()?;
    }
    if !dropped {
        return None;
    }
    Some(copy.finish().ok()?.into_inner())
}

/// The text of a spreadsheet value: a number (`Float` or `Int`) as its number format `format`
/// (the format code of the cell's style, if known) shows it, when [`shown_number`] renders that
/// format; anything else as calamine writes it.
fn cell_text(data: &calamine::Data, format: Option<&str>) -> String {
    use calamine::Data;
    let shown = match data {
        Data::Float(f) if f.is_finite() => format.and_then(|code| {
            // The shortest text that reads back as the same f64 (never an exponent), taken as
            // an exact decimal: `0.7274` is 0.7274, not the binary value nearest to it.
            let value = format!("{f}").parse::<rust_decimal::Decimal>().ok()?;
            shown_number(value, code)
        }),
        Data::Int(i) => format.and_then(|code| shown_number(rust_decimal::Decimal::from(*i), code)),
        _ => None,
    };
    match (shown, data) {
        (Some(text), _) => text,
        (None, Data::Empty) => String::new(),
        (None, other) => other.to_string(),
    }
}

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
fn shown_number(value: rust_decimal::Decimal, code: &str) -> Option<String> {
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

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn merged_word_cells_become_one_cell_or_a_blank() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>标题 &amp; 年</w:t></w:r></w:p><w:p/>
            <w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出</w:t></w:r></w:p></w:tc>
            <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t xml:space="preserve"> x </w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let rows = document_rows(xml).expect("rows");
        assert_eq!(
            texts(&rows),
            vec![vec!["标题 & 年"], vec!["产出", "a\nb"], vec!["", "x", ""]]
        );
        assert_eq!(rows[1][0].line, 3);
        assert_eq!(rows[2][0].line, 6);
    }

    /// A minimal `.xlsx`: sheets `(name, sheetData rows)` in workbook order, stored as
    /// `xl/worksheets/sheetN.xml` in reverse order (so that names must be mapped through the
    /// relationships, not by position), with `styles` as `xl/styles.xml` unless `None`.
    fn xlsx(sheets: &[(&str, &str)], styles: Option<&str>) -> Vec<u8> {
        use std::io::Write;
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut add = |name: &str, text: &str| {
            zip.start_file(name, options).expect("zip entry");
            zip.write_all(text.as_bytes()).expect("zip write");
        };
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
        add(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
        );
        add(
            "_rels/.rels",
            &format!(
                r#"<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        );
        let count = sheets.len();
        let mut listed = String::new();
        let mut rels = String::new();
        for (index, (name, rows)) in sheets.iter().enumerate() {
            let file = count - index;
            listed.push_str(&format!(
                r#"<sheet name="{name}" sheetId="{}" r:id="rId{file}"/>"#,
                index + 1
            ));
            rels.push_str(&format!(r#"<Relationship Id="rId{file}" Type="{rel}/worksheet" Target="worksheets/sheet{file}.xml"/>"#));
            add(
                &format!("xl/worksheets/sheet{file}.xml"),
                &format!(r#"<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>"#),
            );
        }
        add(
            "xl/workbook.xml",
            &format!(
                r#"<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{listed}</sheets></workbook>"#
            ),
        );
        add(
            "xl/_rels/workbook.xml.rels",
            &format!(
                r#"<Relationships xmlns="{pkg}">{rels}<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        );
        add(
            "xl/sharedStrings.xml",
            &format!(r#"<sst xmlns="{main}" count="1" uniqueCount="1"><si><t>0.5</t></si></sst>"#),
        );
        if let Some(styles) = styles {
            add("xl/styles.xml", styles);
        }
        zip.finish().expect("zip").into_inner()
    }

    /// Cell styles 0 (General) … 9, by `numFmtId`, with custom formats 164–166.
    const STYLES: &str = r##"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="3"><numFmt numFmtId="164" formatCode="0.00%"/>
        <numFmt numFmtId="165" formatCode="#,##0.00_ ;[Red]\-#,##0.00\ "/>
        <numFmt numFmtId="166" formatCode="0.0&quot;万元&quot;"/></numFmts>
        <cellXfs count="10"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="2"/>
        <xf numFmtId="4"/><xf numFmtId="10"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="166"/>
        <xf numFmtId="3"/></cellXfs></styleSheet>"##;

    /// A row of numeric cells `(column, style, value)`.
    fn numbers(row: u32, cells: &[(&str, &str, &str)]) -> String {
        let mut xml = format!(r#"<row r="{row}">"#);
        for (column, style, value) in cells {
            xml.push_str(&format!(
                r#"<c r="{column}{row}" s="{style}"><v>{value}</v></c>"#
            ));
        }
        xml + "</row>"
    }

    #[test]
    fn numbers_read_as_their_number_format_shows_them() {
        let rows = numbers(
            1,
            &[
                ("A", "1", "0.78"),
                ("B", "2", "0.7274"),
                ("C", "1", "1"),
                ("D", "3", "9"),
                ("E", "4", "1234.5"),
                ("F", "0", "7.29"),
                ("H", "3", "2.675"),
                ("I", "5", "0.005"),
                ("J", "6", "-1234.5"),
                ("K", "8", "7.25"),
                ("L", "9", "1234567"),
                ("M", "6", "1234.5"),
                ("N", "7", "45000"),
            ],
        ) + r#"<row r="2"><c r="A2" s="1" t="s"><v>0</v></c><c r="B2" s="3" t="inlineStr"><is><t>0.5</t></is></c>
            <c r="C2" s="1" t="str"><v>0.5</v></c><c r="D2"><v>7.29</v></c><c r="E2" s="2" t="b"><v>1</v></c></row>"#;
        let bytes = xlsx(&[("表1", &rows)], Some(STYLES));
        let read = sheet_rows(&bytes).expect("rows");
        assert_eq!(
            texts(&read),
            vec![
                vec![
                    "78%",
                    "72.74%",
                    "100%",
                    "9.00",
                    "1234.50",
                    "7.29",
                    "",
                    "2.68",
                    "0.50%",
                    "-1234.50",
                    "7.3万元",
                    "1234567",
                    "1234.50",
                    // A date keeps calamine's text: its serial number, as before.
                    "45000"
                ],
                vec!["0.5", "0.5", "0.5", "7.29", "true", "", "", "", "", "", "", "", "", ""],
            ]
        );
    }

    #[test]
    fn each_sheet_takes_its_own_styles() {
        let first = numbers(1, &[("A", "1", "0.78")]);
        let second = numbers(1, &[("A", "3", "0.78")]);
        let bytes = xlsx(&[("甲", &first), ("乙", &second)], Some(STYLES));
        let read = sheet_rows(&bytes).expect("rows");
        assert_eq!(texts(&read), vec![vec!["78%"], vec!["0.78"]]);
    }

    #[test]
    fn unreadable_formats_keep_the_stored_number() {
        let rows = numbers(
            1,
            &[
                ("A", "1", "0.78"),
                ("B", "99", "0.78"),
                ("C", "x", "0.78"),
                ("D", "2", "0.78"),
                ("E", "3", "0.78"),
            ],
        );
        // Styles that are XML but make no sense: ids that are no numbers, formats that are
        // no plain number formats, a numFmt without a code.
        let odd = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0.0E+00"/>
            <numFmt numFmtId="165"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="abc"/>
            <xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>"#;
        for styles in [Some(odd), None, Some("<styleSheet/>")] {
            let read = sheet_rows(&xlsx(&[("表1", &rows)], styles)).expect("rows");
            assert_eq!(
                texts(&read),
                vec![vec!["0.78", "0.78", "0.78", "0.78", "0.78"]],
                "{styles:?}"
            );
        }
        // calamine refuses a styles.xml that is no XML; the workbook is read without it.
        for styles in ["not xml", "<styleSheet><cellXfs><xf numFmtId=\"9\"", ""] {
            let read = sheet_rows(&xlsx(&[("表1", &rows)], Some(styles))).expect("rows");
            assert_eq!(
                texts(&read),
                vec![vec!["0.78", "0.78", "0.78", "0.78", "0.78"]],
                "{styles:?}"
            );
        }
        assert_eq!(drop_styles(b"not a zip"), None);
        assert_eq!(drop_styles(&xlsx(&[("表1", &rows)], None)), None);
    }

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

    #[test]
    fn stored_numbers_convert_exactly_or_not_at_all() {
        use calamine::Data;
        let cases = [
            (Data::Float(2.675), "2.68"),
            (Data::Float(0.1 + 0.2), "0.30"),
            (Data::Int(9), "9.00"),
            // Beyond an exact decimal: the stored number, as before.
            (Data::Float(1e300), &*format!("{}", 1e300)),
            (Data::Float(5e-324), "0.00"),
            (Data::Float(f64::NAN), "NaN"),
            (Data::String("x".into()), "x"),
            (Data::Empty, ""),
        ];
        for (data, expected) in cases {
            assert_eq!(cell_text(&data, Some("0.00")), expected, "{data:?}");
        }
        assert_eq!(cell_text(&Data::Float(0.78), None), "0.78");
    }

    #[test]
    fn garbage_gives_a_message_not_a_panic() {
        assert!(docx_rows(b"not a zip").is_err());
        assert!(docx_rows(&COMPOUND_FILE).is_err());
        assert!(sheet_rows(b"not a workbook").is_err());
        assert!(document_rows("<w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body>").is_err());
        assert!(document_rows("<w:tbl><w:tr></w:tc>").is_err());
    }
}
