//! The reader's state on a thread of its own: the database is opened and
//! read there, and every change is written there, so that a key press costs
//! the screen a map update and a channel send, never a disk write. The
//! thread also notices another process's writes (`PRAGMA data_version`) and
//! sends the states anew, so two readers on one database see each other's
//! changes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use super::Key;
use super::store::{Change, State, Store};
use crate::input::Corpus;

/// How often the thread asks whether another process wrote.
const POLL: Duration = Duration::from_millis(500);

/// What the reader asks of the thread.
#[derive(Debug)]
pub enum Request {
    /// Make `changes` to the articles with `keys`, in one transaction.
    Apply {
        /// Its place in the order of changes, given back when saved.
        seq: u64,
        /// In order.
        changes: Vec<Change>,
        /// Which articles.
        keys: Vec<Key>,
    },
    /// Find the keys of articles by ordinal in a corpus (reading a
    /// hundred thousand articles is no work for the screen's thread).
    Keys {
        /// Given back in the reply.
        id: u64,
        /// Where the articles are.
        corpus: Arc<Corpus>,
        /// Which.
        ordinals: Vec<u32>,
    },
    /// Put these states back as they are (an undo), in one transaction.
    Restore {
        /// Its place in the order of changes, given back when saved.
        seq: u64,
        /// The states.
        before: Vec<(Key, State)>,
    },
    /// The states of these articles, while every state is still being
    /// read: the first screen's rows.
    Lookup(Vec<Key>),
    /// The file failed its integrity check ([`Reply::Damaged`]): set it
    /// aside and start an empty one.
    Recover(String),
    /// Every state could not be read on the second connection
    /// ([`Reply::Unreadable`]): read them on this one.
    Reload,
}

/// What the thread tells the reader.
#[derive(Debug)]
pub enum Reply {
    /// The database is open and changes are saved; every state follows
    /// (read on a second connection). `note`: a damaged file set aside.
    Ready {
        /// A line for the user.
        note: Option<String>,
    },
    /// The states [`Request::Lookup`] asked for.
    Looked(Vec<(Key, State)>),
    /// Every stored state.
    Opened {
        /// By key; an absent key has the default state.
        states: HashMap<Key, State>,
    },
    /// The database cannot be opened (the reason, one line; `None`: no
    /// thread). Changes are still made in memory.
    Off(Option<String>),
    /// The change `seq` is saved (or, with state off, would have been).
    Applied {
        /// The request's.
        seq: u64,
    },
    /// The keys asked for, each once, sorted (bad records have none).
    Keys {
        /// The request's.
        id: u64,
        /// The keys.
        keys: Vec<Key>,
    },
    /// A request failed: nothing of it was saved (`seq`: the change's).
    Failed {
        /// The change's, for a change.
        seq: Option<u64>,
        /// One line.
        why: String,
    },
    /// The states could not be read on the second connection: the reader
    /// asks for [`Request::Reload`].
    Unreadable(String),
    /// The file failed its integrity check (why): the reader asks for
    /// [`Request::Recover`].
    Damaged(String),
    /// Another process changed the database: every state, anew, with
    /// the changes up to `upto` in it (later ones are still to come).
    Changed {
        /// By key.
        states: HashMap<Key, State>,
        /// The last change of ours saved before they were read.
        upto: u64,
    },
}

/// The reader's end of the thread.
#[derive(Debug)]
pub struct Writer {
    /// `None` once closed.
    requests: Option<Sender<Request>>,
    replies: Receiver<Reply>,
    /// Requests sent and not yet answered.
    pending: usize,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    /// Starts the thread on the database at `place` (`None`: state off).
    pub fn spawn(place: Option<PathBuf>) -> Writer {
        let (requests, inbox) = channel();
        let (outbox, replies) = channel();
        std::thread::Builder::new()
            .name("newsdump-state".into())
            .spawn(move || run(place, &inbox, &outbox))
            .map_or_else(
                |e| {
                    // No thread: the reader goes on with state off.
                    let (tx, rx) = channel();
                    let _ = tx.send(Reply::Off(Some(format!("cannot start a thread: {e}"))));
                    Writer {
                        requests: None,
                        replies: rx,
                        pending: 0,
                        thread: None,
                    }
                },
                |handle| Writer {
                    requests: Some(requests),
                    replies,
                    pending: 0,
                    thread: Some(handle),
                },
            )
    }

    /// Sends a request; its reply comes through [`Writer::drain`].
    /// Returns false when the thread is gone (nothing will be saved).
    pub fn send(&mut self, request: Request) -> bool {
        if self
            .requests
            .as_ref()
            .is_some_and(|r| r.send(request).is_ok())
        {
            self.pending += 1;
            true
        } else {
            false
        }
    }

    /// Sends no more, and waits up to `timeout` for the thread to save
    /// what it was sent (a quit must not lose the last key's change).
    /// Returns whether it did.
    pub fn close(&mut self, timeout: Duration) -> bool {
        self.requests = None;
        let Some(thread) = self.thread.take() else {
            return true;
        };
        let end = Instant::now() + timeout;
        while !thread.is_finished() {
            if Instant::now() >= end {
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        thread.join().is_ok()
    }

    /// Whether a request waits for its reply.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// The replies so far, without blocking.
    pub fn drain(&mut self) -> Vec<Reply> {
        let out: Vec<Reply> = self.replies.try_iter().collect();
        self.count_answers(&out);
        out
    }

    /// Waits up to `timeout` for one reply.
    pub fn wait(&mut self, timeout: Duration) -> Option<Reply> {
        let r = self.replies.recv_timeout(timeout).ok()?;
        self.count_answers(std::slice::from_ref(&r));
        Some(r)
    }

    fn count_answers(&mut self, replies: &[Reply]) {
        let answers = replies
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    Reply::Applied { .. }
                        | Reply::Keys { .. }
                        | Reply::Looked(_)
                        | Reply::Failed { .. }
                )
            })
            .count();
        self.pending = self.pending.saturating_sub(answers);
    }
}

