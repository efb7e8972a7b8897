//! One module per command; each returns its exit code or the error that ends it.

pub mod deadlines;
pub mod demo;
pub mod export_schema;
pub mod import;
pub mod migrate;
pub mod periods;
pub mod registry;
pub mod report;
pub mod serve;
pub mod tokens;

use sea_orm::DatabaseConnection;

/// What ends a command early, reported on stderr with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The database could not be opened or migrated.
    #[error("cannot open the database {url}: {source}")]
    Open {
        /// The URL, without its password.
        url: String,
        /// Why.
        source: sea_orm::DbErr,
    },
    /// A file given could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The import batch stopped.
    #[error(transparent)]
    Batch(#[from] thads_importer::batch::BatchError),
    /// A domain service failed, e.g. a registry file with bad lines.
    #[error(transparent)]
    Domain(#[from] thads_domain::error::DomainError),
    /// The server could not listen on its address.
    #[error("cannot listen on {bind}: {source}")]
    Bind {
        /// The address asked for.
        bind: String,
        /// Why.
        source: std::io::Error,
    },
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

/// Opens the database and brings its schema up to date, as every command does first.
pub async fn open(url: &str) -> Result<DatabaseConnection, CommandError> {
    crate::db::connect(url)
        .await
        .map_err(|source| CommandError::Open {
            url: redact(url),
            source,
        })
}

/// The URL with any password replaced, so that it can be printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(
            redact("postgres://thads:secret@db:5432/thads"),
            "postgres://thads:***@db:5432/thads"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(
            redact("sqlite://thads.db?mode=rwc"),
            "sqlite://thads.db?mode=rwc"
        );
    }
}
