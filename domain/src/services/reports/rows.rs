//! Writing the rows of new reports: the bulk of every import (sixteen rows per report).
//!
//! On PostgreSQL, one `INSERT … SELECT FROM UNNEST(…)` takes a whole batch as one array per
//! column, each bound as a single text parameter (`{1,2,3}`) and cast: the statement has
//! eighteen parameters however many rows it writes, so the server parses and plans it in
//! microseconds, where a multi-row `VALUES` of a thousand rows binds nineteen thousand
//! parameters and spends most of its time parsing and binding them (BENCHMARKS.md, import).
//! Elsewhere (SQLite, in process), multi-row inserts of the entity are as fast as it gets.

use crate::entities::report_rows;
use crate::form::Form;
use crate::outcome::{Field, Outcome};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, Statement, Value};
use std::fmt::Write;

/// Rows of one multi-row `INSERT … VALUES` (SQLite: 19 values each, below its bind limit).
const ROWS_PER_STATEMENT: usize = 1000;

/// One row to write: its report, its case type, the values and the report's form.
pub(super) struct NewRow<'a> {
    /// The report's id.
    pub report_id: i32,
    /// The leaf case type's id.
    pub case_type_id: i32,
    /// The values.
    pub values: &'a Outcome,
    /// The form: `reduced` is NULL on the cases form.
    pub form: Form,
}

/// Writes the rows.
pub(super) async fn insert_rows(
    db: &impl ConnectionTrait,
    rows: &[NewRow<'_>],
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    if db.get_database_backend() == DbBackend::Postgres {
        return db.execute_raw(unnest(rows)).await.map(|_| ());
    }
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let models = chunk.iter().map(|r| {
            report_rows::active_model(r.report_id, r.case_type_id, r.values, r.form == Form::Money)
        });
        report_rows::Entity::insert_many(models)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The PostgreSQL statement: one array literal per column.
fn unnest(rows: &[NewRow<'_>]) -> Statement {
    let column = |value: &dyn Fn(&NewRow<'_>) -> Option<i64>| {
        let mut array = String::with_capacity(rows.len() * 8 + 2);
        array.push('{');
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                array.push(',');
            }
            match value(row) {
                Some(v) => {
                    let _ = write!(array, "{v}");
                }
                None => array.push_str("NULL"),
            }
        }
        array.push('}');
        Value::from(array)
    };
    let mut values = vec![
        column(&|r| Some(i64::from(r.report_id))),
        column(&|r| Some(i64::from(r.case_type_id))),
    ];
    let mut names = vec!["report_id", "case_type_id"];
    let mut arrays = vec!["$1::int[]".to_owned(), "$2::int[]".to_owned()];
    for field in Field::ALL {
        values.push(column(&|r| {
            (field != Field::Reduced || r.form == Form::Money).then(|| r.values.get(field))
        }));
        names.push(field.key());
        arrays.push(format!("${}::bigint[]", values.len()));
    }
    let sql = format!(
        "INSERT INTO report_rows ({}) SELECT * FROM UNNEST({})",
        names.join(", "),
        arrays.join(", ")
    );
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}
