//! What a scrape holds (issue 15): its duplicate groups and each article's
//! quality flags, over a whole corpus. `dups` finds duplicates in texts and
//! `quality` flags one article; this reads the corpus for them, on all
//! cores, in two passes: the first sketches every article and counts the
//! lines that repeat (boilerplate), the second flags every article once
//! the boilerplate is known. Only the sketches are held between (about
//! 200 bytes an article); after, a group entry and two bytes of flags.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::dump::Article;
use crate::dups::{Groups, Params, Sketch, Sketcher, candidates, chain_equal, confirm};
use crate::input::Corpus;
use crate::quality::{Boilerplate, BoilerplateCounter, FlagCounts, Flags, flags_of};

/// What was found.
#[derive(Debug)]
pub struct Analysis {
    /// Duplicate groups, by ordinal.
    pub groups: Groups,
    /// Each article's quality flags, by ordinal.
    pub flags: Vec<Flags>,
    /// How many articles carry each flag.
    pub counts: FlagCounts,
    /// The lines that repeat across many articles.
    pub boilerplate: Boilerplate,
    /// What each step took, and how many candidate pairs were confirmed.
    pub took: Vec<(&'static str, std::time::Duration)>,
    /// Candidate pairs compared on their texts, and how many held.
    pub candidates: (usize, usize),
}

/// Filters on what the scrape holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only articles in duplicate groups.
    pub dups: bool,
    /// Each group as its first member (and the articles in none).
    pub dedup: bool,
    /// Only articles with all these flags.
    pub flags: Flags,
}

impl Filter {
    /// Whether it narrows anything.
    pub fn narrows(&self) -> bool {
        self.dups || self.dedup || !self.flags.is_empty()
    }

    /// Whether article `o` passes, by `a`.
    pub fn keeps(&self, a: &Analysis, o: u32) -> bool {
        (!self.dups || a.groups.group_of(o).is_some())
            && (!self.dedup || a.groups.dup_of(o).is_none())
            && a.flags
                .get(o as usize)
                .is_some_and(|f| self.flags.iter().all(|x| f.contains(x)))
    }

    /// The filter in the words that set it.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.dups {
            parts.push("dups".to_string());
        }
        if self.dedup {
            parts.push("dedup".to_string());
        }
        parts.extend(self.flags.iter().map(|f| format!("flag {}", f.name())));
        parts.join(" ")
    }
}

/// Articles of one document sketched on one thread at most; a bigger
/// document (a single big dump) is cut in parts for all cores.
const PART: usize = 8192;

/// Runs `part` over `0..len` cut in parts for all cores (one part when
/// small), handing each part's result to `merge` in order.
fn in_parts<T: Send>(
    len: usize,
    part: &(dyn Fn(std::ops::Range<usize>) -> T + Sync),
    mut merge: impl FnMut(T),
) {
    if len <= PART {
        merge(part(0..len));
        return;
    }
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let step = len.div_ceil(threads).max(PART);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..len)
            .step_by(step)
            .map(|start| s.spawn(move || part(start..(start + step).min(len))))
            .collect();
        for w in workers {
            // A panic in a part is the job's: it reports it.
            merge(w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
    });
}

/// The text an article is compared by, into `out`: its title and its
/// body. The title counts: short items written from one template
/// (`相比上一代，新版本的X提升了约7倍。`) differ in little but their titles,
/// and are distinct; a re-fetched lead or a repeated item keeps its title.
fn compared_into(a: &Article<'_>, out: &mut String) {
    out.clear();
    for part in [a.title_bytes(), b"\n", a.body_bytes()] {
        match simdutf8::basic::from_utf8(part) {
            Ok(s) => out.push_str(s),
            Err(_) => out.push_str(&String::from_utf8_lossy(part)),
        }
    }
}

fn compared(a: &Article<'_>) -> String {
    let mut s = String::new();
    compared_into(a, &mut s);
    s
}

/// An article's time as a number that sorts as the time does
/// (`YYYYMMDDHHMMSS`), `i64::MAX` without one: a group's first member is
/// its earliest.
pub fn sortable_time(a: &Article<'_>) -> i64 {
    let Some([_, t, _]) = a.stamp_bytes() else {
        return i64::MAX;
    };
    if t.len() < 19 || a.record().is_some_and(|d| !d.time_parsed()) {
        return i64::MAX;
    }
    let mut n: i64 = 0;
    for &b in &t[..19] {
        if b.is_ascii_digit() {
            n = n * 10 + i64::from(b - b'0');
        } else if !matches!(b, b'-' | b' ' | b':' | b'T') {
            return i64::MAX;
        }
    }
    n
}

/// The same title, source and time: the second exact rule, for
/// items and records that have all three.
fn stamp_key(a: &Article<'_>) -> Option<u128> {
    let [source, time, _] = a.stamp_bytes()?;
    if source.is_empty() || time.is_empty() || a.is_untitled() {
        return None;
    }
    let title = a.title();
    let source = String::from_utf8_lossy(source);
    let time = String::from_utf8_lossy(time);
    Some(crate::dups::exact_key_parts(&[&title, &source, &time]))
}

/// The key of `a`'s normalised body, when it has at least `shingle`
/// characters.
fn body_key(a: &Article<'_>, shingle: usize) -> Option<u128> {
    let bytes = a.body_bytes();
    let body = match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    // Enough characters that count (not white space or punctuation),
    // looked for from the start: a body is seldom that short.
    let enough = body
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(shingle)
        .count()
        >= shingle;
    enough.then(|| crate::dups::exact_key(&body))
}

