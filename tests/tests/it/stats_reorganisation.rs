//! Statistics through the reorganisation of 1 July 2025, on both databases: as reported and
//! mapped onto the units of another day (`asOf`), the year before of a regional office (the
//! sum of the offices it replaced), a series and its month alone across the change, and
//! completeness before and after.
//!
//! Registry: `tests/fixtures/reorganisation/units.csv` (old Long An and Tây Ninh end on
//! 2025-06-30; TN-CUC succeeds both departments, TN-KV1 the two Tây Ninh districts, TN-KV2 Tân
//! Trụ and Châu Thành of Long An, TN-KV3 Bến Lức; Vĩnh Long's offices have no predecessors).
//! Cases reports, every row `active.criminal` `(enforceable, resolved)`:
//!
//! | office        | 2025-3  | 2025-8 | 2025-9 | 2025-10 | 2025-11 | 2026-3  |
//! |---------------|---------|--------|--------|---------|---------|---------|
//! | LA-CUC        | 100/30  |        |        |         |         |         |
//! | LA-TANTRU     | 20/5    | 30/12  | 32/15  |         |         |         |
//! | LA-CHAUTHANH  | 10/2    | 14/6   | 15/8   |         |         |         |
//! | LA-BENLUC     | 8/4     |        | 9/5    |         |         |         |
//! | TNM-CUC       | 50/20   |        |        |         |         |         |
//! | TNM-CHAUTHANH | 40/10   | 44/20  | 45/25  |         |         |         |
//! | TNM-HOATHANH  | 6/1     | 7/3    |        |         |         |         |
//! | TN-CUC        |         |        |        |         |         | 140/60  |
//! | TN-KV1        |         |        |        | 55/30   |         | 30/9    |
//! | TN-KV2        |         |        |        | 50/26   | 52/30   | 12/4    |
//! | TN-KV3        |         |        |        | 10/6    |         | 3/1     |
//! | VL-KV1        |         |        |        | 5/1     |         |         |
//!
//! Money: LA-TANTRU 2025-3 2e9/1e9, TN-KV2 2026-3 3e9/1e9. Targets: 2026 TN cases 60.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use thads_domain::Form;
use thads_domain::services::registry::{CaseTree, UnitTree, import_targets_csv, import_units_csv};
use thads_domain::services::stats as service;
use thads_domain::stats::{Dimension, SeriesQuery, StatsFilter, StatsQuery, StatsRow};
use thads_tests::db::each_backend;

const REGISTRY: &str = include_str!("../../fixtures/reorganisation/units.csv");

const LA_CUC_3: &[Row] = &[(AC, 100, 30)];
const TANTRU_3: &[Row] = &[(AC, 20, 5)];
const TANTRU_8: &[Row] = &[(AC, 30, 12)];
const TANTRU_9: &[Row] = &[(AC, 32, 15)];
const CHAUTHANH_3: &[Row] = &[(AC, 10, 2)];
const CHAUTHANH_8: &[Row] = &[(AC, 14, 6)];
const CHAUTHANH_9: &[Row] = &[(AC, 15, 8)];
const BENLUC_3: &[Row] = &[(AC, 8, 4)];
const BENLUC_9: &[Row] = &[(AC, 9, 5)];
const TNM_CUC_3: &[Row] = &[(AC, 50, 20)];
const TNM_CHAUTHANH_3: &[Row] = &[(AC, 40, 10)];
const TNM_CHAUTHANH_8: &[Row] = &[(AC, 44, 20)];
const TNM_CHAUTHANH_9: &[Row] = &[(AC, 45, 25)];
const HOATHANH_3: &[Row] = &[(AC, 6, 1)];
const HOATHANH_8: &[Row] = &[(AC, 7, 3)];
const TN_CUC_2026: &[Row] = &[(AC, 140, 60)];
const KV1_10: &[Row] = &[(AC, 55, 30)];
const KV1_2026: &[Row] = &[(AC, 30, 9)];
const KV2_10: &[Row] = &[(AC, 50, 26)];
const KV2_11: &[Row] = &[(AC, 52, 30)];
const KV2_2026: &[Row] = &[(AC, 12, 4)];
const KV3_10: &[Row] = &[(AC, 10, 6)];
const KV3_2026: &[Row] = &[(AC, 3, 1)];
const VL_KV1_10: &[Row] = &[(AC, 5, 1)];
const TANTRU_MONEY_3: &[Row] = &[(AC, 2 * BN, BN)];
const KV2_MONEY_2026: &[Row] = &[(AC, 3 * BN, BN)];

