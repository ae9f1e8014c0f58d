"""A picture of a timeline: how many events (or mentions) fall in each day, week, month or year.

The bucket is chosen from the span of the dates; a date said less precisely than the bucket
("1986" when the chart counts months) and a date whose year is unknown are listed under the
chart rather than forced onto its axis. Drawn with Rich and Unicode blocks alone: a bar
chart of counts needs nothing more.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .dates import MONTHS, WEEKDAYS, readable

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
SIZES = (DAY, WEEK, MONTH, YEAR)
# How precisely a date is said, finest first; a part of a year (Q1, summer) lies between.
_RANK = {DAY: 0, WEEK: 1, MONTH: 2, "part": 2.5, YEAR: 3, "decade": 4}
# The bucket for a span (in days) of the central dates: the finest that keeps the chart short.
_SPANS = ((31, DAY), (26 * 7, WEEK), (3 * 366, MONTH))
# Runs of at least this many empty buckets are drawn as one line.
GAP = 3
# A chart longer than this many lines counts in larger buckets.
MAX_ROWS = 60
_PARTS = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}
_VALUE = re.compile(r"^(\d{4})(?:-([^T]+))?(?:T.*)?$")
_EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


@dataclass(frozen=True, slots=True)
class Bucket:
    start: date
    end: date  # the last day in it
    count: int

    def json(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "count": self.count}


@dataclass(slots=True)
class Chart:
    unit: str  # "events" or "mentions"
    size: str | None  # day, week, month or year; None when no date has a known year
    buckets: list[Bucket] = field(default_factory=list)
    coarser: Counter = field(default_factory=Counter)  # value -> count, said less precisely than the bucket
    unknown_year: Counter = field(default_factory=Counter)
    undated: int = 0  # mentions in articles without a date

    @property
    def total(self) -> int:
        return sum(b.count for b in self.buckets) + sum(self.coarser.values()) + sum(self.unknown_year.values()) + self.undated


def place(value: str) -> tuple[date, str] | None:
    """A TimeML value's first day and how precisely it is said; None when its year is unknown."""
    head = value.split("/", 1)[0]
    m = _VALUE.match(head)
    if not m:
        if re.fullmatch(r"\d{3}", head):
            return date(int(head) * 10, 1, 1), "decade"
        if re.fullmatch(r"\d{2}", head):
            return date(max(1, int(head) * 100), 1, 1), "decade"
        return None
    year, rest = int(m.group(1)), m.group(2) or ""
    if year < 1:
        return None
    try:
        if not rest or rest.startswith("XX"):
            return date(year, 1, 1), YEAR
        parts = rest.split("-")
        if parts[0].isdigit():
            month = int(parts[0])
            if len(parts) > 1 and parts[1].isdigit():
                return date(year, month, int(parts[1])), DAY
            return date(year, month, 1), MONTH
        if parts[0].startswith("W") and parts[0][1:].isdigit():
            return date.fromisocalendar(year, int(parts[0][1:]), 1), WEEK
        if parts[0] in _PARTS:
            return date(year, _PARTS[parts[0]], 1), "part"
    except ValueError:
        return None
    return date(year, 1, 1), YEAR


def floor(day: date, size: str) -> date:
    if size == DAY:
        return day
    if size == WEEK:
        return day - timedelta(days=day.weekday())
    if size == MONTH:
        return day.replace(day=1)
    return date(day.year, 1, 1)


def following(start: date, size: str) -> date:
    if size == DAY:
        return start + timedelta(days=1)
    if size == WEEK:
        return start + timedelta(days=7)
    if size == MONTH:
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def choose_size(placed: list[tuple[date, str]]) -> str:
    """The bucket for these dates: from the span of the central nine-tenths of them (those said
    to a month or finer), made coarser while most of them are said less precisely than it."""
    # The span of the dates said to a month or finer: a year said alone does not stretch it.
    days = sorted(d for d, p in placed if _RANK[p] <= _RANK[MONTH]) or sorted(d for d, _ in placed)
    trim = (len(days) - 1) * 5 // 100
    low, high = days[trim], days[len(days) - 1 - trim]
    span = (high - low).days
    size = next((s for limit, s in _SPANS if span <= limit), YEAR)
    while size != YEAR and 2 * sum(_RANK[p] > _RANK[size] for _, p in placed) > len(placed):
        size = SIZES[SIZES.index(size) + 1]
    return size


def build(values: Iterable[str | None], unit: str = "events") -> Chart:
    """Count the values (TimeML values or ISO dates; None for an undated article) into buckets."""
    placed: list[tuple[date, str, str]] = []
    chart = Chart(unit, None)
    for value in values:
        if value is None:
            chart.undated += 1
            continue
        where = place(value)
        if where is None:
            chart.unknown_year[value.split("/", 1)[0]] += 1
        else:
            placed.append((*where, value.split("/", 1)[0]))
    if not placed:
        return chart
    size = choose_size([(d, p) for d, p, _ in placed])
    while True:
        buckets, coarser = _count(placed, size)
        # Dates far from the rest make a long chart of mostly empty buckets: coarser ones then.
        if size == YEAR or len(_rows(buckets, size)) <= MAX_ROWS:
            break
        size = SIZES[SIZES.index(size) + 1]
    chart.size, chart.buckets, chart.coarser = size, buckets, coarser
    return chart


