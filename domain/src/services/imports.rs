//! The history of received files, newest first, a page at a time.

use crate::access::Sender;
use crate::entities::{imports, tokens};
use crate::error::DomainError;
use crate::period::Period;
use crate::problem::Problem;
use crate::services::registry::UnitTree;
use crate::services::stats::sql::{MAX_BOUND_IDS, literal_list};
use crate::stats::{ImportPage, ImportQuery, ImportRecord};
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// A page of imports, newest first (by time received, then id), and how many match in all.
/// `unit` keeps the imports of the offices of its subtree (imports whose unit was not
/// recognised appear only without it); `status` those that ended so; `office` what that
/// office may see: its imports and those its tokens sent. `limit` 0 gives the count alone.
/// Three statements: the units, the count and the page. An unknown unit is
/// [`DomainError::UnknownUnit`].
pub async fn list_imports(
    db: &impl ConnectionTrait,
    query: &ImportQuery,
) -> Result<ImportPage, DomainError> {
    let units = UnitTree::load(db).await?;
    let mut select = imports::Entity::find();
    if let Some(code) = &query.unit {
        select = select.filter(unit_in(&units.offices_of(code)?));
    }
    if let Some(office) = &query.office {
        select = select.filter(seen_by(units.id_of(office)?));
    }
    if let Some(status) = query.status {
        select = select.filter(imports::Column::Status.eq(status));
    }
    let total = select.clone().count(db).await?;
    let page = select
        .order_by_desc(imports::Column::ReceivedAt)
        .order_by_desc(imports::Column::Id)
        .limit(query.limit)
        .offset(query.offset)
        .all(db)
        .await?;
    let items = page
        .into_iter()
        .map(|i| record(i, &units))
        .collect::<Result<_, _>>()?;
    Ok(ImportPage { total, items })
}

/// `unit_id IN (offices)`, the ids bound while few enough (an empty list matches nothing).
fn unit_in(offices: &[i32]) -> SimpleExpr {
    if offices.len() > MAX_BOUND_IDS {
        Expr::cust(format!("unit_id IN ({})", literal_list(offices)))
    } else {
        imports::Column::UnitId.is_in(offices.iter().copied())
    }
}

/// What an office may see: its own imports, and those sent with a token bound to it.
fn seen_by(office: i32) -> Condition {
    let its_tokens = Query::select()
        .column(tokens::Column::Id)
        .from(tokens::Entity)
        .and_where(tokens::Column::UnitId.eq(office))
        .to_owned();
    Condition::any()
        .add(imports::Column::UnitId.eq(office))
        .add(imports::Column::TokenId.in_subquery(its_tokens))
}

/// The token that sent an import, from its stamp.
fn sender(i: &imports::Model) -> Option<Sender> {
    let (Some(token_id), Some(name), Some(role)) = (i.token_id, &i.token_name, i.token_role) else {
        return None;
    };
    Some(Sender {
        token_id,
        name: name.clone(),
        role,
    })
}

/// An import as stored, decoded.
fn record(i: imports::Model, units: &UnitTree) -> Result<ImportRecord, DbErr> {
    let period = match (i.year, i.months) {
        (Some(year), Some(months)) => Some(
            Period::new(i64::from(year), i64::from(months))
                .map_err(|e| DbErr::Type(format!("import {}: {e}", i.id)))?,
        ),
        _ => None,
    };
    let problems: Vec<Problem> = serde_json::from_str(&i.problems)
        .map_err(|e| DbErr::Json(format!("import {}: problems: {e}", i.id)))?;
    Ok(ImportRecord {
        sender: sender(&i),
        unit: i.unit_id.and_then(|u| units.code(u)).map(str::to_owned),
        id: i.id,
        file_name: i.file_name,
        path: i.path,
        file_size: i.file_size,
        sha256: i.sha256,
        received_at: i.received_at,
        source: i.source,
        status: i.status,
        period,
        problems,
    })
}
