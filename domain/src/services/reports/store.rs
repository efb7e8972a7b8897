//! Storing received files: their import records and, for the valid ones, their reports. A
//! batch of files is planned in memory from a few reads and written in a few multi-row
//! statements, in one transaction. A dry run plans the same way and writes nothing, so that it
//! works on a read-only database too.

use super::cross;
use super::current::{CurrentReports, Held, Slot, Source};
use super::ids::{self, Table};
use super::locked::{self, locked};
use super::rows::{NewRow, insert_rows};
use super::sums::write_sums;
use super::totals::write_totals;
use crate::access::Sender;
use crate::entities::{case_types, imports, reports, units};
use crate::error::DomainError;
use crate::form::Form;
use crate::period::Period;
use crate::problem::{Problem, Severity};
use crate::report::{CheckedReport, CheckedWorkbook, ImportStatus};
use crate::services::write;
use crate::units::{UnitLevel, Validity};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// A received file, as the import record describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImport {
    /// The file's own name, without any folder: what every reader of the history sees.
    pub file_name: String,
    /// The path it was read from, as given to `thads import` (shown to administrators only);
    /// none for a file received over the network, which has no folder.
    pub path: Option<String>,
    /// Its size in bytes.
    pub file_size: u64,
    /// Its SHA-256, in hex.
    pub sha256: String,
    /// Who sent it: a user, an office's token, `cli`.
    pub source: String,
    /// The reporting unit's code, when it was recognised (a rejected file may have none).
    pub unit: Option<String>,
    /// The period, when it was read.
    pub period: Option<Period>,
    /// The token that sent it, when it came over the network.
    pub sender: Option<Sender>,
}

/// A received file to store: its record, the workbook when it could be read, and the problems
/// checking it found.
#[derive(Debug, Clone)]
pub struct ReceivedFile<'a> {
    /// The import record to write.
    pub import: NewImport,
    /// The checked workbook; ignored when `problems` hold an error.
    pub workbook: Option<&'a CheckedWorkbook>,
    /// Every problem checking found.
    pub problems: Vec<Problem>,
}

/// What storing a file did.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredImport {
    /// The import record.
    pub import_id: i32,
    /// The outcome of the whole file.
    pub status: ImportStatus,
    /// The outcome of each form of the workbook, in its order; empty when rejected.
    pub forms: Vec<(Form, ImportStatus)>,
    /// The problems recorded: those found by checking, then the warnings from the
    /// neighbouring months' reports (see [`super::cross_report_warnings`]).
    pub problems: Vec<Problem>,
}

/// What storing a file would do, found without writing (a dry run): a [`StoredImport`] without
/// the import record, which is not written.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// The outcome of the whole file.
    pub status: ImportStatus,
    /// The outcome of each form of the workbook, in its order; empty when rejected.
    pub forms: Vec<(Form, ImportStatus)>,
    /// The problems that would be recorded, as in [`StoredImport::problems`].
    pub problems: Vec<Problem>,
}

impl From<StoredImport> for Judgement {
    /// What storing did, without the import record.
    fn from(stored: StoredImport) -> Self {
        Self {
            status: stored.status,
            forms: stored.forms,
            problems: stored.problems,
        }
    }
}

impl Judgement {
    /// The outcome once stored under the import record `import_id`.
    fn stored(self, import_id: i32) -> StoredImport {
        StoredImport {
            import_id,
            status: self.status,
            forms: self.forms,
            problems: self.problems,
        }
    }
}

/// Values per statement: 19 per report row, 16 per import record; SQLite takes at most 32 766.
const ROWS_PER_STATEMENT: usize = 1000;

/// Stores one file in its own transaction; see [`store_files`].
pub async fn store_workbook<C>(
    db: &C,
    import: NewImport,
    workbook: Option<&CheckedWorkbook>,
    problems: &[Problem],
) -> Result<StoredImport, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let file = ReceivedFile {
        import,
        workbook,
        problems: problems.to_vec(),
    };
    let mut stored = store_files(db, std::slice::from_ref(&file)).await?;
    stored
        .pop()
        .ok_or_else(|| DomainError::Invalid("storing one file gave no outcome".to_owned()))
}

