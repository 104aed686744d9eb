#!/usr/bin/env python3
"""Make a development set of copied news for ndedupe: originals, and copies
of them of the kinds content farms publish.  Standard library only.

  ndedupe_copies.py [--seed N] [--stories N] CORPUS OUTDIR

CORPUS is news.ndjson (or .gz).  OUTDIR gets:
  dev.ndjson   the records, shuffled, with opaque ids: {"id","title","text"}
  truth.tsv    id <TAB> story (the id of the story's original)
  copies.tsv   id, story, units, spin, wrap, typos, recipe (see below)
  clean.txt    which originals were dropped as near-copies of others

The originals are first cleaned of their own near-copies (the Reuters
part of the corpus has stories filed twice with a word changed, once
short and once in full, corrected, or updated): two originals are one
story when they have the same words; when half of the shorter is inside
the longer (its word 3-grams) and no number or name is in only one of
them; when they share a run of some 40 words; when most of five numbers
or more are the same; or, for short notices, when they have the same
numbers and 80% of their words alike.  Only the first is kept.  Originals made
from one template with other figures or names stay, as separate
stories: they are what a detector must not merge.

Each copy is made by a recipe of steps, each with its own random
parameters:
  excerpt  the first 40-90% of the paragraphs (of the sentences, for a
           text of one or two paragraphs); now and then a part from
           the middle instead
  spin     30-70% of the words that have a synonym (WordNet's first
           senses, /usr/share/wordnet from Debian's wordnet-base)
           swapped for one, inflected naively, capitals kept
  wrap     a header (site name, breadcrumbs, date, byline, title, ad
           markers: 0-6 lines) and a footer (share lines, "Source link",
           3-8 headlines of other stories, tags, copyright: 1-12 lines)
and, as noise that does not change what a copy is: typos (0-3 words),
re-flowed paragraphs (blank lines, hard wrapping at 60-80 columns, two
paragraphs joined), typographic quotes.  Some copies are made from
another copy (a farm copying a farm).

copies.tsv says what each record holds: units, the sentences of the
original it keeps ("a-b" ranges); spin, 0 or an id of the spin; wrap, 0
or an id of the wrapper; the expected dup_kind of any two records of a
story follows from these (see ndedupe_score.py).
"""
import argparse
import difflib
import gzip
import json
import os
import random
import re
import sys

WORDNET = "/usr/share/wordnet"

# Words a spinner leaves alone: function words, and a few that news
# needs exact (months, days).
KEEP = set("""
a about above after again against all also although am among an and
another any are around as at be because been before being below between
both but by can could did do does doing down during each either even
ever every few for from further had has have having he her here hers
herself him himself his how however i if in into is it its itself just
least less many may me might more most much must my myself neither
never no nor not now of off often on once one only or other others our
ours ourselves out over own per perhaps rather same she should since so
some still such than that the their theirs them themselves then there
therefore these they this those though through thus to too under until
up upon us very was we were what whatever when where whether which while
who whom whose why will with within without would yet you your yours
yourself two three four five six seven eight nine ten first second third
last next new mr mrs ms dr st
january february march april may june july august september october
november december monday tuesday wednesday thursday friday saturday
sunday
""".split())

SITE_A = ["Daily", "Global", "World", "Metro", "Prime", "First", "Smart",
          "Free", "True", "Fresh", "Capital", "Pacific", "Northern",
          "Urban", "Evening", "Morning", "National", "Open"]
SITE_B = ["Ledger", "Herald", "Wire", "Post", "Times", "Chronicle",
          "Report", "Digest", "Tribune", "Bulletin", "Observer", "Gazette",
          "Journal", "Insider", "Dispatch", "Monitor", "Beacon", "Today"]
SECTIONS = ["World", "Business", "Markets", "Politics", "Economy", "Tech",
            "Europe", "Asia", "US", "Sport", "Entertainment", "Finance",
            "Latest", "News", "Top Stories"]
FIRST = ["Anna", "James", "Maria", "David", "Sarah", "Michael", "Laura",
         "Peter", "Emma", "John", "Olivia", "Daniel", "Sofia", "Mark"]
