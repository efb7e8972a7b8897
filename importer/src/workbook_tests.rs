//! `check_workbook` on the real example workbooks, on copies of them with one thing changed,
//! and on hostile files.

use crate::{CheckContext, WorkbookCheck, check_workbook, limits};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::{Cursor, Write};
use std::time::{Duration, Instant};
use thads_domain::{Field, Form, Period, Problem, ProblemCode, UnitLevel, UnitRecord, Validity};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/real/");

fn example(name: &str) -> Vec<u8> {
    std::fs::read(format!("{EXAMPLES}{name}")).unwrap()
}

/// The registry of the examples (units.csv), plus a second province with a "huyện Tân Trụ" of
/// its own to make the bare name ambiguous.
fn units() -> Vec<UnitRecord> {
    let csv = String::from_utf8(example("units.csv")).unwrap();
    let mut units: Vec<UnitRecord> = csv
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            UnitRecord {
                code: f[0].to_owned(),
                name: f[1].to_owned(),
                parent: Some(f[2]).filter(|p| !p.is_empty()).map(str::to_owned),
                level: f[3].parse().unwrap(),
                aliases: f[4]
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect(),
                validity: Validity::default(),
            }
        })
        .collect();
    units.push(UnitRecord {
        code: "XX".to_owned(),
        name: "Tỉnh Xa Xôi".to_owned(),
        parent: None,
        level: UnitLevel::Province,
        aliases: vec![],
        validity: Validity::default(),
    });
    units.push(UnitRecord {
        code: "XX-TANTRU".to_owned(),
        name: "Chi cục Thi hành án dân sự huyện Tân Trụ".to_owned(),
        parent: Some("XX".to_owned()),
        level: UnitLevel::Office,
        aliases: vec![],
        validity: Validity::default(),
    });
    units
}

fn ctx() -> CheckContext {
    CheckContext::new(units())
}

fn check(name: &str, bytes: &[u8]) -> WorkbookCheck {
    check_workbook(name, bytes, &ctx())
}

fn errors(check: &WorkbookCheck) -> Vec<String> {
    check
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(Problem::to_string)
        .collect()
}

fn codes(check: &WorkbookCheck) -> Vec<ProblemCode> {
    check.problems.iter().map(|p| p.code).collect()
}

/// The cells of a workbook's sheets, to write copies of it with changes.
struct Sheet {
    name: String,
    cells: Vec<((u32, u32), Data)>,
    hidden: bool,
}

fn sheets_of(bytes: &[u8]) -> Vec<Sheet> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let (r0, c0) = range.start().unwrap();
            let cells = range
                .used_cells()
                .map(|(r, c, d)| ((r0 + r as u32, c0 + c as u32), d.clone()))
                .collect();
            Sheet {
                name,
                cells,
                hidden: false,
            }
        })
        .collect()
}

fn position(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = cell[letters.len()..].parse().unwrap();
    (row - 1, col)
}

impl Sheet {
    fn set(&mut self, cell: &str, value: Data) -> &mut Self {
        let pos = position(cell);
        self.cells.retain(|(p, _)| *p != pos);
        if value != Data::Empty {
            self.cells.push((pos, value));
        }
        self
    }

    fn text(&mut self, cell: &str, text: &str) -> &mut Self {
        self.set(cell, Data::String(text.to_owned()))
    }
}

fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).unwrap().set_hidden(sheet.hidden);
        for ((r, c), d) in &sheet.cells {
            let c = *c as u16;
            match d {
                Data::String(s) => ws.write_string(*r, c, s).map(|_| ()),
                Data::Float(f) => ws.write_number(*r, c, *f).map(|_| ()),
                Data::Int(i) => ws.write_number(*r, c, *i as f64).map(|_| ()),
                other => panic!("cannot write {other:?}"),
            }
            .unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The sheets as an .ods, one `table:table-row` per row, gaps as repeated empty cells and rows;
/// a text that is a `table:table-cell` element is written as is.
fn ods(sheets: &[Sheet]) -> Vec<u8> {
    let mut tables = String::new();
    for sheet in sheets {
        tables.push_str(&format!(
            "<table:table table:name=\"{}\">",
            xml_escape(&sheet.name)
        ));
        let mut cells = sheet.cells.clone();
        cells.sort_by_key(|(p, _)| *p);
        let mut row = 0;
        let mut i = 0;
        while i < cells.len() {
            let r = cells[i].0.0;
            if r > row {
                tables.push_str(&format!(
                    "<table:table-row table:number-rows-repeated=\"{}\"><table:table-cell/></table:table-row>",
                    r - row
                ));
            }
            tables.push_str("<table:table-row>");
            let mut col = 0;
            while i < cells.len() && cells[i].0.0 == r {
                let ((_, c), d) = &cells[i];
                if *c > col {
                    tables.push_str(&format!(
                        "<table:table-cell table:number-columns-repeated=\"{}\"/>",
                        c - col
                    ));
                }
                tables.push_str(&match d {
                    Data::String(s) if s.starts_with("<table:table-cell") => s.clone(),
                    Data::String(s) => format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                        xml_escape(s)
                    ),
                    Data::Float(f) => format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{f}\"><text:p>{f}</text:p></table:table-cell>"
                    ),
                    other => panic!("cannot write {other:?}"),
                });
                col = c + 1;
                i += 1;
            }
            tables.push_str("</table:table-row>");
            row = r + 1;
        }
        tables.push_str("</table:table>");
    }
    crate::odsguard::tests::ods(&tables)
}

fn tantru() -> Vec<Sheet> {
    sheets_of(&example("tantru-2020-09.xlsx"))
}

fn period(year: i64, months: i64) -> Period {
    Period::new(year, months).unwrap()
}

#[test]
fn tantru_is_read_exactly() {
    let check = check("tantru-2020-09.xlsx", &example("tantru-2020-09.xlsx"));
    assert_eq!(check.problems, vec![]);
    assert_eq!(check.unit.as_deref(), Some("LA-TANTRU"));
    assert_eq!(check.period, Some(period(2020, 9)));
    assert_eq!(check.forms, vec![Form::Cases, Form::Money]);
    let wb = check.workbook.unwrap();
    assert_eq!(wb.unit, "LA-TANTRU");
    assert_eq!(wb.period, period(2020, 9));
    let (cases, money) = (&wb.reports[0], &wb.reports[1]);
    assert_eq!((cases.form, cases.sheet.as_str()), (Form::Cases, "01-TK"));
    assert_eq!((money.form, money.sheet.as_str()), (Form::Money, "02-TK"));
    assert_eq!(cases.rows.len(), 16);
    let first = &cases.rows[0];
    assert_eq!(
        (first.case_type.as_str(), first.label.as_str(), first.row),
        ("active.criminal", "1. Hình sự", 13)
    );
    assert_eq!(first.values.get(Field::TotalAccepted), 137);
    assert_eq!(first.values.get(Field::Entrusted), 0);
    assert_eq!(first.values.get(Field::CarriedForward), 72);
    assert_eq!(cases.rows[8].case_type, "on_request.criminal");
    assert_eq!(cases.rows[8].row, 22);
    let total = |report: &thads_domain::CheckedReport, field| -> i64 {
        report.rows.iter().map(|r| r.values.get(field)).sum()
    };
    assert_eq!(total(cases, Field::TotalAccepted), 1155);
    assert_eq!(total(cases, Field::Completed), 470);
    assert_eq!(total(cases, Field::CarriedForward), 626);
    assert_eq!(total(money, Field::CarriedOver), 83_837_297_000);
    assert_eq!(total(money, Field::Enforceable), 70_000_000_000);
    assert_eq!(total(money, Field::Reduced), 1_013_039_000);
    assert_eq!(money.rows[0].values.get(Field::Reduced), 107_791_000);
    let place = |report: &thads_domain::CheckedReport, field| {
        let p = report.columns.iter().find(|p| p.field == field).unwrap();
        (p.index, p.number)
    };
    assert_eq!(cases.columns.len(), 15);
    assert_eq!(money.columns.len(), 16);
    assert_eq!(place(cases, Field::TotalAccepted), (1, 1));
    assert_eq!(place(cases, Field::CarriedForward), (16, 16));
    assert_eq!(place(money, Field::Reduced), (10, 10));
    assert_eq!(place(money, Field::CarriedForward), (17, 17));
}

