//! Opening dumps: files, folders of them, standard input or the built-in
//! sample, into a [`Corpus`]. The one place that touches the file system
//! for a dump.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

pub mod cache;
pub mod corpus;
pub mod decode;
mod guard;
pub mod load;
mod par;
pub mod walk;

pub use corpus::{ArticleId, Corpus, DocText, Document, Provenance, Skipped};
pub use guard::{GuardedMap, take_truncated};
pub use load::{LoadOptions, Progress};
pub use par::panic_message;

use crate::dump::Index;

/// A dump's bytes: a read-only map of a regular file, or a buffer for
/// standard input and anything else that cannot be mapped.
pub enum Bytes {
    /// A mapped regular file, guarded against truncation.
    Mapped(GuardedMap),
    /// Bytes read into memory.
    Owned(Vec<u8>),
    /// The built-in sample.
    Static(&'static [u8]),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
            Bytes::Static(s) => s,
        }
    }
}

/// How much of a big dump is parsed before the reader shows it.
const QUICK_PREFIX: usize = 2 << 20;

/// Files read before the reader shows a folder: a screenful, fast.
const QUICK_FILES: usize = 64;

/// A load still running in the background: a big file's full index, or
/// the rest of a folder. Snapshots of the growing corpus arrive through
/// `rx`, the last one with `true`.
pub struct Loading {
    /// Where the corpus arrives as it grows, `true` with the last.
    pub rx: std::sync::mpsc::Receiver<Loaded>,
    /// Files and bytes done so far.
    pub progress: Arc<Progress>,
    /// Bytes in all, for a single file's percentage.
    pub total: u64,
    /// Whether it is one file (progress in bytes) or many (in files).
    pub single: bool,
    /// When it started.
    pub started: Instant,
    cancel: Arc<AtomicBool>,
}

impl Loading {
    /// How far it has come, for the status bar: `indexing 45%` or
    /// `indexing 1,234/100,004 files`.
    pub fn describe(&self) -> String {
        let (done, total, bytes, _) = self.progress.snapshot();
        if self.single {
            let parsed = self.progress.parsed.load(Ordering::Relaxed).max(bytes);
            format!("indexing {}%", (parsed * 100 / self.total.max(1)).min(99))
        } else {
            format!(
                "indexing {}/{} files",
                load::thousands(done),
                load::thousands(total)
            )
        }
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Why a dump could not be opened: one line naming the path and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenError(pub String);

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpenError {}

/// What a loading thread sends: the corpus so far, `true` with the last.
type Loaded = Result<(Corpus, bool), OpenError>;

/// Runs `read` on a thread of its own; if it panics, the reader hears
/// why (one line in its status bar) rather than waiting for ever.
fn spawn_reporting(
    tx: std::sync::mpsc::Sender<Loaded>,
    read: impl FnOnce(&std::sync::mpsc::Sender<Loaded>) + Send + 'static,
) {
    std::thread::spawn(move || {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&tx)));
        if let Err(payload) = run {
            let why = par::panic_message(payload.as_ref());
            let _ = tx.send(Err(OpenError(format!(
                "reading stopped: {why} (what is shown is all there is)"
            ))));
        }
    });
}

/// Reads `paths` for a subcommand: everything, before returning.
pub fn open(paths: &[PathBuf], opts: &LoadOptions) -> Result<Corpus, OpenError> {
    let progress = Progress::default();
    Ok(load::load(paths, opts, &progress, &|_, _| ())?.corpus)
}

