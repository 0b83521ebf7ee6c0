//! JSON inputs (issue 13) run as a process: what news-please, trafilatura,
//! newspaper4k, Scrapy feeds and corpus shards write, read by `list`,
//! `show`, `export` and `stats`, alone, compressed and inside folders mixed
//! with page dumps; every form of time; and records that are no article
//! (cut, invalid, hostile), which are reported and skipped, never fatal.
//!
//! The fixtures are in `tests/fixtures/json/` (see its README.md); what is
//! too big or too binary to commit is generated here, into a tempdir.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{bin, newsdump, stderr, stdout};
use serde_json::{Value, json};

// ---------------------------------------------------------------- helpers

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/json")
}

/// A fixture's path, as a string for the command line.
fn fx(rel: &str) -> String {
    let p = fixtures().join(rel);
    assert!(p.exists(), "no fixture {}", p.display());
    p.to_str().unwrap().to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Asserts no panic whatever the exit code.
fn no_panic(o: &Output) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "newsdump panicked: {err}"
    );
}

/// Asserts exit 0 and no panic, and returns stdout.
fn ok(o: &Output) -> String {
    no_panic(o);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    stdout(o)
}

/// `list`'s rows, split at tabs.
fn rows(o: &Output) -> Vec<Vec<String>> {
    ok(o)
        .lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

/// `list`'s rows with one file: `[id, time, source, title]`.
fn rows4(o: &Output) -> Vec<[String; 4]> {
    rows(o)
        .into_iter()
        .map(|r| {
            <[String; 4]>::try_from(r.clone()).unwrap_or_else(|_| panic!("not 4 columns: {r:?}"))
        })
        .collect()
}

/// The titles `list` printed, in order.
fn titles(o: &Output) -> Vec<String> {
    rows(o)
        .into_iter()
        .map(|r| r.last().unwrap().clone())
        .collect()
}

/// The ids `list` printed, in order.
fn ids(o: &Output) -> Vec<u64> {
    rows(o).iter().map(|r| r[0].parse().unwrap()).collect()
}

fn jsonl(o: &Output) -> Vec<Value> {
    ok(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The value of a `stats` line (`records   3` → `3`).
fn stat(out: &str, key: &str) -> String {
    out.lines()
        .find_map(|l| {
            let rest = l.trim_start().strip_prefix(key)?;
            rest.starts_with(' ').then(|| rest.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no `{key}` line in stats:\n{out}"))
}

/// stderr's `newsdump: FILE:LINE: why (skipped)` lines, as (FILE:LINE, why).
fn skipped(o: &Output) -> Vec<(String, String)> {
    stderr(o)
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("newsdump: ")?.strip_suffix(" (skipped)")?;
            // `FILE:LINE: why`; the test paths hold no `: `.
            let (at, why) = rest.split_once(": ").and_then(|(head, tail)| {
                let (_, line) = head.rsplit_once(':')?;
                line.parse::<u64>().ok()?;
                Some((head.to_string(), tail.to_string()))
            })?;
            Some((at, why))
        })
        .collect()
}

/// The reasons reported for `file`, by line.
fn skipped_lines(o: &Output, file: &str) -> Vec<(u64, String)> {
    skipped(o)
        .into_iter()
        .filter_map(|(at, why)| {
            let (f, line) = at.rsplit_once(':')?;
            (f == file).then(|| (line.parse().unwrap(), why))
        })
        .collect()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn put(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, bytes).unwrap();
    p
}

/// The article whose `title` is `title` in an export.
fn by_title<'a>(rows: &'a [Value], title: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("no article titled {title:?} in {rows:#?}"))
}

/// The keys of an object, in order.
fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// The binary run with `args`, killed (and the test failed) if it runs
/// longer than `limit`. Output goes to files, so that a big one cannot
/// block on a full pipe.
fn newsdump_within(limit: Duration, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = Command::new(bin())
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("spawn newsdump");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("newsdump {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: fs::read(&out_path).unwrap(),
        stderr: fs::read(&err_path).unwrap(),
    }
}

/// Asserts that `bytes` hold no ESC, BEL or C1 control (U+0080–U+009F).
fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    assert!(!bytes.contains(&0x1b), "{what}: raw ESC in output");
    assert!(!bytes.contains(&0x07), "{what}: raw BEL in output");
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "{what}: raw C1 control in output: {text:?}"
    );
}

/// Field overrides for `scrapy_feed.jsonl`.
const FEED_FIELDS: [&str; 10] = [
    "--field",
    "title=item.head",
    "--field",
    "body=article_text",
    "--field",
    "site=outlet",
    "--field",
    "time=posted",
    "--field",
    "url=page_url",
];

fn feed_args<'a>(cmd: &'a str, file: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![cmd, file];
    args.extend_from_slice(&FEED_FIELDS);
    args.extend_from_slice(more);
    args
}

// ------------------------------------------------------- detection by content

#[test]
fn json_is_told_by_content_not_by_name() {
    // A page dump whose title starts with `[`, named `.json`: a page.
    let page = fx("page_named.json");
    let a = jsonl(&newsdump(&["export", &page]));
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0]["kind"], "lead");
    assert_eq!(a[0]["title"], "[快讯] 鸥湾港发布台风期间作业安排");

    // A pretty-printed JSON document named `.txt`: a record.
    let doc = fx("record_named.txt");
    let r = jsonl(&newsdump(&["export", &doc]));
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0]["kind"], "record");
    assert_eq!(r[0]["title"], "以txt结尾的JSON文件");
    assert_eq!(r[0]["body"], "内容才决定格式，文件名不算数。");
    assert_eq!(r[0]["source"], "content.example.cn");
    assert_eq!(r[0]["time"], "2024-09-09 09:09:09");

    // JSON Lines with no extension and with a misleading one.
    let dir = tempfile::tempdir().unwrap();
    let lines = "{\"title\":\"无扩展名的记录一\",\"text\":\"正文一。\"}\n\
                 {\"title\":\"无扩展名的记录二\",\"text\":\"正文二。\"}\n";
    for name in ["feed", "feed.log", "feed.html"] {
        let p = put(dir.path(), name, lines.as_bytes());
        let a = jsonl(&newsdump(&["export", s(&p)]));
        let kinds: Vec<&Value> = a.iter().map(|r| &r["kind"]).collect();
        assert_eq!(kinds, [&json!("record"), &json!("record")], "{name}");
        assert_eq!(a[1]["title"], "无扩展名的记录二", "{name}");
    }
}

