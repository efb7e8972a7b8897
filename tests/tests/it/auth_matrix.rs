//! The authorisation matrix over real HTTP: every kind of caller (anonymous with and without
//! public reads, viewer, office A, office B, admin, revoked and made-up tokens) against every
//! query, mutation and upload path, each allowed or refused as `thads_api::access` says, and
//! every refused write shown to have stored nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::upload_support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use thads_api::server::RunningServer;
use thads_tests::db::{TestDb, each_backend};

/// Every query of the schema, with arguments that have data.
const QUERIES: [&str; 8] = [
    "{ units { code } }",
    r#"{ unit(code: "LA") { name } }"#,
    "{ caseTypes { code } }",
    "{ periods { year months } }",
    "{ stats(period: {year: 2020, months: 9}) { cases { rate } } }",
    "{ series(year: 2020) { period { months } } }",
    "{ completeness(period: {year: 2020, months: 9}) { reported } }",
    "{ imports { total } }",
];

/// Whose workbooks a caller may import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Imports {
    /// None.
    No,
    /// Its own office's only.
    Office(&'static str),
    /// Any office's.
    Any,
}

/// What a caller may do, by the rules.
#[derive(Debug, Clone, Copy)]
struct Expected {
    read: bool,
    imports: Imports,
    admin: bool,
    /// Refused at the door (401) whatever it asks.
    unauthenticated: bool,
    /// Anonymous (refusals inside GraphQL are `UNAUTHENTICATED`, not `FORBIDDEN`).
    anonymous: bool,
}

/// A caller: its name (for messages), token, server, and what it may do.
struct Case<'a> {
    name: &'static str,
    token: Option<&'a str>,
    server: &'a RunningServer,
    expected: Expected,
}

const NOTHING: Expected = Expected {
    read: false,
    imports: Imports::No,
    admin: false,
    unauthenticated: true,
    anonymous: true,
};

#[tokio::test]
async fn every_caller_against_every_query_mutation_and_upload_path() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let closed = server(&t, false).await;
        let public = server(&t, true).await;
        let reader = Expected {
            read: true,
            unauthenticated: false,
            anonymous: false,
            ..NOTHING
        };
        let cases = [
            Case {
                name: "anonymous",
                token: None,
                server: &closed,
                expected: NOTHING,
            },
            Case {
                name: "anonymous, public reads",
                token: None,
                server: &public,
                expected: Expected {
                    read: true,
                    unauthenticated: false,
                    ..NOTHING
                },
            },
            Case {
                name: "viewer",
                token: Some(&tokens.viewer),
                server: &closed,
                expected: reader,
            },
            Case {
                name: "office A",
                token: Some(&tokens.office_a),
                server: &closed,
                expected: Expected {
                    imports: Imports::Office(OFFICE_A),
                    ..reader
                },
            },
            Case {
                name: "office B",
                token: Some(&tokens.office_b),
                server: &closed,
                expected: Expected {
                    imports: Imports::Office(OFFICE_B),
                    ..reader
                },
            },
            Case {
                name: "admin",
                token: Some(&tokens.admin),
                server: &closed,
                expected: Expected {
                    imports: Imports::Any,
                    admin: true,
                    ..reader
                },
            },
            Case {
                name: "revoked",
                token: Some(&tokens.revoked),
                server: &closed,
                expected: NOTHING,
            },
            Case {
                name: "revoked, public reads",
                token: Some(&tokens.revoked),
                server: &public,
                expected: NOTHING,
            },
            Case {
                name: "made up",
                token: Some(
                    "thads_0000000000000000000000000000000000000000000000000000000000000000",
                ),
                server: &public,
                expected: NOTHING,
            },
            Case {
                name: "not a token",
                token: Some("hello"),
                server: &public,
                expected: NOTHING,
            },
        ];
        let mut version = 0;
        for case in &cases {
            let who = format!("{} on {}", case.name, t.backend());
            reads(case, &who).await;
            version += 1;
            imports(&t, case, &who, version).await;
            admin(&t, case, &who, version).await;
        }
        closed.stop().await.unwrap();
        public.stop().await.unwrap();
    }
}

