//! Reading PATHs into a [`Corpus`]: walk the folders, then read, decompress,
//! decode and parse every file on all cores, delivering documents in path
//! order.
//!
//! Small files are read into a reused buffer, parsed, and let go: only
//! their index stays, and their text is read again when shown (a folder of
//! 100,000 files can be neither mapped — `vm.max_map_count` is 65,530 — nor
//! held twice). Big files are mapped; big compressed or re-encoded files
//! are decoded once into an unlinked spool file that is mapped, so that
//! offsets still point into text.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use encoding_rs::Encoding;

use super::cache::IndexCache;
use super::corpus::{Corpus, Document, Provenance, Skipped, Text};
use super::decode::{self, Compression};
use super::walk::{self, Candidate, WalkOptions};
use super::{Bytes, GuardedMap, OpenError, display_name, reason};
use crate::dump::Index;

/// How PATHs are read.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// How folders are walked.
    pub walk: WalkOptions,
    /// `--encoding`: read every file in this encoding.
    pub encoding: Option<&'static Encoding>,
    /// `--binary`: read files with NUL bytes too.
    pub binary: bool,
    /// Take the indexes of unchanged files from the cache of this set of
    /// PATHs, and save it (the reader on a folder; `--no-cache` turns it
    /// off). Only for loads that need no text in `visit`.
    pub use_cache: bool,
}

/// How far a load has come, for a progress bar or the status bar.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files to read (known once the walk is done).
    pub files_total: AtomicU64,
    /// Files read (or skipped).
    pub files_done: AtomicU64,
    /// Bytes read from disk.
    pub bytes: AtomicU64,
    /// Articles found.
    pub articles: AtomicU64,
    /// Files whose index came from the cache.
    pub cached: AtomicU64,
    /// Bytes of a file named alone parsed so far (the reader's
    /// percentage while a big dump is indexed).
    pub parsed: AtomicU64,
}

impl Progress {
    /// `(files done, files in all, bytes, articles)` now.
    pub fn snapshot(&self) -> (u64, u64, u64, u64) {
        (
            self.files_done.load(Ordering::Relaxed),
            self.files_total.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
            self.articles.load(Ordering::Relaxed),
        )
    }
}

/// Files at least this big are mapped, not read; decoded texts at least
/// this big are spooled and mapped, not read again on demand.
pub const MAP_MIN: u64 = 8 << 20;

/// From this size a file's encoding is checked beside its parse.
const PARALLEL_CHECK: usize = 16 << 20;

/// Decompressed output stops here: a 40 KB archive can claim terabytes.
pub(crate) const DECOMPRESS_LIMIT: u64 = 64 << 30;

/// How much of a text decides whether it is binary, as grep does.
pub const BINARY_PROBE: usize = 64 << 10;

/// The reason a file with NUL bytes is skipped.
pub const BINARY: &str = "binary";
/// The reason an empty file is skipped.
pub const EMPTY: &str = "empty";
/// The reason a JSON file found in a folder is skipped: one object that
/// is no article, such as a scraper's sidecar (`{"url": …, "status":
/// 200}`) beside its page.
pub const JSON: &str = "JSON with no article (neither a title nor a body)";

/// Whether `text` is to be refused as binary: a NUL in its first 64 KB
/// (as grep decides), unless `--binary`.
pub(crate) fn is_binary(text: &[u8], opts: &LoadOptions) -> bool {
    !opts.binary && memchr::memchr(0, &text[..text.len().min(BINARY_PROBE)]).is_some()
}

/// Whether `text` is JSON records (checked, not just sniffed: a page
/// whose title starts with a bracket is none) in UTF-8, as far as its
/// first MiB says (cut at a character's start), a stray byte or two
/// aside — those make their records bad ones, where a whole file read as
/// windows-1252 would be wrong everywhere. GBK JSON is invalid UTF-8 at
/// every Chinese character and is decoded as before. The undecodable
/// sequences counted in that MiB come with it.
fn utf8_json(text: &[u8]) -> Option<u64> {
    const PROBE: usize = 1 << 20;
    crate::json::shape::detect(text)?;
    let probe = crate::dump::head(text, PROBE);
    let invalid = decode::count_invalid_utf8(probe);
    (invalid <= (probe.len() as u64 / 4096).max(2)).then_some(invalid)
}

/// Whether a text is shaped as one JSON value: it starts with `{` or `[`
/// and ends with `}` or `]`, white space aside. A page whose title starts
/// with a bracket (`[快讯] …`) ends with text.
fn looks_like_json(text: &[u8]) -> bool {
    let t = text
        .strip_prefix(crate::dump::BOM)
        .unwrap_or(text)
        .trim_ascii();
    matches!(
        (t.first(), t.last()),
        (Some(b'{'), Some(b'}')) | (Some(b'['), Some(b']'))
    )
}

