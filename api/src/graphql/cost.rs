//! The cost model: what an operation will cost, estimated from the query before it runs.
//!
//! async-graphql's own complexity counts each field once, whatever the length of the lists
//! around it, so `{units{parent{children{parent{children{code}}}}}}` looks as cheap as
//! `{units{code}}` while it answers millions of values. Here the cost is the estimated number
//! of values in the answer, each list counted at its estimated length, plus the reports the
//! statistics queries read:
//!
//! - a field costs 1 for each time it appears in the answer; a list multiplies what is
//!   selected below it by its estimated length;
//! - list lengths come from the registry and the query's own arguments: `units` (all units,
//!   those of a `level`, or a `parent`'s children), `Unit.children` (the most children any
//!   unit has), `caseTypes` and `CaseType.children` likewise; `stats` the product of its
//!   groups (offices and case types within its filter, provinces, case groups), at most its
//!   `limit`; `series` twelve times that; `completeness` two forms per office of its unit;
//!   `imports` its `limit`; `periods` [`PERIODS`]; problems [`PROBLEMS`] a file, the cells of
//!   one [`PROBLEM_CELLS`]; any other list [`OTHER_LIST`];
//! - `stats`, `series` and `completeness` also cost one per report they read (two forms per
//!   office in their scope and period, twice that when `previousYear` is selected), since
//!   their work is the reading, not the answer;
//! - introspection costs [`SCHEMA_INTROSPECTION`] per `__schema` (the schema is fixed and
//!   small) and [`TYPE_INTROSPECTION`] per `__type`.
//!
//! The estimate reads a tree of the registry only when the operation selects a list sized by
//! it ([`needs`]); the request then uses the same trees for its answer.

use crate::graphql::units;
use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::registry::{MetaTypeName, Registry};
use async_graphql::resolver_utils::EnumType;
use async_graphql::{Name, Value, Variables};
use std::cell::Cell;
use std::collections::HashSet;
use thads_domain::UnitLevel;
use thads_domain::services::registry::{CaseTree, UnitTree};

/// The periods `periods` is estimated to list: ten years of months.
pub const PERIODS: u64 = 120;
/// The problems a file is estimated to have.
pub const PROBLEMS: u64 = 20;
/// The cells a warning said once for its sheet is estimated to list: about a form's rows.
pub const PROBLEM_CELLS: u64 = 20;
/// The length estimated for a list the model has no rule for.
pub const OTHER_LIST: u64 = 100;
/// The cost of `__schema`: the whole introspection answer of this schema.
pub const SCHEMA_INTROSPECTION: u64 = 20_000;
/// The cost of `__type`.
pub const TYPE_INTROSPECTION: u64 = 500;
/// The files `importWorkbooks` is estimated to receive: as many as a request may carry.
const UPLOAD_FILES: u64 = crate::uploads::MAX_FILES as u64;
/// The months of an enforcement year, which `series` lists.
const MONTHS: u64 = 12;
/// The forms an office sends each month.
const FORMS: u64 = 2;
/// `imports` lists this many unless its `limit` says otherwise.
const IMPORTS_PAGE: u64 = crate::graphql::imports::DEFAULT_IMPORTS as u64;

/// The fields whose estimate needs the unit tree.
const SIZED_BY_UNITS: [&str; 6] = [
    "units",
    "children",
    "predecessors",
    "stats",
    "series",
    "completeness",
];
/// The fields whose estimate needs the case-type tree.
const SIZED_BY_CASE_TYPES: [&str; 4] = ["caseTypes", "children", "stats", "series"];

/// Which trees an estimate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// The unit tree.
    pub units: bool,
    /// The case-type tree.
    pub case_types: bool,
}

/// The root mutation that stores files.
pub const UPLOAD_MUTATION: &str = "importWorkbooks";

