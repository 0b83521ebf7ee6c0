//! Text for display: column widths, sanitising untrusted text, wrapping.
//!
//! Every width decision in newsdump goes through [`width`] so that layout and
//! rendering agree; it uses the same `unicode-width` version as ratatui.

mod sanitize;
mod wrap;

pub use sanitize::{is_format_control, is_stand_in, sanitize};
pub use wrap::{truncate, width, wrap};
