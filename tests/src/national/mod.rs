//! Synthetic national data for the benchmarks: a registry of the 63 provinces and about 700
//! offices, the way each office lays out its workbooks (every variant of the format, mixed),
//! and the values each office reports, the same whether they are written to workbooks
//! (`make-national`) or stored directly (`load-national`).
//!
//! Everything is deterministic: the same office, year and month always give the same values,
//! so a month written as workbooks and imported holds exactly what the direct loader stores.

pub mod load;

use crate::fixtures::{
    BlankRows, ColumnNumbers, Formulas, Headings, MoneyUnit, NumberStyle, PeriodStyle, RateStyle,
    Rng, SheetSpec, UnitSpelling, Values, WorkbookSpec, Zeros,
};
use std::collections::HashSet;
use std::fmt::Write;
use thads_domain::names::key;
use thads_domain::{CheckedReport, CheckedWorkbook, Form, Period, ReportRow};
use unicode_normalization::UnicodeNormalization;

/// The 63 provinces and centrally run cities (before the 2025 mergers): name, and whether it is
/// a city ("thành phố") rather than a province ("tỉnh").
pub const PROVINCES: [(&str, bool); 63] = [
    ("Hà Nội", true),
    ("Hồ Chí Minh", true),
    ("Hải Phòng", true),
    ("Đà Nẵng", true),
    ("Cần Thơ", true),
    ("An Giang", false),
    ("Bà Rịa - Vũng Tàu", false),
    ("Bắc Giang", false),
    ("Bắc Kạn", false),
    ("Bạc Liêu", false),
    ("Bắc Ninh", false),
    ("Bến Tre", false),
    ("Bình Định", false),
    ("Bình Dương", false),
    ("Bình Phước", false),
    ("Bình Thuận", false),
    ("Cà Mau", false),
    ("Cao Bằng", false),
    ("Đắk Lắk", false),
    ("Đắk Nông", false),
    ("Điện Biên", false),
    ("Đồng Nai", false),
    ("Đồng Tháp", false),
    ("Gia Lai", false),
    ("Hà Giang", false),
    ("Hà Nam", false),
    ("Hà Tĩnh", false),
    ("Hải Dương", false),
    ("Hậu Giang", false),
    ("Hòa Bình", false),
    ("Hưng Yên", false),
    ("Khánh Hòa", false),
    ("Kiên Giang", false),
    ("Kon Tum", false),
    ("Lai Châu", false),
    ("Lâm Đồng", false),
    ("Lạng Sơn", false),
    ("Lào Cai", false),
    ("Long An", false),
    ("Nam Định", false),
    ("Nghệ An", false),
    ("Ninh Bình", false),
    ("Ninh Thuận", false),
    ("Phú Thọ", false),
    ("Phú Yên", false),
    ("Quảng Bình", false),
    ("Quảng Nam", false),
    ("Quảng Ngãi", false),
    ("Quảng Ninh", false),
    ("Quảng Trị", false),
    ("Sóc Trăng", false),
    ("Sơn La", false),
    ("Tây Ninh", false),
    ("Thái Bình", false),
    ("Thái Nguyên", false),
    ("Thanh Hóa", false),
    ("Thừa Thiên Huế", false),
    ("Tiền Giang", false),
    ("Trà Vinh", false),
    ("Tuyên Quang", false),
    ("Vĩnh Long", false),
    ("Vĩnh Phúc", false),
    ("Yên Bái", false),
];

/// Syllables the invented district names are made of (two each).
const SYLLABLES: [&str; 40] = [
    "An", "Bình", "Châu", "Đông", "Tây", "Nam", "Bắc", "Phú", "Tân", "Hòa", "Long", "Mỹ", "Thạnh",
    "Vĩnh", "Đức", "Thuận", "Phước", "Lộc", "Hưng", "Thái", "Sơn", "Hải", "Giang", "Lâm", "Minh",
    "Quang", "Trung", "Kim", "Xuân", "Hiệp", "Thủy", "Cẩm", "Gia", "Ninh", "Yên", "Lạc", "Định",
    "Thới", "Mộc", "Cát",
];

/// Offices in the national registry: a department per province and the district offices.
pub const NATIONAL_OFFICES: usize = 700;

/// The code of the nation, the root of the registry.
pub const NATION: &str = "VN";

/// A province of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    /// Its code, e.g. `LONGAN`.
    pub code: String,
    /// Its bare name, e.g. `Long An`.
    pub bare: String,
    /// As written after "Cục THADS": `tỉnh Long An`, `thành phố Hà Nội`.
    pub place: String,
}

