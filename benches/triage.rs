//! The reader's triage state: what a toggle costs the screen's thread, and
//! reading 100,000 stored states when the reader opens (`cargo bench
//! --bench triage`). Targets (issue 14): a toggle ≤ 1 ms on the UI thread;
//! the states add ≤ 0.1 s before the first screen.

use std::time::Duration;

use divan::Bencher;
use newsdump::app::{App, Command};
use newsdump::input::{Bytes, Corpus};
use newsdump::state::Key;
use newsdump::state::store::{Change, Store};

fn main() {
    divan::main();
}

/// `n` items of a few sentences.
fn corpus(n: usize) -> Corpus {
    let mut s = String::from("头条\n导语。\n");
    for i in 1..=n {
        s.push_str(&format!(
            "第{i}条消息:某市发布新一代公共服务平台\n平台上线首日访问量突破十万人次,覆盖交通、医疗和教育三类服务。快讯社2024-05-01 08:30:00{:04}",
            i % 10_000
        ));
    }
    s.push('\n');
    Corpus::single("bench.txt".into(), Bytes::Owned(s.into_bytes()))
}

/// A state database holding `n` states (read and tagged), as a scrape
/// triaged for a while leaves it.
fn database(n: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let mut store = Store::open(&path).unwrap().store;
    let keys: Vec<Key> = (0..n)
        .map(|i| {
            let mut k = [0u8; 16];
            k[..4].copy_from_slice(&i.to_le_bytes());
            k[8..12].copy_from_slice(&i.wrapping_mul(2_654_435_761).to_le_bytes());
            Key(k)
        })
        .collect();
    store
        .apply_all(&[Change::Read(true), Change::AddTag("done".into())], &keys)
        .unwrap();
    (dir, path)
}

/// `r` in the list, with 100,000 states in memory: the update the key
/// makes on the screen's thread (the write is the state thread's).
#[divan::bench]
fn toggle_read_with_100k_states(bencher: Bencher) {
    let (_dir, path) = database(100_000);
    let mut app = App::with_state(corpus(20_000), 120, 40, Some(path));
    app.wait_for_state(Duration::from_secs(30));
    app.wait_for_writes();
    assert_eq!(app.triage().states_len(), 100_000);
    app.update(Command::Down);
    bencher.bench_local(|| app.update(Command::ToggleRead));
    app.wait_for_writes();
}

/// Opening the database and reading 100,000 states into memory: done on
/// a thread of its own while the dump opens; the first screen waits only
/// for its own rows' states (looked up meanwhile), at most 0.1 s.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn read_100k_states(bencher: Bencher) {
    let (_dir, path) = database(100_000);
    let small = corpus(10);
    bencher.bench_local(|| {
        let mut app = App::with_state(small.clone(), 120, 40, Some(path.clone()));
        app.wait_for_state(Duration::from_secs(30));
        app.wait_for_writes();
        assert_eq!(app.triage().states_len(), 100_000);
    });
}