#[test]
fn thuthua_xls_is_read_exactly() {
    let check = check("thuthua-2019-04.xls", &example("thuthua-2019-04.xls"));
    assert_eq!(check.problems, vec![]);
    assert_eq!(check.unit.as_deref(), Some("LA-THUTHUA"));
    assert_eq!(check.period, Some(period(2019, 4)));
    let wb = check.workbook.unwrap();
    let (cases, money) = (&wb.reports[0], &wb.reports[1]);
    assert_eq!(
        (cases.sheet.as_str(), money.sheet.as_str()),
        ("Viec", "Tien")
    );
    let sum = |r: &thads_domain::CheckedReport, f| -> i64 {
        r.rows.iter().map(|x| x.values.get(f)).sum()
    };
    assert_eq!(sum(money, Field::TotalAccepted), 134_884_166_000);
    assert_eq!(sum(money, Field::CarriedForward), 129_100_525_000);
    assert_eq!(sum(cases, Field::TotalAccepted), 1184);
    assert_eq!(money.rows[3].label, "4. Kinh doanh, thương mại");
    assert_eq!(money.rows[8].row, 23);
}

#[test]
fn the_same_workbook_as_ods_reads_the_same() {
    let xlsx = check("a.xlsx", &example("tantru-2020-09.xlsx"));
    let ods = check("a.ods", &ods(&tantru()));
    assert_eq!(ods.problems, vec![]);
    assert_eq!(ods.workbook, xlsx.workbook);
}

#[test]
fn a_stray_text_is_named_with_its_place() {
    let mut sheets = tantru();
    sheets[0].text("I15", "abc");
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(check.workbook, None);
    assert_eq!(check.unit.as_deref(), Some("LA-TANTRU"));
    assert_eq!(check.forms, vec![Form::Cases, Form::Money]);
    assert_eq!(
        errors(&check),
        vec![
            "01-TK › I15 (row \"2. Dân sự\", column 8 \"Thi hành xong\"): expected a number, found \"abc\""
        ]
    );
}

#[test]
fn bad_values_are_each_reported() {
    let mut sheets = tantru();
    sheets[0]
        .set("B14", Data::Float(-137.0))
        .text("C14", "#REF!")
        .set("D14", Data::Float(70.5))
        .text("E15", "1.5");
    sheets[1].text("I14", "2.371.408,1234");
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        codes(&check),
        vec![
            ProblemCode::Negative,
            ProblemCode::ErrorValue,
            ProblemCode::NotWhole,
            ProblemCode::NotANumber,
            ProblemCode::NotWhole
        ]
    );
    assert!(
        check.problems[4]
            .message(thads_domain::Lang::En)
            .contains("whole number of đồng")
    );
    assert_eq!(check.problems[4].cell.as_deref(), Some("I14"));
}

#[test]
fn money_text_is_scaled_exactly() {
    let mut sheets = tantru();
    // 2 371 408,123 thousand đồng is 2 371 408 123 đồng; the row's identities then break.
    sheets[1].text("I14", "2.371.408,123");
    let check = check("t.xlsx", &xlsx(&sheets));
    let identity = check
        .problems
        .iter()
        .find(|p| p.code == ProblemCode::Identity)
        .unwrap();
    assert_eq!(identity.cell.as_deref(), Some("H14"));
    assert!(
        identity
            .message(thads_domain::Lang::En)
            .contains("found 7342513, expected 7342513.123"),
        "{}",
        identity.message(thads_domain::Lang::En)
    );
}

#[test]
fn broken_identities_and_sums_blame_their_cells() {
    let mut sheets = tantru();
    sheets[0].set("C14", Data::Float(68.0));
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        errors(&check),
        vec![
            "01-TK › C13 (row \"I- CHỦ ĐỘNG\", column 2 \"Năm trước chuyển sang\"): found 353, but the 8 rows it totals add up to 354",
            "01-TK › B14 (row \"1. Hình sự\", column 1 \"Tổng số thụ lý\"): breaks total_accepted = carried_over + newly_accepted: found 137, expected 138",
        ]
    );
}

