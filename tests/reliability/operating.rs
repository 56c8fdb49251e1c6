//! (issue 11) operating: tests come here.

#[allow(unused_imports)]
use super::common;
