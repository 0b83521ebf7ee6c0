//! `newsdump export --to jsonl` reads back in (README, *JSON*): the
//! export's `title`, `body`, `source` and `time` are among the names a
//! record is read by, so exporting an export gives the same titles,
//! bodies, sources and times. Checked on random records written in the
//! field names of several tools, and on page dumps.

mod common;

use std::fs;
use std::path::Path;

use common::{newsdump, stderr, stdout};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// What a round trip compares of an article: title, body, source, time,
/// each `None` when missing (JSON null, or an empty string where the
/// writer writes that for none).
type Core = (String, String, Option<String>, Option<String>);

/// Exports `path` and returns the JSON lines, asserting exit 0, no panic
/// and no record skipped.
fn export(path: &Path) -> Vec<Value> {
    let o = newsdump(&["export", path.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "newsdump panicked: {err}");
    assert_eq!(o.status.code(), Some(0), "stderr: {err}");
    assert!(!err.contains("(skipped)"), "records skipped: {err}");
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Exports `path`, writes that export to `dir`, and exports the export.
fn export_twice(path: &Path, dir: &Path) -> (Vec<Value>, Vec<Value>) {
    let first = export(path);
    let again = dir.join("export.jsonl");
    let text: String = first.iter().map(|v| format!("{v}\n")).collect();
    fs::write(&again, text).unwrap();
    let second = export(&again);
    (first, second)
}

fn opt(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => panic!("not a string or null: {other}"),
    }
}

fn core(v: &Value) -> Core {
    (
        v["title"].as_str().unwrap().to_string(),
        v["body"].as_str().unwrap().to_string(),
        opt(&v["source"]),
        opt(&v["time"]),
    )
}

// ------------------------------------------------------ random records

/// How a record writes its time; every one shows as `YYYY-MM-DD HH:MM:SS`.
#[derive(Debug, Clone, Copy)]
enum TimeForm {
    /// `2024-09-05 08:30:00`
    Plain,
    /// `2024-09-05T08:30:00+08:00` (or another offset, or `Z`)
    Rfc3339(&'static str),
    /// `2024年9月5日 08:30:00`
    Chinese,
}

#[derive(Debug, Clone, Copy)]
struct Time {
    ymd: (u32, u32, u32),
    hms: (u32, u32, u32),
    form: TimeForm,
}

impl Time {
    fn written(&self) -> String {
        let ((y, mo, d), (h, mi, s)) = (self.ymd, self.hms);
        match self.form {
            TimeForm::Plain => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            TimeForm::Rfc3339(offset) => {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{offset}")
            }
            TimeForm::Chinese => format!("{y}年{mo}月{d}日 {h:02}:{mi:02}:{s:02}"),
        }
    }

    fn shown(&self) -> String {
        let ((y, mo, d), (h, mi, s)) = (self.ymd, self.hms);
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// Which tool's field names a record is written in.
#[derive(Debug, Clone, Copy)]
enum Flavour {
    /// title, text, hostname, date, source (the URL)
    Trafilatura,
    /// title, maintext, source_domain, date_publish, url
    NewsPlease,
    /// title, text, meta_site_name, publish_date, canonical_link
    Newspaper4k,
    /// headline, content, domain, metadata.date, metadata.url
    Corpus,
    /// newsdump's own export: title, body, source, time, url
    Export,
}

#[derive(Debug, Clone)]
struct Rec {
    flavour: Flavour,
    title: Option<String>,
    body: Option<String>,
    site: Option<String>,
    url: Option<String>,
    time: Option<Time>,
    /// A field no reader takes, to ride along in `fields`.
    extra: Option<String>,
}

impl Rec {
    fn to_json(&self) -> Value {
        let (t, b, site, time, url) = match self.flavour {
            Flavour::Trafilatura => ("title", "text", "hostname", "date", "source"),
            Flavour::NewsPlease => ("title", "maintext", "source_domain", "date_publish", "url"),
            Flavour::Newspaper4k => (
                "title",
                "text",
                "meta_site_name",
                "publish_date",
                "canonical_link",
            ),
            Flavour::Corpus => (
                "headline",
                "content",
                "domain",
                "metadata.date",
                "metadata.url",
            ),
            Flavour::Export => ("title", "body", "source", "time", "url"),
        };
        let mut o = Map::new();
        let mut set = |key: &str, value: Value| match key.split_once('.') {
            Some((outer, inner)) => {
                let nested = o.entry(outer).or_insert_with(|| json!({}));
                nested[inner] = value;
            }
            None => {
                o.insert(key.to_string(), value);
            }
        };
        if let Some(x) = &self.extra {
            set("note", json!(x));
        }
        if let Some(x) = &self.title {
            set(t, json!(x));
        }
        if let Some(x) = &self.body {
            set(b, json!(x));
        }
        if let Some(x) = &self.site {
            set(site, json!(x));
        }
        if let Some(x) = &self.time {
            set(time, json!(x.written()));
        }
        if let Some(x) = &self.url {
            set(url, json!(x));
        }
        Value::Object(o)
    }

    /// What the export must say: the reader trims text (done by the
    /// generator) and joins a body's lines with `\n`.
    fn expected(&self) -> Core {
        let source = self.site.clone().or_else(|| self.url.as_deref().map(host));
        (
            self.title.clone().unwrap_or_default(),
            self.body
                .as_deref()
                .map(|b| b.replace("\r\n", "\n"))
                .unwrap_or_default(),
            source,
            self.time.map(|t| t.shown()),
        )
    }
}

/// The host of one of the generated URLs, as the reader names the site.
fn host(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let host = rest.split('/').next().unwrap().to_ascii_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

/// A run of text: Chinese, ASCII, quotes and backslashes, controls (C0,
/// ESC, DEL, C1, bidi, BOM, separators), full-width forms, characters
/// past the BMP, and in a body line breaks.
fn piece(lines: bool) -> BoxedStrategy<String> {
    let controls: Vec<char> = vec![
        '\u{0}', '\u{1}', '\u{7}', '\u{8}', '\t', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}',
        '\u{9b}', '\u{200b}', '\u{202e}', '\u{2028}', '\u{3000}', '\u{feff}', '\r',
    ];
    let text = prop_oneof![
        6 => "[\u{4e00}-\u{9fa5}]{1,6}",
        4 => "[a-zA-Z0-9 ,.!?:/-]{1,8}",
        1 => prop::sample::select(vec!["\"", "\\", "'", "\\u6e2f", "\\n", "{\"a\":1}", "</script>"])
            .prop_map(String::from),
        2 => prop::sample::select(controls).prop_map(String::from),
        1 => "[\u{ff01}-\u{ff5e}]{1,3}",
        1 => "[\u{1f600}-\u{1f64f}\u{20000}-\u{2000f}]{1,2}",
    ];
    if lines {
        prop_oneof![
            8 => text,
            2 => prop::sample::select(vec!["\n", "\r\n", "\n\n", "\n  \n"]).prop_map(String::from),
        ]
        .boxed()
    } else {
        text.boxed()
    }
}

/// Trimmed, non-empty text, without `\r\r\n` (see the ignored test
/// `a_cr_before_a_crlf_survives_a_second_export`).
fn text(lines: bool) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(lines), 1..10)
        .prop_map(|parts| {
            let mut s = parts.concat();
            while s.contains("\r\r\n") {
                s = s.replace("\r\r\n", "\r\n");
            }
            s.trim().to_string()
        })
        .prop_filter("trimmed text is not empty", |s| !s.is_empty())
}

fn site() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,8}(\\.[a-z]{2,4}){1,2}",
        "[\u{4e00}-\u{9fa5}]{2,4}(网|日报|新闻|快讯)",
        "[A-Z][a-z]{2,8} (Times|Daily|Post)",
    ]
}

