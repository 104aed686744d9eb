#!/usr/bin/env python3
"""What the nstats report tests ask of a headless Chromium run.

  browser.py png FILE     "WIDTH HEIGHT COLOURS INK": the distinct colours
                          of a PNG screenshot and how many pixels in a
                          thousand are not white.  Only what Chromium
                          writes is read: 8-bit RGB or RGBA, not
                          interlaced.
  browser.py netlog FILE  the URLs a page asked for, one a line, from a
                          --log-net-log file; requests the browser makes
                          for itself (its initiator is "not an origin")
                          are left out.
  browser.py tags FILE    what is wrong with the nesting of an HTML page's
                          elements, and ids used twice; nothing when all
                          is well.

Python's standard library only: the machine has no imaging package.
"""
import html.parser
import json
import struct
import sys
import zlib


def chunks(data):
    pos = 8
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        yield data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(kind, line, prev, bpp):
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 2:
            line[i] = (line[i] + b) & 255
        elif kind == 3:
            line[i] = (line[i] + ((a + b) >> 1)) & 255
        elif kind == 4:
            line[i] = (line[i] + paeth(a, b, c)) & 255


def png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("browser.py: %s: not a PNG file" % path)
    idat = b""
    for kind, body in chunks(data):
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, lace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    if depth != 8 or ctype not in (2, 6) or lace != 0:
        sys.exit("browser.py: %s: not 8-bit RGB(A)" % path)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours, ink = set(), 0
    for y in range(h):
        at = y * (stride + 1)
        line = bytearray(raw[at + 1:at + 1 + stride])
        unfilter(raw[at], line, prev, bpp)
        for x in range(0, stride, bpp):
            rgb = bytes(line[x:x + 3])
            colours.add(rgb)
            if rgb != b"\xff\xff\xff":
                ink += 1
        prev = line
    print(w, h, len(colours), ink * 1000 // (w * h))


def netlog(path):
    log = json.load(open(path))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    for event in log["events"]:
        p = event.get("params", {})
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and \
                "url" in p and p.get("initiator") != "not an origin":
            print(p["url"])


class Nesting(html.parser.HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input",
            "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.open, self.ids = [], set()

    def where(self):
        return "%d:%d" % self.getpos()

    def handle_starttag(self, tag, attrs):
        self.handle_startendtag(tag, attrs)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value in self.ids:
                print("%s: id %s used twice" % (self.where(), value))
            elif name == "id":
                self.ids.add(value)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            print("%s: </%s> closes <%s>" % (self.where(), tag,
                  self.open[-1] if self.open else ""))
        else:
            self.open.pop()


def tags(path):
    p = Nesting()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    for tag in p.open:
        print("<%s> is never closed" % tag)


if __name__ == "__main__":
    commands = {"png": png, "netlog": netlog, "tags": tags}
    if len(sys.argv) != 3 or sys.argv[1] not in commands:
        sys.exit("usage: browser.py png|netlog|tags FILE")
    commands[sys.argv[1]](sys.argv[2])
