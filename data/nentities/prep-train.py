#!/usr/bin/env python3
"""Turn the annotated corpora of ../shared/train/ner into the records
nentities-train reads: {"id", "text", "entities": [{"start", "end",
"type"}]} with code-point offsets and the types person, organization,
location, misc.  Standard library only.

  prep-train.py conll|wikigold|uner FILE        CoNLL-style PER/ORG/LOC/MISC
  prep-train.py gum [--no-news] FILE            GUM: proper-name spans

GUM marks every mention, as a whole noun phrase ("the U.S. Department of
State"); a proper name is derived from each named person, place,
organisation, event, object or abstract mention: the run of capitalised
words (with of, the, and, de, &, hyphens inside) around its head, without
a leading article or, for people, a title; where two overlap, the longer
one stays, as in CoNLL.  Events, objects and abstracts become misc.
"""
import json
import re
import sys

CONLL = {"PER": "person", "ORG": "organization", "LOC": "location",
         "MISC": "misc"}
GUM = {"person": "person", "place": "location",
       "organization": "organization", "event": "misc", "object": "misc",
       "abstract": "misc"}
JOIN = {"of", "the", "and", "de", "del", "da", "di", "du", "des", "la", "le",
        "van", "von", "der", "den", "al", "el", "bin", "for", "on", "&", "-",
        ".", "y", "upon"}
ARTICLES = {"the", "a", "an"}
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president",
          "senator", "sen", "rep", "governor", "gov", "general", "gen",
          "colonel", "col", "captain", "capt", "lieutenant", "lt",
          "sergeant", "sgt", "minister", "prime", "chancellor", "secretary",
          "judge", "justice", "rev", "reverend", "father", "sir", "dame",
          "lord", "lady", "king", "queen", "prince", "princess", "pope",
          "mayor", "chairman", "ceo", "director", "coach", "saint",
          "archbishop", "bishop", "emperor", "chief", "commander",
          "admiral", "officer", "detective", "inspector", "agent", "uncle",
          "aunt", "st", "brother", "sister", "mother", "grandma", "grandpa"}
# A possessive 's is a token of its own, and no part of a name.
TOKEN = re.compile(r"\w+(?:[-.]\w+|['\u2019](?!s\b)\w+)*\.?|['\u2019]s\b|[^\w\s]",
                   re.UNICODE)


def conll(path, source):
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        ents = [{"start": e["start"], "end": e["end"],
                 "type": CONLL[e["type"]]}
                for e in r["entities"] if e["type"] in CONLL]
        yield {"id": r["id"], "source": source, "text": r["text"],
               "entities": ents}


def capital(w):
    return w[:1].isupper() or w[:1].isdigit()


def name_span(text, e):
    """The proper name inside mention e, as (start, end), or None."""
    s, end = e["start"], e["end"]
    toks = [(s + m.start(), s + m.end(), m.group())
            for m in TOKEN.finditer(text[s:end])]
    hs = e["head_start"]
    h = next((i for i, t in enumerate(toks) if t[0] <= hs < t[1]), None)
    if h is None or not capital(toks[h][2]):
        return None
    a = h
    while a > 0 and (capital(toks[a - 1][2]) or
                     (toks[a - 1][2].lower() in JOIN and a > 1 and
                      capital(toks[a - 2][2]))):
        a -= 1
    b = h + 1
    while b < len(toks) and (capital(toks[b][2]) or
                             (toks[b][2].lower() in JOIN and
                              b + 1 < len(toks) and
                              capital(toks[b + 1][2]))):
        b += 1
    while a < h and toks[a][2].lower() in ARTICLES:
        a += 1
    if e["type"] == "person":
        while a < h and toks[a][2].lower().rstrip(".") in TITLES:
            a += 1
    while b > a + 1 and toks[b - 1][2].lower() in JOIN:
        b -= 1
    return toks[a][0], toks[b - 1][1]


def gum(path, news):
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if not news and r.get("genre") == "news":
            continue
        spans = []
        for e in r["entities"]:
            if not e.get("named") or e["type"] not in GUM:
                continue
            sp = name_span(r["text"], e)
            if sp is not None:
                spans.append((sp[0], sp[1], GUM[e["type"]]))
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        kept = []
        for s, e, t in spans:
            if all(e <= k[0] or s >= k[1] for k in kept):
                kept.append((s, e, t))
        kept.sort()
        yield {"id": r["id"], "source": "gum", "text": r["text"],
               "entities": [{"start": s, "end": e, "type": t}
                            for s, e, t in kept]}


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    kind, path = args[0], args[-1]
    if kind == "gum":
        recs = gum(path, "--no-news" not in args)
    elif kind in ("conll", "wikigold", "uner"):
        recs = conll(path, kind)
    else:
        sys.exit(__doc__)
    out = sys.stdout
    for r in recs:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
