//! A folder reads as its files read alone, one after another: FORMAT.md's
//! rules (counter width, learned sources, article boundaries) apply per
//! file, never across files, whatever the compression and the encoding.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use proptest::prelude::*;
use serde_json::Value;

fn newsdump(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdump"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run newsdump")
}

/// `export --to jsonl` of `paths`, parsed; panics unless it exits 0.
fn export(paths: &[&Path]) -> Vec<serde_json::Map<String, Value>> {
    let mut args = vec!["export", "--to", "jsonl"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let o = newsdump(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| match serde_json::from_str(l).unwrap() {
            Value::Object(m) => m,
            v => panic!("not an object: {v}"),
        })
        .collect()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Words for titles and summaries: everyday news, all of it in GBK except
/// the last two (which keep a file in UTF-8).
const WORDS: [&str; 32] = [
    "市场",
    "新品",
    "发布",
    "城市",
    "地铁",
    "公园",
    "学校",
    "医院",
    "天气",
    "降温",
    "工厂",
    "农业",
    "港口",
    "图书馆",
    "比赛",
    "冠军",
    "电影",
    "票房",
    "手机",
    "芯片",
    "电池",
    "汽车",
    "高铁",
    "机场",
    "银行",
    "利率",
    "旅游",
    "假期",
    "志愿者",
    "社区",
    "😀",
    "𠮷",
];

const SOURCES: [&str; 6] = [
    "晨报网",
    "快讯社",
    "城市日报",
    "IT之窗",
    "财经频道",
    "体育在线",
];

fn phrase(max: usize) -> impl Strategy<Value = String> {
    // Mostly GBK words; now and then one that GBK cannot hold.
    let word = prop_oneof![
        30 => (0..30usize).prop_map(|i| WORDS[i]),
        1 => (30..32usize).prop_map(|i| WORDS[i]),
    ];
    proptest::collection::vec(word, 1..max).prop_map(|w| w.concat())
}

/// A title: words, sometimes led by digits (which a counter run longer
/// than the file's width hands to the title).
fn title() -> impl Strategy<Value = String> {
    (proptest::option::weighted(0.2, 1..100u32), phrase(4))
        .prop_map(|(n, p)| n.map_or(p.clone(), |n| format!("{n}家{p}")))
}

#[derive(Debug, Clone)]
struct Item {
    title: String,
    summary: String,
    /// Whether the summary ends in a sentence terminator; without one the
    /// source comes from what the file learned, or is empty.
    terminated: bool,
    source: &'static str,
    time: String,
    /// `None`: the file's width; else a width of its own.
    width: Option<usize>,
    counters: u64,
}

#[derive(Debug, Clone)]
enum Block {
    Lead(String, Vec<String>),
    Run(Vec<Item>),
    Blank,
}

fn item() -> impl Strategy<Value = Item> {
    (
        title(),
        phrase(8),
        proptest::bool::weighted(0.8),
        0..SOURCES.len(),
        (
            1..13u32,
            1..29u32,
            0..24u32,
            0..60u32,
            proptest::option::of(0..60u32),
        ),
        proptest::option::weighted(0.2, 1..9usize),
        any::<u64>(),
    )
        .prop_map(
            |(title, summary, terminated, s, (mo, d, h, mi, sec), width, counters)| Item {
                title,
                summary,
                terminated,
                source: SOURCES[s],
                time: match sec {
                    Some(sec) => format!("2024-{mo:02}-{d:02} {h:02}:{mi:02}:{sec:02}"),
                    None => format!("2024-{mo:02}-{d:02} {h:02}:{mi:02}"),
                },
                width,
                counters,
            },
        )
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => (title(), proptest::collection::vec(
            prop_oneof![
                3 => phrase(10).prop_map(|p| format!("{p}。")),
                1 => phrase(3),
                1 => Just("https://example.org/news".to_string()),
            ],
            0..4,
        ))
            .prop_map(|(t, body)| Block::Lead(t, body)),
        4 => proptest::collection::vec(item(), 1..5).prop_map(Block::Run),
        1 => Just(Block::Blank),
    ]
}

#[derive(Debug, Clone)]
struct Dump {
    blocks: Vec<Block>,
    /// The counter width most stamps use: 2 to 6.
    width: usize,
    crlf: bool,
    gzip: bool,
    /// GBK when every character can be.
    gbk: bool,
}

fn dump() -> impl Strategy<Value = Dump> {
    (
        proptest::collection::vec(block(), 1..6),
        2..=6usize,
        proptest::bool::weighted(0.2),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(blocks, width, crlf, gzip, gbk)| Dump {
            blocks,
            width,
            crlf,
            gzip,
            gbk,
        })
}

impl Dump {
    fn text(&self) -> String {
        let nl = if self.crlf { "\r\n" } else { "\n" };
        let mut out = String::new();
        for b in &self.blocks {
            match b {
                Block::Blank => out.push_str(nl),
                Block::Lead(title, body) => {
                    out.push_str(title);
                    out.push_str(nl);
                    for line in body {
                        out.push_str(line);
                        out.push_str(nl);
                    }
                }
                Block::Run(items) => {
                    out.push_str(&items[0].title);
                    out.push_str(nl);
                    for (i, it) in items.iter().enumerate() {
                        let width = it.width.unwrap_or(self.width);
                        let digits = format!("{:020}", it.counters);
                        out.push_str(&it.summary);
                        if it.terminated {
                            out.push('。');
                        }
                        out.push_str(it.source);
                        out.push_str(&it.time);
                        out.push_str(&digits[20 - width..]);
                        match items.get(i + 1) {
                            Some(next) => out.push_str(&next.title),
                            None => out.push_str(nl),
                        }
                    }
                }
            }
        }
        out
    }

    /// The bytes on disk, and whether they are GBK.
    fn bytes(&self) -> (Vec<u8>, bool) {
        let text = self.text();
        let (encoded, gbk) = if self.gbk {
            let (b, _, unmappable) = encoding_rs::GBK.encode(&text);
            if unmappable {
                (text.into_bytes(), false)
            } else {
                (b.into_owned(), true)
            }
        } else {
            (text.into_bytes(), false)
        };
        if self.gzip {
            (gzip(&encoded), gbk)
        } else {
            (encoded, gbk)
        }
    }
}

/// Writes `dumps` as `{n}_page.txt[.gz]` for increasing `n`: natural
/// order is number order (`9_page` before `10_page`), unlike byte order.
fn write(dir: &Path, numbers: &[u32], dumps: &[Dump]) -> Vec<(String, PathBuf)> {
    numbers
        .iter()
        .zip(dumps)
        .map(|(n, d)| {
            let name = format!("{n}_page.txt{}", if d.gzip { ".gz" } else { "" });
            let path = dir.join(&name);
            std::fs::write(&path, d.bytes().0).unwrap();
            (name, path)
        })
        .collect()
}

fn without(
    mut row: serde_json::Map<String, Value>,
    keys: &[&str],
) -> serde_json::Map<String, Value> {
    for k in keys {
        row.remove(*k);
    }
    row
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn a_folder_exports_as_its_files_one_after_another(
        dumps in proptest::collection::vec(dump(), 1..=6),
        seed in proptest::collection::vec(1..120u32, 6),
    ) {
        // Distinct increasing numbers for the names.
        let mut numbers: Vec<u32> = Vec::new();
        let mut n = 0;
        for step in seed.iter().take(dumps.len()) {
            n += step;
            numbers.push(n);
        }
        let dir = tempfile::tempdir().unwrap();
        let files = write(dir.path(), &numbers, &dumps);
        let folder = export(&[dir.path()]);
        let mut alone = Vec::new();
        for (name, path) in &files {
            for row in export(&[path]) {
                alone.push((name.clone(), row));
            }
        }
        prop_assert_eq!(folder.len(), alone.len());
        for (i, (row, (name, single))) in folder.into_iter().zip(alone).enumerate() {
            prop_assert_eq!(row["id"].as_u64(), Some(i as u64 + 1));
            prop_assert_eq!(row["file"].as_str(), Some(name.as_str()));
            prop_assert_eq!(&single["file"], &Value::from(dir.path().join(&name).to_str().unwrap()));
            prop_assert_eq!(
                // Duplicate groups span the folder: a file alone knows
                // none of its copies in the others.
                without(row, &["id", "file", "dup_group", "dup_of"]),
                without(single, &["id", "file", "dup_group", "dup_of"]),
                "article {} ({})", i + 1, name
            );
        }
    }
}

#[test]
fn the_generator_makes_what_the_property_needs() {
    // GBK and gzip both occur, and GBK files are read as GBK.
    let d = Dump {
        blocks: vec![
            Block::Lead("城市地铁".into(), vec!["医院天气降温。".into()]),
            Block::Run(vec![Item {
                title: "3家银行".into(),
                summary: "利率旅游假期".into(),
                terminated: true,
                source: SOURCES[0],
                time: "2024-05-01 08:00".into(),
                width: None,
                counters: 7,
            }]),
        ],
        width: 3,
        crlf: false,
        gzip: true,
        gbk: true,
    };
    assert_eq!(
        d.text(),
        "城市地铁\n医院天气降温。\n3家银行\n利率旅游假期。晨报网2024-05-01 08:00007\n"
    );
    let (bytes, gbk) = d.bytes();
    assert!(gbk);
    assert_eq!(&bytes[..2], [0x1f, 0x8b]);
    let dir = tempfile::tempdir().unwrap();
    let files = write(dir.path(), &[9, 10], &[d.clone(), Dump { gbk: false, ..d }]);
    assert_eq!(files[0].0, "9_page.txt.gz");
    let rows = export(&[dir.path()]);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["encoding"], "gbk");
    assert_eq!(rows[1]["title"], "3家银行");
    assert_eq!(rows[1]["counters"], "007");
    assert_eq!(rows[3]["encoding"], "utf-8");
    assert_eq!(rows[3]["file"], "10_page.txt.gz");
}

