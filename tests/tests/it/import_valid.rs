//! Valid workbooks in every layout offices send, the two real examples and the files written
//! by LibreOffice: each is imported, and what is stored equals what was written.

use crate::import_support::{
    fixture, import, import_one, load_units, reports, stored, stored_differences, warnings, write,
};
use thads_domain::{Field, Form, Outcome, Period};
use thads_tests::db::each_backend;
use thads_tests::fixtures::{
    BlankRows, ColumnNumbers, Formulas, Headings, LONG_AN_OFFICES, MoneyUnit, NumberStyle,
    PeriodStyle, RateStyle, SheetSpec, UnitSpelling, Values, WorkbookSpec, Zeros, foreign_files,
};

/// Every valid variant, each for its own office and period so that all of them can sit in one
/// database: (name, unit code, spec).
fn variants() -> Vec<(&'static str, &'static str, WorkbookSpec)> {
    type Tweak = fn(WorkbookSpec) -> WorkbookSpec;
    let tweaks: Vec<(&str, u8, Tweak)> = vec![
        ("as tantru-2020-09.xlsx", 9, |s| s),
        ("period as dates", 4, |s| s.period_style(PeriodStyle::Dates)),
        ("whole year as `năm 2020`", 12, |s| {
            s.period_style(PeriodStyle::Year)
        }),
        ("whole year as `12 tháng`", 12, |s| s),
        ("column numbers as numbers", 2, |s| {
            s.column_numbers(ColumnNumbers::Plain)
        }),
        ("headings not merged", 3, |s| s.headings(Headings::Unmerged)),
        ("one heading row", 5, |s| s.headings(Headings::SingleRow)),
        ("blank row before each group", 6, |s| {
            s.blank_rows(BlankRows::BeforeGroups)
        }),
        ("blank row after every row", 7, |s| {
            s.blank_rows(BlankRows::Between)
        }),
        ("group and total rows as formulas", 8, |s| {
            s.formulas(Formulas::Sums)
        }),
        ("every derived cell a formula", 10, |s| {
            s.formulas(Formulas::All)
        }),
        ("numbers as dotted text", 11, |s| {
            s.numbers(NumberStyle::DotsText)
        }),
        ("numbers as spaced text", 1, |s| {
            s.numbers(NumberStyle::SpacesText)
        }),
        ("numbers mixed", 2, |s| s.numbers(NumberStyle::Mixed)),
        ("money in đồng", 3, |s| s.money_unit(MoneyUnit::Dong)),
        ("money in triệu đồng, as numbers", 4, |s| {
            s.money_unit(MoneyUnit::Million)
        }),
        ("money in triệu đồng, `1,5` texts", 5, |s| {
            s.money_unit(MoneyUnit::Million)
                .numbers(NumberStyle::DotsText)
        }),
        ("zeros as 0", 6, |s| s.zeros(Zeros::Number)),
        ("zeros as empty cells", 7, |s| s.zeros(Zeros::Blank)),
        ("rate as `7,49` text", 8, |s| s.rate_style(RateStyle::Text)),
        ("money sheet first, named Tien and Viec", 9, |s| {
            s.sheets(vec![
                SheetSpec::form(Form::Money, "Tien"),
                SheetSpec::form(Form::Cases, "Viec"),
            ])
        }),
        ("cases only, in Sheet1", 10, |s| {
            s.only(Form::Cases, "Sheet1")
        }),
        ("money only", 11, |s| s.only(Form::Money, "02-TK")),
        ("a notes sheet first", 1, |s| {
            s.sheets(vec![
                SheetSpec::notes("Ghi chú"),
                SheetSpec::empty("Sheet3"),
                SheetSpec::form(Form::Cases, "01-TK"),
                SheetSpec::form(Form::Money, "02-TK"),
            ])
        }),
        ("decomposed Unicode", 2, |s| s.nfd(true)),
        ("unit spelled in full", 3, |s| {
            s.unit_spelling(UnitSpelling::Full)
        }),
        ("unit abbreviated", 4, |s| {
            s.unit_spelling(UnitSpelling::Abbreviated)
        }),
        ("unit in upper case", 5, |s| {
            s.unit_spelling(UnitSpelling::Upper)
        }),
        ("unit as the area only", 6, |s| {
            s.unit_spelling(UnitSpelling::Area)
        }),
        ("header lines from column C", 7, |s| s.header_col(2)),
        ("no form code, title only", 8, |s| s.form_code(false)),
        ("no title, form code only", 9, |s| s.title(false)),
        ("everything at once", 10, |s| {
            s.period_style(PeriodStyle::Dates)
                .column_numbers(ColumnNumbers::Plain)
                .headings(Headings::Unmerged)
                .blank_rows(BlankRows::BeforeGroups)
                .numbers(NumberStyle::Mixed)
                .money_unit(MoneyUnit::Dong)
                .rate_style(RateStyle::Text)
                .unit_spelling(UnitSpelling::Abbreviated)
                .nfd(true)
                .sheets(vec![
                    SheetSpec::notes("Ghi chú"),
                    SheetSpec::form(Form::Money, "Tien"),
                    SheetSpec::form(Form::Cases, "Viec"),
                ])
        }),
    ];
    let mut out = Vec::new();
    for (i, (name, months, tweak)) in tweaks.into_iter().enumerate() {
        let (code, area) = LONG_AN_OFFICES[i % LONG_AN_OFFICES.len()];
        // Each variant gets its own (office, year) pair: the office cycles, the year moves on
        // after every round of offices.
        let year = 2019 + (i / LONG_AN_OFFICES.len()) as i64;
        let period = Period::new(year, i64::from(months)).expect("a valid period");
        let spec = tweak(WorkbookSpec::new(
            area,
            "tỉnh Long An",
            period,
            1000 + i as u64,
        ));
        out.push((name, code, spec));
    }
    out
}

