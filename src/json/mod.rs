//! JSON inputs (issue 13): what extraction tools write — JSON Lines, an
//! array of records, one record a file — read as articles. `shape` finds
//! the records in a file without parsing them, `record` reads one into the
//! format-neutral article fields through the usual field names (and the
//! user's `--field` overrides), `time` reads the many ways they write a
//! time into one sortable time.
//!
//! Not yet wired into `input` and the corpus: the next step.

pub mod record;
pub mod shape;
pub mod time;
