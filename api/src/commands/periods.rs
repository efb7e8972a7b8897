//! `thads periods approve|reopen|list`: the monthly cycle from the command line. An approval
//! locks a unit's period for every office below it (no report may replace theirs) until it is
//! reopened, with a reason; `list` prints every action, newest first.
//!
//! Messages are in Vietnamese, then English. Exit codes: 0 done; 2 bad arguments or a
//! refusal (a period with no reports, approved already, not approved, a blank reason) or a
//! database error; 3 unknown unit. A refusal writes nothing.

use super::{CommandError, open};
use crate::cli::{EXIT_OK, EXIT_UNKNOWN_UNIT, EXIT_USAGE};
use std::io::Write;
use thads_domain::approval::vietnam_time;
use thads_domain::services::approvals;
use thads_domain::{ApprovalAction, ApprovalRecord, DomainError, Period};

/// A unit's period, as given on the command line.
#[derive(Debug, Clone)]
pub struct PeriodArgs {
    /// The unit's code.
    pub unit: String,
    /// The enforcement year.
    pub year: i64,
    /// Months since 1 October.
    pub months: i64,
}

/// `thads periods approve`: approves the period, as `by` (default `cli:$USER`).
pub async fn approve(
    url: &str,
    args: PeriodArgs,
    by: Option<String>,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let Some(period) = period(&args, err)? else {
        return Ok(EXIT_USAGE);
    };
    let db = open(url).await?;
    let by = by.unwrap_or_else(cli_user);
    match approvals::approve_period(&db, &args.unit, period, &by).await {
        Ok(done) => {
            writeln!(
                out,
                "Đã duyệt kỳ báo cáo {p} của {name} ({code}) lúc {at}, bởi {by}: các đơn vị \
                 trực thuộc không gửi được báo cáo thay thế cho đến khi kỳ được mở lại. / \
                 Approved the period {p} of {name} ({code}): no office below it may replace its \
                 report until the period is reopened.",
                p = done.period,
                name = done.unit_name,
                code = done.unit,
                at = vietnam_time(done.at),
                by = done.by,
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => refuse(e, err),
    }
}

/// `thads periods reopen`: reopens the period with a reason, as `cli:$USER`.
pub async fn reopen(
    url: &str,
    args: PeriodArgs,
    reason: &str,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let Some(period) = period(&args, err)? else {
        return Ok(EXIT_USAGE);
    };
    let db = open(url).await?;
    match approvals::reopen_period(&db, &args.unit, period, reason, &cli_user()).await {
        Ok(done) => {
            writeln!(
                out,
                "Đã mở lại kỳ báo cáo {p} của {name} ({code}) lúc {at}, lý do: {reason}. / \
                 Reopened the period {p} of {name} ({code}); reason: {reason}.",
                p = done.period,
                name = done.unit_name,
                code = done.unit,
                at = vietnam_time(done.at),
                reason = done.reason.as_deref().unwrap_or_default(),
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => refuse(e, err),
    }
}

/// `thads periods list`: the actions on the unit, above and below it, newest first, one a
/// line: when, what, period, unit, who, reason.
pub async fn list(
    url: &str,
    unit: &str,
    year: Option<i64>,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let year = match year {
        None => None,
        Some(y) => match Period::new(y, 1) {
            Ok(p) => Some(p.year()),
            Err(e) => {
                writeln!(err, "Năm không hợp lệ / invalid year: {e}")?;
                return Ok(EXIT_USAGE);
            }
        },
    };
    let db = open(url).await?;
    let all = match approvals::approval_history(&db, Some(unit), year).await {
        Ok(all) => all,
        Err(e) => return refuse(e, err),
    };
    if all.is_empty() {
        writeln!(
            out,
            "Chưa có kỳ nào được duyệt. / No period has been approved or reopened."
        )?;
    }
    for action in &all {
        writeln!(out, "{}", line(action))?;
    }
    Ok(EXIT_OK)
}

/// One action as a line, e.g.
/// `14:05 ngày 02/12/2026  duyệt / approve  9 tháng năm 2020  Tỉnh Long An (LA)  cli:an`.
fn line(a: &ApprovalRecord) -> String {
    let what = match a.action {
        ApprovalAction::Approve => "duyệt / approve",
        ApprovalAction::Reopen => "mở lại / reopen",
    };
    let mut line = format!(
        "{}  {what}  {}  {} ({})  {}",
        vietnam_time(a.at),
        a.period,
        a.unit_name,
        a.unit,
        a.by
    );
    if let Some(reason) = &a.reason {
        line.push_str(&format!("  lý do / reason: {reason}"));
    }
    line
}

/// The period, or `None` after saying why it is not one.
fn period(args: &PeriodArgs, err: &mut (dyn Write + Send)) -> Result<Option<Period>, CommandError> {
    match Period::new(args.year, args.months) {
        Ok(period) => Ok(Some(period)),
        Err(e) => {
            writeln!(err, "Kỳ báo cáo không hợp lệ / invalid period: {e}")?;
            Ok(None)
        }
    }
}

/// Says why nothing was done; returns its exit code. A database failure ends the command as
/// every other does.
fn refuse(e: DomainError, err: &mut (dyn Write + Send)) -> Result<u8, CommandError> {
    match e {
        DomainError::UnknownUnit(code) => {
            writeln!(
                err,
                "error: Không có đơn vị mã {code:?} trong danh mục đơn vị. / Unknown unit \
                 {code:?}: it is not in the unit registry."
            )?;
            Ok(EXIT_UNKNOWN_UNIT)
        }
        DomainError::NoReports { .. }
        | DomainError::AlreadyApproved { .. }
        | DomainError::NotApproved { .. }
        | DomainError::Invalid(_) => {
            writeln!(err, "error: {e}")?;
            Ok(EXIT_USAGE)
        }
        other => Err(other.into()),
    }
}

/// Who runs the command: `cli:$USER`.
fn cli_user() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    format!("cli:{user}")
}
