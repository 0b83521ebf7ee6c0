//! From a page file's raw bytes to the UTF-8 the parser reads: undoing
//! gzip or zstd compression (recognised by magic bytes, since scrapers name
//! files carelessly) and converting legacy encodings (GBK/GB18030, Big5,
//! UTF-16...) to UTF-8. Pure: bytes in, bytes and facts out, so that the
//! folder walker can run it on many threads and tests need no files.
//!
//! Valid UTF-8, by far the common case, costs one SIMD validation and no
//! copy; everything slower runs only when that check fails.

use std::io::{self, Read, Write};

use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How a file was compressed, so that the reader can say what it undid and
/// exports can record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Compression {
    /// Stored as is.
    #[default]
    None,
    /// gzip, possibly several members one after another (as `cat a.gz
    /// b.gz` makes them).
    Gzip,
    /// Zstandard, possibly several frames.
    Zstd,
}

impl Compression {
    /// The stable lowercase name used in the status bar and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

impl std::fmt::Display for Compression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// Recognises gzip (`1f 8b`) and zstd (`28 b5 2f fd`) by their magic bytes:
/// scraped files are often compressed whatever their name says (a `.html`
/// saved straight from a `Content-Encoding: gzip` response). `head` may be
/// any prefix of the file, even empty; too short to tell means
/// [`Compression::None`].
pub fn sniff(head: &[u8]) -> Compression {
    if head.starts_with(&GZIP_MAGIC) {
        Compression::Gzip
    } else if head.starts_with(&ZSTD_MAGIC) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// Decompresses `raw` completely into memory.
///
/// Damage does not lose what came before it: a corrupt or truncated
/// archive (common in scrapes cut short) keeps everything decompressed
/// before the error, and the second value says why it stopped, as a short
/// lowercase phrase ("truncated gzip stream", "corrupt zstd data: ...").
/// `limit` caps the output in bytes against decompression bombs: output
/// stops there and the reason says so. With [`Compression::None`] the bytes
/// are copied, under the same limit.
pub fn decompress(raw: &[u8], c: Compression, limit: u64) -> (Vec<u8>, Option<String>) {
    let mut out = Vec::new();
    let why = decompress_into(raw, c, limit, &mut out);
    (out, why)
}

/// [`decompress`] into `out` (cleared first), so that a worker reading
/// thousands of small archives reuses one buffer instead of faulting in
/// fresh memory for each.
pub fn decompress_into(
    raw: &[u8],
    c: Compression,
    limit: u64,
    out: &mut Vec<u8>,
) -> Option<String> {
    out.clear();
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    if c == Compression::None {
        let keep = raw.len().min(cap);
        out.extend_from_slice(&raw[..keep]);
        return (raw.len() > keep).then(|| over_limit(limit));
    }
    // A hint only: if the memory is not there, let the Vec grow as it can.
    let _ = out.try_reserve(size_hint(raw, c).min(cap));
    // Readers over the slice itself (bufread): no intermediate buffer copy.
    let result = match c {
        Compression::Gzip => read_capped(flate2::bufread::MultiGzDecoder::new(raw), limit, out),
        Compression::Zstd => match zstd::stream::read::Decoder::with_buffer(raw) {
            Ok(d) => read_capped(d, limit, out),
            Err(e) => Err(e),
        },
        Compression::None => unreachable!("handled above"),
    };
    match result {
        Err(e) => Some(problem(c, &e)),
        Ok(()) if out.len() > cap => {
            out.truncate(cap);
            Some(over_limit(limit))
        }
        Ok(()) => None,
    }
}

/// Reads `r` to its end or first error into `out`, stopping one byte past
/// `limit` (so that going over can be told from reaching it exactly).
/// `read_to_end` keeps what was read before an error.
fn read_capped(r: impl Read, limit: u64, out: &mut Vec<u8>) -> io::Result<()> {
    r.take(limit.saturating_add(1)).read_to_end(out).map(drop)
}

/// A first allocation for the output, from what the archive claims about
/// its size: saves the reallocations of growing a big Vec. The claim is
/// only a hint, and a hostile file can lie: it is believed up to deflate's
/// best ratio (1032:1) and 1 GiB, and the caller caps it by the limit.
fn size_hint(raw: &[u8], c: Compression) -> usize {
    let guess = raw.len().saturating_mul(4);
    let claimed = match c {
        // ISIZE, the last member's size mod 2^32: exact for the usual
        // single-member file under 4 GiB.
        Compression::Gzip if raw.len() >= 18 => {
            let tail: [u8; 4] = raw[raw.len() - 4..].try_into().unwrap_or_default();
            Some(u32::from_le_bytes(tail) as usize)
        }
        // The first frame's content size, when the encoder wrote it.
        Compression::Zstd => match zstd::zstd_safe::get_frame_content_size(raw) {
            Ok(Some(n)) => usize::try_from(n).ok(),
            _ => None,
        },
        _ => None,
    };
    match claimed {
        Some(n) if n <= raw.len().saturating_mul(1032) => n.min(1 << 30),
        _ => guess,
    }
}

/// Decompresses from a reader into a writer, for files too big to hold
/// twice in memory (spooled to a temporary file). Returns the bytes written
/// and, as with [`decompress`], why decompression stopped early if it did;
/// what was written before then stays written.
///
/// Damaged data is a reason, not an error; an `Err` means real I/O failed:
/// writing to `to`, or reading from `from` (the archive is not to blame
/// then, and the caller should report it like any read error).
pub fn decompress_to(
    from: impl Read,
    c: Compression,
    to: &mut impl Write,
    limit: u64,
) -> io::Result<(u64, Option<String>)> {
    let failed = std::cell::Cell::new(false);
    let source = Watched {
        inner: from,
        failed: &failed,
    };
    let mut reader: Box<dyn Read + '_> = match c {
        Compression::None => Box::new(source),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(source)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(source)?),
    };
    let mut buf = vec![0u8; 64 << 10];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok((total, None)),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if failed.get() || c == Compression::None => return Err(e),
            Err(e) => return Ok((total, Some(problem(c, &e)))),
        };
        let room = limit - total;
        if n as u64 > room {
            // `room` < n <= buf.len(), so it fits in usize.
            to.write_all(&buf[..room as usize])?;
            return Ok((limit, Some(over_limit(limit))));
        }
        to.write_all(&buf[..n])?;
        total += n as u64;
    }
}

