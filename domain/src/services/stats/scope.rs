//! From a request to sets: which offices and leaf case types a filter means, how the rows are
//! grouped, and which groups there are (every expected one, reported or not).
//!
//! Units change over time (a reorganisation ends offices and starts their successors), so a
//! request is read on one day, its structure day: the rows are the units in force that day,
//! and every office's figures count for the unit that stands for it that day (itself, or the
//! successor it was merged into). On a day when nothing had ended, every office stands for
//! itself and this is the plain registry.

use crate::error::DomainError;
use crate::services::registry::{CaseTree, UnitTree};
use crate::stats::{Dimension, StatsFilter};
use crate::units::UnitLevel;
use chrono::NaiveDate;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a filter counts.
pub(super) struct Scope {
    /// The offices whose reports count, sorted by code: every office that stands, on the
    /// structure day, for an office of the filter in force that day.
    pub offices: Vec<i32>,
    /// Whether `offices` is every office (then the statement needs no unit filter).
    pub all_offices: bool,
    /// The offices of the filter in force on the structure day, sorted by code.
    pub in_force: Vec<i32>,
    /// The office in force on the structure day that each office of `offices` stands for.
    pub stands_for: HashMap<i32, i32>,
    /// The leaf case types, in tree order.
    pub leaves: Vec<i32>,
    /// Whether `leaves` is every leaf.
    pub all_leaves: bool,
    /// The unit whose target applies to rows not grouped by unit: the nearest common ancestor
    /// of the filter's units (itself for one unit), or of the tops of the tree without a unit
    /// filter; `None` when they have none.
    pub target_unit: Option<i32>,
}

/// The offices and leaves a filter means on the structure day `day`. Unit codes at any level
/// stand for the offices of their subtree in force that day, case type codes for their
/// leaves; an empty list means everything. An unknown code is [`DomainError::UnknownUnit`]
/// or [`DomainError::UnknownCaseType`].
pub(super) fn scope(
    units: &UnitTree,
    cases: &CaseTree,
    filter: &StatsFilter,
    day: NaiveDate,
) -> Result<Scope, DomainError> {
    let all_offices = units.offices();
    let (wanted, target_unit): (HashSet<i32>, _) = if filter.units.is_empty() {
        (
            all_offices.iter().copied().collect(),
            units.common_ancestor(&units.roots()),
        )
    } else {
        let mut chosen = Vec::with_capacity(filter.units.len());
        let mut wanted = HashSet::new();
        for code in &filter.units {
            chosen.push(units.id_of(code)?);
            wanted.extend(units.offices_of(code)?);
        }
        (wanted, units.common_ancestor(&chosen))
    };
    let in_force: Vec<i32> = all_offices
        .iter()
        .copied()
        .filter(|&o| wanted.contains(&o) && units.valid_on(o, day))
        .collect();
    let standing = units.standing_for(&in_force.iter().copied().collect(), day);
    let offices: Vec<i32> = standing.iter().map(|&(office, _)| office).collect();
    let stands_for: HashMap<i32, i32> = standing.into_iter().collect();
    let all_leaves = cases.leaves();
    let leaves = if filter.case_types.is_empty() {
        all_leaves.clone()
    } else {
        let mut wanted = HashSet::new();
        for code in &filter.case_types {
            wanted.extend(cases.leaves_of(code)?);
        }
        all_leaves
            .iter()
            .copied()
            .filter(|l| wanted.contains(l))
            .collect()
    };
    Ok(Scope {
        all_offices: offices.len() == all_offices.len(),
        offices,
        in_force,
        stands_for,
        all_leaves: leaves.len() == all_leaves.len(),
        leaves,
        target_unit,
    })
}

/// How rows are split by unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitSplit {
    /// One row for all the offices of the filter.
    Whole,
    /// A row per office.
    Office,
    /// A row per office's parent (its province).
    Province,
}

/// How rows are split by case type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CaseSplit {
    /// One row for all the leaves of the filter.
    Whole,
    /// A row per leaf.
    Leaf,
    /// A row per group.
    Group,
}

/// The grouping of a request. Of the unit dimensions, OFFICE wins over PROVINCE (an office
/// row already names one province); of the case dimensions, CASE_TYPE wins over CASE_GROUP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Grouping {
    pub unit: UnitSplit,
    pub case: CaseSplit,
}

impl Grouping {
    /// The grouping of these dimensions, in any order and number.
    pub(super) fn of(dimensions: &[Dimension]) -> Self {
        let has = |d| dimensions.contains(&d);
        let unit = if has(Dimension::Office) {
            UnitSplit::Office
        } else if has(Dimension::Province) {
            UnitSplit::Province
        } else {
            UnitSplit::Whole
        };
        let case = if has(Dimension::CaseType) {
            CaseSplit::Leaf
        } else if has(Dimension::CaseGroup) {
            CaseSplit::Group
        } else {
            CaseSplit::Whole
        };
        Self { unit, case }
    }
}

/// The unit part of a row.
pub(super) struct UnitGroup {
    /// The office or province; `None` when not split by unit.
    pub id: Option<i32>,
    /// The offices of the scope whose figures it holds, at any time.
    pub members: Vec<i32>,
    /// The unit whose target applies.
    pub target_unit: Option<i32>,
}

