//! Errors of the domain services.

use crate::period::Period;
use sea_orm::{DbErr, RuntimeErr};
use std::fmt;

/// One bad line of a registry file (`units.csv`, `targets.csv`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineProblem {
    /// 1-based line number; the header is line 1.
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
}

impl LineProblem {
    /// A problem on one line.
    pub fn new(line: u64, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// What a write to a read-only database answers, in Vietnamese then English: the clerk who
/// uploads and the administrator who runs the server read the same words.
pub const READ_ONLY_MESSAGE: &str = "Cơ sở dữ liệu đang ở chế độ chỉ đọc: không thể lưu báo cáo. \
                                     / The database is read-only: nothing can be stored.";

/// Why a domain service failed.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The database failed. Its text is for logs, never for clients.
    #[error("database error: {0}")]
    Db(#[source] DbErr),
    /// The database takes no writes (see [`is_read_only`]); nothing was written. Reads still
    /// work. Every `DbErr` that says so becomes this one through `From`, so that every write
    /// service reports it the same way.
    #[error("{READ_ONLY_MESSAGE}")]
    ReadOnly,
    /// A registry file has bad lines; nothing of it was written.
    #[error("{}", registry_message(.0))]
    Registry(Vec<LineProblem>),
    /// A unit code that is not in the registry.
    #[error("unknown unit {0:?}: it is not in the unit registry")]
    UnknownUnit(String),
    /// Only offices report: a workbook of another unit cannot be stored.
    #[error("{0} is not an office: only offices send reports")]
    NotAnOffice(String),
    /// A report of an office for a period at whose end the office did not exist (it had
    /// ended, or had not started): a report belongs to the unit in force on the period's last
    /// day (`reorganisation.md`).
    #[error(
        "{unit} does not exist on {}, the last day of {period}: it exists {validity}, so it \
         cannot report for that period",
        period.end()
    )]
    NotInForce {
        /// The office's code.
        unit: String,
        /// The period of the report.
        period: Period,
        /// When the office exists, in words (e.g. "until 2025-06-30").
        validity: String,
    },
    /// A unit's period that none of the unit's offices has a stored report for: there is
    /// nothing to approve. Nothing was written.
    #[error(
        "Không có báo cáo nào của các đơn vị thuộc {unit} cho kỳ {period}: không có gì để \
         duyệt. / No office of {unit} has a stored report for {period}: there is nothing to \
         approve."
    )]
    NoReports {
        /// The unit, by name and code.
        unit: String,
        /// The period.
        period: Period,
    },
    /// A unit's period approved already (its own latest action is an approval). Nothing was
    /// written.
    #[error(
        "Kỳ {period} của {unit} đã được duyệt bởi {by} lúc {at}. / The period {period} of \
         {unit} was already approved by {by} at {at}."
    )]
    AlreadyApproved {
        /// The unit, by name and code.
        unit: String,
        /// The period.
        period: Period,
        /// Who approved it.
        by: String,
        /// When, in Vietnam time.
        at: String,
    },
    /// A unit's period to reopen that is not approved (its own latest action is not an
    /// approval). Nothing was written.
    #[error(
        "Kỳ {period} của {unit} chưa được duyệt nên không thể mở lại{}. / The period {period} \
         of {unit} is not approved, so it cannot be reopened{}.",
        locked_above(above.as_deref(), " (số liệu bị khóa do {} đã duyệt: hãy mở lại kỳ của {})"),
        locked_above(above.as_deref(), " (it is locked by the approval of {}: reopen that one)")
    )]
    NotApproved {
        /// The unit, by name and code.
        unit: String,
        /// The period.
        period: Period,
        /// The ancestor whose approval locks it, when one does.
        above: Option<String>,
    },
    /// A case type code that is not in the database.
    #[error("unknown case type {0:?}")]
    UnknownCaseType(String),
    /// A request breaks a rule, e.g. an office token without its office, or a unit or target
    /// that fails the registry's checks. The message says which, in plain words; nothing was
    /// written.
    #[error("{0}")]
    Invalid(String),
    /// No token has this id.
    #[error("no token has the id {0}")]
    UnknownToken(i32),
    /// The operating system gave no random bytes for a new token.
    #[error("no random bytes from the operating system: {0}")]
    Random(String),
    /// The problems of an import could not be encoded.
    #[error("cannot encode the problems of an import: {0}")]
    Encode(#[from] serde_json::Error),
}

