//! The command line: argument parsing and the non-interactive commands.
//!
//! Errors end here as one line on standard error and an exit code: 0 ok,
//! 1 the input could not be read or nothing matched, 2 usage (clap's own).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::dump::{Kind, export};
use crate::input::{Input, OpenError, reason};
use crate::search;
use crate::text;

const EXAMPLES: &str = "\
Examples:
  newsdump                              open the built-in sample
  newsdump scrape.txt                   open a dump in the reader
  newsdump list scrape.txt              one line per article: id, time, source, title
  newsdump show scrape.txt 12 --width 60
  newsdump export scrape.txt --to jsonl | jq -r .title
  newsdump list scrape.txt --query 'falcon 180b' --source 站长网 --sort newest
  newsdump export scrape.txt --since 2024-01-01 --to markdown > 2024.md
  cat scrape.txt | newsdump stats -     read standard input";

/// A terminal reader for dumps of scraped news.
#[derive(Debug, Parser)]
#[command(name = "newsdump", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Dump to open in the reader (`-` for standard input); the built-in
    /// sample when absent. When standard output is not a terminal, prints
    /// what `list` prints.
    file: Option<PathBuf>,
    /// Follow the dump as a scraper writes it: new articles appear at the
    /// end (as `less +F`; `F` in the reader toggles it).
    #[arg(long, short = 'f')]
    follow: bool,
    /// Read a file even when it looks binary (NUL bytes in its first 64 KB,
    /// as grep decides).
    #[arg(long, global = true)]
    binary: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the articles: id, time, source and title, tab-separated.
    List {
        /// The dump (`-` for standard input).
        file: PathBuf,
        #[command(flatten)]
        select: Selection,
    },
    /// Show one article laid out for reading.
    Show {
        /// The dump (`-` for standard input).
        file: PathBuf,
        /// The article's id, as `list` prints it (1 is the first).
        id: usize,
        /// Columns to wrap at [default: the terminal's width, or 80].
        #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
    },
    /// Export every article as JSON lines or Markdown.
    Export {
        /// The dump (`-` for standard input).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        to: Format,
        #[command(flatten)]
        select: Selection,
    },
    /// Count articles, sources and dates, and time the parse.
    Stats {
        /// The dump (`-` for standard input).
        file: PathBuf,
    },
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
    /// Only items from this source (exact name).
    #[arg(long)]
    source: Option<String>,
    /// Only items from this date on: YYYY-MM-DD, or a longer prefix of
    /// YYYY-MM-DD HH:MM:SS.
    #[arg(long, value_parser = parse_date)]
    since: Option<String>,
    /// Only items up to this date, inclusive.
    #[arg(long, value_parser = parse_date)]
    until: Option<String>,
    /// Order of the output.
    #[arg(long, value_enum, default_value_t = SortArg::Order)]
    sort: SortArg,
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

fn parse_date(s: &str) -> Result<String, String> {
    search::select::checked_date(Some(s.to_string())).map(|d| d.unwrap_or_default())
}

impl Selection {
    /// Whether anything narrows the articles down.
    fn narrows(&self) -> bool {
        self.query.is_some()
            || self.source.is_some()
            || self.since.is_some()
            || self.until.is_some()
    }

