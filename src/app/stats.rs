//! The statistics screen (`%`, `:stats`): what the scrape holds, as
//! charts: articles a day, top sources, duplicates and quality flags,
//! lengths, articles a file. Each panel is a list of bars; Enter on a bar
//! filters the list to it (a day, a source, a flag, a file). The counts
//! come from a background job ([`crate::overview`]) and the analysis.

use std::sync::Arc;

use jiff::civil::Date;
use ratatui::layout::Rect;

use super::jobs::Message;
use super::{Action, App, Command, Focus, Overlay};
use crate::overview::{LENGTH_LABELS, Overview, day_buckets, days_between};
use crate::quality::{Flag, Flags};

/// The slot of the counting job.
pub(super) const SLOT: &str = "overview";

/// The panels, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// Articles a day (a column chart on a time axis).
    Days,
    /// The most frequent sources.
    Sources,
    /// Duplicates and each quality flag.
    Scrape,
    /// Body lengths.
    Lengths,
    /// Articles a file (only with many files).
    Files,
}

impl Panel {
    /// Every panel, in Tab's order.
    pub const ALL: [Panel; 5] = [
        Panel::Days,
        Panel::Sources,
        Panel::Scrape,
        Panel::Lengths,
        Panel::Files,
    ];

    /// The panel's title.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Days => "articles a day",
            Panel::Sources => "sources",
            Panel::Scrape => "duplicates and flags",
            Panel::Lengths => "length (characters)",
            Panel::Files => "files",
        }
    }

    fn index(self) -> usize {
        Panel::ALL.iter().position(|&p| p == self).unwrap_or(0)
    }
}

/// What Enter on a bar does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drill {
    /// Only articles of these days (first, last).
    Days(Date, Date),
    /// Only articles of this source.
    Source(String),
    /// Only articles in duplicate groups.
    Dups,
    /// Only articles with this flag.
    Flag(Flag),
    /// Only articles of this file.
    File(String),
}

/// One bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// What it counts (a day, a source, …), sanitised.
    pub label: String,
    /// How many.
    pub count: u64,
    /// The filter it stands for, if any.
    pub drill: Option<Drill>,
}

/// The screen's state: the panel with the focus and each panel's
/// selected bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatsScreen {
    /// Index into [`Panel::ALL`].
    pub(super) panel: usize,
    /// The selected bar of each panel.
    pub(super) selected: [usize; 5],
}

impl StatsScreen {
    /// The panel with the focus.
    pub fn panel(&self) -> Panel {
        Panel::ALL[self.panel.min(Panel::ALL.len() - 1)]
    }

    /// The selected bar of `panel`.
    pub fn selected(&self, panel: Panel) -> usize {
        self.selected[panel.index()]
    }
}

/// The counts, the job making them, and the screen.
#[derive(Debug, Default)]
pub struct Stats {
    pub(super) overview: Option<Arc<Overview>>,
    pub(super) made_for: usize,
    pub(super) job: Option<(u64, usize)>,
    pub(super) screen: StatsScreen,
}

/// Where the panels go on a screen of `area` (the status bar excluded):
/// the day chart across the top, the others in a grid below, as many
/// columns as 40 columns each allow.
pub fn stats_layout(area: Rect, panels: &[Panel]) -> Vec<(Panel, Rect)> {
    let mut out = Vec::new();
    if area.width == 0 || area.height < 4 {
        return out;
    }
    let rest: Vec<Panel> = panels
        .iter()
        .copied()
        .filter(|&p| p != Panel::Days)
        .collect();
    let days_h = if rest.is_empty() {
        area.height
    } else {
        (area.height * 2 / 5).clamp(4.min(area.height), 14)
    };
    out.push((Panel::Days, Rect::new(area.x, area.y, area.width, days_h)));
    if rest.is_empty() {
        return out;
    }
    let below = Rect::new(
        area.x,
        area.y + days_h,
        area.width,
        area.height.saturating_sub(days_h),
    );
    let cols = usize::from((below.width / 40).max(1)).min(rest.len());
    let rows = rest.len().div_ceil(cols);
    let h = below.height / rows as u16;
    for (k, &p) in rest.iter().enumerate() {
        let (r, c) = ((k / cols) as u16, (k % cols) as u16);
        // The last column and row take what the division leaves.
        let in_row = if r as usize == rows - 1 {
            rest.len() - (rows - 1) * cols
        } else {
            cols
        } as u16;
        let w = below.width / in_row;
        let x = below.x + c * w;
        let width = if c == in_row - 1 {
            below.right() - x
        } else {
            w
        };
        let y = below.y + r * h;
        let height = if r as usize == rows - 1 {
            below.bottom() - y
        } else {
            h
        };
        out.push((p, Rect::new(x, y, width, height)));
    }
    out
}

