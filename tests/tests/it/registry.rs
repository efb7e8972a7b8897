//! The unit registry and the yearly targets, loaded from CSV on both databases: all of a file
//! or nothing, every bad line reported with its number.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use sea_orm::{EntityTrait, PaginatorTrait};
use thads_domain::entities::{targets, unit_aliases};
use thads_domain::services::registry::{
    TargetsImported, UnitsImported, import_targets_csv, import_units_csv, load_units,
};
use thads_domain::{DomainError, Form, UnitLevel};
use thads_tests::db::{TestDb, each_backend};

const UNITS_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/real/units.csv");

fn example_units() -> Vec<u8> {
    std::fs::read(UNITS_CSV).expect("tests/fixtures/real/units.csv")
}

/// The line numbers of a registry error.
fn bad_lines(result: Result<impl std::fmt::Debug, DomainError>) -> Vec<u64> {
    match result {
        Err(DomainError::Registry(problems)) => problems.iter().map(|p| p.line).collect(),
        other => panic!("expected bad lines, got {other:?}"),
    }
}

async fn load_example(t: &TestDb) {
    import_units_csv(&t.db, example_units().as_slice())
        .await
        .expect("the example units load");
}

#[tokio::test]
async fn the_example_units_load_once_and_then_change_nothing() {
    for t in each_backend().await {
        let first = import_units_csv(&t.db, example_units().as_slice())
            .await
            .unwrap();
        assert_eq!(
            first,
            UnitsImported {
                created: 17,
                updated: 0,
                unchanged: 0
            },
            "{}",
            t.backend()
        );
        let units = load_units(&t.db).await.unwrap();
        assert_eq!(units.len(), 17);
        let kt = units.iter().find(|u| u.code == "LA-KIENTUONG").unwrap();
        assert_eq!(kt.name, "Chi cục Thi hành án dân sự thị xã Kiến Tường");
        assert_eq!(kt.parent.as_deref(), Some("LA"));
        assert_eq!(kt.level, UnitLevel::Office);
        assert_eq!(kt.aliases, vec!["TX Kiến Tường", "thị xã Kiến Tường"]);
        let la = units.iter().find(|u| u.code == "LA").unwrap();
        assert_eq!(
            (la.parent.as_deref(), la.level),
            (None, UnitLevel::Province)
        );

        let again = import_units_csv(&t.db, example_units().as_slice())
            .await
            .unwrap();
        assert_eq!(
            again,
            UnitsImported {
                created: 0,
                updated: 0,
                unchanged: 17
            }
        );
        assert_eq!(load_units(&t.db).await.unwrap(), units, "{}", t.backend());
        let aliases = unit_aliases::Entity::find().count(&t.db).await.unwrap();
        assert_eq!(aliases, 20);
    }
}

#[tokio::test]
async fn a_changed_file_updates_units_in_place() {
    for t in each_backend().await {
        load_example(&t).await;
        let csv = "code,name,parent,level,aliases\n\
                   LA-KIENTUONG,Phòng Thi hành án dân sự khu vực Kiến Tường,LA,office,Kiến Tường\n\
                   LA-TANAN,Chi cục Thi hành án dân sự thành phố Tân An,LA,office,TP Tân An|thành phố Tân An\n\
                   VN,Việt Nam,,nation,\n";
        let outcome = import_units_csv(&t.db, csv.as_bytes()).await.unwrap();
        assert_eq!(
            outcome,
            UnitsImported {
                created: 1,
                updated: 1,
                unchanged: 1
            }
        );
        let units = load_units(&t.db).await.unwrap();
        let kt = units.iter().find(|u| u.code == "LA-KIENTUONG").unwrap();
        assert_eq!(kt.name, "Phòng Thi hành án dân sự khu vực Kiến Tường");
        assert_eq!(kt.aliases, vec!["Kiến Tường"]);
        // A province moves under the nation.
        let csv = "code,name,parent,level,aliases\nLA,Tỉnh Long An,VN,province,Long An\n";
        let outcome = import_units_csv(&t.db, csv.as_bytes()).await.unwrap();
        assert_eq!(
            outcome,
            UnitsImported {
                created: 0,
                updated: 1,
                unchanged: 0
            }
        );
        let units = load_units(&t.db).await.unwrap();
        let la = units.iter().find(|u| u.code == "LA").unwrap();
        assert_eq!(la.parent.as_deref(), Some("VN"));
    }
}

