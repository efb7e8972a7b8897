//! Problems as GraphQL shows them: their kind as an enum, their place, and their message in
//! the language asked for (Vietnamese unless `lang: EN`).

use async_graphql::{ComplexObject, Enum, SimpleObject};
use thads_domain::group_repeated;

/// A language of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
#[graphql(remote = "thads_domain::Lang")]
pub enum Lang {
    /// Vietnamese (tiếng Việt).
    #[default]
    Vi,
    /// English.
    En,
}

/// The kind of a problem; in JSON (`thads import --format json`, `POST /api/imports`) the same
/// kinds are written in snake case, e.g. `not_a_number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_domain::ProblemCode")]
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
    Unrecognised,
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "thads_domain::Severity")]
pub enum Severity {
    /// The file was refused and nothing of it was stored.
    Error,
    /// The file was stored; the problem is shown to the person who sent it.
    Warning,
}

/// A column of a form.
#[derive(Debug, Clone, SimpleObject)]
pub struct FormColumn {
    /// The number printed in the column-number row, e.g. 8.
    pub number: i32,
    /// The heading of the form's template, e.g. "Thi hành xong".
    pub heading: String,
}

/// One problem found in a file, with its place.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(complex)]
pub struct Problem {
    /// Error (the file was refused) or warning.
    pub severity: Severity,
    /// A stable, machine-readable kind, e.g. `NOT_A_NUMBER`, `IDENTITY`, `UNKNOWN_UNIT`.
    pub code: ProblemCode,
    /// The sheet's name, when the problem is inside one.
    pub sheet: Option<String>,
    /// The cell in A1 notation, e.g. `F14`.
    pub cell: Option<String>,
    /// The label of the data row, e.g. "2. Dân sự".
    pub row: Option<String>,
    /// The column of the form.
    pub column: Option<FormColumn>,
    /// The cells of a warning said once for all the rows of its sheet it was found on (e.g. a
    /// rate column left blank); empty for every other problem.
    pub cells: Vec<String>,
    #[graphql(skip)]
    problem: thads_domain::Problem,
}

#[ComplexObject]
impl Problem {
    /// What is wrong, in plain words: in Vietnamese unless `lang` says English.
    async fn message(
        &self,
        #[graphql(
            default,
            desc = "The language of the message: VI (Vietnamese, the default) or EN (English)."
        )]
        lang: Lang,
    ) -> String {
        self.problem.message(lang.into())
    }
}

impl Problem {
    /// Every problem of a list, in order, a warning repeated on many rows of a sheet said once.
    pub fn list(problems: &[thads_domain::Problem]) -> Vec<Problem> {
        group_repeated(problems.to_vec())
            .into_iter()
            .map(Problem::from)
            .collect()
    }
}

impl From<thads_domain::Problem> for Problem {
    fn from(p: thads_domain::Problem) -> Self {
        Self {
            severity: p.severity.into(),
            code: p.code.into(),
            sheet: p.sheet.clone(),
            cell: p.cell.clone(),
            row: p.row.clone(),
            column: p.column.clone().map(|c| FormColumn {
                number: i32::from(c.number),
                heading: c.heading,
            }),
            cells: p.cells.clone(),
            problem: p,
        }
    }
}
