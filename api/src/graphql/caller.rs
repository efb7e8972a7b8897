//! The caller of a GraphQL request, as the server found it (request data), and the schema's
//! read policy (schema data). A request that carries no caller is anonymous.

use crate::access::{Caller, ReadPolicy};
use async_graphql::Context;

/// The caller of an anonymous request.
static ANONYMOUS: Caller = Caller::Anonymous;

/// Who sends the request.
pub fn caller<'a>(ctx: &Context<'a>) -> &'a Caller {
    ctx.data_opt::<Caller>().unwrap_or(&ANONYMOUS)
}

/// The caller found in request or schema data, for the request extension.
pub fn caller_of<'a>(ctx: &async_graphql::extensions::ExtensionContext<'a>) -> &'a Caller {
    ctx.data_opt::<Caller>().unwrap_or(&ANONYMOUS)
}

/// Whether anonymous callers may read; closed unless the schema says otherwise.
pub fn read_policy(ctx: &async_graphql::extensions::ExtensionContext<'_>) -> ReadPolicy {
    ctx.data_opt::<ReadPolicy>()
        .copied()
        .unwrap_or(ReadPolicy::CLOSED)
}
