#!/usr/bin/env bash
# Folder benchmark: `newsdump stats` / `list --query` on a scrape folder against
# ripgrep, find+cat; then one 1 GB page dump: `newsdump stats` against `wc -l`.
#
#   scripts/bench_folder.sh                   # folder in /tmp/newsdump-scrape
#   scripts/bench_folder.sh /data/scrape      # another folder (generated if missing)
#   RUNS=10 scripts/bench_folder.sh           # more timed runs (default 5)
#
# The folder is generated once with examples/gen_scrape.rs (100,000 pages, ~650 MB,
# fixed seed: byte-identical everywhere); delete it to regenerate. The 1 GB dump is
# /tmp/newsdump-1g.txt, generated once with examples/gen_dump.rs.
#
# Needs hyperfine and ripgrep:  apt-get install -y hyperfine ripgrep
set -euo pipefail

cd "$(dirname "$0")/.."
DIR=${1:-/tmp/newsdump-scrape}
DIR=${DIR%/}
RUNS=${RUNS:-5}
BIG=/tmp/newsdump-1g.txt
NEEDLE=needle-absent-Qx9 # gen_scrape guarantees no file holds it
TARGET=${CARGO_TARGET_DIR:-target}
NEWSDUMP=$TARGET/release/newsdump
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

missing=
for tool in hyperfine rg python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "missing:$missing" >&2
    echo "install: apt-get install -y hyperfine ripgrep python3 time  (sudo when not root)" >&2
    exit 1
fi

echo "== build"
cargo build --release --quiet --bin newsdump --example gen_scrape --example gen_dump

if [ ! -d "$DIR" ]; then
    echo "== generate $DIR"
    rm -rf "$DIR.tmp"
    "$TARGET/release/examples/gen_scrape" "$DIR.tmp"
    mv "$DIR.tmp" "$DIR"
fi

echo "== machine"
echo "cpus:   $(nproc)"
echo "model:  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')"
echo "folder: $DIR: $(find "$DIR" -type f | wc -l) files, $(du -sh "$DIR" | cut -f1) on disk"

# Print hyperfine's medians and ratios: report JSON "A/B" ... (names as given with -n).
report() {
    python3 - "$@" <<'PY'
import json, sys
rows = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
for name, r in rows.items():
    print(f"{name:<28} median {r['median'] * 1000:9.1f} ms")
for pair in sys.argv[2:]:
    a, b = pair.split("/")
    print(f"ratio {a} / {b}: {rows[a]['median'] / rows[b]['median']:.2f}x")
PY
}

# Shell-quote a word for hyperfine's command strings.
q() { printf '%q' "$1"; }

# hyperfine's exit codes are ignored (no match exits 1): check once that stats works.
if ! "$NEWSDUMP" stats "$DIR" > /dev/null 2> "$TMP/stats.err"; then
    echo "warning: '$NEWSDUMP stats $DIR' failed; its timings below mean nothing:" >&2
    head -3 "$TMP/stats.err" >&2
fi

echo "== folder (warm cache; rg and newsdump exit 1 on no match, so failures are ignored)"
hyperfine --warmup 1 --runs "$RUNS" --ignore-failure \
    --export-markdown "$TMP/folder.md" --export-json "$TMP/folder.json" \
    -n 'rg -c miss' "rg -c -F $NEEDLE $(q "$DIR")" \
    -n 'rg --files' "rg --files $(q "$DIR")" \
    -n 'find | xargs cat' "find $(q "$DIR") -type f -print0 | xargs -0 cat > /dev/null" \
    -n 'newsdump stats' "$(q "$NEWSDUMP") stats $(q "$DIR")" \
    -n 'newsdump list --query miss' "$(q "$NEWSDUMP") list --query $NEEDLE $(q "$DIR")" \
    -n 'newsdump list' "$(q "$NEWSDUMP") list $(q "$DIR") > /dev/null" \
    -n 'newsdump export' "$(q "$NEWSDUMP") export $(q "$DIR") > /dev/null" ||
    echo "(hyperfine failed: its markdown export refuses a command that took 0 ms)"
