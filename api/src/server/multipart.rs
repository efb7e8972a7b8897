//! Reading a `multipart/form-data` body within bounds, for every path that receives files
//! (`POST /graphql` under the GraphQL multipart request specification, `POST /api/imports`).
//!
//! - The whole body may be at most [`MAX_REQUEST_BYTES`] (a declared `Content-Length` beyond it
//!   is refused before anything is read), else 413 `PAYLOAD_TOO_LARGE`.
//! - At most [`MAX_FILES`] files, else 413 `TOO_MANY_FILES`; the other fields at most
//!   [`MAX_FIELD_BYTES`] each, else 413 `PAYLOAD_TOO_LARGE`.
//! - A file larger than the importer's limit is still read (within the body's bound), so that
//!   it is rejected alone with the problem `file_too_large`, as `thads import` rejects it.
//! - At most [`CONCURRENT_UPLOADS`] bodies are read and imported at once, and at most one per
//!   office: the others wait (within the request timeout), so that memory stays bounded and
//!   no office can hold the slots of the others. Callers are authorised before they wait.
//! - The body must arrive within a grace time ([`BODY_GRACE`] unless configured otherwise)
//!   plus a second per [`BODY_RATE`] bytes it declares, else 408 `REQUEST_TIMEOUT`: a slow
//!   sender cannot keep a slot for long.

use crate::access::Caller;
use crate::server::refusal::Refusal;
use crate::uploads::{MAX_FILES, MAX_REQUEST_BYTES};
use bytes::{Bytes, BytesMut};
use poem::Body;
use poem::http::{HeaderMap, StatusCode, header};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The largest field that is not a file (the GraphQL `operations` and `map`, `dryRun`).
pub const MAX_FIELD_BYTES: usize = crate::server::endpoint::MAX_BODY;
/// How many requests carrying files are read and imported at once.
pub const CONCURRENT_UPLOADS: usize = 4;
/// The time any body may take to arrive, whatever its size.
pub const BODY_GRACE: Duration = Duration::from_secs(30);
/// The slowest rate a body may arrive at beyond [`BODY_GRACE`], in bytes per second.
pub const BODY_RATE: u64 = 512 * 1024;
/// The longest file name kept, in characters.
const MAX_NAME_CHARS: usize = 255;

/// The slots of [`CONCURRENT_UPLOADS`], and one per office, shared by every request of a
/// server; and how long a body may take to arrive.
#[derive(Clone)]
pub struct UploadSlots {
    all: Arc<Semaphore>,
    /// Each office's own slot, made when it first uploads (the offices are a few hundred).
    offices: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
    /// The time any body may take, beside a second per [`BODY_RATE`] bytes.
    grace: Duration,
}

impl UploadSlots {
    /// The slots of a server whose bodies may take `grace` (and a second per [`BODY_RATE`]
    /// bytes).
    pub fn new(grace: Duration) -> Self {
        Self {
            all: Arc::new(Semaphore::new(CONCURRENT_UPLOADS)),
            offices: Arc::default(),
            grace,
        }
    }
}

/// The slots a request holds while its files are read and imported.
pub struct Slot {
    _office: Option<OwnedSemaphorePermit>,
    _shared: OwnedSemaphorePermit,
}

impl UploadSlots {
    /// Waits for the caller's office's slot (an office token's), then for a shared one.
    async fn take(&self, caller: &Caller) -> Result<Slot, Refusal> {
        let office = match caller.office() {
            Some(office) => {
                let semaphore = Arc::clone(
                    self.offices
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .entry(office.to_owned())
                        .or_insert_with(|| Arc::new(Semaphore::new(1))),
                );
                Some(
                    semaphore
                        .acquire_owned()
                        .await
                        .map_err(|e| Refusal::internal(&e))?,
                )
            }
            None => None,
        };
        let shared = Arc::clone(&self.all)
            .acquire_owned()
            .await
            .map_err(|e| Refusal::internal(&e))?;
        Ok(Slot {
            _office: office,
            _shared: shared,
        })
    }
}

/// One part of the body.
#[derive(Debug, Clone)]
pub struct Part {
    /// The field's name, e.g. `files`, `operations`, `0`.
    pub name: String,
    /// For a file: its name as sent, without any folder, control characters removed.
    pub file_name: Option<String>,
    /// Its content type, when given.
    pub content_type: Option<String>,
    /// Its content.
    pub bytes: Bytes,
}