/// The day chart's bars for a chart `columns` wide (inside its border):
/// a day a bar while the days fit, else as many days a bar as it takes.
pub fn day_bars(o: &Overview, columns: u16) -> Vec<Bar> {
    let (Some(first), Some(last)) = (o.days.first(), o.days.last()) else {
        return Vec::new();
    };
    let span = days_between(first.0, last.0) as usize + 1;
    let per = span.div_ceil(usize::from(columns.max(1)));
    day_buckets(&o.days, per)
        .into_iter()
        .map(|(a, b, n)| Bar {
            label: if a == b {
                a.to_string()
            } else {
                format!("{a} – {b}")
            },
            count: n,
            drill: Some(Drill::Days(a, b)),
        })
        .collect()
}

impl App {
    /// The counts, once made for the corpus shown.
    pub fn overview(&self) -> Option<&Overview> {
        let o = self.stats.overview.as_deref()?;
        (self.stats.made_for == self.corpus_key()).then_some(o)
    }

    /// The statistics screen's state.
    pub fn stats_screen(&self) -> &StatsScreen {
        &self.stats.screen
    }

    /// How far the counting has come, in per cent, while it runs.
    pub fn overview_percent(&self) -> Option<u64> {
        self.stats.job?;
        self.jobs.progress(SLOT).map(|p| p / 10)
    }

    /// The panels shown: files only with many files.
    pub fn stats_panels(&self) -> Vec<Panel> {
        Panel::ALL
            .into_iter()
            .filter(|&p| p != Panel::Files || self.corpus().is_multi())
            .collect()
    }

    /// Where the panels are on the screen now.
    pub fn stats_areas(&self) -> Vec<(Panel, Rect)> {
        let a = self.screen.area;
        let area = Rect::new(a.x, a.y, a.width, a.height.saturating_sub(1));
        stats_layout(area, &self.stats_panels())
    }

    /// The bars of `panel` for the screen as it is.
    pub fn stats_bars(&self, panel: Panel) -> Vec<Bar> {
        let Some(o) = self.overview() else {
            return Vec::new();
        };
        let sane = |s: &str| crate::text::sanitize(s).into_owned();
        match panel {
            Panel::Days => {
                let w = self
                    .stats_areas()
                    .iter()
                    .find(|(p, _)| *p == Panel::Days)
                    .map_or(1, |(_, r)| r.width.saturating_sub(2));
                day_bars(o, w)
            }
            Panel::Sources => o
                .sources
                .iter()
                .map(|(s, n)| Bar {
                    label: sane(s),
                    count: u64::from(*n),
                    drill: Some(Drill::Source(s.clone())),
                })
                .collect(),
            Panel::Scrape => {
                let Some(a) = self.analysis() else {
                    return Vec::new();
                };
                let mut bars = vec![Bar {
                    label: "duplicated".into(),
                    count: a.groups.articles_in_groups() as u64,
                    drill: Some(Drill::Dups),
                }];
                bars.push(Bar {
                    label: "copies".into(),
                    count: (a.groups.articles_in_groups() - a.groups.groups()) as u64,
                    drill: None,
                });
                bars.extend(Flag::ALL.iter().map(|&f| Bar {
                    label: f.name().into(),
                    count: a.counts.get(f) as u64,
                    drill: Some(Drill::Flag(f)),
                }));
                bars
            }
            Panel::Lengths => LENGTH_LABELS
                .iter()
                .zip(o.lengths)
                .map(|(l, n)| Bar {
                    label: (*l).into(),
                    count: u64::from(n),
                    drill: None,
                })
                .collect(),
            Panel::Files => o
                .files
                .iter()
                .map(|(f, n)| Bar {
                    label: sane(f),
                    count: u64::from(*n),
                    drill: Some(Drill::File(f.clone())),
                })
                .collect(),
        }
    }

