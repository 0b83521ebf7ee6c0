//! Keys as data: tables bind keys to [`Command`]s, and [`translate`] turns
//! terminal events into [`Action`]s by reading them. The help overlay and
//! the status bar's hints are made from the same tables and the commands'
//! own words, so they cannot drift from the keys. A config file that remaps
//! keys will replace the tables, not this code.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::{Action, Command};

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

/// One row of a key table: keys and the command they run.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys, first one shown first in the help and on the status bar.
    pub keys: &'static [Key],
    /// What they do.
    pub command: Command,
}

const fn bind(keys: &'static [Key], command: Command) -> Binding {
    Binding { keys, command }
}

/// Every key of the reader, in the help's order.
pub const BINDINGS: &[Binding] = &[
    bind(&[ch('j'), code(KeyCode::Down)], Command::Down),
    bind(&[ch('k'), code(KeyCode::Up)], Command::Up),
    bind(&[ch('J')], Command::ScrollDetailDown),
    bind(&[ch('K')], Command::ScrollDetailUp),
    bind(
        &[ch(' '), code(KeyCode::PageDown), ctrl('f')],
        Command::PageDown,
    ),
    bind(
        &[ch('b'), code(KeyCode::PageUp), ctrl('b')],
        Command::PageUp,
    ),
    bind(&[ctrl('d')], Command::HalfPageDown),
    bind(&[ctrl('u')], Command::HalfPageUp),
    bind(&[ch('g'), code(KeyCode::Home)], Command::First),
    bind(&[ch('G'), code(KeyCode::End)], Command::Last),
    bind(
        &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        Command::ToggleFocus,
    ),
    bind(&[ch('h'), code(KeyCode::Left)], Command::FocusList),
    bind(&[ch('l'), code(KeyCode::Right)], Command::FocusDetail),
    bind(&[code(KeyCode::Enter)], Command::Open),
    bind(&[ch('z')], Command::ToggleZoom),
    bind(&[ch('<')], Command::ShrinkList),
    bind(&[ch('>')], Command::GrowList),
    bind(&[ch('/')], Command::SearchPrompt),
    bind(&[ch('n')], Command::NextMatch),
    bind(&[ch('N')], Command::PrevMatch),
    bind(&[ch('&')], Command::FilterPrompt),
    bind(&[ch(':')], Command::CommandPrompt),
    bind(&[ch('s')], Command::CycleSort),
    bind(&[ch('F')], Command::ToggleFollow),
    bind(&[ch(']')], Command::NextFile),
    bind(&[ch('[')], Command::PrevFile),
    bind(&[ch('f')], Command::ToggleFiles),
    bind(&[ch('r')], Command::ToggleRead),
    bind(&[ch('*')], Command::ToggleStar),
    bind(&[ch('t')], Command::TagPrompt),
    bind(&[ch('e')], Command::NotePrompt),
    bind(&[ch('V')], Command::Visual),
    bind(&[ch(';')], Command::ApplyToList),
    bind(&[ch('u')], Command::Undo),
    bind(&[ch('U')], Command::OnlyUnread),
    bind(&[ch('\'')], Command::OnlyStarred),
    bind(&[ch('y')], Command::CopyArticle),
    bind(&[ch('Y')], Command::CopyUrl),
    bind(&[ch('o')], Command::OpenUrl),
    bind(&[ch('L')], Command::Links),
    bind(&[ch('|')], Command::Pipe),
    bind(&[ch('D')], Command::Dedup),
    bind(&[ch('=')], Command::Group),
    bind(&[ch('}')], Command::NextCopy),
    bind(&[ch('{')], Command::PrevCopy),
    bind(&[ch('d')], Command::Diff),
    bind(&[ch('%')], Command::Stats),
    bind(&[ch('S')], Command::Files),
    bind(&[ch('M')], Command::Messages),
    bind(&[ch('R')], Command::Raw),
    bind(&[ch('?'), code(KeyCode::F(1))], Command::Help),
    bind(&[code(KeyCode::Esc)], Command::Back),
    bind(&[ch('q')], Command::Quit),
    bind(&[ctrl('c')], Command::ForceQuit),
    bind(&[ctrl('z')], Command::Suspend),
];

