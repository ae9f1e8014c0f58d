"""Extraction on a Dask cluster: `facts index --scheduler tcp://HOST:PORT`, or FACTS_SCHEDULER.

Extraction is a pure map over batches of articles, so any concurrent.futures.Executor can
run it. This one sends the batches to the workers of a running Dask scheduler; the build
itself (reading the corpus, linking, writing the single SQLite file) stays in this process.
A batch lost with a worker is run again by Dask on another one. Dask is optional
(`pip install 'factlookup[dask]'`) and imported only when a scheduler is named.
"""

from __future__ import annotations

import os
from concurrent.futures import Executor, Future

from ..status import FactsError

SCHEDULER_ENV = "FACTS_SCHEDULER"
# Long enough for a scheduler on the network, short enough that a wrong address fails soon.
CONNECT_SECONDS = 3.0


def scheduler_address(option: str | None = None) -> str | None:
    """The scheduler named by the option, else by FACTS_SCHEDULER, else None (local workers)."""
    address = (option or os.environ.get(SCHEDULER_ENV, "")).strip()
    return address or None


class DaskExecutor(Executor):
    """A Dask client as an executor, closed with it."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise FactsError(
                f"building on the Dask scheduler {address} needs Dask: pip install 'factlookup[dask]'"
            ) from None
        try:
            self.client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise FactsError(f"could not reach the Dask scheduler at {address} ({reason.rstrip('.')})") from None
        # pure=False: batches are never deduplicated by content, and never hashed for it.
        self.executor = self.client.get_executor(pure=False)

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return self.executor.submit(fn, *args, **kwargs)

    def worker_count(self) -> int:
        """Threads across the cluster's workers, at least 1 (workers may join later)."""
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:  # noqa: BLE001 - only sizes the batches in flight
            return 1

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            self.executor.shutdown(wait=wait and not cancel_futures)
        finally:
            self.client.close()


def dask_executor(address: str):
    """An ExecutorFactory (index/build.py) for the scheduler at `address`."""

    def make(_workers: int) -> Executor:
        return DaskExecutor(address)

    return make
