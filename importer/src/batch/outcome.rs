//! What the batch did with each file, and the totals.

use super::collect::Skipped;
use serde::Serialize;
use std::path::{Path, PathBuf};
use thads_domain::problem::ProblemJson;
use thads_domain::{Form, ImportStatus, Lang, Period, Problem};

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Stored: no earlier report of its office, period and forms.
    Imported,
    /// Stored; the earlier report stays as history.
    Replaced,
    /// The same content was already current.
    Unchanged,
    /// Refused for errors; nothing but its import record was stored.
    Rejected,
    /// Not a workbook, or a lock file, found inside a folder.
    Skipped,
    /// A consolidated report of a unit above the offices, in a dry run: every value equals the
    /// sum of the stored reports of its offices.
    Consistent,
    /// A consolidated report, in a dry run, with cells that differ from the sum of the stored
    /// reports of its offices (each named among the problems).
    Inconsistent,
}

impl From<ImportStatus> for FileStatus {
    fn from(status: ImportStatus) -> Self {
        match status {
            ImportStatus::Imported => FileStatus::Imported,
            ImportStatus::Replaced => FileStatus::Replaced,
            ImportStatus::Unchanged => FileStatus::Unchanged,
            ImportStatus::Rejected => FileStatus::Rejected,
        }
    }
}

impl FileStatus {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Imported => "imported",
            FileStatus::Replaced => "replaced",
            FileStatus::Unchanged => "unchanged",
            FileStatus::Rejected => "rejected",
            FileStatus::Skipped => "skipped",
            FileStatus::Consistent => "consistent",
            FileStatus::Inconsistent => "inconsistent",
        }
    }
}

/// The outcome of one form of a workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormOutcome {
    /// The form.
    pub form: Form,
    /// What happened to its report.
    pub status: ImportStatus,
}

/// The period as printed in output: both parts and the label clerks know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct PeriodOut {
    year: i32,
    months: u8,
    label: String,
}

/// The outcome of one file, as `thads import --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileOutcome {
    /// The file as named or found.
    pub path: PathBuf,
    /// What happened to it.
    pub status: FileStatus,
    /// The reporting office's code, when recognised.
    pub unit: Option<String>,
    /// The period, when recognised.
    #[serde(serialize_with = "period_out")]
    pub period: Option<Period>,
    /// Each form found and what happened to it.
    pub forms: Vec<FormOutcome>,
    /// Every error and warning, with its place; written with their messages in a language by
    /// [`FileOutcome::to_json`].
    #[serde(skip_serializing)]
    pub problems: Vec<Problem>,
    /// The import record written, if any (none in a dry run or for skipped files).
    pub import_id: Option<i32>,
    /// Why a skipped file was passed over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A file's outcome as JSON output writes it, the problems in a language.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeJson<'a> {
    path: &'a Path,
    status: FileStatus,
    unit: Option<&'a str>,
    #[serde(serialize_with = "period_out")]
    period: Option<Period>,
    forms: &'a [FormOutcome],
    problems: Vec<ProblemJson<'a>>,
    import_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

fn period_out<S: serde::Serializer>(p: &Option<Period>, s: S) -> Result<S::Ok, S::Error> {
    p.map(|p| PeriodOut {
        year: p.year(),
        months: p.months(),
        label: p.label(),
    })
    .serialize(s)
}

impl FileOutcome {
    /// The outcome as `thads import --format json` prints it and `POST /api/imports` answers
    /// it: every problem with its code, place, `message` in `lang` and `messages` in both
    /// languages.
    pub fn to_json(&self, lang: Lang) -> OutcomeJson<'_> {
        OutcomeJson {
            path: &self.path,
            status: self.status,
            unit: self.unit.as_deref(),
            period: self.period,
            forms: &self.forms,
            problems: self.problems.iter().map(|p| p.to_json(lang)).collect(),
            import_id: self.import_id,
            reason: self.reason.as_deref(),
        }
    }

    /// The outcome of a file passed over.
    pub fn skipped(skipped: &Skipped) -> Self {
        Self {
            path: skipped.path.clone(),
            status: FileStatus::Skipped,
            unit: None,
            period: None,
            forms: Vec::new(),
            problems: Vec::new(),
            import_id: None,
            reason: Some(skipped.reason.clone()),
        }
    }
}

/// How many files ended each way.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Newly stored.
    pub imported: usize,
    /// Stored, replacing an earlier report.
    pub replaced: usize,
    /// Already there.
    pub unchanged: usize,
    /// Refused.
    pub rejected: usize,
    /// Passed over inside folders.
    pub skipped: usize,
    /// Consolidated reports equal to the sum of their offices' (dry run).
    pub consistent: usize,
    /// Consolidated reports that differ from it (dry run).
    pub inconsistent: usize,
    /// Warnings over all files.
    pub warnings: usize,
}

impl Summary {
    /// Counts one file.
    pub fn count(&mut self, outcome: &FileOutcome) {
        match outcome.status {
            FileStatus::Imported => self.imported += 1,
            FileStatus::Replaced => self.replaced += 1,
            FileStatus::Unchanged => self.unchanged += 1,
            FileStatus::Rejected => self.rejected += 1,
            FileStatus::Skipped => self.skipped += 1,
            FileStatus::Consistent => self.consistent += 1,
            FileStatus::Inconsistent => self.inconsistent += 1,
        }
        self.warnings += outcome.problems.iter().filter(|p| !p.is_error()).count();
    }

    /// Files read (all but the skipped).
    pub fn files(&self) -> usize {
        self.imported
            + self.replaced
            + self.unchanged
            + self.rejected
            + self.consistent
            + self.inconsistent
    }

    /// Whether any file was refused or, reconciled, differs: `thads import` then exits 1.
    pub fn failed(&self) -> bool {
        self.rejected > 0 || self.inconsistent > 0
    }
}