[ -f "$TMP/folder.md" ] && cat "$TMP/folder.md"
echo
report "$TMP/folder.json" 'newsdump stats/rg -c miss' 'newsdump list --query miss/rg -c miss'

echo "== peak RSS of newsdump stats on the folder"
/usr/bin/time -v "$NEWSDUMP" stats "$DIR" > /dev/null 2> "$TMP/time.txt" || true
awk -F': ' '/Maximum resident set size/ { printf "peak RSS: %.1f MiB\n", $2 / 1024 }
            /Elapsed \(wall clock\)/    { print "wall:     " $2 }' "$TMP/time.txt"

echo "== the reader in tmux on the folder: first screen, whole folder indexed, memory"
# Its own tmux server, so that nobody else's sessions are touched.
T="tmux -L nd-bench-folder"
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
reader_run() { # reader_run [FLAG]: prints first-screen-ms indexed-ms RssAnon-KiB articles files
    $T kill-server 2>/dev/null || true
    # The reader's cache of the folder's indexes goes to a folder of ours.
    $T new-session -d -s b -x 120 -y 40 -e XDG_CACHE_HOME="$TMP/xdg"
    sleep 0.3
    local t0 t1 t2 pid line
    t0=$(date +%s%N)
    $T send-keys -t b "$(q "$NEWSDUMP") $* $(q "$DIR")" Enter
    # The first screen: the status bar's position (`1/530…`) is up.
    until $T capture-pane -t b -p | grep -q ' 1/[0-9]'; do sleep 0.002; done
    t1=$(date +%s%N)
    until line=$($T capture-pane -t b -p | grep -o '[0-9]* articles from [0-9,]* files'); do
        sleep 0.005
    done
    t2=$(date +%s%N)
    sleep 0.5
    pid=$(pgrep -n -f "newsdump $* *$DIR" || pgrep -n newsdump)
    echo "$(( (t1 - t0) / 1000000 )) $(( (t2 - t0) / 1000000 )) $(awk '/RssAnon/ { print $2 }' "/proc/$pid/status") $(echo "$line" | awk '{ gsub(",", "", $4); print $1, $4 }')"
    $T send-keys -t b q
    sleep 0.3
    $T kill-server 2>/dev/null || true
}
reader_report() { # reader_report FILE LABEL
    awk '{ print $1 }' "$1" | median | xargs printf "$2 first screen:         median %s ms\n"
    awk '{ print $2 }' "$1" | median | xargs printf "$2 whole folder indexed: median %s ms after Enter\n"
    awk '{ print $3 }' "$1" | median | awk -v a="$(awk 'NR == 1 { print $4 }' "$1")" \
        -v f="$(awk 'NR == 1 { print $5 }' "$1")" -v l="$2" '{
        printf "%s anonymous RSS: %.1f MiB (budget 32 MiB + 64 B x %d articles + 128 B x %d files = %.1f MiB)\n",
            l, $1 / 1024, a, f, 32 + (a * 64 + f * 128) / 1048576
    }'
}
for _ in 1 2 3 4 5; do reader_run --no-cache; done > "$TMP/reader.txt"
reader_report "$TMP/reader.txt" "reader, every file read:"
reader_run > /dev/null # writes the cache
for _ in 1 2 3 4 5; do reader_run; done > "$TMP/reader-cached.txt"
reader_report "$TMP/reader-cached.txt" "reader, reopened (cache):"

echo "== one 1 GB page dump: stats vs wc -l"
if [ ! -f "$BIG" ]; then
    echo "generate $BIG"
    "$TARGET/release/examples/gen_dump" --bytes 1G --out "$BIG.tmp"
    mv "$BIG.tmp" "$BIG"
fi
hyperfine --warmup 1 --runs "$RUNS" \
    --export-markdown "$TMP/big.md" --export-json "$TMP/big.json" \
    -n 'wc -l' "wc -l $(q "$BIG")" \
    -n 'newsdump stats' "$(q "$NEWSDUMP") stats $(q "$BIG")"
cat "$TMP/big.md"
echo
report "$TMP/big.json" 'newsdump stats/wc -l'