/// The library gives the same: one corpus over the folder, ordinals
/// running through its files, each file parsed with its own rules.
#[test]
fn counter_width_and_sources_are_learned_per_file() {
    use newsdump::input::{Corpus, LoadOptions, open};
    let dir = tempfile::tempdir().unwrap();
    // Width 6 here…
    let a = "甲地新闻标题\n摘要一。快讯社2024-05-01 08:00:00123456乙地新闻标题\n摘要二。快讯社2024-05-01 09:00:00654321\n";
    // …width 2 here: across both files the width would be 2, and `3456`
    // would begin a title in the first.
    let b = "丙地新闻标题\n摘要三。晨报网2024-05-02 08:00:00129家门店上线\n摘要四。晨报网2024-05-02 09:00:0034\n";
    // No terminator within 16 characters and no source learned in this
    // file: the source is empty, though 快讯社 was learned in the first.
    let c =
        "丁地新闻标题\n据悉本市今日午后迎来一场明显的强降雨天气过程快讯社2024-05-03 07:00:000001\n";
    // GBK and compressed: the same rules, after decoding.
    let (d, _, _) =
        encoding_rs::GBK.encode("戊地新闻标题\n摘要五。城市日报2024-05-04 10:00:0012345\n");
    for (name, bytes) in [
        ("1_a.txt", a.as_bytes().to_vec()),
        ("2_b.txt", b.as_bytes().to_vec()),
        ("10_c.txt", c.as_bytes().to_vec()),
        ("11_d.txt.gz", gzip(&d)),
    ] {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let corpus = open(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    assert_eq!(corpus.docs().len(), 4);
    assert_eq!(corpus.len(), 6);
    let got: Vec<(String, usize, String, String, String)> = (0..corpus.len())
        .map(|o| {
            let id = corpus.locate(o).unwrap();
            corpus
                .with_article(o, |a| {
                    (
                        corpus.file_name(id.doc as usize),
                        a.id(),
                        a.title().into_owned(),
                        a.source().unwrap_or_default().into_owned(),
                        a.counters().unwrap_or_default().into_owned(),
                    )
                })
                .unwrap()
        })
        .collect();
    let want = [
        ("1_a.txt", 1, "甲地新闻标题", "快讯社", "123456"),
        ("1_a.txt", 2, "乙地新闻标题", "快讯社", "654321"),
        ("2_b.txt", 3, "丙地新闻标题", "晨报网", "12"),
        ("2_b.txt", 4, "9家门店上线", "晨报网", "34"),
        ("10_c.txt", 5, "丁地新闻标题", "", "0001"),
        ("11_d.txt.gz", 6, "戊地新闻标题", "城市日报", "12345"),
    ]
    .map(|(f, id, t, s, c)| {
        (
            f.to_string(),
            id,
            t.to_string(),
            s.to_string(),
            c.to_string(),
        )
    });
    assert_eq!(got, want);
    // Each file alone parses the same.
    for d in 0..corpus.docs().len() {
        let path = corpus.path_of(d).unwrap();
        let one = Corpus::load(&path).unwrap();
        assert_eq!(one.len(), corpus.docs()[d].index.len());
        for i in 0..one.len() {
            let alone = one
                .with_article(i, |a| (*a.entry(), a.title().into_owned()))
                .unwrap();
            let inside = corpus
                .with_article(corpus.first_of(d) + i, |a| {
                    (*a.entry(), a.title().into_owned())
                })
                .unwrap();
            assert_eq!(alone, inside, "{}:{}", path.display(), i + 1);
        }
    }
    // Read as one stream, the same bytes parse otherwise: the test above
    // would catch rules leaking across files.
    let joined = Corpus::single(
        "joined".into(),
        newsdump::input::Bytes::Owned([a, b].concat().into_bytes()),
    );
    let second = joined.with_article(1, |a| a.title().into_owned()).unwrap();
    assert_eq!(second, "3456乙地新闻标题");
}
