//! Quality flags of an article (issue 15, item 4): what is wrong with a
//! page, found cheaply enough to run over every article of a scrape.
//!
//! [`flags_of`] reads one article and says which [`Flag`]s it has; it
//! allocates nothing and reads the text once. Boilerplate needs the whole
//! corpus first: a [`BoilerplateCounter`] per thread counts in how many
//! articles each short line occurs, the counters are
//! [merged](BoilerplateCounter::merge), and [`BoilerplateCounter::finish`]
//! keeps the lines that recur often enough as a [`Boilerplate`], which the
//! reader also asks to dim lines.
//!
//! Cost, measured once with the release profile on the development
//! machine (one thread, 100,000 articles of about 620 bytes): all flags
//! with boilerplate about 1 µs an article (650 MB/s; half of it is
//! decoding UTF-8 at all), counting boilerplate 0.2 µs.
//!
//! # The flags, exactly
//!
//! "Visible" characters are those neither white space (Unicode's, so
//! U+3000 too) nor controls.
//!
//! * `empty`: no visible character in the title or the body (a file of
//!   blank lines; a record with an empty title and text).
//! * `title-only`: a title and no visible body. Kept apart from `empty`:
//!   a bare headline still says something, an empty page nothing.
//! * `short`: a body of 1 to 29 visible characters ([`SHORT_CHARS`]).
//!   Thirty characters is about one sentence of Chinese or five English
//!   words: below it a page holds a stub ("请点击查看原文", a caption), not
//!   a story. The item summaries of the sample dump run to 150–170
//!   characters, a lead's body to thousands, so ordinary items and leads
//!   are far from it.
//! * `mojibake`: the title or the body is text decoded in the wrong
//!   encoding (see [Mojibake](#mojibake)).
//! * `boilerplate`: at least half of the body's visible characters are in
//!   [boilerplate lines](#boilerplate). A page that merely *has* a footer
//!   is not flagged — nearly every page of a site has one, and a flag on
//!   90 % of a scrape filters nothing; a page that *is* mostly footer,
//!   navigation or notice is.
//! * `future`: dated more than a day after now. `before-1990`: dated
//!   before 1990-01-01 (the web's news starts later: an earlier date is a
//!   parse or template error). Zone-less times are read as UTC; the day's
//!   margin absorbs any zone (they are within ±14 h).
//! * `no-date`: an item whose stamp is no real date-time
//!   (`2023-02-30 10:00`), or a record without a time or with one that did
//!   not parse. Leads never get it: a lead has no stamp by the format
//!   (FORMAT.md), so its missing date says nothing about the page. A
//!   record whose only time is its download time has a date.
//! * `no-source`: an item with an empty source (FORMAT.md rule 4), or a
//!   record with no site (nor a URL to take the host from). Leads never get
//!   it, for the same reason.
//!
//! A JSON record that is no article (an error row, see
//! [`Article::is_bad_record`]) gets no flags: it is already shown as an
//! error, and no filter takes it.
//!
//! # Mojibake
//!
//! Title and body are judged apart (a garbled title over a clean body is
//! common: it came from another header). A part is mojibake when any of
//! these holds:
//!
//! * **U+FFFD** (undecodable bytes, as the reader shows them): at least 3
//!   and at least 1 % of its visible characters. One or two are a cut
//!   multi-byte character, not a wrong encoding. GBK text read as UTF-8
//!   lands here: nearly every GBK pair is invalid UTF-8.
//! * **`锟斤拷`**, once: it is what U+FFFD's UTF-8 bytes read as GBK look
//!   like, the mark of a GBK → UTF-8 → GBK round trip. No Chinese word
//!   contains it.
//! * **UTF-8 read as GBK** (`公司` → `鍏徃`): each pair of UTF-8 bytes
//!   becomes one GBK character, mostly rare ideographs. The characters
//!   such pairs can give, less the 3,755 common ones of GB2312 level 1,
//!   every symbol and the private use area (icon fonts live there), form
//!   the *mismatch set*: 3,638 ideographs, built once from encoding_rs
//!   itself (see `mismatch_set`). A part is mojibake when at least
//!   [`MISMATCH_MIN`] of its characters are in the set and they are at
//!   least 30 % of its non-ASCII visible characters. Mojibake of Chinese
//!   news and of classical Chinese scores about 75 % (in the tests); the
//!   same texts clean score 0 %, traditional Chinese 7 %, Japanese 2 %, a
//!   paragraph packed with rare characters (`犇骉羴鱻`, `亳郴儋婺`) 6 %.
//! * **UTF-8 read as Windows-1252** (`中` → `ä¸­`): at least three
//!   three-byte sequences that read as a lead `â`…`ï` and two
//!   continuation-byte characters, making up half the non-ASCII text.
//!
//! # Boilerplate
//!
//! A *line* is a body line normalised as search and keys fold text: white
//! space dropped, full-width forms as half-width, ASCII in lower case, and
//! every ASCII digit as `0` — so a copyright line keeps its identity when
//! the year turns and a "阅读 1234" counter when it counts. Lines of at
//! least 4 visible characters and at most 120 characters (white space
//! included, so that a paragraph is turned away by counting its bytes,
//! before any decoding) are counted ([`MIN_LINE_CHARS`],
//! [`MAX_LINE_CHARS`]): shorter ones are headings like `背景` that recur
//! by chance; longer ones are paragraphs, and a paragraph in many pages is
//! a re-posted story, which is the duplicates' business, not boilerplate.
//!
//! Only leads and records are counted: they are stories, whose footers,
//! bylines and navigation recur site-wide. An item's body is its one
//! summary line, and a summary in many pages is the same related item
//! repeated — a duplicate, which dimming would hide whole.
//!
//! A line is boilerplate when it occurs in at least
//! `max(8, articles / 2500)` articles (see [`BoilerplateCounter::finish`]):
//!
//! * 8 is above what repeats by re-fetching: a lead fetched again a few
//!   times, its headings with it, stays readable.
//! * 0.04 % of the corpus (180 articles of 450,000) keeps a story
//!   re-posted by dozens of sites from dimming its short lines in a big
//!   scrape, while a site's footer and an editor's "责任编辑：" line, which
//!   recur on hundreds or thousands of pages, still count.

use std::fmt;
use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::civil;
use jiff::tz::Offset;

use crate::dump::{Article, Kind};
use crate::json::time::{RecordTime, SortKey};
use crate::search::fold_width;
use crate::search::select::stamp_time;

/// A body with fewer visible characters than this (and at least one) is
/// `short` (see the module docs for why thirty).
pub const SHORT_CHARS: usize = 30;

/// The fewest mismatch-set characters that make a part mojibake: a name or
/// two in rare characters must not.
pub const MISMATCH_MIN: usize = 5;

/// The fewest visible characters a line needs to be counted as
/// boilerplate.
pub const MIN_LINE_CHARS: usize = 4;

/// The most characters, white space included, a line may have to be
/// counted as boilerplate.
pub const MAX_LINE_CHARS: usize = 120;

/// The fewest articles a line must occur in to be boilerplate, however
/// small the corpus.
pub const MIN_REPEATS: u32 = 8;

/// A line must occur in at least one article in this many to be
/// boilerplate (0.04 %), when that is more than [`MIN_REPEATS`].
pub const REPEATS_PER: usize = 2500;

/// How far past now a date may lie before it is `future`: a day, which
/// also absorbs reading zone-less times as UTC.
const FUTURE_MARGIN_SECONDS: i64 = 86_400;

