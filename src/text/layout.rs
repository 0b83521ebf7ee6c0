//! The reading layout of one article, shared by `newsdump show` and the
//! reader's detail pane: title, a meta line, then the body's paragraphs
//! separated by blank lines, headings set apart, link lines numbered.
//!
//! No character is added inside the article's text: only line breaks,
//! indentation and the decorations around blocks (the heading mark, the
//! link numbers). Text is sanitised before it is laid out, so a line never
//! carries a control character.
//!
//! Wrapping is lazy: [`ArticleLayout::new`] only splits the article into
//! blocks, and lines are laid out as they are asked for, so the first
//! screen of a 100,000-character article costs what the screen shows.

use std::borrow::Cow;
use std::ops::Range;

use super::sanitize::{is_stand_in, needs_stand_in, sanitize_text};
use super::width::width;
use super::wrap::{Line, Wrapper, expand_tabs};
use crate::dump::{Article, Block, Kind};

/// What a piece of a line is, so a renderer can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The article's title.
    Title,
    /// An untitled item's stand-in title (the start of its summary).
    Untitled,
    /// The meta line: source, time, counters, length, reading time.
    Meta,
    /// A heading line of a lead.
    Heading,
    /// The mark before a heading.
    HeadingMark,
    /// Running text.
    Body,
    /// The `[n]` before a link line.
    LinkNumber,
    /// A link line's URL.
    Link,
    /// A stand-in for a control character from the dump (`␛`, U+FFFD).
    StandIn,
    /// Indentation and other padding.
    Pad,
}

/// A run of text with one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span<'a> {
    /// The text, free of controls and tabs.
    pub text: Cow<'a, str>,
    /// What it is.
    pub role: Role,
}

/// One laid-out line: spans whose widths add up to at most the layout's
/// width (see [`super::wrap_lines`] for the one exception).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DisplayLine<'a> {
    /// The spans, left to right.
    pub spans: Vec<Span<'a>>,
}

impl DisplayLine<'_> {
    /// The line as plain text.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_ref()).collect()
    }

    /// Columns the line takes.
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| width(&s.text)).sum()
    }
}

/// A block of the layout: one paragraph, heading, link line, the title or
/// the meta line, with what goes before its first line.
#[derive(Debug)]
struct LaidBlock {
    role: Role,
    /// Decoration before the first line (`[1] `, the heading mark); the
    /// following lines are indented by its width.
    prefix: Option<(String, Role)>,
    indent: usize,
    /// Sanitised text, tabs kept (they expand per line).
    text: String,
    /// Wrapped lines, filled in on demand.
    lines: Option<Vec<Line>>,
    /// Whether a blank line comes before the block.
    gap_before: bool,
}

/// Where a laid-out line comes from (see [`ArticleLayout::line_source`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSource {
    /// The block.
    pub block: usize,
    /// What the block is.
    pub role: Role,
    /// The bytes of the block's text the line shows.
    pub range: Range<usize>,
    /// Columns before the text: a decoration or indentation.
    pub indent: usize,
}

/// A place in an article's text that does not depend on the width: a
/// block and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    block: usize,
    offset: usize,
}

/// An article laid out at one width.
#[derive(Debug)]
pub struct ArticleLayout {
    width: usize,
    blocks: Vec<LaidBlock>,
    /// For each laid-out line: block index and line within the block
    /// (`None` for the blank line before a block).
    index: Vec<(u32, Option<u32>)>,
    /// Blocks laid out so far.
    done_blocks: usize,
}

/// Characters a minute when reading Chinese, and words a minute for Latin
/// text: common averages for silent reading on screen.
const CJK_PER_MINUTE: usize = 400;
const WORDS_PER_MINUTE: usize = 230;

/// The mark before a heading.
pub const HEADING_MARK: &str = "■ ";

impl ArticleLayout {
    /// Splits `article` into blocks for a layout `width` columns wide. No
    /// line is wrapped yet.
    pub fn new(article: &Article<'_>, width: usize) -> ArticleLayout {
        ArticleLayout::with_note(article, width, None)
    }

    /// [`ArticleLayout::new`] with a second meta line under the first:
    /// where the article comes from (its file, an encoding other than
    /// UTF-8), for a corpus of many files.
    pub fn with_note(article: &Article<'_>, width: usize, note: Option<&str>) -> ArticleLayout {
        let notes: Vec<&str> = note.into_iter().collect();
        ArticleLayout::with_notes(article, width, &notes)
    }

