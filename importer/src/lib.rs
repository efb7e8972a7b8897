//! Reading and checking THADS statistics workbooks, and the batch import driver.
//!
//! The reading and checking part is pure: [`check_workbook`] takes a file's name and bytes and
//! returns what it recognised, every problem it found and, when there is no error, the checked
//! workbook ready to store. It never panics and never touches a database, so it runs on any
//! number of threads with one shared [`CheckContext`].
//!
//! The way through a file: `open` refuses what is not a workbook, damaged or too large
//! ([`limits`], with the guards in `zipguard`, `odsguard` and `xlsguard`) and reads every sheet
//! into a `Grid`; `formsheet` recognises each form sheet by its header block (`header`,
//! `units`), finds its columns by their printed numbers (`columns`) and its rows by their labels
//! (`rows`), reads every cell (`values`) and checks the figures (`checks`); `check` puts the
//! forms of a workbook together. The layout of each form is data, not code: [`template`].

pub mod batch;
mod check;
mod checks;
mod columns;
mod context;
mod formsheet;
mod grid;
mod header;
pub mod limits;
mod odsguard;
mod open;
mod problems;
mod readers;
mod rows;
pub mod template;
mod text;
mod units;
mod values;
#[cfg(test)]
mod workbook_tests;
mod xlsguard;
mod zipguard;

pub use check::{WorkbookCheck, check_workbook};
pub use context::CheckContext;
pub use open::is_workbook_name;
pub use template::{Template, TemplateError};
