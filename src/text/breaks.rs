//! Where a line may break: UAX #14 opportunities, tailored for Chinese
//! reading and for the technical tokens that scrapes are full of.
//!
//! UAX #14 already forbids a break before closing punctuation (CL, CP, EX,
//! IS, NS, IN) and after opening punctuation (OP), and keeps quotation marks
//! (QU) with their neighbours. On top of it:
//! - **kinsoku**: no break that would start a line with a character of
//!   [`is_no_start`] or end one with a character of [`is_no_end`], which
//!   covers what UAX #14's classes miss (the middle dots, and quotation
//!   marks whose direction the algorithm does not know);
//! - **technical tokens**: no break between two characters of an ASCII
//!   token (`GPT-4o`, `o1-preview`, `90MB/s`), where UAX #14 would break
//!   after a hyphen or slash;
//! - **URLs**: a break only after `/ ? & = # -`, so that a long address
//!   wraps between its parts and never inside a word (`cost-e|fficient`).
//!
//! Numbers (`$1,999.00`, `12:30`, `50%`) get no opportunity inside from
//! UAX #14; [`inside_number`] lets a hard break avoid them too.

use std::ops::Range;

use memchr::memmem;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Closing and middle punctuation: never at the start of a line (W3C,
/// *Requirements for Chinese Text Layout*, and the half-width forms that
/// scrapes use inside Chinese text).
pub fn is_no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '！'
            | '？'
            | '；'
            | '：'
            | '」'
            | '』'
            | '）'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '］'
            | '｝'
            | '”'
            | '’'
            | '…'
            | '‥'
            | '・'
            | '·'
            | '〜'
            | '～'
            | '％'
            | '々'
            | '〟'
            | ','
            | '.'
            | '!'
            | '?'
            | ';'
            | ':'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Opening punctuation: never at the end of a line.
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '「' | '『'
            | '（'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '［'
            | '｛'
            | '“'
            | '‘'
            | '〝'
            | '('
            | '['
            | '{'
            | '・'
            | '·'
    )
}

/// A character of an ASCII technical token: letters, digits and the
/// connectors found inside model names, sizes, dates and URLs.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '_' | '/' | '.' | ':' | '%' | '+' | '#' | '@' | '&' | '=' | '?' | '~'
        )
}

/// Byte offsets in `text` where a line may end (and the next begin),
/// excluding 0 and `text.len()`, in increasing order.
pub fn break_opportunities(text: &str) -> Vec<usize> {
    opportunities_and_urls(text).0
}

/// [`break_opportunities`], and the byte ranges of the URLs in `text`, in
/// order: a wrapper breaks inside one only when it cannot fit on a line.
pub(crate) fn opportunities_and_urls(text: &str) -> (Vec<usize>, Vec<Range<usize>>) {
    let urls = url_spans(text);
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut in_urls = UrlRule::new(text, &urls);
    let mut extra = half_width_breaks(text).peekable();
    for (at, kind) in linebreaks(text) {
        while let Some(&e) = extra.peek().filter(|&&e| e <= at) {
            extra.next();
            if e < at && allowed_here(text, e) {
                in_urls.push(&mut out, e);
            }
        }
        if at == 0 || at >= text.len() {
            continue;
        }
        if kind == BreakOpportunity::Allowed && !allowed_here(text, at) {
            continue;
        }
        in_urls.push(&mut out, at);
    }
    in_urls.finish(&mut out);
    (out, urls)
}

/// The URL rule applied to opportunities as they are collected, in
/// increasing order (no second pass over, or copy of, a paragraph's
/// opportunities): those strictly inside a URL give way to the URL's own.
struct UrlRule<'a> {
    text: &'a str,
    /// The URLs not yet passed, in order.
    urls: &'a [Range<usize>],
    /// Where the first of them starts (`usize::MAX` for none): the one
    /// comparison most opportunities cost.
    next_start: usize,
    /// Whether the breaks of `urls[0]` are out.
    url_done: bool,
}

