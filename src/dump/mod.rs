//! The page-dump model: parse bytes into an [`Index`] of article spans, then
//! read each [`Article`]'s parts from the bytes on demand.
//!
//! ```
//! use newsdump::dump::Index;
//!
//! let bytes = "新品发布\n第一段正文。\n".as_bytes();
//! let index = Index::parse(bytes);
//! let article = index.article(bytes, 0).unwrap();
//! assert_eq!(article.title(), "新品发布");
//! assert_eq!(article.body(), "第一段正文。");
//! ```
//!
//! FORMAT.md is the contract; the numbered rules it gives are cited where
//! the code keeps them.

mod article;
mod build;
mod entry;
mod scan;
mod source;

use std::sync::atomic::AtomicU64;
use std::time::Duration;

pub use article::{Article, Block, head, links_in, lossy_head};
pub use build::DEFAULT_COUNTER_WIDTH;
pub use entry::Entry;
pub use source::MAX_SOURCE_CHARS;

/// How much of a file the counter width is first guessed from.
const WIDTH_PREFIX: usize = 1 << 20;

/// The counter width learned from the first few MB, cut at a line end.
fn prefix_counter_width(bytes: &[u8], from: usize) -> usize {
    let end = if bytes.len() - from <= WIDTH_PREFIX {
        bytes.len()
    } else {
        let cut = from + WIDTH_PREFIX;
        memchr::memrchr(b'\n', &bytes[from..cut]).map_or(cut, |i| from + i + 1)
    };
    scan::scan(&bytes[..end], from, None, |_| {})
        .widths
        .learned()
        .unwrap_or(DEFAULT_COUNTER_WIDTH)
}

/// The UTF-8 byte order mark, skipped at the start of the input (rule 1).
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The two kinds of article FORMAT.md knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    /// A page's main story: title line, paragraphs, headings, links.
    Lead,
    /// A related-news entry: title, one-line summary, stamp.
    Item,
    /// A record of a JSON file (JSON Lines, an array, a `.json` file).
    Record,
}

impl Kind {
    /// The name used in exports: `lead` or `item`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lead => "lead",
            Kind::Item => "item",
            Kind::Record => "record",
        }
    }
}

/// The parsed structure of a dump: one [`Entry`] per article, in file order.
/// It holds offsets only; text is decoded from the input when asked for.
#[derive(Debug, Clone, Default)]
pub struct Index {
    entries: Vec<Entry>,
    counter_width: usize,
    bom: bool,
    input_len: u64,
    lines: u64,
    parse_time: Duration,
    json: bool,
    /// What is wrong with a JSON file as a whole (an array cut short).
    problem: Option<Box<str>>,
}

impl Index {
    /// Parses a whole dump. Never fails: any bytes give a best-effort index
    /// whose spans partition the input (BOM aside).
    pub fn parse(bytes: &[u8]) -> Index {
        Index::parse_with_progress(bytes, None)
    }

