//! Generate large, synthetic JSON Lines files of scraped news articles (one JSON object a
//! line, as trafilatura, news-please, newspaper4k, Scrapy feeds and corpus shards write
//! them) for big-file benchmarks of the JSON reader.
//!
//! ```text
//! cargo run --release --example gen_jsonl -- --bytes 1G --out target/bench/big.jsonl
//! cargo run --release --example gen_jsonl -- --bytes 64K --seed 7 --out - | head -3
//! cargo run --release --example gen_jsonl -- --bytes 64M --ascii --out /tmp/ascii.jsonl
//! ```
//!
//! Options:
//!
//! * `--bytes SIZE` — how much to write (default `64M`). `SIZE` is a plain number of bytes
//!   or a number with a binary suffix: `64K`, `500M`, `1G`, `2T` (also `1.5G`, `64KiB`,
//!   `64kb`; K = 1024). Generation stops at the **first record boundary at or after**
//!   `SIZE`, so the output is never truncated mid-record and is a little larger than `SIZE`
//!   (by less than one record, typically ~10 KB).
//! * `--seed N` — PRNG seed (default 42). The output depends only on `--seed`, `--bytes`
//!   and `--ascii`: the same arguments always give a byte-identical file, on any machine.
//! * `--out PATH` — output file, or `-` for stdout (the default).
//! * `--ascii` — write every non-ASCII character as a `\uXXXX` escape (lowercase hex,
//!   surrogate pairs above U+FFFF, DEL as `\u007f`), as Python's `json.dumps` does by
//!   default (Scrapy's feeds, news-please). The same records take ~1.85 times the bytes,
//!   so a given `SIZE` holds ~54 % as many.
//!
//! Record flavours, chosen per line (by the PRNG, so deterministically):
//!
//! * ~45 % trafilatura-like: `title`, `authors` (array of 0–3 names), `hostname`, `date`,
//!   `url`, `id`, `tags`, `image_url`, `language`, `text`, sometimes `sitename`,
//!   `excerpt`, `categories`, `fingerprint`, `license` (null), `comments` (""); two key
//!   orders; Python separators (`", "`, `": "`) or compact ones;
//! * ~25 % Scrapy-feed-like: `url`, `title`, `date`, `authors` (one in six as an `author`
//!   string `"A; B"`), `source`, `hostname` (mostly), `tags`, `image_url`, `text`,
//!   `language`, `id`, `crawled_at`; Python separators;
//! * ~22 % news-please: `authors`, `date_download`, `date_modify` (mostly null),
//!   `date_publish` (null in 1 of 30), `description`, `filename`, `image_url`,
//!   `language`, `localpath` (null), `maintext`, `source_domain`, `title`,
//!   `title_page`, `title_rss` (null), `url` — in that (sorted) order, no `text`;
//! * ~5 % corpus shard: `{"id", "text", "metadata": {"url", "date"[, "language"]}}`, the
//!   title as the first line of `text`, no `title`; compact;
//! * ~3 % newspaper4k-like: `title`, `authors`, `publish_date`, `text`, `top_image`,
//!   `canonical_link`, `meta_lang`, `keywords`, `summary`.
//!
//! Every record has a `title` or a `text` string (so `jq '(.title+.text)'` never sees two
//! nulls). The body is 3–30 paragraphs of 40–400 characters (Chinese, with English words,
//! numbers, percentages and occasional URLs; one record in ten indents its paragraphs with
//! two U+3000), joined with `\n`. Rarely a paragraph holds ASCII `"` quotes, a backslash, a
//! tab, an emoji (above U+FFFF), a no-break space or a stray control character, so every
//! JSON escape is exercised. URLs are `https://<domain>/<path>.html`, `hostname` is the
//! URL's host. Dates: ~52 % `YYYY-MM-DD HH:MM:SS`, ~30 % RFC 3339 with `+08:00`, ~8 %
//! `2024年9月5日 08:30`, ~4 % `YYYY-MM-DD`, ~5 % epoch numbers (one in five in
//! milliseconds), ~1 % unparseable text (`昨天`, `3小时前`…); news-please's
//! `date_publish` is the first form 9 times in 10. All vocabulary (companies,
//! products, people, sites, domains) is invented; the words `absent` and `zzznotthere`
//! never appear in any case (every record is checked), so searching for them is a
//! full-scan miss. On average a record is ~10.8 KB (~19.8 KB with `--ascii`), so 1 GiB
//! holds roughly 100,000 records (99,781 with seed 42; 54,290 with `--ascii`). Every line
//! is byte-identical to Python's `json.dumps` of the record it holds (with
//! `ensure_ascii=False`, or the default with `--ascii`; separators as written).
//!
//! A summary line is printed to stderr at the end: bytes, records, flavours, time.
//!
//! No dependencies: this file also builds standalone with
//! `rustc -O examples/gen_jsonl.rs -o /tmp/gen_jsonl`.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------
// PRNG: splitmix64 (tiny, fast, fully deterministic across platforms).

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x6A73_6F6E_6C69_6E65) // "jsonline"
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift; the tiny bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary (all invented). Templates are `|`-separated alternatives; `$x` expands slot
// `x`: an upper-case letter names a word list below, the rest are built in code (see
// `Gen::slot`).

