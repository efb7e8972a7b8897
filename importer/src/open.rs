//! Opening a workbook from its bytes: tells the format from the content (not the name), runs
//! the guard of that format, then reads every visible worksheet.
//!
//! What is not a workbook, is damaged, protected by a password or too large comes back as one
//! problem with a clear message. The reader runs behind `catch_unwind`: a file that makes it
//! fail in an unexpected way is refused as damaged rather than taking the process down.

use crate::grid::Grid;
use crate::limits::MAX_FILE_BYTES;
use crate::problems::{Refusal, refuse};
use crate::readers;
use crate::zipguard::ZipKind;
use crate::{odsguard, xlsguard, zipguard};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use thads_domain::{Arg, ProblemCode};

/// Extensions of the workbook formats read.
const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether a file's name says it is a workbook: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods`,
/// in any case.
pub fn is_workbook_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The sheets of a workbook.
pub(crate) struct Workbook {
    /// The format, as told by the content.
    pub format: Format,
    /// The visible worksheets, in the workbook's order.
    pub sheets: Vec<Grid>,
    /// The names of the hidden sheets, which are not read.
    pub hidden: Vec<String>,
}

impl Workbook {
    /// A workbook of this format, before its sheets are read.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            sheets: Vec::new(),
            hidden: Vec::new(),
        }
    }
}

/// The formats read, as told by the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// Reads every visible worksheet of a workbook, or says why it cannot.
pub(crate) fn read(bytes: &[u8]) -> Result<Workbook, Refusal> {
    let format = format(bytes)?;
    catch_unwind(AssertUnwindSafe(|| readers::read(format, bytes))).unwrap_or_else(|_| {
        Err(refuse(
            ProblemCode::Damaged,
            Arg::words(
                "trình đọc bảng tính gặp lỗi với tệp này; hãy mở tệp bằng Excel (hoặc \
                 LibreOffice) rồi lưu lại",
                "the spreadsheet reader failed on this file; open it in a spreadsheet program \
                 and save it again",
            ),
        ))
    })
}

/// Tells the format from the first bytes, and runs its guard.
fn format(bytes: &[u8]) -> Result<Format, Refusal> {
    if bytes.is_empty() {
        return Err(not_a_spreadsheet(Arg::phrase("content-empty")));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(refuse(ProblemCode::TooLarge, {
            let (size, max) = ((bytes.len() as u64).div_ceil(1 << 20), MAX_FILE_BYTES >> 20);
            Arg::words(
                format!("tệp nặng {size} MB, vượt quá {max} MB cho phép đối với một báo cáo"),
                format!("the file is {size} MB, more than the {max} MB a report may take"),
            )
        }));
    }
    if xlsguard::is_compound_file(bytes) {
        xlsguard::check(bytes)?;
        return Ok(Format::Xls);
    }
    if zipguard::is_zip(bytes) {
        return match zipguard::check(bytes)? {
            ZipKind::Xlsx => Ok(Format::Xlsx),
            ZipKind::Xlsb => Ok(Format::Xlsb),
            ZipKind::Ods => {
                odsguard::check(bytes)?;
                Ok(Format::Ods)
            }
        };
    }
    Err(not_a_spreadsheet(describe(bytes)))
}

fn not_a_spreadsheet(what: Arg) -> Refusal {
    refuse(ProblemCode::NotASpreadsheet, what)
}

/// What a file that is neither a Compound File nor a zip archive looks like: a phrase of the
/// message files.
fn describe(bytes: &[u8]) -> Arg {
    let head = String::from_utf8_lossy(bytes.get(..512).unwrap_or(bytes)).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let phrase = if head.starts_with("%pdf") {
        "content-pdf"
    } else if head.contains("<html") || head.starts_with("<!doctype") || head.contains("<table") {
        "content-html"
    } else if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        "content-xml2003"
    } else if head.starts_with("{\\rtf") {
        "content-rtf"
    } else {
        "content-other"
    };
    Arg::phrase(phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_names() {
        for name in [
            "a.xlsx",
            "b.XLS",
            "c.Xlsm",
            "d.xlsb",
            "e.ods",
            "dir.x/f.ODS",
        ] {
            assert!(is_workbook_name(Path::new(name)), "{name}");
        }
        for name in ["a.csv", "b.xlsx.tmp", "c", "d.pdf", ".xlsx"] {
            assert!(!is_workbook_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn other_files_are_named_for_what_they_are() {
        let message = |bytes: &[u8]| read(bytes).err().unwrap().message(thads_domain::Lang::En);
        assert_eq!(message(b""), "not a spreadsheet: the file is empty");
        assert!(message(b"%PDF-1.4 ...").contains("PDF"));
        assert!(message(b"<html><body><table><tr><td>1</td></tr></table>").contains("web page"));
        assert!(message(b"code,name\nLA,Long An\n").starts_with("not a spreadsheet: the content"));
        let truncated = [b"PK\x03\x04".as_slice(), &[0u8; 40]].concat();
        assert!(message(&truncated).starts_with(""));
        let vi = |bytes: &[u8]| read(bytes).err().unwrap().message(thads_domain::Lang::Vi);
        assert_eq!(
            vi(b"%PDF-1.4 ..."),
            "tệp không phải là bảng tính: tệp là tài liệu PDF"
        );
    }

    #[test]
    fn files_over_the_size_limit_are_refused_unread() {
        let bytes = vec![0u8; MAX_FILE_BYTES as usize + 1];
        let problem = read(&bytes).err().unwrap();
        assert_eq!(problem.code, ProblemCode::TooLarge);
        assert_eq!(
            problem.message(thads_domain::Lang::En),
            "the file is 21 MB, more than the 20 MB a report may take"
        );
        assert_eq!(
            problem.message(thads_domain::Lang::Vi),
            "bảng tính quá lớn để đọc (tệp nặng 21 MB, vượt quá 20 MB cho phép đối với một báo cáo)"
        );
    }
}
