//! Property tests of the parser's invariants (FORMAT.md rules 8 and 9): for
//! any bytes, and for valid dumps mutated in the ways scrapes go wrong, the
//! spans partition the input and every accessor works without a panic.

use newsdump::dump::{BOM, Index, Kind};
use proptest::prelude::*;

/// Spans contiguous, in order, rebuilding the input; parts inside spans.
fn check(input: &[u8]) -> Result<(), TestCaseError> {
    let index = Index::parse(input);
    let from = if input.starts_with(BOM) { BOM.len() } else { 0 };
    let mut pos = from as u64;
    let mut rebuilt = Vec::with_capacity(input.len());
    for a in index.articles(input) {
        prop_assert_eq!(a.entry().offset(), pos);
        pos += a.entry().len();
        rebuilt.extend_from_slice(a.raw());
        // Every accessor decodes without a panic, and parts stay in the span.
        let title = a.title_bytes();
        if a.kind() != Kind::Record {
            // A record's title is decoded: it may be longer than its JSON
            // (`\u0001` is one byte, `"\u6e2f"` three) and hold a newline.
            prop_assert!(a.raw().len() >= title.len());
            prop_assert!(!title.contains(&b'\n'));
        }
        let _ = (a.body(), a.headings(), a.links(), a.display_title());
        match a.kind() {
            Kind::Item => {
                let time = a.time().unwrap();
                prop_assert!(time.len() == 16 || time.len() == 19, "time {:?}", time);
                let counters = a.counters().unwrap();
                prop_assert!(!counters.is_empty());
                prop_assert!(counters.len() <= index.counter_width());
                prop_assert!(counters.bytes().all(|b| b.is_ascii_digit()));
                prop_assert!(a.source().unwrap().chars().count() <= 16);
            }
            Kind::Lead => prop_assert!(a.source().is_none() && a.time().is_none()),
            Kind::Record => {
                prop_assert!(index.is_json());
                let json = a.record_json().unwrap();
                prop_assert!(a.raw().len() >= json.len());
                // A bad record has its reason for a title; a good one a
                // title or a body.
                match a.record_error() {
                    Some(why) => prop_assert!(a.title().ends_with(&why)),
                    None => prop_assert!(!a.title().is_empty() || !a.body().is_empty()),
                }
            }
        }
    }
    if index.is_json() && index.is_empty() {
        // An empty array (`[]`): no record, so no span.
        return Ok(());
    }
    prop_assert_eq!(pos, input.len() as u64);
    prop_assert_eq!(&rebuilt[..], &input[from..]);
    // Only a JSON array can be input without articles (`[]`).
    prop_assert!(index.is_json() || index.is_empty() == (input.len() == from));
    Ok(())
}

const VALID: &str = "头条:某公司发布新模型\n第一段正文,说明背景。\n小标题\n参考内容:\nhttps://example.org/a\n第一条\n摘要一。快讯社2024-05-02 08:30:150001第二条\n摘要二。IT之窗2024-05-03 09:00000012第三条\n摘要三。快讯社2024-05-04 10:00:000003\n\n另一篇\r\n正文。\r\n";

