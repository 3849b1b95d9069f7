//! The Word reader: the tables of a `.docx` (and the paragraphs between them) as a cell stream,
//! one row a table row and one cell a table cell, merged cells and grid columns resolved as the
//! parent module describes. `word/document.xml` is the only part read; it is refused, never read
//! in part, when it inflates past `MAX_DOCUMENT_BYTES`, so that a zip bomb costs a message
//! rather than the machine.

use super::{
    compound_message, size_text, size_text_en, zip_reason, OfficeError, Stream, COMPOUND_FILE,
};
use crate::import::{clean, Cell};
use std::io::{Cursor, Read};

/// The largest `word/document.xml` read, uncompressed: a guard against zip bombs. A larger one is
/// refused, not cut short.
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// The most grid columns a `w:gridBefore`/`w:gridAfter` stands for (Word tables have at most 63
/// columns); a larger count is taken as this.
const MAX_GRID_SKIP: usize = 63;

/// Reads the tables (and the paragraphs between them) of a `.docx` file as a cell stream.
///
/// Fails with a message when the bytes are not a readable zip, are password-protected, lack
/// `word/document.xml`, hold a `word/document.xml` over 64 MB uncompressed or malformed XML, or
/// contain no table.
pub fn docx_rows(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, OfficeError> {
    document_rows(&document_xml(bytes, MAX_DOCUMENT_BYTES)?)
}

/// The text of `word/document.xml`, refused when it is larger than `limit` bytes uncompressed
/// (by its declared size, or by what inflating it gives: the declared size may lie).
fn document_xml(bytes: &[u8], limit: u64) -> Result<String, OfficeError> {
    if bytes.starts_with(&COMPOUND_FILE) {
        return Err(compound_message());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        let (zh, en) = zip_reason(&e);
        OfficeError::new(
            format!("不是有效的 .docx 文件（无法作为 zip 压缩包读取：{zh}）"),
            format!("not a valid .docx file (it cannot be read as a zip: {en})"),
        )
    })?;
    let entry = archive.by_name("word/document.xml").map_err(|e| {
        let (zh, en) = zip_reason(&e);
        OfficeError::new(
            format!("不是有效的 .docx 文件（word/document.xml 无法打开：{zh}）"),
            format!("not a valid .docx file (word/document.xml cannot be opened: {en})"),
        )
    })?;
    if entry.encrypted() {
        return Err(compound_message());
    }
    let too_large = || {
        OfficeError::new(
            format!(
                "文档内容超过 {} 上限（word/document.xml 解压后大于 {}），没有导入；\
                 请只把绩效自评表复制到一个新的 Word 文档后再导入",
                size_text(limit),
                size_text(limit)
            ),
            format!(
                "the document is over the {} limit (word/document.xml unpacks to more than \
                 {}) and was not imported; copy only the form into a new Word document and \
                 import that",
                size_text_en(limit),
                size_text_en(limit)
            ),
        )
    };
    if entry.size() > limit {
        return Err(too_large());
    }
    let mut xml = Vec::new();
    entry
        .take(limit.saturating_add(1))
        .read_to_end(&mut xml)
        .map_err(|_| {
            OfficeError::new(
                ".docx 文件已损坏（word/document.xml 解压时出错，文件被截断或已损坏）",
                "the .docx file is damaged (word/document.xml fails to unpack: the file is \
                 truncated or damaged)",
            )
        })?;
    if u64::try_from(xml.len()).map_or(true, |length| length > limit) {
        return Err(too_large());
    }
    // XML may be UTF-16 with a byte order mark (Word writes UTF-8, other tools may not).
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        if !bytes.len().is_multiple_of(2) {
            return Err((
                "UTF-16 文本的字节数为奇数",
                "UTF-16 text of an odd byte count",
            ));
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).map_err(|_| ("UTF-16 文本中有无效字符", "invalid UTF-16"))
    };
    let text = if let Some(rest) = xml.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = xml.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)
    } else {
        String::from_utf8(xml).map_err(|_| ("UTF-8 文本中有无效字节", "invalid UTF-8"))
    };
    text.map_err(|(zh, en)| {
        OfficeError::new(
            format!(".docx 文件已损坏（word/document.xml 不是 UTF-8 或 UTF-16 文本：{zh}）"),
            format!(
                "the .docx file is damaged (word/document.xml is not UTF-8 or UTF-16 text: {en})"
            ),
        )
    })
}

