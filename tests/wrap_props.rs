//! Property tests of wrapping, for every width from 1 to 200: no line wider
//! than the width, the text given back exactly when the breaks are removed,
//! no grapheme cluster split, and no line starting with closing punctuation
//! (or ending with opening punctuation) where that could have been avoided.

use newsdump::text::{Line, grapheme_width, is_no_end, is_no_start, sanitize_text, wrap_lines};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Pieces that scraped Chinese news is made of, and the awkward ones.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(vec![
            "大", "语", "言", "模", "型", "还", "能", "向", "上", "突", "破", "中", "国", "𠀋",
        ]).prop_map(str::to_string),
        3 => proptest::sample::select(vec![
            "，", "。", "、", "！", "？", "；", "：", "」", "』", "）", "》", "〉", "】", "”", "’", "…",
            ",", ".", "!", "?", ";", ":", ")", "「", "『", "（", "《", "〈", "【", "“", "‘", "(",
            "・", "·", "——",
        ]).prop_map(str::to_string),
        2 => proptest::sample::select(vec![
            "GPT-4o", "o1-preview", "90MB/s", "2024-09-13", "13.9", "OpenAI", "the", "state-of-the-art",
        ]).prop_map(str::to_string),
        1 => proptest::sample::select(vec![
            "https://example.com/a/b?c=d&e=f", "https://openai.com/index/learning-to-reason-with-llms/",
        ]).prop_map(str::to_string),
        2 => Just(" ".to_string()),
        1 => proptest::sample::select(vec![
            "👩‍💻", "🇨🇳", "e\u{301}", "\u{301}", "\t", "\u{3000}", "\x1b[31m", "\u{202e}", "ﾊﾝｶｸ", "ＡＢＣ１２３",
        ]).prop_map(str::to_string),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..80).prop_map(|p| sanitize_text(&p.concat()).into_owned())
}

/// Columns of a line's visible part, tabs expanded.
fn visible_width(text: &str, line: &Line) -> usize {
    newsdump::text::columns(&text[line.range.start..line.visible_end])
}

fn check(text: &str, max: usize) -> Result<(), TestCaseError> {
    let lines = wrap_lines(text, max);
    let boundaries: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
    let rebuilt: String = lines.iter().map(|l| &text[l.range.clone()]).collect();
    prop_assert_eq!(&rebuilt, text, "width {}", max);
    for (n, line) in lines.iter().enumerate() {
        let shown = &text[line.range.start..line.visible_end];
        let w = visible_width(text, line);
        prop_assert_eq!(w, line.width);
        let single_wide = shown.graphemes(true).count() == 1 && grapheme_width(shown) > max;
        prop_assert!(
            w <= max || single_wide,
            "line {} is {} wide at width {}: {:?}",
            n,
            w,
            max,
            shown
        );
        prop_assert!(
            line.range.start == 0 || boundaries.binary_search(&line.range.start).is_ok(),
            "line {} starts inside a grapheme",
            n
        );
        prop_assert!(
            text[line.visible_end..line.range.end]
                .chars()
                .all(|c| c == ' ' || c == '\t')
        );
        if n == 0 {
            continue;
        }
        // Kinsoku: a violation is only allowed where every earlier break in
        // the previous line would have broken a rule too.
        let prev = &lines[n - 1];
        let first = text[line.range.start..].chars().next().unwrap();
        let last = text[..line.range.start]
            .trim_end_matches([' ', '\t'])
            .chars()
            .next_back();
        let separator = |c: char, at: usize| {
            // `a · b`: a middle dot between spaces is a separator.
            matches!(c, '·' | '・')
                && text[..at].ends_with([' ', '\t'])
                && text[at + c.len_utf8()..].starts_with(' ')
        };
        let violates = (is_no_start(first) && !separator(first, line.range.start))
            || last
                .is_some_and(|c| is_no_end(c) && !text[..line.range.start].ends_with([' ', '\t']));
        if violates {
            let avoidable = boundaries
                .iter()
                .filter(|&&b| b > prev.range.start && b < prev.range.end)
                .any(|&b| {
                    let next = text[b..].chars().next().unwrap();
                    let before = text[..b].chars().next_back().unwrap();
                    !is_no_start(next) && !is_no_end(before) && next != ' ' && next != '\t'
                });
            prop_assert!(
                !avoidable,
                "line {} at width {} starts {:?} after {:?}; an earlier break was possible",
                n,
                max,
                &text[line.range.start..line.visible_end],
                &text[prev.range.clone()]
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_width_keeps_every_rule(text in paragraph()) {
        for max in 1..=200 {
            check(&text, max)?;
        }
    }
}

#[test]
fn the_sample_keeps_every_rule_at_every_width() {
    let sample = newsdump::SAMPLE;
    for line in sample.lines() {
        let text = sanitize_text(line.trim_end_matches('\r'));
        for max in 1..=200 {
            check(&text, max).unwrap();
        }
    }
}
