//! Word (`.docx`) and spreadsheet (`.xlsx`, `.xls`) files as a cell stream.
//!
//! Both readers turn the file's tables into the rows of cells that [`super::rows`] makes from a
//! text copy, so that one recogniser ([`super::import_rows`]) serves every input:
//!
//! - a horizontally merged cell (`w:gridSpan`, a legacy `w:hMerge` run, or the part of a merged
//!   range in its first row) is one cell;
//! - a vertically merged cell holds its text in its first row only; each row below that it covers
//!   has a blank cell in its place (`w:vMerge` continuation), exactly as the text copies show
//!   merged level-1/level-2 cells as blank lines;
//! - grid columns a Word row leaves out before or after its cells (`w:gridBefore`,
//!   `w:gridAfter`) are blank cells, so that every row keeps the table's columns;
//! - a paragraph outside any table (a title such as `部门整体绩效目标自评表`, `（2021年度）`)
//!   is a row of one cell.
//!
//! Each [`Cell::line`] is the line the cell would have in the equivalent text copy (one cell a
//! line, an empty line after each row), so that reports name cells the same way for every input.
//!
//! What a file is goes by its content, not its name: [`sniff`] tells a Word document from a
//! workbook, a PDF, an OpenDocument sheet or an old binary file, and [`refusal`] gives the message
//! for the kinds that are not read.
//!
//! Limits (a hostile or damaged file must fail with a message naming what to do, never exhaust
//! the machine or stop the import of the other files):
//!
//! - a `word/document.xml` larger than 64 MB uncompressed (`MAX_DOCUMENT_BYTES`) is refused,
//!   never read in part;
//! - a sheet is read cell by cell, never as a dense range over its bounding box. A sheet whose
//!   used area (the bounding box of its cells that hold a value) spans more than 65,536 rows or
//!   256 columns or holds more than 1,000,000 cells (`MAX_SHEET_ROWS`, `MAX_SHEET_COLUMNS`,
//!   `MAX_SHEET_CELLS`), or that has more than 5,000,000 cell records (`MAX_SHEET_RECORDS`), is
//!   refused with a message naming the sheet and the farthest cell, as soon as the limit is
//!   passed. The row and column limits are those of Excel 97–2003 (a filed form has a few
//!   hundred rows and a dozen columns): a used area beyond them is stray input, such as a value
//!   typed into `XFD1048576`;
//! - a workbook may make at most 4,000,000 cells (`MAX_WORKBOOK_CELLS`) and 64 MB of text
//!   (`MAX_TEXT_BYTES`) from all its sheets together, and an `.xlsx` part (a sheet's XML, the
//!   shared strings) may be at most 128 MB uncompressed, all of them 512 MB (`MAX_PART_BYTES`,
//!   `MAX_PARTS_BYTES`);
//! - an `.xls` has no reader cell by cell: calamine builds every sheet (hidden ones too) as a
//!   dense range when it opens the file, and trusts the file's sector chains and records. So
//!   `check_xls` walks the file first, as calamine will, and refuses one whose sheets would pass
//!   the same limits, or that would make calamine loop, panic or reserve without bound; the
//!   ranges calamine then builds hold at most 4,000,000 cells;
//! - a panic inside calamine on a malformed workbook (it indexes some records unchecked) fails
//!   that file with a message.
//!
//! The readers and what they share are split into submodules:
//!
//! - `docx`: the Word reader ([`docx_rows`]);
//! - `sheet`: the spreadsheet reader ([`sheet_rows`]) for `.xlsx`/`.xlsm`, `.xlsb` and `.xls`,
//!   the sheet and workbook limits, and how dates are written;
//! - `number_format`: Excel number formats, rendered as the text the form shows;
//! - `compound`: the OLE compound-file walker and the `.xls` guard (`check_xls`) that a file
//!   passes before calamine opens it.
//!
//! This module holds what they share: [`OfficeError`], the row builder `Stream`, the compound
//! file signature, and the sniffing of a file's kind ([`sniff`], [`refusal`]).

