//! Source names (FORMAT.md rule 4): the text right before a stamp's
//! date-time, back to the summary's last sentence terminator, at most 16
//! characters and no white space; failing that, the longest source learned
//! from other stamps of the file that the text ends with.

use std::collections::HashSet;

/// Every stamp's source goes through this set: SipHash, the default, cost
/// about a tenth of a parse; the file is no adversary to defend against.
type Learned<'a> = HashSet<&'a [u8], foldhash::fast::FixedState>;

use super::entry::Entry;

/// Longest source, in characters.
pub const MAX_SOURCE_CHARS: usize = 16;

/// Resolves sources while the builder streams: the terminator rule runs at
/// once, while the line is still in cache; the few stamps that need the
/// learned-source fallback wait for the end, when every source is known.
#[derive(Default)]
pub(crate) struct Sources<'a> {
    learned: Learned<'a>,
    /// Runs of items share a source: skip the hash for a repeat.
    last: &'a [u8],
    /// Entries whose source waits for the fallback.
    pending: Vec<usize>,
}

impl<'a> Sources<'a> {
    /// The byte length of the source of the item at `entry` whose summary is
    /// `text` (everything before the date-time); 0 while it waits.
    pub(crate) fn source_len(&mut self, text: &'a [u8], entry: usize) -> usize {
        match delimited_source(text) {
            Some(len) => {
                let source = &text[text.len() - len..];
                if len > 0 && source != self.last {
                    self.learned.insert(source);
                    self.last = source;
                }
                len
            }
            None => {
                self.pending.push(entry);
                0
            }
        }
    }

    /// Gives the waiting items the longest learned source their text ends
    /// with (rule 4's fallback).
    pub(crate) fn finish(self, bytes: &[u8], entries: &mut [Entry]) {
        if self.learned.is_empty() {
            return;
        }
        for i in self.pending {
            let Some((summary, time)) = entries[i].summary_and_time_abs() else {
                continue;
            };
            let text = &bytes[summary..time];
            let len = char_starts_back(text, MAX_SOURCE_CHARS)
                .filter(|&start| self.learned.contains(&text[start..]))
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
/// reads as U+FFFD, one byte at a time. This runs for every item of a dump,
/// so it decodes by hand rather than through `str::from_utf8`.
fn prev_char(text: &[u8], end: usize) -> (char, usize) {
    let last = text[end - 1];
    if last < 0x80 {
        return (last as char, end - 1);
    }
    // Up to three continuation bytes, then the lead byte.
    let mut start = end - 1;
    while start > 0 && end - start < 4 && text[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    match decode(&text[start..end]) {
        Some(c) => (c, start),
        None => ('\u{FFFD}', end - 1),
    }
}

/// Decodes exactly one UTF-8 sequence, with the same validity rules as
/// `str::from_utf8` (no overlongs, no surrogates, nothing past U+10FFFF).
fn decode(b: &[u8]) -> Option<char> {
    let cont = |i: usize| b[i] & 0xC0 == 0x80;
    let tail = |i: usize| u32::from(b[i] & 0x3F);
    let c = match (b.len(), b[0]) {
        (2, 0xC2..=0xDF) if cont(1) => (u32::from(b[0] & 0x1F) << 6) | tail(1),
        (3, lead @ 0xE0..=0xEF) if cont(1) && cont(2) => {
            let ok = match lead {
                0xE0 => b[1] >= 0xA0,
                0xED => b[1] <= 0x9F,
                _ => true,
            };
            if !ok {
                return None;
            }
            (u32::from(lead & 0x0F) << 12) | (tail(1) << 6) | tail(2)
        }
        (4, lead @ 0xF0..=0xF4) if cont(1) && cont(2) && cont(3) => {
            let ok = match lead {
                0xF0 => b[1] >= 0x90,
                0xF4 => b[1] <= 0x8F,
                _ => true,
            };
            if !ok {
                return None;
            }
            (u32::from(lead & 0x07) << 18) | (tail(1) << 12) | (tail(2) << 6) | tail(3)
        }
        _ => return None,
    };
    char::from_u32(c)
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
    fn decode_agrees_with_std() {
        // Every 1-4 byte sequence built from interesting bytes.
        let interesting = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE3, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
        ];
        let mut seqs: Vec<Vec<u8>> = interesting.iter().map(|&b| vec![b]).collect();
        for _ in 0..3 {
            let longer: Vec<Vec<u8>> = seqs
                .iter()
                .filter(|s| s.len() == seqs.last().unwrap().len())
                .flat_map(|s| {
                    interesting.iter().map(move |&b| {
                        let mut t = s.clone();
                        t.push(b);
                        t
                    })
                })
                .collect();
            seqs.extend(longer);
        }
        for seq in seqs {
            let want = std::str::from_utf8(&seq)
                .ok()
                .and_then(|s| (s.chars().count() == 1).then(|| s.chars().next().unwrap()));
            let got = if seq.len() == 1 && seq[0] < 0x80 {
                Some(seq[0] as char)
            } else {
                decode(&seq).filter(|_| seq[0] >= 0x80)
            };
            assert_eq!(got, want, "{seq:x?}");
        }
    }

    #[test]
    fn invalid_utf8_is_one_replacement_character() {
        let text = b"\xe3\x80\x82ab\xff";
        assert_eq!(delimited_source(text), Some(3));
    }
}