/// Whether a folder's file is one JSON object that is no article: a
/// sidecar, not a news-please file. (JSON Lines and arrays keep their bad
/// records as rows: they are records of the scrape that went wrong.)
fn is_json_sidecar(text: &[u8], index: &Index) -> bool {
    index.is_json()
        && index.len() == 1
        && index.article(text, 0).is_some_and(|a| {
            a.record()
                .is_some_and(|d| d.error() == Some(&crate::json::record::RecordError::Empty))
        })
}

/// A worker's reused buffers: the raw bytes of a file, its decompressed
/// bytes and its decoded text. Fresh buffers a file cost more than
/// decoding it: the kernel zeroes every page they touch.
#[derive(Default)]
pub struct Scratch {
    raw: Vec<u8>,
    /// Bytes of `raw` read for the current file (its length is a
    /// high-water mark).
    raw_len: usize,
    decompressed: Vec<u8>,
    decoded: String,
}

impl Scratch {
    /// Lets go of a buffer grown big by a big file.
    pub fn shrink(&mut self) {
        const KEEP: usize = 4 << 20;
        if self.raw.capacity() > KEEP {
            self.raw = Vec::new();
            self.raw_len = 0;
        }
        if self.decompressed.capacity() > KEEP {
            self.decompressed = Vec::new();
        }
        if self.decoded.capacity() > KEEP {
            self.decoded = String::new();
        }
    }
}

/// One PATH-level read: what a worker makes of one candidate.
/// One PATH-level read: the document, what `visit` made of it, and
/// whether it came from the cache (copied out of it already).
type Outcome<R> = Result<(Arc<Document>, R, bool), String>;

/// Whether a file's text stays in memory (or mapped), or is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A file named alone on the command line: mapped, as always.
    Held,
    /// One of many: only big texts are held.
    IfBig,
}

