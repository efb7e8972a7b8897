//! The period sums (`period_sums`), which the statistics read for whole provinces and the
//! nation, equal the current reports' rows added up here, in Rust, per period, form, parent
//! unit and case group, with the offices counted: after imports, a replacement and a rejected
//! file through the real `thads import`, an earlier month imported after the later ones, a
//! direct correction of a row and an office moved under another province, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use crate::api_support::{AC, TANTRU_CASES_AUG, TANTRU_MONEY_AUG, import, load, workbook};
use crate::storage_totals::{from_rows, import_rejected};
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use std::collections::{BTreeMap, HashMap, HashSet};
use thads_domain::entities::{case_types, reports, units};
use thads_domain::{Field, Form};
use thads_tests::db::{TestDb, each_backend};

/// (year, months, form, parent, case group).
type Key = (i32, i32, String, i32, i32);

/// The offices counted (per group, once, each with those that also reported the month
/// before), then every field in `Field::ALL`'s order (`reduced` null on the cases form).
type Sums = BTreeMap<Key, (Vec<i64>, Vec<Option<i64>>)>;

/// The sums added up here from the rows of the current reports.
async fn expected(t: &TestDb) -> Sums {
    let parents: HashMap<i32, i32> = units::Entity::find()
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.parent_id.unwrap_or(u.id)))
        .collect();
    let current: Vec<reports::Model> = reports::Entity::find()
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.is_current)
        .collect();
    let slots: HashSet<(i32, i32, i32, Form)> = current
        .iter()
        .map(|r| (r.unit_id, r.year, r.months, r.form))
        .collect();
    let totals = from_rows(t).await;
    let mut sums = Sums::new();
    for report in &current {
        let before = slots.contains(&(report.unit_id, report.year, report.months - 1, report.form));
        let groups: Vec<(&i32, &Vec<Option<i64>>)> = totals
            .iter()
            .filter(|((id, _), _)| *id == report.id)
            .map(|((_, group), values)| (group, values))
            .collect();
        let first = groups.iter().map(|(g, _)| **g).min();
        for (&group, values) in groups {
            let key = (
                report.year,
                report.months,
                report.form.to_string(),
                parents[&report.unit_id],
                group,
            );
            let (counts, sum) = sums
                .entry(key)
                .or_insert_with(|| (vec![0; 4], vec![Some(0); Field::ALL.len()]));
            let once = Some(group) == first;
            for (count, counted) in counts.iter_mut().zip([true, before, once, once && before]) {
                *count += i64::from(counted);
            }
            for (s, v) in sum.iter_mut().zip(values) {
                *s = s.zip(*v).map(|(s, v)| s + v);
            }
        }
    }
    sums
}

/// The stored sums.
async fn stored(t: &TestDb) -> Sums {
    let counts = [
        "offices",
        "offices_before",
        "offices_once",
        "offices_once_before",
    ];
    let columns: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
    let sql = format!(
        "SELECT year, months, form, unit_id, case_type_id, {}, {} FROM period_sums",
        counts.join(", "),
        columns.join(", ")
    );
    let backend = t.db.get_database_backend();
    let rows =
        t.db.query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap();
    rows.iter()
        .map(|row| {
            let key = (
                row.try_get::<i32>("", "year").unwrap(),
                row.try_get::<i32>("", "months").unwrap(),
                row.try_get::<String>("", "form").unwrap(),
                row.try_get::<i32>("", "unit_id").unwrap(),
                row.try_get::<i32>("", "case_type_id").unwrap(),
            );
            let n = counts
                .iter()
                .map(|c| i64::from(row.try_get::<i32>("", c).unwrap()))
                .collect();
            let values = columns
                .iter()
                .map(|c| row.try_get::<Option<i64>>("", c).unwrap())
                .collect();
            (key, (n, values))
        })
        .collect()
}

/// A unit's id by code.
async fn unit(t: &TestDb, code: &str) -> i32 {
    units::Entity::find()
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.code == code)
        .unwrap()
        .id
}

/// A case type's id by code.
async fn case_type(t: &TestDb, code: &str) -> i32 {
    case_types::Entity::find()
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.code == code)
        .unwrap()
        .id
}

/// The counts of a key, stored.
fn counts(sums: &Sums, key: &Key) -> Vec<i64> {
    sums.get(key)
        .unwrap_or_else(|| panic!("no sums for {key:?}"))
        .0
        .clone()
}

#[tokio::test]
async fn the_period_sums_are_the_current_rows_added_up() {
    for t in each_backend().await {
        let backend = t.backend();
        let files = load(&t).await;
        import_rejected(&t).await;
        let sums = stored(&t).await;
        assert_eq!(sums, expected(&t).await, "{backend}");

        // By hand: Long An's cases of 2020-9 come from Tân Trụ and Bến Lức (replaced once),
        // in the active group; only Tân Trụ reported 2020-8 too.
        let la = unit(&t, "LA").await;
        let active = case_type(&t, "active").await;
        let la_sep = (2020, 9, "cases".to_owned(), la, active);
        assert_eq!(counts(&sums, &la_sep), [2, 1, 2, 1], "{backend}");
        let la_aug = (2020, 8, "cases".to_owned(), la, active);
        assert_eq!(counts(&sums, &la_aug), [1, 0, 1, 0], "{backend}");

        // An earlier month imported after the later ones: 2020-8 now has a month before.
        let july = workbook("LA-TANTRU", (2020, 7), TANTRU_CASES_AUG, TANTRU_MONEY_AUG);
        let outcome = import(&t, files.path(), "tantru-2020-07.xlsx", &july).await;
        assert_eq!(outcome["status"], "imported", "{outcome:#}");
        let sums = stored(&t).await;
        assert_eq!(sums, expected(&t).await, "{backend}");
        assert_eq!(counts(&sums, &la_aug), [1, 1, 1, 1], "{backend}");

        // A correction made directly in the rows is followed at once.
        t.db.execute_unprepared(&format!(
            "UPDATE report_rows SET completed = completed + 3, in_progress = in_progress - 3 \
             WHERE report_id = (SELECT id FROM reports WHERE is_current AND year = 2020 \
             AND months = 9 AND form = 'cases' AND unit_id = {}) \
             AND case_type_id = (SELECT id FROM case_types WHERE code = '{AC}')",
            unit(&t, "LA-TANTRU").await
        ))
        .await
        .unwrap();
        let corrected = stored(&t).await;
        assert_ne!(corrected, sums, "{backend}");
        assert_eq!(corrected, expected(&t).await, "{backend}");

        // An office moved under another province takes its sums along: Tiền Giang's 2020-9
        // now holds Cái Bè's report and Tân Trụ's, of which only Tân Trụ reported 2020-8.
        let tg = unit(&t, "TG").await;
        t.db.execute_unprepared(&format!(
            "UPDATE units SET parent_id = {tg} WHERE code = 'LA-TANTRU'"
        ))
        .await
        .unwrap();
        let moved = stored(&t).await;
        assert_eq!(moved, expected(&t).await, "{backend}");
        assert_eq!(counts(&moved, &la_sep), [1, 0, 1, 0], "{backend}");
        let tg_sep = (2020, 9, "cases".to_owned(), tg, active);
        assert_eq!(counts(&moved, &tg_sep), [2, 1, 2, 1], "{backend}");
        assert!(
            !moved.contains_key(&la_aug),
            "{backend}: Long An had no 2020-8 left"
        );
    }
}
