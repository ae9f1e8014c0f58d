"""Where extraction runs: batches of articles, on local worker processes or any executor.

`extract_batch` is the unit of work, a pure function of its articles, so an executor may run
a batch again when a worker is lost. Local workers are forked, share the models the builder
loaded before forking, and die with the builder.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path

from ..extract.events import collect_events
from ..extract.pipeline import ArticleFacts, extract
from ..models import Article
from .extractions import encode_facts


def extract_batch(articles: list[Article]) -> list[tuple]:
    """Extract a batch of articles where the executor runs it (a worker process, a Dask
    worker): per article, its sentences, entities, event rows and encoded facts. A pure
    function of its input, so a batch lost with its worker can run again."""
    _pause_for_tests()
    _collect_less()
    if _forked:
        settle()
    out = []
    for article in articles:
        item = extract(article)
        out.append((item.sentences, item.entities, event_rows(item), encode_facts(item)))
    return out


# Extraction makes millions of short-lived objects and almost no reference cycles, so the
# collector's young pass every 700 allocations costs 5-7% of its CPU and finds next to
# nothing. The older generations keep their default ratios to it: made rarer too, they let
# the builder's peak memory grow by a tenth. Local workers inherit the builder's setting;
# a Dask worker takes it with its first batch.
COLLECTOR_THRESHOLDS = (50_000, 10, 10)


def _collect_less() -> None:
    if gc.get_threshold() != COLLECTOR_THRESHOLDS:
        gc.set_threshold(*COLLECTOR_THRESHOLDS)


@contextmanager
def collecting_less() -> Iterator[None]:
    """The builder's side of the same: COLLECTOR_THRESHOLDS while it runs, then as before,
    and what `settle` set aside is looked at again."""
    previous = gc.get_threshold()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def settle() -> None:
    """Collect the young objects once, then set every survivor aside from later collections.

    A build keeps what it makes for a long time: a worker (or the builder, when it extracts a
    small corpus itself) the per-word features of every word it has seen, and the builder the
    modules and tables its workers are forked with. Left to the collector,
    each such object is looked at again by every older generation's pass; set aside, it is
    looked at once. Objects set aside are still freed when nothing refers to them; only a
    reference cycle among them waits until `collecting_less` ends."""
    gc.collect(1)
    gc.freeze()


_forked = False  # a local worker process: its objects are the build's alone to set aside


def event_rows(item: ArticleFacts) -> list[tuple]:
    """The article's events as the index keeps them, their sentence numbered within the article."""
    return [
        (e.sentence, e.date, e.sort_key, e.type, e.value, e.rule, e.anchor, e.start, e.end, e.phrase, e.durations)
        for e in collect_events(item.article.text, item.sentences, item.timexes)
    ]


def local_pool(workers: int) -> Executor:
    from concurrent.futures import ProcessPoolExecutor

    context = _worker_context()
    if context.get_start_method() == "fork":
        # Load the models once, here: forked workers share them instead of each loading its own.
        extract(Article("warm-up", "", "Warm-up in Oslo on Monday."))
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )


def _worker_context():
    """Forked workers on Linux: they start at once and die with the builder (_start_worker)."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(builder: int) -> None:
    import signal

    global _forked
    _forked = True
    # Ctrl-C reaches the whole process group; the parent stops the build, and a worker
    # interrupted mid-chunk would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The models and the builder's state came with the fork: never scan them for cycles,
    # which also keeps their pages shared instead of copied on the first collection.
    gc.freeze()
    # A worker must not outlive its builder: orphaned, it would block for ever on a result
    # pipe nobody reads, holding whatever the builder left it.
    if not _kill_me_with_parent():
        _watch_parent()
    if os.getppid() != builder:
        os._exit(0)  # the builder died before the line above took effect


def _kill_me_with_parent() -> bool:
    """Linux: have the kernel send SIGKILL when the parent dies (no traceback, no cleanup owed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent() -> None:
    """Elsewhere: a thread that ends the worker once its parent is gone."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _pause_for_tests() -> None:
    """Tests that kill a build midway hold its workers here (FACTS_TEST_PAUSE_WORKERS names a
    folder): each worker marks itself there, then waits for a file named `go`."""
    folder = os.environ.get("FACTS_TEST_PAUSE_WORKERS")
    if not folder:
        return
    Path(folder, f"worker-{os.getpid()}").touch()
    while not Path(folder, "go").exists():
        time.sleep(0.02)
