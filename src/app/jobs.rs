//! Work that can take seconds on a big dump — a search, a filtered or
//! sorted view — runs on a thread of its own and streams what it finds
//! back to the app, which takes it in `App::tick`. Starting a job cancels
//! the one it replaces, so every keystroke of a query cancels the search
//! for the previous one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::input::Corpus;
use crate::search::{Filters, Matcher, Sort, select_where};

/// A test on a row (an ordinal) a view applies after the others: the
/// duplicate and flag filters, which need no text.
pub type KeepRow = dyn Fn(u32) -> bool + Send + Sync;

/// What a job sends back.
#[derive(Debug)]
pub enum Message {
    /// The scrape's duplicate groups and flags.
    Analysed {
        /// The job.
        job: u64,
        /// What it found.
        analysis: Box<crate::analysis::Analysis>,
    },
    /// The scrape's counts for the statistics screen.
    Counted {
        /// The job.
        job: u64,
        /// What it counted.
        overview: Box<crate::overview::Overview>,
    },
    /// Articles matching the search, in file order, since the last message.
    Hits {
        /// The job they are for.
        job: u64,
        /// Article indices.
        articles: Vec<u32>,
        /// Whether the search is over.
        done: bool,
    },
    /// Rows of the view.
    Rows {
        /// The job they are for.
        job: u64,
        /// New rows to append (file order), or every row (any other order,
        /// sent once at the end).
        rows: Vec<u32>,
        /// Whether `rows` replaces what came before.
        replace: bool,
        /// Whether the view is complete.
        done: bool,
    },
    /// A line for the status bar, and the job is over.
    Say {
        /// The job.
        job: u64,
        /// What to say (nothing: the job found nothing worth saying).
        text: Option<String>,
    },
    /// The job's thread panicked: it sends nothing more.
    Failed {
        /// The job.
        job: u64,
        /// Its slot (`"search"`, `"view"`).
        slot: &'static str,
        /// What the panic said.
        why: String,
    },
}

/// A running job as the thread doing it sees it: whether it should stop,
/// where its results go, how far it has come.
pub struct Ctx {
    job: u64,
    cancel: Arc<AtomicBool>,
    progress: Arc<AtomicU64>,
    tx: Sender<Message>,
}

impl Ctx {
    /// The job's id, which its messages carry.
    pub fn job(&self) -> u64 {
        self.job
    }

