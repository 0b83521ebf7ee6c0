//! A corpus: the documents one run reads — one file, a folder of thousands
//! of page files, standard input or the sample — each with its provenance
//! and its own [`Index`], and one numbering of their articles.
//!
//! FORMAT.md's rules (counter width, learned sources, boundaries) hold per
//! document, never across documents: each is parsed alone. An article is
//! named globally by an [`ArticleId`] (document, index in it) and, for the
//! list and the search, by its *ordinal*: its 0-based position in the
//! corpus, documents in order. One file is one document, and its ordinals
//! are its article indices, exactly as before folders existed.
//!
//! The corpus holds offsets, never text, for files read from a folder: the
//! text of a small file is read again (and decompressed, and decoded) when
//! an article of it is shown, through a small cache. Only big files are
//! mapped; see `load.rs`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use encoding_rs::Encoding;

use super::Bytes;
use super::decode::{self, Compression};
use super::load::Scratch;
use crate::dump::{Article, Index};

/// An article's global name: which document, and which article of it
/// (both 0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId {
    /// The document, in corpus order.
    pub doc: u32,
    /// The article in that document, in file order.
    pub index: u32,
}

/// Where a document came from and what was done to read it.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// Which PATH argument it was found under.
    pub root: u32,
    /// Its path relative to that root (`2024/05/01/12_ab.txt`), or the
    /// argument as given for a file named on the command line. Untrusted:
    /// sanitise before showing.
    pub rel: Box<str>,
    /// Bytes on disk (compressed, encoded).
    pub size: u64,
    /// Modification time, seconds since the epoch (0 when unknown).
    pub mtime: i64,
    /// How it was compressed.
    pub compression: Compression,
    /// The encoding its text was decoded from.
    pub encoding: &'static Encoding,
    /// Characters that could not be decoded and read as U+FFFD.
    pub replacements: u64,
    /// What went wrong while reading it, though something was kept (a
    /// truncated archive).
    pub problem: Option<Box<str>>,
    /// The relative path's own bytes when they are not UTF-8 (a GBK file
    /// name): `rel` shows it, this opens it.
    pub raw_rel: Option<Box<[u8]>>,
}

impl Provenance {
    /// A document that is not a file on disk: the sample, a buffer.
    pub fn fixed(name: &str) -> Provenance {
        Provenance {
            root: 0,
            rel: name.into(),
            size: 0,
            mtime: 0,
            compression: Compression::None,
            encoding: encoding_rs::UTF_8,
            replacements: 0,
            problem: None,
            raw_rel: None,
        }
    }

    /// The encoding's name as shown and exported: `utf-8`, `gbk`, …
    pub fn encoding_name(&self) -> &'static str {
        decode::encoding_name(self.encoding)
    }
}

/// Where a document's UTF-8 text is.
#[derive(Clone)]
pub(crate) enum Text {
    /// In memory or mapped: a named file, a big file, a spool, the sample.
    Held(Arc<Bytes>),
    /// On disk, read again (decompressed, decoded) when asked for: the
    /// small files of a folder. The path is the corpus's root joined with
    /// the provenance's `rel`.
    Disk,
}

/// One file (or stream) of the corpus, parsed.
#[derive(Clone)]
pub struct Document {
    /// Where it came from.
    pub prov: Provenance,
    /// Its articles.
    pub index: Index,
    pub(crate) text: Text,
}

impl Document {
    /// A document whose text is held: `bytes` must be what `index` was
    /// parsed from.
    pub fn held(prov: Provenance, index: Index, bytes: Arc<Bytes>) -> Document {
        Document {
            prov,
            index,
            text: Text::Held(bytes),
        }
    }

    /// Copies what the document keeps for as long as it lives (its index,
    /// its path) into fresh allocations of the calling thread. Read on a
    /// worker, those sat among the worker's passing buffers, and the
    /// allocator could give back none of the pages they shared: a folder
    /// of 100,000 files kept ~15 MiB more resident than it holds.
    pub fn rehome(&mut self) {
        self.index.rehome();
        self.prov.rel = Box::from(&*self.prov.rel);
    }

