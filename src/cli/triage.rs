//! The command line's side of the triage state (issue 14): where the state
//! is, the `--unread`/`--starred`/`--tag`/`--untagged`/`--has-note`
//! filters of `list` and `export`, the state `export` carries, and the
//! `mark`, `tag` and `tags` subcommands.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::state::store::{State, Store};
use crate::state::{Key, Place};

/// Where the state is: the same for every subcommand and the reader.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct StateArgs {
    /// The triage state database (read, starred, tags, notes) [default:
    /// $NEWSDUMP_STATE, else $XDG_DATA_HOME/newsdump/state.db].
    #[arg(long, global = true, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Read and record no triage state this time.
    #[arg(long, global = true, conflicts_with = "state")]
    pub no_state: bool,
}

impl StateArgs {
    pub fn place(&self) -> Place {
        crate::state::place(self.state.clone(), self.no_state)
    }

    /// The stored states, for a command that only reads them: nothing when
    /// state is off or no database exists yet (reading never creates one).
    /// A database that cannot be read turns state off with one line.
    pub fn load(&self) -> Arc<HashMap<Key, State>> {
        let Place::At(path) = self.place() else {
            return Arc::default();
        };
        if !path.exists() {
            return Arc::default();
        }
        match Store::open(&path).and_then(|o| {
            if let Some(note) = o.note {
                eprintln!("newsdump: {note}");
            }
            o.store.load_all()
        }) {
            Ok(all) => Arc::new(all),
            Err(why) => {
                eprintln!("newsdump: state off: {why}");
                Arc::default()
            }
        }
    }
}

/// The state filters of `list`, `export` and `tag`: `mark`'s, and
/// `--unread`, which is a change for `mark`.
#[derive(Debug, Clone, Default, clap::Args)]
pub(super) struct StateFilter {
    /// Only articles not read yet (opened in the reader's text pane, or
    /// marked read).
    #[arg(long)]
    pub unread: bool,
    #[command(flatten)]
    pub rest: MarkFilter,
}

/// The state filters `mark` takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub(super) struct MarkFilter {
    /// Only starred articles.
    #[arg(long)]
    pub starred: bool,
    /// Only articles with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only articles with no tag.
    #[arg(long, conflicts_with = "tag")]
    pub untagged: bool,
    /// Only articles with a note.
    #[arg(long)]
    pub has_note: bool,
}

impl From<MarkFilter> for StateFilter {
    fn from(rest: MarkFilter) -> StateFilter {
        StateFilter {
            unread: false,
            rest,
        }
    }
}

impl StateFilter {
    /// The filter these flags make.
    pub fn filter(&self) -> crate::state::Filter {
        let r = &self.rest;
        crate::state::Filter {
            unread: self.unread,
            starred: r.starred,
            tag: r.tag.clone(),
            untagged: r.untagged,
            has_note: r.has_note,
        }
    }

    /// Whether any state filter is on.
    pub fn narrows(&self) -> bool {
        self.filter().narrows()
    }
}

/// Which articles `mark` and `tag` change: ids, and the selection flags
/// `list` takes (they combine: the ids among the selected).
#[derive(Debug, Clone, clap::Args)]
pub(super) struct Targets {
    /// Articles by id as `list` prints them: numbers and ranges,
    /// `--id 3,7,20-500`; repeatable.
    #[arg(long = "id", value_name = "IDS")]
    pub ids: Vec<String>,
    /// Read ids from this file (`-`: standard input), separated by commas,
    /// spaces or lines: `newsdump list … | cut -f1 | newsdump mark … --ids-from -`.
    #[arg(long, value_name = "FILE")]
    pub ids_from: Option<PathBuf>,
    /// Every article (that the selection flags leave).
    #[arg(long)]
    pub all: bool,
}

