//! One JSON record as an article: which fields hold the title, the body,
//! the time and the rest, whatever tool wrote it (news-please, trafilatura,
//! newspaper4k, Scrapy feeds, corpus shards).

use serde_json::{Map, Value};

use super::time::{RecordTime, parse_epoch, parse_time};

/// An article read from a JSON record: the format-neutral fields, and the
/// record's other fields kept as they were.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The headline.
    pub title: Option<String>,
    /// The text.
    pub body: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The site or source name (the URL's host when no field says).
    pub site: Option<String>,
    /// When it was published, or fetched when `time_is_fetch`.
    pub time: Option<RecordTime>,
    /// The time as the record writes it, when it writes a string.
    pub time_written: Option<String>,
    /// Whether `time` is the download time (`date_download`), not the
    /// publication time: the only time some records carry.
    pub time_is_fetch: bool,
    /// Its language, as the record says (`zh`, `en`).
    pub language: Option<String>,
    /// Its authors.
    pub authors: Vec<String>,
    /// Every top-level field not read into the above, in the record's
    /// order: strings as they are, anything else as compact JSON.
    pub extras: Vec<(String, String)>,
}

/// Why a record could not be read as an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// Not JSON: serde_json's reason.
    Invalid(String),
    /// JSON, but not an object (`[1, 2]`, `"text"`).
    NotAnObject(&'static str),
    /// An object with neither a title nor a body.
    Empty,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Invalid(why) => write!(f, "invalid JSON: {why}"),
            RecordError::NotAnObject(kind) => write!(f, "{kind}, not an object"),
            RecordError::Empty => f.write_str("neither a title nor a body"),
        }
    }
}

/// The article fields and the record fields that may hold them, first
/// present and non-empty wins; `a.b` reaches into nested objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// Title.
    pub title: Vec<String>,
    /// Body.
    pub body: Vec<String>,
    /// URL (a `source` field counts only when it is an http(s) URL).
    pub url: Vec<String>,
    /// Publication time.
    pub time: Vec<String>,
    /// Download time, when no publication time is there.
    pub fetched: Vec<String>,
    /// Site or source name.
    pub site: Vec<String>,
    /// Language.
    pub language: Vec<String>,
    /// Authors (an array of names, or one string).
    pub authors: Vec<String>,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Default for Fields {
    /// The names news-please, trafilatura, newspaper4k and corpus shards
    /// use (issue 13's table).
    fn default() -> Fields {
        Fields {
            title: names(&["title", "headline"]),
            body: names(&["maintext", "text", "raw_text", "content", "body", "article"]),
            url: names(&["url", "canonical_link", "link", "source", "metadata.url"]),
            time: names(&[
                "date_publish",
                "publish_date",
                "published",
                "pubDate",
                "date",
                "metadata.date",
                // newsdump's own export.
                "time",
            ]),
            fetched: names(&["date_download"]),
            site: names(&[
                "source_domain",
                "hostname",
                "sitename",
                "source-hostname",
                "meta_site_name",
                "domain",
                // A `source` that is no URL: newsdump's own export, and
                // spiders that name the outlet so.
                "source",
            ]),
            language: names(&["language", "meta_lang", "metadata.language"]),
            authors: names(&["authors", "author"]),
        }
    }
}

impl Fields {
    /// Applies one `--field NAME=PATH`: PATH (a field, or a dotted path)
    /// is tried first for NAME, before the usual names. The error names
    /// what is wrong and the names there are.
    pub fn set(&mut self, spec: &str) -> Result<(), String> {
        let Some((name, path)) = spec.split_once('=') else {
            return Err(format!(
                "--field '{spec}': expected NAME=FIELD, as title=headline"
            ));
        };
        let (name, path) = (name.trim(), path.trim());
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(format!("--field '{spec}': '{path}' is no field name"));
        }
        let list = match name {
            "title" => &mut self.title,
            "body" => &mut self.body,
            "url" => &mut self.url,
            "time" => &mut self.time,
            "fetched" => &mut self.fetched,
            "site" | "source" => &mut self.site,
            "language" => &mut self.language,
            "authors" | "author" => &mut self.authors,
            _ => {
                return Err(format!(
                    "--field '{spec}': no field '{name}' (title, body, url, time, fetched, site, language, authors)"
                ));
            }
        };
        list.retain(|p| p != path);
        list.insert(0, path.to_string());
        Ok(())
    }

    /// Every path this reads, for telling the extras apart.
    fn all(&self) -> impl Iterator<Item = &str> {
        [
            &self.title,
            &self.body,
            &self.url,
            &self.time,
            &self.fetched,
            &self.site,
            &self.language,
            &self.authors,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
    }
}

/// Reads one record (a line of JSON Lines, an element of an array, a
/// whole `.json` file) into an article.
///
/// serde_json stops at 128 levels of nesting, so a hostile record of
/// brackets 100,000 deep is an error, not a stack overflow. Text is kept as
/// decoded: escapes that decode to control characters are there, to be
/// sanitised wherever text is shown, as a dump's own text is.
pub fn parse_record(bytes: &[u8], fields: &Fields) -> Result<Record, RecordError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| RecordError::Invalid(e.to_string()))?;
    record_from_value(&value, fields)
}