#[test]
fn detection_is_per_file_inside_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fx("page_named.json"), dir.path().join("a_page.json")).unwrap();
    fs::copy(fx("record_named.txt"), dir.path().join("b_record.txt")).unwrap();
    fs::copy(fx("newspaper4k.json"), dir.path().join("c_array.dat")).unwrap();
    let a = jsonl(&newsdump(&["export", s(dir.path())]));
    let got: Vec<(&str, &str)> = a
        .iter()
        .map(|r| (r["file"].as_str().unwrap(), r["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("a_page.json", "lead"),
            ("b_record.txt", "record"),
            ("c_array.dat", "record"),
            ("c_array.dat", "record"),
        ]
    );
}

// ------------------------------------------------------------ the tools' files

#[test]
fn a_news_please_folder_lists_every_article_with_its_file() {
    let root = fx("news_please");
    let r = rows(&newsdump(&["list", &root]));
    let want = [
        [
            "1",
            "harbortimes.example.com/2024/09/c0ffee.json",
            "2024-09-04 22:05:00",
            "harbortimes.example.com",
            "Harbor pilots trial remote guidance for large vessels",
        ],
        [
            "2",
            "www.haigang-daily.example.cn/2024/09/7f3a1c.json",
            "2024-09-05 08:30:00",
            "www.haigang-daily.example.cn",
            "鸥湾港无人驾驶集卡正式上路 夜间作业效率提升三成",
        ],
        [
            "3",
            "www.haigang-daily.example.cn/2024/10/9b2e44.json",
            "2024-10-08 07:30:15",
            "www.haigang-daily.example.cn",
            "鸥湾港开通第三条南洋集装箱航线",
        ],
    ];
    assert_eq!(r, want.map(|row| row.map(String::from)));

    // -no-filename gives the four columns.
    let r = rows(&newsdump(&["list", &root, "--no-filename"]));
    assert_eq!(r[2].len(), 4, "{r:?}");
}

#[test]
fn a_news_please_export_has_every_record_field() {
    let a = jsonl(&newsdump(&["export", &fx("news_please")]));
    assert_eq!(a.len(), 3);
    let en = &a[0];
    assert_eq!(en["id"], 1);
    assert_eq!(en["kind"], "record");
    assert_eq!(
        en["title"],
        "Harbor pilots trial remote guidance for large vessels"
    );
    assert_eq!(en["untitled"], false);
    assert_eq!(
        en["body"],
        "Pilots at Ouwan Bay guided two container ships into berth from a shore station on \
         Wednesday.\nThe port authority said the \"remote pilotage\" trial would run until December."
    );
    assert_eq!(en["source"], "harbortimes.example.com");
    // No publication time: the download time, marked so.
    assert_eq!(en["time"], "2024-09-04 22:05:00");
    assert_eq!(en["fetched"], true);
    assert_eq!(en["counters"], Value::Null);
    assert_eq!(
        en["url"],
        "https://harbortimes.example.com/2024/09/remote-pilots"
    );
    assert_eq!(en["language"], "en");
    assert_eq!(en["authors"], json!(["Mara Lindqvist", "Tomas Reyes"]));
    assert_eq!(en["file"], "harbortimes.example.com/2024/09/c0ffee.json");
    assert_eq!(en["encoding"], "utf-8");
    assert_eq!(en["line"], 1);
    // The other fields, in the record's order, non-strings as JSON.
    assert_eq!(
        keys(&en["fields"]),
        [
            "date_modify",
            "description",
            "filename",
            "image_url",
            "localpath",
            "title_page",
            "title_rss"
        ]
    );
    assert_eq!(en["fields"]["date_modify"], "null");
    assert_eq!(
        en["fields"]["description"],
        "A shore station guided two container ships into berth."
    );

    let zh = &a[1];
    assert_eq!(
        zh["title"],
        "鸥湾港无人驾驶集卡正式上路 夜间作业效率提升三成"
    );
    assert!(
        zh["body"]
            .as_str()
            .unwrap()
            .starts_with("9月5日上午，鸥湾港首批二十台无人驾驶集卡")
    );
    assert_eq!(zh["body"].as_str().unwrap().lines().count(), 3);
    assert_eq!(zh["source"], "www.haigang-daily.example.cn");
    assert_eq!(zh["time"], "2024-09-05 08:30:00");
    assert_eq!(zh["fetched"], false);
    assert_eq!(zh["language"], "zh");
    assert_eq!(zh["authors"], json!(["林晓舟", "周雨"]));
    assert_eq!(
        zh["fields"]["image_url"],
        "https://img.haigang-daily.example.cn/2024/09/7f3a1c.jpg"
    );
    // What the reader took is not kept twice.
    for taken in [
        "title",
        "maintext",
        "date_publish",
        "date_download",
        "source_domain",
        "url",
        "language",
        "authors",
    ] {
        assert!(zh["fields"].get(taken).is_none(), "{taken} in fields");
    }

    // An offset is shown as the writer's wall clock.
    assert_eq!(a[2]["time"], "2024-10-08 07:30:15");
    assert_eq!(a[2]["authors"], json!([]));
}

