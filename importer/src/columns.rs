//! The columns of a form sheet, found by the column-number row: the row that reads `A`, then
//! 1, 2, 3… (numbers, or text such as `1` and `(1)`). Each number maps to a field through the
//! template; the heading text above each column is only cross-checked, to catch shifted
//! numbers.

use crate::grid::Grid;
use crate::problems::Problems;
use crate::template::{Column, Template};
use crate::text::{self, Words};
use calamine::Data;
use thads_domain::{Problem, ProblemCode};

/// Most rows above the column-number row that hold column headings.
const HEADING_ROWS: u32 = 3;

/// The column-number row of a sheet.
pub(crate) struct NumberRow {
    /// Its row index.
    pub row: u32,
    /// The column of its `A`: the column of the row labels.
    pub label_col: u32,
}

/// Where each column of the template sits in the sheet.
pub(crate) struct Columns {
    /// The column of the row labels.
    pub label_col: u32,
    /// The column-number row.
    pub number_row: u32,
    /// (template column, sheet column index) for every numbered column of the template found.
    pub placed: Vec<(Column, u32)>,
    /// Whether every column of the template was found.
    pub complete: bool,
}

/// The first row whose first cell is `A` and whose next cell is 1.
pub(crate) fn find_number_row(grid: &Grid) -> Option<NumberRow> {
    let (start, end) = (grid.start().0, grid.end().0);
    (start..end).find_map(|row| {
        let mut cells = grid.row_cells(row);
        let (label_col, first) = cells.next()?;
        let (_, second) = cells.next()?;
        (is_label_marker(first) && column_number(second) == Some(1))
            .then_some(NumberRow { row, label_col })
    })
}

fn strip_parens(t: &str) -> &str {
    let t = t.trim();
    t.strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .map_or(t, str::trim)
}

fn is_label_marker(d: &Data) -> bool {
    matches!(d, Data::String(s) if strip_parens(s).eq_ignore_ascii_case("a"))
}

