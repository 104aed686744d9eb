"""Single edits of news stories for ndedupe-edits.sh: for 50 stories per
edit, the original ("oN_EDIT") and then its edited copy ("cN_EDIT"), one
JSON record a line on standard output.  Stories of 600 to 4,000
characters and four paragraphs or more, from the corpus named on the
command line, shuffled with a fixed seed."""
import gzip
import json
import random
import re
import sys
import textwrap


def paras(t):
    return [p for p in t.split("\n") if p.strip()]


def sentences(t):
    return re.split(r"(?<=[.!?])\s+", " ".join(paras(t)))


def millions(m):
    return "%.1f million" % (int(m.group(0).replace(",", "")) / 1e6)


EDITS = {
    "wrap70": lambda t: "\n".join(textwrap.fill(p, 70) for p in paras(t)),
    "onepara": lambda t: " ".join(paras(t)),
    "blankpara": lambda t: "\n\n".join(paras(t)),
    "reverse": lambda t: "\n".join(reversed(paras(t))),
    "swap2": lambda t: "\n".join([paras(t)[1], paras(t)[0]] + paras(t)[2:]),
    "smartq": lambda t: t.replace('"', "\u201c").replace("'", "\u2019")
    .replace(" - ", " \u2014 "),
    "upper1": lambda t: "\n".join([paras(t)[0].upper()] + paras(t)[1:]),
    "dropsent": lambda t: " ".join(s for i, s in enumerate(sentences(t))
                                   if i % 4 != 1),
    "half": lambda t: "\n".join(paras(t)[:max(1, len(paras(t)) // 2)]),
    "lasthalf": lambda t: "\n".join(paras(t)[len(paras(t)) // 2:]),
    "scraps": lambda t: "BREAKING NEWS\n" + t +
    "\nRead more: https://example.com/news/12345\n"
    "Follow us on Twitter @examplenews\nAdvertisement",
    "numwords": lambda t: re.sub(r"\b\d,\d{3},\d{3}\b", millions, t),
}


def main():
    random.seed(7)
    stories = []
    with gzip.open(sys.argv[1], "rt") as f:
        for line in f:
            t = json.loads(line).get("text") or ""
            if 600 < len(t) < 4000 and len(paras(t)) >= 4:
                stories.append(t)
            if len(stories) >= 6000:
                break
    random.shuffle(stories)
    for k, (name, edit) in enumerate(EDITS.items()):
        for j, t in enumerate(stories[k * 50:(k + 1) * 50]):
            for rid, text in (("o", t), ("c", edit(t))):
                print(json.dumps({"id": "%s%d_%s" % (rid, j, name),
                                  "text": text}))


main()
