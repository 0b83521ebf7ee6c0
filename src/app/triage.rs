//! What the reader decides about articles (issue 14): read, starred, tags,
//! a note. The states live in memory for drawing and filtering; every
//! change goes to the writer thread (`state::writer`), which saves it in
//! one transaction, so a key press never waits for the disk. A change to
//! one article shows at once; a change to many (a `V` range, `;` for the
//! whole list) is made when the writer has found the articles' keys.
//! `u` puts back the states from before the last change.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::prompt::{Prompt, PromptKind};
use super::{App, Focus};
use crate::state::store::{Change, State};
use crate::state::writer::{Reply, Request, Writer};
use crate::state::{Filter, Key, Place};

/// Changes touching more articles than this ask first.
pub const CONFIRM_OVER: usize = 1000;

/// Changes `u` can undo, newest last.
const UNDO_KEPT: usize = 100;

/// States kept for undo, all changes together: a `;` on a million
/// articles keeps a million (about 70 MB); older changes go first.
const UNDO_STATES: usize = 1_000_000;

/// Keys kept for articles drawn; the map is cleared past this.
const KEYS_KEPT: usize = 20_000;

/// Whether the state is being saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saving {
    /// The database is being opened.
    Opening,
    /// Changes are saved.
    On,
    /// Changes last this session only: `--no-state`, or why the database
    /// cannot be used.
    Off(Option<String>),
}

/// The triage part of the app.
#[derive(Debug)]
pub struct Triage {
    writer: Writer,
    /// Every known state; an absent key has the default one.
    pub(super) states: Arc<HashMap<Key, State>>,
    pub(super) saving: Saving,
    /// Keys of articles drawn (forgotten when the corpus is replaced).
    keys: HashMap<u32, Key>,
    undo: Vec<Vec<(Key, State)>>,
    next_id: u64,
    /// Changes to many articles whose keys the writer is finding.
    waiting: HashMap<u64, Wanted>,
    /// Changes to many articles whose keys are found, waiting for every
    /// state to be read (a toggle depends on them; undo needs them).
    parked: Vec<(Wanted, Vec<Key>)>,
    /// Whether every stored state has been read (until then, only the
    /// states of the keys in `looked` are known).
    loaded: bool,
    /// Keys whose stored state was looked up, before all were read.
    looked: std::collections::HashSet<Key>,
    /// Keys whose stored state is being looked up.
    asked: std::collections::HashSet<Key>,
    /// Changes sent to the writer, by number: made again over states read
    /// before they were saved (all of them until every state is read,
    /// then those not yet saved).
    recent: Vec<(u64, Op)>,
    /// The last change numbered, and the last one saved.
    seq: u64,
    saved: u64,
    /// The file was damaged and is being replaced: the next `Opened` is
    /// the new one's.
    recovering: bool,
    /// A line for the status bar from inside (the state thread gone).
    say: Option<String>,
    /// `V`: the row the range started at.
    pub(super) visual: Option<usize>,
    /// `;`: the next change is for every article in the list.
    pub(super) to_list: bool,
    /// A change waiting for its yes (`Confirm`) or its text (`Tag`,
    /// `Note`), and what it is for.
    pending: Option<(Wanted, Target)>,
    /// The article last marked read by being opened.
    opened: Option<usize>,
}

/// A change to the states, as sent to the writer.
#[derive(Debug, Clone)]
enum Op {
    /// Changes to articles.
    Change(Vec<Key>, Vec<Change>),
    /// States put back (an undo).
    Set(Vec<(Key, State)>),
}

/// What a key asks for: a toggle is decided once the articles' states
/// are known (on if any of them is off, else off, as mutt's `;`).
#[derive(Debug, Clone)]
enum Wanted {
    ToggleRead,
    ToggleStar,
    Changes(Vec<Change>),
}

impl Wanted {
    /// The changes, for articles in `states`.
    fn resolve<'s>(self, mut states: impl Iterator<Item = Option<&'s State>>) -> Vec<Change> {
        match self {
            Wanted::ToggleRead => vec![Change::Read(states.any(|s| !s.is_some_and(|s| s.read)))],
            Wanted::ToggleStar => vec![Change::Star(states.any(|s| !s.is_some_and(|s| s.starred)))],
            Wanted::Changes(c) => c,
        }
    }

    /// For the question before a change to many.
    fn describe(&self) -> String {
        match self {
            Wanted::ToggleRead => "toggle read on".into(),
            Wanted::ToggleStar => "toggle the star on".into(),
            Wanted::Changes(c) => describe(c),
        }
    }
}

/// Which articles a change is for.
#[derive(Debug, Clone)]
enum Target {
    One(usize),
    Many(Vec<u32>),
}

impl Target {
    fn len(&self) -> usize {
        match self {
            Target::One(_) => 1,
            Target::Many(rows) => rows.len(),
        }
    }
}