    /// [`ArticleLayout::new`] with meta lines under the first, in order:
    /// where the article comes from, its copies elsewhere in the scrape.
    pub fn with_notes(article: &Article<'_>, width: usize, notes: &[&str]) -> ArticleLayout {
        let width = width.max(1);
        let mut blocks = Vec::new();
        let (title, untitled) = article.display_title();
        blocks.push(LaidBlock::new(
            if untitled {
                Role::Untitled
            } else {
                Role::Title
            },
            None,
            sanitize_text(&title).into_owned(),
            false,
        ));
        // The meta line goes second but counts the body: lay the body out
        // first and count as it goes, in one pass.
        let mut counts = Counts::default();
        let mut links = 0;
        for block in article.blocks() {
            let (role, prefix, text) = match block {
                Block::Paragraph(t) => (Role::Body, None, t),
                Block::Heading(t) => {
                    counts.headings += 1;
                    (
                        Role::Heading,
                        Some((HEADING_MARK.to_string(), Role::HeadingMark)),
                        t,
                    )
                }
                Block::Link(t) => {
                    links += 1;
                    (
                        Role::Link,
                        Some((format!("[{links}] "), Role::LinkNumber)),
                        t,
                    )
                }
            };
            let text = match role {
                Role::Link => Cow::Borrowed(text.trim()),
                _ => Cow::Borrowed(text.as_ref()),
            };
            // One pass counts and tells whether anything needs a stand-in.
            let clean = if counts.add(&text) {
                sanitize_text(&text).into_owned()
            } else {
                text.into_owned()
            };
            blocks.push(LaidBlock::new(role, prefix, clean, true));
        }
        blocks.insert(
            1,
            LaidBlock::new(Role::Meta, None, meta_line(article, &counts), false),
        );
        for (k, note) in notes.iter().enumerate() {
            blocks.insert(
                2 + k,
                LaidBlock::new(Role::Meta, None, sanitize_text(note).into_owned(), false),
            );
        }
        // Too narrow for a decoration and a column of text after it: the
        // text goes without (no line may be wider than the layout).
        for block in &mut blocks {
            if block.indent > 0 && width < block.indent + 2 {
                block.prefix = None;
                block.indent = 0;
            }
        }
        ArticleLayout {
            width,
            blocks,
            index: Vec::new(),
            done_blocks: 0,
        }
    }

    /// The first line of the next heading after line `from` (`forward`),
    /// or of the last one before it. Lays out the whole text.
    pub fn heading_line(&mut self, from: usize, forward: bool) -> Option<usize> {
        self.finish();
        let starts = |i: &usize| {
            matches!(self.index.get(*i), Some(&(b, Some(0)))
                if self.blocks.get(b as usize).is_some_and(|b| b.role == Role::Heading))
        };
        if forward {
            (from.saturating_add(1)..self.index.len()).find(starts)
        } else {
            (0..from.min(self.index.len())).rev().find(starts)
        }
    }

    /// The width this layout wraps at.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Lays out blocks until at least `n` lines exist (or all do).
    pub fn ensure(&mut self, n: usize) {
        while self.index.len() < n && self.done_blocks < self.blocks.len() {
            let b = self.done_blocks;
            let width = self.width;
            let block = &mut self.blocks[b];
            if block.gap_before {
                self.index.push((b as u32, None));
            }
            let avail = width.saturating_sub(block.indent).max(1);
            let lines: Vec<Line> = if block.text.is_empty() {
                vec![Line {
                    range: 0..0,
                    visible_end: 0,
                    width: 0,
                }]
            } else {
                Wrapper::new(&block.text, avail).collect()
            };
            for i in 0..lines.len() {
                self.index.push((b as u32, Some(i as u32)));
            }
            block.lines = Some(lines);
            self.done_blocks += 1;
        }
    }

    /// Lays out everything; returns the number of lines.
    pub fn finish(&mut self) -> usize {
        self.ensure(usize::MAX);
        self.index.len()
    }

    /// Whether every block is laid out, so [`Self::laid_out`] is the total.
    pub fn is_complete(&self) -> bool {
        self.done_blocks == self.blocks.len()
    }

