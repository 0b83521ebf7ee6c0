//! Untrusted text made harmless: no character of an article may reach the
//! terminal as a control. ratatui drops raw C0 controls but passes the rest
//! of an escape sequence and every bidi control, so this runs before any text
//! meets a widget.

use std::borrow::Cow;

/// Bidi and other invisible format characters that could reorder or hide
/// text. Zero-width joiners and non-joiners are not here: emoji and Indic
/// scripts need them, and they move nothing.
pub fn is_format_control(c: char) -> bool {
    matches!(c,
        '\u{061C}' // arabic letter mark
        | '\u{200E}' | '\u{200F}' // LRM, RLM
        | '\u{202A}'..='\u{202E}' // embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // isolates
        | '\u{206A}'..='\u{206F}' // deprecated format characters
        | '\u{FEFF}' // BOM inside text
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        // Prepended concatenation marks: they glue themselves to the next
        // character, making one cluster of any width (found by the fuzzer).
        | '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{110BD}'
        | '\u{110CD}'
    )
}

/// The visible stand-in for a character that must not reach the terminal,
/// or `None` for a character that is safe as it is. Tabs are left to the
/// caller.
fn stand_in(c: char) -> Option<char> {
    match c {
        '\t' => None,
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' | '\u{2028}' | '\u{2029}' => Some('\u{FFFD}'),
        c if is_format_control(c) => Some('\u{FFFD}'),
        _ => None,
    }
}

/// Whether [`sanitize_text`] replaces `c`.
pub(crate) fn needs_stand_in(c: char) -> bool {
    stand_in(c).is_some()
}

/// True for the characters [`sanitize`] puts in place of controls, so the
/// reader can dim them.
pub fn is_stand_in(c: char) -> bool {
    matches!(c, '\u{2400}'..='\u{241F}' | '\u{2421}' | '\u{FFFD}')
}

/// Replaces every control (C0, DEL, C1), bidi control and invisible format
/// character with a visible stand-in: `␛` for ESC and the other control
/// pictures for C0, `␡` for DEL, U+FFFD for the rest. A tab becomes a space;
/// layout expands tabs before it sanitises. Borrows when nothing changes.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    replace(s, |c| if c == '\t' { Some(' ') } else { stand_in(c) })
}

/// [`sanitize`] for text that is laid out: tabs stay, for the layout to
/// expand to tab stops.
pub fn sanitize_text(s: &str) -> Cow<'_, str> {
    replace(s, stand_in)
}

fn replace(s: &str, f: impl Fn(char) -> Option<char>) -> Cow<'_, str> {
    let Some(first) = s.char_indices().find(|&(_, c)| f(c).is_some()) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first.0]);
    for c in s[first.0..].chars() {
        out.push(f(c).unwrap_or(c));
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize("a\x1b[31mb"), "a␛[31mb");
        assert_eq!(sanitize("\x1b]52;c;aGk=\x07"), "␛]52;c;aGk=␇");
        assert_eq!(sanitize("x\u{9b}2J"), "x\u{FFFD}2J");
        assert_eq!(sanitize("\u{202E}abc"), "\u{FFFD}abc");
        assert_eq!(sanitize("del\x7f"), "del␡");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("中文 text 👩‍💻"), Cow::Borrowed(_)));
    }

    #[test]
    fn no_control_survives() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let clean = sanitize(&all);
        assert!(
            !clean
                .chars()
                .any(|c| c.is_control() || is_format_control(c))
        );
    }
}
