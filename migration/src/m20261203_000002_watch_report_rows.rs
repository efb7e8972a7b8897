//! `report_rows` bumps the revision of the data too.
//!
//! The migration that created `data_revision` (`m20261202_000001_create_data_revision`) left
//! `report_rows` out: thads writes rows only with their report, in the same transaction, so the
//! report's trigger already made the new revision, and a trigger per row looked like a cost for
//! nothing. That no longer holds: the data is also corrected where it lies (a statistician's
//! `UPDATE report_rows …`, a script, a restore of one table), and such a change touches no
//! report, so cached answers computed from the old figures stayed in every API's cache. Every
//! table the answers read is now watched.
//!
//! The triggers are those of the other tables: on PostgreSQL a deferred constraint trigger per
//! row running the same function (`bump_data_revision`, which adds 1 once per transaction) and
//! a statement trigger for `TRUNCATE`; on SQLite an `AFTER … FOR EACH ROW` trigger per event.
//! Their SQL is [`crate::revision_triggers`]'s, shared with the tables watched since.
//!
//! What they cost, measured on the 2-core benchmark machine (release build, medians of 5 runs,
//! with and without them interleaved): a national month's import (700 workbooks, 22 400 rows)
//! takes the same time within the noise (SQLite 0.92 s against 0.90 s, PostgreSQL 1.93 s against
//! 1.97 s); the bulk loader's 268 800 rows 4 % more on SQLite (1.89 s against 1.81 s) and 3 %
//! on PostgreSQL (14.1 s against 13.6 s); a bare `INSERT … SELECT` of those rows 1 to 2 µs more
//! per row on both.

use crate::revision_triggers::{unwatch, watch};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

/// Creates the triggers of `report_rows`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The table watched.
const TABLE: &str = "report_rows";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in watch(manager.get_database_backend(), TABLE) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in unwatch(manager.get_database_backend(), TABLE) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
