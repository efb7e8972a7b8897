//! Which offices sent which forms for a period, and from which file.

use crate::entities::{imports, reports};
use crate::error::DomainError;
use crate::form::Form;
use crate::period::Period;
use crate::services::registry::UnitTree;
use crate::stats::{Received, ReportStatus};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait,
};
use std::collections::{HashMap, HashSet};

/// One stored report of the period: its office, form, whether current, when it was stored,
/// and its import's id, file name and source.
type Version = (i32, Form, bool, DateTime<Utc>, i32, String, String);

/// For every office of a unit's subtree (every office without a unit) that exists on the
/// period's last day, the offices expected to report it, and each form, cases first: the
/// current report received for the period, with its import, or none (missing); when the first
/// report arrived, and when it was due. With `as_of`, the unit's subtree is taken on that day
/// and the offices expected are those of the period's last day that stand for it then (a
/// regional office's predecessors, for a period before it started), as `stats` counts them
/// with the same `as_of`. Sorted by office code. One statement beside the registry the caller
/// loaded: every report of the period, current or replaced, with its import (a few per office
/// and form, so they are picked in memory).
/// An unknown unit is [`DomainError::UnknownUnit`].
pub async fn completeness(
    db: &impl ConnectionTrait,
    units: &UnitTree,
    period: Period,
    unit: Option<&str>,
    as_of: Option<NaiveDate>,
) -> Result<Vec<ReportStatus>, DomainError> {
    let day = as_of.unwrap_or(period.end());
    let mut wanted: HashSet<i32> = match unit {
        Some(code) => units.offices_of(code)?,
        None => units.offices(),
    }
    .into_iter()
    .collect();
    wanted.retain(|&o| units.valid_on(o, day));
    let offices: Vec<i32> = units
        .standing_for(&wanted, day)
        .into_iter()
        .map(|(office, _)| office)
        .filter(|&o| units.valid_on(o, period.end()))
        .collect();
    // Only the columns needed: an import's problems (JSON) can be long.
    let versions: Vec<Version> = reports::Entity::find()
        .select_only()
        .columns([
            reports::Column::UnitId,
            reports::Column::Form,
            reports::Column::IsCurrent,
            reports::Column::CreatedAt,
            reports::Column::ImportId,
        ])
        .columns([imports::Column::FileName, imports::Column::Source])
        .join(JoinType::InnerJoin, reports::Relation::Import.def())
        .filter(reports::Column::Year.eq(period.year()))
        .filter(reports::Column::Months.eq(i32::from(period.months())))
        .into_tuple()
        .all(db)
        .await?;
    let mut received: HashMap<(i32, Form), Received> = HashMap::with_capacity(versions.len());
    let mut first: HashMap<(i32, Form), DateTime<Utc>> = HashMap::with_capacity(versions.len());
    for (unit_id, form, is_current, created_at, import_id, file_name, source) in versions {
        let key = (unit_id, form);
        first
            .entry(key)
            .and_modify(|at| *at = (*at).min(created_at))
            .or_insert(created_at);
        if is_current {
            let from = Received {
                at: created_at,
                import_id,
                file_name,
                source,
            };
            received.insert(key, from);
        }
    }
    let mut statuses = Vec::with_capacity(offices.len() * Form::ALL.len());
    for office in offices {
        let code = units.code(office).unwrap_or_default();
        let due = units.due_day(office).map(|day| period.due(day));
        for form in Form::ALL {
            statuses.push(ReportStatus {
                unit: code.to_owned(),
                form,
                period,
                received: received.remove(&(office, form)),
                first_received: first.remove(&(office, form)),
                due,
            });
        }
    }
    Ok(statuses)
}
