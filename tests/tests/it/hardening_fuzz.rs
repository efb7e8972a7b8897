//! A property of the whole schema, tried on random queries built from its introspection over
//! real HTTP on both databases: no answer is ever larger than the response cap (a larger one
//! is replaced by `RESPONSE_TOO_LARGE`), and no query makes the server fail (`INTERNAL`) or
//! answer anything but 200.
//!
//! The queries are drawn from a seeded generator (`THADS_FUZZ_SEED` replays one run; the seed
//! is printed on failure): any query field, any depth up to five, aliases that repeat a
//! selection, arguments of every input type with values near the edges.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use crate::api_support::load;
use crate::hardening_support::{codes, post_text, server_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;
use thads_api::server::Limits;
use thads_tests::db::each_backend;

/// The response cap of the server under test: small, so that many queries reach it.
const CAP: usize = 16 * 1024;
/// Queries tried on each database.
const QUERIES: usize = 150;
/// The longest query drawn, in bytes (a request body may hold 128 KiB).
const MAX_QUERY: usize = 32 * 1024;

const SCHEMA: &str = "{ __schema { queryType { name } types { name kind
    fields { name args { name type { ...T } } type { ...T } }
    inputFields { name type { ...T } } enumValues { name } } } }
    fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap()).unwrap()
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The schema's types by name, from introspection.
struct Types(HashMap<String, Value>);

impl Types {
    fn get(&self, name: &str) -> &Value {
        &self.0[name]
    }
}

/// The named type inside a type reference, and whether the reference is non-null.
fn named(ty: &Value) -> (&str, bool) {
    let non_null = ty["kind"] == "NON_NULL";
    let mut t = ty;
    while t["name"].is_null() {
        t = &t["ofType"];
    }
    (t["name"].as_str().unwrap(), non_null)
}

/// A value of an input type, in GraphQL syntax.
fn value(types: &Types, rng: &mut Rng, ty: &Value, depth: usize) -> String {
    match ty["kind"].as_str().unwrap() {
        "NON_NULL" => value(types, rng, &ty["ofType"], depth),
        "LIST" => {
            let items: Vec<String> = (0..rng.below(3) + 1)
                .map(|_| value(types, rng, &ty["ofType"], depth))
                .collect();
            format!("[{}]", items.join(", "))
        }
        _ => {
            let name = ty["name"].as_str().unwrap();
            let t = types.get(name);
            match t["kind"].as_str().unwrap() {
                "ENUM" => {
                    let values = t["enumValues"].as_array().unwrap();
                    rng.pick(values)["name"].as_str().unwrap().to_owned()
                }
                "INPUT_OBJECT" if depth < 3 => {
                    let mut fields = Vec::new();
                    for f in t["inputFields"].as_array().unwrap() {
                        if named(&f["type"]).1 || rng.chance(50) {
                            let v = value(types, rng, &f["type"], depth + 1);
                            fields.push(format!("{}: {v}", f["name"].as_str().unwrap()));
                        }
                    }
                    format!("{{ {} }}", fields.join(", "))
                }
                _ => scalar(rng, name),
            }
        }
    }
}

fn scalar(rng: &mut Rng, name: &str) -> String {
    match name {
        "Int" => rng
            .pick(&[
                "-1", "0", "1", "3", "9", "12", "13", "1000", "2019", "2020", "2021",
            ])
            .to_string(),
        "Float" => rng.pick(&["0", "50.5", "100", "-1"]).to_string(),
        "Boolean" => rng.pick(&["true", "false"]).to_string(),
        "Date" => rng
            .pick(&["\"2020-06-30\"", "\"2025-07-01\"", "\"not a date\""])
            .to_string(),
        _ => rng
            .pick(&[
                "\"LA\"",
                "\"LA-TANTRU\"",
                "\"VN\"",
                "\"active\"",
                "\"active.civil\"",
                "\"XX\"",
                "\"\"",
            ])
            .to_string(),
    }
}

