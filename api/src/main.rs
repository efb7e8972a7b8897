//! thads
fn main() {}
