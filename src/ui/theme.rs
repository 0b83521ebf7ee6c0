//! Every colour and attribute of the reader, in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::text::Role;

/// The style of a span of laid-out text.
pub fn role(role: Role) -> Style {
    match role {
        Role::Title => Style::new().add_modifier(Modifier::BOLD),
        Role::Untitled => Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
        Role::Meta => Style::new().fg(Color::DarkGray),
        Role::Heading => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        Role::HeadingMark => Style::new().fg(Color::Cyan),
        Role::Body | Role::Pad => Style::new(),
        Role::LinkNumber => Style::new().fg(Color::DarkGray),
        Role::Link => Style::new()
            .fg(Color::Blue)
            .add_modifier(Modifier::UNDERLINED),
        Role::StandIn => Style::new().fg(Color::DarkGray).add_modifier(Modifier::DIM),
    }
}

/// The selected row of the focused list.
pub fn selected() -> Style {
    Style::new()
        .bg(Color::Blue)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD)
}

/// The selected row while the text has focus.
pub fn selected_unfocused() -> Style {
    Style::new().bg(Color::DarkGray).fg(Color::White)
}

/// An untitled item's stand-in title in the list.
pub fn untitled() -> Style {
    Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC)
}

/// Source and date columns of the list.
pub fn list_meta() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// The line between the panes; brighter on the focused side.
pub fn separator(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Blue)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

/// The status bar.
pub fn status() -> Style {
    Style::new().bg(Color::Indexed(236)).fg(Color::White)
}

/// Key names in the status bar and help.
pub fn key() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

/// A message in the status bar.
pub fn message() -> Style {
    Style::new()
        .fg(Color::LightYellow)
        .add_modifier(Modifier::BOLD)
}

/// The prompt's cursor.
pub fn cursor() -> Style {
    Style::new().bg(Color::White).fg(Color::Black)
}

/// Quiet text on the status bar.
pub fn list_meta_on_status() -> Style {
    Style::new().fg(Color::Gray)
}

/// A search match in the list or the text.
pub fn matched() -> Style {
    Style::new().bg(Color::Yellow).fg(Color::Black)
}
