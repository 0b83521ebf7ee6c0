//! A pseudo-terminal for end-to-end tests: the real binary runs inside a
//! detached tmux session of a given size; tests type keys and read the
//! screen. Each session has its own tmux server socket, so tests run in
//! parallel without seeing each other.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A tmux session running one command.
pub struct Tty {
    socket: String,
    _dir: tempfile::TempDir,
}

impl Tty {
    /// Starts `command` (a shell command line) in a `cols`×`rows` terminal.
    /// `env` is set for the command; TERM is xterm-256color.
    pub fn start(cols: u16, rows: u16, command: &str, env: &[(&str, &str)]) -> Tty {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux.sock").display().to_string();
        // The triage state goes to the test's own directory, never to the
        // user's data dir (a test may set NEWSDUMP_STATE itself).
        let mut script = format!(
            "export XDG_DATA_HOME='{}'; export XDG_CACHE_HOME='{}'; ",
            dir.path().join("data").display(),
            dir.path().join("cache").display()
        );
        for (k, v) in env {
            script.push_str(&format!("export {k}='{v}'; "));
        }
        script.push_str(command);
        // Keep the pane after the command ends, so its last screen can be
        // read: set before the session starts, or a quick command races it.
        let (cols, rows) = (cols.to_string(), rows.to_string());
        let out = tmux(
            &socket,
            &[
                "-f",
                "/dev/null",
                "start-server",
                ";",
                "set-option",
                "-g",
                "remain-on-exit",
                "on",
                ";",
                "set-option",
                "-g",
                "default-terminal",
                "xterm-256color",
                ";",
                "new-session",
                "-d",
                "-x",
                &cols,
                "-y",
                &rows,
                "sh",
                "-c",
                &script,
            ],
        );
        assert!(
            out.status.success(),
            "tmux failed to start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Tty { socket, _dir: dir }
    }

    /// The screen as text, one line a row, trailing spaces cut.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&tmux(&self.socket, &["capture-pane", "-p"]).stdout).into_owned()
    }

    /// The screen with its colours and attributes as escape sequences.
    pub fn screen_styled(&self) -> String {
        String::from_utf8_lossy(&tmux(&self.socket, &["capture-pane", "-p", "-e"]).stdout)
            .into_owned()
    }

    /// Everything the terminal shows and has scrolled off, as text.
    pub fn transcript(&self) -> String {
        String::from_utf8_lossy(&tmux(&self.socket, &["capture-pane", "-p", "-S", "-"]).stdout)
            .into_owned()
    }

    /// [`Self::transcript`] with colours and attributes as escape sequences.
    pub fn transcript_styled(&self) -> String {
        String::from_utf8_lossy(
            &tmux(&self.socket, &["capture-pane", "-p", "-e", "-S", "-"]).stdout,
        )
        .into_owned()
    }

