//! Who may do what: the caller of a request and the rules every path (GraphQL, the upload
//! endpoint, the upload page's requests) applies, so that they cannot disagree.
//!
//! | caller                      | read | import                | registry and targets |
//! |-----------------------------|------|-----------------------|----------------------|
//! | anonymous                   | only when reads are public (`serve --public-read`, `--demo`) | no | no |
//! | `viewer` token              | yes  | no                    | no                   |
//! | `office` token              | yes  | its own office's only | no                   |
//! | `admin` token               | yes  | any office's          | yes                  |
//!
//! A token that is malformed, unknown or revoked is refused outright (HTTP 401), never taken
//! for an anonymous caller. An office token sees only its own office's import history.

use thads_domain::{Role, TokenIdentity};

/// Who sends a request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Caller {
    /// No token.
    #[default]
    Anonymous,
    /// A valid token.
    Token(TokenIdentity),
}

/// Whether callers without a token may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadPolicy {
    /// Anonymous callers may read (never write).
    pub anonymous: bool,
}

impl ReadPolicy {
    /// Reads need a token.
    pub const CLOSED: ReadPolicy = ReadPolicy { anonymous: false };
    /// Anyone may read.
    pub const PUBLIC: ReadPolicy = ReadPolicy { anonymous: true };
}

/// Why a caller may not do something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denial {
    /// No (valid) token was sent, and one is needed: HTTP 401, code `UNAUTHENTICATED`.
    #[error("{0}")]
    Unauthenticated(String),
    /// The token's role does not allow it: HTTP 403, code `FORBIDDEN`.
    #[error("{0}")]
    Forbidden(String),
}

/// The message of a request that needs a token and has none.
pub const TOKEN_NEEDED: &str =
    "a token is needed: send it as the header `Authorization: Bearer <token>`";
/// The message of a token that is malformed, unknown or revoked.
pub const TOKEN_REFUSED: &str = "the token is not valid: it is mistyped, unknown or revoked";

impl Caller {
    /// The token, or [`Denial::Unauthenticated`].
    fn token(&self) -> Result<&TokenIdentity, Denial> {
        match self {
            Caller::Token(token) => Ok(token),
            Caller::Anonymous => Err(Denial::Unauthenticated(TOKEN_NEEDED.to_owned())),
        }
    }

    /// Whether the caller may read statistics, the registry and the import history.
    pub fn may_read(&self, policy: ReadPolicy) -> Result<(), Denial> {
        match self {
            Caller::Anonymous if !policy.anonymous => {
                Err(Denial::Unauthenticated(TOKEN_NEEDED.to_owned()))
            }
            _ => Ok(()),
        }
    }

    /// The token that may import workbooks: an office's (its own office's only) or an
    /// admin's.
    pub fn importer(&self) -> Result<&TokenIdentity, Denial> {
        let token = self.token()?;
        match token.role {
            Role::Office | Role::Admin => Ok(token),
            Role::Viewer => Err(Denial::Forbidden(
                "this token may only read: importing reports needs an office or admin token"
                    .to_owned(),
            )),
        }
    }

    /// The token that may change the registry and the targets: an admin's.
    pub fn admin(&self) -> Result<&TokenIdentity, Denial> {
        let token = self.token()?;
        match token.role {
            Role::Admin => Ok(token),
            role => Err(Denial::Forbidden(format!(
                "only an admin token may change the registry and the targets; this is a {role} token"
            ))),
        }
    }

    /// The only office whose reports and import history the caller may see among the imports,
    /// for an office token; `None` for everyone else.
    pub fn office(&self) -> Option<&str> {
        match self {
            Caller::Token(TokenIdentity {
                role: Role::Office,
                unit,
                ..
            }) => unit.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(role: Role, unit: Option<&str>) -> Caller {
        Caller::Token(TokenIdentity {
            id: 1,
            name: "t".to_owned(),
            role,
            unit: unit.map(str::to_owned),
        })
    }

    #[test]
    fn the_matrix() {
        let anonymous = Caller::Anonymous;
        assert!(anonymous.may_read(ReadPolicy::CLOSED).is_err());
        assert!(anonymous.may_read(ReadPolicy::PUBLIC).is_ok());
        assert!(matches!(
            anonymous.importer(),
            Err(Denial::Unauthenticated(_))
        ));
        let viewer = token(Role::Viewer, None);
        assert!(viewer.may_read(ReadPolicy::CLOSED).is_ok());
        assert!(matches!(viewer.importer(), Err(Denial::Forbidden(_))));
        let office = token(Role::Office, Some("LA-TANTRU"));
        assert!(office.importer().is_ok());
        assert!(matches!(office.admin(), Err(Denial::Forbidden(_))));
        assert_eq!(office.office(), Some("LA-TANTRU"));
        let admin = token(Role::Admin, None);
        assert!(admin.admin().is_ok());
        assert_eq!(admin.office(), None);
    }
}
