//! Layout throughput: `cargo bench --bench layout`.
//!
//! - a 1 MB paragraph of mixed Chinese and Latin text, wrapped at 80
//!   columns (the goal is at least 50 MB/s);
//! - every article of the built-in sample laid out at 80 columns;
//! - the first screen (40 lines) of a 100,000-character article, which is
//!   what the reader lays out before it can draw.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use newsdump::dump::Index;
use newsdump::text::{ArticleLayout, wrap_lines};

fn main() {
    divan::main();
}

/// About 1 MB: the sample's paragraphs, joined into one line.
fn big_paragraph() -> String {
    let para: String = newsdump::SAMPLE
        .lines()
        .filter(|l| l.chars().count() > 40)
        .collect();
    let mut out = String::with_capacity(1 << 20);
    while out.len() < 1 << 20 {
        out.push_str(&para);
    }
    out
}

#[divan::bench(sample_count = 10)]
fn wrap_1mb_paragraph(bencher: Bencher) {
    let text = big_paragraph();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| wrap_lines(black_box(&text), 80).len());
}

#[divan::bench(sample_count = 20)]
fn lay_out_whole_sample(bencher: Bencher) {
    let bytes = newsdump::SAMPLE.as_bytes();
    let index = Index::parse(bytes);
    bencher.counter(BytesCount::of_slice(bytes)).bench(|| {
        index
            .articles(bytes)
            .map(|a| ArticleLayout::new(&a, 80).finish())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 50)]
fn first_screen_of_a_100k_char_article(bencher: Bencher) {
    let para = "很长的文章正文，包含 Latin words 和数字 2024-09-13。".repeat(100);
    let body: String = (0..30).map(|_| format!("{para}\n")).collect();
    let text = format!("标题\n{body}");
    let bytes = text.as_bytes();
    let index = Index::parse(bytes);
    bencher.bench(|| {
        let article = index.article(bytes, 0).unwrap();
        let mut layout = ArticleLayout::new(&article, 80);
        layout.lines(0..40).len()
    });
}
