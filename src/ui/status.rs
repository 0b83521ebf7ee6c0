//! The status bar: where you are on the left, what you can do on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{put, theme};
use crate::app::keymap::{BINDINGS, key_name};
use crate::app::{App, Focus};
use crate::text::{sanitize, truncate, width};

pub fn render(buf: &mut Buffer, area: Rect, app: &App) {
    buf.set_style(area, theme::status());
    // Where you are comes first; the file name gets what room is left.
    let mut at = String::new();
    if app.is_empty() {
        at.push_str("  no articles");
    } else {
        at.push_str(&format!("  {}/{}", app.selected + 1, app.len()));
    }
    at.push_str(match app.focus {
        Focus::List => "  list",
        Focus::Detail => "  text",
    });
    if let Some(d) = &app.detail {
        let shown = d.scroll + 1;
        if d.layout.is_complete() {
            let total = d.layout.laid_out();
            let rows = usize::from(app.panes().detail_text().height);
            let pct = if total <= rows {
                100
            } else {
                (d.scroll + rows) * 100 / total
            };
            at.push_str(&format!("  line {shown}/{total} {}%", pct.min(100)));
        } else {
            at.push_str(&format!("  line {shown}"));
        }
    }
    if let Some(n) = app.count {
        at.push_str(&format!("  {n}…"));
    }
    let name_room = usize::from(area.width)
        .saturating_sub(width(&at) + 1)
        .min(30);
    let name = sanitize(&app.input.name);
    let left = format!(" {}{at}", truncate(&name, name_room));
    let x = put(buf, area.x, area.y, &left, area.width, theme::status());
    if let Some(msg) = &app.message {
        let msg = format!("  {}", sanitize(msg));
        put(
            buf,
            x,
            area.y,
            &msg,
            area.right().saturating_sub(x),
            theme::status().patch(theme::message()),
        );
        return;
    }
    // Hints on the right, as many as fit with two columns to spare after
    // the left part and one at the right edge.
    let mut hints: Vec<(String, &str)> = Vec::new();
    let mut used = 1;
    for b in BINDINGS {
        let Some(h) = b.hint else { continue };
        let k = key_name(&b.keys[0]);
        let w = width(&k) + 1 + width(h) + if hints.is_empty() { 0 } else { 2 };
        if usize::from(x - area.x) + 2 + used + w > usize::from(area.width) {
            break;
        }
        used += w;
        hints.push((k, h));
    }
    let mut hx = area.right() - used as u16;
    for (i, (k, h)) in hints.iter().enumerate() {
        if i > 0 {
            hx = put(buf, hx, area.y, "  ", area.right() - hx, theme::status());
        }
        hx = put(
            buf,
            hx,
            area.y,
            k,
            area.right() - hx,
            theme::status().patch(theme::key()),
        );
        hx = put(
            buf,
            hx,
            area.y,
            &format!(" {h}"),
            area.right() - hx,
            theme::status(),
        );
    }
}
