#!/usr/bin/env python3
"""Score `flakyd classify` on the project's labelled corpus (tests/data/corpus/*.jsonl).

usage: scripts/eval-corpus.py FLAKYD_BIN [--split train|validation|all] [--misses] [--lang X]
                              [--ids-file FILE]

The validation split is frozen by construction: an entry belongs to it when the first byte of
SHA-256(id) is below 256/5 (a random fifth that no later entry or rule can move). Rules are
written from the train split's misses only; --misses refuses to list validation misses.
Prints per-language and per-split figures: retry/stop agreement, category agreement,
deterministic advised to retry, unknown share, the confusion list, and how often the advice
agrees at each confidence level (whether a runner can trust a high confidence and should ask
the upstream or history about a low one).
--ids-file scores only the entries whose id is listed (one per line): a batch of failures added
later (tests/data/corpus/fresh-batch-*.ids) is measured on its own before any rule sees it.
"""
import argparse, collections, glob, hashlib, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "tests", "data", "corpus")


def split_of(entry_id):
    return "validation" if hashlib.sha256(entry_id.encode()).digest()[0] < 52 else "train"


def load():
    rows = []
    for path in sorted(glob.glob(os.path.join(CORPUS, "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                row["split"] = split_of(row["id"])
                rows.append(row)
    return rows


def request(row):
    q = {"trace": row["trace"], "attempt": 1, "max_attempts": 3}
    for key in ("exception_type", "message", "test_id"):
        if row.get(key):
            q[key] = row[key]
    if row.get("language"):
        q["language"] = row["language"].lower()
    return q


def classify(binary, rows):
    out = subprocess.run([binary, "classify", "--jsonl", "-"],
                         input="".join(json.dumps(request(r)) + "\n" for r in rows),
                         capture_output=True, text=True, timeout=600, check=True).stdout
    results = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert len(results) == len(rows), "one result per entry"
    return results


def figures(pairs):
    n = len(pairs) or 1
    act = sum((r["action"] != "stop_retry") == (o["action"] != "stop_retry") for r, o in pairs)
    cat = sum(r["label"] == o["category"] for r, o in pairs)
    det = [(r, o) for r, o in pairs if r["label"] == "deterministic"]
    det_retry = sum(o["action"] != "stop_retry" for r, o in det)
    unknown = sum(o["category"] == "unknown" for r, o in pairs)
    return (f"n={len(pairs):4d} retry/stop {100*act/n:5.1f}%  category {100*cat/n:5.1f}%  "
            f"det-retried {100*det_retry/max(len(det),1):4.1f}%  unknown {100*unknown/n:4.1f}%")


CONFIDENCE_BANDS = ((0.9, "0.9 and above"), (0.8, "0.8 to 0.9"), (0.5, "0.5 to 0.8"), (0.0, "below 0.5"))


def calibration(pairs):
    """Retry/stop agreement within each confidence band: a calibrated verdict agrees more often
    the more confident it is."""
    bands = collections.defaultdict(list)
    for r, o in pairs:
        floor = next(f for f, _ in CONFIDENCE_BANDS if o["confidence"] >= f)
        bands[floor].append((r["action"] != "stop_retry") == (o["action"] != "stop_retry"))
    lines = []
    for floor, name in CONFIDENCE_BANDS:
        agree = bands.get(floor, [])
        if agree:
            lines.append(f"  confidence {name:13s} n={len(agree):4d} ({100*len(agree)/len(pairs):4.1f}% of entries) "
                         f"retry/stop {100*sum(agree)/len(agree):5.1f}%")
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--split", default="all", choices=["train", "validation", "all"])
    ap.add_argument("--misses", action="store_true", help="list the train split's misses")
    ap.add_argument("--lang", default=None)
    ap.add_argument("--ids-file", default=None, help="score only the ids listed in this file")
    a = ap.parse_args()
    rows = load()
    if a.ids_file:
        wanted = {line.strip() for line in open(a.ids_file, encoding="utf-8") if line.strip()}
        missing = wanted - {r["id"] for r in rows}
        if missing:
            sys.exit(f"--ids-file: {len(missing)} ids not in the corpus, e.g. {sorted(missing)[0]}")
        rows = [r for r in rows if r["id"] in wanted]
    results = classify(a.bin, rows)
    pairs = [(r, o) for r, o in zip(rows, results)
             if (a.split == "all" or r["split"] == a.split) and (not a.lang or r["language"] == a.lang)]
    if a.misses:
        for r, o in pairs:
            if r["split"] != "train":
                continue
            if r["label"] != o["category"] or (r["action"] != "stop_retry") != (o["action"] != "stop_retry"):
                print(f"miss {r['id']} [{r['language']}]: want {r['label']} got {o['category']} "
                      f"({o.get('rule', '')}){' HARD' if r.get('hard') else ''}")
    by_lang = collections.defaultdict(list)
    for r, o in pairs:
        by_lang[r["language"]].append((r, o))
    for lang in sorted(by_lang):
        print(f"{lang:16s} {figures(by_lang[lang])}")
    confusion = collections.Counter((r["label"], o["category"]) for r, o in pairs if r["label"] != o["category"])
    print("confusion (want -> got: count):")
    for (w, g), c in confusion.most_common():
        print(f"  {w} -> {g}: {c}")
    for split in ("train", "validation"):
        sub = [(r, o) for r, o in pairs if r["split"] == split]
        if sub:
            print(f"{split:16s} {figures(sub)}")
    print(f"{'all':16s} {figures(pairs)}")
    hard = [(r, o) for r, o in pairs if not r.get("hard")]
    print(f"{'all but hard':16s} {figures(hard)}")
    for split in ("train", "validation"):
        sub = [(r, o) for r, o in pairs if r["split"] == split]
        if sub:
            print(f"{split} by confidence:")
            print("\n".join(calibration(sub)))


if __name__ == "__main__":
    sys.exit(main())
