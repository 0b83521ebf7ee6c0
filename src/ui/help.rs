//! The `?` overlay: every key, from the keymap's own table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::{put, theme};
use crate::app::keymap::{BINDINGS, EXTRA_HELP, key_name};
use crate::text::{grapheme_width, width};

/// The help's lines: keys and what they do.
pub fn help_lines() -> Vec<(String, &'static str)> {
    let mut lines: Vec<(String, &'static str)> = BINDINGS
        .iter()
        .map(|b| {
            (
                b.keys.iter().map(key_name).collect::<Vec<_>>().join(" "),
                b.help,
            )
        })
        .collect();
    lines.extend(EXTRA_HELP.iter().map(|(k, h)| (k.to_string(), *h)));
    lines
}

pub fn render(buf: &mut Buffer, screen: Rect, scroll: usize) {
    let lines = help_lines();
    let key_w = lines.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let text_w = lines.iter().map(|(_, h)| width(h)).max().unwrap_or(0);
    let want_w = (key_w + 2 + text_w + 4) as u16;
    let w = want_w
        .min(screen.width.saturating_sub(2))
        .max(10.min(screen.width));
    let h = (lines.len() as u16 + 2)
        .min(screen.height.saturating_sub(1))
        .max(3.min(screen.height));
    let area = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height.saturating_sub(1) - h.min(screen.height - 1)) / 2,
        w,
        h,
    );
    Clear.render(area, buf);
    mend_wide_edges(buf, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::key())
        .title(" keys · ? or Esc closes ");
    let inner = block.inner(area);
    block.render(area, buf);
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    for (r, (k, desc)) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + r as u16;
        let x = put(
            buf,
            inner.x + 1,
            y,
            k,
            inner.width.saturating_sub(1),
            theme::key(),
        );
        let pad = (inner.x + 1 + key_w as u16 + 2).max(x + 1);
        if pad < inner.right() {
            put(buf, pad, y, desc, inner.right() - pad, Style::new());
        }
    }
}

/// A double-width character just left of the popup would be drawn over
/// its border, and the right half of one cut by the popup's right edge
/// would be left dangling (ratatui issue 2526): blank them.
fn mend_wide_edges(buf: &mut Buffer, area: Rect) {
    for y in area.top()..area.bottom() {
        if area.x > buf.area.x {
            let cell = &mut buf[(area.x - 1, y)];
            if grapheme_width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
        let right = area.right();
        if right < buf.area.right() {
            let cell = &mut buf[(right, y)];
            // A continuation cell holds an empty symbol.
            if cell.symbol().is_empty() {
                cell.set_symbol(" ");
            }
        }
    }
}
