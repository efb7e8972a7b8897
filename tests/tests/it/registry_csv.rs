//! The registry files' own form, as `thads units import` and `thads targets import` report it:
//! a quoted field that is never closed is named on the line of its quote (the csv crate reads
//! it silently to the end of the file: the unit's level was then reported as `unknown level
//! ""`), and every line is the file's own, in files saved with CRLF line ends (Excel on
//! Windows) and across blank lines too. Nothing is written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::import_support::{Run, load_units, thads};
use thads_domain::services::registry::load_units as stored_units;
use thads_tests::db::{TestDb, each_backend};

/// Runs `thads units|targets import` on a file holding `text`.
async fn registry_file(t: &TestDb, what: &str, text: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{what}.csv"));
    std::fs::write(&path, text).unwrap();
    thads(&[what, "import", &path.display().to_string(), "--db", &t.url]).await
}

#[tokio::test]
async fn an_unclosed_quote_is_named_on_its_line() {
    for t in each_backend().await {
        let backend = t.backend();
        load_units(&t).await;
        let before = stored_units(&t.db).await.unwrap();
        let units = "code,name,parent,level,aliases\n\
                     LA-MOT,Chi cục Một,LA,office,\n\
                     LA-HAI,\"Chi cục Hai,LA,office,\n\
                     LA-BA,Chi cục Ba,LA,office,\n";
        let run = registry_file(&t, "units", units).await;
        assert_eq!(run.code, 2, "{backend}: {run:#?}");
        assert_eq!(
            run.stderr,
            "error: nothing was written: 1 line has a problem\n\
             line 3: a quoted field opened here is never closed\n",
            "{backend}"
        );
        let targets = "year,unit,measure,rate\r\n2021,LA,cases,80\r\n\r\n2021,LA,money,\"38\r\n";
        let run = registry_file(&t, "targets", targets).await;
        assert_eq!(run.code, 2, "{backend}: {run:#?}");
        assert_eq!(
            run.stderr,
            "error: nothing was written: 1 line has a problem\n\
             line 4: a quoted field opened here is never closed\n",
            "{backend}"
        );
        assert_eq!(stored_units(&t.db).await.unwrap(), before, "{backend}");
    }
}

#[tokio::test]
async fn lines_are_the_files_own_with_crlf_and_blank_lines() {
    for t in each_backend().await {
        let backend = t.backend();
        load_units(&t).await;
        let before = stored_units(&t.db).await.unwrap();
        let units = "code,name,parent,level,aliases\r\n\
                     \r\n\
                     LA-MOT,Chi cục Một,LA,office,\r\n\
                     LA-HAI,Chi cục Hai,LA,district,\r\n\
                     \r\n\
                     LA-BA,Chi cục Ba,LA,office,,extra\r\n\
                     LA-BON,\"Chi cục \r\nBốn\",LA,office,\r\n\
                     LA-NAM,Chi cục Năm,XX,office,\r\n";
        let run = registry_file(&t, "units", units).await;
        assert_eq!(run.code, 2, "{backend}: {run:#?}");
        assert_eq!(
            run.stderr,
            "error: nothing was written: 4 problems\n\
             line 4: unknown level \"district\": expected nation, province or office\n\
             line 6: 6 fields, but the header names 5\n\
             line 7: name contains a control character (U+000D) at position 9\n\
             line 9: unknown parent XX: not in this file nor in the registry\n",
            "{backend}"
        );
        assert_eq!(stored_units(&t.db).await.unwrap(), before, "{backend}");
    }
}
