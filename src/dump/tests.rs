//! One test (or more) per rule of FORMAT.md, on small inline dumps. The
//! fixtures in `tests/fixtures/` are checked by the integration tests.

use super::*;

/// What a test wants to see of an article.
#[derive(Debug, PartialEq)]
struct Seen {
    kind: Kind,
    title: String,
    source: Option<String>,
    time: Option<String>,
    counters: Option<String>,
    body: String,
}

fn parse(input: &[u8]) -> Vec<Seen> {
    let index = Index::parse(input);
    assert_partition(input, &index);
    index
        .articles(input)
        .map(|a| Seen {
            kind: a.kind(),
            title: a.title().into_owned(),
            source: a.source().map(|s| s.into_owned()),
            time: a.time().map(|s| s.into_owned()),
            counters: a.counters().map(|s| s.into_owned()),
            body: a.body(),
        })
        .collect()
}

/// Rule 8: spans are contiguous, in order, and rebuild the input (BOM aside).
pub(crate) fn assert_partition(input: &[u8], index: &Index) {
    let from = if input.starts_with(BOM) { 3 } else { 0 };
    let mut pos = from as u64;
    let mut rebuilt = Vec::with_capacity(input.len());
    for a in index.articles(input) {
        assert_eq!(a.entry().offset(), pos, "spans must be contiguous");
        pos += a.entry().len();
        rebuilt.extend_from_slice(a.raw());
    }
    assert_eq!(pos, input.len() as u64, "spans must cover the input");
    assert_eq!(rebuilt, &input[from..]);
}

fn lead(title: &str, body: &str) -> Seen {
    Seen {
        kind: Kind::Lead,
        title: title.into(),
        source: None,
        time: None,
        counters: None,
        body: body.into(),
    }
}

fn item(title: &str, summary: &str, source: &str, time: &str, counters: &str) -> Seen {
    Seen {
        kind: Kind::Item,
        title: title.into(),
        source: Some(source.into()),
        time: Some(time.into()),
        counters: Some(counters.into()),
        body: summary.into(),
    }
}

// FORMAT.md's illustration, with the zero its prose implies: it says the
// counters are `0001` and the title `23家…`, which needs `15` + `0001` + `23`.
const SHAPE: &str = "示例标题:某公司发布新一代图像模型
第一段正文,说明发布的背景。
技术细节
第二段正文,引用了 https://example.com/a 的说法。
参考内容:
https://example.com/report
某市开通首条无人驾驶公交线路
据报道,线路全长十二公里。快讯社2024-05-02 08:30:15000123家门店同日上线自助结账
自助结账覆盖全部门店。快讯社2024-05-03 09:00:000001";

#[test]
fn format_md_shape() {
    let got = parse(SHAPE.as_bytes());
    assert_eq!(
        got,
        vec![
            lead(
                "示例标题:某公司发布新一代图像模型",
                "第一段正文,说明发布的背景。\n技术细节\n第二段正文,引用了 https://example.com/a 的说法。\n参考内容:\nhttps://example.com/report"
            ),
            item(
                "某市开通首条无人驾驶公交线路",
                "据报道,线路全长十二公里。",
                "快讯社",
                "2024-05-02 08:30:15",
                "0001"
            ),
            item(
                "23家门店同日上线自助结账",
                "自助结账覆盖全部门店。",
                "快讯社",
                "2024-05-03 09:00:00",
                "0001"
            ),
        ]
    );
    let index = Index::parse(SHAPE.as_bytes());
    let a = index.article(SHAPE.as_bytes(), 0).unwrap();
    assert_eq!(a.headings(), vec!["技术细节", "参考内容:"]);
    assert_eq!(
        a.links(),
        vec!["https://example.com/a", "https://example.com/report"]
    );
    assert_eq!(index.counter_width(), 4);
    // Item 2 starts right after item 1's counters, on the same line.
    let second = index.article(SHAPE.as_bytes(), 2).unwrap();
    assert!(second.raw().starts_with("23家".as_bytes()));
    assert_eq!(second.entry().line(), 8);
}

