//! Keys as data: one table says which keys do what and how the help
//! describes them, and [`translate`] turns terminal events into
//! [`Action`]s by reading it. The help overlay and the status bar's hints
//! are made from the same table, so they cannot drift from the keys.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::Action;

/// A key with the modifiers it needs (Shift is implied by the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Control or Alt, when needed.
    pub mods: KeyModifiers,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

/// One row of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys, first one shown first in the help.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// The help's words for it.
    pub help: &'static str,
    /// A short hint for the status bar while the list has focus, for the
    /// few keys shown there.
    pub hint: Option<&'static str>,
    /// The same while the text has focus (the keys do other things there).
    pub text_hint: Option<&'static str>,
}

/// Every key of the reader.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[ch('j'), code(KeyCode::Down)],
        action: Action::Down,
        help: "next article (in the text: scroll down)",
        hint: Some("next"),
        text_hint: Some("down"),
    },
    Binding {
        keys: &[ch('k'), code(KeyCode::Up)],
        action: Action::Up,
        help: "previous article (in the text: scroll up)",
        hint: Some("prev"),
        text_hint: Some("up"),
    },
    Binding {
        keys: &[ch('J')],
        action: Action::ScrollDetailDown,
        help: "scroll the text down from the list",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('K')],
        action: Action::ScrollDetailUp,
        help: "scroll the text up from the list",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch(' '), code(KeyCode::PageDown), ctrl('f')],
        action: Action::PageDown,
        help: "page down",
        hint: None,
        text_hint: Some("page"),
    },
    Binding {
        keys: &[ch('b'), code(KeyCode::PageUp), ctrl('b')],
        action: Action::PageUp,
        help: "page up",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ctrl('d')],
        action: Action::HalfPageDown,
        help: "half a page down",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ctrl('u')],
        action: Action::HalfPageUp,
        help: "half a page up",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('g'), code(KeyCode::Home)],
        action: Action::First,
        help: "first article (in the text: top); 20g: article 20",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('G'), code(KeyCode::End)],
        action: Action::Last,
        help: "last article (in the text: end); 20G: article 20",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        action: Action::ToggleFocus,
        help: "switch between list and text",
        hint: Some("pane"),
        text_hint: Some("pane"),
    },
    Binding {
        keys: &[ch('h'), code(KeyCode::Left)],
        action: Action::FocusList,
        help: "focus the list",
        hint: None,
        text_hint: Some("list"),
    },
    Binding {
        keys: &[ch('l'), code(KeyCode::Right)],
        action: Action::FocusDetail,
        help: "focus the text",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        action: Action::Open,
        help: "read the article full screen",
        hint: Some("read"),
        text_hint: None,
    },
    Binding {
        keys: &[ch('z')],
        action: Action::ToggleZoom,
        help: "full-screen text on/off",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('<')],
        action: Action::ShrinkList,
        help: "narrower list",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('>')],
        action: Action::GrowList,
        help: "wider list",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('/')],
        action: Action::SearchPrompt,
        help: "search as you type (Enter: next match, Esc: cancel)",
        hint: Some("search"),
        text_hint: Some("search"),
    },
    Binding {
        keys: &[ch('n')],
        action: Action::NextMatch,
        help: "next matching article",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('N')],
        action: Action::PrevMatch,
        help: "previous matching article",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('&')],
        action: Action::FilterPrompt,
        help: "show only matching articles (empty: show all)",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch(':')],
        action: Action::CommandPrompt,
        help: ":source NAME  :since DATE  :until DATE  :undated include  :file GLOB  :clear",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('s')],
        action: Action::CycleSort,
        help: "sort: file order, newest, oldest, source, length",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('F')],
        action: Action::ToggleFollow,
        help: "follow the file as it grows (as less +F); F again stops",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch(']')],
        action: Action::NextFile,
        help: "next file (many files)",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('[')],
        action: Action::PrevFile,
        help: "start of this file, then the previous one",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('f')],
        action: Action::ToggleFiles,
        help: "show or hide the list's file column",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('S')],
        action: Action::Files,
        help: "files: read, skipped (and why), damaged",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('M')],
        action: Action::Messages,
        help: "every message so far, whole",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('?'), code(KeyCode::F(1))],
        action: Action::Help,
        help: "this help",
        hint: Some("help"),
        text_hint: Some("help"),
    },
    Binding {
        keys: &[code(KeyCode::Esc)],
        action: Action::Back,
        help: "back: close help, leave full screen, drop a count",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ch('q')],
        action: Action::Quit,
        help: "back, or quit",
        hint: Some("quit"),
        text_hint: Some("quit"),
    },
    Binding {
        keys: &[ctrl('c')],
        action: Action::ForceQuit,
        help: "quit from anywhere",
        hint: None,
        text_hint: None,
    },
    Binding {
        keys: &[ctrl('z')],
        action: Action::Suspend,
        help: "suspend to the shell (fg to come back)",
        hint: None,
        text_hint: None,
    },
];

/// Words for the help about what the table cannot say.
pub const EXTRA_HELP: &[(&str, &str)] = &[
    ("1-9…", "count for the next key: 5j, 20G"),
    ("Ctrl-r", "in a prompt: the query is a regex (or not)"),
    ("Ctrl-w Ctrl-u", "in a prompt: delete a word, the line"),
    ("↑ ↓", "in a prompt: what was entered before, after"),
    (
        "DATE",
        "2023, 2023-9, 2023-9-5 [10:30], or 7d 2w 3mo back from now; :until takes the whole period",
    ),
    (
        ":undated",
        ":since/:until leave out articles with no date (leads); :undated include keeps them",
    ),
    (":source", "matches part of a name, any case: :source 站长"),
    ("wheel", "scroll the pane under the pointer"),
    ("click", "select an article, focus a pane"),
];

