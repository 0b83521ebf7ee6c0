//! Where each pane goes for a terminal size: the one function both `update`
//! (to know how wide the detail pane is and how many rows the list shows)
//! and the renderer use, so they never disagree.

use ratatui::layout::Rect;

/// Side by side from this many columns; stacked below it.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

/// Smallest terminal the reader draws itself in; below it, a short note.
pub const MIN_WIDTH: u16 = 20;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 5;

/// The panes' areas. A zero-sized area is a pane not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    /// Article list.
    pub list: Rect,
    /// The line (vertical or horizontal) between list and detail.
    pub separator: Rect,
    /// Article detail.
    pub detail: Rect,
    /// Status bar, the last row.
    pub status: Rect,
    /// Whether list and detail are side by side.
    pub side_by_side: bool,
}

impl Panes {
    /// Where the article's text goes: the detail pane less a column of
    /// margin on the left, for air between the panes.
    pub fn detail_text(&self) -> Rect {
        if self.detail.width < 2 {
            return Rect::new(self.detail.x, self.detail.y, 0, 0);
        }
        Rect::new(
            self.detail.x + 1,
            self.detail.y,
            self.detail.width - 1,
            self.detail.height,
        )
    }
}

/// How the screen is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// The list's share of the width (side by side) or height (stacked),
    /// in percent.
    pub list_percent: u16,
    /// Whether the detail fills the screen.
    pub zoomed: bool,
}

impl Default for Split {
    fn default() -> Split {
        Split {
            list_percent: 45,
            zoomed: false,
        }
    }
}

impl Split {
    /// Narrowest share `<`/`>` may set.
    pub const MIN_PERCENT: u16 = 15;
    /// Widest share `<`/`>` may set.
    pub const MAX_PERCENT: u16 = 85;
}

/// Whether the terminal is too small to draw the reader in.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The panes for a terminal of `area` with `split`.
pub fn panes(area: Rect, split: Split) -> Panes {
    if too_small(area) {
        return Panes {
            status: area,
            ..Panes::default()
        };
    }
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let body = Rect::new(area.x, area.y, area.width, area.height - 1);
    if split.zoomed {
        return Panes {
            detail: body,
            status,
            ..Panes::default()
        };
    }
    let side_by_side = area.width >= SIDE_BY_SIDE_MIN_WIDTH;
    let (list, separator, detail) = if side_by_side {
        let list_w = (u32::from(body.width) * u32::from(split.list_percent) / 100) as u16;
        let list_w = list_w.clamp(10, body.width - 11);
        let list = Rect::new(body.x, body.y, list_w, body.height);
        let separator = Rect::new(body.x + list_w, body.y, 1, body.height);
        let detail_w = body.right() - separator.right();
        (
            list,
            separator,
            Rect::new(separator.right(), body.y, detail_w, body.height),
        )
    } else {
        let list_h = (u32::from(body.height) * u32::from(split.list_percent) / 100) as u16;
        let list_h = list_h.clamp(1, body.height.saturating_sub(2).max(1));
        let list = Rect::new(body.x, body.y, body.width, list_h);
        let separator = Rect::new(body.x, list.bottom(), body.width, 1);
        let detail_h = body.bottom().saturating_sub(separator.bottom());
        (
            list,
            separator,
            Rect::new(body.x, separator.bottom(), body.width, detail_h),
        )
    };
    Panes {
        list,
        separator,
        detail,
        status,
        side_by_side,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen() {
        for (w, h) in [
            (120, 40),
            (100, 30),
            (99, 30),
            (80, 24),
            (60, 20),
            (20, 5),
            (200, 60),
        ] {
            for percent in [Split::MIN_PERCENT, 45, Split::MAX_PERCENT] {
                let area = Rect::new(0, 0, w, h);
                let p = panes(
                    area,
                    Split {
                        list_percent: percent,
                        zoomed: false,
                    },
                );
                let cells = |r: Rect| u32::from(r.width) * u32::from(r.height);
                assert_eq!(
                    cells(p.list) + cells(p.separator) + cells(p.detail) + cells(p.status),
                    u32::from(w) * u32::from(h),
                    "{w}x{h} {percent}%"
                );
                assert!(
                    p.list.height > 0 && p.detail.height > 0,
                    "{w}x{h} {percent}%: {p:?}"
                );
                assert_eq!(p.side_by_side, w >= SIDE_BY_SIDE_MIN_WIDTH);
            }
        }
    }

    #[test]
    fn zoom_gives_the_detail_everything_but_the_status() {
        let p = panes(
            Rect::new(0, 0, 80, 24),
            Split {
                list_percent: 45,
                zoomed: true,
            },
        );
        assert_eq!(p.detail, Rect::new(0, 0, 80, 23));
        assert_eq!(p.list, Rect::default());
    }

    #[test]
    fn tiny_terminals_get_no_panes() {
        for (w, h) in [(1, 1), (8, 3), (19, 10), (40, 4)] {
            let p = panes(Rect::new(0, 0, w, h), Split::default());
            assert_eq!(p.list, Rect::default());
            assert_eq!(p.detail, Rect::default());
        }
    }
}
