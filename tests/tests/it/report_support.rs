//! The data of the report tests: a small province written by hand, and `thads report` run on
//! it. Rows are `(case type, enforceable, resolved)`; money in đồng.
//!
//! | office (short name)      | cases 2020-9       | money 2020-9 | cases 2019-9 | money 2019-9 |
//! |--------------------------|--------------------|--------------|--------------|--------------|
//! | LA-BENLUC (Bến Lức)      | AC 200/110         | AC 5e9/1e9   | AC 100/50    | AC 2e9/1e9   |
//! | LA-CANGIUOC (Cần Giuộc)  | AC 150/120         | AC 4e9/2.5e9 | AC 120/90    | —            |
//! | LA-CUC (Cục THADS …)     | AC 100/70          | AC 10e9/4e9  | AC 100/60    | AC 8e9/4e9   |
//! | LA-DUCHOA (Đức Hòa)      | AC 50/20           | not sent     | —            | —            |
//! | LA-KIENTUONG (Kiến Tường)| AC 80/37           | AC 3e9/0.53e9| AC 80/40     | —            |
//! | LA-TANTRU (Tân Trụ)      | AC 50/40, AV 70/50 | AC 2e9/1.2e9 | AC 100/70    | —            |
//! | LA-THANHHOA (Thạnh Hóa)  | not sent           | not sent     | —            | —            |
//!
//! Targets 2020: LA cases 80, money 38 (inherited by every office); none for 2019.
//!
//! By hand, the province in 2020-9:
//! - cases: enforceable 200+150+100+50+80+120 = 700, resolved 110+120+70+20+37+90 = 447,
//!   rate 447/700 = 63,857…% → "63,86 %"; target 80: 16,142…% below → "16,14 %"; 2019:
//!   500 enforceable, 310 resolved, 62 % → up 1,857… → "1,86 %".
//! - money: enforceable 5+4+10+3+2 = 24 tỷ, resolved 1+2,5+4+0,53+1,2 = 9,23 tỷ, rate
//!   9,23/24 = 38,458…% → "38,46 %"; target 38: 0,458… above → "0,46 %"; 2019: 5 of 10 tỷ,
//!   50 % → down 11,541… → "11,54 %".
//! - rates by office, cases: Đức Hòa 40, Kiến Tường 46,25, Bến Lức 55, Cục 70, Tân Trụ 75,
//!   Cần Giuộc 80 (ranks 6, 5, 4, 3, 2, 1); money: Kiến Tường 17,666… → 17,67, Bến Lức 20,
//!   Cục 40, Tân Trụ 60, Cần Giuộc 62,5 (ranks 5, 4, 3, 2, 1). The four lowest in cases are
//!   Đức Hòa, Kiến Tường, Bến Lức, Cục; in money Tân Trụ is added.
//! - missing: Đức Hòa's money, Thạnh Hóa's both forms; 7 offices expected.
//!
//! Kiến Tường alone: 37/80 = 46,25 %, 33,75 below 80; 2019 40/80 = 50 % → down 3,75; money
//! 530 triệu of 3 tỷ = 17,666… → 17,67 %, 20,333… → 20,33 below 38; no money in 2019.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::import_support::{Run, fixture, thads};
use crate::stats_support::{AC, AV, BN, Row, outcome, store};
use sea_orm::DatabaseConnection;
use thads_domain::Form;
use thads_domain::services::registry::{import_targets_csv, import_units_csv};
use thads_tests::db::TestDb;
use thads_tests::fixtures::{FormValues, Values};

/// The registry: a nation, Long An and seven offices.
const UNITS: &str = "\
code,name,parent,level,aliases
VN,Cả nước,,nation,
LA,Tỉnh Long An,VN,province,
LA-BENLUC,Chi cục Thi hành án dân sự huyện Bến Lức,LA,office,
LA-CANGIUOC,Chi cục Thi hành án dân sự huyện Cần Giuộc,LA,office,
LA-CUC,Cục Thi hành án dân sự tỉnh Long An,LA,office,
LA-DUCHOA,Chi cục Thi hành án dân sự huyện Đức Hòa,LA,office,
LA-KIENTUONG,Chi cục Thi hành án dân sự thị xã Kiến Tường,LA,office,
LA-TANTRU,Chi cục Thi hành án dân sự huyện Tân Trụ,LA,office,
LA-THANHHOA,Chi cục Thi hành án dân sự huyện Thạnh Hóa,LA,office,
";

