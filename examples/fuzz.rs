//! A small mutational fuzzer on stable Rust (cargo-fuzz needs nightly): no
//! coverage feedback, just seeds, mutations and invariant checks.
//!
//! ```text
//! cargo run --release --example fuzz -- TARGET --seconds N [--seed S]
//! cargo run --release --example fuzz -- replay FILE...
//! cargo run --release --example fuzz -- minimize FILE [--target T] [--out PATH]
//! cargo run --release --example fuzz -- write-seeds
//! ```
//!
//! `TARGET` is `parse`, `layout`, `sanitize`, `search`, or `all` (each in
//! turn, `N` seconds each). The checks are in `tests/fuzz_checks/mod.rs`,
//! shared with `tests/fuzz_regressions.rs`, which replays
//! `fuzz/regressions/`.
//!
//! Seeds: `tests/fixtures/*.txt`, `assets/sample.txt` and the hostile
//! inputs of `fuzz_checks::hostile_seeds`. Each input is a seed (or an
//! earlier input) cut to at most 4 KB and mutated a few times; about one in
//! 48 is then grown to 8 KB–1 MB (long lines, many articles, one huge
//! grapheme, `)` after a URL, digit runs), as long as grown inputs have
//! taken under 30% of the time. Every violation is saved once per kind
//! (the smallest input seen) as `fuzz/crashes/TARGET-<hash>.bin`, with
//! `.txt` saying what failed and, for search, `.query` holding the query;
//! an input that takes over 2 s is saved as `TARGET-slow-<hash>.bin`, one
//! that takes over 30 s as `TARGET-hang-<hash>.bin` (and the run ends).
//!
//! `replay` runs saved inputs through their checks (exit 1 on a failure);
//! `minimize` shrinks one with a delta loop, keeping its first violation;
//! `write-seeds` writes the hostile seeds to `fuzz/regressions/`.

#[path = "../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fuzz_checks::{Failure, Query, Rng, Target, escape, hash, hostile_seeds, run};

/// Most inputs are at most this long.
const SMALL: usize = 4096;
/// Grown inputs are at most this long.
const BIG: usize = 1 << 20;
/// One in this many inputs is grown...
const GROW_ONE_IN: usize = 48;
/// ...while grown inputs have taken less than this share of the time, so
/// that a target slow on big inputs still runs mostly small ones.
const GROW_SHARE: f64 = 0.3;
/// An input slower than this is a finding.
const SLOW: Duration = Duration::from_secs(2);
/// An input slower than this is a hang: saved, and the run ends.
const HANG: Duration = Duration::from_secs(30);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn usage() -> ! {
    eprintln!(
        "usage: fuzz TARGET --seconds N [--seed S]   (TARGET: parse, layout, sanitize, search, all)\n       \
         fuzz replay FILE...\n       \
         fuzz minimize FILE [--target T] [--out PATH]\n       \
         fuzz write-seeds"
    );
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(first) = args.first() else { usage() };
    match first.as_str() {
        "replay" => replay(&args[1..]),
        "minimize" => minimize(&args[1..]),
        "write-seeds" => write_seeds(),
        _ => fuzz(&args),
    }
}

/// The value after `--name`, if given.
fn option(args: &[String], name: &str) -> Option<String> {
    let at = args.iter().position(|a| a == name)?;
    Some(args.get(at + 1).cloned().unwrap_or_else(|| usage()))
}

// ---------------------------------------------------------------------------
// fuzzing

