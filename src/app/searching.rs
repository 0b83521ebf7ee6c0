//! The `/` search: the query as typed, the articles it found so far (a
//! background job finds them), and `n`/`N` through them in list order.

use std::sync::Arc;

use super::App;
use crate::search::{Matcher, Mode};

/// The active search: its matcher and the articles found so far.
#[derive(Debug)]
pub struct Search {
    pub(super) matcher: Arc<Matcher>,
    /// One bit per article: whether it matches.
    hits: Vec<u64>,
    pub(super) count: usize,
    pub(super) done: bool,
    pub(super) job: u64,
}

impl Search {
    pub(super) fn new(matcher: Arc<Matcher>, articles: usize, job: u64) -> Search {
        Search {
            matcher,
            hits: vec![0; articles.div_ceil(64)],
            count: 0,
            done: false,
            job,
        }
    }

    /// The compiled query.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Articles found so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Whether the whole dump has been searched.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// How many of `rows` (article ordinals) match.
    pub(super) fn count_in(&self, rows: &[u32]) -> usize {
        rows.iter().filter(|&&i| self.is_hit(i as usize)).count()
    }

    /// Whether article `i` matches (as far as the search has gone).
    pub fn is_hit(&self, i: usize) -> bool {
        self.hits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub(super) fn add(&mut self, i: usize) {
        if let Some(w) = self.hits.get_mut(i / 64) {
            if *w & (1 << (i % 64)) == 0 {
                self.count += 1;
            }
            *w |= 1 << (i % 64);
        }
    }
}

/// The search and what waits on it.
#[derive(Debug, Default)]
pub struct Searching {
    pub(super) current: Option<Search>,
    /// The search to go back to when a `/` prompt is cancelled.
    pub(super) before_prompt: Option<Arc<Matcher>>,
    /// `Enter` or `n` waiting for the search to reach a match: forward or
    /// backward.
    pub(super) pending_jump: Option<bool>,
}

impl App {
    /// The `/` prompt's text changed: search for it at once.
    pub(super) fn search_as_typed(&mut self) {
        let Some(p) = &self.prompt.open else { return };
        if p.text().trim().is_empty() {
            self.clear_search();
            return;
        }
        let mode = if p.is_regex() {
            Mode::Regex
        } else {
            Mode::Literal
        };
        match Matcher::new(p.text(), mode) {
            Ok(m) => self.start_search(Arc::new(m)),
            Err(e) => {
                self.clear_search();
                self.messages.say(e.to_string());
            }
        }
    }

    pub(super) fn start_search(&mut self, matcher: Arc<Matcher>) {
        // A jump waiting for the last query's hits has no business with
        // this one's.
        self.search.pending_jump = None;
        let corpus = &self.documents.corpus;
        let job = self.jobs.search(corpus, Arc::clone(&matcher));
        self.search.current = Some(Search::new(matcher, corpus.len(), job));
    }

    pub(super) fn clear_search(&mut self) {
        self.jobs.cancel_search();
        self.search.current = None;
        self.search.pending_jump = None;
    }

    /// `n`/`N`: the next (or previous) matching article in list order,
    /// wrapping around with a message. While the search is still running
    /// and nothing lies ahead yet, the jump waits for the next hits.
    pub(super) fn next_match(&mut self, forward: bool, allow_wrap: bool) {
        let Some(search) = &self.search.current else {
            self.messages.say("no search: type / and a query");
            return;
        };
        let len = self.len();
        if len == 0 {
            return;
        }
        let from = self.view.selected;
        for k in 1..=len {
            let row = if forward {
                (from + k) % len
            } else {
                (from + len - k) % len
            };
            let wrapped = if forward { row <= from } else { row >= from };
            if wrapped && !(allow_wrap && search.done) {
                break;
            }
            if self.article_of(row).is_some_and(|i| search.is_hit(i)) {
                if wrapped {
                    self.messages.say(if forward {
                        "search wrapped to the top"
                    } else {
                        "search wrapped to the bottom"
                    });
                }
                self.search.pending_jump = None;
                self.view.anchor = None;
                self.view.selected = row;
                return;
            }
        }
        if search.done {
            let message = format!("no match for {}", search.matcher.query());
            self.search.pending_jump = None;
            self.messages.say(message);
        } else {
            self.search.pending_jump = Some(forward);
        }
    }

    /// Hits a search job found.
    pub(super) fn take_hits(&mut self, job: u64, articles: Vec<u32>, done: bool) {
        let Some(s) = self.search.current.as_mut().filter(|s| s.job == job) else {
            return;
        };
        for i in articles {
            s.add(i as usize);
        }
        s.done = done;
        if done {
            self.jobs.finished(job);
        }
        if let Some(forward) = self.search.pending_jump {
            self.next_match(forward, done);
        }
    }
}
