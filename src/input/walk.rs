//! Turning the PATH arguments into the list of files to read.
//!
//! A real scrape is a folder of 10^4–10^6 page files in dated sub-folders,
//! with junk beside them, so listing must cost what `rg --files` costs:
//! the folders are walked with ripgrep's own walker, on several threads,
//! trusting the file types that `readdir` hands out for free, and nothing
//! here opens or stats a file it will list. Reading, decoding and checking
//! the files is left to the reader, which does it in parallel.
//!
//! Folder walks follow ripgrep's rules, so that a user who knows `rg`
//! knows what `newsdump DIR` will show: hidden entries and what
//! `.gitignore`, `.ignore` and `.rgignore` files exclude are left out,
//! symlinks inside a folder are not followed, and `--glob` works the same.
//! What is named on the command line is always taken as it is.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex};

use ignore::overrides::{Override, OverrideBuilder};
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

/// How folders are walked: the command-line flags `--hidden`,
/// `--no-ignore`, `-L`/`--follow-links` and `--glob`. The defaults are
/// ripgrep's, so that a folder lists the same as `rg --files` would.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Take hidden files and folders (dot files) too. Off by default:
    /// they are editor backups, `.git` and scraper state, not pages.
    pub hidden: bool,
    /// Disregard `.gitignore`, `.ignore`, `.rgignore`, `.git/info/exclude`
    /// and the global git excludes. They are honoured by default, also in
    /// the folders above a walked one and without a `.git` folder, since
    /// a scrape is rarely a repository but often carries a `.gitignore`
    /// for its junk.
    pub no_ignore: bool,
    /// Follow symlinks found inside walked folders. Off by default, as in
    /// ripgrep, because links in a scrape tend to point at mirrors of the
    /// same pages (or loop); they are then left out without a word. A
    /// symlink named on the command line is always followed.
    pub follow_links: bool,
    /// ripgrep-style globs, matched against paths relative to each walked
    /// folder: `*.txt` keeps only what matches (once any such glob is
    /// given), `!*.log` leaves out what matches. Like ripgrep's, they win
    /// over hidden and ignore rules, and they do not apply to files named
    /// on the command line.
    pub globs: Vec<String>,
}

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The path to open (`-` for standard input).
    pub path: PathBuf,
    /// Which PATH argument it came from (0-based), so that the reader can
    /// group or label files by argument.
    pub root: usize,
    /// The path relative to its argument with `/` separators
    /// (`2024/05/01/12_ab.txt`), short enough to show in a list; for a file
    /// named directly, the argument as given. Names that are not UTF-8 are
    /// converted lossily, and control characters are left in: the caller
    /// sanitises before display.
    pub rel: String,
    /// Whether it was named on the command line rather than found by
    /// walking. A named file that cannot be read is an error, while one
    /// found by walking is merely skipped: the user asked for the former.
    pub named: bool,
}

/// Why an entry was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// It does not exist.
    NotFound,
    /// The operating system refused to list or look at it.
    PermissionDenied,
    /// A symlink, followed, whose target does not exist.
    BrokenLink,
    /// It was listed by its folder but gone when looked at: a scrape still
    /// being written or cleaned up.
    Vanished,
    /// A symlink, followed, that leads back to one of its own ancestors
    /// (or to itself); walking on would never end.
    Loop,
    /// Anything else, in words (`not a regular file`, `partial download
    /// (.part)`, a bad line in an ignore file, an unusual I/O error).
    Other(String),
}

