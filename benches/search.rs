//! Search throughput over the sample repeated to 64 MB, already parsed (as
//! in the reader): `cargo bench --bench search`.

use std::sync::atomic::AtomicBool;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use newsdump::dump::Index;
use newsdump::search::{Matcher, Mode};

mod common;

use common::repeated_sample;

fn main() {
    divan::main();
}

#[divan::bench(args = ["zzznotthere", "falcon 180b", "星河智算", "Lumen", "(?i)lumen-\\d+x"], sample_count = 10)]
fn scan_64mb(bencher: Bencher, query: &str) {
    let input = repeated_sample(64 << 20);
    let index = Index::parse(&input);
    let mode = if query.starts_with("(?") {
        Mode::Regex
    } else {
        Mode::Literal
    };
    let matcher = Matcher::new(query, mode).unwrap();
    let never = AtomicBool::new(false);
    bencher.counter(BytesCount::of_slice(&input)).bench(|| {
        let mut n = 0;
        matcher.scan(black_box(&input), &index, &never, |_| n += 1);
        n
    });
}
