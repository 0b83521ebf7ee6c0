//! Pass two of the parse: turns the scan's events into article entries.
//!
//! The builder walks the events in order. Between two events lie only text
//! lines, and FORMAT.md's rules need just three facts about such a gap: where
//! it starts, whether the line right before a stamp line lies in it (that line
//! is an item title), and what text a previous stamp left glued on its line.

use memchr::memchr;

use super::Kind;
use super::entry::Entry;
use super::scan::{Event, EventKind, StampAt};
use super::source::Sources;

/// Counter width when a file has no stamp at all (FORMAT.md rule 3).
pub const DEFAULT_COUNTER_WIDTH: usize = 4;

/// An article whose start is known and whose end is the next one's start.
struct Open {
    kind: Kind,
    start: usize,
    line: u64,
    title: (usize, usize),
    body: (usize, usize),
    stamp: Option<(StampAt, usize)>,
}

/// Builds entries from the scan's events as they stream in.
pub(crate) struct Builder<'a> {
    bytes: &'a [u8],
    width: usize,
    open: Option<Open>,
    entries: Vec<Entry>,
    first_start: usize,
    /// Start of the first line not yet assigned to an article.
    gap_start: usize,
    /// Its 1-based line number.
    gap_line: u64,
    /// Text glued after the last stamp, waiting to learn what it is.
    glued: Option<Glued>,
    sources: Sources<'a>,
}

impl<'a> Builder<'a> {
    /// A builder for `bytes[from..]` with counter width `width`.
    pub(crate) fn new(bytes: &'a [u8], from: usize, width: usize) -> Builder<'a> {
        Builder {
            bytes,
            width,
            open: None,
            // Real scrapes run about 1.5 KB an article: reserving for 1 KB
            // avoids regrowth, and untouched capacity costs no memory.
            entries: Vec::with_capacity(bytes.len() / 1024 + 1),
            first_start: from,
            gap_start: from,
            gap_line: 1,
            glued: None,
            sources: Sources::default(),
        }
    }

    fn push(&mut self, next: Open) {
        if let Some(prev) = self.open.take() {
            self.close(prev, next.start);
        }
        self.open = Some(next);
    }

    fn close(&mut self, mut a: Open, end: usize) {
        if self.entries.is_empty() {
            // Blank lines at the very start belong to the first article.
            a.start = self.first_start;
        }
        self.entries.push(Entry::new(
            a.kind, a.start, end, a.line, a.title, a.body, a.stamp,
        ));
    }

    /// End of the text of the line that ends right before `until`, which is
    /// a line start or the end of the input (where the `\n` may be missing).
    fn content_end_before(&self, until: usize) -> usize {
        let mut end = until;
        if end > 0 && self.bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > 0 && self.bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }

    /// End of the text of the line starting at `start` (no terminator).
    fn line_end(&self, start: usize, limit: usize) -> (usize, usize) {
        match memchr(b'\n', &self.bytes[start..limit]) {
            Some(i) => {
                let nl = start + i;
                let end = if nl > start && self.bytes[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                };
                (end, nl + 1)
            }
            None => (self.content_end_before(limit).max(start), limit),
        }
    }

    /// Opens a lead whose title is the whole line at `start` and whose body
    /// runs to the end of the line before `until`.
    fn lead_from_lines(&mut self, start: usize, until: usize, line: u64) {
        let (title_end, body_start) = self.line_end(start, until);
        let body_end = self.content_end_before(until).max(body_start);
        self.push(Open {
            kind: Kind::Lead,
            start,
            line,
            title: (start, title_end),
            body: (body_start.min(body_end), body_end),
            stamp: None,
        });
    }
}

/// Text glued after a stamp, waiting to learn what it is.
struct Glued {
    start: usize,
    end: usize,
    line: u64,
}

impl Builder<'_> {
    /// Takes the next event of the scan.
    pub(crate) fn event(&mut self, ev: Event) {
        let gap_start = self.gap_start;
        let gap_end = ev.start;
        let title_line = match ev.kind {
            EventKind::Stamp(_) => ev.prev_start.filter(|&p| p >= gap_start && p < gap_end),
            EventKind::Blank => None,
        };
        let lead_end = title_line.unwrap_or(gap_end);
        if let Some(g) = self.glued.take() {
            if gap_end > gap_start {
                // Rule 5: glued text whose next line holds no stamp is the
                // title of a lead that goes on with the following lines.
                let body_end = self.content_end_before(lead_end).max(gap_start);
                self.push(Open {
                    kind: Kind::Lead,
                    start: g.start,
                    line: g.line,
                    title: (g.start, g.end),
                    body: (gap_start.min(body_end), body_end),
                    stamp: None,
                });
            } else if let EventKind::Stamp(_) = ev.kind {
                // Next line is a stamp line: the glued text is its title.
                self.glued = Some(g);
            } else {
                self.push(Open {
                    kind: Kind::Lead,
                    start: g.start,
                    line: g.line,
                    title: (g.start, g.end),
                    body: (g.end, g.end),
                    stamp: None,
                });
            }
        } else if lead_end > gap_start {
            self.lead_from_lines(gap_start, lead_end, self.gap_line);
        }

        if let EventKind::Stamp(st) = ev.kind {
            let (start, line, title) = if let Some(g) = self.glued.take() {
                (g.start, g.line, (g.start, g.end))
            } else if let Some(p) = title_line {
                let end = self.content_end_before(ev.start);
                (p, ev.line - 1, (p, end))
            } else {
                (ev.start, ev.line, (ev.start, ev.start))
            };
            let split = st.time_end + (st.digits_end - st.time_end).min(self.width);
            let summary = (ev.start, st.time_start);
            self.push(Open {
                kind: Kind::Item,
                start,
                line,
                title,
                body: summary,
                stamp: Some((st, split)),
            });
            // The item just pushed becomes entry `len` when it closes.
            let entry = self.entries.len();
            let text = &self.bytes[summary.0..summary.1];
            let source_len = self.sources.source_len(text, entry);
            if let Some(open) = &mut self.open {
                open.body.1 -= source_len;
            }
            if split < ev.content_end {
                self.glued = Some(Glued {
                    start: split,
                    end: ev.content_end,
                    line: ev.line,
                });
            }
        }
        self.gap_start = ev.next;
        self.gap_line = ev.line + ev.lines;
    }

    /// Closes the last article at the end of the input and resolves sources.
    pub(crate) fn finish(mut self) -> Vec<Entry> {
        // The tail after the last event is text lines only.
        let end = self.bytes.len();
        let gap_start = self.gap_start;
        if let Some(g) = self.glued.take() {
            let body = if gap_start < end {
                (gap_start, self.content_end_before(end).max(gap_start))
            } else {
                (g.end, g.end)
            };
            self.push(Open {
                kind: Kind::Lead,
                start: g.start,
                line: g.line,
                title: (g.start, g.end),
                body,
                stamp: None,
            });
        } else if gap_start < end {
            self.lead_from_lines(gap_start, end, self.gap_line);
        }
        let from = self.first_start;
        if let Some(last) = self.open.take() {
            self.close(last, end);
        } else if end > from {
            // Only blank lines: one empty, untitled lead (FORMAT.md rule 8).
            self.close(
                Open {
                    kind: Kind::Lead,
                    start: from,
                    line: 1,
                    title: (from, from),
                    body: (from, from),
                    stamp: None,
                },
                end,
            );
        }
        let mut entries = self.entries;
        entries.shrink_to_fit();
        self.sources.finish(self.bytes, &mut entries);
        entries
    }
}