impl Targets {
    /// The ids asked for, as ranges; `None` when no id was given.
    pub fn ranges(&self) -> Result<Option<Vec<std::ops::RangeInclusive<usize>>>, super::Failure> {
        let mut specs: Vec<String> = self.ids.clone();
        if let Some(from) = &self.ids_from {
            let text = if from.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map(|_| s)
            } else {
                std::fs::read_to_string(from)
            }
            .map_err(|e| {
                super::Failure::new(
                    1,
                    format!(
                        "cannot read ids from {}: {e}",
                        crate::input::display_name(from)
                    ),
                )
            })?;
            // `list`'s lines: the id is the first column.
            specs.extend(
                text.lines()
                    .map(|l| l.split('\t').next().unwrap_or("").to_string()),
            );
        }
        if specs.is_empty() && self.ids_from.is_none() {
            return Ok(None);
        }
        let mut out = Vec::new();
        for spec in &specs {
            out.extend(
                crate::state::parse_ids(spec)
                    .map_err(|e| super::Failure::new(2, format!("--id: {e}")))?,
            );
        }
        Ok(Some(out))
    }
}

/// What `mark` changes.
#[derive(Debug, Clone, clap::Args)]
#[group(required = true, multiple = true)]
pub(super) struct MarkArgs {
    /// Mark read.
    #[arg(long, conflicts_with = "unread")]
    pub read: bool,
    /// Mark unread.
    #[arg(long)]
    pub unread: bool,
    /// Star.
    #[arg(long, conflicts_with = "unstar")]
    pub star: bool,
    /// Take the star off.
    #[arg(long)]
    pub unstar: bool,
    /// Set a one-line note (empty: remove it).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

impl MarkArgs {
    pub fn changes(&self) -> Vec<Change> {
        let mut out = Vec::new();
        if self.read || self.unread {
            out.push(Change::Read(self.read));
        }
        if self.star || self.unstar {
            out.push(Change::Star(self.star));
        }
        if let Some(n) = &self.note {
            out.push(Change::Note((!n.trim().is_empty()).then(|| n.clone())));
        }
        out
    }
}

/// What `tag` changes.
#[derive(Debug, Clone, clap::Args)]
#[group(required = true, multiple = true)]
pub(super) struct TagArgs {
    /// Add this tag; repeatable.
    #[arg(long, value_name = "TAG")]
    pub add: Vec<String>,
    /// Remove this tag; repeatable.
    #[arg(long, value_name = "TAG")]
    pub remove: Vec<String>,
}

impl TagArgs {
    pub fn changes(&self) -> Result<Vec<Change>, super::Failure> {
        let check = |t: &String| {
            crate::state::store::check_tag(t).map_err(|e| {
                super::Failure::new(2, format!("tag '{}': {e}", crate::text::sanitize(t)))
            })
        };
        let mut out = Vec::new();
        for t in &self.add {
            out.push(Change::AddTag(check(t)?));
        }
        for t in &self.remove {
            out.push(Change::RemoveTag(check(t)?));
        }
        Ok(out)
    }
}

use crate::state::store::Change;

/// The keys of the articles at `ordinals` (1-based ids among them when
/// `ranges` says), each once.
pub(super) fn target_keys(
    corpus: &crate::input::Corpus,
    rows: &[u32],
    ranges: Option<&[std::ops::RangeInclusive<usize>]>,
) -> (Vec<Key>, usize) {
    let chosen: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|&o| ranges.is_none_or(|r| r.iter().any(|r| r.contains(&(o as usize + 1)))))
        .collect();
    let mut keys = crate::state::writer::keys_of(corpus, &chosen);
    let articles = keys.len();
    keys.sort_unstable();
    keys.dedup();
    (keys, articles)
}

/// Opens the state to change it: made when it does not exist.
pub(super) fn open_for_change(args: &StateArgs) -> Result<Store, super::Failure> {
    let Place::At(path) = args.place() else {
        return Err(super::Failure::new(
            2,
            "--no-state: there is no state to change",
        ));
    };
    let opened = Store::open(&path).map_err(|e| super::Failure::new(1, e))?;
    if let Some(note) = opened.note {
        eprintln!("newsdump: {note}");
    }
    Ok(opened.store)
}

/// A change as the summary line says it.
pub(super) fn describe(c: &Change) -> String {
    match c {
        Change::Read(true) => "read".into(),
        Change::Read(false) => "unread".into(),
        Change::Star(true) => "starred".into(),
        Change::Star(false) => "unstarred".into(),
        Change::AddTag(t) => format!("tagged {}", crate::text::sanitize(t)),
        Change::RemoveTag(t) => format!("untagged {}", crate::text::sanitize(t)),
        Change::Note(Some(_)) => "noted".into(),
        Change::Note(None) => "note removed".into(),
    }
}
