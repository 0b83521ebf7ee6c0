//! Generate a realistic scrape *folder* of page dumps (see `FORMAT.md`) for folder
//! benchmarks and tests.
//!
//! ```text
//! cargo run --release --example gen_scrape -- /tmp/newsdump-scrape
//! cargo run --release --example gen_scrape -- /tmp/scrape-small --files 2000 --seed 7
//! ```
//!
//! `OUT_DIR` must not exist or be empty. Options: `--files N` page files (default 100000,
//! ~650 MB), `--seed S` (default 1). The folder depends only on the arguments: the same
//! arguments give byte-identical files on any machine, however many threads write them.
//!
//! Layout, as crawlers leave it:
//!
//! * dated folders `YYYY/MM/DD/` (one per crawl day from 2024-01-01, some days skipped,
//!   ~250 pages a day, every 50th day a big one with 1000+ pages), pages named
//!   `NNN_<16 hex>.txt` with a per-folder counter that is not padded past 3 digits
//!   (`999_…` sorts after `1000_…` byte-wise: natural order matters);
//! * one page per file: a lead article (title, paragraphs, short headings, sometimes a
//!   `参考内容:` block of URL lines, sometimes an editor's footer) and a run of 3–12 items
//!   whose stamps are `SOURCE` + `YYYY-MM-DD HH:MM:SS` + 4-digit counters; sizes are
//!   log-normal (median ~4 KB, 250 B … 200 KB) with one page in 4000 of 0.4–2 MB;
//! * ~5 % gzip (`.txt.gz`, one in 12 of them without the `.gz`), one in 500 zstd
//!   (`.txt.zst`); ~3.5 % GBK, ~3.5 % GB18030 (emoji only there and in UTF-8, so some
//!   GB18030 files have 4-byte sequences), ~1.2 % UTF-8 with a BOM; one in 30 with CRLF
//!   line ends, one in 8 without a final newline;
//! * junk: empty pages (named as the page would have been, so a few are zero-byte `.gz`
//!   or `.zst` files), binary pages (a PNG saved as `.txt`, or text with a run of NULs),
//!   `.json` sidecars (`{"url": …, "status": 200}`), `.DS_Store` files, `crawl.log` at the
//!   root, `.txt.part` files still "being written" in the last folder, and a hidden
//!   `.cache/` folder (with a page copy in it).
//!
//! The vocabulary is invented and never produces [`NEEDLE`] (every file written is checked),
//! so searching for it is a full-scan miss. A summary is printed at the end.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use encoding_rs::{GB18030, GBK};
use flate2::{Compression, write::GzEncoder};
use memchr::memmem;

/// Guaranteed absent from every file of the folder (raw or decompressed).
const NEEDLE: &str = "needle-absent-Qx9";