/// A random selection set of an object type.
fn selection(types: &Types, rng: &mut Rng, type_name: &str, depth: usize) -> String {
    let fields: Vec<&Value> = types.get(type_name)["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["name"].as_str().unwrap().starts_with("__"))
        .collect();
    let mut out = Vec::new();
    for _ in 0..rng.below(4) + 1 {
        let field = *rng.pick(&fields);
        let (inner, _) = named(&field["type"]);
        let is_object = types.get(inner)["kind"] == "OBJECT";
        if is_object && depth >= 5 {
            continue;
        }
        let mut args = Vec::new();
        for a in field["args"].as_array().unwrap() {
            if named(&a["type"]).1 || rng.chance(40) {
                let v = value(types, rng, &a["type"], 0);
                args.push(format!("{}: {v}", a["name"].as_str().unwrap()));
            }
        }
        let args = if args.is_empty() {
            String::new()
        } else {
            format!("({})", args.join(", "))
        };
        let below = if is_object {
            format!(" {{ {} }}", selection(types, rng, inner, depth + 1))
        } else {
            String::new()
        };
        // Aliases repeat a field, which multiplies the answer.
        let copies = if rng.chance(30) { rng.below(6) + 2 } else { 1 };
        for copy in 0..copies {
            out.push(format!(
                "f{depth}_{}_{copy}: {}{args}{below}",
                out.len(),
                field["name"].as_str().unwrap()
            ));
        }
    }
    if out.is_empty() {
        out.push("__typename".to_owned());
    }
    out.join(" ")
}

#[tokio::test]
async fn no_answer_is_larger_than_the_cap() {
    let seed: u64 = std::env::var("THADS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x7a11_5eed);
    for t in each_backend().await {
        let _files = load(&t).await;
        let limits = Limits {
            max_response_bytes: CAP,
            ..Limits::default()
        };
        let server = server_with(&t, limits).await;
        // The schema from in process: its introspection is larger than the cap.
        let schema = thads_api::graphql::schema(t.db.clone())
            .execute(SCHEMA)
            .await;
        assert!(schema.errors.is_empty(), "{:?}", schema.errors);
        let schema = json!({ "data": schema.data.into_json().unwrap() });
        let types = Types(
            schema["data"]["__schema"]["types"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| (t["name"].as_str().unwrap().to_owned(), t.clone()))
                .collect(),
        );
        let root = schema["data"]["__schema"]["queryType"]["name"]
            .as_str()
            .unwrap();
        let mut rng = Rng(seed);
        let mut capped = 0;
        let mut tried = 0;
        while tried < QUERIES {
            let query = format!("{{ {} }}", selection(&types, &mut rng, root, 0));
            // Aliases of aliases grow fast: a query longer than a body may be is drawn again.
            if query.len() > MAX_QUERY {
                continue;
            }
            tried += 1;
            let (status, text) = post_text(&server, None, &json!({ "query": query })).await;
            let shown: String = query.chars().take(400).collect();
            let context = format!("{} seed {seed} query {tried}: {shown}", t.backend());
            let answer_shown: String = text.chars().take(400).collect();
            assert_eq!(status, StatusCode::OK, "{context}\n{answer_shown}");
            assert!(text.len() <= CAP, "{context}: {} bytes", text.len());
            let answer: Value = serde_json::from_str(&text).unwrap();
            let codes = codes(&answer);
            assert!(
                !codes.iter().any(|c| c == "INTERNAL"),
                "{context}\n{answer_shown}"
            );
            if codes.iter().any(|c| c == "RESPONSE_TOO_LARGE") {
                capped += 1;
                assert_eq!(answer["data"], Value::Null, "{context}");
            }
        }
        // The property was put to the test: some answers did reach the cap.
        assert!(
            capped > 0,
            "{}: no query reached the cap; seed {seed}",
            t.backend()
        );
        server.stop().await.unwrap();
    }
}
