//! The pipeline: parallel reading and checking, serial storing, one transaction per chunk.

use super::collect::collect_paths;
use super::outcome::{FileOutcome, FileStatus, FormOutcome};
use super::reconcile;
use crate::{CheckContext, WorkbookCheck, check_workbook, limits};
use rayon::prelude::*;
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thads_domain::error::DomainError;
use thads_domain::services::registry::{self, CaseTree, UnitTree};
use thads_domain::services::reports;
use thads_domain::{Arg, Problem, ProblemCode, Sender, group_repeated};

/// How many files are read and checked together before their results are stored, in one
/// transaction: enough to keep every core busy and to spread a commit over many files, few
/// enough that memory does not grow with the batch.
const CHUNK: usize = 32;

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Check and report everything, store nothing.
    pub dry_run: bool,
    /// Who sends the files, recorded on every import (e.g. `cli:alice`).
    pub source: String,
    /// When set, only workbooks of this office are accepted; any other is rejected (an
    /// office's token may import only that office's reports).
    pub office: Option<String>,
    /// The token that sends the files, recorded on every import; none from the command line.
    pub sender: Option<Sender>,
}

/// One file received over the network: its name as sent and its content.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file's name, e.g. `tantru-2020-09.xlsx`.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What stops a whole batch, as opposed to refusing one file.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A path given does not exist or a folder cannot be read.
    #[error("{0}")]
    Path(#[from] std::io::Error),
    /// The database failed.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A reading thread died.
    #[error("the reading threads stopped unexpectedly: {0}")]
    Worker(String),
}

impl From<sea_orm::DbErr> for BatchError {
    fn from(e: sea_orm::DbErr) -> Self {
        BatchError::Domain(DomainError::from(e))
    }
}

/// Expands the paths, imports every workbook and returns one outcome per file, the skipped
/// ones last.
pub async fn import_paths(
    db: &DatabaseConnection,
    paths: &[PathBuf],
    options: &ImportOptions,
) -> Result<Vec<FileOutcome>, BatchError> {
    let collected = collect_paths(paths)?;
    let mut outcomes = Vec::with_capacity(collected.files.len() + collected.skipped.len());
    import_files(db, &collected.files, options, |o| outcomes.push(o)).await?;
    outcomes.extend(collected.skipped.iter().map(FileOutcome::skipped));
    Ok(outcomes)
}

/// Imports the given files in order, calling `on_file` as each one is done.
pub async fn import_files(
    db: &DatabaseConnection,
    files: &[PathBuf],
    options: &ImportOptions,
    mut on_file: impl FnMut(FileOutcome),
) -> Result<(), BatchError> {
    let ctx = Arc::new(CheckContext::new(registry::load_units(db).await?));
    let shared = Arc::clone(&ctx);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<ReadFile>>(1);
    let files = files.to_vec();
    let producer = tokio::task::spawn_blocking(move || {
        for chunk in files.chunks(CHUNK) {
            let checked: Vec<ReadFile> = chunk.par_iter().map(|p| read_file(p, &shared)).collect();
            if tx.blocking_send(checked).is_err() {
                break;
            }
        }
    });
    while let Some(chunk) = rx.recv().await {
        for outcome in store(db, chunk, options, &ctx).await? {
            on_file(outcome);
        }
    }
    producer
        .await
        .map_err(|e| BatchError::Worker(e.to_string()))
}

