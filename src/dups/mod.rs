//! Duplicate articles (issue 15): exact copies and near duplicates.
//!
//! A scrape is full of copies: a lead fetched again with a sentence edited,
//! a story re-posted by ten sites, a related-news item on page after page.
//! This module finds them from the texts alone; it knows nothing of dumps,
//! files or the reader.
//!
//! # What counts as a duplicate
//!
//! Texts are compared [normalised](normalise): width, case, white space and
//! punctuation do not count. Two texts are
//!
//! * **exact duplicates** when they are equal normalised (same
//!   [`exact_key`]; the caller's other exact rule, same title, source and
//!   time, is [`exact_key_parts`] and [`chain_equal`]);
//! * **near duplicates** when their sets of character 5-grams
//!   ([`Params::shingle`]; Chinese has no spaces to cut words at) have a
//!   Jaccard similarity of at least [`Params::threshold`].
//!
//! Groups are what these pairs join, through each other too. A text
//! shorter than a shingle is one shingle of its own, so it is the duplicate
//! of its exact copies only: the many short texts of a scrape (`图片`,
//! `详情`) do not all fall into one group. A text with nothing left after
//! normalising is nobody's duplicate.
//!
//! # How, at scrape scale
//!
//! Comparing every pair is out of reach (450,000 articles are 10¹¹
//! pairs), so each text is [sketched](Sketcher) once — a one-permutation
//! MinHash signature, a byte a bin — and texts meet as [`candidates`] only
//! when a band of the signature agrees; each candidate is then
//! [confirmed](confirm) on the two texts, so a group never rests on an
//! estimate. [`Groups::build`] joins the confirmed pairs. The steps take
//! sketches and pair lists, never a corpus, so a caller can sketch its
//! articles on all cores as it reads them, let the texts go, and read again
//! only those in candidate pairs:
//!
//! ```
//! use newsdump::dups::{Params, Sketcher, candidates, group};
//!
//! let texts = ["星河智算发布新一代多模态大模型，推理成本降低六成。",
//!              "星河智算发布新一代多模态大模型,推理成本降低六成!",
//!              "云湖市今日举办秋季马拉松比赛，两万人参加。"];
//! let params = Params::default();
//! let mut sketcher = Sketcher::new(&params);
//! let sketches: Vec<_> = texts.iter().map(|t| sketcher.sketch(t)).collect();
//! let found = candidates(&sketches, &params);
//! drop(sketches);
//! // Each article's time (i64::MAX for none) and position.
//! let order = |i: u32| (i64::MAX, i);
//! let groups = group(texts.len(), &found, &params, |i| texts[i as usize], order);
//! assert_eq!(groups.members(0), &[0, 1]);
//! assert_eq!(groups.dup_of(1), Some(0));
//! assert_eq!(groups.group_of(2), None);
//! ```
//!
//! [`find`] does all of it for texts in memory, and [`naive`] compares
//! every pair: the property tests hold the two to the same answer on
//! corpora of clear duplicates (similarity 0.95 or more, which the bands
//! miss with odds below 10⁻⁷) among unrelated and short texts.
//!
//! Memory: a sketch is about 180 bytes; finding candidates adds about 150
//! bytes an article for its duration; [`Groups`] keeps 4 bytes an article
//! and 6 for each article in a group.
//!
//! # Parameters
//!
//! Character 5-grams: a 4-gram of Chinese is often a set phrase shared by
//! unrelated stories, a 6-gram makes one changed character cost more.
//!
//! 14 bands of 8 rows (112 bins, datatrove's choice for a threshold of
//! 0.8). A pair becomes a candidate with probability 1 − (1 − J⁸)¹⁴; with
//! one-permutation hashing and densification the measured rates follow it
//! (`tests::measure_parameters`, 6,000 pairs of 60 to 3,000 characters):
//!
//! | similarity | 0.525 | 0.625 | 0.725 | 0.775 | 0.825 | 0.875 | 0.925 |
//! |---|---|---|---|---|---|---|---|
//! | 14 × 8, measured | 0.083 | 0.28 | 0.70 | 0.83 | 0.964 | 0.994 | 1.000 |
//! | 14 × 8, expected | 0.078 | 0.28 | 0.67 | 0.86 | 0.966 | 0.997 | 1.000 |
//! | 16 × 7, measured | 0.16 | 0.47 | 0.81 | 0.94 | 0.994 | 1.000 | 1.000 |
//! | 18 × 6, measured | 0.30 | 0.68 | 0.93 | 0.98 | 0.999 | 1.000 | 1.000 |
//!
//! 16 × 7 and 18 × 6 catch a few more pairs just above 0.8, but pairs
//! below the threshold come in far more often: 20,000 distinct items made
//! from 100 templates (pairs at 0.3–0.7) make 145,000 candidates with
//! 14 × 8, 228,000 with 16 × 7 and 349,000 with 18 × 6, every one a pair of
//! texts to read and compare. 11 × 10 makes 52,000 but misses one pair in
//! five at 0.8. Longer signatures would cost memory (a byte a bin) for
//! little: bins are cheap to fill (one hash a shingle whatever their
//! number), but 112 already estimate a long text's similarity to ±0.04.
//!
//! # Speed
//!
//! On the 2-core machine of BENCHMARKS.md (`cargo bench --bench dups`, a
//! generated scrape of 1.6 KB Chinese bodies): sketching runs at 600–700
//! MB/s on one core (normalising about half of it, one hash a shingle the
//! other half); bucketing costs about 0.3 µs an article; confirming about
//! 12 µs a candidate pair (both texts normalised and shingled into hash
//! tables). 450,000 articles (729 MB) take 1.15 s on both cores: 0.6 s to
//! sketch, 0.14 s for candidates, 0.4 s to confirm 63,600 candidates and
//! measure similarities.

