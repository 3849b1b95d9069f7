//! The OLE compound-file walker and the `.xls` guard. calamine 0.38 opens an `.xls` by
//! following the compound file's sector chains and the workbook's records as they are written,
//! and builds every sheet as a dense range before any limit can look at it: a crafted file of a
//! few kilobytes can make it loop without end, panic, or ask for a reservation of many gigabytes,
//! and an allocation failure aborts the process (it cannot be caught like a panic). So `check_xls`
//! walks the file first, the way calamine will, with every chain and count bounded, and refuses a
//! file whose sheets would pass the sheet and workbook limits. `Compound` also serves
//! [`sniff`](super::sniff), which tells an `.xls` from other OLE files by its root entries.

use super::sheet::{Budget, Extent, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS};
use super::{OfficeError, COMPOUND_FILE};

/// The most `CONTINUE` records one record of an `.xls` may have: calamine takes them off the
/// front of a list one by one, which is quadratic (a real shared-string table of 20 MB has about
/// 2,500).
const MAX_CONTINUES: usize = 20_000;

/// An OLE compound file (the container of `.xls`, `.doc`, WPS files and encrypted Office files),
/// read the way calamine reads it (its `cfb` module), but with every chain checked: calamine
/// follows sector chains without bounding them and indexes its tables unchecked, so a crafted
/// `.xls` of a few kilobytes can make it loop until memory runs out or panic. [`Compound::open`]
/// and [`Compound::stream`] fail where calamine would run away, and read what calamine reads
/// otherwise.
pub(super) struct Compound<'a> {
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
pub(super) const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

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
    pub(super) fn open(bytes: &'a [u8]) -> Result<Self, &'static str> {
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
    pub(super) fn root_entries(&self) -> Option<Vec<(String, bool)>> {
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
///
/// [`MAX_WORKBOOK_CELLS`]: super::sheet::MAX_WORKBOOK_CELLS
/// [`MAX_TEXT_BYTES`]: super::sheet::MAX_TEXT_BYTES
pub(super) fn check_xls(bytes: &[u8]) -> Result<(), OfficeError> {
    // The reason is the walker's own (Chinese) description of the record or chain it stopped
    // at, a detail for whoever repairs the file; the sentence around it is in both languages.
    let damaged = |reason: &str| {
        OfficeError::new(
            format!("无法读取工作簿（文件受密码保护、已损坏，或不是 Excel 文件：{reason}）"),
            format!(
                "cannot read the workbook (it is password-protected, damaged, or not an Excel \
                 file: {reason})"
            ),
        )
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

#[cfg(test)]
mod tests {
    use super::super::sheet_rows;
    use super::super::test_support::{compound_file, texts};
    use super::*;

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
            assert!(error.zh.contains(part), "{part}: {error}");
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
        assert!(error.zh.contains("超出"), "{error}");
        // A directory chain that comes back to itself (calamine would loop until memory runs
        // out); a chain that leaves the file.
        let mut bytes = xls(&[("表1", form.clone())], &[]);
        bytes[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        let error = sheet_rows(&bytes).expect_err("cycle");
        assert!(
            error.zh.contains("成环") && error.zh.contains("密码"),
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
}
