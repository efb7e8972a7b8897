//! Rows from sums: every expected group of a period, with its figures, target and previous
//! year. Groups without reports keep `None` values (missing is not zero).

use super::aggregate::{CellKey, Cells, Change};
use super::scope::UnitGroup;
use super::targets::Targets;
use crate::form::Form;
use crate::period::Period;
use crate::services::registry::{CaseTree, UnitTree};
use crate::stats::{Measured, StatsRow};
use std::sync::Arc;

/// Everything a request's rows are made from.
pub(super) struct Frame<'a> {
    /// The unit registry.
    pub units: &'a UnitTree,
    /// The case types.
    pub cases: &'a CaseTree,
    /// The targets of the year and the year before.
    pub targets: &'a Targets,
    /// The sums.
    pub cells: &'a Cells,
    /// The unit groups, sorted by code.
    pub unit_groups: Vec<UnitGroup>,
    /// The case groups, in tree order.
    pub case_groups: Vec<Option<i32>>,
    /// Whether to compute each month alone (series).
    pub month_alone: bool,
}

/// How a group's offices changed into the period's months, in its year and the year before.
#[derive(Debug, Clone, Copy)]
struct Changes {
    current: Option<Change>,
    previous: Option<Change>,
}

impl Frame<'_> {
    /// The rows of a period: every unit group, and within it every case group, in that order.
    pub(super) fn rows(&self, period: Period) -> Vec<StatsRow> {
        let mut rows = Vec::with_capacity(self.unit_groups.len() * self.case_groups.len());
        for unit in &self.unit_groups {
            // Per group, not per row: a group may hold every office of the country.
            let offices: Arc<[i32]> = unit.expected_offices(self.units, period.end()).into();
            let offices_expected = u32::try_from(offices.len()).unwrap_or(u32::MAX);
            let changes = Changes {
                current: self.change(unit, period.year(), period.months()),
                previous: self.change(unit, period.year() - 1, period.months()),
            };
            for &case in &self.case_groups {
                let measure = |form| self.with_previous_year(period, form, unit, case, changes);
                rows.push(StatsRow {
                    unit: unit.id.and_then(|u| self.units.code(u)).map(str::to_owned),
                    case_type: case.and_then(|c| self.cases.code(c)).map(str::to_owned),
                    period,
                    offices_expected,
                    offices: Arc::clone(&offices),
                    cases: measure(Form::Cases),
                    money: measure(Form::Money),
                });
            }
        }
        rows
    }

    /// The figures of a group and form for the period, with those of the same months of the
    /// year before when that year has reports for the group.
    fn with_previous_year(
        &self,
        period: Period,
        form: Form,
        unit: &UnitGroup,
        case: Option<i32>,
        changes: Changes,
    ) -> Measured {
        let months = period.months();
        let previous = self.measured(
            period.year() - 1,
            months,
            form,
            unit,
            case,
            changes.previous,
        );
        let mut current = self.measured(period.year(), months, form, unit, case, changes.current);
        current.previous_year = previous.values.is_some().then(|| Box::new(previous));
        current
    }

    /// The figures of a group for one year, months and form; `change`: how its offices changed
    /// since the month before.
    fn measured(
        &self,
        year: i32,
        months: u8,
        form: Form,
        unit: &UnitGroup,
        case: Option<i32>,
        change: Option<Change>,
    ) -> Measured {
        let key = CellKey {
            year,
            months,
            form,
            unit: unit.id,
            case,
        };
        let cell = self.cells.get(&key);
        Measured {
            values: cell.map(|c| c.values),
            offices_reported: cell.map_or(0, |c| c.offices),
            target: self.targets.of(self.units, year, unit.target_unit, form),
            month_alone: if self.month_alone {
                self.cells.month_alone(&key, change)
            } else {
                None
            },
            previous_year: None,
        }
    }

    /// How the group's offices changed between the end of the month before and the end of
    /// `months`, if they did and the month alone is asked for.
    fn change(&self, unit: &UnitGroup, year: i32, months: u8) -> Option<Change> {
        if !self.month_alone {
            return None;
        }
        let end = |m: u8| {
            Period::new(i64::from(year), i64::from(m))
                .ok()
                .map(Period::end)
        };
        let day = end(months)?;
        let before = end(months.checked_sub(1)?)?;
        unit.changed(self.units, before, day).then(|| Change {
            expected: unit.expected(self.units, day),
            expected_before: unit.expected(self.units, before),
        })
    }
}
