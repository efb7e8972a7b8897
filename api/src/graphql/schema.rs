//! The schema: the query and mutation areas merged into one root each, the limits, the read
//! policy, and the SDL.

use crate::access::ReadPolicy;
use crate::graphql::approvals::{ApprovalMutation, ApprovalQuery};
use crate::graphql::case_types::CaseTypeQuery;
use crate::graphql::completeness::CompletenessQuery;
use crate::graphql::extension::RequestScope;
use crate::graphql::imports::ImportQuery;
use crate::graphql::period::PeriodQuery;
use crate::graphql::registry::RegistryMutation;
use crate::graphql::stats::StatsQuery;
use crate::graphql::units::UnitQuery;
use crate::graphql::uploads::ImportMutation;
use async_graphql::{EmptySubscription, MergedObject, Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;

/// The deepest selection accepted. GraphiQL's introspection query is the deepest real one.
pub const MAX_DEPTH: usize = 16;
/// The most work one request may ask for: each field counts 1, each statistics query 50 more.
pub const MAX_COMPLEXITY: usize = 1000;

/// Statistics of civil judgment enforcement (thi hành án dân sự): the unit registry, the
/// case types, the periods reported, the statistics, the import history and the approvals.
#[derive(MergedObject, Default)]
pub struct Query(
    UnitQuery,
    CaseTypeQuery,
    PeriodQuery,
    StatsQuery,
    CompletenessQuery,
    ImportQuery,
    ApprovalQuery,
);

/// The changes: offices send their workbooks; the admin keeps the registry and the targets,
/// and approves (locks) and reopens periods.
/// Every mutation needs a token (`Authorization: Bearer …`).
#[derive(MergedObject, Default)]
pub struct Mutation(ImportMutation, RegistryMutation, ApprovalMutation);

/// The thads GraphQL schema.
pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .extension(RequestScope)
}

/// The schema answering from `db`, for use in process (tests, benchmarks): anyone may read;
/// mutations need a [`crate::access::Caller`] in the request's data. The server uses
/// [`schema_with`].
pub fn schema(db: DatabaseConnection) -> AppSchema {
    schema_with(db, ReadPolicy::PUBLIC)
}

/// The schema answering from `db`, reads allowed as `reads` says.
pub fn schema_with(db: DatabaseConnection, reads: ReadPolicy) -> AppSchema {
    builder().data(db).data(reads).finish()
}

/// The schema in SDL, as committed in `schema.graphql` (no database needed).
pub fn sdl() -> String {
    builder().finish().sdl()
}
