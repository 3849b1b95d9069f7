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

use super::{clean, Cell};
use std::io::{Cursor, Read, Seek};

/// The largest `word/document.xml` read, uncompressed: a guard against zip bombs. A larger one is
/// refused, not cut short.
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// The most rows a sheet's used area may span (Excel 97–2003's row count).
const MAX_SHEET_ROWS: u64 = 65_536;

/// The most columns a sheet's used area may span (Excel 97–2003's column count, `A`…`IV`).
const MAX_SHEET_COLUMNS: u64 = 256;

/// The most cells (rows × columns) a sheet's used area may hold: each becomes a cell of the
/// stream, so this bounds the memory and time of a sheet (about 50 MB at most).
const MAX_SHEET_CELLS: u64 = 1_000_000;

/// The most cells made from all sheets of a workbook together (for an `.xls`: the most cells
/// of the ranges calamine builds for all its sheets), about 130 MB: the per-sheet limits alone
/// would let a workbook of many sheets cost without bound.
const MAX_WORKBOOK_CELLS: u64 = 4_000_000;

/// The most text the cells of a workbook may hold together (a shared string can be repeated in
/// every cell, so a small file can name gigabytes of text).
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// The largest part of an `.xlsx` read (a sheet's XML, the shared strings), uncompressed by its
/// declared size (which the zip reader enforces): a filed form's sheet is well below 1 MB.
const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;

/// The most all parts of an `.xlsx` may hold together, uncompressed.
const MAX_PARTS_BYTES: u64 = 512 * 1024 * 1024;

/// The most `CONTINUE` records one record of an `.xls` may have: calamine takes them off the
/// front of a list one by one, which is quadratic (a real shared-string table of 20 MB has about
/// 2,500).
const MAX_CONTINUES: usize = 20_000;

/// The most cell records (`<c>` elements, with or without a value) read from one sheet.
const MAX_SHEET_RECORDS: u64 = 5_000_000;

/// The most grid columns a `w:gridBefore`/`w:gridAfter` stands for (Word tables have at most 63
/// columns); a larger count is taken as this.
const MAX_GRID_SKIP: usize = 63;

/// The signature of an OLE compound file: a password-protected Office file, an old `.doc`/`.xls`,
/// or a WPS `.wps`/`.et`.
const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a Word or spreadsheet file gave no cell stream; the text is the message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeError(pub String);

impl std::fmt::Display for OfficeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
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
        Sniffed::Pdf => {
            "这是 PDF 文件：请用原始的 Word/Excel 文件，或从 PDF 复制表格文本（一格一行）后导入"
                .to_string()
        }
        Sniffed::Ods => return Some(ods_message()),
        Sniffed::OtherZip => {
            "不是 Word 或 Excel 文件（压缩包中没有 word/document.xml 或 xl/workbook.xml，\
             或文件已损坏）"
                .to_string()
        }
        Sniffed::OleCompound => format!(
            "{}；WPS 文件（.wps/.et）请另存为 .docx/.xlsx",
            compound_message()
        ),
        Sniffed::Docx | Sniffed::Xlsx | Sniffed::Xls | Sniffed::Text => return None,
    };
    Some(OfficeError(message))
}

/// The message for an OpenDocument spreadsheet.
fn ods_message() -> OfficeError {
    OfficeError("这是 OpenDocument 表格（.ods）：请另存为 .xlsx 后导入".into())
}

/// An OLE compound file (the container of `.xls`, `.doc`, WPS files and encrypted Office files),
/// read the way calamine reads it (its `cfb` module), but with every chain checked: calamine
/// follows sector chains without bounding them and indexes its tables unchecked, so a crafted
/// `.xls` of a few kilobytes can make it loop until memory runs out or panic. [`Compound::open`]
/// and [`Compound::stream`] fail where calamine would run away, and read what calamine reads
/// otherwise.
struct Compound<'a> {
    bytes: &'a [u8],
    /// Sector size: 512 or 4096 bytes.
    size: usize,
    /// calamine's bound on sector ids (file length / sector size); also the most steps a chain
    /// can take without repeating a sector.
    max_id: usize,
    /// The allocation table: the next sector of each sector.
    fat: Vec<u32>,
    /// The directory, 128 bytes an entry, in the order of its chain.
    directory: Vec<u8>,
    /// The mini stream (the small streams' sectors, 64 bytes each) and its allocation table, or
    /// `None` when the file has no mini allocation table.
    mini: Option<(Vec<u8>, Vec<u32>)>,
}

/// The end of a sector chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// Follows a chain of sectors from `start` through `table` (the next sector of each) as
/// calamine's `get_chain` does, collecting at most `length` bytes of the sectors `sector` gives;
/// `Err` for a chain of more than `max_steps` sectors (it repeats one and would never end) or one
/// that leaves the table or the sectors.
fn follow<'s>(
    start: u32,
    length: usize,
    max_steps: usize,
    table: &[u32],
    sector: impl Fn(usize) -> Result<&'s [u8], &'static str>,
) -> Result<Vec<u8>, &'static str> {
    let mut bytes = Vec::new();
    let mut id = start;
    let mut steps = 0;
    while id != END_OF_CHAIN {
        steps += 1;
        if steps > max_steps {
            return Err("扇区链成环");
        }
        let index = usize::try_from(id).map_err(|_| "扇区编号无效")?;
        let data = sector(index)?;
        let take = data.len().min(length - bytes.len());
        bytes.extend_from_slice(&data[..take]);
        if bytes.len() >= length {
            break;
        }
        id = *table.get(index).ok_or("扇区链超出分配表")?;
    }
    Ok(bytes)
}