/// The action for a terminal event in the app's present state: a prompt
/// takes text, the reader takes keys.
pub fn for_app(app: &super::App, event: &Event) -> Option<Action> {
    if app.prompt.is_some() {
        match event {
            Event::Key(key) => translate_prompt_key(key),
            Event::Paste(_) => None,
            other => translate(other, false),
        }
    } else {
        translate(event, app.count.is_some())
    }
}

/// Keys while a prompt is open: text editing, Enter, Esc.
fn translate_prompt_key(key: &KeyEvent) -> Option<Action> {
    use super::prompt::Edit;
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Esc typed quickly before a key arrives as Alt and that key: it is
    // no text.
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    Some(match key.code {
        KeyCode::Enter => Action::PromptSubmit,
        KeyCode::Esc => Action::PromptCancel,
        KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
            'c' => Action::ForceQuit,
            'z' => Action::Suspend,
            'r' => Action::PromptToggleRegex,
            'w' => Action::Prompt(Edit::DeleteWord),
            'u' => Action::Prompt(Edit::Clear),
            'a' => Action::Prompt(Edit::Home),
            'e' => Action::Prompt(Edit::End),
            'h' => Action::Prompt(Edit::Backspace),
            'g' => Action::PromptCancel,
            'p' => Action::PromptOlder,
            'n' => Action::PromptNewer,
            _ => return None,
        },
        KeyCode::Char(c) => Action::Prompt(Edit::Insert(c)),
        KeyCode::Backspace => Action::Prompt(Edit::Backspace),
        KeyCode::Delete => Action::Prompt(Edit::Delete),
        KeyCode::Up => Action::PromptOlder,
        KeyCode::Down => Action::PromptNewer,
        KeyCode::Left => Action::Prompt(Edit::Left),
        KeyCode::Right => Action::Prompt(Edit::Right),
        KeyCode::Home => Action::Prompt(Edit::Home),
        KeyCode::End => Action::Prompt(Edit::End),
        _ => return None,
    })
}

/// The action for a terminal event, if any.
pub fn translate(event: &Event, count_pending: bool) -> Option<Action> {
    match event {
        Event::Key(key) => translate_key(key, count_pending),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                lines: 1,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                lines: -1,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

fn translate_key(key: &KeyEvent, count_pending: bool) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    if let KeyCode::Char(c @ '0'..='9') = key.code
        && mods.is_empty()
        && (c != '0' || count_pending)
    {
        return Some(Action::Digit(c as u8 - b'0'));
    }
    let code = match key.code {
        // Terminals send Ctrl-letters in either case.
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        other => other,
    };
    BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.code == code && k.mods == mods))
        .map(|b| b.action)
}

/// A key as the help writes it.
pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEventState, MouseEvent};

    fn press(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        })
    }

    #[test]
    fn every_binding_translates_to_its_action() {
        for b in BINDINGS {
            for k in b.keys {
                let mods = if matches!(k.code, KeyCode::Char(c) if c.is_ascii_uppercase()) {
                    k.mods | KeyModifiers::SHIFT
                } else {
                    k.mods
                };
                assert_eq!(
                    translate(&press(k.code, mods), false),
                    Some(b.action),
                    "{}",
                    key_name(k)
                );
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(!seen.contains(k), "{} is bound twice", key_name(k));
                seen.push(*k);
            }
        }
    }

    #[test]
    fn digits_make_counts_and_zero_needs_one_before_it() {
        assert_eq!(
            translate(&press(KeyCode::Char('5'), KeyModifiers::NONE), false),
            Some(Action::Digit(5))
        );
        assert_eq!(
            translate(&press(KeyCode::Char('0'), KeyModifiers::NONE), false),
            None
        );
        assert_eq!(
            translate(&press(KeyCode::Char('0'), KeyModifiers::NONE), true),
            Some(Action::Digit(0))
        );
    }

    #[test]
    fn ctrl_letters_in_either_case() {
        assert_eq!(
            translate(&press(KeyCode::Char('D'), KeyModifiers::CONTROL), false),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            translate(&press(KeyCode::Char('d'), KeyModifiers::CONTROL), false),
            Some(Action::HalfPageDown)
        );
        // Plain `d` is not bound.
        assert_eq!(
            translate(&press(KeyCode::Char('d'), KeyModifiers::NONE), false),
            None
        );
    }

    #[test]
    fn releases_are_ignored() {
        let ev = Event::Key(KeyEvent {
            code: KeyCode::Char('j'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        });
        assert_eq!(translate(&ev, false), None);
    }

    #[test]
    fn mouse_wheel_and_click() {
        let m = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 3,
                row: 4,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert_eq!(
            translate(&m(MouseEventKind::ScrollDown), false),
            Some(Action::Wheel {
                column: 3,
                row: 4,
                lines: 1
            })
        );
        assert_eq!(
            translate(&m(MouseEventKind::Down(MouseButton::Left)), false),
            Some(Action::Click { column: 3, row: 4 })
        );
        assert_eq!(
            translate(&Event::Resize(80, 24), false),
            Some(Action::Resize(80, 24))
        );
    }
}
