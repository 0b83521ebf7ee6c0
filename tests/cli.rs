//! The command line run as a process: each subcommand, each exit code.

mod common;

use common::{newsdump, stderr, stdout, with_stdin};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const DUMP: &str = "头条:某公司发布新模型\n第一段正文,说明背景。\n小标题\n参考内容:\nhttps://example.org/a\n第一条\n摘要一。快讯社2024-05-02 08:30:150001第二条\n摘要二。IT之窗2024-05-03 09:00:000012\n";

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
        "id",
        "kind",
        "title",
        "untitled",
        "source",
        "time",
        "counters",
        "body",
        "headings",
        "links",
        "offset",
        "length",
        "line",
        "file",
        "encoding",
        // The triage state (issue 14): columns only grow.
        "read",
        "starred",
        "tags",
        "note",
        // What the scrape holds (issue 15).
        "dup_group",
        "dup_of",
        "flags",
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
        // An empty folder: nothing readable was found.
        (s(d.0.path()), "nothing to read"),
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
        let o = newsdump(&[cmd, "--binary", s(&f)]);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
    }
    let o = newsdump(&["export", s(&f), "--to", "markdown", "--binary"]);
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn a_binary_file_is_refused_unless_asked() {
    let d = Dir::new();
    let mut bytes = "标题\n正文。\n".repeat(100).into_bytes();
    bytes.insert(300, 0);
    let f = d.file("bin.dat", &bytes);
    for args in [
        &["list", s(&f)][..],
        &["stats", s(&f)],
        &["export", s(&f)],
        &[s(&f)],
    ] {
        let o = newsdump(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("binary") && err.contains("bin.dat"), "{err}");
        assert!(stdout(&o).is_empty());
    }
    // A NUL after the first 64 KB does not make a file binary.
    let mut late = "标题\n正文。\n".repeat(10_000).into_bytes();
    late.push(0);
    let g = d.file("late.txt", &late);
    assert_eq!(newsdump(&["stats", s(&g)]).status.code(), Some(0));
}

// ─────────────────────── selection: --query, filters, --sort ───────────────────────

/// A dump for the selection options: a lead that names Falcon in ASCII and
/// full width, then four items from three sources across a year's end.
///
/// | id | source | time                | text                          |
/// |----|--------|---------------------|-------------------------------|
/// | 1  | —      | —                   | `Falcon 180B`, `ＦＡＬＣＯＮ　１８０Ｂ`, 站长网 in the body |
/// | 2  | 站长网 | 2023-08-01 09:00:00 | `falcon 180b`                 |
/// | 3  | 快讯社 | 2023-12-31 23:59:59 | nothing of the kind           |
/// | 4  | 站长网 | 2024-01-01 00:00:00 | `ｆａｌｃｏｎ　１８０Ｂ`, long  |
/// | 5  | IT之窗 | 2024-01-02 08:00:00 | nothing                       |
const SEARCH_DUMP: &str = "\
头条:Falcon 180B开源大模型发布
正文提到ＦＡＬＣＯＮ　１８０Ｂ的参数,由站长网报道。
条目一
摘要说falcon 180b很强。站长网2023-08-01 09:00:000001条目二
没有相关内容,只谈天气。快讯社2023-12-31 23:59:590002条目三
再谈ｆａｌｃｏｎ　１８０Ｂ,篇幅较长较长较长较长较长较长较长较长较长较长较长较长。站长网2024-01-01 00:00:000003条目四
完全无关。IT之窗2024-01-02 08:00:000004
";

/// The ids `list` printed (its first column).
fn ids(o: &Output) -> Vec<usize> {
    stdout(o)
        .lines()
        .map(|l| l.split('\t').next().unwrap().parse().expect("an id"))
        .collect()
}

