//! `stats` filtered by unit and case type subtrees, on both databases: a node means its whole
//! subtree, overlapping codes count an office once, the target of the whole is that of the
//! filter's nearest common unit, unknown codes are errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use thads_domain::stats::{Dimension, StatsFilter, StatsQuery, StatsRow};
use thads_domain::{DomainError, Form};
use thads_tests::db::each_backend;

fn query(units: &[&str], case_types: &[&str], group_by: &[Dimension]) -> StatsQuery {
    StatsQuery {
        period: period(2020, 6),
        filter: StatsFilter {
            units: units.iter().map(|s| (*s).to_owned()).collect(),
            case_types: case_types.iter().map(|s| (*s).to_owned()).collect(),
        },
        group_by: group_by.to_vec(),
        order_by: Vec::new(),
        limit: None,
        previous_year: true,
        as_of: None,
    }
}

async fn whole(db: &sea_orm::DatabaseConnection, units: &[&str], case_types: &[&str]) -> StatsRow {
    let mut rows = stats(db, &query(units, case_types, &[])).await.unwrap();
    assert_eq!(rows.len(), 1);
    rows.remove(0)
}

#[tokio::test]
async fn unit_filters_mean_subtrees_and_take_their_common_targets() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        // (filter, offices expected, cases, money, cases target, money target)
        let cases = [
            (
                vec!["P2"],
                2,
                Some((120, 72)),
                Some((6 * BN, 15 * BN / 10)),
                80.0,
                40.0,
            ),
            (
                vec!["P1-A", "P1-B"],
                2,
                Some((110, 55)),
                Some((4 * BN, 2 * BN)),
                70.0,
                45.0,
            ),
            (
                vec!["P1-A", "P2-D"],
                2,
                Some((200, 114)),
                Some((10 * BN, 35 * BN / 10)),
                70.0,
                40.0,
            ),
            (
                vec!["P1", "P1-A"],
                3,
                Some((110, 55)),
                Some((4 * BN, 2 * BN)),
                70.0,
                45.0,
            ),
            (
                vec!["VN"],
                5,
                Some((230, 127)),
                Some((10 * BN, 35 * BN / 10)),
                70.0,
                40.0,
            ),
            (vec!["P1-B"], 1, Some((10, 1)), None, 50.0, 45.0),
            (vec!["P1-C"], 1, None, None, 70.0, 45.0),
        ];
        for (units, expected, c, m, ct, mt) in cases {
            let row = whole(&t.db, &units, &[]).await;
            let what = format!("{backend} {units:?}");
            assert_eq!(row.offices_expected, expected, "{what}");
            assert_eq!((er(&row.cases), er(&row.money)), (c, m), "{what}");
            assert_eq!(
                (row.cases.target, row.money.target),
                (Some(ct), Some(mt)),
                "{what}"
            );
        }
        let p1 = whole(&t.db, &["P1"], &[]).await;
        assert_eq!(p1.cases.offices_reported, 2);
        assert_eq!(p1.cases.values, Some(sum(Form::Cases, &[A_CASES, B_CASES])));
    }
}

#[tokio::test]
async fn case_type_filters_mean_their_leaves() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let active = whole(&t.db, &[], &["active"]).await;
        assert_eq!(er(&active.cases), Some((170, 97)), "{backend}");
        assert_eq!(er(&active.money), Some((4 * BN, 2 * BN)));
        assert_eq!(active.cases.offices_reported, 4);
        let mixed = whole(&t.db, &[], &[AC, "on_request"]).await;
        assert_eq!(er(&mixed.cases), Some((140, 82)));
        assert_eq!(er(&mixed.money), Some((9 * BN, 27 * BN / 10)));
        assert_eq!(
            er(mixed.cases.previous_year.as_deref().unwrap()),
            Some((50, 25))
        );
        // A leaf no one reported: nothing, not zero.
        let family = whole(&t.db, &[], &["active.family"]).await;
        assert_eq!(family.cases.values, None);
        assert_eq!(family.offices_expected, 5);

        let leaves = stats(&t.db, &query(&[], &["active"], &[Dimension::CaseType]))
            .await
            .unwrap();
        assert_eq!(leaves.len(), 8);
        assert!(
            leaves
                .iter()
                .all(|r| r.case_type.as_deref().unwrap().starts_with("active."))
        );
        let groups = stats(&t.db, &query(&[], &[RV], &[Dimension::CaseGroup]))
            .await
            .unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].case_type.as_deref(), Some("on_request"));
        assert_eq!(er(&groups[0].cases), Some((60, 30)));
    }
}

#[tokio::test]
async fn both_filters_together_with_grouping() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let rows = stats(&t.db, &query(&["P2"], &["active"], &[Dimension::Office]))
            .await
            .unwrap();
        let summary: Vec<_> = rows
            .iter()
            .map(|r| (r.unit.as_deref(), er(&r.cases), er(&r.money)))
            .collect();
        assert_eq!(
            summary,
            vec![
                (Some("P2-D"), Some((40, 30)), None),
                (Some("P2-E"), Some((20, 12)), None),
            ],
            "{backend}"
        );
        assert_eq!(
            rows[0].money.offices_reported, 0,
            "D's money has no active rows"
        );
        let provinces = stats(
            &t.db,
            &query(&["P1-A", "P2-E"], &[], &[Dimension::Province]),
        )
        .await
        .unwrap();
        let summary: Vec<_> = provinces
            .iter()
            .map(|r| (r.unit.as_deref(), r.offices_expected, er(&r.cases)))
            .collect();
        assert_eq!(
            summary,
            vec![
                (Some("P1"), 1, Some((100, 54))),
                (Some("P2"), 1, Some((20, 12)))
            ]
        );
    }
}

#[tokio::test]
async fn unknown_codes_are_errors() {
    for t in each_backend().await {
        load_stats_data(&t.db).await;
        let unknown_unit = stats(&t.db, &query(&["P1", "XX"], &[], &[])).await;
        assert!(
            matches!(&unknown_unit, Err(DomainError::UnknownUnit(c)) if c == "XX"),
            "{} {unknown_unit:?}",
            t.backend()
        );
        let unknown_case = stats(&t.db, &query(&[], &["active", "nope"], &[])).await;
        assert!(
            matches!(&unknown_case, Err(DomainError::UnknownCaseType(c)) if c == "nope"),
            "{unknown_case:?}"
        );
    }
}
