//! Generate a page dump (see `FORMAT.md`) with planted duplicates, and the ground truth
//! to score a duplicate finder against (issue 15).
//!
//! ```text
//! cargo run --release --example gen_dups -- --articles 450000 \
//!     --out target/bench/dups.txt --truth target/bench/dups.truth.json
//! cargo run --release --example gen_dups -- --articles 5000 --seed 7 \
//!     --out /tmp/dups.txt --truth /tmp/dups.truth.json
//! python3 scripts/eval_dups.py /tmp/dups.truth.json --brute /tmp/dups.txt --threshold 0.8
//! ```
//!
//! Options: `--articles N` (required; also `5k`, `450k`), `--out PATH` (`-` = stdout),
//! `--truth PATH`, `--seed S` (default 42). The output depends only on `--articles` and
//! `--seed`: the same arguments give byte-identical files on any machine. Exactly `N`
//! articles are written (the last page is cut short); ~1.45 KB per article on average, so
//! 450,000 articles are ~650 MB.
//!
//! Pages are written as `gen_dump` writes them: one lead (title line, paragraphs, short
//! headings, sometimes a `参考内容:` block of URL lines) and a run of 3–8 items whose stamps
//! are `SOURCE` + `YYYY-MM-DD HH:MM:SS` + 4-digit counters, the next item's title glued
//! after the counters. The text is built from a vocabulary of ~1,500 Chinese words plus
//! generated names (people, companies, institutions), so unrelated texts share few
//! character 5-grams; ~5 % of leads and ~7 % of items are English.
//!
//! Planted, in the words of the issue:
//!
//! * **refetch** (a): a lead fetched again on a later page, 1–3 times in a chain; each copy
//!   has 1–3 sentences replaced, inserted, deleted or edited relative to the previous one
//!   (one copy in five is unchanged), and is checked to keep Jaccard ≥ 0.85 over char
//!   5-gram shingles with it. The re-fetched page repeats most of the original page's items.
//! * **related** (b): an item repeated on many pages with drifting counters: same title,
//!   summary, source and time, only the 4 counter digits change. Exact duplicates.
//! * **repost** (c): the same story on 1–3 other sites: items with another source and a
//!   later time, sometimes a title prefix (`转:`…) and sometimes a short lead-in (`据X消息,`);
//!   leads with a title prefix and sometimes an attribution line or without their reference
//!   block. Edited copies are checked to keep Jaccard ≥ 0.85 (body, and title + body).
//! * **template** (d): distinct short items from 13 templates (weather, stock close, water
//!   cut, exchange rate, lottery, gold price, flight, earthquake, score, air quality,
//!   traffic, two English ones), 10–45 characters. Each new one is rejected unless its
//!   Jaccard with every earlier item of its template stays < 0.6 (body, and title + body):
//!   they must never be grouped. Also **tiny** items whose summary is 2–4 characters, all
//!   different (shorter than a shingle).
//! * everything else is unique: no two unplanted articles share a normalised body, and no
//!   two items share title + source + time.
//!
//! The truth file (JSON): `{"articles": N, "seed": S, "shingle": 5, "groups": [[id, …], …],
//! "kinds": ["refetch"|"related"|"repost", …], "exact": [bool, …], "short_items":
//! {"weather": [id, …], …, "tiny": [id, …]}, "counts": {…}}`. Ids are 1-based in file
//! order (a page's lead, then its items), as newsdump numbers them. `groups` lists every
//! true duplicate cluster of 2 or more articles, members ascending, groups by first member;
//! `kinds` and `exact` run parallel to it (`exact`: all members share one normalised body,
//! whitespace dropped and full-width ASCII folded). Short items are never in a group.
//!
//! A summary is printed to stderr at the end. No dependencies: this file also builds
//! standalone with `rustc --edition 2024 -O examples/gen_dups.rs -o /tmp/gen_dups`.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------
// PRNG: splitmix64, as in gen_dump.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x6475_7073_6475_6D70)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// In `0..max`, skewed towards 0.
    fn skew(&mut self, max: usize) -> usize {
        let bound = self.range(1, max);
        self.below(bound)
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }
}

// ---------------------------------------------------------------------------
// Vocabulary. Word lists are space-separated (English phrases: comma-separated).

const ZH_NOUNS: &str = "经济 市场 企业 政府 技术 产品 用户 数据 平台 服务 项目 资金 投资 消费 价格 收入 利润 行业 政策 改革 \
创新 研究 教育 医疗 交通 能源 环境 城市 乡村 社区 居民 学生 教师 医生 患者 工人 农民 游客 司机 记者 专家 学者 部门 机构 银行 保险 \
股市 基金 债券 汇率 就业 工资 住房 房价 土地 道路 铁路 机场 港口 桥梁 电力 水利 气候 空气 森林 河流 海洋 农业 粮食 蔬菜 水果 食品 \
药品 疫苗 医院 学校 高校 课程 考试 赛事 球队 电影 音乐 演出 展览 文化 历史 旅游 景区 酒店 餐饮 商场 超市 快递 物流 仓储 工厂 设备 \
芯片 手机 电脑 软件 网络 系统 算法 模型 机器人 汽车 电池 充电桩 光伏 风电 储能 氢能 材料 钢铁 煤炭 石油 天然气 化工 纺织 家电 家具 \
建筑 地产 基建 制造业 服务业 零售 外贸 订单 供应链 产业链 园区 开发区 示范区 试点 标准 规则 法规 条例 制度 机制 体系 框架 模式 路径 \
方案 规划 目标 任务 指标 成本 效率 质量 安全 风险 隐患 挑战 机遇 前景 趋势 需求 供给 库存 产能 产量 销量 份额 规模 增速 比重 结构 \
布局 格局 竞争 合作 交流 会议 论坛 峰会 活动 仪式 报告 调查 统计 信息 新闻 媒体 舆论 社会 公众 家庭 儿童 老人 青年 志愿者 代表 委员 \
人才 团队 员工 客户 商家 品牌 门店 渠道 营销 广告 直播 短视频 电商 支付 金融 信贷 贷款 存款 利率 税收 财政 预算 补贴 奖励 养老 医保 \
社保 救助 生态 绿化 垃圾 污水 排放 节能 减排 防汛 抗旱 地震 台风 暴雨 高温 寒潮 降雪 灾害 事故 火灾 救援 应急 治安 警方 法院 律师 \
案件 纠纷 合同 诉讼 监管 执法 审计 基层 干部 网友 观众 读者 作品 图书 出版 博物馆 图书馆 体育馆 公园 广场 街道 小区 停车场 地铁 公交 \
高铁 航班 车站 隧道 高速公路 码头 船舶 航运 航天 卫星 火箭 空间站 实验室 研究院 科学家 工程师 设计师 人工智能 大模型 云计算 数据中心 \
算力 半导体 新能源汽车 动力电池 无人机 物联网 区块链 自动驾驶 智能制造 工业互联网 数字经济 平台经济 夜间经济 文旅消费 冰雪旅游 乡村旅游 \
预制菜 新茶饮 直播带货 跨境电商 外卖 网约车 共享单车 老旧小区 保障性住房 公积金 个税 消费券 以旧换新 职业教育 义务教育 高考 中考 \
校园安全 食品安全 药品监管 医保目录 分级诊疗 家庭医生 疫苗接种 健康管理 体检 心理健康 养老服务 托育服务 生育支持 就业岗位 技能培训 \
创业 灵活就业 社会保障 营商环境 知识产权 专利 商标 数据安全 个人信息 网络诈骗 电信诈骗 反垄断 招投标 政府采购 专项债 地方债 城市更新 \
城中村 地下管网 排水系统 海绵城市 垃圾分类 新型储能 抽水蓄能 特高压 电网 充电网络 碳市场 碳排放 碳达峰 林草 湿地 自然保护区 \
生物多样性 种业 耕地 高标准农田 农产品 冷链 生猪 渔业 粮价 油价 金价 菜价 物价 出口额 进口额 外资 民营企业 国有企业 中小企业 \
上市公司 独角兽 初创公司 孵化器 产业园 科创板 创业板 港股 美股 汇市 楼市 车市 票房 收视率 流量 热搜 话题 短剧 游戏 动漫 演唱会 \
音乐节 马拉松 联赛 冠军 教练 裁判 航线 口岸 集装箱 中欧班列 自贸区 保税区 海关 关税 汇款 跨境支付 数字人民币 养老金 年金 保单 理赔 \
车险 医药代表 集采 仿制药 创新药 临床试验 基因检测 影像设备 手术机器人 康复 护理 床位 急诊 门诊 挂号 药店 电子处方 远程医疗";

const ZH_VERBS: &str = "推动 加快 完善 提升 扩大 支持 鼓励 引导 发布 公布 宣布 启动 建设 开展 举办 参加 组织 实施 落实 调整 \
优化 降低 提高 增加 减少 保障 保护 解决 应对 处理 研究 分析 评估 监测 检查 调查 签署 收购 上线 推出 开发 研发 生产 销售 采购 运营 \
管理 覆盖 吸引 带动 促进 形成 实现 完成 突破 超过 面临 承担 回应 呼吁 关注 讨论 审议 通过 批准 发放 部署 推进 深化 强化 加强 巩固 \
拓展 培育 打造 构建 搭建 健全 规范 整治 治理 清理 排查 化解 防范 遏制 改善 恢复 稳定 提振 激发 释放 挖掘 整合 共享 开放 升级 改造 \
更新 替代 淘汰 布局 聚焦 瞄准 围绕 依托 借助 利用 采用 引进 输出 转化 孵化 投放 配送 交付 安装 调试 测试 验证 认证 申报 审批 备案 \
登记 注册 公示 通报 披露 报道 介绍 解读 说明 回顾 总结 展望 预测 估算 判断 认定 确认 否认 澄清 叫停 暂停 取消 延长 缩短 放宽 收紧 \
下调 上调 增持 减持 回购 融资 上市 重组 合并 拆分 招聘 培训 考核 处罚 约谈 问责 曝光 查处 立案 起诉 审理 调解 赔偿 补偿 安置 救治 \
转运 疏散 抢修 排涝 供水 供暖 供电 开通 开工 投产 开业 入驻 签约 落地 运行 试运行 扩容 提速 减负 赋能 对接 摸排 走访 督促 指导";

