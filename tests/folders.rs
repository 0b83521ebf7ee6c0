//! Folders on the command line, run as a process: a scrape folder mixing
//! dated sub-folders, compressed pages, legacy encodings and junk, read by
//! `list`, `show`, `export` and `stats`.

mod common;

use common::{newsdump, stderr, stdout, with_stdin};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

/// Asserts exit 0 and returns stdout.
fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    stdout(o)
}

fn jsonl(o: &Output) -> Vec<Value> {
    ok(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).unwrap()
}

fn encode(text: &str, enc: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "{} cannot encode {text:?}", enc.name());
    bytes.into_owned()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

/// One article as the tests expect it in the export.
#[derive(Debug, Clone, PartialEq)]
struct Art {
    file: String,
    title: String,
    source: Option<String>,
    time: Option<String>,
    encoding: &'static str,
}

/// An article's title, source and time.
type Expected = (String, Option<String>, Option<String>);

/// A page: a lead with a heading and a link, then a run of two items.
/// Every title carries `topic`, so that each page's articles are its own.
fn page(topic: &str, source: &str, date: &str) -> (String, Vec<Expected>) {
    let text = format!(
        "{topic}:市政府发布年度工作报告\n\
         报告回顾了过去一年的主要工作,并提出了今年在交通、教育和医疗方面的新目标。\n\
         重点任务\n\
         今年将继续推进老旧小区改造和公共交通建设,计划新增公交线路十二条。\n\
         https://example.net/report\n\
         {topic}新建公园向市民开放\n\
         公园内设有步道、儿童乐园和湖边观景台,周末游客络绎不绝。{source}{date} 08:30:000012{topic}举办读书节\n\
         读书节期间各图书馆推出了多场讲座和签售活动。{source}{date} 10:45:150003\n"
    );
    let arts = vec![
        (format!("{topic}:市政府发布年度工作报告"), None, None),
        (
            format!("{topic}新建公园向市民开放"),
            Some(source.to_string()),
            Some(format!("{date} 08:30:00")),
        ),
        (
            format!("{topic}举办读书节"),
            Some(source.to_string()),
            Some(format!("{date} 10:45:15")),
        ),
    ];
    (text, arts)
}

/// The title of the truncated archive's only article.
const TRUNC_TITLE: &str = "抓取中断的页面仍保留前半部分";

/// A long one-article page whose body is ASCII: cut anywhere, it keeps
/// its title and decodes without a broken character.
fn long_lead() -> String {
    let mut text = format!("{TRUNC_TITLE}\n");
    let mut x: u64 = 0x9e37_79b9;
    for i in 0..600 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.push_str(&format!(
            "row {i:04} reading {x:016x} checksum {:08x} ok,\n",
            x >> 21
        ));
    }
    text
}

/// A scrape folder with everything a real one has, and what it should
/// read as.
struct Scrape {
    dir: tempfile::TempDir,
    /// Every article read by default, in order.
    arts: Vec<Art>,
}

/// Files read by default, in natural order, with their encoding and
/// compression as `stats` names them.
const READ: [(&str, &str, &str); 10] = [
    ("2024/5/1/2_x.txt", "utf-8", "none"),
    ("2024/5/1/10_x.txt", "utf-8", "none"),
    ("2024/5/2/1_gz.txt.gz", "utf-8", "gzip"),
    ("2024/5/2/3_page.html", "utf-8", "gzip"),
    ("2024/5/2/4_zst.txt.zst", "utf-8", "zstd"),
    ("2024/12/1/bom.txt", "utf-8", "none"),
    ("2024/12/1/gb18030.txt", "gbk", "none"),
    ("2024/12/1/gbk.txt", "gbk", "none"),
    ("2024/12/1/utf16.txt", "utf-16le", "none"),
    ("trunc.txt.gz", "utf-8", "gzip"),
];

