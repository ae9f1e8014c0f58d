"""Score the time expression tagger against TimeML (.tml) files, TempEval-3 style.

    python -m factlookup.evaluate timex DIR [--split dev|train|all] [--files LIST] [--errors]

Each document's creation time (the DCT) is the reference date; the tags are stripped from
<TEXT> and the gold TIMEX3 spans kept as offsets into the plain text. Scores, as TempEval-3
defines them: strict span (exact offsets) and relaxed span (overlap) precision/recall/F1;
type and value accuracy over the gold expressions that a system expression overlaps (each
compared with the overlapping system expression whose boundaries are nearest); and value F1,
the value accuracy times the relaxed F1 (value P and R: the accuracy times the relaxed P and
R). The split is deterministic: every fifth file in sorted order is the dev split.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .tagger import tag

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(slots=True)
class Doc:
    path: str
    dct: str | None
    text: str
    gold: list[Gold]


def parse_tml(source: str, path: str = "") -> Doc:
    """Plain text of <TEXT>, its gold TIMEX3 spans and the document creation time."""
    dct = None
    m = re.search(r"<DCT>(.*?)</DCT>", source, re.S)
    if m:
        v = re.search(r'value="([^"]*)"', m.group(1))
        dct = v.group(1)[:10] if v else None
    if dct is None:
        m = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', source)
        if m:
            v = re.search(r'value="([^"]*)"', m.group(0))
            dct = v.group(1)[:10] if v else None
    m = re.search(r"<TEXT>(.*?)</TEXT>", source, re.S)
    body = m.group(1) if m else source
    parts: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_timex: list[tuple[int, dict]] = []
    pos = 0
    for t in _TAG.finditer(body):
        chunk = html.unescape(body[pos : t.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = t.end()
        closing, name, attrs, selfclosing = t.groups()
        if name != "TIMEX3" or selfclosing:
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(attrs))))
        elif open_timex:
            start, a = open_timex.pop()
            gold.append(Gold(start, length, "", a.get("type", ""), a.get("value", ""), a.get("mod")))
    chunk = html.unescape(body[pos:])
    parts.append(chunk)
    text = "".join(parts)
    gold = [Gold(g.start, g.end, text[g.start : g.end], g.type, g.value, g.mod) for g in gold]
    gold.sort(key=lambda g: g.start)
    return Doc(path, dct, text, gold)


def split_files(files: list[Path], split: str) -> list[Path]:
    files = sorted(files, key=lambda p: (p.parent.name, p.name))
    if split == "dev":
        return [f for i, f in enumerate(files) if i % 5 == 4]
    if split == "train":
        return [f for i, f in enumerate(files) if i % 5 != 4]
    return files


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(docs: list[Doc], errors: bool = False, out=None) -> dict:
    out = out or sys.stdout
    n_sys = n_gold = 0
    strict = relaxed_sys = relaxed_gold = 0
    type_ok = value_ok = 0
    per_type: dict[str, list[int]] = {}
    for doc in docs:
        system = tag(doc.text, doc.dct)
        where = f"{Path(doc.path).stem or '-'} {doc.dct}"
        n_sys += len(system)
        n_gold += len(doc.gold)
        gold_spans = {(g.start, g.end) for g in doc.gold}
        strict += sum((s.start, s.end) in gold_spans for s in system)
        for s in system:
            if any(g.start < s.end and s.start < g.end for g in doc.gold):
                relaxed_sys += 1
            elif errors:
                print(f"FP    {where} {s.text!r} {s.type} {s.value} [{s.rule}]", file=out)
        for g in doc.gold:
            counts = per_type.setdefault(g.type, [0, 0, 0, 0])
            counts[0] += 1
            overlaps = [s for s in system if g.start < s.end and s.start < g.end]
            if not overlaps:
                if errors:
                    ctx = doc.text[max(0, g.start - 30) : g.end + 30].replace("\n", " ")
                    print(f"FN    {where} {g.text!r} {g.type} {g.value}   ...{ctx}...", file=out)
                continue
            # the gold expression's attributes are judged on the system expression that
            # covers it most closely
            s = min(overlaps, key=lambda s: (abs(g.start - s.start) + abs(g.end - s.end)))
            relaxed_gold += 1
            counts[1] += 1
            if errors and (g.start, g.end) != (s.start, s.end):
                print(f"SPAN  {where} {s.text!r} [{s.rule}] gold {g.text!r}", file=out)
            if g.type == s.type:
                type_ok += 1
                counts[2] += 1
            if g.value == s.value:
                value_ok += 1
                counts[3] += 1
            elif errors:
                print(f"VALUE {where} {s.text!r} {s.type} {s.value} [{s.rule}] gold {g.text!r} {g.type} {g.value}", file=out)
    relaxed = _prf(relaxed_sys, n_sys, relaxed_gold, n_gold)
    type_accuracy = type_ok / relaxed_gold if relaxed_gold else 0.0
    value_accuracy = value_ok / relaxed_gold if relaxed_gold else 0.0
    result = {
        "docs": len(docs),
        "gold": n_gold,
        "system": n_sys,
        "strict": _prf(strict, n_sys, strict, n_gold),
        "relaxed": relaxed,
        "type_accuracy": type_accuracy,
        "value_accuracy": value_accuracy,
        # TempEval-3's attribute score: the accuracy over relaxed matches scales the
        # relaxed precision, recall and F1
        "value": tuple(value_accuracy * x for x in relaxed),
        "per_type": per_type,
    }
    return result


def report(result: dict, out=None) -> None:
    out = out or sys.stdout
    print(f"documents {result['docs']}  gold timexes {result['gold']}  system timexes {result['system']}", file=out)
    for key in ("strict", "relaxed"):
        p, r, f = result[key]
        print(f"{key} span  P {p:.4f}  R {r:.4f}  F1 {f:.4f}", file=out)
    print(f"type accuracy {result['type_accuracy']:.4f}  value accuracy {result['value_accuracy']:.4f} (over relaxed matches)", file=out)
    p, r, f = result["value"]
    print(f"value P {p:.4f}  R {r:.4f}", file=out)
    print("per type (gold / matched / type right / value right):", file=out)
    for t, (g, mt, ty, va) in sorted(result["per_type"].items()):
        print(f"  {t:<9} {g:5d} {mt:5d} {ty:5d} {va:5d}", file=out)
    print(f"value F1 {f:.4f}", file=out)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m factlookup.evaluate timex", description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="folder of TimeML .tml files (searched recursively)")
    ap.add_argument("--split", choices=("dev", "train", "all"), default="all",
                    help="dev: every fifth file in sorted order; train: the rest")
    ap.add_argument("--files", help="a file listing the .tml names (one a line) to score")
    ap.add_argument("--errors", action="store_true", help="print false positives, misses, wrong values and span boundaries")
    args = ap.parse_args(argv)
    root = Path(args.dir)
    files = sorted(root.rglob("*.tml")) if root.is_dir() else [root]
    if args.files:
        wanted = {line.strip() for line in Path(args.files).read_text().splitlines() if line.strip()}
        files = [f for f in files if f.name in wanted or str(f) in wanted or f.stem in wanted]
    files = split_files(files, args.split)
    if not files:
        print("no .tml files found", file=sys.stderr)
        return 2
    docs = [parse_tml(f.read_text(encoding="utf-8"), str(f)) for f in files]
    t0 = time.perf_counter()
    result = score(docs, errors=args.errors)
    elapsed = time.perf_counter() - t0
    print(f"tagging and scoring took {elapsed:.2f}s", file=sys.stderr)
    report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