#[test]
fn a_wrong_rate_is_an_error_and_a_missing_one_a_warning() {
    let mut sheets = tantru();
    sheets[0]
        .set("P14", Data::Float(67.5))
        .set("P15", Data::Empty)
        .text("P16", "64,79");
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        codes(&check),
        vec![ProblemCode::Rate, ProblemCode::RateMissing]
    );
    assert_eq!(
        check.problems[0].message(thads_domain::Lang::En),
        "the rate should be 67.01, found 67.5"
    );
    assert_eq!(
        check.problems[1].message(thads_domain::Lang::En),
        "the rate is not written (it is 74.68)"
    );
    sheets[0].set("P14", Data::Float(0.6701));
    let check = self::check("t.xlsx", &xlsx(&sheets));
    assert_eq!(codes(&check), vec![ProblemCode::RateMissing]);
    assert!(
        check.workbook.is_some(),
        "a warning alone does not refuse the file"
    );
}

#[test]
fn shifted_column_numbers_are_caught_by_the_headings() {
    let mut sheets = tantru();
    // Columns I and J swap their numbers: the headings say otherwise.
    sheets[0].text("I11", "(9)").text("J11", "(8)");
    let check = check("t.xlsx", &xlsx(&sheets));
    let mismatches: Vec<&Problem> = check
        .problems
        .iter()
        .filter(|p| p.code == ProblemCode::HeadingMismatch)
        .collect();
    assert_eq!(mismatches.len(), 2);
    assert_eq!(mismatches[0].cell.as_deref(), Some("I10"));
    assert!(
        mismatches[0]
            .message(thads_domain::Lang::En)
            .contains("column 9 should be \"Đình chỉ thi hành án\"")
    );
}

#[test]
fn missing_numbers_rows_and_labels_are_reported() {
    let mut sheets = tantru();
    sheets[0]
        .set("Q11", Data::Empty)
        .set("A18", Data::Empty)
        .text("A19", "6. Hành chánh");
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        errors(&check),
        vec![
            "01-TK › the row \"Lao động\" under \"Chủ động\" (active.labour) is missing",
            "01-TK › the row \"Hành chính\" under \"Chủ động\" (active.administrative) is missing",
            "01-TK › A11: the column-number row has no column 16 \"Chuyển kỳ sau\"",
            "01-TK › A18: this row has numbers but no label",
            "01-TK › A19: unknown row \"6. Hành chánh\": expected one of \"Tổng số\", \"Chủ động\", \"Hình sự\", \"Dân sự\", \"Hôn nhân và gia đình\", \"Kinh doanh, thương mại\", \"Lao động\", \"Hành chính\", \"Phá sản\", \"Khác\", \"Theo yêu cầu\"",
        ]
    );
}

#[test]
fn rows_and_sheets_may_sit_anywhere() {
    let mut sheets = tantru();
    // The money sheet first, renamed; the cases table moved one column right and two rows down.
    let mut cases = Sheet {
        name: "Báo cáo việc".to_owned(),
        cells: sheets[0]
            .cells
            .iter()
            .map(|((r, c), d)| ((r + 2, c + 1), d.clone()))
            .collect(),
        hidden: false,
    };
    cases.text("A1", "ghi chú");
    sheets.swap(0, 1);
    sheets[1] = cases;
    sheets.push(Sheet {
        name: "Notes".to_owned(),
        cells: vec![((0, 0), Data::String("Nothing here".to_owned()))],
        hidden: false,
    });
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(check.problems, vec![]);
    let wb = check.workbook.unwrap();
    assert_eq!(wb.reports[0].sheet, "Báo cáo việc");
    assert_eq!(wb.reports[0].rows[0].row, 15);
    assert_eq!(wb.reports[0].columns[0].index, 2);
}

