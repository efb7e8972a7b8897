//! The batch driver: files and folders in, checked workbooks stored, one outcome per file out.
//!
//! Reading and checking are pure and run in parallel on every core; storing is serial, one
//! transaction per workbook, in the order of the paths. Files flow through in small chunks so
//! that memory stays flat however many files a batch holds. A consolidated report of a unit
//! above the offices is never stored: a dry run reconciles it with the stored reports.

mod collect;
mod outcome;
mod reconcile;
mod run;

pub use collect::{Collected, Skipped, collect_paths};
pub use outcome::{FileOutcome, FileStatus, FormOutcome, OutcomeJson, Summary};
pub use run::{BatchError, ImportOptions, Upload, import_files, import_paths, import_uploads};
