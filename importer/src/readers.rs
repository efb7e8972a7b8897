//! Reading the worksheets of each format into grids, within the limits.
//!
//! .xlsx and .xlsb are streamed cell by cell: a cell outside the limits stops the reading at
//! once, before anything large is built. .xls and .ods are parsed whole by the reader when it
//! opens them; their guards (`xlsguard`, `odsguard`) have already bounded what that builds.

use crate::grid::Grid;
use crate::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES};
use crate::open::{Format, Workbook};
use crate::problems::{Refusal, refuse};
use calamine::{
    Cell, Data, DataRef, Ods, Range, Reader, Sheet, SheetType, SheetVisible, Xls, Xlsb, Xlsx,
    XlsxError,
};
use std::fmt::Display;
use std::io::Cursor;
use thads_domain::ProblemCode;
use thads_domain::{Arg, Problem, a1};

type Bytes<'a> = Cursor<&'a [u8]>;

/// Reads every visible worksheet of a workbook whose format is known and guarded.
pub(crate) fn read(format: Format, bytes: &[u8]) -> Result<Workbook, Refusal> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => read_xlsx(Xlsx::new(cursor).map_err(|e| opening(&e))?),
        Format::Xlsb => read_xlsb(Xlsb::new(cursor).map_err(|e| opening(&e))?),
        Format::Xls => read_whole(format, Xls::new(cursor).map_err(|e| opening(&e))?),
        Format::Ods => read_whole(format, Ods::new(cursor).map_err(|e| opening(&e))?),
    }
}

/// The problem of a workbook the reader cannot open.
fn opening(e: &impl Display) -> Refusal {
    let text = e.to_string();
    if text.contains("password protected") {
        refuse(
            ProblemCode::PasswordProtected,
            "the workbook is protected by a password: remove the password and send it again",
        )
    } else {
        refuse(ProblemCode::Damaged, text)
    }
}

fn sheet_damaged(sheet: &str, e: &impl Display) -> Refusal {
    Box::new(
        Problem::error(ProblemCode::Damaged)
            .arg("detail", e.to_string())
            .in_sheet(sheet),
    )
}

/// The worksheets to read; hidden ones are listed, the others (charts, macros) passed over.
fn visible_sheets(sheets: &[Sheet], workbook: &mut Workbook) -> Vec<String> {
    let mut names = Vec::new();
    for sheet in sheets {
        if sheet.typ != SheetType::WorkSheet {
            continue;
        }
        if sheet.visible == SheetVisible::Visible {
            names.push(sheet.name.clone());
        } else {
            workbook.hidden.push(sheet.name.clone());
        }
    }
    names
}

/// What the cells read so far take, against the limits.
#[derive(Default)]
struct Budget {
    /// The area of the sheets read.
    cells: u64,
    /// Cell records read, which a damaged file may repeat.
    records: u64,
    /// Bytes of text read.
    text: u64,
}

impl Budget {
    /// Admits a cell that holds something, or refuses the workbook.
    fn admit(&mut self, sheet: &str, pos: (u32, u32), end: &mut (u32, u32)) -> Result<(), Refusal> {
        self.records += 1;
        if self.records > MAX_CELLS {
            return Err(refuse(
                ProblemCode::TooLarge,
                Arg::words(
                    format!("bảng tính chứa hơn {MAX_CELLS} ô"),
                    format!("the workbook holds more than {MAX_CELLS} cells"),
                ),
            ));
        }
        let (row, col) = pos;
        let beyond = if row >= MAX_ROWS {
            (format!("{MAX_ROWS} dòng"), format!("{MAX_ROWS} rows"))
        } else if col >= MAX_COLUMNS {
            (
                format!("{MAX_COLUMNS} cột"),
                format!("{MAX_COLUMNS} columns"),
            )
        } else {
            *end = (end.0.max(row + 1), end.1.max(col + 1));
            return Ok(());
        };
        Err(Box::new(
            Problem::error(ProblemCode::TooLarge)
                .arg(
                    "detail",
                    Arg::words(
                        format!(
                            "trang tính có giá trị vượt quá {} một báo cáo được dùng",
                            beyond.0
                        ),
                        format!(
                            "the sheet has a value beyond the {} a report may use",
                            beyond.1
                        ),
                    ),
                )
                .in_sheet(sheet)
                .at_cell(a1(row, col)),
        ))
    }

