//! The reader end to end: the real binary in a tmux pane, driven with keys,
//! mouse reports, signals and resizes the way a user's terminal sends them.
//!
//! Every screen read here is checked: no row wider than the terminal (in
//! `newsdump::text::width`'s columns), and wherever list and text stand side
//! by side the `│` between them is in one column on every row. After the
//! reader ends, however it ends, the pane's modes (alternate screen, mouse
//! reporting, cursor) and the tty's termios must be what they were.
//!
//! Needs tmux, bash, sh and stty; processes are watched through `/proc`
//! (Linux). The tests named after a way the terminal can go (hangup,
//! resize while suspended, `kill %1`) pin bugs found and fixed here.

mod common;

use std::cell::Cell;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Tty, bin, sh};
use newsdump::dump::Index;
use newsdump::text::{HEADING_MARK, width};

/// Articles in the built-in sample.
const SAMPLE_LEN: usize = 28;

/// A small dump in FORMAT.md's page-dump shape: one lead article with
/// headings and a reference block, then a run of six items.
const FIXTURE: &str = "\
青禾市试行夜间公交按需响应服务:乘客手机下单,车辆按订单规划路线
青禾市交通运输局本周宣布,自下月起在三个城区试行夜间公交按需响应服务。乘客在晚上十点之后可以通过手机小程序提交上车点和目的地,调度系统会把方向相近的订单合并,安排小型巴士沿临时规划的路线接送,票价与普通公交保持一致。
试点范围
首批试点覆盖老城区、滨江新区和大学城,共设置虚拟站点四百二十个。交通部门介绍,这些站点大多位于路灯充足、便于停靠的路口,避免乘客在偏僻路段久等。试点期间投入的二十四辆车均为纯电动车型,白天在公交场站集中充电,夜里轮流上路。
乘客怎么用
市民首次使用需要在小程序中完成实名登记。下单以后,页面会显示预计到达时间和车辆的实时位置;如果等待超过十五分钟,系统会自动发放一张乘车券作为补偿。交通部门表示,试点结束后将根据订单数据评估是否扩大范围。
司机与安全
每辆车配备一名司机和车内监控,司机连续驾驶不超过四小时。调度中心二十四小时有人值守,遇到恶劣天气会暂停接单,并提前向已下单的乘客推送通知。
参考内容:
https://example.com/qinghe/night-bus
https://example.com/qinghe/night-bus-faq
滨江新区新建三座口袋公园
据介绍,三座公园均由边角地块改造而成,将于月底开放。青禾日报2024-03-05 10:20:310001大学城图书馆延长周末开放时间
图书馆周六周日的闭馆时间推迟到晚上十一点。校园快讯2024-03-06 08:15:000003老城区完成首批雨水管网改造
改造后的管网可以应对每小时五十毫米的降雨。青禾日报2024-03-07 19:40:120002青禾市上线停车泊位共享平台
居民可以把白天空闲的车位分时出租给附近的上班族。数码周刊2024-03-08 07:05:590010社区食堂推出老人助餐套餐
六十五岁以上老人凭卡就餐可以享受八折优惠。青禾日报2024-03-09 12:00:000007滨江新区试点垃圾分类积分兑换
居民投放可回收物可以积累积分兑换日用品。校园快讯2024-03-10 16:30:450004
";

/// Articles in [`FIXTURE`].
const FIXTURE_LEN: usize = 7;

/// How long any one condition may take to come true on a slow machine.
const PATIENCE: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// Titles, straight from the library.

/// The display title of article `n` (1-based) of `dump`.
fn title(dump: &str, n: usize) -> String {
    let index = Index::parse(dump.as_bytes());
    let article = index.article(dump.as_bytes(), n - 1).expect("article");
    newsdump::text::sanitize(&article.display_title().0).into_owned()
}

fn sample_title(n: usize) -> String {
    title(newsdump::SAMPLE, n)
}

fn fixture_title(n: usize) -> String {
    title(FIXTURE, n)
}

/// Whether a row of the detail pane is the first line of `title`: the
/// title, or the part of it that fits before the wrap.
fn is_title_line(row: &str, title: &str) -> bool {
    let row = row.trim_end();
    !row.is_empty() && title.starts_with(row)
}

// ---------------------------------------------------------------------------
// A captured screen.

/// One capture of the pane.
struct Screen {
    rows: Vec<String>,
    cols: usize,
}

impl Screen {
    /// A capture of a `cols`×`rows` pane.
    fn new(text: &str, (cols, rows): (u16, u16)) -> Screen {
        let (cols, height) = (usize::from(cols), usize::from(rows));
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        assert!(
            lines.len() <= height,
            "{} rows captured from a {height}-row terminal:\n{text}",
            lines.len()
        );
        lines.resize(height, String::new());
        Screen { rows: lines, cols }
    }

    /// Checks that no row is wider than the terminal.
    fn check(&self) -> &Screen {
        self.check_widths(false)
    }

    /// [`Self::check`] for a capture taken just after a resize: until the
    /// reader redraws, tmux shows its last frame cut at the new right edge,
    /// which can leave a double-width character straddling that edge (tmux
    /// keeps a character that starts in the last column).
    fn check_after_resize(&self) -> &Screen {
        self.check_widths(true)
    }

    fn check_widths(&self, straddle: bool) -> &Screen {
        for (i, line) in self.rows.iter().enumerate() {
            let w = width(line);
            let last_wide = line.chars().last().is_some_and(|c| {
                let mut b = [0; 4];
                width(c.encode_utf8(&mut b)) == 2
            });
            assert!(
                w <= self.cols || (straddle && last_wide && w == self.cols + 1),
                "row {i} is {w} columns wide in a {}-column terminal: {line:?}\n{}",
                self.cols,
                self.text()
            );
        }
        self
    }

    fn text(&self) -> String {
        self.rows.join("\n")
    }

    fn contains(&self, s: &str) -> bool {
        self.rows.iter().any(|r| r.contains(s))
    }

    /// The status bar: the last row.
    fn status(&self) -> &str {
        self.rows.last().map_or("", String::as_str)
    }

    /// Every row but the status bar.
    fn body(&self) -> &[String] {
        &self.rows[..self.rows.len().saturating_sub(1)]
    }

