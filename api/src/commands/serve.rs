//! `thads serve`: the GraphQL server, until Ctrl-C or SIGTERM.

use super::{CommandError, open};
use crate::cli::EXIT_OK;
use crate::server;
use std::io::Write;

/// Migrates the database, loads the samples into an empty one under `--demo`, binds `bind` and
/// serves until a shutdown signal.
pub async fn run(
    url: &str,
    bind: &str,
    demo: bool,
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
    out.flush()?;
    tracing::info!(%addr, "listening");
    server::serve(db, listener, server::shutdown::signal()).await?;
    writeln!(out, "thads has stopped.")?;
    Ok(EXIT_OK)
}