/// A reader that notes whether it failed, so that an error coming out of a
/// decompressor can be told apart: the source's own I/O failure, or bad
/// data.
struct Watched<'a, R> {
    inner: R,
    failed: &'a std::cell::Cell<bool>,
}

impl<R: Read> Read for Watched<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let r = self.inner.read(buf);
        if matches!(&r, Err(e) if e.kind() != io::ErrorKind::Interrupted) {
            self.failed.set(true);
        }
        r
    }
}

/// A decompressor's error as the short lowercase phrase the reader shows.
fn problem(c: Compression, e: &io::Error) -> String {
    let name = c.as_str();
    if e.kind() == io::ErrorKind::UnexpectedEof {
        return format!("truncated {name} stream");
    }
    let msg = e.to_string();
    let mut chars = msg.chars();
    let msg = match chars.next() {
        // zstd's messages are capitalised ("Unknown frame descriptor").
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_string(),
    };
    format!("corrupt {name} data: {msg}")
}

/// Why output stopped at the limit.
fn over_limit(limit: u64) -> String {
    format!("decompressed size exceeds the limit of {limit} bytes")
}

/// The text encoding a file was found in, and whether it started with a
/// byte order mark: the BOM is how UTF-16 is recognised at all, and
/// exports record it so that a file can be written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The encoding to decode with.
    pub encoding: &'static Encoding,
    /// Whether the file starts with this encoding's byte order mark.
    pub bom: bool,
}

/// How much of a file chardetng sees: enough to settle any real page, and
/// a bound on the time a huge legacy-encoded file costs.
const DETECT_PREFIX: usize = 1 << 20;

/// Decides a file's encoding, in this order: a byte order mark (UTF-8,
/// UTF-16LE/BE); valid UTF-8 (pure ASCII included); "mostly UTF-8" (see
/// below); otherwise chardetng's guess (from as much of the first MiB of
/// non-ASCII text as it needs to be sure).
///
/// "Mostly UTF-8" keeps a UTF-8 dump with a stray bad byte as UTF-8 (the
/// byte shows as U+FFFD, as it always did) instead of letting a detector
/// re-read the whole file as GBK: it needs valid multi-byte sequences,
/// fewer invalid sequences than those, and either under one invalid
/// sequence per 1000 bytes or, for short files where one bad byte is
/// already more than that, at most a few invalid sequences against eight
/// times as many valid multi-byte ones (GBK, Big5 and the like form valid
/// UTF-8 only by accident, far less often than not).
///
/// `forced` (from `--encoding`) wins over all of this, except that within a
/// family the BOM still counts: it is recorded (so that decoding skips it),
/// and for UTF-16 it picks the byte order, since the label `utf-16` means
/// little-endian by WHATWG's rules whatever the file says. UTF-16 without a
/// BOM is never detected (chardetng does not know it); force it.
pub fn detect(bytes: &[u8], forced: Option<&'static Encoding>) -> Detected {
    detect_counting(bytes, forced).0
}

/// [`detect`], also returning the number of invalid UTF-8 sequences when
/// it had to count them, so that [`decode`] need not count again.
fn detect_counting(bytes: &[u8], forced: Option<&'static Encoding>) -> (Detected, Option<u64>) {
    let bom = Encoding::for_bom(bytes).map(|(e, _)| e);
    if let Some(forced) = forced {
        let detected = match bom {
            Some(b) if b == forced => Detected {
                encoding: forced,
                bom: true,
            },
            Some(b) if is_utf16(b) && is_utf16(forced) => Detected {
                encoding: b,
                bom: true,
            },
            _ => Detected {
                encoding: forced,
                bom: false,
            },
        };
        return (detected, None);
    }
    if let Some(encoding) = bom {
        return (
            Detected {
                encoding,
                bom: true,
            },
            None,
        );
    }
    let utf8 = Detected {
        encoding: UTF_8,
        bom: false,
    };
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        return (utf8, Some(0));
    }
    if let Some(invalid) = mostly_utf8(bytes) {
        return (utf8, Some(invalid));
    }
    // Most legacy pages in a Chinese scrape are GBK; chardetng costs about
    // 0.25 µs a byte, so the common case is recognised first.
    if looks_like_gb2312(bytes) {
        return (
            Detected {
                encoding: encoding_rs::GBK,
                bom: false,
            },
            None,
        );
    }
    let encoding = guess(bytes);
    (
        Detected {
            encoding,
            bom: false,
        },
        None,
    )
}

/// Whether `bytes` read as everyday simplified Chinese in GBK: in real
/// text nearly every double-byte character is one of GB2312's (lead
/// 0xB0–0xF7, trail 0xA1–0xFE), while Big5 and Shift_JIS text puts many
/// trail bytes below 0xA1 and lead bytes elsewhere. Stray bytes or too
/// few characters leave the decision to chardetng.
fn looks_like_gb2312(bytes: &[u8]) -> bool {
    /// Characters needed before the shape is telling.
    const ENOUGH: usize = 64;
    /// Bytes looked at: the shape shows early.
    const PREFIX: usize = 64 << 10;
    let b = &bytes[..bytes.len().min(PREFIX)];
    let (mut gb2312, mut other) = (0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            continue;
        }
        let Some(&t) = b.get(i + 1) else { break };
        if (0xB0..=0xF7).contains(&c) && (0xA1..=0xFE).contains(&t) {
            gb2312 += 1;
        } else if (0xA1..=0xA9).contains(&c) && (0xA1..=0xFE).contains(&t) {
            // GB2312's punctuation and symbols (，。“”…): in both sets.
        } else {
            other += 1;
        }
        i += 2;
    }
    gb2312 >= ENOUGH && other * 50 <= gb2312
}

