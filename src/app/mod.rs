//! The reader's state and the only code that changes it. Nothing here
//! touches a terminal: the keymap turns events into [`Action`]s (most of
//! them a [`Command`]), [`App::update`] applies them, `ui` draws an `&App`.
//!
//! [`App`] is made of parts, each in a file with the code that changes it:
//! the [`Documents`] (`documents.rs`: the corpus and what may replace it),
//! the [`View`] (`view.rs`: the list's rows, filters, sort and selection),
//! the [`Detail`] (`detail.rs`: the article on screen), the `/` search
//! (`searching.rs`), the [`prompt`] and its history, the [`Messages`], the
//! [`Screen`] (`screen.rs`: size, split, focus), the [`Overlay`] and the
//! background jobs (`jobs.rs`). A part's fields are the app's to change and
//! everyone else's to read through its methods. `update` and `tick` end in
//! `settle`, which restores the invariants across the parts.

mod command;
mod detail;
pub mod diff;
mod documents;
mod geometry;
mod jobs;
pub mod keymap;
mod messages;
mod outlet;
pub mod overlay;
pub mod prompt;
mod scrape;
mod screen;
mod searching;
pub mod stats;
mod triage;
mod view;

use std::sync::Arc;

use ratatui::layout::{Position, Rect};

pub use command::Command;
pub use detail::Detail;
pub use documents::Documents;
pub use geometry::{MIN_HEIGHT, MIN_WIDTH, Panes, SIDE_BY_SIDE_MIN_WIDTH, Split, panes, too_small};
use jobs::{Jobs, Message};
pub use messages::{MESSAGES_KEPT, Messages};
pub use overlay::Overlay;
use prompt::{Edit, Prompt, PromptKind, Prompts};
pub use scrape::{Scrape, ScrapeFilter};
pub use screen::{Focus, Screen};
pub use searching::Search;
use searching::Searching;
pub use triage::{CONFIRM_OVER, Saving, Triage, place_of};
pub use view::View;

use crate::input::Corpus;
use crate::search::{Matcher, Mode};

/// What `update` takes: a [`Command`], or an event that carries data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A command, as a key bound to it runs it. A pending count (`5j`)
    /// multiplies or addresses it.
    Command(Command),
    /// A digit of a count prefix.
    Digit(u8),
    /// A character typed into the open prompt.
    Insert(char),
    /// The terminal's new size.
    Resize(u16, u16),
    /// Mouse wheel at a cell: positive scrolls down.
    Wheel {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
        /// Lines: positive down, negative up.
        lines: i16,
    },
    /// Left click at a cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
    /// The first key of a sequence (`]` of `]]`): the next key says what.
    Prefix(keymap::Key),
}

impl From<Command> for Action {
    fn from(command: Command) -> Action {
        Action::Command(command)
    }
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the reader.
    Quit,
    /// Hand the terminal back to the shell until `fg`.
    Suspend,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Open this URL (checked: http or https) with the browser.
    Open(String),
    /// Run `command` (typed by the user) with `input` on its standard
    /// input, the terminal handed to it meanwhile.
    Pipe {
        /// The command line, for `sh -c`.
        command: String,
        /// The article's text.
        input: String,
    },
}

/// Lines the wheel moves per notch.
const WHEEL_LINES: usize = 3;

/// The reader's whole state, in parts.
pub struct App {
    documents: Documents,
    view: View,
    search: Searching,
    /// The selected article laid out, once the size is known.
    detail: Option<Detail>,
    prompt: Prompts,
    messages: Messages,
    screen: Screen,
    overlay: Option<Overlay>,
    /// Count typed before a key (`20G`).
    count: Option<usize>,
    jobs: Jobs,
    /// What the loop must do next.
    effects: std::collections::VecDeque<Effect>,
    /// [`App::hits_shown`]'s last count, and what it was counted for.
    hits_shown: std::cell::Cell<Option<(CountedFor, usize)>>,
    /// Read, starred, tags, notes.
    triage: Triage,
    /// The first key of a sequence, waiting for the second.
    pending_key: Option<keymap::Key>,
    /// Duplicates and quality flags.
    scrape: Scrape,
    /// The statistics screen and its counts.
    stats: stats::Stats,
}

/// What a count of shown hits was made for: the search's job and hits,
/// the rows' number and allocation.
type CountedFor = (u64, usize, usize, usize);