/// Opens `paths` for the reader, which shows the first screen before the
/// whole is read: a big file's first megabytes are parsed and the whole
/// on a thread; a folder's first files are read and the rest on threads,
/// the list growing as they come.
pub fn open_progressive(
    paths: &[PathBuf],
    opts: &LoadOptions,
) -> Result<(Corpus, Option<Loading>), OpenError> {
    let progress = Arc::new(Progress::default());
    let plan = load::Plan::new(paths, opts, &progress)?;
    let cancel = Arc::new(AtomicBool::new(false));
    if plan.is_alone() {
        let path = plan.candidates()[0].path.clone();
        if let Some(quick) = quick_prefix(&path, opts) {
            let total = quick.source_len();
            let (tx, rx) = std::sync::mpsc::channel();
            let (opts, report) = (opts.clone(), Arc::clone(&progress));
            spawn_reporting(tx, move |tx| {
                let never = AtomicBool::new(false);
                let whole = load::load_planned(plan, &opts, &report, &never, &|_, _| ());
                let _ = tx.send(whole.map(|l| (l.corpus, true)));
            });
            let loading = Loading {
                rx,
                progress,
                total,
                single: true,
                started: Instant::now(),
                cancel,
            };
            return Ok((quick, Some(loading)));
        }
        let whole = load::load_planned(plan, opts, &progress, &cancel, &|_, _| ())?;
        return Ok((whole.corpus, None));
    }
    let mut c = load::Collector::<()>::new(plan);
    c.read(QUICK_FILES, opts, &progress, &cancel, &|_, _| (), |_| {});
    if c.remaining() == 0 {
        return Ok((c.finish(opts)?.corpus, None));
    }
    let first = c.snapshot(opts);
    let (tx, rx) = std::sync::mpsc::channel();
    let (opts, report, stop) = (opts.clone(), Arc::clone(&progress), Arc::clone(&cancel));
    spawn_reporting(tx, move |tx| {
        let mut sent = Instant::now();
        c.read(usize::MAX, &opts, &report, &stop, &|_, _| (), |c| {
            // The list grows a few times a second, not per file.
            if sent.elapsed() >= std::time::Duration::from_millis(250) {
                sent = Instant::now();
                let _ = tx.send(Ok((c.snapshot(&opts), false)));
            }
        });
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let _ = tx.send(c.finish(&opts).map(|l| (l.corpus, true)));
    });
    let loading = Loading {
        rx,
        progress,
        total: 0,
        single: false,
        started: Instant::now(),
        cancel,
    };
    Ok((first, Some(loading)))
}

/// A big plain file's first megabytes, parsed, for the first screen; the
/// whole is read on a thread. `None` when the file is small, compressed or
/// not UTF-8 (read whole at once).
fn quick_prefix(path: &Path, opts: &LoadOptions) -> Option<Corpus> {
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() <= QUICK_PREFIX as u64 {
        return None;
    }
    // SAFETY: read-only, guarded map (see guard.rs).
    let map = GuardedMap::new(unsafe { memmap2::Mmap::map(&file) }.ok()?);
    if decode::sniff(&map) != decode::Compression::None
        || opts.encoding.is_some_and(|e| e != encoding_rs::UTF_8)
    {
        return None;
    }
    let cut = memchr::memrchr(b'\n', &map[..QUICK_PREFIX]).map_or(QUICK_PREFIX, |i| i + 1);
    if simdutf8::basic::from_utf8(&map[..cut]).is_err() {
        return None;
    }
    if load::is_binary(&map[..cut], opts) {
        return None;
    }
    // JSON Lines cut at a line end is whole records; an array or one
    // object cut anywhere is not (its last record would show as broken,
    // or the object as no JSON at all): those are read whole at once.
    if crate::json::shape::detect(&map[..cut])
        .is_some_and(|shape| shape != crate::json::shape::Shape::Lines)
    {
        return None;
    }
    let index = Index::parse(&map[..cut]);
    let mut prov = Provenance::fixed(&path.to_string_lossy());
    prov.size = meta.len();
    prov.mtime = cache::Stamp::of(&meta).mtime;
    let doc = Document::held(prov, index, Arc::new(Bytes::Mapped(map)));
    let mut corpus = Corpus::new(
        display_name(path),
        vec![path.to_path_buf()],
        vec![Arc::new(doc)],
    );
    corpus.origin = Origin::File(path.to_path_buf(), Box::new(opts.clone()));
    Some(corpus)
}

