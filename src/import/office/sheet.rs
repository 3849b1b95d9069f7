//! The spreadsheet reader: every visible sheet of an `.xlsx`/`.xlsm`, `.xlsb` or `.xls` as a cell
//! stream, with merged ranges swept row by row, numbers written as their number format shows them
//! (`.xlsx`/`.xlsm`; see `number_format`) and dates as ISO dates. An `.xlsx` or `.xlsb` sheet is
//! read cell by cell, never as a dense range over its bounding box; an `.xls` sheet comes from the
//! range calamine builds when it opens the file, which `check_xls` (in `compound`) has bounded
//! first. The sheet and workbook limits live here, with the running counts (`Extent`, `Budget`)
//! that enforce them as cells are read and that `check_xls` uses too.

use super::compound::check_xls;
use super::number_format::shown_number;
use super::{
    ods_message, sheet_reason, size_text, size_text_en, sniff, OfficeError, Sniffed, Stream,
    COMPOUND_FILE,
};
use crate::import::{clean, Cell};
use std::io::{Cursor, Read, Seek};

/// The most rows a sheet's used area may span (Excel 97–2003's row count).
pub(super) const MAX_SHEET_ROWS: u64 = 65_536;

/// The most columns a sheet's used area may span (Excel 97–2003's column count, `A`…`IV`).
pub(super) const MAX_SHEET_COLUMNS: u64 = 256;

/// The most cells (rows × columns) a sheet's used area may hold: each becomes a cell of the
/// stream, so this bounds the memory and time of a sheet (about 50 MB at most).
const MAX_SHEET_CELLS: u64 = 1_000_000;

/// The most cells made from all sheets of a workbook together (for an `.xls`: the most cells
/// of the ranges calamine builds for all its sheets), about 130 MB: the per-sheet limits alone
/// would let a workbook of many sheets cost without bound.
pub(super) const MAX_WORKBOOK_CELLS: u64 = 4_000_000;

/// The most text the cells of a workbook may hold together (a shared string can be repeated in
/// every cell, so a small file can name gigabytes of text).
pub(super) const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// The largest part of an `.xlsx` read (a sheet's XML, the shared strings), uncompressed by its
/// declared size (which the zip reader enforces): a filed form's sheet is well below 1 MB.
const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;

/// The most all parts of an `.xlsx` may hold together, uncompressed.
const MAX_PARTS_BYTES: u64 = 512 * 1024 * 1024;

/// The most cell records (`<c>` elements, with or without a value) read from one sheet.
const MAX_SHEET_RECORDS: u64 = 5_000_000;

