//! Reports: storing the checked workbooks of an import, keeping the earlier reports as
//! history, checking a workbook against the neighbouring months, and reading back what is
//! stored.

mod cross;
mod current;
mod ids;
mod locked;
mod read;
mod rows;
mod store;
mod sums;
mod totals;

pub use cross::cross_report_warnings;
pub use read::{ReportSnapshot, current_report_count, current_rows, snapshot};
pub use store::{
    Judgement, NewImport, ReceivedFile, StoredImport, judge_files, store_files, store_workbook,
};
pub use sums::write_sums;
pub use totals::write_totals;
