//! `--since`, `--until`, `--undated` and `--source` (issue 12, items 2
//! and 9), run as a process: dates are read as real dates, and a source
//! matches a part of its name.

mod common;

use common::{newsdump, stderr, stdout};
use std::process::Output;

/// A lead (no stamp) and seven items across a month's end, one stamp
/// without seconds (allowed by FORMAT.md rule 2).
///
/// | id | source    | time                |
/// |----|-----------|---------------------|
/// | 1  | —         | —                   |
/// | 2  | 站长之家  | 2023-08-31 23:59:59 |
/// | 3  | 站长之家  | 2023-09-01 00:00:00 |
/// | 4  | 快讯社    | 2023-09-05 12:30:00 |
/// | 5  | 快讯社    | 2023-09-15 10:00    |
/// | 6  | 快讯社    | 2023-09-30 23:59:59 |
/// | 7  | TechDaily | 2023-10-01 00:00:00 |
/// | 8  | IT之窗    | 2023-10-10 08:00:00 |
const DUMP: &str = "\
头条新闻
正文第一段,没有日期。
条目二
摘要二。站长之家2023-08-31 23:59:590001条目三
摘要三。站长之家2023-09-01 00:00:000002条目四
摘要四。快讯社2023-09-05 12:30:000003条目五
摘要五。快讯社2023-09-15 10:000004条目六
摘要六。快讯社2023-09-30 23:59:590005条目七
摘要七。TechDaily2023-10-01 00:00:000006条目八
摘要八。IT之窗2023-10-10 08:00:000007
";

/// One item long ago and one far ahead: relative spans fall between.
const FAR_DUMP: &str = "\
旧条目
很久以前。旧闻社2000-01-01 00:00:000001新条目
很久以后。新闻社2999-12-31 12:00:000002
";

/// `CMD FILE ARGS…` with `dump` in FILE. (A file, not standard input: a
/// usage error exits before reading any.)
fn run_on(cmd: &str, dump: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dump.txt");
    std::fs::write(&file, dump).unwrap();
    let mut all = vec![cmd, file.to_str().unwrap()];
    all.extend_from_slice(args);
    newsdump(&all)
}

/// `list FILE ARGS…` on `dump`.
fn list_of(dump: &str, args: &[&str]) -> Output {
    run_on("list", dump, args)
}

fn list(args: &[&str]) -> Output {
    list_of(DUMP, args)
}

/// The ids `list` printed, after checking it exited 0.
fn ids_of(dump: &str, args: &[&str]) -> Vec<usize> {
    let o = list_of(dump, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| l.split('\t').next().unwrap().parse().expect("an id"))
        .collect()
}

fn ids(args: &[&str]) -> Vec<usize> {
    ids_of(DUMP, args)
}

#[test]
fn the_dump_is_what_the_tests_think() {
    let out = stdout(&list(&[]));
    let rows: Vec<(&str, &str)> = out
        .lines()
        .map(|l| {
            let mut f = l.split('\t');
            (f.nth(1).unwrap(), f.next().unwrap())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("", ""),
            ("2023-08-31 23:59:59", "站长之家"),
            ("2023-09-01 00:00:00", "站长之家"),
            ("2023-09-05 12:30:00", "快讯社"),
            ("2023-09-15 10:00", "快讯社"),
            ("2023-09-30 23:59:59", "快讯社"),
            ("2023-10-01 00:00:00", "TechDaily"),
            ("2023-10-10 08:00:00", "IT之窗"),
        ]
    );
}

// ───────────────────────────── dates ─────────────────────────────

#[test]
fn since_a_month_without_leading_zero_compares_as_a_date() {
    assert_eq!(ids(&["--since", "2023-9"]), vec![3, 4, 5, 6, 7, 8]);
    assert_eq!(ids(&["--since", "2023-10"]), vec![7, 8]);
}

#[test]
fn until_a_month_without_leading_zero_takes_the_whole_month() {
    assert_eq!(ids(&["--until", "2023-9"]), vec![2, 3, 4, 5, 6]);
    assert_eq!(ids(&["--until", "2023-09"]), vec![2, 3, 4, 5, 6]);
}

