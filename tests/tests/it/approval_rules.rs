//! Who may approve and reopen, and every refusal: each with its code (GraphQL) and exit code
//! (`thads periods`), and nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::load;
use crate::import_support::thads;
use crate::upload_support::*;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use thads_domain::entities::period_approvals;
use thads_domain::services::approvals::approval_state;
use thads_domain::{ApprovalState, Period};
use thads_tests::db::{TestDb, each_backend};

const APPROVE: &str = r#"mutation($unit: String!, $p: PeriodInput!) {
    approvePeriod(unit: $unit, period: $p) { state } }"#;

const REOPEN: &str = r#"mutation($unit: String!, $p: PeriodInput!, $reason: String!) {
    reopenPeriod(unit: $unit, period: $p, reason: $reason) { state } }"#;

fn vars(unit: &str, year: i32, months: i32) -> Value {
    json!({ "unit": unit, "p": { "year": year, "months": months }, "reason": "sửa số liệu" })
}

/// How many approvals and reopenings are stored.
async fn actions(t: &TestDb) -> u64 {
    period_approvals::Entity::find().count(&t.db).await.unwrap()
}

/// `thads periods ARGS… --db URL`: exit code and stderr.
async fn periods(t: &TestDb, args: &[&str]) -> (u8, String) {
    let mut all = vec!["periods"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--db", t.url.as_str()]);
    let run = thads(&all).await;
    (run.code, run.stderr)
}

#[tokio::test]
async fn only_an_admin_approves_or_reopens() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let callers = [
            ("anonymous", None, "UNAUTHENTICATED"),
            ("revoked", Some(tokens.revoked.as_str()), "UNAUTHENTICATED"),
            ("viewer", Some(tokens.viewer.as_str()), "FORBIDDEN"),
            ("office", Some(tokens.office_a.as_str()), "FORBIDDEN"),
        ];
        for (who, token, expected) in callers {
            for query in [APPROVE, REOPEN] {
                let (_, answer) = graphql(&server, token, query, vars("LA", 2020, 9)).await;
                assert_eq!(code(&answer), expected, "{backend} {who}: {answer:#}");
                assert_eq!(answer["data"], Value::Null, "{who}: {answer:#}");
            }
            assert_eq!(actions(&t).await, 0, "{backend} {who}");
        }
        let admin_token = Some(tokens.admin.as_str());
        let (_, answer) = graphql(&server, admin_token, APPROVE, vars("LA", 2020, 9)).await;
        assert_eq!(
            answer["data"]["approvePeriod"]["state"], "APPROVED",
            "{answer:#}"
        );
        let (_, answer) = graphql(&server, admin_token, REOPEN, vars("LA", 2020, 9)).await;
        assert_eq!(
            answer["data"]["reopenPeriod"]["state"], "REOPENED",
            "{answer:#}"
        );
        assert_eq!(actions(&t).await, 2, "{backend}");
        // Reading the history is a read: a token, or public reads; who did it only with a token.
        let list = r#"{ periodApprovals(unit: "LA") { state by } }"#;
        let (_, answer) = graphql(&server, None, list, json!({})).await;
        assert_eq!(code(&answer), "UNAUTHENTICATED", "{answer:#}");
        let (_, answer) = graphql(&server, Some(&tokens.viewer), list, json!({})).await;
        assert_eq!(
            answer["data"]["periodApprovals"],
            json!([{ "state": "REOPENED", "by": "province" }, { "state": "APPROVED", "by": "province" }])
        );
        let public = self::server(&t, true).await;
        let (_, answer) = graphql(&public, None, list, json!({})).await;
        assert_eq!(
            answer["data"]["periodApprovals"],
            json!([{ "state": "REOPENED", "by": null }, { "state": "APPROVED", "by": null }])
        );
        public.stop().await.unwrap();
        server.stop().await.unwrap();
    }
}

/// A refusal: what is refused, over GraphQL (the query, its variables, the code and words
/// expected) and from the command line (its arguments, exit code and the same words).
struct Refusal {
    what: &'static str,
    query: &'static str,
    variables: Value,
    code: &'static str,
    words: &'static str,
    cli: Vec<&'static str>,
    exit: u8,
}

