//! Checks the content of an .ods file before the reader opens it.
//!
//! OpenDocument compresses repetition into attributes: `table:number-rows-repeated` and
//! `table:number-columns-repeated` let a tiny file claim a million rows, and `<text:s
//! text:c="…"/>` a billion spaces. The .ods reader (calamine 0.38) expands them while it opens
//! the file: it caps a sheet at 1 048 576 rows, 16 384 columns and 100 million cells, which is
//! still gigabytes, and does not cap spaces at all. Empty rows and cells at the end of a sheet
//! are not expanded, which is what LibreOffice writes after every sheet.
//!
//! This module streams `content.xml` once, computes where every non-empty cell lands once the
//! repetitions are expanded and how much text the expansion copies, and refuses the file when
//! that exceeds the [`limits`](crate::limits).

use crate::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES};
use crate::problems::{Refusal, refuse};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};
use thads_domain::{Arg, ProblemCode};
use zip::ZipArchive;

/// Most `table:table-row` elements the content may have: the reader keeps two numbers for each,
/// repeated or not.
const MAX_ROW_ELEMENTS: u64 = 100_000;

/// Where the non-empty cells of one sheet lie, once repetitions are expanded.
#[derive(Default)]
struct SheetScan {
    name: String,
    /// Rows before the current row, repetitions counted.
    row: u64,
    /// Repetitions of the current row.
    row_repeat: u64,
    /// Columns before the current cell, repetitions counted.
    col: u64,
    /// One past the last used row and column.
    end: (u64, u64),
}

/// The cell being read.
#[derive(Default)]
struct CellScan {
    repeat: u64,
    filled: bool,
    text: u64,
}

/// What the whole content holds.
#[derive(Default)]
struct Totals {
    cells: u64,
    text: u64,
    row_elements: u64,
}

fn too_large(message: Arg) -> Refusal {
    refuse(ProblemCode::TooLarge, message)
}

/// Refuses an .ods whose content would expand beyond the limits.
pub(crate) fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut sheet: Option<SheetScan> = None;
    let mut cell: Option<CellScan> = None;
    let mut totals = Totals::default();
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            refuse(
                ProblemCode::Damaged,
                format!("content.xml is not well-formed XML ({e})"),
            )
        })?;
        match event {
            Event::Start(e) if cell.is_some() && is_structure(e.name().as_ref()) => {
                return Err(refuse(
                    ProblemCode::Damaged,
                    "content.xml has a table, row or cell inside a cell",
                ));
            }
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => {
                    sheet = Some(SheetScan {
                        name: attr_text(&e, "table:name").unwrap_or_default(),
                        ..SheetScan::default()
                    });
                }
                "table:table-row" => {
                    totals.row_elements += 1;
                    if totals.row_elements > MAX_ROW_ELEMENTS {
                        return Err(too_large(Arg::words(
                            format!("bảng tính có hơn {MAX_ROW_ELEMENTS} dòng"),
                            format!("the workbook has more than {MAX_ROW_ELEMENTS} rows"),
                        )));
                    }
                    if let Some(s) = sheet.as_mut() {
                        s.row_repeat = attr_count(&e, "table:number-rows-repeated");
                        s.col = 0;
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => cell = Some(cell_start(&e)),
                "text:s" => {
                    if let Some(c) = cell.as_mut() {
                        c.text = c.text.saturating_add(attr_count(&e, "text:c"));
                    }
                }
                _ => (),
            },
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.text = c.text.saturating_add(t.len() as u64);
                }
            }
            Event::GeneralRef(_) => {
                if let Some(c) = cell.as_mut() {
                    c.text = c.text.saturating_add(4);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let (Some(s), Some(c)) = (sheet.as_mut(), cell.take()) {
                        place_cell(s, &c, &mut totals)?;
                    }
                }
                "table:table-row" => {
                    if let Some(s) = sheet.as_mut() {
                        s.row = s.row.saturating_add(s.row_repeat);
                    }
                }
                "table:table" => {
                    if let Some(s) = sheet.take() {
                        totals.cells = totals.cells.saturating_add(s.end.0 * s.end.1);
                        if totals.cells > MAX_CELLS {
                            return Err(too_large(Arg::words(
                                format!("các trang tính trải rộng hơn {MAX_CELLS} ô"),
                                format!("the workbook's sheets span more than {MAX_CELLS} cells"),
                            )));
                        }
                    }
                }
                _ => (),
            },
            Event::Eof => return Ok(()),
            _ => (),
        }
    }
}

/// Elements that the reader expects only outside cells; a spreadsheet never nests them.
fn is_structure(name: &str) -> bool {
    matches!(
        name,
        "table:table" | "table:table-row" | "table:table-cell" | "table:covered-table-cell"
    )
}

/// A cell holds something when the reader would give it a value or a formula.
fn cell_start(e: &BytesStart<'_>) -> CellScan {
    let mut scan = CellScan {
        repeat: attr_count(e, "table:number-columns-repeated"),
        ..CellScan::default()
    };
    for a in e.attributes().with_checks(false).flatten() {
        match a.key.as_ref() {
            "office:value" | "office:boolean-value" => scan.filled = true,
            "office:string-value" | "office:date-value" | "office:time-value" | "table:formula" => {
                scan.filled = true;
                scan.text = scan.text.saturating_add(a.value.len() as u64);
            }
            "office:value-type" if a.value.as_ref() == "string" => scan.filled = true,
            _ => (),
        }
    }
    scan
}

