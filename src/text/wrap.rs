//! Greedy line wrapping by display columns, over grapheme clusters and the
//! break opportunities of [`super::breaks`].
//!
//! Lines are byte ranges into the paragraph, so wrapping allocates one
//! vector of opportunities and nothing per line, and concatenating the
//! ranges gives the paragraph back exactly.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::breaks::{is_no_end, is_no_start, number_within, opportunities_and_urls};
use super::width::{TAB_STOP, grapheme_indices, grapheme_width, width};

/// One wrapped line of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The bytes of the paragraph this line holds, spaces it ends with
    /// included: the ranges of all lines partition the paragraph.
    pub range: Range<usize>,
    /// End of what is shown: `range` without trailing spaces and tabs,
    /// which hang past the edge and are not drawn.
    pub visible_end: usize,
    /// Columns the visible part takes, tabs expanded.
    pub width: usize,
}

/// Wraps `text` (one paragraph, no line breaks inside) into lines of at
/// most `max` columns. Breaks fall only on grapheme boundaries; a wide
/// character never straddles the edge. A token longer than the line is
/// broken between graphemes, and then a closing punctuation mark is kept
/// off the start of the next line where that is possible, by carrying the
/// character before it down; so is a number that fits on a line, unless
/// that would start a line with closing punctuation. The last line is not
/// left with one character where the line above can give one up. A single
/// grapheme wider than `max` (a Chinese character at width 1) gets a line
/// of its own: the only line that can be wider than `max`.
pub fn wrap_lines(text: &str, max: usize) -> Vec<Line> {
    Wrapper::new(text, max).collect()
}

/// An iterator of wrapped lines, for callers that need only the first few.
pub struct Wrapper<'a> {
    text: &'a str,
    max: usize,
    /// Break opportunities and the URLs among them, found the first time
    /// a line overflows: most titles, headings and short paragraphs fit on
    /// one line and need none.
    opportunities: Option<(Vec<usize>, Vec<Range<usize>>)>,
    /// Grapheme starts of the line being laid out.
    bounds: Vec<usize>,
    start: usize,
    done: bool,
}

