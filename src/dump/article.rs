//! A view of one article: its entry plus the bytes of its raw span. Every
//! accessor decodes on demand; invalid UTF-8 reads as U+FFFD (rule 9).

use std::borrow::Cow;
use std::sync::Arc;

use memchr::memmem;

use super::{Entry, Kind};
use crate::json::Decoded;

/// Bytes as text, invalid UTF-8 as U+FFFD (rule 9). Valid text — nearly
/// all of it — is checked at SIMD speed and borrowed; the standard
/// library's lossy decoder walks it a byte at a time.
pub(crate) fn lossy(b: &[u8]) -> Cow<'_, str> {
    match simdutf8::basic::from_utf8(b) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(b),
    }
}

/// At most `max` bytes of `b`, cut back to a character's start.
pub fn head(b: &[u8], max: usize) -> &[u8] {
    let mut cut = b.len().min(max);
    while cut > 0 && cut < b.len() && b[cut] & 0xC0 == 0x80 {
        cut -= 1;
    }
    &b[..cut]
}

/// [`head`] as text.
pub fn lossy_head(b: &[u8], max: usize) -> String {
    lossy(head(b, max)).into_owned()
}

/// Longest line, in characters, that can be a heading (rule 7).
pub const MAX_HEADING_CHARS: usize = 24;

/// One article, borrowed from the input: a page dump's, whose parts are
/// read from its bytes, or a JSON record's, decoded once when the view is
/// made. Either way the accessors below are all a reader needs.
#[derive(Debug, Clone)]
pub struct Article<'a> {
    id: usize,
    entry: Entry,
    raw: &'a [u8],
    record: Option<Arc<Decoded>>,
}