/// A body read: its parts, and the slot held until the request is answered.
pub struct Received {
    /// The parts, in order.
    pub parts: Vec<Part>,
    /// Held while the files are imported.
    pub slot: Slot,
}

/// Whether a request's body is multipart.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    content_type(headers).is_some_and(|t| t.to_ascii_lowercase().starts_with("multipart/"))
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::CONTENT_TYPE)?.to_str().ok()
}

/// Reads every part of a multipart body within the bounds, or the refusal to send. The
/// caller must have been authorised to import.
pub async fn read(
    headers: &HeaderMap,
    body: Body,
    slots: &UploadSlots,
    caller: &Caller,
) -> Result<Received, Refusal> {
    let too_large = || {
        Refusal::too_large(format!(
            "a request may carry at most {} MiB",
            MAX_REQUEST_BYTES >> 20
        ))
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_REQUEST_BYTES as u64) {
        return Err(too_large());
    }
    let boundary = content_type(headers)
        .map(multer::parse_boundary)
        .and_then(Result::ok)
        .ok_or_else(|| {
            Refusal::bad_request("a multipart body needs a boundary in its Content-Type")
        })?;
    let slot = slots.take(caller).await?;
    let allowed =
        slots.grace + Duration::from_secs(declared.unwrap_or(MAX_REQUEST_BYTES as u64) / BODY_RATE);
    match tokio::time::timeout(allowed, parts(body, boundary)).await {
        Ok(parts) => Ok(Received {
            parts: parts?,
            slot,
        }),
        Err(_) => Err(Refusal::new(
            StatusCode::REQUEST_TIMEOUT,
            "REQUEST_TIMEOUT",
            format!(
                "the files did not arrive within the {} seconds allowed for this request: send \
                 them again over a faster connection, or fewer at a time",
                allowed.as_secs()
            ),
        )),
    }
}

/// The parts of a body, read within the bounds.
async fn parts(body: Body, boundary: String) -> Result<Vec<Part>, Refusal> {
    let too_large = || {
        Refusal::too_large(format!(
            "a request may carry at most {} MiB",
            MAX_REQUEST_BYTES >> 20
        ))
    };
    let limits = multer::SizeLimit::new().whole_stream(MAX_REQUEST_BYTES as u64);
    let mut multipart = multer::Multipart::with_constraints(
        body.into_bytes_stream(),
        boundary,
        multer::Constraints::new().size_limit(limits),
    );
    let mut parts = Vec::new();
    let mut files = 0;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(refusal(&e, too_large)),
        };
        let file_name = field.file_name().map(clean_name);
        if file_name.is_some() {
            files += 1;
            if files > MAX_FILES {
                return Err(too_many_files());
            }
        }
        let name = field.name().unwrap_or_default().to_owned();
        let content_type = field.content_type().map(ToString::to_string);
        let mut bytes = BytesMut::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => return Err(refusal(&e, too_large)),
            }
            if file_name.is_none() && bytes.len() > MAX_FIELD_BYTES {
                return Err(Refusal::too_large(format!(
                    "the field {name:?} may hold at most {MAX_FIELD_BYTES} bytes"
                )));
            }
        }
        parts.push(Part {
            name,
            file_name,
            content_type,
            bytes: bytes.freeze(),
        });
    }
    Ok(parts)
}

/// 413 `TOO_MANY_FILES`.
pub fn too_many_files() -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "TOO_MANY_FILES",
        format!("a request may carry at most {MAX_FILES} files"),
    )
}

/// The refusal of a body multer could not read: too large, or malformed.
fn refusal(e: &multer::Error, too_large: impl Fn() -> Refusal) -> Refusal {
    match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            too_large()
        }
        other => Refusal::bad_request(format!("the multipart body cannot be read: {other}")),
    }
}

/// A file name as kept: the last part of any path, without control characters, at most
/// [`MAX_NAME_CHARS`] characters; `unnamed` when nothing is left.
fn clean_name(sent: &str) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let name = name.trim();
    if name.is_empty() {
        "unnamed".to_owned()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\a\\tantru.xlsx"), "tantru.xlsx");
        assert_eq!(clean_name("a\u{0}b\nc.xlsx"), "abc.xlsx");
        assert_eq!(clean_name("dir/"), "unnamed");
        assert_eq!(clean_name(&"x".repeat(400)).len(), 255);
    }
}
