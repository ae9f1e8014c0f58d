"""From time expressions to events: a sentence with a resolved date, ranges joined, durations kept."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from ..models import Timex

_DATED = re.compile(r"^(\d{4}|\d{3}|XXXX)(-|$)")
# "from January 2 to January 6", "between 1990 and 1995", "January 2-6", "Jan. 2 until Jan. 6"
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|until|till|through|thru|and)\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:from|between)\s*$", re.IGNORECASE)
_SEASON_MONTH = {
    "SP": "03", "SU": "06", "FA": "09", "AU": "09", "WI": "12",
    "Q1": "01", "Q2": "04", "Q3": "07", "Q4": "10", "H1": "01", "H2": "07",
}


@dataclass(frozen=True, slots=True)
class EventRecord:
    sentence: int  # index of the sentence in its article
    date: str
    sort_key: str
    type: str
    value: str
    rule: str
    anchor: str | None
    mod: str | None
    start: int
    end: int
    phrase: str
    durations: str | None  # JSON list of {phrase, value} for durations said in the same sentence


def sort_key(value: str) -> str | None:
    """A string that sorts events chronologically, or None when the value is not a date.

    Known years sort first; dates whose year is unknown follow, by month and day.
    """
    if not _DATED.match(value):
        return None
    head = value.split("/", 1)[0].split("T", 1)[0]
    year, _, rest = head.partition("-")
    if len(year) == 3:
        year += "0"
    rest = _calendar_part(year, rest)
    if year == "XXXX":
        return "~" + rest if rest and not rest.startswith("X") else None
    return f"{year}-{rest}" if rest else year


def _calendar_part(year: str, rest: str) -> str:
    if not rest:
        return ""
    if rest in _SEASON_MONTH:
        return _SEASON_MONTH[rest]
    if rest.startswith("W") and rest[1:3].isdigit() and year.isdigit():
        try:
            return date.fromisocalendar(int(year), int(rest[1:3]), 1).isoformat()[5:]
        except ValueError:
            return ""
    if rest[:2].isdigit():
        return rest[:5] if len(rest) >= 5 and rest[3:5].isdigit() else rest[:2]
    return ""


def date_of(value: str) -> str:
    """The calendar part of a TimeML value: "2022-01-06TNI" -> "2022-01-06"."""
    return value.split("/", 1)[0].split("T", 1)[0]


def collect_events(text: str, sentences: list[tuple[int, int]], timexes: list[Timex]) -> list[EventRecord]:
    """One event per dated expression; two dates joined as a range become one event."""
    out: list[EventRecord] = []
    by_sentence: dict[int, list[Timex]] = {}
    index = 0
    for t in timexes:
        while index < len(sentences) and sentences[index][1] <= t.start:
            index += 1
        if index >= len(sentences):
            break
        by_sentence.setdefault(index, []).append(t)
    for sentence, found in by_sentence.items():
        durations = [
            {"phrase": t.text, "value": t.value} for t in found if t.type == "DURATION"
        ]
        duration_json = json.dumps(durations, ensure_ascii=False) if durations else None
        dated = [t for t in found if t.type in ("DATE", "TIME") and sort_key(t.value)]
        i = 0
        while i < len(dated):
            t = dated[i]
            nxt = dated[i + 1] if i + 1 < len(dated) else None
            if nxt is not None and _is_range(text, t, nxt):
                start = _range_start(text, t)
                out.append(EventRecord(
                    sentence, date_of(t.value), sort_key(t.value) or "", t.type, f"{t.value}/{nxt.value}",
                    f"{t.rule}+range", t.anchor or nxt.anchor, t.mod, start, nxt.end, text[start:nxt.end], duration_json,
                ))
                i += 2
                continue
            out.append(EventRecord(
                sentence, date_of(t.value), sort_key(t.value) or "", t.type, t.value, t.rule, t.anchor, t.mod,
                t.start, t.end, t.text, duration_json,
            ))
            i += 1
    return out


def _is_range(text: str, first: Timex, second: Timex) -> bool:
    between = text[first.end : second.start]
    if len(between) > 12 or not _RANGE_JOIN.match(between):
        return False
    joiner = between.strip().lower()
    if joiner == "and":
        # "between X and Y" is a range; "on X and Y" is two dates.
        return bool(_RANGE_OPEN.search(text[max(0, first.start - 12) : first.start]))
    return sort_key(first.value) is not None and (sort_key(first.value) or "") <= (sort_key(second.value) or "")


def _range_start(text: str, first: Timex) -> int:
    window = max(0, first.start - 12)
    m = _RANGE_OPEN.search(text[window : first.start])
    return window + m.start() if m else first.start
