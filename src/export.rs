//! Writers for `newsdump export`: JSON lines (FORMAT.md's export schema) and
//! a readable Markdown document. Apart from `dump`, which they read, so that
//! the model and parser need nothing of `text` (whose layout reads `dump`).

use std::collections::HashMap;
use std::io::{self, Write};

use crate::dump::{Article, Block, Kind};
use crate::input::Corpus;
use crate::state::Key;
use crate::state::store::State;
use crate::text::sanitize;

/// The triage states an export carries, by article key.
pub type States = HashMap<Key, State>;

/// What [`write_rows`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per article (FORMAT.md's export schema, with the
    /// file and the triage state).
    Jsonl,
    /// A readable document, one section per article.
    Markdown,
    /// Plain text: title, source and time, body; articles apart by a rule.
    Text,
}

impl Format {
    /// The format a file's name asks for: `.jsonl` (or `.json`), `.md`
    /// (or `.markdown`), `.txt`.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jsonl" | "json" | "ndjson" => Format::Jsonl,
            "md" | "markdown" => Format::Markdown,
            "txt" | "text" => Format::Text,
            _ => return None,
        })
    }
}

/// More fields for an exported JSON line, after the triage state: given
/// the article's ordinal.
pub type Extra<'e> = &'e dyn Fn(u32, &mut Vec<u8>) -> io::Result<()>;

/// Writes the articles at `rows` (ordinals of `corpus`) in `to`'s format:
/// `export` and the reader's `:w`. `extra` adds fields to JSON lines.
pub fn write_rows(
    out: &mut impl Write,
    corpus: &Corpus,
    rows: &[u32],
    to: Format,
    states: &States,
    extra: Option<Extra<'_>>,
) -> io::Result<()> {
    let mut first = true;
    let mut names: Option<(usize, String, String)> = None;
    for &o in rows {
        let o = o as usize;
        let Some(d) = corpus.doc_of(o) else { continue };
        if names.as_ref().is_none_or(|(nd, _, _)| *nd != d) {
            let doc = corpus.doc(d);
            names = Some((
                d,
                // JSON escapes controls itself, Markdown sanitises: the
                // name goes out as it is.
                corpus.raw_file_name(d),
                doc.map(|doc| doc.prov.encoding_name().to_string())
                    .unwrap_or_default(),
            ));
        }
        let Some((_, file, encoding)) = &names else {
            continue;
        };
        let text = corpus.text(d);
        let Some(a) = corpus.article_in(&text, o) else {
            continue;
        };
        if a.is_bad_record() {
            continue;
        }
        match to {
            Format::Jsonl => {
                let mut fields = Vec::new();
                json_fields(&mut fields, &a, states)?;
                if let Some(extra) = extra {
                    extra(o as u32, &mut fields)?;
                }
                json_line(out, a.id(), &fields, FileInfo { file, encoding })?;
            }
            Format::Markdown => {
                let f = corpus.is_multi().then_some(file.as_str());
                write_markdown_article(out, &a, first, f)?;
            }
            Format::Text => write_text_article(out, &a, first)?,
        }
        first = false;
    }
    Ok(())
}

/// One article as plain text (sanitised): the title, a line with its
/// source, time and URL, a blank line, the body.
pub fn write_text_article(out: &mut impl Write, a: &Article<'_>, first: bool) -> io::Result<()> {
    if !first {
        out.write_all("\n――――――――\n\n".as_bytes())?;
    }
    writeln!(out, "{}", sanitize(&a.display_title().0))?;
    let mut meta: Vec<String> = Vec::new();
    meta.extend(
        a.source()
            .filter(|s| !s.is_empty())
            .map(|s| sanitize(&s).into_owned()),
    );
    meta.extend(
        a.time()
            .filter(|t| !t.is_empty())
            .map(|t| sanitize(&t).into_owned()),
    );
    if let Some(url) = a
        .record()
        .and_then(|d| d.record().ok())
        .and_then(|r| r.url.clone())
    {
        meta.push(sanitize(&url).into_owned());
    }
    if !meta.is_empty() {
        writeln!(out, "{}", meta.join(" · "))?;
    }
    out.write_all(b"\n")?;
    let body = a.body();
    let body = crate::text::sanitize_text(&body);
    writeln!(out, "{}", body.trim_end())
}

