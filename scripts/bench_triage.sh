#!/usr/bin/env bash
# Triage benchmark (issue 14): what 100,000 stored states add before the
# reader's first screen on a dump of a million articles (against an empty
# state and against less), and a bulk tag of 100,000 articles from the
# command line and from the reader (`;` `t`).
#
#   scripts/bench_triage.sh
#
# The dump (≈1.7 GB, ≈1,075,000 articles) is generated once with
# examples/gen_dump.rs into target/bench/million.txt.
set -euo pipefail

cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
OUT=target/bench
BIG=$OUT/million.txt
mkdir -p "$OUT"

need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null && return
    local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "== installing $2"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" > /dev/null
}
need tmux tmux
need hyperfine hyperfine

echo "== build"
cargo build --release --bin newsdump --example gen_dump
NEWSDUMP=$TARGET/release/newsdump
[ -f "$BIG" ] || "$TARGET/release/examples/gen_dump" --bytes 1700M --out "$BIG"
echo "articles: $("$NEWSDUMP" stats "$BIG" --no-state | awk '/^articles/ { print $2 }')"

STATES=$(mktemp -d)
trap 'rm -rf "$STATES"; tmux kill-session -t nd-triage 2>/dev/null || true' EXIT
EMPTY=$STATES/empty.db
FULL=$STATES/full.db

echo "== bulk tag of 100,000 articles from the command line (parse 1.7 GB, key, one transaction)"
hyperfine --warmup 1 --runs 5 --prepare "rm -f $STATES/bulk.db*" \
    --export-json "$OUT/triage-bulk.json" \
    "$NEWSDUMP tag $BIG --state $STATES/bulk.db --id 1-100000 --add keep" | grep -E "Time|Range"
NEWSDUMP_STATE=$FULL "$NEWSDUMP" tag "$BIG" --id 1-100000 --add keep > /dev/null
echo "stored: $(NEWSDUMP_STATE=$FULL "$NEWSDUMP" tags "$BIG")"

echo "== the reader in tmux: first screen, less / empty state / 100,000 states"
first_screen() { # first_screen COMMAND PATTERN: ms from Enter to PATTERN on screen
    tmux kill-session -t nd-triage 2>/dev/null || true
    tmux new-session -d -s nd-triage -x 120 -y 40
    sleep 0.3
    local t0 t1
    t0=$(date +%s%N)
    tmux send-keys -t nd-triage "$1" Enter
    until tmux capture-pane -t nd-triage -p | grep -q -- "$2"; do sleep 0.002; done
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
first_line=$(head -c 200 "$BIG" | head -1 | cut -c1-6)
for run in less empty full; do
    case $run in
        less) cmd="less '$BIG'"; pattern=$first_line ;;
        empty) cmd="NEWSDUMP_STATE=$EMPTY '$NEWSDUMP' '$BIG'"; pattern=" N   $first_line" ;;
        # The first article is tagged: its gutter shows the read mark gone
        # and one tag once the states are in.
        full) cmd="NEWSDUMP_STATE=$FULL '$NEWSDUMP' '$BIG'"; pattern=" N 1 $first_line" ;;
    esac
    for _ in 1 2 3 4 5 6 7; do
        first_screen "$cmd" "$pattern"
        tmux send-keys -t nd-triage q
        sleep 0.3
    done | median | xargs printf "first screen, %-6s median %s ms\n" "$run"
done

echo "== the reader: V 100000G t (a range of 100,000 articles: confirm, key, save)"
total=$("$NEWSDUMP" stats "$BIG" --no-state | awk '/^articles/ { print $2 }')
for _ in 1 2 3; do
    rm -f "$STATES"/r.db*
    first_screen "NEWSDUMP_STATE=$STATES/r.db '$NEWSDUMP' '$BIG'" " N   $first_line" > /dev/null
    # Indexed to the end (the status bar's position has no …).
    until tmux capture-pane -t nd-triage -p | grep -q " 1/$total "; do sleep 0.01; done
    tmux send-keys -t nd-triage V 1 0 0 0 0 0 G t
    tmux send-keys -t nd-triage -l 'bulk'
    tmux send-keys -t nd-triage Enter
    until tmux capture-pane -t nd-triage -p | grep -q "(y/n)"; do sleep 0.002; done
    t0=$(date +%s%N)
    tmux send-keys -t nd-triage y
    until tmux capture-pane -t nd-triage -p | grep -q "tagged bulk: 100,000"; do sleep 0.002; done
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
    # Saved: the state thread has written it when the reader quits.
    tmux send-keys -t nd-triage q
    sleep 1
    NEWSDUMP_STATE=$STATES/r.db "$NEWSDUMP" tags "$BIG" >&2
done | median | xargs printf "reader, V 100000G t: median %s ms from y to the range tagged on screen\n"