/// Body sentences (each ends with a sentence terminator).
const SENTENCES: &str = "$O$c$C$V$T业务$c$T$S。|\
    $C旗下的$P在$B中得分提高了$q$c超过了上一代产品。|\
    $R$N对记者说$k$<这次我们把$T的门槛降了下来$c$K也能用得上$>。|\
    $y年前$m个月$c$C实现营收$n亿元$c同比增长$q。|\
    $T正在$W$T的格局$c不少$K开始重新评估投入。|\
    新版$P支持$E和$E$c端到端延迟压缩到$d毫秒以内。|\
    在$L$c已有$n家$K接入了$P。|\
    $C方面回应称$c关于$T的传闻$A。|\
    据$H统计$c$T相关融资事件共$d起$c披露金额超过$n万元。|\
    $N认为$c$T的真正瓶颈不在技术$c而在$T。|\
    一位不愿具名的$R透露$c$C内部已经把$T列为明年的重点。|\
    从$E的角度看$c$P的表现$A。|\
    与去年同期相比$c$L的$T订单量增长了$q。|\
    $C还宣布将在$L设立$T研发中心$c预计投入$n万元。|\
    $O$c$T$S。|\
    业内普遍预计$c$T将在$d个月内迎来拐点。|\
    按照$C公布的路线图$c$P的下一个版本将重点改进$E。|\
    $L的$K反馈显示$c$P在高峰时段的稳定性$A。|\
    截至$m月底$c$P累计出货$n$U。|\
    对于$T$c$R$N的看法更加谨慎$k$<热闹之后$c还得看$K愿不愿意买单$>。|\
    $C与$C达成合作$c双方将围绕$T展开联合研发。|\
    该项目由$C牵头$c参与方包括$d家$K。|\
    $N在$H撰文指出$c$T并非万能$c$E才是关键。|\
    有测试者在社交平台上分享了$P的使用体验$c称其$E表现$A。|\
    $C股价当日收涨$q$c市值重回$n亿元上方\u{FF01}|\
    $T还能火多久?$R$N给出的判断是$d年。|\
    $O$c$C已向$d家$K开放$P的$E接口。";

/// Titles.
const TITLES: &str = "$C发布$P$c$T$S|\
    $T$S?$C给出新答案|\
    $L$T调查$k$K为何纷纷入局|\
    $R$N$k$T还处在早期|\
    $g张图看懂$y年$T|\
    $C$V$T$c$P首批用户反馈出炉|\
    $P上手体验$k$E表现$A|\
    $T观察丨$C的$g个变化|\
    独家$k$C拟调整$T业务|\
    \"$P\"背后$k$C的$T野心|\
    $y年$T榜单$k$C排名上升$d位|\
    $H专访$R$N$k$<$T没有捷径$>";

/// English phrases, quoted with ASCII `"` in the text.
const QUOTES: &[&str] = &[
    "we will ship it next quarter",
    "the numbers speak for themselves",
    "this is only the first step",
    "latency matters more than price",
    "no comment at this time",
    "our customers asked for it",
    "it is a marathon, not a sprint",
    "we are hiring in every team",
];

const COMPANIES: &[&str] = &[
    "澜石科技",
    "赫光电子",
    "青穹智造",
    "鹿鸣数据",
    "拓川新能源",
    "栎木软件",
    "溪岭云",
    "嘉木芯",
    "砚池智能",
    "雁回航天",
    "沧澜储能",
    "竹隐网络",
    "峰回医疗",
    "暮川汽车",
    "灵泽生物",
    "琅玕半导体",
    "朔风物流",
    "听涛传媒",
    "蘅芜电商",
    "枕流金融",
    "Quillon",
    "Brightvale",
    "Tessary",
    "Norvane Systems",
    "Kestrix",
    "Aurolith",
];

const PRODUCTS: &[&str] = &[
    "澜思-4",
    "QL900",
    "Vesper Pro",
    "长庚3.0",
    "听风大模型",
    "Kiro X2",
    "FluxLink 6",
    "砚台OS",
    "朱雀芯片",
    "T9 Max",
    "知更助手",
    "Marlo-13B",
    "望舒2.5",
    "Cinder Edge",
    "鲲鹏之翼",
    "Orbel 3",
    "竹简浏览器",
    "Ripple Air",
    "云栈平台",
    "Halcyon-34B",
];

const TOPICS: &[&str] = &[
    "大模型",
    "推理芯片",
    "智能驾驶",
    "端侧AI",
    "车载系统",
    "云服务",
    "算力中心",
    "钠离子电池",
    "具身智能",
    "开源生态",
    "跨境支付",
    "直播电商",
    "隐私计算",
    "商业航天",
    "低空物流",
    "工业仿真",
    "多模态",
    "AI智能体",
    "向量检索",
    "边缘计算",
    "国产操作系统",
    "供应链金融",
    "内容推荐",
    "数据标注",
    "企业搜索",
    "网络安全",
    "可穿戴设备",
    "折叠屏",
    "先进封装",
    "虚拟电厂",
    "在线医疗",
    "数字孪生",
];

const NAMES: &[&str] = &[
    "程雨菲",
    "邵景行",
    "柯以宁",
    "范晓川",
    "骆知远",
    "祁嘉树",
    "钟明朗",
    "苗思远",
    "谭可宜",
    "单亦舟",
    "凌沐阳",
    "贺晴川",
    "孔令昭",
    "姚星河",
    "欧阳未晞",
    "Mara Quint",
    "Tobias Renn",
    "Ilse Varga",
    "Owen Castell",
];

