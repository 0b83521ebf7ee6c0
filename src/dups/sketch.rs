//! Shingles and sketches: a text as the set of its character k-grams, and
//! a few bytes that let texts with similar sets meet without comparing
//! every pair.
//!
//! # The sketch
//!
//! MinHash with one permutation (OPH, Li, Owen and Zhang 2012): each
//! shingle is hashed once to 64 bits; the high half picks one of the
//! signature's `bands × rows` bins, the low half competes for the bin's
//! minimum. A bin's minimum is the same for two texts with probability
//! close to their Jaccard similarity, as with a MinHash of as many
//! permutations, at the cost of one hash a shingle instead of one a bin.
//! A short text leaves bins empty; they are filled by "optimal
//! densification" (Shrivastava 2017): an empty bin takes the value of
//! the first filled bin on its own fixed random probe sequence, which
//! keeps two texts' bins agreeing with probability near their similarity.
//!
//! Each bin's minimum is kept as its lowest byte (b-bit minwise hashing,
//! Li and König 2010): 112 bytes with the default parameters. Two texts'
//! bytes agree with probability J + (1 − J)/256 for similarity J, so a
//! band of 8 bytes is as good a key as 8 full values (unrelated texts share
//! one with odds of 2⁻⁶⁴), and the share of agreeing bytes estimates J —
//! enough to drop candidates hopelessly below the threshold before they
//! are confirmed on the texts (see [`Sketch::plausible`]).
//!
//! # The shingle's hash
//!
//! For shingles of up to 6 characters, the characters are packed, 21 bits
//! each, into a `u128` that rolls along the text (a shift and an or a
//! character) and is mixed to 64 bits by a folded 64×64→128 multiply and
//! XXH3's avalanche — about what XXH3 does for 9 to 16 bytes, without the
//! bytes. Packing is exact, so distinct shingles collide only in the mix.
//! Longer shingles are hashed with XXH3 from their bytes.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::Params;
use super::normal::{hash_codes, normalise_reusing};

/// What a text leaves to find its duplicates: its signature, its exact
/// key and its normalised length. About 180 bytes with the default
/// parameters, allocation included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// The lowest byte of each bin's minimum, `bands × rows`; empty for a
    /// text shorter than a shingle, which has no signature.
    pub(super) bins: Box<[u8]>,
    /// How many bins shingles fell in before densifying: how many of the
    /// bins are samples of their own (at most the distinct shingles).
    filled: u16,
    /// See [`Sketch::exact`].
    exact: u128,
    /// See [`Sketch::chars`].
    chars: u32,
}

impl Sketch {
    /// The hash of the normalised text: [`exact_key`](super::exact_key).
    pub fn exact(&self) -> u128 {
        self.exact
    }

    /// How many characters the normalised text has (saturating at
    /// `u32::MAX`). Zero for a text with nothing to compare, which is
    /// nobody's duplicate.
    pub fn chars(&self) -> u32 {
        self.chars
    }

    /// Whether the text is too short for a shingle: it can only be an
    /// exact copy of another.
    pub fn is_short(&self) -> bool {
        self.bins.is_empty()
    }

    /// The Jaccard similarity of the two texts as their signatures estimate
    /// it (standard error about 0.04 near 0.8 for texts of 112 shingles or
    /// more, wider for shorter ones); 0 when either has no signature.
    pub fn estimate(&self, other: &Sketch) -> f64 {
        if self.is_short() || self.bins.len() != other.bins.len() {
            return 0.0;
        }
        let same = self
            .bins
            .iter()
            .zip(&other.bins)
            .filter(|(a, b)| a == b)
            .count();
        // A byte agrees by chance once in 256.
        let share = same as f64 / self.bins.len() as f64;
        ((share - 1.0 / 256.0) / (1.0 - 1.0 / 256.0)).max(0.0)
    }

    /// Whether the two texts may reach similarity `threshold`: false only
    /// when the estimate is more than six standard errors below it, which
    /// a pair at the threshold is with odds of about 10⁻⁹. The errors are
    /// those of a sample of as many bins as the sparser text filled (a
    /// densified bin is a copy, not a sample).
    pub fn plausible(&self, other: &Sketch, threshold: f64) -> bool {
        let samples = f64::from(self.filled.min(other.filled).max(1));
        let spread = (threshold * (1.0 - threshold)).max(0.05).sqrt() / samples.sqrt();
        self.estimate(other) >= threshold - 6.0 * spread
    }
}

