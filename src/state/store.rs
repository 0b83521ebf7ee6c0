//! The reader's decisions about articles — read, starred, tags, a one-line
//! note — kept in a SQLite file so that they survive restarts, and so that
//! two readers open at once on the same file see each other's changes.
//!
//! Only articles whose state differs from the default are stored: most
//! articles are never touched, and a row for every article ever seen would
//! make the file grow with every dump opened.
//!
//! # Layout
//!
//! * `article(key, read, starred, note, updated)`: one row per article whose
//!   state is not the default, tags or not, so that `updated` says when the
//!   article was last changed.
//! * `tag(key, name)`: one row per tag on an article, with an index on
//!   `name` for counting and, later, filtering by tag.
//!
//! # Schema changes
//!
//! [`MIGRATIONS`] holds the SQL that takes a file from each schema version
//! to the next, and `PRAGMA user_version` says how many of them a file has
//! had. A later release appends to the list and never edits an entry that
//! has shipped, since files in the wild have already run it.
//!
//! # Damaged files
//!
//! A damaged file cannot be mended here, and a reader that refused to keep
//! state until someone deleted it would serve the user worse than one that
//! starts afresh: so a file that is not a database, or that fails
//! `PRAGMA quick_check`, is renamed out of the way (kept for whoever wants
//! to recover it) and an empty one takes its place. A file that is
//! merely unreachable (permissions, a read-only disk) is left alone and
//! reported, since moving it would not help and might lose it.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::types::ValueRef;
use rusqlite::{
    CachedStatement, Connection, ErrorCode, MAIN_DB, OpenFlags, TransactionBehavior, params,
};

use super::key::Key;

/// The longest tag name accepted, in characters: tags are shown in lists
/// and a status line, where a paragraph would not fit.
pub const MAX_TAG_CHARS: usize = 64;

/// The longest note kept, in characters; longer ones are cut.
pub const MAX_NOTE_CHARS: usize = 500;

/// The SQL that takes a state file from schema version `i` to `i + 1`, for
/// each `i`; the schema version of this build is the length of the list.
/// Append only: an entry that has shipped has already run on users' files.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema. WITHOUT ROWID because every lookup is by key,
    // and it saves storing each 16-byte key twice.
    "CREATE TABLE article (
         key BLOB PRIMARY KEY,
         read INTEGER NOT NULL DEFAULT 0,
         starred INTEGER NOT NULL DEFAULT 0,
         note TEXT,
         updated INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE TABLE tag (
         key BLOB NOT NULL,
         name TEXT NOT NULL,
         PRIMARY KEY (key, name)
     ) WITHOUT ROWID;
     CREATE INDEX tag_name ON tag (name);",
];

/// What the user has decided about one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Marked as read.
    pub read: bool,
    /// Starred.
    pub starred: bool,
    /// Tag names, sorted and without duplicates.
    pub tags: Vec<String>,
    /// A one-line note, never empty.
    pub note: Option<String>,
}

impl State {
    /// Whether this is the state of an article never touched: unread,
    /// unstarred, untagged, without a note. Such states are not stored.
    pub fn is_default(&self) -> bool {
        !self.read && !self.starred && self.tags.is_empty() && self.note.is_none()
    }

    /// This state with `change` made to it, as [`Store::apply`] would store
    /// it: for keeping an in-memory copy in step with the store without
    /// reading it back. Errs (one line) on an invalid tag name.
    pub fn with_change(&self, change: &Change) -> Result<State, String> {
        let change = change.cleaned()?;
        let mut state = self.clone();
        state.change(&change);
        Ok(state)
    }

    /// Makes a change already cleaned by [`Change::cleaned`].
    fn change(&mut self, change: &Change) {
        match change {
            Change::Read(read) => self.read = *read,
            Change::Star(starred) => self.starred = *starred,
            Change::AddTag(name) => {
                if let Err(at) = self.tags.binary_search(name) {
                    self.tags.insert(at, name.clone());
                }
            }
            Change::RemoveTag(name) => {
                if let Ok(at) = self.tags.binary_search(name) {
                    self.tags.remove(at);
                }
            }
            Change::Note(note) => self.note.clone_from(note),
        }
    }
}

/// One thing the user does to one or more articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Mark as read (`true`) or unread.
    Read(bool),
    /// Star (`true`) or unstar.
    Star(bool),
    /// Add a tag; the name is checked with [`check_tag`].
    AddTag(String),
    /// Remove a tag, if there; the name is trimmed.
    RemoveTag(String),
    /// Set the note (cleaned with [`clean_note`]), or remove it with `None`.
    Note(Option<String>),
}

impl Change {
    /// The change with its tag name or note in the form stored, or a
    /// one-line reason why the tag name is not acceptable.
    fn cleaned(&self) -> Result<Change, String> {
        Ok(match self {
            Change::AddTag(name) => {
                Change::AddTag(check_tag(name).map_err(|why| format!("tag {name:?}: {why}"))?)
            }
            // Not checked: removing is harmless, and a name that would not
            // pass today may still need removing from an older file.
            Change::RemoveTag(name) => Change::RemoveTag(name.trim().to_owned()),
            Change::Note(Some(text)) => Change::Note(clean_note(text)),
            other => other.clone(),
        })
    }
}

/// A tag name in the form stored (trimmed), or a one-line reason why it is
/// not acceptable: empty, containing a control character, or longer than
/// [`MAX_TAG_CHARS`] characters.
pub fn check_tag(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a tag name cannot be empty".to_owned());
    }
    if name.chars().any(char::is_control) {
        return Err("a tag name cannot contain control characters".to_owned());
    }
    let chars = name.chars().count();
    if chars > MAX_TAG_CHARS {
        return Err(format!(
            "a tag name can have at most {MAX_TAG_CHARS} characters, not {chars}"
        ));
    }
    Ok(name.to_owned())
}

