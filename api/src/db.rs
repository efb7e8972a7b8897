//! Opening a database from a URL: SQLite files are created on first use, foreign keys are
//! enforced, and the schema is migrated before anything else touches it. Every command of
//! `thads` opens its database through [`connect`], and so do the integration tests and the
//! benchmarks. It lives here, beside its users, rather than in the migration crate, which holds
//! only the migrations.

use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;
use thads_migration::{Migrator, MigratorTrait};

/// The environment variable that names the database when `--db` is not given.
pub const DATABASE_URL_VAR: &str = "THADS_DATABASE_URL";

/// Connections of an SQLite pool: enough for a few readers beside the one writer SQLite allows.
const SQLITE_POOL_SIZE: u32 = 4;

/// How long an SQLite statement waits for another connection's write lock before failing.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How much of an SQLite file each connection maps into memory to read it (1 GiB: address
/// space, not memory; the pages are the system's file cache, shared by the connections). A
/// statistics query reads tens of megabytes of reports; through SQLite's own page cache of 2 MB
/// it rereads them from the file with a system call per page, which took two thirds of the
/// time of a year's series (BENCHMARKS.md).
const SQLITE_MMAP_BYTES: &str = "1073741824";

/// PostgreSQL settings of thads's sessions: a parallel plan only for a large query. Most
/// statistics queries read a few thousand rows of report totals, and starting a worker cost
/// them more than it saved (the national totals took 7 ms with one, 4 ms without); raising the
/// estimated cost of starting workers from 1 000 to 20 000 keeps them for the largest.
const POSTGRES_SESSION: [(&str, &str); 1] = [("parallel_setup_cost", "20000")];

/// The database used when none is named: `$THADS_DATABASE_URL`, else the SQLite file `thads.db`
/// in the current folder (created on first use).
pub fn default_url() -> String {
    std::env::var(DATABASE_URL_VAR)
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| "sqlite://thads.db?mode=rwc".to_owned())
}

/// The URL as it is opened: an SQLite file URL without a `mode=` parameter gets `mode=rwc`, so
/// that the file is created on first use. Other URLs are returned unchanged.
fn normalise_url(url: &str) -> String {
    let url = url.trim();
    if !url.starts_with("sqlite:") || is_memory(url) {
        return url.to_owned();
    }
    match url.split_once('?') {
        None => format!("{url}?mode=rwc"),
        Some((_, query)) if query.split('&').any(|p| p.starts_with("mode=")) => url.to_owned(),
        Some((_, "")) => format!("{url}mode=rwc"),
        Some(_) => format!("{url}&mode=rwc"),
    }
}

fn is_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// Opens the database without migrating it. Prefer [`connect`].
pub async fn open(url: &str) -> Result<DatabaseConnection, DbErr> {
    let url = normalise_url(url);
    let mut options = ConnectOptions::new(url.clone());
    options.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // An in-memory database exists once per connection: keep a single one.
        let size = if is_memory(&url) { 1 } else { SQLITE_POOL_SIZE };
        options.max_connections(size).map_sqlx_sqlite_opts(|o| {
            o.foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .pragma("mmap_size", SQLITE_MMAP_BYTES)
        });
    } else if url.starts_with("postgres") {
        options.map_sqlx_postgres_opts(|o| o.options(POSTGRES_SESSION));
    }
    Database::connect(options).await
}

/// Opens the database named by `url` (`sqlite://…` or `postgres://…`) and runs every pending
/// migration. A schema already up to date is only read, so that a read-only database opens
/// (and answers reads) as well.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = open(url).await?;
    // `Migrator::up` creates its own table first, a write even when nothing is pending.
    if !Migrator::get_pending_migrations_read_only(&db)
        .await?
        .is_empty()
    {
        Migrator::up(&db, None).await?;
    }
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::normalise_url;

    #[test]
    fn sqlite_files_are_created_on_first_use() {
        assert_eq!(
            normalise_url("sqlite://thads.db"),
            "sqlite://thads.db?mode=rwc"
        );
        assert_eq!(
            normalise_url("sqlite://a.db?mode=ro"),
            "sqlite://a.db?mode=ro"
        );
        assert_eq!(
            normalise_url("sqlite://a.db?cache=shared"),
            "sqlite://a.db?cache=shared&mode=rwc"
        );
        assert_eq!(normalise_url("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(
            normalise_url("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
    }
}