const ZH_ADJS: &str = "重要 明显 稳定 持续 积极 主要 全面 有效 显著 快速 大幅 新型 传统 优质 公共 基础 核心 关键 复杂 严重 \
良好 充足 紧张 激烈 广泛 深入 具体 实际 长期 短期 整体 局部 多元 综合 专业 智能 数字 绿色 高端 普通 特殊 独特 先进 成熟 稳健 灵活 \
便捷 高效 透明 公平 合理 科学 可靠 清洁 舒适 热门 紧迫 艰巨 突出 薄弱 旺盛 低迷 活跃 平稳 强劲 疲软 新兴 地方 区域 全国 国际 跨境 \
线上 线下 本地 外地 大型 小型 中型 重点 首批 新一轮 阶段性 结构性 系统性 前瞻性 创新型 服务型 开放型 高质量 低成本 高标准 可持续 \
多层次 全链条 全周期 一站式 个性化 标准化 规模化 智能化 数字化 市场化 法治化 国际化 专业化 精细化";

const ZH_PREDS: &str = "明显回升 有所下降 保持稳定 持续向好 不断扩大 逐步改善 仍然偏高 尚不明朗 基本持平 略低于预期 \
高于市场预期 有待验证 进一步加快 初见成效 成效显著 稳中有进 压力较大 空间广阔 潜力巨大 亟待解决 备受关注 引发热议 逐渐成熟 快速增长 \
大幅下滑 小幅上涨 再创新高 处于低位 趋于平稳 明显放缓 持续承压 稳步提升 好于预期 不及预期 出现分化 显著增强 有所缓解 仍需观察 \
逐步恢复 加速回暖 全面铺开 落地见效 仍存短板 明显加快 迎来拐点 进入快车道 走向成熟 面临调整 引起重视 广受好评 争议不断 热度不减 \
持续升温 明显降温 保持韧性 企稳回升";

const ZH_ADVS: &str = "进一步 不断 逐步 持续 已经 正在 仍然 依然 同时 首次 再次 全面 大力 积极 基本 稳步 加速 率先 重点 \
集中 主动 及时 切实 深入 有序 全力 尽快 着力 统筹 分类 精准 充分 有效 广泛 高效 协同 依法 严格 稳妥 扎实 逐一 陆续 先后 相继 提前 \
按期 如期 初步";

const ZH_OPENERS: &str = "据了解 记者了解到 据介绍 数据显示 业内人士认为 与此同时 此外 另外 值得一提的是 据统计 据悉 目前 \
近日 截至目前 从整体来看 专家表示 总的来看 具体来看 另据报道 记者注意到 不仅如此 事实上 对此 在此背景下 从长远看 业内普遍认为 \
市场分析指出 有分析认为 据官方消息 公开资料显示 据业内估算 记者从有关部门获悉 据不完全统计 相关人士透露 需要指出的是 从短期看 \
从结构上看 记者采访发现";

const ZH_TIMES: &str = "今年一季度 今年上半年 去年同期 本月初 近三年 过去五年 明年 下一阶段 近期 今年以来 上周 本周 昨天 \
今天上午 今天下午 当天 此前 年内 月底前 未来三年 未来五年 年底前 春节前后 暑期 国庆期间 汛期 供暖季 今年前三季度 上个月 本季度 \
近一个月 近半年 去年全年 过去一年 下半年 四季度 开年以来 节后 周末 夜间";

const ZH_PLACES: &str = "北京 上海 天津 重庆 广州 深圳 杭州 南京 苏州 成都 武汉 西安 长沙 郑州 合肥 济南 青岛 大连 沈阳 长春 \
哈尔滨 石家庄 太原 呼和浩特 南昌 福州 厦门 南宁 海口 贵阳 昆明 拉萨 兰州 西宁 银川 乌鲁木齐 宁波 温州 无锡 常州 徐州 南通 扬州 \
绍兴 嘉兴 金华 台州 佛山 东莞 珠海 中山 惠州 汕头 泉州 漳州 洛阳 襄阳 宜昌 岳阳 株洲 衡阳 芜湖 蚌埠 烟台 潍坊 临沂 淄博 唐山 保定 \
邯郸 大同 包头 鄂尔多斯 赣州 九江 桂林 柳州 三亚 遵义 大理 丽江 延安 宝鸡 天水 酒泉 喀什 伊宁 吉林 齐齐哈尔 大庆 牡丹江 锦州 鞍山 \
营口 丹东 秦皇岛 廊坊 沧州 承德 张家口 绵阳 宜宾 泸州 南充 乐山 德阳 湖州 舟山 丽水 衢州 盐城 淮安 连云港 宿迁 镇江 泰州 江门 \
湛江 茂名 肇庆 清远 韶关 梅州 揭阳 潮州 莆田 三明 龙岩 宁德 上饶 景德镇 萍乡 吉安 宜春 抚州 开封 新乡 许昌 南阳 商丘 信阳 周口";

const ZH_ROLES: &str = "负责人 总经理 董事长 局长 副局长 主任 副主任 教授 研究员 分析师 首席经济学家 总工程师 秘书长 院长 \
副院长 校长 所长 处长 科长 站长 经理 总监 创始人 首席执行官 新闻发言人 副市长 区长 村支书 主治医师 项目经理 技术总监 首席分析师 \
产品经理";

const ZH_PEOPLE: &str = "居民 市民 村民 消费者 游客 家长 学生 患者 网友 司机 商户 从业者 投资者 购房者 老年人 年轻人 上班族 \
外卖骑手 快递员 农户 企业主 创业者 求职者 车主 租户";

const ZH_UNITS: &str = "万元 亿元 元 吨 万吨 公里 平方米 万平方米 亩 万亩 人次 万人次 家 个 项 辆 万辆 台 万台 套 名 户 所 \
座 条 批 件 万件 场 次 千瓦 万千瓦 兆瓦 吉瓦 立方米";

const ZH_UPDOWN: &str = "增长 下降 上涨 回落 提高 减少";

const ZH_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚\
卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

const ZH_GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲建文辉力林斌宇浩凯鹏俊帅欣悦晨阳雪琳晶婷慧倩颖\
佳怡思梦雨嘉博宁涵昊轩然航哲睿泽鑫彬峰波健亮飞虹兰梅燕莉芬翠淑海山春秋冬志国民立成永祥福荣德新东光天瑞安心诚";

const ZH_BRAND: &str = "华中瑞丰恒泰信达安康鑫源宏远盛通联创科智新天海和润金鼎嘉荣兴隆宇辰星光明正诚德汇众合力博奥凯腾飞云峰山川\
江河湖鹏龙凤长城东南西北蓝青绿紫银铁钢晟昊煜璟琪琨瀚澜沐禾田";

const ZH_ORG_SUFFIX: &str = "科技 集团 股份 控股 电子 能源 汽车 食品 物流 传媒 医药 生物 环保 建设 置业 文旅 农业 新材料 半导体 \
通信 软件 网络 电气 机械 化工 证券 银行 保险 实业 智能";

const ZH_INST: &str = "市人民医院 大学 市教育局 市统计局 市交通运输局 市生态环境局 市市场监管局 市气象台 市住建局 市文旅局 \
市商务局 市发改委 市卫健委 中级人民法院 市公安局 市消防救援支队 市应急管理局 市农业农村局";

const ZH_HEADINGS: &str = "技术细节 市场反应 行业观察 背景 专家观点 数据解读 三大看点 写在最后 风险与挑战 未来 政策解读 \
现场直击 记者手记 相关链接 延伸阅读 一图读懂 关键数字 各方声音";

/// Chinese sentence templates. `{X}` is a slot (see `Gen::zh_slot`); `，` and `：` are
/// written full- or half-width by the paragraph's style.
const ZH_SENT: &[&str] = &[
    "{O}，{P}{T}{V}{N}{N}，{N}{R}。",
    "{G}{T}{V}了{Q}的{N}项目，{D}{V}{N}{N}。",
    "{J}{M}表示，{N}{D}{V}，{V}{A}{N}是当前的{A}任务。",
    "{M}说：“{N}{D}{R}，我们将{D}{V}{N}。”",
    "{P}{T}{N}{N}{V}{Q}，同比{U}{C}。",
    "在{N}方面，{G}{D}{V}{N}，{V}{A}{N}。",
    "{T}，{P}共{V}{N}{Q}，其中{A}{N}占比{C}。",
    "{N}的{N}{D}{R}，{A}{N}{R}。",
    "据{G}{V}的{N}，{T}{P}{N}{N}达到{Q}。",
    "{G}{J}{M}介绍，{T}将{V}{Q}{N}，{V}{N}{N}。",
    "针对{A}{N}问题，{P}{N}部门{D}{V}{N}，{V}{N}。",
    "{O}，{N}与{N}之间的{N}{R}。",
    "{T}，{G}与{G}签署{N}合作协议，双方将在{N}、{N}等领域{V}{N}。",
    "随着{N}的{D}{V}，{N}{N}{R}。",
    "这也意味着，{N}{N}将{V}更加{A}的{N}。",
    "{P}{H}{M}告诉记者，{T}{N}{R}，{V}{N}更{A}了。",
    "{N}{N}仍面临{A}{N}、{A}{N}等{N}。",
    "截至{L}月底，{P}已{V}{N}{Q}，{V}{N}{Q}。",
    "{G}相关负责人称，{N}{D}{V}，预计{T}{V}{N}。",
    "对于{N}{N}，{J}{M}认为，{V}{N}需要{V}{A}{N}。",
    "从{N}看，{T}{N}{N}{R}；从{N}看，{N}{N}{R}。",
    "{P}{J}{M}说，{P}将{D}{V}{N}{N}，{V}{N}。",
    "业内预计，{T}{N}规模有望突破{Q}。",
    "目前，{N}已{V}{Q}，{N}覆盖率达到{C}。",
    "不少{H}反映，{N}{N}{R}，希望{D}{V}{N}。",
    "{Y}年以来，{G}{D}{V}{N}，累计{V}{Q}。",
    "{O}，{P}{A}{N}{V}{K}个{N}，带动{H}{Q}。",
    "{J}{M}指出，{A}{N}和{A}{N}是{V}{N}的关键。",
    "{T}，{P}举办{N}{N}活动，吸引{Q}参与。",
    "{G}的{N}{D}{R}，{N}{N}{U}{C}。",
];

