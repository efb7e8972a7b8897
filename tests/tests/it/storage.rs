//! Storing checked workbooks on both databases: imported, unchanged, replaced with the
//! earlier report kept as history, rejected with its problems; and the warnings a workbook
//! gets from the reports of the neighbouring months.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Statement,
};
use thads_domain::entities::{imports, report_rows, reports};
use thads_domain::services::registry::import_units_csv;
use thads_domain::services::reports::{
    NewImport, ReceivedFile, StoredImport, cross_report_warnings, current_report_count,
    current_rows, snapshot, store_files, store_workbook,
};
use thads_domain::{
    CheckedReport, CheckedWorkbook, ColumnPlace, DomainError, Field, Form, ImportStatus, Lang,
    Outcome, Period, Problem, ProblemCode, ReportRow, Severity,
};
use thads_tests::db::{TestDb, each_backend};

const UNITS_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/real/units.csv");

const GROUPS: [&str; 2] = ["active", "on_request"];
const LEAVES: [&str; 8] = [
    "criminal",
    "civil",
    "family",
    "commercial",
    "labour",
    "administrative",
    "bankruptcy",
    "other",
];

/// The first data row of the layout below (0-based): the total, then each group and its leaves.
const FIRST_ROW: u32 = 9;

async fn with_units() -> Vec<TestDb> {
    let dbs = each_backend().await;
    let csv = std::fs::read(UNITS_CSV).expect("tests/fixtures/real/units.csv");
    for t in &dbs {
        import_units_csv(&t.db, csv.as_slice()).await.unwrap();
    }
    dbs
}

/// Values that hold every identity, growing with the months, money in đồng past 2³¹.
fn values(form: Form, leaf: usize, months: u8, seed: i64) -> Outcome {
    let scale = if form == Form::Money {
        1_000_000_000
    } else {
        1
    };
    let m = i64::from(months);
    let l = leaf as i64;
    let carried_over = (10 + l + seed) * scale;
    let newly_accepted = (5 + l + 2 * m) * scale;
    let total = carried_over + newly_accepted;
    let entrusted = scale;
    let to_enforce = total - entrusted;
    let not_enforceable = 2 * scale;
    let enforceable = to_enforce - not_enforceable;
    let completed = (3 + m) * scale;
    let dismissed = scale;
    let reduced = if form == Form::Money { scale } else { 0 };
    let resolved = completed + dismissed + reduced;
    let outcome = Outcome::from_pairs([
        (Field::TotalAccepted, total),
        (Field::CarriedOver, carried_over),
        (Field::NewlyAccepted, newly_accepted),
        (Field::Entrusted, entrusted),
        (Field::ToEnforce, to_enforce),
        (Field::Enforceable, enforceable),
        (Field::Completed, completed),
        (Field::Dismissed, dismissed),
        (Field::Reduced, reduced),
        (Field::InProgress, enforceable - resolved),
        (Field::NotEnforceable, not_enforceable),
        (Field::CarriedForward, to_enforce - resolved),
    ]);
    assert_eq!(outcome.broken_identities(), vec![]);
    outcome
}

/// A form as the importer would hand it over: column A the label, columns 1… after it (the
/// rate's column skipped), a header row, the total and group rows above their leaves.
fn report(form: Form, months: u8, seed: i64) -> CheckedReport {
    let mut columns = Vec::new();
    let mut number = 0u16;
    for field in Field::of_form(form) {
        number += 1;
        if field == Field::CarriedForward {
            number += 1; // the rate
        }
        columns.push(ColumnPlace {
            field,
            index: u32::from(number),
            number,
        });
    }
    let mut rows = Vec::new();
    let mut row = FIRST_ROW + 1;
    for group in GROUPS {
        row += 1;
        for (i, leaf) in LEAVES.iter().enumerate() {
            rows.push(ReportRow {
                case_type: format!("{group}.{leaf}"),
                label: format!("{}. {leaf}", i + 1),
                row,
                values: values(form, rows.len(), months, seed),
            });
            row += 1;
        }
    }
    CheckedReport {
        form,
        sheet: form.title().to_owned(),
        columns,
        rows,
    }
}

