//! The committed `schema.graphql` is the schema's SDL: dashboards are built against it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::import_support::thads;
use std::path::Path;

#[test]
fn the_committed_schema_is_the_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let sdl = thads_api::graphql::sdl();
    assert!(
        committed == sdl,
        "schema.graphql differs from the schema: run `cargo run -- export-schema > schema.graphql`"
    );
}

#[tokio::test]
async fn export_schema_prints_it_without_a_database() {
    let run = thads(&["export-schema"]).await;
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stdout, thads_api::graphql::sdl());
    for name in [
        "input PeriodInput",
        "input StatsFilter",
        "enum StatsDimension",
        "enum StatsField",
        "enum SortDirection",
        "enum UnitLevel",
        "input StatsOrder",
        "type StatsRow",
        "type CaseOutcome",
        "type MoneyOutcome",
        "type Unit",
        "type CaseType",
        "type Period",
        "scalar Money",
        "scalar Count",
        "scalar Date",
        "direction: SortDirection! = ASC",
    ] {
        assert!(run.stdout.contains(name), "the SDL lacks {name:?}");
    }
}