#[test]
fn rule1_crlf_and_bom() {
    let lf = "标题\n正文。\n条目\n摘要。源2024-01-01 10:00:000001";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    assert_eq!(parse(crlf.as_bytes()), parse(lf.as_bytes()));
    let index = Index::parse(crlf.as_bytes());
    assert!(index.has_bom());
    assert_eq!(index.entries()[0].offset(), 3);
}

#[test]
fn rule1_blank_line_splits_leads() {
    let got = parse("一号标题\n正文一。\n\n二号标题\n正文二。\n\n\n".as_bytes());
    assert_eq!(
        got,
        vec![lead("一号标题", "正文一。"), lead("二号标题", "正文二。")]
    );
}

#[test]
fn rule2_datetime_in_prose_is_no_stamp() {
    let text = "会议通知\n会议定于2024-06-01 09:30举行。\n下午2024-06-01 14:00:00开始。";
    let got = parse(text.as_bytes());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].kind, Kind::Lead);
}

#[test]
fn rule2_only_the_last_stamp_of_a_line_counts() {
    let text = "标题\n旧闻2023-01-01 00:00:0012说明。源2024-02-02 10:00:000001";
    let got = parse(text.as_bytes());
    assert_eq!(
        got,
        vec![item(
            "标题",
            "旧闻2023-01-01 00:00:0012说明。",
            "源",
            "2024-02-02 10:00:00",
            "0001"
        )]
    );
}

#[test]
fn rule3_counter_width_is_learned_from_runs_ending_a_line() {
    // Two runs end their line with six digits; the glued ones are longer.
    let t = "2024-01-01 00:00:00";
    let text = format!("甲\n一。源{t}00000129家\n二。源{t}000003\n乙\n三。源{t}000004");
    let index = Index::parse(text.as_bytes());
    assert_eq!(index.counter_width(), 6);
    let got = parse(text.as_bytes());
    assert_eq!(got[0].counters.as_deref(), Some("000001"));
    assert_eq!(got[1].title, "29家");
}

#[test]
fn rule3_tie_goes_to_the_shorter_width() {
    let t = "2024-01-01 00:00:00";
    let text = format!("甲\n一。源{t}001\n乙\n二。源{t}01");
    assert_eq!(Index::parse(text.as_bytes()).counter_width(), 2);
}

#[test]
fn rule3_without_line_ending_runs_or_stamps() {
    assert_eq!(Index::parse("只是文字\n".as_bytes()).counter_width(), 4);
    // Every run is followed by a glued title: most common of all runs.
    let t = "2024-01-01 00:00:00";
    let text = format!("甲\n一。源{t}123乙\n二。源{t}123丙\n三。源{t}1丁");
    assert_eq!(Index::parse(text.as_bytes()).counter_width(), 3);
}

#[test]
fn rule4_source_back_to_the_terminator() {
    let text = "甲\n他说:「好」新闻台2024-01-01 00:00:000001";
    assert_eq!(parse(text.as_bytes())[0].source.as_deref(), Some("新闻台"));
    let text = "甲\nThe end! TechWire2024-01-01 00:00:000001";
    // White space comes before any terminator: no source is learned.
    assert_eq!(parse(text.as_bytes())[0].source.as_deref(), Some(""));
}

#[test]
fn rule4_falls_back_to_learned_sources() {
    let text = "甲\n句子。快讯社2024-01-01 00:00:000001乙\n没有句号的很长很长很长很长的一段摘要快讯社2024-01-01 00:00:000001丙\n也没有句号的很长很长很长很长很长的摘要无名2024-01-01 00:00:000001";
    let got = parse(text.as_bytes());
    assert_eq!(got[0].source.as_deref(), Some("快讯社"));
    assert_eq!(got[1].source.as_deref(), Some("快讯社"));
    assert_eq!(got[1].body, "没有句号的很长很长很长很长的一段摘要");
    assert_eq!(got[2].source.as_deref(), Some(""));
    assert!(got[2].body.ends_with("无名"));
}

#[test]
fn rule5_file_starting_mid_run_gives_an_untitled_item() {
    let text = "摘要一。源2024-01-01 00:00:000001下一条\n摘要二。源2024-01-02 00:00:000002";
    let got = parse(text.as_bytes());
    assert_eq!(got[0].title, "");
    assert_eq!(got[1].title, "下一条");
    let index = Index::parse(text.as_bytes());
    let a = index.article(text.as_bytes(), 0).unwrap();
    assert!(a.is_untitled());
    assert_eq!(a.display_title(), ("摘要一。".into(), true));
}

