//! Triage state on the command line (issue 14), run as a process: `mark`,
//! `tag` and `tags`, the `--unread`/`--starred`/`--tag`/`--untagged`/
//! `--has-note` filters of `list` and `export`, the state `export` carries,
//! where the database is (`--state`, `NEWSDUMP_STATE`, `--no-state`, the
//! XDG default), usage errors, state that follows an article's content
//! wherever it goes, damaged databases, two writers at once, and a bulk
//! change killed half-way.
//!
//! Every run gets `XDG_DATA_HOME`, `NEWSDUMP_STATE`, `HOME` and
//! `XDG_CACHE_HOME` inside the test's own tempdir (see [`Env`]): nothing
//! here reads or writes the real home. Every dump is invented here or is
//! `assets/sample.txt`.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{bin, stderr, stdout};
use serde_json::Value;

// ---------------------------------------------------------------- helpers

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.txt");

/// A test's own world: a tempdir holding the state database, the XDG and
/// home directories, and the dumps the test writes.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Where `NEWSDUMP_STATE` points (in a folder that does not exist until
    /// a command makes the database).
    fn state(&self) -> PathBuf {
        self.dir.path().join("state").join("state.db")
    }

    fn xdg(&self) -> PathBuf {
        self.dir.path().join("xdg")
    }

    /// A path in the tempdir.
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `bytes` at `rel` (making its folders) and gives the path.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, bytes).unwrap();
        p
    }

    /// The binary with `args`, its environment inside the tempdir, standard
    /// input closed.
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .env("XDG_DATA_HOME", self.xdg())
            .env("NEWSDUMP_STATE", self.state())
            .env("HOME", self.path("home"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        let o = self.command(args).output().expect("run newsdump");
        no_panic(&o);
        o
    }

    /// Runs with `input` on standard input.
    fn run_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .spawn()
            .expect("spawn newsdump");
        child.stdin.take().unwrap().write_all(input).unwrap();
        let o = child.wait_with_output().unwrap();
        no_panic(&o);
        o
    }

    /// Runs, asserts exit 0, gives the output.
    fn ok(&self, args: &[&str]) -> Output {
        let o = self.run(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "newsdump {args:?}\nstderr: {}",
            stderr(&o)
        );
        o
    }

    /// `list`'s ids for `args` after `list PATH`; none when it exits 1.
    fn list_ids(&self, path: &Path, args: &[&str]) -> Vec<usize> {
        let mut all = vec!["list", s(path)];
        all.extend_from_slice(args);
        let o = self.run(&all);
        match o.status.code() {
            Some(0) => ids(&o),
            Some(1) => {
                assert!(stdout(&o).is_empty(), "{}", stdout(&o));
                Vec::new()
            }
            c => panic!("list {args:?} exited {c:?}: {}", stderr(&o)),
        }
    }

    /// The triage fields of every article `export` writes for `args`.
    fn triage(&self, args: &[&str]) -> Vec<Triage> {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        jsonl(&self.ok(&all)).iter().map(Triage::of).collect()
    }

    /// `tags`' lines as (count, tag).
    fn tags(&self, args: &[&str]) -> Vec<(u64, String)> {
        let mut all = vec!["tags"];
        all.extend_from_slice(args);
        stdout(&self.ok(&all))
            .lines()
            .map(|l| {
                let (n, t) = l.split_once('\t').expect("count\\ttag");
                (n.parse().expect("a count"), t.to_owned())
            })
            .collect()
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Asserts the process did not panic, whatever its exit code.
fn no_panic(o: &Output) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "newsdump panicked: {err}"
    );
}

/// `list`'s ids: its first column.
fn ids(o: &Output) -> Vec<usize> {
    stdout(o)
        .lines()
        .map(|l| l.split('\t').next().unwrap().parse().expect("an id"))
        .collect()
}

