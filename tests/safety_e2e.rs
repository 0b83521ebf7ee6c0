//! Hostile input end to end: the real reader in a terminal, on a dump full
//! of escape sequences, and what it writes to the terminal recorded byte
//! for byte; and a panic, which must leave the terminal as it was.

mod common;

use common::{Tty, bin, sh};

/// Sequences an article could use to attack a terminal, each between two
/// marker letters so that our own output (which also clears the screen and
/// moves the cursor) can never be mistaken for them.
const ATTACKS: &[&str] = &[
    "Q\x1b]52;c;UFdORUQ=\x07Q", // write the clipboard (OSC 52)
    "Q\x1b]0;PWNED\x07Q",       // retitle the window
    "Q\x1b]2;PWNED\x1b\\Q",     // retitle, ST-terminated
    "Q\x1b[2JQ",                // clear the screen
    "Q\x1b[?1049hQ",            // switch to the alternate screen
    "Q\x1b[?1049lQ",            // and back
    "Q\x1b[5;5HQ",              // move the cursor
    "Q\x1b[31;1mQ",             // colour
    "Q\x1bcQ",                  // reset the terminal
    "Q\u{9b}2JQ",               // C1 CSI
    "Q\u{202e}Q",               // right-to-left override
    "Q\u{2066}Q",               // bidi isolate
    "Q\x08\x08Q",               // backspaces
    "Q\rQ",                     // carriage return
];

fn evil_dump(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let mut text = String::new();
    for (i, a) in ATTACKS.iter().enumerate() {
        text.push_str(&format!("标题{i}{a}\n正文{a}正文,很长的一段话用来换行。{a}\n参考{a}\nhttps://example.org/{a}\n\n"));
        text.push_str(&format!(
            "条目{i}{a}\n摘要{a}。来源{a}2024-01-01 00:00:000001\n\n"
        ));
    }
    let p = dir.path().join("evil.txt");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn no_sequence_from_the_dump_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let dump = evil_dump(&dir);
    let raw = dir.path().join("raw.out");
    let tty = Tty::start(
        100,
        30,
        &format!("sleep 0.3; exec {} {}", bin(), sh(&dump)),
        &[],
    );
    tty.record_output(&raw);
    tty.wait_for("the reader", |s| s.contains("标题0"));
    // Every article, in the list and the text, split and full screen,
    // searched and highlighted.
    let n = 2 * ATTACKS.len();
    for _ in 0..n {
        tty.keys(&["j"]);
    }
    tty.keys(&[
        "g", "Enter", "J", "J", "Escape", "/", "Q", "Enter", "n", "n", "N",
    ]);
    tty.keys(&["Tab", "G", "z", "z", "?", "q", "h", "G"]);
    tty.wait_for("the last article", |s| s.contains(&format!("{n}/{n}")));
    tty.keys(&["q"]);
    tty.wait_exit();
    let out = std::fs::read(&raw).unwrap();
    assert!(out.len() > 1000, "recorded {} bytes", out.len());
    // The stand-ins were drawn...
    assert!(String::from_utf8_lossy(&out).contains("␛]52;c;UFdORUQ=␇"));
    // ...and no attack, byte for byte.
    for a in ATTACKS {
        let needle = a.as_bytes();
        assert!(
            !out.windows(needle.len()).any(|w| w == needle),
            "{a:?} reached the terminal"
        );
    }
    // Nor the C1 and bidi characters on their own.
    for c in ["\u{9b}", "\u{202e}", "\u{2066}"] {
        let needle = c.as_bytes();
        assert!(
            !out.windows(needle.len()).any(|w| w == needle),
            "{c:?} reached the terminal"
        );
    }
}

#[test]
fn a_panic_gives_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    let dump = evil_dump(&dir);
    let stty = dir.path().join("stty.txt");
    let tty = Tty::start(
        100,
        30,
        &format!(
            "{} {}; echo rc=$?; stty -a > {}; echo STTY-DONE; sleep 30",
            bin(),
            sh(&dump),
            sh(&stty)
        ),
        &[("NEWSDUMP_TEST_PANIC_KEY", "K")],
    );
    tty.wait_for("the reader", |s| s.contains("标题0"));
    assert_eq!(tty.format("#{alternate_on}"), "1");
    tty.keys(&["K"]);
    // The shell goes on after the reader (so the pane's modes are read
    // from a live pane).
    tty.wait_for("the shell", |_| tty.transcript().contains("STTY-DONE"));
    let transcript = tty.transcript();
    assert!(transcript.contains("a panic asked for"), "{transcript}");
    assert!(transcript.contains("rc=101"), "{transcript}");
    assert_eq!(
        tty.format("#{alternate_on} #{mouse_any_flag} #{cursor_flag}"),
        "0 0 1"
    );
    let modes = std::fs::read_to_string(&stty).unwrap();
    let words: Vec<&str> = modes.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig"] {
        assert!(
            words.contains(&flag),
            "termios not restored ({flag}): {modes}"
        );
    }
}