/// Reads every visible sheet of an `.xlsx`/`.xlsm`/`.xlsb`/`.xls` workbook as a cell stream,
/// sheet after sheet. Hidden and very hidden sheets (backups, lookup lists) are not part of what
/// the user sees and are skipped without a word.
///
/// A merged range gives its value once, at its first row and column; in the rows below, its
/// first column holds a blank cell and its other columns nothing (as a Word table shows a
/// merged cell); an entirely empty row is skipped like the empty line between rows of a text
/// copy. (Overlapping merged ranges, which Excel never writes, are resolved first range first: a
/// range whose first column is covered by an earlier one is ignored from that row on, and a range
/// stops where it meets an earlier one.) A merged range that would make the rows wider than the
/// sheet's limits reaches no further than the sheet's last column with a value.
///
/// A number is written as the form shows it: in an `.xlsx`/`.xlsm` file, a numeric cell whose
/// number format is a plain decimal or percentage format (`0%`, `0.00`, `#,##0.00`, …; see
/// `shown_number`) is formatted by it, so 0.78 under `0%` reads `78%` and 9 under `0.00`
/// reads `9.00`; thousands separators are left out. Any other number (format `General`, a
/// format this reader does not render, and every number of an old binary `.xls`, whose formats
/// are not read) is written as Excel stores it (`10`, `1945.74731`). A date (a number under a
/// date format) is written as an ISO date, `2021-06-30`, with its time of day when that is not
/// midnight (`2021-06-30 14:30`), and a time alone as `14:30` (see `date_text`). A workbook whose
/// `styles.xml` is not readable XML is read without it: its numbers as stored.
///
/// A sheet whose used area or text passes the limits (see the module documentation) is refused
/// with a message naming it; so is an OpenDocument spreadsheet.
pub fn sheet_rows(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, OfficeError> {
    let ole = bytes.starts_with(&COMPOUND_FILE);
    if ole {
        check_xls(bytes)?;
    } else if sniff(bytes) == Sniffed::Ods {
        return Err(ods_message());
    } else {
        check_parts(bytes)?;
    }
    // calamine parses hostile input and indexes some records unchecked: a panic in it must cost
    // this file, not the whole import.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(bytes, ole)))
        .unwrap_or_else(|_| {
            Err(OfficeError::new(
                "工作簿已损坏，读取时出错；请在 Excel 中打开并另存为 .xlsx 后再导入",
                "the workbook is damaged and failed to read; open it in Excel, save it as .xlsx \
                 and import that",
            ))
        })
}

/// [`sheet_rows`] once the file is known to be safe to give to calamine; `ole` for an OLE
/// compound file (an `.xls`, or an encrypted workbook).
fn read_workbook(bytes: &[u8], ole: bool) -> Result<Vec<Vec<Cell>>, OfficeError> {
    use calamine::{Reader, SheetVisible, Sheets};
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
                    let (zh, en) = sheet_reason(&e);
                    return Err(OfficeError::new(
                        format!(
                            "无法读取工作簿（文件受密码保护、已损坏，或不是 Excel 文件：{zh}）"
                        ),
                        format!(
                            "cannot read the workbook (it is password-protected, damaged, or \
                             not an Excel file: {en})"
                        ),
                    ));
                }
                _ => {
                    let (zh, en) = sheet_reason(&e);
                    return Err(OfficeError::new(
                        format!("不是有效的 Excel 文件（{zh}）"),
                        format!("not a valid Excel file ({en})"),
                    ));
                }
            }
        }
    };
    let sheets = workbook.sheets_metadata();
    let visible: Vec<String> = sheets
        .iter()
        .filter(|sheet| sheet.visible == SheetVisible::Visible)
        .map(|sheet| sheet.name.clone())
        .collect();
    let hidden = sheets.len() > visible.len();
    let mut stream = Stream::default();
    let mut budget = Budget::default();
    let mut found = false;
    for name in &visible {
        let sheet = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx_sheet(xlsx, name, &mut budget)?,
            Sheets::Xlsb(xlsb) => xlsb_sheet(xlsb, name, &mut budget)?,
            Sheets::Xls(xls) => xls_sheet(xls, name, &mut budget)?,
            Sheets::Ods(_) => return Err(ods_message()),
        };
        found |= push_sheet(&mut stream, sheet, name, &mut budget)?;
    }
    if !found {
        return Err(if hidden {
            OfficeError::new(
                "工作簿的可见工作表中没有内容（隐藏的工作表不导入），没有找到绩效自评表",
                "the workbook's visible sheets are empty (hidden sheets are not imported): no \
                 self-evaluation form found",
            )
        } else {
            OfficeError::new(
                "工作簿中没有内容，没有找到绩效自评表",
                "the workbook is empty: no self-evaluation form found",
            )
        });
    }
    Ok(stream.rows)
}

/// Refuses a zip (an `.xlsx`) with a part larger than [`MAX_PART_BYTES`] or parts larger than
/// [`MAX_PARTS_BYTES`] together, uncompressed, by the sizes its directory declares (the zip
/// reader fails on a part that inflates to more than its declared size, so they bound what
/// calamine reads: the shared strings it keeps, the sheets and merged ranges it scans). A
/// `bytes` that is no readable zip is left to calamine.
fn check_parts(bytes: &[u8]) -> Result<(), OfficeError> {
    check_part_sizes(bytes, MAX_PART_BYTES, MAX_PARTS_BYTES)
}

/// [`check_parts`] with the limits `part` (each) and `parts` (together).
fn check_part_sizes(bytes: &[u8], part: u64, parts: u64) -> Result<(), OfficeError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total = 0u64;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(index) else {
            continue;
        };
        let size = entry.size();
        total = total.saturating_add(size);
        if size > part || total > parts {
            let name = entry
                .name()
                .map(std::borrow::Cow::into_owned)
                .unwrap_or_default();
            return Err(OfficeError::new(
                format!(
                    "工作簿中的 {name} 解压后过大（单个部件上限 {}，合计上限 {}），没有导入；\
                     多半是工作表中有大量多余的单元格或格式：请只把自评表复制到一个新的工作簿后再导入",
                    size_text(part),
                    size_text(parts)
                ),
                format!(
                    "{name} in the workbook unpacks too large (limits: {} a part, {} together) \
                     and was not imported; the sheet most likely holds many stray cells or \
                     formats: copy only the form into a new workbook and import that",
                    size_text_en(part),
                    size_text_en(parts)
                ),
            ));
        }
    }
    Ok(())
}

