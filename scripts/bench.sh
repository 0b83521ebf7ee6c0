#!/usr/bin/env bash
# Big-file benchmark: `newsdump stats` against wc/grep on a generated dump.
#
#   scripts/bench.sh                    # 1 GiB dump (target/bench/big.txt)
#   BENCH_BYTES=256M scripts/bench.sh   # smaller dump
#
# The dump is generated once with examples/gen_dump.rs (fixed seed, so it is
# byte-identical everywhere); delete target/bench/big.txt to regenerate it,
# e.g. after changing BENCH_BYTES. Results go to target/bench/parse.md.
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_BYTES=${BENCH_BYTES:-1G}
TARGET=${CARGO_TARGET_DIR:-target}
OUT=target/bench
BIG=$OUT/big.txt
mkdir -p "$OUT"

# Install a Debian package if a command is missing (sudo when not root).
need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null && return
    local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "== installing $2"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" > /dev/null
}

echo "== build"
cargo build --release --bin newsdump --example gen_dump --example search_latency
NEWSDUMP=$TARGET/release/newsdump

if [ ! -f "$BIG" ]; then
    echo "== generate $BIG ($BENCH_BYTES)"
    "$TARGET/release/examples/gen_dump" --bytes "$BENCH_BYTES" --out "$BIG.tmp"
    mv "$BIG.tmp" "$BIG"
fi

need hyperfine hyperfine
need /usr/bin/time time

echo "== machine"
echo "cpus:  $(nproc)"
echo "model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
free -h
echo "dump:  $(du -h "$BIG" | cut -f1)  $BIG  ($(wc -l < "$BIG") lines)"

echo "== warm page cache"
cat "$BIG" > /dev/null

echo "== hyperfine"
# grep -c exits 1 when nothing matches; `|| true` keeps hyperfine happy.
hyperfine --warmup 1 --min-runs 5 --export-markdown "$OUT/parse.md" --export-json "$OUT/parse.json" \
    -n 'wc -l' "wc -l '$BIG'" \
    -n 'grep -c -F' "grep -c -F 'zzznotthere' '$BIG' || true" \
    -n 'newsdump stats' "'$NEWSDUMP' stats '$BIG'" \
    -n 'newsdump list --query' "'$NEWSDUMP' list --query 'zzznotthere' '$BIG' || true"

echo "== medians (the machine is noisy: quote these and their ratios)"
python3 - "$OUT/parse.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
base = next(r["median"] for r in rows if r["command"] == "wc -l")
for r in rows:
    print(f"{r['command']:<16} median {r['median'] * 1000:7.1f} ms   {r['median'] / base:4.2f}x wc -l")
PY

echo "== peak RSS of newsdump stats (the mapped file counts; its pages are the page cache's)"
/usr/bin/time -v "$NEWSDUMP" stats "$BIG" > /dev/null 2> "$OUT/time.txt"
awk -F': ' '/Maximum resident set size/ { printf "peak RSS: %.1f MiB\n", $2 / 1024 }
            /Elapsed \(wall clock\)/    { print "wall:     " $2 }' "$OUT/time.txt"
echo "== the reader in tmux: first screen (vs less), G on the last article, memory"
need tmux tmux
first_screen() { # first_screen COMMAND PATTERN: ms from Enter to PATTERN on screen
    tmux kill-session -t nd-bench 2>/dev/null || true
    tmux new-session -d -s nd-bench -x 120 -y 40
    sleep 0.3
    local t0 t1
    t0=$(date +%s%N)
    tmux send-keys -t nd-bench "$1" Enter
    until tmux capture-pane -t nd-bench -p | grep -q "$2"; do sleep 0.002; done
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
first_line=$(head -c 200 "$BIG" | head -1 | cut -c1-6)
for tool in less newsdump; do
    cmd="less '$BIG'"
    [ "$tool" = newsdump ] && cmd="'$NEWSDUMP' '$BIG'"
    for _ in 1 2 3 4 5; do
        first_screen "$cmd" "$first_line"
        tmux send-keys -t nd-bench q
        sleep 0.3
    done | median | xargs printf "first screen, %-8s median %s ms\n" "$tool"
done
# G as soon as the first screen is up: time until the status bar shows the last article.
total=$("$NEWSDUMP" stats "$BIG" | awk '/^articles/ { print $2 }')
for _ in 1 2 3; do
    first_screen "'$NEWSDUMP' '$BIG'" "$first_line" > /dev/null
    t0=$(date +%s%N)
    tmux send-keys -t nd-bench G
    until tmux capture-pane -t nd-bench -p | grep -q "$total/$total"; do sleep 0.002; done
    t1=$(date +%s%N)
    pid=$(pgrep -n -f "newsdump $BIG" || pgrep -n newsdump)
    anon=$(awk '/RssAnon/ { print $2 }' "/proc/$pid/status")
    echo "$(( (t1 - t0) / 1000000 )) $anon"
    tmux send-keys -t nd-bench q
    sleep 0.3
done | sort -n | awk -v n="$total" 'NR == 2 {
    printf "G on the last article: median %s ms after the first screen\n", $1
    printf "reader anonymous RSS: %.1f MiB (budget 32 MiB + 64 B x %d articles = %.1f MiB)\n", $2 / 1024, n, 32 + n * 64 / 1048576
}'
tmux kill-session -t nd-bench 2>/dev/null || true

echo "== the reader's search on the parsed dump (first hit, whole dump; medians of 5)"
"$TARGET/release/examples/search_latency" "$BIG"
echo "results: $OUT/parse.md"
