//! The direct loader: years of national reports stored without workbooks, with multi-row
//! INSERTs, for the query benchmarks (ten years are about 2.7 million report rows).
//!
//! What it stores is what importing the offices' workbooks would store: the same values (in
//! đồng), the same content hashes, one current report per office, period and form (an earlier
//! current one becomes history). One import record per year loaded stands for the files.

use super::{Registry, checked_workbook};
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement, TransactionTrait, Value,
};
use std::collections::HashMap;
use std::fmt::Write;
use thads_domain::services::registry::{import_targets_csv, import_units_csv};
use thads_domain::services::reports::{write_sums, write_totals};
use thads_domain::{CheckedWorkbook, DomainError, Field, Form, Period};

/// Report rows per INSERT statement: about 150 bytes of SQL each.
const ROWS_PER_STATEMENT: usize = 2_000;
/// Reports per INSERT statement: one bound value each, far below the bind limits.
const REPORTS_PER_STATEMENT: usize = 2_000;

/// What a load stored.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    /// Reports stored (current).
    pub reports: usize,
    /// Report rows stored.
    pub rows: usize,
    /// Earlier current reports that became history.
    pub superseded: u64,
}

/// Why a load failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The database refused a statement.
    #[error("database: {0}")]
    Db(#[from] DbErr),
    /// The registry could not be loaded.
    #[error("registry: {0}")]
    Domain(#[from] DomainError),
    /// Something the registry or the case types should hold is missing.
    #[error("{0}")]
    Missing(String),
}

/// Loads the unit registry and the targets of `years` (updating them in place when present).
pub async fn load_registry(
    db: &DatabaseConnection,
    registry: &Registry,
    years: &[i32],
) -> Result<(), LoadError> {
    import_units_csv(db, registry.units_csv().as_bytes()).await?;
    import_targets_csv(db, registry.targets_csv(years).as_bytes()).await?;
    Ok(())
}

/// Stores months 1..=`months` of `year` for the first `offices` offices of the registry (which
/// must be loaded), in one transaction.
pub async fn load_year(
    db: &DatabaseConnection,
    registry: &Registry,
    year: i32,
    months: u8,
    offices: usize,
) -> Result<Loaded, LoadError> {
    let backend = db.get_database_backend();
    let unit_ids = ids(db, "units").await?;
    let case_ids = ids(db, "case_types").await?;
    let offices = &registry.offices[..offices.min(registry.offices.len())];
    let mut office_ids = Vec::with_capacity(offices.len());
    for o in offices {
        let id = unit_ids
            .get(&o.code)
            .ok_or_else(|| LoadError::Missing(format!("office {} is not registered", o.code)))?;
        office_ids.push(*id);
    }
    // Generating is the slow part of a year; both cores do it.
    let workbooks: Vec<(i32, Vec<CheckedWorkbook>)> = offices
        .par_iter()
        .zip(office_ids.par_iter())
        .map(|(office, &unit)| {
            let series = registry.year_values(office, year, months);
            let books = (1u8..)
                .zip(series)
                .filter_map(|(m, values)| {
                    let period = Period::new(i64::from(year), i64::from(m)).ok()?;
                    Some(checked_workbook(office, period, &values))
                })
                .collect();
            (unit, books)
        })
        .collect();
    let now = Utc::now();
    let txn = db.begin().await?;
    let superseded = supersede(&txn, backend, year, &office_ids, now).await?;
    let import_id = insert_import(&txn, backend, year, months, offices.len(), now).await?;
    let first_id = next_id(&txn, backend, "reports").await?;
    let mut reports = Vec::new();
    let mut rows = String::new();
    let mut pending_rows = 0;
    let mut loaded = Loaded {
        superseded: superseded.len() as u64,
        ..Loaded::default()
    };
    let mut id = first_id;
    for (unit, books) in &workbooks {
        for book in books {
            for report in &book.reports {
                reports.push(NewReport {
                    id,
                    unit: *unit,
                    period: book.period,
                    form: report.form,
                    hash: report.content_hash(),
                });
                for row in &report.rows {
                    let case = case_ids.get(&row.case_type).ok_or_else(|| {
                        LoadError::Missing(format!("case type {}", row.case_type))
                    })?;
                    push_row(&mut rows, id, *case, report.form, &row.values);
                    pending_rows += 1;
                    loaded.rows += 1;
                    if pending_rows == ROWS_PER_STATEMENT {
                        flush_reports(&txn, backend, import_id, now, &mut reports).await?;
                        flush_rows(&txn, &mut rows).await?;
                        pending_rows = 0;
                    }
                }
                id += 1;
                loaded.reports += 1;
            }
        }
    }
    flush_reports(&txn, backend, import_id, now, &mut reports).await?;
    flush_rows(&txn, &mut rows).await?;
    // The totals per case group, written from the rows as the importer writes them.
    let written: Vec<i32> = (first_id..id)
        .map(i32::try_from)
        .collect::<Result<_, _>>()
        .map_err(|e| LoadError::Missing(format!("a report id that fits an INTEGER: {e}")))?;
    write_totals(&txn, &written).await?;
    // The sums of every parent and month the load wrote or left (a shorter year than before).
    write_sums(&txn, &[written, superseded].concat()).await?;
    if backend == DbBackend::Postgres {
        // Explicit ids do not move the sequence: move it past them.
        txn.execute_unprepared(
            "SELECT setval(pg_get_serial_sequence('reports', 'id'), \
             (SELECT MAX(id) FROM reports))",
        )
        .await?;
    }
    txn.commit().await?;
    Ok(loaded)
}

/// Refreshes the planner's statistics after a bulk load (what autovacuum does on PostgreSQL
/// some time later; SQLite is left as thads leaves it).
pub async fn analyze(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
    }
    Ok(())
}