impl App {
    /// A reader on `corpus`, for a terminal of `width`×`height`, with the
    /// triage state off (kept in memory only).
    pub fn new(corpus: Corpus, width: u16, height: u16) -> App {
        App::with_state(corpus, width, height, None)
    }

    /// A reader on `corpus` keeping its triage state in the database at
    /// `state` (`None`: in memory only).
    pub fn with_state(
        corpus: Corpus,
        width: u16,
        height: u16,
        state: Option<std::path::PathBuf>,
    ) -> App {
        App::with_triage(corpus, width, height, Triage::new(state))
    }

    /// A reader on `corpus` with its triage state already being read
    /// (the reader starts reading it before it opens the dump).
    pub fn with_triage(corpus: Corpus, width: u16, height: u16, triage: Triage) -> App {
        let mut app = App {
            documents: Documents::new(corpus),
            view: View::default(),
            search: Searching::default(),
            detail: None,
            prompt: Prompts::default(),
            messages: Messages::default(),
            screen: Screen::new(width, height),
            overlay: None,
            count: None,
            jobs: Jobs::default(),
            effects: std::collections::VecDeque::new(),
            hits_shown: std::cell::Cell::new(None),
            triage,
            pending_key: None,
            scrape: Scrape::default(),
            stats: stats::Stats::default(),
        };
        app.settle();
        app
    }

    /// The corpus, the rest of it still loading, follow mode.
    pub fn documents(&self) -> &Documents {
        &self.documents
    }

    /// The documents shown (short for `documents().corpus()`).
    pub fn corpus(&self) -> &Corpus {
        &self.documents.corpus
    }

    /// Which articles the list shows, and where in it the reader is.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// The article on screen, laid out.
    pub fn detail(&self) -> Option<&Detail> {
        self.detail.as_ref()
    }

    /// The `/` search.
    pub fn search(&self) -> Option<&Search> {
        self.search.current.as_ref()
    }

