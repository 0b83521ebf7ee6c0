//! What the scrape holds, in the reader (issue 15): once the dump is read,
//! a background job groups its duplicates and flags its articles
//! (`analysis`); the list then shows `×N` on rows with copies, `D`
//! collapses each group to its first member, `:dups`, `:dedup` and `:flag
//! NAME` filter, and `=` lists the selected article's group.

use std::sync::Arc;

use super::App;
use super::jobs::Message;
use crate::analysis::Analysis;
use crate::quality::{Flag, Flags};

pub use crate::analysis::Filter as ScrapeFilter;

/// The slot of the analysis job.
pub(super) const SLOT: &str = "duplicates";

/// The reader's analysis and the filters made from it.
#[derive(Debug, Default)]
pub struct Scrape {
    /// The last analysis, and the corpus it was made for.
    pub(super) analysis: Option<Arc<Analysis>>,
    pub(super) made_for: usize,
    /// The running job, and the corpus it is for.
    pub(super) job: Option<(u64, usize)>,
    /// The diff on screen (`d`).
    pub(super) diff: Option<super::diff::DiffView>,
}

impl App {
    /// The analysis, once made for the corpus shown.
    pub fn analysis(&self) -> Option<&Analysis> {
        let a = self.scrape.analysis.as_deref()?;
        (self.scrape.made_for == self.corpus_id()).then_some(a)
    }

    /// How far the analysis has come, in per cent, while it runs.
    pub fn analysis_percent(&self) -> Option<u64> {
        self.scrape.job?;
        self.jobs.progress(SLOT).map(|p| p / 10)
    }

    /// The size of article `o`'s duplicate group (none when alone).
    pub fn group_size(&self, o: usize) -> Option<usize> {
        let a = self.analysis()?;
        let g = a.groups.group_of(o as u32)?;
        Some(a.groups.members(g).len())
    }

    /// The text pane's lines about article `o`'s copies: how many and the
    /// keys, then the others (file, source, time, similarity to the
    /// group's first), a few of them. Empty for an article alone.
    pub(super) fn copies_lines(&self, o: usize) -> Vec<String> {
        /// Copies listed in the text pane; `=` lists them all.
        const SHOWN: usize = 5;
        let Some(a) = self.analysis() else {
            return Vec::new();
        };
        let Some(g) = a.groups.group_of(o as u32) else {
            return Vec::new();
        };
        let members = a.groups.members(g);
        let corpus = &self.documents.corpus;
        let at = members.iter().position(|&m| m as usize == o).unwrap_or(0);
        let mut lines = vec![format!(
            "×{} · copy {} of {} · }} next · {{ previous · d what differs · = all",
            members.len(),
            at + 1,
            members.len()
        )];
        let others: Vec<u32> = members
            .iter()
            .copied()
            .filter(|&m| m as usize != o)
            .collect();
        for (k, &m) in others.iter().take(SHOWN).enumerate() {
            let sim = if m == members[0] {
                "first".to_string()
            } else {
                a.groups
                    .similarity(m)
                    .map_or("?".into(), |s| format!("{s:.2}"))
            };
            let about = corpus
                .with_article(m as usize, |art| {
                    let mut parts = vec![format!("#{}", m + 1), sim.clone()];
                    parts.extend(art.time().map(|t| t.into_owned()));
                    parts.extend(
                        art.source()
                            .map(|s| s.into_owned())
                            .filter(|s| !s.is_empty()),
                    );
                    if corpus.is_multi()
                        && let Some(d) = corpus.doc_of(m as usize)
                    {
                        parts.push(corpus.file_name(d));
                    }
                    parts.join(" · ")
                })
                .unwrap_or_else(|| format!("#{}", m + 1));
            let lead = if k == 0 { "  copies: " } else { "          " };
            lines.push(format!("{lead}{about}"));
        }
        if others.len() > SHOWN {
            lines.push(format!("          … and {} more (=)", others.len() - SHOWN));
        }
        lines
    }

    fn corpus_id(&self) -> usize {
        Arc::as_ptr(&self.documents.corpus) as usize
    }

    /// Starts the analysis when the corpus is whole and has none yet.
    pub(super) fn start_analysis(&mut self) {
        let id = self.corpus_id();
        let whole = self.documents.loading.is_none()
            && !self.documents.reloading()
            && !self.documents.corpus.streaming();
        let have = self.scrape.made_for == id && self.scrape.analysis.is_some();
        let running = self.scrape.job.is_some_and(|(_, c)| c == id);
        if !whole || have || running || self.documents.corpus.is_empty() {
            return;
        }
        let corpus = Arc::clone(&self.documents.corpus);
        let params = crate::dups::Params::default();
        let job = self.jobs.spawn(SLOT, move |ctx| {
            let now = crate::quality::now_unix();
            let found = crate::analysis::analyse(&corpus, &params, now, ctx.cancel(), &|d, t| {
                ctx.progress(d, t)
            });
            if let Some(analysis) = found {
                ctx.send(Message::Analysed {
                    job: ctx.job(),
                    analysis: Box::new(analysis),
                });
            }
        });
        self.scrape.job = Some((job, id));
    }

    /// The analysis job's result.
    pub(super) fn take_analysis(&mut self, job: u64, analysis: Analysis) {
        let Some((j, corpus)) = self.scrape.job else {
            return;
        };
        if j != job {
            return;
        }
        self.jobs.finished(job);
        self.scrape.job = None;
        let groups = analysis.groups.groups();
        let copies = analysis.groups.articles_in_groups() - groups;
        self.scrape.analysis = Some(Arc::new(analysis));
        self.scrape.made_for = corpus;
        if groups > 0 {
            self.messages.say(format!(
                "{groups} duplicate groups, {copies} copies (D: one a group, =: the group)"
            ));
        }
        if self.view.scrape_filter.narrows() {
            self.rebuild_view();
        }
    }