// ---------------------------------------------------------------------------
// xorshift64*, seeded per file so that threads cannot change the output.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn seeded(seed: u64, stream: u64) -> Rng {
        let mut z = seed.wrapping_mul(0xA076_1D64_78BD_642F) ^ stream.wrapping_add(0xE703_7ED1);
        z = (z ^ (z >> 29)).wrapping_mul(0xD6E8_FEB8_6659_FD93);
        Rng((z ^ (z >> 32)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// In `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// In `(0, 1]`.
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
}

// ---------------------------------------------------------------------------
// Grammar. Each entry is a list of `|`-separated alternatives; `$x` inside one expands
// slot `x`: a letter or digit names another list, the rest are built in code (see
// `Page::slot`). Lists 1–7 are templates, letters are words. All invented.

const GRAMMAR: &[(u8, &str)] = &[
    // 1: lead-paragraph sentences.
    (
        b'1',
        "$A$c$O$V$T相关工作$c$T$S。|$P$G日前$V$T实施方案$c预计惠及$n户居民。|\
         $R$N表示$k$<$T不是一朝一夕的事$c但方向已经明确$>。|\
         今年前$m个月$c$P$T相关投入同比增长$q$c高于全省平均水平。|\
         $O在$P投资建设的$T项目已完成$q的工程量$c计划$y年底投入使用。|\
         记者从$G获悉$c$P将于$F起调整$T相关政策。|\
         据$G统计$c$P目前共有$T从业者$n人$c其中近$q为青年。|\
         不少市民反映$c$T$S$c希望有关部门尽快拿出办法。|\
         $N告诉记者$c自己从事$T已经$d年了$c$<最难的是坚持$>。|\
         $O的$E团队同样在推进$T$c并计划开放更多$E服务。|\
         专家提醒$c$T并非越快越好$c关键在于做好与$T的衔接。|\
         按照计划$c第$d批$T试点将在$P、$P等地展开。|\
         $P今年已举办$d场$T主题活动$c累计吸引观众$n人次。|\
         有分析人士认为$c$T$S$c短期内仍需观察。|\
         该负责人还透露$c下一步将围绕$T出台$d项配套措施。|\
         截至去年年底$c$P$T累计完成$n$U$c较上年增加$q。|更多信息可登录 $L 查询。|\
         这一变化也让$T重新回到公众视野\u{FF01}|$T到底该怎么做?$O给出了自己的答案。|\
         $R$N在接受采访时说$c$P的$T起步早、基础好$c$<有条件走在前面$>。|\
         从$E到$E$c$O只用了不到$d个月时间。|\
         对于外界关心的$T问题$c$G回应称正在抓紧研究……|\
         与$y年相比$c$T的平均成本下降了约$q。|$P一位$R坦言$c$T$S$c$<我们也还在摸索$>。|\
         现场$O工作人员介绍$c$T采用$E方式运行$c高峰时段每小时可服务$n人。",
    ),
    // 2: item summaries; each ends with a sentence terminator (the source follows).
    (
        b'2',
        "$P$V$T$c$T$S。|据介绍$c该项目总投资约$n万元。|$O表示将继续加大对$T的投入。|\
         活动持续$d天$c共吸引$n人次参与。|相关负责人称$c$T$S。|$G提醒市民注意$T相关安全。|\
         目前已有$n名市民报名参加。|这是$P首次尝试$T$c反响热烈\u{FF01}|\
         $T能否长期坚持下去?仍有待观察。|业内人士认为$c$T$S。|\
         $N说$c$<希望更多人关注$T$>。|首批$d$U已于近日交付使用。",
    ),
    // 3: lead titles.
    (
        b'3',
        "$P$V$T$c$T$S|$O发布$T年度报告$k$T$S|直击$P$T现场$k$n人参与|\
         $R$N$k$T要走的路还很长|$T$S?$d个问题带你看懂|$G$V$T新规$c这些变化要知道|\
         $P$T调查$k谁来破解$T难题|$y年$P$T成绩单出炉|$O$V$T$c$P居民$S",
    ),
    // 4: item titles (the digit-led ones test the counter width).
    (
        b'4',
        "$P$T迎来新变化|$d家$O门店同日$V$T|$O$V$T 覆盖$n户|$N$k$T还需久久为功|\
         $y年$P$T数据出炉|$T怎么选?看这$d点|$P首条$T示范线开通|$E 进入$T领域 $O率先试水|\
         $G$k$T$S|$d部门联合$V$T|$P$T$S 记者实地探访",
    ),
    // 5: headings (short, no closing punctuation).
    (
        b'5',
        "$T观察|$P现场|记者手记|相关阅读|背景链接|多方声音|下一步怎么走|一图读懂$T|\
         延伸阅读|专家解读|$N$k$T还有很大空间|数据|编者按|$y年回顾",
    ),
    // 6: footers; 7: reference labels.
    (
        b'6',
        "(责任编辑:$N)|责任编辑$k$N|(来源$k$W)|本文图片均由$O提供",
    ),
    (
        b'7',
        "参考内容:|参考内容\u{FF1A}|相关链接:|原文链接\u{FF1A}",
    ),
    (
        b'O',
        "华益集团|东岭科技|蓝湾地产|禾丰农业|长川汽车|恒舟物流|悦途旅行|青柠传媒|北湖银行|\
         睿信证券|万禾超市|星桥通信|嘉泽医药|鼎石建工|云杉教育|海珀电器|Aurelio|Tandem Labs",
    ),
    (
        b'G',
        "市交通运输局|省气象台|区市场监管局|市教育局|市卫健委|市文旅局|街道办事处|市统计局|\
         省发改委|市住建局|市消防救援支队|市体育局",
    ),
    (
        b'P',
        "东海市|临江|西岭|南湖区|北塘|云泉镇|青石县|松江新区|白沙湾|金川|梅溪|柳港|石门|丰宁",
    ),
    (
        b'N',
        "王志远|李思琪|赵海涛|陈静怡|刘博文|杨晨曦|黄立新|周雨桐|吴振华|孙佳宁|马骁|郑婉清|\
         Daniel Price",
    ),
    (
        b'R',
        "负责人|副局长|研究员|店长|志愿者|工程师|教练|校长|主任医师|分析师|社区书记|董事长",
    ),
    (
        b'T',
        "老旧小区改造|夜间经济|垃圾分类|新能源汽车|社区养老|城市更新|早高峰通勤|文旅消费|\
         校园安全|乡村振兴|智慧停车|直播带货|冬季供暖|全民健身|儿童托育|食品安全|共享单车|\
         数字人民币|电动自行车充电|旧衣回收|防汛抗旱|地铁建设|农产品冷链|人工智能|无人配送|\
         跨境电商|青年就业|博物馆预约|马拉松赛事|低空飞行",
    ),
    (
        b'V',
        "启动|推进|发布|升级|试点|落地|调整|扩容|整治|优化|上线|开通",
    ),
    (
        b'S',
        "成为热议话题|仍面临不少难题|进入关键阶段|取得阶段性进展|受到广泛关注|呈现回暖态势|\
         还有很大提升空间|逐步走向规范|迎来新的机遇|需要多方协同",
    ),
    (
        b'A',
        "据了解|记者注意到|值得一提的是|与此同时|另外|总体来看|据介绍|事实上|目前|近年来|\
         眼下|从去年开始",
    ),
    (
        b'E',
        "App|AI|5G|IoT|SaaS|GPS|VR|Wi-Fi|ETC|O2O|小程序|线上预约",
    ),
    (b'U', "辆|万元|吨|公里|套|人次|个|项|平方米|台"),
    (
        b'D',
        "www.donghai-news.cn|m.linjiang.gov.cn|news.xiling-daily.com|www.kuaixun365.com|\
         info.nanhu.org.cn|www.chengshi-kb.net|static.guanchao.cn|bbs.yunquan.net",
    ),
    // W: item sources (at most 16 characters, no whitespace).
    (
        b'W',
        "东海晚报|城市快讯|财经观察网|体育前线|江南都市报|今日视点|南方快报|中原在线|掌上新闻|\
         西岭日报|云端资讯|新闻晨刊|NewsHub|观潮网",
    ),
    // J: emoji, only in files whose encoding has them (not GBK).
    (b'J', "🔥|📌|✅|👍|📢"),
];

/// The grammar, split once: `lists[slot]` holds the alternatives of a slot.
struct Grammar {
    lists: Vec<Vec<&'static str>>,
}

impl Grammar {
    fn new() -> Grammar {
        let mut lists = vec![Vec::new(); 128];
        for &(slot, alts) in GRAMMAR {
            lists[slot as usize] = alts.split('|').collect();
        }
        let g = Grammar { lists };
        // Every `$x` must name a list or a built-in, and nothing may spell the needle.
        for alt in g.lists.iter().flatten() {
            assert!(
                !alt.contains("needle"),
                "the vocabulary must not spell the needle"
            );
            for (i, _) in alt.match_indices('$') {
                let s = alt.as_bytes()[i + 1];
                assert!(
                    b"ckdnqymFL<>".contains(&s) || !g.lists[s as usize].is_empty(),
                    "unknown slot ${} in {alt:?}",
                    s as char
                );
            }
        }
        for alt in &g.lists[b'2' as usize] {
            assert!(alt.ends_with(['。', '\u{FF01}', '」', '”']), "{alt:?}");
        }
        g
    }
}

// ---------------------------------------------------------------------------
// One page of text.

struct Page<'g> {
    g: &'g Grammar,
    rng: Rng,
    out: String,
    /// Full-width commas and colons (mostly) in the current line.
    wide: bool,
    /// The closing quote that matches the last opening one.
    close: &'static str,
    /// Emoji allowed (UTF-8 and GB18030 files).
    rich: bool,
    /// The crawl day (days since 1970-01-01): items are older, dates in prose later.
    today: i64,
}

