//! Telling JSON from page dumps by content, and finding where each record
//! of a JSON file lies without parsing it: the index holds these spans and
//! records decode on demand, as a dump's articles do.

use std::ops::Range;

/// How a JSON file holds its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One record a line (`.jsonl`, Scrapy's feeds, corpus shards).
    Lines,
    /// An array of records (newspaper4k users' dumps).
    Array,
    /// One record, pretty-printed over many lines (news-please's files).
    Document,
}

/// The shape of `bytes` if they are JSON, by content, not by name: the
/// first non-blank byte (after a UTF-8 BOM) is `{` or `[`. `{` is JSON
/// Lines when the first line holds one whole value, else one document.
pub fn sniff(bytes: &[u8]) -> Option<Shape> {
    let start = first_non_blank(bytes)?;
    match bytes[start] {
        b'[' => Some(Shape::Array),
        b'{' => {
            let line_end =
                memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            let first = &bytes[start..line_end];
            match value_end(first, 0) {
                Ok(end) if first[end..].iter().all(u8::is_ascii_whitespace) => Some(Shape::Lines),
                _ => Some(Shape::Document),
            }
        }
        _ => None,
    }
}

/// The shape of `bytes` if they are JSON records, checked as well as
/// [`sniff`]ed: JSON Lines when one of the first non-blank lines is a whole
/// object, an array when it is empty or its first element is an object, one
/// document when the whole is one object. Anything else — a page dump whose
/// first title happens to start with `[` or `{` — is no JSON.
pub fn detect(bytes: &[u8]) -> Option<Shape> {
    let shape = sniff(bytes)?;
    let start = first_non_blank(bytes)?;
    let ok = match shape {
        Shape::Lines => first_lines(bytes, 3).iter().any(|l| is_record(l)),
        Shape::Array => {
            let at = skip_blank(bytes, start + 1);
            match bytes.get(at) {
                Some(b']') => true,
                // The first element only, however long the array: an
                // object, or at least the start of one (a bad first
                // record must not turn the file into a page).
                _ => value_end(bytes, at).is_ok_and(|end| is_record(&bytes[at..end])),
            }
        }
        Shape::Document => {
            // A first line cut short may still begin JSON Lines.
            if first_lines(bytes, 3).iter().any(|l| is_record(l)) {
                return Some(Shape::Lines);
            }
            is_record(&bytes[start..])
        }
    };
    ok.then_some(shape)
}

/// Up to `n` non-blank lines from the start, found without looking
/// further: a gigabyte's detection costs what its first lines do.
fn first_lines(bytes: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(n);
    let mut at = 0;
    while out.len() < n && at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        if !line.iter().all(u8::is_ascii_whitespace) {
            out.push(line);
        }
        at = end + 1;
    }
    out
}

/// Whether `bytes` are a record: a whole JSON object, or one cut short or
/// broken that still starts as objects do, `{` then `"` or `}` (so that
/// `{独家} 新品发布`, a page's title, is none).
fn is_record(bytes: &[u8]) -> bool {
    let t = bytes.trim_ascii();
    if t.first() != Some(&b'{') {
        return false;
    }
    let after = t[1..].trim_ascii_start();
    matches!(after.first(), Some(b'"' | b'}')) || is_object(t)
}

/// Whether `bytes` are one whole JSON object (white space around it
/// allowed), checked without building it.
fn is_object(bytes: &[u8]) -> bool {
    let t = bytes.trim_ascii();
    t.first() == Some(&b'{') && serde_json::from_slice::<serde::de::IgnoredAny>(t).is_ok()
}

fn first_non_blank(bytes: &[u8]) -> Option<usize> {
    let from = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    bytes[from..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| from + i)
}

/// Where a record lies and on which line it starts (1-based), for
/// `FILE:LINE: why`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Its bytes in the file.
    pub bytes: Range<usize>,
    /// The line it starts on.
    pub line: u64,
}

