//! Ids for rows inserted many at a time: a batch inserts its import records, reports and report
//! rows in a few multi-row statements, and the rows must point at reports that are not yet
//! inserted, so the ids are taken before inserting.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

/// Tables whose ids a batch takes in advance.
#[derive(Debug, Clone, Copy)]
pub(super) enum Table {
    Imports,
    Reports,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Imports => "imports",
            Table::Reports => "reports",
        }
    }
}

/// `n` unused ids of `table`, for rows the caller inserts in this transaction.
///
/// PostgreSQL takes them from the column's sequence, so concurrent writers never get the same.
/// SQLite counts on from the largest id ever given (the table's `AUTOINCREMENT` counter or its
/// largest id): that is safe because a writing transaction holds SQLite's only write lock from
/// its start ([`crate::services::write::begin`]), and inserting explicit ids moves the counter on.
pub(super) async fn take(
    db: &impl ConnectionTrait,
    table: Table,
    n: usize,
) -> Result<Vec<i32>, DbErr> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let count = i64::try_from(n).unwrap_or(i64::MAX);
    let name = table.name();
    if backend == DbBackend::Postgres {
        let sql = format!(
            "SELECT CAST(nextval(pg_get_serial_sequence('{name}', 'id')) AS INTEGER) AS id \
             FROM generate_series(1, $1)"
        );
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(backend, sql, [count.into()]))
            .await?;
        return rows
            .iter()
            .map(|row| row.try_get::<i32>("", "id"))
            .collect();
    }
    let sql = format!(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{name}'), 0), \
         COALESCE((SELECT MAX(id) FROM {name}), 0)) AS last"
    );
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("the largest id of {name}")))?;
    let last: i64 = row.try_get("", "last")?;
    (1..=count)
        .map(|k| {
            i32::try_from(last + k)
                .map_err(|_| DbErr::Custom(format!("the ids of {name} are exhausted")))
        })
        .collect()
}