    /// Waits until the command has exited, or panics.
    pub fn wait_exit(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.exited() {
            assert!(
                Instant::now() < deadline,
                "command did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Copies every byte the program writes to the terminal, escape
    /// sequences and all, to `file` (tmux pipe-pane), from now on.
    pub fn record_output(&self, file: &Path) {
        let cmd = format!("cat >> {}", sh(file));
        let out = tmux(&self.socket, &["pipe-pane", "-o", &cmd]);
        assert!(
            out.status.success(),
            "pipe-pane: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Types keys, in tmux's key names (`q`, `Enter`, `C-d`, `Down`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        tmux(&self.socket, &args);
    }

    /// Waits until the screen satisfies `pred`, or panics with the screen.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Whether the command has exited.
    pub fn exited(&self) -> bool {
        let out = tmux(&self.socket, &["display-message", "-p", "#{pane_dead}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// A tmux format expanded for the pane (`#{alternate_on}`,
    /// `#{mouse_any_flag}`, `#{cursor_flag}`, `#{pane_pid}`…), trimmed.
    pub fn format(&self, fmt: &str) -> String {
        let out = tmux(&self.socket, &["display-message", "-p", fmt]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Types `text` as it is, without tmux's key names: a command line for a
    /// shell, or raw bytes such as an SGR mouse report (`\x1b[<0;5;5M`).
    pub fn type_text(&self, text: &str) {
        tmux(&self.socket, &["send-keys", "-l", text]);
    }

    /// Resizes the terminal to `cols`×`rows`; the command gets SIGWINCH.
    pub fn resize(&self, cols: u16, rows: u16) {
        let out = tmux(
            &self.socket,
            &[
                "resize-window",
                "-x",
                &cols.to_string(),
                "-y",
                &rows.to_string(),
            ],
        );
        assert!(
            out.status.success(),
            "tmux could not resize to {cols}x{rows}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Closes the terminal as a user closing its window would: the tmux
    /// server goes away with the pane, the command's tty hangs up.
    pub fn close(&self) {
        tmux(&self.socket, &["kill-server"]);
    }

    /// The size the kernel has for the pane's tty, as (columns, rows): what
    /// the command sees. tmux may pass a resize on to the tty up to a
    /// quarter of a second after [`Self::resize`].
    pub fn tty_size(&self) -> Option<(u16, u16)> {
        let tty = self.format("#{pane_tty}");
        let out = Command::new("stty")
            .args(["-F", &tty, "size"])
            .output()
            .ok()?;
        let s = String::from_utf8_lossy(&out.stdout);
        let mut it = s.split_whitespace().map(|n| n.parse::<u16>().ok());
        let (rows, cols) = (it.next()??, it.next()??);
        Some((cols, rows))
    }

    /// The pane's size now, as (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        let s = self.format("#{pane_width} #{pane_height}");
        let mut it = s.split(' ').map(|n| n.parse::<u16>().expect("pane size"));
        (it.next().unwrap(), it.next().unwrap())
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        tmux(&self.socket, &["kill-server"]);
    }
}

fn tmux(socket: &str, args: &[&str]) -> Output {
    Command::new("tmux")
        .arg("-S")
        .arg(socket)
        .args(args)
        .output()
        .expect("run tmux")
}

/// The newsdump binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_newsdump")
}

/// Whether tmux is installed; `.ci/run` installs it.
pub fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A path as a single-quoted shell word.
pub fn sh(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// The binary run as a process with `args`: standard input closed (never
/// the terminal the tests run in), NO_COLOR unset.
pub fn newsdump(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run newsdump")
}

/// The binary run with `input` on its standard input.
pub fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsdump");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// A process's standard output, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// A process's standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scrape with what issue 15 looks for, every text invented: ten pages
/// over five days from three sites; each page's lead is its own story
/// (page 7's re-fetches page 2's with one sentence changed), ends in the
/// site's boilerplate (editor, copyright), and is followed by the same
/// related-news item with its counters drifting, then a weather item of a
/// shared template and an item of the page's own.
pub fn scrape_with_copies() -> String {
    const TOPICS: [&str; 9] = [
        "云湖市开通第一条跨江隧道",
        "澜川港集装箱吞吐量创新高",
        "青屿岛试点海水淡化新工艺",
        "星河科技发布家用储能电池",
        "南岭山区完成光纤入户改造",
        "东平湖湿地迎来越冬候鸟",
        "北塘老街修缮工程全面完工",
        "西溪农场推广无人机播种",
        "白沙县中学开设航天兴趣课",
    ];
    const SITES: [&str; 3] = ["云湖日报", "澜川晚报", "青屿新闻"];
    let lead = |topic: &str, k: usize, changed: Option<&str>| {
        let second = changed.map_or_else(
            || {
                format!(
                    "据介绍，项目从立项到完成用了{}个月，参与人员超过{}人。",
                    10 + k,
                    100 + 7 * k
                )
            },
            str::to_string,
        );
        format!(
            "{topic}\n记者{k}日从有关部门获悉，{topic}一事进展顺利，各方反映良好。\n{second}\n负责人表示，下一步将总结经验，在第{k}批试点中继续推广，并听取居民和企业的意见建议。\n专家认为，这一做法兼顾效率与公平，对同类地区有参考价值，值得持续跟踪观察。\n责任编辑：林晓\n版权所有 云湖新闻网 未经授权不得转载\n"
        )
    };
    let mut out = String::new();
    for p in 0..10usize {
        let day = 10 + p / 2;
        let site = SITES[p % 3];
        let (topic, k, changed) = if p == 7 {
            (
                TOPICS[2],
                2,
                Some("据介绍，项目从立项到完成用了一年多，参与人员超过一百人。"),
            )
        } else {
            (TOPICS[p % 9], p, None)
        };
        out.push_str(&lead(topic, k, changed));
        let weather = ["云湖", "澜川", "青屿", "南岭", "东平"][p % 5];
        out.push_str(&format!(
            "相关阅读\n云湖地铁三号线今日开通试运营\n全线设站十八座，首班车六点发出，票价两元起，市民可刷码乘车。快讯社2024-09-{day} 08:00:00{:04}{weather}天气\n{weather}今日晴，气温十二到二十度。气象台2024-09-{day} 07:{:02}:00{:04}第{p}页的独家\n本页独有的内容讲述了第{p}个主题：{}的后续，与其他文章没有相同的句子。{site}2024-09-{day} 09:30:00{:04}\n\n",
            3 * p + 1,
            p,
            3 * p + 2,
            TOPICS[(p + 4) % 9],
            3 * p + 3,
        ));
    }
    out
}