/// A path as messages and the status bar show it: file names are
/// untrusted too (a scraped folder can hold any), so controls become
/// stand-ins.
pub fn display_name(path: &Path) -> String {
    crate::text::sanitize(&path.display().to_string()).into_owned()
}

/// Where a dump's bytes come from, so that it can be read again.
#[derive(Clone)]
pub enum Origin {
    /// A file, read again by its path (it may have been replaced), with
    /// the options it was read with (`--encoding` holds for a reload too).
    File(std::path::PathBuf, Box<LoadOptions>),
    /// Standard input or a FIFO, copied to a temporary file as it streams.
    Spool(Arc<Spool>),
    /// Bytes that never change: the sample, a buffer.
    Fixed,
    /// Files and folders, walked and read again (follow mode).
    Paths {
        /// The PATH arguments.
        paths: Vec<PathBuf>,
        /// How they were read.
        opts: Box<LoadOptions>,
    },
}

/// The size and identity of a dump on disk, to notice it grow, shrink or
/// be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    /// Bytes.
    pub len: u64,
    /// Inode and device: another file under the same name differs.
    pub id: (u64, u64),
}

/// A stream copied to an unlinked temporary file as it arrives, so that
/// standard input and FIFOs can be mapped and read like files.
pub struct Spool {
    file: std::fs::File,
    len: AtomicU64,
    done: AtomicBool,
}

impl Spool {
    /// Bytes spooled so far.
    pub fn len(&self) -> u64 {
        self.len.load(Ordering::Acquire)
    }

    /// True before the first byte arrives.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the stream has ended.
    pub fn is_done(&self) -> bool {
        self.done.load(Ordering::Acquire)
    }

    /// Starts copying `from` to a new temporary file on a thread.
    pub fn start(mut from: impl Read + Send + 'static) -> io::Result<Arc<Spool>> {
        use std::io::Write;
        let file = load::unlinked_temp()?;
        let mut writer = file.try_clone()?;
        let spool = Arc::new(Spool {
            file,
            len: AtomicU64::new(0),
            done: AtomicBool::new(false),
        });
        let shared = Arc::clone(&spool);
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                match from.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if writer.write_all(&buf[..n]).is_err() {
                            break;
                        }
                        shared.len.fetch_add(n as u64, Ordering::Release);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            shared.done.store(true, Ordering::Release);
        });
        Ok(spool)
    }

    /// Maps what has arrived so far.
    fn bytes(&self) -> io::Result<Bytes> {
        let len = self.len() as usize;
        if len == 0 {
            return Ok(Bytes::Owned(Vec::new()));
        }
        // SAFETY: read-only, guarded map of a file only we write, and only
        // past `len`.
        let map = unsafe { memmap2::MmapOptions::new().len(len).map(&self.file)? };
        Ok(Bytes::Mapped(GuardedMap::new(map)))
    }
}

impl Corpus {
    /// One streamed document (standard input, a FIFO), spooled: as it is
    /// when it is UTF-8, else decompressed and decoded as a file would be
    /// (`zcat`-less `cat x.gz | newsdump -`, a GBK stream).
    fn stream(name: String, bytes: Bytes) -> Corpus {
        let compressed = decode::sniff(&bytes) != decode::Compression::None;
        if !compressed && decode::detect(&bytes, None).encoding == encoding_rs::UTF_8 {
            return Corpus::single(name, bytes);
        }
        let opts = LoadOptions {
            binary: true,
            ..LoadOptions::default()
        };
        let doc = load::decoded_document(Provenance::fixed(&name), bytes.to_vec(), &opts)
            .unwrap_or_else(|_| {
                Document::held(
                    Provenance::fixed(&name),
                    Index::default(),
                    Arc::new(Bytes::Owned(Vec::new())),
                )
            });
        Corpus::new(name, Vec::new(), vec![Arc::new(doc)])
    }

