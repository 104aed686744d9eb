#!/usr/bin/env python3
"""A third maker of copied news, apart from ndedupe_copies.py and
ndedupe_copies2.py, for a fresh view of the same kinds of copy (ndedupe is
tuned on neither).  Standard library only; the same outputs (dev.ndjson,
truth.tsv, copies.tsv, clean.txt) and the same cleaning of the base corpus.

  ndedupe_copies3.py [--seed N] [--stories N] CORPUS OUTDIR

What it does its own way:
  spin     WordNet (Debian's wordnet-base) verbs, adjectives and adverbs
           only, a random sense's lemma rather than the first, 20-60% of
           the words that have one (names a tenth as often); now and
           then two neighbouring
           paragraphs change places, as a rewriter does
  excerpt  the last 50-90% of the sentences, or the text with one to three
           sentences from its middle left out (the first and last kept)
  wrap     a news portal's page: breadcrumbs, a photo credit, "Related
           Articles" with other headlines, a comment count, a newsletter
           line, in varying order
  noise    blank lines doubled, lines indented, a typo that swaps two
           neighbouring letters
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ndedupe_copies as base  # noqa: E402

POS = ("verb", "adj", "adv")


def synonyms():
    """word -> [(sense lemmas)], verbs, adjectives and adverbs."""
    if not os.path.exists(os.path.join(base.WORDNET, "index.verb")):
        sys.exit("ndedupe_copies3: %s is missing: install wordnet-base" %
                 base.WORDNET)
    syn = {}
    for pos in POS:
        data = open(os.path.join(base.WORDNET, "data." + pos), "rb")
        with open(os.path.join(base.WORDNET, "index." + pos),
                  encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                v = line.split()
                lemma = v[0]
                if not lemma.isalpha() or lemma in base.KEEP:
                    continue
                out = []
                for off in v[-int(v[2]):][:4]:
                    data.seek(int(off))
                    d = data.readline().decode("latin-1").split()
                    for k in range(int(d[3], 16)):
                        w = re.sub(r"\(.*\)$", "", d[4 + 2 * k])
                        if w != lemma and re.fullmatch(r"[a-z]+", w):
                            out.append(w)
                if out:
                    syn[lemma] = sorted(set(out))
        data.close()
    return syn


def spin(text, rate, rng, syn):
    """Swap words for synonyms; a capitalised word inside a sentence (a
    name, most often) a tenth as often: spinners mostly keep names, and
    now and then make "Joined States" of one."""
    def sub(m):
        w = m.group(0)
        low = w.lower()
        inside = w[0].isupper() and \
            re.search(r"[A-Za-z,;]\s+$", text[:m.start()]) is not None
        if low not in syn or rng.random() >= (rate / 10 if inside
                                              else rate):
            return w
        new = rng.choice(syn[low])
        return new[0].upper() + new[1:] if w[0].isupper() else new
    return re.sub(r"(?<![A-Za-z])[A-Za-z]+(?![A-Za-z])", sub, text)


def excerpt(n, rng):
    """Sentence numbers kept of n, or None."""
    if n < 3:
        return None
    if rng.random() < 0.5:
        k = max(1, round(rng.uniform(0.5, 0.9) * n))
        return set(range(n - k, n)) if k < n else None
    gone = rng.randint(1, min(3, n - 2))
    first = rng.randint(1, n - 1 - gone)
    return set(range(n)) - set(range(first, first + gone))


def portal(rng, body, others, title):
    name = "%s %s" % (rng.choice(base.SITE_A), rng.choice(base.SITE_B))
    head = ["News / %s / %s" % (rng.choice(base.SECTIONS),
                                rng.choice(base.SECTIONS))]
    if rng.random() < 0.6:
        head.append(title)
    if rng.random() < 0.5:
        head.append("Photo: %s" % rng.choice(["Reuters", "AP", "File",
                                               "Getty Images"]))
    foot = []
    if rng.random() < 0.5:
        foot.append("Comments (%d)" % rng.randint(0, 99))
    if rng.random() < 0.8:
        foot.append("Related Articles")
        foot.extend(base.headline(r) for r in others[:rng.randint(2, 6)])
    if rng.random() < 0.5:
        foot.append("Subscribe to the %s newsletter" % name)
    rng.shuffle(foot)
    return head + body + foot


def noise(text, rng):
    x = rng.random()
    if x < 0.2:
        text = text.replace("\n", "\n\n")
    elif x < 0.35:
        text = "\n".join("  " + line for line in text.split("\n"))
    if rng.random() < 0.2:
        ws = list(re.finditer(r"[a-z]{5,}", text))
        if ws:
            m = rng.choice(ws)
            w, k = m.group(0), rng.randint(1, len(m.group(0)) - 2)
            w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
            text = text[:m.start()] + w + text[m.end():]
    return text


RECIPES = [(5, ()), (12, ("wrap",)), (12, ("excerpt",)), (14, ("spin",)),
           (27, ("excerpt", "spin", "wrap")), (10, ("excerpt", "wrap")),
           (10, ("spin", "wrap")), (10, ("excerpt", "spin"))]


def copy(rng, syn, r, paras, origs, ids):
    """(text, units kept, spin id, wrap id) of one copy of r."""
    recipe, sents, keep = base.start_copy(rng, RECIPES, paras)
    if "excerpt" in recipe:
        part = excerpt(len(sents), rng)
        if part and sum(len(sents[k].split()) for k in part) >= \
                base.MIN_PART:
            keep = part
    body, n = [], 0
    for p in paras:
        ss = [s for k, s in enumerate(p, n) if k in keep]
        n += len(p)
        if ss:
            body.append(" ".join(ss))
    sp = wr = 0
    if "spin" in recipe:
        sp = next(ids)
        rate = rng.uniform(0.2, 0.6)
        body = [spin(p, rate, rng, syn) for p in body]
        if len(body) >= 2 and rng.random() < 0.3:
            k = rng.randrange(len(body) - 1)
            body[k], body[k + 1] = body[k + 1], body[k]
    if "wrap" in recipe:
        wr = next(ids)
        body = portal(rng, body, rng.sample(origs, 6),
                      r.get("title") or sents[0][:60])
    return noise("\n".join(body), rng), keep, sp, wr


def main():
    base.make_set(31337, "g", synonyms, copy)


if __name__ == "__main__":
    main()
