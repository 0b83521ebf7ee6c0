//! The list pane: one row per article, only the rows on screen built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};

use super::{Theme, put};
use crate::app::{App, Focus};
use crate::dump::Article;
use crate::text::{sanitize, truncate, width};

/// Width of the date column: `YYYY-MM-DD`.
const DATE_WIDTH: usize = 10;
/// Widest source column: five Chinese characters.
const SOURCE_WIDTH: usize = 10;

/// Draws the list into `area`; `bar` is where its scrollbar goes: the
/// separator column when the panes sit side by side, else the list's own
/// last column.
pub fn render(buf: &mut Buffer, area: Rect, bar: Option<Rect>, app: &App, th: Theme) {
    let rows = usize::from(area.height);
    let view = app.view();
    let focus = app.screen().focus();
    let scrolls = app.len() > rows;
    let own_bar = scrolls && bar.is_none() && area.width > 4;
    let row_width = area.width - u16::from(own_bar);
    for (r, row) in (view.list_offset()..app.len()).take(rows).enumerate() {
        let y = area.y + r as u16;
        let Some(ordinal) = app.article_of(row) else {
            break;
        };
        let selected = row == view.selected();
        let in_range = app.visual_rows().is_some_and(|r| r.contains(&row));
        let base = if !selected {
            if in_range {
                th.in_range()
            } else {
                Style::new()
            }
        } else if focus == Focus::List {
            th.selected()
        } else {
            th.selected_unfocused()
        };
        // Fill the row first, so the highlight spans it.
        buf.set_style(Rect::new(area.x, y, row_width, 1), base);
        let drawn = app.corpus().with_article(ordinal, |a| {
            render_row(
                buf,
                Rect::new(area.x, y, row_width, 1),
                ordinal,
                &a,
                base,
                app,
                th,
            );
        });
        if drawn.is_none() {
            // A file gone from disk since it was indexed.
            put(
                buf,
                area.x + 2,
                y,
                "(unreadable)",
                row_width.saturating_sub(2),
                base.patch(th.untitled()),
            );
        }
    }
    if scrolls && (own_bar || bar.is_some()) {
        let bar_area = bar.unwrap_or(area);
        let focused = focus == Focus::Detail;
        let mut state =
            ScrollbarState::new(app.len().saturating_sub(rows) + 1).position(view.list_offset());
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .thumb_symbol("┃")
            .track_style(th.separator(focused))
            .thumb_style(th.separator(true))
            .render(bar_area, buf, &mut state);
    }
}

/// The file an article comes from, when the list shows files.
fn file_column(app: &App, ordinal: usize) -> String {
    let corpus = app.corpus();
    if !app.view().shows_files() || !corpus.is_multi() {
        return String::new();
    }
    corpus
        .doc_of(ordinal)
        .map(|d| corpus.file_name(d))
        .unwrap_or_default()
}

/// Widest file column: the end of a path says most (`05/01/12_ab.txt`).
const FILE_WIDTH: usize = 24;

/// The last columns of `s` that fit `w`, after a `…` when cut.
fn tail(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut kept = String::new();
    let mut used = 1;
    for g in unicode_segmentation::UnicodeSegmentation::graphemes(s, true).rev() {
        let gw = width(g);
        if used + gw > w {
            break;
        }
        used += gw;
        kept.insert_str(0, g);
    }
    format!("…{kept}")
}