/// Reads one file into a document. `visit` sees its text while it is in
/// memory (a search or a census in the same pass). Errors are short
/// reasons: the caller decides whether they skip the file or end the run.
fn load_file<R>(
    c: &Candidate,
    keep: Keep,
    opts: &LoadOptions,
    parsed: Option<&AtomicU64>,
    scratch: &mut Scratch,
    visit: &(dyn Fn(&Document, &[u8]) -> R + Sync),
) -> Outcome<R> {
    let (path, prov_root, rel) = (c.path.as_path(), c.root as u32, c.rel.as_str());
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound if keep == Keep::IfBig => "vanished while walking".to_string(),
        _ => reason(&e),
    })?;
    let meta = file.metadata().map_err(|e| reason(&e))?;
    if meta.is_dir() {
        return Err("it is a directory".into());
    }
    let size = meta.len();
    if size == 0 && meta.is_file() && keep == Keep::IfBig {
        return Err(EMPTY.into());
    }
    let mut prov = Provenance {
        root: prov_root,
        rel: rel.into(),
        size,
        mtime: super::cache::Stamp::of(&meta).mtime,
        compression: Compression::None,
        encoding: encoding_rs::UTF_8,
        replacements: 0,
        problem: None,
        raw_rel: raw_rel(path, rel),
    };
    let Scratch {
        raw: raw_buf,
        raw_len,
        decompressed: decompressed_buf,
        decoded: decoded_buf,
    } = scratch;
    // The raw bytes: mapped when big or named alone, else read.
    let map = if meta.is_file() && size > 0 && (keep == Keep::Held || size >= MAP_MIN) {
        // SAFETY: read-only map; a truncation under us is caught by the
        // guard (pages of zeros and a flag), never a SIGBUS death.
        let m = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| reason(&e))?;
        Some(Arc::new(Bytes::Mapped(GuardedMap::new(m))))
    } else {
        *raw_len = read_all(&mut file, size, meta.is_file(), raw_buf).map_err(|e| reason(&e))?;
        None
    };
    drop(file);
    let raw: &[u8] = map.as_ref().map_or(&raw_buf[..*raw_len], |m| &m[..]);
    prov.compression = decode::sniff(raw);
    let decompressed = match prov.compression {
        Compression::None => None,
        c => {
            // A small archive goes to the heap; a big one streams into a
            // spool file, and so does a small one that expands past a
            // point (zstd packs 1 GiB of one byte in 33 KB): a text never
            // sits whole on the heap, and offsets still point into text.
            let heap = ((raw.len() as u64) < SPOOL_ARCHIVES_FROM)
                .then(|| decode::decompress_into(raw, c, HEAP_DECOMPRESS_LIMIT, decompressed_buf))
                .filter(|_| (decompressed_buf.len() as u64) < HEAP_DECOMPRESS_LIMIT);
            let (text, problem) = match heap {
                Some(problem) => (Decompressed::Heap(decompressed_buf), problem),
                None => {
                    let (bytes, problem) = spool_decompressed(raw, c).map_err(|e| reason(&e))?;
                    (Decompressed::Spooled(Arc::new(bytes)), problem)
                }
            };
            prov.problem = problem.map(Into::into);
            Some(text)
        }
    };
    let plain: &[u8] = decompressed.as_ref().map_or(raw, |d| d.bytes());
    // A big file is checked for UTF-8 on one core while it is parsed on
    // another: it nearly always is UTF-8, and the check costs as much as
    // the parse.
    let json_utf8 = if opts.encoding.is_none() {
        utf8_json(plain)
    } else {
        None
    };
    let (decoded, early) = if let Some(invalid) = json_utf8 {
        // JSON is UTF-8 (RFC 8259), and each record is checked as it is
        // decoded: a string that is not UTF-8 makes its record a bad one.
        // So a JSON file is checked only as far as its first MiB, which
        // tells a GBK one apart, and the whole check (a third of a
        // search that misses) is saved.
        let utf8 = decode::DecodedInto {
            text: false,
            encoding: encoding_rs::UTF_8,
            replacements: invalid,
        };
        (utf8, Some(Index::parse_with_progress(plain, parsed)))
    } else if plain.len() >= PARALLEL_CHECK && opts.encoding.is_none() {
        std::thread::scope(|s| {
            let check = s.spawn(|| decode::decode_into(plain, None, decoded_buf));
            let index = Index::parse_with_progress(plain, parsed);
            let decoded = check
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (decoded, Some(index))
        })
    } else {
        (decode::decode_into(plain, opts.encoding, decoded_buf), None)
    };
    prov.encoding = decoded.encoding;
    prov.replacements = decoded.replacements;
    let text: &[u8] = if decoded.text {
        decoded_buf.as_bytes()
    } else {
        plain
    };
    if is_binary(text, opts) {
        return Err(BINARY.into());
    }
    let index = match early {
        Some(index) if !decoded.text => index,
        _ => Index::parse_with_progress(text, parsed),
    };
    // In a folder, a file that looks like JSON but holds no records (an
    // array of links, a sidecar) is no page either.
    if keep == Keep::IfBig
        && (is_json_sidecar(text, &index) || (!index.is_json() && looks_like_json(text)))
    {
        return Err(JSON.into());
    }
    if prov.problem.is_none() {
        prov.problem = index.problem().map(Into::into);
    }
    if index.is_empty() && keep == Keep::IfBig {
        // A cut archive that gave nothing says why, not just "empty".
        return Err(prov.problem.map_or_else(|| EMPTY.into(), Into::into));
    }
    let transformed = decompressed.is_some() || decoded.text;
    // A pipe or a device cannot be read again: its text stays.
    let hold = keep == Keep::Held || !meta.is_file();
    let stored = if !transformed {
        match &map {
            Some(m) => Text::Held(Arc::clone(m)),
            None if hold => Text::Held(Arc::new(Bytes::Owned(raw.to_vec()))),
            None => Text::Disk,
        }
    } else if let (Some(Decompressed::Spooled(b)), false) = (&decompressed, decoded.text) {
        Text::Held(Arc::clone(b))
    } else if text.len() as u64 >= MAP_MIN {
        // Decoded once, kept in the page cache rather than the heap.
        Text::Held(Arc::new(spool(text).map_err(|e| reason(&e))?))
    } else if hold {
        Text::Held(Arc::new(Bytes::Owned(text.to_vec())))
    } else {
        Text::Disk
    };
    let doc = Document {
        prov,
        index,
        text: stored,
    };
    let r = visit(&doc, text);
    Ok((Arc::new(doc), r, false))
}

/// The bytes of `rel` as they are on disk, when `path` is not UTF-8 (so
/// `rel`, made for showing, would not open it): the last components of
/// `path`, as many as `rel` has.
fn raw_rel(path: &Path, rel: &str) -> Option<Box<[u8]>> {
    use std::os::unix::ffi::OsStrExt;
    if path.to_str().is_some() {
        return None;
    }
    let n = rel.split('/').filter(|c| !c.is_empty()).count().max(1);
    let parts: Vec<&std::ffi::OsStr> = path.iter().collect();
    let tail: PathBuf = parts[parts.len().saturating_sub(n)..].iter().collect();
    let whole = if rel.starts_with('/') {
        path.as_os_str()
    } else {
        tail.as_os_str()
    };
    Some(whole.as_bytes().into())
}