mod compound;
mod docx;
mod html;
mod number_format;
mod sheet;

pub use docx::docx_rows;
pub use html::{html_rows, is_html};
pub use sheet::sheet_rows;

use super::{clean, Cell};
use compound::Compound;
use std::io::{Cursor, Read};

/// The signature of an OLE compound file: a password-protected Office file, an old `.doc`/`.xls`,
/// or a WPS `.wps`/`.et`.
const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a Word, spreadsheet or web-page file gave no cell stream: the message for the user in
/// Chinese (`zh`, shown by default and by [`Display`](std::fmt::Display)) and in English (`en`,
/// for `--lang en`). What a library (zip, calamine, quick-xml) said is told in the user's words
/// ([`zip_reason`], [`sheet_reason`]), never passed on in its own English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeError {
    /// The message in Chinese.
    pub zh: String,
    /// The message in English.
    pub en: String,
}

impl OfficeError {
    /// A message in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> OfficeError {
        OfficeError {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl std::fmt::Display for OfficeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.zh)
    }
}

/// Why a zip could not be read, in Chinese and English: a truncated or damaged archive, an
/// unsupported compression or encryption, a missing part.
pub(super) fn zip_reason(error: &zip::result::ZipError) -> (&'static str, &'static str) {
    use zip::result::ZipError;
    match error {
        ZipError::Io(_) => (
            "解压时读取出错，文件被截断或已损坏",
            "reading failed while unpacking: the file is truncated or damaged",
        ),
        ZipError::InvalidArchive(_) => (
            "压缩结构已损坏（多为下载不完整）",
            "its zip structure is damaged (often an incomplete download)",
        ),
        ZipError::UnsupportedArchive(_) => (
            "使用了不支持的压缩方式或加密",
            "it uses an unsupported compression or encryption",
        ),
        ZipError::FileNotFound => ("缺少必需的部件", "a required part is missing"),
        ZipError::InvalidPassword => ("文件受密码保护", "the file is password-protected"),
        _ => ("压缩结构无法读取", "its zip structure cannot be read"),
    }
}

/// Why calamine could not read a workbook or a sheet, in Chinese and English.
pub(super) fn sheet_reason(error: &calamine::Error) -> (&'static str, &'static str) {
    use calamine::{Error, XlsError, XlsbError, XlsxError};
    match error {
        Error::Io(_) => (
            "读取时出错，文件被截断或已损坏",
            "reading failed: the file is truncated or damaged",
        ),
        Error::Xlsx(XlsxError::Zip(zip)) | Error::Xlsb(XlsbError::Zip(zip)) => zip_reason(zip),
        Error::Xlsx(XlsxError::Password) | Error::Xls(XlsError::Password) => {
            ("文件受密码保护", "the file is password-protected")
        }
        Error::Xlsx(XlsxError::Xml(_) | XlsxError::XmlAttr(_) | XlsxError::XmlEof(_))
        | Error::Xlsb(XlsbError::Xml(_) | XlsbError::XmlAttr(_)) => (
            "工作簿中的 XML 已损坏",
            "the XML inside the workbook is damaged",
        ),
        Error::Xlsx(XlsxError::FileNotFound(_)) | Error::Xlsb(XlsbError::FileNotFound(_)) => (
            "工作簿缺少必需的部件",
            "a required part of the workbook is missing",
        ),
        _ => ("格式不对或已损坏", "its format is wrong or it is damaged"),
    }
}

/// What a file is, by its content (see [`sniff`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip with `word/document.xml`: read with [`docx_rows`].
    Docx,
    /// A zip with `xl/workbook.xml` (`.xlsx`, `.xlsm`) or `xl/workbook.bin` (`.xlsb`): read with
    /// [`sheet_rows`].
    Xlsx,
    /// An OLE compound file with a `Workbook` (or `Book`) stream at its root: an old binary
    /// `.xls`, read with [`sheet_rows`] (a password-protected `.xls` fails there with a message).
    Xls,
    /// Any other OLE compound file: an old `.doc`, a password-protected `.docx`/`.xlsx`, a WPS
    /// `.wps`/`.et`. Not read.
    OleCompound,
    /// A PDF. Not read.
    Pdf,
    /// An OpenDocument spreadsheet (`.ods`). Not read.
    Ods,
    /// Any other zip (an `.odt`, an archive of files), or a zip whose directory is unreadable
    /// (a truncated download). Not read.
    OtherZip,
    /// Anything else: taken for a text copy (which must then be UTF-8 text).
    Text,
}

