//! One frame of the reader, state to buffer, with a 1,000,000-article
//! index: `cargo bench --bench frame`. The goal is under 1 ms.

use divan::{Bencher, black_box};
use newsdump::app::{Action, App, Command};
use newsdump::input::{Bytes, Corpus};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn main() {
    divan::main();
}

/// A million articles: pages of one lead and four items, Chinese text.
fn million() -> Corpus {
    let mut s = String::with_capacity(90 << 20);
    let mut n = 0;
    let mut page = 0;
    while n < 1_000_000 {
        page += 1;
        s.push_str(&format!("第{page}页的头条:某市发布新一代公共服务平台\n平台上线首日访问量突破十万人次,覆盖交通、医疗和教育三类服务。\n"));
        s.push_str(&format!("相关报道{page}之一\n"));
        for k in 0..4 {
            let next = if k < 3 {
                format!("相关报道{page}之{}", k + 2)
            } else {
                String::new()
            };
            s.push_str(&format!(
                "摘要说明了事件的经过和影响。快讯社2024-0{}-1{} 0{}:30:000001{next}\n",
                1 + k % 9,
                k,
                k
            ));
        }
        n += 5;
    }
    Corpus::single("million.txt".into(), Bytes::Owned(s.into_bytes()))
}

#[divan::bench(args = [(120, 40), (80, 24)])]
fn render_one_frame(bencher: Bencher, (w, h): (u16, u16)) {
    let mut app = App::new(million(), w, h);
    assert!(app.len() >= 1_000_000);
    app.update(Action::Digit(5));
    app.update(Action::Digit(0));
    app.update(Action::Digit(0));
    app.update(Action::Digit(0));
    app.update(Action::Digit(0));
    app.update(Action::Digit(0));
    app.update(Command::Last);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    bencher.bench_local(|| {
        buf.reset();
        newsdump::ui::render_buffer(&mut buf, area, black_box(&app));
    });
}

#[divan::bench(args = [(120, 40)])]
fn next_article_and_render(bencher: Bencher, (w, h): (u16, u16)) {
    let mut app = App::new(million(), w, h);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    bencher.bench_local(|| {
        app.update(Command::Down);
        buf.reset();
        newsdump::ui::render_buffer(&mut buf, area, black_box(&app));
    });
}