    /// The selected articles' indices, in order. Exit 1 (as grep) when a
    /// query or filter matches nothing; 2 for a bad regex.
    fn rows(&self, input: &Input) -> Result<Vec<u32>, Failure> {
        let matcher = match &self.query {
            Some(q) => {
                let mode = if self.regex {
                    search::Mode::Regex
                } else {
                    search::Mode::Literal
                };
                Some(
                    search::Matcher::new(q, mode)
                        .map_err(|e| Failure::new(2, format!("--query: {e}")))?,
                )
            }
            None => None,
        };
        let filters = search::Filters {
            source: self.source.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
        };
        let never = std::sync::atomic::AtomicBool::new(false);
        let rows = search::select(
            &input.bytes,
            &input.index,
            matcher.as_ref(),
            &filters,
            self.sort.into(),
            &never,
            |_| {},
        )
        .unwrap_or_default();
        if rows.is_empty() && self.narrows() {
            return Err(Failure::new(1, ""));
        }
        Ok(rows)
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
                eprintln!("newsdump: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = match cli.command {
        None => {
            if io::stdout().is_terminal() {
                drop(out);
                // The reader shows a big dump's first screen before the
                // whole of it is parsed.
                let (input, indexing) = match &cli.file {
                    // Standard input and FIFOs stream in: spool them to a
                    // file and show them as they come.
                    Some(path) if is_stream(path) => (open_stream(path)?, None),
                    Some(path) => {
                        let (input, indexing) = Input::open_progressive(path)?;
                        check_text(&input, cli.binary)?;
                        (input, indexing)
                    }
                    None => (Input::sample(), None),
                };
                return match crate::tui::run(input, indexing, cli.follow) {
                    Ok(0) => Ok(()),
                    Ok(code) => Err(Failure::new(code, "")),
                    Err(e) => Err(Failure::new(1, format!("terminal: {}", reason(&e)))),
                };
            }
            // Not a terminal: print the list, so `newsdump FILE | grep` works.
            let input = match &cli.file {
                Some(path) => load(path, cli.binary)?,
                None => Input::sample(),
            };
            let all: Vec<u32> = (0..input.index.len() as u32).collect();
            cmd_list(&mut out, &input, &all)
        }
        Some(Command::List { file, select }) => {
            let input = load(&file, cli.binary)?;
            let rows = select.rows(&input)?;
            cmd_list(&mut out, &input, &rows)
        }
        Some(Command::Show { file, id, width }) => {
            let input = load(&file, cli.binary)?;
            let width = width.map_or_else(default_width, usize::from);
            cmd_show(&mut out, &input, id, width)
        }
        Some(Command::Export { file, to, select }) => {
            let input = load(&file, cli.binary)?;
            let rows = select.rows(&input)?;
            let articles = rows
                .iter()
                .filter_map(|&i| input.index.article(&input.bytes, i as usize));
            match to {
                Format::Jsonl => export::write_jsonl(&mut out, articles),
                Format::Markdown => export::write_markdown(&mut out, articles),
            }
            .map_err(Failure::from)
        }
        Some(Command::Stats { file }) => cmd_stats(&mut out, &load(&file, cli.binary)?),
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

/// Opens a dump for a subcommand, refusing a binary file unless asked.
fn load(path: &std::path::Path, binary: bool) -> Result<Input, Failure> {
    let input = Input::load(path)?;
    check_text(&input, binary)?;
    Ok(input)
}

/// How much of a file decides whether it is binary, as grep does.
const BINARY_PROBE: usize = 64 << 10;

/// Exit 1 on a binary file (a NUL in its first 64 KB) unless `--binary`:
/// a dump is text, and a reader full of ␀ helps nobody.
fn check_text(input: &Input, binary: bool) -> Result<(), Failure> {
    let head = &input.bytes[..input.bytes.len().min(BINARY_PROBE)];
    if !binary && memchr::memchr(0, head).is_some() {
        return Err(Failure::new(
            1,
            format!(
                "{}: looks like a binary file (NUL bytes in its first 64 KB); --binary reads it anyway",
                input.name
            ),
        ));
    }
    Ok(())
}

/// Standard input, or a path that is a FIFO or character device.
fn is_stream(path: &std::path::Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    path == std::path::Path::new("-")
        || std::fs::metadata(path)
            .is_ok_and(|m| m.file_type().is_fifo() || m.file_type().is_char_device())
}

/// Opens standard input or a FIFO for the reader, spooled.
fn open_stream(path: &std::path::Path) -> Result<Input, Failure> {
    let name = crate::input::display_name(path);
    if path == std::path::Path::new("-") {
        return Ok(Input::spool("standard input".into(), io::stdin())?);
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::new(1, format!("cannot read {name}: {}", reason(&e))))?;
    Ok(Input::spool(name, file)?)
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

fn cmd_list(out: &mut impl Write, input: &Input, rows: &[u32]) -> Result<(), Failure> {
    for a in rows
        .iter()
        .filter_map(|&i| input.index.article(&input.bytes, i as usize))
    {
        let field = |s: Option<std::borrow::Cow<'_, str>>| {
            s.map(|s| text::sanitize(&s).into_owned())
                .unwrap_or_default()
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            a.id(),
            field(a.time()),
            field(a.source()),
            text::sanitize(&a.title())
        )?;
    }
    Ok(())
}

fn cmd_show(out: &mut impl Write, input: &Input, id: usize, width: usize) -> Result<(), Failure> {
    let n = input.index.len();
    let article = id
        .checked_sub(1)
        .and_then(|i| input.index.article(&input.bytes, i))
        .ok_or_else(|| {
            Failure::new(
                1,
                format!(
                    "{}: no article {id} (it has {n}, numbered from 1)",
                    input.name
                ),
            )
        })?;
    let styled =
        io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut layout = text::ArticleLayout::new(&article, width);
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

fn cmd_stats(out: &mut impl Write, input: &Input) -> Result<(), Failure> {
    use std::collections::HashMap;
    let index = &input.index;
    let (mut leads, mut items, mut untitled) = (0u64, 0u64, 0u64);
    // Raw bytes as keys: decoding a million sources costs more than the
    // parse; they are decoded once each when printed.
    let mut sources: HashMap<&[u8], u64> = HashMap::new();
    let mut first: Option<&[u8]> = None;
    let mut last: Option<&[u8]> = None;
    for a in index.articles(&input.bytes) {
        match a.kind() {
            Kind::Lead => leads += 1,
            Kind::Item => items += 1,
        }
        if a.is_untitled() {
            untitled += 1;
        }
        if let Some([source, time, _]) = a.stamp_bytes() {
            *sources.entry(source).or_default() += 1;
            if first.is_none_or(|f| time < f) {
                first = Some(time);
            }
            if last.is_none_or(|l| time > l) {
                last = Some(time);
            }
        }
    }
    let first = first.map(String::from_utf8_lossy);
    let last = last.map(String::from_utf8_lossy);
    let secs = index.parse_time().as_secs_f64();
    let mb = index.input_len() as f64 / 1e6;
    writeln!(out, "file        {}", input.name)?;
    writeln!(out, "bytes       {}", index.input_len())?;
    writeln!(out, "lines       {}", index.lines())?;
    writeln!(out, "articles    {}", index.len())?;
    writeln!(out, "  leads     {leads}")?;
    writeln!(out, "  items     {items}")?;
    writeln!(out, "  untitled  {untitled}")?;
    writeln!(out, "counters    {} digits", index.counter_width())?;
    match (first, last) {
        (Some(f), Some(l)) => writeln!(out, "dates       {f} … {l}")?,
        _ => writeln!(out, "dates       none")?,
    }
    let mut by_count: Vec<(String, u64)> = sources
        .into_iter()
        .map(|(s, n)| (text::sanitize(&String::from_utf8_lossy(s)).into_owned(), n))
        .collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    writeln!(out, "sources     {}", by_count.len())?;
    for (name, n) in &by_count {
        let name = if name.is_empty() { "(none)" } else { name };
        writeln!(out, "  {n:>8}  {name}")?;
    }
    writeln!(
        out,
        "parse       {:.3} ms, {:.0} MB/s",
        secs * 1e3,
        if secs > 0.0 { mb / secs } else { 0.0 }
    )?;
    Ok(())
}
