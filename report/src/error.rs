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
    /// The workbook is asked for, and not written yet.
    #[error(
        "Báo cáo dạng xlsx chưa có; hãy dùng định dạng text hoặc csv. / The xlsx report is not yet available: use the text or csv format."
    )]
    NotAvailable,
    /// The wording template cannot be read or used.
    #[error("Mẫu lời văn không dùng được: {0} / The wording template cannot be used: {0}")]
    Template(String),
    /// The CSV could not be written.
    #[error("Không ghi được CSV: {0} / Cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A domain service failed (e.g. the database).
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<sea_orm::DbErr> for ReportError {
    fn from(e: sea_orm::DbErr) -> Self {
        ReportError::Domain(e.into())
    }
}