    /// Lines laid out so far.
    pub fn laid_out(&self) -> usize {
        self.index.len()
    }

    /// Line `i`, if it is laid out.
    pub fn line(&self, i: usize) -> Option<DisplayLine<'_>> {
        let &(b, line) = self.index.get(i)?;
        let block = &self.blocks[b as usize];
        let Some(line) = line else {
            return Some(DisplayLine::default());
        };
        let wrapped = &block.lines.as_ref()?[line as usize];
        let mut spans = Vec::new();
        // A lone cluster wider than the room beside the decoration (a run
        // of Hangul jamo) goes without it, so no line is wider than the
        // layout when it need not be.
        let bare = wrapped.width + block.indent > self.width;
        match (&block.prefix, line) {
            _ if bare => {}
            (Some((p, role)), 0) => spans.push(Span {
                text: Cow::Borrowed(p.as_str()),
                role: *role,
            }),
            _ if block.indent > 0 => spans.push(Span {
                text: Cow::Owned(" ".repeat(block.indent)),
                role: Role::Pad,
            }),
            _ => {}
        }
        let shown = &block.text[wrapped.range.start..wrapped.visible_end];
        push_runs(&mut spans, shown, block.role);
        Some(DisplayLine { spans })
    }

    /// Where line `i` comes from: its block, the byte range of the block's
    /// text it shows (trailing blanks excluded), and the columns of the
    /// decoration or indentation before it. `None` for a blank line
    /// between blocks.
    pub fn line_source(&self, i: usize) -> Option<LineSource> {
        let &(b, line) = self.index.get(i)?;
        let block = &self.blocks[b as usize];
        let wrapped = &block.lines.as_ref()?[line? as usize];
        Some(LineSource {
            block: b as usize,
            role: block.role,
            range: wrapped.range.start..wrapped.visible_end,
            indent: block.indent,
        })
    }

    /// The sanitised text of block `b` (tabs not expanded).
    pub fn block_text(&self, b: usize) -> &str {
        self.blocks.get(b).map_or("", |blk| blk.text.as_str())
    }

    /// Where line `i` starts in the text, independent of the width: keep
    /// it across a re-layout to stay at the same place in the article.
    pub fn anchor(&self, i: usize) -> Option<Anchor> {
        let &(b, line) = self.index.get(i)?;
        let offset = match line {
            Some(l) => {
                self.blocks[b as usize].lines.as_ref()?[l as usize]
                    .range
                    .start
            }
            None => 0,
        };
        Some(Anchor {
            block: b as usize,
            offset,
        })
    }

    /// The line that shows `anchor`'s place at this layout's width.
    pub fn line_of(&mut self, anchor: Anchor) -> usize {
        // Lay out through the anchor's block.
        while self.done_blocks <= anchor.block && self.done_blocks < self.blocks.len() {
            self.ensure(self.index.len() + 1);
        }
        self.index
            .iter()
            .position(|&(b, l)| {
                b as usize == anchor.block
                    && l.is_some_and(|l| {
                        let lines = self.blocks[b as usize].lines.as_deref().unwrap_or_default();
                        lines[l as usize].range.end > anchor.offset || l as usize + 1 == lines.len()
                    })
            })
            .unwrap_or(0)
    }

    /// Lines `range` (laid out on demand), clipped to what exists.
    pub fn lines(&mut self, range: Range<usize>) -> Vec<DisplayLine<'_>> {
        self.ensure(range.end);
        let end = range.end.min(self.index.len());
        (range.start.min(end)..end)
            .filter_map(|i| self.line(i))
            .collect()
    }
}

impl LaidBlock {
    fn new(
        role: Role,
        prefix: Option<(String, Role)>,
        text: String,
        gap_before: bool,
    ) -> LaidBlock {
        let indent = prefix.as_ref().map_or(0, |(p, _)| width(p));
        LaidBlock {
            role,
            prefix,
            indent,
            text,
            lines: None,
            gap_before,
        }
    }
}

