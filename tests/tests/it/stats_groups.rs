//! `stats` grouped by every dimension and combination, on both databases: every expected
//! office has its row (missing ones with `None`), provinces add up their offices, case types
//! and groups their leaves, targets are inherited or overridden per row.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use thads_domain::Form;
use thads_domain::stats::{Dimension, StatsFilter, StatsQuery, StatsRow};
use thads_tests::db::each_backend;

async fn grouped(db: &sea_orm::DatabaseConnection, group_by: &[Dimension]) -> Vec<StatsRow> {
    let query = StatsQuery {
        period: period(2020, 6),
        filter: StatsFilter::default(),
        group_by: group_by.to_vec(),
        order_by: Vec::new(),
        limit: None,
        previous_year: true,
        as_of: None,
    };
    stats(db, &query).await.unwrap()
}

fn units(rows: &[StatsRow]) -> Vec<&str> {
    rows.iter().map(|r| r.unit.as_deref().unwrap()).collect()
}

/// (unit, case type, cases enforceable/resolved, money enforceable/resolved)
type Expected<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<(i64, i64)>,
    Option<(i64, i64)>,
);

fn summary(rows: &[StatsRow]) -> Vec<Expected<'_>> {
    rows.iter()
        .map(|r| {
            (
                r.unit.as_deref(),
                r.case_type.as_deref(),
                er(&r.cases),
                er(&r.money),
            )
        })
        .collect()
}

#[tokio::test]
async fn by_office_every_expected_office_has_a_row() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let rows = grouped(&t.db, &[Dimension::Office]).await;
        // OFFICE wins over PROVINCE when both are asked.
        let both = grouped(&t.db, &[Dimension::Province, Dimension::Office]).await;
        assert_eq!(rows, both, "{backend}");
        assert_eq!(units(&rows), ["P1-A", "P1-B", "P1-C", "P2-D", "P2-E"]);
        assert_eq!(
            summary(&rows),
            vec![
                (Some("P1-A"), None, Some((100, 54)), Some((4 * BN, 2 * BN))),
                (Some("P1-B"), None, Some((10, 1)), None),
                (Some("P1-C"), None, None, None),
                (
                    Some("P2-D"),
                    None,
                    Some((100, 60)),
                    Some((6 * BN, 15 * BN / 10))
                ),
                (Some("P2-E"), None, Some((20, 12)), None),
            ],
            "{backend}"
        );
        assert!(rows.iter().all(|r| r.offices_expected == 1));
        let reported: Vec<(u32, u32)> = rows
            .iter()
            .map(|r| (r.cases.offices_reported, r.money.offices_reported))
            .collect();
        assert_eq!(reported, [(1, 1), (1, 0), (0, 0), (1, 1), (1, 0)]);
        // Targets: VN's through P1, P1-B's own, P2's for its offices; money P1's or VN's.
        let targets: Vec<(Option<f64>, Option<f64>)> = rows
            .iter()
            .map(|r| (r.cases.target, r.money.target))
            .collect();
        assert_eq!(
            targets,
            [
                (Some(70.0), Some(45.0)),
                (Some(50.0), Some(45.0)),
                (Some(70.0), Some(45.0)),
                (Some(80.0), Some(40.0)),
                (Some(80.0), Some(40.0)),
            ]
        );
        let a = &rows[0];
        assert_eq!(a.cases.values, Some(sum(Form::Cases, &[A_CASES])));
        assert_rate(a.cases.rate(), Some(54.0));
        assert_rate(a.cases.gap_to_target(), Some(16.0));
        let a_before = a.cases.previous_year.as_deref().unwrap();
        assert_eq!(er(a_before), Some((50, 25)));
        assert_eq!(a_before.target, Some(65.0));
        assert_eq!(a.money.previous_year, None);
        let b = &rows[1];
        assert_eq!(b.cases.previous_year, None);
        assert_eq!(
            er(b.money.previous_year.as_deref().unwrap()),
            Some((2 * BN, BN))
        );
        let c = &rows[2];
        assert_eq!(c.cases.rate(), None);
        assert_eq!(c.cases.gap_to_target(), None);
    }
}

#[tokio::test]
async fn by_province_offices_add_up() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let rows = grouped(&t.db, &[Dimension::Province]).await;
        assert_eq!(
            summary(&rows),
            vec![
                (Some("P1"), None, Some((110, 55)), Some((4 * BN, 2 * BN))),
                (
                    Some("P2"),
                    None,
                    Some((120, 72)),
                    Some((6 * BN, 15 * BN / 10))
                ),
            ],
            "{backend}"
        );
        let p1 = &rows[0];
        assert_eq!(p1.offices_expected, 3);
        assert_eq!(p1.cases.offices_reported, 2);
        assert_eq!(p1.money.offices_reported, 1);
        assert_eq!(p1.cases.values, Some(sum(Form::Cases, &[A_CASES, B_CASES])));
        assert_rate(p1.cases.rate(), Some(50.0));
        assert_eq!((p1.cases.target, p1.money.target), (Some(70.0), Some(45.0)));
        assert_eq!(
            er(p1.cases.previous_year.as_deref().unwrap()),
            Some((50, 25))
        );
        assert_eq!(
            er(p1.money.previous_year.as_deref().unwrap()),
            Some((2 * BN, BN))
        );
        let p2 = &rows[1];
        assert_eq!(p2.offices_expected, 2);
        assert_rate(p2.cases.rate(), Some(60.0));
        assert_eq!((p2.cases.target, p2.money.target), (Some(80.0), Some(40.0)));
        assert_eq!(p2.cases.previous_year, None);
    }
}