/// mimalloc's option numbers (`mi_option_t`, the same in its v2 and v3;
/// the Rust bindings do not name these two). A test checks them against
/// their defaults in v3, the version built.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Gives the heap that reading freed back to the system: the workers'
/// buffers, decompressed and decoded texts, paths of the walk. Allocators
/// keep freed memory for reuse (glibc in per-thread arenas, mimalloc, the
/// binary's allocator, in its segments), which would stay in the reader's
/// resident size for as long as it runs.
pub fn release_freed_memory() {
    // SAFETY: mi_collect only frees what mimalloc holds unused; with
    // another global allocator it has nothing to free.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Makes mimalloc, the binary's allocator, give memory back as soon as it
/// is freed and commit arena memory only when used: for a process that
/// stays (the reader), whose resident size after a folder's load is a
/// target. Measured on a 100,000-file folder: 100 MiB with mimalloc's
/// defaults, about 85 with these, at the cost of a slower load (which is
/// why the subcommands, which exit, keep the defaults).
pub fn tune_allocator_for_a_long_run() {
    // SAFETY: setting options is allowed at any time; with another global
    // allocator mimalloc is unused and the options change nothing.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

/// Reads a file of about `size` bytes whole into `buf`, whose length is
/// kept as a high-water mark (growing zeroes only the new part; shrinking
/// and growing again per file would zero every file's size). Returns the
/// bytes read. `read_to_end` would also ask the file system for the size
/// again: a `statx` a file.
fn read_all(
    file: &mut std::fs::File,
    size: u64,
    regular: bool,
    buf: &mut Vec<u8>,
) -> io::Result<usize> {
    // One byte more than expected, to see the end in one read.
    let want = size as usize + 1;
    if buf.len() < want {
        buf.resize(want, 0);
    }
    let mut len = 0;
    loop {
        if len == buf.len() {
            // It grew since it was looked at.
            buf.resize(buf.len() * 2 + 4096, 0);
        }
        let room = buf.len() - len;
        match file.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => {
                len += n;
                // A regular file gives all it has: a short read is its
                // end, and asking again would cost a system call a file.
                // (A pipe gives what has arrived.)
                if regular && n < room {
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(len)
}

/// A compressed file's text: on the heap, or spooled and mapped.
enum Decompressed<'s> {
    Heap(&'s [u8]),
    Spooled(Arc<Bytes>),
}

impl Decompressed<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Decompressed::Heap(v) => v,
            Decompressed::Spooled(b) => b,
        }
    }
}

/// Most a small archive is decompressed into on the heap.
const HEAP_DECOMPRESS_LIMIT: u64 = 64 << 20;

/// Archives at least this big (compressed) are decompressed into a spool
/// file rather than onto the heap.
const SPOOL_ARCHIVES_FROM: u64 = 1 << 20;

/// Decompresses `raw` straight into an unlinked temporary file, mapped;
/// with what went wrong, if anything (what decompressed is kept).
fn spool_decompressed(raw: &[u8], c: Compression) -> io::Result<(Bytes, Option<String>)> {
    let mut file = unlinked_temp()?;
    let (len, problem) = {
        let mut w = io::BufWriter::with_capacity(1 << 20, &mut file);
        let out = decode::decompress_to(raw, c, &mut w, DECOMPRESS_LIMIT)?;
        w.flush()?;
        out
    };
    if len == 0 {
        return Ok((Bytes::Owned(Vec::new()), problem));
    }
    // SAFETY: read-only, guarded map of a file only we hold.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok((Bytes::Mapped(GuardedMap::new(map)), problem))
}

/// A new temporary file, unlinked at once: nothing is left behind,
/// however we end.
pub(crate) fn unlinked_temp() -> io::Result<std::fs::File> {
    let path = std::env::temp_dir().join(format!(
        "newsdump-text-{}-{}",
        std::process::id(),
        SPOOLED.fetch_add(1, Ordering::Relaxed)
    ));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(file)
}

/// Writes `text` to an unlinked temporary file and maps it.
fn spool(text: &[u8]) -> io::Result<Bytes> {
    let mut file = unlinked_temp()?;
    file.write_all(text)?;
    // SAFETY: read-only, guarded map of a file only we hold.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(Bytes::Mapped(GuardedMap::new(map)))
}

static SPOOLED: AtomicU64 = AtomicU64::new(0);

/// Reads a document's text again, as it was read when indexed: the file
/// read whole, decompressed, decoded with the encoding found then. The
/// text is in one of `scratch`'s buffers. `None` when the file cannot be
/// read any more.
pub(crate) fn read_text<'s>(
    path: &Path,
    prov: &Provenance,
    scratch: &'s mut Scratch,
) -> Option<&'s [u8]> {
    let mut file = std::fs::File::open(path).ok()?;
    // Offsets are the indexed file's: a file changed since would show its
    // new text cut at old places. (Follow mode reads it again.)
    let now = super::cache::Stamp::of(&file.metadata().ok()?);
    if now.size != prov.size || now.mtime != prov.mtime {
        return None;
    }
    let n = read_all(&mut file, prov.size, true, &mut scratch.raw).ok()?;
    let mut text: &[u8] = &scratch.raw[..n];
    if prov.compression != Compression::None {
        decode::decompress_into(
            text,
            prov.compression,
            DECOMPRESS_LIMIT,
            &mut scratch.decompressed,
        );
        text = &scratch.decompressed;
    }
    if prov.encoding == encoding_rs::UTF_8 {
        return Some(text);
    }
    if decode::decode_into(text, Some(prov.encoding), &mut scratch.decoded).text {
        Some(scratch.decoded.as_bytes())
    } else {
        Some(text)
    }
}

