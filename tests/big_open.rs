//! Opening a big dump in the reader: the first megabytes are parsed before
//! the first screen, the rest in the background; the full index then
//! replaces the partial one without losing the reader's place.

use std::io::Write;
use std::time::{Duration, Instant};

use newsdump::app::{Action, App};
use newsdump::dump::Index;
use newsdump::input::Input;

/// A dump of about `bytes` bytes: pages of a lead and three items.
fn big_dump(bytes: usize) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    let mut written = 0;
    let mut page = 0;
    while written < bytes {
        page += 1;
        let text = format!(
            "第{page}页头条:新平台上线\n平台上线首日访问量突破十万人次,覆盖交通、医疗和教育三类服务。\n相关报道{page}之一\n摘要一。快讯社2024-05-02 08:30:150001相关报道{page}之二\n摘要二。快讯社2024-05-03 09:00:000002相关报道{page}之三\n摘要三。IT之窗2024-05-04 10:00:000003\n"
        );
        f.write_all(text.as_bytes()).unwrap();
        written += text.len();
    }
    f.flush().unwrap();
    f
}

fn wait_indexed(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.indexing.is_some() {
        assert!(Instant::now() < deadline, "indexing did not finish");
        app.tick();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_big_dump_opens_on_its_first_megabytes_then_grows() {
    let f = big_dump(12 << 20);
    let (input, indexing) = Input::open_progressive(f.path()).unwrap();
    let indexing = indexing.expect("a 12 MB dump is indexed in the background");
    let part = input.index.len();
    let whole = Index::parse(&std::fs::read(f.path()).unwrap());
    assert!(part > 0 && part < whole.len(), "{part} of {}", whole.len());
    // The part agrees with the whole, but for its last, cut, article.
    assert_eq!(
        &input.index.entries()[..part - 1],
        &whole.entries()[..part - 1]
    );

    let mut app = App::new(input, 120, 40);
    app.indexing = Some(indexing);
    app.update(Action::Digit(5));
    app.update(Action::Down);
    let selected = app.selected_article();
    wait_indexed(&mut app);
    assert_eq!(app.len(), whole.len());
    assert_eq!(app.input.index.entries(), whole.entries());
    assert_eq!(
        app.selected_article(),
        selected,
        "the reader keeps its place"
    );
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("indexed"))
    );
}

#[test]
fn g_while_indexing_goes_to_the_real_last_article() {
    let f = big_dump(12 << 20);
    let (input, indexing) = Input::open_progressive(f.path()).unwrap();
    let mut app = App::new(input, 120, 40);
    app.indexing = indexing;
    app.update(Action::Last);
    wait_indexed(&mut app);
    assert_eq!(app.selected + 1, app.len());
    assert!(app.len() > 10_000);
}

#[test]
fn a_search_started_while_indexing_covers_the_whole_dump() {
    let f = big_dump(12 << 20);
    let (input, indexing) = Input::open_progressive(f.path()).unwrap();
    let mut app = App::new(input, 120, 40);
    app.indexing = indexing;
    app.update(Action::SearchPrompt);
    for c in "IT之窗".chars() {
        app.update(Action::Prompt(newsdump::app::prompt::Edit::Insert(c)));
    }
    wait_indexed(&mut app);
    app.wait_for_jobs();
    let pages = app.len() / 4;
    let hits = app.search.as_ref().unwrap().count;
    assert!(
        hits + 1 >= pages && hits <= pages + 1,
        "{hits} hits for {pages} pages"
    );
}

#[test]
fn a_small_dump_is_parsed_at_once() {
    let f = big_dump(100_000);
    let (input, indexing) = Input::open_progressive(f.path()).unwrap();
    assert!(indexing.is_none());
    assert_eq!(
        input.index.len(),
        Index::parse(&std::fs::read(f.path()).unwrap()).len()
    );
}
