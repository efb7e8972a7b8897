//! The request extension: refuses every request of a caller who may not read (see
//! [`crate::access`]), gives every request its own [`RequestCache`], and a stable
//! `extensions.code` to the errors found before execution (syntax, validation, limits).
//!
//! It also keeps the request within its [`Budget`] (see [`crate::graphql::limits`]): an
//! operation whose estimated cost ([`crate::graphql::cost`]) does not fit is refused before it
//! runs; while it runs, every value resolved is counted against the answer's size, and each
//! field yields to the scheduler when the task has run long enough, so that a deadline can
//! stop the work and other requests (`/health`) are answered meanwhile. Last, the answer's
//! fields are put in the order of the query ([`crate::graphql::field_order`]).

use crate::graphql::cache::RequestCache;
use crate::graphql::caller::{caller_of, read_policy};
use crate::graphql::cost::{self, Sizes};
use crate::graphql::errors::{
    GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, QUERY_TOO_COMPLEX, QUERY_TOO_DEEP,
    QUERY_TOO_EXPENSIVE, RESPONSE_TOO_LARGE, UNAUTHENTICATED,
};
use crate::graphql::field_order;
use crate::graphql::limits::{Budget, Limits, Overrun};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextPrepareRequest,
    NextResolve, NextValidation, ResolveInfo,
};
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{
    Request, Response, ServerError, ServerResult, ValidationResult, Value, Variables,
};
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Installs [`RequestScopeExtension`] on every request.
pub struct RequestScope;

impl ExtensionFactory for RequestScope {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestScopeExtension::default())
    }
}

/// See the module documentation. One is made for each request (each operation of a batch).
#[derive(Default)]
pub struct RequestScopeExtension {
    /// The request's document and variables, kept from parsing for the estimate and the
    /// field order.
    parsed: Mutex<Option<(ExecutableDocument, Variables)>>,
    /// The request's account: the HTTP request's, shared with the other operations of its
    /// batch, or one of its own with the default limits for a request executed in process.
    budget: OnceLock<Arc<Budget>>,
}

impl RequestScopeExtension {
    fn budget(&self, ctx: &ExtensionContext<'_>) -> &Budget {
        self.budget
            .get_or_init(|| match ctx.data_opt::<Arc<Budget>>() {
                Some(shared) => Arc::clone(shared),
                None => Arc::new(Budget::new(Limits::default())),
            })
    }

    /// Estimates the operation and takes its cost from the budget, or the error that refuses
    /// it.
    async fn admit(
        &self,
        ctx: &ExtensionContext<'_>,
        document: &ExecutableDocument,
        variables: &Variables,
        operation_name: Option<&str>,
    ) -> Result<(), ServerError> {
        let Some(operation) = cost::operation(document, operation_name) else {
            // async-graphql refuses an unknown operation itself.
            return Ok(());
        };
        let registry = &ctx.schema_env.registry;
        let root = match operation.ty {
            OperationType::Query => registry.query_type.as_str(),
            OperationType::Mutation => registry.mutation_type.as_deref().unwrap_or_default(),
            OperationType::Subscription => {
                registry.subscription_type.as_deref().unwrap_or_default()
            }
        };
        let needs = cost::needs(document, operation);
        let units = if needs.units {
            tree(ctx, RequestCache::units).await
        } else {
            None
        };
        let cases = if needs.case_types {
            tree(ctx, RequestCache::case_types).await
        } else {
            None
        };
        let sizes = Sizes::of(units.as_deref(), cases.as_deref());
        let estimate = cost::estimate(registry, document, operation, root, variables, &sizes);
        self.budget(ctx)
            .admit(estimate)
            .map_err(|overrun| overrun_error(&overrun))
    }
}

/// A tree of the request, read once per request (the resolvers then use the same); `None`
/// when it cannot be read: the estimate then counts its lists as unknown, and the resolvers
/// that need it report the failure in their place.
async fn tree<'c, T, F>(
    ctx: &'c ExtensionContext<'_>,
    read: impl FnOnce(&'c RequestCache, &'c DatabaseConnection) -> F,
) -> Option<Arc<T>>
where
    F: Future<Output = Result<Arc<T>, sea_orm::DbErr>>,
{
    let (Some(db), Some(cache)) = (
        ctx.data_opt::<DatabaseConnection>(),
        ctx.data_opt::<RequestCache>(),
    ) else {
        return None;
    };
    match read(cache, db).await {
        Ok(tree) => Some(tree),
        Err(e) => {
            tracing::warn!(error = %e, "the cost of a query is estimated without the registry");
            None
        }
    }
}