    /// [`Index::parse`], storing in `progress` how many bytes are done, now
    /// and then, for a reader that shows it.
    pub fn parse_with_progress(bytes: &[u8], progress: Option<&AtomicU64>) -> Index {
        let started = std::time::Instant::now();
        let bom = bytes.starts_with(BOM);
        let from = if bom { BOM.len() } else { 0 };
        if let Some(shape) = crate::json::shape::detect(bytes) {
            let (entries, lines, problem) = json_entries(bytes, from, shape, progress);
            return Index {
                entries,
                counter_width: DEFAULT_COUNTER_WIDTH,
                bom,
                input_len: bytes.len() as u64,
                lines,
                parse_time: started.elapsed(),
                json: true,
                problem: problem.map(Into::into),
            };
        }
        if bytes.len() - from <= WIDTH_PREFIX {
            // A page of a scrape: one scan, its events kept, the width
            // learned, then the articles built from the events.
            let mut events = Vec::new();
            let scan = scan::scan(bytes, from, progress, |ev| events.push(ev));
            let counter_width = scan.widths.learned().unwrap_or(DEFAULT_COUNTER_WIDTH);
            let mut builder = build::Builder::new(bytes, from, counter_width);
            for ev in events {
                builder.event(ev);
            }
            return Index {
                entries: builder.finish(),
                counter_width,
                bom,
                input_len: bytes.len() as u64,
                lines: scan.lines,
                parse_time: started.elapsed(),
                json: false,
                problem: None,
            };
        }
        // The counter width shapes the articles but is learned from the
        // whole file (rule 3). Guess it from a prefix, build in one pass, and
        // build again in the rare file where the whole disagrees.
        let guess = prefix_counter_width(bytes, from);
        let mut builder = build::Builder::new(bytes, from, guess);
        let scan = scan::scan(bytes, from, progress, |ev| builder.event(ev));
        let counter_width = scan.widths.learned().unwrap_or(DEFAULT_COUNTER_WIDTH);
        let entries = if counter_width == guess {
            builder.finish()
        } else {
            drop(builder);
            let mut builder = build::Builder::new(bytes, from, counter_width);
            scan::scan(bytes, from, progress, |ev| builder.event(ev));
            builder.finish()
        };
        Index {
            entries,
            counter_width,
            bom,
            input_len: bytes.len() as u64,
            lines: scan.lines,
            parse_time: started.elapsed(),
            json: false,
            problem: None,
        }
    }

    /// An index from its parts (a cache of indexes read back), or `None`
    /// when they cannot be an index of `input_len` bytes: the spans must
    /// partition the input after the BOM, in order (FORMAT.md rule 8).
    pub fn from_parts(
        entries: Vec<Entry>,
        counter_width: usize,
        bom: bool,
        input_len: u64,
        lines: u64,
    ) -> Option<Index> {
        let mut at = if bom { BOM.len() as u64 } else { 0 };
        for e in &entries {
            if e.offset() != at {
                return None;
            }
            at = e.span().end;
        }
        let whole = entries.is_empty() && at >= input_len || at == input_len;
        let records = entries.iter().filter(|e| e.kind() == Kind::Record).count();
        // A file is all records or none.
        let one_format = records == 0 || records == entries.len();
        (whole && one_format && counter_width > 0 && counter_width < 64).then_some(Index {
            json: records > 0,
            problem: None,
            entries,
            counter_width,
            bom,
            input_len,
            lines,
            parse_time: Duration::ZERO,
        })
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the input held no article (it was empty, or just a BOM).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Moves the entries to a fresh allocation of exactly their size, made
    /// by the calling thread (see `input::Document::rehome`).
    pub fn rehome(&mut self) {
        self.entries = self.entries.as_slice().to_vec();
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The article at `i` (0-based), reading its text from `bytes`, which
    /// must be the input this index was parsed from.
    pub fn article<'a>(&self, bytes: &'a [u8], i: usize) -> Option<Article<'a>> {
        let e = self.entries.get(i)?;
        let span = e.span();
        let raw = bytes.get(span.start as usize..span.end as usize)?;
        Some(Article::new(i + 1, *e, raw))
    }

    /// [`Index::article`], a JSON record decoded by `decode` (a cache's).
    pub fn article_decoded<'a>(
        &self,
        bytes: &'a [u8],
        i: usize,
        decode: &mut dyn FnMut(&[u8]) -> std::sync::Arc<crate::json::Decoded>,
    ) -> Option<Article<'a>> {
        let e = self.entries.get(i)?;
        let span = e.span();
        let raw = bytes.get(span.start as usize..span.end as usize)?;
        Some(Article::with_decoder(i + 1, *e, raw, decode))
    }

    /// All articles in file order.
    pub fn articles<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = Article<'a>> + 'a {
        (0..self.len()).filter_map(move |i| self.article(bytes, i))
    }

    /// What is wrong with a JSON file as a whole, if anything: an array
    /// cut short after its last whole record (a record cut in two is a bad
    /// record of its own).
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Whether the file is JSON records rather than a page dump.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// The counter width `W` learned from the file (rule 3).
    pub fn counter_width(&self) -> usize {
        self.counter_width
    }

    /// Whether the input started with a UTF-8 BOM.
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// Length of the input in bytes.
    pub fn input_len(&self) -> u64 {
        self.input_len
    }

    /// Number of lines in the input.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// How long [`Index::parse`] took.
    pub fn parse_time(&self) -> Duration {
        self.parse_time
    }
}

