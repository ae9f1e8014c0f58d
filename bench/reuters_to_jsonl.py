"""Convert the Reuters-21578 SGML files into one JSONL file of articles for `facts`.

    python bench/reuters_to_jsonl.py [OUTPUT] [--source DIR]

Each story with a body becomes {"id", "title", "text", "date", "source"}: id is the story's
NEWID, date the ISO form of its <DATE> stamp, text the body without the closing "Reuter".
The output goes outside the repository (default: a file in the temp folder); the data is
never part of the project.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path

DEFAULT_SOURCE = Path("/work/shared/data/reuters21578")
DEFAULT_OUTPUT = Path(tempfile.gettempdir()) / "factlookup-bench" / "reuters.jsonl"

_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_DATE = re.compile(r"<DATE>\s*(.*?)\s*</DATE>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TRAILER = re.compile(r"\s*\bReuter\s*\x03?\s*$|\s*\x03\s*$", re.IGNORECASE)
# The sign-off as some desks typed it: with dots, a literal "^M", a desk code or a time glued
# to it ("REUTER...^M", "REUTER11:43/VB", "REUTER TAW", "Reuter4"), or "Reuters" on a line of
# its own after a finished sentence (never the agency a sentence names: "... told\nReuters.").
_DECORATED_TRAILER = re.compile(
    r"\s*\b(?i:reuters?)(?:\.{2,}|\^M|[ \t]+[A-Z]{1,3}|\d[\d:/A-Z]*)+\s*\x03?\s*$"
    r"|(?<=[.!?\"'”)])[ \t]*\n\s*(?i:reuters?)\s*\x03?\s*$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def iso_date(stamp: str) -> str | None:
    """'26-FEB-1987 15:01:01.79' -> '1987-02-26T15:01:01'."""
    stamp = stamp.strip()
    for fmt in ("%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S"):
        try:
            return datetime.strptime(stamp, fmt).strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            continue
    m = re.match(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", stamp)
    if m:
        try:
            return datetime.strptime(" ".join(m.groups()), "%d %b %Y").strftime("%Y-%m-%d")
        except ValueError:
            return None
    return None


def _clean(raw: str) -> str:
    return _CONTROL.sub("", html.unescape(raw))


def stories(path: Path):
    text = path.read_bytes().decode("latin-1")
    for m in _STORY.finditer(text):
        attrs, inner = m.groups()
        body = _BODY.search(inner)
        if not body:
            continue
        newid = _NEWID.search(attrs)
        title = _TITLE.search(inner)
        date = _DATE.search(inner)
        body_text = html.unescape(body.group(1))
        while True:  # "Reuter\x03" (or "REUTER") closes a story; a few carry it twice
            trimmed = _DECORATED_TRAILER.sub("", _TRAILER.sub("", body_text))
            if trimmed == body_text:
                break
            body_text = trimmed
        body_text = body_text.strip()
        body_text = _CONTROL.sub("", body_text)
        if not body_text:
            continue
        yield {
            "id": newid.group(1) if newid else f"{path.stem}-{m.start()}",
            "title": _clean(title.group(1)).strip() if title else "",
            "text": body_text,
            "date": iso_date(date.group(1)) if date else None,
            "source": "Reuters",
        }


def convert(source: Path, output: Path) -> int:
    files = sorted(source.glob("reut2-*.sgm"))
    if not files:
        raise SystemExit(f"no reut2-*.sgm files in {source}")
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    count = 0
    with open(tmp, "w", encoding="utf-8") as out:
        for f in files:
            for story in stories(f):
                out.write(json.dumps(story, ensure_ascii=False) + "\n")
                count += 1
    os.replace(tmp, output)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    repo = Path(__file__).resolve().parent.parent
    out = args.output.resolve()
    if out == repo or repo in out.parents:
        print(f"refusing to write corpus data inside the repository: {out}", file=sys.stderr)
        return 2
    count = convert(args.source, out)
    print(f"{count} stories -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