#[test]
fn a_news_please_folder_sorts_and_filters() {
    let root = fx("news_please");
    let list = |more: &[&str]| {
        let mut args = vec!["list", root.as_str()];
        args.extend_from_slice(more);
        newsdump(&args)
    };
    assert_eq!(ids(&list(&["--sort", "newest"])), [3, 2, 1]);
    assert_eq!(ids(&list(&["--sort", "oldest"])), [1, 2, 3]);
    assert_eq!(ids(&list(&["--since", "2024-09-05"])), [2, 3]);
    assert_eq!(ids(&list(&["--until", "2024-09-30"])), [1, 2]);
    assert_eq!(
        ids(&list(&[
            "--since",
            "2024-09-05 08:30",
            "--until",
            "2024-09"
        ])),
        [2]
    );
    assert_eq!(ids(&list(&["--source", "haigang"])), [2, 3]);
    assert_eq!(ids(&list(&["--source", "HARBORTIMES"])), [1]);
    assert_eq!(ids(&list(&["--query", "集卡"])), [2]);
    assert_eq!(ids(&list(&["--query", "remote pilotage"])), [1]);
    // Nothing matches: exit 1, as grep.
    let none = list(&["--source", "没有这个来源"]);
    no_panic(&none);
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("haigang-daily"), "{}", stderr(&none));

    let st = ok(&newsdump(&["stats", &root]));
    assert_eq!(stat(&st, "articles"), "3");
    assert_eq!(stat(&st, "records"), "3");
    assert_eq!(stat(&st, "bad"), "0");
    assert_eq!(stat(&st, "times"), "0 unparsed, 1 download times");
}

#[test]
fn trafilatura_json_and_json_lines() {
    let a = jsonl(&newsdump(&["export", &fx("trafilatura.json")]));
    assert_eq!(a.len(), 1);
    let t = &a[0];
    assert_eq!(t["kind"], "record");
    assert_eq!(t["title"], "桐川市十二条公交线路下月起延长运营时间");
    // `text` comes before `raw_text`.
    assert_eq!(
        t["body"],
        "桐川市交通运输局9月12日发布通知，十二条公交线路自下月起延长运营时间。\n\
         调整后，末班车最晚延至23时，方便夜间下班的市民出行。"
    );
    // `source` is a URL: the url; the site is `hostname`.
    assert_eq!(
        t["url"],
        "https://tongchuan-news.example.cn/jiaotong/2024/0912/881.html"
    );
    assert_eq!(t["source"], "tongchuan-news.example.cn");
    // A date alone is its midnight.
    assert_eq!(t["time"], "2024-09-12 00:00:00");
    assert_eq!(t["language"], "zh");
    assert_eq!(t["authors"], json!(["王芳; 李雷"]));
    assert_eq!(t["fetched"], false);
    assert_eq!(
        keys(&t["fields"]),
        [
            "fingerprint",
            "id",
            "license",
            "comments",
            "image",
            "pagetype",
            "filedate",
            "excerpt",
            "categories",
            "tags"
        ]
    );
    assert_eq!(t["fields"]["comments"], "");
    assert_eq!(t["fields"]["id"], "null");

    let r = rows4(&newsdump(&["list", &fx("trafilatura.jsonl")]));
    let want = [
        [
            "1",
            "2024-10-08 07:30:15",
            "tongchuan-news.example.cn",
            "桐川市图书馆推出夜间自习预约",
        ],
        // hostname null: sitename; RFC 2822 with its own offset.
        [
            "2",
            "2024-10-01 18:45:00",
            "Riverside Gazette",
            "Riverside council approves new cycle lanes",
        ],
        // No site field: the URL's host, lower case, without www. and port.
        [
            "3",
            "2024-09-20 16:05:00",
            "wetland-watch.example.org",
            "桐川湿地公园完成生态修复",
        ],
    ];
    assert_eq!(r, want.map(|row| row.map(String::from)));
    let a = jsonl(&newsdump(&["export", &fx("trafilatura.jsonl")]));
    assert_eq!(a[1]["authors"], json!(["Nell Okafor"]));
    assert_eq!(a[0]["authors"], json!([]));
    assert_eq!(a[2]["language"], Value::Null);
    assert_eq!(a[2]["line"], 3);
}