/// The sizes of the registry that list lengths are estimated from: of the trees read (a list
/// sized by a tree not read counts as [`OTHER_LIST`]).
#[derive(Default)]
pub struct Sizes<'a> {
    units: Option<&'a UnitTree>,
    cases: Option<&'a CaseTree>,
    all_units: u64,
    provinces: u64,
    offices: u64,
    most_unit_children: u64,
    most_predecessors: u64,
    case_types: u64,
    groups: u64,
    leaves: u64,
    most_case_children: u64,
}

impl<'a> Sizes<'a> {
    /// The sizes of the trees given.
    pub fn of(units: Option<&'a UnitTree>, cases: Option<&'a CaseTree>) -> Self {
        let mut sizes = Self {
            units,
            cases,
            ..Self::default()
        };
        if let Some(units) = units {
            let level = |level| {
                count(
                    units
                        .listed()
                        .filter(|&id| units.level(id) == Some(level))
                        .count(),
                )
            };
            sizes.all_units = count_iter(units.listed());
            sizes.provinces = level(UnitLevel::Province);
            sizes.offices = level(UnitLevel::Office);
            sizes.most_unit_children = most(units.listed().map(|id| units.children(id).len()));
            sizes.most_predecessors = most(units.listed().map(|id| units.predecessors(id).len()));
        } else {
            sizes.all_units = OTHER_LIST;
            sizes.provinces = OTHER_LIST;
            sizes.offices = OTHER_LIST;
            sizes.most_unit_children = OTHER_LIST;
            sizes.most_predecessors = OTHER_LIST;
        }
        if let Some(cases) = cases {
            let groups = cases.listed().filter(|&id| cases.parent(id).is_none());
            sizes.case_types = count_iter(cases.listed());
            sizes.groups = count_iter(groups);
            sizes.leaves = count_iter(cases.listed().filter(|&id| cases.parent(id).is_some()));
            sizes.most_case_children = most(cases.listed().map(|id| cases.children(id).len()));
        } else {
            sizes.case_types = OTHER_LIST;
            sizes.groups = OTHER_LIST;
            sizes.leaves = OTHER_LIST;
            sizes.most_case_children = OTHER_LIST;
        }
        sizes
    }

    fn level(&self, level: UnitLevel) -> u64 {
        match level {
            UnitLevel::Nation => self
                .all_units
                .saturating_sub(self.provinces)
                .saturating_sub(self.offices),
            UnitLevel::Province => self.provinces,
            UnitLevel::Office => self.offices,
        }
    }

    /// The offices of the units listed (each counted once); all offices without a list.
    fn offices_of(&self, codes: Option<Vec<String>>) -> u64 {
        let (Some(codes), Some(units)) = (codes, self.units) else {
            return self.offices;
        };
        let mut offices = HashSet::new();
        for code in codes {
            offices.extend(units.offices_of(&code).unwrap_or_default());
        }
        count(offices.len())
    }

    /// The leaf case types of the codes listed (each counted once); all leaves without a list.
    fn leaves_of(&self, codes: Option<Vec<String>>) -> u64 {
        let (Some(codes), Some(cases)) = (codes, self.cases) else {
            return self.leaves;
        };
        let mut leaves = HashSet::new();
        for code in codes {
            leaves.extend(cases.leaves_of(&code).unwrap_or_default());
        }
        count(leaves.len())
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn count_iter(iter: impl Iterator) -> u64 {
    count(iter.count())
}

fn most(iter: impl Iterator<Item = usize>) -> u64 {
    count(iter.max().unwrap_or(0))
}

/// The operation that runs: the one named, else the only one.
pub fn operation<'d>(
    document: &'d ExecutableDocument,
    name: Option<&str>,
) -> Option<&'d OperationDefinition> {
    let mut operations = document.operations.iter();
    match name {
        Some(name) => operations
            .find(|(n, _)| n.is_some_and(|n| n.as_str() == name))
            .map(|(_, op)| &op.node),
        None => operations.next().map(|(_, op)| &op.node),
    }
}