/// Reads `candidates` on every core, calling `deliver` for each in order
/// with the document or the reason it was not read. Stops early when
/// `cancel` is set.
#[allow(clippy::too_many_arguments)]
pub fn load_candidates<R: Send>(
    candidates: &[Candidate],
    keep_named: bool,
    cache: Option<&IndexCache>,
    opts: &LoadOptions,
    progress: &Progress,
    cancel: &AtomicBool,
    visit: &(dyn Fn(&Document, &[u8]) -> R + Sync),
    mut deliver: impl FnMut(usize, Outcome<R>),
) {
    /// Candidates a worker takes at once: few enough that the reorder
    /// buffer stays small and the list grows smoothly, enough that the
    /// deliverer is not woken for every file.
    const CHUNK: usize = 32;
    super::par::ordered(
        candidates.len(),
        CHUNK,
        cancel,
        &|i, scratch| {
            let c = &candidates[i];
            let keep = if c.named && keep_named {
                Keep::Held
            } else {
                Keep::IfBig
            };
            let cached = cache.filter(|_| keep == Keep::IfBig).and_then(|cache| {
                let meta = std::fs::metadata(&c.path).ok().filter(|m| m.is_file())?;
                cache.get(c.root as u32, &c.rel, super::cache::Stamp::of(&meta))
            });
            let out = match cached {
                Some(doc) => {
                    progress.cached.fetch_add(1, Ordering::Relaxed);
                    // The loads that use the cache need no text.
                    let r = visit(&doc, &[]);
                    // A copy, made here on all cores, out of the cache's
                    // heap: the cache's whole heap goes when it does.
                    Ok((Arc::new((*doc).clone()), r, true))
                }
                // A file named alone reports its parse as it goes (the
                // reader's percentage); folders count whole files.
                None => load_file(
                    c,
                    keep,
                    opts,
                    (keep == Keep::Held).then_some(&progress.parsed),
                    scratch,
                    visit,
                ),
            };
            if let Ok((d, _, _)) = &out {
                progress.bytes.fetch_add(d.prov.size, Ordering::Relaxed);
                progress
                    .articles
                    .fetch_add(d.index.len() as u64, Ordering::Relaxed);
            }
            progress.files_done.fetch_add(1, Ordering::Relaxed);
            out
        },
        &mut deliver,
    );
}

/// What a load read: the corpus and, per document, what `visit` returned.
pub struct Loaded<R> {
    /// The documents.
    pub corpus: Corpus,
    /// `visit`'s result for each document, in order.
    pub visits: Vec<R>,
}

/// The name a set of PATHs goes by in messages and the status bar.
pub fn corpus_name(paths: &[PathBuf]) -> String {
    match paths {
        [] => crate::SAMPLE_NAME.into(),
        [p] if p == Path::new("-") => "standard input".into(),
        [p] => display_name(p),
        [p, rest @ ..] => format!("{} and {} more", display_name(p), rest.len()),
    }
}

/// The files PATHs name, in order, and what the walk skipped.
pub struct Plan {
    paths: Vec<PathBuf>,
    candidates: Vec<Candidate>,
    /// Whether a single file was named alone (mapped, errors are errors).
    alone: bool,
    skipped: Vec<Skipped>,
}

