#!/usr/bin/python3
"""tests/sparql/diff.py: the differential SPARQL suite.  Runs each query of
tests/sparql/queries/ with newsgraph and with an independent engine
(rdflib) on the same dataset, and compares the answers.

usage: diff.py --ng NEWSGRAPH --corpus FILE.nq --edge FILE.trig
               [--store-corpus SPEC] [--store-edge SPEC]
               [--expect equal-or-refused | equal | report]
               [--timeout S] [--lenient] QUERY.rq...

Each query file starts with comment lines: the first says what the query
tests; "# data: corpus" or "# data: edge" names its dataset; "# ordered"
asks for the row order to be compared too (the query's ORDER BY is total).

newsgraph runs the query over --data FILE, or over a store when
--store-corpus / --store-edge is given (already loaded with the same
dataset).  Outcomes per query:
  equal     same answer as rdflib
  refused   newsgraph declined the query, saying it is not supported
  unchecked rdflib is no reference for this query (its header says why:
            rdflib 6.1 fails on it or deviates from SPARQL 1.1); the
            answer is only required to come without error.  On a server
            store the embedded engine's answer is the reference instead.
  documented  on Virtuoso (--virtuoso), a difference the query's
            "# virtuoso: differs -- why" note documents; with
            "# virtuoso: refused -- why" newsgraph must refuse the query
  DIFFERS   a different answer (rows missing or extra, wrong order)
  ERROR     newsgraph failed otherwise (a syntax error it should not
            give, a crash: a signal, a sanitizer report)
--expect equal-or-refused (the embedded engine) fails on DIFFERS/ERROR;
--expect equal (a server store) also fails on refused; --expect report
only prints (used to chart a raw engine).  Exit status 0 when every
outcome is allowed, 1 otherwise.

The comparison: SELECT rows as a multiset (a list when ordered) of RDF
terms, blank nodes all alike, numeric literals compared by datatype and
value; ASK the boolean; CONSTRUCT/DESCRIBE graphs by isomorphism.  rdflib
6 has no DESCRIBE: the reference for DESCRIBE <x> is the statements with
<x> as subject (what newsgraph documents for DESCRIBE).
"""
import argparse
import decimal
import json
import os
import re
import subprocess
import sys

import rdflib
from rdflib.compare import isomorphic

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
DECIMALS = {XSD + "decimal"} | INTEGERS
FLOATS = {XSD + "double", XSD + "float"}


def headers(text):
    """The leading comment lines of a query file, without '# '."""
    out = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        out.append(line[1:].strip())
    return out


