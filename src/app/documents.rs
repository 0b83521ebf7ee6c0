//! The documents the reader shows, and how they change under it: the rest
//! of a big input still being read, follow mode (`F`), a stream growing, a
//! file truncated or replaced. Each change brings a new corpus, which
//! takes the old one's place while the reader keeps its place.

use std::sync::Arc;

use super::App;
use crate::input::{Corpus, FileState, FolderWatch, Loading, OpenError, Origin};

/// How often follow mode looks at the file.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Why a dump is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// It grew (follow mode, a stream).
    Grew,
    /// It shrank, was truncated under us, or was replaced.
    Replaced,
}

/// Watching the dump for change.
struct Watch {
    known: Option<FileState>,
    last_check: std::time::Instant,
    /// Changes in a followed folder.
    folder: Option<FolderWatch>,
    reloading: Option<(std::sync::mpsc::Receiver<Result<Corpus, OpenError>>, Change)>,
}

/// The corpus, and what may replace it.
pub struct Documents {
    /// Shared with background jobs, which take a snapshot.
    pub(super) corpus: Arc<Corpus>,
    /// The rest of the input, still being read in the background.
    pub(super) loading: Option<Loading>,
    /// Follow mode: new articles appear as the input grows.
    pub(super) follow: bool,
    watch: Watch,
}

/// Where an article is by name rather than by number: a folder read again
/// can gain files before it. (Root, path in it, index in the file.)
type Place = (u32, Box<str>, u32);

impl Documents {
    pub(super) fn new(corpus: Corpus) -> Documents {
        Documents {
            corpus: Arc::new(corpus),
            loading: None,
            follow: false,
            watch: Watch {
                known: None,
                last_check: std::time::Instant::now(),
                folder: None,
                reloading: None,
            },
        }
    }

    /// The documents shown.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The rest of the input, while it is still being read.
    pub fn loading(&self) -> Option<&Loading> {
        self.loading.as_ref()
    }

    /// Whether follow mode is on.
    pub fn following(&self) -> bool {
        self.follow
    }

    /// Whether a reload is running.
    pub(super) fn reloading(&self) -> bool {
        self.watch.reloading.is_some()
    }
}

impl App {
    /// Shows what `loading` reads, as it arrives: the rest of the input,
    /// read in the background after the first screenful.
    pub fn set_loading(&mut self, loading: Option<Loading>) {
        self.documents.loading = loading;
    }

    /// `F`: follow mode on or off.
    pub(super) fn toggle_follow(&mut self) {
        let docs = &mut self.documents;
        if matches!(docs.corpus.origin, Origin::Fixed) {
            let message = format!("{} cannot grow: nothing to follow", docs.corpus.name);
            self.messages.say(message);
            return;
        }
        docs.follow = !docs.follow;
        let folder = matches!(docs.corpus.origin, Origin::Paths { .. });
        if docs.follow {
            docs.watch.known = docs.corpus.file_state();
            self.select(usize::MAX);
            // Still indexing: the real end comes with the index.
            self.view.pending_last = self.documents.loading.is_some();
            if let Origin::Paths { paths, .. } = &self.documents.corpus.origin {
                // Watch first, then look: what arrived before the watch
                // began is found by the look.
                self.documents.watch.folder = Some(FolderWatch::new(paths));
                if self.documents.loading.is_none() {
                    self.reload(Change::Grew);
                }
            }
        } else {
            docs.watch.folder = None;
        }
        self.messages.say(match (self.documents.follow, folder) {
            (true, true) => "following the folder: F stops",
            (true, false) => "following the file: F stops",
            (false, _) => "stopped following",
        });
    }