#[test]
fn units_are_resolved_or_named_as_unknown_or_ambiguous() {
    let mut sheets = tantru();
    let decomposed: String = unicode_normalization::UnicodeNormalization::nfd(
        "Đơn vị báo cáo: CHI CỤC THADS H. TÂN TRỤ",
    )
    .collect();
    sheets[0].text("A6", &decomposed);
    sheets[1].text("A6", "Đơn vị báo cáo: Chi cục THADS huyện Tân Trụ");
    assert_eq!(
        check("t.xlsx", &xlsx(&sheets)).workbook.unwrap().unit,
        "LA-TANTRU"
    );
    sheets[0]
        .text("A1", "CỤC THI HÀNH ÁN DÂN SỰ")
        .set("L6", Data::Empty);
    sheets[1].set("A1", Data::Empty).set("M6", Data::Empty);
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(check.unit, None);
    let message = &check.problems[0].message(thads_domain::Lang::En);
    assert!(
        message.contains(
            "Chi cục Thi hành án dân sự huyện Tân Trụ (LA-TANTRU), Chi cục Thi hành án dân sự \
             huyện Tân Trụ (XX-TANTRU)"
        ),
        "{message}"
    );
    assert_eq!(check.problems[0].cell.as_deref(), Some("A6"));
    let mut sheets = tantru();
    sheets[0].text("A6", "Đơn vị báo cáo: Chi cục THADS huyện Không Có");
    let check = self::check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        errors(&check),
        vec![
            "01-TK › A6: unknown reporting unit \"Chi cục THADS huyện Không Có\": no office of the registry has this name or alias"
        ]
    );
    assert_eq!(
        check.unit.as_deref(),
        Some("LA-TANTRU"),
        "the money sheet still names it"
    );
}

#[test]
fn forms_must_agree_and_appear_once() {
    let mut sheets = tantru();
    sheets[1].text("A5", "Kỳ báo cáo: 6 tháng năm 2020");
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        errors(&check),
        vec![
            "02-TK › A5: the period here is 6 tháng năm 2020, but 9 tháng năm 2020 on sheet \"01-TK\" (A5): one workbook holds one unit's report for one period"
        ]
    );
    assert_eq!(check.period, Some(period(2020, 9)));
    let mut sheets = tantru();
    let copy = Sheet {
        name: "Copy".to_owned(),
        cells: sheets[0].cells.clone(),
        hidden: false,
    };
    sheets.push(copy);
    let check = self::check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        errors(&check),
        vec!["Copy › a second Mẫu 01/TK-THA sheet: \"01-TK\" already holds this form"]
    );
}

#[test]
fn header_problems() {
    let mut sheets = tantru();
    sheets[0].text("A5", "(Từ ngày 01/9/2019 đến ngày 30/6/2020)");
    sheets[1].set("O7", Data::Empty);
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        codes(&check),
        vec![ProblemCode::BadPeriod, ProblemCode::NoMoneyUnit]
    );
    assert!(
        check.problems[0]
            .message(thads_domain::Lang::En)
            .contains("starts on 1 October")
    );
    let mut sheets = tantru();
    sheets[1].text("O7", "ĐVT: triệu đồng");
    sheets[0]
        .set("A5", Data::Empty)
        .text("C3", "Kỳ báo cáo:")
        .text("D3", "Năm 2020");
    let check = self::check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        errors(&check),
        vec![
            "02-TK › A5: the period here is 9 tháng năm 2020, but 12 tháng năm 2020 on sheet \"01-TK\" (D3): one workbook holds one unit's report for one period"
        ]
    );
}

#[test]
fn a_workbook_without_forms_says_what_was_looked_for() {
    let sheets = vec![Sheet {
        name: "Sheet1".to_owned(),
        cells: vec![((0, 0), Data::String("Báo cáo tháng".to_owned()))],
        hidden: false,
    }];
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(
        errors(&check),
        vec![
            "no form sheet found: looked for a sheet whose header names Mẫu số 01/TK-THA (\"01/TK-THA\" or \"Tính bằng việc\"), Mẫu số 02/TK-THA (\"02/TK-THA\" or \"Tính bằng tiền\")"
        ]
    );
}

#[test]
fn a_formula_without_a_saved_result_asks_to_save_the_file() {
    let mut sheets = tantru();
    sheets[0].text("K14", r#"<table:table-cell table:formula="of:=[.I14]+1"/>"#);
    let check = check("t.ods", &ods(&sheets));
    assert_eq!(
        errors(&check),
        vec![
            "01-TK › K14 (row \"1. Hình sự\", column 10 \"Đang thi hành\"): the formula's result was never saved: open the file in a spreadsheet program and save it again"
        ]
    );
}

fn unzip(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name(name).unwrap(), &mut out).unwrap();
    out
}

