//! The command line: argument parsing and the non-interactive commands.
//!
//! Errors end here as one line on standard error and an exit code: 0 ok,
//! 1 the input could not be read or nothing matched (quietly, as grep,
//! unless --source names no source there is), 2 usage (clap's own, and a
//! bad regex, glob or date).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::dump::Kind;
use crate::export;
use crate::input::load::{self, LoadOptions, Progress, thousands};
use crate::input::walk::WalkOptions;
use crate::input::{Corpus, OpenError, reason};
use crate::search;
use crate::text;

mod scrape;
mod triage;

const EXAMPLES: &str = "\
Examples:
  newsdump                              open the built-in sample
  newsdump scrape.txt                   open a dump in the reader
  newsdump crawl/                       open a folder of page files (.gz, GBK too)
  newsdump list scrape.txt              one line per article: id, time, source, title
  newsdump list crawl/ --file '2024/05/*'   only files under 2024/05/
  newsdump show scrape.txt 12 --width 60
  newsdump show crawl/ --id 2024/05/01/3_ab.txt:2
  newsdump export crawl/ --to jsonl | jq -r '.file + \"\\t\" + .title'
  newsdump list scrape.txt --query 'falcon 180b' --source 站长网 --sort newest
  newsdump export scrape.txt --since 2024-01-01 --to markdown > 2024.md
  newsdump list scrape.txt --since 2023-9 --until 2023-9   all of September 2023
  newsdump list scrape.txt --since 7d --source 站长     the last week, 站长网 and 站长之家
  newsdump stats crawl/ --by file       articles, encoding and compression per file
  cat scrape.txt | newsdump stats -     read standard input";

/// A terminal reader for dumps of scraped news.
#[derive(Debug, Parser)]
#[command(name = "newsdump", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Dumps to open in the reader: files, folders (read recursively), `-`
    /// for standard input; the built-in sample when none. When standard
    /// output is not a terminal, prints what `list` prints.
    paths: Vec<PathBuf>,
    /// Follow the input as a scraper writes it: new articles appear at the
    /// end, new files in a folder appear in place (as `less +F`; `F` in the
    /// reader toggles it).
    #[arg(long, short = 'f')]
    follow: bool,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    state: triage::StateArgs,
}

/// How PATHs are read: the same for the reader and every subcommand.
#[derive(Debug, Clone, clap::Args)]
struct ReadArgs {
    /// Read a file even when it looks binary (NUL bytes in its first 64 KB,
    /// as grep decides).
    #[arg(long, global = true)]
    binary: bool,
    /// Walk hidden files and folders too (skipped by default, as ripgrep).
    #[arg(long, global = true)]
    hidden: bool,
    /// Read files that .gitignore, .ignore or .rgignore files exclude.
    #[arg(long, global = true)]
    no_ignore: bool,
    /// Follow symbolic links inside folders.
    #[arg(long = "follow-links", short = 'L', global = true)]
    follow_links: bool,
    /// Only walk files matching this glob (ripgrep's syntax; `!` excludes);
    /// repeat for more.
    #[arg(long, global = true, value_name = "GLOB")]
    glob: Vec<String>,
    /// Read every file in this encoding (a WHATWG label: utf-8, gbk,
    /// gb18030, big5, utf-16le…) instead of detecting it per file.
    #[arg(long, global = true, value_name = "LABEL", value_parser = parse_encoding)]
    encoding: Option<&'static encoding_rs::Encoding>,
    /// List every skipped or damaged file on standard error, not just the
    /// count.
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
    /// The reader on a folder: read every file, not the indexes of
    /// unchanged files cached from the last time (under
    /// $XDG_CACHE_HOME/newsdump).
    #[arg(long, global = true)]
    no_cache: bool,
    /// JSON input: read the article's NAME (title, body, url, time,
    /// fetched, site, language, authors) from this record field first, a
    /// dotted path for nested objects: `--field title=headline --field
    /// body=article_text --field time=meta.published`. Repeat for more.
    #[arg(long, global = true, value_name = "NAME=FIELD", value_parser = parse_field)]
    field: Vec<String>,
}

fn parse_field(spec: &str) -> Result<String, String> {
    crate::json::record::Fields::default().set(spec)?;
    Ok(spec.to_string())
}

fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    crate::input::decode::encoding_for_label(label)
}

impl ReadArgs {
    fn options(&self) -> LoadOptions {
        LoadOptions {
            walk: WalkOptions {
                hidden: self.hidden,
                no_ignore: self.no_ignore,
                follow_links: self.follow_links,
                globs: self.glob.clone(),
            },
            encoding: self.encoding,
            binary: self.binary,
            use_cache: false,
        }
    }
}

/// Whether the file an article comes from goes in `list`'s output, as
/// grep's -H/--no-filename.
#[derive(Debug, Clone, clap::Args)]
struct FileColumn {
    /// Print each article's file after its id (the default with many
    /// files).
    #[arg(short = 'H', long = "with-filename", overrides_with = "no_filename")]
    with_filename: bool,
    /// Never print the file (the default with one).
    #[arg(long = "no-filename", overrides_with = "with_filename")]
    no_filename: bool,
}

