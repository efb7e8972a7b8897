//! Storing one received file: its import record and, when it is valid, its reports.

use crate::access::Sender;
use crate::entities::{case_types, imports, report_rows, reports, units};
use crate::error::DomainError;
use crate::form::Form;
use crate::period::Period;
use crate::problem::{Problem, Severity};
use crate::report::{CheckedReport, CheckedWorkbook, ImportStatus};
use crate::services::write;
use crate::units::UnitLevel;
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionSession,
    TransactionTrait,
};
use std::collections::HashMap;

/// A received file, as the import record describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImport {
    /// The file's name as sent.
    pub file_name: String,
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

/// What storing a file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImport {
    /// The import record.
    pub import_id: i32,
    /// The outcome of the whole file.
    pub status: ImportStatus,
    /// The outcome of each form of the workbook, in its order; empty when rejected.
    pub forms: Vec<(Form, ImportStatus)>,
}

/// Values per row: 19 columns, so a thousand rows stay under SQLite's 32766 bind parameters.
const ROW_CHUNK: usize = 1000;

/// Stores a received file in one transaction: the import record with every problem, and, when
/// `workbook` is given and no problem is an error, its reports. A report whose content equals
/// the current one of its office, period and form changes nothing (`unchanged`); otherwise the
/// current one, if any, stays as history and the new one becomes current (`replaced`, else
/// `imported`). The file is `rejected` without a workbook, `unchanged` when every form is,
/// `replaced` when any form is, else `imported`.
pub async fn store_workbook<C>(
    db: &C,
    import: NewImport,
    workbook: Option<&CheckedWorkbook>,
    problems: &[Problem],
) -> Result<StoredImport, DomainError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let workbook = workbook.filter(|_| !problems.iter().any(Problem::is_error));
    let now = Utc::now();
    let txn = write::begin(db).await?;
    let unit_code = workbook.map(|w| w.unit.clone()).or(import.unit.clone());
    let unit = match &unit_code {
        Some(code) => {
            // Locking the office's row (PostgreSQL) serialises stores of the same office, so
            // that two of them cannot both replace its current report.
            units::Entity::find()
                .filter(units::Column::Code.eq(code.as_str()))
                .lock_exclusive()
                .one(&txn)
                .await?
        }
        None => None,
    };
    let unit_id = unit.as_ref().map(|u| u.id);
    let Some(workbook) = workbook else {
        let import_id = insert_import(
            &txn,
            &import,
            unit_id,
            import.period,
            ImportStatus::Rejected,
            problems,
            now,
        )
        .await?;
        txn.commit().await?;
        return Ok(StoredImport {
            import_id,
            status: ImportStatus::Rejected,
            forms: Vec::new(),
        });
    };
    let unit = unit.ok_or_else(|| DomainError::UnknownUnit(workbook.unit.clone()))?;
    if unit.level != UnitLevel::Office.as_str() {
        return Err(DomainError::NotAnOffice(unit.code));
    }
    let unit_id = unit.id;
    let case_types = case_type_ids(&txn, workbook).await?;
    let current = current_reports(&txn, unit_id, workbook.period).await?;
    let mut forms = Vec::with_capacity(workbook.reports.len());
    let mut changed: Vec<(&CheckedReport, Option<i32>)> = Vec::new();
    for report in &workbook.reports {
        let status = match current.get(report.form.as_str()) {
            Some(old) if old.content_hash == report.content_hash() => ImportStatus::Unchanged,
            Some(old) => {
                changed.push((report, Some(old.id)));
                ImportStatus::Replaced
            }
            None => {
                changed.push((report, None));
                ImportStatus::Imported
            }
        };
        forms.push((report.form, status));
    }
    let status = overall(&forms);
    let import_id = insert_import(
        &txn,
        &import,
        Some(unit_id),
        Some(workbook.period),
        status,
        problems,
        now,
    )
    .await?;
    let superseded: Vec<i32> = changed.iter().filter_map(|(_, old)| *old).collect();
    if !superseded.is_empty() {
        reports::Entity::update_many()
            .col_expr(reports::Column::IsCurrent, Expr::value(false))
            .col_expr(reports::Column::SupersededAt, Expr::value(now))
            .filter(reports::Column::Id.is_in(superseded))
            .exec(&txn)
            .await?;
    }
    let mut rows = Vec::new();
    for (report, _) in changed {
        let new = reports::ActiveModel {
            id: NotSet,
            import_id: Set(import_id),
            unit_id: Set(unit_id),
            year: Set(workbook.period.year()),
            months: Set(i32::from(workbook.period.months())),
            form: Set(report.form.as_str().to_owned()),
            content_hash: Set(report.content_hash()),
            is_current: Set(true),
            created_at: Set(now),
            superseded_at: Set(None),
        };
        let report_id = reports::Entity::insert(new)
            .exec(&txn)
            .await?
            .last_insert_id;
        for row in &report.rows {
            let case_type_id = *case_types
                .get(row.case_type.as_str())
                .ok_or_else(|| DomainError::UnknownCaseType(row.case_type.clone()))?;
            let has_reduced = report.form == Form::Money;
            rows.push(report_rows::active_model(
                report_id,
                case_type_id,
                &row.values,
                has_reduced,
            ));
        }
    }
    for chunk in rows.chunks(ROW_CHUNK) {
        report_rows::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(StoredImport {
        import_id,
        status,
        forms,
    })
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

/// The ids of the case types the workbook's rows name, in one query; an unknown code is an
/// error.
async fn case_type_ids(
    txn: &impl ConnectionTrait,
    workbook: &CheckedWorkbook,
) -> Result<HashMap<String, i32>, DomainError> {
    let mut codes: Vec<&str> = workbook
        .reports
        .iter()
        .flat_map(|r| r.rows.iter().map(|row| row.case_type.as_str()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let ids: HashMap<String, i32> = case_types::Entity::find()
        .filter(case_types::Column::Code.is_in(codes.iter().copied()))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.code, c.id))
        .collect();
    if let Some(unknown) = codes.iter().find(|c| !ids.contains_key(**c)) {
        return Err(DomainError::UnknownCaseType((*unknown).to_owned()));
    }
    Ok(ids)
}

/// The current reports of an office and period, by form name.
async fn current_reports(
    txn: &impl ConnectionTrait,
    unit_id: i32,
    period: Period,
) -> Result<HashMap<String, reports::Model>, DomainError> {
    Ok(reports::Entity::find()
        .filter(reports::Column::UnitId.eq(unit_id))
        .filter(reports::Column::Year.eq(period.year()))
        .filter(reports::Column::Months.eq(i32::from(period.months())))
        .filter(reports::Column::IsCurrent.eq(true))
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.form.clone(), r))
        .collect())
}

