//! `newsdump show` on a real terminal: styled, at the terminal's width, and
//! plain under NO_COLOR; never a control sequence from the dump.

mod common;

use common::{Tty, bin, sh};

fn fixture(dir: &tempfile::TempDir, text: &str) -> std::path::PathBuf {
    let p = dir.path().join("d.txt");
    std::fs::write(&p, text).unwrap();
    p
}

const DUMP: &str = "标题:某公司发布新模型\n第一段正文,说明背景。这一段足够长,可以在四十列的终端里折成好几行,用来检查宽度。\n小标题\nhttps://example.org/a\n";

#[test]
fn show_wraps_at_the_terminal_width_and_styles_the_title() {
    assert!(common::have_tmux(), "tmux is needed: .ci/run installs it");
    let dir = tempfile::tempdir().unwrap();
    let f = fixture(&dir, DUMP);
    let tty = Tty::start(40, 20, &format!("{} show {} 1", bin(), sh(&f)), &[]);
    tty.wait_exit();
    let screen = tty.transcript();
    assert!(screen.starts_with("标题:某公司发布新模型\n"), "{screen}");
    assert!(
        screen.contains("\n第一段正文,说明背景。这一段足够长,可以在\n"),
        "wrapped at 40:\n{screen}"
    );
    for line in screen.lines() {
        assert!(newsdump::text::width(line) <= 40, "{line:?}");
    }
    let styled = tty.transcript_styled();
    assert!(
        styled.contains("\x1b[1m标题"),
        "bold title expected:\n{styled:?}"
    );
}

#[test]
fn no_color_prints_no_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture(&dir, DUMP);
    let tty = Tty::start(
        60,
        20,
        &format!("{} show {} 1", bin(), sh(&f)),
        &[("NO_COLOR", "1")],
    );
    tty.wait_exit();
    let styled = tty.transcript_styled();
    assert!(styled.contains("[1] https://example.org/a"), "{styled}");
    assert!(
        !styled.contains("\x1b["),
        "no styles under NO_COLOR:\n{styled:?}"
    );
}

#[test]
fn escape_sequences_in_the_dump_stay_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture(
        &dir,
        "标题\x1b]0;PWNED\x07\n正文\x1b[2J\x1b[H清屏\x1b]52;c;aGk=\x07剪贴板\u{202e}反转\x1b[?1049h备用屏。\n",
    );
    let tty = Tty::start(60, 20, &format!("{} show {} 1", bin(), sh(&f)), &[]);
    tty.wait_exit();
    let screen = tty.transcript();
    assert!(screen.contains("标题␛]0;PWNED␇"), "{screen}");
    assert!(
        screen.contains("正文␛[2J␛[H清屏␛]52;c;aGk=␇剪贴板\u{fffd}反转␛[?1049h备用屏。"),
        "{screen}"
    );
}
