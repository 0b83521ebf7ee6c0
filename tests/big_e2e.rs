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
    let s = tty.wait_for("the message", |s| s.contains("shrank while open"));
    assert!(
        !s.contains("/50000"),
        "the list is the file as it is now:\n{s}"
    );
    tty.keys(&["j", "g", "q"]);
    tty.wait_exit();
    assert!(tty.transcript().contains("rc=0"), "{}", tty.transcript());
}