    /// `D`: each group as its first member, or every article again.
    pub(super) fn toggle_dedup(&mut self) {
        self.view.scrape_filter.dedup = !self.view.scrape_filter.dedup;
        self.messages.say(if self.view.scrape_filter.dedup {
            "one article a duplicate group"
        } else {
            "every copy shown"
        });
        self.scrape_filter_changed();
    }

    /// A scrape filter changed: the view is made again, when the
    /// analysis is there.
    pub(super) fn scrape_filter_changed(&mut self) {
        if self.view.scrape_filter.narrows() && self.analysis().is_none() {
            self.messages
                .say("still looking for duplicates: the list follows when that is done");
        }
        self.rebuild_view();
    }

    /// Applies a `:` word of the scrape filters (`dups`, `dedup`, `flag
    /// NAME`, `-dups`, …); `Ok(true)` when `value` was used.
    pub(super) fn scrape_word(
        filter: &mut ScrapeFilter,
        word: &str,
        value: Option<&str>,
    ) -> Result<bool, String> {
        let (off, bare) = match word.strip_prefix('-') {
            Some(w) => (true, w),
            None => (false, word),
        };
        match bare {
            "dups" => filter.dups = !off,
            "dedup" => filter.dedup = !off,
            "flag" if off => filter.flags = Flags::default(),
            "flag" => {
                let Some(v) = value else {
                    return Err("flag needs a name: empty, short, title-only, mojibake, boilerplate, future, before-1990, no-date, no-source".into());
                };
                let f = Flag::from_name(v).ok_or_else(|| Flag::unknown(v))?;
                filter.flags.insert(f);
                return Ok(true);
            }
            other => return Err(format!("{other} is no filter")),
        }
        Ok(false)
    }

    /// The test a view job applies for the scrape filter: `None` when
    /// there is none, or no analysis yet (then it keeps everything).
    pub(super) fn scrape_keep(&self) -> Option<(ScrapeFilter, Arc<Analysis>)> {
        let f = self.view.scrape_filter.clone();
        if !f.narrows() {
            return None;
        }
        let a = self.scrape.analysis.clone()?;
        (self.scrape.made_for == self.corpus_id()).then_some((f, a))
    }
}

/// The `:` words of the scrape filters.
pub const WORDS: &[&str] = &["dups", "dedup", "flag"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Command};
    use crate::input::{Bytes, Corpus};

    /// A lead fetched twice with a sentence changed, an item repeated on
    /// both pages, and articles of their own.
    fn corpus() -> Corpus {
        let story = |s: &str| {
            format!(
                "星河智算于周五在云湖市举办秋季发布会，正式推出新一代多模态大模型。公司称新模型在保持原有精度的前提下，将单次推理成本降低了约六成。{s}多家云厂商已宣布接入，开发者可在控制台申请试用额度。"
            )
        };
        let page = |n: usize, s: &str| {
            format!(
                "星河智算发布新一代大模型\n{}\n相关阅读\n云湖地铁三号线今日开通试运营\n全线设站十八座，首班车六点发出，票价两元起。快讯社2024-09-13 08:00:00{n:04}第{n}页的独家\n本页独有的内容讲述了第{n}个主题，与其他文章没有相同的句子。科技日报2024-09-1{n} 09:30:00{n:04}\n",
                story(s)
            )
        };
        let text = [
            page(1, "研发团队重新设计了注意力机制。"),
            page(2, "研发团队改写了注意力机制。"),
        ]
        .concat();
        Corpus::single("s.txt".into(), Bytes::Owned(text.into_bytes()))
    }

    fn analysed() -> App {
        let mut app = App::new(corpus(), 120, 40);
        app.tick();
        app.wait_for_jobs();
        assert!(app.analysis().is_some(), "the analysis ran");
        app
    }

    #[test]
    fn groups_show_filter_and_collapse() {
        let mut app = analysed();
        assert_eq!(app.len(), 6);
        assert_eq!(app.group_size(0), Some(2), "the lead and its re-fetch");
        assert_eq!(app.group_size(1), Some(2), "the repeated item");
        assert_eq!(app.group_size(2), None);
        app.update(Command::Dedup);
        app.wait_for_jobs();
        assert_eq!(app.len(), 4, "one article a group");
        app.update(Command::Dedup);
        app.wait_for_jobs();
        assert_eq!(app.len(), 6);
        app.update(Command::CommandPrompt);
        for c in "dups".chars() {
            app.update(Action::Insert(c));
        }
        app.update(Command::PromptSubmit);
        app.wait_for_jobs();
        assert_eq!(app.len(), 4);
        assert!(app.view().scrape_filter().dups);
        // `=`: the selected article's group, its first member first.
        app.update(Command::Group);
        let lines = crate::app::overlay::overlay_lines(&app, app.overlay().unwrap());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].0, "1*");
        assert!(lines[0].1.starts_with("first"), "{:?}", lines[0]);
        assert_eq!(lines[1].0, "4");
    }

    #[test]
    fn bad_filter_words_change_nothing() {
        let mut f = ScrapeFilter::default();
        assert!(App::scrape_word(&mut f, "flag", Some("shortish")).is_err());
        assert!(App::scrape_word(&mut f, "flag", None).is_err());
        assert_eq!(f, ScrapeFilter::default());
        assert_eq!(App::scrape_word(&mut f, "flag", Some("short")), Ok(true));
        assert_eq!(f.describe(), "flag short");
        App::scrape_word(&mut f, "-flag", None).unwrap();
        assert!(!f.narrows());
    }
}