impl<'a> UrlRule<'a> {
    fn new(text: &'a str, urls: &'a [Range<usize>]) -> UrlRule<'a> {
        UrlRule {
            text,
            urls,
            next_start: urls.first().map_or(usize::MAX, |u| u.start),
            url_done: false,
        }
    }

    #[inline]
    fn push(&mut self, out: &mut Vec<usize>, at: usize) {
        if at > self.next_start {
            self.push_past_url(out, at);
        } else {
            out.push(at);
        }
    }

    /// [`Self::push`] once `at` is past the start of the next URL.
    #[cold]
    fn push_past_url(&mut self, out: &mut Vec<usize>, at: usize) {
        while let Some(url) = self.urls.first() {
            if at <= url.start {
                break;
            }
            if !self.url_done {
                out.extend(url_breaks(self.text, url.clone()));
                self.url_done = true;
            }
            if at < url.end {
                return;
            }
            self.urls = &self.urls[1..];
            self.url_done = false;
        }
        self.next_start = self.urls.first().map_or(usize::MAX, |u| u.start);
        out.push(at);
    }

    /// The breaks of the URLs after the last opportunity.
    fn finish(self, out: &mut Vec<usize>) {
        for (i, url) in self.urls.iter().enumerate() {
            if i > 0 || !self.url_done {
                out.extend(url_breaks(self.text, url.clone()));
            }
        }
    }
}

/// Where a line may break inside the URL `text[url]`: after a run of
/// separators (`://` stays whole), unless the next line would start with
/// closing punctuation (`/.well-known`, `/%E4`).
fn url_breaks(text: &str, url: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let bytes = &text.as_bytes()[..url.end];
    (url.start + 1..url.end).filter(move |&at| {
        is_url_separator(bytes[at - 1])
            && !is_url_separator(bytes[at])
            && !is_no_start(char::from(bytes[at]))
    })
}

fn is_url_separator(b: u8) -> bool {
    matches!(b, b'/' | b'?' | b'&' | b'=' | b'#' | b'-')
}

/// A byte that can be part of a URL as scrapes write them: printable ASCII
/// but for the characters that delimit one in running text.
fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'`')
}

/// The URLs in `text`, in order: from a scheme (`https://`) or a `www.`
/// that starts a word, to the first character that cannot be in one (a
/// space, any non-ASCII character such as a Chinese one). Empty for text
/// without `://` or `www.`, which is almost all of it.
fn url_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let schemes = memmem::find_iter(bytes, b"://").filter_map(|at| {
        let start = bytes[..at]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        (start < at).then_some(start)
    });
    let www = memmem::find_iter(bytes, b"www.")
        .filter(|&at| at == 0 || !is_token_char(char::from(bytes[at - 1])));
    // Both in increasing order: merge them, skipping a start inside the
    // URL before (`https://www.`, an archived `…/https://…`).
    let mut schemes = schemes.peekable();
    let mut www = www.peekable();
    loop {
        let start = match (schemes.peek(), www.peek()) {
            (Some(&s), Some(&w)) if w < s => www.next(),
            (Some(_), _) => schemes.next(),
            (None, _) => www.next(),
        };
        let Some(start) = start else { break };
        if spans.last().is_some_and(|u: &Range<usize>| start < u.end) {
            continue;
        }
        let end = bytes[start..]
            .iter()
            .position(|&b| !is_url_byte(b))
            .map_or(bytes.len(), |p| start + p);
        spans.push(start..end);
    }
    spans
}

/// Currency signs that open a number: `$1,999.00`, `￥88`.
fn is_currency(c: char) -> bool {
    matches!(c, '$' | '¥' | '￥' | '€' | '£')
}

/// Whether the grapheme boundary `at` falls inside a number: between its
/// digits, after its currency sign, on either side of a `,` `.` or `:`
/// between digits (`1,999.00`, `3.14`, `12:30`), or before its `%`.
pub(crate) fn inside_number(text: &str, at: usize) -> bool {
    let (Some(prev), Some(next)) = (text[..at].chars().next_back(), text[at..].chars().next())
    else {
        return false;
    };
    let is_separator = |c: char| matches!(c, ',' | '.' | ':');
    // A separator is one byte: the digit on its far side is a byte away.
    let digit_at = |i: Option<usize>| {
        i.and_then(|i| text.as_bytes().get(i))
            .is_some_and(u8::is_ascii_digit)
    };
    match (prev, next) {
        (p, n) if p.is_ascii_digit() && n.is_ascii_digit() => true,
        (p, n) if is_currency(p) => n.is_ascii_digit(),
        (p, '%' | '％') => p.is_ascii_digit(),
        (p, n) if p.is_ascii_digit() && is_separator(n) => digit_at(Some(at + 1)),
        (p, n) if is_separator(p) && n.is_ascii_digit() => digit_at(at.checked_sub(2)),
        _ => false,
    }
}