impl SkipReason {
    /// The reason in a few words, to follow a path in a message.
    pub fn as_str(&self) -> &str {
        match self {
            SkipReason::NotFound => "no such file",
            SkipReason::PermissionDenied => "permission denied",
            SkipReason::BrokenLink => "broken link",
            SkipReason::Vanished => "vanished while walking",
            SkipReason::Loop => "symlink loop",
            SkipReason::Other(s) => s,
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entry met while walking a folder that is not read, with why, so
/// that the user can be told how much of a scrape was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The entry (for a folder that could not be listed, the folder).
    pub path: PathBuf,
    /// Why it is not read.
    pub reason: SkipReason,
}

/// An argument that is not usable at all: a path named on the command line
/// that does not exist or cannot be looked at, a named folder that cannot
/// be listed, or a `--glob` that does not parse (its `path` is then the
/// glob). The caller turns it into exit status 1 and one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    /// The argument as given.
    pub path: PathBuf,
    /// What is wrong with it.
    pub reason: SkipReason,
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for WalkError {}

/// Endings of files that a browser or downloader is still writing (or gave
/// up on): reading them would show truncated pages that reappear whole,
/// under another name, on the next run.
const PARTIAL_SUFFIXES: [&str; 5] = [".part", ".crdownload", ".tmp", ".partial", ".download"];

/// At most this many walker threads, however many cores there are:
/// ripgrep's own cap, past which more threads bring little but contention
/// for the directories and the disk.
const MAX_THREADS: usize = 12;

/// Expands the PATH arguments into the files to read, in order, and the
/// entries left out.
///
/// - `-` stays a [`Candidate`] with path `-` (`named`, `rel` `-`).
/// - A folder is walked recursively under `opts`; a symlink to a folder
///   named on the command line is walked too.
/// - Anything else named is a candidate as it is: a file, but also a FIFO
///   or a `/dev/fd/N` from the shell's `<(...)`, a partial download, a
///   hidden or ignored file. Naming it is asking for it.
///
/// Order: arguments in the order given; within a folder, the natural order
/// of `rel` (see [`natural_cmp`]), the same from run to run however the
/// threads raced. The same file named twice is listed twice.
///
/// Every argument is checked before any folder is walked, so a typo in the
/// last one fails at once rather than after listing a million files: the
/// first argument (in order) that does not exist, cannot be looked at, or
/// is a folder that cannot be listed is the `Err`. So is a glob that does
/// not parse.
///
/// Inside folders, trouble is reported in the skipped list, not as an
/// error: a sub-folder or file that cannot be read (`PermissionDenied`), a
/// broken symlink when following links (`BrokenLink`), a symlink loop
/// (`Loop`), an entry gone between listing and looking (`Vanished`), an
/// ignore file with a bad line (`Other`). Sockets, FIFOs and devices found
/// by walking are skipped as `Other("not a regular file")`, because opening
/// a FIFO nobody writes to would hang the reader; so are partial downloads
/// (`Other("partial download (.part)")` and the like; a `*.download` folder,
/// which is how Safari keeps one, is skipped whole). Symlinks that are not
/// followed are left out silently, as ripgrep does.
pub fn walk(
    args: &[PathBuf],
    opts: &WalkOptions,
) -> Result<(Vec<Candidate>, Vec<Skipped>), WalkError> {
    // A bad glob is an error even when no folder is walked, as in ripgrep.
    build_overrides(Path::new("."), &opts.globs)?;
    let kinds = args
        .iter()
        .map(|arg| classify(arg))
        .collect::<Result<Vec<_>, _>>()?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS);
    let folders: Vec<(usize, &Path)> = args
        .iter()
        .zip(&kinds)
        .enumerate()
        .filter(|(_, (_, kind))| matches!(kind, Kind::Folder))
        .map(|(root, (arg, _))| (root, arg.as_path()))
        .collect();
    let mut listings = walk_folders(&folders, opts, threads).into_iter();
    let mut candidates = Vec::new();
    let mut skipped = Vec::new();
    for (root, (arg, kind)) in args.iter().zip(kinds).enumerate() {
        match kind {
            Kind::Named => candidates.push(Candidate {
                path: arg.clone(),
                root,
                rel: arg.to_string_lossy().into_owned(),
                named: true,
            }),
            Kind::Folder => {
                let (files, skips) = listings.next().expect("one listing per folder")?;
                candidates.extend(files);
                skipped.extend(skips);
            }
        }
    }
    Ok((candidates, skipped))
}

/// A folder's files in natural order, and what was skipped in it.
type Listing = (Vec<Candidate>, Vec<Skipped>);

/// Walks `folders` (argument index, path), returning their listings in the
/// same order.
///
/// A parallel walk costs a millisecond or two however small the folder:
/// threads start, and idle ones poll before they agree that the walk is
/// over. That is nothing for one big scrape, but it adds up over the day
/// folders of `newsdump 2024-*` (100 folders of 1,000 files: 250 ms one
/// parallel walk after another, 55 ms this way). So given at least as many
/// folders as threads, each thread walks whole folders, one at a time.
fn walk_folders(
    folders: &[(usize, &Path)],
    opts: &WalkOptions,
    threads: usize,
) -> Vec<Result<Listing, WalkError>> {
    if folders.len() < threads.max(2) {
        return folders
            .iter()
            .map(|&(root, dir)| walk_folder(dir, root, opts, threads))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<Listing, WalkError>>>> =
        folders.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, AtomicOrdering::Relaxed);
                    let Some(&(root, dir)) = folders.get(i) else {
                        break;
                    };
                    let listing = walk_folder_alone(dir, root, opts);
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(listing);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every folder walked")
        })
        .collect()
}

/// What an argument is, as far as walking goes.
enum Kind {
    /// Taken as it is: standard input, a file, or anything else not a
    /// folder.
    Named,
    /// To be walked.
    Folder,
}

/// Checks that an argument is usable and says whether it is a folder.
fn classify(arg: &Path) -> Result<Kind, WalkError> {
    if arg == Path::new("-") {
        return Ok(Kind::Named);
    }
    let fail = |e: &io::Error| WalkError {
        path: arg.to_path_buf(),
        reason: reason_of(e, arg),
    };
    // Follows symlinks: a link named on the command line is followed.
    let meta = std::fs::metadata(arg).map_err(|e| fail(&e))?;
    if !meta.is_dir() {
        return Ok(Kind::Named);
    }
    // Opening the folder costs one system call and tells now, in argument
    // order, rather than as a lost message in the middle of a walk.
    std::fs::read_dir(arg).map_err(|e| fail(&e))?;
    Ok(Kind::Folder)
}

/// The overrides for `--glob`, matched relative to `root`.
fn build_overrides(root: &Path, globs: &[String]) -> Result<Override, WalkError> {
    let bad = |glob: &str, e: ignore::Error| WalkError {
        path: PathBuf::from(glob),
        reason: SkipReason::Other(format!("invalid glob: {}", plain(&e))),
    };
    let mut builder = OverrideBuilder::new(root);
    for glob in globs {
        builder.add(glob).map_err(|e| bad(glob, e))?;
    }
    builder.build().map_err(|e| bad("--glob", e))
}

/// An `ignore` error's message without the wrappers that name paths and
/// depths, which a message of ours names already.
fn plain(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => plain(err),
        e => e.to_string(),
    }
}

/// Paths a walker's filter noted, shared with the walker's threads.
type Noted = Arc<Mutex<Vec<PathBuf>>>;

