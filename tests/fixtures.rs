//! The fixture dumps in `tests/fixtures/`, exported by the built binary and
//! compared with what FORMAT.md says they hold.
//!
//! Every `NAME.txt` there must have a `NAME.expected.jsonl` next to it: one
//! JSON object per article, in FORMAT.md's export schema. The export is
//! compared value by value (so escaping style does not matter), and the raw
//! spans must partition the file. `tests/fixtures/README.md` explains what
//! each fixture pins and why.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The export schema's keys, in FORMAT.md's order.
const FIELDS: [&str; 13] = [
    "id", "kind", "title", "untitled", "source", "time", "counters", "body", "headings", "links",
    "offset", "length", "line",
];

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every `*.txt` in the fixtures directory, sorted by name.
fn fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(fixtures_dir())
        .expect("read tests/fixtures")
        .map(|entry| entry.expect("read tests/fixtures").path())
        .filter(|p| p.extension() == Some(OsStr::new("txt")))
        .collect();
    found.sort();
    found
}

fn name_of(path: &Path) -> &str {
    path.file_name()
        .and_then(OsStr::to_str)
        .expect("UTF-8 file name")
}

/// Runs `newsdump ARGS...` and returns its stdout, one string per line.
fn run_newsdump(args: &[&OsStr]) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_newsdump"))
        .args(args)
        .output()
        .expect("run newsdump");
    assert!(
        out.status.success(),
        "newsdump {args:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("export output is UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The keys of the JSON object in `line`, in the order they appear. `line`
/// must already have parsed as JSON.
fn top_level_keys(line: &str) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0;
    let mut key_next = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 1 && key_next {
                    let key = serde_json::from_str(&line[start..=i]).expect("a JSON key");
                    keys.push(key);
                    key_next = false;
                }
            }
            b'{' | b'[' => {
                depth += 1;
                key_next = depth == 1;
            }
            b'}' | b']' => depth -= 1,
            b',' => key_next = depth == 1,
            _ => {}
        }
        i += 1;
    }
    keys
}

fn parse_jsonl(lines: &[String], what: &str) -> Vec<Value> {
    lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{what}, line {}: not JSON ({e}): {line}", n + 1))
        })
        .collect()
}

/// Describes an article for a diff line: its id and title.
fn label(article: &Value) -> String {
    format!("id {} {}", article["id"], article["title"])
}

/// Checks one fixture; every problem found is appended to `report`.
fn check_fixture(txt: &Path, report: &mut String) {
    let name = name_of(txt);
    let expected_path = txt.with_extension("expected.jsonl");
    let Ok(expected_text) = fs::read_to_string(&expected_path) else {
        let _ = writeln!(report, "{name}: no {}", name_of(&expected_path));
        return;
    };
    let expected_lines: Vec<String> = expected_text.lines().map(str::to_owned).collect();
    let expected = parse_jsonl(&expected_lines, name_of(&expected_path));
    // `--binary`: invalid_utf8.txt holds a NUL, which makes a file binary
    // for the command line; the parser must still take it.
    let got_lines = run_newsdump(&[
        OsStr::new("export"),
        OsStr::new("--binary"),
        OsStr::new("--to"),
        OsStr::new("jsonl"),
        txt.as_os_str(),
    ]);
    let got = parse_jsonl(&got_lines, &format!("export of {name}"));

    for (line, article) in expected_lines.iter().zip(&expected) {
        assert_eq!(
            top_level_keys(line),
            FIELDS,
            "{}: keys of {} are not the schema's",
            name_of(&expected_path),
            label(article)
        );
    }
    // The export adds (FORMAT.md: the schema only grows) the triage state,
    // then where each article comes from: the file as named, and its
    // encoding.
    let mut schema: Vec<&str> = FIELDS.to_vec();
    schema.extend([
        "read",
        "starred",
        "tags",
        "note",
        "dup_group",
        "dup_of",
        "flags",
        "file",
        "encoding",
    ]);
    for (line, article) in got_lines.iter().zip(&got) {
        if top_level_keys(line) != schema {
            let _ = writeln!(
                report,
                "{name}: article {}: keys {:?}, schema has {schema:?}",
                label(article),
                top_level_keys(line)
            );
        }
        if article["file"] != txt.to_string_lossy().as_ref() || article["encoding"] != "utf-8" {
            let _ = writeln!(
                report,
                "{name}: article {}: file {} encoding {}",
                label(article),
                article["file"],
                article["encoding"]
            );
        }
    }

    if expected.len() != got.len() {
        let _ = writeln!(
            report,
            "{name}: expected {} article(s), got {}",
            expected.len(),
            got.len()
        );
        for extra in got.iter().skip(expected.len()) {
            let _ = writeln!(report, "{name}:   unexpected article {}", label(extra));
        }
        for missing in expected.iter().skip(got.len()) {
            let _ = writeln!(report, "{name}:   missing article {}", label(missing));
        }
    }
    for (want, have) in expected.iter().zip(&got) {
        for field in FIELDS {
            if want[field] != have[field] {
                let _ = writeln!(
                    report,
                    "{name}: article id {}: field {field}: expected {}, got {}",
                    want["id"], want[field], have[field]
                );
            }
        }
    }

    check_partition(txt, &got, report);
}

