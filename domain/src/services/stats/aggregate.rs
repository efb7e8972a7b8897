//! The one aggregate statement of a request: the current reports' rows added up in SQL, per
//! enforcement year (the year asked, and the one before when the request shows it), months,
//! form and group. Two levels: each report's rows are added up first (per case group when
//! split by case type), then the reports:
//!
//! ```sql
//! SELECT x.year, x.months, x.form, <unit key>, x.k_case,
//!        COUNT(*), [COUNT(pr.id),] CAST(SUM(x.s_<field>) AS BIGINT), …
//! FROM (SELECT r.unit_id, r.year, r.months, r.form, <case key> AS k_case,
//!              CAST(SUM(rr.<field>) AS BIGINT) AS s_<field>, …
//!       FROM reports r JOIN report_rows rr ON rr.report_id = r.id
//!       [JOIN case_types ct ON ct.id = rr.case_type_id]
//!       WHERE r.is_current AND r.year IN (y[, y - 1]) [AND r.months = m]
//!             [AND r.unit_id IN (offices)] [AND rr.case_type_id IN (leaves)]
//!       GROUP BY r.year, r.months, r.form, r.is_current, r.id, r.unit_id, <case key>) x
//! [JOIN units u ON u.id = x.unit_id]
//! [LEFT JOIN (VALUES (office, group), …) m ON m.column1 = x.unit_id]
//! [LEFT JOIN reports pr ON <the same office's current report of the month before>]
//! GROUP BY x.year, x.months, x.form, <unit key>, x.k_case
//! ```
//! A request that neither splits nor filters by leaf case type reads each report's totals per
//! case group (`report_totals`, written from the rows with them) in place of its rows: two
//! rows per report instead of sixteen, `rr` then being the totals and `rr.case_type_id` the
//! group, with no join to `case_types`.
//!
//! When, besides, the request's groups are whole parents of offices (the nation, provinces,
//! one province: [`super::scope::whole_parents`]), it reads the period sums instead
//! (`period_sums`, the current reports' totals already added up per parent, period, form and
//! case group, with their offices counted): a year of the nation is a few thousand rows.
//!
//! ```sql
//! SELECT s.year, s.months, s.form, [<parent's group>,] [s.case_type_id,]
//!        SUM(s.offices), SUM(s.offices_before), CAST(SUM(s.<field>) AS BIGINT), …
//! FROM period_sums s [LEFT JOIN (VALUES (parent, group), …) m ON m.column1 = s.unit_id]
//! WHERE s.year IN (y[, y - 1]) [AND s.months = m] [AND s.unit_id IN (parents)]
//! GROUP BY s.year, s.months, s.form[, <parent's group>][, s.case_type_id]
//! ```
//! Not split by case group, the offices are counted from `offices_once` (each office in its
//! first case group only) rather than `offices`, which counts an office once per group.
//! The case key is `rr.case_type_id` (leaves) or `ct.parent_id` (groups), the unit key
//! `x.unit_id` (offices) or `u.parent_id` (provinces); the joins are made only for the keys
//! that need them. Offices that ended before the request's structure day count for the unit
//! standing for them that day: the `VALUES` list names their group, and the unit key becomes
//! `COALESCE(m.column2, <key>)` (a hash join on the few moved offices, where a `CASE` would
//! test each of them on every row; both databases name the columns of `VALUES` `column1`,
//! `column2`). An office has one current report per period and form, so an inner row is
//! one office's and `COUNT(*)` counts offices: no `COUNT(DISTINCT …)`, which PostgreSQL
//! computes by sorting (spilling to disk at the stock `work_mem`) where both levels here can
//! hash. The same makes the series' join to the month before one lookup per report rather
//! than per row. PostgreSQL sums a BIGINT to a NUMERIC, hence the casts.

use super::scope::{CaseSplit, Grouping, Scope, UnitSplit};
use super::sql::Sql;
use crate::form::Form;
use crate::outcome::{Field, Outcome};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement};
use std::collections::{BTreeSet, HashMap};

/// The enforcement years a statement covers: the year asked, and the year before only when
/// the request shows it (reading it doubles the rows read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Years {
    year: i32,
    previous: bool,
}

impl Years {
    /// `year`, with `year - 1` when `previous`.
    pub(super) fn of(year: i32, previous: bool) -> Self {
        Self { year, previous }
    }

