//! `stats` and `series` through the GraphQL schema, in process, on workbooks imported with
//! `thads import`: full answers against values computed by hand from the rows written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::*;
use serde_json::{Map, Value, json};
use thads_domain::{Form, Outcome};
use thads_tests::db::each_backend;

/// The columns of a form with more fields.
fn with(form: Form, o: Option<Outcome>, extra: Value) -> Value {
    let mut map: Map<String, Value> = columns(form, o);
    if let Value::Object(more) = extra {
        map.extend(more);
    }
    Value::Object(map)
}

/// `target − rate`, as the API computes it.
fn gap(target: f64, o: &Outcome) -> Value {
    json!(o.rate().map(|r| target - r))
}

#[tokio::test]
async fn totals_of_everything_with_targets_and_previous_year() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let schema = schema(&t);
        let query = format!(
            "{{ stats(period: {{year: 2020, months: 9}}) {{
                unit {{ code }} caseType {{ code }}
                period {{ year months label start end }}
                officesExpected officesReported
                cases {{ {c} target gapToTarget proratedTarget officesReported monthAlone {{ rate }}
                         previousYear {{ {c} target proratedTarget officesReported }} }}
                money {{ {m} target gapToTarget proratedTarget officesReported
                         previousYear {{ enforceable resolved target }} }}
            }} }}",
            c = selection(Form::Cases),
            m = selection(Form::Money),
        );
        // The replaced report of Bến Lức counts once, with its new values.
        let cases = sum(Form::Cases, &[TANTRU_CASES, BENLUC_CASES, CAIBE_CASES]);
        let money = sum(Form::Money, &[TANTRU_MONEY, BENLUC_MONEY, CAIBE_MONEY]);
        let cases_2019 = sum(Form::Cases, &[TANTRU_CASES_2019]);
        let money_2019 = sum(Form::Money, &[TANTRU_MONEY_2019]);
        assert_eq!(cases.get(thads_domain::Field::Enforceable), 270);
        assert_eq!(cases.resolved(), 152);
        // Beyond 2³¹, exact.
        assert_eq!(
            money.get(thads_domain::Field::Enforceable),
            9_294_967_297_000
        );
        let expected = json!({ "stats": [{
            "unit": null, "caseType": null,
            "period": { "year": 2020, "months": 9, "label": "9 tháng năm 2020",
                        "start": "2019-10-01", "end": "2020-06-30" },
            "officesExpected": 4, "officesReported": 3,
            "cases": with(Form::Cases, Some(cases), json!({
                "target": 70.0, "gapToTarget": gap(70.0, &cases), "proratedTarget": 52.5,
                "officesReported": 3, "monthAlone": null,
                "previousYear": with(Form::Cases, Some(cases_2019), json!({
                    "target": 65.0, "proratedTarget": 48.75, "officesReported": 1,
                })),
            })),
            "money": with(Form::Money, Some(money), json!({
                "target": 40.0, "gapToTarget": gap(40.0, &money), "proratedTarget": 30.0,
                "officesReported": 3,
                "previousYear": {
                    "enforceable": 1_000_000_000_000_i64, "resolved": money_2019.resolved(),
                    "target": null,
                },
            })),
        }]});
        assert_eq!(data(&schema, &query).await, expected, "{}", t.backend());
        assert_eq!(
            expected["stats"][0]["money"]["enforceable"],
            json!(9_294_967_297_000_i64)
        );
    }
}

#[tokio::test]
async fn offices_of_a_province_ranked_with_a_missing_office_last() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let schema = schema(&t);
        let query = r#"{ stats(period: {year: 2020, months: 9}, filter: {units: ["LA"]},
                groupBy: [OFFICE], orderBy: [{field: CASES_RATE, direction: DESC}]) {
            unit { code name } officesExpected officesReported
            cases { enforceable resolved rate target gapToTarget proratedTarget officesReported
                    previousYear { enforceable resolved rate target } }
            money { enforceable resolved rate target }
        } }"#;
        let benluc = sum(Form::Cases, &[BENLUC_CASES]);
        let tantru = sum(Form::Cases, &[TANTRU_CASES]);
        let tantru_money = sum(Form::Money, &[TANTRU_MONEY]);
        let expected = json!({ "stats": [
            {
                "unit": { "code": "LA-BENLUC", "name": "Chi cục Thi hành án dân sự huyện Bến Lức" },
                "officesExpected": 1, "officesReported": 1,
                "cases": { "enforceable": 40, "resolved": 24, "rate": 60.0, "target": 75.0,
                           "gapToTarget": 15.0, "proratedTarget": 56.25, "officesReported": 1,
                           "previousYear": null },
                "money": { "enforceable": 3_000_000_000_000_i64, "resolved": 1_500_000_000_000_i64,
                           "rate": 50.0, "target": 40.0 },
            },
            {
                "unit": { "code": "LA-TANTRU", "name": "Chi cục Thi hành án dân sự huyện Tân Trụ" },
                "officesExpected": 1, "officesReported": 1,
                "cases": { "enforceable": 150, "resolved": 80, "rate": rate(&tantru),
                           "target": 75.0, "gapToTarget": gap(75.0, &tantru),
                           "proratedTarget": 56.25, "officesReported": 1,
                           "previousYear": { "enforceable": 100, "resolved": 50, "rate": 50.0,
                                             "target": 65.0 } },
                "money": { "enforceable": 4_294_967_297_000_i64,
                           "resolved": 1_073_741_824_000_i64,
                           "rate": rate(&tantru_money), "target": 40.0 },
            },
            {
                "unit": { "code": "LA-THUTHUA", "name": "Chi cục Thi hành án dân sự huyện Thủ Thừa" },
                "officesExpected": 1, "officesReported": 0,
                "cases": { "enforceable": null, "resolved": null, "rate": null, "target": 75.0,
                           "gapToTarget": null, "proratedTarget": 56.25, "officesReported": 0,
                           "previousYear": null },
                "money": { "enforceable": null, "resolved": null, "rate": null, "target": 40.0 },
            },
        ]});
        assert_eq!(benluc.rate(), Some(60.0));
        assert_eq!(data(&schema, query).await, expected, "{}", t.backend());
    }
}

