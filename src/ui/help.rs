//! The `?` overlay: every key, from the keymap's own table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::{put, theme};
use crate::app::keymap::{BINDINGS, EXTRA_HELP, key_name};
use crate::app::{App, Overlay};
use crate::text::{grapheme_width, sanitize, truncate, width};

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

/// The lines of `overlay`: for the help, keys and what they do; for the
/// files, a count and each skipped or damaged file with its reason.
pub fn overlay_lines(app: &App, overlay: Overlay) -> Vec<(String, String)> {
    match overlay {
        Overlay::Help { .. } => overlay_lines_help(),
        Overlay::Files { .. } => file_lines(app),
    }
}

/// The files overlay: read, skipped, damaged.
fn file_lines(app: &App) -> Vec<(String, String)> {
    use crate::input::load::thousands;
    let c = &app.corpus;
    let mut lines = vec![(
        "read".to_string(),
        format!(
            "{} file{}, {} articles",
            thousands(c.docs().len() as u64),
            if c.docs().len() == 1 { "" } else { "s" },
            thousands(c.len() as u64)
        ),
    )];
    if app.loading.is_some() {
        lines.push(("".into(), "(still reading: more to come)".into()));
    }
    lines.push((
        "skipped".to_string(),
        if c.skipped().is_empty() {
            "none".to_string()
        } else {
            thousands(c.skipped().len() as u64)
        },
    ));
    // Paths as the list shows files: relative to the one folder read.
    let shown = |p: &std::path::Path| {
        let rel = match c.roots().paths() {
            [root] => p.strip_prefix(root).unwrap_or(p),
            _ => p,
        };
        crate::input::display_name(rel)
    };
    for s in c.skipped() {
        lines.push((sanitize(&s.reason).into_owned(), shown(&s.path)));
    }
    for (path, why) in c.problems() {
        lines.push((sanitize(&why).into_owned(), shown(&path)));
    }
    lines
}

/// Where an overlay of `lines` goes on a screen of `screen`.
fn popup(screen: Rect, lines: &[(String, String)]) -> Rect {
    let key_w = lines.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let text_w = lines.iter().map(|(_, h)| width(h)).max().unwrap_or(0);
    let want_w = (key_w + 2 + text_w + 4) as u16;
    let w = want_w
        .min(screen.width.saturating_sub(2))
        .max(10.min(screen.width));
    let h = (lines.len() as u16 + 2)
        .min(screen.height.saturating_sub(1))
        .max(3.min(screen.height));
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height.saturating_sub(1) - h.min(screen.height.saturating_sub(1))) / 2,
        w,
        h,
    )
}

/// Rows of help text the popup shows on a screen of `screen`.
pub fn help_rows(screen: Rect) -> usize {
    let lines = overlay_lines_help();
    overlay_rows(screen, &lines)
}

fn overlay_lines_help() -> Vec<(String, String)> {
    help_lines()
        .into_iter()
        .map(|(k, h)| (k, h.to_string()))
        .collect()
}

/// Rows of text an overlay of `lines` shows on a screen of `screen`.
pub fn overlay_rows(screen: Rect, lines: &[(String, String)]) -> usize {
    usize::from(popup(screen, lines).height.saturating_sub(2))
}

pub fn render(buf: &mut Buffer, screen: Rect, app: &App, overlay: Overlay) {
    let lines = overlay_lines(app, overlay);
    let scroll = overlay.scroll();
    let title = match overlay {
        Overlay::Help { .. } => " keys · ? or Esc closes ",
        Overlay::Files { .. } => " files · S or Esc closes ",
    };
    let key_w = lines.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let area = popup(screen, &lines);
    Clear.render(area, buf);
    mend_wide_edges(buf, area);
    let rows = usize::from(area.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme::key())
        .title(title);
    // Say where the hidden lines are.
    if scroll + rows < lines.len() {
        block = block.title_bottom(format!(" ↓ {} more ", lines.len() - scroll - rows));
    } else if scroll > 0 {
        block = block.title_bottom(format!(" ↑ {scroll} more "));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    for (r, (k, desc)) in lines.iter().skip(scroll).take(rows).enumerate() {
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
            let room = usize::from(inner.right() - pad);
            put(
                buf,
                pad,
                y,
                &truncate(desc, room),
                inner.right() - pad,
                Style::new(),
            );
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
