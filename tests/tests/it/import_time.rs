//! Workbooks through the reorganisation of 1 July 2025, on the registry of
//! `fixtures/reorganisation/units.csv`: Long An (LA) and the old Tây Ninh (TNM) end on
//! 30 June 2025, the new Tỉnh Tây Ninh (TN) and Tỉnh Vĩnh Long (VL) start on 1 July, and each
//! new province has its "khu vực 1". A workbook belongs to the office in force on its period's
//! last day (month 9 of 2025 ends on 30 June, month 10 on 31 July), told apart by the province
//! line; a report of an office that had ended, or had not yet started, is refused naming who
//! reports instead, and nothing is stored — from the command line, over HTTP with the old
//! office's own token, and at the store itself. Last, the bundled samples' regional office
//! carries on from its predecessors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::import_support::{
    at, errors, fixture, import, import_one, load_units_file, problem, reports, stored_differences,
    write,
};
use crate::upload_support::{OFFICE_A, send, server, tokens};
use reqwest::StatusCode;
use std::path::Path;
use thads_domain::services::registry::load_units;
use thads_domain::services::reports::{NewImport, current_rows, store_workbook};
use thads_domain::{DomainError, Field, Form, Outcome, Period};
use thads_importer::{CheckContext, check_workbook};
use thads_tests::db::{TestDb, each_backend};
use thads_tests::fixtures::{WorkbookSpec, to_xlsx_bytes};

/// Month 9 of enforcement year 2025: 1 Oct 2024 – 30 Jun 2025, the old offices' last report.
fn june() -> Period {
    Period::new(2025, 9).unwrap()
}

/// Month 10 of enforcement year 2025: 1 Oct 2024 – 31 Jul 2025, the new offices' first.
fn july() -> Period {
    Period::new(2025, 10).unwrap()
}

/// A workbook of an old district office: `CỤC THI HÀNH ÁN DÂN SỰ TỈNH …` on the first line,
/// `Chi cục THADS {area}` as the unit.
fn old_office(area: &str, province: &str, period: Period, seed: u64) -> WorkbookSpec {
    WorkbookSpec::new(area, province, period, seed)
}

/// A workbook of a new unit: `THI HÀNH ÁN DÂN SỰ TỈNH …` on the first line.
fn new_unit(name: &str, province: &str, period: Period, seed: u64) -> WorkbookSpec {
    WorkbookSpec::reorganised(name, province, period, seed)
}

/// A database of each backend with the registry of the reorganisation.
async fn reorganised() -> Vec<TestDb> {
    let dbs = each_backend().await;
    for t in &dbs {
        load_units_file(t, &fixture("reorganisation/units.csv")).await;
    }
    dbs
}

/// Imports `spec` and checks that it is stored, whole, under `code`.
async fn assert_stored_as(t: &TestDb, dir: &Path, name: &str, spec: &WorkbookSpec, code: &str) {
    let path = write(dir, name, spec);
    let (exit, o) = import_one(t, &path).await;
    assert_eq!(
        (exit, o["status"].as_str(), o["unit"].as_str()),
        (0, Some("imported"), Some(code)),
        "{}: {name}: {o:#}",
        t.backend()
    );
    assert_eq!(
        stored_differences(t, code, spec).await,
        Vec::<String>::new(),
        "{}: {name}",
        t.backend()
    );
}