    fn add_text(&mut self, len: usize) -> Result<(), Refusal> {
        self.text += len as u64 + 24;
        if self.text > MAX_TEXT_BYTES {
            return Err(refuse(
                ProblemCode::TooLarge,
                Arg::words(
                    format!("bảng tính chứa hơn {} MB chữ", MAX_TEXT_BYTES >> 20),
                    format!(
                        "the workbook holds more than {} MB of text",
                        MAX_TEXT_BYTES >> 20
                    ),
                ),
            ));
        }
        Ok(())
    }

    /// Counts a finished sheet's area.
    fn close(&mut self, end: (u32, u32)) -> Result<(), Refusal> {
        self.cells += u64::from(end.0) * u64::from(end.1);
        if self.cells > MAX_CELLS {
            return Err(refuse(
                ProblemCode::TooLarge,
                Arg::words(
                    format!("các trang tính trải rộng hơn {MAX_CELLS} ô"),
                    format!("the workbook's sheets span more than {MAX_CELLS} cells"),
                ),
            ));
        }
        Ok(())
    }
}

/// Converts a streamed value, counting its text.
fn owned(value: DataRef<'_>, budget: &mut Budget) -> Result<Data, Refusal> {
    match &value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            budget.add_text(s.len())?
        }
        DataRef::SharedString(s) => budget.add_text(s.len())?,
        _ => (),
    }
    Ok(Data::from(value))
}

fn read_xlsx(mut wb: Xlsx<Bytes<'_>>) -> Result<Workbook, Refusal> {
    let mut workbook = Workbook::new(Format::Xlsx);
    let mut budget = Budget::default();
    let metadata = wb.sheets_metadata().to_vec();
    for name in visible_sheets(&metadata, &mut workbook) {
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(sheet_damaged(&name, &e)),
        };
        let (mut cells, mut uncached, mut end) = (Vec::new(), Vec::new(), (0, 0));
        while let Some(record) = reader
            .next_cell_with_formula_metadata()
            .map_err(|e| sheet_damaged(&name, &e))?
        {
            if record.value == DataRef::Empty {
                if record.formula.is_some() {
                    budget.admit(&name, record.pos, &mut end)?;
                    uncached.push(record.pos);
                }
                continue;
            }
            budget.admit(&name, record.pos, &mut end)?;
            cells.push(Cell::new(record.pos, owned(record.value, &mut budget)?));
        }
        budget.close(end)?;
        let index = workbook.sheets.len();
        workbook
            .sheets
            .push(Grid::new(name, index, Range::from_sparse(cells), uncached));
    }
    Ok(workbook)
}

fn read_xlsb(mut wb: Xlsb<Bytes<'_>>) -> Result<Workbook, Refusal> {
    let mut workbook = Workbook::new(Format::Xlsb);
    let mut budget = Budget::default();
    let metadata = wb.sheets_metadata().to_vec();
    for name in visible_sheets(&metadata, &mut workbook) {
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| sheet_damaged(&name, &e))?;
        let (mut cells, mut end) = (Vec::new(), (0, 0));
        while let Some(cell) = reader.next_cell().map_err(|e| sheet_damaged(&name, &e))? {
            if *cell.get_value() == DataRef::Empty {
                continue;
            }
            let pos = cell.get_position();
            budget.admit(&name, pos, &mut end)?;
            cells.push(Cell::new(
                pos,
                owned(cell.get_value().clone(), &mut budget)?,
            ));
        }
        budget.close(end)?;
        let index = workbook.sheets.len();
        workbook.sheets.push(Grid::new(
            name,
            index,
            Range::from_sparse(cells),
            Vec::new(),
        ));
    }
    Ok(workbook)
}

/// Formats whose reader has parsed every sheet on opening (.xls, .ods).
fn read_whole<'a, R>(format: Format, mut wb: R) -> Result<Workbook, Refusal>
where
    R: Reader<Bytes<'a>>,
    R::Error: Display,
{
    let mut workbook = Workbook::new(format);
    let metadata = wb.sheets_metadata().to_vec();
    for name in visible_sheets(&metadata, &mut workbook) {
        let cells = wb
            .worksheet_range(&name)
            .map_err(|e| sheet_damaged(&name, &e))?;
        let formulas = wb.worksheet_formula(&name).unwrap_or_default();
        let (row0, col0) = formulas.start().unwrap_or((0, 0));
        let uncached = formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .map(|(r, c, _)| (row0 + r as u32, col0 + c as u32))
            .filter(|&(r, c)| cells.get_value((r, c)).is_none_or(|d| *d == Data::Empty))
            .collect();
        let index = workbook.sheets.len();
        workbook
            .sheets
            .push(Grid::new(name, index, cells, uncached));
    }
    Ok(workbook)
}
