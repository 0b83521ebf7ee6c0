//! The list: which articles it shows, in what order, which one is selected
//! and where the window onto it starts. Unfiltered in file order the list
//! is the dump itself; anything else is a vector of rows that a background
//! job builds (streamed in file order, or whole when sorted).

use std::sync::Arc;

use super::App;
use crate::search::{Filters, Matcher, Sort};

/// Which articles the list shows, in what order, and where in it the
/// reader is.
#[derive(Debug)]
pub struct View {
    /// Article indices, or `None` for every article in file order (no
    /// vector for a million articles that nobody filtered).
    pub(super) rows: Option<Vec<u32>>,
    /// Whether the rows are all there.
    pub(super) done: bool,
    /// The `&` query.
    pub(super) filter: Option<Arc<Matcher>>,
    /// Source and date filters (`:`).
    pub(super) filters: Filters,
    /// Triage filters (`:unread`, `:tag T`, `U`, `'`).
    pub(super) state_filter: crate::state::Filter,
    /// Duplicate and flag filters (`:dups`, `:dedup`, `D`, `:flag F`).
    pub(super) scrape_filter: super::scrape::ScrapeFilter,
    pub(super) sort: Sort,
    pub(super) job: Option<u64>,
    /// The article to select once the rows arrive.
    pub(super) anchor: Option<usize>,
    /// Whether `rows` are the running job's (false until its first rows
    /// arrive: until then the old rows stay on screen).
    pub(super) fresh: bool,
    /// The selected row.
    pub(super) selected: usize,
    /// The first row shown.
    pub(super) list_offset: usize,
    /// Whether the list shows each article's file (with many files).
    pub(super) show_files: bool,
    /// `G` pressed while indexing: go to the last article when it is known.
    pub(super) pending_last: bool,
}

impl Default for View {
    fn default() -> View {
        View {
            rows: None,
            done: true,
            filter: None,
            filters: Filters::default(),
            state_filter: crate::state::Filter::default(),
            scrape_filter: super::scrape::ScrapeFilter::default(),
            sort: Sort::default(),
            job: None,
            anchor: None,
            fresh: false,
            selected: 0,
            list_offset: 0,
            show_files: true,
            pending_last: false,
        }
    }
}

impl View {
    /// The selected row.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first row shown.
    pub fn list_offset(&self) -> usize {
        self.list_offset
    }

    /// Whether the rows are all there.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The `&` query.
    pub fn filter(&self) -> Option<&Matcher> {
        self.filter.as_deref()
    }

    /// Source and date filters (`:`).
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// Triage filters (`:unread`, `:tag T`).
    pub fn state_filter(&self) -> &crate::state::Filter {
        &self.state_filter
    }

    /// Duplicate and flag filters (`:dups`, `D`).
    pub fn scrape_filter(&self) -> &super::scrape::ScrapeFilter {
        &self.scrape_filter
    }

    /// The order.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// Whether the list shows each article's file.
    pub fn shows_files(&self) -> bool {
        self.show_files
    }

    /// Whether anything narrows or reorders the list.
    pub fn is_narrowed(&self) -> bool {
        self.filter.is_some()
            || !self.filters.is_empty()
            || self.state_filter.narrows()
            || self.scrape_filter.narrows()
    }

    /// Whether the list is the whole dump in file order (no rows to build).
    pub(super) fn is_whole(&self) -> bool {
        !self.is_narrowed() && self.sort == Sort::File
    }

    /// Rows in the list, of a corpus of `articles`.
    pub(super) fn len(&self, articles: usize) -> usize {
        self.rows.as_ref().map_or(articles, Vec::len)
    }

    /// The article shown in `row`, of a corpus of `articles`.
    pub(super) fn article_of(&self, row: usize, articles: usize) -> Option<usize> {
        match &self.rows {
            Some(rows) => rows.get(row).map(|&i| i as usize),
            None => (row < articles).then_some(row),
        }
    }

    /// The row showing article `i`, of a corpus of `articles`.
    pub(super) fn row_of(&self, i: usize, articles: usize) -> Option<usize> {
        match &self.rows {
            Some(rows) => rows.iter().position(|&r| r as usize == i),
            None => (i < articles).then_some(i),
        }
    }

    /// Keeps the selection in the list and in the window of `height` rows;
    /// no blank rows below the last article while earlier ones fit.
    pub(super) fn settle(&mut self, height: usize, len: usize) {
        if height > 0 {
            if self.selected < self.list_offset {
                self.list_offset = self.selected;
            } else if self.selected >= self.list_offset + height {
                self.list_offset = self.selected + 1 - height;
            }
            self.list_offset = self.list_offset.min(len.saturating_sub(height));
        }
        if self.selected >= len {
            self.selected = len.saturating_sub(1);
        }
    }
}

impl App {
    /// Selects row `i`, clamped to the list; says so when a move goes past
    /// either end.
    pub(super) fn select(&mut self, i: usize) {
        if self.is_empty() {
            return;
        }
        self.view.anchor = None;
        // A jump still waiting for search hits is overtaken by this move.
        self.search.pending_jump = None;
        let last = self.len() - 1;
        if i > last && self.view.selected == last {
            self.messages.say("last article");
        } else if i == 0 && self.view.selected == 0 && self.len() > 1 {
            self.messages.say("first article");
        }
        self.view.selected = i.min(last);
    }

