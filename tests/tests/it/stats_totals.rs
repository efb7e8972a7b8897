//! `stats` without grouping, on both databases: sums over the current reports of the period
//! only, rates from the sums (not averaged), targets, the previous year, money past 2³¹.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use thads_domain::stats::{Dimension, StatsFilter, StatsQuery, StatsRow};
use thads_domain::{Field, Form};
use thads_tests::db::each_backend;

fn whole(year: i32, months: u8) -> StatsQuery {
    StatsQuery {
        period: period(year, months),
        filter: StatsFilter::default(),
        group_by: Vec::new(),
        order_by: Vec::new(),
        limit: None,
        previous_year: true,
        as_of: None,
    }
}

async fn one_row(db: &sea_orm::DatabaseConnection, query: &StatsQuery) -> StatsRow {
    let mut rows = stats(db, query).await.unwrap();
    assert_eq!(rows.len(), 1);
    rows.remove(0)
}

#[tokio::test]
async fn the_whole_adds_up_current_reports_and_derives_rates_from_the_sums() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let row = one_row(&t.db, &whole(2020, 6)).await;
        assert_eq!(row.unit, None, "{backend}");
        assert_eq!(row.case_type, None);
        assert_eq!(row.period, period(2020, 6));
        assert_eq!(row.offices_expected, 5);

        // Cases: A's replaced report counted once, A's report of 5 months not at all.
        let cases = &row.cases;
        assert_eq!(
            cases.values,
            Some(sum(Form::Cases, &[A_CASES, B_CASES, D_CASES, E_CASES])),
            "{backend}"
        );
        assert_eq!(er(cases), Some((230, 127)));
        assert_eq!(cases.offices_reported, 4);
        // 127 / 230, not the mean of the offices' rates (54, 10, 60, 60 → 46).
        assert_rate(cases.rate(), Some(127.0 * 100.0 / 230.0));
        assert!((cases.rate().unwrap() - 46.0).abs() > 9.0);
        assert_eq!(cases.target, Some(70.0));
        assert_rate(cases.prorated_target(row.period), Some(35.0));
        assert_rate(cases.gap_to_target(), Some(70.0 - 127.0 * 100.0 / 230.0));
        assert_eq!(cases.month_alone, None);
        let before = cases.previous_year.as_deref().unwrap();
        assert_eq!(before.values, Some(sum(Form::Cases, &[A_CASES_2019])));
        assert_eq!(er(before), Some((50, 25)));
        assert_eq!(before.offices_reported, 1);
        assert_eq!(before.target, Some(65.0), "the previous year's target");
        assert_eq!(before.previous_year, None);

        // Money: whole đồng beyond 2³¹, and reduced counts as resolved.
        let money = &row.money;
        assert_eq!(money.values, Some(sum(Form::Money, &[A_MONEY, D_MONEY])));
        assert_eq!(er(money), Some((10 * BN, 35 * BN / 10)));
        assert_eq!(
            money.get(Field::Reduced),
            Some((12 * BN / 10 + 8 * BN / 10 + 15 * BN / 10) / 5)
        );
        assert_eq!(money.offices_reported, 2);
        assert_rate(money.rate(), Some(35.0));
        assert_eq!(money.target, Some(40.0));
        let before = money.previous_year.as_deref().unwrap();
        assert_eq!(er(before), Some((2 * BN, BN)));
        assert_eq!(before.target, None, "no money target for 2019");
    }
}

#[tokio::test]
async fn each_period_counts_its_own_reports_only() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let may = one_row(&t.db, &whole(2020, 5)).await;
        assert_eq!(er(&may.cases), Some((8, 5)), "{backend}");
        assert_eq!(may.cases.offices_reported, 1);
        assert_eq!(may.cases.previous_year, None, "nothing in 2019-5");
        assert_eq!(may.money.values, None, "missing is not zero");
        assert_eq!(may.money.offices_reported, 0);
        assert_eq!(may.money.target, Some(40.0));

        let empty = one_row(&t.db, &whole(2021, 6)).await;
        assert_eq!(empty.offices_expected, 5);
        assert_eq!(empty.cases.values, None);
        assert_eq!(empty.cases.target, None, "no target for 2021");
        // 2020-6 is the same period of the year before.
        assert_eq!(
            er(empty.cases.previous_year.as_deref().unwrap()),
            Some((230, 127))
        );
    }
}

#[tokio::test]
async fn an_empty_database_gives_one_row_of_nothing() {
    for t in each_backend().await {
        let row = one_row(&t.db, &whole(2020, 6)).await;
        assert_eq!(row.offices_expected, 0, "{}", t.backend());
        assert_eq!(row.cases.values, None);
        assert_eq!(row.cases.target, None);
        assert_eq!(row.money.previous_year, None);
    }
}

#[tokio::test]
async fn without_the_year_before_the_rest_is_the_same() {
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let groupings = [
            vec![],
            vec![Dimension::Province],
            vec![Dimension::Office, Dimension::CaseGroup],
        ];
        for group_by in groupings {
            let mut query = StatsQuery {
                group_by,
                ..whole(2020, 6)
            };
            let with = stats(&t.db, &query).await.unwrap();
            assert!(
                with.iter().any(|r| r.cases.previous_year.is_some()),
                "{backend}"
            );
            query.previous_year = false;
            let without = stats(&t.db, &query).await.unwrap();
            assert_eq!(without, without_previous_year(with), "{backend}");
        }
    }
}
