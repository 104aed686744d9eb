#!/usr/bin/env python3
"""Page dumps made from news articles, for measuring nclean on page text.

  pagegen.py CORPUS.ndjson.gz N > pages.ndjson

Each record is one article of CORPUS wrapped in the furniture of a web
page, dumped as text the way a crude scraper dumps a page (every visible
block on a line of its own): site headers, brand lines, menus in each
style, "Live" labels, the headline, a byline and a date line, a dateline
before the first sentence, captions, lists and tables that belong to the
article, in-article promos, a credit line, tags, share bars, newsletter
and cookie prompts, related headlines and teasers, comment threads and
footers.  Some pages repeat their article block, some are hard-wrapped.
Every site has three lines of its own, on all its pages.

The record is {"id", "url", "source", "text", "gold_text", "gold_title",
"gold_author", "gold_dateline", "gold_credit"}; gold_text is the article
as nclean should give it (paragraphs on lines of their own, unwrapped,
without the headline, byline, dateline and credit, which are fields),
scored with score.py extract.  Standard library only; the seed is fixed,
so the output is the same on every run.  The furniture is invented here;
the articles are the corpus's (research use only, never committed).
"""
import gzip
import json
import random
import re
import sys
import textwrap

SEED = 18

SITES = [
    ("The Daily Meridian", "dailymeridian.example"),
    ("Capital Wire", "capitalwire.example"),
    ("Northgate Observer", "northgate-observer.example"),
    ("Harbour Post", "harbourpost.example"),
    ("Eastbridge Herald", "eastbridge.example"),
    ("Nordic Markets Daily", "nordicmarkets.example"),
    ("Riverside Courier", "riversidecourier.example"),
    ("The Lakeland Times", "lakelandtimes.example"),
    ("Summit Business Review", "summitbr.example"),
    ("Coastline Gazette", "coastlinegazette.example"),
    ("Metro Ledger", "metroledger.example"),
    ("Pioneer Dispatch", "pioneerdispatch.example"),
]

SECTIONS = ["Home", "News", "World", "Business", "Markets", "Politics",
            "Sport", "Tech", "Science", "Health", "Opinion", "Culture",
            "Lifestyle", "Travel", "Video", "Podcasts", "Weather",
            "Economy", "Companies", "Energy", "Entertainment", "Local"]
WRITERS = ["Jane Holloway", "Marcus Reed", "Priya Natarajan", "Tomasz Wolny",
           "Elena Marquez", "David Okafor", "Sarah Lindqvist", "Kenji Sato",
           "Amelia Clarke", "Rafael Duarte", "Hannah Becker", "Omar Haddad",
           "Lucy Fenwick", "Viktor Petrov", "Grace Mensah", "Ian McAllister"]
COMMENTERS = ["jgreen", "Mike T.", "Sandra", "oldtimer55", "Paul Hewitt",
              "Reader in Leeds", "kate_m", "Dr. Evans", "Bill", "Anonymous"]