#[test]
fn a_single_digit_day_compares_as_a_date() {
    assert_eq!(ids(&["--since", "2023-9-5"]), vec![4, 5, 6, 7, 8]);
    assert_eq!(ids(&["--until", "2023-9-5"]), vec![2, 3, 4]);
    assert_eq!(
        ids(&["--since", "2023-9-1", "--until", "2023-9-1"]),
        vec![3]
    );
}

#[test]
fn an_iso_date_time_with_a_t_is_accepted() {
    assert_eq!(ids(&["--since", "2023-09-05T12:30"]), vec![4, 5, 6, 7, 8]);
    assert_eq!(ids(&["--since", "2023-09-05T12:30:01"]), vec![5, 6, 7, 8]);
    assert_eq!(ids(&["--until", "2023-09-05T12:29"]), vec![2, 3]);
}

#[test]
fn a_stamp_without_seconds_compares_as_a_real_time() {
    // Item 5 is `2023-09-15 10:00`, that is 10:00:00: before 10:00:30.
    assert_eq!(
        ids(&["--since", "2023-09-15 10:00:30", "--until", "2023-09-30"]),
        vec![6]
    );
    assert_eq!(
        ids(&[
            "--since",
            "2023-09-15 10:00:00",
            "--until",
            "2023-09-15 10:00:00"
        ]),
        vec![5]
    );
}

#[test]
fn full_dates_and_times_behave_as_before() {
    assert_eq!(ids(&["--since", "2023-09-01"]), vec![3, 4, 5, 6, 7, 8]);
    assert_eq!(ids(&["--until", "2023-09-01"]), vec![2, 3], "the whole day");
    assert_eq!(ids(&["--since", "2023"]), vec![2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(ids(&["--until", "2023-08-31 23:59"]), vec![2]);
    assert_eq!(ids(&["--since", "2023-09-30 23:59:59"]), vec![6, 7, 8]);
    assert_eq!(ids(&["--until", "2023-09-30 23:59:58"]), vec![2, 3, 4, 5]);
    assert_eq!(list(&["--since", "2024-01-01"]).status.code(), Some(1));
}

#[test]
fn an_invalid_date_is_a_usage_error_that_quotes_it() {
    for (opt, date, why) in [
        ("--since", "2023-13-45", "month 13 is out of range"),
        ("--until", "2023-02-30", "2023-02 has no day 30"),
        ("--since", "2023-09-01 25:00", "hour 25 is out of range"),
        ("--until", "2023-09-01 10:61", "minute 61 is out of range"),
        ("--since", "2023-0", "month 0 is out of range"),
    ] {
        let o = list(&[opt, date]);
        assert_eq!(o.status.code(), Some(2), "{opt} {date}");
        assert!(stdout(&o).is_empty());
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("newsdump: invalid date '{date}' for {opt}: {why}")),
            "{err}"
        );
        assert!(err.contains("YYYY-MM-DD"), "says what works: {err}");
    }
    // Not dates at all: the same one line.
    for date in [
        "yesterday",
        "2023/09/01",
        "23-09-01",
        "",
        "2023-09-01 10:00:00:00",
    ] {
        let o = list(&["--since", date]);
        assert_eq!(o.status.code(), Some(2), "{date:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("newsdump: invalid date '{date}' for --since")),
            "{err}"
        );
    }
}

#[test]
fn a_relative_span_counts_back_from_now() {
    for span in ["7d", "2w", "12h", "30min", "3mo", "1y"] {
        assert_eq!(ids_of(FAR_DUMP, &["--since", span]), vec![2], "{span}");
        assert_eq!(ids_of(FAR_DUMP, &["--until", span]), vec![1], "{span}");
    }
}

