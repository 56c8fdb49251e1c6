//! (issue 11) batch: tests come here.

#[allow(unused_imports)]
use super::common;
