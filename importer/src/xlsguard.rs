//! Checks an .xls file (Excel 97–2003: BIFF records inside a Compound File) before the reader
//! opens it.
//!
//! The .xls reader parses every sheet as it opens the file, and trusts numbers in the file to
//! size its memory: a sheet's DIMENSIONS record reserves rows × columns cells, a damaged
//! sector chain may loop, and one long shared string may be copied into a million cells. A file
//! of a few kilobytes could so make it ask for terabytes and abort the process. This module walks
//! the same structures the reader walks, without copying anything but the workbook stream, and
//! refuses the file when they are damaged or exceed the [`limits`](crate::limits).

use crate::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES};
use crate::problems::{Refusal, refuse};
use thads_domain::{Arg, ProblemCode};

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;
const MINI_STREAM_CUTOFF: usize = 4096;

/// Whether the bytes start like a Compound File (the container of .xls files).
pub(crate) fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

/// Refuses a Compound File that is not a workbook, is damaged, or would make the reader exceed
/// the limits.
pub(crate) fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let file = Compound::parse(bytes)?;
    let stream = match file.find(&["Workbook", "Book"]) {
        Some(entry) => file.stream(entry)?,
        None if file.find(&["EncryptedPackage"]).is_some() => {
            return Err(refuse(
                ProblemCode::PasswordProtected,
                "the workbook is protected by a password: remove the password and send it again",
            ));
        }
        None => {
            return Err(refuse(
                ProblemCode::NotASpreadsheet,
                Arg::phrase("content-office"),
            ));
        }
    };
    check_workbook_stream(&stream)
}

