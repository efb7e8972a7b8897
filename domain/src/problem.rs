//! Problems found in an input file, each with the place it was found, its code and the
//! arguments of its message, told in Vietnamese or English when shown.

use crate::lang::Lang;
use crate::messages;
use crate::problem_args::{Arg, Args};
use crate::problem_code::ProblemCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a problem is: an error refuses the whole file, a warning is reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file is refused and nothing of it is stored.
    Error,
    /// The file is stored; the problem is shown to the person who sent it.
    Warning,
}

/// A column of a form, by its printed number and heading.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ColumnRef {
    /// The number printed in the column-number row, e.g. 8.
    pub number: u16,
    /// The heading of the form's template, e.g. "Thi hành xong".
    pub heading: String,
}

/// One problem in a file, with as much of its place as is known: its code and the arguments
/// of its message, written in a language only when shown ([`Problem::message`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, machine-readable kind, e.g. `not_a_number`, `identity`, `unknown_unit`.
    pub code: ProblemCode,
    /// The sheet's name, when the problem is inside one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The cell in A1 notation of the sheet, e.g. `F14`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// The label of the data row, e.g. "2. Dân sự".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The column of the form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<ColumnRef>,
    /// The values its message names, by name.
    #[serde(default, skip_serializing_if = "Args::is_empty")]
    pub args: Args,
    /// The cells of a warning said once for all the rows of its sheet it was found on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// The message an earlier version recorded, in English, before messages were data; shown
    /// as it is for the problems of those old import records.
    #[serde(default, rename = "message", skip_serializing_if = "Option::is_none")]
    pub recorded: Option<String>,
}

/// How many cells a message lists before "…".
const CELLS_SHOWN: usize = 3;

impl Problem {
    /// An error of a kind, with no arguments and no place yet.
    pub fn error(code: ProblemCode) -> Self {
        Self::new(Severity::Error, code)
    }

    /// A warning of a kind, with no arguments and no place yet.
    pub fn warning(code: ProblemCode) -> Self {
        Self::new(Severity::Warning, code)
    }

    fn new(severity: Severity, code: ProblemCode) -> Self {
        Self {
            severity,
            code,
            sheet: None,
            cell: None,
            row: None,
            column: None,
            args: Args::new(),
            cells: Vec::new(),
            recorded: None,
        }
    }

    /// Gives the message an argument.
    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.args.insert(name.to_owned(), value.into());
        self
    }

    /// Places the problem in a sheet.
    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Places the problem in a cell, given in A1 notation.
    pub fn at_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    /// Names the data row.
    pub fn in_row(mut self, label: impl Into<String>) -> Self {
        self.row = Some(label.into());
        self
    }

    /// Names the column.
    pub fn in_column(mut self, number: u16, heading: impl Into<String>) -> Self {
        self.column = Some(ColumnRef {
            number,
            heading: heading.into(),
        });
        self
    }

    /// Whether this problem refuses the file.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What is wrong, in plain words of a language. Should the message not be writable (which
    /// a test rules out for every code), its code and arguments are given instead.
    pub fn message(&self, lang: Lang) -> String {
        self.try_message(lang).unwrap_or_else(|_| {
            let args: Vec<String> = self
                .args
                .iter()
                .map(|(k, v)| format!("{k}={}", v.render(lang)))
                .collect();
            format!("{} ({})", self.code, args.join(", "))
        })
    }

    /// The message in a language, or why it cannot be written.
    pub fn try_message(&self, lang: Lang) -> Result<String, String> {
        if self.args.is_empty()
            && let Some(recorded) = &self.recorded
        {
            return Ok(recorded.clone());
        }
        let mut args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.render(lang)))
            .collect();
        if self.cells.is_empty() {
            return messages::render(self.code.as_str(), &args, lang);
        }
        let mut shown: Vec<&str> = self
            .cells
            .iter()
            .take(CELLS_SHOWN)
            .map(String::as_str)
            .collect();
        if self.cells.len() > CELLS_SHOWN {
            shown.push("…");
        }
        args.push(("count", Arg::from(self.cells.len()).render(lang)));
        args.push(("cells", shown.join(", ")));
        messages::render(&format!("{}-rows", self.code), &args, lang)
    }

    /// The problem as a line that names its file first, e.g.
    /// `kien-tuong.xls › Mẫu 02 › F14 (row "2. Dân sự", column 8 "Thi hành xong"): expected a number, found "abc"`.
    pub fn display_in(&self, file: &str, lang: Lang) -> String {
        format!("{file} › {}", self.line(lang))
    }

    /// Without the file: `sheet › cell (row "…", column n "…"): message`, in a language.
    pub fn line(&self, lang: Lang) -> String {
        let (row, column, warning) = match lang {
            Lang::Vi => ("dòng", "cột", "cảnh báo"),
            Lang::En => ("row", "column", "warning"),
        };
        let mut line = String::new();
        if let Some(sheet) = &self.sheet {
            line.push_str(&format!("{sheet} › "));
        }
        if let Some(cell) = &self.cell {
            line.push_str(cell);
        }
        let mut place = Vec::new();
        if let Some(r) = &self.row {
            place.push(format!("{row} \"{r}\""));
        }
        if let Some(c) = &self.column {
            place.push(format!("{column} {} \"{}\"", c.number, c.heading));
        }
        if !place.is_empty() {
            if self.cell.is_some() {
                line.push(' ');
            }
            line.push_str(&format!("({})", place.join(", ")));
        }
        if self.cell.is_some() || !place.is_empty() {
            line.push_str(": ");
        }
        if self.severity == Severity::Warning {
            line.push_str(&format!("{warning}: "));
        }
        line.push_str(&self.message(lang));
        line
    }

    /// The problem as output shows it: its place, its code, its message in `lang` and in both
    /// languages (`messages: {vi, en}`), and the cells of a warning said once for many rows.
    pub fn to_json(&self, lang: Lang) -> ProblemJson<'_> {
        ProblemJson {
            severity: self.severity,
            code: self.code,
            sheet: self.sheet.as_deref(),
            cell: self.cell.as_deref(),
            row: self.row.as_deref(),
            column: self.column.as_ref(),
            cells: &self.cells,
            message: self.message(lang),
            messages: Messages {
                vi: self.message(Lang::Vi),
                en: self.message(Lang::En),
            },
        }
    }
}