    /// The held text, if it is held (not read from disk on demand).
    pub fn held_bytes(&self) -> Option<&Arc<Bytes>> {
        match &self.text {
            Text::Held(b) => Some(b),
            Text::Disk => None,
        }
    }
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("prov", &self.prov)
            .field("articles", &self.index.len())
            .finish()
    }
}

/// The PATHs a corpus was read from, and which of them are folders (found
/// once: a name is asked for on every frame, and a `stat` each time would
/// cost a system call a row).
#[derive(Debug, Clone, Default)]
pub struct Roots {
    paths: Arc<[PathBuf]>,
    dirs: Arc<[bool]>,
}

impl Roots {
    /// The roots `paths`, looked at once.
    pub fn new(paths: Vec<PathBuf>) -> Roots {
        let dirs: Vec<bool> = paths.iter().map(|p| p.is_dir()).collect();
        Roots {
            paths: paths.into(),
            dirs: dirs.into(),
        }
    }

    /// The PATHs.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Root `i` when it is a folder.
    fn dir(&self, i: u32) -> Option<&Path> {
        let i = i as usize;
        self.dirs
            .get(i)
            .copied()
            .unwrap_or(false)
            .then(|| self.paths[i].as_path())
    }

    /// The name a document is listed under (unsanitised): its path
    /// relative to its root, after the root itself when several PATHs
    /// were given.
    pub fn listed_name(&self, prov: &Provenance) -> String {
        match self.dir(prov.root) {
            Some(root) if self.paths.len() > 1 => format!(
                "{}/{}",
                root.display().to_string().trim_end_matches('/'),
                prov.rel
            ),
            _ => prov.rel.to_string(),
        }
    }

    /// Whether a `--file`/`:file` glob takes a document: its relative path
    /// or the name it is listed under.
    pub fn file_matches(&self, glob: &globset::GlobMatcher, prov: &Provenance) -> bool {
        glob.is_match(&*prov.rel) || (self.paths.len() > 1 && glob.is_match(self.listed_name(prov)))
    }

    /// Where a document's file is: its root joined with its relative path,
    /// or the path as named.
    fn path(&self, prov: &Provenance) -> Option<PathBuf> {
        use std::os::unix::ffi::OsStrExt;
        let rel = match &prov.raw_rel {
            Some(raw) => Path::new(std::ffi::OsStr::from_bytes(raw)),
            None => Path::new(&*prov.rel),
        };
        if (prov.root as usize) >= self.paths.len() {
            return None;
        }
        Some(match self.dir(prov.root) {
            Some(root) => root.join(rel),
            None => rel.to_path_buf(),
        })
    }
}

/// A file that was not read into the corpus, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path as found (unsanitised).
    pub path: PathBuf,
    /// A short reason: `binary`, `empty`, `permission denied`, …
    pub reason: String,
}

/// A document's text: borrowed from a held buffer, or read for the asking.
pub enum DocText<'a> {
    /// Held by the document.
    Borrowed(&'a [u8]),
    /// Read from disk (shared with the cache).
    Read(Arc<Vec<u8>>),
}

impl std::ops::Deref for DocText<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            DocText::Borrowed(b) => b,
            DocText::Read(v) => v,
        }
    }
}

/// Texts read from disk lately: the rows on screen come from a few files,
/// and a frame asks for each many times.
#[derive(Default)]
struct Cache {
    entries: Vec<(u32, Arc<Vec<u8>>)>,
    bytes: usize,
}

/// Keep at most this many texts…
const CACHE_ENTRIES: usize = 64;
/// …and at most this many bytes of them.
const CACHE_BYTES: usize = 16 << 20;

impl Cache {
    fn get(&mut self, doc: u32) -> Option<Arc<Vec<u8>>> {
        let i = self.entries.iter().position(|(d, _)| *d == doc)?;
        // Most recent last.
        let e = self.entries.remove(i);
        let v = Arc::clone(&e.1);
        self.entries.push(e);
        Some(v)
    }

    fn put(&mut self, doc: u32, text: Arc<Vec<u8>>) {
        self.bytes += text.len();
        self.entries.push((doc, text));
        while (self.entries.len() > CACHE_ENTRIES || self.bytes > CACHE_BYTES)
            && self.entries.len() > 1
        {
            let (_, old) = self.entries.remove(0);
            self.bytes -= old.len();
        }
    }
}

