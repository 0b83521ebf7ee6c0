//! Writers for `newsdump export`: JSON lines (FORMAT.md's export schema) and
//! a readable Markdown document.

use std::io::{self, Write};

use super::{Article, Block, Kind};
use crate::text::sanitize;

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
        write_json_article(out, &a, None)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// One article as a JSON line, with the file it comes from.
pub fn write_json_line(
    out: &mut impl Write,
    a: &Article<'_>,
    file: FileInfo<'_>,
) -> io::Result<()> {
    write_json_article(out, a, Some(file))?;
    out.write_all(b"\n")
}

fn write_json_article(
    out: &mut impl Write,
    a: &Article<'_>,
    file: Option<FileInfo<'_>>,
) -> io::Result<()> {
    write!(
        out,
        "{{\"id\":{},\"kind\":\"{}\",\"title\":",
        a.id(),
        a.kind().as_str()
    )?;
    json_string(out, &a.title())?;
    write!(out, ",\"untitled\":{}", a.is_untitled())?;
    for (key, value) in [
        ("source", a.source()),
        ("time", a.time()),
        ("counters", a.counters()),
    ] {
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
    if let Some(f) = file {
        out.write_all(b",\"file\":")?;
        json_string(out, f.file)?;
        out.write_all(b",\"encoding\":")?;
        json_string(out, f.encoding)?;
    }
    out.write_all(b"}")
}

/// Writes `s` as a JSON string. Besides what JSON requires, it escapes DEL,
/// the C1 controls, bidi controls and the line separators, so that the
/// output is safe to print on a terminal and to paste into JavaScript.
pub fn json_string(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut plain = 0;
    for (i, c) in s.char_indices() {
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
            continue;
        }
        out.write_all(&s.as_bytes()[plain..i])?;
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
    }
    out.write_all(&s.as_bytes()[plain..])?;
    out.write_all(b"\"")
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
