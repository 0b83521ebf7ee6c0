//! JSON inputs (issue 13): what extraction tools write — JSON Lines, an
//! array of records, one record a file — read as articles. `shape` finds
//! the records in a file without parsing them (the index holds their
//! spans, as a dump's holds its articles'), `record` reads one into the
//! format-neutral article fields through the usual field names (and the
//! user's `--field` overrides), `time` reads the many ways they write a
//! time into one sortable time, `article` is what `dump::Article` keeps
//! of a record it decoded.

pub mod article;
pub mod record;
pub mod shape;
pub mod time;

pub use article::{Decoded, fields, set_fields};