async fn load(db: &DatabaseConnection) {
    import_units_csv(db, REGISTRY.as_bytes()).await.unwrap();
    import_targets_csv(db, "year,unit,measure,rate\n2026,TN,cases,60\n".as_bytes())
        .await
        .unwrap();
    let cases: [(&str, (i32, u8), &[Row]); 23] = [
        ("LA-CUC", (2025, 3), LA_CUC_3),
        ("LA-TANTRU", (2025, 3), TANTRU_3),
        ("LA-TANTRU", (2025, 8), TANTRU_8),
        ("LA-TANTRU", (2025, 9), TANTRU_9),
        ("LA-CHAUTHANH", (2025, 3), CHAUTHANH_3),
        ("LA-CHAUTHANH", (2025, 8), CHAUTHANH_8),
        ("LA-CHAUTHANH", (2025, 9), CHAUTHANH_9),
        ("LA-BENLUC", (2025, 3), BENLUC_3),
        ("LA-BENLUC", (2025, 9), BENLUC_9),
        ("TNM-CUC", (2025, 3), TNM_CUC_3),
        ("TNM-CHAUTHANH", (2025, 3), TNM_CHAUTHANH_3),
        ("TNM-CHAUTHANH", (2025, 8), TNM_CHAUTHANH_8),
        ("TNM-CHAUTHANH", (2025, 9), TNM_CHAUTHANH_9),
        ("TNM-HOATHANH", (2025, 3), HOATHANH_3),
        ("TNM-HOATHANH", (2025, 8), HOATHANH_8),
        ("TN-CUC", (2026, 3), TN_CUC_2026),
        ("TN-KV1", (2025, 10), KV1_10),
        ("TN-KV1", (2026, 3), KV1_2026),
        ("TN-KV2", (2025, 10), KV2_10),
        ("TN-KV2", (2025, 11), KV2_11),
        ("TN-KV2", (2026, 3), KV2_2026),
        ("TN-KV3", (2025, 10), KV3_10),
        ("TN-KV3", (2026, 3), KV3_2026),
    ];
    for (unit, period, rows) in cases {
        store(db, unit, period, Form::Cases, rows).await;
    }
    store(db, "VL-KV1", (2025, 10), Form::Cases, VL_KV1_10).await;
    store(db, "LA-TANTRU", (2025, 3), Form::Money, TANTRU_MONEY_3).await;
    store(db, "TN-KV2", (2026, 3), Form::Money, KV2_MONEY_2026).await;
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn query(
    (year, months): (i32, u8),
    units: &[&str],
    group_by: &[Dimension],
    as_of: Option<&str>,
) -> StatsQuery {
    StatsQuery {
        period: period(year, months),
        filter: StatsFilter {
            units: units.iter().map(|u| (*u).to_owned()).collect(),
            case_types: Vec::new(),
        },
        group_by: group_by.to_vec(),
        order_by: Vec::new(),
        limit: None,
        previous_year: true,
        as_of: as_of.map(day),
    }
}

fn cases(reports: &[&[Row]]) -> Option<thads_domain::Outcome> {
    Some(sum(Form::Cases, reports))
}

/// Each row's unit, offices expected, offices reported (cases) and cases.
type Seen = (Option<String>, u32, u32, Option<thads_domain::Outcome>);

fn seen(rows: &[StatsRow]) -> Vec<Seen> {
    rows.iter()
        .map(|r| {
            (
                r.unit.clone(),
                r.offices_expected,
                r.cases.offices_reported,
                r.cases.values,
            )
        })
        .collect()
}

fn unit(code: &str) -> Option<String> {
    Some(code.to_owned())
}

#[tokio::test]
async fn a_regional_office_beside_the_offices_it_replaced_a_year_before() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let rows = stats(
            &t.db,
            &query((2026, 3), &["TN"], &[Dimension::Office], None),
        )
        .await
        .unwrap();
        assert_eq!(
            seen(&rows),
            [
                (unit("TN-CUC"), 1, 1, cases(&[TN_CUC_2026])),
                (unit("TN-KV1"), 1, 1, cases(&[KV1_2026])),
                (unit("TN-KV2"), 1, 1, cases(&[KV2_2026])),
                (unit("TN-KV3"), 1, 1, cases(&[KV3_2026])),
            ],
            "{backend}"
        );
        let before: Vec<(u32, Option<thads_domain::Outcome>)> = rows
            .iter()
            .map(|r| {
                let p = r.cases.previous_year.as_deref().unwrap();
                (p.offices_reported, p.values)
            })
            .collect();
        assert_eq!(
            before,
            [
                (2, cases(&[LA_CUC_3, TNM_CUC_3])),
                (2, cases(&[TNM_CHAUTHANH_3, HOATHANH_3])),
                (2, cases(&[TANTRU_3, CHAUTHANH_3])),
                (1, cases(&[BENLUC_3])),
            ],
            "{backend}"
        );
        let kv2 = &rows[2];
        assert_eq!(kv2.cases.target, Some(60.0), "inherited from TN");
        let money_before = kv2.money.previous_year.as_deref().unwrap();
        assert_eq!(er(money_before), Some((2 * BN, BN)), "{backend}");
        assert_eq!(er(&kv2.money), Some((3 * BN, BN)));

        // By province, over the whole nation: the new Tây Ninh's year before is every old
        // office of both provinces; Vĩnh Long's offices replaced none that reported.
        let rows = stats(&t.db, &query((2026, 3), &[], &[Dimension::Province], None))
            .await
            .unwrap();
        assert_eq!(
            seen(&rows),
            [
                (
                    unit("TN"),
                    4,
                    4,
                    cases(&[TN_CUC_2026, KV1_2026, KV2_2026, KV3_2026])
                ),
                (unit("VL"), 4, 0, None),
            ],
            "{backend}"
        );
        let tn_before = rows[0].cases.previous_year.as_deref().unwrap();
        assert_eq!(
            (tn_before.offices_reported, tn_before.values),
            (
                7,
                cases(&[
                    LA_CUC_3,
                    TANTRU_3,
                    CHAUTHANH_3,
                    BENLUC_3,
                    TNM_CUC_3,
                    TNM_CHAUTHANH_3,
                    HOATHANH_3
                ])
            ),
            "{backend}"
        );
        assert_eq!(rows[1].cases.previous_year, None);
    }
}

