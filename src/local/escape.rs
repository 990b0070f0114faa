//! Text from requests made safe to print: the crate-wide [`crate::text`] helpers, named here
//! for the local pool's callers.

pub use crate::text::{is_hostile, is_invisible_format, printable};
