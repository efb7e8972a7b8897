//! The HTTP server on port 0: GraphiQL and every asset it references served locally,
//! queries by POST and GET, error codes and limits over HTTP, `/health`, graceful stop.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::*;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};
use serde_json::{Value, json};
use std::path::Path;
use thads_api::server::{MAX_BATCH, MAX_BODY, RunningServer, ServerConfig, spawn_with};
use thads_tests::db::{TestDb, each_backend};

/// The query GraphiQL sends to learn the schema (graphql-js 16 with every option GraphiQL
/// may turn on); the deepest query a real client sends.
pub const INTROSPECTION: &str = r#"query IntrospectionQuery {
  __schema {
    description
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL
  fields(includeDeprecated: true) {
    name description args(includeDeprecated: true) { ...InputValue }
    type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
}
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  } } } } } } } } }
}"#;

/// The server over a test database, anyone allowed to read (`serve --public-read`).
pub async fn start(t: &TestDb) -> RunningServer {
    spawn_with(t.db.clone(), "127.0.0.1:0", ServerConfig::public_read())
        .await
        .unwrap()
}

/// A client that neither follows redirects nor decompresses.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// POSTs a JSON body to `/graphql`; returns the status and the JSON answer.
async fn post(server: &RunningServer, body: &Value) -> (StatusCode, Value) {
    let r = client()
        .post(server.url("/graphql"))
        .json(body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

/// The code of the first error of an answer.
fn code(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

/// Every `src="…"` and `href="…"` of a page.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    out
}

/// The JSON block that configures the page.
pub fn page_config(html: &str) -> Value {
    let start = r#"<script id="thads-config" type="application/json">"#;
    let i = html.find(start).unwrap() + start.len();
    let end = html[i..].find("</script>").unwrap();
    serde_json::from_str(&html[i..i + end]).unwrap()
}

#[tokio::test]
async fn graphiql_and_every_asset_it_references_are_served_locally() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let server = start(&t).await;
        let page = client().get(server.url("/")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        let csp = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
        let html = page.text().await.unwrap();
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{html}"
        );
        let refs = references(&html);
        assert_eq!(refs.len(), 5, "{refs:?}");
        let vendored = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/assets/graphiql");
        for url in &refs {
            assert!(url.starts_with("/assets/"), "{url} is not served locally");
            let r = client().get(server.url(url)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{url}");
            let kind = r.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
            let expected = if url.ends_with(".css") {
                "text/css; charset=utf-8"
            } else {
                "text/javascript; charset=utf-8"
            };
            assert_eq!(kind, expected, "{url}");
            assert_eq!(r.headers()["x-content-type-options"], "nosniff", "{url}");
            let cache = r.headers()[CACHE_CONTROL].to_str().unwrap().to_owned();
            let body = r.bytes().await.unwrap();
            let name = url.rsplit('/').next().unwrap();
            if url.starts_with("/assets/graphiql/") {
                assert_eq!(cache, "public, max-age=31536000, immutable", "{url}");
                assert_eq!(body, std::fs::read(vendored.join(name)).unwrap(), "{url}");
            } else {
                assert_eq!(cache, "no-cache", "{url}");
                assert!(!body.is_empty());
            }
        }
        // Compressed for clients that accept gzip.
        let js = refs
            .iter()
            .find(|u| u.ends_with("graphiql.min.js"))
            .unwrap();
        let r = client()
            .get(server.url(js))
            .header(ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()[CONTENT_ENCODING], "gzip");
        let size = std::fs::metadata(vendored.join("graphiql.min.js"))
            .unwrap()
            .len();
        assert!((r.bytes().await.unwrap().len() as u64) < size / 2);

        // The page opens with the offices of the first province for the newest period,
        // ranked by completion rate; the query runs as it stands.
        let config = page_config(&html);
        assert_eq!(config["endpoint"], "/graphql");
        let example = config["defaultQuery"].as_str().unwrap();
        for part in [
            "year: 2020, months: 9",
            r#"units: ["LA"]"#,
            "groupBy: [OFFICE]",
            "field: CASES_RATE, direction: DESC",
            "target",
            "previousYear",
            "Tỉnh Long An",
        ] {
            assert!(example.contains(part), "{part:?} missing from\n{example}");
        }
        let (status, answer) = post(&server, &json!({ "query": example })).await;
        assert_eq!(status, StatusCode::OK);
        let rows = answer["data"]["stats"]
            .as_array()
            .unwrap_or_else(|| panic!("{answer:#}"));
        let codes: Vec<&str> = rows
            .iter()
            .map(|r| r["unit"]["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["LA-BENLUC", "LA-TANTRU", "LA-THUTHUA"]);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn queries_by_post_and_get_and_batches() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let server = start(&t).await;
        let query = "query Rate($units: [String!]) {
            stats(period: {year: 2020, months: 9}, filter: {units: $units}) { cases { enforceable rate } }
        }";
        let expected =
            json!({ "data": { "stats": [{ "cases": { "enforceable": 40, "rate": 60.0 } }] } });
        let body = json!({ "query": query, "variables": { "units": ["LA-BENLUC"] } });
        assert_eq!(
            post(&server, &body).await,
            (StatusCode::OK, expected.clone())
        );

        let r = client()
            .get(server.url("/graphql"))
            .query(&[
                ("query", query),
                ("variables", r#"{"units":["LA-BENLUC"]}"#),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.json::<Value>().await.unwrap(), expected);

        let r = client()
            .post(server.url("/graphql"))
            .header(CONTENT_TYPE, "application/graphql")
            .body("{ unit(code: \"TG\") { name } }")
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.json::<Value>().await.unwrap(),
            json!({ "data": { "unit": { "name": "Tỉnh Tiền Giang" } } })
        );

        let batch = json!([{ "query": "{ unit(code: \"LA\") { level } }" }, { "query": "{ periods { months } }" }]);
        let (status, answer) = post(&server, &batch).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            answer,
            json!([
                { "data": { "unit": { "level": "PROVINCE" } } },
                { "data": { "periods": [{ "months": 9 }, { "months": 8 }, { "months": 9 }] } },
            ])
        );

        // GraphiQL's own introspection query fits within the limits.
        let (status, answer) = post(&server, &json!({ "query": INTROSPECTION })).await;
        assert_eq!(status, StatusCode::OK);
        assert!(answer.get("errors").is_none(), "{:#}", answer["errors"]);
        assert_eq!(answer["data"]["__schema"]["queryType"]["name"], "Query");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn errors_and_limits_over_http() {
    for t in each_backend().await {
        let server = start(&t).await;
        let (status, answer) = post(
            &server,
            &json!({
                "query": "{ stats(period: {year: 2020, months: 13}) { cases { rate } } }"
            }),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(code(&answer), "BAD_USER_INPUT", "{answer:#}");
        assert_eq!(
            answer["errors"][0]["message"],
            "months must be between 1 and 12, found 13"
        );
        assert_eq!(answer["errors"][0]["path"], json!(["stats"]));

        let mut deep = String::from("code");
        for _ in 0..30 {
            deep = format!("parent {{ {deep} }}");
        }
        let (_, answer) = post(
            &server,
            &json!({ "query": format!("{{ units {{ {deep} }} }}") }),
        )
        .await;
        assert_eq!(code(&answer), "QUERY_TOO_DEEP", "{answer:#}");
        let many: String = (0..600)
            .map(|i| format!("a{i}: periods {{ year }} "))
            .collect();
        let (_, answer) = post(&server, &json!({ "query": format!("{{ {many} }}") })).await;
        assert_eq!(code(&answer), "QUERY_TOO_COMPLEX", "{answer:#}");

        // Bodies, batches and uploads are bounded.
        let huge = format!("{{ periods {{ year }} }} # {}", "x".repeat(MAX_BODY));
        let (status, answer) = post(&server, &json!({ "query": huge })).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(code(&answer), "PAYLOAD_TOO_LARGE");
        let batch: Vec<Value> = (0..=MAX_BATCH)
            .map(|_| json!({ "query": "{ periods { year } }" }))
            .collect();
        let (status, answer) = post(&server, &Value::Array(batch)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(code(&answer), "BAD_REQUEST");
        // Files come only as a GraphQL multipart request, from a caller who may import: an
        // anonymous one is refused before its body is read.
        let r = client()
            .post(server.url("/graphql"))
            .header(CONTENT_TYPE, "multipart/form-data; boundary=x")
            .body("--x--")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(code(&r.json().await.unwrap()), "UNAUTHENTICATED");
        let r = client()
            .post(server.url("/graphql"))
            .header(CONTENT_TYPE, "application/json")
            .body("{ not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert_eq!(code(&r.json().await.unwrap()), "BAD_REQUEST");
        let r = client()
            .get(server.url("/nothing-here"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn health_checks_the_database_and_the_server_stops_gracefully() {
    for t in each_backend().await {
        let server = start(&t).await;
        let r = client().get(server.url("/health")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[CACHE_CONTROL], "no-store");
        assert_eq!(
            r.json::<Value>().await.unwrap(),
            json!({ "status": "ok", "writable": true })
        );

        // The database goes away: 503, and GraphQL answers "internal error" only.
        t.db.clone().close().await.unwrap();
        let r = client().get(server.url("/health")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            r.json::<Value>().await.unwrap(),
            json!({ "status": "unavailable" })
        );
        let (status, answer) = post(&server, &json!({ "query": "{ units { code } }" })).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            answer["errors"],
            json!([{
                "message": "internal error", "locations": [{ "line": 1, "column": 3 }],
                "path": ["units"], "extensions": { "code": "INTERNAL" },
            }])
        );

        let addr = server.addr();
        server.stop().await.unwrap();
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "still listening"
        );
    }
}
