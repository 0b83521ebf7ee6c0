//! Work that can take seconds on a big dump — a search, a filtered or
//! sorted view — runs on a thread of its own and streams what it finds
//! back to the app, which takes it in `App::tick`. Starting a job cancels
//! the one it replaces, so every keystroke of a query cancels the search
//! for the previous one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::input::Corpus;
use crate::search::{Filters, Matcher, Sort, select};

/// What a job sends back.
#[derive(Debug)]
pub enum Message {
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
}

/// The two kinds of job, each with at most one running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Search,
    View,
}

/// Starts jobs and hands over their messages.
pub struct Jobs {
    tx: Sender<Message>,
    rx: Receiver<Message>,
    next: u64,
    running: Vec<(Kind, u64, Arc<AtomicBool>)>,
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

impl Jobs {
    /// Cancels the job of `kind` and returns a new id and cancel flag.
    fn replace(&mut self, kind: Kind) -> (u64, Arc<AtomicBool>) {
        self.cancel(kind);
        let id = self.next;
        self.next += 1;
        let flag = Arc::new(AtomicBool::new(false));
        self.running.push((kind, id, Arc::clone(&flag)));
        (id, flag)
    }

    fn cancel(&mut self, kind: Kind) {
        self.running.retain(|(k, _, flag)| {
            if *k == kind {
                flag.store(true, Ordering::Relaxed);
            }
            *k != kind
        });
    }

    /// Stops the running search, if any.
    pub fn cancel_search(&mut self) {
        self.cancel(Kind::Search);
    }

    /// Stops the running view job, if any.
    pub fn cancel_view(&mut self) {
        self.cancel(Kind::View);
    }

    /// Marks job `id` finished.
    pub fn finished(&mut self, id: u64) {
        self.running.retain(|(_, j, _)| *j != id);
    }

    /// Whether a job is still running.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Searches the whole dump for `matcher`; returns the job's id.
    pub fn search(&mut self, corpus: &Arc<Corpus>, matcher: Arc<Matcher>) -> u64 {
        let (job, cancel) = self.replace(Kind::Search);
        let tx = self.tx.clone();
        let corpus = Arc::clone(corpus);
        std::thread::spawn(move || {
            let mut batch = Vec::new();
            let mut sent_any = false;
            let mut sent_at = std::time::Instant::now();
            let finished = matcher.scan_corpus(&corpus, &cancel, |i| {
                batch.push(i as u32);
                // The first hit goes at once; then in batches, so the
                // screen fills fast and the channel stays quiet.
                if !sent_any || batch.len() >= 4096 || sent_at.elapsed().as_millis() >= 30 {
                    sent_any = true;
                    let _ = tx.send(Message::Hits {
                        job,
                        articles: std::mem::take(&mut batch),
                        done: false,
                    });
                    sent_at = std::time::Instant::now();
                }
            });
            if finished {
                let _ = tx.send(Message::Hits {
                    job,
                    articles: batch,
                    done: true,
                });
            }
        });
        job
    }

    /// Builds the rows of a view; returns the job's id.
    pub fn view(
        &mut self,
        corpus: &Arc<Corpus>,
        matcher: Option<Arc<Matcher>>,
        filters: Filters,
        sort: Sort,
    ) -> u64 {
        let (job, cancel) = self.replace(Kind::View);
        let tx = self.tx.clone();
        let corpus = Arc::clone(corpus);
        std::thread::spawn(move || {
            let mut sent = 0;
            let rows = select(
                &corpus,
                matcher.as_deref(),
                &filters,
                sort,
                &cancel,
                |so_far| {
                    let _ = tx.send(Message::Rows {
                        job,
                        rows: so_far[sent..].to_vec(),
                        replace: false,
                        done: false,
                    });
                    sent = so_far.len();
                },
            );
            if let Some(rows) = rows {
                let (rows, replace) = if sort == Sort::File {
                    (rows[sent.min(rows.len())..].to_vec(), false)
                } else {
                    (rows, true)
                };
                let _ = tx.send(Message::Rows {
                    job,
                    rows,
                    replace,
                    done: true,
                });
            }
        });
        job
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
        for (_, _, flag) in &self.running {
            flag.store(true, Ordering::Relaxed);
        }
    }
}
