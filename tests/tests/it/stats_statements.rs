//! The query services run a fixed number of SQL statements per request, whatever the number
//! of offices and months: counted through sea-orm's metric callback, on both databases, for
//! the services as a resolver calls them and for whole GraphQL requests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::stats_support::*;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use thads_domain::Form;
use thads_domain::services::imports::list_imports;
use thads_domain::services::registry::import_units_csv;
use thads_domain::stats::{Dimension, ImportQuery, SortField, SortKey, StatsFilter, StatsQuery};
use thads_tests::db::each_backend;

/// Statements run by each request: stats, series, completeness, list_imports, and stats on
/// the units of another day, each with the registry it needs loaded first, as the GraphQL
/// layer does.
async fn statements(db: &DatabaseConnection, counter: &AtomicUsize) -> [usize; 5] {
    let filter = StatsFilter {
        units: vec!["VN".to_owned(), "P1-A".to_owned()],
        case_types: vec!["active".to_owned()],
    };
    let query = StatsQuery {
        period: period(2020, 6),
        filter: filter.clone(),
        group_by: vec![Dimension::Office, Dimension::CaseGroup],
        order_by: vec![SortKey {
            field: SortField::CasesRate,
            descending: true,
        }],
        limit: Some(3),
        previous_year: true,
        as_of: None,
    };
    let mut counts = [0; 5];
    counter.store(0, Ordering::SeqCst);
    let rows = stats(db, &query).await.unwrap();
    assert!(!rows.is_empty());
    counts[0] = counter.swap(0, Ordering::SeqCst);
    let months = series(db, 2020, &filter, &[Dimension::Province])
        .await
        .unwrap();
    assert!(!months.is_empty());
    counts[1] = counter.swap(0, Ordering::SeqCst);
    completeness(db, period(2020, 6), Some("VN")).await.unwrap();
    counts[2] = counter.swap(0, Ordering::SeqCst);
    let page = ImportQuery {
        unit: Some("P1".to_owned()),
        status: None,
        office: None,
        limit: 10,
        offset: 0,
    };
    list_imports(db, &page).await.unwrap();
    counts[3] = counter.swap(0, Ordering::SeqCst);
    let mapped = StatsQuery {
        as_of: Some(chrono::NaiveDate::from_ymd_opt(2020, 9, 30).unwrap()),
        ..query
    };
    let rows = stats(db, &mapped).await.unwrap();
    assert!(!rows.is_empty());
    counts[4] = counter.swap(0, Ordering::SeqCst);
    counts
}

/// Statements run by whole GraphQL requests: offices ranked with their names; case groups
/// with the year before; the year by province; completeness with the offices' names; offices
/// on the units of another day with the year before; offices, and the year by province, with
/// whether their figures are approved (the approvals of the year read once per request, not
/// per row nor per month).
async fn graphql_statements(db: &DatabaseConnection, counter: &AtomicUsize) -> [usize; 7] {
    let schema = thads_api::graphql::schema(db.clone());
    let queries = [
        r#"{ stats(period: {year: 2020, months: 6}, filter: {units: ["P1"]}, groupBy: [OFFICE],
             orderBy: [{field: CASES_RATE, direction: DESC}]) {
               unit { code name } cases { rate target } money { rate } } }"#,
        r#"{ stats(period: {year: 2020, months: 6}, groupBy: [CASE_GROUP]) {
               caseType { code name } cases { rate previousYear { rate } } } }"#,
        r#"{ series(year: 2020, groupBy: [PROVINCE]) {
               unit { code } cases { resolved monthAlone { resolved } } } }"#,
        r#"{ completeness(period: {year: 2020, months: 6}, unit: "P1") {
               unit { code name } form reported } }"#,
        r#"{ stats(period: {year: 2020, months: 6}, groupBy: [OFFICE], asOf: "2020-09-30") {
               unit { code predecessors { code } } cases { rate previousYear { rate } } } }"#,
        r#"{ stats(period: {year: 2020, months: 6}, groupBy: [OFFICE]) {
               unit { code } approved cases { rate } } }"#,
        r#"{ series(year: 2020, groupBy: [PROVINCE]) { unit { code } approved } }"#,
    ];
    let mut counts = [0; 7];
    for (count, query) in counts.iter_mut().zip(queries) {
        counter.store(0, Ordering::SeqCst);
        let response = schema.execute(query).await;
        assert!(response.errors.is_empty(), "{query}: {:?}", response.errors);
        *count = counter.swap(0, Ordering::SeqCst);
    }
    counts
}

#[tokio::test]
async fn statements_do_not_grow_with_offices_or_months() {
    for mut t in each_backend().await {
        let backend = t.backend();
        let counter = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&counter);
        t.db.set_metric_callback(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        load_stats_data(&t.db).await;
        let small = statements(&t.db, &counter).await;
        assert_eq!(small, [4, 4, 2, 3, 4], "{backend}");
        // The registry is read once per request, for the service and for the names in the
        // answer alike (it was read twice, with the aliases no field shows: 6, 5, 6 and 4).
        let small_graphql = graphql_statements(&t.db, &counter).await;
        // `approved` adds one statement, the approvals of the year.
        assert_eq!(small_graphql, [4, 4, 4, 2, 4, 5, 5], "{backend}");

        // Twenty more offices, each reporting both forms for three months of two years; half
        // of them end with March 2020 (the last month of the period asked) and are merged
        // into a successor each, so that the requests on the units of September map them.
        let mut csv =
            String::from("code,name,parent,level,aliases,valid_from,valid_to,successor\n");
        for i in 0..20 {
            let province = if i % 2 == 0 { "P1" } else { "P2" };
            if i % 2 == 0 {
                csv.push_str(&format!(
                    "X{i:02},Văn phòng số {i},{province},office,,,2020-03-31,Y{i:02}\n\
                     Y{i:02},Văn phòng mới số {i},{province},office,,2020-04-01,,\n"
                ));
            } else {
                csv.push_str(&format!("X{i:02},Văn phòng số {i},{province},office,,,,\n"));
            }
        }
        import_units_csv(&t.db, csv.as_bytes()).await.unwrap();
        for i in 0..20 {
            for year in [2019, 2020] {
                for months in 4..=6 {
                    let rows: &[Row] = &[(AC, 10 + i, i), (AV, 5, 1)];
                    let unit = format!("X{i:02}");
                    store(&t.db, &unit, (year, months), Form::Cases, rows).await;
                    store(&t.db, &unit, (year, months), Form::Money, rows).await;
                }
            }
        }
        let large = statements(&t.db, &counter).await;
        assert_eq!(large, small, "{backend}");
        let large_graphql = graphql_statements(&t.db, &counter).await;
        assert_eq!(large_graphql, small_graphql, "{backend}");
    }
}
