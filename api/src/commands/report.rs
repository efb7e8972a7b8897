//! `thads report`: a unit's consolidated report for a period, as the province's paragraph
//! (`text`) or the offices' ranking (`csv`), on stdout or into `--out`, or as the consolidated
//! workbook (`xlsx`), into `--out` only: a workbook on stdout would be binary noise in a
//! terminal, so asking for it without `--out` is a usage error.
//!
//! Bad input ends with a message in Vietnamese and English on stderr and its own exit code,
//! never with an empty file: the output is written only once the whole report is made.

use super::{CommandError, open};
use crate::cli::{EXIT_NO_REPORTS, EXIT_OK, EXIT_UNKNOWN_UNIT, EXIT_USAGE};
use chrono::NaiveDate;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_domain::{DomainError, Period};
use thads_report::{Consolidated, Format, ReportError, Template, render};

/// What `thads report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The consolidated workbook (needs --out): the unit's Mẫu 01 and Mẫu 02, its offices'
    /// ranking, the reports received.
    Xlsx,
    /// The province's paragraph in Vietnamese (UTF-8).
    Text,
    /// The offices' ranking, one row per office.
    Csv,
}

/// What `thads report` was asked.
#[derive(Debug)]
pub struct ReportRequest {
    /// The unit's code.
    pub unit: String,
    /// The enforcement year.
    pub year: i64,
    /// Months since 1 October.
    pub months: i64,
    /// The format asked for; else the one `out`'s extension names; else text.
    pub format: Option<ReportFormat>,
    /// The file to write; else stdout.
    pub out: Option<PathBuf>,
    /// The day whose units the figures are mapped onto.
    pub as_of: Option<NaiveDate>,
    /// How many offices with the lowest rates the text names, in each measure.
    pub lowest: usize,
    /// A wording template replacing the built-in one (text only).
    pub template: Option<PathBuf>,
}

/// Makes the report and writes it; returns the exit code.
pub async fn run(
    url: &str,
    request: ReportRequest,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let format = request
        .format
        .or_else(|| request.out.as_deref().and_then(format_of))
        .unwrap_or(ReportFormat::Text);
    if format == ReportFormat::Xlsx && request.out.is_none() {
        writeln!(
            err,
            "error: Báo cáo dạng xlsx là tệp bảng tính, không ghi ra màn hình: hãy chỉ ra tệp \
             cần ghi bằng --out FILE.xlsx. / The xlsx report is a workbook and is not written \
             to stdout: name the file to write with --out FILE.xlsx."
        )?;
        return Ok(EXIT_USAGE);
    }
    let period = match Period::new(request.year, request.months) {
        Ok(period) => period,
        Err(e) => {
            writeln!(err, "Kỳ báo cáo không hợp lệ / invalid period: {e}")?;
            return Ok(EXIT_USAGE);
        }
    };
    let template = match (format, &request.template) {
        (ReportFormat::Text, Some(path)) => Template::from_file(path),
        _ => Template::built_in(),
    };
    let template = match template {
        Ok(template) => template,
        Err(e) => return refuse(&e, err),
    };
    let db = open(url).await?;
    let units = UnitTree::load(&db).await.map_err(DomainError::from)?;
    let cases = CaseTree::load(&db).await.map_err(DomainError::from)?;
    let gathered =
        Consolidated::gather(&db, &units, &cases, &request.unit, period, request.as_of).await;
    let written =
        gathered.and_then(|report| render(&report, format.into(), &template, request.lowest));
    let bytes = match written {
        Ok(bytes) => bytes,
        Err(e) => return refuse(&e, err),
    };
    match &request.out {
        Some(path) => std::fs::write(path, bytes).map_err(|source| CommandError::Write {
            path: path.display().to_string(),
            source,
        })?,
        None => out.write_all(&bytes)?,
    }
    Ok(EXIT_OK)
}

impl From<ReportFormat> for Format {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Xlsx => Format::Xlsx,
            ReportFormat::Text => Format::Text,
            ReportFormat::Csv => Format::Csv,
        }
    }
}

/// The format a file's extension names.
fn format_of(path: &Path) -> Option<ReportFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "xlsx" => Some(ReportFormat::Xlsx),
        "csv" => Some(ReportFormat::Csv),
        "txt" => Some(ReportFormat::Text),
        _ => None,
    }
}

/// Says why no report was made; returns its exit code.
fn refuse(e: &ReportError, err: &mut (dyn Write + Send)) -> Result<u8, CommandError> {
    writeln!(err, "error: {e}")?;
    Ok(match e {
        ReportError::UnknownUnit(_) => EXIT_UNKNOWN_UNIT,
        ReportError::NoReports { .. } => EXIT_NO_REPORTS,
        ReportError::OfficeRanking(_)
        | ReportError::Template(_)
        | ReportError::Csv(_)
        | ReportError::Workbook(_)
        | ReportError::Domain(_) => EXIT_USAGE,
    })
}
