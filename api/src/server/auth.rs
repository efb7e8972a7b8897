//! Authentication: the `Authorization: Bearer …` header becomes the request's
//! [`Caller`], or the request is refused (401) when the token is not valid, or when no token
//! is sent and reads are not public. The caller is then in the request's data for the
//! handlers, which apply the rules of [`crate::access`].

use crate::access::{Caller, Denial, ReadPolicy, TOKEN_REFUSED};
use crate::server::refusal::Refusal;
use poem::http::header;
use poem::{Endpoint, IntoResponse, Request, Response};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use thads_domain::services::tokens;

/// Finds the caller and passes the request on, or refuses it.
pub async fn authenticate<E: Endpoint>(next: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let (Some(db), Some(reads)) = (
        req.data::<DatabaseConnection>().cloned(),
        req.data::<ReadPolicy>().copied(),
    ) else {
        let cause = "the server was built without its database or read policy";
        return Ok(Refusal::internal(&cause).into_response());
    };
    let caller = match caller(&req, &db).await {
        Ok(caller) => caller,
        Err(refusal) => return Ok(refusal.into_response()),
    };
    if let Err(denial) = caller.may_read(reads) {
        return Ok(Refusal::denied(&denial).into_response());
    }
    req.extensions_mut().insert(caller);
    Ok(next.call(req).await?.into_response())
}

/// The caller of a request: anonymous without an `Authorization` header, else the valid token
/// it names; any other header is refused.
async fn caller(req: &Request, db: &DatabaseConnection) -> Result<Caller, Refusal> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(Caller::Anonymous);
    };
    let refused = || Refusal::denied(&Denial::Unauthenticated(TOKEN_REFUSED.to_owned()));
    let secret = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, secret)| secret.trim())
        .ok_or_else(refused)?;
    match tokens::authenticate(db, secret).await {
        Ok(Some(token)) => Ok(Caller::Token(token)),
        Ok(None) => Err(refused()),
        Err(e) => Err(Refusal::internal(&e)),
    }
}
