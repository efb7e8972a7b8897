//! Monthly deadlines: a due day set on a province (CLI and GraphQL, admin only) and inherited by
//! its offices; `completeness` judges each report by when it first arrived, in Vietnamese days
//! (UTC+7), as on time, late, pending or overdue; `thads overdue` lists who is overdue. On both
//! databases, with the reports of `api_support` given hand-picked arrival times around the
//! deadline (5 July 2020 for "9 tháng năm 2020").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::thads;
use crate::upload_support::{graphql, server, tokens};
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use thads_domain::Form;
use thads_domain::entities::{reports, units};
use thads_tests::db::{TestDb, each_backend};

/// Gives the reports of an office, period and form these arrival times, oldest version first.
async fn arrived(t: &TestDb, office: &str, form: Form, times: &[&str]) {
    let unit = units::Entity::find()
        .filter(units::Column::Code.eq(office))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let versions = reports::Entity::find()
        .filter(reports::Column::UnitId.eq(unit.id))
        .filter(reports::Column::Form.eq(form))
        .filter(reports::Column::Year.eq(2020))
        .filter(reports::Column::Months.eq(9))
        .order_by_asc(reports::Column::Id)
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(versions.len(), times.len(), "{office} {form}");
    for (version, at) in versions.iter().zip(times) {
        let at: DateTime<Utc> = at.parse().unwrap();
        reports::Entity::update_many()
            .col_expr(reports::Column::CreatedAt, Expr::value(at))
            .filter(reports::Column::Id.eq(version.id))
            .exec(&t.db)
            .await
            .unwrap();
    }
}

const COMPLETENESS: &str = "query ($on: Date) {
  completeness(period: {year: 2020, months: 9}, unit: \"LA\") {
    unit { code } form due firstReceived timeliness(on: $on) daysLate(on: $on) } }";

/// `(office, form, due, timeliness, daysLate)` of each status, judged on `on`.
async fn judged(
    server: &thads_api::server::RunningServer,
    token: &str,
    on: &str,
) -> Vec<(String, String, Value, Value, Value)> {
    let (status, body) = graphql(server, Some(token), COMPLETENESS, json!({ "on": on })).await;
    assert_eq!(status, StatusCode::OK, "{body:#}");
    body["data"]["completeness"]
        .as_array()
        .unwrap_or_else(|| panic!("{body:#}"))
        .iter()
        .map(|s| {
            (
                s["unit"]["code"].as_str().unwrap().to_owned(),
                s["form"].as_str().unwrap().to_owned(),
                s["due"].clone(),
                s["timeliness"].clone(),
                s["daysLate"].clone(),
            )
        })
        .collect()
}

fn row(
    office: &str,
    form: &str,
    timeliness: &str,
    days: i64,
) -> (String, String, Value, Value, Value) {
    (
        office.to_owned(),
        form.to_owned(),
        json!("2020-07-05"),
        json!(timeliness),
        json!(days),
    )
}