CITIES = ["WASHINGTON", "LONDON", "NEW YORK", "PARIS", "TOKYO", "BRUSSELS",
          "FRANKFURT", "SYDNEY", "TORONTO", "SINGAPORE", "CHICAGO", "MADRID"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
VENUES = ["United Center", "Madison Square Garden", "The O2", "Red Rocks",
          "Royal Albert Hall", "Hollywood Bowl", "Ziggo Dome", "Olympiahalle"]
PLACES = ["Chicago, IL", "New York, NY", "London, UK", "Denver, CO",
          "Amsterdam, NL", "Munich, DE", "Los Angeles, CA", "Toronto, ON"]
PRODUCTS = ["wireless headphones", "robot vacuum", "4K television",
            "espresso machine", "electric toothbrush", "fitness tracker",
            "air fryer", "gaming laptop", "smart speaker", "e-reader"]
BRANDS = ["Norvik", "Altara", "Kestrel", "Brightline", "Solace", "Vantor"]
COMMENT_TEXT = [
    "This is exactly what I have been saying for years, and nobody listens.",
    "Great article, thanks for explaining it so clearly.",
    "I don't buy it. The numbers don't add up and the report ignores half the story.",
    "Who is going to pay for all of this in the end? We are, as always.",
    "My family has lived here for forty years and we have never seen anything like it.",
    "Interesting, but I would like to see the source for the second figure.",
    "Typical. They announce it with great fanfare and then nothing happens.",
    "Well said. More people should read this before they make up their minds.",
]


def site_lines(name, host, rng):
    """The three lines only this site prints, on every page."""
    member = rng.choice([
        "Become a %s member today and get unlimited access for just $1 a week.",
        "Support independent journalism: join %s Plus and read without limits.",
        "%s members get early access to our investigations. Join now from $4.99.",
    ]) % name
    tip = rng.choice([
        "Got a news tip? Email our newsroom at tips@%s or call 0800 555 0199.",
        "Have a story we should cover? Send it to newsdesk@%s, we read every message.",
        "Know something we don't? Reach the %s desk securely via tips@%s.",
    ])
    tip = tip % ((host,) if tip.count("%s") == 1 else (name, host))
    pub = rng.choice([
        "%s is published by Meridian Media Group Ltd, registered in England No. 0412877.",
        "%s is a publication of the Lakeshore News Company, 200 Front Street.",
        "Published by %s Publishing Co. Editor-in-chief: Anne Whitcombe.",
    ]) % name
    return [member, tip, pub]


def title_case(t):
    t = re.sub(r"<[^>]*>", "", t).strip()
    if t.upper() == t:
        small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on",
                 "or", "the", "to", "vs", "with"}
        words = t.lower().split()
        t = " ".join(w if (i and w in small) else w[:1].upper() + w[1:]
                     for i, w in enumerate(words))
    return t


def clean_body(text):
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    while paras and paras[-1].lower().rstrip(".") in ("reuter", "reuters"):
        paras.pop()
    return paras


def menu(rng, style):
    items = rng.sample(SECTIONS, rng.randint(5, 9))
    if style == "lines":
        return items
    sep = {"pipe": " | ", "gt": " > ", "dot": " · ", "space": "  "}[style]
    if style == "gt":
        items = ["Home"] + items[:rng.randint(1, 3)]
    return [sep.join(items)]


def date_line(rng, year):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    h, mi = rng.randint(1, 12), rng.randint(0, 59)
    iso = "%04d-%02d-%02d" % (year, m, d)
    forms = [
        "%s %d, %d" % (MONTHS[m - 1], d, year),
        "%s %d, %d %d:%02d %s ET" % (MONTHS[m - 1][:3], d, year, h, mi,
                                      rng.choice(["AM", "PM"])),
        "Published %d %s %d" % (d, MONTHS[m - 1], year),
        "Updated: %s %d, %d at %d:%02d %s" % (MONTHS[m - 1], d, year, h, mi,
                                              rng.choice(["a.m.", "p.m."])),
        iso,
    ]
    return rng.choice(forms), iso, (m, d)


def byline(rng, name):
    w = rng.sample(WRITERS, rng.choice([1, 1, 1, 2]))
    who = " and ".join(w)
    form = rng.choice(["By %s", "By %s", "BY %s", "By %s, %s",
                       "By %s | %s"])
    if form.count("%s") == 2:
        line = form % (who, rng.choice([name, "Staff Writer",
                                        "Senior Correspondent"]))
    else:
        line = form % (who.upper() if form.startswith("BY") else who)
    return line, who


def dateline(rng, name, md):
    city = rng.choice(CITIES)
    m, d = md
    form = rng.choice(["%s —", "%s -", "%s, %s %d (%s) -", "%s (%s) —",
                       "%s:"])
    if form == "%s, %s %d (%s) -":
        return form % (city, MONTHS[m - 1][:3], d, name)
    if form == "%s (%s) —":
        return form % (city, name)
    return form % city


def credit(rng):
    a, b = rng.sample(WRITERS, 2)
    return rng.choice([
        "With reporting by %s and %s." % (a, b),
        "Additional reporting by %s; Editing by %s" % (a, b),
        "(Reporting by %s; Editing by %s)" % (a, b),
        "%s contributed reporting." % a,
        "With reporting by Reuters and AP",
    ])


def wrap(paras, width):
    out = []
    for p in paras:
        out.extend(textwrap.wrap(p, width, break_long_words=False,
                                 break_on_hyphens=False) or [p])
    return out


