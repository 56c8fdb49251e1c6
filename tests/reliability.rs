//! Reliability, round 3: what an outside review found in the shared state on disk, the
//! operating-time ledger, token refresh, Batch, files, and the C and 1C boundaries. Each module
//! is one class of defect, tested through the C ABI (or the 1C-style host) against the sandbox
//! or a small hostile server of the test's own. One binary, so the family shares one build.

mod common;

#[path = "reliability/batch.rs"]
mod batch;
#[path = "reliability/boundary.rs"]
mod boundary;
#[path = "reliability/inputs.rs"]
mod inputs;
#[path = "reliability/limit_dir.rs"]
mod limit_dir;
#[path = "reliability/operating.rs"]
mod operating;
#[path = "reliability/tokens.rs"]
mod tokens;
