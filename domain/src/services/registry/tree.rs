//! The unit and case-type trees as a request needs them: every node by id and code, its
//! parent, its children, its subtree. Each is loaded in one statement; the rest is done in
//! memory. The GraphQL layer loads them once per request and hands them to the statistics
//! services, which therefore read neither again.

use crate::entities::{case_types, units};
use crate::error::DomainError;
use crate::services::catalog;
use crate::units::{UnitLevel, Validity};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};
use std::collections::{HashMap, HashSet};

/// One unit of the registry.
struct Unit {
    id: i32,
    code: String,
    name: String,
    level: UnitLevel,
    parent: Option<i32>,
    /// When it exists, and its successor's code.
    validity: Validity,
    /// Its successor's id.
    successor: Option<i32>,
    /// Its own due day, 1–28.
    due_day: Option<u8>,
}

/// The unit registry, without the aliases (only the importer reads those).
pub struct UnitTree {
    /// Every unit, in the order the database lists them by code (in its collation): the
    /// order of the registry's own listings (`units`, `children`), as before it was shared.
    units: Vec<Unit>,
    /// Positions in `units`, sorted by code as Rust compares strings: the order of
    /// statistics rows, the same on every database.
    by_code: Vec<usize>,
    index: HashMap<i32, usize>,
    /// The children of each unit, in listed order.
    children: HashMap<i32, Vec<i32>>,
    /// The units whose successor each unit is, in listed order.
    predecessors: HashMap<i32, Vec<i32>>,
}

