//! Month after month: a consistent series of reports of one office imports without a warning;
//! a month whose carried-over figure changed or whose cumulative flow fell is still imported,
//! with warnings placed at their cells.

use crate::import_support::{
    errors, import, import_one, load_units, reports, stored_differences, write,
};
use thads_domain::{Field, Form, Outcome, Period};
use thads_tests::db::each_backend;
use thads_tests::fixtures::{Values, WorkbookSpec};

fn month(values: &Values, months: i64) -> WorkbookSpec {
    WorkbookSpec::long_an("LA-DUCHUE", Period::new(2021, months).unwrap(), 40)
        .unwrap()
        .with_values(values.clone())
}

/// The warnings of an outcome as (code, sheet, cell), sorted.
fn warnings(o: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut w: Vec<_> = o["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "warning")
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            (s("code"), s("sheet"), s("cell"))
        })
        .collect();
    w.sort();
    w
}

#[tokio::test]
async fn a_consistent_series_imports_without_warnings() {
    let series = Values::series(40, 1_000, 3);
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        // Imported out of order on purpose: month 3 is checked against month 2 after the fact.
        for m in [1usize, 3, 2] {
            let spec = month(&series[m - 1], m as i64);
            let path = write(dir.path(), &format!("duchue-{m}.xlsx"), &spec);
            let (code, o) = import_one(&t, &path).await;
            assert_eq!((code, o["status"].as_str()), (0, Some("imported")), "{o:#}");
            assert_eq!(warnings(&o), vec![], "month {m}: {o:#}");
            assert!(stored_differences(&t, "LA-DUCHUE", &spec).await.is_empty());
        }
        assert_eq!(reports(&t).await.len(), 6);
    }
}

#[tokio::test]
async fn a_month_that_contradicts_the_one_before_is_imported_with_warnings() {
    let series = Values::series(41, 1_000, 2);
    let mut second = series[0].clone();
    // Start from month 1's figures so that only the two changes below differ.
    let pick = |o: &Outcome| o.get(Field::NotEnforceable) >= 1 && o.get(Field::NewlyAccepted) >= 1;
    let leaves: Vec<(&str, Outcome)> = second
        .cases
        .leaves()
        .filter(|(_, o)| pick(o))
        .map(|(c, o)| (c, *o))
        .take(2)
        .collect();
    assert_eq!(leaves.len(), 2);
    let (fell, mut a) = leaves[0];
    let (changed, mut b) = leaves[1];
    // One fewer newly accepted case than the month before: a cumulative flow fell.
    for f in [
        Field::NewlyAccepted,
        Field::TotalAccepted,
        Field::ToEnforce,
        Field::NotEnforceable,
        Field::CarriedForward,
    ] {
        a.set(f, a.get(f) - 1);
    }
    // One more carried-over case than the month before.
    for f in [
        Field::CarriedOver,
        Field::TotalAccepted,
        Field::ToEnforce,
        Field::NotEnforceable,
        Field::CarriedForward,
    ] {
        b.set(f, b.get(f) + 1);
    }
    assert_eq!(
        (a.broken_identities(), b.broken_identities()),
        (vec![], vec![])
    );
    second.cases.set_leaf(fell, a);
    second.cases.set_leaf(changed, b);

    let first = month(&series[0], 1);
    let later = month(&second, 2).only(Form::Cases, "01-TK");
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let p1 = write(dir.path(), "duchue-1.xlsx", &first);
        let p2 = write(dir.path(), "duchue-2.xlsx", &later);
        let run = import(&t, &[&p1, &p2], &[]).await;
        assert_eq!(run.code, 0, "warnings do not reject: {run:#?}");
        let o = run.outcomes();
        assert_eq!(o[1]["status"], "imported", "{:#}", o[1]);
        assert_eq!(errors(&o[1]), vec![]);
        let cell = |row: &str, field: Field| later.cell(Form::Cases, row, field).unwrap();
        let mut expected = vec![
            (
                "cumulative_fell".to_owned(),
                "01-TK".to_owned(),
                cell(fell, Field::NewlyAccepted),
            ),
            (
                "carried_over_changed".to_owned(),
                "01-TK".to_owned(),
                cell(changed, Field::CarriedOver),
            ),
        ];
        expected.sort();
        assert_eq!(warnings(&o[1]), expected, "{}", t.backend());
        assert!(stored_differences(&t, "LA-DUCHUE", &later).await.is_empty());
    }
}
