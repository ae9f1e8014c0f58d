from __future__ import annotations

from ..env import Environment
from ..output.render import Format, show_chart, show_events, show_nothing
from ..query.facade import Index
from ..status import ExitStatus
from .common import answer


def run(
    env: Environment,
    query: str,
    corpus: list[str] | None,
    fmt: Format,
    date_from: str | None = None,
    date_to: str | None = None,
    anchor: str | None = None,
    limit: int | None = None,
    dated_only: bool = False,
    chart: bool = False,
) -> ExitStatus:
    def ask(index: Index) -> ExitStatus:
        events = index.timeline(query or None, date_from, date_to, anchor, limit, dated_only)
        if not events:
            show_nothing(env, fmt, f"no dated events match {query!r}" if query else "no dated events in this corpus")
            return ExitStatus.NOT_FOUND
        if chart:
            from ..output.chart import build

            show_chart(env, fmt, build((e.value for e in events), "events"))
        else:
            show_events(env, fmt, events)
        return ExitStatus.FOUND

    return answer(env, corpus, ask)
