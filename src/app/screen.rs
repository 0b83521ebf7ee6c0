//! The screen as the reader arranges it: the terminal's size, how it is
//! split between list and text, and which of them has the keys.

use ratatui::layout::Rect;

use super::geometry::{Panes, Split, panes};

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The article's text.
    Detail,
}

/// The terminal's size, the split and the focus.
#[derive(Debug)]
pub struct Screen {
    pub(super) area: Rect,
    pub(super) split: Split,
    pub(super) focus: Focus,
    /// The focus to go back to when the full-screen view closes.
    focus_before_zoom: Focus,
}

impl Screen {
    pub(super) fn new(width: u16, height: u16) -> Screen {
        Screen {
            area: Rect::new(0, 0, width, height),
            split: Split::default(),
            focus: Focus::List,
            focus_before_zoom: Focus::List,
        }
    }

    /// The terminal's size.
    pub fn area(&self) -> Rect {
        self.area
    }

    /// How the screen is split.
    pub fn split(&self) -> Split {
        self.split
    }

    /// Which pane keys go to.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// Where the panes are now.
    pub fn panes(&self) -> Panes {
        panes(self.area, self.split)
    }

    /// Full-screen text on or off; leaving it gives the focus back to the
    /// pane that had it before.
    pub(super) fn zoom(&mut self, on: bool) {
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

    /// Tab: the other pane (full screen, the text is the only one).
    pub(super) fn toggle_focus(&mut self) {
        self.focus = match self.focus {
            Focus::List if !self.split.zoomed => Focus::Detail,
            _ if self.split.zoomed => Focus::Detail,
            _ => Focus::List,
        }
    }

    /// `<`/`>`: the list's share by `delta` per cent, within the bounds.
    pub(super) fn resize_split(&mut self, delta: i32) {
        let p = (i32::from(self.split.list_percent) + delta)
            .clamp(i32::from(Split::MIN_PERCENT), i32::from(Split::MAX_PERCENT));
        self.split.list_percent = p as u16;
    }
}
