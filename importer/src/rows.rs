//! The data rows of a form sheet, identified by their label in the label column (numbering
//! such as "I-", "1." stripped), and the values of their cells.
//!
//! Blank rows are skipped; rows without numbers (the footer: date, signatures) are ignored; a
//! row with numbers must have a label the template knows. A leaf label that appears under
//! several groups ("Hình sự") belongs to the group row above it.

use crate::columns::Columns;
use crate::grid::{Grid, is_blank};
use crate::problems::Problems;
use crate::template::{ColumnKind, Template};
use crate::values::{self, ValueError, Written, read_amount, read_rate};
use calamine::Data;
use thads_domain::{Arg, Outcome, Problem, ProblemCode, names};

/// One recognised row of the sheet.
pub(crate) struct DataRow {
    /// The row's index in the sheet.
    pub row: u32,
    /// The label as written.
    pub label: String,
    /// Its values, in cases or đồng.
    pub values: Outcome,
    /// Whether every value could be read (the checks skip rows that could not).
    pub readable: bool,
    /// The rate as written and its column, when the form has a rate column and it was read.
    pub rate: Option<(Written, u32)>,
}

/// How the values of a sheet are read.
pub(crate) struct Reading {
    /// Đồng per unit written (1 for counts).
    pub scale: i64,
    /// What is counted, as messages name it: cases or đồng.
    pub unit: Arg,
}

/// Reads the data rows: one slot per template row, `None` when the row is missing.
pub(crate) fn read(
    grid: &Grid,
    template: &Template,
    columns: &Columns,
    reading: &Reading,
    problems: &mut Problems,
) -> Vec<Option<DataRow>> {
    let mut found: Vec<Option<DataRow>> = template.rows.iter().map(|_| None).collect();
    let mut group: Option<usize> = None;
    for row in columns.number_row + 1..grid.end().0 {
        let label_at = (row, columns.label_col);
        let label = label_text(grid.get(row, columns.label_col));
        let holds_data = columns
            .placed
            .iter()
            .any(|(_, col)| holds_number(grid.get(row, *col)));
        let Some(label) = label else {
            if holds_data {
                problems.cell(grid, label_at, Problem::error(ProblemCode::UnlabelledRow));
            }
            continue;
        };
        let Some(node) = recognise(template, &label, group) else {
            if holds_data {
                problems.cell(grid, label_at, unknown(template, &label));
            }
            continue;
        };
        let node = match node {
            Ok(node) => node,
            Err(problem) => {
                problems.cell(grid, label_at, problem);
                continue;
            }
        };
        if !template.rows[node].is_leaf() {
            group = Some(node);
        }
        if let Some(first) = &found[node] {
            problems.cell(
                grid,
                label_at,
                Problem::error(ProblemCode::DuplicateRow)
                    .arg("label", template.rows[node].label.as_str())
                    .arg("first_row", first.row + 1),
            );
            continue;
        }
        found[node] = Some(read_row(grid, columns, reading, row, label, problems));
    }
    for (node, slot) in template.rows.iter().zip(&found) {
        if slot.is_none() {
            problems.sheet(grid, missing(template, node));
        }
    }
    found
}

/// The label of a row: its text, or a number written as the label.
fn label_text(cell: &Data) -> Option<String> {
    match cell {
        Data::String(s) => Some(s.trim().to_owned()).filter(|t| !t.is_empty()),
        Data::Empty => None,
        other => Some(values::shown(other).render(thads_domain::Lang::En)),
    }
}

/// Whether a cell holds a number (or something that claims to be one: an error value).
fn holds_number(cell: &Data) -> bool {
    match cell {
        Data::Float(_) | Data::Int(_) | Data::Error(_) => true,
        Data::String(s) => {
            values::is_error_text(s)
                || matches!(values::parse_text(s), Ok(values::TextNumber::Number(_)))
        }
        _ => false,
    }
}

/// The template row a label names: `None` when none does, an error when it cannot be placed.
fn recognise(
    template: &Template,
    label: &str,
    group: Option<usize>,
) -> Option<Result<usize, Problem>> {
    let key = names::label_key(label);
    let candidates: Vec<usize> = (0..template.rows.len())
        .filter(|&i| template.rows[i].keys.contains(&key))
        .collect();
    match candidates.as_slice() {
        [] => None,
        [one] => Some(Ok(*one)),
        several => Some(
            several
                .iter()
                .copied()
                .find(|&i| template.rows[i].parent.is_some() && template.rows[i].parent == group)
                .ok_or_else(|| {
                    let groups = Arg::quoted(
                        several
                            .iter()
                            .filter_map(|&i| template.rows[i].parent)
                            .map(|p| template.rows[p].label.as_str()),
                    );
                    Problem::error(ProblemCode::MisplacedRow)
                        .arg("label", label)
                        .arg("groups", groups)
                }),
        ),
    }
}

fn unknown(template: &Template, label: &str) -> Problem {
    let mut known: Vec<&str> = Vec::new();
    for node in &template.rows {
        if !known.contains(&node.label.as_str()) {
            known.push(&node.label);
        }
    }
    Problem::error(ProblemCode::UnknownRow)
        .arg("label", label)
        .arg("known", Arg::quoted(known))
}

fn missing(template: &Template, node: &crate::template::Node) -> Problem {
    let under = node
        .parent
        .filter(|_| node.is_leaf())
        .map(|p| &template.rows[p].label)
        .map_or_else(
            || Arg::words("", ""),
            |group| Arg::words(format!(" thuộc \"{group}\""), format!(" under \"{group}\"")),
        );
    Problem::error(ProblemCode::MissingRow)
        .arg("label", node.label.as_str())
        .arg("under", under)
        .arg("code", node.code.as_str())
}

/// Reads the values of one recognised row.
fn read_row(
    grid: &Grid,
    columns: &Columns,
    reading: &Reading,
    row: u32,
    label: String,
    problems: &mut Problems,
) -> DataRow {
    let mut data = DataRow {
        row,
        label,
        values: Outcome::default(),
        readable: true,
        rate: None,
    };
    for (column, col) in &columns.placed {
        let cell = grid.get(row, *col);
        let uncached = is_blank(cell) && grid.is_uncached(row, *col);
        let result: Result<(), ValueError> = match column.kind {
            ColumnKind::Field(field) => read_amount(cell, uncached, reading.scale).map(|v| {
                data.values.set(field, v);
            }),
            ColumnKind::Rate => read_rate(cell, uncached).map(|w| {
                data.rate = Some((w, *col));
            }),
        };
        if let Err(e) = result {
            if matches!(column.kind, ColumnKind::Field(_)) {
                data.readable = false;
            }
            problems.cell(
                grid,
                (row, *col),
                values::describe(&e, cell, reading.unit.clone())
                    .in_row(data.label.as_str())
                    .in_column(column.number, column.heading.as_str()),
            );
        }
    }
    data
}
