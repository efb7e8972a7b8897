//! Issue 9's attacks by query, each over real HTTP on both databases: nested lists, batches
//! that multiply the budget, mutations over GET, the order of fields, a query that runs past
//! the deadline and an answer past the size cap. Each is refused with its code and the limit
//! it hit, while `/health` keeps answering and memory stays bounded. They run on Long An's
//! registry (`fixtures/real/units.csv`), the whole of the demo's when the attacks were measured:
//! the costs they expect are counted by hand on it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use crate::hardening_support::*;
use crate::import_support::load_units;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use thads_api::server::Limits;
use thads_tests::db::each_backend;

/// Attack 1 of issue 9: 85 bytes that answered 24.7 MB and kept 600 MB.
const NESTED: &str =
    "{units{parent{children{parent{children{parent{children{parent{children{code}}}}}}}}}}";

#[tokio::test]
async fn nested_lists_are_refused_before_they_run() {
    for t in each_backend().await {
        load_units(&t).await;
        let server = server_with(&t, Limits::default()).await;
        let siege = besiege(
            &server,
            post_text(&server, None, &json!({ "query": NESTED })),
        )
        .await;
        let (status, text) = &siege.result;
        assert_eq!(*status, StatusCode::OK, "{}", t.backend());
        assert!(
            text.len() < 2048,
            "{}: {} bytes answered",
            t.backend(),
            text.len()
        );
        let answer: Value = serde_json::from_str(text).unwrap();
        assert_eq!(codes(&answer), ["QUERY_TOO_EXPENSIVE"], "{answer}");
        assert_eq!(answer["errors"][0]["extensions"]["limit"], "maxQueryCost");
        assert_eq!(answer["data"], Value::Null);
        siege.assert_harmless(t.backend());

        // Three levels less is an ordinary answer: each of the 16 offices' parent (Long An)
        // has 16 children, whose parent has 16 children again.
        let smaller = "{units{parent{children{parent{children{code}}}}}}";
        let (status, answer) = post_json(&server, None, &json!({ "query": smaller })).await;
        assert_eq!(status, StatusCode::OK);
        assert!(answer["errors"].is_null(), "{answer}");
        let units = answer["data"]["units"].as_array().unwrap();
        assert_eq!(units.len(), 17);
        let codes: usize = units
            .iter()
            .filter_map(|u| u["parent"]["children"].as_array())
            .flatten()
            .map(|c| c["parent"]["children"].as_array().unwrap().len())
            .sum();
        assert_eq!(codes, 16 * 16 * 16, "{}", t.backend());
        server.stop().await.unwrap();
    }
}

/// Attack 2: one POST of 16 operations, each `aliases` aliases (17 in the attack) of a
/// grouped series with the year before.
fn heavy_batch(aliases: usize) -> Value {
    let aliases: String = (0..aliases)
        .map(|i| {
            format!(
                "s{i}: series(year: 2020, groupBy: [OFFICE, CASE_TYPE]) \
                 {{ cases {{ rate previousYear {{ rate }} }} }} "
            )
        })
        .collect();
    let operation = json!({ "query": format!("{{ {aliases} }}") });
    Value::Array(vec![operation; 16])
}

/// What one `series(year: 2020, groupBy: [OFFICE, CASE_TYPE]) { cases { rate previousYear
/// { rate } } }` costs on the sample registry, by hand: 16 offices × 16 leaf case types × 12
/// months = 3 072 rows of 4 values (`cases`, `rate`, `previousYear`, its `rate`), the 768
/// reports it reads (16 offices × 2 forms × 12 months × 2 years), and the field itself.
const SERIES_COST: u64 = 3_072 * 4 + 768 + 1;

