//! Write transactions.

use sea_orm::{DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait};

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so that a transaction that reads before it writes waits for another
/// writer instead of failing on a stale snapshot; PostgreSQL ignores the mode.
///
/// Inside another transaction this is a savepoint and the mode does not apply: a caller that
/// wraps writes in its own transaction (the import batch does, to roll back dry runs) must
/// begin that one with this function.
pub async fn begin<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