impl<'a> Compound<'a> {
    /// Reads the header, allocation table, directory and mini stream; `Err` with the reason when
    /// any of them cannot be followed.
    fn open(bytes: &'a [u8]) -> Result<Self, &'static str> {
        let u32_at = |at: usize| read_u32(bytes, at).ok_or("文件头不完整");
        if !bytes.starts_with(&COMPOUND_FILE) || bytes.len() < 512 {
            return Err("不是 OLE 复合文件");
        }
        let size = match u16::from_le_bytes([bytes[0x1E], bytes[0x1F]]) {
            9 => 512,
            12 => 4096,
            _ => return Err("扇区大小无效"),
        };
        if u16::from_le_bytes([bytes[0x20], bytes[0x21]]) != 6 {
            return Err("小扇区大小无效");
        }
        let mut compound = Compound {
            bytes,
            size,
            max_id: bytes.len() / size,
            fat: Vec::new(),
            directory: Vec::new(),
            mini: None,
        };
        // The sectors of the allocation table: 109 ids in the header, then the DIFAT chain,
        // whose sectors list ids and end with the next one (as calamine reads them).
        let mut listed = Vec::new();
        for index in 0..109 {
            listed.push(u32_at(0x4C + 4 * index)?);
        }
        let mut next = u32_at(0x44)?;
        let mut steps = 0;
        while next < 0xFFFF_FFFA {
            steps += 1;
            if steps > compound.max_id + 1 {
                return Err("DIFAT 链成环");
            }
            let data = compound.sector(usize::try_from(next).map_err(|_| "扇区编号无效")?)?;
            listed.extend((0..size / 4).filter_map(|index| read_u32(data, 4 * index)));
            next = listed.pop().ok_or("DIFAT 无效")?;
        }
        let fat_sectors: Vec<u32> = listed.into_iter().filter(|&id| id < 0xFFFF_FFFC).collect();
        // Each sector of the table is a sector of the file: more than the file holds means
        // sectors listed twice (calamine would copy each, a multiple of the file's size).
        if fat_sectors.len() > compound.max_id {
            return Err("分配表过长");
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            let data = compound.sector(usize::try_from(id).map_err(|_| "扇区编号无效")?)?;
            fat.extend((0..size / 4).filter_map(|index| read_u32(data, 4 * index)));
        }
        compound.fat = fat;
        // calamine reads the directory with no length bound: to the end of its chain.
        compound.directory = compound.chain(u32_at(0x30)?, usize::MAX)?;
        let root = compound.entry(0).ok_or("目录为空")?;
        let root_start = read_u32(root, 116).ok_or("目录无效")?;
        let root_length = compound.entry_length(root);
        let version = u16::from_le_bytes([bytes[0x1A], bytes[0x1B]]);
        if version != 3 && root_start == END_OF_CHAIN {
            return Err("目录为空");
        }
        let mini_fat_sectors = usize::try_from(u32_at(0x40)?).map_err(|_| "小分配表无效")?;
        if mini_fat_sectors > 0 {
            let stream = compound.chain(root_start, root_length)?;
            let table = compound.chain(u32_at(0x3C)?, mini_fat_sectors.saturating_mul(size))?;
            let table = (0..table.len() / 4)
                .filter_map(|index| read_u32(&table, 4 * index))
                .collect();
            compound.mini = Some((stream, table));
        }
        Ok(compound)
    }

    /// The sector `index`, which must start within the file and be within calamine's bound; the
    /// last sector may be cut short by the end of the file (calamine reads what there is).
    fn sector(&self, index: usize) -> Result<&'a [u8], &'static str> {
        if index > self.max_id {
            return Err("扇区编号超出文件");
        }
        let start = (index + 1) * self.size;
        if start >= self.bytes.len() {
            return Err("扇区超出文件末尾");
        }
        Ok(&self.bytes[start..self.bytes.len().min(start + self.size)])
    }

    /// The bytes of the chain of sectors from `start`, at most `length` of them.
    fn chain(&self, start: u32, length: usize) -> Result<Vec<u8>, &'static str> {
        follow(start, length, self.max_id + 1, &self.fat, |index| {
            self.sector(index)
        })
    }

    /// The directory entry `id`, if the directory has it.
    fn entry(&self, id: usize) -> Option<&[u8]> {
        let start = id.checked_mul(128)?;
        self.directory.get(start..start.checked_add(128)?)
    }