/// The entries of a JSON file's records. Each record's entry spans from
/// the end of the one before to the start of the next (the brackets,
/// commas and blank lines between them included), so that spans
/// partition the input as a dump's do; the record's own bytes are its
/// entry's title range. Whatever follows where an array breaks is one
/// last record, which decodes as the error it is.
fn json_entries(
    bytes: &[u8],
    from: usize,
    shape: crate::json::shape::Shape,
    progress: Option<&AtomicU64>,
) -> (Vec<Entry>, u64, Option<String>) {
    use crate::json::shape;
    let (mut spans, broken) = shape::records(bytes, shape);
    let mut problem = None;
    if let Some(why) = broken {
        let mut at = spans.last().map_or(from, |s| s.bytes.end);
        while bytes.get(at).is_some_and(|&b| {
            b.is_ascii_whitespace() || b == b',' || (spans.is_empty() && b == b'[')
        }) {
            at += 1;
        }
        if at < bytes.len() {
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64;
            spans.push(shape::Span {
                bytes: at..bytes.len(),
                line,
            });
        } else {
            problem = Some(why);
        }
    }
    let mut entries = Vec::with_capacity(spans.len());
    let mut start = from;
    for (i, s) in spans.iter().enumerate() {
        let end = spans.get(i + 1).map_or(bytes.len(), |n| n.bytes.start);
        entries.push(Entry::record(start, end, s.line, s.bytes.clone()));
        start = end;
    }
    if let Some(p) = progress {
        p.store(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
    }
    let newlines = match (shape, spans.last()) {
        // JSON Lines: the last record's line says how many came before.
        (shape::Shape::Lines, Some(s)) => {
            s.line - 1 + memchr::memchr_iter(b'\n', &bytes[s.bytes.start..]).count() as u64
        }
        _ => memchr::memchr_iter(b'\n', bytes).count() as u64,
    };
    let lines = newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"));
    (entries, lines, problem)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod parts_tests {
    use super::*;

    #[test]
    fn an_index_survives_its_parts() {
        let text = "\u{feff}头条\n正文。\n条目一\n摘要。快讯社2024-05-02 08:30:150001条目二\n摘要二。快讯社2024-05-03 09:00:000002\n";
        let index = Index::parse(text.as_bytes());
        let mut bytes = Vec::new();
        for e in index.entries() {
            e.write_to(&mut bytes);
        }
        let entries: Vec<Entry> = bytes
            .chunks(Entry::STORED_LEN)
            .map(|b| Entry::read_from(b).unwrap())
            .collect();
        assert_eq!(entries, index.entries());
        let back = Index::from_parts(
            entries.clone(),
            index.counter_width(),
            index.has_bom(),
            index.input_len(),
            index.lines(),
        )
        .unwrap();
        assert_eq!(back.entries(), index.entries());
        // A span moved, a span missing, a bad kind: refused.
        let mut moved = entries.clone();
        moved.swap(0, 1);
        assert!(Index::from_parts(moved, 4, true, index.input_len(), 5).is_none());
        assert!(Index::from_parts(entries[1..].to_vec(), 4, true, index.input_len(), 5).is_none());
        assert!(Index::from_parts(entries.clone(), 4, true, index.input_len() + 1, 5).is_none());
        let mut bad = bytes[..Entry::STORED_LEN].to_vec();
        bad[52] = 7;
        assert!(Entry::read_from(&bad).is_none());
        assert!(Entry::read_from(&bytes[..10]).is_none());
    }
}