impl Page<'_> {
    fn render(&mut self, template: &'static str) {
        let mut rest = template;
        while let Some(i) = rest.find('$') {
            self.out.push_str(&rest[..i]);
            self.slot(rest.as_bytes()[i + 1]);
            rest = &rest[i + 2..];
        }
        self.out.push_str(rest);
    }

    fn number(&mut self, lo: usize, hi: usize) {
        let n = self.rng.range(lo, hi);
        let _ = write!(self.out, "{n}");
    }

    fn slot(&mut self, slot: u8) {
        match slot {
            b'c' | b'k' => {
                let wide = self.wide ^ self.rng.one_in(10);
                let s = match (slot, wide) {
                    (b'c', true) => "\u{FF0C}",
                    (b'c', false) => ",",
                    (_, true) => "\u{FF1A}",
                    _ => ":",
                };
                self.out.push_str(s);
            }
            b'<' => {
                let (open, close) = if self.rng.one_in(2) {
                    ("「", "」")
                } else {
                    ("“", "”")
                };
                self.out.push_str(open);
                self.close = close;
            }
            b'>' => self.out.push_str(self.close),
            b'd' => self.number(2, 99),
            b'n' => self.number(100, 99_999),
            b'm' => self.number(2, 11),
            b'y' => {
                let year = civil(self.today).0 as usize;
                self.number(year - 5, year + 1);
            }
            b'q' => {
                self.number(1, 99);
                if self.rng.one_in(2) {
                    self.out.push('.');
                    self.number(0, 9);
                }
                self.out.push('%');
            }
            // A date-time in prose: never followed by a digit, so never a stamp.
            b'F' => {
                let (y, m, d) = civil(self.today + self.rng.range(1, 90) as i64);
                let h = self.rng.range(8, 20);
                let _ = write!(self.out, "{y}-{m:02}-{d:02} {h:02}:00");
            }
            b'L' => {
                self.out.push_str("https://");
                self.slot(b'D');
                let n = self.rng.range(1000, 9_999_999);
                let _ = match self.rng.below(3) {
                    0 => write!(self.out, "/news/{}/{n}.html", civil(self.today).0),
                    1 => write!(self.out, "/p/{n}"),
                    _ => write!(self.out, "/article?id={n}&from=timeline"),
                };
            }
            _ => {
                let alts = &self.g.lists[slot as usize];
                let pick = alts[self.rng.below(alts.len())];
                self.render(pick);
            }
        }
    }

    fn line(&mut self, slot: u8) {
        self.slot(slot);
        self.out.push('\n');
    }

    fn paragraph(&mut self) {
        self.wide = !self.rng.one_in(3);
        let start = self.out.len();
        let bound = self.rng.range(100, 1000);
        let len = 100 + self.rng.below(bound);
        while self.out.len() - start < len {
            self.slot(b'1');
        }
        self.out.push('\n');
    }

    fn item_title(&mut self) {
        self.wide = self.rng.one_in(2);
        if self.rich && self.rng.one_in(8) {
            self.slot(b'J');
        }
        self.slot(b'4');
    }

    fn stamp(&mut self, source: &'static str) {
        let r = &mut self.rng;
        let (y, mo, d) = civil(self.today - r.below(700) as i64);
        let (h, mi, s) = (r.below(24), r.below(60), r.below(60));
        let c = match r.below(10) {
            0..=5 => 0,
            6..=8 => r.below(20),
            _ => r.below(10_000),
        };
        let _ = write!(
            self.out,
            "{source}{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{c:04}"
        );
    }

    fn pick(&mut self, slot: u8) -> &'static str {
        let alts = &self.g.lists[slot as usize];
        alts[self.rng.below(alts.len())]
    }

    /// A page of about `target` bytes of UTF-8 (never less than a title and 3 items).
    fn page(&mut self, target: usize) {
        let tiny = target < 1500;
        let items = if tiny { 3 } else { self.rng.range(3, 12) };
        let body_end = target.saturating_sub(items * if tiny { 100 } else { 200 });
        self.wide = self.rng.one_in(2);
        self.line(b'3');
        let mut paragraphs = 0;
        while self.out.len() < body_end || (paragraphs == 0 && !tiny) {
            if paragraphs > 0 && self.rng.one_in(6) {
                self.line(b'5');
            }
            self.paragraph();
            paragraphs += 1;
        }
        if !tiny && self.rng.one_in(3) {
            self.line(b'7');
            for _ in 0..self.rng.range(1, 4) {
                self.line(b'L');
            }
        }
        if self.rng.one_in(5) {
            self.line(b'6');
        }
        let main_source = self.pick(b'W');
        self.item_title();
        self.out.push('\n');
        for i in 0..items {
            self.wide = !self.rng.one_in(3);
            for _ in 0..if tiny { 1 } else { self.rng.range(1, 2) } {
                self.slot(b'2');
            }
            let source = if self.rng.one_in(4) {
                self.pick(b'W')
            } else {
                main_source
            };
            self.stamp(source);
            if i + 1 < items {
                self.item_title();
            }
            self.out.push('\n');
        }
    }
}

