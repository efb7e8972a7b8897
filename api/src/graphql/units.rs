//! Units: the nation, provinces and the offices that report, as a tree.

use crate::graphql::cache;
use crate::graphql::errors::not_found;
use crate::graphql::scalars::Date;
use async_graphql::{Context, Enum, Object};
use std::sync::Arc;
use thads_domain::services::registry::UnitTree;

/// The level of a unit in the tree. Only offices report; every other unit is the sum of the
/// offices below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_domain::UnitLevel")]
pub enum UnitLevel {
    /// The whole country.
    Nation,
    /// A province (or centrally run city).
    Province,
    /// An office that sends reports: a district or regional office, or a province's own
    /// department (Cục).
    Office,
}

/// A unit of the registry.
#[derive(Clone)]
pub struct Unit {
    dir: Arc<UnitTree>,
    id: i32,
}

impl Unit {
    /// The unit `id` of the registry.
    fn at(dir: &Arc<UnitTree>, id: i32) -> Self {
        Self {
            dir: Arc::clone(dir),
            id,
        }
    }

    /// The unit with this code, if the registry has it.
    pub fn find(dir: &Arc<UnitTree>, code: &str) -> Option<Self> {
        dir.find(code).map(|id| Self::at(dir, id))
    }

    /// The unit with this code from the request's registry, if it has it.
    pub async fn lookup(ctx: &Context<'_>, code: &str) -> async_graphql::Result<Option<Self>> {
        Ok(Self::find(&cache::units(ctx).await?, code))
    }

    /// The unit with this code, when there is a code and the request's registry has it.
    pub async fn lookup_opt(
        ctx: &Context<'_>,
        code: Option<&str>,
    ) -> async_graphql::Result<Option<Self>> {
        match code {
            Some(code) => Self::lookup(ctx, code).await,
            None => Ok(None),
        }
    }
}

/// A unit of the registry: the nation, a province, or an office that reports.
#[Object]
impl Unit {
    /// Stable code, e.g. `LA-KIENTUONG`.
    async fn code(&self) -> &str {
        self.dir.code(self.id).unwrap_or_default()
    }

    /// Official name, e.g. "Chi cục Thi hành án dân sự thị xã Kiến Tường".
    async fn name(&self) -> &str {
        self.dir.name(self.id).unwrap_or_default()
    }

    /// Nation, province or office.
    async fn level(&self) -> UnitLevel {
        self.dir
            .level(self.id)
            .map_or(UnitLevel::Office, UnitLevel::from)
    }

    /// The unit above; null at the top.
    async fn parent(&self) -> Option<Unit> {
        self.dir.parent(self.id).map(|p| Unit::at(&self.dir, p))
    }

    /// The units directly below, by code.
    async fn children(&self) -> Vec<Unit> {
        self.all(self.dir.children(self.id))
    }

    /// Its first day; null when it always existed.
    async fn valid_from(&self) -> Option<Date> {
        self.dir.validity(self.id).and_then(|v| v.from).map(Date)
    }

    /// Its last day (inclusive); null when it has not ended.
    async fn valid_to(&self) -> Option<Date> {
        self.dir.validity(self.id).and_then(|v| v.to).map(Date)
    }

    /// The unit that takes over the day after `validTo`; null when none does.
    async fn successor(&self) -> Option<Unit> {
        self.dir.successor(self.id).map(|s| Unit::at(&self.dir, s))
    }

    /// The units it took over: those whose successor it is, by code.
    async fn predecessors(&self) -> Vec<Unit> {
        self.all(self.dir.predecessors(self.id))
    }

    /// The day of the month after a period by which the offices below it must have sent
    /// their reports of it (e.g. 5: June's are due on 5 July): its own, else its nearest
    /// ancestor's (see `setDueDay`); null when none is set.
    async fn due_day(&self) -> Option<u8> {
        self.dir.due_day(self.id)
    }
}

impl Unit {
    /// These units of the same registry.
    fn all(&self, ids: &[i32]) -> Vec<Unit> {
        ids.iter().map(|&id| Unit::at(&self.dir, id)).collect()
    }
}

/// The queries of the unit registry.
#[derive(Default)]
pub struct UnitQuery;

#[Object]
impl UnitQuery {
    /// Units of the registry, by code: all of them, or those of one level, or those directly
    /// below one unit, or those that exist on one day (the filters may be combined).
    async fn units(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only units of this level.")] level: Option<UnitLevel>,
        #[graphql(desc = "Only units directly below the unit with this code.")] parent: Option<
            String,
        >,
        #[graphql(
            desc = "Only units that exist on this day (from `validFrom` to `validTo`, \
                          both included)."
        )]
        at: Option<Date>,
    ) -> async_graphql::Result<Vec<Unit>> {
        let dir = cache::units(ctx).await?;
        if let Some(code) = parent.as_deref()
            && dir.find(code).is_none()
        {
            return Err(not_found(format!(
                "unknown unit {code:?}: it is not in the unit registry"
            )));
        }
        let level = level.map(thads_domain::UnitLevel::from);
        let parent_code = |id| dir.parent(id).and_then(|p| dir.code(p));
        Ok(dir
            .listed()
            .filter(|&id| level.is_none() || dir.level(id) == level)
            .filter(|&id| parent.is_none() || parent_code(id) == parent.as_deref())
            .filter(|&id| at.is_none_or(|Date(day)| dir.valid_on(id, day)))
            .map(|id| Unit::at(&dir, id))
            .collect())
    }

    /// The unit with this code; null when the registry has none.
    async fn unit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The unit's code, e.g. `LA`.")] code: String,
    ) -> async_graphql::Result<Option<Unit>> {
        Unit::lookup(ctx, &code).await
    }
}
