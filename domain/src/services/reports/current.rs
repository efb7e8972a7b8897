//! The current reports of the offices and months a batch touches: read in two queries when the
//! batch starts, then kept up to date in memory as each file of the batch is planned, so that a
//! file sees the files before it exactly as if each had been stored on its own.

use crate::entities::{report_rows, reports};
use crate::form::Form;
use crate::outcome::Outcome;
use crate::period::Period;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, HashMap};

/// One office's report of one period and form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Slot {
    pub unit_id: i32,
    pub period: Period,
    pub form: Form,
}

/// Where a current report is: already stored, or planned by this batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// Stored, with this id.
    Stored(i32),
    /// The batch's new report with this index.
    Planned(usize),
}

/// A current report: where it is, its digest and its rows by case type code.
#[derive(Debug, Clone)]
pub(super) struct Held {
    pub source: Source,
    pub content_hash: String,
    pub rows: HashMap<String, Outcome>,
}

/// The current reports of some offices and months.
#[derive(Debug, Default)]
pub(super) struct CurrentReports {
    held: HashMap<Slot, Held>,
}

impl CurrentReports {
    /// Reads the current reports of `unit_ids` for each of `periods` and the months beside it,
    /// with their rows; `case_codes` names the case types by id.
    pub async fn load(
        db: &impl ConnectionTrait,
        unit_ids: &[i32],
        periods: &[Period],
        case_codes: &HashMap<i32, String>,
    ) -> Result<Self, DbErr> {
        let mut current = Self::default();
        if unit_ids.is_empty() || periods.is_empty() {
            return Ok(current);
        }
        let years: BTreeSet<i32> = periods.iter().map(|p| p.year()).collect();
        let months: BTreeSet<i32> = periods
            .iter()
            .flat_map(|&p| [p.previous_month(), Some(p), p.next_month()])
            .flatten()
            .map(|p| i32::from(p.months()))
            .collect();
        // Offices × years × months may read a few reports no file needs (another office's
        // month): cheaper than a condition per file.
        let stored = reports::Entity::find()
            .filter(reports::Column::UnitId.is_in(unit_ids.iter().copied()))
            .filter(reports::Column::Year.is_in(years))
            .filter(reports::Column::Months.is_in(months))
            .filter(reports::Column::IsCurrent.eq(true))
            .all(db)
            .await?;
        if stored.is_empty() {
            return Ok(current);
        }
        let mut slots = HashMap::with_capacity(stored.len());
        for report in stored {
            // A stored report always has a valid period; one that had not could not be
            // compared with anything and is passed over.
            let Ok(period) = Period::new(i64::from(report.year), i64::from(report.months)) else {
                continue;
            };
            let slot = Slot {
                unit_id: report.unit_id,
                period,
                form: report.form,
            };
            slots.insert(report.id, slot);
            current.held.insert(
                slot,
                Held {
                    source: Source::Stored(report.id),
                    content_hash: report.content_hash,
                    rows: HashMap::new(),
                },
            );
        }
        let rows = report_rows::Entity::find()
            .filter(report_rows::Column::ReportId.is_in(slots.keys().copied()))
            .all(db)
            .await?;
        for row in rows {
            let held = slots
                .get(&row.report_id)
                .and_then(|slot| current.held.get_mut(slot));
            if let (Some(held), Some(code)) = (held, case_codes.get(&row.case_type_id)) {
                held.rows.insert(code.clone(), row.outcome());
            }
        }
        Ok(current)
    }

    /// The current report of a slot.
    pub fn get(&self, slot: &Slot) -> Option<&Held> {
        self.held.get(slot)
    }

    /// Makes `held` the current report of `slot`; returns the one it replaces.
    pub fn replace(&mut self, slot: Slot, held: Held) -> Option<Held> {
        self.held.insert(slot, held)
    }

    /// The current reports of the same office and form for the month before and the month
    /// after `slot`'s, earliest first.
    pub fn neighbours(&self, slot: Slot) -> impl Iterator<Item = (Period, &Held)> {
        [slot.period.previous_month(), slot.period.next_month()]
            .into_iter()
            .flatten()
            .filter_map(move |period| {
                let held = self.held.get(&Slot { period, ..slot })?;
                Some((period, held))
            })
    }
}
