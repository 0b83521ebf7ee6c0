//! What a user decides about articles — read, starred, tags, a note — kept
//! across runs (issue 14). `key` names an article by what it says, so a
//! decision finds its article again wherever the article has moved;
//! `store` keeps the decisions in SQLite.

pub mod filter;
pub mod key;
pub mod store;
pub mod writer;

pub use filter::Filter;
pub use key::Key;

use std::path::PathBuf;

/// Where the state is kept, as the command line and environment say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Nothing is read or recorded (`--no-state`).
    Off,
    /// This database file.
    At(PathBuf),
}

/// The state database's place: `--no-state` turns it off; else `--state
/// FILE`, else `$NEWSDUMP_STATE`, else `$XDG_DATA_HOME/newsdump/state.db`
/// (`~/.local/share/newsdump/state.db`). `Off` when no home is known.
pub fn place(flag: Option<PathBuf>, no_state: bool) -> Place {
    if no_state {
        return Place::Off;
    }
    let chosen = flag
        .or_else(|| {
            std::env::var_os("NEWSDUMP_STATE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(default_path);
    chosen.map_or(Place::Off, Place::At)
}

/// `$XDG_DATA_HOME/newsdump/state.db`, else
/// `~/.local/share/newsdump/state.db`: marks and tags are data, not cache.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("newsdump").join("state.db"))
}

/// Article ids as `--id` takes them: numbers and ranges, comma- or
/// space-separated (`3,7,20-500`), 1-based. The error quotes the bad part.
pub fn parse_ids(spec: &str) -> Result<Vec<std::ops::RangeInclusive<usize>>, String> {
    let mut out = Vec::new();
    for part in spec
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let bad = || {
            format!(
                "'{}' is no id or range of ids (as 3, 20-500)",
                crate::text::sanitize(part)
            )
        };
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let a: usize = a.parse().map_err(|_| bad())?;
        let b: usize = b.parse().map_err(|_| bad())?;
        if a == 0 || b < a {
            return Err(bad());
        }
        out.push(a..=b);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_take_lists_and_ranges() {
        assert_eq!(parse_ids("3,7,20-500").unwrap(), [3..=3, 7..=7, 20..=500]);
        assert_eq!(parse_ids(" 1 2\n5-6 ").unwrap(), [1..=1, 2..=2, 5..=6]);
        for bad in ["0", "5-3", "x", "3-", "-3", "1,,a"] {
            assert!(parse_ids(bad).is_err(), "{bad}");
        }
        assert!(parse_ids("7-2").unwrap_err().contains("'7-2'"));
    }

    #[test]
    fn no_state_wins_and_a_flag_beats_the_environment() {
        assert_eq!(place(Some("/x/s.db".into()), true), Place::Off);
        assert_eq!(
            place(Some("/x/s.db".into()), false),
            Place::At("/x/s.db".into())
        );
    }
}