/// A walker for `dir` set up as `opts` say, and where it notes the
/// `*.download` folders it leaves out.
fn configure(
    dir: &Path,
    opts: &WalkOptions,
    threads: usize,
) -> Result<(WalkBuilder, Noted), WalkError> {
    let honour = !opts.no_ignore;
    let mut builder = WalkBuilder::new(dir);
    builder
        .hidden(!opts.hidden)
        .ignore(honour)
        .git_ignore(honour)
        .git_global(honour)
        .git_exclude(honour)
        .parents(honour)
        .require_git(false)
        .follow_links(opts.follow_links)
        .threads(threads)
        .overrides(build_overrides(dir, &opts.globs)?);
    if honour {
        builder.add_custom_ignore_filename(".rgignore");
    }
    // A filter, not the visitor, so that the walker does not descend: the
    // sequential walker offers no other way to skip a folder.
    let partial = Arc::new(Mutex::new(Vec::new()));
    let noted = Arc::clone(&partial);
    builder.filter_entry(move |entry| {
        let keep = entry.depth() == 0
            || !entry.file_type().is_some_and(|t| t.is_dir())
            || partial_suffix(entry.file_name()) != Some(".download");
        if !keep {
            let mut noted = noted.lock().unwrap_or_else(|e| e.into_inner());
            noted.push(entry.path().to_path_buf());
        }
        keep
    });
    Ok((builder, partial))
}

/// Walks one folder on several threads.
fn walk_folder(
    dir: &Path,
    root: usize,
    opts: &WalkOptions,
    threads: usize,
) -> Result<Listing, WalkError> {
    let (builder, partial) = configure(dir, opts, threads)?;
    let sink = Mutex::new(Found::default());
    builder.build_parallel().visit(&mut Collect {
        dir,
        root,
        sink: &sink,
    });
    Ok(finish(sink, &partial))
}

/// Walks one folder on the calling thread.
fn walk_folder_alone(dir: &Path, root: usize, opts: &WalkOptions) -> Result<Listing, WalkError> {
    let (builder, partial) = configure(dir, opts, 1)?;
    let sink = Mutex::new(Found::default());
    let mut visitor = Collect {
        dir,
        root,
        sink: &sink,
    }
    .build();
    for entry in builder.build() {
        visitor.visit(entry);
    }
    drop(visitor);
    Ok(finish(sink, &partial))
}

/// Puts what a walk found in natural order.
fn finish(sink: Mutex<Found>, partial: &Mutex<Vec<PathBuf>>) -> Listing {
    let Found {
        files,
        keys,
        mut skipped,
    } = sink.into_inner().unwrap_or_else(|e| e.into_inner());
    let partial = std::mem::take(&mut *partial.lock().unwrap_or_else(|e| e.into_inner()));
    skipped.extend(partial.into_iter().map(|path| Skipped {
        path,
        reason: SkipReason::Other("partial download (.download)".into()),
    }));
    let files = in_natural_order(files, &keys, |f| {
        (Cow::Borrowed(f.rel.as_str()), f.path.as_os_str())
    });
    let mut keys = Keys::default();
    for s in &skipped {
        keys.push(&s.path.to_string_lossy());
    }
    let skipped = in_natural_order(skipped, &keys, |s| {
        (s.path.to_string_lossy(), s.path.as_os_str())
    });
    (files, skipped)
}

/// Sorts `items` by the natural order of their names, given their
/// [`Keys`]; `name` gives an item's name and raw path.
///
/// Comparing keys costs a memcmp where [`natural_cmp`] costs a parse: the
/// sort of a big folder takes a fifth of the time. Equal keys leave only
/// leading zeros to decide, and then two names that are not UTF-8 can
/// convert to the same string: the raw path breaks that tie, so the order
/// is total and the same from run to run.
fn in_natural_order<T>(
    items: Vec<T>,
    keys: &Keys,
    name: impl Fn(&T) -> (Cow<'_, str>, &OsStr),
) -> Vec<T> {
    // Small triples are sorted, not the items, which can be three times
    // bigger and are moved at every swap.
    let mut order: Vec<(usize, usize, usize)> = keys
        .spans
        .iter()
        .zip(0..)
        .map(|(&(s, e), i)| (s, e, i))
        .collect();
    order.sort_unstable_by(|&(sa, ea, a), &(sb, eb, b)| {
        keys.bytes[sa..ea].cmp(&keys.bytes[sb..eb]).then_with(|| {
            let ((na, pa), (nb, pb)) = (name(&items[a]), name(&items[b]));
            natural_cmp(&na, &nb).then_with(|| pa.cmp(pb))
        })
    });
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|(_, _, i)| slots[i].take().expect("each index once"))
        .collect()
}

/// The [`natural_key`]s of a list of names, end to end in one buffer:
/// one allocation for all rather than one per file, and keys that sit
/// together in memory while they are sorted.
#[derive(Default)]
struct Keys {
    bytes: Vec<u8>,
    /// Where each key starts and ends in `bytes`.
    spans: Vec<(usize, usize)>,
}

impl Keys {
    /// Adds the key of `name`.
    fn push(&mut self, name: &str) {
        let start = self.bytes.len();
        natural_key(name, &mut self.bytes);
        self.spans.push((start, self.bytes.len()));
    }

    /// Moves the keys of `other` to the end of these.
    fn append(&mut self, other: &mut Keys) {
        let shift = self.bytes.len();
        self.bytes.append(&mut other.bytes);
        self.spans
            .extend(other.spans.drain(..).map(|(s, e)| (s + shift, e + shift)));
    }
}

/// What the walker threads found, merged.
#[derive(Default)]
struct Found {
    files: Vec<Candidate>,
    /// The [`natural_key`] of each file's `rel`, made on the walker
    /// threads.
    keys: Keys,
    skipped: Vec<Skipped>,
}

/// Hands each walker thread its own [`Visitor`].
struct Collect<'a> {
    dir: &'a Path,
    root: usize,
    sink: &'a Mutex<Found>,
}

impl<'s> ParallelVisitorBuilder<'s> for Collect<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            dir: self.dir,
            root: self.root,
            found: Found::default(),
            sink: self.sink,
        })
    }
}

