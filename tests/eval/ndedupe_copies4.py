#!/usr/bin/env python3
"""A fourth maker of copied news, apart from the other three, for copies
made in ways none of them makes.  Standard library only; the same outputs
(dev.ndjson, truth.tsv, copies.tsv, clean.txt) and the same cleaning of
the base corpus.

  ndedupe_copies4.py [--seed N] [--stories N] CORPUS OUTDIR

What it does its own way:
  spin     WordNet nouns only (a lemma of one of a word's first three
           senses), 25-60% of those that have one, and a rewriter's
           house style on top: wire abbreviations written out ("mln" ->
           "million", "pct" -> "percent", "dlrs" -> "dollars"), "said"
           put in the present ("says"), contractions made or undone
  excerpt  a teaser: the first 30-70 words, cut at a word, with an
           ellipsis; or a window of two or more whole sentences from
           the middle
  wrap     lines between the paragraphs ("Advertisement", "ALSO READ:"
           with another story's headline, a photo caption), a byline
           and date above, tags, share buttons and a copyright below
  noise    non-breaking spaces, a zero-width space, entities left
           undecoded ("&amp;", "&#8217;"), two paragraphs run together
The teaser's last sentence, cut short, counts as kept in copies.tsv.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ndedupe_copies as base  # noqa: E402


def nouns():
    """noun -> its synonyms, from the lemmas of its first three senses."""
    if not os.path.exists(os.path.join(base.WORDNET, "index.noun")):
        sys.exit("ndedupe_copies4: %s is missing: install wordnet-base" %
                 base.WORDNET)
    syn = {}
    data = open(os.path.join(base.WORDNET, "data.noun"), "rb")
    with open(os.path.join(base.WORDNET, "index.noun"),
              encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            v = line.split()
            lemma = v[0]
            if not re.fullmatch(r"[a-z]{3,}", lemma) or lemma in base.KEEP:
                continue
            out = set()
            for off in v[-int(v[2]):][:3]:
                data.seek(int(off))
                d = data.readline().decode("latin-1").split()
                for k in range(int(d[3], 16)):
                    w = re.sub(r"\(.*\)$", "", d[4 + 2 * k])
                    if w != lemma and re.fullmatch(r"[a-z]{3,}", w):
                        out.add(w)
            if out:
                syn[lemma] = sorted(out)
    data.close()
    return syn


STYLE = [(r"\bmln\b", "million"), (r"\bbln\b", "billion"),
         (r"\bpct\b", "percent"), (r"\bdlrs\b", "dollars"),
         (r"\bdlr\b", "dollar"), (r"\bsaid\b", "says"),
         (r"\bdo not\b", "don't"), (r"\bdoes not\b", "doesn't"),
         (r"\bis not\b", "isn't"), (r"\bit is\b", "it's"),
         (r"\bwon't\b", "will not"), (r"\bcan't\b", "cannot")]


def spin(text, rate, style, rng, syn):
    """Nouns swapped at rate (plural -s kept); the house style's rules,
    each taken or not for the whole copy (style, a set of indices)."""
    def sub(m):
        w = m.group(0)
        low, plural = w.lower(), ""
        if low not in syn and low.endswith("s") and low[:-1] in syn:
            low, plural = low[:-1], "s"
        if low not in syn or rng.random() >= rate:
            return w
        new = rng.choice(syn[low]) + plural
        return new[0].upper() + new[1:] if w[0].isupper() else new
    # Words after a capitalised word (a name) are left: "Bank of England".
    text = re.sub(r"(?<![A-Za-z])(?<![A-Z][a-z] )[a-z]+(?![A-Za-z])", sub,
                  text)
    for k, (pat, rep) in enumerate(STYLE):
        if k in style:
            text = re.sub(pat, rep, text)
    return text


def teaser(sents, rng):
    """(text of the first 30-70 words, cut, with an ellipsis; sentence
    numbers it touches), or None for a text too short."""
    words = " ".join(sents).split()
    k = rng.randint(30, 70)
    if len(words) <= k + 10:
        return None
    cut = " ".join(words[:k]).rstrip(",;:")
    touched, seen = set(), 0
    for i, s in enumerate(sents):
        if seen < k:
            touched.add(i)
        seen += len(s.split())
    return cut + rng.choice(["...", "\u2026", " [\u2026]"]), touched


def window(n, rng):
    """Sentence numbers of two or more whole sentences from the middle."""
    if n < 5:
        return None
    size = rng.randint(2, max(2, n // 2))
    first = rng.randint(1, n - size - 1) if n - size - 1 >= 1 else 1
    return set(range(first, min(n - 1, first + size)))


def wrap(rng, body, others, title):
    name = base.site(rng)
    who = "%s %s" % (rng.choice(base.FIRST), rng.choice(base.LAST))
    out = []
    if rng.random() < 0.7:
        out.append("By %s | %s" % (who, base.date_line(rng)))
    if rng.random() < 0.4:
        out.append(title)
    heads = [base.headline(r) for r in others]
    for i, p in enumerate(body):
        out.append(p)
        if i + 1 < len(body) and rng.random() < 0.5:
            k = rng.randrange(4)
            if k == 1 and heads:
                out.append("ALSO READ: %s" % heads.pop())
            elif k == 2:
                out.append("(Photo: %s / %s)" % (
                    who, rng.choice(["Reuters", "AFP", "file"])))
            else:
                out.append(["Advertisement", "Story continues below"][k % 2])
    if rng.random() < 0.7:
        out.append("Tags: %s" % ", ".join(rng.sample(base.SECTIONS, 3)))
    if rng.random() < 0.6:
        out.append("Share this: Facebook Twitter WhatsApp Email")
    if rng.random() < 0.6:
        out.append("Copyright \u00a9 %d %s. All rights reserved." %
                   (rng.randint(2019, 2025), name))
    return out


def noise(paras, rng):
    if len(paras) >= 2 and rng.random() < 0.2:
        k = rng.randrange(len(paras) - 1)
        paras = paras[:k] + [paras[k] + " " + paras[k + 1]] + paras[k + 2:]
    text = "\n".join(paras)
    if rng.random() < 0.3:
        text = re.sub(r" (?=[a-z])", lambda m: "\u00a0" if rng.random() <
                      0.1 else " ", text)
    if rng.random() < 0.2:
        sp = [m.start() for m in re.finditer(" ", text)]
        if sp:
            i = rng.choice(sp)
            text = text[:i] + "\u200b" + text[i:]
    if rng.random() < 0.3:
        text = text.replace("&", "&amp;").replace("'", "&#8217;")
    return text


RECIPES = [(5, ()), (10, ("wrap",)), (12, ("excerpt",)), (13, ("spin",)),
           (30, ("excerpt", "spin", "wrap")), (10, ("excerpt", "wrap")),
           (10, ("spin", "wrap")), (10, ("excerpt", "spin"))]


def copy(rng, syn, r, paras, origs, ids):
    """(text, units kept, spin id, wrap id) of one copy of r."""
    recipe, sents, keep = base.start_copy(rng, RECIPES, paras)
    body = [" ".join(p) for p in paras]
    if "excerpt" in recipe:
        if rng.random() < 0.5:
            t = teaser(sents, rng)
            if t is not None:
                body, keep = [t[0]], t[1]
        else:
            part = window(len(sents), rng)
            if part and sum(len(sents[k].split()) for k in part) >= \
                    base.MIN_PART:
                keep = part
                body = base.render(paras, keep)
    sp = wr = 0
    if "spin" in recipe:
        sp = next(ids)
        rate = rng.uniform(0.25, 0.6)
        style = {k for k in range(len(STYLE)) if rng.random() < 0.5}
        body = [spin(p, rate, style, rng, syn) for p in body]
    if "wrap" in recipe:
        wr = next(ids)
        body = wrap(rng, body, rng.sample(origs, 6),
                    base.headline(r))
    return noise(body, rng), keep, sp, wr


def main():
    base.make_set(4242, "q", nouns, copy)


if __name__ == "__main__":
    main()
