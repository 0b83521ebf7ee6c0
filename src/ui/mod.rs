//! Drawing the reader: a function of `&App` into a ratatui buffer. Text
//! arrives laid out and sanitised from `text`; nothing here wraps or
//! measures on its own, so the panes always agree with the layout.

mod detail;
pub use detail::{LinkOnScreen, links_on_screen};
mod diff;
mod help;
mod list;
mod stats;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::app::{App, Focus, too_small};
use crate::text;
pub use theme::Theme;

pub use crate::app::overlay::{help_lines, help_rows, overlay_lines};

/// Draws the whole screen.
pub fn render(frame: &mut Frame<'_>, app: &App, th: Theme) {
    let area = frame.area();
    render_themed(frame.buffer_mut(), area, app, th);
}

/// Draws the whole screen into `buf` (what [`render`] does, for tests and
/// benchmarks that have a buffer but no terminal).
pub fn render_buffer(buf: &mut Buffer, area: Rect, app: &App) {
    render_themed(buf, area, app, Theme::default());
}

/// [`render_buffer`] in theme `t`.
pub fn render_themed(buf: &mut Buffer, area: Rect, app: &App, th: Theme) {
    if too_small(area) {
        render_too_small(buf, area);
        return;
    }
    let panes = app.panes();
    if panes.separator.area() > 0 {
        render_separator(buf, panes.separator, panes.side_by_side, app, th);
    }
    if panes.list.area() > 0 {
        // Side by side, the separator doubles as the list's scrollbar.
        let bar = panes.side_by_side.then_some(panes.separator);
        list::render(buf, panes.list, bar, app, th);
    }
    detail::render(buf, app, th);
    status::render(buf, panes.status, app, th);
    match app.overlay() {
        Some(crate::app::Overlay::Stats) => stats::render(buf, app, th),
        Some(crate::app::Overlay::Diff { scroll }) => diff::render(buf, app, scroll, th),
        Some(overlay) => help::render(buf, area, app, overlay, th),
        None => {}
    }
}

fn render_separator(buf: &mut Buffer, area: Rect, side_by_side: bool, app: &App, th: Theme) {
    let style = th.separator(app.screen().focus() == Focus::Detail);
    if side_by_side {
        for y in area.top()..area.bottom() {
            buf[(area.x, y)].set_symbol("│").set_style(style);
        }
    } else {
        for x in area.left()..area.right() {
            buf[(x, area.y)].set_symbol("─").set_style(style);
        }
    }
}

fn render_too_small(buf: &mut Buffer, area: Rect) {
    const NOTE: &str = "newsdump: make the terminal larger";
    if area.height > 0 {
        let shown = text::truncate(NOTE, usize::from(area.width));
        buf.set_stringn(area.x, area.y, shown, usize::from(area.width), Style::new());
    }
}

/// Marks the search's matches in `text`, drawn at (x, y).
fn highlight(buf: &mut Buffer, x: u16, y: u16, text: &str, search: &crate::app::Search, th: Theme) {
    let right = buf.area.right();
    for r in search.matcher().find_ranges(text) {
        let start = x.saturating_add(text::width(&text[..r.start]) as u16);
        let w = text::width(&text[r.clone()]) as u16;
        if start >= right {
            break;
        }
        buf.set_style(Rect::new(start, y, w.min(right - start), 1), th.matched());
    }
}

/// Puts `s` at (x, y), at most `width` columns, and returns the column
/// after it. Text must already be sanitised.
fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, width: u16, style: Style) -> u16 {
    if width == 0 {
        return x;
    }
    buf.set_stringn(x, y, s, usize::from(width), style).0
}