    /// The stream length an entry declares (32 bits in files of 512-byte sectors, as calamine
    /// reads it).
    fn entry_length(&self, entry: &[u8]) -> usize {
        let length = if self.size == 512 {
            read_u32(entry, 120).map(u64::from)
        } else {
            entry
                .get(120..128)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_le_bytes)
        };
        length.map_or(0, |length| usize::try_from(length).unwrap_or(usize::MAX))
    }

    /// An entry's name: its UTF-16 text up to the first NUL (as calamine reads it, which ignores
    /// the length field).
    fn entry_name(entry: &[u8]) -> String {
        let units: Vec<u16> = entry[..64]
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .take_while(|&unit| unit != 0)
            .collect();
        String::from_utf16_lossy(&units)
    }

    /// The stream calamine reads for `name`: the first directory entry of that name, ASCII case
    /// ignored, anywhere in the directory; `Ok(None)` when there is none. A stream under 4096
    /// bytes lives in the mini stream, in sectors of 64 bytes.
    fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, &'static str> {
        let Some(entry) = self
            .directory
            .chunks_exact(128)
            .find(|entry| Self::entry_name(entry).eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        let start = read_u32(entry, 116).ok_or("目录无效")?;
        let length = self.entry_length(entry);
        if length >= 4096 {
            return self.chain(start, length).map(Some);
        }
        let (mini, table) = self.mini.as_ref().ok_or("缺少小扇区分配表")?;
        let sector = |index: usize| {
            let start = index.checked_mul(64).ok_or("小扇区编号无效")?;
            mini.get(start..start + 64).ok_or("小扇区超出小流")
        };
        follow(start, length, mini.len() / 64 + 1, table, sector).map(Some)
    }

    /// The entries directly under the root storage, as (name, whether a stream): the root's
    /// child and, recursively, its left and right siblings; `None` when the tree cannot be
    /// walked (ids out of range, a cycle).
    fn root_entries(&self) -> Option<Vec<(String, bool)>> {
        let root = self.entry(0)?;
        if root[66] != 5 {
            return None;
        }
        let mut found = Vec::new();
        let mut pending = vec![read_u32(root, 76)?];
        let mut visited = 0;
        while let Some(id) = pending.pop() {
            if id >= 0xFFFF_FFFA {
                continue;
            }
            visited += 1;
            if visited > self.directory.len() / 128 {
                return None;
            }
            let entry = self.entry(usize::try_from(id).ok()?)?;
            found.push((Self::entry_name(entry), entry[66] == 2));
            pending.push(read_u32(entry, 68)?);
            pending.push(read_u32(entry, 72)?);
        }
        Some(found)
    }
}

