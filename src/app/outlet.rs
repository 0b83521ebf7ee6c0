//! Getting articles out of the reader: the clipboard (`y`, `Y`), the
//! browser (`o`), a command (`|`), a file (`:w`), and the `:` line that
//! also sets the triage filters. The app only decides what goes where; the
//! event loop, which owns the terminal, writes the clipboard's escape,
//! starts the browser and runs the command ([`Effect`]).

use std::path::PathBuf;
use std::sync::Arc;

use super::jobs::Message;
use super::{App, Effect};
use crate::export::Format;

/// Most text `y` puts on the clipboard: terminals drop longer OSC 52
/// sequences (xterm's default is about 100 KB of base64).
pub const COPY_MAX: usize = 74 * 1024;

impl App {
    /// The rows of the `V` range, or the selected row.
    fn chosen_rows(&self) -> Vec<u32> {
        match self.visual_rows() {
            Some(r) => r
                .filter_map(|r| self.article_of(r))
                .map(|o| o as u32)
                .collect(),
            None => self
                .selected_article()
                .map(|o| o as u32)
                .into_iter()
                .collect(),
        }
    }

    /// The articles at `rows` as plain text, up to `max` bytes and a
    /// little more (a `V` range of 100,000 is not written whole to be cut).
    fn text_of(&self, rows: &[u32], max: usize) -> String {
        let mut out = Limited {
            bytes: Vec::new(),
            max,
        };
        // Stops with an error once full: what was written is kept.
        let _ = crate::export::write_rows(
            &mut out,
            &self.documents.corpus,
            rows,
            Format::Text,
            &Default::default(),
            None,
        );
        String::from_utf8_lossy(&out.bytes).into_owned()
    }

    /// `y`: the article (or the range's) to the clipboard.
    pub(super) fn copy_article(&mut self) {
        let rows = self.chosen_rows();
        self.triage.visual = None;
        if rows.is_empty() {
            return;
        }
        let mut text = self.text_of(&rows, COPY_MAX + 1);
        let cut = text.len() > COPY_MAX;
        if cut {
            text.truncate(crate::dump::head(text.as_bytes(), COPY_MAX).len());
        }
        let what = match rows.len() {
            1 => "the article".to_string(),
            n => format!("{n} articles"),
        };
        self.messages.say(if cut {
            format!(
                "copied the first {} KB of {what}: a terminal takes no more",
                COPY_MAX / 1024
            )
        } else {
            format!("copied {what}")
        });
        self.effects.push_back(Effect::Copy(text));
    }

    /// The selected article's links: its own URL (a record's), and every
    /// link in its text, the link lines first, so that `3o` opens the line
    /// the text numbers `[3]`.
    pub fn links(&self) -> (Option<String>, Vec<String>) {
        let Some(o) = self.selected_article() else {
            return (None, Vec::new());
        };
        self.documents
            .corpus
            .with_article(o, |a| {
                let own = a
                    .record()
                    .and_then(|d| d.record().ok())
                    .and_then(|r| r.url.clone());
                // The text numbers its link lines [1], [2], …: they come
                // first, then the links inside paragraphs.
                let mut links: Vec<String> = a
                    .blocks()
                    .filter_map(|b| match b {
                        crate::dump::Block::Link(t) => Some(t.trim().to_string()),
                        _ => None,
                    })
                    .collect();
                for u in a.links() {
                    if !links.contains(&u) {
                        links.push(u);
                    }
                }
                (own, links)
            })
            .unwrap_or_default()
    }

    /// The URL `o` and `Y` act on: link `n` with a count, else the
    /// article's own URL, else its first link.
    fn url_for(&mut self, count: Option<usize>) -> Option<String> {
        let (own, links) = self.links();
        let url = match count {
            Some(n) => match links.get(n.wrapping_sub(1)) {
                Some(u) => Some(u.clone()),
                None => {
                    self.messages.say(match links.len() {
                        0 => "the article has no links".to_string(),
                        1 => format!("no link [{n}]: the article has 1"),
                        k => format!("no link [{n}]: the article has {k}"),
                    });
                    return None;
                }
            },
            None => own.or_else(|| links.first().cloned()),
        };
        if url.is_none() {
            self.messages.say("the article has no URL or link");
        }
        url
    }

