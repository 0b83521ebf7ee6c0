//! Finding articles: one matcher for the reader and the command line.
//!
//! A query matches an article when it occurs in its title, its source or
//! its body (never in the date-time or the counters). Matching is
//! case-insensitive and width-folded: `ＦＡＬＣＯＮ`, `Falcon` and `falcon` find
//! the same text. Rather than fold a gigabyte of text, the *query* is
//! folded into a byte-level regex — each character becomes the class of its
//! forms — and the regex crate scans the raw bytes with its literal
//! prefilters (memchr, Teddy), skipping to the next article after a hit.

pub mod select;

use std::sync::atomic::{AtomicBool, Ordering};

use regex::bytes::{Regex, RegexBuilder};

pub use select::{Filters, Sort, select, sort_rows};

use crate::dump::{Article, Index};

/// How a query is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Plain text, case-insensitive and width-folded.
    #[default]
    Literal,
    /// A regular expression (the regex crate's syntax), case-insensitive.
    Regex,
}

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Matcher {
    regex: Regex,
    query: String,
    mode: Mode,
}

/// Why a query cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

/// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space fold to
/// their ASCII forms; everything else is itself.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The full-width form of a printable ASCII character.
fn full_width(c: char) -> Option<char> {
    matches!(c, '!'..='~')
        .then(|| char::from_u32(c as u32 + 0xFEE0))
        .flatten()
}

/// The naive fold the matcher agrees with: width-fold, then lowercase.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .flat_map(char::to_lowercase)
        .collect()
}

impl Matcher {
    /// Compiles `query`. An empty query (or only white space) is an error:
    /// it would match everything.
    pub fn new(query: &str, mode: Mode) -> Result<Matcher, QueryError> {
        if query.trim().is_empty() {
            return Err(QueryError("empty query".into()));
        }
        let pattern = match mode {
            Mode::Literal => literal_pattern(query),
            Mode::Regex => query.to_string(),
        };
        let regex = RegexBuilder::new(&pattern)
            .case_insensitive(true)
            // A query is typed by hand: keep its program small and fast.
            .size_limit(1 << 22)
            .build()
            .map_err(|e| QueryError(format!("bad regex: {}", first_line(&e.to_string()))))?;
        Ok(Matcher {
            regex,
            query: query.to_string(),
            mode,
        })
    }

    /// The query as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// How it is read.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Whether `text` contains a match.
    pub fn is_match(&self, text: &[u8]) -> bool {
        self.regex.is_match(text)
    }

    /// Byte ranges of the matches in `text`, for highlighting.
    pub fn find_ranges<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        self.regex
            .find_iter(text.as_bytes())
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
    }

    /// Whether the article matches: the query occurs in its title, source
    /// or body.
    pub fn matches(&self, a: &Article<'_>) -> bool {
        if self.is_match(a.title_bytes()) || self.is_match(a.body_bytes()) {
            return true;
        }
        a.stamp_bytes()
            .is_some_and(|[source, _, _]| self.is_match(source))
    }

    /// Calls `hit` with the index of every matching article, in file
    /// order. Scans the raw bytes; after a hit it skips to the next
    /// article. Stops early, returning false, when `cancel` is set (it is
    /// checked every few megabytes).
    pub fn scan(
        &self,
        bytes: &[u8],
        index: &Index,
        cancel: &AtomicBool,
        mut hit: impl FnMut(usize),
    ) -> bool {
        const CHUNK: usize = 8 << 20;
        let entries = index.entries();
        let mut pos = entries.first().map_or(0, |e| e.offset() as usize);
        let end = bytes.len();
        while pos < end {
            if cancel.load(Ordering::Relaxed) {
                return false;
            }
            let chunk_end = (pos + CHUNK).min(end);
            // Search to the end of the chunk's last article, so that no
            // match is cut in two at the chunk's edge.
            let last = article_at(index, chunk_end.saturating_sub(1));
            let limit = last
                .map_or(end, |i| entries[i].span().end as usize)
                .min(end);
            let haystack = &bytes[..limit];
            let mut at = pos;
            while let Some(m) = self.regex.find_at(haystack, at) {
                let Some(i) = article_at(index, m.start()) else {
                    break;
                };
                let next = entries[i].span().end as usize;
                if let Some(a) = index.article(bytes, i)
                    && self.matches(&a)
                {
                    hit(i);
                }
                if next <= at {
                    break;
                }
                at = next;
            }
            pos = limit.max(pos + 1);
        }
        true
    }
}

