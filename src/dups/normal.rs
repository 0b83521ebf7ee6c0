//! Text as it counts for comparing articles: the characters that carry
//! content, in one form. Two copies of a story differ in spacing, in
//! full- or half-width letters and digits, in quotes and dashes, in a
//! stray undecodable byte; none of that should make them different texts.

use std::sync::OnceLock;

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// Appends `text`'s characters as they count for comparing texts:
///
/// * full-width ASCII (U+FF01–U+FF5E) as ASCII, letters in lower case;
/// * white space (U+3000 too), control and format characters and U+FFFD
///   (an undecodable byte, which another reading of the file may decode)
///   dropped;
/// * punctuation dropped: ASCII's (every ASCII character but letters and
///   digits), CJK's (U+3000–U+303F but its letters and numerals, the
///   full-width and half-width forms, vertical and small forms) and
///   general punctuation (U+2000–U+206F: quotes, dashes, `…`), and the
///   Latin-1 marks (`«»¡¿·§¶`).
///
/// Ideographs, kana, Hangul and digits are kept as they are, other
/// letters in lower case.
pub fn normalise(text: &str, out: &mut Vec<char>) {
    let mut codes = Vec::new();
    normalise_codes(text, &mut codes);
    out.extend(codes.into_iter().filter_map(char::from_u32));
}

/// [`normalise`] into character codes, for the hashing that follows. The
/// hot loop of sketching: UTF-8 is decoded here rather than by
/// `str::chars`, each character of the Basic Multilingual Plane is folded
/// by a table (no branch to mispredict between ideographs and
/// punctuation), and the output is written into room made beforehand (a
/// text never has more characters than bytes).
pub(super) fn normalise_codes(text: &str, out: &mut Vec<u32>) {
    let start = out.len();
    out.resize(start + text.len(), 0);
    let n = write(text, &mut out[start..]);
    out.truncate(start + n);
}

/// [`normalise_codes`] into the start of `room`, which grows to the text's
/// length in bytes if it is shorter but never shrinks, so that a buffer
/// used for text after text is not cleared for each; returns how many
/// codes the text has (`room[..n]`).
pub(super) fn normalise_reusing(text: &str, room: &mut Vec<u32>) -> usize {
    if room.len() < text.len() {
        room.resize(text.len(), 0);
    }
    write(text, room)
}

/// Writes `text`'s codes into `room` (at least as long as the text in
/// bytes); returns how many.
fn write(text: &str, room: &mut [u32]) -> usize {
    let table = bmp();
    let b = text.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        let x = b[i];
        let c = if x < 0x80 {
            i += 1;
            x as usize
        } else if x < 0xE0 {
            i += 2;
            (x as usize & 0x1F) << 6 | (b[i - 1] as usize & 0x3F)
        } else if x < 0xF0 {
            i += 3;
            (x as usize & 0x0F) << 12 | (b[i - 2] as usize & 0x3F) << 6 | (b[i - 1] as usize & 0x3F)
        } else {
            i += 4;
            let c = (x as u32 & 0x07) << 18
                | (b[i - 3] as u32 & 0x3F) << 12
                | (b[i - 2] as u32 & 0x3F) << 6
                | (b[i - 1] as u32 & 0x3F);
            if let Some(c) = char::from_u32(c).and_then(fold) {
                room[n] = c as u32;
                n += 1;
            }
            continue;
        };
        let f = table[c & 0xFFFF];
        room[n] = f as u32;
        n += usize::from(f != 0);
    }
    n
}

/// Each character of the Basic Multilingual Plane as it counts, 0 when it
/// does not (128 KiB, made once).
fn bmp() -> &'static [u16; 0x10000] {
    static TABLE: OnceLock<Box<[u16; 0x10000]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u16; 0x10000]);
        for (c, out) in t.iter_mut().enumerate() {
            *out = match c {
                0..0x80 => u16::from(ASCII[c]),
                _ => char::from_u32(c as u32)
                    .and_then(fold)
                    .and_then(|f| u16::try_from(f as u32).ok())
                    .unwrap_or(0),
            };
        }
        t
    })
}

