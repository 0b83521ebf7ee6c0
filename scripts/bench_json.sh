#!/usr/bin/env bash
# Big-file benchmark for JSON Lines input: `newsdump stats` / `list --query` on a
# generated .jsonl against wc, ripgrep and jq.
#
#   scripts/bench_json.sh                       # 1 GiB file (target/bench/big.jsonl)
#   BENCH_BYTES=256M scripts/bench_json.sh      # smaller file
#   BENCH_ASCII=1 scripts/bench_json.sh         # every non-ASCII character as \uXXXX
#                                               # (target/bench/big-ascii.jsonl)
#
# The file is generated once with examples/gen_jsonl.rs (fixed seed, so it is
# byte-identical everywhere; ~10.8 KB a record, ~100,000 records a GiB, ~54,000 with
# BENCH_ASCII=1). It is generated again when BENCH_BYTES or BENCH_ASCII
# change (the arguments are kept next to it in FILE.args); delete it to force that.
# Results go to target/bench/json.{md,json} and json-jq.{md,json} (json-ascii.*,
# json-jq-ascii.* with BENCH_ASCII=1).
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_BYTES=${BENCH_BYTES:-1G}
BENCH_ASCII=${BENCH_ASCII:-0}
TARGET=${CARGO_TARGET_DIR:-target}
OUT=target/bench
MISS=zzznotthere # gen_jsonl guarantees no record holds it (nor "absent"), in any case
if [ "$BENCH_ASCII" = 1 ]; then
    BIG=$OUT/big-ascii.jsonl
    GEN_ARGS=(--bytes "$BENCH_BYTES" --ascii)
    SUFFIX=-ascii
else
    BIG=$OUT/big.jsonl
    GEN_ARGS=(--bytes "$BENCH_BYTES")
    SUFFIX=
fi
mkdir -p "$OUT"

# Install a Debian package if a command is missing (sudo when not root).
need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null && return
    local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "== installing $2"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" > /dev/null
}

echo "== build"
cargo build --release --bin newsdump --example gen_jsonl
NEWSDUMP=$TARGET/release/newsdump

if [ ! -f "$BIG" ] || [ "$(cat "$BIG.args" 2>/dev/null)" != "${GEN_ARGS[*]}" ]; then
    echo "== generate $BIG (${GEN_ARGS[*]})"
    rm -f "$BIG.args"
    "$TARGET/release/examples/gen_jsonl" "${GEN_ARGS[@]}" --out "$BIG.tmp"
    mv "$BIG.tmp" "$BIG"
    echo "${GEN_ARGS[*]}" > "$BIG.args"
fi

need hyperfine hyperfine
need rg ripgrep
need jq jq
need /usr/bin/time time

echo "== machine"
echo "cpus:  $(nproc)"
echo "model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
free -h
echo "file:  $(du -h "$BIG" | cut -f1)  $BIG  ($(wc -l < "$BIG") records, $(stat -c %s "$BIG") bytes)"
echo "tools: $(hyperfine --version), $(rg --version | head -1), $(jq --version)"

echo "== warm page cache"
cat "$BIG" > /dev/null

# hyperfine stops at a non-zero exit by default; rg and `newsdump list` exit 1 on no
# match (hence `|| true`), and the newsdump rows may fail outright while JSON input is
# being built: check them once so a failure is seen, then let hyperfine go on regardless.
for args in "stats --by file" "list --query $MISS"; do
    # shellcheck disable=SC2086 # $args is split on purpose
    if "$NEWSDUMP" $args "$BIG" > /dev/null 2> "$OUT/json-check.err"; then
        :
    else
        rc=$?
        if [ "$args" != "list --query $MISS" ] || [ "$rc" -ne 1 ] || [ -s "$OUT/json-check.err" ]; then
            echo "warning: 'newsdump $args' exited $rc; its timings below mean little:" >&2
            head -3 "$OUT/json-check.err" >&2
        fi
    fi
done
rm -f "$OUT/json-check.err"

echo "== hyperfine"
hyperfine --warmup 1 --min-runs 5 --ignore-failure \
    --export-markdown "$OUT/json$SUFFIX.md" --export-json "$OUT/json$SUFFIX.json" \
    -n 'wc -l' "wc -l '$BIG'" \
    -n 'rg -c -F miss' "rg -c -F '$MISS' '$BIG' || true" \
    -n 'newsdump index (stats --by file)' "'$NEWSDUMP' stats --by file '$BIG'" \
    -n 'newsdump search miss' "'$NEWSDUMP' list --query '$MISS' '$BIG' || true" \
    -n 'rg -c -F absent' "rg -c -F absent '$BIG' || true" \
    -n 'newsdump search absent' "'$NEWSDUMP' list --query absent '$BIG' || true"

