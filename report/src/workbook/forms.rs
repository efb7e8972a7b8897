//! The unit's own Mẫu số 01/TK-THA (cases) and Mẫu số 02/TK-THA (money), in the official
//! layout the importer reads: the header block, two rows of column headings, the
//! column-number row ("A", 1, 2, …), then every row of the form's template in order.
//!
//! Leaf rows hold the sums of the unit's offices as numbers; group and total rows are `SUM`
//! formulas of their children, and the rate a formula of its row, each with its cached value
//! so that a program that does not recalculate (the importer, a viewer) reads the figures.
//! Money is written in whole đồng ("Đơn vị tính: đồng"), so amounts are exact (a cell holds a
//! 64-bit float: every whole number up to 2⁵³ đồng, some 9 million billion). A form no
//! office sent is still written, its cells empty (missing is not zero), with a line that
//! says so, and without its column-number row: the importer reads an empty cell as 0, so a
//! table it could read would be taken for a report of zeros; without the row it refuses the
//! sheet instead. Below the table, the offices missing from the sums are named, then the
//! footer.
//!
//! The columns (number, field, heading) and the rows (code, label, tree) are the importer's
//! template ([`thads_importer::Template`]): what is written is what is read.

use super::layout::{self, Formats};
use crate::consolidated::Consolidated;
use crate::error::ReportError;
use rust_xlsxwriter::{ColNum, Formula, Workbook, Worksheet, XlsxError, column_number_to_name};
use thads_domain::{Field, Form, Outcome};
use thads_importer::Template;
use thads_importer::template::{Column, ColumnKind, Node};

/// The row of the column headings' first line; the second is below it.
const HEADINGS: u32 = 6;
/// The column-number row.
const NUMBER_ROW: u32 = HEADINGS + 2;
/// The first data row.
const FIRST_DATA: u32 = NUMBER_ROW + 1;

/// Width of the label column, in characters.
const LABEL_WIDTH: f64 = 28.0;
/// Width of a numbered column of the cases form.
const CASES_WIDTH: f64 = 9.5;
/// Width of a numbered column of the money form: amounts in đồng, up to tens of thousands of
/// billions with their separators.
const MONEY_WIDTH: f64 = 17.0;
/// Width of the rate column.
const RATE_WIDTH: f64 = 8.0;

/// Headings that span several columns in the first heading line, with the heading the first
/// of them gets in the second line instead of its own.
const SPANS: [(&str, &str, &[Field]); 2] = [
    (
        "Thụ lý",
        "Tổng số",
        &[
            Field::TotalAccepted,
            Field::CarriedOver,
            Field::NewlyAccepted,
        ],
    ),
    (
        "Có điều kiện thi hành",
        "Tổng số",
        &[
            Field::Enforceable,
            Field::Completed,
            Field::Dismissed,
            Field::Reduced,
            Field::InProgress,
            Field::Postponed,
            Field::Suspended,
            Field::Other,
        ],
    ),
];

/// Adds both form sheets, "Mẫu 01" and "Mẫu 02".
pub(crate) fn add(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Consolidated,
) -> Result<(), ReportError> {
    for template in Template::defaults()? {
        let ws = workbook.add_worksheet();
        write(ws, formats, report, &template)?;
    }
    Ok(())
}

/// The sheet's name.
fn sheet_name(form: Form) -> &'static str {
    match form {
        Form::Cases => "Mẫu 01",
        Form::Money => "Mẫu 02",
    }
}

/// The form's title line.
fn title(form: Form) -> &'static str {
    match form {
        Form::Cases => "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG VIỆC",
        Form::Money => "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG TIỀN",
    }
}