    /// The years, the asked one first.
    pub(super) fn list(self) -> Vec<i32> {
        if self.previous {
            vec![self.year, self.year - 1]
        } else {
            vec![self.year]
        }
    }
}

/// Which months of the years the statement covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Months {
    /// The reports of these months (a `stats` request).
    One(u8),
    /// Every month (a `series`), with what is needed for the month alone.
    All,
}

/// One group of one period and form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct CellKey {
    /// Enforcement year.
    pub year: i32,
    /// Months since 1 October.
    pub months: u8,
    /// The form.
    pub form: Form,
    /// The office or province, when split by unit.
    pub unit: Option<i32>,
    /// The leaf or group, when split by case type.
    pub case: Option<i32>,
}

/// The sums of one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cell {
    /// Offices whose current reports the sums hold.
    pub offices: u32,
    /// Of those, the offices that also have a current report of the month before (series
    /// only; 0 otherwise).
    pub offices_also_before: u32,
    /// The sums.
    pub values: Outcome,
}

/// A group whose offices changed between the month before and the month: how many of its
/// offices existed at the end of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Change {
    /// Offices at the end of the month.
    pub expected: u32,
    /// Offices at the end of the month before.
    pub expected_before: u32,
}

/// Every group that has reports.
#[derive(Debug, Default)]
pub(super) struct Cells(HashMap<CellKey, Cell>);

impl Cells {
    /// The sums of a group, if any of its offices reported.
    pub(super) fn get(&self, key: &CellKey) -> Option<&Cell> {
        self.0.get(key)
    }

    /// The months of a year that hold any report, in order.
    pub(super) fn months_of(&self, year: i32) -> BTreeSet<u8> {
        self.0
            .keys()
            .filter(|k| k.year == year)
            .map(|k| k.months)
            .collect()
    }

    /// The figures of the key's month alone: its sums minus those of the month before, when
    /// the same offices reported both (the first month is its own); `None` otherwise. Across
    /// a change of the group's offices (`change`), offices cannot be matched one by one, so
    /// every expected office must have reported on both sides.
    pub(super) fn month_alone(&self, key: &CellKey, change: Option<Change>) -> Option<Outcome> {
        let cell = self.get(key)?;
        if key.months <= 1 {
            return Some(cell.values);
        }
        let before = self.get(&CellKey {
            months: key.months - 1,
            ..*key
        })?;
        let same_offices = match change {
            None => cell.offices == before.offices && cell.offices_also_before == cell.offices,
            Some(c) => cell.offices == c.expected && before.offices == c.expected_before,
        };
        same_offices.then(|| {
            Outcome::from_pairs(
                Field::ALL.map(|f| (f, cell.values.get(f).saturating_sub(before.values.get(f)))),
            )
        })
    }
}

