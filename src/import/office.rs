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
/// copy. Numbers are written as Excel stores them (`10`, `1945.74731`).
pub fn sheet_rows(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, OfficeError> {
    use calamine::{Reader, Sheets};
    let ole = bytes.starts_with(&COMPOUND_FILE);
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        if ole {
            OfficeError(format!(
                "无法读取工作簿（文件受密码保护、已损坏，或不是 Excel 文件: {e}）"
            ))
        } else {
            OfficeError(format!("不是有效的 Excel 文件（文件损坏或格式不对: {e}）"))
        }
    })?;
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
        let (Some(start), Some(end)) = (range.start(), range.end()) else {
            continue;
        };
        found = true;
        let last_column = merges.iter().map(|m| m.end.1).fold(end.1, u32::max);
        for r in start.0..=end.0 {
            let mut texts = Vec::new();
            for c in start.1..=last_column {
                let text = || range.get_value((r, c)).map(cell_text).unwrap_or_default();
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

/// The text of a spreadsheet value.
fn cell_text(data: &calamine::Data) -> String {
    match data {
        calamine::Data::Empty => String::new(),
        other => other.to_string(),
    }
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

    #[test]
    fn garbage_gives_a_message_not_a_panic() {
        assert!(docx_rows(b"not a zip").is_err());
        assert!(docx_rows(&COMPOUND_FILE).is_err());
        assert!(sheet_rows(b"not a workbook").is_err());
        assert!(document_rows("<w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body>").is_err());
        assert!(document_rows("<w:tbl><w:tr></w:tc>").is_err());
    }
}
