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

    /// A JSON record's entry: its span `start..end` in the file, the line
    /// its record starts on, and the record's own bytes (`value`, absolute).
    pub(crate) fn record(start: usize, end: usize, line: u64, value: Range<usize>) -> Entry {
        let rel = |x: usize| u32::try_from(x.saturating_sub(start)).unwrap_or(u32::MAX);
        let value = [rel(value.start), rel(value.end)];
        Entry {
            offset: start as u64,
            len: (end - start) as u64,
            line,
            title: value,
            body: value,
            time: 0,
            counters: [0, 0],
            kind: Kind::Record,
        }
    }

    /// Bytes an entry takes in [`Entry::write_to`]'s form.
    pub const STORED_LEN: usize = 53;

    /// Appends the entry in a fixed little-endian form, for a cache of
    /// indexes.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.offset.to_le_bytes());
        out.extend_from_slice(&self.len.to_le_bytes());
        out.extend_from_slice(&self.line.to_le_bytes());
        for x in self
            .title
            .iter()
            .chain(&self.body)
            .chain([&self.time])
            .chain(&self.counters)
        {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.push(self.kind as u8);
    }

    /// An entry from [`Entry::write_to`]'s form, or `None` when the bytes
    /// cannot be one (a damaged cache): every part must lie in the span,
    /// in order.
    pub fn read_from(b: &[u8]) -> Option<Entry> {
        let b: &[u8; Entry::STORED_LEN] = b.get(..Entry::STORED_LEN)?.try_into().ok()?;
        let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap_or([0; 4]));
        let kind = match b[52] {
            0 => Kind::Lead,
            1 => Kind::Item,
            2 => Kind::Record,
            _ => return None,
        };
        let e = Entry {
            offset: u64_at(0),
            len: u64_at(8),
            line: u64_at(16),
            title: [u32_at(24), u32_at(28)],
            body: [u32_at(32), u32_at(36)],
            time: u32_at(40),
            counters: [u32_at(44), u32_at(48)],
            kind,
        };
        let len = e.len.min(u64::from(u32::MAX)) as u32;
        let ordered = |r: [u32; 2]| r[0] <= r[1] && r[1] <= len;
        let stamp_ok = kind != Kind::Item
            || (e.body[1] <= e.time && e.time <= e.counters[0] && ordered(e.counters));
        (e.offset.checked_add(e.len).is_some()
            && e.line >= 1
            && ordered(e.title)
            && ordered(e.body)
            && stamp_ok)
            .then_some(e)
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

    /// A record's own bytes, relative to the span.
    pub(crate) fn record_range(&self) -> Range<usize> {
        self.range(self.title)
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