/// Whether the document, its fragments expanded where they are spread, holds at most
/// [`MAX_VISITS`] selections in all. Fragments spread twice in fragments spread twice… make a
/// query of a few hundred bytes stand for millions of fields, which async-graphql's checks
/// would expand one by one: such a document is refused first.
pub fn expands_within_bounds(document: &ExecutableDocument) -> bool {
    let operations = document
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set.node);
    let fragments = document
        .fragments
        .values()
        .map(|f| &f.node.selection_set.node);
    let mut visits = 0;
    for set in operations.chain(fragments) {
        visit_within(document, set, 0, true, &mut visits, &mut |_| {});
        if visits > MAX_VISITS {
            return false;
        }
    }
    true
}

/// Which trees estimating `operation` needs.
pub fn needs(document: &ExecutableDocument, operation: &OperationDefinition) -> Needs {
    let mut needs = Needs::default();
    visit(
        document,
        &operation.selection_set.node,
        true,
        &mut |field| {
            let name = field.name.node.as_str();
            needs.units |= SIZED_BY_UNITS.contains(&name);
            needs.case_types |= SIZED_BY_CASE_TYPES.contains(&name);
        },
    );
    needs
}

/// The estimated cost of `operation`, the root type being `root` (`Query` or `Mutation`),
/// with the trees [`needs`] asks for in `sizes`.
pub fn estimate(
    registry: &Registry,
    document: &ExecutableDocument,
    operation: &OperationDefinition,
    root: &str,
    variables: &Variables,
    sizes: &Sizes<'_>,
) -> u64 {
    let walk = Walk {
        registry,
        document,
        variables,
        sizes,
        visits: Cell::new(0),
    };
    walk.set(&operation.selection_set.node, root, 1, None, 0)
}

/// How many times a mutation calls [`UPLOAD_MUTATION`] (aliases and fragments included).
pub fn upload_calls(document: &ExecutableDocument, operation: &OperationDefinition) -> usize {
    if operation.ty != OperationType::Mutation {
        return 0;
    }
    let mut calls = 0;
    visit(
        document,
        &operation.selection_set.node,
        false,
        &mut |field| {
            if field.name.node == UPLOAD_MUTATION {
                calls += 1;
            }
        },
    );
    calls
}

/// Deeper than this, fragments are not followed (validation has refused cycles and deep
/// queries already; this only bounds the walk).
const MAX_WALK_DEPTH: usize = 64;

/// The most selections a walk visits, fragments expanded. Fragments spread inside fragments
/// can make a short query stand for more than this; the server refuses such a query before
/// anything else looks at it ([`expands_within_bounds`]), and it would cost [`u64::MAX`].
pub const MAX_VISITS: usize = 100_000;

struct Walk<'a> {
    registry: &'a Registry,
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    sizes: &'a Sizes<'a>,
    visits: Cell<usize>,
}

