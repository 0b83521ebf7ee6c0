//! What differs between two copies (`d`): a character diff of their
//! titles and bodies (the `similar` crate), shown as one text with the
//! removed and the added runs marked, unchanged lines far from a change
//! folded away. `}` and `{` walk the group; the diff follows.

use similar::{ChangeTag, TextDiff};

use super::{App, Overlay};
use crate::text::{columns, sanitize_text};

/// How long a diff may take before `similar` settles for a coarser one:
/// a 10 MB copy must not freeze the screen.
const DIFF_TIME: std::time::Duration = std::time::Duration::from_millis(300);

/// Unchanged lines kept around a change.
const CONTEXT: usize = 1;

/// What a run of text is in the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In both.
    Same,
    /// Only in the first (the copy repeated).
    Removed,
    /// Only in the second (the article shown).
    Added,
    /// A note of the diff's own: folded lines, the header.
    Note,
}

/// A line of the diff: runs of text, each what it is.
pub type DiffLine = Vec<(String, Change)>;

/// The diff on screen: which two articles, and its lines.
#[derive(Debug, Clone)]
pub struct DiffView {
    /// The earlier copy (ordinal).
    pub from: u32,
    /// The article the diff was asked for (ordinal).
    pub to: u32,
    /// The lines, unchanged stretches folded.
    pub lines: Vec<DiffLine>,
    /// Changed runs.
    pub changes: usize,
}

/// The diff of `old` and `new`, line by line, with the changed runs
/// marked and stretches of unchanged lines folded to a note.
pub fn diff_lines(old: &str, new: &str) -> (Vec<DiffLine>, usize) {
    let diff = TextDiff::configure()
        .timeout(DIFF_TIME)
        .diff_chars(old, new);
    let mut lines: Vec<DiffLine> = vec![Vec::new()];
    let mut changes = 0;
    let mut last = ChangeTag::Equal;
    for c in diff.iter_all_changes() {
        let kind = match c.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Delete => Change::Removed,
            ChangeTag::Insert => Change::Added,
        };
        // A run removed and one added in its place are one change.
        if c.tag() != ChangeTag::Equal && last == ChangeTag::Equal {
            changes += 1;
        }
        last = c.tag();
        let v = c.value();
        if v == "\n" {
            // A removed or added line break is shown as a mark, and the
            // lines go on as the new text has them.
            if kind != Change::Same {
                push(lines.last_mut().expect("a line"), "↵", kind);
            }
            if kind != Change::Removed {
                lines.push(Vec::new());
            }
            continue;
        }
        push(lines.last_mut().expect("a line"), v, kind);
    }
    if changes == 0 {
        // Nothing to fold around: the text is shown whole, under a note.
        let mut whole = vec![vec![("the same title and body".to_string(), Change::Note)]];
        whole.extend(lines);
        return (whole, 0);
    }
    (fold(lines), changes)
}

fn push(line: &mut DiffLine, v: &str, kind: Change) {
    // Text from the dump: no control reaches the screen.
    let v = &*sanitize_text(v);
    match line.last_mut() {
        Some((text, k)) if *k == kind => text.push_str(v),
        _ => line.push((v.to_string(), kind)),
    }
}

/// Unchanged lines more than [`CONTEXT`] away from a change become one
/// note saying how many.
fn fold(lines: Vec<DiffLine>) -> Vec<DiffLine> {
    let changed: Vec<bool> = lines
        .iter()
        .map(|l| l.iter().any(|(_, k)| *k != Change::Same))
        .collect();
    let near = |i: usize| {
        let lo = i.saturating_sub(CONTEXT);
        let hi = (i + CONTEXT + 1).min(changed.len());
        changed[lo..hi].iter().any(|&c| c)
    };
    let mut out = Vec::new();
    let mut folded = 0;
    for (i, line) in lines.into_iter().enumerate() {
        if near(i) {
            if folded > 0 {
                out.push(folded_note(folded));
                folded = 0;
            }
            out.push(line);
        } else {
            folded += 1;
        }
    }
    if folded > 0 {
        out.push(folded_note(folded));
    }
    out
}

fn folded_note(n: usize) -> DiffLine {
    let s = if n == 1 { "" } else { "s" };
    vec![(format!("··· {n} line{s} the same ···"), Change::Note)]
}

/// The rows of `lines` wrapped at `width` columns, by character (a diff
/// marks single characters: no line breaking rules between them).
pub fn diff_rows(lines: &[DiffLine], width: usize) -> Vec<DiffLine> {
    let width = width.max(2);
    let mut rows = Vec::new();
    for line in lines {
        let mut row: DiffLine = Vec::new();
        let mut used = 0;
        for (text, kind) in line {
            for ch in text.chars() {
                let w = columns(ch.encode_utf8(&mut [0; 4]));
                if used + w > width && used > 0 {
                    rows.push(std::mem::take(&mut row));
                    used = 0;
                }
                push(&mut row, ch.encode_utf8(&mut [0; 4]), *kind);
                used += w;
            }
        }
        rows.push(row);
    }
    rows
}

impl App {
    /// The diff on screen, if any.
    pub fn diff_view(&self) -> Option<&DiffView> {
        self.scrape.diff.as_ref()
    }