/// The first instant that is not `before-1990`.
const OLD_BEFORE: civil::DateTime = civil::datetime(1990, 1, 1, 0, 0, 0, 0);

/// Room for a normalised line: [`MAX_LINE_CHARS`] characters of at most
/// four bytes each.
const LINE_BUF: usize = MAX_LINE_CHARS * 4;

// ---------------------------------------------------------------------
// Flags

/// One thing that can be wrong with an article.
#[repr(u8)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Flag {
    /// No title and no body.
    Empty,
    /// A body under [`SHORT_CHARS`] visible characters.
    Short,
    /// A title and no body.
    TitleOnly,
    /// Title or body decoded in the wrong encoding.
    Mojibake,
    /// A body mostly of lines that recur across many articles.
    Boilerplate,
    /// Dated more than a day after now.
    Future,
    /// Dated before 1990 (named `before-1990`).
    Old,
    /// An item or record without a readable date.
    NoDate,
    /// An item or record without a source.
    NoSource,
}

impl Flag {
    /// Every flag, in the order lists and counts show them.
    pub const ALL: [Flag; 9] = [
        Flag::Empty,
        Flag::Short,
        Flag::TitleOnly,
        Flag::Mojibake,
        Flag::Boilerplate,
        Flag::Future,
        Flag::Old,
        Flag::NoDate,
        Flag::NoSource,
    ];

    /// The name users type (`--flag title-only`) and exports write.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Empty => "empty",
            Flag::Short => "short",
            Flag::TitleOnly => "title-only",
            Flag::Mojibake => "mojibake",
            Flag::Boilerplate => "boilerplate",
            Flag::Future => "future",
            Flag::Old => "before-1990",
            Flag::NoDate => "no-date",
            Flag::NoSource => "no-source",
        }
    }

    /// The flag a user named: case is ignored and `_` stands for `-`
    /// (`NO_DATE`); `None` for an unknown name.
    pub fn from_name(name: &str) -> Option<Flag> {
        let name = name.trim();
        Flag::ALL.into_iter().find(|f| {
            let n = f.name().as_bytes();
            n.len() == name.len()
                && n.iter().zip(name.bytes()).all(|(&a, b)| {
                    let b = if b == b'_' { b'-' } else { b };
                    a == b.to_ascii_lowercase()
                })
        })
    }

    /// What the flag means, in one line, for help and the statistics
    /// screen.
    pub fn description(self) -> &'static str {
        match self {
            Flag::Empty => "no title and no text",
            Flag::Short => "a body under 30 visible characters",
            Flag::TitleOnly => "a title and no body",
            Flag::Mojibake => "text decoded in the wrong encoding (�, 锟斤拷, 鍏徃)",
            Flag::Boilerplate => "a body mostly of lines repeated across many articles",
            Flag::Future => "dated more than a day after now",
            Flag::Old => "dated before 1990",
            Flag::NoDate => "an item or record without a readable date",
            Flag::NoSource => "an item or record without a source",
        }
    }

    /// The message that refuses an unknown flag name, listing the known.
    pub fn unknown(name: &str) -> String {
        let known: Vec<&str> = Flag::ALL.iter().map(|f| f.name()).collect();
        format!("unknown flag '{name}' (flags: {})", known.join(", "))
    }

    fn bit(self) -> u16 {
        1 << self as u8
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A set of [`Flag`]s in two bytes: what the corpus keeps per article.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Debug)]
pub struct Flags(u16);

impl Flags {
    /// Whether `flag` is in the set.
    pub fn contains(self, flag: Flag) -> bool {
        self.0 & flag.bit() != 0
    }

    /// Adds `flag`.
    pub fn insert(&mut self, flag: Flag) {
        self.0 |= flag.bit();
    }

    /// Takes `flag` out.
    pub fn remove(&mut self, flag: Flag) {
        self.0 &= !flag.bit();
    }

    /// No flag: nothing found wrong.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// How many flags are set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The flags set, in [`Flag::ALL`]'s order.
    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.into_iter().filter(move |&f| self.contains(f))
    }

    /// The names of the flags set, in [`Flag::ALL`]'s order (the export's
    /// `flags`).
    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Flag::name).collect()
    }

    /// The set as bits, bit `n` for the flag with discriminant `n`: for
    /// storing.
    pub fn bits(self) -> u16 {
        self.0
    }

    /// The set stored as [`Flags::bits`]; bits no flag has are dropped.
    pub fn from_bits(bits: u16) -> Flags {
        Flags(bits & ((1 << Flag::ALL.len()) - 1))
    }

    /// Reads comma-separated flag names (`short,no-date`); `Err` is
    /// [`Flag::unknown`]'s message for the first unknown one.
    pub fn parse_list(text: &str) -> Result<Flags, String> {
        text.split(',')
            .filter(|n| !n.trim().is_empty())
            .map(|n| Flag::from_name(n).ok_or_else(|| Flag::unknown(n.trim())))
            .collect()
    }
}

impl From<Flag> for Flags {
    fn from(flag: Flag) -> Flags {
        Flags(flag.bit())
    }
}

impl FromIterator<Flag> for Flags {
    fn from_iter<I: IntoIterator<Item = Flag>>(iter: I) -> Flags {
        let mut flags = Flags::default();
        for f in iter {
            flags.insert(f);
        }
        flags
    }
}

impl fmt::Display for Flags {
    /// The names joined by `,` (what [`Flags::parse_list`] reads back).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, flag) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(flag.name())?;
        }
        Ok(())
    }
}

/// How many articles have each flag: the counts `stats` and the
/// statistics screen show. Count per thread and [merge](FlagCounts::merge).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct FlagCounts {
    per_flag: [usize; Flag::ALL.len()],
    flagged: usize,
    articles: usize,
}

impl FlagCounts {
    /// Counts one article with `flags`.
    pub fn add(&mut self, flags: Flags) {
        self.articles += 1;
        self.flagged += usize::from(!flags.is_empty());
        for f in flags.iter() {
            self.per_flag[f as usize] += 1;
        }
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &FlagCounts) {
        self.articles += other.articles;
        self.flagged += other.flagged;
        for (a, b) in self.per_flag.iter_mut().zip(other.per_flag) {
            *a += b;
        }
    }

    /// Articles with `flag`.
    pub fn get(&self, flag: Flag) -> usize {
        self.per_flag[flag as usize]
    }

    /// Articles with at least one flag.
    pub fn flagged(&self) -> usize {
        self.flagged
    }

    /// Articles counted.
    pub fn articles(&self) -> usize {
        self.articles
    }
}

// ---------------------------------------------------------------------
// Flags of one article

/// Seconds since the Unix epoch, now: the `now_unix` [`flags_of`] takes.
pub fn now_unix() -> i64 {
    Timestamp::now().as_second()
}