/// Splits `text` into spans of `role`, with stand-ins for controls in spans
/// of their own so a renderer can dim them; expands tabs.
fn push_runs<'a>(spans: &mut Vec<Span<'a>>, text: &'a str, role: Role) {
    let text = expand_tabs(text);
    let mut run_start = 0;
    let mut run_stand_in = false;
    let s: &str = &text;
    let mut pieces: Vec<(Range<usize>, bool)> = Vec::new();
    for (i, c) in s.char_indices() {
        let stand_in = is_stand_in(c);
        if stand_in != run_stand_in && i > run_start {
            pieces.push((run_start..i, run_stand_in));
            run_start = i;
        }
        run_stand_in = stand_in;
    }
    if run_start < s.len() {
        pieces.push((run_start..s.len(), run_stand_in));
    }
    for (range, stand_in) in pieces {
        let role = if stand_in { Role::StandIn } else { role };
        let piece = match &text {
            Cow::Borrowed(b) => Cow::Borrowed(&b[range]),
            Cow::Owned(o) => Cow::Owned(o[range].to_string()),
        };
        spans.push(Span { text: piece, role });
    }
}

/// What the meta line says about the body, counted in one pass.
#[derive(Debug, Default)]
struct Counts {
    /// Characters other than white space.
    chars: usize,
    /// Chinese characters.
    cjk: usize,
    /// Runs of other letters and digits.
    words: usize,
    headings: usize,
}

impl Counts {
    /// Counts `text`; returns whether it holds a character that
    /// [`sanitize_text`] replaces.
    fn add(&mut self, text: &str) -> bool {
        let mut in_word = false;
        let mut controls = false;
        for c in text.chars() {
            if is_cjk(c) {
                self.chars += 1;
                self.cjk += 1;
                in_word = false;
                continue;
            }
            controls |= needs_stand_in(c);
            if c.is_whitespace() {
                in_word = false;
                continue;
            }
            self.chars += 1;
            if c.is_alphanumeric() {
                if !in_word {
                    self.words += 1;
                }
                in_word = true;
            }
        }
        controls
    }

    /// Chinese characters at 400 a minute, other words at 230 a minute.
    fn minutes(&self) -> usize {
        (self.cjk * 60 / CJK_PER_MINUTE + self.words * 60 / WORDS_PER_MINUTE)
            .div_ceil(60)
            .max(1)
    }
}

/// A record's `site · time · language · authors` (the time marked when it
/// is the download's, not the publication's), or that it is a bad record.
fn record_meta(a: &Article<'_>, parts: &mut Vec<String>) {
    let Some(d) = a.record() else { return };
    let Ok(r) = d.record() else {
        parts.push("bad record".into());
        return;
    };
    if !d.site().is_empty() {
        parts.push(sanitize_text(d.site()).into_owned());
    }
    if !d.time().is_empty() {
        let time = sanitize_text(d.time()).into_owned();
        parts.push(if r.time_is_fetch {
            format!("fetched {time}")
        } else {
            time
        });
    }
    if let Some(lang) = &r.language {
        parts.push(sanitize_text(lang).into_owned());
    }
    if !r.authors.is_empty() {
        parts.push(sanitize_text(&r.authors.join(", ")).into_owned());
    }
}