/// Stores received files, in order, in one transaction: the import record of each with every
/// problem, and the reports of each file that has a workbook and no error. Each file is judged
/// as if the ones before it were already stored: a report whose content equals the current one
/// of its office, period and form changes nothing (`unchanged`); otherwise the current one, if
/// any, stays as history and the new one becomes current (`replaced`, else `imported`). A file
/// is `rejected` without a workbook, `unchanged` when every form is, `replaced` when any form
/// is, else `imported`. Its warnings against the neighbouring months' reports are added to its
/// problems.
///
/// Reads the offices, case types and current reports once for all the files and writes with
/// multi-row statements, so a batch costs about ten statements however many files it holds;
/// its IN-lists hold one entry per file, so callers pass a few hundred files at most (the
/// importer passes 32). A workbook of a unit that is not an office, of an office not in force on
/// its period's last day, or naming a case type that is not stored, fails the whole batch
/// before anything is written. A workbook whose office's period is approved (locked) is
/// `rejected` with the problem `period_locked` (its import record is still written). A database
/// that takes no writes fails it with [`DomainError::ReadOnly`].
pub async fn store_files<C>(
    db: &C,
    files: &[ReceivedFile<'_>],
) -> Result<Vec<StoredImport>, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let now = Utc::now();
    let txn = write::begin(db).await?;
    let (plan, judged) = plan_files(&txn, files, Lock::Offices).await?;
    let import_ids = plan.write(&txn, files, &judged, now).await?;
    txn.commit().await?;
    Ok(judged
        .into_iter()
        .zip(import_ids)
        .map(|(judgement, id)| judgement.stored(id))
        .collect())
}

/// What [`store_files`] would do with these files, found by the same reads and writing
/// nothing: a dry run. It locks nothing and takes no id, so it works on a read-only database.
pub async fn judge_files<C>(
    db: &C,
    files: &[ReceivedFile<'_>],
) -> Result<Vec<Judgement>, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    // A read transaction: on SQLite every read of the batch sees the same data.
    let txn = db.begin().await?;
    let (_, judged) = plan_files(&txn, files, Lock::None).await?;
    txn.rollback().await?;
    Ok(judged)
}

/// Whether planning locks the offices it stores for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lock {
    /// Before writing: see [`units_by_code`].
    Offices,
    /// A dry run, which writes nothing (and may run on a read-only database).
    None,
}

