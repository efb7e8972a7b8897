//! The figures of a unit's consolidated report, gathered once from the statistics services:
//! the unit's whole figures, every leaf case type's full figures in each form, one line per
//! office with its ranks, and when each expected office's reports arrived (and so which have
//! not), and whether its figures are approved. Every format (the text, the CSV, the workbook)
//! is written from this.

use crate::error::ReportError;
use crate::names::short_name;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use thads_domain::services::approvals::Locks;
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_domain::services::stats::{completeness, stats};
use thads_domain::stats::{Dimension, Measured, StatsFilter, StatsQuery, StatsRow};
use thads_domain::{DomainError, Form, Outcome, Period, UnitLevel};

/// A unit as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Its code.
    pub code: String,
    /// Its official name.
    pub name: String,
    /// The name the paragraph gives it ([`short_name`]).
    pub short_name: String,
}

impl Named {
    fn of(units: &UnitTree, code: &str) -> Self {
        let name = units
            .find(code)
            .and_then(|id| units.name(id))
            .unwrap_or(code)
            .to_owned();
        Self {
            code: code.to_owned(),
            short_name: short_name(&name),
            name,
        }
    }
}

/// One measure's figures (cases, or money in đồng). Missing is not zero: a value no report
/// gives is `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// Enforceable ("có điều kiện thi hành").
    pub enforceable: Option<i64>,
    /// Resolved ("thi hành xong" and "đình chỉ", and "giảm" for money).
    pub resolved: Option<i64>,
    /// Σ resolved / Σ enforceable × 100, as the statistics service computes it.
    pub rate: Option<f64>,
    /// The yearly target rate that applies.
    pub target: Option<f64>,
    /// Target − rate, in percentage points.
    pub gap: Option<f64>,
    /// The rate of the same months of the previous year ("cùng kỳ").
    pub previous_rate: Option<f64>,
    /// Rate − previous year's rate, in percentage points.
    pub change: Option<f64>,
}

impl Measure {
    fn of(m: &Measured) -> Self {
        let rate = m.rate();
        let previous_rate = m.previous_year.as_deref().and_then(Measured::rate);
        Self {
            enforceable: m.get(thads_domain::Field::Enforceable),
            resolved: m.resolved(),
            rate,
            target: m.target,
            gap: m.gap_to_target(),
            previous_rate,
            change: rate.zip(previous_rate).map(|(now, before)| now - before),
        }
    }
}

/// Both measures of a unit or an office.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// In cases.
    pub cases: Measure,
    /// In money (đồng).
    pub money: Measure,
}

impl Figures {
    fn of(row: &StatsRow) -> Self {
        Self {
            cases: Measure::of(&row.cases),
            money: Measure::of(&row.money),
        }
    }

    /// One measure.
    pub fn measure(&self, form: Form) -> &Measure {
        match form {
            Form::Cases => &self.cases,
            Form::Money => &self.money,
        }
    }
}

/// One office's line of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeLine {
    /// The office.
    pub office: Named,
    /// Its figures.
    pub figures: Figures,
    /// Its rank by rate in cases, 1 the highest; offices with equal rates share a rank (1, 2,
    /// 2, 4); none without a rate.
    pub rank_cases: Option<u32>,
    /// The same in money.
    pub rank_money: Option<u32>,
}

/// An office expected to report that sent not every form.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingOffice {
    /// The office.
    pub office: Named,
    /// The forms it has not sent, cases first.
    pub forms: Vec<Form>,
}

/// One leaf case type's full figures in each form, summed over the unit's offices: the rows of
/// the unit's own Mẫu 01 and Mẫu 02. `None` where no report of the form has a row of this type.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseTypeLine {
    /// The case type's code, e.g. `active.civil`.
    pub code: String,
    /// In cases.
    pub cases: Option<Outcome>,
    /// In money (đồng).
    pub money: Option<Outcome>,
}

