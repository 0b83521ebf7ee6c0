//! Which articles a view shows and in what order: a query, filters on
//! source and date, a sort. Shared by `list`/`export` and the reader.

use std::cmp::Reverse;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Matcher;
use crate::dump::Article;
use crate::input::{Corpus, Document};

/// Filters on an item's stamp. Leads have no source or date, so any of
/// these filters leaves them out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Exactly this source (ASCII letters in either case).
    pub source: Option<String>,
    /// From this date-time on (a prefix of `YYYY-MM-DD HH:MM:SS`).
    pub since: Option<String>,
    /// Up to and including this date-time (a prefix: `2024-01-01` takes
    /// the whole day).
    pub until: Option<String>,
    /// Only articles from files whose path (relative to the PATH they were
    /// found under) matches this glob; a pattern without `* ? [ {` matches
    /// as a substring.
    pub file: Option<String>,
}

impl Filters {
    /// No filter set.
    pub fn is_empty(&self) -> bool {
        !self.reads_stamps() && self.file.is_none()
    }

    /// Whether a filter looks at the stamp (source, date): then the text
    /// must be read.
    pub fn reads_stamps(&self) -> bool {
        self.source.is_some() || self.since.is_some() || self.until.is_some()
    }

    /// The `file` filter, compiled; `Err` quotes a bad pattern.
    pub fn file_matcher(&self) -> Result<Option<globset::GlobMatcher>, String> {
        let Some(pattern) = &self.file else {
            return Ok(None);
        };
        file_glob(pattern).map(Some)
    }

    /// Whether `a` passes the source and date filters (the file filter
    /// is applied per document, see [`select`]).
    pub fn accepts(&self, a: &Article<'_>) -> bool {
        if !self.reads_stamps() {
            return true;
        }
        let Some([source, time, _]) = a.stamp_bytes() else {
            return false;
        };
        if let Some(s) = &self.source
            && !source.eq_ignore_ascii_case(s.as_bytes())
        {
            return false;
        }
        if let Some(since) = &self.since {
            // Compare what both have: `2024-05-02 08:30` is not before
            // `2024-05-02 08:30:00`.
            let n = since.len().min(time.len());
            if time[..n] < since.as_bytes()[..n] {
                return false;
            }
        }
        if let Some(until) = &self.until {
            let n = until.len().min(time.len());
            if &time[..n] > until.as_bytes() {
                return false;
            }
        }
        true
    }

    /// Reads `source S`, `since D`, `until D`, `file GLOB` and `clear`, any
    /// number of them, into a change of `self`: `:source 站长网 since
    /// 2023-08-01`. `-` as a value clears that filter.
    pub fn apply_command(&mut self, command: &str) -> Result<(), String> {
        let mut words = command.split_whitespace().peekable();
        if words.peek().is_none() {
            return Err("commands: source NAME, since DATE, until DATE, file GLOB, clear".into());
        }
        let mut next = self.clone();
        while let Some(word) = words.next() {
            match word {
                "clear" => next = Filters::default(),
                "source" | "since" | "until" | "file" => {
                    let Some(value) = words.next() else {
                        return Err(format!("{word} needs a value"));
                    };
                    let mut value = value.to_string();
                    // `since 2024-05-10 08:33`: a time after a date.
                    if (word == "since" || word == "until")
                        && let Some(time) = words.next_if(|w| {
                            w.as_bytes().first().is_some_and(u8::is_ascii_digit) && w.contains(':')
                        })
                    {
                        value = format!("{value} {time}");
                    }
                    let value = if value == "-" { None } else { Some(value) };
                    match word {
                        "source" => next.source = value,
                        "file" => {
                            if let Some(v) = &value {
                                file_glob(v)?;
                            }
                            next.file = value;
                        }
                        "since" => next.since = checked_date(value)?,
                        _ => next.until = checked_date(value)?,
                    }
                }
                other => {
                    return Err(format!(
                        "unknown command {other:?}: source, since, until, file, clear"
                    ));
                }
            }
        }
        *self = next;
        Ok(())
    }

    /// The filters as the status bar and `:` show them.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.source {
            parts.push(format!("source {s}"));
        }
        if let Some(s) = &self.since {
            parts.push(format!("since {s}"));
        }
        if let Some(s) = &self.until {
            parts.push(format!("until {s}"));
        }
        if let Some(s) = &self.file {
            parts.push(format!("file {s}"));
        }
        parts.join(" ")
    }
}

/// A file glob as `--file` and `:file` take it: `*` crosses `/` (so
/// `*.gz` finds archives in every sub-folder), and a plain word matches
/// anywhere in the path.
pub fn file_glob(pattern: &str) -> Result<globset::GlobMatcher, String> {
    let pattern = if pattern.contains(['*', '?', '[', '{']) {
        pattern.to_string()
    } else {
        format!("*{pattern}*")
    };
    globset::GlobBuilder::new(&pattern)
        .literal_separator(false)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("file {pattern:?}: {}", e.kind()))
}