/// Log-normal page sizes (median ~4 KB, clamped to 250 B … 200 KB), a few much larger.
fn page_size(rng: &mut Rng) -> usize {
    if rng.one_in(4000) {
        return rng.range(400_000, 2_000_000);
    }
    let z = (-2.0 * rng.unit().ln()).sqrt() * (std::f64::consts::TAU * rng.unit()).cos();
    (4100.0 * (0.95 * z).exp()).clamp(250.0, 200_000.0) as usize
}

// ---------------------------------------------------------------------------
// The plan: folders, file names and what each page file is.

#[derive(Clone, Copy, PartialEq)]
enum Enc {
    Utf8,
    Bom,
    Gbk,
    Gb18030,
}

#[derive(Clone, Copy, PartialEq)]
enum Pack {
    Plain,
    Gzip,
    /// gzip bytes in a file named `.txt`.
    GzipAsTxt,
    Zstd,
}

#[derive(Clone, Copy, PartialEq)]
enum Junk {
    No,
    Empty,
    Binary,
}

#[derive(Clone, Copy)]
struct Slot {
    dir: u32,
    num: u32,
    hex: u64,
    enc: Enc,
    pack: Pack,
    junk: Junk,
    crlf: bool,
    no_final_newline: bool,
    sidecar: bool,
}

impl Slot {
    fn name(&self) -> String {
        let ext = match self.pack {
            Pack::Gzip => ".txt.gz",
            Pack::Zstd => ".txt.zst",
            _ => ".txt",
        };
        format!("{:03}_{:016x}{ext}", self.num, self.hex)
    }

