//! The detail pane: the selected article's layout, the visible lines only.

use ratatui::buffer::Buffer;

use super::{put, theme};
use crate::app::{App, Search};
use crate::text::{Role, columns};

pub fn render(buf: &mut Buffer, app: &App) {
    let area = app.panes().detail_text();
    if area.area() == 0 {
        return;
    }
    let Some(detail) = &app.detail else {
        let note = if app.is_empty() {
            "This dump holds no article."
        } else {
            ""
        };
        put(buf, area.x, area.y, note, area.width, theme::list_meta());
        return;
    };
    let (x, w) = (area.x, area.width);
    for (r, i) in (detail.scroll..).take(usize::from(area.height)).enumerate() {
        let Some(line) = detail.layout.line(i) else {
            break;
        };
        let y = area.y + r as u16;
        let mut cx = x;
        for span in &line.spans {
            let right = x + w;
            cx = put(
                buf,
                cx,
                y,
                &span.text,
                right.saturating_sub(cx),
                theme::role(span.role),
            );
        }
    }
    if let Some(s) = app.search.as_ref().filter(|s| s.is_hit(detail.article)) {
        highlight_matches(buf, area, app, s);
    }
}

/// Marks the search's matches in the visible lines. Matches are found in
/// each block's whole text, so one that wraps onto the next line is marked
/// on both; the meta line is left alone (dates are not searched).
fn highlight_matches(buf: &mut Buffer, area: ratatui::layout::Rect, app: &App, search: &Search) {
    let Some(detail) = &app.detail else { return };
    let layout = &detail.layout;
    // Matches of the block being drawn, found once per block.
    let mut block: Option<(usize, Vec<std::ops::Range<usize>>)> = None;
    for (r, i) in (detail.scroll..).take(usize::from(area.height)).enumerate() {
        let Some(src) = layout.line_source(i) else {
            if i >= layout.laid_out() {
                break;
            }
            continue;
        };
        if src.role == Role::Meta {
            continue;
        }
        if block.as_ref().is_none_or(|(b, _)| *b != src.block) {
            let text = layout.block_text(src.block);
            block = Some((src.block, search.matcher.find_ranges(text).collect()));
        }
        let (b, ranges) = block.as_ref().expect("set above");
        let text = layout.block_text(*b);
        let y = area.y + r as u16;
        for m in ranges {
            let start = m.start.max(src.range.start);
            let end = m.end.min(src.range.end);
            if start >= end {
                continue;
            }
            let col = src.indent + columns(&text[src.range.start..start]);
            let w = columns(&text[src.range.start..end]) + src.indent - col;
            let x0 = area.x.saturating_add(col as u16);
            if x0 >= area.right() {
                continue;
            }
            let w = (w as u16).min(area.right() - x0);
            buf.set_style(ratatui::layout::Rect::new(x0, y, w, 1), theme::matched());
        }
    }
}