impl Scrape {
    fn new() -> Scrape {
        let dir = tempfile::tempdir().unwrap();
        let mut arts = Vec::new();
        let put = |rel: &str, bytes: &[u8]| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        };
        let mut add = |rel: &str, enc: &'static str, page: &[Expected]| {
            for (title, source, time) in page {
                arts.push(Art {
                    file: rel.to_string(),
                    title: title.clone(),
                    source: source.clone(),
                    time: time.clone(),
                    encoding: enc,
                });
            }
        };
        let pages: [(&str, &str, &str, &str); 9] = [
            ("东湖区", "晨报网", "2024-05-01", READ[0].0),
            ("西山县", "城市日报", "2024-05-01", READ[1].0),
            ("南江镇", "快讯社", "2024-05-02", READ[2].0),
            ("北岭乡", "IT之窗", "2024-05-02", READ[3].0),
            ("青石港", "港口新闻", "2024-05-02", READ[4].0),
            ("白沙湾", "海湾晚报", "2024-12-01", READ[5].0),
            ("𠮷祥村", "乡村频道", "2024-12-01", READ[6].0),
            ("红枫岭", "山区日报", "2024-12-01", READ[7].0),
            ("金桥街", "街道在线", "2024-12-01", READ[8].0),
        ];
        for (i, (topic, source, date, rel)) in pages.into_iter().enumerate() {
            let (text, page) = page(topic, source, date);
            let bytes = match i {
                0 | 1 => text.into_bytes(),
                2 | 3 => gzip(text.as_bytes()),
                4 => zstd(text.as_bytes()),
                5 => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
                6 => {
                    let b = encode(&text, encoding_rs::GB18030);
                    // 𠮷 is beyond GBK: four bytes in GB18030.
                    assert!(encoding_rs::GBK.encode(&text).2);
                    assert!(b.windows(4).any(|w| w == [0x95, 0x34, 0xB2, 0x35]));
                    b
                }
                7 => encode(&text, encoding_rs::GBK),
                _ => utf16le_with_bom(&text),
            };
            put(rel, &bytes);
            add(rel, READ[i].1, &page);
        }
        // A gzip archive cut short: its one article is kept.
        let whole = gzip(long_lead().as_bytes());
        put("trunc.txt.gz", &whole[..whole.len() / 2]);
        add(
            "trunc.txt.gz",
            "utf-8",
            &[(TRUNC_TITLE.to_string(), None, None)],
        );
        // Junk: skipped with a reason.
        put("empty.txt", b"");
        put(
            "junk.bin",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        );
        put(
            "x.txt.part",
            page("半截", "未完", "2024-05-09").0.as_bytes(),
        );
        // Left out silently: hidden, and ignored.
        put(
            ".cache/old.txt",
            page("旧缓存", "缓存站", "2023-01-01").0.as_bytes(),
        );
        put(".gitignore", b"ignored.txt\n");
        put(
            "ignored.txt",
            page("忽略区", "忽略网", "2023-02-02").0.as_bytes(),
        );
        Scrape { dir, arts }
    }

    fn root(&self) -> &str {
        s(self.dir.path())
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
}

fn field(v: &Value) -> Option<String> {
    v.as_str().map(String::from)
}

fn arts_of(rows: &[Value]) -> Vec<Art> {
    rows.iter()
        .map(|r| Art {
            file: field(&r["file"]).expect("file"),
            title: field(&r["title"]).expect("title"),
            source: field(&r["source"]),
            time: field(&r["time"]),
            encoding: match r["encoding"].as_str().expect("encoding") {
                "utf-8" => "utf-8",
                "gbk" => "gbk",
                "gb18030" => "gb18030",
                "utf-16le" => "utf-16le",
                other => panic!("unexpected encoding {other}"),
            },
        })
        .collect()
}

fn ids(rows: &[Value]) -> Vec<u64> {
    rows.iter().map(|r| r["id"].as_u64().unwrap()).collect()
}

const SUMMARY: &str =
    "newsdump: skipped 3 of 13 files: 1 binary, 1 empty, 1 partial download (.part)";

#[test]
fn export_gives_every_article_its_file_title_source_time_and_encoding() {
    let sc = Scrape::new();
    let o = newsdump(&["export", sc.root(), "--to", "jsonl"]);
    let rows = jsonl(&o);
    let got = arts_of(&rows);
    for (i, (g, w)) in got.iter().zip(&sc.arts).enumerate() {
        assert_eq!(g, w, "article {}", i + 1);
    }
    assert_eq!(got.len(), sc.arts.len());
    assert_eq!(ids(&rows), (1..=sc.arts.len() as u64).collect::<Vec<_>>());
    // Each file's lines and offsets are its own: every lead starts its
    // file (after the UTF-8 BOM, which stays in the text; UTF-16's goes
    // with the decoding).
    let leads: Vec<&Value> = rows.iter().filter(|r| r["kind"] == "lead").collect();
    assert_eq!(leads.len(), READ.len());
    for r in leads {
        let bom = r["file"] == "2024/12/1/bom.txt";
        assert_eq!(r["line"], 1, "{r}");
        assert_eq!(r["offset"], if bom { 3 } else { 0 }, "{r}");
        if r["file"] != "trunc.txt.gz" {
            assert_eq!(r["headings"], serde_json::json!(["重点任务"]), "{r}");
            assert_eq!(
                r["links"],
                serde_json::json!(["https://example.net/report"])
            );
        }
    }
    // Items: counters and line numbers, per file.
    for r in rows.iter().filter(|r| r["kind"] == "item") {
        let first = r["title"].as_str().unwrap().ends_with("新建公园向市民开放");
        assert_eq!(r["counters"], if first { "0012" } else { "0003" }, "{r}");
        assert_eq!(r["line"], if first { 6 } else { 7 }, "{r}");
    }
}