impl Plan {
    /// Walks `paths`. Fails only on a PATH that does not exist.
    pub fn new(
        paths: &[PathBuf],
        opts: &LoadOptions,
        progress: &Progress,
    ) -> Result<Plan, OpenError> {
        let (candidates, walk_skips) = walk::walk(paths, &opts.walk).map_err(|e| {
            OpenError(format!(
                "cannot read {}: {}",
                display_name(&e.path),
                e.reason.as_str()
            ))
        })?;
        let alone = paths.len() == 1 && candidates.len() == 1 && candidates[0].named;
        let skipped: Vec<Skipped> = walk_skips
            .into_iter()
            .map(|s| Skipped {
                path: s.path,
                // A reason can quote a file's contents (a bad line of an
                // ignore file): one line, no controls.
                reason: crate::text::sanitize(&s.reason.as_str().replace('\n', "; ")).into_owned(),
            })
            .collect();
        progress
            .files_total
            .store((candidates.len() + skipped.len()) as u64, Ordering::Relaxed);
        progress
            .files_done
            .store(skipped.len() as u64, Ordering::Relaxed);
        Ok(Plan {
            paths: paths.to_vec(),
            candidates,
            alone,
            skipped,
        })
    }

    /// The files to read.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// Whether one file was named alone.
    pub fn is_alone(&self) -> bool {
        self.alone
    }

    /// What the walk skipped.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }
}

/// Gathers documents as they are read, in order, into a corpus.
pub struct Collector<R> {
    plan: Plan,
    docs: Vec<Arc<Document>>,
    visits: Vec<R>,
    skipped: Vec<Skipped>,
    fatal: Option<String>,
    /// Candidates taken so far.
    done: usize,
    /// The cache of this set of PATHs, when used.
    cache: Option<IndexCache>,
    /// Documents handed over by `drain_read`, and their articles.
    drained: usize,
    drained_ordinals: usize,
}

impl<R: Send> Collector<R> {
    /// An empty collection for `plan`.
    pub fn new(plan: Plan) -> Collector<R> {
        let skipped = plan.skipped.clone();
        Collector {
            docs: Vec::with_capacity(plan.candidates.len()),
            visits: Vec::new(),
            skipped,
            fatal: None,
            done: 0,
            cache: None,
            drained: 0,
            drained_ordinals: 0,
            plan,
        }
    }

    /// Candidates not read yet.
    pub fn remaining(&self) -> usize {
        self.plan.candidates.len() - self.done
    }

    /// Reads the next `n` candidates (all cores), standard input in place.
    pub fn read(
        &mut self,
        n: usize,
        opts: &LoadOptions,
        progress: &Progress,
        cancel: &AtomicBool,
        visit: &(dyn Fn(&Document, &[u8]) -> R + Sync),
        mut each: impl FnMut(&mut Self),
    ) {
        let end = self.done.saturating_add(n).min(self.plan.candidates.len());
        let mut at = self.done;
        // Not for a first screenful of files: the first screen does not
        // wait for the cache to be read.
        const CACHE_FROM: usize = 256;
        if opts.use_cache && !self.plan.alone && self.cache.is_none() && n >= CACHE_FROM {
            self.cache = Some(IndexCache::open(&self.plan.paths, opts));
        }
        while at < end {
            // Runs of files between standard inputs.
            let stop = (at..end)
                .find(|&i| self.plan.candidates[i].path == Path::new("-"))
                .unwrap_or(end);
            // The candidates are lent out while they are read, so that
            // each result can be taken as it comes.
            let candidates = std::mem::take(&mut self.plan.candidates);
            if stop > at {
                let alone = self.plan.alone;
                let cache = self.cache.take();
                load_candidates(
                    &candidates[at..stop],
                    alone,
                    cache.as_ref(),
                    opts,
                    progress,
                    cancel,
                    visit,
                    |i, out| {
                        self.take(&candidates[at + i], out);
                        each(self);
                    },
                );
                self.cache = cache;
            }
            if stop < end {
                let c = &candidates[stop];
                let out = read_stdin().and_then(|buf| document_from_bytes(c, buf, opts, visit));
                progress.files_done.fetch_add(1, Ordering::Relaxed);
                self.take(c, out);
                each(self);
            }
            self.plan.candidates = candidates;
            at = stop + 1;
            if cancel.load(Ordering::Relaxed) {
                break;
            }
        }
        self.done = end;
    }

    fn take(&mut self, c: &Candidate, out: Outcome<R>) {
        match out {
            Ok((mut d, r, cached)) => {
                if !cached && let Some(doc) = Arc::get_mut(&mut d) {
                    doc.rehome();
                }
                self.docs.push(d);
                self.visits.push(r);
            }
            Err(why) if self.plan.alone => self.fatal = Some(why),
            Err(why) => self.skipped.push(Skipped {
                path: c.path.clone(),
                reason: why,
            }),
        }
    }

