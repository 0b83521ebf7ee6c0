//! The reader's state and the only code that changes it: [`App`], the
//! [`Action`]s a user can take, and [`App::update`]. Nothing here touches a
//! terminal; the keymap turns events into actions and `ui` draws an `&App`.

mod geometry;
mod jobs;
pub mod keymap;
pub mod overlay;
pub mod prompt;

use std::sync::Arc;

use ratatui::layout::{Position, Rect};

pub use geometry::{MIN_HEIGHT, MIN_WIDTH, Panes, SIDE_BY_SIDE_MIN_WIDTH, Split, panes, too_small};
use jobs::{Jobs, Message};
use prompt::{Edit, History, Prompt, PromptKind};

use crate::input::{Corpus, Loading, Origin};
use crate::search::{Filters, Matcher, Mode, Sort};
use crate::text::ArticleLayout;

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The article's text.
    Detail,
}

/// Messages the log keeps (`M`).
pub const MESSAGES_KEPT: usize = 200;

/// Something drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key help, scrolled by this many lines.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// The files: how many were read, which were skipped and why.
    Files {
        /// First line shown.
        scroll: usize,
    },
    /// Every message shown so far, whole.
    Messages {
        /// First line shown.
        scroll: usize,
    },
}

impl Overlay {
    /// The first line shown.
    pub fn scroll(self) -> usize {
        match self {
            Overlay::Help { scroll } | Overlay::Files { scroll } | Overlay::Messages { scroll } => {
                scroll
            }
        }
    }

    /// The same overlay scrolled to `scroll`.
    fn scrolled(self, scroll: usize) -> Overlay {
        match self {
            Overlay::Help { .. } => Overlay::Help { scroll },
            Overlay::Files { .. } => Overlay::Files { scroll },
            Overlay::Messages { .. } => Overlay::Messages { scroll },
        }
    }
}

/// Everything a user can do. The keymap produces these; `update` applies
/// them. A pending count (`5j`) multiplies or addresses the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `j`/`↓`: next article, or scroll down when the detail has focus.
    Down,
    /// `k`/`↑`: previous article, or scroll up when the detail has focus.
    Up,
    /// `J`: scroll the detail down from the list.
    ScrollDetailDown,
    /// `K`: scroll the detail up from the list.
    ScrollDetailUp,
    /// `Space`/`PgDn`: a page down in the focused pane.
    PageDown,
    /// `b`/`PgUp`: a page up.
    PageUp,
    /// `Ctrl-d`: half a page down.
    HalfPageDown,
    /// `Ctrl-u`: half a page up.
    HalfPageUp,
    /// `g`/`Home`: the first article (or top of the text); with a count,
    /// article N.
    First,
    /// `G`/`End`: the last article (or end of the text); with a count,
    /// article N.
    Last,
    /// `Tab`: the other pane.
    ToggleFocus,
    /// `h`/`←`: focus the list.
    FocusList,
    /// `l`/`→`: focus the detail.
    FocusDetail,
    /// `Enter`: read the selected article full screen.
    Open,
    /// `z`: full-screen detail on or off.
    ToggleZoom,
    /// `<`: a narrower (or shorter) list.
    ShrinkList,
    /// `>`: a wider (or taller) list.
    GrowList,
    /// `?`: the key help.
    Help,
    /// `Esc`: back out of an overlay or the full-screen view; drop a count.
    Back,
    /// `q`: back, or quit from the main view.
    Quit,
    /// `Ctrl-C`: quit from anywhere.
    ForceQuit,
    /// `Ctrl-Z`: suspend to the shell.
    Suspend,
    /// `/`: search as you type.
    SearchPrompt,
    /// `&`: show only matching articles (an empty query shows all).
    FilterPrompt,
    /// `:`: filter by source and date.
    CommandPrompt,
    /// `n`: the next matching article.
    NextMatch,
    /// `N`: the previous matching article.
    PrevMatch,
    /// `s`: the next sort order.
    CycleSort,
    /// `F`: follow the file as it grows (as `less +F`), or stop.
    ToggleFollow,
    /// `]`: the first article of the next file.
    NextFile,
    /// `[`: the first article of this file, or of the previous one.
    PrevFile,
    /// `f`: the list's file column on or off.
    ToggleFiles,
    /// `S`: the files read, skipped and damaged.
    Files,
    /// `M`: every message so far, whole (a long one is cut on the bar).
    Messages,
    /// An edit of the open prompt.
    Prompt(Edit),
    /// `↑` / `Ctrl-P` in the prompt: the line entered before.
    PromptOlder,
    /// `↓` / `Ctrl-N` in the prompt: the line entered after.
    PromptNewer,
    /// `Enter` in the prompt.
    PromptSubmit,
    /// `Esc` in the prompt.
    PromptCancel,
    /// `Ctrl-R` in the prompt: literal or regex.
    PromptToggleRegex,
    /// A digit of a count prefix.
    Digit(u8),
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
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Leave the reader.
    Quit,
    /// Hand the terminal back to the shell until `fg`.
    Suspend,
}

/// The article on screen, laid out at the detail pane's width.
#[derive(Debug)]
pub struct Detail {
    /// Index of the article in the dump.
    pub article: usize,
    /// The layout, lines made as they are shown.
    pub layout: ArticleLayout,
    /// First line shown.
    pub scroll: usize,
}

/// Lines the wheel moves per notch.
const WHEEL_LINES: usize = 3;

/// How often follow mode looks at the file.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Why a dump is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// It grew (follow mode, a stream).
    Grew,
    /// It shrank, was truncated under us, or was replaced.
    Replaced,
}

