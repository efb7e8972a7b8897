//! The sheet "Xếp hạng": one row per office of the unit, by rank in cases (offices without a
//! rate last), then by code, with both measures' enforceable, resolved, rate, target, gap to
//! the target, the rate of the same months of the year before, the change and the rank; the
//! unit's whole row at the bottom. A value no report gives is an empty cell (missing is not
//! zero). Only units above the offices have it: an office has nothing to rank.

use super::layout::{self, Formats};
use crate::consolidated::{Consolidated, Figures, Measure, OfficeLine};
use crate::error::ReportError;
use rust_xlsxwriter::{ColNum, Format, Workbook, Worksheet, XlsxError};
use thads_domain::Form;

/// The sheet's name.
pub(crate) const NAME: &str = "Xếp hạng";

/// The first line of headings; the second is below it.
const HEADINGS: u32 = 4;
/// The first office's row.
const FIRST: u32 = HEADINGS + 2;

/// The headings of one measure's columns, in order.
const MEASURE_HEADINGS: [&str; 8] = [
    "Có điều kiện thi hành",
    "Thi hành xong",
    "Tỷ lệ (%)",
    "Chỉ tiêu (%)",
    "Còn thiếu so với chỉ tiêu (điểm %)",
    "Tỷ lệ cùng kỳ năm trước (%)",
    "Tăng (+), giảm (−) so với cùng kỳ (điểm %)",
    "Xếp hạng",
];

/// The first column of a measure's block.
fn block(form: Form) -> ColNum {
    match form {
        Form::Cases => 2,
        Form::Money => 2 + 8,
    }
}

/// Adds the sheet, for a unit above the offices.
pub(crate) fn add(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Consolidated,
) -> Result<(), ReportError> {
    let offices = report.ranking()?;
    let ws = workbook.add_worksheet();
    ws.set_name(NAME)?;
    let last = block(Form::Money) + 7;
    ws.merge_range(
        0,
        0,
        0,
        last,
        "XẾP HẠNG KẾT QUẢ THI HÀNH ÁN DÂN SỰ CỦA CÁC ĐƠN VỊ",
        &formats.title,
    )?;
    let mut subtitle = format!(
        "{} – {} {}",
        report.unit.name,
        layout::period_line(report.period),
        layout::dates_line(report.period)
    );
    if let Some(line) = layout::as_of_line(report.as_of) {
        subtitle = format!("{subtitle}; {}", line.to_lowercase());
    }
    ws.merge_range(1, 0, 1, last, &subtitle, &formats.centred)?;
    ws.merge_range(
        2,
        0,
        2,
        last,
        "Thi hành xong gồm thi hành xong và đình chỉ thi hành án (về tiền: cả giảm thi hành án); \
         tỷ lệ = thi hành xong ÷ có điều kiện thi hành. Về tiền: đồng.",
        &formats.note,
    )?;
    headings(ws, formats)?;
    for (k, line) in ordered(offices).into_iter().enumerate() {
        let r = FIRST + u32::try_from(k).unwrap_or(u32::MAX - FIRST);
        office_row(ws, formats, r, k, line)?;
    }
    let total = FIRST + u32::try_from(offices.len()).unwrap_or(u32::MAX - FIRST);
    ws.merge_range(total, 0, total, 1, &report.unit.name, &formats.whole_bold)?;
    figures(ws, formats, total, &report.whole, None, true)?;
    ws.set_column_width(0, 5)?;
    ws.set_column_width(1, 44)?;
    for form in Form::ALL {
        for k in 0..8 {
            let width = match (k, form) {
                (0 | 1, Form::Money) => 17.0,
                (0 | 1, Form::Cases) => 10.0,
                (7, _) => 8.0,
                _ => 10.0,
            };
            ws.set_column_width(block(form) + k, width)?;
        }
    }
    ws.set_freeze_panes(FIRST, 2)?;
    layout::print_setup(ws, (HEADINGS, HEADINGS + 1), false)?;
    Ok(())
}

/// The offices by rank in cases (those without a rate last), then by code.
fn ordered(offices: &[OfficeLine]) -> Vec<&OfficeLine> {
    let mut lines: Vec<&OfficeLine> = offices.iter().collect();
    lines.sort_by(|a, b| {
        let rank = |l: &OfficeLine| l.rank_cases.unwrap_or(u32::MAX);
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.office.code.cmp(&b.office.code))
    });
    lines
}

fn headings(ws: &mut Worksheet, formats: &Formats) -> Result<(), XlsxError> {
    let (top, bottom) = (HEADINGS, HEADINGS + 1);
    ws.merge_range(top, 0, bottom, 0, "STT", &formats.heading)?;
    ws.merge_range(top, 1, bottom, 1, "Đơn vị", &formats.heading)?;
    for (form, title) in [(Form::Cases, "Về việc"), (Form::Money, "Về tiền (đồng)")] {
        let first = block(form);
        ws.merge_range(top, first, top, first + 7, title, &formats.heading)?;
        for (k, heading) in (0..).zip(MEASURE_HEADINGS) {
            ws.write_string_with_format(bottom, first + k, heading, &formats.heading)?;
        }
    }
    ws.set_row_height(bottom, 62)?;
    Ok(())
}

fn office_row(
    ws: &mut Worksheet,
    formats: &Formats,
    r: u32,
    k: usize,
    line: &OfficeLine,
) -> Result<(), XlsxError> {
    ws.write_number_with_format(r, 0, (k + 1) as f64, &formats.whole)?;
    ws.write_string_with_format(r, 1, &line.office.name, &formats.name)?;
    figures(
        ws,
        formats,
        r,
        &line.figures,
        Some((line.rank_cases, line.rank_money)),
        false,
    )
}

/// Both measures' cells of a row; ranks when an office's.
fn figures(
    ws: &mut Worksheet,
    formats: &Formats,
    r: u32,
    figures: &Figures,
    ranks: Option<(Option<u32>, Option<u32>)>,
    bold: bool,
) -> Result<(), XlsxError> {
    let (whole, rate) = if bold {
        (&formats.whole_bold, &formats.rate_bold)
    } else {
        (&formats.whole, &formats.rate)
    };
    for form in Form::ALL {
        let first = block(form);
        let m: &Measure = figures.measure(form);
        let amounts = [m.enforceable, m.resolved];
        for (k, value) in (0..).zip(amounts) {
            number(ws, r, first + k, value.map(|v| v as f64), whole, formats)?;
        }
        let rates = [m.rate, m.target, m.gap, m.previous_rate, m.change];
        for (k, value) in (2..).zip(rates) {
            number(ws, r, first + k, value, rate, formats)?;
        }
        let rank = ranks.and_then(|(cases, money)| match form {
            Form::Cases => cases,
            Form::Money => money,
        });
        number(ws, r, first + 7, rank.map(f64::from), whole, formats)?;
    }
    Ok(())
}

/// A number, or an empty boxed cell.
fn number(
    ws: &mut Worksheet,
    r: u32,
    c: ColNum,
    value: Option<f64>,
    format: &Format,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => ws.write_number_with_format(r, c, v, format)?,
        None => ws.write_blank(r, c, &formats.empty)?,
    };
    Ok(())
}