LAST = ["Smith", "Jones", "Garcia", "Miller", "Brown", "Wilson", "Moore",
        "Taylor", "Clark", "Lewis", "Walker", "Hall", "Young", "King"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def read_corpus(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def words(t):
    return re.findall(r"\w+", t.lower())


NUM = re.compile(r"\d+(?:[.,]\d+)*")
NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")


def marks(t):
    """Numbers, and names (capitalised words after a lower-case word),
    a name known by its first letter and its letters in any order, so
    that a typo in it does not make another name."""
    return (set(NUM.findall(t)),
            set(w[0] + "".join(sorted(w[1:])) for w in NAME.findall(t)))


def agree(a, b):
    """Numbers (names) agree: one set holds the other, or at most one in
    ten is in only one of them."""
    if a <= b or b <= a:
        return True
    return 10 * len(a ^ b) <= len(a | b)


def shingles(w, n):
    return set(hash(tuple(w[k:k + n])) for k in range(max(1, len(w) - n + 1)))


def by_words(origs, sh, long8):
    """Pairs that share words: half of the shorter's 3-grams or more with
    no number or name in only one of them (refiled, corrected, cut), or
    a run of 37 words or more (30 common 8-grams: an update that keeps
    paragraphs of the first version)."""
    index = {}
    for i, s in enumerate(sh):
        for h in s:
            index.setdefault(h, []).append(i)
    same = []
    for i, s in enumerate(sh):
        # Candidates: the texts that share a rare 3-gram, or one of the
        # six rarest of a text made of common ones (a template).
        rare = sorted(s, key=lambda h: len(index[h]))
        pick = [h for h in rare if len(index[h]) <= 40] or rare[:6]
        count = {}
        for h in pick:
            docs = index[h]
            if len(docs) > 300:
                continue
            for j in docs:
                if j > i:
                    count[j] = count.get(j, 0) + 1
        for j, c in sorted(count.items()):
            short = min(len(s), len(sh[j])) or 1
            if c < 0.2 * min(len(pick), short) and c < 20:
                continue
            if len(long8[i] & long8[j]) >= 30:
                same.append((i, j))
                continue
            if len(s & sh[j]) / short < 0.5:
                continue
            na, ma = marks(origs[i]["text"])
            nb, mb = marks(origs[j]["text"])
            if agree(na, nb) and agree(ma, mb):
                same.append((i, j))
    return same


def by_numbers(origs):
    """Pairs of texts with five numbers or more, 70% of them common: the
    same figures reported twice (an earnings table refiled)."""
    nums = [set(n for n in NUM.findall(r.get("text", "")) if len(n) >= 2)
            for r in origs]
    index = {}
    for i, s in enumerate(nums):
        if len(s) >= 5:
            for n in s:
                index.setdefault(n, []).append(i)
    same = []
    for i, s in enumerate(nums):
        if len(s) < 5:
            continue
        count = {}
        for n in s:
            if len(index[n]) <= 30:
                for j in index[n]:
                    if j > i:
                        count[j] = count.get(j, 0) + 1
        for j, c in sorted(count.items()):
            if c >= 4 and len(s & nums[j]) >= 0.7 * len(s | nums[j]):
                same.append((i, j))
    return same


def by_short(origs):
    """Short texts with the same numbers whose words are 80% alike by
    difflib: one notice filed twice."""
    groups = {}
    for i, r in enumerate(origs):
        t = r.get("text", "")
        if len(t.split()) < 40:
            groups.setdefault(frozenset(NUM.findall(t)), []).append(i)
    same = []
    for g in groups.values():
        for a in range(len(g)):
            wa = words(origs[g[a]]["text"])
            for b in range(a + 1, min(len(g), a + 50)):
                wb = words(origs[g[b]]["text"])
                if difflib.SequenceMatcher(None, wa, wb,
                                           autojunk=False).ratio() >= 0.8:
                    same.append((g[a], g[b]))
    return same


def near_copies(origs):
    """Pairs (i, j) of originals that are one story (see by_*).  A
    template filled with other figures or other names is another."""
    w = [words(r.get("text", "")) for r in origs]
    sh = [shingles(x, 3) for x in w]
    long8 = [shingles(x, 8) for x in w]
    return by_words(origs, sh, long8) + by_numbers(origs) + by_short(origs)


def clean(origs, log):
    parent = list(range(len(origs)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    seen = {}
    for i, r in enumerate(origs):
        t = " ".join(words(r.get("text", "")))
        if t in seen:
            parent[find(i)] = find(seen[t])
        else:
            seen[t] = i
    for i, j in near_copies(origs):
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    kept = []
    for i, r in enumerate(origs):
        if find(i) == i:
            kept.append(r)
        else:
            log.write("%s\tnear-copy of\t%s\n" % (r["id"], origs[find(i)]["id"]))
    return kept


# WordNet: word -> synonyms from its first senses.

def wn_exceptions():
    exc = {}
    for pos in ("noun", "verb", "adj", "adv"):
        p = os.path.join(WORDNET, pos + ".exc")
        if not os.path.exists(p):
            continue
        with open(p, encoding="latin-1") as f:
            for line in f:
                v = line.split()
                if len(v) >= 2:
                    exc.setdefault(v[0], v[1])
    return exc


def wn_synonyms():
    if not os.path.exists(os.path.join(WORDNET, "index.noun")):
        sys.exit("ndedupe_copies: %s is missing: install wordnet-base" % WORDNET)
    syn = {}
    for pos in ("noun", "verb", "adj", "adv"):
        data = open(os.path.join(WORDNET, "data." + pos), "rb")
        with open(os.path.join(WORDNET, "index." + pos), encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                v = line.split()
                lemma = v[0]
                if not lemma.isalpha() or not lemma.islower():
                    continue
                nsyn = int(v[2])
                offs = v[-nsyn:]
                out = syn.setdefault(lemma, [])
                for off in offs[:2]:
                    data.seek(int(off))
                    d = data.readline().decode("latin-1").split()
                    nw = int(d[3], 16)
                    for k in range(nw):
                        w = d[4 + 2 * k]
                        w = re.sub(r"\(.*\)$", "", w)
                        if w == lemma or not re.fullmatch(r"[a-z_]+", w):
                            continue
                        w = w.replace("_", " ")
                        if w.count(" ") > 2 or w in out:
                            continue
                        out.append(w)
        data.close()
    return {k: v for k, v in syn.items() if v}


def inflect(base, how):
    if how == "":
        return base
    if how == "s":
        if re.search(r"(s|x|z|ch|sh)$", base):
            return base + "es"
        if re.search(r"[^aeiou]y$", base):
            return base[:-1] + "ies"
        return base + "s"
    if how == "ed":
        if base.endswith("e"):
            return base + "d"
        if re.search(r"[^aeiou]y$", base):
            return base[:-1] + "ied"
        return base + "ed"
    if how == "ing":
        if base.endswith("e") and not base.endswith("ee"):
            return base[:-1] + "ing"
        return base + "ing"
    return base


class Spinner:
    def __init__(self):
        self.syn = wn_synonyms()
        self.exc = wn_exceptions()

    def lemma(self, w):
        """(lemma, inflection) for a lower-case word, or None."""
        if w in self.syn:
            return w, ""
        if w in self.exc and self.exc[w] in self.syn:
            b = self.exc[w]
            how = "ed" if w.endswith(("d", "t", "n")) else "s"
            return b, how
        for suf, how, add in (("ies", "s", "y"), ("es", "s", ""),
                              ("s", "s", ""), ("ied", "ed", "y"),
                              ("ed", "ed", ""), ("ed", "ed", "e"),
                              ("ing", "ing", ""), ("ing", "ing", "e")):
            if w.endswith(suf) and len(w) > len(suf) + 2:
                b = w[:-len(suf)] + add
                if b in self.syn:
                    return b, how
        return None

    def swap(self, w, rng):
        low = w.lower()
        if low in KEEP or len(low) < 3:
            return None
        lm = self.lemma(low)
        if lm is None:
            return None
        base, how = lm
        cands = self.syn[base]
        # Multi-word synonyms are rarer in spinners' tables.
        one = [c for c in cands if " " not in c]
        pick = rng.choice(one if one and rng.random() < 0.85 else cands)
        if " " in pick:
            head, rest = pick.split(" ", 1)
            out = inflect(head, how) + " " + rest
        else:
            out = inflect(pick, how)
        if w[0].isupper():
            out = out[0].upper() + out[1:]
        return out

    def spin(self, text, rate, rng):
        out = []
        start = True
        for m in re.finditer(r"[A-Za-z]+|[^A-Za-z]+", text):
            tok = m.group(0)
            if not tok[0].isalpha():
                out.append(tok)
                if re.search(r"[.!?\n:\"“]\s*$", tok):
                    start = True
                continue
            name = tok[0].isupper() and not start
            start = False
            # Names stay, but now and then one that is also a common
            # word is swapped too ("Air Force" -> "Air Drive").
            if name and rng.random() > 0.02:
                out.append(tok)
                continue
            new = self.swap(tok, rng) if rng.random() < rate else None
            out.append(new if new else tok)
        return "".join(out)


# Sentences and paragraphs: a record's content is a set of sentence
# numbers of its original.

SENT = re.compile(r"([.!?][\"”’)]?)\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(p):
    return [s for s in SENT.sub("\\1\x00", p.strip()).split("\x00") if s]


def units(text):
    """The original as paragraphs of sentences: [[s0, s1], [s2], ...]."""
    paras = [p for p in text.split("\n") if p.strip()]
    out = []
    for p in paras:
        out.append(sentences(p))
    return out


def render(paras, keep):
    """The paragraphs with only the sentences numbered in keep."""
    out = []
    k = 0
    for p in paras:
        ss = []
        for s in p:
            if k in keep:
                ss.append(s)
            k += 1
        if ss:
            out.append(" ".join(ss))
    return out


def excerpt(paras, rng):
    """Sentence numbers of a part of the text, or None if too short."""
    n = sum(len(p) for p in paras)
    frac = rng.uniform(0.4, 0.9)
    middle = rng.random() < 0.15
    if len(paras) >= 3:
        k = max(1, min(len(paras) - 1, round(frac * len(paras))))
        first = 0
        if middle and len(paras) - k >= 1:
            first = rng.randint(1, len(paras) - k)
        start = sum(len(p) for p in paras[:first])
        end = sum(len(p) for p in paras[:first + k])
        return set(range(start, end))
    if n < 2:
        return None
    k = max(1, min(n - 1, round(frac * n)))
    return set(range(0, k))


MIN_WORDS = 40
MIN_PART = 20


def site(rng):
    return "%s %s" % (rng.choice(SITE_A), rng.choice(SITE_B))


def date_line(rng):
    d, m, y = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2019, 2025)
    return rng.choice([
        "Published %s %d, %d" % (m, d, y),
        "%s %d, %d" % (m, d, y),
        "Updated: %d %s %d %02d:%02d" % (d, m, y, rng.randint(0, 23),
                                         rng.randint(0, 59)),
        "%d-%02d-%02d" % (y, MONTHS.index(m) + 1, d),
        "Posted on %s %d, %d by admin" % (m, d, y)])


def headline(r):
    t = r.get("title") or " ".join(r["text"].split()[:9])
    if t.isupper():
        t = t.title()
    return t


def header(rng, title, name):
    lines = []
    opts = [
        lambda: name,
        lambda: "Home » %s » %s" % (rng.choice(SECTIONS), rng.choice(SECTIONS)),
        lambda: date_line(rng),
        lambda: "By %s %s" % (rng.choice(FIRST), rng.choice(LAST)),
        lambda: title,
        lambda: "[ad_1]",
        lambda: "Advertisement",
        lambda: "%s | %s" % (rng.choice(SECTIONS), name),
    ]
    for k in sorted(rng.sample(range(len(opts)), rng.randint(0, 6))):
        lines.append(opts[k]())
    return lines


def footer(rng, others, name):
    lines = []
    if rng.random() < 0.5:
        lines.append(rng.choice(["[ad_2]", "Source link", "Source"]))
    if rng.random() < 0.4:
        lines.append(rng.choice(["Share this:", "Share this article",
                                 "Facebook Twitter WhatsApp Email",
                                 "Share on Facebook", "Tweet"]))
    n = rng.randint(3, 8) if rng.random() < 0.85 else 0
    if n:
        if rng.random() < 0.6:
            lines.append(rng.choice(["Related", "Related posts",
                                     "You may also like", "Read more",
                                     "More from %s" % name, "Latest news",
                                     "Trending now"]))
        for r in rng.sample(others, n):
            lines.append(headline(r))
    if rng.random() < 0.3:
        lines.append("Tags: %s, %s" % (rng.choice(SECTIONS), rng.choice(SECTIONS)))
    if rng.random() < 0.4:
        lines.append(rng.choice(["© %d %s. All rights reserved." %
                                 (rng.randint(2019, 2025), name),
                                 "Copyright %d %s" % (rng.randint(2019, 2025), name),
                                 "Source link"]))
    if not lines:
        lines.append("Source link")
    return lines


def typos(text, n, rng):
    toks = re.split(r"(\s+)", text)
    idx = [i for i, t in enumerate(toks) if re.fullmatch(r"[A-Za-z]{5,}", t)]
    for i in rng.sample(idx, min(n, len(idx))):
        w = toks[i]
        k = rng.randint(1, len(w) - 3)
        if rng.random() < 0.5:
            w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
        else:
            w = w[:k] + w[k + 1:]
        toks[i] = w
    return "".join(toks)


def reflow(paras, rng):
    """Lines of text: the paragraphs, perhaps laid out anew."""
    how = rng.random()
    if how < 0.3:
        out = []
        for p in paras:
            out.extend([p, ""])
        return out[:-1]
    if how < 0.6:
        width = rng.randint(60, 80)
        out = []
        for p in paras:
            line = ""
            for w in p.split():
                if line and len(line) + 1 + len(w) > width:
                    out.append(line)
                    line = w
                else:
                    line = (line + " " + w) if line else w
            out.append(line)
            if rng.random() < 0.5:
                out.append("")
        return out
    if len(paras) >= 2:
        k = rng.randrange(len(paras) - 1)
        return paras[:k] + [paras[k] + " " + paras[k + 1]] + paras[k + 2:]
    return paras


def quotes(text):
    text = re.sub(r'"(\w)', "“\\1", text)
    text = re.sub(r'(\S)"', "\\1”", text)
    return text.replace("'", "’")


# Recipes: what a copy is made of, as steps on the original.
RECIPES = [
    (6, ()),                               # a repeat (whitespace aside)
    (12, ("wrap",)),
    (12, ("excerpt",)),
    (14, ("spin",)),
    (28, ("excerpt", "spin", "wrap")),    # what content farms publish
    (10, ("excerpt", "wrap")),
    (10, ("spin", "wrap")),
    (8, ("excerpt", "spin")),
]


def pick_recipe(rng):
    total = sum(w for w, _ in RECIPES)
    x = rng.uniform(0, total)
    for w, r in RECIPES:
        x -= w
        if x <= 0:
            return r
    return RECIPES[-1][1]


class Copy:
    """What a record holds of its story's original: the sentences it
    keeps, each as this copy words it, laid out in the original's
    paragraphs, between a header and a footer."""

    def __init__(self, sents, spin=0, wrap=0, head=(), foot=()):
        self.sents = dict(sents)  # sentence number -> text
        self.spin = spin          # 0, or the id of the spin applied
        self.wrap = wrap          # 0, or the id of the wrapper
        self.head = list(head)
        self.foot = list(foot)
        self.typos = 0

    def keep(self):
        return set(self.sents)


def make_copy(rng, spinner, paras, base, recipe, title, others, ids):
    """A new Copy from base (a Copy of the same story) by recipe."""
    c = Copy(base.sents, base.spin, base.wrap, base.head, base.foot)
    if "excerpt" in recipe:
        part = excerpt(paras, rng)
        keep = c.keep()
        if part is not None and part & keep and not keep <= part and \
                sum(len(c.sents[k].split()) for k in part & keep) >= MIN_PART:
            c.sents = {k: v for k, v in c.sents.items() if k in part}
    if "spin" in recipe:
        c.spin = next(ids)
        rate = rng.uniform(0.3, 0.7)
        c.sents = {k: spinner.spin(v, rate, rng) for k, v in c.sents.items()}
    if "wrap" in recipe:
        c.wrap = next(ids)
        name = site(rng)
        c.head = header(rng, title, name)
        c.foot = footer(rng, others, name)
    return c


def render_copy(rng, c, paras):
    body = []
    k = 0
    for p in paras:
        ss = []
        for _ in p:
            if k in c.sents:
                ss.append(c.sents[k])
            k += 1
        if ss:
            body.append(" ".join(ss))
    lines = reflow(body, rng) if rng.random() < 0.2 else body
    text = "\n".join(c.head + lines + c.foot)
    if rng.random() < 0.2:
        c.typos = rng.randint(1, 3)
        text = typos(text, c.typos, rng)
    if rng.random() < 0.1:
        text = quotes(text)
    return text


def ranges(keep):
    out, run = [], []
    for k in sorted(keep):
        if run and k == run[-1] + 1:
            run.append(k)
        else:
            if run:
                out.append("%d-%d" % (run[0], run[-1]))
            run = [k]
    if run:
        out.append("%d-%d" % (run[0], run[-1]))
    return ",".join(out)


def start_copy(rng, recipes, paras):
    """A copy's recipe, drawn from (weight, steps) pairs, the original's
    sentences, and the set of their numbers it keeps so far (all)."""
    recipe = rng.choices([x for _, x in recipes],
                         [w for w, _ in recipes])[0]
    sents = [s for p in paras for s in p]
    return recipe, sents, set(range(len(sents)))


def make_set(seed, prefix, load, copy):
    """The main of a generator that makes each copy of an original alone:
    copy(rng, words, r, paras, origs, ids) gives (text, units kept, spin
    id, wrap id); words is load()'s; ids are prefix and a number."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument("--stories", type=int, default=3000)
    ap.add_argument("corpus")
    ap.add_argument("outdir")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    words = load()
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "clean.txt"), "w") as log:
        origs = clean(read_corpus(a.corpus), log)
    long = [i for i, r in enumerate(origs)
            if len(r.get("text", "").split()) >= MIN_WORDS]
    chosen = set(rng.sample(long, min(a.stories, len(long))))
    ids = iter(range(1, 1 << 40))
    records = []
    for i, r in enumerate(origs):
        text = r.get("text", "")
        paras = units(text)
        n = sum(len(p) for p in paras)
        records.append((r["id"], text, set(range(n)), 0, 0))
        if i not in chosen:
            continue
        for _ in range(rng.choice((1, 1, 2, 3))):
            records.append((r["id"],) + copy(rng, words, r, paras, origs,
                                             ids))
    rng.shuffle(records)
    with open(os.path.join(a.outdir, "dev.ndjson"), "w",
              encoding="utf-8") as out, \
            open(os.path.join(a.outdir, "truth.tsv"), "w") as truth, \
            open(os.path.join(a.outdir, "copies.tsv"), "w") as cp:
        cp.write("id\tstory\tunits\tspin\twrap\ttypos\n")
        for n, (story, t, keep, sp, wr) in enumerate(records, 1):
            rid = "%s%06d" % (prefix, n)
            out.write(json.dumps({"id": rid, "text": t},
                                 ensure_ascii=False) + "\n")
            truth.write("%s\t%s\n" % (rid, story))
            cp.write("%s\t%s\t%s\t%d\t%d\t0\n" % (rid, story,
                                                  ranges(keep), sp, wr))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--stories", type=int, default=4000)
    ap.add_argument("corpus")
    ap.add_argument("outdir")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "clean.txt"), "w") as log:
        origs = clean(read_corpus(a.corpus), log)
    spinner = Spinner()
    counter = iter(range(a.seed * 1000 + 1, 1 << 62))
    records = []          # (story, Copy, text, title)
    long = [i for i, r in enumerate(origs)
            if len(r.get("text", "").split()) >= MIN_WORDS]
    chosen = set(rng.sample(long, min(a.stories, len(long))))
    for i, r in enumerate(origs):
        text = r.get("text", "")
        paras = units(text)
        sents = [s for p in paras for s in p]
        orig = Copy(enumerate(sents))
        records.append((r["id"], orig, text, r.get("title", "")))
        # Farms copy articles, not two-line notices: a text of fewer
        # than MIN_WORDS words gets no copies (it stays as a text that
        # must not be taken for a copy of another).
        if i not in chosen or len(text.split()) < MIN_WORDS:
            continue
        made = [orig]
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            base = orig if rng.random() < 0.85 else rng.choice(made)
            recipe = pick_recipe(rng)
            c = make_copy(rng, spinner, paras, base, recipe,
                          r.get("title") or sents[0], rng.sample(origs, 8),
                          counter)
            made.append(c)
            records.append((r["id"], c, render_copy(rng, c, paras),
                            r.get("title", "")))
    rng.shuffle(records)
    with open(os.path.join(a.outdir, "dev.ndjson"), "w", encoding="utf-8") as out, \
            open(os.path.join(a.outdir, "truth.tsv"), "w") as truth, \
            open(os.path.join(a.outdir, "copies.tsv"), "w") as cp:
        cp.write("id\tstory\tunits\tspin\twrap\ttypos\n")
        for n, (story, c, text, title) in enumerate(records, 1):
            rid = "d%06d" % n
            out.write(json.dumps({"id": rid, "title": title, "text": text},
                                 ensure_ascii=False) + "\n")
            truth.write("%s\t%s\n" % (rid, story))
            cp.write("%s\t%s\t%s\t%d\t%d\t%d\n" % (rid, story, ranges(c.keep()),
                                                 c.spin, c.wrap, c.typos))


if __name__ == "__main__":
    main()
