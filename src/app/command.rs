//! What a key can do, by name: [`Command`]. A command carries no data, so a
//! key table (`keymap.rs` today, a user's config file later) can bind keys to
//! commands by name, and the help can describe each one. What does carry
//! data — a count's digit, typed text, a click — is an [`Action`](super::Action)
//! of its own.

use super::Focus;
use super::prompt::Edit;

/// Declares [`Command`] from one table, so that a command, its name and its
/// description cannot be added one without the others, and [`Command::ALL`]
/// cannot miss one.
macro_rules! commands {
    ($($variant:ident = $name:literal, $description:literal;)*) => {
        /// Everything a key can make the reader do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $(#[doc = $description] $variant,)*
        }

        impl Command {
            /// Every command, in the table's order.
            pub const ALL: &[Command] = &[$(Command::$variant,)*];

            /// The command's name for key tables (kebab-case, stable: a
            /// user's config will hold these).
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }

            /// What it does, in the help's words.
            pub fn description(self) -> &'static str {
                match self {
                    $(Command::$variant => $description,)*
                }
            }
        }
    };
}

commands! {
    Down = "down", "next article (in the text: scroll down)";
    Up = "up", "previous article (in the text: scroll up)";
    ScrollDetailDown = "scroll-text-down", "scroll the text down from the list";
    ScrollDetailUp = "scroll-text-up", "scroll the text up from the list";
    PageDown = "page-down", "page down";
    PageUp = "page-up", "page up";
    HalfPageDown = "half-page-down", "half a page down";
    HalfPageUp = "half-page-up", "half a page up";
    First = "first", "first article (in the text: top); 20g: article 20";
    Last = "last", "last article (in the text: end); 20G: article 20";
    ToggleFocus = "toggle-focus", "switch between list and text";
    FocusList = "focus-list", "focus the list";
    FocusDetail = "focus-text", "focus the text";
    Open = "open", "read the article full screen";
    ToggleZoom = "toggle-zoom", "full-screen text on/off";
    ShrinkList = "shrink-list", "narrower list";
    GrowList = "grow-list", "wider list";
    SearchPrompt = "search-prompt", "search as you type (Enter: next match, Esc: cancel)";
    NextMatch = "next-match", "next matching article";
    PrevMatch = "prev-match", "previous matching article";
    FilterPrompt = "filter-prompt", "show only matching articles (empty: show all)";
    CommandPrompt = "command-prompt",
        ":source NAME  :since DATE  :until DATE  :file GLOB  :unread  :tag T  :dups  :flag F  :stats  :w FILE  :clear";
    CycleSort = "sort", "sort: file order, newest, oldest, source, length";
    ToggleFollow = "toggle-follow", "follow the file as it grows (as less +F); F again stops";
    NextFile = "next-file", "next file (many files)";
    PrevFile = "prev-file", "start of this file, then the previous one";
    ToggleFiles = "toggle-file-column", "show or hide the list's file column";
    ToggleRead = "toggle-read", "read ↔ unread (V range or ;: all read if one is not, else all unread)";
    ToggleStar = "toggle-star", "star on/off (V range or ;: as r does)";
    TagPrompt = "tag", "tags: name adds, -name removes (with V or ;: for all)";
    NotePrompt = "note", "a one-line note on the article (empty: removes it)";
    Visual = "visual", "a range of articles: move to its end, then r * t e y or :w";
    ApplyToList = "apply-to-list", "the next r * t e for every article in the list";
    Undo = "undo", "undo the last change of read, star, tags or note";
    OnlyUnread = "only-unread", "show only unread articles (again: all)";
    OnlyStarred = "only-starred", "show only starred articles (again: all)";
    CopyArticle = "copy", "copy the article (with V: the range's) to the clipboard (OSC 52)";
    CopyUrl = "copy-url", "copy the article's URL; 3Y: its link [3]";
    OpenUrl = "open-url", "open the article's URL in $BROWSER; 3o: its link [3]";
    Links = "links", "the article's links, numbered (3o opens, 3Y copies)";
    Pipe = "pipe", "pipe the article to a command, as in less and mutt";
    Dedup = "dedup", "one article a duplicate group (again: every copy)";
    Group = "group", "the article's duplicates: id, similarity, time, source, title";
    NextCopy = "next-copy", "the next article of this one's duplicate group";
    PrevCopy = "prev-copy", "the previous article of this one's duplicate group";
    Diff = "diff", "what differs from the copy it repeats (or the group's next), by character";
    Stats = "stats", "statistics: a day, sources, duplicates, flags, lengths, files (Enter filters)";
    NextHeading = "next-heading", "in the text: next heading";
    PrevHeading = "prev-heading", "in the text: previous heading";
    Files = "files", "files: read, skipped (and why), damaged";
    Messages = "messages", "every message so far, whole";
    Raw = "raw", "the article as its file has it (a JSON record pretty-printed)";
    Help = "help", "this help";
    Back = "back", "back: close help, leave full screen, drop a count";
    Quit = "quit", "back, or quit";
    ForceQuit = "force-quit", "quit from anywhere";
    Suspend = "suspend", "suspend to the shell (fg to come back)";
    PromptSubmit = "prompt-submit", "in a prompt: enter the line";
    PromptCancel = "prompt-cancel", "in a prompt: close it, the line unentered";
    PromptOlder = "prompt-older", "in a prompt: the line entered before";
    PromptNewer = "prompt-newer", "in a prompt: the line entered after";
    PromptToggleRegex = "prompt-toggle-regex", "in a prompt: the query is a regex (or not)";
    DeleteBack = "delete-back", "in a prompt: delete the character before the cursor";
    DeleteForward = "delete-forward", "in a prompt: delete the character under the cursor";
    DeleteWord = "delete-word", "in a prompt: delete the word before the cursor";
    ClearLine = "clear-line", "in a prompt: delete everything before the cursor";
    CursorLeft = "cursor-left", "in a prompt: cursor one character left";
    CursorRight = "cursor-right", "in a prompt: cursor one character right";
    CursorHome = "cursor-home", "in a prompt: cursor to the start";
    CursorEnd = "cursor-end", "in a prompt: cursor to the end";
}

