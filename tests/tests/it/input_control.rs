//! Control characters (NUL, a tab, CR or LF inside a field, BEL, DEL…) in the text people give
//! are refused before the database sees them, with the line and the field named, and nothing
//! is written: the registry files through `thads units|targets import` (exit 2), the admin's
//! mutations `upsertUnit` and `setTarget` (`BAD_USER_INPUT`), and `thads tokens create`. On
//! PostgreSQL a NUL used to reach the database, which refused it with its own words
//! (`INTERNAL` over GraphQL, the raw error on the command line); SQLite stored it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::{Run, thads};
use crate::upload_support::*;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use thads_domain::entities::tokens as stored_tokens;
use thads_tests::db::{TestDb, each_backend};

/// Runs `thads units|targets import` on a file holding `bytes`.
async fn registry_file(t: &TestDb, what: &str, bytes: &[u8]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{what}.csv"));
    std::fs::write(&path, bytes).unwrap();
    thads(&[what, "import", &path.display().to_string(), "--db", &t.url]).await
}

/// The problem lines (`line N: …`) a refused command printed.
fn problem_lines(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("line "))
        .collect()
}

/// How many tokens are stored.
async fn token_count(t: &TestDb) -> u64 {
    stored_tokens::Entity::find().count(&t.db).await.unwrap()
}

#[tokio::test]
async fn the_registry_files_refuse_control_characters_with_their_line_and_field() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let before = stored(&t).await;
        let units = "code,name,parent,level,aliases\n\
                     LA-MOT,Chi cục Một,LA,office,\n\
                     LA-NUL\0,Chi cục Hai,LA,office,\n\
                     LA-BA,Chi cục Tân\x07 Ba,LA,office,\n\
                     LA-BON,\"Chi cục\nBốn\",LA,office,huyện Bốn\n\
                     LA-NAM,Chi cục Năm,LA\x7f,office,huyện Năm|\tNăm\n";
        let run = registry_file(&t, "units", units.as_bytes()).await;
        assert_eq!(run.code, 2, "{backend}: {run:#?}");
        assert_eq!(
            problem_lines(&run),
            [
                "line 3: code contains a control character (U+0000) at position 7",
                "line 4: name contains a control character (U+0007) at position 12",
                "line 5: name contains a control character (U+000A) at position 8",
                "line 7: aliases contains a control character (U+0009) at position 11",
                "line 7: parent contains a control character (U+007F) at position 3",
            ],
            "{backend}: {run:#?}"
        );
        assert!(!run.stderr.contains("database"), "{backend}: {run:#?}");

        let targets = "year,unit,measure,rate\n2021,LA,cases,80\n2021,LA\0,money,40\n";
        let run = registry_file(&t, "targets", targets.as_bytes()).await;
        assert_eq!(run.code, 2, "{backend}: {run:#?}");
        assert_eq!(
            problem_lines(&run),
            ["line 3: unit contains a control character (U+0000) at position 3"],
            "{backend}: {run:#?}"
        );
        assert!(!run.stderr.contains("database"), "{backend}: {run:#?}");
        assert_eq!(stored(&t).await, before, "{backend}");
    }
}

#[tokio::test]
async fn the_registry_mutations_refuse_control_characters_with_the_field_named() {
    const UPSERT: &str = "mutation($unit: UnitInput!) { upsertUnit(unit: $unit) { change } }";
    const SET: &str = "mutation($unit: String!) {
        setTarget(year: 2021, unit: $unit, measure: CASES, rate: 80) { change } }";
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let before = stored(&t).await;
        let unit = |code: &str, name: &str, parent: &str, aliases: Value| {
            json!({ "unit": { "code": code, "name": name, "parent": parent, "level": "OFFICE",
                              "aliases": aliases } })
        };
        for (variables, expected) in [
            (
                unit("LA-\0X", "Chi cục X", "LA", json!([])),
                "code contains a control character (U+0000) at position 4",
            ),
            (
                unit("LA-X", "Chi cục\r\nX", "LA", json!([])),
                "name contains a control character (U+000D) at position 8",
            ),
            (
                unit("LA-X", "Chi cục X", "LA\t", json!([])),
                "parent contains a control character (U+0009) at position 3",
            ),
            (
                unit("LA-X", "Chi cục X", "LA", json!(["huyện X", "X\u{7}"])),
                "alias 2 contains a control character (U+0007) at position 2",
            ),
        ] {
            let (status, answer) = graphql(&server, Some(&tokens.admin), UPSERT, variables).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
            assert_eq!(code(&answer), "BAD_USER_INPUT", "{backend}: {answer:#}");
            assert_eq!(answer["errors"][0]["message"], expected, "{backend}");
        }
        for (unit, expected) in [
            (
                "LA\0",
                "unit contains a control character (U+0000) at position 3",
            ),
            (
                "LA\n",
                "unit contains a control character (U+000A) at position 3",
            ),
        ] {
            let (status, answer) =
                graphql(&server, Some(&tokens.admin), SET, json!({ "unit": unit })).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
            assert_eq!(code(&answer), "BAD_USER_INPUT", "{backend}: {answer:#}");
            assert_eq!(answer["errors"][0]["message"], expected, "{backend}");
        }
        assert_eq!(stored(&t).await, before, "{backend}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn token_names_and_units_refuse_control_characters() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let before = token_count(&t).await;
        for (args, expected) in [
            (
                ["--role", "viewer", "--name", "Bảng\u{7} điều khiển"],
                "name contains a control character (U+0007) at position 5",
            ),
            (
                ["--role", "viewer", "--name", "Văn thư\nTân Trụ"],
                "name contains a control character (U+000A) at position 8",
            ),
            (
                ["--role", "office", "--unit", "LA-TANTRU\u{1b}"],
                "unit contains a control character (U+001B) at position 10",
            ),
        ] {
            let mut all = vec!["tokens", "create", "--db", t.url.as_str()];
            all.extend(args);
            let run = thads(&all).await;
            assert_eq!(run.code, 2, "{backend}: {args:?}: {run:#?}");
            assert_eq!(run.stderr, format!("error: {expected}\n"), "{backend}");
            assert_eq!(run.stdout, "", "{backend}: {args:?}");
        }
        assert_eq!(token_count(&t).await, before, "{backend}");
    }
}