fn fuzz(args: &[String]) {
    let targets = match args[0].as_str() {
        "all" => Target::ALL.to_vec(),
        t => vec![Target::from_name(t).unwrap_or_else(|| usage())],
    };
    let seconds: f64 = option(args, "--seconds")
        .map(|s| s.parse().unwrap_or_else(|_| usage()))
        .unwrap_or(60.0);
    let seed: u64 = option(args, "--seed")
        .map(|s| s.parse().unwrap_or_else(|_| usage()))
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let seeds = Arc::new(load_seeds());
    println!(
        "fuzz: {} seeds ({} bytes), seed {seed}, {seconds} s a target",
        seeds.len(),
        seeds.iter().map(Vec::len).sum::<usize>()
    );
    fuzz_checks::quiet_panics();
    let findings = Arc::new(Mutex::new(Findings::new(root().join("fuzz/crashes"))));
    let mut summary = Vec::new();
    for (k, &target) in targets.iter().enumerate() {
        let stats = fuzz_target(
            target,
            Duration::from_secs_f64(seconds),
            seed.wrapping_add(k as u64),
            Arc::clone(&seeds),
            Arc::clone(&findings),
        );
        let f = findings.lock().unwrap();
        let line = format!(
            "{:<8} {:>6.1} s {:>9} execs {:>7.0} execs/s  {:>6} over 4 KB  {:>7.1} MB in  findings: {} kinds, {} inputs{}{}",
            target.name(),
            stats.seconds,
            stats.execs,
            stats.execs as f64 / stats.seconds.max(1e-9),
            stats.big,
            stats.bytes as f64 / 1e6,
            f.kinds(target),
            f.total(target),
            if stats.queries > 0 {
                format!(
                    "  ({} queries, {} skipped by the oracle's rules)",
                    stats.queries, stats.skipped
                )
            } else {
                String::new()
            },
            if stats.hung { "  HUNG" } else { "" },
        );
        println!("{line}");
        summary.push(line);
        if stats.hung {
            break;
        }
    }
    let f = findings.lock().unwrap();
    println!("\n== summary");
    for line in &summary {
        println!("{line}");
    }
    f.print_summary();
    // A hung worker thread may still run: leave without waiting for it.
    std::process::exit(if f.is_empty() { 0 } else { 1 });
}

/// What one target's run did.
struct Stats {
    seconds: f64,
    execs: u64,
    bytes: u64,
    /// Inputs over [`SMALL`] bytes.
    big: u64,
    queries: u64,
    skipped: u64,
    hung: bool,
}

/// The input being checked and since when, for the watchdog.
type Current = Mutex<Option<(Arc<Vec<u8>>, Instant)>>;

fn fuzz_target(
    target: Target,
    duration: Duration,
    seed: u64,
    seeds: Arc<Vec<Vec<u8>>>,
    findings: Arc<Mutex<Findings>>,
) -> Stats {
    println!("== {} for {:.0} s", target.name(), duration.as_secs_f64());
    let current: Arc<Current> = Arc::new(Mutex::new(None));
    let execs = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let worker = {
        let current = Arc::clone(&current);
        let execs = Arc::clone(&execs);
        let findings = Arc::clone(&findings);
        std::thread::Builder::new()
            .name(format!("fuzz-{}", target.name()))
            .stack_size(64 << 20)
            .spawn(move || {
                let mut mutator = Mutator::new(seed, seeds);
                let mut bytes = 0u64;
                let mut big = (0u64, Duration::ZERO);
                let begun = Instant::now();
                let deadline = begun + duration;
                while Instant::now() < deadline {
                    let may_grow = big.1.as_secs_f64() < GROW_SHARE * begun.elapsed().as_secs_f64();
                    let input = Arc::new(mutator.next(may_grow));
                    let t0 = Instant::now();
                    *current.lock().unwrap() = Some((Arc::clone(&input), t0));
                    let failures = run(target, &input, None);
                    let took = t0.elapsed();
                    *current.lock().unwrap() = None;
                    execs.fetch_add(1, Ordering::Relaxed);
                    bytes += input.len() as u64;
                    if input.len() > SMALL {
                        big.0 += 1;
                        big.1 += took;
                    }
                    if !failures.is_empty() || took > SLOW {
                        let mut f = findings.lock().unwrap();
                        for failure in &failures {
                            f.record(&input, failure);
                        }
                        if took > SLOW {
                            drop(f);
                            // Half the input: about half the time is
                            // linear, a quarter or less is not.
                            let half = &input[..input.len() / 2];
                            let t1 = Instant::now();
                            let _ = run(target, half, None);
                            let ratio = took.as_secs_f64() / t1.elapsed().as_secs_f64().max(1e-6);
                            let what = if ratio > 3.0 {
                                "slow-superlinear"
                            } else {
                                "slow"
                            };
                            let mut f = findings.lock().unwrap();
                            f.record_slow(target, &input, took, what, ratio);
                        }
                    }
                }
                let s = fuzz_checks::search_stats();
                (bytes, big.0, s.queries, s.skipped)
            })
            .expect("spawn the fuzz worker")
    };
    let mut last_report = Instant::now();
    let mut last_execs = 0;
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if worker.is_finished() {
            break;
        }
        let stuck = current
            .lock()
            .unwrap()
            .as_ref()
            .filter(|(_, t0)| t0.elapsed() > HANG)
            .map(|(input, t0)| (Arc::clone(input), t0.elapsed()));
        if let Some((input, took)) = stuck {
            findings
                .lock()
                .unwrap()
                .record_slow(target, &input, took, "hang", f64::NAN);
            return Stats {
                seconds: started.elapsed().as_secs_f64(),
                execs: execs.load(Ordering::Relaxed),
                bytes: 0,
                big: 0,
                queries: 0,
                skipped: 0,
                hung: true,
            };
        }
        if last_report.elapsed() >= Duration::from_secs(10) {
            let n = execs.load(Ordering::Relaxed);
            let rate = (n - last_execs) as f64 / last_report.elapsed().as_secs_f64();
            let f = findings.lock().unwrap();
            println!(
                "   {:>5.0} s  {n:>10} execs  {rate:>8.0}/s  findings {} kinds, {} inputs",
                started.elapsed().as_secs_f64(),
                f.kinds(target),
                f.total(target)
            );
            last_report = Instant::now();
            last_execs = n;
        }
    }
    let (bytes, big, queries, skipped) = worker.join().unwrap_or_default();
    Stats {
        seconds: started.elapsed().as_secs_f64(),
        execs: execs.load(Ordering::Relaxed),
        bytes,
        big,
        queries,
        skipped,
        hung: false,
    }
}