/// An exported article's fields after its id: the schema's, a record's
/// own, and its triage state. (The id, known only once the articles before
/// are counted when files stream in, and the file go around them.)
pub fn json_fields(out: &mut Vec<u8>, a: &Article<'_>, states: &States) -> io::Result<()> {
    write_json_fields(out, a)?;
    write_state_fields(out, state_of(states, a))
}

/// One line of `export --to jsonl`: the id, the `fields` [`json_fields`]
/// made, and where the article comes from.
pub fn json_line(
    out: &mut impl Write,
    id: usize,
    fields: &[u8],
    file: FileInfo<'_>,
) -> io::Result<()> {
    write!(out, "{{\"id\":{id},")?;
    out.write_all(fields)?;
    write_json_file(out, file)?;
    out.write_all(b"}\n")
}

/// `read`, `starred`, `tags` and `note` of an article, after the export's
/// other fields.
pub fn write_state_fields(out: &mut impl Write, state: Option<&State>) -> io::Result<()> {
    let none = State::default();
    let s = state.unwrap_or(&none);
    write!(
        out,
        ",\"read\":{},\"starred\":{},\"tags\":[",
        s.read, s.starred
    )?;
    for (i, t) in s.tags.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        json_string(out, t)?;
    }
    out.write_all(b"],\"note\":")?;
    match &s.note {
        Some(n) => json_string(out, n),
        None => out.write_all(b"null"),
    }
}

/// The state of `a` in `states`.
pub fn state_of<'s>(states: &'s States, a: &Article<'_>) -> Option<&'s State> {
    if states.is_empty() {
        return None;
    }
    states.get(&Key::of(a))
}

/// Where an exported article comes from: FORMAT.md's `file` and
/// `encoding` fields (offsets then refer to that file, decoded to UTF-8).
#[derive(Debug, Clone, Copy)]
pub struct FileInfo<'a> {
    /// The file's path, relative to the PATH it was found under.
    pub file: &'a str,
    /// The encoding it was decoded from: `utf-8`, `gbk`, …
    pub encoding: &'a str,
}

/// Writes one JSON object per article, in FORMAT.md's export schema.
pub fn write_jsonl<'a>(
    out: &mut impl Write,
    articles: impl IntoIterator<Item = Article<'a>>,
) -> io::Result<()> {
    for a in articles {
        write!(out, "{{\"id\":{},", a.id())?;
        write_json_fields(out, &a)?;
        out.write_all(b"}\n")?;
    }
    Ok(())
}

/// The `file` and `encoding` fields, after [`write_json_fields`].
pub fn write_json_file(out: &mut impl Write, f: FileInfo<'_>) -> io::Result<()> {
    out.write_all(b",\"file\":")?;
    json_string(out, f.file)?;
    out.write_all(b",\"encoding\":")?;
    json_string(out, f.encoding)
}