    /// `d`: the selected article against the copy it repeats (the group's
    /// first), or the first against the group's next.
    pub(super) fn open_diff(&mut self) {
        let Some(o) = self.selected_article() else {
            return;
        };
        let Some(a) = self.analysis() else {
            self.messages.say(match self.analysis_percent() {
                Some(p) => format!("still looking for duplicates ({p}%)"),
                None => "still looking for duplicates".into(),
            });
            return;
        };
        let Some(g) = a.groups.group_of(o as u32) else {
            self.messages.say("no duplicate of this article");
            return;
        };
        let members = a.groups.members(g);
        let (from, to) = match a.groups.dup_of(o as u32) {
            Some(first) if first != o as u32 => (first, o as u32),
            _ => match members.iter().find(|&&m| m != o as u32) {
                Some(&next) => (o as u32, next),
                None => return,
            },
        };
        self.show_diff(from, to);
    }

    /// Makes the diff of `from` and `to` and shows it.
    pub(super) fn show_diff(&mut self, from: u32, to: u32) {
        let corpus = &self.documents.corpus;
        let text = |o: u32| {
            corpus.with_article(o as usize, |a| {
                let (title, _) = a.display_title();
                format!("{title}\n{}", a.body())
            })
        };
        let (Some(old), Some(new)) = (text(from), text(to)) else {
            self.messages
                .say("the article's file cannot be read any more");
            return;
        };
        let (lines, changes) = diff_lines(&old, &new);
        self.scrape.diff = Some(DiffView {
            from,
            to,
            lines,
            changes,
        });
        self.overlay = Some(Overlay::Diff { scroll: 0 });
    }

    /// The box the diff is drawn in and its rows at that box's width.
    pub fn diff_placed(&self) -> Option<(ratatui::layout::Rect, Vec<DiffLine>)> {
        let view = self.diff_view()?;
        let a = self.screen.area;
        let area = ratatui::layout::Rect::new(a.x, a.y, a.width, a.height.saturating_sub(1));
        // Inside the border, a column of margin on each side.
        let width = usize::from(area.width.saturating_sub(4));
        Some((area, diff_rows(&view.lines, width)))
    }

    /// `}` and `{`: the next (or previous) article of the selected one's
    /// group, `n` steps on, round the group. With a diff open, the diff
    /// follows (from the group's first to the article reached).
    pub(super) fn jump_copy(&mut self, forward: bool, n: usize) {
        let Some(o) = self.selected_article() else {
            return;
        };
        let Some(a) = self.analysis() else {
            self.messages.say("still looking for duplicates");
            return;
        };
        let Some(g) = a.groups.group_of(o as u32) else {
            self.messages.say("no duplicate of this article");
            return;
        };
        let members = a.groups.members(g).to_vec();
        let k = members.iter().position(|&m| m == o as u32).unwrap_or(0);
        let len = members.len();
        let step = n % len;
        let to = if forward {
            (k + step) % len
        } else {
            (k + len - step) % len
        };
        let target = members[to];
        let first = members[0];
        let Some(row) = self.row_of(target as usize) else {
            self.messages.say(format!(
                "article {} is not in the list ({}): D or :clear shows it",
                target + 1,
                self.view_narrowing()
            ));
            return;
        };
        self.select(row);
        self.messages
            .say(format!("copy {} of {len}: article {}", to + 1, target + 1));
        if matches!(self.overlay, Some(Overlay::Diff { .. })) {
            if target == first {
                let next = members.get(1).copied().unwrap_or(first);
                self.show_diff(first, next);
            } else {
                self.show_diff(first, target);
            }
        }
    }

    /// What hides articles from the list now, in words.
    fn view_narrowing(&self) -> String {
        let d = self.filters_described();
        if d.is_empty() { "filtered".into() } else { d }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &DiffLine, kind: Change) -> String {
        line.iter()
            .filter(|(_, k)| *k == kind)
            .map(|(t, _)| t.as_str())
            .collect()
    }

    #[test]
    fn marks_the_changed_characters_only() {
        let old = "标题\n研发团队重新设计了注意力机制。\n其余不变。";
        let new = "标题\n研发团队改写了注意力机制。\n其余不变。";
        let (lines, changes) = diff_lines(old, new);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(text(&lines[1], Change::Removed), "重新设计");
        assert_eq!(text(&lines[1], Change::Added), "改写");
        assert_eq!(text(&lines[1], Change::Same), "研发团队了注意力机制。");
        assert_eq!(changes, 1, "one replaced run");
    }

    #[test]
    fn folds_unchanged_lines_far_from_a_change() {
        let body: Vec<String> = (0..20).map(|i| format!("第{i}段没有改动。")).collect();
        let old = body.join("\n");
        let mut changed = body.clone();
        changed[10] = "第10段改了一个字。".into();
        let (lines, _) = diff_lines(&old, &changed.join("\n"));
        // 9 folded, line 9, the change, line 11, 8 folded.
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert_eq!(lines[0], folded_note(9));
        assert_eq!(lines[4], folded_note(8));
        let (same, n) = diff_lines(&old, &old);
        assert_eq!(n, 0);
        assert_eq!(same.len(), 21, "the note, then every line");
        assert!(
            same[1..]
                .iter()
                .all(|l| l.iter().all(|(_, k)| *k == Change::Same))
        );
    }

    #[test]
    fn rows_never_pass_the_width() {
        let (lines, _) = diff_lines("一二三四五六七八九十", "一二三四五六七八九十甲乙丙丁");
        for w in 2..12 {
            for row in diff_rows(&lines, w) {
                let cols: usize = row.iter().map(|(t, _)| columns(t)).sum();
                assert!(cols <= w, "{cols} > {w}: {row:?}");
            }
        }
        let all: String = diff_rows(&lines, 5)
            .iter()
            .flatten()
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(all, "一二三四五六七八九十甲乙丙丁");
    }
}
