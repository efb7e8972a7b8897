//! Writes the bundled sample province that `thads serve --demo` loads: every office of Long An
//! for two enforcement years of monthly workbooks, in the real format and its usual variants,
//! with the unit registry and the yearly targets; then the reorganisation of 1 July 2025
//! (`reorganisation.md`): Long An's and the old Tây Ninh's offices report months 1–9 of
//! enforcement year 2025, and the new Tỉnh Tây Ninh's regional offices, each the successor of
//! one to four of them, report from month 10 of 2025 through month 12 of 2026. A regional
//! office's month 10 is cumulative since 1 October 2024: its predecessors' month 9 summed, and
//! the month's own activity on top.
//!
//! Run it from the repository root as `cargo run -p thads-tests --bin make-samples -- samples`:
//! it writes `units.csv`, `targets.csv` and `workbooks/YEAR/OFFICE-YEAR-MM.xlsx`.
//! The output is deterministic: a rerun leaves every workbook whose content is the same as it
//! is (the writer stamps the time of writing in each file, which is not content).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use thads_domain::Period;
use thads_tests::fixtures::{
    BlankRows, ColumnNumbers, Formulas, Headings, LONG_AN_OFFICES, MoneyUnit, NumberStyle,
    PeriodStyle, SheetSpec, UnitSpelling, Values, WorkbookSpec, to_xlsx_bytes,
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
2025,LA,cases,78
2025,LA,money,38
2025,TNM,cases,80
2025,TNM,money,40
2025,TN,cases,80
2025,TN,money,40
2026,TN,cases,82
2026,TN,money,42
2026,TN-KV7,cases,75
";

/// Long An's offices and the old Tây Ninh's end on this day; the new units start the next.
const LAST_OLD_DAY: &str = "2025-06-30";
const FIRST_NEW_DAY: &str = "2025-07-01";

/// The enforcement year across the reorganisation: the old offices report its months 1–9,
/// the new ones its months 10–12 (cumulative since 1 October 2024).
const YEAR_OF_CHANGE: i32 = 2025;
const LAST_OLD_MONTH: u8 = 9;

/// The year after it, reported by the new units only.
const NEW_YEAR: i32 = 2026;

/// The old province of Tây Ninh, its department and the district offices generated:
/// code and area name as written after "Chi cục THADS".
const OLD_TAY_NINH: (&str, &str) = ("TNM", "Tỉnh Tây Ninh");
const OLD_TAY_NINH_DEPARTMENT: (&str, &str) = ("TNM-CUC", "Cục THADS tỉnh Tây Ninh");
const OLD_TAY_NINH_OFFICES: [(&str, &str); 7] = [
    ("TNM-TAYNINH", "thành phố Tây Ninh"),
    ("TNM-HOATHANH", "thị xã Hòa Thành"),
    ("TNM-TRANGBANG", "thị xã Trảng Bàng"),
    ("TNM-TANBIEN", "huyện Tân Biên"),
    ("TNM-TANCHAU", "huyện Tân Châu"),
    ("TNM-DUONGMINHCHAU", "huyện Dương Minh Châu"),
    ("TNM-CHAUTHANH", "huyện Châu Thành"),
];

/// The new province (the same name as the old Tây Ninh, from 1 July 2025) and its department,
/// which takes over from both old departments.
const NEW_TAY_NINH: (&str, &str) = ("TN", "Tỉnh Tây Ninh");
const NEW_DEPARTMENT: (&str, &str) = ("TN-CUC", "Thi hành án dân sự tỉnh Tây Ninh");

/// The regional offices of the new province: code, number, and the old offices each takes
/// over from (neighbouring districts, as in the decisions of 2025).
const REGIONAL_OFFICES: [(&str, u8, &[&str]); 8] = [
    ("TN-KV1", 1, &["TNM-TAYNINH", "TNM-CHAUTHANH"]),
    ("TN-KV2", 2, &["TNM-HOATHANH", "TNM-DUONGMINHCHAU"]),
    ("TN-KV3", 3, &["TNM-TANBIEN", "TNM-TANCHAU"]),
    ("TN-KV4", 4, &["TNM-TRANGBANG", "LA-DUCHUE", "LA-DUCHOA"]),
    ("TN-KV5", 5, &["LA-TANAN", "LA-CHAUTHANH", "LA-TANTRU"]),
    (
        "TN-KV6",
        6,
        &["LA-BENLUC", "LA-THUTHUA", "LA-CANDUOC", "LA-CANGIUOC"],
    ),
    (
        "TN-KV7",
        7,
        &["LA-KIENTUONG", "LA-MOCHOA", "LA-TANHUNG", "LA-VINHHUNG"],
    ),
    ("TN-KV8", 8, &["LA-TANTHANH", "LA-THANHHOA"]),
];

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
    std::fs::write(dir.join("units.csv"), units_csv()).map_err(io)?;
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
            for (m, values) in (1u8..).zip(series) {
                let period = period_of(year, m)?;
                let spec = workbook(
                    code,
                    area,
                    style.apply(WorkbookSpec::new(area, "tỉnh Long An", period, seed), m),
                )
                .with_values(values);
                count += write(dir, code, &spec)?;
            }
        }
    }
    Ok(count + write_reorganisation(dir)?)
}

