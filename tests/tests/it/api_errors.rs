//! Bad arguments, unknown codes, malformed queries, the limits and database failures: each
//! gets a clear message and a stable `extensions.code`; database text never reaches a client.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::*;
use thads_api::graphql::{AppSchema, MAX_DEPTH};
use thads_tests::db::each_backend;

/// Asserts the only error of `query` has `code` and a message containing `words`.
async fn refused(schema: &AppSchema, query: &str, code: &str, words: &str) {
    let (got, message) = error(schema, query).await;
    assert_eq!(got, code, "{query}: {message}");
    assert!(
        message.contains(words),
        "{query}: {message:?} lacks {words:?}"
    );
}

#[tokio::test]
async fn bad_arguments_are_bad_user_input_and_unknown_codes_not_found() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let s = schema(&t);
        let bad = "BAD_USER_INPUT";
        let stats = |args: &str| format!("{{ stats({args}) {{ cases {{ rate }} }} }}");
        let june = "period: {year: 2020, months: 9}";
        refused(
            &s,
            &stats("period: {year: 2020, months: 13}"),
            bad,
            "months must be between 1 and 12, found 13",
        )
        .await;
        refused(
            &s,
            &stats("period: {year: 2020, months: 0}"),
            bad,
            "found 0",
        )
        .await;
        refused(
            &s,
            &stats("period: {year: 3000, months: 9}"),
            bad,
            "year must be between",
        )
        .await;
        refused(
            &s,
            "{ series(year: 1800) { cases { rate } } }",
            bad,
            "found 1800",
        )
        .await;
        refused(
            &s,
            &stats(&format!("{june}, limit: -1")),
            bad,
            "limit must not be negative, found -1",
        )
        .await;
        refused(
            &s,
            &stats(&format!("{june}, limit: 1001")),
            bad,
            "limit must be at most 1000",
        )
        .await;
        refused(
            &s,
            "{ imports(limit: 501) { total } }",
            bad,
            "limit must be at most 500",
        )
        .await;
        refused(
            &s,
            "{ imports(offset: -3) { total } }",
            bad,
            "offset must not be negative",
        )
        .await;
        refused(
            &s,
            "{ completeness(period: {year: 2020, months: 13}) { reported } }",
            bad,
            "months",
        )
        .await;

        let missing = "NOT_FOUND";
        refused(
            &s,
            &stats(&format!(r#"{june}, filter: {{units: ["XX"]}}"#)),
            missing,
            "XX",
        )
        .await;
        refused(
            &s,
            &stats(&format!(r#"{june}, filter: {{caseTypes: ["nope"]}}"#)),
            missing,
            "nope",
        )
        .await;
        refused(
            &s,
            r#"{ series(year: 2020, filter: {units: ["XX"]}) { cases { rate } } }"#,
            missing,
            "XX",
        )
        .await;
        refused(
            &s,
            r#"{ completeness(period: {year: 2020, months: 9}, unit: "XX") { reported } }"#,
            missing,
            "XX",
        )
        .await;
        refused(&s, r#"{ imports(unit: "XX") { total } }"#, missing, "XX").await;
        refused(&s, r#"{ units(parent: "XX") { code } }"#, missing, "XX").await;

        refused(&s, "{ stats(", "GRAPHQL_PARSE_FAILED", "").await;
        refused(&s, "{ nothing }", "GRAPHQL_VALIDATION_FAILED", "nothing").await;
        refused(
            &s,
            "{ stats(period: {year: \"x\", months: 9}) { cases { rate } } }",
            "GRAPHQL_VALIDATION_FAILED",
            "",
        )
        .await;
    }
}

#[tokio::test]
async fn depth_and_complexity_are_limited() {
    for t in each_backend().await {
        let s = schema(&t);
        let mut deep = String::from("code");
        for _ in 0..MAX_DEPTH {
            deep = format!("children {{ {deep} }}");
        }
        refused(
            &s,
            &format!("{{ units {{ {deep} }} }}"),
            "QUERY_TOO_DEEP",
            "nested too deep",
        )
        .await;
        let many: String = (0..300)
            .map(|i| format!("a{i}: periods {{ year months label }} "))
            .collect();
        refused(
            &s,
            &format!("{{ {many} }}"),
            "QUERY_TOO_COMPLEX",
            "too complex",
        )
        .await;
        // Each statistics query weighs 50: twenty of them are too many.
        let heavy: String = (0..20)
            .map(|i| {
                format!("s{i}: stats(period: {{year: 2020, months: 9}}) {{ cases {{ rate }} }} ")
            })
            .collect();
        refused(
            &s,
            &format!("{{ {heavy} }}"),
            "QUERY_TOO_COMPLEX",
            "too complex",
        )
        .await;
        // Within the limits, the same shapes pass.
        data(
            &s,
            "{ units { children { children { code } } } a: periods { year } }",
        )
        .await;
    }
}

#[tokio::test]
async fn database_errors_are_internal_and_say_nothing_more() {
    for t in each_backend().await {
        let s = schema(&t);
        // Closing the pool makes every statement fail.
        t.db.clone().close().await.unwrap();
        for query in [
            "{ units { code } }",
            "{ caseTypes { code } }",
            "{ periods { label } }",
            "{ stats(period: {year: 2020, months: 9}) { cases { rate } } }",
            "{ imports { total } }",
        ] {
            let all = errors(&s, query).await;
            assert!(!all.is_empty(), "{query}");
            for (code, message) in all {
                assert_eq!(
                    (code.as_str(), message.as_str()),
                    ("INTERNAL", "internal error"),
                    "{query}"
                );
            }
        }
    }
}