/// Imports `spec`, checks that it is refused with `unit_not_in_force` on the unit line of both
/// sheets (A6), that it names `code`, and that nothing is stored; returns the message.
async fn assert_out_of_force(
    t: &TestDb,
    dir: &Path,
    name: &str,
    spec: &WorkbookSpec,
    code: &str,
) -> String {
    let before = reports(t).await;
    let path = write(dir, name, spec);
    let (exit, o) = import_one(t, &path).await;
    let backend = t.backend();
    assert_eq!(
        (exit, o["status"].as_str()),
        (1, Some("rejected")),
        "{backend}: {o:#}"
    );
    assert_eq!(
        errors(&o),
        vec![
            at("unit_not_in_force", "01-TK", "A6"),
            at("unit_not_in_force", "02-TK", "A6"),
        ],
        "{backend}: {o:#}"
    );
    // The file is the office's own, though refused: its import record names it.
    assert_eq!(o["unit"], code, "{backend}");
    assert_eq!(reports(t).await, before, "{backend}: something was stored");
    problem(&o, "unit_not_in_force")["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_same_district_name_in_two_provinces_is_told_by_the_province_line() {
    // "huyện Châu Thành" is an office of Long An and of the old Tây Ninh, both until 30 June.
    for t in reorganised().await {
        let dir = tempfile::tempdir().unwrap();
        let la = old_office("huyện Châu Thành", "tỉnh Long An", june(), 1);
        assert_stored_as(&t, dir.path(), "la.xlsx", &la, "LA-CHAUTHANH").await;
        let tn = old_office("huyện Châu Thành", "tỉnh Tây Ninh", june(), 2);
        assert_stored_as(&t, dir.path(), "tnm.xlsx", &tn, "TNM-CHAUTHANH").await;
    }
}

#[tokio::test]
async fn tinh_tay_ninh_is_the_old_province_until_june_and_the_new_one_from_july() {
    // Both provinces are named "Tỉnh Tây Ninh" (alias "Tây Ninh"): the period's end decides
    // which one the province line names, and so which office reports.
    for t in reorganised().await {
        let dir = tempfile::tempdir().unwrap();
        let old = old_office("huyện Châu Thành", "tỉnh Tây Ninh", june(), 3);
        assert_stored_as(&t, dir.path(), "old.xlsx", &old, "TNM-CHAUTHANH").await;
        let department = new_unit(
            "Thi hành án dân sự tỉnh Tây Ninh",
            "tỉnh Tây Ninh",
            july(),
            4,
        );
        assert_stored_as(&t, dir.path(), "tn-cuc.xlsx", &department, "TN-CUC").await;
        let old_department =
            old_office("x", "tỉnh Tây Ninh", june(), 5).unit_name("Cục THADS tỉnh Tây Ninh");
        assert_stored_as(&t, dir.path(), "tnm-cuc.xlsx", &old_department, "TNM-CUC").await;

        // The old district's report for July: its office ended; the message names the
        // regional office that took over, by name.
        let late = old_office("huyện Châu Thành", "tỉnh Tây Ninh", july(), 6);
        let message =
            assert_out_of_force(&t, dir.path(), "late.xlsx", &late, "TNM-CHAUTHANH").await;
        for words in [
            "TNM-CHAUTHANH",
            "2025-06-30",
            "Phòng Thi hành án dân sự khu vực 1 (TN-KV1)",
        ] {
            assert!(message.contains(words), "{words} in {message}");
        }
    }
}

#[tokio::test]
async fn khu_vuc_1_of_two_provinces_is_told_by_the_province_line() {
    for t in reorganised().await {
        let dir = tempfile::tempdir().unwrap();
        let name = "Phòng Thi hành án dân sự khu vực 1";
        let tn = new_unit(name, "tỉnh Tây Ninh", july(), 7);
        assert_stored_as(&t, dir.path(), "tn.xlsx", &tn, "TN-KV1").await;
        let vl = new_unit(name, "tỉnh Vĩnh Long", july(), 8);
        assert_stored_as(&t, dir.path(), "vl.xlsx", &vl, "VL-KV1").await;

        // Without a province anywhere in the header, both are candidates.
        let bare = new_unit(name, "tỉnh Vĩnh Long", july(), 9)
            .province_line(None)
            .receiving(None);
        let path = write(dir.path(), "bare.xlsx", &bare);
        let (exit, o) = import_one(&t, &path).await;
        assert_eq!(exit, 1, "{o:#}");
        let message = problem(&o, "ambiguous_unit")["message"].as_str().unwrap();
        assert!(
            message.contains("TN-KV1") && message.contains("VL-KV1"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn a_late_report_of_an_ended_office_names_its_successor_and_stores_nothing() {
    for t in reorganised().await {
        let dir = tempfile::tempdir().unwrap();
        // Tân Trụ's June report is its own, and stored.
        let june_report = WorkbookSpec::long_an("LA-TANTRU", june(), 10).unwrap();
        assert_stored_as(&t, dir.path(), "tantru-06.xlsx", &june_report, "LA-TANTRU").await;
        // Its July report arrives after the office ended on 30 June.
        let late = WorkbookSpec::long_an("LA-TANTRU", july(), 11).unwrap();
        let message =
            assert_out_of_force(&t, dir.path(), "tantru-07.xlsx", &late, "LA-TANTRU").await;
        assert_eq!(
            message,
            "the reporting unit \"Chi cục THADS huyện Tân Trụ\" is Chi cục Thi hành án dân sự \
             huyện Tân Trụ (LA-TANTRU), which ended on 2025-06-30, before the end of this \
             report's period (10 tháng năm 2025, which ends on 2025-07-31): its reports are now \
             sent by Phòng Thi hành án dân sự khu vực 2 (TN-KV2)"
        );
        // A dry run says the same and exits 1.
        let path = dir.path().join("tantru-07.xlsx");
        let run = import(&t, &[path.as_path()], &["--dry-run"]).await;
        assert_eq!(run.code, 1, "{run:#?}");
        assert_eq!(errors(&run.single())[0].0, "unit_not_in_force");
    }
}

#[tokio::test]
async fn a_new_office_cannot_report_for_a_period_before_it_started() {
    for t in reorganised().await {
        let dir = tempfile::tempdir().unwrap();
        let early = new_unit(
            "Phòng Thi hành án dân sự khu vực 2",
            "tỉnh Tây Ninh",
            june(),
            12,
        );
        let message = assert_out_of_force(&t, dir.path(), "kv2-06.xlsx", &early, "TN-KV2").await;
        assert_eq!(
            message,
            "the reporting unit \"Phòng Thi hành án dân sự khu vực 2\" is Phòng Thi hành án dân \
             sự khu vực 2 (TN-KV2), which started on 2025-07-01, after the end of this report's \
             period (9 tháng năm 2025, which ends on 2025-06-30): this period is reported by \
             Chi cục Thi hành án dân sự huyện Châu Thành (LA-CHAUTHANH), Chi cục Thi hành án dân \
             sự huyện Tân Trụ (LA-TANTRU)"
        );
    }
}

#[tokio::test]
async fn the_old_office_token_gets_the_same_refusal_over_http() {
    for t in reorganised().await {
        // The tokens of the upload tests: office A's is Tân Trụ's.
        let token = tokens(&t).await.office_a;
        let server = server(&t, false).await;
        let file = |period: Period, seed: u64| {
            let spec = WorkbookSpec::long_an(OFFICE_A, period, seed).unwrap();
            (
                format!("tantru-{}.xlsx", period.months()),
                to_xlsx_bytes(&spec).unwrap(),
            )
        };
        let (status, answer) = send(&server, Some(&token), &[file(june(), 13)], false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        let before = reports(&t).await;

        let (status, answer) = send(&server, Some(&token), &[file(july(), 14)], false).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer:#}");
        let outcome = &answer["files"][0];
        assert_eq!(outcome["status"], "rejected");
        assert_eq!(outcome["unit"], "LA-TANTRU");
        let codes: Vec<&str> = outcome["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["code"].as_str())
            .collect();
        assert_eq!(
            codes,
            ["unit_not_in_force", "unit_not_in_force"],
            "{answer:#}"
        );
        let message = outcome["problems"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("30/06/2025")
                && message.contains("Phòng Thi hành án dân sự khu vực 2"),
            "{message}"
        );
        let english = outcome["problems"][0]["messages"]["en"].as_str().unwrap();
        assert!(english.contains("ended on 2025-06-30"), "{english}");
        assert_eq!(
            reports(&t).await,
            before,
            "{}: something was stored",
            t.backend()
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_store_refuses_an_office_out_of_force_whatever_the_path() {
    for t in reorganised().await {
        // A workbook checked as Tân Trụ's June report, then claimed for July: only the store
        // stands between it and the database.
        let spec = WorkbookSpec::long_an("LA-TANTRU", june(), 15).unwrap();
        let ctx = CheckContext::new(load_units(&t.db).await.unwrap());
        let checked = check_workbook("tantru.xlsx", &to_xlsx_bytes(&spec).unwrap(), &ctx);
        let mut workbook = checked.workbook.expect("June's report is valid");
        workbook.period = july();
        let import = NewImport {
            file_name: "tantru.xlsx".to_owned(),
            path: None,
            file_size: 1,
            sha256: String::new(),
            source: "test".to_owned(),
            unit: Some("LA-TANTRU".to_owned()),
            period: Some(july()),
            sender: None,
        };
        let result = store_workbook(&t.db, import, Some(&workbook), &[]).await;
        match result {
            Err(e @ DomainError::NotInForce { .. }) => assert_eq!(
                e.to_string(),
                "LA-TANTRU does not exist on 2025-07-31, the last day of 10 tháng năm 2025: it \
                 exists until 2025-06-30, so it cannot report for that period"
            ),
            other => panic!("{}: {other:?}", t.backend()),
        }
        assert_eq!(reports(&t).await, Vec::new(), "{}", t.backend());
    }
}

#[tokio::test]
async fn the_samples_regional_office_carries_on_its_predecessors_month_9() {
    // Khu vực 5 takes over from Tân An, Châu Thành and Tân Trụ of Long An: its month 10 of 2025
    // is cumulative since 1 October 2024, so it starts from their month 9 summed.
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
    let predecessors = ["LA-TANAN", "LA-CHAUTHANH", "LA-TANTRU"];
    for t in each_backend().await {
        load_units_file(&t, &samples.join("units.csv")).await;
        let mut paths: Vec<_> = predecessors
            .iter()
            .map(|code| format!("{}-2025-09.xlsx", code.to_lowercase()))
            .collect();
        paths.push("tn-kv5-2025-10.xlsx".to_owned());
        let paths: Vec<_> = paths
            .iter()
            .map(|name| samples.join("workbooks/2025").join(name))
            .collect();
        let paths: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
        let run = import(&t, &paths, &[]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        for form in Form::ALL {
            let regional = current_rows(&t.db, "TN-KV5", july(), form)
                .await
                .unwrap()
                .expect("khu vực 5's month 10");
            for (case_type, got) in regional {
                let mut sum = Outcome::default();
                for code in predecessors {
                    let rows = current_rows(&t.db, code, june(), form)
                        .await
                        .unwrap()
                        .unwrap();
                    if let Some((_, o)) = rows.iter().find(|(c, _)| *c == case_type) {
                        sum.add(o);
                    }
                }
                let what = format!("{} {form} {case_type}", t.backend());
                assert_eq!(
                    got.get(Field::CarriedOver),
                    sum.get(Field::CarriedOver),
                    "{what}"
                );
                for f in Field::ALL.into_iter().filter(|f| f.is_cumulative_flow()) {
                    assert!(got.get(f) >= sum.get(f), "{what} {f} fell");
                }
            }
        }
    }
}
