//! Duplicate finding (issue 15), step by step, on a generated scrape with
//! planted copies (`cargo bench --bench dups`). Target: grouping costs at
//! most twice what indexing costs (0.3–0.6 s a GB), so sketching must run
//! at several hundred MB/s on one core and the rest must stay small.

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use newsdump::dups::{self, Params, Sketch, Sketcher};

fn main() {
    divan::main();
}

/// SplitMix64: the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Picks ranks `0..n` with Zipf-like odds (weight 1 / (rank + 10)).
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        Zipf(
            (0..n)
                .map(|r| {
                    total += 1.0 / (r as f64 + 10.0);
                    total
                })
                .collect(),
        )
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * self.0[self.0.len() - 1];
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

/// A scrape's bodies: words of common ideographs in sentences, a few
/// Latin words and numbers, an editor's footer on half of them; 15 % are
/// earlier articles with one to three sentences replaced, 10 % copies of
/// earlier ones written with other spacing and punctuation.
fn scrape(n: usize) -> Vec<String> {
    let mut rng = Rng(15);
    let chars = Zipf::new(3500);
    let words: Vec<String> = (0..20_000)
        .map(|_| {
            let len = 1 + rng.below(3) + rng.below(2);
            (0..len)
                .map(|_| char::from_u32(0x4E00 + chars.pick(&mut rng) as u32 * 5).unwrap())
                .collect()
        })
        .collect();
    let word = Zipf::new(words.len());
    let sentence = |rng: &mut Rng| {
        let mut s = String::new();
        for _ in 0..4 + rng.below(12) {
            match rng.below(40) {
                0 => s.push_str(&format!(" {} ", rng.below(100_000))),
                1 => s.push_str(" Lumen-3x "),
                _ => s.push_str(&words[word.pick(rng)]),
            }
        }
        s.push(if rng.below(3) == 0 { '，' } else { '。' });
        s
    };
    let footers: Vec<String> = (0..50)
        .map(|i| {
            format!(
                "\n责任编辑：{}　版权所有 © 2024 第{i}网 未经授权不得转载",
                words[i]
            )
        })
        .collect();
    // Each article's sentences, kept to make near copies from.
    let mut kept: Vec<Vec<String>> = Vec::with_capacity(n);
    let mut out: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        let roll = rng.below(100);
        let earlier = if i > 0 { rng.below(i) } else { 0 };
        if i > 0 && roll < 10 {
            let copy = out[earlier].replace('。', "。 ").replace('，', ",");
            out.push(copy);
            kept.push(kept[earlier].clone());
            continue;
        }
        let sentences: Vec<String> = if i > 0 && roll < 25 {
            let mut s = kept[earlier].clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(s.len());
                s[at] = sentence(&mut rng);
            }
            s
        } else {
            // 2 to 41 sentences, most near 20: about 1.5 KB a body, as
            // in the scrape of the issue (450,000 articles, 650 MB).
            let len = 2 + rng.below(14) + rng.below(14) + rng.below(14);
            (0..len).map(|_| sentence(&mut rng)).collect()
        };
        let mut text = sentences.concat();
        if rng.below(2) == 0 {
            text.push_str(&footers[rng.below(footers.len())]);
        }
        out.push(text);
        kept.push(sentences);
    }
    out
}

fn bytes(texts: &[String]) -> usize {
    texts.iter().map(String::len).sum()
}

fn sketches(texts: &[String]) -> Vec<Sketch> {
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    dups::sketch_all(&texts, &Params::default())
}

/// Normalising alone, one core.
#[divan::bench(sample_count = 10)]
fn normalise(bencher: Bencher) {
    let texts = scrape(10_000);
    let mut out = Vec::new();
    bencher
        .counter(BytesCount::new(bytes(&texts)))
        .bench_local(|| {
            for t in &texts {
                out.clear();
                dups::normalise(black_box(t), &mut out);
            }
            out.len()
        });
}

/// Sketching on one core: normalising, one hash a shingle, densifying,
/// the bands' hashes.
#[divan::bench(sample_count = 10)]
fn sketch(bencher: Bencher) {
    let texts = scrape(10_000);
    let mut sketcher = Sketcher::new(&Params::default());
    bencher
        .counter(BytesCount::new(bytes(&texts)))
        .bench_local(|| {
            texts
                .iter()
                .map(|t| sketcher.sketch(black_box(t)).chars() as usize)
                .sum::<usize>()
        });
}

/// A text's shingle set, sorted: what confirming does for each text of a
/// candidate pair. One core.
#[divan::bench(sample_count = 10)]
fn shingles(bencher: Bencher) {
    let texts = scrape(10_000);
    let mut sketcher = Sketcher::new(&Params::default());
    let mut set = Vec::new();
    bencher
        .counter(BytesCount::new(bytes(&texts)))
        .bench_local(|| {
            for t in &texts {
                sketcher.shingles(black_box(t), &mut set);
            }
            set.len()
        });
}

/// Bucketing 100,000 sketches into candidate pairs (all cores).
#[divan::bench(sample_count = 10)]
fn candidates_100k(bencher: Bencher) {
    let sketches = sketches(&scrape(100_000));
    bencher
        .counter(ItemsCount::new(sketches.len()))
        .bench_local(|| dups::candidates(black_box(&sketches), &Params::default()));
}

/// Confirming the near candidates of 100,000 articles on their texts
/// (all cores); counted in pairs.
#[divan::bench(sample_count = 5)]
fn confirm_100k(bencher: Bencher) {
    let texts = scrape(100_000);
    let found = dups::candidates(&sketches(&texts), &Params::default());
    bencher
        .counter(ItemsCount::new(found.near.len()))
        .bench_local(|| {
            dups::confirm(&found.near, &Params::default(), |i| {
                texts[i as usize].as_str()
            })
        });
}

/// The whole of it for 100,000 articles (~160 MB) in memory, all cores:
/// sketches, candidates, confirming, groups, similarities.
#[divan::bench(sample_count = 3)]
fn find_100k(bencher: Bencher) {
    let texts = scrape(100_000);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let total: usize = texts.iter().map(|t| t.len()).sum();
    bencher
        .counter(BytesCount::new(total))
        .bench_local(|| dups::find(black_box(&texts), &Params::default()));
}