/// One sheet as read: its cells with a value, and its merged ranges.
#[derive(Default)]
struct SheetCells {
    /// `(row, column, text)` of each cell with a value, in any order; of two at one position,
    /// the later counts.
    cells: Vec<(u32, u32, String)>,
    /// The used area, `(first row, first column)` and `(last row, last column)`, or `None` for
    /// a sheet without a value.
    bounds: Option<((u32, u32), (u32, u32))>,
    /// The merged ranges, as calamine lists them.
    merges: Vec<calamine::Dimensions>,
}

/// What the sheets of one workbook cost together so far: their text, and their cells.
#[derive(Default)]
pub(super) struct Budget {
    text_bytes: usize,
    cells: u64,
}

impl Budget {
    /// Takes `bytes` more text, read on `sheet`.
    pub(super) fn text(&mut self, sheet: &str, bytes: usize) -> Result<(), OfficeError> {
        self.text_bytes = self.text_bytes.saturating_add(bytes);
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(OfficeError::new(
                format!(
                    "工作簿的文字超过 {} 上限（读到工作表「{sheet}」时），没有导入；\
                     请只把自评表复制到一个新的工作簿后再导入",
                    size_text(MAX_TEXT_BYTES as u64)
                ),
                format!(
                    "the workbook's text is over the {} limit (at sheet「{sheet}」) and was not \
                     imported; copy only the form into a new workbook and import that",
                    size_text_en(MAX_TEXT_BYTES as u64)
                ),
            ));
        }
        Ok(())
    }

    /// Takes `count` more cells, of `sheet`.
    pub(super) fn cells(&mut self, sheet: &str, count: u64) -> Result<(), OfficeError> {
        self.cells = self.cells.saturating_add(count);
        if self.cells > MAX_WORKBOOK_CELLS {
            return Err(OfficeError::new(
                format!(
                    "工作簿的内容超过导入的上限（各工作表合计超过 {MAX_WORKBOOK_CELLS} 个单元格，\
                     读到工作表「{sheet}」时）；请只把自评表复制到一个新的工作簿后再导入"
                ),
                format!(
                    "the workbook is over the import's limit (more than {MAX_WORKBOOK_CELLS} \
                     cells in all its sheets, at sheet「{sheet}」); copy only the form into a new \
                     workbook and import that"
                ),
            ));
        }
        Ok(())
    }
}

/// A sheet's used area while it is read, refused as soon as it passes the sheet limits.
pub(super) struct Extent<'a> {
    sheet: &'a str,
    bounds: Option<((u32, u32), (u32, u32))>,
    records: u64,
}

impl<'a> Extent<'a> {
    pub(super) fn new(sheet: &'a str) -> Self {
        Extent {
            sheet,
            bounds: None,
            records: 0,
        }
    }

    /// Counts one cell record, with or without a value.
    fn record(&mut self) -> Result<(), OfficeError> {
        self.records += 1;
        if self.records > MAX_SHEET_RECORDS {
            return Err(OfficeError::new(
                format!(
                    "工作表「{}」的单元格记录超过 {MAX_SHEET_RECORDS} 个（多为空白的带格式单元格），\
                     超过导入的上限；请清除表格以外的单元格和格式，或把自评表复制到新的工作表后再导入",
                    self.sheet
                ),
                format!(
                    "sheet「{}」has more than {MAX_SHEET_RECORDS} cell records (mostly blank \
                     formatted cells), over the import's limit; clear the cells and formats \
                     outside the table, or copy the form into a new sheet and import that",
                    self.sheet
                ),
            ));
        }
        Ok(())
    }

    /// Takes in a cell with a value at `at`.
    pub(super) fn add(&mut self, at: (u32, u32)) -> Result<(), OfficeError> {
        let (start, end) = match self.bounds {
            None => (at, at),
            Some((start, end)) => (
                (start.0.min(at.0), start.1.min(at.1)),
                (end.0.max(at.0), end.1.max(at.1)),
            ),
        };
        self.bounds = Some((start, end));
        check_area(self.sheet, start, end, at)
    }

    /// The cells of the used area.
    pub(super) fn area(&self) -> u64 {
        self.bounds.map_or(0, |(start, end)| {
            (u64::from(end.0 - start.0) + 1) * (u64::from(end.1 - start.1) + 1)
        })
    }
}

/// The message for a sheet calamine cannot read.
fn unreadable_sheet(name: &str, error: &calamine::Error) -> OfficeError {
    let (zh, en) = sheet_reason(error);
    OfficeError::new(
        format!("工作表「{name}」无法读取：{zh}"),
        format!("sheet「{name}」cannot be read: {en}"),
    )
}

