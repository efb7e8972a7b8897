//! `series`, on both databases: one row per month with reports, cumulative figures, the month
//! alone only where the same offices reported both months, the same month of the year before.
//!
//! Cases reports (rows `(case type, enforceable, resolved)`, all `active.criminal`):
//! 2020-1 A 10/2, B 20/4; 2020-2 A 12/5, B 25/10; 2020-3 A 15/9; 2020-4 B 30/12;
//! 2019-2 A 30/3; 2021-1 D 5/1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_domain::services::stats::series as series_only;
use thads_domain::stats::{Dimension, SeriesQuery, StatsFilter, StatsRow};
use thads_domain::{Form, Outcome};
use thads_tests::db::each_backend;

const A1: &[Row] = &[(AC, 10, 2)];
const B1: &[Row] = &[(AC, 20, 4)];
const A2: &[Row] = &[(AC, 12, 5)];
const B2: &[Row] = &[(AC, 25, 10)];
const A3: &[Row] = &[(AC, 15, 9)];
const B4: &[Row] = &[(AC, 30, 12)];
const A2_2019: &[Row] = &[(AC, 30, 3)];

async fn load(db: &sea_orm::DatabaseConnection) {
    load_registry(db).await;
    let reports: [(&str, (i32, u8), &[Row]); 8] = [
        ("P1-A", (2020, 1), A1),
        ("P1-B", (2020, 1), B1),
        ("P1-A", (2020, 2), A2),
        ("P1-B", (2020, 2), B2),
        ("P1-A", (2020, 3), A3),
        ("P1-B", (2020, 4), B4),
        ("P1-A", (2019, 2), A2_2019),
        ("P2-D", (2021, 1), &[(AC, 5, 1)]),
    ];
    for (unit, period, rows) in reports {
        store(db, unit, period, Form::Cases, rows).await;
    }
}

fn filter(units: &[&str]) -> StatsFilter {
    StatsFilter {
        units: units.iter().map(|s| (*s).to_owned()).collect(),
        case_types: Vec::new(),
    }
}

fn cases(reports: &[&[Row]]) -> Outcome {
    sum(Form::Cases, reports)
}

fn months(rows: &[StatsRow]) -> Vec<u8> {
    rows.iter().map(|r| r.period.months()).collect()
}

#[tokio::test]
async fn the_whole_month_by_month() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let rows = series(&t.db, 2020, &StatsFilter::default(), &[])
            .await
            .unwrap();
        assert_eq!(months(&rows), [1, 2, 3, 4], "{backend}");
        assert!(rows.iter().all(|r| r.period.year() == 2020));
        let values: Vec<Option<Outcome>> = rows.iter().map(|r| r.cases.values).collect();
        assert_eq!(
            values,
            [
                Some(cases(&[A1, B1])),
                Some(cases(&[A2, B2])),
                Some(cases(&[A3])),
                Some(cases(&[B4])),
            ]
        );
        let alone: Vec<Option<Outcome>> = rows.iter().map(|r| r.cases.month_alone).collect();
        assert_eq!(
            alone,
            [
                // The first month is its own.
                Some(cases(&[A1, B1])),
                // The same offices both months.
                Some(minus(cases(&[A2, B2]), cases(&[A1, B1]))),
                // {A} against {A, B}.
                None,
                // {B} against {A}: as many offices, not the same ones.
                None,
            ],
            "{backend}"
        );
        let february = &rows[1];
        let feb_alone = february.cases.month_alone.unwrap();
        assert_eq!(
            (
                feb_alone.get(thads_domain::Field::Enforceable),
                feb_alone.resolved()
            ),
            (7, 9)
        );
        assert_eq!(february.cases.offices_reported, 2);
        assert_eq!(february.offices_expected, 5);
        assert_eq!(february.cases.target, Some(70.0));
        let before = february.cases.previous_year.as_deref().unwrap();
        assert_eq!(before.values, Some(cases(&[A2_2019])));
        assert_eq!(before.month_alone, None, "nothing in 2019-1");
        assert_eq!(before.target, Some(65.0));
        assert_eq!(rows[0].cases.previous_year, None);
        assert!(rows.iter().all(|r| r.money.values.is_none()
            && r.money.month_alone.is_none()
            && r.money.offices_reported == 0));
    }
}

