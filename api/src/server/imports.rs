//! `POST /api/imports`: workbooks sent by scripts, `curl` and the upload page, as
//! `multipart/form-data`: each workbook a part named `files`, and optionally `dryRun=true` and
//! `lang=vi|en`.
//!
//! ```text
//! curl -H "Authorization: Bearer $TOKEN" -F files=@tantru-2020-09.xlsx http://HOST/api/imports
//! ```
//!
//! The answer is JSON: `{"files":[…],"summary":{…},"dryRun":false}`, one object per file in
//! the order sent, exactly as `thads import --format json` prints them, and the counts. Each
//! problem's `message` is in the language of the `lang` field, else of the `Accept-Language`
//! header, else Vietnamese; `messages` holds it in both (`{"vi": …, "en": …}`).
//!
//! | status | when |
//! |--------|------|
//! | 200 | every file was imported, replaced or unchanged |
//! | 422 | some file was rejected (the others were still imported), or a consolidated report differs from its offices' sums (dry run); see its `problems` |
//! | 400 | the body is not a multipart form with at least one file in `files`, or `lang` is neither `vi` nor `en` |
//! | 401 | no token, or a token that is malformed, unknown or revoked |
//! | 403 | the token may not import (a viewer's) |
//! | 408 | the files did not arrive in time, or the request took longer than the server allows |
//! | 413 | more than 64 MiB, or more than 50 files |
//! | 500 | the server failed; nothing of the file being stored then was kept |
//! | 503 | `DATABASE_READ_ONLY`: the database takes no writes, nothing was stored (a dry run is still answered) |
//!
//! Refusals have the GraphQL error shape: `{"errors":[{"message","extensions":{"code"}}]}`.

use crate::access::Caller;
use crate::server::multipart::{self, UploadSlots, too_many_files};
use crate::server::refusal::Refusal;
use crate::uploads::{self, UploadError};
use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{Body, IntoResponse, Request, Response, handler};
use sea_orm::DatabaseConnection;
use thads_domain::Lang;
use thads_importer::batch::{Summary, Upload};

/// The field that carries the workbooks.
pub const FILES_FIELD: &str = "files";
/// The field that asks for a dry run (`true`).
pub const DRY_RUN_FIELD: &str = "dryRun";
/// The field that chooses the language of the messages (`vi` or `en`).
pub const LANG_FIELD: &str = "lang";

/// What the form asks besides its files.
struct Asked {
    dry_run: bool,
    lang: Option<Lang>,
}

/// Imports the workbooks of the form; see the module documentation.
#[handler]
pub async fn upload(
    req: &Request,
    body: Body,
    Data(db): Data<&sea_orm::DatabaseConnection>,
    Data(caller): Data<&Caller>,
    Data(slots): Data<&UploadSlots>,
) -> Response {
    // Refused callers are answered before their body is read.
    if let Err(denial) = caller.importer() {
        return Refusal::denied(&denial).into_response();
    }
    if !multipart::is_multipart(req.headers()) {
        return Refusal::bad_request(
            "send the workbooks as multipart/form-data, each in a part named \"files\"",
        )
        .into_response();
    }
    let received = match multipart::read(req.headers(), body, slots, caller).await {
        Ok(received) => received,
        Err(refusal) => return refusal.into_response(),
    };
    let (files, asked) = match form(received.parts) {
        Ok(form) => form,
        Err(refusal) => return refusal.into_response(),
    };
    let lang = asked.lang.unwrap_or_else(|| header_lang(req));
    let response = answer(db, caller, files, asked.dry_run, lang).await;
    drop(received.slot);
    response
}

/// The language of the `Accept-Language` header, Vietnamese when it names neither.
fn header_lang(req: &Request) -> Lang {
    req.headers()
        .get(poem::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or_default()
}

/// The files, the dry-run flag and the language of the form; any other field is refused.
fn form(parts: Vec<multipart::Part>) -> Result<(Vec<Upload>, Asked), Refusal> {
    let mut files = Vec::new();
    let mut dry_run = false;
    let mut lang = None;
    for part in parts {
        match (part.name.as_str(), part.file_name) {
            (FILES_FIELD, Some(name)) => files.push(Upload {
                name,
                bytes: part.bytes.to_vec(),
            }),
            (DRY_RUN_FIELD, None) => {
                dry_run = match std::str::from_utf8(&part.bytes).map(str::trim) {
                    Ok("true" | "1") => true,
                    Ok("false" | "0" | "") => false,
                    _ => return Err(Refusal::bad_request("dryRun must be true or false")),
                }
            }
            (LANG_FIELD, None) => {
                let text = std::str::from_utf8(&part.bytes).unwrap_or_default();
                lang = Some(
                    Lang::from_tag(text)
                        .ok_or_else(|| Refusal::bad_request("lang must be vi or en"))?,
                );
            }
            (name, _) => {
                return Err(Refusal::bad_request(format!(
                    "unexpected field {name:?}: send each workbook as a file in \"files\", \
                     and optionally dryRun=true and lang=vi or lang=en"
                )));
            }
        }
    }
    if files.is_empty() {
        return Err(Refusal::bad_request(
            "no workbook: send each one as a file in a part named \"files\"",
        ));
    }
    Ok((files, Asked { dry_run, lang }))
}

/// Imports the files and answers with their outcomes.
async fn answer(
    db: &DatabaseConnection,
    caller: &Caller,
    files: Vec<Upload>,
    dry_run: bool,
    lang: Lang,
) -> Response {
    let outcomes = match uploads::import(db, caller, files, dry_run).await {
        Ok(outcomes) => outcomes,
        Err(UploadError::Denied(denial)) => return Refusal::denied(&denial).into_response(),
        Err(UploadError::TooManyFiles(_)) => return too_many_files().into_response(),
        Err(UploadError::ReadOnly) => return Refusal::read_only().into_response(),
        Err(UploadError::Failed(e)) => return Refusal::internal(&e).into_response(),
    };
    let mut summary = Summary::default();
    for outcome in &outcomes {
        summary.count(outcome);
    }
    let status = if summary.failed() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Json(serde_json::json!({
        "files": outcomes.iter().map(|o| o.to_json(lang)).collect::<Vec<_>>(),
        "summary": summary,
        "dryRun": dry_run,
    }))
    .with_status(status)
    .into_response()
}