impl UnitTree {
    /// Every unit, in one statement. A unit whose level is not one of the known ones is
    /// [`DbErr::Type`] (from decoding the column).
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let units = units::Entity::find()
            .order_by_asc(units::Column::Code)
            .all(db)
            .await?;
        Ok(Self::new(units))
    }

    /// The tree of these units, listed in the order given.
    fn new(models: Vec<units::Model>) -> Self {
        let codes: HashMap<i32, String> = models.iter().map(|u| (u.id, u.code.clone())).collect();
        let units: Vec<Unit> = models
            .into_iter()
            .map(|u| Unit {
                id: u.id,
                code: u.code,
                name: u.name,
                level: u.level,
                parent: u.parent_id,
                validity: Validity {
                    from: u.valid_from,
                    to: u.valid_to,
                    successor: u.successor_id.and_then(|id| codes.get(&id).cloned()),
                },
                successor: u.successor_id,
                due_day: u.due_day.and_then(|d| u8::try_from(d).ok()),
            })
            .collect();
        let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
        let mut predecessors: HashMap<i32, Vec<i32>> = HashMap::new();
        for u in &units {
            if let Some(parent) = u.parent {
                children.entry(parent).or_default().push(u.id);
            }
            if let Some(successor) = u.successor {
                predecessors.entry(successor).or_default().push(u.id);
            }
        }
        let mut by_code: Vec<usize> = (0..units.len()).collect();
        by_code.sort_by(|&a, &b| units[a].code.cmp(&units[b].code));
        let index = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        Self {
            units,
            by_code,
            index,
            children,
            predecessors,
        }
    }

    fn get(&self, id: i32) -> Option<&Unit> {
        self.index.get(&id).map(|&i| &self.units[i])
    }

    /// The id of a unit code, if the registry has it.
    pub fn find(&self, code: &str) -> Option<i32> {
        self.by_code
            .binary_search_by(|&i| self.units[i].code.as_str().cmp(code))
            .ok()
            .map(|k| self.units[self.by_code[k]].id)
    }

    /// The id of a unit code; an unknown code is [`DomainError::UnknownUnit`].
    pub(crate) fn id_of(&self, code: &str) -> Result<i32, DomainError> {
        self.find(code)
            .ok_or_else(|| DomainError::UnknownUnit(code.to_owned()))
    }

    /// Every unit's id, in the order the database lists them by code.
    pub fn listed(&self) -> impl Iterator<Item = i32> + '_ {
        self.units.iter().map(|u| u.id)
    }

    /// The code of a unit.
    pub fn code(&self, id: i32) -> Option<&str> {
        self.get(id).map(|u| u.code.as_str())
    }

    /// The official name of a unit.
    pub fn name(&self, id: i32) -> Option<&str> {
        self.get(id).map(|u| u.name.as_str())
    }

    /// The level of a unit.
    pub fn level(&self, id: i32) -> Option<UnitLevel> {
        self.get(id).map(|u| u.level)
    }

    /// The parent of a unit.
    pub fn parent(&self, id: i32) -> Option<i32> {
        self.get(id).and_then(|u| u.parent)
    }

    /// The units directly below a unit, in listed order.
    pub fn children(&self, id: i32) -> &[i32] {
        self.children.get(&id).map_or(&[], Vec::as_slice)
    }

    /// When a unit exists, and its successor's code.
    pub fn validity(&self, id: i32) -> Option<&Validity> {
        self.get(id).map(|u| &u.validity)
    }

    /// Whether a unit exists on `day`.
    pub fn valid_on(&self, id: i32, day: NaiveDate) -> bool {
        self.validity(id).is_some_and(|v| v.holds_on(day))
    }

    /// The unit that takes over the day after a unit ends.
    pub fn successor(&self, id: i32) -> Option<i32> {
        self.get(id).and_then(|u| u.successor)
    }

    /// The day of the month after a period by which a unit's offices must report it: the
    /// unit's own, else its nearest ancestor's; `None` when no unit above sets one.
    pub fn due_day(&self, id: i32) -> Option<u8> {
        let mut at = Some(id);
        // A registry with a loop in it still ends: no tree is deeper than its size.
        for _ in 0..=self.units.len() {
            let unit = self.get(at?)?;
            if unit.due_day.is_some() {
                return unit.due_day;
            }
            at = unit.parent;
        }
        None
    }

    /// The units whose successor a unit is, in listed order.
    pub fn predecessors(&self, id: i32) -> &[i32] {
        self.predecessors.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The unit that stands for a unit on `day`: the unit itself when it exists that day,
    /// else the first unit of its successor chain that does; `None` when none does (the unit
    /// had not started yet, or its chain ends before `day`). Figures follow a unit this way
    /// onto the registry of another day.
    pub(crate) fn in_force(&self, id: i32, day: NaiveDate) -> Option<i32> {
        let mut unit = id;
        // A successor starts the day after its predecessor ends, so the chain runs forward in
        // time and is acyclic (checked when loaded); the bound guards a database edited by
        // hand.
        for _ in 0..=self.units.len() {
            let validity = self.validity(unit)?;
            if validity.holds_on(day) {
                return Some(unit);
            }
            if validity.to.is_none_or(|to| day <= to) {
                return None;
            }
            unit = self.successor(unit)?;
        }
        None
    }

    /// Every office (sorted by code) whose figures count, on `day`, for an office of `wanted`
    /// in force that day, with the office it stands for: the offices of `wanted` themselves,
    /// and those that ended before `day` and were merged into one of them.
    pub(crate) fn standing_for(&self, wanted: &HashSet<i32>, day: NaiveDate) -> Vec<(i32, i32)> {
        self.sorted()
            .filter(|u| u.level == UnitLevel::Office)
            .filter_map(|u| {
                let now = self.in_force(u.id, day)?;
                wanted.contains(&now).then_some((u.id, now))
            })
            .collect()
    }

    fn is_office(&self, id: i32) -> bool {
        self.level(id) == Some(UnitLevel::Office)
    }

    /// Every unit, sorted by code.
    fn sorted(&self) -> impl Iterator<Item = &Unit> {
        self.by_code.iter().map(|&i| &self.units[i])
    }

    /// Every office, sorted by code.
    pub(crate) fn offices(&self) -> Vec<i32> {
        self.sorted()
            .filter(|u| u.level == UnitLevel::Office)
            .map(|u| u.id)
            .collect()
    }

    /// The offices of a unit's subtree (the unit itself when it is an office), in no order.
    fn offices_under(&self, id: i32) -> Vec<i32> {
        let mut offices = Vec::new();
        let mut stack = vec![id];
        // The registry has no cycles (checked when loaded); the bound only guards against a
        // database edited by hand.
        let mut budget = self.units.len();
        while let Some(unit) = stack.pop() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            if self.is_office(unit) {
                offices.push(unit);
            }
            stack.extend(self.children.get(&unit).into_iter().flatten());
        }
        offices
    }

    /// The offices of the subtree of a unit code (the unit itself when it is an office),
    /// sorted by code; an unknown code is [`DomainError::UnknownUnit`].
    pub fn offices_of(&self, code: &str) -> Result<Vec<i32>, DomainError> {
        let mut offices = self.offices_under(self.id_of(code)?);
        offices.sort_by(|a, b| self.code(*a).cmp(&self.code(*b)));
        Ok(offices)
    }

    /// The unit and its ancestors, nearest first.
    pub(crate) fn lineage(&self, id: i32) -> Vec<i32> {
        let mut chain = vec![id];
        while let Some(parent) = chain.last().and_then(|&u| self.parent(u)) {
            if chain.len() > self.units.len() || chain.contains(&parent) {
                break;
            }
            chain.push(parent);
        }
        chain
    }

    /// The nearest unit that is the unit itself or an ancestor of it and that has a value in
    /// `own`: how a target is inherited down the tree.
    pub(crate) fn inherit<T: Copy>(&self, id: i32, own: impl Fn(i32) -> Option<T>) -> Option<T> {
        self.lineage(id).into_iter().find_map(own)
    }

    /// The nearest unit that is, or is an ancestor of, every unit of `ids`; `None` when `ids`
    /// is empty or they have no common ancestor.
    pub(crate) fn common_ancestor(&self, ids: &[i32]) -> Option<i32> {
        let (first, rest) = ids.split_first()?;
        let lineages: Vec<Vec<i32>> = rest.iter().map(|&id| self.lineage(id)).collect();
        self.lineage(*first)
            .into_iter()
            .find(|candidate| lineages.iter().all(|l| l.contains(candidate)))
    }

    /// The units at the top of the tree, sorted by code.
    pub(crate) fn roots(&self) -> Vec<i32> {
        self.sorted()
            .filter(|u| u.parent.is_none())
            .map(|u| u.id)
            .collect()
    }
}

