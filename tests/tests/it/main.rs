//! The integration tests of thads: one binary, one module per area.
