//! `thads migrate`: bring the schema up to date (every command also does it first).

use super::{CommandError, open};
use crate::cli::EXIT_OK;
use std::io::Write;

/// Migrates and says so.
pub async fn run(url: &str, out: &mut (dyn Write + Send)) -> Result<u8, CommandError> {
    open(url).await?;
    writeln!(out, "The database is up to date.")?;
    Ok(EXIT_OK)
}
