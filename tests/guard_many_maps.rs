//! Many maps guarded at once, more than the 8 the guard once had room
//! for: truncating any of them leaves the process alive, reading zeros
//! where the file was cut, and says which. (One test: the guard's flag is
//! process-wide, and every truncation sets it.)

use std::io::Write;

use newsdump::input::{GuardedMap, take_truncated};

const MAPS: usize = 20;
const PAGES: usize = 3;

fn page() -> usize {
    // SAFETY: sysconf is always safe to call.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}

/// Map `i`'s byte at `at`: different per map and per position.
fn byte(i: usize, at: usize) -> u8 {
    (i * 7 + at % 251) as u8 | 1
}

#[test]
fn every_map_is_guarded() {
    let page = page();
    let size = PAGES * page;
    let files: Vec<_> = (0..MAPS)
        .map(|i| {
            let mut f = tempfile::NamedTempFile::new().unwrap();
            let bytes: Vec<u8> = (0..size).map(|at| byte(i, at)).collect();
            f.write_all(&bytes).unwrap();
            f.flush().unwrap();
            f
        })
        .collect();
    let maps: Vec<GuardedMap> = files
        .iter()
        // SAFETY: read-only maps of temporary files only this test touches.
        .map(|f| GuardedMap::new(unsafe { memmap2::Mmap::map(f.as_file()) }.unwrap()))
        .collect();
    assert!(!take_truncated());

    // The 9th to 20th are cut: the first half to nothing, the second half
    // a hundred bytes into their second page.
    let cut = |i: usize| match i {
        0..8 => None,
        8..14 => Some(0),
        _ => Some(page + 100),
    };
    for (i, f) in files.iter().enumerate() {
        if let Some(len) = cut(i) {
            f.as_file().set_len(len as u64).unwrap();
        }
    }

    for (i, m) in maps.iter().enumerate() {
        assert_eq!(m.len(), size, "map {i}");
        let kept = cut(i).unwrap_or(size);
        for (at, &b) in m.iter().enumerate() {
            let want = if at < kept { byte(i, at) } else { 0 };
            assert_eq!(b, want, "map {i}, byte {at}");
        }
        assert_eq!(m.was_truncated(), cut(i).is_some(), "map {i}");
    }
    assert!(take_truncated(), "the guard saw the truncations");
    assert!(!take_truncated(), "the flag is taken once");

    // Reading them again faults no more: the zeros stay, and so do the
    // flags.
    for (i, m) in maps.iter().enumerate() {
        let kept = cut(i).unwrap_or(size);
        assert!(m[kept..].iter().all(|&b| b == 0), "map {i}");
        assert_eq!(m.was_truncated(), cut(i).is_some(), "map {i}");
    }
    assert!(!take_truncated());

    // Dropped and mapped again (the cut files as they are now), they are
    // whole and untruncated.
    drop(maps);
    let maps: Vec<GuardedMap> = files
        .iter()
        .filter(|f| f.as_file().metadata().unwrap().len() > 0)
        // SAFETY: as above.
        .map(|f| GuardedMap::new(unsafe { memmap2::Mmap::map(f.as_file()) }.unwrap()))
        .collect();
    assert_eq!(maps.len(), MAPS - 6);
    for m in &maps {
        let _: u64 = m.iter().map(|&b| u64::from(b)).sum();
        assert!(!m.was_truncated());
    }
    assert!(!take_truncated());
    drop(maps);

    a_thousand_maps_at_once();
    assert!(take_truncated());
    assert!(!take_truncated());
}

/// A thousand maps alive at once, all cut: none kills the process. Their
/// files are closed once mapped, to keep within the limit on open files.
fn a_thousand_maps_at_once() {
    let page = page();
    let paths: Vec<_> = (0..1000)
        .map(|_| {
            let mut f = tempfile::NamedTempFile::new().unwrap();
            f.write_all(&vec![b'x'; 2 * page]).unwrap();
            f.flush().unwrap();
            f
        })
        .map(|f| {
            // SAFETY: a read-only map of a temporary file only this test
            // touches.
            let m = GuardedMap::new(unsafe { memmap2::Mmap::map(f.as_file()) }.unwrap());
            (f.into_temp_path(), m)
        })
        .collect();
    for (path, _) in &paths {
        let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        f.set_len(page as u64).unwrap();
    }
    for (i, (_, m)) in paths.iter().enumerate() {
        assert!(m[..page].iter().all(|&b| b == b'x'), "map {i}");
        assert!(m[page..].iter().all(|&b| b == 0), "map {i}");
        assert!(m.was_truncated(), "map {i}");
    }
}