#[test]
fn list_is_in_natural_order_with_the_file_after_the_id() {
    let sc = Scrape::new();
    let out = ok(&newsdump(&["list", sc.root()]));
    let want: Vec<String> = sc
        .arts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!(
                "{}\t{}\t{}\t{}\t{}",
                i + 1,
                a.file,
                a.time.as_deref().unwrap_or(""),
                a.source.as_deref().unwrap_or(""),
                a.title
            )
        })
        .collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), want);
    // 2_x before 10_x, 2024/5 before 2024/12.
    let files: Vec<&str> = out.lines().map(|l| l.split('\t').nth(1).unwrap()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for f in files {
        if seen.last() != Some(&f) {
            seen.push(f);
        }
    }
    assert_eq!(seen, READ.map(|r| r.0));
}

#[test]
fn no_filename_and_with_filename_force_the_file_column() {
    let sc = Scrape::new();
    let out = ok(&newsdump(&["list", sc.root(), "--no-filename"]));
    let first = out.lines().next().unwrap();
    assert_eq!(first, "1\t\t\t东湖区:市政府发布年度工作报告");
    assert!(out.lines().all(|l| l.split('\t').count() == 4), "{out}");
    // One file: no column unless -H.
    let one = sc.path(READ[1].0);
    let out = ok(&newsdump(&["list", s(&one)]));
    assert_eq!(
        out.lines().next().unwrap(),
        "1\t\t\t西山县:市政府发布年度工作报告"
    );
    for flag in ["-H", "--with-filename"] {
        let out = ok(&newsdump(&["list", s(&one), flag]));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            format!(
                "2\t{}\t2024-05-01 08:30:00\t城市日报\t西山县新建公园向市民开放",
                s(&one)
            )
        );
    }
    // The last flag wins.
    let out = ok(&newsdump(&["list", sc.root(), "-H", "--no-filename"]));
    assert!(out.lines().all(|l| l.split('\t').count() == 4), "{out}");
    let out = ok(&newsdump(&["list", s(&one), "--no-filename", "-H"]));
    assert!(out.lines().all(|l| l.split('\t').count() == 5), "{out}");
}

#[test]
fn skipped_files_are_one_summary_line_on_stderr() {
    let sc = Scrape::new();
    for cmd in ["list", "export", "stats"] {
        let o = newsdump(&[cmd, sc.root()]);
        ok(&o);
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines[0],
            format!("{SUMMARY} (--verbose lists them)"),
            "{cmd}: {err}"
        );
        // The truncated archive, the only other line.
        assert_eq!(lines.len(), 2, "{cmd}: {err}");
        assert!(
            !err.contains("empty.txt") && !err.contains("junk.bin"),
            "{err}"
        );
    }
}

#[test]
fn a_truncated_archive_is_reported_and_keeps_its_articles() {
    let sc = Scrape::new();
    let o = newsdump(&["list", sc.root()]);
    let out = ok(&o);
    let err = stderr(&o);
    let trunc = sc.path("trunc.txt.gz");
    assert!(
        err.lines().any(|l| l
            == format!(
                "newsdump: {}: truncated gzip stream (kept what could be read)",
                s(&trunc)
            )),
        "{err}"
    );
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        format!("{}\ttrunc.txt.gz\t\t\t{TRUNC_TITLE}", sc.arts.len())
    );
    // Its body is what was decompressed: many rows, not all of them.
    let rows = jsonl(&newsdump(&["export", sc.root()]));
    let body = rows.last().unwrap()["body"].as_str().unwrap().to_string();
    assert!(body.starts_with("row 0000 reading "), "{body:.80}");
    let kept = body.lines().count();
    assert!((20..600).contains(&kept), "{kept} rows kept");
}

#[test]
fn verbose_lists_each_skipped_path() {
    let sc = Scrape::new();
    let o = newsdump(&["list", sc.root(), "--verbose"]);
    ok(&o);
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], SUMMARY, "{err}");
    for (rel, why) in [
        ("empty.txt", "empty"),
        ("junk.bin", "binary"),
        ("x.txt.part", "partial download (.part)"),
    ] {
        let line = format!("newsdump: skipped {}: {why}", s(&sc.path(rel)));
        assert!(lines.contains(&line.as_str()), "no {line:?} in\n{err}");
    }
    // Summary, three files, the truncated archive.
    assert_eq!(lines.len(), 5, "{err}");
    // Hidden and ignored files are left out without a word, as ripgrep.
    assert!(
        !err.contains("ignored.txt") && !err.contains(".cache"),
        "{err}"
    );
}

