//! The data of the statistics tests: a small registry (a nation, two provinces, five offices,
//! one of which never reports), targets, and reports with hand-picked numbers.
//!
//! Reports of [`load_stats_data`] (rows are `(case type, enforceable, resolved)`):
//!
//! | office | period | form  | rows                                              |
//! |--------|--------|-------|---------------------------------------------------|
//! | P1-A   | 2020-6 | cases | AC 10/2, then replaced by AC 10/9, AV 90/45       |
//! | P1-B   | 2020-6 | cases | AC 10/1                                           |
//! | P2-D   | 2020-6 | cases | AC 40/30, RV 60/30                                |
//! | P2-E   | 2020-6 | cases | AC 20/12                                          |
//! | P1-A   | 2020-6 | money | AC 3e9/1.2e9, AV 1e9/0.8e9                        |
//! | P2-D   | 2020-6 | money | RV 6e9/1.5e9                                      |
//! | P1-A   | 2020-5 | cases | AC 8/5                                            |
//! | P1-A   | 2019-6 | cases | AC 50/25                                          |
//! | P1-B   | 2019-6 | money | AC 2e9/1e9                                        |
//!
//! P1-C never reports. Targets: 2020 VN cases 70 and money 40, P2 cases 80, P1 money 45,
//! P1-B cases 50; 2019 VN cases 65.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use sea_orm::DatabaseConnection;
use thads_domain::services::registry::{CaseTree, UnitTree};
use thads_domain::services::registry::{import_targets_csv, import_units_csv};
use thads_domain::services::reports::{NewImport, store_workbook};
use thads_domain::services::stats as service;
use thads_domain::stats::{
    Dimension, Measured, ReportStatus, SeriesQuery, StatsFilter, StatsQuery, StatsRow,
};
use thads_domain::{
    CheckedReport, CheckedWorkbook, DomainError, Field, Form, Outcome, Period, ReportRow,
};

/// `active.criminal`.
pub const AC: &str = "active.criminal";
/// `active.civil`.
pub const AV: &str = "active.civil";
/// `on_request.civil`.
pub const RV: &str = "on_request.civil";

/// One billion đồng.
pub const BN: i64 = 1_000_000_000;

/// The registry: a nation, two provinces, five offices.
pub const UNITS: &str = "\
code,name,parent,level,aliases
VN,Cả nước,,nation,
P1,Tỉnh Một,VN,province,
P1-A,Chi cục An,P1,office,
P1-B,Chi cục Bình,P1,office,
P1-C,Chi cục Cần (never reports),P1,office,
P2,Tỉnh Hai,VN,province,
P2-D,Chi cục Đông,P2,office,
P2-E,Chi cục Én,P2,office,
";

/// The targets; the others are inherited.
pub const TARGETS: &str = "\
year,unit,measure,rate
2020,VN,cases,70
2020,VN,money,40
2020,P2,cases,80
2020,P1,money,45
2020,P1-B,cases,50
2019,VN,cases,65
";

pub use crate::hand_values::{Row, minus};

/// Values that hold every identity, from the enforceable and resolved amounts.
pub fn outcome(form: Form, enforceable: i64, resolved: i64) -> Outcome {
    crate::hand_values::outcome(form, enforceable, resolved, 1)
}

/// The field-by-field sum of the rows of several reports.
pub fn sum(form: Form, reports: &[&[Row]]) -> Outcome {
    crate::hand_values::sum(form, reports, 1)
}

/// Stores one form of one office and period as its own import; returns the import's id.
pub async fn store(
    db: &DatabaseConnection,
    unit: &str,
    (year, months): (i32, u8),
    form: Form,
    rows: &[Row],
) -> i32 {
    let period = Period::new(i64::from(year), i64::from(months)).unwrap();
    let report = CheckedReport {
        form,
        sheet: form.title().to_owned(),
        columns: Vec::new(),
        rows: rows
            .iter()
            .zip(10..)
            .map(|(&(case_type, e, r), row)| ReportRow {
                case_type: case_type.to_owned(),
                label: case_type.to_owned(),
                row,
                values: outcome(form, e, r),
            })
            .collect(),
    };
    let workbook = CheckedWorkbook {
        unit: unit.to_owned(),
        period,
        reports: vec![report],
    };
    let name = format!("{unit}-{year}-{months:02}-{form}.xlsx");
    let import = NewImport {
        file_name: name.clone(),
        path: None,
        file_size: 1000,
        sha256: format!("{:064x}", name.len()),
        source: "test".to_owned(),
        unit: Some(unit.to_owned()),
        period: Some(period),
        sender: None,
    };
    store_workbook(db, import, Some(&workbook), &[])
        .await
        .unwrap()
        .import_id
}

/// Loads the registry and the targets.
pub async fn load_registry(db: &DatabaseConnection) {
    import_units_csv(db, UNITS.as_bytes()).await.unwrap();
    import_targets_csv(db, TARGETS.as_bytes()).await.unwrap();
}