/// `source · time · #counters · N chars · M min · line` for an item;
/// `lead · N chars · M min · headings · links · line` for a lead.
fn meta_line(a: &Article<'_>, counts: &Counts) -> String {
    let mut parts: Vec<String> = Vec::new();
    match a.kind() {
        Kind::Item => {
            if let Some(s) = a.source().filter(|s| !s.is_empty()) {
                parts.push(sanitize_text(&s).into_owned());
            }
            parts.extend(a.time().map(|t| t.into_owned()));
            parts.extend(a.counters().map(|c| format!("#{c}")));
        }
        Kind::Lead => parts.push("lead".into()),
        Kind::Record => record_meta(a, &mut parts),
    }
    parts.push(plural(counts.chars, "char"));
    parts.push(format!("{} min", counts.minutes()));
    if a.kind() != Kind::Item {
        if counts.headings > 0 {
            parts.push(plural(counts.headings, "heading"));
        }
        let links = a.links().len();
        if links > 0 {
            parts.push(plural(links, "link"));
        }
    }
    parts.push(format!("line {}", a.entry().line()));
    // No-break spaces inside a part: a narrow pane wraps the meta line
    // between parts, not inside `35 chars`.
    // The date-time keeps its space, so that it copies out as written.
    let parts: Vec<String> = parts
        .iter()
        .map(|p| match a.time() {
            Some(t) if *p == t => p.clone(),
            _ => p.replace(' ', "\u{a0}"),
        })
        .collect();
    parts.join(" · ")
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// An estimate of the reading time of `text`: Chinese characters at 400 a
/// minute, other words at 230 a minute.
pub fn reading_time(text: &str) -> String {
    let mut counts = Counts::default();
    counts.add(text);
    format!("{} min", counts.minutes())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::Index;

    fn layout(text: &str, width: usize) -> Vec<String> {
        let index = Index::parse(text.as_bytes());
        let a = index.article(text.as_bytes(), 0).unwrap();
        let mut l = ArticleLayout::new(&a, width);
        let n = l.finish();
        l.lines(0..n).iter().map(DisplayLine::plain).collect()
    }

    #[test]
    fn title_meta_paragraphs_headings_links() {
        let text = "新品发布会\n第一段正文。\n小标题\n参考内容:\nhttps://example.com/a\n";
        assert_eq!(
            layout(text, 80),
            [
                "新品发布会",
                "lead · 35\u{a0}chars · 1\u{a0}min · 2\u{a0}headings · 1\u{a0}link · line\u{a0}1",
                "",
                "第一段正文。",
                "",
                "■ 小标题",
                "",
                "■ 参考内容:",
                "",
                "[1] https://example.com/a",
            ]
        );
    }

    #[test]
    fn too_narrow_for_a_decoration() {
        // Found by the fuzzer: `■ (` at width 2.
        for width in 1..=5 {
            for line in layout("0\n(\nhttps://x.example/a\n", width) {
                assert!(
                    crate::text::width(&line) <= width.max(2),
                    "{line:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn link_lines_hang_under_their_number() {
        let text = "标题\nhttps://example.com/abcdefghij\n";
        let lines = layout(text, 16);
        let at = lines.iter().position(|l| l.starts_with("[1]")).unwrap();
        assert_eq!(
            &lines[at..],
            ["[1] https://", "    example.com/", "    abcdefghij"]
        );
    }

    #[test]
    fn controls_become_stand_in_spans() {
        let text = "标题\n红\x1b[31m字。\n";
        let index = Index::parse(text.as_bytes());
        let a = index.article(text.as_bytes(), 0).unwrap();
        let mut l = ArticleLayout::new(&a, 80);
        l.finish();
        let line = l.line(3).unwrap();
        assert_eq!(line.plain(), "红␛[31m字。");
        assert_eq!(line.spans[1].role, Role::StandIn);
        assert_eq!(line.spans[1].text, "␛");
    }

    #[test]
    fn lays_out_only_what_is_asked() {
        let para = "很长的段落。".repeat(20_000);
        let text = format!("标题\n{para}\n第二段。\n");
        let index = Index::parse(text.as_bytes());
        let a = index.article(text.as_bytes(), 0).unwrap();
        let mut l = ArticleLayout::new(&a, 40);
        l.ensure(2);
        assert!(!l.is_complete());
        assert_eq!(l.laid_out(), 2);
        assert!(l.finish() > 6000);
    }

    #[test]
    fn anchors_survive_a_new_width() {
        let para = "很长的段落，用来测试换行以后阅读位置是否保持不变。".repeat(30);
        let text = format!("标题\n{para}\n第二段正文。\n{para}\n");
        let index = Index::parse(text.as_bytes());
        let a = index.article(text.as_bytes(), 0).unwrap();
        let mut wide = ArticleLayout::new(&a, 80);
        let n = wide.finish();
        let mut narrow = ArticleLayout::new(&a, 30);
        for i in 0..n {
            let anchor = wide.anchor(i).unwrap();
            let j = narrow.line_of(anchor);
            // The narrow line at j starts at or before the wide line's start
            // and ends after it: the same text stays on screen.
            assert_eq!(narrow.anchor(j).unwrap().block, anchor.block, "line {i}");
            assert!(
                narrow.anchor(j).unwrap().offset <= anchor.offset,
                "line {i}"
            );
        }
    }

    #[test]
    fn reading_time_counts_chinese_and_words() {
        assert_eq!(reading_time("短文"), "1 min");
        assert_eq!(reading_time(&"字".repeat(2000)), "5 min");
        assert_eq!(reading_time(&"word ".repeat(460)), "2 min");
    }
}