#[tokio::test]
async fn by_case_type_every_leaf_in_tree_order() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let rows = grouped(&t.db, &[Dimension::CaseType]).await;
        // CASE_TYPE wins over CASE_GROUP.
        let both = grouped(&t.db, &[Dimension::CaseGroup, Dimension::CaseType]).await;
        assert_eq!(rows, both, "{backend}");
        let codes: Vec<&str> = rows
            .iter()
            .map(|r| r.case_type.as_deref().unwrap())
            .collect();
        // The form's leaves, in the order of the forms.
        let expected: Vec<&str> = thads_tests::fixtures::leaf_codes().collect();
        assert_eq!(codes, expected);
        assert_eq!(
            (er(&rows[0].cases), er(&rows[0].money)),
            (Some((80, 52)), Some((3 * BN, 12 * BN / 10)))
        );
        assert_eq!(rows[0].cases.offices_reported, 4);
        assert_eq!(
            (er(&rows[1].cases), er(&rows[1].money)),
            (Some((90, 45)), Some((BN, 8 * BN / 10)))
        );
        assert_eq!(
            (er(&rows[9].cases), er(&rows[9].money)),
            (Some((60, 30)), Some((6 * BN, 15 * BN / 10)))
        );
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r.unit, None);
            assert_eq!(r.offices_expected, 5);
            assert_eq!((r.cases.target, r.money.target), (Some(70.0), Some(40.0)));
            if ![0, 1, 9].contains(&i) {
                assert_eq!(r.cases.values, None, "{}", expected[i]);
                assert_eq!(r.cases.offices_reported, 0);
            }
        }
        assert_eq!(
            er(rows[0].cases.previous_year.as_deref().unwrap()),
            Some((50, 25))
        );
        assert_eq!(rows[1].cases.previous_year, None);
    }
}

#[tokio::test]
async fn by_case_group_and_by_province_and_group() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let rows = grouped(&t.db, &[Dimension::CaseGroup]).await;
        assert_eq!(
            summary(&rows),
            vec![
                (
                    None,
                    Some("active"),
                    Some((170, 97)),
                    Some((4 * BN, 2 * BN))
                ),
                (
                    None,
                    Some("on_request"),
                    Some((60, 30)),
                    Some((6 * BN, 15 * BN / 10))
                ),
            ],
            "{backend}"
        );
        assert_eq!(rows[0].cases.offices_reported, 4);
        assert_eq!(rows[1].cases.offices_reported, 1);

        let rows = grouped(&t.db, &[Dimension::CaseGroup, Dimension::Province]).await;
        assert_eq!(
            summary(&rows),
            vec![
                (
                    Some("P1"),
                    Some("active"),
                    Some((110, 55)),
                    Some((4 * BN, 2 * BN))
                ),
                (Some("P1"), Some("on_request"), None, None),
                (Some("P2"), Some("active"), Some((60, 42)), None),
                (
                    Some("P2"),
                    Some("on_request"),
                    Some((60, 30)),
                    Some((6 * BN, 15 * BN / 10))
                ),
            ],
            "{backend}"
        );
        let expected: Vec<u32> = rows.iter().map(|r| r.offices_expected).collect();
        assert_eq!(expected, [3, 3, 2, 2]);
        assert_eq!(rows[2].cases.offices_reported, 2);
        assert_eq!(rows[2].cases.target, Some(80.0));
        assert_eq!(
            er(rows[0].money.previous_year.as_deref().unwrap()),
            Some((2 * BN, BN))
        );

        let rows = grouped(&t.db, &[Dimension::Office, Dimension::CaseType]).await;
        assert_eq!(rows.len(), 5 * 16);
        let d_rv = rows
            .iter()
            .find(|r| r.unit.as_deref() == Some("P2-D") && r.case_type.as_deref() == Some(RV))
            .unwrap();
        assert_eq!(
            d_rv.cases.values,
            Some(sum(Form::Cases, &[&[(RV, 60, 30)]]))
        );
        assert_eq!(d_rv.cases.target, Some(80.0));
        assert_eq!(rows[16].unit.as_deref(), Some("P1-B"));
        assert_eq!(rows[16].case_type.as_deref(), Some(AC));
    }
}
