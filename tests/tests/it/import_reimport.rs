//! Importing again: the same file changes nothing, a corrected file replaces the report and
//! keeps the earlier one as history, a dry run stores nothing, and folders are walked
//! recursively with lock files and other files skipped and listed.

use crate::import_support::{
    fixture, import, import_one, load_units, reports, stored_differences, write,
};
use sea_orm::{EntityTrait, PaginatorTrait};
use thads_domain::entities::imports;
use thads_domain::{Field, Form, Period};
use thads_tests::db::{TestDb, each_backend};
use thads_tests::fixtures::{CellValue, PeriodStyle, Values, WorkbookSpec};

fn kientuong(seed: u64) -> WorkbookSpec {
    WorkbookSpec::long_an("LA-KIENTUONG", Period::new(2020, 9).unwrap(), seed).unwrap()
}

async fn import_records(t: &TestDb) -> u64 {
    imports::Entity::find().count(&t.db).await.unwrap()
}

#[tokio::test]
async fn the_same_file_twice_is_unchanged() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "kientuong-2020-09.xlsx", &kientuong(1));
        let (code, first) = import_one(&t, &path).await;
        assert_eq!(
            (code, first["status"].as_str()),
            (0, Some("imported")),
            "{first:#}"
        );
        let before = reports(&t).await;
        assert_eq!(before.len(), 2);
        assert!(before.iter().all(|r| r.is_current));
        let (code, again) = import_one(&t, &path).await;
        assert_eq!(
            (code, again["status"].as_str()),
            (0, Some("unchanged")),
            "{again:#}"
        );
        for f in again["forms"].as_array().unwrap() {
            assert_eq!(f["status"], "unchanged");
        }
        assert_eq!(reports(&t).await, before, "{}", t.backend());
    }
}

#[tokio::test]
async fn the_same_values_in_another_layout_are_unchanged() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let spec = kientuong(2);
        let first = write(dir.path(), "a.xlsx", &spec);
        let relaid = spec
            .clone()
            .period_style(PeriodStyle::Dates)
            .numbers(thads_tests::fixtures::NumberStyle::DotsText);
        let second = write(dir.path(), "b.xlsx", &relaid);
        assert_eq!(import_one(&t, &first).await.1["status"], "imported");
        let before = reports(&t).await;
        assert_eq!(import_one(&t, &second).await.1["status"], "unchanged");
        assert_eq!(reports(&t).await, before);
    }
}

#[tokio::test]
async fn a_corrected_file_replaces_the_report_and_keeps_the_old_one() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let original = kientuong(3);
        // The correction changes the money form only: one amount moved between two columns.
        let mut values: Values = original.values.clone();
        let mut o = *values.money.leaf("active.civil").unwrap();
        o.set(Field::InProgress, o.get(Field::InProgress) + 1_000);
        o.set(Field::Other, o.get(Field::Other) - 1_000);
        assert!(o.get(Field::Other) >= 0);
        values.money.set_leaf("active.civil", o);
        let corrected = original.clone().with_values(values);

        let first = write(dir.path(), "kientuong-2020-09.xlsx", &original);
        assert_eq!(import_one(&t, &first).await.1["status"], "imported");
        let old = reports(&t).await;

        let second = write(dir.path(), "kientuong-2020-09-sua.xlsx", &corrected);
        let (code, o) = import_one(&t, &second).await;
        assert_eq!((code, o["status"].as_str()), (0, Some("replaced")), "{o:#}");
        let mut forms: Vec<(String, String)> = o["forms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["form"].as_str().unwrap().into(),
                    f["status"].as_str().unwrap().into(),
                )
            })
            .collect();
        forms.sort();
        assert_eq!(
            forms,
            vec![
                ("cases".into(), "unchanged".into()),
                ("money".into(), "replaced".into())
            ]
        );

        let now = reports(&t).await;
        assert_eq!(now.len(), 3, "{now:#?}");
        let money: Vec<_> = now.iter().filter(|r| r.form == Form::Money).collect();
        assert_eq!(money.len(), 2);
        let old_money = old.iter().find(|r| r.form == Form::Money).unwrap();
        let kept = money
            .iter()
            .find(|r| r.content_hash == old_money.content_hash)
            .unwrap();
        assert!(!kept.is_current, "the earlier report is history");
        assert!(
            money
                .iter()
                .any(|r| r.is_current && r.content_hash != old_money.content_hash)
        );
        let cases_old = old.iter().find(|r| r.form == Form::Cases).unwrap();
        assert!(now.contains(cases_old), "the cases report is untouched");
        let diffs = stored_differences(&t, "LA-KIENTUONG", &corrected).await;
        assert!(diffs.is_empty(), "{diffs:?}");

        // Importing the original again makes it current again, as a replacement.
        let (_, o) = import_one(&t, &first).await;
        assert_eq!(o["status"], "replaced", "{o:#}");
        assert!(
            stored_differences(&t, "LA-KIENTUONG", &original)
                .await
                .is_empty()
        );
    }
}

