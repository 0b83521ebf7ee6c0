//! A cache of a folder's indexes, so that a scrape opened again shows its
//! articles without reading its files: each file's provenance and index,
//! kept under the XDG cache directory, one cache file per set of PATHs and
//! reading options.
//!
//! A file's cached index is used only while the file still has the size
//! and modification time (to the nanosecond) it had when indexed. The cache
//! file carries a checksum of its content, and every index read back is
//! checked (spans partition the file, parts lie inside their span): a
//! damaged or foreign cache is rebuilt, never believed. It is written to a
//! temporary file and renamed into place, so a kill at any moment leaves
//! the old cache or the new one.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::corpus::{Document, Provenance, Text};
use super::decode::Compression;
use super::load::LoadOptions;
use crate::dump::{Entry, Index};

/// What starts every cache file; the number changes with the format.
const MAGIC: &[u8; 8] = b"NDIDX\x00\x00\x02";

/// A file's identity for the cache: unchanged size and modification time
/// mean an unchanged file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Bytes on disk.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i64,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            size: meta.len(),
            mtime: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
        }
    }
}

/// The cached documents of one set of PATHs, by a hash of (root, relative
/// path); the document itself says which file it is.
#[derive(Default)]
pub struct IndexCache {
    path: Option<PathBuf>,
    key: String,
    docs: Docs,
}

/// Documents by [`doc_key`]: looked up without building a key string.
type Docs = HashMap<u64, Arc<Document>, foldhash::fast::RandomState>;

/// Where `(root, rel)` is filed in [`Docs`].
fn doc_key(root: u32, rel: &str) -> u64 {
    let mut h = foldhash::quality::FixedState::with_seed(0x5e1f).build_hasher();
    h.write_u32(root);
    h.write(rel.as_bytes());
    h.finish()
}

impl std::fmt::Debug for IndexCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexCache")
            .field("path", &self.path)
            .field("documents", &self.docs.len())
            .finish()
    }
}

/// The cache directory: `$XDG_CACHE_HOME/newsdump`, else
/// `~/.cache/newsdump`.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("newsdump"))
}

/// What names a cache: the PATHs, absolute, and every option that changes
/// what is read.
fn cache_key(paths: &[PathBuf], opts: &LoadOptions) -> String {
    // Another version may parse otherwise: its cache is not ours.
    let mut key = format!("newsdump {}\0", env!("CARGO_PKG_VERSION"));
    for p in paths {
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        key.push_str(&abs.to_string_lossy());
        key.push('\0');
    }
    let w = &opts.walk;
    key.push_str(&format!(
        "hidden={} no_ignore={} follow={} globs={:?} encoding={:?} binary={}",
        w.hidden,
        w.no_ignore,
        w.follow_links,
        w.globs,
        opts.encoding.map(|e| e.name()),
        opts.binary
    ));
    key
}

/// A hash that stays the same from run to run (the cache outlives the
/// process).
fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h = foldhash::quality::FixedState::with_seed(0x6e65_7773_6475_6d70).build_hasher();
    h.write(bytes);
    h.finish()
}

impl IndexCache {
    /// The cache for `paths` read with `opts`, as found on disk (empty when
    /// there is none, or it is damaged or another version's).
    pub fn open(paths: &[PathBuf], opts: &LoadOptions) -> IndexCache {
        let key = cache_key(paths, opts);
        let Some(dir) = cache_dir() else {
            return IndexCache::default();
        };
        let path = dir.join(format!("{:016x}.idx", stable_hash(key.as_bytes())));
        let docs = std::fs::read(&path)
            .ok()
            .and_then(|bytes| parse(&bytes, &key))
            .unwrap_or_default();
        IndexCache {
            path: Some(path),
            key,
            docs,
        }
    }

    /// Documents in the cache.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The cached document of `(root, rel)`, if the file still has `stamp`.
    fn entry(&self, root: u32, rel: &str, stamp: Stamp) -> Option<&Arc<Document>> {
        let d = self.docs.get(&doc_key(root, rel))?;
        let p = &d.prov;
        (p.root == root && &*p.rel == rel && p.size == stamp.size && p.mtime == stamp.mtime)
            .then_some(d)
    }

    /// The cached document of `(root, rel)`, if the file still has `stamp`.
    /// Its text is read from disk when asked for, as any folder file's; a
    /// big text is mapped or spooled when read, so from the cache it would
    /// be read whole onto the heap at each look: a big file is read anew.
    pub fn get(&self, root: u32, rel: &str, stamp: Stamp) -> Option<Arc<Document>> {
        self.entry(root, rel, stamp)
            .filter(|d| d.index.input_len() < super::load::MAP_MIN)
            .map(Arc::clone)
    }