/// The error of an operation past its budget, naming the limit.
fn overrun_error(overrun: &Overrun) -> ServerError {
    let (message, code, limit, max) = match overrun {
        Overrun::Cost {
            estimated,
            spent,
            max,
        } => (
            format!(
                "the query would cost about {estimated} (values answered, each list counted at \
                 its estimated length, and reports read){}, more than the {max} one request \
                 may cost: ask for fewer lists, rows or aliases, or split it (the limit is \
                 `thads serve --max-query-cost`)",
                if *spent > 0 {
                    format!(" after {spent} taken by the operations before it in the batch")
                } else {
                    String::new()
                }
            ),
            QUERY_TOO_EXPENSIVE,
            "maxQueryCost",
            Some(*max),
        ),
        Overrun::Bytes { max } => (
            format!(
                "the answer would be larger than the {max} bytes one request may receive: ask \
                 for fewer rows or fields (the limit is `thads serve --max-response-bytes`)"
            ),
            RESPONSE_TOO_LARGE,
            "maxResponseBytes",
            u64::try_from(*max).ok(),
        ),
    };
    let mut error = coded_error(&message, code);
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("limit", limit);
    if let Some(max) = max {
        extensions.set("max", max);
    }
    error
}

/// An error with a code.
fn coded_error(message: &str, code: &'static str) -> ServerError {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    error
}

/// What a value adds to the serialised answer, roughly: its key and, for a scalar, its
/// text; the objects and lists below it are counted as their own fields resolve.
fn size_of(key: &str, value: &Value) -> usize {
    key.len() + 4 + shallow_size(value)
}

fn shallow_size(value: &Value) -> usize {
    match value {
        Value::Null => 4,
        Value::Boolean(_) => 5,
        Value::Number(_) => 20,
        Value::String(s) => s.len() + 2,
        Value::Enum(e) => e.len() + 2,
        Value::Binary(b) => b.len() * 4 + 2,
        Value::List(items) => items.iter().map(|v| shallow_size(v) + 1).sum::<usize>() + 2,
        Value::Object(_) => 2,
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for RequestScopeExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        next.run(ctx, request.data(RequestCache::default())).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        // Nothing is answered to a caller who may not read (mutations need a token anyway).
        if let Err(denial) = caller_of(ctx).may_read(read_policy(ctx)) {
            return Err(coded_error(&denial.to_string(), UNAUTHENTICATED));
        }
        let document = next
            .run(ctx, query, variables)
            .await
            .map_err(|e| with_code(e, GRAPHQL_PARSE_FAILED))?;

        *self.parsed.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((document.clone(), variables.clone()));
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    let code = validation_code(&e.message);
                    with_code(e, code)
                })
                .collect()
        })
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let parsed = self
            .parsed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some((document, variables)) = parsed else {
            return next.run(ctx, operation_name).await;
        };
        if let Err(error) = self.admit(ctx, &document, &variables, operation_name).await {
            return Response::from_errors(vec![error]);
        }
        let mut response = next.run(ctx, operation_name).await;
        let budget = self.budget(ctx);
        if budget.too_large() {
            let max = budget.limits().max_response_bytes;
            return Response::from_errors(vec![overrun_error(&Overrun::Bytes { max })]);
        }
        if let Some(operation) = cost::operation(&document, operation_name) {
            field_order::in_query_order(
                &document,
                &operation.selection_set.node,
                &mut response.data,
            );
        }
        response
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        // A long answer built without awaiting anything would hold its thread: give the
        // scheduler its turn when this task has used its share, so that the deadline can
        // stop it and other requests are served.
        tokio::task::coop::consume_budget().await;
        let key = info.alias.unwrap_or(info.name);
        let value = next.run(ctx, info).await?;
        if let Some(v) = &value {
            self.budget(ctx)
                .spend_bytes(size_of(key, v))
                .map_err(|overrun| overrun_error(&overrun))?;
        }
        Ok(value)
    }
}

/// The code of a validation error: the limits have their own.
fn validation_code(message: &str) -> &'static str {
    match message {
        "Query is nested too deep." => QUERY_TOO_DEEP,
        "Query is too complex." => QUERY_TOO_COMPLEX,
        _ => GRAPHQL_VALIDATION_FAILED,
    }
}

/// The error with `code` set, unless it has one.
fn with_code(mut error: ServerError, code: &'static str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", Value::String(code.to_owned()));
    }
    error
}
