//! Which articles a view shows and in what order: a query, filters on
//! source and date, a sort. Shared by `list`/`export` and the reader.
//!
//! Dates are read as real dates (with jiff): `2023-9` is September 2023,
//! `2023-13-45` is refused. A date names a period — a year, a month, a
//! day, an hour, a minute or a second — and `since` starts at the
//! beginning of it, `until` ends at its end: `until 2023-09` takes all of
//! September. A span (`7d`) counts back from the local clock when the
//! filter is set. Sources match by a part of their name.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use jiff::Span;
use jiff::civil::DateTime;

use super::{Matcher, fold};
use crate::dump::Article;
use crate::input::{Corpus, Document};

/// Filters on an item's stamp. Leads have no source or date, so a source
/// filter leaves them out, and so do date filters unless `undated` keeps
/// them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only sources whose name contains this text (see
    /// [`source_matches`]).
    pub source: Option<String>,
    /// From the start of this date on (see [`checked_date`] for the forms;
    /// a span is kept as the date-time it came to).
    pub since: Option<String>,
    /// Up to the end of this date, inclusive: `2024-01` takes all of
    /// January.
    pub until: Option<String>,
    /// What `since` and `until` do with articles that have no date.
    pub undated: Undated,
    /// Only articles from files whose path (relative to the PATH they were
    /// found under) matches this glob; a pattern without `* ? [ {` matches
    /// as a substring.
    pub file: Option<String>,
}

/// What the date filters do with articles that have no date: leads, and
/// items whose stamp is no real date-time (`2023-02-30 10:00:00`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Undated {
    /// Leave them out (as a date filter always did).
    #[default]
    Exclude,
    /// Keep them.
    Include,
}

impl Undated {
    /// The word `--undated` and `:undated` take.
    pub fn name(self) -> &'static str {
        match self {
            Undated::Exclude => "exclude",
            Undated::Include => "include",
        }
    }
}

/// The forms a date takes, for messages.
pub const DATE_FORMS: &str = "use YYYY, YYYY-MM, YYYY-MM-DD [HH:MM], or a span like 7d, 2w";

