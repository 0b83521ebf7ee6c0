#!/usr/bin/env bash
# Fuzz the parser, the text layout, the sanitiser and the search folding with
# the stable-Rust fuzzer in examples/fuzz.rs (cargo-fuzz needs nightly).
#
#   scripts/fuzz.sh                          # each target for 60 s
#   FUZZ_SECONDS=600 scripts/fuzz.sh         # longer
#   FUZZ_SECONDS=30 scripts/fuzz.sh search   # some targets only
#   FUZZ_SEED=7 scripts/fuzz.sh              # a fixed seed, to repeat a run
#
# Findings go to fuzz/crashes/ (git-ignored): TARGET-<hash>.bin, a .txt
# saying what failed and, for search, a .query. Shrink one with
#   cargo run --release --example fuzz -- minimize fuzz/crashes/FILE.bin
# and keep it as a regression: move the result to fuzz/regressions/ (or to
# fuzz/regressions/open/ until src/ is fixed; see fuzz/regressions/README.md).
# Exits 1 when this run found anything. The logs are fuzz/crashes/last-TARGET.log.
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGET=${CARGO_TARGET_DIR:-target}
FUZZ=$TARGET/release/examples/fuzz
if [ $# -gt 0 ]; then targets=("$@"); else targets=(parse layout sanitize search); fi

echo "== build"
cargo build --release --example fuzz

mkdir -p fuzz/crashes
status=0
for t in "${targets[@]}"; do
    seed=()
    [ -n "${FUZZ_SEED:-}" ] && seed=(--seed "$FUZZ_SEED")
    "$FUZZ" "$t" --seconds "$SECONDS_EACH" "${seed[@]}" | tee "fuzz/crashes/last-$t.log" || status=1
done

echo
echo "== findings in fuzz/crashes/ (this run's and earlier ones')"
if compgen -G "fuzz/crashes/*.bin" > /dev/null; then
    for f in fuzz/crashes/*.bin; do
        printf '%s  (%s bytes)  %s\n' "$f" "$(wc -c < "$f")" "$(head -n 1 "${f%.bin}.txt" 2>/dev/null)"
    done
else
    echo "none"
fi
exit $status
