//! The consolidated report of a unit (issue 11): its figures gathered once from the
//! statistics services ([`Consolidated`]), written as the province's paragraph in Vietnamese
//! ([`text::summary`], words from a [`Template`]), as the offices' ranking in CSV
//! ([`ranking::write_csv`]) or as the consolidated workbook ([`workbook::write`]: the unit's
//! Mẫu 01 and Mẫu 02, the ranking, the reports received), one chosen by [`render`].
//! Numbers are written in Vietnamese notation by [`notation`]; offices are named by
//! [`names::short_name`].

pub mod consolidated;
pub mod error;
pub mod names;
pub mod ranking;
pub mod render;
pub mod template;
pub mod text;
pub mod workbook;

pub use consolidated::Consolidated;
pub use error::ReportError;
pub use render::{Format, render};
pub use template::Template;
/// Vietnamese number notation, shared with the problems' messages.
pub use thads_domain::notation;