/// The fixtures, the sample and the hostile seeds.
fn load_seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.push(root().join("assets/sample.txt"));
    for f in files {
        match std::fs::read(&f) {
            Ok(b) => seeds.push(b),
            Err(e) => eprintln!("fuzz: skipping {}: {e}", f.display()),
        }
    }
    seeds.extend(hostile_seeds().into_iter().map(|(_, b)| b));
    seeds
}

// ---------------------------------------------------------------------------
// mutation

/// Byte strings worth inserting: the dump format's own pieces and the
/// characters layout and search treat specially.
const TOKENS: &[&str] = &[
    "2024-01-01 00:00:00",
    "2024-01-01 00:00",
    "2024-05-02 08:30:15",
    "0",
    "0000",
    "0001",
    "12345678901234567890",
    "1234567890123456789012345678901234567890",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "。",
    "，",
    ",",
    "；",
    "、",
    "「",
    "」",
    "“",
    "”",
    "（",
    "）",
    "…",
    "http://",
    "https://",
    "https://example.org/a(b)",
    "(",
    ")",
    "[",
    "]",
    "\x1b[",
    "\x1b[31m",
    "\u{202e}",
    "\u{2066}",
    "\u{061C}",
    "\u{200d}",
    "\u{FEFF}",
    "\u{3000}",
    "\t",
    " ",
    "\0",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{301}",
    "\u{3099}",
    "👩‍💻",
    "🇨🇳",
    "🇺",
    "\u{fe0f}",
    "\u{600}",
    "\u{1100}",
    "\u{1100}\u{1100}\u{1100}",
    "\u{a960}",
    "快讯社",
    "IT之窗",
    "参考内容:",
    "■ ",
    "\u{212A}",
    "ｋ",
    "Ａ",
    "µ",
    "ς",
    "ß",
];

