//! What a scrape holds, counted for the reader's statistics screen:
//! articles per day, per source, by length and per file. One pass over the
//! corpus; duplicates and quality flags come from [`crate::analysis`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use jiff::civil::Date;

use crate::dump::Article;
use crate::input::Corpus;
use crate::search::select::stamp_time;

/// The length classes, in characters of the body: their lower bounds.
/// The first two are the quality flags' empty and short (< 30).
pub const LENGTH_BOUNDS: [usize; 8] = [0, 1, 30, 100, 300, 1_000, 3_000, 10_000];

/// Labels of [`LENGTH_BOUNDS`]' classes.
pub const LENGTH_LABELS: [&str; 8] = [
    "empty",
    "1–29",
    "30–99",
    "100–299",
    "300–999",
    "1k–3k",
    "3k–10k",
    "≥10k",
];

/// The counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    /// Articles counted.
    pub articles: usize,
    /// Articles a day, days in order (only days that have articles).
    pub days: Vec<(Date, u32)>,
    /// Articles without a date that reads as one.
    pub undated: usize,
    /// Articles a source, most first (then by name).
    pub sources: Vec<(String, u32)>,
    /// Articles without a source.
    pub no_source: usize,
    /// Articles in each class of [`LENGTH_BOUNDS`].
    pub lengths: [u32; 8],
    /// Articles a file, in the corpus' order (with more than one file).
    pub files: Vec<(String, u32)>,
}

/// What one document adds.
#[derive(Default)]
struct Part {
    days: HashMap<Date, u32>,
    undated: usize,
    sources: HashMap<Vec<u8>, u32>,
    no_source: usize,
    lengths: [u32; 8],
}

impl Part {
    fn add(&mut self, a: &Article<'_>) {
        let stamp = a.stamp_bytes();
        let source = stamp.map_or(&[][..], |[s, _, _]| s);
        if source.is_empty() {
            self.no_source += 1;
        } else if let Some(n) = self.sources.get_mut(source) {
            *n += 1;
        } else {
            self.sources.insert(source.to_vec(), 1);
        }
        // A record's time that did not parse is no date (it may read as
        // one by accident).
        let day = stamp
            .filter(|_| a.record().is_none_or(|d| d.time_parsed()))
            .and_then(|[_, t, _]| stamp_time(t.get(..19).unwrap_or(t)))
            .map(|t| t.date());
        match day {
            Some(d) => *self.days.entry(d).or_default() += 1,
            None => self.undated += 1,
        }
        self.lengths[length_class(chars(a.body_bytes()))] += 1;
    }

    fn merge(&mut self, o: Part) {
        for (d, n) in o.days {
            *self.days.entry(d).or_default() += n;
        }
        for (s, n) in o.sources {
            *self.sources.entry(s).or_default() += n;
        }
        self.undated += o.undated;
        self.no_source += o.no_source;
        for (a, b) in self.lengths.iter_mut().zip(o.lengths) {
            *a += b;
        }
    }
}

/// Characters in UTF-8 `bytes` (an invalid byte counts as one, as its
/// U+FFFD would): the bytes that start one.
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The class of [`LENGTH_BOUNDS`] a body of `n` characters is in.
pub fn length_class(n: usize) -> usize {
    LENGTH_BOUNDS.iter().rposition(|&b| n >= b).unwrap_or(0)
}

