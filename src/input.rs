//! Opening a dump: a file, standard input or the built-in sample, with its
//! index. The one place that touches the file system for a dump.

use std::io::{self, Read};
use std::path::Path;

use crate::dump::Index;

/// A dump's bytes: a read-only map of a regular file, or a buffer for
/// standard input and anything else that cannot be mapped.
pub enum Bytes {
    /// A mapped regular file.
    Mapped(memmap2::Mmap),
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
    /// The dump's bytes.
    pub bytes: Bytes,
    /// Its parsed structure.
    pub index: Index,
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
                // SAFETY: the map is read-only and private to this process.
                // A file truncated by another process while mapped would
                // fault (SIGBUS); the big-dump issue replaces this with
                // reads that survive truncation.
                let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| fail(reason(&e)))?;
                Bytes::Mapped(map)
            } else {
                // FIFOs, character devices, /proc files: read them out.
                let mut buf = Vec::new();
                file.read_to_end(&mut buf).map_err(|e| fail(reason(&e)))?;
                Bytes::Owned(buf)
            }
        };
        Ok(Input::from_bytes(name, bytes))
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
        Input { name, bytes, index }
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
