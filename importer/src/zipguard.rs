//! Checks a zip-based workbook (.xlsx, .xlsm, .xlsb, .ods) before the reader opens it, from its
//! central directory alone: how many parts it has, how large they unpack and how hard they are
//! compressed; then tells which kind of workbook it is.
//!
//! The zip reader never inflates a part beyond the size the central directory declares, so
//! bounding the declared sizes bounds everything that is ever unpacked (a zip bomb, a 2 GB
//! shared string). One more number is trusted by the .xlsx reader to size its memory: the count
//! of shared strings, checked here too.

use crate::limits::{
    MAX_COMPRESSION_RATIO, MAX_SHARED_STRINGS, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES,
    RATIO_CHECK_BYTES,
};
use crate::problems::{Refusal, refuse};
use quick_xml::events::Event;
use std::io::{BufReader, Cursor, Read};
use thads_domain::{Arg, ProblemCode};
use zip::ZipArchive;

/// The kind of workbook a zip archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ZipKind {
    /// Office Open XML: .xlsx or .xlsm.
    Xlsx,
    /// Excel binary workbook: .xlsb.
    Xlsb,
    /// OpenDocument spreadsheet: .ods.
    Ods,
}

const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Whether the bytes start like a zip archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Checks the archive against the limits and tells what it holds.
pub(crate) fn check(bytes: &[u8]) -> Result<ZipKind, Refusal> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        refuse(
            ProblemCode::Damaged,
            format!("the zip container cannot be read ({e})"),
        )
    })?;
    if archive.len() > MAX_ZIP_ENTRIES {
        let parts = archive.len();
        return Err(too_large(Arg::words(
            format!(
                "bảng tính có {parts} phần, nhiều hơn {MAX_ZIP_ENTRIES} phần một báo cáo được có"
            ),
            format!(
                "the workbook has {parts} parts, more than the {MAX_ZIP_ENTRIES} a report may have"
            ),
        )));
    }
    let mut total = 0u64;
    let mut names = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|e| refuse(ProblemCode::Damaged, format!("{e}")))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        let name = String::from_utf8_lossy(entry.name_raw()).replace('\\', "/");
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            let mb = MAX_UNPACKED_BYTES >> 20;
            return Err(too_large(Arg::words(
                format!("bảng tính khi giải nén lớn hơn {mb} MB"),
                format!("the workbook unpacks to more than {mb} MB"),
            )));
        }
        if size > RATIO_CHECK_BYTES && size / packed.max(1) > MAX_COMPRESSION_RATIO {
            let times = size / packed.max(1);
            return Err(too_large(Arg::words(
                format!(
                    "phần {name} bị nén {times} lần, nhiều hơn mọi bảng tính thật (tệp nén độc hại?)"
                ),
                format!(
                    "the part {name} is compressed {times} times, more than a real workbook ever \
                     is (a zip bomb?)"
                ),
            )));
        }
        names.push(name.to_ascii_lowercase());
    }
    let kind = kind(&mut archive, &names)?;
    for (index, name) in names.iter().enumerate() {
        match kind {
            ZipKind::Xlsx if name.ends_with("sharedstrings.xml") => {
                check_shared_string_count(&mut archive, index)?;
            }
            ZipKind::Xlsb
                if name.starts_with("xl/")
                    && name.ends_with(".bin")
                    && !name.ends_with("vbaproject.bin") =>
            {
                check_records(&mut archive, index, name)?;
            }
            _ => (),
        }
    }
    Ok(kind)
}

fn too_large(message: Arg) -> Refusal {
    refuse(ProblemCode::TooLarge, message)
}

fn not_a_spreadsheet(what: Arg) -> Refusal {
    refuse(ProblemCode::NotASpreadsheet, what)
}