impl Walk<'_> {
    /// The cost of a selection set on `ty`, each of its fields appearing `times` times; `page`
    /// is the page size of an enclosing `imports`.
    fn set(
        &self,
        set: &SelectionSet,
        ty: &str,
        times: u64,
        page: Option<u64>,
        depth: usize,
    ) -> u64 {
        if depth > MAX_WALK_DEPTH {
            return 0;
        }
        let mut cost = 0u64;
        for selection in &set.items {
            let part = match &selection.node {
                Selection::Field(field) => self.field(&field.node, ty, times, page, depth),
                Selection::FragmentSpread(spread) => {
                    match self.document.fragments.get(&spread.node.fragment_name.node) {
                        Some(fragment) => self.set(
                            &fragment.node.selection_set.node,
                            condition(&fragment.node.type_condition.node.on.node, ty, self),
                            times,
                            page,
                            depth + 1,
                        ),
                        None => 0,
                    }
                }
                Selection::InlineFragment(inline) => {
                    let inner = inline
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(ty, |c| condition(&c.node.on.node, ty, self));
                    self.set(
                        &inline.node.selection_set.node,
                        inner,
                        times,
                        page,
                        depth + 1,
                    )
                }
            };
            cost = cost.saturating_add(part);
        }
        cost
    }

    /// The cost of one field on `ty` appearing `times` times.
    fn field(&self, field: &Field, ty: &str, times: u64, page: Option<u64>, depth: usize) -> u64 {
        self.visits.set(self.visits.get() + 1);
        if self.visits.get() > MAX_VISITS {
            return u64::MAX;
        }
        let name = field.name.node.as_str();
        match name {
            "__typename" => return times,
            "__schema" => return times.saturating_mul(SCHEMA_INTROSPECTION),
            "__type" => return times.saturating_mul(TYPE_INTROSPECTION),
            _ => {}
        }
        let Some(meta) = self
            .registry
            .types
            .get(ty)
            .and_then(|t| t.field_by_name(name))
        else {
            // Not in the schema: validation refuses it before anything runs.
            return times;
        };
        let inner = MetaTypeName::concrete_typename(&meta.ty);
        let (length, work) = self.length_and_work(ty, field, page);
        let is_list = meta.ty.starts_with('[');
        let each = if is_list { length } else { 1 };
        let own = times.saturating_mul(work.saturating_add(1));
        let below = if field.selection_set.node.items.is_empty() {
            if is_list {
                times.saturating_mul(each)
            } else {
                0
            }
        } else {
            // `imports` is a page whose `items` are as many as its limit.
            let page = (name == "imports").then_some(length);
            self.set(
                &field.selection_set.node,
                inner,
                times.saturating_mul(each),
                page,
                depth + 1,
            )
        };
        own.saturating_add(below)
    }

    /// The estimated length of a field (when it is a list) and the reports it reads.
    fn length_and_work(&self, ty: &str, field: &Field, page: Option<u64>) -> (u64, u64) {
        let s = self.sizes;
        match (ty, field.name.node.as_str()) {
            ("Query", "units") => {
                let level = self.enum_arg(field, "level").and_then(|l| level(&l));
                let parent = self.arg(field, "parent").is_some();
                // `at` is not counted: a day may hold every unit (a registry without validity).
                let length = match (parent, level) {
                    (true, _) => s.most_unit_children,
                    (false, Some(level)) => s.level(level),
                    (false, None) => s.all_units,
                };
                (length, 0)
            }
            ("Unit", "children") => (s.most_unit_children, 0),
            ("Unit", "predecessors") => (s.most_predecessors, 0),
            ("Query", "caseTypes") => (s.case_types, 0),
            ("CaseType", "children") => (s.most_case_children, 0),
            ("Query", "periods") => (PERIODS, 0),
            ("Query", "stats") => self.statistics(field, 1),
            ("Query", "series") => self.statistics(field, MONTHS),
            ("Query", "completeness") => {
                let offices = s.offices_of(self.string_arg(field, "unit").map(|u| vec![u]));
                (offices.saturating_mul(FORMS), offices.saturating_mul(FORMS))
            }
            ("Query", "imports") => (self.limit(field).unwrap_or(IMPORTS_PAGE), 0),
            ("ImportPage", "items") => (page.unwrap_or(IMPORTS_PAGE), 0),
            ("Import" | "FileOutcome", "problems") => (PROBLEMS, 0),
            ("Problem", "cells") => (PROBLEM_CELLS, 0),
            ("FileOutcome", "forms") => (FORMS, 0),
            ("Mutation", UPLOAD_MUTATION) => (UPLOAD_FILES, 0),
            _ => (OTHER_LIST, 0),
        }
    }

    /// The rows of `stats` (one period) or `series` (`periods` of them), and the reports read.
    fn statistics(&self, field: &Field, periods: u64) -> (u64, u64) {
        let sizes = self.sizes;
        let filter = self.arg(field, "filter");
        let listed = |key: &str| -> Option<Vec<String>> {
            match &filter {
                Some(Value::Object(filter)) => filter.get(key).and_then(strings),
                _ => None,
            }
        };
        let offices = sizes.offices_of(listed("units"));
        let leaves = sizes.leaves_of(listed("caseTypes"));
        let mut dimensions = self.enum_list_arg(field, "groupBy");
        dimensions.sort();
        dimensions.dedup();
        let mut rows = 1u64;
        for dimension in dimensions {
            let n = match dimension.as_str() {
                "OFFICE" => offices,
                "PROVINCE" => sizes.provinces,
                "CASE_TYPE" => leaves,
                "CASE_GROUP" => sizes.groups,
                _ => 1,
            };
            rows = rows.saturating_mul(n);
        }
        if let Some(limit) = self.limit(field) {
            rows = rows.min(limit);
        }
        let years = if selects(self.document, &field.selection_set.node, "previousYear") {
            2
        } else {
            1
        };
        let reports = offices
            .saturating_mul(FORMS)
            .saturating_mul(periods)
            .saturating_mul(years);
        (rows.saturating_mul(periods), reports)
    }

    /// An argument's value, variables filled in; `None` when absent or null.
    fn arg(&self, field: &Field, name: &str) -> Option<Value> {
        let value = field.get_argument(name)?.node.clone();
        let value = value
            .into_const_with(|var: Name| self.variables.get(&var).cloned().ok_or(()))
            .ok()?;
        (value != Value::Null).then_some(value)
    }

    fn string_arg(&self, field: &Field, name: &str) -> Option<String> {
        match self.arg(field, name)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn enum_arg(&self, field: &Field, name: &str) -> Option<String> {
        match self.arg(field, name)? {
            Value::Enum(e) => Some(e.to_string()),
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn enum_list_arg(&self, field: &Field, name: &str) -> Vec<String> {
        match self.arg(field, name) {
            Some(Value::List(items)) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::Enum(e) => Some(e.to_string()),
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            Some(Value::Enum(e)) => vec![e.to_string()],
            _ => Vec::new(),
        }
    }

    /// A non-negative `limit` argument.
    fn limit(&self, field: &Field) -> Option<u64> {
        match self.arg(field, "limit")? {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
}

/// The type a fragment's condition names when the schema has it, else the enclosing type.
fn condition<'a>(on: &'a Name, enclosing: &'a str, walk: &Walk<'_>) -> &'a str {
    if walk.registry.types.contains_key(on.as_str()) {
        on.as_str()
    } else {
        enclosing
    }
}

/// A level as the query names it (`OFFICE`), read through the schema's own enum.
fn level(value: &str) -> Option<UnitLevel> {
    units::UnitLevel::items()
        .iter()
        .find(|item| item.name == value)
        .map(|item| item.value.into())
}

/// A list of strings, or a single string (GraphQL's input coercion).
fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::List(items) => Some(
            items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
        ),
        Value::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

/// Whether a field named `name` is selected anywhere below `set`.
fn selects(document: &ExecutableDocument, set: &SelectionSet, name: &str) -> bool {
    let mut found = false;
    visit(document, set, true, &mut |field| {
        found |= field.name.node == name;
    });
    found
}

/// Calls `f` on the fields of `set`, through fragments, and on those below them when `deep`;
/// at most [`MAX_VISITS`] selections.
fn visit(document: &ExecutableDocument, set: &SelectionSet, deep: bool, f: &mut dyn FnMut(&Field)) {
    let mut visits = 0;
    visit_within(document, set, 0, deep, &mut visits, f);
}

fn visit_within(
    document: &ExecutableDocument,
    set: &SelectionSet,
    depth: usize,
    deep: bool,
    visits: &mut usize,
    f: &mut dyn FnMut(&Field),
) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    for selection in &set.items {
        *visits += 1;
        if *visits > MAX_VISITS {
            return;
        }
        let below = match &selection.node {
            Selection::Field(field) => {
                f(&field.node);
                deep.then_some(&field.node.selection_set.node)
            }
            Selection::FragmentSpread(spread) => document
                .fragments
                .get(&spread.node.fragment_name.node)
                .map(|fragment| &fragment.node.selection_set.node),
            Selection::InlineFragment(inline) => Some(&inline.node.selection_set.node),
        };
        if let Some(below) = below {
            visit_within(document, below, depth + 1, deep, visits, f);
        }
    }
}
