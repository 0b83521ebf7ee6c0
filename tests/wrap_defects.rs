//! Regression tests for the wrapping defects of issue 12, item 8: a URL
//! split inside a word, a number split inside, and a paragraph or title
//! ending on a line of one character.

use newsdump::dump::Index;
use newsdump::text::{ArticleLayout, DisplayLine, wrap, wrap_lines};

/// Byte offsets where the lines of `text` wrapped at `max` begin, after the
/// first.
fn breaks(text: &str, max: usize) -> Vec<usize> {
    wrap_lines(text, max)
        .iter()
        .skip(1)
        .map(|l| l.range.start)
        .collect()
}

#[test]
fn a_url_breaks_only_after_its_separators() {
    // Seen: `cost-e|fficient`, a hard break at the edge inside a word.
    assert_eq!(
        wrap("详见 https://example.com/cost-efficient", 26),
        ["详见 https://example.com/", "cost-efficient"]
    );
    let url = "https://www.example.com/news/2024/cost-efficient-models?id=42&lang=zh";
    assert_eq!(
        wrap(url, 20),
        [
            "https://",
            "www.example.com/",
            "news/2024/cost-",
            "efficient-models?id=",
            "42&lang=zh",
        ]
    );
    for max in 16..=80 {
        for at in breaks(url, max) {
            assert!(
                url[..at].ends_with(['/', '?', '&', '=', '#', '-']),
                "width {max}: a break after {:?}",
                &url[..at]
            );
        }
    }
    // A segment wider than the line leaves no choice but a hard break.
    assert_eq!(
        wrap("https://example.com/abcdefghijklmnopqrstuvwxyz", 12),
        [
            "https://",
            "example.com/",
            "abcdefghijkl",
            "mnopqrstuvwx",
            "yz"
        ]
    );
}

#[test]
fn a_number_with_separators_stays_whole() {
    // `USD1,999.00，` cannot break before the digits by UAX #14: the hard
    // break used to fall inside the number.
    assert_eq!(
        wrap("售价USD1,999.00，便宜", 10),
        ["售价", "USD", "1,999.00，", "便宜"]
    );
    assert_eq!(
        wrap("https://example.com/news/2024/a.htm", 26),
        ["https://example.com/news/", "2024/a.htm"]
    );
    for number in ["$1,999.00", "3.14", "1,000,000", "12:30", "50%", "￥88.8"] {
        // Glued to Latin letters on both sides: one run without breaks.
        let text = format!("型号ABC{number}XYZ");
        let from = text.find(number).unwrap();
        let to = from + number.len();
        let wide = newsdump::text::width(number);
        for max in wide..=24 {
            for at in breaks(&text, max) {
                assert!(
                    at <= from || at >= to,
                    "width {max}: {:?} breaks inside {number}",
                    wrap(&text, max)
                );
            }
        }
    }
}

/// When a number and the closing punctuation after it cannot share a line,
/// one of the two rules has to give: a line never starts with `，`, so the
/// number is broken (the old behaviour, kept on purpose).
#[test]
fn kinsoku_outranks_a_number_that_cannot_fit_with_its_punctuation() {
    assert_eq!(
        wrap("售价为$1,999.00，比上一代便宜。", 10),
        ["售价为", "$1,999.0", "0，比上一", "代便宜。"]
    );
}

#[test]
fn a_last_line_is_not_one_orphan_character() {
    assert_eq!(
        wrap("一二三四五六七八九", 8),
        ["一二三四", "五六七", "八九"]
    );
    // The character moves down with the comma that cannot start a line.
    assert_eq!(
        wrap("一二三四五六七，八", 8),
        ["一二三四", "五六", "七，八"]
    );
    assert_eq!(wrap("速率90MB/s以上", 8), ["速率", "90MB/s", "以上"]);
    // `六」` cannot leave `「` at the end of a line, and more than one
    // character does not move: the orphan stays.
    assert_eq!(
        wrap("一二三四五「六」七", 8),
        ["一二三四", "五「六」", "七"]
    );
    // A line of one character gives nothing up.
    assert_eq!(wrap("中文", 2), ["中", "文"]);
    // Titles too.
    let dump = "OpenAI发布新一代推理模型了\n正文。\n";
    let index = Index::parse(dump.as_bytes());
    let article = index.article(dump.as_bytes(), 0).unwrap();
    let mut layout = ArticleLayout::new(&article, 12);
    layout.finish();
    let title: Vec<String> = layout.lines(0..3).iter().map(DisplayLine::plain).collect();
    assert_eq!(title, ["OpenAI发布新", "一代推理模", "型了"]);
}

/// Breaks inside a URL are for a URL longer than a line: one that fits
/// goes down whole, so that a terminal can still open and copy it.
#[test]
fn a_url_that_fits_on_a_line_goes_down_whole() {
    assert_eq!(
        wrap(
            "接口文档已发布在 https://docs.example.com/lumen-3x/api 上",
            40
        ),
        [
            "接口文档已发布在",
            "https://docs.example.com/lumen-3x/api 上"
        ]
    );
    // The same URL at the start of a line that cannot hold it.
    assert_eq!(
        wrap("https://docs.example.com/lumen-3x/api 上", 30),
        ["https://docs.example.com/", "lumen-3x/api 上"]
    );
}
