//! A unit's code is the same whatever its case: `la-tantru` next to `LA-TANTRU` is refused with
//! its line, in a file and against the registry, by `thads units import` and `upsertUnit`;
//! loading a code again in the same case still updates the unit; and the database itself
//! refuses such a unit, through a unique index that its migration adds to a clean registry
//! (and refuses to add, naming the codes, to one that is not).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::thads;
use crate::upload_support::*;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use thads_domain::services::registry::{UnitsImported, import_units_csv, load_units};
use thads_migration::{Migrator, MigratorTrait};
use thads_tests::db::{TestDb, each_backend};

/// Runs `thads units import` on a file holding `csv`; its exit code and standard error.
async fn units_file(t: &TestDb, csv: &str) -> (u8, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("units.csv");
    std::fs::write(&path, csv).unwrap();
    let run = thads(&[
        "units",
        "import",
        &path.display().to_string(),
        "--db",
        &t.url,
    ])
    .await;
    (run.code, run.stderr)
}

/// Adds a unit straight into the table, as a script or another program would.
async fn insert_unit(db: &DatabaseConnection, code: &str) -> Result<(), sea_orm::DbErr> {
    db.execute_unprepared(&format!(
        "INSERT INTO units (code, name, level, parent_id) \
         SELECT '{code}', 'Chi cục thử', 'office', id FROM units WHERE code = 'LA'"
    ))
    .await
    .map(|_| ())
}

#[tokio::test]
async fn a_code_in_another_case_is_refused_with_its_line() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let before = stored(&t).await;
        let header = "code,name,parent,level,aliases";
        let (exit, stderr) = units_file(
            &t,
            &format!(
                "{header}\nla-tantru,Chi cục THADS huyện Tân Trụ mới,LA,office,\n\
                 LA-MOI,Chi cục THADS huyện Mới,LA,office,\n\
                 la-moi,Chi cục THADS huyện Mới Hai,LA,office,\n"
            ),
        )
        .await;
        assert_eq!(exit, 2, "{backend}: {stderr}");
        assert_eq!(
            stderr,
            "error: nothing was written: 2 problems\n\
             line 2: code la-tantru is already in the registry as LA-TANTRU: codes that differ \
             only in case are the same code (write LA-TANTRU to update that unit)\n\
             line 4: code la-moi is already used on line 3 as LA-MOI: codes that differ only in \
             case are the same code\n",
            "{backend}"
        );
        assert_eq!(stored(&t).await, before, "{backend}");

        let server = server(&t, false).await;
        let (status, answer) = graphql(
            &server,
            Some(&tokens.admin),
            "mutation($unit: UnitInput!) { upsertUnit(unit: $unit) { change } }",
            json!({ "unit": { "code": "La-TanTru", "name": "Chi cục X", "parent": "LA",
                              "level": "OFFICE" } }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {answer:#}");
        assert_eq!(code(&answer), "BAD_USER_INPUT", "{backend}: {answer:#}");
        assert_eq!(
            answer["errors"][0]["message"],
            "code La-TanTru is already in the registry as LA-TANTRU: codes that differ only in \
             case are the same code (write LA-TANTRU to update that unit)",
            "{backend}"
        );
        assert_eq!(stored(&t).await, before, "{backend}");
        server.stop().await.unwrap();

        // The same code in the same case is an update, as before.
        let csv = format!("{header}\nLA-TANTRU,Chi cục THADS huyện Tân Trụ mới,LA,office,\n");
        let done = import_units_csv(&t.db, csv.as_bytes()).await.unwrap();
        assert_eq!(
            done,
            UnitsImported {
                created: 0,
                updated: 1,
                unchanged: 0
            },
            "{backend}"
        );
        let units = load_units(&t.db).await.unwrap();
        let tantru = units.iter().find(|u| u.code == "LA-TANTRU").unwrap();
        assert_eq!(tantru.name, "Chi cục THADS huyện Tân Trụ mới", "{backend}");
    }
}

#[tokio::test]
async fn the_database_refuses_a_code_in_another_case_too() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let refused = insert_unit(&t.db, "la-tantru").await;
        assert!(refused.is_err(), "{backend}: la-tantru was stored");
        insert_unit(&t.db, "LA-KHAC").await.unwrap();
        let codes: Vec<String> = load_units(&t.db)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.code)
            .filter(|c| c.to_lowercase() == "la-tantru" || c == "LA-KHAC")
            .collect();
        assert_eq!(codes, ["LA-KHAC", "LA-TANTRU"], "{backend}");
    }
}

#[tokio::test]
async fn the_index_is_added_to_a_clean_registry_and_refused_to_one_that_is_not() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let steps = thads_tests::db::migrations_since("_index_units_code_ignoring_case");
        // A registry of data already stored, without the index: it takes it.
        Migrator::down(&t.db, Some(steps)).await.unwrap();
        Migrator::up(&t.db, None).await.unwrap();
        assert!(insert_unit(&t.db, "la-tantru").await.is_err(), "{backend}");

        // One that holds two codes in different cases: the migration names them, adds nothing.
        Migrator::down(&t.db, Some(steps)).await.unwrap();
        insert_unit(&t.db, "la-tantru").await.unwrap();
        let e = Migrator::up(&t.db, None).await.unwrap_err();
        assert!(
            e.to_string().contains(
                "the unit registry holds codes that differ only in case (LA-TANTRU, la-tantru)"
            ),
            "{backend}: {e}"
        );
        let pending = Migrator::get_pending_migrations(&t.db).await.unwrap();
        assert_eq!(pending.len(), steps as usize, "{backend}");
        insert_unit(&t.db, "La-TanTru").await.unwrap();
    }
}
