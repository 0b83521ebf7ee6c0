#!/usr/bin/env python3
"""Score a duplicate grouping against the ground truth of `examples/gen_dups.rs`.

    scripts/eval_dups.py TRUTH.json GROUPS.json
    scripts/eval_dups.py TRUTH.json --brute DUMP.txt [--threshold 0.8] [--save GROUPS.json]

GROUPS.json is what `newsdump dups DUMP --json` prints,
`{"groups": [{"members": [{"id": 12, ...}, ...], ...}, ...]}` (ids 1-based); a plain list
of lists of ids, `{"groups": [[12, 40], ...]}`, and members given as bare ids are accepted
too. Only groups of 2 or more count; an id in several groups counts in the first.

Pairwise scores: a predicted pair is two articles in one predicted group, a true pair two
in one true group; precision = true pairs predicted / pairs predicted, recall = true pairs
predicted / true pairs. Also: recall per kind of planted duplicate, exact groups found
whole, predicted groups that join distinct short template items, the biggest group.

`--brute DUMP` groups the dump itself, slowly and simply, instead of reading GROUPS.json:
it runs `newsdump export DUMP --to jsonl` (or reads DUMP as JSON lines if it ends in
`.jsonl`), normalises each body (whitespace dropped, full-width ASCII folded, ASCII
lower-cased), groups equal bodies and equal title + source + time, then joins every pair
of distinct bodies whose character 5-gram shingles have Jaccard >= THRESHOLD (exact
all-pairs with prefix filtering over an inverted index of the rarest shingles; a text
shorter than 5 characters is one shingle), by union-find. It also checks the planted data:
how similar each planted copy is to its closest fellow member, and how similar distinct
short template items get. Meant for small files (5,000 articles: seconds).

Standard library only. Exits 0 after printing the table (2 on bad usage or input).
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict

SHINGLE = 5


def die(msg):
    print(f"eval_dups: {msg}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------
# Input.


def load_truth(path):
    with open(path, encoding="utf-8") as f:
        t = json.load(f)
    groups = [list(map(int, g)) for g in t.get("groups", [])]
    kinds = t.get("kinds") or ["?"] * len(groups)
    exact = t.get("exact") or [None] * len(groups)
    short = t.get("short_items") or {}
    return {
        "articles": t.get("articles"),
        "groups": groups,
        "kinds": kinds,
        "exact": exact,
        "short": {k: list(map(int, v)) for k, v in short.items()},
    }


def as_id(x):
    if isinstance(x, dict):
        for key in ("id", "article", "index"):
            if key in x:
                return as_id(x[key])
        return None
    if isinstance(x, bool):
        return None
    if isinstance(x, int):
        return x
    if isinstance(x, float) and x.is_integer():
        return int(x)
    if isinstance(x, str):
        s = x.rsplit(":", 1)[-1]  # "file.txt:12" -> 12 (single-file dumps)
        return int(s) if s.isdigit() else None
    return None


def load_predicted(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # JSON lines: one group per line.
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(data, dict):
        data = data.get("groups", data.get("clusters", []))
    groups, bad = [], 0
    for g in data:
        if isinstance(g, dict):
            g = g.get("members", g.get("ids", g.get("articles", [])))
        if not isinstance(g, list):
            bad += 1
            continue
        ids = []
        for m in g:
            i = as_id(m)
            if i is None:
                bad += 1
            else:
                ids.append(i)
        groups.append(ids)
    if bad:
        print(f"warning: {bad} members or groups without a readable id were skipped")
    return groups


def clean_groups(groups):
    """Dedupe ids; an id in several groups stays in the first; keep groups of >= 2."""
    seen, out, repeated = set(), [], 0
    for g in groups:
        h = []
        for i in g:
            if i in seen:
                repeated += 1
                continue
            seen.add(i)
            h.append(i)
        if len(h) >= 2:
            out.append(h)
    if repeated:
        print(f"warning: {repeated} ids appeared in more than one predicted group (or twice in one)")
    return out


# ---------------------------------------------------------------------------
# Scores.


def c2(n):
    return n * (n - 1) // 2


def evaluate(truth, pred):
    tgroups = truth["groups"]
    tof = {}
    for gi, g in enumerate(tgroups):
        for i in g:
            tof[i] = gi
    pof = {}
    for gi, g in enumerate(pred):
        for i in g:
            pof[i] = gi

    true_pairs = sum(c2(len(g)) for g in tgroups)
    pred_pairs = sum(c2(len(g)) for g in pred)
    # Cells of the contingency table: (predicted group, true group) -> members.
    cell = Counter()
    for gi, g in enumerate(tgroups):
        for i in g:
            if i in pof:
                cell[(pof[i], gi)] += 1
    tp = sum(c2(n) for n in cell.values())
    found_by_true = defaultdict(int)
    for (_, tg), n in cell.items():
        found_by_true[tg] += c2(n)

    n = truth["articles"]
    out_of_range = sum(1 for g in pred for i in g if n and not 1 <= i <= n)

    print(f"truth:      {n} articles, {len(tgroups)} groups, {true_pairs} pairs")
    biggest = max((len(g) for g in pred), default=0)
    print(
        f"predicted:  {len(pred)} groups of 2+, {sum(len(g) for g in pred)} members, "
        f"{pred_pairs} pairs, biggest group {biggest}"
    )
    if out_of_range:
        print(f"warning: {out_of_range} predicted ids outside 1..{n}")
    prec = tp / pred_pairs if pred_pairs else 1.0
    rec = tp / true_pairs if true_pairs else 1.0
    print(f"pairs:      {tp} true of {pred_pairs} predicted, of {true_pairs} true")
    print(f"precision   {prec:.4f}   (false pairs {pred_pairs - tp})")
    print(f"recall      {rec:.4f}   (missed pairs {true_pairs - tp})")
    print()

    # Per kind, split into exact and near groups.
    rows = defaultdict(lambda: [0, 0, 0, 0, 0])  # groups, pairs, found, whole, equal
    for gi, g in enumerate(tgroups):
        kind = truth["kinds"][gi] if gi < len(truth["kinds"]) else "?"
        ex = truth["exact"][gi] if gi < len(truth["exact"]) else None
        label = f"{kind}/{'exact' if ex else 'near' if ex is not None else '?'}"
        pgs = {pof.get(i) for i in g}
        whole = len(pgs) == 1 and None not in pgs
        equal = whole and len(pred[next(iter(pgs))]) == len(g)
        for key in (label, "all/" + label.split("/")[1]):
            r = rows[key]
            r[0] += 1
            r[1] += c2(len(g))
            r[2] += found_by_true[gi]
            r[3] += whole
            r[4] += equal
    print(f"{'kind':<16} {'groups':>7} {'pairs':>9} {'found':>9} {'recall':>7} {'whole':>7} {'equal':>7}")
    for key in sorted(rows, key=lambda k: (k.startswith("all/"), k)):
        g, p, f, w, e = rows[key]
        r = f / p if p else 1.0
        print(f"{key:<16} {g:>7} {p:>9} {f:>9} {r:>7.4f} {w:>7} {e:>7}")
    print("  (whole: the group's members all in one predicted group; equal: and nothing else in it)")

    # Predicted groups by purity, and short template items.
    short_of = {}
    for name, ids in truth["short"].items():
        for i in ids:
            short_of[i] = name
    joining_short = 0
    with_short = 0
    spanning = 0
    for g in pred:
        s = [i for i in g if i in short_of]
        if s:
            with_short += 1
        if len(s) >= 2:
            joining_short += 1
        if len({tof.get(i, ("none", i)) for i in g}) > 1:
            spanning += 1
    print()
    n_short = len(short_of)
    print(
        f"short items: {n_short} distinct template/tiny items; predicted groups joining 2+ of them: "
        f"{joining_short}; groups holding any: {with_short}"
    )
    print(f"impure predicted groups (members from 2+ true groups or singletons): {spanning}")
    return prec, rec


# ---------------------------------------------------------------------------
# Brute-force grouping.


def normalise(s):
    out = []
    for ch in s:
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        if ch.isspace():
            continue
        out.append(ch.lower() if ch.isascii() else ch)
    return "".join(out)


def shingle_set(t):
    if not t:
        return frozenset()
    if len(t) < SHINGLE:
        return frozenset([t])
    return frozenset(t[i : i + SHINGLE] for i in range(len(t) - SHINGLE + 1))


def jac(a, b):
    if not a and not b:
        return 1.0
    i = len(a & b)
    return i / (len(a) + len(b) - i)


def find_newsdump(explicit):
    if explicit:
        return explicit
    if os.environ.get("NEWSDUMP"):
        return os.environ["NEWSDUMP"]
    here = os.path.dirname(os.path.abspath(__file__))
    for cand in (
        os.path.join(here, "..", "target", "release", "newsdump"),
        "/tmp/gen-target/release/newsdump",
    ):
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return shutil.which("newsdump") or die("no newsdump binary: build it or pass --newsdump")


def read_articles(dump, newsdump):
    if dump.endswith(".jsonl"):
        with open(dump, encoding="utf-8") as f:
            lines = f.read().splitlines()
    else:
        exe = find_newsdump(newsdump)
        r = subprocess.run(
            [exe, "export", dump, "--to", "jsonl"], capture_output=True, text=True, encoding="utf-8"
        )
        if r.returncode != 0:
            die(f"{exe} export failed: {r.stderr.strip()}")
        lines = r.stdout.splitlines()
    return [json.loads(line) for line in lines if line.strip()]


class UnionFind:
    def __init__(self):
        self.p = {}

    def find(self, x):
        p = self.p
        p.setdefault(x, x)
        root = x
        while p[root] != root:
            root = p[root]
        while p[x] != root:
            p[x], x = root, p[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def brute_groups(arts, threshold):
    uf = UnionFind()
    # Exact: equal normalised bodies; equal title + source + time.
    by_body = {}
    by_key = {}
    for a in arts:
        i = a["id"]
        uf.find(i)
        b = normalise(a.get("body") or "")
        a["_norm"] = b
        if b:
            if b in by_body:
                uf.union(by_body[b], i)
            else:
                by_body[b] = i
        if a.get("time"):
            key = (a.get("title"), a.get("source"), a.get("time"))
            if key in by_key:
                uf.union(by_key[key], i)
            else:
                by_key[key] = i
    # Near: one record per distinct body; exact all-pairs with prefix filtering.
    reps = [(i, shingle_set(b)) for b, i in by_body.items()]
    df = Counter()
    for _, s in reps:
        df.update(s)
    order = sorted(range(len(reps)), key=lambda k: len(reps[k][1]))
    index = defaultdict(list)  # shingle -> [rep index], prefix shingles only
    pairs = 0
    best_below = (0.0, None, None)
    sims = {}
    for k in order:
        i, s = reps[k]
        if not s:
            continue
        toks = sorted(s, key=lambda x: (df[x], x))
        plen = len(toks) - math.ceil(threshold * len(toks)) + 1
        cands = set()
        for tok in toks[:plen]:
            for other in index.get(tok, ()):
                cands.add(other)
        for other in cands:
            j_id, t = reps[other]
            if len(t) < threshold * len(s):  # length filter (t is not longer than s)
                continue
            pairs += 1
            j = jac(s, t)
            if j >= threshold:
                uf.union(i, j_id)
                sims[(min(i, j_id), max(i, j_id))] = j
            elif j > best_below[0]:
                best_below = (j, i, j_id)
        for tok in toks[:plen]:
            index[tok].append(k)
    groups = defaultdict(list)
    for a in arts:
        groups[uf.find(a["id"])].append(a["id"])
    out = sorted((sorted(g) for g in groups.values() if len(g) >= 2), key=lambda g: g[0])
    return out, pairs, best_below


def check_planted(arts, truth, threshold):
    """How similar planted copies and distinct template items really are."""
    by_id = {a["id"]: a for a in arts}
    sh = {}

    def S(i):
        if i not in sh:
            sh[i] = shingle_set(by_id[i]["_norm"]) if i in by_id else frozenset()
        return sh[i]

    print()
    print("planted data check (Jaccard of char 5-gram shingles of normalised bodies):")
    per_kind = defaultdict(list)
    for gi, g in enumerate(truth["groups"]):
        kind = truth["kinds"][gi] if gi < len(truth["kinds"]) else "?"
        ex = truth["exact"][gi] if gi < len(truth["exact"]) else None
        if len(g) > 60:
            g = g[:60]
        # For each member, its closest fellow member; the group's weakest such link.
        worst = 1.0
        for i in g:
            worst = min(worst, max(jac(S(i), S(j)) for j in g if j != i))
        per_kind[(kind, "exact" if ex else "near")].append(worst)
    for (kind, ex), ws in sorted(per_kind.items()):
        below = sum(1 for w in ws if w < threshold)
        print(
            f"  {kind + '/' + ex:<16} {len(ws):>6} groups: weakest closest-member Jaccard "
            f"min {min(ws):.3f}, median {sorted(ws)[len(ws) // 2]:.3f}; groups below {threshold}: {below}"
        )
    for name, ids in sorted(truth["short"].items()):
        ids = [i for i in ids if i in by_id][:1500]
        best = (0.0, None, None)
        for x in range(len(ids)):
            sx = S(ids[x])
            for y in range(x + 1, len(ids)):
                j = jac(sx, S(ids[y]))
                if j > best[0]:
                    best = (j, ids[x], ids[y])
        lens = [len(by_id[i]["_norm"]) for i in ids]
        print(
            f"  short {name:<10} {len(ids):>5} items, {min(lens, default=0)}-{max(lens, default=0)} chars, "
            f"max Jaccard between two {best[0]:.3f}"
            + (f" (ids {best[1]}, {best[2]})" if best[1] else "")
        )


def save_groups(path, groups):
    data = {"groups": [{"members": [{"id": i} for i in g]} for g in groups]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(
        description="Pairwise precision/recall of a duplicate grouping against gen_dups' truth.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    ap.add_argument("truth", help="TRUTH.json written by gen_dups")
    ap.add_argument("groups", nargs="?", help="predicted groups (newsdump dups --json)")
    ap.add_argument("--brute", metavar="DUMP", help="group DUMP by brute force instead")
    ap.add_argument("--threshold", type=float, default=0.8, help="Jaccard threshold for --brute (0.8)")
    ap.add_argument("--newsdump", metavar="EXE", help="newsdump binary for --brute (default: found)")
    ap.add_argument("--save", metavar="PATH", help="with --brute: write its groups as newsdump would")
    ap.add_argument("--no-check", action="store_true", help="with --brute: skip the planted data check")
    args = ap.parse_args()
    if bool(args.groups) == bool(args.brute):
        ap.error("give either GROUPS.json or --brute DUMP")

    truth = load_truth(args.truth)
    if args.brute:
        import time

        t0 = time.time()
        arts = read_articles(args.brute, args.newsdump)
        if truth["articles"] is not None and len(arts) != truth["articles"]:
            print(f"warning: the dump has {len(arts)} articles, the truth says {truth['articles']}")
        groups, verified, best_below = brute_groups(arts, args.threshold)
        print(
            f"brute force: {len(arts)} articles, {verified} candidate pairs verified, "
            f"threshold {args.threshold}, {time.time() - t0:.1f} s"
        )
        if best_below[1] is not None:
            print(
                f"most similar pair below the threshold: {best_below[0]:.3f} (ids {best_below[1]}, {best_below[2]})"
            )
        if args.save:
            save_groups(args.save, groups)
        pred = groups
    else:
        pred = load_predicted(args.groups)
    pred = clean_groups(pred)
    print()
    evaluate(truth, pred)
    if args.brute and not args.no_check:
        check_planted(arts, truth, args.threshold)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