fn damaged(what: &str) -> Refusal {
    refuse(ProblemCode::Damaged, what)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// One directory entry: a stream's name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

/// The parts of a Compound File the reader uses.
struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    max_id: u32,
    fat: Vec<u32>,
    entries: Vec<Entry>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

impl<'a> Compound<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self, Refusal> {
        let header = bytes
            .get(..512)
            .filter(|h| h.starts_with(&SIGNATURE))
            .ok_or_else(|| damaged("the Compound File header is cut short"))?;
        let sector_size = match u16_at(header, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(damaged("the Compound File has an unknown sector size")),
        };
        let max_id = u32::try_from(bytes.len() / sector_size).unwrap_or(u32::MAX);
        let field = |at| u32_at(header, at).unwrap_or(ENDOFCHAIN);
        let mut file = Compound {
            bytes,
            sector_size,
            max_id,
            fat: Vec::new(),
            entries: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        let mut difat: Vec<u32> = header
            .get(76..512)
            .unwrap_or_default()
            .chunks_exact(4)
            .filter_map(|c| u32_at(c, 0))
            .collect();
        let mut sector = field(68);
        let mut steps = 0u32;
        while sector < RESERVED_SECTORS {
            steps += 1;
            if steps > max_id.saturating_add(1) {
                return Err(damaged("the Compound File's sector list loops"));
            }
            difat.extend(file.sector_words(sector)?);
            sector = difat
                .pop()
                .ok_or_else(|| damaged("the Compound File's sector list is cut short"))?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
        if fat_sectors.len() > max_id as usize + 1 {
            return Err(damaged(
                "the Compound File lists more sectors than it holds",
            ));
        }
        for id in fat_sectors {
            let words = file.sector_words(id)?;
            file.fat.extend(words);
        }
        let directory = file.chain(field(48), usize::MAX)?;
        file.entries = directory
            .chunks_exact(128)
            .map(|e| entry(e, sector_size))
            .collect();
        let root = file
            .entries
            .first()
            .map(|r| (r.start, r.len))
            .ok_or_else(|| damaged("the Compound File has no root directory"))?;
        if field(64) > 0 {
            file.mini_stream = file.chain(root.0, root.1)?;
            let mini_fat_len = (field(64) as usize).saturating_mul(sector_size);
            file.mini_fat = file
                .chain(field(60), mini_fat_len)?
                .chunks_exact(4)
                .filter_map(|c| u32_at(c, 0))
                .collect();
        }
        Ok(file)
    }

    /// The sector's bytes; the last sector of a file may be short.
    fn sector(&self, id: u32) -> Result<&'a [u8], Refusal> {
        if id > self.max_id {
            return Err(damaged("a sector lies past the end of the file"));
        }
        let start = (id as usize + 1) * self.sector_size;
        let end = (start + self.sector_size).min(self.bytes.len());
        Ok(self.bytes.get(start..end).unwrap_or_default())
    }

    fn sector_words(&self, id: u32) -> Result<Vec<u32>, Refusal> {
        Ok(self
            .sector(id)?
            .chunks_exact(4)
            .filter_map(|c| u32_at(c, 0))
            .collect())
    }

    /// Follows a chain of sectors until its end or `len` bytes, refusing loops and dangling links.
    fn chain(&self, start: u32, len: usize) -> Result<Vec<u8>, Refusal> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u32;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.max_id.saturating_add(1) {
                return Err(damaged("a chain of sectors loops"));
            }
            let sector = self.sector(id)?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(sector.get(..take).unwrap_or_default());
            if out.len() >= len {
                break;
            }
            id = *self
                .fat
                .get(id as usize)
                .ok_or_else(|| damaged("a chain of sectors leads nowhere"))?;
        }
        Ok(out)
    }

    /// Follows a chain of 64-byte sectors of the mini stream, as the reader does for short
    /// streams.
    fn mini_chain(&self, start: u32, len: usize) -> Result<Vec<u8>, Refusal> {
        let mut out = Vec::new();
        let mut id = start;
        let most = self.mini_stream.len() / MINI_SECTOR + 1;
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > most {
                return Err(damaged("a chain of mini sectors loops"));
            }
            let at = id as usize * MINI_SECTOR;
            let sector = self
                .mini_stream
                .get(at..(at + MINI_SECTOR).min(self.mini_stream.len()))
                .ok_or_else(|| damaged("a mini sector lies past the end of its stream"))?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(sector.get(..take).unwrap_or_default());
            if out.len() >= len {
                break;
            }
            id = *self
                .mini_fat
                .get(id as usize)
                .ok_or_else(|| damaged("a chain of mini sectors leads nowhere"))?;
        }
        Ok(out)
    }

    fn find(&self, names: &[&str]) -> Option<&Entry> {
        names.iter().find_map(|name| {
            self.entries
                .iter()
                .find(|e| e.name.eq_ignore_ascii_case(name))
        })
    }

    fn stream(&self, entry: &Entry) -> Result<Vec<u8>, Refusal> {
        if entry.len > self.bytes.len() {
            return Err(damaged(
                "the workbook stream claims to be larger than the file",
            ));
        }
        if entry.len < MINI_STREAM_CUTOFF {
            self.mini_chain(entry.start, entry.len)
        } else {
            self.chain(entry.start, entry.len)
        }
    }
}

fn entry(raw: &[u8], sector_size: usize) -> Entry {
    let units: Vec<u16> = raw
        .get(..64)
        .unwrap_or_default()
        .chunks_exact(2)
        .filter_map(|c| u16_at(c, 0))
        .take_while(|&u| u != 0)
        .collect();
    let len = if sector_size == 512 {
        u32_at(raw, 120).map(u64::from)
    } else {
        u64_at(raw, 120)
    };
    Entry {
        name: String::from_utf16_lossy(&units),
        start: u32_at(raw, 116).unwrap_or(ENDOFCHAIN),
        len: len
            .and_then(|l| usize::try_from(l).ok())
            .unwrap_or(usize::MAX),
    }
}