fn run(place: Option<PathBuf>, inbox: &Receiver<Request>, outbox: &Sender<Reply>) {
    let mut store = None;
    match place {
        // The reader knows it asked for none.
        None => {}
        // Without the integrity check, which reads the whole file: it runs
        // on the second connection, before everything is read.
        Some(path) => match Store::open_unchecked(&path) {
            Ok(opened) => {
                let _ = outbox.send(Reply::Ready { note: opened.note });
                // Everything is read on a second connection, so that this
                // thread answers the first screen's lookups meanwhile (with
                // a big dump, the indexer has the other core).
                let loader = opened.store.reader();
                let out = outbox.clone();
                let load = move || {
                    let reply = match loader.and_then(|r| Ok((r.check()?, r))) {
                        Ok((Some(why), _)) => Reply::Damaged(why),
                        Ok((None, r)) => match r.load_all() {
                            Ok(states) => Reply::Opened { states },
                            Err(why) => Reply::Unreadable(why),
                        },
                        Err(why) => Reply::Unreadable(why),
                    };
                    let _ = out.send(reply);
                };
                // No second thread: the reader asks for the states to be
                // read here (`Reload`), as when the second connection fails.
                if let Err(e) = std::thread::Builder::new()
                    .name("newsdump-state-load".into())
                    .spawn(load)
                {
                    let _ = outbox.send(Reply::Unreadable(format!("cannot start a thread: {e}")));
                }
                store = Some(opened.store);
            }
            Err(why) => {
                let _ = outbox.send(Reply::Off(Some(why)));
            }
        },
    }
    let mut seen = store.as_ref().and_then(|s: &Store| s.data_version().ok());
    // The last change saved.
    let mut done = 0;
    loop {
        match inbox.recv_timeout(POLL) {
            Ok(Request::Apply { seq, changes, keys }) => {
                let saved = store
                    .as_mut()
                    .map_or(Ok(Vec::new()), |s| s.apply_all(&changes, &keys));
                done = seq;
                let reply = match saved {
                    Ok(_) => Reply::Applied { seq },
                    Err(why) => Reply::Failed {
                        seq: Some(seq),
                        why,
                    },
                };
                if outbox.send(reply).is_err() {
                    return;
                }
            }
            Ok(Request::Keys {
                id,
                corpus,
                ordinals,
            }) => {
                let mut keys = keys_of(&corpus, &ordinals);
                keys.sort_unstable();
                keys.dedup();
                if outbox.send(Reply::Keys { id, keys }).is_err() {
                    return;
                }
            }
            Ok(Request::Restore { seq, before }) => {
                done = seq;
                let reply = match store.as_mut().map(|s| s.restore(&before)) {
                    Some(Err(why)) => Reply::Failed {
                        seq: Some(seq),
                        why,
                    },
                    _ => Reply::Applied { seq },
                };
                if outbox.send(reply).is_err() {
                    return;
                }
            }
            Ok(Request::Lookup(keys)) => {
                let reply = match store.as_mut().map(|s| s.states_of(&keys)) {
                    Some(Ok(states)) => Reply::Looked(states),
                    Some(Err(why)) => Reply::Failed { seq: None, why },
                    None => Reply::Looked(Vec::new()),
                };
                if outbox.send(reply).is_err() {
                    return;
                }
            }
            Ok(Request::Recover(why)) => {
                let replies = match store.take().map(|s| s.set_aside(&why)) {
                    Some(Ok(opened)) => {
                        store = Some(opened.store);
                        seen = store.as_ref().and_then(|s| s.data_version().ok());
                        vec![
                            Reply::Ready { note: opened.note },
                            Reply::Opened {
                                states: HashMap::new(),
                            },
                        ]
                    }
                    Some(Err(why)) => vec![Reply::Off(Some(why))],
                    None => Vec::new(),
                };
                // The request's answer, for the count of those awaited.
                let replies = replies.into_iter().chain([Reply::Applied { seq: 0 }]);
                for r in replies {
                    if outbox.send(r).is_err() {
                        return;
                    }
                }
            }
            Ok(Request::Reload) => {
                // Read here; if not even that works, the state is off:
                // nothing more is written over states no one could read.
                let reply = match store.as_ref().map(Store::load_all) {
                    Some(Ok(states)) => Reply::Opened { states },
                    Some(Err(why)) => {
                        store = None;
                        Reply::Off(Some(why))
                    }
                    None => Reply::Off(None),
                };
                for r in [reply, Reply::Applied { seq: 0 }] {
                    if outbox.send(r).is_err() {
                        return;
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        // Our own commits leave data_version as it was; another
        // connection's change it.
        if let Some(s) = &store {
            let now = s.data_version().ok();
            if now.is_some() && now != seen {
                seen = now;
                if let Ok(states) = s.load_all()
                    && outbox.send(Reply::Changed { states, upto: done }).is_err()
                {
                    return;
                }
            }
        }
    }
}

/// The keys of the articles at `ordinals` (bad records have none).
pub fn keys_of(corpus: &Corpus, ordinals: &[u32]) -> Vec<Key> {
    ordinals
        .iter()
        .filter_map(|&o| {
            corpus
                .with_article(o as usize, |a| (!a.is_bad_record()).then(|| Key::of(&a)))
                .flatten()
        })
        .collect()
}
