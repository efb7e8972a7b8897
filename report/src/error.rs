//! Why a report could not be made: each in Vietnamese, then in English, for the clerk and for
//! the administrator who runs the command.

use thads_domain::{DomainError, Period};

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The unit is not in the registry.
    #[error(
        "Không có đơn vị mã {0:?} trong danh mục đơn vị. / Unknown unit {0:?}: it is not in the unit registry."
    )]
    UnknownUnit(String),
    /// No office of the unit reported anything for the period.
    #[error(
        "Chưa có báo cáo nào của {unit} cho kỳ {period}. / No reports for {unit} in {period}: no office of it has reported that period."
    )]
    NoReports {
        /// The unit's code.
        unit: String,
        /// The period asked for.
        period: Period,
    },
    /// An office has no offices below it to rank.
    #[error(
        "{0} là đơn vị cấp chi cục/phòng: không có đơn vị trực thuộc để xếp hạng; hãy chọn tỉnh hoặc toàn quốc. / {0} is an office: it has no offices to rank; ask for a province or the nation."
    )]
    OfficeRanking(String),
    /// The wording template cannot be read or used.
    #[error("Mẫu lời văn không dùng được: {0} / The wording template cannot be used: {0}")]
    Template(String),
    /// The CSV could not be written.
    #[error("Không ghi được CSV: {0} / Cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook could not be written (its layout, or the writer).
    #[error("Không ghi được bảng tính xlsx: {0} / Cannot write the xlsx workbook: {0}")]
    Workbook(String),
    /// A domain service failed (e.g. the database).
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<rust_xlsxwriter::XlsxError> for ReportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ReportError::Workbook(e.to_string())
    }
}

impl From<thads_importer::TemplateError> for ReportError {
    fn from(e: thads_importer::TemplateError) -> Self {
        ReportError::Workbook(e.to_string())
    }
}

impl From<sea_orm::DbErr> for ReportError {
    fn from(e: sea_orm::DbErr) -> Self {
        ReportError::Domain(e.into())
    }
}