fn workbook(unit: &str, months: u8, seed: i64) -> CheckedWorkbook {
    CheckedWorkbook {
        unit: unit.to_owned(),
        period: Period::new(2020, i64::from(months)).unwrap(),
        reports: vec![
            report(Form::Cases, months, seed),
            report(Form::Money, months, seed),
        ],
    }
}

fn new_import(name: &str, workbook: Option<&CheckedWorkbook>) -> NewImport {
    NewImport {
        file_name: name.to_owned(),
        path: None,
        file_size: 12_345,
        sha256: format!("{:064x}", name.len()),
        source: "test".to_owned(),
        unit: workbook.map(|w| w.unit.clone()),
        period: workbook.map(|w| w.period),
        sender: None,
    }
}

async fn store(t: &TestDb, name: &str, workbook: &CheckedWorkbook) -> StoredImport {
    store_workbook(&t.db, new_import(name, Some(workbook)), Some(workbook), &[])
        .await
        .unwrap()
}

fn rows_of(report: &CheckedReport) -> Vec<(String, Outcome)> {
    report
        .rows
        .iter()
        .map(|r| (r.case_type.clone(), r.values))
        .collect()
}

#[tokio::test]
async fn imported_then_unchanged_then_replaced_with_history_kept() {
    for t in with_units().await {
        let backend = t.backend();
        let first = workbook("LA-TANTRU", 9, 0);
        let stored = store(&t, "tantru-2020-09.xlsx", &first).await;
        assert_eq!(stored.status, ImportStatus::Imported, "{backend}");
        assert_eq!(
            stored.forms,
            vec![
                (Form::Cases, ImportStatus::Imported),
                (Form::Money, ImportStatus::Imported)
            ]
        );
        assert_eq!(current_report_count(&t.db).await.unwrap(), 2);
        let period = first.period;
        for report in &first.reports {
            let rows = current_rows(&t.db, "LA-TANTRU", period, report.form)
                .await
                .unwrap();
            assert_eq!(rows, Some(rows_of(report)), "{backend} {}", report.form);
        }
        // The cases form stores no `reduced`; the money form does, in đồng beyond 2³¹.
        let reduced: Vec<Option<i64>> = report_rows::Entity::find()
            .order_by_asc(report_rows::Column::Id)
            .all(&t.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.reduced)
            .collect();
        assert_eq!(reduced.len(), 32);
        assert!(reduced[..16].iter().all(Option::is_none));
        assert!(reduced[16..].iter().all(|r| *r == Some(1_000_000_000)));

        let before = snapshot(&t.db).await.unwrap();
        let again = store(&t, "tantru-2020-09 (copy).xlsx", &first).await;
        assert_eq!(again.status, ImportStatus::Unchanged, "{backend}");
        assert_eq!(
            again.forms,
            vec![
                (Form::Cases, ImportStatus::Unchanged),
                (Form::Money, ImportStatus::Unchanged)
            ]
        );
        assert_eq!(snapshot(&t.db).await.unwrap(), before, "{backend}");
        assert_ne!(again.import_id, stored.import_id);

        let mut second = first.clone();
        second.reports[1].rows[3].values.set(Field::InProgress, 1);
        let replaced = store(&t, "tantru-2020-09-v2.xlsx", &second).await;
        assert_eq!(replaced.status, ImportStatus::Replaced, "{backend}");
        assert_eq!(
            replaced.forms,
            vec![
                (Form::Cases, ImportStatus::Unchanged),
                (Form::Money, ImportStatus::Replaced)
            ]
        );
        let after = snapshot(&t.db).await.unwrap();
        assert_eq!(after.len(), 3, "{after:?}");
        assert_eq!(after.iter().filter(|r| r.is_current).count(), 2);
        let money = current_rows(&t.db, "LA-TANTRU", period, Form::Money)
            .await
            .unwrap();
        assert_eq!(money, Some(rows_of(&second.reports[1])));
        let history = reports::Entity::find()
            .filter(reports::Column::IsCurrent.eq(false))
            .all(&t.db)
            .await
            .unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].form, Form::Money);
        assert_eq!(history[0].import_id, stored.import_id);
        assert!(history[0].superseded_at.is_some());
        // The history keeps its rows.
        let kept = report_rows::Entity::find()
            .filter(report_rows::Column::ReportId.eq(history[0].id))
            .count(&t.db)
            .await
            .unwrap();
        assert_eq!(kept, 16);
        // Read as the database holds them: the statuses' names, as text.
        let sql = Statement::from_string(
            t.db.get_database_backend(),
            "SELECT status FROM imports ORDER BY id",
        );
        let statuses: Vec<String> =
            t.db.query_all_raw(sql)
                .await
                .unwrap()
                .iter()
                .map(|row| row.try_get("", "status").unwrap())
                .collect();
        assert_eq!(statuses, vec!["imported", "unchanged", "replaced"]);
    }
}

