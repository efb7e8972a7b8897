//! The registry, the catalog, completeness and the import history through the GraphQL schema,
//! in process, on workbooks imported with `thads import`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use thads_domain::{Field, Form};
use thads_tests::db::each_backend;
use thads_tests::fixtures::CellValue;

#[tokio::test]
async fn the_unit_tree_the_case_types_and_the_periods() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let schema = schema(&t);
        let query = r#"{
            offices: units(level: OFFICE, parent: "LA") { code level parent { code } }
            provinces: units(level: PROVINCE) { code name }
            nation: unit(code: "VN") {
                code name level parent { code }
                children { code children { code parent { code parent { code } } } }
            }
            nobody: unit(code: "XX") { code }
            periods { year months label start end }
        }"#;
        let office =
            |code: &str| json!({ "code": code, "level": "OFFICE", "parent": { "code": "LA" } });
        let child = |code: &str, parent: &str| json!({ "code": code, "parent": { "code": parent, "parent": { "code": "VN" } } });
        let expected = json!({
            "offices": [office("LA-BENLUC"), office("LA-TANTRU"), office("LA-THUTHUA")],
            "provinces": [
                { "code": "LA", "name": "Tỉnh Long An" },
                { "code": "TG", "name": "Tỉnh Tiền Giang" },
            ],
            "nation": {
                "code": "VN", "name": "Cả nước", "level": "NATION", "parent": null,
                "children": [
                    { "code": "LA", "children": [
                        child("LA-BENLUC", "LA"), child("LA-TANTRU", "LA"), child("LA-THUTHUA", "LA"),
                    ]},
                    { "code": "TG", "children": [child("TG-CAIBE", "TG")] },
                ],
            },
            "nobody": null,
            "periods": [
                { "year": 2020, "months": 9, "label": "9 tháng năm 2020",
                  "start": "2019-10-01", "end": "2020-06-30" },
                { "year": 2020, "months": 8, "label": "8 tháng năm 2020",
                  "start": "2019-10-01", "end": "2020-05-31" },
                { "year": 2019, "months": 9, "label": "9 tháng năm 2019",
                  "start": "2018-10-01", "end": "2019-06-30" },
            ],
        });
        assert_eq!(data(&schema, query).await, expected, "{}", t.backend());

        let types = data(
            &schema,
            "{ caseTypes { code name parent { code } children { code } } }",
        )
        .await;
        let types = types["caseTypes"].as_array().unwrap();
        let codes: Vec<&str> = types.iter().map(|c| c["code"].as_str().unwrap()).collect();
        let leaves = [
            "criminal",
            "civil",
            "family",
            "commercial",
            "labour",
            "administrative",
            "bankruptcy",
            "other",
        ];
        let mut tree = Vec::new();
        for group in ["active", "on_request"] {
            tree.push(group.to_owned());
            tree.extend(leaves.iter().map(|l| format!("{group}.{l}")));
        }
        assert_eq!(codes, tree);
        let children: Vec<Value> = leaves
            .iter()
            .map(|l| json!({ "code": format!("active.{l}") }))
            .collect();
        assert_eq!(
            types[0],
            json!({ "code": "active", "name": "Chủ động", "parent": null, "children": children })
        );
        assert_eq!(
            types[2],
            json!({ "code": "active.civil", "name": "Dân sự", "parent": { "code": "active" }, "children": [] })
        );
    }
}

/// The ids of the imports, by file name.
async fn import_ids(schema: &thads_api::graphql::AppSchema) -> HashMap<String, i64> {
    let page = data(schema, "{ imports(limit: 500) { items { id fileName } } }").await;
    page["imports"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["fileName"].as_str().unwrap().to_owned(),
                i["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn completeness_shows_who_sent_what_and_who_is_missing() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let schema = schema(&t);
        let ids = import_ids(&schema).await;
        let query = r#"{ completeness(period: {year: 2020, months: 9}, unit: "LA") {
            unit { code } form period { label } reported received { importId fileName source }
        } }"#;
        let status = |unit: &str, form: &str, file: Option<&str>| {
            json!({
                "unit": { "code": unit }, "form": form, "period": { "label": "9 tháng năm 2020" },
                "reported": file.is_some(),
                "received": file.map(|f| {
                    // The file's own name, not the folders it was imported from.
                    json!({ "importId": ids[f], "fileName": f, "source": null })
                }),
            })
        };
        // Who sent a file is not shown to anonymous readers (the schema in process has no
        // caller); the other details are.
        let answer = data(&schema, query).await;
        let expected = json!({ "completeness": [
            // Bến Lức's second file replaced its cases; its money was unchanged and still comes
            // from the first file.
            status("LA-BENLUC", "CASES", Some("benluc-2020-09-fixed.xlsx")),
            status("LA-BENLUC", "MONEY", Some("benluc-2020-09.xlsx")),
            status("LA-TANTRU", "CASES", Some("tantru-2020-09.xlsx")),
            status("LA-TANTRU", "MONEY", Some("tantru-2020-09.xlsx")),
            status("LA-THUTHUA", "CASES", None),
            status("LA-THUTHUA", "MONEY", None),
        ]});
        assert_eq!(answer, expected, "{}", t.backend());
    }
}