impl Province {
    /// Its name in the registry: `Tỉnh Long An`.
    pub fn name(&self) -> String {
        capitalise(&self.place)
    }
}

/// An office that reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// Its code, e.g. `LONGAN-PHULONG` (`LONGAN-CUC` for the department).
    pub code: String,
    /// Its index in [`Registry::provinces`].
    pub province: usize,
    /// The area after "Chi cục THADS", e.g. `huyện Phú Long`; for the department, its own
    /// name, `Cục THADS tỉnh Long An`.
    pub area: String,
    /// Whether it is the province's own department (Cục).
    pub department: bool,
    /// Its index in [`Registry::offices`], which also picks its layout habits and seeds.
    pub index: usize,
}

impl Office {
    /// Its name in the registry.
    pub fn name(&self, registry: &Registry) -> String {
        if self.department {
            let place = &registry.provinces[self.province].place;
            format!("Cục Thi hành án dân sự {place}")
        } else {
            format!("Chi cục Thi hành án dân sự {}", self.area)
        }
    }
}

/// The national registry: the nation, the provinces and their offices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    /// The provinces, in the order of [`PROVINCES`].
    pub provinces: Vec<Province>,
    /// Every office, province by province, each department first.
    pub offices: Vec<Office>,
}

impl Registry {
    /// The 63 provinces with [`NATIONAL_OFFICES`] offices between them: each province's
    /// department and 5 to 25 district offices (quận, huyện, thị xã, thành phố) with invented
    /// names, unique across the country.
    pub fn national() -> Self {
        let total = NATIONAL_OFFICES;
        let mut rng = Rng::new(0x7A4D_5EED);
        let provinces: Vec<Province> = PROVINCES
            .iter()
            .map(|&(bare, city)| Province {
                code: ascii_code(bare),
                bare: bare.to_owned(),
                place: format!("{} {bare}", if city { "thành phố" } else { "tỉnh" }),
            })
            .collect();
        let districts = district_counts(&mut rng, provinces.len(), total);
        let mut taken: HashSet<String> = provinces.iter().map(|p| key(&p.bare)).collect();
        let mut offices = Vec::with_capacity(total);
        for (p, province) in provinces.iter().enumerate() {
            offices.push(Office {
                code: format!("{}-CUC", province.code),
                province: p,
                area: format!("Cục THADS {}", province.place),
                department: true,
                index: offices.len(),
            });
            let city = PROVINCES[p].1;
            for _ in 0..districts[p] {
                let bare = fresh_name(&mut rng, &mut taken);
                let kind = area_kind(&mut rng, city);
                offices.push(Office {
                    code: format!("{}-{}", province.code, ascii_code(&bare)),
                    province: p,
                    area: format!("{kind} {bare}"),
                    department: false,
                    index: offices.len(),
                });
            }
        }
        Self { provinces, offices }
    }

    /// `units.csv`: the nation, the provinces and the offices, with the spellings offices use.
    pub fn units_csv(&self) -> String {
        let mut csv = String::from("code,name,parent,level,aliases\n");
        let _ = writeln!(csv, "{NATION},Việt Nam,,nation,");
        for p in &self.provinces {
            let _ = writeln!(csv, "{},{},{NATION},province,{}", p.code, p.name(), p.bare);
        }
        for o in &self.offices {
            let province = &self.provinces[o.province];
            let aliases = if o.department {
                format!("Cục THADS {}", province.place)
            } else {
                aliases(&o.area)
            };
            let _ = writeln!(
                csv,
                "{},{},{},office,{aliases}",
                o.code,
                o.name(self),
                province.code
            );
        }
        csv
    }

    /// `targets.csv` for these enforcement years: the nation's targets every year, and every
    /// third province its own.
    pub fn targets_csv(&self, years: &[i32]) -> String {
        let mut csv = String::from("year,unit,measure,rate\n");
        for &year in years {
            let _ = writeln!(csv, "{year},{NATION},cases,80");
            let _ = writeln!(csv, "{year},{NATION},money,38");
            for (i, p) in self.provinces.iter().enumerate().step_by(3) {
                let cases = 70 + (i + year as usize) % 20;
                let _ = writeln!(csv, "{year},{},cases,{cases}", p.code);
            }
        }
        csv
    }

