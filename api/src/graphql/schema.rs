//! The schema: the query areas merged into one root, the limits, and the SDL.

use crate::graphql::case_types::CaseTypeQuery;
use crate::graphql::completeness::CompletenessQuery;
use crate::graphql::extension::RequestScope;
use crate::graphql::imports::ImportQuery;
use crate::graphql::period::PeriodQuery;
use crate::graphql::stats::StatsQuery;
use crate::graphql::units::UnitQuery;
use async_graphql::{EmptyMutation, EmptySubscription, MergedObject, Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;

/// The deepest selection accepted. GraphiQL's introspection query is the deepest real one.
pub const MAX_DEPTH: usize = 16;
/// The most work one request may ask for: each field counts 1, each statistics query 50 more.
pub const MAX_COMPLEXITY: usize = 1000;

/// Statistics of civil judgment enforcement (thi hành án dân sự): the unit registry, the
/// case types, the periods reported, the statistics and the import history.
#[derive(MergedObject, Default)]
pub struct Query(
    UnitQuery,
    CaseTypeQuery,
    PeriodQuery,
    StatsQuery,
    CompletenessQuery,
    ImportQuery,
);

/// The thads GraphQL schema (read-only for now).
pub type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

fn builder() -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .extension(RequestScope)
}

/// The schema, answering from `db`.
pub fn schema(db: DatabaseConnection) -> AppSchema {
    builder().data(db).finish()
}

/// The schema in SDL, as committed in `schema.graphql` (no database needed).
pub fn sdl() -> String {
    builder().finish().sdl()
}
