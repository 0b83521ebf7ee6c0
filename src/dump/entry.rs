//! The compact per-article record the index keeps: 56 bytes, so that a dump
//! of a million articles costs 56 MB of index and no text at all.

use std::ops::Range;

use super::Kind;
use super::scan::StampAt;

/// Byte offsets of one article and of its parts. Part offsets are stored
/// relative to the span's start in 32 bits; an article longer than 4 GiB
/// (a pathological single line) keeps its full span, and its parts are
/// clamped to the first 4 GiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    offset: u64,
    len: u64,
    line: u64,
    title: [u32; 2],
    body: [u32; 2],
    /// Item only: start of the date-time, start and end of the counters.
    /// The source runs from `body[1]` to `time`.
    time: u32,
    counters: [u32; 2],
    kind: Kind,
}

const _: () = assert!(std::mem::size_of::<Entry>() <= 64);

impl Entry {
    pub(crate) fn new(
        kind: Kind,
        start: usize,
        end: usize,
        line: u64,
        title: (usize, usize),
        body: (usize, usize),
        stamp: Option<(StampAt, usize)>,
    ) -> Entry {
        let rel = |x: usize| u32::try_from(x.saturating_sub(start)).unwrap_or(u32::MAX);
        let (time, counters) = match stamp {
            Some((st, split)) => (rel(st.time_start), [rel(st.time_end), rel(split)]),
            None => (0, [0, 0]),
        };
        Entry {
            offset: start as u64,
            len: (end - start) as u64,
            line,
            title: [rel(title.0), rel(title.1)],
            body: [rel(body.0), rel(body.1)],
            time,
            counters,
            kind,
        }
    }

    /// Lead or item.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The raw span in the input: where the article starts.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The raw span's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// True for a zero-length span (only an empty input has none).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The raw span as a range of input offsets.
    pub fn span(&self) -> Range<u64> {
        self.offset..self.offset + self.len
    }

    /// 1-based line of the title: where the article visibly starts. It is
    /// the span's first line except after leading blank lines, and for an
    /// untitled item it is the summary's line.
    pub fn line(&self) -> u64 {
        self.line
    }

    fn range(&self, r: [u32; 2]) -> Range<usize> {
        r[0] as usize..r[1] as usize
    }

    /// Title, relative to the span.
    pub(crate) fn title_range(&self) -> Range<usize> {
        self.range(self.title)
    }

    /// Body (a lead's lines after the title, an item's summary), relative.
    pub(crate) fn body_range(&self) -> Range<usize> {
        self.range(self.body)
    }

    /// Item only: source, date-time and counters, relative to the span.
    pub(crate) fn stamp_ranges(&self) -> Option<[Range<usize>; 3]> {
        (self.kind == Kind::Item).then(|| {
            [
                self.body[1] as usize..self.time as usize,
                self.time as usize..self.counters[0] as usize,
                self.range(self.counters),
            ]
        })
    }

    /// Absolute offsets of the summary and the date-time, for the source
    /// resolver.
    pub(crate) fn summary_and_time_abs(&self) -> Option<(usize, usize)> {
        (self.kind == Kind::Item).then(|| (self.abs(self.body[0]), self.abs(self.time)))
    }

    /// Moves the end of an item's summary back so that the source is the
    /// last `source_len` bytes before the date-time.
    pub(crate) fn set_source_len(&mut self, source_len: usize) {
        self.body[1] = self
            .time
            .saturating_sub(source_len as u32)
            .max(self.body[0]);
    }

    fn abs(&self, rel: u32) -> usize {
        self.offset as usize + rel as usize
    }
}