/// Two keys in a row, and the command they make.
#[derive(Debug, Clone, Copy)]
pub struct Sequence {
    /// The keys, in order.
    pub keys: [Key; 2],
    /// What they do.
    pub command: Command,
}

/// Sequences of the text pane: there the first key waits for the second
/// (in the list, `]` and `[` go to the next and previous file at once).
pub const SEQUENCES: &[Sequence] = &[
    Sequence {
        keys: [ch(']'), ch(']')],
        command: Command::NextHeading,
    },
    Sequence {
        keys: [ch('['), ch('[')],
        command: Command::PrevHeading,
    },
];

/// Keys while a prompt is open. Other characters are typed; other
/// Control keys do nothing. Keys without a character match whatever the
/// modifiers (Shift-Enter enters the line).
pub const PROMPT_BINDINGS: &[Binding] = &[
    bind(&[code(KeyCode::Enter)], Command::PromptSubmit),
    bind(&[code(KeyCode::Esc), ctrl('g')], Command::PromptCancel),
    bind(&[ctrl('c')], Command::ForceQuit),
    bind(&[ctrl('z')], Command::Suspend),
    bind(&[ctrl('r')], Command::PromptToggleRegex),
    bind(&[code(KeyCode::Up), ctrl('p')], Command::PromptOlder),
    bind(&[code(KeyCode::Down), ctrl('n')], Command::PromptNewer),
    bind(&[code(KeyCode::Backspace), ctrl('h')], Command::DeleteBack),
    bind(&[code(KeyCode::Delete)], Command::DeleteForward),
    bind(&[ctrl('w')], Command::DeleteWord),
    bind(&[ctrl('u')], Command::ClearLine),
    bind(&[code(KeyCode::Left)], Command::CursorLeft),
    bind(&[code(KeyCode::Right)], Command::CursorRight),
    bind(&[code(KeyCode::Home), ctrl('a')], Command::CursorHome),
    bind(&[code(KeyCode::End), ctrl('e')], Command::CursorEnd),
];

/// A line of the help that no one binding makes: what several keys share,
/// what is not a key at all.
#[derive(Debug, Clone, Copy)]
pub struct Note {
    /// What the help shows in the keys' column.
    pub keys: &'static str,
    /// The help's words.
    pub text: &'static str,
    /// The commands it explains, if any.
    pub commands: &'static [Command],
}

const fn note(keys: &'static str, text: &'static str, commands: &'static [Command]) -> Note {
    Note {
        keys,
        text,
        commands,
    }
}

/// The help's lines after the bindings'.
pub const NOTES: &[Note] = &[
    note("1-9…", "count for the next key: 5j, 20G", &[]),
    note(
        "Ctrl-r",
        "in a prompt: the query is a regex (or not)",
        &[Command::PromptToggleRegex],
    ),
    note(
        "Ctrl-w Ctrl-u",
        "in a prompt: delete a word, the line",
        &[Command::DeleteWord, Command::ClearLine],
    ),
    note(
        "↑ ↓",
        "in a prompt: what was entered before, after",
        &[Command::PromptOlder, Command::PromptNewer],
    ),
    note(
        "]] [[",
        "in the text: next, previous heading (] [ in the list: files)",
        &[Command::NextHeading, Command::PrevHeading],
    ),
    note(
        ":unread",
        ":starred  :tag T  :untagged  :note  (a - before one drops it: :-unread)",
        &[],
    ),
    note(
        ":dups",
        ":dedup  :flag NAME (empty short title-only mojibake boilerplate future before-1990 no-date no-source)",
        &[],
    ),
    note(
        ":w FILE",
        "the list (or the V range) to FILE.jsonl, .md or .txt; :w! replaces",
        &[],
    ),
    note(
        "DATE",
        "2023, 2023-9, 2023-9-5 10:30, or back from now: 7d 2w 3mo",
        &[],
    ),
    note(
        ":until",
        "to the end of the period it names: :until 2023-9 takes September",
        &[],
    ),
    note(
        ":undated",
        "leads have no date: :undated include keeps them in a date filter",
        &[],
    ),
    note(
        ":source",
        "matches part of a name, any case: :source 站长",
        &[],
    ),
    note("wheel", "scroll the pane under the pointer", &[]),
    note("click", "select an article, focus a pane", &[]),
];