/// Whether `e` is one of the two byte orders of UTF-16, whose BOM picks
/// between them even when the user forced the other.
fn is_utf16(e: &'static Encoding) -> bool {
    e == UTF_16LE || e == UTF_16BE
}

/// The number of invalid sequences if `bytes` are "mostly UTF-8" (see
/// [`detect`]), None if not. Gives up as soon as the invalid sequences
/// are too many for either rule, so that a GBK file costs a few kilobytes
/// of scanning, not all of it.
fn mostly_utf8(bytes: &[u8]) -> Option<u64> {
    let len = bytes.len() as u64;
    let mut invalid = 0u64;
    let mut multibyte = 0u64;
    let mut rest = bytes;
    loop {
        match simdutf8::compat::from_utf8(rest) {
            Ok(valid) => {
                multibyte += count_leads(valid.as_bytes());
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                multibyte += count_leads(&rest[..good]);
                invalid += 1;
                if invalid * 1000 >= len && invalid > FEW_INVALID {
                    return None;
                }
                match e.error_len() {
                    Some(bad) => rest = &rest[good + bad..],
                    // An incomplete sequence at the very end.
                    None => break,
                }
            }
        }
    }
    let sparse = invalid * 1000 < len;
    let few = invalid <= FEW_INVALID && invalid * 8 <= multibyte;
    (invalid < multibyte && (sparse || few)).then_some(invalid)
}

/// How many invalid sequences a short UTF-8 file may have and stay UTF-8
/// (see [`detect`]).
const FEW_INVALID: u64 = 4;

/// The number of multi-byte characters in valid UTF-8: their lead bytes.
fn count_leads(valid: &[u8]) -> u64 {
    valid.iter().filter(|&&b| b >= 0xC0).count() as u64
}

/// The number of invalid sequences in UTF-8 text, each of which becomes
/// one U+FFFD (exactly as `String::from_utf8_lossy` and the parser
/// replace them).
pub(crate) fn count_invalid_utf8(bytes: &[u8]) -> u64 {
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        return 0;
    }
    let mut invalid = 0;
    let mut rest = bytes;
    while let Err(e) = simdutf8::compat::from_utf8(rest) {
        invalid += 1;
        match e.error_len() {
            Some(bad) => rest = &rest[e.valid_up_to() + bad..],
            None => break,
        }
    }
    invalid
}

/// chardetng's guess from at most the first MiB, counted from the first
/// non-ASCII byte (ASCII costs chardetng next to nothing, and a long ASCII
/// preamble must not hide the text that decides).
///
/// chardetng runs every candidate decoder over each byte, about 4 MB/s, so
/// feeding it a whole MiB of GBK would cost a quarter of a second per
/// file. It is fed a KiB at a time instead, and stops once two guesses in a
/// row, made after enough non-ASCII text, agree and beat another candidate:
/// on pages of Chinese (GBK, Big5), Japanese, Korean and Latin text this
/// always gave the same answer as the whole MiB, 50 to 100 times faster.
/// Chunks may split characters (the detector carries them over); only the
/// end of the first MiB is moved back to a newline, since a character cut
/// there would count against the right encoding.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let end = Encoding::ascii_valid_up_to(bytes).saturating_add(DETECT_PREFIX);
    let head = if bytes.len() > end {
        let prefix = &bytes[..end];
        memchr::memrchr(b'\n', prefix).map_or(prefix, |i| &prefix[..=i])
    } else {
        bytes
    };
    let mut detector = chardetng::EncodingDetector::new();
    let mut non_ascii = 0;
    let mut previous = None;
    let mut chunks = head.chunks(FEED_CHUNK).peekable();
    while let Some(chunk) = chunks.next() {
        let last = chunks.peek().is_none();
        detector.feed(chunk, last);
        if last {
            break;
        }
        non_ascii += chunk.iter().filter(|&&b| b >= 0x80).count();
        if non_ascii >= ENOUGH_NON_ASCII {
            let (encoding, beats_another) = detector.guess_assess(None, true);
            if beats_another && previous == Some(encoding) {
                return encoding;
            }
            previous = Some(encoding);
        }
    }
    detector.guess(None, true)
}

/// How much is fed to chardetng between guesses.
const FEED_CHUNK: usize = 1024;

/// How many non-ASCII bytes chardetng must have seen before its guesses
/// are trusted to stop early: some 250 Chinese characters.
const ENOUGH_NON_ASCII: usize = 512;

/// Text after decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text as UTF-8. None when the input's bytes can be used as they
    /// are: UTF-8 (the parser skips a UTF-8 BOM and shows invalid
    /// sequences as U+FFFD itself) or empty. Saves copying big files.
    pub text: Option<Vec<u8>>,
    /// The encoding the bytes were read in.
    pub encoding: &'static Encoding,
    /// How many characters could not be decoded and became U+FFFD, to warn
    /// that a file was damaged or read in the wrong encoding. For UTF-8
    /// input, the number of invalid sequences.
    pub replacements: u64,
}

/// Detects the encoding as [`detect`] does (or takes `forced`) and decodes
/// `bytes` into UTF-8, counting exactly how many characters could not be
/// decoded. UTF-8 input is not copied; anything else is decoded with its
/// BOM removed.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    let mut out = String::new();
    let d = decode_into(bytes, forced, &mut out);
    Decoded {
        text: d.text.then(|| out.into_bytes()),
        encoding: d.encoding,
        replacements: d.replacements,
    }
}

/// What [`decode_into`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodedInto {
    /// Whether the text was decoded into the buffer; if not, the input's
    /// own bytes are the text (as with [`Decoded::text`] `None`).
    pub text: bool,
    /// The encoding the bytes were read in.
    pub encoding: &'static Encoding,
    /// As [`Decoded::replacements`].
    pub replacements: u64,
}

