//! Publication times of JSON records (issue 13, item 4: "Times").
//!
//! Extraction tools write a record's time in many forms. [`parse_time`]
//! turns a JSON string and [`parse_epoch`] a JSON number into one
//! [`RecordTime`]; what does not parse is kept verbatim as
//! [`RecordTime::Text`], shown as written, sorted last and counted in the
//! stats.
//!
//! # Decisions
//!
//! * **Instants keep their offset.** A time written with an offset is an
//!   instant, but it is *shown* as the wall-clock time its writer saw:
//!   `2024-09-05T08:30:00+08:00` displays as `2024-09-05 08:30:00`, like
//!   the zone-less `2024-09-05 08:30` beside it in the same (mostly
//!   Chinese) dump, rather than as `00:30` in UTC.
//! * **Ordering.** [`RecordTime::sort_key`] orders instants by the instant
//!   (the same instant written in two offsets sorts equal), reads a
//!   zone-less time as UTC, and puts text after every time; texts sort
//!   equal, so a stable sort keeps them in file order.
//!   [`RecordTime::sort_key_assuming`] reads zone-less times in another
//!   offset, such as `+08:00` for a dump of Chinese sites.
//! * **Display** is `YYYY-MM-DD HH:MM:SS`, the format of the page dumps;
//!   fractional seconds are truncated, a date alone shows midnight.
//! * **Epoch numbers** (see [`parse_epoch`]): below 10¹¹ they are seconds,
//!   from 10¹¹ up to 10¹⁴ milliseconds; zero, negatives, larger values,
//!   NaN and infinities are not times.
//!
//! # Cost
//!
//! This runs once per record of files with millions of them, so it is
//! hand-written: one pass over the bytes, no regex, and no allocation
//! when a time parses; a string that does not parse costs its copy (and
//! perhaps a jiff error value). Measured on the development machine with the
//! release profile (`cargo bench --bench json`, `parse_a_time`): about 30–40 ns for an RFC 3339, `YYYY-MM-DD HH:MM:SS`,
//! Chinese or epoch string, about 50 ns for RFC 2822, and about 70 ns for
//! a string that does not parse (its error and its copy), so ten million
//! records cost under half a second.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::{self, DateTime};
use jiff::fmt::rfc2822;
use jiff::tz::Offset;

/// A record's publication time.
///
/// Equality is structural: the same instant written in two offsets gives
/// two unequal values with equal [sort keys](RecordTime::sort_key).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RecordTime {
    /// An instant: the time was written with an offset (or `Z`, `GMT`), or
    /// as an epoch number.
    At {
        /// The instant, for ordering.
        instant: Timestamp,
        /// The offset it was written in (UTC for epoch numbers), for
        /// display.
        offset: Offset,
    },
    /// A wall-clock time without a zone; a date alone is its midnight.
    Local(DateTime),
    /// Text that is not a time we know, trimmed of surrounding whitespace.
    Text(String),
}

/// The key [`RecordTime`]s sort by: earlier times first, text last.
///
/// Nanoseconds since the Unix epoch, in one `i128` so that comparing two
/// keys while sorting millions of records is a single integer compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey(i128);

impl SortKey {
    /// The key of every [`RecordTime::Text`]: after every time.
    ///
    /// No time reaches it: jiff's range is about ±10⁴ years, ~10²⁰ ns.
    pub const UNPARSED: SortKey = SortKey(i128::MAX);

    /// Whether this is the key of text that did not parse.
    pub fn is_unparsed(self) -> bool {
        self == Self::UNPARSED
    }
}

/// The civil midnight that zone-less times are measured from.
const EPOCH_CIVIL: DateTime = civil::datetime(1970, 1, 1, 0, 0, 0, 0);

impl RecordTime {
    /// The key to sort by, reading a zone-less time as UTC.
    pub fn sort_key(&self) -> SortKey {
        self.sort_key_assuming(Offset::UTC)
    }

    /// The key to sort by, reading a zone-less time in `offset`. Instants
    /// and text sort as with [`sort_key`](Self::sort_key).
    pub fn sort_key_assuming(&self, offset: Offset) -> SortKey {
        match self {
            RecordTime::At { instant, .. } => SortKey(instant.as_nanosecond()),
            // Measured as a duration rather than converted with
            // `Offset::to_timestamp`, which fails for the last hours of year
            // 9999: a sort key must exist for every value.
            RecordTime::Local(dt) => {
                let wall = dt.duration_since(EPOCH_CIVIL).as_nanos();
                SortKey(wall - i128::from(offset.seconds()) * 1_000_000_000)
            }
            RecordTime::Text(_) => SortKey::UNPARSED,
        }
    }

