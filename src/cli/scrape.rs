//! The command line's view of what a scrape holds (issue 15): `dups`, and
//! the threshold the duplicate-aware flags of `list`, `export` and `stats`
//! share.

use std::io::{self, Write};

use crate::analysis::{Analysis, analyse};
use crate::dups::Params;
use crate::input::Corpus;

/// How alike near duplicates are.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct DupArgs {
    /// The least similarity of near duplicates: the Jaccard similarity of
    /// their character 5-gram sets (white space, width, case and
    /// punctuation folded), 0 to 1.
    #[arg(long, value_name = "T", default_value_t = 0.8, value_parser = threshold)]
    pub dup_threshold: f64,
}

fn threshold(text: &str) -> Result<f64, String> {
    let t: f64 = text
        .parse()
        .map_err(|_| format!("'{}' is no number", crate::text::sanitize(text)))?;
    if (0.0..=1.0).contains(&t) && t > 0.0 {
        Ok(t)
    } else {
        Err(format!("{t} is not within 0 (exclusive) and 1"))
    }
}

/// `list`'s and `export`'s filters on what the scrape holds.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct ScrapeArgs {
    /// Only articles in duplicate groups (see `dups`).
    #[arg(long)]
    pub dups: bool,
    /// Only the first member of each duplicate group (its earliest), and
    /// the articles in none.
    #[arg(long, conflicts_with = "dups")]
    pub dedup: bool,
    /// Only articles with this quality flag: empty, short, title-only,
    /// mojibake, boilerplate, future, before-1990, no-date, no-source;
    /// repeatable (all of them).
    #[arg(long = "flag", value_name = "NAME", value_parser = flag)]
    pub flags: Vec<crate::quality::Flag>,
    #[command(flatten)]
    pub dup: DupArgs,
}

fn flag(name: &str) -> Result<crate::quality::Flag, String> {
    crate::quality::Flag::from_name(name).ok_or_else(|| crate::quality::Flag::unknown(name))
}

impl ScrapeArgs {
    /// The filter these flags make.
    pub fn filter(&self) -> crate::analysis::Filter {
        crate::analysis::Filter {
            dups: self.dups,
            dedup: self.dedup,
            flags: self.flags.iter().copied().collect(),
        }
    }
}

/// `dup_group`, `dup_of` and `flags` of article `o`, after an export
/// line's other fields: the group's and first member's ids (null when
/// alone, `dup_of` null for the first member itself), the flags' names.
pub(super) fn write_fields(out: &mut dyn Write, a: &Analysis, o: u32) -> io::Result<()> {
    let id = |x: u32| (x + 1).to_string();
    let group = a.groups.group_of(o).map(id);
    let of = a.groups.dup_of(o).map(id);
    write!(
        out,
        ",\"dup_group\":{},\"dup_of\":{},\"flags\":[",
        group.as_deref().unwrap_or("null"),
        of.as_deref().unwrap_or("null")
    )?;
    let flags = a.flags.get(o as usize).copied().unwrap_or_default();
    for (i, f) in flags.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(out, "\"{}\"", f.name())?;
    }
    out.write_all(b"]")
}

impl DupArgs {
    pub fn params(&self) -> Params {
        Params {
            threshold: self.dup_threshold,
            ..Params::default()
        }
    }
}

/// The analysis of `corpus`; with `verbose`, what each step took on
/// stderr.
pub(super) fn analysis_of(corpus: &Corpus, dups: &DupArgs, verbose: bool) -> Analysis {
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let now = crate::quality::now_unix();
    let a = analyse(corpus, &dups.params(), now, &cancel, &|_, _| {})
        .expect("an analysis that is never cancelled finishes");
    if verbose {
        let steps: Vec<String> = a
            .took
            .iter()
            .map(|(what, d)| format!("{what} {:.0} ms", d.as_secs_f64() * 1e3))
            .collect();
        eprintln!(
            "newsdump: {}; {} candidate pairs, {} near duplicates",
            steps.join(", "),
            a.candidates.0,
            a.candidates.1
        );
    }
    a
}

/// One member's fields, for both outputs.
struct Member {
    id: usize,
    first: bool,
    similarity: Option<f32>,
    time: String,
    source: String,
    file: Option<String>,
    title: String,
}

fn member(corpus: &Corpus, a: &Analysis, o: u32, first: bool) -> Member {
    let (time, source, title) = corpus
        .with_article(o as usize, |art| {
            (
                art.time().map(|t| t.into_owned()).unwrap_or_default(),
                art.source().map(|s| s.into_owned()).unwrap_or_default(),
                art.display_title().0.into_owned(),
            )
        })
        .unwrap_or_default();
    Member {
        id: o as usize + 1,
        first,
        similarity: if first {
            Some(1.0)
        } else {
            a.groups.similarity(o)
        },
        time,
        source,
        file: corpus
            .is_multi()
            .then(|| corpus.doc_of(o as usize).map(|d| corpus.raw_file_name(d)))
            .flatten(),
        title,
    }
}

