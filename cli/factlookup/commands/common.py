from __future__ import annotations

from collections.abc import Callable

from ..env import Environment
from ..index.cache import IndexDamaged, IndexFile, open_index, reading
from ..query.facade import Index
from ..status import ExitStatus, FactsError

# Below this many articles a build is quick and a progress bar would only flicker.
PROGRESS_MIN_ARTICLES = 200


def answer(env: Environment, corpus: list[str] | None, ask: Callable[[Index], ExitStatus]) -> ExitStatus:
    """Run the queries of one command on the current index.

    An index found damaged on the way has been discarded by the index layer: it is built
    again and the queries run once more.
    """
    retried = False
    while True:
        opened = load_index(env, corpus)
        try:
            with reading(opened):
                return ask(Index(opened.db))
        except IndexDamaged as damage:
            if retried:
                raise FactsError(f"the index could not be used ({damage.reason})") from None
            report_discarded(env, damage)
            retried = True


def report_discarded(env: Environment, damage: IndexDamaged) -> None:
    """Warn that a damaged index was discarded (the caller then goes on), or fail when it
    could not be."""
    if damage.path is None:
        raise FactsError(f"the index could not be used ({damage.reason})")
    if not damage.discarded:
        raise FactsError(
            f"the index {damage.path} is damaged ({damage.reason}) and could not be removed; delete it and try again"
        )
    env.warn(f"discarded the damaged index {damage.path} ({damage.reason})")


def load_index(
    env: Environment, corpus: list[str] | None, rebuild: bool = False, scheduler: str | None = None
) -> IndexFile:
    bar = _ProgressBar(env)
    try:
        return open_index(
            corpus, env.warn, rebuild=rebuild, progress=bar.factory, lock_timeout=env.lock_timeout,
            keep_duplicates=env.keep_duplicates, scheduler=scheduler,
        )
    finally:
        bar.close()


class _ProgressBar:
    """A Rich progress bar on stderr, only on a terminal and only for large corpora."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.progress = None
        self.task = None

    def factory(self, files: int) -> Callable[[int, int], None] | None:
        if not self.env.stderr_isatty:
            return None
        return self.update

    def update(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN_ARTICLES:
            return
        if self.progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            con = Console(file=self.env.stderr, no_color=not self.env.colors)
            self.progress = Progress(
                TextColumn("Indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=con, transient=True
            )
            self.progress.start()
            self.task = self.progress.add_task("index", total=total)
        self.progress.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