#[tokio::test]
async fn parents_may_follow_children_and_names_may_repeat_elsewhere() {
    for t in each_backend().await {
        // A BOM, parents after children, the same district name in two provinces.
        let csv = "\u{feff}code,name,parent,level,aliases\n\
                   A-CT,Chi cục THADS huyện Châu Thành,A,office,huyện Châu Thành\n\
                   B-CT,Chi cục THADS huyện Châu Thành,B,office,huyện Châu Thành\n\
                   A,Tỉnh A,VN,province,\n\
                   B,Tỉnh B,VN,province,\n\
                   VN,Việt Nam,,nation,\n";
        let outcome = import_units_csv(&t.db, csv.as_bytes()).await.unwrap();
        assert_eq!(outcome.created, 5, "{}", t.backend());
        let units = load_units(&t.db).await.unwrap();
        let codes: Vec<_> = units.iter().map(|u| u.code.as_str()).collect();
        assert_eq!(codes, vec!["A", "A-CT", "B", "B-CT", "VN"]);
    }
}

/// Each bad file, the lines it must be refused for.
const BAD_UNIT_FILES: &[(&str, &str, &[u64])] = &[
    (
        "unknown parent",
        "code,name,parent,level,aliases\nA,Tỉnh A,,province,\nA-1,huyện Một,XX,office,\n",
        &[3],
    ),
    (
        "unknown level",
        "code,name,parent,level,aliases\nA,Tỉnh A,,province,\nA-1,huyện Một,A,district,\n",
        &[3],
    ),
    (
        "a cycle",
        "code,name,parent,level,aliases\nA,Tỉnh A,B,province,\nB,Tỉnh B,A,province,\nC,Tỉnh C,,province,\n",
        &[2, 3],
    ),
    (
        "an office under an office",
        "code,name,parent,level,aliases\nA,Tỉnh A,,province,\nA-1,huyện Một,A,office,\nA-2,huyện Hai,A-1,office,\n",
        &[4],
    ),
    (
        "a province under a province",
        "code,name,parent,level,aliases\nA,Tỉnh A,,province,\nB,Tỉnh B,A,province,\n",
        &[3],
    ),
    (
        "an office without a parent",
        "code,name,parent,level,aliases\nA-1,huyện Một,,office,\n",
        &[2],
    ),
    (
        "a duplicate code",
        "code,name,parent,level,aliases\nA,Tỉnh A,,province,\nA-1,huyện Một,A,office,\nA-1,huyện Hai,A,office,\n",
        &[4],
    ),
    (
        "an empty code and an empty name",
        "code,name,parent,level,aliases\nA,Tỉnh A,,province,\n,huyện Một,A,office,\nA-2,,A,office,\n",
        &[3, 4],
    ),
    (
        "an alias that reads as another unit's name under the same parent",
        "code,name,parent,level,aliases\nA,Tỉnh A,,province,\nA-1,Chi cục THADS thị xã Một,A,office,\nA-2,huyện Hai,A,office,TX. Một\n",
        &[4],
    ),
    (
        "too many fields",
        "code,name,parent,level,aliases\nA,Tỉnh A,,province,,extra\n",
        &[2],
    ),
    (
        "a wrong header",
        "code,name,parent,kind,aliases\nA,Tỉnh A,,province,\n",
        &[1, 1],
    ),
];

#[tokio::test]
async fn every_bad_line_is_reported_with_its_number_and_nothing_is_written() {
    for t in each_backend().await {
        for (case, csv, lines) in BAD_UNIT_FILES {
            let result = import_units_csv(&t.db, csv.as_bytes()).await;
            assert_eq!(&bad_lines(result), lines, "{case} on {}", t.backend());
            assert_eq!(load_units(&t.db).await.unwrap(), vec![], "{case}");
        }
    }
}