/// A's cases of 2020-6 as finally reported.
pub const A_CASES: &[Row] = &[(AC, 10, 9), (AV, 90, 45)];
/// B's cases of 2020-6.
pub const B_CASES: &[Row] = &[(AC, 10, 1)];
/// D's cases of 2020-6.
pub const D_CASES: &[Row] = &[(AC, 40, 30), (RV, 60, 30)];
/// E's cases of 2020-6.
pub const E_CASES: &[Row] = &[(AC, 20, 12)];
/// A's money of 2020-6.
pub const A_MONEY: &[Row] = &[(AC, 3 * BN, 12 * BN / 10), (AV, BN, 8 * BN / 10)];
/// D's money of 2020-6.
pub const D_MONEY: &[Row] = &[(RV, 6 * BN, 15 * BN / 10)];
/// A's cases of 2019-6.
pub const A_CASES_2019: &[Row] = &[(AC, 50, 25)];
/// B's money of 2019-6.
pub const B_MONEY_2019: &[Row] = &[(AC, 2 * BN, BN)];

/// The import ids of the current reports of 2020-6, by office and form.
pub struct Imports {
    /// P1-A's replacing cases report.
    pub a_cases: i32,
    /// P1-A's money.
    pub a_money: i32,
    /// P2-D's cases.
    pub d_cases: i32,
}

/// The registry, the targets and every report of the table above; 10 imports.
pub async fn load_stats_data(db: &DatabaseConnection) -> Imports {
    load_registry(db).await;
    let june = (2020, 6);
    store(db, "P1-A", june, Form::Cases, &[(AC, 10, 2)]).await;
    let a_cases = store(db, "P1-A", june, Form::Cases, A_CASES).await;
    store(db, "P1-B", june, Form::Cases, B_CASES).await;
    let d_cases = store(db, "P2-D", june, Form::Cases, D_CASES).await;
    store(db, "P2-E", june, Form::Cases, E_CASES).await;
    let a_money = store(db, "P1-A", june, Form::Money, A_MONEY).await;
    store(db, "P2-D", june, Form::Money, D_MONEY).await;
    store(db, "P1-A", (2020, 5), Form::Cases, &[(AC, 8, 5)]).await;
    store(db, "P1-A", (2019, 6), Form::Cases, A_CASES_2019).await;
    store(db, "P1-B", (2019, 6), Form::Money, B_MONEY_2019).await;
    Imports {
        a_cases,
        a_money,
        d_cases,
    }
}

/// The period of `(year, months)`.
pub fn period(year: i32, months: u8) -> Period {
    Period::new(i64::from(year), i64::from(months)).unwrap()
}

/// Enforceable and resolved of a measure, if reported.
pub fn er(m: &Measured) -> Option<(i64, i64)> {
    Some((m.get(Field::Enforceable)?, m.resolved()?))
}

/// Asserts two rates are the same up to rounding.
#[track_caller]
pub fn assert_rate(found: Option<f64>, expected: Option<f64>) {
    match (found, expected) {
        (Some(f), Some(e)) => assert!((f - e).abs() < 1e-9, "rate {f}, expected {e}"),
        (f, e) => assert_eq!(f, e),
    }
}

/// `stats` as a GraphQL request runs it: the trees loaded first (two statements), then the
/// service.
pub async fn stats(
    db: &DatabaseConnection,
    query: &StatsQuery,
) -> Result<Vec<StatsRow>, DomainError> {
    let (units, cases) = (UnitTree::load(db).await?, CaseTree::load(db).await?);
    service::stats(db, &units, &cases, query).await
}

/// `series` with the year before, as a GraphQL request runs it: the trees loaded first.
pub async fn series(
    db: &DatabaseConnection,
    year: i32,
    filter: &StatsFilter,
    group_by: &[Dimension],
) -> Result<Vec<StatsRow>, DomainError> {
    let query = SeriesQuery {
        year,
        filter: filter.clone(),
        group_by: group_by.to_vec(),
        previous_year: true,
        as_of: None,
    };
    let (units, cases) = (UnitTree::load(db).await?, CaseTree::load(db).await?);
    service::series(db, &units, &cases, &query).await
}

/// `completeness` as a GraphQL request runs it: the registry loaded first.
pub async fn completeness(
    db: &DatabaseConnection,
    period: Period,
    unit: Option<&str>,
) -> Result<Vec<ReportStatus>, DomainError> {
    let units = UnitTree::load(db).await?;
    service::completeness(db, &units, period, unit, None).await
}

/// The rows with the year before left out, as a request that does not ask for it gets them.
pub fn without_previous_year(rows: Vec<StatsRow>) -> Vec<StatsRow> {
    rows.into_iter()
        .map(|mut row| {
            row.cases.previous_year = None;
            row.money.previous_year = None;
            row
        })
        .collect()
}
