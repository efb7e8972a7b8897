//! Integration tests of thads; the tests live in `tests/`.
