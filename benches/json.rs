//! Reading JSON records: `cargo bench --bench json`. Issue 13's target for
//! showing one record: decoding a 10 KB record takes at most 50 µs.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use newsdump::json::record::{Fields, parse_record};
use newsdump::json::shape::{Shape, records};
use newsdump::json::time::parse_time;

fn main() {
    divan::main();
}

/// A news-please-like record of about `size` bytes of JSON, its text a mix
/// of Chinese and Latin with escapes, as crawlers write it.
fn record(size: usize, escaped: bool) -> String {
    let sentence = if escaped {
        "\\u6e2f\\u53e3\\u81ea\\u52a8\\u5316 2024 \\u5e74\\u4ea4\\u4ed8 60% \\u3002 "
    } else {
        "港口自动化码头2024年交付，吞吐量提升60%，Lumen-3x 模型上线。"
    };
    let mut body = String::new();
    while body.len() < size.saturating_sub(400) {
        body.push_str(sentence);
    }
    format!(
        r#"{{"title":"港口无人驾驶集卡上路 首批20台投入运营","maintext":"{body}","date_publish":"2024-09-05 08:30:00","date_download":"2024-09-06T00:00:00Z","source_domain":"www.example.cn","url":"https://www.example.cn/a/1.html","language":"zh","authors":["李明","王芳"],"image_url":"https://img.example.cn/1.jpg"}}"#
    )
}

#[divan::bench(args = [false, true])]
fn decode_a_10kb_record(bencher: Bencher, escaped: bool) {
    let json = record(10 << 10, escaped);
    let fields = Fields::default();
    bencher
        .counter(BytesCount::of_str(&json))
        .bench(|| parse_record(black_box(json.as_bytes()), &fields).map(|r| r.title.is_some()));
}

/// What the reader does to show a record: the article view over the
/// index's span (decoding it), its title, body and meta read out.
#[divan::bench(args = [false, true])]
fn show_a_10kb_record(bencher: Bencher, escaped: bool) {
    let file = format!("{}\n", record(10 << 10, escaped));
    let index = newsdump::dump::Index::parse(file.as_bytes());
    assert!(index.is_json());
    bencher.counter(BytesCount::of_str(&file)).bench(|| {
        let a = index.article(black_box(file.as_bytes()), 0).unwrap();
        (
            a.title().len(),
            a.body().len(),
            a.stamp_bytes().map(|s| s[1].len()),
        )
    });
}

#[divan::bench(sample_count = 20)]
fn find_the_records_of_64mb_of_json_lines(bencher: Bencher) {
    let line = record(2 << 10, false);
    let mut file = String::new();
    while file.len() < 64 << 20 {
        file.push_str(&line);
        file.push('\n');
    }
    bencher
        .counter(BytesCount::of_str(&file))
        .bench(|| records(black_box(file.as_bytes()), Shape::Lines).0.len());
}

#[divan::bench(args = [
    "2024-09-05T08:30:00+08:00",
    "2024-09-05 08:30:00",
    "2024年9月5日 08:30",
    "1725525000123",
    "Thu, 05 Sep 2024 08:30:00 +0800",
    "not a time at all",
])]
fn parse_a_time(time: &str) -> newsdump::json::time::RecordTime {
    parse_time(black_box(time))
}