#[test]
fn a_newspaper4k_array() {
    let r = rows4(&newsdump(&["list", &fx("newspaper4k.json")]));
    let want = [
        [
            "1",
            "2024-09-11 20:30:00",
            "澜汀科技网",
            "澜汀半导体发布新一代低功耗推理芯片",
        ],
        // An empty meta_site_name: the URL's host; no publish_date.
        [
            "2",
            "",
            "chipwire.example.com",
            "Lanting Semiconductor ships a low-power inference chip",
        ],
    ];
    assert_eq!(r, want.map(|row| row.map(String::from)));
    let a = jsonl(&newsdump(&["export", &fx("newspaper4k.json")]));
    assert_eq!(a[0]["authors"], json!(["赵晴"]));
    assert_eq!(
        a[0]["url"],
        "https://www.lanting-tech.example.cn/2024/09/11/chip.html"
    );
    assert_eq!(a[0]["language"], "zh");
    assert_eq!(a[0]["line"], 2);
    assert_eq!(a[0]["fields"]["keywords"], r#"["芯片","推理"]"#);
    assert_eq!(a[1]["time"], Value::Null);
    assert_eq!(a[1]["authors"], json!([]));
    assert!(a[1]["line"].as_u64().unwrap() > 2);
    let out = ok(&newsdump(&["show", &fx("newspaper4k.json"), "1"]));
    assert!(
        out.starts_with("澜汀半导体发布新一代低功耗推理芯片\n"),
        "{out}"
    );
    assert!(out.contains("澜汀科技网 · 2024-09-11 20:30:00"), "{out}");
    assert!(out.contains("新芯片将于明年一季度量产。"), "{out}");
}

#[test]
fn a_scrapy_feed_needs_its_field_names() {
    let feed = fx("scrapy_feed.jsonl");
    assert!(
        fs::read(&feed).unwrap().is_ascii(),
        "the feed must escape all non-ASCII"
    );
    // Without --field: no title, no body in any record, each reported.
    let o = newsdump(&["list", &feed]);
    no_panic(&o);
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let why = skipped_lines(&o, &feed);
    assert_eq!(
        why,
        (1..=3)
            .map(|n| (n, "neither a title nor a body".to_string()))
            .collect::<Vec<_>>()
    );

    let r = rows4(&newsdump(&feed_args("list", &feed, &[])));
    let want = [
        [
            "1",
            "2024-09-05 08:30:00",
            "海港日报",
            "鸥湾港集装箱吞吐量前八月同比增长一成",
        ],
        // An epoch number.
        [
            "2",
            "2024-09-06 03:40:00",
            "Harbor Times",
            "Dock workers get heat-safety breaks",
        ],
        [
            "3",
            "2024-09-07 19:00:00",
            "鸥湾晚报",
            "码头“夜市”开张：集装箱改造的小吃街",
        ],
    ];
    assert_eq!(r, want.map(|row| row.map(String::from)));

    let a = jsonl(&newsdump(&feed_args("export", &feed, &[])));
    assert_eq!(
        a[0]["body"],
        "今年前八个月，鸥湾港累计完成集装箱吞吐量1200万标准箱，同比增长约10%。\n\
         港口方面表示，新建的四号码头贡献了一半增量。"
    );
    assert_eq!(
        a[0]["url"],
        "https://haigang.example.cn/news/2024/0905/1.html"
    );
    // An object whose fields were read (`item.head`) is kept whole among
    // the extras: its other fields are the spider's too.
    assert_eq!(keys(&a[0]["fields"]), ["spider", "item", "crawl_note"]);
    assert_eq!(a[0]["fields"]["crawl_note"], "港务爬虫第3批");
    assert!(a[1]["body"].as_str().unwrap().contains("35°C"));

    let out = ok(&newsdump(&feed_args("show", &feed, &["3"])));
    assert!(
        out.starts_with("码头“夜市”开张：集装箱改造的小吃街\n"),
        "{out}"
    );
    assert!(out.contains("鸥湾晚报 · 2024-09-07 19:00:00"), "{out}");
    assert!(out.contains("首晚接待游客约三千人次"), "{out}");
    assert!(!out.contains("\\u"), "{out}");
}

#[test]
fn queries_find_text_the_feed_wrote_as_escapes() {
    let feed = fx("scrapy_feed.jsonl");
    let q = |query: &str| newsdump(&feed_args("list", &feed, &["--query", query]));
    // In a title, a body, a site; Chinese, a non-ASCII symbol, width-folded.
    assert_eq!(ids(&q("港口")), [1]);
    assert_eq!(ids(&q("鸥湾港集装箱")), [1]);
    assert_eq!(ids(&q("吞吐量")), [1]);
    assert_eq!(ids(&q("四号码头")), [1]);
    assert_eq!(ids(&q("海港日报")), [1]);
    assert_eq!(ids(&q("集装箱")), [1, 3]);
    assert_eq!(ids(&q("“夜市”")), [3]);
    assert_eq!(ids(&q("35°C")), [2]);
    assert_eq!(ids(&q("ＤＯＣＫ ＷＯＲＫＥＲＳ")), [2]);
    assert_eq!(ids(&q("harbor times")), [2]);
    assert_eq!(
        ids(&newsdump(&feed_args(
            "list",
            &feed,
            &["--query", "吞吐.*标准箱", "--regex"]
        ))),
        [1]
    );
    // Never in field names nor in fields that are not title, site or body.
    for absent in [
        "article_text",
        "crawl_note",
        "港务爬虫",
        "gangwu",
        "\\u9e25",
    ] {
        let o = q(absent);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(1), "{absent}: {}", stdout(&o));
    }
}

#[test]
fn a_gzip_corpus_shard_with_nested_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let plain = fs::read(fx("corpus_shard.jsonl")).unwrap();
    let shard = put(dir.path(), "shards/00000.jsonl.gz", &gzip(&plain));
    let r = rows4(&newsdump(&["list", s(&shard)]));
    let want = [
        ["1", "2024-05-06 10:00:00", "example-news.cn", ""],
        ["2", "2024-05-07 00:00:00", "wire.example.org", ""],
        // Epoch seconds as a digit string.
        ["3", "2024-05-09 00:00:00", "example-news.cn", ""],
    ];
    assert_eq!(r, want.map(|row| row.map(String::from)));
    let a = jsonl(&newsdump(&["export", s(&shard)]));
    assert_eq!(a[0]["kind"], "record");
    assert_eq!(a[0]["title"], "");
    assert_eq!(a[0]["untitled"], true);
    assert_eq!(
        a[0]["body"],
        "社区食堂开始提供老年人助餐服务，每份午餐补贴三元。"
    );
    assert_eq!(
        a[0]["url"],
        "https://www.example-news.cn/local/2024/05/06/1.html"
    );
    assert_eq!(a[0]["language"], "zh");
    assert_eq!(a[1]["language"], "en");
    // `metadata` stays among the extras, whole: fields of it other than
    // url and date are not lost.
    assert_eq!(keys(&a[0]["fields"]), ["id", "metadata"]);
    assert_eq!(a[2]["fields"]["id"], "00000-000003");
    // The reader shows the start of the body for the title.
    let out = ok(&newsdump(&["show", s(&shard), "2"]));
    assert!(
        out.starts_with("The night market on Pier 4 reopened"),
        "{out}"
    );
    assert_eq!(
        ids(&newsdump(&["list", s(&shard), "--query", "城市书房"])),
        [3]
    );
    let st = ok(&newsdump(&["stats", s(&shard)]));
    assert_eq!(stat(&st, "records"), "3");
    assert_eq!(stat(&st, "compression"), "gzip 1");
}

