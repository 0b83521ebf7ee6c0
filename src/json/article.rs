//! A JSON record decoded for the format-neutral [`Article`]
//! (`crate::dump::Article`): what the list, the text pane, the search,
//! the filters and the exports read, whatever the record's field names.
//!
//! The field names (`--field` overrides on top of the usual ones) are the
//! run's: set once by the command line before any input is read, the
//! default table otherwise. A process reads one scrape with one set of
//! names, and the index, which decodes records on demand deep inside the
//! corpus, then needs no handle to pass them along.

use std::sync::OnceLock;

use super::record::{Fields, Record, RecordError, parse_record};

static FIELDS: OnceLock<Fields> = OnceLock::new();

/// Sets the run's field names. Only the first call counts (before any
/// record is decoded); a later one returns false.
pub fn set_fields(fields: Fields) -> bool {
    FIELDS.set(fields).is_ok()
}

/// The run's field names.
pub fn fields() -> &'static Fields {
    FIELDS.get_or_init(Fields::default)
}

/// One record decoded: its article fields, or why it is none. Text is as
/// the record holds it (escapes decoded, controls kept): whatever shows it
/// sanitises it, as it does a dump's own text.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    record: Result<Record, RecordError>,
    /// For a good record, its time as shown; for a bad one, its title.
    shown: String,
}

impl Decoded {
    /// Decodes the record in `bytes` with the run's field names.
    pub fn new(bytes: &[u8]) -> Decoded {
        Decoded::with_fields(bytes, fields())
    }

    /// Decodes the record in `bytes` with `fields`.
    pub fn with_fields(bytes: &[u8], fields: &Fields) -> Decoded {
        match parse_record(bytes, fields) {
            Ok(mut r) => {
                if let Some(body) = r.body.as_mut() {
                    one_line_end(body);
                }
                let shown = match (&r.time, &r.time_written) {
                    // A page stamp's own shape is kept, seconds or none:
                    // an export of a dump reads back with the same times.
                    (Some(t), Some(w)) if !t.is_text() && is_stamp_shape(w) => w.clone(),
                    (Some(t), _) => t.to_string(),
                    (None, _) => String::new(),
                };
                Decoded {
                    record: Ok(r),
                    shown,
                }
            }
            Err(why) => Decoded {
                shown: format!("bad record: {why}"),
                record: Err(why),
            },
        }
    }

    /// The record, or why it is none.
    pub fn record(&self) -> Result<&Record, &RecordError> {
        self.record.as_ref()
    }

    /// Why the record is no article, if it is none.
    pub fn error(&self) -> Option<&RecordError> {
        self.record.as_ref().err()
    }

    /// The title (empty when the record has none); for a bad record, what
    /// is wrong, so that its row says it.
    pub fn title(&self) -> &str {
        match &self.record {
            Ok(r) => r.title.as_deref().unwrap_or_default(),
            Err(_) => &self.shown,
        }
    }

    /// The body (empty when none).
    pub fn body(&self) -> &str {
        self.part(|r| &r.body)
    }

    /// The site (empty when unknown).
    pub fn site(&self) -> &str {
        self.part(|r| &r.site)
    }

    fn part(&self, field: impl Fn(&Record) -> &Option<String>) -> &str {
        match &self.record {
            Ok(r) => field(r).as_deref().unwrap_or_default(),
            Err(_) => "",
        }
    }

    /// The time as shown: `YYYY-MM-DD HH:MM:SS` on the writer's wall clock
    /// when it parsed (the shape of a dump's stamps, so filters and sorts
    /// read both alike), the text as written when it did not, empty when
    /// there is none.
    pub fn time(&self) -> &str {
        match &self.record {
            Ok(_) => &self.shown,
            Err(_) => "",
        }
    }

    /// Whether the time is a time, not text that did not parse.
    pub fn time_parsed(&self) -> bool {
        self.record
            .as_ref()
            .ok()
            .and_then(|r| r.time.as_ref())
            .is_some_and(|t| !t.is_text())
    }
}

/// Lines ended by `\n` alone: a `\r` (or several) before a line end is
/// the line end's, as in a dump.
fn one_line_end(body: &mut String) {
    if body.contains('\r') {
        *body = body
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .collect::<Vec<_>>()
            .join("\n");
    }
}

/// `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`, a page stamp's shape.
fn is_stamp_shape(t: &str) -> bool {
    const SHAPE: &[u8] = b"dddd-dd-dd dd:dd:dd";
    let b = t.as_bytes();
    // A leap second (`:60`) is read as `:59`: shown as parsed, so that the
    // date filters, which take a stamp's seconds up to 59, agree.
    (b.len() == 16 || (b.len() == 19 && b[17] < b'6'))
        && b.iter().zip(SHAPE).all(|(&c, &s)| {
            if s == b'd' {
                c.is_ascii_digit()
            } else {
                c == s
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_as_article_fields() {
        let d = Decoded::with_fields(
            r#"{"headline":"标题","text":"第一段。\n第二段。","hostname":"a.cn","date":"2024-09-05T08:30:00+08:00"}"#.as_bytes(),
            &Fields::default(),
        );
        assert_eq!(d.title(), "标题");
        assert_eq!(d.body(), "第一段。\n第二段。");
        assert_eq!(d.site(), "a.cn");
        assert_eq!(d.time(), "2024-09-05 08:30:00");
        assert!(d.time_parsed() && d.error().is_none());
    }

    #[test]
    fn unparsed_times_are_kept_as_written_and_bad_records_say_why() {
        let d = Decoded::with_fields(br#"{"title":"t","date":"yesterday"}"#, &Fields::default());
        assert_eq!(d.time(), "yesterday");
        assert!(!d.time_parsed());
        let d = Decoded::with_fields(br#"{"title": {"a": 1}, "url": "x"}"#, &Fields::default());
        assert_eq!(d.title(), "bad record: neither a title nor a body");
        assert_eq!(d.error(), Some(&RecordError::Empty));
    }
}
