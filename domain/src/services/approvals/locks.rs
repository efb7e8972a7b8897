//! Which offices' periods are locked: the latest action of every unit and period of some
//! years, read in one statement, then answered in memory for any office (walking up its
//! ancestors in the registry).

use crate::approval::ApprovalAction;
use crate::entities::period_approvals;
use crate::period::Period;
use crate::services::registry::UnitTree;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The latest action of each unit and period of the years read.
#[derive(Debug, Clone, Default)]
pub struct Locks {
    latest: HashMap<(i32, i32, i32), period_approvals::Model>,
}

impl Locks {
    /// The latest actions of every unit for the periods of these years, in one statement (none
    /// when `years` is empty).
    pub async fn load(db: &impl ConnectionTrait, years: &[i32]) -> Result<Self, DbErr> {
        let mut years = years.to_vec();
        years.sort_unstable();
        years.dedup();
        if years.is_empty() {
            return Ok(Self::default());
        }
        let all = period_approvals::Entity::find()
            .filter(period_approvals::Column::Year.is_in(years))
            .order_by_asc(period_approvals::Column::Id)
            .all(db)
            .await?;
        let mut latest = HashMap::new();
        for action in all {
            // In order of ids: a later action replaces an earlier one.
            latest.insert((action.unit_id, action.year, action.months), action);
        }
        Ok(Self { latest })
    }

    /// Whether no unit has any action in the years read.
    pub fn is_empty(&self) -> bool {
        self.latest.is_empty()
    }

    /// The latest action on a unit's own period.
    pub fn latest(&self, unit: i32, period: Period) -> Option<&period_approvals::Model> {
        let key = (unit, period.year(), i32::from(period.months()));
        self.latest.get(&key)
    }

    /// The approval that locks a unit's period: the unit's own latest action when it is an
    /// approval, else the nearest ancestor's; `None` when the period is not locked for it.
    pub fn locked_by(
        &self,
        units: &UnitTree,
        unit: i32,
        period: Period,
    ) -> Option<&period_approvals::Model> {
        units
            .lineage(unit)
            .into_iter()
            .filter_map(|u| self.latest(u, period))
            .find(|action| action.action == ApprovalAction::Approve)
    }

    /// The approvals that lock every one of `offices` for the period (one per office, in their
    /// order); `None` when `offices` is empty or any of them is not locked.
    pub fn all_locked(
        &self,
        units: &UnitTree,
        offices: &[i32],
        period: Period,
    ) -> Option<Vec<&period_approvals::Model>> {
        if offices.is_empty() {
            return None;
        }
        offices
            .iter()
            .map(|&office| self.locked_by(units, office, period))
            .collect()
    }
}
