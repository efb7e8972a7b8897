//! `thads deadlines set` and `thads overdue`: the day of the month after a period by which
//! offices must have sent their reports of it, and who has not by then.
//!
//! Messages are in Vietnamese, with English beside them; bad input ends with its exit code.

use super::{CommandError, open};
use crate::cli::{EXIT_OK, EXIT_REJECTED, EXIT_UNKNOWN_UNIT, EXIT_USAGE};
use chrono::{Datelike, NaiveDate};
use std::io::Write;
use thads_domain::period::{PeriodError, vietnam_today};
use thads_domain::services::registry::{self, UnitTree};
use thads_domain::services::stats::completeness;
use thads_domain::stats::Timeliness;
use thads_domain::{DomainError, Period};

/// `thads deadlines set`: sets a unit's own due day, or removes it (`None`).
pub async fn set(
    url: &str,
    unit: &str,
    day: Option<i64>,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let db = open(url).await?;
    let changed = match registry::set_due_day(&db, unit, day).await {
        Ok(changed) => changed,
        Err(e) => return refuse(e, err),
    };
    let units = UnitTree::load(&db).await.map_err(DomainError::from)?;
    let code = unit.trim();
    let name = units
        .find(code)
        .and_then(|id| units.name(id))
        .unwrap_or(code);
    let inherited = units.find(code).and_then(|id| units.due_day(id));
    let now = match inherited {
        Some(d) => format!(
            "hạn gửi báo cáo: ngày {d} tháng sau · reports due on day {d} of the next month"
        ),
        None => "không có hạn gửi báo cáo · no deadline".to_owned(),
    };
    let unchanged = if changed {
        ""
    } else {
        " (không đổi · unchanged)"
    };
    writeln!(out, "{name} ({code}): {now}{unchanged}.")?;
    Ok(EXIT_OK)
}

/// `thads overdue`: the offices below `unit` whose report of `period` (by default the latest
/// period already due on `on`) had not arrived by its deadline. Exits 1 when any is overdue.
pub async fn overdue(
    url: &str,
    unit: &str,
    period: Option<(i64, i64)>,
    on: Option<NaiveDate>,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let db = open(url).await?;
    let units = UnitTree::load(&db).await.map_err(DomainError::from)?;
    let code = unit.trim();
    let Some(id) = units.find(code) else {
        return refuse(DomainError::UnknownUnit(code.to_owned()), err);
    };
    let name = units.name(id).unwrap_or(code);
    let Some(day) = units.due_day(id) else {
        writeln!(
            err,
            "Chưa đặt hạn gửi báo cáo cho {name} hay đơn vị cấp trên: dùng thads deadlines set. \
             / No deadline applies to {name}: set one with thads deadlines set."
        )?;
        return Ok(EXIT_USAGE);
    };
    let today = on.unwrap_or_else(vietnam_today);
    let period = match period {
        Some((year, months)) => Period::new(year, months),
        None => latest_due(today, day),
    };
    let period = match period {
        Ok(period) => period,
        Err(e) => {
            writeln!(err, "Kỳ báo cáo không hợp lệ / invalid period: {e}")?;
            return Ok(EXIT_USAGE);
        }
    };
    let statuses = match completeness(&db, &units, period, Some(code), None).await {
        Ok(statuses) => statuses,
        Err(e) => return refuse(e, err),
    };
    writeln!(
        out,
        "Báo cáo {period} của {name}, hạn ngày {} — overdue reports on {today}:",
        period.due(day).format("%d/%m/%Y")
    )?;
    let mut any = false;
    for status in &statuses {
        let Some(Timeliness::Overdue(days)) = status.timeliness(today) else {
            continue;
        };
        any = true;
        let office = units
            .find(&status.unit)
            .and_then(|id| units.name(id))
            .unwrap_or(&status.unit);
        writeln!(
            out,
            "  {office} ({}): {}, quá hạn {days} ngày · {days} days overdue",
            status.unit,
            status.form.title()
        )?;
    }
    if !any {
        writeln!(out, "  Không đơn vị nào quá hạn. · No office is overdue.")?;
    }
    Ok(if any { EXIT_REJECTED } else { EXIT_OK })
}

/// The latest period whose reports were due before `today`: the month before today's, or the
/// one before that when the deadline of the month before has not passed yet.
fn latest_due(today: NaiveDate, day: u8) -> Result<Period, PeriodError> {
    let before = |d: NaiveDate| {
        d.with_day(1)
            .and_then(|first| first.pred_opt())
            .unwrap_or(d)
    };
    let last_month = Period::ending_in(before(today))?;
    if last_month.due(day) < today {
        return Ok(last_month);
    }
    Period::ending_in(before(last_month.end()))
}

/// Says why nothing was done; returns its exit code.
fn refuse(e: DomainError, err: &mut (dyn Write + Send)) -> Result<u8, CommandError> {
    match e {
        DomainError::UnknownUnit(code) => {
            writeln!(
                err,
                "Không có đơn vị {code} trong danh mục. / Unknown unit {code}: not in the registry."
            )?;
            Ok(EXIT_UNKNOWN_UNIT)
        }
        DomainError::Invalid(message) => {
            writeln!(err, "Không hợp lệ / invalid: {message}")?;
            Ok(EXIT_USAGE)
        }
        other => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn the_latest_period_already_due() {
        let period = |year, months| Period::new(year, months).ok();
        // 2 December, due on the 5th: November's reports are not due yet, October's are.
        assert_eq!(latest_due(day(2026, 12, 2), 5).ok(), period(2027, 1));
        // 6 December: November's are.
        assert_eq!(latest_due(day(2026, 12, 6), 5).ok(), period(2027, 2));
        // 10 January: December's (3 months), across the new year.
        assert_eq!(latest_due(day(2027, 1, 10), 5).ok(), period(2027, 3));
        // 3 October: August's (11 months) of the year that just ended.
        assert_eq!(latest_due(day(2026, 10, 3), 5).ok(), period(2026, 11));
    }
}
