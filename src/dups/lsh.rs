//! Candidate pairs from sketches: texts whose signatures agree on a whole
//! band meet in that band's bucket (locality-sensitive hashing).
//!
//! Copies come in crowds — a related-news item repeated on every page of a
//! scrape is thousands of identical texts — so the crowds are taken apart
//! first, cheaply: texts with the same exact key are chained (first with
//! second, second with third, …: n − 1 pairs, all of them known to be
//! duplicates), and so are texts with the same whole signature (almost
//! always near copies, to be confirmed). Only one text of each crowd goes
//! on to the bands. A bucket still larger than [`ALL_PAIRS_UP_TO`] pairs
//! each member with the next [`WINDOW`] in article order instead of with
//! every other: its members agree on a band, so they are mostly one story,
//! and a chain through a story connects it as well as every pair does.
//! Last, a pair whose signatures put it far below the threshold is
//! dropped ([`Sketch::plausible`]): confirming it would mean reading two
//! texts to learn what the signatures already say.

use std::thread;

use xxhash_rust::xxh3::{xxh3_64_with_seed, xxh3_128};

use super::{Params, Sketch};

/// A bucket this large or smaller yields every pair of its members.
pub const ALL_PAIRS_UP_TO: usize = 32;
/// In a larger bucket, how many members after it each member is paired with.
pub const WINDOW: usize = 8;

/// The pairs of articles worth comparing, each `(a, b)` with `a < b`,
/// sorted, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Articles with the same exact key (their normalised texts are equal):
    /// duplicates with similarity 1, nothing to confirm.
    pub same: Vec<(u32, u32)>,
    /// Articles whose signatures met: each pair to be confirmed by its
    /// Jaccard similarity (see [`confirm`](super::confirm)).
    pub near: Vec<(u32, u32)>,
}

/// The candidate pairs among `sketches` (article `i` is `sketches[i]`).
/// Texts with nothing to compare are in no pair; a text shorter than a
/// shingle is only ever paired with its exact copies. Bands are bucketed
/// on all cores.
pub fn candidates(sketches: &[Sketch], params: &Params) -> Candidates {
    assert!(
        u32::try_from(sketches.len()).is_ok(),
        "more articles than a u32 can number"
    );
    let keys: Vec<Option<u128>> = sketches
        .iter()
        .map(|s| (s.chars() > 0).then(|| s.exact()))
        .collect();
    let (same, firsts) = chain_equal(&keys);
    drop(keys);

    // One text of each exact crowd, then one of each signature crowd.
    let whole: Vec<Option<u128>> = {
        let mut first = vec![false; sketches.len()];
        for i in firsts {
            first[i as usize] = true;
        }
        sketches
            .iter()
            .zip(&first)
            .map(|(s, &first)| (first && !s.is_short()).then(|| xxh3_128(&s.bins)))
            .collect()
    };
    let (mut near, heads) = chain_equal(&whole);
    drop(whole);

    let Params { bands, rows, .. } = *params;
    debug_assert!(
        sketches
            .iter()
            .all(|s| s.is_short() || s.bins.len() == bands * rows)
    );
    // Each head's band keys, side by side: made once, read once a band.
    let mut table = Vec::with_capacity(heads.len() * bands);
    for &i in &heads {
        let bins = &sketches[i as usize].bins;
        table.extend(
            bins.chunks_exact(rows)
                .enumerate()
                .map(|(b, band)| xxh3_64_with_seed(band, b as u64)),
        );
    }
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(bands.max(1));
    let found: Vec<Vec<(u32, u32)>> = thread::scope(|scope| {
        let (heads, table) = (&heads, &table);
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut pairs = Vec::new();
                    let mut repeats = Repeats::new(heads.len());
                    let mut bucket = Vec::new();
                    for b in (t..bands).step_by(threads) {
                        let column = || table.iter().skip(b).step_by(bands).zip(heads);
                        repeats.clear();
                        for (&h, _) in column() {
                            repeats.add(h);
                        }
                        // Only hashes that may repeat are sorted: most
                        // articles are alone in most bands.
                        bucket.clear();
                        bucket.extend(
                            column()
                                .filter(|(h, _)| repeats.may_repeat(**h))
                                .map(|(&h, &i)| (h, i)),
                        );
                        bucket.sort_unstable();
                        pair_buckets(&bucket, &mut pairs);
                    }
                    pairs
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a bucketing thread panicked"))
            .collect()
    });
    drop(table);
    near.reserve(found.iter().map(Vec::len).sum());
    for pairs in found {
        near.extend(pairs);
    }
    near.sort_unstable();
    near.dedup();
    // Bands meet pairs well below the threshold too (one at 0.5 in one case
    // in 20): those the signatures rule out are not worth reading texts for.
    near.retain(|&(a, b)| sketches[a as usize].plausible(&sketches[b as usize], params.threshold));
    Candidates { same, near }
}