#[tokio::test]
async fn a_dry_run_stores_nothing() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "a.xlsx", &kientuong(4));
        let bad = write(
            dir.path(),
            "b.xlsx",
            &WorkbookSpec::long_an("LA-TANAN", Period::new(2020, 9).unwrap(), 5)
                .unwrap()
                .set(
                    Form::Cases,
                    "total",
                    Field::Completed,
                    CellValue::text("abc"),
                ),
        );
        let records = import_records(&t).await;
        let run = import(&t, &[&good, &bad], &["--dry-run"]).await;
        assert_eq!(run.code, 1, "{run:#?}");
        let o = run.outcomes();
        assert_eq!(
            o[0]["status"], "imported",
            "what the import would do: {:#}",
            o[0]
        );
        assert!(o[0]["import_id"].is_null());
        assert_eq!(o[1]["status"], "rejected");
        assert!(!o[1]["problems"].as_array().unwrap().is_empty());
        assert_eq!(reports(&t).await, vec![], "{}", t.backend());
        assert_eq!(
            import_records(&t).await,
            records,
            "not even an import record"
        );

        // The real import afterwards does what the dry run said.
        let (_, real) = import_one(&t, &good).await;
        assert_eq!(real["status"], "imported");
        assert!(real["import_id"].is_number());
        let before = reports(&t).await;
        let run = import(&t, &[&good], &["--dry-run"]).await;
        assert_eq!(run.single()["status"], "unchanged");
        assert_eq!(reports(&t).await, before);
    }
}

#[tokio::test]
async fn folders_are_imported_recursively_skipping_lock_and_other_files() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("thang-9");
        let deeper = root.join("huyen").join("kien-tuong");
        std::fs::create_dir_all(&deeper).unwrap();
        let tanan = WorkbookSpec::long_an("LA-TANAN", Period::new(2020, 9).unwrap(), 6).unwrap();
        write(&root, "tanan.xlsx", &tanan);
        let kt = kientuong(7);
        write(&deeper, "kientuong.xlsx", &kt);
        std::fs::copy(
            fixture("real/thuthua-2019-04.xls"),
            root.join("huyen").join("thuthua.xls"),
        )
        .unwrap();
        // What a folder of a real office also holds.
        std::fs::write(root.join("~$tanan.xlsx"), b"lock").unwrap();
        std::fs::write(deeper.join(".~lock.kientuong.xlsx#"), b"lock").unwrap();
        std::fs::write(root.join("ghi-chu.txt"), "Gửi Cục trước ngày 05.").unwrap();
        std::fs::write(root.join("huyen").join("bao-cao.pdf"), b"%PDF-1.4").unwrap();

        let run = import(&t, &[&root], &[]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        let outcomes = run.outcomes();
        let name = |o: &serde_json::Value| {
            std::path::Path::new(o["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        };
        let mut seen: Vec<(String, String)> = outcomes
            .iter()
            .map(|o| (name(o), o["status"].as_str().unwrap().to_owned()))
            .collect();
        seen.sort();
        let expected: Vec<(String, String)> = [
            (".~lock.kientuong.xlsx#", "skipped"),
            ("bao-cao.pdf", "skipped"),
            ("ghi-chu.txt", "skipped"),
            ("kientuong.xlsx", "imported"),
            ("tanan.xlsx", "imported"),
            ("thuthua.xls", "imported"),
            ("~$tanan.xlsx", "skipped"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(seen, expected, "{run:#?}");
        for o in outcomes.iter().filter(|o| o["status"] == "skipped") {
            assert!(o["reason"].as_str().is_some_and(|r| !r.is_empty()), "{o}");
            assert!(o["import_id"].is_null());
        }
        assert!(stored_differences(&t, "LA-TANAN", &tanan).await.is_empty());
        assert!(stored_differences(&t, "LA-KIENTUONG", &kt).await.is_empty());
        assert_eq!(reports(&t).await.len(), 6);
    }
}