    /// Reads one file (or `-`) whole, NUL bytes and all: what a program
    /// embedding the parser wants (the command line refuses binary files).
    pub fn load(path: &Path) -> Result<Corpus, OpenError> {
        let opts = LoadOptions {
            binary: true,
            ..LoadOptions::default()
        };
        open(&[path.to_path_buf()], &opts)
    }

    /// Opens standard input (or a FIFO's reader) for the reader: spooled
    /// to a temporary file, shown as soon as its first bytes arrive, read
    /// again as more come (see [`Corpus::reload`]).
    pub fn spool(name: String, from: impl Read + Send + 'static) -> Result<Corpus, OpenError> {
        let fail = |e: io::Error| OpenError(format!("cannot read {name}: {}", reason(&e)));
        let spool = Spool::start(from).map_err(fail)?;
        // A moment for the first screenful to arrive.
        let deadline = Instant::now() + std::time::Duration::from_millis(150);
        while spool.len() < QUICK_PREFIX as u64 && !spool.is_done() && Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let bytes = spool.bytes().map_err(fail)?;
        let mut corpus = Corpus::stream(name, bytes);
        corpus.origin = Origin::Spool(spool);
        Ok(corpus)
    }

    /// The single file's size and identity now, for follow mode (`None`
    /// for a folder, the sample, a buffer).
    pub fn file_state(&self) -> Option<FileState> {
        use std::os::unix::fs::MetadataExt;
        match &self.origin {
            Origin::File(path, _) => std::fs::metadata(path).ok().map(|m| FileState {
                len: m.len(),
                id: (m.ino(), m.dev()),
            }),
            Origin::Spool(s) => Some(FileState {
                len: s.len(),
                id: (0, 0),
            }),
            Origin::Fixed | Origin::Paths { .. } => None,
        }
    }

    /// Bytes of the single document as read from its file or stream
    /// (before decompressing or decoding): what follow mode compares the
    /// file's size with.
    pub fn source_len(&self) -> u64 {
        self.doc(0).map_or(0, |d| d.prov.size)
    }

    /// Whether more bytes may still come without anyone asking: a spool
    /// whose stream has not ended, or holds more than is mapped.
    pub fn streaming(&self) -> bool {
        matches!(&self.origin, Origin::Spool(s) if !s.is_done() || s.len() != self.source_len())
    }

    /// Reads the input again as it is now: a file mapped anew (it may have
    /// grown, shrunk or been replaced) and parsed whole; a folder walked
    /// again, with the documents whose files did not change kept as they
    /// are.
    pub fn reload(&self) -> Result<Corpus, OpenError> {
        match &self.origin {
            Origin::File(path, opts) => {
                let opts = LoadOptions {
                    // It was read once: a NUL found now is the file's.
                    binary: true,
                    ..(**opts).clone()
                };
                open(std::slice::from_ref(path), &opts)
            }
            Origin::Spool(s) => {
                let bytes = s
                    .bytes()
                    .map_err(|e| OpenError(format!("cannot read {}: {}", self.name, reason(&e))))?;
                let mut corpus = Corpus::stream(self.name.clone(), bytes);
                corpus.origin = self.origin.clone();
                Ok(corpus)
            }
            Origin::Paths { paths, opts } => self.refresh(paths, opts),
            Origin::Fixed => Err(OpenError(format!("{} cannot be read again", self.name))),
        }
    }

