//! The reader's screens for what a scrape holds (issue 15), as snapshots
//! at 80×24 and 160×48: the `×N` badge in the list, the group list (`=`),
//! the copies in the text pane, the diff (`d`) and the statistics screen
//! (`%`), in colour and with `NO_COLOR`; and drilling down from a chart.

mod common;

use newsdump::app::{Action, App, Command, Overlay};
use newsdump::input::{Bytes, Corpus};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn scrape(width: u16, height: u16) -> App {
    let text = common::scrape_with_copies();
    let corpus = Corpus::single("scrape.txt".into(), Bytes::Owned(text.into_bytes()));
    let mut app = App::new(corpus, width, height);
    app.tick();
    app.wait_for_jobs();
    assert!(app.analysis().is_some(), "the analysis ran");
    app
}

fn draw(app: &App, theme: newsdump::ui::Theme) -> Buffer {
    let area = app.screen().area();
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal
        .draw(|f| newsdump::ui::render(f, app, theme))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, a row a line, wide characters once.
fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        out.push('"');
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = newsdump::text::width(s).saturating_sub(1);
            out.push_str(s);
        }
        out.push_str("\"\n");
    }
    out
}

fn screen(app: &App) -> String {
    text(&draw(app, newsdump::ui::Theme::default()))
}

fn go_to(app: &mut App, n: usize) {
    for b in n.to_string().bytes() {
        app.update(Action::Digit(b - b'0'));
    }
    app.update(Command::Last);
}

fn settle(app: &mut App) {
    app.tick();
    app.wait_for_jobs();
}

#[test]
fn badges_and_copies_in_the_text() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = scrape(w, h);
        // The related item repeated on every page: its third copy.
        go_to(&mut app, 10);
        let s = screen(&app);
        assert!(s.contains("×10"), "the badge:\n{s}");
        assert!(s.contains("copy 3 of 10"), "the copies in the text:\n{s}");
        insta::assert_snapshot!(format!("badge_and_copies_{w}x{h}"), s);
    }
}

#[test]
fn group_list() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = scrape(w, h);
        go_to(&mut app, 2);
        app.update(Command::Group);
        let s = screen(&app);
        assert!(s.contains("first"), "{s}");
        insta::assert_snapshot!(format!("group_list_{w}x{h}"), s);
    }
}

#[test]
fn diff_of_a_refetched_lead() {
    let mut app = scrape(80, 24);
    // Page 7's lead (the eighth page: four articles a page).
    go_to(&mut app, 29);
    app.update(Command::Diff);
    assert!(matches!(app.overlay(), Some(Overlay::Diff { .. })));
    let view = app.diff_view().expect("a diff");
    assert_eq!(view.to, 28);
    assert_eq!(view.from, 8, "page 2's lead is the first copy");
    let s = screen(&app);
    assert!(s.contains("一年多"), "the new words:\n{s}");
    insta::assert_snapshot!("diff_80x24", s);
    let mono = text(&draw(&app, newsdump::ui::Theme::MONO));
    assert!(mono.contains("{+") && mono.contains("[-"), "{mono}");
}

#[test]
fn statistics_screen() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = scrape(w, h);
        app.update(Command::Stats);
        settle(&mut app);
        assert!(app.overview().is_some());
        let s = screen(&app);
        assert!(s.contains("articles a day"), "{s}");
        assert!(s.contains("duplicated"), "{s}");
        insta::assert_snapshot!(format!("stats_{w}x{h}"), s);
        let mono = text(&draw(&app, newsdump::ui::Theme::MONO));
        insta::assert_snapshot!(format!("stats_no_color_{w}x{h}"), mono);
    }
}

#[test]
fn drilling_down_from_the_charts() {
    let mut app = scrape(80, 24);
    let all = app.len();
    app.update(Command::Stats);
    settle(&mut app);
    // The day chart: the third day.
    app.update(Command::Down);
    app.update(Command::Down);
    app.update(Command::Open);
    settle(&mut app);
    assert_eq!(app.overlay(), None);
    // Two pages a day, three items a page (leads have no date).
    assert_eq!(app.len(), 6, "of {all}");
    // The sources, then duplicates and flags.
    app.update(Command::CommandPrompt);
    for c in "clear".chars() {
        app.update(Action::Insert(c));
    }
    app.update(Command::PromptSubmit);
    settle(&mut app);
    assert_eq!(app.len(), all);
    app.update(Command::Stats);
    app.update(Command::ToggleFocus);
    app.update(Command::ToggleFocus);
    app.update(Command::Open);
    settle(&mut app);
    let in_groups = app.analysis().unwrap().groups.articles_in_groups();
    assert_eq!(app.len(), in_groups, "the duplicates bar");
}

/// Every row of `s` is `w` columns (and its quotes) wide, and there are
/// `h` of them.
fn fits(s: &str, w: u16, h: u16) {
    assert_eq!(s.lines().count(), usize::from(h), "{s}");
    for l in s.lines() {
        assert_eq!(newsdump::text::width(l), usize::from(w) + 2, "{s}");
    }
}

#[test]
fn small_terminals_draw_without_fault() {
    for (w, h) in [(20, 5), (24, 6), (30, 8), (40, 12), (59, 17)] {
        let mut app = scrape(w, h);
        app.update(Command::Stats);
        settle(&mut app);
        for _ in 0..3 {
            app.update(Command::ToggleFocus);
            app.update(Command::Down);
            fits(&screen(&app), w, h);
        }
        app.update(Command::Back);
        go_to(&mut app, 29);
        app.update(Command::Diff);
        app.update(Command::Last);
        fits(&screen(&app), w, h);
        app.update(Action::Resize(w + 7, h + 3));
        fits(&screen(&app), w + 7, h + 3);
    }
}