/// The message for a sheet whose merged cells calamine cannot read.
fn unreadable_merges(name: &str, error: &calamine::Error) -> OfficeError {
    let (zh, en) = sheet_reason(error);
    OfficeError::new(
        format!("工作表「{name}」的合并单元格无法读取：{zh}"),
        format!("the merged cells of sheet「{name}」cannot be read: {en}"),
    )
}

/// Refuses a used area from `start` to `end` that passes the sheet limits; `far` is the cell to
/// name as where the area reaches.
fn check_area(
    sheet: &str,
    start: (u32, u32),
    end: (u32, u32),
    far: (u32, u32),
) -> Result<(), OfficeError> {
    let rows = u64::from(end.0.saturating_sub(start.0)) + 1;
    let columns = u64::from(end.1.saturating_sub(start.1)) + 1;
    if rows <= MAX_SHEET_ROWS && columns <= MAX_SHEET_COLUMNS && rows * columns <= MAX_SHEET_CELLS {
        return Ok(());
    }
    Err(OfficeError::new(
        format!(
            "工作表「{sheet}」的使用区域过大：有内容的单元格已占 {rows} 行 × {columns} 列\
             （延伸到 {}），超过导入的上限（{MAX_SHEET_ROWS} 行、{MAX_SHEET_COLUMNS} 列、\
             共 {MAX_SHEET_CELLS} 个单元格）。多半是表格以外有误填或残留的内容：\
             请删除这些单元格，或把自评表复制到新的工作表后再导入",
            cell_name(far)
        ),
        format!(
            "sheet「{sheet}」has too large a used area: its cells with content span {rows} rows × \
             {columns} columns (reaching {}), over the import's limits ({MAX_SHEET_ROWS} rows, \
             {MAX_SHEET_COLUMNS} columns, {MAX_SHEET_CELLS} cells). Most likely something was \
             typed or left outside the table: delete those cells, or copy the form into a new \
             sheet and import that",
            cell_name(far)
        ),
    ))
}

/// The A1-style name of the 0-based `(row, column)`: `(0, 0)` is `A1`, `(1048575, 16383)` is
/// `XFD1048576`.
fn cell_name((row, column): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        letters.into_iter().collect::<String>(),
        u64::from(row) + 1
    )
}

/// Reads one sheet of an `.xlsx`/`.xlsm` cell by cell (no dense range is built), with the number
/// format of each cell's style.
fn xlsx_sheet<RS: Read + Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    name: &str,
    budget: &mut Budget,
) -> Result<SheetCells, OfficeError> {
    use calamine::{Data, DataRef, XlsxError};
    let unreadable = |e: XlsxError| unreadable_sheet(name, &calamine::Error::Xlsx(e));
    let mut reader = match xlsx.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet or dialog sheet: no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(SheetCells::default()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut extent = Extent::new(name);
    let mut cells = Vec::new();
    // A calamine value carries no number format, yet the format decides what the form shows
    // (0.78 under `0%` is 78%). The style id of each cell indexes the workbook's styles, whose
    // `number_format.format_code` is the custom `numFmts` code or the code of a builtin id; a
    // cell without a style (or with an id beyond the styles) has the first, the default.
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(unreadable)? {
        extent.record()?;
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let styles = reader.styles();
        let format = styles
            .get(style)
            .or(styles.first())
            .and_then(|style| style.number_format.as_ref())
            .map(|format| format.format_code.as_str());
        let text = cell_text(&Data::from(value.clone()), format);
        let at = cell.get_position();
        extent.add(at)?;
        budget.text(name, text.len())?;
        cells.push((at.0, at.1, text));
    }
    drop(reader);
    let merges = xlsx
        .merge_cells_by_sheet_name(name)
        .map_err(|e| unreadable_merges(name, &calamine::Error::Xlsx(e)))?;
    Ok(SheetCells {
        cells,
        bounds: extent.bounds,
        merges,
    })
}

/// Reads one sheet of an `.xlsb` cell by cell (numbers as stored; merged ranges are not read).
fn xlsb_sheet<RS: Read + Seek>(
    xlsb: &mut calamine::Xlsb<RS>,
    name: &str,
    budget: &mut Budget,
) -> Result<SheetCells, OfficeError> {
    use calamine::{Data, DataRef};
    let unreadable = |e: calamine::XlsbError| unreadable_sheet(name, &calamine::Error::Xlsb(e));
    let mut reader = xlsb.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut extent = Extent::new(name);
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        extent.record()?;
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let text = cell_text(&Data::from(value.clone()), None);
        let at = cell.get_position();
        extent.add(at)?;
        budget.text(name, text.len())?;
        cells.push((at.0, at.1, text));
    }
    Ok(SheetCells {
        cells,
        bounds: extent.bounds,
        merges: Vec::new(),
    })
}

