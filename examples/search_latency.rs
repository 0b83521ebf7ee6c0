//! How fast the reader's search answers on a big dump: for each query,
//! the time from the keystroke to the first hit and to the end of the
//! search, medians of several runs. Run by `scripts/bench.sh`:
//!
//! ```text
//! cargo run --release --example search_latency -- target/bench/big.txt
//! ```

use std::time::{Duration, Instant};

use newsdump::app::{Action, App, Command};
use newsdump::input::Corpus;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench/big.txt".into());
    let input = Corpus::load(std::path::Path::new(&path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    println!("{path}: {} articles", input.len());
    let mut app = App::new(input, 120, 40);
    for query in [
        "zzznotthere",
        "Nimbrix",
        "科技日报网",
        "falcon 180b",
        "第1页",
    ] {
        let mut first = Vec::new();
        let mut all = Vec::new();
        let mut hits = 0;
        for _ in 0..5 {
            app.update(Command::SearchPrompt);
            let started = Instant::now();
            for c in query.chars() {
                app.update(Action::Insert(c));
            }
            let mut first_at = None;
            while app.busy() {
                app.tick();
                if first_at.is_none() && app.search().is_some_and(|s| s.count() > 0) {
                    first_at = Some(started.elapsed());
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            app.tick();
            all.push(started.elapsed());
            hits = app.search().map_or(0, |s| s.count());
            if let Some(f) = first_at.or((hits > 0).then(|| started.elapsed())) {
                first.push(f);
            }
            app.update(Command::PromptCancel);
        }
        let median = |v: &mut Vec<Duration>| {
            v.sort();
            v.get(v.len() / 2).map_or("-".to_string(), |d| {
                format!("{:.1} ms", d.as_secs_f64() * 1e3)
            })
        };
        println!(
            "{query:<14} {hits:>8} hits   first hit {:>9}   whole dump {:>9}",
            median(&mut first),
            median(&mut all)
        );
    }
}