/// A problem as JSON output writes it (`thads import --format json`, `POST /api/imports`).
#[derive(Debug, Clone, Serialize)]
pub struct ProblemJson<'a> {
    severity: Severity,
    code: ProblemCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<&'a ColumnRef>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    cells: &'a [String],
    message: String,
    messages: Messages,
}

/// A message in both languages.
#[derive(Debug, Clone, Serialize)]
struct Messages {
    vi: String,
    en: String,
}

/// Without the file, in English: `sheet › cell (row "…", column n "…"): message`.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Lang::En))
    }
}

/// The A1 name of a cell from 0-based row and column indexes, e.g. (13, 5) → `F14`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(13, 5), "F14");
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(9, 26), "AA10");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn displays_every_part_of_the_place() {
        let p = Problem::error(ProblemCode::NotANumber)
            .arg("found", "\"abc\"")
            .in_sheet("Mẫu 02")
            .at_cell("F14")
            .in_row("2. Dân sự")
            .in_column(8, "Thi hành xong");
        assert_eq!(
            p.display_in("kien-tuong-2020-09.xls", Lang::En),
            "kien-tuong-2020-09.xls › Mẫu 02 › F14 (row \"2. Dân sự\", column 8 \"Thi hành xong\"): expected a number, found \"abc\""
        );
        assert_eq!(
            p.display_in("kien-tuong-2020-09.xls", Lang::Vi),
            "kien-tuong-2020-09.xls › Mẫu 02 › F14 (dòng \"2. Dân sự\", cột 8 \"Thi hành xong\"): cần một số, nhưng ô ghi \"abc\""
        );
    }

    #[test]
    fn displays_a_problem_of_the_whole_file() {
        let p = Problem::error(ProblemCode::PasswordProtected);
        assert_eq!(
            p.display_in("a.xlsx", Lang::En),
            "a.xlsx › the workbook is protected by a password: remove the password and send it again"
        );
        let w = Problem::warning(ProblemCode::RateMissing)
            .arg("rate", crate::problem_args::Arg::Decimal(59.1))
            .in_sheet("S");
        assert_eq!(
            w.line(Lang::Vi),
            "S › cảnh báo: ô tỷ lệ để trống (tỷ lệ đúng là 59,10)"
        );
    }

    #[test]
    fn an_earlier_record_keeps_its_message() {
        let old = r#"{"severity":"error","code":"not_a_number","sheet":"S","message":"expected a number, found \"x\""}"#;
        let p: Problem = serde_json::from_str(old).expect("an old record reads");
        assert_eq!(p.code, ProblemCode::NotANumber);
        assert_eq!(p.message(Lang::Vi), "expected a number, found \"x\"");
    }
}