/// Imports files received over the network, in order: checked in parallel off the async
/// runtime, stored one after the other. Returns one outcome per file.
pub async fn import_uploads(
    db: &DatabaseConnection,
    uploads: Vec<Upload>,
    options: &ImportOptions,
) -> Result<Vec<FileOutcome>, BatchError> {
    let ctx = Arc::new(CheckContext::new(registry::load_units(db).await?));
    let shared = Arc::clone(&ctx);
    let checked = tokio::task::spawn_blocking(move || {
        uploads
            .par_iter()
            .map(|u| check_bytes(PathBuf::from(&u.name), &u.bytes, &shared))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| BatchError::Worker(e.to_string()))?;
    let mut outcomes = Vec::with_capacity(checked.len());
    let mut checked = checked.into_iter().peekable();
    while checked.peek().is_some() {
        let chunk: Vec<ReadFile> = checked.by_ref().take(CHUNK).collect();
        outcomes.extend(store(db, chunk, options, &ctx).await?);
    }
    Ok(outcomes)
}

/// A file read and checked, ready to store.
struct ReadFile {
    /// The path as given (an upload's name), for the outcome.
    path: PathBuf,
    /// The path its import record keeps: the one given, for a file read from disk; none for an
    /// upload, which has no folder.
    recorded_path: Option<String>,
    size: u64,
    sha256: String,
    check: WorkbookCheck,
}

/// Reads one file within the size limit and checks it. Never fails: an unreadable file is a
/// checked file with one error.
fn read_file(path: &Path, ctx: &CheckContext) -> ReadFile {
    let recorded_path = Some(path.display().to_string());
    let refuse = |size: u64, problem: Problem| ReadFile {
        path: path.to_owned(),
        recorded_path: recorded_path.clone(),
        size,
        sha256: String::new(),
        check: WorkbookCheck::refused(problem),
    };
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) => return refuse(0, unreadable(&e)),
    };
    if size > limits::MAX_FILE_BYTES {
        return refuse(size, too_large(size));
    }
    match std::fs::read(path) {
        Ok(bytes) => ReadFile {
            recorded_path,
            ..check_bytes(path.to_owned(), &bytes, ctx)
        },
        Err(e) => refuse(size, unreadable(&e)),
    }
}

/// Checks a file's content (as an upload: its import record keeps no path).
fn check_bytes(path: PathBuf, bytes: &[u8], ctx: &CheckContext) -> ReadFile {
    let size = bytes.len() as u64;
    if size > limits::MAX_FILE_BYTES {
        return ReadFile {
            path,
            recorded_path: None,
            size,
            sha256: String::new(),
            check: WorkbookCheck::refused(too_large(size)),
        };
    }
    let check = check_workbook(&path.display().to_string(), bytes, ctx);
    ReadFile {
        path,
        recorded_path: None,
        size,
        sha256: hex::encode(Sha256::digest(bytes)),
        check,
    }
}

fn unreadable(e: &std::io::Error) -> Problem {
    Problem::error(ProblemCode::Unreadable).arg("detail", e.to_string())
}

fn too_large(size: u64) -> Problem {
    Problem::error(ProblemCode::FileTooLarge)
        .arg(
            "size",
            Arg::Count(i64::try_from(size.div_ceil(1 << 20)).unwrap_or(i64::MAX)),
        )
        .arg(
            "max",
            Arg::Count(i64::try_from(limits::MAX_FILE_BYTES >> 20).unwrap_or(i64::MAX)),
        )
}

/// Stores a chunk of files in one transaction (or, in a dry run, finds what storing would do
/// and writes nothing, so that a dry run works on a read-only database), each judged as if the
/// ones before it were stored, and returns their outcomes in order. Each file is all or
/// nothing: nothing of a chunk is written unless all of it is. A consolidated report is never
/// stored: refused in a real import, reconciled with the stored reports in a dry run.
async fn store(
    db: &DatabaseConnection,
    chunk: Vec<ReadFile>,
    options: &ImportOptions,
    ctx: &CheckContext,
) -> Result<Vec<FileOutcome>, BatchError> {
    let files: Vec<ReadFile> = chunk
        .into_iter()
        .map(|file| ReadFile {
            check: set_aside(restrict(file.check, options, ctx), options, ctx),
            ..file
        })
        .collect();
    let reconciled = reconcile(db, &files).await?;
    let received: Vec<reports::ReceivedFile<'_>> = files
        .iter()
        .map(|file| reports::ReceivedFile {
            import: reports::NewImport {
                file_name: own_name(&file.path),
                path: file.recorded_path.clone(),
                file_size: file.size,
                sha256: file.sha256.clone(),
                source: options.source.clone(),
                unit: file.check.unit.clone(),
                period: file.check.period,
                sender: options.sender.clone(),
            },
            // A consolidated report reaches this point only in a dry run, to be reconciled:
            // judged, it is a file with nothing to store.
            workbook: file
                .check
                .workbook
                .as_ref()
                .filter(|_| !file.check.consolidated),
            problems: file.check.problems.clone(),
        })
        .collect();
    let judged: Vec<(reports::Judgement, Option<i32>)> = if options.dry_run {
        reports::judge_files(db, &received)
            .await?
            .into_iter()
            .map(|judgement| (judgement, None))
            .collect()
    } else {
        reports::store_files(db, &received)
            .await?
            .into_iter()
            .map(|stored| {
                let id = stored.import_id;
                (stored.into(), Some(id))
            })
            .collect()
    };
    drop(received);
    Ok(files
        .into_iter()
        .zip(judged)
        .zip(reconciled)
        .map(
            |((file, (judgement, import_id)), reconciled)| match reconciled {
                Some(differences) => reconciled_outcome(file.path, file.check, differences),
                None => outcome(file.path, file.check, judgement, import_id),
            },
        )
        .collect())
}