/// The documents of one run, in order, with one numbering of their
/// articles. Cloning is cheap (documents are shared), so background jobs
/// take a snapshot while the reader goes on.
/// The JSON records decoded last, by document (its allocation), index
/// and span: what the screen shows again at every frame.
#[derive(Default)]
struct RecordCache(std::collections::VecDeque<(RecordKey, Arc<crate::json::Decoded>)>);

type RecordKey = (usize, u32, u64, u64);

impl RecordCache {
    const KEPT: usize = 256;

    fn get(&mut self, key: RecordKey) -> Option<Arc<crate::json::Decoded>> {
        let i = self.0.iter().position(|(k, _)| *k == key)?;
        let hit = self.0.remove(i)?;
        let d = Arc::clone(&hit.1);
        self.0.push_back(hit);
        Some(d)
    }

    fn put(&mut self, key: RecordKey, d: Arc<crate::json::Decoded>) {
        if self.0.len() >= Self::KEPT {
            self.0.pop_front();
        }
        self.0.push_back((key, d));
    }
}

#[derive(Clone)]
pub struct Corpus {
    /// How to name the whole in messages and the status bar (sanitised).
    pub name: String,
    roots: Roots,
    docs: Vec<Arc<Document>>,
    /// Ordinal of each document's first article; one more entry at the end
    /// holds the total.
    starts: Vec<u32>,
    skipped: Arc<Vec<Skipped>>,
    /// How to read it again (follow mode, a truncated file).
    pub origin: super::Origin,
    cache: Arc<Mutex<Cache>>,
    records: Arc<Mutex<RecordCache>>,
}

impl std::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Corpus")
            .field("name", &self.name)
            .field("documents", &self.docs.len())
            .field("articles", &self.len())
            .finish()
    }
}

impl Corpus {
    /// A corpus of `docs` found under `roots`.
    pub fn new(name: String, roots: Vec<PathBuf>, docs: Vec<Arc<Document>>) -> Corpus {
        let mut c = Corpus {
            name,
            roots: Roots::new(roots),
            docs: Vec::new(),
            starts: vec![0],
            skipped: Arc::default(),
            origin: super::Origin::Fixed,
            cache: Arc::default(),
            records: Arc::default(),
        };
        c.extend(docs);
        c
    }

    /// One document held in memory, named `name`: the sample, a buffer, a
    /// stream.
    pub fn single(name: String, bytes: Bytes) -> Corpus {
        let index = Index::parse(&bytes);
        let mut prov = Provenance::fixed(&name);
        prov.size = bytes.len() as u64;
        let doc = Document::held(prov, index, Arc::new(bytes));
        Corpus::new(name, Vec::new(), vec![Arc::new(doc)])
    }

    /// The built-in sample.
    pub fn sample() -> Corpus {
        Corpus::single(
            crate::SAMPLE_NAME.into(),
            Bytes::Static(crate::SAMPLE.as_bytes()),
        )
    }

    /// Appends documents (the list grows as a folder is indexed).
    pub fn extend(&mut self, docs: impl IntoIterator<Item = Arc<Document>>) {
        for d in docs {
            let last = *self.starts.last().unwrap_or(&0);
            self.starts
                .push(last.saturating_add(u32::try_from(d.index.len()).unwrap_or(u32::MAX)));
            self.docs.push(d);
        }
    }

    /// Records the files that were skipped.
    pub fn set_skipped(&mut self, skipped: Vec<Skipped>) {
        self.skipped = Arc::new(skipped);
    }

    /// Number of articles in all documents.
    pub fn len(&self) -> usize {
        *self.starts.last().unwrap_or(&0) as usize
    }

    /// True when no document holds an article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The documents, in order.
    pub fn docs(&self) -> &[Arc<Document>] {
        &self.docs
    }

    /// Document `d`.
    pub fn doc(&self, d: usize) -> Option<&Document> {
        self.docs.get(d).map(|d| &**d)
    }