/// `mark title … file source date`, columns dropped as the pane narrows.
fn render_row(
    buf: &mut Buffer,
    row: Rect,
    ordinal: usize,
    a: &Article<'_>,
    base: Style,
    app: &App,
    th: Theme,
) {
    let w = usize::from(row.width);
    let file = file_column(app, ordinal);
    let search = app.search();
    // A mark column: `•` for an article the search found.
    let hit = search.is_some_and(|s| s.is_hit(a.id() - 1));
    let mark = if hit { "•" } else { " " };
    let mut x = put(buf, row.x, row.y, mark, row.width, base);
    x = gutter(buf, x, row, ordinal, app, base, th);
    x = put(buf, x, row.y, " ", row.right().saturating_sub(x), base);
    // Four bytes a column is more than any character needs.
    let (title, untitled) = a.display_title_head(4 * w + 16);
    let title = sanitize(&title);
    // A record's site or time can be any length: a row shows a few columns.
    let head = |b: &[u8]| -> String { crate::dump::lossy_head(b, 256) };
    let (source, date) = match a.stamp_bytes() {
        Some([s, t, _]) => (
            sanitize(&head(s)).into_owned(),
            if t.is_ascii() {
                // The date of a date-time.
                sanitize(&String::from_utf8_lossy(&t[..t.len().min(DATE_WIDTH)])).into_owned()
            } else {
                // A record's time that did not parse: text of any width.
                truncate(&sanitize(&head(t)), DATE_WIDTH).into_owned()
            },
        ),
        None => (String::new(), String::new()),
    };
    // Right-hand columns, as room allows: date from 36 columns, source
    // from 50.
    let mut right = String::new();
    if !file.is_empty() && w >= 40 {
        let file_w = FILE_WIDTH.min(w / 4);
        let f = tail(&file, file_w);
        right.push_str(&f);
        right.push_str(&" ".repeat(file_w - width(&f) + 1));
    }
    if w >= 50 {
        let source_w = if w >= 54 {
            SOURCE_WIDTH
        } else {
            SOURCE_WIDTH - 2
        };
        let s = truncate(&source, source_w);
        right.push_str(&" ".repeat(source_w - width(&s)));
        right.push_str(&s);
        right.push(' ');
    }
    // `×N`: the article has copies (N in its group, itself too).
    if let Some(n) = app.group_size(ordinal).filter(|_| w >= 30) {
        right.insert_str(0, &format!("×{n} "));
    }
    if w >= 36 {
        right.push_str(&date);
        right.push_str(&" ".repeat(DATE_WIDTH.saturating_sub(width(&date))));
        right.push(' ');
    }
    let right_w = width(&right);
    let title_w = (row.right().saturating_sub(x) as usize).saturating_sub(right_w + 1);
    let shown = truncate(&title, title_w);
    let style = if a.is_bad_record() {
        base.patch(th.bad_record())
    } else if untitled {
        base.patch(th.untitled())
    } else {
        base
    };
    put(buf, x, row.y, &shown, title_w as u16, style);
    if let Some(s) = search.filter(|_| hit) {
        super::highlight(buf, x, row.y, &shown, s, th);
    }
    if right_w > 0 && right_w < w {
        let rx = row.right() - right_w as u16;
        put(
            buf,
            rx,
            row.y,
            &right,
            right_w as u16,
            base.patch(th.list_meta()).patch(keep_fg(base)),
        );
    }
}

/// The triage gutter, three columns: `N` unread, `*` starred, the number
/// of tags (`+` past 9; `~` for a note alone). Blank while the state is
/// not known yet. Characters, not colours, carry it (NO_COLOR).
fn gutter(
    buf: &mut Buffer,
    x: u16,
    row: Rect,
    ordinal: usize,
    app: &App,
    base: Style,
    th: Theme,
) -> u16 {
    let room = row.right().saturating_sub(x);
    if room < 12 {
        return x;
    }
    let cells: [(&str, Style); 3] = if !app.state_known(ordinal) {
        [(" ", base); 3]
    } else {
        let none = crate::state::store::State::default();
        let s = app.state_of(ordinal).unwrap_or(&none);
        let tags = match s.tags.len() {
            0 if s.note.is_some() => "~",
            0 => " ",
            n @ 1..=9 => ["1", "2", "3", "4", "5", "6", "7", "8", "9"][n - 1],
            _ => "+",
        };
        [
            (
                if s.read { " " } else { "N" },
                base.patch(th.unread()).patch(keep_fg(base)),
            ),
            (
                if s.starred { "*" } else { " " },
                base.patch(th.star()).patch(keep_fg(base)),
            ),
            (tags, base.patch(th.tag_count()).patch(keep_fg(base))),
        ]
    };
    let mut x = x;
    for (text, style) in cells {
        x = put(buf, x, row.y, text, 1, style);
    }
    x
}

/// On a highlighted row the meta columns keep the highlight's colour.
fn keep_fg(base: Style) -> Style {
    match base.fg {
        Some(fg) => Style::new().fg(fg),
        None => Style::new(),
    }
}
