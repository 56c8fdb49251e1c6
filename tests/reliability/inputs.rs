//! (issue 11) inputs: tests come here.

#[allow(unused_imports)]
use super::common;
