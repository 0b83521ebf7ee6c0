//! A folder of page files end to end: the real binary in a tmux pane on a
//! dated folder tree holding plain UTF-8, gzip and GBK pages, an empty file
//! and a binary one, driven with the keys for many files (`]`, `[`, `f`,
//! `S`, `:file`, `F`) and checked on the text `tmux capture-pane` shows.
//!
//! Needs tmux, sh and stty (`.ci/run` installs tmux); the reader's inotify
//! watches are looked at through `/proc` (Linux).

mod common;

use std::io::Write;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Tty, bin, sh};
use newsdump::text::width;

/// How long any one condition may take to come true on a busy machine.
const PATIENCE: Duration = Duration::from_secs(10);

const COLS: u16 = 120;
const ROWS: u16 = 40;

// ---------------------------------------------------------------------------
// The folder. Every file holds a lead and an item. The titles are short
// enough for the text pane's first row; the list may cut them (it gives the
// file column its room first), so they differ from their third character.

/// `2024/05/01/2_a.txt`: first in natural order (2 before 10), last in
/// byte order.
const PAGE_A: &str = "\
甲区社区图书馆开放
图书馆面积两千平方米,藏书五万册,周末全天开放。
甲区公园更新器材
新器材已经全部安装完毕。甲区晨报2024-05-01 09:00:000001
";

/// `2024/05/01/10_b.txt`.
const PAGE_B: &str = "\
乙区河道清淤完成
清淤工程共清理淤泥三万立方米,河水明显变清。
乙区学校增设午餐
午餐由中央厨房统一配送。乙区日报2024-05-01 12:30:000002
";

/// `2024/05/02/c.txt.gz`, gzip-compressed.
const PAGE_C: &str = "\
丙区地铁试运行
试运行期间每十分钟一班,市民可以免费乘坐。
丙区小区加装电梯
首批二十部电梯本月投入使用。快讯社2024-05-02 08:00:000003
";

/// `2024/05/02/d_gbk.txt`, in GBK.
const PAGE_D: &str = "\
丁区广场举办花展
花展展出各类花卉三百余种,持续到本月底,市民可以免费入场参观。主办方提醒游客错峰出行,绿色出行。
丁区图书馆夜读
每周五晚上开放到十点,读者可以在网上预约座位。丁区晚报2024-05-03 20:00:000004
";

/// Titles in list order: the two articles of A, B, C, D.
const TITLES: [&str; 8] = [
    "甲区社区图书馆开放",
    "甲区公园更新器材",
    "乙区河道清淤完成",
    "乙区学校增设午餐",
    "丙区地铁试运行",
    "丙区小区加装电梯",
    "丁区广场举办花展",
    "丁区图书馆夜读",
];

/// Files read, in natural order, and the number of the first article of
/// each (1-based).
const FILES: [(&str, usize); 4] = [
    ("2024/05/01/2_a.txt", 1),
    ("2024/05/01/10_b.txt", 3),
    ("2024/05/02/c.txt.gz", 5),
    ("2024/05/02/d_gbk.txt", 7),
];

/// The file that comes in while following: one item.
const NEW_REL: &str = "2024/05/03/e_new.txt";
const NEW_PAGE: &str = "\
戊区新桥合龙通车
新桥预计年底正式通车。戊区晨报2024-05-04 10:00:000005
";
const NEW_TITLE: &str = "戊区新桥合龙通车";

/// What `2024/05/01/10_b.txt` grows by while following: one item.
const GROWTH: &str = "\
乙区旧桥加固完成
加固后的旧桥恢复通行。乙区日报2024-05-01 18:00:000006
";
const GROWTH_TITLE: &str = "乙区旧桥加固完成";

/// Folders in the tree, the root included: what a recursive watch covers.
const DIRS: usize = 6;