/// The article whose span holds byte `offset`.
pub fn article_at(index: &Index, offset: usize) -> Option<usize> {
    let entries = index.entries();
    let i = entries.partition_point(|e| e.offset() as usize <= offset);
    let i = i.checked_sub(1)?;
    (offset < entries[i].span().end as usize).then_some(i)
}

/// A regex that matches `query` case-insensitively and width-folded: each
/// printable ASCII character also matches its full-width form, a space
/// also an ideographic space.
fn literal_pattern(query: &str) -> String {
    let mut p = String::with_capacity(query.len() * 8);
    for c in query.chars().map(fold_width) {
        if c == ' ' {
            p.push_str("[ \u{3000}]");
        } else if let Some(wide) = full_width(c) {
            p.push('[');
            push_class_char(&mut p, c);
            p.push(wide);
            p.push(']');
        } else {
            p.push_str(&regex::escape(&c.to_string()));
        }
    }
    p
}

fn push_class_char(p: &mut String, c: char) {
    if matches!(c, '\\' | ']' | '[' | '^' | '-' | '&' | '~') {
        p.push('\\');
    }
    p.push(c);
}

fn first_line(s: &str) -> String {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str) -> Matcher {
        Matcher::new(q, Mode::Literal).unwrap()
    }

    #[test]
    fn case_and_width_fold() {
        for q in [
            "falcon 180b",
            "ＦＡＬＣＯＮ",
            "Falcon",
            "FALCON 180B",
            "ｆａｌｃｏｎ　１８０ｂ",
        ] {
            assert!(
                m(q).is_match("世界最强开源大模型Falcon 180B引爆全网".as_bytes()),
                "{q}"
            );
        }
        assert!(m("abc123").is_match("ＡＢＣ１２３".as_bytes()));
        assert!(!m("falcon 180c").is_match("Falcon 180B".as_bytes()));
    }

    #[test]
    fn chinese_queries() {
        assert!(m("站长网").is_match("消息来自站长网。".as_bytes()));
        assert!(m("推理极限").is_match("强化学习突破LLM推理极限".as_bytes()));
        assert!(!m("推理极").is_match("推 理极".as_bytes()));
    }

    #[test]
    fn regex_metacharacters_are_literal() {
        assert!(m("90MB/s").is_match(b"rate 90mb/s"));
        assert!(m("a.b").is_match(b"a.b"));
        assert!(!m("a.b").is_match(b"axb"));
        assert!(m("(CoT)").is_match("思维链(CoT)".as_bytes()));
        assert!(m("[x]").is_match(b"see [X]"));
        assert!(m("a-b^c").is_match(b"A-B^C"));
    }

    #[test]
    fn regex_mode() {
        let r = Matcher::new(r"o1-(mini|preview)", Mode::Regex).unwrap();
        assert!(r.is_match(b"OpenAI O1-Mini"));
        assert!(Matcher::new("(", Mode::Regex).is_err());
        assert!(Matcher::new("  ", Mode::Literal).is_err());
    }

    #[test]
    fn ranges_for_highlighting() {
        let q = m("ai");
        let text = "OpenAI 和 AI";
        let r: Vec<_> = q.find_ranges(text).collect();
        assert_eq!(r, vec![4..6, 11..13]);
    }

    #[test]
    fn scan_finds_articles_not_stamps() {
        let dump = "头条\n正文提到2024年。\n条目一\n摘要。快讯社2024-05-02 08:30:150001条目二\n摘要二。IT之窗2024-05-03 09:00:000002\n";
        let index = Index::parse(dump.as_bytes());
        let cancel = AtomicBool::new(false);
        let found = |q: &str| {
            let mut v = Vec::new();
            m(q).scan(dump.as_bytes(), &index, &cancel, |i| v.push(i));
            v
        };
        assert_eq!(found("2024"), vec![0], "the stamps' dates do not count");
        assert_eq!(found("快讯社"), vec![1]);
        assert_eq!(found("条目"), vec![1, 2]);
        assert_eq!(found("摘要"), vec![1, 2]);
        assert_eq!(found("0002"), Vec::<usize>::new(), "nor the counters");
    }

    #[test]
    fn scan_stops_when_cancelled() {
        let dump = "标题\n正文。\n".repeat(10);
        let index = Index::parse(dump.as_bytes());
        let cancel = AtomicBool::new(true);
        let mut n = 0;
        assert!(!m("正文").scan(dump.as_bytes(), &index, &cancel, |_| n += 1));
        assert_eq!(n, 0);
    }
}
