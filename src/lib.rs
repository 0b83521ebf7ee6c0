//! newsdump: a terminal reader for dumps of scraped news.
//!
//! The library is the pure core — [`dump`] parses and exports, [`text`] lays
//! text out — plus the command line in [`cli`]. Nothing in `dump` or `text`
//! touches the terminal.

pub mod app;
pub mod cli;
pub mod dump;
pub mod input;
pub mod search;
pub mod text;
pub mod tui;
pub mod ui;

/// The built-in sample dump, opened when no file is given.
pub const SAMPLE: &str = include_str!("../assets/sample.txt");

/// The name the sample is shown under.
pub const SAMPLE_NAME: &str = "sample.txt (built in)";