#[test]
fn a_span_in_bare_m_is_ambiguous_and_a_usage_error() {
    let o = list(&["--since", "3m"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("'3m'"), "{err}");
    assert!(err.contains("3mo") && err.contains("3min"), "{err}");
}

#[test]
fn leads_stay_out_of_a_date_filter_by_default() {
    assert!(!ids(&["--until", "2999"]).contains(&1));
    assert!(!ids(&["--until", "2999", "--undated", "exclude"]).contains(&1));
}

#[test]
fn undated_articles_can_be_kept_by_a_date_filter() {
    assert_eq!(
        ids(&["--since", "2023-10", "--undated", "include"]),
        vec![1, 7, 8]
    );
    // Without a date filter it changes nothing.
    assert_eq!(ids(&["--undated", "include"]), (1..=8).collect::<Vec<_>>());
    // A source filter still leaves leads out: they have no source.
    assert_eq!(
        ids(&[
            "--since",
            "2023-10",
            "--undated",
            "include",
            "--source",
            "IT"
        ]),
        vec![8]
    );
    assert_eq!(list(&["--undated", "maybe"]).status.code(), Some(2));
}

#[test]
fn the_date_help_says_what_happens_to_undated_articles() {
    for cmd in ["list", "export"] {
        let help = stdout(&newsdump(&[cmd, "--help"]));
        assert!(help.contains("--undated"), "{help}");
        assert!(help.contains("7d"), "{help}");
        assert!(help.contains("YYYY-MM"), "{help}");
        assert!(
            help.contains("no date") && help.contains("--undated include"),
            "{help}"
        );
    }
}

#[test]
fn export_reads_dates_the_same_way() {
    let o = run_on("export", DUMP, &["--until", "2023-9"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let times: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["time"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        times,
        [
            "2023-08-31 23:59:59",
            "2023-09-01 00:00:00",
            "2023-09-05 12:30:00",
            "2023-09-15 10:00",
            "2023-09-30 23:59:59"
        ]
    );
}

// ──────────────────────────── sources ────────────────────────────

#[test]
fn source_matches_a_substring() {
    assert_eq!(ids(&["--source", "站长"]), vec![2, 3]);
    assert_eq!(ids(&["--source", "之家"]), vec![2, 3]);
    assert_eq!(ids(&["--source", "快讯"]), vec![4, 5, 6]);
    // The whole name still works.
    assert_eq!(ids(&["--source", "站长之家"]), vec![2, 3]);
}

#[test]
fn source_matches_latin_in_any_case() {
    assert_eq!(ids(&["--source", "techdaily"]), vec![7]);
    assert_eq!(ids(&["--source", "TECH"]), vec![7]);
    assert_eq!(ids(&["--source", "it"]), vec![8]);
    // Full-width letters are the same letters.
    assert_eq!(ids(&["--source", "ｔｅｃｈ"]), vec![7]);
}

#[test]
fn source_matching_works_when_sorted_too() {
    assert_eq!(ids(&["--source", "站长", "--sort", "newest"]), vec![3, 2]);
}

#[test]
fn an_unknown_source_suggests_the_sources_that_exist() {
    for sort in ["order", "newest"] {
        let o = list(&["--source", "站常之家", "--sort", sort]);
        assert_eq!(o.status.code(), Some(1), "nothing matched");
        assert!(stdout(&o).is_empty());
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("newsdump: no source matches '站常之家'; did you mean '站长之家'?"),
            "{err}"
        );
        for source in ["站长之家", "快讯社", "TechDaily", "IT之窗"] {
            assert!(err.contains(source), "lists {source}: {err}");
        }
    }
    // Nothing close: the sources, no guess.
    let err = stderr(&list(&["--source", "无此来源"]));
    assert!(
        err.starts_with("newsdump: no source matches '无此来源'"),
        "{err}"
    );
    assert!(!err.contains("did you mean"), "{err}");
    assert!(err.contains("快讯社 (3)"), "with counts, most first: {err}");
    // Export says the same.
    let o = run_on("export", DUMP, &["--source", "techdialy"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean 'TechDaily'?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_known_source_with_nothing_in_range_exits_1_quietly() {
    let o = list(&["--source", "快讯社", "--since", "2023-10"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}