/// One walker thread's findings, kept to itself until the thread ends so
/// that threads never wait on each other for a lock.
struct Visitor<'a> {
    dir: &'a Path,
    root: usize,
    found: Found,
    sink: &'a Mutex<Found>,
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let mut sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
        sink.files.append(&mut self.found.files);
        sink.keys.append(&mut self.found.keys);
        sink.skipped.append(&mut self.found.skipped);
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                self.found.skipped.push(skipped_from(&err, self.dir));
                return WalkState::Continue;
            }
        };
        // A folder's ignore file that did not parse: the walk goes on
        // without the bad lines, which may let junk in.
        if let Some(err) = entry.error() {
            self.found.skipped.push(skipped_from(err, self.dir));
        }
        // The type comes from `readdir` (or from following the link when
        // links are followed): no system call here.
        let Some(ty) = entry.file_type() else {
            return WalkState::Continue;
        };
        let skip = |reason: String| Skipped {
            path: entry.path().to_path_buf(),
            reason: SkipReason::Other(reason),
        };
        if ty.is_dir() {
            return WalkState::Continue;
        }
        if ty.is_symlink() {
            // Only seen when links are not followed.
            return WalkState::Continue;
        }
        if !ty.is_file() {
            self.found.skipped.push(skip("not a regular file".into()));
            return WalkState::Continue;
        }
        if let Some(suffix) = partial_suffix(entry.file_name()) {
            self.found
                .skipped
                .push(skip(format!("partial download ({suffix})")));
            return WalkState::Continue;
        }
        let depth = entry.depth();
        let path = entry.into_path();
        let rel = if depth == 0 {
            // The folder became a file after it was checked.
            self.dir.to_string_lossy().into_owned()
        } else {
            rel_path(self.dir, &path)
        };
        self.found.keys.push(&rel);
        self.found.files.push(Candidate {
            path,
            root: self.root,
            rel,
            named: false,
        });
        WalkState::Continue
    }
}

/// `path` relative to the walked folder `dir`, with `/` separators.
fn rel_path(dir: &Path, path: &Path) -> String {
    // The walker makes every path as `dir` joined with names, so cutting
    // the bytes of `dir` off is exact and cheaper than comparing
    // components; `strip_prefix` is the fallback should that ever change.
    let (d, p) = (
        dir.as_os_str().as_encoded_bytes(),
        path.as_os_str().as_encoded_bytes(),
    );
    let rest = match p.strip_prefix(d) {
        Some(rest) => rest.strip_prefix(b"/").unwrap_or(rest),
        None => path
            .strip_prefix(dir)
            .map_or(p, |r| r.as_os_str().as_encoded_bytes()),
    };
    let rel = String::from_utf8_lossy(rest);
    if std::path::MAIN_SEPARATOR == '/' {
        rel.into_owned()
    } else {
        rel.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// The partial-download ending of a file name, if it has one (in any case:
/// `PAGE.PART` is still partial).
fn partial_suffix(name: &OsStr) -> Option<&'static str> {
    let name = name.as_encoded_bytes();
    PARTIAL_SUFFIXES.into_iter().find(|s| {
        name.len() >= s.len() && name[name.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
    })
}

/// An error from the walker as a skipped entry: the innermost path it
/// names (`dir` if none), and a reason the user can act on.
fn skipped_from(err: &ignore::Error, dir: &Path) -> Skipped {
    let mut path = None;
    let mut line = None;
    let mut err = err;
    loop {
        err = match err {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.as_path());
                err
            }
            ignore::Error::WithDepth { err, .. } => err,
            ignore::Error::WithLineNumber { line: l, err } => {
                line = Some(*l);
                err
            }
            ignore::Error::Partial(errs) if errs.len() == 1 => &errs[0],
            _ => break,
        };
    }
    let reason = match err {
        ignore::Error::Io(e) => reason_of(e, path.unwrap_or(dir)),
        ignore::Error::Loop { child, .. } => {
            path = Some(child);
            SkipReason::Loop
        }
        other => SkipReason::Other(match line {
            Some(line) => format!("line {line}: {other}"),
            None => other.to_string(),
        }),
    };
    Skipped {
        path: path.unwrap_or(dir).to_path_buf(),
        reason,
    }
}

/// An I/O error met on `path` as a reason. A missing entry is told apart
/// by looking at it once more, which costs a system call only on this
/// rare path: a link still there means its target is missing.
fn reason_of(e: &io::Error, path: &Path) -> SkipReason {
    if e.raw_os_error() == Some(libc::ELOOP) {
        return SkipReason::Loop;
    }
    match e.kind() {
        io::ErrorKind::NotFound => match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => SkipReason::BrokenLink,
            Ok(_) => SkipReason::Vanished,
            Err(_) => SkipReason::NotFound,
        },
        io::ErrorKind::PermissionDenied => SkipReason::PermissionDenied,
        _ => SkipReason::Other(super::reason(e)),
    }
}

/// Natural order, for listing a scrape the way its dates and sequence
/// numbers mean it: `2_x` before `10_x`, `2024/5/` before `2024/12/`.
///
/// Runs of ASCII digits compare as numbers, by length once leading zeros
/// are stripped and then digit by digit, so a run of any length compares
/// without overflow. Everything else compares byte by byte (for UTF-8,
/// that is code point order); a digit run against another byte compares
/// as its first digit would. Where that finds no difference, the string
/// that ends first comes first, and then, at the first pair of runs that
/// differ in leading zeros, the one with fewer: `x1` < `x01` < `x001`.
///
/// This is a total order consistent with `==` (`Equal` only for equal
/// strings), so sorting by it is deterministic. It allocates nothing.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Sorting a scrape compares mostly paths that share a long prefix
    // (`2024/05/01/12_…` with `2024/05/01/13_…`): skip it at memcmp
    // speed, then back up to where its last token starts. Up to there both
    // strings are the same bytes, so the same tokens, with the same zeros.
    let mut start = common_prefix(a, b);
    while start > 0 && a[start - 1].is_ascii_digit() {
        start -= 1;
    }
    let (mut i, mut j) = (start, start);
    // Decided by leading zeros, should nothing else decide.
    let mut zeros = Ordering::Equal;
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x.is_ascii_digit() && y.is_ascii_digit() {
            let (ri, rj) = (digit_run_end(a, i), digit_run_end(b, j));
            let (za, zb) = (leading_zeros(&a[i..ri]), leading_zeros(&b[j..rj]));
            let (na, nb) = (&a[i + za..ri], &b[j + zb..rj]);
            // Equal lengths without leading zeros: digit order is number
            // order.
            let by_value = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if by_value != Ordering::Equal {
                return by_value;
            }
            zeros = zeros.then(za.cmp(&zb));
            (i, j) = (ri, rj);
        } else if x != y {
            // A digit against another byte: all digits lie on one side of
            // it, so its first digit decides as any digit would.
            return x.cmp(&y);
        } else {
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j)).then(zeros)
}

