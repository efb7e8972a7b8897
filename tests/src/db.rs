//! Fresh, migrated databases for tests: an SQLite file always, and a PostgreSQL database when
//! `THADS_TEST_POSTGRES_URL` names a server (e.g. `postgres://postgres@127.0.0.1:5432/test`).
//!
//! A test body loops over [`each_backend`], so the same assertions run on both databases.
//!
//! Cleanup: an SQLite file lives in a temporary folder removed when the [`TestDb`] is dropped.
//! A PostgreSQL database is created through the configured connection under a unique name
//! (`thads_test_<unix seconds>_<process>_<counter>`) and dropped (`WITH (FORCE)`) when the
//! [`TestDb`] is dropped, from a helper thread since `Drop` cannot await; a database left
//! behind by a run that was killed is dropped by a later run once it is an hour old.
//!
//! This is test harness code: a database that cannot be set up fails the test at once, with
//! a message, rather than returning an error every test would unwrap.
#![allow(clippy::expect_used, clippy::panic)]

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use thads_migration::MigratorTrait;

/// The variable naming the PostgreSQL server tests may create databases on.
pub const POSTGRES_URL_VAR: &str = "THADS_TEST_POSTGRES_URL";

/// Prefix of the databases tests create on PostgreSQL.
const PREFIX: &str = "thads_test_";

/// Databases of earlier runs older than this are dropped.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Distinguishes the databases of one process.
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh database, migrated, removed when dropped.
pub struct TestDb {
    /// The connection, with every migration applied.
    pub db: DatabaseConnection,
    /// The URL it was opened with (for code under test that connects by itself).
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The folder holding the SQLite file; removed on drop.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    /// The database to drop through the server's own URL.
    Postgres { server_url: String, name: String },
}

impl TestDb {
    /// A new SQLite file in a temporary folder, migrated.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary folder for the test database");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("thads.db").display()
        );
        let db = thads_api::db::connect(&url)
            .await
            .expect("a migrated SQLite test database");
        TestDb {
            db,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A new PostgreSQL database, migrated, when `THADS_TEST_POSTGRES_URL` is set; `None`
    /// otherwise. Panics when the variable is set but the server cannot be used.
    pub async fn postgres() -> Option<TestDb> {
        let server_url = std::env::var(POSTGRES_URL_VAR)
            .ok()
            .filter(|u| !u.trim().is_empty())?;
        let server = Database::connect(server_url.as_str())
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR}={server_url}: cannot connect: {e}"));
        drop_stale(&server).await;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let name = format!(
            "{PREFIX}{now}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        server
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
        let _ = server.close().await;
        let url = with_database(&server_url, &name);
        let db = thads_api::db::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot migrate the test database {name}: {e}"));
        Some(TestDb {
            db,
            url,
            cleanup: Cleanup::Postgres { server_url, name },
        })
    }

    /// Makes the database read-only for what connects to it from now on, and returns the URL
    /// to connect by: on SQLite the file opened with `mode=ro` (the tests run as root, whom
    /// file permissions do not stop); on PostgreSQL the same URL, the database being set to
    /// `default_transaction_read_only` (sessions already open, such as those of [`TestDb::db`],
    /// may still write).
    pub async fn read_only_url(&self) -> String {
        match &self.cleanup {
            Cleanup::Sqlite(_) => self.url.replace("mode=rwc", "mode=ro"),
            Cleanup::Postgres { name, .. } => {
                let sql =
                    format!("ALTER DATABASE \"{name}\" SET default_transaction_read_only = on");
                self.db
                    .execute_unprepared(&sql)
                    .await
                    .unwrap_or_else(|e| panic!("cannot make {name} read-only: {e}"));
                self.url.clone()
            }
        }
    }

    /// `"sqlite"` or `"postgres"`, for assertion messages.
    pub fn backend(&self) -> &'static str {
        match self.cleanup {
            Cleanup::Sqlite(_) => "sqlite",
            Cleanup::Postgres { .. } => "postgres",
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Cleanup::Postgres { server_url, name } = &self.cleanup else {
            return;
        };
        let (server_url, name) = (server_url.clone(), name.clone());
        // Best effort, on a thread of its own: Drop cannot await, and may run inside a runtime.
        let dropper = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                if let Ok(server) = Database::connect(server_url.as_str()).await {
                    let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    let _ = server.execute_unprepared(&sql).await;
                    let _ = server.close().await;
                }
            });
        });
        let _ = dropper.join();
    }
}

/// A fresh SQLite database, and a PostgreSQL one when `THADS_TEST_POSTGRES_URL` is set.
pub async fn each_backend() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite().await];
    match TestDb::postgres().await {
        Some(postgres) => dbs.push(postgres),
        None => {
            // Said once per run, not once per test; under CI every test fails.
            if crate::skip::under_ci() || !SKIP_SAID.swap(true, Ordering::SeqCst) {
                crate::skip::skipped(
                    "the tests on both databases",
                    "PostgreSQL",
                    &format!("{POSTGRES_URL_VAR} is not set: they ran on SQLite only"),
                    "set it to a server the tests may create databases on, e.g. \
                     postgres://postgres@127.0.0.1:5432/test (.ci/run does)",
                );
            }
        }
    }
    dbs
}

/// Whether the skip of PostgreSQL has been said in this run.
static SKIP_SAID: AtomicBool = AtomicBool::new(false);

/// The server URL with its database name replaced.
fn with_database(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Drops the test databases of runs that ended more than [`STALE_AFTER`] ago without cleaning
/// up (killed, or aborted before their databases were dropped).
async fn drop_stale(server: &DatabaseConnection) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let sql = format!("SELECT datname FROM pg_database WHERE datname LIKE '{PREFIX}%'");
    let Ok(rows) = server
        .query_all_raw(sea_orm::Statement::from_string(
            server.get_database_backend(),
            sql,
        ))
        .await
    else {
        return;
    };
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let created = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('_').next())
            .and_then(|s| s.parse::<u64>().ok());
        if created.is_some_and(|c| now.saturating_sub(c) > STALE_AFTER.as_secs()) {
            let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            let _ = server.execute_unprepared(&sql).await;
        }
    }
}

/// How many migrations there are from the one whose name ends with `suffix` to the newest,
/// itself included: the steps `Migrator::down` takes to undo it, whatever came after it.
pub fn migrations_since(suffix: &str) -> u32 {
    let names: Vec<String> = thads_migration::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let position = names
        .iter()
        .position(|n| n.ends_with(suffix))
        .unwrap_or_else(|| panic!("no migration named …{suffix}"));
    u32::try_from(names.len() - position).expect("a few migrations")
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
    }
}
