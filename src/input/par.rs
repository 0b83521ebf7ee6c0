//! Work over many items on all cores, delivered in order: how a folder's
//! files are read and how its documents are searched.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::load::Scratch;

/// Chunks a worker may run ahead of the oldest one not yet delivered.
const AHEAD: usize = 64;

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
    // Items handed over so far: a worker stays within AHEAD chunks of it,
    // so that one slow item (a huge file) cannot make the others pile up
    // every later result in memory.
    let delivered = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<T>)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (tx, next, delivered) = (tx.clone(), &next, &delivered);
            s.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    let from = next.fetch_add(chunk, Ordering::Relaxed);
                    if from >= n || cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    while from >= delivered.load(Ordering::Relaxed) + AHEAD * chunk {
                        if cancel.load(Ordering::Relaxed) {
                            return;
                        }
                        std::thread::sleep(std::time::Duration::from_millis(1));
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
                delivered.store(want, Ordering::Relaxed);
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
    fn a_slow_item_holds_the_others_back() {
        let never = AtomicBool::new(false);
        let first_done = AtomicBool::new(false);
        let ahead = AtomicUsize::new(0);
        let (n, chunk) = (4000, 2);
        let mut got = 0;
        ordered(
            n,
            chunk,
            &never,
            &|i, _| {
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(300));
                    first_done.store(true, Ordering::SeqCst);
                } else if !first_done.load(Ordering::SeqCst) {
                    ahead.fetch_add(1, Ordering::SeqCst);
                }
                i
            },
            |i, _| {
                assert_eq!(i, got);
                got += 1;
            },
        );
        assert_eq!(got, n);
        // While item 0 slept the other workers went at most AHEAD chunks
        // past it, not through all 4,000 items.
        let ahead = ahead.load(Ordering::SeqCst);
        assert!(ahead <= (AHEAD + 1) * chunk, "{ahead} items ran ahead");
        assert!(ahead > 0, "nothing ran beside the slow item");
    }

    #[test]
    fn a_cancelled_run_says_so() {
        let stop = AtomicBool::new(true);
        let mut got = 0;
        assert!(!ordered(1000, 8, &stop, &|i, _| i, |_, _| got += 1));
        assert_eq!(got, 0);
    }
}