fn files_read(args: &[&str]) -> Vec<String> {
    let rows = jsonl(&newsdump(args));
    let mut files: Vec<String> = Vec::new();
    for r in rows {
        let f = r["file"].as_str().unwrap().to_string();
        if files.last() != Some(&f) {
            files.push(f);
        }
    }
    files
}

#[test]
fn hidden_reads_dot_files_and_folders() {
    let sc = Scrape::new();
    let plain = files_read(&["export", sc.root()]);
    assert_eq!(plain, READ.map(|r| r.0.to_string()));
    let files = files_read(&["export", sc.root(), "--hidden"]);
    // `.` sorts before digits: the hidden files come first.
    assert_eq!(files[..2], [".cache/old.txt", ".gitignore"]);
    assert_eq!(files[2..], plain[..]);
    let rows = jsonl(&newsdump(&["export", sc.root(), "--hidden"]));
    assert_eq!(rows[0]["title"], "旧缓存:市政府发布年度工作报告");
    assert_eq!(rows[2]["source"], "缓存站");
    assert_eq!(rows[3]["file"], ".gitignore");
    assert_eq!(rows[3]["title"], "ignored.txt");
}

#[test]
fn no_ignore_reads_what_gitignore_excludes() {
    let sc = Scrape::new();
    let files = files_read(&["export", sc.root(), "--no-ignore"]);
    let mut want: Vec<String> = READ.map(|r| r.0.to_string()).to_vec();
    want.insert(9, "ignored.txt".into());
    assert_eq!(files, want);
    let rows = jsonl(&newsdump(&["export", sc.root(), "--no-ignore"]));
    let ignored: Vec<&Value> = rows.iter().filter(|r| r["file"] == "ignored.txt").collect();
    assert_eq!(ignored.len(), 3);
    assert_eq!(ignored[1]["title"], "忽略区新建公园向市民开放");
    assert_eq!(ignored[1]["source"], "忽略网");
}

#[test]
fn glob_excludes_by_name_not_by_content() {
    let sc = Scrape::new();
    let o = newsdump(&["export", sc.root(), "--glob", "!*.gz"]);
    let files = files_read(&["export", sc.root(), "--glob", "!*.gz"]);
    let want: Vec<String> = READ
        .iter()
        .map(|r| r.0)
        .filter(|f| !f.ends_with(".gz"))
        .map(String::from)
        .collect();
    assert_eq!(files, want);
    // The gzip page without .gz is still read; the truncated one is not,
    // so it is not reported.
    assert!(files.contains(&"2024/5/2/3_page.html".to_string()));
    let err = stderr(&o);
    assert!(!err.contains("truncated"), "{err}");
    assert!(err.starts_with("newsdump: skipped 3 of 11 files:"), "{err}");
    // An include glob keeps only what matches.
    let files = files_read(&["export", sc.root(), "--glob", "2024/12/**"]);
    assert_eq!(files, READ[5..9].iter().map(|r| r.0).collect::<Vec<_>>());
}

#[test]
fn encoding_forces_one_encoding_for_every_file() {
    let sc = Scrape::new();
    let gbk = s(&sc.path(READ[7].0)).to_string();
    let utf8 = s(&sc.path(READ[0].0)).to_string();
    // Detected: each file its own.
    let rows = jsonl(&newsdump(&["export", &gbk, &utf8]));
    assert_eq!(rows[0]["encoding"], "gbk");
    assert_eq!(rows[0]["title"], "红枫岭:市政府发布年度工作报告");
    assert_eq!(rows[3]["encoding"], "utf-8");
    assert_eq!(rows[3]["title"], "东湖区:市政府发布年度工作报告");
    // Forced: both read as GBK, the UTF-8 file garbled.
    let rows = jsonl(&newsdump(&["export", &gbk, &utf8, "--encoding", "gbk"]));
    assert!(rows.iter().all(|r| r["encoding"] == "gbk"));
    assert_eq!(rows[0]["title"], "红枫岭:市政府发布年度工作报告");
    let garbled = rows[3]["title"].as_str().unwrap();
    assert!(!garbled.contains("东湖区"), "{garbled}");
    // A superset label reads the same text under its own name.
    let rows = jsonl(&newsdump(&["export", &gbk, "--encoding", "GB18030"]));
    assert_eq!(rows[0]["encoding"], "gb18030");
    assert_eq!(rows[1]["title"], "红枫岭新建公园向市民开放");
    // Over a folder too.
    let rows = jsonl(&newsdump(&["export", sc.root(), "--encoding", "utf-8"]));
    let gbk_rows: Vec<&Value> = rows.iter().filter(|r| r["file"] == READ[7].0).collect();
    // The stamps are ASCII and still found; the Chinese is lost.
    assert_eq!(gbk_rows.len(), 3);
    for r in gbk_rows {
        assert_eq!(r["encoding"], "utf-8");
        assert!(r["title"].as_str().unwrap().contains('\u{FFFD}'), "{r}");
    }
}