/// Single characters to put in place of others.
const CHARS: &[char] = &[
    '\u{0}',
    '\t',
    '\r',
    '\n',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{9b}',
    '\u{a0}',
    '\u{ad}',
    '\u{301}',
    '\u{345}',
    '\u{600}',
    '\u{61c}',
    '\u{1100}',
    '\u{1160}',
    '\u{200b}',
    '\u{200d}',
    '\u{200e}',
    '\u{2028}',
    '\u{202e}',
    '\u{2060}',
    '\u{2069}',
    '\u{3000}',
    '\u{302a}',
    '\u{3099}',
    '\u{fe0f}',
    '\u{feff}',
    '\u{fff9}',
    '\u{fffd}',
    '\u{1f1e8}',
    '\u{1f600}',
    '\u{e0061}',
    '中',
    '。',
    '，',
    '」',
    '（',
    '：',
    ':',
    '-',
    ' ',
    '0',
    '9',
    'a',
    'Z',
    'Ａ',
    'ｚ',
    '\u{212a}',
    'Σ',
    'ς',
];

/// Bytes worth writing over others.
const BYTES: &[u8] = &[
    0, 0x7f, 0x80, 0xbf, 0xc0, 0xe3, 0xef, 0xf0, 0xff, b'\n', b'\r', b'\t', b' ', b'0', b'9', b':',
    b'-', b'(', b')', b'h',
];

struct Mutator {
    rng: Rng,
    seeds: Arc<Vec<Vec<u8>>>,
    /// Earlier inputs, mutated further now and then.
    pool: Vec<Vec<u8>>,
}

impl Mutator {
    fn new(seed: u64, seeds: Arc<Vec<Vec<u8>>>) -> Mutator {
        Mutator {
            rng: Rng::new(seed),
            seeds,
            pool: Vec::new(),
        }
    }

    /// The next input; `may_grow` allows growing it past [`SMALL`].
    fn next(&mut self, may_grow: bool) -> Vec<u8> {
        let mut data = if !self.pool.is_empty() && self.rng.one_in(4) {
            self.rng.pick(&self.pool).clone()
        } else {
            self.rng.pick(&self.seeds).clone()
        };
        if data.len() > SMALL {
            let len = 64 + self.rng.below(SMALL - 64);
            self.window(&mut data, len);
        }
        let mut n = 1;
        while n < 16 && !self.rng.one_in(2) {
            n += 1;
        }
        for _ in 0..n {
            self.mutate(&mut data);
        }
        if may_grow && self.rng.one_in(GROW_ONE_IN) {
            self.grow(&mut data);
        } else if data.len() > SMALL {
            self.window(&mut data, SMALL);
        }
        if data.len() <= SMALL && self.rng.one_in(8) {
            if self.pool.len() < 1024 {
                self.pool.push(data.clone());
            } else {
                let at = self.rng.below(self.pool.len());
                self.pool[at] = data.clone();
            }
        }
        data
    }

    /// Keeps `len` bytes of `data` from a random place, often a line start.
    fn window(&mut self, data: &mut Vec<u8>, len: usize) {
        if data.len() <= len {
            return;
        }
        let mut start = self.rng.below(data.len() - len + 1);
        if self.rng.one_in(2)
            && let Some(nl) = memchr_back(&data[..start], b'\n')
        {
            start = nl + 1;
        }
        data.drain(..start);
        data.truncate(len);
    }

    /// A position in `0..=len`, mostly at a character boundary.
    fn pos(&mut self, data: &[u8]) -> usize {
        let mut at = self.rng.below(data.len() + 1);
        if !self.rng.one_in(5) {
            while at > 0 && at < data.len() && data[at] & 0xC0 == 0x80 {
                at -= 1;
            }
        }
        at
    }

