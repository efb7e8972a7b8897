//! Writes the bundled sample province that `thads serve --demo` loads: every office of Long An
//! for two enforcement years of monthly workbooks, in the real format and its usual variants,
//! with the unit registry and the yearly targets.
//!
//! Run it from the repository root as `cargo run -p thads-tests --bin make-samples -- samples`:
//! it writes `units.csv`, `targets.csv` and `workbooks/YEAR/OFFICE-YEAR-MM.xlsx`.
//! The output is deterministic: rerunning it rewrites the same files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use thads_domain::Period;
use thads_tests::fixtures::{
    BlankRows, ColumnNumbers, Formulas, Headings, LONG_AN_OFFICES, MoneyUnit, NumberStyle,
    PeriodStyle, SheetSpec, UnitSpelling, Values, WorkbookSpec, write_xlsx,
};

/// The enforcement years generated, each with all twelve months.
const YEARS: [i32; 2] = [2019, 2020];

/// One office misses the last month, so that the demo shows a missing report.
const LATE_OFFICE: &str = "LA-TANHUNG";

/// The province's own department reports like an office.
const DEPARTMENT: (&str, &str) = ("LA-CUC", "Cục THADS tỉnh Long An");

const UNITS_CSV: &str = include_str!("../../fixtures/real/units.csv");

const TARGETS_CSV: &str = "year,unit,measure,rate
2019,LA,cases,75
2019,LA,money,35
2020,LA,cases,80
2020,LA,money,38
2020,LA-KIENTUONG,cases,70
2020,LA-CUC,money,45
";

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: make-samples DIR");
        return ExitCode::from(2);
    };
    match write_samples(&dir) {
        Ok(count) => {
            println!("{count} workbooks written in {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn write_samples(dir: &Path) -> Result<usize, String> {
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(io)?;
    std::fs::write(dir.join("units.csv"), UNITS_CSV).map_err(io)?;
    std::fs::write(dir.join("targets.csv"), TARGETS_CSV).map_err(io)?;
    let offices = LONG_AN_OFFICES.iter().chain(std::iter::once(&DEPARTMENT));
    let mut count = 0;
    for (index, &(code, area)) in offices.enumerate() {
        for year in YEARS {
            let seed = (index as u64 + 1) * 1_000 + year as u64;
            let months_reported = if code == LATE_OFFICE && year == YEARS[1] {
                11
            } else {
                12
            };
            let style = Style::of(index);
            let series = Values::series(seed, style.money.step(), months_reported);
            let folder = dir.join("workbooks").join(format!("{year}"));
            std::fs::create_dir_all(&folder).map_err(io)?;
            for (m, values) in (1u8..).zip(series) {
                let period =
                    Period::new(i64::from(year), i64::from(m)).map_err(|e| e.to_string())?;
                let spec = workbook(
                    code,
                    area,
                    style.apply(WorkbookSpec::new(area, "tỉnh Long An", period, seed), m),
                )
                .with_values(values);
                let path = folder.join(format!("{}-{year}-{m:02}.xlsx", code.to_lowercase()));
                write_xlsx(&spec, &path).map_err(|e| format!("{}: {e}", path.display()))?;
                count += 1;
            }
        }
    }
    Ok(count)
}

/// The department writes its own name where offices write "Chi cục THADS …".
fn workbook(code: &str, area: &str, spec: WorkbookSpec) -> WorkbookSpec {
    if code == DEPARTMENT.0 {
        spec.unit_name(area)
    } else {
        spec
    }
}

/// How one office lays out its workbooks: offices differ, and each keeps its habits.
struct Style {
    money: MoneyUnit,
    index: usize,
}

impl Style {
    fn of(index: usize) -> Self {
        let money = match index % 7 {
            3 => MoneyUnit::Dong,
            5 => MoneyUnit::Million,
            _ => MoneyUnit::Thousand,
        };
        Self { money, index }
    }

    fn apply(&self, spec: WorkbookSpec, month: u8) -> WorkbookSpec {
        let i = self.index;
        let spec = spec
            .money_unit(self.money)
            .period_style(if (i + usize::from(month)).is_multiple_of(3) {
                PeriodStyle::Dates
            } else {
                PeriodStyle::Label
            })
            .column_numbers(if i.is_multiple_of(2) {
                ColumnNumbers::Parenthesized
            } else {
                ColumnNumbers::Plain
            })
            .headings(if i % 4 == 1 {
                Headings::Unmerged
            } else {
                Headings::Merged
            })
            .blank_rows(if i % 3 == 2 {
                BlankRows::BeforeGroups
            } else {
                BlankRows::None
            })
            .formulas(if i % 5 == 4 {
                Formulas::Sums
            } else {
                Formulas::None
            })
            .numbers(if i.is_multiple_of(3) {
                NumberStyle::Mixed
            } else {
                NumberStyle::Numbers
            })
            .unit_spelling(match i % 4 {
                0 => UnitSpelling::Short,
                1 => UnitSpelling::Full,
                2 => UnitSpelling::Abbreviated,
                _ => UnitSpelling::Upper,
            });
        if i % 4 == 3 {
            spec.sheets(vec![
                SheetSpec::form(thads_domain::Form::Money, "Tien"),
                SheetSpec::form(thads_domain::Form::Cases, "Viec"),
            ])
        } else {
            spec
        }
    }
}
