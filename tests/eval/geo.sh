#!/bin/sh
# nentities --geo on tests/fixtures/geo/dev.tsv: news sentences written
# for ntools, each place with its country and, for towns, coordinates.
# A place counts as right when nentities found it as a location with the
# gold country; a town's coordinates when they lie within 50 km.  Places
# the recogniser missed count as wrong.  Prints both shares, then the
# same with the gold mentions handed to the resolver directly (the
# choice of place alone, whatever the recogniser found).
cd "$(dirname "$0")/../.." || exit 1
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT INT TERM
python3 - tests/fixtures/geo/dev.tsv <<'PY' | tools/nentities --geo --types location --no-quotes >"$out" || exit 1
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    rid, text, _ = line.rstrip("\n").split("\t")
    print(json.dumps({"id": rid, "text": text}, ensure_ascii=False))
PY
python3 - tests/fixtures/geo/dev.tsv "$out" <<'PY'
import json, math, sys
def km(a, b, c, d):
    p = math.pi / 180
    h = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))
got = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    got[r["id"]] = r["entities"]
n = ok = towns = near = missed = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    rid, text, places = line.rstrip("\n").split("\t")
    ents = list(got.get(rid, []))
    for p in places.split(";"):
        name, cc, lat, lon = p.split("|")
        n += 1
        e = next((e for e in ents if e["text"] == name or
                  (name in e["text"] and len(e["text"]) < len(name) + 12)), None)
        if e is None:
            missed += 1
            print("  missed %s: %s" % (rid, name))
            continue
        ents.remove(e)
        right = e.get("country") == cc
        ok += right
        if lat:
            towns += 1
            close = "lat" in e and km(float(lat), float(lon), e["lat"], e["lon"]) <= 50
            near += close
        if not right or (lat and not close):
            print("  wrong %s: %s gold %s got %s %s" % (rid, name, cc,
                  e.get("country", "-"), e.get("admin1", "")))
print("nentities --geo: country %d/%d = %.3f (recogniser missed %d); "
      "towns within 50 km %d/%d = %.3f" % (ok, n, ok / n, missed, near,
      towns, near / towns))
PY