fn url() -> impl Strategy<Value = String> {
    "https://(www\\.)?[a-z]{1,8}\\.example\\.(cn|com)/[a-z0-9]{0,6}"
}

fn time() -> impl Strategy<Value = Time> {
    let form = prop_oneof![
        3 => Just(TimeForm::Plain),
        1 => prop::sample::select(vec!["+08:00", "-05:30", "Z", "+00:00"]).prop_map(TimeForm::Rfc3339),
        1 => Just(TimeForm::Chinese),
    ];
    (
        (1990u32..=2035, 1u32..=12, 1u32..=28),
        (0u32..24, 0u32..60, 0u32..60),
        form,
    )
        .prop_map(|(ymd, hms, form)| Time { ymd, hms, form })
}

fn flavour() -> impl Strategy<Value = Flavour> {
    prop_oneof![
        4 => Just(Flavour::Trafilatura),
        1 => Just(Flavour::NewsPlease),
        1 => Just(Flavour::Newspaper4k),
        1 => Just(Flavour::Corpus),
        1 => Just(Flavour::Export),
    ]
}

fn rec() -> impl Strategy<Value = Rec> {
    // A title, a body, or both: never neither.
    let texts = prop_oneof![
        6 => (text(false), text(true)).prop_map(|(t, b)| (Some(t), Some(b))),
        1 => text(false).prop_map(|t| (Some(t), None)),
        1 => text(true).prop_map(|b| (None, Some(b))),
    ];
    (
        flavour(),
        texts,
        prop::option::of(site()),
        prop::option::of(url()),
        prop::option::of(time()),
        prop::option::of(text(true)),
    )
        .prop_map(|(flavour, (title, body), site, url, time, extra)| Rec {
            flavour,
            title,
            body,
            site,
            url,
            time,
            extra,
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each case runs the binary twice: few cases, more with
        // PROPTEST_CASES=… when hunting.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(24),
        failure_persistence: None,
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    })]

    /// Records in any tool's names → export → export again: the same
    /// titles, bodies, sources and times each time, and the input's.
    #[test]
    fn an_export_reads_back_as_the_same_articles(recs in prop::collection::vec(rec(), 1..6)) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("input.jsonl");
        let text: String = recs.iter().map(|r| format!("{}\n", r.to_json())).collect();
        fs::write(&input, &text).unwrap();
        let (first, second) = export_twice(&input, dir.path());
        let want: Vec<Core> = recs.iter().map(Rec::expected).collect();
        let first_core: Vec<Core> = first.iter().map(core).collect();
        let second_core: Vec<Core> = second.iter().map(core).collect();
        prop_assert_eq!(&first_core, &want, "input:\n{}", text);
        prop_assert_eq!(&second_core, &first_core, "input:\n{}", text);
        for (a, b) in first.iter().zip(&second) {
            prop_assert_eq!(&a["kind"], "record");
            prop_assert_eq!(&b["kind"], "record");
            prop_assert_eq!(&a["untitled"], &b["untitled"]);
            prop_assert_eq!(&a["url"], &b["url"]);
        }
    }
}

