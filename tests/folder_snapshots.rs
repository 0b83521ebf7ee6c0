//! Whole screens of the reader on a corpus of several files, through
//! ratatui's `TestBackend`: the list's file column, the detail's second
//! meta line (file, compression, encoding), the files overlay with skipped
//! files, `]`/`[` between files.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::path::PathBuf;
use std::sync::Arc;

use newsdump::app::{App, Command};
use newsdump::dump::Index;
use newsdump::input::decode::Compression;
use newsdump::input::{Bytes, Corpus, Document, Provenance, Skipped};
use newsdump::text::width;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// A document held in memory, as if read from `rel` under the folder.
fn doc(
    rel: &str,
    text: &str,
    encoding: &'static encoding_rs::Encoding,
    c: Compression,
) -> Arc<Document> {
    let bytes = Bytes::Owned(text.as_bytes().to_vec());
    let index = Index::parse(&bytes);
    let mut prov = Provenance::fixed(rel);
    prov.encoding = encoding;
    prov.compression = c;
    Arc::new(Document::held(prov, index, Arc::new(bytes)))
}

/// A scrape of three pages (one was gzip'd, one GBK) and two skipped files.
fn scrape(width: u16, height: u16) -> App {
    let docs = vec![
        doc(
            "2024/05/01/2_a3f9.txt",
            "社区食堂开业:每天供应三餐\n食堂设在街道服务中心一楼,老人用餐打八折。\n\
             条目:公交线路调整\n三条线路将延长运营时间。晨报2024-05-01 08:00:000001\n",
            encoding_rs::UTF_8,
            Compression::None,
        ),
        doc(
            "2024/05/01/10_b7c2.txt.gz",
            "河道清淤工程完工\n清淤后河道水质明显改善,沿岸步道同步开放。\n",
            encoding_rs::UTF_8,
            Compression::Gzip,
        ),
        doc(
            "2024/05/02/3_d1e8.txt",
            "图书馆延长开放时间\n周末开放到晚上十点,自习区新增两百个座位。\n",
            encoding_rs::GBK,
            Compression::None,
        ),
    ];
    let mut corpus = Corpus::new("crawl".into(), vec![PathBuf::from("crawl")], docs);
    corpus.set_skipped(vec![
        Skipped {
            path: "crawl/2024/05/02/.DS_Store".into(),
            reason: "binary".into(),
        },
        Skipped {
            path: "crawl/2024/05/02/9_ffff.txt".into(),
            reason: "empty".into(),
        },
    ]);
    App::new(corpus, width, height)
}

fn draw(app: &App) -> Buffer {
    let area = app.screen().area();
    let backend = TestBackend::new(area.width, area.height);
    let mut terminal = Terminal::new(backend).unwrap();
    terminal
        .draw(|f| newsdump::ui::render(f, app, newsdump::ui::Theme::default()))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as a terminal shows it, one quoted row a line; no row wider
/// than the screen, no control character in a cell.
fn screen(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in buf.area.top()..buf.area.bottom() {
        let mut row = String::new();
        let mut skip = 0;
        for x in buf.area.left()..buf.area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(char::is_control),
                "a control at ({x}, {y})"
            );
            skip = width(sym).saturating_sub(1);
            row.push_str(sym);
        }
        assert!(
            width(&row) <= usize::from(buf.area.width),
            "row {y} too wide: {row}"
        );
        out.push_str(&format!("\"{row}\"\n"));
    }
    out
}

#[test]
fn a_scrape_at_120x16() {
    let app = scrape(120, 16);
    insta::assert_snapshot!("scrape_120x16", screen(&draw(&app)));
}

#[test]
fn the_next_file_shows_its_compression_and_encoding() {
    let mut app = scrape(120, 16);
    app.update(Command::NextFile);
    let gz = screen(&draw(&app));
    assert!(gz.contains("10_b7c2.txt.gz:1 · gzip"), "{gz}");
    app.update(Command::NextFile);
    let gbk = screen(&draw(&app));
    insta::assert_snapshot!("scrape_gbk_120x16", gbk);
    assert!(gbk.contains("3_d1e8.txt:1 · gbk"), "{gbk}");
    app.update(Command::PrevFile);
    assert_eq!(
        app.view().selected(),
        2,
        "[ goes to the previous file's start"
    );
}

#[test]
fn the_files_overlay_lists_what_was_skipped_at_80x24() {
    let mut app = scrape(80, 24);
    app.update(Command::Files);
    let s = screen(&draw(&app));
    insta::assert_snapshot!("scrape_files_80x24", s);
    assert!(
        s.contains("binary") && s.contains("2024/05/02/.DS_Store"),
        "{s}"
    );
    assert!(s.contains("2 skipped (S)"), "{s}");
}

#[test]
fn the_file_column_hides_and_narrow_lists_drop_it() {
    let mut app = scrape(120, 16);
    assert!(screen(&draw(&app)).contains("…1/2_a3f9.txt"));
    app.update(Command::ToggleFiles);
    assert!(!screen(&draw(&app)).contains("2_a3f9.txt "));
    let narrow = scrape(60, 20);
    insta::assert_snapshot!("scrape_60x20", screen(&draw(&narrow)));
}
