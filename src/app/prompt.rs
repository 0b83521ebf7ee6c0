//! The one-line prompt of `/`, `&` and `:`: a text with a cursor.

/// What the prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/`: search, as you type.
    Search,
    /// `&`: show only the matching articles.
    Filter,
    /// `:`: source, since, until, clear.
    Command,
    /// `t`: tags to add, `-tags` to remove.
    Tag,
    /// `e`: the note (empty removes it).
    Note,
    /// `|`: a command to pipe the article to.
    Pipe,
    /// A yes-or-no question: `y` says yes, any other key no.
    Confirm,
}

impl PromptKind {
    /// What the prompt shows before the text.
    pub fn sigil(self) -> &'static str {
        match self {
            PromptKind::Search => "/",
            PromptKind::Filter => "&",
            PromptKind::Command => ":",
            PromptKind::Tag => "tag: ",
            PromptKind::Note => "note: ",
            PromptKind::Pipe => "|",
            PromptKind::Confirm => "",
        }
    }
}

/// A line being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    kind: PromptKind,
    text: String,
    /// A byte offset into `text` on a character boundary.
    cursor: usize,
    regex: bool,
    /// While ↑/↓ show a line of the history: which, and the text that
    /// was being typed before.
    recalled: Option<(usize, String)>,
}

/// An edit of the prompt's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Type a character at the cursor.
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Delete the word before the cursor (Ctrl-W).
    DeleteWord,
    /// Delete everything before the cursor (Ctrl-U).
    Clear,
    /// Cursor one character left.
    Left,
    /// Cursor one character right.
    Right,
    /// Cursor to the start.
    Home,
    /// Cursor to the end.
    End,
}

impl Prompt {
    /// An empty prompt of `kind`, starting with `text`.
    pub fn new(kind: PromptKind, text: &str, regex: bool) -> Prompt {
        Prompt {
            kind,
            text: text.to_string(),
            cursor: text.len(),
            regex,
            recalled: None,
        }
    }

    /// What it is for.
    pub fn kind(&self) -> PromptKind {
        self.kind
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor: a byte offset into the text, on a character boundary.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Whether the query is a regular expression.
    pub fn is_regex(&self) -> bool {
        self.regex
    }

    /// A regular expression, or not.
    pub fn toggle_regex(&mut self) {
        self.regex = !self.regex;
    }

    /// Applies an edit; returns whether the text changed.
    pub fn edit(&mut self, e: Edit) -> bool {
        let before = self.text[..self.cursor]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
        let after = self.text[self.cursor..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        match e {
            Edit::Insert(c) => {
                // Controls never enter a query.
                if c.is_control() {
                    return false;
                }
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                true
            }
            Edit::Backspace if before > 0 => {
                self.cursor -= before;
                self.text.remove(self.cursor);
                true
            }
            Edit::Delete if after > 0 => {
                self.text.remove(self.cursor);
                true
            }
            Edit::DeleteWord if self.cursor > 0 => {
                let head = &self.text[..self.cursor];
                let trimmed = head.trim_end();
                // After the last white space, whatever its width in bytes
                // (an input method's U+3000 is three).
                let start = trimmed
                    .char_indices()
                    .rfind(|(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
                true
            }
            Edit::Clear if self.cursor > 0 => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
                true
            }
            Edit::Left => {
                self.cursor -= before;
                false
            }
            Edit::Right => {
                self.cursor += after;
                false
            }
            Edit::Home => {
                self.cursor = 0;
                false
            }
            Edit::End => {
                self.cursor = self.text.len();
                false
            }
            _ => false,
        }
    }
}

/// The open prompt, and what was entered at prompts before.
#[derive(Debug, Default)]
pub(super) struct Prompts {
    pub(super) open: Option<Prompt>,
    pub(super) history: History,
}

/// What was entered at each kind of prompt, oldest first, for ↑ and ↓ (as
/// in a shell: the same line twice in a row is kept once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    search: Vec<String>,
    filter: Vec<String>,
    command: Vec<String>,
    tag: Vec<String>,
    note: Vec<String>,
    pipe: Vec<String>,
}

/// Lines kept per kind of prompt.
const HISTORY_LEN: usize = 100;

impl History {
    /// The lines entered at prompts of `kind`, oldest first.
    pub fn lines(&self, kind: PromptKind) -> &[String] {
        match kind {
            PromptKind::Search => &self.search,
            PromptKind::Filter => &self.filter,
            PromptKind::Command => &self.command,
            PromptKind::Tag => &self.tag,
            PromptKind::Note => &self.note,
            PromptKind::Pipe => &self.pipe,
            PromptKind::Confirm => &[],
        }
    }

    /// Remembers a line entered at a prompt of `kind` (blank lines are not).
    pub fn push(&mut self, kind: PromptKind, line: &str) {
        let lines = match kind {
            PromptKind::Search => &mut self.search,
            PromptKind::Filter => &mut self.filter,
            PromptKind::Command => &mut self.command,
            PromptKind::Tag => &mut self.tag,
            PromptKind::Note => &mut self.note,
            PromptKind::Pipe => &mut self.pipe,
            PromptKind::Confirm => return,
        };
        if line.trim().is_empty() || lines.last().is_some_and(|l| l == line) {
            return;
        }
        if lines.len() == HISTORY_LEN {
            lines.remove(0);
        }
        lines.push(line.to_string());
    }
}

impl Prompt {
    /// ↑ (`older`) or ↓ through `history`: shows the line entered before
    /// (or after) the one shown; below the newest, the text that was being
    /// typed comes back. Returns whether the text changed.
    pub fn recall(&mut self, history: &History, older: bool) -> bool {
        let lines = history.lines(self.kind);
        let at = self.recalled.as_ref().map_or(lines.len(), |(i, _)| *i);
        let to = if older {
            match at.checked_sub(1) {
                Some(i) => i,
                None => return false,
            }
        } else if at < lines.len() {
            at + 1
        } else {
            return false;
        };
        let draft = match self.recalled.take() {
            Some((_, draft)) => draft,
            None => self.text.clone(),
        };
        self.text = match lines.get(to) {
            Some(line) => {
                let line = line.clone();
                self.recalled = Some((to, draft));
                line
            }
            None => draft,
        };
        self.cursor = self.text.len();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_chinese_text() {
        let mut p = Prompt::new(PromptKind::Search, "", false);
        for c in "站长网 falcon".chars() {
            p.edit(Edit::Insert(c));
        }
        assert_eq!(p.text, "站长网 falcon");
        assert!(p.edit(Edit::DeleteWord));
        assert_eq!(p.text, "站长网 ");
        p.edit(Edit::Left);
        p.edit(Edit::Left);
        assert!(p.edit(Edit::Backspace));
        assert_eq!(p.text, "站网 ");
        p.edit(Edit::Insert('长'));
        assert_eq!(p.text, "站长网 ");
        p.edit(Edit::Home);
        assert!(p.edit(Edit::Delete));
        assert_eq!(p.text, "长网 ");
        p.edit(Edit::End);
        assert!(p.edit(Edit::Clear));
        assert_eq!(p.text, "");
        assert!(!p.edit(Edit::Backspace));
        assert!(!p.edit(Edit::Insert('\x1b')), "no control enters a query");
    }
}
