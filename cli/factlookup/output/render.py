"""Every way a result leaves the program: JSON, JSON Lines, a Rich table, tab-separated rows.

Field names here are the documented, stable interface; change them only with the README.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..env import Environment
from .sanitize import clean, one_line

if TYPE_CHECKING:
    from ..models import EntitySummary, EventRow, Evidence, Hit, Profile


class Format(str, Enum):
    auto = "auto"
    table = "table"
    plain = "plain"
    json = "json"
    nl = "nl"


def resolve_format(env: Environment, fmt: Format) -> Format:
    if fmt is Format.auto:
        return Format.table if env.stdout_isatty else Format.plain
    return fmt


# -- JSON shapes ---------------------------------------------------------------------------


def evidence_json(e: Evidence) -> dict[str, Any]:
    return {"article": e.article, "text": e.text, "start": e.start, "end": e.end}


def profile_json(p: Profile) -> dict[str, Any]:
    return {
        "name": p.name,
        "type": p.type,
        "aliases": p.aliases,
        "roles": [
            {"title": r.title, "rule": r.rule, "count": r.count, "first": r.first, "last": r.last, "evidence": evidence_json(r.evidence)}
            for r in p.roles
        ],
        "mentions": p.mentions,
        "articles": p.articles,
        "evidence": [evidence_json(e) for e in p.evidence],
        "related": [{"name": n, "type": t, "shared": s} for n, t, s in p.related],
        "dates": p.dates,
    }


def entity_json(e: EntitySummary) -> dict[str, Any]:
    return {"name": e.name, "type": e.type, "roles": e.roles, "mentions": e.mentions, "articles": e.articles}


def event_json(e: EventRow) -> dict[str, Any]:
    return {
        "date": e.date,
        "value": e.value,
        "type": e.type,
        "year_known": e.year_known,
        "phrase": e.phrase,
        "rule": e.rule,
        "anchor": e.anchor,
        "entities": e.entities,
        "article": e.evidence.article,
        "title": e.title,
        "text": e.evidence.text,
        "start": e.evidence.start,
        "end": e.evidence.end,
        "phrase_start": e.timex_start,
        "phrase_end": e.timex_end,
        "durations": e.durations,
        "score": round(e.score, 4),
    }


def hit_json(h: Hit) -> dict[str, Any]:
    return {
        "text": h.text,
        "score": h.score,
        "article": h.article,
        "title": h.title,
        "date": h.date,
        "author": h.author,
        "start": h.start,
        "end": h.end,
        "matches": [{"start": a, "end": b, "text": h.text[a - h.start : b - h.start]} for a, b in h.matches],
    }


# -- writers -------------------------------------------------------------------------------


# json.dumps escapes C0 controls but, with ensure_ascii off, passes C1 controls (U+0080-U+009F)
# through raw; some terminals read U+009B as an escape, so those are escaped too.
_C1 = re.compile("[\u0080-\u009f]")


def _dumps(data: Any, indent: int | None = None) -> str:
    from .jsontext import dumps

    text = dumps(data, indent)
    if text.isascii():  # no C1 control to escape: skip the scan
        return text
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_json(env: Environment, fmt: Format, data: Any) -> None:
    if fmt is Format.nl:
        items = data if isinstance(data, list) else [data]
        for item in items:
            env.stdout.write(_dumps(item) + "\n")
    else:
        env.stdout.write(_dumps(data, indent=2) + "\n")
    env.stdout.flush()


def write_plain(env: Environment, rows: Iterable[Iterable[Any]]) -> None:
    # Written a thousand rows at a time: an unbuffered stdout (PYTHONUNBUFFERED) would
    # otherwise cost a system call per row.
    lines: list[str] = []
    for row in rows:
        lines.append("\t".join(one_line("" if v is None else str(v)) for v in row) + "\n")
        if len(lines) >= 1000:
            env.stdout.write("".join(lines))
            lines.clear()
    if lines:
        env.stdout.write("".join(lines))
    env.stdout.flush()


def console(env: Environment):
    from rich.console import Console

    return Console(
        file=env.stdout,
        force_terminal=env.stdout_isatty if env.colors else False,
        no_color=not env.colors,
        color_system="auto" if env.colors else None,
        width=env.width,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def emit(env: Environment, fmt: Format, data: Any, table: Callable[[Any], None], plain: Callable[[], Iterable[Iterable[Any]]]) -> None:
    fmt = resolve_format(env, fmt)
    if fmt in (Format.json, Format.nl):
        write_json(env, fmt, data() if callable(data) else data)
    elif fmt is Format.plain:
        write_plain(env, plain())
    else:
        table(console(env))


# -- who -----------------------------------------------------------------------------------


def show_profile(env: Environment, fmt: Format, p: Profile) -> None:
    def table(con) -> None:
        from rich.table import Table
        from rich.text import Text

        head = Text()
        head.append(one_line(p.name), style="bold")
        head.append(f"  {p.type} · {p.mentions} mention{'s' if p.mentions != 1 else ''}")
        head.append(f" in {p.articles} article{'s' if p.articles != 1 else ''}")
        con.print(head)
        if p.aliases:
            con.print(Text("Also: " + ", ".join(one_line(a) for a in p.aliases)))
        if p.roles:
            t = Table(title=None, show_edge=False, pad_edge=False, expand=False)
            t.add_column("Role", overflow="fold", max_width=32)
            t.add_column("Evidence", overflow="fold")
            t.add_column("Article", style="dim", no_wrap=True)
            for r in p.roles:
                role = Text(one_line(r.title), style="cyan")
                # how often it is said and when: "3×  1987-03-02 – 1987-04-07"
                role.append("\n" + "  ".join(x for x in (f"{r.count}×", _span(r.first, r.last)) if x), style="dim")
                t.add_row(role, _marked(r.evidence.text, [r.title]), Text(one_line(r.evidence.article)))
            con.print(t)
        if p.dates:
            con.print(Text("Dates: " + ", ".join(p.dates)))
        if p.related:
            con.print(Text("With: " + ", ".join(f"{one_line(n)} ({t})" for n, t, _ in p.related)))
        t = Table(show_edge=False, pad_edge=False, show_header=True)
        t.add_column("Said in", overflow="fold")
        t.add_column("Article", style="dim", no_wrap=True)
        t.add_column("Chars", style="dim", no_wrap=True, justify="right")
        names = [p.name, *p.aliases]
        for e in p.evidence:
            t.add_row(_marked(e.text, names), Text(one_line(e.article)), Text(f"{e.start}-{e.end}"))
        con.print(t)

    def plain() -> Iterable[Iterable[Any]]:
        yield ("name", p.name)
        yield ("type", p.type)
        yield ("mentions", p.mentions)
        for a in p.aliases:
            yield ("alias", a)
        for r in p.roles:
            yield ("role", r.title, r.evidence.article, r.evidence.start, r.evidence.end, r.evidence.text, r.count, r.first or "", r.last or "")
        for e in p.evidence:
            yield ("evidence", e.article, e.start, e.end, e.text)

    emit(env, fmt, profile_json(p), table, plain)


def _span(first: str | None, last: str | None) -> str:
    """Article dates as a range: "1987-03-02 – 1987-04-07", one date, or "" when none is known."""
    if not first:
        return ""
    return first if first == last else f"{first} – {last}"


def show_candidates(env: Environment, fmt: Format, query: str, candidates: list[EntitySummary]) -> None:
    data = {"query": query, "ambiguous": True, "candidates": [entity_json(c) for c in candidates]}

    def table(con) -> None:
        from rich.text import Text

        con.print(Text(f"“{one_line(query)}” could be any of {len(candidates)}; ask for one by its full name:"))
        _entities_table(con, candidates)

    emit(env, fmt, data, table, lambda: _entity_rows(candidates))


# A table is for reading: past this many rows it says how to get the rest instead of
# spending seconds laying out rows nobody will scroll through.
TABLE_ROWS = 200


def _table_rows(env: Environment, rows: list, what: str) -> list:
    if len(rows) <= TABLE_ROWS:
        return rows
    print(
        f"facts: showing the first {TABLE_ROWS} of {len(rows):,} {what}; --json or a pipe gives them all",
        file=env.stderr,
    )
    return rows[:TABLE_ROWS]


def show_entities(env: Environment, fmt: Format, rows: list[EntitySummary]) -> None:
    emit(
        env, fmt, lambda: [entity_json(r) for r in rows],
        lambda con: _entities_table(con, _table_rows(env, rows, "entities")), lambda: _entity_rows(rows),
    )


def _entity_rows(rows: list[EntitySummary]) -> Iterable[Iterable[Any]]:
    for r in rows:
        yield (r.name, r.type, r.mentions, "; ".join(r.roles))


def _entities_table(con, rows: list[EntitySummary]) -> None:
    from rich.table import Table
    from rich.text import Text

    t = Table(show_edge=False, pad_edge=False)
    t.add_column("Name", style="bold", overflow="fold")
    t.add_column("Type", style="cyan", no_wrap=True)
    t.add_column("Mentions", justify="right", no_wrap=True)
    t.add_column("Roles", overflow="fold")
    for r in rows:
        t.add_row(Text(one_line(r.name)), Text(r.type), Text(str(r.mentions)), Text(one_line("; ".join(r.roles))))
    con.print(t)


def show_answers(env: Environment, fmt: Format, query: str, rows: list[EntitySummary], hits: list[Hit]) -> None:
    """`who` with a question rather than a name: the people and organisations in the best facts."""
    data = {
        "query": query,
        "answers": [entity_json(r) for r in rows],
        "evidence": [hit_json(h) for h in hits],
    }

    def table(con) -> None:
        _entities_table(con, rows)
        _hits_table(con, hits)

    emit(env, fmt, data, table, lambda: _entity_rows(rows))


# -- when ----------------------------------------------------------------------------------


def event_date_label(e: EventRow) -> str:
    """The TimeML label of tab-separated rows: "2022-01-06TNI (PXX)"."""
    label = e.value if e.type == "TIME" or "/" in e.value else e.date
    if e.durations:
        label += " (" + ", ".join(d["value"] for d in e.durations) + ")"
    return label


def event_readable_label(e: EventRow) -> str:
    """The label a reader sees in a table: "Thu 6 Jan 2022, night", "6 Jan (year unknown)"."""
    from .dates import readable

    return readable(e.value)


def show_events(env: Environment, fmt: Format, events: list[EventRow]) -> None:
    def table(con) -> None:
        from rich.table import Table
        from rich.text import Text

        from .dates import readable

        t = Table(show_edge=False, pad_edge=False, expand=True)
        t.add_column("Date", style="bold", overflow="fold", max_width=22)
        t.add_column("What", overflow="fold", ratio=3)
        t.add_column("Who", style="cyan", overflow="fold", ratio=1)
        t.add_column("Article", style="dim", overflow="fold", max_width=24)
        for e in _table_rows(env, events, "events"):
            said, unknown, _ = event_readable_label(e).partition(" (year unknown)")
            label = Text(said)
            if unknown:
                label.append("\n(year unknown)", style="dim")
            if e.durations:
                label.append("\nfor " + ", ".join(readable(d["value"]) for d in e.durations), style="dim")
            if e.published:
                # The sentence says no date: the article's publication date stands in, dimmed.
                label.stylize("dim")
                label.append("\npublished", style="dim")
            rel = [] if e.timex_start is None else [(e.timex_start - e.evidence.start, e.timex_end - e.evidence.start)]
            t.add_row(label, _highlight(e.evidence.text, rel), Text(one_line(", ".join(e.entities))), Text(one_line(e.evidence.article)))
        con.print(t)

    def plain() -> Iterable[Iterable[Any]]:
        for e in events:
            yield (event_date_label(e), e.evidence.article, e.evidence.text, ", ".join(e.entities))

    emit(env, fmt, lambda: [event_json(e) for e in events], table, plain)


def show_chart(env: Environment, fmt: Format, chart) -> None:
    """A timeline as a bar chart (output/chart.py); as data, its buckets [{start, end, count}]."""
    from .chart import draw

    def plain() -> Iterable[Iterable[Any]]:
        for b in chart.buckets:
            yield (b.start.isoformat(), b.end.isoformat(), b.count)

    emit(env, fmt, lambda: [b.json() for b in chart.buckets], lambda con: draw(con, chart, con.width), plain)


# -- search --------------------------------------------------------------------------------


def show_hits(env: Environment, fmt: Format, hits: list[Hit]) -> None:
    def plain() -> Iterable[Iterable[Any]]:
        for h in hits:
            yield (f"{h.score:.3f}", h.article, h.start, h.end, h.text)

    emit(env, fmt, [hit_json(h) for h in hits], lambda con: _hits_table(con, hits), plain)


def _hits_table(con, hits: list[Hit]) -> None:
    from rich.table import Table
    from rich.text import Text

    t = Table(show_edge=False, pad_edge=False)
    t.add_column("Score", justify="right", no_wrap=True, style="dim")
    t.add_column("Sentence", overflow="fold")
    t.add_column("Article", no_wrap=False, overflow="fold")
    for h in hits:
        rel = [(a - h.start, b - h.start) for a, b in h.matches]
        where = Text(one_line(h.title or h.article), style="dim")
        if h.date:
            where.append(f"\n{h.date}", style="dim")
        t.add_row(Text(f"{h.score:.2f}"), _highlight(h.text, rel), where)
    con.print(t)


# -- index ---------------------------------------------------------------------------------


def show_index_state(env: Environment, fmt: Format, state: dict[str, Any]) -> None:
    def shown(key: str, value: Any) -> Any:
        if key == "duplicates":  # the copies are listed in JSON; a person gets their number
            copies = sum(len(d["copies"]) for d in value)
            return f"{copies} {'copy' if copies == 1 else 'copies'} of {len(value)} {'article' if len(value) == 1 else 'articles'}"
        return ", ".join(value) if isinstance(value, list) else value

    def plain() -> Iterable[Iterable[Any]]:
        for k, v in state.items():
            yield (k, shown(k, v))

    def table(con) -> None:
        from rich.table import Table
        from rich.text import Text

        t = Table(show_header=False, show_edge=False, pad_edge=False)
        t.add_column(style="bold")
        t.add_column(overflow="fold")
        for k, v in state.items():
            t.add_row(Text(k), Text(one_line(str(shown(k, v)))))
        con.print(t)

    emit(env, fmt, state, table, plain)


# -- helpers -------------------------------------------------------------------------------


def _highlight(text: str, spans: list[tuple[int, int]]):
    from rich.text import Text

    out = Text(clean(text).replace("\n", " "))
    if len(out.plain) == len(text):
        for a, b in spans:
            if 0 <= a < b <= len(text):
                out.stylize("bold yellow", a, b)
    return out


def _marked(text: str, needles: list[str]):
    lowered = text.casefold()
    spans = []
    for needle in needles:
        n = needle.casefold()
        if not n:
            continue
        pos = lowered.find(n)
        while pos >= 0:
            spans.append((pos, pos + len(n)))
            pos = lowered.find(n, pos + len(n))
    return _highlight(text, spans)


def show_nothing(env: Environment, fmt: Format, message: str) -> None:
    """Nothing matched: an empty JSON list for programs, one sentence on stderr for people."""
    fmt = resolve_format(env, fmt)
    if fmt is Format.json:
        write_json(env, fmt, [])
    elif fmt is not Format.nl:
        print(f"facts: {one_line(message)}", file=env.stderr)