/// A note in the form stored: one line (line breaks and tabs become
/// spaces, other control characters go), trimmed, cut to
/// [`MAX_NOTE_CHARS`] characters; `None` if nothing is left.
pub fn clean_note(text: &str) -> Option<String> {
    let mut line = String::with_capacity(text.len().min(4 * MAX_NOTE_CHARS));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // One space for a Windows line end, not two.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                line.push(' ');
            }
            c if c.is_control() => {}
            c => line.push(c),
        }
    }
    let line = line.trim();
    let cut = match line.char_indices().nth(MAX_NOTE_CHARS) {
        Some((end, _)) => line[..end].trim_end(),
        None => line,
    };
    (!cut.is_empty()).then(|| cut.to_owned())
}

/// The state file, open.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What [`Store::open`] gives: the store, and a line for the user when
/// something had to be done to get it (a damaged file set aside).
#[derive(Debug)]
pub struct Opened {
    /// The open store.
    pub store: Store,
    /// One line to show the user, naming the paths involved, if the file
    /// had to be set aside.
    pub note: Option<String>,
}

/// Why opening failed, which decides whether to set the file aside.
enum OpenError {
    /// The file is not a usable database: the reason, without the path.
    Damaged(String),
    /// Another process holds a lock the busy timeout does not cover
    /// (setting up WAL on a file being made): tried again.
    Busy(String),
    /// Anything else: the whole one-line message, with the path.
    Failed(String),
}

impl Store {
    /// Opens the state file at `path`, creating it and its directories if
    /// need be, and bringing its schema up to date. A damaged file is set
    /// aside as `<name>.corrupt-<unix seconds>` (with its `-wal` and `-shm`)
    /// and replaced with an empty one, which [`Opened::note`] reports.
    /// Errs with one line naming the path when the file cannot be used at
    /// all: a directory that cannot be created or written, a file that
    /// cannot be opened, a file from a newer release of newsdump.
    pub fn open(path: &Path) -> Result<Opened, String> {
        Store::open_with(path, true)
    }

    /// [`Store::open`] without SQLite's integrity check (it reads the
    /// whole file): for the reader, which runs [`Store::check`] on another
    /// connection while its first screen is drawn.
    pub fn open_unchecked(path: &Path) -> Result<Opened, String> {
        Store::open_with(path, false)
    }

    fn open_with(path: &Path, check: bool) -> Result<Opened, String> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                one_line(format!(
                    "cannot create the state directory {}: {e}",
                    dir.display()
                ))
            })?;
        }
        // Two processes making the same new file at once: the one that
        // loses the race to switch it to WAL is told "locked" at once,
        // whatever the busy timeout; it waits a little and tries again.
        let mut tries = 0;
        let first = loop {
            match Self::open_checked(path, check) {
                Err(OpenError::Busy(message)) => {
                    tries += 1;
                    if tries >= 50 {
                        break Err(OpenError::Failed(message));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => break other,
            }
        };
        match first {
            Ok(store) => Ok(Opened { store, note: None }),
            Err(OpenError::Failed(message) | OpenError::Busy(message)) => Err(message),
            Err(OpenError::Damaged(why)) => {
                let aside = set_aside(path)?;
                let store = Self::open_checked(path, check).map_err(|e| match e {
                    OpenError::Failed(message) | OpenError::Busy(message) => message,
                    OpenError::Damaged(why) => one_line(format!(
                        "cannot make a new state database {}: {why}",
                        path.display()
                    )),
                })?;
                Ok(Opened {
                    store,
                    note: Some(damaged_note(path, &why, &aside)),
                })
            }
        }
    }

    fn open_checked(path: &Path, check: bool) -> Result<Store, OpenError> {
        // No SQLITE_OPEN_URI: a path is a path, even one starting "file:".
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|e| classify(path, "cannot open the state database", &e))?;
        // SQLite silently opens a write-protected file read-only; better to
        // say so now than to fail at the first keypress.
        if conn
            .is_readonly(MAIN_DB)
            .map_err(|e| classify(path, "cannot open the state database", &e))?
        {
            return Err(OpenError::Failed(format!(
                "cannot write the state database {}: the file is read-only",
                path.display()
            )));
        }
        // The busy timeout first, so that the rest waits for another reader
        // holding a lock instead of failing. journal_mode is the first thing
        // to read the file, so a file that is not a database fails there.
        // A 32 MiB page cache (taken only as used) holds the tables of a few
        // hundred thousand states, so that a bulk change does not spill to
        // the WAL midway and read pages back.
        conn.execute_batch(
            "PRAGMA busy_timeout = 5000;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -32768;",
        )
        .map_err(|e| classify(path, "cannot set up the state database", &e))?;
        if check {
            quick_check(&conn, path)?;
        }
        migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// The path of the state file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every stored state, by key. States are only stored when not the
    /// default, so a key absent from the map has the default state. Rows
    /// that are not what this build writes (a key of the wrong length, a
    /// name that is not text) are skipped.
    pub fn load_all(&self) -> Result<HashMap<Key, State>, String> {
        load_all(&self.conn).map_err(|e| read_error(&self.path, &e))
    }

    /// Makes `change` to the articles `keys` (duplicates count once), all in
    /// one transaction, and gives each key's state from before the change,
    /// sorted by key, for [`Store::restore`] to undo it. Making the
    /// same change again changes nothing. Errs (one line) on an invalid tag
    /// name, having changed nothing.
    pub fn apply(&mut self, change: &Change, keys: &[Key]) -> Result<Vec<(Key, State)>, String> {
        self.apply_all(std::slice::from_ref(change), keys)
    }

    /// [`Store::apply`] for several changes, made in order, all in one
    /// transaction: a command that reads and stars either did both or,
    /// killed, neither. The states returned are from before them all.
    pub fn apply_all(
        &mut self,
        changes: &[Change],
        keys: &[Key],
    ) -> Result<Vec<(Key, State)>, String> {
        let changes = changes
            .iter()
            .map(Change::cleaned)
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        apply(&mut self.conn, &changes, keys).map_err(|e| write_error(&self.path, &e))
    }

    /// Writes the states `before` back as they are, all in one transaction:
    /// the undo of the [`Store::apply`] that returned them.
    pub fn restore(&mut self, before: &[(Key, State)]) -> Result<(), String> {
        if before.is_empty() {
            return Ok(());
        }
        restore(&mut self.conn, before).map_err(|e| write_error(&self.path, &e))
    }

    /// The states of `keys` (the default for a key with none stored).
    pub fn states_of(&mut self, keys: &[Key]) -> Result<Vec<(Key, State)>, String> {
        let mut w = Writer::new(&self.conn).map_err(|e| read_error(&self.path, &e))?;
        keys.iter()
            .map(|k| Ok((*k, w.read(k)?)))
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| read_error(&self.path, &e))
    }

    /// SQLite's integrity check, as [`Store::open`] runs it: `Ok(Some)`
    /// says why the file is damaged (see [`Store::set_aside`]); `Err`, why
    /// the check could not run.
    pub fn check(&self) -> Result<Option<String>, String> {
        match quick_check(&self.conn, &self.path) {
            Ok(()) => Ok(None),
            Err(OpenError::Damaged(why)) => Ok(Some(why)),
            Err(OpenError::Failed(m) | OpenError::Busy(m)) => Err(m),
        }
    }

    /// A damaged file set aside (as [`Store::open`] does) and a fresh one
    /// made in its place; the note says where the old one went.
    pub fn set_aside(self, why: &str) -> Result<Opened, String> {
        let path = self.path.clone();
        drop(self);
        let aside = set_aside(&path)?;
        let store = Store::open(&path)?.store;
        Ok(Opened {
            store,
            note: Some(damaged_note(&path, why, &aside)),
        })
    }

    /// A second connection to the same file, for reading only: what
    /// [`Store::open`] checked and migrated is not done again.
    pub fn reader(&self) -> Result<Store, String> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)
            .map_err(|e| read_error(&self.path, &e))?;
        conn.execute_batch("PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768;")
            .map_err(|e| read_error(&self.path, &e))?;
        Ok(Store {
            conn,
            path: self.path.clone(),
        })
    }

    /// A number that changes when another connection commits (SQLite's
    /// `data_version`): how the reader notices another process's changes.
    pub fn data_version(&self) -> Result<i64, String> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| read_error(&self.path, &e))
    }

    /// Every tag in use with the number of articles that carry it, the most
    /// used first, then by name.
    pub fn tag_counts(&self) -> Result<Vec<(String, u64)>, String> {
        tag_counts(&self.conn).map_err(|e| read_error(&self.path, &e))
    }
}