/// What `bytes` are, by their magic bytes and, for a zip, the names of its entries (its central
/// directory only: nothing is inflated but the few bytes of an OpenDocument `mimetype`).
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&COMPOUND_FILE) {
        let entries = Compound::open(bytes).ok().and_then(|c| c.root_entries());
        let workbook = entries.is_some_and(|entries| {
            entries.iter().any(|(name, stream)| {
                *stream
                    && (name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book"))
            })
        });
        return if workbook {
            Sniffed::Xls
        } else {
            Sniffed::OleCompound
        };
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if bytes[start..].starts_with(b"%PDF-") {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    Sniffed::Text
}

/// [`sniff`] for a zip.
fn sniff_zip(bytes: &[u8]) -> Sniffed {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Sniffed::OtherZip;
    };
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("word/document.xml") {
        return Sniffed::Docx;
    }
    if has("xl/workbook.xml") || has("xl/workbook.bin") {
        return Sniffed::Xlsx;
    }
    if has("content.xml") {
        let mut mimetype = Vec::new();
        if let Ok(entry) = archive.by_name("mimetype") {
            // A read error leaves what was read: the comparison below then fails.
            let _ = entry.take(128).read_to_end(&mut mimetype);
        }
        if mimetype.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
            return Sniffed::Ods;
        }
    }
    Sniffed::OtherZip
}

/// The message for a kind of file that is not read, or `None` for one that is (`Docx`, `Xlsx`,
/// `Xls`, `Text`).
pub fn refusal(kind: Sniffed) -> Option<OfficeError> {
    let message = match kind {
        Sniffed::Pdf => OfficeError::new(
            "这是 PDF 文件：请用原始的 Word/Excel 文件，或从 PDF 复制表格文本（一格一行）后导入",
            "this is a PDF file: use the original Word/Excel file, or copy the table's text out \
             of the PDF (one cell a line) and import that",
        ),
        Sniffed::Ods => ods_message(),
        Sniffed::OtherZip => OfficeError::new(
            "不是 Word 或 Excel 文件（压缩包中没有 word/document.xml 或 xl/workbook.xml，\
             或文件已损坏）",
            "not a Word or Excel file (the zip holds no word/document.xml or xl/workbook.xml, \
             or the file is damaged)",
        ),
        Sniffed::OleCompound => {
            let compound = compound_message();
            OfficeError::new(
                format!("{}；WPS 文件（.wps/.et）请另存为 .docx/.xlsx", compound.zh),
                format!("{}; save a WPS file (.wps/.et) as .docx/.xlsx", compound.en),
            )
        }
        Sniffed::Docx | Sniffed::Xlsx | Sniffed::Xls | Sniffed::Text => return None,
    };
    Some(message)
}

/// The message for an OpenDocument spreadsheet.
fn ods_message() -> OfficeError {
    OfficeError::new(
        "这是 OpenDocument 表格（.ods）：请另存为 .xlsx 后导入",
        "this is an OpenDocument spreadsheet (.ods): save it as .xlsx and import that",
    )
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
        self.push_placed(texts.into_iter().map(|text| (text, None)).collect());
    }

    /// [`Stream::push`] with each cell's place in the file (`表格2 第5行第3格`, `表1!C5`).
    fn push_placed(&mut self, cells: Vec<(String, Option<String>)>) {
        let mut row = Vec::with_capacity(cells.len());
        for (text, place) in cells {
            self.line += 1;
            row.push(Cell {
                line: self.line,
                text: clean(&text),
                place,
            });
        }
        self.line += 1;
        self.rows.push(row);
    }
}

