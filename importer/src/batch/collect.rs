//! Expands the paths given to `thads import` into the workbook files to read.

use crate::is_workbook_name;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A file found inside a folder that is not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why it was passed over, in plain words.
    pub reason: String,
}

/// The files of a batch: the workbooks to read and what was passed over.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Collected {
    /// Files to read, in the order given, each folder's files sorted by path.
    pub files: Vec<PathBuf>,
    /// Files inside folders that are not workbooks, or are lock files.
    pub skipped: Vec<Skipped>,
}

/// Expands files and folders (recursively). A path that does not exist is an error; a file
/// named explicitly is always read, so that one that is not a workbook is rejected with a
/// message rather than silently skipped.
pub fn collect_paths(paths: &[PathBuf]) -> Result<Collected, std::io::Error> {
    let mut collected = Collected::default();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        if !meta.is_dir() {
            collected.files.push(path.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(path).sort_by_file_name();
        for entry in walker {
            let entry = entry.map_err(|e| {
                let kind = e
                    .io_error()
                    .map_or(std::io::ErrorKind::Other, |io| io.kind());
                std::io::Error::new(kind, e.to_string())
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let file = entry.into_path();
            match skip_reason(&file) {
                Some(reason) => collected.skipped.push(Skipped { path: file, reason }),
                None => collected.files.push(file),
            }
        }
    }
    Ok(collected)
}

/// Why a file found in a folder is not imported, if it is not.
fn skip_reason(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return Some("a lock file left by an open spreadsheet program".to_owned());
    }
    if name.starts_with('.') {
        return Some("a hidden file".to_owned());
    }
    if !is_workbook_name(path) {
        return Some("not a workbook (.xlsx, .xlsm, .xlsb, .xls or .ods)".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_hidden_and_other_files_are_skipped() {
        assert!(skip_reason(Path::new("a/~$report.xlsx")).is_some());
        assert!(skip_reason(Path::new("a/.~lock.report.ods#")).is_some());
        assert!(skip_reason(Path::new("a/.hidden.xlsx")).is_some());
        assert!(skip_reason(Path::new("a/notes.txt")).is_some());
        assert!(skip_reason(Path::new("a/report.XLS")).is_none());
        assert!(skip_reason(Path::new("a/report.ods")).is_none());
    }
}