/// Plans the files in order, each as if the ones before it were stored: what the batch would
/// write, and each file's judgement.
async fn plan_files<'a>(
    txn: &impl ConnectionTrait,
    files: &'a [ReceivedFile<'a>],
    lock: Lock,
) -> Result<(Plan<'a>, Vec<Judgement>), DomainError> {
    let valid: Vec<Option<&CheckedWorkbook>> = files
        .iter()
        .map(|f| {
            f.workbook
                .filter(|_| !f.problems.iter().any(Problem::is_error))
        })
        .collect();
    // A valid workbook's own unit, else the one its import record names (a rejected file's).
    let unit_codes: Vec<Option<&str>> = files
        .iter()
        .zip(&valid)
        .map(|(f, w)| w.map(|w| w.unit.as_str()).or(f.import.unit.as_deref()))
        .collect();
    let codes = unit_codes.iter().flatten().copied();
    let units = units_by_code(txn, codes, lock == Lock::Offices).await?;
    let case_types = CaseTypeIds::load(txn).await?;
    let mut unit_ids = Vec::new();
    let mut periods = Vec::new();
    let mut slots = Vec::new();
    for (file, workbook) in valid.iter().enumerate() {
        let Some(workbook) = workbook else {
            continue;
        };
        let unit = units
            .get(&workbook.unit)
            .ok_or_else(|| DomainError::UnknownUnit(workbook.unit.clone()))?;
        if unit.level != UnitLevel::Office {
            return Err(DomainError::NotAnOffice(unit.code.clone()));
        }
        // The last guard of every path that stores: a report belongs to the office in force
        // on its period's last day (the importer refuses others with a problem first).
        let validity = Validity {
            from: unit.valid_from,
            to: unit.valid_to,
            successor: None,
        };
        if !validity.holds_on(workbook.period.end()) {
            return Err(DomainError::NotInForce {
                unit: unit.code.clone(),
                period: workbook.period,
                validity: validity.span(),
            });
        }
        case_types.check(workbook)?;
        unit_ids.push(unit.id);
        periods.push(workbook.period);
        slots.push(locked::Slot {
            file,
            office: unit.id,
            period: workbook.period,
        });
    }
    // After the offices' rows are locked: see `locked`.
    let mut refused = locked(txn, &slots).await?;
    unit_ids.sort_unstable();
    unit_ids.dedup();
    periods.sort_unstable();
    periods.dedup();
    let current = CurrentReports::load(txn, &unit_ids, &periods, case_types.codes()).await?;
    let mut plan = Plan::new(current, case_types);
    let mut judged = Vec::with_capacity(files.len());
    let each = files.iter().zip(&valid).zip(&unit_codes).enumerate();
    for (index, ((file, workbook), unit_code)) in each {
        let unit_id = unit_code.and_then(|c| units.get(c)).map(|u| u.id);
        let judgement = match (workbook, unit_id, refused.remove(&index)) {
            (Some(_), Some(_), Some(problem)) => {
                let mut problems = vec![problem];
                problems.extend(file.problems.iter().cloned());
                Judgement {
                    status: ImportStatus::Rejected,
                    forms: Vec::new(),
                    problems,
                }
            }
            (Some(workbook), Some(unit_id), None) => plan.workbook(index, unit_id, workbook, file),
            _ => Judgement {
                status: ImportStatus::Rejected,
                forms: Vec::new(),
                problems: file.problems.clone(),
            },
        };
        let period = workbook.map(|w| w.period).or(file.import.period);
        plan.records.push(RecordPlace { unit_id, period });
        judged.push(judgement);
    }
    Ok((plan, judged))
}

/// The units of these codes, by code. With `lock` (when about to write), their rows are
/// locked on PostgreSQL in the order of their ids, so that concurrent batches touching the
/// same office serialise (and never deadlock) and two of them cannot both replace its current
/// report; SQLite's write transaction already excludes other writers.
pub(super) async fn units_by_code<'c>(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = &'c str>,
    lock: bool,
) -> Result<HashMap<String, units::Model>, DomainError> {
    let mut codes: Vec<&str> = codes.into_iter().collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let mut query = units::Entity::find()
        .filter(units::Column::Code.is_in(codes))
        .order_by_asc(units::Column::Id);
    if lock {
        query = query.lock_exclusive();
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.code.clone(), u))
        .collect())
}

/// Every stored case type's id by code, and the way back.
#[derive(Debug)]
pub(super) struct CaseTypeIds {
    ids: HashMap<String, i32>,
    codes: HashMap<i32, String>,
}

impl CaseTypeIds {
    /// Reads them all: a few dozen rows.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DomainError> {
        let all = case_types::Entity::find().all(db).await?;
        Ok(Self {
            ids: all.iter().map(|c| (c.code.clone(), c.id)).collect(),
            codes: all.into_iter().map(|c| (c.id, c.code)).collect(),
        })
    }

    /// Case type codes by id.
    pub fn codes(&self) -> &HashMap<i32, String> {
        &self.codes
    }

    /// Fails on the first row of the workbook whose case type is not stored.
    fn check(&self, workbook: &CheckedWorkbook) -> Result<(), DomainError> {
        let rows = workbook.reports.iter().flat_map(|r| &r.rows);
        match rows
            .map(|r| &r.case_type)
            .find(|c| !self.ids.contains_key(*c))
        {
            Some(unknown) => Err(DomainError::UnknownCaseType(unknown.clone())),
            None => Ok(()),
        }
    }

    fn id(&self, code: &str) -> Result<i32, DomainError> {
        self.ids
            .get(code)
            .copied()
            .ok_or_else(|| DomainError::UnknownCaseType(code.to_owned()))
    }
}