/// One BIFF record and the CONTINUE records that follow it.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// Splits a stream into records the way the reader does; stops at the first malformed one
/// (the reader fails there too).
fn records(mut stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, 0)?;
        let len = usize::from(u16_at(stream, 2)?);
        let data = stream.get(4..4 + len)?;
        stream = stream.get(4 + len..).unwrap_or_default();
        let mut cont = Vec::new();
        while stream.len() > 4 && u16_at(stream, 0) == Some(0x003C) {
            let len = usize::from(u16_at(stream, 2)?);
            cont.push(stream.get(4..4 + len)?);
            stream = stream.get(4 + len..).unwrap_or_default();
        }
        Some(Record { typ, data, cont })
    })
}

/// The workbook-global records, then every sheet the reader will parse.
fn check_workbook_stream(stream: &[u8]) -> Result<(), Refusal> {
    let mut sheets = Vec::new();
    let mut string_lengths = Vec::new();
    for record in records(stream) {
        match record.typ {
            0x0085 => sheets.push(u32_at(record.data, 0).unwrap_or(0) as usize),
            0x00FC => string_lengths = shared_string_lengths(&record),
            0x000A => break,
            _ => (),
        }
    }
    let mut totals = Totals::default();
    for (index, &pos) in sheets.iter().enumerate() {
        let sheet = stream
            .get(pos..)
            .ok_or_else(|| damaged("a sheet lies past the end of the workbook stream"))?;
        check_sheet(sheet, index, &string_lengths, &mut totals)?;
    }
    Ok(())
}

/// What all sheets hold together.
#[derive(Default)]
struct Totals {
    cells: u64,
    text: u64,
}

fn too_large(message: Arg) -> Refusal {
    refuse(ProblemCode::TooLarge, message)
}

/// Checks one sheet's records: its declared dimensions, where its cells lie and how much text
/// they copy.
fn check_sheet(
    sheet: &[u8],
    index: usize,
    string_lengths: &[u16],
    totals: &mut Totals,
) -> Result<(), Refusal> {
    let name = format!("sheet {}", index + 1);
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut end = (0u32, 0u32);
    let mut cells = 0u64;
    for r in records(sheet) {
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => (),
            }
            continue;
        }
        let first = || (u16_at(r.data, 0), u16_at(r.data, 2));
        let (row, col, count) = match r.typ {
            0x0809 if seen_bof => {
                depth += 1;
                continue;
            }
            0x0809 => {
                seen_bof = true;
                continue;
            }
            0x000A => break,
            0x0200 => {
                check_dimensions(r.data, &name)?;
                continue;
            }
            0x00FD => {
                let isst = u32_at(r.data, 6).unwrap_or(u32::MAX) as usize;
                let chars = string_lengths.get(isst).copied().unwrap_or(0);
                totals.text += 3 * u64::from(chars) + 24;
                let (row, col) = first();
                (row, col, 1)
            }
            0x0204 | 0x00D6 | 0x0207 => {
                totals.text += 3 * r.data.len() as u64 + 24;
                let (row, col) = first();
                (row, col, 1)
            }
            0x0203 | 0x0205 | 0x027E | 0x0006 => {
                let (row, col) = first();
                (row, col, 1)
            }
            0x00BD => {
                let count = r.data.len().saturating_sub(6) / 6;
                let (row, col) = first();
                (row, col.map(|c| c.saturating_add(count as u16)), count)
            }
            _ => continue,
        };
        let (Some(row), Some(col)) = (row, col) else {
            continue;
        };
        let (row, col) = (u32::from(row), u32::from(col));
        if row >= MAX_ROWS {
            let row = row + 1;
            return Err(too_large(Arg::words(
                format!(
                    "{name} có giá trị ở dòng {row}, vượt quá {MAX_ROWS} dòng một báo cáo được dùng"
                ),
                format!(
                    "{name} has a value in row {row}, beyond the {MAX_ROWS} rows a report may use"
                ),
            )));
        }
        if col >= MAX_COLUMNS {
            let col = col + 1;
            return Err(too_large(Arg::words(
                format!(
                    "{name} có giá trị ở cột {col}, vượt quá {MAX_COLUMNS} cột một báo cáo được dùng"
                ),
                format!(
                    "{name} has a value in column {col}, beyond the {MAX_COLUMNS} columns a report \
                     may use"
                ),
            )));
        }
        end = (end.0.max(row + 1), end.1.max(col + 1));
        cells += count as u64;
        if totals.text > MAX_TEXT_BYTES {
            let mb = MAX_TEXT_BYTES >> 20;
            return Err(too_large(Arg::words(
                format!("bảng tính chứa hơn {mb} MB chữ"),
                format!("the workbook holds more than {mb} MB of text"),
            )));
        }
    }
    totals.cells += cells.max(u64::from(end.0) * u64::from(end.1));
    if totals.cells > MAX_CELLS {
        return Err(too_large(Arg::words(
            format!("các trang tính trải rộng hơn {MAX_CELLS} ô"),
            format!("the workbook's sheets span more than {MAX_CELLS} cells"),
        )));
    }
    Ok(())
}