#[test]
fn an_unknown_encoding_label_is_a_usage_error_naming_it() {
    let sc = Scrape::new();
    let o = newsdump(&["list", sc.root(), "--encoding", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown encoding 'nope'"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn show_takes_file_colon_n_and_global_ids() {
    let sc = Scrape::new();
    let o = newsdump(&[
        "show",
        sc.root(),
        "--id",
        "2024/5/1/10_x.txt:2",
        "--width",
        "100",
    ]);
    let out = ok(&o);
    assert!(out.starts_with("西山县新建公园向市民开放\n"), "{out}");
    assert!(out.contains("城市日报 · 2024-05-01 08:30:00"), "{out}");
    assert!(out.contains("2024/5/1/10_x.txt:2"), "{out}");
    assert!(out.contains("公园内设有步道"), "{out}");
    // Global id 3: the third article of the folder, in 2_x.txt.
    let out = ok(&newsdump(&["show", sc.root(), "3", "--width", "100"]));
    assert!(out.starts_with("东湖区举办读书节\n"), "{out}");
    assert!(out.contains("2024/5/1/2_x.txt:3"), "{out}");
    // --id takes a global id as well, and the two agree.
    let by_id = ok(&newsdump(&[
        "show",
        sc.root(),
        "--id",
        "3",
        "--width",
        "100",
    ]));
    assert_eq!(by_id, out);
    // A file read through a decoder says which.
    let out = ok(&newsdump(&[
        "show",
        sc.root(),
        "--id",
        "2024/12/1/gbk.txt:1",
        "--width",
        "100",
    ]));
    assert!(out.starts_with("红枫岭:市政府发布年度工作报告\n"), "{out}");
    assert!(out.contains("gbk"), "{out}");
    let out = ok(&newsdump(&[
        "show",
        sc.root(),
        "--id",
        "2024/12/1/gb18030.txt:3",
        "--width",
        "100",
    ]));
    assert!(out.starts_with("𠮷祥村举办读书节\n"), "{out}");
    // Wrong ids: exit 1, one line.
    for id in ["2024/5/1/10_x.txt:4", "nope.txt:1", "999"] {
        let o = newsdump(&["show", sc.root(), "--id", id]);
        assert_eq!(o.status.code(), Some(1), "{id}");
        let err = stderr(&o);
        assert!(
            err.contains("no article") || err.contains("no file"),
            "{id}: {err}"
        );
        assert_eq!(
            err.lines()
                .filter(|l| !l.contains("skipped") && !l.contains("truncated"))
                .count(),
            1,
            "{err}"
        );
    }
}

#[test]
fn file_glob_filters_list_and_export_by_path() {
    let sc = Scrape::new();
    let out = ok(&newsdump(&["list", sc.root(), "--file", "2024/12/*"]));
    let want: Vec<String> = sc
        .arts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.file.starts_with("2024/12/"))
        .map(|(i, a)| format!("{}\t{}\t{}", i + 1, a.file, a.title))
        .collect();
    let got: Vec<String> = out
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            format!("{}\t{}\t{}", f[0], f[1], f[4])
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(got.len(), 12);
    // A plain word matches anywhere in the path.
    let rows = jsonl(&newsdump(&["export", sc.root(), "--file", "gbk"]));
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["file"] == "2024/12/1/gbk.txt"));
    // Ids stay the global ones.
    assert_eq!(ids(&rows), [22, 23, 24]);
    // Nothing matching: exit 1, as grep.
    let o = newsdump(&["list", sc.root(), "--file", "2023/*"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
}

#[test]
fn stats_counts_files_encodings_and_compression() {
    let sc = Scrape::new();
    let out = ok(&newsdump(&["stats", sc.root()]));
    let lines: Vec<&str> = out.lines().collect();
    for want in [
        "files       10 read, 3 skipped",
        "encodings   utf-8 7, gbk 2, utf-16le 1",
        "compression none 6, gzip 3, zstd 1",
        "undecodable 0 characters in 0 files",
        "articles    28",
        "  leads     10",
        "  items     18",
    ] {
        assert!(lines.contains(&want), "no {want:?} in\n{out}");
    }
    assert!(out.contains(&format!("paths       {}", sc.root())), "{out}");
}

#[test]
fn stats_by_file_is_one_row_per_file_read() {
    let sc = Scrape::new();
    let out = ok(&newsdump(&["stats", sc.root(), "--by", "file"]));
    let mut want = vec![
        "articles\tleads\titems\tbytes\tencoding\tcompression\tundecodable\tfile\trecords"
            .to_string(),
    ];
    for (rel, enc, comp) in READ {
        let size = std::fs::metadata(sc.path(rel)).unwrap().len();
        let (n, leads, items) = if rel == "trunc.txt.gz" {
            (1, 1, 0)
        } else {
            (3, 1, 2)
        };
        want.push(format!(
            "{n}\t{leads}\t{items}\t{size}\t{enc}\t{comp}\t0\t{rel}\t0"
        ));
    }
    assert_eq!(out.lines().collect::<Vec<_>>(), want);
}

#[test]
fn a_folder_of_only_junk_exits_1_with_one_line() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("empty.txt"), b"").unwrap();
    std::fs::write(d.path().join("blob.bin"), b"\x00\x01\x02\x03\x00").unwrap();
    std::fs::write(d.path().join("half.txt.part"), "半截页面\n".as_bytes()).unwrap();
    for cmd in ["list", "export", "stats"] {
        let o = newsdump(&[cmd, s(d.path())]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(stdout(&o).is_empty());
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{cmd}: {err}");
        assert_eq!(
            err.trim_end(),
            format!(
                "newsdump: nothing to read in {}: skipped 3 of 3 files: 1 binary, 1 empty, 1 partial download (.part)",
                s(d.path())
            )
        );
    }
}

