//! Candidates confirmed on the texts themselves: a pair of articles is a
//! near duplicate only if the Jaccard similarity of its shingle sets
//! reaches the threshold, whatever the sketches said.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use super::groups::{find, union};
use super::sketch::ShingleSet;
use super::{Params, Sketcher};

/// The pairs of `pairs` whose texts are near duplicates, with their
/// similarity: Jaccard similarity at least `params.threshold`. `text(i)` is
/// article `i`'s text, asked for from all cores; pairs sorted by their
/// first article, as [`candidates`](super::candidates) gives them, ask for
/// most texts once.
pub fn confirm<T: AsRef<str>>(
    pairs: &[(u32, u32)],
    params: &Params,
    text: impl Fn(u32) -> T + Sync,
) -> Vec<(u32, u32, f32)> {
    measure(pairs, params, &text, params.threshold, None)
}

/// As [`confirm`], for grouping articles `0..n`: a pair whose articles
/// are already joined — by `joined` (say, exact copies) or by the pairs
/// confirmed so far — is skipped. The groups the confirmed pairs make are
/// the same, at a fraction of the work where copies come in crowds (an
/// item repeated on a thousand pages is a few thousand candidate pairs,
/// of which a thousand join it).
pub fn confirm_joining<T: AsRef<str>>(
    n: usize,
    joined: &[(u32, u32)],
    pairs: &[(u32, u32)],
    params: &Params,
    text: impl Fn(u32) -> T + Sync,
) -> Vec<(u32, u32, f32)> {
    assert!(
        u32::try_from(n).is_ok(),
        "more articles than a u32 can number"
    );
    let mut parent: Vec<u32> = (0..n as u32).collect();
    for &(a, b) in joined {
        union(&mut parent, a, b);
    }
    let forest = Mutex::new(parent);
    measure(pairs, params, &text, params.threshold, Some(&forest))
}

/// The similarity of each of `pairs`, in order, when at least `floor`;
/// with a `forest` (union-find), of the pairs it does not join yet, joining
/// them.
pub(super) fn measure<T: AsRef<str>>(
    pairs: &[(u32, u32)],
    params: &Params,
    text: &(impl Fn(u32) -> T + Sync),
    floor: f64,
    forest: Option<&Mutex<Vec<u32>>>,
) -> Vec<(u32, u32, f32)> {
    // Parts cut where the first article changes, a few for each core so
    // that one slow part does not leave the others idle.
    let threads = thread::available_parallelism().map_or(1, |n| n.get());
    let parts = cut(pairs, if pairs.len() < 256 { 1 } else { threads * 8 });
    if parts.len() <= 1 {
        return Measurer::new(params).run(pairs, text, floor, forest);
    }
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(parts.len()));
    thread::scope(|scope| {
        for _ in 0..threads.min(parts.len()) {
            scope.spawn(|| {
                let mut m = Measurer::new(params);
                loop {
                    let p = next.fetch_add(1, Ordering::Relaxed);
                    let Some(part) = parts.get(p) else { break };
                    let found = m.run(part, text, floor, forest);
                    lock(&done).push((p, found));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|(p, _)| *p);
    done.into_iter().flat_map(|(_, found)| found).collect()
}

/// The lock's data, even if a thread panicked holding it (the scope
/// reports the panic).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `pairs` in about `n` parts, never splitting a run of one first article.
fn cut(pairs: &[(u32, u32)], n: usize) -> Vec<&[(u32, u32)]> {
    let size = pairs.len().div_ceil(n.max(1)).max(1);
    let mut parts = Vec::new();
    let mut rest = pairs;
    while !rest.is_empty() {
        let mut end = size.min(rest.len());
        while end < rest.len() && rest[end].0 == rest[end - 1].0 {
            end += 1;
        }
        let (part, after) = rest.split_at(end);
        parts.push(part);
        rest = after;
    }
    parts
}

/// One thread's measuring. The shingle sets of the last few texts are
/// kept: pairs come sorted by their first article, and near duplicates
/// come in clusters whose pairs name the same articles again and again, so
/// most texts are read and shingled once.
struct Measurer {
    sketcher: Sketcher,
    /// (article, last use, set), at most `KEEP`.
    kept: Vec<(u32, u64, ShingleSet)>,
    clock: u64,
}

/// How many shingle sets a thread keeps.
const KEEP: usize = 16;

impl Measurer {
    fn new(params: &Params) -> Measurer {
        Measurer {
            sketcher: Sketcher::new(params),
            kept: Vec::with_capacity(KEEP),
            clock: 0,
        }
    }

    fn run<T: AsRef<str>>(
        &mut self,
        pairs: &[(u32, u32)],
        text: &impl Fn(u32) -> T,
        floor: f64,
        forest: Option<&Mutex<Vec<u32>>>,
    ) -> Vec<(u32, u32, f32)> {
        let mut found = Vec::new();
        for &(a, b) in pairs {
            if let Some(f) = forest {
                let mut parent = lock(f);
                if find(&mut parent, a) == find(&mut parent, b) {
                    continue;
                }
            }
            let x = self.set(a, text);
            let y = self.set(b, text);
            let s = self.kept[x].2.jaccard(&self.kept[y].2);
            if s >= floor {
                found.push((a, b, s as f32));
                if let Some(f) = forest {
                    union(&mut lock(f), a, b);
                }
            }
        }
        found
    }

    /// Where article `i`'s set is in `kept`, made if it was not there (in
    /// place of the set used longest ago).
    fn set<T: AsRef<str>>(&mut self, i: u32, text: &impl Fn(u32) -> T) -> usize {
        self.clock += 1;
        if let Some(at) = self.kept.iter().position(|k| k.0 == i) {
            self.kept[at].1 = self.clock;
            return at;
        }
        let at = if self.kept.len() < KEEP {
            self.kept.push((i, 0, ShingleSet::default()));
            self.kept.len() - 1
        } else {
            // Never the set just used for the pair's other article: its
            // clock is the latest.
            (0..self.kept.len())
                .min_by_key(|&k| self.kept[k].1)
                .unwrap_or(0)
        };
        let slot = &mut self.kept[at];
        slot.0 = i;
        slot.1 = self.clock;
        slot.2.fill(&mut self.sketcher, text(i).as_ref());
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_a_first_article_whole() {
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (2, 3), (2, 4), (5, 6)];
        let parts = cut(&pairs, 4);
        assert_eq!(parts.concat(), pairs);
        for w in parts.windows(2) {
            assert_ne!(w[0].last().unwrap().0, w[1][0].0);
        }
    }

    #[test]
    fn only_pairs_at_the_threshold_are_confirmed() {
        let texts = ["abcdefgh", "abcdefgh。", "abcdefgx", "zyxwvuts"];
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 2)];
        let found = confirm(&pairs, &Params::default(), |i| texts[i as usize]);
        assert_eq!(found, vec![(0, 1, 1.0)]);
        let loose = Params {
            threshold: 0.5,
            ..Params::default()
        };
        let found = confirm(&pairs, &loose, |i| texts[i as usize]);
        assert_eq!(found, vec![(0, 1, 1.0), (0, 2, 0.6), (1, 2, 0.6)]);
    }
}
