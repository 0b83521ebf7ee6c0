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
//!   token (`GPT-4o`, `o1-preview`, `90MB/s`, URLs), where UAX #14 would
//!   break after a hyphen or slash.

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
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut extra = half_width_breaks(text).peekable();
    for (at, kind) in linebreaks(text) {
        while let Some(&e) = extra.peek().filter(|&&e| e <= at) {
            extra.next();
            if e < at && allowed_here(text, e) {
                out.push(e);
            }
        }
        if at == 0 || at >= text.len() {
            continue;
        }
        if kind == BreakOpportunity::Allowed && !allowed_here(text, at) {
            continue;
        }
        out.push(at);
    }
    out
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
        for token in [
            "GPT-4o",
            "o1-preview",
            "90MB/s",
            "2024-09-13",
            "13.9",
            "https://a.example/x-y?q=1",
        ] {
            let text = format!("相比{token}更好");
            assert!(
                pieces(&text).contains(&token),
                "{token}: {:?}",
                pieces(&text)
            );
        }
    }

    #[test]
    fn spaces_hang_after_words() {
        assert_eq!(pieces("state of the art"), ["state ", "of ", "the ", "art"]);
    }
}
