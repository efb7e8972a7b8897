//! Write transactions, and whether the database takes writes at all.

use crate::error::{DriverCode, driver_code, is_read_only};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionSession, TransactionTrait,
};

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so that a transaction that reads before it writes waits for another
/// writer instead of failing on a stale snapshot; PostgreSQL ignores the mode.
///
/// Inside another transaction this is a savepoint and the mode does not apply: a caller that
/// wraps writes in its own transaction must begin that one with this function.
pub async fn begin<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// A write that changes nothing: no row matches, so no trigger fires, yet both databases treat
/// it as a write (SQLite starts a write transaction for any `UPDATE`, PostgreSQL refuses any
/// `UPDATE` in a read-only transaction).
const PROBE: &str = "UPDATE data_revision SET revision = revision WHERE 1 = 0";

/// Whether the database takes writes: `false` when it answers but refuses them (an SQLite file
/// opened read-only or that the process may not write, a PostgreSQL database in read-only
/// mode or a standby), an error when it does not answer. Cheap: one statement that writes
/// nothing, in a transaction rolled back.
///
/// It never waits for another writer: on SQLite, where a writer excludes the others, the
/// statement runs without a busy timeout, and a database locked by a writer is writable. That
/// timeout belongs to the pooled connection and is put back before the transaction ends, so
/// run this to completion (spawn it rather than drop it half-way, e.g. under a deadline).
pub async fn writable<C: TransactionTrait>(db: &C) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let sqlite = txn.get_database_backend() == DbBackend::Sqlite;
    let busy_timeout = if sqlite {
        let kept = busy_timeout(&txn).await?;
        txn.execute_unprepared("PRAGMA busy_timeout = 0").await?;
        Some(kept)
    } else {
        None
    };
    let probe = txn.execute_unprepared(PROBE).await;
    if let Some(kept) = busy_timeout {
        txn.execute_unprepared(&format!("PRAGMA busy_timeout = {kept}"))
            .await?;
    }
    txn.rollback().await?;
    match probe {
        Ok(_) => Ok(true),
        Err(e) if is_read_only(&e) => Ok(false),
        // Another writer holds SQLite's write lock: it writes, so the database takes writes.
        Err(e) if driver_code(&e) == Some(DriverCode::Sqlite(SQLITE_BUSY)) => Ok(true),
        Err(e) => Err(e),
    }
}

/// SQLite's primary result code `SQLITE_BUSY`: another connection holds the lock.
const SQLITE_BUSY: i32 = 5;

/// The connection's SQLite busy timeout, in milliseconds.
async fn busy_timeout(txn: &impl ConnectionTrait) -> Result<i64, DbErr> {
    txn.query_one_raw(sea_orm::Statement::from_string(
        DbBackend::Sqlite,
        "PRAGMA busy_timeout",
    ))
    .await?
    .ok_or_else(|| DbErr::RecordNotFound("the answer of PRAGMA busy_timeout".to_owned()))?
    .try_get_by_index(0)
}
