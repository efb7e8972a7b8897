//! The GraphQL multipart request specification
//! (<https://github.com/jaydenseric/graphql-multipart-request-spec>): a multipart body read
//! within the bounds of [`super::multipart`] becomes a GraphQL request whose `Upload`
//! variables hold the files. The `map` places each file at exactly one path and at most
//! [`MAX_FILES`] in all, so that one file named in many places cannot multiply the work.

use crate::server::multipart::{Part, too_many_files};
use crate::server::refusal::Refusal;
use crate::uploads::MAX_FILES;
use async_graphql::http::MultipartOptions;
use async_graphql::{BatchRequest, UploadValue};
use std::collections::HashMap;

/// The request that `operations`, `map` and the files describe.
pub async fn batch(parts: &[Part]) -> Result<BatchRequest, Refusal> {
    let field = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name && p.file_name.is_none())
            .ok_or_else(|| {
                Refusal::bad_request(format!(
                    "a GraphQL multipart request needs the field {name:?} (see the GraphQL \
                     multipart request specification)"
                ))
            })
    };
    let operations = field("operations")?;
    let map = field("map")?;
    let mut batch = async_graphql::http::receive_batch_body(
        Some("application/json"),
        &operations.bytes[..],
        MultipartOptions::default(),
    )
    .await
    .map_err(|e| Refusal::bad_request(format!("operations: {e}")))?;
    let map: HashMap<String, Vec<String>> = serde_json::from_slice(&map.bytes)
        .map_err(|e| Refusal::bad_request(format!("map: not a JSON object of paths: {e}")))?;
    if map.values().map(Vec::len).sum::<usize>() > MAX_FILES {
        return Err(too_many_files());
    }
    for (key, paths) in map {
        let [path] = paths.as_slice() else {
            return Err(Refusal::bad_request(format!(
                "map: the file {key:?} must be placed at exactly one path, found {}",
                paths.len()
            )));
        };
        let file = parts
            .iter()
            .find(|p| p.name == key && p.file_name.is_some())
            .ok_or_else(|| {
                Refusal::bad_request(format!(
                    "map: the file {key:?} is not in the body (or is not a file)"
                ))
            })?;
        let upload = UploadValue {
            filename: file.file_name.clone().unwrap_or_default(),
            content_type: file.content_type.clone(),
            content: file.bytes.clone(),
        };
        place(&mut batch, path, upload)?;
    }
    Ok(batch)
}

/// Puts a file at its path: `variables.files.0` in a single request, `1.variables.files.0`
/// (the operation's index first) in a batch.
fn place(batch: &mut BatchRequest, path: &str, upload: UploadValue) -> Result<(), Refusal> {
    match batch {
        BatchRequest::Single(request) => request.set_upload(path, upload),
        BatchRequest::Batch(requests) => {
            let request = path
                .split_once('.')
                .and_then(|(index, rest)| Some((index.parse::<usize>().ok()?, rest)))
                .and_then(|(index, rest)| Some((requests.get_mut(index)?, rest)));
            let Some((request, rest)) = request else {
                return Err(Refusal::bad_request(format!(
                    "map: {path:?} names no operation of the batch"
                )));
            };
            request.set_upload(rest, upload);
        }
    }
    Ok(())
}