#[tokio::test]
async fn ties_are_broken_by_the_next_key_then_by_code() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let schema = schema(&t);
        let ranking = |order: &str, limit: &str| {
            format!(
                "{{ stats(period: {{year: 2020, months: 9}}, groupBy: [OFFICE],
                          orderBy: [{order}] {limit}) {{ unit {{ code }} cases {{ rate }} }} }}"
            )
        };
        let codes = |v: &Value| -> Vec<String> {
            v["stats"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["unit"]["code"].as_str().unwrap().to_owned())
                .collect()
        };
        // Bến Lức and Cái Bè tie at 60 %: by code; the missing office comes last either way.
        let desc = data(
            &schema,
            &ranking("{field: CASES_RATE, direction: DESC}", ""),
        )
        .await;
        assert_eq!(
            codes(&desc),
            ["LA-BENLUC", "TG-CAIBE", "LA-TANTRU", "LA-THUTHUA"]
        );
        assert_eq!(desc["stats"][0]["cases"]["rate"], json!(60.0));
        assert_eq!(desc["stats"][1]["cases"]["rate"], json!(60.0));
        assert_eq!(desc["stats"][3]["cases"]["rate"], Value::Null);
        let asc = data(&schema, &ranking("{field: CASES_RATE}", "")).await;
        assert_eq!(
            codes(&asc),
            ["LA-TANTRU", "LA-BENLUC", "TG-CAIBE", "LA-THUTHUA"]
        );
        // A second key breaks the tie: Cái Bè's money rate (25 %) is below Bến Lức's (50 %).
        let two = ranking(
            "{field: CASES_RATE, direction: DESC}, {field: MONEY_RATE, direction: ASC}",
            ", limit: 2",
        );
        assert_eq!(codes(&data(&schema, &two).await), ["TG-CAIBE", "LA-BENLUC"]);
        let by_money = ranking("{field: MONEY_ENFORCEABLE, direction: DESC}", ", limit: 1");
        assert_eq!(codes(&data(&schema, &by_money).await), ["LA-TANTRU"]);
    }
}

#[tokio::test]
async fn provinces_by_case_group() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let schema = schema(&t);
        let query = format!(
            "{{ stats(period: {{year: 2020, months: 9}}, groupBy: [PROVINCE, CASE_GROUP]) {{
                unit {{ code level }} caseType {{ code name }} officesExpected officesReported
                cases {{ {c} target }} money {{ {m} target }}
            }} }}",
            c = selection(Form::Cases),
            m = selection(Form::Money),
        );
        let zero = Some(Outcome::default());
        let of = |form, rows: &[&[Row]]| Some(sum(form, rows));
        let row = |unit: &str,
                   group: &str,
                   name: &str,
                   expected: u32,
                   reported: u32,
                   cases: Option<Outcome>,
                   money: Option<Outcome>,
                   cases_target: f64| {
            json!({
                "unit": { "code": unit, "level": "PROVINCE" },
                "caseType": { "code": group, "name": name },
                "officesExpected": expected, "officesReported": reported,
                "cases": with(Form::Cases, cases, json!({ "target": cases_target })),
                "money": with(Form::Money, money, json!({ "target": 40.0 })),
            })
        };
        let expected = json!({ "stats": [
            row("LA", "active", "Chủ động", 3, 2,
                of(Form::Cases, &[&[(AC, 100, 60)], &[(AC, 40, 24)]]),
                of(Form::Money, &[TANTRU_MONEY, BENLUC_MONEY]), 75.0),
            // Reported zeros are zeros (rate null), not missing.
            row("LA", "on_request", "Theo yêu cầu", 3, 2,
                of(Form::Cases, &[&[(RV, 50, 20)]]), zero, 75.0),
            row("TG", "active", "Chủ động", 1, 1, of(Form::Cases, &[CAIBE_CASES]), zero, 70.0),
            row("TG", "on_request", "Theo yêu cầu", 1, 1, zero,
                of(Form::Money, &[CAIBE_MONEY]), 70.0),
        ]});
        assert_eq!(data(&schema, &query).await, expected, "{}", t.backend());
    }
}