/// Sketches texts one after another with buffers it keeps, so that a
/// thread sketching thousands of articles allocates only the sketches.
#[derive(Debug, Clone)]
pub struct Sketcher {
    params: Params,
    /// The text at hand normalised, `codes[..len]` (see
    /// [`normalise_reusing`]).
    codes: Vec<u32>,
    len: usize,
    bins: Vec<u32>,
    filled: Vec<u32>,
}

/// A bin no shingle fell in. A shingle whose low half is `u32::MAX` is
/// taken for none: it is the same for every text, so texts still agree.
const EMPTY: u32 = u32::MAX;

impl Sketcher {
    /// A sketcher for `params`.
    ///
    /// # Panics
    ///
    /// When `params` is not valid (see [`Params::check`]).
    pub fn new(params: &Params) -> Sketcher {
        if let Err(why) = params.check() {
            panic!("dups::Params: {why}");
        }
        Sketcher {
            params: *params,
            codes: Vec::new(),
            len: 0,
            bins: Vec::new(),
            filled: Vec::new(),
        }
    }

    /// The sketch of `text`.
    pub fn sketch(&mut self, text: &str) -> Sketch {
        let Params {
            shingle,
            bands,
            rows,
            ..
        } = self.params;
        let k = bands * rows;
        let n = normalise_reusing(text, &mut self.codes);
        let codes = &self.codes[..n];
        let exact = hash_codes(codes);
        let len = u32::try_from(codes.len()).unwrap_or(u32::MAX);
        if codes.len() < shingle {
            return Sketch {
                bins: Box::new([]),
                filled: 0,
                exact,
                chars: len,
            };
        }

        self.bins.clear();
        self.bins.resize(k, EMPTY);
        let bins = &mut self.bins[..];
        for_each_shingle(codes, shingle, |h| {
            let bin = below(h, k);
            // Without a branch: whether a shingle beats its bin's minimum
            // is a coin toss early in a text, too costly to predict.
            bins[bin] = bins[bin].min(h as u32);
        });
        densify(bins, &mut self.filled);
        Sketch {
            bins: bins.iter().map(|v| *v as u8).collect(),
            filled: u16::try_from(self.filled.len()).unwrap_or(u16::MAX),
            exact,
            chars: len,
        }
    }

    /// Replaces `out` with the set of `text`'s shingle hashes, sorted: the
    /// set [`jaccard`] compares. A text shorter than a shingle is one
    /// shingle of its own length (so it matches only itself); a text with
    /// nothing left after normalising has none.
    pub fn shingles(&mut self, text: &str, out: &mut Vec<u64>) {
        out.clear();
        self.each_shingle(text, |h| out.push(h));
        out.sort_unstable();
        out.dedup();
    }

    /// Calls `f` with the hash of each of `text`'s shingles (see
    /// [`Sketcher::shingles`]), in order, repeats included.
    fn each_shingle(&mut self, text: &str, f: impl FnMut(u64)) {
        self.load(text);
        self.each_loaded_shingle(f);
    }

    /// Normalises `text` for [`Sketcher::each_loaded_shingle`]; returns how
    /// many characters it has.
    fn load(&mut self, text: &str) -> usize {
        self.len = normalise_reusing(text, &mut self.codes);
        self.len
    }

    /// [`Sketcher::each_shingle`] of the text last loaded.
    fn each_loaded_shingle(&self, mut f: impl FnMut(u64)) {
        let k = self.params.shingle;
        let codes = &self.codes[..self.len];
        match codes.len() {
            0 => {}
            n if n < k => f(hash_whole(codes, k)),
            _ => for_each_shingle(codes, k, f),
        }
    }
}

/// The sketch of `text` (for many texts, keep a [`Sketcher`]).
pub fn sketch(text: &str, params: &Params) -> Sketch {
    Sketcher::new(params).sketch(text)
}

/// The Jaccard similarity of the shingle sets of `a` and `b`: how many
/// shingles they share over how many they have together. 1 for texts equal
/// once normalised, 0 when either has nothing to compare.
pub fn jaccard(a: &str, b: &str, params: &Params) -> f64 {
    let mut s = Sketcher::new(params);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    s.shingles(a, &mut x);
    s.shingles(b, &mut y);
    jaccard_sets(&x, &y)
}

