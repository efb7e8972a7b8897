//! `thads import`: read, check and store workbooks, printing one result per file.

use super::{CommandError, open};
use crate::cli::{EXIT_OK, EXIT_REJECTED, Format};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use thads_domain::Lang;
use thads_importer::batch::{
    FileOutcome, FileStatus, ImportOptions, Summary, collect_paths, import_files,
};

/// Imports the paths and returns 0, or 1 when any file was rejected or, a consolidated report
/// reconciled in a dry run, differs from its offices' stored reports.
pub async fn run(
    url: &str,
    paths: &[PathBuf],
    dry_run: bool,
    (format, lang): (Format, Lang),
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let collected = collect_paths(paths).map_err(thads_importer::batch::BatchError::from)?;
    let db = open(url).await?;
    let options = ImportOptions {
        dry_run,
        source: source(),
        office: None,
        sender: None,
    };
    let bar = progress_bar(collected.files.len());
    let mut summary = Summary::default();
    let mut write_error = None;
    let mut report = |outcome: FileOutcome| {
        summary.count(&outcome);
        let written = bar.suspend(|| print_outcome(&outcome, format, lang, out));
        if let Err(e) = written {
            write_error.get_or_insert(e);
        }
        bar.inc(1);
    };
    import_files(&db, &collected.files, &options, &mut report).await?;
    for skipped in &collected.skipped {
        report(FileOutcome::skipped(skipped));
    }
    bar.finish_and_clear();
    if let Some(e) = write_error {
        return Err(CommandError::Output(e));
    }
    // In JSON mode stdout holds only the per-file objects; the summary goes to stderr.
    let summary_out: &mut dyn Write = match format {
        Format::Text => out,
        Format::Json => err,
    };
    print_summary(&summary, dry_run, lang, summary_out)?;
    Ok(if summary.failed() {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}

/// Who runs the import, recorded on every import record.
fn source() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    format!("cli:{user}")
}

/// A progress bar on stderr for batches, only when a person is watching.
fn progress_bar(files: usize) -> ProgressBar {
    if files < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} files, {per_sec}, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

fn print_outcome(
    outcome: &FileOutcome,
    format: Format,
    lang: Lang,
    out: &mut (dyn Write + Send),
) -> std::io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *out, &outcome.to_json(lang))?;
            writeln!(out)
        }
        Format::Text => print_text(outcome, lang, out),
    }
}

fn print_text(
    outcome: &FileOutcome,
    lang: Lang,
    out: &mut (dyn Write + Send),
) -> std::io::Result<()> {
    let path = outcome.path.display().to_string();
    let mut line = format!("{:<9} {path}", outcome.status.as_str());
    if let Some(reason) = &outcome.reason {
        line.push_str(&format!(": {reason}"));
    }
    let mut facts = Vec::new();
    facts.extend(outcome.unit.clone());
    facts.extend(outcome.period.map(|p| p.label()));
    if !outcome.forms.is_empty() {
        let forms: Vec<String> = outcome
            .forms
            .iter()
            .map(|f| format!("{} {}", f.form, f.status))
            .collect();
        facts.push(forms.join(", "));
    }
    if !facts.is_empty() && outcome.status != FileStatus::Skipped {
        line.push_str(&format!(" ({})", facts.join(" · ")));
    }
    writeln!(out, "{line}")?;
    for problem in &outcome.problems {
        writeln!(out, "    {}", problem.display_in(&path, lang))?;
    }
    Ok(())
}

/// The counts of the batch, in the language asked (the status words of each file's line stay
/// the stable names scripts read).
fn print_summary(
    summary: &Summary,
    dry_run: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let vi = lang == Lang::Vi;
    if vi {
        write!(
            out,
            "Đã đọc {} tệp: {} nhập mới, {} thay báo cáo trước, {} không đổi, {} bị từ chối",
            summary.files(),
            summary.imported,
            summary.replaced,
            summary.unchanged,
            summary.rejected
        )?;
    } else {
        write!(
            out,
            "{} read: {} imported, {} replaced, {} unchanged, {} rejected",
            plural(summary.files(), "file"),
            summary.imported,
            summary.replaced,
            summary.unchanged,
            summary.rejected
        )?;
    }
    if summary.consistent + summary.inconsistent > 0 {
        let (c, i) = (summary.consistent, summary.inconsistent);
        if vi {
            write!(out, "; báo cáo tổng hợp: {c} khớp, {i} không khớp")?;
        } else {
            write!(
                out,
                "; consolidated reports: {c} consistent, {i} inconsistent"
            )?;
        }
    }
    if summary.skipped > 0 {
        if vi {
            write!(out, "; {} bỏ qua", summary.skipped)?;
        } else {
            write!(out, "; {} skipped", summary.skipped)?;
        }
    }
    if summary.warnings > 0 {
        if vi {
            write!(out, "; {} cảnh báo", summary.warnings)?;
        } else {
            write!(out, "; {}", plural(summary.warnings, "warning"))?;
        }
    }
    writeln!(out, ".")?;
    if dry_run {
        if vi {
            writeln!(out, "Chạy thử: chưa lưu gì.")?;
        } else {
            writeln!(out, "Dry run: nothing was stored.")?;
        }
    }
    Ok(())
}

/// "1 file", "2 files".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