impl<'a> Wrapper<'a> {
    /// Prepares to wrap `text` at `max` columns (at least 1).
    pub fn new(text: &'a str, max: usize) -> Wrapper<'a> {
        Wrapper {
            text,
            max: max.max(1),
            opportunities: None,
            bounds: Vec::new(),
            start: 0,
            done: false,
        }
    }

    /// The last break opportunity in `(start, at]`; but not inside a URL
    /// that can go down whole to a line of its own, which keeps it
    /// clickable and copyable in a terminal.
    fn last_opportunity(&mut self, start: usize, at: usize) -> Option<usize> {
        let text = self.text;
        let (opps, urls) = self
            .opportunities
            .get_or_insert_with(|| opportunities_and_urls(text));
        // UAX #14 allows a few breaks inside a grapheme cluster (after a
        // space that a combining mark extends): those are no breaks here.
        let bounds = &self.bounds;
        let last_to = |to: usize| {
            opps[..opps.partition_point(|&o| o <= to)]
                .iter()
                .rev()
                .take_while(|&&o| o > start)
                .copied()
                .find(|&o| o == at || bounds.binary_search(&o).is_ok())
        };
        let found = last_to(at)?;
        let url = urls
            .get(urls.partition_point(|u| u.end <= found))
            .filter(|u| u.start < found);
        // URLs are ASCII: their bytes are their columns.
        match url {
            Some(u) if u.start > start && u.len() <= self.max => last_to(u.start).or(Some(found)),
            _ => Some(found),
        }
    }

    /// The line starting at `self.start`: its end, and the visible end and
    /// width of what it shows.
    fn next_line(&mut self) -> Line {
        let text = self.text;
        let start = self.start;
        let mut col = 0;
        self.bounds.clear();
        for (i, g) in grapheme_indices(&text[start..]) {
            let at = start + i;
            self.bounds.push(at);
            let blank = matches!(g.as_bytes(), [b' ' | b'\t']);
            let w = if g == "\t" {
                TAB_STOP - col % TAB_STOP
            } else {
                grapheme_width(g)
            };
            if !blank && col + w > self.max && at > start {
                let opportunity = self.last_opportunity(start, at);
                let end = opportunity.unwrap_or_else(|| self.forced_end(at));
                let end = self
                    .orphan_free_end(start, end, opportunity.is_none())
                    .unwrap_or(end);
                return line_before(text, start, end, at, col);
            }
            col += w;
        }
        line_before(text, start, text.len(), text.len(), col)
    }

    /// Where to cut a run without break opportunities that overflows at
    /// the grapheme boundary `at` (the last of `self.bounds`): the nearest
    /// boundary back from `at` that starts no line with closing punctuation
    /// or a blank, ends none with opening punctuation, and does not split a
    /// number that fits on a line. Kinsoku outranks the number: when only
    /// a split number avoids `，` at a line start (`$1,999.00，` at width
    /// 10), the number is split.
    fn forced_end(&self, at: usize) -> usize {
        let text = self.text;
        let mut kinsoku_only = None;
        // The start of the number the boundaries are inside, once one is
        // found: the boundaries after it need no second look.
        let mut number: Option<usize> = None;
        for &b in self.bounds[1..].iter().rev() {
            if breaks_kinsoku(text, b) {
                continue;
            }
            let in_number = match number {
                Some(from) if b > from => true,
                _ => {
                    number = number_within(text, b, self.max);
                    number.is_some()
                }
            };
            if !in_number {
                return b;
            }
            kinsoku_only.get_or_insert(b);
        }
        kinsoku_only.unwrap_or(at)
    }

    /// An earlier end for the line `start..end` when the text after it is
    /// one grapheme, which would be a last line of its own: the line gives
    /// its last character down, with the closing punctuation that must
    /// follow it, if a break before that character is allowed (a break
    /// opportunity; or, in a run without any, as [`Self::forced_end`]
    /// would cut), two graphemes stay above, and the last line fits.
    fn orphan_free_end(&self, start: usize, end: usize, forced: bool) -> Option<usize> {
        let text = self.text;
        if !is_lone_grapheme(&text[end..]) {
            return None;
        }
        let line = &self.bounds[..self.bounds.partition_point(|&b| b < end)];
        let k = line.iter().rposition(|&b| {
            text[b..]
                .chars()
                .next()
                .is_some_and(|c| !is_no_start(c) && !is_blank(c))
        })?;
        let cut = line[k];
        let allowed = if forced {
            !breaks_kinsoku(text, cut) && number_within(text, cut, self.max).is_none()
        } else {
            let opps = self.opportunities.as_ref().map_or(&[][..], |(o, _)| o);
            opps.binary_search(&cut).is_ok()
        };
        let kept = text[start..cut].trim_matches([' ', '\t']);
        let two_kept = grapheme_indices(kept).nth(1).is_some();
        let last = text[cut..].trim_end_matches([' ', '\t']);
        (allowed && two_kept && columns(last) <= self.max).then_some(cut)
    }
}

/// Whether a line may not break at `at`: it would start the next line with
/// closing punctuation or a blank, or end this one with opening
/// punctuation.
fn breaks_kinsoku(text: &str, at: usize) -> bool {
    let next = text[at..].chars().next();
    let prev = text[..at].chars().next_back();
    next.is_some_and(|c| is_no_start(c) || is_blank(c)) || prev.is_some_and(is_no_end)
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Whether `rest` is one grapheme, blanks after it aside.
fn is_lone_grapheme(rest: &str) -> bool {
    let mut graphemes = grapheme_indices(rest).map(|(_, g)| g);
    graphemes.next().is_some_and(|g| g != " " && g != "\t")
        && graphemes.all(|g| g == " " || g == "\t")
}

/// The line `text[start..end]` when `text[start..at]` took `col` columns
/// (`end <= at`): the width comes from what was measured, less what goes
/// to the next line, instead of measuring the line again.
fn line_before(text: &str, start: usize, end: usize, at: usize, col: usize) -> Line {
    let shown = text[start..end].trim_end_matches([' ', '\t']);
    let dropped = &text[start + shown.len()..at];
    if dropped.contains('\t') || shown.contains('\t') {
        // Tab widths depend on the column: measure.
        return line(text, start, end);
    }
    Line {
        range: start..end,
        visible_end: start + shown.len(),
        width: col - width(dropped),
    }
}

/// The line `text[start..end]`: spaces and tabs at its end hang.
fn line(text: &str, start: usize, end: usize) -> Line {
    let shown = text[start..end].trim_end_matches([' ', '\t']);
    Line {
        range: start..end,
        visible_end: start + shown.len(),
        width: columns(shown),
    }
}

impl Iterator for Wrapper<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.done {
            return None;
        }
        let line = self.next_line();
        self.start = line.range.end;
        self.done = self.start >= self.text.len();
        Some(line)
    }
}

