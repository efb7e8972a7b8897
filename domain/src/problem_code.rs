//! Every kind of problem, one variant each: serialised as its `snake_case` code
//! (`not_a_number`, `rate_missing`, …), the same strings `thads import --format json` and
//! `POST /api/imports` have always printed. Its message is in `messages/*.ftl` under the same
//! name.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoStaticStr};

/// A stable, machine-readable kind of problem.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ProblemCode {
    /// A cell that should hold a number holds text.
    NotANumber,
    /// A negative number.
    Negative,
    /// A spreadsheet error value (`#REF!`, `#DIV/0!`…).
    ErrorValue,
    /// A count or an amount in đồng with decimals.
    NotWhole,
    /// A number too large to be a real figure.
    NumberTooLarge,
    /// A formula whose result was never saved.
    FormulaWithoutValue,
    /// A row with numbers but no label.
    UnlabelledRow,
    /// A row that breaks an identity of the form.
    Identity,
    /// A group or total row that is not the sum of its rows.
    Sum,
    /// A written rate that is not the computed one.
    Rate,
    /// A rate left blank (warning).
    RateMissing,
    /// A form sheet without its column-number row.
    NoColumnNumbers,
    /// A period that cannot be read or is not a reporting period.
    BadPeriod,
    /// A header that does not say the period.
    NoPeriod,
    /// A header that names two periods.
    PeriodsDisagree,
    /// A header that does not say who reports.
    NoUnit,
    /// A reporting office not in force at the end of the period.
    UnitNotInForce,
    /// A reporting unit the registry does not know.
    UnknownUnit,
    /// A reporting unit that names several offices.
    AmbiguousUnit,
    /// A money form that does not say its unit.
    NoMoneyUnit,
    /// A unit of money that cannot be read.
    BadMoneyUnit,
    /// A column number the form does not have (warning).
    ExtraColumn,
    /// A column number written twice.
    DuplicateColumn,
    /// A column of the form missing from the column-number row.
    MissingColumn,
    /// A column without a heading to check (warning).
    NoHeading,
    /// A heading that is another column's: numbers shifted.
    HeadingMismatch,
    /// A damaged file.
    Damaged,
    /// A workbook whose content is beyond the limits.
    TooLarge,
    /// A file that is not a spreadsheet.
    NotASpreadsheet,
    /// A workbook protected by a password.
    PasswordProtected,
    /// A row label written twice.
    DuplicateRow,
    /// A row under the wrong group.
    MisplacedRow,
    /// A row label the form does not have.
    UnknownRow,
    /// A row of the form that is missing.
    MissingRow,
    /// A file that cannot be read from the disk.
    Unreadable,
    /// A file larger than a report may be.
    FileTooLarge,
    /// A workbook of another office than the sender's.
    WrongOffice,
    /// A consolidated report sent to a real import.
    ConsolidatedReport,
    /// Offices whose report is missing from the sums (warning).
    OfficesMissing,
    /// A consolidated form no office has reported.
    NoOfficeReports,
    /// A cell of a consolidated report that differs from its offices' sum.
    DiffersFromOffices,
    /// A report of a period approved (locked) for its office: no report may replace it.
    PeriodLocked,
    /// An internal error while checking.
    Internal,
    /// The shipped templates could not be read.
    Template,
    /// A second sheet of the same form.
    DuplicateForm,
    /// Two form sheets of one workbook with another unit or period.
    FormsDisagree,
    /// A workbook without a form sheet.
    NoForm,
    /// A file whose extension names another format (warning).
    Misnamed,
    /// Carried over differs from another month of the year (warning).
    CarriedOverChanged,
    /// A total since 1 October that fell (warning).
    CumulativeFell,
    /// A problem recorded by an earlier version under a code this one does not know.
    #[serde(other)]
    Unrecognised,
}

