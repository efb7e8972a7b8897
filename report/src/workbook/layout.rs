//! What the sheets of the workbook share: the cell formats (Vietnamese number formats:
//! `#,##0` for whole cases and đồng, `0.00` for rates), the print setup (A4, landscape, one
//! page wide, heading rows repeated on every page), the period lines of a header and the
//! footer with its signature lines.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};
use thads_domain::Period;

/// Excel's paper size code of A4.
const A4: u8 = 9;

/// The number format of whole cases and whole đồng.
pub(crate) const WHOLE: &str = "#,##0";
/// The number format of rates and differences of rates, in percent.
pub(crate) const RATE: &str = "0.00";
/// The format of the day and time a report arrived.
pub(crate) const DATE_TIME: &str = "dd/mm/yyyy hh:mm";

/// The cell formats of the workbook.
pub(crate) struct Formats {
    /// A sheet's title: bold, larger, centred.
    pub title: Format,
    /// A header line, centred.
    pub centred: Format,
    /// A bold line.
    pub bold: Format,
    /// A bold line, centred (signature lines).
    pub bold_centred: Format,
    /// An italic note that wraps.
    pub note: Format,
    /// A column heading: bold, centred, wrapped, boxed.
    pub heading: Format,
    /// A cell of the column-number row.
    pub number_row: Format,
    /// A row label, boxed.
    pub label: Format,
    /// A group or total row's label.
    pub label_bold: Format,
    /// A unit's name in a list, on one line (the column is as wide as the longest names).
    pub name: Format,
    /// A whole number.
    pub whole: Format,
    /// A group or total row's whole number.
    pub whole_bold: Format,
    /// A rate.
    pub rate: Format,
    /// A group or total row's rate.
    pub rate_bold: Format,
    /// An empty boxed cell.
    pub empty: Format,
    /// A day and time.
    pub date_time: Format,
    /// A cell saying a report is missing.
    pub missing: Format,
}

impl Formats {
    /// The formats, made once per workbook.
    pub(crate) fn new() -> Self {
        let boxed = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_align(FormatAlign::Center),
            centred: Format::new().set_align(FormatAlign::Center),
            bold: Format::new().set_bold(),
            bold_centred: Format::new().set_bold().set_align(FormatAlign::Center),
            note: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            heading: boxed
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            number_row: boxed.clone().set_italic().set_align(FormatAlign::Center),
            label: boxed.clone().set_text_wrap(),
            label_bold: boxed.clone().set_bold().set_text_wrap(),
            name: boxed.clone(),
            whole: boxed.clone().set_num_format(WHOLE),
            whole_bold: boxed.clone().set_bold().set_num_format(WHOLE),
            rate: boxed.clone().set_num_format(RATE),
            rate_bold: boxed.clone().set_bold().set_num_format(RATE),
            empty: boxed.clone(),
            date_time: boxed
                .clone()
                .set_num_format(DATE_TIME)
                .set_align(FormatAlign::Center),
            missing: boxed.set_italic().set_align(FormatAlign::Center),
        }
    }
}

/// Prints a sheet on A4 in landscape, centred, one page wide (and one page tall when
/// `one_page`), repeating `headings` (first and last row) on every page.
pub(crate) fn print_setup(
    ws: &mut Worksheet,
    headings: (u32, u32),
    one_page: bool,
) -> Result<(), XlsxError> {
    ws.set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, u16::from(one_page))
        .set_print_center_horizontally(true)
        .set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_repeat_rows(headings.0, headings.1)?;
    Ok(())
}

/// "Kỳ báo cáo: 9 tháng năm 2020".
pub(crate) fn period_line(period: Period) -> String {
    format!("Kỳ báo cáo: {}", period.label())
}

/// "(Từ ngày 01/10/2019 đến ngày 30/6/2020)", as the official forms write the dates.
pub(crate) fn dates_line(period: Period) -> String {
    format!(
        "(Từ ngày {} đến ngày {})",
        date(period.start()),
        date(period.end())
    )
}

/// "Số liệu quy về các đơn vị ngày 01/7/2025", when the figures are mapped onto the units of
/// another day than the period's last.
pub(crate) fn as_of_line(as_of: Option<chrono::NaiveDate>) -> Option<String> {
    as_of.map(|day| format!("Số liệu quy về các đơn vị ngày {}", date(day)))
}

/// The line that says whether the figures are final: "Số liệu đã được duyệt ngày 02/12/2026"
/// (the day in Vietnam) or "Số liệu tạm tính (chưa duyệt)".
pub(crate) fn approval_line(approved: Option<&crate::consolidated::Approval>) -> String {
    match approved {
        Some(a) => format!(
            "Số liệu đã được duyệt ngày {}",
            thads_domain::period::vietnam_date(a.at).format("%d/%m/%Y")
        ),
        None => "Số liệu tạm tính (chưa duyệt)".to_owned(),
    }
}

/// A date as the forms write it: "01/10/2019", "30/6/2020".
fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:02}/{}/{}", d.day(), d.month(), d.year())
}

/// Writes the footer from row `row`: the place and date line left for the signer, then
/// "Người lập biểu" at `left` and "Thủ trưởng đơn vị" at `right`, each with the words a
/// signature line carries. The importer ignores it: no cell of it holds a number.
pub(crate) fn footer(
    ws: &mut Worksheet,
    formats: &Formats,
    row: u32,
    left: u16,
    right: u16,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        row,
        right,
        "……………, ngày …… tháng …… năm ……",
        &formats.centred,
    )?;
    ws.write_string_with_format(row + 1, left, "NGƯỜI LẬP BIỂU", &formats.bold_centred)?;
    ws.write_string_with_format(row + 1, right, "THỦ TRƯỞNG ĐƠN VỊ", &formats.bold_centred)?;
    ws.write_string_with_format(row + 2, left, "(Ký, ghi rõ họ tên)", &formats.centred)?;
    ws.write_string_with_format(
        row + 2,
        right,
        "(Ký tên, đóng dấu, ghi rõ họ tên)",
        &formats.centred,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_as_the_forms_write_it() {
        let Ok(period) = Period::new(2020, 9) else {
            panic!("9 months of 2020 is a period");
        };
        assert_eq!(period_line(period), "Kỳ báo cáo: 9 tháng năm 2020");
        assert_eq!(
            dates_line(period),
            "(Từ ngày 01/10/2019 đến ngày 30/6/2020)"
        );
    }
}