#[tokio::test]
async fn as_reported_and_mapped_onto_another_day() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        // As reported: June 2025's offices, the old ones.
        let rows = stats(&t.db, &query((2025, 9), &[], &[Dimension::Office], None))
            .await
            .unwrap();
        assert_eq!(
            seen(&rows),
            [
                (unit("LA-BENLUC"), 1, 1, cases(&[BENLUC_9])),
                (unit("LA-CHAUTHANH"), 1, 1, cases(&[CHAUTHANH_9])),
                (unit("LA-CUC"), 1, 0, None),
                (unit("LA-TANTRU"), 1, 1, cases(&[TANTRU_9])),
                (unit("TNM-CHAUTHANH"), 1, 1, cases(&[TNM_CHAUTHANH_9])),
                (unit("TNM-CUC"), 1, 0, None),
                (unit("TNM-HOATHANH"), 1, 0, None),
            ],
            "{backend}"
        );
        let rows = stats(&t.db, &query((2025, 9), &[], &[Dimension::Province], None))
            .await
            .unwrap();
        assert_eq!(
            seen(&rows),
            [
                (unit("LA"), 4, 3, cases(&[TANTRU_9, CHAUTHANH_9, BENLUC_9])),
                (unit("TNM"), 3, 1, cases(&[TNM_CHAUTHANH_9])),
            ],
            "{backend}"
        );
        // The same figures on the units of 1 July 2025: each regional office expects the
        // offices it replaced.
        let mapped = Some("2025-07-01");
        let rows = stats(
            &t.db,
            &query((2025, 9), &["TN"], &[Dimension::Office], mapped),
        )
        .await
        .unwrap();
        assert_eq!(
            seen(&rows),
            [
                (unit("TN-CUC"), 2, 0, None),
                (unit("TN-KV1"), 2, 1, cases(&[TNM_CHAUTHANH_9])),
                (unit("TN-KV2"), 2, 2, cases(&[TANTRU_9, CHAUTHANH_9])),
                (unit("TN-KV3"), 1, 1, cases(&[BENLUC_9])),
            ],
            "{backend}"
        );
        let all_of_june = cases(&[TANTRU_9, CHAUTHANH_9, BENLUC_9, TNM_CHAUTHANH_9]);
        let rows = stats(
            &t.db,
            &query((2025, 9), &[], &[Dimension::Province], mapped),
        )
        .await
        .unwrap();
        assert_eq!(
            seen(&rows),
            [(unit("TN"), 7, 4, all_of_june), (unit("VL"), 0, 0, None)],
            "{backend}"
        );
        // Ungrouped, the day changes nothing: the same offices, the same sums.
        for as_of in [None, mapped] {
            let rows = stats(&t.db, &query((2025, 9), &[], &[], as_of))
                .await
                .unwrap();
            assert_eq!(
                seen(&rows),
                [(None, 7, 4, all_of_june)],
                "{backend} {as_of:?}"
            );
        }
        // A province that no longer exists has no offices on a later day.
        let rows = stats(&t.db, &query((2025, 9), &["LA"], &[], Some("2026-01-01")))
            .await
            .unwrap();
        assert_eq!(seen(&rows), [(None, 0, 0, None)], "{backend}");
    }
}