/// The reader reserves memory for the rows × columns a DIMENSIONS record declares, and
/// miscounts when its first row or column lies past its last.
fn check_dimensions(data: &[u8], name: &str) -> Result<(), Refusal> {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return Ok(()),
    };
    let first_col = if first_col > 0xFF || last_col < first_col {
        0
    } else {
        first_col
    };
    if last_row == 0 || last_col == 0 {
        return Ok(());
    }
    if first_row >= last_row || first_col >= last_col {
        return Err(damaged(&format!("{name} declares impossible dimensions")));
    }
    if last_row > MAX_ROWS || last_col > MAX_COLUMNS {
        return Err(too_large(Arg::words(
            format!(
                "{name} khai báo {last_row} dòng và {last_col} cột, vượt quá {MAX_ROWS} dòng và \
                 {MAX_COLUMNS} cột một báo cáo được dùng"
            ),
            format!(
                "{name} declares {last_row} rows and {last_col} columns, beyond the {MAX_ROWS} \
                 rows and {MAX_COLUMNS} columns a report may use"
            ),
        )));
    }
    Ok(())
}

/// The length in characters of every string of a shared string table (SST record), read the
/// way the reader reads them; a malformed table ends the list where the reader fails.
fn shared_string_lengths(record: &Record<'_>) -> Vec<u16> {
    let mut lengths = Vec::new();
    let mut cursor = Cursor {
        data: record.data.get(8..).unwrap_or_default(),
        cont: &record.cont,
    };
    while !cursor.data.is_empty() || cursor.next_part() {
        match string_length(&mut cursor) {
            Some(chars) => lengths.push(chars),
            None => break,
        }
    }
    lengths
}

/// A position in a record and its CONTINUE records.
struct Cursor<'a, 'b> {
    data: &'a [u8],
    cont: &'b [&'a [u8]],
}

impl Cursor<'_, '_> {
    fn next_part(&mut self) -> bool {
        match self.cont.split_first() {
            Some((first, rest)) => {
                self.data = first;
                self.cont = rest;
                true
            }
            None => false,
        }
    }

    fn skip(&mut self, mut len: usize) -> Option<()> {
        while len > 0 {
            if self.data.is_empty() && !self.next_part() {
                return None;
            }
            let n = len.min(self.data.len());
            self.data = self.data.get(n..)?;
            len -= n;
        }
        Some(())
    }
}

