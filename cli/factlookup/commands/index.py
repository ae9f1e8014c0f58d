from __future__ import annotations

from ..env import Environment
from ..index.cache import IndexDamaged, index_state
from ..output.render import Format, show_index_state
from ..status import ExitStatus
from .common import load_index, report_discarded


def run(
    env: Environment, corpus: list[str] | None, fmt: Format, rebuild: bool = False, scheduler: str | None = None
) -> ExitStatus:
    # With a scheduler named, the index is brought up to date on it; otherwise only --rebuild builds.
    built = load_index(env, corpus, rebuild=rebuild, scheduler=scheduler) if rebuild or scheduler else None
    try:
        state = index_state(corpus, env.warn, built, env.keep_duplicates)
    except IndexDamaged as damage:
        report_discarded(env, damage)
        state = index_state(corpus, env.warn, keep_duplicates=env.keep_duplicates)
    show_index_state(env, fmt, state)
    return ExitStatus.FOUND if state["exists"] else ExitStatus.NOT_FOUND