    fn corpus_key(&self) -> usize {
        Arc::as_ptr(&self.documents.corpus) as usize
    }

    /// `%` or `:stats`: the statistics screen, its counts started when
    /// there are none for this corpus.
    pub(super) fn open_stats(&mut self) {
        self.overlay = Some(Overlay::Stats);
        self.start_overview();
    }

    /// Starts counting when the corpus is whole and has no counts yet.
    pub(super) fn start_overview(&mut self) {
        let id = self.corpus_key();
        let whole = self.documents.loading.is_none()
            && !self.documents.reloading()
            && !self.documents.corpus.streaming();
        let have = self.stats.made_for == id && self.stats.overview.is_some();
        let running = self.stats.job.is_some_and(|(_, c)| c == id);
        if !whole || have || running || self.overlay != Some(Overlay::Stats) {
            return;
        }
        let corpus = Arc::clone(&self.documents.corpus);
        let job = self.jobs.spawn(SLOT, move |ctx| {
            if let Some(o) =
                crate::overview::overview(&corpus, ctx.cancel(), &|d, t| ctx.progress(d, t))
            {
                ctx.send(Message::Counted {
                    job: ctx.job(),
                    overview: Box::new(o),
                });
            }
        });
        self.stats.job = Some((job, id));
    }

    /// The counting job's result.
    pub(super) fn take_overview(&mut self, job: u64, overview: Overview) {
        let Some((j, corpus)) = self.stats.job else {
            return;
        };
        if j != job {
            return;
        }
        self.jobs.finished(job);
        self.stats.job = None;
        self.stats.overview = Some(Arc::new(overview));
        self.stats.made_for = corpus;
    }

    /// Keys on the statistics screen: move between bars and panels, Enter
    /// filters, Esc, `q` or `%` closes. Returns false for what the reader
    /// must still do (resize, quit from anywhere, suspend).
    pub(super) fn update_stats(&mut self, action: Action, n: usize) -> bool {
        let panels = self.stats_panels();
        let s = &mut self.stats.screen;
        if !panels.contains(&s.panel()) {
            s.panel = 0;
        }
        let panel = s.panel();
        let len = self.stats_bars(panel).len();
        let s = &mut self.stats.screen;
        let at = s.selected[panel.index()].min(len.saturating_sub(1));
        let to = |at: usize| at.min(len.saturating_sub(1));
        let moved = match action {
            Action::Command(Command::Down | Command::FocusDetail | Command::ScrollDetailDown) => {
                to(at.saturating_add(n))
            }
            Action::Command(Command::Up | Command::FocusList | Command::ScrollDetailUp) => {
                at.saturating_sub(n)
            }
            Action::Command(Command::PageDown | Command::HalfPageDown) => to(at + 10 * n),
            Action::Command(Command::PageUp | Command::HalfPageUp) => at.saturating_sub(10 * n),
            Action::Command(Command::First) => 0,
            Action::Command(Command::Last) => to(usize::MAX),
            Action::Command(Command::ToggleFocus) => {
                let k = panels.iter().position(|&p| p == panel).unwrap_or(0);
                s.panel = panels[(k + 1) % panels.len()].index();
                return true;
            }
            Action::Command(Command::Open) => {
                self.drill(panel, at);
                return true;
            }
            Action::Command(Command::Back | Command::Quit | Command::Stats) => {
                self.overlay = None;
                return true;
            }
            Action::Resize(..)
            | Action::Digit(_)
            | Action::Command(Command::ForceQuit | Command::Suspend) => return false,
            _ => return true,
        };
        s.selected[panel.index()] = moved;
        true
    }