/// Tells the kind of workbook from the names of its parts (and the mimetype of OpenDocument).
fn kind(archive: &mut ZipArchive<Cursor<&[u8]>>, names: &[String]) -> Result<ZipKind, Refusal> {
    if names.iter().any(|n| n == "mimetype") {
        let mut mimetype = Vec::new();
        if let Ok(file) = archive.by_name("mimetype") {
            // A failure to read leaves the buffer short, which is refused just below.
            let _ = file.take(100).read_to_end(&mut mimetype);
        }
        if mimetype.starts_with(ODS_MIMETYPE) {
            return Ok(ZipKind::Ods);
        }
        let kind = String::from_utf8_lossy(&mimetype).trim().to_owned();
        return Err(not_a_spreadsheet(Arg::words(
            format!("một tệp OpenDocument loại khác ({kind})"),
            format!("an OpenDocument file of another kind ({kind})"),
        )));
    }
    let under_xl = |file: &str| {
        names
            .iter()
            .any(|n| n.starts_with("xl/") && n.ends_with(file))
    };
    if under_xl("workbook.bin") {
        return Ok(ZipKind::Xlsb);
    }
    if under_xl("workbook.xml") {
        return Ok(ZipKind::Xlsx);
    }
    if names.iter().any(|n| n.starts_with("word/")) {
        return Err(not_a_spreadsheet(Arg::phrase("content-word")));
    }
    if names.iter().any(|n| n.starts_with("ppt/")) {
        return Err(not_a_spreadsheet(Arg::phrase("content-powerpoint")));
    }
    Err(not_a_spreadsheet(Arg::phrase("content-zip")))
}

/// The .xlsx reader reserves room for as many strings as the shared string table declares, and
/// keeps every string it holds: both are bounded.
fn check_shared_string_count(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
) -> Result<(), Refusal> {
    let Ok(file) = archive.by_index(index) else {
        return Ok(());
    };
    let refuse_count = |n: u64| {
        too_large(Arg::words(
            format!(
                "bảng tính chứa {n} đoạn chữ khác nhau, nhiều hơn {MAX_SHARED_STRINGS} đoạn một báo \
                 cáo được chứa"
            ),
            format!(
                "the workbook holds {n} distinct texts, more than the {MAX_SHARED_STRINGS} a report \
                 may hold"
            ),
        ))
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(file));
    let mut buf = Vec::new();
    let mut strings = 0u64;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "sst" => {
                    let declared = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "uniqueCount")
                        .and_then(|a| a.value.trim().parse::<u64>().ok());
                    if let Some(n) = declared.filter(|&n| n > MAX_SHARED_STRINGS) {
                        return Err(refuse_count(n));
                    }
                }
                "si" => {
                    strings += 1;
                    if strings > MAX_SHARED_STRINGS {
                        return Err(refuse_count(strings));
                    }
                }
                _ => (),
            },
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => (),
        }
    }
}

/// The .xlsb reader sizes a buffer from each record's declared length (up to 256 MB) before
/// reading it: every record must fit in its part.
fn check_records(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    name: &str,
) -> Result<(), Refusal> {
    let Ok(file) = archive.by_index(index) else {
        return Ok(());
    };
    let mut part = BufReader::new(file);
    let damaged = || {
        refuse(
            ProblemCode::Damaged,
            format!("a record of {name} runs past its end"),
        )
    };
    while let Some(first) = byte(&mut part) {
        if first & 0x80 != 0 && byte(&mut part).is_none() {
            return Err(damaged());
        }
        let mut len = 0u64;
        for i in 0..4 {
            let b = byte(&mut part).ok_or_else(damaged)?;
            len |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        let skipped = std::io::copy(&mut (&mut part).take(len), &mut std::io::sink())
            .map_err(|_| damaged())?;
        if skipped < len {
            return Err(damaged());
        }
    }
    Ok(())
}

fn byte(r: &mut impl Read) -> Option<u8> {
    let mut b = [0u8];
    r.read_exact(&mut b).ok().map(|()| b[0])
}