#[tokio::test]
async fn the_import_history_newest_first_with_every_problem() {
    for t in each_backend().await {
        let files = load(&t).await;
        let schema = schema(&t);
        // A broken workbook of Thủ Thừa: a text where a number belongs.
        let broken = workbook("LA-THUTHUA", (2020, 9), &[(AC, 10, 5)], &[]).set(
            Form::Cases,
            AV,
            Field::Completed,
            CellValue::text("abc"),
        );
        let cell = broken.cell(Form::Cases, AV, Field::Completed).unwrap();
        let outcome = import(&t, files.path(), "thuthua-2020-09.xlsx", &broken).await;
        assert_eq!(outcome["status"], "rejected", "{outcome:#}");
        let problems: Vec<Value> = outcome["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                json!({
                    "severity": p["severity"].as_str().unwrap().to_uppercase(),
                    "code": p["code"].as_str().unwrap().to_uppercase(),
                    "sheet": p.get("sheet"), "cell": p.get("cell"), "row": p.get("row"),
                    "column": p.get("column"), "message": p["messages"]["en"],
                })
            })
            .collect();
        assert!(
            problems.iter().any(|p| p["cell"] == json!(cell)
                && p["severity"] == "ERROR"
                && p["column"]["heading"] == "Thi hành xong"
                && p["row"] == "2. Dân sự"),
            "{problems:#?}"
        );

        let query = r#"{
            la: imports(unit: "LA", limit: 3) {
                total items { fileName status unit { code } period { label } }
            }
            second: imports(limit: 1, offset: 1) { total items { fileName } }
            rejected: imports(status: REJECTED) {
                total
                items { fileName fileSize sha256 status unit { code } period { year months }
                        problems { severity code sheet cell row column { number heading }
                                   message(lang: EN) } }
            }
        }"#;
        // The file's own name, not the folders it was imported from.
        let item = |file: &str, status: &str, unit: &str| {
            json!({ "fileName": file, "status": status, "unit": { "code": unit },
                    "period": { "label": "9 tháng năm 2020" } })
        };
        let answer = data(&schema, query).await;
        let size = std::fs::metadata(files.path().join("thuthua-2020-09.xlsx"))
            .unwrap()
            .len();
        let expected = json!({
            "la": { "total": 6, "items": [
                item("thuthua-2020-09.xlsx", "REJECTED", "LA-THUTHUA"),
                item("benluc-2020-09-fixed.xlsx", "REPLACED", "LA-BENLUC"),
                item("benluc-2020-09.xlsx", "IMPORTED", "LA-BENLUC"),
            ]},
            "second": { "total": 7, "items": [{ "fileName": "caibe-2020-09.xlsx" }] },
            "rejected": { "total": 1, "items": [{
                "fileName": "thuthua-2020-09.xlsx", "fileSize": size, "sha256": outcome["sha256"],
                "status": "REJECTED", "unit": { "code": "LA-THUTHUA" },
                "period": { "year": 2020, "months": 9 }, "problems": problems,
            }]},
        });
        let mut answer = answer;
        if outcome.get("sha256").is_none() {
            // The command does not print the digest: check its form instead.
            let sha = answer["rejected"]["items"][0]["sha256"].take();
            assert!(sha.as_str().is_some_and(|s| s.len() == 64), "{sha}");
            answer["rejected"]["items"][0]["sha256"] = Value::Null;
        }
        assert_eq!(answer, expected, "{}", t.backend());
    }
}

#[tokio::test]
async fn units_and_case_types_are_read_once_per_request() {
    for mut t in each_backend().await {
        let _files = load(&t).await;
        let counter = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&counter);
        t.db.set_metric_callback(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        let schema = schema(&t);
        let statements = |query: &'static str| {
            let schema = &schema;
            let counter = &counter;
            async move {
                counter.store(0, Ordering::SeqCst);
                data(schema, query).await;
                counter.load(Ordering::SeqCst)
            }
        };
        let one = statements(
            r#"{ stats(period: {year: 2020, months: 9}, filter: {units: ["LA-TANTRU"]},
                       groupBy: [OFFICE, CASE_GROUP]) {
                unit { name parent { name children { code } } } caseType { name parent { code } }
            } }"#,
        )
        .await;
        let many = statements(
            r#"{ stats(period: {year: 2020, months: 9}, groupBy: [OFFICE, CASE_TYPE]) {
                unit { name parent { name children { code } } } caseType { name parent { code } }
            }
            units { code parent { code } children { code } }
            caseTypes { code parent { code } } }"#,
        )
        .await;
        assert!(one > 0, "{}", t.backend());
        assert_eq!(many, one, "{}: statements grew with the rows", t.backend());
    }
}