    /// The flag that says the job is no longer wanted.
    pub fn cancel(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Sends a result to the app (dropped if the app is gone).
    pub fn send(&self, m: Message) {
        let _ = self.tx.send(m);
    }

    /// Says how far the job has come, in per mille.
    pub fn progress(&self, done: u64, total: u64) {
        let permille = done.saturating_mul(1000) / total.max(1);
        self.progress.store(permille.min(1000), Ordering::Relaxed);
    }
}

/// One job running, in its slot.
struct Running {
    slot: &'static str,
    id: u64,
    cancel: Arc<AtomicBool>,
    progress: Arc<AtomicU64>,
}

/// Starts jobs and hands over their messages. A job runs in a named slot
/// (`"search"`, `"view"`): starting one cancels the job in the same slot.
pub struct Jobs {
    tx: Sender<Message>,
    rx: Receiver<Message>,
    next: u64,
    running: Vec<Running>,
}

impl Default for Jobs {
    fn default() -> Jobs {
        let (tx, rx) = channel();
        Jobs {
            tx,
            rx,
            next: 1,
            running: Vec::new(),
        }
    }
}

/// The slots the reader's own jobs use.
const SEARCH: &str = "search";
const VIEW: &str = "view";
/// The slot of the count of sources a `:source` that found nothing makes.
pub(super) const SOURCES: &str = "sources";

impl Jobs {
    /// Runs `work` on a thread of its own in `slot`, cancelling the job
    /// that was there; returns the job's id. A job that panics sends
    /// [`Message::Failed`] with what the panic said, instead of leaving
    /// the app waiting for results that will never come.
    pub fn spawn(&mut self, slot: &'static str, work: impl FnOnce(&Ctx) + Send + 'static) -> u64 {
        self.cancel(slot);
        let id = self.next;
        self.next += 1;
        let ctx = Ctx {
            job: id,
            cancel: Arc::new(AtomicBool::new(false)),
            progress: Arc::new(AtomicU64::new(0)),
            tx: self.tx.clone(),
        };
        self.running.push(Running {
            slot,
            id,
            cancel: Arc::clone(&ctx.cancel),
            progress: Arc::clone(&ctx.progress),
        });
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&ctx)));
            if let Err(payload) = outcome {
                ctx.send(Message::Failed {
                    job: id,
                    slot,
                    why: crate::input::panic_message(payload.as_ref()),
                });
            }
        });
        id
    }

    /// Cancels the job in `slot`, if any.
    pub fn cancel(&mut self, slot: &str) {
        self.running.retain(|r| {
            if r.slot == slot {
                r.cancel.store(true, Ordering::Relaxed);
            }
            r.slot != slot
        });
    }

    /// Stops the running search, if any.
    pub fn cancel_search(&mut self) {
        self.cancel(SEARCH);
    }

    /// Stops the running view job, if any.
    pub fn cancel_view(&mut self) {
        self.cancel(VIEW);
    }

    /// Marks job `id` finished.
    pub fn finished(&mut self, id: u64) -> bool {
        let before = self.running.len();
        self.running.retain(|r| r.id != id);
        self.running.len() < before
    }

    /// Whether a job is still running.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// How far the job in `slot` has come, in per mille, while it runs.
    pub fn progress(&self, slot: &str) -> Option<u64> {
        self.running
            .iter()
            .find(|r| r.slot == slot)
            .map(|r| r.progress.load(Ordering::Relaxed))
    }

    /// How far the running search has come, in per mille.
    pub fn search_progress(&self) -> Option<u64> {
        self.progress(SEARCH)
    }

    /// Searches the whole dump for `matcher`; returns the job's id.
    pub fn search(&mut self, corpus: &Arc<Corpus>, matcher: Arc<Matcher>) -> u64 {
        let corpus = Arc::clone(corpus);
        self.spawn(SEARCH, move |ctx| {
            let job = ctx.job();
            let mut batch = Vec::new();
            let mut sent_any = false;
            let mut sent_at = std::time::Instant::now();
            let docs = corpus.docs().len() as u64;
            let finished = matcher.scan_corpus_reporting(
                &corpus,
                ctx.cancel(),
                |i| {
                    batch.push(i as u32);
                    // The first hit goes at once; then in batches, so the
                    // screen fills fast and the channel stays quiet.
                    if !sent_any || batch.len() >= 4096 || sent_at.elapsed().as_millis() >= 30 {
                        sent_any = true;
                        ctx.send(Message::Hits {
                            job,
                            articles: std::mem::take(&mut batch),
                            done: false,
                        });
                        sent_at = std::time::Instant::now();
                    }
                },
                |d| ctx.progress(d as u64 + 1, docs),
            );
            if finished {
                ctx.send(Message::Hits {
                    job,
                    articles: batch,
                    done: true,
                });
            }
        })
    }

    /// Builds the rows of a view; returns the job's id.
    pub fn view(
        &mut self,
        corpus: &Arc<Corpus>,
        matcher: Option<Arc<Matcher>>,
        filters: Filters,
        sort: Sort,
        keep: Option<Arc<crate::search::select::KeepOwned>>,
        keep_row: Option<Arc<KeepRow>>,
    ) -> u64 {
        let corpus = Arc::clone(corpus);
        self.spawn(VIEW, move |ctx| {
            let job = ctx.job();
            let mut sent = 0;
            let pass = |rows: &[u32]| -> Vec<u32> {
                match &keep_row {
                    Some(k) => rows.iter().copied().filter(|&o| k(o)).collect(),
                    None => rows.to_vec(),
                }
            };
            let keep = keep.as_deref().map(|k| k as &crate::search::select::Keep);
            let rows = select_where(
                &corpus,
                matcher.as_deref(),
                &filters,
                sort,
                keep,
                ctx.cancel(),
                |so_far| {
                    ctx.send(Message::Rows {
                        job,
                        rows: pass(&so_far[sent..]),
                        replace: false,
                        done: false,
                    });
                    sent = so_far.len();
                },
            );
            if let Some(rows) = rows {
                let (rows, replace) = if sort == Sort::File {
                    (pass(&rows[sent.min(rows.len())..]), false)
                } else {
                    (pass(&rows), true)
                };
                ctx.send(Message::Rows {
                    job,
                    rows,
                    replace,
                    done: true,
                });
            }
        })
    }

    /// Looks through every article's source for the ones `needle` was
    /// meant to find, when a `:source` filter left the list empty: "no
    /// source matches …; did you mean …" (as the command line says).
    pub fn unknown_source(&mut self, corpus: &Arc<Corpus>, needle: String) -> u64 {
        let corpus = Arc::clone(corpus);
        self.spawn(SOURCES, move |ctx| {
            let text = crate::search::select::Sources::of_corpus(&corpus, ctx.cancel())
                .and_then(|sources| sources.unknown(&needle));
            ctx.send(Message::Say {
                job: ctx.job(),
                text,
            });
        })
    }

    /// The messages waiting, without blocking.
    pub fn drain(&self) -> Vec<Message> {
        self.rx.try_iter().collect()
    }

    /// Waits for the next message (tests and benchmarks).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<Message> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        for r in &self.running {
            r.cancel.store(true, Ordering::Relaxed);
        }
    }
}