/// What the first pass keeps of one article.
struct Seen {
    sketch: Sketch,
    stamp: Option<u128>,
    /// The normalised body's key, for a body of a shingle or more: the
    /// issue's first exact rule (a re-post under another title is the same
    /// body). A shorter one (`详情`, `图片`) says nothing of the article.
    body: Option<u128>,
    time: i64,
}

/// Groups the duplicates of `corpus` and flags its articles, at `now`
/// (Unix seconds, for dates in the future). `progress(done, total)` is
/// called as articles are read, twice over (the passes); `None` when
/// cancelled.
pub fn analyse(
    corpus: &Corpus,
    params: &Params,
    now: i64,
    cancel: &AtomicBool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Option<Analysis> {
    let n = corpus.len();
    let total = 2 * n as u64;
    let mut took = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |what: &'static str, took: &mut Vec<_>| {
        let now = std::time::Instant::now();
        took.push((what, now - clock));
        clock = now;
    };
    let done = AtomicU64::new(0);
    let tick = |k: usize| {
        let d = done.fetch_add(k as u64, Ordering::Relaxed) + k as u64;
        progress(d, total);
    };
    // Pass 1: sketches, stamps, times, boilerplate lines.
    let mut seen: Vec<Seen> = Vec::with_capacity(n);
    let mut lines = BoilerplateCounter::new();
    let finished = corpus.scan_docs(
        cancel,
        &|_| true,
        &|d, text| {
            let Some(doc) = corpus.doc(d) else {
                return (Vec::new(), BoilerplateCounter::new());
            };
            let len = doc.index.len();
            let part = |range: std::ops::Range<usize>| {
                let mut sketcher = Sketcher::new(params);
                let mut counter = BoilerplateCounter::new();
                let mut compared_text = String::new();
                let mut out = Vec::with_capacity(range.len());
                for i in range {
                    let Some(a) = doc.index.article(text, i) else {
                        continue;
                    };
                    let bad = a.is_bad_record();
                    // A bad record is nobody's duplicate.
                    compared_text.clear();
                    if !bad {
                        compared_into(&a, &mut compared_text);
                    }
                    let body = if bad {
                        None
                    } else {
                        body_key(&a, params.shingle)
                    };
                    out.push(Seen {
                        sketch: sketcher.sketch(&compared_text),
                        body,
                        stamp: if bad { None } else { stamp_key(&a) },
                        time: sortable_time(&a),
                    });
                    counter.add(&a);
                }
                tick(out.len());
                (out, counter)
            };
            let mut all = Vec::with_capacity(len);
            let mut counter = BoilerplateCounter::new();
            in_parts(len, &part, |(out, c)| {
                all.extend(out);
                counter.merge(c);
            });
            (all, counter)
        },
        |_, (part, counter)| {
            seen.extend(part);
            lines.merge(counter);
        },
    );
    if !finished || seen.len() != n {
        return None;
    }
    lap("sketch", &mut took);
    let boilerplate = lines.finish(n);
    let times: Vec<i64> = seen.iter().map(|s| s.time).collect();
    let stamps: Vec<Option<u128>> = seen.iter().map(|s| s.stamp).collect();
    let bodies: Vec<Option<u128>> = seen.iter().map(|s| s.body).collect();
    let sketches: Vec<Sketch> = seen.into_iter().map(|s| s.sketch).collect();
    let found = candidates(&sketches, params);
    drop(sketches);
    lap("candidates", &mut took);
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let mut pairs: Vec<(u32, u32, f32)> = found.same.iter().map(|&(a, b)| (a, b, 1.0)).collect();
    pairs.extend(chain_equal(&stamps).0.into_iter().map(|(a, b)| (a, b, 1.0)));
    drop(stamps);
    pairs.extend(chain_equal(&bodies).0.into_iter().map(|(a, b)| (a, b, 1.0)));
    drop(bodies);
    let text = |i: u32| {
        corpus
            .with_article(i as usize, |a| compared(&a))
            .unwrap_or_default()
    };
    let before = pairs.len();
    pairs.extend(confirm(&found.near, params, text));
    let confirmed = pairs.len() - before;
    lap("confirm", &mut took);
    let mut groups = Groups::build(n, &pairs, |i| (times[i as usize], i));
    drop(pairs);
    groups.fill_similarities(params, text);
    lap("groups", &mut took);
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    // Pass 2: flags, now that the boilerplate is known.
    let mut flags: Vec<Flags> = Vec::with_capacity(n);
    let mut counts = FlagCounts::default();
    let finished = corpus.scan_docs(
        cancel,
        &|_| true,
        &|d, text| {
            let Some(doc) = corpus.doc(d) else {
                return Vec::new();
            };
            let len = doc.index.len();
            let part = |range: std::ops::Range<usize>| {
                let out: Vec<Flags> = range
                    .map(|i| {
                        doc.index
                            .article(text, i)
                            .map(|a| flags_of(&a, now, Some(&boilerplate)))
                            .unwrap_or_default()
                    })
                    .collect();
                tick(out.len());
                out
            };
            let mut all = Vec::with_capacity(len);
            in_parts(len, &part, |out| all.extend(out));
            all
        },
        |_, part| {
            for f in &part {
                counts.add(*f);
            }
            flags.extend(part);
        },
    );
    if !finished || flags.len() != n {
        return None;
    }
    lap("flags", &mut took);
    Some(Analysis {
        groups,
        flags,
        counts,
        boilerplate,
        took,
        candidates: (found.near.len(), confirmed),
    })
}