/// Writes the folder `d` under `root`: four pages, an empty file and a
/// binary one.
fn write_folder(root: &Path) -> PathBuf {
    let d = root.join("d");
    for sub in ["2024/05/01", "2024/05/02", "2024/05/03"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    std::fs::write(d.join(FILES[0].0), PAGE_A).unwrap();
    std::fs::write(d.join(FILES[1].0), PAGE_B).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(PAGE_C.as_bytes()).unwrap();
    std::fs::write(d.join(FILES[2].0), gz.finish().unwrap()).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(PAGE_D);
    assert!(!unmappable);
    std::fs::write(d.join(FILES[3].0), &*gbk).unwrap();
    std::fs::write(d.join("2024/05/03/empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("2024/05/03/blob.bin"),
        b"\x7fELF\0\0\x01\x02page\0\0\xff",
    )
    .unwrap();
    d
}

// ---------------------------------------------------------------------------
// A captured screen.

struct Screen {
    rows: Vec<String>,
}

impl Screen {
    fn new(text: &str) -> Screen {
        let mut rows: Vec<String> = text.lines().map(str::to_string).collect();
        rows.resize(usize::from(ROWS).max(rows.len()), String::new());
        Screen { rows }
    }

    fn text(&self) -> String {
        self.rows.join("\n")
    }

    /// The last row.
    fn status(&self) -> &str {
        self.rows.last().map_or("", String::as_str)
    }

    /// Every row but the status bar.
    fn body(&self) -> &[String] {
        &self.rows[..self.rows.len() - 1]
    }

    /// The status bar's `N/M`: the selected row and the rows in the list.
    fn position(&self) -> Option<(usize, usize)> {
        self.status().split_whitespace().find_map(|t| {
            let (a, b) = t.split_once('/')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
    }

    /// The column of the `│` between list and text, when every body row
    /// has one there.
    fn separator(&self) -> Option<usize> {
        let col = *bar_columns(self.body().first()?).first()?;
        self.body()
            .iter()
            .all(|r| bar_columns(r).contains(&col))
            .then_some(col)
    }

    /// The list's rows with an article on them, side by side.
    fn list(&self) -> Vec<String> {
        let Some(col) = self.separator() else {
            return Vec::new();
        };
        self.body()
            .iter()
            .map(|r| r[..bar_byte(r, col).unwrap()].trim_end().to_string())
            .filter(|r| !r.is_empty())
            .collect()
    }

    /// The text pane's rows, side by side, less its one-column margin.
    fn detail(&self) -> Vec<String> {
        let Some(col) = self.separator() else {
            return Vec::new();
        };
        self.body()
            .iter()
            .map(|r| {
                let rest = &r[bar_byte(r, col).unwrap()..];
                let rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
                rest.strip_prefix(' ').unwrap_or(rest).to_string()
            })
            .collect()
    }

    /// Whether the text pane shows `title` and, in its header, the origin
    /// line `origin` (`FILE:N`, then ` · gzip` and the like).
    fn shows(&self, title: &str, origin: &str) -> bool {
        let detail = self.detail();
        let header = &detail[..detail.len().min(6)];
        detail.first().is_some_and(|r| r.trim_end() == title)
            && header.iter().any(|r| {
                let r = r.trim_end();
                r == origin || r.starts_with(&format!("{origin} ·"))
            })
    }

    /// The titles in the list, top to bottom: each row's text after the
    /// mark column and the triage gutter, up to the first run of two
    /// spaces or a `…`.
    fn titles(&self) -> Vec<String> {
        self.list()
            .iter()
            .map(|r| {
                let r: String = r.chars().skip(5).collect();
                let r = r.split("  ").next().unwrap_or("");
                r.split('…').next().unwrap_or("").trim().to_string()
            })
            .collect()
    }

    /// Whether the list shows `want`, one title a row, in order: each whole
    /// or, where the pane cuts it, its first three characters at least.
    fn lists(&self, want: &[&str]) -> bool {
        let shown = self.titles();
        shown.len() == want.len()
            && shown
                .iter()
                .zip(want)
                .all(|(s, w)| s.chars().count() >= 3 && w.starts_with(s.as_str()))
    }
}

/// The last part of a path.
fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether `c` draws the vertical separator: `│`, or `┃` where it carries
/// the list's scrollbar thumb.
fn is_bar(c: char) -> bool {
    c == '│' || c == '┃'
}

/// Columns of the separator characters in a row.
fn bar_columns(row: &str) -> Vec<usize> {
    row.char_indices()
        .filter(|&(_, c)| is_bar(c))
        .map(|(i, _)| width(&row[..i]))
        .collect()
}

/// The byte offset of the separator character in column `col` of a row.
fn bar_byte(row: &str, col: usize) -> Option<usize> {
    row.char_indices()
        .find(|&(i, c)| is_bar(c) && width(&row[..i]) == col)
        .map(|(i, _)| i)
}

// ---------------------------------------------------------------------------
// The reader in a pane, under a shell that records how it ended.

/// A temporary directory with the folder, a launcher that records the
/// reader's pid, and, once the reader has ended, its exit code and the
/// tty's `stty -a`.
struct Run {
    dir: tempfile::TempDir,
    folder: PathBuf,
}

impl Run {
    fn new() -> Run {
        let dir = tempfile::tempdir().unwrap();
        // `exec` keeps the pid, so the file names the reader itself.
        std::fs::write(
            dir.path().join("exec.sh"),
            "echo $$ > \"$1\"; shift; exec \"$@\"\n",
        )
        .unwrap();
        let folder = write_folder(dir.path());
        Run { dir, folder }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The shell command line for a whole run of the reader on the folder:
    /// after it, the shell writes the exit code and `stty -a`, says so on
    /// the screen and waits.
    fn command(&self) -> String {
        let p = |n| sh(&self.path(n));
        format!(
            "sh {exec} {pid} {bin} {folder}; rc=$?; stty -a > {after}; \
             echo $rc > {tmp}; mv {tmp} {rc}; echo \"reader exited: $rc\"; read x",
            exec = p("exec.sh"),
            pid = p("pid"),
            bin = sh(Path::new(bin())),
            folder = sh(&self.folder),
            after = p("stty.after"),
            tmp = p("rc.tmp"),
            rc = p("rc"),
        )
    }

    /// The reader's pid.
    fn pid(&self) -> String {
        wait_until(
            "the pid file",
            || {
                let s = std::fs::read_to_string(self.path("pid")).ok()?;
                s.ends_with('\n').then(|| s.trim().to_string())
            },
            String::new,
        )
    }

    /// Waits for the reader to end and gives its exit code.
    fn wait_rc(&self, term: &Term) -> i32 {
        let rc = wait_until(
            "the reader to exit",
            || std::fs::read_to_string(self.path("rc")).ok(),
            || format!("screen:\n{}", term.screen()),
        );
        rc.trim().parse().expect("exit code")
    }

    /// Puts a complete file at `rel` in the folder: written beside the
    /// folder, then renamed in, so the reader never sees half of it.
    fn add_file(&self, rel: &str, text: &str) {
        let tmp = self.path("incoming.tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, self.folder.join(rel)).unwrap();
    }

    /// Appends `text` to the file at `rel`, in one write.
    fn append(&self, rel: &str, text: &str) {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(self.folder.join(rel))
            .unwrap();
        f.write_all(text.as_bytes()).unwrap();
    }
}

impl Drop for Run {
    /// A reader a failed test left behind is killed, by its pid.
    fn drop(&mut self) {
        let Ok(pid) = std::fs::read_to_string(self.path("pid")) else {
            return;
        };
        let pid = pid.trim();
        let ours = std::fs::read(format!("/proc/{pid}/cmdline"))
            .is_ok_and(|c| c.split(|&b| b == 0).next() == Some(bin().as_bytes()));
        if ours {
            let _ = std::process::Command::new("sh")
                .args(["-c", "kill -s KILL \"$0\"", pid])
                .status();
        }
    }
}

/// Polls `f` until it gives a value; panics with `context()` after
/// [`PATIENCE`].
fn wait_until<T>(what: &str, mut f: impl FnMut() -> Option<T>, context: impl Fn() -> String) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; {}",
            context()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The directories the inotify instances of process `pid` watch, summed;
/// `None` when it has no inotify instance (not watching yet, or polling).
fn inotify_watches(pid: &str) -> Option<usize> {
    let mut watches = None;
    for fd in std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.flatten() {
        let inotify =
            std::fs::read_link(fd.path()).is_ok_and(|t| t.as_os_str() == "anon_inode:inotify");
        if inotify {
            let info = std::fs::read_to_string(format!(
                "/proc/{pid}/fdinfo/{}",
                fd.file_name().to_string_lossy()
            ))
            .unwrap_or_default();
            *watches.get_or_insert(0) += info
                .lines()
                .filter(|l| l.starts_with("inotify wd:"))
                .count();
        }
    }
    watches
}

/// A terminal with the reader in it.
struct Term {
    tty: Tty,
}

impl Deref for Term {
    type Target = Tty;
    fn deref(&self) -> &Tty {
        &self.tty
    }
}

impl Term {
    fn start(run: &Run) -> Term {
        assert!(common::have_tmux(), "tmux is needed: .ci/run installs it");
        let tty = Tty::start(COLS, ROWS, &run.command(), &[]);
        assert_eq!(tty.size(), (COLS, ROWS), "tmux gave another size");
        Term { tty }
    }

    /// Waits until the screen satisfies `pred`. No capture on the way may
    /// show a panic or a row wider than the terminal.
    fn wait(&self, what: &str, pred: impl Fn(&Screen) -> bool) -> Screen {
        let text = self.tty.wait_for(what, |s| {
            assert!(
                !s.contains("panicked at"),
                "the reader panicked while waiting for {what}:\n{s}"
            );
            for row in s.lines() {
                assert!(
                    width(row) <= usize::from(COLS),
                    "a row wider than the terminal while waiting for {what}: {row:?}\n{s}"
                );
            }
            pred(&Screen::new(s))
        });
        Screen::new(&text)
    }

    /// `#{alternate_on} #{mouse_any_flag} #{cursor_flag}`: `1 1 0` while
    /// the reader runs, `0 0 1` in a fresh pane.
    fn modes(&self) -> String {
        self.format("#{alternate_on} #{mouse_any_flag} #{cursor_flag}")
    }

    /// Types a `:` command on an emptied prompt line and submits it (the
    /// prompt opens holding the filters in force).
    fn command(&self, command: &str) {
        self.keys(&[":"]);
        self.wait("the command prompt", |s| s.status().starts_with(" :"));
        self.keys(&["C-u"]);
        self.type_text(command);
        self.wait("the command typed", |s| {
            s.status().starts_with(&format!(" :{command}"))
        });
        self.keys(&["Enter"]);
    }
}

/// The status bar's count of skipped files.
const SKIPPED: &str = "2 skipped (S)";

// ---------------------------------------------------------------------------
// The tour.

/// Open the folder at 120x40: natural order, file names, the skipped
/// count; `f` for the file column; `]` and `[`; `S`; `:file gbk` and
/// `:clear`; `F` with a file renamed in and a file grown; `q`.
#[test]
fn folder_tour() {
    let started = Instant::now();
    let run = Run::new();
    let term = Term::start(&run);

    // Every article of every file, in natural order (2_a before 10_b), the
    // first selected, each with its file on the right; the status bar
    // counts the two files skipped.
    let s = term.wait("the folder's 8 articles", |s| {
        s.position() == Some((1, 8)) && s.lists(&TITLES) && s.separator().is_some()
    });
    println!("the folder at {COLS}x{ROWS}:\n{}", s.text());
    assert!(s.status().contains(SKIPPED), "{}", s.text());
    assert!(s.shows(TITLES[0], "2024/05/01/2_a.txt:1"), "{}", s.text());
    assert_eq!(term.modes(), "1 1 0", "the reader's modes");
    let pid = run.pid();
    let files: Vec<Option<usize>> = s
        .list()
        .iter()
        .map(|r| FILES.iter().position(|(f, _)| r.contains(base_name(f))))
        .collect();
    let want: Vec<Option<usize>> = [0, 0, 1, 1, 2, 2, 3, 3].map(Some).into();
    assert_eq!(files, want, "each row's file:\n{}", s.text());

    // `f` hides the column and shows it again.
    term.keys(&["f"]);
    let s = term.wait("the file column hidden", |s| {
        s.status().contains("files hidden") && s.lists(&TITLES)
    });
    assert!(
        s.list()
            .iter()
            .all(|r| FILES.iter().all(|(f, _)| !r.contains(base_name(f)))),
        "{}",
        s.text()
    );
    term.keys(&["f"]);
    term.wait("the file column again", |s| {
        s.status().contains("files shown")
            && s.lists(&TITLES)
            && s.list()[0].contains(base_name(FILES[0].0))
    });

    // `]`: the first article of the next file, its name in the status bar
    // and the text's header; gzip and GBK say so there.
    let mut at = 0;
    for (i, (file, first)) in FILES.iter().enumerate().skip(1) {
        term.keys(&["]"]);
        let origin = format!("{file}:1");
        let s = term.wait(&format!("] to {file}"), |s| {
            s.position() == Some((*first, 8)) && s.shows(TITLES[first - 1], &origin)
        });
        assert!(s.status().ends_with(file), "{}", s.status());
        let note = s.detail().into_iter().find(|r| r.starts_with(&origin));
        let want = match i {
            2 => format!("{origin} · gzip"),
            3 => format!("{origin} · gbk"),
            _ => origin.clone(),
        };
        assert_eq!(
            note.as_deref().map(str::trim_end),
            Some(&*want),
            "{}",
            s.text()
        );
        at = *first;
    }
    term.keys(&["]"]);
    term.wait("] past the last file", |s| {
        s.position() == Some((at, 8)) && s.status().contains("last file")
    });

    // `[`: to the start of this file, then to the previous file's.
    term.keys(&["j"]);
    term.wait("the GBK file's second article", |s| {
        s.position() == Some((8, 8)) && s.shows(TITLES[7], "2024/05/02/d_gbk.txt:2")
    });
    term.keys(&["["]);
    term.wait("[ to the start of the GBK file", |s| {
        s.position() == Some((7, 8)) && s.shows(TITLES[6], "2024/05/02/d_gbk.txt:1")
    });
    for (file, first) in FILES[..3].iter().rev() {
        term.keys(&["["]);
        let origin = format!("{file}:1");
        let s = term.wait(&format!("[ to {file}"), |s| {
            s.position() == Some((*first, 8)) && s.shows(TITLES[first - 1], &origin)
        });
        assert!(s.status().ends_with(file), "{}", s.status());
    }
    term.keys(&["["]);
    term.wait("[ before the first file", |s| {
        s.position() == Some((1, 8)) && s.status().contains("first file")
    });

    // `S`: the files overlay, with each skipped file and why; Esc closes.
    term.keys(&["S"]);
    let s = term.wait("the files overlay", |s| {
        s.body()
            .iter()
            .any(|r| r.contains("files · S or Esc closes"))
    });
    let row = |needle: &str| {
        s.body()
            .iter()
            .find(|r| r.contains(needle))
            .cloned()
            .unwrap_or_else(|| panic!("no {needle} in the overlay:\n{}", s.text()))
    };
    let read = row("4 files");
    assert!(
        read.contains("read") && read.contains("8 articles"),
        "{read}"
    );
    assert!(row("skipped ").contains(" 2 "), "{}", s.text());
    assert!(row("blob.bin").contains("binary"), "{}", s.text());
    assert!(row("empty.txt").contains("empty"), "{}", s.text());
    println!("the files overlay:\n{}", s.text());
    term.keys(&["Escape"]);
    let s = term.wait("the overlay closed", |s| {
        s.separator().is_some() && s.list().len() == 8
    });
    assert!(!s.text().contains("blob.bin"), "{}", s.text());
    assert_eq!(s.position(), Some((1, 8)), "{}", s.text());

    // `:file gbk`: only the GBK file's articles; `:clear`: all again.
    term.command("file gbk");
    let s = term.wait("the GBK file's articles", |s| {
        s.status().contains("1/2 of 8")
            && s.status().contains(":file gbk")
            && s.list().len() == 2
            && s.shows(TITLES[6], "2024/05/02/d_gbk.txt:1")
    });
    assert!(s.lists(&TITLES[6..]), "{}", s.text());
    assert!(
        s.detail()
            .iter()
            .any(|r| r.trim_end() == "2024/05/02/d_gbk.txt:1 · gbk"),
        "{}",
        s.text()
    );
    term.command("clear");
    let s = term.wait("every article again", |s| {
        s.status().contains("filters cleared") && s.list().len() == 8
    });
    assert!(!s.status().contains(" of 8"), "{}", s.status());
    assert!(s.lists(&TITLES), "{}", s.text());

    // `F`: follow the folder; the selection goes to the last article.
    term.keys(&["F"]);
    term.wait("follow mode", |s| {
        s.status().contains("follow") && s.position() == Some((8, 8))
    });
    // The reader starts watching on its next turn after drawing this; a
    // file that came before the watch would be missed (see the ignored
    // test below). With inotify, wait for the whole tree to be watched;
    // when polling, there is no instance to see and nothing to wait for.
    let deadline = Instant::now() + Duration::from_secs(3);
    while inotify_watches(&pid).is_none_or(|n| n < DIRS) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }

    // A new file, complete when it appears: its article is listed, in its
    // place at the end, and selected.
    run.add_file(NEW_REL, NEW_PAGE);
    let mut want = TITLES.to_vec();
    want.push(NEW_TITLE);
    let s = term.wait("the new file's article", |s| {
        s.position() == Some((9, 9))
            && s.lists(&want)
            && s.shows(NEW_TITLE, &format!("{NEW_REL}:1"))
    });
    assert!(
        s.status().contains("1 new article"),
        "the status bar says what came:\n{}",
        s.text()
    );
    assert!(s.status().contains("follow"), "{}", s.status());
    assert!(s.list()[8].contains(base_name(NEW_REL)), "{}", s.text());

    // A file that grows: its new article comes in after its others, the
    // selection stays on the last article.
    run.append(FILES[1].0, GROWTH);
    want.insert(4, GROWTH_TITLE);
    let s = term.wait("the grown file's article", |s| {
        s.position() == Some((10, 10)) && s.lists(&want)
    });
    assert!(s.list()[4].contains(base_name(FILES[1].0)), "{}", s.text());
    assert!(s.shows(NEW_TITLE, &format!("{NEW_REL}:1")), "{}", s.text());
    assert!(
        s.status().contains("1 new article"),
        "the status bar says what came:\n{}",
        s.text()
    );

    // `q` quits: exit code 0, the pane's modes and the tty as they were,
    // the reader's screen gone with the alternate screen.
    term.keys(&["q"]);
    assert_eq!(
        run.wait_rc(&term),
        0,
        "exit code; screen:\n{}",
        term.screen()
    );
    let s = term.wait("the shell after the reader", |s| {
        s.text().contains("reader exited: 0")
    });
    assert!(!term.exited(), "the shell after the reader is waiting");
    assert_eq!(term.modes(), "0 0 1", "modes after the reader");
    assert!(
        !TITLES
            .iter()
            .any(|t| s.text().contains(&t.chars().take(4).collect::<String>())),
        "the reader's screen is gone:\n{}",
        s.text()
    );
    let stty = std::fs::read_to_string(run.path("stty.after")).unwrap();
    let flags: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for f in ["icanon", "echo", "isig", "iexten", "icrnl", "opost"] {
        assert!(
            flags.contains(&f),
            "{f} should be on after the reader:\n{stty}"
        );
    }
    assert!(!term.transcript().contains("panicked"));
    println!("folder_tour took {:.1} s", started.elapsed().as_secs_f64());
}

/// `less +F` shows what a file gained before it was pressed, and so does
/// `F` on one file; on a folder, a file that came in after the reader read
/// the folder but before `F` was pressed must show too (regression: the
/// folder was only read again on a change seen after the watch started).
#[test]
fn follow_picks_up_files_added_before_f() {
    let run = Run::new();
    let term = Term::start(&run);
    term.wait("the folder's 8 articles", |s| {
        s.position() == Some((1, 8)) && s.separator().is_some()
    });
    run.add_file(NEW_REL, NEW_PAGE);
    // Not following: nothing changes.
    std::thread::sleep(Duration::from_millis(300));
    term.keys(&["F"]);
    term.wait("the file added before F", |s| {
        s.position() == Some((9, 9))
            && s.titles()
                .last()
                .is_some_and(|t| NEW_TITLE.starts_with(t.as_str()))
    });
    term.keys(&["q"]);
    assert_eq!(run.wait_rc(&term), 0);
}

/// `newsdump -` typed at a prompt would read keystrokes as a dump: it
/// refuses at once, with one line and the usage exit code.
#[test]
fn dash_with_a_terminal_as_standard_input_refuses() {
    assert!(common::have_tmux(), "tmux is needed: .ci/run installs it");
    let command = format!(
        "{} -; echo \"exited: $?\"; read x",
        common::sh(Path::new(common::bin()))
    );
    let tty = Tty::start(80, 10, &command, &[]);
    let screen = tty.wait_for("the refusal and the exit code", |s| s.contains("exited:"));
    assert!(
        screen.contains("standard input is a terminal"),
        "no refusal:\n{screen}"
    );
    assert!(screen.contains("exited: 2"), "{screen}");
    tty.close();
}