/// The number around `at` (see [`inside_number`]) if it is at most `max`
/// columns wide: where it starts. The scans stop past `max` columns, so a
/// long run of digits costs no more than a line.
pub(crate) fn number_within(text: &str, at: usize, max: usize) -> Option<usize> {
    if !inside_number(text, at) {
        return None;
    }
    let cols = |c: char| if is_wide(c) { 2 } else { 1 };
    let mut start = at;
    let mut wide = 0;
    while inside_number(text, start) {
        let c = text[..start].chars().next_back()?;
        start -= c.len_utf8();
        wide += cols(c);
        if wide > max {
            return None;
        }
    }
    let mut end = at;
    while inside_number(text, end) {
        let c = text[end..].chars().next()?;
        end += c.len_utf8();
        wide += cols(c);
        if wide > max {
            return None;
        }
    }
    Some(start)
}

/// Breaks UAX #14 misses in Chinese text, in increasing order:
/// - scrapes put half-width `,.!?;:` inside Chinese sentences where
///   full-width marks belong; UAX #14 keeps `,` and `.` with the letter after
///   them (for `e.g.` and `3.5`), but after a Chinese character they end a
///   clause like `，`, so a line may break after them;
/// - UAX #14 before Unicode 15.1 glues quotation marks to both neighbours;
///   between Chinese characters, `“` opens and `”` closes (15.1's East Asian
///   tailoring), so a line may break before `“‘` and after `”’`.
fn half_width_breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut out = Vec::new();
    // Every rule below needs ASCII punctuation, a curly quote (E2 80 xx) or
    // a full-width bracket (E3 80 xx, EF BC xx): most Chinese paragraphs
    // have them, but titles and short lines often do not.
    let triggers = text.bytes().any(|b| {
        matches!(
            b,
            b',' | b';' | b'!' | b'?' | b':' | b'.' | 0xE2 | 0xE3 | 0xEF
        )
    });
    if !triggers {
        return out.into_iter();
    }
    // The character before the current one, and whether the one before
    // that was wide.
    let mut prev: Option<(usize, char, bool)> = None;
    let mut before_wide = false;
    for (i, c) in text.char_indices() {
        let wide = is_wide(c);
        if let Some((p_at, p, p_wide)) = prev {
            if matches!(c, '“' | '‘') && p_wide {
                out.push(i);
            }
            if matches!(p, '”' | '’') && wide {
                out.push(i);
            }
            // `o1《技术》`: UAX #14 (LB30) allows a break before a full-width
            // opening bracket after a Latin letter or digit; unicode-linebreak
            // glues them.
            if matches!(
                c,
                '「' | '『' | '（' | '《' | '〈' | '【' | '〔' | '〖' | '［' | '｛'
            ) && !p_wide
                && !p.is_whitespace()
                && !is_no_end(p)
            {
                out.push(i);
            }
            // `突破,OpenAI` and `系统2,ChatGPT`: a clause mark between
            // Chinese text and a word. `.` only after a Chinese character,
            // to keep `e.g.` and `3.5` whole.
            if p.is_ascii_punctuation() {
                let clause = matches!(p, ',' | ';' | '!' | '?' | ':')
                    && (before_wide || wide || c.is_alphabetic());
                if clause || (p == '.' && before_wide) {
                    out.push(p_at + p.len_utf8());
                }
            }
            before_wide = p_wide;
        }
        prev = Some((i, c, wide));
    }
    // Every push above is at the current position, so `out` is sorted.
    out.dedup();
    out.into_iter()
}

fn is_wide(c: char) -> bool {
    match c {
        '\0'..='\u{10FF}' => false,
        '\u{4E00}'..='\u{9FFF}' => true,
        _ => unicode_width::UnicodeWidthChar::width(c) == Some(2),
    }
}

