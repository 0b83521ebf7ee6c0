//! Snapshots of the reading layout of every article of the built-in sample
//! at widths 20, 40 and 80: the text a reader sees, one file per width.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always`).

use newsdump::dump::Index;
use newsdump::text::{ArticleLayout, DisplayLine};

fn render_sample(width: usize) -> String {
    let bytes = newsdump::SAMPLE.as_bytes();
    let index = Index::parse(bytes);
    let mut out = String::new();
    for article in index.articles(bytes) {
        out.push_str(&format!("───── article {} ─────\n", article.id()));
        let mut layout = ArticleLayout::new(&article, width);
        let n = layout.finish();
        for line in layout.lines(0..n) {
            out.push_str(&DisplayLine::plain(&line));
            out.push('|');
            out.push('\n');
        }
    }
    out
}

#[test]
fn sample_at_width_20() {
    insta::assert_snapshot!(render_sample(20));
}

#[test]
fn sample_at_width_40() {
    insta::assert_snapshot!(render_sample(40));
}

#[test]
fn sample_at_width_80() {
    insta::assert_snapshot!(render_sample(80));
}
