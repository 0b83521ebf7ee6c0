//! The reader's cache of a folder's indexes, through the library: a folder
//! opened again takes unchanged files from the cache and reads the rest;
//! what it shows is the same either way; a damaged cache is rebuilt.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use newsdump::input::{Corpus, LoadOptions, open_progressive};

/// Files in the folder: more than a screenful, so the cache is used.
const FILES: usize = 300;

fn page(i: usize) -> String {
    format!(
        "第{i}号头条:社区食堂开业\n食堂每天供应早餐和午餐,价格公道。\n\
         条目{i}甲\n摘要写到这里结束。晨报2024-05-02 08:30:150001条目{i}乙\n\
         另一条摘要也在这里。晚报2024-05-03 09:00:000002\n"
    )
}

/// Opens `dir` as the reader does and waits for the whole of it; returns
/// the corpus and how many files came from the cache.
fn open(dir: &Path, use_cache: bool) -> (Corpus, u64) {
    let opts = LoadOptions {
        use_cache,
        ..LoadOptions::default()
    };
    let (mut corpus, loading) = open_progressive(&[dir.to_path_buf()], &opts).unwrap();
    let mut cached = 0;
    if let Some(loading) = loading {
        loop {
            let (c, done) = loading
                .rx
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("the load finishes")
                .expect("the folder reads");
            corpus = c;
            if done {
                break;
            }
        }
        cached = loading.progress.cached.load(Ordering::Relaxed);
    }
    (corpus, cached)
}

/// Every article as the list would show it: file, title, source, time.
fn listing(c: &Corpus) -> Vec<String> {
    (0..c.len())
        .map(|o| {
            let file = c.file_name(c.doc_of(o).unwrap());
            c.with_article(o, |a| {
                format!(
                    "{file}\t{}\t{}\t{}",
                    a.title(),
                    a.source().unwrap_or_default(),
                    a.time().unwrap_or_default()
                )
            })
            .unwrap()
        })
        .collect()
}

fn cache_files(home: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(home.join("newsdump"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_folder_opened_again_comes_from_the_cache_and_shows_the_same() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary; nothing else reads the
    // environment meanwhile.
    unsafe { std::env::set_var("XDG_CACHE_HOME", home.path()) };
    let dir = tempfile::tempdir().unwrap();
    for i in 0..FILES {
        let sub = dir.path().join(format!("{}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{i}_p.txt")), page(i)).unwrap();
    }
    // A big file (mapped when read, so never served from the cache) must
    // not make every open write the cache again.
    let big: String = (0..400_000).map(|i| format!("第{i}行正文。\n")).collect();
    assert!(big.len() as u64 > newsdump::input::load::MAP_MIN);
    std::fs::write(dir.path().join("zz_big.txt"), big).unwrap();

    let (fresh, cached) = open(dir.path(), false);
    assert_eq!(cached, 0);
    assert!(
        cache_files(home.path()).is_empty(),
        "--no-cache writes none"
    );
    let want = listing(&fresh);
    assert_eq!(want.len(), FILES * 3 + 1);

    // First open with the cache: everything read, the cache written.
    let (first, cached) = open(dir.path(), true);
    assert_eq!(cached, 0);
    assert_eq!(listing(&first), want);
    assert_eq!(cache_files(home.path()).len(), 1);

    // Again: all but the first screenful's files from the cache.
    let (second, cached) = open(dir.path(), true);
    assert!(cached >= (FILES - 64) as u64, "{cached} from the cache");
    assert_eq!(listing(&second), want);
    // Nothing changed: the cache is not written again.
    let written = std::fs::metadata(&cache_files(home.path())[0])
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    open(dir.path(), true);
    let now = std::fs::metadata(&cache_files(home.path())[0])
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        written, now,
        "an unchanged folder's cache was written again"
    );

    // A file changed: read again, not taken from the cache.
    let changed = dir.path().join("2/250_p.txt");
    std::fs::write(&changed, page(250).replace("社区食堂", "社区书屋")).unwrap();
    let (third, _) = open(dir.path(), true);
    let now = listing(&third);
    assert_eq!(now.len(), want.len());
    let diff: Vec<_> = now.iter().zip(&want).filter(|(a, b)| a != b).collect();
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert!(diff[0].0.contains("社区书屋"), "{diff:?}");

    // A damaged cache is not believed: rebuilt, and the folder shows right.
    let file = &cache_files(home.path())[0];
    let mut bytes = std::fs::read(file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(file, &bytes).unwrap();
    let (fourth, cached) = open(dir.path(), true);
    assert_eq!(cached, 0, "a damaged cache was used");
    assert_eq!(listing(&fourth), now);
    let (_, cached) = open(dir.path(), true);
    assert!(cached >= (FILES - 64) as u64, "the cache was not rebuilt");
}
