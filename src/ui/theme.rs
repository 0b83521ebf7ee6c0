//! Every colour and attribute of the reader, in one place.
//!
//! Two themes: colour, and mono for `NO_COLOR` (<https://no-color.org>).
//! Mono keeps everything that means something visible without colour:
//! the selected row is reversed (bold when its pane has focus, underlined
//! when not), the focused pane's separator is bold, matches are bold and
//! underlined, the status bar is reversed.

use ratatui::style::{Color, Modifier, Style};

use crate::text::Role;

/// The reader's styles by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    colour: bool,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::COLOUR
    }
}

impl Theme {
    /// Colours for a dark background.
    pub const COLOUR: Theme = Theme { colour: true };
    /// No colour at all: attributes only.
    pub const MONO: Theme = Theme { colour: false };

    /// Mono when `NO_COLOR` is set to anything but the empty string.
    pub fn from_env() -> Theme {
        Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The theme for a value of `NO_COLOR`.
    pub fn for_no_color(value: Option<&std::ffi::OsStr>) -> Theme {
        match value {
            Some(v) if !v.is_empty() => Theme::MONO,
            _ => Theme::COLOUR,
        }
    }

    /// Whether it uses colour.
    pub fn is_colour(self) -> bool {
        self.colour
    }

    /// The style of a span of laid-out text.
    pub fn role(self, role: Role) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        match (role, self.colour) {
            (Role::Title, _) => bold,
            (Role::Untitled, _) => Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
            (Role::Body | Role::Pad, _) => Style::new(),
            (Role::Meta | Role::LinkNumber, true) => Style::new().fg(Color::DarkGray),
            (Role::Meta | Role::LinkNumber, false) => dim,
            (Role::Heading, true) => bold.fg(Color::Cyan),
            (Role::Heading, false) => bold,
            (Role::HeadingMark, true) => Style::new().fg(Color::Cyan),
            (Role::HeadingMark, false) => Style::new(),
            (Role::Link, true) => Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            (Role::Link, false) => Style::new().add_modifier(Modifier::UNDERLINED),
            (Role::StandIn, true) => dim.fg(Color::DarkGray),
            (Role::StandIn, false) => dim,
        }
    }

    /// The list's unread mark (`N`).
    pub fn unread(self) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if self.colour {
            bold.fg(Color::Green)
        } else {
            bold
        }
    }

    /// The list's star (`*`).
    pub fn star(self) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if self.colour {
            bold.fg(Color::Yellow)
        } else {
            bold
        }
    }

    /// The list's count of tags, and a note's mark.
    pub fn tag_count(self) -> Style {
        if self.colour {
            Style::new().fg(Color::Magenta)
        } else {
            Style::new()
        }
    }

    /// Rows of a `V` range (not the selected one).
    pub fn in_range(self) -> Style {
        if self.colour {
            Style::new().bg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    /// The selected row of the focused list.
    pub fn selected(self) -> Style {
        if self.colour {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The selected row while the text has focus.
    pub fn selected_unfocused(self) -> Style {
        if self.colour {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
        }
    }

    /// An untitled item's stand-in title in the list.
    pub fn untitled(self) -> Style {
        Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC)
    }

    /// A JSON record that is no article, in the list: its title says
    /// what is wrong.
    pub fn bad_record(self) -> Style {
        let s = Style::new().add_modifier(Modifier::ITALIC);
        if self.colour {
            s.fg(Color::Red)
        } else {
            s.add_modifier(Modifier::DIM)
        }
    }

    /// Source and date columns of the list.
    pub fn list_meta(self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// The line between the panes; brighter on the focused side.
    pub fn separator(self, focused: bool) -> Style {
        match (self.colour, focused) {
            (true, true) => Style::new().fg(Color::Blue),
            (true, false) => Style::new().fg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::DIM),
        }
    }

    /// The status bar.
    pub fn status(self) -> Style {
        if self.colour {
            Style::new().bg(Color::Indexed(236)).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// Key names in the status bar and help.
    pub fn key(self) -> Style {
        if self.colour {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// A message in the status bar.
    pub fn message(self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The prompt's cursor (on the status bar).
    pub fn cursor(self) -> Style {
        if self.colour {
            Style::new().bg(Color::White).fg(Color::Black)
        } else {
            // The bar is reversed: the cursor is the one cell that is not.
            Style::new().remove_modifier(Modifier::REVERSED)
        }
    }

    /// Quiet text on the status bar.
    pub fn list_meta_on_status(self) -> Style {
        if self.colour {
            Style::new().fg(Color::Gray)
        } else {
            Style::new()
        }
    }

    /// A body line that recurs across the scrape (boilerplate).
    pub fn boilerplate(self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// A search match in the list or the text.
    pub fn matched(self) -> Style {
        if self.colour {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_to_anything_but_empty_means_mono() {
        use std::ffi::OsStr;
        assert_eq!(Theme::for_no_color(None), Theme::COLOUR);
        assert_eq!(Theme::for_no_color(Some(OsStr::new(""))), Theme::COLOUR);
        assert_eq!(Theme::for_no_color(Some(OsStr::new("1"))), Theme::MONO);
        assert_eq!(Theme::for_no_color(Some(OsStr::new("0"))), Theme::MONO);
    }

    #[test]
    fn mono_uses_no_colour_anywhere() {
        let t = Theme::MONO;
        let mut styles = vec![
            t.selected(),
            t.selected_unfocused(),
            t.untitled(),
            t.list_meta(),
            t.separator(true),
            t.separator(false),
            t.status(),
            t.key(),
            t.message(),
            t.cursor(),
            t.list_meta_on_status(),
            t.matched(),
            t.boilerplate(),
        ];
        for role in [
            Role::Title,
            Role::Untitled,
            Role::Meta,
            Role::Heading,
            Role::HeadingMark,
            Role::Body,
            Role::Pad,
            Role::LinkNumber,
            Role::Link,
            Role::StandIn,
        ] {
            styles.push(t.role(role));
        }
        for s in styles {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
    }

    #[test]
    fn mono_tells_focus_and_selection_apart() {
        let t = Theme::MONO;
        assert_ne!(t.selected(), t.selected_unfocused());
        assert_ne!(t.separator(true), t.separator(false));
        assert_ne!(t.matched(), Style::new());
    }
}
