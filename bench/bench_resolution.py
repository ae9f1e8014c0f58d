#!/usr/bin/env python3
"""Entity resolution on Reuters-21578, scored against a hand-made gold set.

    python bench/bench_resolution.py [--corpus PATH] [--gold PATH] [--json]

Runs the `facts` command as a subprocess (`facts --corpus PATH who ... --json`) and reads
only its JSON output, so it does not depend on how the package is laid out inside. Uses the
standard library only. The gold set and its schema are described in bench/gold/README.md;
what each figure means is in bench/README.md ("Resolution").

Figures:

- short forms: for every short form of every gold entity, does `facts who FORM --json`
  answer that entity? A plain answer (an object with `name`) is right when its name matches
  the gold canonical name or one of its alternative spellings after folding (case,
  punctuation and spacing ignored). A form the gold marks as a shared surname (`Baker`) must
  instead get an ambiguous answer whose first candidate is the gold entity and none of whose
  candidates is a fragment (a candidate whose name is a word sub-span of another
  candidate's name, such as `Baker` beside `James Baker`).
- roles: precision and recall of the answered entity's role titles against the gold roles
  (see `role_matches` for the matching rule); only entities whose answer was right are
  scored for precision, every gold role counts for recall.
- wrong merges: a tool entity (any entity answered for any form) whose name or aliases
  match names of two different gold entities, or a gold entity and a name the gold says it
  must not merge with.
- mention share: the answered entity's `mentions` divided by a count of the gold name forms
  in the story texts (word boundaries; see `text_count`).
- boilerplate: no boilerplate word and no bare surname of a gold person among the first 50
  entities of `facts who --json`.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path(tempfile.gettempdir()) / "factlookup-bench" / "reuters.jsonl"
DEFAULT_GOLD = HERE / "gold" / "reuters_entities.json"

TARGET_SHORT_FORMS = 0.95
TARGET_WRONG_MERGES = 0
TARGET_ROLE_PRECISION = 0.90

# Words that are not entities: the stories' sign-off and the row labels of earnings tables.
BOILERPLATE = ["Reuter", "REUTER", "Shr", "Shrs", "Net", "Revs", "Rev", "Avg shrs", "Oper",
               "Qtly div", "Qtr", "Mths", "NOTE", "Note", "Oper net", "Oper shr", "Prior",
               "Pay", "Record", "Div", "Inc", "Corp", "Co", "Ltd"]
BOILERPLATE_TOP = 50

# A role word that changes who holds the role: "Vice President" is not "President".
ROLE_BLOCKERS = {"vice", "deputy", "assistant", "associate", "acting", "under", "co",
                 "interim", "designate", "elect", "ex", "former", "executive"}
ROLE_STOP = {"the", "a", "an", "of", "s", "and", "for"}


# --------------------------------------------------------------------------- folding
def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded: "U.S." == "US", "Standard & Poor's" ~
    "standard poor s"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").lower()
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)   # u.s. -> us.
    text = re.sub(r"'s\b", "", text)                           # possessive
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return fold(text).split()


def sub_span(short: list[str], long: list[str]) -> bool:
    """short is a contiguous run of words inside long (and shorter)."""
    n = len(short)
    if not n or n >= len(long):
        return False
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


# --------------------------------------------------------------------------- roles
def role_head(ws: list[str]) -> str | None:
    """The head word of a title: the word before "of" ("chairman of the Fed" -> chairman),
    else the last word ("Treasury Secretary" -> secretary)."""
    if not ws:
        return None
    if "of" in ws and ws.index("of") > 0:
        return ws[ws.index("of") - 1]
    return ws[-1]


def role_matches(tool: str, gold_forms: list[str]) -> bool:
    """A tool role matches a gold role when, after folding, it equals one of the gold role's
    accepted forms, or one contains the other as a contiguous run of words, both have the
    same head word, and the extra words of the longer one are not a blocker (vice, deputy,
    former, acting, ...) or a stop word only. Conservative: "Treasury Secretary" matches
    "U.S. Treasury Secretary" and "Secretary"; "Vice Chairman" does not match "Chairman";
    "Secretary of State" does not match "Treasury Secretary" (different words)."""
    t = words(tool)
    if not t:
        return False
    for form in gold_forms:
        g = words(form)
        if t == g:
            return True
        if role_head(t) != role_head(g):
            continue
        if sub_span(t, g):
            extra = list(g)
        elif sub_span(g, t):
            extra = list(t)
        else:
            continue
        shorter = t if len(t) < len(g) else g
        for w in shorter:
            if w in extra:
                extra.remove(w)
        if any(w in ROLE_BLOCKERS for w in extra):
            continue
        return True
    return False


# --------------------------------------------------------------------------- text counts
def mention_regex(spec: dict) -> re.Pattern:
    def ws(s: str) -> str:
        return re.escape(s).replace(r"\ ", r"\s+")

    alts = "|".join(ws(f) for f in sorted(spec["forms"], key=len, reverse=True))
    pre = "".join(r"(?<!%s\s)" % re.escape(p) for p in spec.get("not_preceded_by", []))
    post = "".join(r"(?!\s+%s\b)" % ws(p.strip()) for p in spec.get("not_followed_by", []))
    alone = r"(?!\s+[A-Z][a-z])" if spec.get("standalone") else ""
    return re.compile(r"(?<![\w.])%s(?:%s)(?!\w)%s%s" % (pre, alts, post, alone))


def text_counts(corpus: Path, entities: list[dict]) -> dict[str, int]:
    """Occurrences of each entity's gold name forms in the story texts (case-sensitive,
    word boundaries, minus the listed exclusions)."""
    texts = []
    for path in ([corpus] if corpus.is_file() else sorted(corpus.rglob("*.jsonl"))):
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    texts.append(json.loads(line).get("text") or "")
                except ValueError:
                    continue
    big = "\n\x00\n".join(texts)
    return {e["id"]: len(mention_regex(e["mention_forms"]).findall(big)) for e in entities}


# --------------------------------------------------------------------------- running facts
class Facts:
    def __init__(self, command: str, corpus: Path, timeout: float):
        self.command = shlex.split(command)
        self.corpus = str(corpus)
        self.timeout = timeout
        self.calls = 0

    def run(self, *args: str):
        self.calls += 1
        argv = [*self.command, "--corpus", self.corpus, *args, "--json"]
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            return {"_error": "timeout"}
        if proc.returncode == 1:
            return None
        if proc.returncode != 0:
            return {"_error": f"exit {proc.returncode}: {proc.stderr.strip()[:200]}"}
        try:
            return json.loads(proc.stdout)
        except ValueError:
            return {"_error": "not JSON: " + proc.stdout[:120]}


def kind(answer) -> str:
    if answer is None:
        return "none"
    if isinstance(answer, dict):
        if "_error" in answer:
            return "error"
        if answer.get("ambiguous"):
            return "ambiguous"
        if "name" in answer:
            return "entity"
        if "answers" in answer:
            return "question"
    return "other"


def names_of(e: dict) -> set[str]:
    return {fold(n) for n in [e["canonical"], *e.get("also_canonical", [])]}


def short_label(answer) -> str:
    k = kind(answer)
    if k == "entity":
        return answer["name"]
    if k == "ambiguous":
        cands = [c.get("name", "?") for c in answer.get("candidates", [])]
        return "ambiguous: " + " | ".join(cands[:4]) + (" ..." if len(cands) > 4 else "")
    if k == "error":
        return "error " + answer["_error"]
    return k


def fragments(candidates: list[dict]) -> list[str]:
    ws = [words(c.get("name", "")) for c in candidates]
    return [candidates[i]["name"] for i, w in enumerate(ws)
            if any(sub_span(w, other) for j, other in enumerate(ws) if j != i)]


# --------------------------------------------------------------------------- scoring
def evaluate(gold: list[dict], facts: Facts, corpus: Path, jobs: int, top) -> dict:
    queries = []
    for e in gold:
        for form in e["short_forms"]:
            queries.append((e, form, False))
        for form in e.get("shared_forms", []):
            queries.append((e, form, True))
    forms = sorted({q[1] for q in queries})
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        answers = dict(zip(forms, pool.map(lambda f: facts.run("who", f), forms)))
    counts = text_counts(corpus, gold)
    if not isinstance(top, list):
        top = []

    by_id = {e["id"]: e for e in gold}
    rows = []
    right_entity: dict[str, dict] = {}      # gold id -> the tool entity that answered it right
    first_candidate: dict[str, dict] = {}
    for e, form, shared in queries:
        a = answers[form]
        k = kind(a)
        ok, why = False, ""
        if shared:
            if k == "ambiguous":
                cands = a.get("candidates", [])
                frag = fragments(cands)
                first_ok = bool(cands) and fold(cands[0].get("name", "")) in names_of(e)
                ok = first_ok and not frag
                why = ("" if first_ok else "first candidate wrong") + \
                      ("; fragments: " + ", ".join(frag[:3]) if frag else "")
                if first_ok:
                    first_candidate.setdefault(e["id"], cands[0])
            else:
                why = "shared surname: a candidate list was expected"
        else:
            if k == "entity":
                ok = fold(a["name"]) in names_of(e)
                if ok:
                    right_entity.setdefault(e["id"], a)
                else:
                    why = "other entity"
            elif k == "ambiguous":
                why = "ambiguous"
            else:
                why = k
        rows.append({"entity": e["id"], "sample": e["sample"], "form": form, "shared": shared,
                     "expected": e["canonical"], "answer": short_label(a), "ok": ok, "why": why})

    # roles ---------------------------------------------------------------------------
    role_rows = []
    tp = fp = found = gold_total = 0
    for e in gold:
        if e.get("roles") is None:
            continue
        gold_roles = e["roles"]
        gold_total += len(gold_roles)
        ans = right_entity.get(e["id"])
        if ans is None:
            if gold_roles:
                role_rows.append({"entity": e["id"], "answered": False, "tool": [], "wrong": [],
                                  "found": 0, "gold": len(gold_roles)})
            continue
        titles, seen = [], set()
        for r in ans.get("roles", []):
            t = r.get("title", "") if isinstance(r, dict) else str(r)
            if fold(t) and fold(t) not in seen:
                seen.add(fold(t))
                titles.append(t)
        forms = [[g["title"], *g.get("accept", [])] for g in gold_roles]
        wrong = [t for t in titles if not any(role_matches(t, f) for f in forms)]
        hit = sum(1 for f in forms if any(role_matches(t, f) for t in titles))
        tp += len(titles) - len(wrong)
        fp += len(wrong)
        found += hit
        if titles or gold_roles:
            role_rows.append({"entity": e["id"], "answered": True, "tool": titles, "wrong": wrong,
                              "found": hit, "gold": len(gold_roles)})
    precision = tp / (tp + fp) if tp + fp else None
    recall = found / gold_total if gold_total else None

    # wrong merges ----------------------------------------------------------------------
    shared_forms = {fold(f) for e in gold for f in e.get("shared_forms", [])}
    owner: dict[str, set[str]] = {}
    for e in gold:
        for n in [e["canonical"], *e.get("also_canonical", []), *e["short_forms"]]:
            if fold(n) and fold(n) not in shared_forms:
                owner.setdefault(fold(n), set()).add(e["id"])
    tool_entities = {}
    for a in answers.values():
        if kind(a) == "entity":
            tool_entities.setdefault(a["name"], a)
    merges = {}
    for name, a in tool_entities.items():
        labels = {fold(name)} | {fold(x) for x in a.get("aliases", []) if isinstance(x, str)}
        hit_ids = sorted({i for lab in labels for i in owner.get(lab, ())})
        for i in range(len(hit_ids)):
            for j in range(i + 1, len(hit_ids)):
                merges[(hit_ids[i], hit_ids[j])] = name
        for gid in hit_ids:
            for other in by_id[gid].get("must_not_merge", []):
                if fold(other) in labels:
                    pair = tuple(sorted((gid, other if fold(other) not in owner else
                                         sorted(owner[fold(other)])[0])))
                    if pair[0] != pair[1]:
                        merges.setdefault(pair, name)
    # a must-not-merge pair answered as the same tool entity
    for e in gold:
        mine = right_entity.get(e["id"]) or first_candidate.get(e["id"])
        for other in e.get("must_not_merge", []):
            for oid in owner.get(fold(other), ()):
                theirs = right_entity.get(oid)
                if theirs is None:
                    for f in by_id[oid]["short_forms"]:
                        if kind(answers.get(f)) == "entity":
                            theirs = answers[f]
                            break
                if mine and theirs and mine.get("name") == theirs.get("name") and oid != e["id"]:
                    merges.setdefault(tuple(sorted((e["id"], oid))), mine["name"])
    merge_rows = [{"pair": list(p), "tool_entity": n} for p, n in sorted(merges.items())]

    # mention share -------------------------------------------------------------------
    share_rows = []
    for e in gold:
        ans = right_entity.get(e["id"]) or first_candidate.get(e["id"])
        n_text = counts[e["id"]]
        n_tool = ans.get("mentions") if ans else None
        share = (n_tool / n_text) if (n_tool is not None and n_text) else None
        share_rows.append({"entity": e["id"], "tool": n_tool, "text": n_text, "share": share})
    capped = [min(1.0, r["share"]) if r["share"] is not None else 0.0 for r in share_rows]
    mean_share = sum(capped) / len(capped) if capped else None

    # boilerplate ---------------------------------------------------------------------
    surnames = {}
    for e in gold:
        if e["type"] == "person" and len(e["canonical"].split()) > 1:
            surnames[fold(e["canonical"].split()[-1])] = e["canonical"]
    all_names = {fold(n) for e in gold for n in [e["canonical"], *e.get("also_canonical", [])]}
    boiler = {fold(b) for b in BOILERPLATE}
    bad_top = []
    for rank, t in enumerate(top[:BOILERPLATE_TOP], 1):
        n = fold(t.get("name", ""))
        if n in boiler:
            bad_top.append({"rank": rank, "name": t.get("name"), "why": "boilerplate"})
        elif n in surnames and n not in all_names:
            bad_top.append({"rank": rank, "name": t.get("name"),
                            "why": "surname of " + surnames[n]})

    right = sum(r["ok"] for r in rows)
    return {
        "rows": rows, "role_rows": role_rows, "merge_rows": merge_rows,
        "share_rows": share_rows, "boilerplate_rows": bad_top,
        "summary": {
            "entities": len(gold),
            "short_forms": len(rows),
            "short_forms_right": right,
            "short_form_accuracy": right / len(rows) if rows else None,
            "by_sample": {s: {"right": sum(r["ok"] for r in rows if r["sample"] == s),
                              "of": sum(1 for r in rows if r["sample"] == s)}
                          for s in ("top", "random", "contrast")},
            "role_precision": precision, "role_recall": recall,
            "role_tool_titles": tp + fp, "gold_roles": gold_total,
            "wrong_merges": len(merge_rows),
            "mention_share_mean": mean_share,
            "boilerplate_in_top50": len(bad_top),
            "facts_calls": facts.calls,
        },
    }


# --------------------------------------------------------------------------- printing
def cut(s: str, n: int) -> str:
    s = str(s).replace("\n", " ")
    return s if len(s) <= n else s[:n - 1] + "…"


def fmt(x, nd=2):
    return "n/a" if x is None else f"{x:.{nd}f}"


def verdict(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def print_report(res: dict, elapsed: float) -> None:
    s = res["summary"]
    print(f"{'entity':<30} {'form':<24} {'answer':<44} ok")
    for r in res["rows"]:
        form = r["form"] + (" (shared)" if r["shared"] else "")
        print(f"{cut(r['entity'], 30):<30} {cut(form, 24):<24} {cut(r['answer'], 44):<44} "
              f"{'yes' if r['ok'] else 'no  ' + r['why']}")
    print()
    print("Roles (tool titles; * = no gold role matches)")
    for r in res["role_rows"]:
        if not r["answered"]:
            print(f"  {r['entity']:<30} not answered; 0/{r['gold']} gold roles found")
            continue
        titles = ", ".join(("*" if t in r["wrong"] else "") + t for t in r["tool"][:8])
        more = f" (+{len(r['tool']) - 8})" if len(r["tool"]) > 8 else ""
        print(f"  {r['entity']:<30} {r['found']}/{r['gold']} found; {cut(titles, 90)}{more}")
    print()
    print("Wrong merges")
    for m in res["merge_rows"]:
        print(f"  {m['pair'][0]} + {m['pair'][1]}  in tool entity {m['tool_entity']!r}")
    if not res["merge_rows"]:
        print("  none")
    print()
    print("Mention share (tool mentions / text count of the gold name forms)")
    for r in res["share_rows"]:
        print(f"  {r['entity']:<34} {str(r['tool']) if r['tool'] is not None else '-':>6} / "
              f"{r['text']:<6} {fmt(r['share'])}")
    print()
    print(f"Boilerplate or bare surnames among the top {BOILERPLATE_TOP} of `facts who`")
    for b in res["boilerplate_rows"]:
        print(f"  #{b['rank']} {b['name']} ({b['why']})")
    if not res["boilerplate_rows"]:
        print("  none")
    print()
    bs = s["by_sample"]
    acc = s["short_form_accuracy"] or 0.0
    prec = s["role_precision"]
    print(f"short forms right   {s['short_forms_right']}/{s['short_forms']} = {acc:.1%}  "
          f"(top {bs['top']['right']}/{bs['top']['of']}, random {bs['random']['right']}/"
          f"{bs['random']['of']}, contrast {bs['contrast']['right']}/{bs['contrast']['of']})  "
          f"target >= {TARGET_SHORT_FORMS:.0%}: {verdict(acc >= TARGET_SHORT_FORMS)}")
    print(f"wrong merges        {s['wrong_merges']}  target {TARGET_WRONG_MERGES}: "
          f"{verdict(s['wrong_merges'] <= TARGET_WRONG_MERGES)}")
    print(f"role precision      {fmt(prec)} of {s['role_tool_titles']} tool titles  target >= "
          f"{TARGET_ROLE_PRECISION}: {verdict(prec is not None and prec >= TARGET_ROLE_PRECISION)}")
    print(f"role recall         {fmt(s['role_recall'])} of {s['gold_roles']} gold roles")
    print(f"mention share       {fmt(s['mention_share_mean'])} (mean over entities, capped at 1, "
          f"0 when not answered)")
    print(f"boilerplate top 50  {s['boilerplate_in_top50']}: {verdict(s['boilerplate_in_top50'] == 0)}")
    print(f"SUMMARY short_forms={acc:.1%} wrong_merges={s['wrong_merges']} "
          f"role_precision={fmt(prec)} role_recall={fmt(s['role_recall'])} "
          f"mention_share={fmt(s['mention_share_mean'])} boilerplate={s['boilerplate_in_top50']} "
          f"entities={s['entities']} forms={s['short_forms']} calls={s['facts_calls']} "
          f"time={elapsed:.0f}s targets={'pass' if passed(s) else 'FAIL'}")


def passed(s: dict) -> bool:
    return ((s["short_form_accuracy"] or 0) >= TARGET_SHORT_FORMS
            and s["wrong_merges"] <= TARGET_WRONG_MERGES
            and s["role_precision"] is not None and s["role_precision"] >= TARGET_ROLE_PRECISION
            and s["boilerplate_in_top50"] == 0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help=f"the Reuters JSONL (default {DEFAULT_CORPUS})")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the gold set (JSON)")
    ap.add_argument("--facts", default="facts", help='how to start facts (default "facts")')
    ap.add_argument("--jobs", type=int, default=2, help="facts processes at once (default 2)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per facts call")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (make it with python bench/reuters_to_jsonl.py)",
              file=sys.stderr)
        return 2
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    entities = gold["entities"] if isinstance(gold, dict) else gold
    facts = Facts(args.facts, args.corpus, args.timeout)
    t0 = time.perf_counter()
    # the first call builds the index if it is not current; the others then only read it
    top = facts.run("who")
    if isinstance(top, dict) and "_error" in top:
        print("facts who failed: " + top["_error"], file=sys.stderr)
        return 2
    res = evaluate(entities, facts, args.corpus, max(1, args.jobs), top)
    elapsed = time.perf_counter() - t0
    if args.json:
        res["summary"]["seconds"] = round(elapsed, 1)
        res["summary"]["targets_pass"] = passed(res["summary"])
        json.dump(res, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print_report(res, elapsed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