/// Watching the dump for change.
struct Watch {
    known: Option<crate::input::FileState>,
    last_check: std::time::Instant,
    /// Changes in a followed folder.
    folder: Option<crate::input::FolderWatch>,
    reloading: Option<(
        std::sync::mpsc::Receiver<Result<Corpus, crate::input::OpenError>>,
        Change,
    )>,
}

/// The active search (`/`): its matcher and the articles found so far.
#[derive(Debug)]
pub struct Search {
    /// The compiled query.
    pub matcher: Arc<Matcher>,
    /// One bit per article: whether it matches.
    hits: Vec<u64>,
    /// Articles found so far.
    pub count: usize,
    /// Whether the whole dump has been searched.
    pub done: bool,
    job: u64,
}

impl Search {
    fn new(matcher: Arc<Matcher>, articles: usize, job: u64) -> Search {
        Search {
            matcher,
            hits: vec![0; articles.div_ceil(64)],
            count: 0,
            done: false,
            job,
        }
    }

    /// How many of `rows` (article ordinals) match.
    fn count_in(&self, rows: &[u32]) -> usize {
        rows.iter().filter(|&&i| self.is_hit(i as usize)).count()
    }

    /// Whether article `i` matches (as far as the search has gone).
    pub fn is_hit(&self, i: usize) -> bool {
        self.hits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn add(&mut self, i: usize) {
        if let Some(w) = self.hits.get_mut(i / 64) {
            if *w & (1 << (i % 64)) == 0 {
                self.count += 1;
            }
            *w |= 1 << (i % 64);
        }
    }
}

/// Which articles the list shows, in what order.
#[derive(Debug, Default)]
pub struct View {
    /// Article indices, or `None` for every article in file order (no
    /// vector for a million articles that nobody filtered).
    rows: Option<Vec<u32>>,
    /// Whether the rows are all there.
    pub done: bool,
    /// The `&` query.
    pub filter: Option<Arc<Matcher>>,
    /// Source and date filters (`:`).
    pub filters: Filters,
    /// Order.
    pub sort: Sort,
    job: Option<u64>,
    /// The article to select once the rows arrive.
    anchor: Option<usize>,
    /// Whether `rows` are the running job's (false until its first rows
    /// arrive: until then the old rows stay on screen).
    fresh: bool,
}

impl View {
    /// Whether anything narrows or reorders the list.
    pub fn is_narrowed(&self) -> bool {
        self.filter.is_some() || !self.filters.is_empty()
    }
}

/// The reader's whole state.
pub struct App {
    /// The documents, shared with background jobs.
    pub corpus: Arc<Corpus>,
    /// Which articles the list shows.
    pub view: View,
    /// The `/` search.
    pub search: Option<Search>,
    /// The open prompt.
    pub prompt: Option<Prompt>,
    /// The search to go back to when a `/` prompt is cancelled.
    search_before_prompt: Option<Arc<Matcher>>,
    /// `Enter` or `n` waiting for the search to reach a match:
    /// forward or backward.
    pending_jump: Option<bool>,
    /// The rest of the input, still being read in the background.
    pub loading: Option<Loading>,
    /// `G` pressed while indexing: go to the last article when it is known.
    pending_last: bool,
    /// Follow mode (`F`, `--follow`): new articles appear as the file grows.
    pub follow: bool,
    /// Whether the list shows each article's file (with many files).
    pub show_files: bool,
    watch: Watch,
    jobs: Jobs,
    /// Selected article (index into the dump).
    pub selected: usize,
    /// First article shown in the list.
    pub list_offset: usize,
    /// Which pane keys go to.
    pub focus: Focus,
    /// The focus to go back to when the full-screen view closes.
    focus_before_zoom: Focus,
    /// How the screen is split.
    pub split: Split,
    /// The help overlay, when open.
    pub overlay: Option<Overlay>,
    /// Count typed before a key (`20G`).
    pub count: Option<usize>,
    /// A message for the status bar, cleared by the next key.
    pub message: Option<String>,
    /// Messages shown so far, oldest first (the last [`MESSAGES_KEPT`]).
    pub messages: Vec<String>,
    /// Lines entered at the prompts, for ↑/↓.
    pub history: History,
    /// Terminal size.
    pub area: Rect,
    /// The selected article laid out, once the size is known.
    pub detail: Option<Detail>,
    /// What the loop must do next.
    effects: std::collections::VecDeque<Effect>,
}

impl App {
    /// A reader on `corpus`, for a terminal of `width`×`height`.
    pub fn new(corpus: Corpus, width: u16, height: u16) -> App {
        let mut app = App {
            corpus: Arc::new(corpus),
            view: View {
                done: true,
                ..View::default()
            },
            search: None,
            prompt: None,
            search_before_prompt: None,
            pending_jump: None,
            loading: None,
            pending_last: false,
            follow: false,
            show_files: true,
            watch: Watch {
                known: None,
                last_check: std::time::Instant::now(),
                folder: None,
                reloading: None,
            },
            jobs: Jobs::default(),
            selected: 0,
            list_offset: 0,
            focus: Focus::List,
            focus_before_zoom: Focus::List,
            split: Split::default(),
            overlay: None,
            count: None,
            message: None,
            history: History::default(),
            messages: Vec::new(),
            area: Rect::new(0, 0, width, height),
            detail: None,
            effects: std::collections::VecDeque::new(),
        };
        app.settle();
        app
    }

    /// Number of rows in the list (the articles the view shows).
    pub fn len(&self) -> usize {
        self.view.rows.as_ref().map_or(self.corpus.len(), Vec::len)
    }

