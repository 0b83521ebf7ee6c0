//! Source names (FORMAT.md rule 4): the text right before a stamp's
//! date-time, back to the summary's last sentence terminator, at most 16
//! characters and no white space; failing that, the longest source learned
//! from other stamps of the file that the text ends with.

use std::collections::HashSet;

use super::entry::Entry;

/// Longest source, in characters.
pub const MAX_SOURCE_CHARS: usize = 16;

pub(crate) struct SourceResolver;

impl SourceResolver {
    /// Sets each item's source. Two passes: the first learns every source that
    /// a terminator delimits, the second resolves the rest against them.
    pub(crate) fn resolve(bytes: &[u8], entries: &mut [Entry]) {
        let mut learned: HashSet<&[u8]> = HashSet::new();
        let mut pending: Vec<usize> = Vec::new();
        for (i, e) in entries.iter_mut().enumerate() {
            let Some((summary, time)) = e.summary_and_time_abs() else {
                continue;
            };
            match delimited_source(&bytes[summary..time]) {
                Some(len) => {
                    e.set_source_len(len);
                    if len > 0 {
                        learned.insert(&bytes[time - len..time]);
                    }
                }
                None => pending.push(i),
            }
        }
        if learned.is_empty() {
            for i in pending {
                entries[i].set_source_len(0);
            }
            return;
        }
        for i in pending {
            let (summary, time) = entries[i].summary_and_time_abs().unwrap_or_default();
            let text = &bytes[summary..time];
            let len = char_starts_back(text, MAX_SOURCE_CHARS)
                .filter(|&start| learned.contains(&text[start..]))
                .last()
                .map_or(0, |start| text.len() - start);
            entries[i].set_source_len(len);
        }
    }
}

/// Byte length of the source that a terminator delimits at the end of
/// `text`, or `None` when no terminator lies within 16 characters (or white
/// space comes first).
pub(crate) fn delimited_source(text: &[u8]) -> Option<usize> {
    let mut pos = text.len();
    // The character after the one being looked at; the date-time's first
    // digit for the last character of the text.
    let mut after: char = '0';
    for n in 0..=MAX_SOURCE_CHARS {
        if pos == 0 {
            return None;
        }
        let (ch, start) = prev_char(text, pos);
        if is_terminator(ch, after) {
            return Some(text.len() - pos);
        }
        if n == MAX_SOURCE_CHARS || ch.is_whitespace() {
            return None;
        }
        after = ch;
        pos = start;
    }
    None
}

/// FORMAT.md lists `。!?!?…」”`: the repeated `!?` stand for the full-width
/// and the half-width forms, and scrapes use both.
fn is_terminator(ch: char, after: char) -> bool {
    matches!(ch, '。' | '！' | '？' | '!' | '?' | '…' | '」' | '”')
        || (ch == '.' && !after.is_ascii_digit())
}

/// The character that ends at `end`, and where it starts. Invalid UTF-8
/// reads as U+FFFD, one byte at a time.
fn prev_char(text: &[u8], end: usize) -> (char, usize) {
    let lowest = end.saturating_sub(4);
    for start in (lowest..end).rev() {
        if let Ok(s) = std::str::from_utf8(&text[start..end])
            && let Some(ch) = s.chars().next()
        {
            return (ch, start);
        }
        // A lead byte that did not decode: stop looking further back.
        if text[start] & 0xC0 != 0x80 {
            break;
        }
    }
    ('\u{FFFD}', end - 1)
}

/// Start offsets of the last 1, 2, … `max` characters of `text`, nearest
/// first.
fn char_starts_back(text: &[u8], max: usize) -> impl Iterator<Item = usize> + '_ {
    let mut pos = text.len();
    std::iter::from_fn(move || {
        if pos == 0 {
            return None;
        }
        let (ch, start) = prev_char(text, pos);
        if ch.is_whitespace() {
            pos = 0;
            return None;
        }
        pos = start;
        Some(start)
    })
    .take(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Option<&str> {
        delimited_source(text.as_bytes()).map(|n| &text[text.len() - n..])
    }

    #[test]
    fn terminator_delimits_the_source() {
        assert_eq!(src("据报道,线路全长十二公里。快讯社"), Some("快讯社"));
        assert_eq!(src("结束了!TechWire"), Some("TechWire"));
        assert_eq!(src("他说:「好」新闻台"), Some("新闻台"));
        assert_eq!(src("句号。"), Some(""));
    }

    #[test]
    fn a_dot_before_a_digit_is_no_terminator() {
        // `3.5` keeps going; the `.` after `end` is a terminator.
        assert_eq!(src("the end.Wire3.5x"), Some("Wire3.5x"));
        // The date-time's first digit follows the last character.
        assert_eq!(src("abc. Inc."), None);
    }

    #[test]
    fn no_terminator_within_sixteen_characters() {
        assert_eq!(
            src("。一二三四五六七八九十一二三四五六"),
            Some("一二三四五六七八九十一二三四五六")
        );
        assert_eq!(src("。一二三四五六七八九十一二三四五六七"), None);
        assert_eq!(src("no terminator"), None);
        assert_eq!(src("源"), None);
    }

    #[test]
    fn invalid_utf8_is_one_replacement_character() {
        let text = b"\xe3\x80\x82ab\xff";
        assert_eq!(delimited_source(text), Some(3));
    }
}
