//! What a user decides about articles — read, starred, tags, a note — kept
//! across runs (issue 14). `key` names an article by what it says, so a
//! decision finds its article again wherever the article has moved;
//! `store` keeps the decisions in SQLite.

pub mod key;

pub use key::Key;
