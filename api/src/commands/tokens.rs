//! `thads tokens create|list|revoke`: the API tokens. A new token's secret is printed once, on
//! stdout alone (so that `TOKEN=$(thads tokens create …)` works), and never again: only its
//! hash is kept.

use super::{CommandError, open};
use crate::cli::EXIT_OK;
use chrono::{DateTime, Utc};
use std::io::Write;
use thads_domain::services::tokens::{self, NewToken, TokenRecord};

/// Creates a token and prints its secret.
pub async fn create(
    url: &str,
    new: NewToken,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
) -> Result<u8, CommandError> {
    let db = open(url).await?;
    let created = tokens::create_token(&db, new).await?;
    let t = &created.record;
    writeln!(
        err,
        "Created token {} ({}, {}{}). It is shown only this once: give it to its holder, who \
         sends it as `Authorization: Bearer <token>` or pastes it into the upload page.",
        t.id,
        t.name,
        t.role,
        t.unit
            .as_deref()
            .map(|u| format!(" of {u}"))
            .unwrap_or_default()
    )?;
    writeln!(out, "{}", created.secret)?;
    Ok(EXIT_OK)
}

/// Lists every token, without its secret.
pub async fn list(url: &str, out: &mut (dyn Write + Send)) -> Result<u8, CommandError> {
    let db = open(url).await?;
    let all = tokens::list_tokens(&db).await?;
    let header = [
        "id",
        "name",
        "role",
        "unit",
        "created",
        "last used",
        "revoked",
    ]
    .map(String::from);
    let rows: Vec<[String; 7]> = std::iter::once(header)
        .chain(all.iter().map(columns))
        .collect();
    let mut widths = [0usize; 7];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    if all.is_empty() {
        writeln!(out, "(no token yet: `thads tokens create --role …`)")?;
    }
    Ok(EXIT_OK)
}

/// Revokes a token.
pub async fn revoke(url: &str, id: i32, out: &mut (dyn Write + Send)) -> Result<u8, CommandError> {
    let db = open(url).await?;
    let (token, newly) = tokens::revoke_token(&db, id).await?;
    if newly {
        writeln!(
            out,
            "Revoked token {id} ({}): it is refused from now on.",
            token.name
        )?;
    } else {
        writeln!(out, "Token {id} ({}) was already revoked.", token.name)?;
    }
    Ok(EXIT_OK)
}

/// A token's line.
fn columns(t: &TokenRecord) -> [String; 7] {
    [
        t.id.to_string(),
        t.name.clone(),
        t.role.to_string(),
        t.unit.clone().unwrap_or_else(|| "-".to_owned()),
        when(Some(t.created_at)),
        when(t.last_used_at),
        when(t.revoked_at),
    ]
}

/// A time to the minute, in UTC; `-` for none.
fn when(at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}
