//! `thads report --format text`: the province's paragraph and an office's, word for word
//! against the committed files of `tests/fixtures/report/` (figures computed by hand in
//! `report_support`), and a wording template given at run time.

use crate::report_support::{expected, load_province, reported};
use thads_tests::db::{TestDb, each_backend};

#[tokio::test]
async fn the_province_paragraph_word_for_word() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let text = reported(&t, &["--unit", "LA", "--format", "text"]).await;
        assert_eq!(text, expected("la-2020-9.txt"));
        // Text is the default; the unit's code is matched whatever its case; the units of a
        // later day are these same units.
        let later = reported(&t, &["--unit", "la", "--asof", "2021-01-01"]).await;
        assert_eq!(later, expected("la-2020-9.txt"));
        // With --out the format follows its extension, and nothing goes to stdout.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("la.txt");
        let file = out.display().to_string();
        assert_eq!(reported(&t, &["--unit", "LA", "--out", &file]).await, "");
        let written = std::fs::read_to_string(&out).unwrap();
        assert_eq!(written, expected("la-2020-9.txt"));
    }
}

#[tokio::test]
async fn an_office_paragraph_word_for_word() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let text = reported(&t, &["--unit", "LA-KIENTUONG"]).await;
        assert_eq!(text, expected("la-kientuong-2020-9.txt"));
    }
}

#[tokio::test]
async fn fewer_lowest_offices_and_a_province_own_wording() {
    let t = TestDb::sqlite().await;
    load_province(&t.db).await;
    let args = ["--unit", "LA", "--lowest", "1"];
    let text = reported(&t, &args).await;
    // The lowest in cases (Đức Hòa) and the lowest in money (Kiến Tường), nobody else.
    assert!(
        text.contains(
            "Một số đơn vị đạt tỷ lệ thấp: Đức Hòa 40,00 % về việc, chưa có tỷ lệ về tiền; \
             Kiến Tường 46,25 % về việc, 17,67 % về tiền. Chưa nhận"
        ),
        "{text}"
    );
    let built_in = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../report/templates/vi.ftl"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("long-an.ftl");
    std::fs::write(&own, built_in.replace("toàn tỉnh", "toàn tỉnh Long An")).unwrap();
    let own = own.display().to_string();
    let text = reported(&t, &[&args[..], &["--template", &own]].concat()).await;
    assert!(
        text.starts_with("9 tháng năm 2020, toàn tỉnh Long An thi hành xong 447 việc"),
        "{text}"
    );
}
