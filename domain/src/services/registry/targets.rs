//! Loading `targets.csv` (`year,unit,measure,rate`): the yearly target rates, all of the file
//! or nothing; or setting one target alone, with the same checks.

use super::csv_file::read_csv;
use crate::entities::{targets, units};
use crate::error::{DomainError, LineProblem};
use crate::form::Form;
use crate::period::Period;
use crate::services::write;
use crate::text::refuse_control;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;
use std::io::Read;

/// What loading `targets.csv` changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TargetsImported {
    /// Targets that were not set before.
    pub created: usize,
    /// Targets whose rate changed.
    pub updated: usize,
    /// Targets already set to the same rate.
    pub unchanged: usize,
}

/// One target as given, before its checks: from a line of the file, or from a request.
struct TargetDraft {
    /// 1-based line number (1 for a target given alone).
    line: u64,
    /// The year, when it is a whole number; `year_text` as given.
    year: Option<i64>,
    year_text: String,
    unit: String,
    measure: Result<Form, String>,
    /// The rate, when it is a number; `rate_text` as given.
    rate: Option<f64>,
    rate_text: String,
}

/// One target, checked.
struct TargetLine {
    line: u64,
    year: i32,
    unit: String,
    measure: Form,
    rate: f64,
}

/// One target to set, given alone rather than in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetInput {
    /// The enforcement year.
    pub year: i32,
    /// The unit's code.
    pub unit: String,
    /// Cases or money.
    pub measure: Form,
    /// The rate, a percentage 0–100.
    pub rate: f64,
}

/// Rates closer than this are the same rate.
const SAME_RATE: f64 = 1e-9;

/// Loads `targets.csv` (UTF-8, header `year,unit,measure,rate`; `measure` is `cases` or
/// `money`, `rate` a percentage 0–100, `,` or `.` as the decimal mark). Every bad line (a field
/// holding a control character, unknown unit, bad measure, rate or year, the same year, unit
/// and measure twice) is reported with its number in one [`DomainError::Registry`], and then
/// nothing is written; otherwise the targets are set in one transaction.
pub async fn import_targets_csv<C>(
    db: &C,
    reader: impl Read,
) -> Result<TargetsImported, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let file = read_csv(reader, &["year", "unit", "measure", "rate"], &[]);
    let drafts = file
        .lines
        .iter()
        .map(|l| {
            let field = |i: usize| l.fields.get(i).map_or("", String::as_str);
            TargetDraft {
                line: l.line,
                year: field(0).parse::<i64>().ok(),
                year_text: field(0).to_owned(),
                unit: field(1).to_owned(),
                measure: field(2).parse::<Form>().map_err(|e| e.to_string()),
                rate: field(3).replace(',', ".").parse::<f64>().ok(),
                rate_text: field(3).to_owned(),
            }
        })
        .collect();
    save_targets(db, drafts, file.problems).await
}

/// Sets one target, with the same checks as a line of `targets.csv` (its unit's code holds no
/// control character either). A target that fails them is [`DomainError::Invalid`], and
/// nothing is written.
pub async fn set_target<C>(db: &C, target: TargetInput) -> Result<TargetsImported, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    refuse_control("unit", &target.unit).map_err(DomainError::Invalid)?;
    let draft = TargetDraft {
        line: 1,
        year: Some(i64::from(target.year)),
        year_text: target.year.to_string(),
        unit: target.unit.trim().to_owned(),
        measure: Ok(target.measure),
        rate: Some(target.rate),
        rate_text: target.rate.to_string(),
    };
    match save_targets(db, vec![draft], Vec::new()).await {
        Err(DomainError::Registry(problems)) => Err(DomainError::invalid(&problems)),
        other => other,
    }
}