/// Accepts a prefix of `YYYY-MM-DD HH:MM:SS` of at least the year.
pub fn checked_date(value: Option<String>) -> Result<Option<String>, String> {
    let Some(v) = value else {
        return Ok(None);
    };
    const SHAPE: &[u8] = b"dddd-dd-dd dd:dd:dd";
    let ok = v.len() >= 4
        && v.len() <= SHAPE.len()
        && v.bytes().zip(SHAPE).all(|(b, &s)| {
            if s == b'd' {
                b.is_ascii_digit()
            } else {
                b == s
            }
        });
    if ok {
        Ok(Some(v))
    } else {
        Err(format!("{v:?} is not a date: use YYYY-MM-DD"))
    }
}

/// Orders for the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As in the file.
    #[default]
    File,
    /// Newest date first; leads (no date) last.
    Newest,
    /// Oldest date first; leads last.
    Oldest,
    /// By source name; leads last.
    Source,
    /// Longest first.
    Length,
}

impl Sort {
    /// The next order, as `s` cycles them.
    pub fn next(self) -> Sort {
        match self {
            Sort::File => Sort::Newest,
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::Source,
            Sort::Source => Sort::Length,
            Sort::Length => Sort::File,
        }
    }

    /// The name the command line takes and the status bar shows.
    pub fn name(self) -> &'static str {
        match self {
            Sort::File => "order",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Source => "source",
            Sort::Length => "length",
        }
    }
}

/// Puts `rows` (corpus ordinals) in `sort` order; ties keep corpus
/// order. `keys` holds, for each row, the stamp part the order needs (the
/// source, or the date-time) when it needs one.
pub fn sort_rows(rows: &mut [u32], keys: Vec<Option<Vec<u8>>>, corpus: &Corpus, sort: Sort) {
    match sort {
        Sort::File => rows.sort_unstable(),
        Sort::Newest | Sort::Oldest | Sort::Source => {
            let mut keyed: Vec<(Option<Vec<u8>>, u32)> =
                keys.into_iter().zip(rows.iter().copied()).collect();
            keyed.sort_by(|(a, ia), (b, ib)| {
                let by_key = match (a, b) {
                    (Some(a), Some(b)) if sort == Sort::Newest => b.cmp(a),
                    (Some(a), Some(b)) => a.cmp(b),
                    // Undated articles go last.
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                };
                by_key.then(ia.cmp(ib))
            });
            for (slot, (_, i)) in rows.iter_mut().zip(keyed) {
                *slot = i;
            }
        }
        Sort::Length => {
            let len = |o: u32| {
                corpus
                    .locate(o as usize)
                    .and_then(|id| {
                        let doc = corpus.doc(id.doc as usize)?;
                        doc.index.entries().get(id.index as usize).map(|e| e.len())
                    })
                    .unwrap_or(0)
            };
            rows.sort_by_key(|&o| (Reverse(len(o)), o));
        }
    }
}

/// Whether `sort` orders by a part of the stamp, which [`select_in_doc`]
/// then returns with each row.
pub fn needs_keys(sort: Sort) -> bool {
    sort_part(sort).is_some()
}

/// The articles of one document that match `matcher` (when given) and
/// pass the source and date `filters`: their indices in the document and,
/// when `sort` needs one, the stamp part it orders by. The file filter is
/// the caller's (it decides whether the document is read at all).
pub fn select_in_doc(
    doc: &Document,
    text: &[u8],
    matcher: Option<&Matcher>,
    filters: &Filters,
    sort: Sort,
    cancel: &AtomicBool,
) -> Vec<(u32, Option<Vec<u8>>)> {
    let part = sort_part(sort);
    let mut out = Vec::new();
    let mut keep = |i: usize| {
        if let Some(a) = doc.index.article(text, i)
            && filters.accepts(&a)
        {
            let key = part.and_then(|p| a.stamp_bytes().map(|s| s[p].to_vec()));
            out.push((i as u32, key));
        }
    };
    match matcher {
        Some(m) => {
            m.scan(text, &doc.index, cancel, keep);
        }
        None => {
            for i in 0..doc.index.len() {
                if i % 65536 == 65535 && cancel.load(Ordering::Relaxed) {
                    break;
                }
                keep(i);
            }
        }
    }
    out
}

/// The stamp part `sort` orders by: 0 the source, 1 the date-time.
fn sort_part(sort: Sort) -> Option<usize> {
    match sort {
        Sort::Source => Some(0),
        Sort::Newest | Sort::Oldest => Some(1),
        Sort::File | Sort::Length => None,
    }
}

