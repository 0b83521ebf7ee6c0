//! The stable name of an article for what a user decides about it (read,
//! starred, tags, a note): a hash of what it says, not of where it is, so
//! that a decision survives a file that grew, a folder that gained files,
//! a file renamed or moved, and a re-scrape of the same content.
//!
//! # What a key is made of
//!
//! * A JSON record with a URL: the URL (scheme and host lower-cased, the
//!   fragment and a trailing `/` dropped). A re-fetch whose text changed a
//!   little is still the same article.
//! * Anything else: title, source, time and body, each normalised —
//!   full-width ASCII as half-width, letters in lower case, white space
//!   removed, `\r` and U+FFFD (undecodable bytes, which a re-read in
//!   another encoding may decode) dropped.
//!
//! So **exact duplicates share their state**: the same story fetched twice,
//! or a related-news item repeated with the same stamp on page after page,
//! is one article to triage — reading one copy reads them all. (newsboat's
//! users asked both ways, its issue 898; for a scrape, where copies are
//! noise to get through, sharing is what saves work.) Copies that differ in
//! their time or source are different articles.
//!
//! The hash is XXH3-128, a fixed algorithm: keys stored by one build are
//! found by the next. Not a cryptographic hash: a key names, it does not
//! guard.

use xxhash_rust::xxh3::Xxh3;

use crate::dump::Article;

/// An article's key: 16 bytes, stored as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub [u8; 16]);

impl Key {
    /// The key of `a` (see the module's docs).
    pub fn of(a: &Article<'_>) -> Key {
        if let Some(url) = a
            .record()
            .and_then(|d| d.record().ok())
            .and_then(|r| r.url.as_deref())
            .filter(|u| !u.trim().is_empty())
        {
            return Key::of_url(url);
        }
        let source = a.stamp_bytes().map(|s| s[0].to_vec()).unwrap_or_default();
        let time = a.stamp_bytes().map(|s| s[1].to_vec()).unwrap_or_default();
        Key::of_parts(
            &a.title(),
            &String::from_utf8_lossy(&source),
            &String::from_utf8_lossy(&time),
            &a.body(),
        )
    }

    /// The key of an article with these parts and no URL.
    pub fn of_parts(title: &str, source: &str, time: &str, body: &str) -> Key {
        // Normalised into one buffer and hashed at once: feeding the
        // hasher a character at a time cost four times as much.
        let mut buf: Vec<u8> =
            Vec::with_capacity(5 + title.len() + source.len() + time.len() + body.len() + 4);
        buf.extend_from_slice(b"text\0");
        for part in [title, source, time, body] {
            normalise_into(part, &mut buf);
            // A separator no normalised character can be.
            buf.push(0xFF);
        }
        Key(xxhash_rust::xxh3::xxh3_128(&buf).to_le_bytes())
    }

    /// The key of an article known by its URL.
    pub fn of_url(url: &str) -> Key {
        let mut h = Xxh3::new();
        h.update(b"url\0");
        h.update(normal_url(url).as_bytes());
        Key(h.digest128().to_le_bytes())
    }