/// The flags of `a` (see the module docs for each), with dates judged
/// against `now_unix` (seconds since the epoch, see [`now_unix`]) and
/// boilerplate against `boilerplate` (none: no `boilerplate` flag).
///
/// Reads the title and the body once, allocates nothing.
pub fn flags_of(a: &Article<'_>, now_unix: i64, boilerplate: Option<&Boilerplate>) -> Flags {
    let mut flags = Flags::default();
    if a.is_bad_record() {
        return flags;
    }
    let set = mismatch_set();
    let mut title = Scan::default();
    title.bytes(a.title_bytes(), set);
    let mut body = Scan::default();
    let mut boiler_chars = 0;
    let mut buf = [0u8; LINE_BUF];
    for line in a.body_lines() {
        body.bytes(line, set);
        body.line_end();
        if let Some(b) = boilerplate
            && let Some((hash, chars)) = line_key(line, &mut buf)
            && b.lines.contains(&hash)
        {
            boiler_chars += chars;
        }
    }

    match (title.visible, body.visible) {
        (0, 0) => flags.insert(Flag::Empty),
        (_, 0) => flags.insert(Flag::TitleOnly),
        (_, n) if n < SHORT_CHARS => flags.insert(Flag::Short),
        _ => {}
    }
    if title.is_mojibake() || body.is_mojibake() {
        flags.insert(Flag::Mojibake);
    }
    if boiler_chars > 0 && boiler_chars * 2 >= body.visible {
        flags.insert(Flag::Boilerplate);
    }

    let (source_known, time) = match a.kind() {
        Kind::Lead => return flags,
        Kind::Item => match a.dump_stamp_bytes() {
            Some([source, time, _]) => (
                !source.iter().all(u8::is_ascii_whitespace),
                stamp_time(time).map(|t| RecordTime::Local(t).sort_key()),
            ),
            None => (false, None),
        },
        Kind::Record => match a.record() {
            Some(d) => (
                !d.site().trim().is_empty(),
                d.record()
                    .ok()
                    .and_then(|r| r.time.as_ref())
                    .filter(|t| !t.is_text())
                    .map(RecordTime::sort_key),
            ),
            None => (false, None),
        },
    };
    if !source_known {
        flags.insert(Flag::NoSource);
    }
    match time {
        None => flags.insert(Flag::NoDate),
        Some(t) => {
            if t < RecordTime::Local(OLD_BEFORE).sort_key() {
                flags.insert(Flag::Old);
            }
            // Past jiff's range there is no "later than now + a day".
            if let Some(limit) = instant_key(now_unix.saturating_add(FUTURE_MARGIN_SECONDS))
                && t > limit
            {
                flags.insert(Flag::Future);
            }
        }
    }
    flags
}

/// The sort key of the instant `second` seconds after the epoch, `None`
/// outside jiff's range.
fn instant_key(second: i64) -> Option<SortKey> {
    let instant = Timestamp::from_second(second).ok()?;
    Some(
        RecordTime::At {
            instant,
            offset: Offset::UTC,
        }
        .sort_key(),
    )
}

/// What one pass over a part (title or body) learns for the mojibake test
/// and the length flags.
#[derive(Default)]
struct Scan {
    /// Characters neither white space nor controls.
    visible: usize,
    /// Visible characters outside ASCII.
    non_ascii: usize,
    /// U+FFFD, written or standing for undecodable bytes.
    replacement: usize,
    /// Occurrences of `锟斤拷`.
    kunjinkao: usize,
    /// Characters of the mismatch set (UTF-8 read as GBK).
    mismatch: usize,
    /// Three-byte UTF-8 sequences read as Windows-1252 (`ä¸­`).
    latin: usize,
    /// How much of a `锟斤拷` has been seen: 0 none, 1 `锟`, 2 `锟斤`.
    kun: u8,
    /// How much of a `ä¸­`-like run has been seen: 0 none, 1 the lead,
    /// 2 the lead and one continuation.
    latin_run: u8,
}

impl Scan {
    /// Feeds text as the reader shows it: each invalid UTF-8 sequence is
    /// one U+FFFD, as `String::from_utf8_lossy` makes it.
    fn bytes(&mut self, b: &[u8], set: &CharSet) {
        for chunk in b.utf8_chunks() {
            for c in chunk.valid().chars() {
                self.char(c, set);
            }
            if !chunk.invalid().is_empty() {
                self.char('\u{FFFD}', set);
            }
        }
    }

    /// A line ends: no run goes on across it.
    fn line_end(&mut self) {
        self.kun = 0;
        self.latin_run = 0;
    }

    fn char(&mut self, c: char, set: &CharSet) {
        // The two kinds of character nearly all text is made of, each
        // kept to a few compares.
        if c.is_ascii() {
            self.visible += usize::from(c.is_ascii_graphic());
            self.line_end();
            return;
        }
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            self.visible += 1;
            self.non_ascii += 1;
            self.mismatch += usize::from(set.contains(c));
            self.latin_run = 0;
            self.kun = match (self.kun, c) {
                (_, '锟') => 1,
                (1, '斤') => 2,
                (2, '拷') => {
                    self.kunjinkao += 1;
                    0
                }
                _ => 0,
            };
            return;
        }
        if !c.is_whitespace() && !c.is_control() {
            self.visible += 1;
            self.non_ascii += 1;
        }
        self.replacement += usize::from(c == '\u{FFFD}');
        self.kun = 0;
        self.mismatch += usize::from(set.contains(c));
        self.latin_run = match (self.latin_run, c) {
            (_, 'â'..='ï') => 1,
            (1, c) if is_cp1252_continuation(c) => 2,
            (2, c) if is_cp1252_continuation(c) => {
                self.latin += 1;
                0
            }
            _ => 0,
        };
    }

    fn is_mojibake(&self) -> bool {
        (self.replacement >= 3 && self.replacement * 100 >= self.visible)
            || self.kunjinkao > 0
            || (self.mismatch >= MISMATCH_MIN && self.mismatch * 10 >= self.non_ascii * 3)
            || (self.latin >= 3 && self.latin * 3 * 2 >= self.non_ascii)
    }
}

/// A UTF-8 continuation byte (0x80–0xBF) as Windows-1252 decodes it.
fn is_cp1252_continuation(c: char) -> bool {
    matches!(
        c,
        '\u{80}'
            ..='\u{BF}'
                | '€'
                | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
    )
}

// ---------------------------------------------------------------------
// The mismatch set: UTF-8 read as GBK

/// A set of characters of the Basic Multilingual Plane, a bit each (8 KB):
/// one load and a shift to test.
struct CharSet(Box<[u64; 1024]>);

impl CharSet {
    fn new() -> CharSet {
        CharSet(Box::new([0; 1024]))
    }

    fn insert(&mut self, c: char) {
        let c = c as usize;
        if c < 0x10000 {
            self.0[c >> 6] |= 1 << (c & 63);
        }
    }

    fn contains(&self, c: char) -> bool {
        let c = c as usize;
        c < 0x10000 && self.0[c >> 6] & (1 << (c & 63)) != 0
    }
}

/// The mismatch set (see the module docs), built on first use: decoding
/// the ~5,000 byte pairs takes well under a millisecond, and a table
/// derived from encoding_rs cannot drift from the decoder the input layer
/// uses.
fn mismatch_set() -> &'static CharSet {
    static SET: OnceLock<CharSet> = OnceLock::new();
    SET.get_or_init(build_mismatch_set)
}

/// Bytes that the UTF-8 of Chinese text is made of: continuation bytes,
/// and the leads of CJK ideographs (E4–E9), of `“”…—` (E2), of `。、《》`
/// (E3) and of full-width `，：！？` (EF).
fn chinese_utf8_bytes() -> impl Iterator<Item = u8> + Clone {
    (0x80..=0xBF).chain(0xE2..=0xE9).chain([0xEF])
}