impl ProblemCode {
    /// The code as written in JSON and as the id of its message, e.g. `not_a_number`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The arguments its message takes.
    pub fn arg_names(self) -> &'static [&'static str] {
        match self {
            ProblemCode::NotANumber => &["found"],
            ProblemCode::Negative => &["found"],
            ProblemCode::ErrorValue => &["found"],
            ProblemCode::NotWhole => &["found", "unit"],
            ProblemCode::NumberTooLarge => &["found"],
            ProblemCode::FormulaWithoutValue => &[],
            ProblemCode::UnlabelledRow => &[],
            ProblemCode::Identity => &["rule", "found", "expected"],
            ProblemCode::Sum => &["found", "parts", "expected"],
            ProblemCode::Rate => &["expected", "found"],
            ProblemCode::RateMissing => &["rate"],
            ProblemCode::NoColumnNumbers => &["form"],
            ProblemCode::BadPeriod => &["reason", "text"],
            ProblemCode::NoPeriod => &[],
            ProblemCode::PeriodsDisagree => &["here", "first", "at"],
            ProblemCode::NoUnit => &[],
            ProblemCode::UnitNotInForce => &[
                "name", "office", "change", "day", "period", "end", "instead",
            ],
            ProblemCode::UnknownUnit => &["name"],
            ProblemCode::AmbiguousUnit => &["name", "candidates"],
            ProblemCode::NoMoneyUnit => &[],
            ProblemCode::BadMoneyUnit => &["text"],
            ProblemCode::ExtraColumn => &["number", "form"],
            ProblemCode::DuplicateColumn => &["number", "first"],
            ProblemCode::MissingColumn => &["number", "heading"],
            ProblemCode::NoHeading => &["number", "heading"],
            ProblemCode::HeadingMismatch => &[
                "number",
                "heading",
                "found",
                "other_number",
                "other_heading",
            ],
            ProblemCode::Damaged => &["detail"],
            ProblemCode::TooLarge => &["detail"],
            ProblemCode::NotASpreadsheet => &["detail"],
            ProblemCode::PasswordProtected => &[],
            ProblemCode::DuplicateRow => &["label", "first_row"],
            ProblemCode::MisplacedRow => &["label", "groups"],
            ProblemCode::UnknownRow => &["label", "known"],
            ProblemCode::MissingRow => &["label", "under", "code"],
            ProblemCode::Unreadable => &["detail"],
            ProblemCode::FileTooLarge => &["size", "max"],
            ProblemCode::WrongOffice => &["unit", "office"],
            ProblemCode::ConsolidatedReport => &["unit"],
            ProblemCode::OfficesMissing => &["form", "offices"],
            ProblemCode::NoOfficeReports => &["unit", "form", "period"],
            ProblemCode::DiffersFromOffices => &["written", "stored", "difference", "unit"],
            ProblemCode::PeriodLocked => &["period", "unit", "by", "at"],
            ProblemCode::Internal => &[],
            ProblemCode::Template => &["detail"],
            ProblemCode::DuplicateForm => &["form", "sheet"],
            ProblemCode::FormsDisagree => &["what", "here", "first", "sheet", "at"],
            ProblemCode::NoForm => &["why", "looked_for", "hidden"],
            ProblemCode::Misnamed => &["named", "actual"],
            ProblemCode::CarriedOverChanged => &["mine", "their", "period"],
            ProblemCode::CumulativeFell => &["field", "mine", "their", "period"],
            ProblemCode::Unrecognised => &[],
        }
    }

    /// Whether the warning may repeat on many rows or columns of a sheet; such warnings are
    /// said once per sheet with their count and cells (message `<code>-rows`).
    pub fn groups_by_sheet(self) -> bool {
        matches!(
            self,
            ProblemCode::RateMissing
                | ProblemCode::ExtraColumn
                | ProblemCode::NoHeading
                | ProblemCode::CarriedOverChanged
                | ProblemCode::CumulativeFell
        )
    }
}

impl std::fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_the_strings_of_before() {
        let json = serde_json::to_string(&ProblemCode::NotANumber).unwrap_or_default();
        assert_eq!(json, "\"not_a_number\"");
        assert_eq!(ProblemCode::RateMissing.as_str(), "rate_missing");
        assert_eq!(
            ProblemCode::DiffersFromOffices.as_str(),
            "differs_from_offices"
        );
        let old: ProblemCode =
            serde_json::from_str("\"no_such_code\"").unwrap_or(ProblemCode::Internal);
        assert_eq!(old, ProblemCode::Unrecognised);
    }
}