    /// Whether `d` is in the cache as it is (same file, same stamp).
    pub fn holds(&self, d: &Document) -> bool {
        let stamp = Stamp {
            size: d.prov.size,
            mtime: d.prov.mtime,
        };
        self.entry(d.prov.root, &d.prov.rel, stamp).is_some()
    }

    /// Writes `docs` as the new cache: to a temporary file beside it, then
    /// renamed over it. Documents whose text is held (big or named files)
    /// are cached too: their index is what the cache saves.
    pub fn save(&self, docs: &[Arc<Document>]) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut out = Vec::with_capacity(64 + docs.len() * 128);
        out.extend_from_slice(MAGIC);
        put_bytes(&mut out, self.key.as_bytes());
        out.extend_from_slice(&(docs.len() as u64).to_le_bytes());
        for d in docs {
            write_doc(&mut out, d);
        }
        let sum = stable_hash(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        // A reader killed while saving left its temporary file: clear
        // those of this cache (a save running now at worst loses its own).
        if let Ok(entries) = std::fs::read_dir(dir) {
            let prefix = format!(".{name}.");
            for e in entries.flatten() {
                let n = e.file_name();
                let n = n.to_string_lossy();
                if n.starts_with(&prefix) && n.ends_with(".tmp") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        super::write_atomically(path, |f| f.write_all(&out))
    }
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}

fn write_doc(out: &mut Vec<u8>, d: &Document) {
    let p = &d.prov;
    out.extend_from_slice(&p.root.to_le_bytes());
    put_bytes(out, p.rel.as_bytes());
    out.extend_from_slice(&p.size.to_le_bytes());
    out.extend_from_slice(&p.mtime.to_le_bytes());
    out.push(match p.compression {
        Compression::None => 0,
        Compression::Gzip => 1,
        Compression::Zstd => 2,
    });
    put_bytes(out, p.encoding.name().as_bytes());
    out.extend_from_slice(&p.replacements.to_le_bytes());
    put_bytes(out, p.problem.as_deref().unwrap_or("").as_bytes());
    match &p.raw_rel {
        Some(raw) => {
            out.push(1);
            put_bytes(out, raw);
        }
        None => out.push(0),
    }
    let ix = &d.index;
    out.push(ix.counter_width() as u8);
    out.push(u8::from(ix.has_bom()));
    out.extend_from_slice(&ix.input_len().to_le_bytes());
    out.extend_from_slice(&ix.lines().to_le_bytes());
    out.extend_from_slice(&(ix.len() as u64).to_le_bytes());
    for e in ix.entries() {
        e.write_to(out);
    }
}

/// Reads fields off a cache file, failing on any short read.
struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.b.len() < n {
            return None;
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)?.try_into().ok().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)?.try_into().ok().map(u64::from_le_bytes)
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

/// A cache file's documents, if it is whole, ours, and for `key`.
fn parse(bytes: &[u8], key: &str) -> Option<Docs> {
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if u64::from_le_bytes(sum.try_into().ok()?) != stable_hash(body) {
        return None;
    }
    let mut r = Reader { b: body };
    if r.take(MAGIC.len())? != MAGIC || r.str()? != key {
        return None;
    }
    let n = r.u64()?;
    let mut docs = Docs::with_capacity_and_hasher(n.min(1 << 24) as usize, Default::default());
    for _ in 0..n {
        let root = r.u32()?;
        let rel: Box<str> = r.str()?.into();
        let size = r.u64()?;
        let mtime = r.u64()? as i64;
        let compression = match r.u8()? {
            0 => Compression::None,
            1 => Compression::Gzip,
            2 => Compression::Zstd,
            _ => return None,
        };
        let encoding = encoding_rs::Encoding::for_label(r.bytes()?)?;
        let replacements = r.u64()?;
        let problem = r.str()?;
        let raw_rel = match r.u8()? {
            0 => None,
            1 => Some(Box::<[u8]>::from(r.bytes()?)),
            _ => return None,
        };
        let counter_width = usize::from(r.u8()?);
        let bom = r.u8()? == 1;
        let input_len = r.u64()?;
        let lines = r.u64()?;
        let count = r.u64()? as usize;
        let raw = r.take(count.checked_mul(Entry::STORED_LEN)?)?;
        let entries = raw
            .chunks_exact(Entry::STORED_LEN)
            .map(Entry::read_from)
            .collect::<Option<Vec<Entry>>>()?;
        let index = Index::from_parts(entries, counter_width, bom, input_len, lines)?;
        let prov = Provenance {
            root,
            rel,
            size,
            mtime,
            compression,
            encoding,
            replacements,
            problem: (!problem.is_empty()).then(|| problem.into()),
            raw_rel,
        };
        let key = doc_key(root, &prov.rel);
        let doc = Document {
            prov,
            index,
            text: Text::Disk,
        };
        docs.entry(key).or_insert_with(|| Arc::new(doc));
    }
    r.b.is_empty().then_some(docs)
}

/// The name an encoding is cached under is encoding_rs's, which
/// `for_label` reads back; this keeps the two in step.
#[cfg(test)]
fn round_trips(e: &'static encoding_rs::Encoding) -> bool {
    encoding_rs::Encoding::for_label(e.name().as_bytes()) == Some(e)
        && !super::decode::encoding_name(e).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rel: &str, text: &str) -> Arc<Document> {
        let mut prov = Provenance::fixed(rel);
        prov.size = text.len() as u64;
        prov.mtime = 1_700_000_000_123_456_789;
        prov.encoding = encoding_rs::GBK;
        prov.compression = Compression::Gzip;
        prov.problem = Some("truncated gzip stream".into());
        Arc::new(Document {
            prov,
            index: Index::parse(text.as_bytes()),
            text: Text::Disk,
        })
    }

