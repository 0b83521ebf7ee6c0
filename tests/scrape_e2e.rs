//! What a scrape holds, end to end (issue 15): the real binary in a tmux
//! pane on a scrape with copies. The analysis runs by itself; `D`
//! collapses each group to one row and back; `%` opens the statistics
//! screen, `j` walks the day chart, Enter filters the list to that day;
//! from a copy, `d` shows what differs and `}` goes on to the next copy.

mod common;

use common::{Tty, bin, sh};

/// The status bar's `N/M`: the selected row and the rows in the list.
fn rows(screen: &str) -> Option<usize> {
    let status = screen.lines().rev().find(|l| !l.trim().is_empty())?;
    let word = status.split_whitespace().find(|w| {
        w.split_once('/')
            .is_some_and(|(a, b)| a.parse::<usize>().is_ok() && b.parse::<usize>().is_ok())
    })?;
    word.split_once('/')?.1.parse().ok()
}

fn start() -> (tempfile::TempDir, Tty) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scrape.txt");
    std::fs::write(&path, common::scrape_with_copies()).unwrap();
    let cmd = format!("{} {}", sh(std::path::Path::new(bin())), sh(&path));
    let tty = Tty::start(100, 30, &cmd, &[("NO_COLOR", "1")]);
    tty.wait_for("the badges", |s| s.contains("×10"));
    (dir, tty)
}

#[test]
fn collapse_the_copies_and_drill_down_from_a_chart() {
    if !common::have_tmux() {
        eprintln!("skipped: no tmux");
        return;
    }
    let (_dir, tty) = start();
    let s = tty.screen();
    let all = rows(&s).unwrap_or_else(|| panic!("a status bar:\n{s}"));
    assert_eq!(all, 40, "{s}");
    tty.keys(&["D"]);
    let s = tty.wait_for("one row a group", |s| rows(s) == Some(25));
    assert_eq!(s.matches("云湖地铁三号线").count(), 1, "{s}");
    tty.keys(&["D"]);
    tty.wait_for("every copy again", |s| rows(s) == Some(all));

    tty.keys(&["%"]);
    tty.wait_for("the statistics screen", |s| {
        s.contains("articles a day") && s.contains("duplicated") && s.contains("09-14")
    });
    // The third day of the chart, then Enter: that day's articles only.
    tty.keys(&["l", "l"]);
    tty.wait_for("the third day selected", |s| s.contains("2024-09-12: 6"));
    tty.keys(&["Enter"]);
    let s = tty.wait_for("the list filtered to the day", |s| rows(s) == Some(6));
    assert!(!s.contains("articles a day"), "the screen closed:\n{s}");
    // The list's column: every dated row is of that day.
    let list: Vec<&str> = s
        .lines()
        .filter(|l| l.contains('│'))
        .filter_map(|l| l.split('│').next())
        .collect();
    let dated: Vec<&&str> = list.iter().filter(|l| l.contains("2024-09-")).collect();
    assert_eq!(dated.len(), 6, "{s}");
    assert!(dated.iter().all(|l| l.contains("2024-09-12")), "{s}");
    // The duplicates bar: Tab twice, Enter.
    tty.keys(&[":", "c", "l", "e", "a", "r", "Enter"]);
    tty.wait_for("every article again", |s| rows(s) == Some(all));
    tty.keys(&["%", "Tab", "Tab", "Enter"]);
    tty.wait_for("only articles with copies", |s| rows(s) == Some(22));
    tty.keys(&["q", "q"]);
    tty.wait_exit();
}

#[test]
fn what_differs_between_copies() {
    if !common::have_tmux() {
        eprintln!("skipped: no tmux");
        return;
    }
    let (_dir, tty) = start();
    // The re-fetched lead is article 29.
    tty.keys(&["2", "9", "G"]);
    tty.wait_for("the copies in the text", |s| s.contains("copy 2 of 2"));
    tty.keys(&["d"]);
    // NO_COLOR: the marks are written out.
    tty.wait_for("the diff", |s| {
        s.contains("article 9 → 29") && s.contains("{+一年多+}") && s.contains("[-12个月-]")
    });
    tty.keys(&["d"]);
    tty.wait_for("the diff closed", |s| !s.contains("article 9 → 29"));
    tty.keys(&["}"]);
    tty.wait_for("the first copy", |s| s.contains("copy 1 of 2"));
    tty.keys(&["q"]);
    tty.wait_exit();
}
