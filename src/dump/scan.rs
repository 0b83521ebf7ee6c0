//! Pass one of the parse: a single memchr scan over the bytes that finds the
//! only lines the structure depends on — stamp lines and runs of blank lines.
//!
//! Every other line is ordinary text, and the builder never needs to look at it
//! line by line: it only needs to know where text runs start and end, which the
//! events below tell it. Keeping per-line work to a counter increment and one
//! comparison is what lets the scan run at memory speed.

use std::sync::atomic::{AtomicU64, Ordering};

use memchr::memchr2_iter;

/// Where a stamp's parts sit on its line (absolute byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StampAt {
    /// First byte of `YYYY-MM-DD`.
    pub time_start: usize,
    /// One past the date-time; the counters' digits start here.
    pub time_end: usize,
    /// One past the last digit of the run that follows the date-time.
    pub digits_end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    /// One or more consecutive blank lines.
    Blank,
    /// A line holding a stamp (its last one).
    Stamp(StampAt),
}

/// A line, or a run of blank lines, that shapes the article structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Event {
    pub kind: EventKind,
    /// Start of the (first) line.
    pub start: usize,
    /// End of the (last) line's text, before `\r\n` or `\n`.
    pub content_end: usize,
    /// Start of the line after this event (the input's length at the end).
    pub next: usize,
    /// 1-based line number of `start`.
    pub line: u64,
    /// Number of lines the event covers (1 for a stamp line).
    pub lines: u64,
    /// Start of the line before `start` (`None` on the first line).
    pub prev_start: Option<usize>,
}

/// How often each counter length occurs, for learning `W` (FORMAT.md rule 3).
#[derive(Debug, Default, Clone)]
pub(crate) struct Widths {
    /// Runs that end their line (the last stamp of each item run).
    ending: std::collections::BTreeMap<usize, u64>,
    /// All runs.
    all: std::collections::BTreeMap<usize, u64>,
}

impl Widths {
    fn add(&mut self, len: usize, ends_line: bool) {
        *self.all.entry(len).or_default() += 1;
        if ends_line {
            *self.ending.entry(len).or_default() += 1;
        }
    }

    /// The most common length of the runs that end their line, the shorter
    /// on a tie; where no run ends a line, the most common of all runs.
    pub fn learned(&self) -> Option<usize> {
        let pick = |m: &std::collections::BTreeMap<usize, u64>| {
            // Iterating shortest first and keeping the first maximum lets
            // the shorter length win a tie.
            let mut best: Option<(usize, u64)> = None;
            for (&len, &n) in m {
                if best.is_none_or(|(_, b)| n > b) {
                    best = Some((len, n));
                }
            }
            best.map(|(len, _)| len)
        };
        pick(&self.ending).or_else(|| pick(&self.all))
    }
}

/// What pass one learns besides the events.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Number of lines in the input (a final line without `\n` counts).
    pub lines: u64,
    /// Counter lengths seen.
    pub widths: Widths,
}

/// Scans `bytes[from..]` (`from` skips a BOM) and hands each event to
/// `sink`, in order; offsets are absolute. Runs of blank lines arrive as
/// one event.
pub(crate) fn scan(
    bytes: &[u8],
    from: usize,
    progress: Option<&AtomicU64>,
    mut sink: impl FnMut(Event),
) -> Scan {
    // Where the next progress report is due: one every few megabytes costs
    // one comparison a line.
    const REPORT_EVERY: usize = 4 << 20;
    let mut next_report = from + REPORT_EVERY;
    let mut out = Scan::default();
    let mut line_start = from;
    let mut line_no: u64 = 1;
    let mut prev_start: Option<usize> = None;
    let mut stamp: Option<StampAt> = None;
    let mut blank: Option<Event> = None;

    let mut finish_line = |start: usize,
                           end: usize,
                           next: usize,
                           line_no: u64,
                           prev: Option<usize>,
                           stamp: Option<StampAt>,
                           out: &mut Scan| {
        let content_end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let event = |kind| Event {
            kind,
            start,
            content_end,
            next,
            line: line_no,
            lines: 1,
            prev_start: prev,
        };
        if stamp.is_none() && is_blank(&bytes[start..content_end]) {
            match &mut blank {
                Some(run) => {
                    run.content_end = content_end;
                    run.next = next;
                    run.lines += 1;
                }
                None => blank = Some(event(EventKind::Blank)),
            }
            return;
        }
        if let Some(run) = blank.take() {
            sink(run);
        }
        if let Some(st) = stamp {
            out.widths
                .add(st.digits_end - st.time_end, st.digits_end == content_end);
            sink(event(EventKind::Stamp(st)));
        }
    };

    for pos in memchr2_iter(b'\n', b'-', &bytes[from..]) {
        let pos = pos + from;
        if bytes[pos] == b'-' {
            // Only a dash that can be the first one of `YYYY-MM-DD` is worth a look.
            if pos >= line_start + 4
                && bytes.get(pos + 3) == Some(&b'-')
                && let Some(st) = stamp_at(bytes, pos - 4)
            {
                stamp = Some(st);
            }
            continue;
        }
        if pos >= next_report {
            if let Some(p) = progress {
                p.store(pos as u64, Ordering::Relaxed);
            }
            next_report = pos + REPORT_EVERY;
        }
        finish_line(
            line_start,
            pos,
            pos + 1,
            line_no,
            prev_start,
            stamp.take(),
            &mut out,
        );
        prev_start = Some(line_start);
        line_start = pos + 1;
        line_no += 1;
    }
    if line_start < bytes.len() {
        finish_line(
            line_start,
            bytes.len(),
            bytes.len(),
            line_no,
            prev_start,
            stamp.take(),
            &mut out,
        );
        out.lines = line_no;
    } else {
        out.lines = line_no - 1;
    }
    if let Some(run) = blank.take() {
        sink(run);
    }
    out
}