#[tokio::test]
async fn by_office_each_office_has_its_months() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let rows = series(&t.db, 2020, &filter(&["P1"]), &[Dimension::Office])
            .await
            .unwrap();
        let keys: Vec<(u8, &str)> = rows
            .iter()
            .map(|r| (r.period.months(), r.unit.as_deref().unwrap()))
            .collect();
        let mut expected = Vec::new();
        for m in 1..=4 {
            for office in ["P1-A", "P1-B", "P1-C"] {
                expected.push((m, office));
            }
        }
        assert_eq!(keys, expected, "{backend}");
        let at = |m: usize, o: usize| &rows[(m - 1) * 3 + o];
        assert_eq!(
            at(3, 0).cases.month_alone,
            Some(minus(cases(&[A3]), cases(&[A2])))
        );
        assert_eq!(
            at(2, 1).cases.month_alone,
            Some(minus(cases(&[B2]), cases(&[B1])))
        );
        assert_eq!(at(3, 1).cases.values, None);
        assert_eq!(at(3, 1).cases.month_alone, None);
        assert_eq!(at(4, 1).cases.values, Some(cases(&[B4])));
        assert_eq!(
            at(4, 1).cases.month_alone,
            None,
            "B sent nothing for month 3"
        );
        assert_eq!(at(4, 0).cases.values, None);
        assert_eq!(at(1, 2).cases.values, None);
        assert_eq!(at(1, 2).cases.offices_reported, 0);
        assert_eq!(at(1, 1).cases.target, Some(50.0));
    }
}

#[tokio::test]
async fn only_months_with_reports_in_the_filter() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let a = series(&t.db, 2020, &filter(&["P1-A"]), &[]).await.unwrap();
        assert_eq!(months(&a), [1, 2, 3], "{backend}");
        assert_eq!(
            a[2].cases.month_alone,
            Some(minus(cases(&[A3]), cases(&[A2])))
        );
        assert_eq!(a[0].offices_expected, 1);
        let next = series(&t.db, 2021, &StatsFilter::default(), &[Dimension::Province])
            .await
            .unwrap();
        let summary: Vec<_> = next
            .iter()
            .map(|r| (r.period.months(), r.unit.as_deref(), er(&r.cases)))
            .collect();
        assert_eq!(
            summary,
            vec![(1, Some("P1"), None), (1, Some("P2"), Some((5, 1)))]
        );
        // 2020-1 is the same month of the year before for P1 only.
        assert_eq!(
            er(next[0].cases.previous_year.as_deref().unwrap()),
            Some((30, 6))
        );
        assert!(
            series(&t.db, 2021, &filter(&["P1"]), &[])
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            series(&t.db, 2030, &StatsFilter::default(), &[])
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn without_the_year_before_the_rest_is_the_same() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let (units, cases) = (
            UnitTree::load(&t.db).await.unwrap(),
            CaseTree::load(&t.db).await.unwrap(),
        );
        for (year, group_by) in [(2020, vec![]), (2021, vec![Dimension::Province])] {
            let with = series(&t.db, year, &StatsFilter::default(), &group_by)
                .await
                .unwrap();
            assert!(
                with.iter().any(|r| r.cases.previous_year.is_some()),
                "{backend}"
            );
            let query = SeriesQuery {
                year,
                filter: StatsFilter::default(),
                group_by,
                previous_year: false,
                as_of: None,
            };
            let without = series_only(&t.db, &units, &cases, &query).await.unwrap();
            assert_eq!(without, without_previous_year(with), "{backend} {year}");
        }
    }
}
