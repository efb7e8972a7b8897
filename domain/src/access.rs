//! Who may do what: the roles of API tokens, who a valid token is, and the stamp an import
//! keeps of the token that sent it.

use std::fmt;
use std::str::FromStr;

/// What a token may do.
///
/// - `viewer` reads.
/// - `office` reads and imports the reports of its own office (a token of this role is bound
///   to one office).
/// - `admin` reads, imports any office's reports, and manages the registry and targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Reads.
    Viewer,
    /// Reads; imports its own office's reports.
    Office,
    /// Reads; imports any report; manages the registry and targets.
    Admin,
}

impl Role {
    /// Every role, least powerful first.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Office, Role::Admin];

    /// The name used in the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Office => "office",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is none of `viewer`, `office`, `admin`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: expected viewer, office or admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Who a valid token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenIdentity {
    /// The token's id.
    pub id: i32,
    /// Its holder, e.g. "Tân Trụ clerk".
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The office an `office` token is bound to, by code.
    pub unit: Option<String>,
}

impl TokenIdentity {
    /// The stamp an import keeps of this token.
    pub fn sender(&self) -> Sender {
        Sender {
            token_id: self.id,
            name: self.name.clone(),
            role: self.role,
        }
    }
}

/// The token that sent a file, as the import record keeps it: its name and role as they were
/// when the file arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// The token's id.
    pub token_id: i32,
    /// Its holder's name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }
}
