//! Importing workbooks received over the network: the one path that the GraphQL mutation
//! `importWorkbooks` and `POST /api/imports` share, with its bounds.
//!
//! Each file is checked and stored exactly as `thads import` does it (one transaction per
//! workbook, the earlier report kept as history), and gives the same outcome. An office's
//! token may import only its own office's workbooks (any other is rejected with the problem
//! `wrong_office`); an admin's any. Every import records the token's id, name and role.

use crate::access::{Caller, Denial};
use sea_orm::DatabaseConnection;
use thads_domain::{DomainError, Role};
use thads_importer::batch::{BatchError, FileOutcome, ImportOptions, Upload, import_uploads};

/// The most files one request may carry.
pub const MAX_FILES: usize = 50;
/// The largest request that carries files, in bytes (64 MiB); each file may in addition be at
/// most the importer's [`thads_importer::limits::MAX_FILE_BYTES`] (20 MiB), else it is
/// rejected with the problem `file_too_large`.
pub const MAX_REQUEST_BYTES: usize = 64 << 20;

/// Why files were not imported at all.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The caller may not import.
    #[error(transparent)]
    Denied(#[from] Denial),
    /// More than [`MAX_FILES`] files.
    #[error("a request may carry at most {MAX_FILES} files, found {0}")]
    TooManyFiles(usize),
    /// The database takes no writes: nothing was stored (a dry run still works).
    #[error("{}", DomainError::ReadOnly)]
    ReadOnly,
    /// The database failed (logged; clients see "internal error").
    #[error(transparent)]
    Failed(BatchError),
}

impl From<BatchError> for UploadError {
    fn from(e: BatchError) -> Self {
        match e {
            BatchError::Domain(DomainError::ReadOnly) => UploadError::ReadOnly,
            other => UploadError::Failed(other),
        }
    }
}

/// Whether `files` files may be sent together.
pub fn count_within_limit(files: usize) -> Result<(), UploadError> {
    if files > MAX_FILES {
        return Err(UploadError::TooManyFiles(files));
    }
    Ok(())
}

/// Checks and stores the files for `caller` (a dry run stores nothing), in order; one outcome
/// per file.
pub async fn import(
    db: &DatabaseConnection,
    caller: &Caller,
    files: Vec<Upload>,
    dry_run: bool,
) -> Result<Vec<FileOutcome>, UploadError> {
    let token = caller.importer()?;
    count_within_limit(files.len())?;
    let office = match (token.role, &token.unit) {
        (Role::Office, Some(unit)) => Some(unit.clone()),
        (Role::Office, None) => {
            return Err(UploadError::Denied(Denial::Forbidden(
                "this office token is bound to no office".to_owned(),
            )));
        }
        _ => None,
    };
    let options = ImportOptions {
        dry_run,
        source: format!("token:{}", token.name),
        office,
        sender: Some(token.sender()),
    };
    Ok(import_uploads(db, files, &options).await?)
}
