//! A gathered report written in the format asked, the same for `thads report` and for
//! `GET /api/report`: the paragraph as UTF-8 text, the ranking as CSV, or the consolidated
//! workbook (.xlsx).

use crate::{Consolidated, ReportError, Template, ranking, text, workbook};
use serde::Deserialize;

/// A format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The consolidated workbook: the unit's Mẫu 01 and Mẫu 02, its offices' ranking, the
    /// reports received.
    Xlsx,
    /// The paragraph in Vietnamese.
    Text,
    /// The offices' ranking.
    Csv,
}

impl Format {
    /// The media type of the written report.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Text => "text/plain; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The file name extension of the written report.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Text => "txt",
            Format::Csv => "csv",
        }
    }
}

/// The report as bytes: the paragraph (ending with a line break, its `lowest` offices in each
/// measure, words from `template`), the ranking, or the workbook.
pub fn render(
    report: &Consolidated,
    format: Format,
    template: &Template,
    lowest: usize,
) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Text => text::summary(report, template, lowest).map(|t| format!("{t}\n").into()),
        Format::Csv => {
            let mut bytes = Vec::new();
            ranking::write_csv(report, &mut bytes)?;
            Ok(bytes)
        }
        Format::Xlsx => workbook::write(report),
    }
}