def article_list(rng, paras, year):
    """A list or table that belongs to the article, and its lead-in."""
    kind = rng.choice(["products", "tour", "results", "facts", "calendar"])
    n = rng.randint(4, 8)
    if kind == "products":
        head = "Our picks this week:"
        rows = ["%s %s %s — $%d.99" % (rng.choice(BRANDS),
                rng.choice(["X", "Pro", "Air", "Max"]) + str(rng.randint(2, 9)),
                rng.choice(PRODUCTS), rng.randint(19, 899)) for _ in range(n)]
    elif kind == "tour":
        head = "The tour dates announced so far:"
        rows = ["%s %d — %s — %s" % (MONTHS[rng.randint(0, 11)][:3],
                rng.randint(1, 28), rng.choice(PLACES), rng.choice(VENUES))
                for _ in range(n)]
    elif kind == "results":
        head = "Final standings:"
        names = rng.sample(WRITERS, n)
        pts = sorted((rng.randint(100, 5000) for _ in range(n)), reverse=True)
        rows = ["%d. %s %d" % (i + 1, names[i], pts[i]) for i in range(n)]
    elif kind == "facts":
        head = "Key facts:"
        frags = []
        for p in paras:
            for s in re.split(r"(?<=[.!?])\s+", p):
                s = s.split(",")[0].strip().rstrip(".")
                if 25 <= len(s) <= 90:
                    frags.append(s)
        rows = ["• " + s for s in frags[:n]] or ["• None given"]
    else:
        head = "What happens when:"
        rows = ["%s %d: %s" % (MONTHS[rng.randint(0, 11)], rng.randint(1, 28),
                rng.choice(["first reading", "committee vote", "public hearing",
                            "final vote", "deadline for comments",
                            "results published"])) for _ in range(n)]
    return [head] + rows


def related(rng, others, k, with_summary):
    out = []
    for o in rng.sample(others, k):
        out.append(title_case(o["title"]))
        if with_summary:
            s = clean_body(o["text"])[0]
            s = re.split(r"(?<=[.!?])\s+", s)[0]
            if rng.random() < 0.4 and len(s) > 80:
                s = s[:rng.randint(60, 80)].rsplit(" ", 1)[0] + "…"
            out.append(s)
    return out


def comments(rng, title, n):
    head = rng.choice(["%d responses to “%s”" % (n, title),
                       "%d Comments" % n, "Comments (%d)" % n,
                       "%d thoughts on “%s”" % (n, title)])
    out = [head]
    for _ in range(n):
        who = rng.choice(COMMENTERS)
        out.append(rng.choice(["%s says:", "%s said:", "%s"]) % who)
        out.append("%s %d, 2024 at %d:%02d %s" % (
            rng.choice(MONTHS), rng.randint(1, 28), rng.randint(1, 12),
            rng.randint(0, 59), rng.choice(["am", "pm"])))
        out.append(rng.choice(COMMENT_TEXT))
        out.append("Reply")
    out.append(rng.choice(["Leave a Reply", "Leave a comment"]))
    out.append("Your email address will not be published. Required fields are marked *")
    return out