/// A copy of a zip archive with one part replaced.
fn rezip(bytes: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let file_name = file.name().unwrap().into_owned();
        let options =
            zip::write::SimpleFileOptions::default().compression_method(file.compression());
        out.start_file(file_name.as_str(), options).unwrap();
        if file_name == name {
            out.write_all(content).unwrap();
        } else {
            std::io::copy(&mut file, &mut out).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

/// Checks a hostile file, which must be refused with `code` quickly.
fn refused_fast(name: &str, bytes: &[u8], code: ProblemCode) -> Problem {
    let start = Instant::now();
    let check = check(name, bytes);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(check.problems.len(), 1, "{:?}", check.problems);
    let problem = check.problems[0].clone();
    assert_eq!(problem.code, code, "{problem}");
    problem
}

/// A zip archive holding a workbook part and `size` bytes of spaces.
fn padded_zip(size: u64) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    out.start_file("xl/workbook.xml", options).unwrap();
    out.write_all(b"<workbook/>").unwrap();
    out.start_file("xl/sharedStrings.xml", options).unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..size >> 20 {
        out.write_all(&spaces).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_refused_from_its_directory() {
    let bomb = padded_zip(2 << 20);
    let problem = refused_fast("bomb.xlsx", &bomb, ProblemCode::TooLarge);
    assert!(
        problem
            .message(thads_domain::Lang::En)
            .contains("compressed"),
        "{problem}"
    );
    let large = padded_zip(limits::MAX_UNPACKED_BYTES + (1 << 20));
    assert!(large.len() < 1 << 20, "{}", large.len());
    let problem = refused_fast("large.xlsx", &large, ProblemCode::TooLarge);
    assert_eq!(
        problem.message(thads_domain::Lang::En),
        "the workbook unpacks to more than 50 MB"
    );
}

#[test]
fn a_huge_shared_string_table_is_refused() {
    let bytes = xlsx(&tantru());
    let strings = String::from_utf8(unzip(&bytes, "xl/sharedStrings.xml")).unwrap();
    let start = strings.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
    let end = start + strings[start..].find('"').unwrap();
    let strings = format!("{}100000000000{}", &strings[..start], &strings[end..]);
    let bytes = rezip(&bytes, "xl/sharedStrings.xml", strings.as_bytes());
    refused_fast("t.xlsx", &bytes, ProblemCode::TooLarge);
}

#[test]
fn a_million_rows_are_refused() {
    let mut sheets = tantru();
    sheets[0].text("A1000000", "x");
    let problem = refused_fast("t.xlsx", &xlsx(&sheets), ProblemCode::TooLarge);
    assert_eq!(
        problem.to_string(),
        "01-TK › A1000000: the sheet has a value beyond the 5000 rows a report may use"
    );
    let ods = crate::odsguard::tests::ods(
        r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
    );
    refused_fast("t.ods", &ods, ProblemCode::TooLarge);
}

#[test]
fn an_xls_declaring_billions_of_rows_is_refused() {
    let mut bytes = example("thuthua-2019-04.xls");
    let at = bytes
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .unwrap();
    bytes[at + 8..at + 12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    refused_fast("t.xls", &bytes, ProblemCode::TooLarge);
}

#[test]
fn other_files_are_refused_with_one_clear_error() {
    let problem = refused_fast(
        "a.xlsx",
        b"not a workbook at all",
        ProblemCode::NotASpreadsheet,
    );
    assert!(
        problem
            .message(thads_domain::Lang::En)
            .starts_with("not a spreadsheet: ")
    );
    let mut truncated = example("tantru-2020-09.xlsx");
    truncated.truncate(truncated.len() / 2);
    let problem = refused_fast("a.xlsx", &truncated, ProblemCode::Damaged);
    assert!(
        problem
            .message(thads_domain::Lang::En)
            .starts_with("damaged: ")
    );
}

#[test]
fn a_misnamed_file_is_read_with_a_warning() {
    let check = check("thuthua.xlsx", &example("thuthua-2019-04.xls"));
    assert_eq!(codes(&check), vec![ProblemCode::Misnamed]);
    assert!(check.workbook.is_some());
}

#[test]
fn hidden_copies_and_instruction_sheets_are_passed_over() {
    let mut sheets = tantru();
    let mut old = Sheet {
        name: "Tháng trước".to_owned(),
        cells: sheets[0].cells.clone(),
        hidden: true,
    };
    old.text("A5", "Kỳ báo cáo: 8 tháng năm 2020");
    sheets.push(old);
    sheets.insert(
        0,
        Sheet {
            name: "Hướng dẫn".to_owned(),
            cells: vec![(
                (0, 0),
                Data::String("Nhập số liệu vào Mẫu số 01/TK-THA và Mẫu số 02/TK-THA".to_owned()),
            )],
            hidden: false,
        },
    );
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(check.problems, vec![]);
    assert_eq!(check.workbook.unwrap().reports[0].sheet, "01-TK");
}

#[test]
fn a_unit_line_that_also_names_the_recipient() {
    let mut sheets = tantru();
    sheets[0]
        .text("A6", "Đơn vị báo cáo: Chi cục THADS huyện Tân Trụ        Đơn vị nhận báo cáo: Cục THADS tỉnh Long An")
        .set("L6", Data::Empty);
    let check = check("t.xlsx", &xlsx(&sheets));
    assert_eq!(check.problems, vec![]);
}

#[test]
fn an_xlsx_formula_without_a_saved_result() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for ((r, c), d) in &tantru()[0].cells {
        match d {
            Data::String(s) => ws.write_string(*r, *c as u16, s).map(|_| ()),
            Data::Float(f) => ws.write_number(*r, *c as u16, *f).map(|_| ()),
            _ => unreachable!(),
        }
        .unwrap();
    }
    ws.write_formula(13, 10, "=I14-37").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let sheet = String::from_utf8(unzip(&bytes, "xl/worksheets/sheet1.xml")).unwrap();
    let formula = sheet.find("<f>I14-37</f>").unwrap();
    let value = formula + sheet[formula..].find("<v>").unwrap();
    let end = value + sheet[value..].find("</v>").unwrap() + "</v>".len();
    let sheet = format!("{}{}", &sheet[..value], &sheet[end..]);
    let bytes = rezip(&bytes, "xl/worksheets/sheet1.xml", sheet.as_bytes());
    let check = check("t.xlsx", &bytes);
    assert_eq!(codes(&check), vec![ProblemCode::FormulaWithoutValue]);
    assert_eq!(check.problems[0].cell.as_deref(), Some("K14"));
}

#[test]
fn another_version_of_a_form_is_a_template_file() {
    // A version of the cases form that prints the rate last: column 15 is "Chuyển kỳ sau",
    // column 16 "Tỷ lệ (%)".
    let default = include_str!("../templates/mau-01-tk-tha.toml");
    let version = default
        .replace(
            "name = \"Mẫu số 01/TK-THA\"",
            "name = \"Mẫu số 01/TK-THA (rate last)\"",
        )
        .replace(
            "number = 15\nfield = \"rate\"",
            "number = 16\nfield = \"rate\"",
        )
        .replace(
            "number = 16\nfield = \"carried_forward\"",
            "number = 15\nfield = \"carried_forward\"",
        );
    let mut templates = crate::Template::defaults().unwrap();
    templates.push(crate::Template::from_toml(&version).unwrap());
    let ctx = CheckContext::with_templates(units(), templates);
    let mut sheets = tantru();
    assert_eq!(
        check_workbook("t.xlsx", &xlsx(&sheets), &ctx).problems,
        vec![]
    );
    sheets[0].text("P11", "(16)").text("Q11", "(15)");
    let check = check_workbook("t.xlsx", &xlsx(&sheets), &ctx);
    assert_eq!(check.problems, vec![]);
    let cases = &check.workbook.unwrap().reports[0];
    let carried = cases
        .columns
        .iter()
        .find(|p| p.field == Field::CarriedForward)
        .unwrap();
    assert_eq!((carried.index, carried.number), (16, 15));
}

#[test]
fn an_xlsb_record_longer_than_its_part_is_refused() {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file("xl/workbook.bin", zip::write::SimpleFileOptions::default())
        .unwrap();
    // BrtBeginBook (type 0x83 as two bytes) claiming 2^28 - 1 bytes.
    out.write_all(&[0x83, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0x00])
        .unwrap();
    let bytes = out.finish().unwrap().into_inner();
    let problem = refused_fast("t.xlsb", &bytes, ProblemCode::Damaged);
    assert_eq!(
        problem.message(thads_domain::Lang::En),
        "damaged: a record of xl/workbook.bin runs past its end"
    );
}
