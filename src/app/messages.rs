//! What the reader says: one message on the status bar until the next key,
//! and a log of every message shown (`M`), since a long one is cut on the bar
//! and a short one is gone at the next key.

/// Messages the log keeps (`M`).
pub const MESSAGES_KEPT: usize = 200;

/// The message on the bar and the log.
#[derive(Debug, Default)]
pub struct Messages {
    pub(super) current: Option<String>,
    /// Oldest first, the last [`MESSAGES_KEPT`].
    pub(super) log: Vec<String>,
}

impl Messages {
    /// The message on the status bar.
    pub fn current(&self) -> Option<&str> {
        self.current.as_deref()
    }

    /// Every message shown so far, oldest first (the last
    /// [`MESSAGES_KEPT`]).
    pub fn log(&self) -> &[String] {
        &self.log
    }

    /// Puts `message` on the bar, and in the log at once: several can be
    /// said in one turn of the loop (jobs ending together), and the log
    /// keeps each.
    pub(super) fn say(&mut self, message: impl Into<String>) {
        self.current = Some(message.into());
        self.keep();
    }

    /// Clears the bar (the log keeps what it showed).
    pub(super) fn clear(&mut self) {
        self.current = None;
    }

    /// Keeps the message on the bar in the log, once.
    fn keep(&mut self) {
        if let Some(m) = &self.current
            && self.log.last() != Some(m)
        {
            if self.log.len() == MESSAGES_KEPT {
                self.log.remove(0);
            }
            self.log.push(m.clone());
        }
    }
}
