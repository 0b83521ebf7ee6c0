//! Triage in the reader end to end (issue 14): the real binary in a tmux
//! pane, driven with the keys a user types, its state database checked
//! from outside with the command line (`list`, `export`, `tags`) the way a
//! script would.
//!
//! - marks made with `r`, `*` and `t` show in the list's gutter, are in
//!   the database for the command line, and are there again when the
//!   reader starts anew;
//! - `;` over more than a thousand articles asks first, makes the change,
//!   and `u` puts every article back;
//! - a reader killed with SIGKILL in the middle of a bulk tag leaves a
//!   whole database that has the tag on all articles or on none;
//! - `y` and `Y` write an OSC 52 sequence whose base64 is the article
//!   (and its link), seen in the raw bytes the program writes.
//!
//! Every test has its own tempdir for the dump and the database
//! (`NEWSDUMP_STATE`), and its own XDG and home directories: nothing here
//! touches the real ones. Needs tmux and sh; the killed reader is found
//! through `/proc` (Linux).
//! - a change made just before `q` is saved: quitting waits for the
//!   state thread.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::{Tty, bin, sh, stderr, stdout};

/// How long any one condition may take to come true on a slow machine.
const PATIENCE: Duration = Duration::from_secs(10);

const LEAD: &str = "头条新闻";

// ---------------------------------------------------------------------------
// Dumps.

/// A dump of `n` articles in FORMAT.md's page shape: a lead, then items
/// glued one after another (`title\nbody SOURCE TIME COUNTER`). Article
/// `a` (1-based, as `list` numbers them) has the title [`title`]`(a)`;
/// `body` gives an item's body.
fn dump_with(n: usize, body: impl Fn(usize) -> String) -> String {
    let mut s = String::with_capacity(n * 64);
    writeln!(s, "{LEAD}\n导语一段。").unwrap();
    for a in 2..=n {
        write!(
            s,
            "{}\n{}快讯社2024-05-01 08:30:00{:04}",
            title(a),
            body(a),
            a % 10_000
        )
        .unwrap();
    }
    s.push('\n');
    s
}

fn dump(n: usize) -> String {
    dump_with(n, |a| format!("第{a}篇的正文。"))
}

/// The title of article `a`. `篇` ends the number, so no title is the
/// start of another (`第1篇` / `第10篇`).
fn title(a: usize) -> String {
    if a == 1 {
        LEAD.to_string()
    } else {
        format!("第{a}篇消息")
    }
}

// ---------------------------------------------------------------------------
// A test's world: a tempdir with the dump and the database.