/// [`parse_record`] for a value already parsed.
pub fn record_from_value(value: &Value, fields: &Fields) -> Result<Record, RecordError> {
    let object = match value {
        Value::Object(o) => o,
        Value::Array(_) => return Err(RecordError::NotAnObject("an array")),
        Value::String(_) => return Err(RecordError::NotAnObject("a string")),
        Value::Number(_) => return Err(RecordError::NotAnObject("a number")),
        Value::Bool(_) => return Err(RecordError::NotAnObject("true or false")),
        Value::Null => return Err(RecordError::NotAnObject("null")),
    };
    let title = first_text(object, &fields.title);
    let body = first_text(object, &fields.body);
    if title.is_none() && body.is_none() {
        return Err(RecordError::Empty);
    }
    let mut source_is_url = false;
    let url = fields.url.iter().find_map(|path| {
        let text = text_at(object, path)?;
        // `source` is a URL for trafilatura, a site name elsewhere.
        let url = path != "source" || is_http_url(&text);
        source_is_url = url && path == "source";
        url.then_some(text)
    });
    let mut time_is_fetch = false;
    let time = first_time(object, &fields.time).or_else(|| {
        let t = first_time(object, &fields.fetched);
        time_is_fetch = t.is_some();
        t
    });
    let (time, time_written) = match time {
        Some((t, written)) => (Some(t), written),
        None => (None, None),
    };
    let mut source_is_site = false;
    let site = fields
        .site
        .iter()
        .find_map(|path| {
            let text = text_at(object, path)?;
            if path == "source" {
                if is_http_url(&text) {
                    return None;
                }
                source_is_site = true;
            }
            // A site written as a URL is its host.
            Some(if is_http_url(&text) {
                host(&text).unwrap_or(text)
            } else {
                text
            })
        })
        .or_else(|| url.as_deref().and_then(host));
    let authors = fields
        .authors
        .iter()
        .find_map(|path| match lookup(object, path)? {
            Value::Array(items) => {
                let names: Vec<String> = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::trim))
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                (!names.is_empty()).then_some(names)
            }
            Value::String(s) if !s.trim().is_empty() => Some(vec![s.trim().to_string()]),
            _ => None,
        })
        .unwrap_or_default();
    // A `source` read as neither stays an extra; so does an object one of
    // whose fields was read (`metadata`: its other fields are kept).
    let read: Vec<&str> = fields
        .all()
        .filter(|&p| p != "source" || source_is_url || source_is_site)
        .collect();
    let extras = object
        .iter()
        .filter(|(k, _)| !read.contains(&k.as_str()))
        .map(|(k, v)| {
            let shown = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), shown)
        })
        .collect();
    Ok(Record {
        title,
        body,
        url,
        site,
        time,
        time_written,
        time_is_fetch,
        language: first_text(object, &fields.language),
        authors,
        extras,
    })
}

/// The value at a dotted path.
fn lookup<'v>(object: &'v Map<String, Value>, path: &str) -> Option<&'v Value> {
    // A key with a dot in it wins over a nested path.
    if let Some(v) = object.get(path) {
        return Some(v);
    }
    let mut parts = path.split('.');
    let mut at = object.get(parts.next()?)?;
    for part in parts {
        at = at.as_object()?.get(part)?;
    }
    Some(at)
}