/// The one line that refuses a date: `invalid date '2023-13-45' for
/// --since: month 13 is out of range (use …)`. `option` is how the user
/// named the filter (`--since`, `:until`), `why` what [`checked_date`]
/// said.
pub fn date_error(option: &str, value: &str, why: &str) -> String {
    format!("invalid date '{value}' for {option}: {why} ({DATE_FORMS})")
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

    /// The source and date filters, ready to test articles; `Err` says
    /// why a date cannot be read.
    fn stamp_filter(&self) -> Result<StampFilter, String> {
        let period = |d: &Option<String>| d.as_deref().map(period_of).transpose();
        Ok(StampFilter {
            source: self.source.as_deref().map(SourceNeedle::new),
            since: period(&self.since)?.map(|p| p.start),
            until: period(&self.until)?.map(|p| p.end),
            undated: self.undated,
        })
    }

    /// Whether `a` passes the source and date filters (the file filter
    /// is applied per document, see [`select`]). A date that cannot be
    /// read passes nothing.
    pub fn accepts(&self, a: &Article<'_>) -> bool {
        self.stamp_filter().is_ok_and(|f| f.accepts(a))
    }

    /// Reads `source S`, `since D`, `until D`, `undated include|exclude`,
    /// `file GLOB` and `clear`, any number of them, into a change of
    /// `self`: `:source 站长 since 2023-8`. `-` as a value clears that
    /// filter. A span (`since 7d`) is kept as the date-time it comes to
    /// now.
    pub fn apply_command(&mut self, command: &str) -> Result<(), String> {
        let mut words = command.split_whitespace().peekable();
        if words.peek().is_none() {
            return Err("commands: source NAME, since DATE, until DATE, undated include|exclude, file GLOB, clear".into());
        }
        let mut next = self.clone();
        while let Some(word) = words.next() {
            match word {
                "clear" => next = Filters::default(),
                "source" | "since" | "until" | "undated" | "file" => {
                    let Some(value) = words.next() else {
                        return Err(format!("{word} needs a value"));
                    };
                    let mut value = value.to_string();
                    // `since 2024-05-10 08:33` (or just `08`): a time
                    // after a date.
                    if (word == "since" || word == "until")
                        && let Some(time) = words.next_if(|w| {
                            w.as_bytes().first().is_some_and(u8::is_ascii_digit)
                                && (w.contains(':') || w.len() <= 2)
                        })
                    {
                        value = format!("{value} {time}");
                    }
                    let value = if value == "-" { None } else { Some(value) };
                    let date = |v: Option<String>| {
                        v.map(|v| {
                            checked_date(&v)
                                .map_err(|why| date_error(&format!(":{word}"), &v, &why))
                        })
                        .transpose()
                    };
                    match word {
                        "source" => next.source = value,
                        "file" => {
                            if let Some(v) = &value {
                                file_glob(v)?;
                            }
                            next.file = value;
                        }
                        "undated" => {
                            next.undated = match value.as_deref() {
                                None | Some("exclude") => Undated::Exclude,
                                Some("include") => Undated::Include,
                                Some(v) => {
                                    return Err(format!(
                                        "undated '{v}': use undated include or undated exclude"
                                    ));
                                }
                            }
                        }
                        "since" => next.since = date(value)?,
                        _ => next.until = date(value)?,
                    }
                }
                other => {
                    return Err(format!(
                        "unknown command {other:?}: source, since, until, undated, file, clear"
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
        if self.undated != Undated::default() {
            parts.push(format!("undated {}", self.undated.name()));
        }
        if let Some(s) = &self.file {
            parts.push(format!("file {s}"));
        }
        parts.join(" ")
    }
}

/// [`Filters`]' source and date parts, read once for many articles.
struct StampFilter {
    source: Option<SourceNeedle>,
    since: Option<DateTime>,
    /// The first time past `until` (`None`: no end, or past year 9999).
    until: Option<Option<DateTime>>,
    undated: Undated,
}

impl StampFilter {
    fn dated(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    fn accepts(&self, a: &Article<'_>) -> bool {
        if self.source.is_none() && !self.dated() {
            return true;
        }
        let stamp = a.stamp_bytes();
        if let Some(needle) = &self.source {
            match stamp {
                Some([source, ..]) if needle.matches(source) => {}
                _ => return false,
            }
        }
        if !self.dated() {
            return true;
        }
        let Some(time) = stamp.and_then(|[_, t, _]| stamp_time(t)) else {
            return self.undated == Undated::Include;
        };
        if self.since.is_some_and(|since| time < since) {
            return false;
        }
        if let Some(Some(end)) = self.until
            && time >= end
        {
            return false;
        }
        true
    }
}

/// The date-time of a stamp (`YYYY-MM-DD HH:MM[:SS]`, FORMAT.md rule 2),
/// or `None` when it is no real one (`2023-02-30`, `24:00`).
pub fn stamp_time(t: &[u8]) -> Option<DateTime> {
    const SHAPE: &[u8] = b"dddd-dd-dd dd:dd:dd";
    if !(t.len() == 16 || t.len() == 19) || t.iter().zip(SHAPE).any(|(&b, &s)| s != b'd' && b != s)
    {
        return None;
    }
    let num = |at: usize, n: usize| -> Option<i32> {
        t.get(at..at + n)?.iter().try_fold(0i32, |v, &b| {
            b.is_ascii_digit().then(|| v * 10 + i32::from(b - b'0'))
        })
    };
    let second = if t.len() == 19 { num(17, 2)? } else { 0 };
    DateTime::new(
        num(0, 4)? as i16,
        num(5, 2)? as i8,
        num(8, 2)? as i8,
        num(11, 2)? as i8,
        num(14, 2)? as i8,
        second as i8,
        0,
    )
    .ok()
}

/// The period a date names: from `start` up to, not including, `end`
/// (`None` past year 9999).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    start: DateTime,
    end: Option<DateTime>,
}

/// Checks a date as `--since`/`--until` and `:since`/`:until` take it and
/// returns the text to keep: the date as given, or for a span the
/// date-time it comes to now (`YYYY-MM-DD HH:MM:SS`, local time). `Err`
/// is the reason alone (`month 13 is out of range`); the caller quotes
/// the date and adds [`DATE_FORMS`].
///
/// The forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (months and days of one
/// digit too: `2023-9-5`), then optionally a time after a space or a `T`:
/// `HH`, `HH:MM` or `HH:MM:SS`. Or a span back from now: a whole number
/// and `min`, `h`, `d`, `w`, `mo` or `y` (`30min`, `12h`, `7d`, `2w`,
/// `3mo`, `1y`); a bare `m` is refused as ambiguous.
pub fn checked_date(text: &str) -> Result<String, String> {
    checked_date_at(text, jiff::ZonedDateTime::now().datetime())
}

/// [`checked_date`] with `now` given.
pub fn checked_date_at(text: &str, now: DateTime) -> Result<String, String> {
    if let Some(span) = parse_span(text)? {
        let now = DateTime::new(
            now.year(),
            now.month(),
            now.day(),
            now.hour(),
            now.minute(),
            now.second(),
            0,
        )
        .map_err(|e| e.to_string())?;
        let at = now
            .checked_sub(span)
            .map_err(|_| format!("{text} goes back past year -9999"))?;
        return Ok(format_time(at));
    }
    period_of(text).map(|_| text.to_string())
}

/// `YYYY-MM-DD HH:MM:SS`.
fn format_time(t: DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A span (`7d`), `Ok(None)` when `text` is not shaped as one.
fn parse_span(text: &str) -> Result<Option<Span>, String> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    if digits == 0 || unit.is_empty() || !unit.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(None);
    }
    let too_long = || format!("{text} is too long a span");
    let n: i64 = number.parse().map_err(|_| too_long())?;
    let span = Span::new();
    let span = match unit {
        "min" => span.try_minutes(n),
        "h" => span.try_hours(n),
        "d" => span.try_days(n),
        "w" => span.try_weeks(n),
        "mo" => span.try_months(n),
        "y" => span.try_years(n),
        "m" => {
            return Err(format!(
                "{text} is ambiguous: {number}mo for months, {number}min for minutes"
            ));
        }
        _ => {
            return Err(format!(
                "unknown unit '{unit}': a span takes min, h, d, w, mo or y"
            ));
        }
    };
    span.map(Some).map_err(|_| too_long())
}

/// The period an absolute date names (see [`checked_date`]).
fn period_of(text: &str) -> Result<Period, String> {
    const NOT: &str = "not a date";
    let (date, time) = match text.find([' ', 'T']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    // `min..=max` ASCII digits.
    let field = |s: &str, min: usize, max: usize| -> Result<i32, String> {
        if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NOT.to_string());
        }
        s.parse().map_err(|_| NOT.to_string())
    };
    let d: Vec<&str> = date.split('-').collect();
    if d.len() > 3 || d[0].len() != 4 {
        return Err(NOT.into());
    }
    let year = field(d[0], 4, 4)?;
    let month = d.get(1).map(|m| field(m, 1, 2)).transpose()?;
    let day = d.get(2).map(|m| field(m, 1, 2)).transpose()?;
    let t: Vec<&str> = match time {
        Some(t) if day.is_none() => {
            return Err(format!("a time needs a whole date before it: {t}"));
        }
        Some(t) => t.split(':').collect(),
        None => Vec::new(),
    };
    if t.len() > 3 {
        return Err(NOT.into());
    }
    // An hour of one digit is fine; minutes and seconds have two (so
    // `08:3` is not read as 08:03).
    let t = t
        .iter()
        .enumerate()
        .map(|(i, f)| field(f, if i == 0 { 1 } else { 2 }, 2))
        .collect::<Result<Vec<i32>, String>>()?;
    if let Some(m) = month
        && !(1..=12).contains(&m)
    {
        return Err(format!("month {m} is out of range"));
    }
    if let (Some(m), Some(day)) = (month, day) {
        let days = jiff::civil::Date::new(year as i16, m as i8, 1)
            .map_err(|e| e.to_string())?
            .days_in_month();
        if !(1..=i32::from(days)).contains(&day) {
            return Err(format!("{year:04}-{m:02} has no day {day}"));
        }
    }
    for (v, (name, max)) in t.iter().zip([("hour", 23), ("minute", 59), ("second", 59)]) {
        if *v > max {
            return Err(format!("{name} {v} is out of range"));
        }
    }
    let at = |i: usize| t.get(i).copied().unwrap_or(0) as i8;
    let start = DateTime::new(
        year as i16,
        month.unwrap_or(1) as i8,
        day.unwrap_or(1) as i8,
        at(0),
        at(1),
        at(2),
        0,
    )
    .map_err(|e| e.to_string())?;
    let step = match (month, day, t.len()) {
        (None, _, _) => Span::new().years(1),
        (Some(_), None, _) => Span::new().months(1),
        (_, _, 0) => Span::new().days(1),
        (_, _, 1) => Span::new().hours(1),
        (_, _, 2) => Span::new().minutes(1),
        _ => Span::new().seconds(1),
    };
    Ok(Period {
        start,
        end: start.checked_add(step).ok(),
    })
}

/// A `source` filter's text, folded once.
#[derive(Debug, Clone)]
struct SourceNeedle {
    raw: String,
    folded: String,
}

impl SourceNeedle {
    fn new(raw: &str) -> SourceNeedle {
        SourceNeedle {
            raw: raw.to_string(),
            folded: fold(raw),
        }
    }

    fn matches(&self, source: &[u8]) -> bool {
        if self.raw.is_empty() {
            // `--source ""`: the items whose source is empty, as always.
            return source.is_empty();
        }
        if memchr::memmem::find(source, self.raw.as_bytes()).is_some() {
            return true;
        }
        if self.folded == self.raw && !may_fold(source) {
            // Folding changes neither side: the search above said it.
            return false;
        }
        let source = String::from_utf8_lossy(source);
        if self.folded == self.raw && !source.chars().any(folds) {
            // Folding changes neither side: the search above said it.
            return false;
        }
        fold(&source).contains(&self.folded)
    }
}

/// Whether the `source` filter `needle` takes the source `source`: its
/// name contains the text, letters in either case, full-width forms as
/// half-width ones (`站长` takes 站长网, `it` takes IT之窗). An empty
/// `needle` takes only an empty source.
pub fn source_matches(needle: &str, source: &str) -> bool {
    SourceNeedle::new(needle).matches(source.as_bytes())
}

/// Whether [`fold`] may change some character of `bytes`: false for
/// the usual source (lower-case ASCII, Chinese characters), told from the
/// bytes alone. A source is tested for every article a `--source` filter
/// sees, most of them not the one asked for.
fn may_fold(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'A'..=b'Z' => return true,
            0..=0x7f => i += 1,
            // U+4000..U+9FFF (CJK): three bytes, no case, no full width.
            0xe4..=0xe9 => i += 3,
            _ => return true,
        }
    }
    false
}

/// Whether [`fold`] changes `c`. Asked of every character of every
/// source a `--source` filter does not find as it is, so the common cases
/// (ASCII, Chinese) answer without Unicode's case tables.
fn folds(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return false;
    }
    let mut f = super::fold_width(c).to_lowercase();
    !(f.next() == Some(c) && f.next().is_none())
}