    fn url(&self, g: &Grammar) -> String {
        let domains = &g.lists[b'D' as usize];
        let domain = domains[self.hex as usize % domains.len()];
        format!("https://{domain}/article/{:016x}.html", self.hex)
    }
}

struct Plan {
    /// `YYYY/MM/DD` of each crawl day, and that day (days since 1970-01-01).
    dirs: Vec<(String, i64)>,
    slots: Vec<Slot>,
}

/// Year, month, day of a day number (days since 1970-01-01; H. Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// 2024-01-01, the first crawl day.
const FIRST_DAY: i64 = 19_723;

fn plan(seed: u64, files: usize) -> Plan {
    let mut rng = Rng::seeded(seed, u64::MAX);
    let ndays = (files / 250).max(1);
    let mut dirs = Vec::with_capacity(ndays);
    let mut day = FIRST_DAY;
    while dirs.len() < ndays {
        if !rng.one_in(8) {
            let (y, m, d) = civil(day);
            dirs.push((format!("{y}/{m:02}/{d:02}"), day));
        }
        day += 1;
    }
    // Every 50th day is a big crawl (1000+ pages when there are enough); the rest share
    // what is left by random weights.
    let heavy = |i: usize| ndays > 1 && i % 50 == 3.min(ndays - 1);
    let nheavy = (0..ndays).filter(|&i| heavy(i)).count();
    let mut counts = vec![0; ndays];
    let mut left = files;
    for (i, c) in counts.iter_mut().enumerate() {
        if heavy(i) {
            *c = rng.range(1000, 1500).min(files * 6 / 10 / nheavy);
            left -= *c;
        }
    }
    let weights: Vec<usize> = (0..ndays)
        .map(|i| if heavy(i) { 0 } else { rng.range(30, 170) })
        .collect();
    let total: usize = weights.iter().sum::<usize>().max(1);
    let mut given = 0;
    for (c, w) in counts.iter_mut().zip(&weights) {
        *c += left * w / total;
        given += left * w / total;
    }
    let light: Vec<usize> = (0..ndays).filter(|&i| !heavy(i)).collect();
    for k in 0..left - given {
        let i = if light.is_empty() {
            k % ndays
        } else {
            light[k % light.len()]
        };
        counts[i] += 1;
    }

    let mut slots = Vec::with_capacity(files);
    for (dir, &count) in counts.iter().enumerate() {
        for num in 0..count {
            let pack = match rng.below(1000) {
                0..=45 => Pack::Gzip,
                46..=49 => Pack::GzipAsTxt,
                50..=51 => Pack::Zstd,
                _ => Pack::Plain,
            };
            let enc = match rng.below(1000) {
                0..=34 => Enc::Gbk,
                35..=69 => Enc::Gb18030,
                70..=81 => Enc::Bom,
                _ => Enc::Utf8,
            };
            let junk = if rng.one_in(400) {
                Junk::Empty
            } else {
                Junk::No
            };
            slots.push(Slot {
                dir: dir as u32,
                num: num as u32,
                hex: rng.next(),
                enc,
                pack,
                junk,
                crlf: rng.one_in(30),
                no_final_newline: rng.one_in(8),
                sidecar: rng.one_in(25),
            });
        }
    }
    // Rare kinds appear at least once (a binary page one in 20000), even in small folders.
    let n = slots.len();
    for _ in 0..(n / 20_000).max(1) {
        slots[rng.below(n)].junk = Junk::Binary;
    }
    let mut ensure = |ok: &dyn Fn(&Slot) -> bool, set: &dyn Fn(&mut Slot)| {
        if !slots.iter().any(ok) {
            let s = &mut slots[rng.below(n)];
            s.junk = Junk::No;
            set(s);
        }
    };
    ensure(&|s| s.junk == Junk::Empty, &|s| s.junk = Junk::Empty);
    ensure(&|s| s.pack == Pack::Zstd, &|s| s.pack = Pack::Zstd);
    ensure(&|s| s.pack == Pack::GzipAsTxt, &|s| {
        s.pack = Pack::GzipAsTxt
    });
    ensure(&|s| s.enc == Enc::Bom, &|s| s.enc = Enc::Bom);
    ensure(&|s| s.enc == Enc::Gb18030, &|s| s.enc = Enc::Gb18030);
    ensure(
        &|s| s.enc == Enc::Gbk && s.pack == Pack::Gzip && s.junk == Junk::No,
        &|s| (s.enc, s.pack) = (Enc::Gbk, Pack::Gzip),
    );
    Plan { dirs, slots }
}

// ---------------------------------------------------------------------------
// Writing.

