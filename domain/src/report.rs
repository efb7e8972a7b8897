//! A checked report, as the importer hands it to storage.

use crate::form::Form;
use crate::outcome::{Field, Outcome};
use crate::period::Period;
use sea_orm::sea_query::StringLen;
use sea_orm::{ActiveEnum, DeriveActiveEnum, EnumIter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The values of one leaf case type in one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// The case type's code, e.g. `active.civil`.
    pub case_type: String,
    /// The label as written in column A, e.g. "2. Dân sự".
    pub label: String,
    /// The row's index in the sheet, 0-based.
    pub row: u32,
    /// The values, in cases or in whole đồng.
    pub values: Outcome,
}

/// One form of one workbook, checked: every leaf row, in the template's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedReport {
    /// Which form.
    pub form: Form,
    /// The sheet it was read from.
    pub sheet: String,
    /// Where each field was read: the 0-based column index in the sheet, and the column's
    /// printed number.
    pub columns: Vec<ColumnPlace>,
    /// The leaf rows; group and total rows are checked, not stored.
    pub rows: Vec<ReportRow>,
}

impl CheckedReport {
    /// A digest of the values, so that importing the same content twice changes nothing.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.form.to_value());
        for row in &self.rows {
            hasher.update(b"\n");
            hasher.update(row.case_type.as_bytes());
            for field in Field::of_form(self.form) {
                hasher.update(b",");
                hasher.update(row.values.get(field).to_string().as_bytes());
            }
        }
        hex::encode(hasher.finalize())
    }
}

/// Where one field of a form sits in its sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnPlace {
    /// The field.
    pub field: Field,
    /// The column's index in the sheet, 0-based (0 = A).
    pub index: u32,
    /// The number printed in the column-number row.
    pub number: u16,
}

/// Everything a valid workbook holds: one office, one period, one or both forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedWorkbook {
    /// The reporting office's unit code.
    pub unit: String,
    /// The period of every report in it.
    pub period: Period,
    /// One report per form found, cases first.
    pub reports: Vec<CheckedReport>,
}

/// What an import did with a file, or with one form of it.
///
/// Stored as text (`imports.status`): the `string_value`s are the names in the database and
/// in output, and the only place they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ImportStatus {
    /// New: no report of that office, period and form was stored before.
    #[sea_orm(string_value = "imported")]
    Imported,
    /// Stored as current; the earlier report stays as history.
    #[sea_orm(string_value = "replaced")]
    Replaced,
    /// The same content was already current: nothing changed.
    #[sea_orm(string_value = "unchanged")]
    Unchanged,
    /// Refused for errors: nothing but the import record was stored.
    #[sea_orm(string_value = "rejected")]
    Rejected,
}

impl std::fmt::Display for ImportStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_value())
    }
}