echo "== hyperfine: jq (slow: 2 runs, no warmup; the cache is warm already)"
hyperfine --runs 2 --ignore-failure \
    --export-markdown "$OUT/json-jq$SUFFIX.md" --export-json "$OUT/json-jq$SUFFIX.json" \
    -n 'jq select miss' "jq -c 'select((.title+.text)|contains(\"absent\"))' '$BIG'"

echo "== medians (the machine is noisy: quote these and their ratios)"
python3 - "$OUT/json$SUFFIX.json" "$OUT/json-jq$SUFFIX.json" <<'PY'
import json, sys
rows = {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        rows[r["command"]] = r
for name, r in rows.items():
    print(f"{name:<34} median {r['median'] * 1000:9.1f} ms")
for a, b in [("newsdump index (stats --by file)", "wc -l"),
             ("newsdump search miss", "rg -c -F miss"),
             ("newsdump search absent", "rg -c -F absent"),
             ("newsdump search absent", "jq select miss")]:
    print(f"ratio {a} / {b}: {rows[a]['median'] / rows[b]['median']:.2f}x")
PY

echo "== memory of newsdump list --query $MISS"
# Peak RSS counts the pages of a mapped file (the page cache's, not the process's), so
# it is only a rough upper bound; RssAnon sampled every 10 ms is the process's own.
/usr/bin/time -v "$NEWSDUMP" list --query "$MISS" "$BIG" > /dev/null 2> "$OUT/time-json$SUFFIX.txt" || true
awk -F': ' '/Maximum resident set size/ { printf "peak RSS:          %.1f MiB\n", $2 / 1024 }
            /Elapsed \(wall clock\)/    { print "wall:              " $2 }
            /Exit status/               { print "exit status:       " $2 }' "$OUT/time-json$SUFFIX.txt"
"$NEWSDUMP" list --query "$MISS" "$BIG" > /dev/null 2>&1 &
pid=$!
peak=0
# A finished (zombie) process has no RssAnon line: that ends the loop.
while anon=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null) && [ -n "$anon" ]; do
    [ "$anon" -gt "$peak" ] && peak=$anon
    sleep 0.01
done
wait "$pid" || true
if [ "$peak" -gt 0 ]; then
    awk -v kb="$peak" -v n="$(wc -l < "$BIG")" 'BEGIN {
        printf "peak RssAnon:      %.1f MiB (sampled; %.0f B a record)\n", kb / 1024, kb * 1024 / (n > 0 ? n : 1)
    }'
else
    echo "peak RssAnon:      n/a (the run ended before the first sample)"
fi
echo "== the reader in tmux: first screen (vs less), G on the last record, memory"
need tmux tmux
first_screen() { # first_screen COMMAND PATTERN: ms from Enter to PATTERN on screen
    tmux kill-session -t nd-bench 2>/dev/null || true
    tmux new-session -d -s nd-bench -x 120 -y 40
    sleep 0.3
    local t0 t1
    t0=$(date +%s%N)
    tmux send-keys -t nd-bench "$1" Enter
    until tmux capture-pane -t nd-bench -p | grep -qF "$2"; do sleep 0.002; done
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# What each shows first: less the first line's start, newsdump the first title.
less_first=$(head -c 24 "$BIG")
title=$("$NEWSDUMP" list "$BIG" 2>/dev/null | head -1 | cut -f4 | cut -c1-4)
for tool in less newsdump; do
    cmd="less '$BIG'"; pattern=$less_first
    [ "$tool" = newsdump ] && cmd="'$NEWSDUMP' '$BIG'" && pattern=$title
    for _ in 1 2 3 4 5; do
        first_screen "$cmd" "$pattern"
        tmux send-keys -t nd-bench q
        sleep 0.3
    done | median | xargs printf "first screen, %-8s median %s ms\n" "$tool"
done
total=$("$NEWSDUMP" stats --by file "$BIG" | awk 'NR == 2 { print $1 }')
for _ in 1 2 3; do
    first_screen "'$NEWSDUMP' '$BIG'" "$title" > /dev/null
    t0=$(date +%s%N)
    tmux send-keys -t nd-bench G
    until tmux capture-pane -t nd-bench -p | grep -q "$total/$total"; do sleep 0.002; done
    t1=$(date +%s%N)
    sleep 1
    pid=$(pgrep -n -f "newsdump $BIG" || pgrep -n newsdump)
    anon=$(awk '/RssAnon/ { print $2 }' "/proc/$pid/status")
    echo "$(( (t1 - t0) / 1000000 )) $anon"
    tmux send-keys -t nd-bench q
    sleep 0.3
done | sort -n | awk -v n="$total" 'NR == 2 {
    printf "G on the last record: median %s ms after the first screen\n", $1
    printf "reader anonymous RSS: %.1f MiB (budget 32 MB + 64 B x %d records = %.1f MiB)\n", $2 / 1024, n, (32e6 + n * 64) / 1048576
}'
tmux kill-session -t nd-bench 2>/dev/null || true

echo "results: $OUT/json$SUFFIX.md $OUT/json-jq$SUFFIX.md"
