//! The request extension: refuses every request of a caller who may not read (see
//! [`crate::access`]), gives every request its own [`RequestCache`], and a stable
//! `extensions.code` to the errors found before execution (syntax, validation, limits).

use crate::graphql::cache::RequestCache;
use crate::graphql::caller::{caller_of, read_policy};
use crate::graphql::errors::{
    GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, QUERY_TOO_COMPLEX, QUERY_TOO_DEEP,
    UNAUTHENTICATED,
};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
    NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, ServerError, ServerResult, ValidationResult, Value, Variables};
use std::sync::Arc;

/// Installs [`RequestScopeExtension`] on every request.
pub struct RequestScope;

impl ExtensionFactory for RequestScope {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestScopeExtension)
    }
}

/// See the module documentation.
pub struct RequestScopeExtension;

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
            let mut error = ServerError::new(denial.to_string(), None);
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", UNAUTHENTICATED);
            return Err(error);
        }
        next.run(ctx, query, variables)
            .await
            .map_err(|e| with_code(e, GRAPHQL_PARSE_FAILED))
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