impl Triage {
    /// The state at `place` (`None`: state off), opened on its thread.
    pub fn new(place: Option<std::path::PathBuf>) -> Triage {
        let saving = match place {
            Some(_) => Saving::Opening,
            None => Saving::Off(None),
        };
        Triage {
            writer: Writer::spawn(place),
            states: Arc::default(),
            saving,
            keys: HashMap::new(),
            undo: Vec::new(),
            next_id: 0,
            waiting: HashMap::new(),
            parked: Vec::new(),
            loaded: false,
            looked: std::collections::HashSet::new(),
            asked: std::collections::HashSet::new(),
            recent: Vec::new(),
            seq: 0,
            saved: 0,
            recovering: false,
            say: None,
            visual: None,
            to_list: false,
            pending: None,
            opened: None,
        }
    }

    /// Whether changes are being saved.
    pub fn saving(&self) -> &Saving {
        &self.saving
    }

    /// How many articles have a state other than the default.
    pub fn states_len(&self) -> usize {
        self.states.len()
    }

    /// Whether work waits on the writer.
    pub(super) fn busy(&self) -> bool {
        self.writer.busy() || !self.knows_all()
    }

    /// Sets `key`'s state in memory.
    fn set(&mut self, key: Key, state: State) {
        let states = Arc::make_mut(&mut self.states);
        if state.is_default() {
            states.remove(&key);
        } else {
            states.insert(key, state);
        }
    }

    /// Whether `key`'s state is known: all are read, or it was looked up
    /// (with the state off, what is in memory is all there is).
    fn knows(&self, key: &Key) -> bool {
        match self.saving {
            Saving::Opening => false,
            Saving::On => self.loaded || self.looked.contains(key),
            Saving::Off(_) => true,
        }
    }

    /// Whether every state is known.
    pub(super) fn knows_all(&self) -> bool {
        matches!(self.saving, Saving::Off(_)) || (self.saving == Saving::On && self.loaded)
    }

    /// Makes `op` in memory, numbers it, and sends it to be saved.
    fn commit(&mut self, op: Op) {
        self.seq += 1;
        let seq = self.seq;
        self.make(&op);
        self.send_op(seq, &op);
        self.recent.push((seq, op));
    }

    /// Sends a change to be saved; the state is off when the thread is
    /// gone.
    fn send_op(&mut self, seq: u64, op: &Op) {
        let sent = self.writer.send(match op {
            Op::Change(keys, changes) => Request::Apply {
                seq,
                changes: changes.clone(),
                keys: keys.clone(),
            },
            Op::Set(before) => Request::Restore {
                seq,
                before: before.clone(),
            },
        });
        if !sent && self.saving == Saving::On {
            let why = "the state thread stopped: changes are no longer saved".to_string();
            self.say = Some(format!("state is off: {why}"));
            self.saving = Saving::Off(Some(why));
        }
    }

    fn make(&mut self, op: &Op) {
        match op {
            Op::Change(keys, changes) => self.make_in_memory(keys, changes),
            Op::Set(states) => {
                for (k, s) in states {
                    self.set(*k, s.clone());
                }
            }
        }
    }

    /// Makes again the changes numbered after `after`, over states read
    /// from the database (each change is the same made twice).
    fn replay(&mut self, after: u64) {
        let recent = std::mem::take(&mut self.recent);
        for (_, op) in recent.iter().filter(|(seq, _)| *seq > after) {
            self.make(op);
        }
        self.recent = recent;
    }

    /// Forgets the changes saved, once every state is read.
    fn forget_saved(&mut self) {
        if self.loaded {
            let saved = self.saved;
            self.recent.retain(|(seq, _)| *seq > saved);
        }
    }

    fn make_in_memory(&mut self, keys: &[Key], changes: &[Change]) {
        for k in keys {
            let mut s = self.states.get(k).cloned().unwrap_or_default();
            for c in changes {
                if let Ok(next) = s.with_change(c) {
                    s = next;
                }
            }
            self.set(*k, s);
        }
    }

    /// Makes what `wanted` comes to for the articles `keys` (their
    /// states known), undoable; returns the changes made.
    fn make_wanted(&mut self, wanted: Wanted, keys: Vec<Key>) -> Vec<Change> {
        let changes = wanted.resolve(keys.iter().map(|k| self.states.get(k)));
        let before = keys
            .iter()
            .map(|k| (*k, self.states.get(k).cloned().unwrap_or_default()))
            .collect();
        self.remember(before);
        self.commit(Op::Change(keys, changes.clone()));
        changes
    }