/// The registry: Long An's lines of the examples, ended on 30 June 2025 with their successors,
/// then the old Tây Ninh and the new province.
fn units_csv() -> String {
    let mut csv = "code,name,parent,level,aliases,valid_from,valid_to,successor\n".to_owned();
    for line in UNITS_CSV.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let code = line.split(',').next().unwrap_or_default();
        let successor = successor_of(code).unwrap_or_default();
        csv.push_str(&format!("{line},,{LAST_OLD_DAY},{successor}\n"));
    }
    let (tnm, tnm_name) = OLD_TAY_NINH;
    let (tn, tn_name) = NEW_TAY_NINH;
    let (old_cuc, old_cuc_alias) = OLD_TAY_NINH_DEPARTMENT;
    let (new_cuc, new_cuc_name) = NEW_DEPARTMENT;
    csv.push_str(&format!(
        "{tnm},{tnm_name},,province,Tây Ninh,,{LAST_OLD_DAY},{tn}\n\
         {old_cuc},Cục Thi hành án dân sự tỉnh Tây Ninh,{tnm},office,{old_cuc_alias},,{LAST_OLD_DAY},{new_cuc}\n"
    ));
    for (code, area) in OLD_TAY_NINH_OFFICES {
        let successor = successor_of(code).unwrap_or_default();
        csv.push_str(&format!(
            "{code},Chi cục Thi hành án dân sự {area},{tnm},office,{area},,{LAST_OLD_DAY},{successor}\n"
        ));
    }
    csv.push_str(&format!(
        "{tn},{tn_name},,province,Tây Ninh,{FIRST_NEW_DAY},,\n\
         {new_cuc},{new_cuc_name},{tn},office,THADS tỉnh Tây Ninh,{FIRST_NEW_DAY},,\n"
    ));
    for (code, number, _) in REGIONAL_OFFICES {
        csv.push_str(&format!(
            "{code},Phòng Thi hành án dân sự khu vực {number},{tn},office,\
             Phòng THADS khu vực {number}|khu vực {number},{FIRST_NEW_DAY},,\n"
        ));
    }
    csv
}

/// The unit that takes over from an old one on 1 July 2025.
fn successor_of(code: &str) -> Option<&'static str> {
    if code == DEPARTMENT.0 || code == OLD_TAY_NINH_DEPARTMENT.0 {
        return Some(NEW_DEPARTMENT.0);
    }
    if code == "LA" || code == OLD_TAY_NINH.0 {
        return Some(NEW_TAY_NINH.0);
    }
    REGIONAL_OFFICES
        .iter()
        .find(|(_, _, old)| old.contains(&code))
        .map(|(new, _, _)| *new)
}

/// An office that reports in the years of the reorganisation.
struct Reporter {
    code: &'static str,
    /// An old office's area as written after "Chi cục THADS" (a department's own name); a new
    /// unit's name as it writes it.
    name: String,
    /// Its province, e.g. `tỉnh Long An`.
    province: &'static str,
    /// Whether it is a unit of the new structure (see [`WorkbookSpec::reorganised`]).
    new: bool,
    style: Style,
}

impl Reporter {
    /// Its workbook of `period`, holding `values`.
    fn workbook(&self, period: Period, seed: u64, values: Values) -> WorkbookSpec {
        let name = self.name.as_str();
        let spec = if self.new {
            let spec = WorkbookSpec::reorganised(name, self.province, period, seed);
            self.style.apply(spec, period.months()).unit_name(name)
        } else {
            let spec = WorkbookSpec::new(name, self.province, period, seed);
            workbook(self.code, name, self.style.apply(spec, period.months()))
        };
        spec.with_values(values)
    }
}