/// Reads one sheet of an old binary `.xls` (numbers as stored). calamine has built the sheet's
/// range when it opened the file (the format bounds it to 65,536 × 256 cells); the limits apply
/// to it before any row is made.
fn xls_sheet<RS: Read + Seek>(
    xls: &mut calamine::Xls<RS>,
    name: &str,
    budget: &mut Budget,
) -> Result<SheetCells, OfficeError> {
    use calamine::Reader;
    let range = xls
        .worksheet_range(name)
        .map_err(|e| unreadable_sheet(name, &calamine::Error::Xls(e)))?;
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Ok(SheetCells::default());
    };
    check_area(name, start, end, end)?;
    let mut extent = Extent::new(name);
    let mut cells = Vec::new();
    for (row, column, data) in range.used_cells() {
        let at = (
            start
                .0
                .saturating_add(u32::try_from(row).unwrap_or(u32::MAX)),
            start
                .1
                .saturating_add(u32::try_from(column).unwrap_or(u32::MAX)),
        );
        let text = cell_text(data, None);
        extent.add(at)?;
        budget.text(name, text.len())?;
        cells.push((at.0, at.1, text));
    }
    let merges = xls
        .merge_cells_by_sheet_name(name)
        .map_err(|e| unreadable_merges(name, &calamine::Error::Xls(e)))?;
    // The used area is calamine's range (which may hold empty cells at its edges), as before.
    Ok(SheetCells {
        cells,
        bounds: Some((start, end)),
        merges,
    })
}

/// Appends the rows of one sheet (named `name`) to `stream`; `false` for a sheet without a used
/// area. The cells made count against the workbook's `budget`.
///
/// Only rows with a value are made (any other row would be blank and skipped), each as wide as
/// the used area, widened to the merged ranges' last column as long as that stays within the
/// sheet limits. The merged ranges are swept row by row (those begun and not yet ended), so a
/// sheet costs its rows with a value times its width plus its merged ranges, however many.
fn push_sheet(
    stream: &mut Stream,
    sheet: SheetCells,
    name: &str,
    budget: &mut Budget,
) -> Result<bool, OfficeError> {
    let Some((start, end)) = sheet.bounds else {
        return Ok(false);
    };
    let mut cells = sheet.cells;
    // Of two cells at one position the later counts (as in calamine's ranges): after a stable
    // sort, keep the last of each run.
    cells.sort_by_key(|&(row, column, _)| (row, column));
    cells.reverse();
    cells.dedup_by_key(|&mut (row, column, _)| (row, column));
    cells.reverse();
    let rows = u64::from(end.0 - start.0) + 1;
    let merged_end = sheet.merges.iter().map(|m| m.end.1).fold(end.1, u32::max);
    let merged_width = u64::from(merged_end - start.1) + 1;
    let last_column = if merged_width <= MAX_SHEET_COLUMNS && rows * merged_width <= MAX_SHEET_CELLS
    {
        merged_end
    } else {
        end.1
    };
    let width = (last_column - start.1) as usize + 1;
    let rows_made = cells.chunk_by(|a, b| a.0 == b.0).count() as u64;
    budget.cells(name, rows_made * width as u64)?;
    // The merged ranges that can cover a cell of the rows made, by first row (then list order).
    let mut merges: Vec<(usize, calamine::Dimensions)> = sheet
        .merges
        .into_iter()
        .enumerate()
        .filter(|(_, m)| {
            m.start.0 <= m.end.0
                && m.start.1 <= m.end.1
                && m.start.0 <= end.0
                && m.end.0 >= start.0
                && m.start.1 <= last_column
                && m.end.1 >= start.1
        })
        .collect();
    merges.sort_by_key(|&(index, m)| (m.start.0, index));
    let mut next = 0;
    let mut active: Vec<(usize, calamine::Dimensions)> = Vec::new();
    let mut cover: Vec<Option<calamine::Dimensions>> = vec![None; width];
    for row_cells in cells.chunk_by(|a, b| a.0 == b.0) {
        let r = row_cells[0].0;
        active.retain(|(_, m)| m.end.0 >= r);
        let before = active.len();
        while let Some(&(index, m)) = merges.get(next).filter(|(_, m)| m.start.0 <= r) {
            if m.end.0 >= r {
                active.push((index, m));
            }
            next += 1;
        }
        if active.len() > before {
            active.sort_by_key(|&(index, _)| index);
        }
        cover.fill(None);
        active.retain(|&(_, m)| {
            let first = (m.start.1.max(start.1) - start.1) as usize;
            let last = (m.end.1.min(last_column) - start.1) as usize;
            if cover[first].is_some() {
                return false;
            }
            for slot in &mut cover[first..=last] {
                if slot.is_some() {
                    break;
                }
                *slot = Some(m);
            }
            true
        });
        let mut texts = Vec::with_capacity(width);
        let mut at = 0;
        for (offset, c) in (start.1..=last_column).enumerate() {
            while row_cells.get(at).is_some_and(|cell| cell.1 < c) {
                at += 1;
            }
            let text = || {
                row_cells
                    .get(at)
                    .filter(|cell| cell.1 == c)
                    .map(|cell| cell.2.clone())
                    .unwrap_or_default()
            };
            let place = || Some(format!("{name}!{}", cell_name((r, c))));
            match cover[offset] {
                Some(m) if m.start == (r, c) => texts.push((text(), place())),
                Some(m) if c == m.start.1 => texts.push((String::new(), place())),
                Some(_) => {}
                None => texts.push((text(), place())),
            }
        }
        if texts.iter().all(|(t, _)| clean(t).is_empty()) {
            continue;
        }
        stream.push_placed(texts);
    }
    Ok(true)
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
/// format; a date or time as [`date_text`] writes it; anything else as calamine writes it.
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
        Data::DateTime(date) => date_text(date),
        Data::DateTimeIso(iso) => Some(iso_date_text(iso)),
        _ => None,
    };
    match (shown, data) {
        (Some(text), _) => text,
        (None, Data::Empty) => String::new(),
        (None, other) => other.to_string(),
    }
}

