//! The invariants the stable-Rust fuzzer (`examples/fuzz.rs`) checks, shared
//! with the replay test (`tests/fuzz_regressions.rs`): whatever the fuzzer
//! calls a failure, the replay test calls one too.
//!
//! Four targets, each a function of the input bytes:
//! - `parse`: spans partition the input (FORMAT.md rule 8), every accessor
//!   works and keeps its shape, the exports are well formed;
//! - `layout`: [`ArticleLayout`] at a few widths keeps lines within the
//!   width and free of controls; [`wrap_lines`] partitions its text;
//!   [`truncate`] stays within its width;
//! - `sanitize`: [`sanitize`] and [`sanitize_text`] leave no control or
//!   format character (but the tab `sanitize_text` keeps);
//! - `search`: for queries cut from the input, [`Matcher::scan`] finds
//!   exactly the articles [`Matcher::matches`] accepts, and `matches` agrees
//!   with the naive fold ([`fold`] and `contains`).
//!
//! A check returns every violation it finds (one per kind), so one
//! violation does not hide another; a panic ends the input's checks.

#![allow(dead_code)]

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::AtomicBool;

use newsdump::dump::{Article, BOM, Block, Index, Kind, MAX_SOURCE_CHARS};
use newsdump::export;
use newsdump::search::{Matcher, Mode, fold, fold_width};
use newsdump::text::{
    ArticleLayout, DisplayLine, Role, columns, is_format_control, is_stand_in, sanitize,
    sanitize_text, truncate, width, wrap_lines,
};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// What is fuzzed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Parse,
    Layout,
    Sanitize,
    Search,
}

impl Target {
    pub const ALL: [Target; 4] = [
        Target::Parse,
        Target::Layout,
        Target::Sanitize,
        Target::Search,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Parse => "parse",
            Target::Layout => "layout",
            Target::Sanitize => "sanitize",
            Target::Search => "search",
        }
    }

    pub fn from_name(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == s)
    }

    /// The target a finding's file name starts with (`layout-…`), if any.
    pub fn of_file_name(name: &str) -> Option<Target> {
        Target::from_name(name.split(['-', '.']).next().unwrap_or(""))
    }
}

/// A search query and how it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub mode: Mode,
}

impl Query {
    /// The sidecar file format: `literal` or `regex`, a newline, then the
    /// query's exact bytes.
    pub fn to_file(&self) -> Vec<u8> {
        let mode = match self.mode {
            Mode::Literal => "literal",
            Mode::Regex => "regex",
        };
        format!("{mode}\n{}", self.text).into_bytes()
    }

    pub fn from_file(bytes: &[u8]) -> Option<Query> {
        let text = std::str::from_utf8(bytes).ok()?;
        let (mode, query) = text.split_once('\n')?;
        let mode = match mode.trim() {
            "literal" => Mode::Literal,
            "regex" => Mode::Regex,
            _ => return None,
        };
        Some(Query {
            text: query.to_string(),
            mode,
        })
    }
}

/// One violated invariant. `signature` names the kind of violation without
/// the input's details, so findings can be deduplicated by it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub target: Target,
    pub signature: String,
    pub detail: String,
    /// The search query that shows it, for the search target.
    pub query: Option<Query>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "[{}] {}: {}",
            self.target.name(),
            self.signature,
            self.detail
        )?;
        if let Some(q) = &self.query {
            write!(f, " (query {:?}, {:?})", q.text, q.mode)?;
        }
        Ok(())
    }
}

/// Violations found by one target's checks.
#[derive(Default)]
struct Found {
    target: Option<Target>,
    failures: Vec<Failure>,
}

impl Found {
    fn new(target: Target) -> Found {
        Found {
            target: Some(target),
            failures: Vec::new(),
        }
    }

    /// Records a violation, once per signature.
    fn fail(&mut self, signature: &str, detail: String) {
        self.fail_query(signature, detail, None);
    }

    fn fail_query(&mut self, signature: &str, detail: String, query: Option<&Query>) {
        if self.failures.iter().any(|f| f.signature == signature) {
            return;
        }
        self.failures.push(Failure {
            target: self.target.expect("target set"),
            signature: signature.to_string(),
            detail: clip(&detail, 600),
            query: query.cloned(),
        });
    }
}

/// Records a violation when `$cond` is false.
macro_rules! ensure {
    ($found:expr, $cond:expr, $sig:expr, $($fmt:tt)*) => {
        if !$cond {
            $found.fail($sig, format!($($fmt)*));
        }
    };
}

/// Extra numbers a search check reports: queries skipped by the rules of
/// the oracle (see [`check_search`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct SearchStats {
    pub queries: u64,
    pub skipped: u64,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    static SEARCH_STATS: RefCell<SearchStats> = const { RefCell::new(SearchStats { queries: 0, skipped: 0 }) };
}

/// The search statistics of this thread so far.
pub fn search_stats() -> SearchStats {
    SEARCH_STATS.with(|s| *s.borrow())
}

fn count_query(skipped: bool) {
    SEARCH_STATS.with(|s| {
        let mut s = s.borrow_mut();
        s.queries += 1;
        s.skipped += u64::from(skipped);
    });
}

/// Replaces the panic hook by one that records the message and location
/// for [`run`] instead of printing them (a fuzzer panics thousands of
/// times).
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "(non-string panic payload)".to_string()
        };
        let loc = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "?".into());
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{loc}\n{msg}")));
    }));
}