#[tokio::test]
async fn subtree_filters_of_units_and_case_types() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let schema = schema(&t);
        // A province and a group: Cái Bè's active cases; its money is all on request.
        let query = r#"{ stats(period: {year: 2020, months: 9},
                               filter: {units: ["TG"], caseTypes: ["active"]}) {
            officesExpected officesReported
            cases { enforceable resolved rate target } money { enforceable rate target }
        } }"#;
        assert_eq!(
            data(&schema, query).await,
            json!({ "stats": [{
                "officesExpected": 1, "officesReported": 1,
                "cases": { "enforceable": 80, "resolved": 48, "rate": 60.0, "target": 70.0 },
                "money": { "enforceable": 0, "rate": null, "target": 40.0 },
            }]}),
            "{}",
            t.backend()
        );
        // An office and a province, one leaf, by case type.
        let query = r#"{ stats(period: {year: 2020, months: 9},
                               filter: {units: ["LA-TANTRU", "TG"], caseTypes: ["on_request.civil"]},
                               groupBy: [CASE_TYPE]) {
            caseType { code parent { code } } officesExpected officesReported
            cases { enforceable resolved } money { enforceable resolved }
        } }"#;
        let money = sum(Form::Money, &[CAIBE_MONEY]);
        assert_eq!(
            data(&schema, query).await,
            json!({ "stats": [{
                "caseType": { "code": "on_request.civil", "parent": { "code": "on_request" } },
                "officesExpected": 2, "officesReported": 2,
                "cases": { "enforceable": 50, "resolved": 20 },
                "money": { "enforceable": 2_000_000_000_000_i64, "resolved": money.resolved() },
            }]}),
            "{}",
            t.backend()
        );
    }
}

#[tokio::test]
async fn series_gives_each_month_and_the_month_alone() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let schema = schema(&t);
        let query = format!(
            r#"{{ series(year: 2020, filter: {{units: ["LA-TANTRU"]}}) {{
                period {{ months }} officesReported
                cases {{ enforceable resolved monthAlone {{ {c} }} }}
                money {{ enforceable monthAlone {{ {m} }} }}
            }} }}"#,
            c = selection(Form::Cases),
            m = selection(Form::Money),
        );
        let aug = sum(Form::Cases, &[TANTRU_CASES_AUG]);
        let sep = sum(Form::Cases, &[TANTRU_CASES]);
        let aug_money = sum(Form::Money, &[TANTRU_MONEY_AUG]);
        let sep_money = sum(Form::Money, &[TANTRU_MONEY]);
        let expected = json!({ "series": [
            {
                "period": { "months": 8 }, "officesReported": 1,
                // The month before (7) was not reported: the month alone is unknown.
                "cases": { "enforceable": 135, "resolved": aug.resolved(), "monthAlone": null },
                "money": { "enforceable": 4_000_000_000_000_i64, "monthAlone": null },
            },
            {
                "period": { "months": 9 }, "officesReported": 1,
                "cases": { "enforceable": 150, "resolved": 80,
                           "monthAlone": Value::Object(columns(Form::Cases, Some(minus(sep, aug)))) },
                "money": { "enforceable": 4_294_967_297_000_i64,
                           "monthAlone": Value::Object(columns(Form::Money, Some(minus(sep_money, aug_money)))) },
            },
        ]});
        assert_eq!(data(&schema, &query).await, expected, "{}", t.backend());

        // By office: every office has its row each month; the month alone only where the
        // same office reported the month before.
        let query = r#"{ series(year: 2020, groupBy: [OFFICE]) {
            period { months } unit { code } cases { enforceable monthAlone { enforceable } }
        } }"#;
        let row = |months: u8, unit: &str, enforceable: Value, alone: Value| {
            json!({ "period": { "months": months }, "unit": { "code": unit },
                    "cases": { "enforceable": enforceable, "monthAlone": alone } })
        };
        let expected = json!({ "series": [
            row(8, "LA-BENLUC", Value::Null, Value::Null),
            row(8, "LA-TANTRU", json!(135), Value::Null),
            row(8, "LA-THUTHUA", Value::Null, Value::Null),
            row(8, "TG-CAIBE", Value::Null, Value::Null),
            row(9, "LA-BENLUC", json!(40), Value::Null),
            row(9, "LA-TANTRU", json!(150), json!({ "enforceable": 15 })),
            row(9, "LA-THUTHUA", Value::Null, Value::Null),
            row(9, "TG-CAIBE", json!(80), Value::Null),
        ]});
        assert_eq!(data(&schema, query).await, expected, "{}", t.backend());
    }
}