#[test]
fn a_zstd_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let doc = fs::read(fx("trafilatura.json")).unwrap();
    let p = put(dir.path(), "doc.json.zst", &zstd(&doc));
    let r = rows4(&newsdump(&["list", s(&p)]));
    assert_eq!(
        r,
        [[
            "1",
            "2024-09-12 00:00:00",
            "tongchuan-news.example.cn",
            "桐川市十二条公交线路下月起延长运营时间"
        ]
        .map(String::from)]
    );
    let st = ok(&newsdump(&["stats", s(&p)]));
    assert_eq!(stat(&st, "compression"), "zstd 1");
}

#[test]
fn json_lines_in_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"title\":\"鸥湾港码头恢复夜间作业\",\"text\":\"台风过境后，码头于今晨恢复全部作业。\",\"date\":\"2024-09-16 06:00\"}\n\
                {\"title\":\"桐川市发布防汛通告\",\"text\":\"请市民减少不必要的外出。\"}\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let p = put(dir.path(), "gbk.jsonl", &gbk);
    assert_eq!(
        titles(&newsdump(&["list", s(&p)])),
        ["鸥湾港码头恢复夜间作业", "桐川市发布防汛通告"]
    );
    let a = jsonl(&newsdump(&["export", s(&p)]));
    assert_eq!(a[0]["encoding"], "gbk");
    // In a page stamp's shape: kept as written.
    assert_eq!(a[0]["time"], "2024-09-16 06:00");
    assert_eq!(ids(&newsdump(&["list", s(&p), "--query", "防汛"])), [2]);
}

