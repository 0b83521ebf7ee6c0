//! Column widths: the one place newsdump measures text, so that layout and
//! rendering agree (ratatui measures each grapheme with the same
//! `unicode-width` version; see `cargo tree -i unicode-width`).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Tabs expand to the next multiple of this many columns. Four, not eight:
/// the detail pane is narrow, and scrapes use tabs for indentation only.
pub const TAB_STOP: usize = 4;

/// Columns one grapheme cluster takes. An emoji ZWJ sequence is one
/// cluster of width 2, not the sum of its parts; a combining mark adds
/// nothing to its base.
pub fn grapheme_width(g: &str) -> usize {
    match g.as_bytes() {
        [b] if b.is_ascii_graphic() || *b == b' ' => 1,
        // U+4E00..=U+9FFF, the CJK Unified Ideographs: always two columns.
        [0xE4, 0xB8..=0xBF, _] | [0xE5..=0xE9, _, _] => 2,
        _ => g.width(),
    }
}

/// Columns a string takes, summed over grapheme clusters. A tab counts as
/// one column here; [`crate::text::wrap`] expands tabs to tab stops.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    grapheme_indices(s).map(|(_, g)| grapheme_width(g)).sum()
}

/// A character that is a grapheme cluster of its own when the character
/// after it is one of these too: printable ASCII, CJK ideographs and
/// punctuation, full-width forms, general punctuation. None of them
/// extends, joins or prepends, so no rule of UAX #29 can glue two of them.
fn is_simple(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{3000}'..='\u{3029}' // 302A–302F are combining tone marks
        | '\u{3030}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FF60}'
    )
}

/// Grapheme clusters of `text` with their byte offsets, as
/// `UnicodeSegmentation::grapheme_indices(true)` gives them, but without
/// running the segmenter over the plain Chinese and ASCII text that makes
/// up almost all of a dump (the segmenter was half of wrapping's time).
pub fn grapheme_indices(text: &str) -> GraphemeIndices<'_> {
    GraphemeIndices {
        text,
        chars: text.char_indices(),
        base: 0,
        peeked: None,
    }
}

/// The iterator of [`grapheme_indices`].
pub struct GraphemeIndices<'a> {
    text: &'a str,
    /// Characters of `text[base..]`.
    chars: std::str::CharIndices<'a>,
    base: usize,
    /// A simple character already taken from `chars`, with its offset.
    peeked: Option<(usize, char)>,
}

impl<'a> GraphemeIndices<'a> {
    fn next_char(&mut self) -> Option<(usize, char)> {
        self.peeked
            .take()
            .or_else(|| self.chars.next().map(|(i, c)| (self.base + i, c)))
    }

    /// The cluster at `at` by the full segmenter; resumes after it.
    fn segment(&mut self, at: usize) -> (usize, &'a str) {
        let rest = &self.text[at..];
        let len = rest.graphemes(true).next().map_or(rest.len(), str::len);
        let end = at + len;
        self.base = end;
        self.chars = self.text[end..].char_indices();
        self.peeked = None;
        (at, &self.text[at..end])
    }
}

impl<'a> Iterator for GraphemeIndices<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let (at, c) = self.next_char()?;
        if !is_simple(c) {
            return Some(self.segment(at));
        }
        match self.next_char() {
            None => Some((at, &self.text[at..])),
            Some((j, d)) if is_simple(d) => {
                self.peeked = Some((j, d));
                Some((at, &self.text[at..j]))
            }
            // The next character may extend this one (a combining mark,
            // a variation selector): let the segmenter decide.
            Some(_) => Some(self.segment(at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_count_once() {
        assert_eq!(width("中文"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("👩‍💻"), 2);
        assert_eq!(width("🇨🇳"), 2);
        assert_eq!(width("ＡＢＣ１２３"), 12);
        assert_eq!(width("abc"), 3);
    }

    #[test]
    fn fast_graphemes_agree_with_the_segmenter() {
        let pieces = [
            "a",
            " ",
            "中",
            "。",
            "，",
            "e\u{301}",
            "\u{301}",
            "👩‍💻",
            "🇨🇳",
            "\r\n",
            "\r",
            "\u{200d}",
            "\u{fe0f}",
            "가",
            "\u{1100}",
            "\u{1161}",
            "\u{3099}",
            "か",
            "ｶ",
            "\u{ff9e}",
            "\u{302a}",
            "—",
            "…",
            "\u{e0001}",
        ];
        // Every sequence of up to four pieces.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        for t in &texts {
            let fast: Vec<(usize, &str)> = grapheme_indices(t).collect();
            let slow: Vec<(usize, &str)> = t.grapheme_indices(true).collect();
            assert_eq!(fast, slow, "{t:?}");
        }
    }

    #[test]
    fn agrees_with_ratatui() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        for s in ["中文abc", "👩‍💻x", "e\u{301}中", "，。「」…", "🇨🇳ok"] {
            let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
            let (col, _) = buf.set_stringn(0, 0, s, 40, ratatui::style::Style::default());
            assert_eq!(usize::from(col), width(s), "{s:?}");
        }
    }
}