/// A date cell as the form shows it, plainly: the ISO date (`2021-06-30`), followed by the time of
/// day when that is not midnight (`2021-06-30 14:30`, seconds only when not zero); a value below
/// one day is a time alone (`14:30`); a duration (`[h]:mm` formats) is hours, minutes and seconds
/// (`37:30:00`). The calendar is calamine's (`ExcelDateTime::to_ymd_hms_milli`: both the 1900 and
/// 1904 date systems, Excel's 1900-02-29 included). `None` (the stored number is written) for a
/// value Excel shows no date for: negative, not finite, or past 9999-12-31 (in the 1904 system,
/// whose last day comes 1462 days earlier, such a value reads 9999-12-31).
fn date_text(date: &calamine::ExcelDateTime) -> Option<String> {
    let value = date.as_f64();
    // 2958466 is the day after 9999-12-31 (1900 date system), which calamine would clamp to it.
    if !(0.0..2_958_466.0).contains(&value) {
        return None;
    }
    if date.is_duration() {
        let seconds = (value * 86_400.0).round();
        if seconds >= 1e15 {
            return None;
        }
        let seconds = seconds as u64;
        return Some(format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        ));
    }
    let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
    let time = match (hour, minute, second) {
        (h, m, 0) => format!("{h:02}:{m:02}"),
        (h, m, s) => format!("{h:02}:{m:02}:{s:02}"),
    };
    if value < 1.0 {
        return Some(time);
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    Some(if (hour, minute, second) == (0, 0, 0) {
        date
    } else {
        format!("{date} {time}")
    })
}

