//! Opening a dump: a file, standard input or the built-in sample, with its
//! index. The one place that touches the file system for a dump.

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

mod guard;

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
    /// The file, to read it again when it changes (none for standard
    /// input and the sample).
    pub path: Option<std::path::PathBuf>,
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
        let mut input = Input::from_bytes(path.display().to_string(), bytes);
        input.path = file_path(path);
        Ok(input)
    }

    /// Opens `path` for the reader. A big dump is parsed in two goes: its
    /// first megabytes before this returns, so that the first screen shows
    /// at once, and the whole of it on a thread; the full index arrives
    /// through the returned [`Indexing`].
    pub fn open_progressive(path: &Path) -> Result<(Input, Option<Indexing>), OpenError> {
        let name = path.display().to_string();
        let bytes = Input::read(path)?;
        if bytes.len() <= QUICK_PREFIX {
            let mut input = Input::from_bytes(name, bytes);
            input.path = file_path(path);
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
                path: file_path(path),
                bytes,
                index,
            },
            Some(indexing),
        ))
    }

    /// The bytes of a file, or of standard input for `-`.
    fn read(path: &Path) -> Result<Bytes, OpenError> {
        let name = path.display().to_string();
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
            path: None,
            bytes: Arc::new(bytes),
            index,
        }
    }

    /// The same dump with another index (the full one, once it is built).
    pub fn with_index(&self, index: Index) -> Input {
        Input {
            name: self.name.clone(),
            path: self.path.clone(),
            bytes: Arc::clone(&self.bytes),
            index,
        }
    }
}

/// The path to read again later: a file, not standard input.
fn file_path(path: &Path) -> Option<std::path::PathBuf> {
    (path != Path::new("-")).then(|| path.to_path_buf())
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