/// Inserts the import record that stands for a year's files (raw SQL naming only the columns
/// it sets, so that columns added later with defaults do not concern it); returns its id.
async fn insert_import(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    year: i32,
    months: u8,
    offices: usize,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let p = |n| placeholder(backend, n);
    let sql = format!(
        "INSERT INTO imports (file_name, file_size, sha256, received_at, source, status, \
         unit_id, year, months, problems, error_count, warning_count) \
         VALUES ({}, 0, {}, {}, 'bench:load-national', 'imported', NULL, {year}, {months}, \
         '[]', 0, 0) RETURNING id",
        p(1),
        p(2),
        p(3)
    );
    let values = [
        Value::from(format!("load-national {year} (months 1-{months})")),
        Value::from(format!("load-national-{year}-{months}-{offices}")),
        Value::from(now),
    ];
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| DbErr::RecordNotInserted)?;
    row.try_get("", "id")
}

/// A report to insert.
struct NewReport {
    id: i64,
    unit: i32,
    period: Period,
    form: Form,
    hash: String,
}

/// Code → id of every row of a table with `id` and `code` columns.
async fn ids(db: &DatabaseConnection, table: &str) -> Result<HashMap<String, i32>, DbErr> {
    let stmt = Statement::from_string(
        db.get_database_backend(),
        format!("SELECT id, code FROM {table}"),
    );
    let mut out = HashMap::new();
    for row in db.query_all_raw(stmt).await? {
        out.insert(row.try_get("", "code")?, row.try_get("", "id")?);
    }
    Ok(out)
}

/// The id after the largest of a table.
async fn next_id(db: &impl ConnectionTrait, backend: DbBackend, table: &str) -> Result<i64, DbErr> {
    let stmt = Statement::from_string(
        backend,
        format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS m FROM {table}"),
    );
    let row = db
        .query_one_raw(stmt)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("MAX(id) of {table}")))?;
    Ok(row.try_get::<i64>("", "m")? + 1)
}

/// Makes the current reports of `year` of these offices history; returns their ids.
async fn supersede(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    year: i32,
    offices: &[i32],
    now: DateTime<Utc>,
) -> Result<Vec<i32>, DbErr> {
    if offices.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = format!(
        "UPDATE reports SET is_current = FALSE, superseded_at = {} \
         WHERE is_current AND year = {year} AND unit_id IN (",
        placeholder(backend, 1)
    );
    for (i, id) in offices.iter().enumerate() {
        let _ = write!(sql, "{}{id}", if i > 0 { ", " } else { "" });
    }
    sql.push_str(") RETURNING id");
    let stmt = Statement::from_sql_and_values(backend, sql, [Value::from(now)]);
    db.query_all_raw(stmt)
        .await?
        .iter()
        .map(|row| row.try_get::<i32>("", "id"))
        .collect()
}

/// The `n`th placeholder (1-based) of a backend.
fn placeholder(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

/// Inserts the reports gathered so far (before the rows that point at them).
async fn flush_reports(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    import_id: i32,
    now: DateTime<Utc>,
    reports: &mut Vec<NewReport>,
) -> Result<(), DbErr> {
    for chunk in reports.chunks(REPORTS_PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO reports (id, import_id, unit_id, year, months, form, content_hash, \
             is_current, created_at, superseded_at) VALUES ",
        );
        let mut values = Vec::with_capacity(chunk.len());
        for (i, r) in chunk.iter().enumerate() {
            values.push(Value::from(now));
            // Every value but the timestamp is an integer or a constant name or hex digest.
            let _ = write!(
                sql,
                "{}({}, {import_id}, {}, {}, {}, '{}', '{}', TRUE, {}, NULL)",
                if i > 0 { ", " } else { "" },
                r.id,
                r.unit,
                r.period.year(),
                r.period.months(),
                r.form,
                r.hash,
                placeholder(backend, i + 1)
            );
        }
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    reports.clear();
    Ok(())
}

/// Appends one row's VALUES tuple (integers only).
fn push_row(sql: &mut String, report: i64, case: i32, form: Form, values: &thads_domain::Outcome) {
    if sql.is_empty() {
        sql.push_str("INSERT INTO report_rows (report_id, case_type_id");
        for f in Field::ALL {
            sql.push_str(", ");
            sql.push_str(f.key());
        }
        sql.push_str(") VALUES ");
    } else {
        sql.push_str(", ");
    }
    let _ = write!(sql, "({report}, {case}");
    for f in Field::ALL {
        if f == Field::Reduced && form == Form::Cases {
            sql.push_str(", NULL");
        } else {
            let _ = write!(sql, ", {}", values.get(f));
        }
    }
    sql.push(')');
}

/// Runs the gathered row INSERT, if any.
async fn flush_rows(db: &impl ConnectionTrait, sql: &mut String) -> Result<(), DbErr> {
    if !sql.is_empty() {
        db.execute_unprepared(sql).await?;
        sql.clear();
    }
    Ok(())
}