    /// The values an office reports for the months 1..=12 of an enforcement year, each month
    /// consistent with the one before; money amounts suit the office's money unit.
    pub fn year_values(&self, office: &Office, year: i32, months: u8) -> Vec<Values> {
        Values::series(
            seed(office, year),
            Habits::of(office.index).money.step(),
            months,
        )
    }

    /// The workbook an office sends for a period, laid out the office's way.
    pub fn workbook(&self, office: &Office, period: Period, values: Values) -> WorkbookSpec {
        let province = &self.provinces[office.province];
        let spec = WorkbookSpec::new(
            &office.area,
            &province.place,
            period,
            seed(office, period.year()),
        );
        let spec = Habits::of(office.index).apply(spec, period);
        let spec = if office.department {
            spec.unit_name(&office.area)
        } else {
            spec
        };
        spec.with_values(values)
    }
}

/// What the importer makes of an office's workbook: both forms, every leaf, as stored.
pub fn checked_workbook(office: &Office, period: Period, values: &Values) -> CheckedWorkbook {
    let report = |form: Form, sheet: &str| CheckedReport {
        form,
        sheet: sheet.to_owned(),
        columns: Vec::new(),
        rows: values
            .form(form)
            .leaves()
            .map(|(code, outcome)| ReportRow {
                case_type: code.to_owned(),
                label: String::new(),
                row: 0,
                values: *outcome,
            })
            .collect(),
    };
    CheckedWorkbook {
        unit: office.code.clone(),
        period,
        reports: vec![report(Form::Cases, "01-TK"), report(Form::Money, "02-TK")],
    }
}

/// The seed of an office's values for a year.
fn seed(office: &Office, year: i32) -> u64 {
    (office.index as u64 + 1) * 1_000_003 + u64::from(year.unsigned_abs())
}

/// How many district offices each province has: 5 to 25, adding up to `total` less the
/// departments (`total` must lie between 6 and 26 offices per province).
fn district_counts(rng: &mut Rng, provinces: usize, total: usize) -> Vec<usize> {
    let wanted = total.saturating_sub(provinces);
    let mut counts: Vec<usize> = (0..provinces)
        .map(|_| usize::try_from(rng.between(6, 16)).unwrap_or(10))
        .collect();
    let last = i64::try_from(provinces).unwrap_or(1) - 1;
    // Bounded: each step moves the sum by one towards `wanted` or picks another province.
    for _ in 0..1_000_000 {
        let sum: usize = counts.iter().sum();
        let i = usize::try_from(rng.upto(last)).unwrap_or(0);
        if sum > wanted && counts[i] > 5 {
            counts[i] -= 1;
        } else if sum < wanted && counts[i] < 25 {
            counts[i] += 1;
        } else if sum == wanted {
            break;
        }
    }
    counts
}

/// A two-syllable name not used yet anywhere (compared by the importer's keys, so that no two
/// offices, and no office and province, can be confused).
fn fresh_name(rng: &mut Rng, taken: &mut HashSet<String>) -> String {
    loop {
        let a = SYLLABLES[usize::try_from(rng.upto(39)).unwrap_or(0)];
        let b = SYLLABLES[usize::try_from(rng.upto(39)).unwrap_or(1)];
        if a == b {
            continue;
        }
        let name = format!("{a} {b}");
        if taken.insert(key(&name)) {
            return name;
        }
    }
}

/// The kind of a district area: cities have mostly quận, provinces mostly huyện.
fn area_kind(rng: &mut Rng, city: bool) -> &'static str {
    let roll = rng.upto(99);
    match (city, roll) {
        (true, 0..=59) => "quận",
        (true, 60..=79) | (false, 0..=79) => "huyện",
        (_, 80..=89) => "thị xã",
        _ => "thành phố",
    }
}

/// The aliases of a district office: its area, and the usual short form.
fn aliases(area: &str) -> String {
    for (kind, short) in [("thị xã ", "TX "), ("thành phố ", "TP "), ("quận ", "Q ")] {
        if let Some(rest) = area.strip_prefix(kind) {
            return format!("{area}|{short}{rest}");
        }
    }
    area.to_owned()
}

