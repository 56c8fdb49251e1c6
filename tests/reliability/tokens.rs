//! (issue 11) tokens: tests come here.

#[allow(unused_imports)]
use super::common;
