#!/usr/bin/env bash
# Duplicates benchmark (issue 15): quality and speed on a generated scrape
# with planted duplicates (examples/gen_dups.rs), 450,000 articles
# (~650 MB), against indexing the same file.
#
#   scripts/bench_dups.sh            # BENCH_ARTICLES=5000 for a quick run
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
OUT=target/bench
N=${BENCH_ARTICLES:-450000}
DUMP=$OUT/dups-$N.txt
TRUTH=$OUT/dups-$N.json
mkdir -p "$OUT"
need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null && return
    local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" > /dev/null
}
need hyperfine hyperfine
cargo build --release --bin newsdump --example gen_dups
NEWSDUMP=$TARGET/release/newsdump
[ -f "$DUMP" ] || "$TARGET/release/examples/gen_dups" --articles "$N" --out "$DUMP" --truth "$TRUTH" --seed 42
echo "== quality: pairwise precision and recall against the planted truth"
"$NEWSDUMP" dups "$DUMP" --json -v > "$OUT/dups-$N.groups.json"
python3 scripts/eval_dups.py "$TRUTH" "$OUT/dups-$N.groups.json"
echo "== speed: index (stats) against grouping (dups) and the whole analysis with flags (stats --dups)"
hyperfine --warmup 1 --runs 5 --export-json "$OUT/dups-speed.json" \
    "$NEWSDUMP stats $DUMP" \
    "$NEWSDUMP dups $DUMP --json" \
    "$NEWSDUMP stats --dups $DUMP" | grep -E "Time|Range|±"
echo "== memory: peak anonymous memory of dups (the mapped file is the page cache's)"
"$NEWSDUMP" dups "$DUMP" --json > /dev/null &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
    anon=$(awk '/RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${anon:-0}" -gt "$peak" ] && peak=$anon
    sleep 0.01
done
echo "peak RssAnon: $((peak / 1024)) MiB for $N articles ($((peak * 1024 / N)) B an article)"
