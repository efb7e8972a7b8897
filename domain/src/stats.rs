//! Statistics requests and answers: what the `stats`, `series`, `completeness` and `imports`
//! services compute, independent of GraphQL.

use crate::access::Sender;
use crate::form::Form;
use crate::outcome::{Field, Outcome};
use crate::period::Period;
use crate::problem::Problem;
use crate::report::ImportStatus;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// A dimension to group statistics by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Each reporting office.
    Office,
    /// Each province (the offices below it added up).
    Province,
    /// Each leaf case type.
    CaseType,
    /// Each case group (`active`, `on_request`).
    CaseGroup,
}

/// Which units and case types to count. Codes at any level; a node means its whole subtree;
/// empty means everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsFilter {
    /// Unit codes.
    pub units: Vec<String>,
    /// Case type codes.
    pub case_types: Vec<String>,
}

/// A value rows can be ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortField {
    /// Completion rate in cases.
    CasesRate,
    /// Completion rate in money.
    MoneyRate,
    /// Enforceable cases.
    CasesEnforceable,
    /// Enforceable money.
    MoneyEnforceable,
    /// Resolved cases.
    CasesResolved,
    /// Resolved money.
    MoneyResolved,
}

/// One ordering key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    /// The value.
    pub field: SortField,
    /// Largest first.
    pub descending: bool,
}

/// A `stats` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsQuery {
    /// The period (cumulative since 1 October).
    pub period: Period,
    /// What to count.
    pub filter: StatsFilter,
    /// How to group; empty gives one row.
    pub group_by: Vec<Dimension>,
    /// How to order; ties are broken by unit code, then case type code.
    pub order_by: Vec<SortKey>,
    /// At most this many rows.
    pub limit: Option<usize>,
    /// Whether to compute the same months of the year before ([`Measured::previous_year`]);
    /// without it only the period's year is read and that is always `None`.
    pub previous_year: bool,
    /// The day whose units the rows are: every figure counts for the unit standing for its
    /// office that day. `None`: the period's last day (the figures as reported).
    pub as_of: Option<NaiveDate>,
}

/// A `series` request: an enforcement year month by month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesQuery {
    /// The enforcement year.
    pub year: i32,
    /// What to count.
    pub filter: StatsFilter,
    /// How to group within each month; empty gives one row per month.
    pub group_by: Vec<Dimension>,
    /// Whether to compute the same month of the year before ([`Measured::previous_year`]);
    /// without it only `year` is read and that is always `None`.
    pub previous_year: bool,
    /// The day whose units the rows are, in every month. `None`: the year's last day.
    pub as_of: Option<NaiveDate>,
}

/// The figures of one measure (cases or money) for one row.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The sums over the row's reports; `None` when no office of the row reported this form
    /// (missing is not zero).
    pub values: Option<Outcome>,
    /// How many offices' reports the sums hold.
    pub offices_reported: u32,
    /// The yearly target rate in percent that applies to the row's unit, inherited down the
    /// unit tree; `None` when none is set.
    pub target: Option<f64>,
    /// In a series: the figures of this month alone (this report minus the previous month's),
    /// when both months are known for the same offices.
    pub month_alone: Option<Outcome>,
    /// The same months of the previous enforcement year ("cùng kỳ"), when the request asked
    /// for it and that year has reports for the row.
    pub previous_year: Option<Box<Measured>>,
}

impl Measured {
    /// The sum of one field, if anything was reported.
    pub fn get(&self, field: Field) -> Option<i64> {
        self.values.map(|v| v.get(field))
    }

    /// Resolved: completed + dismissed (+ reduced).
    pub fn resolved(&self) -> Option<i64> {
        self.values.map(|v| v.resolved())
    }

    /// Σ resolved / Σ enforceable × 100; `None` when nothing is enforceable or nothing reported.
    pub fn rate(&self) -> Option<f64> {
        self.values.and_then(|v| v.rate())
    }

    /// Target − rate, in percentage points.
    pub fn gap_to_target(&self) -> Option<f64> {
        Some(self.target? - self.rate()?)
    }

    /// The target pro rata for the months elapsed ("tiến độ"): target × months / 12.
    pub fn prorated_target(&self, period: Period) -> Option<f64> {
        self.target.map(|t| t * f64::from(period.months()) / 12.0)
    }
}

