//! What a new user hit in the reader (issue 12), one test per defect,
//! named after it: each failed on the code before its fix.

use std::path::PathBuf;
use std::sync::Arc;

use newsdump::app::overlay::{overlay_lines, place};
use newsdump::app::{Action, App, Command, Focus, Overlay};
use newsdump::dump::Index;
use newsdump::input::{Bytes, Corpus, Document, Provenance};
use newsdump::text::width;
use newsdump::ui::{Theme, render_themed};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

fn sample(w: u16, h: u16) -> App {
    App::new(Corpus::sample(), w, h)
}

fn draw(app: &App, th: Theme) -> Buffer {
    let mut buf = Buffer::empty(app.screen().area());
    render_themed(&mut buf, app.screen().area(), app, th);
    buf
}

/// The screen's rows as text (a wide character once).
fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                let sym = buf[(x, y)].symbol();
                if skip == 0 {
                    row.push_str(sym);
                }
                skip = usize::max(skip, width(sym)).saturating_sub(1);
            }
            row
        })
        .collect()
}

fn status(app: &App) -> String {
    rows(&draw(app, Theme::default())).pop().unwrap()
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Insert(c));
    }
}

fn prompt(app: &mut App, open: Command, text: &str) {
    app.update(open);
    type_text(app, text);
    app.update(Command::PromptSubmit);
    app.wait_for_jobs();
}

/// The screen row of the list's selected article.
fn selected_row(app: &App) -> u16 {
    app.panes().list.y + (app.view().selected() - app.view().list_offset()) as u16
}

#[test]
fn no_color_keeps_selection_focus_and_matches_visible() {
    let mut app = sample(100, 30);
    prompt(&mut app, Command::SearchPrompt, "开源");
    let buf = draw(&app, Theme::MONO);
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    // The selected row is reversed and bold while the list has focus.
    let list = app.panes().list;
    let y = selected_row(&app);
    let cell = &buf[(list.x + 1, y)];
    assert!(cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD));
    // A match is bold and underlined somewhere on the screen.
    assert!(
        buf.content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::UNDERLINED | Modifier::BOLD)),
        "no match marked"
    );
    let separator_x = app.panes().separator.x;
    let unfocused_separator = buf[(separator_x, list.y)].modifier;
    // With the text focused, the row stays reversed but not bold, and the
    // separator says which side has focus.
    app.update(Command::FocusDetail);
    assert_eq!(app.screen().focus(), Focus::Detail);
    let buf = draw(&app, Theme::MONO);
    // A cell past the title (not the gutter's bold marks, not a match).
    let cell = &buf[(list.right() - 2, y)];
    assert!(cell.modifier.contains(Modifier::REVERSED));
    assert!(!cell.modifier.contains(Modifier::BOLD));
    assert_ne!(buf[(separator_x, list.y)].modifier, unfocused_separator);
}

#[test]
fn the_command_prompt_opens_empty_with_history() {
    let mut app = sample(100, 30);
    prompt(&mut app, Command::CommandPrompt, "since 2024-10-15");
    assert!(app.view().is_narrowed());
    // Opened again: empty, so that `clear` can be typed as it is.
    app.update(Command::CommandPrompt);
    assert_eq!(app.prompt().unwrap().text(), "");
    type_text(&mut app, "clear");
    app.update(Command::PromptSubmit);
    app.wait_for_jobs();
    assert!(!app.view().is_narrowed(), "{:?}", app.messages().current());
    // ↑ goes back through what was entered, ↓ comes back to the draft.
    app.update(Command::CommandPrompt);
    type_text(&mut app, "so");
    app.update(Command::PromptOlder);
    assert_eq!(app.prompt().unwrap().text(), "clear");
    app.update(Command::PromptOlder);
    assert_eq!(app.prompt().unwrap().text(), "since 2024-10-15");
    app.update(Command::PromptOlder);
    assert_eq!(app.prompt().unwrap().text(), "since 2024-10-15");
    app.update(Command::PromptNewer);
    app.update(Command::PromptNewer);
    assert_eq!(app.prompt().unwrap().text(), "so");
}

