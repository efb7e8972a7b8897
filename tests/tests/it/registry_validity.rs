//! Units through time (`reorganisation.md`): `valid_from`, `valid_to` and `successor` loaded by
//! the real `thads units import` on both databases, every refusal with its line and nothing
//! written, and what GraphQL answers about them (`units(at:)`, `validFrom`, `validTo`,
//! `successor`, `predecessors`, `upsertUnit`). Every expected value is written by hand from
//! `tests/fixtures/validity/units.csv`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::hardening_support::{codes as error_codes, post_json, server_with};
use crate::import_support::{Run, fixture, load_units_file, thads};
use crate::upload_support::{admin, create_token, server};

use serde_json::{Value, json};
use thads_api::server::Limits;
use thads_domain::UnitRecord;
use thads_domain::services::registry::load_units;
use thads_tests::db::{TestDb, each_backend};

/// The header of the fixture, whose columns after the five come in another order.
const HEADER: &str = "code,name,parent,level,aliases,valid_to,successor,valid_from";

/// Loads the merged province of the fixture.
async fn load_merged(t: &TestDb) {
    load_units_file(t, &fixture("validity/units.csv")).await;
}

/// Runs `thads units import` on a file of these lines under `header`.
async fn import_lines(t: &TestDb, header: &str, lines: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("units.csv");
    std::fs::write(&path, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
    thads(&[
        "units",
        "import",
        &path.display().to_string(),
        "--db",
        &t.url,
    ])
    .await
}

/// Imports a file that must be refused, checks that the registry did not change, and returns
/// the problems printed, each as "line N: message".
async fn refused(t: &TestDb, lines: &[&str]) -> Vec<String> {
    let before: Vec<UnitRecord> = load_units(&t.db).await.unwrap();
    let run = import_lines(t, HEADER, lines).await;
    assert_eq!(run.code, 2, "{}: {run:#?}", t.backend());
    assert_eq!(load_units(&t.db).await.unwrap(), before, "{}", t.backend());
    run.stderr
        .lines()
        .filter(|l| l.starts_with("line "))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_merged_province_loads_and_an_old_file_still_does() {
    for t in each_backend().await {
        let backend = t.backend();
        load_merged(&t).await;
        let units = load_units(&t.db).await.unwrap();
        assert_eq!(units.len(), 12, "{backend}");
        let la = units.iter().find(|u| u.code == "LA").unwrap();
        assert_eq!(la.validity.from, None);
        assert_eq!(
            la.validity.to.map(|d| d.to_string()).as_deref(),
            Some("2025-06-30")
        );
        assert_eq!(la.validity.successor.as_deref(), Some("TN"));
        let tn = units.iter().find(|u| u.code == "TN").unwrap();
        assert_eq!(tn.name, "Tỉnh Tây Ninh");
        assert_eq!(
            tn.validity.from.map(|d| d.to_string()).as_deref(),
            Some("2025-07-01")
        );
        assert_eq!(
            (tn.validity.to, tn.validity.successor.as_deref()),
            (None, None)
        );

        // Again: nothing changes.
        let run = import_lines(&t, "code", &[]).await;
        assert_eq!(
            run.code, 2,
            "a header without the columns is refused: {run:#?}"
        );
        load_merged(&t).await;
        assert_eq!(load_units(&t.db).await.unwrap(), units, "{backend}");

        // A five-column file updates what it gives and keeps the validity stored.
        let run = import_lines(
            &t,
            "code,name,parent,level,aliases",
            &["TN-KV1,Phòng Thi hành án dân sự khu vực 1 - Tây Ninh,TN,office,khu vực 1|KV1"],
        )
        .await;
        assert_eq!(run.code, 0, "{run:#?}");
        let kv1 = load_units(&t.db).await.unwrap();
        let kv1 = kv1.iter().find(|u| u.code == "TN-KV1").unwrap();
        assert_eq!(kv1.aliases, ["khu vực 1", "KV1"]);
        assert_eq!(
            kv1.validity.from.map(|d| d.to_string()).as_deref(),
            Some("2025-07-01")
        );
    }
    // The old registry of five columns loads into an empty database, every unit always valid.
    for t in each_backend().await {
        load_units_file(&t, &fixture("real/units.csv")).await;
        let units = load_units(&t.db).await.unwrap();
        assert_eq!(units.len(), 17, "{}", t.backend());
        assert!(units.iter().all(|u| u.validity == Default::default()));
    }
}

#[tokio::test]
async fn each_refusal_names_its_line_and_changes_nothing() {
    let office = "Chi cục Thi hành án dân sự huyện Bến Cầu";
    let kv3 = "Phòng Thi hành án dân sự khu vực 3 - Tây Ninh";
    for t in each_backend().await {
        load_merged(&t).await;
        let bad_date = format!("TN-KV3,{kv3},TN,office,,2025-13-01,,2025-07-01");
        assert_eq!(
            refused(&t, &[&bad_date]).await,
            [
                "line 2: valid_to \"2025-13-01\" is not a date: write it as YYYY-MM-DD, e.g. \
                 2025-06-30"
            ]
        );
        let from_after_to = format!("TN-KV3,{kv3},TN,office,,2025-06-30,,2025-07-01");
        assert_eq!(
            refused(&t, &[&from_after_to]).await,
            ["line 2: TN-KV3 starts on 2025-07-01, after it ends on 2025-06-30"]
        );
        let late_successor = format!("TN-KV3,{kv3},TN,office,,,,2025-07-02");
        let predecessor = format!("TNM-BENCAU,{office},TNM,office,,2025-06-30,TN-KV3,");
        assert_eq!(
            refused(&t, &[&late_successor, &predecessor]).await,
            [
                "line 3: the successor TN-KV3 of TNM-BENCAU starts on 2025-07-02, but \
                 TNM-BENCAU ends on 2025-06-30: TN-KV3 must start on 2025-07-01"
            ]
        );
        let unknown = format!("TNM-BENCAU,{office},TNM,office,,2025-06-30,TN-KV9,");
        assert_eq!(
            refused(&t, &[&unknown]).await,
            [
                "line 2: unknown successor TN-KV9 of TNM-BENCAU: not in this file nor in the registry"
            ]
        );
        assert_eq!(
            refused(&t, &["VN-VP,Văn phòng,VN,office,,,TN-KV1,"]).await,
            [
                "line 2: VN-VP has the successor TN-KV1 but no valid_to: a successor takes \
                 over the day after its predecessor ends"
            ]
        );
        assert_eq!(
            refused(
                &t,
                &[
                    "CY-A,Văn phòng A,VN,office,,2025-06-30,CY-B,",
                    "CY-B,Văn phòng B,VN,office,,2025-06-30,CY-A,2025-07-01",
                ]
            )
            .await,
            [
                "line 2: the successors form a cycle: CY-A → CY-B → CY-A",
                "line 3: CY-B starts on 2025-07-01, after it ends on 2025-06-30",
                "line 3: the successors form a cycle: CY-B → CY-A → CY-B",
            ]
        );
        let outlives_parent = format!("TNM-BENCAU,{office},TNM,office,,2025-12-31,,");
        assert_eq!(
            refused(&t, &[&outlives_parent]).await,
            [
                "line 2: TNM-BENCAU exists until 2025-12-31, but its parent TNM exists only \
                 until 2025-06-30: a parent must exist over its child's whole validity"
            ]
        );
        assert_eq!(
            refused(&t, &["TN2,Tỉnh Tây Ninh,VN,province,,,,2025-06-01"]).await,
            [
                "line 2: name \"Tỉnh Tây Ninh\" of TN2 reads the same as the name \"Tỉnh Tây \
                 Ninh\" of TN (in the registry), also under VN and at the same time: a \
                 workbook naming it could not tell them apart"
            ]
        );
    }
}

/// The query of a unit's validity, successor and predecessors.
const UNIT_FIELDS: &str = "code validFrom validTo successor { code } predecessors { code }";

/// The codes of a list of units, sorted (the databases' collations may list them otherwise).
fn codes(units: &Value) -> Vec<String> {
    let mut codes: Vec<String> = units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn graphql_answers_units_through_time() {
    for t in each_backend().await {
        let backend = t.backend();
        load_merged(&t).await;
        let (token, _) = create_token(&t, &["--role", "admin", "--name", "admin"]).await;
        let server = server(&t, false).await;
        let (server, token) = (&server, token.as_str());
        let query = move |q: &str| {
            let q = q.to_owned();
            async move { admin(server, token, &q, json!({})).await }
        };

        let data = query(
            r#"{ before: units(at: "2025-06-30") { code }
                 after: units(at: "2025-07-01") { code }
                 offices: units(at: "2025-07-01", level: OFFICE) { code }
                 provinces: units(at: "2024-01-01", parent: "VN") { code }
                 all: units { code } }"#,
        )
        .await
        .unwrap();
        assert_eq!(
            codes(&data["before"]),
            [
                "LA",
                "LA-CHAUTHANH",
                "LA-CUC",
                "LA-TANTRU",
                "TNM",
                "TNM-CHAUTHANH",
                "TNM-CUC",
                "VN"
            ],
            "{backend}"
        );
        assert_eq!(
            codes(&data["after"]),
            ["TN", "TN-CUC", "TN-KV1", "TN-KV2", "VN"]
        );
        assert_eq!(codes(&data["offices"]), ["TN-CUC", "TN-KV1", "TN-KV2"]);
        assert_eq!(codes(&data["provinces"]), ["LA", "TNM"]);
        assert_eq!(data["all"].as_array().unwrap().len(), 12);

        let one = |code: &str| format!(r#"{{ unit(code: "{code}") {{ {UNIT_FIELDS} }} }}"#);
        let data = query(&one("TN-KV2")).await.unwrap();
        assert_eq!(
            data["unit"],
            json!({ "code": "TN-KV2", "validFrom": "2025-07-01", "validTo": null,
                    "successor": null,
                    "predecessors": [{ "code": "LA-CHAUTHANH" }, { "code": "LA-TANTRU" }] }),
            "{backend}"
        );
        let data = query(&one("LA-TANTRU")).await.unwrap();
        assert_eq!(
            data["unit"],
            json!({ "code": "LA-TANTRU", "validFrom": null, "validTo": "2025-06-30",
                    "successor": { "code": "TN-KV2" }, "predecessors": [] })
        );
        let data = query(&one("TN")).await.unwrap();
        assert_eq!(codes(&data["unit"]["predecessors"]), ["LA", "TNM"]);
        let data = query(&one("VN")).await.unwrap();
        assert_eq!(
            data["unit"],
            json!({ "code": "VN", "validFrom": null, "validTo": null, "successor": null,
                    "predecessors": [] })
        );
    }
}

#[tokio::test]
async fn upsert_unit_takes_validity_and_refuses_a_bad_successor() {
    let upsert = format!(
        "mutation($unit: UnitInput!) {{ upsertUnit(unit: $unit) {{ change unit {{ {UNIT_FIELDS} }} }} }}"
    );
    for t in each_backend().await {
        let backend = t.backend();
        load_merged(&t).await;
        let (token, _) = create_token(&t, &["--role", "admin", "--name", "admin"]).await;
        let server = server(&t, false).await;
        let run = |unit: Value| admin(&server, &token, &upsert, json!({ "unit": unit }));

        let kv3 = json!({ "code": "TN-KV3", "name": "Phòng Thi hành án dân sự khu vực 3 - Tây Ninh",
                          "parent": "TN", "level": "OFFICE", "validFrom": "2025-07-01" });
        assert_eq!(
            run(kv3).await.unwrap()["upsertUnit"],
            json!({ "change": "CREATED", "unit": { "code": "TN-KV3", "validFrom": "2025-07-01",
                    "validTo": null, "successor": null, "predecessors": [] } }),
            "{backend}"
        );
        let bencau = json!({ "code": "TNM-BENCAU", "name": "Chi cục Thi hành án dân sự huyện Bến Cầu",
                             "parent": "TNM", "level": "OFFICE", "validTo": "2025-06-30",
                             "successor": "TN-KV3" });
        assert_eq!(
            run(bencau).await.unwrap()["upsertUnit"],
            json!({ "change": "CREATED", "unit": { "code": "TNM-BENCAU", "validFrom": null,
                    "validTo": "2025-06-30", "successor": { "code": "TN-KV3" },
                    "predecessors": [] } })
        );
        // Without the validity fields the unit keeps its own.
        let renamed = json!({ "code": "TNM-BENCAU", "name": "Chi cục THADS huyện Bến Cầu",
                              "parent": "TNM", "level": "OFFICE" });
        assert_eq!(
            run(renamed).await.unwrap()["upsertUnit"],
            json!({ "change": "UPDATED", "unit": { "code": "TNM-BENCAU", "validFrom": null,
                    "validTo": "2025-06-30", "successor": { "code": "TN-KV3" },
                    "predecessors": [] } })
        );
        let data = admin(
            &server,
            &token,
            &format!(r#"{{ unit(code: "TN-KV3") {{ {UNIT_FIELDS} }} }}"#),
            json!({}),
        )
        .await
        .unwrap();
        assert_eq!(
            data["unit"]["predecessors"],
            json!([{ "code": "TNM-BENCAU" }])
        );

        let before = load_units(&t.db).await.unwrap();
        let godau = json!({ "code": "TNM-GODAU", "name": "Chi cục Thi hành án dân sự huyện Gò Dầu",
                            "parent": "TNM", "level": "OFFICE", "validTo": "2025-06-30",
                            "successor": "TN-KV9" });
        let (code, message) = run(godau).await.unwrap_err();
        assert_eq!(code, "BAD_USER_INPUT", "{backend}");
        assert!(
            message.contains("unknown successor TN-KV9 of TNM-GODAU"),
            "{backend}: {message}"
        );
        let late = json!({ "code": "TNM-GODAU", "name": "Chi cục Thi hành án dân sự huyện Gò Dầu",
                           "parent": "TNM", "level": "OFFICE", "validTo": "2025-06-29",
                           "successor": "TN-KV3" });
        let (code, message) = run(late).await.unwrap_err();
        assert_eq!(code, "BAD_USER_INPUT");
        assert!(
            message.contains("TN-KV3 must start on 2025-06-30"),
            "{backend}: {message}"
        );
        assert_eq!(load_units(&t.db).await.unwrap(), before, "{backend}");
    }
}

#[tokio::test]
async fn predecessors_are_priced_at_the_most_any_unit_has() {
    // 12 units, of which TN, TN-CUC and TN-KV2 have the most predecessors, 2: `units(at:)`
    // counts as every unit, so the query costs 1 (units) + 12 (their predecessors) + 24 (the
    // predecessors' predecessors) + 48 (their codes) = 85.
    let query =
        json!({ "query": r#"{units(at: "2025-07-01"){predecessors{predecessors{code}}}}"# });
    for t in each_backend().await {
        load_merged(&t).await;
        for (max_cost, refused) in [(85, false), (84, true)] {
            let limits = Limits {
                max_cost,
                ..Limits::default()
            };
            let server = server_with(&t, limits).await;
            let (_, answer) = post_json(&server, None, &query).await;
            let expected: &[&str] = if refused {
                &["QUERY_TOO_EXPENSIVE"]
            } else {
                &[]
            };
            assert_eq!(
                error_codes(&answer),
                expected,
                "{} {max_cost}: {answer}",
                t.backend()
            );
            server.stop().await.unwrap();
        }
    }
}