/// A line that carries no text: empty, or only ASCII white space and
/// ideographic spaces (U+3000), which scrapes use for indentation.
pub(crate) fn is_blank(line: &[u8]) -> bool {
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b' ' | b'\t' | b'\x0b' | b'\x0c' | b'\r' => i += 1,
            0xE3 if line.get(i + 1) == Some(&0x80) && line.get(i + 2) == Some(&0x80) => i += 3,
            _ => return false,
        }
    }
    true
}

/// Matches `\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?` at `s` followed by at least
/// one digit (FORMAT.md rule 2). The seconds group is greedy: when it matches,
/// the regex would not backtrack into a stamp anyway, because `:` is no digit.
pub(crate) fn stamp_at(b: &[u8], s: usize) -> Option<StampAt> {
    let d = |i: usize| b.get(s + i).is_some_and(u8::is_ascii_digit);
    let c = |i: usize, ch: u8| b.get(s + i) == Some(&ch);
    let shape = d(0)
        && d(1)
        && d(2)
        && d(3)
        && c(4, b'-')
        && d(5)
        && d(6)
        && c(7, b'-')
        && d(8)
        && d(9)
        && c(10, b' ')
        && d(11)
        && d(12)
        && c(13, b':')
        && d(14)
        && d(15);
    if !shape {
        return None;
    }
    let mut end = 16;
    if c(16, b':') && d(17) && d(18) {
        end = 19;
    }
    let time_end = s + end;
    let digits = b[time_end..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (digits > 0).then_some(StampAt {
        time_start: s,
        time_end,
        digits_end: time_end + digits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamp_needs_a_digit_after_the_time() {
        let b = b"x2024-05-02 08:30:15";
        assert_eq!(stamp_at(b, 1), None);
        let b = b"x2024-05-02 08:30:150001";
        assert_eq!(
            stamp_at(b, 1),
            Some(StampAt {
                time_start: 1,
                time_end: 20,
                digits_end: 24
            })
        );
    }

    #[test]
    fn stamp_without_seconds() {
        let b = b"2024-05-02 08:300001";
        let st = stamp_at(b, 0).unwrap();
        assert_eq!((st.time_end, st.digits_end), (16, 20));
        // `08:30:1` has no two-digit seconds, so `:` ends it: no stamp.
        assert_eq!(stamp_at(b"2024-05-02 08:30:1", 0), None);
    }

    fn events(b: &[u8]) -> (Vec<Event>, Scan) {
        let mut events = Vec::new();
        let s = scan(b, 0, None, |e| events.push(e));
        (events, s)
    }

    #[test]
    fn events_for_blank_runs_and_stamps() {
        let b = "\n \n标题\n摘要。源2024-01-01 00:00:000001\n\n".as_bytes();
        let (events, s) = events(b);
        assert_eq!(events.len(), 3);
        assert_eq!(events[0].kind, EventKind::Blank);
        assert_eq!(events[0].lines, 2);
        assert!(matches!(events[1].kind, EventKind::Stamp(_)));
        assert_eq!(events[1].line, 4);
        assert_eq!(events[1].prev_start, Some(3));
        assert_eq!(events[2].kind, EventKind::Blank);
        assert_eq!(s.lines, 5);
        assert_eq!(s.widths.learned(), Some(4));
    }

    #[test]
    fn last_stamp_of_a_line_wins() {
        let b = "a2024-01-01 00:00:001b2024-02-02 00:00:002".as_bytes();
        let (events, _) = events(b);
        let EventKind::Stamp(st) = events[0].kind else {
            panic!("no stamp")
        };
        assert_eq!(st.time_start, 22);
    }

    #[test]
    fn ideographic_space_is_blank() {
        assert!(is_blank("\u{3000} \t".as_bytes()));
        assert!(!is_blank("\u{3001}".as_bytes()));
    }
}