fn build_mismatch_set() -> CharSet {
    // GB2312 level 1: the 3,755 common hanzi, rows B0–D7.
    let mut common = CharSet::new();
    for lead in 0xB0..=0xD7 {
        for trail in 0xA1..=0xFE {
            if let Some(c) = gbk_pair(lead, trail) {
                common.insert(c);
            }
        }
    }
    let mut set = CharSet::new();
    for a in chinese_utf8_bytes() {
        for b in chinese_utf8_bytes() {
            // A lead is always followed by a continuation in UTF-8.
            if a >= 0xE0 && b >= 0xE0 {
                continue;
            }
            // Only ideographs: the symbol rows give `、。“”，` and the
            // numerals that clean text is full of. Not the private use
            // area either, though GBK maps its user-defined rows there:
            // pages set icon fonts in it (iconfont.cn starts at U+E600).
            if let Some(c) = gbk_pair(a, b)
                && is_ideograph(c)
                && !common.contains(c)
            {
                set.insert(c);
            }
        }
    }
    set
}

/// The one character the GBK pair `a b` decodes to, if it is one.
fn gbk_pair(a: u8, b: u8) -> Option<char> {
    let pair = [a, b];
    let text = encoding_rs::GBK.decode_without_bom_handling(&pair).0;
    let mut chars = text.chars();
    let c = chars.next()?;
    (chars.next().is_none() && c != '\u{FFFD}').then_some(c)
}

/// A CJK ideograph of the Basic Multilingual Plane.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

// ---------------------------------------------------------------------
// Boilerplate

/// The normalised form of `line` (see the module docs) hashed with XXH3,
/// and its visible characters; `None` when it has fewer than
/// [`MIN_LINE_CHARS`] visible characters or more than [`MAX_LINE_CHARS`]
/// characters of any kind. `buf` is scratch.
fn line_key(line: &[u8], buf: &mut [u8; LINE_BUF]) -> Option<(u64, usize)> {
    // Most lines are paragraphs, far too long: count the bytes that start
    // a character (a loop the compiler vectorises) and turn them away
    // before decoding anything.
    if line.len() > MAX_LINE_CHARS
        && line.iter().filter(|&&b| (b as i8) >= -0x40).count() > MAX_LINE_CHARS
    {
        return None;
    }
    // Now at most MAX_LINE_CHARS characters, which fit `buf`.
    let mut len = 0;
    let mut chars = 0;
    for chunk in line.utf8_chunks() {
        // Undecodable bytes are dropped: a footer read once with a broken
        // byte and once without is the same footer.
        for c in chunk.valid().chars() {
            if c.is_whitespace() || c.is_control() || c == '\u{FFFD}' {
                continue;
            }
            chars += 1;
            let c = match fold_width(c) {
                '0'..='9' => '0',
                c => c.to_ascii_lowercase(),
            };
            len += c.encode_utf8(&mut buf[len..]).len();
        }
    }
    (chars >= MIN_LINE_CHARS).then(|| (xxhash_rust::xxh3::xxh3_64(&buf[..len]), chars))
}

/// Whether the body lines of `a` count towards boilerplate (see the
/// module docs: stories, not items).
fn counted(a: &Article<'_>) -> bool {
    a.kind() != Kind::Item && !a.is_bad_record()
}

/// Counts, for each normalised line, in how many articles it occurs: the
/// first pass of boilerplate detection. One per thread, then
/// [merged](BoilerplateCounter::merge); [finished](BoilerplateCounter::finish)
/// into a [`Boilerplate`].
///
/// Memory is bounded: past [`BoilerplateCounter::DEFAULT_LIMIT`] distinct
/// lines (about 6 MB) the rarest are dropped — first those seen once, then
/// twice, … — until half the room is free. Counts are then lower bounds,
/// but boilerplate recurs page after page and is back before the next
/// purge; what is lost is lines that recur less often than it comes.
pub struct BoilerplateCounter {
    counts: foldhash::HashMap<u64, u32>,
    /// Scratch: one article's line hashes.
    seen: Vec<u64>,
    articles: usize,
    limit: usize,
}

impl Default for BoilerplateCounter {
    fn default() -> BoilerplateCounter {
        BoilerplateCounter::new()
    }
}

impl BoilerplateCounter {
    /// How many distinct lines a counter holds before it purges: 2¹⁸
    /// entries of 12 bytes in a hash table, about 6 MB a thread.
    pub const DEFAULT_LIMIT: usize = 1 << 18;

    /// A counter that holds up to [`Self::DEFAULT_LIMIT`] distinct lines.
    pub fn new() -> BoilerplateCounter {
        BoilerplateCounter::with_limit(Self::DEFAULT_LIMIT)
    }

    /// A counter that holds up to `limit` distinct lines (at least 2).
    pub fn with_limit(limit: usize) -> BoilerplateCounter {
        BoilerplateCounter {
            counts: foldhash::HashMap::default(),
            seen: Vec::new(),
            articles: 0,
            limit: limit.max(2),
        }
    }

    /// Counts the lines of `a`, each once however often it recurs in `a`.
    /// Items and bad records are looked at but add no lines (see the
    /// module docs).
    pub fn add(&mut self, a: &Article<'_>) {
        if counted(a) {
            self.add_lines(a.body_lines());
        } else {
            self.articles += 1;
        }
    }

    /// Counts one article whose body lines are `lines` (without their line
    /// ends).
    pub fn add_lines<'l>(&mut self, lines: impl IntoIterator<Item = &'l [u8]>) {
        self.articles += 1;
        let mut buf = [0u8; LINE_BUF];
        self.seen.clear();
        self.seen.extend(
            lines
                .into_iter()
                .filter_map(|l| line_key(l, &mut buf).map(|(h, _)| h)),
        );
        self.seen.sort_unstable();
        self.seen.dedup();
        for &h in &self.seen {
            let n = self.counts.entry(h).or_insert(0);
            *n = n.saturating_add(1);
        }
        if self.counts.len() > self.limit {
            self.purge();
        }
    }

    /// How many articles were added.
    pub fn articles(&self) -> usize {
        self.articles
    }

    /// How many distinct lines are counted now.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether no line is counted.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Adds what `other` counted (another thread's share of the corpus).
    pub fn merge(&mut self, other: BoilerplateCounter) {
        let (mut big, small) = if other.counts.len() > self.counts.len() {
            (other.counts, std::mem::take(&mut self.counts))
        } else {
            (std::mem::take(&mut self.counts), other.counts)
        };
        for (h, n) in small {
            let m = big.entry(h).or_insert(0);
            *m = m.saturating_add(n);
        }
        self.counts = big;
        self.articles += other.articles;
        if self.counts.len() > self.limit {
            self.purge();
        }
    }

    /// Drops the rarest lines until at most half the limit are left.
    fn purge(&mut self) {
        let mut floor = 1;
        while self.counts.len() > self.limit / 2 {
            self.counts.retain(|_, n| *n > floor);
            floor += 1;
        }
    }

    /// The lines that occur in at least `max(MIN_REPEATS, articles /
    /// REPEATS_PER)` articles (see the module docs for why), where
    /// `articles` is the size of the corpus counted — every article, items
    /// too, as [`BoilerplateCounter::articles`] says when all were added.
    pub fn finish(self, articles: usize) -> Boilerplate {
        let by_share = u32::try_from(articles.div_ceil(REPEATS_PER)).unwrap_or(u32::MAX);
        let threshold = MIN_REPEATS.max(by_share);
        let lines = self
            .counts
            .into_iter()
            .filter(|&(_, n)| n >= threshold)
            .map(|(h, _)| h)
            .collect();
        Boilerplate { lines, threshold }
    }
}