/// The pairs of articles with equal keys, chained in article order (each
/// with the next that has its key), and the first article of each key;
/// `None` is nobody's key.
pub fn chain_equal(keys: &[Option<u128>]) -> (Vec<(u32, u32)>, Vec<u32>) {
    let mut repeats = Repeats::new(keys.len());
    for k in keys.iter().flatten() {
        repeats.add(*k as u64);
    }
    let mut keyed: Vec<(u128, u32)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            k.filter(|k| repeats.may_repeat(*k as u64))
                .map(|k| (k, i as u32))
        })
        .collect();
    drop(repeats);
    keyed.sort_unstable();
    let mut pairs = Vec::new();
    let mut later = vec![false; keys.len()];
    for run in keyed.chunk_by(|x, y| x.0 == y.0) {
        for w in run.windows(2) {
            pairs.push((w[0].1, w[1].1));
            later[w[1].1 as usize] = true;
        }
    }
    pairs.sort_unstable();
    let firsts = (0..keys.len() as u32)
        .filter(|&i| keys[i as usize].is_some() && !later[i as usize])
        .collect();
    (pairs, firsts)
}

/// Which of many 64-bit hashes may occur more than once: a bit a hash in a
/// map of eight bits an item, set when first seen, and a second map for
/// seen again. A hash seen once passes too, with odds of about one in
/// eight (another hash on its bit); one seen twice always does.
struct Repeats {
    seen: Vec<u64>,
    again: Vec<u64>,
    shift: u32,
}

impl Repeats {
    fn new(n: usize) -> Repeats {
        let bits = (8 * n).next_power_of_two().max(64);
        Repeats {
            seen: vec![0; bits / 64],
            again: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        }
    }

    fn clear(&mut self) {
        self.seen.fill(0);
        self.again.fill(0);
    }

    /// The word and bit of `h` (its top bits: hashes are uniform).
    fn place(&self, h: u64) -> (usize, u64) {
        let i = (h >> self.shift) as usize;
        (i / 64, 1 << (i % 64))
    }

    fn add(&mut self, h: u64) {
        let (w, bit) = self.place(h);
        self.again[w] |= self.seen[w] & bit;
        self.seen[w] |= bit;
    }

    fn may_repeat(&self, h: u64) -> bool {
        let (w, bit) = self.place(h);
        self.again[w] & bit != 0
    }
}

/// Appends the pairs of each bucket of `sorted` (band hash, article),
/// sorted: a run of one hash is a bucket, its articles in order.
fn pair_buckets(sorted: &[(u64, u32)], pairs: &mut Vec<(u32, u32)>) {
    for run in sorted.chunk_by(|x, y| x.0 == y.0) {
        if run.len() < 2 {
            continue;
        }
        let reach = if run.len() <= ALL_PAIRS_UP_TO {
            run.len()
        } else {
            WINDOW
        };
        for (i, &(_, a)) in run.iter().enumerate() {
            pairs.extend(run[i + 1..].iter().take(reach).map(|&(_, b)| (a, b)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_are_chained_in_order() {
        let keys = [Some(1), None, Some(2), Some(1), None, Some(1), Some(2)];
        let (pairs, firsts) = chain_equal(&keys);
        assert_eq!(pairs, vec![(0, 3), (2, 6), (3, 5)]);
        assert_eq!(firsts, vec![0, 2]);
    }

    #[test]
    fn a_small_bucket_yields_every_pair_and_a_big_one_a_window() {
        let mut pairs = Vec::new();
        pair_buckets(
            &[(1, 0), (1, 4), (1, 7), (2, 8), (3, 9), (3, 10)],
            &mut pairs,
        );
        assert_eq!(pairs, vec![(0, 4), (0, 7), (4, 7), (9, 10)]);

        let big: Vec<(u64, u32)> = (0..1000).map(|i| (5, i)).collect();
        pairs.clear();
        pair_buckets(&big, &mut pairs);
        assert!(pairs.len() <= 1000 * WINDOW);
        assert!(pairs.contains(&(0, 1)) && pairs.contains(&(998, 999)));
    }
}
