//! Opening a big dump in the reader: the first megabytes are parsed before
//! the first screen, the rest in the background; the full index then
//! replaces the partial one without losing the reader's place.

use std::io::Write;
use std::time::{Duration, Instant};

use newsdump::app::{Action, App, Command};
use newsdump::dump::Index;
use newsdump::input::Corpus;

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
    while app.documents().loading().is_some() {
        assert!(Instant::now() < deadline, "indexing did not finish");
        app.tick();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_big_dump_opens_on_its_first_megabytes_then_grows() {
    let f = big_dump(12 << 20);
    let (input, indexing) =
        newsdump::input::open_progressive(&[f.path().to_path_buf()], &Default::default()).unwrap();
    let indexing = indexing.expect("a 12 MB dump is indexed in the background");
    let part = input.len();
    let whole = Index::parse(&std::fs::read(f.path()).unwrap());
    assert!(part > 0 && part < whole.len(), "{part} of {}", whole.len());
    // The part agrees with the whole, but for its last, cut, article.
    assert_eq!(
        &input.docs()[0].index.entries()[..part - 1],
        &whole.entries()[..part - 1]
    );

    let mut app = App::new(input, 120, 40);
    app.set_loading(Some(indexing));
    app.update(Action::Digit(5));
    app.update(Command::Down);
    let selected = app.selected_article();
    wait_indexed(&mut app);
    assert_eq!(app.len(), whole.len());
    assert_eq!(app.corpus().docs()[0].index.entries(), whole.entries());
    assert_eq!(
        app.selected_article(),
        selected,
        "the reader keeps its place"
    );
    assert!(
        app.messages()
            .current()
            .is_some_and(|m| m.contains("indexed"))
    );
}

#[test]
fn g_while_indexing_goes_to_the_real_last_article() {
    let f = big_dump(12 << 20);
    let (input, indexing) =
        newsdump::input::open_progressive(&[f.path().to_path_buf()], &Default::default()).unwrap();
    let mut app = App::new(input, 120, 40);
    app.set_loading(indexing);
    app.update(Command::Last);
    wait_indexed(&mut app);
    assert_eq!(app.view().selected() + 1, app.len());
    assert!(app.len() > 10_000);
}

#[test]
fn a_search_started_while_indexing_covers_the_whole_dump() {
    let f = big_dump(12 << 20);
    let (input, indexing) =
        newsdump::input::open_progressive(&[f.path().to_path_buf()], &Default::default()).unwrap();
    let mut app = App::new(input, 120, 40);
    app.set_loading(indexing);
    app.update(Command::SearchPrompt);
    for c in "IT之窗".chars() {
        app.update(Action::Insert(c));
    }
    wait_indexed(&mut app);
    app.wait_for_jobs();
    let pages = app.len() / 4;
    let hits = app.search().unwrap().count();
    assert!(
        hits + 1 >= pages && hits <= pages + 1,
        "{hits} hits for {pages} pages"
    );
}

#[test]
fn a_small_dump_is_parsed_at_once() {
    let f = big_dump(100_000);
    let (input, indexing) =
        newsdump::input::open_progressive(&[f.path().to_path_buf()], &Default::default()).unwrap();
    assert!(indexing.is_none());
    assert_eq!(
        input.len(),
        Index::parse(&std::fs::read(f.path()).unwrap()).len()
    );
}

fn wait_for(app: &mut App, what: &str, pred: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        app.tick();
        if pred(app) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn follow_mode_shows_new_articles_and_stays_on_the_last() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    write!(f, "头条一\n正文。\n\n头条二\n正文二。\n\n").unwrap();
    f.flush().unwrap();
    let mut app = App::new(Corpus::load(f.path()).unwrap(), 120, 40);
    app.update(Command::ToggleFollow);
    assert!(app.documents().following());
    assert_eq!(
        app.view().selected(),
        1,
        "following goes to the last article"
    );
    write!(f, "头条三\n正文三。\n\n").unwrap();
    f.flush().unwrap();
    wait_for(&mut app, "the third article", |a| a.len() == 3);
    assert_eq!(
        app.view().selected(),
        2,
        "on the last, it stays on the last"
    );
    assert_eq!(app.messages().current(), Some("1 new article"));
    // Elsewhere in the list, the selection stays put.
    app.update(Command::First);
    write!(f, "头条四\n正文四。\n\n").unwrap();
    f.flush().unwrap();
    wait_for(&mut app, "the fourth article", |a| a.len() == 4);
    assert_eq!(app.view().selected(), 0);
    let detail = app.detail().unwrap();
    assert_eq!(detail.article(), 0);
    // A replaced file is read again, with a message.
    let other = f.path().with_extension("new");
    std::fs::write(&other, "新文件\n内容。\n").unwrap();
    std::fs::rename(&other, f.path()).unwrap();
    wait_for(&mut app, "the new file", |a| a.len() == 1);
    assert!(
        app.messages()
            .current()
            .is_some_and(|m| m.contains("changed on disk")),
        "{:?}",
        app.messages().current()
    );
    app.update(Command::ToggleFollow);
    assert!(!app.documents().following());
}

#[test]
fn a_stream_is_shown_as_it_arrives() {
    let (reader, mut writer) = std::io::pipe().unwrap();
    writer.write_all("头条一\n正文。\n\n".as_bytes()).unwrap();
    let mut app = App::new(Corpus::spool("stream".into(), reader).unwrap(), 120, 40);
    wait_for(&mut app, "the first article", |a| a.len() == 1);
    assert!(app.corpus().streaming());
    writer
        .write_all("头条二\n正文二。\n\n头条三\n正文三。\n".as_bytes())
        .unwrap();
    drop(writer);
    wait_for(&mut app, "the end of the stream", |a| {
        a.len() == 3 && !a.corpus().streaming()
    });
    assert_eq!(app.corpus().len(), 3);
}

#[test]
fn a_gzip_stream_is_decompressed_and_a_gbk_one_decoded() {
    let text = "压缩流的头条\n正文第一段,说明事情的经过。\n\n第二个头条\n第二段正文。\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    let many = format!("{text}\n").repeat(20);
    let (gbk, _, _) = encoding_rs::GBK.encode(&many);
    for (bytes, articles) in [(gz.finish().unwrap(), 2), (gbk.into_owned(), 40)] {
        let (reader, mut writer) = std::io::pipe().unwrap();
        writer.write_all(&bytes).unwrap();
        drop(writer);
        let mut app = App::new(Corpus::spool("stream".into(), reader).unwrap(), 120, 40);
        wait_for(&mut app, "the whole stream", |a| {
            a.len() == articles && !a.corpus().streaming()
        });
        let title = app.corpus().with_article(0, |a| a.title().into_owned());
        assert_eq!(title.as_deref(), Some("压缩流的头条"));
    }
}
