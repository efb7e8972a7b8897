//! The revision of the data that the response cache is keyed by: every write of what answers
//! read makes a new one (the figures in `report_rows` included), whatever statement or
//! connection writes; reads (a token's time of last use included) make none; on PostgreSQL a
//! transaction adds 1 however many rows it writes. The migration can be undone and redone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::{data, load, schema};
use crate::import_support::thads;
use crate::upload_support::{OFFICE_A, book, create_token};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use thads_domain::services::revision::revision;
use thads_domain::services::tokens;
use thads_migration::{Migrator, MigratorTrait};
use thads_tests::db::each_backend;

/// The revision now.
async fn now(db: &DatabaseConnection) -> i64 {
    revision(db).await.unwrap()
}

#[tokio::test]
async fn every_write_makes_a_new_revision_and_reads_none() {
    for t in each_backend().await {
        let backend = t.backend();
        let db = &t.db;
        let fresh = now(db).await;
        let _files = load(&t).await;
        let loaded = now(db).await;
        assert!(loaded > fresh, "{backend}: {fresh} → {loaded}");

        // Reads, and what a token's use writes, change nothing.
        let (secret, id) = create_token(&t, &["--role", "viewer"]).await;
        let before = now(db).await;
        assert!(tokens::authenticate(db, &secret).await.unwrap().is_some());
        data(
            &schema(&t),
            r#"{ stats(period: {year: 2020, months: 9}) { cases { rate } } units { code }
                 imports { total } completeness(period: {year: 2020, months: 9}) { reported } }"#,
        )
        .await;
        let run = thads(&["tokens", "revoke", &id.to_string(), "--db", &t.url]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        assert_eq!(
            now(db).await,
            before,
            "{backend}: a read made a new revision"
        );

        // An approval and a reopening (what `StatsRow.approved` and the report answer from).
        for args in [
            &["approve", "--unit", "LA", "--year", "2020", "--months", "9"][..],
            &[
                "reopen", "--unit", "LA", "--year", "2020", "--months", "9", "--reason", "x",
            ][..],
        ] {
            let before = now(db).await;
            let run = thads(&[&["periods"][..], args, &["--db", &t.url][..]].concat()).await;
            assert_eq!(run.code, 0, "{run:#?}");
            assert!(now(db).await > before, "{backend}: periods {args:?}");
        }

        // Every statement that writes a watched table, even one that changes no value.
        for sql in [
            "UPDATE reports SET months = months WHERE id = (SELECT MIN(id) FROM reports)",
            "UPDATE units SET name = name WHERE code = 'LA'",
            "INSERT INTO unit_aliases (unit_id, alias, key) SELECT id, 'Long An mới', 'long an moi' FROM units WHERE code = 'LA'",
            "DELETE FROM unit_aliases WHERE alias = 'Long An mới'",
            "DELETE FROM targets WHERE year = 2019",
            "UPDATE case_types SET name = name WHERE code = 'active'",
            "UPDATE imports SET file_name = file_name WHERE id = (SELECT MIN(id) FROM imports)",
            "UPDATE period_approvals SET done_by = done_by WHERE id = (SELECT MIN(id) FROM period_approvals)",
            "DELETE FROM period_approvals WHERE action = 'reopen'",
        ] {
            let before = now(db).await;
            db.execute_unprepared(sql).await.unwrap();
            assert!(now(db).await > before, "{backend}: {sql}");
        }
        // An office's token, which decides what its office sees of the import history.
        let before = now(db).await;
        create_token(&t, &["--role", "office", "--unit", OFFICE_A]).await;
        assert!(now(db).await > before, "{backend}: an office token");

        if db.get_database_backend() == DbBackend::Postgres {
            // One transaction, many rows: one more.
            let dir = tempfile::tempdir().unwrap();
            let (name, bytes) = book(OFFICE_A, 1);
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let before = now(db).await;
            let run = thads(&["import", "--db", &t.url, &path.display().to_string()]).await;
            assert_eq!(run.code, 0, "{run:#?}");
            assert_eq!(now(db).await, before + 1, "{backend}: one import");
            let before = now(db).await;
            db.execute_unprepared("TRUNCATE unit_aliases")
                .await
                .unwrap();
            assert_eq!(now(db).await, before + 1, "{backend}: TRUNCATE");
        }
    }
}

#[tokio::test]
async fn a_direct_edit_of_report_rows_makes_a_new_revision() {
    // The figures of a report, corrected, added to or removed where they lie, from a
    // connection of their own: the report itself is not touched.
    const COLUMNS: &str = "report_id, case_type_id, total_accepted, carried_over, \
        newly_accepted, entrusted, withdrawn, to_enforce, enforceable, completed, dismissed, \
        in_progress, postponed, suspended, other, not_enforceable, carried_forward, reduced";
    let first_row = "(SELECT MIN(id) FROM report_rows)";
    let statements = [
        format!("UPDATE report_rows SET completed = completed + 1 WHERE id = {first_row}"),
        format!(
            "INSERT INTO report_rows ({COLUMNS}) SELECT {COLUMNS} FROM report_rows \
             WHERE id = {first_row}"
        ),
        "DELETE FROM report_rows WHERE id = (SELECT MAX(id) FROM report_rows)".to_owned(),
    ];
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let other = thads_api::db::open(&t.url).await.unwrap();
        for sql in &statements {
            let before = now(&t.db).await;
            let done = other.execute_unprepared(sql).await.unwrap();
            assert_eq!(done.rows_affected(), 1, "{backend}: {sql}");
            assert!(now(&t.db).await > before, "{backend}: {sql}");
        }
        if other.get_database_backend() == DbBackend::Postgres {
            // One transaction, however many rows: one more; TRUNCATE too.
            let before = now(&t.db).await;
            let sql = "UPDATE report_rows SET completed = completed";
            assert!(other.execute_unprepared(sql).await.unwrap().rows_affected() > 1);
            assert_eq!(now(&t.db).await, before + 1, "{backend}: {sql}");
            other
                .execute_unprepared("TRUNCATE report_rows")
                .await
                .unwrap();
            assert_eq!(now(&t.db).await, before + 2, "{backend}: TRUNCATE");
        }
        other.close().await.unwrap();
    }
}

#[tokio::test]
async fn the_migration_is_undone_and_redone() {
    for t in each_backend().await {
        let backend = t.backend();
        let db = &t.db;
        let _files = load(&t).await;
        // Undo down to this migration, whatever came after it.
        let steps = thads_tests::db::migrations_since("_create_data_revision");
        Migrator::down(db, Some(steps)).await.unwrap();
        assert!(
            revision(db).await.is_err(),
            "{backend}: the table is still there"
        );
        // Writes work without the triggers.
        db.execute_unprepared("UPDATE units SET name = name WHERE code = 'LA'")
            .await
            .unwrap();
        // Redone from 0; the migrations after it may write (their writes count).
        Migrator::up(db, None).await.unwrap();
        let redone = now(db).await;
        db.execute_unprepared("UPDATE units SET name = name WHERE code = 'LA'")
            .await
            .unwrap();
        assert!(now(db).await > redone, "{backend}");
    }
}
