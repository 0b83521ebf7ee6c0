//! Pass two of the parse: turns the scan's events into article entries.
//!
//! The builder walks the events in order. Between two events lie only text
//! lines, and FORMAT.md's rules need just three facts about such a gap: where
//! it starts, whether the line right before a stamp line lies in it (that line
//! is an item title), and what text a previous stamp left glued on its line.

use std::collections::BTreeMap;

use memchr::memchr;

use super::Kind;
use super::entry::Entry;
use super::scan::{Event, EventKind, Scan, StampAt};
use super::source::SourceResolver;

/// Counter width when a file has no stamp at all (FORMAT.md rule 3).
pub const DEFAULT_COUNTER_WIDTH: usize = 4;

/// Learns the counter width `W` (FORMAT.md rule 3): the most common length of
/// the digit runs that end their line, the shorter on a tie; where no run ends
/// a line, the most common length of all runs.
pub(crate) fn learn_counter_width(events: &[Event]) -> usize {
    let mut ending: BTreeMap<usize, u64> = BTreeMap::new();
    let mut all: BTreeMap<usize, u64> = BTreeMap::new();
    for ev in events {
        if let EventKind::Stamp(st) = ev.kind {
            let len = st.digits_end - st.time_end;
            *all.entry(len).or_default() += 1;
            if st.digits_end == ev.content_end {
                *ending.entry(len).or_default() += 1;
            }
        }
    }
    let pick = |m: &BTreeMap<usize, u64>| {
        // BTreeMap iterates shortest first, and `max_by_key` keeps the last
        // maximum, so reverse to let the shorter length win a tie.
        m.iter().rev().max_by_key(|&(_, n)| *n).map(|(len, _)| *len)
    };
    pick(&ending)
        .or_else(|| pick(&all))
        .unwrap_or(DEFAULT_COUNTER_WIDTH)
}

/// An article whose start is known and whose end is the next one's start.
struct Open {
    kind: Kind,
    start: usize,
    line: u64,
    title: (usize, usize),
    body: (usize, usize),
    stamp: Option<(StampAt, usize)>,
}

struct Builder<'a> {
    bytes: &'a [u8],
    width: usize,
    open: Option<Open>,
    entries: Vec<Entry>,
    first_start: usize,
}

impl Builder<'_> {
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

pub(crate) fn build(bytes: &[u8], from: usize, scan: &Scan, width: usize) -> Vec<Entry> {
    let mut b = Builder {
        bytes,
        width,
        open: None,
        entries: Vec::with_capacity(scan.events.len() + 1),
        first_start: from,
    };
    // Start of the first line not yet assigned, and its line number.
    let mut gap_start = from;
    let mut gap_line: u64 = 1;
    let mut glued: Option<Glued> = None;
    for ev in &scan.events {
        let gap_end = ev.start;
        let title_line = match ev.kind {
            EventKind::Stamp(_) => ev.prev_start.filter(|&p| p >= gap_start && p < gap_end),
            EventKind::Blank => None,
        };
        let lead_end = title_line.unwrap_or(gap_end);
        if let Some(g) = glued.take() {
            if gap_end > gap_start {
                // Rule 5: glued text whose next line holds no stamp is the
                // title of a lead that goes on with the following lines.
                let body_end = b.content_end_before(lead_end).max(gap_start);
                b.push(Open {
                    kind: Kind::Lead,
                    start: g.start,
                    line: g.line,
                    title: (g.start, g.end),
                    body: (gap_start.min(body_end), body_end),
                    stamp: None,
                });
            } else if let EventKind::Stamp(_) = ev.kind {
                // Next line is a stamp line: the glued text is its title.
                glued = Some(g);
            } else {
                b.push(Open {
                    kind: Kind::Lead,
                    start: g.start,
                    line: g.line,
                    title: (g.start, g.end),
                    body: (g.end, g.end),
                    stamp: None,
                });
            }
        } else if lead_end > gap_start {
            b.lead_from_lines(gap_start, lead_end, gap_line);
        }

        match ev.kind {
            EventKind::Blank => {}
            EventKind::Stamp(st) => {
                let (start, line, title) = if let Some(g) = glued.take() {
                    (g.start, g.line, (g.start, g.end))
                } else if let Some(p) = title_line {
                    let end = b.content_end_before(ev.start);
                    (p, ev.line - 1, (p, end))
                } else {
                    (ev.start, ev.line, (ev.start, ev.start))
                };
                let split = st.time_end + (st.digits_end - st.time_end).min(b.width);
                b.push(Open {
                    kind: Kind::Item,
                    start,
                    line,
                    title,
                    // The summary's end moves back to the source's start
                    // once sources are resolved.
                    body: (ev.start, st.time_start),
                    stamp: Some((st, split)),
                });
                if split < ev.content_end {
                    glued = Some(Glued {
                        start: split,
                        end: ev.content_end,
                        line: ev.line,
                    });
                }
            }
        }
        gap_start = ev.next;
        gap_line = ev.line + ev.lines;
    }
    // The tail after the last event is text lines only.
    let end = bytes.len();
    if let Some(g) = glued.take() {
        let body = if gap_start < end {
            (gap_start, b.content_end_before(end).max(gap_start))
        } else {
            (g.end, g.end)
        };
        b.push(Open {
            kind: Kind::Lead,
            start: g.start,
            line: g.line,
            title: (g.start, g.end),
            body,
            stamp: None,
        });
    } else if gap_start < end {
        b.lead_from_lines(gap_start, end, gap_line);
    }
    if let Some(last) = b.open.take() {
        b.close(last, end);
    } else if end > from {
        // Only blank lines: one empty, untitled lead (FORMAT.md rule 8).
        b.close(
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
    let mut entries = b.entries;
    SourceResolver::resolve(bytes, &mut entries);
    entries
}
