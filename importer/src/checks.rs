//! The figures of a form sheet checked against each other: the identities of every row, every
//! group and total row against the sum of the rows it totals, and the written rate against the
//! one computed from the row (resolved / enforceable × 100).
//!
//! Rows with a cell that could not be read are not checked: their problem is already reported.

use crate::columns::Columns;
use crate::grid::Grid;
use crate::problems::Problems;
use crate::rows::DataRow;
use crate::template::{Column, ColumnKind, Template};
use crate::values::Written;
use thads_domain::{Field, Form, Outcome, Problem};

/// Largest difference accepted between a written rate and the computed one, in points.
const RATE_TOLERANCE: f64 = 0.01 + 1e-9;

/// Runs every check of a sheet whose columns are all present.
pub(crate) fn check(
    grid: &Grid,
    template: &Template,
    columns: &Columns,
    rows: &[Option<DataRow>],
    scale: i64,
    problems: &mut Problems,
) {
    let place = |field: Field| {
        columns
            .placed
            .iter()
            .find(|(c, _)| c.kind == ColumnKind::Field(field))
    };
    let shown = |v: i64| amount(v, scale);
    for row in rows.iter().flatten().filter(|r| r.readable) {
        for broken in row.values.broken_identities() {
            if let Some((column, col)) = place(broken.field) {
                let message = format!(
                    "breaks {}: found {}, expected {}",
                    broken.rule,
                    shown(broken.found),
                    shown(broken.expected)
                );
                problems.cell(grid, (row.row, *col), at(row, column, "identity", message));
            }
        }
        check_rate(grid, columns, row, problems);
    }
    for (node, slot) in template.rows.iter().zip(rows) {
        let Some(total) = slot.as_ref().filter(|r| r.readable) else {
            continue;
        };
        let parts: Option<Vec<&DataRow>> = node
            .children
            .iter()
            .map(|&c| rows[c].as_ref().filter(|r| r.readable))
            .collect();
        let Some(parts) = parts.filter(|p| !p.is_empty()) else {
            continue;
        };
        let mut sum = Outcome::default();
        for part in &parts {
            sum.add(&part.values);
        }
        for field in Field::of_form(template.form()) {
            let (found, expected) = (total.values.get(field), sum.get(field));
            if found == expected {
                continue;
            }
            if let Some((column, col)) = place(field) {
                let message = format!(
                    "found {}, but the {} rows it totals add up to {}",
                    shown(found),
                    parts.len(),
                    shown(expected)
                );
                problems.cell(grid, (total.row, *col), at(total, column, "sum", message));
            }
        }
    }
}

fn at(row: &DataRow, column: &Column, code: &str, message: String) -> Problem {
    Problem::error(code, message)
        .in_row(row.label.as_str())
        .in_column(column.number, column.heading.as_str())
}

/// The written rate against resolved / enforceable × 100; a cell formatted as a percentage holds
/// the fraction, which is accepted too.
fn check_rate(grid: &Grid, columns: &Columns, row: &DataRow, problems: &mut Problems) {
    let Some((written, col)) = row.rate else {
        return;
    };
    let Some((column, _)) = columns.placed.iter().find(|(_, c)| *c == col) else {
        return;
    };
    let problem = match (row.values.rate(), written) {
        (None, Written::Blank) => return,
        (None, Written::Value(0.0)) => return,
        (None, Written::Value(w)) => Problem::error(
            "rate",
            format!("nothing is enforceable, so the rate should be blank or 0, found {w}"),
        ),
        (Some(r), Written::Blank) => Problem::warning(
            "rate_missing",
            format!("the rate is not written (it is {r:.2})"),
        ),
        (Some(r), Written::Value(w)) => {
            if (w - r).abs() <= RATE_TOLERANCE || (w * 100.0 - r).abs() <= RATE_TOLERANCE {
                return;
            }
            Problem::error("rate", format!("the rate should be {r:.2}, found {w}"))
        }
    };
    problems.cell(
        grid,
        (row.row, col),
        problem
            .in_row(row.label.as_str())
            .in_column(column.number, column.heading.as_str()),
    );
}

/// An amount in the unit the sheet is written in (e.g. thousands of đồng).
pub(crate) fn amount(value: i64, scale: i64) -> String {
    if scale <= 1 || value % scale == 0 {
        return (value / scale.max(1)).to_string();
    }
    let digits = scale.ilog10();
    if 10i64.pow(digits) != scale {
        return format!("{value} đồng");
    }
    let sign = if value < 0 { "-" } else { "" };
    let (v, s) = (value.unsigned_abs(), scale.unsigned_abs());
    let fraction = format!("{:0width$}", v % s, width = digits as usize);
    format!("{sign}{}.{}", v / s, fraction.trim_end_matches('0'))
}

/// What the values of a form are counted in, as messages name it.
pub(crate) fn unit_name(form: Form) -> &'static str {
    match form {
        Form::Cases => "cases",
        Form::Money => "đồng",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_the_sheets_unit() {
        assert_eq!(amount(138, 1), "138");
        assert_eq!(amount(138_000, 1000), "138");
        assert_eq!(amount(1_500, 1000), "1.5");
        assert_eq!(amount(1_005, 1000), "1.005");
        assert_eq!(amount(-500, 1000), "-0.5");
        assert_eq!(amount(7, 3), "7 đồng");
    }
}