/// The little-endian `u32` at `at`, if `data` holds it.
fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The little-endian `u16` at `at`, if `data` holds it.
fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// Refuses an `.xls` that calamine cannot open safely. calamine reads every sheet of an `.xls`
/// when it opens the file, each as a dense range over its cells, before any limit can look at
/// them; a cell record may name any of 65,536 × 65,536 cells, so one record of a few bytes can
/// ask for 137 GB, and one shared string can be copied into every cell that names it. Refused
/// here, before calamine sees the file:
///
/// - a compound file calamine would follow forever or panic on (see [`Compound`]);
/// - a sheet whose cells (the positions of its cell records) pass the sheet limits, or sheets
///   whose used areas together pass [`MAX_WORKBOOK_CELLS`] — hidden sheets too, since calamine
///   builds them all;
/// - shared strings named by the cells more than [`MAX_TEXT_BYTES`] in all (counting each
///   character at the most UTF-8 bytes it can decode to);
/// - a `DIMENSIONS` record calamine would turn into an enormous reservation, a `MULRK` record
///   whose columns run backwards, a sheet that starts past the end of the stream, a record with
///   more than [`MAX_CONTINUES`] `CONTINUE` records.
///
/// The records are walked as calamine walks them: the workbook globals up to their `EOF`, for
/// their `BOUNDSHEET` positions and the shared strings; then each sheet from its position to its
/// `EOF`, skipping nested substreams (charts). Where calamine would fail on a record, the walk
/// stops and leaves the failure to calamine (it fails before building any range).
fn check_xls(bytes: &[u8]) -> Result<(), OfficeError> {
    let damaged = |reason: &str| {
        OfficeError(format!(
            "无法读取工作簿（文件受密码保护、已损坏，或不是 Excel 文件: {reason}）"
        ))
    };
    let compound = Compound::open(bytes).map_err(damaged)?;
    let stream = match compound.stream("Workbook").map_err(damaged)? {
        Some(stream) => stream,
        None => match compound.stream("Book").map_err(damaged)? {
            Some(stream) => stream,
            None => return Ok(()),
        },
    };
    let stream = stream.as_slice();
    // The records of `stream` from `at`, as (type, data), until one cannot be read; `Err` once
    // a record has too many CONTINUE records.
    let records = |mut at: usize| {
        let mut continues = 0usize;
        std::iter::from_fn(move || {
            let typ = read_u16(stream, at)?;
            let length = usize::from(read_u16(stream, at + 2)?);
            let data = stream.get(at + 4..at + 4 + length)?;
            at += 4 + length;
            continues = if typ == 0x003C { continues + 1 } else { 0 };
            if continues > MAX_CONTINUES {
                return Some(Err(damaged("CONTINUE 记录过多")));
            }
            Some(Ok((typ, data)))
        })
    };
    let mut sheets = Vec::new();
    // The character counts of the shared strings (of the last SST record, as calamine keeps).
    let mut strings: Vec<usize> = Vec::new();
    let mut sst: Option<Vec<&[u8]>> = None;
    for record in records(0) {
        let (typ, data) = record?;
        if typ == 0x003C {
            if let Some(parts) = sst.as_mut() {
                parts.push(data);
            }
            continue;
        }
        if let Some(parts) = sst.take() {
            strings = shared_string_lengths(&parts);
        }
        match typ {
            0x00FC => sst = Some(vec![data]),
            // calamine indexes the state and type bytes unchecked.
            0x0085 if data.len() < 8 => return Err(damaged("BOUNDSHEET 记录过短")),
            0x0085 => {
                // A hidden sheet is named as such: the user does not see it, calamine builds it.
                let hidden = data[4] & 0x3F != 0;
                let name = boundsheet_name(data).map(|name| {
                    if hidden {
                        format!("{name}（隐藏）")
                    } else {
                        name
                    }
                });
                sheets.push((read_u32(data, 0), name));
            }
            0x000A => break,
            _ => {}
        }
    }
    if let Some(parts) = sst.take() {
        strings = shared_string_lengths(&parts);
    }
    let mut budget = Budget::default();
    for (number, (position, name)) in sheets.into_iter().enumerate() {
        let name = name.unwrap_or_else(|| format!("第 {} 个工作表", number + 1));
        let Some(position) = position.and_then(|p| usize::try_from(p).ok()) else {
            continue;
        };
        if position > stream.len() {
            return Err(damaged(&format!("工作表「{name}」的位置超出数据流")));
        }
        let mut extent = Extent::new(&name);
        let mut seen_bof = false;
        let mut nested = 0usize;
        // A STRING record gives the text of the last FORMULA's cell.
        let mut formula = (0, 0);
        for record in records(position) {
            let (typ, data) = record?;
            if nested > 0 {
                match typ {
                    0x0809 => nested += 1,
                    0x000A => nested -= 1,
                    _ => {}
                }
                continue;
            }
            let at =
                |data: &[u8]| Some((u32::from(read_u16(data, 0)?), u32::from(read_u16(data, 2)?)));
            match typ {
                0x0809 if seen_bof => nested += 1,
                0x0809 => seen_bof = true,
                0x0200 => check_dimensions(data)
                    .map_err(|reason| damaged(&format!("工作表「{name}」的 {reason}")))?,
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x0006 => {
                    if let Some(at) = at(data) {
                        extent.add(at)?;
                        if typ == 0x0006 {
                            formula = at;
                        }
                    }
                }
                0x0207 => extent.add(formula)?,
                0x00FD => {
                    if let Some(at) = at(data) {
                        extent.add(at)?;
                        // UTF-16 or 8-bit characters, each decoded (in the workbook's code
                        // page) to at most 6 bytes of UTF-8.
                        let index = read_u32(data, 6).and_then(|i| usize::try_from(i).ok());
                        let characters = index.and_then(|i| strings.get(i)).copied().unwrap_or(0);
                        budget.text(&name, characters.saturating_mul(6))?;
                    }
                }
                0x00BD => {
                    let last = data
                        .len()
                        .checked_sub(2)
                        .and_then(|end| read_u16(data, end));
                    let (Some((row, first)), Some(last)) = (at(data), last) else {
                        continue;
                    };
                    let last = u32::from(last);
                    if last < first || last - first == 0xFFFF {
                        return Err(damaged(&format!("工作表「{name}」的 MULRK 记录无效")));
                    }
                    extent.add((row, first))?;
                    extent.add((row, last))?;
                }
                0x000A => break,
                _ => {}
            }
        }
        budget.cells(&name, extent.area())?;
    }
    Ok(())
}