/// The action for a terminal event in the app's present state: a prompt
/// takes text, the reader takes keys.
pub fn for_app(app: &super::App, event: &Event) -> Option<Action> {
    if app.prompt().is_some() {
        match event {
            Event::Key(key) => translate_prompt_key(key),
            Event::Paste(_) => None,
            other => translate(other, false),
        }
    } else if let Event::Key(key) = event
        && key.kind != KeyEventKind::Release
        && let Some(action) = sequence_key(app, key)
    {
        Some(action)
    } else {
        translate(event, app.count().is_some())
    }
}

/// A key of a [`SEQUENCES`] sequence, in the text pane: the first waits,
/// the second completes it. A key that completes none is a key of its own.
fn sequence_key(app: &super::App, key: &KeyEvent) -> Option<Action> {
    if app.screen().focus() != super::Focus::Detail || app.overlay().is_some() {
        return None;
    }
    let k = Key {
        code: key.code,
        mods: key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT),
    };
    if let Some(first) = app.pending_key()
        && let Some(s) = SEQUENCES.iter().find(|s| s.keys == [first, k])
    {
        return Some(Action::Command(s.command));
    }
    SEQUENCES
        .iter()
        .any(|s| s.keys[0] == k)
        .then_some(Action::Prefix(k))
}

/// The command `table` binds to `key`.
fn lookup(table: &[Binding], key: Key) -> Option<Command> {
    table
        .iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| b.command)
}