    fn remember(&mut self, before: Vec<(Key, State)>) {
        self.undo.push(before);
        let mut total: usize = self.undo.iter().map(Vec::len).sum();
        while self.undo.len() > 1 && (self.undo.len() > UNDO_KEPT || total > UNDO_STATES) {
            total -= self.undo.remove(0).len();
        }
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

/// A change as the status bar says it.
fn describe(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| match c {
            Change::Read(true) => "marked read".to_string(),
            Change::Read(false) => "marked unread".to_string(),
            Change::Star(true) => "starred".to_string(),
            Change::Star(false) => "unstarred".to_string(),
            Change::AddTag(t) => format!("tagged {}", crate::text::sanitize(t)),
            Change::RemoveTag(t) => format!("untagged {}", crate::text::sanitize(t)),
            Change::Note(Some(_)) => "noted".to_string(),
            Change::Note(None) => "note removed".to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn articles(n: usize) -> String {
    if n == 1 {
        "1 article".into()
    } else {
        format!("{} articles", crate::input::load::thousands(n as u64))
    }
}

impl App {
    /// The triage state: what is known, whether it is saved.
    pub fn triage(&self) -> &Triage {
        &self.triage
    }

    /// The state of article `ordinal`, if its key was made (it is for
    /// every row drawn).
    pub fn state_of(&self, ordinal: usize) -> Option<&State> {
        let key = self.triage.keys.get(&(ordinal as u32))?;
        self.triage.states.get(key)
    }

    /// Whether article `ordinal`'s state is known (its key made, its
    /// stored state read).
    pub fn state_known(&self, ordinal: usize) -> bool {
        self.triage
            .keys
            .get(&(ordinal as u32))
            .is_some_and(|k| self.triage.knows(k))
    }

    /// The rows of the `V` range, first to last, when one is open.
    pub fn visual_rows(&self) -> Option<std::ops::RangeInclusive<usize>> {
        let start = self.triage.visual?;
        let end = self.view.selected;
        Some(start.min(end)..=start.max(end))
    }

    /// Waits up to `timeout` for the states of the rows on screen, so that
    /// the first screen shows them.
    pub fn wait_for_state(&mut self, timeout: Duration) {
        let end = std::time::Instant::now() + timeout;
        while !self.screen_states_known() {
            let left = end.saturating_duration_since(std::time::Instant::now());
            match self.triage.writer.wait(left) {
                Some(r) => {
                    self.take_reply(r);
                    self.settle();
                }
                None => break,
            }
        }
    }

    /// Whether the states of the rows on screen are known.
    fn screen_states_known(&self) -> bool {
        if matches!(self.triage.saving, Saving::Off(_)) {
            return true;
        }
        let start = self.view.list_offset;
        (start..(start + self.list_rows()).min(self.len()))
            .filter_map(|r| self.article_of(r))
            .all(|o| self.state_known(o) || !self.triage.keys.contains_key(&(o as u32)))
    }

    /// Saves what is still to be saved before the reader ends: waits up
    /// to `timeout` for the state thread. Returns whether all was saved.
    pub fn finish_writes(&mut self, timeout: Duration) -> bool {
        // A change to many articles is sent only when its keys are found
        // (and every state read): see it through first.
        let end = std::time::Instant::now() + timeout;
        while !self.triage.waiting.is_empty() || !self.triage.parked.is_empty() {
            let left = end.saturating_duration_since(std::time::Instant::now());
            match self.triage.writer.wait(left) {
                Some(r) => self.take_reply(r),
                None => return false,
            }
        }
        let left = end.saturating_duration_since(std::time::Instant::now());
        self.triage.writer.close(left)
    }

    /// Blocks until the writer has answered every change (tests).
    pub fn wait_for_writes(&mut self) {
        while self.triage.busy() {
            match self.triage.writer.wait(Duration::from_secs(30)) {
                Some(r) => self.take_reply(r),
                None => break,
            }
        }
        self.settle();
    }

    /// Takes the writer's replies; returns whether any came.
    pub(super) fn take_replies(&mut self) -> bool {
        let replies = self.triage.writer.drain();
        let any = !replies.is_empty();
        for r in replies {
            self.take_reply(r);
        }
        any
    }

    fn take_reply(&mut self, r: Reply) {
        match r {
            Reply::Ready { note } => {
                if self.triage.saving == Saving::Opening {
                    self.triage.saving = Saving::On;
                }
                if let Some(note) = note {
                    self.messages.say(note);
                }
            }
            Reply::Looked(found) => {
                let t = &mut self.triage;
                // Every state read since: these are older.
                if t.loaded {
                    return;
                }
                for (k, s) in found {
                    t.asked.remove(&k);
                    t.looked.insert(k);
                    t.set(k, s);
                }
                // What was changed meanwhile, again over what was read.
                t.replay(0);
            }
            // Read at the start on another connection, at a moment no
            // one knows: every change made so far is made again.
            Reply::Opened { states } => {
                // Read on the second connection, it may come after a
                // reread that is newer (another process wrote meanwhile).
                if self.triage.loaded && !self.triage.recovering {
                    return;
                }
                self.triage.recovering = false;
                self.take_states(states, 0);
            }
            // Read again after another process wrote, by the writer, with
            // our changes up to `upto` in it.
            Reply::Changed { states, upto } => self.take_states(states, upto),
            // Set aside and replaced by the state thread; what was saved
            // into the damaged file this session is sent again.
            Reply::Damaged(why) => {
                let t = &mut self.triage;
                t.recovering = true;
                t.loaded = false;
                t.writer.send(Request::Recover(why));
                let recent = std::mem::take(&mut t.recent);
                for (seq, op) in &recent {
                    t.send_op(*seq, op);
                }
                t.recent = recent;
            }
            // Read again on the state thread's own connection.
            Reply::Unreadable(_) => {
                self.triage.writer.send(Request::Reload);
            }
            Reply::Off(why) => {
                if let Some(why) = &why {
                    self.messages.say(format!(
                        "state is off (changes last until you quit): {}",
                        crate::text::sanitize(why)
                    ));
                }
                self.triage.saving = Saving::Off(why);
                self.unpark();
            }
            Reply::Applied { seq } => {
                let t = &mut self.triage;
                t.saved = t.saved.max(seq);
                t.forget_saved();
            }
            Reply::Keys { id, keys } => {
                if let Some(wanted) = self.triage.waiting.remove(&id) {
                    self.triage.parked.push((wanted, keys));
                    self.unpark();
                }
            }
            Reply::Failed { seq: None, why } => {
                // A lookup: those rows' states wait for the whole read.
                self.triage.asked.clear();
                self.messages.say(format!(
                    "cannot read the saved states: {}",
                    crate::text::sanitize(&why)
                ));
            }
            Reply::Failed {
                seq: Some(seq),
                why,
            } => {
                let t = &mut self.triage;
                t.saved = t.saved.max(seq);
                t.forget_saved();
                self.messages
                    .say(format!("not saved: {}", crate::text::sanitize(&why)));
            }
        }
    }

    /// Every state, read (again): our changes after `upto` made again
    /// over them; the bulk changes that waited for them made; a triage
    /// filter made from part of them made anew.
    fn take_states(&mut self, states: HashMap<Key, State>, upto: u64) {
        let t = &mut self.triage;
        t.states = Arc::new(states);
        t.loaded = true;
        t.looked.clear();
        t.asked.clear();
        t.replay(upto);
        t.forget_saved();
        self.unpark();
        if self.view.state_filter.narrows() {
            self.rebuild_view();
        }
    }

    /// Forgets the articles' keys: the corpus was replaced, and ordinals
    /// may name other articles now.
    pub(super) fn corpus_changed(&mut self) {
        self.triage.keys.clear();
    }

    /// Makes the changes to many articles whose keys are found, once
    /// every state is known.
    fn unpark(&mut self) {
        if !self.triage.knows_all() {
            return;
        }
        for (wanted, keys) in std::mem::take(&mut self.triage.parked) {
            let n = keys.len();
            let changes = self.triage.make_wanted(wanted, keys);
            self.messages
                .say(format!("{}: {}", describe(&changes), articles(n)));
        }
    }

    /// The key of article `ordinal`, made once.
    fn key_of(&mut self, ordinal: usize) -> Option<Key> {
        if let Some(k) = self.triage.keys.get(&(ordinal as u32)) {
            return Some(*k);
        }
        let key = self
            .documents
            .corpus
            .with_article(ordinal, |a| (!a.is_bad_record()).then(|| Key::of(&a)))
            .flatten()?;
        if self.triage.keys.len() >= KEYS_KEPT {
            self.triage.keys.clear();
        }
        self.triage.keys.insert(ordinal as u32, key);
        Some(key)
    }

    /// Makes the keys of the rows on screen, so that their states show;
    /// marks the article in the text pane read.
    pub(super) fn settle_triage(&mut self) {
        if let Some(say) = self.triage.say.take() {
            self.messages.say(say);
        }
        let rows = self.list_rows();
        let start = self.view.list_offset;
        let mut unknown = Vec::new();
        for row in start..(start + rows).min(self.len()) {
            if let Some(o) = self.article_of(row)
                && let Some(k) = self.key_of(o)
                && !self.triage.loaded
                && !self.triage.looked.contains(&k)
                && self.triage.asked.insert(k)
            {
                unknown.push(k);
            }
        }
        // Until every state is read, the screen's are asked for.
        if !unknown.is_empty() {
            if self.triage.saving == Saving::On {
                self.triage.writer.send(Request::Lookup(unknown));
            } else {
                // Not open yet: asked again when it is.
                for k in &unknown {
                    self.triage.asked.remove(k);
                }
            }
        }
        // Opened: the text pane has the keys, or fills the screen.
        let reading = self.screen.focus == Focus::Detail || self.screen.split.zoomed;
        if let Some(o) = self.selected_article().filter(|_| reading)
            && self.triage.opened != Some(o)
            && self.state_known(o)
        {
            self.triage.opened = Some(o);
            if let Some(key) = self.key_of(o)
                && !self.triage.states.get(&key).is_some_and(|s| s.read)
            {
                self.triage
                    .commit(Op::Change(vec![key], vec![Change::Read(true)]));
            }
        }
        if !reading {
            self.triage.opened = None;
        }
    }

    /// What `r`, `*`, `t`, `e` act on: the list after `;`, the `V` range,
    /// else the selected article.
    fn target(&mut self) -> Option<Target> {
        if std::mem::take(&mut self.triage.to_list) {
            if !self.view.done {
                self.messages
                    .say("the list is still being made: try again when it is done");
                return None;
            }
            let rows: Vec<u32> = match &self.view.rows {
                Some(rows) => rows.clone(),
                None => (0..self.documents.corpus.len() as u32).collect(),
            };
            return Some(Target::Many(rows));
        }
        if let Some(range) = self.visual_rows() {
            self.triage.visual = None;
            let rows = range.filter_map(|r| self.article_of(r)).map(|o| o as u32);
            return Some(Target::Many(rows.collect()));
        }
        self.selected_article().map(Target::One)
    }

    /// The selected article's state (default when unknown).
    pub(super) fn selected_state(&mut self) -> State {
        self.selected_article()
            .and_then(|o| self.key_of(o))
            .and_then(|k| self.triage.states.get(&k).cloned())
            .unwrap_or_default()
    }

    /// `r`: read ↔ unread. On many articles: all read when any is
    /// unread, else all unread.
    pub(super) fn toggle_read(&mut self) {
        if let Some(t) = self.target() {
            // Toggled by hand: opening it again does not undo the toggle.
            self.triage.opened = self.selected_article();
            self.change(Wanted::ToggleRead, t);
        }
    }

    /// `*`: star on or off, as `r`.
    pub(super) fn toggle_star(&mut self) {
        if let Some(t) = self.target() {
            self.change(Wanted::ToggleStar, t);
        }
    }

    /// `t` and `e`: the prompt for the tags or the note.
    pub(super) fn ask(&mut self, kind: PromptKind) {
        let Some(t) = self.target() else { return };
        let text = match kind {
            PromptKind::Note if matches!(t, Target::One(_)) => {
                self.selected_state().note.unwrap_or_default()
            }
            _ => String::new(),
        };
        self.triage.pending = Some((Wanted::Changes(Vec::new()), t));
        self.prompt.open = Some(Prompt::new(kind, &text, false));
    }

    /// Enter in the tag or note prompt.
    pub(super) fn submit_triage(&mut self, kind: PromptKind, text: &str) {
        let Some((_, target)) = self.triage.pending.take() else {
            return;
        };
        let changes = match kind {
            PromptKind::Note => vec![Change::Note(
                crate::state::store::clean_note(text).filter(|n| !n.is_empty()),
            )],
            _ => {
                let mut changes = Vec::new();
                for word in text.split_whitespace() {
                    let change = match word.strip_prefix('-') {
                        Some(name) => Change::RemoveTag(name.to_string()),
                        None => Change::AddTag(word.trim_start_matches('+').to_string()),
                    };
                    if let Err(why) = State::default().with_change(&change) {
                        self.messages.say(why);
                        return;
                    }
                    changes.push(change);
                }
                if changes.is_empty() {
                    self.messages.say("no tag given");
                    return;
                }
                changes
            }
        };
        self.change(Wanted::Changes(changes), target);
    }

    /// `y` at the question: the change waiting is made.
    pub(super) fn confirm(&mut self, yes: bool) {
        let Some((wanted, target)) = self.triage.pending.take() else {
            return;
        };
        if yes {
            self.make(wanted, target);
        } else {
            self.messages.say("nothing changed");
        }
    }

    /// Makes `changes` to `target`, asking first when it is many.
    fn change(&mut self, wanted: Wanted, target: Target) {
        let n = target.len();
        if n > CONFIRM_OVER {
            let question = format!("{} {}? (y/n)", wanted.describe(), articles(n));
            self.triage.pending = Some((wanted, target));
            self.prompt.open = Some(Prompt::new(PromptKind::Confirm, &question, false));
            return;
        }
        self.make(wanted, target);
    }

    fn make(&mut self, wanted: Wanted, target: Target) {
        let still_reading = "the saved states are still being read: a moment";
        match target {
            Target::One(o) => {
                let Some(key) = self.key_of(o) else {
                    self.messages
                        .say("this record is no article: nothing to mark");
                    return;
                };
                if !self.triage.knows(&key) {
                    self.messages.say(still_reading);
                    return;
                }
                let changes = self.triage.make_wanted(wanted, vec![key]);
                self.messages.say(describe(&changes));
            }
            Target::Many(rows) => {
                let id = self.triage.id();
                self.messages
                    .say(format!("{} {}…", wanted.describe(), articles(rows.len())));
                self.triage.waiting.insert(id, wanted);
                self.triage.writer.send(Request::Keys {
                    id,
                    corpus: Arc::clone(&self.documents.corpus),
                    ordinals: rows,
                });
            }
        }
    }

    /// `u`: the states from before the last change, back.
    pub(super) fn undo(&mut self) {
        if !self.triage.waiting.is_empty() || !self.triage.parked.is_empty() {
            self.messages
                .say("a change is still being made: undo when it is done");
            return;
        }
        let Some(before) = self.triage.undo.pop() else {
            self.messages.say("nothing to undo");
            return;
        };
        let n = before.len();
        self.triage.commit(Op::Set(before));
        self.messages.say(format!("undone: {}", articles(n)));
    }

    /// `V`: starts a range at the selection, or ends it.
    pub(super) fn toggle_visual(&mut self) {
        if self.triage.visual.take().is_none() && !self.is_empty() {
            self.triage.visual = Some(self.view.selected);
            self.messages
                .say("range: move to its end, then r * t e y or :w (V or Esc: no range)");
        }
    }

    /// `;`: the next change is for the whole list.
    pub(super) fn apply_to_list(&mut self) {
        self.triage.to_list = true;
        self.triage.visual = None;
        self.messages.say(format!(
            "; for all {}: r * t e (asks over {})",
            articles(self.len()),
            crate::input::load::thousands(CONFIRM_OVER as u64)
        ));
    }

    /// What a view job needs to apply a state filter: `None` when there is
    /// none.
    pub(super) fn state_keep(&self) -> Option<Arc<crate::search::select::KeepOwned>> {
        let filter: Filter = self.view.state_filter.clone();
        if !filter.narrows() {
            return None;
        }
        // A copy, not the map itself: a toggle while the job runs must not
        // have to copy the map (`Arc::make_mut`) on the screen's thread.
        let states: HashMap<Key, State> = (*self.triage.states).clone();
        Some(Arc::new(move |a: &crate::dump::Article<'_>| {
            !a.is_bad_record() && filter.accepts(states.get(&Key::of(a)))
        }))
    }
}

/// The state's place for the reader, as `--state`/`--no-state` and the
/// environment say.
pub fn place_of(place: Place) -> Option<std::path::PathBuf> {
    match place {
        Place::Off => None,
        Place::At(p) => Some(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Command, Effect};
    use crate::input::{Bytes, Corpus};
    use crate::state::store::Store;

    /// `n` items, each its own title, body, source and time.
    fn dump(n: usize) -> String {
        let mut s = String::from("头条新闻\n导语一段。\n");
        for i in 1..=n {
            s.push_str(&format!(
                "第{i}条消息\n第{i}条的正文内容。快讯社2024-05-01 08:30:00{i:04}"
            ));
        }
        s.push('\n');
        s
    }

    fn corpus(n: usize) -> Corpus {
        Corpus::single("t.txt".into(), Bytes::Owned(dump(n).into_bytes()))
    }

    fn reader(n: usize, db: &std::path::Path) -> App {
        let mut app = App::with_state(corpus(n), 120, 40, Some(db.to_path_buf()));
        app.wait_for_state(Duration::from_secs(10));
        app.wait_for_writes();
        assert_eq!(app.triage().saving(), &Saving::On);
        app
    }

    fn state(app: &mut App, ordinal: usize) -> State {
        let key = app.key_of(ordinal).expect("a key");
        app.triage.states.get(&key).cloned().unwrap_or_default()
    }

    fn said(app: &App) -> String {
        app.messages().current().unwrap_or("").to_string()
    }

    fn typed(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Action::Insert(c));
        }
        app.update(Command::PromptSubmit);
    }

    #[test]
    fn one_article_read_star_tag_note_and_they_last() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.db");
        let mut app = reader(5, &db);
        app.update(Command::Down);
        app.update(Command::ToggleRead);
        assert!(state(&mut app, 1).read);
        app.update(Command::ToggleStar);
        app.update(Command::TagPrompt);
        typed(&mut app, "好 待查 -没有");
        app.update(Command::NotePrompt);
        typed(&mut app, "再看一遍");
        let s = state(&mut app, 1);
        assert!(s.read && s.starred);
        assert_eq!(s.tags, ["好", "待查"]);
        assert_eq!(s.note.as_deref(), Some("再看一遍"));
        assert!(!state(&mut app, 0).read, "the others are untouched");
        app.wait_for_writes();
        drop(app);
        let mut again = reader(5, &db);
        assert_eq!(state(&mut again, 1), s, "saved, and found by content");
        // r toggles back.
        again.update(Command::Down);
        again.update(Command::ToggleRead);
        assert!(!state(&mut again, 1).read);
    }

    /// States read before a change was saved never undo it on screen: a
    /// lookup answered late, or a reread after another process wrote.
    #[test]
    fn stale_replies_do_not_undo_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reader(5, &dir.path().join("s.db"));
        app.update(Command::Down);
        app.update(Command::ToggleStar);
        let key = app.key_of(1).unwrap();
        let seq = app.triage.seq;
        // A lookup from before the star, arriving after every state was read.
        app.take_reply(Reply::Looked(vec![(key, State::default())]));
        assert!(state(&mut app, 1).starred);
        // A reread that the star had not reached yet.
        app.take_reply(Reply::Changed {
            states: HashMap::new(),
            upto: seq - 1,
        });
        assert!(state(&mut app, 1).starred, "made again over the reread");
        app.wait_for_writes();
        // Saved, and reread with it: nothing to make again.
        let mut stored = HashMap::new();
        stored.insert(key, state(&mut app, 1));
        app.take_reply(Reply::Changed {
            states: stored,
            upto: seq,
        });
        assert!(state(&mut app, 1).starred);
        assert!(app.triage.recent.is_empty(), "saved changes are forgotten");
    }