/// [`decode`] into `out` (cleared first): a worker decoding thousands of
/// small GBK pages reuses one buffer.
pub fn decode_into(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    out: &mut String,
) -> DecodedInto {
    out.clear();
    if bytes.is_empty() {
        return DecodedInto {
            text: false,
            encoding: forced.unwrap_or(UTF_8),
            replacements: 0,
        };
    }
    let (detected, invalid) = detect_counting(bytes, forced);
    let encoding = detected.encoding;
    if encoding == UTF_8 {
        let replacements = invalid.unwrap_or_else(|| {
            let body = if detected.bom { &bytes[3..] } else { bytes };
            count_invalid_utf8(body)
        });
        return DecodedInto {
            text: false,
            encoding,
            replacements,
        };
    }
    let skip = if detected.bom {
        Encoding::for_bom(bytes).map_or(0, |(_, len)| len)
    } else {
        0
    };
    let replacements = decode_with(encoding, &bytes[skip..], out);
    DecodedInto {
        text: true,
        encoding,
        replacements,
    }
}

/// Decodes `src` (BOM already removed) onto the end of `out`, counting
/// malformed sequences. Decoding without replacement and pushing U+FFFD by
/// hand is what makes the count exact: a U+FFFD that was in the text
/// itself is not counted.
fn decode_with(encoding: &'static Encoding, mut src: &[u8], out: &mut String) -> u64 {
    // The real encoding's decoder: `UTF_16LE.output_encoding()` is UTF-8,
    // and `Encoding::decode` would sniff a BOM of its own.
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // Chinese in GBK, Big5 or UTF-16 grows by half (2 bytes to 3); ASCII
    // stays the same. Anything bigger grows the String as it goes.
    out.reserve(src.len() + src.len() / 2 + 16);
    let mut replacements = 0u64;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, out, true);
        src = &src[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(src.len().max(4096)),
            DecoderResult::Malformed(_, _) => {
                replacements += 1;
                out.push('\u{FFFD}');
            }
        }
    }
    replacements
}

/// The labels suggested when `--encoding` gets one it does not know: the
/// encodings scraped Chinese news actually comes in, and a few neighbours.
const SUGGESTED: &str = "utf-8, gbk, gb18030, big5, shift_jis, euc-kr, utf-16le";

/// The encoding for an `--encoding` label: any WHATWG label, the names web
/// pages use in `<meta charset>`, so that whatever a page declared can be
/// given as is (case and surrounding spaces do not matter).
///
/// The error is one line for the command line, quoting the label and
/// naming a few valid ones. Labels that WHATWG maps to the "replacement"
/// encoding (iso-2022-kr, hz-gb-2312...) are refused: they would decode
/// every file to a single U+FFFD.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, String> {
    let trimmed = label.trim();
    let shown: String = trimmed.chars().flat_map(char::escape_debug).collect();
    match Encoding::for_label_no_replacement(trimmed.as_bytes()) {
        Some(e) => Ok(e),
        None if Encoding::for_label(trimmed.as_bytes()).is_some() => Err(format!(
            "encoding '{shown}' cannot be decoded (WHATWG maps it to replacement): \
             use a label such as {SUGGESTED}"
        )),
        None => Err(format!(
            "unknown encoding '{shown}': use a WHATWG label such as {SUGGESTED}"
        )),
    }
}

