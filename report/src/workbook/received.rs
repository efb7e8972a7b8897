//! The sheet "Tình hình nhận báo cáo": every office expected to report for the period, by
//! code, and for each form the day and time its current report arrived (Vietnam time,
//! UTC+7), or "Chưa gửi". A missing office is named, never left out.

use super::layout::{self, Formats};
use crate::consolidated::Consolidated;
use crate::error::ReportError;
use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use rust_xlsxwriter::{ExcelDateTime, Workbook, XlsxError};
use thads_domain::Form;

/// The sheet's name.
pub(crate) const NAME: &str = "Tình hình nhận báo cáo";

/// Vietnam's offset from UTC, in seconds (no daylight saving).
const VIETNAM: i32 = 7 * 3600;

/// The heading row.
const HEADINGS: u32 = 3;

/// Adds the sheet.
pub(crate) fn add(
    workbook: &mut Workbook,
    formats: &Formats,
    report: &Consolidated,
) -> Result<(), ReportError> {
    let ws = workbook.add_worksheet();
    ws.set_name(NAME)?;
    let last = 4;
    ws.merge_range(0, 0, 0, last, "TÌNH HÌNH NHẬN BÁO CÁO", &formats.title)?;
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
    let headings = [
        "STT",
        "Mã đơn vị",
        "Đơn vị",
        "Báo cáo về việc: thời điểm nhận (giờ Việt Nam)",
        "Báo cáo về tiền: thời điểm nhận (giờ Việt Nam)",
    ];
    for (c, heading) in (0..).zip(headings) {
        ws.write_string_with_format(HEADINGS, c, heading, &formats.heading)?;
    }
    ws.set_row_height(HEADINGS, 48)?;
    let mut r = HEADINGS;
    for (k, receipt) in report.received.iter().enumerate() {
        r += 1;
        ws.write_number_with_format(r, 0, (k + 1) as f64, &formats.whole)?;
        ws.write_string_with_format(r, 1, &receipt.office.code, &formats.name)?;
        ws.write_string_with_format(r, 2, &receipt.office.name, &formats.name)?;
        for (c, form) in (3..).zip(Form::ALL) {
            match receipt.of(form) {
                Some(at) => {
                    ws.write_datetime_with_format(r, c, local(at)?, &formats.date_time)?;
                }
                None => {
                    ws.write_string_with_format(r, c, "Chưa gửi", &formats.missing)?;
                }
            }
        }
    }
    let complete = report
        .received
        .iter()
        .filter(|o| Form::ALL.iter().all(|&f| o.of(f).is_some()))
        .count();
    let summary = format!(
        "{complete}/{} đơn vị đã gửi đủ hai báo cáo; {} đơn vị chưa gửi đủ.",
        report.received.len(),
        report.received.len() - complete
    );
    ws.merge_range(r + 2, 0, r + 2, last, &summary, &formats.note)?;
    for (c, width) in (0..).zip([5.0, 16.0, 44.0, 24.0, 24.0]) {
        ws.set_column_width(c, width)?;
    }
    ws.set_freeze_panes(HEADINGS + 1, 0)?;
    layout::print_setup(ws, (HEADINGS, HEADINGS), false)?;
    Ok(())
}

/// The moment in Vietnam time, as a spreadsheet date and time (to the second).
fn local(at: DateTime<Utc>) -> Result<ExcelDateTime, XlsxError> {
    let offset = FixedOffset::east_opt(VIETNAM).ok_or(XlsxError::DateTimeRangeError(
        "the offset of Vietnam time".to_owned(),
    ))?;
    let t = at.with_timezone(&offset);
    let year = u16::try_from(t.year())
        .map_err(|_| XlsxError::DateTimeRangeError(format!("year {}", t.year())))?;
    // Months, days, hours, minutes and seconds always fit their types.
    ExcelDateTime::from_ymd(year, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}