/// Every query, by POST, and one by GET.
async fn reads(case: &Case<'_>, who: &str) {
    for query in QUERIES {
        let (status, answer) = graphql(case.server, case.token, query, Value::Null).await;
        if case.expected.read {
            assert_eq!(status, StatusCode::OK, "{who}: {query}: {answer:#}");
            assert!(answer.get("errors").is_none(), "{who}: {query}: {answer:#}");
        } else {
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{who}: {query}: {answer:#}"
            );
            assert_eq!(code(&answer), "UNAUTHENTICATED", "{who}: {query}");
            assert!(answer.get("data").is_none(), "{who}: {query}: {answer:#}");
        }
    }
    let mut get = client()
        .get(case.server.url("/graphql"))
        .query(&[("query", "{ units { code } }")]);
    if let Some(token) = case.token {
        get = get.bearer_auth(token);
    }
    let r = get.send().await.unwrap();
    let expected = if case.expected.read {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    assert_eq!(r.status(), expected, "{who}: GET /graphql");
    if !case.expected.read {
        assert_eq!(r.headers()["www-authenticate"], "Bearer", "{who}");
    }
}

/// Office A's workbook by both upload paths.
async fn imports(t: &TestDb, case: &Case<'_>, who: &str, version: i64) {
    let book_a = book(OFFICE_A, version);
    for path in ["POST /api/imports", "importWorkbooks"] {
        let before = stored(t).await;
        let (status, answer) = if path == "importWorkbooks" {
            send_graphql(
                case.server,
                case.token,
                std::slice::from_ref(&book_a),
                false,
            )
            .await
        } else {
            send(
                case.server,
                case.token,
                std::slice::from_ref(&book_a),
                false,
            )
            .await
        };
        let outcome = if path == "importWorkbooks" {
            answer["data"]["importWorkbooks"][0].clone()
        } else {
            answer["files"][0].clone()
        };
        let e = case.expected;
        if matches!(e.imports, Imports::Any | Imports::Office(OFFICE_A)) {
            let status_word = outcome["status"]
                .as_str()
                .unwrap_or_default()
                .to_lowercase();
            assert_eq!(status, StatusCode::OK, "{who}: {path}: {answer:#}");
            assert!(
                ["imported", "replaced", "unchanged"].contains(&status_word.as_str()),
                "{who}: {path}: {answer:#}"
            );
            continue;
        }
        // Refused, one way or another: no report changed.
        assert_eq!(stored(t).await.reports, before.reports, "{who}: {path}");
        if e.unauthenticated {
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{who}: {path}: {answer:#}"
            );
            assert_eq!(code(&answer), "UNAUTHENTICATED", "{who}: {path}");
            assert_eq!(stored(t).await, before, "{who}: {path}");
        } else if let Imports::Office(_) = e.imports {
            // Another office may import, but not office A's workbook: rejected, recorded.
            let rejected = outcome["status"]
                .as_str()
                .unwrap_or_default()
                .to_lowercase();
            assert_eq!(rejected, "rejected", "{who}: {path}: {answer:#}");
            // JSON writes the kind `wrong_office`, GraphQL `WRONG_OFFICE`.
            let kind = outcome["problems"][0]["code"]
                .as_str()
                .unwrap_or_default()
                .to_lowercase();
            assert_eq!(kind, "wrong_office", "{who}: {answer:#}");
            let expected = if path == "importWorkbooks" {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            assert_eq!(status, expected, "{who}: {path}");
        } else {
            // Anonymous with public reads, or a viewer: refused before anything is read (over
            // GraphQL too: files are only for importing).
            let (http, gql) = if e.anonymous {
                (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED")
            } else {
                (StatusCode::FORBIDDEN, "FORBIDDEN")
            };
            assert_eq!(status, http, "{who}: {path}: {answer:#}");
            assert_eq!(code(&answer), gql, "{who}: {path}: {answer:#}");
            assert_eq!(stored(t).await, before, "{who}: {path}");
        }
    }
}

/// `upsertUnit` and `setTarget`.
async fn admin(t: &TestDb, case: &Case<'_>, who: &str, version: i64) {
    let mutations = [
        (
            "upsertUnit",
            "mutation($code: String!) { upsertUnit(unit: {code: $code, name: $code,
                parent: \"LA\", level: OFFICE}) { change unit { code parent { code } } } }",
            json!({ "code": format!("LA-NEW{version}") }),
        ),
        (
            "setTarget",
            "mutation($rate: Float!) { setTarget(year: 2021, unit: \"LA\", measure: CASES,
                rate: $rate) { change target { year rate unit { code } } } }",
            json!({ "rate": 50.0 + version as f64 }),
        ),
    ];
    for (name, mutation, variables) in mutations {
        let before = stored(t).await;
        let (status, answer) = graphql(case.server, case.token, mutation, variables).await;
        let e = case.expected;
        if e.admin {
            assert_eq!(status, StatusCode::OK, "{who}: {name}: {answer:#}");
            assert!(answer.get("errors").is_none(), "{who}: {name}: {answer:#}");
            assert_ne!(stored(t).await, before, "{who}: {name} changed nothing");
            continue;
        }
        let (http, gql) = if e.unauthenticated {
            (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED")
        } else if e.anonymous {
            (StatusCode::OK, "UNAUTHENTICATED")
        } else {
            (StatusCode::OK, "FORBIDDEN")
        };
        assert_eq!(status, http, "{who}: {name}: {answer:#}");
        assert_eq!(code(&answer), gql, "{who}: {name}: {answer:#}");
        assert_eq!(stored(t).await, before, "{who}: {name} stored something");
    }
}