#[tokio::test]
async fn every_refusal_has_its_code_and_writes_nothing() {
    for t in each_backend().await {
        let backend = t.backend();
        let _files = load(&t).await;
        let tokens = tokens(&t).await;
        let server = server(&t, false).await;
        let admin_token = tokens.admin.as_str();
        // One approval to refuse against: Long An's 9 months of 2020.
        let (exit, err) = periods(
            &t,
            &["approve", "--unit", "LA", "--year", "2020", "--months", "9"],
        )
        .await;
        assert_eq!(exit, 0, "{err}");
        let before = stored(&t).await;
        let count = actions(&t).await;
        assert_eq!(count, 1);
        // How each unit's period stands: approved itself, locked from above, never approved.
        let state = |unit: &'static str| {
            let db = t.db.clone();
            async move {
                approval_state(&db, unit, Period::new(2020, 9).unwrap())
                    .await
                    .unwrap()
            }
        };
        assert!(matches!(state("LA").await, ApprovalState::Approved(r) if r.unit == "LA"));
        assert!(
            matches!(state("LA-TANTRU").await, ApprovalState::ApprovedAbove(r) if r.unit == "LA")
        );
        assert_eq!(state("TG").await, ApprovalState::Open);
        assert!(!state("TG-CAIBE").await.is_locked());

        let cases = [
            Refusal {
                what: "unknown unit",
                query: APPROVE,
                variables: vars("XX", 2020, 9),
                code: "NOT_FOUND",
                words: "XX",
                cli: vec!["approve", "--unit", "XX", "--year", "2020", "--months", "9"],
                exit: 3,
            },
            Refusal {
                what: "unknown unit to reopen",
                query: REOPEN,
                variables: vars("XX", 2020, 9),
                code: "NOT_FOUND",
                words: "XX",
                cli: vec![
                    "reopen", "--unit", "XX", "--year", "2020", "--months", "9", "--reason", "x",
                ],
                exit: 3,
            },
            Refusal {
                what: "no reports",
                query: APPROVE,
                variables: vars("LA", 2021, 3),
                code: "NO_REPORTS",
                words: "No office of Tỉnh Long An (LA) has a stored report for 3 tháng năm 2021",
                cli: vec!["approve", "--unit", "LA", "--year", "2021", "--months", "3"],
                exit: 2,
            },
            Refusal {
                what: "no reports of the office",
                query: APPROVE,
                variables: vars("LA-THUTHUA", 2020, 9),
                code: "NO_REPORTS",
                words: "Không có báo cáo nào của các đơn vị thuộc Chi cục Thi hành án dân sự huyện Thủ Thừa (LA-THUTHUA)",
                cli: vec![
                    "approve",
                    "--unit",
                    "LA-THUTHUA",
                    "--year",
                    "2020",
                    "--months",
                    "9",
                ],
                exit: 2,
            },
            Refusal {
                what: "approved twice",
                query: APPROVE,
                variables: vars("LA", 2020, 9),
                code: "ALREADY_APPROVED",
                words: "was already approved by cli:",
                cli: vec!["approve", "--unit", "LA", "--year", "2020", "--months", "9"],
                exit: 2,
            },
            Refusal {
                what: "reopen what is not approved",
                query: REOPEN,
                variables: vars("TG", 2020, 9),
                code: "NOT_APPROVED",
                words: "The period 9 tháng năm 2020 of Tỉnh Tiền Giang (TG) is not approved, so it cannot be reopened.",
                cli: vec![
                    "reopen", "--unit", "TG", "--year", "2020", "--months", "9", "--reason", "x",
                ],
                exit: 2,
            },
            Refusal {
                what: "reopen an office the province locks",
                query: REOPEN,
                variables: vars("LA-TANTRU", 2020, 9),
                code: "NOT_APPROVED",
                words: "(it is locked by the approval of Tỉnh Long An (LA): reopen that one)",
                cli: vec![
                    "reopen",
                    "--unit",
                    "LA-TANTRU",
                    "--year",
                    "2020",
                    "--months",
                    "9",
                    "--reason",
                    "x",
                ],
                exit: 2,
            },
            Refusal {
                what: "bad period",
                query: APPROVE,
                variables: vars("LA", 2020, 13),
                code: "BAD_USER_INPUT",
                words: "13",
                cli: vec![
                    "approve", "--unit", "LA", "--year", "2020", "--months", "13",
                ],
                exit: 2,
            },
        ];
        for case in cases {
            let Refusal {
                what,
                query,
                variables,
                code: expected,
                words,
                cli,
                exit,
            } = case;
            let (status, answer) = graphql(&server, Some(admin_token), query, variables).await;
            assert_eq!(status, StatusCode::OK, "{answer:#}");
            assert_eq!(code(&answer), expected, "{backend} {what}: {answer:#}");
            let message = answer["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(words), "{backend} {what}: {message}");
            let (found, err) = periods(&t, &cli).await;
            assert_eq!(found, exit, "{backend} {what}: {err}");
            assert!(err.contains(words), "{backend} {what}: {err}");
            assert_eq!(actions(&t).await, count, "{backend} {what}: written");
            assert_eq!(stored(&t).await, before, "{backend} {what}");
        }

        // A blank reason, over GraphQL and from the command line.
        for reason in ["", "   "] {
            let mut variables = vars("LA", 2020, 9);
            variables["reason"] = json!(reason);
            let (_, answer) = graphql(&server, Some(admin_token), REOPEN, variables).await;
            assert_eq!(code(&answer), "BAD_USER_INPUT", "{backend}: {answer:#}");
            let message = answer["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains("Cần ghi lý do mở lại"), "{message}");
            assert!(
                message.contains("A reason to reopen the period is needed"),
                "{message}"
            );
            let (exit, err) = periods(
                &t,
                &[
                    "reopen", "--unit", "LA", "--year", "2020", "--months", "9", "--reason", reason,
                ],
            )
            .await;
            assert_eq!(exit, 2, "{backend}: {err}");
            assert!(
                err.contains("A reason to reopen the period is needed"),
                "{err}"
            );
            assert_eq!(actions(&t).await, count, "{backend}: written");
        }
        server.stop().await.unwrap();
    }
}
