//! The reader's state and the only code that changes it: [`App`], the
//! [`Action`]s a user can take, and [`App::update`]. Nothing here touches a
//! terminal; the keymap turns events into actions and `ui` draws an `&App`.

mod geometry;
pub mod keymap;

use ratatui::layout::{Position, Rect};

pub use geometry::{MIN_HEIGHT, MIN_WIDTH, Panes, SIDE_BY_SIDE_MIN_WIDTH, Split, panes, too_small};

use crate::input::Input;
use crate::text::ArticleLayout;

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The article's text.
    Detail,
}

/// Something drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key help, scrolled by this many lines.
    Help {
        /// First line shown.
        scroll: usize,
    },
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

/// The reader's whole state.
pub struct App {
    /// The dump.
    pub input: Input,
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
    /// Terminal size.
    pub area: Rect,
    /// The selected article laid out, once the size is known.
    pub detail: Option<Detail>,
    /// What the loop must do next.
    pub effect: Option<Effect>,
}

impl App {
    /// A reader on `input`, for a terminal of `width`×`height`.
    pub fn new(input: Input, width: u16, height: u16) -> App {
        let mut app = App {
            input,
            selected: 0,
            list_offset: 0,
            focus: Focus::List,
            focus_before_zoom: Focus::List,
            split: Split::default(),
            overlay: None,
            count: None,
            message: None,
            area: Rect::new(0, 0, width, height),
            detail: None,
            effect: None,
        };
        app.settle();
        app
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.input.index.len()
    }

    /// True for a dump without articles.
    pub fn is_empty(&self) -> bool {
        self.input.index.is_empty()
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
        if let Some(Overlay::Help { scroll }) = self.overlay
            && self.update_help(action, scroll, n)
        {
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
                    self.effect = Some(Effect::Quit);
                }
            }
            Action::ForceQuit => self.effect = Some(Effect::Quit),
            Action::Suspend => self.effect = Some(Effect::Suspend),
            Action::Digit(d) => {
                let so_far = self.count.unwrap_or(0);
                // Past a million articles, more digits make no sense.
                self.count = Some((so_far.saturating_mul(10) + usize::from(d)).min(100_000_000));
            }
            Action::Resize(w, h) => self.area = Rect::new(0, 0, w, h),
            Action::Wheel { column, row, lines } => self.wheel(column, row, lines),
            Action::Click { column, row } => self.click(column, row),
        }
        self.settle();
    }

    /// Help overlay keys: scroll it or close it. Returns false for an
    /// action the overlay does not take (it then closes and the action
    /// applies to the reader, as in `less`).
    fn update_help(&mut self, action: Action, scroll: usize, n: usize) -> bool {
        let page = crate::ui::help_rows(self.area).max(1);
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
            Action::Back | Action::Quit | Action::Help | Action::Click { .. } => {
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
        let max = crate::ui::help_lines().len().saturating_sub(page);
        self.overlay = Some(Overlay::Help {
            scroll: scroll.min(max),
        });
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
            self.select(n.saturating_sub(1));
            return;
        }
        match self.focus {
            Focus::List => self.select(if to_end { usize::MAX } else { 0 }),
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

    /// Selects article `i`, clamped to the dump; says so when a move goes
    /// past either end.
    pub fn select(&mut self, i: usize) {
        if self.is_empty() {
            return;
        }
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
                self.selected = i;
            }
        } else if panes.detail.contains(at) {
            self.focus = Focus::Detail;
        }
    }

    /// Restores the invariants after any change: the selection in the
    /// list's window, the detail laid out for the selection at the pane's
    /// width, its scroll inside the text, the screen's lines laid out.
    fn settle(&mut self) {
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
        let text_area = panes.detail_text();
        let width = usize::from(text_area.width);
        let height = usize::from(text_area.height);
        if width == 0 || self.is_empty() {
            return;
        }
        let stale = self
            .detail
            .as_ref()
            .is_none_or(|d| d.article != self.selected || d.layout.width() != width);
        if stale {
            // Keep the reading position when only the width changed: the
            // same text stays at the top, whatever line it now falls on.
            let keep = self
                .detail
                .as_ref()
                .filter(|d| d.article == self.selected)
                .and_then(|d| d.layout.anchor(d.scroll));
            if let Some(article) = self.input.index.article(&self.input.bytes, self.selected) {
                let mut layout = ArticleLayout::new(&article, width);
                let scroll = keep.map_or(0, |a| layout.line_of(a));
                self.detail = Some(Detail {
                    article: self.selected,
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