/// An article's fields from `kind` to `line`: a JSON object's middle,
/// for a writer that puts the `id` before it (known only once the
/// articles before it are counted) and the file after it.
pub fn write_json_fields(out: &mut impl Write, a: &Article<'_>) -> io::Result<()> {
    write!(out, "\"kind\":\"{}\",\"title\":", a.kind().as_str())?;
    json_string(out, &a.title())?;
    write!(out, ",\"untitled\":{}", a.is_untitled())?;
    // A record's missing site or time is null, as a lead's is; it has no
    // counters.
    let record = a.record().is_some();
    for (key, value) in [
        ("source", a.source()),
        ("time", a.time()),
        ("counters", a.counters()),
    ] {
        let value = value.filter(|v| !(record && v.is_empty()));
        write!(out, ",\"{key}\":")?;
        match value {
            Some(v) => json_string(out, &v)?,
            None => out.write_all(b"null")?,
        }
    }
    out.write_all(b",\"body\":")?;
    json_string(out, &a.body())?;
    out.write_all(b",\"headings\":[")?;
    for (i, h) in a.headings().iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        json_string(out, h)?;
    }
    out.write_all(b"],\"links\":[")?;
    for (i, l) in a.links().iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        json_string(out, l)?;
    }
    let e = a.entry();
    write!(
        out,
        "],\"offset\":{},\"length\":{},\"line\":{}",
        e.offset(),
        e.len(),
        e.line()
    )?;
    write_record_fields(out, a)
}

/// A JSON record's own fields, after the schema's: `url`, `language`,
/// `authors`, `fetched` (the time is the download's) and `fields`, the
/// record's other top-level fields (non-strings as compact JSON). Page
/// dumps' articles have none of these.
fn write_record_fields(out: &mut impl Write, a: &Article<'_>) -> io::Result<()> {
    let Some(Ok(r)) = a.record().map(|d| d.record()) else {
        return Ok(());
    };
    for (key, value) in [("url", &r.url), ("language", &r.language)] {
        write!(out, ",\"{key}\":")?;
        match value {
            Some(v) => json_string(out, v)?,
            None => out.write_all(b"null")?,
        }
    }
    out.write_all(b",\"authors\":[")?;
    for (i, name) in r.authors.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        json_string(out, name)?;
    }
    write!(out, "],\"fetched\":{},\"fields\":{{", r.time_is_fetch)?;
    for (i, (k, v)) in r.extras.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        json_string(out, k)?;
        out.write_all(b":")?;
        json_string(out, v)?;
    }
    out.write_all(b"}")
}

/// Writes `s` as a JSON string. Besides what JSON requires, it escapes DEL,
/// the C1 controls, bidi controls and the line separators, so that the
/// output is safe to print on a terminal and to paste into JavaScript.
pub fn json_string(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let bytes = s.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Only ASCII and the lead bytes below can start a character that
        // is escaped; Chinese text (lead bytes E3–E9) goes by at a glance.
        let suspect = b < 0x20
            || b == b'"'
            || b == b'\\'
            || b == 0x7F
            || matches!(b, 0xC2 | 0xD8 | 0xDB | 0xDC | 0xE0 | 0xE2 | 0xEF | 0xF0);
        if !suspect {
            i += utf8_len(b);
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let escape: Option<&[u8]> = match c {
            '"' => Some(b"\\\""),
            '\\' => Some(b"\\\\"),
            '\n' => Some(b"\\n"),
            '\r' => Some(b"\\r"),
            '\t' => Some(b"\\t"),
            _ => None,
        };
        let needs_hex = escape.is_none()
            && (c.is_control()
                || crate::text::is_format_control(c)
                || matches!(c, '\u{2028}' | '\u{2029}'));
        if escape.is_none() && !needs_hex {
            i += c.len_utf8();
            continue;
        }
        out.write_all(&bytes[plain..i])?;
        match escape {
            Some(e) => out.write_all(e)?,
            // Characters past the BMP escape as a UTF-16 surrogate pair.
            None => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(out, "\\u{:04x}", unit)?;
                }
            }
        }
        plain = i + c.len_utf8();
        i = plain;
    }
    out.write_all(&bytes[plain..])?;
    out.write_all(b"\"")
}

/// The length of the UTF-8 sequence a lead byte starts (1 for ASCII; a
/// `str` holds no stray continuation byte).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Writes a Markdown document: one `##` section per article with a meta
/// line, headings as `###`, link lines as autolinks. Control characters are
/// shown as stand-ins, so the document is safe to print.
pub fn write_markdown<'a>(
    out: &mut impl Write,
    articles: impl IntoIterator<Item = Article<'a>>,
) -> io::Result<()> {
    for (n, a) in articles.into_iter().enumerate() {
        write_markdown_article(out, &a, n == 0, None)?;
    }
    Ok(())
}