impl FileColumn {
    /// Whether the file goes in: by default when `files` were found (read
    /// or skipped: the output's shape follows the PATHs, not what could be
    /// read).
    fn shown(&self, files: usize) -> bool {
        if self.with_filename {
            true
        } else if self.no_filename {
            false
        } else {
            files > 1
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the articles: id, [file,] time, source and title,
    /// tab-separated.
    List {
        /// Files, folders, `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        select: Selection,
        #[command(flatten)]
        states: triage::StateFilter,
        #[command(flatten)]
        files: FileColumn,
        #[command(flatten)]
        scrape: scrape::ScrapeArgs,
    },
    /// Show one article laid out for reading.
    Show {
        /// Files and folders, then (without --id) the article's id as
        /// `list` prints it: `show scrape.txt 12`.
        #[arg(required = true, value_name = "PATH|ID")]
        args: Vec<String>,
        /// The article: its id as `list` prints it (1 is the first), or
        /// FILE:N, the Nth article of FILE.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// Columns to wrap at [default: the terminal's width, or 80].
        #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
    },
    /// Export every article as JSON lines or Markdown.
    Export {
        /// Files, folders, `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        to: Format,
        #[command(flatten)]
        select: Selection,
        #[command(flatten)]
        states: triage::StateFilter,
        #[command(flatten)]
        scrape: scrape::ScrapeArgs,
    },
    /// Duplicate groups: exact copies (the same text; the same title,
    /// source and time) and near duplicates (a re-fetched lead with a
    /// sentence changed, a story re-posted): id, similarity to the group's
    /// first member (its earliest), time, source, file, title.
    Dups {
        /// Files, folders, `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        dups: scrape::DupArgs,
        /// One JSON document: {"articles", "threshold", "grouped", "groups":
        /// [{"group", "size", "members": [{"id", "first", "similarity",
        /// "time", "source", "file", "title"}]}]}.
        #[arg(long)]
        json: bool,
    },
    /// Count articles, sources, dates, encodings and compression, and time
    /// the parse.
    Stats {
        /// Files, folders, `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// One line per file instead: articles, bytes, encoding,
        /// compression.
        #[arg(long, value_enum)]
        by: Option<StatsBy>,
        /// Count duplicates and quality flags too (reads every article's
        /// text twice: several times slower than the index alone).
        #[arg(long, conflicts_with = "by")]
        dups: bool,
        #[command(flatten)]
        dup: scrape::DupArgs,
        /// One JSON document instead of lines.
        #[arg(long, conflicts_with = "by")]
        json: bool,
    },
    /// Mark articles read or unread, starred or not, or give them a note,
    /// in the triage state the reader shares: `mark scrape.txt --id 3,7
    /// --read`, `mark crawl/ --query 广告 --read`.
    Mark {
        /// Files, folders, `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        mark: triage::MarkArgs,
        #[command(flatten)]
        targets: triage::Targets,
        #[command(flatten)]
        select: Selection,
        #[command(flatten)]
        states: triage::MarkFilter,
    },
    /// Add or remove tags: `tag crawl/ --source 站长 --add keep`.
    Tag {
        /// Files, folders, `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        tag: triage::TagArgs,
        #[command(flatten)]
        targets: triage::Targets,
        #[command(flatten)]
        select: Selection,
        #[command(flatten)]
        states: triage::StateFilter,
    },
    /// The tags of the articles, with how many carry each: count, tag.
    Tags {
        /// Files, folders, `-` for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatsBy {
    /// One line per file.
    File,
}

/// Which articles, in what order: the same choices the reader's `/`, `&`,
/// `:` and `s` make.
#[derive(Debug, Clone, clap::Args)]
struct Selection {
    /// Only articles whose title, source or body contain this text
    /// (case-insensitive; full-width and half-width forms match each other).
    #[arg(long, short)]
    query: Option<String>,
    /// Read --query as a regular expression (regex crate syntax).
    #[arg(long, requires = "query")]
    regex: bool,
    /// Only items whose source contains this text: `--source 站长` takes
    /// 站长网 and 站长之家 (Latin letters in either case, full-width as
    /// half-width). One that matches no source exits 1 with the sources
    /// there are.
    #[arg(long)]
    source: Option<String>,
    /// Only items from the start of this date on: YYYY, YYYY-MM, YYYY-MM-DD
    /// (2023-9-5 too), or YYYY-MM-DD HH:MM[:SS] (or with a T); or a span
    /// back from now: 30min, 12h, 7d, 2w, 3mo, 1y. Articles with no date
    /// (leads) are left out; --undated include keeps them.
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only items up to the end of this date, inclusive (--until 2023-09
    /// takes all of September); the same forms as --since (a span: up to
    /// that long ago). Articles with no date (leads) are left out;
    /// --undated include keeps them.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// What --since and --until do with articles that have no date (leads,
    /// and stamps that are no real date-time): leave them out or keep
    /// them.
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = UndatedArg::Exclude)]
    undated: UndatedArg,
    /// Only articles from files whose path matches this glob (`*` crosses
    /// folders; a plain word matches anywhere in the path).
    #[arg(long, value_name = "GLOB")]
    file: Option<String>,
    /// Order of the output.
    #[arg(long, value_enum, default_value_t = SortArg::Order)]
    sort: SortArg,
    /// The state filters, which each command flattens itself (`mark`'s
    /// `--unread` is a change, not a filter).
    #[arg(skip)]
    states: triage::StateFilter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SortArg {
    /// As in the file.
    Order,
    /// Newest first (leads last).
    Newest,
    /// Oldest first (leads last).
    Oldest,
    /// By source name (leads last).
    Source,
    /// Longest first.
    Length,
}

impl From<SortArg> for search::Sort {
    fn from(s: SortArg) -> search::Sort {
        match s {
            SortArg::Order => search::Sort::File,
            SortArg::Newest => search::Sort::Newest,
            SortArg::Oldest => search::Sort::Oldest,
            SortArg::Source => search::Sort::Source,
            SortArg::Length => search::Sort::Length,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum UndatedArg {
    /// Leave them out.
    Exclude,
    /// Keep them.
    Include,
}

impl From<UndatedArg> for search::select::Undated {
    fn from(u: UndatedArg) -> search::select::Undated {
        match u {
            UndatedArg::Exclude => search::select::Undated::Exclude,
            UndatedArg::Include => search::select::Undated::Include,
        }
    }
}

/// A `--since`/`--until` value checked (a span comes to a date-time
/// now); a bad one is a usage error that quotes it.
fn checked_date(option: &str, value: &Option<String>) -> Result<Option<String>, Failure> {
    value
        .as_deref()
        .map(|v| {
            search::select::checked_date(v)
                .map_err(|why| Failure::new(2, search::select::date_error(option, v, &why)))
        })
        .transpose()
}

impl Selection {
    /// Whether anything narrows the articles down.
    fn narrows(&self) -> bool {
        self.query.is_some()
            || self.source.is_some()
            || self.since.is_some()
            || self.until.is_some()
            || self.file.is_some()
            || self.states.narrows()
    }

    fn matcher(&self) -> Result<Option<search::Matcher>, Failure> {
        let Some(q) = &self.query else {
            return Ok(None);
        };
        let mode = if self.regex {
            search::Mode::Regex
        } else {
            search::Mode::Literal
        };
        search::Matcher::new(q, mode)
            .map(Some)
            .map_err(|e| Failure::new(2, format!("--query: {e}")))
    }

    fn filters(&self) -> Result<search::Filters, Failure> {
        let filters = search::Filters {
            source: self.source.clone(),
            since: checked_date("--since", &self.since)?,
            until: checked_date("--until", &self.until)?,
            undated: self.undated.into(),
            file: self.file.clone(),
        };
        filters
            .file_matcher()
            .map_err(|e| Failure::new(2, format!("--{e}")))?;
        Ok(filters)
    }

    /// What selects the articles of one document as it is read: the
    /// query, the source and date filters, the file glob.
    fn per_doc(&self, paths: &[PathBuf], states: &States) -> Result<DocSelect, Failure> {
        let filters = self.filters()?;
        Ok(DocSelect {
            matcher: self.matcher()?,
            glob: filters.file_matcher().ok().flatten(),
            filters,
            roots: crate::input::corpus::Roots::new(paths.to_vec()),
            states: Arc::clone(states),
            state_filter: self.states.filter(),
        })
    }

    /// `list` and `export --to jsonl` in file order: each file's lines are
    /// made as it is read (on all cores) and written, in order, as soon as
    /// the files before it are done — one pass over the files, and the
    /// memory of a few chunks of them, however big the output. Exit 1 when
    /// a query or filter matches nothing.
    fn stream(
        &self,
        paths: &[PathBuf],
        read: &ReadArgs,
        out: &mut impl Write,
        files: &FileColumn,
        states: &States,
    ) -> Result<(), Failure> {
        refuse_terminal_stdin(paths)?;
        let select = self.per_doc(paths, states)?;
        let roots = &select.roots;
        let cancel = std::sync::atomic::AtomicBool::new(false);
        type Rows = (
            Vec<(u32, Vec<u8>)>,
            Option<search::select::Sources>,
            BadRecords,
        );
        let visit = |doc: &crate::input::Document, text: &[u8]| -> Rows {
            let (found, bad) = select.select(doc, text, search::Sort::File, &cancel);
            let sources = select.sources_if_none(doc, text, &found);
            let rows = found
                .into_iter()
                .filter_map(|(i, _)| {
                    let a = doc.index.article(text, i as usize)?;
                    let mut rest = Vec::new();
                    list_fields(&mut rest, &a).ok()?;
                    Some((i, rest))
                })
                .collect();
            (rows, sources, bad)
        };
        let mut bad_report = BadReport::default();
        let opts = read.options();
        let progress = Progress::default();
        let show_files = std::cell::Cell::new(false);
        let mut failed: Option<io::Error> = None;
        let mut any = false;
        let mut sources = search::select::Sources::default();
        let loaded = with_progress(&progress, || {
            load::load_streaming(
                paths,
                &opts,
                &progress,
                &cancel,
                &visit,
                |n| show_files.set(files.shown(n)),
                |_, first, doc, (rows, seen, bad)| {
                    if failed.is_some() {
                        return;
                    }
                    if let Some(seen) = seen {
                        sources.merge(seen);
                    }
                    let file = roots.listed_name(&doc.prov);
                    bad_report.add(&file, bad, read.verbose);
                    for (i, rest) in rows {
                        any = true;
                        let id = first + i as usize + 1;
                        let written = if show_files.get() {
                            write!(out, "{id}\t{}", text::sanitize(&file))
                                .and_then(|()| out.write_all(&rest))
                        } else {
                            write!(out, "{id}").and_then(|()| out.write_all(&rest))
                        };
                        if let Err(e) = written {
                            // `| head` closed the pipe: stop reading too.
                            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                            failed = Some(e);
                            return;
                        }
                    }
                },
            )
        })
        .map_err(|e| unknown_subcommand_hint(e, paths));
        if let Some(e) = failed {
            return Err(Failure::from(e));
        }
        report_skips(&loaded?.corpus, read.verbose);
        bad_report.finish(read.verbose);
        if !any && self.narrows() {
            return Err(self.nothing_matched(&sources));
        }
        if !any && bad_report.count > 0 {
            return Err(bad_report.nothing_else());
        }
        Ok(())
    }

    /// Exit 1, quietly as grep, unless `--source` matches none of the
    /// `sources` read: then one line says so, with what there is.
    fn nothing_matched(&self, sources: &search::select::Sources) -> Failure {
        let unknown = self.source.as_deref().and_then(|s| sources.unknown(s));
        Failure::new(1, unknown.unwrap_or_default())
    }

    /// Reads `paths` and selects in the same pass: each file is searched
    /// while its text is in memory, so a folder is read once. Exit 1 (as
    /// grep) when a query or filter matches nothing; 2 for a bad regex.
    fn load_rows(
        &self,
        paths: &[PathBuf],
        read: &ReadArgs,
        states: &States,
    ) -> Result<(Corpus, Vec<u32>), Failure> {
        let select = self.per_doc(paths, states)?;
        let sort: search::Sort = self.sort.into();
        let never = std::sync::atomic::AtomicBool::new(false);
        let (corpus, per_doc) = open_with(paths, read, &|doc, text| {
            let (found, bad) = select.select(doc, text, sort, &never);
            let sources = select.sources_if_none(doc, text, &found);
            (found, sources, bad)
        })?;
        let mut rows = Vec::new();
        let mut keys = Vec::new();
        let mut sources = search::select::Sources::default();
        let mut bad_report = BadReport::default();
        for (d, (found, seen, bad)) in per_doc.into_iter().enumerate() {
            if let Some(seen) = seen {
                sources.merge(seen);
            }
            bad_report.add(&corpus.raw_file_name(d), bad, read.verbose);
            let first = corpus.first_of(d) as u32;
            for (i, key) in found {
                rows.push(first + i);
                keys.push(key);
            }
        }
        if !search::select::needs_keys(sort) {
            keys.clear();
        }
        search::sort_rows(&mut rows, keys, &corpus, sort);
        bad_report.finish(read.verbose);
        if rows.is_empty() && self.narrows() {
            return Err(self.nothing_matched(&sources));
        }
        if rows.is_empty() && bad_report.count > 0 {
            return Err(bad_report.nothing_else());
        }
        Ok((corpus, rows))
    }
}

/// A document's selected articles and their sort keys (see
/// [`search::select_in_doc`]).
type Selected = Vec<(u32, Option<Vec<u8>>)>;

/// The JSON records of one file that are no article: their lines and
/// what is wrong with them.
#[derive(Debug, Default)]
struct BadRecords(Vec<(u64, String)>);

/// Says on standard error which records were skipped, as `FILE:LINE: why`:
/// the first few, or all with `--verbose`, then how many in all.
#[derive(Default)]
struct BadReport {
    count: u64,
}

impl BadReport {
    const SHOWN: u64 = 10;

    fn add(&mut self, file: &str, bad: BadRecords, verbose: bool) {
        for (line, why) in bad.0 {
            self.count += 1;
            if verbose || self.count <= Self::SHOWN {
                eprintln!(
                    "newsdump: {}:{line}: {} (skipped)",
                    text::sanitize(file),
                    text::sanitize(&why)
                );
            }
        }
    }

    /// Exit 1 when every record read was a bad one: nothing readable.
    fn nothing_else(&self) -> Failure {
        let what = if self.count == 1 {
            "the one record read is bad".to_string()
        } else {
            format!("all {} records read are bad", thousands(self.count))
        };
        Failure::new(1, format!("no article: {what}"))
    }

    fn finish(&self, verbose: bool) {
        if self.count > Self::SHOWN || (self.count > 1 && verbose) {
            let hint = if verbose {
                ""
            } else {
                " (--verbose lists them)"
            };
            eprintln!(
                "newsdump: {} records were no article and were skipped{hint}",
                thousands(self.count)
            );
        }
    }
}

/// A selection made ready for documents as they are read.
struct DocSelect {
    matcher: Option<search::Matcher>,
    filters: search::Filters,
    glob: Option<globset::GlobMatcher>,
    roots: crate::input::corpus::Roots,
    states: States,
    state_filter: crate::state::Filter,
}

/// The stored triage states, by article key.
type States = Arc<export::States>;

impl DocSelect {
    /// The articles of `doc` the selection takes (see
    /// [`search::select_in_doc`]); none from a file the glob leaves out.
    fn select(
        &self,
        doc: &crate::input::Document,
        text: &[u8],
        sort: search::Sort,
        cancel: &std::sync::atomic::AtomicBool,
    ) -> (Selected, BadRecords) {
        let mut bad = BadRecords::default();
        if self
            .glob
            .as_ref()
            .is_some_and(|g| !self.roots.file_matches(g, &doc.prov))
        {
            return (Vec::new(), bad);
        }
        let mut found = search::select_in_doc_reporting(
            doc,
            text,
            self.matcher.as_ref(),
            &self.filters,
            sort,
            cancel,
            &mut |i, why| {
                let line = doc.index.entries().get(i as usize).map_or(0, |e| e.line());
                bad.0.push((line, why));
            },
        );
        if self.state_filter.narrows() {
            found.retain(|(i, _)| {
                doc.index.article(text, *i as usize).is_some_and(|a| {
                    self.state_filter
                        .accepts(export::state_of(&self.states, &a))
                })
            });
        }
        (found, bad)
    }

    /// With `--source`, the sources of a document of which nothing was
    /// `found`: should nothing be found anywhere, what says whether the
    /// source exists. (Only such documents: where something was found,
    /// no message is needed.)
    fn sources_if_none<K>(
        &self,
        doc: &crate::input::Document,
        text: &[u8],
        found: &[K],
    ) -> Option<search::select::Sources> {
        let wanted = self
            .glob
            .as_ref()
            .is_none_or(|g| self.roots.file_matches(g, &doc.prov));
        (self.filters.source.is_some() && found.is_empty() && wanted)
            .then(|| search::select::Sources::of_doc(doc, text))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON object per article (FORMAT.md's export schema).
    Jsonl,
    /// A readable document, one section per article.
    Markdown,
}

/// Why a command failed: the line to print and the exit code.
#[derive(Debug)]
pub struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code,
        }
    }
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                // Messages quote input (sources, ids, paths): no control
                // of it reaches the terminal.
                eprintln!("newsdump: {}", text::sanitize(&f.message));
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let read = cli.read.clone();
    if !read.field.is_empty() {
        let mut fields = crate::json::record::Fields::default();
        for spec in &read.field {
            // Checked when parsed: cannot fail here.
            fields.set(spec).map_err(|e| Failure::new(2, e))?;
        }
        crate::json::set_fields(fields);
    }
    let result = match cli.command {
        None => {
            if io::stdout().is_terminal() {
                drop(out);
                return run_reader(&cli.paths, &read, cli.follow, &cli.state);
            }
            // Not a terminal: print the list, so `newsdump FILE | grep` works.
            let corpus = if cli.paths.is_empty() {
                Corpus::sample()
            } else {
                open_with(&cli.paths, &read, &|_, _| ())?.0
            };
            let all: Vec<u32> = (0..corpus.len() as u32).collect();
            cmd_list(&mut out, &corpus, &all, corpus.is_multi())
        }
        Some(Command::List {
            paths,
            mut select,
            states: filter,
            files,
            scrape,
        }) => {
            select.states = filter;
            let states = cli.state.load();
            let filter = scrape.filter();
            if filter.narrows() {
                let (corpus, mut rows) = select.load_rows(&paths, &read, &states)?;
                let analysis = scrape::analysis_of(&corpus, &scrape.dup, read.verbose);
                rows.retain(|&o| filter.keeps(&analysis, o));
                if rows.is_empty() {
                    return Err(Failure::new(1, "no article matches"));
                }
                let found = corpus.docs().len() + corpus.skipped().len();
                cmd_list(&mut out, &corpus, &rows, files.shown(found))
            } else if select.sort == SortArg::Order {
                select.stream(&paths, &read, &mut out, &files, &states)
            } else {
                let (corpus, rows) = select.load_rows(&paths, &read, &states)?;
                let found = corpus.docs().len() + corpus.skipped().len();
                cmd_list(&mut out, &corpus, &rows, files.shown(found))
            }
        }
        Some(Command::Show { args, id, width }) => {
            let (paths, id) = show_args(args, id)?;
            let corpus = open_with(&paths, &read, &|_, _| ())?.0;
            let ordinal = corpus.resolve_id(&id).map_err(|e| {
                Failure::new(
                    1,
                    if corpus.is_multi() {
                        e
                    } else {
                        format!("{}: {e}", corpus.name)
                    },
                )
            })?;
            let width = width.map_or_else(default_width, usize::from);
            cmd_show(&mut out, &corpus, ordinal, width)
        }
        Some(Command::Export {
            paths,
            to,
            mut select,
            states: filter,
            scrape,
        }) => {
            select.states = filter;
            let states = cli.state.load();
            // Every line says its duplicate group and flags: the whole
            // scrape is read first.
            let (corpus, mut rows) = select.load_rows(&paths, &read, &states)?;
            let analysis = scrape::analysis_of(&corpus, &scrape.dup, read.verbose);
            let filter = scrape.filter();
            rows.retain(|&o| filter.keeps(&analysis, o));
            if rows.is_empty() && filter.narrows() {
                return Err(Failure::new(1, "no article matches"));
            }
            let extra = |o: u32, out: &mut Vec<u8>| scrape::write_fields(out, &analysis, o);
            cmd_export(&mut out, &corpus, &rows, to, &states, &extra)
        }
        Some(Command::Stats {
            paths,
            by,
            dups,
            dup,
            json,
        }) => {
            let scrape = dups.then_some(&dup);
            cmd_stats(&mut out, &paths, &read, by, scrape, json)
        }
        Some(Command::Dups { paths, dups, json }) => {
            let corpus = open_with(&paths, &read, &|_, _| ())?.0;
            let analysis = scrape::analysis_of(&corpus, &dups, read.verbose);
            scrape::cmd_dups(&mut out, &corpus, &analysis, dups.dup_threshold, json)?;
            if analysis.groups.groups() == 0 {
                return Err(Failure::new(1, "no duplicates"));
            }
            Ok(())
        }
        Some(Command::Mark {
            paths,
            mark,
            targets,
            mut select,
            states: filter,
        }) => {
            select.states = filter.into();
            cmd_change(&paths, &read, &cli.state, &select, &targets, mark.changes())
        }
        Some(Command::Tag {
            paths,
            tag,
            targets,
            mut select,
            states: filter,
        }) => {
            select.states = filter;
            cmd_change(&paths, &read, &cli.state, &select, &targets, tag.changes()?)
        }
        Some(Command::Tags { paths }) => cmd_tags(&mut out, &paths, &read, &cli.state),
    };
    result?;
    out.flush().map_err(Failure::from)?;
    // A file truncated under us read as zeros where it was cut (see
    // input/guard.rs): the output is not the file's.
    if crate::input::take_truncated() {
        return Err(Failure::new(
            1,
            "the input was truncated while being read: the output is incomplete",
        ));
    }
    Ok(())
}

/// The reader, on the sample, a stream, a file or folders.
fn run_reader(
    paths: &[PathBuf],
    read: &ReadArgs,
    follow: bool,
    state: &triage::StateArgs,
) -> Result<(), Failure> {
    refuse_terminal_stdin(paths)?;
    // The triage state is read on its own thread from now, while the dump
    // opens: with a big dump, the indexer soon has every core.
    let triage = crate::app::Triage::new(crate::app::place_of(state.place()));
    crate::input::load::tune_allocator_for_a_long_run();
    let (corpus, loading) = match paths {
        [] => (Corpus::sample(), None),
        // Standard input and FIFOs stream in: spool them to a file and
        // show them as they come.
        [path] if is_stream(path) => (open_stream(path)?, None),
        // A big dump's first screen shows before the whole is parsed; a
        // folder's first files before the rest are read.
        _ => {
            let opts = LoadOptions {
                use_cache: !read.no_cache,
                ..read.options()
            };
            crate::input::open_progressive(paths, &opts)?
        }
    };
    report_skips(&corpus, read.verbose);
    match crate::tui::run(corpus, loading, follow, triage) {
        Ok(0) => Ok(()),
        Ok(code) => Err(Failure::new(code, "")),
        Err(e) => Err(Failure::new(1, format!("terminal: {}", reason(&e)))),
    }
}

/// `newsdump -` typed at a prompt would read keystrokes as a dump.
fn refuse_terminal_stdin(paths: &[PathBuf]) -> Result<(), Failure> {
    if paths.iter().any(|p| p == std::path::Path::new("-")) && io::stdin().is_terminal() {
        return Err(Failure::new(
            2,
            "standard input is a terminal: pipe a dump in (cat dump.txt | newsdump -) or name a file",
        ));
    }
    Ok(())
}

/// `show`'s positional words: PATHs, then the id unless `--id` gave it.
/// `show scrape.txt 12` keeps working: a last word that is a number and no
/// file is the id.
fn show_args(mut args: Vec<String>, id: Option<String>) -> Result<(Vec<PathBuf>, String), Failure> {
    let id = match id {
        Some(id) => id,
        None => {
            let last = args.last().filter(|a| {
                a.parse::<usize>().is_ok() && !std::path::Path::new(a.as_str()).exists()
            });
            match last {
                Some(_) if args.len() >= 2 => args.pop().unwrap_or_default(),
                _ => {
                    return Err(Failure::new(
                        2,
                        "show: which article? give its id after the PATHs (show scrape.txt 12) or --id ID|FILE:N",
                    ));
                }
            }
        }
    };
    if args.is_empty() {
        return Err(Failure::new(2, "show: no PATH to read"));
    }
    Ok((args.into_iter().map(PathBuf::from).collect(), id))
}

/// Reads `paths` with a progress bar on a terminal's standard error,
/// calling `visit` on each document while its text is in memory. Prints
/// one line on what was skipped.
fn open_with<R: Send>(
    paths: &[PathBuf],
    read: &ReadArgs,
    visit: &(dyn Fn(&crate::input::Document, &[u8]) -> R + Sync),
) -> Result<(Corpus, Vec<R>), Failure> {
    refuse_terminal_stdin(paths)?;
    let opts = read.options();
    let progress = Progress::default();
    let loaded = with_progress(&progress, || load::load(paths, &opts, &progress, visit))
        .map_err(|e| unknown_subcommand_hint(e, paths))?;
    report_skips(&loaded.corpus, read.verbose);
    Ok((loaded.corpus, loaded.visits))
}

/// A PATH that does not exist but reads like a subcommand's name: say so.
fn unknown_subcommand_hint(e: OpenError, paths: &[PathBuf]) -> Failure {
    const NAMES: [&str; 4] = ["list", "show", "export", "stats"];
    let first = paths.first().and_then(|p| p.to_str()).unwrap_or("");
    let close = |n: &str| {
        !first.is_empty()
            && !first.contains(['/', '.'])
            && (n.starts_with(first) || first.starts_with(n) || edit_distance(n, first) <= 2)
    };
    if !std::path::Path::new(first).exists()
        && let Some(name) = NAMES.iter().find(|n| close(n))
    {
        return Failure::new(
            2,
            format!(
                "{}; did you mean the subcommand '{name}'? (newsdump {name} PATH...)",
                e.0
            ),
        );
    }
    Failure::from(e)
}

/// Levenshtein distance, for short words.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Runs `f` with a progress bar on standard error when it is a terminal
/// and the work takes more than a moment.
fn with_progress<T>(progress: &Progress, f: impl FnOnce() -> T) -> T {
    if !io::stderr().is_terminal() {
        return f();
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            use std::sync::atomic::Ordering;
            let started = std::time::Instant::now();
            let mut bar: Option<indicatif::ProgressBar> = None;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(50));
                if started.elapsed() < std::time::Duration::from_millis(300) {
                    continue;
                }
                let (files, total, bytes, articles) = progress.snapshot();
                let b = bar.get_or_insert_with(|| {
                    let b = indicatif::ProgressBar::new(total);
                    b.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{bar:30} {pos}/{len} files  {msg}",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    b
                });
                b.set_length(total);
                b.set_position(files);
                b.set_message(format!(
                    "{:.0} MB, {} articles",
                    bytes as f64 / 1e6,
                    thousands(articles)
                ));
            }
            if let Some(b) = bar {
                b.finish_and_clear();
            }
        });
        let r = f();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        r
    })
}

