//! Regression tests for the defects a code review found (named after them).

use std::io::Write;

use newsdump::app::{Action, App, Command};
use newsdump::dump::Index;
use newsdump::input::{Bytes, Corpus};
use ratatui::buffer::Buffer;

fn app_on(text: &str, w: u16, h: u16) -> App {
    App::new(
        Corpus::single("t".into(), Bytes::Owned(text.as_bytes().to_vec())),
        w,
        h,
    )
}

fn render(app: &App) -> Buffer {
    let area = app.screen().area();
    let mut buf = Buffer::empty(area);
    newsdump::ui::render_buffer(&mut buf, area, app);
    buf
}

#[test]
fn review_1_a_stand_in_longer_than_its_character_in_the_prompt() {
    // U+061C is two bytes; its stand-in U+FFFD is three.
    let mut app = app_on(newsdump::SAMPLE, 80, 24);
    app.update(Command::SearchPrompt);
    for c in ['a', '\u{61c}', 'b'] {
        app.update(Action::Insert(c));
        render(&app);
    }
    app.update(Command::CursorLeft);
    let buf = render(&app);
    // ` /a?b`: the stand-in in its one column, the cursor on `b` (the
    // one cell in the cursor's style), nothing after it shifted.
    let stand_in = newsdump::text::sanitize("\u{61c}").into_owned();
    assert_ne!(stand_in, "\u{61c}");
    let y = app.screen().area().height - 1;
    let cells: Vec<&str> = (0..5).map(|x| buf[(x, y)].symbol()).collect();
    assert_eq!(cells, [" ", "/", "a", stand_in.as_str(), "b"]);
    let cursor = newsdump::ui::Theme::default().cursor();
    let at_cursor: Vec<u16> = (0..app.screen().area().width)
        .filter(|&x| buf[(x, y)].bg == cursor.bg.unwrap())
        .collect();
    assert_eq!(at_cursor, [4]);
}

#[test]
fn review_2_a_bytes_regex_matching_inside_a_character() {
    let mut app = app_on(newsdump::SAMPLE, 120, 40);
    app.update(Command::SearchPrompt);
    app.update(Command::PromptToggleRegex);
    for c in r"(?-u:\xe6)".chars() {
        app.update(Action::Insert(c));
    }
    app.wait_for_jobs();
    app.update(Command::PromptSubmit);
    app.wait_for_jobs();
    // The byte is in many characters: articles match...
    let found = app.search().unwrap().count();
    assert!(found > 0);
    // ...but a match inside a character is no place to mark: no cell of
    // the list or the text is drawn as a match.
    let matched = newsdump::ui::Theme::default().matched().bg.unwrap();
    for buf in [render(&app), {
        app.update(Command::Open);
        render(&app)
    }] {
        assert!(
            buf.content().iter().all(|c| c.bg != matched),
            "a match marked inside a character"
        );
    }
}

#[test]
fn review_4_file_names_are_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x\u{1b}]0;PWNED\u{7}\u{1b}[31m.txt");
    std::fs::write(&p, "标题\n正文。\n").unwrap();
    for args in [vec!["stats"], vec!["show"]] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_newsdump"));
        cmd.args(&args).arg(&p);
        if args[0] == "show" {
            cmd.arg("9");
        }
        let o = cmd.output().unwrap();
        let all = [o.stdout, o.stderr].concat();
        assert!(!all.contains(&0x1b), "{:?}", String::from_utf8_lossy(&all));
        assert!(String::from_utf8_lossy(&all).contains("␛]0;PWNED␇"));
    }
}

#[test]
fn review_6_many_closing_brackets_after_a_url() {
    let text = format!("标题\n正文 http://a.example/x{}\n", ")".repeat(50_000));
    let index = Index::parse(text.as_bytes());
    let a = index.article(text.as_bytes(), 0).unwrap();
    assert_eq!(a.links(), vec!["http://a.example/x"]);
}

#[test]
fn review_7_a_long_run_of_flags_wraps() {
    let text = "🇨🇳".repeat(20_000);
    let lines = newsdump::text::wrap_lines(&text, 40);
    assert_eq!(lines.len(), 1000, "twenty flags of two columns a line");
}

#[test]
fn review_8_a_move_cancels_a_jump_waiting_for_hits() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for i in 0..20_000 {
        writeln!(f, "第{i}篇\n正文。\n").unwrap();
    }
    writeln!(f, "罕见词语在最后\n正文。").unwrap();
    f.flush().unwrap();
    let mut app = App::new(Corpus::load(f.path()).unwrap(), 120, 40);
    app.update(Command::SearchPrompt);
    for c in "罕见词语".chars() {
        app.update(Action::Insert(c));
    }
    app.update(Command::PromptSubmit);
    app.update(Command::Down);
    app.update(Command::Down);
    let here = app.view().selected();
    app.wait_for_jobs();
    assert!(here <= 2);
    assert_eq!(
        app.view().selected(),
        here,
        "the later move wins over the waiting jump"
    );
}

#[test]
fn review_9_since_with_seconds_keeps_stamps_without_them() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_newsdump"))
        .args(["list", "-", "--since", "2024-05-02 08:30:00"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .unwrap()
                .write_all("条目\n摘要。源2024-05-02 08:300001\n".as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("2024-05-02 08:30"));
}

#[test]
fn review_polish_a_count_and_g_goes_to_that_article_in_a_sorted_list() {
    let mut app = app_on(newsdump::SAMPLE, 120, 40);
    app.update(Command::CycleSort);
    app.wait_for_jobs();
    for d in [2, 0] {
        app.update(Action::Digit(d));
    }
    app.update(Command::Last);
    assert_eq!(app.selected_article(), Some(19));
}
