//! (issue 11) limit_dir: tests come here.

#[allow(unused_imports)]
use super::common;