/// A printed column number: 1, 1.0, "1" or "(1)".
fn column_number(d: &Data) -> Option<u16> {
    match d {
        Data::Float(f) if f.fract() == 0.0 && (1.0..1000.0).contains(f) => Some(*f as u16),
        Data::Int(i) => u16::try_from(*i).ok().filter(|n| (1..1000).contains(n)),
        Data::String(s) => {
            let t = strip_parens(s);
            (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
                .filter(|&n| n > 0)
        }
        _ => None,
    }
}

/// Maps the numbered columns to the template's, reporting missing, repeated and unknown
/// numbers and headings that name another column.
pub(crate) fn map(
    grid: &Grid,
    template: &Template,
    number_row: &NumberRow,
    problems: &mut Problems,
) -> Columns {
    let row = number_row.row;
    let mut placed: Vec<(Column, u32)> = Vec::new();
    for (col, cell) in grid
        .row_cells(row)
        .filter(|(c, _)| *c > number_row.label_col)
    {
        let Some(number) = column_number(cell) else {
            continue;
        };
        let Some(column) = template.column(number) else {
            problems.cell(
                grid,
                (row, col),
                Problem::warning(ProblemCode::ExtraColumn)
                    .arg("number", number)
                    .arg("form", template.name()),
            );
            continue;
        };
        if let Some((_, first)) = placed.iter().find(|(c, _)| c.number == number) {
            problems.cell(
                grid,
                (row, col),
                Problem::error(ProblemCode::DuplicateColumn)
                    .arg("number", number)
                    .arg("first", thads_domain::a1(row, *first)),
            );
            continue;
        }
        placed.push((column.clone(), col));
    }
    let mut complete = true;
    for column in &template.columns {
        if !placed.iter().any(|(c, _)| c.number == column.number) {
            complete = false;
            problems.cell(
                grid,
                (row, number_row.label_col),
                Problem::error(ProblemCode::MissingColumn)
                    .arg("number", column.number)
                    .arg("heading", column.heading.as_str()),
            );
        }
    }
    let columns = Columns {
        label_col: number_row.label_col,
        number_row: row,
        placed,
        complete,
    };
    cross_check(grid, template, &columns, problems);
    columns
}

/// The rows of column headings: up to three non-empty rows right above the number row.
fn heading_rows(grid: &Grid, columns: &Columns) -> Vec<u32> {
    let last = columns.placed.iter().map(|(_, c)| *c).max().unwrap_or(0);
    (columns.number_row.saturating_sub(HEADING_ROWS)..columns.number_row)
        .rev()
        .take_while(|&r| (columns.label_col..=last).any(|c| !grid.is_blank(r, c)))
        .collect()
}

/// How strongly a heading text names a column: the length of its longest keyword in the text.
fn score(words: &[String], column: &Column) -> usize {
    column
        .keywords
        .iter()
        .filter(|k| text::contains(words, k))
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}

/// The one column a heading text names best, if one stands out.
fn named_column<'t>(words: &[String], template: &'t Template) -> Option<&'t Column> {
    let mut best: Option<(&Column, usize)> = None;
    let mut tie = false;
    for column in &template.columns {
        let s = score(words, column);
        match best {
            _ if s == 0 => (),
            Some((_, b)) if s < b => (),
            Some((_, b)) if s == b => tie = true,
            _ => {
                best = Some((column, s));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(c, _)| c)
}

/// A column passes when one of its heading texts names it; it fails when none does and one
/// clearly names another column. A column without any heading text gets a warning.
fn cross_check(grid: &Grid, template: &Template, columns: &Columns, problems: &mut Problems) {
    let rows = heading_rows(grid, columns);
    for (column, col) in &columns.placed {
        let texts: Vec<(u32, &str, Words)> = rows
            .iter()
            .rev()
            .filter_map(|&r| grid.text(r, *col).map(|t| (r, t, text::words(t))))
            .collect();
        if texts.is_empty() {
            problems.cell(
                grid,
                (columns.number_row, *col),
                Problem::warning(ProblemCode::NoHeading)
                    .arg("number", column.number)
                    .arg("heading", column.heading.as_str()),
            );
            continue;
        }
        if texts.iter().any(|(_, _, w)| score(w, column) > 0) {
            continue;
        }
        let wrong = texts.iter().find_map(|(r, t, w)| {
            named_column(w, template)
                .filter(|other| other.number != column.number)
                .map(|other| (*r, *t, other))
        });
        if let Some((r, t, other)) = wrong {
            problems.cell(
                grid,
                (r, *col),
                Problem::error(ProblemCode::HeadingMismatch)
                    .arg("number", column.number)
                    .arg("heading", column.heading.as_str())
                    .arg("found", t)
                    .arg("other_number", other.number)
                    .arg("other_heading", other.heading.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_numbers_as_written() {
        assert_eq!(column_number(&Data::Float(1.0)), Some(1));
        assert_eq!(column_number(&Data::Int(17)), Some(17));
        assert_eq!(column_number(&Data::String("(16)".into())), Some(16));
        assert_eq!(column_number(&Data::String(" ( 3 ) ".into())), Some(3));
        assert_eq!(column_number(&Data::String("3".into())), Some(3));
        assert_eq!(column_number(&Data::Float(1.5)), None);
        assert_eq!(column_number(&Data::String("Tổng số".into())), None);
        assert_eq!(column_number(&Data::String("0".into())), None);
        assert!(is_label_marker(&Data::String("(A)".into())));
        assert!(is_label_marker(&Data::String("a".into())));
        assert!(!is_label_marker(&Data::String("B".into())));
    }

    #[test]
    fn headings_name_their_columns() {
        let templates = Template::defaults().unwrap();
        let money = &templates[1];
        let named = |t: &str| named_column(&text::words(t), money).map(|c| c.number);
        assert_eq!(named("Tổng số thụ lý"), Some(1));
        assert_eq!(named("Tổng số"), None);
        assert_eq!(named("Tổng số phải thi hành"), Some(6));
        assert_eq!(named("Chưa có điều kiện thi hành"), Some(15));
        assert_eq!(named("Có điều kiện thi hành"), Some(7));
        assert_eq!(named("Tạm đình chỉ"), Some(13));
        assert_eq!(named("Đình chỉ thi hành án"), Some(9));
        assert_eq!(named("Giảm thi hành án"), Some(10));
        assert_eq!(named("Tỷ lệ (%)"), Some(16));
        assert_eq!(named("Uỷ thác thi hành án"), Some(4));
        assert_eq!(named("Ghi chú"), None);
    }
}