/// The sources of some articles and how many items each has: what an
/// unknown `source` is compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources(HashMap<String, usize>);

impl Sources {
    /// The sources of `doc`'s items (empty names left out).
    pub fn of_doc(doc: &Document, text: &[u8]) -> Sources {
        let mut counts: HashMap<&[u8], usize> = HashMap::new();
        let mut records: HashMap<String, usize> = HashMap::new();
        for i in 0..doc.index.len() {
            let Some(a) = doc.index.article(text, i) else {
                continue;
            };
            // A page's source is borrowed from the text; a record's site
            // lives in the decoded record, which goes with the article.
            if let Some(d) = a.record() {
                if !d.site().is_empty() {
                    *records.entry(d.site().to_string()).or_default() += 1;
                }
            } else if let Some([source, ..]) = a.dump_stamp_bytes()
                && !source.is_empty()
            {
                *counts.entry(source).or_default() += 1;
            }
        }
        let mut out = Sources(records);
        for (s, n) in counts {
            *out.0
                .entry(String::from_utf8_lossy(s).into_owned())
                .or_default() += n;
        }
        out
    }

    /// The sources of every document of `corpus`; `None` when cancelled.
    pub fn of_corpus(corpus: &Corpus, cancel: &AtomicBool) -> Option<Sources> {
        let mut all = Sources::default();
        let done = corpus.scan_docs(
            cancel,
            &|_| true,
            &|d, text| {
                corpus
                    .doc(d)
                    .map(|doc| Sources::of_doc(doc, text))
                    .unwrap_or_default()
            },
            |_, s| all.merge(s),
        );
        done.then_some(all)
    }