    /// Files skipped while reading the PATHs.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Documents kept in part (a truncated archive): their paths and what
    /// went wrong, as their provenance says.
    pub fn problems(&self) -> Vec<(PathBuf, String)> {
        (0..self.docs.len())
            .filter_map(|d| {
                let why = self.docs[d].prov.problem.as_ref()?.to_string();
                Some((self.path_of(d)?, why))
            })
            .collect()
    }

    /// The roots the documents were found under (the PATH arguments).
    pub fn roots(&self) -> &Roots {
        &self.roots
    }

    /// Ordinal of document `d`'s first article.
    pub fn first_of(&self, d: usize) -> usize {
        self.starts.get(d).copied().unwrap_or(0) as usize
    }

    /// The document and index of the article at `ordinal`.
    pub fn locate(&self, ordinal: usize) -> Option<ArticleId> {
        if ordinal >= self.len() {
            return None;
        }
        // The last document whose first article is at or before `ordinal`
        // and that has articles (empty documents share a start).
        let d = self.starts.partition_point(|&s| s as usize <= ordinal) - 1;
        Some(ArticleId {
            doc: d as u32,
            index: (ordinal - self.starts[d] as usize) as u32,
        })
    }

    /// The ordinal of `id`, if it names an article.
    pub fn ordinal(&self, id: ArticleId) -> Option<usize> {
        let d = id.doc as usize;
        let doc = self.docs.get(d)?;
        ((id.index as usize) < doc.index.len()).then(|| self.starts[d] as usize + id.index as usize)
    }

    /// Which document holds the article at `ordinal`.
    pub fn doc_of(&self, ordinal: usize) -> Option<usize> {
        self.locate(ordinal).map(|id| id.doc as usize)
    }

    /// The path to open document `d` at, when it is a file.
    pub fn path_of(&self, d: usize) -> Option<PathBuf> {
        self.roots.path(&self.docs.get(d)?.prov)
    }

    /// A document's name as listed, unsanitised: for writers that escape
    /// it themselves (JSON), so that a name is exported as it is.
    pub fn raw_file_name(&self, d: usize) -> String {
        self.docs
            .get(d)
            .map(|doc| self.roots.listed_name(&doc.prov))
            .unwrap_or_default()
    }

    /// A document's name as the list and the detail show it: its relative
    /// path, prefixed by the root when several PATHs were given.
    pub fn file_name(&self, d: usize) -> String {
        crate::text::sanitize(&self.raw_file_name(d)).into_owned()
    }