const ZH_LEAD_TITLES: &[&str] = &[
    "{P}{V}{A}{N}：{N}{R}",
    "{G}{V}{N}{N}，{N}{R}",
    "{T}{P}{N}{N}{U}{C}",
    "{J}{M}：{V}{N}{N}要{D}{V}",
    "{N}{R}，{G}如何{V}{N}？",
    "深度｜{P}的{N}{N}样本",
    "{P}：{K}项{N}{N}{D}{V}",
    "{G}{V}{Q}{N}，{N}{N}{R}",
];

const ZH_ITEM_TITLES: &[&str] = &[
    "{P}{V}{N}{N}",
    "{G}{V}{A}{N}",
    "{K}家{N}{V}{N}",
    "{N}{N}{R}",
    "{J}{M}：{N}{R}",
    "{P}{T}{N}{U}{C}",
    "{G}{N}{V}，{N}{R}",
];

const EN_NOUNS: &str = "market economy company government policy report survey network system platform service product \
customer price cost revenue profit investment fund bank loan budget project plan program strategy study school university \
hospital patient doctor teacher student worker farmer city region province country border port airport railway road bridge \
grid battery vehicle factory plant deal agreement contract partnership merger startup investor board executive official \
minister agency regulator court lawsuit ruling law standard framework technology chip model algorithm device phone computer \
server privacy crisis recovery storm flood drought heatwave wildfire climate emission forest river ocean crop harvest festival \
museum film album concert team season match league tournament player coach audience community neighborhood housing rent \
property construction pipeline shipment inventory order forecast outlook target quota subsidy tariff sanction election \
campaign vote poll council committee hearing inquiry audit scandal strike protest union wage pension insurance mortgage \
dividend bond currency stock index sector industry retailer supplier manufacturer airline carrier operator developer provider \
lab campus library stadium park district suburb village coastline harbor reservoir dam highway tunnel terminal warehouse \
satellite rocket mission telescope reactor turbine refinery mine smelter vaccine drug trial therapy clinic diagnosis outbreak \
nutrition diet habit trend";

const EN_VERBS_PAST: &str = "announced launched reported unveiled approved rejected delayed expanded reduced raised cut \
boosted completed signed acquired opened closed tested deployed reviewed released published introduced proposed confirmed \
denied criticized welcomed supported backed funded built upgraded replaced suspended resumed restored extended revised lowered \
lifted eased tightened blocked cleared settled challenged investigated fined warned urged doubled halved secured won lost \
missed beat exceeded posted recorded shipped sold bought hired trained recalled paused canceled scrapped relaunched merged \
listed moved shifted adopted banned";

const EN_VERBS_BASE: &str = "improve reduce expand boost support strengthen weaken delay accelerate reshape transform affect \
limit ease raise lower cut protect secure attract replace review revise test deploy build fund hire train open close launch \
extend restore simplify streamline cover track monitor address tackle curb offset absorb stabilize revive unlock modernize \
upgrade digitize automate localize diversify consolidate";

const EN_ADJS: &str = "new major key local national global regional digital public private financial economic strong weak \
rapid slow steady modest sharp significant early late recent annual quarterly monthly large small mid-sized leading emerging \
mature complex simple costly affordable reliable flexible efficient sustainable renewable clean urban rural coastal northern \
southern eastern western domestic foreign independent joint temporary permanent voluntary mandatory preliminary final official \
internal external critical broad narrow uneven stable volatile cautious bold ambitious limited widespread growing shrinking \
rising falling record-high multi-year long-term short-term first-ever high-speed low-cost next-generation";

const EN_ADVS: &str = "sharply steadily slightly significantly quickly gradually largely partly broadly roughly nearly mostly \
firmly briefly";

const EN_PREDS: &str = "under pressure,on track,broadly stable,far from over,getting better,harder to predict,still fragile,\
stronger than expected,weaker than expected,in good shape,a long way off,on hold,under review,widely expected";

const EN_CITIES: &str = "Singapore London Oslo Lisbon Nairobi Lagos Toronto Vancouver Chicago Denver Austin Seattle Boston \
Madrid Milan Munich Vienna Prague Warsaw Dublin Helsinki Stockholm Copenhagen Brussels Geneva Zurich Istanbul Dubai Doha Mumbai \
Delhi Jakarta Manila Bangkok Hanoi Seoul Osaka Sydney Melbourne Auckland Santiago Lima Bogota Montreal Rotterdam Hamburg Lyon";

const EN_FIRST: &str = "Anna Ben Carla David Elena Farid Grace Hiro Ines James Kofi Laura Marco Nadia Omar Priya Quinn Rosa \
Sam Tara Umar Vera Wei Yusuf Zoe Lena Evan Mia Noah Liam Ava Ethan Chloe Lucas Amara Diego Hana Ivan";

const EN_LAST: &str = "Marsh Ortiz Novak Chen Okafor Silva Tanaka Kowalski Dubois Rossi Schmidt Andersen Haddad Patel Nguyen \
Kim Moreau Jensen Costa Rahman Fischer Varga Berg Lindqvist Mendes Walsh Brennan Sato Ibrahim Khan Lopez Petrov Weber Hughes Reyes";

const EN_ROLES: &str = "chief executive,analyst,spokesperson,director,economist,professor,minister,mayor,researcher,\
manager,chief financial officer,head of research,senior fellow,policy adviser";

const EN_SYL: &str = "Vel tra Nor bex Quin ta Sol vara Lum ex Cor dia Pax ton Bri ska Ari on Zen ith Mor gan Hal cyon Ter ra \
Kel vin Da ro Ma rix Lo vex Syn tek Ore lia";

const EN_ORG_SUFFIX: &str = "Corp Labs Group Holdings Systems Energy Bank Motors Foods Logistics Health Capital Media Networks \
Robotics Pharma Airlines Retail";

const EN_PERIODS: &str = "first quarter,second quarter,third quarter,fourth quarter,first half,past year,past month,\
last three years,previous quarter,holiday season";

const EN_WEEKDAYS: &str = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday";

const EN_MOVES: &str = "rose fell jumped slid climbed dropped";

const EN_HEADINGS: &str = "Background,What comes next,Key numbers,Market reaction,Analysis,The bigger picture,Risks,\
Timeline,Reactions,Why it matters";

/// English sentence templates (slots: see `Gen::en_slot`).
const EN_SENT: &[&str] = &[
    "{G} {V} a {A} {N} in {P} on {W}, according to {G}.",
    "\"The {N} is {R},\" said {M}, {J} at {G}.",
    "The {A} {N} {V} {C} in the {T}, {M} said.",
    "Analysts said the {N} could {B} the {N} and {B} {A} {N}.",
    "{M}, {J} of {G}, said the company would {B} its {N} by {K} percent.",
    "Officials in {P} {V} the {N} after a {A} {N} on {W}.",
    "The {N} {V} {K} percent from a year earlier, while the {N} {V} {C}.",
    "Shares of {G} {X} {C} after the company {V} its {N}.",
    "The move is expected to {B} the {A} {N} across {P} and {P}.",
    "According to a {A} {N} by {G}, the {N} will {B} {A} {N} by {Y}.",
    "Critics say the {N} has done too little to {B} the {N}.",
    "{G} plans to {B} a {A} {N} in {P} next year.",
    "It was the {A} {N} since {Y}, {M} said.",
    "The {N} will {B} the {A} {N} and {B} the {N}, the report said.",
    "In {P}, the {A} {N} {V} more than {K} {N} contracts in the {T}.",
    "{M} told reporters that the {N} remained {R}.",
    "Local {N} groups {V} the {N}, saying it would {B} {A} {N}.",
    "The {A} {N} has {V} the {N} in {P}, {D} changing the {N}.",
];

const EN_LEAD_TITLES: &[&str] = &[
    "{G} {V} {A} {N} in {P}",
    "{P} {N} {X} {C} in the {T}",
    "{M}: the {N} is {R}",
    "{G} to {B} {N} after {A} {N}",
    "Why the {A} {N} matters for {P}",
];

const EN_ITEM_TITLES: &[&str] = &[
    "{G} {V} {A} {N}",
    "{P} {N} {X} {C}",
    "{K} things to know about the {N}",
    "{G} to {B} its {N}",
];

const ZH_SOURCES: &[&str] = &[
    "科技日报网",
    "快讯社",
    "IT之窗",
    "数据观察",
    "极客前沿",
    "财经速递",
    "新芯网",
    "云端观察",
    "创投早知道",
    "智东方",
    "城市晚报",
    "东方时讯",
    "南方财观",
    "北岸新闻",
    "海峡资讯",
    "中原网事",
    "西部视点",
    "江城热线",
    "晨光日报",
    "每日经济眼",
    "汽车之窗",
    "健康时报网",
    "教育前哨",
    "体育快线",
    "文旅频道",
    "民生热线",
    "环球速览",
    "天气通",
    "股市快评",
    "码农周刊",
];

const EN_SOURCES: &[&str] = &[
    "TechWire",
    "DailyBrief",
    "MarketPulse",
    "CityLedger",
    "GlobalDesk",
    "WireNine",
    "NorthPost",
    "BizHerald",
];

const DOMAINS: &[&str] = &[
    "www.kjrbw.cn",
    "news.kuaixunshe.com",
    "www.itzhichuang.net",
    "data-guancha.cn",
    "www.chenguang-daily.cn",
    "finance.nanfangcaiguan.com",
    "www.beian-news.cn",
    "techwire.example.com",
    "www.dailybrief.example.org",
    "open.lanjing-compute.cn",
];

const SLUG_WORDS: &[&str] = &[
    "release", "model", "chip", "report", "update", "launch", "policy", "city", "market", "energy",
    "health", "notes",
];

// ---------------------------------------------------------------------------
// Normalisation, shingles and Jaccard (as a duplicate finder would see the text).

const SHINGLE: usize = 5;