/// A table cell of `word/document.xml` being read.
#[derive(Default)]
struct OpenCell {
    /// The text of its paragraphs.
    paragraphs: Vec<String>,
    /// A `w:vMerge` continuation: the cell above covers it (a blank cell in its place).
    below: bool,
    /// A `w:hMerge` continuation: the cell to its left covers it (no cell of its own).
    right: bool,
}

/// The count of grid columns of a `w:gridBefore`/`w:gridAfter` element, at most
/// [`MAX_GRID_SKIP`]; 0 when it has no readable `w:val`.
fn grid_skip(element: &quick_xml::events::BytesStart<'_>) -> usize {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.into_inner() == "w:val")
        .and_then(|a| a.value.trim().parse::<usize>().ok())
        .map_or(0, |count| count.min(MAX_GRID_SKIP))
}

/// Walks `word/document.xml`: body paragraphs become one-cell rows, `w:tbl/w:tr/w:tc` become
/// rows of cells (the `w:t` text of each cell, its paragraphs joined by newlines; a `w:vMerge`
/// continuation cell is blank; a `w:gridSpan` cell is one cell, and so is a `w:hMerge` run: its
/// continuation cells are left out; `w:gridBefore`/`w:gridAfter` add blank cells before/after
/// the row's cells). A table nested in a cell adds its text to that cell.
fn document_rows(xml: &str) -> Result<Vec<Vec<Cell>>, OfficeError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stream = Stream::default();
    let mut tables = 0usize;
    let mut table_rows = 0usize; // rows of the current top-level table
    let mut depth = 0usize; // nesting of w:tbl
    let mut row: Option<Vec<String>> = None;
    let mut blanks_after = 0usize; // w:gridAfter of the open row
    let mut cell: Option<OpenCell> = None;
    let mut paragraph: Option<String> = None;
    let mut paragraph_depth = 0usize; // nesting of w:p (text boxes hold paragraphs)
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|_| {
            let at = reader.buffer_position();
            OfficeError::new(
                format!(".docx 文件已损坏（word/document.xml 不是有效的 XML，出错位置第 {at} 字节）"),
                format!(
                    "the .docx file is damaged (word/document.xml is not well-formed XML, at byte {at})"
                ),
            )
        })?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let empty = matches!(event, Event::Empty(_));
                match element.name().into_inner() {
                    "w:tbl" if !empty => {
                        depth += 1;
                        if depth == 1 {
                            tables += 1;
                            table_rows = 0;
                        }
                    }
                    "w:tr" if depth == 1 => {
                        row = Some(Vec::new());
                        blanks_after = 0;
                        if empty {
                            if let Some(done) = row.take() {
                                stream.push(done);
                            }
                        }
                    }
                    "w:gridBefore" if depth == 1 && cell.is_none() => {
                        if let Some(r) = row.as_mut() {
                            r.extend(std::iter::repeat_n(String::new(), grid_skip(element)));
                        }
                    }
                    "w:gridAfter" if depth == 1 && cell.is_none() => {
                        blanks_after = grid_skip(element);
                    }
                    "w:tc" if depth == 1 => {
                        cell = Some(OpenCell::default());
                        if empty {
                            if let (Some(r), Some(_)) = (row.as_mut(), cell.take()) {
                                r.push(String::new());
                            }
                        }
                    }
                    "w:vMerge" | "w:hMerge" if depth == 1 => {
                        // No w:val, or w:val="continue": the cell continues the one above (the
                        // one to its left).
                        let restart = element
                            .attributes()
                            .flatten()
                            .any(|a| a.key.into_inner() == "w:val" && a.value == "restart");
                        if let Some(open) = cell.as_mut() {
                            if element.name().into_inner() == "w:vMerge" {
                                open.below = !restart;
                            } else {
                                open.right = !restart;
                            }
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
                    if let Some(mut done) = row.take() {
                        done.extend(std::iter::repeat_n(String::new(), blanks_after));
                        table_rows += 1;
                        stream.push_placed(placed(done, tables, table_rows));
                    }
                    blanks_after = 0;
                }
                "w:tc" if depth == 1 => {
                    if let Some(open) = cell.take() {
                        let text = if open.below {
                            String::new()
                        } else {
                            open.paragraphs.join("\n")
                        };
                        if let (Some(r), false) = (row.as_mut(), open.right) {
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
        return Err(OfficeError::new(
            ".docx 文件中没有表格，没有找到绩效自评表",
            "the .docx file holds no table: no self-evaluation form found",
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
fn finish_paragraph(text: String, cell: &mut Option<OpenCell>, stream: &mut Stream) {
    if let Some(open) = cell.as_mut() {
        open.paragraphs.push(text);
    } else if !clean(&text).is_empty() {
        stream.push(vec![text]);
    }
}

/// A Word table row's cells with their places, as a user counts them: `表格2 第5行第3格`.
fn placed(texts: Vec<String>, table: usize, row: usize) -> Vec<(String, Option<String>)> {
    texts
        .into_iter()
        .enumerate()
        .map(|(k, text)| (text, Some(format!("表格{table} 第{row}行第{}格", k + 1))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::sheet_rows;
    use super::super::test_support::{docx, texts};
    use super::*;

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

    #[test]
    fn a_document_over_the_limit_is_refused_not_cut() {
        let xml = r#"<w:document><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let bytes = docx(xml.as_bytes());
        let limit = xml.len() as u64;
        assert_eq!(document_xml(&bytes, limit).as_deref(), Ok(xml));
        let error = document_xml(&bytes, limit - 1).expect_err("over the limit");
        assert!(
            error.zh.starts_with("文档内容超过") && error.zh.contains("上限"),
            "{error}"
        );
        assert_eq!(size_text(MAX_DOCUMENT_BYTES), "64 MB");
        // UTF-16, as the XML declaration allows.
        for (bom, encode) in [
            ([0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]),
            ([0xFE, 0xFF], u16::to_be_bytes),
        ] {
            let mut utf16 = bom.to_vec();
            utf16.extend(xml.encode_utf16().flat_map(encode));
            let rows = docx_rows(&docx(&utf16)).expect("UTF-16");
            assert_eq!(texts(&rows), vec![vec!["项目名称"]]);
        }
        let error = docx_rows(&docx(&[0xFF, 0xFE, b'<'])).expect_err("odd UTF-16");
        assert!(error.zh.contains("UTF-16"), "{error}");
        let error = docx_rows(&docx(b"<w:t>\xFF</w:t>")).expect_err("not UTF-8");
        assert!(error.zh.contains("UTF-8"), "{error}");
    }

    #[test]
    fn grid_before_and_after_keep_the_columns_in_place() {
        let cell = |text: &str| format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>");
        let xml = format!(
            r#"<w:document><w:body><w:tbl>
            <w:tr>{}{}{}{}</w:tr>
            <w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="2"/></w:trPr>{}</w:tr>
            <w:tr><w:trPr><w:gridBefore w:val="99999999999"/></w:trPr>{}</w:tr>
            <w:tr><w:trPr><w:gridBefore w:val="x"/></w:trPr>{}</w:tr>
            </w:tbl></w:body></w:document>"#,
            cell("a"),
            cell("b"),
            cell("c"),
            cell("d"),
            cell("B"),
            cell("z"),
            cell("y"),
        );
        let rows = document_rows(&xml).expect("rows");
        assert_eq!(
            texts(&rows[..2]),
            vec![vec!["a", "b", "c", "d"], vec!["", "B", "", ""]]
        );
        // A count beyond Word's 63 columns is taken as 63; one that is no number as none.
        assert_eq!(rows[2].len(), MAX_GRID_SKIP + 1);
        assert_eq!(texts(&rows[3..]), vec![vec!["y"]]);
    }

    #[test]
    fn legacy_horizontal_merges_are_one_cell() {
        let xml = r#"<w:document><w:body><w:tbl><w:tr>
            <w:tc><w:p><w:r><w:t>总分</w:t></w:r></w:p></w:tc>
            <w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>100</w:t></w:r></w:p></w:tc>
            <w:tc><w:tcPr><w:hMerge w:val="continue"/></w:tcPr><w:p/></w:tc>
            <w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p><w:r><w:t>hidden</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>备注</w:t></w:r></w:p></w:tc>
            </w:tr></w:tbl></w:body></w:document>"#;
        let rows = document_rows(xml).expect("rows");
        assert_eq!(texts(&rows), vec![vec!["总分", "100", "备注"]]);
    }
}