/// Edits that scrapes make by accident: digits, dates, newlines, cuts,
/// invalid bytes, BOMs, CRs.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, Vec<u8>),
    Cut(usize),
    Delete(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let piece = prop_oneof![
        Just(b"0".to_vec()),
        Just(b"0000".to_vec()),
        Just(b"12345678901234567890".to_vec()),
        Just(b"2024-01-01 00:00:00".to_vec()),
        Just(b"2024-01-01 00:00".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\xff".to_vec()),
        Just(b"\xe3\x80".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\x1b[2J".to_vec()),
        Just(BOM.to_vec()),
        Just("。".as_bytes().to_vec()),
        Just(" ".as_bytes().to_vec()),
        Just("\u{3000}".as_bytes().to_vec()),
        Just(b"https://x.example/(a)".to_vec()),
        Just(b"-".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), piece).prop_map(|(at, p)| Edit::Insert(at, p)),
        any::<usize>().prop_map(Edit::Cut),
        (any::<usize>(), 1usize..6).prop_map(|(at, n)| Edit::Delete(at, n)),
    ]
}

fn json_edit() -> impl Strategy<Value = Edit> {
    let piece = prop_oneof![
        Just(b"{".to_vec()),
        Just(b"}".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\\".to_vec()),
        Just(b"\\u".to_vec()),
        Just(b"\\ud800".to_vec()),
        Just(b",".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\xff".to_vec()),
        Just(b"\x1b]52;".to_vec()),
        Just(b"\"title\":".to_vec()),
        Just(b"[[[[[[[[[[[[[[[[".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), piece).prop_map(|(at, p)| Edit::Insert(at, p)),
        any::<usize>().prop_map(Edit::Cut),
        (any::<usize>(), 1usize..6).prop_map(|(at, n)| Edit::Delete(at, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Insert(at, p) => {
                let at = if len == 0 { 0 } else { at % (len + 1) };
                bytes.splice(at..at, p.iter().copied());
            }
            Edit::Cut(at) if len > 0 => bytes.truncate(at % len),
            Edit::Delete(at, n) if len > 0 => {
                let at = at % len;
                let end = (at + n).min(len);
                bytes.drain(at..end);
            }
            _ => {}
        }
    }
    bytes
}

const VALID_JSONL: &str = "{\"title\":\"港口\",\"text\":\"正文\\n第二段\",\"date\":\"2024-09-05 08:30\"}\n{\"headline\":\"\\u6e2f\\u53e3\",\"body\":\"b\",\"metadata\":{\"url\":\"https://a.cn/x\"}}\n\n{\"text\":\"x\\u001b]52;c;AA\\u0007\",\"authors\":[\"a\",1]}\n";
const VALID_ARRAY: &str =
    "[\n {\"title\":\"一\",\"text\":\"A, ]\"},\n {\"title\":\"二\",\"text\":\"\\\"B\\\"\"}\n]\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mutated_json_partitions(
        which in any::<bool>(),
        edits in proptest::collection::vec(json_edit(), 0..6),
    ) {
        let base = if which { VALID_JSONL } else { VALID_ARRAY };
        check(&apply(base.as_bytes().to_vec(), &edits))?;
    }

    #[test]
    fn json_like_bytes_partition(input in proptest::collection::vec(
        prop_oneof![
            Just(b'{'), Just(b'}'), Just(b'['), Just(b']'), Just(b'"'), Just(b'\\'),
            Just(b':'), Just(b','), Just(b'\n'), Just(b't'), Just(b'u'), Just(b'0'), Just(0xe6),
        ], 0..512)) {
        let mut input = input;
        input.insert(0, b'{');
        check(&input)?;
    }

    #[test]
    fn arbitrary_bytes_partition(input in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&input)?;
    }

    #[test]
    fn dump_like_bytes_partition(input in proptest::collection::vec(
        prop_oneof![
            Just(b'\n'), Just(b'\r'), Just(b'-'), Just(b':'), Just(b' '),
            Just(b'0'), Just(b'2'), Just(b'9'), Just(0xe3), Just(0x80), Just(0x82),
        ], 0..512)) {
        check(&input)?;
    }

    #[test]
    fn mutated_dumps_partition(edits in proptest::collection::vec(edit(), 0..12)) {
        let input = apply(VALID.as_bytes().to_vec(), &edits);
        check(&input)?;
    }

    #[test]
    fn sample_cut_anywhere_partitions(at in 0usize..100_000) {
        let sample = newsdump::SAMPLE.as_bytes();
        let cut = &sample[..at % (sample.len() + 1)];
        check(cut)?;
    }
}

#[test]
fn the_sample_partitions() {
    check(newsdump::SAMPLE.as_bytes()).unwrap();
}