    fn with_cache_home<R>(f: impl FnOnce(&Path) -> R) -> R {
        // One test at a time changes the process's environment.
        static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let home = tempfile::tempdir().unwrap();
        // SAFETY: serialised by LOCK; no other test reads XDG_CACHE_HOME.
        unsafe { std::env::set_var("XDG_CACHE_HOME", home.path()) };
        let r = f(home.path());
        // SAFETY: as above.
        unsafe { std::env::remove_var("XDG_CACHE_HOME") };
        r
    }

    #[test]
    fn a_saved_cache_reads_back_and_only_for_unchanged_files() {
        with_cache_home(|_| {
            let paths = vec![PathBuf::from("/nonexistent/scrape")];
            let opts = LoadOptions::default();
            let docs = vec![
                doc("2024/1_a.txt", "头条\n正文。\n"),
                doc(
                    "2024/10_b.txt",
                    "条目\n摘要。快讯社2024-05-02 08:30:150001\n",
                ),
            ];
            IndexCache::open(&paths, &opts).save(&docs).unwrap();
            let cache = IndexCache::open(&paths, &opts);
            assert_eq!(cache.len(), 2);
            let stamp = Stamp {
                size: docs[1].prov.size,
                mtime: docs[1].prov.mtime,
            };
            let got = cache.get(0, "2024/10_b.txt", stamp).unwrap();
            assert_eq!(got.index.entries(), docs[1].index.entries());
            assert_eq!(got.prov.encoding, encoding_rs::GBK);
            assert_eq!(got.prov.compression, Compression::Gzip);
            assert_eq!(got.prov.problem.as_deref(), Some("truncated gzip stream"));
            let touched = Stamp {
                mtime: stamp.mtime + 1,
                ..stamp
            };
            assert!(cache.get(0, "2024/10_b.txt", touched).is_none());
            assert!(cache.get(0, "2024/3_c.txt", stamp).is_none());
            // Other options, another cache.
            let hidden = LoadOptions {
                walk: super::super::walk::WalkOptions {
                    hidden: true,
                    ..Default::default()
                },
                ..LoadOptions::default()
            };
            assert!(IndexCache::open(&paths, &hidden).is_empty());
        });
    }

    #[test]
    fn a_damaged_cache_is_not_believed() {
        with_cache_home(|home| {
            let paths = vec![PathBuf::from("/nonexistent/other")];
            let opts = LoadOptions::default();
            let docs = vec![doc("a.txt", "头条\n正文。\n\n二\n")];
            IndexCache::open(&paths, &opts).save(&docs).unwrap();
            let file = std::fs::read_dir(home.join("newsdump"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|x| x == "idx"))
                .unwrap();
            let good = std::fs::read(&file).unwrap();
            // Every single flipped byte and every cut is refused.
            for i in (0..good.len()).step_by(7) {
                let mut bad = good.clone();
                bad[i] ^= 0x5a;
                std::fs::write(&file, &bad).unwrap();
                assert!(IndexCache::open(&paths, &opts).is_empty(), "flip at {i}");
            }
            for cut in [0, 1, 8, good.len() / 2, good.len() - 1] {
                std::fs::write(&file, &good[..cut]).unwrap();
                assert!(IndexCache::open(&paths, &opts).is_empty(), "cut at {cut}");
            }
            std::fs::write(&file, &good).unwrap();
            assert_eq!(IndexCache::open(&paths, &opts).len(), 1);
        });
    }

    #[test]
    fn every_encoding_name_reads_back() {
        for e in [
            encoding_rs::UTF_8,
            encoding_rs::GBK,
            encoding_rs::GB18030,
            encoding_rs::BIG5,
            encoding_rs::UTF_16LE,
            encoding_rs::UTF_16BE,
            encoding_rs::SHIFT_JIS,
        ] {
            assert!(round_trips(e), "{}", e.name());
        }
    }
}
