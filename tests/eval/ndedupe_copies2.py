#!/usr/bin/env python3
"""A second maker of copied news, written apart from ndedupe_copies.py so
that ndedupe is not tuned to one generator's habits.  Standard library
only; the same outputs (dev.ndjson, truth.tsv, copies.tsv, clean.txt) and
the same cleaning of the base corpus (imported from ndedupe_copies).

  ndedupe_copies2.py [--seed N] [--stories N] CORPUS OUTDIR

What it does differently:
  spin     a hand-made table of the swaps article spinners make, words
           and phrases ("said" -> "mentioned", "at least" -> "a minimum
           of", "because" -> "as a result of"), 30-70% of the matches
  excerpt  cut by sentences, not paragraphs: the first 40-90% of them
  wrap     WordPress-style: "Last Updated" lines, a "Read more:" teaser
           put inside the article, "You might also like:" with bulleted
           headlines, "The post ... appeared first on ..." below
  noise    the whole article on one line, or a sentence a line; typos
           by a dropped or doubled letter
"""
import argparse
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ndedupe_copies as base  # noqa: E402

SWAPS = """
said=mentioned|stated|added|noted
says=mentions|states
told=instructed|informed
war=struggle|battle|conflict
help=assist|support
helped=assisted
call=name|decision
conversation=dialog|dialogue
phone=cellphone|telephone
attack=assault|strike
attacks=assaults
military=army|navy
aid=help|assist
people=individuals|folks
person=individual
government=authorities|administration
company=firm|agency|enterprise
companies=corporations|firms
big=massive|large|huge
biggest=most important|largest
large=giant|big
important=necessary|vital|crucial
very=extremely|highly
also=additionally|moreover
however=nevertheless|nonetheless
because=as a result of|since
including=together with|along with
according to=based on|in keeping with
at least=a minimum of|at the least
as well as=in addition to|together with
against=in opposition to|towards
more=extra|additional
increase=improve|enhance
increased=elevated|rose
rise=improve|enhance
fell=dropped|declined
buy=purchase|acquire
sell=promote|market
plans=programs|schemes
plan=program|scheme
move=transfer|transfer
ability=potential|capacity
market=market|marketplace
markets=markets|marketplaces
shares=shares|stocks
price=value|worth
prices=costs|values
sales=gross sales|revenues
profit=revenue|income
results=outcomes|outcomes
expected=anticipated|predicted
official=officer|authorized
officials=officers|authorities
country=nation|state
talks=negotiations|discussions
meeting=assembly|assembly
week=week|weekend
today=immediately|right now
yesterday=the day prior to this|the previous day
just=simply|merely
need=want|require
needed=required|wanted
want=need|desire
wants=desires|needs
think=assume|suppose
believe=consider|imagine
show=present|reveal
shows=exhibits|reveals
start=begin|commence
started=began|commenced
end=finish|finish
ended=ended|concluded
keep=preserve|maintain
continue=proceed|keep on
situation=state of affairs|scenario
issue=difficulty|situation
issues=points|problems
problem=downside|drawback
group=group|team
number=quantity|variety
strong=sturdy|robust
early=early|preliminary
high=excessive|excessive
higher=greater|increased
low=low|lowered
lower=decrease|lower
major=main|key
main=primary|principal
new=new|recent
""".strip().splitlines()

LAST = ["Last Updated: %s %d, %d", "Updated %d/%02d/%d", "%s %d, %d at %d:%02d pm"]
MONTHS = base.MONTHS


def table():
    t = []
    for line in SWAPS:
        k, v = line.split("=")
        t.append((k, v.split("|")))
    # Longer phrases first, so "according to" goes before "to".
    t.sort(key=lambda x: -len(x[0]))
    return t


def spin(text, rate, rng, tab):
    out = text
    for k, vs in tab:
        pat = re.compile(r"\b%s\b" % re.escape(k))

        def sub(m):
            if rng.random() >= rate:
                return m.group(0)
            return rng.choice(vs)
        out = pat.sub(sub, out)
        cap = k[0].upper() + k[1:]
        pat = re.compile(r"\b%s\b" % re.escape(cap))

        def subc(m):
            if rng.random() >= rate:
                return m.group(0)
            v = rng.choice(vs)
            return v[0].upper() + v[1:]
        out = pat.sub(subc, out)
    return out


def stamp(rng):
    m, d, y = rng.choice(MONTHS), rng.randint(1, 28), rng.randint(2020, 2025)
    f = rng.choice(LAST)
    if f.startswith("Updated"):
        return f % (d, MONTHS.index(m) + 1, y)
    if "pm" in f:
        return f % (m, d, y, rng.randint(1, 11), rng.randint(0, 59))
    return f % (m, d, y)