/// An ISO 8601 date-time cell (`t="d"`, `2021-06-30T00:00:00`) written like [`date_text`]: the
/// date, then the time when it is not midnight.
fn iso_date_text(iso: &str) -> String {
    match iso.split_once('T') {
        Some((date, time)) => {
            let time = time.trim_end_matches('Z');
            let time = time.split_once('.').map_or(time, |(whole, _)| whole);
            if time.bytes().all(|b| b == b'0' || b == b':') {
                date.to_string()
            } else {
                format!("{date} {}", time.strip_suffix(":00").unwrap_or(time))
            }
        }
        None => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{texts, workbook, xlsx, TestSheet};
    use super::*;

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
                    // A date (numFmtId 14) as an ISO date, not its serial number.
                    "2023-03-15"
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

    /// A row `r` (1-based) of inline-string cells `(column letters, text)`.
    fn strings(row: u32, cells: &[(&str, &str)]) -> String {
        let mut xml = format!(r#"<row r="{row}">"#);
        for (column, text) in cells {
            xml.push_str(&format!(
                r#"<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>"#
            ));
        }
        xml + "</row>"
    }

    #[test]
    fn far_stray_cells_are_refused_before_any_range_is_built() {
        let form = strings(1, &[("A", "项目名称"), ("B", "x")]);
        // One value in the last cell of the sheet: calamine's dense range would be 549 GB.
        let far = form.clone() + &strings(1_048_576, &[("XFD", "x")]);
        let started = std::time::Instant::now();
        let error = sheet_rows(&xlsx(&[("自评表", &far)], None)).expect_err("refused");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        for part in [
            "「自评表」",
            "1048576 行 × 16384 列",
            "XFD1048576",
            "删除",
            "新的工作表",
        ] {
            assert!(error.zh.contains(part), "{part}: {error}");
        }
        // The limits: 65,536 rows, 256 columns, 1,000,000 cells.
        let cases = [
            (strings(65_536, &[("A", "y")]), true),
            (strings(65_537, &[("A", "y")]), false),
            (strings(1, &[("IV", "y")]), true),
            (strings(1, &[("IW", "y")]), false),
            (strings(3_906, &[("IV", "y")]), true),
            (strings(3_907, &[("IV", "y")]), false),
        ];
        for (stray, accepted) in cases {
            let rows = format!("{form}{stray}");
            let read = sheet_rows(&xlsx(&[("表1", &rows)], None));
            assert_eq!(read.is_ok(), accepted, "{stray}: {read:?}");
        }
        // Only the rows with a value are made.
        let rows = format!("{form}{}", strings(65_536, &[("A", "y")]));
        let read = sheet_rows(&xlsx(&[("表1", &rows)], None)).expect("rows");
        assert_eq!(texts(&read), vec![vec!["项目名称", "x"], vec!["y", ""]]);
    }

    #[test]
    fn too_much_text_or_too_large_parts_are_refused() {
        // One shared string of 100 KB in 700 cells: 70 MB of text from a small file.
        let long = "长".repeat(100 * 1024 / 3);
        let mut rows = String::new();
        for row in 1..=700 {
            rows.push_str(&format!(
                r#"<row r="{row}"><c r="A{row}" t="s"><v>0</v></c></row>"#
            ));
        }
        let bytes = workbook(&[TestSheet::new("表1", rows)], None, &[&long], false);
        let error = sheet_rows(&bytes).expect_err("refused");
        assert!(
            error.zh.contains("64 MB") && error.zh.contains("「表1」"),
            "{error}"
        );
        // Parts by their declared uncompressed size.
        let small = xlsx(&[("表1", &strings(1, &[("A", "x")]))], None);
        assert!(check_part_sizes(&small, 1 << 20, 1 << 20).is_ok());
        let error = check_part_sizes(&small, 100, 1 << 20).expect_err("a part over 100 bytes");
        assert!(error.zh.contains("100 字节"), "{error}");
        assert!(check_part_sizes(&small, 1 << 20, 1000).is_err());
        assert!(check_part_sizes(b"no zip", 1, 1).is_ok());
    }

    #[test]
    fn the_workbook_budget_counts_all_sheets() {
        let mut budget = Budget::default();
        assert!(budget.cells("甲", MAX_WORKBOOK_CELLS - 1).is_ok());
        assert!(budget.cells("乙", 1).is_ok());
        let error = budget.cells("丙", 1).expect_err("over");
        assert!(error.zh.contains("「丙」"), "{error}");
        let mut budget = Budget::default();
        assert!(budget.text("甲", MAX_TEXT_BYTES).is_ok());
        assert!(budget.text("乙", 1).is_err());
    }

    #[test]
    fn merged_ranges_are_swept_row_by_row() {
        let rows = strings(1, &[("A", "产出"), ("B", "b1"), ("D", "d1")])
            + &strings(2, &[("B", "b2"), ("C", "c2"), ("D", "d2")])
            + &strings(3, &[("B", "b3"), ("D", "d3")])
            + &strings(5, &[("A", "x")]);
        // A1:A3 vertical, B1:C1 horizontal; E1:F9 beyond the values adds a blank cell to each row; a
        // range overlapping others (never written by Excel) does not disturb them.
        let tail = r#"<mergeCells><mergeCell ref="A1:A3"/><mergeCell ref="B1:C1"/>
            <mergeCell ref="E1:F9"/><mergeCell ref="A1:B1"/></mergeCells>"#;
        let sheet = TestSheet {
            tail: tail.into(),
            ..TestSheet::new("表1", rows)
        };
        let read = sheet_rows(&workbook(&[sheet], None, &[], false)).expect("rows");
        assert_eq!(
            texts(&read),
            vec![
                vec!["产出", "b1", "d1", ""],
                vec!["", "b2", "c2", "d2", ""],
                vec!["", "b3", "", "d3", ""],
                vec!["x", "", "", "", ""],
            ]
        );
        // A merged range across the whole width reaches no further than the values.
        let sheet = TestSheet {
            tail: r#"<mergeCells><mergeCell ref="A1:XFD1"/></mergeCells>"#.into(),
            ..TestSheet::new(
                "表1",
                strings(1, &[("A", "标题")]) + &strings(2, &[("A", "a"), ("B", "b")]),
            )
        };
        let read = sheet_rows(&workbook(&[sheet], None, &[], false)).expect("rows");
        assert_eq!(texts(&read), vec![vec!["标题"], vec!["a", "b"]]);
        // Twenty thousand merged ranges (one a row): linear, not quadratic.
        let mut rows = String::new();
        let mut merges = String::new();
        for row in 1..=20_000 {
            rows.push_str(&strings(row, &[("A", "a"), ("C", "c")]));
            merges.push_str(&format!(r#"<mergeCell ref="A{row}:B{row}"/>"#));
        }
        let sheet = TestSheet {
            tail: format!("<mergeCells>{merges}</mergeCells>"),
            ..TestSheet::new("表1", rows)
        };
        let started = std::time::Instant::now();
        let read = sheet_rows(&workbook(&[sheet], None, &[], false)).expect("rows");
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        assert_eq!(read.len(), 20_000);
        assert_eq!(texts(&read[19_999..]), vec![vec!["a", "c"]]);
    }

    #[test]
    fn dates_read_as_the_form_shows_them() {
        let styles = r#"<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/>
            <xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="46"/></cellXfs></styleSheet>"#;
        let rows = numbers(
            1,
            &[
                ("A", "1", "44377"),
                ("B", "2", "44377.604166666664"),
                ("C", "3", "0.75"),
                ("D", "2", "44377.00001157407"),
                ("E", "4", "1.5625"),
                ("F", "1", "60"),
                ("G", "1", "-1"),
                ("H", "1", "3000000"),
                ("I", "0", "44377"),
            ],
        );
        let read = sheet_rows(&xlsx(&[("表1", &rows)], Some(styles))).expect("rows");
        assert_eq!(
            texts(&read),
            vec![vec![
                "2021-06-30",
                "2021-06-30 14:30",
                "18:00",
                "2021-06-30 00:00:01",
                "37:30:00",
                // Excel's own 1900-02-29.
                "1900-02-29",
                // No date: the stored number.
                "-1",
                "3000000",
                "44377",
            ]]
        );
        // The 1904 date system counts from 1904-01-01.
        let rows = numbers(1, &[("A", "1", "42915")]);
        let sheet = TestSheet::new("表1", rows);
        let read = sheet_rows(&workbook(&[sheet], Some(styles), &[], true)).expect("rows");
        assert_eq!(texts(&read), vec![vec!["2021-06-30"]]);
        // ISO date cells (t="d").
        assert_eq!(iso_date_text("2021-06-30T00:00:00"), "2021-06-30");
        assert_eq!(
            iso_date_text("2021-06-30T14:30:00.000Z"),
            "2021-06-30 14:30"
        );
        assert_eq!(iso_date_text("2021-06-30T14:30:05"), "2021-06-30 14:30:05");
        assert_eq!(iso_date_text("2021-06-30"), "2021-06-30");
    }

    #[test]
    fn hidden_sheets_are_not_read() {
        let sheet = |name, state, text| TestSheet {
            state,
            ..TestSheet::new(name, strings(1, &[("A", text)]))
        };
        let bytes = workbook(
            &[
                sheet("2020备份", Some("hidden"), "去年"),
                sheet("自评表", None, "今年"),
                sheet("lists", Some("veryHidden"), "定量"),
            ],
            None,
            &[],
            false,
        );
        assert_eq!(
            texts(&sheet_rows(&bytes).expect("rows")),
            vec![vec!["今年"]]
        );
        let bytes = workbook(&[sheet("备份", Some("hidden"), "去年")], None, &[], false);
        let error = sheet_rows(&bytes).expect_err("nothing visible");
        assert!(error.zh.contains("隐藏"), "{error}");
    }

    #[test]
    fn cell_names() {
        assert_eq!(cell_name((0, 0)), "A1");
        assert_eq!(cell_name((9, 25)), "Z10");
        assert_eq!(cell_name((0, 26)), "AA1");
        assert_eq!(cell_name((65_535, 255)), "IV65536");
        assert_eq!(cell_name((1_048_575, 16_383)), "XFD1048576");
    }
}
