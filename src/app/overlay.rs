//! What the overlays hold (the keys' help, the files read and skipped, the
//! messages shown) and where they go on the screen: data and geometry, so
//! that scrolling them needs no drawing code. `ui` only paints this.

use ratatui::layout::Rect;

use super::App;
use super::keymap::{BINDINGS, NOTES, key_name};
use crate::text::{sanitize, width, wrap};

/// Something drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key help, scrolled by this many lines.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// The files: how many were read, which were skipped and why.
    Files {
        /// First line shown.
        scroll: usize,
    },
    /// Every message shown so far, whole.
    Messages {
        /// First line shown.
        scroll: usize,
    },
    /// The selected article as its file has it: a JSON record
    /// pretty-printed, a page's lines as they are.
    Raw {
        /// First line shown.
        scroll: usize,
    },
    /// The selected article's links, numbered.
    Links {
        /// First line shown.
        scroll: usize,
    },
    /// The selected article's duplicate group.
    Group {
        /// First line shown.
        scroll: usize,
    },
    /// What differs between two articles of a group (`d`).
    Diff {
        /// First row shown.
        scroll: usize,
    },
    /// The statistics screen (`%`): its state is the app's `stats`.
    Stats,
}

impl Overlay {
    /// The first line shown.
    pub fn scroll(self) -> usize {
        match self {
            Overlay::Help { scroll }
            | Overlay::Files { scroll }
            | Overlay::Messages { scroll }
            | Overlay::Raw { scroll }
            | Overlay::Links { scroll }
            | Overlay::Group { scroll }
            | Overlay::Diff { scroll } => scroll,
            Overlay::Stats => 0,
        }
    }

    /// The same overlay scrolled to `scroll`.
    pub(super) fn scrolled(self, scroll: usize) -> Overlay {
        match self {
            Overlay::Help { .. } => Overlay::Help { scroll },
            Overlay::Files { .. } => Overlay::Files { scroll },
            Overlay::Messages { .. } => Overlay::Messages { scroll },
            Overlay::Raw { .. } => Overlay::Raw { scroll },
            Overlay::Links { .. } => Overlay::Links { scroll },
            Overlay::Group { .. } => Overlay::Group { scroll },
            Overlay::Diff { .. } => Overlay::Diff { scroll },
            Overlay::Stats => Overlay::Stats,
        }
    }
}

/// The help's lines: keys and what they do.
pub fn help_lines() -> Vec<(String, &'static str)> {
    let mut lines: Vec<(String, &'static str)> = BINDINGS
        .iter()
        .map(|b| {
            (
                b.keys.iter().map(key_name).collect::<Vec<_>>().join(" "),
                b.command.description(),
            )
        })
        .collect();
    lines.extend(NOTES.iter().map(|n| (n.keys.to_string(), n.text)));
    lines
}

/// The lines of `overlay`, as pairs of a key (drawn as keys are) and its
/// text: for the help, keys and what they do; for the files, a count and
/// each skipped or damaged file with its reason; for the messages, each
/// message shown since the start, oldest first.
pub fn overlay_lines(app: &App, overlay: Overlay) -> Vec<(String, String)> {
    match overlay {
        Overlay::Help { .. } => help_lines()
            .into_iter()
            .map(|(k, h)| (k, h.to_string()))
            .collect(),
        Overlay::Files { .. } => file_lines(app),
        Overlay::Messages { .. } => message_lines(app),
        Overlay::Raw { .. } => raw_lines(app),
        Overlay::Links { .. } => link_lines(app),
        Overlay::Group { .. } => group_lines(app),
        // Drawn by their own code: styled rows, charts.
        Overlay::Diff { .. } | Overlay::Stats => Vec::new(),
    }
}

/// The overlay's title.
pub fn overlay_title(overlay: Overlay) -> &'static str {
    match overlay {
        Overlay::Help { .. } => " keys · ? or Esc closes ",
        Overlay::Files { .. } => " files · S or Esc closes ",
        Overlay::Messages { .. } => " messages · M or Esc closes ",
        Overlay::Raw { .. } => " as the file has it · R or Esc closes ",
        Overlay::Links { .. } => " links · 3o opens [3], 3Y copies it · Esc closes ",
        Overlay::Group { .. } => " duplicates · 12G goes to article 12 · = or Esc closes ",
        Overlay::Diff { .. } => " what differs · } and d: the next copy · d or Esc closes ",
        Overlay::Stats => " statistics · Tab: next panel · Enter: filter to the bar · Esc closes ",
    }
}

