//! `completeness`, on both databases: which offices sent which forms for a period, from which
//! import, and which are missing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use chrono::Utc;
use thads_domain::{DomainError, Form};
use thads_tests::db::each_backend;

#[tokio::test]
async fn every_office_and_form_received_or_missing() {
    for t in each_backend().await {
        let backend = t.backend();
        let started = Utc::now();
        let imports = load_stats_data(&t.db).await;
        let june = period(2020, 6);
        let statuses = completeness(&t.db, june, None).await.unwrap();
        let summary: Vec<(&str, Form, Option<&str>)> = statuses
            .iter()
            .map(|s| {
                (
                    s.unit.as_str(),
                    s.form,
                    s.received.as_ref().map(|r| r.file_name.as_str()),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("P1-A", Form::Cases, Some("P1-A-2020-06-cases.xlsx")),
                ("P1-A", Form::Money, Some("P1-A-2020-06-money.xlsx")),
                ("P1-B", Form::Cases, Some("P1-B-2020-06-cases.xlsx")),
                ("P1-B", Form::Money, None),
                ("P1-C", Form::Cases, None),
                ("P1-C", Form::Money, None),
                ("P2-D", Form::Cases, Some("P2-D-2020-06-cases.xlsx")),
                ("P2-D", Form::Money, Some("P2-D-2020-06-money.xlsx")),
                ("P2-E", Form::Cases, Some("P2-E-2020-06-cases.xlsx")),
                ("P2-E", Form::Money, None),
            ],
            "{backend}"
        );
        assert!(statuses.iter().all(|s| s.period == june));
        let a_cases = statuses[0].received.as_ref().unwrap();
        assert_eq!(a_cases.import_id, imports.a_cases, "the replacing import");
        assert_eq!(a_cases.source, "test");
        assert!(a_cases.at >= started && a_cases.at <= Utc::now());
        assert_eq!(
            statuses[1].received.as_ref().unwrap().import_id,
            imports.a_money
        );
        assert_eq!(
            statuses[6].received.as_ref().unwrap().import_id,
            imports.d_cases
        );

        let p2 = completeness(&t.db, june, Some("P2")).await.unwrap();
        assert_eq!(p2, statuses[6..].to_vec());
        let c = completeness(&t.db, june, Some("P1-C")).await.unwrap();
        assert_eq!(c, statuses[4..6].to_vec());
        let may = completeness(&t.db, period(2020, 5), Some("P1"))
            .await
            .unwrap();
        let received: Vec<bool> = may.iter().map(|s| s.received.is_some()).collect();
        assert_eq!(received, [true, false, false, false, false, false]);
        let unknown = completeness(&t.db, june, Some("XX")).await;
        assert!(
            matches!(&unknown, Err(DomainError::UnknownUnit(c)) if c == "XX"),
            "{unknown:?}"
        );
    }
}