    /// Watches the input: reads it again when it was found truncated
    /// under us (the map's guard put zeros where it was cut), and — in
    /// follow mode, or while standard input still streams in — when a file
    /// grew, shrank or was replaced, or a folder gained or changed files.
    /// The new corpus is read on a thread; this takes it when ready.
    /// Returns whether anything changed.
    pub(super) fn watch(&mut self) -> bool {
        let docs = &mut self.documents;
        if let Some((rx, why)) = &docs.watch.reloading {
            return match rx.try_recv() {
                Ok(Ok(corpus)) => {
                    let why = *why;
                    docs.watch.reloading = None;
                    self.replace_corpus(corpus, why);
                    true
                }
                Ok(Err(e)) => {
                    docs.watch.reloading = None;
                    self.messages.say(e.to_string());
                    true
                }
                Err(_) => false,
            };
        }
        if crate::input::take_truncated() {
            self.reload(Change::Replaced);
            return true;
        }
        let watching = docs.follow || docs.corpus.streaming();
        if !watching || docs.loading.is_some() || docs.watch.last_check.elapsed() < WATCH_EVERY {
            return false;
        }
        docs.watch.last_check = std::time::Instant::now();
        if let Origin::Paths { paths, .. } = &docs.corpus.origin {
            let folder = docs
                .watch
                .folder
                .get_or_insert_with(|| FolderWatch::new(paths));
            if folder.changed() {
                self.reload(Change::Grew);
            }
            return false;
        }
        let Some(now) = docs.corpus.file_state() else {
            return false;
        };
        let known = docs.watch.known.get_or_insert(now);
        if now == *known && now.len == docs.corpus.source_len() {
            return false;
        }
        let grew = now.id == known.id && now.len >= docs.corpus.source_len();
        *known = now;
        self.reload(if grew { Change::Grew } else { Change::Replaced });
        false
    }

    /// Reads the input again on a thread.
    fn reload(&mut self, why: Change) {
        if self.documents.watch.reloading.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let corpus = Arc::clone(&self.documents.corpus);
        std::thread::spawn(move || {
            let _ = tx.send(corpus.reload());
        });
        self.documents.watch.reloading = Some((rx, why));
    }

    /// Where the selected article is, by name rather than by number.
    fn selected_place(&self) -> Option<Place> {
        let corpus = &self.documents.corpus;
        let id = corpus.locate(self.selected_article()?)?;
        let doc = corpus.doc(id.doc as usize)?;
        Some((doc.prov.root, doc.prov.rel.clone(), id.index))
    }

    /// The ordinal of a place `selected_place` gave, in the current corpus.
    fn ordinal_of_place(&self, place: &Place) -> Option<usize> {
        let corpus = &self.documents.corpus;
        let d = corpus
            .docs()
            .iter()
            .position(|d| d.prov.root == place.0 && d.prov.rel == place.1)?;
        corpus.ordinal(crate::input::ArticleId {
            doc: d as u32,
            index: place.2,
        })
    }

    /// Puts a corpus read again in place of the old one. After growth the
    /// reader keeps its place (or stays on the last article, as `less +F`
    /// does); after a shrink or a replacement it says so.
    fn replace_corpus(&mut self, corpus: Corpus, why: Change) {
        let old = self.documents.corpus.len();
        let was_last = self.view.selected + 1 >= self.len();
        let place = self.selected_place();
        self.documents.watch.known = corpus.file_state();
        self.documents.corpus = Arc::new(corpus);
        self.corpus_changed();
        let new = self.documents.corpus.len();
        self.keep_place(place);
        self.after_swap(was_last && self.view.is_whole());
        let message = match why {
            Change::Grew if new > old => format!(
                "{} new article{}",
                new - old,
                if new - old == 1 { "" } else { "s" }
            ),
            Change::Grew => return,
            Change::Replaced => format!(
                "{} changed on disk: read it again",
                self.documents.corpus.name
            ),
        };
        self.messages.say(message);
    }

