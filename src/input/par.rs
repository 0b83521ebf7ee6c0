//! Work over many items on all cores, delivered in order: how a folder's
//! files are read and how its documents are searched.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::load::Scratch;

/// Runs `work` on items `0..n` on every core, each worker with its own
/// [`Scratch`], and hands the results to `deliver` in item order. Workers
/// take `chunk` items at a time and send them back together: one message
/// (and one wake-up of the deliverer) a chunk, not an item — with 100,000
/// small files the wake-ups cost more than the reading. Stops taking new
/// chunks once `cancel` is set; returns whether every item was done.
pub fn ordered<T: Send>(
    n: usize,
    chunk: usize,
    cancel: &AtomicBool,
    work: &(dyn Fn(usize, &mut Scratch) -> T + Sync),
    mut deliver: impl FnMut(usize, T),
) -> bool {
    let chunk = chunk.max(1);
    let threads = std::thread::available_parallelism()
        .map_or(2, |t| t.get())
        .clamp(1, 16)
        .min(n.div_ceil(chunk).max(1));
    if threads <= 1 {
        let mut scratch = Scratch::default();
        for i in 0..n {
            if cancel.load(Ordering::Relaxed) {
                return false;
            }
            deliver(i, work(i, &mut scratch));
        }
        return true;
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<T>)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (tx, next) = (tx.clone(), &next);
            s.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    let from = next.fetch_add(chunk, Ordering::Relaxed);
                    if from >= n || cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let done: Vec<T> = (from..(from + chunk).min(n))
                        .map(|i| work(i, &mut scratch))
                        .collect();
                    if tx.send((from, done)).is_err() {
                        return;
                    }
                    scratch.shrink();
                }
            });
        }
        drop(tx);
        // In order: hold early chunks until the ones before them come.
        let mut pending = std::collections::BTreeMap::new();
        let mut want = 0;
        for (from, done) in rx {
            pending.insert(from, done);
            while let Some(done) = pending.remove(&want) {
                let len = done.len();
                for (k, t) in done.into_iter().enumerate() {
                    deliver(want + k, t);
                }
                want += len;
            }
        }
        want == n
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_the_chunk() {
        for (n, chunk) in [(0, 4), (1, 4), (7, 1), (100, 3), (1000, 32), (33, 64)] {
            let mut got = Vec::new();
            let never = AtomicBool::new(false);
            let all = ordered(n, chunk, &never, &|i, _| i * 2, |i, t| got.push((i, t)));
            assert!(all);
            let want: Vec<(usize, usize)> = (0..n).map(|i| (i, i * 2)).collect();
            assert_eq!(got, want, "n {n} chunk {chunk}");
        }
    }

    #[test]
    fn a_cancelled_run_says_so() {
        let stop = AtomicBool::new(true);
        let mut got = 0;
        assert!(!ordered(1000, 8, &stop, &|i, _| i, |_, _| got += 1));
        assert_eq!(got, 0);
    }
}