/// Runs `target`'s checks on `input` and returns every violation, a panic
/// included. `queries` replace the search queries derived from the input
/// when given.
pub fn run(target: Target, input: &[u8], queries: Option<&[Query]>) -> Vec<Failure> {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let result = catch_unwind(AssertUnwindSafe(|| check(target, input, queries)));
    match result {
        Ok(failures) => failures,
        Err(payload) => {
            let recorded = LAST_PANIC.with(|p| p.borrow_mut().take());
            let (loc, msg) = match recorded {
                Some(r) => {
                    let (l, m) = r.split_once('\n').unwrap_or((&r, ""));
                    (l.to_string(), m.to_string())
                }
                None => {
                    // The default hook printed it; the payload still says what.
                    let msg = payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    ("?".to_string(), msg)
                }
            };
            vec![Failure {
                target,
                signature: format!("panic at {loc}: {}", normalise(&msg)),
                detail: clip(&msg, 600),
                query: None,
            }]
        }
    }
}

/// Runs the checks of one target without catching panics.
pub fn check(target: Target, input: &[u8], queries: Option<&[Query]>) -> Vec<Failure> {
    let mut found = Found::new(target);
    match target {
        Target::Parse => check_parse(input, &mut found),
        Target::Layout => check_layout(input, &mut found),
        Target::Sanitize => check_sanitize(input, &mut found),
        Target::Search => check_search(input, queries, &mut found),
    }
    found.failures
}

/// A panic message's first line with its numbers blanked, so that the same
/// panic with other offsets has the same signature.
fn normalise(msg: &str) -> String {
    let first = msg.lines().next().unwrap_or("");
    let mut out = String::new();
    let mut digits = false;
    for c in first.chars().take(160) {
        if c.is_ascii_digit() {
            if !digits {
                out.push('N');
            }
            digits = true;
        } else {
            digits = false;
            out.push(c);
        }
    }
    out
}

/// At most `max` bytes of `s`, cut at a character boundary.
pub fn clip(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… ({} bytes)", &s[..cut], s.len())
}

/// True for a control, a format control, or a line or paragraph separator.
fn unsafe_char(c: char) -> bool {
    c.is_control() || is_format_control(c)
}

// ---------------------------------------------------------------------------
// parse

fn check_parse(input: &[u8], found: &mut Found) {
    let index = Index::parse(input);
    let from = if input.starts_with(BOM) { BOM.len() } else { 0 };
    ensure!(
        found,
        index.input_len() == input.len() as u64,
        "parse: input_len",
        "input_len {} for {} bytes",
        index.input_len(),
        input.len()
    );
    ensure!(
        found,
        index.is_empty() == (input.len() == from),
        "parse: empty index iff empty input",
        "{} articles from {} bytes (BOM {})",
        index.len(),
        input.len(),
        from > 0
    );
    let mut pos = from as u64;
    let mut rebuilt = Vec::with_capacity(input.len());
    let mut last_line = 0;
    for i in 0..index.len() {
        let Some(a) = index.article(input, i) else {
            found.fail(
                "parse: span outside the input",
                format!("article {i}: span {:?}", index.entries()[i].span()),
            );
            return;
        };
        let e = a.entry();
        ensure!(
            found,
            e.offset() == pos,
            "parse: spans not contiguous",
            "article {i} starts at {}, expected {pos}",
            e.offset()
        );
        ensure!(
            found,
            !e.is_empty(),
            "parse: empty span",
            "article {i} at {}",
            e.offset()
        );
        ensure!(
            found,
            e.line() >= last_line,
            "parse: lines not in order",
            "article {i}: line {} after {last_line}",
            e.line()
        );
        last_line = e.line();
        pos = e.offset() + e.len();
        rebuilt.extend_from_slice(a.raw());
        ensure!(
            found,
            a.id() == i + 1,
            "parse: id",
            "article {i} has id {}",
            a.id()
        );
        check_article(&index, &a, found);
    }
    if index.is_json() && index.is_empty() {
        // An empty array (`[]`): no record, so no span.
        return;
    }
    ensure!(
        found,
        pos == input.len() as u64,
        "parse: spans do not reach the end",
        "spans end at {pos} of {}",
        input.len()
    );
    ensure!(
        found,
        rebuilt[..] == input[from.min(input.len())..],
        "parse: spans do not rebuild the input",
        "{} bytes rebuilt of {}",
        rebuilt.len(),
        input.len() - from
    );
    check_exports(&index, input, found);
}