async fn series(
    db: &DatabaseConnection,
    year: i32,
    units: &[&str],
    as_of: Option<&str>,
) -> Vec<StatsRow> {
    series_by(db, year, units, &[Dimension::Office], as_of).await
}

async fn series_by(
    db: &DatabaseConnection,
    year: i32,
    units: &[&str],
    group_by: &[Dimension],
    as_of: Option<&str>,
) -> Vec<StatsRow> {
    let query = SeriesQuery {
        year,
        filter: StatsFilter {
            units: units.iter().map(|u| (*u).to_owned()).collect(),
            case_types: Vec::new(),
        },
        group_by: group_by.to_vec(),
        previous_year: false,
        as_of: as_of.map(day),
    };
    let (units, cases) = (
        UnitTree::load(db).await.unwrap(),
        CaseTree::load(db).await.unwrap(),
    );
    service::series(db, &units, &cases, &query).await.unwrap()
}

#[tokio::test]
async fn a_series_and_its_month_alone_run_through_the_change() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let rows = series(&t.db, 2025, &["TN-KV2"], None).await;
        let months: Vec<u8> = rows.iter().map(|r| r.period.months()).collect();
        assert_eq!(months, [3, 8, 9, 10, 11], "{backend}");
        assert!(rows.iter().all(|r| r.unit.as_deref() == Some("TN-KV2")));
        assert_eq!(
            seen(&rows),
            [
                (unit("TN-KV2"), 2, 2, cases(&[TANTRU_3, CHAUTHANH_3])),
                (unit("TN-KV2"), 2, 2, cases(&[TANTRU_8, CHAUTHANH_8])),
                (unit("TN-KV2"), 2, 2, cases(&[TANTRU_9, CHAUTHANH_9])),
                (unit("TN-KV2"), 1, 1, cases(&[KV2_10])),
                (unit("TN-KV2"), 1, 1, cases(&[KV2_11])),
            ],
            "{backend}"
        );
        let alone: Vec<_> = rows.iter().map(|r| r.cases.month_alone).collect();
        let minus_of =
            |a: &[&[Row]], b: &[&[Row]]| Some(minus(sum(Form::Cases, a), sum(Form::Cases, b)));
        assert_eq!(
            alone,
            [
                None, // no report of month 2
                None, // no report of month 7
                minus_of(&[TANTRU_9, CHAUTHANH_9], &[TANTRU_8, CHAUTHANH_8]),
                // Its own month 10 less its predecessors' month 9.
                minus_of(&[KV2_10], &[TANTRU_9, CHAUTHANH_9]),
                minus_of(&[KV2_11], &[KV2_10]),
            ],
            "{backend}"
        );

        // Hòa Thành never sent month 9, so KV1's month 10 alone cannot be told.
        let rows = series(&t.db, 2025, &["TN-KV1"], None).await;
        let by_month: Vec<(u8, u32, u32, bool)> = rows
            .iter()
            .map(|r| {
                (
                    r.period.months(),
                    r.offices_expected,
                    r.cases.offices_reported,
                    r.cases.month_alone.is_some(),
                )
            })
            .collect();
        assert_eq!(
            by_month,
            [
                (3, 2, 2, false),
                (8, 2, 2, false),
                (9, 2, 1, false),
                (10, 1, 1, false)
            ],
            "{backend}"
        );

        // On the units of June 2025, Tân Trụ's series stops with Tân Trụ.
        let rows = series(&t.db, 2025, &["LA-TANTRU"], Some("2025-06-30")).await;
        assert_eq!(
            seen(&rows),
            [
                (unit("LA-TANTRU"), 1, 1, cases(&[TANTRU_3])),
                (unit("LA-TANTRU"), 1, 1, cases(&[TANTRU_8])),
                (unit("LA-TANTRU"), 1, 1, cases(&[TANTRU_9])),
            ],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_province_series_adds_up_the_old_provinces_under_the_new_one() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        // Every office of old Long An and old Tây Ninh stands for an office of the new Tây
        // Ninh, so both old provinces count whole under it (read from their period sums).
        let tn = [
            (
                unit("TN"),
                7,
                7,
                cases(&[
                    LA_CUC_3,
                    TANTRU_3,
                    CHAUTHANH_3,
                    BENLUC_3,
                    TNM_CUC_3,
                    TNM_CHAUTHANH_3,
                    HOATHANH_3,
                ]),
            ),
            (
                unit("TN"),
                7,
                4,
                cases(&[TANTRU_8, CHAUTHANH_8, TNM_CHAUTHANH_8, HOATHANH_8]),
            ),
            (
                unit("TN"),
                7,
                4,
                cases(&[TANTRU_9, CHAUTHANH_9, BENLUC_9, TNM_CHAUTHANH_9]),
            ),
            (unit("TN"), 4, 3, cases(&[KV1_10, KV2_10, KV3_10])),
            (unit("TN"), 4, 1, cases(&[KV2_11])),
        ];
        let rows = series_by(&t.db, 2025, &[], &[Dimension::Province], None).await;
        let by_province: Vec<Seen> = seen(&rows);
        let of = |code: &str| -> Vec<Seen> {
            by_province
                .iter()
                .filter(|r| r.0.as_deref() == Some(code))
                .cloned()
                .collect()
        };
        assert_eq!(of("TN"), tn, "{backend}");
        assert_eq!(
            of("VL"),
            [
                (unit("VL"), 0, 0, None),
                (unit("VL"), 0, 0, None),
                (unit("VL"), 0, 0, None),
                (unit("VL"), 4, 1, cases(&[VL_KV1_10])),
                (unit("VL"), 4, 0, None),
            ],
            "{backend}"
        );
        // The offices changed with the reorganisation, and never the same ones reported two
        // months running: no month alone can be told.
        assert!(
            rows.iter().all(|r| r.cases.month_alone.is_none()),
            "{backend}"
        );

        // The new province alone, not split: the same figures.
        let rows = series_by(&t.db, 2025, &["TN"], &[], None).await;
        let whole: Vec<Seen> = seen(&rows)
            .into_iter()
            .map(|(_, expected, reported, values)| (unit("TN"), expected, reported, values))
            .collect();
        assert_eq!(whole, tn, "{backend}");
    }
}

