//! The language of the problems on the command line: the same broken workbook imported with
//! `--lang vi` and `--lang en` (JSON and text), both messages always in `messages`, units named
//! by their registry names; and a warning repeated on every row of a sheet said once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::import_support::{load_units, problem, thads, write};
use serde_json::{Value, json};
use std::path::Path;
use thads_domain::{Field, Form, Period};
use thads_tests::db::{TestDb, each_backend};
use thads_tests::fixtures::{CellValue, Column, WorkbookSpec, rate_hundredths};

/// Kiến Tường, 9 months of 2020.
fn base(seed: u64) -> WorkbookSpec {
    WorkbookSpec::long_an("LA-KIENTUONG", Period::new(2020, 9).unwrap(), seed).unwrap()
}

/// `thads import --format FORMAT --lang LANG PATH` and its exit code and standard output.
async fn import_in(t: &TestDb, path: &Path, format: &str, lang: &str) -> (u8, String) {
    let path = path.display().to_string();
    let run = thads(&[
        "import",
        "--db",
        &t.url,
        "--dry-run",
        "--format",
        format,
        "--lang",
        lang,
        &path,
    ])
    .await;
    (run.code, run.stdout)
}

#[tokio::test]
async fn the_same_broken_workbook_in_vietnamese_and_in_english() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let spec = base(3).set(
            Form::Cases,
            "active.civil",
            Field::Completed,
            CellValue::text("abc"),
        );
        let cell = spec
            .cell(Form::Cases, "active.civil", Field::Completed)
            .unwrap();
        let path = write(dir.path(), "kientuong.xlsx", &spec);

        let (code, vi) = import_in(&t, &path, "json", "vi").await;
        assert_eq!(code, 1, "{vi}");
        let vi: Value = serde_json::from_str(vi.trim()).unwrap();
        let (_, en) = import_in(&t, &path, "json", "en").await;
        let en: Value = serde_json::from_str(en.trim()).unwrap();
        let (p_vi, p_en) = (problem(&vi, "not_a_number"), problem(&en, "not_a_number"));
        assert_eq!(p_vi["message"], "cần một số, nhưng ô ghi \"abc\"");
        assert_eq!(p_en["message"], "expected a number, found \"abc\"");
        let both = json!({
            "vi": "cần một số, nhưng ô ghi \"abc\"",
            "en": "expected a number, found \"abc\"",
        });
        assert_eq!(p_vi["messages"], both);
        assert_eq!(p_en["messages"], both);
        // Only the language differs: the code and the place are the same.
        for key in ["code", "severity", "sheet", "cell", "row", "column"] {
            assert_eq!(p_vi[key], p_en[key], "{key}");
        }
        assert_eq!(p_vi["cell"], cell.as_str());

        // Text: the place in the language too.
        let (_, text) = import_in(&t, &path, "text", "vi").await;
        let line = format!(
            "kientuong.xlsx › 01-TK › {cell} (dòng \"2. Dân sự\", cột 8 \"Thi hành xong\"): \
             cần một số, nhưng ô ghi \"abc\""
        );
        assert!(text.contains(&line), "{text}");
        // The counts too; the status words stay the names scripts read.
        assert!(text.starts_with("rejected "), "{text}");
        assert!(
            text.contains(
                "Đã đọc 1 tệp: 0 nhập mới, 0 thay báo cáo trước, 0 không đổi, 1 bị từ chối."
            ),
            "{text}"
        );
        let (_, text) = import_in(&t, &path, "text", "en").await;
        assert!(
            text.contains("1 file read: 0 imported, 0 replaced, 0 unchanged, 1 rejected."),
            "{text}"
        );
        let line = format!(
            "kientuong.xlsx › 01-TK › {cell} (row \"2. Dân sự\", column 8 \"Thi hành xong\"): \
             expected a number, found \"abc\""
        );
        assert!(text.contains(&line), "{text}");
    }
}

#[tokio::test]
async fn an_unknown_unit_and_a_consolidated_report_are_told_in_vietnamese() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let unknown = base(4).unit_name("Chi cục THADS huyện Không Có Thật");
        let path = write(dir.path(), "khongco.xlsx", &unknown);
        let (_, out) = import_in(&t, &path, "json", "vi").await;
        let out: Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(
            problem(&out, "unknown_unit")["message"],
            "không nhận ra đơn vị báo cáo \"Chi cục THADS huyện Không Có Thật\": không có đơn vị \
             nào trong danh mục mang tên hoặc tên gọi khác này"
        );
    }
}

#[tokio::test]
async fn a_blank_rate_column_is_one_warning_per_sheet() {
    for t in each_backend().await {
        load_units(&t).await;
        let dir = tempfile::tempdir().unwrap();
        let mut spec = base(5);
        // Every leaf row whose rate can be computed, its rate cell left blank.
        let blanked: Vec<&'static str> = spec
            .values
            .cases
            .leaves()
            .filter(|(_, o)| rate_hundredths(o).is_some())
            .map(|(code, _)| code)
            .collect();
        assert!(blanked.len() >= 4, "{blanked:?}");
        for code in &blanked {
            spec = spec.set(Form::Cases, code, Column::Rate, CellValue::Empty);
        }
        let cells: Vec<String> = blanked
            .iter()
            .map(|code| spec.cell(Form::Cases, code, Column::Rate).unwrap())
            .collect();
        let path = write(dir.path(), "kientuong.xlsx", &spec);
        for (lang, message) in [
            (
                "vi",
                format!(
                    "cột tỷ lệ để trống ở {} dòng ({}, {}, {}, …)",
                    cells.len(),
                    cells[0],
                    cells[1],
                    cells[2]
                ),
            ),
            (
                "en",
                format!(
                    "the rate is not written on {} rows ({}, {}, {}, …)",
                    cells.len(),
                    cells[0],
                    cells[1],
                    cells[2]
                ),
            ),
        ] {
            let (code, out) = import_in(&t, &path, "json", lang).await;
            assert_eq!(code, 0, "{out}");
            let out: Value = serde_json::from_str(out.trim()).unwrap();
            let warnings: Vec<&Value> = out["problems"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["code"] == "rate_missing")
                .collect();
            assert_eq!(warnings.len(), 1, "{out:#}");
            let w = warnings[0];
            assert_eq!(w["severity"], "warning");
            assert_eq!(w["sheet"], "01-TK");
            assert_eq!(w["cell"], Value::Null, "{w:#}");
            assert_eq!(w["cells"], json!(cells));
            assert_eq!(w["message"], message.as_str(), "{}", t.backend());
        }
    }
}