/// Appends to `key` a byte string whose plain order is the order of [`natural_cmp`] where
/// that is decided by more than leading zeros: keys that differ compare
/// as their strings do, equal keys mean only zeros can tell the strings
/// apart.
///
/// Each token is coded so that codes compare as the tokens do and none is
/// a prefix of another: a byte other than a digit as itself, a digit run
/// as `'0'` (which sorts it between the bytes below and above the digits),
/// then its length without leading zeros (one byte, or `0xff` and eight
/// bytes for runs of 255 digits or more), then those digits.
fn natural_key(s: &str, key: &mut Vec<u8>) {
    let s = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_digit() {
            key.push(s[i]);
            i += 1;
            continue;
        }
        let end = digit_run_end(s, i);
        let digits = &s[i + leading_zeros(&s[i..end])..end];
        key.push(b'0');
        match u8::try_from(digits.len()) {
            Ok(n) if n < u8::MAX => key.push(n),
            _ => {
                key.push(u8::MAX);
                key.extend_from_slice(&(digits.len() as u64).to_be_bytes());
            }
        }
        key.extend_from_slice(digits);
        i = end;
    }
}

/// How many bytes `a` and `b` have in common at their start, eight at a
/// time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut n = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let x = u64::from_le_bytes(x.try_into().expect("eight bytes"));
        let y = u64::from_le_bytes(y.try_into().expect("eight bytes"));
        let diff = x ^ y;
        if diff != 0 {
            // Little-endian: the first differing byte holds the lowest
            // set bit.
            return n + diff.trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Where the run of ASCII digits starting at `start` ends.
fn digit_run_end(s: &[u8], start: usize) -> usize {
    s[start..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .map_or(s.len(), |n| start + n)
}

/// How many leading zeros a run of digits has, keeping its last digit:
/// `000` is the number 0, written with two extra zeros.
fn leading_zeros(run: &[u8]) -> usize {
    run[..run.len() - 1]
        .iter()
        .take_while(|&&c| c == b'0')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::fs;

    #[test]
    fn natural_examples() {
        use Ordering::*;
        assert_eq!(natural_cmp("2_x.txt", "10_x.txt"), Less);
        assert_eq!(natural_cmp("a/2/x", "a/10/x"), Less);
        assert_eq!(natural_cmp("x1", "x01"), Less);
        assert_eq!(natural_cmp("x01", "x1"), Greater);
        assert_eq!(natural_cmp("x01", "x2"), Less);
        assert_eq!(natural_cmp("x001", "x01"), Greater);
        assert_eq!(natural_cmp("x0", "x00"), Less);
        assert_eq!(natural_cmp("a", "a1"), Less);
        assert_eq!(natural_cmp("a1b", "a01a"), Greater);
        assert_eq!(natural_cmp("", ""), Equal);
        assert_eq!(natural_cmp("", "0"), Less);
        assert_eq!(natural_cmp("x9", "x:"), Less);
        assert_eq!(natural_cmp("x9", "x/"), Greater);
        assert_eq!(natural_cmp("页2", "页10"), Less);
        let huge_a = format!("p{}", "9".repeat(10_000));
        let huge_b = format!("p1{}", "0".repeat(10_000));
        assert_eq!(natural_cmp(&huge_a, &huge_b), Less);
        assert_eq!(natural_cmp(&huge_a, &huge_a), Equal);
        let mut v = vec!["10.txt", "9.txt", "09.txt", "1.txt", "a.txt", "100.txt"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            ["1.txt", "9.txt", "09.txt", "10.txt", "100.txt", "a.txt"]
        );
    }

    #[test]
    fn natural_is_total_order_exhaustively_on_short_strings() {
        // Every string of up to four bytes over an alphabet with zeros,
        // other digits and bytes on either side of the digits.
        let mut all = vec![String::new()];
        let mut last = all.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|s| ["0", "1", "2", "/", "a"].map(|c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        let mut sorted = all.clone();
        sorted.sort_by(|a, b| natural_cmp(a, b));
        // A total order sorts into a chain where every earlier string is
        // below every later one; checking all pairs of the sorted list
        // covers antisymmetry and transitivity at once.
        for (i, a) in sorted.iter().enumerate() {
            assert_eq!(natural_cmp(a, a), Ordering::Equal);
            for b in &sorted[i + 1..] {
                assert_eq!(natural_cmp(a, b), Ordering::Less, "{a:?} {b:?}");
                assert_eq!(natural_cmp(b, a), Ordering::Greater, "{a:?} {b:?}");
            }
        }
    }

    fn key(s: &str) -> Vec<u8> {
        let mut key = Vec::new();
        natural_key(s, &mut key);
        key
    }

    #[test]
    fn natural_key_examples() {
        let long = "7".repeat(300);
        let longer = "1".repeat(301);
        for (a, b) in [
            ("2_x", "10_x"),
            ("a/2/x", "a/10/x"),
            ("x/", "x0"),
            ("x0", "x:"),
            ("a", "a0"),
            (long.as_str(), longer.as_str()),
            ("9", long.as_str()),
        ] {
            assert!(key(a) < key(b), "{a:?} {b:?}");
            assert_eq!(natural_cmp(a, b), Ordering::Less, "{a:?} {b:?}");
        }
        assert_eq!(key("x01"), key("x1"));
    }

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[0a/_.]{0,3}[0-9]{0,4}[0a]{0,2}[0-9]{0,3}",
            1 => "\\PC{0,6}",
        ]
    }

    proptest! {
        #[test]
        fn natural_is_total_order(a in name(), b in name(), c in name()) {
            let ab = natural_cmp(&a, &b);
            prop_assert_eq!(ab, natural_cmp(&b, &a).reverse());
            prop_assert_eq!(ab == Ordering::Equal, a == b);
            prop_assert_eq!(natural_cmp(&a, &a), Ordering::Equal);
            let bc = natural_cmp(&b, &c);
            let ac = natural_cmp(&a, &c);
            if ab != Ordering::Greater && bc != Ordering::Greater {
                prop_assert_ne!(ac, Ordering::Greater, "{:?} <= {:?} <= {:?}", a, b, c);
            }
            if ab != Ordering::Less && bc != Ordering::Less {
                prop_assert_ne!(ac, Ordering::Less, "{:?} >= {:?} >= {:?}", a, b, c);
            }
        }

        #[test]
        fn natural_key_agrees(a in name(), b in name()) {
            let (ka, kb) = (key(&a), key(&b));
            if ka != kb {
                prop_assert_eq!(ka.cmp(&kb), natural_cmp(&a, &b));
            } else {
                // Only zeros may differ.
                let strip = |s: &str| s.replace('0', "");
                prop_assert_eq!(strip(&a), strip(&b));
            }
        }

        #[test]
        fn natural_sort_is_consistent(mut v in proptest::collection::vec(name(), 0..12)) {
            v.sort_by(|a, b| natural_cmp(a, b));
            for (i, x) in v.iter().enumerate() {
                for y in &v[i..] {
                    prop_assert_ne!(natural_cmp(x, y), Ordering::Greater);
                }
            }
        }
    }

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }

    /// The `rel`s listed, and the skipped entries relative to `root`.
    fn run(root: &Path, opts: &WalkOptions) -> (Vec<String>, Vec<(String, SkipReason)>) {
        let (files, skipped) = walk(&[root.to_path_buf()], opts).unwrap();
        for f in &files {
            assert_eq!(f.root, 0);
            assert!(!f.named);
            assert_eq!(f.path, root.join(&f.rel));
        }
        let skipped = skipped
            .into_iter()
            .map(|s| {
                let rel = s.path.strip_prefix(root).unwrap().to_string_lossy();
                (rel.into_owned(), s.reason)
            })
            .collect();
        (files.into_iter().map(|f| f.rel).collect(), skipped)
    }

    #[test]
    fn nested_folders_in_natural_order() {
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            "2024/10/1_a.txt",
            "2024/9/10_b.txt",
            "2024/9/2_c.txt",
            "2024/9/02_c.txt",
            "2023/12/31.txt",
            "top.txt",
        ] {
            touch(dir.path(), rel);
        }
        let (files, skipped) = run(dir.path(), &WalkOptions::default());
        assert_eq!(
            files,
            [
                "2023/12/31.txt",
                "2024/9/2_c.txt",
                "2024/9/02_c.txt",
                "2024/9/10_b.txt",
                "2024/10/1_a.txt",
                "top.txt",
            ]
        );
        assert!(skipped.is_empty());
    }

    #[test]
    fn hidden_entries_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "a.txt");
        touch(dir.path(), ".b.txt");
        touch(dir.path(), ".state/c.txt");
        let (files, _) = run(dir.path(), &WalkOptions::default());
        assert_eq!(files, ["a.txt"]);
        let opts = WalkOptions {
            hidden: true,
            ..Default::default()
        };
        let (files, _) = run(dir.path(), &opts);
        assert_eq!(files, [".b.txt", ".state/c.txt", "a.txt"]);
    }

    #[test]
    fn gitignore_honoured_without_git_folder() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "keep.txt");
        touch(dir.path(), "junk.log");
        touch(dir.path(), "tmp/x.txt");
        touch(dir.path(), "sub/.ignore");
        touch(dir.path(), "sub/y.txt");
        fs::write(dir.path().join(".gitignore"), "*.log\ntmp/\n").unwrap();
        fs::write(dir.path().join("sub/.ignore"), "y.txt\n").unwrap();
        let (files, _) = run(dir.path(), &WalkOptions::default());
        assert_eq!(files, ["keep.txt"]);
        let opts = WalkOptions {
            no_ignore: true,
            ..Default::default()
        };
        let (files, _) = run(dir.path(), &opts);
        assert_eq!(files, ["junk.log", "keep.txt", "sub/y.txt", "tmp/x.txt"]);
    }

    #[test]
    fn globs_include_and_exclude() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["a.txt", "b.log", "d/c.txt", "d/skip.txt", "e.html"] {
            touch(dir.path(), rel);
        }
        let with = |globs: &[&str]| WalkOptions {
            globs: globs.iter().map(|g| g.to_string()).collect(),
            ..Default::default()
        };
        let (files, _) = run(dir.path(), &with(&["*.txt"]));
        assert_eq!(files, ["a.txt", "d/c.txt", "d/skip.txt"]);
        let (files, _) = run(dir.path(), &with(&["!*.log"]));
        assert_eq!(files, ["a.txt", "d/c.txt", "d/skip.txt", "e.html"]);
        let (files, _) = run(dir.path(), &with(&["*.txt", "!skip.*"]));
        assert_eq!(files, ["a.txt", "d/c.txt"]);
        let (files, _) = run(dir.path(), &with(&["d/*"]));
        assert_eq!(files, ["d/c.txt", "d/skip.txt"]);
        let err = walk(&[dir.path().to_path_buf()], &with(&["a[b"])).unwrap_err();
        assert_eq!(err.path, Path::new("a[b"));
        assert!(matches!(err.reason, SkipReason::Other(ref s) if s.starts_with("invalid glob")));
    }

    #[test]
    fn symlinks_followed_only_when_asked_or_named() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        touch(outside.path(), "target.txt");
        touch(outside.path(), "sub/inner.txt");
        touch(dir.path(), "real.txt");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(outside.path().join("target.txt"), &link).unwrap();
        std::os::unix::fs::symlink(outside.path().join("sub"), dir.path().join("linkdir")).unwrap();
        let (files, skipped) = run(dir.path(), &WalkOptions::default());
        assert_eq!(files, ["real.txt"]);
        assert!(skipped.is_empty());
        let follow = WalkOptions {
            follow_links: true,
            ..Default::default()
        };
        let (files, _) = run(dir.path(), &follow);
        assert_eq!(files, ["link.txt", "linkdir/inner.txt", "real.txt"]);

        // Named on the command line: followed either way.
        let (files, _) = walk(
            &[link.clone(), dir.path().join("linkdir")],
            &WalkOptions::default(),
        )
        .unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].path, link);
        assert!(files[0].named);
        assert_eq!(files[1].rel, "inner.txt");
        assert_eq!(files[1].root, 1);
        assert!(!files[1].named);
    }

    #[test]
    fn broken_link_and_loop_when_following() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "a.txt");
        std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("broken")).unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/up")).unwrap();
        std::os::unix::fs::symlink("self", dir.path().join("self")).unwrap();
        // Not following: all three left out silently.
        let (files, skipped) = run(dir.path(), &WalkOptions::default());
        assert_eq!(files, ["a.txt"]);
        assert!(skipped.is_empty());
        let follow = WalkOptions {
            follow_links: true,
            ..Default::default()
        };
        let (files, skipped) = run(dir.path(), &follow);
        assert_eq!(files, ["a.txt"]);
        assert_eq!(
            skipped,
            [
                ("broken".to_string(), SkipReason::BrokenLink),
                ("self".to_string(), SkipReason::Loop),
                ("sub/up".to_string(), SkipReason::Loop),
            ]
        );
        // Named, a broken link is an error that says so.
        let err = walk(&[dir.path().join("broken")], &WalkOptions::default()).unwrap_err();
        assert_eq!(err.reason, SkipReason::BrokenLink);
    }

    #[test]
    fn unreadable_sub_folder_is_skipped() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "a.txt");
        touch(dir.path(), "locked/b.txt");
        let locked = dir.path().join("locked");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let result = run(dir.path(), &WalkOptions::default());
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        let (files, skipped) = result;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let named = walk(std::slice::from_ref(&locked), &WalkOptions::default());
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } == 0 {
            // Root reads through any permission bits.
            assert_eq!(files, ["a.txt", "locked/b.txt"]);
            assert!(skipped.is_empty());
            assert!(named.is_ok());
        } else {
            assert_eq!(files, ["a.txt"]);
            assert_eq!(
                skipped,
                [("locked".to_string(), SkipReason::PermissionDenied)]
            );
            // Named, a folder that cannot be listed is unusable.
            assert_eq!(named.unwrap_err().reason, SkipReason::PermissionDenied);
        }
    }

    #[test]
    fn partial_downloads_and_odd_files_skipped_unless_named() {
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            "a.txt",
            "b.txt.part",
            "c.html.CRDOWNLOAD",
            "d.tmp",
            "e.partial",
            "f.html.download/f.html",
            "partition.txt",
        ] {
            touch(dir.path(), rel);
        }
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let (files, skipped) = run(dir.path(), &WalkOptions::default());
        assert_eq!(files, ["a.txt", "partition.txt"]);
        let other = |s: &str| SkipReason::Other(s.into());
        assert_eq!(
            skipped,
            [
                ("b.txt.part".into(), other("partial download (.part)")),
                (
                    "c.html.CRDOWNLOAD".into(),
                    other("partial download (.crdownload)")
                ),
                ("d.tmp".into(), other("partial download (.tmp)")),
                ("e.partial".into(), other("partial download (.partial)")),
                (
                    "f.html.download".into(),
                    other("partial download (.download)")
                ),
                ("pipe".into(), other("not a regular file")),
            ]
        );
        // Named: taken as they are.
        let named = [dir.path().join("b.txt.part"), fifo];
        let (files, skipped) = walk(&named, &WalkOptions::default()).unwrap();
        assert_eq!(files.len(), 2);
        assert!(files.iter().all(|f| f.named));
        assert!(skipped.is_empty());
    }

    #[test]
    fn stdin_named_files_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "d/x.txt");
        touch(dir.path(), ".hidden.txt");
        let file = dir.path().join(".hidden.txt");
        let args = [PathBuf::from("-"), dir.path().join("d"), file.clone()];
        let (files, skipped) = walk(&args, &WalkOptions::default()).unwrap();
        assert!(skipped.is_empty());
        assert_eq!(
            files,
            [
                Candidate {
                    path: "-".into(),
                    root: 0,
                    rel: "-".into(),
                    named: true
                },
                Candidate {
                    path: dir.path().join("d/x.txt"),
                    root: 1,
                    rel: "x.txt".into(),
                    named: false
                },
                Candidate {
                    path: file.clone(),
                    root: 2,
                    rel: file.to_string_lossy().into_owned(),
                    named: true
                },
            ]
        );

        // The first missing argument is the error, before anything is
        // walked.
        let missing = dir.path().join("nope.txt");
        let args = [
            dir.path().to_path_buf(),
            missing.clone(),
            dir.path().join("also-missing"),
        ];
        let err = walk(&args, &WalkOptions::default()).unwrap_err();
        assert_eq!(
            err,
            WalkError {
                path: missing.clone(),
                reason: SkipReason::NotFound
            }
        );
        assert_eq!(
            err.to_string(),
            format!("cannot read {}: no such file", missing.display())
        );
    }

    /// A folder with a bit of everything.
    fn messy(root: &Path) {
        use std::os::unix::fs::symlink;
        for rel in [
            "2024/1/10.txt",
            "2024/1/9.txt",
            "2024/12/01.txt",
            "2024/12/1.txt",
            ".hidden/a.txt",
            ".b.txt",
            "junk.log",
            "x.part",
            "y.html.download/y.html",
            "deep/a/b/c/d.txt",
        ] {
            touch(root, rel);
        }
        fs::write(root.join(".gitignore"), "*.log\n").unwrap();
        symlink(root.join("2024/1"), root.join("link1")).unwrap();
        symlink(root.join("2024/1/9.txt"), root.join("deep/nine")).unwrap();
        symlink(root.join("gone"), root.join("deep/broken")).unwrap();
        symlink(root, root.join("deep/a/up")).unwrap();
    }

    #[test]
    fn sequential_and_parallel_walks_agree() {
        let dir = tempfile::tempdir().unwrap();
        messy(dir.path());
        for hidden in [false, true] {
            for no_ignore in [false, true] {
                for follow_links in [false, true] {
                    let opts = WalkOptions {
                        hidden,
                        no_ignore,
                        follow_links,
                        globs: Vec::new(),
                    };
                    let parallel = walk_folder(dir.path(), 3, &opts, 4).unwrap();
                    let alone = walk_folder_alone(dir.path(), 3, &opts).unwrap();
                    assert_eq!(parallel, alone, "{opts:?}");
                    assert!(parallel.0.len() >= 5, "{opts:?}");
                }
            }
        }
        let opts = WalkOptions {
            follow_links: true,
            ..Default::default()
        };
        let (files, skipped) = walk_folder_alone(dir.path(), 0, &opts).unwrap();
        let rels: Vec<_> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "2024/1/9.txt",
                "2024/1/10.txt",
                "2024/12/1.txt",
                "2024/12/01.txt",
                "deep/a/b/c/d.txt",
                "deep/nine",
                "link1/9.txt",
                "link1/10.txt",
            ]
        );
        let reasons: Vec<_> = skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "symlink loop",
                "broken link",
                "partial download (.part)",
                "partial download (.download)"
            ]
        );
    }

    #[test]
    fn many_folders_keep_argument_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut args = Vec::new();
        for day in (1..=9).rev() {
            touch(dir.path(), &format!("{day}/b.txt"));
            touch(dir.path(), &format!("{day}/a.txt"));
            args.push(dir.path().join(day.to_string()));
        }
        let file = dir.path().join("5/a.txt");
        args.insert(4, file.clone());
        let folders: Vec<(usize, &Path)> = args
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_dir())
            .map(|(i, a)| (i, a.as_path()))
            .collect();
        // Fewer threads than folders: whole folders per thread; more: one
        // parallel walk after another. The same either way.
        let pooled = walk_folders(&folders, &WalkOptions::default(), 3);
        let each = walk_folders(&folders, &WalkOptions::default(), 64);
        assert_eq!(pooled, each);
        let (files, _) = walk(&args, &WalkOptions::default()).unwrap();
        let got: Vec<_> = files
            .iter()
            .map(|f| (f.root, f.path.strip_prefix(dir.path()).unwrap()))
            .collect();
        let mut want = Vec::new();
        for (root, day) in (1..=9).rev().enumerate() {
            let root = if root >= 4 { root + 1 } else { root };
            want.push((root, PathBuf::from(format!("{day}/a.txt"))));
            want.push((root, PathBuf::from(format!("{day}/b.txt"))));
        }
        want.insert(8, (4, PathBuf::from("5/a.txt")));
        let want: Vec<_> = want.iter().map(|(r, p)| (*r, p.as_path())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn bad_ignore_file_line_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "sub/a.txt");
        fs::write(dir.path().join("sub/.ignore"), "ok.txt\n{a,b\n").unwrap();
        let (files, skipped) = run(dir.path(), &WalkOptions::default());
        assert_eq!(files, ["sub/a.txt"]);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].0, "sub/.ignore");
        assert!(
            matches!(&skipped[0].1, SkipReason::Other(s) if s.starts_with("line 2:")),
            "{skipped:?}"
        );
    }

    #[test]
    fn relative_roots_give_clean_rels() {
        assert_eq!(rel_path(Path::new("."), Path::new("./a/b.txt")), "a/b.txt");
        assert_eq!(rel_path(Path::new("d/"), Path::new("d/b.txt")), "b.txt");
        assert_eq!(rel_path(Path::new("/"), Path::new("/etc/x")), "etc/x");
        assert_eq!(rel_path(Path::new("d"), Path::new("d/e/f")), "e/f");
    }

    /// Timing against `rg --files`: `cargo test --release --lib
    /// input::walk::tests::bench -- --ignored --nocapture` with a folder
    /// in `WALKBENCH` (default `/tmp/walkbench`).
    #[test]
    #[ignore]
    fn bench() {
        let dir = std::env::var_os("WALKBENCH").map_or("/tmp/walkbench".into(), PathBuf::from);
        for _ in 0..5 {
            let t = std::time::Instant::now();
            let (files, skipped) =
                walk(std::slice::from_ref(&dir), &WalkOptions::default()).unwrap();
            eprintln!(
                "{} files, {} skipped in {:?}",
                files.len(),
                skipped.len(),
                t.elapsed()
            );
        }
    }
}
