//! The sea-orm entities of thads, one module per table. Levels, forms, import statuses, token
//! roles and approval actions are the domain's own enums, sea-orm active enums stored as text:
//! the entities hand them over decoded, and a filter binds the enum itself, so no service
//! spells or parses their names. The database keeps plain text columns (no database enum type), so SQLite and
//! PostgreSQL store the same strings they always did.

pub mod case_types;
pub mod data_revision;
pub mod imports;
pub mod period_approvals;
pub mod report_rows;
pub mod reports;
pub mod targets;
pub mod tokens;
pub mod unit_aliases;
pub mod units;

#[cfg(test)]
mod tests {
    use crate::{ApprovalAction, Form, ImportStatus, Role, UnitLevel};
    use sea_orm::ActiveEnum;

    /// The names are the stored data: changing one would orphan the rows that hold it.
    #[test]
    fn enums_are_stored_by_their_names() {
        assert_eq!(UnitLevel::values(), ["nation", "province", "office"]);
        assert_eq!(Form::values(), ["cases", "money"]);
        assert_eq!(
            ImportStatus::values(),
            ["imported", "replaced", "unchanged", "rejected"]
        );
        assert_eq!(Role::values(), ["viewer", "office", "admin"]);
        assert_eq!(ApprovalAction::values(), ["approve", "reopen"]);
    }
}
