//! From a request to sets: which offices and leaf case types a filter means, how the rows are
//! grouped, and which groups there are (every expected one, reported or not).

use crate::error::DomainError;
use crate::services::registry::{CaseTree, UnitTree};
use crate::stats::{Dimension, StatsFilter};
use std::collections::{BTreeMap, HashSet};

/// What a filter counts.
pub(super) struct Scope {
    /// The offices, sorted by code.
    pub offices: Vec<i32>,
    /// Whether `offices` is every office (then the statement needs no unit filter).
    pub all_offices: bool,
    /// The leaf case types, in tree order.
    pub leaves: Vec<i32>,
    /// Whether `leaves` is every leaf.
    pub all_leaves: bool,
    /// The unit whose target applies to rows not grouped by unit: the nearest common ancestor
    /// of the filter's units (itself for one unit), or of the tops of the tree without a unit
    /// filter; `None` when they have none.
    pub target_unit: Option<i32>,
}

/// The offices and leaves a filter means. Unit codes at any level stand for the offices of
/// their subtree, case type codes for their leaves; an empty list means everything. An unknown
/// code is [`DomainError::UnknownUnit`] or [`DomainError::UnknownCaseType`].
pub(super) fn scope(
    units: &UnitTree,
    cases: &CaseTree,
    filter: &StatsFilter,
) -> Result<Scope, DomainError> {
    let all_offices = units.offices();
    let (offices, target_unit) = if filter.units.is_empty() {
        (all_offices.clone(), units.common_ancestor(&units.roots()))
    } else {
        let mut chosen = Vec::with_capacity(filter.units.len());
        let mut wanted = HashSet::new();
        for code in &filter.units {
            chosen.push(units.id_of(code)?);
            wanted.extend(units.offices_of(code)?);
        }
        let offices: Vec<i32> = all_offices
            .iter()
            .copied()
            .filter(|o| wanted.contains(o))
            .collect();
        (offices, units.common_ancestor(&chosen))
    };
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
    /// How many offices of the filter it holds.
    pub expected: u32,
    /// The unit whose target applies.
    pub target_unit: Option<i32>,
}

/// Every unit group of the scope, sorted by code: every office of the filter, or every parent
/// of one, or the whole.
pub(super) fn unit_groups(units: &UnitTree, scope: &Scope, split: UnitSplit) -> Vec<UnitGroup> {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match split {
        UnitSplit::Whole => vec![UnitGroup {
            id: None,
            expected: count(scope.offices.len()),
            target_unit: scope.target_unit,
        }],
        UnitSplit::Office => scope
            .offices
            .iter()
            .map(|&o| UnitGroup {
                id: Some(o),
                expected: 1,
                target_unit: Some(o),
            })
            .collect(),
        UnitSplit::Province => {
            let mut parents: BTreeMap<&str, (i32, usize)> = BTreeMap::new();
            for &office in &scope.offices {
                let Some(parent) = units.parent(office) else {
                    continue; // every office has a parent (checked when the registry is loaded)
                };
                let code = units.code(parent).unwrap_or_default();
                parents.entry(code).or_insert((parent, 0)).1 += 1;
            }
            parents
                .into_values()
                .map(|(id, n)| UnitGroup {
                    id: Some(id),
                    expected: count(n),
                    target_unit: Some(id),
                })
                .collect()
        }
    }
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
