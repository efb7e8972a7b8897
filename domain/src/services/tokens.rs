//! API tokens: created with a random secret that is shown once, stored only as its SHA-256,
//! listed, revoked, and checked on every request.
//!
//! A secret is `thads_` and 64 hex digits: 256 bits from the operating system's random source.
//! Because the secret is that random, its SHA-256 is a safe thing to store and to look up by:
//! a request's token is hashed and found through the unique index on the hash, so no secret is
//! ever compared byte by byte, and a stolen database yields no usable token.

use crate::access::{Role, TokenIdentity};
use crate::entities::{tokens, units};
use crate::error::{DomainError, is_read_only};
use crate::text::refuse_control;
use crate::units::UnitLevel;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// What every secret starts with, so that a leaked one is easy to recognise.
pub const PREFIX: &str = "thads_";
/// Random bytes in a secret (256 bits).
const SECRET_BYTES: usize = 32;
/// Longest name a token may have, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// `last_used_at` is written at most this often per token, so that reading costs no write.
pub const TOUCH_EVERY: Duration = Duration::seconds(60);

/// A token to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// What it may do.
    pub role: Role,
    /// The office, by code: required for `office` tokens, refused for the others.
    pub unit: Option<String>,
    /// Its holder; when empty, the role (and office) name it.
    pub name: Option<String>,
}

/// A token as listed: everything but the secret, which is not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// Its id.
    pub id: i32,
    /// Its holder.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The office it is bound to, by code.
    pub unit: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last presented (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token just created, with its secret: the only time the secret is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedToken {
    /// The token.
    pub record: TokenRecord,
    /// The secret to hand to its holder.
    pub secret: String,
}

/// Creates a token. An `office` token must name an office of the registry; the other roles
/// must name none; neither the name nor the unit may hold a control character. Fails with
/// [`DomainError::Invalid`] or [`DomainError::UnknownUnit`].
pub async fn create_token(
    db: &impl ConnectionTrait,
    new: NewToken,
) -> Result<CreatedToken, DomainError> {
    for (field, text) in [("name", &new.name), ("unit", &new.unit)] {
        if let Some(text) = text {
            refuse_control(field, text).map_err(DomainError::Invalid)?;
        }
    }
    let unit = match (new.role, new.unit.as_deref().map(str::trim)) {
        (Role::Office, None | Some("")) => {
            return Err(DomainError::Invalid(
                "an office token must be bound to its office: name the office's code".to_owned(),
            ));
        }
        (Role::Office, Some(code)) => Some(office(db, code).await?),
        (_, None | Some("")) => None,
        (role, Some(_)) => {
            return Err(DomainError::Invalid(format!(
                "only office tokens are bound to a unit; a {role} token is not"
            )));
        }
    };
    let name = match new.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) if name.chars().count() > MAX_NAME_CHARS => {
            return Err(DomainError::Invalid(format!(
                "a token's name may have at most {MAX_NAME_CHARS} characters"
            )));
        }
        Some(name) => name.to_owned(),
        None => match &unit {
            Some(u) => format!("{} {}", new.role, u.code),
            None => new.role.to_string(),
        },
    };
    let secret = new_secret()?;
    let now = Utc::now();
    let model = tokens::ActiveModel {
        id: NotSet,
        name: Set(name.clone()),
        role: Set(new.role),
        unit_id: Set(unit.as_ref().map(|u| u.id)),
        secret_hash: Set(hash(&secret)),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
    };
    let id = tokens::Entity::insert(model).exec(db).await?.last_insert_id;
    Ok(CreatedToken {
        record: TokenRecord {
            id,
            name,
            role: new.role,
            unit: unit.map(|u| u.code),
            created_at: now,
            last_used_at: None,
            revoked_at: None,
        },
        secret,
    })
}

/// Every token, revoked ones included, by id.
pub async fn list_tokens(db: &impl ConnectionTrait) -> Result<Vec<TokenRecord>, DomainError> {
    let stored = tokens::Entity::find()
        .order_by_asc(tokens::Column::Id)
        .all(db)
        .await?;
    let codes: HashMap<i32, String> = units::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.code))
        .collect();
    Ok(stored
        .into_iter()
        .map(|t| {
            let unit = t.unit_id.and_then(|id| codes.get(&id).cloned());
            record(t, unit)
        })
        .collect())
}

