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
    // A worker that panicked: the others stop (its chunk will never come,
    // and they would wait for it for ever), and the panic goes on from here
    // once they have.
    let panicked = std::sync::Mutex::new(None);
    let stop = || cancel.load(Ordering::Relaxed) || lock(&panicked).is_some();
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<T>)>();
    let all = std::thread::scope(|s| {
        for _ in 0..threads {
            let (tx, next, delivered, panicked, stop) =
                (tx.clone(), &next, &delivered, &panicked, &stop);
            s.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    let from = next.fetch_add(chunk, Ordering::Relaxed);
                    if from >= n || stop() {
                        return;
                    }
                    while from >= delivered.load(Ordering::Relaxed) + AHEAD * chunk {
                        if stop() {
                            return;
                        }
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        (from..(from + chunk).min(n))
                            .map(|i| work(i, &mut scratch))
                            .collect::<Vec<T>>()
                    }));
                    let done = match done {
                        Ok(done) => done,
                        Err(payload) => {
                            lock(panicked).get_or_insert(payload);
                            return;
                        }
                    };
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
        // A panic in `deliver` (on this thread) must stop the workers too:
        // they would wait for ever for deliveries that no longer come.
        let delivering = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
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
        }));
        if let Err(payload) = delivering {
            lock(&panicked).get_or_insert(payload);
        }
        want == n
    });
    if let Some(payload) = lock(&panicked).take() {
        std::panic::resume_unwind(payload);
    }
    all
}

/// What a panic said, from its payload (a `&str` or a `String` when it
/// came from `panic!`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// The lock, even if a panic poisoned it (what it holds is still good).
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
    fn a_worker_that_panics_ends_the_run_with_its_panic_not_a_hang() {
        let never = AtomicBool::new(false);
        let delivered = AtomicUsize::new(0);
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ordered(
                100_000,
                4,
                &never,
                &|i, _| {
                    if i == 50 {
                        panic!("item {i} is bad");
                    }
                    i
                },
                |_, _| {
                    delivered.fetch_add(1, Ordering::Relaxed);
                },
            )
        }));
        let payload = run.expect_err("the panic goes on to the caller");
        assert_eq!(
            payload.downcast_ref::<String>().map(String::as_str),
            Some("item 50 is bad")
        );
        // Everything before the bad chunk (48..52) came, nothing after.
        assert_eq!(delivered.load(Ordering::Relaxed), 48);
    }

    #[test]
    fn a_panic_while_delivering_ends_the_run_not_a_hang() {
        let never = AtomicBool::new(false);
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ordered(100_000, 4, &never, &|i, _| i, |i, _| {
                if i == 10 {
                    panic!("cannot take {i}");
                }
            })
        }));
        let payload = run.expect_err("the panic goes on to the caller");
        assert_eq!(
            payload.downcast_ref::<String>().map(String::as_str),
            Some("cannot take 10")
        );
    }

    #[test]
    fn a_cancelled_run_says_so() {
        let stop = AtomicBool::new(true);
        let mut got = 0;
        assert!(!ordered(1000, 8, &stop, &|i, _| i, |_, _| got += 1));
        assert_eq!(got, 0);
    }
}
