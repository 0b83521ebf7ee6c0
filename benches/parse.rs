//! Parse throughput: `cargo bench --bench parse`.
//!
//! The input is the built-in sample repeated to 64 MB, so the figure is
//! reproducible without a generated file. For a big generated dump, see
//! `scripts/bench.sh`, which times `newsdump stats` against `wc -l`.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use newsdump::dump::Index;

mod common;

use common::repeated_sample;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn parse_sample_64mb(bencher: Bencher) {
    let input = repeated_sample(64 << 20);
    bencher
        .counter(BytesCount::of_slice(&input))
        .bench(|| Index::parse(black_box(&input)).len());
}
