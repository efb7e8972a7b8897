//! `Consolidated::gather`: a fixed number of statements (eight) whatever the number of offices, every
//! leaf case type, and the offices expected, received and missing as `completeness` gives
//! them, on both databases.

use crate::report_support::load_province;
use crate::stats_support::period;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_domain::{Field, Form};
use thads_report::Consolidated;
use thads_tests::db::each_backend;

#[tokio::test]
async fn eight_statements_and_the_missing_offices_named() {
    for mut t in each_backend().await {
        load_province(&t.db).await;
        let units = UnitTree::load(&t.db).await.unwrap();
        let cases = CaseTree::load(&t.db).await.unwrap();
        let counter = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&counter);
        t.db.set_metric_callback(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        let report = Consolidated::gather(&t.db, &units, &cases, "LA", period(2020, 9), None)
            .await
            .unwrap();
        // The unit's figures (aggregate, targets), its offices' (the same), its case types'
        // (the same), completeness, the approvals of the year (whether the figures are final).
        assert_eq!(counter.load(Ordering::SeqCst), 8);
        assert_eq!(report.approved, None);
        // Every leaf of the case tree; Tân Trụ's civil cases (70/50) the only ones there.
        assert_eq!(report.case_types.len(), 16);
        let civil = report
            .case_types
            .iter()
            .find(|l| l.code == "active.civil")
            .unwrap();
        assert_eq!(
            civil
                .cases
                .map(|o| (o.get(Field::Enforceable), o.resolved())),
            Some((70, 50))
        );
        assert_eq!(civil.money, None);
        // Every expected office with its receipts, the missing ones among them.
        let received: Vec<(&str, bool, bool)> = report
            .received
            .iter()
            .map(|r| (r.office.code.as_str(), r.cases.is_some(), r.money.is_some()))
            .collect();
        assert_eq!(
            received,
            [
                ("LA-BENLUC", true, true),
                ("LA-CANGIUOC", true, true),
                ("LA-CUC", true, true),
                ("LA-DUCHOA", true, false),
                ("LA-KIENTUONG", true, true),
                ("LA-TANTRU", true, true),
                ("LA-THANHHOA", false, false),
            ]
        );
        assert_eq!(report.offices.len(), 7);
        assert_eq!(report.offices_expected, 7);
        let missing: Vec<(&str, &[Form])> = report
            .missing
            .iter()
            .map(|m| (m.office.code.as_str(), m.forms.as_slice()))
            .collect();
        assert_eq!(
            missing,
            [
                ("LA-DUCHOA", &[Form::Money][..]),
                ("LA-THANHHOA", &[Form::Cases, Form::Money][..]),
            ]
        );
        // Missing is not zero: Thạnh Hóa has a line, without figures.
        let thanh_hoa = report.offices.last().unwrap();
        assert_eq!(thanh_hoa.office.short_name, "Thạnh Hóa");
        assert_eq!(thanh_hoa.figures.cases.enforceable, None);
        assert_eq!(thanh_hoa.rank_cases, None);
    }
}
