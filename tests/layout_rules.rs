//! Every article of the sample, of every fixture, and — where `../shared`
//! exists — of the real dump, laid out at the widths people use, keeps the
//! layout's rules: no line wider than the width, no control character, no
//! line starting with closing punctuation or ending with opening
//! punctuation where a better break existed, and the text itself unchanged.

use std::path::Path;

use newsdump::dump::Index;
use newsdump::text::{ArticleLayout, Role, grapheme_width, is_no_end, is_no_start};
use unicode_segmentation::UnicodeSegmentation;

const WIDTHS: [usize; 7] = [12, 20, 33, 40, 61, 80, 101];

fn check_dump(name: &str, bytes: &[u8]) -> usize {
    let index = Index::parse(bytes);
    let mut checked = 0;
    for article in index.articles(bytes) {
        for width in WIDTHS {
            let mut layout = ArticleLayout::new(&article, width);
            let n = layout.finish();
            let lines = layout.lines(0..n);
            let at = format!("{name} article {} width {width}", article.id());
            for (i, line) in lines.iter().enumerate() {
                let plain = line.plain();
                let single_wide = {
                    let body: Vec<&str> = line
                        .spans
                        .iter()
                        .filter(|s| {
                            !matches!(s.role, Role::Pad | Role::LinkNumber | Role::HeadingMark)
                        })
                        .map(|s| s.text.as_ref())
                        .collect();
                    let body = body.concat();
                    body.graphemes(true).count() == 1 && grapheme_width(&body) > width
                };
                assert!(
                    line.width() <= width || single_wide,
                    "{at}: line {i} is {} columns: {plain:?}",
                    line.width()
                );
                assert!(
                    !plain
                        .chars()
                        .any(|c| c.is_control() || newsdump::text::is_format_control(c)),
                    "{at}: line {i} carries a control: {plain:?}"
                );
                // A line that starts with closing punctuation, inside a
                // paragraph: the previous line must have had no better break.
                let text_start = plain.trim_start();
                if let (Some(first), Some(prev)) = (
                    text_start.chars().next(),
                    i.checked_sub(1).map(|p| lines[p].plain()),
                ) {
                    let continues = !prev.is_empty()
                        && line.spans.first().is_some_and(|s| {
                            s.role != Role::HeadingMark && s.role != Role::LinkNumber
                        });
                    if continues && is_no_start(first) && !matches!(first, '·' | '・') {
                        let prev_graphemes: Vec<&str> = prev.trim().graphemes(true).collect();
                        let avoidable = prev_graphemes.windows(2).skip(1).any(|w| {
                            let next = w[1].chars().next().unwrap();
                            let before = w[0].chars().next_back().unwrap();
                            !is_no_start(next) && !is_no_end(before) && !next.is_whitespace()
                        });
                        assert!(
                            !avoidable,
                            "{at}: line {i} starts with {first:?} after {prev:?}"
                        );
                    }
                }
                if let Some(last) = plain.trim_end().chars().next_back() {
                    let next_continues = lines.get(i + 1).is_some_and(|l| !l.plain().is_empty());
                    if next_continues && is_no_end(last) && !matches!(last, '·' | '・') {
                        let graphemes: Vec<&str> = plain.trim().graphemes(true).collect();
                        assert!(
                            graphemes.len() <= 1
                                || graphemes.iter().all(|g| g.chars().all(is_no_end)),
                            "{at}: line {i} ends with {last:?}: {plain:?}"
                        );
                    }
                }
            }
            checked += 1;
            // The body's text comes back when the breaks are removed.
            // The body starts after the first blank line (title, meta).
            let body_from = lines
                .iter()
                .position(|l| l.spans.is_empty())
                .unwrap_or(lines.len());
            let shown: String = lines[body_from..]
                .iter()
                .flat_map(|l| l.spans.iter())
                .filter(|s| {
                    matches!(
                        s.role,
                        Role::Body | Role::StandIn | Role::Heading | Role::Link
                    )
                })
                .map(|s| s.text.as_ref())
                .collect();
            let want: String = article
                .blocks()
                .map(|b| match b {
                    newsdump::dump::Block::Paragraph(t) | newsdump::dump::Block::Heading(t) => {
                        t.into_owned()
                    }
                    newsdump::dump::Block::Link(t) => t.trim().to_string(),
                })
                .collect();
            let want =
                newsdump::text::expand_tabs(&newsdump::text::sanitize_text(&want)).into_owned();
            let squash = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
            assert_eq!(squash(&shown), squash(&want), "{at}: text changed");
        }
    }
    checked
}

#[test]
fn sample_and_fixtures_keep_the_rules() {
    let mut checked = check_dump("sample", newsdump::SAMPLE.as_bytes());
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            checked += check_dump(&path.display().to_string(), &std::fs::read(&path).unwrap());
        }
    }
    assert!(checked > 28 * WIDTHS.len());
}

#[test]
fn the_real_dump_keeps_the_rules_where_present() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{} is not here: nothing to check", dir.display());
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let checked = check_dump(&path.display().to_string(), &std::fs::read(&path).unwrap());
        assert!(checked > 0);
    }
}

#[test]
fn escape_sequences_show_as_stand_ins() {
    let evil = "标题\x1b]0;owned\x07\n正文\x1b[2J\x1b[H\x1b]52;c;aGk=\x07\u{202e}反转\u{9b}31m。\n";
    let index = Index::parse(evil.as_bytes());
    let article = index.article(evil.as_bytes(), 0).unwrap();
    let mut layout = ArticleLayout::new(&article, 40);
    let n = layout.finish();
    let all: String = layout
        .lines(0..n)
        .iter()
        .map(|l| l.plain() + "\n")
        .collect();
    assert!(
        !all.contains('\x1b')
            && !all.contains('\x07')
            && !all.contains('\u{202e}')
            && !all.contains('\u{9b}')
    );
    assert!(all.contains("标题␛]0;owned␇"), "{all}");
    assert!(
        all.contains("正文␛[2J␛[H␛]52;c;aGk=␇\u{fffd}反转\u{fffd}31m。"),
        "{all}"
    );
}
