//! Text for display, pure and free of terminal dependencies: column widths,
//! line-break opportunities, wrapping, truncation, sanitising untrusted text
//! and the reading layout of an article.
//!
//! Every width decision in newsdump goes through [`width`] so that layout and
//! rendering agree; it uses the same `unicode-width` version as ratatui.

mod breaks;
mod layout;
mod sanitize;
mod url;
mod width;
mod wrap;

pub use breaks::{break_opportunities, is_no_end, is_no_start};
pub use layout::{
    Anchor, ArticleLayout, DisplayLine, HEADING_MARK, LineSource, Role, Span, reading_time,
};
pub use sanitize::{is_format_control, is_stand_in, sanitize, sanitize_text};
pub use url::checked_url;
pub use width::{TAB_STOP, grapheme_width, width};
pub use wrap::{Line, Wrapper, columns, expand_tabs, truncate, wrap, wrap_lines};
