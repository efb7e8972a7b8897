//! The catalog, on both databases: case types in tree order, periods that hold current
//! reports, newest first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use thads_domain::services::catalog::{case_types, periods};
use thads_tests::db::each_backend;

#[tokio::test]
async fn case_types_in_tree_order() {
    for t in each_backend().await {
        let types = case_types(&t.db).await.unwrap();
        assert_eq!(types.len(), 18, "{}", t.backend());
        let codes: Vec<&str> = types.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(&codes[..3], ["active", AC, AV]);
        assert_eq!(
            &codes[8..11],
            ["active.other", "on_request", "on_request.criminal"]
        );
        let group = &types[0];
        assert_eq!(
            (group.name.as_str(), group.parent.as_deref(), group.position),
            ("Chủ động", None, 1)
        );
        let civil = &types[2];
        assert_eq!(
            (civil.name.as_str(), civil.parent.as_deref(), civil.position),
            ("Dân sự", Some("active"), 2)
        );
        assert_eq!(types[9].position, 2);
        assert_eq!(types[17].parent.as_deref(), Some("on_request"));
    }
}

#[tokio::test]
async fn periods_newest_first() {
    for t in each_backend().await {
        assert!(periods(&t.db).await.unwrap().is_empty());
        load_stats_data(&t.db).await;
        assert_eq!(
            periods(&t.db).await.unwrap(),
            [period(2020, 6), period(2020, 5), period(2019, 6)],
            "{}",
            t.backend()
        );
    }
}