/// Inserts the import record, with the problems as JSON and their counts.
async fn insert_import(
    txn: &impl ConnectionTrait,
    import: &NewImport,
    unit_id: Option<i32>,
    period: Option<Period>,
    status: ImportStatus,
    problems: &[Problem],
    now: DateTime<Utc>,
) -> Result<i32, DomainError> {
    let count = |severity| {
        let n = problems.iter().filter(|p| p.severity == severity).count();
        i32::try_from(n).unwrap_or(i32::MAX)
    };
    let record = imports::ActiveModel {
        id: NotSet,
        file_name: Set(import.file_name.clone()),
        file_size: Set(i64::try_from(import.file_size).unwrap_or(i64::MAX)),
        sha256: Set(import.sha256.clone()),
        received_at: Set(now),
        source: Set(import.source.clone()),
        status: Set(status.as_str().to_owned()),
        unit_id: Set(unit_id),
        year: Set(period.map(Period::year)),
        months: Set(period.map(|p| i32::from(p.months()))),
        problems: Set(serde_json::to_string(problems)?),
        error_count: Set(count(Severity::Error)),
        warning_count: Set(count(Severity::Warning)),
        token_id: Set(import.sender.as_ref().map(|s| s.token_id)),
        token_name: Set(import.sender.as_ref().map(|s| s.name.clone())),
        token_role: Set(import.sender.as_ref().map(|s| s.role.as_str().to_owned())),
    };
    Ok(imports::Entity::insert(record)
        .exec(txn)
        .await?
        .last_insert_id)
}