    /// A quit right after a change to many articles waits for their keys
    /// to be found and the change saved.
    #[test]
    fn a_bulk_change_then_quit_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        let mut app = reader(50, &db);
        app.update(Command::ApplyToList);
        app.update(Command::ToggleStar);
        assert!(app.finish_writes(Duration::from_secs(10)));
        drop(app);
        let stored = Store::open(&db).unwrap().store.load_all().unwrap();
        assert_eq!(stored.len(), 51);
        assert!(stored.values().all(|s| s.starred));
    }

    /// Every state read on the second connection can come after a reread
    /// the state thread made since (another process wrote): the older one
    /// is dropped.
    #[test]
    fn a_late_first_read_does_not_replace_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reader(5, &dir.path().join("s.db"));
        app.update(Command::ToggleStar);
        app.wait_for_writes();
        let key = app.key_of(0).unwrap();
        let seq = app.triage.seq;
        let mut newer = HashMap::new();
        newer.insert(key, state(&mut app, 0));
        app.take_reply(Reply::Changed {
            states: newer,
            upto: seq,
        });
        app.take_reply(Reply::Opened {
            states: HashMap::new(),
        });
        assert!(state(&mut app, 0).starred);
    }

    #[test]
    fn the_whole_list_then_undo() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reader(20, &dir.path().join("s.db"));
        app.update(Command::ApplyToList);
        app.update(Command::ToggleRead);
        app.wait_for_writes();
        assert_eq!(said(&app), "marked read: 21 articles");
        assert!((0..21).all(|o| state(&mut app, o).read));
        // All read: the same keys again make them unread.
        app.update(Command::ApplyToList);
        app.update(Command::ToggleRead);
        app.wait_for_writes();
        assert!((0..21).all(|o| !state(&mut app, o).read));
        app.update(Command::Undo);
        assert!((0..21).all(|o| state(&mut app, o).read), "{}", said(&app));
        app.update(Command::Undo);
        assert!((0..21).all(|o| !state(&mut app, o).read));
        app.update(Command::Undo);
        assert_eq!(said(&app), "nothing to undo");
        // Another key after `;` forgets it.
        app.update(Command::ApplyToList);
        app.update(Command::Down);
        app.update(Command::ToggleStar);
        app.wait_for_writes();
        assert!(state(&mut app, 1).starred && !state(&mut app, 2).starred);
    }

    #[test]
    fn a_range_is_starred_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reader(10, &dir.path().join("s.db"));
        app.update(Command::Down);
        app.update(Command::Down);
        app.update(Command::ToggleStar);
        app.update(Command::Up);
        app.update(Command::Up);
        app.update(Command::Visual);
        app.update(Command::Down);
        app.update(Command::Down);
        app.update(Command::Down);
        assert_eq!(app.visual_rows(), Some(0..=3));
        app.update(Command::ToggleStar);
        assert_eq!(app.visual_rows(), None, "the range ends with its change");
        app.wait_for_writes();
        // One of them was starred: any unstarred means all get the star.
        assert!((0..4).all(|o| state(&mut app, o).starred));
        assert!(!state(&mut app, 4).starred);
        // Esc drops a range.
        app.update(Command::Visual);
        app.update(Command::Back);
        assert_eq!(app.visual_rows(), None);
    }

    #[test]
    fn more_than_a_thousand_asks_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reader(1200, &dir.path().join("s.db"));
        app.update(Command::ApplyToList);
        app.update(Command::TagPrompt);
        typed(&mut app, "批量");
        let p = app.prompt().expect("a question");
        assert_eq!(p.kind(), PromptKind::Confirm);
        assert!(p.text().contains("1,201 articles"), "{}", p.text());
        app.update(Action::Insert('n'));
        assert_eq!(said(&app), "nothing changed");
        app.wait_for_writes();
        assert!(state(&mut app, 5).tags.is_empty());
        app.update(Command::ApplyToList);
        app.update(Command::TagPrompt);
        typed(&mut app, "批量");
        app.update(Action::Insert('y'));
        app.wait_for_writes();
        assert_eq!(said(&app), "tagged 批量: 1,201 articles");
        assert_eq!(state(&mut app, 1000).tags, ["批量"]);
    }

    #[test]
    fn opening_the_text_marks_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reader(5, &dir.path().join("s.db"));
        app.update(Command::Down);
        assert!(!state(&mut app, 1).read, "selected in the list is not read");
        app.update(Command::ToggleFocus);
        assert!(state(&mut app, 1).read);
        // Marked unread by hand while reading: it stays unread.
        app.update(Command::ToggleRead);
        app.update(Command::ScrollDetailDown);
        assert!(!state(&mut app, 1).read);
        app.update(Command::FocusList);
        app.update(Command::Down);
        app.update(Command::Open);
        assert!(state(&mut app, 2).read);
        // Opening is no change to undo.
        app.update(Command::Undo);
        assert!(state(&mut app, 2).read);
    }

    #[test]
    fn state_filters_by_key_and_command() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reader(6, &dir.path().join("s.db"));
        for _ in 0..3 {
            app.update(Command::ToggleRead);
            app.update(Command::Down);
        }
        app.update(Command::ToggleStar);
        app.update(Command::OnlyUnread);
        app.wait_for_jobs();
        assert_eq!(app.len(), 4, "{}", said(&app));
        app.update(Command::OnlyStarred);
        app.wait_for_jobs();
        assert_eq!(app.len(), 1);
        app.update(Command::CommandPrompt);
        typed(&mut app, "clear tag 无");
        app.wait_for_jobs();
        assert_eq!(app.len(), 0);
        assert!(!app.view().state_filter().unread);
        app.update(Command::CommandPrompt);
        typed(&mut app, "tag - starred source 快讯社");
        app.wait_for_jobs();
        assert_eq!(app.len(), 1);
        assert_eq!(app.view().filters().source.as_deref(), Some("快讯社"));
        app.update(Command::CommandPrompt);
        typed(&mut app, "-starred untagged");
        app.wait_for_jobs();
        assert_eq!(app.len(), 6, "the lead has no source");
        app.update(Command::CommandPrompt);
        typed(&mut app, &format!("tag {}", "长".repeat(500)));
        assert!(
            app.view().state_filter().untagged,
            "a bad tag changes nothing"
        );
    }

    #[test]
    fn a_state_that_cannot_be_saved_is_kept_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        // A directory where a file is: nothing can be made under it.
        let mut app = App::with_state(corpus(3), 120, 40, Some(file.join("state.db")));
        app.wait_for_state(Duration::from_secs(10));
        assert!(matches!(app.triage().saving(), Saving::Off(Some(_))));
        assert!(said(&app).starts_with("state is off"), "{}", said(&app));
        app.update(Command::ToggleStar);
        app.wait_for_writes();
        assert!(state(&mut app, 0).starred);
    }

    /// A damaged database is found on the reader's second connection
    /// (its integrity check is off the first screen's path), set aside,
    /// and a fresh one made that takes the changes.
    #[test]
    fn a_damaged_database_is_set_aside_by_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("state.db");
        {
            let mut store = Store::open(&db).unwrap().store;
            let keys: Vec<Key> = (0..3000u32)
                .map(|i| {
                    let mut k = [0u8; 16];
                    k[..4].copy_from_slice(&i.to_be_bytes());
                    Key(k)
                })
                .collect();
            store.apply(&Change::AddTag("t".into()), &keys).unwrap();
        }
        let mut bytes = std::fs::read(&db).unwrap();
        bytes[4096..2 * 4096].fill(0x5A);
        std::fs::write(&db, &bytes).unwrap();
        let mut app = App::with_state(corpus(3), 120, 40, Some(db.clone()));
        app.wait_for_state(Duration::from_secs(10));
        app.wait_for_writes();
        let log: Vec<String> = app.messages().log().iter().map(|m| m.to_string()).collect();
        assert!(
            log.iter()
                .any(|m| m.contains("was damaged") && m.contains("corrupt-")),
            "{log:?}"
        );
        assert_eq!(app.triage().saving(), &Saving::On);
        app.update(Command::ToggleStar);
        app.wait_for_writes();
        drop(app);
        let again = Store::open(&db).unwrap();
        assert_eq!(again.note, None, "the new file is whole");
        assert_eq!(again.store.load_all().unwrap().len(), 1);
    }

    #[test]
    fn copy_open_and_links() {
        let text =
            "头条\n正文 https://example.com/a 与 javascript:alert(1)\nhttps://example.com/b\n";
        let c = Corpus::single("t.txt".into(), Bytes::Owned(text.as_bytes().to_vec()));
        let mut app = App::new(c, 120, 40);
        app.update(Command::CopyArticle);
        match app.take_effect() {
            Some(Effect::Copy(t)) => assert!(t.starts_with("头条\n"), "{t}"),
            other => panic!("{other:?}"),
        }
        // The link line is [1] (as the text numbers it), the link inside
        // the paragraph [2]; the `javascript:` is no link at all.
        app.update(Action::Digit(2));
        app.update(Command::OpenUrl);
        assert_eq!(
            app.take_effect(),
            Some(Effect::Open("https://example.com/a".into()))
        );
        app.update(Action::Digit(3));
        app.update(Command::CopyUrl);
        assert_eq!(app.take_effect(), None);
        assert_eq!(said(&app), "no link [3]: the article has 2");
        app.update(Command::CopyUrl);
        assert_eq!(
            app.take_effect(),
            Some(Effect::Copy("https://example.com/b".into()))
        );
    }

    #[test]
    fn write_the_list_to_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = reader(4, &dir.path().join("s.db"));
        app.update(Command::Down);
        app.update(Command::ToggleStar);
        let out = dir.path().join("out.jsonl");
        app.update(Command::CommandPrompt);
        typed(&mut app, &format!("w {}", out.display()));
        app.wait_for_jobs();
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.lines().count(), 5);
        let second: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
        assert_eq!(second["starred"], true);
        // It exists now: w! replaces it.
        app.update(Command::CommandPrompt);
        typed(&mut app, &format!("w {}", out.display()));
        assert!(said(&app).contains("exists"), "{}", said(&app));
        app.update(Command::Visual);
        app.update(Command::Down);
        let md = dir.path().join("two.md");
        app.update(Command::CommandPrompt);
        typed(&mut app, &format!("w {}", md.display()));
        app.wait_for_jobs();
        let md = std::fs::read_to_string(&md).unwrap();
        assert_eq!(md.matches("\n## ").count() + 1, 2, "{md}");
    }
}