/// `dups`: the groups, largest first (then by their first member), each
/// member on a line: id, similarity to the first member, time, source,
/// file (with many files), title. With `json`, one JSON document.
pub(super) fn cmd_dups(
    out: &mut impl Write,
    corpus: &Corpus,
    a: &Analysis,
    threshold: f64,
    json: bool,
) -> io::Result<()> {
    let mut groups: Vec<&[u32]> = a.groups.iter().collect();
    groups.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
    if json {
        write!(
            out,
            "{{\"articles\":{},\"threshold\":{threshold},\"grouped\":{},\"groups\":[",
            corpus.len(),
            a.groups.articles_in_groups()
        )?;
    }
    for (g, members) in groups.iter().enumerate() {
        if json {
            if g > 0 {
                out.write_all(b",")?;
            }
            write!(
                out,
                "{{\"group\":{},\"size\":{},\"members\":[",
                members[0] + 1,
                members.len()
            )?;
        } else {
            if g > 0 {
                writeln!(out)?;
            }
            writeln!(
                out,
                "# group {}: {} articles",
                members[0] + 1,
                members.len()
            )?;
        }
        for (k, &o) in members.iter().enumerate() {
            let m = member(corpus, a, o, k == 0);
            if json {
                if k > 0 {
                    out.write_all(b",")?;
                }
                write!(
                    out,
                    "{{\"id\":{},\"first\":{},\"similarity\":",
                    m.id, m.first
                )?;
                match m.similarity {
                    Some(s) => write!(out, "{:.3}", s)?,
                    None => out.write_all(b"null")?,
                }
                out.write_all(b",\"time\":")?;
                crate::export::json_string(out, &m.time)?;
                out.write_all(b",\"source\":")?;
                crate::export::json_string(out, &m.source)?;
                out.write_all(b",\"file\":")?;
                match &m.file {
                    Some(f) => crate::export::json_string(out, f)?,
                    None => out.write_all(b"null")?,
                }
                out.write_all(b",\"title\":")?;
                crate::export::json_string(out, &m.title)?;
                out.write_all(b"}")?;
            } else {
                let sim = match (m.first, m.similarity) {
                    (true, _) => "first".to_string(),
                    (false, Some(s)) => format!("{s:.2}"),
                    (false, None) => "?".to_string(),
                };
                let file = m
                    .file
                    .map(|f| format!("\t{}", crate::text::sanitize(&f)))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}\t{sim}\t{}\t{}{file}\t{}",
                    m.id,
                    crate::text::sanitize(&m.time),
                    crate::text::sanitize(&m.source),
                    crate::text::sanitize(&m.title)
                )?;
            }
        }
        if json {
            out.write_all(b"]}")?;
        }
    }
    if json {
        out.write_all(b"]}\n")?;
    }
    Ok(())
}

/// Duplicate counts: groups, articles in them, and the copies `--dedup`
/// drops.
pub(super) fn dup_counts(a: &Analysis) -> serde_json::Value {
    let grouped = a.groups.articles_in_groups();
    let groups = a.groups.groups();
    serde_json::json!({
        "groups": groups,
        "grouped": grouped,
        "copies": grouped - groups,
    })
}

/// How many articles carry each flag, by name (every flag, zeros too).
pub(super) fn flag_counts(a: &Analysis) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for f in crate::quality::Flag::ALL {
        m.insert(f.name().to_string(), a.counts.get(f).into());
    }
    serde_json::Value::Object(m)
}

/// `stats --dups`' lines.
pub(super) fn write_counts(out: &mut impl Write, a: &Analysis) -> io::Result<()> {
    let thousands = |n: usize| crate::input::load::thousands(n as u64);
    let grouped = a.groups.articles_in_groups();
    let groups = a.groups.groups();
    let articles = a.flags.len().max(1);
    writeln!(
        out,
        "duplicates  {} groups, {} articles in them ({:.1}%), {} copies (--dedup drops them)",
        thousands(groups),
        thousands(grouped),
        100.0 * grouped as f64 / articles as f64,
        thousands(grouped - groups)
    )?;
    let flags: Vec<String> = crate::quality::Flag::ALL
        .iter()
        .filter(|f| a.counts.get(**f) > 0)
        .map(|f| format!("{} {}", f.name(), thousands(a.counts.get(*f))))
        .collect();
    writeln!(
        out,
        "flags       {}",
        if flags.is_empty() {
            "none".to_string()
        } else {
            flags.join(", ")
        }
    )
}