    /// Where the article at `ordinal` comes from, when it is worth
    /// saying (the detail's and `show`'s second meta line): its file and
    /// number in it with many files, compression, an encoding other than
    /// UTF-8, what could not be decoded, what went wrong reading it.
    pub fn origin_note(&self, ordinal: usize) -> Option<String> {
        let id = self.locate(ordinal)?;
        let doc = self.doc(id.doc as usize)?;
        let mut parts = Vec::new();
        if self.is_multi() {
            parts.push(format!(
                "{}:{}",
                self.file_name(id.doc as usize),
                id.index + 1
            ));
        }
        if doc.prov.compression != Compression::None {
            parts.push(doc.prov.compression.as_str().to_string());
        }
        if doc.prov.encoding != encoding_rs::UTF_8 {
            parts.push(doc.prov.encoding_name().to_string());
        }
        if doc.prov.replacements > 0 {
            parts.push(format!("{} undecodable", doc.prov.replacements));
        }
        if let Some(p) = &doc.prov.problem {
            parts.push(crate::text::sanitize(p).into_owned());
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// Whether articles come from more than one file (the list then
    /// shows which).
    pub fn is_multi(&self) -> bool {
        self.docs.len() > 1
    }

    /// Document `d`'s text: borrowed when held, else read from disk (and
    /// decompressed and decoded as when it was indexed) through a small
    /// cache. A file that cannot be read any more gives no text, and its
    /// articles then read as absent.
    pub fn text(&self, d: usize) -> DocText<'_> {
        let Some(doc) = self.docs.get(d) else {
            return DocText::Borrowed(&[]);
        };
        match &doc.text {
            Text::Held(b) => DocText::Borrowed(b),
            Text::Disk => {
                if let Some(v) = self.cache.lock().ok().and_then(|mut c| c.get(d as u32)) {
                    return DocText::Read(v);
                }
                let mut scratch = Scratch::default();
                let v = Arc::new(self.with_text(d, &mut scratch, <[u8]>::to_vec));
                if let Ok(mut c) = self.cache.lock() {
                    c.put(d as u32, Arc::clone(&v));
                }
                DocText::Read(v)
            }
        }
    }

    /// Calls `f` with document `d`'s text, read without the cache when it
    /// is on disk (scans over every document use this, with one `scratch`
    /// per thread). A file that cannot be read gives an empty text.
    pub fn with_text<R>(&self, d: usize, scratch: &mut Scratch, f: impl FnOnce(&[u8]) -> R) -> R {
        let Some(doc) = self.docs.get(d) else {
            return f(&[]);
        };
        match &doc.text {
            Text::Held(b) => f(b),
            Text::Disk => {
                let text = self
                    .path_of(d)
                    .and_then(|p| super::load::read_text(&p, &doc.prov, scratch));
                f(text.unwrap_or(&[]))
            }
        }
    }

    /// Runs `work` on every document's text, on all cores, and hands the
    /// results to `deliver` in document order: how searches and filters
    /// read a folder (each file read once, into a per-thread buffer, as
    /// ripgrep does). Documents `wanted` refuses are not read: `work` gets
    /// an empty text for them. Returns false when `cancel` stopped it.
    pub fn scan_docs<R: Send>(
        &self,
        cancel: &AtomicBool,
        wanted: &(dyn Fn(usize) -> bool + Sync),
        work: &(dyn Fn(usize, &[u8]) -> R + Sync),
        mut deliver: impl FnMut(usize, R),
    ) -> bool {
        /// Documents a worker takes at once.
        const CHUNK: usize = 32;
        let done = super::par::ordered(
            self.docs.len(),
            CHUNK,
            cancel,
            &|d, scratch| {
                if wanted(d) {
                    self.with_text(d, scratch, |t| work(d, t))
                } else {
                    work(d, &[])
                }
            },
            &mut deliver,
        );
        done && !cancel.load(Ordering::Relaxed)
    }

    /// Calls `f` with the article at `ordinal`, its text read as needed.
    pub fn with_article<R>(&self, ordinal: usize, f: impl FnOnce(Article<'_>) -> R) -> Option<R> {
        let id = self.locate(ordinal)?;
        let text = self.text(id.doc as usize);
        let a = self.article_in(&text, ordinal)?;
        Some(f(a))
    }

    /// The article at `ordinal`, from its document's `text` (as
    /// [`Corpus::text`] gives it); its id is the ordinal + 1.
    pub fn article_in<'t>(&self, text: &'t [u8], ordinal: usize) -> Option<Article<'t>> {
        let id = self.locate(ordinal)?;
        let doc = &self.docs[id.doc as usize];
        if !doc.index.is_json() {
            return doc
                .index
                .article(text, id.index as usize)
                .map(|a| a.renumbered(ordinal + 1));
        }
        // A record is decoded once while it is on screen, not at every
        // frame: a 50 MB line takes a tenth of a second to decode.
        let entry = doc.index.entries().get(id.index as usize)?;
        let key = (
            Arc::as_ptr(doc) as usize,
            id.index,
            entry.offset(),
            entry.len(),
        );
        let mut decode = |json: &[u8]| {
            let cached = self.records.lock().ok().and_then(|mut c| c.get(key));
            cached.unwrap_or_else(|| {
                let d = Arc::new(crate::json::Decoded::new(json));
                if let Ok(mut c) = self.records.lock() {
                    c.put(key, Arc::clone(&d));
                }
                d
            })
        };
        doc.index
            .article_decoded(text, id.index as usize, &mut decode)
            .map(|a| a.renumbered(ordinal + 1))
    }