    /// Files found: read so far, skipped, and still to read.
    pub fn files(&self) -> usize {
        self.plan.candidates.len() + self.plan.skipped.len()
    }

    /// Hands over the documents read since the last call, in order, each
    /// with its index in the corpus, the ordinal of its first article and
    /// what `visit` made of it (left behind as `R::default()`): for output
    /// that streams while the rest is read.
    pub fn drain_read(&mut self, mut f: impl FnMut(usize, usize, &Document, R))
    where
        R: Default,
    {
        while self.drained < self.docs.len() {
            let d = self.drained;
            let r = std::mem::take(&mut self.visits[d]);
            f(d, self.drained_ordinals, &self.docs[d], r);
            self.drained_ordinals += self.docs[d].index.len();
            self.drained += 1;
        }
    }

    /// The corpus of the documents read so far.
    pub fn snapshot(&self, opts: &LoadOptions) -> Corpus {
        let mut corpus = Corpus::new(
            corpus_name(&self.plan.paths),
            self.plan.paths.clone(),
            self.docs.clone(),
        );
        let mut skipped = self.skipped.clone();
        skipped.sort_by(|a, b| {
            walk::natural_cmp(&a.path.to_string_lossy(), &b.path.to_string_lossy())
        });
        corpus.set_skipped(skipped);
        corpus.origin = super::Origin::Paths {
            paths: self.plan.paths.clone(),
            opts: Box::new(opts.clone()),
        };
        corpus
    }

    /// The corpus once every file is read: an error when a file named
    /// alone could not be read, or when nothing could.
    pub fn finish(self, opts: &LoadOptions) -> Result<Loaded<R>, OpenError> {
        if let Some(why) = &self.fatal {
            let name = display_name(&self.plan.candidates[0].path);
            return Err(OpenError(if why == BINARY {
                format!(
                    "{name}: looks like a binary file (NUL bytes in its first 64 KB); --binary reads it anyway"
                )
            } else {
                format!("cannot read {name}: {why}")
            }));
        }
        if self.docs.is_empty() {
            let files = self.files();
            return Err(OpenError(format!(
                "nothing to read in {}: {}",
                corpus_name(&self.plan.paths),
                skip_summary(&self.skipped, files).unwrap_or_else(|| "no files".into())
            )));
        }
        let mut corpus = self.snapshot(opts);
        if let Some(cache) = &self.cache {
            // Saved when something was read that the cache did not have;
            // a cache that cannot be written only costs the next open.
            let fresh = self.docs.iter().any(|d| !cache.holds(d));
            if fresh || cache.len() != self.docs.len() {
                let _ = cache.save(&self.docs);
            }
        }
        if self.plan.alone {
            // One file named alone reads again by its path, as always.
            corpus.origin =
                super::Origin::File(self.plan.candidates[0].path.clone(), Box::new(opts.clone()));
        }
        Ok(Loaded {
            corpus,
            visits: self.visits,
        })
    }
}

/// [`load`], handing each document to `each` as soon as it and the ones
/// before it are read (document index, first ordinal, document, what
/// `visit` made of it), so output can stream in order with the memory of a
/// few chunks of files. `files` gets the number of files found first.
pub fn load_streaming<R: Send + Default>(
    paths: &[PathBuf],
    opts: &LoadOptions,
    progress: &Progress,
    cancel: &AtomicBool,
    visit: &(dyn Fn(&Document, &[u8]) -> R + Sync),
    files: impl FnOnce(usize),
    mut each: impl FnMut(usize, usize, &Document, R),
) -> Result<Loaded<R>, OpenError> {
    let plan = Plan::new(paths, opts, progress)?;
    let mut c = Collector::new(plan);
    files(c.files());
    c.read(usize::MAX, opts, progress, cancel, visit, |c| {
        c.drain_read(&mut each)
    });
    c.drain_read(&mut each);
    c.finish(opts)
}

/// Reads `paths` (files, folders, `-`) into a corpus. A single file named
/// alone behaves as before folders: it is mapped, and a file that cannot be
/// read is an error. Otherwise unreadable, binary and empty files are
/// skipped and listed in the corpus; the load fails only when nothing was
/// read.
pub fn load<R: Send>(
    paths: &[PathBuf],
    opts: &LoadOptions,
    progress: &Progress,
    visit: &(dyn Fn(&Document, &[u8]) -> R + Sync),
) -> Result<Loaded<R>, OpenError> {
    let never = AtomicBool::new(false);
    load_planned(
        Plan::new(paths, opts, progress)?,
        opts,
        progress,
        &never,
        visit,
    )
}