/// The trimmed, non-empty string at `path` (numbers as written).
fn text_at(object: &Map<String, Value>, path: &str) -> Option<String> {
    match lookup(object, path)? {
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn first_text(object: &Map<String, Value>, paths: &[String]) -> Option<String> {
    paths.iter().find_map(|p| text_at(object, p))
}

/// The first time at `paths`, and the string it was written as.
fn first_time(
    object: &Map<String, Value>,
    paths: &[String],
) -> Option<(RecordTime, Option<String>)> {
    paths.iter().find_map(|p| match lookup(object, p)? {
        Value::String(s) if !s.trim().is_empty() => {
            Some((parse_time(s), Some(s.trim().to_string())))
        }
        Value::Number(n) => n.as_f64().and_then(parse_epoch).map(|t| (t, None)),
        _ => None,
    })
}

fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The host of an http(s) URL, without `www.` and a port.
fn host(url: &str) -> Option<String> {
    if !is_http_url(url) {
        return None;
    }
    let rest = &url[url.find("://")? + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Record {
        parse_record(json.as_bytes(), &Fields::default()).unwrap()
    }

    #[test]
    fn news_please_fields() {
        let r = read(
            r#"{"title":" 港口无人驾驶集卡上路 ","maintext":"正文。","date_publish":"2024-09-05 08:30:00",
                "date_download":"2024-09-06 00:00:00","source_domain":"www.example.cn",
                "url":"https://www.example.cn/a/1.html","language":"zh","authors":["李明"," ",""],
                "image_url":"https://img.example.cn/1.jpg","filename":"x.json"}"#,
        );
        assert_eq!(r.title.as_deref(), Some("港口无人驾驶集卡上路"));
        assert_eq!(r.body.as_deref(), Some("正文。"));
        assert_eq!(r.site.as_deref(), Some("www.example.cn"));
        assert_eq!(r.url.as_deref(), Some("https://www.example.cn/a/1.html"));
        assert_eq!(r.time, Some(parse_time("2024-09-05 08:30:00")));
        assert!(!r.time_is_fetch);
        assert_eq!(r.language.as_deref(), Some("zh"));
        assert_eq!(r.authors, ["李明"]);
        assert_eq!(
            r.extras,
            [
                (
                    "image_url".to_string(),
                    "https://img.example.cn/1.jpg".to_string()
                ),
                ("filename".to_string(), "x.json".to_string()),
            ]
        );
    }

    #[test]
    fn trafilatura_source_is_a_url_and_the_host_names_the_site() {
        let r = read(r#"{"title":"T","text":"B","source":"https://News.Example.com:8080/x?y=1"}"#);
        assert_eq!(
            r.url.as_deref(),
            Some("https://News.Example.com:8080/x?y=1")
        );
        assert_eq!(r.site.as_deref(), Some("news.example.com"));
        // A `source` that is a name is no URL, but the site when no other
        // field names one.
        let r = read(r#"{"title":"T","text":"B","source":"新华社"}"#);
        assert_eq!((r.url, r.site.as_deref()), (None, Some("新华社")));
        assert!(r.extras.is_empty());
        let r = read(r#"{"title":"T","text":"B","source":"新华社","sitename":"新华网"}"#);
        assert_eq!(r.site.as_deref(), Some("新华网"));
        assert_eq!(r.extras, [("source".to_string(), "新华社".to_string())]);
    }

    #[test]
    fn nested_metadata_and_a_fetch_time_alone() {
        let r = read(
            r#"{"id":"00042","text":"正文","metadata":{"url":"http://a.cn/1","date":"2024-01-02"}}"#,
        );
        assert_eq!(r.url.as_deref(), Some("http://a.cn/1"));
        assert_eq!(r.time, Some(parse_time("2024-01-02")));
        assert_eq!(r.extras[0], ("id".to_string(), "00042".to_string()));
        assert_eq!(r.extras[1].0, "metadata");
        let r = read(r#"{"title":"T","date_download":1725496200}"#);
        assert!(r.time_is_fetch);
        assert_eq!(r.time, parse_epoch(1725496200.0));
    }

    #[test]
    fn the_first_present_and_non_empty_field_wins() {
        let r = read(r#"{"title":"","headline":"H","maintext":"  ","text":"B","author":"王"}"#);
        assert_eq!(r.title.as_deref(), Some("H"));
        assert_eq!(r.body.as_deref(), Some("B"));
        assert_eq!(r.authors, ["王"]);
    }

    #[test]
    fn field_overrides_come_first_and_bad_ones_say_why() {
        let mut f = Fields::default();
        f.set("title=item.head").unwrap();
        f.set("body = article_text").unwrap();
        let r = parse_record(
            br#"{"title":"not this","item":{"head":"Spider title"},"article_text":"Spider body"}"#,
            &f,
        )
        .unwrap();
        assert_eq!(r.title.as_deref(), Some("Spider title"));
        assert_eq!(r.body.as_deref(), Some("Spider body"));
        assert!(f.set("headline").unwrap_err().contains("NAME=FIELD"));
        assert!(
            f.set("colour=red")
                .unwrap_err()
                .contains("no field 'colour'")
        );
        assert!(f.set("title=a..b").unwrap_err().contains("no field name"));
    }

    #[test]
    fn bad_records_say_why() {
        let f = Fields::default();
        let why = |s: &[u8]| parse_record(s, &f).unwrap_err().to_string();
        assert!(why(br#"{"title": "cut"#).starts_with("invalid JSON: EOF"));
        assert!(why(b"[1, 2]").contains("an array, not an object"));
        assert!(why(br#"{"url":"https://a.cn"}"#).contains("neither a title nor a body"));
        assert!(why(b"{\"title\": \"\xff\"}").starts_with("invalid JSON"));
        // Nesting far past serde_json's limit: an error, no stack overflow.
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(why(deep.as_bytes()).contains("recursion limit"));
        // A title that is a number or an object is no title.
        assert!(why(br#"{"title": {"x": 1}}"#).contains("neither"));
    }

    #[test]
    fn escapes_decode_and_are_kept_for_the_sanitiser() {
        let r = read(r#"{"title":"\u6e2f\u53e3 \u001b]52;c;payload\u0007","text":"b"}"#);
        assert_eq!(r.title.as_deref(), Some("港口 \u{1b}]52;c;payload\u{7}"));
        let shown = crate::text::sanitize(r.title.as_deref().unwrap()).into_owned();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
    }
}