fn write(
    ws: &mut Worksheet,
    formats: &Formats,
    report: &Consolidated,
    template: &Template,
) -> Result<(), ReportError> {
    let form = template.form();
    ws.set_name(sheet_name(form))?;
    // A rate of nothing enforceable is blank: an empty cached result, not the default 0.
    ws.set_formula_result_default("");
    let columns = template.columns();
    let last = sheet_col(columns.len());
    header(ws, formats, report, template, last)?;
    let values = row_values(report, template);
    headings(ws, formats, columns, values.is_some())?;
    let rows = template.rows();
    for (i, node) in rows.iter().enumerate() {
        let r = data_row(i);
        let bold = !node.is_leaf();
        let label_format = if bold {
            &formats.label_bold
        } else {
            &formats.label
        };
        ws.write_string_with_format(r, 0, label(rows, i), label_format)?;
        for (j, column) in columns.iter().enumerate() {
            let c = sheet_col(j + 1);
            match &values {
                Some(values) => {
                    let table = Table {
                        rows,
                        columns,
                        values,
                    };
                    value_cell(ws, formats, &table, i, (r, c), column)?;
                }
                None => {
                    ws.write_blank(r, c, &formats.empty)?;
                }
            }
        }
    }
    let below = data_row(rows.len()) + 1;
    let line = missing_line(report, form, values.is_some());
    ws.merge_range(below, 0, below, last, &line, &formats.note)?;
    ws.set_row_height(below, 32)?;
    layout::footer(ws, formats, below + 2, 1.min(last), last.saturating_sub(3))?;
    widths(ws, form, columns)?;
    ws.set_freeze_panes(FIRST_DATA, 1)?;
    layout::print_setup(ws, (HEADINGS, NUMBER_ROW), true)?;
    Ok(())
}

/// The header block: form code and, at the top right, whether the figures are approved or
/// provisional; title, period (label and dates), reporting unit and, on the money form, the
/// unit of money.
fn header(
    ws: &mut Worksheet,
    formats: &Formats,
    report: &Consolidated,
    template: &Template,
    last: ColNum,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, template.name(), &formats.bold)?;
    // Whether the figures are final, at the top right, where a reader looks first.
    let approval = layout::approval_line(report.approved.as_ref());
    ws.merge_range(0, last.saturating_sub(5), 0, last, &approval, &formats.note)?;
    ws.merge_range(1, 0, 1, last, title(template.form()), &formats.title)?;
    let period = report.period;
    ws.merge_range(
        2,
        0,
        2,
        last,
        &layout::period_line(period),
        &formats.centred,
    )?;
    ws.merge_range(3, 0, 3, last, &layout::dates_line(period), &formats.centred)?;
    if let Some(line) = layout::as_of_line(report.as_of) {
        ws.write_string_with_format(5, 0, &line, &formats.note)?;
    }
    let unit = format!("Đơn vị báo cáo: {}", report.unit.name);
    ws.write_string_with_format(4, 0, &unit, &formats.bold)?;
    if template.form() == Form::Money {
        ws.write_string_with_format(
            4,
            last.saturating_sub(2),
            "Đơn vị tính: đồng",
            &formats.bold,
        )?;
    }
    Ok(())
}

/// The two lines of column headings and, for a form that was `reported`, the column-number
/// row (else its cells are left blank; see the module's documentation).
fn headings(
    ws: &mut Worksheet,
    formats: &Formats,
    columns: &[Column],
    reported: bool,
) -> Result<(), XlsxError> {
    let (top, bottom) = (HEADINGS, HEADINGS + 1);
    ws.merge_range(top, 0, bottom, 0, "Loại việc", &formats.heading)?;
    if reported {
        ws.write_string_with_format(NUMBER_ROW, 0, "A", &formats.number_row)?;
    } else {
        ws.write_blank(NUMBER_ROW, 0, &formats.number_row)?;
    }
    let mut spanned = vec![false; columns.len()];
    for (span, first, fields) in SPANS {
        let at: Vec<usize> = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.kind(), ColumnKind::Field(f) if fields.contains(&f)))
            .map(|(j, _)| j)
            .collect();
        let (Some(&start), Some(&end)) = (at.first(), at.last()) else {
            continue;
        };
        if at.len() < 2 || end - start + 1 != at.len() {
            continue;
        }
        ws.merge_range(
            top,
            sheet_col(start + 1),
            top,
            sheet_col(end + 1),
            span,
            &formats.heading,
        )?;
        ws.write_string_with_format(bottom, sheet_col(start + 1), first, &formats.heading)?;
        for (k, j) in at.into_iter().enumerate() {
            spanned[j] = true;
            if k > 0 {
                let heading = columns[j].heading();
                ws.write_string_with_format(bottom, sheet_col(j + 1), heading, &formats.heading)?;
            }
        }
    }
    for (j, column) in columns.iter().enumerate() {
        let c = sheet_col(j + 1);
        if !spanned[j] {
            ws.merge_range(top, c, bottom, c, column.heading(), &formats.heading)?;
        }
        if reported {
            let number = f64::from(column.number());
            ws.write_number_with_format(NUMBER_ROW, c, number, &formats.number_row)?;
        } else {
            ws.write_blank(NUMBER_ROW, c, &formats.number_row)?;
        }
    }
    ws.set_row_height(top, 20)?;
    ws.set_row_height(bottom, 62)?;
    Ok(())
}