/// The message for a `.docx`/`.xlsx` that is really an OLE compound file.
fn compound_message() -> OfficeError {
    OfficeError::new(
        "文件受密码保护（已加密）或是旧版 Office 格式（.doc/.xls 存成了新扩展名），无法读取；\
         请去掉密码或另存为 .docx/.xlsx 后再导入",
        "the file is password-protected (encrypted) or in an old Office format (a .doc/.xls \
         under a new extension) and cannot be read; remove the password or save it as \
         .docx/.xlsx and import that",
    )
}

/// A size for a message: whole megabytes, or bytes below one.
fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} 字节")
    }
}

/// [`size_text`] in English.
fn size_text_en(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// Builders of in-memory files for the tests of the readers.
#[cfg(test)]
mod test_support {
    use super::compound::END_OF_CHAIN;
    use super::{Cell, COMPOUND_FILE};
    use std::io::Cursor;

    pub(super) fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    /// One sheet of a test workbook: its name, its `state` (`hidden`, `veryHidden`) if any, its
    /// `sheetData` rows, and what follows `sheetData` (`<mergeCells>…`).
    pub(super) struct TestSheet<'a> {
        pub(super) name: &'a str,
        pub(super) state: Option<&'a str>,
        pub(super) rows: String,
        pub(super) tail: String,
    }

    impl<'a> TestSheet<'a> {
        pub(super) fn new(name: &'a str, rows: impl Into<String>) -> Self {
            TestSheet {
                name,
                state: None,
                rows: rows.into(),
                tail: String::new(),
            }
        }
    }

    /// A minimal `.xlsx`: `sheets` in workbook order, stored as `xl/worksheets/sheetN.xml` in
    /// reverse order (so that names must be mapped through the relationships, not by position),
    /// with `styles` as `xl/styles.xml` unless `None`, `shared` as the shared strings, and the
    /// 1904 date system if `date1904`.
    pub(super) fn workbook(
        sheets: &[TestSheet<'_>],
        styles: Option<&str>,
        shared: &[&str],
        date1904: bool,
    ) -> Vec<u8> {
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
        for (index, sheet) in sheets.iter().enumerate() {
            let file = count - index;
            let state = sheet
                .state
                .map(|state| format!(r#" state="{state}""#))
                .unwrap_or_default();
            listed.push_str(&format!(
                r#"<sheet name="{}" sheetId="{}"{state} r:id="rId{file}"/>"#,
                sheet.name,
                index + 1
            ));
            rels.push_str(&format!(r#"<Relationship Id="rId{file}" Type="{rel}/worksheet" Target="worksheets/sheet{file}.xml"/>"#));
            add(
                &format!("xl/worksheets/sheet{file}.xml"),
                &format!(
                    r#"<worksheet xmlns="{main}"><sheetData>{}</sheetData>{}</worksheet>"#,
                    sheet.rows, sheet.tail
                ),
            );
        }
        let properties = if date1904 {
            r#"<workbookPr date1904="1"/>"#
        } else {
            ""
        };
        add(
            "xl/workbook.xml",
            &format!(
                r#"<workbook xmlns="{main}" xmlns:r="{rel}">{properties}<sheets>{listed}</sheets></workbook>"#
            ),
        );
        add(
            "xl/_rels/workbook.xml.rels",
            &format!(
                r#"<Relationships xmlns="{pkg}">{rels}<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        );
        let strings: String = shared
            .iter()
            .map(|text| format!("<si><t>{text}</t></si>"))
            .collect();
        add(
            "xl/sharedStrings.xml",
            &format!(
                r#"<sst xmlns="{main}" count="{0}" uniqueCount="{0}">{strings}</sst>"#,
                shared.len()
            ),
        );
        if let Some(styles) = styles {
            add("xl/styles.xml", styles);
        }
        zip.finish().expect("zip").into_inner()
    }

    /// [`workbook`] of visible sheets `(name, sheetData rows)`, whose one shared string is `0.5`.
    pub(super) fn xlsx(sheets: &[(&str, &str)], styles: Option<&str>) -> Vec<u8> {
        let sheets: Vec<TestSheet<'_>> = sheets
            .iter()
            .map(|&(name, rows)| TestSheet::new(name, rows))
            .collect();
        workbook(&sheets, styles, &["0.5"], false)
    }

    /// A zip of `(name, content)` entries.
    pub(super) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("zip entry");
            zip.write_all(content).expect("zip write");
        }
        zip.finish().expect("zip").into_inner()
    }

    /// A `.docx` whose `word/document.xml` is `xml`.
    pub(super) fn docx(xml: &[u8]) -> Vec<u8> {
        zip_of(&[("word/document.xml", xml)])
    }

    /// An OLE compound file of 512-byte sectors whose directory holds `entries` (name, type,
    /// left, right, child; entry 0 the root) and whose every stream entry is `stream` (at least
    /// 4096 bytes, so it lives in ordinary sectors). Layout: sector 0 the allocation table,
    /// sector 1 the directory, the stream from sector 2.
    pub(super) fn compound_file(entries: &[(&str, u8, u32, u32, u32)], stream: &[u8]) -> Vec<u8> {
        const NONE: u32 = 0xFFFF_FFFF;
        assert!(stream.len() >= 4096 && entries.len() <= 4);
        let sectors = stream.len().div_ceil(512);
        assert!(sectors <= 126);
        let mut file = vec![0u8; 512];
        file[..8].copy_from_slice(&COMPOUND_FILE);
        let put = |file: &mut Vec<u8>, at: usize, bytes: &[u8]| {
            file[at..at + bytes.len()].copy_from_slice(bytes);
        };
        put(&mut file, 0x18, &0x3Eu16.to_le_bytes());
        put(&mut file, 0x1A, &3u16.to_le_bytes());
        put(&mut file, 0x1C, &0xFFFEu16.to_le_bytes());
        put(&mut file, 0x1E, &9u16.to_le_bytes());
        put(&mut file, 0x20, &6u16.to_le_bytes());
        put(&mut file, 0x2C, &1u32.to_le_bytes());
        put(&mut file, 0x30, &1u32.to_le_bytes());
        put(&mut file, 0x38, &4096u32.to_le_bytes());
        put(&mut file, 0x3C, &END_OF_CHAIN.to_le_bytes());
        put(&mut file, 0x44, &END_OF_CHAIN.to_le_bytes());
        for index in 0..109 {
            let id = if index == 0 { 0 } else { NONE };
            put(&mut file, 0x4C + 4 * index, &id.to_le_bytes());
        }
        let mut fat = vec![0xFFFF_FFFD, END_OF_CHAIN];
        fat.extend((3..sectors as u32 + 2).chain([END_OF_CHAIN]));
        fat.resize(128, NONE);
        file.extend(fat.iter().flat_map(|id| id.to_le_bytes()));
        for index in 0..4 {
            let mut entry = [0u8; 128];
            if let Some(&(name, typ, left, right, child)) = entries.get(index) {
                let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
                entry[..units.len()].copy_from_slice(&units);
                entry[64..66].copy_from_slice(&(units.len() as u16 + 2).to_le_bytes());
                entry[66] = typ;
                entry[68..72].copy_from_slice(&left.to_le_bytes());
                entry[72..76].copy_from_slice(&right.to_le_bytes());
                entry[76..80].copy_from_slice(&child.to_le_bytes());
                let (start, size) = if typ == 2 {
                    (2, stream.len() as u32)
                } else {
                    (END_OF_CHAIN, 0)
                };
                entry[116..120].copy_from_slice(&start.to_le_bytes());
                entry[120..124].copy_from_slice(&size.to_le_bytes());
            } else {
                for at in [68, 72, 76] {
                    entry[at..at + 4].copy_from_slice(&NONE.to_le_bytes());
                }
            }
            file.extend_from_slice(&entry);
        }
        let mut data = stream.to_vec();
        data.resize(sectors * 512, 0);
        file.extend(data);
        file
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{compound_file, docx, xlsx, zip_of};
    use super::*;

    #[test]
    fn files_are_told_by_their_content() {
        const NONE: u32 = 0xFFFF_FFFF;
        let stream = vec![0u8; 4096];
        let ole = |entries: &[(&str, u8, u32, u32, u32)]| sniff(&compound_file(entries, &stream));
        let root = ("Root Entry", 5, NONE, NONE, 1);
        assert_eq!(
            ole(&[
                root,
                ("Workbook", 2, NONE, 2, NONE),
                ("\u{5}SummaryInformation", 2, NONE, NONE, NONE)
            ]),
            Sniffed::Xls
        );
        assert_eq!(ole(&[root, ("Book", 2, NONE, NONE, NONE)]), Sniffed::Xls);
        assert_eq!(
            ole(&[root, ("WordDocument", 2, NONE, NONE, NONE)]),
            Sniffed::OleCompound
        );
        assert_eq!(
            ole(&[root, ("EncryptedPackage", 2, NONE, NONE, NONE)]),
            Sniffed::OleCompound
        );
        // A workbook embedded in a Word document is not at the root.
        let embedded = [
            root,
            ("ObjectPool", 1, NONE, 3, 2),
            ("Workbook", 2, NONE, NONE, NONE),
            ("WordDocument", 2, NONE, NONE, NONE),
        ];
        assert_eq!(ole(&embedded), Sniffed::OleCompound);
        // A tree that loops back on itself.
        assert_eq!(
            ole(&[root, ("WordDocument", 2, 1, 1, NONE)]),
            Sniffed::OleCompound
        );
        let mut broken = COMPOUND_FILE.to_vec();
        broken.resize(4096, 0);
        assert_eq!(sniff(&broken), Sniffed::OleCompound);
        assert_eq!(sniff(&COMPOUND_FILE), Sniffed::OleCompound);

        assert_eq!(sniff(&docx(b"<w:document/>")), Sniffed::Docx);
        assert_eq!(sniff(&xlsx(&[("表1", "")], None)), Sniffed::Xlsx);
        assert_eq!(sniff(&zip_of(&[("xl/workbook.bin", b"")])), Sniffed::Xlsx);
        let ods = zip_of(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", b"<office:document-content/>"),
        ]);
        assert_eq!(sniff(&ods), Sniffed::Ods);
        let odt = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b""),
        ]);
        assert_eq!(sniff(&odt), Sniffed::OtherZip);
        assert_eq!(sniff(&zip_of(&[("a.txt", b"x")])), Sniffed::OtherZip);
        assert_eq!(sniff(b"PK\x03\x04 cut short"), Sniffed::OtherZip);
        assert_eq!(sniff(b"%PDF-1.7\n%\xE2\xE3"), Sniffed::Pdf);
        assert_eq!(sniff(b"\r\n %PDF-1.4"), Sniffed::Pdf);
        assert_eq!(sniff("项目名称\n\t人代会\n".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(b"\xFF\xFEa\x00"), Sniffed::Text);
        assert_eq!(sniff(b""), Sniffed::Text);
        // An .ods given to the spreadsheet reader.
        assert_eq!(sheet_rows(&ods).err(), Some(ods_message()));
    }

    #[test]
    fn refused_kinds_have_their_messages() {
        for kind in [Sniffed::Docx, Sniffed::Xlsx, Sniffed::Xls, Sniffed::Text] {
            assert_eq!(refusal(kind), None, "{kind:?}");
        }
        let message = |kind| refusal(kind).map(|e| e.zh).unwrap_or_default();
        assert!(message(Sniffed::Pdf).starts_with("这是 PDF 文件"));
        assert!(message(Sniffed::Ods).contains(".ods") && message(Sniffed::Ods).contains(".xlsx"));
        assert!(message(Sniffed::OtherZip).starts_with("不是 Word 或 Excel 文件"));
        let ole = message(Sniffed::OleCompound);
        assert!(
            ole.starts_with(&compound_message().zh) && ole.contains("WPS"),
            "{ole}"
        );
    }
}