/// Columns of `s` placed at column 0, tabs expanded to tab stops.
pub fn columns(s: &str) -> usize {
    if !s.contains('\t') {
        return width(s);
    }
    s.graphemes(true).fold(0, |col, g| {
        col + if g == "\t" {
            TAB_STOP - col % TAB_STOP
        } else {
            grapheme_width(g)
        }
    })
}

/// `s` with tabs expanded to spaces at tab stops, for drawing.
pub fn expand_tabs(s: &str) -> Cow<'_, str> {
    if !s.contains('\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut col = 0;
    for g in s.graphemes(true) {
        if g == "\t" {
            let n = TAB_STOP - col % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push_str(g);
            col += grapheme_width(g);
        }
    }
    Cow::Owned(out)
}

/// Wraps one paragraph into display strings of at most `max` columns
/// (trailing spaces dropped, tabs expanded).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    if text.is_empty() {
        return vec![String::new()];
    }
    Wrapper::new(text, max)
        .map(|l| expand_tabs(&text[l.range.start..l.visible_end]).into_owned())
        .collect()
}

/// Cuts `text` to at most `max` columns at a grapheme boundary, ending in
/// `…` when anything was cut; never half a wide character (the result may
/// then be one column short).
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return text.into();
    }
    if max == 0 {
        return "".into();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, max: usize) -> Vec<String> {
        wrap(text, max)
    }

    #[test]
    fn chinese_breaks_between_ideographs() {
        assert_eq!(
            shown("大语言模型还能向上突破", 8),
            ["大语言模", "型还能向", "上突破"]
        );
    }

    #[test]
    fn closing_punctuation_carries_the_previous_character_down() {
        // `破,` cannot split, so `破` goes down with the comma.
        assert_eq!(shown("还能向上突破,再次", 12), ["还能向上突", "破,再次"]);
        assert_eq!(shown("一二三四。五六", 8), ["一二三", "四。五六"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        assert_eq!(shown("一二三「四五」", 8), ["一二三", "「四五」"]);
    }

    #[test]
    fn latin_tokens_stay_whole() {
        assert_eq!(
            shown("相比 GPT-4o 有巨大提升", 10),
            ["相比", "GPT-4o 有", "巨大提升"]
        );
        assert_eq!(shown("速率90MB/s以上", 8), ["速率", "90MB/s", "以上"]);
    }

    #[test]
    fn long_urls_break_between_graphemes() {
        let url = "https://example.com/abcdefghijklmnop";
        let lines = shown(url, 10);
        assert_eq!(lines.concat(), url);
        assert!(lines.iter().all(|l| width(l) <= 10));
    }

    #[test]
    fn a_wide_character_never_straddles_the_edge() {
        assert_eq!(shown("ab中文", 3), ["ab", "中", "文"]);
        // At width 1 a wide character gets a line of its own.
        assert_eq!(shown("中文", 1), ["中", "文"]);
    }

    #[test]
    fn clusters_are_never_split() {
        assert_eq!(shown("ab👩‍💻c", 3), ["ab", "👩‍💻c"]);
        assert_eq!(
            shown("e\u{301}e\u{301}e\u{301}", 2),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
    }

    #[test]
    fn tabs_expand_to_tab_stops() {
        assert_eq!(shown("a\tb", 20), ["a   b"]);
        assert_eq!(columns("ab\tc"), 5);
    }

    #[test]
    fn ranges_partition_the_paragraph() {
        let text = "OpenAI 称,今天在 ChatGPT 和大模型 API 中新发布的是该系列中的第一款模型。";
        for max in 1..40 {
            let lines = wrap_lines(text, max);
            let rebuilt: String = lines.iter().map(|l| &text[l.range.clone()]).collect();
            assert_eq!(rebuilt, text, "width {max}");
        }
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("中文标题很长", 7), "中文标…");
        assert_eq!(truncate("中文标题很长", 8), "中文标…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abc", 0), "");
    }
}
