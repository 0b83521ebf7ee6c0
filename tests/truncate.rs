//! A dump truncated by another process while newsdump has it mapped: no
//! SIGBUS, the reader reads it again and says so. (One test: the guard's
//! flag is process-wide.)

use std::io::Write;

use newsdump::app::{App, Command};
use newsdump::input::{Corpus, take_truncated};

#[test]
fn a_truncated_dump_does_not_kill_the_reader() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for i in 0..40_000 {
        writeln!(f, "第{i}篇头条\n正文第{i}段,说明事情的经过。\n").unwrap();
    }
    f.flush().unwrap();
    let len = f.as_file().metadata().unwrap().len();
    assert!(len > 1 << 20);

    // The library: touching the cut-off pages reads zeros instead of dying.
    let original = std::fs::read(f.path()).unwrap();
    let input = Corpus::load(f.path()).unwrap();
    let articles = input.len();
    f.as_file().set_len(4096).unwrap();
    let text = input.text(0);
    // The same length as mapped: what is still in the file reads as it
    // was, every byte past the cut (rounded to the page) as zero.
    assert_eq!(text.len(), original.len());
    assert_eq!(&text[..4096], &original[..4096]);
    assert!(
        text[4096..].iter().all(|&b| b == 0),
        "the cut-off part is not zeros"
    );
    assert!(original[4096..].iter().any(|&b| b != 0));
    assert!(take_truncated(), "the guard saw the truncation");
    assert!(!take_truncated(), "the flag is taken once");
    drop(input);

    // The reader: it reads the file again and says so.
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for i in 0..40_000 {
        writeln!(f, "第{i}篇头条\n正文第{i}段,说明事情的经过。\n").unwrap();
    }
    f.flush().unwrap();
    let mut app = App::new(Corpus::load(f.path()).unwrap(), 120, 40);
    assert_eq!(app.len(), articles);
    f.as_file().set_len(4096).unwrap();
    // Going to the end touches the cut-off part.
    app.update(Command::Last);
    app.update(Command::Up);
    // The file is read again on a thread.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.len() >= 200 {
        assert!(std::time::Instant::now() < deadline, "not read again");
        app.tick();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        app.messages()
            .current()
            .is_some_and(|m| m.contains("changed on disk")),
        "{:?}",
        app.messages().current()
    );
    // And it goes on working.
    app.update(Command::Last);
    app.update(Command::First);
    assert_eq!(app.view().selected(), 0);
}