impl CaseTypeLine {
    /// The figures of one form.
    pub fn outcome(&self, form: Form) -> Option<&Outcome> {
        match form {
            Form::Cases => self.cases.as_ref(),
            Form::Money => self.money.as_ref(),
        }
    }
}

/// When an expected office's current report of each form arrived; `None`: not sent.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeReceipt {
    /// The office.
    pub office: Named,
    /// Its cases report (Mẫu 01).
    pub cases: Option<DateTime<Utc>>,
    /// Its money report (Mẫu 02).
    pub money: Option<DateTime<Utc>>,
}

impl OfficeReceipt {
    /// When the report of one form arrived.
    pub fn of(&self, form: Form) -> Option<DateTime<Utc>> {
        match form {
            Form::Cases => self.cases,
            Form::Money => self.money,
        }
    }
}

/// The approval that makes a report's figures final: every expected office's period is locked
/// (by the unit's approval, an ancestor's, or each office's own); the latest of the approvals
/// that lock them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// When it was approved.
    pub at: DateTime<Utc>,
    /// Who approved it: a token's name, or `cli:USER`.
    pub by: String,
}

/// Everything a unit's consolidated report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Consolidated {
    /// The unit.
    pub unit: Named,
    /// Its level.
    pub level: UnitLevel,
    /// The period.
    pub period: Period,
    /// The day whose units the figures are mapped onto, when not the period's last day.
    pub as_of: Option<NaiveDate>,
    /// The unit's whole figures.
    pub whole: Figures,
    /// One line per leaf case type, in the case tree's order.
    pub case_types: Vec<CaseTypeLine>,
    /// One line per office, by code.
    pub offices: Vec<OfficeLine>,
    /// How many offices were expected to report (those existing on the period's last day).
    pub offices_expected: usize,
    /// The expected offices that have not sent every form, by code.
    pub missing: Vec<MissingOffice>,
    /// Every expected office, by code, with when its reports arrived.
    pub received: Vec<OfficeReceipt>,
    /// The approval of its figures; `None`: they are provisional.
    pub approved: Option<Approval>,
}