#[tokio::test]
async fn completeness_expects_the_offices_of_the_period() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let offices = |statuses: Vec<thads_domain::stats::ReportStatus>| {
            let mut codes: Vec<String> = statuses.into_iter().map(|s| s.unit).collect();
            codes.dedup();
            codes
        };
        let june = completeness(&t.db, period(2025, 9), None).await.unwrap();
        assert_eq!(
            offices(june),
            [
                "LA-BENLUC",
                "LA-CHAUTHANH",
                "LA-CUC",
                "LA-TANTRU",
                "TNM-CHAUTHANH",
                "TNM-CUC",
                "TNM-HOATHANH"
            ],
            "{backend}"
        );
        let july = completeness(&t.db, period(2025, 10), Some("TN"))
            .await
            .unwrap();
        let received: Vec<(String, bool)> = july
            .iter()
            .filter(|s| s.form == Form::Cases)
            .map(|s| (s.unit.clone(), s.received.is_some()))
            .collect();
        assert_eq!(
            received,
            [
                ("TN-CUC".to_owned(), false),
                ("TN-KV1".to_owned(), true),
                ("TN-KV2".to_owned(), true),
                ("TN-KV3".to_owned(), true),
            ],
            "{backend}"
        );
        let july_all = completeness(&t.db, period(2025, 10), None).await.unwrap();
        assert_eq!(offices(july_all).len(), 8, "{backend}: 4 of TN, 4 of VL");
        // On the units of July, the regional office's June is its predecessors'.
        let units = UnitTree::load(&t.db).await.unwrap();
        let mapped = service::completeness(
            &t.db,
            &units,
            period(2025, 9),
            Some("TN-KV2"),
            Some(day("2025-07-01")),
        )
        .await
        .unwrap();
        assert_eq!(offices(mapped), ["LA-CHAUTHANH", "LA-TANTRU"], "{backend}");
        // The old province had no offices in July.
        let old = completeness(&t.db, period(2025, 10), Some("LA"))
            .await
            .unwrap();
        assert!(old.is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn graphql_names_each_regional_office_beside_its_predecessors() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let schema = crate::api_support::schema(&t);
        let answer = crate::api_support::data(
            &schema,
            r#"{ stats(period: {year: 2026, months: 3}, filter: {units: ["TN"]},
                       groupBy: [OFFICE]) {
                   unit { code predecessors { code } }
                   cases { resolved previousYear { resolved } } } }"#,
        )
        .await;
        // Resolved cases of December 2025, and of December 2024 by the offices replaced.
        let row = |code: &str, predecessors: &[&str], resolved: i64, before: i64| {
            let predecessors: Vec<_> = predecessors
                .iter()
                .map(|c| serde_json::json!({ "code": c }))
                .collect();
            serde_json::json!({
                "unit": { "code": code, "predecessors": predecessors },
                "cases": { "resolved": resolved, "previousYear": { "resolved": before } },
            })
        };
        assert_eq!(
            answer,
            serde_json::json!({ "stats": [
                row("TN-CUC", &["LA-CUC", "TNM-CUC"], 60, 30 + 20),
                row("TN-KV1", &["TNM-CHAUTHANH", "TNM-HOATHANH"], 9, 10 + 1),
                row("TN-KV2", &["LA-CHAUTHANH", "LA-TANTRU"], 4, 5 + 2),
                row("TN-KV3", &["LA-BENLUC"], 1, 4),
            ]}),
            "{backend}"
        );
        // The same month of 2025 on the units of 2026, and a bad day refused.
        let answer = crate::api_support::data(
            &schema,
            r#"{ stats(period: {year: 2025, months: 9}, filter: {units: ["TN-KV2"]},
                       asOf: "2026-01-01") { officesExpected cases { resolved } } }"#,
        )
        .await;
        assert_eq!(
            answer,
            serde_json::json!({ "stats": [
                { "officesExpected": 2, "cases": { "resolved": 15 + 8 } }
            ]}),
            "{backend}"
        );
        let (_, message) = crate::api_support::error(
            &schema,
            r#"{ stats(period: {year: 2025, months: 9}, asOf: "2025-02-30") { officesExpected } }"#,
        )
        .await;
        assert!(message.contains("yyyy-mm-dd"), "{backend}: {message}");
    }
}