/// One line on standard error on what was skipped or damaged; each file
/// with `--verbose`.
fn report_skips(corpus: &Corpus, verbose: bool) {
    let files = corpus.docs().len() + corpus.skipped().len();
    if let Some(line) = load::skip_summary(corpus.skipped(), files) {
        let hint = if verbose {
            ""
        } else {
            " (--verbose lists them)"
        };
        eprintln!("newsdump: {line}{hint}");
    }
    if verbose {
        for s in corpus.skipped() {
            eprintln!(
                "newsdump: skipped {}: {}",
                crate::input::display_name(&s.path),
                s.reason
            );
        }
    }
    const SHOWN: usize = 10;
    let problems = corpus.problems();
    let shown = if verbose { problems.len() } else { SHOWN };
    for (path, why) in problems.iter().take(shown) {
        eprintln!(
            "newsdump: {}: {} (kept what could be read)",
            crate::input::display_name(path),
            text::sanitize(why)
        );
    }
    if problems.len() > shown {
        eprintln!(
            "newsdump: and {} more damaged files (--verbose lists them)",
            problems.len() - shown
        );
    }
}

/// Standard input, or a path that is a FIFO or character device.
fn is_stream(path: &std::path::Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    path == std::path::Path::new("-")
        || std::fs::metadata(path)
            .is_ok_and(|m| m.file_type().is_fifo() || m.file_type().is_char_device())
}