/// Each ASCII character as it counts: letters in lower case, digits, and
/// 0 for the rest (space, controls, punctuation), which is dropped.
const ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        if c.is_ascii_alphanumeric() {
            t[i] = c.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// A character above ASCII as it counts, or `None` when it does not.
fn fold(c: char) -> Option<char> {
    let n = c as u32;
    match n {
        0xFF01..=0xFF5E => {
            let a = (n - 0xFEE0) as u8;
            a.is_ascii_alphanumeric()
                .then(|| a.to_ascii_lowercase() as char)
        }
        // CJK symbols and punctuation, but for its letters and numerals:
        // 々〆〇, the Hangzhou numerals, the kana repeat marks, 〸〹〺〻〼.
        0x3005..=0x3007 | 0x3021..=0x3029 | 0x3031..=0x3035 | 0x3038..=0x303C => Some(c),
        0x3000..=0x303F => None,
        // The katakana middle dot, the full-width and half-width
        // punctuation left after the ASCII block above.
        0x30FB | 0xFF00 | 0xFF5F..=0xFF65 => None,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0xAC00..=0xD7AF => Some(c),
        // General punctuation (spaces, zero widths, quotes, dashes, `…`,
        // bidi controls), vertical forms, compatibility and small forms,
        // the byte order mark, the replacement character.
        0x2000..=0x206F | 0x2E00..=0x2E7F | 0xFE10..=0xFE1F | 0xFE30..=0xFE6F => None,
        0xFEFF | 0xFFFD => None,
        // Latin-1: no-break space, soft hyphen and the punctuation marks.
        0xA0 | 0xA1 | 0xA7 | 0xAB | 0xAD | 0xB6 | 0xB7 | 0xBB | 0xBF => None,
        _ if c.is_whitespace() || c.is_control() => None,
        _ if c.is_uppercase() => c.to_lowercase().next(),
        _ => Some(c),
    }
}

/// The hash of `text` normalised (see [`normalise`]): equal for texts that
/// differ only in what normalising removes, and, as far as 128 bits go,
/// different for any others. The key of the exact-duplicate rule, the same
/// as [`Sketch::exact`](super::Sketch::exact) of the text.
pub fn exact_key(text: &str) -> u128 {
    let mut codes = Vec::new();
    normalise_codes(text, &mut codes);
    hash_codes(&codes)
}

/// The exact key of several parts taken together (say title, source and
/// time): each normalised and kept apart, so that `["ab", "c"]` and
/// `["a", "bc"]` differ.
pub fn exact_key_parts(parts: &[&str]) -> u128 {
    let mut codes = Vec::new();
    for part in parts {
        normalise_codes(part, &mut codes);
        // A separator no normalised character can be.
        codes.push(0);
    }
    hash_codes(&codes)
}

/// XXH3-128 of normalised character codes (four bytes each,
/// little-endian).
pub(super) fn hash_codes(codes: &[u32]) -> u128 {
    // Fed a block at a time: XXH3 on a whole buffer would need the codes
    // as bytes, a copy as large as the text.
    let mut block = [[0u8; 4]; 512];
    if codes.len() <= block.len() {
        return xxh3_128(fill(&mut block, codes));
    }
    let mut h = Xxh3::new();
    for part in codes.chunks(block.len()) {
        h.update(fill(&mut block, part));
    }
    h.digest128()
}

/// `codes`' bytes, in `block`.
fn fill<'a>(block: &'a mut [[u8; 4]], codes: &[u32]) -> &'a [u8] {
    for (b, c) in block.iter_mut().zip(codes) {
        *b = c.to_le_bytes();
    }
    block[..codes.len()].as_flattened()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> String {
        let mut out = Vec::new();
        normalise(text, &mut out);
        out.into_iter().collect()
    }

    #[test]
    fn width_case_space_and_punctuation_are_folded() {
        assert_eq!(norm("ＡＢＣ１２３ abc"), "abc123abc");
        assert_eq!(norm("新模型，“发布”。\u{3000}第一段…"), "新模型发布第一段");
        assert_eq!(norm("Hello, World!\r\n\t"), "helloworld");
        assert_eq!(norm("《人民日报》【快讯】（一）"), "人民日报快讯一");
        assert_eq!(norm("a\u{FFFD}b\u{200B}c\u{FEFF}d"), "abcd");
        assert_eq!(norm("ÉCOLE «Été» ¿Qué?"), "écoleétéqué");
        assert_eq!(norm("ｶﾀｶﾅ・カタカナ 한국어"), "ｶﾀｶﾅカタカナ한국어");
    }

    #[test]
    fn ideographic_letters_and_numerals_stay() {
        assert_eq!(norm("人々〇〆"), "人々〇〆");
        assert_eq!(norm("〔〕〖〗「」『』"), "");
    }

    #[test]
    fn exact_keys_agree_on_what_normalising_removes() {
        assert_eq!(exact_key("新模型 发布。"), exact_key("新模型发布"));
        assert_eq!(exact_key("ＧＰＵ"), exact_key("gpu"));
        assert_ne!(exact_key("新模型发布"), exact_key("新模型发布了"));
        assert_ne!(exact_key_parts(&["ab", "c"]), exact_key_parts(&["a", "bc"]));
        assert_eq!(
            exact_key_parts(&["标题", "快讯社"]),
            exact_key_parts(&["标 题", "快讯社。"])
        );
    }
}
