//! The triggers that make every change of a watched table a new revision of the data
//! (`data_revision`, created by `m20261202_000001_create_data_revision`, which explains why
//! they are what they are): one function taking the table, shared by every migration that
//! watches a table created after that one, so that the trigger SQL is written once.
//!
//! - PostgreSQL: a deferred constraint trigger per row running `bump_data_revision` (which adds
//!   1 once per transaction, at commit) and a statement trigger for `TRUNCATE`.
//! - SQLite: an `AFTER … FOR EACH ROW` trigger per event.

use sea_orm_migration::sea_orm::DbBackend;

/// The PostgreSQL function the triggers run, created with `data_revision`.
const PG_FUNCTION: &str = "bump_data_revision";

/// The events SQLite needs a trigger each for.
const SQLITE_EVENTS: [&str; 3] = ["insert", "update", "delete"];

/// The statements that create the triggers watching `table`.
pub(crate) fn watch(backend: DbBackend, table: &str) -> Vec<String> {
    match backend {
        DbBackend::Postgres => vec![
            format!(
                "CREATE CONSTRAINT TRIGGER data_revision AFTER INSERT OR UPDATE OR DELETE \
                 ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
                 EXECUTE FUNCTION {PG_FUNCTION}()"
            ),
            format!(
                "CREATE TRIGGER data_revision_truncate AFTER TRUNCATE ON {table} \
                 FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
            ),
        ],
        _ => SQLITE_EVENTS
            .iter()
            .map(|event| {
                format!(
                    "CREATE TRIGGER data_revision_{table}_{event} AFTER {} ON {table} \
                     FOR EACH ROW BEGIN \
                     UPDATE data_revision SET revision = revision + 1 WHERE id = 1; END",
                    event.to_uppercase()
                )
            })
            .collect(),
    }
}

/// The statements that drop what [`watch`] created on `table`.
pub(crate) fn unwatch(backend: DbBackend, table: &str) -> Vec<String> {
    match backend {
        DbBackend::Postgres => ["data_revision", "data_revision_truncate"]
            .map(|name| format!("DROP TRIGGER IF EXISTS {name} ON {table}"))
            .to_vec(),
        _ => SQLITE_EVENTS
            .map(|event| format!("DROP TRIGGER IF EXISTS data_revision_{table}_{event}"))
            .to_vec(),
    }
}
