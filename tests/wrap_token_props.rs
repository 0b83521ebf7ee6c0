//! Property tests of the wrapping of numbers, URLs and last lines, in
//! random Chinese text, at every width from 1 to 80: no break inside a
//! number that fits on a line; inside a URL, breaks only after `/ ? & = #
//! -` when the line can hold its longest part; no last line of one
//! character where the line above could give one up.

use std::ops::Range;

use newsdump::text::{is_no_start, width, wrap_lines};
use proptest::prelude::*;

const NUMBERS: [&str; 8] = [
    "$1,999.00",
    "3.14",
    "1,000,000",
    "12:30",
    "50%",
    "￥88.8",
    "2024",
    "0.5%",
];

const URLS: [&str; 4] = [
    "https://example.com/blog/cost-efficient-models?id=42&lang=zh#top",
    "https://www.gov.cn/xinwen/2024-09/13/content_6974001.htm",
    "http://t.co/AbC",
    "www.example.org/a//b/.well-known/x%20y",
];

/// What goes between the tokens: Chinese, a space, Latin words that glue
/// to a number (`USD1,000,000`) so that only a hard break can split it.
const FILLERS: [&str; 6] = ["的", "年", " ", "USD", "Pro", "模型"];

#[derive(Debug, Clone)]
enum Token {
    Number(&'static str),
    Url(&'static str),
}

fn token() -> impl Strategy<Value = Token> {
    prop_oneof![
        2 => proptest::sample::select(NUMBERS.to_vec()).prop_map(Token::Number),
        1 => proptest::sample::select(URLS.to_vec()).prop_map(Token::Url),
    ]
}

/// The text, and where its numbers and URLs are.
fn text() -> impl Strategy<Value = (String, Vec<Range<usize>>, Vec<Range<usize>>)> {
    proptest::collection::vec((proptest::sample::select(FILLERS.to_vec()), token()), 0..10)
        .prop_map(|items| {
            let (mut text, mut numbers, mut urls) = (String::new(), Vec::new(), Vec::new());
            for (filler, token) in items {
                text.push_str(filler);
                match token {
                    Token::Number(n) => {
                        numbers.push(text.len()..text.len() + n.len());
                        text.push_str(n);
                    }
                    // Chinese on both sides, so that a URL is a word of its own.
                    Token::Url(u) => {
                        text.push('见');
                        urls.push(text.len()..text.len() + u.len());
                        text.push_str(u);
                        text.push('。');
                    }
                }
            }
            text.push('完');
            (text, numbers, urls)
        })
}

/// Where the rule lets a URL break: after a run of separators, before
/// anything that may start a line.
fn url_may_break(url: &str, at: usize) -> bool {
    let sep = |c: char| "/?&=#-".contains(c);
    let next = url[at..].chars().next().unwrap();
    url[..at].ends_with(sep) && !sep(next) && !is_no_start(next)
}

/// Columns of the widest part of a URL between the breaks it allows.
fn widest_part(url: &str) -> usize {
    let mut last = 0;
    let mut widest = 0;
    let breaks = url.char_indices().map(|(at, _)| at).skip(1);
    for at in breaks.filter(|&at| url_may_break(url, at)) {
        widest = widest.max(width(&url[last..at]));
        last = at;
    }
    widest.max(width(&url[last..]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn numbers_and_urls_break_only_where_allowed((text, numbers, urls) in text()) {
        for max in 1..=80 {
            let starts: Vec<usize> =
                wrap_lines(&text, max).iter().skip(1).map(|l| l.range.start).collect();
            for n in &numbers {
                if width(&text[n.clone()]) <= max {
                    prop_assert!(
                        starts.iter().all(|&at| at <= n.start || at >= n.end),
                        "width {}: {:?} is split in {:?}", max, &text[n.clone()], text
                    );
                }
            }
            for u in &urls {
                let url = &text[u.clone()];
                // The `。` after it cannot start a line: it counts in the
                // last part.
                if widest_part(&text[u.start..u.end + '。'.len_utf8()]) <= max {
                    for &at in starts.iter().filter(|&&at| at > u.start && at < u.end) {
                        prop_assert!(
                            url_may_break(url, at - u.start),
                            "width {}: {:?} breaks after {:?}", max, url, &url[..at - u.start]
                        );
                    }
                }
            }
        }
    }

    /// Ideographs, some with a comma after them: from width 10 a line above
    /// always holds four graphemes or more, so it can give one up.
    #[test]
    fn no_last_line_of_one_character(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec!["字", "文", "字，", "文。"]), 2..60)
    ) {
        let text = pieces.concat();
        for max in 10..=40 {
            let lines = wrap_lines(&text, max);
            let last = &text[lines.last().unwrap().range.clone()];
            prop_assert!(
                lines.len() == 1 || last.chars().count() > 1,
                "width {}: {:?} ends on {:?}", max, text, last
            );
        }
    }
}