#[test]
fn rule5_blank_line_before_a_summary_leaves_it_untitled() {
    let text = "标题\n\n摘要。源2024-01-01 00:00:000001";
    let got = parse(text.as_bytes());
    assert_eq!(got[0], lead("标题", ""));
    assert_eq!(got[1].title, "");
    assert_eq!(got[1].kind, Kind::Item);
}

#[test]
fn rule5_glued_text_before_a_plain_line_is_a_lead_title() {
    let text = "条目\n摘要。源2024-01-01 00:00:000001新的头条\n头条正文。\n更多正文。\n下一个条目\n摘要。源2024-01-02 00:00:000002";
    let got = parse(text.as_bytes());
    assert_eq!(got.len(), 3);
    assert_eq!(got[1], lead("新的头条", "头条正文。\n更多正文。"));
    assert_eq!(got[2].title, "下一个条目");
}

#[test]
fn rule5_glued_text_at_the_end_of_the_file_is_a_lead() {
    let got = parse("条目\n摘要。源2024-01-01 00:00:000001结尾\n".as_bytes());
    assert_eq!(got[1], lead("结尾", ""));
    let got = parse("条目\n摘要。源2024-01-01 00:00:000001结尾\n\n".as_bytes());
    assert_eq!(got[1], lead("结尾", ""));
}

#[test]
fn rule6_lead_runs_between_item_runs() {
    let text = "条目\n摘要。源2024-01-01 00:00:000001\n头条\n正文。\n条目二\n摘要。源2024-01-02 00:00:000002";
    let got = parse(text.as_bytes());
    assert_eq!(got[1], lead("头条", "正文。"));
    assert_eq!(got[2].title, "条目二");
}

#[test]
fn rule7_headings_and_links() {
    let text = "标题\n正文第一段,很长的句子。\n小标题\n以逗号结尾,\nhttps://a.example/x?q=1\n参见 https://b.example/y。以及(https://c.example/z)\n";
    let index = Index::parse(text.as_bytes());
    let a = index.article(text.as_bytes(), 0).unwrap();
    assert_eq!(a.headings(), vec!["小标题"]);
    assert_eq!(
        a.links(),
        vec![
            "https://a.example/x?q=1",
            "https://b.example/y",
            "https://c.example/z"
        ]
    );
}

#[test]
fn rule8_blank_lines_belong_to_the_article_before() {
    let text = "\n\n标题\n正文。\n\n\n条目\n摘要。源2024-01-01 00:00:000001\n\n";
    let index = Index::parse(text.as_bytes());
    assert_partition(text.as_bytes(), &index);
    let e = index.entries();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].offset(), 0);
    assert_eq!(index.article(text.as_bytes(), 0).unwrap().title(), "标题");
    assert!(
        index
            .article(text.as_bytes(), 1)
            .unwrap()
            .raw()
            .ends_with(b"\n\n")
    );
}

#[test]
fn rule8_blank_file_is_one_empty_untitled_lead() {
    let index = Index::parse(b"\n \n\n");
    assert_eq!(index.len(), 1);
    let a = index.article(b"\n \n\n", 0).unwrap();
    assert!(a.is_untitled());
    assert_eq!(a.body(), "");
    assert!(Index::parse(b"").is_empty());
    assert!(Index::parse(BOM).is_empty());
}

#[test]
fn rule9_invalid_utf8_and_controls_are_kept() {
    let text = b"T\xff\xfeitle\nbody \x00 \x1b[31m red\n";
    let index = Index::parse(text);
    let a = index.article(text, 0).unwrap();
    assert_eq!(a.title(), "T\u{fffd}\u{fffd}itle");
    assert_eq!(a.body(), "body \0 \x1b[31m red");
}

#[test]
fn line_numbers_point_at_the_span_start() {
    let index = Index::parse(SHAPE.as_bytes());
    let lines: Vec<u64> = index.entries().iter().map(Entry::line).collect();
    assert_eq!(lines, vec![1, 7, 8]);
    assert_eq!(index.lines(), 9);
}
