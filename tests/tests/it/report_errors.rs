//! `thads report` on bad input: each refusal with its message (Vietnamese, then English) on
//! stderr, its own exit code, nothing on stdout and no file written.

use crate::report_support::{load_province, report};
use thads_api::cli::{EXIT_NO_REPORTS, EXIT_UNKNOWN_UNIT, EXIT_USAGE};
use thads_tests::db::{TestDb, each_backend};

/// Runs `thads report` with `--out` into a fresh folder; checks the exit code, that the
/// message holds every one of `words`, and that nothing was written.
async fn refused(t: &TestDb, args: &[&str], code: u8, words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.out");
    let file = out.display().to_string();
    let run = report(t, &[args, &["--out", &file]].concat()).await;
    assert_eq!(run.code, code, "{args:?}: {run:#?}");
    assert_eq!(run.stdout, "", "{args:?}");
    for word in words {
        assert!(
            run.stderr.contains(word),
            "{args:?}: {word:?} not in {run:#?}"
        );
    }
    assert!(!out.exists(), "{args:?}: a file was written");
}

/// The arguments for 2020-9, then `extra`.
fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    [&["--year", "2020", "--months", "9"][..], extra].concat()
}

#[tokio::test]
async fn each_bad_input_has_its_message_and_exit_code() {
    for t in each_backend().await {
        load_province(&t.db).await;
        refused(
            &t,
            &with(&["--unit", "XX", "--format", "text"]),
            EXIT_UNKNOWN_UNIT,
            &["Không có đơn vị mã \"XX\"", "Unknown unit \"XX\""],
        )
        .await;
        refused(
            &t,
            &[
                "--unit", "LA", "--year", "2020", "--months", "3", "--format", "text",
            ],
            EXIT_NO_REPORTS,
            &[
                "Chưa có báo cáo nào của LA cho kỳ 3 tháng năm 2020",
                "No reports for LA in 3 tháng năm 2020",
            ],
        )
        .await;
        // An office has no offices to rank.
        refused(
            &t,
            &with(&["--unit", "LA-KIENTUONG", "--format", "csv"]),
            EXIT_USAGE,
            &[
                "không có đơn vị trực thuộc để xếp hạng",
                "LA-KIENTUONG is an office",
            ],
        )
        .await;
        // The workbook is a file: without --out it is refused, and nothing goes to stdout.
        let run = report(&t, &with(&["--unit", "LA", "--format", "xlsx"])).await;
        assert_eq!(run.code, EXIT_USAGE, "{run:#?}");
        assert_eq!(run.stdout, "");
        for words in [
            "không ghi ra màn hình",
            "--out FILE.xlsx",
            "not written to stdout",
        ] {
            assert!(run.stderr.contains(words), "{words:?} not in {run:#?}");
        }
        // With --out it is written, the format named by the extension (a zip package); an
        // unknown unit writes no file, as with the other formats.
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("la.xlsx");
        let file = xlsx.display().to_string();
        let run = report(&t, &with(&["--unit", "LA", "--out", &file])).await;
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (0, "", "")
        );
        assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));
        refused(
            &t,
            &with(&["--unit", "XX", "--format", "xlsx"]),
            EXIT_UNKNOWN_UNIT,
            &["Unknown unit \"XX\""],
        )
        .await;
        refused(
            &t,
            &["--unit", "LA", "--year", "2020", "--months", "13"],
            EXIT_USAGE,
            &["months must be between 1 and 12"],
        )
        .await;
        let broken = dir.path().join("broken.ftl");
        std::fs::write(&broken, "opening = { $period\n").unwrap();
        let broken = broken.display().to_string();
        refused(
            &t,
            &with(&["--unit", "LA", "--format", "text", "--template", &broken]),
            EXIT_USAGE,
            &["Mẫu lời văn không dùng được", "broken.ftl"],
        )
        .await;
    }
}