fn check_article(index: &Index, a: &Article<'_>, found: &mut Found) {
    let i = a.id() - 1;
    if a.kind() == Kind::Record {
        // A record's parts are decoded text, not slices of its span: the
        // accessors must work, and a good record have a title or a body.
        let _ = (a.body(), a.headings(), a.links(), a.display_title_head(7));
        ensure!(
            found,
            a.record_error().is_some() || !a.title().is_empty() || !a.body().is_empty(),
            "parse: a good record with neither title nor body",
            "article {i}"
        );
        return;
    }
    let title = a.title_bytes();
    ensure!(
        found,
        !title.contains(&b'\n'),
        "parse: newline in a title",
        "article {i}: title {:?}",
        String::from_utf8_lossy(title)
    );
    ensure!(
        found,
        is_sub_slice(a.raw(), title) && is_sub_slice(a.raw(), a.body_bytes()),
        "parse: part outside its span",
        "article {i}"
    );
    let _ = (a.title(), a.is_untitled());
    let body = a.body();
    let lines: Vec<&[u8]> = a.body_lines().collect();
    ensure!(
        found,
        lines.iter().all(|l| !l.contains(&b'\n')),
        "parse: newline in a body line",
        "article {i}"
    );
    ensure!(
        found,
        body.matches('\n').count() + 1 == lines.len().max(1),
        "parse: body and body_lines disagree",
        "article {i}: {} lines, body {:?}",
        lines.len(),
        clip(&body, 200)
    );
    let blocks: Vec<Block<'_>> = a.blocks().collect();
    ensure!(
        found,
        blocks.len() == lines.len(),
        "parse: a block per body line",
        "article {i}: {} blocks, {} lines",
        blocks.len(),
        lines.len()
    );
    let headings = a.headings();
    if a.kind() == Kind::Item {
        ensure!(
            found,
            headings.is_empty(),
            "parse: an item with headings",
            "article {i}: {headings:?}"
        );
    }
    for url in a.links() {
        ensure!(
            found,
            (url.starts_with("http://") || url.starts_with("https://"))
                && url.len() > "http://".len()
                && url.bytes().all(|b| b.is_ascii_graphic()),
            "parse: malformed link",
            "article {i}: {url:?}"
        );
    }
    let (shown, untitled) = a.display_title();
    ensure!(
        found,
        untitled == a.is_untitled(),
        "parse: display_title flag",
        "article {i}"
    );
    for max in [0, 1, 3, 7, 80] {
        let (head, flag) = a.display_title_head(max);
        ensure!(
            found,
            flag == untitled && shown.starts_with(head.as_ref().trim_end_matches('\u{FFFD}')),
            "parse: display_title_head not a head of display_title",
            "article {i}, max {max}: {head:?} of {shown:?}"
        );
    }
    match a.kind() {
        Kind::Item => {
            let (Some(source), Some(time), Some(counters), Some(_)) =
                (a.source(), a.time(), a.counters(), a.stamp_bytes())
            else {
                found.fail("parse: an item without a stamp", format!("article {i}"));
                return;
            };
            let t = time.as_bytes();
            let shape = (t.len() == 16 || t.len() == 19)
                && t.iter().enumerate().all(|(k, &b)| match k {
                    4 | 7 => b == b'-',
                    10 => b == b' ',
                    13 | 16 => b == b':',
                    _ => b.is_ascii_digit(),
                });
            ensure!(
                found,
                shape,
                "parse: item time shape",
                "article {i}: {time:?}"
            );
            ensure!(
                found,
                !counters.is_empty()
                    && counters.len() <= index.counter_width()
                    && counters.bytes().all(|b| b.is_ascii_digit()),
                "parse: item counters shape",
                "article {i}: {counters:?} (W = {})",
                index.counter_width()
            );
            ensure!(
                found,
                source.chars().count() <= MAX_SOURCE_CHARS,
                "parse: source too long",
                "article {i}: {source:?}"
            );
        }
        Kind::Lead => ensure!(
            found,
            a.source().is_none()
                && a.time().is_none()
                && a.counters().is_none()
                && a.stamp_bytes().is_none(),
            "parse: a lead with a stamp",
            "article {i}"
        ),
        Kind::Record => {}
    }
}

/// Whether `part` lies inside `whole` (as memory, not as text).
fn is_sub_slice(whole: &[u8], part: &[u8]) -> bool {
    let (w, p) = (whole.as_ptr() as usize, part.as_ptr() as usize);
    part.is_empty() || (p >= w && p + part.len() <= w + whole.len())
}

/// Not asked of the fuzzer by the issue, but cheap: the JSON export is one
/// valid object an article with the accessors' values, and neither export
/// carries a control character (ARCHITECTURE.md: JSON escapes them).
fn check_exports(index: &Index, input: &[u8], found: &mut Found) {
    let mut json = Vec::new();
    if export::write_jsonl(&mut json, index.articles(input)).is_err() {
        found.fail("parse: jsonl export failed", String::new());
        return;
    }
    let json = String::from_utf8_lossy(&json);
    let mut n = 0;
    for (line, a) in json.lines().zip(index.articles(input)) {
        n += 1;
        ensure!(
            found,
            !line.chars().any(unsafe_char),
            "parse: control in jsonl",
            "article {}: {:?}",
            n - 1,
            clip(line, 200)
        );
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => {
                let (title, body) = (a.title(), a.body());
                ensure!(
                    found,
                    v["title"].as_str() == Some(title.as_ref())
                        && v["body"].as_str() == Some(body.as_str()),
                    "parse: jsonl disagrees with the accessors",
                    "article {}: title {:?}, body {:?} read back as {}, {}",
                    n - 1,
                    clip(&title, 100),
                    clip(&body, 100),
                    clip(&v["title"].to_string(), 100),
                    clip(&v["body"].to_string(), 100)
                );
            }
            Err(e) => found.fail(
                "parse: jsonl line is not JSON",
                format!("article {}: {e}: {:?}", n - 1, clip(line, 200)),
            ),
        }
    }
    ensure!(
        found,
        n == index.len(),
        "parse: a jsonl line per article",
        "{n} lines, {} articles",
        index.len()
    );
    let mut md = Vec::new();
    if export::write_markdown(&mut md, index.articles(input)).is_err() {
        found.fail("parse: markdown export failed", String::new());
        return;
    }
    let md = String::from_utf8_lossy(&md);
    ensure!(
        found,
        !md.chars().any(|c| c != '\n' && unsafe_char(c)),
        "parse: control in markdown",
        "{:?}",
        md.chars().find(|&c| c != '\n' && unsafe_char(c))
    );
}

