//! The article on screen: its layout at the text pane's width and how far
//! it is scrolled. Lines are laid out as they are needed, and counted to the
//! end between key presses.

use crate::input::Corpus;
use crate::text::{Anchor, ArticleLayout};

/// The article on screen, laid out at the detail pane's width.
#[derive(Debug)]
pub struct Detail {
    pub(super) article: usize,
    pub(super) layout: ArticleLayout,
    pub(super) scroll: usize,
    /// Whether it was laid out knowing the article's copies (the
    /// analysis comes later than the first screen).
    pub(super) copies_known: bool,
}

/// Lines laid out per turn of the loop while counting: a few milliseconds.
const LINES_PER_TICK: usize = 4096;

impl Detail {
    /// Article `article` of `corpus` laid out at `width`, scrolled to the
    /// line that shows `keep` (a place in the text), else to the top.
    /// `None` when the article cannot be read (its file is gone).
    pub(super) fn new(
        corpus: &Corpus,
        article: usize,
        width: usize,
        keep: Option<Anchor>,
        copies: Option<Vec<String>>,
    ) -> Option<Detail> {
        let note = corpus.origin_note(article);
        let notes: Vec<&str> = note
            .as_deref()
            .into_iter()
            .chain(copies.iter().flatten().map(String::as_str))
            .collect();
        let mut layout =
            corpus.with_article(article, |a| ArticleLayout::with_notes(&a, width, &notes))?;
        let scroll = keep.map_or(0, |a| layout.line_of(a));
        Some(Detail {
            article,
            layout,
            scroll,
            copies_known: copies.is_some(),
        })
    }

    /// Index of the article in the dump.
    pub fn article(&self) -> usize {
        self.article
    }

    /// The layout, lines made as they are shown.
    pub fn layout(&self) -> &ArticleLayout {
        &self.layout
    }

    /// First line shown.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Scrolls by `delta` lines; `ahead` more lines past the new top are
    /// laid out first, so that the end is known when a move goes past it.
    pub(super) fn scroll_by(&mut self, delta: isize, ahead: usize) {
        if delta > 0 {
            self.layout.ensure(
                self.scroll
                    .saturating_add(delta as usize)
                    .saturating_add(ahead),
            );
        }
        self.scroll = self.scroll.saturating_add_signed(delta);
    }

    /// To the top, or to the end (laying out the whole text to find it).
    pub(super) fn scroll_to(&mut self, end: bool) {
        self.scroll = if end {
            self.layout.finish();
            usize::MAX
        } else {
            0
        };
    }

    /// Lays out `height` lines from the top shown; once the end is known,
    /// keeps the scroll inside the text.
    pub(super) fn settle(&mut self, height: usize) {
        self.layout.ensure(self.scroll.saturating_add(height));
        if self.layout.is_complete() || self.scroll >= self.layout.laid_out() {
            let total = self.layout.finish();
            self.scroll = self.scroll.min(total.saturating_sub(height));
        }
    }

    /// Whether lines are left to count.
    pub(super) fn counting(&self) -> bool {
        !self.layout.is_complete()
    }

    /// Lays out some more of the text beyond what the screen needs, so
    /// that the status bar can say `line x of y` before the reader goes to
    /// the end. Returns whether there was any left to do.
    pub(super) fn count_more(&mut self) -> bool {
        if self.layout.is_complete() {
            return false;
        }
        let n = self.layout.laid_out() + LINES_PER_TICK;
        self.layout.ensure(n);
        true
    }
}
