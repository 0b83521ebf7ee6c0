//! Opening a dump: a file, standard input or the built-in sample, with its
//! index. The one place that touches the file system for a dump.

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

pub mod decode;
mod guard;
pub mod walk;

pub use guard::{GuardedMap, take_truncated};

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

/// A dump opened with its index.
pub struct Input {
    /// How to name the input in messages and the status bar.
    pub name: String,
    /// Where the bytes come from, to read them again when they change.
    pub origin: Origin,
    /// The dump's bytes, shared with background work.
    pub bytes: Arc<Bytes>,
    /// Its parsed structure.
    pub index: Index,
}

/// How much of a big dump is parsed before the reader shows it.
const QUICK_PREFIX: usize = 2 << 20;

/// A parse of the whole dump still running in the background.
pub struct Indexing {
    /// Where the full index arrives.
    pub rx: std::sync::mpsc::Receiver<Index>,
    /// Bytes parsed so far (updated every few megabytes).
    pub progress: Arc<AtomicU64>,
    /// Bytes in all.
    pub total: u64,
    /// When it started.
    pub started: Instant,
}

impl Indexing {
    /// Done so far, in percent.
    pub fn percent(&self) -> u64 {
        (self.progress.load(Ordering::Relaxed) * 100 / self.total.max(1)).min(99)
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

impl Input {
    /// Reads a file, or standard input for `-`, and parses it.
    pub fn load(path: &Path) -> Result<Input, OpenError> {
        let bytes = Input::read(path)?;
        let mut input = Input::from_bytes(display_name(path), bytes);
        input.origin = origin_of(path);
        Ok(input)
    }

    /// Opens `path` for the reader. A big dump is parsed in two goes: its
    /// first megabytes before this returns, so that the first screen shows
    /// at once, and the whole of it on a thread; the full index arrives
    /// through the returned [`Indexing`].
    pub fn open_progressive(path: &Path) -> Result<(Input, Option<Indexing>), OpenError> {
        let name = display_name(path);
        let bytes = Input::read(path)?;
        if bytes.len() <= QUICK_PREFIX {
            let mut input = Input::from_bytes(name, bytes);
            input.origin = origin_of(path);
            return Ok((input, None));
        }
        let bytes = Arc::new(bytes);
        let cut = memchr::memrchr(b'\n', &bytes[..QUICK_PREFIX]).map_or(QUICK_PREFIX, |i| i + 1);
        let index = Index::parse(&bytes[..cut]);
        let progress = Arc::new(AtomicU64::new(0));
        let (tx, rx) = std::sync::mpsc::channel();
        let (shared, report) = (Arc::clone(&bytes), Arc::clone(&progress));
        std::thread::spawn(move || {
            let full = Index::parse_with_progress(&shared, Some(&report));
            let _ = tx.send(full);
        });
        let indexing = Indexing {
            rx,
            progress,
            total: bytes.len() as u64,
            started: Instant::now(),
        };
        Ok((
            Input {
                name,
                origin: origin_of(path),
                bytes,
                index,
            },
            Some(indexing),
        ))
    }

    /// The bytes of a file, or of standard input for `-`.
    fn read(path: &Path) -> Result<Bytes, OpenError> {
        let name = display_name(path);
        let fail = |why: String| OpenError(format!("cannot read {name}: {why}"));
        let bytes = if path == Path::new("-") {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| fail(reason(&e)))?;
            Bytes::Owned(buf)
        } else {
            if path.is_dir() {
                return Err(fail("it is a directory".into()));
            }
            let mut file = std::fs::File::open(path).map_err(|e| fail(reason(&e)))?;
            let meta = file.metadata().map_err(|e| fail(reason(&e)))?;
            if meta.is_file() && meta.len() > 0 {
                // SAFETY: the map is read-only; a file truncated by another
                // process while mapped would fault (SIGBUS), which the
                // guard turns into pages of zeros and a flag.
                let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| fail(reason(&e)))?;
                Bytes::Mapped(GuardedMap::new(map))
            } else {
                // FIFOs, character devices, /proc files: read them out.
                let mut buf = Vec::new();
                file.read_to_end(&mut buf).map_err(|e| fail(reason(&e)))?;
                Bytes::Owned(buf)
            }
        };
        Ok(bytes)
    }