/// A reported form's table: the template's rows and columns, and every row's figures.
struct Table<'a> {
    rows: &'a [Node],
    columns: &'a [Column],
    values: &'a [Outcome],
}

/// Writes the cell of the table's row `i` in `column`: a leaf's number, a group's `SUM` of its
/// children, or the row's rate, each formula with its cached value.
fn value_cell(
    ws: &mut Worksheet,
    formats: &Formats,
    table: &Table<'_>,
    i: usize,
    (r, c): (u32, ColNum),
    column: &Column,
) -> Result<(), XlsxError> {
    let (node, outcome, columns) = (&table.rows[i], &table.values[i], table.columns);
    let leaf = node.is_leaf();
    match column.kind() {
        ColumnKind::Field(field) => {
            let value = outcome.get(field);
            let format = if leaf {
                &formats.whole
            } else {
                &formats.whole_bold
            };
            if leaf {
                ws.write_number_with_format(r, c, value as f64, format)?;
            } else {
                let letters = column_number_to_name(c);
                let formula = sum_of_children(node, &letters);
                let formula = Formula::new(formula).set_result(value.to_string());
                ws.write_formula_with_format(r, c, formula, format)?;
            }
        }
        ColumnKind::Rate => {
            let format = if leaf {
                &formats.rate
            } else {
                &formats.rate_bold
            };
            let cell = |field: Field| {
                columns
                    .iter()
                    .position(|col| col.kind() == ColumnKind::Field(field))
                    .map(|j| format!("{}{}", column_number_to_name(sheet_col(j + 1)), r + 1))
            };
            let resolved: Vec<String> = [Field::Completed, Field::Dismissed, Field::Reduced]
                .into_iter()
                .filter_map(cell)
                .collect();
            let Some(enforceable) = cell(Field::Enforceable) else {
                ws.write_blank(r, c, format)?;
                return Ok(());
            };
            let formula = format!(
                "IF({enforceable}=0,\"\",ROUND(({})/{enforceable}*100,2))",
                resolved.join("+")
            );
            let cached = outcome
                .rate()
                .map(|rate| format!("{:.2}", (rate * 100.0).round() / 100.0))
                .unwrap_or_default();
            ws.write_formula_with_format(r, c, Formula::new(formula).set_result(cached), format)?;
        }
    }
    Ok(())
}

/// `SUM` of the children's cells of a column: a range when they are consecutive rows, a list
/// otherwise.
fn sum_of_children(node: &Node, letters: &str) -> String {
    let rows: Vec<u32> = node.children().iter().map(|&k| data_row(k) + 1).collect();
    let consecutive = rows.windows(2).all(|w| w[1] == w[0] + 1);
    match (rows.first(), rows.last()) {
        (Some(first), Some(last)) if consecutive => {
            format!("SUM({letters}{first}:{letters}{last})")
        }
        _ => {
            let cells: Vec<String> = rows.iter().map(|r| format!("{letters}{r}")).collect();
            format!("SUM({})", cells.join(","))
        }
    }
}

/// Every template row's figures, a group's the sum of its leaves; `None` when no office sent
/// the form. A leaf no report has a row for counts nothing: the reports that were sent hold
/// no case of that type.
fn row_values(report: &Consolidated, template: &Template) -> Option<Vec<Outcome>> {
    let form = template.form();
    if !report.case_types.iter().any(|l| l.outcome(form).is_some()) {
        return None;
    }
    let rows = template.rows();
    let mut values: Vec<Outcome> = rows
        .iter()
        .map(|node| {
            let line = report.case_types.iter().find(|l| l.code == node.code());
            match line.and_then(|l| l.outcome(form)) {
                Some(outcome) if node.is_leaf() => *outcome,
                _ => Outcome::default(),
            }
        })
        .collect();
    // Parents come before their children: adding up from the last row reaches every leaf.
    for i in (0..rows.len()).rev() {
        if let Some(parent) = rows[i].parent() {
            let child = values[i];
            values[parent].add(&child);
        }
    }
    Some(values)
}