#[test]
fn a_folder_mixing_page_dumps_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.txt");
    fs::copy(&sample, root.join("page.txt")).unwrap();
    copy_dir(&fixtures().join("news_please"), &root.join("news"));
    put(
        root,
        "shard/00000.jsonl.gz",
        &gzip(&fs::read(fx("corpus_shard.jsonl")).unwrap()),
    );
    put(
        root,
        "doc.json.zst",
        &zstd(&fs::read(fx("trafilatura.json")).unwrap()),
    );
    fs::copy(fx("newspaper4k.json"), root.join("articles.txt")).unwrap();
    fs::copy(fx("page_named.json"), root.join("notice.json")).unwrap();

    let a = jsonl(&newsdump(&["export", s(root)]));
    let mut per_file: Vec<(String, Vec<String>)> = Vec::new();
    for r in &a {
        let (file, kind) = (r["file"].as_str().unwrap(), r["kind"].as_str().unwrap());
        match per_file.last_mut() {
            Some((f, kinds)) if f == file => kinds.push(kind.to_string()),
            _ => per_file.push((file.to_string(), vec![kind.to_string()])),
        }
    }
    let summary: Vec<(&str, usize, usize)> = per_file
        .iter()
        .map(|(f, kinds)| {
            (
                f.as_str(),
                kinds.iter().filter(|k| *k == "record").count(),
                kinds.len(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("articles.txt", 2, 2),
            ("doc.json.zst", 1, 1),
            ("news/harbortimes.example.com/2024/09/c0ffee.json", 1, 1),
            (
                "news/www.haigang-daily.example.cn/2024/09/7f3a1c.json",
                1,
                1
            ),
            (
                "news/www.haigang-daily.example.cn/2024/10/9b2e44.json",
                1,
                1
            ),
            ("notice.json", 0, 1),
            ("page.txt", 0, 28),
            ("shard/00000.jsonl.gz", 3, 3),
        ]
    );
    // Ids run through all the files.
    let got: Vec<u64> = a.iter().map(|r| r["id"].as_u64().unwrap()).collect();
    assert_eq!(got, (1..=38).collect::<Vec<_>>());

    // One list, one search, one set of filters across both formats.
    let r = rows(&newsdump(&["list", s(root), "--query", "鸥湾港"]));
    let files: Vec<&str> = r.iter().map(|row| row[1].as_str()).collect();
    assert_eq!(
        files,
        [
            "news/www.haigang-daily.example.cn/2024/09/7f3a1c.json",
            "news/www.haigang-daily.example.cn/2024/10/9b2e44.json",
            "notice.json",
        ]
    );
    let r = rows(&newsdump(&[
        "list",
        s(root),
        "--since",
        "2024-09-12",
        "--until",
        "2024-09-13",
        "--sort",
        "oldest",
    ]));
    let got: Vec<(&str, &str)> = r
        .iter()
        .map(|row| (row[1].as_str(), row[2].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("doc.json.zst", "2024-09-12 00:00:00"),
            ("page.txt", "2024-09-12 09:45:18"),
            ("page.txt", "2024-09-13 15:02:41"),
            ("page.txt", "2024-09-13 18:20:06"),
            ("page.txt", "2024-09-13 23:10:00"),
        ]
    );

    let st = ok(&newsdump(&["stats", s(root)]));
    assert_eq!(stat(&st, "articles"), "38");
    assert_eq!(stat(&st, "records"), "9");
    assert_eq!(stat(&st, "bad"), "0");
    let compression = stat(&st, "compression");
    for part in ["none 6", "gzip 1", "zstd 1"] {
        assert!(compression.contains(part), "{compression}");
    }
    let by_file = ok(&newsdump(&["stats", s(root), "--by", "file"]));
    let shard_row = by_file
        .lines()
        .find(|l| l.contains("shard/00000.jsonl.gz"))
        .unwrap_or_else(|| panic!("{by_file}"));
    let cols: Vec<&str> = shard_row.split('\t').collect();
    let disk_len = fs::metadata(root.join("shard/00000.jsonl.gz"))
        .unwrap()
        .len()
        .to_string();
    assert_eq!(
        cols,
        [
            "3",
            "0",
            "0",
            // bytes: the size on disk
            disk_len.as_str(),
            "utf-8",
            "gzip",
            "0",
            "shard/00000.jsonl.gz",
            "3"
        ]
    );
    let page_row = by_file.lines().find(|l| l.contains("\tpage.txt")).unwrap();
    assert!(page_row.ends_with("\tpage.txt\t0"), "{page_row}");
}

// -------------------------------------------------------------------- times

#[test]
fn times_in_every_form_show_as_wall_clock() {
    let f = fx("times.jsonl");
    let r = rows4(&newsdump(&["list", &f]));
    let got: Vec<(&str, &str)> = r.iter().map(|r| (r[3].as_str(), r[1].as_str())).collect();
    assert_eq!(
        got,
        [
            ("RFC 3339 带时区", "2024-09-01 08:30:00"),
            ("空格分隔的日期时间", "2024-09-02 08:30:00"),
            ("RFC 2822 邮件格式", "2024-09-03 08:30:00"),
            ("纪元秒", "2024-09-04 08:30:00"),
            ("纪元毫秒", "2024-09-05 10:30:00"),
            ("中文日期", "2024-09-06 08:30:00"),
            ("无法解析的时间", "昨天"),
            ("UTC 时间", "2024-09-07 00:30:00"),
            ("斜线日期", "2024-09-08 10:15:00"),
            ("没有时间", ""),
        ]
    );
    let a = jsonl(&newsdump(&["export", &f]));
    assert_eq!(a[2]["time"], "2024-09-03 08:30:00");
    assert_eq!(a[6]["time"], "昨天");
    assert_eq!(a[9]["time"], Value::Null);
    let out = ok(&newsdump(&["show", &f, "6"]));
    assert!(
        out.contains("times.example.cn · 2024-09-06 08:30:00"),
        "{out}"
    );
    let out = ok(&newsdump(&["show", &f, "7"]));
    assert!(out.contains("times.example.cn · 昨天"), "{out}");
}

#[test]
fn unparsed_times_sort_last_and_count_in_stats() {
    let f = fx("times.jsonl");
    let list = |more: &[&str]| {
        let mut args = vec!["list", f.as_str()];
        args.extend_from_slice(more);
        newsdump(&args)
    };
    let newest = ids(&list(&["--sort", "newest"]));
    assert_eq!(newest[..8], [9, 8, 6, 5, 4, 3, 2, 1], "{newest:?}");
    let mut undated = newest[8..].to_vec();
    undated.sort();
    assert_eq!(undated, [7, 10], "{newest:?}");
    let oldest = ids(&list(&["--sort", "oldest"]));
    assert_eq!(oldest[..8], [1, 2, 3, 4, 5, 6, 8, 9], "{oldest:?}");
    let mut undated = oldest[8..].to_vec();
    undated.sort();
    assert_eq!(undated, [7, 10], "{oldest:?}");

    // Filters compare the wall clock; an unparsed time is undated.
    assert_eq!(
        ids(&list(&["--since", "2024-09-04", "--until", "2024-09-06"])),
        [4, 5, 6]
    );
    assert_eq!(
        ids(&list(&[
            "--since",
            "2024-09-04",
            "--until",
            "2024-09-06",
            "--undated",
            "include"
        ])),
        [4, 5, 6, 7, 10]
    );
    assert_eq!(
        ids(&list(&[
            "--since",
            "2024-09-05 10:30",
            "--until",
            "2024-09-07 00:30"
        ])),
        [5, 6, 8]
    );

    let st = ok(&newsdump(&["stats", &f]));
    assert_eq!(stat(&st, "records"), "10");
    assert_eq!(stat(&st, "times"), "1 unparsed, 0 download times");
    assert_eq!(
        stat(&st, "dates"),
        "2024-09-01 08:30:00 … 2024-09-08 10:15:00"
    );
}

// -------------------------------------------------------------- bad records

/// The bad-record fixture with what is too big to commit appended:
/// brackets 100,000 deep (closed, in an object; an object 100,000 deep;
/// and unclosed), then a good record.
fn bad_lines_file(dir: &Path) -> PathBuf {
    let mut bytes = fs::read(fx("bad_records.jsonl")).unwrap();
    const DEEP: usize = 100_000;
    // Line 14: an array in an object, closed.
    bytes.extend_from_slice(b"{\"title\":\"\xe6\xb7\xb1\",\"x\":");
    bytes.extend(std::iter::repeat_n(b'[', DEEP));
    bytes.extend(std::iter::repeat_n(b']', DEEP));
    bytes.extend_from_slice(b"}\n");
    // Line 15: objects in objects.
    bytes.extend_from_slice("{\"a\":".repeat(DEEP).as_bytes());
    bytes.extend_from_slice(b"1");
    bytes.extend(std::iter::repeat_n(b'}', DEEP));
    bytes.push(b'\n');
    // Line 16: never closed.
    bytes.extend(std::iter::repeat_n(b'[', DEEP));
    bytes.push(b'\n');
    // Line 17: good.
    bytes.extend_from_slice(
        "{\"title\":\"深层嵌套之后的记录\",\"text\":\"仍然列出。\"}\n".as_bytes(),
    );
    put(dir, "bad_records.jsonl", &bytes)
}

#[test]
fn bad_records_in_json_lines_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let p = bad_lines_file(dir.path());
    let file = s(&p);
    let o = newsdump(&["list", "-v", file]);
    assert_eq!(
        titles(&o),
        [
            "鸥湾港启用新的集装箱查验中心",
            "终端注入␛]52;c;ZXZpbA==␇测试",
            "最后一条正常记录",
            "深层嵌套之后的记录",
        ]
    );
    let why = skipped_lines(&o, file);
    let lines: Vec<u64> = why.iter().map(|(n, _)| *n).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15, 16], "{why:#?}");
    let expect = [
        (2, "invalid JSON: EOF while parsing a string"),
        (3, "invalid JSON: expected value"),
        (4, "an array, not an object"),
        (5, "a string, not an object"),
        (6, "a number, not an object"),
        (7, "neither a title nor a body"),
        (8, "neither a title nor a body"),
        (9, "invalid JSON: invalid unicode code point"),
        (12, "null, not an object"),
        (14, "invalid JSON: recursion limit exceeded"),
        (15, "invalid JSON: recursion limit exceeded"),
        (16, "invalid JSON: recursion limit exceeded"),
    ];
    for ((line, got), (want_line, want)) in why.iter().zip(expect) {
        assert_eq!(*line, want_line);
        assert!(got.starts_with(want), "line {line}: {got:?}, want {want:?}");
    }

    // The first ten without -v, and a count of the rest.
    let o = newsdump(&["list", file]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(skipped_lines(&o, file).len(), 10, "{}", stderr(&o));
    assert!(stderr(&o).contains("12 records"), "{}", stderr(&o));

    // export skips them too, and says so.
    let e = newsdump(&["export", file]);
    let a = jsonl(&e);
    assert_eq!(a.len(), 4);
    assert!(a.iter().all(|r| r["kind"] == "record"));
    assert_eq!(skipped_lines(&e, file).len(), 10);

    let st = ok(&newsdump(&["stats", file]));
    assert_eq!(stat(&st, "records"), "16");
    assert_eq!(stat(&st, "bad"), "12");
    assert_eq!(stat(&st, "encodings"), "utf-8 1");

    // A bad record is no article to show, but shows what is wrong.
    let out = newsdump(&["show", file, "2"]);
    no_panic(&out);
    assert!(
        stdout(&out).starts_with("bad record: invalid JSON: EOF while parsing a string"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_records_in_an_array_are_reported_and_skipped() {
    let f = fx("bad_records_array.json");
    let o = newsdump(&["list", &f]);
    assert_eq!(
        titles(&o),
        ["数组里的第一条", "控制字符␛]0;改标题␇", "数组里的最后一条"]
    );
    let why = skipped_lines(&o, &f);
    assert_eq!(
        why,
        [
            (3, "an array, not an object"),
            (4, "a string, not an object"),
            (5, "a number, not an object"),
            (6, "neither a title nor a body"),
            (7, "neither a title nor a body"),
        ]
        .map(|(n, w)| (n, w.to_string()))
    );
    let st = ok(&newsdump(&["stats", &f]));
    assert_eq!(stat(&st, "records"), "8");
    assert_eq!(stat(&st, "bad"), "5");
}

#[test]
fn an_array_cut_inside_a_record_keeps_what_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let p = put(
        dir.path(),
        "cut.json",
        "[\n{\"title\":\"截断前的第一条\",\"text\":\"一\"},\n{\"title\":\"截断前的第二条\",\"text\":\"二\"},\n{\"title\":\"被截断\",\"te"
            .as_bytes(),
    );
    let o = newsdump(&["list", s(&p)]);
    assert_eq!(titles(&o), ["截断前的第一条", "截断前的第二条"]);
    let why = skipped_lines(&o, s(&p));
    assert_eq!(why.len(), 1, "{}", stderr(&o));
    assert_eq!(why[0].0, 4);
    assert!(why[0].1.starts_with("invalid JSON: EOF"), "{why:?}");
    let st = ok(&newsdump(&["stats", s(&p)]));
    assert_eq!(stat(&st, "bad"), "1");
}

#[test]
fn an_array_cut_between_records_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "no_bracket.json",
            "[{\"title\":\"甲\",\"text\":\"一\"},\n{\"title\":\"乙\",\"text\":\"二\"}\n",
        ),
        (
            "after_comma.json",
            "[{\"title\":\"甲\",\"text\":\"一\"},\n{\"title\":\"乙\",\"text\":\"二\"},\n",
        ),
    ] {
        let p = put(dir.path(), name, text.as_bytes());
        let o = newsdump(&["list", s(&p)]);
        assert_eq!(titles(&o), ["甲", "乙"]);
        let err = stderr(&o);
        assert!(
            err.contains(name) && err.contains("cut short"),
            "{name}: nothing on stderr says the array is cut short: {err:?}"
        );
    }
}