/// Drop whitespace, fold full-width ASCII (U+FF01–FF5E) to ASCII, lower-case ASCII.
fn norm_chars(s: &str) -> Vec<u32> {
    s.chars()
        .filter_map(|c| {
            let c = match c as u32 {
                0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            if c.is_whitespace() {
                None
            } else {
                Some(c.to_ascii_lowercase() as u32)
            }
        })
        .collect()
}

fn hash_chars(cs: &[u32]) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325u64;
    for &c in cs {
        h ^= c as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h ^= cs.len() as u64;
    h = (h ^ (h >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^ (h >> 33)
}

/// Sorted, deduplicated hashes of the character 5-grams of the normalised text (a text
/// shorter than 5 characters is one shingle; an empty one has none).
fn shingles(s: &str) -> Vec<u64> {
    let cs = norm_chars(s);
    let mut v: Vec<u64> = if cs.is_empty() {
        Vec::new()
    } else if cs.len() < SHINGLE {
        vec![hash_chars(&cs)]
    } else {
        cs.windows(SHINGLE).map(hash_chars).collect()
    };
    v.sort_unstable();
    v.dedup();
    v
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

fn body_hash(s: &str) -> u64 {
    hash_chars(&norm_chars(s))
}

// ---------------------------------------------------------------------------
// Articles.

#[derive(Clone)]
enum Block {
    /// A paragraph line: its sentences (joined without space in Chinese, with one in English).
    Para(Vec<String>),
    /// A heading, label or link line.
    Line(String),
}

#[derive(Clone)]
struct Lead {
    title: String,
    blocks: Vec<Block>,
    en: bool,
}

impl Lead {
    /// The body as newsdump exports it: the lines after the title, joined by `\n`.
    fn body(&self) -> String {
        let mut s = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            match b {
                Block::Para(ss) => {
                    for (j, x) in ss.iter().enumerate() {
                        if self.en && j > 0 {
                            s.push(' ');
                        }
                        s.push_str(x);
                    }
                }
                Block::Line(l) => s.push_str(l),
            }
        }
        s
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.title.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(self.body().as_bytes());
        out.push(b'\n');
    }

    fn paras(&self) -> Vec<usize> {
        (0..self.blocks.len())
            .filter(|&i| matches!(self.blocks[i], Block::Para(_)))
            .collect()
    }
}

#[derive(Clone)]
struct Item {
    title: String,
    body: String,
    source: &'static str,
    /// Seconds since 2022-01-01 00:00:00.
    time: u64,
    counter: u32,
    /// Normalised body hash.
    hash: u64,
    group: Option<usize>,
    /// Template name for a distinct short item (`"tiny"` for a 2–4 character summary).
    short: Option<&'static str>,
    en: bool,
}

/// Seconds covered by stamps: 2022-01-01 .. 2025-06-30.
const TIME_SPAN: u64 = 1276 * 86_400;

fn civil(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

fn put_stamp(out: &mut Vec<u8>, t: u64) {
    let days = 18_993 + (t / 86_400) as i64; // 2022-01-01
    let (y, m, d) = civil(days);
    let s = t % 86_400;
    let _ = write!(
        out,
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    );
}

// ---------------------------------------------------------------------------
// Text generator.

struct Vocab {
    nouns: Vec<&'static str>,
    verbs: Vec<&'static str>,
    adjs: Vec<&'static str>,
    preds: Vec<&'static str>,
    advs: Vec<&'static str>,
    openers: Vec<&'static str>,
    times: Vec<&'static str>,
    places: Vec<&'static str>,
    roles: Vec<&'static str>,
    people: Vec<&'static str>,
    units: Vec<&'static str>,
    updown: Vec<&'static str>,
    surnames: Vec<&'static str>,
    given: Vec<&'static str>,
    brand: Vec<&'static str>,
    org_suffix: Vec<&'static str>,
    inst: Vec<&'static str>,
    headings: Vec<&'static str>,
    en_nouns: Vec<&'static str>,
    en_past: Vec<&'static str>,
    en_base: Vec<&'static str>,
    en_adjs: Vec<&'static str>,
    en_advs: Vec<&'static str>,
    en_preds: Vec<&'static str>,
    en_cities: Vec<&'static str>,
    en_first: Vec<&'static str>,
    en_last: Vec<&'static str>,
    en_roles: Vec<&'static str>,
    en_syl: Vec<&'static str>,
    en_org_suffix: Vec<&'static str>,
    en_periods: Vec<&'static str>,
    en_weekdays: Vec<&'static str>,
    en_moves: Vec<&'static str>,
    en_headings: Vec<&'static str>,
}

fn words(s: &'static str) -> Vec<&'static str> {
    s.split_whitespace().collect()
}

fn phrases(s: &'static str) -> Vec<&'static str> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn chars(s: &'static str) -> Vec<&'static str> {
    s.char_indices()
        .map(|(i, c)| &s[i..i + c.len_utf8()])
        .collect()
}

impl Vocab {
    fn new() -> Self {
        Vocab {
            nouns: words(ZH_NOUNS),
            verbs: words(ZH_VERBS),
            adjs: words(ZH_ADJS),
            preds: words(ZH_PREDS),
            advs: words(ZH_ADVS),
            openers: words(ZH_OPENERS),
            times: words(ZH_TIMES),
            places: words(ZH_PLACES),
            roles: words(ZH_ROLES),
            people: words(ZH_PEOPLE),
            units: words(ZH_UNITS),
            updown: words(ZH_UPDOWN),
            surnames: chars(ZH_SURNAMES),
            given: chars(ZH_GIVEN),
            brand: chars(ZH_BRAND),
            org_suffix: words(ZH_ORG_SUFFIX),
            inst: words(ZH_INST),
            headings: words(ZH_HEADINGS),
            en_nouns: words(EN_NOUNS),
            en_past: words(EN_VERBS_PAST),
            en_base: words(EN_VERBS_BASE),
            en_adjs: words(EN_ADJS),
            en_advs: words(EN_ADVS),
            en_preds: phrases(EN_PREDS),
            en_cities: words(EN_CITIES),
            en_first: words(EN_FIRST),
            en_last: words(EN_LAST),
            en_roles: phrases(EN_ROLES),
            en_syl: words(EN_SYL),
            en_org_suffix: words(EN_ORG_SUFFIX),
            en_periods: phrases(EN_PERIODS),
            en_weekdays: words(EN_WEEKDAYS),
            en_moves: words(EN_MOVES),
            en_headings: phrases(EN_HEADINGS),
        }
    }

    fn size(&self) -> usize {
        [
            &self.nouns,
            &self.verbs,
            &self.adjs,
            &self.preds,
            &self.advs,
            &self.openers,
            &self.times,
            &self.places,
            &self.roles,
            &self.people,
            &self.units,
            &self.en_nouns,
            &self.en_past,
            &self.en_base,
            &self.en_adjs,
            &self.en_cities,
        ]
        .iter()
        .map(|v| v.len())
        .sum()
    }
}

struct Gen {
    rng: Rng,
    v: &'static Vocab,
    /// Punctuation style of the current paragraph: full-width `，：` or half-width.
    full: bool,
}

impl Gen {
    fn p(&mut self, xs: &'static [&'static str]) -> &'static str {
        xs[self.rng.below(xs.len())]
    }

    fn zh_person(&mut self, out: &mut String) {
        let v = self.v;
        out.push_str(self.p(&v.surnames));
        for _ in 0..self.rng.range(1, 2) {
            out.push_str(self.p(&v.given));
        }
    }

    fn zh_org(&mut self, out: &mut String) {
        let v = self.v;
        if self.rng.chance(1, 4) {
            out.push_str(self.p(&v.places));
            out.push_str(self.p(&v.inst));
        } else {
            out.push_str(self.p(&v.brand));
            out.push_str(self.p(&v.brand));
            out.push_str(self.p(&v.org_suffix));
        }
    }

    fn zh_num(&mut self, out: &mut String) {
        match self.rng.below(10) {
            0..=4 => {
                let _ = write!(out, "{}", self.rng.range(2, 9999));
            }
            5..=7 => {
                let _ = write!(out, "{}.{}", self.rng.range(1, 999), self.rng.below(10));
            }
            _ => {
                let _ = write!(out, "{}", self.rng.range(10, 99));
            }
        }
    }

    fn pct(&mut self, out: &mut String) {
        let _ = write!(out, "{}", self.rng.range(1, 99));
        if self.rng.chance(1, 2) {
            let _ = write!(out, ".{}", self.rng.below(10));
        }
        out.push('%');
    }

    fn zh_slot(&mut self, k: char, out: &mut String) {
        let v = self.v;
        match k {
            'N' => out.push_str(self.p(&v.nouns)),
            'V' => out.push_str(self.p(&v.verbs)),
            'A' => out.push_str(self.p(&v.adjs)),
            'R' => out.push_str(self.p(&v.preds)),
            'D' => out.push_str(self.p(&v.advs)),
            'O' => out.push_str(self.p(&v.openers)),
            'T' => out.push_str(self.p(&v.times)),
            'P' => out.push_str(self.p(&v.places)),
            'J' => out.push_str(self.p(&v.roles)),
            'H' => out.push_str(self.p(&v.people)),
            'U' => out.push_str(self.p(&v.updown)),
            'G' => self.zh_org(out),
            'M' => self.zh_person(out),
            'Q' => {
                self.zh_num(out);
                out.push_str(self.p(&v.units));
            }
            'C' => self.pct(out),
            'K' => {
                let _ = write!(out, "{}", self.rng.range(2, 99));
            }
            'L' => {
                let _ = write!(out, "{}", self.rng.range(1, 12));
            }
            'Y' => {
                let _ = write!(out, "{}", self.rng.range(2015, 2024));
            }
            _ => unreachable!("unknown slot {k}"),
        }
    }

    fn en_org(&mut self, out: &mut String) {
        let v = self.v;
        out.push_str(self.p(&v.en_syl));
        let second = self.p(&v.en_syl).to_ascii_lowercase();
        out.push_str(&second);
        out.push(' ');
        out.push_str(self.p(&v.en_org_suffix));
    }

    fn en_slot(&mut self, k: char, out: &mut String) {
        let v = self.v;
        match k {
            'N' => out.push_str(self.p(&v.en_nouns)),
            'V' => out.push_str(self.p(&v.en_past)),
            'B' => out.push_str(self.p(&v.en_base)),
            'A' => out.push_str(self.p(&v.en_adjs)),
            'D' => out.push_str(self.p(&v.en_advs)),
            'R' => out.push_str(self.p(&v.en_preds)),
            'P' => out.push_str(self.p(&v.en_cities)),
            'J' => out.push_str(self.p(&v.en_roles)),
            'T' => out.push_str(self.p(&v.en_periods)),
            'W' => out.push_str(self.p(&v.en_weekdays)),
            'X' => out.push_str(self.p(&v.en_moves)),
            'G' => self.en_org(out),
            'M' => {
                out.push_str(self.p(&v.en_first));
                out.push(' ');
                out.push_str(self.p(&v.en_last));
            }
            'C' => {
                let _ = write!(
                    out,
                    "{}.{} percent",
                    self.rng.range(1, 40),
                    self.rng.below(10)
                );
            }
            'K' => {
                let _ = write!(out, "{}", self.rng.range(2, 95));
            }
            'Y' => {
                let _ = write!(out, "{}", self.rng.range(2015, 2030));
            }
            _ => unreachable!("unknown slot {k}"),
        }
    }

    /// Expand a template: `{X}` slots, and `，` / `：` in the paragraph's style.
    fn expand(&mut self, tpl: &str, en: bool, out: &mut String) {
        let start = out.len();
        let mut it = tpl.chars();
        while let Some(c) = it.next() {
            match c {
                '{' => {
                    let k = it.next().unwrap_or('N');
                    it.next(); // '}'
                    if en {
                        self.en_slot(k, out);
                    } else {
                        self.zh_slot(k, out);
                    }
                }
                '，' if !self.full ^ self.rng.chance(1, 10) => out.push(','),
                '：' if !self.full => out.push(':'),
                _ => out.push(c),
            }
        }
        if en {
            // Capitalise the first letter.
            if let Some(b) = out.as_bytes().get(start).copied()
                && b.is_ascii_lowercase()
            {
                out.replace_range(
                    start..start + 1,
                    &(b.to_ascii_uppercase() as char).to_string(),
                );
            }
        }
    }

    fn sentence(&mut self, en: bool) -> String {
        let mut s = String::new();
        let t = if en { self.p(EN_SENT) } else { self.p(ZH_SENT) };
        self.expand(t, en, &mut s);
        s
    }

    fn url(&mut self, out: &mut String) {
        out.push_str("https://");
        out.push_str(self.p(DOMAINS));
        match self.rng.below(3) {
            0 => {
                let _ = write!(
                    out,
                    "/{}/{:02}{:02}/{}.html",
                    self.rng.range(2022, 2025),
                    self.rng.range(1, 12),
                    self.rng.range(1, 28),
                    self.rng.range(10_000, 999_999)
                );
            }
            1 => {
                let _ = write!(out, "/p/{}", self.rng.range(100_000, 99_999_999));
            }
            _ => {
                out.push_str("/articles/");
                for i in 0..self.rng.range(2, 4) {
                    if i > 0 {
                        out.push('-');
                    }
                    out.push_str(self.p(SLUG_WORDS));
                }
                let _ = write!(out, "-{}", self.rng.range(100, 99_999));
            }
        }
    }

    fn lead(&mut self, en: bool) -> Lead {
        let v = self.v;
        self.full = self.rng.chance(2, 3);
        let mut title = String::new();
        let t = if en {
            self.p(EN_LEAD_TITLES)
        } else {
            self.p(ZH_LEAD_TITLES)
        };
        self.expand(t, en, &mut title);
        let mut blocks = Vec::new();
        let paras = self.rng.range(6, 23) + self.rng.skew(21);
        for i in 0..paras {
            if i > 0 && i + 1 < paras && self.rng.chance(1, 7) {
                let h = if en {
                    self.p(&v.en_headings).to_string()
                } else if self.rng.chance(1, 3) {
                    let mut h = String::new();
                    h.push_str(self.p(&v.nouns));
                    h.push('的');
                    h.push_str(self.p(&v.nouns));
                    h
                } else {
                    self.p(&v.headings).to_string()
                };
                blocks.push(Block::Line(h));
            }
            self.full = self.rng.chance(2, 3);
            let k = self.rng.range(2, 8);
            let mut ss: Vec<String> = (0..k).map(|_| self.sentence(en)).collect();
            if self.rng.chance(1, 15) {
                let mut s = String::from(if en { "See " } else { "详见 " });
                self.url(&mut s);
                s.push_str(if en { "." } else { " 。" });
                let at = self.rng.below(ss.len() + 1);
                ss.insert(at, s);
            }
            blocks.push(Block::Para(ss));
        }
        if self.rng.chance(1, 3) {
            blocks.push(Block::Line(
                if en { "References:" } else { "参考内容:" }.to_string(),
            ));
            for _ in 0..self.rng.range(1, 4) {
                let mut u = String::new();
                self.url(&mut u);
                blocks.push(Block::Line(u));
            }
        }
        Lead { title, blocks, en }
    }

    fn item_title(&mut self, en: bool) -> String {
        self.full = self.rng.chance(1, 2);
        let mut s = String::new();
        let t = if en {
            self.p(EN_ITEM_TITLES)
        } else {
            self.p(ZH_ITEM_TITLES)
        };
        self.expand(t, en, &mut s);
        s
    }

    /// 1–3 sentences, ending with `。` or `.` (right before the source).
    fn summary(&mut self, en: bool) -> String {
        self.full = self.rng.chance(2, 3);
        let k = self.rng.range(1, 3);
        let mut s = String::new();
        for i in 0..k {
            if en && i > 0 {
                s.push(' ');
            }
            let t = if en { self.p(EN_SENT) } else { self.p(ZH_SENT) };
            self.expand(t, en, &mut s);
        }
        if !en && s.ends_with('”') {
            s.push('。');
        }
        s
    }

    /// Edit a sentence a little: new digits, or one more clause.
    fn modify_sentence(&mut self, s: &mut String, en: bool) {
        if s.bytes().any(|b| b.is_ascii_digit()) && self.rng.chance(1, 2) {
            let mut out = String::new();
            let mut first = true;
            for c in s.chars() {
                if c.is_ascii_digit() {
                    let d = if first {
                        self.rng.range(1, 9)
                    } else {
                        self.rng.below(10)
                    };
                    out.push((b'0' + d as u8) as char);
                    first = false;
                } else {
                    first = true;
                    out.push(c);
                }
            }
            *s = out;
            return;
        }
        let v = self.v;
        let end = s.char_indices().last().map(|(i, _)| i).unwrap_or(0);
        let mut clause = String::new();
        if en {
            clause.push_str(", ");
            clause.push_str(self.p(&v.en_advs));
            clause.push(' ');
            clause.push_str(self.p(&v.en_past));
            clause.push_str(" by the ");
            clause.push_str(self.p(&v.en_nouns));
        } else {
            clause.push('，');
            clause.push_str(self.p(&v.advs));
            clause.push_str(self.p(&v.verbs));
            clause.push_str(self.p(&v.nouns));
        }
        s.insert_str(end, &clause);
    }

    /// One sentence-level edit: replace, insert, delete or modify.
    fn edit_once(&mut self, l: &mut Lead) {
        let paras = l.paras();
        if paras.is_empty() {
            return;
        }
        let bi = paras[self.rng.below(paras.len())];
        let en = l.en;
        let op = self.rng.below(4);
        let new = self.sentence(en);
        let nparas = paras.len();
        let Block::Para(ss) = &mut l.blocks[bi] else {
            return;
        };
        let si = self.rng.below(ss.len());
        match op {
            0 => ss[si] = new,
            1 => ss.insert(si + 1, new),
            2 if ss.len() > 1 => {
                ss.remove(si);
            }
            2 if nparas > 1 => {
                l.blocks.remove(bi);
            }
            _ => self.modify_sentence(&mut ss[si], en),
        }
    }
}

// ---------------------------------------------------------------------------
// Short template items (kind d).

const TEMPLATES: &[&str] = &[
    "weather",
    "stock",
    "water",
    "fx",
    "lottery",
    "gold",
    "flight",
    "quake",
    "score",
    "aqi",
    "traffic",
    "en_stock",
    "en_weather",
];

impl Gen {
    fn template_item(&mut self, which: usize) -> (String, String, bool) {
        let v = self.v;
        let mut t = String::new();
        let mut b = String::new();
        let r = &mut self.rng;
        let updn =
            |r: &mut Rng, a: &'static str, b: &'static str| if r.chance(1, 2) { a } else { b };
        match TEMPLATES[which] {
            "weather" => {
                let city = v.places[r.below(v.places.len())];
                let w = [
                    "晴",
                    "多云",
                    "阴",
                    "小雨",
                    "中雨",
                    "阵雨",
                    "雷阵雨",
                    "小雪",
                    "雨夹雪",
                    "晴转多云",
                    "多云转晴",
                    "阴转小雨",
                ];
                let wind = [
                    "东风",
                    "南风",
                    "西风",
                    "北风",
                    "东北风",
                    "东南风",
                    "西北风",
                    "西南风",
                ];
                let lo = r.range(0, 36) as i64 - 10;
                let hi = lo + r.range(3, 12) as i64;
                let _ = write!(t, "{city}天气");
                let _ = write!(
                    b,
                    "{city}今日{}，气温{lo}至{hi}度，{}{}级。",
                    w[r.below(w.len())],
                    wind[r.below(wind.len())],
                    r.range(1, 6)
                );
            }
            "stock" => {
                let name = format!(
                    "{}{}{}",
                    v.brand[r.below(v.brand.len())],
                    v.brand[r.below(v.brand.len())],
                    ["股份", "科技", "电子", "医药", "银行", "能源"][r.below(6)]
                );
                let code = format!(
                    "{}{:03}",
                    ["600", "601", "000", "002", "300", "688"][r.below(6)],
                    r.below(1000)
                );
                let _ = write!(t, "{name}收盘");
                let _ = write!(
                    b,
                    "{name}（{code}）今日收{}{}.{:02}%，报{}.{:02}元，成交额{}.{}亿元。",
                    updn(r, "涨", "跌"),
                    r.below(10),
                    r.below(100),
                    r.range(2, 199),
                    r.below(100),
                    r.range(1, 99),
                    r.below(10)
                );
            }
            "water" => {
                let city = v.places[r.below(v.places.len())];
                let dist = [
                    "东城区",
                    "西城区",
                    "高新区",
                    "经开区",
                    "新区",
                    "老城区",
                    "江北区",
                    "江南区",
                    "滨江区",
                    "南山区",
                ];
                let road = format!(
                    "{}{}路",
                    v.brand[r.below(v.brand.len())],
                    v.brand[r.below(v.brand.len())]
                );
                let h1 = r.range(0, 20);
                let _ = write!(t, "{city}停水通知");
                let _ = write!(
                    b,
                    "{city}{}{road}一带{}月{}日{}时至{}时停水，请提前储水。",
                    dist[r.below(dist.len())],
                    r.range(1, 12),
                    r.range(1, 28),
                    h1,
                    h1 + r.range(2, 8)
                );
            }
            "fx" => {
                let cur = [
                    "美元",
                    "欧元",
                    "日元",
                    "英镑",
                    "港元",
                    "澳元",
                    "加元",
                    "瑞士法郎",
                ];
                let (m, d) = (r.range(1, 12), r.range(1, 28));
                let _ = write!(t, "{m}月{d}日人民币中间价");
                let _ = write!(
                    b,
                    "{m}月{d}日人民币对{}中间价报{}.{:04}，{}{}个基点。",
                    cur[r.below(cur.len())],
                    r.range(1, 9),
                    r.below(10_000),
                    updn(r, "上调", "下调"),
                    r.range(1, 300)
                );
            }
            "lottery" => {
                let issue = format!("{}{:03}", r.range(2022, 2025), r.range(1, 150));
                let _ = write!(t, "第{issue}期开奖结果");
                let _ = write!(b, "第{issue}期开奖号码：");
                for i in 0..6 {
                    if i > 0 {
                        b.push(' ');
                    }
                    let _ = write!(b, "{:02}", r.range(1, 33));
                }
                let _ = write!(b, "，蓝球{:02}。", r.range(1, 16));
            }
            "gold" => {
                let city = v.places[r.below(v.places.len())];
                let _ = write!(t, "{city}金价");
                let _ = write!(
                    b,
                    "{}月{}日{city}黄金饰品报价{}元/克，较昨日{}{}元。",
                    r.range(1, 12),
                    r.range(1, 28),
                    r.range(450, 820),
                    updn(r, "涨", "跌"),
                    r.range(1, 30)
                );
            }
            "flight" => {
                let air = [
                    ("国航", "CA"),
                    ("东航", "MU"),
                    ("南航", "CZ"),
                    ("海航", "HU"),
                    ("川航", "3U"),
                    ("厦航", "MF"),
                ];
                let (an, ac) = air[r.below(air.len())];
                let code = format!("{ac}{}", r.range(1000, 9999));
                let from = v.places[r.below(v.places.len())];
                let to = v.places[r.below(v.places.len())];
                let st = ["取消", "延误", "备降", "正常起飞", "提前到达"][r.below(5)];
                let _ = write!(t, "{code}航班动态");
                let _ = write!(
                    b,
                    "{an}{code}航班（{from}至{to}）{}月{}日{st}。",
                    r.range(1, 12),
                    r.range(1, 28)
                );
            }
            "quake" => {
                let place = v.places[r.below(v.places.len())];
                let mag = format!("{}.{}", r.range(3, 6), r.below(10));
                let _ = write!(t, "{place}附近发生{mag}级地震");
                let _ = write!(
                    b,
                    "{}月{}日{}时{}分{place}附近发生{mag}级地震，震源深度{}千米。",
                    r.range(1, 12),
                    r.range(1, 28),
                    r.below(24),
                    r.below(60),
                    r.range(5, 30)
                );
            }
            "score" => {
                let team = |r: &mut Rng| {
                    format!(
                        "{}{}",
                        v.places[r.below(v.places.len())],
                        ["队", "雄鹰", "猎豹", "海港", "先锋", "飞龙"][r.below(6)]
                    )
                };
                let (t1, t2) = (team(r), team(r));
                let (s1, s2) = (r.range(60, 130), r.range(55, 125));
                let player = format!(
                    "{}{}{}",
                    v.surnames[r.below(v.surnames.len())],
                    v.given[r.below(v.given.len())],
                    v.given[r.below(v.given.len())]
                );
                let _ = write!(t, "{t1}{s1}比{s2}{t2}");
                let _ = write!(
                    b,
                    "{t1}主场{s1}比{s2}{}{t2}，{player}独得{}分。",
                    updn(r, "战胜", "不敌"),
                    r.range(12, 48)
                );
            }
            "aqi" => {
                let city = v.places[r.below(v.places.len())];
                let lvl = ["优", "良", "轻度污染", "中度污染"][r.below(4)];
                let pol = ["PM2.5", "PM10", "臭氧", "二氧化氮"][r.below(4)];
                let _ = write!(t, "{city}空气质量{lvl}");
                let _ = write!(
                    b,
                    "{city}今日空气质量{lvl}，AQI为{}，首要污染物为{pol}。",
                    r.range(20, 260)
                );
            }
            "traffic" => {
                let hw = format!(
                    "G{}{}高速",
                    r.range(1, 99),
                    [
                        "京港澳",
                        "沈海",
                        "沪昆",
                        "京沪",
                        "连霍",
                        "长深",
                        "大广",
                        "福银"
                    ][r.below(8)]
                );
                let dir = v.places[r.below(v.places.len())];
                let _ = write!(t, "{hw}路况");
                let _ = write!(
                    b,
                    "{hw}往{dir}方向{}公里处发生事故，{}条车道临时封闭。",
                    r.range(10, 2500),
                    r.range(1, 3)
                );
            }
            "en_stock" => {
                let tick: String = (0..r.range(3, 4))
                    .map(|_| (b'A' + r.below(26) as u8) as char)
                    .collect();
                let _ = write!(t, "{tick} closes {}", updn(r, "higher", "lower"));
                let _ = write!(
                    b,
                    "{tick} {} {}.{:02}% to {}.{:02}.",
                    v.en_moves[r.below(v.en_moves.len())],
                    r.below(10),
                    r.below(100),
                    r.range(2, 400),
                    r.below(100)
                );
            }
            _ => {
                let city = v.en_cities[r.below(v.en_cities.len())];
                let cond = [
                    "sunny",
                    "cloudy",
                    "light rain",
                    "showers",
                    "fog",
                    "snow",
                    "windy",
                    "clear skies",
                ];
                let lo = r.range(0, 30) as i64 - 8;
                let _ = write!(t, "{city} weather");
                let _ = write!(
                    b,
                    "{city}: {}, high {}, low {lo}, wind {} km/h.",
                    cond[r.below(cond.len())],
                    lo + r.range(3, 12) as i64,
                    r.range(2, 60)
                );
            }
        }
        let en = TEMPLATES[which].starts_with("en_");
        if !en && !self.full {
            b = b.replace('，', ",");
        }
        (t, b, en)
    }
}

// ---------------------------------------------------------------------------
// The planner: pages, planted copies, truth.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Refetch,
    Related,
    Repost,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Refetch => "refetch",
            Kind::Related => "related",
            Kind::Repost => "repost",
        }
    }
}

struct Group {
    kind: Kind,
    members: Vec<u64>,
    hashes: Vec<u64>,
}

struct PendingLead {
    lead: Lead,
    group: usize,
    /// The page's items, repeated (most of them) on the re-fetched page.
    items: Vec<Item>,
    /// Further re-fetches after this one.
    more: u32,
}

struct PoolItem {
    item: Item,
    left: u32,
}

#[derive(Default)]
struct Stats {
    pages: u64,
    en_leads: u64,
    en_items: u64,
    refetch_exact: u64,
    refetch_edited: u64,
    min_near_j: f64,
    max_template_j: f64,
    template_rejected: u64,
}

struct Plan {
    g: Gen,
    n: u64,
    seed: u64,
    next_id: u64,
    max_lead_delay: usize,
    max_item_delay: usize,
    groups: Vec<Group>,
    lead_heap: BinaryHeap<Reverse<(u64, usize)>>,
    lead_slab: Vec<Option<PendingLead>>,
    item_heap: BinaryHeap<Reverse<(u64, usize)>>,
    item_slab: Vec<Option<Item>>,
    pool: Vec<PoolItem>,
    seen_body: HashSet<u64>,
    seen_key: HashSet<u64>,
    /// Shingles (body, title + body) of every item of each template so far.
    tpl_seen: Vec<Vec<(Vec<u64>, Vec<u64>)>>,
    short: BTreeMap<&'static str, Vec<u64>>,
    stats: Stats,
    buf: Vec<u8>,
}

fn key_hash(title: &str, source: &str, time: u64) -> u64 {
    let mut cs = norm_chars(title);
    cs.push(0);
    cs.extend(norm_chars(source));
    cs.push(0);
    cs.push(time as u32);
    cs.push((time >> 32) as u32);
    hash_chars(&cs)
}

impl Plan {
    fn new(n: u64, seed: u64) -> Self {
        let v: &'static Vocab = Box::leak(Box::new(Vocab::new()));
        let pages = (n as f64 / 6.5).ceil() as usize;
        Plan {
            g: Gen {
                rng: Rng::new(seed),
                v,
                full: true,
            },
            n,
            seed,
            next_id: 1,
            max_lead_delay: (pages / 3).clamp(4, 4000),
            max_item_delay: (pages / 4).clamp(3, 2000),
            groups: Vec::new(),
            lead_heap: BinaryHeap::new(),
            lead_slab: Vec::new(),
            item_heap: BinaryHeap::new(),
            item_slab: Vec::new(),
            pool: Vec::new(),
            seen_body: HashSet::new(),
            seen_key: HashSet::new(),
            tpl_seen: vec![Vec::new(); TEMPLATES.len()],
            short: BTreeMap::new(),
            stats: Stats {
                min_near_j: 1.0,
                ..Stats::default()
            },
            buf: Vec::with_capacity(64 << 10),
        }
    }

    fn new_group(&mut self, kind: Kind, id: u64, hash: u64) -> usize {
        self.groups.push(Group {
            kind,
            members: vec![id],
            hashes: vec![hash],
        });
        self.groups.len() - 1
    }

    fn add(&mut self, g: usize, id: u64, hash: u64) {
        self.groups[g].members.push(id);
        self.groups[g].hashes.push(hash);
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn schedule_lead(&mut self, p: PendingLead) {
        let due = self.stats.pages + 1 + self.g.rng.skew(self.max_lead_delay) as u64;
        self.lead_slab.push(Some(p));
        self.lead_heap
            .push(Reverse((due, self.lead_slab.len() - 1)));
    }

    fn schedule_item(&mut self, it: Item) {
        let due = self.stats.pages + 1 + self.g.rng.skew(self.max_item_delay) as u64;
        self.item_slab.push(Some(it));
        self.item_heap
            .push(Reverse((due, self.item_slab.len() - 1)));
    }

    fn pop_due_lead(&mut self) -> Option<PendingLead> {
        let &Reverse((due, i)) = self.lead_heap.peek()?;
        if due > self.stats.pages {
            return None;
        }
        self.lead_heap.pop();
        self.lead_slab[i].take()
    }

    fn pop_due_item(&mut self) -> Option<Item> {
        let &Reverse((due, i)) = self.item_heap.peek()?;
        if due > self.stats.pages {
            return None;
        }
        self.item_heap.pop();
        self.item_slab[i].take()
    }

    fn note_near(&mut self, j: f64) {
        if j < self.stats.min_near_j {
            self.stats.min_near_j = j;
        }
    }

    fn fresh_lead(&mut self, en: bool) -> Lead {
        loop {
            let l = self.g.lead(en);
            if self.seen_body.insert(body_hash(&l.body())) {
                return l;
            }
        }
    }

    /// A re-fetched version of `prev`: 1–3 sentence edits, Jaccard ≥ 0.85 with it.
    fn edit_lead(&mut self, prev: &Lead) -> Lead {
        let base = shingles(&prev.body());
        for attempt in 0..12 {
            let mut l = prev.clone();
            let edits = if attempt < 6 {
                self.g.rng.range(1, 3)
            } else {
                1
            };
            for _ in 0..edits {
                self.g.edit_once(&mut l);
            }
            let j = jaccard(&base, &shingles(&l.body()));
            if (0.85..1.0).contains(&j) {
                self.note_near(j);
                return l;
            }
        }
        prev.clone()
    }

    fn repost_lead(&mut self, orig: &Lead) -> Lead {
        let mut l = orig.clone();
        let site = if orig.en {
            self.g.p(EN_SOURCES)
        } else {
            self.g.p(ZH_SOURCES)
        };
        let prefix = if orig.en {
            match self.g.rng.below(3) {
                0 => "Repost: ".to_string(),
                1 => format!("{site}: "),
                _ => String::new(),
            }
        } else {
            match self.g.rng.below(4) {
                0 => "转载｜".to_string(),
                1 => "【转】".to_string(),
                2 => format!("{site}："),
                _ => "原创首发｜".to_string(),
            }
        };
        l.title = prefix + &orig.title;
        match self.g.rng.below(4) {
            0 => l.blocks.push(Block::Line(if orig.en {
                format!("This article first appeared on {site}.")
            } else {
                format!("本文转自{site}，版权归原作者所有。")
            })),
            1 => {
                // Without the reference block, if there is one.
                if let Some(i) = l.blocks.iter().position(
                    |b| matches!(b, Block::Line(s) if s == "参考内容:" || s == "References:"),
                ) {
                    l.blocks.truncate(i);
                }
            }
            _ => {}
        }
        let j = jaccard(&shingles(&orig.body()), &shingles(&l.body()));
        if j < 0.85 {
            l.blocks = orig.blocks.clone();
        } else if j < 1.0 {
            self.note_near(j);
        }
        l
    }

    fn repost_item(&mut self, orig: &Item) -> Item {
        let mut it = orig.clone();
        let list = if orig.en { EN_SOURCES } else { ZH_SOURCES };
        while it.source == orig.source {
            it.source = self.g.p(list);
        }
        it.counter = self.counter();
        let v = self.g.v;
        match self.g.rng.below(4) {
            0 => {
                it.title = format!(
                    "{}{}",
                    if orig.en { "Update: " } else { "转：" },
                    orig.title
                )
            }
            1 if !orig.en => it.title = format!("快讯｜{}", orig.title),
            _ => {}
        }
        if self.g.rng.chance(2, 5) {
            let lead_in = if orig.en {
                format!("{} — ", self.g.p(&v.en_cities).to_uppercase())
            } else if self.g.rng.chance(1, 2) {
                format!("{}讯，", self.g.p(&v.places))
            } else {
                format!("据{}消息，", it.source)
            };
            let body = lead_in + &orig.body;
            let j1 = jaccard(&shingles(&orig.body), &shingles(&body));
            let j2 = jaccard(
                &shingles(&format!("{}\n{}", orig.title, orig.body)),
                &shingles(&format!("{}\n{}", it.title, body)),
            );
            if j1 >= 0.85 && j2 >= 0.85 {
                self.note_near(j1.min(j2));
                it.hash = body_hash(&body);
                it.body = body;
            }
        }
        loop {
            it.time = (orig.time + self.g.rng.range(60, 3 * 86_400) as u64).min(TIME_SPAN - 1);
            if self
                .seen_key
                .insert(key_hash(&it.title, it.source, it.time))
            {
                break;
            }
        }
        it
    }

    fn counter(&mut self) -> u32 {
        let r = &mut self.g.rng;
        match r.below(10) {
            0..=5 => 0,
            6..=8 => r.below(20) as u32,
            _ => r.below(10_000) as u32,
        }
    }

    fn drift(&mut self, c: u32) -> u32 {
        (c + self.g.rng.range(1, 40) as u32).min(9999)
    }

    /// A template item that stays < 0.6 Jaccard with every earlier one of its template.
    fn template(&mut self) -> Option<(String, String, bool, &'static str)> {
        let which = self.g.rng.below(TEMPLATES.len());
        for _ in 0..30 {
            self.g.full = self.g.rng.chance(3, 4);
            let (t, b, en) = self.g.template_item(which);
            let sb = shingles(&b);
            let sf = shingles(&format!("{t}\n{b}"));
            let mut worst = 0.0f64;
            for (pb, pf) in &self.tpl_seen[which] {
                worst = worst.max(jaccard(&sb, pb)).max(jaccard(&sf, pf));
                if worst >= 0.6 {
                    break;
                }
            }
            if worst < 0.6 {
                self.stats.max_template_j = self.stats.max_template_j.max(worst);
                self.tpl_seen[which].push((sb, sf));
                return Some((t, b, en, TEMPLATES[which]));
            }
            self.stats.template_rejected += 1;
        }
        None
    }

    fn fresh_item(&mut self, en: bool) -> Item {
        loop {
            let r = self.g.rng.below(1000);
            let mut short = None;
            let mut is_en = en;
            let (title, body) = if r < 40 {
                match self.template() {
                    Some((t, b, e, name)) => {
                        short = Some(name);
                        is_en = e;
                        (t, b)
                    }
                    None => (self.g.item_title(en), self.g.summary(en)),
                }
            } else if r < 45 && !en {
                // Tiny: 1–3 characters and a full stop.
                let v = self.g.v;
                let mut b = String::new();
                for _ in 0..self.g.rng.range(1, 3) {
                    b.push_str(self.g.p(&v.brand));
                }
                b.push('。');
                short = Some("tiny");
                (self.g.item_title(en), b)
            } else {
                (self.g.item_title(en), self.g.summary(en))
            };
            let source = if is_en {
                self.g.p(EN_SOURCES)
            } else {
                self.g.p(ZH_SOURCES)
            };
            let time = self.g.rng.below(TIME_SPAN as usize) as u64;
            let hash = body_hash(&body);
            if self.seen_body.contains(&hash) {
                continue;
            }
            let key = key_hash(&title, source, time);
            if !self.seen_key.insert(key) {
                continue;
            }
            self.seen_body.insert(hash);
            let counter = self.counter();
            return Item {
                title,
                body,
                source,
                time,
                counter,
                hash,
                group: None,
                short,
                en: is_en,
            };
        }
    }

    /// Write one page (at most `n - next_id + 1` articles) into `buf`.
    fn page(&mut self) {
        let budget = (self.n + 1 - self.next_id) as usize;
        if self.stats.pages > 0 && self.g.rng.chance(1, 50) {
            self.buf.push(b'\n');
        }

        // Lead.
        let lead_id = self.take_id();
        let mut carried: Vec<Item> = Vec::new();
        let mut chain: Option<(usize, u32)> = None;
        let lead = match self.pop_due_lead() {
            Some(p) => {
                let h = body_hash(&p.lead.body());
                self.add(p.group, lead_id, h);
                if self.groups[p.group].kind == Kind::Refetch {
                    carried = p.items;
                    chain = Some((p.group, p.more));
                }
                p.lead
            }
            None => {
                let en = self.g.rng.chance(1, 20);
                let lead = self.fresh_lead(en);
                let h = body_hash(&lead.body());
                if self.g.rng.chance(7, 100) {
                    let g = self.new_group(Kind::Refetch, lead_id, h);
                    chain = Some((g, 1 + self.g.rng.skew(3) as u32));
                } else if self.g.rng.chance(25, 1000) {
                    let g = self.new_group(Kind::Repost, lead_id, h);
                    for _ in 0..self.g.rng.range(1, 3) {
                        let copy = self.repost_lead(&lead);
                        self.schedule_lead(PendingLead {
                            lead: copy,
                            group: g,
                            items: Vec::new(),
                            more: 0,
                        });
                    }
                }
                lead
            }
        };
        if lead.en {
            self.stats.en_leads += 1;
        }
        lead.write(&mut self.buf);

        // Items.
        let want = self.g.rng.range(3, 8).min(budget - 1);
        let mut items: Vec<Item> = Vec::with_capacity(want);
        for mut it in carried {
            if items.len() >= want {
                break;
            }
            if self.g.rng.chance(17, 20) {
                it.counter = self.drift(it.counter);
                items.push(it);
            }
        }
        let mut reposts = 0;
        while items.len() < want {
            if reposts < 2
                && let Some(it) = self.pop_due_item()
            {
                if items.iter().any(|x| x.group == it.group) {
                    // Another copy of this story is on the page already: next page.
                    self.item_slab.push(Some(it));
                    let due = self.stats.pages + 1;
                    self.item_heap
                        .push(Reverse((due, self.item_slab.len() - 1)));
                    continue;
                }
                reposts += 1;
                items.push(it);
                continue;
            }
            if !self.pool.is_empty() && self.g.rng.chance(1, 5) {
                let i = self.g.rng.below(self.pool.len());
                let g = self.pool[i].item.group;
                if !items.iter().any(|x| x.group == g) {
                    let c = self.drift(self.pool[i].item.counter);
                    let pi = &mut self.pool[i];
                    pi.item.counter = c;
                    let it = pi.item.clone();
                    pi.left -= 1;
                    if pi.left == 0 {
                        self.pool.swap_remove(i);
                    }
                    items.push(it);
                    continue;
                }
            }
            let en = if lead.en {
                !self.g.rng.chance(1, 10)
            } else {
                self.g.rng.chance(1, 40)
            };
            let it = self.fresh_item(en);
            items.push(it);
        }
        for it in items.iter_mut() {
            let id = self.take_id();
            let hash = it.hash;
            if it.en {
                self.stats.en_items += 1;
            }
            if let Some(g) = it.group {
                self.add(g, id, hash);
            } else if let Some(name) = it.short {
                self.short.entry(name).or_default().push(id);
            } else if self.g.rng.chance(5, 100) {
                let g = self.new_group(Kind::Related, id, hash);
                it.group = Some(g);
                let left = 1 + self.g.rng.skew(30) as u32;
                self.pool.push(PoolItem {
                    item: it.clone(),
                    left,
                });
            } else if self.g.rng.chance(3, 100) {
                let g = self.new_group(Kind::Repost, id, hash);
                it.group = Some(g);
                for _ in 0..self.g.rng.range(1, 3) {
                    let copy = self.repost_item(it);
                    self.schedule_item(copy);
                }
            } else if chain.is_some_and(|(_, more)| more > 0) {
                // Repeated on the re-fetched page: related-news items.
                let g = self.new_group(Kind::Related, id, hash);
                it.group = Some(g);
            }
        }
        self.write_items(&items);

        // Schedule the next fetch of this lead.
        if let Some((g, more)) = chain
            && more > 0
        {
            let next = if self.g.rng.chance(1, 5) {
                self.stats.refetch_exact += 1;
                lead.clone()
            } else {
                self.stats.refetch_edited += 1;
                self.edit_lead(&lead)
            };
            let keep: Vec<Item> = items
                .into_iter()
                .filter(|it| {
                    it.short.is_none()
                        && it
                            .group
                            .is_some_and(|g| self.groups[g].kind == Kind::Related)
                })
                .collect();
            self.schedule_lead(PendingLead {
                lead: next,
                group: g,
                items: keep,
                more: more - 1,
            });
        }
        self.stats.pages += 1;
    }

    fn write_items(&mut self, items: &[Item]) {
        let Some(first) = items.first() else {
            return;
        };
        let out = &mut self.buf;
        out.extend_from_slice(first.title.as_bytes());
        out.push(b'\n');
        for (i, it) in items.iter().enumerate() {
            out.extend_from_slice(it.body.as_bytes());
            out.extend_from_slice(it.source.as_bytes());
            put_stamp(out, it.time);
            let _ = write!(out, "{:04}", it.counter);
            if let Some(next) = items.get(i + 1) {
                out.extend_from_slice(next.title.as_bytes());
            }
            out.push(b'\n');
        }
    }

    /// Groups of 2 or more, members ascending, by first member.
    fn final_groups(&self) -> Vec<(&Group, Vec<u64>, bool)> {
        let mut gs: Vec<(&Group, Vec<u64>, bool)> = self
            .groups
            .iter()
            .filter(|g| g.members.len() >= 2)
            .map(|g| {
                let mut m = g.members.clone();
                m.sort_unstable();
                let exact = g.hashes.iter().all(|&h| h == g.hashes[0]);
                (g, m, exact)
            })
            .collect();
        gs.sort_by_key(|(_, m, _)| m[0]);
        gs
    }

    fn truth_json(&self) -> (String, String) {
        let gs = self.final_groups();
        let mut s = String::new();
        let _ = write!(
            s,
            "{{\"articles\": {}, \"seed\": {}, \"shingle\": {SHINGLE},\n\"groups\": [",
            self.n, self.seed
        );
        for (i, (_, m, _)) in gs.iter().enumerate() {
            s.push_str(if i > 0 { ",\n  [" } else { "\n  [" });
            for (j, id) in m.iter().enumerate() {
                if j > 0 {
                    s.push_str(", ");
                }
                let _ = write!(s, "{id}");
            }
            s.push(']');
        }
        s.push_str("\n],\n\"kinds\": [");
        for (i, (g, _, _)) in gs.iter().enumerate() {
            if i > 0 {
                s.push_str(if i % 10 == 0 { ",\n  " } else { ", " });
            }
            let _ = write!(s, "\"{}\"", g.kind.name());
        }
        s.push_str("],\n\"exact\": [");
        for (i, (_, _, e)) in gs.iter().enumerate() {
            if i > 0 {
                s.push_str(if i % 20 == 0 { ",\n  " } else { ", " });
            }
            s.push_str(if *e { "true" } else { "false" });
        }
        s.push_str("],\n\"short_items\": {");
        for (i, (name, ids)) in self.short.iter().enumerate() {
            let _ = write!(s, "{}\n  \"{name}\": [", if i > 0 { "," } else { "" });
            for (j, id) in ids.iter().enumerate() {
                if j > 0 {
                    s.push_str(", ");
                }
                let _ = write!(s, "{id}");
            }
            s.push(']');
        }
        s.push_str("\n},\n\"counts\": {");
        let mut report = String::new();
        for (i, kind) in [Kind::Refetch, Kind::Related, Kind::Repost]
            .into_iter()
            .enumerate()
        {
            let sel: Vec<_> = gs.iter().filter(|(g, _, _)| g.kind == kind).collect();
            let members: usize = sel.iter().map(|(_, m, _)| m.len()).sum();
            let pairs: usize = sel
                .iter()
                .map(|(_, m, _)| m.len() * (m.len() - 1) / 2)
                .sum();
            let exact = sel.iter().filter(|(_, _, e)| *e).count();
            let biggest = sel.iter().map(|(_, m, _)| m.len()).max().unwrap_or(0);
            let _ = write!(
                s,
                "{}\n  \"{}\": {{\"groups\": {}, \"members\": {members}, \"pairs\": {pairs}, \
                 \"exact_groups\": {exact}, \"near_groups\": {}, \"biggest\": {biggest}}}",
                if i > 0 { "," } else { "" },
                kind.name(),
                sel.len(),
                sel.len() - exact
            );
            let _ = writeln!(
                report,
                "  {:<8} {:>7} groups ({:>6} exact, {:>6} near), {:>8} members, {:>9} pairs, biggest {}",
                kind.name(),
                sel.len(),
                exact,
                sel.len() - exact,
                members,
                pairs,
                biggest
            );
        }
        let tpl: usize = self
            .short
            .iter()
            .filter(|(k, _)| **k != "tiny")
            .map(|(_, v)| v.len())
            .sum();
        let tiny = self.short.get("tiny").map_or(0, Vec::len);
        let _ = write!(
            s,
            ",\n  \"template_items\": {tpl}, \"tiny_items\": {tiny}, \"english_leads\": {}, \
             \"english_items\": {}, \"pages\": {}\n}}\n}}\n",
            self.stats.en_leads, self.stats.en_items, self.stats.pages
        );
        let _ = writeln!(
            report,
            "  short    {tpl} template items (13 templates, max Jaccard within a template {:.3}, \
             {} candidates rejected), {tiny} tiny items",
            self.stats.max_template_j, self.stats.template_rejected
        );
        let _ = writeln!(
            report,
            "  near     min Jaccard of a planted edited copy with its source {:.3}; \
             refetch copies made: {} edited, {} unchanged",
            self.stats.min_near_j, self.stats.refetch_edited, self.stats.refetch_exact
        );
        let _ = write!(
            report,
            "  english  {} leads, {} items",
            self.stats.en_leads, self.stats.en_items
        );
        (s, report)
    }
}

// ---------------------------------------------------------------------------
// Command line.

const USAGE: &str = "usage: gen_dups --articles N --out DUMP.txt --truth TRUTH.json [--seed S]\n  \
--articles N: how many articles (also 5k, 450k, 1.5m)\n  \
--out PATH: the dump ('-' = stdout)\n  \
--truth PATH: the ground truth, JSON\n  \
--seed S: PRNG seed, same args => byte-identical output (default 42)";

struct Args {
    articles: u64,
    out: String,
    truth: String,
    seed: u64,
}

fn parse_count(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_lowercase().replace('_', "");
    let (num, mult) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1e3),
        Some('m') => (&t[..t.len() - 1], 1e6),
        _ => (&t[..], 1.0),
    };
    let v: f64 = num.parse().map_err(|_| format!("bad count {s:?}"))?;
    let n = (v * mult).round();
    if !(1.0..=1e10).contains(&n) {
        return Err(format!("count {s:?} out of range"));
    }
    Ok(n as u64)
}

fn parse_args() -> Result<Args, String> {
    let mut articles = None;
    let mut out = None;
    let mut truth = None;
    let mut seed = 42;
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
            "--articles" => articles = Some(parse_count(&value()?)?),
            "--out" => out = Some(value()?),
            "--truth" => truth = Some(value()?),
            "--seed" => {
                let v = value()?;
                seed = v.parse().map_err(|_| format!("bad seed {v:?}"))?;
            }
            _ => return Err(format!("unknown argument {a:?}")),
        }
    }
    Ok(Args {
        articles: articles.ok_or("--articles is required")?,
        out: out.ok_or("--out is required")?,
        truth: truth.ok_or("--truth is required")?,
        seed,
    })
}

