//! Reporting periods: an enforcement year and the months elapsed since 1 October.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A reporting period, cumulative from 1 October.
///
/// Enforcement year `year` runs from 1 October of `year - 1` to 30 September of `year`;
/// `months` counts the months covered since 1 October (1 = October only, 12 = the whole year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    year: i32,
    months: u8,
}

/// Why a period could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// `months` outside 1..=12.
    #[error("months must be between 1 and 12, found {0}")]
    Months(i64),
    /// A year outside the range thads accepts.
    #[error("year must be between {min} and {max}, found {0}", min = Period::MIN_YEAR, max = Period::MAX_YEAR)]
    Year(i64),
    /// A date range that does not start on 1 October.
    #[error("a reporting period starts on 1 October, found {0}")]
    Start(NaiveDate),
    /// A date range that does not end on the last day of a month, or ends before it starts.
    #[error(
        "a reporting period ends on the last day of a month within 12 months of its start, found {0}"
    )]
    End(NaiveDate),
}

impl Period {
    /// Earliest enforcement year accepted.
    pub const MIN_YEAR: i32 = 1990;
    /// Latest enforcement year accepted.
    pub const MAX_YEAR: i32 = 2200;

    /// Builds a period, checking both parts.
    pub fn new(year: i64, months: i64) -> Result<Self, PeriodError> {
        if !(1..=12).contains(&months) {
            return Err(PeriodError::Months(months));
        }
        if !(i64::from(Self::MIN_YEAR)..=i64::from(Self::MAX_YEAR)).contains(&year) {
            return Err(PeriodError::Year(year));
        }
        // Both conversions are in range: checked just above.
        Ok(Self {
            year: year as i32,
            months: months as u8,
        })
    }

    /// The period covered by a date range, which must start on 1 October and end on the last
    /// day of a month (as in "Từ ngày 01/10/2019 đến ngày 30/6/2020").
    pub fn from_dates(start: NaiveDate, end: NaiveDate) -> Result<Self, PeriodError> {
        if start.month() != 10 || start.day() != 1 {
            return Err(PeriodError::Start(start));
        }
        let year = i64::from(start.year()) + 1;
        let months =
            (i64::from(end.year()) - i64::from(start.year())) * 12 + i64::from(end.month()) - 10
                + 1;
        let period = Self::new(year, months).map_err(|e| match e {
            PeriodError::Months(_) => PeriodError::End(end),
            other => other,
        })?;
        if period.end() != end {
            return Err(PeriodError::End(end));
        }
        Ok(period)
    }

    /// The enforcement year (the calendar year in which it ends).
    pub fn year(self) -> i32 {
        self.year
    }

    /// Months covered since 1 October, 1..=12.
    pub fn months(self) -> u8 {
        self.months
    }