/// SQLite's quick integrity check: `Damaged` with the first fault.
fn quick_check(conn: &Connection, path: &Path) -> Result<(), OpenError> {
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|e| classify(path, "cannot check the state database", &e))?;
    if check != "ok" {
        // The report is a list of every fault, each page on its own
        // line; the first real one is enough to say why.
        let first = check
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with("***"))
            .unwrap_or("failed");
        let first: String = first.chars().take(160).collect();
        return Err(OpenError::Damaged(format!("integrity check: {first}")));
    }
    Ok(())
}

/// What the user is told when a damaged file was set aside.
fn damaged_note(path: &Path, why: &str, aside: &Path) -> String {
    one_line(format!(
        "the state database {} was damaged ({why}): moved it to {} and started an empty one",
        path.display(),
        aside.display()
    ))
}

/// The schema version of this build.
fn schema_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), OpenError> {
    let failed = |e: rusqlite::Error| classify(path, "cannot update the state database", &e);
    if check_version(conn, path)? == schema_version() {
        return Ok(());
    }
    // IMMEDIATE, and the version read again inside: another reader may be
    // migrating the same file right now, and must not run it twice.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(failed)?;
    let from = check_version(&tx, path)?;
    let pending = usize::try_from(from)
        .ok()
        .and_then(|from| MIGRATIONS.get(from..))
        .unwrap_or_default();
    for sql in pending {
        tx.execute_batch(sql).map_err(failed)?;
    }
    tx.pragma_update(None, "user_version", schema_version())
        .map_err(failed)?;
    tx.commit().map_err(failed)
}

/// The file's schema version, or an error if this build cannot use it.
fn check_version(conn: &Connection, path: &Path) -> Result<i64, OpenError> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| classify(path, "cannot read the state database", &e))?;
    let known = schema_version();
    if version > known {
        return Err(OpenError::Failed(format!(
            "cannot use the state database {}: its schema version {version} is newer than this newsdump knows ({known}); update newsdump or move the file away",
            path.display()
        )));
    }
    if version < 0 {
        return Err(OpenError::Failed(format!(
            "cannot use the state database {}: unknown schema version {version}",
            path.display()
        )));
    }
    Ok(version)
}

/// Sorts an SQLite error into a damaged file (set aside) or anything else.
fn classify(path: &Path, what: &str, e: &rusqlite::Error) -> OpenError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            OpenError::Damaged(one_line(e.to_string()))
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            OpenError::Busy(one_line(format!("{what} {}: {e}", path.display())))
        }
        _ => OpenError::Failed(one_line(format!("{what} {}: {e}", path.display()))),
    }
}