#[tokio::test]
async fn all_problems_of_a_file_come_at_once_and_the_registry_counts() {
    for t in each_backend().await {
        load_example(&t).await;
        let before = load_units(&t.db).await.unwrap();
        let csv = "code,name,parent,level,aliases\n\
                   LA-NEW,Chi cục THADS huyện Mới,LA,office,TX Kiến Tường\n\
                   LA-CUC,Cục THADS tỉnh Long An,LA,district,\n\
                   LA-X,huyện X,LA-NEW,office,\n\
                   LA-TANAN,Chi cục THADS thành phố Tân An,LA,province,\n";
        let result = import_units_csv(&t.db, csv.as_bytes()).await;
        let Err(e @ DomainError::Registry(_)) = result else {
            panic!("expected bad lines, got {result:?}");
        };
        let text = e.to_string();
        assert!(text.starts_with("nothing was written: "), "{text}");
        let lines: Vec<&str> = text.lines().skip(1).collect();
        // Line 2 clashes with LA-KIENTUONG of the registry; line 5 puts a province under one.
        assert!(
            lines[0].starts_with("line 2: alias \"TX Kiến Tường\" of LA-NEW"),
            "{text}"
        );
        assert!(
            lines[0].contains("LA-KIENTUONG (in the registry)"),
            "{text}"
        );
        assert!(
            lines[1].starts_with("line 3: unknown level \"district\""),
            "{text}"
        );
        assert!(
            lines[2].starts_with("line 4: an office belongs to a province"),
            "{text}"
        );
        assert!(
            lines[3].starts_with("line 5: a province belongs to the nation"),
            "{text}"
        );
        assert_eq!(lines.len(), 4, "{text}");
        assert_eq!(load_units(&t.db).await.unwrap(), before, "{}", t.backend());
    }
}

#[tokio::test]
async fn targets_load_and_update_in_place() {
    for t in each_backend().await {
        load_example(&t).await;
        let csv = "year,unit,measure,rate\n2020,LA,cases,80\n2020,LA,money,38\n2020,LA-TANTRU,money,\"40,5\"\n";
        let first = import_targets_csv(&t.db, csv.as_bytes()).await.unwrap();
        assert_eq!(
            first,
            TargetsImported {
                created: 3,
                updated: 0,
                unchanged: 0
            }
        );
        let again = import_targets_csv(&t.db, csv.as_bytes()).await.unwrap();
        assert_eq!(
            again,
            TargetsImported {
                created: 0,
                updated: 0,
                unchanged: 3
            }
        );
        let csv = "year,unit,measure,rate\n2020,LA,cases,82.5\n2021,LA,cases,85\n";
        let changed = import_targets_csv(&t.db, csv.as_bytes()).await.unwrap();
        assert_eq!(
            changed,
            TargetsImported {
                created: 1,
                updated: 1,
                unchanged: 0
            }
        );
        let mut rates: Vec<(i32, Form, f64)> = targets::Entity::find()
            .all(&t.db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.year, m.measure, m.rate))
            .collect();
        rates.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let expected = vec![
            (2020, Form::Cases, 82.5),
            (2020, Form::Money, 38.0),
            (2020, Form::Money, 40.5),
            (2021, Form::Cases, 85.0),
        ];
        assert_eq!(rates, expected, "{}", t.backend());
    }
}

#[tokio::test]
async fn bad_targets_are_all_reported_and_nothing_is_written() {
    for t in each_backend().await {
        load_example(&t).await;
        let csv = "year,unit,measure,rate\n\
                   2020,LA,cases,80\n\
                   2020,XX,cases,80\n\
                   2020,LA,people,80\n\
                   2020,LA,money,120\n\
                   2020,LA,money,abc\n\
                   1800,LA,money,50\n\
                   2020,LA,cases,81\n\
                   2020,LA-CUC,money,-1\n";
        let result = import_targets_csv(&t.db, csv.as_bytes()).await;
        assert_eq!(
            bad_lines(result),
            vec![3, 4, 5, 6, 7, 8, 9],
            "{}",
            t.backend()
        );
        assert_eq!(targets::Entity::find().count(&t.db).await.unwrap(), 0);
    }
}