/// Checks the targets and writes them in one transaction when neither they nor `problems`
/// (found while reading them) hold a problem.
async fn save_targets<C>(
    db: &C,
    drafts: Vec<TargetDraft>,
    mut problems: Vec<LineProblem>,
) -> Result<TargetsImported, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = write::begin(db).await?;
    let unit_ids: HashMap<String, i32> = units::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| (u.code, u.id))
        .collect();
    let lines: Vec<TargetLine> = drafts
        .into_iter()
        .filter_map(|d| check_target(d, &unit_ids, &mut problems))
        .collect();
    let mut seen: HashMap<(i32, &str, Form), u64> = HashMap::new();
    for t in &lines {
        match seen.get(&(t.year, t.unit.as_str(), t.measure)) {
            Some(first) => problems.push(LineProblem::new(
                t.line,
                format!(
                    "the {} target of {} for {} is already set on line {first}",
                    t.measure, t.unit, t.year
                ),
            )),
            None => {
                seen.insert((t.year, &t.unit, t.measure), t.line);
            }
        }
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(DomainError::Registry(problems));
    }
    let outcome = write_targets(&txn, &lines, &unit_ids).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// The target, checked; `None` when any of its fields is bad (each reported).
fn check_target(
    d: TargetDraft,
    unit_ids: &HashMap<String, i32>,
    problems: &mut Vec<LineProblem>,
) -> Option<TargetLine> {
    let start = problems.len();
    let mut problem = |message: String| problems.push(LineProblem::new(d.line, message));
    let year = match d.year {
        Some(y) if (i64::from(Period::MIN_YEAR)..=i64::from(Period::MAX_YEAR)).contains(&y) => {
            i32::try_from(y).ok()
        }
        _ => {
            problem(format!(
                "year must be a whole number from {} to {}, found {:?}",
                Period::MIN_YEAR,
                Period::MAX_YEAR,
                d.year_text
            ));
            None
        }
    };
    if d.unit.is_empty() {
        problem("empty unit".to_owned());
    } else if !unit_ids.contains_key(&d.unit) {
        problem(format!("unknown unit {}: not in the unit registry", d.unit));
    }
    let measure = d.measure.map_err(&mut problem).ok();
    let rate = match d.rate {
        Some(r) if r.is_finite() && (0.0..=100.0).contains(&r) => Some(r),
        _ => {
            problem(format!(
                "rate must be a percentage from 0 to 100, found {:?}",
                d.rate_text
            ));
            None
        }
    };
    if problems.len() > start {
        return None;
    }
    Some(TargetLine {
        line: d.line,
        year: year?,
        unit: d.unit,
        measure: measure?,
        rate: rate?,
    })
}

/// Sets every target (they are checked).
async fn write_targets(
    txn: &impl ConnectionTrait,
    lines: &[TargetLine],
    unit_ids: &HashMap<String, i32>,
) -> Result<TargetsImported, DomainError> {
    let mut years: Vec<i32> = lines.iter().map(|t| t.year).collect();
    years.sort_unstable();
    years.dedup();
    let stored: HashMap<(i32, i32, Form), targets::Model> = targets::Entity::find()
        .filter(targets::Column::Year.is_in(years))
        .all(txn)
        .await?
        .into_iter()
        .map(|t| ((t.year, t.unit_id, t.measure), t))
        .collect();
    let mut outcome = TargetsImported::default();
    let mut new = Vec::new();
    for t in lines {
        let unit_id = *unit_ids
            .get(&t.unit)
            .ok_or_else(|| DomainError::UnknownUnit(t.unit.clone()))?;
        match stored.get(&(t.year, unit_id, t.measure)) {
            Some(old) if (old.rate - t.rate).abs() < SAME_RATE => outcome.unchanged += 1,
            Some(old) => {
                targets::Entity::update_many()
                    .col_expr(targets::Column::Rate, Expr::value(t.rate))
                    .filter(targets::Column::Id.eq(old.id))
                    .exec(txn)
                    .await?;
                outcome.updated += 1;
            }
            None => {
                new.push(targets::ActiveModel {
                    id: NotSet,
                    year: Set(t.year),
                    unit_id: Set(unit_id),
                    measure: Set(t.measure),
                    rate: Set(t.rate),
                });
                outcome.created += 1;
            }
        }
    }
    // Five values a row: a thousand rows stay far under the bind limits.
    for chunk in new.chunks(1000) {
        targets::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(outcome)
}
