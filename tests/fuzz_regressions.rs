//! Replays the fuzzer's kept inputs (`fuzz/regressions/`) through the same
//! invariant checks the fuzzer runs (`tests/fuzz_checks/mod.rs`, shared
//! with `examples/fuzz.rs`). See `fuzz/regressions/README.md`.

mod fuzz_checks;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fuzz_checks::{Failure, Target, hostile_seeds, replay, saved_inputs};

fn dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(sub)
}

/// Every file's violations.
fn replay_all(files: &[PathBuf]) -> Vec<(PathBuf, Failure)> {
    let mut out = Vec::new();
    for file in files {
        let failures = replay(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        out.extend(failures.into_iter().map(|f| (file.clone(), f)));
    }
    out
}

fn report(bad: &[(PathBuf, Failure)]) -> String {
    bad.iter()
        .map(|(file, f)| format!("{}: {f}", file.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fixed findings and the hostile seeds: every invariant holds, but for
/// the kinds of violation still open (those `open/` shows), which the
/// ignored test below stands for.
#[test]
fn regressions_hold() {
    let files = saved_inputs(&dir("fuzz/regressions"));
    assert!(!files.is_empty(), "fuzz/regressions/ holds no *.bin");
    let open: BTreeSet<(Target, String)> = replay_all(&saved_inputs(&dir("fuzz/regressions/open")))
        .into_iter()
        .map(|(_, f)| (f.target, f.signature))
        .collect();
    let bad: Vec<_> = replay_all(&files)
        .into_iter()
        .filter(|(_, f)| !open.contains(&(f.target, f.signature.clone())))
        .collect();
    assert!(
        bad.is_empty(),
        "{} violations:\n{}",
        bad.len(),
        report(&bad)
    );
}

/// Findings not fixed yet fail until `src/` is fixed; then they move up to
/// `fuzz/regressions/`. Run with
/// `cargo test --test fuzz_regressions -- --ignored`.
#[test]
#[ignore = "open fuzz findings (fuzz/regressions/open/) fail until src/ is fixed"]
fn open_findings_hold() {
    let bad = replay_all(&saved_inputs(&dir("fuzz/regressions/open")));
    assert!(
        bad.is_empty(),
        "{} violations:\n{}",
        bad.len(),
        report(&bad)
    );
}

/// The hostile seeds the fuzzer starts from are kept as files, byte for
/// byte (`cargo run --example fuzz -- write-seeds` writes them).
#[test]
fn hostile_seeds_are_kept() {
    for (name, bytes) in hostile_seeds() {
        let path = dir("fuzz/regressions").join(format!("seed-{name}.bin"));
        let kept = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            kept == bytes,
            "{} differs from hostile_seeds()",
            path.display()
        );
    }
}
