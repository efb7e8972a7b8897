//! `thads tokens create|list|revoke` through `thads_api::cli::run`: secrets printed once and
//! stored only hashed, the checks of roles and offices, the listing, revocation taking effect
//! at once, and the time of last use written at most once a minute.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::import_support::{load_units, thads};
use crate::upload_support::{create_token, graphql, server};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use thads_domain::Role;
use thads_domain::entities::tokens as stored_tokens;
use thads_domain::services::tokens::{authenticate, list_tokens};
use thads_tests::db::each_backend;

/// Whether `s` looks like a secret: `thads_` and 64 hex digits.
fn is_secret(s: &str) -> bool {
    s.strip_prefix("thads_")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[tokio::test]
async fn tokens_are_created_listed_and_revoked_from_the_command_line() {
    for t in each_backend().await {
        load_units(&t).await;
        let url = t.url.as_str();
        let run = thads(&["tokens", "create", "--role", "viewer", "--db", url]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        let viewer = run.stdout.trim().to_owned();
        assert!(is_secret(&viewer), "{viewer:?}");
        assert_eq!(
            run.stdout,
            format!("{viewer}\n"),
            "stdout holds the token alone"
        );
        assert!(
            run.stderr.contains("shown only this once"),
            "{}",
            run.stderr
        );
        let (clerk, _) = create_token(
            &t,
            &[
                "--role",
                "office",
                "--unit",
                "LA-TANTRU",
                "--name",
                "Tân Trụ clerk",
            ],
        )
        .await;
        let (admin, admin_id) = create_token(&t, &["--role", "admin", "--name", "province"]).await;
        assert!(is_secret(&clerk) && is_secret(&admin));
        assert_ne!(clerk, admin);

        // Roles and offices are checked; nothing is created then.
        for (args, words) in [
            (vec!["--role", "office"], "bound to its office"),
            (vec!["--role", "office", "--unit", "LA"], "not an office"),
            (vec!["--role", "office", "--unit", "XX"], "unknown unit"),
            (
                vec!["--role", "viewer", "--unit", "LA-TANTRU"],
                "only office tokens",
            ),
            (vec!["--role", "root"], "invalid value 'root'"),
        ] {
            let mut all = vec!["tokens", "create", "--db", url];
            all.extend(args.iter().copied());
            let run = thads(&all).await;
            assert_eq!(run.code, 2, "{args:?}: {run:#?}");
            assert!(run.stderr.contains(words), "{args:?}: {}", run.stderr);
            assert_eq!(run.stdout, "", "{args:?}");
        }

        // Listed one a line, never with the secret; the database holds only hashes.
        let run = thads(&["tokens", "list", "--db", url]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 4, "{}", run.stdout);
        for word in [
            "id",
            "name",
            "role",
            "unit",
            "created",
            "last used",
            "revoked",
        ] {
            assert!(lines[0].contains(word), "{}", lines[0]);
        }
        assert!(
            lines[1].starts_with("1 ") && lines[1].contains("viewer"),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains("Tân Trụ clerk") && lines[2].contains("office"));
        assert!(lines[2].contains("LA-TANTRU"), "{}", lines[2]);
        assert!(lines[3].contains("province") && lines[3].contains("admin"));
        let all = stored_tokens::Entity::find().all(&t.db).await.unwrap();
        for secret in [&viewer, &clerk, &admin] {
            let hex = &secret["thads_".len()..];
            assert!(!run.stdout.contains(hex), "a secret is listed");
            assert!(
                all.iter().all(|row| !row.secret_hash.contains(hex)),
                "a secret is stored"
            );
        }

        // Using a token marks it used; revoking it refuses it at once.
        let server = server(&t, false).await;
        let (status, answer) =
            graphql(&server, Some(&viewer), "{ periods { year } }", Value::Null).await;
        assert_eq!(status, StatusCode::OK, "{answer:#}");
        let used = list_tokens(&t.db).await.unwrap();
        assert!(used[0].last_used_at.is_some(), "{used:?}");
        assert!(used[1].last_used_at.is_none(), "{used:?}");
        let run = thads(&["tokens", "list", "--db", url]).await;
        assert!(
            run.stdout.lines().nth(1).unwrap().contains(" UTC"),
            "{}",
            run.stdout
        );

        let run = thads(&["tokens", "revoke", "1", "--db", url]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        assert!(run.stdout.contains("Revoked token 1"), "{}", run.stdout);
        let (status, answer) =
            graphql(&server, Some(&viewer), "{ periods { year } }", Value::Null).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{answer:#}");
        assert_eq!(answer["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        let run = thads(&["tokens", "revoke", "1", "--db", url]).await;
        assert_eq!(run.code, 0, "{run:#?}");
        assert!(run.stdout.contains("already revoked"), "{}", run.stdout);
        let listed = list_tokens(&t.db).await.unwrap();
        assert!(listed[0].revoked_at.is_some());
        assert!(listed[1..].iter().all(|t| t.revoked_at.is_none()));
        let run = thads(&["tokens", "revoke", "999", "--db", url]).await;
        assert_eq!(run.code, 2, "{run:#?}");
        assert!(
            run.stderr.contains("no token has the id 999"),
            "{}",
            run.stderr
        );

        // The others still work.
        let (status, _) = graphql(&server, Some(&admin), "{ periods { year } }", Value::Null).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(listed[2].id, admin_id);
        assert_eq!(listed[2].role, Role::Admin);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_time_of_last_use_is_written_at_most_once_a_minute() {
    for t in each_backend().await {
        load_units(&t).await;
        let (secret, id) = create_token(&t, &["--role", "viewer"]).await;
        let last_used = || async {
            stored_tokens::Entity::find_by_id(id)
                .one(&t.db)
                .await
                .unwrap()
                .unwrap()
                .last_used_at
        };
        assert_eq!(last_used().await, None);
        let who = authenticate(&t.db, &secret).await.unwrap().unwrap();
        assert_eq!((who.id, who.role, who.unit), (id, Role::Viewer, None));
        let first = last_used().await.unwrap();
        authenticate(&t.db, &secret).await.unwrap().unwrap();
        assert_eq!(last_used().await, Some(first), "{}", t.backend());
        // A minute later it is written again.
        let earlier = Utc::now() - Duration::minutes(2);
        stored_tokens::Entity::update_many()
            .col_expr(
                stored_tokens::Column::LastUsedAt,
                sea_orm::sea_query::Expr::value(earlier),
            )
            .filter(stored_tokens::Column::Id.eq(id))
            .exec(&t.db)
            .await
            .unwrap();
        authenticate(&t.db, &secret).await.unwrap().unwrap();
        assert!(last_used().await.unwrap() > earlier + Duration::seconds(60));
        // Malformed and unknown secrets are nobody.
        for wrong in [
            "",
            "thads_",
            "Bearer x",
            &secret[..secret.len() - 1],
            &secret.replace("thads_", "other_"),
        ] {
            assert_eq!(authenticate(&t.db, wrong).await.unwrap(), None, "{wrong:?}");
        }
        let mut flipped = secret.clone();
        let last = if flipped.ends_with('0') { "1" } else { "0" };
        flipped.replace_range(flipped.len() - 1.., last);
        assert_eq!(authenticate(&t.db, &flipped).await.unwrap(), None);
    }
}
