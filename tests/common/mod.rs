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