/// Opens standard input or a FIFO for the reader, spooled.
fn open_stream(path: &std::path::Path) -> Result<Corpus, Failure> {
    let name = crate::input::display_name(path);
    if path == std::path::Path::new("-") {
        return Ok(Corpus::spool("standard input".into(), io::stdin())?);
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::new(1, format!("cannot read {name}: {}", reason(&e))))?;
    Ok(Corpus::spool(name, file)?)
}

impl From<OpenError> for Failure {
    fn from(e: OpenError) -> Failure {
        Failure::new(1, e.0)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            // `newsdump list big.txt | head` is a normal way to stop.
            Failure::new(0, "")
        } else {
            Failure::new(1, format!("cannot write output: {}", reason(&e)))
        }
    }
}

fn default_width() -> usize {
    if io::stdout().is_terminal()
        && let Ok((cols, _)) = crossterm::terminal::size()
        && cols > 0
    {
        return cols.into();
    }
    80
}

/// A `list` line after the id (and the file): `\ttime\tsource\ttitle\n`,
/// each field sanitised.
fn list_fields(out: &mut Vec<u8>, a: &crate::dump::Article<'_>) -> io::Result<()> {
    let field = |s: Option<std::borrow::Cow<'_, str>>| {
        s.map(|s| text::sanitize(&s).into_owned())
            .unwrap_or_default()
    };
    writeln!(
        out,
        "\t{}\t{}\t{}",
        field(a.time()),
        field(a.source()),
        text::sanitize(&a.title())
    )
}