    /// Adds `other`'s counts.
    pub fn merge(&mut self, other: Sources) {
        for (s, n) in other.0 {
            *self.0.entry(s).or_default() += n;
        }
    }

    /// The sources, most items first, then by name.
    pub fn by_count(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> = self.0.iter().map(|(s, &n)| (s.as_str(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }

    /// The sources that `needle` might have meant: those with a part
    /// that is a few edits from it (one edit in three characters, at
    /// least one, and never all of them), the closest first, then the
    /// most common; at most `n`.
    pub fn close_to(&self, needle: &str, n: usize) -> Vec<&str> {
        let want: Vec<char> = fold(needle).chars().collect();
        let room = (want.len() / 3).max(1);
        let mut close: Vec<(usize, usize, &str)> = self
            .0
            .iter()
            .filter_map(|(s, &count)| {
                let have: Vec<char> = fold(s).chars().collect();
                let d = distance_to_a_part(&want, &have);
                (d <= room && d < want.len()).then_some((d, count, s.as_str()))
            })
            .collect();
        close.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
        close.into_iter().take(n).map(|(_, _, s)| s).collect()
    }

    /// When no source matches `needle`: one line that says so, guesses
    /// what was meant and lists the sources there are (`None` when one
    /// matches).
    pub fn unknown(&self, needle: &str) -> Option<String> {
        let n = SourceNeedle::new(needle);
        if self.0.keys().any(|s| n.matches(s.as_bytes())) {
            return None;
        }
        let mut msg = format!("no source matches '{needle}'");
        let close = self.close_to(needle, 3);
        if !close.is_empty() {
            let quoted: Vec<String> = close.iter().map(|s| format!("'{s}'")).collect();
            let guess = match quoted.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} or {last}", rest.join(", "))
                }
                _ => quoted.join(""),
            };
            msg.push_str(&format!("; did you mean {guess}?"));
        }
        const SHOWN: usize = 10;
        let all = self.by_count();
        if all.is_empty() {
            msg.push_str(" (no item has a source)");
        } else {
            let mut names: Vec<String> = all
                .iter()
                .take(SHOWN)
                .map(|(s, n)| format!("{s} ({n})"))
                .collect();
            if all.len() > SHOWN {
                names.push(format!("… {} more", all.len() - SHOWN));
            }
            msg.push_str(&format!(" (sources: {})", names.join(", ")));
        }
        Some(msg)
    }
}

