//! Collecting the problems of a workbook with their places, and putting them in order: the
//! file's own problems first, then sheet by sheet in the workbook's order, each sheet's
//! problems without a cell first, then by row and column.

use crate::grid::Grid;
use thads_domain::{Arg, Problem, ProblemCode, a1};

/// Why a file is refused before any sheet is checked; boxed, as it travels far up through
/// `Result`s.
pub(crate) type Refusal = Box<Problem>;

/// A refusal of a kind whose message takes a technical `detail` (`damaged`, `too_large`,
/// `not_a_spreadsheet`), or none.
pub(crate) fn refuse(code: ProblemCode, detail: impl Into<Arg>) -> Refusal {
    let detail = detail.into();
    let problem = Problem::error(code);
    Box::new(if code.arg_names().contains(&"detail") {
        problem.arg("detail", detail)
    } else {
        problem
    })
}

/// A problem and where it sorts.
struct Placed {
    sheet: Option<usize>,
    cell: Option<(u32, u32)>,
    problem: Problem,
}

/// The problems found so far.
#[derive(Default)]
pub(crate) struct Problems {
    list: Vec<Placed>,
}

impl Problems {
    /// A problem of the whole file.
    pub fn file(&mut self, problem: Problem) {
        self.list.push(Placed {
            sheet: None,
            cell: None,
            problem,
        });
    }

    /// A problem of a sheet, at no particular cell.
    pub fn sheet(&mut self, grid: &Grid, problem: Problem) {
        self.list.push(Placed {
            sheet: Some(grid.index),
            cell: None,
            problem: problem.in_sheet(grid.name.as_str()),
        });
    }

    /// A problem at a cell.
    pub fn cell(&mut self, grid: &Grid, (row, col): (u32, u32), problem: Problem) {
        self.list.push(Placed {
            sheet: Some(grid.index),
            cell: Some((row, col)),
            problem: problem.in_sheet(grid.name.as_str()).at_cell(a1(row, col)),
        });
    }

    /// Whether any error (not a warning) was found.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|p| p.problem.is_error())
    }

    /// How many errors were found.
    pub fn errors(&self) -> usize {
        self.list.iter().filter(|p| p.problem.is_error()).count()
    }

    /// Moves another collection's problems into this one.
    pub fn append(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    /// The problems in order (stable: problems of the same place keep the order found).
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.list.sort_by_key(|p| (p.sheet, p.cell));
        self.list.into_iter().map(|p| p.problem).collect()
    }
}