    /// `Y`: the URL to the clipboard.
    pub(super) fn copy_url(&mut self, count: Option<usize>) {
        if let Some(url) = self.url_for(count) {
            self.messages
                .say(format!("copied {}", crate::text::sanitize(&url)));
            self.effects.push_back(Effect::Copy(url));
        }
    }

    /// `o`: the URL to the browser, when it is a web link.
    pub(super) fn open_url(&mut self, count: Option<usize>) {
        let Some(url) = self.url_for(count) else {
            return;
        };
        match crate::text::checked_url(&url) {
            Ok(ok) => {
                self.messages
                    .say(format!("opening {}", crate::text::sanitize(ok)));
                self.effects.push_back(Effect::Open(ok.to_string()));
            }
            Err(why) => self.messages.say(why),
        }
    }

    /// `|` entered: the article to `command`.
    pub(super) fn pipe(&mut self, command: &str) {
        if command.trim().is_empty() {
            return;
        }
        let rows = self.chosen_rows();
        self.triage.visual = None;
        // A command reads what it is given: a range's whole text, to 1 GiB.
        let input = self.text_of(&rows, 1 << 30);
        self.effects.push_back(Effect::Pipe {
            command: command.to_string(),
            input,
        });
    }

    /// `]]` and `[[`: the next or previous heading, `n` times.
    pub(super) fn jump_heading(&mut self, forward: bool, n: usize) {
        let Some(d) = &mut self.detail else { return };
        let mut at = d.scroll;
        for _ in 0..n {
            match d.layout.heading_line(at, forward) {
                Some(line) => at = line,
                None => break,
            }
        }
        if at == d.scroll {
            self.messages.say(if forward {
                "no heading below"
            } else {
                "no heading above"
            });
        } else {
            d.scroll = at;
        }
    }

    /// Enter at `:`: triage filters (`unread`, `starred`, `tag T`,
    /// `untagged`, `note`), `w FILE`, and the source and date filters.
    pub(super) fn command_line(&mut self, line: &str) {
        let trimmed = line.trim();
        if let Some(rest) = trimmed
            .strip_prefix("w ")
            .or_else(|| trimmed.strip_prefix("w! "))
            .or_else(|| (trimmed == "w" || trimmed == "w!").then_some(""))
        {
            self.write_file(rest.trim(), trimmed.starts_with("w!"));
            return;
        }
        if trimmed == "stats" {
            self.open_stats();
            return;
        }
        let mut state = self.view.state_filter.clone();
        let mut scrape = self.view.scrape_filter.clone();
        let mut rest: Vec<&str> = Vec::new();
        let mut words = trimmed.split_whitespace().peekable();
        while let Some(word) = words.next() {
            let bare = word.trim_start_matches('-');
            if super::scrape::WORDS.contains(&bare) {
                let value = if bare == "flag" && !word.starts_with('-') {
                    words.next()
                } else {
                    None
                };
                if let Err(e) = App::scrape_word(&mut scrape, word, value) {
                    self.messages.say(crate::text::sanitize(&e).into_owned());
                    return;
                }
            } else if crate::state::filter::WORDS.contains(&bare) {
                let value = if bare == "tag" && !word.starts_with('-') {
                    words.next()
                } else {
                    None
                };
                if let Err(e) = state.apply_word(word, value) {
                    self.messages.say(e);
                    return;
                }
            } else {
                if word == "clear" {
                    state = crate::state::Filter::default();
                    scrape = super::scrape::ScrapeFilter::default();
                }
                rest.push(word);
                // A filter's value goes with it.
                if matches!(word, "source" | "since" | "until" | "undated" | "file")
                    && let Some(v) = words.next()
                {
                    rest.push(v);
                    // `since 2024-05-10 08:33`.
                    if let Some(t) = words.next_if(|w| w.contains(':') && !w.contains('/')) {
                        rest.push(t);
                    }
                }
            }
        }
        let mut filters = self.view.filters.clone();
        if !rest.is_empty()
            && let Err(e) = filters.apply_command(&rest.join(" "))
        {
            self.messages.say(e);
            return;
        }
        if trimmed.is_empty() {
            self.messages.say(
                "commands: source NAME, since DATE, until DATE, file GLOB, unread, starred, tag T, untagged, note, dups, dedup, flag NAME, stats, w FILE, clear",
            );
            return;
        }
        self.view.filters = filters;
        self.view.state_filter = state;
        let scrape_changed = self.view.scrape_filter != scrape;
        self.view.scrape_filter = scrape;
        if scrape_changed && self.view.scrape_filter.narrows() && self.analysis().is_none() {
            self.messages
                .say("still looking for duplicates: the list follows when that is done");
        }
        self.say_filters();
        self.rebuild_view();
    }