const ROLES: &[&str] = &[
    "创始人",
    "CEO",
    "首席科学家",
    "行业分析师",
    "副总裁",
    "研究员",
    "CTO",
    "产品总监",
    "财务负责人",
    "投资人",
    "工程师",
];

const PLACES: &[&str] = &[
    "深圳", "杭州", "上海", "北京", "成都", "武汉", "苏州", "合肥", "西安", "广州", "长沙", "天津",
    "南京", "重庆", "厦门", "青岛",
];

const OPENERS: &[&str] = &[
    "据悉",
    "记者了解到",
    "值得一提的是",
    "业内人士分析",
    "与此同时",
    "此外",
    "从另一个角度看",
    "据接近该公司的人士透露",
    "公告显示",
    "从财报来看",
    "不过",
    "实际上",
    "整体而言",
    "截至发稿",
    "眼下",
    "消息公布后",
];

const VERBS: &[&str] = &[
    "发布了",
    "推出了",
    "开源了",
    "上线了",
    "升级了",
    "并购了",
    "领投了",
    "测试了",
    "部署了",
    "公布了",
    "收缩了",
    "重组了",
    "加码",
    "布局",
];

const PREDICATES: &[&str] = &[
    "迎来新一轮整合",
    "成为市场焦点",
    "面临不小的挑战",
    "进入加速期",
    "仍处在探索阶段",
    "引发热议",
    "被寄予厚望",
    "正在加快落地",
    "遇到了成本难题",
    "逐步走向成熟",
    "吸引了大量资金",
    "出现明显分化",
    "还有很长的路要走",
];

const SLOW_VERBS: &[&str] = &["重塑", "改写", "渗透", "影响", "重新定义", "带动"];

const OUTCOMES: &[&str] = &[
    "仍然偏高",
    "尚无定论",
    "明显改善",
    "略低于预期",
    "好于市场预期",
    "基本持平",
    "有待观察",
    "纯属误读",
];

const EN_WORDS: &[&str] = &[
    "AI",
    "GPU",
    "API",
    "SaaS",
    "benchmark",
    "token",
    "agent",
    "open source",
    "cloud-native",
    "SDK",
    "LLM",
    "RAG",
    "MoE",
    "fine-tuning",
    "context window",
    "latency",
    "throughput",
    "Kubernetes",
    "beta",
    "roadmap",
    "edge",
    "pipeline",
    "prompt",
    "dataset",
];

const BENCHES: &[&str] = &[
    "多项基准测试",
    "代码补全评测",
    "长文本评测",
    "数学推理测试",
    "第三方测评",
    "盲测",
];

const ORG_KINDS: &[&str] = &[
    "企业",
    "商户",
    "医院",
    "高校",
    "工厂",
    "银行",
    "初创团队",
    "开发者",
    "车企",
    "门店",
];

const UNITS: &[&str] = &["万台", "万套", "万片", "万辆", "万部", "万张"];

/// Sites: name, host (the URL's and `hostname`'s), image host.
const SITES: &[(&str, &str, &str)] = &[
    ("澜声新闻", "www.lansheng-news.cn", "img.lansheng-news.cn"),
    ("晨讯网", "news.chenxun.com.cn", "pic.chenxun.com.cn"),
    ("东隅财经", "finance.dongyu-cj.com", "static.dongyu-cj.com"),
    ("科创前哨", "www.kechuang-qs.net", "img.kechuang-qs.net"),
    ("观微科技", "tech.guanwei.cn", "i.guanwei.cn"),
    ("南风日报", "www.nanfeng-daily.cn", "img.nanfeng-daily.cn"),
    ("橙果资讯", "m.chengguo-zx.com", "cdn.chengguo-zx.com"),
    ("极简车评", "auto.jijian-cp.cn", "img.jijian-cp.cn"),
    (
        "Driftline",
        "www.driftline-news.com",
        "media.driftline-news.com",
    ),
    ("北岸晚报", "epaper.beian-wb.cn", "img.beian-wb.cn"),
    ("云帆快讯", "kuaixun.yunfan365.com", "p.yunfan365.com"),
    ("数智周刊", "www.shuzhi-weekly.cn", "img.shuzhi-weekly.cn"),
];

const SECTIONS: &[&str] = &[
    "tech", "finance", "auto", "world", "local", "science", "ent", "sports", "ai",
];

const SLUG_WORDS: &[&str] = &[
    "release", "model", "chip", "report", "update", "launch", "open", "agent", "edge", "cloud",
    "funding", "ipo", "review", "battery", "robot", "pricing",
];

const EMOJI: &[&str] = &["🚀", "📈", "🔋", "💡", "🤖", "🔥", "✨"];

const CONTROLS: &[&str] = &["\u{8}", "\u{c}", "\u{1}", "\r", "\u{1f}", "\u{7f}"];

const VAGUE_DATES: &[&str] = &[
    "昨天",
    "3小时前",
    "刚刚",
    "前天 14:20",
    "未知时间",
    "今天 09:12",
];

const CATEGORIES: &[&str] = &["科技", "财经", "汽车", "互联网", "创投", "科学"];

/// Never in the output, in any case: they are the benchmarks' search misses.
const FORBIDDEN: &[&[u8]] = &[b"absent", b"zzznotthere"];

// ---------------------------------------------------------------------------
// JSON writing.