    /// `g`/`G`: with a count, article N (1-based) from either pane; without,
    /// the first/last article, or the top/end of the text in the detail.
    pub(super) fn jump(&mut self, to_end: bool, count: Option<usize>) {
        if let Some(n) = count {
            // `20G` is article 20 of the dump, wherever a filter or a sort
            // put it in the list.
            let article = n.saturating_sub(1);
            match self.view.rows.as_ref().map(|_| self.row_of(article)) {
                None => self.select(article),
                Some(Some(row)) => self.select(row),
                Some(None) => self.messages.say(format!("article {n} is not in the list")),
            }
            return;
        }
        match self.screen.focus {
            super::Focus::List => {
                // While the dump is being indexed, `G` goes to the end as
                // far as it is known, and to the real end once it is.
                self.view.pending_last = to_end && self.documents.loading.is_some();
                if self.view.pending_last {
                    self.messages
                        .say("indexing: G goes to the last article when it is known");
                }
                self.select(if to_end { usize::MAX } else { 0 });
            }
            super::Focus::Detail => {
                if let Some(d) = &mut self.detail {
                    d.scroll_to(to_end);
                }
            }
        }
    }

    /// `]`/`[`: the first listed article of the next file, or of this
    /// file (of the previous one when already there), in list order.
    pub(super) fn jump_file(&mut self, forward: bool) {
        let corpus = &self.documents.corpus;
        if !corpus.is_multi() {
            self.messages.say("one file: no other to go to");
            return;
        }
        let Some(here) = self.selected_article().and_then(|o| corpus.doc_of(o)) else {
            return;
        };
        let doc_at = |row: usize| self.article_of(row).and_then(|o| corpus.doc_of(o));
        let len = self.len();
        let selected = self.view.selected;
        let target = if forward {
            (selected + 1..len).find(|&r| doc_at(r) != Some(here))
        } else {
            // The first row of this file's run; from there, the first row
            // of the run before it.
            let mut start = selected;
            while start > 0 && doc_at(start - 1) == Some(here) {
                start -= 1;
            }
            if start < selected {
                Some(start)
            } else if start == 0 {
                None
            } else {
                let prev = doc_at(start - 1);
                let mut s = start - 1;
                while s > 0 && doc_at(s - 1) == prev {
                    s -= 1;
                }
                Some(s)
            }
        };
        let name = target.and_then(doc_at).map(|d| corpus.file_name(d));
        match target {
            Some(row) => {
                self.select(row);
                match name {
                    Some(name) => self.messages.say(name),
                    None => self.messages.clear(),
                }
            }
            None => self
                .messages
                .say(if forward { "last file" } else { "first file" }),
        }
    }

    /// Starts building the list for the current filter, filters and sort;
    /// the selected article stays selected when it is still in the list.
    pub(super) fn rebuild_view(&mut self) {
        // An anchor set since the last rows (the corpus changed under the
        // view) names the article better than the stale rows do.
        let anchor = self.view.anchor.take().or_else(|| self.selected_article());
        // Rows move: a range over the old ones means nothing now.
        self.triage.visual = None;
        self.jobs.cancel_view();
        // What a `:source` that found nothing would have said is stale now.
        self.jobs.cancel(super::jobs::SOURCES);
        self.view.anchor = anchor;
        if self.view.is_whole() {
            self.view.rows = None;
            self.view.done = true;
            self.view.job = None;
            self.view.selected = anchor.unwrap_or(0);
            self.view.anchor = None;
            return;
        }
        // The old rows stay on screen until the new view's first rows
        // arrive: a sort of a million articles shows its result at once
        // when done, and the screen should not claim the dump is empty
        // meanwhile.
        self.view.done = false;
        self.view.fresh = false;
        self.view.job = Some(self.jobs.view(
            &self.documents.corpus,
            self.view.filter.clone(),
            self.view.filters.clone(),
            self.view.sort,
            self.state_keep(),
            self.scrape_keep().map(|(f, a)| {
                let keep: Arc<super::jobs::KeepRow> = Arc::new(move |o| f.keeps(&a, o));
                keep
            }),
        ));
    }

    /// Rows a view job built.
    pub(super) fn take_rows(&mut self, job: u64, rows: Vec<u32>, replace: bool, done: bool) {
        if self.view.job != Some(job) {
            return;
        }
        if !self.view.fresh {
            self.view.fresh = true;
            self.view.rows = Some(Vec::new());
            self.view.selected = 0;
            self.view.list_offset = 0;
        }
        let list = self.view.rows.get_or_insert_with(Vec::new);
        if replace {
            *list = rows;
        } else {
            list.extend_from_slice(&rows);
        }
        self.view.done = done;
        if done {
            self.jobs.finished(job);
            self.view.job = None;
            let n = self.len();
            if self.view.is_narrowed() {
                self.messages.say(match n {
                    0 => "no article matches".into(),
                    1 => "1 article matches".into(),
                    n => format!("{n} articles match"),
                });
                // Nothing from a source filter may be a typo: say what
                // sources there are once they are counted.
                if let (0, Some(source)) = (n, &self.view.filters.source) {
                    self.jobs
                        .unknown_source(&self.documents.corpus, source.clone());
                }
            }
        }
        if let Some(a) = self.view.anchor
            && let Some(row) = self.row_of(a)
        {
            self.view.selected = row;
            self.view.anchor = None;
        } else if done {
            self.view.anchor = None;
        }
    }
}