#[tokio::test]
async fn every_valid_variant_is_imported_with_the_values_written() {
    let variants = variants();
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<_> = variants
            .iter()
            .enumerate()
            .map(|(i, (_, _, spec))| write(dir.path(), &format!("variant-{i:02}.xlsx"), spec))
            .collect();
        let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
        let run = import(&t, &refs, &[]).await;
        let outcomes = run.outcomes();
        assert_eq!(outcomes.len(), variants.len(), "{run:#?}");
        let mut failures = Vec::new();
        for (i, (name, code, spec)) in variants.iter().enumerate() {
            let o = &outcomes[i];
            assert!(
                o["path"]
                    .as_str()
                    .unwrap_or("")
                    .ends_with(&format!("variant-{i:02}.xlsx")),
                "outcomes out of order: {o}"
            );
            let warnings = warnings(o);
            if !warnings.is_empty() {
                failures.push(format!("{name}: warnings {warnings:?}"));
            }
            if o["status"] != "imported" {
                failures.push(format!("{name}: {} {:#}", o["status"], o["problems"]));
                continue;
            }
            if o["unit"] != *code {
                failures.push(format!("{name}: unit {} instead of {code}", o["unit"]));
            }
            let (year, months) = (spec.period.year(), spec.period.months());
            if o["period"]["year"] != year || o["period"]["months"] != months {
                failures.push(format!(
                    "{name}: period {} instead of {}",
                    o["period"], spec.period
                ));
            }
            let forms: Vec<&str> = o["forms"]
                .as_array()
                .map(|fs| fs.iter().filter_map(|f| f["form"].as_str()).collect())
                .unwrap_or_default();
            let mut expected: Vec<String> = spec.forms().iter().map(Form::to_string).collect();
            expected.sort();
            let mut forms_sorted = forms.clone();
            forms_sorted.sort();
            if forms_sorted != expected {
                failures.push(format!("{name}: forms {forms:?} instead of {expected:?}"));
            }
            for d in stored_differences(&t, code, spec).await {
                failures.push(format!("{name}: {d}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} variants failed on {}:\n{}",
            failures.len(),
            variants.len(),
            t.backend(),
            failures.join("\n")
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        // The comparison can fail: other values for the same office and period differ.
        let (_, code, spec) = &variants[0];
        let other = spec
            .clone()
            .with_values(Values::generate(spec.seed + 1, 1_000));
        assert!(!stored_differences(&t, code, &other).await.is_empty());
    }
}

/// Row "1. Hình sự" of the cases form of tantru-2020-09.xlsx, as stored.
fn tantru_criminal() -> Outcome {
    use Field::*;
    Outcome::from_pairs([
        (TotalAccepted, 137),
        (CarriedOver, 67),
        (NewlyAccepted, 70),
        (ToEnforce, 137),
        (Enforceable, 97),
        (Completed, 59),
        (Dismissed, 6),
        (InProgress, 22),
        (Postponed, 5),
        (Suspended, 2),
        (Other, 3),
        (NotEnforceable, 40),
        (CarriedForward, 72),
    ])
}

#[tokio::test]
async fn the_real_examples_are_imported_then_unchanged() {
    let tantru = fixture("real/tantru-2020-09.xlsx");
    let thuthua = fixture("real/thuthua-2019-04.xls");
    for t in each_backend().await {
        load_units(&t).await;
        let run = import(&t, &[&tantru, &thuthua], &[]).await;
        let o = run.outcomes();
        assert_eq!(run.code, 0, "{run:#?}");
        assert_eq!(o.len(), 2);
        assert_eq!(
            (o[0]["status"].as_str(), o[0]["unit"].as_str()),
            (Some("imported"), Some("LA-TANTRU"))
        );
        assert_eq!(o[0]["period"]["label"], "9 tháng năm 2020");
        assert_eq!(
            (o[1]["status"].as_str(), o[1]["unit"].as_str()),
            (Some("imported"), Some("LA-THUTHUA"))
        );
        assert_eq!(
            (
                o[1]["period"]["year"].as_i64(),
                o[1]["period"]["months"].as_i64()
            ),
            (Some(2019), Some(4))
        );
        for outcome in &o {
            assert_eq!(
                warnings(outcome),
                Vec::<&serde_json::Value>::new(),
                "{outcome:#}"
            );
            let mut forms: Vec<(&str, &str)> = outcome["forms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["form"].as_str().unwrap(), f["status"].as_str().unwrap()))
                .collect();
            forms.sort();
            assert_eq!(forms, vec![("cases", "imported"), ("money", "imported")]);
        }

        // Spot checks against the cells of the files.
        let p2020 = Period::new(2020, 9).unwrap();
        let p2019 = Period::new(2019, 4).unwrap();
        let cases = stored(&t, "LA-TANTRU", p2020, Form::Cases).await.unwrap();
        assert_eq!(cases.len(), 16);
        let criminal = cases.iter().find(|(c, _)| c == "active.criminal").unwrap();
        assert_eq!(criminal.1, tantru_criminal());
        let money = stored(&t, "LA-TANTRU", p2020, Form::Money).await.unwrap();
        let criminal = &money
            .iter()
            .find(|(c, _)| c == "active.criminal")
            .unwrap()
            .1;
        // C14 holds 7221124 and K14 the text '107.791', in 1.000 đồng.
        assert_eq!(criminal.get(Field::CarriedOver), 7_221_124_000);
        assert_eq!(criminal.get(Field::Reduced), 107_791_000);
        let money = stored(&t, "LA-THUTHUA", p2019, Form::Money).await.unwrap();
        let criminal = &money
            .iter()
            .find(|(c, _)| c == "on_request.criminal")
            .unwrap()
            .1;
        // Row 24 of sheet Tien, in đồng.
        assert_eq!(criminal.get(Field::TotalAccepted), 8_676_472_000);
        assert_eq!(criminal.get(Field::Completed), 230_995_000);
        let cases = stored(&t, "LA-THUTHUA", p2019, Form::Cases).await.unwrap();
        let bankruptcy = &cases
            .iter()
            .find(|(c, _)| c == "active.bankruptcy")
            .unwrap()
            .1;
        assert_eq!(
            (bankruptcy.get(Field::Enforceable), bankruptcy.resolved()),
            (4, 0)
        );

        let before = reports(&t).await;
        assert_eq!(before.len(), 4);
        let again = import(&t, &[&tantru, &thuthua], &[]).await;
        assert_eq!(again.code, 0, "{again:#?}");
        for o in again.outcomes() {
            assert_eq!(o["status"], "unchanged", "{o:#}");
        }
        assert_eq!(reports(&t).await, before, "{}", t.backend());
    }
}

#[tokio::test]
async fn files_written_by_libreoffice_are_imported_with_the_values_written() {
    for t in each_backend().await {
        load_units(&t).await;
        for family in foreign_files() {
            for (i, ext) in family.formats.iter().enumerate() {
                let path = fixture(&format!("foreign/{}.{ext}", family.stem));
                let (code, o) = import_one(&t, &path).await;
                // The first format stores the report; the others hold the same values, so they
                // are recognised as the same report.
                let expected = if i == 0 { "imported" } else { "unchanged" };
                assert_eq!(
                    o["status"],
                    expected,
                    "{} on {}: {o:#}",
                    path.display(),
                    t.backend()
                );
                assert_eq!(code, 0);
                assert_eq!(o["unit"], family.unit);
                assert!(warnings(&o).is_empty(), "{}: {o:#}", path.display());
                let diffs = stored_differences(&t, family.unit, &family.spec).await;
                assert!(
                    diffs.is_empty(),
                    "{}:\n{}",
                    path.display(),
                    diffs.join("\n")
                );
            }
        }
    }
}