/// Renames a damaged file, with its `-wal` and `-shm`, to a name not taken,
/// and gives that name.
fn set_aside(path: &Path) -> Result<PathBuf, String> {
    let base = with_suffix(path, &format!(".corrupt-{}", unix_now()));
    let mut aside = base.clone();
    let mut n = 1;
    // Two damaged files within the same second must not overwrite each other.
    while aside.symlink_metadata().is_ok() || with_suffix(&aside, "-wal").symlink_metadata().is_ok()
    {
        aside = with_suffix(&base, &format!("-{n}"));
        n += 1;
    }
    let moved = |from: &Path, to: &Path, e: std::io::Error| {
        one_line(format!(
            "cannot move the damaged state database {} to {}: {e}",
            from.display(),
            to.display()
        ))
    };
    std::fs::rename(path, &aside).map_err(|e| moved(path, &aside, e))?;
    // The old -wal must go too: SQLite would otherwise replay its frames
    // into the new, empty file.
    for suffix in ["-wal", "-shm"] {
        let (from, to) = (with_suffix(path, suffix), with_suffix(&aside, suffix));
        match std::fs::rename(&from, &to) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(moved(&from, &to, e));
            }
            _ => {}
        }
    }
    Ok(aside)
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

fn one_line(message: String) -> String {
    if message.contains(['\n', '\r']) {
        message.replace("\r\n", " ").replace(['\n', '\r'], " ")
    } else {
        message
    }
}

fn read_error(path: &Path, e: &dyn Display) -> String {
    one_line(format!(
        "cannot read the state database {}: {e}",
        path.display()
    ))
}

fn write_error(path: &Path, e: &dyn Display) -> String {
    one_line(format!(
        "cannot write the state database {}: {e}",
        path.display()
    ))
}

/// A key from a `key` column, if it is one this build could have written.
fn key_of(value: ValueRef<'_>) -> Option<Key> {
    match value {
        ValueRef::Blob(bytes) => <[u8; 16]>::try_from(bytes).ok().map(Key),
        _ => None,
    }
}

/// A flag column, lenient about what another program may have put there.
fn flag(value: ValueRef<'_>) -> bool {
    match value {
        ValueRef::Integer(n) => n != 0,
        ValueRef::Real(x) => x != 0.0,
        _ => false,
    }
}

/// A text column; `None` for anything else, and for empty text, which this
/// build never writes.
fn text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Text(bytes) if !bytes.is_empty() => {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
        _ => None,
    }
}

fn load_all(conn: &Connection) -> rusqlite::Result<HashMap<Key, State>> {
    // One read transaction, so that both scans see the same snapshot even
    // while another reader writes.
    let tx = conn.unchecked_transaction()?;
    // Both scans come in key order (the primary keys' order, so no sort),
    // which lets tags be matched to articles by walking both lists at once:
    // a hash lookup per tag costs more than the scans themselves.
    let mut articles: Vec<(Key, State)> = Vec::new();
    let mut orphans: Vec<(Key, String)> = Vec::new();
    {
        let mut scan =
            tx.prepare_cached("SELECT key, read, starred, note FROM article ORDER BY key")?;
        let mut rows = scan.query([])?;
        while let Some(row) = rows.next()? {
            let Some(key) = key_of(row.get_ref(0)?) else {
                continue;
            };
            let state = State {
                read: flag(row.get_ref(1)?),
                starred: flag(row.get_ref(2)?),
                tags: Vec::new(),
                note: text(row.get_ref(3)?),
            };
            articles.push((key, state));
        }
        // Then by name within a key, so each article's tags come sorted.
        let mut scan = tx.prepare_cached("SELECT key, name FROM tag ORDER BY key, name")?;
        let mut rows = scan.query([])?;
        let mut at = 0;
        while let Some(row) = rows.next()? {
            let (Some(key), Some(name)) = (key_of(row.get_ref(0)?), text(row.get_ref(1)?)) else {
                continue;
            };
            while articles.get(at).is_some_and(|(k, _)| *k < key) {
                at += 1;
            }
            match articles.get_mut(at) {
                Some((k, state)) if *k == key => state.tags.push(name),
                // Tags without an article row: only if another program
                // wrote them, but they are still state.
                _ => orphans.push((key, name)),
            }
        }
    }
    tx.commit()?;
    let mut states = HashMap::with_capacity(articles.len());
    // A default state only if another program wrote the row.
    states.extend(
        articles
            .into_iter()
            .filter(|(_, state)| !state.is_default()),
    );
    for (key, name) in orphans {
        states
            .entry(key)
            .or_insert_with(State::default)
            .tags
            .push(name);
    }
    Ok(states)
}

fn apply(
    conn: &mut Connection,
    changes: &[Change],
    keys: &[Key],
) -> rusqlite::Result<Vec<(Key, State)>> {
    // IMMEDIATE: a read transaction that later wants to write can fail
    // with SQLITE_BUSY at once, without waiting out the busy timeout.
    // In key order: B-tree pages are then visited once each, in turn,
    // instead of at random, which is most of the cost of a bulk change once
    // the tables outgrow the page cache. Duplicates go, too: a key twice
    // would have its second "before" be the state after the change, and
    // undo would not undo.
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut before = Vec::with_capacity(keys.len());
    {
        let mut writer = Writer::new(&tx)?;
        for key in keys {
            let old = writer.read(&key)?;
            let mut new = old.clone();
            for change in changes {
                new.change(change);
            }
            if new != old {
                writer.write(&key, Some(&old), &new)?;
            }
            before.push((key, old));
        }
    }
    tx.commit()?;
    Ok(before)
}

fn restore(conn: &mut Connection, before: &[(Key, State)]) -> rusqlite::Result<()> {
    // In key order, as in apply; stable, so that of two states for one key
    // the later is still written last.
    let mut before: Vec<&(Key, State)> = before.iter().collect();
    before.sort_by_key(|(key, _)| *key);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut writer = Writer::new(&tx)?;
        for (key, state) in before {
            writer.write(key, None, state)?;
        }
    }
    tx.commit()
}

