//! One sheet recognised as a form and checked with the form's template: header block, columns,
//! rows, cell values and figures.

use crate::checks::{self, unit_name};
use crate::columns::{self, Columns, NumberRow};
use crate::grid::Grid;
use crate::header::{self, HeaderCell};
use crate::problems::Problems;
use crate::rows::{self, DataRow, Reading};
use crate::template::{ColumnKind, Template};
use crate::units::UnitIndex;
use thads_domain::{
    CheckedReport, ColumnPlace, Field, Form, Period, Problem, ProblemCode, ReportRow,
};

/// Rows searched for the header block when a sheet has no column-number row.
const HEADER_SCAN_ROWS: u32 = 40;

/// A form sheet, checked.
pub(crate) struct FormSheet {
    /// The form it holds.
    pub form: Form,
    /// The sheet's position among the sheets read.
    pub sheet: usize,
    /// Whether it has a column-number row, i.e. a table to read.
    pub has_table: bool,
    /// The reporting office's code and the cell that names it.
    pub unit: Option<(String, (u32, u32))>,
    /// The period and the cell that states it.
    pub period: Option<(Period, (u32, u32))>,
    /// The report, when every row and column was found.
    pub report: Option<CheckedReport>,
    /// Everything found wrong in the sheet.
    pub problems: Problems,
}

/// Checks a sheet with every template whose form its header names, keeping the reading with
/// the fewest errors; `None` when the header names no form.
pub(crate) fn check(grid: &Grid, templates: &[Template], units: &UnitIndex) -> Option<FormSheet> {
    let number_row = columns::find_number_row(grid);
    let header_end = number_row
        .as_ref()
        .map_or(HEADER_SCAN_ROWS.min(grid.end().0), |n| n.row);
    let cells = header::cells(grid, 0..header_end);
    templates
        .iter()
        .filter(|t| cells.iter().any(|c| t.is_named_in(&c.words)))
        .map(|t| check_with(grid, t, &cells, number_row.as_ref(), units))
        .min_by_key(|s| s.problems.errors())
}

fn check_with(
    grid: &Grid,
    template: &Template,
    cells: &[HeaderCell<'_>],
    number_row: Option<&NumberRow>,
    units: &UnitIndex,
) -> FormSheet {
    let form = template.form();
    let mut problems = Problems::default();
    let header = header::read(grid, cells, form, units, &mut problems);
    let mut sheet = FormSheet {
        form,
        sheet: grid.index,
        has_table: number_row.is_some(),
        unit: header.unit,
        period: header.period,
        report: None,
        problems: Problems::default(),
    };
    let Some(number_row) = number_row else {
        problems.sheet(
            grid,
            Problem::error(ProblemCode::NoColumnNumbers).arg("form", template.name()),
        );
        sheet.problems = problems;
        return sheet;
    };
    let columns = columns::map(grid, template, number_row, &mut problems);
    let reading = Reading {
        scale: header.scale,
        unit: unit_name(form),
    };
    let rows = rows::read(grid, template, &columns, &reading, &mut problems);
    if columns.complete {
        checks::check(grid, template, &columns, &rows, header.scale, &mut problems);
        sheet.report = report(grid, template, &columns, &rows);
    }
    sheet.problems = problems;
    sheet
}

/// The leaf rows and where each field was read; `None` when a leaf row is missing.
fn report(
    grid: &Grid,
    template: &Template,
    columns: &Columns,
    rows: &[Option<DataRow>],
) -> Option<CheckedReport> {
    let places = Field::of_form(template.form())
        .map(|field| {
            columns
                .placed
                .iter()
                .find(|(c, _)| c.kind == ColumnKind::Field(field))
                .map(|(c, index)| ColumnPlace {
                    field,
                    index: *index,
                    number: c.number,
                })
        })
        .collect::<Option<Vec<_>>>()?;
    let leaves = template
        .rows
        .iter()
        .zip(rows)
        .filter(|(node, _)| node.is_leaf())
        .map(|(node, row)| {
            row.as_ref().map(|r| ReportRow {
                case_type: node.code.clone(),
                label: r.label.clone(),
                row: r.row,
                values: r.values,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(CheckedReport {
        form: template.form(),
        sheet: grid.name.clone(),
        columns: places,
        rows: leaves,
    })
}