/// A report the batch will insert.
struct PlannedReport<'a> {
    /// The file it comes from, by its index in the batch.
    file: usize,
    slot: Slot,
    report: &'a CheckedReport,
    /// [`CheckedReport::content_hash`], computed once.
    content_hash: String,
    /// Cleared when a later file of the same batch replaces it.
    is_current: bool,
}

/// The office and period an import record names, when they were recognised.
struct RecordPlace {
    unit_id: Option<i32>,
    period: Option<Period>,
}

/// What a batch will write, built file by file.
struct Plan<'a> {
    current: CurrentReports,
    case_types: CaseTypeIds,
    /// One per file, in order.
    records: Vec<RecordPlace>,
    reports: Vec<PlannedReport<'a>>,
    superseded: Vec<i32>,
}

impl<'a> Plan<'a> {
    fn new(current: CurrentReports, case_types: CaseTypeIds) -> Self {
        Self {
            current,
            case_types,
            records: Vec::new(),
            reports: Vec::new(),
            superseded: Vec::new(),
        }
    }

    /// Plans a valid workbook of office `unit_id`, the batch's file number `file`: its
    /// warnings, then each form against the current report of its slot.
    fn workbook(
        &mut self,
        file: usize,
        unit_id: i32,
        workbook: &'a CheckedWorkbook,
        received: &ReceivedFile<'_>,
    ) -> Judgement {
        let mut problems = received.problems.clone();
        problems.extend(cross::warnings(workbook, unit_id, &self.current));
        let mut forms = Vec::with_capacity(workbook.reports.len());
        for report in &workbook.reports {
            let slot = Slot {
                unit_id,
                period: workbook.period,
                form: report.form,
            };
            let content_hash = report.content_hash();
            let status = match self.current.get(&slot) {
                Some(old) if old.content_hash == content_hash => ImportStatus::Unchanged,
                Some(_) => ImportStatus::Replaced,
                None => ImportStatus::Imported,
            };
            forms.push((report.form, status));
            if status == ImportStatus::Unchanged {
                continue;
            }
            let held = Held {
                source: Source::Planned(self.reports.len()),
                content_hash: content_hash.clone(),
                rows: report
                    .rows
                    .iter()
                    .map(|r| (r.case_type.clone(), r.values))
                    .collect(),
            };
            self.reports.push(PlannedReport {
                file,
                slot,
                report,
                content_hash,
                is_current: true,
            });
            match self.current.replace(slot, held).map(|old| old.source) {
                Some(Source::Stored(id)) => self.superseded.push(id),
                Some(Source::Planned(index)) => {
                    if let Some(earlier) = self.reports.get_mut(index) {
                        earlier.is_current = false;
                    }
                }
                None => {}
            }
        }
        Judgement {
            status: overall(&forms),
            forms,
            problems,
        }
    }