#[test]
fn escapes_of_control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let p = bad_lines_file(dir.path());
    let file = s(&p);
    let list = newsdump(&["list", file]);
    no_panic(&list);
    assert_no_raw_controls("list", &list.stdout);
    let row = rows4(&list)
        .into_iter()
        .find(|r| r[3].starts_with("终端注入"))
        .unwrap();
    assert_eq!(row[2], "evil␛[31m.example.cn");
    let id = row[0].clone();

    for width in ["80", "24"] {
        let show = newsdump(&["show", file, &id, "--width", width]);
        let out = ok(&show);
        assert_no_raw_controls("show", &show.stdout);
        assert!(out.contains("␛]52;c;ZXZpbA=="), "{out}");
        assert!(out.contains("控制序列"), "{out}");
    }
    let md = newsdump(&["export", file, "--to", "markdown"]);
    ok(&md);
    assert_no_raw_controls("markdown", &md.stdout);

    let e = newsdump(&["export", file]);
    let text = ok(&e);
    assert_no_raw_controls("export", &e.stdout);
    for escaped in [
        r"\u001b]52;c;ZXZpbA==\u0007",
        r"\u009b31m",
        r"\u001b[2J",
        r"evil\u001b[31m.example.cn",
    ] {
        assert!(text.contains(escaped), "export lacks {escaped}: {text}");
    }
    let a = jsonl(&e);
    let r = by_title(&a, "终端注入\u{1b}]52;c;ZXZpbA==\u{7}测试");
    assert_eq!(r["body"], "正文里有\u{9b}31m控制序列\u{1b}[2J和响铃\u{7}。");
    assert_eq!(r["source"], "evil\u{1b}[31m.example.cn");

    // The array fixture, too.
    let f = fx("bad_records_array.json");
    for args in [
        vec!["list", f.as_str()],
        vec!["show", f.as_str(), "7"],
        vec!["export", f.as_str(), "--to", "markdown"],
        vec!["export", f.as_str()],
    ] {
        let o = newsdump(&args);
        ok(&o);
        assert_no_raw_controls(&args.join(" "), &o.stdout);
    }
}