    /// Whether this is text that did not parse (for the stats).
    pub fn is_text(&self) -> bool {
        matches!(self, RecordTime::Text(_))
    }

    /// The wall-clock time shown, or `None` for text.
    pub fn wall_clock(&self) -> Option<DateTime> {
        match self {
            RecordTime::At { instant, offset } => Some(offset.to_datetime(*instant)),
            RecordTime::Local(dt) => Some(*dt),
            RecordTime::Text(_) => None,
        }
    }
}

impl fmt::Display for RecordTime {
    /// `YYYY-MM-DD HH:MM:SS` (wall-clock, see the module docs), or the text.
    /// Honours width and alignment, so `{:<19}` lines up a column.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dt = match self {
            RecordTime::At { instant, offset } => offset.to_datetime(*instant),
            RecordTime::Local(dt) => *dt,
            RecordTime::Text(text) => return f.pad(text),
        };
        let year = dt.year();
        if !(0..=9999).contains(&year) {
            // Only reachable by building a value by hand: the parsers give
            // four-digit years. ISO 8601's expanded form, sign and five digits.
            let s = format!(
                "{year:+06}-{:02}-{:02} {:02}:{:02}:{:02}",
                dt.month(),
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second()
            );
            return f.pad(&s);
        }
        // Written into a stack buffer: cheaper than a `write!` with six
        // arguments, and `pad` then applies any width.
        let mut buf = *b"0000-00-00 00:00:00";
        put_digits(&mut buf[0..4], year as u32);
        put_digits(&mut buf[5..7], dt.month() as u32);
        put_digits(&mut buf[8..10], dt.day() as u32);
        put_digits(&mut buf[11..13], dt.hour() as u32);
        put_digits(&mut buf[14..16], dt.minute() as u32);
        put_digits(&mut buf[17..19], dt.second() as u32);
        f.pad(std::str::from_utf8(&buf).expect("ASCII digits"))
    }
}