def page(rng, art, others, site, own, idx):
    name, host = site
    paras = clean_body(art["text"])
    title = title_case(art["title"])
    year = rng.choice([2021, 2022, 2023, 2024])
    dl_text, iso, md = date_line(rng, year)
    head, foot = [], []
    g = {"gold_title": title}

    if rng.random() < 0.5:
        head.append(rng.choice(["Skip to content", "Skip to main content"]))
    if rng.random() < 0.4:
        head += ["Sign in", "Subscribe"]
    head.append(name if rng.random() < 0.7 else name + " Live")
    head += menu(rng, rng.choice(["pipe", "gt", "dot", "lines", "lines"]))
    if rng.random() < 0.3:
        head.append(rng.choice(["LIVE", "Live", "● LIVE", "Live updates"]))
    if rng.random() < 0.3:
        head.append("Trending: " + " · ".join(title_case(o["title"]) for o in
                                               rng.sample(others, 3)))
    if rng.random() < 0.3:
        head.append(rng.choice(SECTIONS[1:]))
    head.append(title)
    if rng.random() < 0.85:
        bl, who = byline(rng, name)
        head.append(bl)
        g["gold_author"] = who
    if rng.random() < 0.8:
        head.append(dl_text)
        g["gold_date"] = iso
    if rng.random() < 0.3:
        head += ["Share", "Facebook", "Twitter", "Email"]

    # The body as (line, in the gold text) pairs.
    body = [(x, True) for x in paras]
    if rng.random() < 0.45:
        d = dateline(rng, name, md)
        body[0] = (d + " " + body[0][0], True)
        g["gold_dateline"] = d
    # Pieces that belong to the article: a caption, a list or a table.
    if rng.random() < 0.3:
        cap = "%s %s." % (
            rng.choice(["A view of the site", "Officials at the announcement",
                        "Visitors at the exhibition", "The building"]),
            rng.choice(["on Monday", "last week", "in March"]))
        body[1:1] = [(cap, True), ("Photo: %s/%s" % (rng.choice(WRITERS),
                                                       name), False)]
    if rng.random() < 0.35 and len(body) >= 3:
        at = rng.randint(1, len(body) - 1)
        body[at:at] = [(x, True) for x in article_list(rng, paras, year)]
    gold = [x for x, k in body if k]
    if "gold_dateline" in g:
        gold[0] = gold[0][len(g["gold_dateline"]) + 1:]
    if rng.random() < 0.2:
        width = rng.choice([60, 66, 72, 78])
        body = [(w, k) for x, k in body for w in wrap([x], width)]
    # In-article furniture.
    for _ in range(rng.randint(0, 3)):
        at = rng.randint(1, len(body))
        body.insert(at, (rng.choice([
            "Advertisement", "Story continues below advertisement",
            "READ MORE: " + title_case(rng.choice(others)["title"]),
            "Related: " + title_case(rng.choice(others)["title"]),
            "Sign up for our %s morning newsletter" % name,
            own[0]]), False))
    if rng.random() < 0.08:
        body = body + [(x, False) for x in head[-3:]] + \
            [(x, False) for x, _ in body]
    if rng.random() < 0.5:
        c = credit(rng)
        body.append((c, False))
        g["gold_credit"] = c
    body = [x for x, _ in body]

    if rng.random() < 0.5:
        foot.append("Tags: " + ", ".join(rng.sample(SECTIONS, 3)))
    if rng.random() < 0.5:
        foot += ["Share this article", "Facebook", "Twitter", "WhatsApp"]
    foot.append(own[1])
    if rng.random() < 0.5:
        foot.append(rng.choice(["Related stories", "More from " + name,
                                "You may also like", "Most read"]))
        foot += related(rng, others, rng.randint(3, 6), rng.random() < 0.5)
    if rng.random() < 0.35:
        foot += comments(rng, title, rng.randint(2, 5))
    if rng.random() < 0.5:
        foot += ["Get the %s newsletter" % name,
                 "The day's top stories, delivered to your inbox every morning.",
                 "Sign up"]
    if rng.random() < 0.5:
        foot.append("We use cookies to improve your experience on our site. "
                    "By continuing to browse you agree to our cookie policy.")
        foot.append("Accept")
    foot += menu(rng, rng.choice(["pipe", "lines"]))
    foot.append(own[2])
    foot.append("© %d %s. All rights reserved." % (year, name))
    text = "\n".join(head + body + foot)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    rec = {"id": "gen-%04d" % idx, "url": "https://www.%s/%d/%s" % (
        host, year, slug), "source": name, "text": text,
        "gold_text": "\n".join(gold)}
    rec.update(g)
    return rec


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rng = random.Random(SEED)
    arts = []
    with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            p = clean_body(r.get("text", ""))
            n = sum(len(x) for x in p)
            if 3 <= len(p) <= 30 and 600 <= n <= 6000 and r.get("title"):
                arts.append(r)
    n = int(sys.argv[2])
    pick = rng.sample(arts, n + 200)
    chosen, others = pick[:n], pick[n:]
    owns = {s[0]: site_lines(s[0], s[1], random.Random(SEED + i))
            for i, s in enumerate(SITES)}
    out = sys.stdout
    for i, a in enumerate(chosen):
        site = SITES[i % len(SITES)]
        rec = page(rng, a, others, site, owns[site[0]], i)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