    fn token(&mut self) -> &'static [u8] {
        self.rng.pick(TOKENS).as_bytes()
    }

    fn mutate(&mut self, data: &mut Vec<u8>) {
        let len = data.len();
        match self.rng.below(16) {
            // Bit flip.
            0 if len > 0 => {
                let at = self.rng.below(len);
                data[at] ^= 1 << self.rng.below(8);
            }
            // An interesting byte over another.
            1 if len > 0 => {
                let at = self.rng.below(len);
                data[at] = *self.rng.pick(BYTES);
            }
            // Random bytes inserted.
            2 => {
                let at = self.pos(data);
                let n = 1 + self.rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| self.rng.next_u64() as u8).collect();
                data.splice(at..at, bytes);
            }
            // A range deleted.
            3 if len > 0 => {
                let at = self.pos(data).min(len - 1);
                let n = if self.rng.one_in(8) {
                    1 + self.rng.below(len - at)
                } else {
                    (1 + self.rng.below(16)).min(len - at)
                };
                data.drain(at..at + n);
            }
            // A token inserted, sometimes a few times over.
            4..=6 => {
                let at = self.pos(data);
                let t = self.token();
                let times = if self.rng.one_in(8) {
                    1 + self.rng.below(64)
                } else {
                    1
                };
                data.splice(at..at, t.iter().copied().cycle().take(t.len() * times));
            }
            // A token over a character.
            7 if len > 0 => {
                let at = self.pos(data).min(len - 1);
                let end = char_end(data, at);
                let t = self.token();
                data.splice(at..end, t.iter().copied());
            }
            // A special character over one, or inserted.
            8 => {
                let at = self.pos(data);
                let c = *self.rng.pick(CHARS);
                let mut buf = [0; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes().to_vec();
                let end = if at < len && self.rng.one_in(2) {
                    char_end(data, at)
                } else {
                    at
                };
                data.splice(at..end, bytes);
            }
            // A piece of another seed spliced in.
            9 => {
                let other = self.rng.pick(&self.seeds);
                if !other.is_empty() {
                    let s = self.rng.below(other.len());
                    let n = (1 + self.rng.below(256)).min(other.len() - s);
                    let piece = other[s..s + n].to_vec();
                    let at = self.pos(data);
                    data.splice(at..at, piece);
                }
            }
            // Crossover: this input's head, another's tail.
            10 => {
                let other = self.rng.pick(&self.seeds).clone();
                let at = self.pos(data);
                let from = self.rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..other.len().min(from + SMALL)]);
            }
            // A chunk repeated in place.
            11 if len > 0 => {
                let at = self.pos(data).min(len - 1);
                let n = (1 + self.rng.below(32)).min(len - at);
                let chunk = data[at..at + n].to_vec();
                let times = 1 + self.rng.below(8);
                let rep: Vec<u8> = chunk.iter().copied().cycle().take(n * times).collect();
                data.splice(at..at, rep);
            }
            // A stamp: source, date-time, digits, sometimes a glued title.
            12 => {
                let at = self.pos(data);
                let sources = [
                    "快讯社",
                    "IT之窗",
                    "",
                    "某某新闻网站的一个很长的名字啊",
                    "a",
                ];
                let mut s = String::from(*self.rng.pick(&sources));
                s.push_str(&format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}",
                    self.rng.below(10000),
                    self.rng.below(14),
                    self.rng.below(33),
                    self.rng.below(25),
                    self.rng.below(61)
                ));
                if self.rng.one_in(2) {
                    s.push_str(&format!(":{:02}", self.rng.below(61)));
                }
                for _ in 0..self.rng.below(12) {
                    s.push(char::from(b'0' + self.rng.below(10) as u8));
                }
                if self.rng.one_in(2) {
                    s.push_str("下一条");
                }
                data.splice(at..at, s.into_bytes());
            }
            // A digit changed, or a run of digits inserted.
            13 => {
                let digits: Vec<usize> = (0..len).filter(|&i| data[i].is_ascii_digit()).collect();
                if !digits.is_empty() && self.rng.one_in(2) {
                    let at = *self.rng.pick(&digits);
                    data[at] = b'0' + self.rng.below(10) as u8;
                } else {
                    let at = self.pos(data);
                    let n = 1 + self.rng.below(45);
                    let run: Vec<u8> = (0..n).map(|_| b'0' + self.rng.below(10) as u8).collect();
                    data.splice(at..at, run);
                }
            }
            // Two lines swapped, or one dropped.
            14 => {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain((0..len).filter(|&i| data[i] == b'\n').map(|i| i + 1))
                    .collect();
                if starts.len() >= 2 {
                    let a = self.rng.below(starts.len() - 1);
                    let (s, e) = (starts[a], starts[a + 1]);
                    let line = data[s..e].to_vec();
                    data.drain(s..e);
                    if !self.rng.one_in(3) {
                        let at = *self.rng.pick(&starts);
                        let at = at.min(data.len());
                        data.splice(at..at, line);
                    }
                }
            }
            // Cut short.
            _ if len > 0 => {
                let at = self.pos(data);
                data.truncate(at);
            }
            _ => data.extend_from_slice(self.token()),
        }
    }

    /// Grows `data` to 16 KB–1 MB, the shapes that stress linear-time
    /// promises: a long line, many lines, many articles, one huge grapheme,
    /// closers after a URL, a long digit run.
    fn grow(&mut self, data: &mut Vec<u8>) {
        let size = (1usize << (14 + self.rng.below(7))).min(BIG);
        let size = size / 2 + self.rng.below(size / 2);
        let at = self.pos(data);
        let chunk: Vec<u8> = match self.rng.below(7) {
            0 if !data.is_empty() => {
                // A piece of the input itself, newlines out: a long line.
                let s = self.pos(data).min(data.len() - 1);
                let n = (1 + self.rng.below(64)).min(data.len() - s);
                data[s..s + n]
                    .iter()
                    .copied()
                    .filter(|&b| b != b'\n')
                    .collect()
            }
            1 => {
                // The whole input again and again: many articles.
                let mut d = data.clone();
                d.push(b'\n');
                d
            }
            2 => "\u{301}".into(),
            3 => ")".into(),
            4 => "0123456789".into(),
            5 => self.token().to_vec(),
            _ => {
                let c = *self.rng.pick(CHARS);
                c.to_string().into_bytes()
            }
        };
        if chunk.is_empty() {
            return;
        }
        let times = size.saturating_sub(data.len()) / chunk.len();
        let mut grown = Vec::with_capacity(data.len() + chunk.len() * times + 32);
        grown.extend_from_slice(&data[..at]);
        if chunk == b")" {
            grown.extend_from_slice(b"https://example.org/a(b");
        }
        for _ in 0..times {
            grown.extend_from_slice(&chunk);
        }
        grown.extend_from_slice(&data[at..]);
        grown.truncate(BIG);
        *data = grown;
    }
}