    /// First day: 1 October of the previous calendar year.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year - 1, 10, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day: the last day of the `months`-th month since October.
    pub fn end(self) -> NaiveDate {
        // The day before the first day of the month after the last one: `months` counted
        // from October, so months 1–2 end before January and the rest in `year`.
        let index = i32::from(self.months);
        let (y, m) = if index <= 2 {
            (self.year - 1, 10 + index as u32)
        } else {
            (self.year, (index - 2) as u32)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// The same months of the previous enforcement year ("cùng kỳ").
    pub fn previous_year(self) -> Option<Self> {
        Self::new(i64::from(self.year) - 1, i64::from(self.months)).ok()
    }

    /// The period one month shorter, whose report is subtracted to get this month alone.
    pub fn previous_month(self) -> Option<Self> {
        Self::new(i64::from(self.year), i64::from(self.months) - 1).ok()
    }

    /// The period one month longer, in the same enforcement year.
    pub fn next_month(self) -> Option<Self> {
        Self::new(i64::from(self.year), i64::from(self.months) + 1).ok()
    }

    /// The period that ends with the calendar month of `day`: October 2020 is "1 tháng năm
    /// 2021", June 2020 "9 tháng năm 2020".
    pub fn ending_in(day: NaiveDate) -> Result<Self, PeriodError> {
        let month = i64::from(day.month());
        let year = i64::from(day.year()) + i64::from(month >= 10);
        Self::new(year, (month - 10).rem_euclid(12) + 1)
    }

    /// When the period's reports are due: day `day` of the month after its last day (a day
    /// past that month's end is its last day). "9 tháng năm 2020" with day 5: 5 July 2020.
    pub fn due(self, day: u8) -> NaiveDate {
        let next = self.end().succ_opt().unwrap_or(NaiveDate::MAX);
        let day = u32::from(day.max(1));
        (0..4)
            .find_map(|back| next.with_day(day.saturating_sub(back)))
            .unwrap_or(next)
    }

    /// The label offices write, e.g. "9 tháng năm 2020".
    pub fn label(self) -> String {
        format!("{} tháng năm {}", self.months, self.year)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Vietnam's offset from UTC: seven hours, all year (no daylight saving).
const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// The day in Vietnam at an instant: deadlines are Vietnamese days, so a report stored at
/// 23:30 UTC on the 4th arrived on the 5th.
pub fn vietnam_date(at: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(VIETNAM_OFFSET_SECONDS) {
        Some(offset) => at.with_timezone(&offset).date_naive(),
        None => at.date_naive(),
    }
}

/// Today in Vietnam.
pub fn vietnam_today() -> NaiveDate {
    vietnam_date(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_ending_in_a_month() {
        let ending = |y, m| Period::ending_in(date(y, m, 15)).unwrap();
        assert_eq!(ending(2020, 10), Period::new(2021, 1).unwrap());
        assert_eq!(ending(2020, 12), Period::new(2021, 3).unwrap());
        assert_eq!(ending(2021, 1), Period::new(2021, 4).unwrap());
        assert_eq!(ending(2020, 6), Period::new(2020, 9).unwrap());
        assert_eq!(ending(2020, 9), Period::new(2020, 12).unwrap());
        for months in 1..=12 {
            let p = Period::new(2020, months).unwrap();
            assert_eq!(Period::ending_in(p.end()).unwrap(), p);
        }
    }

    #[test]
    fn reports_are_due_in_the_month_after_the_period() {
        let due = |year, months, day| Period::new(year, months).unwrap().due(day);
        assert_eq!(due(2020, 9, 5), date(2020, 7, 5));
        // December's reports (3 months) are due in January of the next calendar year.
        assert_eq!(due(2020, 3, 5), date(2020, 1, 5));
        // November's (2 months) in December of the year before the enforcement year's.
        assert_eq!(due(2020, 2, 28), date(2019, 12, 28));
        // The whole year, ending 30 September, in October.
        assert_eq!(due(2020, 12, 1), date(2020, 10, 1));
        // January's (4 months) in February.
        assert_eq!(due(2021, 4, 28), date(2021, 2, 28));
    }

    #[test]
    fn deadlines_are_vietnamese_days() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(vietnam_date(at("2020-07-04T16:59:59Z")), date(2020, 7, 4));
        assert_eq!(vietnam_date(at("2020-07-04T17:00:00Z")), date(2020, 7, 5));
        assert_eq!(vietnam_date(at("2019-12-31T18:00:00Z")), date(2020, 1, 1));
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn bounds_of_nine_months() {
        let p = Period::new(2020, 9).unwrap();
        assert_eq!(p.start(), date(2019, 10, 1));
        assert_eq!(p.end(), date(2020, 6, 30));
        assert_eq!(p.label(), "9 tháng năm 2020");
    }

    #[test]
    fn bounds_of_first_and_last_months() {
        assert_eq!(Period::new(2020, 1).unwrap().end(), date(2019, 10, 31));
        assert_eq!(Period::new(2020, 2).unwrap().end(), date(2019, 11, 30));
        assert_eq!(Period::new(2020, 3).unwrap().end(), date(2019, 12, 31));
        assert_eq!(Period::new(2020, 5).unwrap().end(), date(2020, 2, 29));
        assert_eq!(Period::new(2019, 5).unwrap().end(), date(2019, 2, 28));
        assert_eq!(Period::new(2020, 12).unwrap().end(), date(2020, 9, 30));
    }

    #[test]
    fn from_dates_accepts_month_ends_only() {
        assert_eq!(
            Period::from_dates(date(2018, 10, 1), date(2019, 1, 31)).unwrap(),
            Period::new(2019, 4).unwrap()
        );
        assert_eq!(
            Period::from_dates(date(2019, 10, 1), date(2020, 6, 30)).unwrap(),
            Period::new(2020, 9).unwrap()
        );
        assert!(matches!(
            Period::from_dates(date(2019, 10, 1), date(2020, 6, 29)),
            Err(PeriodError::End(_))
        ));
        assert!(matches!(
            Period::from_dates(date(2019, 9, 1), date(2020, 6, 30)),
            Err(PeriodError::Start(_))
        ));
        assert!(matches!(
            Period::from_dates(date(2019, 10, 1), date(2020, 10, 31)),
            Err(PeriodError::End(_))
        ));
        assert!(matches!(
            Period::from_dates(date(2019, 10, 1), date(2019, 9, 30)),
            Err(PeriodError::End(_))
        ));
    }

    #[test]
    fn rejects_bad_parts() {
        assert_eq!(Period::new(2020, 13), Err(PeriodError::Months(13)));
        assert_eq!(Period::new(2020, 0), Err(PeriodError::Months(0)));
        assert_eq!(Period::new(20200, 1), Err(PeriodError::Year(20200)));
    }

    #[test]
    fn neighbours() {
        let p = Period::new(2020, 1).unwrap();
        assert_eq!(p.previous_month(), None);
        assert_eq!(p.next_month(), Some(Period::new(2020, 2).unwrap()));
        assert_eq!(p.previous_year(), Some(Period::new(2019, 1).unwrap()));
    }
}