impl UnitGroup {
    /// How many of its offices exist on `day`: the offices expected to report for a period
    /// ending that day.
    pub(super) fn expected(&self, units: &UnitTree, day: NaiveDate) -> u32 {
        let n = self
            .members
            .iter()
            .filter(|&&o| units.valid_on(o, day))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Those offices, by id, in the group's order.
    pub(super) fn expected_offices(&self, units: &UnitTree, day: NaiveDate) -> Vec<i32> {
        self.members
            .iter()
            .copied()
            .filter(|&o| units.valid_on(o, day))
            .collect()
    }

    /// Whether its offices on `day` are not the same as on `before` (some ended, others
    /// started in between).
    pub(super) fn changed(&self, units: &UnitTree, before: NaiveDate, day: NaiveDate) -> bool {
        self.members
            .iter()
            .any(|&o| units.valid_on(o, before) != units.valid_on(o, day))
    }
}

/// Every unit group of the scope, sorted by code: every office of the filter in force on the
/// structure day, or every parent of one, or the whole; each with the offices that stand for
/// it.
pub(super) fn unit_groups(units: &UnitTree, scope: &Scope, split: UnitSplit) -> Vec<UnitGroup> {
    match split {
        UnitSplit::Whole => vec![UnitGroup {
            id: None,
            members: scope.offices.clone(),
            target_unit: scope.target_unit,
        }],
        UnitSplit::Office | UnitSplit::Province => {
            let mut groups: BTreeMap<&str, UnitGroup> = BTreeMap::new();
            for &now in &scope.in_force {
                let Some(id) = group_of(units, split, now) else {
                    continue; // every office has a parent (checked when the registry is loaded)
                };
                let code = units.code(id).unwrap_or_default();
                groups.entry(code).or_insert(UnitGroup {
                    id: Some(id),
                    members: Vec::new(),
                    target_unit: Some(id),
                });
            }
            for &office in &scope.offices {
                let group = scope
                    .stands_for
                    .get(&office)
                    .and_then(|&now| group_of(units, split, now))
                    .and_then(|id| units.code(id))
                    .and_then(|code| groups.get_mut(code));
                if let Some(group) = group {
                    group.members.push(office);
                }
            }
            groups.into_values().collect()
        }
    }
}

/// The group of an office in force: itself, or its parent.
fn group_of(units: &UnitTree, split: UnitSplit, office: i32) -> Option<i32> {
    match split {
        UnitSplit::Whole => None,
        UnitSplit::Office => Some(office),
        UnitSplit::Province => units.parent(office),
    }
}

/// The offices whose figures the statement must count under another group than its plain
/// key (the office itself, or its parent): offices that ended and stand for a successor, as
/// pairs (office, group). Empty when nothing in the scope ended by the structure day.
pub(super) fn moved_keys(units: &UnitTree, scope: &Scope, split: UnitSplit) -> Vec<(i32, i32)> {
    if split == UnitSplit::Whole {
        return Vec::new();
    }
    scope
        .offices
        .iter()
        .filter_map(|&office| {
            let now = *scope.stands_for.get(&office)?;
            let group = group_of(units, split, now)?;
            (group_of(units, split, office) != Some(group)).then_some((office, group))
        })
        .collect()
}

/// The parents whose period sums (`period_sums`, one row per parent, period, form and case
/// group) the statement may read in place of their offices' reports, each with the group its
/// offices count under (its own id when not split by unit): `None` when some parent cannot be
/// read whole, because the request splits by office, some of the parent's offices are outside
/// the filter, or its offices count under different groups (a parent split between successors
/// on the structure day). A parent is an office's parent unit, or the office itself when it
/// has none, as in the sums.
pub(super) fn whole_parents(
    units: &UnitTree,
    scope: &Scope,
    split: UnitSplit,
) -> Option<Vec<(i32, i32)>> {
    if split == UnitSplit::Office {
        return None;
    }
    let mut parents: BTreeMap<i32, i32> = BTreeMap::new();
    for &office in &scope.offices {
        let parent = units.parent(office).unwrap_or(office);
        let group = match split {
            UnitSplit::Whole => parent,
            _ => group_of(units, split, *scope.stands_for.get(&office)?)?,
        };
        match parents.entry(parent) {
            Entry::Vacant(e) => {
                e.insert(group);
            }
            Entry::Occupied(e) if *e.get() == group => {}
            Entry::Occupied(_) => return None,
        }
    }
    if !scope.all_offices {
        let counted: HashSet<i32> = scope.offices.iter().copied().collect();
        let outside = parents.keys().any(|&parent| {
            units.children(parent).iter().any(|&child| {
                units.level(child) == Some(UnitLevel::Office) && !counted.contains(&child)
            })
        });
        if outside {
            return None;
        }
    }
    Some(parents.into_iter().collect())
}

/// Every case group of the scope, in tree order: every leaf, or every group holding one, or
/// the whole (`None`).
pub(super) fn case_groups(cases: &CaseTree, scope: &Scope, split: CaseSplit) -> Vec<Option<i32>> {
    match split {
        CaseSplit::Whole => vec![None],
        CaseSplit::Leaf => scope.leaves.iter().copied().map(Some).collect(),
        CaseSplit::Group => {
            let mut groups: Vec<i32> = scope
                .leaves
                .iter()
                .filter_map(|&l| cases.parent(l))
                .collect();
            groups.sort_by_key(|&g| cases.rank(g));
            groups.dedup();
            groups.into_iter().map(Some).collect()
        }
    }
}
