//! The diff of two copies: one text, the removed runs struck through and
//! the added ones underlined (in colour, red and green too; with
//! `NO_COLOR`, also between `[-…-]` and `{+…+}` as wdiff writes them, so
//! that the marks survive any terminal).

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::{Theme, put};
use crate::app::App;
use crate::app::diff::Change;

pub fn render(buf: &mut Buffer, app: &App, scroll: usize, th: Theme) {
    let (Some(view), Some((area, rows))) = (app.diff_view(), app.diff_placed()) else {
        return;
    };
    Clear.render(area, buf);
    let sim = app
        .analysis()
        .and_then(|a| a.groups.similarity(view.to))
        .map_or(String::new(), |s| format!(" · similarity {s:.2}"));
    let title = format!(
        " article {} → {}{sim} · {} change{} · }} next copy · d or Esc closes ",
        view.from + 1,
        view.to + 1,
        view.changes,
        if view.changes == 1 { "" } else { "s" }
    );
    let page = usize::from(area.height.saturating_sub(3));
    let scroll = scroll.min(rows.len().saturating_sub(page));
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(th.key())
        .title(crate::text::truncate(
            &title,
            usize::from(area.width.saturating_sub(2)),
        ));
    if scroll + page < rows.len() {
        block = block.title_bottom(format!(" ↓ {} more ", rows.len() - scroll - page));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let (a, b) = (view.from + 1, view.to + 1);
    let legend = if th.is_colour() {
        format!("struck out: only in #{a} · underlined: only in #{b}")
    } else {
        format!("[-only in #{a}-] · {{+only in #{b}+}}")
    };
    put(
        buf,
        inner.x + 1,
        inner.y,
        &legend,
        inner.width.saturating_sub(1),
        th.list_meta(),
    );
    for (r, row) in rows.iter().skip(scroll).take(page).enumerate() {
        let y = inner.y + 1 + r as u16;
        let mut x = inner.x + 1;
        for (text, kind) in row {
            let right = inner.right().saturating_sub(1);
            let (open, close) = match (kind, th.is_colour()) {
                (Change::Removed, false) => ("[-", "-]"),
                (Change::Added, false) => ("{+", "+}"),
                _ => ("", ""),
            };
            // The marks may spill past the margin: the text never does.
            x = put(
                buf,
                x,
                y,
                open,
                inner.right().saturating_sub(x),
                style(*kind, th),
            );
            x = put(
                buf,
                x,
                y,
                text,
                right.saturating_sub(x).max(1),
                style(*kind, th),
            );
            x = put(
                buf,
                x,
                y,
                close,
                inner.right().saturating_sub(x),
                style(*kind, th),
            );
        }
    }
}

fn style(kind: Change, th: Theme) -> Style {
    let colour = th.is_colour();
    match kind {
        Change::Same => Style::new(),
        Change::Note => th.list_meta().add_modifier(Modifier::ITALIC),
        Change::Removed if colour => Style::new()
            .fg(Color::Red)
            .add_modifier(Modifier::CROSSED_OUT),
        Change::Removed => Style::new().add_modifier(Modifier::CROSSED_OUT | Modifier::DIM),
        Change::Added if colour => Style::new()
            .fg(Color::Green)
            .add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        Change::Added => Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
    }
}
