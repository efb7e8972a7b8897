//! The consolidated workbook (`--format xlsx`): what a provincial department files and prints
//! for a period, written from a gathered [`Consolidated`] with rust_xlsxwriter.
//!
//! Its sheets, in order:
//! - "Mẫu 01" and "Mẫu 02": the unit's own Mẫu số 01/TK-THA and 02/TK-THA in the official
//!   layout, the sums of its offices ([`forms`]);
//! - "Xếp hạng": its offices ranked, for a unit above the offices only ([`ranking`]);
//! - "Tình hình nhận báo cáo": when each expected office's reports arrived ([`received`]).
//!
//! Every sheet prints on A4 in landscape, one page wide (a form sheet on one page), with its
//! headings frozen on screen and repeated on every printed page ([`layout`]).

pub mod forms;
pub mod layout;
pub mod ranking;
pub mod received;

use crate::consolidated::Consolidated;
use crate::error::ReportError;
use rust_xlsxwriter::Workbook;
use thads_domain::UnitLevel;

/// The workbook's bytes (.xlsx).
pub fn write(report: &Consolidated) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    let formats = layout::Formats::new();
    forms::add(&mut workbook, &formats, report)?;
    if report.level != UnitLevel::Office {
        ranking::add(&mut workbook, &formats, report)?;
    }
    received::add(&mut workbook, &formats, report)?;
    Ok(workbook.save_to_buffer()?)
}