#[tokio::test]
async fn a_batch_has_the_budget_of_one_request() {
    for t in each_backend().await {
        load_units(&t).await;
        let server = server_with(&t, Limits::default()).await;
        // The attack: every operation costs more than a whole request may.
        let siege = besiege(&server, post_json(&server, None, &heavy_batch(17))).await;
        let (status, answer) = &siege.result;
        assert_eq!(*status, StatusCode::OK, "{}", t.backend());
        let answers = answer.as_array().unwrap();
        assert_eq!(answers.len(), 16);
        for a in answers {
            assert_eq!(codes(a), ["QUERY_TOO_EXPENSIVE"], "{a}");
            let message = a["errors"][0]["message"].as_str().unwrap();
            let cost = 17 * SERIES_COST;
            assert!(message.contains(&format!("about {cost} ")), "{message}");
        }
        siege.assert_harmless(t.backend());

        // Sixteen operations of two series each share the budget of one request: as many as
        // fit run, the others are refused, each naming what the ones before it took.
        let (_, answer) = post_json(&server, None, &heavy_batch(2)).await;
        let answers = answer.as_array().unwrap();
        let fit = usize::try_from(Limits::default().max_cost / (2 * SERIES_COST)).unwrap();
        let refused: Vec<&Value> = answers.iter().filter(|a| !a["errors"].is_null()).collect();
        assert_eq!(
            answers.len() - refused.len(),
            fit,
            "{}: {answer}",
            t.backend()
        );
        for a in &refused {
            assert_eq!(codes(a), ["QUERY_TOO_EXPENSIVE"], "{a}");
            let message = a["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains("operations before it"), "{message}");
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_limits_can_be_changed() {
    for t in each_backend().await {
        load_units(&t).await;
        // Three levels of units' parents' children: about 80 000 values, which the default
        // budget allows…
        let query = json!({ "query": "{units{parent{children{parent{children{parent{children{code}}}}}}}}" });
        let default = server_with(&t, Limits::default()).await;
        let (_, answer) = post_json(&default, None, &query).await;
        assert!(answer["errors"].is_null(), "{}", t.backend());
        default.stop().await.unwrap();
        // … and a smaller one does not.
        let limits = Limits {
            max_cost: 50_000,
            max_batch: 2,
            ..Limits::default()
        };
        let server = server_with(&t, limits).await;
        let (_, answer) = post_json(&server, None, &query).await;
        assert_eq!(codes(&answer), ["QUERY_TOO_EXPENSIVE"], "{}", t.backend());
        assert_eq!(answer["errors"][0]["extensions"]["max"], 50_000);
        // A batch of three is refused whole when two are allowed.
        let batch = Value::Array(vec![json!({ "query": "{ periods { year } }" }); 3]);
        let (status, answer) = post_json(&server, None, &batch).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn mutations_are_refused_over_get() {
    for t in each_backend().await {
        load_units(&t).await;
        let (admin, _) =
            crate::upload_support::create_token(&t, &["--role", "admin", "--name", "province"])
                .await;
        let server = server_with(&t, Limits::default()).await;
        let before = crate::upload_support::stored(&t).await;
        let mutation = r#"mutation { setTarget(year: 2020, unit: "LA", measure: CASES, rate: 99) { change } }"#;
        let response = reqwest::Client::new()
            .get(server.url("/graphql"))
            .query(&[("query", mutation)])
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{}",
            t.backend()
        );
        assert_eq!(response.headers()["allow"], "POST");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(codes(&answer), ["METHOD_NOT_ALLOWED"]);
        assert_eq!(crate::upload_support::stored(&t).await, before);
        // Queries still work over GET, and the same mutation over POST.
        let response = reqwest::Client::new()
            .get(server.url("/graphql"))
            .query(&[("query", "{ unit(code: \"LA\") { name } }")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let (_, answer) = post_json(&server, Some(&admin), &json!({ "query": mutation })).await;
        assert_eq!(answer["data"]["setTarget"]["change"], "CREATED", "{answer}");
        server.stop().await.unwrap();
    }
}

/// The response keys of the JSON object that starts at `text`, in the order written.
fn keys_in_order(text: &str, keys: &[&str]) -> Vec<usize> {
    keys.iter()
        .map(|k| text.find(&format!("\"{k}\":")).unwrap_or(usize::MAX))
        .collect()
}

#[tokio::test]
async fn fields_come_back_in_the_order_asked() {
    for t in each_backend().await {
        load_units(&t).await;
        let server = server_with(&t, Limits::default()).await;
        let query = r#"{
            z: periods { year }
            a: caseTypes { code }
            m: units(level: OFFICE) { name code }
            b: unit(code: "LA") { name children { code } code }
            y: __typename
        }"#;
        // The fields resolve concurrently: ask often enough for any order to show.
        for _ in 0..10 {
            let (status, text) = post_text(&server, None, &json!({ "query": query })).await;
            assert_eq!(status, StatusCode::OK);
            let positions = keys_in_order(&text, &["z", "a", "m", "b", "y"]);
            assert!(
                positions.windows(2).all(|w| w[0] < w[1]),
                "{}: {text}",
                t.backend()
            );
            let unit = &text[text.find("\"b\":").unwrap()..];
            let positions = keys_in_order(unit, &["name", "children", "code"]);
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "{unit}");
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_deadline_stops_the_work() {
    for t in each_backend().await {
        load_units(&t).await;
        // No budget and no size cap: only the deadline stands between the nested query and
        // its 24.7 MB answer, seconds of work that never waits on anything.
        let limits = Limits {
            max_cost: u64::MAX,
            max_response_bytes: usize::MAX,
            timeout: Duration::from_millis(300),
            ..Limits::default()
        };
        let server = server_with(&t, limits).await;
        let siege = besiege(
            &server,
            post_json(&server, None, &json!({ "query": NESTED })),
        )
        .await;
        let (status, answer) = &siege.result;
        assert_eq!(*status, StatusCode::OK, "{}", t.backend());
        assert_eq!(codes(answer), ["QUERY_TOO_EXPENSIVE"], "{}", t.backend());
        assert_eq!(answer["errors"][0]["extensions"]["limit"], "queryTimeout");
        assert!(
            siege.took < Duration::from_secs(3),
            "{}: took {:?}",
            t.backend(),
            siege.took
        );
        siege.assert_harmless(t.backend());
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn answers_past_the_size_cap_are_stopped() {
    for t in each_backend().await {
        load_units(&t).await;
        let cap = 20_000;
        let limits = Limits {
            max_response_bytes: cap,
            ..Limits::default()
        };
        let server = server_with(&t, limits).await;
        let small = "{ units { code name } }";
        let (status, text) = post_text(&server, None, &json!({ "query": small })).await;
        assert_eq!(status, StatusCode::OK);
        assert!(text.len() <= cap && !text.contains("errors"), "{text}");
        let large: String = (0..20)
            .map(|i| format!("u{i}: units {{ code name }} "))
            .collect();
        let (status, text) =
            post_text(&server, None, &json!({ "query": format!("{{ {large} }}") })).await;
        assert_eq!(status, StatusCode::OK);
        assert!(text.len() < 2048, "{}: {} bytes", t.backend(), text.len());
        let answer: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(codes(&answer), ["RESPONSE_TOO_LARGE"], "{answer}");
        assert_eq!(
            answer["errors"][0]["extensions"]["limit"],
            "maxResponseBytes"
        );
        assert_eq!(answer["data"], Value::Null);
        server.stop().await.unwrap();
    }
}

/// The ```graphql blocks of README.md.
fn readme_queries() -> Vec<String> {
    let readme = include_str!("../../../README.md");
    readme
        .split("```graphql")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .map(str::to_owned)
        .collect()
}

/// Runs a program of this package (`bench-queries`) and returns what it printed.
fn bench_queries(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bench-queries"))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn every_dashboard_and_readme_query_fits_the_default_limits() {
    let registry = thads_tests::national::Registry::national();
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("units.csv");
    std::fs::write(&units, registry.units_csv()).unwrap();
    let largest = bench_queries(&["--largest-province"]).trim().to_owned();
    let mut bodies: Vec<Value> = bench_queries(&["--wrk-bodies"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(bodies.len() >= 6, "{bodies:?}");
    // The dashboard queries issue 14 adds: every province month by month, and the
    // completeness of the largest province.
    bodies.push(
        json!({ "query": "{ series(year: 2020, groupBy: [PROVINCE]) { period { months }
        unit { code name } cases { rate resolved enforceable monthAlone { resolved } }
        money { rate resolved enforceable } } }" }),
    );
    bodies.push(json!({ "query": format!("{{ completeness(period: {{year: 2020, months: 9}},
        unit: \"{largest}\") {{ unit {{ code name }} form reported received {{ at fileName }} }} }}") }));
    bodies.push(json!({ "query": "{ units { code name level parent { code } } }" }));
    bodies.extend(readme_queries().into_iter().map(|q| json!({ "query": q })));
    bodies.push(json!({ "query": crate::api_http::INTROSPECTION }));
    for t in each_backend().await {
        let file = units.display().to_string();
        let run = crate::import_support::thads(&["units", "import", &file, "--db", &t.url]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        let server = server_with(&t, Limits::default()).await;
        let page = reqwest::get(server.url("/"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let graphiql = crate::api_http::page_config(&page)["defaultQuery"].clone();
        for body in bodies.iter().chain([&json!({ "query": graphiql })]) {
            let (status, answer) = post_json(&server, None, body).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let codes = codes(&answer);
            assert!(
                !codes.iter().any(|c| c == "QUERY_TOO_EXPENSIVE"
                    || c == "RESPONSE_TOO_LARGE"
                    || c == "QUERY_TOO_COMPLEX"),
                "{}: {body}\n{answer}",
                t.backend()
            );
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn fragments_that_double_at_every_level_are_refused() {
    for t in each_backend().await {
        load_units(&t).await;
        let server = server_with(&t, Limits::default()).await;
        // 24 lines that stand for 2^24 selections of the unit list.
        let mut query = "{ ...F0 }".to_owned();
        for level in 0..23 {
            let next = level + 1;
            query.push_str(&format!(
                " fragment F{level} on Query {{ ...F{next} ...F{next} }}"
            ));
        }
        query.push_str(" fragment F23 on Query { units { code name } }");
        let siege = besiege(
            &server,
            post_json(&server, None, &json!({ "query": query })),
        )
        .await;
        let (status, answer) = &siege.result;
        assert_eq!(*status, StatusCode::BAD_REQUEST, "{}", t.backend());
        // Refused as soon as it is parsed: async-graphql's checks would expand it selection by
        // selection (12 s of a core in a debug build) before any limit could see it.
        assert_eq!(
            codes(answer),
            ["QUERY_TOO_COMPLEX"],
            "{}: {answer}",
            t.backend()
        );
        let message = answer["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("fragments"), "{message}");
        assert!(
            siege.took < Duration::from_secs(3),
            "{}: took {:?}",
            t.backend(),
            siege.took
        );
        siege.assert_harmless(t.backend());
        server.stop().await.unwrap();
    }
}
