#!/usr/bin/python3
"""tests/sparql/preset_check.py: compares a preset's answer from newsgraph
(CSV) with rdflib's answer over the same data.

usage: preset_check.py DATA.nq|DATA.ttl QUERY.rq GOT.csv [PARAM VALUE]

The data's default graph for rdflib is the union of its graphs, each
statement once (what newsgraph's stores give as default graph).  $PARAM in
the query is replaced by VALUE as a string literal, as --param does.  Rows
are compared as sorted lists of strings (unbound: empty).  Exit 0 when
equal, 1 otherwise (the differing rows are printed).
"""
import csv
import sys

import rdflib


def main():
    data, rq, got = sys.argv[1:4]
    param = sys.argv[4] if len(sys.argv) > 4 else ""
    value = sys.argv[5] if len(sys.argv) > 5 else ""
    q = open(rq, encoding="utf-8").read()
    if param:
        lit = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        q = q.replace("$" + param, lit)
    g = rdflib.Graph()
    if data.endswith(".nq"):
        ds = rdflib.ConjunctiveGraph()
        ds.parse(data, format="nquads")
        for t in ds.triples((None, None, None)):
            g.add(t)
    else:
        g.parse(data, format="turtle")
    want = sorted(tuple("" if v is None else str(v) for v in row)
                  for row in g.query(q))
    with open(got, newline="", encoding="utf-8") as f:
        have = sorted(tuple(r) for r in list(csv.reader(f))[1:])
    name = rq.rsplit("/", 1)[-1]
    if want != have:
        print("%s: newsgraph %d rows, rdflib %d rows" % (name, len(have),
                                                        len(want)))
        for row in sorted(set(want) ^ set(have))[:10]:
            print("  differs:", row)
        return 1
    print("%s: %d rows agree" % (name, len(have)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