/// The character count of each string of a shared-string table (an `SST` record's data, then
/// its `CONTINUE` records' data), walked as calamine reads it: a string's characters continue
/// in the next record after a byte of flags; its formatting runs and extended data are skipped.
/// The walk stops where calamine would fail.
fn shared_string_lengths(parts: &[&[u8]]) -> Vec<usize> {
    let mut lengths = Vec::new();
    let mut rest = parts.iter().skip(1).copied();
    let Some(mut data) = parts.first().and_then(|first| first.get(8..)) else {
        return lengths;
    };
    // Skips `count` bytes, across records; `None` when they run out.
    fn skip<'a>(
        data: &mut &'a [u8],
        rest: &mut impl Iterator<Item = &'a [u8]>,
        mut count: usize,
    ) -> Option<()> {
        while count > 0 {
            if data.is_empty() {
                *data = rest.next()?;
            }
            let step = count.min(data.len());
            *data = &data[step..];
            count -= step;
        }
        Some(())
    }
    loop {
        if data.is_empty() {
            match rest.next() {
                Some(next) => data = next,
                None => break,
            }
        }
        if data.is_empty() {
            lengths.push(0);
            continue;
        }
        let (Some(count), Some(&flags)) = (read_u16(data, 0), data.get(2)) else {
            break;
        };
        data = &data[3..];
        let mut runs = 0;
        if flags & 0x8 != 0 {
            let Some(value) = read_u16(data, 0) else {
                break;
            };
            runs = usize::from(value) * 4;
            data = &data[2..];
        }
        let mut extended = 0;
        if flags & 0x4 != 0 {
            let Some(value) = read_u32(data, 0) else {
                break;
            };
            // calamine reads an i32 and takes it as a usize: a negative one is enormous.
            extended = usize::try_from(value as i32).unwrap_or(usize::MAX);
            data = &data[4..];
        }
        let mut wide = flags & 0x1 != 0;
        let mut left = usize::from(count);
        let complete = loop {
            let unit = if wide { 2 } else { 1 };
            let taken = left.min(data.len() / unit);
            data = &data[taken * unit..];
            left -= taken;
            if left == 0 {
                break true;
            }
            match rest.next() {
                Some(next) if !next.is_empty() => {
                    wide = next[0] & 0x1 != 0;
                    data = &next[1..];
                }
                _ => break false,
            }
        };
        if !complete {
            break;
        }
        lengths.push(usize::from(count));
        if skip(&mut data, &mut rest, runs).is_none()
            || skip(&mut data, &mut rest, extended).is_none()
        {
            break;
        }
    }
    lengths
}

/// Checks a `DIMENSIONS` record as calamine reads it (it reserves room for rows × columns
/// cells, and computes them without checks): the area must be one a sheet can have.
fn check_dimensions(data: &[u8]) -> Result<(), &'static str> {
    let (first_row, row_end, first_column, column_end) = match data.len() {
        10 => (
            read_u16(data, 0).map(u32::from),
            read_u16(data, 2).map(u32::from),
            read_u16(data, 4).map(u32::from),
            read_u16(data, 6).map(u32::from),
        ),
        14 | 16 => (
            read_u32(data, 0),
            read_u32(data, 4),
            read_u16(data, 8).map(u32::from),
            read_u16(data, 10).map(u32::from),
        ),
        // calamine refuses the record (and the file).
        _ => return Ok(()),
    };
    let (Some(first_row), Some(row_end), Some(mut first_column), Some(column_end)) =
        (first_row, row_end, first_column, column_end)
    else {
        return Ok(());
    };
    if first_column > 0xFF || column_end < first_column {
        first_column = 0;
    }
    let (start, end) = if row_end >= 1 && column_end >= 1 {
        ((first_row, first_column), (row_end - 1, column_end - 1))
    } else {
        ((first_row, first_column), (first_row, first_column))
    };
    let fits = end.0 >= start.0
        && end.1 >= start.1
        && u64::from(end.0 - start.0) < MAX_SHEET_ROWS
        && u64::from(end.1 - start.1) < MAX_SHEET_COLUMNS;
    if fits {
        Ok(())
    } else {
        Err("DIMENSIONS 记录无效")
    }
}