// ---------------------------------------------------------------------------
// layout

/// The widths every article is laid out at, meaningful ones first.
pub const WIDTHS: [usize; 5] = [80, 20, 7, 2, 1];

fn is_decoration(role: Role) -> bool {
    matches!(role, Role::Pad | Role::HeadingMark | Role::LinkNumber)
}

fn single_grapheme(s: &str) -> bool {
    let mut g = s.graphemes(true);
    g.next().is_some() && g.next().is_none()
}

fn check_layout(input: &[u8], found: &mut Found) {
    let index = Index::parse(input);
    for a in index.articles(input) {
        for w in WIDTHS {
            check_article_layout(&a, w, found);
        }
        // wrap_lines and truncate over the article's own lines, raw (as
        // decoded) and sanitised (as laid out).
        let (title, _) = a.display_title();
        let mut texts = vec![title.into_owned()];
        texts.extend(
            a.body_lines()
                .map(|l| String::from_utf8_lossy(l).into_owned()),
        );
        for text in &texts {
            let clean = sanitize_text(text);
            let changed = matches!(clean, std::borrow::Cow::Owned(_));
            for w in WIDTHS {
                if changed {
                    check_wrap(text, w, false, found);
                }
                check_wrap(&clean, w, true, found);
                check_truncate(&newsdump::text::sanitize(text), w, found);
            }
        }
    }
}

fn check_article_layout(a: &Article<'_>, w: usize, found: &mut Found) {
    let id = a.id();
    let mut layout = ArticleLayout::new(a, w);
    let n = layout.finish();
    ensure!(
        found,
        layout.is_complete() && layout.laid_out() == n && n >= 2,
        "layout: finish",
        "article {id} at {w}: {n} lines, complete {}",
        layout.is_complete()
    );
    for i in 0..n {
        let Some(line) = layout.line(i) else {
            found.fail(
                "layout: missing line",
                format!("article {id} at {w}: line {i} of {n}"),
            );
            continue;
        };
        let plain = line.plain();
        if let Some(c) = plain.chars().find(|&c| unsafe_char(c)) {
            found.fail(
                "layout: control in a line",
                format!("article {id} at {w}: line {i} has {c:?}: {plain:?}"),
            );
        }
        let lw = line.width();
        if lw > w && !single_grapheme(&plain) {
            let content: String = line
                .spans
                .iter()
                .filter(|s| !is_decoration(s.role))
                .map(|s| s.text.as_ref())
                .collect();
            let deco = lw - width(&content).min(lw);
            // The text alone fits (or is one grapheme) but the decoration
            // before it (a heading mark, `[n] `, their indentation) is as
            // wide as the layout or wider.
            let sig = if deco > 0 && (deco >= w || single_grapheme(&content)) {
                "layout: decorated line wider than the width"
            } else {
                "layout: line wider than the width"
            };
            found.fail(
                sig,
                format!("article {id} at {w}: line {i} is {lw} columns: {plain:?}"),
            );
        }
        ensure!(
            found,
            !line.spans.iter().any(|s| s.text.contains('\t')),
            "layout: tab in a line",
            "article {id} at {w}: line {i}: {plain:?}"
        );
        check_stand_in_roles(&line, id, w, i, found);
        if let Some(src) = layout.line_source(i) {
            let text = layout.block_text(src.block);
            ensure!(
                found,
                src.range.start <= src.range.end
                    && src.range.end <= text.len()
                    && text.is_char_boundary(src.range.start)
                    && text.is_char_boundary(src.range.end),
                "layout: line_source range",
                "article {id} at {w}: line {i}: {:?} of {} bytes",
                src.range,
                text.len()
            );
        }
    }
    // Anchors round-trip: the line an anchor names is the line it came
    // from (blank lines between blocks name the block's first line). A
    // sample of lines: `line_of` is linear.
    let step = (n / 16).max(1);
    for i in (0..n).step_by(step).chain(n.checked_sub(1)) {
        let Some(anchor) = layout.anchor(i) else {
            found.fail(
                "layout: missing anchor",
                format!("article {id} at {w}: line {i}"),
            );
            continue;
        };
        if layout.line_source(i).is_none() {
            continue;
        }
        let j = layout.line_of(anchor);
        ensure!(
            found,
            j == i,
            "layout: anchor does not round-trip",
            "article {id} at {w}: line {i} anchors line {j}"
        );
    }
}

/// Stand-ins are spans of their own, of role StandIn.
fn check_stand_in_roles(line: &DisplayLine<'_>, id: usize, w: usize, i: usize, found: &mut Found) {
    for s in &line.spans {
        if s.role == Role::StandIn {
            ensure!(
                found,
                s.text.chars().all(is_stand_in),
                "layout: StandIn span with other text",
                "article {id} at {w}: line {i}: {:?}",
                s.text
            );
        }
    }
}