/// One XLUnicodeRichExtendedString: its character count, after moving past it.
fn string_length(c: &mut Cursor<'_, '_>) -> Option<u16> {
    let chars = u16_at(c.data, 0)?;
    let flags = *c.data.get(2)?;
    c.data = c.data.get(3..)?;
    let mut runs = 0usize;
    if flags & 0x8 != 0 {
        runs = usize::from(u16_at(c.data, 0)?);
        c.data = c.data.get(2..)?;
    }
    let mut ext = 0usize;
    if flags & 0x4 != 0 {
        ext = u32_at(c.data, 0)? as usize;
        c.data = c.data.get(4..)?;
    }
    let mut wide = flags & 0x1 != 0;
    let mut left = usize::from(chars);
    while left > 0 {
        let width = if wide { 2 } else { 1 };
        let n = left.min(c.data.len() / width);
        c.data = c.data.get(n * width..)?;
        left -= n;
        if left > 0 {
            if !c.next_part() {
                return None;
            }
            wide = *c.data.first()? & 0x1 != 0;
            c.data = c.data.get(1..)?;
        }
    }
    c.skip(runs * 4)?;
    c.skip(ext)?;
    Some(chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/real/thuthua-2019-04.xls"
        ))
        .unwrap()
    }

    /// Byte offsets of the DIMENSIONS records (type 0x0200, 14 bytes) in the example.
    fn dimensions_offsets(bytes: &[u8]) -> Vec<usize> {
        bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == [0x00, 0x02, 0x0E, 0x00])
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn a_real_workbook_passes() {
        let bytes = example();
        assert!(is_compound_file(&bytes));
        assert_eq!(check(&bytes), Ok(()));
    }

    #[test]
    fn a_sheet_declaring_four_billion_rows_is_refused() {
        let mut bytes = example();
        let offsets = dimensions_offsets(&bytes);
        assert_eq!(offsets.len(), 2);
        for at in offsets {
            bytes[at + 8..at + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        }
        let problem = check(&bytes).unwrap_err();
        assert_eq!(problem.code, ProblemCode::TooLarge);
        assert!(
            problem
                .message(thads_domain::Lang::En)
                .contains("4294967280 rows"),
            "{}",
            problem.message(thads_domain::Lang::En)
        );
    }

    #[test]
    fn impossible_dimensions_are_refused() {
        let mut bytes = example();
        let at = dimensions_offsets(&bytes)[0];
        bytes[at + 4..at + 8].copy_from_slice(&40u32.to_le_bytes());
        assert_eq!(check(&bytes).unwrap_err().code, ProblemCode::Damaged);
    }

    #[test]
    fn a_looping_directory_chain_is_refused() {
        // The reader follows the directory's chain to its end: a loop would grow forever.
        let mut bytes = example();
        let directory = u32_at(&bytes, 48).unwrap() as usize;
        let fat_sector = u32_at(&bytes, 76).unwrap() as usize;
        let at = (fat_sector + 1) * 512 + directory * 4;
        bytes[at..at + 4].copy_from_slice(&(directory as u32).to_le_bytes());
        let problem = check(&bytes).unwrap_err();
        assert_eq!(problem.code, ProblemCode::Damaged);
        assert!(
            problem.message(thads_domain::Lang::En).contains("loops"),
            "{}",
            problem.message(thads_domain::Lang::En)
        );
    }

    #[test]
    fn shared_string_lengths_follow_continue_records() {
        // "ab" in one byte per character, then "xyz" split across a CONTINUE record that
        // switches to two bytes per character.
        let data = [
            &[2u8, 0, 0, 0, 0, 0, 0, 0][..],
            &[2, 0, 0, b'a', b'b'],
            &[3, 0, 0, b'x'],
        ]
        .concat();
        let cont: &[u8] = &[1, b'y', 0, b'z', 0];
        let record = Record {
            typ: 0x00FC,
            data: &data,
            cont: vec![cont],
        };
        assert_eq!(shared_string_lengths(&record), vec![2, 3]);
    }

    #[test]
    fn a_word_document_is_not_a_workbook() {
        let mut bytes = example();
        // Rename the "Workbook" stream.
        let name: Vec<u8> = "Workbook"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let at = bytes.windows(name.len()).position(|w| w == name).unwrap();
        bytes[at..at + 2].copy_from_slice(&[b'X', 0]);
        assert_eq!(
            check(&bytes).unwrap_err().code,
            ProblemCode::NotASpreadsheet
        );
    }
}