/// Where a statement reads its sums from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source<'a> {
    /// The reports of the scope's offices, the offices of `moved` counted under the group
    /// paired with each.
    Reports { moved: &'a [(i32, i32)] },
    /// The period sums of these parents, each counted under the group paired with it.
    Sums { parents: &'a [(i32, i32)] },
}

/// Adds up the current reports of the scope for the years, in one statement (none when the
/// scope is empty).
pub(super) async fn aggregate(
    db: &impl ConnectionTrait,
    scope: &Scope,
    grouping: Grouping,
    source: Source<'_>,
    years: Years,
    months: Months,
) -> Result<Cells, DbErr> {
    if scope.offices.is_empty() || scope.leaves.is_empty() {
        return Ok(Cells::default());
    }
    let backend = db.get_database_backend();
    let statement = match source {
        Source::Reports { moved } => {
            reports_statement(backend, scope, grouping, moved, years, months)
        }
        Source::Sums { parents } => {
            sums_statement(backend, scope, grouping, parents, years, months)
        }
    };
    let rows = db.query_all_raw(statement).await?;
    let by_unit = grouping.unit != UnitSplit::Whole;
    let by_case = grouping.case != CaseSplit::Whole;
    let series = months == Months::All;
    let mut cells = HashMap::with_capacity(rows.len());
    for row in rows {
        let (key, cell) = decode(&row, by_unit, by_case, series)?;
        cells.insert(key, cell);
    }
    Ok(Cells(cells))
}

/// The statement of [`aggregate`] over the reports (see the module documentation).
fn reports_statement(
    backend: DbBackend,
    scope: &Scope,
    grouping: Grouping,
    moved: &[(i32, i32)],
    years: Years,
    months: Months,
) -> Statement {
    // The inner level's key for a case group, the outer level's for a unit group: each is
    // found where it costs the fewest joins (a leaf's group per row, an office's province
    // per report).
    let totals = grouping.case != CaseSplit::Leaf && scope.all_leaves;
    let case_key = match grouping.case {
        CaseSplit::Whole => None,
        CaseSplit::Leaf => Some("rr.case_type_id"),
        CaseSplit::Group if totals => Some("rr.case_type_id"),
        CaseSplit::Group => Some("ct.parent_id"),
    };
    let plain_unit_key = match grouping.unit {
        UnitSplit::Whole => None,
        UnitSplit::Office => Some("x.unit_id"),
        UnitSplit::Province => Some("u.parent_id"),
    };
    let unit_key = plain_unit_key.map(|key| {
        if moved.is_empty() {
            key.to_owned()
        } else {
            format!("COALESCE(m.column2, {key})")
        }
    });
    let series = months == Months::All;
    let mut sql = Sql::new(backend);
    sql.push("SELECT x.year AS k_year, x.months AS k_months, x.form AS k_form");
    if let Some(key) = &unit_key {
        sql.push(", ").push(key).push(" AS k_unit");
    }
    if case_key.is_some() {
        sql.push(", x.k_case AS k_case");
    }
    // One inner row per report and group, and one current report per office, period and
    // form: counting rows counts offices.
    sql.push(", COUNT(*) AS n_offices");
    if series {
        sql.push(", COUNT(pr.id) AS n_before");
    }
    for field in Field::ALL {
        let key = field.key();
        sql.push(&format!(", CAST(SUM(x.s_{key}) AS BIGINT) AS sum_{key}"));
    }
    sql.push(" FROM (SELECT r.unit_id, r.year, r.months, r.form");
    if let Some(key) = case_key {
        sql.push(", ").push(key).push(" AS k_case");
    }
    for field in Field::ALL {
        let key = field.key();
        sql.push(&format!(", CAST(SUM(rr.{key}) AS BIGINT) AS s_{key}"));
    }
    sql.push(if totals {
        " FROM reports r JOIN report_totals rr ON rr.report_id = r.id"
    } else {
        " FROM reports r JOIN report_rows rr ON rr.report_id = r.id"
    });
    if grouping.case == CaseSplit::Group && !totals {
        sql.push(" JOIN case_types ct ON ct.id = rr.case_type_id");
    }
    sql.push(" WHERE r.is_current AND ")
        .in_ids("r.year", &years.list());
    if let Months::One(m) = months {
        sql.push(" AND r.months = ").bind(i32::from(m));
    }
    if !scope.all_offices {
        sql.push(" AND ").in_ids("r.unit_id", &scope.offices);
    }
    if !scope.all_leaves {
        sql.push(" AND ").in_ids("rr.case_type_id", &scope.leaves);
    }
    // In the order of the index SQLite reads the reports by (`idx_reports_aggregation`: year,
    // months, form, is_current, then the id), so that it adds up each report as it reads it
    // instead of sorting every row first; PostgreSQL keeps only `r.id`, the primary key.
    sql.push(" GROUP BY r.year, r.months, r.form, r.is_current, r.id, r.unit_id");
    if let Some(key) = case_key {
        sql.push(", ").push(key);
    }
    sql.push(") x");
    if grouping.unit == UnitSplit::Province {
        sql.push(" JOIN units u ON u.id = x.unit_id");
    }
    if unit_key.is_some() && !moved.is_empty() {
        let pairs: Vec<String> = moved.iter().map(|(o, g)| format!("({o}, {g})")).collect();
        // Integers read from the database: writing them out cannot inject anything.
        sql.push(" LEFT JOIN (VALUES ")
            .push(&pairs.join(", "))
            .push(") m ON m.column1 = x.unit_id");
    }
    if series {
        sql.push(
            " LEFT JOIN reports pr ON pr.unit_id = x.unit_id AND pr.year = x.year \
             AND pr.months = x.months - 1 AND pr.form = x.form AND pr.is_current",
        );
    }
    sql.push(" GROUP BY x.year, x.months, x.form");
    if let Some(key) = &unit_key {
        sql.push(", ").push(key);
    }
    if case_key.is_some() {
        sql.push(", x.k_case");
    }
    sql.build()
}

/// The statement of [`aggregate`] over the period sums (see the module documentation).
fn sums_statement(
    backend: DbBackend,
    scope: &Scope,
    grouping: Grouping,
    parents: &[(i32, i32)],
    years: Years,
    months: Months,
) -> Statement {
    let regrouped: Vec<String> = parents
        .iter()
        .filter(|(parent, group)| parent != group)
        .map(|(parent, group)| format!("({parent}, {group})"))
        .collect();
    let unit_key = match grouping.unit {
        UnitSplit::Whole => None,
        // Never Office: the caller reads the sums only for whole parents.
        UnitSplit::Office | UnitSplit::Province if regrouped.is_empty() => Some("s.unit_id"),
        UnitSplit::Office | UnitSplit::Province => Some("COALESCE(m.column2, s.unit_id)"),
    };
    let by_case = grouping.case != CaseSplit::Whole;
    let offices = if by_case { "offices" } else { "offices_once" };
    let mut sql = Sql::new(backend);
    sql.push("SELECT s.year AS k_year, s.months AS k_months, s.form AS k_form");
    if let Some(key) = unit_key {
        sql.push(", ").push(key).push(" AS k_unit");
    }
    if by_case {
        sql.push(", s.case_type_id AS k_case");
    }
    sql.push(&format!(
        ", CAST(SUM(s.{offices}) AS BIGINT) AS n_offices, \
         CAST(SUM(s.{offices}_before) AS BIGINT) AS n_before"
    ));
    for field in Field::ALL {
        let key = field.key();
        sql.push(&format!(", CAST(SUM(s.{key}) AS BIGINT) AS sum_{key}"));
    }
    sql.push(" FROM period_sums s");
    if unit_key.is_some() && !regrouped.is_empty() {
        // Integers read from the database: writing them out cannot inject anything.
        sql.push(" LEFT JOIN (VALUES ")
            .push(&regrouped.join(", "))
            .push(") m ON m.column1 = s.unit_id");
    }
    sql.push(" WHERE ").in_ids("s.year", &years.list());
    if let Months::One(m) = months {
        sql.push(" AND s.months = ").bind(i32::from(m));
    }
    if !scope.all_offices {
        let ids: Vec<i32> = parents.iter().map(|&(parent, _)| parent).collect();
        sql.push(" AND ").in_ids("s.unit_id", &ids);
    }
    sql.push(" GROUP BY s.year, s.months, s.form");
    if let Some(key) = unit_key {
        sql.push(", ").push(key);
    }
    if by_case {
        sql.push(", s.case_type_id");
    }
    sql.build()
}

/// One result row.
fn decode(
    row: &QueryResult,
    by_unit: bool,
    by_case: bool,
    series: bool,
) -> Result<(CellKey, Cell), DbErr> {
    let optional_key = |wanted: bool, column: &str| -> Result<Option<i32>, DbErr> {
        if wanted {
            row.try_get::<Option<i32>>("", column)
        } else {
            Ok(None)
        }
    };
    let count = |column: &str| -> Result<u32, DbErr> {
        let n: i64 = row.try_get("", column)?;
        u32::try_from(n).map_err(|e| DbErr::Type(format!("{column}: {e}")))
    };
    let months: i32 = row.try_get("", "k_months")?;
    let key = CellKey {
        year: row.try_get("", "k_year")?,
        months: u8::try_from(months).map_err(|e| DbErr::Type(format!("months: {e}")))?,
        // Decoded by the active enum, as the entity decodes the column.
        form: row.try_get("", "k_form")?,
        unit: optional_key(by_unit, "k_unit")?,
        case: optional_key(by_case, "k_case")?,
    };
    let mut values = Outcome::default();
    for field in Field::ALL {
        let sum: Option<i64> = row.try_get("", &format!("sum_{}", field.key()))?;
        values.set(field, sum.unwrap_or(0));
    }
    let cell = Cell {
        offices: count("n_offices")?,
        offices_also_before: if series { count("n_before")? } else { 0 },
        values,
    };
    Ok((key, cell))
}