def _count(placed: list[tuple[date, str, str]], size: str) -> tuple[list[Bucket], Counter]:
    counts: Counter = Counter()
    coarser: Counter = Counter()
    for day, precision, value in placed:
        if _RANK[precision] > _RANK[size]:
            coarser[value] += 1
        else:
            counts[floor(day, size)] += 1
    buckets = []
    if counts:
        start, last = min(counts), max(counts)
        while start <= last:
            nxt = following(start, size)
            buckets.append(Bucket(start, nxt - timedelta(days=1), counts.get(start, 0)))
            start = nxt
    return buckets, coarser


# -- labels --------------------------------------------------------------------------------


def bucket_label(b: Bucket, size: str) -> str:
    s, e = b.start, b.end
    if size == DAY:
        return f"{WEEKDAYS[s.weekday()]} {s.day} {MONTHS[s.month - 1]} {s.year}"
    if size == WEEK:
        if s.year != e.year:
            return f"{s.day} {MONTHS[s.month - 1]} {s.year}–{e.day} {MONTHS[e.month - 1]} {e.year}"
        if s.month != e.month:
            return f"{s.day} {MONTHS[s.month - 1]}–{e.day} {MONTHS[e.month - 1]} {e.year}"
        return f"{s.day}–{e.day} {MONTHS[s.month - 1]} {s.year}"
    if size == MONTH:
        return f"{MONTHS[s.month - 1]} {s.year}"
    return str(s.year)


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _plural(size: str) -> str:
    return {DAY: "days", WEEK: "weeks", MONTH: "months", YEAR: "years"}[size]


def _listed(counter: Counter, limit: int = 8) -> str:
    items = sorted(counter.items(), key=lambda kv: kv[0].replace("X", "~"))
    said = [readable(v).removesuffix(" (year unknown)") + (f" ×{n}" if n > 1 else "") for v, n in items[:limit]]
    if len(items) > limit:
        said.append(f"and {len(items) - limit} more")
    return ", ".join(said)


def bar(count: int, top: int, width: int) -> str:
    """A bar of `count` against `top` in `width` cells, to an eighth of a cell; never empty for a count."""
    if count <= 0 or top <= 0:
        return ""
    eighths = max(1, round(count * width * 8 / top))
    return FULL * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


# -- drawing -------------------------------------------------------------------------------


def draw(con, chart: Chart, width: int) -> None:
    """Print the chart on a Rich console `width` cells wide."""
    from rich.text import Text

    unit = chart.unit
    if chart.buckets:
        size = chart.size or YEAR
        first, last = chart.buckets[0], chart.buckets[-1]
        on_axis = sum(b.count for b in chart.buckets)
        if first is last:
            span = bucket_label(first, size)
        elif size == WEEK:
            span = f"{_day(first.start)} – {_day(last.end)}"
        else:
            span = f"{bucket_label(first, size)} – {bucket_label(last, size)}"
        con.print(Text(f"{unit.capitalize()} per {size}, {span}: {on_axis:,} {unit}", style="bold"))
        rows = _rows(chart.buckets, size)
        label_width = max(len(size), *(len(label) for label, count in rows if count is not None))
        top = max(b.count for b in chart.buckets)
        count_width = len(f"{top:,}")
        # label, " │", the bar, then " 57" after a bar and " events" after the scale
        bar_width = max(10, width - label_width - 2 - max(count_width, len(unit)) - 2)
        head = Text(size.ljust(label_width), style="dim")
        head.append(" │", style="dim")
        con.print(head)
        for label, count in rows:
            if count is None:  # a run of empty buckets
                con.print(Text(" " * label_width + " ┆ " + label, style="dim"))
                continue
            line = Text(label.ljust(label_width))
            line.append(" │", style="dim")
            if count:
                line.append(bar(count, top, bar_width), style="cyan")
                line.append(f" {count:,}")
            con.print(line)
        axis = Text(" " * label_width + " └" + "─" * bar_width, style="dim")
        con.print(axis)
        scale = f"0{f'{top:,}':>{bar_width - 1}}" if bar_width > count_width else f"0 {top:,}"
        con.print(Text(" " * (label_width + 2) + scale + f" {unit}", style="dim"))
    notes = []
    if chart.coarser:
        notes.append(f"said less precisely than a {chart.size}: {_listed(chart.coarser)}")
    if chart.unknown_year:
        notes.append(f"year unknown: {_listed(chart.unknown_year)}")
    if chart.undated:
        notes.append(f"in undated articles: {chart.undated:,} {unit}")
    if notes:
        from rich.padding import Padding

        con.print(Text("Not on the axis", style="bold" if not chart.buckets else "dim"))
        for note in notes:
            con.print(Padding(Text(note, style="dim"), (0, 0, 0, 2)))


def _rows(buckets: list[Bucket], size: str) -> list[tuple[str, int | None]]:
    """(label, count) per bucket; a run of GAP or more empty buckets is one row (count None)."""
    rows: list[tuple[str, int | None]] = []
    i = 0
    while i < len(buckets):
        if buckets[i].count == 0:
            j = i
            while j < len(buckets) and buckets[j].count == 0:
                j += 1
            if j - i >= GAP:
                rows.append((f"{j - i} {_plural(size)} with none", None))
                i = j
                continue
        rows.append((bucket_label(buckets[i], size), buckets[i].count))
        i += 1
    return rows