fn cmd_list(
    out: &mut impl Write,
    corpus: &Corpus,
    rows: &[u32],
    files: bool,
) -> Result<(), Failure> {
    let mut file_of: Option<(usize, String)> = None;
    for &o in rows {
        let o = o as usize;
        let file = if files {
            let d = corpus.doc_of(o).unwrap_or(0);
            if file_of.as_ref().is_none_or(|(fd, _)| *fd != d) {
                file_of = Some((d, corpus.file_name(d)));
            }
            file_of.as_ref().map(|(_, f)| f.as_str())
        } else {
            None
        };
        let line = corpus.with_article(o, |a| {
            let mut line = a.id().to_string().into_bytes();
            if let Some(f) = file {
                line.push(b'\t');
                line.extend_from_slice(f.as_bytes());
            }
            list_fields(&mut line, &a).map(|()| line)
        });
        if let Some(line) = line {
            out.write_all(&line?)?;
        }
    }
    Ok(())
}

/// `mark` and `tag`: the changes, to the articles the ids and the
/// selection name, in one transaction each.
fn cmd_change(
    paths: &[PathBuf],
    read: &ReadArgs,
    state: &triage::StateArgs,
    select: &Selection,
    targets: &triage::Targets,
    changes: Vec<crate::state::store::Change>,
) -> Result<(), Failure> {
    let ranges = targets.ranges()?;
    if ranges.is_none() && !select.narrows() && !targets.all {
        return Err(Failure::new(
            2,
            "which articles? --id IDS, --ids-from FILE, --all, or list's selection flags (--query, --source, --since, --tag, …)",
        ));
    }
    let states = state.load();
    let (corpus, rows) = select.load_rows(paths, read, &states)?;
    let (keys, articles) = triage::target_keys(&corpus, &rows, ranges.as_deref());
    if keys.is_empty() {
        return Err(Failure::new(1, "no article is among those ids"));
    }
    let mut store = triage::open_for_change(state)?;
    // All the changes in one transaction: killed, the command did all or
    // nothing.
    store
        .apply_all(&changes, &keys)
        .map_err(|e| Failure::new(1, e))?;
    let done: Vec<String> = changes.iter().map(triage::describe).collect();
    eprintln!(
        "newsdump: {} {} ({} distinct): {}",
        thousands(articles as u64),
        if articles == 1 { "article" } else { "articles" },
        thousands(keys.len() as u64),
        done.join(", ")
    );
    Ok(())
}

