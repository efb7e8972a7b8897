//! Issue 9's privacy matrix over real HTTP on both databases: where a report came from (its
//! file, its sender, its import) is shown to admins, viewers and the office itself, never to
//! another office's token; who sent a file is never shown to anonymous readers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use crate::api_support::load;
use crate::upload_support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use thads_tests::db::each_backend;

const COMPLETENESS: &str = r#"{ completeness(period: {year: 2021, months: 3}, unit: "LA") {
    unit { code } form received { at importId fileName source } } }"#;

const IMPORTS: &str = "{ imports(limit: 100) { items { fileName source sentBy { name } } } }";

/// The `received` of an office's cases report in a completeness answer.
fn received<'a>(answer: &'a Value, office: &str) -> &'a Value {
    answer["data"]["completeness"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"]["code"] == office && r["form"] == "CASES")
        .map(|r| &r["received"])
        .unwrap_or_else(|| panic!("no row of {office}: {answer}"))
}

#[tokio::test]
async fn report_origins_are_shown_only_to_those_who_may_see_them() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, true).await;
        for (token, office) in [(&tokens.office_a, OFFICE_A), (&tokens.office_b, OFFICE_B)] {
            let (status, answer) =
                send_graphql(&server, Some(token), &[book(office, 1)], false).await;
            assert_eq!(status, StatusCode::OK, "{answer:#}");
        }
        let file_a = book(OFFICE_A, 1).0;
        let sender_a = "token:Tân Trụ clerk";

        // (caller, what it sees of office A's report: import id and file name, sender)
        let cases = [
            ("anonymous", None, true, false),
            ("viewer", Some(tokens.viewer.as_str()), true, true),
            ("admin", Some(tokens.admin.as_str()), true, true),
            ("office A", Some(tokens.office_a.as_str()), true, true),
            ("office B", Some(tokens.office_b.as_str()), false, false),
        ];
        for (who, token, details, sender) in cases {
            let (status, answer) = graphql(&server, token, COMPLETENESS, Value::Null).await;
            assert_eq!(status, StatusCode::OK, "{who}: {answer}");
            let r = received(&answer, OFFICE_A);
            assert!(r["at"].is_string(), "{who}: {r}");
            assert_eq!(
                r["fileName"],
                if details { json!(file_a) } else { Value::Null },
                "{who}"
            );
            assert_eq!(r["importId"].is_number(), details, "{who}: {r}");
            assert_eq!(
                r["source"],
                if sender { json!(sender_a) } else { Value::Null },
                "{who}"
            );
        }
        // Office B sees its own report whole.
        let (_, answer) = graphql(&server, Some(&tokens.office_b), COMPLETENESS, Value::Null).await;
        assert_eq!(received(&answer, OFFICE_B)["source"], "token:Bến Lức clerk");

        // The import history names senders to callers with a token only.
        let (_, answer) = graphql(&server, None, IMPORTS, Value::Null).await;
        let items = answer["data"]["imports"]["items"].as_array().unwrap();
        assert!(items.len() >= 2, "{answer}");
        assert!(
            items
                .iter()
                .all(|i| i["source"].is_null() && i["sentBy"].is_null()),
            "{}: {answer}",
            t.backend()
        );
        let (_, answer) = graphql(&server, Some(&tokens.viewer), IMPORTS, Value::Null).await;
        let items = answer["data"]["imports"]["items"].as_array().unwrap();
        let newest = &items[0];
        assert_eq!(newest["sentBy"]["name"], "Bến Lức clerk", "{answer}");
        assert_eq!(newest["source"], "token:Bến Lức clerk");
        assert!(items.iter().all(|i| i["source"].is_string()), "{answer}");
        server.stop().await.unwrap();
    }
}
