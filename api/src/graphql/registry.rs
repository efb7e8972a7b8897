//! The admin's mutations of the registry: `upsertUnit`, `setDueDay` and `setTarget`, with
//! exactly the checks of `thads units import` and `thads targets import` (the registry service
//! runs them for both).

use crate::graphql::cache::db;
use crate::graphql::caller::caller;
use crate::graphql::completeness::Form;
use crate::graphql::errors::{OrGql, internal};
use crate::graphql::scalars::Date;
use crate::graphql::units::{Unit, UnitLevel};
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use std::sync::Arc;
use thads_domain::services::registry;
use thads_domain::services::registry::UnitTree;

/// A unit to create, or to update by its code.
#[derive(Debug, Clone, InputObject)]
pub struct UnitInput {
    /// Its code, e.g. `LA-TANTRU`: the unit to update, or the new unit's.
    pub code: String,
    /// Its official name, e.g. "Chi cục Thi hành án dân sự huyện Tân Trụ".
    pub name: String,
    /// Its parent's code; null for a top unit. An office belongs to a province or the nation.
    pub parent: Option<String>,
    /// Its level.
    pub level: UnitLevel,
    /// The other spellings offices write for it, replacing those it had; null keeps them.
    pub aliases: Option<Vec<String>>,
    /// Its first day; null keeps the one stored (a new unit: it always existed).
    pub valid_from: Option<Date>,
    /// Its last day (inclusive); null keeps the one stored (a new unit: it has not ended).
    pub valid_to: Option<Date>,
    /// The code of the unit that takes over the day after `validTo`, which must start that
    /// day; null keeps the one stored (a new unit: none).
    pub successor: Option<String>,
}

/// What a mutation of the registry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum RegistryChange {
    /// It was not there: created.
    Created,
    /// It was there and has changed.
    Updated,
    /// It was there exactly so: nothing changed.
    Unchanged,
}

impl RegistryChange {
    fn of(created: usize, updated: usize) -> Self {
        if created > 0 {
            RegistryChange::Created
        } else if updated > 0 {
            RegistryChange::Updated
        } else {
            RegistryChange::Unchanged
        }
    }
}

/// A unit as `upsertUnit` left it.
#[derive(SimpleObject)]
pub struct UnitChange {
    /// The unit, as stored now.
    pub unit: Unit,
    /// What changed.
    pub change: RegistryChange,
}

/// A yearly target rate of a unit for one measure; the units below it without their own
/// inherit it.
#[derive(Debug, Clone)]
pub struct Target {
    year: i32,
    unit: String,
    measure: Form,
    rate: f64,
}

/// A yearly target rate of a unit for one measure.
#[Object]
impl Target {
    /// The enforcement year.
    async fn year(&self) -> i32 {
        self.year
    }

    /// The unit it is set for.
    async fn unit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Unit>> {
        Unit::lookup(ctx, &self.unit).await
    }

    /// Cases or money.
    async fn measure(&self) -> Form {
        self.measure
    }

    /// The rate in percent, 0–100.
    async fn rate(&self) -> f64 {
        self.rate
    }
}

/// A target as `setTarget` left it.
#[derive(SimpleObject)]
pub struct TargetChange {
    /// The target, as stored now.
    pub target: Target,
    /// What changed.
    pub change: RegistryChange,
}

/// The mutations of the registry; only an admin's token may use them.
#[derive(Default)]
pub struct RegistryMutation;

#[Object]
impl RegistryMutation {
    /// Creates a unit, or updates the unit with this code, with the checks of `units.csv`
    /// (known parent of a higher level, no cycle, no name or alias that reads the same as a
    /// sibling's at the same time, a parent valid over the unit's validity, a successor that
    /// starts the day after the unit ends). A unit that fails them is `BAD_USER_INPUT` and
    /// nothing changes.
    async fn upsert_unit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The unit.")] unit: UnitInput,
    ) -> async_graphql::Result<UnitChange> {
        caller(ctx).admin().or_gql()?;
        let db = db(ctx)?;
        let code = unit.code.trim().to_owned();
        let input = registry::UnitInput {
            code: unit.code,
            name: unit.name,
            parent: unit.parent,
            level: unit.level.into(),
            aliases: unit.aliases,
            valid_from: unit.valid_from.map(|Date(d)| d),
            valid_to: unit.valid_to.map(|Date(d)| d),
            successor: unit.successor,
        };
        let done = registry::upsert_unit(db, input).await.or_gql()?;
        // A registry of its own: the request's may have been read before the change.
        let dir = Arc::new(UnitTree::load(db).await.or_gql()?);
        let unit = Unit::find(&dir, &code)
            .ok_or_else(|| internal(&format!("unit {code} is not there after its upsert")))?;
        Ok(UnitChange {
            unit,
            change: RegistryChange::of(done.created, done.updated),
        })
    }

    /// Sets the day of the month after each period by which the offices below a unit must
    /// have sent their reports of it (1–28; e.g. 5 on a province), or removes it with null so
    /// that the unit takes its nearest ancestor's. A day out of range is `BAD_USER_INPUT`, an
    /// unknown unit `NOT_FOUND`; then nothing changes. Returns the unit as it stands now.
    async fn set_due_day(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The unit's code, usually a province's.")] unit: String,
        #[graphql(desc = "The day, 1–28; null to remove the unit's own.")] day: Option<i64>,
    ) -> async_graphql::Result<Unit> {
        caller(ctx).admin().or_gql()?;
        let db = db(ctx)?;
        registry::set_due_day(db, &unit, day).await.or_gql()?;
        // A registry of its own: the request's may have been read before the change.
        let dir = Arc::new(UnitTree::load(db).await.or_gql()?);
        let code = unit.trim();
        Unit::find(&dir, code)
            .ok_or_else(|| internal(&format!("unit {code} is not there after its change")))
    }

    /// Sets the target rate of a unit for a year and measure, with the checks of
    /// `targets.csv` (known unit, year in range, rate 0–100). A target that fails them is
    /// `BAD_USER_INPUT` and nothing changes.
    async fn set_target(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The enforcement year, e.g. 2020.")] year: i32,
        #[graphql(desc = "The unit's code.")] unit: String,
        #[graphql(desc = "Cases or money.")] measure: Form,
        #[graphql(desc = "The rate in percent, 0–100.")] rate: f64,
    ) -> async_graphql::Result<TargetChange> {
        caller(ctx).admin().or_gql()?;
        let code = unit.trim().to_owned();
        // As given: the service trims it itself, after refusing any control character in it.
        let input = registry::TargetInput {
            year,
            unit,
            measure: measure.into(),
            rate,
        };
        let done = registry::set_target(db(ctx)?, input).await.or_gql()?;
        Ok(TargetChange {
            target: Target {
                year,
                unit: code,
                measure,
                rate,
            },
            change: RegistryChange::of(done.created, done.updated),
        })
    }
}
