//! Which articles a triage filter keeps: unread, starred, with a tag,
//! untagged, with a note. The command line's `--unread`/`--starred`/… and
//! the reader's `:unread`/`:starred`/… both make one of these.

use super::store::State;

/// A filter on the triage state; the default keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only articles not read yet.
    pub unread: bool,
    /// Only starred articles.
    pub starred: bool,
    /// Only articles with this tag.
    pub tag: Option<String>,
    /// Only articles with no tag.
    pub untagged: bool,
    /// Only articles with a note.
    pub has_note: bool,
}

/// The words of the reader's `:` line that set a state filter.
pub const WORDS: &[&str] = &["unread", "starred", "tag", "untagged", "note"];

impl Filter {
    /// Whether it narrows anything.
    pub fn narrows(&self) -> bool {
        self.unread || self.starred || self.tag.is_some() || self.untagged || self.has_note
    }

    /// Whether an article in `state` (`None`: never touched) passes.
    pub fn accepts(&self, state: Option<&State>) -> bool {
        let none = State::default();
        let s = state.unwrap_or(&none);
        (!self.unread || !s.read)
            && (!self.starred || s.starred)
            && self
                .tag
                .as_ref()
                .is_none_or(|t| s.tags.iter().any(|x| x == t))
            && (!self.untagged || s.tags.is_empty())
            && (!self.has_note || s.note.is_some())
    }

    /// Applies one `:` word (one of [`WORDS`], `tag` taking `value`; a
    /// value or a word after `-` turns it off: `:tag -`, `:-unread`).
    /// Returns whether `value` was used.
    pub fn apply_word(&mut self, word: &str, value: Option<&str>) -> Result<bool, String> {
        let (off, word) = match word.strip_prefix('-') {
            Some(w) => (true, w),
            None => (false, word),
        };
        match word {
            "unread" => self.unread = !off,
            "starred" => self.starred = !off,
            "untagged" => {
                self.untagged = !off;
                if !off {
                    self.tag = None;
                }
            }
            "note" => self.has_note = !off,
            "tag" if off => self.tag = None,
            "tag" => {
                let Some(v) = value else {
                    return Err("tag needs a name (tag - shows every tag again)".into());
                };
                if v == "-" {
                    self.tag = None;
                } else {
                    self.tag = Some(super::store::check_tag(v)?);
                    self.untagged = false;
                }
                return Ok(true);
            }
            other => return Err(format!("{other} is no state filter")),
        }
        Ok(false)
    }

    /// The filter in the words that set it (`unread tag 待查`), empty when
    /// it keeps everything.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.unread {
            parts.push("unread".into());
        }
        if self.starred {
            parts.push("starred".into());
        }
        if let Some(t) = &self.tag {
            parts.push(format!("tag {}", crate::text::sanitize(t)));
        }
        if self.untagged {
            parts.push("untagged".into());
        }
        if self.has_note {
            parts.push("note".into());
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(read: bool, starred: bool, tags: &[&str], note: Option<&str>) -> State {
        State {
            read,
            starred,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            note: note.map(str::to_string),
        }
    }

    #[test]
    fn each_filter_keeps_what_it_says() {
        let fresh = None;
        let read_tagged = state(true, false, &["好"], None);
        let starred_noted = state(false, true, &[], Some("看"));
        let mut f = Filter::default();
        assert!(!f.narrows());
        assert!(f.accepts(fresh) && f.accepts(Some(&read_tagged)));
        f.apply_word("unread", None).unwrap();
        assert!(f.accepts(fresh));
        assert!(!f.accepts(Some(&read_tagged)));
        assert!(f.accepts(Some(&starred_noted)));
        f.apply_word("starred", None).unwrap();
        assert!(!f.accepts(fresh));
        assert!(f.accepts(Some(&starred_noted)));
        f = Filter::default();
        assert_eq!(f.apply_word("tag", Some("好")), Ok(true));
        assert!(f.accepts(Some(&read_tagged)) && !f.accepts(fresh));
        f.apply_word("untagged", None).unwrap();
        assert_eq!(f.tag, None, "untagged replaces a tag");
        assert!(f.accepts(fresh) && !f.accepts(Some(&read_tagged)));
        f = Filter::default();
        f.apply_word("note", None).unwrap();
        assert!(f.accepts(Some(&starred_noted)) && !f.accepts(fresh));
        assert_eq!(f.describe(), "note");
        f.apply_word("-note", None).unwrap();
        assert!(!f.narrows());
    }

    #[test]
    fn bad_words_and_tags_are_refused() {
        let mut f = Filter::default();
        assert!(f.apply_word("tag", None).is_err());
        assert!(f.apply_word("tag", Some("a\u{7}b")).is_err());
        assert!(f.apply_word("frob", None).is_err());
        assert_eq!(f, Filter::default());
        f.apply_word("tag", Some("x")).unwrap();
        f.apply_word("tag", Some("-")).unwrap();
        assert_eq!(f.tag, None);
    }
}
