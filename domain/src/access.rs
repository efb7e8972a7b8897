//! Who may do what: the roles of API tokens, who a valid token is, and the stamp an import
//! keeps of the token that sent it.

use sea_orm::sea_query::StringLen;
use sea_orm::{ActiveEnum, DeriveActiveEnum, EnumIter};
use std::fmt;

/// What a token may do.
///
/// - `viewer` reads.
/// - `office` reads and imports the reports of its own office (a token of this role is bound
///   to one office).
/// - `admin` reads, imports any office's reports, and manages the registry and targets.
///
/// Stored as text (`tokens.role`, `imports.token_role`): the `string_value`s are the names in
/// the database, and the only place they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Role {
    /// Reads.
    #[sea_orm(string_value = "viewer")]
    Viewer,
    /// Reads; imports its own office's reports.
    #[sea_orm(string_value = "office")]
    Office,
    /// Reads; imports any report; manages the registry and targets.
    #[sea_orm(string_value = "admin")]
    Admin,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_value())
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