/// Counts `corpus`; `progress(done, total)` as documents are read. `None`
/// when cancelled.
pub fn overview(
    corpus: &Corpus,
    cancel: &AtomicBool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Option<Overview> {
    let total = corpus.len() as u64;
    let done = AtomicU64::new(0);
    let mut all = Part::default();
    let finished = corpus.scan_docs(
        cancel,
        &|_| true,
        &|d, text| {
            let mut part = Part::default();
            let Some(doc) = corpus.doc(d) else {
                return part;
            };
            for i in 0..doc.index.len() {
                if let Some(a) = doc.index.article(text, i) {
                    part.add(&a);
                }
                // Often enough for a single file of a million articles.
                if i % 65_536 == 65_535 {
                    if cancel.load(Ordering::Relaxed) {
                        return part;
                    }
                    let k = done.fetch_add(65_536, Ordering::Relaxed) + 65_536;
                    progress(k.min(total), total);
                }
            }
            let rest = (doc.index.len() % 65_536) as u64;
            let k = done.fetch_add(rest, Ordering::Relaxed) + rest;
            progress(k.min(total), total);
            part
        },
        |_, part| all.merge(part),
    );
    if !finished {
        return None;
    }
    let mut days: Vec<(Date, u32)> = all.days.into_iter().collect();
    days.sort_unstable();
    let mut sources: Vec<(String, u32)> = all
        .sources
        .into_iter()
        .map(|(s, n)| (String::from_utf8_lossy(&s).into_owned(), n))
        .collect();
    sources.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let files = if corpus.is_multi() {
        (0..corpus.docs().len())
            .map(|d| {
                let n = corpus.doc(d).map_or(0, |doc| doc.index.len());
                (corpus.file_name(d), n as u32)
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(Overview {
        articles: corpus.len(),
        days,
        undated: all.undated,
        sources,
        no_source: all.no_source,
        lengths: all.lengths,
        files,
    })
}

/// Days in buckets of `per` days each, from the first day with articles
/// to the last (empty days count 0): the bars of the articles-a-day chart
/// when there are more days than columns. Each bucket is its first day,
/// last day and count.
pub fn day_buckets(days: &[(Date, u32)], per: usize) -> Vec<(Date, Date, u64)> {
    let (Some(&(first, _)), Some(&(last, _))) = (days.first(), days.last()) else {
        return Vec::new();
    };
    let per = per.max(1) as i64;
    let span = days_between(first, last);
    let mut out: Vec<(Date, Date, u64)> = (0..=span / per)
        .map(|k| {
            let start = first.saturating_add(jiff::Span::new().days(k * per));
            let end = first
                .saturating_add(jiff::Span::new().days(k * per + per - 1))
                .min(last);
            (start, end, 0)
        })
        .collect();
    for &(d, n) in days {
        let k = (days_between(first, d) / per) as usize;
        if let Some(b) = out.get_mut(k) {
            b.2 += u64::from(n);
        }
    }
    out
}

/// Days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(0, |s| i64::from(s.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Bytes;

    fn corpus(text: &str) -> Corpus {
        Corpus::single("t.txt".into(), Bytes::Owned(text.as_bytes().to_vec()))
    }

    #[test]
    fn counts_days_sources_and_lengths() {
        let text = "标题一\n正文第一篇，有一些字。甲报2024-09-01 08:00:000012\n\n\
                    标题二\n正文第二篇。乙台2024-09-01 09:00:000034\n\n\
                    标题三\n正文第三篇，写了更多的字，足够长，超过三十个字符的那一种文章正文内容在这里。甲报2024-09-03 10:00:000056\n";
        let c = corpus(text);
        let o = overview(&c, &AtomicBool::new(false), &|_, _| {}).unwrap();
        assert_eq!(o.articles, c.len());
        let total_days: u32 = o.days.iter().map(|d| d.1).sum();
        assert_eq!(total_days as usize + o.undated, o.articles);
        let sources: u32 = o.sources.iter().map(|s| s.1).sum();
        assert_eq!(sources as usize + o.no_source, o.articles);
        assert_eq!(o.lengths.iter().sum::<u32>() as usize, o.articles);
        assert!(o.files.is_empty(), "one file: no per-file counts");
        let d = |day: i8| Date::new(2024, 9, day).unwrap();
        assert_eq!(o.days, vec![(d(1), 2), (d(3), 1)]);
        assert_eq!(
            o.sources,
            vec![("甲报".to_string(), 2), ("乙台".to_string(), 1)]
        );
        assert_eq!(o.lengths[1], 2, "two short bodies");
        assert_eq!(o.lengths[2], 1, "one of 30 or more");
    }

    #[test]
    fn length_classes_have_their_bounds() {
        assert_eq!(length_class(0), 0);
        assert_eq!(length_class(1), 1);
        assert_eq!(length_class(29), 1);
        assert_eq!(length_class(30), 2);
        assert_eq!(length_class(9_999), 6);
        assert_eq!(length_class(10_000), 7);
        assert_eq!(length_class(usize::MAX), 7);
        assert_eq!(chars("一二三abc".as_bytes()), 6);
        assert_eq!(chars(&[0xff, 0xfe]), 2);
    }

    #[test]
    fn buckets_cover_every_day_once() {
        let d = |m: i8, day: i8| Date::new(2024, m, day).unwrap();
        let days = vec![(d(1, 30), 2), (d(2, 1), 3), (d(2, 10), 1)];
        let one = day_buckets(&days, 1);
        assert_eq!(one.len(), 12, "Jan 30 to Feb 10");
        assert_eq!(one.iter().map(|b| b.2).sum::<u64>(), 6);
        assert_eq!(one[2], (d(2, 1), d(2, 1), 3));
        let five = day_buckets(&days, 5);
        assert_eq!(five.len(), 3);
        assert_eq!(five[0], (d(1, 30), d(2, 3), 5));
        assert_eq!(
            five[2],
            (d(2, 9), d(2, 10), 1),
            "the last bucket ends on the last day"
        );
        assert!(day_buckets(&[], 3).is_empty());
    }
}
