//! Reading and checking THADS statistics workbooks, and the batch import driver.

pub mod batch;