/// Counters for the summary (indices into `Tally::0`).
const PAGES: usize = 0;
const PAGE_BYTES: usize = 1;
const JUNK_FILES: usize = 2;
const JUNK_BYTES: usize = 3;
const GZIP: usize = 4;
const GZIP_AS_TXT: usize = 5;
const ZSTD: usize = 6;
const GBK_FILES: usize = 7;
const GB18030_FILES: usize = 8;
const BOM: usize = 9;
const LEGACY_GZIP: usize = 10;
const CRLF: usize = 11;
const EMPTY: usize = 12;
const BINARY: usize = 13;
const SIDECARS: usize = 14;
const DS_STORE: usize = 15;
const PARTS: usize = 16;
const MAX_PAGE: usize = 17;
const DIRS: usize = 18;
const MAX_DIR: usize = 19;
const EMPTY_PACKED: usize = 20;

#[derive(Default)]
struct Tally([AtomicU64; 21]);

impl Tally {
    fn add(&self, i: usize, n: u64) {
        self.0[i].fetch_add(n, Relaxed);
    }

    fn get(&self, i: usize) -> u64 {
        self.0[i].load(Relaxed)
    }
}

struct Out {
    root: PathBuf,
    tally: Tally,
    needle: memmem::Finder<'static>,
}

impl Out {
    fn write(&self, rel: &str, bytes: &[u8], page: bool) -> io::Result<()> {
        assert!(self.needle.find(bytes).is_none(), "{rel} holds the needle");
        fs::write(self.root.join(rel), bytes)?;
        let (files, size) = if page {
            (PAGES, PAGE_BYTES)
        } else {
            (JUNK_FILES, JUNK_BYTES)
        };
        self.tally.add(files, 1);
        self.tally.add(size, bytes.len() as u64);
        Ok(())
    }
}

/// Binary junk: a PNG saved under a page's name, or page text with a run of NULs in it.
fn binary(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.one_in(2) {
        out.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        for _ in 0..rng.range(1000, 30_000) {
            let b = rng.next() as u8;
            out.push(if b < 64 { 0 } else { b });
        }
    } else {
        let cut = text.len() / 2;
        let cut = (0..=cut)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        out.extend_from_slice(&text.as_bytes()[..cut]);
        out.resize(out.len() + rng.range(16, 4096), 0);
        out.extend_from_slice(&text.as_bytes()[cut..]);
    }
    out
}

fn page_text(g: &Grammar, rng: Rng, today: i64, rich: bool) -> String {
    let mut p = Page {
        g,
        rng,
        out: String::new(),
        wide: true,
        close: "”",
        rich,
        today,
    };
    let target = page_size(&mut p.rng);
    p.out.reserve(target + 4096);
    p.page(target);
    p.out
}