#[test]
fn a_50_mb_line_loads_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.jsonl");
    {
        let mut f = std::io::BufWriter::new(fs::File::create(&p).unwrap());
        let chunk = "鸥湾港集装箱吞吐量持续增长。".repeat(1024);
        let fill = |f: &mut std::io::BufWriter<fs::File>| {
            let mut n = 0;
            while n < 50 << 20 {
                f.write_all(chunk.as_bytes()).unwrap();
                n += chunk.len();
            }
        };
        f.write_all("{\"title\":\"超长记录之前\",\"text\":\"正文。\"}\n".as_bytes())
            .unwrap();
        // Line 2: a whole record with a 50 MB body.
        f.write_all("{\"title\":\"五十兆的正文\",\"text\":\"".as_bytes())
            .unwrap();
        fill(&mut f);
        f.write_all(b"\"}\n").unwrap();
        // Line 3: a 50 MB line cut inside its string.
        f.write_all("{\"title\":\"五十兆被截断\",\"text\":\"".as_bytes())
            .unwrap();
        fill(&mut f);
        f.write_all(b"\n").unwrap();
        f.write_all("{\"title\":\"超长记录之后\",\"text\":\"正文。\"}\n".as_bytes())
            .unwrap();
    }
    let file = s(&p);
    let limit = Duration::from_secs(120);
    let o = newsdump_within(limit, &["list", file]);
    let r = rows4(&o);
    let got: Vec<(&str, &str)> = r.iter().map(|r| (r[0].as_str(), r[3].as_str())).collect();
    assert_eq!(
        got,
        [
            ("1", "超长记录之前"),
            ("2", "五十兆的正文"),
            ("4", "超长记录之后")
        ]
    );
    let why = skipped_lines(&o, file);
    assert_eq!(why.len(), 1, "{}", stderr(&o));
    assert_eq!(why[0].0, 3);
    assert!(
        why[0]
            .1
            .starts_with("invalid JSON: EOF while parsing a string"),
        "{why:?}"
    );
    let o = newsdump_within(limit, &["stats", file]);
    let st = ok(&o);
    assert_eq!(stat(&st, "records"), "4");
    assert_eq!(stat(&st, "bad"), "1");
    let o = newsdump_within(limit, &["list", file, "--query", "超长记录之后"]);
    assert_eq!(ids(&o), [4]);
}

// ------------------------------------------------ bugs found (kept, ignored)

#[test]
fn query_finds_ascii_that_json_writers_escape() {
    let dir = tempfile::tempdir().unwrap();
    let p = put(
        dir.path(),
        "writers.jsonl",
        br#"{"title":"AT\u0026T and \u003cP\u0026G\u003e sign a deal","text":"Go's encoding/json escapes HTML characters."}
{"title":"Port opens 9\/5, see https:\/\/port.example.cn\/x","text":"PHP's json_encode escapes slashes."}
"#,
    );
    for (q, re, want) in [
        ("AT&T", "AT&T", 1),
        ("<P&G>", "<P&G>", 1),
        ("9/5", "9/5", 2),
        (
            "https://port.example.cn/x",
            r"https://port\.example\.cn/x",
            2,
        ),
    ] {
        let regex = newsdump(&["list", s(&p), "--regex", "--query", re]);
        assert_eq!(ids(&regex), [want], "--regex {q}");
        let o = newsdump(&["list", s(&p), "--query", q]);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(0), "--query {q:?} found nothing");
        assert_eq!(ids(&o), [want], "--query {q}");
    }
}

#[test]
#[ignore = "known limit, left alone: a literal --query looks for a needle all raw or all \
            escaped (`港口` or `\\u6e2f\\u53e3`), never mixed (`港\\u53e3`); writers escape \
            consistently, and --regex, which decodes every record, finds it"]
fn query_finds_text_escaped_only_in_part() {
    let dir = tempfile::tempdir().unwrap();
    let p = put(
        dir.path(),
        "mixed.jsonl",
        r#"{"title":"\u9e25\u6e7e港 mixed","text":"港\u53e3\u65b0\u95fb"}
"#
        .as_bytes(),
    );
    assert_eq!(
        ids(&newsdump(&["list", s(&p), "--regex", "--query", "鸥湾港"])),
        [1]
    );
    for q in ["鸥湾港", "港口新闻"] {
        let o = newsdump(&["list", s(&p), "--query", q]);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(0), "--query {q:?} found nothing");
    }
}

#[test]
fn a_url_host_loses_its_www_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let p = put(
        dir.path(),
        "hosts.jsonl",
        br#"{"title":"lower","text":"x","source":"https://www.Wetland-Watch.example.org/1"}
{"title":"upper","text":"x","source":"https://WWW.Wetland-Watch.example.org/2"}
"#,
    );
    let r = rows4(&newsdump(&["list", s(&p)]));
    assert_eq!(r[0][2], "wetland-watch.example.org");
    assert_eq!(r[1][2], "wetland-watch.example.org");
}