/// A row's label with its numbering: "Tổng số", "I. Chủ động", "1. Hình sự".
fn label(rows: &[Node], i: usize) -> String {
    let node = &rows[i];
    let Some(parent) = node.parent() else {
        return node.label().to_owned();
    };
    let position = rows[parent]
        .children()
        .iter()
        .position(|&k| k == i)
        .unwrap_or(0)
        + 1;
    let depth = std::iter::successors(Some(i), |&k| rows[k].parent()).count() - 1;
    match depth {
        1 => format!("{}. {}", roman(position), node.label()),
        2 => format!("{position}. {}", node.label()),
        _ => format!("- {}", node.label()),
    }
}

/// A small number in Roman numerals (the groups of a form: I, II, …).
fn roman(n: usize) -> String {
    const NUMERALS: [(usize, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    out
}

/// The line below the table: the offices not in the sums, named; or that none sent the form;
/// or that every expected office did.
fn missing_line(report: &Consolidated, form: Form, reported: bool) -> String {
    if !reported {
        return format!(
            "Chưa có đơn vị nào gửi {} cho kỳ báo cáo này: các ô để trống là chưa có số liệu, \
             không phải số 0.",
            form_name(form)
        );
    }
    let missing: Vec<&str> = report
        .missing
        .iter()
        .filter(|m| m.forms.contains(&form))
        .map(|m| m.office.name.as_str())
        .collect();
    if missing.is_empty() {
        return format!("Đã nhận đủ báo cáo của {} đơn vị.", report.offices_expected);
    }
    format!(
        "Chưa có báo cáo của: {} ({}/{} đơn vị); số liệu trên chưa gồm các đơn vị này.",
        missing.join("; "),
        missing.len(),
        report.offices_expected
    )
}

/// The form's full name, as its header writes it.
fn form_name(form: Form) -> &'static str {
    match form {
        Form::Cases => "Mẫu số 01/TK-THA",
        Form::Money => "Mẫu số 02/TK-THA",
    }
}

/// The column widths: the labels, then the numbered columns (money wider for amounts in
/// đồng, the rate narrower).
fn widths(ws: &mut Worksheet, form: Form, columns: &[Column]) -> Result<(), XlsxError> {
    ws.set_column_width(0, LABEL_WIDTH)?;
    for (j, column) in columns.iter().enumerate() {
        let width = match (column.kind(), form) {
            (ColumnKind::Rate, _) => RATE_WIDTH,
            (_, Form::Cases) => CASES_WIDTH,
            (_, Form::Money) => MONEY_WIDTH,
        };
        ws.set_column_width(sheet_col(j + 1), width)?;
    }
    Ok(())
}

/// The sheet column of the n-th column (0 the labels).
fn sheet_col(n: usize) -> ColNum {
    ColNum::try_from(n).unwrap_or(ColNum::MAX)
}

/// The sheet row of the template's i-th row.
fn data_row(i: usize) -> u32 {
    FIRST_DATA.saturating_add(u32::try_from(i).unwrap_or(u32::MAX - FIRST_DATA))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_of_the_groups() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(2), "II");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
    }

    #[test]
    fn labels_carry_their_numbering() {
        let Ok(templates) = Template::defaults() else {
            panic!("the shipped templates read");
        };
        let rows = templates[0].rows();
        assert_eq!(label(rows, 0), "Tổng số");
        assert_eq!(label(rows, 1), "I. Chủ động");
        assert_eq!(label(rows, 2), "1. Hình sự");
        assert_eq!(label(rows, 9), "8. Khác");
        assert_eq!(label(rows, 10), "II. Theo yêu cầu");
        assert_eq!(label(rows, 18), "8. Khác");
    }
}