    /// Every filter on the list, in words (empty without one).
    pub(super) fn filters_described(&self) -> String {
        [
            self.view.filters.describe(),
            self.view.state_filter.describe(),
            self.view.scrape_filter.describe(),
        ]
        .into_iter()
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
    }

    /// Says which filters are on, after a change of them.
    pub(super) fn say_filters(&mut self) {
        let d = self.filters_described();
        self.messages.say(if d.is_empty() {
            "filters cleared".into()
        } else {
            d
        });
    }

    /// `:w FILE`: the list (or the `V` range) to a file, in the format its
    /// name says, with the triage state; written beside it and renamed, on
    /// a thread. `:w!` replaces a file that exists.
    fn write_file(&mut self, name: &str, replace: bool) {
        if name.is_empty() {
            self.messages
                .say("w FILE: FILE.jsonl, FILE.md or FILE.txt (w! replaces)");
            return;
        }
        let path = expand_home(name);
        let Some(format) = Format::of_path(&path) else {
            self.messages.say(format!(
                "{}: name it .jsonl, .md or .txt to say the format",
                crate::text::sanitize(name)
            ));
            return;
        };
        if path.exists() && !replace {
            self.messages.say(format!(
                "{} exists: w! {} replaces it",
                crate::text::sanitize(name),
                crate::text::sanitize(name)
            ));
            return;
        }
        if !self.triage.knows_all() {
            self.messages
                .say("the saved states are still being read: w in a moment");
            return;
        }
        let rows: Vec<u32> = if self.visual_rows().is_some() {
            self.chosen_rows()
        } else if !self.view.done {
            self.messages
                .say("the list is still being made: write it when it is done");
            return;
        } else {
            match &self.view.rows {
                Some(rows) => rows.clone(),
                None => (0..self.documents.corpus.len() as u32).collect(),
            }
        };
        self.triage.visual = None;
        let corpus = Arc::clone(&self.documents.corpus);
        // A copy: a toggle meanwhile must not copy the map on the
        // screen's thread.
        let states: crate::export::States = (*self.triage.states).clone();
        let shown = crate::text::sanitize(name).into_owned();
        self.messages
            .say(format!("writing {} articles to {shown}…", rows.len()));
        self.jobs.spawn("write", move |ctx| {
            let text = match crate::input::write_atomically(&path, |out| {
                crate::export::write_rows(out, &corpus, &rows, format, &states, None)
            }) {
                Ok(()) => format!("wrote {} articles to {shown}", rows.len()),
                Err(e) => format!("cannot write {shown}: {e}"),
            };
            ctx.send(Message::Say {
                job: ctx.job(),
                text: Some(text),
            });
        });
    }
}

/// A writer that takes `max` bytes, then refuses.
struct Limited {
    bytes: Vec<u8>,
    max: usize,
}

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() >= self.max {
            return Err(std::io::Error::other("full"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `~/x` as the shell would have it.
fn expand_home(name: &str) -> PathBuf {
    match (name.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(name),
    }
}