    /// Parses a `FILE:N` or global id as `show --id` takes it: a number is
    /// a 1-based position in the corpus; `FILE:N` is the Nth article of the
    /// document whose name (as listed) or relative path is FILE.
    pub fn resolve_id(&self, spec: &str) -> Result<usize, String> {
        let spec = spec.trim();
        if let Ok(n) = spec.parse::<usize>() {
            let what = if self.is_multi() {
                "there are"
            } else {
                "it has"
            };
            return n
                .checked_sub(1)
                .filter(|&i| i < self.len())
                .ok_or_else(|| format!("no article {n} ({what} {}, numbered from 1)", self.len()));
        }
        let Some((file, n)) = spec.rsplit_once(':') else {
            return Err(format!(
                "'{}' is not an article id: give a number or FILE:N",
                crate::text::sanitize(spec)
            ));
        };
        let n: usize = n.parse().map_err(|_| {
            format!(
                "'{}' is not an article id: N in FILE:N is a number",
                crate::text::sanitize(spec)
            )
        })?;
        let d = (0..self.docs.len())
            .find(|&d| {
                self.file_name(d) == file
                    || &*self.docs[d].prov.rel == file
                    || self.path_of(d).is_some_and(|p| p == Path::new(file))
            })
            .ok_or_else(|| format!("no file {} in the input", crate::text::sanitize(file)))?;
        let count = self.docs[d].index.len();
        n.checked_sub(1)
            .filter(|&i| i < count)
            .map(|i| self.first_of(d) + i)
            .ok_or_else(|| {
                format!(
                    "{}: no article {n} (it has {count}, numbered from 1)",
                    self.file_name(d)
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, name: &str) -> Arc<Document> {
        let bytes = Bytes::Owned(text.as_bytes().to_vec());
        let index = Index::parse(&bytes);
        Arc::new(Document::held(
            Provenance::fixed(name),
            index,
            Arc::new(bytes),
        ))
    }

    #[test]
    fn ordinals_run_through_documents_in_order() {
        let c = Corpus::new(
            "t".into(),
            Vec::new(),
            vec![doc("一\n\n二\n", "a"), doc("", "empty"), doc("三\n", "b")],
        );
        assert_eq!(c.len(), 3);
        let ids: Vec<_> = (0..3).map(|o| c.locate(o).unwrap()).collect();
        assert_eq!(
            ids,
            vec![
                ArticleId { doc: 0, index: 0 },
                ArticleId { doc: 0, index: 1 },
                ArticleId { doc: 2, index: 0 },
            ]
        );
        for (o, id) in ids.iter().enumerate() {
            assert_eq!(c.ordinal(*id), Some(o));
        }
        assert_eq!(c.locate(3), None);
        assert_eq!(c.ordinal(ArticleId { doc: 1, index: 0 }), None);
        let titles: Vec<String> = (0..3)
            .map(|o| {
                c.with_article(o, |a| (a.id(), a.title().into_owned()))
                    .unwrap()
            })
            .map(|(id, t)| format!("{id}:{t}"))
            .collect();
        assert_eq!(titles, ["1:一", "2:二", "3:三"]);
    }

    #[test]
    fn ids_resolve_globally_and_per_file() {
        let c = Corpus::new(
            "t".into(),
            Vec::new(),
            vec![doc("一\n\n二\n", "a.txt"), doc("三\n", "sub/b.txt")],
        );
        assert_eq!(c.resolve_id("3"), Ok(2));
        assert_eq!(c.resolve_id("sub/b.txt:1"), Ok(2));
        assert_eq!(c.resolve_id("a.txt:2"), Ok(1));
        assert!(c.resolve_id("a.txt:3").unwrap_err().contains("it has 2"));
        assert!(c.resolve_id("4").unwrap_err().contains("there are 3"));
        let one = Corpus::new("t".into(), Vec::new(), vec![doc("一\n", "a.txt")]);
        assert_eq!(
            one.resolve_id("2").unwrap_err(),
            "no article 2 (it has 1, numbered from 1)",
            "one file says it as before folders"
        );
        assert!(c.resolve_id("c.txt:1").unwrap_err().contains("no file"));
        assert!(c.resolve_id("x").is_err());
        assert!(c.resolve_id("0").is_err());
    }

    #[test]
    fn the_cache_stays_bounded() {
        let mut cache = Cache::default();
        for d in 0..200u32 {
            cache.put(d, Arc::new(vec![0; 1 << 20]));
        }
        assert!(cache.entries.len() <= CACHE_ENTRIES);
        assert!(cache.bytes <= CACHE_BYTES);
        assert!(cache.get(199).is_some());
        assert!(cache.get(0).is_none());
    }
}
