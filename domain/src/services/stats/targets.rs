//! The yearly targets that apply to the rows: a unit without its own target takes its nearest
//! ancestor's.

use super::aggregate::Years;
use crate::entities::targets;
use crate::form::Form;
use crate::services::registry::UnitTree;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The targets of the years of a request, by year, unit and measure.
pub(super) struct Targets(HashMap<(i32, i32, Form), f64>);

impl Targets {
    /// The targets of the years, in one statement.
    pub(super) async fn load(db: &impl ConnectionTrait, years: Years) -> Result<Self, DbErr> {
        let stored = targets::Entity::find()
            .filter(targets::Column::Year.is_in(years.list()))
            .all(db)
            .await?;
        Ok(Self(
            stored
                .into_iter()
                .map(|t| ((t.year, t.unit_id, t.measure), t.rate))
                .collect(),
        ))
    }

    /// The target rate of a unit for a year and measure: its own, else its nearest
    /// ancestor's; `None` without a unit or when none is set up the tree.
    pub(super) fn of(
        &self,
        units: &UnitTree,
        year: i32,
        unit: Option<i32>,
        form: Form,
    ) -> Option<f64> {
        units.inherit(unit?, |u| self.0.get(&(year, u, form)).copied())
    }
}