fn write_slot(g: &Grammar, plan: &Plan, i: usize, seed: u64, out: &Out) -> io::Result<u64> {
    let s = &plan.slots[i];
    let (dir, today) = &plan.dirs[s.dir as usize];
    let mut text = page_text(g, Rng::seeded(seed, i as u64), *today, s.enc != Enc::Gbk);
    let mut rng = Rng::seeded(!seed, i as u64);
    if s.sidecar {
        let json = format!("{{\"url\": \"{}\", \"status\": 200}}\n", s.url(g));
        let name = format!("{dir}/{:03}_{:016x}.json", s.num, s.hex);
        out.write(&name, json.as_bytes(), false)?;
        out.tally.add(SIDECARS, 1);
    }
    let name = format!("{dir}/{}", s.name());
    match s.junk {
        Junk::Empty => {
            out.tally.add(EMPTY, 1);
            if matches!(s.pack, Pack::Gzip | Pack::Zstd) {
                out.tally.add(EMPTY_PACKED, 1);
            }
            out.write(&name, b"", true)?;
            return Ok(0);
        }
        Junk::Binary => {
            out.tally.add(BINARY, 1);
            let bytes = binary(&mut rng, &text);
            out.write(&name, &bytes, true)?;
            return Ok(bytes.len() as u64);
        }
        Junk::No => {}
    }
    assert!(!text.contains(NEEDLE));
    if s.crlf {
        text = text.replace('\n', "\r\n");
        out.tally.add(CRLF, 1);
    }
    if s.no_final_newline {
        text.truncate(text.trim_end_matches(['\r', '\n']).len());
    }
    out.tally.0[MAX_PAGE].fetch_max(text.len() as u64, Relaxed);
    let encoded: Vec<u8> = match s.enc {
        Enc::Utf8 => text.into_bytes(),
        Enc::Bom => [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
        Enc::Gbk | Enc::Gb18030 => {
            let (enc, k) = if s.enc == Enc::Gbk {
                (GBK, GBK_FILES)
            } else {
                (GB18030, GB18030_FILES)
            };
            out.tally.add(k, 1);
            let (bytes, _, unmappable) = enc.encode(&text);
            assert!(
                !unmappable,
                "{name}: text not representable in {}",
                enc.name()
            );
            bytes.into_owned()
        }
    };
    if s.enc == Enc::Bom {
        out.tally.add(BOM, 1);
    }
    let bytes = match s.pack {
        Pack::Plain => encoded,
        Pack::Gzip | Pack::GzipAsTxt => {
            out.tally.add(GZIP, 1);
            if s.pack == Pack::GzipAsTxt {
                out.tally.add(GZIP_AS_TXT, 1);
            }
            if matches!(s.enc, Enc::Gbk | Enc::Gb18030) {
                out.tally.add(LEGACY_GZIP, 1);
            }
            let mut z = GzEncoder::new(Vec::with_capacity(encoded.len() / 2), Compression::fast());
            z.write_all(&encoded)?;
            z.finish()?
        }
        Pack::Zstd => {
            out.tally.add(ZSTD, 1);
            zstd::stream::encode_all(&encoded[..], 3)?
        }
    };
    out.write(&name, &bytes, true)?;
    Ok(bytes.len() as u64)
}

/// `.DS_Store`-like bytes: a header, then random bytes with many NULs.
fn ds_store(rng: &mut Rng) -> Vec<u8> {
    let mut out = b"\0\0\0\x01Bud1\0\0\x10\0".to_vec();
    for _ in 0..rng.range(2000, 8000) {
        let b = rng.next() as u8;
        out.push(if b < 128 { 0 } else { b });
    }
    out
}

/// Everything that is not a page: logs, sidecar-less junk, partial files, caches.
fn write_extras(
    g: &Grammar,
    plan: &Plan,
    sizes: &[AtomicU64],
    seed: u64,
    out: &Out,
) -> io::Result<()> {
    let mut rng = Rng::seeded(seed, u64::MAX - 1);
    for (i, (dir, _)) in plan.dirs.iter().enumerate() {
        if rng.one_in(12) {
            let bytes = ds_store(&mut rng);
            out.write(&format!("{dir}/.DS_Store"), &bytes, false)?;
            out.tally.add(DS_STORE, 1);
        }
        // Now and then the month folder has one too.
        if i % 30 == 7 {
            let month = &dir[..7];
            let bytes = ds_store(&mut rng);
            out.write(&format!("{month}/.DS_Store"), &bytes, false)?;
            out.tally.add(DS_STORE, 1);
        }
    }

    // Pages still being written: in the last folder, cut mid-line (maybe mid-character).
    let (last_dir, today) = plan.dirs.last().expect("at least one folder");
    let next_num = plan.slots.last().map_or(0, |s| s.num + 1);
    for k in 0..(plan.slots.len() / 25_000).max(1) as u32 {
        let text = page_text(g, Rng::seeded(seed, u64::MAX - 2 - k as u64), *today, true);
        let cut = rng.range(1, text.len() - 1);
        let name = format!(
            "{last_dir}/{:03}_{:016x}.txt.part",
            next_num + k,
            rng.next()
        );
        out.write(&name, &text.as_bytes()[..cut], false)?;
        out.tally.add(PARTS, 1);
    }

    // A hidden cache folder, with a page copy that a walker should skip.
    fs::create_dir_all(out.root.join(".cache"))?;
    out.write(
        ".cache/robots.txt",
        b"User-agent: *\nDisallow: /admin/\nCrawl-delay: 2\n",
        false,
    )?;
    out.write(".cache/cookies.bin", &ds_store(&mut rng), false)?;
    let copy = page_text(g, Rng::seeded(seed, 0), FIRST_DAY, true);
    out.write(
        &format!(".cache/000_{:016x}.txt", rng.next()),
        copy.as_bytes(),
        false,
    )?;
    let state = format!(
        "{{\"last_dir\": \"{last_dir}\", \"pages\": {}}}\n",
        plan.slots.len()
    );
    out.write(".cache/state.json", state.as_bytes(), false)?;

    // crawl.log: one line per page, in crawl order.
    let mut log = BufWriter::with_capacity(1 << 20, Vec::new());
    writeln!(
        log,
        "# crawler 0.9.3 started, seed {seed}, {} pages planned",
        plan.slots.len()
    )?;
    for (s, size) in plan.slots.iter().zip(sizes) {
        let (dir, _) = &plan.dirs[s.dir as usize];
        let t = 6 * 3600 + s.num as usize * 41 % 57_600;
        let url = s.url(g);
        let (level, note) = match s.junk {
            Junk::Empty => ("WARN", " empty body"),
            Junk::Binary => ("WARN", " content-type image/png"),
            Junk::No => ("INFO", ""),
        };
        writeln!(
            log,
            "{}T{:02}:{:02}:{:02}+08:00 {level} GET {url} 200 -> {dir}/{} {} bytes{note}",
            dir.replace('/', "-"),
            t / 3600,
            t / 60 % 60,
            t % 60,
            s.name(),
            size.load(Relaxed),
        )?;
    }
    writeln!(log, "# interrupted: SIGTERM")?;
    let log = log.into_inner().map_err(|e| e.into_error())?;
    out.write("crawl.log", &log, false)
}

fn run(root: &Path, files: usize, seed: u64) -> io::Result<Out> {
    let g = Grammar::new();
    let plan = plan(seed, files);
    fs::create_dir_all(root)?;
    for (dir, _) in &plan.dirs {
        fs::create_dir_all(root.join(dir))?;
    }
    let out = Out {
        root: root.to_path_buf(),
        tally: Tally::default(),
        needle: memmem::Finder::new(NEEDLE.as_bytes()),
    };
    out.tally.add(DIRS, plan.dirs.len() as u64);
    out.tally.add(
        MAX_DIR,
        plan.slots
            .iter()
            .map(|s| s.num as u64 + 1)
            .max()
            .unwrap_or(0),
    );
    let sizes: Vec<AtomicU64> = plan.slots.iter().map(|_| AtomicU64::new(0)).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> io::Result<()> {
                    // Claim 64 pages at a time; each one's text depends only on its index.
                    loop {
                        let start = next.fetch_add(64, Relaxed);
                        let Some(chunk) = sizes.get(start..(start + 64).min(sizes.len())) else {
                            return Ok(());
                        };
                        for (i, size) in (start..).zip(chunk) {
                            size.store(write_slot(&g, &plan, i, seed, &out)?, Relaxed);
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("writer thread panicked"))
    })?;
    write_extras(&g, &plan, &sizes, seed, &out)?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// Command line.

const USAGE: &str = "usage: gen_scrape OUT_DIR [--files N] [--seed S]\n  \
OUT_DIR: created; must not exist or be empty\n  \
--files N: page files to write (default 100000, ~650 MB)\n  \
--seed S: PRNG seed (default 1); same arguments => byte-identical folder";

fn parse_args() -> Result<(PathBuf, usize, u64), String> {
    let (mut dir, mut files, mut seed) = (None, 100_000, 1);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{key} needs a value"))
        };
        match key.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--files" => {
                let v = value()?;
                files = v.parse().map_err(|_| format!("bad --files {v:?}"))?;
                if files == 0 {
                    return Err("--files must be at least 1".into());
                }
            }
            "--seed" => {
                let v = value()?;
                seed = v.parse().map_err(|_| format!("bad --seed {v:?}"))?;
            }
            _ if !a.starts_with('-') && dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a:?}")),
        }
    }
    let dir = dir.ok_or("OUT_DIR is required")?;
    if fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!("{} exists and is not empty", dir.display()));
    }
    Ok((dir, files, seed))
}

