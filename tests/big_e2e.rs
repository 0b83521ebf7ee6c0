//! Big dumps in the real binary: the first screen comes before the whole
//! dump is indexed, and a dump truncated while open is read again.

mod common;

use std::io::Write;

use common::{Tty, bin, sh};

fn dump(dir: &tempfile::TempDir, articles: usize) -> std::path::PathBuf {
    let p = dir.path().join("big.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    for i in 1..=articles {
        writeln!(f, "第{i}篇头条:某市发布新一代公共服务平台\n平台上线首日访问量突破十万人次,覆盖交通、医疗和教育三类服务。\n").unwrap();
    }
    f.flush().unwrap();
    p
}

#[test]
fn the_reader_opens_a_big_dump_and_indexes_it_behind_the_first_screen() {
    let dir = tempfile::tempdir().unwrap();
    let p = dump(&dir, 200_000);
    let tty = Tty::start(120, 30, &format!("{} {}", bin(), sh(&p)), &[]);
    tty.wait_for("the first article", |s| s.contains("第1篇头条"));
    tty.keys(&["G"]);
    let s = tty.wait_for("the last article", |s| {
        s.contains("200000/200000") && s.contains("第200000篇头条")
    });
    assert!(!s.contains("indexing"), "{s}");
    tty.keys(&["q"]);
    tty.wait_exit();
}

#[test]
fn a_dump_truncated_while_open_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let p = dump(&dir, 50_000);
    let tty = Tty::start(120, 30, &format!("{} {}; echo rc=$?", bin(), sh(&p)), &[]);
    tty.wait_for("the list", |s| s.contains("1/50000"));
    // Another process cuts the file to its first few articles.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&p)
        .unwrap()
        .set_len(2000)
        .unwrap();
    tty.keys(&["G", "k"]);
    let s = tty.wait_for("the message", |s| s.contains("changed on disk"));
    assert!(
        !s.contains("/50000"),
        "the list is the file as it is now:\n{s}"
    );
    tty.keys(&["j", "g", "q"]);
    tty.wait_exit();
    assert!(tty.transcript().contains("rc=0"), "{}", tty.transcript());
}

#[test]
fn standard_input_is_shown_as_it_streams_in() {
    let tty = Tty::start(
        100,
        20,
        &format!(
            "(printf '头条一\\n正文。\\n\\n'; sleep 1; printf '头条二\\n正文二。\\n\\n'; sleep 1) | {} -",
            bin()
        ),
        &[],
    );
    let s = tty.wait_for("the first article", |s| {
        s.contains("1/1") && s.contains("头条一")
    });
    assert!(s.contains("reading…"), "{s}");
    let s = tty.wait_for("the second article", |s| {
        s.contains("2/2") && s.contains("头条二")
    });
    assert!(s.contains("1 new article"), "{s}");
    tty.wait_for("the end of the stream", |s| !s.contains("reading…"));
    tty.keys(&["q"]);
    tty.wait_exit();
}

#[test]
fn follow_mode_shows_what_a_scraper_appends() {
    let dir = tempfile::tempdir().unwrap();
    let p = dump(&dir, 3);
    let tty = Tty::start(100, 20, &format!("{} --follow {}", bin(), sh(&p)), &[]);
    tty.wait_for("the last article, followed", |s| {
        s.contains("3/3") && s.contains("follow")
    });
    let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
    writeln!(f, "刚写入的头条\n刚写入的正文。\n").unwrap();
    f.flush().unwrap();
    tty.wait_for("the new article", |s| {
        s.contains("4/4") && s.contains("刚写入的头条")
    });
    // F stops following; another append no longer shows.
    tty.keys(&["F"]);
    tty.wait_for("follow off", |s| s.contains("stopped following"));
    writeln!(f, "再写一篇\n正文。\n").unwrap();
    f.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert!(tty.screen().contains("4/4"), "{}", tty.screen());
    tty.keys(&["q"]);
    tty.wait_exit();
}