/// `tags`: each tag of the articles read, with how many carry it.
fn cmd_tags(
    out: &mut impl Write,
    paths: &[PathBuf],
    read: &ReadArgs,
    state: &triage::StateArgs,
) -> Result<(), Failure> {
    let states = state.load();
    let corpus = open_with(paths, read, &|_, _| ())?.0;
    let mut counts: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    if !states.is_empty() {
        for o in 0..corpus.len() {
            let tags = corpus
                .with_article(o, |a| export::state_of(&states, &a).map(|s| s.tags.clone()))
                .flatten()
                .unwrap_or_default();
            for t in tags {
                *counts.entry(t).or_default() += 1;
            }
        }
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (t, n) in counts {
        writeln!(out, "{n}\t{}", text::sanitize(&t))?;
    }
    Ok(())
}

fn cmd_export(
    out: &mut impl Write,
    corpus: &Corpus,
    rows: &[u32],
    to: Format,
    states: &States,
    extra: export::Extra<'_>,
) -> Result<(), Failure> {
    let to = match to {
        Format::Jsonl => export::Format::Jsonl,
        Format::Markdown => export::Format::Markdown,
    };
    export::write_rows(out, corpus, rows, to, states, Some(extra))?;
    Ok(())
}

fn cmd_show(
    out: &mut impl Write,
    corpus: &Corpus,
    ordinal: usize,
    width: usize,
) -> Result<(), Failure> {
    let styled =
        io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let note = corpus.origin_note(ordinal);
    let Some(mut layout) = corpus.with_article(ordinal, |a| {
        text::ArticleLayout::with_note(&a, width, note.as_deref())
    }) else {
        return Err(Failure::new(
            1,
            "the article's file cannot be read any more",
        ));
    };
    for i in 0..layout.finish() {
        let Some(line) = layout.line(i) else { break };
        if styled {
            for span in &line.spans {
                write!(out, "{}", styled_span(&span.text, span.role))?;
            }
            writeln!(out)?;
        } else {
            writeln!(out, "{}", line.plain())?;
        }
    }
    Ok(())
}

/// A span with the terminal style of its role. The text is sanitised by
/// the layout, so the only escape sequences are the ones added here.
fn styled_span(t: &str, role: text::Role) -> impl std::fmt::Display + '_ {
    use crossterm::style::Stylize;
    use text::Role;
    match role {
        Role::Title | Role::Heading => t.bold(),
        Role::Untitled => t.italic().dim(),
        Role::Meta | Role::LinkNumber | Role::StandIn | Role::HeadingMark => t.dim(),
        Role::Link => t.underlined(),
        Role::Body | Role::Pad => t.stylize(),
    }
}