    /// The key as 32 hexadecimal digits.
    pub fn to_hex(self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Appends `text` as it counts for the key (see [`normal`]), with the
/// common characters — ASCII and CJK ideographs, which case and width
/// folding leave alone — taken without a table lookup.
fn normalise_into(text: &str, out: &mut Vec<u8>) {
    let mut b = [0u8; 4];
    for c in text.chars() {
        match c {
            c if c.is_ascii() => {
                if !c.is_ascii_whitespace() && !c.is_ascii_control() {
                    out.push(c.to_ascii_lowercase() as u8);
                }
            }
            '\u{4E00}'..='\u{9FFF}' => out.extend_from_slice(c.encode_utf8(&mut b).as_bytes()),
            c => {
                if let Some(n) = normal(c) {
                    out.extend_from_slice(n.encode_utf8(&mut b).as_bytes());
                }
            }
        }
    }
}

/// A character as it counts for the key, or `None` when it does not count.
fn normal(c: char) -> Option<char> {
    if c.is_whitespace() || c == '\u{FFFD}' || c.is_control() {
        return None;
    }
    let c = crate::search::fold_width(c);
    Some(c.to_lowercase().next().unwrap_or(c))
}

/// A URL as it counts for the key: trimmed, scheme and host lower-cased,
/// without its fragment or a trailing `/`.
fn normal_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => (String::new(), url),
    };
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let path = path.strip_suffix('/').unwrap_or(path);
    format!("{scheme}://{}{path}", host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::Index;

    fn keys(text: &str) -> Vec<Key> {
        let index = Index::parse(text.as_bytes());
        index
            .articles(text.as_bytes())
            .map(|a| Key::of(&a))
            .collect()
    }

    const PAGE: &str = "头条:新模型发布\n第一段正文。\n条目一\n摘要一。快讯社2024-05-02 08:30:150001条目二\n摘要二。IT之窗2024-05-03 09:00:000002\n";

    #[test]
    fn a_key_is_the_same_wherever_the_article_is() {
        let alone = keys(PAGE);
        // The same page after another one, in CRLF, with a BOM, and with
        // white space and widths changed.
        let moved = keys(&format!(
            "另一篇\n别的正文。\n条目\n摘要。快讯社2024-06-01 10:00:000001\n{PAGE}"
        ));
        assert_eq!(&moved[2..], &alone[..]);
        let crlf = keys(&format!("\u{feff}{}", PAGE.replace('\n', "\r\n")));
        assert_eq!(crlf, alone);
        let respaced = keys(&PAGE.replace("第一段正文。", "第一段 正文。 "));
        assert_eq!(respaced[0], alone[0]);
        assert_eq!(keys(&PAGE.replace("IT之窗", "ＩＴ之窗"))[2], alone[2]);
        // Every article its own key.
        let mut distinct = alone.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), alone.len());
    }

    #[test]
    fn what_it_says_changes_the_key() {
        let alone = keys(PAGE);
        assert_ne!(keys(&PAGE.replace("第一段", "第二段"))[0], alone[0]);
        assert_ne!(keys(&PAGE.replace("08:30:15", "08:30:16"))[1], alone[1]);
        assert_ne!(keys(&PAGE.replace("快讯社", "快讯网"))[1], alone[1]);
        // Parts do not run into each other.
        assert_ne!(
            Key::of_parts("ab", "", "", "c"),
            Key::of_parts("a", "", "", "bc")
        );
    }

    #[test]
    fn a_record_with_a_url_is_known_by_it() {
        let a = keys(
            "{\"title\":\"T\",\"text\":\"one\",\"url\":\"HTTPS://News.Example.cn/a/1.html#top\"}\n",
        );
        let b = keys(
            "{\"title\":\"T2\",\"text\":\"two\",\"url\":\"https://news.example.cn/a/1.html\"}\n",
        );
        assert_eq!(a, b);
        assert_eq!(
            Key::of_url("https://a.cn/x/"),
            Key::of_url("https://a.cn/x")
        );
        assert_ne!(Key::of_url("https://a.cn/x"), Key::of_url("https://a.cn/X"));
        // Without a URL, a record is known by its text, as a page is.
        let c = keys("{\"title\":\"标题\",\"text\":\"正文\"}\n");
        assert_eq!(c[0], Key::of_parts("标题", "", "", "正文"));
    }

    #[test]
    fn keys_are_stable_across_builds() {
        // Stored keys must be found by later builds: these were computed
        // once and are pinned; a change here orphans every stored state.
        assert_eq!(
            Key::of_parts("标题", "快讯社", "2024-05-02 08:30", "正文").to_hex(),
            "dff38b117d6cebdaa602a970f18ae79d"
        );
        assert_eq!(
            Key::of_url("https://a.cn/x").to_hex(),
            "16e6374d8ebd94873bbd480284e411bb"
        );
    }
}
