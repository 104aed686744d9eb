#!/usr/bin/env python3
"""Score ndedupe --annotate output on a set made by ndedupe_copies.py (or
any set with the same copies.tsv).  Standard library only.

  ndedupe_score.py COPIES.TSV ANNOTATED.NDJSON

Prints, for the duplicates a perfect detector would mark (every record
but the first of its story, in input order), the recall per kind of copy
(the kind relative to that first record), then how often dup_kind names
the kind of copy relative to the record it names in dup_of, and checks
that every record has a story (a kept record its own id, a duplicate
the story of its dup_of).  Precision and recall overall, with dup_of
checked, are score.py's.

The kind of a copy X relative to a record D of its story follows from
what each holds of the original (copies.tsv): the sentences (units),
the spin and the wrapper.  Each difference is one component: X holds
fewer sentences (excerpt), more (extended), other ones (a part of each:
counted as a cut); another spin (spun); another wrapper (wrapped).  No
component is exact, one is that one, two or more is mixed.
"""
import json
import sys
from collections import Counter, defaultdict

KINDS = ["exact", "wrapped", "excerpt", "extended", "spun", "mixed"]


def units(s):
    out = set()
    for part in s.split(","):
        if part:
            a, b = part.split("-")
            out.update(range(int(a), int(b) + 1))
    return frozenset(out)


def kind(x, d):
    parts = []
    if x["units"] != d["units"]:
        if x["units"] < d["units"]:
            parts.append("excerpt")
        elif x["units"] > d["units"]:
            parts.append("extended")
        else:
            parts.append("cut")
    if x["spin"] != d["spin"]:
        parts.append("spun")
    if x["wrap"] != d["wrap"]:
        parts.append("wrapped")
    if not parts:
        return "exact"
    if len(parts) == 1 and parts[0] != "cut":
        return parts[0]
    return "mixed"


def main():
    copies, sysf = sys.argv[1:3]
    rec = {}
    with open(copies) as f:
        next(f)
        for line in f:
            rid, story, u, spin, wrap, _ = line.rstrip("\n").split("\t")
            rec[rid] = {"story": story, "units": units(u), "spin": spin,
                        "wrap": wrap}
    first = {}
    want = Counter()
    found = Counter()
    kinds = Counter()
    right = Counter()
    confusion = defaultdict(Counter)
    nodk = nostory = badstory = ndup = 0
    outids = {}
    with open(sysf, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rid = str(r["id"])
            x = rec[rid]
            outids[rid] = r
            s = x["story"]
            ok = False
            if r.get("dup"):
                ndup += 1
                of = str(r.get("dup_of"))
                d = rec.get(of)
                ok = d is not None and d["story"] == s
                if "dup_kind" not in r:
                    nodk += 1
                if ok:
                    k = kind(x, d)
                    kinds[k] += 1
                    confusion[k][r.get("dup_kind")] += 1
                    if r.get("dup_kind") == k:
                        right[k] += 1
                if str(r.get("story")) != str(outids.get(of, {}).get("story", of)):
                    badstory += 1
            elif str(r.get("story")) != rid:
                badstory += 1
            if "story" not in r:
                nostory += 1
            if s not in first:
                first[s] = rid
                continue
            k = kind(x, rec[first[s]])
            want[k] += 1
            if ok:
                found[k] += 1
    print("recall per kind of copy (relative to the first record of its story):")
    for k in KINDS:
        if want[k]:
            print("  %-9s %5d of %5d  %.4f" % (k, found[k], want[k],
                                               found[k] / want[k]))
    tw, tf = sum(want.values()), sum(found.values())
    print("  %-9s %5d of %5d  %.4f" % ("all", tf, tw, tf / tw if tw else 0))
    tk, tr = sum(kinds.values()), sum(right.values())
    print("dup_kind right, relative to dup_of: %d of %d  %.4f" %
          (tr, tk, tr / tk if tk else 0))
    for k in KINDS:
        if kinds[k]:
            got = ", ".join("%s %d" % (g, n) for g, n in
                            confusion[k].most_common())
            print("  %-9s %.4f  (%s)" % (k, right[k] / kinds[k], got))
    print("duplicates without dup_kind: %d of %d; records without story: %d; "
          "story not the kept record's: %d" % (nodk, ndup, nostory, badstory))


if __name__ == "__main__":
    main()