    /// True when the list has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How far the running search has come, in per cent, when the corpus
    /// has several documents (it counts them).
    pub fn search_percent(&self) -> Option<u64> {
        let running = self.search.as_ref().is_some_and(|s| !s.done);
        (running && self.corpus.docs().len() > 1)
            .then(|| self.jobs.search_progress())
            .flatten()
            .map(|permille| permille / 10)
    }

    /// How many of the search's hits the list shows, when a filter hides
    /// some articles (`None`: the list shows every article, and every hit).
    pub fn hits_shown(&self) -> Option<usize> {
        let s = self.search.as_ref()?;
        let rows = self.view.rows.as_deref()?;
        Some(s.count_in(rows))
    }

    /// The article shown in list row `row`.
    pub fn article_of(&self, row: usize) -> Option<usize> {
        match &self.view.rows {
            Some(rows) => rows.get(row).map(|&i| i as usize),
            None => (row < self.corpus.len()).then_some(row),
        }
    }

    /// The selected article.
    pub fn selected_article(&self) -> Option<usize> {
        self.article_of(self.selected)
    }

    /// The list row showing article `i`.
    fn row_of(&self, i: usize) -> Option<usize> {
        match &self.view.rows {
            Some(rows) => rows.iter().position(|&r| r as usize == i),
            None => (i < self.corpus.len()).then_some(i),
        }
    }

    /// Whether background work (indexing, a search, a view, a reload) is
    /// running, or the dump is being watched.
    pub fn busy(&self) -> bool {
        self.jobs.busy()
            || self.detail_counting()
            || self.loading.is_some()
            || self.watch.reloading.is_some()
            || self.follow
            || self.corpus.streaming()
    }

    /// Where the panes are now.
    pub fn panes(&self) -> Panes {
        panes(self.area, self.split)
    }

    /// Rows the list shows.
    pub fn list_rows(&self) -> usize {
        usize::from(self.panes().list.height)
    }

    /// Rows the detail shows.
    pub fn detail_rows(&self) -> usize {
        usize::from(self.panes().detail.height)
    }

