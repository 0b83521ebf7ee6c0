//! The status bar: where you are on the left, what you can do on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{put, theme};
use crate::app::keymap::{BINDINGS, key_name};
use crate::app::{App, Focus};
use crate::text::{sanitize, truncate, width};

pub fn render(buf: &mut Buffer, area: Rect, app: &App) {
    buf.set_style(area, theme::status());
    let mut left = String::from(" ");
    let name = sanitize(&app.input.name);
    left.push_str(&truncate(&name, 30));
    if app.is_empty() {
        left.push_str("  no articles");
    } else {
        left.push_str(&format!("  {}/{}", app.selected + 1, app.len()));
    }
    left.push_str(match app.focus {
        Focus::List => "  list",
        Focus::Detail => "  text",
    });
    if let Some(d) = &app.detail {
        let shown = d.scroll + 1;
        if d.layout.is_complete() {
            let total = d.layout.laid_out();
            let pct = if total <= app.detail_rows() {
                100
            } else {
                (d.scroll + app.detail_rows()) * 100 / total
            };
            left.push_str(&format!("  line {shown}/{total} {}%", pct.min(100)));
        } else {
            left.push_str(&format!("  line {shown}"));
        }
    }
    if let Some(n) = app.count {
        left.push_str(&format!("  {n}…"));
    }
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
    // Hints on the right, as many as fit after the left part.
    let hints: Vec<(String, &str)> = BINDINGS
        .iter()
        .filter_map(|b| b.hint.map(|h| (key_name(&b.keys[0]), h)))
        .collect();
    let mut used: usize = 1;
    let mut fitting = Vec::new();
    for (k, h) in &hints {
        let w = width(k) + 1 + width(h) + 2;
        if usize::from(x - area.x) + used + w > usize::from(area.width) {
            break;
        }
        used += w;
        fitting.push((k, h));
    }
    let mut hx = area.right() - used as u16;
    for (k, h) in fitting {
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
            &format!(" {h}  "),
            area.right() - hx,
            theme::status(),
        );
    }
}
