//! Which articles a view shows and in what order: a query, filters on
//! source and date, a sort. Shared by `list`/`export` and the reader.

use std::cmp::Reverse;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Matcher;
use crate::dump::{Article, Index};

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
}

impl Filters {
    /// No filter set.
    pub fn is_empty(&self) -> bool {
        self.source.is_none() && self.since.is_none() && self.until.is_none()
    }

    /// Whether `a` passes every filter.
    pub fn accepts(&self, a: &Article<'_>) -> bool {
        if self.is_empty() {
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

    /// Reads `source S`, `since D`, `until D` and `clear`, any number of
    /// them, into a change of `self`: `:source 站长网 since 2023-08-01`.
    pub fn apply_command(&mut self, command: &str) -> Result<(), String> {
        let mut words = command.split_whitespace().peekable();
        if words.peek().is_none() {
            return Err("commands: source NAME, since DATE, until DATE, clear".into());
        }
        let mut next = self.clone();
        while let Some(word) = words.next() {
            match word {
                "clear" => next = Filters::default(),
                "source" | "since" | "until" => {
                    let Some(value) = words.next() else {
                        return Err(format!("{word} needs a value"));
                    };
                    let mut value = value.to_string();
                    // `since 2024-05-10 08:33`: a time after a date.
                    if word != "source"
                        && let Some(time) = words.next_if(|w| {
                            w.as_bytes().first().is_some_and(u8::is_ascii_digit) && w.contains(':')
                        })
                    {
                        value = format!("{value} {time}");
                    }
                    let value = if value == "-" { None } else { Some(value) };
                    match word {
                        "source" => next.source = value,
                        "since" => next.since = checked_date(value)?,
                        _ => next.until = checked_date(value)?,
                    }
                }
                other => {
                    return Err(format!(
                        "unknown command {other:?}: source, since, until, clear"
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
        parts.join(" ")
    }
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

/// Puts `rows` (article indices) in `sort` order; ties keep file order.
pub fn sort_rows(rows: &mut [u32], bytes: &[u8], index: &Index, sort: Sort) {
    let stamp = |i: u32| {
        index
            .article(bytes, i as usize)
            .and_then(|a| a.stamp_bytes())
    };
    match sort {
        Sort::File => rows.sort_unstable(),
        Sort::Newest | Sort::Oldest | Sort::Source => {
            // One lookup per article, not one per comparison.
            let part = if sort == Sort::Source { 0 } else { 1 };
            let mut keyed: Vec<(Option<&[u8]>, u32)> = rows
                .iter()
                .map(|&i| (stamp(i).map(|s| s[part]), i))
                .collect();
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
            let entries = index.entries();
            rows.sort_by_key(|&i| (Reverse(entries[i as usize].len()), i));
        }
    }
}

/// The articles that match `matcher` (when given) and pass `filters`, in
/// `sort` order. With file order, `partial` receives the rows found so
/// far as the scan goes (for a screen to fill while it runs). Returns
/// `None` when cancelled.
pub fn select(
    bytes: &[u8],
    index: &Index,
    matcher: Option<&Matcher>,
    filters: &Filters,
    sort: Sort,
    cancel: &AtomicBool,
    mut partial: impl FnMut(&[u32]),
) -> Option<Vec<u32>> {
    let mut rows: Vec<u32> = Vec::new();
    let mut reported = 0;
    let streaming = sort == Sort::File;
    let keep = |i: usize, rows: &mut Vec<u32>| {
        if let Some(a) = index.article(bytes, i)
            && filters.accepts(&a)
        {
            rows.push(i as u32);
        }
    };
    match matcher {
        Some(m) => {
            let finished = m.scan(bytes, index, cancel, |i| {
                keep(i, &mut rows);
                if streaming && rows.len() >= reported + 256 {
                    partial(&rows);
                    reported = rows.len();
                }
            });
            if !finished {
                return None;
            }
        }
        None => {
            for i in 0..index.len() {
                if i % 65536 == 0 && cancel.load(Ordering::Relaxed) {
                    return None;
                }
                keep(i, &mut rows);
            }
        }
    }
    sort_rows(&mut rows, bytes, index, sort);
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Mode;

    const DUMP: &str = "头条\n正文。\n条目一\n摘要一。快讯社2024-05-02 08:30:150001条目二\n摘要二很长很长。IT之窗2023-01-03 09:00:000002条目三\n摘要三。快讯社2024-09-01 10:00:000003\n";

    fn run(m: Option<&str>, f: &Filters, sort: Sort) -> Vec<u32> {
        let index = Index::parse(DUMP.as_bytes());
        let matcher = m.map(|q| Matcher::new(q, Mode::Literal).unwrap());
        select(
            DUMP.as_bytes(),
            &index,
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
        let index = Index::parse(DUMP.as_bytes());
        let lens: Vec<u64> = by_length
            .iter()
            .map(|&i| index.entries()[i as usize].len())
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