fn tag_counts(conn: &Connection) -> rusqlite::Result<Vec<(String, u64)>> {
    // The same rows load_all would keep.
    let mut counts = conn.prepare_cached(
        "SELECT name, count(*) AS n FROM tag
         WHERE typeof(key) = 'blob' AND length(key) = 16
         GROUP BY name ORDER BY n DESC, name",
    )?;
    let mut rows = counts.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let Some(name) = text(row.get_ref(0)?) else {
            continue;
        };
        let n: i64 = row.get(1)?;
        out.push((name, u64::try_from(n).unwrap_or(0)));
    }
    Ok(out)
}

/// The statements of a write transaction, prepared once for all its keys:
/// a bulk change of 100,000 articles must not parse SQL 100,000 times.
struct Writer<'c> {
    get_article: CachedStatement<'c>,
    get_tags: CachedStatement<'c>,
    put_article: CachedStatement<'c>,
    delete_article: CachedStatement<'c>,
    add_tag: CachedStatement<'c>,
    remove_tag: CachedStatement<'c>,
    remove_tags: CachedStatement<'c>,
    now: i64,
}

impl<'c> Writer<'c> {
    fn new(conn: &'c Connection) -> rusqlite::Result<Self> {
        Ok(Writer {
            get_article: conn
                .prepare_cached("SELECT read, starred, note FROM article WHERE key = ?1")?,
            get_tags: conn.prepare_cached("SELECT name FROM tag WHERE key = ?1 ORDER BY name")?,
            put_article: conn.prepare_cached(
                "INSERT INTO article (key, read, starred, note, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (key) DO UPDATE SET
                     read = excluded.read, starred = excluded.starred,
                     note = excluded.note, updated = excluded.updated",
            )?,
            delete_article: conn.prepare_cached("DELETE FROM article WHERE key = ?1")?,
            add_tag: conn
                .prepare_cached("INSERT OR IGNORE INTO tag (key, name) VALUES (?1, ?2)")?,
            remove_tag: conn.prepare_cached("DELETE FROM tag WHERE key = ?1 AND name = ?2")?,
            remove_tags: conn.prepare_cached("DELETE FROM tag WHERE key = ?1")?,
            now: i64::try_from(unix_now()).unwrap_or(i64::MAX),
        })
    }

    fn read(&mut self, key: &Key) -> rusqlite::Result<State> {
        let mut state = State::default();
        let mut rows = self.get_article.query([&key.0[..]])?;
        if let Some(row) = rows.next()? {
            state.read = flag(row.get_ref(0)?);
            state.starred = flag(row.get_ref(1)?);
            state.note = text(row.get_ref(2)?);
        }
        // Tags are read even without an article row, so that what apply
        // sees agrees with load_all on a file another program wrote.
        let mut rows = self.get_tags.query([&key.0[..]])?;
        while let Some(row) = rows.next()? {
            if let Some(name) = text(row.get_ref(0)?) {
                state.tags.push(name);
            }
        }
        Ok(state)
    }

