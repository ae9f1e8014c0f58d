from __future__ import annotations

from ..env import Environment
from ..output.render import Format, show_hits, show_nothing
from ..query.facade import Index
from ..status import ExitStatus
from .common import answer


def run(
    env: Environment,
    query: str,
    corpus: list[str] | None,
    fmt: Format,
    limit: int | None = 20,
    article: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> ExitStatus:
    def ask(index: Index) -> ExitStatus:
        hits = index.search(query, limit=limit, article=article, date_from=date_from, date_to=date_to)
        if not hits:
            show_nothing(env, fmt, f"no sentence matches {query!r}")
            return ExitStatus.NOT_FOUND
        show_hits(env, fmt, hits)
        return ExitStatus.FOUND

    return answer(env, corpus, ask)