impl DomainError {
    /// The problems of one record (a unit or a target given alone, not in a file) as an
    /// [`DomainError::Invalid`]: their messages, without line numbers.
    pub fn invalid(problems: &[LineProblem]) -> Self {
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        DomainError::Invalid(messages.join("; "))
    }
}

impl From<DbErr> for DomainError {
    fn from(e: DbErr) -> Self {
        if is_read_only(&e) {
            DomainError::ReadOnly
        } else {
            DomainError::Db(e)
        }
    }
}

/// Whether the database refused a write because it takes none: SQLite's `SQLITE_READONLY`
/// family (a file opened with `mode=ro`, or one the process may not write) and PostgreSQL's
/// SQLSTATE `25006` (`read_only_sql_transaction`: a database or session with
/// `default_transaction_read_only`, a standby). Read from the driver's error code, not its
/// text.
pub fn is_read_only(e: &DbErr) -> bool {
    /// SQLite's primary result code `SQLITE_READONLY`.
    const SQLITE_READONLY: i32 = 8;
    match driver_code(e) {
        Some(DriverCode::Sqlite(code)) => code == SQLITE_READONLY,
        Some(DriverCode::Postgres(sqlstate)) => sqlstate == "25006",
        None => false,
    }
}

/// The code a database driver gave an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DriverCode {
    /// SQLite's primary result code (the low byte of its extended code), e.g. 5 `SQLITE_BUSY`.
    Sqlite(i32),
    /// PostgreSQL's SQLSTATE, e.g. `25006`.
    Postgres(String),
}

/// The driver's code of a database error, when the database gave one.
pub(crate) fn driver_code(e: &DbErr) -> Option<DriverCode> {
    use sea_orm::sqlx::{Error, postgres::PgDatabaseError, sqlite::SqliteError};
    let (DbErr::Conn(RuntimeErr::SqlxError(e))
    | DbErr::Exec(RuntimeErr::SqlxError(e))
    | DbErr::Query(RuntimeErr::SqlxError(e))) = e
    else {
        return None;
    };
    let Error::Database(e) = e.as_ref() else {
        return None;
    };
    let code = e.code()?;
    if e.try_downcast_ref::<SqliteError>().is_some() {
        // Extended result codes keep the primary one in their low byte.
        return code
            .parse::<i32>()
            .ok()
            .map(|c| DriverCode::Sqlite(c & 0xff));
    }
    e.try_downcast_ref::<PgDatabaseError>()
        .map(|_| DriverCode::Postgres(code.into_owned()))
}

/// The clause naming the ancestor whose approval locks a period, with `words`' two `{}` replaced
/// by its name; empty when none does.
fn locked_above(above: Option<&str>, words: &str) -> String {
    above.map_or_else(String::new, |a| words.replace("{}", a))
}

fn registry_message(problems: &[LineProblem]) -> String {
    let mut text = match problems.len() {
        1 => "nothing was written: 1 line has a problem".to_owned(),
        n => format!("nothing was written: {n} problems"),
    };
    for p in problems {
        text.push('\n');
        text.push_str(&p.to_string());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_problems_are_listed_one_per_line() {
        let e = DomainError::Registry(vec![
            LineProblem::new(3, "unknown parent \"XX\""),
            LineProblem::new(7, "empty code"),
        ]);
        assert_eq!(
            e.to_string(),
            "nothing was written: 2 problems\nline 3: unknown parent \"XX\"\nline 7: empty code"
        );
    }
}
