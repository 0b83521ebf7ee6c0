//! The detail pane: the selected article's layout, the visible lines only.

use ratatui::buffer::Buffer;

use super::{Theme, put};
use crate::app::{App, Search};
use crate::text::{Role, columns};

pub fn render(buf: &mut Buffer, app: &App, th: Theme) {
    let area = app.panes().detail_text();
    if area.area() == 0 {
        return;
    }
    let Some(detail) = app.detail() else {
        let note = if app.is_empty() && app.view().is_narrowed() {
            "No article matches."
        } else if app.is_empty() {
            "This dump holds no article."
        } else {
            ""
        };
        put(buf, area.x, area.y, note, area.width, th.list_meta());
        return;
    };
    let (x, w) = (area.x, area.width);
    for (r, i) in (detail.scroll()..)
        .take(usize::from(area.height))
        .enumerate()
    {
        let Some(line) = detail.layout().line(i) else {
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
                th.role(span.role),
            );
        }
    }
    dim_boilerplate(buf, area, app, th);
    if let Some(s) = app.search().filter(|s| s.is_hit(detail.article())) {
        highlight_matches(buf, area, app, s, th);
    }
}

/// Dims the body's lines that recur across the scrape (copyright,
/// `责任编辑`, navigation): they are there, but they are not the article.
fn dim_boilerplate(buf: &mut Buffer, area: ratatui::layout::Rect, app: &App, th: Theme) {
    let (Some(detail), Some(a)) = (app.detail(), app.analysis()) else {
        return;
    };
    if a.boilerplate.is_empty() {
        return;
    }
    let layout = detail.layout();
    for (r, _, src) in visible_sources(detail, area.height) {
        // A short line of a lead may be taken for a heading.
        if !matches!(src.role, Role::Body | Role::Heading)
            || !a.boilerplate.is_boilerplate(layout.block_text(src.block))
        {
            continue;
        }
        let y = area.y + r as u16;
        buf.set_style(
            ratatui::layout::Rect::new(area.x, y, area.width, 1),
            th.boilerplate(),
        );
    }
}

/// A run of a link line on screen: where it is drawn, as what, and the
/// URL it stands for (the whole line's, when a long one wraps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOnScreen {
    /// The first column.
    pub x: u16,
    /// The row.
    pub y: u16,
    /// The text drawn there (sanitised by the layout).
    pub text: String,
    /// The URL, safe to hand on (`text::checked_url`).
    pub url: String,
}

/// The link lines' runs in the text pane, when nothing is drawn over
/// them: for the event loop to make them OSC 8 hyperlinks.
pub fn links_on_screen(app: &App) -> Vec<LinkOnScreen> {
    let mut out = Vec::new();
    let area = app.panes().detail_text();
    let Some(detail) = app.detail().filter(|_| app.overlay().is_none()) else {
        return out;
    };
    // Matches are marked over links: drawing the links again would
    // unmark them.
    if app.search().is_some_and(|s| s.is_hit(detail.article())) {
        return out;
    }
    let layout = detail.layout();
    for (r, i, src) in visible_sources(detail, area.height) {
        if src.role != Role::Link {
            continue;
        }
        // A stand-in is a control in the file: `o` refuses the raw URL,
        // so no click may open it either.
        let raw = layout.block_text(src.block);
        if raw.chars().any(crate::text::is_stand_in) {
            continue;
        }
        let Ok(url) = crate::text::checked_url(raw) else {
            continue;
        };
        let Some(line) = layout.line(i) else { continue };
        let text: String = line
            .spans
            .iter()
            .filter(|s| s.role == Role::Link)
            .map(|s| s.text.as_ref())
            .collect();
        if text.is_empty() || src.indent + columns(&text) > usize::from(area.width) {
            continue;
        }
        out.push(LinkOnScreen {
            x: area.x + src.indent as u16,
            y: area.y + r as u16,
            text,
            url: url.to_string(),
        });
    }
    out
}

/// The lines on screen that come from the text, with their row (from the
/// pane's top), index and source; blank lines between blocks have none.
fn visible_sources(
    detail: &crate::app::Detail,
    height: u16,
) -> impl Iterator<Item = (usize, usize, crate::text::LineSource)> + '_ {
    let layout = detail.layout();
    (detail.scroll()..)
        .take(usize::from(height))
        .enumerate()
        .take_while(move |&(_, i)| i < layout.laid_out() || layout.line_source(i).is_some())
        .filter_map(move |(r, i)| layout.line_source(i).map(|s| (r, i, s)))
}

/// Marks the search's matches in the visible lines. Matches are looked
/// for in the block's text around each line, so one that wraps onto the
/// next line is marked on both, and a 20 MB paragraph costs what the
/// screen shows; the meta line is left alone (dates are not searched).
fn highlight_matches(
    buf: &mut Buffer,
    area: ratatui::layout::Rect,
    app: &App,
    search: &Search,
    th: Theme,
) {
    /// Bytes of context on either side of a line: matches longer than
    /// this that cross the line's edge are marked on the line they start.
    const CONTEXT: usize = 1024;
    let Some(detail) = app.detail() else { return };
    let layout = detail.layout();
    for (r, _, src) in visible_sources(detail, area.height) {
        if src.role == Role::Meta {
            continue;
        }
        let text = layout.block_text(src.block);
        let mut lo = src.range.start.saturating_sub(CONTEXT);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (src.range.end + CONTEXT).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let y = area.y + r as u16;
        for m in search.matcher().find_ranges(&text[lo..hi]) {
            let start = (m.start + lo).max(src.range.start);
            let end = (m.end + lo).min(src.range.end);
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
            buf.set_style(ratatui::layout::Rect::new(x0, y, w, 1), th.matched());
        }
    }
}