def wrap(rng, body, others, title, site):
    head = [site + " - Your daily source of news", stamp(rng)]
    if rng.random() < 0.5:
        head.insert(1, title)
    if len(body) >= 3 and rng.random() < 0.5:
        k = rng.randint(1, len(body) - 1)
        body = body[:k] + ["Read more: " + base.headline(others[0])] + body[k:]
    foot = []
    if rng.random() < 0.7:
        foot.append("You might also like:")
        for r in others[1:rng.randint(4, 7)]:
            foot.append("- " + base.headline(r))
    if rng.random() < 0.6:
        foot.append("The post %s appeared first on %s." % (title, site))
    if rng.random() < 0.5:
        foot.append("Share on WhatsApp")
    return head + body + foot


def typo(text, rng):
    ws = list(re.finditer(r"[a-z]{6,}", text))
    if not ws:
        return text
    m = rng.choice(ws)
    w = m.group(0)
    k = rng.randint(1, len(w) - 2)
    w = w[:k] + w[k + 1:] if rng.random() < 0.5 else w[:k] + w[k] + w[k:]
    return text[:m.start()] + w + text[m.end():]


def layout(paras, rng):
    x = rng.random()
    if x < 0.15:
        return [" ".join(paras)]
    if x < 0.3:
        return [s for p in paras for s in base.sentences(p)]
    return paras


RECIPES = [(6, ()), (12, ("wrap",)), (12, ("excerpt",)), (14, ("spin",)),
           (28, ("excerpt", "spin", "wrap")), (10, ("excerpt", "wrap")),
           (10, ("spin", "wrap")), (8, ("excerpt", "spin"))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=777)
    ap.add_argument("--stories", type=int, default=3000)
    ap.add_argument("corpus")
    ap.add_argument("outdir")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    tab = table()
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "clean.txt"), "w") as log:
        origs = base.clean(base.read_corpus(a.corpus), log)
    long = [i for i, r in enumerate(origs)
            if len(r.get("text", "").split()) >= base.MIN_WORDS]
    chosen = set(rng.sample(long, min(a.stories, len(long))))
    ids = iter(range(1, 1 << 40))
    records = []
    total = sum(w for w, _ in RECIPES)
    for i, r in enumerate(origs):
        text = r.get("text", "")
        paras = base.units(text)
        sents = [s for p in paras for s in p]
        records.append((r["id"], text, "0-%d" % (len(sents) - 1), 0, 0, 0,
                        True))
        if i not in chosen:
            continue
        for _ in range(rng.choice((1, 2, 2, 3))):
            x = rng.uniform(0, total)
            for w, recipe in RECIPES:
                x -= w
                if x <= 0:
                    break
            keep = len(sents)
            if "excerpt" in recipe and len(sents) >= 2:
                k = max(1, min(len(sents) - 1,
                               round(rng.uniform(0.4, 0.9) * len(sents))))
                if sum(len(s.split()) for s in sents[:k]) >= base.MIN_PART:
                    keep = k
            body, n = [], 0
            for p in paras:
                ss = []
                for s in p:
                    n += 1
                    if n <= keep:
                        ss.append(s)
                if ss:
                    body.append(" ".join(ss))
            sp = 0
            if "spin" in recipe:
                sp = next(ids)
                rate = rng.uniform(0.3, 0.7)
                body = [spin(p, rate, rng, tab) for p in body]
            body = layout(body, rng)
            wr = 0
            if "wrap" in recipe:
                wr = next(ids)
                site = "%s%s.com" % (rng.choice(base.SITE_A),
                                     rng.choice(base.SITE_B))
                body = wrap(rng, body, rng.sample(origs, 8),
                            r.get("title") or sents[0][:60], site)
            t = "\n".join(body)
            if rng.random() < 0.25:
                t = typo(t, rng)
            records.append((r["id"], t, "0-%d" % (keep - 1), sp, wr, 0,
                            False))
    rng.shuffle(records)
    out = open(os.path.join(a.outdir, "dev.ndjson"), "w", encoding="utf-8")
    truth = open(os.path.join(a.outdir, "truth.tsv"), "w")
    cp = open(os.path.join(a.outdir, "copies.tsv"), "w")
    cp.write("id\tstory\tunits\tspin\twrap\ttypos\n")
    for n, (story, t, units, sp, wr, ty, _) in enumerate(records, 1):
        rid = "h%06d" % n
        out.write(json.dumps({"id": rid, "text": t}, ensure_ascii=False) +
                  "\n")
        truth.write("%s\t%s\n" % (rid, story))
        cp.write("%s\t%s\t%s\t%d\t%d\t%d\n" % (rid, story, units, sp, wr, ty))
    out.close()
    truth.close()
    cp.close()


if __name__ == "__main__":
    main()
