//! The province's workbook printed: converted to PDF by LibreOffice headless, it takes the
//! pages its print setup asks for, and its first page holds the form's headings. Skipped
//! (and said so) without LibreOffice or poppler's tools; under CI it fails instead.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests

use crate::report_support::load_province;
use crate::report_xlsx_support::written;
use std::path::Path;
use std::process::Command;
use thads_tests::db::{TestDb, each_backend};

/// Pages by hand: each form sheet fits one page (fit to 1 × 1); the ranking (7 offices and the
/// province, 18 columns fitted to the width) and the reports received (7 rows) one page each.
const PAGES: u32 = 4;

/// Whether a program answers on this machine.
fn present(program: &str, version_flag: &str) -> bool {
    Command::new(program)
        .arg(version_flag)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs a program, which must succeed; its stdout.
fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn the_province_workbook_prints_on_four_pages() {
    let test = "the_province_workbook_prints_on_four_pages";
    for (program, flag, package) in [
        ("soffice", "--version", "libreoffice-calc-nogui"),
        ("pdfinfo", "-v", "poppler-utils"),
        ("pdftotext", "-v", "poppler-utils"),
    ] {
        if !present(program, flag) {
            thads_tests::skip::skipped(
                test,
                "the workbook printed to PDF",
                &format!("{program} is not installed"),
                &format!("apt-get install -y {package} (.ci/run installs it)"),
            );
            return;
        }
    }
    for t in each_backend().await {
        printed(&t).await;
    }
}

/// Writes the province's workbook, converts it and checks the PDF.
async fn printed(t: &TestDb) {
    load_province(&t.db).await;
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("long-an.xlsx");
    std::fs::write(&xlsx, written(t, "LA").await).unwrap();
    // A private profile: parallel runs of LibreOffice do not share (and lock) one.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let out = dir.path().display().to_string();
    run(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            &out,
            &xlsx.display().to_string(),
        ],
    );
    let pdf = dir.path().join("long-an.pdf");
    assert!(Path::new(&pdf).exists(), "no PDF in {out}");
    let pdf = pdf.display().to_string();
    let info = run("pdfinfo", &[&pdf]);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap_or_else(|| panic!("no page count in {info}"));
    assert_eq!(pages, PAGES, "{info}");
    let first = run("pdftotext", &["-f", "1", "-l", "1", &pdf, "-"]);
    for words in [
        "Mẫu số 01/TK-THA",
        "TÍNH BẰNG VIỆC",
        "9 tháng năm 2020",
        "Đơn vị báo cáo: Tỉnh Long An",
    ] {
        assert!(first.contains(words), "{words:?} not on page 1: {first}");
    }
}
