//! The detail pane: the selected article's layout, the visible lines only.

use ratatui::buffer::Buffer;

use super::{put, theme};
use crate::app::App;

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
        if let Some(s) = app.search.as_ref().filter(|s| s.is_hit(detail.article)) {
            super::highlight(buf, x, y, &line.plain(), s);
        }
    }
}
