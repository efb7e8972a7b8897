//! `thads report --format csv`: the offices' ranking parsed back and compared with the values
//! computed by hand in `report_support`; missing values are empty cells, not zeros.

use crate::report_support::{load_province, reported};
use thads_tests::db::each_backend;

/// The header, in order.
const HEADER: &str = "code,name,\
cases_enforceable,cases_resolved,cases_rate,cases_target,cases_gap,cases_previous_year_rate,cases_change,\
money_enforceable,money_resolved,money_rate,money_target,money_gap,money_previous_year_rate,money_change,\
rank_cases,rank_money";

/// Every row by hand (see `report_support`), in the order of the header: rates, targets
/// and differences in percent with two decimals; an empty cell where no report gives a value.
const ROWS: [&str; 7] = [
    "LA-BENLUC,Chi cục Thi hành án dân sự huyện Bến Lức,\
     200,110,55.00,80.00,25.00,50.00,5.00,\
     5000000000,1000000000,20.00,38.00,18.00,50.00,-30.00,4,4",
    "LA-CANGIUOC,Chi cục Thi hành án dân sự huyện Cần Giuộc,\
     150,120,80.00,80.00,0.00,75.00,5.00,\
     4000000000,2500000000,62.50,38.00,-24.50,,,1,1",
    "LA-CUC,Cục Thi hành án dân sự tỉnh Long An,\
     100,70,70.00,80.00,10.00,60.00,10.00,\
     10000000000,4000000000,40.00,38.00,-2.00,50.00,-10.00,3,3",
    "LA-DUCHOA,Chi cục Thi hành án dân sự huyện Đức Hòa,\
     50,20,40.00,80.00,40.00,,,\
     ,,,38.00,,,,6,",
    "LA-KIENTUONG,Chi cục Thi hành án dân sự thị xã Kiến Tường,\
     80,37,46.25,80.00,33.75,50.00,-3.75,\
     3000000000,530000000,17.67,38.00,20.33,,,5,5",
    "LA-TANTRU,Chi cục Thi hành án dân sự huyện Tân Trụ,\
     120,90,75.00,80.00,5.00,70.00,5.00,\
     2000000000,1200000000,60.00,38.00,-22.00,,,2,2",
    "LA-THANHHOA,Chi cục Thi hành án dân sự huyện Thạnh Hóa,\
     ,,,80.00,,,,\
     ,,,38.00,,,,,",
];

#[tokio::test]
async fn the_ranking_parsed_back() {
    for t in each_backend().await {
        load_province(&t.db).await;
        let csv = reported(&t, &["--unit", "LA", "--format", "csv"]).await;
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header.join(","), HEADER);
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let expected: Vec<Vec<String>> = ROWS
            .iter()
            .map(|r| r.split(',').map(String::from).collect())
            .collect();
        assert_eq!(rows, expected);
    }
}
