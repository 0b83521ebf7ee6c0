//! newsdump: a terminal reader for dumps of scraped news.
//!
//! The library is a pure core — [`dump`] parses, [`export`] writes,
//! [`text`] lays text out, [`search`] finds, [`input`] reads files and
//! folders — then the reader's state in [`app`], its drawing in [`ui`], the
//! terminal in [`tui`], and the command line in [`cli`]. Nothing in the
//! core touches the terminal (`tests/layering.rs` checks the layers).

pub mod analysis;
pub mod app;
pub mod cli;
pub mod dump;
pub mod dups;
pub mod export;
pub mod input;
pub mod json;
pub mod overview;
pub mod quality;
pub mod search;
pub mod state;
pub mod text;
pub mod tui;
pub mod ui;

/// The built-in sample dump, opened when no file is given.
pub const SAMPLE: &str = include_str!("../assets/sample.txt");

/// The name the sample is shown under.
pub const SAMPLE_NAME: &str = "sample.txt (built in)";