    /// Enter on bar `at` of `panel`: the list filtered to it.
    fn drill(&mut self, panel: Panel, at: usize) {
        let Some(bar) = self.stats_bars(panel).into_iter().nth(at) else {
            return;
        };
        let Some(drill) = bar.drill else {
            self.messages.say(match panel {
                Panel::Lengths => "no filter by length: s sorts the list by length",
                _ => "this bar filters nothing",
            });
            return;
        };
        match drill {
            Drill::Days(a, b) => {
                self.view.filters.since = Some(a.to_string());
                self.view.filters.until = Some(b.to_string());
            }
            Drill::Source(s) => self.view.filters.source = Some(s),
            Drill::Dups => self.view.scrape_filter.dups = true,
            Drill::Flag(f) => {
                let mut flags = Flags::default();
                flags.insert(f);
                self.view.scrape_filter.flags = flags;
            }
            Drill::File(name) => self.view.filters.file = Some(exact_file_glob(&name)),
        }
        self.overlay = None;
        self.screen.zoom(false);
        self.screen.focus = Focus::List;
        self.say_filters();
        self.rebuild_view();
    }
}

/// A `:file` pattern that matches the file named `name` only.
fn exact_file_glob(name: &str) -> String {
    let escaped = globset::escape(name);
    if name.contains(',') {
        // A comma would split the braces' alternatives.
        escaped
    } else {
        format!("{{{escaped}}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_tile_the_screen() {
        for (w, h) in [(80u16, 23u16), (160, 47), (120, 39), (20, 4)] {
            let area = Rect::new(0, 0, w, h);
            let placed = stats_layout(area, &Panel::ALL);
            assert_eq!(placed.len(), 5);
            let cells: u32 = placed.iter().map(|(_, r)| r.area()).sum();
            assert_eq!(cells, area.area(), "{w}x{h}: {placed:?}");
            for (i, (_, a)) in placed.iter().enumerate() {
                assert!(a.is_empty() || area.contains(a.as_position()), "{w}x{h}");
                for (_, b) in &placed[i + 1..] {
                    assert!(!a.intersects(*b), "{w}x{h}: {a:?} and {b:?}");
                }
            }
        }
    }

    #[test]
    fn day_bars_fit_their_chart() {
        let d = |m: i8, day: i8| Date::new(2024, m, day).unwrap();
        let o = Overview {
            days: vec![(d(1, 1), 4), (d(3, 31), 2)],
            ..Overview::default()
        };
        let bars = day_bars(&o, 30);
        assert!(bars.len() <= 30 && bars.len() >= 15, "{}", bars.len());
        assert_eq!(bars.iter().map(|b| b.count).sum::<u64>(), 6);
        assert_eq!(bars[0].drill, Some(Drill::Days(d(1, 1), d(1, 4))));
        let wide = day_bars(&o, 200);
        assert_eq!(wide.len(), 91, "a day a bar: Jan 1 to Mar 31");
        assert_eq!(wide[0].label, "2024-01-01");
    }

    #[test]
    fn a_file_pattern_matches_that_file_only() {
        let m = |p: &str, f: &str| crate::search::select::file_glob(p).unwrap().is_match(f);
        assert!(m(&exact_file_glob("a.txt"), "a.txt"));
        assert!(!m(&exact_file_glob("a.txt"), "data.txt"));
        assert!(m(&exact_file_glob("x/[1]*.txt"), "x/[1]*.txt"));
        assert!(!m(&exact_file_glob("x/[1]*.txt"), "x/1a.txt"));
    }
}