fn memchr_back(data: &[u8], b: u8) -> Option<usize> {
    data.iter().rposition(|&x| x == b)
}

/// The end of the UTF-8 character (or stray byte) at `at`.
fn char_end(data: &[u8], at: usize) -> usize {
    let mut end = at + 1;
    while end < data.len() && end - at < 4 && data[end] & 0xC0 == 0x80 {
        end += 1;
    }
    end.min(data.len())
}

// ---------------------------------------------------------------------------
// findings

struct Finding {
    count: u64,
    path: PathBuf,
    len: usize,
}

/// Findings by kind, each kept as the smallest input seen.
struct Findings {
    dir: PathBuf,
    by_kind: BTreeMap<(Target, String), Finding>,
    slow_saved: u64,
}

impl Findings {
    fn new(dir: PathBuf) -> Findings {
        Findings {
            dir,
            by_kind: BTreeMap::new(),
            slow_saved: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.by_kind.is_empty()
    }

    fn kinds(&self, target: Target) -> usize {
        self.by_kind.keys().filter(|(t, _)| *t == target).count()
    }

    fn total(&self, target: Target) -> u64 {
        self.by_kind
            .iter()
            .filter(|((t, _), _)| *t == target)
            .map(|(_, f)| f.count)
            .sum()
    }

    /// Saves `input` under `name`, with a note and the query if any.
    fn save(&self, name: &str, input: &[u8], note: &str, query: Option<&Query>) -> PathBuf {
        if let Err(e) = std::fs::create_dir_all(&self.dir) {
            eprintln!("fuzz: cannot create {}: {e}", self.dir.display());
        }
        let path = self.dir.join(format!("{name}.bin"));
        let write = |p: &Path, b: &[u8]| {
            if let Err(e) = std::fs::write(p, b) {
                eprintln!("fuzz: cannot write {}: {e}", p.display());
            }
        };
        write(&path, input);
        write(&path.with_extension("txt"), note.as_bytes());
        if let Some(q) = query {
            write(&path.with_extension("query"), &q.to_file());
        }
        path
    }

    fn remove(path: &Path) {
        for ext in ["bin", "txt", "query"] {
            let _ = std::fs::remove_file(path.with_extension(ext));
        }
    }

    fn record(&mut self, input: &[u8], f: &Failure) {
        let key = (f.target, f.signature.clone());
        let name = format!("{}-{:016x}", f.target.name(), hash(input));
        let note = || {
            format!(
                "{}\n{}\n{}\ninput ({} bytes): {}\n",
                f.signature,
                f.detail,
                f.query.as_ref().map_or(String::new(), |q| format!(
                    "query ({:?}): {:?}",
                    q.mode, q.text
                )),
                input.len(),
                fuzz_checks::clip(&escape(input), 4000)
            )
        };
        match self.by_kind.get_mut(&key) {
            Some(known) => {
                known.count += 1;
                if input.len() < known.len {
                    Findings::remove(&known.path);
                    let path = self.save(&name, input, &note(), f.query.as_ref());
                    let known = self.by_kind.get_mut(&key).expect("known");
                    known.path = path;
                    known.len = input.len();
                }
            }
            None => {
                let path = self.save(&name, input, &note(), f.query.as_ref());
                println!("!! new finding: {f}");
                println!(
                    "   input ({} bytes): {}",
                    input.len(),
                    fuzz_checks::clip(&escape(input), 600)
                );
                println!("   saved as {}", path.display());
                self.by_kind.insert(
                    key,
                    Finding {
                        count: 1,
                        path,
                        len: input.len(),
                    },
                );
            }
        }
    }

    /// An input that took `took`; `ratio` is its time over its first
    /// half's (about 2 when linear).
    fn record_slow(
        &mut self,
        target: Target,
        input: &[u8],
        took: Duration,
        what: &str,
        ratio: f64,
    ) {
        let key = (target, what.to_string());
        let saved = self.slow_saved < 5 || what == "hang";
        let name = format!("{}-{what}-{:016x}", target.name(), hash(input));
        let note = format!(
            "{what}: {:.2} s for {} bytes, {ratio:.1}x its first half's time\ninput: {}\n",
            took.as_secs_f64(),
            input.len(),
            fuzz_checks::clip(&escape(input), 4000)
        );
        let path = if saved {
            self.slow_saved += 1;
            let path = self.save(&name, input, &note, None);
            println!(
                "!! {what} input: {} bytes took {:.2} s ({ratio:.1}x its first half's), saved as {}",
                input.len(),
                took.as_secs_f64(),
                path.display()
            );
            path
        } else {
            PathBuf::new()
        };
        let entry = self.by_kind.entry(key).or_insert(Finding {
            count: 0,
            path,
            len: input.len(),
        });
        entry.count += 1;
    }

    fn print_summary(&self) {
        if self.by_kind.is_empty() {
            println!("no findings");
            return;
        }
        println!("findings (kind: count, smallest input):");
        for ((t, sig), f) in &self.by_kind {
            println!(
                "  [{}] {sig}: {} times, {} bytes, {}",
                t.name(),
                f.count,
                f.len,
                f.path.display()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// replay, minimize, write-seeds

fn replay(files: &[String]) {
    if files.is_empty() {
        usage();
    }
    let mut failed = false;
    for file in files {
        let path = Path::new(file);
        match fuzz_checks::replay(path) {
            Ok(failures) if failures.is_empty() => println!("ok    {file}"),
            Ok(failures) => {
                failed = true;
                for f in failures {
                    println!("FAIL  {file}: {f}");
                }
            }
            Err(e) => {
                failed = true;
                println!("ERROR {file}: {e}");
            }
        }
    }
    std::process::exit(i32::from(failed));
}

/// Shrinks a failing input with a delta loop (drop ever smaller chunks,
/// then single characters' bytes) while the same kind of violation stays,
/// then the search query character by character.
fn minimize(args: &[String]) {
    let Some(file) = args.first().filter(|a| !a.starts_with("--")) else {
        usage()
    };
    let path = Path::new(file);
    let mut input = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(2)
    });
    let targets = match option(args, "--target") {
        Some(t) => vec![Target::from_name(&t).unwrap_or_else(|| usage())],
        None => fuzz_checks::targets_for(path),
    };
    let out = option(args, "--out").map_or_else(|| path.with_extension("min.bin"), PathBuf::from);
    let sidecar = fuzz_checks::sidecar_query(path);
    fuzz_checks::quiet_panics();
    // The first violation, with the saved query when there is one.
    let mut found = None;
    'search: for &t in &targets {
        let mut tries: Vec<Option<Vec<Query>>> = vec![None];
        if t == Target::Search
            && let Some(q) = &sidecar
        {
            tries.insert(0, Some(vec![q.clone()]));
        }
        for queries in tries {
            if let Some(f) = run(t, &input, queries.as_deref()).into_iter().next() {
                found = Some((t, f));
                break 'search;
            }
        }
    }
    let Some((target, failure)) = found else {
        println!("{file}: no violation to keep");
        std::process::exit(1)
    };
    println!("keeping: {failure}");
    let mut query: Option<Query> = failure.query.clone();
    let fails = |input: &[u8], query: &Option<Query>| {
        let qs = query.as_ref().map(|q| vec![q.clone()]);
        run(target, input, qs.as_deref())
            .iter()
            .any(|g| g.signature == failure.signature)
    };
    let started = Instant::now();
    loop {
        let before = input.len();
        let mut chunk = (input.len() / 2).max(1);
        loop {
            let mut at = 0;
            while at < input.len() {
                let end = (at + chunk).min(input.len());
                let mut shorter = input.clone();
                shorter.drain(at..end);
                if fails(&shorter, &query) {
                    input = shorter;
                } else {
                    at += chunk;
                }
            }
            if chunk == 1 {
                break;
            }
            chunk /= 2;
        }
        // Non-ASCII characters replaced by `a`, one at a time.
        let mut at = 0;
        while at < input.len() {
            if input[at] >= 0x80 {
                let end = char_end(&input, at);
                let mut simpler = input.clone();
                simpler.splice(at..end, *b"a");
                if fails(&simpler, &query) {
                    input = simpler;
                }
            }
            at += 1;
        }
        if let Some(q) = query.clone() {
            let chars: Vec<char> = q.text.chars().collect();
            let mut keep = chars.clone();
            let mut k = 0;
            while k < keep.len() {
                let mut shorter = keep.clone();
                shorter.remove(k);
                let candidate = Some(Query {
                    text: shorter.iter().collect(),
                    mode: q.mode,
                });
                if !shorter.is_empty() && fails(&input, &candidate) {
                    keep = shorter;
                } else {
                    k += 1;
                }
            }
            query = Some(Query {
                text: keep.iter().collect(),
                mode: q.mode,
            });
        }
        if input.len() == before || started.elapsed() > Duration::from_secs(120) {
            break;
        }
    }
    let qs = query.as_ref().map(|q| vec![q.clone()]);
    let last = run(target, &input, qs.as_deref())
        .into_iter()
        .find(|g| g.signature == failure.signature);
    if let Err(e) = std::fs::write(&out, &input) {
        eprintln!("{}: {e}", out.display());
    }
    if let Some(q) = &query
        && let Err(e) = std::fs::write(out.with_extension("query"), q.to_file())
    {
        eprintln!("{}: {e}", out.display());
    }
    println!("minimal input ({} bytes): {}", input.len(), escape(&input));
    if let Some(q) = &query {
        println!("query ({:?}): {:?}", q.mode, q.text);
    }
    if let Some(f) = last {
        println!("violation: {f}");
    }
    println!("written to {}", out.display());
}

fn write_seeds() {
    let dir = root().join("fuzz/regressions");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(1);
    }
    for (name, bytes) in hostile_seeds() {
        let path = dir.join(format!("seed-{name}.bin"));
        match std::fs::write(&path, bytes) {
            Ok(()) => println!("wrote {}", path.display()),
            Err(e) => eprintln!("{}: {e}", path.display()),
        }
    }
}
