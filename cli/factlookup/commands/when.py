from __future__ import annotations

from ..env import Environment
from ..output.render import Format, show_events, show_nothing
from ..status import ExitStatus
from ..query.when import timeline
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
) -> ExitStatus:
    return answer(env, corpus, lambda db: _when(env, db, query, fmt, date_from, date_to, anchor, limit))


def _when(env: Environment, db, query: str, fmt: Format, date_from, date_to, anchor, limit) -> ExitStatus:
    events = timeline(db, query or None, date_from, date_to, anchor, limit)
    if not events:
        show_nothing(env, fmt, f"no dated events match {query!r}" if query else "no dated events in this corpus")
        return ExitStatus.NOT_FOUND
    show_events(env, fmt, events)
    return ExitStatus.FOUND