/// An ASCII code of a name: without marks or spaces, upper case (`Đắk Lắk` → `DAKLAK`).
pub fn ascii_code(name: &str) -> String {
    name.nfd()
        .filter_map(|c| match c {
            'đ' | 'Đ' => Some('D'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_uppercase()),
            _ => None,
        })
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How one office lays out its workbooks. Offices differ, each keeps its habits, and between
/// them every variant of the format occurs, mixed with the others.
#[derive(Debug, Clone, Copy)]
pub struct Habits {
    /// The money unit of its money form.
    pub money: MoneyUnit,
    index: usize,
}

impl Habits {
    /// The habits of the office at `index`.
    pub fn of(index: usize) -> Self {
        let money = match index % 7 {
            3 => MoneyUnit::Dong,
            5 => MoneyUnit::Million,
            _ => MoneyUnit::Thousand,
        };
        Self { money, index }
    }

    /// The spec laid out this office's way for `period`.
    pub fn apply(&self, spec: WorkbookSpec, period: Period) -> WorkbookSpec {
        let i = self.index;
        let month = usize::from(period.months());
        let period_style = if period.months() == 12 && i % 5 == 1 {
            PeriodStyle::Year
        } else if (i + month).is_multiple_of(3) {
            PeriodStyle::Dates
        } else {
            PeriodStyle::Label
        };
        let spec = spec
            .money_unit(self.money)
            .period_style(period_style)
            .column_numbers(if i.is_multiple_of(2) {
                ColumnNumbers::Parenthesized
            } else {
                ColumnNumbers::Plain
            })
            .headings(match i % 3 {
                0 => Headings::Merged,
                1 => Headings::Unmerged,
                _ => Headings::SingleRow,
            })
            .blank_rows(match i % 4 {
                1 => BlankRows::BeforeGroups,
                2 => BlankRows::Between,
                _ => BlankRows::None,
            })
            .formulas(match i % 5 {
                2 => Formulas::All,
                4 => Formulas::Sums,
                _ => Formulas::None,
            })
            .numbers(match i % 6 {
                0 => NumberStyle::Mixed,
                1 => NumberStyle::DotsText,
                2 => NumberStyle::SpacesText,
                _ => NumberStyle::Numbers,
            })
            .zeros(match (i / 2) % 3 {
                0 => Zeros::Dash,
                1 => Zeros::Number,
                _ => Zeros::Blank,
            })
            .rate_style(if (i / 3).is_multiple_of(2) {
                RateStyle::Number
            } else {
                RateStyle::Text
            })
            .unit_spelling(match i % 5 {
                0 => UnitSpelling::Short,
                1 => UnitSpelling::Full,
                2 => UnitSpelling::Abbreviated,
                3 => UnitSpelling::Upper,
                _ => UnitSpelling::Area,
            })
            .nfd(i % 11 == 7)
            .header_col(if i % 13 == 6 { 1 } else { 0 });
        let spec = if i % 8 == 2 {
            spec.receiving(None)
        } else {
            spec
        };
        let mut sheets = if i % 4 == 3 {
            vec![
                SheetSpec::form(Form::Money, "Tien"),
                SheetSpec::form(Form::Cases, "Viec"),
            ]
        } else {
            vec![
                SheetSpec::form(Form::Cases, "01-TK"),
                SheetSpec::form(Form::Money, "02-TK"),
            ]
        };
        if i % 9 == 5 {
            sheets.insert(0, SheetSpec::notes("Ghi chú"));
        }
        if i % 10 == 8 {
            sheets.push(SheetSpec::empty("Sheet3"));
        }
        spec.sheets(sheets)
    }
}

/// Runs the async body of a benchmark tool on a multi-threaded runtime and turns its outcome
/// into the exit code, printing an error after the tool's name.
pub fn block_on(
    tool: &str,
    body: impl std::future::Future<Output = Result<(), String>>,
) -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{tool}: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(body) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{tool}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_national_registry_has_unique_codes_and_names() {
        let r = Registry::national();
        assert_eq!(r.provinces.len(), 63);
        assert_eq!(r.offices.len(), NATIONAL_OFFICES);
        let codes: HashSet<&str> = r.offices.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes.len(), r.offices.len());
        let names: HashSet<String> = r.offices.iter().map(|o| key(&o.name(&r))).collect();
        assert_eq!(names.len(), r.offices.len());
        let csv = r.units_csv();
        assert_eq!(csv.lines().count(), 1 + 1 + 63 + NATIONAL_OFFICES);
        assert!(csv.lines().all(|l| l.split(',').count() == 5), "{csv}");
        for kind in ["huyện ", "quận ", "thị xã ", "thành phố "] {
            assert!(r.offices.iter().any(|o| o.area.starts_with(kind)), "{kind}");
        }
        assert_eq!(ascii_code("Đắk Lắk"), "DAKLAK");
    }
}
