//! The statistics screen: the day chart (ratatui's `BarChart` on a time
//! axis) across the top, the other panels as rows of horizontal bars. The
//! selected bar is marked by more than colour (`▲` under a column, the
//! row reversed), so it reads with `NO_COLOR` too.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{BarChart, Block, Borders, Clear, Widget};

use super::{Theme, put};
use crate::app::App;
use crate::app::stats::{Bar, Panel};
use crate::input::load::thousands;
use crate::text::{truncate, width};

pub fn render(buf: &mut Buffer, app: &App, th: Theme) {
    let screen = app.stats_screen();
    let focus = screen.panel();
    for (panel, area) in app.stats_areas() {
        Clear.render(area, buf);
        let bars = app.stats_bars(panel);
        let selected = screen.selected(panel).min(bars.len().saturating_sub(1));
        let focused = panel == focus;
        let mut title = format!(" {} ", panel.title());
        if let Some(b) = bars.get(selected).filter(|_| focused) {
            title = format!(" {} · {}: {} ", panel.title(), b.label, thousands(b.count));
        }
        let mut block = Block::new()
            .borders(Borders::ALL)
            .border_style(if focused { th.key() } else { th.list_meta() })
            .title(truncate(&title, usize::from(area.width.saturating_sub(2))));
        if panel == Panel::Days {
            block = block.title_bottom(summary(app));
        }
        let inner = block.inner(area);
        block.render(area, buf);
        if bars.is_empty() {
            put(
                buf,
                inner.x + 1,
                inner.y,
                &empty_note(app, panel),
                inner.width.saturating_sub(1),
                th.list_meta(),
            );
            continue;
        }
        match panel {
            Panel::Days => columns(buf, inner, &bars, selected, th),
            _ => rows(buf, inner, &bars, selected, focused, app, th),
        }
    }
}

/// What the screen says under the day chart: the whole scrape in a line.
fn summary(app: &App) -> String {
    let c = app.corpus();
    let mut parts = vec![format!("{} articles", thousands(c.len() as u64))];
    if c.is_multi() {
        parts.push(format!("{} files", thousands(c.docs().len() as u64)));
    }
    if let Some(a) = app.analysis() {
        let copies = a.groups.articles_in_groups() - a.groups.groups();
        parts.push(format!(
            "{} copies ({})",
            thousands(copies as u64),
            percent(copies as u64, c.len() as u64)
        ));
        parts.push(format!("{} flagged", thousands(a.counts.flagged() as u64)));
    }
    if let Some(o) = app.overview() {
        parts.push(format!("{} undated", thousands(o.undated as u64)));
    }
    format!(" {} ", parts.join(" · "))
}

/// Why a panel has no bars.
fn empty_note(app: &App, panel: Panel) -> String {
    let counting = |what: &str, p: Option<u64>| match p {
        Some(p) => format!("{what}… {p}%"),
        None => format!("{what}…"),
    };
    if panel == Panel::Scrape && app.analysis().is_none() {
        return counting("looking for duplicates", app.analysis_percent());
    }
    if app.overview().is_none() {
        return counting("counting", app.overview_percent());
    }
    match panel {
        Panel::Days => "no article has a date".into(),
        Panel::Sources => "no article names a source".into(),
        _ => "nothing to count".into(),
    }
}

fn percent(n: u64, of: u64) -> String {
    if of == 0 {
        return "0%".into();
    }
    let p = n as f64 * 100.0 / of as f64;
    if p > 0.0 && p < 1.0 {
        "<1%".into()
    } else {
        format!("{p:.0}%")
    }
}

