//! Ranking `stats` rows, on both databases: by rates from the sums and by amounts, missing
//! values last in either direction, ties by unit code then case type code, then the limit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use thads_domain::stats::{Dimension, SortField, SortKey, StatsFilter, StatsQuery};
use thads_tests::db::each_backend;

fn key(field: SortField, descending: bool) -> SortKey {
    SortKey { field, descending }
}

async fn ranked(
    db: &sea_orm::DatabaseConnection,
    group_by: Dimension,
    order_by: &[SortKey],
    limit: Option<usize>,
) -> Vec<String> {
    let query = StatsQuery {
        period: period(2020, 6),
        filter: StatsFilter::default(),
        group_by: vec![group_by],
        order_by: order_by.to_vec(),
        limit,
        previous_year: true,
        as_of: None,
    };
    stats(db, &query)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.unit.or(r.case_type).unwrap())
        .collect()
}

#[tokio::test]
async fn offices_ranked_with_missing_last_and_ties_by_code() {
    use SortField::*;
    for t in each_backend().await {
        let backend = t.backend();
        load_stats_data(&t.db).await;
        let db = &t.db;
        let office = Dimension::Office;
        // Cases rates: A 54, B 10, C none, D 60, E 60.
        assert_eq!(
            ranked(db, office, &[key(CasesRate, true)], None).await,
            ["P2-D", "P2-E", "P1-A", "P1-B", "P1-C"],
            "{backend}"
        );
        assert_eq!(
            ranked(db, office, &[key(CasesRate, false)], None).await,
            ["P1-B", "P1-A", "P2-D", "P2-E", "P1-C"]
        );
        assert_eq!(
            ranked(db, office, &[key(CasesRate, true)], Some(3)).await,
            ["P2-D", "P2-E", "P1-A"]
        );
        // Money enforceable: D 6e9, A 4e9, the others none.
        assert_eq!(
            ranked(db, office, &[key(MoneyEnforceable, true)], None).await,
            ["P2-D", "P1-A", "P1-B", "P1-C", "P2-E"]
        );
        // Cases resolved: B 1, E 12, A 54, D 60.
        assert_eq!(
            ranked(db, office, &[key(CasesResolved, false)], None).await,
            ["P1-B", "P2-E", "P1-A", "P2-D", "P1-C"]
        );
        assert_eq!(
            ranked(db, office, &[key(CasesEnforceable, true)], None).await,
            ["P1-A", "P2-D", "P2-E", "P1-B", "P1-C"]
        );
        // Money rate (A 50, D 25, others none), then cases rate ascending among the rest.
        assert_eq!(
            ranked(
                db,
                office,
                &[key(MoneyRate, true), key(CasesRate, false)],
                None
            )
            .await,
            ["P1-A", "P2-D", "P1-B", "P2-E", "P1-C"]
        );
        assert_eq!(
            ranked(db, office, &[key(MoneyResolved, false)], Some(1)).await,
            ["P2-D"]
        );
        // No order: by code; the limit still applies.
        assert_eq!(ranked(db, office, &[], Some(2)).await, ["P1-A", "P1-B"]);
        assert!(ranked(db, office, &[], Some(0)).await.is_empty());
        assert_eq!(
            ranked(db, Dimension::Province, &[key(CasesRate, true)], None).await,
            ["P2", "P1"]
        );
    }
}

#[tokio::test]
async fn case_types_ranked_with_ties_by_code() {
    for t in each_backend().await {
        load_stats_data(&t.db).await;
        // Cases rates: active.criminal 65, active.civil 50, on_request.civil 50, others none.
        let ranking = ranked(
            &t.db,
            Dimension::CaseType,
            &[key(SortField::CasesRate, true)],
            Some(5),
        )
        .await;
        assert_eq!(
            ranking,
            [AC, AV, RV, "active.administrative", "active.bankruptcy"],
            "{}",
            t.backend()
        );
    }
}