/// The targets.
const TARGETS: &str = "\
year,unit,measure,rate
2020,LA,cases,80
2020,LA,money,38
";

/// Loads the registry, the targets and every report of the table above.
pub async fn load_province(db: &DatabaseConnection) {
    import_units_csv(db, UNITS.as_bytes()).await.unwrap();
    import_targets_csv(db, TARGETS.as_bytes()).await.unwrap();
    for &(office, period, form, rows) in REPORTS {
        store(db, office, period, form, rows).await;
    }
}

/// One stored report: office, period, form, rows.
type Report = (&'static str, (i32, u8), Form, &'static [Row]);

/// Every report of the table above.
const REPORTS: &[Report] = &[
    ("LA-BENLUC", NOW, Form::Cases, &[(AC, 200, 110)]),
    ("LA-BENLUC", NOW, Form::Money, &[(AC, 5 * BN, BN)]),
    ("LA-CANGIUOC", NOW, Form::Cases, &[(AC, 150, 120)]),
    (
        "LA-CANGIUOC",
        NOW,
        Form::Money,
        &[(AC, 4 * BN, 25 * BN / 10)],
    ),
    ("LA-CUC", NOW, Form::Cases, &[(AC, 100, 70)]),
    ("LA-CUC", NOW, Form::Money, &[(AC, 10 * BN, 4 * BN)]),
    ("LA-DUCHOA", NOW, Form::Cases, &[(AC, 50, 20)]),
    ("LA-KIENTUONG", NOW, Form::Cases, &[(AC, 80, 37)]),
    (
        "LA-KIENTUONG",
        NOW,
        Form::Money,
        &[(AC, 3 * BN, 53 * BN / 100)],
    ),
    ("LA-TANTRU", NOW, Form::Cases, &[(AC, 50, 40), (AV, 70, 50)]),
    ("LA-TANTRU", NOW, Form::Money, &[(AC, 2 * BN, 12 * BN / 10)]),
    ("LA-BENLUC", BEFORE, Form::Cases, &[(AC, 100, 50)]),
    ("LA-BENLUC", BEFORE, Form::Money, &[(AC, 2 * BN, BN)]),
    ("LA-CANGIUOC", BEFORE, Form::Cases, &[(AC, 120, 90)]),
    ("LA-CUC", BEFORE, Form::Cases, &[(AC, 100, 60)]),
    ("LA-CUC", BEFORE, Form::Money, &[(AC, 8 * BN, 4 * BN)]),
    ("LA-KIENTUONG", BEFORE, Form::Cases, &[(AC, 80, 40)]),
    ("LA-TANTRU", BEFORE, Form::Cases, &[(AC, 100, 70)]),
];

/// The period reported on.
const NOW: (i32, u8) = (2020, 9);
/// The same months of the year before.
const BEFORE: (i32, u8) = (2019, 9);

/// What the province's own Mẫu 01 and Mẫu 02 of 2020-9 hold, leaf by leaf: the field-by-field
/// sum of its offices' rows in the table above (a case type no office reported is 0).
pub fn province_values() -> Values {
    let mut values = Values {
        cases: FormValues::zero(Form::Cases),
        money: FormValues::zero(Form::Money),
    };
    for &(_, _, form, rows) in REPORTS.iter().filter(|r| r.1 == NOW) {
        for &(case_type, enforceable, resolved) in rows {
            let leaves = values.form_mut(form);
            let mut leaf = *leaves.leaf(case_type).unwrap();
            leaf.add(&outcome(form, enforceable, resolved));
            assert!(leaves.set_leaf(case_type, leaf));
        }
    }
    values
}

/// `thads report --db URL ARGS…`.
pub async fn report(t: &TestDb, args: &[&str]) -> Run {
    let mut argv = vec!["report", "--db", t.url.as_str()];
    argv.extend_from_slice(args);
    thads(&argv).await
}

/// A committed expected output of `tests/fixtures/report/`.
pub fn expected(name: &str) -> String {
    let path = fixture("report").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `thads report --db URL --year 2020 --months 9 ARGS…`, which must succeed; its stdout.
pub async fn reported(t: &TestDb, args: &[&str]) -> String {
    let run = report(
        t,
        &[&["--year", "2020", "--months", "9"][..], args].concat(),
    )
    .await;
    assert_eq!(run.code, 0, "{args:?}: {run:#?}");
    assert_eq!(run.stderr, "", "{args:?}");
    run.stdout
}