/// `wrap_lines`: ranges partition the text on grapheme boundaries; the
/// visible part drops only trailing blanks; the width is measured right;
/// for sanitised text, no line is wider than `max` but a single grapheme.
fn check_wrap(text: &str, max: usize, clean: bool, found: &mut Found) {
    let which = if clean { "sanitised" } else { "raw" };
    let lines = wrap_lines(text, max);
    let mut rebuilt = String::with_capacity(text.len());
    let mut pos = 0;
    for (k, l) in lines.iter().enumerate() {
        if l.range.start != pos
            || l.range.end < l.range.start
            || l.range.end > text.len()
            || !text.is_char_boundary(l.range.end)
        {
            found.fail(
                "wrap: ranges do not partition the text",
                format!(
                    "{which} {text:?} at {max}: line {k} is {:?} after {pos}",
                    l.range
                ),
            );
            return;
        }
        if l.range.is_empty() && !text.is_empty() {
            found.fail(
                "wrap: empty line",
                format!("{which} {text:?} at {max}: line {k}"),
            );
        }
        pos = l.range.end;
        rebuilt.push_str(&text[l.range.clone()]);
        ensure!(
            found,
            is_grapheme_boundary(text, l.range.end),
            "wrap: break inside a grapheme",
            "{which} {text:?} at {max}: break at {}",
            l.range.end
        );
        if !(l.range.start <= l.visible_end
            && l.visible_end <= l.range.end
            && text.is_char_boundary(l.visible_end))
        {
            found.fail(
                "wrap: visible_end outside the line",
                format!(
                    "{which} {text:?} at {max}: line {k}: {:?}, {}",
                    l.range, l.visible_end
                ),
            );
            continue;
        }
        let shown = &text[l.range.start..l.visible_end];
        ensure!(
            found,
            text[l.visible_end..l.range.end]
                .chars()
                .all(|c| c == ' ' || c == '\t')
                && !shown.ends_with([' ', '\t']),
            "wrap: visible_end is not the end of the shown text",
            "{which} {text:?} at {max}: line {k}: {:?}, {}",
            l.range,
            l.visible_end
        );
        let measured = columns(shown);
        ensure!(
            found,
            l.width == measured,
            "wrap: Line::width is not the columns of the line",
            "{which} {text:?} at {max}: line {k} {shown:?}: width {}, columns {measured}",
            l.width
        );
        if clean && measured > max && !single_grapheme(shown) {
            found.fail(
                "wrap: line wider than the width",
                format!("{text:?} at {max}: line {k} {shown:?} is {measured} columns"),
            );
        }
    }
    ensure!(
        found,
        rebuilt == text,
        "wrap: ranges do not rebuild the text",
        "{which} {text:?} at {max}: rebuilt {rebuilt:?}"
    );
}

/// Whether `at` is a grapheme cluster boundary of `text`, by the
/// segmenter itself (newsdump has a faster path of its own).
fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

