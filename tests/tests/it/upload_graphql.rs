//! `importWorkbooks` as a GraphQL multipart request over real HTTP: typed outcomes with every
//! problem's sheet, cell, row and column, the same as `POST /api/imports` gives; dry runs;
//! batches; the sender recorded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::upload_support::*;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use thads_tests::db::each_backend;

#[tokio::test]
async fn workbooks_sent_as_graphql_multipart_get_typed_outcomes() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let a = Some(tokens.office_a.as_str());
        let (broken, cell) = broken();

        // A dry run stores nothing and writes no import record.
        let before = stored(&t).await;
        let (status, answer) = send_graphql(&server, a, &[book(OFFICE_A, 1)], true).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        assert_eq!(answer["data"]["importWorkbooks"][0]["status"], "IMPORTED");
        assert_eq!(
            answer["data"]["importWorkbooks"][0]["importId"],
            Value::Null
        );
        assert_eq!(stored(&t).await, before, "{}", t.backend());

        let (status, answer) =
            send_graphql(&server, a, &[book(OFFICE_A, 1), broken.clone()], false).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        assert!(answer.get("errors").is_none(), "{answer:#}");
        let outcomes = answer["data"]["importWorkbooks"].as_array().unwrap();
        let good = &outcomes[0];
        assert_eq!(good["path"], "la-tantru-2021-03-v1.xlsx");
        assert_eq!(good["status"], "IMPORTED");
        assert_eq!(good["unit"]["code"], OFFICE_A);
        assert_eq!(
            good["period"],
            json!({ "year": 2021, "months": 3, "label": "3 tháng năm 2021" })
        );
        assert_eq!(
            good["forms"],
            json!([{ "form": "CASES", "status": "IMPORTED" }, { "form": "MONEY", "status": "IMPORTED" }])
        );
        assert!(good["importId"].is_i64());
        let bad = &outcomes[1];
        assert_eq!(bad["status"], "REJECTED");
        let problem = bad["problems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["code"] == "NOT_A_NUMBER")
            .unwrap_or_else(|| panic!("{bad:#}"));
        assert_eq!(problem["severity"], "ERROR");
        assert_eq!(problem["sheet"], "01-TK");
        assert_eq!(problem["cell"], cell);
        assert_eq!(problem["row"], "1. Hình sự");
        assert_eq!(problem["column"]["number"], 8);
        assert_eq!(problem["column"]["heading"], "Thi hành xong");

        // The same problems, word for word (Vietnamese unless asked otherwise), as
        // POST /api/imports gives; the kinds the same, in GraphQL's upper case.
        let (_, rest) = send(&server, a, std::slice::from_ref(&broken), true).await;
        let words = |problems: &Value| -> Vec<(String, Value, Value)> {
            problems
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let kind = p["code"].as_str().unwrap_or_default().to_lowercase();
                    (kind, p["cell"].clone(), p["message"].clone())
                })
                .collect()
        };
        assert_eq!(
            words(&bad["problems"]),
            words(&rest["files"][0]["problems"])
        );

        // A batch of two operations, each with its file, would store two uploads from one
        // request: it is refused whole, and nothing is stored.
        let operation = format!(
            "mutation($files: [Upload!]!) {{ importWorkbooks(files: $files) {{ {OUTCOME} }} }}"
        );
        let operations = json!([
            { "query": operation, "variables": { "files": [null] } },
            { "query": operation, "variables": { "files": [null] } },
        ]);
        let before = stored(&t).await;
        let form = Form::new()
            .text("operations", operations.to_string())
            .text(
                "map",
                json!({ "a": ["0.variables.files.0"], "b": ["1.variables.files.0"] }).to_string(),
            )
            .part("a", Part::bytes(book(OFFICE_A, 2).1).file_name("a2.xlsx"))
            .part("b", Part::bytes(book(OFFICE_A, 3).1).file_name("a3.xlsx"));
        let (status, answer) = post_form(&server, "/graphql", a, form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer:#}");
        assert_eq!(stored(&t).await, before);
        // Each in its own request is stored.
        for version in [2, 3] {
            let (status, answer) =
                send_graphql(&server, a, &[book(OFFICE_A, version)], false).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(
                answer["data"]["importWorkbooks"][0]["status"], "REPLACED",
                "{answer:#}"
            );
        }

        // A map naming a file the body does not hold is a bad request.
        let form = Form::new()
            .text(
                "operations",
                json!({ "query": operation, "variables": { "files": [null] } }).to_string(),
            )
            .text("map", json!({ "0": ["variables.files.0"] }).to_string());
        let (status, _) = post_form(&server, "/graphql", a, form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // The import history says who sent each file.
        let (_, history) = graphql(
            &server,
            a,
            "{ imports(limit: 4) { items { fileName sentBy { name role } } } }",
            Value::Null,
        )
        .await;
        let items = history["data"]["imports"]["items"].as_array().unwrap();
        let newest = [items[0]["fileName"].clone(), items[1]["fileName"].clone()];
        assert_eq!(
            newest,
            [
                json!("la-tantru-2021-03-v3.xlsx"),
                json!("la-tantru-2021-03-v2.xlsx")
            ]
        );
        assert!(
            items
                .iter()
                .all(|i| i["sentBy"] == json!({ "name": "Tân Trụ clerk", "role": "OFFICE" }))
        );
        server.stop().await.unwrap();
    }
}