    /// Applies one action. Afterwards the selection is visible, the
    /// detail shows the selected article at the pane's width, and the
    /// lines on screen are laid out.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Resize(..) | Action::Digit(_)) {
            self.message = None;
        }
        let count = match action {
            Action::Digit(_) | Action::Resize(..) => None,
            _ => self.count.take(),
        };
        let n = count.unwrap_or(1);
        if let Some(overlay) = self.overlay
            && self.update_help(action, overlay, n)
        {
            self.settle();
            return;
        }
        if self.prompt.is_some() && self.update_prompt(action) {
            self.settle();
            return;
        }
        match action {
            Action::Down => match self.focus {
                Focus::List => self.select(self.selected.saturating_add(n)),
                Focus::Detail => self.scroll_detail(n as isize),
            },
            Action::Up => match self.focus {
                Focus::List => self.select(self.selected.saturating_sub(n)),
                Focus::Detail => self.scroll_detail(-(n as isize)),
            },
            Action::ScrollDetailDown => self.scroll_detail(n as isize),
            Action::ScrollDetailUp => self.scroll_detail(-(n as isize)),
            Action::PageDown => self.page(n as isize * self.page_rows() as isize),
            Action::PageUp => self.page(-(n as isize) * self.page_rows() as isize),
            Action::HalfPageDown => self.page(n as isize * (self.page_rows() / 2).max(1) as isize),
            Action::HalfPageUp => self.page(-(n as isize) * (self.page_rows() / 2).max(1) as isize),
            Action::First | Action::Last => self.jump(action == Action::Last, count),
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::List if !self.split.zoomed => Focus::Detail,
                    _ if self.split.zoomed => Focus::Detail,
                    _ => Focus::List,
                }
            }
            Action::FocusList => {
                self.zoom(false);
                self.focus = Focus::List;
            }
            Action::FocusDetail => self.focus = Focus::Detail,
            Action::Open => self.zoom(true),
            Action::ToggleZoom => self.zoom(!self.split.zoomed),
            Action::ShrinkList => self.resize_split(-5 * n as i32),
            Action::GrowList => self.resize_split(5 * n as i32),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Back => {
                self.back();
            }
            Action::Quit => {
                if !self.back() {
                    self.effects.push_back(Effect::Quit);
                }
            }
            Action::ForceQuit => self.effects.push_back(Effect::Quit),
            Action::Suspend => self.effects.push_back(Effect::Suspend),
            Action::Digit(d) => {
                let so_far = self.count.unwrap_or(0);
                // Past a million articles, more digits make no sense.
                self.count = Some((so_far.saturating_mul(10) + usize::from(d)).min(100_000_000));
            }
            Action::Resize(w, h) => self.area = Rect::new(0, 0, w, h),
            Action::Wheel { column, row, lines } => self.wheel(column, row, lines),
            Action::Click { column, row } => self.click(column, row),
            Action::SearchPrompt => {
                self.search_before_prompt = self.search.as_ref().map(|s| Arc::clone(&s.matcher));
                let regex = self
                    .search_before_prompt
                    .as_ref()
                    .is_some_and(|m| m.mode() == Mode::Regex);
                self.prompt = Some(Prompt::new(PromptKind::Search, "", regex));
            }
            Action::FilterPrompt => {
                // Empty, as in less: `&` then Enter shows every article again.
                let regex = self
                    .view
                    .filter
                    .as_ref()
                    .is_some_and(|m| m.mode() == Mode::Regex);
                self.prompt = Some(Prompt::new(PromptKind::Filter, "", regex));
            }
            Action::CommandPrompt => {
                // Empty, so that a command is typed, not edited out of the
                // filters (the status bar shows them; ↑ recalls commands).
                self.prompt = Some(Prompt::new(PromptKind::Command, "", false));
            }
            Action::NextMatch => self.next_match(true, true),
            Action::PrevMatch => self.next_match(false, true),
            Action::ToggleFollow => {
                if matches!(self.corpus.origin, Origin::Fixed) {
                    self.message = Some(format!(
                        "{} cannot grow: nothing to follow",
                        self.corpus.name
                    ));
                } else {
                    self.follow = !self.follow;
                    let folder = matches!(self.corpus.origin, Origin::Paths { .. });
                    if self.follow {
                        self.watch.known = self.corpus.file_state();
                        self.select(usize::MAX);
                        // Still indexing: the real end comes with the index.
                        self.pending_last = self.loading.is_some();
                        if let Origin::Paths { paths, .. } = &self.corpus.origin {
                            // Watch first, then look: what arrived before
                            // the watch began is found by the look.
                            self.watch.folder = Some(crate::input::FolderWatch::new(paths));
                            if self.loading.is_none() {
                                self.reload(Change::Grew);
                            }
                        }
                    } else {
                        self.watch.folder = None;
                    }
                    self.message = Some(match (self.follow, folder) {
                        (true, true) => "following the folder: F stops".into(),
                        (true, false) => "following the file: F stops".into(),
                        (false, _) => "stopped following".into(),
                    });
                }
            }
            Action::NextFile => self.jump_file(true),
            Action::PrevFile => self.jump_file(false),
            Action::ToggleFiles => {
                self.show_files = !self.show_files;
                self.message = Some(if !self.corpus.is_multi() {
                    "one file: nothing to show".into()
                } else if self.show_files {
                    "files shown".into()
                } else {
                    "files hidden".into()
                });
            }
            Action::Files => self.overlay = Some(Overlay::Files { scroll: 0 }),
            Action::Messages => self.overlay = Some(Overlay::Messages { scroll: 0 }),
            Action::CycleSort => {
                self.view.sort = self.view.sort.next();
                self.message = Some(format!("sorted by {}", self.view.sort.name()));
                self.rebuild_view();
            }
            // Prompt keys without a prompt: nothing to do.
            Action::Prompt(_)
            | Action::PromptOlder
            | Action::PromptNewer
            | Action::PromptSubmit
            | Action::PromptCancel
            | Action::PromptToggleRegex => {}
        }
        self.settle();
    }

    /// Keys while a prompt is open. Returns false for an action the
    /// prompt does not take (it then goes to the reader).
    fn update_prompt(&mut self, action: Action) -> bool {
        let Some(p) = &mut self.prompt else {
            return false;
        };
        let kind = p.kind;
        match action {
            Action::Prompt(edit) => {
                let changed = p.edit(edit);
                if changed && kind == PromptKind::Search {
                    self.search_as_typed();
                }
            }
            Action::PromptOlder | Action::PromptNewer => {
                let older = action == Action::PromptOlder;
                if p.recall(&self.history, older) && kind == PromptKind::Search {
                    self.search_as_typed();
                }
            }
            Action::PromptToggleRegex if kind != PromptKind::Command => {
                p.regex = !p.regex;
                if kind == PromptKind::Search {
                    self.search_as_typed();
                }
            }
            Action::PromptCancel => {
                self.prompt = None;
                if kind == PromptKind::Search {
                    // Back to the search there was before `/`.
                    match self.search_before_prompt.take() {
                        Some(m) => self.start_search(m),
                        None => self.clear_search(),
                    }
                }
            }
            Action::PromptSubmit => {
                let p = self
                    .prompt
                    .take()
                    .unwrap_or_else(|| Prompt::new(kind, "", false));
                self.submit(p);
            }
            Action::Resize(..) | Action::ForceQuit | Action::Suspend | Action::Wheel { .. } => {
                return false;
            }
            // Everything else is typing: mouse clicks and stray keys do
            // nothing while the prompt is open.
            _ => {}
        }
        true
    }

    /// The `/` prompt's text changed: search for it at once.
    fn search_as_typed(&mut self) {
        let Some(p) = &self.prompt else { return };
        if p.text.trim().is_empty() {
            self.clear_search();
            return;
        }
        let mode = if p.regex { Mode::Regex } else { Mode::Literal };
        match Matcher::new(&p.text, mode) {
            Ok(m) => self.start_search(Arc::new(m)),
            Err(e) => {
                self.clear_search();
                self.message = Some(e.to_string());
            }
        }
    }

    fn start_search(&mut self, matcher: Arc<Matcher>) {
        // A jump waiting for the last query's hits has no business with
        // this one's.
        self.pending_jump = None;
        let job = self.jobs.search(&self.corpus, Arc::clone(&matcher));
        self.search = Some(Search::new(matcher, self.corpus.len(), job));
    }

    fn clear_search(&mut self) {
        self.jobs.cancel_search();
        self.search = None;
        self.pending_jump = None;
    }

    fn submit(&mut self, p: Prompt) {
        self.history.push(p.kind, &p.text);
        let mode = if p.regex { Mode::Regex } else { Mode::Literal };
        match p.kind {
            PromptKind::Search => {
                self.search_before_prompt = None;
                if p.text.trim().is_empty() {
                    self.clear_search();
                } else if self.search.is_some() {
                    self.next_match(true, true);
                }
            }
            PromptKind::Filter => {
                if p.text.trim().is_empty() {
                    self.view.filter = None;
                    self.message = Some("filter cleared".into());
                } else {
                    match Matcher::new(&p.text, mode) {
                        Ok(m) => self.view.filter = Some(Arc::new(m)),
                        Err(e) => {
                            self.message = Some(e.to_string());
                            return;
                        }
                    }
                }
                self.rebuild_view();
            }
            PromptKind::Command => match self.view.filters.apply_command(&p.text) {
                Ok(()) => {
                    let d = self.view.filters.describe();
                    self.message = Some(if d.is_empty() {
                        "filters cleared".into()
                    } else {
                        d
                    });
                    self.rebuild_view();
                }
                Err(e) => self.message = Some(e),
            },
        }
    }

    /// `n`/`N`: the next (or previous) matching article in list order,
    /// wrapping around with a message. While the search is still running
    /// and nothing lies ahead yet, the jump waits for the next hits.
    fn next_match(&mut self, forward: bool, allow_wrap: bool) {
        let Some(search) = &self.search else {
            self.message = Some("no search: type / and a query".into());
            return;
        };
        let len = self.len();
        if len == 0 {
            return;
        }
        let from = self.selected;
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
                    self.message = Some(
                        if forward {
                            "search wrapped to the top"
                        } else {
                            "search wrapped to the bottom"
                        }
                        .into(),
                    );
                }
                self.pending_jump = None;
                self.view.anchor = None;
                self.selected = row;
                return;
            }
        }
        if search.done {
            self.pending_jump = None;
            self.message = Some(format!("no match for {}", search.matcher.query()));
        } else {
            self.pending_jump = Some(forward);
        }
    }

    /// Starts building the list for the current filter, filters and sort;
    /// the selected article stays selected when it is still in the list.
    fn rebuild_view(&mut self) {
        // An anchor set since the last rows (the corpus changed under the
        // view) names the article better than the stale rows do.
        let anchor = self.view.anchor.take().or_else(|| self.selected_article());
        self.jobs.cancel_view();
        self.view.anchor = anchor;
        if !self.view.is_narrowed() && self.view.sort == Sort::File {
            self.view.rows = None;
            self.view.done = true;
            self.view.job = None;
            self.selected = anchor.unwrap_or(0);
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
            &self.corpus,
            self.view.filter.clone(),
            self.view.filters.clone(),
            self.view.sort,
        ));
    }

    /// Takes what background jobs found since the last call. Returns
    /// whether anything changed (the screen needs a redraw).
    pub fn tick(&mut self) -> bool {
        let watched = self.watch();
        let indexed = self.take_loaded() || watched;
        let messages = self.jobs.drain();
        let counted = self.count_detail_lines();
        let changed = indexed || counted || !messages.is_empty();
        for m in messages {
            self.take(m);
        }
        if changed {
            self.settle();
        }
        changed
    }

    /// Lays out some more of the article on screen beyond what the screen
    /// needs, between key presses, so that the status bar can say `line x
    /// of y` before the reader goes to the end. Returns whether it did.
    fn count_detail_lines(&mut self) -> bool {
        /// Lines laid out per turn of the loop: a few milliseconds.
        const LINES_PER_TICK: usize = 4096;
        match &mut self.detail {
            Some(d) if !d.layout.is_complete() => {
                let n = d.layout.laid_out() + LINES_PER_TICK;
                d.layout.ensure(n);
                true
            }
            _ => false,
        }
    }

    /// Whether there is work left between key presses.
    fn detail_counting(&self) -> bool {
        self.detail
            .as_ref()
            .is_some_and(|d| !d.layout.is_complete())
    }

    /// Watches the input: reads it again when it was found truncated
    /// under us (the map's guard put zeros where it was cut), and — in
    /// follow mode, or while standard input still streams in — when a file
    /// grew, shrank or was replaced, or a folder gained or changed files.
    /// The new corpus is read on a thread; this takes it when ready.
    /// Returns whether anything changed.
    fn watch(&mut self) -> bool {
        if let Some((rx, why)) = &self.watch.reloading {
            return match rx.try_recv() {
                Ok(Ok(corpus)) => {
                    let why = *why;
                    self.watch.reloading = None;
                    self.replace_corpus(corpus, why);
                    true
                }
                Ok(Err(e)) => {
                    self.watch.reloading = None;
                    self.message = Some(e.to_string());
                    true
                }
                Err(_) => false,
            };
        }
        if crate::input::take_truncated() {
            self.reload(Change::Replaced);
            return true;
        }
        let watching = self.follow || self.corpus.streaming();
        if !watching || self.loading.is_some() || self.watch.last_check.elapsed() < WATCH_EVERY {
            return false;
        }
        self.watch.last_check = std::time::Instant::now();
        if let Origin::Paths { paths, .. } = &self.corpus.origin {
            let folder = self
                .watch
                .folder
                .get_or_insert_with(|| crate::input::FolderWatch::new(paths));
            if folder.changed() {
                self.reload(Change::Grew);
            }
            return false;
        }
        let Some(now) = self.corpus.file_state() else {
            return false;
        };
        let known = self.watch.known.get_or_insert(now);
        if now == *known && now.len == self.corpus.source_len() {
            return false;
        }
        let grew = now.id == known.id && now.len >= self.corpus.source_len();
        *known = now;
        self.reload(if grew { Change::Grew } else { Change::Replaced });
        false
    }

    /// Reads the input again on a thread.
    fn reload(&mut self, why: Change) {
        if self.watch.reloading.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let corpus = Arc::clone(&self.corpus);
        std::thread::spawn(move || {
            let _ = tx.send(corpus.reload());
        });
        self.watch.reloading = Some((rx, why));
    }

    /// Where the selected article is, by name rather than by number: a
    /// folder read again can gain files before it.
    fn selected_place(&self) -> Option<(u32, Box<str>, u32)> {
        let id = self.corpus.locate(self.selected_article()?)?;
        let doc = self.corpus.doc(id.doc as usize)?;
        Some((doc.prov.root, doc.prov.rel.clone(), id.index))
    }

    /// The ordinal of a place `selected_place` gave, in the current corpus.
    fn ordinal_of_place(&self, place: &(u32, Box<str>, u32)) -> Option<usize> {
        let d = self
            .corpus
            .docs()
            .iter()
            .position(|d| d.prov.root == place.0 && d.prov.rel == place.1)?;
        self.corpus.ordinal(crate::input::ArticleId {
            doc: d as u32,
            index: place.2,
        })
    }

    /// Puts a corpus read again in place of the old one. After growth the
    /// reader keeps its place (or stays on the last article, as `less +F`
    /// does); after a shrink or a replacement it says so.
    fn replace_corpus(&mut self, corpus: Corpus, why: Change) {
        let old = self.corpus.len();
        let was_last = self.selected + 1 >= self.len();
        let place = self.selected_place();
        self.watch.known = corpus.file_state();
        self.corpus = Arc::new(corpus);
        let new = self.corpus.len();
        self.keep_place(place);
        self.after_swap(was_last && !self.view.is_narrowed() && self.view.sort == Sort::File);
        self.message = Some(match why {
            Change::Grew if new > old => format!(
                "{} new article{}",
                new - old,
                if new - old == 1 { "" } else { "s" }
            ),
            Change::Grew => return,
            Change::Replaced => format!("{} changed on disk: read it again", self.corpus.name),
        });
    }

    /// Selects the article at `place` again after the corpus changed under
    /// the list (unfiltered: a view is rebuilt and anchored on its own).
    fn keep_place(&mut self, place: Option<(u32, Box<str>, u32)>) {
        if let Some(o) = place.and_then(|p| self.ordinal_of_place(&p)) {
            if self.view.rows.is_none() {
                self.selected = o;
            } else {
                // The rows are the old corpus's numbers: the view is built
                // again, and selects this article when its rows come.
                self.view.anchor = Some(o);
            }
            if let Some(d) = &mut self.detail
                && d.article != o
            {
                d.article = o;
            }
        }
    }

    /// After a new dump (or index) took the old one's place: the text on
    /// screen is laid out again at the same place (the article may have
    /// grown, or been cut short), the selection goes to the last article
    /// when asked, and a running search and a narrowed or sorted view start
    /// again on the new dump.
    fn after_swap(&mut self, select_last: bool) {
        let anchor = self.detail.as_ref().and_then(|d| d.layout.anchor(d.scroll));
        let article = self.detail.take().map(|d| d.article);
        if select_last {
            self.selected = self.len().saturating_sub(1);
        }
        self.settle();
        if let (Some(d), Some(a), Some(art)) = (&mut self.detail, anchor, article)
            && d.article == art
        {
            d.scroll = d.layout.line_of(a);
        }
        if let Some(s) = &self.search {
            let m = Arc::clone(&s.matcher);
            self.start_search(m);
        }
        if self.view.is_narrowed() || self.view.sort != Sort::File {
            self.rebuild_view();
        }
    }

    /// What the background load read since the last look: a bigger
    /// corpus (a folder's list grows; a big file's full index replaces its
    /// first megabytes'). Searches and views that ran on the part start
    /// again on the whole.
    fn take_loaded(&mut self) -> bool {
        let Some(loading) = &self.loading else {
            return false;
        };
        // Only the newest snapshot matters.
        let mut latest = None;
        loop {
            match loading.rx.try_recv() {
                Ok(Ok(got)) => latest = Some(got),
                Ok(Err(e)) => {
                    // Nothing could be read after all (every file skipped).
                    self.loading = None;
                    self.message = Some(e.to_string());
                    return true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    if latest.is_none() {
                        // The reading thread ended without a word (it
                        // panicked): say so rather than wait for ever.
                        self.loading = None;
                        self.message =
                            Some("reading the input stopped: what is shown is all there is".into());
                        return true;
                    }
                    break;
                }
            }
        }
        let Some((corpus, done)) = latest else {
            return false;
        };
        let secs = loading.started.elapsed().as_secs_f64();
        let cached = loading
            .progress
            .cached
            .load(std::sync::atomic::Ordering::Relaxed);
        if done {
            self.loading = None;
        }
        let mb = corpus.docs().iter().map(|d| d.prov.size).sum::<u64>() as f64 / 1e6;
        let n = corpus.len();
        let files = corpus.docs().len();
        let place = self.selected_place();
        self.corpus = Arc::new(corpus);
        self.keep_place(place);
        self.after_swap(false);
        if done {
            // The snapshots and the readers' buffers are gone now.
            crate::input::load::release_freed_memory();
            // Following since before the load ended: what arrived between
            // the walk and the watch is found by one more look.
            if self.follow && matches!(self.corpus.origin, Origin::Paths { .. }) {
                self.reload(Change::Grew);
            }
            if std::mem::take(&mut self.pending_last) {
                self.select(usize::MAX);
            }
            let thousands = crate::input::load::thousands;
            let of = match (files, cached) {
                (0 | 1, _) => String::new(),
                (_, 0) => format!(" from {} files", thousands(files as u64)),
                (_, c) => format!(
                    " from {} files ({} from the cache)",
                    thousands(files as u64),
                    thousands(c)
                ),
            };
            self.message = Some(format!(
                "{n} articles{of} indexed in {secs:.1} s ({:.0} MB/s)",
                mb / secs.max(1e-6)
            ));
        }
        true
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
        while self.count_detail_lines() {}
    }

    fn take(&mut self, m: Message) {
        match m {
            Message::Failed { job, slot, why } => {
                self.jobs.finished(job);
                // The job says no more: what it found stands, marked done,
                // so that nothing waits on it.
                if let Some(s) = self.search.as_mut().filter(|s| s.job == job) {
                    s.done = true;
                    self.pending_jump = None;
                }
                if self.view.job == Some(job) {
                    self.view.job = None;
                    self.view.done = true;
                }
                self.message = Some(format!(
                    "the {slot} failed: {}",
                    crate::text::sanitize(&why)
                ));
            }
            Message::Hits {
                job,
                articles,
                done,
            } => {
                let Some(s) = self.search.as_mut().filter(|s| s.job == job) else {
                    return;
                };
                for i in articles {
                    s.add(i as usize);
                }
                s.done = done;
                if done {
                    self.jobs.finished(job);
                }
                if let Some(forward) = self.pending_jump {
                    self.next_match(forward, done);
                }
            }
            Message::Rows {
                job,
                rows,
                replace,
                done,
            } => {
                if self.view.job != Some(job) {
                    return;
                }
                if !self.view.fresh {
                    self.view.fresh = true;
                    self.view.rows = Some(Vec::new());
                    self.selected = 0;
                    self.list_offset = 0;
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
                        self.message = Some(match n {
                            0 => "no article matches".into(),
                            1 => "1 article matches".into(),
                            n => format!("{n} articles match"),
                        });
                    }
                }
                if let Some(a) = self.view.anchor
                    && let Some(row) = self.row_of(a)
                {
                    self.selected = row;
                    self.view.anchor = None;
                } else if done {
                    self.view.anchor = None;
                }
            }
        }
    }

    /// Help overlay keys: scroll it or close it. Returns false for an
    /// action the overlay does not take (it then closes and the action
    /// applies to the reader, as in `less`).
    fn update_help(&mut self, action: Action, overlay: Overlay, n: usize) -> bool {
        let scroll = overlay.scroll();
        let placed = overlay::place(self.area, &overlay::overlay_lines(self, overlay));
        let page = placed.page().max(1);
        let scroll = match action {
            Action::Down | Action::ScrollDetailDown => scroll.saturating_add(n),
            Action::Up | Action::ScrollDetailUp => scroll.saturating_sub(n),
            Action::PageDown => scroll.saturating_add(page * n),
            Action::PageUp => scroll.saturating_sub(page * n),
            Action::HalfPageDown => scroll.saturating_add((page / 2).max(1) * n),
            Action::HalfPageUp => scroll.saturating_sub((page / 2).max(1) * n),
            Action::Wheel { lines, .. } => {
                scroll.saturating_add_signed(isize::from(lines) * WHEEL_LINES as isize)
            }
            Action::First => 0,
            Action::Last => usize::MAX,
            Action::Back
            | Action::Quit
            | Action::Help
            | Action::Files
            | Action::Messages
            | Action::Click { .. } => {
                // A click closes the help and does nothing else.
                self.overlay = None;
                return true;
            }
            Action::Resize(..) | Action::Digit(_) | Action::ForceQuit | Action::Suspend => {
                return false;
            }
            _ => {
                // Any other key closes the help and then does its work, as
                // in `less`.
                self.overlay = None;
                return false;
            }
        };
        let max = placed.max_scroll();
        self.overlay = Some(overlay.scrolled(scroll.min(max)));
        true
    }

    /// Esc: close the overlay, or leave the full-screen view. Returns false
    /// when there was nothing to back out of.
    fn back(&mut self) -> bool {
        if self.overlay.take().is_some() {
            return true;
        }
        if self.split.zoomed {
            self.zoom(false);
            return true;
        }
        false
    }

    /// Full-screen text on or off; leaving it gives the focus back to the
    /// pane that had it before.
    fn zoom(&mut self, on: bool) {
        if on && !self.split.zoomed {
            self.focus_before_zoom = self.focus;
        }
        if !on && self.split.zoomed {
            self.focus = self.focus_before_zoom;
        }
        self.split.zoomed = on;
        if on {
            self.focus = Focus::Detail;
        }
    }

    fn page_rows(&self) -> usize {
        match self.focus {
            Focus::List => self.list_rows(),
            Focus::Detail => self.detail_rows(),
        }
        .max(1)
    }

    fn page(&mut self, delta: isize) {
        match self.focus {
            Focus::List => self.select(self.selected.saturating_add_signed(delta)),
            Focus::Detail => self.scroll_detail(delta),
        }
    }

    /// `g`/`G`: with a count, article N (1-based) from either pane; without,
    /// the first/last article, or the top/end of the text in the detail.
    fn jump(&mut self, to_end: bool, count: Option<usize>) {
        if let Some(n) = count {
            // `20G` is article 20 of the dump, wherever a filter or a sort
            // put it in the list.
            let article = n.saturating_sub(1);
            match self.view.rows.as_ref().map(|_| self.row_of(article)) {
                None => self.select(article),
                Some(Some(row)) => self.select(row),
                Some(None) => self.message = Some(format!("article {n} is not in the list")),
            }
            return;
        }
        match self.focus {
            Focus::List => {
                // While the dump is being indexed, `G` goes to the end as
                // far as it is known, and to the real end once it is.
                self.pending_last = to_end && self.loading.is_some();
                if self.pending_last {
                    self.message =
                        Some("indexing: G goes to the last article when it is known".into());
                }
                self.select(if to_end { usize::MAX } else { 0 });
            }
            Focus::Detail => {
                if let Some(d) = &mut self.detail {
                    d.scroll = if to_end {
                        d.layout.finish();
                        usize::MAX
                    } else {
                        0
                    };
                }
            }
        }
    }

    /// `]`/`[`: the first listed article of the next file, or of this
    /// file (of the previous one when already there), in list order.
    fn jump_file(&mut self, forward: bool) {
        if !self.corpus.is_multi() {
            self.message = Some("one file: no other to go to".into());
            return;
        }
        let Some(here) = self.selected_article().and_then(|o| self.corpus.doc_of(o)) else {
            return;
        };
        let doc_at = |row: usize| self.article_of(row).and_then(|o| self.corpus.doc_of(o));
        let len = self.len();
        let target = if forward {
            (self.selected + 1..len).find(|&r| doc_at(r) != Some(here))
        } else {
            // The first row of this file's run; from there, the first row
            // of the run before it.
            let mut start = self.selected;
            while start > 0 && doc_at(start - 1) == Some(here) {
                start -= 1;
            }
            if start < self.selected {
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
        let name = target.and_then(doc_at).map(|d| self.corpus.file_name(d));
        match target {
            Some(row) => {
                self.select(row);
                self.message = name;
            }
            None => {
                self.message = Some(if forward { "last file" } else { "first file" }.into());
            }
        }
    }

    /// Selects article `i`, clamped to the dump; says so when a move goes
    /// past either end.
    pub fn select(&mut self, i: usize) {
        if self.is_empty() {
            return;
        }
        self.view.anchor = None;
        // A jump still waiting for search hits is overtaken by this move.
        self.pending_jump = None;
        let last = self.len() - 1;
        if i > last && self.selected == last {
            self.message = Some("last article".into());
        } else if i == 0 && self.selected == 0 && self.len() > 1 {
            self.message = Some("first article".into());
        }
        self.selected = i.min(last);
    }

    fn scroll_detail(&mut self, delta: isize) {
        if let Some(d) = &mut self.detail {
            if delta > 0 {
                // Lay out far enough to know where the end is.
                d.layout.ensure(
                    d.scroll
                        .saturating_add(delta as usize)
                        .saturating_add(usize::from(self.area.height)),
                );
            }
            d.scroll = d.scroll.saturating_add_signed(delta);
        }
    }

    fn resize_split(&mut self, delta: i32) {
        let p = (i32::from(self.split.list_percent) + delta)
            .clamp(i32::from(Split::MIN_PERCENT), i32::from(Split::MAX_PERCENT));
        self.split.list_percent = p as u16;
    }

    fn wheel(&mut self, column: u16, row: u16, lines: i16) {
        let at = Position::new(column, row);
        let panes = self.panes();
        let delta = isize::from(lines) * WHEEL_LINES as isize;
        if panes.list.contains(at) {
            self.select(self.selected.saturating_add_signed(delta));
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
            self.focus = Focus::List;
            let i = self.list_offset + usize::from(row - panes.list.y);
            if i < self.len() {
                self.view.anchor = None;
                self.selected = i;
            }
        } else if panes.detail.contains(at) {
            self.focus = Focus::Detail;
        }
    }

    /// Restores the invariants after any change: the selection in the
    /// list's window, the detail laid out for the selection at the pane's
    /// width, its scroll inside the text, the screen's lines laid out.
    /// The next thing the event loop must do, in the order the updates
    /// asked for them (none is lost when one update asks for two).
    pub fn take_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    /// Keeps the message on the status bar in the log, once.
    fn log_message(&mut self) {
        if let Some(m) = &self.message
            && self.messages.last() != Some(m)
        {
            if self.messages.len() == MESSAGES_KEPT {
                self.messages.remove(0);
            }
            self.messages.push(m.clone());
        }
    }

    fn settle(&mut self) {
        self.log_message();
        // A resize can leave an overlay scrolled past its end.
        if let Some(o) = self.overlay {
            let max = overlay::place(self.area, &overlay::overlay_lines(self, o)).max_scroll();
            if o.scroll() > max {
                self.overlay = Some(o.scrolled(max));
            }
        }
        let panes = self.panes();
        let rows = usize::from(panes.list.height);
        if rows > 0 {
            if self.selected < self.list_offset {
                self.list_offset = self.selected;
            } else if self.selected >= self.list_offset + rows {
                self.list_offset = self.selected + 1 - rows;
            }
            // No blank rows below the last article while earlier ones fit.
            self.list_offset = self.list_offset.min(self.len().saturating_sub(rows));
        }
        if self.selected >= self.len() {
            self.selected = self.len().saturating_sub(1);
        }
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
        let stale = self
            .detail
            .as_ref()
            .is_none_or(|d| d.article != selected || d.layout.width() != width);
        if stale {
            // Keep the reading position when only the width changed: the
            // same text stays at the top, whatever line it now falls on.
            let keep = self
                .detail
                .as_ref()
                .filter(|d| d.article == selected)
                .and_then(|d| d.layout.anchor(d.scroll));
            let note = self.corpus.origin_note(selected);
            if let Some(mut layout) = self.corpus.with_article(selected, |a| {
                ArticleLayout::with_note(&a, width, note.as_deref())
            }) {
                let scroll = keep.map_or(0, |a| layout.line_of(a));
                self.detail = Some(Detail {
                    article: selected,
                    layout,
                    scroll,
                });
            }
        }
        if let Some(d) = &mut self.detail {
            d.layout.ensure(d.scroll.saturating_add(height));
            if d.layout.is_complete() || d.scroll >= d.layout.laid_out() {
                let total = d.layout.finish();
                d.scroll = d.scroll.min(total.saturating_sub(height));
            }
        }
    }
}

#[cfg(test)]
mod tests;