    /// The built-in sample.
    pub fn sample() -> Input {
        Input::from_bytes(
            crate::SAMPLE_NAME.into(),
            Bytes::Static(crate::SAMPLE.as_bytes()),
        )
    }

    /// Parses `bytes`, named `name` in messages.
    pub fn from_bytes(name: String, bytes: Bytes) -> Input {
        let index = Index::parse(&bytes);
        Input {
            name,
            origin: Origin::Fixed,
            bytes: Arc::new(bytes),
            index,
        }
    }

    /// The same dump with another index (the full one, once it is built).
    pub fn with_index(&self, index: Index) -> Input {
        Input {
            name: self.name.clone(),
            origin: self.origin.clone(),
            bytes: Arc::clone(&self.bytes),
            index,
        }
    }
}

/// A path as messages and the status bar show it: file names are
/// untrusted too (a scraped folder can hold any), so controls become
/// stand-ins.
pub fn display_name(path: &Path) -> String {
    crate::text::sanitize(&path.display().to_string()).into_owned()
}

/// Where a path's bytes come from: a file to read again, or standard
/// input (read once).
fn origin_of(path: &Path) -> Origin {
    if path == Path::new("-") {
        Origin::Fixed
    } else {
        Origin::File(path.to_path_buf())
    }
}

/// Where a dump's bytes come from, so that it can be read again.
#[derive(Clone)]
pub enum Origin {
    /// A file, read again by its path (it may have been replaced).
    File(std::path::PathBuf),
    /// Standard input or a FIFO, copied to a temporary file as it streams.
    Spool(Arc<Spool>),
    /// Bytes that never change: the sample, a buffer.
    Fixed,
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
        let path = std::env::temp_dir().join(format!(
            "newsdump-spool-{}-{}",
            std::process::id(),
            SPOOLS.fetch_add(1, Ordering::Relaxed)
        ));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Unlinked at once: nothing is left behind, however we end.
        std::fs::remove_file(&path)?;
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

static SPOOLS: AtomicU64 = AtomicU64::new(0);

impl Input {
    /// Opens standard input (or a FIFO's reader) for the reader: spooled
    /// to a temporary file, shown as soon as its first bytes arrive, read
    /// again as more come (see [`Input::reload`]).
    pub fn spool(name: String, from: impl Read + Send + 'static) -> Result<Input, OpenError> {
        let fail = |e: io::Error| OpenError(format!("cannot read {name}: {}", reason(&e)));
        let spool = Spool::start(from).map_err(fail)?;
        // A moment for the first screenful to arrive.
        let deadline = Instant::now() + std::time::Duration::from_millis(150);
        while spool.len() < QUICK_PREFIX as u64 && !spool.is_done() && Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let bytes = spool.bytes().map_err(fail)?;
        let mut input = Input::from_bytes(name, bytes);
        input.origin = Origin::Spool(spool);
        Ok(input)
    }

    /// The dump's size and identity now, for follow mode.
    pub fn file_state(&self) -> Option<FileState> {
        use std::os::unix::fs::MetadataExt;
        match &self.origin {
            Origin::File(path) => std::fs::metadata(path).ok().map(|m| FileState {
                len: m.len(),
                id: (m.ino(), m.dev()),
            }),
            Origin::Spool(s) => Some(FileState {
                len: s.len(),
                id: (0, 0),
            }),
            Origin::Fixed => None,
        }
    }

    /// Whether more bytes may still come without anyone asking: a spool
    /// whose stream has not ended, or holds more than is mapped.
    pub fn streaming(&self) -> bool {
        matches!(&self.origin, Origin::Spool(s) if !s.is_done() || s.len() != self.bytes.len() as u64)
    }

    /// Reads the dump again as it is now: maps the file anew (it may have
    /// grown, shrunk or been replaced) and parses the whole of it.
    pub fn reload(&self) -> Result<Input, OpenError> {
        match &self.origin {
            Origin::File(path) => Input::load(path),
            Origin::Spool(s) => {
                let bytes = s
                    .bytes()
                    .map_err(|e| OpenError(format!("cannot read {}: {}", self.name, reason(&e))))?;
                let mut input = Input::from_bytes(self.name.clone(), bytes);
                input.origin = self.origin.clone();
                Ok(input)
            }
            Origin::Fixed => Err(OpenError(format!("{} cannot be read again", self.name))),
        }
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