    /// Selects the article at `place` again after the corpus changed under
    /// the list (unfiltered: a view is rebuilt and anchored on its own).
    fn keep_place(&mut self, place: Option<Place>) {
        if let Some(o) = place.and_then(|p| self.ordinal_of_place(&p)) {
            if self.view.rows.is_none() {
                self.view.selected = o;
            } else {
                // The rows are the old corpus's numbers: the view is built
                // again, and selects this article when its rows come.
                self.view.anchor = Some(o);
            }
            if let Some(d) = &mut self.detail
                && d.article != o
            {
                d.article = o;
            }
        }
    }

    /// After a new dump (or index) took the old one's place: the text on
    /// screen is laid out again at the same place (the article may have
    /// grown, or been cut short), the selection goes to the last article
    /// when asked, and a running search and a narrowed or sorted view start
    /// again on the new dump.
    fn after_swap(&mut self, select_last: bool) {
        let anchor = self.detail.as_ref().and_then(|d| d.layout.anchor(d.scroll));
        let article = self.detail.take().map(|d| d.article);
        if select_last {
            self.view.selected = self.len().saturating_sub(1);
        }
        self.settle();
        if let (Some(d), Some(a), Some(art)) = (&mut self.detail, anchor, article)
            && d.article == art
        {
            d.scroll = d.layout.line_of(a);
        }
        if let Some(s) = &self.search.current {
            let m = Arc::clone(&s.matcher);
            self.start_search(m);
        }
        if !self.view.is_whole() {
            self.rebuild_view();
        }
    }

    /// What the background load read since the last look: a bigger
    /// corpus (a folder's list grows; a big file's full index replaces its
    /// first megabytes'). Searches and views that ran on the part start
    /// again on the whole.
    pub(super) fn take_loaded(&mut self) -> bool {
        let Some(loading) = &self.documents.loading else {
            return false;
        };
        // Only the newest snapshot matters.
        let mut latest = None;
        loop {
            match loading.rx.try_recv() {
                Ok(Ok(got)) => latest = Some(got),
                Ok(Err(e)) => {
                    // Nothing could be read after all (every file skipped).
                    self.documents.loading = None;
                    self.messages.say(e.to_string());
                    return true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    if latest.is_none() {
                        // The reading thread ended without a word (it
                        // panicked): say so rather than wait for ever.
                        self.documents.loading = None;
                        self.messages
                            .say("reading the input stopped: what is shown is all there is");
                        return true;
                    }
                    break;
                }
            }
        }
        let Some((corpus, done)) = latest else {
            return false;
        };
        let secs = loading.started.elapsed().as_secs_f64();
        let cached = loading
            .progress
            .cached
            .load(std::sync::atomic::Ordering::Relaxed);
        if done {
            self.documents.loading = None;
        }
        let mb = corpus.docs().iter().map(|d| d.prov.size).sum::<u64>() as f64 / 1e6;
        let n = corpus.len();
        let files = corpus.docs().len();
        let place = self.selected_place();
        self.documents.corpus = Arc::new(corpus);
        self.corpus_changed();
        self.keep_place(place);
        self.after_swap(false);
        if done {
            // The snapshots and the readers' buffers are gone now.
            crate::input::load::release_freed_memory();
            // Following since before the load ended: what arrived between
            // the walk and the watch is found by one more look.
            if self.documents.follow && matches!(self.documents.corpus.origin, Origin::Paths { .. })
            {
                self.reload(Change::Grew);
            }
            if std::mem::take(&mut self.view.pending_last) {
                self.select(usize::MAX);
            }
            let thousands = crate::input::load::thousands;
            let of = match (files, cached) {
                (0 | 1, _) => String::new(),
                (_, 0) => format!(" from {} files", thousands(files as u64)),
                (_, c) => format!(
                    " from {} files ({} from the cache)",
                    thousands(files as u64),
                    thousands(c)
                ),
            };
            self.messages.say(format!(
                "{n} articles{of} indexed in {secs:.1} s ({:.0} MB/s)",
                mb / secs.max(1e-6)
            ));
        }
        true
    }
}
