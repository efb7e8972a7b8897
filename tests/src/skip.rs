//! Saying that a test skipped something: a database or a browser this machine does not have.
//!
//! Outside CI a skip is allowed and said on the terminal (written to the process's standard
//! error directly, so that the test harness, which keeps a passing test's output to itself,
//! shows it). Under CI (`CI` set to anything but empty or `false`) nothing may be skipped: the
//! test fails, naming what is missing and how `.ci/run` provides it.
#![allow(clippy::panic)] // test harness: a skip under CI fails the test.

use std::io::Write;

/// Whether the tests run under CI.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false")
}

/// Records that `test` skipped `what` because `why`; fails under CI, with `remedy`.
pub fn skipped(test: &str, what: &str, why: &str, remedy: &str) {
    if under_ci() {
        panic!("{test}: CI must run {what}, but {why}: {remedy}");
    }
    // Unbuffered and not captured: the person running the tests sees it whatever happens.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED in {test}: {what} ({why}; {remedy})"
    );
}
