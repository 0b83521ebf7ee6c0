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

use aho_corasick::AhoCorasick;
use regex::bytes::{Regex, RegexBuilder};

pub use select::{
    Filters, Sort, select, select_in_doc, select_in_doc_reporting, select_where, sort_rows,
};

use crate::dump::{Article, Index};
use crate::input::Corpus;

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
    /// Groups of byte strings one of which every match of a literal query
    /// contains: where a scan looks first (see [`needles`]).
    needles: Vec<AhoCorasick>,
    /// The same groups with the forms JSON may write them in as well
    /// (`\u6e2f\u53e3` for `港口`, `\"` for `"`): for JSON files.
    json_needles: Vec<AhoCorasick>,
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
/// their ASCII forms, and so do the two non-ASCII characters Unicode case
/// folding puts on ASCII letters (KELVIN SIGN, LONG S); everything else
/// is itself.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{212A}' => 'k',
        '\u{17F}' => 's',
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
            // `^` and `$` mean the start and end of a line (of a title,
            // a paragraph), not of the dump the scan runs over.
            .multi_line(true)
            .crlf(true)
            // A query is typed by hand: keep its program small and fast.
            .size_limit(1 << 22)
            .build()
            .map_err(|e| QueryError(format!("bad regex: {}", first_line(&e.to_string()))))?;
        let groups = match mode {
            Mode::Literal => needles(query).unwrap_or_default(),
            Mode::Regex => Vec::new(),
        };
        let build = |groups: Vec<Vec<Vec<u8>>>| -> Vec<AhoCorasick> {
            groups
                .into_iter()
                .filter(|group| !group.is_empty())
                // Leftmost-first lets aho-corasick use its SIMD Teddy
                // prefilter (standard semantics cannot).
                .filter_map(|group| {
                    AhoCorasick::builder()
                        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                        .build(group)
                        .ok()
                })
                .collect()
        };
        // In JSON the groups go in one search: the escaped forms make
        // Teddy's fingerprints of three bytes selective anyway, and one
        // pass over the bytes beats two (1 GB of JSON Lines, a miss:
        // 192 -> 167 ms).
        let json_groups: Vec<Vec<Vec<u8>>> = vec![
            groups
                .iter()
                .flat_map(|g| g.iter().flat_map(|n| json_forms(n)))
                .collect(),
        ];
        Ok(Matcher {
            regex,
            needles: build(groups),
            json_needles: build(json_groups),
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
            // A `(?-u)` regex can match inside a character: nothing to
            // mark there.
            .filter(|m| {
                !m.is_empty() && text.is_char_boundary(m.start()) && text.is_char_boundary(m.end())
            })
            .map(|m| m.range())
    }

    /// Whether the article matches: the query occurs in its title, source
    /// or body.
    pub fn matches(&self, a: &Article<'_>) -> bool {
        // A bad record's title is what is wrong with it: nothing to find.
        if a.is_bad_record() {
            return false;
        }
        if self.is_match(a.title_bytes()) || self.is_match(a.body_bytes()) {
            return true;
        }
        a.stamp_bytes()
            .is_some_and(|[source, _, _]| self.is_match(source))
    }

    /// Calls `hit` with the index of every matching article, in file
    /// order. Looks for candidates in the raw bytes — the needles of a
    /// literal query, the regex itself otherwise — checks the article a
    /// candidate falls in, and goes on from the next article. Stops early,
    /// returning false, when `cancel` is set (checked every few megabytes).
    pub fn scan(
        &self,
        bytes: &[u8],
        index: &Index,
        cancel: &AtomicBool,
        mut hit: impl FnMut(usize),
    ) -> bool {
        /// Below this, one core scans the whole.
        const PARALLEL_FROM: usize = 64 << 20;
        let entries = index.entries();
        let needles = if index.is_json() {
            if self.needles.is_empty() {
                // A regex cannot look into escapes (`\u6e2f`): every
                // record is decoded and tried.
                return self.scan_each(bytes, index, cancel, hit);
            }
            &self.json_needles
        } else {
            &self.needles
        };
        let start = entries.first().map_or(0, |e| e.offset() as usize);
        let end = bytes.len();
        let threads = if end - start >= PARALLEL_FROM {
            std::thread::available_parallelism().map_or(1, |t| t.get().min(8))
        } else {
            1
        };
        if threads < 2 {
            return self.scan_range(needles, bytes, index, start..end, cancel, &mut hit);
        }
        // A big file: its parts on all cores, each cut at an article's
        // end, the hits handed over in order.
        let part = (end - start).div_ceil(threads);
        let mut cuts = vec![start];
        for t in 1..threads {
            let at = start + part * t;
            let cut = article_at(index, at).map_or(end, |i| entries[i].span().end as usize);
            if cut > *cuts.last().unwrap_or(&start) && cut < end {
                cuts.push(cut);
            }
        }
        cuts.push(end);
        let found: Vec<(bool, Vec<usize>)> = std::thread::scope(|s| {
            let workers: Vec<_> = cuts
                .windows(2)
                .map(|w| {
                    let range = w[0]..w[1];
                    s.spawn(move || {
                        let mut hits = Vec::new();
                        let done =
                            self.scan_range(needles, bytes, index, range, cancel, &mut |i| {
                                hits.push(i)
                            });
                        (done, hits)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let mut done = true;
        for (finished, hits) in found {
            done &= finished;
            hits.into_iter().for_each(&mut hit);
        }
        done
    }

    /// [`Matcher::scan`] over the articles in `range` of `bytes` (which
    /// starts and ends at articles' edges), on this thread.
    fn scan_range(
        &self,
        needles: &[AhoCorasick],
        bytes: &[u8],
        index: &Index,
        range: std::ops::Range<usize>,
        cancel: &AtomicBool,
        hit: &mut dyn FnMut(usize),
    ) -> bool {
        const CHUNK: usize = 8 << 20;
        let entries = index.entries();
        let (mut pos, end) = (range.start, range.end);
        while pos < end {
            if cancel.load(Ordering::Relaxed) {
                return false;
            }
            // Search to the end of the chunk's last article, so that no
            // match is cut in two at the chunk's edge.
            let chunk_end = (pos + CHUNK).min(end);
            let last = article_at(index, chunk_end.saturating_sub(1));
            let limit = last
                .map_or(end, |i| entries[i].span().end as usize)
                .min(end);
            let mut at = pos;
            // Each needle group's next hit, found once and kept until
            // the scan passes it.
            let mut next: Vec<Option<usize>> = vec![None; needles.len()];
            while let Some(candidate) = self.candidate(needles, &bytes[..limit], at, &mut next) {
                let Some(i) = article_at(index, candidate) else {
                    break;
                };
                if let Some(a) = index.article(bytes, i)
                    && self.matches(&a)
                {
                    hit(i);
                }
                let next = entries[i].span().end as usize;
                if next <= at {
                    break;
                }
                at = next;
            }
            pos = limit.max(pos + 1);
        }
        true
    }

    /// [`Matcher::scan`] by trying every article.
    fn scan_each(
        &self,
        bytes: &[u8],
        index: &Index,
        cancel: &AtomicBool,
        mut hit: impl FnMut(usize),
    ) -> bool {
        for i in 0..index.len() {
            if i % 1024 == 1023 && cancel.load(Ordering::Relaxed) {
                return false;
            }
            if index.article(bytes, i).is_some_and(|a| self.matches(&a)) {
                hit(i);
            }
        }
        true
    }

    /// [`Matcher::scan`] over every document of `corpus`, read on all
    /// cores; `hit` gets corpus ordinals, in order.
    pub fn scan_corpus(
        &self,
        corpus: &Corpus,
        cancel: &AtomicBool,
        hit: impl FnMut(usize),
    ) -> bool {
        self.scan_corpus_reporting(corpus, cancel, hit, |_| {})
    }

    /// [`Matcher::scan_corpus`], calling `searched` with each document's
    /// index once its hits are handed over (how far the search has come).
    pub fn scan_corpus_reporting(
        &self,
        corpus: &Corpus,
        cancel: &AtomicBool,
        mut hit: impl FnMut(usize),
        mut searched: impl FnMut(usize),
    ) -> bool {
        corpus.scan_docs(
            cancel,
            &|_| true,
            &|d, text| {
                let mut found = Vec::new();
                if let Some(doc) = corpus.doc(d) {
                    let first = corpus.first_of(d);
                    self.scan(text, &doc.index, cancel, |i| found.push(first + i));
                }
                found
            },
            |d, found| {
                found.into_iter().for_each(&mut hit);
                searched(d);
            },
        )
    }

    /// Where the next possible match at or after `at` lies. `next` caches
    /// each needle group's next hit (`usize::MAX`: none left).
    fn candidate(
        &self,
        needles: &[AhoCorasick],
        haystack: &[u8],
        at: usize,
        next: &mut [Option<usize>],
    ) -> Option<usize> {
        if at >= haystack.len() {
            return None;
        }
        if needles.is_empty() {
            return self.regex.find_at(haystack, at).map(|m| m.start());
        }
        for (ac, cached) in needles.iter().zip(next.iter_mut()) {
            if cached.is_none_or(|c| c < at) {
                let span = aho_corasick::Input::new(haystack).span(at..haystack.len());
                *cached = Some(ac.find(span).map_or(usize::MAX, |m| m.start()));
            }
        }
        next.iter()
            .flatten()
            .copied()
            .min()
            .filter(|&c| c != usize::MAX)
    }
}

/// The forms of one character of a folded query that the case-insensitive
/// matcher accepts, split in two: the plain ASCII ones (both cases) and
/// the others (full-width forms, and the two non-ASCII characters Unicode
/// folds onto ASCII letters: KELVIN SIGN, LONG S).
fn forms(c: char) -> (Vec<char>, Vec<char>) {
    if c == ' ' {
        return (vec![' '], vec!['\u{3000}']);
    }
    let cases = if c.is_ascii_alphabetic() {
        vec![c.to_ascii_lowercase(), c.to_ascii_uppercase()]
    } else {
        vec![c]
    };
    let mut wide: Vec<char> = cases.iter().filter_map(|&x| full_width(x)).collect();
    match c.to_ascii_lowercase() {
        'k' => wide.push('\u{212A}'),
        's' => wide.push('\u{17F}'),
        _ => {}
    }
    (cases, wide)
}

/// How rare a character is in scraped text, higher for rarer: English
/// letter frequencies for letters, common punctuation and digits low.
fn rarity(c: char) -> u32 {
    const LETTERS: &str = "etaoinshrdlcumwfgypbvkjxqz";
    match c {
        ' ' => 0,
        'a'..='z' | 'A'..='Z' => 4 + LETTERS.find(c.to_ascii_lowercase()).unwrap_or(0) as u32,
        '0'..='9' => 10,
        '.' | ',' | '-' | '/' | ':' | '(' | ')' | '%' => 6,
        _ => 28,
    }
}

/// Longest window of a query the plain needles cover.
const WINDOW: usize = 4;

/// Groups of byte strings one of which every match of the literal `query`
/// contains, chosen to be rare so the scan runs at SIMD speed:
/// - a query with Chinese (or other single-form) characters: their longest
///   run, as it is;
/// - an ASCII query: its rarest window of up to four characters in both
///   cases, and — searched apart, since a wide character's lead byte is
///   common in Chinese text (`，` is EF BC 8C) and would blunt the first
///   group's prefilter — every other form of each character of the window:
///   a match with any full-width character there contains that character.
///
/// `None` when there is no good needle (the regex then scans on its own).
fn needles(query: &str) -> Option<Vec<Vec<Vec<u8>>>> {
    let chars: Vec<char> = query.chars().map(fold_width).collect();
    let single = |c: char| {
        !c.is_ascii()
            && !c.is_whitespace()
            && c.to_lowercase().eq(std::iter::once(c))
            && c.to_uppercase().eq(std::iter::once(c))
    };
    // The longest run of single-form characters.
    let mut best: Option<(usize, usize)> = None;
    let mut start = None;
    for i in 0..=chars.len() {
        let in_run = i < chars.len() && single(chars[i]);
        match (in_run, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if best.is_none_or(|(bs, be)| i - s > be - bs) {
                    best = Some((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some((s, e)) = best {
        let run: String = chars[s..e].iter().collect();
        return Some(vec![vec![run.into_bytes()]]);
    }
    if !chars.iter().all(char::is_ascii) {
        return None;
    }
    // The rarest window, avoiding spaces (an ideographic space is common).
    let window = chars.len().min(WINDOW);
    let score = |w: &[char]| {
        let spaces = w.iter().filter(|&&c| c == ' ').count() as u32;
        (u32::MAX - spaces, w.iter().map(|&c| rarity(c)).sum::<u32>())
    };
    let at = (0..=chars.len() - window).max_by_key(|&i| score(&chars[i..i + window]))?;
    let w = &chars[at..at + window];
    if w.iter().all(|&c| c == ' ') {
        return None;
    }
    let mut plain: Vec<String> = vec![String::new()];
    let mut wide: Vec<Vec<u8>> = Vec::new();
    let all_forms = |c: char| {
        let (mut cases, others) = forms(c);
        cases.extend(others);
        cases
    };
    for (i, &c) in w.iter().enumerate() {
        let (cases, others) = forms(c);
        plain = plain
            .iter()
            .flat_map(|prefix| cases.iter().map(move |f| format!("{prefix}{f}")))
            .collect();
        for o in others {
            if o.len_utf8() >= 3 {
                wide.push(o.to_string().into_bytes());
                continue;
            }
            // `ſ` is two bytes (C5 BF): Teddy fingerprints as many bytes
            // as the shortest pattern has, and two would let through
            // every Chinese character starting E5 (a scan ten times
            // slower). It goes with each form of a neighbour instead,
            // which a match holds too.
            match (w.get(i + 1), i.checked_sub(1).map(|j| w[j])) {
                (Some(&next), _) => wide.extend(
                    all_forms(next)
                        .into_iter()
                        .map(|n| format!("{o}{n}").into_bytes()),
                ),
                (None, Some(prev)) => wide.extend(
                    all_forms(prev)
                        .into_iter()
                        .map(|p| format!("{p}{o}").into_bytes()),
                ),
                (None, None) => wide.push(o.to_string().into_bytes()),
            }
        }
    }
    wide.sort();
    wide.dedup();
    Some(vec![
        plain.into_iter().map(String::into_bytes).collect(),
        wide,
    ])
}

/// A needle and the forms a JSON string may hold it in: with `"` and `\`
/// escaped, and besides with every non-ASCII character as a `\uXXXX`
/// escape in lower and in upper case hex (Python's `json.dumps` and
/// Scrapy's feeds escape them all; surrogate pairs above U+FFFF).
fn json_forms(needle: &[u8]) -> Vec<Vec<u8>> {
    let Ok(text) = std::str::from_utf8(needle) else {
        return vec![needle.to_vec()];
    };
    let mut plain = String::new();
    let mut lower = String::new();
    let mut upper = String::new();
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                for s in [&mut plain, &mut lower, &mut upper] {
                    s.push('\\');
                    s.push(c);
                }
            }
            c if c.is_ascii() => {
                for s in [&mut plain, &mut lower, &mut upper] {
                    s.push(c);
                }
            }
            c => {
                plain.push(c);
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    lower.push_str(&format!("\\u{u:04x}"));
                    upper.push_str(&format!("\\u{u:04X}"));
                }
            }
        }
    }
    // Writers that escape ASCII too: `\/` (PHP), `\u0026` for `&<>'` (Go),
    // beside raw or escaped non-ASCII.
    let ascii_escaped = |from: &str| -> String {
        let mut out = String::with_capacity(from.len());
        for c in from.chars() {
            match c {
                '/' => out.push_str("\\/"),
                '&' | '<' | '>' | '\'' => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out
    };
    let mut out = vec![needle.to_vec()];
    for form in [plain, lower, upper] {
        let escaped = ascii_escaped(&form);
        if escaped != form {
            out.push(escaped.into_bytes());
        }
        out.push(form.into_bytes());
    }
    out.sort();
    out.dedup();
    out
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
    fn needles_are_what_every_match_contains() {
        assert_eq!(
            needles("站长网"),
            Some(vec![vec!["站长网".as_bytes().to_vec()]])
        );
        assert_eq!(
            needles("Falcon 180B引爆"),
            Some(vec![vec!["引爆".as_bytes().to_vec()]])
        );
        let n = needles("xx 180b").unwrap();
        // The rarest window without a space, `180b`: two cases of `b`;
        // then the full-width forms of its four characters.
        assert_eq!(n[0], vec![b"180b".to_vec(), b"180B".to_vec()]);
        assert_eq!(n[1].len(), 5, "{n:?}");
        // `falc`: sixteen cases, each of four letters.
        let n = needles("falcon").unwrap();
        assert_eq!(n[0].len(), 16);
        assert!(n[0].iter().all(|x| x.eq_ignore_ascii_case(b"falc")));
        assert!(n[1].iter().all(|x| !x.is_ascii()));
        assert_eq!(needles(" "), None);
    }

    #[test]
    fn a_needle_scan_finds_every_form() {
        let dump = "甲\nfalcon\n\n乙\nＦＡＬＣＯＮ\n\n丙\nfＡlcON\n\n丁\nfalc on\n";
        let index = Index::parse(dump.as_bytes());
        let mut v = Vec::new();
        m("FALCON").scan(dump.as_bytes(), &index, &AtomicBool::new(false), |i| {
            v.push(i)
        });
        assert_eq!(v, vec![0, 1, 2]);
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

#[cfg(test)]
mod json_tests {
    use super::*;

    fn hits(query: &str, mode: Mode, text: &str) -> Vec<usize> {
        let index = Index::parse(text.as_bytes());
        let mut found = Vec::new();
        Matcher::new(query, mode).unwrap().scan(
            text.as_bytes(),
            &index,
            &AtomicBool::new(false),
            |i| found.push(i),
        );
        found
    }

    #[test]
    fn escaped_json_text_is_found() {
        // Scrapy's feed: every non-ASCII character escaped.
        let feed = concat!(
            "{\"title\":\"\\u6e2f\\u53e3\\u6269\\u5efa\",\"text\":\"\\u6b63\\u6587\"}\n",
            "{\"title\":\"\\u5176\\u4ED6\",\"text\":\"\\uFF21\\uFF22\\uff43 \\\"q\\\" \\ud83d\\ude80\"}\n",
            "{\"title\":\"港口\",\"text\":\"raw\"}\n",
        );
        assert_eq!(hits("港口", Mode::Literal, feed), [0, 2]);
        assert_eq!(hits("他", Mode::Literal, feed), [1], "upper-case hex");
        assert_eq!(hits("abc", Mode::Literal, feed), [1], "full-width, escaped");
        assert_eq!(hits("\"q\"", Mode::Literal, feed), [1], "escaped quotes");
        assert_eq!(hits("🚀", Mode::Literal, feed), [1], "a surrogate pair");
        assert_eq!(hits("港.", Mode::Regex, feed), [0, 2], "a regex decodes");
        // Field names are no text of the article.
        assert!(hits("title", Mode::Literal, feed).is_empty());
    }

    #[test]
    fn bad_records_match_nothing() {
        let feed = "{\"title\": \"cut\n{\"url\":\"https://a.cn/record\"}\n";
        assert!(hits("record", Mode::Literal, feed).is_empty());
        assert!(hits("invalid", Mode::Literal, feed).is_empty());
    }

    #[test]
    fn a_long_s_at_either_edge_of_the_window_is_found() {
        // `ſ` folds to `s`: with its neighbour in the needle, not alone.
        for text in ["abſent", "ABſENT", "ａｂｓｅｎｔ", "xxſ", "ſxx"] {
            let dump = format!("标题\n正文{text}。\n");
            let q = match text {
                "xxſ" => "xxs",
                "ſxx" => "sxx",
                _ => "absent",
            };
            assert_eq!(hits(q, Mode::Literal, &dump), [0], "{text}");
        }
    }

    #[test]
    fn a_big_file_is_scanned_in_parts_with_hits_in_order() {
        let mut dump = String::new();
        let mut want = Vec::new();
        let mut i = 0;
        while dump.len() < 70 << 20 {
            let hit = i % 997 == 0;
            if hit {
                want.push(i);
            }
            dump.push_str(&format!(
                "{{\"title\":\"第{i}条\",\"text\":\"{}正文。\"}}\n",
                if hit { "needle" } else { "" }
            ));
            dump.push_str("{\"title\":\"填充\",\"text\":\"");
            dump.push_str(&"字".repeat(3000));
            dump.push_str("\"}\n");
            i += 2;
        }
        let found = hits("needle", Mode::Literal, &dump);
        assert_eq!(found, want);
    }
}
