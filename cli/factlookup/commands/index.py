from __future__ import annotations

from ..index.corpus import CorpusError
from ..env import Environment
from ..index.cache import IndexDamaged, index_state
from ..output.render import Format, show_index_state
from ..status import ExitStatus, FactsError
from .common import load_index


def run(env: Environment, corpus: list[str] | None, fmt: Format, rebuild: bool = False) -> ExitStatus:
    in_memory = None
    if rebuild:
        index = load_index(env, corpus, rebuild=True)
        if getattr(index.built, "in_memory", False):
            in_memory = index.db
        else:
            index.db.close()
    try:
        try:
            state = index_state(corpus, env.warn, in_memory)
        except IndexDamaged as damage:
            if not damage.discarded:
                raise FactsError(f"the index could not be used ({damage.reason})") from None
            env.warn(f"discarded the damaged index {damage.path} ({damage.reason})")
            state = index_state(corpus, env.warn, in_memory)
    except CorpusError as exc:
        raise FactsError(str(exc)) from None
    show_index_state(env, fmt, state)
    return ExitStatus.FOUND if state["exists"] else ExitStatus.NOT_FOUND