/// The articles of `corpus` that match `matcher` (when given) and pass
/// `filters`, in `sort` order, as ordinals. With file order, `partial`
/// receives the rows found so far as the scan goes (for a screen to fill
/// while it runs). Returns `None` when cancelled.
pub fn select(
    corpus: &Corpus,
    matcher: Option<&Matcher>,
    filters: &Filters,
    sort: Sort,
    cancel: &AtomicBool,
    mut partial: impl FnMut(&[u32]),
) -> Option<Vec<u32>> {
    let part = sort_part(sort);
    let glob = filters.file_matcher();
    let wanted = |d: usize| match &glob {
        Ok(None) => true,
        Ok(Some(g)) => corpus
            .doc(d)
            .is_some_and(|doc| corpus.roots().file_matches(g, &doc.prov)),
        // A bad pattern was refused when it was typed; here it keeps nothing.
        Err(_) => false,
    };
    if matcher.is_none() && !filters.reads_stamps() && part.is_none() {
        // No text to read: whole documents go in or out.
        let mut rows: Vec<u32> = Vec::new();
        for d in (0..corpus.docs().len()).filter(|&d| wanted(d)) {
            let first = corpus.first_of(d) as u32;
            let n = corpus.doc(d).map_or(0, |doc| doc.index.len()) as u32;
            rows.extend(first..first + n);
        }
        sort_rows(&mut rows, Vec::new(), corpus, sort);
        return Some(rows);
    }
    let mut rows: Vec<u32> = Vec::new();
    let mut keys: Vec<Option<Vec<u8>>> = Vec::new();
    let mut reported = 0;
    let streaming = sort == Sort::File;
    let finished = corpus.scan_docs(
        cancel,
        &wanted,
        &|d, text| match corpus.doc(d).filter(|_| wanted(d)) {
            Some(doc) => {
                let first = corpus.first_of(d) as u32;
                let mut found = select_in_doc(doc, text, matcher, filters, sort, cancel);
                for (i, _) in &mut found {
                    *i += first;
                }
                found
            }
            None => Vec::new(),
        },
        |_, out| {
            for (o, k) in out {
                rows.push(o);
                if part.is_some() {
                    keys.push(k);
                }
            }
            if streaming && rows.len() >= reported + 256 {
                partial(&rows);
                reported = rows.len();
            }
        },
    );
    if !finished || cancel.load(Ordering::Relaxed) {
        return None;
    }
    sort_rows(&mut rows, keys, corpus, sort);
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Mode;

    const DUMP: &str = "头条\n正文。\n条目一\n摘要一。快讯社2024-05-02 08:30:150001条目二\n摘要二很长很长。IT之窗2023-01-03 09:00:000002条目三\n摘要三。快讯社2024-09-01 10:00:000003\n";

    fn corpus() -> Corpus {
        Corpus::single(
            "t".into(),
            crate::input::Bytes::Owned(DUMP.as_bytes().to_vec()),
        )
    }

    fn run(m: Option<&str>, f: &Filters, sort: Sort) -> Vec<u32> {
        let corpus = corpus();
        let matcher = m.map(|q| Matcher::new(q, Mode::Literal).unwrap());
        select(
            &corpus,
            matcher.as_ref(),
            f,
            sort,
            &AtomicBool::new(false),
            |_| {},
        )
        .unwrap()
    }

    #[test]
    fn filters_by_source_and_date() {
        let all = Filters::default();
        assert_eq!(run(None, &all, Sort::File), vec![0, 1, 2, 3]);
        let mut f = Filters::default();
        f.apply_command("source 快讯社").unwrap();
        assert_eq!(run(None, &f, Sort::File), vec![1, 3]);
        f.apply_command("since 2024-06").unwrap();
        assert_eq!(run(None, &f, Sort::File), vec![3]);
        f.apply_command("clear until 2024-05-02").unwrap();
        assert_eq!(
            run(None, &f, Sort::File),
            vec![1, 2],
            "until takes the whole day"
        );
        f.apply_command("clear").unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn bad_commands_change_nothing() {
        let mut f = Filters::default();
        f.apply_command("source 快讯社").unwrap();
        assert!(f.apply_command("since yesterday").is_err());
        assert!(f.apply_command("until").is_err());
        assert!(f.apply_command("frobnicate").is_err());
        assert_eq!(f.source.as_deref(), Some("快讯社"));
        assert_eq!(f.since, None);
    }

    #[test]
    fn sorts() {
        let all = Filters::default();
        assert_eq!(run(None, &all, Sort::Newest), vec![3, 1, 2, 0]);
        assert_eq!(run(None, &all, Sort::Oldest), vec![2, 1, 3, 0]);
        assert_eq!(
            run(None, &all, Sort::Source),
            vec![2, 1, 3, 0],
            "IT之窗 sorts before 快讯社"
        );
        let by_length = run(None, &all, Sort::Length);
        assert_eq!(by_length.len(), 4);
        let corpus = corpus();
        let lens: Vec<u64> = by_length
            .iter()
            .map(|&i| corpus.docs()[0].index.entries()[i as usize].len())
            .collect();
        assert!(lens.windows(2).all(|w| w[0] >= w[1]));
        let mut s = Sort::File;
        for _ in 0..5 {
            s = s.next();
        }
        assert_eq!(s, Sort::File);
    }

    #[test]
    fn query_and_filters_combine() {
        let mut f = Filters::default();
        f.apply_command("source 快讯社").unwrap();
        assert_eq!(run(Some("摘要"), &f, Sort::File), vec![1, 3]);
        assert_eq!(run(Some("很长"), &f, Sort::File), Vec::<u32>::new());
    }
}