struct World {
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        assert!(common::have_tmux(), "tmux is needed: .ci/run installs it");
        World {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The database, in a folder the reader has to make.
    fn db(&self) -> PathBuf {
        self.dir.path().join("state").join("state.db")
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// The reader on `dump` in a 120×40 terminal, its pid written to
    /// [`Self::pid_file`] (`exec` keeps it). The shell after it writes its
    /// exit status on the screen: tmux's `#{pane_dead_status}` is at times
    /// empty for a pane that has died.
    fn reader(&self, dump: &Path) -> Tty {
        let db = self.db();
        let pid = self.pid_file();
        let _ = std::fs::remove_file(&pid);
        let cmd = format!(
            "sh -c 'echo $$ > \"$0\"; exec \"$@\"' {} {} {}; echo \"{EXITED}$?\"",
            sh(&pid),
            sh(Path::new(bin())),
            sh(dump)
        );
        let tty = Tty::start(120, 40, &cmd, &[("NEWSDUMP_STATE", db.to_str().unwrap())]);
        assert_eq!(tty.size(), (120, 40), "tmux gave another size");
        tty
    }

    fn pid_file(&self) -> PathBuf {
        self.dir.path().join("reader.pid")
    }

    /// The running reader's pid.
    fn pid(&self) -> String {
        let pid = wait_until("the pid file", || {
            let s = std::fs::read_to_string(self.pid_file()).unwrap_or_default();
            s.ends_with('\n').then(|| s.trim().to_string()).ok_or(s)
        });
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        assert_eq!(
            cmdline.split(|&b| b == 0).next(),
            Some(bin().as_bytes()),
            "pid {pid} is not the reader"
        );
        pid
    }

    /// The command line with `args`, on the same database as the reader.
    fn cli(&self, args: &[&str]) -> Output {
        let o = Command::new(bin())
            .args(args)
            .env("NEWSDUMP_STATE", self.db())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"))
            .env("HOME", self.dir.path().join("home"))
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .output()
            .expect("run newsdump");
        let err = stderr(&o);
        assert!(
            !err.contains("panicked"),
            "newsdump {args:?} panicked: {err}"
        );
        // A damaged database is set aside with a note on stderr: never
        // what the reader should have left.
        assert!(
            !err.contains("damaged") && !err.contains("corrupt"),
            "newsdump {args:?}: {err}"
        );
        o
    }

    /// `list DUMP FILTER…`'s ids (first column); none when it exits 1.
    fn list(&self, dump: &Path, filter: &[&str]) -> Vec<usize> {
        let mut args = vec!["list", dump.to_str().unwrap()];
        args.extend_from_slice(filter);
        let o = self.cli(&args);
        match o.status.code() {
            Some(0) => stdout(&o)
                .lines()
                .map(|l| l.split('\t').next().unwrap().parse().expect("an id"))
                .collect(),
            Some(1) => {
                assert!(stdout(&o).is_empty(), "{}", stdout(&o));
                Vec::new()
            }
            c => panic!("list {filter:?} exited {c:?}: {}", stderr(&o)),
        }
    }

    /// `export DUMP --to jsonl`, one value an article.
    fn export(&self, dump: &Path) -> Vec<serde_json::Value> {
        let o = self.cli(&["export", dump.to_str().unwrap(), "--to", "jsonl"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    /// Waits until `list DUMP FILTER…` gives `want`.
    fn wait_list(&self, dump: &Path, filter: &[&str], want: &[usize]) {
        wait_until(&format!("list {filter:?} to be {want:?}"), || {
            let got = self.list(dump, filter);
            (got == want).then_some(()).ok_or(format!("{got:?}"))
        });
    }
}

/// Polls `f` until it gives `Ok`; panics with its last `Err` after
/// [`PATIENCE`].
fn wait_until<T>(what: &str, mut f: impl FnMut() -> Result<T, String>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        match f() {
            Ok(v) => return v,
            Err(why) if Instant::now() > deadline => {
                panic!("timed out waiting for {what}; last: {why}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

// ---------------------------------------------------------------------------
// Reading the screen.

/// The status bar: the last row with text.
fn status(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// The list row of the article titled `title`: a row is a search mark,
/// the three gutter columns and a space, then the title.
fn row<'s>(screen: &'s str, title: &str) -> Option<&'s str> {
    screen.lines().find(|l| {
        let rest: String = l.chars().skip(5).collect();
        rest.starts_with(title)
    })
}

/// The gutter of `title`'s row: `N` unread, `*` starred, the number of
/// tags (blank columns for none).
fn gutter(screen: &str, title: &str) -> Option<String> {
    row(screen, title).map(|r| r.chars().skip(1).take(3).collect())
}

/// The gutters of the list's rows, top to bottom.
fn gutters(screen: &str) -> Vec<String> {
    let rows: Vec<&str> = screen.lines().collect();
    rows[..rows.len().saturating_sub(1)]
        .iter()
        .map(|r| r.chars().skip(1).take(3).collect())
        .collect()
}

/// Waits for `tty`'s screen to satisfy `pred`, failing at once on a
/// panic message.
fn wait(tty: &Tty, what: &str, pred: impl Fn(&str) -> bool) -> String {
    tty.wait_for(what, |s| {
        assert!(!s.contains("panicked"), "the reader panicked:\n{s}");
        pred(s)
    })
}

/// What the shell writes after the reader, before its exit status.
const EXITED: &str = "newsdump exited: ";

/// Waits for the reader to end with `code`. The line is looked for in
/// the scrollback too (when the pane dies, tmux can scroll it off the
/// screen for its own `Pane is dead` line), and anywhere in a row: after
/// `kill -9` the tty stays raw, a newline is no carriage return, and the
/// line may wrap at the pane's edge (rows are joined to find it).
fn wait_exit(tty: &Tty, code: i32) {
    let line = format!("{EXITED}{code}");
    wait_until(&line, || {
        let all = tty.transcript();
        let joined: String = all.lines().map(str::trim_end).collect();
        let at_end = |l: &str| l.trim() == line;
        if all.lines().any(at_end)
            || joined
                .match_indices(&line)
                .any(|(i, _)| !joined[i + line.len()..].starts_with(|c: char| c.is_ascii_digit()))
        {
            Ok(())
        } else {
            Err(format!("screen and scrollback:\n{all}"))
        }
    });
}

/// Quits with `q` and checks the reader exited 0.
fn quit(tty: &Tty) {
    tty.keys(&["q"]);
    wait_exit(tty, 0);
}

/// `;` as a key: tmux takes a lone `;` argument as the end of a command,
/// `\;` as the character.
const SEMICOLON: &str = "\\;";

// ---------------------------------------------------------------------------
// 1. Marks last.

#[test]
fn marking_in_the_reader_lasts() {
    const N: usize = 10;
    let w = World::new();
    let path = w.write("十篇.txt", &dump(N));
    let tty = w.reader(&path);
    // The gutter is blank until the states are read: wait for the `N`s.
    let s = wait(&tty, "the first screen", |s| {
        status(s).contains(&format!("1/{N}"))
            && (1..=N).all(|a| gutter(s, &title(a)).as_deref() == Some("N  "))
    });
    assert!(row(&s, &title(N)).is_some(), "{s}");

    // Each mark shows at once, before the next key.
    tty.keys(&["j", "*"]);
    wait(&tty, "the star", |s| {
        gutter(s, &title(2)).as_deref() == Some("N* ")
    });
    tty.keys(&["j", "t"]);
    wait(&tty, "the tag prompt", |s| {
        status(s).trim_start().starts_with("tag:")
    });
    tty.type_text("要闻 待查");
    tty.keys(&["Enter"]);
    wait(&tty, "the tags", |s| {
        gutter(s, &title(3)).as_deref() == Some("N 2")
    });
    tty.keys(&["g", "r"]);
    // Every mark still there after the later keys: none is undone by
    // states the reader reads or looks up while they are made.
    let want = |s: &str| {
        gutter(s, &title(1)).as_deref() == Some("   ")
            && gutter(s, &title(2)).as_deref() == Some("N* ")
            && gutter(s, &title(3)).as_deref() == Some("N 2")
            && (4..=N).all(|a| gutter(s, &title(a)).as_deref() == Some("N  "))
    };
    let s = wait(&tty, "the marks in the gutter", want);
    assert!(status(&s).contains("marked read"), "{s}");

    // Saved while the reader runs: another process sees it.
    w.wait_list(&path, &["--starred"], &[2]);
    w.wait_list(&path, &["--tag", "要闻"], &[3]);
    w.wait_list(&path, &["--unread"], &[2, 3, 4, 5, 6, 7, 8, 9, 10]);
    quit(&tty);

    assert_eq!(w.list(&path, &["--starred"]), [2]);
    assert_eq!(w.list(&path, &["--tag", "要闻"]), [3]);
    assert_eq!(w.list(&path, &["--tag", "待查"]), [3]);
    assert_eq!(w.list(&path, &["--tag", "没有"]), Vec::<usize>::new());
    assert_eq!(w.list(&path, &["--unread"]), (2..=N).collect::<Vec<_>>());
    let all = w.export(&path);
    assert_eq!(all.len(), N);
    let state = |a: usize| {
        let v = &all[a - 1];
        assert_eq!(v["title"], title(a).as_str());
        let mut tags: Vec<&str> = v["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        tags.sort_unstable();
        (
            v["read"].as_bool().unwrap(),
            v["starred"].as_bool().unwrap(),
            tags,
            v["note"].clone(),
        )
    };
    assert_eq!(state(1), (true, false, vec![], serde_json::Value::Null));
    assert_eq!(state(2), (false, true, vec![], serde_json::Value::Null));
    assert_eq!(
        state(3),
        (false, false, vec!["待查", "要闻"], serde_json::Value::Null)
    );
    assert_eq!(state(4), (false, false, vec![], serde_json::Value::Null));
    drop(tty);

    // A new reader on the same database shows the same gutter.
    let again = w.reader(&path);
    let s = wait(&again, "the marks after a restart", |s| {
        status(s).contains(&format!("1/{N}")) && want(s)
    });
    assert!(!status(&s).contains("state is off"), "{s}");
    quit(&again);
}

// ---------------------------------------------------------------------------
// 2. The whole list, and undo.

#[test]
fn bulk_with_undo() {
    const N: usize = 1501;
    let w = World::new();
    let path = w.write("一千五.txt", &dump(N));
    let tty = w.reader(&path);
    let s = wait(&tty, "every row unread", |s| {
        status(s).contains(&format!("1/{N}")) && gutters(s).iter().all(|g| g == "N  ")
    });
    // The list fills the screen: every row checked below is an article's.
    assert!(row(&s, &title(39)).is_some(), "{s}");

    tty.keys(&[SEMICOLON]);
    wait(&tty, "the ; hint", |s| {
        status(s).contains("; for all 1,501 articles")
    });
    tty.keys(&["r"]);
    let s = wait(&tty, "the question", |s| status(s).contains("(y/n)"));
    assert!(
        status(&s).contains("toggle read on 1,501 articles? (y/n)"),
        "{s}"
    );
    tty.keys(&["y"]);
    let s = wait(&tty, "every row read", |s| {
        status(s).contains("marked read: 1,501 articles") && gutters(s).iter().all(|g| g == "   ")
    });
    assert!(gutters(&s).iter().all(|g| !g.contains('N')), "{s}");
    w.wait_list(&path, &["--unread"], &[]);

    tty.keys(&["u"]);
    wait(&tty, "every row unread again", |s| {
        status(s).contains("undone: 1,501 articles") && gutters(s).iter().all(|g| g == "N  ")
    });
    let every: Vec<usize> = (1..=N).collect();
    w.wait_list(&path, &["--unread"], &every);
    quit(&tty);

    let o = w.cli(&["list", path.to_str().unwrap(), "--unread"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), N);
    assert_eq!(w.list(&path, &["--starred"]), Vec::<usize>::new());
}

// ---------------------------------------------------------------------------
// 3. Killed mid-bulk.

/// The count `tags DUMP` gives for `tag`, 0 when it lists it not;
/// asserts `tags` exits 0.
fn tag_count(w: &World, dump: &Path, tag: &str) -> usize {
    let o = w.cli(&["tags", dump.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "tags: {}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| l.split_once('\t').expect("count\\ttag"))
        .find(|(_, t)| *t == tag)
        .map_or(0, |(n, _)| n.parse().expect("a count"))
}

/// The database's `PRAGMA integrity_check`, when there is one.
fn integrity(db: &Path) -> String {
    if !db.exists() {
        return "ok".into();
    }
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Starts the reader on `dump`, tags the whole list `tag`, says yes, and
/// kills it with SIGKILL: at once, or (`late`) once the status bar says
/// the keys are found and the one transaction is on its way. Gives
/// whether the tag landed (all), asserting it is all or nothing.
fn tag_all_and_kill(w: &World, dump: &Path, tag: &str, late: bool) -> bool {
    let (n, total) = (BIG, BIG_SHOWN);
    let tty = w.reader(dump);
    // `1/N…` while it is indexed.
    wait(&tty, "the big dump", |s| {
        status(s).contains(&format!("1/{n} "))
    });
    // `;` needs the whole list made: until then `t` says so, and the `;`
    // is forgotten. The hint first, so that the refusal seen is this
    // try's, and no `;` or `t` is typed into an open prompt.
    let hint = format!("; for all {total} articles");
    wait_until("the tag prompt for the whole list", || {
        tty.keys(&[SEMICOLON]);
        wait(&tty, "the ; hint", |s| status(s).contains(&hint));
        tty.keys(&["t"]);
        let s = wait(&tty, "the prompt or a refusal", |s| {
            status(s).trim_start().starts_with("tag:") || s.contains("still being made")
        });
        if status(&s).trim_start().starts_with("tag:") {
            Ok(())
        } else {
            std::thread::sleep(Duration::from_millis(200));
            Err(s)
        }
    });
    tty.type_text(tag);
    tty.keys(&["Enter"]);
    let question = format!("tagged {tag} {total} articles? (y/n)");
    wait(&tty, "the question", |s| status(s).contains(&question));

    let pid = w.pid();
    tty.keys(&["y"]);
    if late {
        let done = format!("tagged {tag}: {total} articles");
        wait(&tty, "the keys", |s| status(s).contains(&done));
    }
    let killed = Command::new("sh")
        .args(["-c", "kill -s KILL \"$0\"", &pid])
        .status()
        .is_ok_and(|st| st.success());
    assert!(killed, "kill -9 {pid} failed");
    wait_exit(&tty, 128 + 9);
    drop(tty);

    let db = w.db();
    assert_eq!(integrity(&db), "ok", "after kill -9");
    let counted = tag_count(w, dump, tag);
    let listed = w.list(dump, &["--tag", tag]).len();
    eprintln!(
        "killed {}: {tag} on {counted} of {n}",
        if late { "late" } else { "at once" }
    );
    assert!(
        counted == 0 || counted == n,
        "half a transaction: {counted} of {n} tagged {tag}"
    );
    assert_eq!(listed, counted, "list --tag and tags disagree");
    // Nothing was set aside as damaged.
    let aside: Vec<_> = std::fs::read_dir(db.parent().unwrap())
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.contains("corrupt"))
                .collect()
        })
        .unwrap_or_default();
    assert!(aside.is_empty(), "{aside:?}");
    counted == n
}

/// Articles in the killed reader's dump, and the count as it says it.
const BIG: usize = 100_001;
const BIG_SHOWN: &str = "100,001";

#[test]
fn kill_9_mid_bulk() {
    const N: usize = BIG;
    let w = World::new();
    let path = w.write("十万篇-kill9.txt", &dump(N));
    // At once: the keys are likely still being found, nothing written.
    let first = tag_all_and_kill(&w, &path, "批量", false);
    // Late: the transaction has likely begun (about half a second of
    // writing in a debug build).
    let second = tag_all_and_kill(&w, &path, "后来", true);
    // The first kill's outcome is what it was.
    assert_eq!(tag_count(&w, &path, "批量") == N, first);
    assert_eq!(tag_count(&w, &path, "后来") == N, second);
    // The database still takes changes.
    let o = w.cli(&["tag", path.to_str().unwrap(), "--id", "7", "--add", "之后"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(w.list(&path, &["--tag", "之后"]), [7]);
}

// ---------------------------------------------------------------------------
// 4. The clipboard.

/// Every OSC 52 payload in `raw`, decoded.
fn osc52_payloads(raw: &[u8]) -> Vec<String> {
    const START: &[u8] = b"\x1b]52;c;";
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(at) = rest.windows(START.len()).position(|w| w == START) {
        let after = &rest[at + START.len()..];
        let Some(end) = after.iter().position(|&b| b == 0x07) else {
            // Not all written yet.
            break;
        };
        let text = base64::engine::general_purpose::STANDARD
            .decode(&after[..end])
            .unwrap_or_else(|e| panic!("bad base64 ({e}): {:?}", &after[..end]));
        out.push(String::from_utf8(text).expect("UTF-8"));
        rest = &after[end..];
    }
    out
}

#[test]
fn the_clipboard_sequence_in_the_raw_output() {
    const N: usize = 5;
    const URL: &str = "https://example.com/news/3";
    let w = World::new();
    let body = |a: usize| {
        if a == 3 {
            format!("第{a}篇的正文,详见 {URL} 。")
        } else {
            format!("第{a}篇的正文。")
        }
    };
    let path = w.write("剪贴板.txt", &dump_with(N, body));
    let tty = w.reader(&path);
    wait(&tty, "the first screen", |s| {
        status(s).contains(&format!("1/{N}"))
    });
    // pipe-pane copies the bytes the program writes before tmux parses
    // them, so the OSC 52 is there whatever tmux's set-clipboard does
    // with it.
    let raw = w.dir.path().join("raw.out");
    tty.record_output(&raw);
    tty.keys(&["j", "j"]);
    wait(&tty, "article 3", |s| status(s).contains(&format!("3/{N}")));
    tty.keys(&["y"]);
    wait(&tty, "the copy", |s| {
        status(s).contains("copied the article")
    });
    let copied = wait_until("the OSC 52 in the raw output", || {
        let bytes = std::fs::read(&raw).unwrap_or_default();
        let mut all = osc52_payloads(&bytes);
        all.pop()
            .ok_or_else(|| format!("{} bytes, no OSC 52", bytes.len()))
    });
    assert!(copied.starts_with(&format!("{}\n", title(3))), "{copied:?}");
    assert!(copied.contains(&body(3)), "{copied:?}");
    assert!(copied.contains("快讯社"), "{copied:?}");

    tty.keys(&["Y"]);
    let url = wait_until("a second OSC 52", || {
        let all = osc52_payloads(&std::fs::read(&raw).unwrap_or_default());
        match all.as_slice() {
            [_, url] => Ok(url.clone()),
            other => Err(format!("{other:?}")),
        }
    });
    assert_eq!(url, URL);
    // The terminal took the sequence: none of it is drawn.
    let s = tty.screen();
    assert!(!s.contains("52;c"), "{s}");
    quit(&tty);
}

// ---------------------------------------------------------------------------
// A bug found here, fixed.

/// A change made just before `q` was lost: the event loop returned on
/// `Effect::Quit` and `main` ended the process while the writer thread
/// still had the change in its channel. Typed quickly, `u q` left the
/// undo unsaved; so, sometimes, did `* q`. Quitting now closes the
/// channel and waits for the thread.
#[test]
fn a_change_right_before_quitting_is_saved() {
    const N: usize = 1501;
    let w = World::new();
    let path = w.write("一千五.txt", &dump(N));
    let tty = w.reader(&path);
    wait(&tty, "every row unread", |s| {
        status(s).contains(&format!("1/{N}")) && gutters(s).iter().all(|g| g == "N  ")
    });
    tty.keys(&[SEMICOLON, "r", "y"]);
    wait(&tty, "every row read", |s| {
        status(s).contains("marked read: 1,501 articles")
    });
    w.wait_list(&path, &["--unread"], &[]);
    tty.keys(&["u", "q"]);
    wait_exit(&tty, 0);
    assert_eq!(
        w.list(&path, &["--unread"]).len(),
        N,
        "the undo was shown and not saved"
    );
}