/// Writes the workbooks of enforcement years 2025 and 2026; returns how many.
fn write_reorganisation(dir: &Path) -> Result<usize, String> {
    // The old offices, each with the style its office keeps (Long An's as in 2019–2020).
    let long_an = LONG_AN_OFFICES.iter().chain(std::iter::once(&DEPARTMENT));
    let old_tay_ninh = OLD_TAY_NINH_OFFICES
        .iter()
        .chain(std::iter::once(&OLD_TAY_NINH_DEPARTMENT));
    let old: Vec<Reporter> = long_an
        .chain(old_tay_ninh)
        .enumerate()
        .map(|(index, &(code, area))| Reporter {
            code,
            name: area.to_owned(),
            province: if code.starts_with("LA") {
                "tỉnh Long An"
            } else {
                "tỉnh Tây Ninh"
            },
            new: false,
            style: Style::of(index),
        })
        .collect();
    let mut count = 0;
    // Months 1–9 of 2025, by the old offices; their month 9 is what their successors carry on.
    let mut last_old: HashMap<&str, Values> = HashMap::new();
    for (index, reporter) in old.iter().enumerate() {
        let seed = (index as u64 + 1) * 1_000 + YEAR_OF_CHANGE as u64;
        let series = Values::series(seed, reporter.style.money.step(), LAST_OLD_MONTH);
        for (m, values) in (1u8..).zip(series) {
            let spec = reporter.workbook(period_of(YEAR_OF_CHANGE, m)?, seed, values.clone());
            count += write(dir, reporter.code, &spec)?;
            last_old.insert(reporter.code, values);
        }
    }
    // The new units, from month 10 of 2025 through 2026.
    let regional = REGIONAL_OFFICES
        .iter()
        .map(|&(code, number, old)| {
            let name = if number % 2 == 1 {
                format!("Phòng Thi hành án dân sự khu vực {number}")
            } else {
                format!("Phòng THADS khu vực {number}")
            };
            (code, name, old)
        })
        .chain(std::iter::once((
            NEW_DEPARTMENT.0,
            NEW_DEPARTMENT.1.to_owned(),
            &[DEPARTMENT.0, OLD_TAY_NINH_DEPARTMENT.0][..],
        )));
    for (offset, (code, unit_name, predecessors)) in regional.enumerate() {
        let index = old.len() + offset;
        let parts: Vec<&Values> = predecessors
            .iter()
            .map(|p| last_old.get(p).ok_or_else(|| format!("{p} has no month 9")))
            .collect::<Result<_, _>>()?;
        // Its money unit writes every predecessor's amounts exactly: the finest of theirs.
        let money = old
            .iter()
            .filter(|o| predecessors.contains(&o.code))
            .map(|o| o.style.money)
            .min_by_key(|m| m.step())
            .unwrap_or(MoneyUnit::Thousand);
        let reporter = Reporter {
            code,
            name: unit_name,
            province: "tỉnh Tây Ninh",
            new: true,
            style: Style { money, index },
        };
        let seed = (index as u64 + 1) * 1_000 + YEAR_OF_CHANGE as u64;
        let mut values = Values::sum(&parts, money.step())
            .ok_or_else(|| format!("{code}: its predecessors' sums are not whole"))?;
        for m in LAST_OLD_MONTH + 1..=12 {
            values = values.next_month(seed.wrapping_add(u64::from(m)));
            let spec = reporter.workbook(period_of(YEAR_OF_CHANGE, m)?, seed, values.clone());
            count += write(dir, code, &spec)?;
        }
        let seed = (index as u64 + 1) * 1_000 + NEW_YEAR as u64;
        for (m, values) in (1u8..).zip(Values::series(seed, money.step(), 12)) {
            let spec = reporter.workbook(period_of(NEW_YEAR, m)?, seed, values);
            count += write(dir, code, &spec)?;
        }
    }
    Ok(count)
}

/// Month `months` of enforcement year `year`.
fn period_of(year: i32, months: u8) -> Result<Period, String> {
    Period::new(i64::from(year), i64::from(months)).map_err(|e| e.to_string())
}

/// Writes `spec` as `workbooks/YEAR/CODE-YEAR-MM.xlsx`, unless the file there already holds
/// the same workbook; returns 1, the count of workbooks.
fn write(dir: &Path, code: &str, spec: &WorkbookSpec) -> Result<usize, String> {
    let (year, m) = (spec.period.year(), spec.period.months());
    let folder = dir.join("workbooks").join(format!("{year}"));
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let path = folder.join(format!("{}-{year}-{m:02}.xlsx", code.to_lowercase()));
    let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let bytes = to_xlsx_bytes(spec).map_err(|e| failed(&e))?;
    let unchanged = std::fs::read(&path)
        .ok()
        .is_some_and(|old| content(&old).is_some_and(|c| Some(c) == content(&bytes)));
    if !unchanged {
        std::fs::write(&path, bytes).map_err(|e| failed(&e))?;
    }
    Ok(1)
}

/// What makes two workbooks the same: every part of the file (an xlsx is a zip) but
/// `docProps/core.xml`, where the writer stamps the time of writing. Without this, every rerun
/// would rewrite every committed workbook.
fn content(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).ok()?;
        let name = part.name().ok()?.into_owned();
        if name == "docProps/core.xml" {
            continue;
        }
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut data).ok()?;
        parts.push((name, data));
    }
    Some(parts)
}

/// A department writes its own name where offices write "Chi cục THADS …".
fn workbook(code: &str, area: &str, spec: WorkbookSpec) -> WorkbookSpec {
    if code == DEPARTMENT.0 || code == OLD_TAY_NINH_DEPARTMENT.0 {
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