/// Reads every file of `plan` (see [`load`]).
pub fn load_planned<R: Send>(
    plan: Plan,
    opts: &LoadOptions,
    progress: &Progress,
    cancel: &AtomicBool,
    visit: &(dyn Fn(&Document, &[u8]) -> R + Sync),
) -> Result<Loaded<R>, OpenError> {
    let mut c = Collector::new(plan);
    c.read(usize::MAX, opts, progress, cancel, visit, |_| {});
    c.finish(opts)
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut buf)
        .map_err(|e| reason(&e))?;
    Ok(buf)
}

/// A document from bytes already read (standard input).
fn document_from_bytes<R>(
    c: &Candidate,
    buf: Vec<u8>,
    opts: &LoadOptions,
    visit: &(dyn Fn(&Document, &[u8]) -> R + Sync),
) -> Outcome<R> {
    let mut prov = Provenance::fixed(&c.rel);
    prov.root = c.root as u32;
    let doc = decoded_document(prov, buf, opts)?;
    let r = match doc.held_bytes() {
        Some(b) => visit(&doc, b),
        None => visit(&doc, &[]),
    };
    Ok((Arc::new(doc), r, false))
}

/// A document held in memory from bytes read whole (a stream): as a file
/// would be, decompressed and decoded, its text kept.
pub(crate) fn decoded_document(
    mut prov: Provenance,
    buf: Vec<u8>,
    opts: &LoadOptions,
) -> Result<Document, String> {
    prov.size = buf.len() as u64;
    prov.compression = decode::sniff(&buf);
    let plain = match prov.compression {
        Compression::None => buf,
        c => {
            let (v, problem) = decode::decompress(&buf, c, DECOMPRESS_LIMIT);
            prov.problem = problem.map(Into::into);
            v
        }
    };
    let decoded = decode::decode(&plain, opts.encoding);
    prov.encoding = decoded.encoding;
    prov.replacements = decoded.replacements;
    let text = decoded.text.unwrap_or(plain);
    if is_binary(&text, opts) {
        return Err(BINARY.into());
    }
    let index = Index::parse(&text);
    Ok(Document::held(prov, index, Arc::new(Bytes::Owned(text))))
}

/// One line on what was skipped: `skipped 3 of 100,004 files: 2 binary, 1
/// permission denied`; `None` when nothing was.
pub fn skip_summary(skipped: &[Skipped], files: usize) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let mut by: Vec<(&str, usize)> = Vec::new();
    for s in skipped {
        match by.iter_mut().find(|(r, _)| *r == s.reason) {
            Some((_, n)) => *n += 1,
            None => by.push((&s.reason, 1)),
        }
    }
    by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = by
        .iter()
        .map(|(r, n)| format!("{} {}", thousands(*n as u64), r))
        .collect();
    Some(format!(
        "skipped {} of {} file{}: {}",
        thousands(skipped.len() as u64),
        thousands(files as u64),
        if files == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}

/// `100004` as `100,004`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mimalloc_option_numbers_name_the_options_meant() {
        // Their documented defaults (nothing in the tests tunes them).
        // SAFETY: reading options.
        let (eager, purge) = unsafe {
            (
                libmimalloc_sys::mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY),
            )
        };
        // mimalloc v3 (what the mimalloc crate builds) waits 1 s to purge.
        assert_eq!((eager, purge), (2, 1000));
    }

    #[test]
    fn json_sidecars_are_told_from_articles() {
        let is_sidecar = |t: &[u8]| is_json_sidecar(t, &Index::parse(t));
        assert!(is_sidecar(
            b"{\"url\": \"https://example.com\", \"status\": 200}\n"
        ));
        assert!(!is_sidecar(b"{\"title\": \"t\", \"text\": \"b\"}\n"));
        assert!(!is_sidecar(b"[1, 2]\r\n"));
        assert!(!is_sidecar("头条\n{正文}\n".as_bytes()));
        assert!(!is_sidecar(b"{ an opening brace, no closing one"));
        assert!(!is_sidecar(b""));
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(100_004), "100,004");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_summary_counts_reasons_most_first() {
        let s = |r: &str| Skipped {
            path: "x".into(),
            reason: r.into(),
        };
        assert_eq!(skip_summary(&[], 10), None);
        assert_eq!(
            skip_summary(&[s("binary"), s("permission denied"), s("binary")], 100_004).unwrap(),
            "skipped 3 of 100,004 files: 2 binary, 1 permission denied"
        );
    }
}
