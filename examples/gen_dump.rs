//! Generate large, synthetic page dumps (see `FORMAT.md`) for big-file benchmarks.
//!
//! ```text
//! cargo run --release --example gen_dump -- --bytes 1G --out target/bench/big.txt
//! cargo run --release --example gen_dump -- --bytes 64K --seed 7 --out - | head -40
//! ```
//!
//! Options:
//!
//! * `--bytes SIZE` — how much to write (default `64M`). `SIZE` is a plain number of bytes
//!   or a number with a binary suffix: `64K`, `500M`, `1G`, `2T` (also `1.5G`, `64KiB`,
//!   `64kb`; K = 1024). Generation stops at the **first page boundary at or after** `SIZE`,
//!   so the output is never truncated mid-page and is a little larger than `SIZE`
//!   (by less than one page, typically ~10 KB).
//! * `--seed N` — PRNG seed (default 42). The output depends only on `--seed` and
//!   `--bytes`: the same arguments always give a byte-identical file, on any machine.
//! * `--out PATH` — output file, or `-` for stdout (the default).
//!
//! Every page is one lead article (title line, 5–40 paragraph lines of 40–400 characters,
//! occasional short headings, an optional `参考内容:` block of URL lines, occasional inline
//! URLs) followed by a run of 3–8 items (title, then a summary line ending in
//! `SOURCE` + `YYYY-MM-DD HH:MM:SS` + 4-digit counters, with the next item's title glued
//! after the counters; the run's last stamp ends its line). About one page in 50 is
//! preceded by a blank line. Lines end with `\n`; the file ends with one. All vocabulary
//! (companies, products, people, sources, domains) is invented. On average an article is
//! ~1.6 KB (a page ~10.5 KB), so 1 GB holds roughly 620k articles (1 GiB ~660k).
//!
//! A summary line is printed to stderr at the end: bytes, pages, articles, time.
//!
//! No dependencies: this file also builds standalone with
//! `rustc -O examples/gen_dump.rs -o /tmp/gen_dump`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------
// PRNG: splitmix64 (tiny, fast, fully deterministic across platforms).

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x6E65_7773_6475_6D70) // "newsdump"
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

    /// In `0..max`, skewed towards 0 (uniform below a uniform bound).
    fn skew(&mut self, max: usize) -> usize {
        let bound = self.range(1, max);
        self.below(bound)
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    fn pick(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary (all invented).

const COMPANIES: &[&str] = &[
    "星衡科技",
    "云岫智能",
    "蓝鲸算力",
    "极光数科",
    "海岚网络",
    "澄明半导体",
    "青禾机器人",
    "若水数据",
    "启衡汽车",
    "曜石云",
    "北辰芯片",
    "远帆物流",
    "知微传媒",
    "万象互娱",
    "赤焰游戏",
    "松果出行",
    "白鹭医疗",
    "千帆电商",
    "鲸落储能",
    "朗月通信",
    "栖云软件",
    "银杉金融",
    "霁风航天",
    "墨岩安全",
    "Nimbrix",
    "Quorra AI",
    "Veltro",
    "Syntheon Labs",
    "Pixelmoor",
    "Hexaloom",
];

const PRODUCTS: &[&str] = &[
    "Nova-3",
    "QX200",
    "Orion Pro",
    "天枢2.0",
    "灵犀大模型",
    "Aster X1",
    "HyperLink 5",
    "墨羽OS",
    "青鸾芯片",
    "M7 Ultra",
    "星河助手",
    "Lumen-7B",
    "观澜1.5",
    "Atlas-Edge",
    "玄鸟引擎",
    "Kite 4",
    "松针浏览器",
    "Pulse Max",
    "云梯平台",
    "Zephyr-70B",
];

const ROLES: &[&str] = &[
    "创始人",
    "CEO",
    "首席科学家",
    "分析师",
    "副总裁",
    "研究员",
    "CTO",
    "产品负责人",
    "首席财务官",
    "合伙人",
];

const NAMES: &[&str] = &[
    "林若川",
    "周启明",
    "沈一帆",
    "陈可欣",
    "何明远",
    "许言",
    "唐知夏",
    "韩墨白",
    "宋清和",
    "梁思齐",
    "Evan Marsh",
    "Lena Ortiz",
    "方予安",
    "顾北辰",
    "叶听澜",
];

const PLACES: &[&str] = &[
    "深圳",
    "杭州",
    "上海",
    "北京",
    "成都",
    "武汉",
    "苏州",
    "合肥",
    "西安",
    "广州",
    "硅谷",
    "新加坡",
    "南京",
    "重庆",
];

const TOPICS: &[&str] = &[
    "大模型",
    "推理芯片",
    "自动驾驶",
    "端侧AI",
    "智能座舱",
    "云计算",
    "数据中心",
    "固态电池",
    "人形机器人",
    "开源社区",
    "算力集群",
    "跨境电商",
    "短视频平台",
    "隐私计算",
    "卫星互联网",
    "低空经济",
    "工业软件",
    "多模态模型",
    "智能体",
    "向量数据库",
    "边缘计算",
    "操作系统",
    "移动支付",
    "供应链",
    "推荐算法",
    "开发者生态",
    "训练数据",
    "企业知识库",
    "网络安全",
    "智能穿戴",
    "折叠屏手机",
    "光刻工艺",
    "储能电站",
    "在线教育",
    "数字人",
];

const OPENERS: &[&str] = &[
    "据悉",
    "据报道",
    "值得注意的是",
    "业内人士认为",
    "与此同时",
    "此外",
    "另一方面",
    "据知情人士透露",
    "官方表示",
    "从数据来看",
    "不过",
    "事实上",
    "总体来看",
    "截至目前",
    "目前",
    "消息一出",
    "有意思的是",
    "对此",
];

const VERBS: &[&str] = &[
    "发布了",
    "推出了",
    "宣布开源",
    "正式上线",
    "升级了",
    "收购了",
    "投资了",
    "测试了",
    "部署了",
    "披露了",
    "扩展了",
    "重构了",
    "优化了",
    "整合了",
    "押注",
    "布局",
    "下调了",
];

const PREDICATES: &[&str] = &[
    "迎来新一轮洗牌",
    "成为行业焦点",
    "面临不小的压力",
    "进入快速增长期",
    "仍处于早期阶段",
    "引发了广泛讨论",
    "被寄予厚望",
    "正在加速落地",
    "遭遇了成本瓶颈",
    "逐渐走向成熟",
    "吸引了大量资本",
    "出现了明显分化",
    "仍有很长的路要走",
    "获得了监管认可",
];

const SLOW_VERBS: &[&str] = &[
    "正在重塑",
    "逐步改变",
    "加速渗透",
    "深度影响",
    "重新定义",
    "带动了",
];

const ADJ_PHRASES: &[&str] = &[
    "仍然偏高",
    "尚不明朗",
    "明显改善",
    "略低于预期",
    "高于市场预期",
    "基本持平",
    "有待验证",
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
    "Transformer",
    "LLM",
    "RAG",
    "MoE",
    "fine-tuning",
    "context window",
    "latency",
    "throughput",
    "CUDA",
    "Kubernetes",
    "Beta",
    "roadmap",
    "edge",
    "pipeline",
];

const BENCHES: &[&str] = &[
    "多项基准测试",
    "MMLU",
    "代码生成测试",
    "数学推理评测",
    "第三方评测",
    "内部盲测",
];

const ORG_KINDS: &[&str] = &[
    "企业",
    "门店",
    "医院",
    "高校",
    "工厂",
    "银行",
    "初创公司",
    "开发团队",
];

const UNITS: &[&str] = &[
    "万台",
    "亿元",
    "万用户",
    "家",
    "倍",
    "个月",
    "GB",
    "万次",
    "TOPS",
    "项专利",
];

const HEADINGS: &[&str] = &[
    "技术细节",
    "市场反应",
    "行业观察",
    "背景",
    "专家观点",
    "数据解读",
    "三大看点",
    "写在最后",
    "风险与挑战",
    "未来",
    "评估",
    "安全",
    "价格与上市时间",
    "Q&A",
    "一些思考",
    "竞争格局",
];

const SOURCES: &[&str] = &[
    "科技日报网",
    "快讯社",
    "IT之窗",
    "TechWire",
    "数据观察",
    "极客前沿",
    "财经速递",
    "新芯网",
    "云端观察",
    "创投早知道",
    "智东方",
    "码农周刊",
];

const DOMAINS: &[&str] = &[
    "www.kjrbw.cn",
    "news.kuaixunshe.com",
    "www.itzhichuang.net",
    "techwire.example.com",
    "data-guancha.cn",
    "blog.xinghengtech.cn",
    "docs.yunxiu-ai.com",
    "research.nimbrix.io",
    "www.jikeqianyan.com",
    "open.lanjing-compute.cn",
];

const SLUG_WORDS: &[&str] = &[
    "release",
    "model",
    "chip",
    "report",
    "benchmark",
    "update",
    "launch",
    "open",
    "agent",
    "edge",
    "cloud",
    "safety",
    "notes",
    "v2",
    "roadmap",
    "pricing",
];

// Full-width punctuation, written as escapes so it cannot be confused with ASCII.
const FW_COMMA: &str = "\u{FF0C}"; // U+FF0C FULLWIDTH COMMA
const FW_COLON: &str = "\u{FF1A}"; // U+FF1A FULLWIDTH COLON
const FW_EXCL: &str = "\u{FF01}"; // U+FF01 FULLWIDTH EXCLAMATION MARK
const FW_QUEST: &str = "\u{FF1F}"; // U+FF1F FULLWIDTH QUESTION MARK
const FW_SEMI: &str = "\u{FF1B}"; // U+FF1B FULLWIDTH SEMICOLON

// ---------------------------------------------------------------------------
// Page generator.

struct Gen {
    rng: Rng,
    buf: Vec<u8>,
    /// Characters (not bytes) pushed since the last `reset_chars`.
    nchars: usize,
    /// Per-paragraph punctuation style: full-width commas/colons or half-width.
    full: bool,
}

impl Gen {
    fn put(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
        self.nchars += s.chars().count();
    }

    fn put_pick(&mut self, xs: &'static [&'static str]) {
        let s = self.rng.pick(xs);
        self.put(s);
    }

    fn put_num(&mut self, n: usize) {
        let start = self.buf.len();
        let mut n = n;
        loop {
            self.buf.push(b'0' + (n % 10) as u8);
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf[start..].reverse();
        self.nchars += self.buf.len() - start;
    }

    fn put_2(&mut self, n: usize) {
        self.buf.push(b'0' + (n / 10) as u8);
        self.buf.push(b'0' + (n % 10) as u8);
        self.nchars += 2;
    }

    fn comma(&mut self) {
        // Mostly follow the paragraph's style, sometimes mix (real scrapes do).
        let full = self.full ^ self.rng.chance(1, 8);
        self.put(if full { FW_COMMA } else { "," });
    }

    fn colon(&mut self) {
        let full = self.full ^ self.rng.chance(1, 6);
        self.put(if full { FW_COLON } else { ":" });
    }

    /// A Latin word with or without surrounding spaces.
    fn put_en(&mut self) {
        let w = self.rng.pick(EN_WORDS);
        if self.rng.chance(1, 3) {
            self.put(" ");
            self.put(w);
            self.put(" ");
        } else {
            self.put(w);
        }
    }

    fn put_pct(&mut self) {
        let n = self.rng.range(1, 180);
        self.put_num(n);
        if self.rng.chance(1, 2) {
            self.put(".");
            let d = self.rng.below(10);
            self.put_num(d);
        }
        self.put("%");
    }

    fn put_url(&mut self) {
        self.put("https://");
        self.put_pick(DOMAINS);
        match self.rng.below(4) {
            0 => {
                self.put("/");
                let y = self.rng.range(2022, 2025);
                self.put_num(y);
                self.put("/");
                let (m, d) = (self.rng.range(1, 12), self.rng.range(1, 28));
                self.put_2(m);
                self.put_2(d);
                self.put("/");
                let id = self.rng.range(10000, 999999);
                self.put_num(id);
                self.put(".html");
            }
            1 => {
                self.put("/p/");
                let id = self.rng.range(100000, 99999999);
                self.put_num(id);
            }
            _ => {
                let dir = if self.rng.chance(1, 2) {
                    "/blog/"
                } else {
                    "/articles/"
                };
                self.put(dir);
                let k = self.rng.range(2, 4);
                for i in 0..k {
                    if i > 0 {
                        self.put("-");
                    }
                    self.put_pick(SLUG_WORDS);
                }
            }
        }
    }

    /// One clause, no final punctuation.
    fn clause(&mut self) {
        match self.rng.below(14) {
            0 => {
                self.put_pick(OPENERS);
                self.comma();
                self.put_pick(COMPANIES);
                self.put_pick(VERBS);
                self.put_pick(TOPICS);
                self.put("相关业务");
            }
            1 => {
                self.put_pick(COMPANIES);
                self.put("的");
                self.put_pick(PRODUCTS);
                self.put("在");
                self.put_pick(BENCHES);
                self.put("中成绩提升了");
                self.put_pct();
            }
            2 => {
                self.put_pick(ROLES);
                let name = self.rng.pick(NAMES);
                if name.as_bytes()[0].is_ascii() {
                    self.put(" ");
                }
                self.put(name);
                self.put("表示");
                self.colon();
                let (open, close) = if self.rng.chance(1, 2) {
                    ("「", "」")
                } else {
                    ("“", "”")
                };
                self.put(open);
                self.put("我们希望把");
                self.put_pick(TOPICS);
                self.put("做得更简单");
                self.comma();
                self.put("让更多");
                self.put_pick(ORG_KINDS);
                self.put("用得起");
                self.put(close);
            }
            3 => {
                let y = self.rng.range(2022, 2025);
                self.put_num(y);
                self.put("年第");
                let q = self.rng.range(1, 4);
                self.put_num(q);
                self.put("季度");
                self.comma();
                self.put_pick(COMPANIES);
                self.put("营收达到");
                let n = self.rng.range(3, 900);
                self.put_num(n);
                self.put("亿元");
                self.comma();
                self.put("同比增长");
                self.put_pct();
            }
            4 => {
                self.put_pick(TOPICS);
                self.put_pick(SLOW_VERBS);
                self.put_pick(TOPICS);
                self.put("的竞争格局");
            }
            5 => {
                self.put("该");
                self.put_pick(PRODUCTS);
                self.put("支持");
                self.put_en();
                self.put("与");
                self.put_en();
                self.comma();
                self.put("延迟降低至");
                let n = self.rng.range(2, 400);
                self.put_num(n);
                self.put("ms");
            }
            6 => {
                self.put_pick(PLACES);
                if self.rng.chance(1, 3) {
                    self.put("\u{3001}"); // 、 IDEOGRAPHIC COMMA
                    self.put_pick(PLACES);
                    self.put("等地");
                }
                self.put("已有");
                let n = self.rng.range(2, 3000);
                self.put_num(n);
                self.put("家");
                self.put_pick(ORG_KINDS);
                self.put("接入了");
                self.put_pick(PRODUCTS);
            }
            7 => {
                self.put("在");
                self.put_en();
                self.put("方面");
                self.comma();
                self.put_pick(COMPANIES);
                self.put("同样");
                self.put_pick(VERBS);
                self.put("新的方案");
            }
            8 => {
                self.put("有");
                self.put_pick(ROLES);
                self.put("指出");
                self.comma();
                self.put_pick(TOPICS);
                self.put("的部署成本");
                self.put_pick(ADJ_PHRASES);
            }
            9 => {
                self.put("开发者可以通过");
                self.put_en();
                self.put("调用");
                self.put_pick(PRODUCTS);
                self.comma();
                self.put("每百万token价格为");
                let n = self.rng.range(1, 120);
                self.put_num(n);
                self.put("元");
            }
            10 => {
                self.put("累计规模已突破");
                let n = self.rng.range(2, 9999);
                self.put_num(n);
                self.put_pick(UNITS);
            }
            11 => {
                self.put_pick(OPENERS);
                self.comma();
                self.put_pick(TOPICS);
                self.put_pick(PREDICATES);
            }
            12 => {
                self.put("相比上一代");
                self.comma();
                self.put("新版本的");
                self.put_en();
                self.put("提升了约");
                let n = self.rng.range(2, 12);
                self.put_num(n);
                self.put("倍");
            }
            _ => {
                self.put_pick(COMPANIES);
                self.put("计划在未来");
                let n = self.rng.range(2, 36);
                self.put_num(n);
                self.put("个月内");
                self.put_pick(VERBS);
                self.put_pick(TOPICS);
            }
        }
    }

    /// One sentence of 1..=`max_clauses` clauses; ends with `。` unless `free_end`
    /// (then occasionally `!` or full-width `!?;`).
    fn sentence(&mut self, max_clauses: usize, free_end: bool) {
        let k = self.rng.range(1, max_clauses);
        for i in 0..k {
            if i > 0 {
                self.comma();
            }
            self.clause();
        }
        let end = match self.rng.below(if free_end { 40 } else { 1 }) {
            1 => "!",
            2 => FW_EXCL,
            3 => FW_QUEST,
            4 => FW_SEMI,
            _ => "。",
        };
        self.put(end);
    }

    /// Replace a trailing `!` or full-width `!?;` by `。`.
    fn end_with_full_stop(&mut self) {
        for p in ["!", FW_EXCL, FW_QUEST, FW_SEMI] {
            if self.buf.ends_with(p.as_bytes()) {
                self.buf.truncate(self.buf.len() - p.len());
                self.nchars -= 1;
                self.put("。");
                return;
            }
        }
    }

    /// A paragraph line of 40–400 characters, ending with `。`.
    fn paragraph(&mut self) {
        self.full = self.rng.chance(2, 3);
        self.nchars = 0;
        // Near the target only one clause (< 60 chars) is added per step, so the line
        // stays under 400 characters.
        let target = self.rng.range(40, 340);
        let mut url = false;
        while self.nchars < target {
            let remaining = target - self.nchars;
            if !url && self.nchars > 0 && remaining > 150 && self.rng.chance(1, 12) {
                url = true;
                self.put("详见 ");
                self.put_url();
                self.put(" ");
            }
            let max_clauses = if remaining < 120 { 1 } else { 3 };
            self.sentence(max_clauses, remaining > 70);
        }
        self.end_with_full_stop();
        self.buf.push(b'\n');
    }

    fn heading(&mut self) {
        match self.rng.below(5) {
            0 => {
                self.put_pick(TOPICS);
                self.put("的下一步");
            }
            1 => {
                self.put("如何使用");
                self.put_pick(PRODUCTS);
                let q = if self.rng.chance(1, 2) { "?" } else { FW_QUEST };
                self.put(q);
            }
            2 => {
                self.put("为什么是");
                self.put_pick(COMPANIES);
            }
            _ => self.put_pick(HEADINGS),
        }
        self.buf.push(b'\n');
    }

    fn lead_title(&mut self) {
        self.full = self.rng.chance(1, 2);
        match self.rng.below(4) {
            0 => {
                self.put("刚刚");
                self.comma();
                self.put_pick(COMPANIES);
                self.put("发布");
                self.put_pick(PRODUCTS);
                self.put("!");
                self.put_pick(TOPICS);
                self.put_pick(PREDICATES);
            }
            1 => {
                self.put_pick(COMPANIES);
                self.put_pick(VERBS);
                self.put_pick(PRODUCTS);
                self.colon();
                self.put_pick(TOPICS);
                self.put_pick(PREDICATES);
            }
            2 => {
                self.put_pick(TOPICS);
                self.put_pick(PREDICATES);
                self.comma();
                self.put_pick(COMPANIES);
                self.put("能否突围?");
            }
            _ => {
                self.put("深度");
                self.put("|");
                self.put_pick(PLACES);
                self.put("的");
                self.put_pick(TOPICS);
                self.put("样本");
            }
        }
        self.buf.push(b'\n');
    }

    /// Item title (no newline): sometimes starts with a digit.
    fn item_title(&mut self) {
        self.full = self.rng.chance(1, 2);
        match self.rng.below(8) {
            0 => {
                let n = self.rng.range(2, 500);
                self.put_num(n);
                self.put("家");
                self.put_pick(ORG_KINDS);
                self.put("同日上线");
                self.put_pick(TOPICS);
            }
            1 => {
                let n = self.rng.range(3, 9);
                self.put_num(n);
                self.put("分钟看懂");
                self.put_pick(PRODUCTS);
            }
            2 => {
                self.put_pick(COMPANIES);
                self.put(" ");
                self.put_pick(ROLES);
                self.put_pick(NAMES);
                self.put("确认");
                self.put_pick(TOPICS);
                self.put("业务调整");
            }
            3 => {
                self.put_pick(PRODUCTS);
                self.put("上手");
                self.colon();
                self.put_pick(TOPICS);
                self.put_pick(PREDICATES);
            }
            4 => {
                self.put_pick(PLACES);
                self.put("开通首条");
                self.put_pick(TOPICS);
                self.put("示范线");
            }
            5 => {
                self.put_pick(COMPANIES);
                self.put("推出");
                self.put_pick(PRODUCTS);
                self.put(" 最高速率");
                let n = self.rng.range(10, 900);
                self.put_num(n);
                self.put("MB/s");
            }
            6 => {
                self.put_pick(TOPICS);
                self.put("如何做?看这");
                let n = self.rng.range(2, 9);
                self.put_num(n);
                self.put("个案例");
            }
            _ => {
                self.put_pick(COMPANIES);
                self.put_pick(VERBS);
                self.put_pick(TOPICS);
                self.put(" ");
                self.put_pick(PREDICATES);
            }
        }
    }

    /// Summary + stamp (no newline). The summary ends with `。` right before the source.
    fn summary_and_stamp(&mut self, source: &'static str) {
        self.full = self.rng.chance(2, 3);
        let k = self.rng.range(1, 3);
        for i in 0..k {
            self.sentence(2, i + 1 < k);
        }
        self.put(source);
        let y = self.rng.range(2022, 2025);
        let m = self.rng.range(1, 12);
        let dim = match m {
            2 if y.is_multiple_of(4) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let d = self.rng.range(1, dim);
        self.put_num(y);
        self.put("-");
        self.put_2(m);
        self.put("-");
        self.put_2(d);
        self.put(" ");
        let (h, mi, s) = (self.rng.below(24), self.rng.below(60), self.rng.below(60));
        self.put_2(h);
        self.put(":");
        self.put_2(mi);
        self.put(":");
        self.put_2(s);
        let c = match self.rng.below(10) {
            0..=5 => 0,
            6..=8 => self.rng.below(20),
            _ => self.rng.below(10000),
        };
        self.put_2(c / 100);
        self.put_2(c % 100);
    }

    /// Append one page to `self.buf`; returns the number of articles in it.
    fn page(&mut self, blank_before: bool) -> usize {
        if blank_before {
            self.buf.push(b'\n');
        }
        // Lead article.
        self.lead_title();
        let paras = self.rng.range(5, 26) + self.rng.skew(15);
        for i in 0..paras {
            if i > 0 && i + 1 < paras && self.rng.chance(1, 7) {
                self.heading();
            }
            self.paragraph();
        }
        if self.rng.chance(1, 3) {
            let label = if self.rng.chance(4, 5) {
                "参考内容:"
            } else {
                "参考内容\u{FF1A}"
            };
            self.put(label);
            self.buf.push(b'\n');
            for _ in 0..self.rng.range(1, 4) {
                self.put_url();
                self.buf.push(b'\n');
            }
        }
        // Item run.
        let items = self.rng.range(3, 8);
        let main_source = self.rng.pick(SOURCES);
        self.item_title();
        self.buf.push(b'\n');
        for i in 0..items {
            let src = if self.rng.chance(3, 4) {
                main_source
            } else {
                self.rng.pick(SOURCES)
            };
            self.summary_and_stamp(src);
            if i + 1 < items {
                // The next item's title is glued straight after the counters; its
                // summary starts the next line.
                self.item_title();
            }
            self.buf.push(b'\n');
        }
        1 + items
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
}

const USAGE: &str = "usage: gen_dump [--bytes SIZE] [--seed N] [--out PATH|-]\n  \
SIZE: bytes, or with suffix K/M/G/T (binary), e.g. 64K, 500M, 1G (default 64M)\n  \
--seed N: PRNG seed, same args => byte-identical output (default 42)\n  \
--out: output file, '-' = stdout (default)";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        bytes: 64 << 20,
        seed: 42,
        out: "-".into(),
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

fn run(args: &Args) -> io::Result<(u64, u64, u64)> {
    let sink: Box<dyn Write> = if args.out == "-" {
        Box::new(io::stdout().lock())
    } else {
        Box::new(File::create(&args.out)?)
    };
    let mut w = BufWriter::with_capacity(8 << 20, sink);
    let mut g = Gen {
        rng: Rng::new(args.seed),
        buf: Vec::with_capacity(64 << 10),
        nchars: 0,
        full: true,
    };
    let (mut bytes, mut pages, mut articles) = (0u64, 0u64, 0u64);
    while bytes < args.bytes {
        g.buf.clear();
        let blank = pages > 0 && g.rng.chance(1, 50);
        articles += g.page(blank) as u64;
        pages += 1;
        w.write_all(&g.buf)?;
        bytes += g.buf.len() as u64;
    }
    w.flush()?;
    Ok((bytes, pages, articles))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_dump: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let t0 = Instant::now();
    match run(&args) {
        Ok((bytes, pages, articles)) => {
            let secs = t0.elapsed().as_secs_f64();
            eprintln!(
                "gen_dump: {bytes} bytes, {pages} pages, {articles} articles ({:.0} B/article), \
                 seed {}, {:.2} s ({:.0} MiB/s)",
                bytes as f64 / articles.max(1) as f64,
                args.seed,
                secs,
                bytes as f64 / (1 << 20) as f64 / secs.max(1e-9),
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS, // e.g. `| head`
        Err(e) => {
            eprintln!("gen_dump: {}: {e}", args.out);
            ExitCode::FAILURE
        }
    }
}