/// Revokes a token: from now on it is refused. Returns it, and whether it was revoked only
/// now (revoking twice changes nothing). An unknown id is [`DomainError::UnknownToken`].
pub async fn revoke_token(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<(TokenRecord, bool), DomainError> {
    let now = Utc::now();
    let newly = tokens::Entity::update_many()
        .col_expr(tokens::Column::RevokedAt, Expr::value(now))
        .filter(tokens::Column::Id.eq(id))
        .filter(tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected
        > 0;
    let (token, unit) = tokens::Entity::find_by_id(id)
        .find_also_related(units::Entity)
        .one(db)
        .await?
        .ok_or(DomainError::UnknownToken(id))?;
    Ok((record(token, unit.map(|u| u.code)), newly))
}

/// Who presents this secret: `None` when it is malformed, unknown or revoked. One indexed
/// read; the time of last use is written only when it is older than [`TOUCH_EVERY`], and not
/// at all on a read-only database.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    secret: &str,
) -> Result<Option<TokenIdentity>, DomainError> {
    if !well_formed(secret) {
        return Ok(None);
    }
    let found = tokens::Entity::find()
        .filter(tokens::Column::SecretHash.eq(hash(secret)))
        .filter(tokens::Column::RevokedAt.is_null())
        .find_also_related(units::Entity)
        .one(db)
        .await?;
    let Some((token, unit)) = found else {
        return Ok(None);
    };
    let now = Utc::now();
    let stale = now - TOUCH_EVERY;
    if token.last_used_at.is_none_or(|used| used < stale) {
        // Only when still stale: requests arriving together write once.
        let touched = tokens::Entity::update_many()
            .col_expr(tokens::Column::LastUsedAt, Expr::value(now))
            .filter(tokens::Column::Id.eq(token.id))
            .filter(
                Condition::any()
                    .add(tokens::Column::LastUsedAt.is_null())
                    .add(tokens::Column::LastUsedAt.lt(stale)),
            )
            .exec(db)
            .await;
        // A read-only database cannot keep the time of last use; the token still counts, so
        // that reads are served and writes are refused as such, not as from an unknown caller.
        if let Err(e) = touched
            && !is_read_only(&e)
        {
            return Err(e.into());
        }
    }
    Ok(Some(TokenIdentity {
        id: token.id,
        name: token.name,
        role: token.role,
        unit: unit.map(|u| u.code),
    }))
}

/// The office with this code; an unknown code or a unit of another level is refused.
async fn office(db: &impl ConnectionTrait, code: &str) -> Result<units::Model, DomainError> {
    let unit = units::Entity::find()
        .filter(units::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or_else(|| DomainError::UnknownUnit(code.to_owned()))?;
    if unit.level != UnitLevel::Office {
        return Err(DomainError::NotAnOffice(unit.code));
    }
    Ok(unit)
}

/// A new secret: the prefix and 64 hex digits of the operating system's random bytes.
fn new_secret() -> Result<String, DomainError> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| DomainError::Random(e.to_string()))?;
    Ok(format!("{PREFIX}{}", hex::encode(bytes)))
}

/// Whether a presented secret has the shape of one, so that garbage costs no query.
fn well_formed(secret: &str) -> bool {
    secret.strip_prefix(PREFIX).is_some_and(|rest| {
        rest.len() == 2 * SECRET_BYTES && rest.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// SHA-256 of a secret, in hex: what is stored and looked up.
fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn record(token: tokens::Model, unit: Option<String>) -> TokenRecord {
    TokenRecord {
        role: token.role,
        id: token.id,
        name: token.name,
        unit,
        created_at: token.created_at,
        last_used_at: token.last_used_at,
        revoked_at: token.revoked_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_recognised() {
        let a = new_secret().unwrap_or_default();
        let b = new_secret().unwrap_or_default();
        assert_ne!(a, b);
        assert_eq!(a.len(), PREFIX.len() + 64);
        assert!(well_formed(&a));
        assert!(!well_formed("thads_abc"));
        assert!(!well_formed(&a.replace(PREFIX, "other_")));
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a).len(), 64);
    }
}