    /// The open prompt.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.open.as_ref()
    }

    /// The message on the status bar and the log of them.
    pub fn messages(&self) -> &Messages {
        &self.messages
    }

    /// The terminal's size, the split, the focus.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// What is drawn over the panes.
    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    /// Count typed before a key (`20G`), while it waits for the key.
    pub fn count(&self) -> Option<usize> {
        self.count
    }

    /// The first key of a sequence, while it waits for the second.
    pub fn pending_key(&self) -> Option<keymap::Key> {
        self.pending_key
    }

    /// Shows `message` on the status bar until the next key, and keeps it
    /// in the log, as the reader's own messages are.
    pub fn say(&mut self, message: impl Into<String>) {
        self.messages.say(message);
    }

    /// Number of rows in the list (the articles the view shows).
    pub fn len(&self) -> usize {
        self.view.len(self.documents.corpus.len())
    }

    /// True when the list has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How far the running search has come, in per cent, when the corpus
    /// has several documents (it counts them).
    pub fn search_percent(&self) -> Option<u64> {
        let running = self.search().is_some_and(|s| !s.done);
        (running && self.documents.corpus.docs().len() > 1)
            .then(|| self.jobs.search_progress())
            .flatten()
            .map(|permille| permille / 10)
    }

    /// How many of the search's hits the list shows, when a filter hides
    /// some articles (`None`: the list shows every article, and every hit).
    pub fn hits_shown(&self) -> Option<usize> {
        let s = self.search()?;
        let rows = self.view.rows.as_deref()?;
        // Counting is a pass over the rows (a million in a big view):
        // done again only when the hits or the rows changed, not at
        // every frame.
        let key = (s.job, s.count, rows.len(), rows.as_ptr() as usize);
        match self.hits_shown.get() {
            Some((k, n)) if k == key => Some(n),
            _ => {
                let n = s.count_in(rows);
                self.hits_shown.set(Some((key, n)));
                Some(n)
            }
        }
    }

    /// The article shown in list row `row`.
    pub fn article_of(&self, row: usize) -> Option<usize> {
        self.view.article_of(row, self.documents.corpus.len())
    }

    /// The selected article.
    pub fn selected_article(&self) -> Option<usize> {
        self.article_of(self.view.selected)
    }

    /// The list row showing article `i`.
    fn row_of(&self, i: usize) -> Option<usize> {
        self.view.row_of(i, self.documents.corpus.len())
    }

    /// Whether background work (indexing, a search, a view, a reload) is
    /// running, or the dump is being watched.
    pub fn busy(&self) -> bool {
        self.jobs.busy()
            || self.detail.as_ref().is_some_and(Detail::counting)
            || self.documents.loading.is_some()
            || self.documents.reloading()
            || self.documents.follow
            || self.documents.corpus.streaming()
            || self.triage.busy()
    }

    /// Where the panes are now.
    pub fn panes(&self) -> Panes {
        self.screen.panes()
    }

    /// Rows the list shows.
    pub fn list_rows(&self) -> usize {
        usize::from(self.panes().list.height)
    }

    /// Rows the detail shows.
    pub fn detail_rows(&self) -> usize {
        usize::from(self.panes().detail.height)
    }

    /// Applies one action (a [`Command`] will do). Afterwards the selection
    /// is visible, the detail shows the selected article at the pane's
    /// width, and the lines on screen are laid out.
    pub fn update(&mut self, action: impl Into<Action>) {
        let action = action.into();
        if !matches!(action, Action::Resize(..) | Action::Digit(_)) {
            self.messages.clear();
        }
        let count = match action {
            Action::Digit(_) | Action::Resize(..) | Action::Prefix(_) => None,
            _ => self.count.take(),
        };
        if !matches!(action, Action::Resize(..)) {
            self.pending_key = None;
        }
        let n = count.unwrap_or(1);
        if self.overlay == Some(Overlay::Stats) && self.update_stats(action, n) {
            self.settle();
            return;
        }
        if let Some(overlay) = self.overlay
            && overlay != Overlay::Stats
            && self.update_overlay(action, overlay, n)
        {
            self.settle();
            return;
        }
        if self.prompt.open.is_some() && self.update_prompt(action) {
            self.settle();
            return;
        }
        match action {
            Action::Command(command) => self.run(command, count),
            Action::Digit(d) => {
                let so_far = self.count.unwrap_or(0);
                // Past a million articles, more digits make no sense.
                self.count = Some((so_far.saturating_mul(10) + usize::from(d)).min(100_000_000));
            }
            // Typing without a prompt: nothing to type into.
            Action::Insert(_) => {}
            Action::Resize(w, h) => {
                self.screen.area = Rect::new(0, 0, w, h);
                // The overlay's lines wrap anew: it may now scroll past them.
                if let Some(o) = self.overlay {
                    let (_, max) = self.overlay_page(o);
                    self.overlay = Some(o.scrolled(o.scroll().min(max)));
                }
            }
            Action::Wheel { column, row, lines } => self.wheel(column, row, lines),
            Action::Click { column, row } => self.click(column, row),
            Action::Prefix(key) => self.pending_key = Some(key),
        }
        self.settle();
    }

    /// Runs a command in the reader (no overlay or prompt took it).
    fn run(&mut self, command: Command, count: Option<usize>) {
        let n = count.unwrap_or(1);
        // `;` says what the next change is for; any other key forgets it.
        if !matches!(
            command,
            Command::ToggleRead
                | Command::ToggleStar
                | Command::TagPrompt
                | Command::NotePrompt
                | Command::ApplyToList
        ) && self.triage.to_list
        {
            self.triage.to_list = false;
        }
        match command {
            Command::Down => match self.screen.focus {
                Focus::List => self.select(self.view.selected.saturating_add(n)),
                Focus::Detail => self.scroll_detail(n as isize),
            },
            Command::Up => match self.screen.focus {
                Focus::List => self.select(self.view.selected.saturating_sub(n)),
                Focus::Detail => self.scroll_detail(-(n as isize)),
            },
            Command::ScrollDetailDown => self.scroll_detail(n as isize),
            Command::ScrollDetailUp => self.scroll_detail(-(n as isize)),
            Command::PageDown => self.page(n as isize * self.page_rows() as isize),
            Command::PageUp => self.page(-(n as isize) * self.page_rows() as isize),
            Command::HalfPageDown => self.page(n as isize * (self.page_rows() / 2).max(1) as isize),
            Command::HalfPageUp => {
                self.page(-(n as isize) * (self.page_rows() / 2).max(1) as isize)
            }
            Command::First | Command::Last => self.jump(command == Command::Last, count),
            Command::ToggleFocus => self.screen.toggle_focus(),
            Command::FocusList => {
                self.screen.zoom(false);
                self.screen.focus = Focus::List;
            }
            Command::FocusDetail => self.screen.focus = Focus::Detail,
            Command::Open => self.screen.zoom(true),
            Command::ToggleZoom => self.screen.zoom(!self.screen.split.zoomed),
            Command::ShrinkList => self.screen.resize_split(-5 * n as i32),
            Command::GrowList => self.screen.resize_split(5 * n as i32),
            Command::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Command::Back => {
                if !self.back() && self.triage.visual.take().is_none() {
                    self.triage.to_list = false;
                }
            }
            Command::Quit => {
                if !self.back() {
                    self.effects.push_back(Effect::Quit);
                }
            }
            Command::ForceQuit => self.effects.push_back(Effect::Quit),
            Command::Suspend => self.effects.push_back(Effect::Suspend),
            Command::SearchPrompt => {
                self.search.before_prompt = self.search().map(|s| Arc::clone(&s.matcher));
                let regex = self
                    .search
                    .before_prompt
                    .as_ref()
                    .is_some_and(|m| m.mode() == Mode::Regex);
                self.prompt.open = Some(Prompt::new(PromptKind::Search, "", regex));
            }
            Command::FilterPrompt => {
                // Empty, as in less: `&` then Enter shows every article again.
                let regex = self
                    .view
                    .filter
                    .as_ref()
                    .is_some_and(|m| m.mode() == Mode::Regex);
                self.prompt.open = Some(Prompt::new(PromptKind::Filter, "", regex));
            }
            Command::CommandPrompt => {
                // Empty, so that a command is typed, not edited out of the
                // filters (the status bar shows them; ↑ recalls commands).
                self.prompt.open = Some(Prompt::new(PromptKind::Command, "", false));
            }
            Command::NextMatch => self.next_match(true, true),
            Command::PrevMatch => self.next_match(false, true),
            Command::ToggleFollow => self.toggle_follow(),
            Command::NextFile => self.jump_file(true),
            Command::PrevFile => self.jump_file(false),
            Command::ToggleFiles => {
                self.view.show_files = !self.view.show_files;
                self.messages.say(if !self.documents.corpus.is_multi() {
                    "one file: nothing to show"
                } else if self.view.show_files {
                    "files shown"
                } else {
                    "files hidden"
                });
            }
            Command::Files => self.overlay = Some(Overlay::Files { scroll: 0 }),
            Command::Messages => self.overlay = Some(Overlay::Messages { scroll: 0 }),
            Command::Raw => self.overlay = Some(Overlay::Raw { scroll: 0 }),
            Command::ToggleRead => self.toggle_read(),
            Command::ToggleStar => self.toggle_star(),
            Command::TagPrompt => self.ask(PromptKind::Tag),
            Command::NotePrompt => self.ask(PromptKind::Note),
            Command::Visual => self.toggle_visual(),
            Command::ApplyToList => self.apply_to_list(),
            Command::Undo => self.undo(),
            Command::OnlyUnread | Command::OnlyStarred => {
                let f = &mut self.view.state_filter;
                let on = if command == Command::OnlyUnread {
                    f.unread = !f.unread;
                    f.unread
                } else {
                    f.starred = !f.starred;
                    f.starred
                };
                let what = if command == Command::OnlyUnread {
                    "unread"
                } else {
                    "starred"
                };
                self.messages.say(if on {
                    format!("only {what} articles")
                } else {
                    format!("{what} or not: all articles")
                });
                self.rebuild_view();
            }
            Command::CopyArticle => self.copy_article(),
            Command::CopyUrl => self.copy_url(count),
            Command::OpenUrl => self.open_url(count),
            Command::Links => self.overlay = Some(Overlay::Links { scroll: 0 }),
            Command::Pipe => {
                if self.selected_article().is_some() {
                    self.prompt.open = Some(Prompt::new(PromptKind::Pipe, "", false));
                }
            }
            Command::Dedup => self.toggle_dedup(),
            Command::Group => self.overlay = Some(Overlay::Group { scroll: 0 }),
            Command::NextCopy => self.jump_copy(true, n),
            Command::PrevCopy => self.jump_copy(false, n),
            Command::Diff => self.open_diff(),
            Command::Stats => self.open_stats(),
            Command::NextHeading => self.jump_heading(true, n),
            Command::PrevHeading => self.jump_heading(false, n),
            Command::CycleSort => {
                self.view.sort = self.view.sort.next();
                self.messages
                    .say(format!("sorted by {}", self.view.sort.name()));
                self.rebuild_view();
            }
            // Prompt keys without a prompt: nothing to do.
            Command::PromptSubmit
            | Command::PromptCancel
            | Command::PromptOlder
            | Command::PromptNewer
            | Command::PromptToggleRegex
            | Command::DeleteBack
            | Command::DeleteForward
            | Command::DeleteWord
            | Command::ClearLine
            | Command::CursorLeft
            | Command::CursorRight
            | Command::CursorHome
            | Command::CursorEnd => {}
        }
    }

    /// Keys while a prompt is open. Returns false for an action the
    /// prompt does not take (it then goes to the reader).
    fn update_prompt(&mut self, action: Action) -> bool {
        let Some(p) = &mut self.prompt.open else {
            return false;
        };
        let kind = p.kind();
        if kind == PromptKind::Confirm {
            if matches!(
                action,
                Action::Resize(..)
                    | Action::Wheel { .. }
                    | Action::Command(Command::ForceQuit | Command::Suspend)
            ) {
                return false;
            }
            self.prompt.open = None;
            self.confirm(matches!(action, Action::Insert('y' | 'Y')));
            return true;
        }
        let edit = match action {
            Action::Insert(c) => Some(Edit::Insert(c)),
            Action::Command(c) => c.edit(),
            _ => None,
        };
        if let Some(edit) = edit {
            if p.edit(edit) && kind == PromptKind::Search {
                self.search_as_typed();
            }
            return true;
        }
        match action {
            Action::Command(c @ (Command::PromptOlder | Command::PromptNewer)) => {
                let older = c == Command::PromptOlder;
                if p.recall(&self.prompt.history, older) && kind == PromptKind::Search {
                    self.search_as_typed();
                }
            }
            Action::Command(Command::PromptToggleRegex) if kind != PromptKind::Command => {
                p.toggle_regex();
                if kind == PromptKind::Search {
                    self.search_as_typed();
                }
            }
            Action::Command(Command::PromptCancel) => {
                self.prompt.open = None;
                if matches!(kind, PromptKind::Tag | PromptKind::Note) {
                    self.confirm(false);
                }
                if kind == PromptKind::Search {
                    // Back to the search there was before `/`.
                    match self.search.before_prompt.take() {
                        Some(m) => self.start_search(m),
                        None => self.clear_search(),
                    }
                }
            }
            Action::Command(Command::PromptSubmit) => {
                let p = self
                    .prompt
                    .open
                    .take()
                    .unwrap_or_else(|| Prompt::new(kind, "", false));
                self.submit(p);
            }
            Action::Resize(..)
            | Action::Command(Command::ForceQuit | Command::Suspend)
            | Action::Wheel { .. } => {
                return false;
            }
            // Everything else is typing: mouse clicks and stray keys do
            // nothing while the prompt is open.
            _ => {}
        }
        true
    }

    /// Enter in a prompt: the search stays, the filter or the command
    /// applies.
    fn submit(&mut self, p: Prompt) {
        self.prompt.history.push(p.kind(), p.text());
        let mode = if p.is_regex() {
            Mode::Regex
        } else {
            Mode::Literal
        };
        match p.kind() {
            PromptKind::Search => {
                self.search.before_prompt = None;
                if p.text().trim().is_empty() {
                    self.clear_search();
                } else if self.search.current.is_some() {
                    self.next_match(true, true);
                }
            }
            PromptKind::Filter => {
                if p.text().trim().is_empty() {
                    self.view.filter = None;
                    self.messages.say("filter cleared");
                } else {
                    match Matcher::new(p.text(), mode) {
                        Ok(m) => self.view.filter = Some(Arc::new(m)),
                        Err(e) => {
                            self.messages.say(e.to_string());
                            return;
                        }
                    }
                }
                self.rebuild_view();
            }
            PromptKind::Command => self.command_line(p.text()),
            PromptKind::Tag | PromptKind::Note => self.submit_triage(p.kind(), p.text()),
            PromptKind::Pipe => self.pipe(p.text()),
            PromptKind::Confirm => {}
        }
    }

    /// Keys while an overlay is open: scroll it or close it. Returns false
    /// for an action the overlay does not take (it then closes and the
    /// action applies to the reader, as in `less`).
    /// An overlay's page (rows shown at once) and furthest scroll.
    fn overlay_page(&self, overlay: Overlay) -> (usize, usize) {
        match overlay {
            Overlay::Diff { .. } => {
                let (area, rows) = self.diff_placed().unwrap_or_default();
                // Inside the border, less the header row.
                let page = usize::from(area.height.saturating_sub(3));
                (page.max(1), rows.len().saturating_sub(page))
            }
            _ => {
                let placed =
                    overlay::place(self.screen.area, &overlay::overlay_lines(self, overlay));
                (placed.page().max(1), placed.max_scroll())
            }
        }
    }

    fn update_overlay(&mut self, action: Action, overlay: Overlay, n: usize) -> bool {
        let scroll = overlay.scroll();
        let (page, max) = self.overlay_page(overlay);
        let diff = matches!(overlay, Overlay::Diff { .. });
        let scroll = match action {
            // In the diff, the group's copies in turn.
            Action::Command(c @ (Command::NextCopy | Command::PrevCopy)) if diff => {
                self.jump_copy(c == Command::NextCopy, n);
                return true;
            }
            Action::Command(Command::Diff) if diff => {
                self.overlay = None;
                return true;
            }
            Action::Command(Command::Down | Command::ScrollDetailDown) => scroll.saturating_add(n),
            Action::Command(Command::Up | Command::ScrollDetailUp) => scroll.saturating_sub(n),
            Action::Command(Command::PageDown) => scroll.saturating_add(page * n),
            Action::Command(Command::PageUp) => scroll.saturating_sub(page * n),
            Action::Command(Command::HalfPageDown) => scroll.saturating_add((page / 2).max(1) * n),
            Action::Command(Command::HalfPageUp) => scroll.saturating_sub((page / 2).max(1) * n),
            Action::Wheel { lines, .. } => {
                scroll.saturating_add_signed(isize::from(lines) * WHEEL_LINES as isize)
            }
            Action::Command(Command::First) => 0,
            Action::Command(Command::Last) => usize::MAX,
            Action::Command(
                Command::Back
                | Command::Quit
                | Command::Help
                | Command::Files
                | Command::Messages
                | Command::Raw
                | Command::Links
                | Command::Group,
            )
            | Action::Click { .. } => {
                // A click closes the overlay and does nothing else.
                self.overlay = None;
                return true;
            }
            Action::Resize(..)
            | Action::Digit(_)
            | Action::Command(Command::ForceQuit | Command::Suspend) => {
                return false;
            }
            _ => {
                // Any other key closes the overlay and then does its work,
                // as in `less`.
                self.overlay = None;
                return false;
            }
        };
        self.overlay = Some(overlay.scrolled(scroll.min(max)));
        true
    }

    /// Esc: close the overlay, or leave the full-screen view. Returns false
    /// when there was nothing to back out of.
    fn back(&mut self) -> bool {
        if self.overlay.take().is_some() {
            return true;
        }
        if self.screen.split.zoomed {
            self.screen.zoom(false);
            return true;
        }
        false
    }

    fn page_rows(&self) -> usize {
        match self.screen.focus {
            Focus::List => self.list_rows(),
            Focus::Detail => self.detail_rows(),
        }
        .max(1)
    }

    fn page(&mut self, delta: isize) {
        match self.screen.focus {
            Focus::List => self.select(self.view.selected.saturating_add_signed(delta)),
            Focus::Detail => self.scroll_detail(delta),
        }
    }

    fn scroll_detail(&mut self, delta: isize) {
        let ahead = usize::from(self.screen.area.height);
        if let Some(d) = &mut self.detail {
            d.scroll_by(delta, ahead);
        }
    }

    fn wheel(&mut self, column: u16, row: u16, lines: i16) {
        let at = Position::new(column, row);
        let panes = self.panes();
        let delta = isize::from(lines) * WHEEL_LINES as isize;
        if panes.list.contains(at) {
            self.select(self.view.selected.saturating_add_signed(delta));
        } else if panes.detail.contains(at) {
            self.scroll_detail(delta);
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let at = Position::new(column, row);
        let panes = self.panes();
        if self.overlay.is_some() {
            self.overlay = None;
        } else if panes.list.contains(at) {
            self.screen.focus = Focus::List;
            let i = self.view.list_offset + usize::from(row - panes.list.y);
            if i < self.len() {
                self.view.anchor = None;
                self.view.selected = i;
            }
        } else if panes.detail.contains(at) {
            self.screen.focus = Focus::Detail;
        }
    }

    /// The next thing the event loop must do, in the order the updates
    /// asked for them (none is lost when one update asks for two).
    pub fn take_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    /// Restores the invariants after any change: the selection in the
    /// list's window, the detail laid out for the selection at the pane's
    /// width, its scroll inside the text, the screen's lines laid out.
    fn settle(&mut self) {
        let panes = self.panes();
        let len = self.len();
        self.view.settle(usize::from(panes.list.height), len);
        self.settle_triage();
        let text_area = panes.detail_text();
        let width = usize::from(text_area.width);
        let height = usize::from(text_area.height);
        let Some(selected) = self.selected_article() else {
            // An empty list (a filter that matches nothing) shows no text.
            self.detail = None;
            return;
        };
        if width == 0 {
            return;
        }
        let copies_known = self.analysis().is_some();
        let stale = self.detail.as_ref().is_none_or(|d| {
            d.article != selected || d.layout.width() != width || d.copies_known != copies_known
        });
        if stale {
            // Keep the reading position when only the width changed: the
            // same text stays at the top, whatever line it now falls on.
            let keep = self
                .detail
                .as_ref()
                .filter(|d| d.article == selected)
                .and_then(|d| d.layout.anchor(d.scroll));
            let copies = copies_known.then(|| self.copies_lines(selected));
            if let Some(d) = Detail::new(&self.documents.corpus, selected, width, keep, copies) {
                self.detail = Some(d);
            }
        }
        if let Some(d) = &mut self.detail {
            d.settle(height);
        }
    }

    /// Takes what background jobs found since the last call. Returns
    /// whether anything changed (the screen needs a redraw).
    pub fn tick(&mut self) -> bool {
        let watched = self.watch();
        let indexed = self.take_loaded() || watched;
        let indexed = self.take_replies() || indexed;
        self.start_analysis();
        self.start_overview();
        let messages = self.jobs.drain();
        let counted = self.detail.as_mut().is_some_and(Detail::count_more);
        let changed = indexed || counted || !messages.is_empty();
        for m in messages {
            self.take(m);
        }
        if changed {
            self.settle();
        }
        changed
    }

    /// Blocks until every job is done and the article on screen is laid
    /// out to its end (tests, benchmarks, the CLI).
    pub fn wait_for_jobs(&mut self) {
        while self.jobs.busy() {
            match self.jobs.wait(std::time::Duration::from_secs(30)) {
                Some(m) => self.take(m),
                None => break,
            }
        }
        self.settle();
        while self.detail.as_mut().is_some_and(Detail::count_more) {}
    }

    fn take(&mut self, m: Message) {
        match m {
            Message::Failed { job, slot, why } => {
                // A job replaced since failed for nobody.
                if !self.jobs.finished(job) {
                    return;
                }
                // The job says no more: what it found stands, marked done,
                // so that nothing waits on it.
                if let Some(s) = self.search.current.as_mut().filter(|s| s.job == job) {
                    s.done = true;
                    self.search.pending_jump = None;
                }
                if self.view.job == Some(job) {
                    self.view.job = None;
                    self.view.done = true;
                }
                self.messages.say(format!(
                    "the {slot} failed: {}",
                    crate::text::sanitize(&why)
                ));
            }
            Message::Say { job, text } => {
                // Cancelled since (the filters changed): it speaks of
                // something no longer on screen.
                if !self.jobs.finished(job) {
                    return;
                }
                if let Some(text) = text {
                    self.messages.say(text);
                }
            }
            Message::Hits {
                job,
                articles,
                done,
            } => self.take_hits(job, articles, done),
            Message::Rows {
                job,
                rows,
                replace,
                done,
            } => self.take_rows(job, rows, replace, done),
            Message::Analysed { job, analysis } => self.take_analysis(job, *analysis),
            Message::Counted { job, overview } => self.take_overview(job, *overview),
        }
    }
}

#[cfg(test)]
mod tests;