/// A line of an article's body, classified for layout (rule 7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    /// Running text.
    Paragraph(Cow<'a, str>),
    /// A short line between paragraphs (lead bodies only).
    Heading(Cow<'a, str>),
    /// A line that is one URL.
    Link(Cow<'a, str>),
}

impl<'a> Article<'a> {
    pub(crate) fn new(id: usize, entry: Entry, raw: &'a [u8]) -> Article<'a> {
        Article::with_decoder(id, entry, raw, &mut |json| Arc::new(Decoded::new(json)))
    }

    /// [`Article::new`], a record decoded by `decode` (which may have done
    /// it before: the corpus keeps the records on screen decoded).
    pub(crate) fn with_decoder(
        id: usize,
        entry: Entry,
        raw: &'a [u8],
        decode: &mut dyn FnMut(&[u8]) -> Arc<Decoded>,
    ) -> Article<'a> {
        let record = (entry.kind() == Kind::Record).then(|| {
            let r = entry.record_range();
            let end = r.end.min(raw.len());
            decode(&raw[r.start.min(end)..end])
        });
        Article {
            id,
            entry,
            raw,
            record,
        }
    }

    /// A JSON record's decoded fields; `None` for a page dump's article.
    pub fn record(&self) -> Option<&Decoded> {
        self.record.as_deref()
    }

    /// A JSON record's own bytes (the JSON as the file has it); `None` for
    /// a page dump's article.
    pub fn record_json(&self) -> Option<&'a [u8]> {
        self.record.as_ref()?;
        Some(self.part(self.entry.record_range()))
    }

    /// Why a JSON record is no article (invalid JSON, no title and no
    /// body, …), for an error row; `None` for every good article.
    pub fn record_error(&self) -> Option<String> {
        Some(self.record.as_ref()?.error()?.to_string())
    }

    /// Whether this is a JSON record that is no article (see
    /// [`Article::record_error`]): an error row, which no search or
    /// filter takes.
    pub fn is_bad_record(&self) -> bool {
        self.record.as_ref().is_some_and(|d| d.error().is_some())
    }

    /// 1-based position in the corpus (in a single file, in the file);
    /// what `show` takes.
    pub fn id(&self) -> usize {
        self.id
    }

    /// The same article under its corpus-wide id.
    pub(crate) fn renumbered(self, id: usize) -> Article<'a> {
        Article { id, ..self }
    }

    /// The index entry behind this view.
    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    /// Lead or item.
    pub fn kind(&self) -> Kind {
        self.entry.kind()
    }

    /// The raw span's bytes, exactly as in the input.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    fn part(&self, r: std::ops::Range<usize>) -> &'a [u8] {
        let end = r.end.min(self.raw.len());
        &self.raw[r.start.min(end)..end]
    }

    /// The title's bytes.
    pub fn title_bytes(&self) -> &[u8] {
        match &self.record {
            Some(r) => r.title().as_bytes(),
            None => self.part(self.entry.title_range()),
        }
    }

    /// The title; empty for an untitled article.
    pub fn title(&self) -> Cow<'_, str> {
        lossy(self.title_bytes())
    }

    /// True when the article has no title (rule 5: a run that starts the
    /// file, or a file of blank lines).
    pub fn is_untitled(&self) -> bool {
        self.title_bytes().iter().all(u8::is_ascii_whitespace)
    }

    /// The title, or for an untitled article the start of its body, so a
    /// list always has something to show; the flag says which it is.
    pub fn display_title(&self) -> (Cow<'_, str>, bool) {
        if !self.is_untitled() {
            return (self.title(), false);
        }
        let first = self
            .body_lines()
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        (lossy(first), true)
    }

    /// [`Article::display_title`] of at most about `max_bytes` bytes: a
    /// list row shows a few dozen columns of a title, and a title can be a
    /// 50 MB line.
    pub fn display_title_head(&self, max_bytes: usize) -> (Cow<'_, str>, bool) {
        let untitled = self.is_untitled();
        let raw = if untitled {
            self.body_lines()
                .find(|l| !l.is_empty())
                .unwrap_or_default()
        } else {
            self.title_bytes()
        };
        (lossy(head(raw, max_bytes)), untitled)
    }

    /// The body's raw bytes: a lead's lines after the title, an item's
    /// summary. Line ends inside are kept as in the input.
    pub fn body_bytes(&self) -> &[u8] {
        match &self.record {
            Some(r) => r.body().as_bytes(),
            None => self.part(self.entry.body_range()),
        }
    }

    /// The body's lines without their `\n` or `\r\n`.
    pub fn body_lines(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let body = self.body_bytes();
        let mut rest = (!body.is_empty()).then_some(body);
        std::iter::from_fn(move || {
            let text = rest?;
            let (line, next) = match memchr::memchr(b'\n', text) {
                Some(i) => (&text[..i], Some(&text[i + 1..])),
                None => (text, None),
            };
            rest = next;
            Some(line.strip_suffix(b"\r").unwrap_or(line))
        })
    }

    /// The body as text: lines joined by `\n`, without the stamp (the export
    /// schema's `body`).
    pub fn body(&self) -> String {
        let mut out = String::with_capacity(self.body_bytes().len());
        for (i, line) in self.body_lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&lossy(line));
        }
        out
    }

    /// An item's source, date-time and counters as raw bytes; a JSON
    /// record's site and time (`YYYY-MM-DD HH:MM:SS` when it parsed) and no
    /// counters, each empty when the record has none.
    pub fn stamp_bytes(&self) -> Option<[&[u8]; 3]> {
        match &self.record {
            Some(r) => Some([r.site().as_bytes(), r.time().as_bytes(), b""]),
            None => self.dump_stamp_bytes(),
        }
    }

    /// A page dump's item's source, date-time and counters, borrowed from
    /// the input itself (they outlive the view); `None` for a lead and for
    /// a JSON record.
    pub fn dump_stamp_bytes(&self) -> Option<[&'a [u8]; 3]> {
        let [s, t, c] = self.entry.stamp_ranges()?;
        Some([self.part(s), self.part(t), self.part(c)])
    }

    fn stamp_part(&self, i: usize) -> Option<Cow<'_, str>> {
        Some(lossy(self.stamp_bytes()?[i]))
    }

    /// An item's source (possibly empty, rule 4); `None` for a lead.
    pub fn source(&self) -> Option<Cow<'_, str>> {
        self.stamp_part(0)
    }

    /// An item's date-time as written (`YYYY-MM-DD HH:MM[:SS]`).
    pub fn time(&self) -> Option<Cow<'_, str>> {
        self.stamp_part(1)
    }

    /// An item's counters, the first `W` digits after the date-time.
    pub fn counters(&self) -> Option<Cow<'_, str>> {
        self.stamp_part(2)
    }

    /// The body classified line by line for layout. An item's summary is one
    /// paragraph; a lead's lines are headings, links or paragraphs.
    pub fn blocks(&self) -> impl Iterator<Item = Block<'_>> + '_ {
        // A record's text is a story's, as a lead's is.
        let lead = self.kind() != Kind::Item;
        self.body_lines().map(move |line| {
            let text = lossy(line);
            if is_link_line(&text) {
                Block::Link(text)
            } else if lead && is_heading(&text) {
                Block::Heading(text)
            } else {
                Block::Paragraph(text)
            }
        })
    }

    /// A lead's heading lines, in order (rule 7); none for an item.
    pub fn headings(&self) -> Vec<Cow<'_, str>> {
        self.blocks()
            .filter_map(|b| match b {
                Block::Heading(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// Every URL in the title and body, in order, each once (rule 7).
    pub fn links(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        [self.title_bytes(), self.body_bytes()]
            .into_iter()
            .flat_map(links_in)
            .filter(|url| seen.insert(*url))
            .map(|url| lossy(url).into_owned())
            .collect()
    }
}

/// A heading: a line of at most 24 characters that does not end in
/// `。,,;;、` (full-width and half-width comma and semicolon) and is not a URL
/// (rule 7).
pub fn is_heading(line: &str) -> bool {
    let trimmed = line.trim_end();
    !trimmed.is_empty()
        && trimmed.chars().nth(MAX_HEADING_CHARS).is_none()
        && !trimmed.ends_with(['。', '，', ',', '；', ';', '、'])
        && !is_link_line(trimmed)
}

/// A line that is exactly one `http(s)://` URL, give or take white space.
pub fn is_link_line(line: &str) -> bool {
    let t = line.trim();
    let bytes = t.as_bytes();
    !t.is_empty()
        && scheme_len(bytes).is_some_and(|_| {
            links_in(bytes)
                .next()
                .is_some_and(|u| u.len() == bytes.len())
        })
}

fn scheme_len(b: &[u8]) -> Option<usize> {
    if b.starts_with(b"https://") {
        Some(8)
    } else if b.starts_with(b"http://") {
        Some(7)
    } else {
        None
    }
}

/// The URLs in `text`, in order. A URL runs from `http://` or `https://` to
/// the first white space, control, non-ASCII character or `<>"` — scrapes
/// glue Chinese text straight onto URLs — minus trailing punctuation that
/// ends the sentence rather than the URL.
pub fn links_in(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let finder = memmem::find_iter(text, b"http");
    let mut consumed = 0;
    finder.filter_map(move |start| {
        if start < consumed {
            return None;
        }
        let scheme = scheme_len(&text[start..])?;
        let rest = &text[start + scheme..];
        let mut len = rest
            .iter()
            .position(|&c| !is_url_byte(c))
            .unwrap_or(rest.len());
        // Counted once: stripping a closer only lowers its own count.
        let (open_paren, mut close_paren) = (count(&rest[..len], b'('), count(&rest[..len], b')'));
        let (open_bracket, mut close_bracket) =
            (count(&rest[..len], b'['), count(&rest[..len], b']'));
        while len > 0 {
            let last = rest[len - 1];
            let strip = match last {
                b')' if open_paren < close_paren => {
                    close_paren -= 1;
                    true
                }
                b']' if open_bracket < close_bracket => {
                    close_bracket -= 1;
                    true
                }
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' => true,
                _ => false,
            };
            if !strip {
                break;
            }
            len -= 1;
        }
        if len == 0 {
            return None;
        }
        consumed = start + scheme + len;
        Some(&text[start..consumed])
    })
}

fn count(b: &[u8], c: u8) -> usize {
    b.iter().filter(|&&x| x == c).count()
}

fn is_url_byte(c: u8) -> bool {
    c.is_ascii_graphic()
        && !matches!(
            c,
            b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
        )
}