fn main() -> ExitCode {
    let (dir, files, seed) = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_scrape: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let t0 = Instant::now();
    let out = match run(&dir, files, seed) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("gen_scrape: {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    let secs = t0.elapsed().as_secs_f64();
    let t = |i| out.tally.get(i);
    let mib = |b: u64| b as f64 / (1 << 20) as f64;
    println!("gen_scrape: {} (seed {seed}) in {secs:.1} s", dir.display());
    println!(
        "  page files  {} ({:.1} MiB, {:.1} KB average, largest {:.1} KB of text) in {} dated \
         folders (up to {} files in one)",
        t(PAGES),
        mib(t(PAGE_BYTES)),
        t(PAGE_BYTES) as f64 / t(PAGES).max(1) as f64 / 1000.0,
        t(MAX_PAGE) as f64 / 1000.0,
        t(DIRS),
        t(MAX_DIR),
    );
    println!(
        "  gzip {} ({} of them named .txt), zstd {}, GBK {}, GB18030 {} ({} of those gzip), \
         UTF-8 BOM {}, CRLF {}",
        t(GZIP),
        t(GZIP_AS_TXT),
        t(ZSTD),
        t(GBK_FILES),
        t(GB18030_FILES),
        t(LEGACY_GZIP),
        t(BOM),
        t(CRLF),
    );
    println!(
        "  junk among pages: {} empty ({} of them named .gz/.zst), {} binary (NUL bytes)",
        t(EMPTY),
        t(EMPTY_PACKED),
        t(BINARY)
    );
    println!(
        "  other files {} ({:.1} MiB): {} .json sidecars, {} .DS_Store, {} .part, crawl.log, \
         .cache/ (4 files)",
        t(JUNK_FILES),
        mib(t(JUNK_BYTES)),
        t(SIDECARS),
        t(DS_STORE),
        t(PARTS),
    );
    println!(
        "  total {} files, {:.1} MiB",
        t(PAGES) + t(JUNK_FILES),
        mib(t(PAGE_BYTES) + t(JUNK_BYTES))
    );
    println!("  absent needle: {NEEDLE}");
    ExitCode::SUCCESS
}