/// A consolidated report in a real import: refused, since only offices' reports are stored. In
/// a dry run it is left to [`reconcile`].
fn set_aside(
    mut check: WorkbookCheck,
    options: &ImportOptions,
    ctx: &CheckContext,
) -> WorkbookCheck {
    if check.consolidated
        && !options.dry_run
        && let Some(unit) = check.unit.as_deref()
    {
        check.workbook = None;
        check
            .problems
            .insert(0, reconcile::refusal(unit_arg(unit, ctx)));
    }
    check
}

/// For each file, the differences between a valid consolidated report (only a dry run keeps
/// one) and the sum of its offices' stored reports; `None` for every other file. The registry
/// is read only when the chunk holds such a report.
async fn reconcile(
    db: &DatabaseConnection,
    files: &[ReadFile],
) -> Result<Vec<Option<Vec<Problem>>>, BatchError> {
    let mut trees = None;
    let mut reconciled = Vec::with_capacity(files.len());
    for file in files {
        let workbook = match &file.check.workbook {
            Some(workbook) if file.check.consolidated => workbook,
            _ => {
                reconciled.push(None);
                continue;
            }
        };
        let (units, cases) = match &trees {
            Some(trees) => trees,
            None => trees.insert((UnitTree::load(db).await?, CaseTree::load(db).await?)),
        };
        let mut problems = file.check.problems.clone();
        problems.extend(reconcile::differences(db, units, cases, workbook).await?);
        reconciled.push(Some(problems));
    }
    Ok(reconciled)
}

/// A file's own name, without its folders: what the import history shows everyone.
fn own_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The check as this sender may store it: a workbook of another office than the one the
/// sender may import for is rejected.
fn restrict(
    mut check: WorkbookCheck,
    options: &ImportOptions,
    ctx: &CheckContext,
) -> WorkbookCheck {
    if let (Some(office), Some(unit)) = (&options.office, &check.unit)
        && office != unit
    {
        check.workbook = None;
        let problem = Problem::error(ProblemCode::WrongOffice)
            .arg("unit", unit_arg(unit, ctx))
            .arg("office", unit_arg(office, ctx));
        check.problems.insert(0, problem);
    }
    check
}

/// A unit as messages name it: by its registry name and code.
fn unit_arg(code: &str, ctx: &CheckContext) -> Arg {
    Arg::unit(code, ctx.units.name(code).unwrap_or(code))
}

/// What a dry run says of a consolidated report: consistent, or not, with every cell that
/// differs among its problems.
fn reconciled_outcome(path: PathBuf, check: WorkbookCheck, problems: Vec<Problem>) -> FileOutcome {
    let status = if problems.iter().any(Problem::is_error) {
        FileStatus::Inconsistent
    } else {
        FileStatus::Consistent
    };
    FileOutcome {
        path,
        status,
        unit: check.unit,
        period: check.period,
        forms: Vec::new(),
        problems: group_repeated(problems),
        import_id: None,
        reason: None,
    }
}

/// What happened to a stored file (judged so, under the import record `import_id`; none in a
/// dry run), as the batch reports it.
fn outcome(
    path: PathBuf,
    check: WorkbookCheck,
    stored: reports::Judgement,
    import_id: Option<i32>,
) -> FileOutcome {
    // A rejected file stores no report; its forms are listed as rejected with it.
    let forms = if stored.forms.is_empty() {
        check
            .forms
            .iter()
            .map(|&form| FormOutcome {
                form,
                status: stored.status,
            })
            .collect()
    } else {
        stored
            .forms
            .iter()
            .map(|&(form, status)| FormOutcome { form, status })
            .collect()
    };
    FileOutcome {
        path,
        status: FileStatus::from(stored.status),
        unit: check.unit,
        period: check.period,
        forms,
        problems: group_repeated(stored.problems),
        import_id,
        reason: None,
    }
}
