//! `importWorkbooks`: offices send their monthly workbooks over the network, following the
//! GraphQL multipart request specification; each file gets the outcome `thads import` gives it.

use crate::graphql::cache::db;
use crate::graphql::caller::caller;
use crate::graphql::completeness::Form;
use crate::graphql::errors::{OrGql, internal};
use crate::graphql::imports::{ImportStatus, Problem};
use crate::graphql::period::Period;
use crate::graphql::units::Unit;
use crate::uploads;
use async_graphql::{Context, Enum, Object, SimpleObject, Upload};
use thads_importer::batch;

/// What became of a file sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_importer::batch::FileStatus")]
pub enum FileStatus {
    /// Stored: no earlier report of its office, period and forms.
    Imported,
    /// Stored; the earlier report stays as history.
    Replaced,
    /// The same content was already current: nothing changed.
    Unchanged,
    /// Refused for errors (see its problems): nothing of it was stored but the record of its
    /// arrival.
    Rejected,
    /// Passed over (only for files found in folders by `thads import`).
    Skipped,
    /// A dry run of the consolidated report of a unit above the offices (a province's own
    /// forms): every value equals the sum of the stored reports of its offices. Such a report
    /// is never stored.
    Consistent,
    /// A dry run of a consolidated report with cells that differ from the sum of the stored
    /// reports of its offices, each named among its problems.
    Inconsistent,
}

/// One form of a workbook and what became of its report.
#[derive(Debug, Clone, SimpleObject)]
pub struct FormOutcome {
    /// The form.
    pub form: Form,
    /// What became of its report.
    pub status: ImportStatus,
}

/// The outcome of one file: the same as `thads import --format json` prints.
pub struct FileOutcome(batch::FileOutcome);

/// What became of one file sent, with every problem found in it and its place.
#[Object]
impl FileOutcome {
    /// The file's name as sent.
    async fn path(&self) -> String {
        self.0.path.display().to_string()
    }

    /// What became of it.
    async fn status(&self) -> FileStatus {
        self.0.status.into()
    }

    /// The reporting office, when recognised.
    async fn unit(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Unit>> {
        Unit::lookup_opt(ctx, self.0.unit.as_deref()).await
    }

    /// The period, when recognised.
    async fn period(&self) -> Option<Period> {
        self.0.period.map(Period)
    }

    /// Each form found in it and what became of its report.
    async fn forms(&self) -> Vec<FormOutcome> {
        self.0
            .forms
            .iter()
            .map(|f| FormOutcome {
                form: f.form.into(),
                status: f.status.into(),
            })
            .collect()
    }

    /// Every error and warning, with its sheet, cell, row and column.
    async fn problems(&self) -> Vec<Problem> {
        Problem::list(&self.0.problems)
    }

    /// The import record written for it (see `imports`); null in a dry run.
    async fn import_id(&self) -> Option<i32> {
        self.0.import_id
    }
}

/// The mutation that imports workbooks.
#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Checks and stores workbooks (.xlsx .xlsm .xlsb .xls .ods) sent as a GraphQL multipart
    /// request, in order: one outcome per file, as `thads import` gives it. A rejected file
    /// does not stop the others. An office's token may import only its own office's
    /// workbooks (any other is rejected with the problem `wrong_office`); an admin's token any
    /// office's; others are refused (`UNAUTHENTICATED`, `FORBIDDEN`). At most 50 files, 20 MiB
    /// each (a bigger one is rejected with `file_too_large`), 64 MiB in all.
    #[graphql(complexity = "50 + child_complexity")]
    async fn import_workbooks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The workbooks, one file each.")] files: Vec<Upload>,
        #[graphql(
            desc = "Check and report everything, store nothing.",
            default_with = "Some(false)"
        )]
        dry_run: Option<bool>,
    ) -> async_graphql::Result<Vec<FileOutcome>> {
        let caller = caller(ctx);
        // Before the files are copied: refused callers and too many files cost nothing.
        caller.importer().or_gql()?;
        uploads::count_within_limit(files.len()).or_gql()?;
        let mut received = Vec::with_capacity(files.len());
        for file in &files {
            let value = file.value(ctx).map_err(|e| internal(&e))?;
            received.push(batch::Upload {
                name: value.filename,
                bytes: value.content.to_vec(),
            });
        }
        let dry_run = dry_run.unwrap_or(false);
        let outcomes = uploads::import(db(ctx)?, caller, received, dry_run)
            .await
            .or_gql()?;
        Ok(outcomes.into_iter().map(FileOutcome).collect())
    }
}
