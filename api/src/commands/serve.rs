//! `thads serve`: the GraphQL server, until Ctrl-C or SIGTERM.

use super::{CommandError, open};
use crate::cli::EXIT_OK;
use crate::server::{self, ServerConfig};
use std::io::Write;

/// Migrates the database, loads the samples into an empty one under `--demo`, binds `bind` and
/// serves as `config` says until a shutdown signal.
pub async fn run(
    url: &str,
    bind: &str,
    demo: bool,
    config: ServerConfig,
    out: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let db = open(url).await?;
    if demo {
        super::demo::load_if_empty(&db, &super::demo::samples_dir(), out).await?;
    }
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| CommandError::Bind {
            bind: bind.to_owned(),
            source,
        })?;
    let addr = listener.local_addr()?;
    writeln!(
        out,
        "thads is serving GraphiQL at http://{addr}/ and GraphQL at http://{addr}/graphql (Ctrl-C stops it)"
    )?;
    if config.reads.anonymous {
        writeln!(out, "Anyone may read; writing needs a token.")?;
    } else {
        writeln!(
            out,
            "Reading and writing need a token (`thads tokens create`); --public-read opens reads."
        )?;
    }
    writeln!(
        out,
        "Offices upload their workbooks at http://{addr}/upload"
    )?;
    out.flush()?;
    tracing::info!(
        %addr,
        public_read = config.reads.anonymous,
        response_cache_entries = config.response_cache_entries,
        "listening"
    );
    server::serve(db, config, listener, server::shutdown::signal()).await?;
    writeln!(out, "thads has stopped.")?;
    Ok(EXIT_OK)
}