/// One row of statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsRow {
    /// The office's or province's code, when grouped by one of them.
    pub unit: Option<String>,
    /// The case type's or group's code, when grouped by one of them.
    pub case_type: Option<String>,
    /// The period of the figures.
    pub period: Period,
    /// How many offices were expected to report for this row.
    pub offices_expected: u32,
    /// Those offices, by id: the row's offices in force on the period's last day (whether its
    /// figures are approved is whether every one of them is locked for the period).
    pub offices: Arc<[i32]>,
    /// In cases.
    pub cases: Measured,
    /// In money (đồng).
    pub money: Measured,
}

impl StatsRow {
    /// The figures of one measure.
    pub fn measure(&self, form: Form) -> &Measured {
        match form {
            Form::Cases => &self.cases,
            Form::Money => &self.money,
        }
    }
}

/// Whether one office sent one form for one period, and from which import.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportStatus {
    /// The office's code.
    pub unit: String,
    /// The form.
    pub form: Form,
    /// The period.
    pub period: Period,
    /// The current report, if one was received.
    pub received: Option<Received>,
    /// When the first report of this office, period and form arrived (the current one, or an
    /// earlier one it replaced): what the deadline is judged by, so that a correction sent
    /// later does not make an office late.
    pub first_received: Option<DateTime<Utc>>,
    /// When the report is due (the office's due day in the month after the period); `None`
    /// when no unit above the office sets a due day.
    pub due: Option<NaiveDate>,
}

/// Whether a report arrived by its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    /// It arrived on or before the day it was due (Vietnamese days).
    OnTime,
    /// It arrived this many days after the day it was due.
    Late(i64),
    /// It has not arrived, and is not due yet.
    Pending,
    /// It has not arrived, and was due this many days ago.
    Overdue(i64),
}

impl ReportStatus {
    /// How the report stands against its deadline on `today` (a Vietnamese day); `None` when
    /// no deadline applies.
    pub fn timeliness(&self, today: NaiveDate) -> Option<Timeliness> {
        let due = self.due?;
        Some(match self.first_received {
            Some(at) => {
                let late = (crate::period::vietnam_date(at) - due).num_days();
                if late > 0 {
                    Timeliness::Late(late)
                } else {
                    Timeliness::OnTime
                }
            }
            None if today > due => Timeliness::Overdue((today - due).num_days()),
            None => Timeliness::Pending,
        })
    }
}

/// Where a current report came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// When it was stored.
    pub at: DateTime<Utc>,
    /// The import that brought it.
    pub import_id: i32,
    /// The file's own name, without any folder.
    pub file_name: String,
    /// Who sent it.
    pub source: String,
}

/// A page of the import history.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportQuery {
    /// Only imports of offices in this unit's subtree.
    pub unit: Option<String>,
    /// Only imports that ended this way.
    pub status: Option<ImportStatus>,
    /// Only what this office may see (an office's token sees only its own): imports of this
    /// office, and imports sent with a token bound to it (whatever office the file named).
    pub office: Option<String>,
    /// At most this many.
    pub limit: u64,
    /// Skipping this many, newest first.
    pub offset: u64,
}

/// One import as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRecord {
    /// Its id.
    pub id: i32,
    /// The file's own name, without any folder.
    pub file_name: String,
    /// The path it was read from, as given to `thads import`; none for a file received over
    /// the network. For administrators' eyes only: it names the folders of the machine that
    /// imported it.
    pub path: Option<String>,
    /// Its size in bytes.
    pub file_size: i64,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// Who sent it.
    pub source: String,
    /// How it ended.
    pub status: ImportStatus,
    /// The office recognised, if any.
    pub unit: Option<String>,
    /// The period recognised, if any.
    pub period: Option<Period>,
    /// Every error and warning.
    pub problems: Vec<Problem>,
    /// The token that sent it; none for files imported from the command line.
    pub sender: Option<Sender>,
}

/// A page of imports and how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPage {
    /// All imports matching the query.
    pub total: u64,
    /// This page, newest first.
    pub items: Vec<ImportRecord>,
}

/// A case type of the tree: a group or a leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseTypeRecord {
    /// Stable code, e.g. `active.civil`.
    pub code: String,
    /// Name in Vietnamese, e.g. "Dân sự".
    pub name: String,
    /// The group's code, for a leaf.
    pub parent: Option<String>,
    /// Order within its parent, as on the forms.
    pub position: i32,
}