fn run(args: &Args) -> io::Result<(u64, Plan)> {
    let sink: Box<dyn Write> = if args.out == "-" {
        Box::new(io::stdout().lock())
    } else {
        Box::new(File::create(&args.out)?)
    };
    let mut w = BufWriter::with_capacity(8 << 20, sink);
    let mut plan = Plan::new(args.articles, args.seed);
    let mut bytes = 0u64;
    while plan.next_id <= plan.n {
        plan.buf.clear();
        plan.page();
        w.write_all(&plan.buf)?;
        bytes += plan.buf.len() as u64;
    }
    w.flush()?;
    Ok((bytes, plan))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_dups: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let t0 = Instant::now();
    let (bytes, plan) = match run(&args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gen_dups: {}: {e}", args.out);
            return ExitCode::FAILURE;
        }
    };
    let (json, report) = plan.truth_json();
    if let Err(e) = std::fs::write(&args.truth, json) {
        eprintln!("gen_dups: {}: {e}", args.truth);
        return ExitCode::FAILURE;
    }
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "gen_dups: {} articles, {} pages, {bytes} bytes ({:.0} B/article), seed {}, \
         vocabulary {} words, {:.2} s\n{report}",
        plan.n,
        plan.stats.pages,
        bytes as f64 / plan.n.max(1) as f64,
        plan.seed,
        plan.g.v.size(),
        secs
    );
    ExitCode::SUCCESS
}