/// Moves past one cell, refusing it when it holds something outside the limits.
fn place_cell(s: &mut SheetScan, c: &CellScan, totals: &mut Totals) -> Result<(), Refusal> {
    let first_col = s.col;
    s.col = s.col.saturating_add(c.repeat);
    if !c.filled {
        return Ok(());
    }
    let last_row = s.row.saturating_add(s.row_repeat);
    if last_row > u64::from(MAX_ROWS) {
        let (name, col) = (&s.name, first_col + 1);
        return Err(too_large(Arg::words(
            format!(
                "trang \"{name}\" có giá trị tới dòng {last_row}, vượt quá {MAX_ROWS} dòng một báo \
                 cáo được dùng (cột {col})"
            ),
            format!(
                "sheet \"{name}\" has values down to row {last_row}, beyond the {MAX_ROWS} rows a \
                 report may use (column {col})"
            ),
        )));
    }
    if s.col > u64::from(MAX_COLUMNS) {
        let (name, col, row) = (&s.name, s.col, s.row + 1);
        return Err(too_large(Arg::words(
            format!(
                "trang \"{name}\" có giá trị tới cột {col}, vượt quá {MAX_COLUMNS} cột một báo cáo \
                 được dùng (dòng {row})"
            ),
            format!(
                "sheet \"{name}\" has values out to column {col}, beyond the {MAX_COLUMNS} columns \
                 a report may use (row {row})"
            ),
        )));
    }
    s.end = (s.end.0.max(last_row), s.end.1.max(s.col));
    let copies = c.repeat.saturating_mul(s.row_repeat);
    totals.text = totals
        .text
        .saturating_add(c.text.saturating_add(32).saturating_mul(copies));
    if totals.text > MAX_TEXT_BYTES {
        let mb = MAX_TEXT_BYTES >> 20;
        return Err(too_large(Arg::words(
            format!("bảng tính chứa hơn {mb} MB chữ khi mở rộng các ô lặp lại"),
            format!(
                "the workbook holds more than {mb} MB of text once its repeated cells are expanded"
            ),
        )));
    }
    Ok(())
}

fn attr_text(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// A repetition count: 1 when absent; unreadable counts make the reader fail, so any value
/// will do for them.
fn attr_count(e: &BytesStart<'_>, key: &str) -> u64 {
    attr_text(e, key)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// An .ods file made by hand: the mimetype, a manifest and the given sheets' XML.
    pub(crate) fn ods(tables: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default();
        out.start_file("mimetype", stored).unwrap();
        out.write_all(ODS_MIMETYPE).unwrap();
        out.start_file("META-INF/manifest.xml", deflated).unwrap();
        out.write_all(manifest.as_bytes()).unwrap();
        out.start_file("content.xml", deflated).unwrap();
        out.write_all(content.as_bytes()).unwrap();
        out.finish().unwrap().into_inner()
    }

    const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

    fn cell(text: &str) -> String {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
        )
    }

    #[test]
    fn trailing_empty_repetitions_are_fine() {
        let bytes = ods(&format!(
            r#"<table:table table:name="S"><table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
            cell("a")
        ));
        assert_eq!(check(&bytes), Ok(()));
    }

    #[test]
    fn a_million_rows_are_refused() {
        let bytes = ods(&format!(
            r#"<table:table table:name="Big"><table:table-row table:number-rows-repeated="1000000">{}</table:table-row></table:table>"#,
            cell("x")
        ));
        let problem = check(&bytes).unwrap_err();
        assert_eq!(problem.code, ProblemCode::TooLarge);
        assert!(
            problem
                .message(thads_domain::Lang::En)
                .contains("row 1000000"),
            "{}",
            problem.message(thads_domain::Lang::En)
        );
    }

    #[test]
    fn a_value_after_a_million_empty_rows_is_refused() {
        let bytes = ods(&format!(
            r#"<table:table table:name="S"><table:table-row>{a}</table:table-row><table:table-row table:number-rows-repeated="999999"><table:table-cell/></table:table-row><table:table-row>{a}</table:table-row></table:table>"#,
            a = cell("a")
        ));
        assert_eq!(check(&bytes).unwrap_err().code, ProblemCode::TooLarge);
    }

    #[test]
    fn wide_rows_are_refused() {
        let bytes = ods(
            r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
        );
        assert!(
            check(&bytes)
                .unwrap_err()
                .message(thads_domain::Lang::En)
                .contains("column 16384")
        );
    }

    #[test]
    fn tables_nested_in_cells_are_refused() {
        let bytes = ods(
            r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><table:table table:name="T"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table></table:table-cell></table:table-row></table:table>"#,
        );
        assert_eq!(check(&bytes).unwrap_err().code, ProblemCode::Damaged);
    }

    #[test]
    fn a_billion_spaces_are_refused() {
        let bytes = ods(
            r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        assert!(
            check(&bytes)
                .unwrap_err()
                .message(thads_domain::Lang::En)
                .contains("MB of text")
        );
    }

    #[test]
    fn a_long_text_repeated_everywhere_is_refused() {
        let long = "x".repeat(100_000);
        let bytes = ods(&format!(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="4000"><table:table-cell table:number-columns-repeated="190" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table>"#
        ));
        assert!(
            check(&bytes)
                .unwrap_err()
                .message(thads_domain::Lang::En)
                .contains("MB of text")
        );
    }
}
