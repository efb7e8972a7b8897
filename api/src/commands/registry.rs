//! `thads units import` and `thads targets import`: load or update the registry from CSV.

use super::{CommandError, open};
use crate::cli::EXIT_OK;
use std::io::Write;
use std::path::Path;
use thads_domain::services::registry;

fn read(path: &Path) -> Result<std::fs::File, CommandError> {
    std::fs::File::open(path).map_err(|source| CommandError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// Loads `units.csv`.
pub async fn units(
    url: &str,
    file: &Path,
    out: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let db = open(url).await?;
    let done = registry::import_units_csv(&db, read(file)?).await?;
    writeln!(
        out,
        "{}: {} units created, {} updated.",
        file.display(),
        done.created,
        done.updated
    )?;
    Ok(EXIT_OK)
}

/// Loads `targets.csv`.
pub async fn targets(
    url: &str,
    file: &Path,
    out: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let db = open(url).await?;
    let done = registry::import_targets_csv(&db, read(file)?).await?;
    writeln!(
        out,
        "{}: {} targets created, {} updated.",
        file.display(),
        done.created,
        done.updated
    )?;
    Ok(EXIT_OK)
}