#[test]
fn a_binary_file_named_alone_is_an_error() {
    let sc = Scrape::new();
    let junk = sc.path("junk.bin");
    let o = newsdump(&["list", s(&junk)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("junk.bin") && err.contains("binary"), "{err}");
    // Named beside another file, it is skipped instead.
    let other = sc.path(READ[0].0);
    let o = newsdump(&["list", s(&junk), s(&other)]);
    assert_eq!(ok(&o).lines().count(), 3);
    assert!(
        stderr(&o).starts_with("newsdump: skipped 1 of 2 files: 1 binary"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_missing_named_path_exits_1() {
    let sc = Scrape::new();
    let missing = sc.path("no/such/folder");
    for args in [
        vec!["list", s(&missing)],
        vec!["list", sc.root(), s(&missing)],
        vec!["export", s(&missing), sc.root()],
    ] {
        let o = newsdump(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stdout(&o).is_empty());
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(s(&missing)) && err.contains("no such file"),
            "{err}"
        );
    }
}

#[test]
fn two_files_as_two_paths_are_read_in_the_order_given() {
    let sc = Scrape::new();
    let a = sc.path(READ[7].0);
    let b = sc.path(READ[2].0);
    let rows = jsonl(&newsdump(&["export", s(&a), s(&b)]));
    assert_eq!(ids(&rows), [1, 2, 3, 4, 5, 6]);
    let files: Vec<&str> = rows.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(files, [s(&a), s(&a), s(&a), s(&b), s(&b), s(&b)]);
    assert_eq!(rows[0]["title"], "红枫岭:市政府发布年度工作报告");
    assert_eq!(rows[5]["title"], "南江镇举办读书节");
    assert_eq!(rows[5]["source"], "快讯社");
    // A file and a folder: the folder's files are named under it.
    let out = ok(&newsdump(&["list", s(&a), sc.root()]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3 + sc.arts.len());
    assert!(lines[0].starts_with(&format!("1\t{}\t", s(&a))), "{out}");
    let under = format!("4\t{}/2024/5/1/2_x.txt\t", sc.root().trim_end_matches('/'));
    assert!(lines[3].starts_with(&under), "{out}");
}

#[test]
fn dash_among_paths_reads_standard_input_in_place() {
    let sc = Scrape::new();
    let (text, arts) = page("标准输入", "管道社", "2024-06-01");
    let one = sc.path(READ[0].0);
    let o = with_stdin(&["export", s(&one), "-"], text.as_bytes());
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["file"], s(&one));
    for (r, (title, source, time)) in rows[3..].iter().zip(&arts) {
        assert_eq!(r["file"], "-");
        assert_eq!(r["title"], title.as_str());
        assert_eq!(field(&r["source"]), *source);
        assert_eq!(field(&r["time"]), *time);
    }
    assert_eq!(ids(&rows), [1, 2, 3, 4, 5, 6]);
    // First, compressed: still in place, decompressed.
    let o = with_stdin(&["list", "-", sc.root()], &gzip(text.as_bytes()));
    let out = ok(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3 + sc.arts.len());
    assert_eq!(
        lines[1],
        "2\t-\t2024-06-01 08:30:00\t管道社\t标准输入新建公园向市民开放"
    );
    assert!(lines[3].starts_with("4\t"), "{out}");
}

#[test]
fn symlinks_inside_a_folder_are_followed_only_with_l() {
    let sc = Scrape::new();
    let outside = tempfile::tempdir().unwrap();
    let (text, _) = page("链接镇", "链接报", "2024-07-01");
    let target = outside.path().join("target.txt");
    std::fs::write(&target, text).unwrap();
    std::os::unix::fs::symlink(&target, sc.path("link.txt")).unwrap();
    let plain = files_read(&["export", sc.root()]);
    assert!(!plain.contains(&"link.txt".to_string()), "{plain:?}");
    for flag in ["-L", "--follow-links"] {
        let files = files_read(&["export", sc.root(), flag]);
        let mut want = plain.clone();
        want.insert(9, "link.txt".into());
        assert_eq!(files, want, "{flag}");
    }
    let rows = jsonl(&newsdump(&["export", sc.root(), "-L", "--file", "link"]));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["title"], "链接镇新建公园向市民开放");
    assert_eq!(rows[1]["source"], "链接报");
}

#[test]
fn file_filter_matches_the_name_list_prints_with_several_paths() {
    let sc = Scrape::new();
    let other = sc.path(READ[0].0);
    // With two PATHs, list names the folder's files under the folder…
    let listed = format!("{}/2024/12/1/gbk.txt", sc.root().trim_end_matches('/'));
    let out = ok(&newsdump(&["list", s(&other), sc.root()]));
    assert!(out.contains(&format!("\t{listed}\t")), "{out}");
    // …and show --id takes that name back…
    ok(&newsdump(&[
        "show",
        s(&other),
        sc.root(),
        "--id",
        &format!("{listed}:1"),
    ]));
    // …so --file should match it too.
    let o = newsdump(&["list", s(&other), sc.root(), "--file", &listed]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 3);
    let glob = format!("{}/2024/12/*", sc.root().trim_end_matches('/'));
    let o = newsdump(&["list", s(&other), sc.root(), "--file", &glob]);
    assert_eq!(stdout(&o).lines().count(), 12, "{}", stderr(&o));
}

#[test]
fn a_truncated_archive_that_kept_nothing_says_so() {
    let sc = Scrape::new();
    let whole = gzip(page("空壳", "无", "2024-01-01").0.as_bytes());
    // The gzip header and a few bytes of deflate: nothing decompresses.
    let cut = sc.path("cut.txt.gz");
    std::fs::write(&cut, &whole[..14]).unwrap();
    let o = newsdump(&["list", sc.root(), "--verbose"]);
    ok(&o);
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.contains("cut.txt.gz"))
        .unwrap_or_else(|| panic!("cut.txt.gz not reported:\n{err}"));
    assert!(line.contains("truncated gzip stream"), "{line}");
    assert!(!err.lines().next().unwrap().contains("2 empty"), "{err}");
}

#[test]
fn a_mistyped_subcommand_is_named_as_one() {
    let o = newsdump(&["lst", "crawl"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot read lst") && err.contains("the subcommand 'list'"),
        "{err}"
    );
    // A real file that happens to look like a word is just read.
    let sc = Scrape::new();
    let o = newsdump(&["stat", sc.root()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("'stats'"), "{}", stderr(&o));
}

#[test]
fn several_files_are_paths_not_a_usage_error() {
    let sc = Scrape::new();
    let a = sc.path(READ[0].0);
    let b = sc.path(READ[1].0);
    let o = newsdump(&[s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().count() >= 2, "{out}");
}

/// A big archive is decompressed into a spool file, not onto the heap: its
/// articles are the same as the plain file's, offsets and all.
#[test]
fn a_big_archive_reads_as_its_plain_text() {
    // Text that compresses poorly enough to give an archive over 1 MiB.
    let chars: Vec<char> = (0x4e00..0x4e40).filter_map(char::from_u32).collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 9 << 19 {
        n += 1;
        text.push_str(&format!("第{n}篇头条\n"));
        for _ in 0..60 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            text.push(chars[(x % chars.len() as u64) as usize]);
        }
        text.push_str("。\n\n");
    }
    let archive = {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap()
    };
    assert!(
        archive.len() > 1 << 20,
        "archive of {} bytes",
        archive.len()
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt.gz"), &archive).unwrap();
    std::fs::write(dir.path().join("b.txt"), &text).unwrap();
    let export = |file: &str| -> Vec<Value> {
        ok(&newsdump(&["export", s(dir.path()), "--file", file]))
            .lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                let o = v.as_object_mut().unwrap();
                o.remove("id");
                o.remove("file");
                // The two files are copies: each article is the other's
                // duplicate (the gzip one, first in the folder, its group).
                o.remove("dup_group");
                o.remove("dup_of");
                v
            })
            .collect()
    };
    let (gz, plain) = (export("a.txt.gz"), export("b.txt"));
    assert_eq!(gz.len(), n);
    assert_eq!(gz, plain);
}

/// A scraper's JSON sidecar beside its page is no article: skipped and
/// counted in a folder; named alone, a record that is skipped with its line
/// and why.
#[test]
fn json_sidecars_are_skipped_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("1_a.txt"), "头条\n正文。\n").unwrap();
    let sidecar = dir.path().join("1_a.json");
    std::fs::write(
        &sidecar,
        "{\"url\": \"https://example.com/1\", \"status\": 200}\n",
    )
    .unwrap();
    let o = newsdump(&["list", s(dir.path())]);
    assert_eq!(ok(&o).lines().count(), 1);
    assert!(
        stderr(&o).contains("skipped 1 of 2 files: 1 JSON with no article"),
        "{}",
        stderr(&o)
    );
    let alone = newsdump(&["list", s(&sidecar)]);
    assert_eq!(alone.status.code(), Some(1), "nothing readable");
    assert!(stdout(&alone).is_empty());
    assert!(
        stderr(&alone).contains("no article: the one record read is bad"),
        "{}",
        stderr(&alone)
    );
    assert!(
        stderr(&alone).contains("1_a.json:1: neither a title nor a body (skipped)"),
        "{}",
        stderr(&alone)
    );
}

