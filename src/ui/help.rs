//! The overlays (`?` keys, `S` files, `M` messages), painted from what
//! `app::overlay` holds and where it places them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::{Theme, put};
use crate::app::overlay::{overlay_lines, overlay_title, place};
use crate::app::{App, Overlay};
use crate::text::grapheme_width;

pub fn render(buf: &mut Buffer, screen: Rect, app: &App, overlay: Overlay, th: Theme) {
    let placed = place(screen, &overlay_lines(app, overlay));
    let area = placed.area;
    Clear.render(area, buf);
    mend_wide_edges(buf, area);
    let rows = placed.page();
    let total = placed.rows.len();
    let scroll = overlay.scroll().min(placed.max_scroll());
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(th.key())
        .title(overlay_title(overlay));
    // Say where the hidden lines are.
    if scroll + rows < total {
        block = block.title_bottom(format!(" ↓ {} more ", total - scroll - rows));
    } else if scroll > 0 {
        block = block.title_bottom(format!(" ↑ {scroll} more "));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    for (r, (k, text)) in placed.rows.iter().skip(scroll).take(rows).enumerate() {
        let y = inner.y + r as u16;
        let x = put(
            buf,
            inner.x + 1,
            y,
            k,
            inner.width.saturating_sub(1),
            th.key(),
        );
        let tx = (inner.x + placed.text_x).max(if k.is_empty() { x } else { x + 1 });
        if tx < inner.right() {
            put(buf, tx, y, text, inner.right() - tx, Style::new());
        }
    }
}

/// A double-width character just left of the popup would be drawn over
/// its border (ratatui issue 2526): blank it. (A character cut by the right
/// edge needs nothing: ratatui 0.30's `Clear` resets its whole cell pair.)
fn mend_wide_edges(buf: &mut Buffer, area: Rect) {
    if area.x <= buf.area.x {
        return;
    }
    for y in area.top()..area.bottom() {
        let cell = &mut buf[(area.x - 1, y)];
        if grapheme_width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}
