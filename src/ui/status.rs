//! The status bar: where you are on the left, what you can do on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, put};
use crate::app::keymap::{BINDINGS, key_name};
use crate::app::prompt::{Prompt, PromptKind};
use crate::app::{App, Focus, Search};
use crate::search::Sort;
use crate::text::{sanitize, truncate, width};

pub fn render(buf: &mut Buffer, area: Rect, app: &App, th: Theme) {
    buf.set_style(area, th.status());
    if let Some(p) = app.prompt() {
        render_prompt(buf, area, app, p, th);
        return;
    }
    let corpus = app.corpus();
    let view = app.view();
    let focus = app.screen().focus();
    // Where you are comes first; the file name gets what room is left.
    let mut at = String::new();
    let total = corpus.len();
    if app.is_empty() {
        at.push_str(if total == 0 {
            "  no articles"
        } else {
            "  no article matches"
        });
    } else {
        // While the dump is indexed the count is what is known so far.
        let more = if app.documents().loading().is_some() {
            "…"
        } else {
            ""
        };
        at.push_str(&format!("  {}/{}{more}", view.selected() + 1, app.len()));
    }
    if view.is_narrowed() {
        at.push_str(&format!(" of {total}"));
        if !view.is_done() {
            at.push('…');
        }
    }
    at.push_str(match focus {
        Focus::List => "  list",
        Focus::Detail => "  text",
    });
    if let Some(d) = app.detail() {
        let shown = d.scroll() + 1;
        if d.layout().is_complete() {
            let total = d.layout().laid_out();
            let rows = usize::from(app.panes().detail_text().height);
            let pct = if total <= rows {
                100
            } else {
                (d.scroll() + rows) * 100 / total
            };
            at.push_str(&format!("  line {shown}/{total} {}%", pct.min(100)));
        } else {
            at.push_str(&format!("  line {shown}"));
        }
    }
    if app.documents().following() {
        at.push_str("  follow");
    } else if corpus.streaming() {
        at.push_str("  reading…");
    }
    if let Some(l) = app.documents().loading() {
        at.push_str(&format!("  {}", l.describe()));
    }
    let skipped = corpus.skipped().len();
    if skipped > 0 {
        at.push_str(&format!(
            "  {} skipped (S)",
            crate::input::load::thousands(skipped as u64)
        ));
    }
    if let Some(n) = app.count() {
        at.push_str(&format!("  {n}…"));
    }
    // What narrows, orders or searches the list.
    if let Some(f) = view.filter() {
        at.push_str(&format!("  &{}", f.query()));
    }
    if !view.filters().is_empty() {
        at.push_str(&format!("  :{}", view.filters().describe()));
    }
    if view.state_filter().narrows() {
        at.push_str(&format!("  :{}", view.state_filter().describe()));
    }
    if view.scrape_filter().narrows() {
        at.push_str(&format!("  :{}", view.scrape_filter().describe()));
    }
    if let Some(p) = app.analysis_percent() {
        at.push_str(&format!("  dups {p}%"));
    }
    if let Some(r) = app.visual_rows() {
        at.push_str(&format!("  V {}", r.end() - r.start() + 1));
    }
    if matches!(app.triage().saving(), crate::app::Saving::Off(Some(_))) {
        at.push_str("  state off");
    }
    if view.sort() != Sort::File {
        at.push_str(&format!("  sort {}", view.sort().name()));
    }
    if let Some(s) = app.search() {
        at.push_str(&format!("  /{} {}", s.matcher().query(), hits(s, app)));
    }
    let at = sanitize(&at).into_owned();
    let name_room = usize::from(area.width)
        .saturating_sub(width(&at) + 1)
        .min(30);
    let name = sanitize(&corpus.name);
    let left = format!(" {}{at}", truncate(&name, name_room));
    if let Some(msg) = app.messages().current() {
        render_message(buf, area, &left, &sanitize(msg), th);
        return;
    }
    let x = put(buf, area.x, area.y, &left, area.width, th.status());
    // Hints on the right, as many as fit with two columns to spare after
    // the left part and one at the right edge.
    let mut hints: Vec<(String, &str)> = Vec::new();
    let mut used = 1;
    let stats = app.overlay() == Some(crate::app::Overlay::Stats);
    for b in BINDINGS {
        // The keys do other things in the text: their hints say so.
        let hint = if stats {
            b.command.stats_hint()
        } else {
            b.command.hint(focus)
        };
        let Some(h) = hint else {
            continue;
        };
        let k = key_name(&b.keys[0]);
        let w = width(&k) + 1 + width(h) + if hints.is_empty() { 0 } else { 2 };
        if usize::from(x - area.x) + 2 + used + w > usize::from(area.width) {
            break;
        }
        used += w;
        hints.push((k, h));
    }
    let mut hx = area.right() - used as u16;
    for (i, (k, h)) in hints.iter().enumerate() {
        if i > 0 {
            hx = put(buf, hx, area.y, "  ", area.right() - hx, th.status());
        }
        hx = put(
            buf,
            hx,
            area.y,
            k,
            area.right() - hx,
            th.status().patch(th.key()),
        );
        hx = put(
            buf,
            hx,
            area.y,
            &format!(" {h}"),
            area.right() - hx,
            th.status(),
        );
    }
}