#[tokio::test]
async fn a_rejected_file_records_its_problems_and_changes_nothing() {
    for t in with_units().await {
        let backend = t.backend();
        store(&t, "tantru-2020-09.xlsx", &workbook("LA-TANTRU", 9, 0)).await;
        let before = snapshot(&t.db).await.unwrap();
        let problems = vec![
            Problem::error(ProblemCode::NotANumber)
                .arg("found", "\"abc\"")
                .in_sheet("Mẫu 02")
                .at_cell("F14")
                .in_row("2. Dân sự")
                .in_column(8, "Thi hành xong"),
            Problem::warning(ProblemCode::CarriedOverChanged)
                .arg("mine", 12_i64)
                .arg("their", 11_i64)
                .arg("period", "8 tháng năm 2020"),
        ];
        let mut import = new_import("broken.xlsx", None);
        import.unit = Some("LA-TANTRU".to_owned());
        import.period = Some(Period::new(2020, 10).unwrap());
        let rejected = store_workbook(&t.db, import, None, &problems)
            .await
            .unwrap();
        assert_eq!(rejected.status, ImportStatus::Rejected, "{backend}");
        assert!(rejected.forms.is_empty());
        // A workbook that comes with errors is refused as well.
        let other = workbook("LA-TANTRU", 10, 0);
        let refused = store_workbook(
            &t.db,
            new_import("x.xlsx", Some(&other)),
            Some(&other),
            &problems,
        )
        .await
        .unwrap();
        assert_eq!(refused.status, ImportStatus::Rejected);
        assert_eq!(snapshot(&t.db).await.unwrap(), before, "{backend}");

        let record = imports::Entity::find_by_id(rejected.import_id)
            .one(&t.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(record.status, ImportStatus::Rejected);
        assert_eq!((record.error_count, record.warning_count), (1, 1));
        assert_eq!((record.year, record.months), (Some(2020), Some(10)));
        assert!(record.unit_id.is_some());
        assert_eq!(record.file_size, 12_345);
        let read: Vec<Problem> = serde_json::from_str(&record.problems).unwrap();
        assert_eq!(read, problems);
        assert_eq!(read[0].severity, Severity::Error);
    }
}

#[tokio::test]
async fn unknown_units_and_case_types_write_nothing() {
    for t in with_units().await {
        let backend = t.backend();
        let stranger = workbook("XX-NOWHERE", 9, 0);
        let result = store_workbook(
            &t.db,
            new_import("a", Some(&stranger)),
            Some(&stranger),
            &[],
        )
        .await;
        assert!(
            matches!(result, Err(DomainError::UnknownUnit(ref u)) if u == "XX-NOWHERE"),
            "{backend}: {result:?}"
        );

        let province = workbook("LA", 9, 0);
        let result = store_workbook(
            &t.db,
            new_import("b", Some(&province)),
            Some(&province),
            &[],
        )
        .await;
        assert!(
            matches!(result, Err(DomainError::NotAnOffice(_))),
            "{backend}: {result:?}"
        );

        let mut odd = workbook("LA-TANTRU", 9, 0);
        odd.reports[1].rows[5].case_type = "active.piracy".to_owned();
        let result = store_workbook(&t.db, new_import("c", Some(&odd)), Some(&odd), &[]).await;
        assert!(
            matches!(result, Err(DomainError::UnknownCaseType(ref c)) if c == "active.piracy"),
            "{backend}: {result:?}"
        );
        assert_eq!(
            imports::Entity::find().count(&t.db).await.unwrap(),
            0,
            "{backend}"
        );
        assert_eq!(snapshot(&t.db).await.unwrap(), vec![]);
    }
}

#[tokio::test]
async fn neighbouring_months_give_placed_warnings() {
    for t in with_units().await {
        let backend = t.backend();
        store(&t, "08.xlsx", &workbook("LA-TANTRU", 8, 0)).await;
        store(&t, "10.xlsx", &workbook("LA-TANTRU", 10, 0)).await;
        // Another office and another year do not count.
        store(&t, "other.xlsx", &workbook("LA-BENLUC", 8, 5)).await;

        let consistent = workbook("LA-TANTRU", 9, 0);
        let warnings = cross_report_warnings(&t.db, &consistent).await.unwrap();
        assert_eq!(warnings, vec![], "{backend}");

        let mut odd = workbook("LA-TANTRU", 9, 0);
        // Cases, row 2 (active.civil): carried over 1 more than in months 8 and 10.
        let civil = &mut odd.reports[0].rows[1].values;
        civil.set(Field::CarriedOver, civil.get(Field::CarriedOver) + 1);
        // Money, row 4 (active.commercial): completed below month 8's.
        let commercial = &mut odd.reports[1].rows[3].values;
        commercial.set(Field::Completed, 1_000_000_000);
        let warnings = cross_report_warnings(&t.db, &odd).await.unwrap();
        let summary: Vec<(&str, &str, &str, Option<u16>)> = warnings
            .iter()
            .map(|w| {
                (
                    w.code.as_str(),
                    w.sheet.as_deref().unwrap_or(""),
                    w.cell.as_deref().unwrap_or(""),
                    w.column.as_ref().map(|c| c.number),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("carried_over_changed", "Mẫu 01/TK-THA", "C13", Some(2)),
                ("carried_over_changed", "Mẫu 01/TK-THA", "C13", Some(2)),
                ("cumulative_fell", "Mẫu 02/TK-THA", "I15", Some(8)),
            ],
            "{backend}: {warnings:#?}"
        );
        assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
        assert_eq!(warnings[0].row.as_deref(), Some("2. civil"));
        assert_eq!(
            warnings[0].message(Lang::En),
            "carried over 12 here, 11 in the report of 8 tháng năm 2020: it should not change within a year"
        );
        assert_eq!(
            warnings[0].message(Lang::Vi),
            "năm trước chuyển sang ghi 12 ở đây, nhưng báo cáo 8 tháng năm 2020 ghi 11: số này không được thay đổi trong năm"
        );
        assert!(
            warnings[1].message(Lang::En).contains("10 tháng năm 2020"),
            "{}",
            warnings[1].message(Lang::En)
        );
        assert_eq!(
            warnings[2].column.as_ref().unwrap().heading,
            "Thi hành xong"
        );
        assert_eq!(
            warnings[2].message(Lang::En),
            "completed 1000000000 here, 11000000000 in the report of 8 tháng năm 2020: a total since 1 October cannot fall from one month to the next"
        );
        // 1 000 000 000 and 11 000 000 000 đồng, in Vietnamese notation.
        assert_eq!(
            warnings[2].message(Lang::Vi),
            "Thi hành xong ghi 1.000.000.000 ở đây, nhưng báo cáo 8 tháng năm 2020 ghi 11.000.000.000: số lũy kế từ 01/10 không thể giảm từ tháng này sang tháng sau"
        );
    }
}

/// One batch, one transaction: each file is judged as if the ones before it were stored — a
/// copy is unchanged, a correction replaces the report planned just before it, a month is
/// compared with the month stored earlier in the same batch — exactly as file by file.
#[tokio::test]
async fn a_batch_judges_each_file_after_the_ones_before_it() {
    for t in with_units().await {
        let backend = t.backend();
        let first = workbook("LA-TANTRU", 8, 0);
        let mut corrected = first.clone();
        corrected.reports[0].rows[2]
            .values
            .set(Field::InProgress, 1);
        let mut odd = workbook("LA-TANTRU", 9, 0);
        let civil = &mut odd.reports[0].rows[1].values;
        civil.set(Field::CarriedOver, civil.get(Field::CarriedOver) + 1);
        let rejected = Problem::error(ProblemCode::NotANumber)
            .arg("found", "\"x\"")
            .at_cell("F14");
        let batch = [
            ("08.xlsx", Some(&first), vec![]),
            ("08 (copy).xlsx", Some(&first), vec![]),
            ("broken.xlsx", None, vec![rejected.clone()]),
            ("08-v2.xlsx", Some(&corrected), vec![]),
            ("09.xlsx", Some(&odd), vec![]),
        ];
        let files: Vec<ReceivedFile<'_>> = batch
            .iter()
            .map(|(name, workbook, problems)| ReceivedFile {
                import: new_import(name, *workbook),
                workbook: *workbook,
                problems: problems.clone(),
            })
            .collect();
        let stored = store_files(&t.db, &files).await.unwrap();
        let statuses: Vec<ImportStatus> = stored.iter().map(|s| s.status).collect();
        assert_eq!(
            statuses,
            vec![
                ImportStatus::Imported,
                ImportStatus::Unchanged,
                ImportStatus::Rejected,
                ImportStatus::Replaced,
                ImportStatus::Imported
            ],
            "{backend}"
        );
        assert_eq!(
            stored[3].forms,
            vec![
                (Form::Cases, ImportStatus::Replaced),
                (Form::Money, ImportStatus::Unchanged)
            ]
        );
        assert_eq!(stored[2].problems, vec![rejected]);
        // Month 9 is compared with the corrected month 8 of the same batch.
        let codes: Vec<(&str, Option<&str>)> = stored[4]
            .problems
            .iter()
            .map(|p| (p.code.as_str(), p.cell.as_deref()))
            .collect();
        assert_eq!(
            codes,
            vec![("carried_over_changed", Some("C13"))],
            "{backend}"
        );

        let period = first.period;
        let cases = current_rows(&t.db, "LA-TANTRU", period, Form::Cases)
            .await
            .unwrap();
        assert_eq!(cases, Some(rows_of(&corrected.reports[0])), "{backend}");
        let history = reports::Entity::find()
            .filter(reports::Column::IsCurrent.eq(false))
            .all(&t.db)
            .await
            .unwrap();
        assert_eq!(history.len(), 1, "{backend}");
        assert_eq!(history[0].import_id, stored[0].import_id);
        assert!(history[0].superseded_at.is_some());
        assert_eq!(current_report_count(&t.db).await.unwrap(), 4);
        let records: Vec<(i32, ImportStatus, i32)> = imports::Entity::find()
            .order_by_asc(imports::Column::Id)
            .all(&t.db)
            .await
            .unwrap()
            .into_iter()
            .map(|i| (i.id, i.status, i.warning_count))
            .collect();
        let expected: Vec<(i32, ImportStatus, i32)> = stored
            .iter()
            .zip([0, 0, 0, 0, 1])
            .map(|(s, warnings)| (s.import_id, s.status, warnings))
            .collect();
        assert_eq!(records, expected, "{backend}");
    }
}