/// The day chart: a column a bar, the time axis under it (each day's
/// `MM-DD` under wide columns, else the first and last day), `▲` under
/// the selected column.
fn columns(buf: &mut Buffer, inner: Rect, bars: &[Bar], selected: usize, th: Theme) {
    if inner.height < 2 || inner.width == 0 {
        return;
    }
    let n = bars.len() as u16;
    let gap = u16::from(inner.width >= 2 * n);
    let bar_w = ((inner.width + gap) / n.max(1))
        .saturating_sub(gap)
        .clamp(1, 7);
    // Days under their columns when a `MM-DD` fits under each; else the
    // ends of the axis on a row of their own, when there is room.
    let labelled = bar_w >= 5 && bars.iter().all(|b| !b.label.contains(' '));
    let axis_row = !labelled && inner.height >= 4;
    let below = 1 + u16::from(axis_row);
    let chart = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(below),
    );
    let colour = th.is_colour();
    let plain = if colour {
        Style::new().fg(ratatui::style::Color::Cyan)
    } else {
        Style::new()
    };
    let mark = if colour {
        Style::new().fg(ratatui::style::Color::Yellow)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let data: Vec<ratatui::widgets::Bar> = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let bar = ratatui::widgets::Bar::new(b.count)
                .text_value(String::new())
                .style(if i == selected { mark } else { plain });
            if labelled {
                bar.label(b.label.get(5..).unwrap_or(&b.label).to_string())
            } else {
                bar
            }
        })
        .collect();
    BarChart::vertical(data)
        .bar_width(bar_w)
        .bar_gap(gap)
        .max(bars.iter().map(|b| b.count).max().unwrap_or(1).max(1))
        .render(chart, buf);
    let marks = chart.bottom();
    let x = inner.x + selected as u16 * (bar_w + gap) + bar_w / 2;
    if x < inner.right() && marks < inner.bottom() {
        buf[(x, marks)].set_symbol("▲").set_style(mark);
    }
    if axis_row {
        // The first day at the left, the last at the right.
        let y = marks + 1;
        let first = bars[0].label.split(' ').next().unwrap_or("");
        let last = bars[bars.len() - 1].label.rsplit(' ').next().unwrap_or("");
        put(buf, inner.x, y, first, inner.width, th.list_meta());
        let lw = width(last) as u16;
        if inner.width > width(first) as u16 + lw + 2 {
            put(buf, inner.right() - lw, y, last, lw, th.list_meta());
        }
    }
}

/// A panel of rows: label, bar, count and share; the selected row in the
/// selection's style, the window scrolled to keep it shown.
fn rows(
    buf: &mut Buffer,
    inner: Rect,
    bars: &[Bar],
    selected: usize,
    focused: bool,
    app: &App,
    th: Theme,
) {
    let h = usize::from(inner.height);
    if h == 0 || inner.width < 8 {
        return;
    }
    let total = app.corpus().len() as u64;
    let first = selected.saturating_sub(h - 1);
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let iw = usize::from(inner.width);
    let label_w = bars
        .iter()
        .map(|b| width(&b.label))
        .max()
        .unwrap_or(0)
        .min(iw * 2 / 5)
        .max(1);
    let nums: Vec<String> = bars
        .iter()
        .map(|b| format!("{} {}", thousands(b.count), percent(b.count, total)))
        .collect();
    let num_w = nums.iter().map(|s| width(s)).max().unwrap_or(0);
    let bar_w = iw.saturating_sub(label_w + num_w + 4);
    for (r, (i, b)) in bars.iter().enumerate().skip(first).take(h).enumerate() {
        let y = inner.y + r as u16;
        let row = Rect::new(inner.x, y, inner.width, 1);
        let style = if i == selected && focused {
            th.selected()
        } else if i == selected {
            th.selected_unfocused()
        } else {
            Style::new()
        };
        buf.set_style(row, style);
        let x = inner.x + 1;
        let label = truncate(&b.label, label_w);
        put(buf, x, y, &label, label_w as u16, style);
        let bx = x + label_w as u16 + 1;
        let cells = eighths(b.count, max, bar_w);
        put(buf, bx, y, &cells, bar_w as u16, style);
        let num = &nums[i];
        let nx = inner.right().saturating_sub(width(num) as u16 + 1);
        put(buf, nx, y, num, width(num) as u16, style);
    }
}

/// A bar of `n` out of `max` in `w` cells, in eighths of a cell.
fn eighths(n: u64, max: u64, w: usize) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let e = (n as u128 * w as u128 * 8 / max.max(1) as u128) as usize;
    // Something counted shows, however little.
    let e = if n > 0 { e.max(1) } else { 0 };
    let mut s = "█".repeat(e / 8);
    s.push_str(PARTS[e % 8]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_as_long_as_their_share() {
        assert_eq!(eighths(10, 10, 4), "████");
        assert_eq!(eighths(5, 10, 4), "██");
        assert_eq!(eighths(1, 16, 1), "▏");
        assert_eq!(eighths(1, 1000, 4), "▏", "a count shows");
        assert_eq!(eighths(0, 10, 4), "");
        assert_eq!(percent(1, 1000), "<1%");
        assert_eq!(percent(500, 1000), "50%");
        assert_eq!(percent(0, 0), "0%");
    }
}