#[tokio::test]
async fn reports_are_judged_against_their_deadline() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let viewer = tokens.viewer.as_str();
        // Arrival times in UTC; the deadline is 5 July 2020 in Vietnam.
        // Tân Trụ: cases at 00:30 on the 5th in Vietnam (on time), money at midnight on the 6th.
        arrived(&t, "LA-TANTRU", Form::Cases, &["2020-07-04T17:30:00Z"]).await;
        arrived(&t, "LA-TANTRU", Form::Money, &["2020-07-05T17:00:00Z"]).await;
        // Bến Lức: cases first sent on 1 July and corrected in August (judged by the first),
        // money on the 10th, 09:00 in Vietnam (5 days late).
        let benluc = ["2020-07-01T03:00:00Z", "2020-08-20T03:00:00Z"];
        arrived(&t, "LA-BENLUC", Form::Cases, &benluc).await;
        arrived(&t, "LA-BENLUC", Form::Money, &["2020-07-10T02:00:00Z"]).await;

        // No deadline yet: nothing to judge.
        let before = judged(&server, viewer, "2020-07-15").await;
        assert!(
            before.iter().all(|s| s.2.is_null() && s.3.is_null()),
            "{before:?}"
        );

        // The province's due day, set by an admin; its offices inherit it.
        let (status, body) = graphql(
            &server,
            Some(&tokens.admin),
            "mutation { setDueDay(unit: \"LA\", day: 5) { code dueDay children { code dueDay } } }",
            json!({}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body:#}");
        assert_eq!(body["data"]["setDueDay"]["dueDay"], 5, "{body:#}");
        for child in body["data"]["setDueDay"]["children"].as_array().unwrap() {
            assert_eq!(child["dueDay"], 5, "{child}");
        }

        let on_15th = judged(&server, viewer, "2020-07-15").await;
        assert_eq!(
            on_15th,
            vec![
                row("LA-BENLUC", "CASES", "ON_TIME", 0),
                row("LA-BENLUC", "MONEY", "LATE", 5),
                row("LA-TANTRU", "CASES", "ON_TIME", 0),
                row("LA-TANTRU", "MONEY", "LATE", 1),
                row("LA-THUTHUA", "CASES", "OVERDUE", 10),
                row("LA-THUTHUA", "MONEY", "OVERDUE", 10),
            ],
            "{backend}"
        );
        // On the due day itself nothing missing is overdue yet; the day after it is.
        let on_5th = judged(&server, viewer, "2020-07-05").await;
        assert_eq!(on_5th[4], row("LA-THUTHUA", "CASES", "PENDING", 0));
        let on_6th = judged(&server, viewer, "2020-07-06").await;
        assert_eq!(on_6th[4], row("LA-THUTHUA", "CASES", "OVERDUE", 1));

        // The same from the command line.
        let url = t.url.as_str();
        let overdue = thads(&["overdue", "--db", url, "--unit", "LA", "--on", "2020-07-15"]).await;
        assert_eq!(overdue.code, 1, "{overdue:#?}");
        assert!(
            overdue
                .stdout
                .starts_with("Báo cáo 9 tháng năm 2020 của Tỉnh Long An, hạn ngày 05/07/2020"),
            "{}",
            overdue.stdout
        );
        let listed: Vec<&str> = overdue.stdout.lines().skip(1).collect();
        assert_eq!(
            listed,
            [
                "  Chi cục Thi hành án dân sự huyện Thủ Thừa (LA-THUTHUA): Mẫu 01/TK-THA, quá hạn 10 ngày · 10 days overdue",
                "  Chi cục Thi hành án dân sự huyện Thủ Thừa (LA-THUTHUA): Mẫu 02/TK-THA, quá hạn 10 ngày · 10 days overdue",
            ]
        );
        let none = thads(&[
            "overdue",
            "--db",
            url,
            "--unit",
            "LA",
            "--year",
            "2020",
            "--months",
            "9",
            "--on",
            "2020-07-05",
        ])
        .await;
        assert_eq!(none.code, 0, "{none:#?}");
        assert!(none.stdout.contains("Không đơn vị nào quá hạn."));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn due_days_are_set_by_admins_with_their_checks() {
    for t in each_backend().await {
        let _files = load(&t).await;
        let url = t.url.as_str();
        let set = thads(&[
            "deadlines",
            "set",
            "--db",
            url,
            "--unit",
            "LA",
            "--day",
            "5",
        ])
        .await;
        assert_eq!(set.code, 0, "{set:#?}");
        assert_eq!(
            set.stdout,
            "Tỉnh Long An (LA): hạn gửi báo cáo: ngày 5 tháng sau · reports due on day 5 of the next month.\n"
        );
        // Each bad input: its message and exit code, and nothing written.
        for (args, code, says) in [
            (["--unit", "LA", "--day", "29"], 2, "from 1 to 28, found 29"),
            (["--unit", "LA", "--day", "0"], 2, "from 1 to 28, found 0"),
            (["--unit", "XX", "--day", "5"], 3, "Unknown unit XX"),
        ] {
            let mut argv = vec!["deadlines", "set", "--db", url];
            argv.extend_from_slice(&args);
            let run = thads(&argv).await;
            assert_eq!(run.code, code, "{args:?}: {run:#?}");
            assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        }
        let unknown = thads(&["overdue", "--db", url, "--unit", "XX"]).await;
        assert_eq!(unknown.code, 3, "{unknown:#?}");

        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let query =
            "query { unit(code: \"LA-TANTRU\") { dueDay } la: unit(code: \"LA\") { dueDay } }";
        let (_, body) = graphql(&server, Some(&tokens.viewer), query, json!({})).await;
        assert_eq!(body["data"]["unit"]["dueDay"], 5, "{body:#}");
        // An office's own day wins over its province's; removing it brings the province's back.
        let set_day =
            "mutation ($unit: String!, $day: Int) { setDueDay(unit: $unit, day: $day) { dueDay } }";
        let (_, body) = graphql(
            &server,
            Some(&tokens.admin),
            set_day,
            json!({"unit": "LA-TANTRU", "day": 10}),
        )
        .await;
        assert_eq!(body["data"]["setDueDay"]["dueDay"], 10, "{body:#}");
        let (_, body) = graphql(
            &server,
            Some(&tokens.admin),
            set_day,
            json!({"unit": "LA-TANTRU", "day": null}),
        )
        .await;
        assert_eq!(body["data"]["setDueDay"]["dueDay"], 5, "{body:#}");
        // Only an admin may set it; a bad day or unit changes nothing.
        for (token, vars, code) in [
            (
                Some(tokens.viewer.as_str()),
                json!({"unit": "LA", "day": 7}),
                "FORBIDDEN",
            ),
            (
                Some(tokens.office_a.as_str()),
                json!({"unit": "LA", "day": 7}),
                "FORBIDDEN",
            ),
            (None, json!({"unit": "LA", "day": 7}), "UNAUTHENTICATED"),
            (
                Some(tokens.admin.as_str()),
                json!({"unit": "LA", "day": 31}),
                "BAD_USER_INPUT",
            ),
            (
                Some(tokens.admin.as_str()),
                json!({"unit": "XX", "day": 7}),
                "NOT_FOUND",
            ),
        ] {
            let (_, body) = graphql(&server, token, set_day, vars.clone()).await;
            assert_eq!(
                body["errors"][0]["extensions"]["code"], code,
                "{vars}: {body:#}"
            );
        }
        let (_, body) = graphql(&server, Some(&tokens.viewer), query, json!({})).await;
        assert_eq!(body["data"]["la"]["dueDay"], 5, "{body:#}");
        server.stop().await.unwrap();
    }
}