/// `truncate`: at most `max` columns; the text itself when it fits, else a
/// head of it and `…`.
fn check_truncate(text: &str, max: usize, found: &mut Found) {
    let t = truncate(text, max);
    let tw = width(&t);
    ensure!(
        found,
        tw <= max,
        "truncate: wider than the width",
        "{text:?} at {max}: {t:?} is {tw} columns"
    );
    if width(text) <= max {
        ensure!(
            found,
            t == text,
            "truncate: changed a text that fits",
            "{text:?} at {max}: {t:?}"
        );
    } else if max > 0 {
        let head = t.strip_suffix('…');
        ensure!(
            found,
            head.is_some_and(|h| text.starts_with(h)),
            "truncate: not a head of the text and `…`",
            "{text:?} at {max}: {t:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// sanitize

fn check_sanitize(input: &[u8], found: &mut Found) {
    let text = String::from_utf8_lossy(input);
    // The whole input, and each line of it (the way text reaches widgets).
    check_sanitize_text(&text, found);
    for line in text.split('\n') {
        check_sanitize_text(line, found);
    }
}

fn check_sanitize_text(s: &str, found: &mut Found) {
    let out = sanitize(s);
    if let Some(c) = out.chars().find(|&c| unsafe_char(c)) {
        found.fail(
            "sanitize: control or format character left",
            format!("{c:?} in {:?}", clip(&out, 200)),
        );
    }
    ensure!(
        found,
        out.chars().count() == s.chars().count(),
        "sanitize: not one character for one",
        "{} chars from {}",
        out.chars().count(),
        s.chars().count()
    );
    ensure!(
        found,
        s.chars()
            .zip(out.chars())
            .all(|(a, b)| a == b || a == '\t' && b == ' ' || is_stand_in(b)),
        "sanitize: replaced by something not a stand-in",
        "{:?}",
        s.chars()
            .zip(out.chars())
            .find(|&(a, b)| a != b && !(a == '\t' && b == ' ') && !is_stand_in(b))
    );
    ensure!(
        found,
        matches!(out, std::borrow::Cow::Borrowed(_)) == (out == s),
        "sanitize: borrows iff unchanged",
        "{:?}",
        clip(s, 200)
    );
    let again = sanitize(&out);
    ensure!(
        found,
        again == out,
        "sanitize: not idempotent",
        "{:?}",
        clip(s, 200)
    );
    let kept = sanitize_text(s);
    if let Some(c) = kept.chars().find(|&c| c != '\t' && unsafe_char(c)) {
        found.fail(
            "sanitize_text: control or format character left",
            format!("{c:?} in {:?}", clip(&kept, 200)),
        );
    }
    ensure!(
        found,
        kept.matches('\t').count() == s.matches('\t').count(),
        "sanitize_text: tabs not kept",
        "{:?}",
        clip(s, 200)
    );
    ensure!(
        found,
        kept.replace('\t', " ") == out,
        "sanitize_text: differs from sanitize but for tabs",
        "{:?}",
        clip(s, 200)
    );
}

// ---------------------------------------------------------------------------
// search

/// A character for which `to_lowercase` and the regex crate's simple case
/// folding may disagree (`ς`/`σ`, `µ`/`μ`, `ϑ`/`θ`, `ß`, …): lowercasing
/// its uppercase does not give its lowercase. Where one is in play the
/// naive fold is no oracle.
fn fold_unstable(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    let lower: String = c.to_lowercase().collect();
    let round: String = c.to_uppercase().flat_map(char::to_lowercase).collect();
    lower != round
}

fn check_search(input: &[u8], queries: Option<&[Query]>, found: &mut Found) {
    let text = String::from_utf8_lossy(input);
    // Unicode case folding and `to_lowercase` differ on these two.
    if text.contains(['\u{17F}', '\u{130}']) {
        return;
    }
    let index = Index::parse(input);
    let articles: Vec<Article<'_>> = index.articles(input).collect();
    let parts: Vec<[String; 3]> = articles
        .iter()
        .map(|a| {
            [
                a.title().into_owned(),
                a.source().map(|s| s.into_owned()).unwrap_or_default(),
                a.body(),
            ]
        })
        .collect();
    let folded: Vec<[String; 3]> = parts
        .iter()
        .map(|p| [fold(&p[0]), fold(&p[1]), fold(&p[2])])
        .collect();
    let unstable: Vec<bool> = parts
        .iter()
        .map(|p| p.iter().any(|s| s.chars().any(fold_unstable)))
        .collect();
    let derived;
    let queries = match queries {
        Some(q) => q,
        None => {
            derived = derive_queries(&text, hash(input));
            &derived
        }
    };
    for q in queries {
        match q.mode {
            Mode::Literal => check_literal(
                input, &index, &articles, &parts, &folded, &unstable, q, found,
            ),
            Mode::Regex => check_regex(input, &index, &articles, &parts, q, found),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_literal(
    input: &[u8],
    index: &Index,
    articles: &[Article<'_>],
    parts: &[[String; 3]],
    folded: &[[String; 3]],
    unstable: &[bool],
    q: &Query,
    found: &mut Found,
) {
    // The naive side joins body lines with `\n` and decodes bad UTF-8 as
    // U+FFFD; the matcher reads raw bytes: queries with those are out.
    if q.text.contains(['\n', '\r', '\u{FFFD}']) {
        count_query(true);
        return;
    }
    let m = match Matcher::new(&q.text, Mode::Literal) {
        Ok(m) => m,
        Err(e) => {
            if !q.text.trim().is_empty() {
                found.fail_query("search: literal query rejected", format!("{e}"), Some(q));
            }
            count_query(true);
            return;
        }
    };
    let query_unstable = q.text.chars().any(fold_unstable);
    count_query(query_unstable);
    let fq = fold(&q.text);
    let mut hits = Vec::new();
    let done = m.scan(input, index, &AtomicBool::new(false), |i| hits.push(i));
    ensure!(found, done, "search: scan cancelled", "{:?}", q.text);
    let expected: Vec<usize> = (0..articles.len())
        .filter(|&i| m.matches(&articles[i]))
        .collect();
    if hits != expected {
        found.fail_query(
            "search: scan disagrees with matches",
            format!("scan {hits:?}, matches {expected:?}"),
            Some(q),
        );
    }
    for (i, a) in articles.iter().enumerate() {
        let matched = expected.binary_search(&i).is_ok();
        let naive = folded[i].iter().any(|p| p.contains(&fq));
        if matched != naive && !query_unstable && !unstable[i] {
            let mut sig = if matched {
                "search: matches where the fold finds nothing"
            } else {
                "search: no match where the fold finds one"
            }
            .to_string();
            // A known cause gets a kind of its own, so it does not hide
            // others: a non-ASCII query character that folds to ASCII
            // (KELVIN SIGN to `k`).
            if let Some(c) = q.text.chars().find(|&c| {
                !c.is_ascii() && fold_width(c) == c && fold(c.encode_utf8(&mut [0; 4])).is_ascii()
            }) {
                sig.push_str(&format!(
                    " (query has U+{:04X}, which folds to ASCII)",
                    c as u32
                ));
            }
            found.fail_query(
                &sig,
                format!(
                    "article {i} (title {:?}, source {:?}, body {:?})",
                    clip(&parts[i][0], 120),
                    clip(&parts[i][1], 60),
                    clip(&parts[i][2], 200)
                ),
                Some(q),
            );
        }
        for (k, part) in parts[i].iter().enumerate() {
            let raw: &[u8] = match k {
                0 => a.title_bytes(),
                1 => a.stamp_bytes().map_or(&[][..], |s| s[0]),
                _ => &[],
            };
            check_ranges(&m, part, &fq, !(query_unstable || unstable[i]), q, found);
            // Highlights exist exactly where the part matches (title and
            // source, when they are valid UTF-8 as they are).
            if k < 2 && std::str::from_utf8(raw).is_ok() {
                ensure!(
                    found,
                    m.find_ranges(part).next().is_some() == m.is_match(raw),
                    "search: find_ranges disagrees with is_match",
                    "query {:?} in {:?}",
                    q.text,
                    clip(part, 200)
                );
            }
        }
    }
}

/// `find_ranges`: non-empty, in order, apart, on character boundaries; for a
/// literal query each range folds to the folded query.
fn check_ranges(m: &Matcher, part: &str, fq: &str, exact: bool, q: &Query, found: &mut Found) {
    let mut last = 0;
    for r in m.find_ranges(part) {
        let ok = !r.is_empty()
            && r.start >= last
            && r.end <= part.len()
            && part.is_char_boundary(r.start)
            && part.is_char_boundary(r.end);
        if !ok {
            found.fail_query(
                "search: bad find_ranges range",
                format!("{r:?} after {last} in {:?}", clip(part, 200)),
                Some(q),
            );
            return;
        }
        last = r.end;
        if exact && q.mode == Mode::Literal && fold(&part[r.clone()]) != fq {
            found.fail_query(
                "search: a highlighted range is not the query",
                format!("{:?} in {:?}", &part[r.clone()], clip(part, 200)),
                Some(q),
            );
        }
    }
}

fn check_regex(
    input: &[u8],
    index: &Index,
    articles: &[Article<'_>],
    parts: &[[String; 3]],
    q: &Query,
    found: &mut Found,
) {
    count_query(false);
    // A bad regex is the user's error, not ours.
    let Ok(m) = Matcher::new(&q.text, Mode::Regex) else {
        return;
    };
    let mut hits = Vec::new();
    m.scan(input, index, &AtomicBool::new(false), |i| hits.push(i));
    ensure!(
        found,
        hits.windows(2).all(|w| w[0] < w[1]),
        "search(regex): scan hits out of order",
        "{hits:?} for {:?}",
        q.text
    );
    if let Some(&i) = hits
        .iter()
        .find(|&&i| !articles.get(i).is_some_and(|a| m.matches(a)))
    {
        found.fail_query(
            "search(regex): scan hit that does not match",
            format!("article {i}"),
            Some(q),
        );
    }
    for p in parts {
        for part in p {
            check_ranges(&m, part, "", false, q, found);
        }
    }
}

// ---------------------------------------------------------------------------
// queries and randomness

/// FNV-1a, for file names and for seeding an input's queries.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// SplitMix64: small, fast, good enough for fuzzing.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Queries a needle is made of when it is not cut from the input.
const QUERY_WORDS: &[&str] = &[
    "2024",
    "http",
    "ai",
    "ＡＩ",
    "Ai",
    "a",
    "。",
    "模型",
    "快讯社",
    " ",
    "\u{3000}",
    "K",
    "\u{212A}",
    "ｋ",
    "(",
    ")",
    "[",
    "\\",
    "^",
    "-",
    "0001",
    "180b",
    "ＦＡＬＣＯＮ",
    "falcon 180b",
];

/// Changes one character of a query the ways the matcher must see
/// through: case, full width, the ideographic space.
fn vary(c: char, rng: &mut Rng, out: &mut String) {
    match rng.below(6) {
        0 => out.extend(c.to_uppercase()),
        1 => out.extend(c.to_lowercase()),
        2 => match c {
            '!'..='~' => out.push(char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)),
            ' ' => out.push('\u{3000}'),
            _ => out.push(c),
        },
        3 => match c {
            '\u{FF01}'..='\u{FF5E}' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            '\u{3000}' => out.push(' '),
            _ => out.push(c),
        },
        4 if c.is_ascii_alphabetic() => {
            // Full width and the other case at once.
            let o = if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            out.push(char::from_u32(o as u32 + 0xFEE0).unwrap_or(c));
        }
        _ => out.push(c),
    }
}

/// A piece of `text` at character boundaries, `1..=max_chars` characters,
/// ending before a line end or a U+FFFD (the literal check skips those).
fn cut(text: &str, rng: &mut Rng, max_chars: usize) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut start = rng.below(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let n = 1 + rng.below(max_chars);
    text[start..]
        .chars()
        .take(n)
        .take_while(|c| !matches!(c, '\n' | '\r' | '\u{FFFD}'))
        .collect()
}

/// The queries the search check runs for an input: pieces of its text,
/// mostly short, their characters varied in case and width, a few fixed
/// words, and one regex. Seeded by the input, so a finding replays.
pub fn derive_queries(text: &str, seed: u64) -> Vec<Query> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for _ in 0..6 {
        let max = match rng.below(10) {
            0 => 60,
            1 if rng.one_in(4) => 600,
            _ => 8,
        };
        let mut piece = if rng.one_in(8) {
            String::new()
        } else {
            cut(text, &mut rng, max)
        };
        if piece.trim().is_empty() {
            piece = rng.pick(QUERY_WORDS).to_string();
        }
        let mut q = String::with_capacity(piece.len());
        let varying = rng.below(3);
        for c in piece.chars() {
            if varying == 0 || rng.one_in(varying + 1) {
                vary(c, &mut rng, &mut q);
            } else {
                q.push(c);
            }
        }
        out.push(Query {
            text: q,
            mode: Mode::Literal,
        });
    }
    let piece = cut(text, &mut rng, 8).replace(['\n', '\r'], "");
    let suffix = *rng.pick(&["", ".*", "\\d+", "(", "^", "$", "\\b", "|", "[^a]", "+?"]);
    let base = if rng.one_in(2) {
        regex_escape(&piece)
    } else {
        piece
    };
    out.push(Query {
        text: format!("{base}{suffix}"),
        mode: Mode::Regex,
    });
    out
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Hostile inputs the fuzzer starts from besides the fixtures; the replay
/// test keeps them as files in `fuzz/regressions/`.
pub fn hostile_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let mut seeds: Vec<(&'static str, Vec<u8>)> = vec![
        (
            "escapes",
            "标题\x1b[31m红字\x1b[0m\n正文\x1b]52;c;aGk=\x07结束。\x1b[2J\x1bc\n\u{9b}31m\u{85}下一行\x7f\n"
                .into(),
        ),
        (
            "bidi",
            "标题\u{202e}cba\u{202c}\n正文\u{2066}RTL\u{2069}\u{200f}x\u{200e}\u{061C}。\n\u{2067}\u{202b}\u{206a}\u{fff9}注\u{fffb}\n"
                .into(),
        ),
        (
            "combining",
            format!(
                "e\u{301}\u{302}标题\n\u{301}开头的组合符。Zalgo a{}z\n\u{3099}\u{302a}中\u{20dd}\n",
                "\u{300}\u{316}\u{35c}".repeat(50)
            )
            .into(),
        ),
        (
            "zwj_emoji",
            "👩‍👩‍👧‍👦家庭新闻\n👨🏽‍💻程序员说：“🧑‍🚀上天。”\u{200d}\u{200d}孤立的连接符\n🏳️‍🌈 ❤️‍🔥\n".into(),
        ),
        (
            "flags",
            "🇨🇳🇺🇸🇯🇵国旗\n正文🇨🇳🇨奇数个区域指示符🇺\n🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦🇦\n".into(),
        ),
        (
            "counters_40_digits",
            format!(
                "条目一\n摘要一。快讯社2024-05-02 08:30:15{d}条目二\n摘要二。IT之窗2024-05-03 09:00{d}\n条目三\n摘要三。2024-01-01 00:00:00{d}{d}\n",
                d = "1234567890".repeat(4)
            )
            .into(),
        ),
        (
            "crlf",
            "标题\r\n正文，第一段。\r\n\r\n小标题\r\n条目\r\n摘要。快讯社2024-05-02 08:30:150001\r\n\r\r\n\r第二篇\r"
                .into(),
        ),
        (
            "bom",
            "\u{FEFF}标题\n正文\u{FEFF}中间。\n\u{FEFF}\u{FEFF}\n".into(),
        ),
        ("bom_only", "\u{FEFF}".into()),
        ("nuls", "标\0题\n正\0文。\0\n\0\0\0\n\0".into()),
        (
            "invalid_utf8",
            b"\xff\xfe\xe6\xa0\x87\xe9\xa2\x98\n\xe4\xb8\xe6\xad\xa3\xe6\x96\x87\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80\xe3\x80\x82\n\xe5\xbf\xab\xe8\xae\xaf\xe7\xa4\xbe2024-05-02 08:30:15\xff0001\n".to_vec(),
        ),
        (
            "long_line_cjk",
            format!("标题\n{}\n", "很长的段落，".repeat(600)).into(),
        ),
        (
            "long_token",
            format!("{}\n正文{}\n", "a".repeat(3000), "https://x.org/".repeat(200)).into(),
        ),
        (
            "url_parens",
            format!(
                "链接\nhttps://example.com/a{}\n正文(见https://x.org/(a)))))。\nhttps://e.org/[x]]]]]],.;:!?'*\nhttp://\nhttps://)\n",
                ")".repeat(1500)
            )
            .into(),
        ),
        (
            "tabs_and_separators",
            "\t标题\t\n\t缩进\t正文\t。\n行\u{2028}分隔\u{2029}段落\n\t\t\t\n\u{3000}\u{3000}全角空格\n".into(),
        ),
        (
            "fold_specials",
            "标题K\u{212A}ｋ\n正文 Ｆａｌｃｏｎ　１８０Ｂ falcon 180b ΣΑΣ ςσ µμ ß ẞ ǅ\n".into(),
        ),
        (
            "prepend_and_wide",
            "\u{600}\u{600}标题\u{600}\n\u{110bd}正文\u{600}…\u{1160}\u{11a8}ᄀ\u{1160}\n中\u{fe0f}\u{fe0e}☁\u{fe0f}\n".into(),
        ),
    ];
    // Stamps everywhere: items glued to items, odd digit runs.
    let mut glued = String::from("头条\n正文。\n");
    for k in 0..30 {
        glued.push_str(&format!(
            "条目{k}\n摘要{k}。来源{k}2024-01-{:02} 00:00:{:02}{:0w$}",
            k % 28 + 1,
            k % 60,
            k,
            w = 1 + k % 7
        ));
    }
    glued.push('\n');
    seeds.push(("glued_items", glued.into_bytes()));
    seeds
}

// ---------------------------------------------------------------------------
// replaying saved inputs

/// The targets a saved input is replayed through: the one its name starts
/// with (`layout-…`), else all of them (`seed-…`).
pub fn targets_for(path: &std::path::Path) -> Vec<Target> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match Target::of_file_name(name) {
        Some(t) => vec![t],
        None => Target::ALL.to_vec(),
    }
}

/// The search query saved next to an input (`NAME.query`), if any.
pub fn sidecar_query(path: &std::path::Path) -> Option<Query> {
    Query::from_file(&std::fs::read(path.with_extension("query")).ok()?)
}

/// Replays one saved input through its targets' checks: the derived
/// queries and, for search, the saved query too.
pub fn replay(path: &std::path::Path) -> std::io::Result<Vec<Failure>> {
    let input = std::fs::read(path)?;
    let mut out = Vec::new();
    for t in targets_for(path) {
        out.extend(run(t, &input, None));
        if t == Target::Search
            && let Some(q) = sidecar_query(path)
        {
            out.extend(run(t, &input, Some(&[q])));
        }
    }
    // The saved query is often among the derived ones: report it once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert((f.target, f.signature.clone(), f.detail.clone())));
    Ok(out)
}

/// The saved inputs of a directory (`*.bin`), sorted.
pub fn saved_inputs(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "bin"))
        .collect();
    files.sort();
    files
}

/// `bytes` as a Rust-like string literal: text as text, bad UTF-8 as `\xNN`.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            out.extend(c.escape_debug());
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}
