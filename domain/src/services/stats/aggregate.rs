//! The one aggregate statement of a request: the current reports' rows added up in SQL, per
//! enforcement year (the year asked and the one before), months, form and group.
//!
//! ```sql
//! SELECT r.year, r.months, r.form, <unit key>, <case key>,
//!        COUNT(DISTINCT r.unit_id), CAST(SUM(rr.<field>) AS BIGINT), …
//! FROM report_rows rr
//! JOIN reports r ON r.id = rr.report_id
//! JOIN units u ON u.id = r.unit_id
//! JOIN case_types ct ON ct.id = rr.case_type_id
//! WHERE r.is_current AND r.year IN (y, y - 1) [AND r.months = m]
//!       [AND r.unit_id IN (offices)] [AND rr.case_type_id IN (leaves)]
//! GROUP BY r.year, r.months, r.form, <unit key>, <case key>
//! ```
//! The unit key is `r.unit_id` (offices) or `u.parent_id` (provinces), the case key
//! `rr.case_type_id` (leaves) or `ct.parent_id` (groups). PostgreSQL sums a BIGINT to a NUMERIC,
//! hence the casts. A series also joins each report to the same office's current report of
//! the month before, to tell whether the same offices reported both months.

use super::scope::{CaseSplit, Grouping, Scope, UnitSplit};
use super::sql::Sql;
use crate::form::Form;
use crate::outcome::{Field, Outcome};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use std::collections::{BTreeSet, HashMap};

/// Which months of the two years the statement covers.
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
    /// the same offices reported both (the first month is its own); `None` otherwise.
    pub(super) fn month_alone(&self, key: &CellKey) -> Option<Outcome> {
        let cell = self.get(key)?;
        if key.months <= 1 {
            return Some(cell.values);
        }
        let before = self.get(&CellKey {
            months: key.months - 1,
            ..*key
        })?;
        let same_offices =
            cell.offices == before.offices && cell.offices_also_before == cell.offices;
        same_offices.then(|| {
            Outcome::from_pairs(
                Field::ALL.map(|f| (f, cell.values.get(f).saturating_sub(before.values.get(f)))),
            )
        })
    }
}

/// Adds up the current reports of the scope for `year` and `year - 1`, in one statement (none
/// when the scope is empty).
pub(super) async fn aggregate(
    db: &impl ConnectionTrait,
    scope: &Scope,
    grouping: Grouping,
    year: i32,
    months: Months,
) -> Result<Cells, DbErr> {
    if scope.offices.is_empty() || scope.leaves.is_empty() {
        return Ok(Cells::default());
    }
    let unit_key = match grouping.unit {
        UnitSplit::Whole => None,
        UnitSplit::Office => Some("r.unit_id"),
        UnitSplit::Province => Some("u.parent_id"),
    };
    let case_key = match grouping.case {
        CaseSplit::Whole => None,
        CaseSplit::Leaf => Some("rr.case_type_id"),
        CaseSplit::Group => Some("ct.parent_id"),
    };
    let series = months == Months::All;
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT r.year AS k_year, r.months AS k_months, r.form AS k_form");
    for (key, alias) in [(unit_key, "k_unit"), (case_key, "k_case")] {
        if let Some(key) = key {
            sql.push(", ").push(key).push(" AS ").push(alias);
        }
    }
    sql.push(", COUNT(DISTINCT r.unit_id) AS n_offices");
    if series {
        sql.push(", COUNT(DISTINCT CASE WHEN pr.id IS NOT NULL THEN r.unit_id END) AS n_before");
    }
    for field in Field::ALL {
        let key = field.key();
        sql.push(&format!(", CAST(SUM(rr.{key}) AS BIGINT) AS sum_{key}"));
    }
    sql.push(
        " FROM report_rows rr \
         JOIN reports r ON r.id = rr.report_id \
         JOIN units u ON u.id = r.unit_id \
         JOIN case_types ct ON ct.id = rr.case_type_id",
    );
    if series {
        sql.push(
            " LEFT JOIN reports pr ON pr.unit_id = r.unit_id AND pr.year = r.year \
             AND pr.months = r.months - 1 AND pr.form = r.form AND pr.is_current",
        );
    }
    sql.push(" WHERE r.is_current AND r.year IN (")
        .bind(year)
        .push(", ")
        .bind(year - 1)
        .push(")");
    if let Months::One(m) = months {
        sql.push(" AND r.months = ").bind(i32::from(m));
    }
    if !scope.all_offices {
        sql.push(" AND ").in_ids("r.unit_id", &scope.offices);
    }
    if !scope.all_leaves {
        sql.push(" AND ").in_ids("rr.case_type_id", &scope.leaves);
    }
    sql.push(" GROUP BY r.year, r.months, r.form");
    for key in [unit_key, case_key].into_iter().flatten() {
        sql.push(", ").push(key);
    }
    let rows = db.query_all_raw(sql.build()).await?;
    let mut cells = HashMap::with_capacity(rows.len());
    for row in rows {
        let (key, cell) = decode(&row, unit_key.is_some(), case_key.is_some(), series)?;
        cells.insert(key, cell);
    }
    Ok(Cells(cells))
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
    let form: String = row.try_get("", "k_form")?;
    let key = CellKey {
        year: row.try_get("", "k_year")?,
        months: u8::try_from(months).map_err(|e| DbErr::Type(format!("months: {e}")))?,
        form: form.parse().map_err(|e| DbErr::Type(format!("{e}")))?,
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