/// The case types in tree order: each group followed by its leaves, by position.
pub struct CaseTree {
    types: Vec<case_types::Model>,
    index: HashMap<i32, usize>,
    /// The leaves of each group, in tree order.
    children: HashMap<i32, Vec<i32>>,
}

impl CaseTree {
    /// Every case type, in one statement.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let types = catalog::in_tree_order(case_types::Entity::find().all(db).await?);
        let index = types.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
        for t in &types {
            if let Some(parent) = t.parent_id {
                children.entry(parent).or_default().push(t.id);
            }
        }
        Ok(Self {
            types,
            index,
            children,
        })
    }

    fn get(&self, id: i32) -> Option<&case_types::Model> {
        self.index.get(&id).map(|&i| &self.types[i])
    }

    /// The id of a case type code, if the tree has it.
    pub fn find(&self, code: &str) -> Option<i32> {
        self.types.iter().find(|t| t.code == code).map(|t| t.id)
    }

    /// Every case type's id, in tree order.
    pub fn listed(&self) -> impl Iterator<Item = i32> + '_ {
        self.types.iter().map(|t| t.id)
    }

    /// The code of a case type.
    pub fn code(&self, id: i32) -> Option<&str> {
        self.get(id).map(|t| t.code.as_str())
    }

    /// The name of a case type, as on the forms.
    pub fn name(&self, id: i32) -> Option<&str> {
        self.get(id).map(|t| t.name.as_str())
    }

    /// The group of a leaf.
    pub fn parent(&self, id: i32) -> Option<i32> {
        self.get(id).and_then(|t| t.parent_id)
    }

    /// The leaves of a group, in tree order; none for a leaf.
    pub fn children(&self, id: i32) -> &[i32] {
        self.children.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The place of a case type in tree order.
    pub(crate) fn rank(&self, id: i32) -> usize {
        self.index.get(&id).copied().unwrap_or(usize::MAX)
    }

    fn is_leaf(t: &case_types::Model) -> bool {
        t.parent_id.is_some()
    }

    /// Every leaf, in tree order.
    pub(crate) fn leaves(&self) -> Vec<i32> {
        self.types
            .iter()
            .filter(|t| Self::is_leaf(t))
            .map(|t| t.id)
            .collect()
    }

    /// The leaves a code stands for (a group: its leaves; a leaf: itself), in tree order; an
    /// unknown code is [`DomainError::UnknownCaseType`].
    pub fn leaves_of(&self, code: &str) -> Result<Vec<i32>, DomainError> {
        let node = self
            .find(code)
            .ok_or_else(|| DomainError::UnknownCaseType(code.to_owned()))?;
        if self.parent(node).is_some() {
            return Ok(vec![node]);
        }
        Ok(self.children(node).to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i32, code: &str, level: UnitLevel, parent: Option<i32>) -> units::Model {
        units::Model {
            id,
            code: code.to_owned(),
            name: code.to_owned(),
            level,
            parent_id: parent,
            valid_from: None,
            valid_to: None,
            successor_id: None,
            due_day: None,
        }
    }

    fn tree() -> UnitTree {
        use UnitLevel::*;
        let units = vec![
            unit(1, "VN", Nation, None),
            unit(2, "A", Province, Some(1)),
            unit(3, "A-1", Office, Some(2)),
            unit(4, "A-2", Office, Some(2)),
            unit(5, "B", Province, Some(1)),
            unit(6, "B-1", Office, Some(5)),
        ];
        UnitTree::new(units)
    }

    #[test]
    fn subtrees_hold_offices_only() {
        let t = tree();
        let mut under = t.offices_under(1);
        under.sort_unstable();
        assert_eq!(under, vec![3, 4, 6]);
        assert_eq!(t.offices_under(3), vec![3]);
        assert_eq!(t.offices(), vec![3, 4, 6]);
        assert!(matches!(t.id_of("C"), Err(DomainError::UnknownUnit(c)) if c == "C"));
        assert_eq!(t.id_of("B-1").ok(), Some(6));
    }

    #[test]
    fn common_ancestors() {
        let t = tree();
        assert_eq!(t.common_ancestor(&[3, 4]), Some(2));
        assert_eq!(t.common_ancestor(&[3, 6]), Some(1));
        assert_eq!(t.common_ancestor(&[2, 3]), Some(2));
        assert_eq!(t.common_ancestor(&[4]), Some(4));
        assert_eq!(t.common_ancestor(&[]), None);
        assert_eq!(t.roots(), vec![1]);
    }

    #[test]
    fn inheritance_takes_the_nearest() {
        let t = tree();
        let own = |id| (id == 2 || id == 1).then_some(id);
        assert_eq!(t.inherit(3, own), Some(2));
        assert_eq!(t.inherit(6, own), Some(1));
        assert_eq!(t.inherit(6, |_| None::<i32>), None);
    }
}