/// The tailoring above, for one UAX #14 opportunity at `at`.
fn allowed_here(text: &str, at: usize) -> bool {
    // The common case first: between two ideographs of U+4000..U+9FFF
    // (lead bytes E4..E9), none of which is punctuation or ASCII.
    let b = text.as_bytes();
    if at >= 3 && (0xE4..=0xE9).contains(&b[at]) && (0xE4..=0xE9).contains(&b[at - 3]) {
        return true;
    }
    let Some(next) = text[at..].chars().next() else {
        return true;
    };
    // The last character before the break that is not white space: spaces
    // hang at the end of a line and do not count as its last character.
    let before = text[..at].trim_end_matches([' ', '\t']);
    let Some(prev) = before.chars().next_back() else {
        return true;
    };
    let spaced = before.len() < at;
    // A middle dot with spaces on both sides is a separator, as in
    // `a · b`: a line may end after it or start with it.
    let next_alone =
        matches!(next, '·' | '・') && spaced && text[at + next.len_utf8()..].starts_with(' ');
    if (is_no_start(next) && !next_alone) || (is_no_end(prev) && !spaced) {
        return false;
    }
    !(is_token_char(prev) && is_token_char(next) && !spaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut last = 0;
        for at in break_opportunities(text) {
            out.push(&text[last..at]);
            last = at;
        }
        out.push(&text[last..]);
        out
    }

    #[test]
    fn ideographs_break_between_each_other() {
        assert_eq!(pieces("大语言模型"), ["大", "语", "言", "模", "型"]);
    }

    #[test]
    fn punctuation_stays_with_its_neighbour() {
        assert_eq!(pieces("实力。再次"), ["实", "力。", "再", "次"]);
        assert_eq!(pieces("突破,OpenAI"), ["突", "破,", "OpenAI"]);
        assert_eq!(pieces("系统2,ChatGPT"), ["系", "统", "2,", "ChatGPT"]);
        assert_eq!(pieces("1,000 e.g. 3.5"), ["1,000 ", "e.g. ", "3.5"]);
        assert_eq!(pieces("o1《技术》"), ["o1", "《技", "术》"]);
        assert_eq!(pieces("「高调」的"), ["「高", "调」", "的"]);
        assert_eq!(pieces("他说“好”吧"), ["他", "说", "“好”", "吧"]);
        assert_eq!(pieces("山姆・奥特曼"), ["山", "姆・奥", "特", "曼"]);
        assert_eq!(pieces("结束……了"), ["结", "束……", "了"]);
    }

    #[test]
    fn technical_tokens_stay_whole() {
        for token in ["GPT-4o", "o1-preview", "90MB/s", "2024-09-13", "13.9"] {
            let text = format!("相比{token}更好");
            assert!(
                pieces(&text).contains(&token),
                "{token}: {:?}",
                pieces(&text)
            );
        }
    }

    #[test]
    fn urls_break_after_their_separators() {
        assert_eq!(
            pieces("相比https://a.example/x-y?q=1&r=2更好"),
            [
                "相",
                "比",
                "https://",
                "a.example/",
                "x-",
                "y?",
                "q=",
                "1&",
                "r=",
                "2",
                "更",
                "好"
            ]
        );
        // `://` stays whole, and no line starts with `.` or `%`.
        assert_eq!(
            pieces("www.a.cn/.well-known//%E4"),
            ["www.a.cn/.well-", "known//%E4"]
        );
        // A URL ends where a character that cannot be in one begins.
        assert_eq!(
            pieces("见 http://t.co/ab，再"),
            ["见 ", "http://", "t.co/", "ab，", "再"]
        );
    }

    #[test]
    fn numbers_are_found_with_their_separators() {
        let inside = |text: &str| -> Vec<usize> {
            (1..text.len())
                .filter(|&at| text.is_char_boundary(at) && inside_number(text, at))
                .collect()
        };
        assert_eq!(inside("a$1,999.00,"), [2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(inside("12:30 50%"), [1, 2, 3, 4, 7, 8]);
        assert_eq!(inside("v3. 1.x"), Vec::<usize>::new());
        assert_eq!(number_within("价$1,999.00", 6, 9), Some(3));
        assert_eq!(number_within("价$1,999.00", 6, 8), None);
        assert_eq!(number_within("价$1,999.00", 3, 9), None);
    }

    #[test]
    fn spaces_hang_after_words() {
        assert_eq!(pieces("state of the art"), ["state ", "of ", "the ", "art"]);
    }
}
