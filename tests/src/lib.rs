//! Integration tests of thads; the tests live in `tests/`.
pub mod db;
pub mod fixtures;
pub mod national;
pub mod skip;
