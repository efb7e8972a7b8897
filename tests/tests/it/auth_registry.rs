//! The admin's mutations `upsertUnit` and `setTarget`: they change the registry exactly as
//! `thads units import` and `thads targets import` do, with the same checks and the same
//! words, and a unit or target that fails them changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::thads;
use crate::upload_support::*;
use serde_json::{Value, json};
use thads_domain::services::registry::load_units;
use thads_tests::db::{TestDb, each_backend};

const UPSERT: &str = "mutation($unit: UnitInput!) { upsertUnit(unit: $unit) {
    change unit { code name level parent { code } } } }";
const SET: &str = "mutation($year: Int!, $unit: String!, $measure: Form!, $rate: Float!) {
    setTarget(year: $year, unit: $unit, measure: $measure, rate: $rate) {
    change target { year rate measure unit { code } } } }";

/// The message `thads units|targets import` gives for a file of one bad line, without its
/// "line 2: ".
async fn file_message(t: &TestDb, what: &str, header: &str, line: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{what}.csv"));
    std::fs::write(&path, format!("{header}\n{line}\n")).unwrap();
    let run = thads(&[what, "import", &path.display().to_string(), "--db", &t.url]).await;
    assert_eq!(run.code, 2, "{run:#?}");
    let messages: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("line 2: "))
        .collect();
    messages.join("; ")
}

#[tokio::test]
async fn units_are_upserted_with_the_checks_of_units_csv() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let token = tokens.admin.as_str();
        let unit = |code: &str, name: &str, parent: Option<&str>, aliases: Value| json!({ "unit": { "code": code, "name": name, "parent": parent, "level": "OFFICE", "aliases": aliases } });
        let new = unit(
            "LA-MOI",
            "Chi cục THADS huyện Mới",
            Some("LA"),
            json!(["huyện Mới"]),
        );
        let data = admin(&server, token, UPSERT, new.clone()).await.unwrap();
        assert_eq!(
            data["upsertUnit"],
            json!({ "change": "CREATED", "unit": { "code": "LA-MOI", "name": "Chi cục THADS huyện Mới",
                    "level": "OFFICE", "parent": { "code": "LA" } } })
        );
        let data = admin(&server, token, UPSERT, new).await.unwrap();
        assert_eq!(data["upsertUnit"]["change"], "UNCHANGED");
        // Without aliases the unit keeps its own; with them they are replaced.
        let renamed = unit(
            "LA-MOI",
            "Chi cục THADS huyện Mới Lập",
            Some("LA"),
            Value::Null,
        );
        let data = admin(&server, token, UPSERT, renamed).await.unwrap();
        assert_eq!(data["upsertUnit"]["change"], "UPDATED");
        let aliases = |units: Vec<thads_domain::UnitRecord>| {
            units
                .into_iter()
                .find(|u| u.code == "LA-MOI")
                .unwrap()
                .aliases
        };
        assert_eq!(aliases(load_units(&t.db).await.unwrap()), ["huyện Mới"]);
        let data = admin(
            &server,
            token,
            UPSERT,
            unit(
                "LA-MOI",
                "Chi cục THADS huyện Mới Lập",
                Some("LA"),
                json!(["H. Mới", "huyện Mới Lập"]),
            ),
        )
        .await
        .unwrap();
        assert_eq!(data["upsertUnit"]["change"], "UPDATED");
        assert_eq!(
            aliases(load_units(&t.db).await.unwrap()),
            ["H. Mới", "huyện Mới Lập"]
        );

        // Every refusal is BAD_USER_INPUT in the words of units.csv, and changes nothing.
        let before = stored(&t).await;
        let header = "code,name,parent,level,aliases";
        for (input, line) in [
            (
                unit("LA-X", "Chi cục X", Some("XX"), json!([])),
                "LA-X,Chi cục X,XX,office,",
            ),
            (
                unit("LA-X", "Chi cục X", None, json!([])),
                "LA-X,Chi cục X,,office,",
            ),
            (unit("LA-X", "", Some("LA"), json!([])), "LA-X,,LA,office,"),
            (
                unit("LA-X", "Chi cục X", Some("LA"), json!(["huyện Tân Trụ"])),
                "LA-X,Chi cục X,LA,office,huyện Tân Trụ",
            ),
            (
                unit("LA-Y", "Chi cục Y", Some("LA-TANTRU"), json!([])),
                "LA-Y,Chi cục Y,LA-TANTRU,office,",
            ),
            (
                json!({ "unit": { "code": "LA", "name": "Tỉnh Long An", "parent": "LA-TANTRU", "level": "PROVINCE" } }),
                "LA,Tỉnh Long An,LA-TANTRU,province,Long An",
            ),
        ] {
            let (code, message) = admin(&server, token, UPSERT, input.clone())
                .await
                .unwrap_err();
            assert_eq!(code, "BAD_USER_INPUT", "{input}");
            assert_eq!(
                message,
                file_message(&t, "units", header, line).await,
                "{input}"
            );
            assert_eq!(stored(&t).await, before, "{input}");
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn targets_are_set_with_the_checks_of_targets_csv() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let token = tokens.admin.as_str();
        let target = |year: i32, unit: &str, rate: f64| json!({ "year": year, "unit": unit, "measure": "MONEY", "rate": rate });
        let data = admin(&server, token, SET, target(2021, "LA", 42.5))
            .await
            .unwrap();
        assert_eq!(
            data["setTarget"],
            json!({ "change": "CREATED", "target": { "year": 2021, "rate": 42.5, "measure": "MONEY",
                    "unit": { "code": "LA" } } })
        );
        let data = admin(&server, token, SET, target(2021, "LA", 42.5))
            .await
            .unwrap();
        assert_eq!(data["setTarget"]["change"], "UNCHANGED");
        let data = admin(&server, token, SET, target(2021, "LA", 45.0))
            .await
            .unwrap();
        assert_eq!(data["setTarget"]["change"], "UPDATED");
        // The statistics take it at once.
        let (_, answer) = graphql(
            &server,
            Some(&tokens.viewer),
            r#"{ stats(period: {year: 2021, months: 3}, filter: {units: ["LA"]}) { money { target } } }"#,
            Value::Null,
        )
        .await;
        assert_eq!(
            answer["data"]["stats"][0]["money"]["target"], 45.0,
            "{answer:#}"
        );

        let before = stored(&t).await;
        let header = "year,unit,measure,rate";
        for (input, line) in [
            (target(2021, "LA", 120.0), "2021,LA,money,120"),
            (target(2021, "XX", 50.0), "2021,XX,money,50"),
            (target(1800, "LA", 50.0), "1800,LA,money,50"),
            (target(2021, "", 50.0), "2021,,money,50"),
        ] {
            let (code, message) = admin(&server, token, SET, input.clone()).await.unwrap_err();
            assert_eq!(code, "BAD_USER_INPUT", "{input}");
            assert_eq!(
                message,
                file_message(&t, "targets", header, line).await,
                "{input}"
            );
            assert_eq!(stored(&t).await, before, "{input}");
        }
        server.stop().await.unwrap();
    }
}