/// `list FILE ARGS…` on [`SEARCH_DUMP`].
fn select(args: &[&str]) -> Output {
    let d = Dir::new();
    let f = d.file("search.txt", SEARCH_DUMP.as_bytes());
    let mut all = vec!["list", s(&f)];
    all.extend_from_slice(args);
    newsdump(&all)
}

/// `list` with ARGS: the ids, after checking it exited 0.
fn selected(args: &[&str]) -> Vec<usize> {
    let o = select(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    ids(&o)
}

#[test]
fn the_search_dump_is_what_the_tests_think() {
    assert_eq!(selected(&[]), vec![1, 2, 3, 4, 5]);
    let out = stdout(&select(&[]));
    let sources: Vec<&str> = out.lines().map(|l| l.split('\t').nth(2).unwrap()).collect();
    assert_eq!(sources, ["", "站长网", "快讯社", "站长网", "IT之窗"]);
}

#[test]
fn query_is_case_insensitive_and_width_folded() {
    let want = vec![1, 2, 4];
    for q in [
        "falcon 180b",
        "ＦＡＬＣＯＮ",
        "Falcon",
        "FALCON 180B",
        "ｆａｌｃｏｎ　１８０ｂ",
        "falcon\u{3000}180B",
    ] {
        assert_eq!(selected(&["--query", q]), want, "--query {q:?}");
    }
    // The short form.
    assert_eq!(selected(&["-q", "Falcon"]), want);
    // Chinese: the body of the lead and the sources of 2 and 4.
    assert_eq!(selected(&["--query", "站长网"]), vec![1, 2, 4]);
    assert_eq!(selected(&["--query", "天气"]), vec![3]);
    // The stamp's date and counters are not searched.
    assert_eq!(select(&["--query", "2023-08-01"]).status.code(), Some(1));
    assert_eq!(select(&["--query", "0004"]).status.code(), Some(1));
}

#[test]
fn query_prints_the_same_lines_as_the_whole_list() {
    let all = stdout(&select(&[]));
    let some = stdout(&select(&["--query", "falcon"]));
    let want: String = all
        .lines()
        .filter(|l| matches!(l.split('\t').next(), Some("1" | "2" | "4")))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(some, want);
}

#[test]
fn regex_queries() {
    // Case-insensitive, but not width-folded: the full-width forms of 1's
    // body and of 4 are other characters to a regex.
    assert_eq!(
        selected(&["--regex", "--query", r"FALCON\s+180b"]),
        vec![1, 2]
    );
    assert_eq!(selected(&["--regex", "--query", "条目[二四]"]), vec![3, 5]);
    assert_eq!(selected(&["--regex", "--query", "天气|无关"]), vec![3, 5]);
    // Literal mode reads the same text as plain characters.
    assert_eq!(select(&["--query", "天气|无关"]).status.code(), Some(1));
    assert_eq!(
        select(&["--regex", "--query", "x{3}"]).status.code(),
        Some(1)
    );
}

#[test]
fn a_bad_regex_is_a_usage_error() {
    for pattern in ["(", "[a-", "a{2,1}", "*"] {
        let o = select(&["--regex", "--query", pattern]);
        assert_eq!(o.status.code(), Some(2), "{pattern:?}");
        assert!(stdout(&o).is_empty());
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("regex"), "{err}");
    }
    // --regex needs a query.
    assert_eq!(select(&["--regex"]).status.code(), Some(2));
    // The same text as a literal query is fine.
    assert_eq!(select(&["--query", "("]).status.code(), Some(1));
}