const HEX: &[u8; 16] = b"0123456789abcdef";

fn push_u(out: &mut Vec<u8>, u: u32) {
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((u >> shift) & 15) as usize]);
    }
}

/// `s` as a JSON string, escaped as Python's `json.dumps` does (`ensure_ascii=False`,
/// or `True` when `ascii`).
fn json_str(out: &mut Vec<u8>, s: &str, ascii: bool) {
    out.push(b'"');
    if ascii {
        for c in s.chars() {
            match c {
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\n' => out.extend_from_slice(b"\\n"),
                '\r' => out.extend_from_slice(b"\\r"),
                '\t' => out.extend_from_slice(b"\\t"),
                '\u{8}' => out.extend_from_slice(b"\\b"),
                '\u{c}' => out.extend_from_slice(b"\\f"),
                ' '..='~' => out.push(c as u8),
                _ if (c as u32) < 0x1_0000 => push_u(out, c as u32),
                _ => {
                    let v = c as u32 - 0x1_0000;
                    push_u(out, 0xD800 + (v >> 10));
                    push_u(out, 0xDC00 + (v & 0x3FF));
                }
            }
        }
    } else {
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b >= 0x20 && b != b'"' && b != b'\\' {
                continue;
            }
            out.extend_from_slice(&bytes[start..i]);
            start = i + 1;
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => push_u(out, b as u32),
            }
        }
        out.extend_from_slice(&bytes[start..]);
    }
    out.push(b'"');
}

/// A JSON value of a date-like field: most are strings, some epoch numbers.
#[derive(Clone)]
enum Val {
    Str(String),
    Num(i64),
    Null,
}

/// Writes one JSON object's members into `out`.
struct Json {
    out: Vec<u8>,
    ascii: bool,
    /// Python's separators (`", "`, `": "`) rather than compact ones.
    py: bool,
    /// Members written in the innermost open object or array.
    n: usize,
}

impl Json {
    fn sep(&mut self) {
        if self.n > 0 {
            self.out.push(b',');
            if self.py {
                self.out.push(b' ');
            }
        }
        self.n += 1;
    }

    fn key(&mut self, k: &str) {
        self.sep();
        json_str(&mut self.out, k, self.ascii);
        self.out.push(b':');
        if self.py {
            self.out.push(b' ');
        }
    }

    fn open(&mut self, py: bool) {
        self.py = py;
        self.n = 0;
        self.out.push(b'{');
    }

    fn close(&mut self) {
        self.out.push(b'}');
        self.n = 1;
    }

    fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        json_str(&mut self.out, v, self.ascii);
    }

    fn null(&mut self, k: &str) {
        self.key(k);
        self.out.extend_from_slice(b"null");
    }

    fn val(&mut self, k: &str, v: &Val) {
        match v {
            Val::Str(s) => self.str(k, s),
            Val::Num(n) => {
                self.key(k);
                let _ = write!(self.out, "{n}");
            }
            Val::Null => self.null(k),
        }
    }

    fn strs(&mut self, k: &str, vs: &[&str]) {
        self.key(k);
        self.out.push(b'[');
        for (i, v) in vs.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
                if self.py {
                    self.out.push(b' ');
                }
            }
            json_str(&mut self.out, v, self.ascii);
        }
        self.out.push(b']');
    }
}