    /// A folder read again: files whose size and modification time did
    /// not change keep their documents; new and changed files are read.
    fn refresh(&self, paths: &[PathBuf], opts: &LoadOptions) -> Result<Corpus, OpenError> {
        use std::collections::HashMap;
        let known: HashMap<(u32, &str), &Arc<Document>> = self
            .docs()
            .iter()
            .map(|d| ((d.prov.root, &*d.prov.rel), d))
            .collect();
        let progress = Progress::default();
        let plan = load::Plan::new(paths, opts, &progress)?;
        let mut docs = Vec::with_capacity(plan.candidates().len());
        let mut fresh = Vec::new();
        for c in plan.candidates() {
            let known_doc = known.get(&(c.root as u32, c.rel.as_str()));
            // Standard input and pipes were read once and cannot be again.
            let stream = c.path == Path::new("-")
                || (c.named && std::fs::metadata(&c.path).is_ok_and(|m| !m.is_file()));
            let same = known_doc.filter(|d| {
                stream
                    || std::fs::metadata(&c.path).is_ok_and(|m| {
                        cache::Stamp::of(&m)
                            == cache::Stamp {
                                size: d.prov.size,
                                mtime: d.prov.mtime,
                            }
                    })
            });
            match same {
                Some(d) => docs.push(Some(Arc::clone(d))),
                None if stream => {}
                None => {
                    fresh.push(c.clone());
                    docs.push(None);
                }
            }
        }
        let never = AtomicBool::new(false);
        let mut read = Vec::new();
        // What is skipped now: the walk's, and the files that fail now (a
        // file skipped before and fine now is gone from the list).
        let mut skipped: Vec<Skipped> = plan.skipped().to_vec();
        load::load_candidates(
            &fresh,
            false,
            None,
            opts,
            &progress,
            &never,
            &|_, _| (),
            |i, out| match out {
                Ok((d, (), _)) => read.push(Some(d)),
                Err(why) => {
                    skipped.push(Skipped {
                        path: fresh[i].path.clone(),
                        reason: why,
                    });
                    read.push(None);
                }
            },
        );
        let mut read = read.into_iter();
        let docs: Vec<Arc<Document>> = docs
            .into_iter()
            .filter_map(|d| d.or_else(|| read.next().flatten()))
            .collect();
        let mut corpus = Corpus::new(self.name.clone(), paths.to_vec(), docs);
        skipped.sort_by(|a, b| {
            walk::natural_cmp(&a.path.to_string_lossy(), &b.path.to_string_lossy())
        });
        corpus.set_skipped(skipped);
        corpus.origin = self.origin.clone();
        Ok(corpus)
    }
}

/// An I/O error as a short reason, without Rust's `(os error N)` suffix.
pub fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Tells when a followed folder changed: inotify (through `notify`) where
/// it can watch, else a look every few seconds.
pub struct FolderWatch {
    dirty: Arc<AtomicBool>,
    /// Kept for as long as the watch lasts; `None` when polling.
    watcher: Option<notify::RecommendedWatcher>,
    last_poll: Instant,
}

/// How often a folder is walked again when it cannot be watched.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

impl FolderWatch {
    /// Watches the folders among `paths`, recursively.
    pub fn new(paths: &[PathBuf]) -> FolderWatch {
        use notify::Watcher;
        let dirty = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&dirty);
        let watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
            // Reads (access events) change nothing; everything else might.
            if ev.is_ok_and(|e| !e.kind.is_access()) {
                flag.store(true, Ordering::Relaxed);
            }
        })
        .ok()
        .and_then(|mut w| {
            for p in paths.iter().filter(|p| p.is_dir()) {
                w.watch(p, notify::RecursiveMode::Recursive).ok()?;
            }
            Some(w)
        });
        FolderWatch {
            dirty,
            watcher,
            last_poll: Instant::now(),
        }
    }

    /// Whether the folder may have changed since the last call.
    pub fn changed(&mut self) -> bool {
        if self.watcher.is_some() {
            return self.dirty.swap(false, Ordering::Relaxed);
        }
        if self.last_poll.elapsed() >= POLL_EVERY {
            self.last_poll = Instant::now();
            return true;
        }
        false
    }
}

/// Writes `path` through a temporary file beside it, renamed over it once
/// whole: a reader of `path` never sees half a file.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<std::fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // The name the index cache cleans up after a kill (`.NAME.*.tmp`).
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut out = io::BufWriter::new(std::fs::File::create(&tmp)?);
        write(&mut out)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        drop(out);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