/// The Jaccard similarity of two sorted sets of hashes without repeats
/// (as [`Sketcher::shingles`] makes them); 0 when either is empty.
pub fn jaccard_sets(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        both += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// A text's shingle set as a hash table (open addressing, linear probing)
/// beside a list of its members: the same set as [`Sketcher::shingles`],
/// made without sorting, several times faster for an article — and
/// confirming makes one for every text of every candidate pair.
#[derive(Debug, Default)]
pub(super) struct ShingleSet {
    /// A power of two of slots, at most half full; 0 is an empty slot.
    slots: Vec<u64>,
    /// The members but 0, in the order they came.
    members: Vec<u64>,
    /// Whether the hash 0, which no slot can hold, is in the set.
    zero: bool,
}

impl ShingleSet {
    /// Makes this the set of `text`'s shingles.
    pub(super) fn fill(&mut self, sketcher: &mut Sketcher, text: &str) {
        let n = sketcher.load(text);
        let size = (2 * n).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(size, 0);
        self.members.clear();
        self.zero = false;
        let (slots, members, zero) = (&mut self.slots, &mut self.members, &mut self.zero);
        let mask = size - 1;
        sketcher.each_loaded_shingle(|h| {
            if h == 0 {
                *zero = true;
                return;
            }
            let mut i = h as usize & mask;
            loop {
                let s = slots[i];
                if s == h {
                    return;
                }
                if s == 0 {
                    slots[i] = h;
                    members.push(h);
                    return;
                }
                i = (i + 1) & mask;
            }
        });
    }

    fn len(&self) -> usize {
        self.members.len() + usize::from(self.zero)
    }

    fn contains(&self, h: u64) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            match self.slots[i] {
                0 => return false,
                s if s == h => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The Jaccard similarity of the two sets, as [`jaccard_sets`] gives it.
    pub(super) fn jaccard(&self, other: &ShingleSet) -> f64 {
        let (a, b) = (self.len(), other.len());
        if a == 0 || b == 0 {
            return 0.0;
        }
        let (small, big) = if a <= b { (self, other) } else { (other, self) };
        let both = small.members.iter().filter(|&&h| big.contains(h)).count()
            + usize::from(small.zero && big.zero);
        both as f64 / (a + b - both) as f64
    }
}

// Fixed seeds, so that sketches and sets are the same from run to run and
// machine to machine.
const SEED_LO: u64 = 0x9E37_79B9_7F4A_7C15;
/// Its top bit set: the packed high half of a shingle (at most 62 bits)
/// never cancels it, so the multiply below never sees a zero there.
const SEED_HI: u64 = 0xC2B2_AE3D_27D4_EB4F;
const PROBE_SEED: u64 = 0x27D4_EB2F_1656_67C5;

/// Calls `f` with the hash of each of `codes`' `k`-grams, in order
/// (`codes.len() >= k`).
#[inline(always)]
fn for_each_shingle(codes: &[u32], k: usize, mut f: impl FnMut(u64)) {
    debug_assert!(k >= 1 && codes.len() >= k);
    if k > PACKED_MAX {
        let mut bytes = Vec::with_capacity(4 * k);
        for w in codes.windows(k) {
            bytes.clear();
            bytes.extend(w.iter().flat_map(|c| c.to_le_bytes()));
            f(xxh3_64_with_seed(&bytes, SEED_LO));
        }
        return;
    }
    let mask = (1u128 << (21 * k)) - 1;
    let mut w = 0u128;
    for &c in &codes[..k - 1] {
        w = w << 21 | c as u128;
    }
    for &c in &codes[k - 1..] {
        w = (w << 21 | c as u128) & mask;
        f(mix(w));
    }
}

/// The hash of a text shorter than a shingle, as a shingle of its own.
fn hash_whole(codes: &[u32], k: usize) -> u64 {
    if k > PACKED_MAX {
        let bytes: Vec<u8> = codes.iter().flat_map(|c| c.to_le_bytes()).collect();
        return xxh3_64_with_seed(&bytes, SEED_LO);
    }
    // Its top character's bits stay zero, which a full shingle's never are
    // (no character that normalising keeps is U+0000): it cannot be one.
    mix(codes.iter().fold(0u128, |w, &c| w << 21 | c as u128))
}

/// The longest shingle packed into a `u128`.
const PACKED_MAX: usize = 6;

/// 64 well-mixed bits of a packed shingle.
#[inline(always)]
fn mix(w: u128) -> u64 {
    let (lo, hi) = (w as u64, (w >> 64) as u64);
    let p = (lo ^ SEED_LO) as u128 * (hi ^ SEED_HI) as u128;
    let h = lo
        .swap_bytes()
        .wrapping_add(hi)
        .wrapping_add(p as u64 ^ (p >> 64) as u64);
    avalanche(h)
}

/// A number below `n` from the high half of `h` (Lemire's multiply and
/// shift, not a division).
#[inline(always)]
fn below(h: u64, n: usize) -> usize {
    (((h >> 32) * n as u64) >> 32) as usize
}

/// XXH3's final mix.
#[inline(always)]
fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 37;
    h = h.wrapping_mul(0x1656_6791_9E37_79F9);
    h ^ h >> 32
}

/// Fills the empty bins of `bins`, each with the value of the first filled
/// bin on the bin's own probe sequence (optimal densification), and leaves
/// the bins filled before in `filled`. The sequence depends only on the
/// bin, so two texts fill the same empty bin from the same place as long as
/// they have the same bins filled.
fn densify(bins: &mut [u32], filled: &mut Vec<u32>) {
    filled.clear();
    filled.extend(
        bins.iter()
            .enumerate()
            .filter(|(_, v)| **v != EMPTY)
            .map(|(i, _)| i as u32),
    );
    if filled.len() == bins.len() || filled.is_empty() {
        return;
    }
    for i in 0..bins.len() {
        if bins[i] != EMPTY {
            continue;
        }
        for attempt in 0u64.. {
            let h = avalanche((i as u64) << 32 ^ attempt ^ PROBE_SEED);
            let j = below(h, bins.len());
            // Filled at the start: a bin filled by densifying is never a
            // source, as the scheme requires.
            if filled.binary_search(&(j as u32)).is_ok() {
                bins[i] = bins[j];
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        Sketcher::new(&Params::default()).shingles(text, &mut out);
        out
    }

    #[test]
    fn a_text_is_the_set_of_its_shingles() {
        // 7 characters, 3 five-grams; the repeat counts once.
        assert_eq!(set("星河智算发布会").len(), 3);
        assert_eq!(set("ababababab").len(), 2);
        assert_eq!(set("新模型，发布。"), set("新模型发布"));
        assert!(set("。，").is_empty());
    }

    #[test]
    fn a_short_text_is_one_shingle_matching_only_itself() {
        let p = Params::default();
        assert_eq!(set("星河").len(), 1);
        assert_eq!(jaccard("星河", "星 河。", &p), 1.0);
        assert_eq!(jaccard("星河", "星海", &p), 0.0);
        // Not any of a longer text's shingles either.
        assert_eq!(jaccard("星河智算", "星河智算发", &p), 0.0);
        assert_eq!(jaccard("", "", &p), 0.0);
    }

    #[test]
    fn jaccard_counts_shared_shingles() {
        let p = Params::default();
        // abcdefg: abcde bcdef cdefg; abcdefh: abcde bcdef cdefh.
        assert_eq!(jaccard("abcdefg", "abcdefh", &p), 2.0 / 4.0);
        assert_eq!(jaccard("abcdefg", "ABCDEFG", &p), 1.0);
        assert_eq!(jaccard("abcdefg", "hijklmn", &p), 0.0);
        assert_eq!(jaccard_sets(&[1, 2, 3], &[2, 3, 4, 5]), 2.0 / 5.0);
    }

    #[test]
    fn long_shingles_hash_their_bytes() {
        let p = Params {
            shingle: 8,
            ..Params::default()
        };
        assert_eq!(jaccard("abcdefghi", "abcdefghj", &p), 1.0 / 3.0);
        assert_eq!(jaccard("abc", "abc", &p), 1.0);
        let s = sketch("abcdefghij", &p);
        assert_eq!(s.bins.len(), p.bands * p.rows);
    }

    #[test]
    fn equal_texts_have_equal_sketches() {
        let p = Params::default();
        let a = sketch(
            "星河智算于2024年在云湖市举办秋季发布会，正式推出新一代模型。",
            &p,
        );
        let b = sketch(
            "星河智算于２０２４年在云湖市举办秋季发布会正式推出新一代模型",
            &p,
        );
        assert_eq!(a, b);
        assert_eq!(a.chars(), 30);
        assert!(!a.is_short());
        let short = sketch("星河", &p);
        assert!(short.is_short());
        assert_eq!(short.exact(), super::super::exact_key("星 河"));
    }

    #[test]
    fn a_hash_table_set_measures_as_the_sorted_one() {
        let p = Params::default();
        let texts = [
            "",
            "星河",
            "星河智算发布会",
            "星河智算发布会，云湖市",
            "ababababab",
            "abababababc",
        ];
        let mut s = Sketcher::new(&p);
        let (mut x, mut y) = (ShingleSet::default(), ShingleSet::default());
        for a in texts {
            for b in texts {
                x.fill(&mut s, a);
                y.fill(&mut s, b);
                assert_eq!(x.jaccard(&y), jaccard(a, b, &p), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn densified_bins_are_all_filled_from_filled_ones() {
        let mut bins = vec![EMPTY; 112];
        bins[3] = 7;
        bins[90] = 9;
        densify(&mut bins, &mut Vec::new());
        assert!(bins.iter().all(|v| *v == 7 || *v == 9));
        assert!(bins.contains(&7) && bins.contains(&9));
    }
}
