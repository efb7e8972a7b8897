//! `serve --demo`: an empty database is filled with the bundled sample province, through the
//! real registry commands and the real importer, so that a newcomer sees real-looking data.

use super::CommandError;
use sea_orm::DatabaseConnection;
use std::io::Write;
use std::path::{Path, PathBuf};
use thads_domain::services::{registry, reports};
use thads_importer::batch::{FileStatus, ImportOptions, import_paths};

/// The environment variable that names another sample folder.
pub const SAMPLES_VAR: &str = "THADS_SAMPLES";

/// Where the samples are: `$THADS_SAMPLES`, else `samples/` in the current folder, else the
/// repository's `samples/` this binary was built from.
pub fn samples_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(SAMPLES_VAR) {
        return PathBuf::from(dir);
    }
    let here = PathBuf::from("samples");
    if here.join("units.csv").is_file() {
        return here;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).join("samples")
}

/// Loads the samples when the database holds no report yet; leaves any other database alone.
pub async fn load_if_empty(
    db: &DatabaseConnection,
    dir: &Path,
    out: &mut (dyn Write + Send),
) -> Result<(), CommandError> {
    if reports::current_report_count(db)
        .await
        .map_err(thads_domain::DomainError::from)?
        > 0
    {
        writeln!(
            out,
            "The database already holds reports: the samples are not loaded."
        )?;
        return Ok(());
    }
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::File::open(&path).map_err(|source| CommandError::Read {
            path: path.display().to_string(),
            source,
        })
    };
    registry::import_units_csv(db, read("units.csv")?).await?;
    registry::import_targets_csv(db, read("targets.csv")?).await?;
    let options = ImportOptions {
        dry_run: false,
        source: "demo".to_owned(),
        office: None,
        sender: None,
    };
    let outcomes = import_paths(db, &[dir.join("workbooks")], &options).await?;
    let stored = outcomes
        .iter()
        .filter(|o| matches!(o.status, FileStatus::Imported | FileStatus::Replaced))
        .count();
    writeln!(
        out,
        "Loaded the sample province from {}: {stored} workbooks.",
        dir.display()
    )?;
    for outcome in outcomes.iter().filter(|o| o.status == FileStatus::Rejected) {
        for problem in &outcome.problems {
            writeln!(
                out,
                "    {}",
                problem.display_in(&outcome.path.display().to_string(), thads_domain::Lang::En)
            )?;
        }
    }
    Ok(())
}