/// Whether `hay` holds a forbidden word, ASCII case-insensitively.
fn forbidden(hay: &[u8]) -> Option<&'static str> {
    for (i, &b) in hay.iter().enumerate() {
        let l = b | 0x20;
        if l != b'a' && l != b'z' {
            continue;
        }
        for w in FORBIDDEN {
            if w[0] == l && hay[i..].len() >= w.len() && hay[i..i + w.len()].eq_ignore_ascii_case(w)
            {
                return Some(std::str::from_utf8(w).unwrap());
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Dates.

/// Days since 1970-01-01 to (year, month, day).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// 2019-01-01, the first publication day; dates run to 2025-08-31.
const FIRST_DAY: i64 = 17_897;
const DAYS: usize = 2_435;

/// A publication time, Beijing time (+08:00).
#[derive(Clone, Copy)]
struct Time {
    days: i64,
    secs: i64,
}

impl Time {
    fn ymd(self) -> (i64, i64, i64) {
        civil(self.days)
    }

    fn hms(self) -> (i64, i64, i64) {
        (self.secs / 3600, self.secs / 60 % 60, self.secs % 60)
    }

    fn epoch(self) -> i64 {
        self.days * 86_400 + self.secs - 8 * 3600
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    fn plain(self) -> String {
        let ((y, mo, d), (h, mi, s)) = (self.ymd(), self.hms());
        format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }

    fn later(self, rng: &mut Rng) -> Time {
        let secs = self.secs + rng.range(60, 3 * 86_400) as i64;
        Time {
            days: self.days + secs / 86_400,
            secs: secs % 86_400,
        }
    }
}

// ---------------------------------------------------------------------------
// Record generator.

/// What every flavour draws from.
struct Article {
    title: String,
    body: String,
    site: (&'static str, &'static str, &'static str),
    url: String,
    time: Time,
    authors: Vec<&'static str>,
    tags: Vec<&'static str>,
    image: Option<String>,
}

#[derive(Clone, Copy)]
enum Flavour {
    Trafilatura,
    Scrapy,
    NewsPlease,
    Corpus,
    Newspaper,
}

struct Gen {
    rng: Rng,
    j: Json,
    /// Text being built, and its length in characters since the last reset.
    t: String,
    nchars: usize,
    /// Full-width commas and colons (mostly) in the current paragraph.
    wide: bool,
    /// The closing quote matching the last opening one.
    close: &'static str,
    templates_body: Vec<&'static str>,
    templates_title: Vec<&'static str>,
    /// Records written, by flavour.
    counts: [u64; 5],
}

impl Gen {
    fn new(seed: u64, ascii: bool) -> Gen {
        let g = Gen {
            rng: Rng::new(seed),
            j: Json {
                out: Vec::with_capacity(64 << 10),
                ascii,
                py: true,
                n: 0,
            },
            t: String::with_capacity(16 << 10),
            nchars: 0,
            wide: true,
            close: "」",
            templates_body: SENTENCES.split('|').collect(),
            templates_title: TITLES.split('|').collect(),
            counts: [0; 5],
        };
        // No word may spell a search miss, not even in part at its edges.
        let lists: [&[&str]; 17] = [
            &g.templates_body,
            &g.templates_title,
            QUOTES,
            COMPANIES,
            PRODUCTS,
            TOPICS,
            NAMES,
            ROLES,
            OPENERS,
            EN_WORDS,
            SECTIONS,
            SLUG_WORDS,
            VAGUE_DATES,
            CATEGORIES,
            BENCHES,
            UNITS,
            ORG_KINDS,
        ];
        for w in lists.iter().flat_map(|l| l.iter()) {
            assert!(forbidden(w.as_bytes()).is_none(), "{:?}", w);
        }
        for t in g.templates_body.iter().chain(&g.templates_title) {
            for (i, _) in t.match_indices('$') {
                let s = t.as_bytes()[i + 1];
                assert!(
                    b"ckngdqymu<>CPTNRLOVSWAEBKUH".contains(&s),
                    "${} in {t:?}",
                    s as char
                );
            }
        }
        g
    }

    fn put(&mut self, s: &str) {
        self.t.push_str(s);
        self.nchars += s.chars().count();
    }

    fn num(&mut self, lo: usize, hi: usize) {
        let n = self.rng.range(lo, hi);
        let before = self.t.len();
        let _ = write!(self.t, "{n}");
        self.nchars += self.t.len() - before;
    }

    fn render(&mut self, template: &'static str) {
        let mut rest = template;
        while let Some(i) = rest.find('$') {
            self.put(&rest[..i]);
            self.slot(rest.as_bytes()[i + 1]);
            rest = &rest[i + 2..];
        }
        self.put(rest);
    }

    fn slot(&mut self, slot: u8) {
        let word = match slot {
            b'C' => COMPANIES,
            b'P' => PRODUCTS,
            b'T' => TOPICS,
            b'N' => NAMES,
            b'R' => ROLES,
            b'L' => PLACES,
            b'O' => OPENERS,
            b'V' => VERBS,
            b'S' => PREDICATES,
            b'W' => SLOW_VERBS,
            b'A' => OUTCOMES,
            b'B' => BENCHES,
            b'K' => ORG_KINDS,
            b'U' => UNITS,
            b'H' => {
                let site = self.rng.pick(SITES).0;
                self.put(site);
                return;
            }
            b'E' => {
                let w = self.rng.pick(EN_WORDS);
                // Latin words with or without spaces around them, as Chinese texts do.
                if self.rng.chance(1, 3) {
                    self.put(" ");
                    self.put(w);
                    self.put(" ");
                } else {
                    self.put(w);
                }
                return;
            }
            b'c' | b'k' => {
                let wide = self.wide ^ self.rng.chance(1, 10);
                let s = match (slot, wide) {
                    (b'c', true) => "\u{FF0C}",
                    (b'c', false) => ",",
                    (_, true) => "\u{FF1A}",
                    _ => ":",
                };
                self.put(s);
                return;
            }
            b'<' => {
                let (open, close) = if self.rng.chance(1, 2) {
                    ("「", "」")
                } else {
                    ("“", "”")
                };
                self.put(open);
                self.close = close;
                return;
            }
            b'>' => {
                let close = self.close;
                self.put(close);
                return;
            }
            b'g' => return self.num(2, 9),
            b'd' => return self.num(2, 99),
            b'n' => return self.num(3, 99_999),
            b'm' => return self.num(2, 11),
            b'y' => return self.num(2019, 2025),
            b'q' => {
                self.num(1, 180);
                if self.rng.chance(1, 2) {
                    self.put(".");
                    self.num(0, 9);
                }
                self.put("%");
                return;
            }
            b'u' => {
                let site = self.rng.pick(SITES);
                let day = FIRST_DAY + self.rng.below(DAYS) as i64;
                let url = self.url(site.1, day);
                self.put(&url);
                return;
            }
            _ => unreachable!("slot {}", slot as char),
        };
        let w = self.rng.pick(word);
        self.put(w);
    }

    fn hex(&mut self, digits: usize) -> String {
        let mut s = String::with_capacity(digits);
        for _ in 0..digits {
            s.push(HEX[self.rng.below(16)] as char);
        }
        s
    }

    /// `https://HOST/PATH.html`, the path dated `day` in most styles.
    fn url(&mut self, host: &str, day: i64) -> String {
        let (y, m, d) = civil(day);
        let id = self.rng.range(10_000, 9_999_999);
        match self.rng.below(5) {
            0 => format!("https://{host}/news/{y}/{m:02}{d:02}/{id}.html"),
            1 => format!("https://{host}/a/{y}{m:02}{d:02}/{}.html", self.hex(16)),
            2 => {
                let section = self.rng.pick(SECTIONS);
                let mut slug = String::new();
                for i in 0..self.rng.range(2, 4) {
                    if i > 0 {
                        slug.push('-');
                    }
                    slug.push_str(self.rng.pick(SLUG_WORDS));
                }
                format!("https://{host}/{section}/{y}-{m:02}-{d:02}/{slug}-{id}.html")
            }
            3 => format!("https://{host}/content/{id}.html"),
            _ => {
                let section = self.rng.pick(SECTIONS);
                format!("https://{host}/{section}/{y}{m:02}/t{y}{m:02}{d:02}_{id}.html")
            }
        }
    }

    /// One paragraph of 40–400 characters into `self.t`.
    fn paragraph(&mut self, indent: bool) {
        self.wide = self.rng.chance(3, 4);
        self.nchars = 0;
        if indent {
            self.put("\u{3000}\u{3000}");
        }
        // Skewed towards long paragraphs (the larger of two draws); a sentence that
        // would take the paragraph past 400 characters is taken back.
        let target = self.rng.range(40, 345).max(self.rng.range(40, 345));
        let mut url = false;
        while self.nchars < target {
            let (len, nchars) = (self.t.len(), self.nchars);
            let remaining = target - self.nchars;
            if !url && self.nchars > 0 && remaining > 80 && self.rng.chance(1, 15) {
                url = true;
                let (open, close) = if self.rng.chance(1, 2) {
                    ("详情可访问 ", " 了解。")
                } else {
                    ("(原文链接 ", ")")
                };
                self.put(open);
                self.slot(b'u');
                self.put(close);
            } else {
                self.sentence();
            }
            if self.rng.chance(1, 3000) {
                let c = self.rng.pick(CONTROLS);
                self.put(c);
            }
            if self.nchars > 399 {
                self.t.truncate(len);
                self.nchars = nchars;
                break;
            }
        }
        if self.rng.chance(1, 40) {
            let e = self.rng.pick(EMOJI);
            self.put(e);
        }
    }

    /// One sentence (rarely one with quotes, a backslash, a tab or a no-break space).
    fn sentence(&mut self) {
        match self.rng.below(1000) {
            0..=24 => {
                // ASCII quotes.
                self.slot(b'N');
                self.put("在邮件里写道");
                self.slot(b'k');
                self.put("\"");
                let q = self.rng.pick(QUOTES);
                self.put(q);
                self.put("\"。");
            }
            25..=28 => {
                // Backslashes.
                if self.rng.chance(1, 2) {
                    self.put("日志默认写在 C:\\ProgramData\\Kestrix\\logs 目录下。");
                } else {
                    self.put("匹配规则写作 \\d{4}-\\d{2}\\.txt 即可。");
                }
            }
            29..=33 => {
                // A tab-separated table row.
                self.put("参数");
                self.slot(b'k');
                self.slot(b'P');
                self.put("\t");
                self.num(999, 19_999);
                self.put("元\t");
                self.num(4, 64);
                self.put("GB。");
            }
            34..=40 => {
                // A no-break space between a number and its unit, as pasted from HTML.
                self.put("功耗约");
                self.num(5, 700);
                self.put("\u{A0}W。");
            }
            _ => {
                let t = self.rng.pick(&self.templates_body);
                self.render(t);
            }
        }
    }

    fn title(&mut self) -> String {
        self.t.clear();
        self.wide = self.rng.chance(1, 2);
        let t = self.rng.pick(&self.templates_title);
        self.render(t);
        if self.rng.chance(1, 200) {
            let e = self.rng.pick(EMOJI);
            self.put(e);
        }
        self.t.clone()
    }

    fn body(&mut self) -> String {
        self.t.clear();
        let indent = self.rng.chance(1, 10);
        let paras = self.rng.range(3, 30);
        let mut body = String::with_capacity(12 << 10);
        for i in 0..paras {
            if i > 0 {
                body.push('\n');
            }
            self.t.clear();
            self.paragraph(indent);
            body.push_str(&self.t);
        }
        body
    }

    fn names<'a>(&mut self, list: &'a [&'a str], lo: usize, hi: usize) -> Vec<&'a str> {
        let n = self.rng.range(lo, hi);
        let mut v: Vec<&str> = Vec::with_capacity(n);
        while v.len() < n {
            let w = self.rng.pick(list);
            if !v.contains(&w) {
                v.push(w);
            }
        }
        v
    }

    fn article(&mut self) -> Article {
        let site = self.rng.pick(SITES);
        let time = Time {
            days: FIRST_DAY + self.rng.below(DAYS) as i64,
            secs: self.rng.below(86_400) as i64,
        };
        let url = self.url(site.1, time.days);
        let authors = self.names(NAMES, 0, 3);
        let tags = self.names(TOPICS, 0, 5);
        let image = if self.rng.chance(4, 5) {
            let (y, m, _) = time.ymd();
            let ext = self.rng.pick(&["jpg", "jpg", "png", "webp"]);
            Some(format!(
                "https://{}/{y}/{m:02}/{}.{ext}",
                site.2,
                self.hex(20)
            ))
        } else {
            None
        };
        let title = self.title();
        let body = self.body();
        Article {
            title,
            body,
            site,
            url,
            time,
            authors,
            tags,
            image,
        }
    }

    /// The publication date in one of the formats scrapers leave.
    fn date(&mut self, t: Time) -> Val {
        let ((y, mo, d), (h, mi, s)) = (t.ymd(), t.hms());
        match self.rng.below(1000) {
            0..=519 => Val::Str(t.plain()),
            520..=819 => Val::Str(format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+08:00")),
            820..=899 => Val::Str(format!("{y}年{mo}月{d}日 {h:02}:{mi:02}")),
            900..=939 => Val::Str(format!("{y}-{mo:02}-{d:02}")),
            940..=979 => Val::Num(t.epoch()),
            980..=989 => Val::Num(t.epoch() * 1000 + self.rng.below(1000) as i64),
            _ => Val::Str(self.rng.pick(VAGUE_DATES).to_string()),
        }
    }

    fn image(&mut self, a: &Article) -> Val {
        a.image.clone().map_or(Val::Null, Val::Str)
    }

    /// The first sentence of the body (at most 120 characters), without an indent.
    fn excerpt(body: &str) -> String {
        let first = body.split('\n').next().unwrap_or("");
        let first = first.trim_start_matches('\u{3000}');
        let end = first
            .find('。')
            .map_or(first.len(), |i| i + '。'.len_utf8());
        first[..end].chars().take(120).collect()
    }

    /// Append one record (and its `\n`) to `self.j.out`.
    fn record(&mut self) {
        let a = self.article();
        let flavour = match self.rng.below(100) {
            0..=44 => Flavour::Trafilatura,
            45..=69 => Flavour::Scrapy,
            70..=91 => Flavour::NewsPlease,
            92..=96 => Flavour::Corpus,
            _ => Flavour::Newspaper,
        };
        self.counts[flavour as usize] += 1;
        let date = self.date(a.time);
        let image = self.image(&a);
        match flavour {
            Flavour::Trafilatura => {
                let py = self.rng.chance(7, 10);
                let id = if self.rng.chance(1, 2) {
                    Val::Str(self.hex(16))
                } else {
                    Val::Num(self.rng.range(1, 99_999_999) as i64)
                };
                let extras = self.rng.chance(1, 3);
                let fingerprint = self.hex(16);
                let category = self.rng.pick(CATEGORIES);
                self.j.open(py);
                if self.rng.chance(2, 3) {
                    self.j.str("title", &a.title);
                    self.j.strs("authors", &a.authors);
                    self.j.str("hostname", a.site.1);
                    self.j.val("date", &date);
                    self.j.str("url", &a.url);
                    self.j.val("id", &id);
                    self.j.strs("tags", &a.tags);
                    self.j.val("image_url", &image);
                    self.j.str("language", "zh");
                    if extras {
                        self.j.str("sitename", a.site.0);
                        self.j.str("excerpt", &Self::excerpt(&a.body));
                        self.j.str("categories", category);
                        self.j.str("fingerprint", &fingerprint);
                        self.j.null("license");
                        self.j.str("comments", "");
                    }
                    self.j.str("text", &a.body);
                } else {
                    self.j.val("id", &id);
                    self.j.str("url", &a.url);
                    self.j.str("hostname", a.site.1);
                    if extras {
                        self.j.str("sitename", a.site.0);
                    }
                    self.j.str("title", &a.title);
                    self.j.val("date", &date);
                    self.j.strs("authors", &a.authors);
                    self.j.str("language", "zh");
                    self.j.strs("tags", &a.tags);
                    self.j.val("image_url", &image);
                    self.j.str("text", &a.body);
                    if extras {
                        self.j.str("excerpt", &Self::excerpt(&a.body));
                        self.j.str("fingerprint", &fingerprint);
                    }
                }
                self.j.close();
            }
            Flavour::Scrapy => {
                let hostname = self.rng.chance(3, 4);
                let author_string = self.rng.chance(1, 6);
                let crawled = a.time.later(&mut self.rng).plain();
                let id = format!(
                    "{}-{}",
                    a.site.1.split('.').nth(1).unwrap_or("x"),
                    self.hex(12)
                );
                self.j.open(true);
                self.j.str("url", &a.url);
                self.j.str("title", &a.title);
                self.j.val("date", &date);
                if author_string {
                    self.j.str("author", &a.authors.join("; "));
                } else {
                    self.j.strs("authors", &a.authors);
                }
                self.j.str("source", a.site.0);
                if hostname {
                    self.j.str("hostname", a.site.1);
                }
                self.j.strs("tags", &a.tags);
                self.j.val("image_url", &image);
                self.j.str("text", &a.body);
                self.j.str("language", "zh");
                self.j.str("id", &id);
                self.j.str("crawled_at", &crawled);
                self.j.close();
            }
            Flavour::NewsPlease => {
                let py = self.rng.chance(1, 2);
                let download = a.time.later(&mut self.rng).plain();
                let modify = if self.rng.chance(1, 5) {
                    Val::Str(a.time.later(&mut self.rng).plain())
                } else {
                    Val::Null
                };
                let publish = if self.rng.chance(1, 30) {
                    Val::Null
                } else if self.rng.chance(9, 10) {
                    Val::Str(a.time.plain())
                } else {
                    date
                };
                let filename = format!("{}.json", a.url.replace(':', "%3A").replace('/', "%2F"));
                let title_page = format!("{} - {}", a.title, a.site.0);
                self.j.open(py);
                self.j.strs("authors", &a.authors);
                self.j.str("date_download", &download);
                self.j.val("date_modify", &modify);
                self.j.val("date_publish", &publish);
                self.j.str("description", &Self::excerpt(&a.body));
                self.j.str("filename", &filename);
                self.j.val("image_url", &image);
                self.j.str("language", "zh");
                self.j.null("localpath");
                self.j.str("maintext", &a.body);
                self.j.str("source_domain", a.site.1);
                self.j.str("title", &a.title);
                self.j.str("title_page", &title_page);
                self.j.null("title_rss");
                self.j.str("url", &a.url);
                self.j.close();
            }
            Flavour::Corpus => {
                let id = format!("zh-{:07}-{}", self.rng.below(10_000_000), self.hex(8));
                let text = format!("{}\n{}", a.title, a.body);
                let language = self.rng.chance(1, 2);
                self.j.open(false);
                self.j.str("id", &id);
                self.j.str("text", &text);
                self.j.key("metadata");
                self.j.open(false);
                self.j.str("url", &a.url);
                self.j.val("date", &date);
                if language {
                    self.j.str("language", "zh");
                }
                self.j.close();
                self.j.close();
            }
            Flavour::Newspaper => {
                let keywords = self.names(TOPICS, 0, 4);
                self.j.open(true);
                self.j.str("title", &a.title);
                self.j.strs("authors", &a.authors);
                self.j.val("publish_date", &date);
                self.j.str("text", &a.body);
                self.j.val("top_image", &image);
                self.j.str("canonical_link", &a.url);
                self.j.str("meta_lang", "zh");
                self.j.strs("keywords", &keywords);
                self.j.str("summary", "");
                self.j.close();
            }
        }
        self.j.out.push(b'\n');
    }
}

// ---------------------------------------------------------------------------
// Command line.

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, suffix) = t.split_at(split);
    let mult: u64 = match suffix.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return Err(format!("bad size suffix in {s:?} (use K, M, G or T)")),
    };
    if num.contains('.') {
        let v: f64 = num.parse().map_err(|_| format!("bad size {s:?}"))?;
        Ok((v * mult as f64) as u64)
    } else {
        let v: u64 = num.parse().map_err(|_| format!("bad size {s:?}"))?;
        v.checked_mul(mult)
            .ok_or_else(|| format!("size {s:?} too large"))
    }
}

struct Args {
    bytes: u64,
    seed: u64,
    out: String,
    ascii: bool,
}

const USAGE: &str = "usage: gen_jsonl [--bytes SIZE] [--seed N] [--out PATH|-] [--ascii]\n  \
SIZE: bytes, or with suffix K/M/G/T (binary), e.g. 64K, 500M, 1G (default 64M)\n  \
--seed N: PRNG seed, same args => byte-identical output (default 42)\n  \
--out: output file, '-' = stdout (default)\n  \
--ascii: escape every non-ASCII character as \\uXXXX (Python's json.dumps default)";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        bytes: 64 << 20,
        seed: 42,
        out: "-".into(),
        ascii: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        if key == "-h" || key == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        if key == "--ascii" && inline.is_none() {
            args.ascii = true;
            continue;
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or(format!("{key} needs a value"))
        };
        match key.as_str() {
            "--bytes" => args.bytes = parse_size(&value()?)?,
            "--seed" => {
                let v = value()?;
                args.seed = v.parse().map_err(|_| format!("bad seed {v:?}"))?;
            }
            "--out" => args.out = value()?,
            _ => return Err(format!("unknown argument {a:?}")),
        }
    }
    Ok(args)
}

fn run(args: &Args, g: &mut Gen) -> io::Result<(u64, u64)> {
    let sink: Box<dyn Write> = if args.out == "-" {
        Box::new(io::stdout().lock())
    } else {
        Box::new(File::create(&args.out)?)
    };
    let mut w = BufWriter::with_capacity(8 << 20, sink);
    let (mut bytes, mut records) = (0u64, 0u64);
    while bytes < args.bytes {
        g.j.out.clear();
        g.record();
        if let Some(word) = forbidden(&g.j.out) {
            panic!("record {} spells {:?}: fix the vocabulary", records, word);
        }
        w.write_all(&g.j.out)?;
        bytes += g.j.out.len() as u64;
        records += 1;
    }
    w.flush()?;
    Ok((bytes, records))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_jsonl: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let t0 = Instant::now();
    let mut g = Gen::new(args.seed, args.ascii);
    match run(&args, &mut g) {
        Ok((bytes, records)) => {
            let secs = t0.elapsed().as_secs_f64();
            let c = g.counts;
            eprintln!(
                "gen_jsonl: {bytes} bytes, {records} records ({:.0} B/record; trafilatura {}, \
                 scrapy {}, news-please {}, corpus {}, newspaper {}), {}seed {}, {:.2} s \
                 ({:.0} MiB/s)",
                bytes as f64 / records.max(1) as f64,
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                if args.ascii { "ascii, " } else { "" },
                args.seed,
                secs,
                bytes as f64 / (1 << 20) as f64 / secs.max(1e-9),
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS, // e.g. `| head`
        Err(e) => {
            eprintln!("gen_jsonl: {}: {e}", args.out);
            ExitCode::FAILURE
        }
    }
}