/// A message after where you are. The message comes whole: where you are
/// gives up its end to make room for it; a message wider than the whole
/// bar shows as much as fits and points to the message log, which holds
/// all of it.
fn render_message(buf: &mut Buffer, area: Rect, left: &str, msg: &str, th: Theme) {
    let room = usize::from(area.width);
    let style = th.status().patch(th.message());
    let msg_w = width(msg);
    if 1 + msg_w < room {
        // Two columns between the two, one spare at the right edge.
        let left_room = room.saturating_sub(msg_w + 3).min(width(left));
        let x = put(
            buf,
            area.x,
            area.y,
            &truncate(left, left_room),
            area.width,
            th.status(),
        );
        let x = x + if left_room > 0 { 2 } else { 1 };
        put(buf, x, area.y, msg, area.right().saturating_sub(x), style);
    } else {
        const MORE: &str = " M: all";
        let shown = truncate(msg, room.saturating_sub(2 + width(MORE)));
        let x = put(buf, area.x + 1, area.y, &shown, area.width - 1, style);
        put(
            buf,
            x,
            area.y,
            MORE,
            area.right().saturating_sub(x),
            th.status().patch(th.key()),
        );
    }
}

/// `12 hits`, or `3 of 12 hits shown` when a filter hides some; with `…`
/// (and how far it has come, over many files) while the search runs.
fn hits(s: &Search, app: &App) -> String {
    let n = match (s.count(), app.hits_shown()) {
        (n, Some(k)) if k < n => format!("{k} of {n} hits shown"),
        (1, _) => "1 hit".to_string(),
        (n, _) => format!("{n} hits"),
    };
    match (s.is_done(), app.search_percent()) {
        (true, _) => n,
        (false, Some(p)) => format!("{n}… {p}%"),
        (false, None) => format!("{n}…"),
    }
}

/// The prompt: its sigil, the text with a cursor, and on the right what
/// the query finds so far, or how to use the prompt.
fn render_prompt(buf: &mut Buffer, area: Rect, app: &App, p: &Prompt, th: Theme) {
    let right = match p.kind() {
        PromptKind::Search => {
            let found = app.search().map(|s| hits(s, app)).unwrap_or_default();
            let msg = app.messages().current().map_or(found, str::to_string);
            format!(
                "{msg}  {}Ctrl-r regex  Enter next  Esc cancel ",
                if p.is_regex() { "[regex] " } else { "" }
            )
        }
        PromptKind::Filter => format!(
            "{}Ctrl-r regex  Enter filter (empty: all)  Esc cancel ",
            if p.is_regex() { "[regex] " } else { "" }
        ),
        PromptKind::Command => {
            "source NAME  since DATE  until DATE  unread  starred  tag T  w FILE  clear  ↑ history "
                .to_string()
        }
        PromptKind::Tag => "name: add  -name: remove  Enter apply  Esc cancel ".to_string(),
        PromptKind::Note => "Enter save (empty: remove)  Esc cancel ".to_string(),
        PromptKind::Pipe => {
            "a command, the article on its input  Enter run  Esc cancel ".to_string()
        }
        PromptKind::Confirm => "y: yes  any other key: no ".to_string(),
    };
    let right = sanitize(&right).into_owned();
    // Split the raw text at the cursor, then sanitise each side: a stand-in
    // need not be as long as what it stands for.
    let (raw_before, raw_after) = p.text().split_at(p.cursor().min(p.text().len()));
    let (before, after) = (sanitize(raw_before), sanitize(raw_after));
    let (before, after) = (before.as_ref(), after.as_ref());
    let left_w = 2 + width(before) + 1 + width(after);
    // The right part gives way to the text.
    let right_w = width(&right);
    let show_right = left_w + 2 + right_w <= usize::from(area.width);
    let text_room =
        usize::from(area.width).saturating_sub(if show_right { right_w + 2 } else { 0 });
    // Keep the cursor visible: cut the start of a long text.
    let mut shown_before = before.to_string();
    while 2 + width(&shown_before) + 1 > text_room && !shown_before.is_empty() {
        shown_before.remove(0);
    }
    let mut x = put(
        buf,
        area.x,
        area.y,
        &format!(" {}", p.kind().sigil()),
        area.width,
        th.status().patch(th.key()),
    );
    x = put(
        buf,
        x,
        area.y,
        &shown_before,
        area.right().saturating_sub(x),
        th.status(),
    );
    let (cursor_char, rest) = match after.chars().next() {
        Some(c) => (c.to_string(), &after[c.len_utf8()..]),
        None => (" ".to_string(), ""),
    };
    x = put(
        buf,
        x,
        area.y,
        &cursor_char,
        area.right().saturating_sub(x),
        th.cursor(),
    );
    let limit = (area.x + text_room as u16).min(area.right());
    put(buf, x, area.y, rest, limit.saturating_sub(x), th.status());
    if show_right {
        let rx = area.right() - right_w as u16;
        put(
            buf,
            rx,
            area.y,
            &right,
            right_w as u16,
            th.status().patch(th.list_meta_on_status()),
        );
    }
}