fn jsonl(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The summary line `mark` and `tag` write on stderr.
fn summary(o: &Output) -> String {
    stderr(o)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// An article's title and triage state, as `export` says them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Triage {
    file: String,
    title: String,
    read: bool,
    starred: bool,
    tags: Vec<String>,
    note: Option<String>,
}

impl Triage {
    fn of(v: &Value) -> Triage {
        Triage {
            file: v["file"].as_str().unwrap_or_default().to_owned(),
            title: v["title"].as_str().expect("title").to_owned(),
            read: v["read"].as_bool().expect("read"),
            starred: v["starred"].as_bool().expect("starred"),
            tags: v["tags"]
                .as_array()
                .expect("tags")
                .iter()
                .map(|t| t.as_str().unwrap().to_owned())
                .collect(),
            note: v["note"].as_str().map(str::to_owned),
        }
    }

    /// Without the file, for comparing an article wherever it is.
    fn here(&self) -> Triage {
        Triage {
            file: String::new(),
            ..self.clone()
        }
    }

    fn is_default(&self) -> bool {
        !self.read && !self.starred && self.tags.is_empty() && self.note.is_none()
    }
}

/// The articles' titles and states, wherever they are.
fn here(all: &[Triage]) -> Vec<Triage> {
    all.iter().map(Triage::here).collect()
}

/// An invented page: a lead (with a sub-heading) and three items glued
/// one after the other. Four articles.
const PAGE: &str = "青屿港智慧码头二期投产\n\
    二期工程新增六个自动化泊位,年吞吐能力提升四成。\n\
    港区动态\n\
    码头调度系统全面接入5G专网。\n\
    潮汐发电站完成首次并网\n\
    电站年发电量预计可满足两万户家庭用电。海风日报2024-03-05 09:15:200001沿海步道全线贯通\n\
    步道全长四十二公里,沿途设有十处观景平台。城建快报2024-03-06 18:40:000002渔港夜市恢复营业\n\
    夜市新增三十个摊位,营业至凌晨一点。海风日报2024-03-07 20:05:450003\n";

/// Another invented page: a lead and one item. Two articles.
const OTHER: &str = "山城轨道交通四号线开通\n\
    新线路连接老城区与高铁站,全程约三十五分钟。\n\
    图书馆延长开放时间\n\
    周末开放至晚上十点。山城晚报2024-04-01 08:00:000001\n";

/// A generated dump of `n` articles: pages of one lead and nine items in
/// the shape of the sample (`摘要。SOURCE2024-05-02 08:30:150001` glued to
/// the next title), every article different.
fn generated_dump(n: usize) -> String {
    let mut out = String::with_capacity(n * 80);
    let (mut i, mut page) = (0, 0);
    while i < n {
        writeln!(
            out,
            "第{page}页头条:城市新闻汇总{page}\n这是第{page}页的导语正文,介绍本页内容。"
        )
        .unwrap();
        i += 1;
        let mut k = 1;
        while k < 10 && i < n {
            write!(
                out,
                "条目{i}号新闻标题\n摘要{i}。快讯社2024-05-{:02} 08:{:02}:{:02}{k:04}",
                1 + i % 28,
                i % 60,
                (i / 60) % 60
            )
            .unwrap();
            i += 1;
            k += 1;
        }
        out.push('\n');
        page += 1;
    }
    out
}

/// A copy of the sample in the tempdir, to move and change.
fn sample_copy(env: &Env, rel: &str) -> PathBuf {
    env.write(rel, fs::read(SAMPLE).unwrap())
}

/// Marks a spread of states on a copy of the sample: read 2,3,5,6;
/// tagged `kx` the 快讯社 items (3,9,14,22,28); a note on 7; starred what
/// mentions 开源 (5,17,18,20).
fn triage_sample(env: &Env, path: &Path) {
    let p = s(path);
    env.ok(&["mark", p, "--id", "2,3,5-6", "--read"]);
    env.ok(&["tag", p, "--source", "快讯社", "--add", "kx"]);
    env.ok(&["mark", p, "--id", "7", "--note", "需要复核"]);
    env.ok(&["mark", p, "--query", "开源", "--star"]);
}

// ------------------------------------------------- 1. the round trip

#[test]
fn mark_tag_tags_round_trip_on_the_sample() {
    let env = Env::new();
    let p = SAMPLE;
    let path = Path::new(SAMPLE);
    let every: Vec<usize> = (1..=28).collect();

    // Nothing stored yet: every article unread, untagged; no database made.
    assert_eq!(env.list_ids(path, &["--unread"]), every);
    assert_eq!(env.list_ids(path, &["--untagged"]), every);
    assert!(env.list_ids(path, &["--starred"]).is_empty());
    assert!(!env.state().exists());

    // Ids and ranges.
    let o = env.ok(&["mark", p, "--id", "2,3,5-6", "--read"]);
    assert_eq!(summary(&o), "newsdump: 4 articles (4 distinct): read");
    assert!(stdout(&o).is_empty());
    assert!(env.state().is_file());
    let unread: Vec<usize> = every
        .iter()
        .copied()
        .filter(|i| ![2, 3, 5, 6].contains(i))
        .collect();
    assert_eq!(env.list_ids(path, &["--unread"]), unread);
    // Repeated --id and a range past the end.
    let o = env.ok(&["mark", p, "--id", "27-100", "--id", "26", "--star"]);
    assert_eq!(summary(&o), "newsdump: 3 articles (3 distinct): starred");
    assert_eq!(env.list_ids(path, &["--starred"]), [26, 27, 28]);

    // --ids-from -, fed list's output (the id is its first column).
    let listed = env.ok(&["list", p, "--source", "快讯社"]);
    assert_eq!(ids(&listed), [3, 9, 14, 22, 28]);
    let o = env.run_stdin(
        &["tag", p, "--ids-from", "-", "--add", "kx"],
        &listed.stdout,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(summary(&o), "newsdump: 5 articles (5 distinct): tagged kx");
    assert_eq!(env.list_ids(path, &["--tag", "kx"]), [3, 9, 14, 22, 28]);
    // --ids-from FILE: commas, spaces and lines.
    let idfile = env.write("ids.txt", "10, 11\n12 13\n\n");
    let o = env.ok(&["tag", p, "--ids-from", s(&idfile), "--add", "批次"]);
    assert_eq!(
        summary(&o),
        "newsdump: 4 articles (4 distinct): tagged 批次"
    );
    assert_eq!(env.list_ids(path, &["--tag", "批次"]), [10, 11, 12, 13]);

    // Selection flags: --query, --source, and ids among a selection.
    let query = env.list_ids(path, &["--query", "开源"]);
    assert_eq!(query, [5, 17, 18, 20]);
    env.ok(&["mark", p, "--query", "开源", "--note", "开源 专题\n跟进"]);
    assert_eq!(env.list_ids(path, &["--has-note"]), query);
    let o = env.ok(&[
        "tag", p, "--id", "1-10", "--source", "TechWire", "--add", "tw",
    ]);
    assert_eq!(summary(&o), "newsdump: 2 articles (2 distinct): tagged tw");
    assert_eq!(env.list_ids(path, &["--tag", "tw"]), [8, 10]);
    let o = env.ok(&["mark", p, "--since", "2024-10-19", "--read"]);
    assert_eq!(summary(&o), "newsdump: 3 articles (3 distinct): read");
    // --all.
    let o = env.ok(&["tag", p, "--all", "--add", "all", "--add", "二号"]);
    assert_eq!(
        summary(&o),
        "newsdump: 28 articles (28 distinct): tagged all, tagged 二号"
    );

    // `tags`: most first, then by name.
    assert_eq!(
        env.tags(&[p]),
        [
            (28, "all".to_owned()),
            (28, "二号".to_owned()),
            (5, "kx".to_owned()),
            (4, "批次".to_owned()),
            (2, "tw".to_owned()),
        ]
    );
    // --remove, by ids and by a tag filter.
    let o = env.ok(&["tag", p, "--tag", "all", "--remove", "二号"]);
    assert_eq!(
        summary(&o),
        "newsdump: 28 articles (28 distinct): untagged 二号"
    );
    env.ok(&["tag", p, "--id", "3", "--remove", "kx", "--remove", "all"]);
    assert_eq!(
        env.tags(&[p]),
        [
            (27, "all".to_owned()),
            (4, "kx".to_owned()),
            (4, "批次".to_owned()),
            (2, "tw".to_owned()),
        ]
    );
    assert_eq!(env.list_ids(path, &["--untagged"]), [3]);
    assert_eq!(env.list_ids(path, &["--tag", "kx"]), [9, 14, 22, 28]);

    // The filters combined with each other and with --query/--source.
    assert_eq!(
        env.list_ids(path, &["--unread", "--source", "快讯社"]),
        [9, 14, 22, 28]
    );
    assert_eq!(env.list_ids(path, &["--starred", "--tag", "kx"]), [28]);
    assert_eq!(
        env.list_ids(path, &["--has-note", "--query", "数据库"]),
        [17, 18]
    );
    assert_eq!(env.list_ids(path, &["--has-note", "--unread"]), [17]);
    assert!(
        env.list_ids(path, &["--starred", "--has-note"]).is_empty(),
        "nothing is both: exit 1"
    );
    // The same through the sorting (non-streaming) path.
    assert_eq!(
        env.list_ids(
            path,
            &["--unread", "--source", "快讯社", "--sort", "newest"]
        ),
        [22, 28, 14, 9]
    );
    // `tag --unread`: only the unread among the targets.
    let o = env.ok(&["tag", p, "--id", "1-6", "--unread", "--add", "todo"]);
    assert_eq!(
        summary(&o),
        "newsdump: 2 articles (2 distinct): tagged todo"
    );
    assert_eq!(env.list_ids(path, &["--tag", "todo"]), [1, 4]);
    // `mark --tag`: a state filter as the selection.
    env.ok(&["mark", p, "--tag", "todo", "--star"]);
    assert_eq!(env.list_ids(path, &["--starred"]), [1, 4, 26, 27, 28]);

    // Export: the state after the other fields, before `file`.
    let o = env.ok(&["export", p]);
    let lines: Vec<&str> = std::str::from_utf8(&o.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 28);
    for line in &lines {
        let at = |key: &str| line.find(key).unwrap_or_else(|| panic!("{key}: {line}"));
        assert!(at(r#","line":"#) < at(r#","read":"#), "{line}");
    }
    assert!(
        lines[1]
            .contains(r#","read":true,"starred":false,"tags":["all"],"note":null,"dup_group":"#),
        "{}",
        lines[1]
    );
    assert!(
        lines[17].contains(
            r#","read":true,"starred":false,"tags":["all"],"note":"开源 专题 跟进","dup_group":"#
        ),
        "the note is one line: {}",
        lines[17]
    );
    let all = env.triage(&[p]);
    assert_eq!(
        all[27],
        Triage {
            file: all[27].file.clone(),
            title: "个人开发者上架应用需完成备案 新规下月施行".into(),
            read: false,
            starred: true,
            tags: vec!["all".into(), "kx".into()],
            note: None,
        }
    );
    assert_eq!(all[0].tags, ["all", "todo"]);
    // Export's filters, streamed and sorted alike.
    let kx: Vec<String> = env
        .triage(&[p, "--tag", "kx"])
        .iter()
        .map(|t| t.title.clone())
        .collect();
    assert_eq!(kx.len(), 4);
    let mut sorted: Vec<String> = env
        .triage(&[p, "--tag", "kx", "--sort", "oldest"])
        .iter()
        .map(|t| t.title.clone())
        .collect();
    assert_ne!(sorted, kx, "sorted differently");
    sorted.sort();
    let mut kx_sorted = kx.clone();
    kx_sorted.sort();
    assert_eq!(sorted, kx_sorted);
    let sorted_states = env.triage(&[p, "--starred", "--sort", "newest"]);
    assert_eq!(sorted_states.len(), 5);
    assert!(
        sorted_states
            .iter()
            .all(|t| t.starred && !t.tags.is_empty())
    );

    // Undoing: --unread, --unstar, an empty note.
    let o = env.ok(&["mark", p, "--id", "2,3", "--unread"]);
    assert_eq!(summary(&o), "newsdump: 2 articles (2 distinct): unread");
    assert!(
        env.list_ids(path, &["--unread"])
            .starts_with(&[1, 2, 3, 4, 7])
    );
    let o = env.ok(&["mark", p, "--all", "--unstar", "--note", ""]);
    assert_eq!(
        summary(&o),
        "newsdump: 28 articles (28 distinct): unstarred, note removed"
    );
    assert!(env.list_ids(path, &["--starred"]).is_empty());
    assert!(env.list_ids(path, &["--has-note"]).is_empty());
    env.ok(&["tag", p, "--all", "--remove", "all", "--remove", "kx"]);
    env.ok(&["tag", p, "--all", "--remove", "批次", "--remove", "tw"]);
    env.ok(&["tag", p, "--all", "--remove", "todo"]);
    assert!(env.tags(&[p]).is_empty());
    env.ok(&["mark", p, "--all", "--unread"]);
    assert!(env.triage(&[p]).iter().all(Triage::is_default));
    assert_eq!(env.list_ids(path, &["--unread"]), every);
}

#[test]
fn several_changes_in_one_mark_and_the_note_is_one_line() {
    let env = Env::new();
    let o = env.ok(&[
        "mark",
        SAMPLE,
        "--id",
        "12",
        "--read",
        "--star",
        "--note",
        "  第一行\r\n第二行\t末尾  ",
    ]);
    assert_eq!(
        summary(&o),
        "newsdump: 1 article (1 distinct): read, starred, noted"
    );
    let t = &env.triage(&[SAMPLE, "--has-note"])[0];
    assert_eq!(
        t.title,
        "鹭汀区上线政务服务“AI导办”，市民办事平均等待时间缩短一半"
    );
    assert!(t.read && t.starred);
    assert_eq!(t.note.as_deref(), Some("第一行 第二行 末尾"));
    // A note of blanks removes it.
    let o = env.ok(&["mark", SAMPLE, "--id", "12", "--note", "   "]);
    assert_eq!(
        summary(&o),
        "newsdump: 1 article (1 distinct): note removed"
    );
    assert!(env.list_ids(Path::new(SAMPLE), &["--has-note"]).is_empty());
}

#[test]
fn tags_counts_only_the_articles_read() {
    let env = Env::new();
    let page = env.write("page.txt", PAGE);
    let other = env.write("other.txt", OTHER);
    env.ok(&["tag", s(&page), "--all", "--add", "港口"]);
    env.ok(&["tag", s(&other), "--id", "2", "--add", "山城"]);
    assert_eq!(env.tags(&[s(&page)]), [(4, "港口".to_owned())]);
    assert_eq!(env.tags(&[s(&other)]), [(1, "山城".to_owned())]);
    assert_eq!(
        env.tags(&[s(&page), s(&other)]),
        [(4, "港口".to_owned()), (1, "山城".to_owned())]
    );
    // --no-state: no tags at all.
    assert!(env.tags(&[s(&page), "--no-state"]).is_empty());
    assert!(env.tags(&[SAMPLE]).is_empty());
}

// ------------------------------------------------- 2. usage errors

/// Asserts exit 2 with `needle` on stderr, and that nothing was stored.
fn usage(env: &Env, args: &[&str], needle: &str) {
    let o = env.run(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    assert!(
        stderr(&o).contains(needle),
        "{args:?}: wanted {needle:?} in {}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(!env.state().exists(), "{args:?} made a database");
}

#[test]
fn usage_errors_exit_2_and_change_nothing() {
    let env = Env::new();
    let p = SAMPLE;
    usage(&env, &["mark", p, "--read"], "which articles?");
    usage(&env, &["tag", p, "--add", "x"], "which articles?");
    usage(&env, &["mark", p, "--id", "0", "--read"], "'0'");
    usage(&env, &["mark", p, "--id", "5-3", "--read"], "'5-3'");
    usage(&env, &["mark", p, "--id", "x", "--read"], "'x'");
    usage(&env, &["tag", p, "--id", "2,3-,4", "--add", "t"], "'3-'");
    let bad_ids = env.write("bad-ids.txt", "2\n7-2\n");
    usage(
        &env,
        &["mark", p, "--ids-from", s(&bad_ids), "--read"],
        "'7-2'",
    );
    // Bad tags: empty, blank, a control character, 65 characters.
    usage(&env, &["tag", p, "--all", "--add", ""], "tag");
    usage(&env, &["tag", p, "--all", "--add", "  "], "empty");
    usage(&env, &["tag", p, "--all", "--add", "a\tb"], "control");
    usage(&env, &["tag", p, "--all", "--add", "a\u{7}"], "control");
    let long = "字".repeat(65);
    usage(&env, &["tag", p, "--all", "--add", &long], "64");
    usage(&env, &["tag", p, "--all", "--remove", ""], "tag");
    // A bad tag among good ones stores none of them.
    usage(
        &env,
        &["tag", p, "--all", "--add", "good", "--add", "bad\nline"],
        "control",
    );
    // No change at all, or contradicting changes.
    usage(&env, &["mark", p, "--all"], "--read");
    usage(&env, &["tag", p, "--all"], "--add");
    usage(
        &env,
        &["mark", p, "--all", "--read", "--unread"],
        "--unread",
    );
    usage(
        &env,
        &["mark", p, "--all", "--star", "--unstar"],
        "--unstar",
    );
    usage(&env, &["list", p, "--tag", "a", "--untagged"], "--untagged");
    // --no-state leaves nothing to change; --state and --no-state clash.
    usage(
        &env,
        &["mark", p, "--all", "--read", "--no-state"],
        "--no-state",
    );
    usage(
        &env,
        &["tag", p, "--id", "1", "--add", "x", "--no-state"],
        "--no-state",
    );
    let other = env.path("other.db");
    for cmd in [
        &["list", p][..],
        &["export", p],
        &["tags", p],
        &["mark", p, "--all", "--read"],
    ] {
        let mut args = cmd.to_vec();
        args.extend(["--state", s(&other), "--no-state"]);
        usage(&env, &args, "--no-state");
    }
    assert!(!other.exists());

    // 64 characters is fine.
    let longest = "字".repeat(64);
    env.ok(&["tag", p, "--id", "1", "--add", &longest]);
    assert_eq!(env.tags(&[p]), [(1, longest)]);
}

#[test]
fn nothing_to_change_exits_1() {
    let env = Env::new();
    let p = SAMPLE;
    let o = env.run(&["mark", p, "--id", "29-40", "--read"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no article"), "{}", stderr(&o));
    let o = env.run(&["mark", p, "--query", "没有这样的词语", "--read"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = env.run(&["tag", p, "--source", "没有的来源", "--add", "x"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("快讯社"), "the sources: {}", stderr(&o));
    let o = env.run_stdin(&["mark", p, "--ids-from", "-", "--read"], b"");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = env.run(&["mark", p, "--ids-from", s(&env.path("none.txt")), "--read"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("none.txt"), "{}", stderr(&o));
    let o = env.run(&["mark", s(&env.path("no-such.txt")), "--all", "--read"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // Nothing was marked by any of these.
    assert!(env.triage(&[p]).iter().all(Triage::is_default));
}

#[test]
fn a_hostile_ids_file_cannot_write_escapes_to_the_terminal() {
    let env = Env::new();
    let evil = env.write("evil-ids.txt", "2\n\x1b]0;PWNED\x07\x1b[2J\n");
    let o = env.run(&["mark", SAMPLE, "--ids-from", s(&evil), "--read"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "raw control characters on stderr: {err:?}"
    );
}

// ------------------------------------------------- where the state is

#[test]
fn the_database_is_where_flag_environment_and_xdg_say() {
    let env = Env::new();
    let p = SAMPLE;
    let default = env.xdg().join("newsdump").join("state.db");
    // Without NEWSDUMP_STATE (unset or empty): $XDG_DATA_HOME/newsdump.
    for unset in [None, Some("")] {
        let mut c = env.command(&["mark", p, "--id", "4", "--star"]);
        match unset {
            None => c.env_remove("NEWSDUMP_STATE"),
            Some(v) => c.env("NEWSDUMP_STATE", v),
        };
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert!(default.is_file());
    assert!(!env.state().exists());
    let o = env
        .command(&["list", p, "--starred"])
        .env_remove("NEWSDUMP_STATE")
        .output()
        .unwrap();
    assert_eq!(ids(&o), [4]);
    // NEWSDUMP_STATE is another database.
    assert!(env.list_ids(Path::new(p), &["--starred"]).is_empty());
    env.ok(&["mark", p, "--id", "5", "--star"]);
    assert!(env.state().is_file());
    assert_eq!(env.list_ids(Path::new(p), &["--starred"]), [5]);
    // --state beats both.
    let flag = env.path("flag/given.db");
    let fp = s(&flag);
    env.ok(&["mark", p, "--id", "6", "--star", "--state", fp]);
    assert!(flag.is_file());
    assert_eq!(
        env.list_ids(Path::new(p), &["--starred", "--state", fp]),
        [6]
    );
    assert_eq!(env.list_ids(Path::new(p), &["--starred"]), [5]);
    // --no-state reads nothing.
    assert!(
        env.list_ids(Path::new(p), &["--starred", "--no-state"])
            .is_empty()
    );
    assert!(
        env.triage(&[p, "--no-state"])
            .iter()
            .all(Triage::is_default)
    );
}

// ------------------------------------------------- 3. state follows content

#[test]
fn state_survives_a_move_a_rename_growth_a_folder_and_crlf_with_bom() {
    let env = Env::new();
    let first = sample_copy(&env, "one/scrape.txt");
    triage_sample(&env, &first);
    let before = env.triage(&[s(&first)]);
    assert_eq!(before.len(), 28);
    assert_eq!(before.iter().filter(|t| !t.is_default()).count(), 12);

    // (a) Renamed and moved to another folder.
    let moved = env.path("two/deeper/renamed-dump.txt");
    fs::create_dir_all(moved.parent().unwrap()).unwrap();
    fs::rename(&first, &moved).unwrap();
    assert_eq!(here(&env.triage(&[s(&moved)])), here(&before));

    // (b) Grown by another page at the end.
    let mut f = fs::OpenOptions::new().append(true).open(&moved).unwrap();
    f.write_all(OTHER.as_bytes()).unwrap();
    drop(f);
    let grown = env.triage(&[s(&moved)]);
    assert_eq!(grown.len(), 30);
    assert_eq!(here(&grown[..28]), here(&before));
    assert!(grown[28..].iter().all(Triage::is_default));

    // (c) The same content in a folder with other files before and after.
    env.write("crawl/a-first.txt", OTHER);
    sample_copy(&env, "crawl/m/sample.txt");
    env.write("crawl/z-last.txt", PAGE);
    let crawl = env.triage(&[s(&env.path("crawl"))]);
    assert_eq!(crawl.len(), 2 + 28 + 4);
    let (ours, others): (Vec<Triage>, Vec<Triage>) = crawl
        .into_iter()
        .partition(|t| t.file.ends_with("sample.txt"));
    assert_eq!(here(&ours), here(&before));
    assert!(others.iter().all(Triage::is_default));
    // ...where the filters find them with the folder's ids.
    assert_eq!(
        env.list_ids(&env.path("crawl"), &["--tag", "kx"]),
        [5, 11, 16, 24, 30]
    );

    // (d) CRLF line ends and a BOM.
    let text = fs::read_to_string(SAMPLE).unwrap();
    // (The sample has a few CRLF lines already: all of them now.)
    let crlf = format!(
        "\u{feff}{}",
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    );
    let crlf = env.write("three/crlf-bom.txt", crlf);
    assert_eq!(here(&env.triage(&[s(&crlf)])), here(&before));

    // (e) Compressed, and in another encoding.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    let gz = env.write("four/scrape.txt.gz", gz.finish().unwrap());
    assert_eq!(here(&env.triage(&[s(&gz)])), here(&before));
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let gb = env.write("four/gb18030.txt", &gb);
    assert_eq!(
        here(&env.triage(&[s(&gb), "--encoding", "gb18030"])),
        here(&before)
    );

    // And a change made through one copy is seen through another.
    env.ok(&["tag", s(&crlf), "--id", "1", "--add", "从副本"]);
    assert_eq!(env.list_ids(&moved, &["--tag", "从副本"]), [1]);
    assert_eq!(env.list_ids(&env.path("crawl"), &["--tag", "从副本"]), [3]);
}

/// Exact duplicates share their state, by design (src/state/key.rs, README
/// "exact duplicates share their state"): the same page twice in one file
/// is one set of articles to triage — marking one copy marks both, and the
/// summary counts articles and distinct keys apart.
#[test]
fn exact_duplicates_share_their_state() {
    let env = Env::new();
    let twice = env.write("twice.txt", format!("{PAGE}{PAGE}"));
    let p = s(&twice);
    assert_eq!(env.list_ids(&twice, &[]), (1..=8).collect::<Vec<_>>());
    let o = env.ok(&["mark", p, "--id", "2", "--star"]);
    assert_eq!(summary(&o), "newsdump: 1 article (1 distinct): starred");
    assert_eq!(env.list_ids(&twice, &["--starred"]), [2, 6]);
    let o = env.ok(&["tag", p, "--all", "--add", "dup"]);
    assert_eq!(summary(&o), "newsdump: 8 articles (4 distinct): tagged dup");
    assert_eq!(env.tags(&[p]), [(8, "dup".to_owned())]);
    let o = env.ok(&["mark", p, "--id", "5", "--read"]);
    assert_eq!(summary(&o), "newsdump: 1 article (1 distinct): read");
    assert_eq!(env.list_ids(&twice, &["--unread"]), [2, 3, 4, 6, 7, 8]);
    // The page alone shares the state too.
    let once = env.write("once.txt", PAGE);
    assert_eq!(env.list_ids(&once, &["--starred"]), [2]);
    assert_eq!(env.list_ids(&once, &["--unread"]), [2, 3, 4]);
}

#[test]
fn a_changed_body_time_source_or_title_does_not_carry_the_state() {
    let env = Env::new();
    let base = env.write("base.txt", PAGE);
    env.ok(&["tag", s(&base), "--all", "--add", "seen"]);
    env.ok(&["mark", s(&base), "--all", "--star"]);
    // (what changes, which article, whether its state carries)
    let cases: &[(&str, &str, usize, bool)] = &[
        ("四十二公里", "四十三公里", 2, false), // item body
        ("2024-03-07 20:05:45", "2024-03-07 20:05:46", 3, false), // time
        ("城建快报", "城建日报", 2, false),     // source
        ("潮汐发电站完成", "潮汐电站完成", 1, false), // title
        ("提升四成", "提升五成", 0, false),     // lead body
        // Not what it says: white space, width, the counters.
        ("全面接入5G专网", "全面接入 ５Ｇ 专网", 0, true),
        ("18:40:000002", "18:40:000097", 2, true),
    ];
    for (i, &(from, to, which, carries)) in cases.iter().enumerate() {
        assert!(PAGE.contains(from), "{from}");
        let changed = env.write(&format!("v{i}/page.txt"), PAGE.replace(from, to));
        let states = env.triage(&[s(&changed)]);
        assert_eq!(states.len(), 4, "{from} -> {to}");
        for (j, t) in states.iter().enumerate() {
            let want = j != which || carries;
            assert_eq!(
                !t.is_default(),
                want,
                "{from} -> {to}: article {} ({}) {t:?}",
                j + 1,
                t.title
            );
            if want {
                assert!(t.starred && t.tags == ["seen"], "{t:?}");
            }
        }
    }
}

// ------------------------------------------------- 4. JSON records

#[test]
fn json_records_with_a_url_are_known_by_it() {
    let env = Env::new();
    let first = env.write(
        "scrape-1/records.jsonl",
        concat!(
            r#"{"title":"标题一","text":"正文一。","url":"https://news.example.cn/a/1.html"}"#,
            "\n",
            r#"{"title":"标题二","text":"正文二。","url":"https://news.example.cn/a/2.html"}"#,
            "\n",
            r#"{"title":"无链接","text":"正文三。"}"#,
            "\n",
            r#"{"title":"也无链接","text":"正文四。"}"#,
            "\n",
        ),
    );
    let o = env.ok(&["tag", s(&first), "--all", "--add", "keep"]);
    assert_eq!(
        summary(&o),
        "newsdump: 4 articles (4 distinct): tagged keep"
    );
    env.ok(&["mark", s(&first), "--id", "1", "--star", "--note", "跟踪"]);
    // A re-scrape: text and title changed, the URL in another case of host
    // and with a fragment; a path in another case is another page; a
    // record without a URL is known by its text.
    let second = env.write(
        "scrape-2/again.jsonl",
        concat!(
            r#"{"title":"标题一(更新)","text":"正文一已修改,补充了细节。","url":"HTTPS://News.Example.CN/a/1.html#comments"}"#,
            "\n",
            r#"{"title":"标题二","text":"正文二。","url":"https://news.example.cn/A/2.html"}"#,
            "\n",
            r#"{"title":"无链接","text":"正文三改。"}"#,
            "\n",
            r#"{"title":"也无链接","text":"正文四。"}"#,
            "\n",
        ),
    );
    let got = env.triage(&[s(&second)]);
    assert_eq!(got.len(), 4);
    assert_eq!(got[0].title, "标题一(更新)");
    assert_eq!(got[0].tags, ["keep"]);
    assert!(got[0].starred);
    assert_eq!(got[0].note.as_deref(), Some("跟踪"));
    assert!(got[1].is_default(), "{:?}", got[1]);
    assert!(got[2].is_default(), "{:?}", got[2]);
    assert_eq!(got[3].tags, ["keep"]);
    assert_eq!(env.list_ids(&second, &["--tag", "keep"]), [1, 4]);
    // The export of a record carries the state before `file` too.
    let o = env.ok(&["export", s(&second), "--starred"]);
    let line = stdout(&o);
    assert!(
        line.contains(r#""read":false,"starred":true,"tags":["keep"],"note":"跟踪","dup_group":"#),
        "{line}"
    );
}

// ------------------------------------------------- 5. no database, bad ones

#[test]
fn reading_never_creates_a_database() {
    let env = Env::new();
    let p = SAMPLE;
    let nowhere = env.path("not/yet/state.db");
    let np = s(&nowhere);
    let reads: &[&[&str]] = &[
        &["list", p, "--state", np],
        &["list", p, "--unread", "--state", np],
        &["list", p, "--untagged", "--sort", "newest", "--state", np],
        &["export", p, "--state", np],
        &["export", p, "--unread", "--to", "markdown", "--state", np],
        &["tags", p, "--state", np],
        &["stats", p, "--state", np],
        &["show", p, "3", "--state", np],
    ];
    for args in reads {
        env.ok(args);
    }
    // Filters that need a state find nothing, quietly.
    for filter in ["--starred", "--has-note"] {
        let o = env.run(&["list", p, filter, "--state", np]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let o = env.run(&["export", p, filter, "--state", np]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    }
    assert!(!env.path("not").exists(), "a read made the state's folder");
    // Nor at the environment's or the default place.
    env.ok(&["list", p, "--unread"]);
    env.ok(&["export", p]);
    env.ok(&["tags", p]);
    let o = env
        .command(&["export", p, "--untagged"])
        .env_remove("NEWSDUMP_STATE")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!env.path("state").exists());
    assert!(!env.xdg().exists());
    // Export says the default state.
    assert!(env.triage(&[p]).iter().all(Triage::is_default));
}

/// The `state.db.corrupt-…` files beside `state`.
fn set_aside(state: &Path) -> Vec<PathBuf> {
    let name = state.file_name().unwrap().to_string_lossy().into_owned();
    let mut found: Vec<PathBuf> = fs::read_dir(state.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(&format!("{name}.corrupt-"))
                && !n.ends_with("-wal")
                && !n.ends_with("-shm")
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_corrupt_database_is_set_aside_and_mark_works() {
    let env = Env::new();
    let garbage: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::create_dir_all(env.state().parent().unwrap()).unwrap();
    fs::write(env.state(), &garbage).unwrap();
    let o = env.ok(&["mark", SAMPLE, "--id", "9", "--star"]);
    let err = stderr(&o);
    let aside = set_aside(&env.state());
    assert_eq!(aside.len(), 1, "{aside:?}");
    let note = err
        .lines()
        .find(|l| l.contains("corrupt-"))
        .unwrap_or_else(|| panic!("no note: {err}"));
    assert!(note.starts_with("newsdump: "), "{note}");
    assert!(note.contains(s(&env.state())), "{note}");
    assert!(note.contains(s(&aside[0])), "{note}");
    assert_eq!(summary(&o), "newsdump: 1 article (1 distinct): starred");
    // The damaged file is kept as it was; the new one works.
    assert_eq!(fs::read(&aside[0]).unwrap(), garbage);
    assert_eq!(env.list_ids(Path::new(SAMPLE), &["--starred"]), [9]);
    // And is not set aside again.
    env.ok(&["mark", SAMPLE, "--id", "10", "--star"]);
    assert_eq!(set_aside(&env.state()).len(), 1);
    assert_eq!(env.list_ids(Path::new(SAMPLE), &["--starred"]), [9, 10]);

    // A file that starts like SQLite and is not.
    let mut fake = b"SQLite format 3\0".to_vec();
    fake.extend_from_slice(&garbage);
    fs::write(env.state(), &fake).unwrap();
    for wal in ["-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{wal}", env.state().display()));
    }
    let o = env.ok(&["tag", SAMPLE, "--id", "11", "--add", "again"]);
    assert!(stderr(&o).contains("corrupt-"), "{}", stderr(&o));
    assert_eq!(set_aside(&env.state()).len(), 2);
    assert_eq!(env.tags(&[SAMPLE]), [(1, "again".to_owned())]);
}

#[test]
fn reading_with_a_garbage_database_still_runs() {
    let env = Env::new();
    let garbage = b"this is not a database, just some words\n".repeat(100);
    for args in [
        &["list", SAMPLE, "--starred"][..],
        &["list", SAMPLE, "--unread"],
        &["export", SAMPLE, "--tag", "x"],
        &["tags", SAMPLE],
    ] {
        fs::create_dir_all(env.state().parent().unwrap()).unwrap();
        fs::write(env.state(), &garbage).unwrap();
        let o = env.run(args);
        let code = o.status.code();
        assert!(code == Some(0) || code == Some(1), "{args:?}: {code:?}");
        // One line each, at most: a note, no flood.
        assert!(stderr(&o).lines().count() <= 1, "{}", stderr(&o));
        if args[1..].contains(&"--unread") {
            assert_eq!(code, Some(0));
            assert_eq!(ids(&o).len(), 28);
        }
        fs::remove_dir_all(env.state().parent().unwrap()).unwrap();
    }
    // A state path that is a folder: reading goes on without state.
    fs::create_dir_all(env.state()).unwrap();
    let o = env.run(&["list", SAMPLE, "--unread"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(ids(&o).len(), 28);
    // Changing it is an error naming it, not a panic.
    let o = env.run(&["mark", SAMPLE, "--all", "--read"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(s(&env.state())), "{}", stderr(&o));
    assert!(env.state().is_dir());
}

// ------------------------------------------------- 6. two writers at once

/// Starts `tag DUMP --id IDS --add TAG --state DB` for each (ids, tag) at
/// once, then waits for all; asserts each exits 0 without a lock error.
fn tag_at_once(env: &Env, dump: &str, db: &str, jobs: &[(&str, &str)], what: &str) {
    let children: Vec<(String, Child)> = jobs
        .iter()
        .map(|&(ids, tag)| {
            let child = env
                .command(&["tag", dump, "--id", ids, "--add", tag, "--state", db])
                .spawn()
                .expect("spawn newsdump");
            (tag.to_owned(), child)
        })
        .collect();
    for (tag, child) in children {
        let o = child.wait_with_output().unwrap();
        no_panic(&o);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{what}, tag {tag}: {err}");
        assert!(!err.contains("locked") && !err.contains("busy"), "{err}");
        assert!(!err.contains("corrupt"), "set aside a good file: {err}");
    }
}

#[test]
fn two_tag_processes_at_once_both_land() {
    let env = Env::new();
    let dump = env.write("big/5k.txt", generated_dump(5000));
    let d = s(&dump);
    let db = env.state();
    let db = s(&db);
    // The database exists (two processes making it at once: see the next
    // test).
    env.ok(&["mark", d, "--id", "5000", "--star"]);
    let mut want = Vec::new();
    for round in 0..3 {
        let (ta, tb) = (format!("a{round}"), format!("b{round}"));
        tag_at_once(
            &env,
            d,
            db,
            &[("1-2500", &ta), ("2501-5000", &tb)],
            &format!("round {round}"),
        );
        want.push((2500, ta.clone()));
        want.push((2500, tb));
        want.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(env.tags(&[d]), want, "round {round}");
        let a_ids = env.list_ids(&dump, &["--tag", &ta]);
        assert_eq!(a_ids, (1..=2500).collect::<Vec<_>>());
    }
    assert_eq!(env.list_ids(&dump, &["--starred"]), [5000]);
}

#[test]
fn two_tag_processes_creating_the_database_at_once_both_land() {
    let env = Env::new();
    let page = env.write("page.txt", PAGE);
    let p = s(&page);
    for round in 0..200 {
        let db = env.path(&format!("fresh/{round}/state.db"));
        let db = s(&db);
        tag_at_once(
            &env,
            p,
            db,
            &[("1-2", "a"), ("3-4", "b")],
            &format!("round {round}"),
        );
        assert_eq!(
            env.tags(&[p, "--state", db]),
            [(2, "a".to_owned()), (2, "b".to_owned())],
            "round {round}"
        );
    }
}

// ------------------------------------------------- 7. killed mid-bulk

/// Waits until `cond` or `child` ends (or 60 s pass); whether `cond` held.
fn wait_until(child: &mut Child, cond: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if cond() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("newsdump ran for a minute");
}

/// The count `tags` gives for `tag` (0 when absent), asserting it runs.
fn tag_count(env: &Env, dump: &str, tag: &str) -> u64 {
    env.tags(&[dump])
        .into_iter()
        .find(|(_, t)| t == tag)
        .map_or(0, |(n, _)| n)
}

/// `PRAGMA integrity_check` of the database, and a query's count.
fn db_check(path: &Path, count_sql: &str) -> (String, u64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let n: i64 = conn.query_row(count_sql, [], |r| r.get(0)).unwrap();
    (check, n as u64)
}

#[test]
fn a_bulk_tag_killed_half_way_changed_all_or_nothing() {
    const N: u64 = 200_000;
    let env = Env::new();
    let dump = env.write("huge/200k.txt", generated_dump(N as usize));
    let d = s(&dump);
    let state = env.state();
    let wal = PathBuf::from(format!("{}-wal", state.display()));

    // 1. Killed while the change runs: the database does not exist before,
    // and reading never makes it, so its appearing says the parse is done
    // and the store open; then ~400 ms into the one transaction (about a
    // second in a debug build).
    let mut child = env
        .command(&["tag", d, "--all", "--add", "bulk"])
        .spawn()
        .unwrap();
    let opened = wait_until(&mut child, || state.exists());
    if opened {
        std::thread::sleep(Duration::from_millis(400));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let finished = status.success();
    eprintln!("first kill: opened {opened}, finished {finished}");
    let bulk = tag_count(&env, d, "bulk");
    assert!(
        bulk == 0 || bulk == N,
        "half a transaction: {bulk} of {N} tagged"
    );
    if finished {
        assert_eq!(bulk, N);
    }
    // The database is whole, and more changes work.
    assert_eq!(db_check(&state, "SELECT count(*) FROM article").0, "ok");
    let o = env.ok(&["mark", d, "--all", "--star"]);
    assert_eq!(
        summary(&o),
        "newsdump: 200,000 articles (200,000 distinct): starred"
    );
    assert!(!stderr(&o).contains("corrupt"), "{}", stderr(&o));

    // 2. Killed while the commit is being written: the WAL grows past a
    // megabyte only then (the change's pages stay in the cache until the
    // commit).
    let mut child = env
        .command(&["tag", d, "--all", "--add", "late"])
        .spawn()
        .unwrap();
    let writing = wait_until(&mut child, || {
        fs::metadata(&wal).is_ok_and(|m| m.len() > 1 << 20)
    });
    child.kill().unwrap();
    let finished = child.wait().unwrap().success();
    eprintln!("second kill: writing {writing}, finished {finished}");
    let (check, late) = db_check(&state, "SELECT count(*) FROM tag WHERE name = 'late'");
    assert_eq!(check, "ok");
    assert!(late == 0 || late == N, "half a commit: {late} of {N}");
    if finished {
        assert_eq!(late, N);
    }
    // What was committed before is all there.
    let (_, starred) = db_check(&state, "SELECT count(*) FROM article WHERE starred = 1");
    assert_eq!(starred, N);
    let (_, bulk_rows) = db_check(&state, "SELECT count(*) FROM tag WHERE name = 'bulk'");
    assert_eq!(bulk_rows, bulk);
    assert!(set_aside(&state).is_empty(), "the database was set aside");
}

/// README: "One command is one transaction: killed half-way, it changed
/// all or nothing." A `tag` with two tags (or a `mark` with two changes)
/// is one command.
#[test]
fn a_command_with_two_changes_killed_between_them_changed_all_or_nothing() {
    const N: u64 = 200_000;
    let env = Env::new();
    let dump = env.write("huge/200k.txt", generated_dump(N as usize));
    let d = s(&dump);
    let state = env.state();
    let mut child = env
        .command(&["tag", d, "--all", "--add", "a", "--add", "b"])
        .spawn()
        .unwrap();
    // Kill as soon as the first change is committed (seen by a reader).
    let first_committed = wait_until(&mut child, || {
        state.exists()
            && rusqlite::Connection::open_with_flags(
                &state,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .and_then(|c| {
                c.query_row("SELECT count(*) FROM tag WHERE name = 'a'", [], |r| {
                    r.get::<_, i64>(0)
                })
            })
            .is_ok_and(|n| n > 0)
    });
    child.kill().unwrap();
    let finished = child.wait().unwrap().success();
    eprintln!("first committed {first_committed}, finished {finished}");
    let (a, b) = (tag_count(&env, d, "a"), tag_count(&env, d, "b"));
    assert!(
        (a, b) == (0, 0) || (a, b) == (N, N),
        "half a command: a on {a}, b on {b}"
    );
}