/// The name in a BIFF8 `BOUNDSHEET` record (8-bit or UTF-16 characters after a length and a
/// flag byte), or `None` when the record does not hold one that way (a BIFF5 name is in the
/// workbook's code page).
fn boundsheet_name(data: &[u8]) -> Option<String> {
    let count = usize::from(*data.get(6)?);
    let flags = *data.get(7)?;
    let text = data.get(8..)?;
    if flags & 1 == 1 && text.len() == 2 * count {
        let units: Vec<u16> = text
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    (flags & 1 == 0 && text.len() == count).then(|| text.iter().map(|&b| char::from(b)).collect())
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

/// A size for a message: whole megabytes, or bytes below one.
fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} 字节")
    }
}

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
    let too_large = || {
        OfficeError(format!(
            "文档内容超过 {} 上限（word/document.xml 解压后大于 {}），没有导入；\
             请只把绩效自评表复制到一个新的 Word 文档后再导入",
            size_text(limit),
            size_text(limit)
        ))
    };
    if entry.size() > limit {
        return Err(too_large());
    }
    let mut xml = Vec::new();
    entry
        .take(limit.saturating_add(1))
        .read_to_end(&mut xml)
        .map_err(|e| {
            OfficeError(format!(
                ".docx 文件已损坏（word/document.xml 无法读取: {e}）"
            ))
        })?;
    if u64::try_from(xml.len()).map_or(true, |length| length > limit) {
        return Err(too_large());
    }
    // XML may be UTF-16 with a byte order mark (Word writes UTF-8, other tools may not).
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        if !bytes.len().is_multiple_of(2) {
            return Err("UTF-16 文本的字节数为奇数".to_string());
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).map_err(|e| e.to_string())
    };
    let text = if let Some(rest) = xml.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = xml.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)
    } else {
        String::from_utf8(xml).map_err(|e| e.to_string())
    };
    text.map_err(|e| {
        OfficeError(format!(
            ".docx 文件已损坏（word/document.xml 不是 UTF-8 或 UTF-16 文本: {e}）"
        ))
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
fn grid_skip(element: &quick_xml::events::BytesStart) -> usize {
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
    let mut depth = 0usize; // nesting of w:tbl
    let mut row: Option<Vec<String>> = None;
    let mut blanks_after = 0usize; // w:gridAfter of the open row
    let mut cell: Option<OpenCell> = None;
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
                        stream.push(done);
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
fn finish_paragraph(text: String, cell: &mut Option<OpenCell>, stream: &mut Stream) {
    if let Some(open) = cell.as_mut() {
        open.paragraphs.push(text);
    } else if !clean(&text).is_empty() {
        stream.push(vec![text]);
    }
}

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
            Err(OfficeError(
                "工作簿已损坏，读取时出错；请在 Excel 中打开并另存为 .xlsx 后再导入".into(),
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
        let message = if hidden {
            "工作簿的可见工作表中没有内容（隐藏的工作表不导入），没有找到绩效自评表"
        } else {
            "工作簿中没有内容，没有找到绩效自评表"
        };
        return Err(OfficeError(message.into()));
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
                .map(|name| name.into_owned())
                .unwrap_or_default();
            return Err(OfficeError(format!(
                "工作簿中的 {name} 解压后过大（单个部件上限 {}，合计上限 {}），没有导入；\
                 多半是工作表中有大量多余的单元格或格式：请只把自评表复制到一个新的工作簿后再导入",
                size_text(part),
                size_text(parts)
            )));
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
struct Budget {
    text_bytes: usize,
    cells: u64,
}

impl Budget {
    /// Takes `bytes` more text, read on `sheet`.
    fn text(&mut self, sheet: &str, bytes: usize) -> Result<(), OfficeError> {
        self.text_bytes = self.text_bytes.saturating_add(bytes);
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(OfficeError(format!(
                "工作簿的文字超过 {} 上限（读到工作表「{sheet}」时），没有导入；\
                 请只把自评表复制到一个新的工作簿后再导入",
                size_text(MAX_TEXT_BYTES as u64)
            )));
        }
        Ok(())
    }

    /// Takes `count` more cells, of `sheet`.
    fn cells(&mut self, sheet: &str, count: u64) -> Result<(), OfficeError> {
        self.cells = self.cells.saturating_add(count);
        if self.cells > MAX_WORKBOOK_CELLS {
            return Err(OfficeError(format!(
                "工作簿的内容超过导入的上限（各工作表合计超过 {MAX_WORKBOOK_CELLS} 个单元格，\
                 读到工作表「{sheet}」时）；请只把自评表复制到一个新的工作簿后再导入"
            )));
        }
        Ok(())
    }
}

/// A sheet's used area while it is read, refused as soon as it passes the sheet limits.
struct Extent<'a> {
    sheet: &'a str,
    bounds: Option<((u32, u32), (u32, u32))>,
    records: u64,
}

impl<'a> Extent<'a> {
    fn new(sheet: &'a str) -> Self {
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
            return Err(OfficeError(format!(
                "工作表「{}」的单元格记录超过 {MAX_SHEET_RECORDS} 个（多为空白的带格式单元格），\
                 超过导入的上限；请清除表格以外的单元格和格式，或把自评表复制到新的工作表后再导入",
                self.sheet
            )));
        }
        Ok(())
    }

    /// Takes in a cell with a value at `at`.
    fn add(&mut self, at: (u32, u32)) -> Result<(), OfficeError> {
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
    fn area(&self) -> u64 {
        self.bounds.map_or(0, |(start, end)| {
            (u64::from(end.0 - start.0) + 1) * (u64::from(end.1 - start.1) + 1)
        })
    }
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
    Err(OfficeError(format!(
        "工作表「{sheet}」的使用区域过大：有内容的单元格已占 {rows} 行 × {columns} 列\
         （延伸到 {}），超过导入的上限（{MAX_SHEET_ROWS} 行、{MAX_SHEET_COLUMNS} 列、\
         共 {MAX_SHEET_CELLS} 个单元格）。多半是表格以外有误填或残留的内容：\
         请删除这些单元格，或把自评表复制到新的工作表后再导入",
        cell_name(far)
    )))
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
    let unreadable = |e: XlsxError| OfficeError(format!("工作表「{name}」无法读取: {e}"));
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
        .map_err(|e| OfficeError(format!("工作表「{name}」的合并单元格无法读取: {e}")))?;
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
    let unreadable = |e: calamine::XlsbError| OfficeError(format!("工作表「{name}」无法读取: {e}"));
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
        .map_err(|e| OfficeError(format!("工作表「{name}」无法读取: {e}")))?;
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
        .map_err(|e| OfficeError(format!("工作表「{name}」的合并单元格无法读取: {e}")))?;
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
            match cover[offset] {
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

    /// One sheet of a test workbook: its name, its `state` (`hidden`, `veryHidden`) if any, its
    /// `sheetData` rows, and what follows `sheetData` (`<mergeCells>…`).
    struct TestSheet<'a> {
        name: &'a str,
        state: Option<&'a str>,
        rows: String,
        tail: String,
    }

    impl<'a> TestSheet<'a> {
        fn new(name: &'a str, rows: impl Into<String>) -> Self {
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
    fn workbook(
        sheets: &[TestSheet],
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
    fn xlsx(sheets: &[(&str, &str)], styles: Option<&str>) -> Vec<u8> {
        let sheets: Vec<TestSheet> = sheets
            .iter()
            .map(|&(name, rows)| TestSheet::new(name, rows))
            .collect();
        workbook(&sheets, styles, &["0.5"], false)
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
            assert!(error.0.contains(part), "{part}: {error}");
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
            error.0.contains("64 MB") && error.0.contains("「表1」"),
            "{error}"
        );
        // Parts by their declared uncompressed size.
        let small = xlsx(&[("表1", &strings(1, &[("A", "x")]))], None);
        assert!(check_part_sizes(&small, 1 << 20, 1 << 20).is_ok());
        let error = check_part_sizes(&small, 100, 1 << 20).expect_err("a part over 100 bytes");
        assert!(error.0.contains("100 字节"), "{error}");
        assert!(check_part_sizes(&small, 1 << 20, 1000).is_err());
        assert!(check_part_sizes(b"no zip", 1, 1).is_ok());
    }

    #[test]
    fn the_workbook_budget_counts_all_sheets() {
        let mut budget = Budget::default();
        assert!(budget.cells("甲", MAX_WORKBOOK_CELLS - 1).is_ok());
        assert!(budget.cells("乙", 1).is_ok());
        let error = budget.cells("丙", 1).expect_err("over");
        assert!(error.0.contains("「丙」"), "{error}");
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
        assert!(error.0.contains("隐藏"), "{error}");
    }

    /// A zip of `(name, content)` entries.
    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
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
    fn docx(xml: &[u8]) -> Vec<u8> {
        zip_of(&[("word/document.xml", xml)])
    }

    #[test]
    fn a_document_over_the_limit_is_refused_not_cut() {
        let xml = r#"<w:document><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let bytes = docx(xml.as_bytes());
        let limit = xml.len() as u64;
        assert_eq!(document_xml(&bytes, limit).as_deref(), Ok(xml));
        let error = document_xml(&bytes, limit - 1).expect_err("over the limit");
        assert!(
            error.0.starts_with("文档内容超过") && error.0.contains("上限"),
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
        assert!(error.0.contains("UTF-16"), "{error}");
        let error = docx_rows(&docx(b"<w:t>\xFF</w:t>")).expect_err("not UTF-8");
        assert!(error.0.contains("UTF-8"), "{error}");
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

    /// An OLE compound file of 512-byte sectors whose directory holds `entries` (name, type,
    /// left, right, child; entry 0 the root) and whose every stream entry is `stream` (at least
    /// 4096 bytes, so it lives in ordinary sectors). Layout: sector 0 the allocation table,
    /// sector 1 the directory, the stream from sector 2.
    fn compound_file(entries: &[(&str, u8, u32, u32, u32)], stream: &[u8]) -> Vec<u8> {
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

    /// A BIFF8 record.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = typ.to_le_bytes().to_vec();
        bytes.extend((data.len() as u16).to_le_bytes());
        bytes.extend_from_slice(data);
        bytes
    }

    /// A BIFF8 `LABEL` cell record.
    fn label(row: u16, column: u16, text: &str) -> Vec<u8> {
        let mut data = [row.to_le_bytes(), column.to_le_bytes(), [0, 0]].concat();
        data.extend((text.encode_utf16().count() as u16).to_le_bytes());
        data.push(1);
        data.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        record(0x0204, &data)
    }

    /// An `.xls`: a BIFF8 workbook stream of `sheets` (name, cell records) after the globals
    /// (which hold `globals` before their `EOF`, such as an `SST`), in a compound file.
    fn xls(sheets: &[(&str, Vec<Vec<u8>>)], globals: &[u8]) -> Vec<u8> {
        let bof = |kind: u16| {
            record(
                0x0809,
                &[&[0, 6][..], &kind.to_le_bytes(), &[0; 12]].concat(),
            )
        };
        let boundsheet = |position: u32, name: &str| {
            let mut data = position.to_le_bytes().to_vec();
            data.extend([0, 0, name.encode_utf16().count() as u8, 1]);
            data.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
            record(0x0085, &data)
        };
        let head = bof(0x0005).len()
            + sheets
                .iter()
                .map(|(name, _)| boundsheet(0, name).len())
                .sum::<usize>()
            + globals.len()
            + 4;
        let mut stream = bof(0x0005);
        let mut body = Vec::new();
        for (name, records) in sheets {
            stream.extend(boundsheet((head + body.len()) as u32, name));
            body.extend(bof(0x0010));
            for cell in records {
                body.extend_from_slice(cell);
            }
            body.extend(record(0x000A, &[]));
        }
        stream.extend_from_slice(globals);
        stream.extend(record(0x000A, &[]));
        stream.extend(body);
        stream.resize(stream.len().max(4096), 0);
        const NONE: u32 = 0xFFFF_FFFF;
        compound_file(
            &[
                ("Root Entry", 5, NONE, NONE, 1),
                ("Workbook", 2, NONE, NONE, NONE),
            ],
            &stream,
        )
    }

    #[test]
    fn xls_files_are_checked_before_calamine_builds_their_ranges() {
        let form = vec![label(0, 0, "项目名称"), label(0, 1, "x"), label(1, 0, "y")];
        let read = sheet_rows(&xls(&[("表1", form.clone())], &[])).expect("a readable .xls");
        assert_eq!(texts(&read), vec![vec!["项目名称", "x"], vec!["y", ""]]);
        let refused = |records: Vec<Vec<u8>>, globals: &[u8], part: &str| {
            let mut sheet = form.clone();
            sheet.extend(records);
            let error = sheet_rows(&xls(&[("自评表", sheet)], globals)).expect_err(part);
            assert!(error.0.contains(part), "{part}: {error}");
        };
        // A column the format does not have: calamine would ask for 137 GB.
        refused(vec![label(65_535, 65_535, "x")], &[], "CRXP65536");
        refused(vec![label(0, 256, "x")], &[], "「自评表」");
        // DIMENSIONS upside down or beyond the format; MULRK running backwards.
        let dimensions = |rows: (u32, u32), columns: (u16, u16)| {
            let data = [
                &rows.0.to_le_bytes()[..],
                &rows.1.to_le_bytes(),
                &columns.0.to_le_bytes(),
                &columns.1.to_le_bytes(),
                &[0, 0],
            ]
            .concat();
            record(0x0200, &data)
        };
        refused(vec![dimensions((10, 5), (0, 2))], &[], "DIMENSIONS");
        refused(
            vec![dimensions((0, 0x7FFF_FFFF), (0, 2))],
            &[],
            "DIMENSIONS",
        );
        let mulrk = record(0x00BD, &[0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 4, 0]);
        refused(vec![mulrk], &[], "MULRK");
        // One shared string of 8,000 characters in 1,400 cells.
        let mut sst = [
            &1u32.to_le_bytes()[..],
            &1u32.to_le_bytes(),
            &8000u16.to_le_bytes(),
            &[0],
        ]
        .concat();
        sst.extend([b'a'; 8000]);
        let cells = (0..1400u16)
            .map(|row| {
                record(
                    0x00FD,
                    &[
                        &(row + 2).to_le_bytes()[..],
                        &[0, 0, 0, 0],
                        &0u32.to_le_bytes(),
                    ]
                    .concat(),
                )
            })
            .collect();
        refused(cells, &record(0x00FC, &sst), "64 MB");
        // A sheet said to start past the end of the stream.
        let mut bytes = xls(&[("表1", form.clone())], &[]);
        let at = bytes
            .windows(2)
            .position(|w| w == [0x85, 0x00])
            .expect("BOUNDSHEET");
        bytes[at + 4..at + 8].copy_from_slice(&0x7FFF_FF00u32.to_le_bytes());
        let error = sheet_rows(&bytes).expect_err("sheet past the end");
        assert!(error.0.contains("超出"), "{error}");
        // A directory chain that comes back to itself (calamine would loop until memory runs
        // out); a chain that leaves the file.
        let mut bytes = xls(&[("表1", form.clone())], &[]);
        bytes[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        let error = sheet_rows(&bytes).expect_err("cycle");
        assert!(
            error.0.contains("成环") && error.0.contains("密码"),
            "{error}"
        );
        let mut bytes = xls(&[("表1", form)], &[]);
        bytes[512 + 4..512 + 8].copy_from_slice(&1000u32.to_le_bytes());
        assert!(sheet_rows(&bytes).is_err());
    }

    #[test]
    fn shared_string_lengths_follow_continue_records() {
        let header = [&2u32.to_le_bytes()[..], &2u32.to_le_bytes()].concat();
        // "abc" compressed; then 4 wide characters split across a CONTINUE (which starts with
        // a flags byte), with a formatting run (flag 0x8) skipped after them.
        let first = [
            &header[..],
            &[3, 0, 0],
            b"abc",
            &[4, 0, 0x9, 1, 0],
            &[0x41, 0, 0x42, 0],
        ]
        .concat();
        let second = [&[1u8][..], &[0x43, 0, 0x44, 0], &[0; 4]].concat();
        assert_eq!(shared_string_lengths(&[&first, &second]), vec![3, 4]);
        // Cut short: the walk stops.
        assert_eq!(shared_string_lengths(&[&first]), vec![3]);
        assert_eq!(shared_string_lengths(&[&header[..4]]), Vec::<usize>::new());
    }

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
        let message = |kind| refusal(kind).map(|e| e.0).unwrap_or_default();
        assert!(message(Sniffed::Pdf).starts_with("这是 PDF 文件"));
        assert!(message(Sniffed::Ods).contains(".ods") && message(Sniffed::Ods).contains(".xlsx"));
        assert!(message(Sniffed::OtherZip).starts_with("不是 Word 或 Excel 文件"));
        let ole = message(Sniffed::OleCompound);
        assert!(
            ole.starts_with(&compound_message().0) && ole.contains("WPS"),
            "{ole}"
        );
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