/// The spans must cover the file (a leading BOM aside), contiguous and in order.
fn check_partition(txt: &Path, articles: &[Value], report: &mut String) {
    let name = name_of(txt);
    let bytes = fs::read(txt).expect("read fixture");
    let mut end = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    for article in articles {
        let (Some(offset), Some(length)) = (article["offset"].as_u64(), article["length"].as_u64())
        else {
            let _ = writeln!(
                report,
                "{name}: article {}: no offset/length",
                label(article)
            );
            return;
        };
        if offset != end as u64 {
            let _ = writeln!(
                report,
                "{name}: article {}: span starts at {offset}, the previous one ends at {end}",
                label(article)
            );
        }
        end = usize::try_from(offset + length).expect("span fits in memory");
    }
    if end != bytes.len() {
        let _ = writeln!(
            report,
            "{name}: spans end at byte {end}, the file has {} bytes",
            bytes.len()
        );
    }
}

#[test]
fn every_fixture_exports_as_expected() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures in {:?}", fixtures_dir());
    let mut report = String::new();
    for txt in &fixtures {
        check_fixture(txt, &mut report);
    }
    assert!(report.is_empty(), "fixture exports differ:\n{report}");
}

#[test]
fn every_expected_file_has_a_fixture() {
    for entry in fs::read_dir(fixtures_dir()).expect("read tests/fixtures") {
        let path = entry.expect("read tests/fixtures").path();
        if let Some(stem) = name_of(&path).strip_suffix(".expected.jsonl") {
            assert!(
                path.with_file_name(format!("{stem}.txt")).is_file(),
                "{} has no {stem}.txt",
                name_of(&path)
            );
        }
    }
}

/// A value as `sample.expected.tsv` writes it: strings bare, `null` empty.
fn tsv_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn sample_has_the_pinned_articles() {
    let tsv = fs::read_to_string(fixtures_dir().join("sample.expected.tsv"))
        .expect("read sample.expected.tsv");
    let expected: Vec<[&str; 4]> = tsv
        .lines()
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            cols.try_into()
                .unwrap_or_else(|_| panic!("sample.expected.tsv: not 4 columns: {line:?}"))
        })
        .collect();

    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.txt");
    let lines = run_newsdump(&[OsStr::new("export"), sample.as_os_str()]);
    let got = parse_jsonl(&lines, "export of assets/sample.txt");

    let mut report = String::new();
    if expected.len() != got.len() {
        let _ = writeln!(
            report,
            "sample: expected {} articles, got {}",
            expected.len(),
            got.len()
        );
    }
    for ([id, kind, title, source], have) in expected.iter().zip(&got) {
        let fields = [
            ("id", *id, tsv_cell(&have["id"])),
            ("kind", *kind, tsv_cell(&have["kind"])),
            ("title", *title, tsv_cell(&have["title"])),
            ("source", *source, tsv_cell(&have["source"])),
        ];
        for (field, want, got) in fields {
            if want != got {
                let _ = writeln!(
                    report,
                    "sample: article id {id}: field {field}: expected {want:?}, got {got:?}"
                );
            }
        }
    }
    assert!(report.is_empty(), "sample export differs:\n{report}");
}