/// The selected article's URL and its links, numbered as `o` and `Y`
/// take them.
fn link_lines(app: &App) -> Vec<(String, String)> {
    let (own, links) = app.links();
    let mut out = Vec::new();
    if let Some(u) = own {
        out.push(("url".to_string(), sanitize(&u).into_owned()));
    }
    out.extend(
        links
            .iter()
            .enumerate()
            .map(|(i, u)| (format!("[{}]", i + 1), sanitize(u).into_owned())),
    );
    if out.is_empty() {
        out.push((String::new(), "the article has no links".into()));
    }
    out
}

/// The selected article's duplicate group: each member's id (`*` marks
/// the selected one), similarity to the first member, time, source, file
/// (with many files) and title.
fn group_lines(app: &App) -> Vec<(String, String)> {
    let Some(o) = app.selected_article() else {
        return vec![(String::new(), "no article".into())];
    };
    let Some(a) = app.analysis() else {
        let how = app
            .analysis_percent()
            .map_or(String::new(), |p| format!(" ({p}%)"));
        return vec![(String::new(), format!("still looking for duplicates{how}"))];
    };
    let Some(g) = a.groups.group_of(o as u32) else {
        return vec![(String::new(), "no duplicate of this article".into())];
    };
    let corpus = app.corpus();
    a.groups
        .members(g)
        .iter()
        .enumerate()
        .map(|(k, &m)| {
            let sim = if k == 0 {
                "first".to_string()
            } else {
                a.groups
                    .similarity(m)
                    .map_or("?".into(), |s| format!("{s:.2}"))
            };
            let about = corpus
                .with_article(m as usize, |art| {
                    let mut parts = vec![sim.clone()];
                    parts.extend(art.time().map(|t| t.into_owned()));
                    parts.extend(
                        art.source()
                            .map(|s| s.into_owned())
                            .filter(|s| !s.is_empty()),
                    );
                    if corpus.is_multi()
                        && let Some(d) = corpus.doc_of(m as usize)
                    {
                        parts.push(corpus.file_name(d));
                    }
                    parts.push(art.display_title().0.into_owned());
                    parts.join("  ")
                })
                .unwrap_or_default();
            let mark = if m as usize == o { "*" } else { "" };
            (format!("{}{mark}", m + 1), sanitize(&about).into_owned())
        })
        .collect()
}

/// Most of an article the raw overlay shows: a 50 MB record is not
/// pretty-printed whole to show its first screens.
const RAW_MAX: usize = 1 << 20;

/// The selected article's own bytes: a JSON record pretty-printed (its
/// keys in the record's order), a page's lines as the file has them;
/// sanitised, so a record's `\u001b` shows as a stand-in.
fn raw_lines(app: &App) -> Vec<(String, String)> {
    let Some(ordinal) = app.selected_article() else {
        return vec![(String::new(), "no article".into())];
    };
    let text = app
        .corpus()
        .with_article(ordinal, |a| match a.record_json() {
            Some(json) => pretty_json(json),
            None => crate::dump::lossy_head(a.raw(), RAW_MAX),
        })
        .unwrap_or_else(|| "the article's file cannot be read any more".into());
    text.lines()
        .map(|l| (String::new(), sanitize(l).into_owned()))
        .collect()
}

/// A record's JSON indented, or as it is (with why) when it is none.
fn pretty_json(json: &[u8]) -> String {
    if json.len() <= RAW_MAX
        && let Ok(v) = serde_json::from_slice::<serde_json::Value>(json)
        && let Ok(pretty) = serde_json::to_string_pretty(&v)
    {
        return pretty;
    }
    let why =
        match serde_json::from_slice::<serde::de::IgnoredAny>(&json[..json.len().min(RAW_MAX)]) {
            Err(e) if json.len() <= RAW_MAX => format!("invalid JSON: {e}"),
            _ => format!("{} bytes: the first MiB as written", json.len()),
        };
    format!("({why})\n{}", crate::dump::lossy_head(json, RAW_MAX))
}