/// A FIFO named beside a file (`newsdump stats <(zcat x.gz) y.txt`) is
/// read to its end: its size says nothing, and a pipe gives what has
/// arrived, not all there is.
#[test]
fn a_fifo_among_paths_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let file = dir.path().join("b.txt");
    std::fs::write(&file, "另一个头条\n正文。\n").unwrap();
    let lines: String = (0..20_000).map(|i| format!("第{i}行的正文\n")).collect();
    let writer = {
        let (fifo, lines) = (fifo.clone(), lines.clone());
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            // Several writes, with pauses: the reader sees short reads.
            for chunk in lines.as_bytes().chunks(50_000) {
                f.write_all(chunk).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        })
    };
    let out = ok(&newsdump(&["stats", s(&fifo), s(&file)]));
    writer.join().unwrap();
    assert!(out.contains("lines       20002"), "{out}");
    assert!(out.contains("files       2 read"), "{out}");
    // Read again when an article is shown (any order but the file's): a
    // pipe's text is kept, not looked for again in the pipe.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            f.write_all("管道里的头条\n管道里的正文。\n".as_bytes())
                .unwrap();
        })
    };
    let out = ok(&newsdump(&["list", s(&fifo), s(&file), "--sort", "length"]));
    writer.join().unwrap();
    assert!(out.contains("管道里的头条"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
}

/// `list` and `export` in file order stream each file's lines as it is
/// read; any other order collects first. Both must say the same of every
/// article: the streamed lines are the sorted ones, put back in id order.
#[test]
fn streamed_output_is_the_collected_output_in_file_order() {
    let sc = Scrape::new();
    let id = |line: &str| -> u64 {
        if let Some(rest) = line.strip_prefix("{\"id\":") {
            rest.split(',').next().unwrap().parse().unwrap()
        } else {
            line.split('\t').next().unwrap().parse().unwrap()
        }
    };
    for cmd in ["list", "export"] {
        let streamed = ok(&newsdump(&[cmd, sc.root()]));
        let collected = ok(&newsdump(&[cmd, sc.root(), "--sort", "length"]));
        let mut sorted: Vec<&str> = collected.lines().collect();
        sorted.sort_by_key(|l| id(l));
        assert_eq!(streamed.lines().collect::<Vec<_>>(), sorted, "{cmd}");
        assert!(streamed.lines().count() > 10);
    }
}

/// A file whose name is not UTF-8 (GBK, as Chinese Windows tools write
/// them) is listed under a readable name and its text is read from the
/// real one, in the streamed and the collected output alike.
#[test]
fn a_file_name_in_gbk_is_read_by_its_real_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("b.txt"), "头条\n正文。\n").unwrap();
    let name = std::ffi::OsStr::from_bytes(b"gbk_\xd6\xd0.txt");
    std::fs::write(dir.path().join("sub").join(name), "国标名的头条\n正文。\n").unwrap();
    for sort in ["order", "newest"] {
        let out = ok(&newsdump(&["list", s(dir.path()), "--sort", sort]));
        assert!(
            out.contains("sub/gbk_\u{fffd}\u{fffd}.txt\t\t\t国标名的头条"),
            "{sort}: {out}"
        );
        assert_eq!(out.lines().count(), 2, "{sort}: {out}");
    }
}
