//! The command line run as a process: each subcommand, each exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const DUMP: &str = "头条:某公司发布新模型\n第一段正文,说明背景。\n小标题\n参考内容:\nhttps://example.org/a\n第一条\n摘要一。快讯社2024-05-02 08:30:150001第二条\n摘要二。IT之窗2024-05-03 09:00:000012\n";

fn newsdump(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdump"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run newsdump")
}

fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsdump"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsdump");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn list_prints_id_time_source_title() {
    let d = Dir::new();
    let f = d.file("d.txt", DUMP.as_bytes());
    let o = newsdump(&["list", s(&f)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "1\t\t\t头条:某公司发布新模型\n2\t2024-05-02 08:30:15\t快讯社\t第一条\n3\t2024-05-03 09:00:00\tIT之窗\t第二条\n"
    );
}

#[test]
fn bare_file_argument_prints_the_list_when_not_a_terminal() {
    let d = Dir::new();
    let f = d.file("d.txt", DUMP.as_bytes());
    assert_eq!(
        stdout(&newsdump(&[s(&f)])),
        stdout(&newsdump(&["list", s(&f)]))
    );
}

#[test]
fn no_argument_opens_the_built_in_sample() {
    let o = newsdump(&[]);
    assert_eq!(o.status.code(), Some(0));
    let lines = stdout(&o).lines().count();
    assert!(
        (20..=40).contains(&lines),
        "the sample has {lines} articles"
    );
}

#[test]
fn show_lays_out_one_article() {
    let d = Dir::new();
    let f = d.file("d.txt", DUMP.as_bytes());
    let o = newsdump(&["show", s(&f), "1", "--width", "30"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("头条:某公司发布新模型\n"), "{out}");
    assert!(out.contains("第一段正文,说明背景。"));
    assert!(out.contains("[1] https://example.org/a"));
    assert!(!out.contains('\x1b'), "no escape sequences when piped");
    let o = newsdump(&["show", s(&f), "2", "--width", "40"]);
    assert!(stdout(&o).contains("快讯社 · 2024-05-02 08:30:15"));
}

#[test]
fn show_of_a_missing_id_exits_1() {
    let d = Dir::new();
    let f = d.file("d.txt", DUMP.as_bytes());
    for id in ["0", "4", "999999"] {
        let o = newsdump(&["show", s(&f), id]);
        assert_eq!(o.status.code(), Some(1), "id {id}");
        assert!(stderr(&o).contains("no article"), "{}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1);
    }
}

#[test]
fn export_jsonl_follows_the_schema() {
    let d = Dir::new();
    let f = d.file("d.txt", DUMP.as_bytes());
    let o = newsdump(&["export", s(&f), "--to", "jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = vec![
        "id", "kind", "title", "untitled", "source", "time", "counters", "body", "headings",
        "links", "offset", "length", "line",
    ];
    want.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, want);
    assert_eq!(rows[0]["kind"], "lead");
    assert_eq!(rows[0]["source"], serde_json::Value::Null);
    assert_eq!(
        rows[0]["headings"],
        serde_json::json!(["小标题", "参考内容:"])
    );
    assert_eq!(
        rows[0]["links"],
        serde_json::json!(["https://example.org/a"])
    );
    assert_eq!(rows[1]["counters"], "0001");
    assert_eq!(rows[2]["title"], "第二条");
    assert_eq!(rows[2]["line"], 7);
    let total: u64 = rows.iter().map(|r| r["length"].as_u64().unwrap()).sum();
    assert_eq!(total, DUMP.len() as u64);
    // jsonl is the default format.
    assert_eq!(stdout(&newsdump(&["export", s(&f)])), stdout(&o));
}

#[test]
fn export_jsonl_escapes_every_control() {
    let d = Dir::new();
    let f = d.file(
        "d.txt",
        "标题\x1b]0;x\x07\n正文\u{202e}反转\u{9b}。\n".as_bytes(),
    );
    let o = newsdump(&["export", s(&f)]);
    let out = stdout(&o);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(!out.contains('\u{202e}'));
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["title"], "标题\x1b]0;x\x07");
    assert_eq!(v["body"], "正文\u{202e}反转\u{9b}。");
}

#[test]
fn export_markdown_is_a_readable_document() {
    let d = Dir::new();
    let f = d.file("d.txt", DUMP.as_bytes());
    let o = newsdump(&["export", s(&f), "--to", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    assert!(md.starts_with("## 头条:某公司发布新模型\n"), "{md}");
    assert!(md.contains("### 小标题"));
    assert!(md.contains("<https://example.org/a>"));
    assert!(md.contains("## 第一条\n\n*#2 · item · 快讯社 · 2024-05-02 08:30:15 · counters 0001"));
    assert_eq!(md.matches("\n## ").count() + 1, 3);
}

#[test]
fn stats_counts_and_times_the_parse() {
    let d = Dir::new();
    let f = d.file("d.txt", DUMP.as_bytes());
    let o = newsdump(&["stats", s(&f)]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for want in [
        "articles    3",
        "  leads     1",
        "  items     2",
        "  untitled  0",
        "dates       2024-05-02 08:30:15 … 2024-05-03 09:00:00",
        "sources     2",
        "MB/s",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

#[test]
fn dash_reads_standard_input() {
    let o = with_stdin(&["list", "-"], DUMP.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 3);
}

#[test]
fn unreadable_inputs_exit_1_with_one_line() {
    let d = Dir::new();
    let missing = d.0.path().join("missing.txt");
    for (path, why) in [
        (s(&missing), "no such file"),
        (s(d.0.path()), "is a directory"),
    ] {
        for cmd in ["list", "export", "stats"] {
            let o = newsdump(&[cmd, path]);
            assert_eq!(o.status.code(), Some(1), "{cmd} {path}");
            let err = stderr(&o);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(path) && err.contains(why), "{err}");
        }
    }
}

#[test]
fn permission_denied_exits_1() {
    use std::os::unix::fs::PermissionsExt;
    let d = Dir::new();
    let f = d.file("secret.txt", DUMP.as_bytes());
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = newsdump(&["list", s(&f)]);
    if std::fs::read(&f).is_ok() {
        // Root reads anything: then the file is simply listed.
        assert_eq!(o.status.code(), Some(0));
    } else {
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("permission denied"), "{}", stderr(&o));
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["export", "x.txt", "--to", "csv"][..],
        &["show", "x.txt", "abc"],
        &["show", "x.txt"],
        &["list"],
        &["--bogus"],
        &["show", "x.txt", "1", "--width", "0"],
    ] {
        let o = newsdump(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn help_and_version_exit_0() {
    let o = newsdump(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Examples:"));
    assert_eq!(newsdump(&["--version"]).status.code(), Some(0));
    assert_eq!(newsdump(&["export", "--help"]).status.code(), Some(0));
}

#[test]
fn closed_pipe_is_not_an_error() {
    let big: String = (0..20_000)
        .map(|i| format!("标题{i}\n正文。\n\n"))
        .collect();
    let d = Dir::new();
    let f = d.file("big.txt", big.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsdump"))
        .args(["list", s(&f)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then hang up, as `| head -c1` would.
    use std::io::Read;
    let mut one = [0u8; 1];
    child.stdout.as_mut().unwrap().read_exact(&mut one).unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn binary_garbage_never_panics() {
    let d = Dir::new();
    let bytes: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let f = d.file("bin.dat", &bytes);
    for cmd in ["list", "export", "stats"] {
        let o = newsdump(&[cmd, s(&f)]);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
    }
    let o = newsdump(&["export", s(&f), "--to", "markdown"]);
    assert!(!stdout(&o).contains('\x1b'));
}