/// One article as a Markdown section; `file` (with many files) goes in
/// its meta line.
pub fn write_markdown_article(
    out: &mut impl Write,
    a: &Article<'_>,
    first: bool,
    file: Option<&str>,
) -> io::Result<()> {
    {
        if !first {
            out.write_all(b"\n")?;
        }
        let (title, untitled) = a.display_title();
        if untitled {
            writeln!(out, "## (untitled) {}", md_inline(&title))?;
        } else {
            writeln!(out, "## {}", md_inline(&title))?;
        }
        out.write_all(b"\n")?;
        let mut meta = vec![format!("#{}", a.id()), a.kind().as_str().to_string()];
        if a.kind() == Kind::Item {
            meta.extend(a.source().filter(|s| !s.is_empty()).map(|s| md_inline(&s)));
            meta.extend(a.time().map(|t| t.into_owned()));
            meta.extend(a.counters().map(|c| format!("counters {c}")));
        }
        if let Some(d) = a.record() {
            meta.extend((!d.site().is_empty()).then(|| md_inline(d.site())));
            meta.extend((!d.time().is_empty()).then(|| md_inline(d.time())));
            if let Ok(r) = d.record() {
                meta.extend(r.url.as_deref().map(|u| format!("<{}>", sanitize(u))));
            }
        }
        if let Some(f) = file {
            meta.push(md_inline(f));
        }
        meta.push(format!("line {}", a.entry().line()));
        writeln!(out, "*{}*", meta.join(" · "))?;
        for block in a.blocks() {
            out.write_all(b"\n")?;
            match block {
                Block::Heading(t) => writeln!(out, "### {}", md_inline(&t))?,
                Block::Link(t) => writeln!(out, "<{}>", sanitize(t.trim()))?,
                Block::Paragraph(t) => writeln!(out, "{}", md_paragraph(&t))?,
            }
        }
    }
    Ok(())
}

/// Sanitised text with the characters that would start Markdown markup
/// escaped.
fn md_inline(s: &str) -> String {
    let clean = sanitize(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph kept as written, except that a line-leading block marker
/// (`#`, `>`, `-`, `1.`) is escaped so it stays text.
fn md_paragraph(s: &str) -> String {
    let clean = sanitize(s);
    let t = clean.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let marker = t.starts_with(['#', '>', '-', '+', '*', '=', '|'])
        || (digits > 0 && t[digits..].starts_with(['.', ')']));
    if marker {
        let at = clean.len() - t.len() + digits;
        format!("{}\\{}", &clean[..at], &clean[at..])
    } else {
        clean.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain definition [`json_string`]'s fast path must agree with:
    /// every character looked at.
    fn naive(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control()
                    || crate::text::is_format_control(c)
                    || matches!(c, '\u{2028}' | '\u{2029}') =>
                {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn json(s: &str) -> String {
        let mut out = Vec::new();
        json_string(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_what_it_must() {
        for s in [
            "新闻标题",
            "a\"b\\c\nd\r\te\u{7f}",
            "\u{85}\u{9f}\u{a0}",
            "\u{61c}\u{600}\u{6dd}\u{70f}\u{890}\u{8e2}",
            "\u{200e}\u{202e}\u{2028}\u{2029}\u{2066}\u{feff}\u{fffb}",
            "\u{110bd}\u{110cd}\u{1f600}",
            "",
        ] {
            assert_eq!(json(s), naive(s), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_plain_definition(s in "\\PC*|[\\u{0}-\\u{ff}\\u{600}-\\u{900}\\u{2000}-\\u{2070}\\u{fef0}-\\u{ffff}\\u{110b0}-\\u{110d0}\\u{4e00}-\\u{4e10}]*") {
            prop_assert_eq!(json(&s), naive(&s));
        }
    }
}