    /// Writes the plan of `files`, judged so: the import records, the stored reports it
    /// replaces made history, then its reports and their rows (new current reports only after
    /// the old ones stop being current: one current report per slot at every moment). Returns
    /// the import records' ids, in the order of the files.
    async fn write(
        self,
        txn: &impl ConnectionTrait,
        files: &[ReceivedFile<'_>],
        judged: &[Judgement],
        now: DateTime<Utc>,
    ) -> Result<Vec<i32>, DomainError> {
        let import_ids = ids::take(txn, Table::Imports, files.len()).await?;
        let records = files
            .iter()
            .zip(judged)
            .zip(&self.records)
            .zip(&import_ids)
            .map(|(((file, judgement), place), &id)| {
                import_record(&file.import, judgement, place, id, now)
            })
            .collect::<Result<Vec<_>, _>>()?;
        for chunk in records.chunks(ROWS_PER_STATEMENT) {
            imports::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        if !self.superseded.is_empty() {
            reports::Entity::update_many()
                .col_expr(reports::Column::IsCurrent, Expr::value(false))
                .col_expr(reports::Column::SupersededAt, Expr::value(now))
                .filter(reports::Column::Id.is_in(self.superseded))
                .exec(txn)
                .await?;
        }
        let report_ids = ids::take(txn, Table::Reports, self.reports.len()).await?;
        let mut new_reports = Vec::with_capacity(self.reports.len());
        let mut rows = Vec::new();
        let mut written = Vec::with_capacity(self.reports.len());
        for (planned, id) in self.reports.iter().zip(report_ids) {
            written.push(id);
            let PlannedReport {
                file,
                slot,
                report,
                content_hash,
                is_current,
            } = planned;
            new_reports.push(reports::ActiveModel {
                id: Set(id),
                import_id: Set(import_ids.get(*file).copied().ok_or_else(|| {
                    DomainError::Invalid(format!("no import record for the file {file}"))
                })?),
                unit_id: Set(slot.unit_id),
                year: Set(slot.period.year()),
                months: Set(i32::from(slot.period.months())),
                form: Set(slot.form),
                content_hash: Set(content_hash.clone()),
                is_current: Set(*is_current),
                created_at: Set(now),
                superseded_at: Set((!is_current).then_some(now)),
            });
            for row in &report.rows {
                rows.push(NewRow {
                    report_id: id,
                    case_type_id: self.case_types.id(&row.case_type)?,
                    values: &row.values,
                    form: slot.form,
                });
            }
        }
        for chunk in new_reports.chunks(ROWS_PER_STATEMENT) {
            reports::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        insert_rows(txn, &rows).await?;
        if !written.is_empty() {
            write_totals(txn, &written).await?;
            // The replaced reports count in the same sums as their replacements, which they
            // leave: the written ones name every parent and month to write again.
            write_sums(txn, &written).await?;
        }
        Ok(import_ids)
    }
}

/// The outcome of a file from those of its forms.
fn overall(forms: &[(Form, ImportStatus)]) -> ImportStatus {
    let any = |s| forms.iter().any(|(_, f)| *f == s);
    if forms.is_empty() {
        ImportStatus::Rejected
    } else if any(ImportStatus::Replaced) {
        ImportStatus::Replaced
    } else if any(ImportStatus::Imported) {
        ImportStatus::Imported
    } else {
        ImportStatus::Unchanged
    }
}

/// The import record `id` of a file, judged so, with its problems as JSON and their counts.
fn import_record(
    import: &NewImport,
    judgement: &Judgement,
    place: &RecordPlace,
    id: i32,
    now: DateTime<Utc>,
) -> Result<imports::ActiveModel, DomainError> {
    let count = |severity| {
        let n = judgement
            .problems
            .iter()
            .filter(|p| p.severity == severity)
            .count();
        i32::try_from(n).unwrap_or(i32::MAX)
    };
    Ok(imports::ActiveModel {
        id: Set(id),
        file_name: Set(import.file_name.clone()),
        path: Set(import.path.clone()),
        file_size: Set(i64::try_from(import.file_size).unwrap_or(i64::MAX)),
        sha256: Set(import.sha256.clone()),
        received_at: Set(now),
        source: Set(import.source.clone()),
        status: Set(judgement.status),
        unit_id: Set(place.unit_id),
        year: Set(place.period.map(Period::year)),
        months: Set(place.period.map(|p| i32::from(p.months()))),
        problems: Set(serde_json::to_string(&judgement.problems)?),
        error_count: Set(count(Severity::Error)),
        warning_count: Set(count(Severity::Warning)),
        token_id: Set(import.sender.as_ref().map(|s| s.token_id)),
        token_name: Set(import.sender.as_ref().map(|s| s.name.clone())),
        token_role: Set(import.sender.as_ref().map(|s| s.role)),
    })
}