impl Consolidated {
    /// Gathers a unit's report in eight statements beside the trees the caller loaded: the
    /// unit's figures (two: the sums, the targets), its offices' (two), each leaf case type's
    /// without the previous year (two), which offices reported when (one), and the approvals
    /// of the year (one). The code
    /// is matched whatever its case. An unknown unit is [`ReportError::UnknownUnit`]; a period
    /// none of its offices reported is [`ReportError::NoReports`].
    pub async fn gather(
        db: &impl ConnectionTrait,
        units: &UnitTree,
        cases: &CaseTree,
        unit_code: &str,
        period: Period,
        as_of: Option<NaiveDate>,
    ) -> Result<Self, ReportError> {
        let id = find_unit(units, unit_code)
            .ok_or_else(|| ReportError::UnknownUnit(unit_code.to_owned()))?;
        let code = units.code(id).unwrap_or(unit_code).to_owned();
        let level = units.level(id).unwrap_or(UnitLevel::Office);
        let query = |group_by, previous_year| StatsQuery {
            period,
            filter: StatsFilter {
                units: vec![code.clone()],
                case_types: Vec::new(),
            },
            group_by,
            order_by: Vec::new(),
            limit: None,
            previous_year,
            as_of,
        };
        let whole = stats(db, units, cases, &query(Vec::new(), true))
            .await
            .map_err(|e| unknown(e, &code))?;
        let (whole, offices) = match whole.first() {
            Some(row) if row.cases.values.is_some() || row.money.values.is_some() => {
                (Figures::of(row), row.offices.clone())
            }
            _ => {
                return Err(ReportError::NoReports { unit: code, period });
            }
        };
        let locks = Locks::load(db, &[period.year()])
            .await
            .map_err(DomainError::from)?;
        let approved = locks
            .all_locked(units, &offices, period)
            .and_then(|all| all.into_iter().max_by_key(|a| (a.done_at, a.id)))
            .map(|a| Approval {
                at: a.done_at,
                by: a.done_by.clone(),
            });
        let rows = stats(db, units, cases, &query(vec![Dimension::Office], true))
            .await
            .map_err(|e| unknown(e, &code))?;
        let case_types = stats(db, units, cases, &query(vec![Dimension::CaseType], false))
            .await
            .map_err(|e| unknown(e, &code))?
            .into_iter()
            .filter_map(|row| {
                Some(CaseTypeLine {
                    code: row.case_type?,
                    cases: row.cases.values,
                    money: row.money.values,
                })
            })
            .collect();
        let statuses = completeness(db, units, period, Some(&code), as_of)
            .await
            .map_err(|e| unknown(e, &code))?;
        let mut missing = Vec::new();
        let mut received = Vec::new();
        // The statuses come by office code, each office's forms together.
        for office in statuses.chunk_by(|a, b| a.unit == b.unit) {
            let Some(first) = office.first() else {
                continue;
            };
            let named = Named::of(units, &first.unit);
            let at = |form: Form| {
                office
                    .iter()
                    .find(|s| s.form == form)
                    .and_then(|s| s.received.as_ref())
                    .map(|r| r.at)
            };
            let receipt = OfficeReceipt {
                office: named.clone(),
                cases: at(Form::Cases),
                money: at(Form::Money),
            };
            let forms: Vec<Form> = Form::ALL
                .into_iter()
                .filter(|&f| receipt.of(f).is_none())
                .collect();
            if !forms.is_empty() {
                missing.push(MissingOffice {
                    office: named,
                    forms,
                });
            }
            received.push(receipt);
        }
        Ok(Self {
            unit: Named::of(units, &code),
            level,
            period,
            as_of,
            whole,
            case_types,
            offices: ranked(units, &rows),
            offices_expected: received.len(),
            missing,
            received,
            approved,
        })
    }

    /// The offices' lines for a ranking; an office has none to rank
    /// ([`ReportError::OfficeRanking`]).
    pub fn ranking(&self) -> Result<&[OfficeLine], ReportError> {
        if self.level == UnitLevel::Office {
            return Err(ReportError::OfficeRanking(self.unit.code.clone()));
        }
        Ok(&self.offices)
    }
}

/// The unit of a code, matched exactly or else whatever its case.
fn find_unit(units: &UnitTree, code: &str) -> Option<i32> {
    let code = code.trim();
    units.find(code).or_else(|| {
        units
            .listed()
            .find(|&id| units.code(id).is_some_and(|c| c.eq_ignore_ascii_case(code)))
    })
}

/// A domain error, with the unit the report is for unknown on the day asked reported as such.
fn unknown(e: DomainError, code: &str) -> ReportError {
    match e {
        DomainError::UnknownUnit(_) => ReportError::UnknownUnit(code.to_owned()),
        other => other.into(),
    }
}

/// The office rows as lines, with their ranks.
fn ranked(units: &UnitTree, rows: &[StatsRow]) -> Vec<OfficeLine> {
    let lines: Vec<(Named, Figures)> = rows
        .iter()
        .filter_map(|row| Some((Named::of(units, row.unit.as_deref()?), Figures::of(row))))
        .collect();
    let rank = |form: Form, figures: &Figures| {
        let rate = figures.measure(form).rate?;
        let above = lines
            .iter()
            .filter(|(_, f)| f.measure(form).rate.is_some_and(|r| r > rate))
            .count();
        u32::try_from(above + 1).ok()
    };
    lines
        .iter()
        .map(|(office, figures)| OfficeLine {
            office: office.clone(),
            figures: *figures,
            rank_cases: rank(Form::Cases, figures),
            rank_money: rank(Form::Money, figures),
        })
        .collect()
}