/// What `stats` counts in one document, while its text is in memory.
#[derive(Default)]
struct DocStats {
    leads: u64,
    items: u64,
    untitled: u64,
    /// JSON records, those that are no article, and their times that did
    /// not parse or are download times.
    records: u64,
    bad_records: u64,
    unparsed_times: u64,
    fetch_times: u64,
    /// Raw bytes as keys: decoding a million sources costs more than the
    /// parse; they are decoded once each when printed.
    /// A page names a few sources: a short list beats a map there…
    sources: Vec<(Vec<u8>, u64)>,
    /// …and a big dump or the whole corpus many.
    many: std::collections::HashMap<Vec<u8>, u64, foldhash::fast::RandomState>,
    first: Option<Vec<u8>>,
    last: Option<Vec<u8>>,
}

impl DocStats {
    /// Counts a document's articles; a big one on all cores.
    fn of(doc: &crate::input::Document, text: &[u8]) -> DocStats {
        const SPLIT: usize = 1 << 16;
        let n = doc.index.len();
        if n < SPLIT {
            return DocStats::of_range(doc, text, 0..n);
        }
        // Asked only for big documents: it reads /proc (cgroup limits).
        let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
        if threads < 2 {
            return DocStats::of_range(doc, text, 0..n);
        }
        let per = n.div_ceil(threads);
        std::thread::scope(|s| {
            let parts: Vec<_> = (0..n)
                .step_by(per)
                .map(|from| {
                    s.spawn(move || DocStats::of_range(doc, text, from..(from + per).min(n)))
                })
                .collect();
            let mut all = DocStats::default();
            for p in parts {
                all.merge(p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            all
        })
    }

    fn of_range(
        doc: &crate::input::Document,
        text: &[u8],
        range: std::ops::Range<usize>,
    ) -> DocStats {
        let mut st = DocStats::default();
        for a in range.filter_map(|i| doc.index.article(text, i)) {
            match a.kind() {
                Kind::Lead => st.leads += 1,
                Kind::Item => st.items += 1,
                Kind::Record => st.records += 1,
            }
            if let Some(d) = a.record() {
                let Ok(r) = d.record() else {
                    st.bad_records += 1;
                    continue;
                };
                if !d.site().is_empty() {
                    st.count_source(d.site().as_bytes());
                }
                if r.time.is_some() && !d.time_parsed() {
                    st.unparsed_times += 1;
                } else if r.time.is_some() {
                    st.fetch_times += u64::from(r.time_is_fetch);
                    st.count_time(d.time().as_bytes());
                }
                st.untitled += u64::from(a.is_untitled());
                continue;
            }
            if a.is_untitled() {
                st.untitled += 1;
            }
            if let Some([source, time, _]) = a.stamp_bytes() {
                st.count_source(source);
                st.count_time(time);
            }
        }
        st
    }

    fn count_time(&mut self, time: &[u8]) {
        if self.first.as_deref().is_none_or(|f| time < f) {
            self.first = Some(time.to_vec());
        }
        if self.last.as_deref().is_none_or(|l| time > l) {
            self.last = Some(time.to_vec());
        }
    }

    /// Counts articles by kind from the index alone, reading no text.
    fn of_kinds(doc: &crate::input::Document, _text: &[u8]) -> DocStats {
        let mut st = DocStats::default();
        for e in doc.index.entries() {
            match e.kind() {
                Kind::Lead => st.leads += 1,
                Kind::Item => st.items += 1,
                Kind::Record => st.records += 1,
            }
        }
        st
    }

    fn count_source(&mut self, source: &[u8]) {
        /// Sources kept in the list before it becomes a map.
        const FEW: usize = 32;
        if self.many.is_empty() {
            if let Some((_, n)) = self.sources.iter_mut().find(|(s, _)| s == source) {
                *n += 1;
                return;
            }
            if self.sources.len() < FEW {
                self.sources.push((source.to_vec(), 1));
                return;
            }
            self.many.extend(self.sources.drain(..));
        }
        match self.many.get_mut(source) {
            Some(n) => *n += 1,
            None => {
                self.many.insert(source.to_vec(), 1);
            }
        }
    }

    fn merge(&mut self, o: DocStats) {
        self.leads += o.leads;
        self.items += o.items;
        self.untitled += o.untitled;
        self.records += o.records;
        self.bad_records += o.bad_records;
        self.unparsed_times += o.unparsed_times;
        self.fetch_times += o.fetch_times;
        self.many.extend(self.sources.drain(..));
        for (k, v) in o.sources.into_iter().chain(o.many) {
            *self.many.entry(k).or_default() += v;
        }
        if let Some(f) = o.first
            && self.first.as_ref().is_none_or(|x| f < *x)
        {
            self.first = Some(f);
        }
        if let Some(l) = o.last
            && self.last.as_ref().is_none_or(|x| l > *x)
        {
            self.last = Some(l);
        }
    }
}

fn cmd_stats(
    out: &mut impl Write,
    paths: &[PathBuf],
    read: &ReadArgs,
    by: Option<StatsBy>,
    scrape: Option<&scrape::DupArgs>,
    json: bool,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    // Per file, the index's counts are all there is to print: no text is
    // read (a folder's files are indexed and let go, a big file mapped).
    let per_file = by == Some(StatsBy::File);
    let count: &(dyn Fn(&crate::input::Document, &[u8]) -> DocStats + Sync) = if per_file {
        &DocStats::of_kinds
    } else {
        &DocStats::of
    };
    let (corpus, per_doc) = open_with(paths, read, count)?;
    let secs = started.elapsed().as_secs_f64();
    if per_file {
        // Columns only grow: `records` came after `file`.
        writeln!(
            out,
            "articles\tleads\titems\tbytes\tencoding\tcompression\tundecodable\tfile\trecords"
        )?;
        for (d, st) in per_doc.iter().enumerate() {
            let Some(doc) = corpus.doc(d) else { continue };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                doc.index.len(),
                st.leads,
                st.items,
                doc.prov.size,
                doc.prov.encoding_name(),
                doc.prov.compression.as_str(),
                doc.prov.replacements,
                corpus.file_name(d),
                st.records
            )?;
        }
        return Ok(());
    }
    let docs = corpus.docs();
    let mut all = DocStats::default();
    for st in per_doc {
        all.merge(st);
    }
    let input_len: u64 = docs.iter().map(|d| d.index.input_len()).sum();
    let lines: u64 = docs.iter().map(|d| d.index.lines()).sum();
    let first = all.first.as_deref().map(String::from_utf8_lossy);
    let last = all.last.as_deref().map(String::from_utf8_lossy);
    let parse: f64 = docs
        .iter()
        .map(|d| d.index.parse_time().as_secs_f64())
        .sum();
    let analysis = scrape.map(|dup| scrape::analysis_of(&corpus, dup, read.verbose));
    if json {
        let mut sources: Vec<(String, u64)> = all
            .many
            .iter()
            .chain(all.sources.iter().map(|(s, n)| (s, n)))
            .map(|(s, n)| (String::from_utf8_lossy(s).into_owned(), *n))
            .collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut v = serde_json::json!({
            "paths": corpus.name,
            "files": docs.len(),
            "skipped": corpus.skipped().len(),
            "bytes": input_len,
            "lines": lines,
            "articles": corpus.len(),
            "leads": all.leads,
            "items": all.items,
            "records": all.records,
            "bad_records": all.bad_records,
            "untitled": all.untitled,
            "first_date": first.as_deref(),
            "last_date": last.as_deref(),
            "sources": sources
                .iter()
                .map(|(name, n)| serde_json::json!({"source": name, "articles": n}))
                .collect::<Vec<_>>(),
        });
        if let Some(a) = &analysis {
            v["duplicates"] = scrape::dup_counts(a);
            v["flags"] = scrape::flag_counts(a);
        }
        writeln!(out, "{v}")?;
        return Ok(());
    }
    if corpus.is_multi() || !corpus.skipped().is_empty() {
        let mut line = format!("{} read", thousands(docs.len() as u64));
        if !corpus.skipped().is_empty() {
            line.push_str(&format!(
                ", {} skipped",
                thousands(corpus.skipped().len() as u64)
            ));
        }
        writeln!(out, "files       {line}")?;
        writeln!(out, "paths       {}", corpus.name)?;
    } else {
        writeln!(out, "file        {}", corpus.name)?;
    }
    writeln!(out, "bytes       {input_len}")?;
    writeln!(out, "lines       {lines}")?;
    writeln!(out, "articles    {}", corpus.len())?;
    writeln!(out, "  leads     {}", all.leads)?;
    writeln!(out, "  items     {}", all.items)?;
    if all.records > 0 {
        writeln!(out, "  records   {}", all.records)?;
        writeln!(out, "    bad     {}", all.bad_records)?;
    }
    writeln!(out, "  untitled  {}", all.untitled)?;
    // Counters are page dumps' alone.
    let mut widths: Vec<usize> = docs
        .iter()
        .filter(|d| !d.index.is_json())
        .map(|d| d.index.counter_width())
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let widths: Vec<String> = widths.iter().map(usize::to_string).collect();
    if !widths.is_empty() {
        writeln!(out, "counters    {} digits", widths.join(", "))?;
    }
    match (first, last) {
        (Some(f), Some(l)) => writeln!(out, "dates       {f} … {l}")?,
        _ => writeln!(out, "dates       none")?,
    }
    if all.records > 0 {
        writeln!(
            out,
            "times       {} unparsed, {} download times",
            all.unparsed_times, all.fetch_times
        )?;
    }
    all.many.extend(all.sources.drain(..));
    let mut by_count: Vec<(String, u64)> = all
        .many
        .into_iter()
        .map(|(s, n)| (text::sanitize(&String::from_utf8_lossy(&s)).into_owned(), n))
        .collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    writeln!(out, "sources     {}", by_count.len())?;
    for (name, n) in &by_count {
        let name = if name.is_empty() { "(none)" } else { name };
        writeln!(out, "  {n:>8}  {name}")?;
    }
    // What it took to read the files: encodings and compression, counted
    // in files.
    let census = |key: &dyn Fn(&crate::input::Document) -> String| {
        let mut counts: Vec<(String, u64)> = Vec::new();
        for d in docs {
            let k = key(d);
            match counts.iter_mut().find(|(x, _)| *x == k) {
                Some((_, n)) => *n += 1,
                None => counts.push((k, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
            .iter()
            .map(|(k, n)| format!("{k} {}", thousands(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "encodings   {}",
        census(&|d| d.prov.encoding_name().to_string())
    )?;
    writeln!(
        out,
        "compression {}",
        census(&|d| d.prov.compression.as_str().to_string())
    )?;
    let bad: u64 = docs.iter().map(|d| d.prov.replacements).sum();
    let bad_files = docs.iter().filter(|d| d.prov.replacements > 0).count();
    writeln!(
        out,
        "undecodable {} characters in {} files",
        thousands(bad),
        thousands(bad_files as u64)
    )?;
    if let Some(a) = &analysis {
        scrape::write_counts(out, a)?;
    }
    let mb = input_len as f64 / 1e6;
    writeln!(
        out,
        "parse       {:.3} ms, {:.0} MB/s",
        parse * 1e3,
        if parse > 0.0 { mb / parse } else { 0.0 }
    )?;
    if corpus.is_multi() {
        writeln!(
            out,
            "read        {:.3} s, {:.0} MB/s",
            secs,
            if secs > 0.0 { mb / secs } else { 0.0 }
        )?;
    }
    Ok(())
}