mod confirm;
mod groups;
mod lsh;
mod normal;
mod sketch;

#[cfg(test)]
mod tests;

pub use confirm::{confirm, confirm_joining};
pub use groups::Groups;
pub use lsh::{ALL_PAIRS_UP_TO, Candidates, WINDOW, candidates, chain_equal};
pub use normal::{exact_key, exact_key_parts, normalise};
pub use sketch::{Sketch, Sketcher, jaccard, jaccard_sets, sketch};

use std::thread;

/// How duplicates are found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// The least Jaccard similarity of two texts' shingle sets for them to
    /// be near duplicates.
    pub threshold: f64,
    /// How many characters a shingle has.
    pub shingle: usize,
    /// How many bands the signature is cut into: texts agreeing on a whole
    /// band are candidates.
    pub bands: usize,
    /// How many values a band has.
    pub rows: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            threshold: 0.8,
            shingle: 5,
            bands: 14,
            rows: 8,
        }
    }
}

impl Params {
    /// The most bands a signature may have.
    pub const MAX_BANDS: usize = 64;
    /// The most rows a band may have.
    pub const MAX_ROWS: usize = 64;

    /// Whether these parameters can be used, and if not, why.
    pub fn check(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(format!("threshold {} is not within 0..=1", self.threshold));
        }
        if self.shingle == 0 {
            return Err("a shingle needs at least one character".into());
        }
        if !(1..=Params::MAX_BANDS).contains(&self.bands) {
            return Err(format!(
                "{} bands, not 1..={}",
                self.bands,
                Params::MAX_BANDS
            ));
        }
        if !(1..=Params::MAX_ROWS).contains(&self.rows) {
            return Err(format!("{} rows, not 1..={}", self.rows, Params::MAX_ROWS));
        }
        Ok(())
    }
}

/// The sketches of `texts`, made on all cores.
pub fn sketch_all(texts: &[&str], params: &Params) -> Vec<Sketch> {
    let threads = thread::available_parallelism().map_or(1, |n| n.get());
    if texts.len() < 64 || threads == 1 {
        let mut s = Sketcher::new(params);
        return texts.iter().map(|t| s.sketch(t)).collect();
    }
    let chunk = texts.len().div_ceil(threads);
    thread::scope(|scope| {
        let workers: Vec<_> = texts
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut s = Sketcher::new(params);
                    part.iter().map(|t| s.sketch(t)).collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a sketching thread panicked"))
            .collect()
    })
}

/// The groups `found` makes among articles `0..n` once its near pairs are
/// confirmed (as many as it takes, see [`confirm_joining`]), each group
/// led by its earliest (`order`: see [`Groups::build`]), with every
/// similarity to a first member measured. `text(i)` is article `i`'s text,
/// asked for from all cores.
pub fn group<T: AsRef<str>>(
    n: usize,
    found: &Candidates,
    params: &Params,
    text: impl Fn(u32) -> T + Sync,
    order: impl Fn(u32) -> (i64, u32),
) -> Groups {
    let mut pairs: Vec<(u32, u32, f32)> = found.same.iter().map(|&(a, b)| (a, b, 1.0)).collect();
    pairs.extend(confirm_joining(n, &found.same, &found.near, params, &text));
    let mut groups = Groups::build(n, &pairs, order);
    drop(pairs);
    groups.fill_similarities(params, text);
    groups
}

/// The groups of `texts` (article `i` is `texts[i]`, ordered by position):
/// sketches, candidates, confirmed pairs, groups, every similarity to a
/// first member measured.
pub fn find(texts: &[&str], params: &Params) -> Groups {
    let sketches = sketch_all(texts, params);
    let found = candidates(&sketches, params);
    drop(sketches);
    group(
        texts.len(),
        &found,
        params,
        |i| texts[i as usize],
        |i| (i64::MAX, i),
    )
}

/// The groups of `texts` the slow, plain way: every pair's Jaccard
/// similarity, compared with the threshold. The answer [`find`] must give.
pub fn naive(texts: &[&str], params: &Params) -> Groups {
    let mut s = Sketcher::new(params);
    let sets: Vec<Vec<u64>> = texts
        .iter()
        .map(|t| {
            let mut set = Vec::new();
            s.shingles(t, &mut set);
            set
        })
        .collect();
    let mut pairs = Vec::new();
    for (a, x) in sets.iter().enumerate() {
        for (b, y) in sets.iter().enumerate().skip(a + 1) {
            // An empty set is nobody's duplicate, even at threshold 0.
            if x.is_empty() || y.is_empty() {
                continue;
            }
            let j = jaccard_sets(x, y);
            if j >= params.threshold {
                pairs.push((a as u32, b as u32, j as f32));
            }
        }
    }
    let mut groups = Groups::build(texts.len(), &pairs, |i| (i64::MAX, i));
    groups.fill_similarities(params, |i| texts[i as usize]);
    groups
}