fn message_lines(app: &App) -> Vec<(String, String)> {
    let log = app.messages().log();
    if log.is_empty() {
        return vec![(String::new(), "no messages yet".into())];
    }
    log.iter()
        .map(|m| (String::new(), sanitize(m).into_owned()))
        .collect()
}

/// The files overlay: read, skipped, damaged.
fn file_lines(app: &App) -> Vec<(String, String)> {
    use crate::input::load::thousands;
    let c = app.corpus();
    let mut lines = vec![(
        "read".to_string(),
        format!(
            "{} file{}, {} articles",
            thousands(c.docs().len() as u64),
            if c.docs().len() == 1 { "" } else { "s" },
            thousands(c.len() as u64)
        ),
    )];
    if app.documents().loading().is_some() {
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

/// An overlay placed on a screen: its box, and its lines wrapped to fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The box, border included.
    pub area: Rect,
    /// Where the texts start, in columns from the inside's left edge (the
    /// keys start at column 1).
    pub text_x: u16,
    /// The rows: a key (empty on a text's continuation rows) and text.
    pub rows: Vec<(String, String)>,
}

impl Placed {
    /// Rows of text the box shows at once.
    pub fn page(&self) -> usize {
        usize::from(self.area.height.saturating_sub(2))
    }

    /// The furthest the rows can scroll.
    pub fn max_scroll(&self) -> usize {
        self.rows.len().saturating_sub(self.page())
    }
}

/// Narrowest text column beside the keys; narrower, texts go below them.
const MIN_TEXT: usize = 16;

/// Places `lines` on `screen`: as wide as the widest line allows, centred,
/// texts wrapped (never cut) to the room there is.
pub fn place(screen: Rect, lines: &[(String, String)]) -> Placed {
    let key_w = lines.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let text_w = lines.iter().map(|(_, h)| width(h)).max().unwrap_or(0);
    let want_w = (key_w + 2 + text_w + 4).min(usize::from(u16::MAX)) as u16;
    let w = want_w
        .min(screen.width.saturating_sub(2))
        .max(10.min(screen.width));
    // Inside the border: a column of margin on each side.
    let inner = usize::from(w.saturating_sub(2)).saturating_sub(2);
    let beside = inner.saturating_sub(key_w + 2);
    let mut rows = Vec::with_capacity(lines.len());
    let text_x = if beside >= MIN_TEXT || key_w == 0 {
        for (k, h) in lines {
            let mut parts = wrap(h, beside.max(1)).into_iter();
            rows.push((k.clone(), parts.next().unwrap_or_default()));
            rows.extend(parts.map(|p| (String::new(), p)));
        }
        if key_w == 0 { 1 } else { (key_w + 3) as u16 }
    } else {
        // Too narrow for two columns: each key on its row, its text
        // indented below it.
        for (k, h) in lines {
            if !k.is_empty() {
                // Keys wrap too: the files overlay's are reasons.
                rows.extend(
                    wrap(k, inner.max(1))
                        .into_iter()
                        .map(|part| (part, String::new())),
                );
            }
            rows.extend(
                wrap(h, inner.saturating_sub(2).max(1))
                    .into_iter()
                    .map(|p| (String::new(), p)),
            );
        }
        3
    };
    let h = u16::try_from(rows.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(screen.height.saturating_sub(1))
        .max(3.min(screen.height));
    let area = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height.saturating_sub(1) - h.min(screen.height.saturating_sub(1))) / 2,
        w,
        h,
    );
    Placed { area, text_x, rows }
}

/// Rows of help text the popup shows on a screen of `screen`.
pub fn help_rows(screen: Rect) -> usize {
    let lines: Vec<(String, String)> = help_lines()
        .into_iter()
        .map(|(k, h)| (k, h.to_string()))
        .collect();
    place(screen, &lines).page()
}