impl Command {
    /// The status bar's word for the command on the statistics screen.
    pub fn stats_hint(self) -> Option<&'static str> {
        use Command::*;
        match self {
            Down => Some("next bar"),
            ToggleFocus => Some("panel"),
            Open => Some("filter"),
            Back => Some("close"),
            _ => None,
        }
    }

    /// The command called `name`, as [`Command::name`] spells it.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The status bar's short word for the command while `focus` has the
    /// keys, for the few commands the bar offers (the same key does
    /// different things in the list and in the text, so the words differ).
    pub fn hint(self, focus: Focus) -> Option<&'static str> {
        use Command::*;
        match (self, focus) {
            (Down, Focus::List) => Some("next"),
            (Down, Focus::Detail) => Some("down"),
            (Up, Focus::List) => Some("prev"),
            (Up, Focus::Detail) => Some("up"),
            (PageDown, Focus::Detail) => Some("page"),
            (ToggleFocus, _) => Some("pane"),
            (FocusList, Focus::Detail) => Some("list"),
            (Open, Focus::List) => Some("read"),
            (SearchPrompt, _) => Some("search"),
            (Help, _) => Some("help"),
            (Quit, _) => Some("quit"),
            _ => None,
        }
    }

    /// The edit of the prompt's text the command is, if it is one.
    pub fn edit(self) -> Option<Edit> {
        Some(match self {
            Command::DeleteBack => Edit::Backspace,
            Command::DeleteForward => Edit::Delete,
            Command::DeleteWord => Edit::DeleteWord,
            Command::ClearLine => Edit::Clear,
            Command::CursorLeft => Edit::Left,
            Command::CursorRight => Edit::Right,
            Command::CursorHome => Edit::Home,
            Command::CursorEnd => Edit::End,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_non_empty_kebab_case_ascii() {
        let mut seen = std::collections::HashSet::new();
        for c in Command::ALL {
            let name = c.name();
            assert!(!name.is_empty(), "{c:?}");
            assert!(seen.insert(name), "{name} names two commands");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name} is not kebab-case"
            );
            assert!(
                !name.starts_with('-') && !name.ends_with('-') && !name.contains("--"),
                "{name} is not kebab-case"
            );
            assert!(!c.description().is_empty(), "{name} has no description");
        }
    }

    #[test]
    fn from_name_round_trips() {
        for &c in Command::ALL {
            assert_eq!(Command::from_name(c.name()), Some(c));
        }
        assert_eq!(Command::from_name("no-such-command"), None);
        assert_eq!(Command::from_name("Down"), None, "names are case-sensitive");
    }

    #[test]
    fn all_lists_each_command_once() {
        let unique: std::collections::HashSet<_> = Command::ALL.iter().collect();
        assert_eq!(unique.len(), Command::ALL.len());
    }
}