def query_kind(text):
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of those keywords
    outside comments, strings and IRIs."""
    body = re.sub(r'#[^\n]*|"[^"\n]*"|<[^>\s]*>', " ", text)
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.I)
    return m.group(1).upper() if m else "SELECT"


# ------------------------------------------------------------------ terms

def literal_key(value, datatype, lang):
    if lang:
        return ("lit", value, None, lang.lower())
    dt = datatype or XSD + "string"
    try:
        if dt in DECIMALS:
            d = decimal.Decimal(value.strip())
            return ("num", "decimal" if dt == XSD + "decimal" else "integer",
                    d.normalize() if d else decimal.Decimal(0))
        if dt in FLOATS:
            return ("num", "double", float(value))
    except (decimal.InvalidOperation, ValueError):
        pass
    return ("lit", value, dt, None)


def rdflib_term(t):
    if t is None:
        return None
    if isinstance(t, rdflib.BNode):
        return ("bnode",)
    if isinstance(t, rdflib.URIRef):
        return ("uri", str(t))
    dt = str(t.datatype) if t.datatype else None
    return literal_key(str(t), dt, t.language)


def json_term(b):
    if b is None:
        return None
    kind = b.get("type")
    if kind == "unbound":  # rasqal's JSON (tolerated with --lenient)
        return None
    if kind == "uri":
        return ("uri", b["value"])
    if kind == "bnode":
        return ("bnode",)
    return literal_key(b["value"], b.get("datatype"), b.get("xml:lang"))


# ------------------------------------------------------------- reference

def load_dataset(path):
    ds = rdflib.Dataset(default_union=True)
    fmt = "trig" if path.endswith(".trig") else "nquads"
    ds.parse(path, format=fmt)
    return ds


def describe_as_construct(text):
    """DESCRIBE X [WHERE { P }] (X one IRI, prefixed name or variable) as
    the CONSTRUCT newsgraph documents: the statements with the described
    resource as subject."""
    m = re.search(r"\bDESCRIBE\s+(\S+)\s*(?:WHERE\s*(\{.*\}))?\s*$",
                  text.strip(), re.I | re.S)
    x, where = m.group(1), m.group(2) or ""
    return text.strip()[:m.start()] + (
        "CONSTRUCT { %s ?describe_p ?describe_o } WHERE { %s "
        "%s ?describe_p ?describe_o }" % (x, where, x))


def reference(ds, text, kind):
    if kind == "DESCRIBE":
        text = describe_as_construct(text)
        kind = "CONSTRUCT"
    r = ds.query(text)
    if kind == "ASK":
        return ("ask", bool(r.askAnswer))
    if kind == "CONSTRUCT":
        g = rdflib.Graph()
        for t in r.graph:
            g.add(t)
        return ("graph", g)
    names = [str(v) for v in r.vars]
    rows = [tuple(rdflib_term(row[i]) for i in range(len(names)))
            for row in r]
    return ("rows", names, rows)


# -------------------------------------------------------------- newsgraph

class Outcome:
    def __init__(self, status, detail=""):
        self.status, self.detail = status, detail


def run_newsgraph(args, source, text, kind, timeout):
    fmt = "json"
    cmd = [args.ng, "query", "-f", fmt] + source + [text]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, Outcome("ERROR", "no answer within %ss" % timeout)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or "Sanitizer" in err or "runtime error" in err:
        return None, Outcome("ERROR", "crash (status %d): %s" %
                             (p.returncode, err.strip()[-300:]))
    if p.returncode != 0:
        if "not supported" in err:
            return None, Outcome("refused", err.strip().splitlines()[-1])
        return None, Outcome("ERROR", "exit %d: %s" %
                             (p.returncode, err.strip()[-300:]))
    out = p.stdout.decode("utf-8")
    if kind in ("CONSTRUCT", "DESCRIBE"):
        g = rdflib.Graph()
        g.parse(data=out, format="turtle")
        return ("graph", g), None
    try:
        data = json.loads(out)
    except ValueError as e:
        if not args.lenient:
            return None, Outcome("ERROR", "invalid JSON results: %s" % e)
        # rasqal escapes ' as \', which JSON does not have
        data = json.loads(out.replace("\\'", "'"))
    if not args.lenient and '"unbound"' in out:
        return None, Outcome("ERROR", 'invalid JSON results: "type": '
                             '"unbound" instead of leaving the variable out')
    if "boolean" in data:
        return ("ask", bool(data["boolean"])), None
    names = data["head"].get("vars", [])
    rows = [tuple(json_term(b.get(n)) for n in names)
            for b in data["results"]["bindings"]]
    return ("rows", names, rows), None


def sort_key(row):
    return tuple(("",) if t is None else tuple(str(x) for x in t)
                 for t in row)


def compare(want, got, ordered):
    """None when equal, else a short description of the difference."""
    if want[0] != got[0]:
        return "result kind %s, expected %s" % (got[0], want[0])
    if want[0] == "ask":
        return None if want[1] == got[1] else "ASK %s, expected %s" % (
            got[1], want[1])
    if want[0] == "graph":
        if isomorphic(want[1], got[1]):
            return None
        return "graph of %d triples, expected %d" % (len(got[1]),
                                                     len(want[1]))
    _, wnames, wrows = want
    _, gnames, grows = got
    if sorted(wnames) != sorted(gnames):
        return "variables %s, expected %s" % (gnames, wnames)
    perm = [gnames.index(n) for n in wnames]
    grows = [tuple(r[i] for i in perm) for r in grows]
    if ordered:
        if wrows == grows:
            return None
    elif sorted(wrows, key=sort_key) == sorted(grows, key=sort_key):
        return None
    missing = list(wrows)
    extra = []
    for r in grows:
        if r in missing:
            missing.remove(r)
        else:
            extra.append(r)
    if not missing and not extra:
        return "same rows in another order"
    return "%d rows, expected %d (%d missing, %d extra; e.g. %s)" % (
        len(grows), len(wrows), len(missing), len(extra),
        (missing or extra)[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ng", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--edge", required=True)
    ap.add_argument("--store-corpus")
    ap.add_argument("--store-edge")
    ap.add_argument("--expect", default="equal-or-refused",
                    choices=["equal-or-refused", "equal", "report"])
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--virtuoso", action="store_true",
                    help="the stores are Virtuoso: the queries' "
                    "'# virtuoso:' notes say what it refuses or gets wrong")
    ap.add_argument("--lenient", action="store_true",
                    help="accept rasqal's JSON defects (to chart rasqal's "
                    "evaluation apart from its writer)")
    ap.add_argument("queries", nargs="+")
    args = ap.parse_args()

    datasets = {"corpus": args.corpus, "edge": args.edge}
    stores = {"corpus": args.store_corpus, "edge": args.store_edge}
    loaded = {}
    counts = {}
    bad = 0
    for path in args.queries:
        name = os.path.basename(path)[:-3]
        text = open(path, encoding="utf-8").read()
        head = headers(text)
        data = next((h.split(":", 1)[1].strip() for h in head
                     if h.startswith("data:")), "corpus")
        ordered = "ordered" in head
        # "# rdflib: wrong -- why" / "# rdflib: fails -- why": rdflib's own
        # answer is not the reference (its deviation from the SPARQL 1.1
        # specification is explained in the query file)
        rdflib_note = next((h.split(":", 1)[1].strip() for h in head
                            if h.startswith("rdflib:")), None)
        # "# virtuoso: refused -- why" / "# virtuoso: differs -- why": a
        # deviation of Virtuoso 7.2 that newsgraph refuses or documents
        server_note = next((h.split(":", 1)[1].strip() for h in head
                            if h.startswith("virtuoso:")), None)
        kind = query_kind(text)
        if data not in loaded:
            loaded[data] = load_dataset(datasets[data])
        source = (["--store", stores[data]] if stores[data]
                  else ["--data", datasets[data]])
        got, outcome = run_newsgraph(args, source, text, kind, args.timeout)
        if got is not None and rdflib_note and stores[data]:
            # rdflib is no reference: the embedded engine is the second
            # opinion for the server's answer
            emb, eout = run_newsgraph(args, ["--data", datasets[data]], text,
                                      kind, args.timeout)
            diff = compare(emb, got, ordered) if emb is not None else \
                "the embedded engine failed: " + eout.detail
            outcome = Outcome("equal", "to the embedded engine (rdflib " +
                              rdflib_note.split(" --")[0] + ")") \
                if diff is None else Outcome("DIFFERS", "from the embedded "
                                             "engine: " + diff)
        elif got is not None and rdflib_note:
            outcome = Outcome("unchecked", "rdflib " + rdflib_note)
        elif got is not None:
            try:
                want = reference(loaded[data], text, kind)
            except Exception as e:  # rdflib itself failed
                outcome = Outcome("ERROR", "rdflib failed: %s" % e)
            else:
                diff = compare(want, got, ordered)
                outcome = Outcome("equal") if diff is None else Outcome(
                    "DIFFERS", diff)
        allowed = {"equal-or-refused": ("equal", "refused", "unchecked"),
                   "equal": ("equal", "unchecked"),
                   "report": ("equal", "refused", "DIFFERS", "ERROR",
                              "unchecked")}
        ok = outcome.status in allowed[args.expect]
        if args.expect == "equal" and server_note:
            # a documented Virtuoso deviation must show up as documented
            want = server_note.split(" --")[0].strip()
            if outcome.status == "equal" and args.virtuoso:
                outcome = Outcome("ERROR", "documented as '%s' on Virtuoso "
                                  "but answered equal: update the note" %
                                  want)
                ok = False
            elif want == "refused" and outcome.status == "refused":
                ok = True
            elif want == "differs" and outcome.status == "DIFFERS":
                outcome = Outcome("documented", "Virtuoso " + server_note)
                ok = True
        bad += not ok
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        print("%-8s %-26s %s%s" % (outcome.status, name, head[0] if head
                                   else "", ("\n         " + outcome.detail)
                                   if outcome.detail else ""))
    print("summary: " + ", ".join("%s %d" % kv for kv in sorted(
        counts.items())) + " (of %d queries)" % len(args.queries))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