// ---------------------------------------------------------- page dumps

/// A page article's core as a record's reads back: an empty source is
/// none (a record writes null), and a `HH:MM` stamp gains its `:00`.
fn page_core_as_record(v: &Value) -> Core {
    let (title, body, source, time) = core(v);
    let source = source.filter(|s| !s.is_empty());
    // A stamp's time reads back as written, seconds or none.
    (title, body, source, time)
}

fn check_page_round_trip(dump: &Path) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = export_twice(dump, dir.path());
    // A page article with neither title nor body (a file of blank lines)
    // is no record: reading the export back skips it (and says so).
    let kept: Vec<&Value> = first
        .iter()
        .filter(|v| v["title"] != "" || v["body"] != "")
        .collect();
    assert_eq!(kept.len(), second.len(), "{}", dump.display());
    for (a, b) in kept.iter().zip(&second) {
        assert_eq!(b["kind"], "record");
        assert_eq!(a["untitled"], b["untitled"], "{}: {a}", dump.display());
        assert_eq!(
            page_core_as_record(a),
            core(b),
            "{}: article {}",
            dump.display(),
            a["id"]
        );
    }
    second.len()
}

#[test]
fn a_page_dump_export_reads_back_as_the_same_articles() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.txt");
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = export_twice(&sample, dir.path());
    assert_eq!(first.len(), 28);
    assert_eq!(second.len(), 28);
    let kinds = |v: &[Value]| -> Vec<String> {
        v.iter()
            .map(|a| a["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds(&first).iter().filter(|k| *k == "lead").count(), 7);
    assert!(kinds(&second).iter().all(|k| k == "record"));
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(page_core_as_record(a), core(b), "article {}", a["id"]);
        assert_eq!(a["untitled"], b["untitled"], "article {}", a["id"]);
        // Leads have no source and no time; neither do their records.
        if a["kind"] == "lead" {
            assert_eq!((&b["source"], &b["time"]), (&Value::Null, &Value::Null));
        }
    }
    // And a third time changes nothing.
    let again = dir.path().join("second.jsonl");
    let text: String = second.iter().map(|v| format!("{v}\n")).collect();
    fs::write(&again, text).unwrap();
    let third = export(&again);
    let cores = |v: &[Value]| v.iter().map(core).collect::<Vec<_>>();
    assert_eq!(cores(&third), cores(&second));
}

#[test]
fn the_parser_fixtures_export_and_read_back() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dumps: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    dumps.sort();
    assert!(!dumps.is_empty());
    let mut checked = 0;
    for dump in &dumps {
        let o = newsdump(&["export", dump.to_str().unwrap()]);
        if stdout(&o).is_empty() {
            continue; // an empty dump
        }
        if dump.ends_with("only_blank.txt") {
            // Its one lead has neither title nor body: no record.
            let tmp = tempfile::tempdir().unwrap();
            let again = tmp.path().join("export.jsonl");
            fs::write(&again, stdout(&o)).unwrap();
            let o = newsdump(&["export", again.to_str().unwrap()]);
            assert!(stdout(&o).is_empty());
            assert!(
                stderr(&o).contains(":1: neither a title nor a body (skipped)"),
                "{}",
                stderr(&o)
            );
            continue;
        }
        checked += check_page_round_trip(dump);
    }
    assert!(checked > 30, "{checked}");
}

// ------------------------------------------------ bugs found by these tests, fixed

#[test]
fn page_export_times_read_back_verbatim() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.txt");
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = export_twice(&sample, dir.path());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a["time"], b["time"], "article {}", a["id"]);
    }
}

#[test]
fn a_cr_before_a_crlf_survives_a_second_export() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cr.jsonl");
    fs::write(
        &input,
        "{\"title\":\"双回车\",\"text\":\"第一行\\r\\r\\n第二行\"}\n",
    )
    .unwrap();
    let (first, second) = export_twice(&input, dir.path());
    assert_eq!(first[0]["body"], second[0]["body"]);
}

#[test]
fn a_site_written_as_a_url_reads_back_as_the_same_source() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("site.jsonl");
    fs::write(
        &input,
        "{\"title\":\"来源是网址\",\"text\":\"正文。\",\"hostname\":\"https://site.example.com/\"}\n",
    )
    .unwrap();
    let (first, second) = export_twice(&input, dir.path());
    assert_eq!(first[0]["source"], second[0]["source"]);
    assert_eq!(first[0]["url"], second[0]["url"]);
}