/// The name a file's encoding is shown and exported under: encoding_rs's
/// name lowercased ("utf-8", "gbk", "gb18030", "big5", "utf-16le"), as
/// lowercase is how labels are usually written and how `--encoding`
/// accepts them back. Static, so that a folder of 100,000 files does not
/// allocate 100,000 names.
pub fn encoding_name(e: &'static Encoding) -> &'static str {
    let name = e.name();
    if !name.bytes().any(|b| b.is_ascii_uppercase()) {
        return name;
    }
    match name {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "GBK" => "gbk",
        "Big5" => "big5",
        "Shift_JIS" => "shift_jis",
        "EUC-JP" => "euc-jp",
        "EUC-KR" => "euc-kr",
        "ISO-2022-JP" => "iso-2022-jp",
        "IBM866" => "ibm866",
        "KOI8-R" => "koi8-r",
        "KOI8-U" => "koi8-u",
        "ISO-8859-2" => "iso-8859-2",
        "ISO-8859-3" => "iso-8859-3",
        "ISO-8859-4" => "iso-8859-4",
        "ISO-8859-5" => "iso-8859-5",
        "ISO-8859-6" => "iso-8859-6",
        "ISO-8859-7" => "iso-8859-7",
        "ISO-8859-8" => "iso-8859-8",
        "ISO-8859-8-I" => "iso-8859-8-i",
        "ISO-8859-10" => "iso-8859-10",
        "ISO-8859-13" => "iso-8859-13",
        "ISO-8859-14" => "iso-8859-14",
        "ISO-8859-15" => "iso-8859-15",
        "ISO-8859-16" => "iso-8859-16",
        // Every encoding_rs encoding is listed above (a test checks); a
        // new one would show under its own spelling.
        other => other,
    }
}

#[cfg(test)]
mod gb2312_tests {
    use super::*;

    #[test]
    fn everyday_gbk_is_recognised_without_chardetng() {
        let text = "市政府今天召开新闻发布会，介绍了今年上半年的经济运行情况和下一步的工作安排。"
            .repeat(3);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert!(looks_like_gb2312(&gbk));
        assert_eq!(detect(&gbk, None).encoding, encoding_rs::GBK);
    }

    #[test]
    fn big5_and_short_text_are_left_to_chardetng() {
        let text = "市政府今天召開新聞發布會，介紹了今年上半年的經濟運行情況和下一步的工作安排。"
            .repeat(3);
        let (big5, _, _) = encoding_rs::BIG5.encode(&text);
        assert!(!looks_like_gb2312(&big5));
        let (short, _, _) = encoding_rs::GBK.encode("新闻");
        assert!(!looks_like_gb2312(&short));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030, GBK};
    use proptest::prelude::*;

    /// A few simplified-Chinese news sentences, written for these tests.
    const NEWS: &str = "今天上午，市图书馆举办了一场关于古籍修复的讲座，吸引了许多年轻读者参加。\n\
        据气象台预报，本周后半段将有一次明显降温过程，请市民注意添衣保暖。\n\
        新开通的地铁线路连接了城东的大学城和火车站，早高峰的客流比预计多出三成。\n";

    /// Traditional Chinese, for Big5.
    const NEWS_TRAD: &str = "今天的天氣很好，我們一起去公園散步，順便看看新開的書店。\n\
        港股今日收市上升，成交額比上週明顯增加，分析員認為市場氣氛轉趨樂觀。\n";

    /// Text that compresses, but not to nothing: numbered lines.
    fn long_text(lines: usize) -> String {
        (0..lines)
            .map(|i| format!("第{i}条：{}", NEWS.lines().nth(i % 3).unwrap_or("")))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn zstd(data: &[u8]) -> Vec<u8> {
        zstd::encode_all(data, 3).unwrap()
    }

    fn encode(e: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, used, unmappable) = e.encode(text);
        assert_eq!(used, e, "encoding_rs encodes {} as itself", e.name());
        assert!(!unmappable, "sample text fits {}", e.name());
        bytes.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    fn lossy_count(bytes: &[u8]) -> u64 {
        bytes
            .utf8_chunks()
            .filter(|c| !c.invalid().is_empty())
            .count() as u64
    }

    #[test]
    fn compression_names() {
        assert_eq!(Compression::default(), Compression::None);
        assert_eq!(Compression::None.as_str(), "none");
        assert_eq!(Compression::Gzip.as_str(), "gzip");
        assert_eq!(Compression::Zstd.to_string(), "zstd");
    }

    #[test]
    fn sniff_by_magic_bytes() {
        assert_eq!(sniff(&gzip(b"x")), Compression::Gzip);
        assert_eq!(sniff(&zstd(b"x")), Compression::Zstd);
        assert_eq!(sniff(NEWS.as_bytes()), Compression::None);
        assert_eq!(sniff(&[0x1f, 0x8b]), Compression::Gzip);
        assert_eq!(sniff(&ZSTD_MAGIC), Compression::Zstd);
    }

    #[test]
    fn sniff_short_input_never_panics() {
        assert_eq!(sniff(&[]), Compression::None);
        for head in [&GZIP_MAGIC[..], &ZSTD_MAGIC[..]] {
            for n in 0..head.len().min(3) {
                let _ = sniff(&head[..n]);
            }
        }
        assert_eq!(sniff(&[0x1f]), Compression::None);
        assert_eq!(sniff(&ZSTD_MAGIC[..3]), Compression::None);
        for b in 0..=255u8 {
            assert_eq!(sniff(&[b]), Compression::None);
            assert_eq!(sniff(&[b, b, b]), Compression::None);
        }
    }

    #[test]
    fn gzip_round_trip_with_concatenated_members() {
        let (a, b) = (long_text(200), NEWS.to_string());
        let mut raw = gzip(a.as_bytes());
        raw.extend(gzip(b.as_bytes()));
        let want = format!("{a}{b}");
        let (out, why) = decompress(&raw, sniff(&raw), u64::MAX);
        assert_eq!(why, None);
        assert_eq!(out, want.as_bytes());

        let mut to = Vec::new();
        let (n, why) = decompress_to(&raw[..], Compression::Gzip, &mut to, u64::MAX).unwrap();
        assert_eq!((n, why), (want.len() as u64, None));
        assert_eq!(to, want.as_bytes());
    }

    #[test]
    fn truncated_gzip_keeps_the_prefix() {
        let text = long_text(5000);
        let raw = gzip(text.as_bytes());
        for cut in [raw.len() / 2, raw.len() - 4, 12] {
            let (out, why) = decompress(&raw[..cut], Compression::Gzip, u64::MAX);
            assert_eq!(
                why.as_deref(),
                Some("truncated gzip stream"),
                "cut at {cut}"
            );
            assert!(text.as_bytes().starts_with(&out), "cut at {cut}");
            if cut > 12 {
                assert!(
                    out.len() > text.len() / 4,
                    "cut at {cut}: only {}",
                    out.len()
                );
            }
            let mut to = Vec::new();
            let (n, why2) =
                decompress_to(&raw[..cut], Compression::Gzip, &mut to, u64::MAX).unwrap();
            assert_eq!(why2, why);
            assert_eq!(n, to.len() as u64);
            assert!(text.as_bytes().starts_with(&to));
        }
    }

    #[test]
    fn gzip_with_trailing_garbage_keeps_the_member() {
        let mut raw = gzip(NEWS.as_bytes());
        raw.extend_from_slice(b"not a gzip member at all");
        let (out, why) = decompress(&raw, Compression::Gzip, u64::MAX);
        assert_eq!(out, NEWS.as_bytes());
        assert_eq!(
            why.as_deref(),
            Some("corrupt gzip data: invalid gzip header")
        );
    }

    #[test]
    fn gzip_checksum_mismatch_is_corrupt() {
        let mut raw = gzip(NEWS.as_bytes());
        let crc = raw.len() - 8;
        raw[crc] ^= 0xFF;
        let (out, why) = decompress(&raw, Compression::Gzip, u64::MAX);
        assert_eq!(out, NEWS.as_bytes());
        let why = why.unwrap();
        assert!(why.starts_with("corrupt gzip data: "), "{why}");
    }

    #[test]
    fn a_lying_size_claim_is_only_a_hint() {
        let mut raw = gzip(NEWS.as_bytes());
        let n = raw.len();
        raw[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
        let (out, why) = decompress(&raw, Compression::Gzip, u64::MAX);
        assert_eq!(out, NEWS.as_bytes());
        assert!(why.unwrap().starts_with("corrupt gzip data: "));
    }

    #[test]
    fn zstd_round_trip_with_concatenated_frames() {
        let (a, b) = (long_text(300), NEWS.to_string());
        let mut raw = zstd(a.as_bytes());
        raw.extend(zstd(b.as_bytes()));
        let want = format!("{a}{b}");
        let (out, why) = decompress(&raw, sniff(&raw), u64::MAX);
        assert_eq!(why, None);
        assert_eq!(out, want.as_bytes());

        let mut to = Vec::new();
        let (n, why) = decompress_to(&raw[..], Compression::Zstd, &mut to, u64::MAX).unwrap();
        assert_eq!((n, why), (want.len() as u64, None));
        assert_eq!(to, want.as_bytes());
    }

    #[test]
    fn truncated_zstd_keeps_the_prefix() {
        let text = long_text(20000);
        let raw = zstd(text.as_bytes());
        let cut = raw.len() * 3 / 4;
        let (out, why) = decompress(&raw[..cut], Compression::Zstd, u64::MAX);
        assert_eq!(why.as_deref(), Some("truncated zstd stream"));
        assert!(!out.is_empty());
        assert!(text.as_bytes().starts_with(&out));

        let mut to = Vec::new();
        let (n, why) = decompress_to(&raw[..cut], Compression::Zstd, &mut to, u64::MAX).unwrap();
        assert_eq!(why.as_deref(), Some("truncated zstd stream"));
        assert_eq!(n, to.len() as u64);
        assert!(text.as_bytes().starts_with(&to));
    }

    #[test]
    fn corrupt_zstd_is_a_lowercase_reason() {
        let mut raw = ZSTD_MAGIC.to_vec();
        raw.extend_from_slice(&[0xFF; 32]);
        let (out, why) = decompress(&raw, Compression::Zstd, u64::MAX);
        assert!(out.is_empty());
        let why = why.unwrap();
        assert!(why.starts_with("corrupt zstd data: "), "{why}");
        let detail = &why["corrupt zstd data: ".len()..];
        assert!(detail.starts_with(|c: char| c.is_lowercase()), "{why}");
    }

    #[test]
    fn bombs_stop_at_the_limit() {
        let zeros = vec![0u8; 4 << 20];
        let limit = 256 << 10;
        for (c, raw) in [
            (Compression::Gzip, gzip(&zeros)),
            (Compression::Zstd, zstd(&zeros)),
            (Compression::None, zeros.clone()),
        ] {
            let (out, why) = decompress(&raw, c, limit);
            assert_eq!(out.len() as u64, limit, "{c}");
            let why = why.unwrap();
            assert!(why.contains("limit"), "{c}: {why}");

            let mut to = Vec::new();
            let (n, why) = decompress_to(&raw[..], c, &mut to, limit).unwrap();
            assert_eq!((n, to.len() as u64), (limit, limit), "{c}");
            assert!(why.unwrap().contains("limit"), "{c}");
        }
    }

    #[test]
    fn output_exactly_at_the_limit_is_fine() {
        let text = long_text(100);
        let raw = gzip(text.as_bytes());
        let limit = text.len() as u64;
        assert_eq!(
            decompress(&raw, Compression::Gzip, limit),
            (text.clone().into_bytes(), None)
        );
        let mut to = Vec::new();
        assert_eq!(
            decompress_to(&raw[..], Compression::Gzip, &mut to, limit).unwrap(),
            (limit, None)
        );
        let (out, why) = decompress(&raw, Compression::Gzip, limit - 1);
        assert_eq!(out.len() as u64, limit - 1);
        assert!(why.is_some());
    }

    struct Failing;

    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn io_errors_are_errors_not_reasons() {
        for (c, raw) in [
            (Compression::None, NEWS.as_bytes().to_vec()),
            (Compression::Gzip, gzip(NEWS.as_bytes())),
            (Compression::Zstd, zstd(NEWS.as_bytes())),
        ] {
            let e = decompress_to(&raw[..], c, &mut Failing, u64::MAX).unwrap_err();
            assert_eq!(e.to_string(), "disk full", "{c}");
            let e = decompress_to(Failing, c, &mut Vec::new(), u64::MAX).unwrap_err();
            assert_eq!(e.to_string(), "disk on fire", "{c}");
        }
    }

    #[test]
    fn empty_archives_do_not_panic() {
        for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
            let (out, _) = decompress(&[], c, u64::MAX);
            assert!(out.is_empty());
            let (n, _) = decompress_to(&[][..], c, &mut Vec::new(), u64::MAX).unwrap();
            assert_eq!(n, 0);
        }
    }

    #[test]
    fn gbk_is_detected_and_decoded_exactly() {
        let bytes = encode(GBK, NEWS);
        assert_eq!(
            detect(&bytes, None),
            Detected {
                encoding: GBK,
                bom: false
            }
        );
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, GBK);
        assert_eq!(encoding_name(d.encoding), "gbk");
        assert_eq!(d.replacements, 0);
        assert_eq!(d.text.as_deref(), Some(NEWS.as_bytes()));
    }

    #[test]
    fn short_gbk_headline_in_html() {
        let page = "<html><head><title>体育新闻</title></head><body><p>比赛结束</p></body></html>";
        let d = decode(&encode(GBK, page), None);
        assert_eq!(d.encoding, GBK);
        assert_eq!(d.text.as_deref(), Some(page.as_bytes()));
    }

    #[test]
    fn gb18030_only_characters_decode() {
        // Ideographs outside GBK (extensions A and B) take GB18030's
        // four-byte form; the GBK decoder is the GB18030 decoder.
        let text = format!("{NEWS}古籍中出现了生僻字“𠮷”、“𠀀”和“䶮”，编辑部逐一核对。\n");
        let bytes = encode(GB18030, &text);
        assert!(GBK.encode(&text).2, "the sample must not fit GBK");
        let d = decode(&bytes, None);
        assert!(
            d.encoding == GBK || d.encoding == GB18030,
            "{}",
            d.encoding.name()
        );
        assert_eq!(d.replacements, 0);
        assert_eq!(d.text.as_deref(), Some(text.as_bytes()));
        let forced = decode(&bytes, Some(GB18030));
        assert_eq!(encoding_name(forced.encoding), "gb18030");
        assert_eq!(forced.text.as_deref(), Some(text.as_bytes()));
    }

    #[test]
    fn big5_is_detected_and_decoded() {
        let bytes = encode(BIG5, NEWS_TRAD);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, BIG5);
        assert_eq!(encoding_name(d.encoding), "big5");
        assert_eq!(d.replacements, 0);
        assert_eq!(d.text.as_deref(), Some(NEWS_TRAD.as_bytes()));
    }

    #[test]
    fn utf16_with_bom_is_decoded_without_it() {
        for (big_endian, enc, name) in [(false, UTF_16LE, "utf-16le"), (true, UTF_16BE, "utf-16be")]
        {
            let bytes = utf16(NEWS, big_endian);
            assert_eq!(
                detect(&bytes, None),
                Detected {
                    encoding: enc,
                    bom: true
                }
            );
            let d = decode(&bytes, None);
            assert_eq!(encoding_name(d.encoding), name);
            assert_eq!(d.replacements, 0);
            assert_eq!(d.text.as_deref(), Some(NEWS.as_bytes()));
        }
    }

    #[test]
    fn utf16_replacements_count_errors_not_existing_fffd() {
        // A real U+FFFD in the text, then a lone high surrogate.
        let mut bytes = utf16("旧\u{FFFD}新", false);
        bytes.extend_from_slice(&0xD800u16.to_le_bytes());
        bytes.extend_from_slice(&utf16("闻", false)[2..]);
        let d = decode(&bytes, None);
        assert_eq!(d.replacements, 1);
        assert_eq!(d.text.as_deref(), Some("旧\u{FFFD}新\u{FFFD}闻".as_bytes()));
        // An odd byte at the end is one more.
        bytes.push(0x41);
        assert_eq!(decode(&bytes, None).replacements, 2);
    }

    #[test]
    fn utf8_with_bom_is_used_as_is() {
        let bytes = [&[0xEF, 0xBB, 0xBF][..], NEWS.as_bytes()].concat();
        assert_eq!(
            detect(&bytes, None),
            Detected {
                encoding: UTF_8,
                bom: true
            }
        );
        let d = decode(&bytes, None);
        assert_eq!((d.text, d.encoding, d.replacements), (None, UTF_8, 0));
    }

    #[test]
    fn plain_utf8_ascii_and_empty_are_used_as_is() {
        for bytes in [NEWS.as_bytes(), b"plain ascii\n", b""] {
            assert_eq!(
                detect(bytes, None),
                Detected {
                    encoding: UTF_8,
                    bom: false
                }
            );
            let d = decode(bytes, None);
            assert_eq!((d.text, d.encoding, d.replacements), (None, UTF_8, 0));
        }
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        let text = long_text(100);
        let middle = text.char_indices().nth(text.chars().count() / 2).unwrap().0;
        let mut bytes = text.into_bytes();
        bytes.insert(middle, 0xFF);
        let d = decode(&bytes, None);
        assert_eq!((d.text, d.encoding, d.replacements), (None, UTF_8, 1));

        // A short file too, where one byte is more than one per 1000.
        let mut short = "记者从市交通局获悉，明年起公交车将全面改用电动车型。"
            .as_bytes()
            .to_vec();
        short.insert(9, 0xC0);
        let d = decode(&short, None);
        assert_eq!((d.encoding, d.replacements), (UTF_8, 1));
        assert_eq!(d.text, None);
    }

    #[test]
    fn utf8_with_a_gbk_page_inside_is_not_mostly_utf8() {
        let mut bytes = encode(GBK, NEWS);
        bytes.extend_from_slice("编辑：王小明".as_bytes());
        assert_eq!(detect(&bytes, None).encoding, GBK);
    }

    #[test]
    fn forced_encoding_wins() {
        let gbk = encode(GBK, NEWS);
        // Forced UTF-8 on GBK: used as is, every bad sequence counted.
        let d = decode(&gbk, Some(UTF_8));
        assert_eq!((d.encoding, d.text.is_none()), (UTF_8, true));
        assert_eq!(d.replacements, lossy_count(&gbk));
        // Forced GBK on UTF-8 is decoded as GBK, however wrong.
        let d = decode(NEWS.as_bytes(), Some(encoding_for_label("gbk").unwrap()));
        assert_eq!(d.encoding, GBK);
        assert!(d.text.is_some());
        // A BOM of the forced encoding is recorded and not decoded.
        let bom8 = [&[0xEF, 0xBB, 0xBF][..], NEWS.as_bytes()].concat();
        assert_eq!(
            detect(&bom8, Some(UTF_8)),
            Detected {
                encoding: UTF_8,
                bom: true
            }
        );
        assert!(!detect(&bom8, Some(GBK)).bom);
        // UTF-16 without a BOM is decoded when forced.
        let le = utf16(NEWS, false);
        let d = decode(&le[2..], Some(encoding_for_label("utf-16").unwrap()));
        assert_eq!(d.encoding, UTF_16LE);
        assert_eq!(d.text.as_deref(), Some(NEWS.as_bytes()));
        // And with a BOM, the BOM picks the byte order.
        let be = utf16(NEWS, true);
        let d = decode(&be, Some(UTF_16LE));
        assert_eq!(d.encoding, UTF_16BE);
        assert_eq!(d.text.as_deref(), Some(NEWS.as_bytes()));
        // Empty input keeps the forced encoding.
        assert_eq!(decode(b"", Some(BIG5)).encoding, BIG5);
    }

    #[test]
    fn labels() {
        assert_eq!(encoding_for_label(" GBK\n"), Ok(GBK));
        assert_eq!(encoding_for_label("gb2312"), Ok(GBK));
        assert_eq!(encoding_for_label("GB18030"), Ok(GB18030));
        assert_eq!(encoding_for_label("big5-hkscs"), Ok(BIG5));
        assert_eq!(encoding_for_label("utf8"), Ok(UTF_8));
        assert_eq!(encoding_for_label("UTF-16BE"), Ok(UTF_16BE));
        assert_eq!(
            encoding_for_label("gbkk"),
            Err(
                "unknown encoding 'gbkk': use a WHATWG label such as utf-8, gbk, gb18030, \
                 big5, shift_jis, euc-kr, utf-16le"
                    .into()
            )
        );
        let e = encoding_for_label("hz-gb-2312").unwrap_err();
        assert!(
            e.starts_with("encoding 'hz-gb-2312' cannot be decoded"),
            "{e}"
        );
        let e = encoding_for_label("bad\x1b[2J").unwrap_err();
        assert!(!e.contains('\x1b'), "{e:?}");
        assert!(
            encoding_for_label("")
                .unwrap_err()
                .starts_with("unknown encoding ''")
        );
    }

    #[test]
    fn gbk_replacements_are_exact() {
        let (a, b, c) = ("第一段新闻。", "第二段：", "结尾");
        let mut bytes = encode(GBK, a);
        bytes.push(0xFF); // never valid
        bytes.extend(encode(GBK, b));
        bytes.extend_from_slice(&[0x81, b' ']); // lead byte, ASCII after it
        bytes.extend(encode(GBK, c));
        bytes.push(0x81); // lead byte cut off at the end
        let want = format!("{a}\u{FFFD}{b}\u{FFFD} {c}\u{FFFD}");
        let d = decode(&bytes, Some(GBK));
        assert_eq!(d.replacements, 3);
        assert_eq!(String::from_utf8(d.text.unwrap()).unwrap(), want);
        // Detection copes with a damaged file too.
        let mut long = encode(GBK, NEWS);
        long.push(0xFF);
        long.extend(encode(GBK, NEWS));
        let d = decode(&long, None);
        assert_eq!((d.encoding, d.replacements), (GBK, 1));
    }

    #[test]
    fn big_files_are_detected() {
        // Encoding is slow in debug builds: encode once, repeat the bytes.
        let text = NEWS.repeat(8000);
        let bytes = encode(GBK, NEWS).repeat(8000);
        assert!(bytes.len() > DETECT_PREFIX);
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.replacements), (GBK, 0));
        assert_eq!(d.text.as_deref(), Some(text.as_bytes()));
        // Text after a MiB of ASCII still decides.
        let preamble = "<!-- scraped by a crawler that logs a lot -->\n".repeat(50_000);
        let bytes = [preamble.as_bytes(), &encode(BIG5, NEWS_TRAD)].concat();
        assert!(bytes.len() > 2 * DETECT_PREFIX);
        assert_eq!(detect(&bytes, None).encoding, BIG5);
    }

    #[test]
    fn every_encoding_has_a_static_lowercase_name() {
        use encoding_rs::*;
        let all = [
            BIG5,
            EUC_JP,
            EUC_KR,
            GB18030,
            GBK,
            IBM866,
            ISO_2022_JP,
            ISO_8859_10,
            ISO_8859_13,
            ISO_8859_14,
            ISO_8859_15,
            ISO_8859_16,
            ISO_8859_2,
            ISO_8859_3,
            ISO_8859_4,
            ISO_8859_5,
            ISO_8859_6,
            ISO_8859_7,
            ISO_8859_8,
            ISO_8859_8_I,
            KOI8_R,
            KOI8_U,
            MACINTOSH,
            REPLACEMENT,
            SHIFT_JIS,
            UTF_16BE,
            UTF_16LE,
            UTF_8,
            WINDOWS_1250,
            WINDOWS_1251,
            WINDOWS_1252,
            WINDOWS_1253,
            WINDOWS_1254,
            WINDOWS_1255,
            WINDOWS_1256,
            WINDOWS_1257,
            WINDOWS_1258,
            WINDOWS_874,
            X_MAC_CYRILLIC,
            X_USER_DEFINED,
        ];
        for e in all {
            assert_eq!(encoding_name(e), e.name().to_ascii_lowercase());
        }
    }

    proptest! {
        /// The count matches `String::from_utf8_lossy`'s replacements.
        #[test]
        fn invalid_utf8_count_matches_lossy(
            parts in proptest::collection::vec(
                prop_oneof![
                    any::<String>().prop_map(String::into_bytes),
                    proptest::collection::vec(any::<u8>(), 0..6),
                    Just(vec![0xE4, 0xB8]),
                    Just(vec![0xED, 0xA0, 0x80]),
                ],
                0..12,
            )
        ) {
            let bytes = parts.concat();
            prop_assert_eq!(count_invalid_utf8(&bytes), lossy_count(&bytes));
            let d = decode(&bytes, Some(UTF_8));
            prop_assert_eq!(d.replacements, lossy_count(&bytes));
            if let Some(n) = mostly_utf8(&bytes) {
                prop_assert_eq!(n, lossy_count(&bytes));
            }
        }

        /// Damage anywhere never panics and never invents output.
        #[test]
        fn damaged_archives_give_a_prefix_or_a_reason(cut in 0usize..400, flip in 0usize..400) {
            let text = long_text(20);
            for c in [Compression::Gzip, Compression::Zstd] {
                let mut raw = if c == Compression::Gzip { gzip(text.as_bytes()) } else { zstd(text.as_bytes()) };
                raw.truncate(cut.min(raw.len()));
                let (out, why) = decompress(&raw, c, u64::MAX);
                prop_assert!(text.as_bytes().starts_with(&out));
                prop_assert!(why.is_some() || out == text.as_bytes());
                if let Some(b) = raw.get_mut(flip) {
                    *b ^= 0x5A;
                }
                let _ = decompress(&raw, c, u64::MAX);
            }
        }
    }
}
