//! The revision of the data: one number that every write of what answers are computed from
//! increases, in the same transaction as the write. The API keys its response cache by it
//! (one cheap read per request, `thads_domain::services::revision`, which reads the row
//! inserted here, id 1), so that a write from anywhere (another API instance, `thads
//! import`, `thads units import`, a direct loader) makes every cached answer obsolete at once.
//!
//! Triggers keep it, so that no writer can forget it. They watch every table the answers
//! read: `reports`, `units`, `unit_aliases`, `targets`, `case_types`, `imports` (the import
//! history is an answer too, rejected files included) and, of `tokens`, only the office a token
//! is bound to (an office's view of the import history follows its tokens; the time of last
//! use and revocation change no answer, and are written by reads). `report_rows` was left out
//! here, its rows being written with their report in the same transaction; it is watched too
//! since `m20261203_000002_watch_report_rows`, which says why (a direct edit of the figures
//! touches no report).
//!
//! - SQLite runs one writer at a time and has no statement triggers: `AFTER … FOR EACH ROW`
//!   triggers add 1 in the writer's transaction.
//! - PostgreSQL runs writers concurrently. A trigger that updated the one row at the first
//!   write would hold its lock until commit and serialise every import behind the slowest
//!   (a national load holds its transaction for seconds). The triggers are therefore deferred
//!   constraint triggers: they fire at commit, where the lock is held only while the commit
//!   lasts, and the function adds 1 once per transaction (a transaction-local flag), however
//!   many rows it wrote. `TRUNCATE` has a statement trigger of its own.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

/// Creates `data_revision` and the triggers that keep it.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table and columns of `data_revision`.
#[derive(DeriveIden)]
pub(crate) enum DataRevision {
    Table,
    Id,
    Revision,
}

/// The one row's id.
const ROW: i32 = 1;

/// The tables whose every change is a new revision.
const WATCHED: [&str; 6] = [
    "reports",
    "units",
    "unit_aliases",
    "targets",
    "case_types",
    "imports",
];

/// `tokens` counts only through the office a token is bound to.
const TOKENS: &str = "tokens";
const TOKENS_COLUMN: &str = "unit_id";

/// The PostgreSQL function the triggers run.
const PG_FUNCTION: &str = "bump_data_revision";

/// SQLite keeps trigger names per database: one per table and event.
const SQLITE_EVENTS: [&str; 3] = ["insert", "update", "delete"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataRevision::Table)
                    .if_not_exists()
                    .col(integer(DataRevision::Id).primary_key())
                    .col(big_integer(DataRevision::Revision))
                    .to_owned(),
            )
            .await?;
        let mut first = Query::insert();
        first
            .into_table(DataRevision::Table)
            .columns([DataRevision::Id, DataRevision::Revision])
            .values([ROW.into(), 0i64.into()])
            .map_err(|e| DbErr::Migration(e.to_string()))?;
        manager.exec_stmt(first).await?;
        let db = manager.get_connection();
        for sql in triggers(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in drop_triggers(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        manager
            .drop_table(Table::drop().table(DataRevision::Table).to_owned())
            .await
    }
}

/// Adds 1 to the revision.
fn bump() -> String {
    format!("UPDATE data_revision SET revision = revision + 1 WHERE id = {ROW}")
}

/// The statements that create the triggers (and PostgreSQL's function).
fn triggers(backend: DbBackend) -> Vec<String> {
    match backend {
        DbBackend::Postgres => {
            // The flag is local to the transaction (`set_config(…, true)`): the first change
            // adds 1, the others of the same transaction find it set.
            let mut all = vec![format!(
                "CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('thads.data_revision_bumped', true) IS DISTINCT FROM 'yes' THEN
                        PERFORM set_config('thads.data_revision_bumped', 'yes', true);
                        {bump};
                    END IF;
                    RETURN NULL;
                END $$",
                bump = bump()
            )];
            let pg = |table: &str, events: &str| {
                [
                    format!(
                        "CREATE CONSTRAINT TRIGGER data_revision AFTER {events} ON {table} \
                         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
                    ),
                    format!(
                        "CREATE TRIGGER data_revision_truncate AFTER TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
                    ),
                ]
            };
            for table in WATCHED {
                all.extend(pg(table, "INSERT OR UPDATE OR DELETE"));
            }
            all.extend(pg(
                TOKENS,
                &format!("INSERT OR UPDATE OF {TOKENS_COLUMN} OR DELETE"),
            ));
            all
        }
        _ => {
            let sqlite = |table: &str, event: &str, on: &str| {
                format!(
                    "CREATE TRIGGER data_revision_{table}_{event} AFTER {on} ON {table} \
                     FOR EACH ROW BEGIN {bump}; END",
                    bump = bump()
                )
            };
            let mut all = Vec::new();
            for table in WATCHED {
                for event in SQLITE_EVENTS {
                    all.push(sqlite(table, event, &event.to_uppercase()));
                }
            }
            for event in SQLITE_EVENTS {
                let on = match event {
                    "update" => format!("UPDATE OF {TOKENS_COLUMN}"),
                    other => other.to_uppercase(),
                };
                all.push(sqlite(TOKENS, event, &on));
            }
            all
        }
    }
}

/// The statements that drop what [`triggers`] created.
fn drop_triggers(backend: DbBackend) -> Vec<String> {
    let tables = WATCHED.into_iter().chain([TOKENS]);
    match backend {
        DbBackend::Postgres => {
            let mut all: Vec<String> = tables
                .flat_map(|table| {
                    ["data_revision", "data_revision_truncate"]
                        .map(|name| format!("DROP TRIGGER IF EXISTS {name} ON {table}"))
                })
                .collect();
            all.push(format!("DROP FUNCTION IF EXISTS {PG_FUNCTION}()"));
            all
        }
        _ => tables
            .flat_map(|table| {
                SQLITE_EVENTS
                    .map(|event| format!("DROP TRIGGER IF EXISTS data_revision_{table}_{event}"))
            })
            .collect(),
    }
}