/// Keys while a prompt is open: text editing, Enter, Esc.
fn translate_prompt_key(key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    // Esc typed quickly before a key arrives as Alt and that key: it is
    // no text.
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let wanted = match key.code {
        // Terminals send Ctrl-letters in either case.
        KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
            ctrl(c.to_ascii_lowercase())
        }
        KeyCode::Char(c) => return Some(Action::Insert(c)),
        other => code(other),
    };
    lookup(PROMPT_BINDINGS, wanted).map(Action::Command)
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
    lookup(BINDINGS, Key { code, mods }).map(Action::Command)
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

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    fn press(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(key(code, mods))
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
                    Some(Action::Command(b.command)),
                    "{}",
                    key_name(k)
                );
            }
        }
    }

    #[test]
    fn every_prompt_binding_translates_to_its_action() {
        for b in PROMPT_BINDINGS {
            for k in b.keys {
                assert_eq!(
                    translate_prompt_key(&key(k.code, k.mods)),
                    Some(Action::Command(b.command)),
                    "{}",
                    key_name(k)
                );
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice() {
        for table in [BINDINGS, PROMPT_BINDINGS] {
            let mut seen = Vec::new();
            for b in table {
                for k in b.keys {
                    assert!(!seen.contains(k), "{} is bound twice", key_name(k));
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn the_prompt_types_characters_and_ignores_alt() {
        assert_eq!(
            translate_prompt_key(&key(KeyCode::Char('N'), KeyModifiers::SHIFT)),
            Some(Action::Insert('N'))
        );
        assert_eq!(
            translate_prompt_key(&key(KeyCode::Char('R'), KeyModifiers::CONTROL)),
            Some(Action::Command(Command::PromptToggleRegex))
        );
        assert_eq!(
            translate_prompt_key(&key(KeyCode::Enter, KeyModifiers::SHIFT)),
            Some(Action::Command(Command::PromptSubmit))
        );
        assert_eq!(
            translate_prompt_key(&key(KeyCode::Char('x'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(
            translate_prompt_key(&key(KeyCode::Char('b'), KeyModifiers::ALT)),
            None
        );
        assert_eq!(
            translate_prompt_key(&key(KeyCode::Tab, KeyModifiers::NONE)),
            None
        );
    }

    /// Prompt commands the help leaves to habit: the keys every line
    /// editor has (the arrows, Home, End, Backspace, Delete) and Enter and
    /// Esc, which the prompt's own bar names. Listing them would push the
    /// reader's keys off a small screen's help.
    const LEFT_TO_HABIT: &[Command] = &[
        Command::PromptSubmit,
        Command::PromptCancel,
        Command::DeleteBack,
        Command::DeleteForward,
        Command::CursorLeft,
        Command::CursorRight,
        Command::CursorHome,
        Command::CursorEnd,
    ];

    #[test]
    fn every_command_a_key_reaches_is_in_the_help() {
        let help = crate::app::overlay::help_lines();
        for b in BINDINGS {
            let keys = b.keys.iter().map(key_name).collect::<Vec<_>>().join(" ");
            assert!(
                help.contains(&(keys, b.command.description())),
                "{} is not in the help",
                b.command.name()
            );
        }
        for note in NOTES {
            assert!(help.contains(&(note.keys.to_string(), note.text)));
            // A note names keys that do what it says.
            for c in note.commands {
                let sequences = SEQUENCES
                    .iter()
                    .filter(|s| s.command == *c)
                    .map(|s| s.keys.iter().map(key_name).collect::<String>());
                let bound = PROMPT_BINDINGS
                    .iter()
                    .filter(|b| b.command == *c)
                    .flat_map(|b| b.keys.iter().map(key_name))
                    .chain(sequences)
                    .any(|k| note.keys.split(' ').any(|n| n == k));
                assert!(
                    bound,
                    "the note {:?} names no key of {}",
                    note.keys,
                    c.name()
                );
            }
        }
        for b in PROMPT_BINDINGS {
            let c = b.command;
            let described = BINDINGS.iter().any(|r| r.command == c)
                || NOTES.iter().any(|n| n.commands.contains(&c))
                || LEFT_TO_HABIT.contains(&c);
            assert!(described, "{} is not in the help", c.name());
        }
    }

    #[test]
    fn brackets_wait_for_a_second_in_the_text_and_go_at_once_in_the_list() {
        let mut app = crate::app::App::new(crate::input::Corpus::sample(), 120, 40);
        let bracket = press(KeyCode::Char(']'), KeyModifiers::NONE);
        assert_eq!(
            for_app(&app, &bracket),
            Some(Action::Command(Command::NextFile))
        );
        app.update(Command::FocusDetail);
        let first = for_app(&app, &bracket);
        assert_eq!(first, Some(Action::Prefix(ch(']'))));
        app.update(first.unwrap());
        assert_eq!(app.pending_key(), Some(ch(']')));
        assert_eq!(
            for_app(&app, &bracket),
            Some(Action::Command(Command::NextHeading))
        );
        // Another key after `]` is itself, and the `]` is forgotten.
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        let action = for_app(&app, &j).unwrap();
        assert_eq!(action, Action::Command(Command::Down));
        app.update(action);
        assert_eq!(app.pending_key(), None);
        let open = press(KeyCode::Char('['), KeyModifiers::NONE);
        app.update(for_app(&app, &open).unwrap());
        assert_eq!(
            for_app(&app, &open),
            Some(Action::Command(Command::PrevHeading))
        );
    }

    #[test]
    fn every_command_has_a_key() {
        for c in Command::ALL {
            let bound = BINDINGS
                .iter()
                .chain(PROMPT_BINDINGS)
                .any(|b| b.command == *c)
                || SEQUENCES.iter().any(|s| s.command == *c);
            assert!(bound, "no key runs {}", c.name());
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
            Some(Action::Command(Command::HalfPageDown))
        );
        assert_eq!(
            translate(&press(KeyCode::Char('d'), KeyModifiers::CONTROL), false),
            Some(Action::Command(Command::HalfPageDown))
        );
        // Plain `x` is not bound.
        assert_eq!(
            translate(&press(KeyCode::Char('x'), KeyModifiers::NONE), false),
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
