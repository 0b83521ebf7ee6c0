//! Whole screens of the reader on the built-in sample, drawn through
//! ratatui's `TestBackend`, as text snapshots; and the checks a snapshot
//! cannot make by eye: the separator stays in one column, the help popup's
//! border is intact on every row, no cell holds a control character, no row
//! is wider than the screen.
//!
//! A snapshot shows each row between quotes, as a terminal would show it:
//! a wide character once, the cell it covers skipped.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always`).

use newsdump::app::{Action, App, Command, Focus};
use newsdump::input::Corpus;
use newsdump::text::width;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Articles in the built-in sample.
const SAMPLE_ARTICLES: usize = 28;
/// The sample's untitled item (1-based).
const UNTITLED: usize = 22;

fn sample(width: u16, height: u16) -> App {
    App::new(Corpus::sample(), width, height)
}

fn press<A: Into<Action> + Copy>(app: &mut App, actions: &[A]) {
    for &a in actions {
        app.update(a);
    }
}

/// `NG`: select article `n` (1-based).
fn go_to(app: &mut App, n: usize) {
    for b in n.to_string().bytes() {
        app.update(Action::Digit(b - b'0'));
    }
    app.update(Command::Last);
    assert_eq!(app.view().selected(), n - 1);
}

/// Draws `app` on a terminal of its size and returns the screen.
fn draw(app: &App) -> Buffer {
    let area = app.screen().area();
    let backend = TestBackend::new(area.width, area.height);
    let mut terminal = Terminal::new(backend).unwrap();
    terminal
        .draw(|f| newsdump::ui::render(f, app, newsdump::ui::Theme::default()))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// Row `y` as a terminal shows it: the column and symbol of each cell
/// that is drawn; cells covered by a wide character are left out.
fn row_cells(buf: &Buffer, y: u16) -> Vec<(u16, String)> {
    let mut cells = Vec::new();
    let mut covered_until = buf.area.left();
    for x in buf.area.left()..buf.area.right() {
        if x < covered_until {
            continue;
        }
        let sym = buf[(x, y)].symbol();
        cells.push((x, sym.to_string()));
        covered_until = x + width(sym).max(1) as u16;
    }
    cells
}

/// The cells of row `y` covered by a wide character to their left.
fn hidden_cells(buf: &Buffer, y: u16) -> Vec<(u16, String)> {
    let drawn: Vec<u16> = row_cells(buf, y).into_iter().map(|(x, _)| x).collect();
    (buf.area.left()..buf.area.right())
        .filter(|x| !drawn.contains(x))
        .map(|x| (x, buf[(x, y)].symbol().to_string()))
        .collect()
}

/// The symbol drawn starting at column `x` of row `y`, if one starts there.
fn drawn_at(buf: &Buffer, x: u16, y: u16) -> Option<String> {
    row_cells(buf, y)
        .into_iter()
        .find(|(cx, _)| *cx == x)
        .map(|(_, s)| s)
}

/// Checks every freshly drawn screen must pass: no control character in
/// any cell, every row exactly as wide as the screen, nothing drawn into a
/// cell that a wide character then hides.
fn check_screen(buf: &Buffer) {
    for y in buf.area.top()..buf.area.bottom() {
        for (x, sym) in hidden_cells(buf, y) {
            assert_eq!(sym, " ", "cell {x},{y} is hidden under a wide character");
        }
        let mut columns = 0;
        for (x, sym) in row_cells(buf, y) {
            assert!(
                !sym.chars().any(char::is_control),
                "control character {sym:?} at {x},{y}"
            );
            columns += width(&sym).max(1);
        }
        assert_eq!(columns, usize::from(buf.area.width), "row {y} is too wide");
    }
}

/// The screen as text: one quoted row per line.
fn screen(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in buf.area.top()..buf.area.bottom() {
        out.push('"');
        for (_, sym) in row_cells(buf, y) {
            out.push_str(&sym);
        }
        out.push_str("\"\n");
    }
    out
}

/// Draws, checks and snapshots.
fn snap(name: &str, app: &App) -> Buffer {
    let buf = draw(app);
    check_screen(&buf);
    insta::assert_snapshot!(name, screen(&buf));
    buf
}

/// The help popup's border: a corner at the same column on the top and
/// bottom rows, a `│` at those columns on every row between, each drawn
/// (not hidden under a wide character to its left).
fn assert_popup_border(buf: &Buffer) {
    let rows: Vec<_> = (buf.area.top()..buf.area.bottom())
        .map(|y| row_cells(buf, y))
        .collect();
    let find = |corner: &str| {
        rows.iter().enumerate().find_map(|(y, cells)| {
            cells
                .iter()
                .find(|(_, s)| s == corner)
                .map(|(x, _)| (*x, y as u16))
        })
    };
    let (left, top) = find("┌").expect("the popup's top-left corner");
    let (right, top_r) = find("┐").expect("the popup's top-right corner");
    let (left_b, bottom) = find("└").expect("the popup's bottom-left corner");
    let (right_b, bottom_r) = find("┘").expect("the popup's bottom-right corner");
    assert_eq!(top, top_r);
    assert_eq!(bottom, bottom_r);
    assert_eq!((left, right), (left_b, right_b), "corners in two columns");
    assert!(bottom > top + 1 && right > left + 1);
    for y in top + 1..bottom {
        assert_eq!(
            drawn_at(buf, left, y).as_deref(),
            Some("│"),
            "left border, row {y}:\n{}",
            screen(buf)
        );
        assert_eq!(
            drawn_at(buf, right, y).as_deref(),
            Some("│"),
            "right border, row {y}:\n{}",
            screen(buf)
        );
    }
    // The top and bottom edges are whole lines between the corners (the
    // top one carries the title).
    for y in [top, bottom] {
        let inside: Vec<_> = row_cells(buf, y)
            .into_iter()
            .filter(|(x, _)| *x > left && *x < right)
            .collect();
        let columns: usize = inside.iter().map(|(_, s)| width(s).max(1)).sum();
        assert_eq!(columns, usize::from(right - left - 1), "edge row {y}");
        if y == bottom {
            // A line of `─`, but for the "↓ 4 more" note on a scrolling help.
            let text: String = inside.iter().map(|(_, s)| s.as_str()).collect();
            let rest = text.replace(" more ", "").replace(['↓', '↑', ' '], "");
            assert!(
                rest.chars().all(|c| c == '─' || c.is_ascii_digit()),
                "bottom edge: {text:?}"
            );
        }
    }
}

// ───────────────────────── the sample at four sizes ─────────────────

#[test]
fn sample_at_120x40() {
    let buf = snap("sample_120x40", &sample(120, 40));
    // Side by side: the separator in column 54 on every row but the status.
    for y in 0..39 {
        assert_eq!(drawn_at(&buf, 54, y).as_deref(), Some("│"), "row {y}");
    }
}

#[test]
fn sample_at_80x24() {
    let buf = snap("sample_80x24", &sample(80, 24));
    // Stacked: the separator is row 10, whole.
    let row = row_cells(&buf, 10);
    assert_eq!(row.len(), 80);
    assert!(row.iter().all(|(_, s)| s == "─"));
}

#[test]
fn sample_at_60x20() {
    snap("sample_60x20", &sample(60, 20));
}

#[test]
fn sample_at_20x5() {
    snap("sample_20x5", &sample(20, 5));
}

// ─────────────────────────── after some keys ────────────────────────

#[test]
fn a_later_chinese_lead_selected_at_120x40() {
    let mut app = sample(120, 40);
    go_to(&mut app, 12);
    snap("lead_12_selected_120x40", &app);
}

#[test]
fn a_later_chinese_lead_selected_at_80x24() {
    let mut app = sample(80, 24);
    go_to(&mut app, 12);
    snap("lead_12_selected_80x24", &app);
}

#[test]
fn the_last_article_selected_at_80x24_scrolls_the_list() {
    let mut app = sample(80, 24);
    app.update(Command::Last);
    assert_eq!(app.view().list_offset(), SAMPLE_ARTICLES - 10);
    snap("last_selected_80x24", &app);
}

#[test]
fn the_detail_focused_and_scrolled_at_120x40() {
    let mut app = sample(120, 40);
    press(
        &mut app,
        &[
            Command::FocusDetail.into(),
            Action::Digit(1),
            Action::Digit(0),
            Command::Down.into(),
        ],
    );
    assert_eq!(app.screen().focus(), Focus::Detail);
    assert_eq!(app.detail().unwrap().scroll(), 10);
    snap("detail_scrolled_120x40", &app);
}

#[test]
fn the_end_of_the_first_article_at_80x24() {
    let mut app = sample(80, 24);
    press(&mut app, &[Command::FocusDetail, Command::Last]);
    snap("detail_end_80x24", &app);
}

#[test]
fn the_zoomed_view_at_80x24() {
    let mut app = sample(80, 24);
    go_to(&mut app, 12);
    app.update(Command::Open);
    snap("zoomed_lead_12_80x24", &app);
}

#[test]
fn the_zoomed_view_scrolled_at_60x20() {
    let mut app = sample(60, 20);
    press(
        &mut app,
        &[Command::Open.into(), Action::Digit(5), Command::Down.into()],
    );
    snap("zoomed_scrolled_60x20", &app);
}

#[test]
fn an_untitled_item_selected_at_120x40() {
    let mut app = sample(120, 40);
    go_to(&mut app, UNTITLED);
    let untitled = app.corpus().with_article(UNTITLED - 1, |a| a.is_untitled());
    assert_eq!(untitled, Some(true));
    snap("untitled_item_120x40", &app);
}

#[test]
fn an_untitled_item_selected_at_80x24() {
    let mut app = sample(80, 24);
    go_to(&mut app, UNTITLED);
    snap("untitled_item_80x24", &app);
}

#[test]
fn the_widest_list_at_120x40_leaves_a_narrow_text() {
    let mut app = sample(120, 40);
    for _ in 0..10 {
        app.update(Command::GrowList);
    }
    snap("widest_list_120x40", &app);
}

#[test]
fn a_pending_count_shows_in_the_status_bar() {
    let mut app = sample(80, 24);
    press(&mut app, &[Action::Digit(1), Action::Digit(2)]);
    let buf = snap("count_pending_80x24", &app);
    let status: String = row_cells(&buf, 23).into_iter().map(|(_, s)| s).collect();
    assert!(status.contains("12…"), "{status}");
}

// ──────────────────────────── the help popup ────────────────────────

#[test]
fn help_over_chinese_text_at_80x24() {
    let mut app = sample(80, 24);
    press(&mut app, &[Command::Help]);
    let buf = snap("help_80x24", &app);
    assert_popup_border(&buf);
}

#[test]
fn help_over_chinese_text_at_120x40() {
    let mut app = sample(120, 40);
    go_to(&mut app, 12);
    app.update(Command::Help);
    let buf = snap("help_120x40", &app);
    assert_popup_border(&buf);
}

#[test]
fn help_scrolled_at_60x20() {
    let mut app = sample(60, 20);
    press(&mut app, &[Command::Help, Command::Down, Command::Down]);
    let buf = snap("help_scrolled_60x20", &app);
    assert_popup_border(&buf);
}

#[test]
fn help_at_20x5() {
    let mut app = sample(20, 5);
    app.update(Command::Help);
    let buf = snap("help_20x5", &app);
    assert_popup_border(&buf);
}

/// The popup's border over every article and scroll position the sample
/// gives, at sizes where the popup's edges fall on Chinese text.
#[test]
fn the_help_border_is_intact_over_every_article() {
    for (w, h) in [(120, 40), (100, 30), (80, 24), (60, 20), (41, 12), (20, 6)] {
        for n in 1..=SAMPLE_ARTICLES {
            for zoom in [false, true] {
                let mut app = sample(w, h);
                go_to(&mut app, n);
                if zoom {
                    app.update(Command::Open);
                }
                app.update(Command::Help);
                let buf = draw(&app);
                check_screen(&buf);
                assert_popup_border(&buf);
            }
        }
    }
}

// ────────────────────────── too small to draw ───────────────────────

#[test]
fn too_small_8x3_shows_a_note() {
    let buf = snap("too_small_8x3", &sample(8, 3));
    assert!(screen(&buf).starts_with("\"newsdum…\""));
}

#[test]
fn too_small_1x1_shows_a_note() {
    snap("too_small_1x1", &sample(1, 1));
}

#[test]
fn too_small_19x5_shows_a_note() {
    snap("too_small_19x5", &sample(19, 5));
}

// ─────────────────────────── the separator ──────────────────────────

/// The line between the panes stays in column 54 on every row at 120×40,
/// whatever Chinese text the list and the detail hold next to it.
#[test]
fn the_separator_stays_in_one_column_at_120x40() {
    for n in 1..=SAMPLE_ARTICLES {
        for actions in [
            &[][..],
            &[Command::FocusDetail.into()][..],
            &[
                Command::FocusDetail.into(),
                Action::Digit(7),
                Command::Down.into(),
            ][..],
            &[Command::FocusDetail.into(), Command::Last.into()][..],
        ] {
            let mut app = sample(120, 40);
            go_to(&mut app, n);
            press(&mut app, actions);
            let buf = draw(&app);
            check_screen(&buf);
            for y in 0..39 {
                assert_eq!(
                    drawn_at(&buf, 54, y).as_deref(),
                    Some("│"),
                    "article {n}, {actions:?}, row {y}:\n{}",
                    screen(&buf)
                );
                // Nothing of the list reaches into the column.
                let cells = row_cells(&buf, y);
                let last_of_list = cells.iter().rfind(|(x, _)| *x < 54).unwrap();
                assert!(last_of_list.0 + width(&last_of_list.1).max(1) as u16 <= 54);
            }
        }
    }
}

/// The same at other splits and widths: the separator is where the panes
/// say, on every row.
#[test]
fn the_separator_follows_the_split() {
    for (w, h) in [(100, 30), (120, 40), (161, 50), (250, 80)] {
        for grow in 0..16 {
            let mut app = sample(w, h);
            for _ in 0..8 {
                app.update(Command::ShrinkList);
            }
            for _ in 0..grow {
                app.update(Command::GrowList);
            }
            go_to(&mut app, 1 + grow % SAMPLE_ARTICLES);
            let sep = app.panes().separator;
            let buf = draw(&app);
            check_screen(&buf);
            for y in sep.top()..sep.bottom() {
                assert_eq!(
                    drawn_at(&buf, sep.x, y).as_deref(),
                    Some("│"),
                    "{w}x{h} at {}%, row {y}",
                    app.screen().split().list_percent
                );
            }
        }
    }
}

// ───────────────────────── no control characters ───────────────────

/// Every article, in the list and the detail, side by side, stacked and
/// zoomed, at the start and the end of its text.
#[test]
fn no_screen_holds_a_control_character() {
    for (w, h) in [(120, 40), (80, 24), (60, 20), (20, 5)] {
        for n in 1..=SAMPLE_ARTICLES {
            for actions in [
                &[][..],
                &[Command::Open][..],
                &[Command::FocusDetail, Command::Last][..],
                &[Command::Open, Command::Last][..],
            ] {
                let mut app = sample(w, h);
                go_to(&mut app, n);
                press(&mut app, actions);
                check_screen(&draw(&app));
            }
        }
    }
}

/// A dump with controls, bidi marks and invalid UTF-8 in titles, text and
/// source: none reaches the screen.
#[test]
fn controls_in_the_dump_do_not_reach_the_screen() {
    let dump = "标题\x1b[31m红\x07\u{202e}反\n正文\x00有\t制表\r符\u{85}与\u{200b}零宽。\n\
                小标题\x1b]0;x\x07\n\
                快讯\x1b标题\n摘要\x7f内容。快\x1b讯社2024-05-02 08:30:150001\n"
        .as_bytes()
        .iter()
        .copied()
        .chain(b"\xff\xfe\n".iter().copied())
        .collect::<Vec<u8>>();
    let input = || {
        Corpus::single(
            "ctl\x1b[2J.txt".into(),
            newsdump::input::Bytes::Owned(dump.clone()),
        )
    };
    for (w, h) in [(120, 40), (80, 24), (20, 5)] {
        let mut app = App::new(input(), w, h);
        for actions in [
            &[][..],
            &[Command::Down][..],
            &[Command::Last][..],
            &[Command::Open][..],
            &[Command::Help][..],
        ] {
            press(&mut app, actions);
            check_screen(&draw(&app));
        }
    }
}

// ─────────────────────────── styles and status ──────────────────────

/// The selected row is highlighted from the first column to the list's
/// edge (less the scroll bar), brighter when the list has focus.
#[test]
fn the_selected_row_is_highlighted_across_the_list() {
    use ratatui::style::Color;
    for (w, h, row_width) in [(120u16, 40u16, 54u16), (80, 24, 79)] {
        let mut app = sample(w, h);
        go_to(&mut app, 3);
        let buf = draw(&app);
        // Cells drawn, that is: the one under the right half of a wide
        // character is not.
        let drawn = |buf: &Buffer| {
            row_cells(buf, 2)
                .into_iter()
                .map(|(x, _)| x)
                .filter(|&x| x < row_width)
                .collect::<Vec<_>>()
        };
        for x in drawn(&buf) {
            assert_eq!(buf[(x, 2)].bg, Color::Blue, "{w}x{h}: column {x}");
        }
        assert_ne!(buf[(0, 1)].bg, Color::Blue);
        app.update(Command::FocusDetail);
        let buf = draw(&app);
        for x in drawn(&buf) {
            assert_eq!(buf[(x, 2)].bg, Color::DarkGray, "{w}x{h}: column {x}");
        }
    }
}

/// An untitled item's stand-in title is dim and italic, in the list and in
/// the detail.
#[test]
fn an_untitled_item_is_marked_by_its_style() {
    use ratatui::style::Modifier;
    let mut app = sample(120, 40);
    go_to(&mut app, UNTITLED);
    app.update(Command::FocusDetail);
    let buf = draw(&app);
    let row = (UNTITLED - 1) as u16;
    assert!(
        buf[(5, row)]
            .modifier
            .contains(Modifier::ITALIC | Modifier::DIM)
    );
    assert!(!buf[(2, row - 1)].modifier.contains(Modifier::ITALIC));
    assert!(
        buf[(56, 0)]
            .modifier
            .contains(Modifier::ITALIC | Modifier::DIM)
    );
}

/// The status bar's hints are right-aligned after the position; at some
/// widths nothing separates them (at 59 columns on the sample:
/// `line 1j next  k prev   `): `status::render` reserves its one column
/// of gap at the right end (`used` starts at 1 and the hints are drawn
/// from `right - used`), not between the two parts.
#[test]
fn the_status_hints_never_touch_the_position() {
    for w in 20..=200 {
        for zoom in [false, true] {
            let mut app = sample(w, 20);
            if zoom {
                app.update(Command::Open);
            }
            let buf = draw(&app);
            let status: String = row_cells(&buf, 19).into_iter().map(|(_, s)| s).collect();
            if let Some(at) = status.find("j next") {
                assert!(status[..at].ends_with(' '), "{w} columns: {status:?}");
            }
        }
    }
}

// ─────────────────────────── frame after frame ──────────────────────

/// A terminal screen as far as wide characters go: writing a character
/// two columns wide covers the next cell, and writing over either half of
/// a wide character erases all of it (what xterm, VTE and the like do;
/// `TestBackend` keeps old symbols under wide characters instead, so it
/// cannot show what a terminal would after several frames).
struct Screen {
    width: u16,
    /// `""` marks a cell covered by the wide character to its left.
    cells: Vec<Vec<String>>,
}

impl Screen {
    fn new(width: u16, height: u16) -> Screen {
        Screen {
            width,
            cells: vec![vec![" ".to_string(); usize::from(width)]; usize::from(height)],
        }
    }

    fn put(&mut self, x: u16, y: u16, sym: &str) {
        let row = &mut self.cells[usize::from(y)];
        let x = usize::from(x);
        let erase_wide_at = |row: &mut Vec<String>, at: usize| {
            if width(&row[at]) > 1 && at + 1 < row.len() {
                row[at + 1] = " ".into();
            }
            row[at] = " ".into();
        };
        if row[x].is_empty() {
            // Over the right half of a wide character.
            erase_wide_at(row, x - 1);
        }
        erase_wide_at(row, x);
        let w = width(sym).max(1);
        for i in 1..w {
            if x + i < usize::from(self.width) {
                if !row[x + i].is_empty() {
                    erase_wide_at(row, x + i);
                }
                row[x + i] = String::new();
            }
        }
        row[x] = sym.to_string();
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for row in &self.cells {
            out.push('"');
            for c in row {
                out.push_str(c);
            }
            out.push_str("\"\n");
        }
        out
    }
}

/// Drawn frame after frame, where only the cells that changed since the
/// last frame are written (ratatui's diff, as `Terminal::draw` sends it),
/// a terminal shows what a fresh draw gives: no half of a wide character
/// or piece of the help left behind.
#[test]
fn successive_frames_leave_nothing_behind() {
    for (w, h) in [(120u16, 40u16), (80, 24), (60, 20)] {
        let mut app = sample(w, h);
        let area = app.screen().area();
        let mut term = Screen::new(w, h);
        let mut previous = Buffer::empty(area);
        let mut steps = vec![Command::Help, Command::Back, Command::Help, Command::Down];
        steps.push(Command::Back);
        for _ in 0..SAMPLE_ARTICLES {
            steps.extend([Command::Down, Command::Help, Command::Back]);
        }
        steps.extend([
            Command::First,
            Command::FocusDetail,
            Command::PageDown,
            Command::Help,
            Command::Quit,
            Command::Down,
            Command::Open,
            Command::Help,
            Command::Back,
            Command::Back,
            Command::GrowList,
            Command::GrowList,
            Command::ShrinkList,
        ]);
        for (i, action) in steps.into_iter().enumerate() {
            app.update(action);
            let mut next = Buffer::empty(area);
            newsdump::ui::render_buffer(&mut next, area, &app);
            for (x, y, cell) in previous.diff(&next) {
                term.put(x, y, cell.symbol());
            }
            assert_eq!(term.text(), screen(&next), "{w}x{h}, step {i}: {action:?}");
            previous = next;
        }
    }
}

// ─────────────────────────── search highlights ──────────────────────────

/// `/` and `query` typed, the search run to its end; the prompt is open.
fn search(app: &mut App, query: &str) {
    app.update(Command::SearchPrompt);
    for c in query.chars() {
        app.update(Action::Insert(c));
    }
    app.wait_for_jobs();
}

/// Whether cell (x, y) has the match style.
fn is_matched(buf: &Buffer, x: u16, y: u16) -> bool {
    let m = newsdump::ui::Theme::default().matched();
    let cell = &buf[(x, y)];
    Some(cell.bg) == m.bg && Some(cell.fg) == m.fg
}

/// The drawn cells of `xs` (on row `y`) that have the match style. A cell
/// under the right half of a wide character is not drawn (a terminal
/// shows the character in the style of its first cell, and ratatui's diff
/// never sends the other), so it is left out.
fn matched_columns(buf: &Buffer, y: u16, xs: std::ops::Range<u16>) -> Vec<u16> {
    row_cells(buf, y)
        .into_iter()
        .map(|(x, _)| x)
        .filter(|&x| xs.contains(&x) && is_matched(buf, x, y))
        .collect()
}

/// The columns a naive search would mark in `xs` of row `y`: fold the
/// drawn text (`newsdump::search::fold`), find the folded query, and take
/// the drawn cells it covers.
fn expected_columns(buf: &Buffer, y: u16, xs: std::ops::Range<u16>, query: &str) -> Vec<u16> {
    let cells: Vec<(u16, String)> = row_cells(buf, y)
        .into_iter()
        .filter(|(x, _)| xs.contains(x))
        .collect();
    // One folded character per drawn character, with its cell.
    let mut folded: Vec<char> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (i, (_, sym)) in cells.iter().enumerate() {
        for c in newsdump::search::fold(sym).chars() {
            folded.push(c);
            owner.push(i);
        }
    }
    let q: Vec<char> = newsdump::search::fold(query).chars().collect();
    let mut cols = Vec::new();
    let mut at = 0;
    while at + q.len() <= folded.len() {
        if folded[at..at + q.len()] == q[..] {
            let (first, last) = (owner[at], owner[at + q.len() - 1]);
            cols.extend(cells[first..=last].iter().map(|(x, _)| *x));
            at += q.len();
        } else {
            at += 1;
        }
    }
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// Every row of the list (its title columns) and of the detail has the
/// match style exactly where a naive search finds the query, and nowhere
/// else; the detail only for a matching article.
fn assert_highlights(app: &App, buf: &Buffer, query: &str, list_title: std::ops::Range<u16>) {
    let panes = app.panes();
    let text = panes.detail_text();
    let detail_hit = app
        .detail()
        .zip(app.search())
        .is_some_and(|(d, s)| s.is_hit(d.article()));
    for y in text.top()..text.bottom() {
        let want = if detail_hit {
            expected_columns(buf, y, text.left()..text.right(), query)
        } else {
            Vec::new()
        };
        assert_eq!(
            matched_columns(buf, y, text.left()..text.right()),
            want,
            "detail row {y}:\n{}",
            screen(buf)
        );
    }
    let list = panes.list;
    for y in list.top()..list.bottom() {
        let row = usize::from(y - list.top()) + app.view().list_offset();
        let hit = app
            .article_of(row)
            .is_some_and(|i| app.search().unwrap().is_hit(i));
        let want = if hit {
            expected_columns(buf, y, list_title.clone(), query)
        } else {
            Vec::new()
        };
        assert_eq!(
            matched_columns(buf, y, list.left()..list.right()),
            want,
            "list row {y}:\n{}",
            screen(buf)
        );
    }
}

/// The mark column of each list row on screen: `•` for a hit.
fn marks(app: &App, buf: &Buffer) -> Vec<(usize, String)> {
    let list = app.panes().list;
    (list.top()..list.bottom())
        .map(|y| {
            (
                usize::from(y - list.top()) + app.view().list_offset() + 1,
                buf[(list.left(), y)].symbol().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_search_is_highlighted_in_list_titles_and_the_text() {
    let mut app = sample(120, 40);
    search(&mut app, "lumen-3x");
    let s = app.search().unwrap();
    assert_eq!((s.count(), s.is_done()), (2, true));
    let buf = draw(&app);
    check_screen(&buf);
    // The list at 120 columns: 54 wide, the title from column 5 (after the
    // search mark and the triage gutter), the source and date columns in
    // the last 22.
    assert_highlights(&app, &buf, "lumen-3x", 5..54 - 22);
    // Article 1's title, `星河智算发布Lumen-3x…`: six Chinese characters,
    // then the match over eight columns.
    assert_eq!(
        matched_columns(&buf, 0, 0..54),
        (17..25).collect::<Vec<_>>()
    );
    // Article 4's title starts with it.
    assert_eq!(matched_columns(&buf, 3, 0..54), (5..13).collect::<Vec<_>>());
    // The detail shows article 1: its title line has the match at the
    // same offset from the text's left edge (column 56).
    assert_eq!(
        matched_columns(&buf, 0, 55..120),
        (68..76).collect::<Vec<_>>()
    );
    let body_matches: usize = (1..39)
        .map(|y| matched_columns(&buf, y, 56..120).len())
        .sum();
    assert!(body_matches >= 8 * 3, "{body_matches} columns in the body");
    // The mark column: `•` on the two hits only.
    for (id, mark) in marks(&app, &buf) {
        let want = if id == 1 || id == 4 { "•" } else { " " };
        assert_eq!(mark, want, "article {id}");
    }
    // The prompt at the bottom: the query and the count.
    let status: String = row_cells(&buf, 39).into_iter().map(|(_, s)| s).collect();
    assert!(status.starts_with(" /lumen-3x"), "{status:?}");
    assert!(status.contains("2 hits"), "{status:?}");
}

#[test]
fn width_folded_matches_are_highlighted_over_their_full_width() {
    // `24gb显存)` finds `24GB显存）` in article 1: four ASCII characters, two
    // Chinese ones and a full-width bracket; ten columns.
    // The line is below the first screen of article 1: page the text down
    // until it shows.
    let find = |query: &str| {
        let mut app = sample(120, 40);
        search(&mut app, query);
        app.update(Command::PromptSubmit);
        app.update(Command::First);
        app.update(Command::FocusDetail);
        for _ in 0..10 {
            let buf = draw(&app);
            assert_highlights(&app, &buf, query, 2..32);
            let rows: Vec<(u16, Vec<u16>)> = (0..39)
                .map(|y| (y, matched_columns(&buf, y, 56..120)))
                .filter(|(_, c)| !c.is_empty())
                .collect();
            if !rows.is_empty() {
                return (app.detail().unwrap().scroll(), buf, rows);
            }
            app.update(Command::PageDown);
        }
        panic!("{query} is not highlighted on any page");
    };
    let (scroll, buf, rows) = find("24gb显存)");
    assert_eq!(rows.len(), 1, "one match in the text: {rows:?}");
    let (y, cols) = &rows[0];
    // Seven characters drawn: four ASCII ones, then `显` `存` `）` of two
    // columns each.
    assert_eq!(cols.len(), 7, "row {y}: {cols:?}");
    assert_eq!(drawn_at(&buf, cols[0], *y).as_deref(), Some("2"));
    assert_eq!(drawn_at(&buf, cols[6], *y).as_deref(), Some("）"));
    assert_eq!(cols[6] + 2 - cols[0], 10, "ten columns: {cols:?}");
    // The same in capitals and full width, on the same cells.
    let (scroll_again, _, again) = find("２４ＧＢ显存）");
    assert_eq!((scroll_again, &again), (scroll, &rows));
}

/// At 120×40, article 1's `（需要24GB显存）` wraps after `（需`: the text is
/// highlighted line by line, so a match that wraps is not highlighted at
/// all, though it is what made the article a hit.
#[test]
fn a_match_wrapped_across_lines_is_highlighted() {
    let mut app = sample(120, 40);
    search(&mut app, "(需要24gb");
    assert_eq!(app.search().unwrap().count(), 1);
    app.update(Command::PromptSubmit);
    app.update(Command::FocusDetail);
    let row = |buf: &Buffer, y: u16| -> String {
        row_cells(buf, y)
            .into_iter()
            .filter(|(x, _)| *x >= 56)
            .map(|(_, s)| s)
            .collect()
    };
    let mut found = None;
    for _ in 0..10 {
        let buf = draw(&app);
        if let Some(y) = (0..38).find(|&y| row(&buf, y).trim_end().ends_with("（需")) {
            found = Some((buf, y));
            break;
        }
        app.update(Command::PageDown);
    }
    let (buf, y) = found.expect("the wrap after （需");
    assert!(
        row(&buf, y + 1).starts_with("要24GB"),
        "{}",
        row(&buf, y + 1)
    );
    let tail = matched_columns(&buf, y, 56..120);
    let head = matched_columns(&buf, y + 1, 56..120);
    assert_eq!((tail.len(), head.len()), (2, 5), "{tail:?} {head:?}");
}

#[test]
fn a_chinese_search_marks_body_hits_and_highlights_title_hits() {
    let mut app = sample(120, 40);
    search(&mut app, "青屿");
    app.update(Command::PromptSubmit);
    // Enter went to article 9, which has 青屿 in its body only.
    assert_eq!(app.view().selected(), 8);
    let buf = draw(&app);
    check_screen(&buf);
    assert_highlights(&app, &buf, "青屿", 5..32);
    for (id, mark) in marks(&app, &buf) {
        let want = if id == 9 || id == 13 { "•" } else { " " };
        assert_eq!(mark, want, "article {id}");
    }
    assert!(
        matched_columns(&buf, 8, 0..54).is_empty(),
        "not in 9's title"
    );
    assert_eq!(matched_columns(&buf, 12, 0..54), vec![5, 7]);
    // The selected row keeps its highlight around the match.
    use ratatui::style::Color;
    assert_eq!(buf[(30, 8)].bg, Color::Blue);
    // In the text of article 9, the body's 青屿 is marked.
    let text_matches: usize = (0..39)
        .map(|y| matched_columns(&buf, y, 56..120).len())
        .sum();
    assert_eq!(text_matches, 2, "one 青屿: two characters");
    // After Enter the status bar keeps the query and the count.
    let status: String = row_cells(&buf, 39).into_iter().map(|(_, s)| s).collect();
    assert!(status.contains("/青屿 2 hits"), "{status:?}");
    assert!(status.contains("9/28"), "{status:?}");
}

#[test]
fn the_text_of_an_article_that_does_not_match_is_not_highlighted() {
    let mut app = sample(120, 40);
    search(&mut app, "lumen-3x");
    app.update(Command::PromptCancel);
    // Esc with no search before: none now.
    assert!(app.search().is_none());
    search(&mut app, "lumen-3x");
    app.update(Command::PromptSubmit);
    app.update(Command::Down);
    assert_eq!(app.view().selected(), 4);
    let buf = draw(&app);
    assert_highlights(&app, &buf, "lumen-3x", 2..32);
    for y in 0..39 {
        assert!(matched_columns(&buf, y, 55..120).is_empty(), "row {y}");
    }
}

#[test]
fn highlights_at_every_size() {
    for (w, h) in [
        (120u16, 40u16),
        (100, 30),
        (80, 24),
        (60, 20),
        (40, 12),
        (20, 5),
    ] {
        for q in [
            "lumen-3x",
            "青屿",
            "TECHWIRE",
            "开源",
            "ｈａｒｂｏｒｌｉｎｅ",
        ] {
            let mut app = sample(w, h);
            search(&mut app, q);
            app.update(Command::PromptSubmit);
            let buf = draw(&app);
            check_screen(&buf);
            // Highlights never leave the screen's cells or land on the
            // status bar.
            let status_y = h - 1;
            assert!(
                matched_columns(&buf, status_y, 0..w).is_empty(),
                "{w}x{h} {q}"
            );
        }
    }
}

/// A screen with the highlights listed under it: the row and the columns
/// of each run of matched cells.
fn screen_with_highlights(buf: &Buffer) -> String {
    let mut out = screen(buf);
    out.push_str("matched cells:\n");
    for y in buf.area.top()..buf.area.bottom() {
        let cols = matched_columns(buf, y, buf.area.left()..buf.area.right());
        if cols.is_empty() {
            continue;
        }
        let mut runs: Vec<String> = Vec::new();
        let mut start = cols[0];
        for (i, &x) in cols.iter().enumerate() {
            let end_of_run = cols.get(i + 1).is_none_or(|&n| n != x + 1);
            if end_of_run {
                runs.push(format!("{start}..{}", x + 1));
                if let Some(&n) = cols.get(i + 1) {
                    start = n;
                }
            }
        }
        out.push_str(&format!("  row {y}: {}\n", runs.join(", ")));
    }
    out
}

#[test]
fn search_prompt_at_120x40() {
    let mut app = sample(120, 40);
    search(&mut app, "lumen-3x");
    let buf = draw(&app);
    check_screen(&buf);
    insta::assert_snapshot!("search_prompt_120x40", screen_with_highlights(&buf));
}

#[test]
fn search_prompt_at_60x20() {
    let mut app = sample(60, 20);
    search(&mut app, "lumen-3x");
    let buf = draw(&app);
    check_screen(&buf);
    // Stacked: the list 59 columns and its scroll bar; the titles from
    // column 2, the source and date columns in the last 22.
    assert_highlights(&app, &buf, "lumen-3x", 2..59 - 22);
    insta::assert_snapshot!("search_prompt_60x20", screen_with_highlights(&buf));
}

/// Link lines on screen, for the event loop's OSC 8 hyperlinks: each run
/// with its whole URL (a wrapped one's continuation lines too), none under
/// an overlay.
#[test]
fn link_lines_on_screen_carry_their_whole_url() {
    let mut app = sample(120, 40);
    app.update(Command::FocusDetail);
    app.update(Command::Last);
    let links = newsdump::ui::links_on_screen(&app);
    let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
    assert!(
        urls.contains(&"https://docs.example.com/lumen-3x/api"),
        "{links:?}"
    );
    let tracking: Vec<_> = links
        .iter()
        .filter(|l| l.url.starts_with("https://tracking.example.net/"))
        .collect();
    assert!(tracking.len() > 1, "the wrapped link's lines: {links:?}");
    let buf = draw(&app);
    for l in &links {
        let drawn: String = (0..newsdump::text::width(&l.text) as u16)
            .map(|dx| buf[(l.x + dx, l.y)].symbol().to_string())
            .collect();
        assert_eq!(drawn, l.text, "drawn where it says");
    }
    app.update(Command::Help);
    assert!(newsdump::ui::links_on_screen(&app).is_empty());
}