    /// The status bar's `N/M`: selected article and article count.
    fn position(&self) -> Option<(usize, usize)> {
        self.status().split_whitespace().find_map(|t| {
            let (a, b) = t.split_once('/')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
    }

    /// The status bar's `line N`: the first line of the text shown.
    fn line(&self) -> Option<usize> {
        let mut words = self.status().split_whitespace();
        words.find(|w| *w == "line")?;
        words.next()?.split('/').next()?.parse().ok()
    }

    /// Which pane has focus, as the status bar says: `list` or `text`.
    fn focus(&self) -> Option<&str> {
        self.status()
            .split_whitespace()
            .find(|w| *w == "list" || *w == "text")
    }

    /// The column of the `│` between list and text when every body row has
    /// it in the same column (the first separator character of the top row).
    fn separator(&self) -> Option<usize> {
        let col = bar_columns(self.body().first()?).first().copied()?;
        self.body()
            .iter()
            .all(|r| bar_columns(r).contains(&col))
            .then_some(col)
    }

    /// Like [`Self::separator`], but says which row breaks the column.
    fn assert_separator(&self) -> usize {
        let body = self.body();
        let col = body
            .first()
            .and_then(|r| bar_columns(r).first().copied())
            .unwrap_or_else(|| panic!("no │ on the top row:\n{}", self.text()));
        for (i, r) in body.iter().enumerate() {
            assert!(
                bar_columns(r).contains(&col),
                "row {i} has no │ in column {col} (it has {:?}):\n{}",
                bar_columns(r),
                self.text()
            );
        }
        assert!(
            (10..self.cols - 10).contains(&col),
            "separator in column {col} of {}",
            self.cols
        );
        col
    }

    /// The text pane's rows, side by side: what follows the separator, less
    /// the pane's one-column margin.
    fn detail(&self) -> Vec<String> {
        let col = self.separator().expect("side by side");
        self.body()
            .iter()
            .map(|r| {
                let at = bar_byte(r, col).expect("separator");
                let rest = &r[at..];
                let rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
                rest.strip_prefix(' ').unwrap_or(rest).to_string()
            })
            .collect()
    }

    /// The list pane's rows, side by side.
    fn list(&self) -> Vec<String> {
        let col = self.separator().expect("side by side");
        self.body()
            .iter()
            .map(|r| r[..bar_byte(r, col).expect("separator")].to_string())
            .collect()
    }

    /// The row of the horizontal separator, stacked: a row of `─` across
    /// the whole width.
    fn stacked_separator(&self) -> Option<usize> {
        let line = "─".repeat(self.cols);
        self.body().iter().position(|r| *r == line)
    }

    /// The rows with anything on them.
    fn used_rows(&self) -> usize {
        self.rows.iter().filter(|r| !r.trim().is_empty()).count()
    }
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
// The pane's modes, as tmux tracks them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Modes {
    alternate: bool,
    mouse: bool,
    mouse_sgr: bool,
    cursor: bool,
    keypad: bool,
}

const MODES: &str =
    "#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{cursor_flag} #{keypad_flag}";

/// A fresh pane's modes, which the reader must leave behind.
const FRESH: Modes = Modes {
    alternate: false,
    mouse: false,
    mouse_sgr: false,
    cursor: true,
    keypad: false,
};

impl Modes {
    fn parse(s: &str) -> Modes {
        let f: Vec<bool> = s.split(' ').map(|w| w == "1").collect();
        assert_eq!(f.len(), 5, "modes: {s:?}");
        Modes {
            alternate: f[0],
            mouse: f[1],
            mouse_sgr: f[2],
            cursor: f[3],
            keypad: f[4],
        }
    }

    /// The reader's own modes: alternate screen, mouse reports, no cursor.
    fn reading(&self) -> bool {
        self.alternate && self.mouse && self.mouse_sgr && !self.cursor
    }
}

// ---------------------------------------------------------------------------
// A terminal with the reader (or a shell) in it.

struct Term {
    tty: Tty,
    size: Cell<(u16, u16)>,
}

impl Deref for Term {
    type Target = Tty;
    fn deref(&self) -> &Tty {
        &self.tty
    }
}

impl Term {
    fn start(cols: u16, rows: u16, command: &str, env: &[(&str, &str)]) -> Term {
        assert!(common::have_tmux(), "tmux is needed: .ci/run installs it");
        let tty = Tty::start(cols, rows, command, env);
        let term = Term {
            size: Cell::new(tty.size()),
            tty,
        };
        assert_eq!(term.size.get(), (cols, rows), "tmux gave another size");
        term
    }

    /// The screen now, checked.
    fn capture(&self) -> Screen {
        let s = Screen::new(&self.tty.screen(), self.size.get());
        s.check();
        s
    }

    /// Waits until the screen satisfies `pred`. Every capture on the way is
    /// checked (allowing for a resize the reader has not redrawn after yet),
    /// the one that satisfies it strictly.
    fn wait(&self, what: &str, pred: impl Fn(&Screen) -> bool) -> Screen {
        let size = self.size.get();
        let text = self.tty.wait_for(what, |s| {
            assert!(
                !s.contains("panicked at"),
                "the reader panicked while waiting for {what}:\n{s}"
            );
            let s = Screen::new(s, size);
            s.check_after_resize();
            pred(&s)
        });
        let s = Screen::new(&text, size);
        s.check();
        s
    }

    /// Resizes the terminal and waits until the tty has the new size, so
    /// that whoever is in the foreground has had its SIGWINCH.
    fn resize(&self, cols: u16, rows: u16) {
        self.resize_now(cols, rows);
        wait_until(
            &format!("the tty to be {cols}x{rows}"),
            || (self.tty.tty_size() == Some((cols, rows))).then_some(()),
            || format!("tty size {:?}", self.tty.tty_size()),
        );
    }

    /// Resizes the terminal without waiting for the tty.
    fn resize_now(&self, cols: u16, rows: u16) {
        self.tty.resize(cols, rows);
        self.size.set((cols, rows));
        assert_eq!(self.tty.size(), (cols, rows), "tmux gave another size");
    }

    fn modes(&self) -> Modes {
        Modes::parse(&self.tty.format(MODES))
    }

    fn wait_modes(&self, what: &str, pred: impl Fn(Modes) -> bool) -> Modes {
        wait_until(
            what,
            || Some(self.modes()).filter(|m| pred(*m)),
            || format!("modes {:?}; screen:\n{}", self.modes(), self.tty.screen()),
        )
    }

    /// A left click at a 1-based cell, as an SGR mouse report.
    fn click(&self, col: u16, row: u16) {
        self.type_text(&format!("\x1b[<0;{col};{row}M\x1b[<0;{col};{row}m"));
    }

    /// A notch of the wheel at a 1-based cell.
    fn wheel(&self, col: u16, row: u16, down: bool) {
        let button = if down { 65 } else { 64 };
        self.type_text(&format!("\x1b[<{button};{col};{row}M"));
    }

    /// Waits for the reader's first screen, side by side: the list with
    /// article 1 selected, the text showing `first_title`.
    fn ready(&self, len: usize, first_title: &str) -> Screen {
        let s = self.wait("the list and the text", |s| {
            s.position() == Some((1, len))
                && s.separator().is_some()
                && is_title_line(&s.detail()[0], first_title)
        });
        s.assert_separator();
        assert!(self.modes().reading(), "modes: {:?}", self.modes());
        s
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

// ---------------------------------------------------------------------------
// A run of the reader under a shell that records how it ended.

/// A temporary directory with the fixture and a launcher: the reader runs
/// under `sh` with its pid written to a file; after it ends, the shell
/// writes its exit code and `stty -a` to files and waits, keeping the pane
/// alive so its modes can be read.
struct Run {
    dir: tempfile::TempDir,
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
        std::fs::write(dir.path().join("青禾晚报.txt"), FIXTURE).unwrap();
        Run { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn fixture(&self) -> PathBuf {
        self.path("青禾晚报.txt")
    }

    /// `sh exec.sh PIDFILE newsdump ARGS`: the reader with its pid recorded.
    fn reader(&self, args: &[&Path]) -> String {
        let mut cmd = format!(
            "sh {} {} {}",
            sh(&self.path("exec.sh")),
            sh(&self.path("pid")),
            sh(Path::new(bin()))
        );
        for a in args {
            cmd.push(' ');
            cmd.push_str(&sh(a));
        }
        cmd
    }

    /// The shell command line for a whole run of the reader on `args`.
    fn command(&self, args: &[&Path]) -> String {
        let p = |n| sh(&self.path(n));
        format!(
            "stty -a > {before}; {reader}; rc=$?; stty -a > {after}; \
             echo $rc > {tmp}; mv {tmp} {rc}; echo \"reader exited: $rc\"; read x",
            before = p("stty.before"),
            reader = self.reader(args),
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

    fn stty(&self, which: &str) -> String {
        std::fs::read_to_string(self.path(&format!("stty.{which}"))).unwrap()
    }
}

impl Drop for Run {
    /// A reader a failed test left behind (stopped, or spinning on a closed
    /// tty) is killed, so failures do not leak processes.
    fn drop(&mut self) {
        let Ok(pid) = std::fs::read_to_string(self.path("pid")) else {
            return;
        };
        let pid = pid.trim();
        let ours = std::fs::read(format!("/proc/{pid}/cmdline"))
            .is_ok_and(|c| c.split(|&b| b == 0).next() == Some(bin().as_bytes()));
        if ours && alive(pid) {
            send_signal("KILL", pid);
        }
    }
}

/// Whether process `pid` exists and is not a zombie.
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        // The state follows the command name in parentheses.
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    })
}

/// Waits for process `pid` to end.
fn wait_gone(what: &str, pid: &str, term: &Term) {
    wait_until(
        what,
        || (!alive(pid)).then_some(()),
        || {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            format!("/proc/{pid}/stat: {state}\nscreen:\n{}", term.screen())
        },
    );
}

/// `stty -a` of a tty a person can type in: line editing, echo, signals.
fn assert_sane_stty(stty: &str) {
    let flags: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for f in ["icanon", "echo", "isig", "iexten", "icrnl", "ixon", "opost"] {
        let off = format!("-{f}");
        assert!(
            flags.contains(&f) && !flags.contains(&off.as_str()),
            "{f} should be on after the reader:\n{stty}"
        );
    }
}

/// Sends `signal` (a name as `kill -s` takes it: TERM, HUP…) to `pid`,
/// with the shell's `kill` (procps may not be installed).
fn send_signal(signal: &str, pid: &str) -> bool {
    Command::new("sh")
        .args(["-c", "kill -s \"$0\" \"$1\"", signal, pid])
        .status()
        .is_ok_and(|st| st.success())
}

fn kill(signal: &str, pid: &str) {
    assert!(send_signal(signal, pid), "kill -s {signal} {pid} failed");
}

/// After the reader has ended: its exit code, the pane's modes back to a
/// fresh pane's, termios as before, no panic message.
fn assert_clean_exit(run: &Run, term: &Term, code: i32) {
    let rc = run.wait_rc(term);
    let screen = term.capture();
    assert_eq!(rc, code, "exit code; screen:\n{}", screen.text());
    assert!(!term.exited(), "the shell after the reader is waiting");
    assert_eq!(term.modes(), FRESH, "modes after the reader");
    assert_sane_stty(&run.stty("after"));
    let all = term.transcript();
    assert!(!all.contains("panicked"), "{all}");
}

// ---------------------------------------------------------------------------
// 1. The keys a reader uses, on the built-in sample.

#[test]
fn keyboard_tour_of_the_sample() {
    let run = Run::new();
    let term = Term::start(120, 40, &run.command(&[]), &[]);
    let first = term.ready(SAMPLE_LEN, &sample_title(1));
    assert!(first.list()[0].contains("星河智算"), "{}", first.text());
    assert_eq!(first.focus(), Some("list"));

    // j moves the selection; the text follows it.
    term.keys(&["j", "j", "j"]);
    let s = term.wait("article 4", |s| {
        s.position() == Some((4, SAMPLE_LEN))
            && s.separator().is_some()
            && is_title_line(&s.detail()[0], &sample_title(4))
    });
    s.assert_separator();
    // Back to the first, the one article longer than the pane.
    term.keys(&["k", "k", "k"]);
    let s = term.wait("article 1", |s| {
        s.position() == Some((1, SAMPLE_LEN))
            && s.separator().is_some()
            && is_title_line(&s.detail()[0], &sample_title(1))
    });
    s.assert_separator();
    assert_eq!(s.line(), Some(1));
    let before = s.detail();

    // Tab gives the text the keys; j then scrolls it by a line.
    term.keys(&["Tab", "j"]);
    let s = term.wait("the text scrolled by a line", |s| {
        s.focus() == Some("text") && s.line() == Some(2) && s.separator().is_some()
    });
    s.assert_separator();
    let after = s.detail();
    assert_eq!(after[0], before[1], "line 2 at the top:\n{}", s.text());
    assert_ne!(after[0], before[0], "{}", s.text());
    assert_eq!(s.position(), Some((1, SAMPLE_LEN)), "the selection stays");

    // ? opens the help over the panes; q closes it and does not quit.
    term.keys(&["?"]);
    let s = term.wait("the help", |s| s.contains("switch between list and text"));
    assert!(s.contains("half a page down"), "{}", s.text());
    term.keys(&["q"]);
    let s = term.wait("the help to close", |s| {
        !s.contains("switch between list and text") && s.separator().is_some()
    });
    s.assert_separator();
    assert!(!term.exited());
    assert_eq!(s.position(), Some((1, SAMPLE_LEN)));

    // Enter reads full screen: no list, no separator; Esc comes back.
    term.keys(&["h", "j", "Enter"]);
    let s = term.wait("the article full screen", |s| {
        s.body().iter().all(|r| !r.contains(is_bar))
            && is_title_line(
                s.body()[0].strip_prefix(' ').unwrap_or(""),
                &sample_title(2),
            )
    });
    assert!(!s.contains("星河智算发布"), "no list rows:\n{}", s.text());
    assert_eq!(s.focus(), Some("text"));
    term.keys(&["Escape"]);
    let s = term.wait("the list again", |s| {
        s.separator().is_some() && s.focus() == Some("list")
    });
    s.assert_separator();
    assert!(s.list()[0].contains("星河智算"), "{}", s.text());

    // A count before G addresses an article.
    term.keys(&["2", "0", "G"]);
    let s = term.wait("article 20", |s| {
        s.position() == Some((20, SAMPLE_LEN))
            && s.separator().is_some()
            && is_title_line(&s.detail()[0], &sample_title(20))
    });
    s.assert_separator();
    assert!(s.status().contains("20/28"), "{}", s.status());

    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

/// The fixture: Chinese in both panes, headings, the item run, and the
/// separator staying put row by row as the list is made wider and narrower.
#[test]
fn fixture_dump_in_both_panes() {
    let run = Run::new();
    let fixture = run.fixture();
    let term = Term::start(120, 40, &run.command(&[&fixture]), &[]);
    let s = term.ready(FIXTURE_LEN, &fixture_title(1));
    let col = s.assert_separator();
    let detail = s.detail().join("\n");
    for heading in ["试点范围", "乘客怎么用", "司机与安全"] {
        assert!(
            detail.contains(&format!("{HEADING_MARK}{heading}")),
            "heading {heading}:\n{}",
            s.text()
        );
    }
    let list = s.list();
    // Their starts: the triage gutter leaves the title 26 columns here.
    for (i, t) in ["滨江新区新建三座口袋公园", "大学城图书馆延长周末开放"]
        .iter()
        .enumerate()
    {
        assert!(list[i + 1].contains(t), "{}", s.text());
    }
    assert!(list[1].contains("青禾日报"), "source column:\n{}", s.text());

    term.keys(&["G"]);
    let s = term.wait("the last article", |s| {
        s.position() == Some((FIXTURE_LEN, FIXTURE_LEN))
            && s.separator().is_some()
            && is_title_line(&s.detail()[0], &fixture_title(FIXTURE_LEN))
    });
    assert_eq!(s.assert_separator(), col);
    assert!(s.detail().join("\n").contains("校园快讯"), "{}", s.text());

    term.keys(&["g", ">"]);
    let s = term.wait("a wider list", |s| {
        s.position() == Some((1, FIXTURE_LEN)) && s.separator().is_some_and(|c| c > col)
    });
    s.assert_separator();
    term.keys(&["<", "<"]);
    let s = term.wait("a narrower list", |s| {
        s.separator().is_some_and(|c| c < col)
    });
    s.assert_separator();
    assert!(
        is_title_line(&s.detail()[0], &fixture_title(1)),
        "{}",
        s.text()
    );

    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

// ---------------------------------------------------------------------------
// 2. The terminal as it was, after a quit.

#[test]
fn quitting_restores_modes_and_termios() {
    let run = Run::new();
    let fixture = run.fixture();
    let term = Term::start(120, 40, &run.command(&[&fixture]), &[]);
    term.ready(FIXTURE_LEN, &fixture_title(1));
    let m = term.modes();
    assert!(m.alternate && m.mouse && !m.cursor, "while reading: {m:?}");
    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
    assert_eq!(
        run.stty("after"),
        run.stty("before"),
        "termios exactly as before"
    );
    let s = term.capture();
    assert!(
        !s.contains("青禾市试行"),
        "the reader's screen is gone with the alternate screen:\n{}",
        s.text()
    );
}

// ---------------------------------------------------------------------------
// 3. Signals from outside end the reader cleanly.

fn signal_ends_the_reader(signal: &str, number: i32) {
    let run = Run::new();
    let term = Term::start(120, 40, &run.command(&[]), &[]);
    term.ready(SAMPLE_LEN, &sample_title(1));
    // Somewhere other than the start: full screen, scrolled.
    term.keys(&["j", "Enter", "j"]);
    term.wait("article 2 full screen", |s| {
        s.position() == Some((2, SAMPLE_LEN)) && s.focus() == Some("text")
    });
    kill(signal, &run.pid());
    assert_clean_exit(&run, &term, 128 + number);
    assert_eq!(run.stty("after"), run.stty("before"));
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_ends_the_reader("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_ends_the_reader("HUP", 1);
}

#[test]
fn sigint_from_outside_restores_the_terminal() {
    signal_ends_the_reader("INT", 2);
}

/// Closing the terminal window: the tty hangs up (SIGHUP, then every read
/// gives end-of-file). The reader must end, not outlive its terminal.
#[test]
fn closing_the_terminal_ends_the_reader() {
    let run = Run::new();
    let term = Term::start(120, 40, &run.reader(&[]), &[]);
    term.ready(SAMPLE_LEN, &sample_title(1));
    let pid = run.pid();
    term.close();
    wait_gone("the reader to end with its terminal", &pid, &term);
}

// ---------------------------------------------------------------------------
// 4. Ctrl-C and Ctrl-Z.

#[test]
fn ctrl_c_quits_from_the_help() {
    let run = Run::new();
    let term = Term::start(120, 40, &run.command(&[]), &[]);
    term.ready(SAMPLE_LEN, &sample_title(1));
    // `G`: the help's end, where Ctrl-c's line is.
    term.keys(&["?", "G"]);
    term.wait("the help", |s| s.contains("quit from anywhere"));
    term.keys(&["C-c"]);
    assert_clean_exit(&run, &term, 0);
}

/// An interactive bash in the pane, with a prompt to look for.
fn bash(run: &Run) -> Term {
    let hist = run.path("history").display().to_string();
    let term = Term::start(
        120,
        40,
        "exec bash --norc --noprofile",
        &[("PS1", "PROMPT$ "), ("HISTFILE", &hist)],
    );
    term.wait("the prompt", |s| s.contains("PROMPT$"));
    term
}

/// With the reader stopped: bash says so, the modes are back; `fg` brings
/// the reader back, redrawn, and it still takes keys.
fn stop_and_resume(term: &Term) {
    term.wait("bash to report the stop", |s| s.contains("Stopped"));
    let m = term.wait_modes("the modes given back", |m| m == FRESH);
    assert_eq!(m, FRESH);
    term.type_text("fg");
    term.keys(&["Enter"]);
    let s = term.ready(FIXTURE_LEN, &fixture_title(1));
    assert!(s.list()[1].contains("滨江新区"), "{}", s.text());
    term.keys(&["j"]);
    term.wait("a key after fg", |s| s.position() == Some((2, FIXTURE_LEN)));
    term.keys(&["q"]);
    // The reader restores the modes last thing before it exits; what is
    // typed from then on goes to bash.
    term.wait_modes("the modes after q", |m| m == FRESH);
    term.type_text("echo \"rc=$?\"");
    term.keys(&["Enter"]);
    term.wait("the exit code", |s| s.contains("rc=0"));
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    let run = Run::new();
    let term = bash(&run);
    term.type_text(&run.reader(&[&run.fixture()]));
    term.keys(&["Enter"]);
    term.ready(FIXTURE_LEN, &fixture_title(1));
    term.keys(&["C-z"]);
    stop_and_resume(&term);
}

#[test]
fn sigtstp_from_outside_suspends_too() {
    let run = Run::new();
    let term = bash(&run);
    term.type_text(&run.reader(&[&run.fixture()]));
    term.keys(&["Enter"]);
    term.ready(FIXTURE_LEN, &fixture_title(1));
    kill("TSTP", &run.pid());
    stop_and_resume(&term);
}

/// Resized while stopped: SIGWINCH went to the shell, which had the
/// terminal; after `fg` the reader must draw at the new size.
fn resize_while_suspended(from: (u16, u16), to: (u16, u16)) {
    let run = Run::new();
    let term = bash(&run);
    term.resize(from.0, from.1);
    term.type_text(&run.reader(&[&run.fixture()]));
    term.keys(&["Enter"]);
    term.wait_modes("the reader's modes", |m| m.reading());
    term.wait("the reader", |s| s.position() == Some((1, FIXTURE_LEN)));
    term.keys(&["C-z"]);
    term.wait("bash to report the stop", |s| s.contains("Stopped"));
    term.wait_modes("the modes given back", |m| m == FRESH);
    term.resize(to.0, to.1);
    // `resize` waited for the tty to have the new size: its SIGWINCH went
    // to bash, which has the terminal.
    term.type_text("fg");
    term.keys(&["Enter"]);
    if to.0 >= 100 {
        term.ready(FIXTURE_LEN, &fixture_title(1));
    } else {
        let s = term.wait("the stacked layout at the new size", |s| {
            s.position() == Some((1, FIXTURE_LEN)) && s.stacked_separator().is_some()
        });
        assert!(s.body()[0].contains("青禾市"), "{}", s.text());
    }
    term.keys(&["q"]);
    term.wait_modes("the modes after q", |m| m == FRESH);
    term.type_text("echo \"rc=$?\"");
    term.keys(&["Enter"]);
    term.wait("the exit code", |s| s.contains("rc=0"));
}

#[test]
fn shrunk_while_suspended_then_fg() {
    resize_while_suspended((120, 40), (60, 20));
}

#[test]
fn grown_while_suspended_then_fg() {
    resize_while_suspended((60, 20), (120, 40));
}

/// `kill %1` on a suspended reader: bash sends SIGTERM and SIGCONT. The
/// reader must end, as less and vim do.
#[test]
fn kill_ends_a_suspended_reader() {
    let run = Run::new();
    let term = bash(&run);
    term.type_text(&run.reader(&[&run.fixture()]));
    term.keys(&["Enter"]);
    term.ready(FIXTURE_LEN, &fixture_title(1));
    term.keys(&["C-z"]);
    term.wait("bash to report the stop", |s| s.contains("Stopped"));
    term.wait_modes("the modes given back", |m| m == FRESH);
    let pid = run.pid();
    term.type_text("kill %1");
    term.keys(&["Enter"]);
    wait_gone("the suspended reader to end", &pid, &term);
    assert_eq!(term.modes(), FRESH);
}

// ---------------------------------------------------------------------------
// 5. The mouse, as SGR reports.

#[test]
fn click_selects_and_wheel_scrolls() {
    let run = Run::new();
    let term = Term::start(120, 40, &run.command(&[]), &[]);
    term.ready(SAMPLE_LEN, &sample_title(1));

    // The fifth row of the list is article 5.
    term.click(10, 5);
    let s = term.wait("article 5 clicked", |s| {
        s.position() == Some((5, SAMPLE_LEN))
            && s.separator().is_some()
            && is_title_line(&s.detail()[0], &sample_title(5))
    });
    s.assert_separator();
    assert_eq!(s.focus(), Some("list"));

    // Back to the long first article, to have text to scroll.
    term.click(10, 1);
    let s = term.wait("article 1 clicked", |s| {
        s.position() == Some((1, SAMPLE_LEN))
            && s.separator().is_some()
            && is_title_line(&s.detail()[0], &sample_title(1))
    });
    let before = s.detail();

    // The wheel over the text scrolls it, three lines a notch; the
    // selection stays.
    term.wheel(90, 10, true);
    let s = term.wait("the text scrolled by the wheel", |s| {
        s.line() == Some(4) && s.separator().is_some()
    });
    s.assert_separator();
    assert_eq!(s.detail()[0], before[3], "{}", s.text());
    assert_eq!(s.position(), Some((1, SAMPLE_LEN)));
    term.wheel(90, 10, false);
    let s = term.wait("the text scrolled back", |s| {
        s.line() == Some(1) && s.separator().is_some()
    });
    assert_eq!(s.detail(), before, "{}", s.text());

    // The wheel over the list moves the selection.
    term.wheel(10, 10, true);
    term.wait("the selection moved by the wheel", |s| {
        s.position() == Some((4, SAMPLE_LEN))
    });

    // A click in the text gives it the keys.
    term.click(90, 5);
    let s = term.wait("the text focused", |s| s.focus() == Some("text"));
    s.assert_separator();

    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

// ---------------------------------------------------------------------------
// 6. Resizes.

/// A small deterministic generator (xorshift), so a failing storm can be
/// replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn resize_to_stacked_tiny_and_back() {
    let run = Run::new();
    let term = Term::start(120, 40, &run.command(&[]), &[]);
    term.ready(SAMPLE_LEN, &sample_title(1));

    // Narrow: the list above, a row of ─, the text below.
    term.resize(60, 20);
    let s = term.wait("the stacked layout", |s| {
        s.stacked_separator().is_some_and(|r| r > 0)
    });
    let sep = s.stacked_separator().unwrap();
    assert!(sep < 18, "room for the text below:\n{}", s.text());
    assert!(
        s.body()[0].contains("星河智算"),
        "list on top:\n{}",
        s.text()
    );
    assert!(
        is_title_line(
            s.body()[sep + 1].strip_prefix(' ').unwrap_or(""),
            &sample_title(1)
        ),
        "text below:\n{}",
        s.text()
    );
    assert_eq!(s.position(), Some((1, SAMPLE_LEN)));

    // Tiny: a short note at most.
    term.resize(8, 3);
    let s = term.wait("the note of a tiny terminal", |s| {
        s.used_rows() == 1 && !s.rows[0].is_empty()
    });
    assert!(!term.exited(), "{}", s.text());

    // Side by side but short: the list scrolls; the separator stays one
    // column on every row.
    term.resize(110, 15);
    let s = term.wait("side by side at 110x15", |s| {
        s.position() == Some((1, SAMPLE_LEN)) && s.separator().is_some()
    });
    s.assert_separator();
    assert!(
        is_title_line(&s.detail()[0], &sample_title(1)),
        "{}",
        s.text()
    );

    // Large again: side by side, where it was.
    term.resize(120, 40);
    term.ready(SAMPLE_LEN, &sample_title(1));

    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

#[test]
fn resize_storm_does_not_kill_it() {
    let run = Run::new();
    let term = Term::start(120, 40, &run.command(&[]), &[]);
    term.ready(SAMPLE_LEN, &sample_title(1));
    // Select a long article and scroll into it, so every size re-lays it out.
    term.keys(&["Tab", "5", "j"]);
    term.wait("scrolled", |s| s.line() == Some(6));

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..20 {
        let (cols, rows) = match i {
            3 => (1, 1),
            7 => (10, 4),
            11 => (100, 30),
            12 => (99, 30),
            15 => (1, 1),
            _ => (1 + rng.below(160) as u16, 1 + rng.below(60) as u16),
        };
        term.resize_now(cols, rows);
        // A look without waiting: whatever is there must fit.
        Screen::new(&term.screen(), (cols, rows)).check_after_resize();
    }
    term.resize(120, 40);
    let s = term.wait("the reader after the storm", |s| {
        s.position() == Some((1, SAMPLE_LEN)) && s.separator().is_some()
    });
    s.assert_separator();
    assert!(!term.exited(), "{}", s.text());
    assert!(term.modes().reading(), "{:?}", term.modes());

    // Still taking keys (the scroll may have been clamped at a tall size:
    // start from the top).
    term.keys(&["g", "j"]);
    term.wait("a key after the storm", |s| s.line() == Some(2));

    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

// ---------------------------------------------------------------------------
// 7. Tiny terminals from the start.

fn tiny_start(cols: u16, rows: u16) {
    let run = Run::new();
    let term = Term::start(cols, rows, &run.command(&[]), &[]);
    term.wait_modes("the reader's modes", |m| m.reading());
    let s = term.wait("something drawn", |s| s.used_rows() > 0);
    assert_eq!(s.used_rows(), 1, "a short note at most:\n{}", s.text());
    assert!(!s.rows[0].is_empty());
    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

#[test]
fn tiny_terminal_8x3() {
    tiny_start(8, 3);
}

#[test]
fn tiny_terminal_1x1() {
    tiny_start(1, 1);
}

/// Started too small, the reader has laid nothing out; grown, it must show
/// the list and the text.
#[test]
fn started_tiny_then_grown() {
    let run = Run::new();
    let fixture = run.fixture();
    let term = Term::start(8, 3, &run.command(&[&fixture]), &[]);
    term.wait_modes("the reader's modes", |m| m.reading());
    term.wait("the note", |s| s.used_rows() == 1);
    term.resize(120, 40);
    term.ready(FIXTURE_LEN, &fixture_title(1));
    term.keys(&["j"]);
    term.wait("article 2", |s| {
        s.position() == Some((2, FIXTURE_LEN))
            && s.separator().is_some()
            && is_title_line(&s.detail()[0], &fixture_title(2))
    });
    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

// ---------------------------------------------------------------------------
// Hostile bytes: control sequences in a dump reach the screen as stand-ins,
// never as controls that change the terminal's modes or title.

#[test]
fn control_sequences_in_a_dump_do_not_reach_the_terminal() {
    let run = Run::new();
    let hostile = run.path("hostile.txt");
    std::fs::write(
        &hostile,
        "标题\x1b]0;PWNED\x07\x1b[?1049l\x1b[?1000l末尾\n正文\x1b[2J\x1b[H清屏\x1b[?25h光标。\n",
    )
    .unwrap();
    let term = Term::start(120, 40, &run.command(&[&hostile]), &[]);
    let s = term.ready(1, "标题␛]0;PWNED␇␛[?1049l␛[?1000l末尾");
    assert!(
        s.detail()
            .join("\n")
            .contains("正文␛[2J␛[H清屏␛[?25h光标。"),
        "{}",
        s.text()
    );
    let m = term.modes();
    assert!(m.reading(), "the dump changed the modes: {m:?}");
    assert_ne!(term.format("#{pane_title}"), "PWNED");
    term.keys(&["Enter"]);
    term.wait("full screen", |s| s.focus() == Some("text"));
    assert!(term.modes().reading());
    term.keys(&["q", "q"]);
    assert_clean_exit(&run, &term, 0);
}

/// A JSON Lines file as Scrapy writes it (every non-ASCII character
/// escaped), with a bad line and a hostile escape: the records listed
/// with their sites and times, the bad one as an error row, `R` showing
/// the record pretty-printed, `/` finding escaped text, and the terminal's
/// modes and title untouched.
#[test]
fn a_json_lines_file_in_the_reader() {
    let run = Run::new();
    let feed = run.path("feed.jsonl");
    std::fs::write(
        &feed,
        concat!(
            "{\"title\":\"\\u6e2f\\u53e3\\u6269\\u5efa\",\"text\":\"\\u7b2c\\u4e00\\u6bb5\\u3002\\n\\u7b2c\\u4e8c\\u6bb5\\u3002\",\"hostname\":\"port.example.cn\",\"date\":\"2024-09-05T08:30:00+08:00\",\"tags\":[\"a\",\"b\"]}\n",
            "{\"title\": \"cut\n",
            "{\"headline\":\"标题\\u001b]0;PWNED\\u0007尾\",\"maintext\":\"正文\\u001b[2J清屏\",\"date_publish\":\"2024年9月6日 10:00\",\"source_domain\":\"b.example.cn\"}\n",
        ),
    )
    .unwrap();
    let term = Term::start(120, 40, &run.command(&[&feed]), &[]);
    let s = term.ready(3, "港口扩建");
    s.assert_separator();
    let list = s.list();
    assert!(
        list[0].contains("port.exam") && list[0].contains("2024-09-05"),
        "{}",
        s.text()
    );
    assert!(list[1].contains("bad record: invalid JSON"), "{}", s.text());
    assert!(list[2].contains("标题␛]0;PWNED␇尾"), "{}", s.text());
    let detail = s.detail().join("\n");
    assert!(
        detail.contains("port.example.cn · 2024-09-05 08:30:00"),
        "{}",
        s.text()
    );
    assert!(
        detail.contains("第一段。") && detail.contains("第二段。"),
        "{}",
        s.text()
    );

    term.keys(&["R"]);
    let s = term.wait("the record's JSON", |s| s.text().contains("\"tags\": ["));
    assert!(s.text().contains("\"title\": \"港口扩建\""), "{}", s.text());
    term.keys(&["R"]);
    term.wait("the overlay closed", |s| !s.text().contains("\"tags\": ["));
    term.keys(&["G"]);
    let s = term.wait("the last record", |s| s.position() == Some((3, 3)));
    assert!(
        s.detail().join("\n").contains("正文␛[2J清屏"),
        "{}",
        s.text()
    );
    assert!(term.modes().reading(), "the file changed the modes");
    assert_ne!(term.format("#{pane_title}"), "PWNED");

    term.keys(&["g", "/", "港", "口", "Enter"]);
    term.wait("a hit in escaped text", |s| {
        s.status().contains("1 hit") || s.status().contains("1 of 1")
    });
    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

// ---------------------------------------------------------------------------
// 8. Search, filter and sort.

/// The list rows of a side-by-side screen that hold an article.
fn list_rows(s: &Screen) -> Vec<String> {
    s.list()
        .into_iter()
        .filter(|r| !r.trim().is_empty())
        .collect()
}

/// `/` with a Chinese query typed as text, Enter, `n` and `N` around the
/// ends; `&` to filter and to clear; `:source`; `s`; Esc on a prompt.
#[test]
fn search_filter_and_sort_in_the_sample() {
    let run = Run::new();
    let term = Term::start(120, 40, &run.command(&[]), &[]);
    term.ready(SAMPLE_LEN, &sample_title(1));

    // `/` opens the prompt at the bottom; typing searches at once.
    term.keys(&["/"]);
    term.wait("the search prompt", |s| s.status().starts_with(" /"));
    term.type_text("青屿");
    let s = term.wait("2 hits while typing", |s| {
        s.status().starts_with(" /青屿") && s.status().contains("2 hits")
    });
    // The two hits are marked in the list: 9 (青屿港 in its text) and 13.
    let marked: Vec<usize> = s
        .list()
        .iter()
        .enumerate()
        .filter(|(_, r)| r.starts_with('•'))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(marked, vec![9, 13], "{}", s.text());
    // Typing does not move the selection.
    assert!(is_title_line(&s.detail()[0], &sample_title(1)));
    // The match is drawn on yellow in 13's title (colour 3: `43` or, as
    // tmux writes it, `48;5;3`), the rest of the title is not.
    let styled = term.screen_styled();
    let row_13 = styled.lines().nth(12).unwrap_or_default();
    assert!(
        row_13.contains("48;5;3m青屿") || row_13.contains("43m青屿"),
        "no yellow under 青屿 on row 13: {row_13:?}"
    );
    assert!(row_13.contains("青屿\x1b[39m\x1b[49m市"), "{row_13:?}");

    // Enter goes to the next match after article 1.
    term.keys(&["Enter"]);
    let s = term.wait("article 9", |s| {
        s.position() == Some((9, SAMPLE_LEN)) && s.separator().is_some()
    });
    assert!(s.status().contains("/青屿 2 hits"), "{}", s.status());
    assert!(is_title_line(&s.detail()[0], &sample_title(9)));

    // n and N move between the two, wrapping with a message.
    term.keys(&["n"]);
    term.wait("article 13", |s| s.position() == Some((13, SAMPLE_LEN)));
    term.keys(&["n"]);
    let s = term.wait("n wrapped to 9", |s| {
        s.position() == Some((9, SAMPLE_LEN)) && s.status().contains("wrapped")
    });
    assert!(s.status().contains("top"), "{}", s.status());
    term.keys(&["N"]);
    let s = term.wait("N wrapped to 13", |s| {
        s.position() == Some((13, SAMPLE_LEN)) && s.status().contains("wrapped")
    });
    assert!(s.status().contains("bottom"), "{}", s.status());
    term.keys(&["N"]);
    term.wait("N to 9, no wrap", |s| {
        s.position() == Some((9, SAMPLE_LEN)) && !s.status().contains("wrapped")
    });

    // `&` filters the list; the status bar counts the rows.
    term.keys(&["&"]);
    term.wait("the filter prompt", |s| s.status().starts_with(" &"));
    term.type_text("harborline");
    term.keys(&["Enter"]);
    let s = term.wait("two rows of 28", |s| {
        s.status().contains("1/2 of 28") && s.separator().is_some()
    });
    let rows = list_rows(&s);
    assert_eq!(rows.len(), 2, "{}", s.text());
    assert!(
        rows.iter().all(|r| r.contains("Harborline")),
        "{}",
        s.text()
    );
    assert!(s.status().contains("&harborline"), "{}", s.status());
    assert!(is_title_line(&s.detail()[0], &sample_title(7)));

    // `&` again, the line emptied, Enter: every article; the selection
    // stays on article 7.
    term.keys(&["&", "C-u", "Enter"]);
    let s = term.wait("the whole list again", |s| {
        s.position() == Some((7, SAMPLE_LEN)) && !s.status().contains("of 28")
    });
    assert_eq!(list_rows(&s).len(), SAMPLE_LEN, "{}", s.text());

    // `:source 快讯社`: only its five items.
    term.keys(&[":"]);
    term.wait("the command prompt", |s| s.status().starts_with(" :"));
    term.type_text("source 快讯社");
    term.keys(&["Enter"]);
    let s = term.wait("快讯社's rows", |s| {
        s.status().contains("/5 of 28 ")
            && s.status().contains(":source 快讯社")
            && s.separator().is_some()
    });
    let rows = list_rows(&s);
    assert_eq!(rows.len(), 5, "{}", s.text());
    assert!(rows.iter().all(|r| r.contains("快讯社")), "{}", s.text());
    assert_eq!(s.position().map(|p| p.1), Some(5), "{}", s.status());

    // `s`: newest first.
    term.keys(&["s"]);
    let s = term.wait("sort newest", |s| {
        s.status().contains("sort newest")
            && s.status().contains("/5 of 28 ")
            && s.separator().is_some()
    });
    let rows = list_rows(&s);
    let dates: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.split_whitespace().find(|w| w.starts_with("2024-")))
        .collect();
    assert_eq!(
        dates,
        [
            "2024-10-15",
            "2024-10-10",
            "2024-10-07",
            "2024-09-13",
            "2024-05-02"
        ],
        "{}",
        s.text()
    );

    // Esc cancels a prompt: the search before it comes back.
    term.keys(&["/"]);
    term.type_text("xyz");
    term.wait("the prompt with xyz", |s| s.status().starts_with(" /xyz"));
    term.keys(&["Escape"]);
    let s = term.wait("the prompt gone", |s| {
        !s.status().starts_with(" /") && s.status().contains("/青屿")
    });
    assert!(s.status().contains("sort newest"), "{}", s.status());

    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

/// A search as you type over a dump big enough to take a while: the
/// screen keeps answering (the count runs, keys are taken) and the last
/// query wins.
#[test]
fn typing_over_a_big_dump_never_freezes_the_screen() {
    let run = Run::new();
    let big = run.path("big.txt");
    let mut text = String::with_capacity(40 << 20);
    while text.len() < 30 << 20 {
        text.push_str(newsdump::SAMPLE);
    }
    std::fs::write(&big, &text).unwrap();
    let articles = Index::parse(text.as_bytes()).len();
    let copies = text.len() / newsdump::SAMPLE.len();
    let term = Term::start(120, 40, &run.command(&[&big]), &[]);
    term.ready(articles, &sample_title(1));
    term.keys(&["/"]);
    term.type_text("harborline");
    // Another query right away: every keystroke replaces the search, and
    // the count is the last query's.
    term.keys(&["C-u"]);
    term.type_text("青屿");
    let want = format!("{} hits", 2 * copies);
    let s = term.wait("青屿's count", |s| {
        s.status().starts_with(" /青屿") && s.status().contains(&want)
    });
    assert!(!s.status().contains("hits…"), "{}", s.status());
    // Keys still work at once: Enter jumps.
    term.keys(&["Enter"]);
    term.wait("the first hit", |s| s.position() == Some((9, articles)));
    term.keys(&["q"]);
    assert_clean_exit(&run, &term, 0);
}

/// The SGR parameters the screen was drawn with that set a colour
/// (foreground, background, 256-colour and RGB forms; not the resets).
fn colours_in(styled: &str) -> Vec<String> {
    let sgr = regex::Regex::new(r"\x1b\[([0-9;:]*)m").unwrap();
    let mut found = Vec::new();
    for c in sgr.captures_iter(styled) {
        let params: Vec<&str> = c[1].split([';', ':']).collect();
        let mut i = 0;
        while i < params.len() {
            let n: u32 = params[i].parse().unwrap_or(0);
            match n {
                30..=37 | 40..=47 | 90..=97 | 100..=107 => found.push(n.to_string()),
                38 | 48 => {
                    found.push(c[1].to_string());
                    break;
                }
                _ => {}
            }
            i += 1;
        }
    }
    found
}

#[test]
fn no_color_draws_no_colour_and_keeps_the_selection_visible() {
    let run = Run::new();
    let term = Term::start(100, 30, &run.command(&[]), &[("NO_COLOR", "1")]);
    term.wait("the sample", |s| s.position() == Some((1, SAMPLE_LEN)));
    term.keys(&["/"]);
    term.type_text("青屿");
    term.keys(&["Enter"]);
    let s = term.wait("a match", |s| s.position() == Some((9, SAMPLE_LEN)));
    let styled = term.screen_styled();
    assert_eq!(colours_in(&styled), Vec::<String>::new(), "{}", s.text());
    // Reverse video (SGR 7) marks the selection and the status bar.
    assert!(
        styled.contains("\x1b[7m") || styled.contains(";7m"),
        "{styled:?}"
    );
    // The same screen without NO_COLOR has colour: the check can fail.
    let run = Run::new();
    let term = Term::start(100, 30, &run.command(&[]), &[]);
    term.wait("the sample", |s| s.position() == Some((1, SAMPLE_LEN)));
    assert!(!colours_in(&term.screen_styled()).is_empty());
}
