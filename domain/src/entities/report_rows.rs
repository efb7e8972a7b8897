//! `report_rows`: the values of one leaf case type in one report, in cases or whole đồng.

use sea_orm::entity::prelude::*;

use crate::outcome::{Field, Outcome};

/// One row of a stored report; one column per [`Field`] (its `key()`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_rows")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The report.
    pub report_id: i32,
    /// The leaf case type.
    pub case_type_id: i32,
    /// Tổng số thụ lý.
    pub total_accepted: i64,
    /// Năm trước chuyển sang.
    pub carried_over: i64,
    /// Thụ lý mới.
    pub newly_accepted: i64,
    /// Ủy thác thi hành án.
    pub entrusted: i64,
    /// Thu hồi, hủy quyết định thi hành án.
    pub withdrawn: i64,
    /// Tổng số phải thi hành.
    pub to_enforce: i64,
    /// Có điều kiện thi hành.
    pub enforceable: i64,
    /// Thi hành xong.
    pub completed: i64,
    /// Đình chỉ thi hành án.
    pub dismissed: i64,
    /// Giảm thi hành án: money form only, `None` on the cases form.
    pub reduced: Option<i64>,
    /// Đang thi hành.
    pub in_progress: i64,
    /// Hoãn thi hành án.
    pub postponed: i64,
    /// Tạm đình chỉ thi hành án.
    pub suspended: i64,
    /// Trường hợp khác.
    pub other: i64,
    /// Chưa có điều kiện thi hành.
    pub not_enforceable: i64,
    /// Chuyển kỳ sau.
    pub carried_forward: i64,
}

impl Model {
    /// The values as an [`Outcome`] (`reduced` is 0 when not stored).
    pub fn outcome(&self) -> Outcome {
        Outcome::from_pairs(Field::ALL.into_iter().map(|f| (f, self.value(f))))
    }

    /// The value of one field (`reduced` is 0 when not stored).
    pub fn value(&self, field: Field) -> i64 {
        match field {
            Field::TotalAccepted => self.total_accepted,
            Field::CarriedOver => self.carried_over,
            Field::NewlyAccepted => self.newly_accepted,
            Field::Entrusted => self.entrusted,
            Field::Withdrawn => self.withdrawn,
            Field::ToEnforce => self.to_enforce,
            Field::Enforceable => self.enforceable,
            Field::Completed => self.completed,
            Field::Dismissed => self.dismissed,
            Field::Reduced => self.reduced.unwrap_or(0),
            Field::InProgress => self.in_progress,
            Field::Postponed => self.postponed,
            Field::Suspended => self.suspended,
            Field::Other => self.other,
            Field::NotEnforceable => self.not_enforceable,
            Field::CarriedForward => self.carried_forward,
        }
    }
}

/// The column that stores a field.
pub fn column(field: Field) -> Column {
    match field {
        Field::TotalAccepted => Column::TotalAccepted,
        Field::CarriedOver => Column::CarriedOver,
        Field::NewlyAccepted => Column::NewlyAccepted,
        Field::Entrusted => Column::Entrusted,
        Field::Withdrawn => Column::Withdrawn,
        Field::ToEnforce => Column::ToEnforce,
        Field::Enforceable => Column::Enforceable,
        Field::Completed => Column::Completed,
        Field::Dismissed => Column::Dismissed,
        Field::Reduced => Column::Reduced,
        Field::InProgress => Column::InProgress,
        Field::Postponed => Column::Postponed,
        Field::Suspended => Column::Suspended,
        Field::Other => Column::Other,
        Field::NotEnforceable => Column::NotEnforceable,
        Field::CarriedForward => Column::CarriedForward,
    }
}

/// A new row of a report: every field of the form, `reduced` NULL on the cases form.
pub fn active_model(
    report_id: i32,
    case_type_id: i32,
    values: &Outcome,
    has_reduced: bool,
) -> ActiveModel {
    use sea_orm::ActiveValue::{NotSet, Set};
    let v = |f| Set(values.get(f));
    ActiveModel {
        id: NotSet,
        report_id: Set(report_id),
        case_type_id: Set(case_type_id),
        total_accepted: v(Field::TotalAccepted),
        carried_over: v(Field::CarriedOver),
        newly_accepted: v(Field::NewlyAccepted),
        entrusted: v(Field::Entrusted),
        withdrawn: v(Field::Withdrawn),
        to_enforce: v(Field::ToEnforce),
        enforceable: v(Field::Enforceable),
        completed: v(Field::Completed),
        dismissed: v(Field::Dismissed),
        reduced: Set(has_reduced.then(|| values.get(Field::Reduced))),
        in_progress: v(Field::InProgress),
        postponed: v(Field::Postponed),
        suspended: v(Field::Suspended),
        other: v(Field::Other),
        not_enforceable: v(Field::NotEnforceable),
        carried_forward: v(Field::CarriedForward),
    }
}

/// Links of a row.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The report.
    #[sea_orm(
        belongs_to = "super::reports::Entity",
        from = "Column::ReportId",
        to = "super::reports::Column::Id",
        on_delete = "Cascade"
    )]
    Report,
    /// The case type.
    #[sea_orm(
        belongs_to = "super::case_types::Entity",
        from = "Column::CaseTypeId",
        to = "super::case_types::Column::Id",
        on_delete = "Restrict"
    )]
    CaseType,
}

impl Related<super::reports::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Report.def()
    }
}

impl Related<super::case_types::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CaseType.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
