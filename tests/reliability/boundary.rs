//! (issue 11) boundary: tests come here.

#[allow(unused_imports)]
use super::common;