#[test]
fn a_message_wider_than_the_status_bar_is_shown_whole() {
    let mut app = sample(60, 20);
    let long = "0123456789 ".repeat(12);
    app.say(long.clone());
    app.update(Action::Resize(60, 20)); // keeps the message, logs it
    let bar = status(&app);
    assert!(bar.contains("M: all"), "{bar:?}");
    app.update(Command::Messages);
    assert_eq!(app.overlay(), Some(Overlay::Messages { scroll: 0 }));
    // All of it, over as many rows as it takes, each row on the screen.
    let lines = overlay_lines(&app, Overlay::Messages { scroll: 0 });
    let placed = place(app.screen().area(), &lines);
    let screen = rows(&draw(&app, Theme::default())).join("\n");
    let mut joined = String::new();
    for (_, text) in &placed.rows {
        assert!(screen.contains(text.trim()), "{text:?} not in\n{screen}");
        joined.push_str(text);
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(squeeze(&joined), squeeze(&long));
}

#[test]
fn the_hit_count_counts_what_the_view_shows() {
    let mut app = sample(120, 30);
    prompt(&mut app, Command::FilterPrompt, "开源");
    prompt(&mut app, Command::SearchPrompt, "20");
    let search = app.search().unwrap();
    let total = search.count();
    let shown = (0..app.len())
        .filter(|&r| search.is_hit(app.article_of(r).unwrap()))
        .count();
    assert!(
        shown < total,
        "the filter hides some hits: {shown} of {total}"
    );
    let bar = status(&app);
    assert!(
        bar.contains(&format!("{shown} of {total} hits shown")),
        "{bar:?}"
    );
}

#[test]
fn hints_follow_focus() {
    let mut app = sample(160, 30);
    let bar = status(&app);
    assert!(bar.contains("j next") && bar.contains("k prev"), "{bar:?}");
    app.update(Command::FocusDetail);
    let bar = status(&app);
    assert!(!bar.contains("next") && !bar.contains("prev"), "{bar:?}");
    assert!(bar.contains("j down") && bar.contains("k up"), "{bar:?}");
}

/// One article of `paragraphs` paragraphs, far longer than a screen.
fn long_article(paragraphs: usize) -> App {
    let mut text = String::from("一篇很长的文章\n");
    for i in 0..paragraphs {
        text.push_str(&format!(
            "第{i}段。这一段讲的是一件很长的事情，要很多行才能说完。\n"
        ));
    }
    let bytes = Bytes::Owned(text.into_bytes());
    let index = Index::parse(&bytes);
    let doc = Document::held(Provenance::fixed("long.txt"), index, Arc::new(bytes));
    let corpus = Corpus::new(
        "long.txt".into(),
        vec![PathBuf::from("long.txt")],
        vec![Arc::new(doc)],
    );
    App::new(corpus, 100, 30)
}

#[test]
fn a_long_article_shows_line_x_of_y_before_the_end() {
    let mut app = long_article(3000);
    app.update(Command::FocusDetail);
    // The loop's idle turns count the lines; no `G` is pressed.
    while app.busy() {
        app.tick();
    }
    let total = app.detail().unwrap().layout().laid_out();
    assert!(total > 3000, "{total}");
    let bar = status(&app);
    assert!(bar.contains(&format!("line 1/{total} ")), "{bar:?}");
    assert!(bar.contains(" 0%"), "{bar:?}");
}

#[test]
fn help_descriptions_wrap_at_narrow_widths() {
    // 40 columns: texts beside their keys; 20: texts under them.
    for w in [40, 20] {
        let app = sample(w, 24);
        let lines = overlay_lines(&app, Overlay::Help { scroll: 0 });
        let placed = place(Rect::new(0, 0, w, 24), &lines);
        let inner = usize::from(placed.area.width - 2);
        // Every row fits inside the box; every key and text is there whole.
        let (mut keys, mut texts) = (String::new(), String::new());
        for (k, text) in &placed.rows {
            let row_w = if k.is_empty() {
                usize::from(placed.text_x) + width(text)
            } else if text.is_empty() {
                1 + width(k)
            } else {
                usize::from(placed.text_x).max(1 + width(k) + 1) + width(text)
            };
            assert!(row_w <= inner, "{w}: {k:?} {text:?}: {row_w} > {inner}");
            keys.push_str(k);
            texts.push_str(text);
        }
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let (keys, texts) = (squeeze(&keys), squeeze(&texts));
        for (k, desc) in &lines {
            assert!(keys.contains(&squeeze(k)), "{w}: key {k:?} missing");
            assert!(texts.contains(&squeeze(desc)), "{w}: {desc:?} missing");
        }
    }
}