#[tokio::test]
async fn graphiql_opens_on_a_province_of_the_newest_period() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let server = crate::api_http::start(&t).await;
        let page = crate::upload_support::client()
            .get(server.url("/"))
            .send()
            .await
            .unwrap();
        let config = crate::api_http::page_config(&page.text().await.unwrap());
        let example = config["defaultQuery"].as_str().unwrap();
        // Long An, first by code, had ended by December 2025; the new Tây Ninh had not.
        assert!(
            example.contains("year: 2026, months: 3"),
            "{backend}: {example}"
        );
        assert!(example.contains(r#"units: ["TN"]"#), "{backend}: {example}");
    }
}

#[tokio::test]
async fn the_report_on_the_units_of_another_day_names_the_offices_replaced() {
    for t in each_backend().await {
        let backend = t.backend();
        load(&t.db).await;
        let args = ["--unit", "TN-KV2", "--year", "2025", "--months", "9"];
        let run =
            crate::report_support::report(&t, &[&args[..], &["--asof", "2025-07-01"]].concat())
                .await;
        assert_eq!(run.code, 0, "{backend}: {run:#?}");
        // Both offices replaced sent their cases and neither its money.
        let expected = "Chưa nhận được báo cáo của 2/2 đơn vị: \
                        Châu Thành (chưa gửi Mẫu 02/TK-THA); Tân Trụ (chưa gửi Mẫu 02/TK-THA)";
        assert!(run.stdout.contains(expected), "{backend}: {}", run.stdout);
        // On the units of its period's end, khu vực 2 did not exist yet.
        let run = crate::report_support::report(&t, &args).await;
        assert_eq!(run.code, 4, "{backend}: {run:#?}");
    }
}