/// The records of a file of `shape`: each line that is not blank, each
/// element of the array, or the whole. A broken array (cut short, a
/// stray byte between elements) yields what came before, and the error
/// says where it broke.
pub fn records(bytes: &[u8], shape: Shape) -> (Vec<Span>, Option<String>) {
    match shape {
        Shape::Lines => (lines(bytes), None),
        Shape::Document => {
            let start = first_non_blank(bytes).unwrap_or(0);
            let line = line_at(bytes, 0, 1, start);
            (
                vec![Span {
                    bytes: start..bytes.len(),
                    line,
                }],
                None,
            )
        }
        Shape::Array => elements(bytes),
    }
}

/// The non-blank lines of a JSON Lines file; a big one (the index of a
/// gigabyte is a memchr over all of it) on two cores, cut at a line end.
fn lines(bytes: &[u8]) -> Vec<Span> {
    const PARALLEL_FROM: usize = 64 << 20;
    let from = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let two = bytes.len() >= PARALLEL_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let cut = two
        .then(|| memchr::memchr(b'\n', &bytes[bytes.len() / 2..]))
        .flatten()
        .map(|i| bytes.len() / 2 + i + 1);
    let Some(cut) = cut else {
        return lines_in(bytes, from, bytes.len(), 1).0;
    };
    let ((mut head, next), (tail, _)) = std::thread::scope(|s| {
        let tail = s.spawn(|| lines_in(bytes, cut, bytes.len(), 1));
        let head = lines_in(bytes, from, cut, 1);
        (
            head,
            tail.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    });
    head.reserve_exact(tail.len());
    head.extend(tail.into_iter().map(|s| Span {
        line: s.line + next - 1,
        ..s
    }));
    head
}

/// The non-blank lines of `bytes[from..to]` (`from` at a line's start),
/// numbered from `first_line`, and the number of the line after them.
fn lines_in(bytes: &[u8], from: usize, to: usize, first_line: u64) -> (Vec<Span>, u64) {
    let mut out = Vec::with_capacity((to - from) / 2048 + 1);
    let mut start = from;
    let mut line = first_line;
    while start < to {
        let end = memchr::memchr(b'\n', &bytes[start..to]).map_or(to, |i| start + i);
        if !bytes[start..end].iter().all(u8::is_ascii_whitespace) {
            out.push(Span {
                bytes: start..end,
                line,
            });
        }
        start = end + 1;
        line += 1;
    }
    (out, line)
}

#[cfg(test)]
mod parallel_tests {
    use super::*;

    #[test]
    fn a_big_file_gives_the_lines_one_core_gives() {
        let mut text = String::from("\u{feff}");
        let mut i = 0;
        while text.len() < 70 << 20 {
            text.push_str(&format!(
                "{{\"title\":\"{i}\",\"text\":\"{}\"}}\n",
                "x".repeat(i % 5000)
            ));
            if i % 7 == 0 {
                text.push_str("\n  \n");
            }
            i += 1;
        }
        let bytes = text.as_bytes();
        let whole = lines(bytes);
        let (one, _) = lines_in(bytes, 3, bytes.len(), 1);
        assert_eq!(whole, one);
        assert_eq!(whole.len(), i);
    }
}

/// The line of byte `at`, counting on from `line` at byte `from`.
fn line_at(bytes: &[u8], from: usize, line: u64, at: usize) -> u64 {
    line + memchr::memchr_iter(b'\n', &bytes[from..at]).count() as u64
}

/// The elements of a top-level array.
fn elements(bytes: &[u8]) -> (Vec<Span>, Option<String>) {
    let mut out = Vec::new();
    let Some(open) = first_non_blank(bytes) else {
        return (out, None);
    };
    let (mut at, mut counted, mut line) = (open + 1, 0, 1);
    loop {
        at = skip_blank(bytes, at);
        match bytes.get(at) {
            None => return (out, Some("the array is cut short".into())),
            Some(b']') if out.is_empty() => return (out, None),
            _ => {}
        }
        let start = at;
        match value_end(bytes, start) {
            Ok(end) => {
                line = line_at(bytes, counted, line, start);
                counted = start;
                out.push(Span {
                    bytes: start..end,
                    line,
                });
                at = skip_blank(bytes, end);
            }
            Err(why) => {
                let line = line_at(bytes, counted, line, start);
                return (out, Some(format!("line {line}: {why}")));
            }
        }
        match bytes.get(at) {
            Some(b',') => at += 1,
            Some(b']') => {
                // Scrapy's `-o` appends a second array after the first.
                let rest = skip_blank(bytes, at + 1);
                if rest < bytes.len() {
                    let line = line_at(bytes, counted, line, rest);
                    return (
                        out,
                        Some(format!("line {line}: more after the array's end")),
                    );
                }
                return (out, None);
            }
            None => return (out, Some("the array is cut short".into())),
            Some(_) => {
                let line = line_at(bytes, counted, line, at);
                return (
                    out,
                    Some(format!("line {line}: expected , or ] between records")),
                );
            }
        }
    }
}

fn skip_blank(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The end of the JSON value starting at `start`: brackets counted, not
/// recursed into (any depth costs a counter, never the stack), strings
/// skipped with their escapes. Only the outline is checked; the record's
/// own parse says what is wrong inside.
fn value_end(bytes: &[u8], start: usize) -> Result<usize, &'static str> {
    let mut depth = 0usize;
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at += 1;
                loop {
                    let Some(i) = memchr::memchr2(b'"', b'\\', &bytes[at..]) else {
                        return Err("a string is cut short");
                    };
                    at += i;
                    if bytes[at] == b'\\' {
                        at += 2;
                        if at >= bytes.len() {
                            return Err("a string is cut short");
                        }
                    } else {
                        at += 1;
                        break;
                    }
                }
                if depth == 0 {
                    return Ok(at);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            // A bare value (a number, true) right before the array's end.
            b'}' | b']' if depth == 0 && at > start => return Ok(at),
            b'}' | b']' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or("a closing bracket with no opening one")?;
                if depth == 0 {
                    return Ok(at + 1);
                }
            }
            b',' | b'\n' | b'\r' | b' ' | b'\t' if depth == 0 => {
                // A bare value (a number, true) ends here.
                return if at > start { Ok(at) } else { Err("no value") };
            }
            _ => {}
        }
        at += 1;
    }
    if depth == 0 && at > start {
        Ok(at)
    } else {
        Err("a record is cut short")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(bytes: &'a [u8], spans: &[Span]) -> Vec<(&'a str, u64)> {
        spans
            .iter()
            .map(|s| {
                (
                    std::str::from_utf8(&bytes[s.bytes.clone()]).unwrap(),
                    s.line,
                )
            })
            .collect()
    }

    #[test]
    fn the_shape_is_told_by_content() {
        assert_eq!(sniff(b"{\"a\":1}\n{\"a\":2}\n"), Some(Shape::Lines));
        assert_eq!(sniff(b"\xEF\xBB\xBF  \n{\"a\":\"}\"}"), Some(Shape::Lines));
        assert_eq!(sniff(b"{\n  \"title\": \"x\"\n}\n"), Some(Shape::Document));
        assert_eq!(sniff(b" [ {\"a\":1} ]"), Some(Shape::Array));
        assert_eq!(sniff("头条\n{正文}\n".as_bytes()), None);
        assert_eq!(sniff(b"   \n"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn detection_checks_that_it_is_json() {
        assert_eq!(detect(b"{\"a\":1}\n"), Some(Shape::Lines));
        assert_eq!(detect(b"{\"a\":\n{\"a\":2}\n"), Some(Shape::Lines));
        assert_eq!(detect(b"{\n \"a\": 1\n}\n"), Some(Shape::Document));
        assert_eq!(detect(b"[{\"a\":1}]"), Some(Shape::Array));
        assert_eq!(detect(b"[ ]"), Some(Shape::Array));
        // Page dumps whose first title starts with a bracket.
        assert_eq!(detect("[快讯] 新品发布\n正文。\n".as_bytes()), None);
        assert_eq!(detect("{独家} 新品发布\n正文。\n".as_bytes()), None);
        assert_eq!(detect(b"[1, 2]"), None);
        // A broken object is still one: a document of one bad record.
        assert_eq!(detect(b"{\n \"a\": 1\n"), Some(Shape::Document));
        assert_eq!(detect("{快讯}\n正文第一段。\n".as_bytes()), None);
        // A bad first record keeps an array an array.
        assert_eq!(
            detect(b"[\n{\"title\":\"a\",\"text\":\"x\ty\"},\n{\"title\":\"b\"}]"),
            Some(Shape::Array)
        );
    }

    #[test]
    fn lines_skip_blanks_and_keep_their_numbers() {
        let b = b"{\"a\":1}\n\n  \n{\"a\":2}\r\n{\"a\":\n";
        let (spans, why) = records(b, Shape::Lines);
        assert_eq!(why, None);
        assert_eq!(
            texts(b, &spans),
            [("{\"a\":1}", 1), ("{\"a\":2}\r", 4), ("{\"a\":", 5)]
        );
    }

    #[test]
    fn array_elements_with_their_lines() {
        let b = b"[\n {\"t\": \"a, ]\"},\n {\"t\": \"\\\"b\\\"\"}\n,{\"n\":[1,[2]]}\n]\n";
        let (spans, why) = records(b, Shape::Array);
        assert_eq!(why, None);
        assert_eq!(
            texts(b, &spans),
            [
                ("{\"t\": \"a, ]\"}", 2),
                ("{\"t\": \"\\\"b\\\"\"}", 3),
                ("{\"n\":[1,[2]]}", 4)
            ]
        );
        assert_eq!(records(b"[]", Shape::Array), (vec![], None));
        assert_eq!(records(b"[ \n ]", Shape::Array), (vec![], None));
    }

    #[test]
    fn a_broken_array_keeps_what_came_before() {
        let b = b"[{\"a\":1},\n{\"a\":2}\n{\"a\":3}]";
        let (spans, why) = records(b, Shape::Array);
        assert_eq!(texts(b, &spans), [("{\"a\":1}", 1), ("{\"a\":2}", 2)]);
        assert_eq!(
            why.as_deref(),
            Some("line 3: expected , or ] between records")
        );
        let (spans, why) = records(b"[{\"a\":1},{\"a\":\"cut", Shape::Array);
        assert_eq!(spans.len(), 1);
        assert_eq!(why.as_deref(), Some("line 1: a string is cut short"));
    }

    #[test]
    fn a_backslash_at_the_very_end_is_a_cut_string_not_a_panic() {
        assert_eq!(sniff(b"{\"a\":\"x\\"), Some(Shape::Document));
        assert_eq!(sniff(b"{\"path\": \"C:\\\n}"), Some(Shape::Document));
        let (spans, why) = records(b"[{\"a\":\"x\\", Shape::Array);
        assert!(spans.is_empty());
        assert_eq!(why.as_deref(), Some("line 1: a string is cut short"));
    }

    #[test]
    fn bare_values_are_elements_too() {
        let b = b"[1, true ,\"s\",null]";
        let (spans, why) = records(b, Shape::Array);
        assert_eq!(why, None);
        assert_eq!(
            texts(b, &spans),
            [("1", 1), ("true", 1), ("\"s\"", 1), ("null", 1)]
        );
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let deep = format!("[{}{}]", "[".repeat(1_000_000), "]".repeat(1_000_000));
        let (spans, why) = records(deep.as_bytes(), Shape::Array);
        assert_eq!((spans.len(), why), (1, None));
    }

    #[test]
    fn a_document_is_one_record_from_its_first_brace() {
        let b = b"\n\n{\n \"title\": \"x\"\n}\n";
        let (spans, _) = records(b, Shape::Document);
        assert_eq!(
            spans,
            [Span {
                bytes: 2..b.len(),
                line: 3
            }]
        );
    }
}
