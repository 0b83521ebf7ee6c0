//! What a scrape holds, from the command line (issue 15): `dups`, `list
//! --dups/--dedup/--flag`, the fields `export` gains, `stats --dups`.
//!
//! The dump is written here: two pages whose leads are one story fetched
//! twice with a sentence changed, a related-news item repeated on both
//! pages with its counters changed, short weather items sharing a
//! template (distinct: never grouped), and unrelated articles.

mod common;

use common::{newsdump, stderr, stdout};
use serde_json::Value;

/// A paragraph of the story, each sentence different.
fn story(changed: &str) -> String {
    let sentences = [
        "星河智算于周五在云湖市举办秋季发布会，正式推出新一代多模态大模型。",
        "公司称新模型在保持原有精度的前提下，将单次推理成本降低了约六成。",
        "研发团队重新设计了注意力机制，在长文本场景下采用分块稀疏注意力。",
        changed,
        "多家云厂商已宣布接入，开发者可在控制台申请试用额度并查看接口文档。",
        "分析人士认为，价格战之后，企业客户更看重稳定性与私有化部署能力。",
    ];
    sentences.concat()
}

fn page(n: usize, changed: &str, counter: usize) -> String {
    let weather = ["云湖", "澜川", "青屿"][n % 3];
    format!(
        "星河智算发布新一代多模态大模型\n{}\n相关阅读:\n云湖地铁三号线今日开通试运营\n全线设站十八座,首班车六点发出,票价两元起,市民可刷码乘车。快讯社2024-09-13 08:00:00{counter:04}{weather}天气\n{weather}今日晴,气温十二到二十度。气象台2024-09-1{n} 07:00:00{:04}第{n}页的独家报道\n本页独有的内容讲述了第{n}个不同的主题,与其他文章没有相同的句子和段落,只是为了充当不重复的文章。科技日报2024-09-1{n} 09:30:00{:04}\n",
        story(changed),
        counter + 1,
        counter + 2,
    )
}

fn dump() -> String {
    [
        page(
            1,
            "新模型首次支持最长一百万字的上下文窗口，并开放了微调接口。",
            1,
        ),
        page(
            2,
            "新模型首次支持最长两百万字的上下文窗口，同时开放了微调接口。",
            7,
        ),
    ]
    .concat()
}

fn write() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scrape.txt");
    std::fs::write(&path, dump()).unwrap();
    (dir, path.display().to_string())
}

fn titles(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| l.rsplit('\t').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn dups_finds_the_refetched_lead_and_the_repeated_item_and_nothing_else() {
    let (_dir, path) = write();
    let o = newsdump(&["dups", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    // Two groups of two: the lead (1 and 5), the related item (2 and 6).
    assert_eq!(text.matches("# group").count(), 2, "{text}");
    let json = newsdump(&["dups", &path, "--json"]);
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["articles"], 8);
    assert_eq!(v["grouped"], 4);
    let mut groups: Vec<Vec<u64>> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_u64().unwrap())
                .collect()
        })
        .collect();
    groups.sort();
    assert_eq!(groups, [vec![1, 5], vec![2, 6]]);
    // The first member is the earliest, said first; the lead's copy is
    // near (a sentence changed), the item's exact.
    let lead = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == 1)
        .unwrap();
    assert_eq!(lead["members"][0]["first"], true);
    let sim = lead["members"][1]["similarity"].as_f64().unwrap();
    assert!((0.8..1.0).contains(&sim), "{sim}");
}

#[test]
fn a_stricter_threshold_leaves_the_edited_lead_alone() {
    let (_dir, path) = write();
    let v: Value = serde_json::from_str(&stdout(&newsdump(&[
        "dups",
        &path,
        "--json",
        "--dup-threshold",
        "0.99",
    ])))
    .unwrap();
    assert_eq!(v["grouped"], 2, "only the exact copies: {v}");
    let bad = newsdump(&["dups", &path, "--dup-threshold", "1.5"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}

#[test]
fn no_duplicates_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.txt");
    std::fs::write(&path, page(1, "独一份的句子。", 1)).unwrap();
    let o = newsdump(&["dups", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no duplicates"), "{}", stderr(&o));
}

#[test]
fn list_dups_dedup_and_flags() {
    let (_dir, path) = write();
    let ids = |args: &[&str]| -> Vec<u64> {
        let mut all = vec!["list", path.as_str()];
        all.extend_from_slice(args);
        let o = newsdump(&all);
        stdout(&o)
            .lines()
            .map(|l| l.split('\t').next().unwrap().parse().unwrap())
            .collect()
    };
    assert_eq!(ids(&["--dups"]), [1, 2, 5, 6]);
    assert_eq!(ids(&["--dedup"]), [1, 2, 3, 4, 7, 8]);
    // The weather items are short; the leads have no date by the format,
    // so they are not `no-date`.
    let short = titles(&stdout(&newsdump(&["list", &path, "--flag", "short"])));
    assert!(short.iter().any(|t| t.contains("天气")), "{short:?}");
    assert!(!short.iter().any(|t| t.contains("多模态")), "{short:?}");
    let none = newsdump(&["list", &path, "--flag", "future"]);
    assert_eq!(none.status.code(), Some(1));
    let bad = newsdump(&["list", &path, "--flag", "shortish"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("short"), "{}", stderr(&bad));
}

#[test]
fn export_carries_group_first_member_and_flags() {
    let (_dir, path) = write();
    let o = newsdump(&["export", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0]["dup_group"], 1);
    assert_eq!(rows[0]["dup_of"], Value::Null);
    assert_eq!(rows[4]["dup_group"], 1);
    assert_eq!(rows[4]["dup_of"], 1);
    assert_eq!(rows[5]["dup_of"], 2);
    assert_eq!(rows[2]["dup_group"], Value::Null);
    assert!(rows.iter().all(|r| r["flags"].is_array()));
    let dedup = newsdump(&["export", &path, "--dedup"]);
    assert_eq!(stdout(&dedup).lines().count(), 6);
}

#[test]
fn stats_counts_duplicates_and_flags() {
    let (_dir, path) = write();
    let text = stdout(&newsdump(&["stats", &path, "--dups"]));
    assert!(
        text.contains("duplicates  2 groups, 4 articles in them (50.0%), 2 copies"),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("flags ")), "{text}");
    let v: Value =
        serde_json::from_str(&stdout(&newsdump(&["stats", &path, "--dups", "--json"]))).unwrap();
    assert_eq!(v["articles"], 8);
    assert_eq!(v["duplicates"]["copies"], 2);
    assert!(v["flags"]["short"].as_u64().unwrap() >= 2, "{v}");
    // Without --dups, stats reads the index alone: no such counts.
    let plain: Value =
        serde_json::from_str(&stdout(&newsdump(&["stats", &path, "--json"]))).unwrap();
    assert!(plain.get("duplicates").is_none());
}