    /// Writes `new` for `key`. With `old`, the state now stored, only the
    /// tags that differ are touched; without, all the key's tags are
    /// replaced.
    fn write(&mut self, key: &Key, old: Option<&State>, new: &State) -> rusqlite::Result<()> {
        let k = &key.0[..];
        if new.is_default() {
            self.delete_article.execute([k])?;
        } else {
            self.put_article
                .execute(params![k, new.read, new.starred, new.note, self.now])?;
        }
        match old {
            Some(old) => {
                for name in old.tags.iter().filter(|name| !new.tags.contains(name)) {
                    self.remove_tag.execute(params![k, name])?;
                }
                for name in new.tags.iter().filter(|name| !old.tags.contains(name)) {
                    self.add_tag.execute(params![k, name])?;
                }
            }
            None => {
                self.remove_tags.execute([k])?;
                for name in &new.tags {
                    self.add_tag.execute(params![k, name])?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn key(n: u32) -> Key {
        let mut bytes = [0xA5; 16];
        bytes[..4].copy_from_slice(&n.to_le_bytes());
        Key(bytes)
    }

    /// A key spread over all 16 bytes like a real hash, so that bulk tests
    /// meet keys in no particular order.
    fn hashed_key(n: u32) -> Key {
        let mix = |mut z: u64| {
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let seed = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut bytes = [0; 16];
        bytes[..8].copy_from_slice(&mix(seed).to_le_bytes());
        bytes[8..].copy_from_slice(&mix(seed ^ 0xD1B5_4A32_D192_ED03).to_le_bytes());
        Key(bytes)
    }

    fn open(path: &Path) -> Store {
        let opened = Store::open(path).unwrap();
        assert_eq!(opened.note, None);
        opened.store
    }

    fn tags(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn article_rows(store: &Store) -> i64 {
        store
            .conn
            .query_row("SELECT count(*) FROM article", [], |r| r.get(0))
            .unwrap()
    }

    fn tag_rows(store: &Store) -> i64 {
        store
            .conn
            .query_row("SELECT count(*) FROM tag", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn check_tag_cleans_and_refuses() {
        assert_eq!(check_tag("  rust \t").unwrap(), "rust");
        assert_eq!(check_tag("两会 报道").unwrap(), "两会 报道");
        assert!(check_tag("").is_err());
        assert!(check_tag("   ").is_err());
        assert!(check_tag("a\u{7}b").is_err());
        assert!(check_tag("a\nb").is_err());
        let long = "字".repeat(MAX_TAG_CHARS);
        assert_eq!(check_tag(&long).unwrap(), long);
        let reason = check_tag(&format!("{long}x")).unwrap_err();
        assert!(!reason.contains('\n'), "{reason}");
    }

    #[test]
    fn clean_note_makes_one_line() {
        assert_eq!(clean_note(""), None);
        assert_eq!(clean_note(" \n\t "), None);
        assert_eq!(clean_note("\u{1b}\u{7}"), None);
        assert_eq!(clean_note("a\r\nb\nc\rd\te").as_deref(), Some("a b c d e"));
        assert_eq!(clean_note("  x\u{1b}[1my  ").as_deref(), Some("x[1my"));
        assert_eq!(clean_note("a\u{2028}b").as_deref(), Some("a b"));
        let long = "长".repeat(MAX_NOTE_CHARS + 10);
        assert_eq!(clean_note(&long).unwrap().chars().count(), MAX_NOTE_CHARS);
        let spaced = format!("{} tail", "x".repeat(MAX_NOTE_CHARS - 1));
        assert_eq!(clean_note(&spaced).unwrap(), "x".repeat(MAX_NOTE_CHARS - 1));
    }

    #[test]
    fn every_change_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let (a, b) = (key(1), key(2));
        let mut expect = State::default();
        {
            let mut store = open(&path);
            let changes = [
                Change::Read(true),
                Change::Star(true),
                Change::AddTag(" zeta ".into()),
                Change::AddTag("alpha".into()),
                Change::AddTag("alpha".into()),
                Change::Note(Some("first line\nsecond".into())),
            ];
            for change in &changes {
                store.apply(change, &[a, b]).unwrap();
                expect = expect.with_change(change).unwrap();
                let all = store.load_all().unwrap();
                assert_eq!(all.len(), 2);
                assert_eq!(all[&a], expect);
                assert_eq!(all[&b], expect);
            }
            assert_eq!(
                expect,
                State {
                    read: true,
                    starred: true,
                    tags: tags(&["alpha", "zeta"]),
                    note: Some("first line second".into()),
                }
            );
        }
        // And it is on disk, not just in the connection.
        let mut store = open(&path);
        assert_eq!(store.load_all().unwrap()[&a], expect);
        let changes = [
            Change::Read(false),
            Change::Star(false),
            Change::RemoveTag(" alpha".into()),
            Change::RemoveTag("absent".into()),
            Change::Note(Some("  \n ".into())),
        ];
        for change in &changes {
            store.apply(change, &[a]).unwrap();
            expect = expect.with_change(change).unwrap();
            assert_eq!(store.load_all().unwrap()[&a], expect);
        }
        assert_eq!(
            expect,
            State {
                tags: tags(&["zeta"]),
                ..State::default()
            }
        );
        store.apply(&Change::Note(Some("n".into())), &[a]).unwrap();
        store.apply(&Change::Note(None), &[a]).unwrap();
        assert_eq!(store.load_all().unwrap()[&a].note, None);
    }

    #[test]
    fn apply_returns_before_and_restore_undoes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("state.db"));
        let keys: Vec<Key> = (0..6).map(key).collect();
        store.apply(&Change::Read(true), &keys[..2]).unwrap();
        store
            .apply(&Change::AddTag("x".into()), &keys[1..4])
            .unwrap();
        store
            .apply(&Change::AddTag("y".into()), &keys[3..5])
            .unwrap();
        store
            .apply(&Change::Note(Some("kept".into())), &keys[2..3])
            .unwrap();
        let original = store.load_all().unwrap();

        let mut shuffled = keys.clone();
        shuffled.reverse();
        let before = store.apply(&Change::AddTag("x".into()), &shuffled).unwrap();
        let got: Vec<Key> = before.iter().map(|(k, _)| *k).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(got, sorted);
        for (k, state) in &before {
            assert_eq!(state, original.get(k).unwrap_or(&State::default()));
        }
        assert!(
            store
                .load_all()
                .unwrap()
                .values()
                .all(|s| s.tags.contains(&"x".into()))
        );

        store.restore(&before).unwrap();
        assert_eq!(store.load_all().unwrap(), original);

        // Undo of a removal that emptied states.
        let before = store.apply(&Change::Read(false), &keys).unwrap();
        let before2 = store.apply(&Change::RemoveTag("x".into()), &keys).unwrap();
        store.restore(&before2).unwrap();
        store.restore(&before).unwrap();
        assert_eq!(store.load_all().unwrap(), original);
    }

    #[test]
    fn apply_is_idempotent_and_counts_duplicates_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("state.db"));
        let (a, b) = (key(1), key(2));
        let before = store.apply(&Change::Star(true), &[b, a, b, a]).unwrap();
        assert_eq!(before, vec![(a, State::default()), (b, State::default())]);
        let after = store.load_all().unwrap();
        let again = store.apply(&Change::Star(true), &[a, b]).unwrap();
        assert_eq!(again, vec![(a, after[&a].clone()), (b, after[&b].clone())]);
        assert_eq!(store.load_all().unwrap(), after);
        store.restore(&before).unwrap();
        assert!(store.load_all().unwrap().is_empty());
        assert_eq!(store.apply(&Change::Star(true), &[]).unwrap(), vec![]);
    }

    #[test]
    fn bad_tag_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("state.db"));
        let err = store
            .apply(&Change::AddTag(" \t".into()), &[key(1)])
            .unwrap_err();
        assert!(!err.contains('\n'), "{err}");
        assert!(store.load_all().unwrap().is_empty());
        assert!(
            State::default()
                .with_change(&Change::AddTag("".into()))
                .is_err()
        );
    }

    #[test]
    fn default_states_delete_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("state.db"));
        let (a, b) = (key(1), key(2));
        store.apply(&Change::Star(true), &[a, b]).unwrap();
        store.apply(&Change::AddTag("t".into()), &[a]).unwrap();
        assert_eq!((article_rows(&store), tag_rows(&store)), (2, 1));
        store.apply(&Change::Star(false), &[a, b]).unwrap();
        // a keeps its row for the tag.
        assert_eq!((article_rows(&store), tag_rows(&store)), (1, 1));
        store.apply(&Change::RemoveTag("t".into()), &[a]).unwrap();
        assert_eq!((article_rows(&store), tag_rows(&store)), (0, 0));
        store.apply(&Change::Note(Some("n".into())), &[a]).unwrap();
        store.apply(&Change::Note(Some("\n".into())), &[a]).unwrap();
        assert_eq!(article_rows(&store), 0);
        // Restoring a default state deletes too.
        store.apply(&Change::Read(true), &[a]).unwrap();
        store.restore(&[(a, State::default())]).unwrap();
        assert_eq!(article_rows(&store), 0);
        assert!(store.load_all().unwrap().is_empty());
    }

    #[test]
    fn tag_counts_most_first_then_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("state.db"));
        assert_eq!(store.tag_counts().unwrap(), vec![]);
        let keys: Vec<Key> = (0..5).map(key).collect();
        store
            .apply(&Change::AddTag("b".into()), &keys[..2])
            .unwrap();
        store
            .apply(&Change::AddTag("a".into()), &keys[2..4])
            .unwrap();
        store.apply(&Change::AddTag("many".into()), &keys).unwrap();
        store
            .apply(&Change::AddTag("c".into()), &keys[..1])
            .unwrap();
        assert_eq!(
            store.tag_counts().unwrap(),
            vec![
                ("many".to_owned(), 5),
                ("a".to_owned(), 2),
                ("b".to_owned(), 2),
                ("c".to_owned(), 1),
            ]
        );
    }

    #[test]
    fn migrations_set_version_and_reopen_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep").join("er").join("state.db");
        let version = |store: &Store| -> i64 {
            store
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap()
        };
        {
            let mut store = open(&path);
            assert_eq!(store.path(), path);
            assert_eq!(version(&store), 1);
            assert_eq!(schema_version(), 1);
            let mode: String = store
                .conn
                .pragma_query_value(None, "journal_mode", |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "wal");
            let pragma = |name: &str| -> i64 {
                store
                    .conn
                    .pragma_query_value(None, name, |r| r.get(0))
                    .unwrap()
            };
            assert_eq!(pragma("synchronous"), 1);
            assert_eq!(pragma("busy_timeout"), 5000);
            assert_eq!(pragma("foreign_keys"), 1);
            let mut names: Vec<String> = store
                .conn
                .prepare(
                    "SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            names.sort();
            assert_eq!(names, tags(&["article", "tag", "tag_name"]));
            store.apply(&Change::Star(true), &[key(7)]).unwrap();
        }
        let store = open(&path);
        assert_eq!(version(&store), 1);
        assert!(store.load_all().unwrap()[&key(7)].starred);
    }

    #[test]
    fn newer_schema_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        {
            let store = open(&path);
            store.conn.pragma_update(None, "user_version", 2).unwrap();
        }
        let err = Store::open(&path).unwrap_err();
        assert!(err.contains("newer"), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains("corrupt")), "{names:?}");
    }

    fn assert_set_aside(dir: &Path, path: &Path, opened: Opened, old: &[u8]) {
        let note = opened.note.expect("a note");
        eprintln!("note: {note}");
        assert!(!note.contains('\n'), "{note}");
        assert!(note.contains(&path.display().to_string()), "{note}");
        let aside: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with("state.db.corrupt-")
                    && !name.ends_with("-wal")
                    && !name.ends_with("-shm")
            })
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert!(note.contains(&aside[0].display().to_string()), "{note}");
        assert_eq!(std::fs::read(&aside[0]).unwrap(), old);
        let mut store = opened.store;
        assert!(store.load_all().unwrap().is_empty());
        store.apply(&Change::Star(true), &[key(1)]).unwrap();
        drop(store);
        assert!(open(path).load_all().unwrap()[&key(1)].starred);
    }

    #[test]
    fn garbage_file_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let garbage = b"not a database at all";
        std::fs::write(&path, garbage).unwrap();
        let opened = Store::open(&path).unwrap();
        assert_set_aside(dir.path(), &path, opened, garbage);
    }

    #[test]
    fn damaged_database_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        {
            let mut store = open(&path);
            let keys: Vec<Key> = (0..3000).map(key).collect();
            store.apply(&Change::AddTag("t".into()), &keys).unwrap();
        }
        // Closing the last connection folded the WAL into the file.
        let mut bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > 4 * 4096);
        // Page 2 is the root of the first table: scribble over it.
        bytes[4096..2 * 4096].fill(0x5A);
        std::fs::write(&path, &bytes).unwrap();
        let opened = Store::open(&path).unwrap();
        assert_set_aside(dir.path(), &path, opened, &bytes);
    }

    #[cfg(unix)]
    #[test]
    fn unwritable_directory_is_an_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        // A good file in a directory that became read-only: SQLite cannot
        // make its -wal and -shm beside it.
        let existing = locked.join("existing.db");
        drop(open(&existing));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores permissions; there is nothing to test then.
        let root = std::fs::write(locked.join("probe"), b"").is_ok();
        let path = locked.join("sub").join("state.db");
        let result = Store::open(&path);
        let path2 = locked.join("state.db");
        let result2 = Store::open(&path2);
        let result3 = Store::open(&existing);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if root {
            eprintln!("running as root: permissions not enforced, skipping");
            return;
        }
        let err = result.unwrap_err();
        eprintln!("{err}");
        assert!(err.contains(&locked.display().to_string()), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let err = result2.unwrap_err();
        eprintln!("{err}");
        assert!(err.contains(&path2.display().to_string()), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let err = result3.unwrap_err();
        eprintln!("{err}");
        assert!(err.contains(&existing.display().to_string()), "{err}");
        assert!(!err.contains('\n'), "{err}");
        // Left alone, not set aside.
        assert!(existing.is_file());
    }

    #[cfg(unix)]
    #[test]
    fn read_only_file_is_an_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        drop(open(&path));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let root = std::fs::OpenOptions::new().append(true).open(&path).is_ok();
        let result = Store::open(&path);
        if root {
            eprintln!("running as root: permissions not enforced, skipping");
            return;
        }
        let err = result.unwrap_err();
        eprintln!("{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
    }

    #[test]
    fn path_that_is_a_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open(dir.path()).unwrap_err();
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
        assert!(!err.contains('\n'), "{err}");
        // Left alone, not set aside.
        assert!(dir.path().is_dir());
    }

    #[test]
    fn odd_rows_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("state.db"));
        store.apply(&Change::Star(true), &[key(1)]).unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO article VALUES (x'0102', 1, 1, 'short', 0);
                 INSERT INTO article VALUES ('text key', 1, 1, NULL, 0);
                 INSERT INTO article VALUES (x'000102030405060708090a0b0c0d0e0f', 'yes', 2.5, x'07', 0);
                 INSERT INTO tag VALUES (x'0102', 'short');
                 INSERT INTO tag VALUES (x'000102030405060708090a0b0c0d0e0f', x'2a');
                 INSERT INTO tag VALUES (zeroblob(16), 'orphan');",
            )
            .unwrap();
        let all = store.load_all().unwrap();
        assert_eq!(all.len(), 3);
        let orphan = Key([0; 16]);
        assert_eq!(
            all[&orphan],
            State {
                tags: tags(&["orphan"]),
                ..State::default()
            }
        );
        let odd = Key(core::array::from_fn(|i| i as u8));
        assert_eq!(
            all[&odd],
            State {
                starred: true,
                ..State::default()
            }
        );
        assert_eq!(store.tag_counts().unwrap(), vec![("orphan".to_owned(), 1)]);
        let before = store
            .apply(&Change::RemoveTag("orphan".into()), &[orphan])
            .unwrap();
        assert_eq!(before, vec![(orphan, all[&orphan].clone())]);
        assert!(!store.load_all().unwrap().contains_key(&orphan));
        // And writing over odd rows works.
        let before = store.apply(&Change::AddTag("x".into()), &[odd]).unwrap();
        assert_eq!(before[0].1, all[&odd]);
        store.restore(&before).unwrap();
        assert_eq!(store.load_all().unwrap()[&odd], all[&odd]);
    }

    #[test]
    fn two_stores_see_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let mut a = open(&path);
        let mut b = open(&path);
        a.apply(&Change::Star(true), &[key(1)]).unwrap();
        assert!(b.load_all().unwrap()[&key(1)].starred);
        b.apply(&Change::AddTag("from b".into()), &[key(1), key(2)])
            .unwrap();
        let seen = a.load_all().unwrap();
        assert_eq!(seen[&key(1)].tags, tags(&["from b"]));
        assert_eq!(seen[&key(2)].tags, tags(&["from b"]));

        // Writers at once wait for each other instead of failing.
        let threads: Vec<_> = [a, b]
            .into_iter()
            .enumerate()
            .map(|(t, mut store)| {
                std::thread::spawn(move || {
                    for i in 0..200 {
                        let k = key(1000 + 2 * i + t as u32);
                        store.apply(&Change::Read(true), &[k]).unwrap();
                    }
                    store
                })
            })
            .collect();
        let stores: Vec<Store> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        for store in &stores {
            let all = store.load_all().unwrap();
            assert_eq!(all.values().filter(|s| s.read).count(), 400);
        }
    }

    #[test]
    fn bulk_change_of_100k_keys() {
        const N: u32 = 100_000;
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("state.db"));
        let keys: Vec<Key> = (0..N).map(hashed_key).collect();

        let start = Instant::now();
        let before = store.apply(&Change::AddTag("bulk".into()), &keys).unwrap();
        eprintln!("apply AddTag to {N} new keys: {:?}", start.elapsed());
        assert_eq!(before.len(), keys.len());
        assert!(before.iter().all(|(_, s)| s.is_default()));

        let start = Instant::now();
        let all = store.load_all().unwrap();
        eprintln!("load_all of {N} states: {:?}", start.elapsed());
        assert_eq!(all.len(), keys.len());
        let tagged = State {
            tags: tags(&["bulk"]),
            ..State::default()
        };
        assert!(keys.iter().all(|k| all[k] == tagged));

        let start = Instant::now();
        let read_before = store.apply(&Change::Read(true), &keys).unwrap();
        eprintln!("apply Read to {N} stored keys: {:?}", start.elapsed());
        assert!(read_before.iter().all(|(_, s)| *s == tagged));

        let start = Instant::now();
        store.apply(&Change::Read(true), &keys).unwrap();
        eprintln!(
            "apply Read again (no-op) to {N} keys: {:?}",
            start.elapsed()
        );

        let start = Instant::now();
        store.restore(&read_before).unwrap();
        eprintln!("restore {N} states: {:?}", start.elapsed());
        assert_eq!(store.load_all().unwrap(), all);

        let start = Instant::now();
        let counts = store.tag_counts().unwrap();
        eprintln!("tag_counts over {N} tags: {:?}", start.elapsed());
        assert_eq!(counts, vec![("bulk".to_owned(), u64::from(N))]);

        let start = Instant::now();
        store.restore(&before).unwrap();
        eprintln!("restore {N} states to default: {:?}", start.elapsed());
        assert!(store.load_all().unwrap().is_empty());
        assert_eq!((article_rows(&store), tag_rows(&store)), (0, 0));
    }
}