/// Writes `n` as zero-padded decimal filling `out`.
fn put_digits(out: &mut [u8], mut n: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Parses a time written as a JSON string; what does not parse becomes
/// [`RecordTime::Text`]. Never panics.
///
/// Surrounding whitespace (Unicode, so also the ideographic space) is
/// trimmed first. Accepted, where `M`/`D`/`h` may have one or two digits:
///
/// * RFC 3339 / ISO 8601: `2024-09-05T08:30:00Z`, `…+08:00`, `…+0800`,
///   `…+08`, fractional seconds (`.` or `,`), no seconds
///   (`2024-09-05T08:30`), a date alone (`2024-09-05`), `T` or spaces
///   between date and time, an RFC 9557 `[Asia/Shanghai]` annotation
///   after an offset (ignored: the offset is the instant);
/// * `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD HH:MM[:SS]`, with an optional
///   offset, `Z`, `UTC` or `GMT`;
/// * RFC 2822: `Thu, 05 Sep 2024 08:30:00 +0800`, `… GMT`; a weekday that
///   disagrees with the date is ignored (it is redundant, and templates get
///   it wrong);
/// * epoch seconds or milliseconds as a numeric string, `1725525000` or
///   `1725525000123` (rule in [`parse_epoch`]); except that exactly eight
///   digits are ISO 8601's basic date `YYYYMMDD` when they form one, since
///   as seconds they would be a day in 1970;
/// * Chinese: `2024年9月5日`, `2024年9月5日 08:30`, `2024年09月05日 08:30:15`,
///   with optional spaces between the parts and `：` for `:`.
///
/// A leap second `:60` is read as `:59`, as jiff does. An impossible date
/// such as `2024-02-30`, or an offset beyond ±25:59, is text.
pub fn parse_time(s: &str) -> RecordTime {
    let s = s.trim();
    parse_trimmed(s).unwrap_or_else(|| RecordTime::Text(s.to_owned()))
}

/// Reads a JSON number as epoch seconds or milliseconds.
///
/// The unit is told by magnitude: below 10¹¹ it is seconds (10¹¹ s is the
/// year 5138), from 10¹¹ it is milliseconds (10¹¹ ms is March 1973, before
/// any dump's news). From 10¹⁴ (year 5138 again, in milliseconds) a value
/// is absurd, and so are zero and negatives — the "unknown" that scrapers
/// write — and NaN and infinities: all give `None`. Fractions are kept to
/// the nanosecond (as far as an `f64` holds them).
pub fn parse_epoch(n: f64) -> Option<RecordTime> {
    /// From here on, milliseconds.
    const MILLIS_FROM: f64 = 1e11;
    /// From here on, absurd.
    const ABSURD_FROM: f64 = 1e14;
    // Written so that NaN fails too.
    if !(n > 0.0 && n < ABSURD_FROM) {
        return None;
    }
    let (per_second, nanos_per_unit) = if n < MILLIS_FROM {
        (1, 1e9)
    } else {
        (1000, 1e6)
    };
    // Whole units and the fraction apart, so that the integer part stays
    // exact (f64 holds every integer below 2⁵³ exactly; both ranges do).
    let whole = n.trunc();
    let units = whole as i64;
    let frac_nanos = (((n - whole) * nanos_per_unit).round() as i64).min(nanos_per_unit as i64 - 1);
    let seconds = units / per_second;
    let nanos = (units % per_second) * (1_000_000_000 / per_second) + frac_nanos;
    let instant = Timestamp::new(seconds, i32::try_from(nanos).ok()?).ok()?;
    Some(RecordTime::At {
        instant,
        offset: Offset::UTC,
    })
}

/// Dispatches on the shape of the start, so that each string is tried by
/// one parser only (a failing jiff parser allocates its error).
fn parse_trimmed(s: &str) -> Option<RecordTime> {
    let b = s.as_bytes();
    let first = *b.first()?;
    if first.is_ascii_alphabetic() {
        return parse_rfc2822(s);
    }
    if !first.is_ascii_digit() {
        return None;
    }
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    match &b[lead..] {
        [] | [b'.', ..] => parse_numeric(s, lead),
        [b'-' | b'/', ..] if lead == 4 => parse_numeric_date(b),
        rest if lead == 4 && next_is_nian(rest) => parse_chinese(b),
        // RFC 2822 without its optional weekday: `5 Sep 2024 08:30 GMT`.
        [b' ', ..] if lead <= 2 => parse_rfc2822(s),
        _ => None,
    }
}

/// Whether `年` comes next, after any spaces.
fn next_is_nian(rest: &[u8]) -> bool {
    let mut c = Cursor::new(rest);
    c.skip_spaces();
    c.rest().starts_with(NIAN)
}

/// An all-digit string, perhaps with a fraction: a basic ISO date or an
/// epoch number. `lead` is the count of leading digits.
fn parse_numeric(s: &str, lead: usize) -> Option<RecordTime> {
    let b = s.as_bytes();
    if lead == 8 && b.len() == 8 {
        let year = digits_value(&b[0..4]) as i16;
        let month = digits_value(&b[4..6]) as i8;
        let day = digits_value(&b[6..8]) as i8;
        if let Ok(dt) = DateTime::new(year, month, day, 0, 0, 0, 0) {
            return Some(RecordTime::Local(dt));
        }
    }
    if b.len() > lead {
        // `b[lead]` is the `.`; `str::parse::<f64>` would also take
        // exponents, signs and "inf", so check the fraction is digits.
        let frac = &b[lead + 1..];
        if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
    }
    parse_epoch(s.parse().ok()?)
}

/// The value of a short run of ASCII digits (at most 9, so no overflow).
fn digits_value(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, then optionally a time and an offset.
fn parse_numeric_date(b: &[u8]) -> Option<RecordTime> {
    let mut c = Cursor::new(b);
    let year = c.digits(4, 4)?;
    let sep = c.bump()?;
    let month = c.digits(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    let day = c.digits(1, 2)?;
    if c.at_end() {
        return local(year, month, day, Clock::MIDNIGHT);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.skip_spaces()) {
        return None;
    }
    let clock = c.clock()?;
    c.skip_spaces();
    if c.at_end() {
        return local(year, month, day, clock);
    }
    let offset = c.offset()?;
    // An RFC 9557 annotation, `[Asia/Shanghai]` or `[u-ca=iso8601]`: the
    // offset already fixes the instant, so it is skipped unread.
    if c.eat(b'[') {
        let close = c.rest().iter().position(|&x| x == b']')?;
        c.advance(close + 1);
        while c.eat(b'[') {
            let close = c.rest().iter().position(|&x| x == b']')?;
            c.advance(close + 1);
        }
    }
    if !c.at_end() {
        return None;
    }
    let dt = civil_datetime(year, month, day, clock)?;
    let instant = offset.to_timestamp(dt).ok()?;
    Some(RecordTime::At { instant, offset })
}

/// `年`, `月`, `日` and the full-width colon, in UTF-8.
const NIAN: &[u8] = "年".as_bytes();
const YUE: &[u8] = "月".as_bytes();
const RI: &[u8] = "日".as_bytes();
const FULLWIDTH_COLON: &[u8] = "：".as_bytes();

/// `2024年9月5日`, optionally followed by `08:30` or `08:30:15`.
fn parse_chinese(b: &[u8]) -> Option<RecordTime> {
    let mut c = Cursor::new(b);
    let year = c.digits(4, 4)?;
    /// A unit character with optional spaces around it.
    fn part(c: &mut Cursor<'_>, unit: &[u8]) -> Option<()> {
        c.skip_spaces();
        if !c.eat_bytes(unit) {
            return None;
        }
        c.skip_spaces();
        Some(())
    }
    part(&mut c, NIAN)?;
    let month = c.digits(1, 2)?;
    part(&mut c, YUE)?;
    let day = c.digits(1, 2)?;
    part(&mut c, RI)?;
    if c.at_end() {
        return local(year, month, day, Clock::MIDNIGHT);
    }
    let clock = c.clock()?;
    c.skip_spaces();
    if !c.at_end() {
        return None;
    }
    local(year, month, day, clock)
}

/// jiff's RFC 2822 parser, tolerant of a wrong weekday.
fn parse_rfc2822(s: &str) -> Option<RecordTime> {
    static PARSER: rfc2822::DateTimeParser = rfc2822::DateTimeParser::new().relaxed_weekday(true);
    let zdt = PARSER.parse_zoned_datetime(s).ok()?;
    Some(RecordTime::At {
        instant: zdt.timestamp(),
        offset: zdt.offset(),
    })
}

/// A time of day as read, before jiff checks it.
#[derive(Clone, Copy)]
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
}

impl Clock {
    const MIDNIGHT: Clock = Clock {
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
    };
}

fn local(year: u32, month: u32, day: u32, clock: Clock) -> Option<RecordTime> {
    civil_datetime(year, month, day, clock).map(RecordTime::Local)
}

/// jiff checks the calendar (`2024-02-30` fails) and the clock. The parts
/// have at most four digits, so the narrowing casts cannot wrap.
fn civil_datetime(year: u32, month: u32, day: u32, clock: Clock) -> Option<DateTime> {
    if clock.second > 60 {
        return None;
    }
    DateTime::new(
        year as i16,
        month as i8,
        day as i8,
        clock.hour as i8,
        clock.minute as i8,
        // A leap second (:60, no more) is read as the second before it,
        // as jiff's own parsers do: jiff has no :60.
        clock.second.min(59) as i8,
        clock.nanos as i32,
    )
    .ok()
}

/// A position in the bytes being parsed.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(b: &'a [u8]) -> Self {
        Cursor { b, i: 0 }
    }

    fn rest(&self) -> &'a [u8] {
        &self.b[self.i..]
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    fn advance(&mut self, n: usize) {
        self.i += n;
    }

    fn bump(&mut self) -> Option<u8> {
        let x = *self.b.get(self.i)?;
        self.i += 1;
        Some(x)
    }

    fn eat(&mut self, x: u8) -> bool {
        self.eat_bytes(&[x])
    }

    fn eat_bytes(&mut self, s: &[u8]) -> bool {
        let hit = self.rest().starts_with(s);
        if hit {
            self.i += s.len();
        }
        hit
    }

    /// Reads `min..=max` digits (as many as there are, up to `max`).
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let n = self
            .rest()
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if n < min {
            return None;
        }
        let v = digits_value(&self.rest()[..n]);
        self.i += n;
        Some(v)
    }

    /// Skips spaces, tabs, no-break and ideographic spaces; whether any.
    fn skip_spaces(&mut self) -> bool {
        let start = self.i;
        loop {
            match self.rest() {
                [b' ' | b'\t', ..] => self.i += 1,
                [0xC2, 0xA0, ..] => self.i += 2,       // U+00A0
                [0xE3, 0x80, 0x80, ..] => self.i += 3, // U+3000
                _ => return self.i > start,
            }
        }
    }

    fn colon(&mut self) -> bool {
        self.eat(b':') || self.eat_bytes(FULLWIDTH_COLON)
    }

    /// `h:MM`, `h:MM:SS` or `h:MM:SS.fff…` (`,` too, as ISO 8601 allows).
    /// Fraction digits past nanoseconds are read and dropped.
    fn clock(&mut self) -> Option<Clock> {
        let hour = self.digits(1, 2)?;
        if !self.colon() {
            return None;
        }
        let minute = self.digits(2, 2)?;
        let mut clock = Clock {
            hour,
            minute,
            ..Clock::MIDNIGHT
        };
        if !self.colon() {
            return Some(clock);
        }
        clock.second = self.digits(2, 2)?;
        if self.eat(b'.') || self.eat(b',') {
            let frac = self.rest();
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let kept = n.min(9);
            clock.nanos = digits_value(&frac[..kept]) * 10u32.pow((9 - kept) as u32);
            self.i += n;
        }
        Some(clock)
    }

    /// `Z`, `UTC`, `GMT`, or `±hh`, `±hhmm`, `±hh:mm`.
    fn offset(&mut self) -> Option<Offset> {
        if self.eat(b'Z') || self.eat(b'z') || self.eat_bytes(b"UTC") || self.eat_bytes(b"GMT") {
            return Some(Offset::UTC);
        }
        let sign = match self.bump()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let hours = self.digits(2, 2)?;
        let minutes = if self.eat(b':') {
            self.digits(2, 2)?
        } else {
            self.digits(2, 2).unwrap_or(0)
        };
        if minutes >= 60 {
            return None;
        }
        // jiff bounds the hours (±25).
        let seconds = sign * (hours * 3600 + minutes * 60) as i32;
        Offset::from_seconds(seconds).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_past_60_is_no_time_and_60_is_the_one_before() {
        for bad in [
            "2024-09-05 08:30:61",
            "2024-09-05T08:30:99Z",
            "2024年9月5日 08:30:75",
        ] {
            assert!(parse_time(bad).is_text(), "{bad}");
        }
        assert_eq!(
            parse_time("2024-09-05 08:30:60").to_string(),
            "2024-09-05 08:30:59"
        );
    }
    use jiff::civil::date;
    use jiff::tz;
    use proptest::prelude::*;

    fn at(s: &str) -> (Timestamp, Offset) {
        match parse_time(s) {
            RecordTime::At { instant, offset } => (instant, offset),
            other => panic!("{s:?} gave {other:?}, not an instant"),
        }
    }

    fn local(s: &str) -> DateTime {
        match parse_time(s) {
            RecordTime::Local(dt) => dt,
            other => panic!("{s:?} gave {other:?}, not a local time"),
        }
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// The instant of 2024-09-05 08:30:00 at +08:00.
    const T0: &str = "2024-09-05T00:30:00Z";

    #[test]
    fn rfc3339_instants() {
        assert_eq!(
            at("2024-09-05T08:30:00Z"),
            (ts("2024-09-05T08:30:00Z"), Offset::UTC)
        );
        assert_eq!(at("2024-09-05T08:30:00+08:00"), (ts(T0), tz::offset(8)));
        assert_eq!(at("2024-09-05t08:30:00z").0, ts("2024-09-05T08:30:00Z"));
        assert_eq!(at("2024-09-05T08:30:00+0800").0, ts(T0));
        assert_eq!(at("2024-09-05T08:30:00+08").0, ts(T0));
        assert_eq!(at("2024-09-05T08:30+08:00").0, ts(T0));
        assert_eq!(
            at("2024-09-04T20:00:00-04:30"),
            (
                ts("2024-09-05T00:30:00Z"),
                Offset::from_seconds(-(4 * 3600 + 1800)).unwrap()
            )
        );
        assert_eq!(
            at("2024-09-05T08:30:00-00:00").0,
            ts("2024-09-05T08:30:00Z")
        );
    }

    #[test]
    fn fractional_seconds() {
        assert_eq!(
            at("2024-09-05T08:30:00.123Z").0,
            ts("2024-09-05T08:30:00.123Z")
        );
        assert_eq!(
            at("2024-09-05T08:30:00,5+08:00").0,
            ts("2024-09-05T00:30:00.5Z")
        );
        assert_eq!(
            at("2024-09-05T08:30:00.123456789123Z").0,
            ts("2024-09-05T08:30:00.123456789Z")
        );
        assert_eq!(
            local("2024-09-05 08:30:00.000001"),
            date(2024, 9, 5).at(8, 30, 0, 1000)
        );
        assert!(parse_time("2024-09-05T08:30:00.Z").is_text());
    }

    #[test]
    fn rfc9557_annotation_is_skipped_after_an_offset() {
        assert_eq!(at("2024-09-05T08:30:00+08:00[Asia/Shanghai]").0, ts(T0));
        assert_eq!(
            at("2024-09-05T08:30:00+08:00[Asia/Shanghai][u-ca=iso8601]").0,
            ts(T0)
        );
        assert!(parse_time("2024-09-05T08:30:00[Asia/Shanghai]").is_text());
        assert!(parse_time("2024-09-05T08:30:00+08:00[Asia/Shanghai").is_text());
    }

    #[test]
    fn zone_less_and_dates() {
        let dt = date(2024, 9, 5).at(8, 30, 0, 0);
        assert_eq!(local("2024-09-05T08:30"), dt);
        assert_eq!(local("2024-09-05T08:30:00"), dt);
        assert_eq!(local("2024-09-05 08:30:00"), dt);
        assert_eq!(local("2024-09-05 08:30"), dt);
        assert_eq!(local("2024-09-05  8:30"), dt);
        assert_eq!(local("2024/09/05 08:30:00"), dt);
        assert_eq!(local("2024/09/05 08:30"), dt);
        assert_eq!(local("2024/9/5 8:30"), dt);
        assert_eq!(local("2024-09-05"), date(2024, 9, 5).at(0, 0, 0, 0));
        assert_eq!(local("2024-9-5"), date(2024, 9, 5).at(0, 0, 0, 0));
        assert_eq!(local("20240905"), date(2024, 9, 5).at(0, 0, 0, 0));
    }

    #[test]
    fn space_separated_with_zone() {
        assert_eq!(at("2024-09-05 08:30:00+08:00").0, ts(T0));
        assert_eq!(at("2024-09-05 08:30:00 +0800").0, ts(T0));
        assert_eq!(at("2024/09/05 00:30 UTC"), (ts(T0), Offset::UTC));
        assert_eq!(at("2024-09-05 00:30:00 GMT").0, ts(T0));
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            at("Thu, 05 Sep 2024 08:30:00 +0800"),
            (ts(T0), tz::offset(8))
        );
        assert_eq!(at("Thu, 05 Sep 2024 00:30:00 GMT"), (ts(T0), Offset::UTC));
        assert_eq!(at("5 Sep 2024 00:30 GMT").0, ts(T0));
        assert_eq!(at("Thu, 5 Sep 2024 01:30:00 +0100").0, ts(T0));
        // Thursday, not Monday: the weekday is redundant, the date wins.
        assert_eq!(at("Mon, 05 Sep 2024 08:30:00 +0800").0, ts(T0));
        assert!(parse_time("Thu, 30 Feb 2024 08:30:00 +0800").is_text());
        assert!(parse_time("Thu, 05 Sep 2024 08:30:00").is_text());
    }

    #[test]
    fn epoch_numbers_and_strings() {
        let secs = RecordTime::At {
            instant: ts("2024-09-05T08:30:00Z"),
            offset: Offset::UTC,
        };
        assert_eq!(parse_epoch(1_725_525_000.0), Some(secs.clone()));
        assert_eq!(parse_epoch(1_725_525_000_000.0), Some(secs.clone()));
        assert_eq!(parse_time("1725525000"), secs);
        assert_eq!(parse_time(" 1725525000000 "), secs);
        assert_eq!(at("1725525000123").0, ts("2024-09-05T08:30:00.123Z"));
        assert_eq!(at("1725525000.5").0, ts("2024-09-05T08:30:00.5Z"));
        assert_eq!(
            parse_epoch(1_725_525_000_123.5).unwrap().sort_key(),
            SortKey(ts("2024-09-05T08:30:00.1235Z").as_nanosecond())
        );
        // The boundary: just under 10¹¹ is seconds (year 5138), 10¹¹ is ms.
        assert_eq!(at("99999999999").0.to_string(), "5138-11-16T09:46:39Z");
        assert_eq!(at("100000000000").0.to_string(), "1973-03-03T09:46:40Z");
        assert_eq!(
            at("99999999999999").0.to_string(),
            "5138-11-16T09:46:39.999Z"
        );
    }

    #[test]
    fn absurd_epochs_are_not_times() {
        for n in [
            0.0,
            -1.0,
            -1e12,
            1e14,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(parse_epoch(n), None, "{n}");
        }
        for s in [
            "0",
            "-1",
            "+1725525000",
            "100000000000000",
            "1725525000.",
            "1.7e9",
            "1725525000.5.5",
            "inf",
            "NaN",
        ] {
            assert!(parse_time(s).is_text(), "{s}");
        }
        // Tiny but positive: a time in 1970, if an odd one.
        assert_eq!(at("1").0, ts("1970-01-01T00:00:01Z"));
    }

    #[test]
    fn chinese() {
        let dt = date(2024, 9, 5).at(8, 30, 0, 0);
        assert_eq!(local("2024年9月5日 08:30"), dt);
        assert_eq!(local("2024年9月5日08:30"), dt);
        assert_eq!(local("2024 年 9 月 5 日  8:30"), dt);
        assert_eq!(local("2024年9月5日\u{3000}08：30"), dt);
        assert_eq!(local("2024年9月5日"), date(2024, 9, 5).at(0, 0, 0, 0));
        assert_eq!(
            local("2024年09月05日 08:30:15"),
            date(2024, 9, 5).at(8, 30, 15, 0)
        );
        assert_eq!(
            local("\u{3000}2024年09月05日\u{3000}"),
            date(2024, 9, 5).at(0, 0, 0, 0)
        );
        for s in [
            "2024年9月",
            "2024年2月30日",
            "2024年9月5",
            "2024年9月5日 8",
            "2024年9月5日 08:30 北京",
        ] {
            assert!(parse_time(s).is_text(), "{s}");
        }
    }

    #[test]
    fn invalid_is_text_trimmed() {
        for s in [
            "2024-02-30",
            "2023-02-29 10:00",
            "2024-13-01",
            "2024-00-10",
            "2024-09-05 24:00",
            "2024-09-05 08:60",
            "2024-09-05T08:30:00+26:00",
            "2024-09-05T08:30:00+08:60",
            "2024-09-05T08:30:00+8",
            "2024-09/05",
            "2024-09-05X08:30",
            "2024-09-05T",
            "2024-09-05T08",
            "2024-09-05T08:3",
            "2024-009-05",
            "2024-09-05T08:30:00Z junk",
            "昨天",
            "yesterday",
            "Sep 5, 2024",
            "24-09-05",
            "12345-09-05",
        ] {
            assert_eq!(parse_time(s), RecordTime::Text(s.to_owned()), "{s}");
        }
        assert_eq!(
            parse_time("  2024-02-30 \n"),
            RecordTime::Text("2024-02-30".into())
        );
        assert_eq!(parse_time(" \t"), RecordTime::Text(String::new()));
        assert_eq!(
            parse_time("\n2024-09-05 08:30\t"),
            parse_time("2024-09-05 08:30")
        );
    }

    #[test]
    fn leap_second_is_the_second_before() {
        assert_eq!(at("2016-12-31T23:59:60Z").0, ts("2016-12-31T23:59:59Z"));
    }

    #[test]
    fn display() {
        assert_eq!(
            parse_time("2024-09-05T08:30:00+08:00").to_string(),
            "2024-09-05 08:30:00"
        );
        assert_eq!(
            parse_time("Thu, 05 Sep 2024 08:30:00 +0800").to_string(),
            "2024-09-05 08:30:00"
        );
        assert_eq!(
            parse_time("2024-09-05T08:30:59.999Z").to_string(),
            "2024-09-05 08:30:59"
        );
        assert_eq!(
            parse_time("2024年9月5日").to_string(),
            "2024-09-05 00:00:00"
        );
        assert_eq!(parse_time("1725525000").to_string(), "2024-09-05 08:30:00");
        assert_eq!(parse_time(" 发布于昨天 ").to_string(), "发布于昨天");
        assert_eq!(
            format!("[{:>21}]", parse_time("2024/9/5 8:30")),
            "[  2024-09-05 08:30:00]"
        );
        assert_eq!(format!("[{:<6}]", parse_time("n/a")), "[n/a   ]");
        assert_eq!(
            RecordTime::Local(date(-44, 3, 15).at(12, 0, 0, 0)).to_string(),
            "-00044-03-15 12:00:00"
        );
    }

    #[test]
    fn same_instant_in_other_offsets_sorts_equal() {
        let keys = [
            "2024-09-05T08:30:00+08:00",
            "2024-09-05T00:30:00Z",
            "2024-09-04T20:30:00-04:00",
            "Thu, 05 Sep 2024 00:30:00 GMT",
            "1725496200",
            "1725496200000",
        ]
        .map(|s| parse_time(s).sort_key());
        assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
        // Equal keys, unequal values: the offset is kept for display.
        assert_ne!(parse_time(T0), parse_time("2024-09-05T08:30:00+08:00"));
    }

    #[test]
    fn zone_less_sorts_as_utc_unless_told() {
        let wall = parse_time("2024-09-05 08:30");
        assert_eq!(
            wall.sort_key(),
            parse_time("2024-09-05T08:30:00Z").sort_key()
        );
        assert_eq!(
            wall.sort_key_assuming(tz::offset(8)),
            parse_time(T0).sort_key()
        );
        assert_eq!(
            parse_time(T0).sort_key_assuming(tz::offset(8)),
            parse_time(T0).sort_key()
        );
    }

    #[test]
    fn ordering_puts_text_last() {
        let mut v: Vec<RecordTime> = [
            "later",
            "2024-09-05 08:30:01",
            "9999-12-31 23:59:59",
            "",
            "2024-09-05T08:30:00Z",
            "1970-01-01",
            "0000-01-01",
            "2024-09-05T08:30:00.5+08:00",
        ]
        .map(parse_time)
        .into();
        v.sort_by_key(RecordTime::sort_key);
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "0000-01-01 00:00:00",
                "1970-01-01 00:00:00",
                "2024-09-05 08:30:00", // +08:00, so 00:30 UTC
                "2024-09-05 08:30:00",
                "2024-09-05 08:30:01",
                "9999-12-31 23:59:59",
                "later", // stable: text keeps its order
                "",
            ]
        );
        assert!(v[6].sort_key().is_unparsed() && !v[5].sort_key().is_unparsed());
        // The extremes of jiff's range still have keys below text's.
        let max = RecordTime::Local(DateTime::MAX);
        assert!(max.sort_key_assuming(Offset::MIN) < SortKey::UNPARSED);
        assert!(RecordTime::Local(DateTime::MIN).sort_key_assuming(Offset::MAX) < max.sort_key());
    }

    /// Plausible-looking strings: the parser's edges, not just noise.
    fn near_time() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9]{1,5}[-/][0-9]{1,3}[-/][0-9]{1,3}([T ][0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3}([.,][0-9]{0,12})?)?)? ?(Z|[+-][0-9]{1,4}(:[0-9]{1,2})?)?(\\[[a-z/]*\\]?)?",
            "[0-9]{4} ?年 ?[0-9]{1,3} ?月 ?[0-9]{1,3} ?日 ?([0-9]{1,2}[:：][0-9]{1,2}(:[0-9]{1,2})?)?",
            "[0-9]{1,20}(\\.[0-9]{0,10})?",
            "(Mon|Thu|Xyz), [0-9]{1,2} (Sep|Feb|Foo) [0-9]{2,5} [0-9]{1,2}:[0-9]{2}(:[0-9]{2})? ([+-][0-9]{4}|GMT|EST|Z)",
            "\\PC{0,40}",
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn never_panics_and_keys_agree(s in near_time(), t in near_time()) {
            let (a, b) = (parse_time(&s), parse_time(&t));
            let shown = a.to_string();
            // Text, and only text, has the unparsed key, kept trimmed.
            prop_assert_eq!(a.is_text(), a.sort_key().is_unparsed());
            if let RecordTime::Text(text) = &a {
                prop_assert_eq!(text.as_str(), s.trim());
            } else {
                // A time's display parses back to itself.
                prop_assert_eq!(parse_time(&shown).to_string(), shown);
                prop_assert!(a.sort_key() < SortKey::UNPARSED);
            }
            // The key's order is the instants' order.
            if let (RecordTime::At { instant: x, .. }, RecordTime::At { instant: y, .. }) = (&a, &b) {
                prop_assert_eq!(a.sort_key().cmp(&b.sort_key()), x.cmp(y));
            }
            if a == b {
                prop_assert_eq!(a.sort_key(), b.sort_key());
            }
        }

        #[test]
        fn an_instant_in_any_offset_has_one_key(
            secs in 0i64..253_402_000_000,
            nanos in 0i32..1_000_000_000,
            off_a in -93_540i32..=93_540,
            off_b in -93_540i32..=93_540,
        ) {
            let instant = Timestamp::new(secs, nanos).unwrap();
            // Offsets printed to the minute, as RFC 3339 writes them.
            let (a, b) = (
                Offset::from_seconds(off_a / 60 * 60).unwrap(),
                Offset::from_seconds(off_b / 60 * 60).unwrap(),
            );
            let text = |o: Offset| instant.to_zoned_datetime(jiff::tz::TimeZone::fixed(o)).to_string();
            let (pa, pb) = (parse_time(&text(a)), parse_time(&text(b)));
            prop_assert_eq!(pa.sort_key(), SortKey(instant.as_nanosecond()));
            prop_assert_eq!(pa.sort_key(), pb.sort_key());
            prop_assert_eq!(pa.wall_clock(), Some(a.to_datetime(instant)));
        }
    }
}