#[test]
fn an_empty_query_is_a_usage_error() {
    for q in ["", " ", "\u{3000}"] {
        let o = select(&["--query", q]);
        assert_eq!(o.status.code(), Some(2), "{q:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn source_filters_by_a_part_of_the_name() {
    assert_eq!(selected(&["--source", "站长网"]), vec![2, 4]);
    assert_eq!(selected(&["--source", "快讯社"]), vec![3]);
    // ASCII letters in either case.
    assert_eq!(selected(&["--source", "it之窗"]), vec![5]);
    // A part of a name is enough; leads (no source) never match.
    assert_eq!(selected(&["--source", "站长"]), vec![2, 4]);
    assert_eq!(select(&["--source", "无此来源"]).status.code(), Some(1));
    // Combined with a query.
    assert_eq!(
        selected(&["--source", "站长网", "--query", "ＦＡＬＣＯＮ"]),
        vec![2, 4]
    );
    assert_eq!(
        select(&["--source", "快讯社", "--query", "falcon"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn since_and_until_take_whole_days() {
    assert_eq!(selected(&["--since", "2023-12-31"]), vec![3, 4, 5]);
    assert_eq!(
        selected(&["--until", "2023-12-31"]),
        vec![2, 3],
        "inclusive"
    );
    assert_eq!(
        selected(&["--since", "2023-12-31", "--until", "2024-01-01"]),
        vec![3, 4]
    );
    assert_eq!(
        selected(&["--since", "2024-01-01", "--until", "2024-01-01"]),
        vec![4]
    );
    // Longer prefixes of `YYYY-MM-DD HH:MM:SS`, and shorter ones.
    assert_eq!(selected(&["--since", "2023-12-31 23:59:59"]), vec![3, 4, 5]);
    assert_eq!(selected(&["--since", "2024-01-01 00:00:01"]), vec![5]);
    assert_eq!(selected(&["--until", "2023-12-31 23:59"]), vec![2, 3]);
    assert_eq!(selected(&["--until", "2023-12-31 23:59:58"]), vec![2]);
    assert_eq!(selected(&["--since", "2024"]), vec![4, 5]);
    assert_eq!(selected(&["--until", "2023-08"]), vec![2]);
    // Leads have no date: any date filter leaves them out.
    assert!(!selected(&["--until", "2099-12-31"]).contains(&1));
    // Nothing in the range.
    assert_eq!(select(&["--since", "2025-01-01"]).status.code(), Some(1));
    assert_eq!(
        select(&["--since", "2024-01-02", "--until", "2024-01-01"])
            .status
            .code(),
        Some(1)
    );
    // With the other options.
    assert_eq!(
        selected(&[
            "--since",
            "2023-12-31",
            "--source",
            "站长网",
            "--query",
            "falcon"
        ]),
        vec![4]
    );
}

#[test]
fn a_bad_date_is_a_usage_error() {
    for date in [
        "yesterday",
        "2024/01/01",
        "24-01-01",
        "202",
        "2024-13-01",
        "2024-02-30",
        "2024-01-01 00:00:00:00",
        "",
    ] {
        for opt in ["--since", "--until"] {
            let o = select(&[opt, date]);
            assert_eq!(o.status.code(), Some(2), "{opt} {date:?}");
            assert!(stdout(&o).is_empty());
        }
    }
}

/// The times `list` printed (its second column).
fn times(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap().to_string())
        .collect()
}

#[test]
fn sort_orders_the_list() {
    assert_eq!(selected(&["--sort", "order"]), vec![1, 2, 3, 4, 5]);
    assert_eq!(selected(&["--sort", "newest"]), vec![5, 4, 3, 2, 1]);
    assert_eq!(selected(&["--sort", "oldest"]), vec![2, 3, 4, 5, 1]);
    // By source name (bytes: `IT之窗` < `快讯社` < `站长网`), ties in file
    // order, leads last.
    assert_eq!(selected(&["--sort", "source"]), vec![5, 3, 2, 4, 1]);
    // Newest and oldest really order by time: the dated rows' times.
    let newest = times(&select(&["--sort", "newest"]));
    let dated: Vec<&String> = newest.iter().filter(|t| !t.is_empty()).collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    assert_eq!(newest.last().map(String::as_str), Some(""), "the lead last");
    // Sorting combines with the filters.
    assert_eq!(
        selected(&["--query", "falcon", "--sort", "newest"]),
        vec![4, 2, 1]
    );
    assert_eq!(
        selected(&["--source", "站长网", "--sort", "oldest"]),
        vec![2, 4]
    );
    // An unknown order is a usage error.
    assert_eq!(select(&["--sort", "random"]).status.code(), Some(2));
}

#[test]
fn sort_by_length_puts_the_longest_first() {
    let d = Dir::new();
    let f = d.file("search.txt", SEARCH_DUMP.as_bytes());
    let o = newsdump(&["export", s(&f), "--sort", "length"]);
    assert_eq!(o.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    let lens: Vec<u64> = rows.iter().map(|r| r["length"].as_u64().unwrap()).collect();
    assert!(lens.windows(2).all(|w| w[0] >= w[1]), "{lens:?}");
    let ids: Vec<u64> = rows.iter().map(|r| r["id"].as_u64().unwrap()).collect();
    let listed = selected(&["--sort", "length"]);
    assert_eq!(
        ids.iter().map(|&i| i as usize).collect::<Vec<_>>(),
        listed,
        "list and export agree"
    );
    assert_eq!(ids[0], 4, "the long item first");
    assert_eq!(*ids.last().unwrap(), 5, "the shortest last");
}

/// `export` takes the same options and exports the same articles in the
/// same order as `list` prints them, in both formats.
#[test]
fn export_takes_the_same_selection() {
    let d = Dir::new();
    let f = d.file("search.txt", SEARCH_DUMP.as_bytes());
    for args in [
        &["--query", "ＦＡＬＣＯＮ"][..],
        &["--regex", "--query", "条目[二四]"],
        &["--source", "站长网"],
        &["--since", "2023-12-31", "--until", "2024-01-01"],
        &["--sort", "newest"],
        &["--sort", "oldest"],
        &["--sort", "source"],
        &["--sort", "length"],
        &["--sort", "order"],
        &["--query", "falcon", "--sort", "newest"],
    ] {
        let mut cmd = vec!["export", s(&f)];
        cmd.extend_from_slice(args);
        let o = newsdump(&cmd);
        assert_eq!(o.status.code(), Some(0), "export {args:?}");
        let exported: Vec<usize> = stdout(&o)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["id"].as_u64().unwrap() as usize
            })
            .collect();
        assert_eq!(exported, selected(args), "export {args:?}");
        // Newest first in the times, too.
        if args == ["--sort", "newest"] {
            let t: Vec<String> = stdout(&o)
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["time"].as_str().unwrap_or("").to_string()
                })
                .collect();
            assert_eq!(
                t,
                [
                    "2024-01-02 08:00:00",
                    "2024-01-01 00:00:00",
                    "2023-12-31 23:59:59",
                    "2023-08-01 09:00:00",
                    ""
                ]
            );
        }
        cmd.extend(["--to", "markdown"]);
        let md = stdout(&newsdump(&cmd));
        let headers: Vec<usize> = md
            .lines()
            .filter_map(|l| {
                let rest = l.strip_prefix("*#")?;
                rest.split(' ').next()?.parse().ok()
            })
            .collect();
        assert_eq!(headers, selected(args), "export --to markdown {args:?}");
    }
}

#[test]
fn export_exits_1_when_nothing_matches() {
    let d = Dir::new();
    let f = d.file("search.txt", SEARCH_DUMP.as_bytes());
    for args in [
        &["--query", "不存在的词"][..],
        &["--source", "无此来源"],
        &["--since", "2030-01-01"],
    ] {
        for to in ["jsonl", "markdown"] {
            let mut cmd = vec!["export", s(&f), "--to", to];
            cmd.extend_from_slice(args);
            let o = newsdump(&cmd);
            assert_eq!(o.status.code(), Some(1), "export {args:?} --to {to}");
            assert!(stdout(&o).is_empty());
        }
    }
}

#[test]
fn nothing_matching_exits_1_like_grep() {
    for args in [
        &["--query", "不存在的词"][..],
        &["--since", "2030-01-01"],
        &["--until", "2000-01-01"],
        &["--query", "falcon", "--source", "快讯社"],
        &["--query", "不存在的词", "--sort", "newest"],
    ] {
        let o = select(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
        assert!(stderr(&o).is_empty(), "no message, as grep: {}", stderr(&o));
    }
    // A source that no article has is likelier a typo than a question: one
    // line says which sources there are.
    let o = select(&["--source", "无此来源"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("no source matches '无此来源'"));
    // Any match exits 0.
    assert_eq!(select(&["--query", "条目四"]).status.code(), Some(0));
}

#[test]
fn an_empty_dump_without_a_filter_exits_0() {
    let d = Dir::new();
    let f = d.file("empty.txt", b"");
    for args in [
        &["list", s(&f)][..],
        &["list", s(&f), "--sort", "newest"],
        &["export", s(&f)],
        &["export", s(&f), "--sort", "length", "--to", "markdown"],
    ] {
        let o = newsdump(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    // With a filter there is nothing to match: 1.
    for args in [
        &["list", s(&f), "--query", "x"][..],
        &["list", s(&f), "--source", "快讯社"],
        &["export", s(&f), "--since", "2024-01-01"],
    ] {
        assert_eq!(newsdump(args).status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn selection_options_read_standard_input_too() {
    let o = with_stdin(
        &["list", "-", "--query", "ＦＡＬＣＯＮ"],
        SEARCH_DUMP.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(ids(&o), vec![1, 2, 4]);
    let o = with_stdin(&["list", "-", "--query", "没有"], b"");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn help_lists_the_selection_options() {
    for cmd in ["list", "export"] {
        let help = stdout(&newsdump(&[cmd, "--help"]));
        for opt in [
            "--query", "--regex", "--source", "--since", "--until", "--sort",
        ] {
            assert!(help.contains(opt), "{cmd} --help lacks {opt}:\n{help}");
        }
    }
}

// ─────────────────────── the bad-input matrix ───────────────────────

#[test]
fn bad_input_a_50_mb_line_without_a_newline() {
    let d = Dir::new();
    let line = "很长的一行没有换行".repeat((50 << 20) / 27);
    let f = d.file("long.txt", line.as_bytes());
    let o = newsdump(&["stats", s(&f)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("articles    1"));
    let o = newsdump(&["list", s(&f)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        format!("1\t\t\t{line}\n"),
        "one row: id, empty fields, the title"
    );
}

#[test]
fn bad_input_stamps_with_40_digit_counters() {
    let d = Dir::new();
    let digits = "1234567890".repeat(4);
    let text = format!(
        "条目\n摘要。源2024-01-01 00:00:00{digits}\n条目二\n摘要二。源2024-01-02 00:00:00{digits}下一条\n摘要三。源2024-01-03 00:00:00{digits}\n"
    );
    let f = d.file("counters.txt", text.as_bytes());
    let o = newsdump(&["export", s(&f)]);
    assert_eq!(o.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0]["counters"].as_str().unwrap().len(),
        40,
        "the learned width is 40"
    );
    assert_eq!(rows[2]["title"], "下一条");
}

#[test]
fn bad_input_only_blank_lines_and_an_empty_file() {
    let d = Dir::new();
    let blank = d.file("blank.txt", b"\n\n \n\t\n");
    let o = newsdump(&["export", s(&blank)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 1, "one empty, untitled lead");
    let empty = d.file("empty.txt", b"");
    let o = newsdump(&["list", s(&empty)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).is_empty());
}

#[test]
fn bad_input_a_fifo() {
    let d = Dir::new();
    let fifo = d.0.path().join("pipe");
    let ok = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, DUMP.as_bytes()).unwrap())
    };
    let o = newsdump(&["list", s(&fifo)]);
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 3);
}