/// The lines that recur across a corpus: what the reader dims and
/// [`flags_of`] weighs. Made by [`BoilerplateCounter::finish`].
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    lines: foldhash::HashSet<u64>,
    threshold: u32,
}

impl Boilerplate {
    /// Whether `line` (one line of a body, as shown or as in the input) is
    /// boilerplate. Allocates nothing.
    pub fn is_boilerplate(&self, line: &str) -> bool {
        self.is_boilerplate_bytes(line.as_bytes())
    }

    /// [`Boilerplate::is_boilerplate`] of a line's raw bytes.
    pub fn is_boilerplate_bytes(&self, line: &[u8]) -> bool {
        !self.lines.is_empty()
            && line_key(line, &mut [0; LINE_BUF]).is_some_and(|(h, _)| self.lines.contains(&h))
    }

    /// How many body lines of `a` are boilerplate (a line that recurs in
    /// `a` counts each time).
    pub fn count_in(&self, a: &Article<'_>) -> usize {
        if self.lines.is_empty() {
            return 0;
        }
        let mut buf = [0u8; LINE_BUF];
        a.body_lines()
            .filter(|l| line_key(l, &mut buf).is_some_and(|(h, _)| self.lines.contains(&h)))
            .count()
    }

    /// How many distinct lines are boilerplate.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether no line is boilerplate.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// In how many articles a line had to occur to be kept.
    pub fn threshold(&self) -> u32 {
        self.threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::Index;
    use encoding_rs::{GBK, WINDOWS_1252};

    /// 2024-06-01 00:00:00 UTC.
    const NOW: i64 = 1_717_200_000;

    const NEWS: &str = "新华社北京5月1日电 记者从国家发展改革委获悉，今年一季度全国固定资产投资同比增长百分之四点五，其中制造业投资增长较快，高技术产业投资保持两位数增长。专家表示，随着一系列稳增长政策持续发力，经济运行总体平稳、稳中有进，市场预期逐步改善，企业生产经营活动明显回暖。下一步，有关部门将继续加强政策协调配合，推动重大项目加快建设，进一步扩大有效投资，促进消费持续恢复，为全年经济社会发展目标任务的实现打下坚实基础。";

    const CLASSICAL: &str = "庆历四年春，滕子京谪守巴陵郡。越明年，政通人和，百废具兴，乃重修岳阳楼，增其旧制，刻唐贤今人诗赋于其上，属予作文以记之。予观夫巴陵胜状，在洞庭一湖。衔远山，吞长江，浩浩汤汤，横无际涯；朝晖夕阴，气象万千。北冥有鱼，其名为鲲。鲲之大，不知其几千里也。化而为鸟，其名为鹏。鹏之背，不知其几千里也；怒而飞，其翼若垂天之云。";

    const RARE: &str = "氕氘氚是氢的三种同位素。犇、骉、羴、鱻、麤、龘、靐、齉、爩等字笔画繁多，常被网友称为生僻字。“彧”“昶”“翀”“赟”“喆”“堃”“淼”“燚”“垚”常见于人名，例如周瑜、荀彧、陈赟、王喆。亳州、郴州、儋州、婺源、歙县、黟县、涿州、邕江、泸州、邛崃、鄱阳湖、漯河、濮阳、衢州都有生僻字。";

    const TRADITIONAL: &str = "新華社北京5月1日電 記者從國家發展改革委獲悉，今年一季度全國固定資產投資同比增長百分之四點五，其中製造業投資增長較快，高技術產業投資保持兩位數增長。專家表示，隨著一系列穩增長政策持續發力，經濟運行總體平穩、穩中有進，市場預期逐步改善，企業生產經營活動明顯回暖。臺灣與香港的讀者對這則報導的關注度也顯著提高。";

    /// About five hundred of the most common characters of modern Chinese.
    const COMMON: &str = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佳";

    fn flags_in(input: &[u8], boilerplate: Option<&Boilerplate>) -> Vec<Flags> {
        let index = Index::parse(input);
        index
            .articles(input)
            .map(|a| flags_of(&a, NOW, boilerplate))
            .collect()
    }

    fn flags(text: &str) -> Vec<Flags> {
        flags_in(text.as_bytes(), None)
    }

    fn of(list: &[Flag]) -> Flags {
        list.iter().copied().collect()
    }

    /// A page of one item with this summary and stamp (`SOURCE` +
    /// date-time), counters `0001`.
    fn item(summary: &str, stamp: &str) -> String {
        format!("条目标题\n{summary}{stamp}0001\n")
    }

    /// UTF-8 text decoded as GBK: `公司` → `鍏徃`.
    fn utf8_as_gbk(bytes: &[u8]) -> String {
        GBK.decode_without_bom_handling(bytes).0.into_owned()
    }

    fn mojibake_scan(text: &str) -> Scan {
        let mut scan = Scan::default();
        scan.bytes(text.as_bytes(), mismatch_set());
        scan
    }

    #[test]
    fn flag_names_round_trip() {
        let names: Vec<&str> = Flag::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "empty",
                "short",
                "title-only",
                "mojibake",
                "boilerplate",
                "future",
                "before-1990",
                "no-date",
                "no-source"
            ]
        );
        for (i, f) in Flag::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, i, "ALL is in discriminant order");
            assert_eq!(Flag::from_name(f.name()), Some(f));
            assert_eq!(Flag::from_name(&f.name().to_uppercase()), Some(f));
            assert_eq!(Flag::from_name(&f.name().replace('-', "_")), Some(f));
            assert!(!f.description().is_empty() && !f.description().contains('\n'));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!(Flag::from_name("old"), None);
        assert_eq!(Flag::from_name("mojibak"), None);
        assert_eq!(Flag::from_name(""), None);
        assert!(Flag::unknown("x").contains("before-1990"));

        let set = of(&[Flag::NoSource, Flag::Short, Flag::Old]);
        assert_eq!(set.names(), ["short", "before-1990", "no-source"]);
        assert_eq!(set.to_string(), "short,before-1990,no-source");
        assert_eq!(Flags::parse_list(&set.to_string()), Ok(set));
        assert_eq!(Flags::parse_list(" short , NO_SOURCE,before-1990"), Ok(set));
        assert_eq!(Flags::parse_list(""), Ok(Flags::default()));
        assert!(
            Flags::parse_list("short,bogus")
                .unwrap_err()
                .contains("'bogus'")
        );
        assert_eq!(Flags::from_bits(set.bits()), set);
        assert_eq!(Flags::from_bits(u16::MAX).len(), Flag::ALL.len());
    }

    #[test]
    fn a_flag_set_inserts_removes_and_iterates_in_order() {
        let mut set = Flags::default();
        assert!(set.is_empty());
        assert_eq!((set.bits(), set.iter().count()), (0, 0));
        set.insert(Flag::NoDate);
        set.insert(Flag::Empty);
        set.insert(Flag::NoDate);
        assert_eq!(set.len(), 2);
        assert!(set.contains(Flag::Empty) && set.contains(Flag::NoDate));
        assert!(!set.contains(Flag::Short));
        assert_eq!(set.iter().collect::<Vec<_>>(), [Flag::Empty, Flag::NoDate]);
        set.remove(Flag::Empty);
        assert_eq!(set, Flags::from(Flag::NoDate));

        let mut counts = FlagCounts::default();
        counts.add(set);
        counts.add(Flags::default());
        let mut more = FlagCounts::default();
        more.add(of(&[Flag::NoDate, Flag::Short]));
        counts.merge(&more);
        assert_eq!(counts.articles(), 3);
        assert_eq!(counts.flagged(), 2);
        assert_eq!(counts.get(Flag::NoDate), 2);
        assert_eq!(counts.get(Flag::Short), 1);
        assert_eq!(counts.get(Flag::Empty), 0);
    }

    #[test]
    fn a_good_article_has_no_flags() {
        assert_eq!(flags(&format!("标题\n{NEWS}\n")), [Flags::default()]);
        assert_eq!(
            flags(&item(NEWS, "快讯社2024-05-01 08:30:00")),
            [Flags::default()]
        );
    }

    #[test]
    fn empty_title_only_and_short_are_told_apart() {
        // A file of blank lines is one untitled, empty lead.
        assert_eq!(flags("\n\n\n"), [of(&[Flag::Empty])]);
        // A title and nothing after it (then another lead).
        assert_eq!(
            flags(&format!("只有标题\n\n第二篇\n{NEWS}\n")),
            [of(&[Flag::TitleOnly]), Flags::default()]
        );
        // White space, the ideographic space included, is no body.
        assert_eq!(flags("只有标题\n \u{3000}\t\n"), [of(&[Flag::TitleOnly])]);
        // 29 visible characters are short, 30 are not; spaces do not count.
        let body29: String = NEWS
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(29)
            .collect();
        let body30: String = NEWS
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(30)
            .collect();
        assert_eq!(
            flags(&format!("标题\n{}\n", body29.replace('，', "， "))),
            [of(&[Flag::Short])]
        );
        assert_eq!(flags(&format!("标题\n{body30}\n")), [Flags::default()]);
        // An item's summary is a body like any other.
        assert_eq!(
            flags(&item("太短了。", "快讯社2024-05-01 08:30:00")),
            [of(&[Flag::Short])]
        );
    }

    #[test]
    fn items_are_flagged_for_their_stamp() {
        let at = |stamp: &str| flags(&item(NEWS, stamp))[0];
        assert_eq!(at("快讯社2024-06-01 23:59:59"), Flags::default());
        assert_eq!(at("快讯社2024-06-02 00:00:00"), Flags::default());
        assert_eq!(at("快讯社2024-06-02 00:00:01"), of(&[Flag::Future]));
        assert_eq!(at("快讯社2031-01-01 00:00"), of(&[Flag::Future]));
        assert_eq!(at("快讯社1990-01-01 00:00:00"), Flags::default());
        assert_eq!(at("快讯社1989-12-31 23:59:59"), of(&[Flag::Old]));
        assert_eq!(at("快讯社0001-01-01 00:00:00"), of(&[Flag::Old]));
        // A stamp that is no real date-time.
        assert_eq!(at("快讯社2023-02-30 10:00:00"), of(&[Flag::NoDate]));
        assert_eq!(at("快讯社2023-01-01 24:00:00"), of(&[Flag::NoDate]));
        // A terminator right before the date: the source is empty.
        assert_eq!(at("2024-05-01 08:30:00"), of(&[Flag::NoSource]));
    }

    #[test]
    fn leads_have_no_date_or_source_to_miss() {
        let page = format!("标题\n{NEWS}\n条目\n{NEWS}快讯社2024-05-01 08:30:000001\n");
        let index = Index::parse(page.as_bytes());
        let got: Vec<(Kind, Flags)> = index
            .articles(page.as_bytes())
            .map(|a| (a.kind(), flags_of(&a, NOW, None)))
            .collect();
        assert_eq!(
            got,
            [
                (Kind::Lead, Flags::default()),
                (Kind::Item, Flags::default())
            ]
        );
        // Whatever now is, a lead has no date to be future or old.
        let index = Index::parse(page.as_bytes());
        let lead = index.article(page.as_bytes(), 0).unwrap();
        assert!(flags_of(&lead, i64::MIN, None).is_empty());
        assert!(flags_of(&lead, i64::MAX, None).is_empty());
    }

    #[test]
    fn records_are_flagged_for_their_time_and_site() {
        let record = |extra: &str| {
            let line = format!("{{\"title\":\"标题\",\"text\":\"{NEWS}\"{extra}}}\n");
            flags(&line)[0]
        };
        let site = ",\"source_domain\":\"news.example.cn\"";
        assert_eq!(
            record(&format!(",\"date_publish\":\"2024-05-01 08:00:00\"{site}")),
            Flags::default()
        );
        assert_eq!(record(""), of(&[Flag::NoDate, Flag::NoSource]));
        // The URL's host is the site.
        assert_eq!(
            record(",\"url\":\"https://news.example.cn/a/1.html\""),
            of(&[Flag::NoDate])
        );
        assert_eq!(
            record(&format!(",\"date_publish\":\"yesterday\"{site}")),
            of(&[Flag::NoDate])
        );
        // An instant with an offset, an epoch number, a download time.
        assert_eq!(
            record(&format!(
                ",\"date_publish\":\"2031-01-01T00:00:00+08:00\"{site}"
            )),
            of(&[Flag::Future])
        );
        assert_eq!(
            record(&format!(",\"date_publish\":\"1985-03-02 10:00\"{site}")),
            of(&[Flag::Old])
        );
        assert_eq!(
            record(&format!(",\"date_publish\":1704067200{site}")),
            Flags::default()
        );
        assert_eq!(
            record(&format!(
                ",\"date_download\":\"2024-05-01T08:00:00Z\"{site}"
            )),
            Flags::default()
        );
        // A title alone.
        let line = format!("{{\"title\":\"标题\",\"text\":\"\"{site},\"date\":\"2024-05-01\"}}\n");
        assert_eq!(flags(&line), [of(&[Flag::TitleOnly])]);
    }

    #[test]
    fn a_bad_record_gets_no_flags() {
        let input = "{\"title\":\"标题\",\"text\":\"正文\"}\n{\"title\": broken\n";
        let index = Index::parse(input.as_bytes());
        let bad = index.article(input.as_bytes(), 1).unwrap();
        assert!(bad.is_bad_record());
        assert!(flags_of(&bad, NOW, None).is_empty());
    }

    #[test]
    fn utf8_read_as_gbk_is_mojibake() {
        for text in [NEWS, CLASSICAL, RARE, TRADITIONAL] {
            // Both alignments of the three-byte characters on the pairs.
            for from in [0, 3] {
                let garbled = utf8_as_gbk(&text.as_bytes()[from..]);
                assert_eq!(
                    flags(&format!("标题\n{garbled}\n")),
                    [of(&[Flag::Mojibake])],
                    "{garbled}"
                );
            }
        }
        // A garbled title over a clean body.
        let title = utf8_as_gbk("某公司发布新一代图像模型".as_bytes());
        assert_eq!(
            flags(&format!("{title}\n{NEWS}\n")),
            [of(&[Flag::Mojibake])],
            "{title}"
        );
        // 公司 → 鍏徃: too little to tell from a name in rare characters.
        let two = utf8_as_gbk("公司".as_bytes());
        assert!(!mojibake_scan(&two).is_mojibake(), "{two}");
    }

    #[test]
    fn gbk_read_as_utf8_is_mojibake() {
        // The GBK bytes as they are: the reader shows them as U+FFFD.
        let mut page = b"\xe6\xa0\x87\xe9\xa2\x98\n".to_vec();
        page.extend_from_slice(&GBK.encode(NEWS).0);
        page.push(b'\n');
        assert_eq!(flags_in(&page, None), [of(&[Flag::Mojibake])]);
        // And after the round trip through UTF-8 and back to GBK: 锟斤拷.
        let lossy = String::from_utf8_lossy(&GBK.encode(NEWS).0).into_owned();
        let kunjinkao = utf8_as_gbk(lossy.as_bytes());
        assert!(kunjinkao.contains("锟斤拷"));
        assert_eq!(
            flags(&format!("标题\n{kunjinkao}\n")),
            [of(&[Flag::Mojibake])]
        );
        // One 锟斤拷 in clean text is enough.
        assert_eq!(
            flags(&format!("标题\n{NEWS}锟斤拷{NEWS}\n")),
            [of(&[Flag::Mojibake])]
        );
    }

    #[test]
    fn many_replacement_characters_are_mojibake_a_few_are_not() {
        let body: String = NEWS.chars().take(100).collect();
        // Two: a character cut in two, not a wrong encoding.
        assert!(flags(&format!("标题\n{body}\u{FFFD}\u{FFFD}\n"))[0].is_empty());
        assert_eq!(
            flags(&format!("标题\n{body}\u{FFFD}\u{FFFD}\u{FFFD}\n")),
            [of(&[Flag::Mojibake])]
        );
        // Three in 600 characters are under 1 %.
        let long = format!("{NEWS}{NEWS}{NEWS}");
        assert!(flags(&format!("标题\n{long}\u{FFFD}\u{FFFD}\u{FFFD}\n"))[0].is_empty());
        // Invalid bytes count as the reader shows them: one U+FFFD each run.
        let mut page = format!("标题\n{body}").into_bytes();
        page.extend_from_slice(b"\xff\xfe a \xff b \xc3 c\n");
        assert_eq!(flags_in(&page, None), [of(&[Flag::Mojibake])]);
    }

    #[test]
    fn utf8_read_as_windows_1252_is_mojibake() {
        let garbled = WINDOWS_1252.decode_without_bom_handling(NEWS.as_bytes()).0;
        assert!(garbled.starts_with("æ–°"), "{garbled}");
        assert_eq!(
            flags(&format!("标题\n{garbled}\n")),
            [of(&[Flag::Mojibake])]
        );
        // Text in a language that uses these letters is not.
        let french = "Le président a déclaré à la presse qu'il était très satisfait \
                      de l'accord conclu après des négociations difficiles: « Ça a été long. »";
        assert!(flags(&format!("Titre\n{french}\n"))[0].is_empty());
    }

    #[test]
    fn clean_text_is_not_mojibake() {
        let english = "The central bank kept its benchmark rate unchanged on Thursday, \
                       citing easing inflation and a resilient labour market.";
        let japanese = "東京都は1日、新たな感染者が確認されたと発表した。専門家は引き続き注意を呼びかけている。";
        // Icon fonts put glyphs in the private use area (iconfont.cn's
        // U+E600 on), which GBK's user-defined rows decode to as well.
        let icons = "\u{e600}分享 \u{e601}收藏 \u{e602}评论 \u{e603}点赞 \u{e604}转发 \u{e605}举报";
        let mixed = "OpenAI发布o1模型（参数未公开），API价格为$15/1M tokens；GPT-4o降价50%。";
        for text in [
            NEWS,
            CLASSICAL,
            RARE,
            TRADITIONAL,
            COMMON,
            english,
            japanese,
            icons,
            mixed,
        ] {
            let scan = mojibake_scan(text);
            assert!(!scan.is_mojibake(), "{text}");
            // Far from the line, not just under it.
            assert!(
                scan.mismatch * 10 <= scan.non_ascii,
                "{text}: {}",
                scan.mismatch
            );
            assert!(
                !flags(&format!("标题\n{text}\n"))[0].contains(Flag::Mojibake),
                "{text}"
            );
        }
    }

    #[test]
    fn the_mismatch_set_is_what_common_text_turns_into_and_nothing_common() {
        let set = mismatch_set();
        // Not one of GB2312's 3,755 common hanzi, nor punctuation.
        for lead in 0xB0..=0xD7 {
            for trail in 0xA1..=0xFE {
                if let Some(c) = gbk_pair(lead, trail) {
                    assert!(!set.contains(c), "{c}");
                }
            }
        }
        for c in "，。、；：？！“”‘’《》「」（）…—·".chars() {
            assert!(!set.contains(c), "{c}");
        }
        // Decoding the common characters' UTF-8 as GBK, at both alignments
        // and in every pairing of neighbours, gives mostly set members.
        let common: Vec<char> = COMMON.chars().collect();
        assert!(common.len() >= 490);
        let mut seen = 0;
        let mut caught = 0;
        for pair in common.windows(2) {
            let s: String = pair.iter().collect();
            for c in utf8_as_gbk(s.as_bytes()).chars().filter(|c| !c.is_ascii()) {
                seen += 1;
                caught += usize::from(set.contains(c));
            }
        }
        assert!(caught * 2 > seen, "{caught} of {seen}");
        // The example of the issue.
        assert!("鍏徃".chars().all(|c| set.contains(c)));
    }

    /// A corpus of `n` leads, each with a line of its own and the footers
    /// every site prints, and a related item repeated on every page.
    fn site(n: usize) -> String {
        let chars: Vec<char> = NEWS.chars().filter(|c| !c.is_ascii_digit()).collect();
        let mut page = String::new();
        for i in 0..n {
            let own: String = chars[i..i + 40].iter().collect();
            page.push_str(&format!("第{i}篇的标题\n{own}\n"));
            if i % 2 == 0 {
                page.push_str("责任编辑：张三\n");
            }
            if i < 4 {
                page.push_str("责任编辑：李四\n");
            }
            if i < 3 {
                // A lead fetched three times.
                page.push_str("这一段只在三篇重抓的文章里出现过。\n");
            }
            // The year turns and the widths vary: still one line.
            if i % 3 == 0 {
                page.push_str(&format!("版权所有 © 20{:02} 某某新闻网\n", i % 100));
            } else {
                page.push_str(&format!("版权所有©２０{:02}某某新闻网 \n", i % 100));
            }
            page.push_str("首页 > 新闻 > 国内\n");
            page.push_str(&format!(
                "相关新闻\n相关条目的摘要，在每一页上都出现。快讯社2024-05-01 08:30:00000{}\n\n",
                i % 10
            ));
        }
        page
    }

    fn count(page: &str, counter: &mut BoilerplateCounter) {
        let index = Index::parse(page.as_bytes());
        for a in index.articles(page.as_bytes()) {
            counter.add(&a);
        }
    }

    #[test]
    fn boilerplate_is_what_recurs_in_many_stories() {
        let page = site(40);
        let mut counter = BoilerplateCounter::new();
        count(&page, &mut counter);
        // 40 leads and 40 items.
        assert_eq!(counter.articles(), 80);
        let bp = counter.finish(80);
        assert_eq!(bp.threshold(), MIN_REPEATS);
        for line in [
            "责任编辑：张三",
            "  责任编辑: 张三 ",
            "版权所有 © 2099 某某新闻网",
            "首页 > 新闻 > 国内",
            "首页＞新闻＞国内",
        ] {
            assert!(bp.is_boilerplate(line), "{line}");
        }
        for line in [
            // In 4 and 3 articles: below the threshold.
            "责任编辑：李四",
            "这一段只在三篇重抓的文章里出现过。",
            // An item's summary, on every page: a duplicate, not boilerplate.
            "相关条目的摘要，在每一页上都出现。",
            "相关新闻",
            // A story's own line.
            &NEWS
                .chars()
                .filter(|c| !c.is_ascii_digit())
                .take(40)
                .collect::<String>(),
            "",
            "国内",
        ] {
            assert!(!bp.is_boilerplate(line), "{line}");
        }
        assert_eq!(bp.len(), 3);

        let index = Index::parse(page.as_bytes());
        let first = index.article(page.as_bytes(), 0).unwrap();
        assert_eq!(first.kind(), Kind::Lead);
        // 张三, the copyright, the navigation; not 李四 nor the re-fetch.
        assert_eq!(bp.count_in(&first), 3);
        let item = index.article(page.as_bytes(), 1).unwrap();
        assert_eq!((item.kind(), bp.count_in(&item)), (Kind::Item, 0));
    }

    #[test]
    fn a_page_mostly_of_boilerplate_is_flagged() {
        let page = site(40);
        let mut counter = BoilerplateCounter::new();
        count(&page, &mut counter);
        let n = counter.articles();
        let bp = counter.finish(n);
        // A page with a footer is not boilerplate; its flags do not change.
        let with_footer = flags_in(page.as_bytes(), Some(&bp));
        assert_eq!(with_footer, flags_in(page.as_bytes(), None));
        // A page of footer and navigation is.
        let bare = "登录提示\n首页 > 新闻 > 国内\n责任编辑：张三\n版权所有 © 2024 某某新闻网\n请登录后查看\n";
        assert_eq!(
            flags_in(bare.as_bytes(), Some(&bp)),
            [of(&[Flag::Boilerplate])]
        );
        assert_eq!(flags_in(bare.as_bytes(), None), [Flags::default()]);
        // Half of a longer body is enough.
        let half = format!(
            "标题\n{}\n首页 > 新闻 > 国内\n责任编辑：张三\n版权所有 © 2024 某某新闻网\n",
            NEWS.chars().take(25).collect::<String>()
        );
        assert_eq!(
            flags_in(half.as_bytes(), Some(&bp)),
            [of(&[Flag::Boilerplate])]
        );
        // An empty set dims nothing.
        assert!(!Boilerplate::default().is_boilerplate("责任编辑：张三"));
    }

    #[test]
    fn counters_merge_to_what_one_counter_counts() {
        let page = site(40);
        let index = Index::parse(page.as_bytes());
        let articles: Vec<_> = index.articles(page.as_bytes()).collect();
        let mut whole = BoilerplateCounter::new();
        let mut halves = [BoilerplateCounter::new(), BoilerplateCounter::new()];
        for (i, a) in articles.iter().enumerate() {
            whole.add(a);
            halves[usize::from(i >= 13)].add(a);
        }
        let [mut one, two] = halves;
        one.merge(two);
        assert_eq!(one.articles(), whole.articles());
        assert_eq!(one.counts, whole.counts);
    }

    #[test]
    fn a_counter_stays_within_its_limit_and_keeps_what_recurs() {
        let mut counter = BoilerplateCounter::with_limit(16);
        let footer = "本文来源于网络，如有侵权请联系删除";
        for i in 0..500u32 {
            // A line of its own (digits fold, so spelled in letters).
            let own: String = (0..6)
                .map(|k| char::from(b'a' + ((i >> (k * 2)) & 3) as u8 + 4 * k as u8))
                .collect();
            let lines = [own.as_bytes(), footer.as_bytes(), footer.as_bytes()];
            counter.add_lines(lines);
            assert!(counter.len() <= 16);
        }
        assert_eq!(counter.articles(), 500);
        let bp = counter.finish(500);
        assert!(bp.is_boilerplate(footer));
        assert_eq!(bp.len(), 1);

        // Merging two full counters purges too.
        let mut a = BoilerplateCounter::with_limit(16);
        let mut b = BoilerplateCounter::with_limit(16);
        for i in 0..16 {
            a.add_lines([format!("第一个计数器的行{}", char::from(b'a' + i)).as_bytes()]);
            b.add_lines([format!("第二个计数器的行{}", char::from(b'a' + i)).as_bytes()]);
        }
        a.merge(b);
        assert!(a.len() <= 16);
    }

    #[test]
    fn the_threshold_grows_with_the_corpus() {
        let finish = |n| BoilerplateCounter::new().finish(n).threshold();
        assert_eq!(finish(0), MIN_REPEATS);
        assert_eq!(finish(20_000), MIN_REPEATS);
        assert_eq!(finish(20_001), 9);
        assert_eq!(finish(450_000), 180);
    }

    #[test]
    fn lines_are_counted_from_four_visible_characters_to_a_hundred_and_twenty() {
        let mut buf = [0u8; LINE_BUF];
        assert!(line_key("三个字".as_bytes(), &mut buf).is_none());
        assert_eq!(
            line_key(" 四 个 字 啊 ".as_bytes(), &mut buf).map(|k| k.1),
            Some(4)
        );
        let longest = "字".repeat(MAX_LINE_CHARS);
        assert!(line_key(longest.as_bytes(), &mut buf).is_some());
        assert!(line_key(format!("{longest}字").as_bytes(), &mut buf).is_none());
        // White space counts towards the most, not the fewest.
        let spaced = "字 ".repeat(MAX_LINE_CHARS / 2);
        assert!(line_key(spaced.as_bytes(), &mut buf).is_some());
        assert!(line_key(format!("{spaced} ").as_bytes(), &mut buf).is_none());
        // The widest characters fit the buffer; bad bytes are dropped.
        let wide = "\u{10000}".repeat(MAX_LINE_CHARS);
        assert!(line_key(wide.as_bytes(), &mut buf).is_some());
        assert!(line_key(&[0x80; 1000], &mut buf).is_none());
        assert!(line_key(&[0xFF; 121], &mut buf).is_none());
        let mut broken = "责任编辑：张三".as_bytes().to_vec();
        broken.insert(3, 0xFF);
        assert_eq!(
            line_key(&broken, &mut buf),
            line_key("责任编辑：张三".as_bytes(), &mut buf)
        );
        // Width, case, spaces and digits fold; words do not.
        let key = |s: &str| line_key(s.as_bytes(), &mut [0; LINE_BUF]).unwrap().0;
        assert_eq!(key("Copyright © 2023 ＡＢＣ"), key("copyright ©2024 abc"));
        assert_ne!(key("责任编辑：张三"), key("责任编辑：李四"));
    }

    proptest::proptest! {
        /// Any bytes at all: flags, counting and dimming never panic, and
        /// at most one of the length flags is set.
        #[test]
        fn any_input_is_flagged_without_panicking(
            input in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::prelude::Just(b'\n'),
                    proptest::prelude::Just(b' '),
                ],
                0..600,
            ),
            glue in proptest::sample::select(vec!["", "锟斤拷", "快讯社2024-05-01 08:30:000001\n"]),
        ) {
            let mut input = input;
            input.extend_from_slice(glue.as_bytes());
            let index = Index::parse(&input);
            let mut counter = BoilerplateCounter::with_limit(4);
            for a in index.articles(&input) {
                counter.add(&a);
            }
            let bp = counter.finish(0);
            for a in index.articles(&input) {
                let f = flags_of(&a, NOW, Some(&bp));
                let lengths = [Flag::Empty, Flag::TitleOnly, Flag::Short];
                proptest::prop_assert!(lengths.iter().filter(|&&l| f.contains(l)).count() <= 1);
                let _ = bp.count_in(&a);
                for line in a.body_lines() {
                    let _ = bp.is_boilerplate_bytes(line);
                }
            }
        }
    }
}