/// The fewest edits (a character changed, added or dropped, two
/// neighbours swapped) that make `needle` a part of `hay`: a source filter
/// matches a part of a name, so that is what a typo is measured against.
fn distance_to_a_part(needle: &[char], hay: &[char]) -> usize {
    // Rows over `hay`; row 0 is all zeros: the part may start anywhere.
    let mut prev2: Vec<usize> = vec![0; hay.len() + 1];
    let mut prev: Vec<usize> = vec![0; hay.len() + 1];
    for i in 1..=needle.len() {
        let mut row = vec![i; hay.len() + 1];
        for j in 1..=hay.len() {
            let cost = usize::from(needle[i - 1] != hay[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && needle[i - 1] == hay[j - 2] && needle[i - 2] == hay[j - 1] {
                row[j] = row[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, row);
    }
    // The part may end anywhere.
    prev.into_iter().min().unwrap_or(0)
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
    select_in_doc_reporting(doc, text, matcher, filters, sort, cancel, &mut |_, _| {})
}

/// [`select_in_doc`], handing each JSON record it passes over for being
/// no article (invalid JSON, no title or body) to `bad` with the reason.
/// Such a record is never selected; with a query it is not even read.
pub fn select_in_doc_reporting(
    doc: &Document,
    text: &[u8],
    matcher: Option<&Matcher>,
    filters: &Filters,
    sort: Sort,
    cancel: &AtomicBool,
    bad: &mut dyn FnMut(u32, String),
) -> Vec<(u32, Option<Vec<u8>>)> {
    let part = sort_part(sort);
    let mut out = Vec::new();
    // A date that cannot be read (refused when it was typed) keeps nothing.
    let Ok(stamps) = filters.stamp_filter() else {
        return out;
    };
    let mut keep = |i: usize| {
        let Some(a) = doc.index.article(text, i) else {
            return;
        };
        if let Some(why) = a.record_error() {
            bad(i as u32, why);
        } else if stamps.accepts(&a) {
            let key = part.and_then(|p| a.stamp_bytes().map(|s| s[p].to_vec()));
            // A record's time that did not parse sorts last, as no time.
            let key = key.filter(|k| is_sort_key(part, &a, k));
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

/// Whether a sort key is one: a record's time that is text, or a missing
/// site or time, is none (it sorts last).
fn is_sort_key(part: Option<usize>, a: &Article<'_>, key: &[u8]) -> bool {
    match a.record() {
        Some(d) => !key.is_empty() && (part != Some(1) || d.time_parsed()),
        None => true,
    }
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
    partial: impl FnMut(&[u32]),
) -> Option<Vec<u32>> {
    select_where(corpus, matcher, filters, sort, None, cancel, partial)
}

/// A test on an article beyond the query and the filters (the reader's
/// triage filters: `:unread`, `:tag T`).
pub type Keep = dyn Fn(&Article<'_>) -> bool + Sync;

/// A [`Keep`] a job can own.
pub type KeepOwned = dyn Fn(&Article<'_>) -> bool + Send + Sync;

/// [`select`], keeping only the articles `keep` (when given) passes.
pub fn select_where(
    corpus: &Corpus,
    matcher: Option<&Matcher>,
    filters: &Filters,
    sort: Sort,
    keep: Option<&Keep>,
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
    if matcher.is_none() && !filters.reads_stamps() && part.is_none() && keep.is_none() {
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
                if let Some(keep) = keep {
                    found.retain(|(i, _)| {
                        doc.index
                            .article(text, *i as usize)
                            .is_some_and(|a| keep(&a))
                    });
                }
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

    #[test]
    fn may_fold_is_false_only_where_folding_changes_nothing() {
        for (source, may) in [
            ("站长网", false),
            ("it之窗", false),
            ("", false),
            ("IT之窗", true),
            ("ｉｔ之窗", true),
            ("新\u{3000}报", true),
            ("Ångström", true),
        ] {
            assert_eq!(may_fold(source.as_bytes()), may, "{source}");
            // Never false where fold would change it.
            if !may {
                assert_eq!(fold(source), source);
            }
        }
    }
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

    fn cmd(c: &str) -> Filters {
        let mut f = Filters::default();
        f.apply_command(c).unwrap();
        f
    }

    fn at(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    #[test]
    fn since_a_month_without_leading_zero_compares_as_a_date() {
        assert_eq!(run(None, &cmd("since 2024-5"), Sort::File), vec![1, 3]);
        assert_eq!(run(None, &cmd("since 2024-9"), Sort::File), vec![3]);
        assert_eq!(run(None, &cmd("until 2024-5"), Sort::File), vec![1, 2]);
        assert_eq!(run(None, &cmd("since 2024-5-3"), Sort::File), vec![3]);
    }

    #[test]
    fn until_takes_the_whole_period_it_names() {
        for (until, want) in [
            ("2023", vec![2]),
            ("2024-05", vec![1, 2]),
            ("2024-05-02", vec![1, 2]),
            ("2024-05-02 08", vec![1, 2]),
            ("2024-05-02 08:30", vec![1, 2]),
            ("2024-05-02 08:30:15", vec![1, 2]),
            ("2024-05-02 08:30:14", vec![2]),
            ("2024-05-02T08:29", vec![2]),
        ] {
            assert_eq!(
                run(None, &cmd(&format!("until {until}")), Sort::File),
                want,
                "{until}"
            );
        }
    }

    #[test]
    fn dates_name_periods() {
        let p = |s: &str| period_of(s).unwrap();
        let both = |s: &str| (p(s).start, p(s).end.unwrap());
        assert_eq!(
            both("2023"),
            (at("2023-01-01T00:00"), at("2024-01-01T00:00"))
        );
        assert_eq!(
            both("2023-9"),
            (at("2023-09-01T00:00"), at("2023-10-01T00:00"))
        );
        assert_eq!(
            both("2023-12"),
            (at("2023-12-01T00:00"), at("2024-01-01T00:00"))
        );
        assert_eq!(
            both("2024-2-29"),
            (at("2024-02-29T00:00"), at("2024-03-01T00:00"))
        );
        assert_eq!(
            both("2023-09-05 7"),
            (at("2023-09-05T07:00"), at("2023-09-05T08:00"))
        );
        assert_eq!(
            both("2023-09-05T23:59"),
            (at("2023-09-05T23:59"), at("2023-09-06T00:00"))
        );
        assert_eq!(
            both("2023-09-05 10:00:59"),
            (at("2023-09-05T10:00:59"), at("2023-09-05T10:01:00"))
        );
        // No end past the last year jiff knows.
        assert_eq!(p("9999-12").end, None);
    }

    #[test]
    fn an_invalid_date_is_refused_with_a_reason() {
        for (bad, why) in [
            ("2023-13-45", "month 13 is out of range"),
            ("2023-0", "month 0 is out of range"),
            ("2023-02-29", "2023-02 has no day 29"),
            ("2023-04-31", "2023-04 has no day 31"),
            ("2023-04-0", "2023-04 has no day 0"),
            ("2023-04-01 24:00", "hour 24 is out of range"),
            ("2023-04-01 10:60", "minute 60 is out of range"),
            ("2023-04-01 10:00:60", "second 60 is out of range"),
            (
                "2023-04 10:00",
                "a time needs a whole date before it: 10:00",
            ),
            ("3m", "3m is ambiguous: 3mo for months, 3min for minutes"),
            ("3s", "unknown unit 's': a span takes min, h, d, w, mo or y"),
            ("yesterday", "not a date"),
            ("2024/05/01", "not a date"),
            ("24-05-01", "not a date"),
            ("202", "not a date"),
            ("2024-05-02 08:3", "not a date"),
            ("2024-005", "not a date"),
            ("2024-05-01 10:00:00:00", "not a date"),
            ("2024-05-01 ", "not a date"),
            ("", "not a date"),
        ] {
            assert_eq!(checked_date(bad), Err(why.to_string()), "{bad:?}");
        }
    }

    #[test]
    fn an_invalid_date_in_a_command_is_refused_with_a_message_that_quotes_it() {
        let mut f = cmd("source 快讯社");
        let err = f.apply_command("since 2023-13-45").unwrap_err();
        assert_eq!(
            err,
            "invalid date '2023-13-45' for :since: month 13 is out of range \
             (use YYYY, YYYY-MM, YYYY-MM-DD [HH:MM], or a span like 7d, 2w)"
        );
        let err = f.apply_command("until 2024-05-01 25:00").unwrap_err();
        assert!(
            err.starts_with("invalid date '2024-05-01 25:00' for :until: hour 25"),
            "{err}"
        );
        assert_eq!(f, cmd("source 快讯社"), "nothing changed");
    }

    #[test]
    fn a_span_comes_to_a_date_time_back_from_now() {
        let now = at("2024-03-31T12:34:56.789");
        for (span, want) in [
            ("30min", "2024-03-31 12:04:56"),
            ("12h", "2024-03-31 00:34:56"),
            ("7d", "2024-03-24 12:34:56"),
            ("2w", "2024-03-17 12:34:56"),
            ("1mo", "2024-02-29 12:34:56"),
            ("1y", "2023-03-31 12:34:56"),
            ("0d", "2024-03-31 12:34:56"),
        ] {
            assert_eq!(checked_date_at(span, now).as_deref(), Ok(want), "{span}");
        }
        // A date stays as it was given.
        assert_eq!(checked_date_at("2023-9", now).as_deref(), Ok("2023-9"));
        assert!(checked_date_at("99999y", now).is_err());
        // The reader keeps what a span came to, so the view does not move.
        let f = cmd("since 7d");
        let kept = f.since.as_deref().unwrap();
        assert!(stamp_time(kept.as_bytes()).is_some(), "{kept}");
        assert_eq!(f.describe(), format!("since {kept}"));
    }

    #[test]
    fn stamps_are_read_as_real_times() {
        assert_eq!(
            stamp_time(b"2024-05-02 08:30:15"),
            Some(at("2024-05-02T08:30:15"))
        );
        assert_eq!(
            stamp_time(b"2024-05-02 08:30"),
            Some(at("2024-05-02T08:30:00"))
        );
        assert_eq!(stamp_time(b"2023-02-29 08:30:00"), None);
        assert_eq!(stamp_time(b"2023-02-28 24:00:00"), None);
        assert_eq!(stamp_time(b"2023-02-28 08:3"), None);
        assert_eq!(stamp_time(b"2023-02-28T08:30"), None);
        assert_eq!(stamp_time(b"2023/02/28 08:30"), None);
    }

    #[test]
    fn undated_command_keeps_leads_in_a_date_filter() {
        let f = cmd("since 2024 undated include");
        assert_eq!(run(None, &f, Sort::File), vec![0, 1, 3]);
        assert_eq!(f.describe(), "since 2024 undated include");
        // Back to the default.
        let mut g = f.clone();
        g.apply_command("undated exclude").unwrap();
        assert_eq!(run(None, &g, Sort::File), vec![1, 3]);
        g.apply_command("undated include undated -").unwrap();
        assert_eq!(g.undated, Undated::Exclude);
        assert!(g.apply_command("undated maybe").is_err());
        // Alone it narrows nothing.
        assert!(cmd("undated include").is_empty());
        assert_eq!(
            run(None, &cmd("undated include"), Sort::File),
            vec![0, 1, 2, 3]
        );
        // A source filter still leaves leads out.
        let f = cmd("source 快讯 since 2024 undated include");
        assert_eq!(run(None, &f, Sort::File), vec![1, 3]);
        assert_eq!(cmd("since 2024 undated include clear"), Filters::default());
    }

    #[test]
    fn source_matches_a_substring() {
        assert_eq!(run(None, &cmd("source 快讯"), Sort::File), vec![1, 3]);
        assert_eq!(run(None, &cmd("source 之窗"), Sort::File), vec![2]);
        assert_eq!(run(None, &cmd("source it"), Sort::File), vec![2]);
        assert_eq!(run(None, &cmd("source ＩＴ之"), Sort::File), vec![2]);
        assert_eq!(
            run(None, &cmd("source 没有"), Sort::File),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn source_matching_folds_case_and_width() {
        assert!(source_matches("站长", "站长之家"));
        assert!(source_matches("techdaily", "TechDaily"));
        assert!(source_matches("DAILY", "TechDaily"));
        assert!(source_matches("ｔｅｃｈ", "TechDaily"));
        assert!(source_matches("tech", "ＴＥＣＨ日报"));
        assert!(source_matches("édition", "Édition Spéciale"));
        assert!(!source_matches("站长网", "站长之家"));
        assert!(!source_matches("x", "TechDaily"));
        // An empty name takes only an empty source.
        assert!(source_matches("", ""));
        assert!(!source_matches("", "快讯社"));
    }

    #[test]
    fn an_unknown_source_suggests_the_sources_that_exist() {
        let mut sources = Sources::default();
        for (s, n) in [
            ("站长之家", 5),
            ("站长网", 2),
            ("快讯社", 9),
            ("TechDaily", 1),
        ] {
            sources.0.insert(s.to_string(), n);
        }
        assert_eq!(sources.unknown("站长"), None, "matches");
        assert_eq!(sources.unknown("TECH"), None, "matches");
        assert_eq!(
            sources.unknown("站常").as_deref(),
            Some(
                "no source matches '站常'; did you mean '站长之家' or '站长网'? \
                 (sources: 快讯社 (9), 站长之家 (5), 站长网 (2), TechDaily (1))"
            )
        );
        assert_eq!(sources.close_to("techdialy", 3), vec!["TechDaily"]);
        assert_eq!(sources.close_to("快訊社", 3), vec!["快讯社"]);
        assert_eq!(sources.close_to("站长之家网站", 3), vec!["站长之家"]);
        assert!(sources.close_to("无此来源", 3).is_empty());
        assert!(sources.close_to("x", 3).is_empty());
        assert_eq!(
            Sources::default().unknown("x").as_deref(),
            Some("no source matches 'x' (no item has a source)")
        );
        let corpus = corpus();
        let all = Sources::of_corpus(&corpus, &AtomicBool::new(false)).unwrap();
        assert_eq!(all.by_count(), vec![("快讯社", 2), ("IT之窗", 1)]);
    }

    #[test]
    fn query_and_filters_combine() {
        let mut f = Filters::default();
        f.apply_command("source 快讯社").unwrap();
        assert_eq!(run(Some("摘要"), &f, Sort::File), vec![1, 3]);
        assert_eq!(run(Some("很长"), &f, Sort::File), Vec::<u32>::new());
    }
}
