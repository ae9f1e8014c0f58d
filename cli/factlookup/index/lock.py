"""The build lock: one builder per index at a time, and a lock that cannot outlive its builder.

The lock is a POSIX record lock (fcntl.lockf) on `index-….sqlite.lock`. Unlike flock, such a
lock belongs to the process that took it: worker processes forked by the builder do not
inherit it, and the kernel drops it the moment the builder dies, however it dies. The file
also records who holds it (pid, process start time, when the build began), so a waiting call
can say what it waits for. Where the file system has no record locks, the record itself is
the lock, created exclusively, and taken over once its holder is gone.
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..status import FactsError

DEFAULT_TIMEOUT = 600.0  # seconds a call waits for another process's build
SAY_AFTER = 1.0  # seconds of waiting before saying what for
POLL = 0.05


class LockTimeout(FactsError):
    """Waited longer than the bound for another process's build."""


@dataclass(frozen=True, slots=True)
class Holder:
    pid: int
    started: float  # wall-clock time the holder took the lock
    boot_ticks: int | None  # the process's start time, to tell a reused pid from the holder

    def alive(self) -> bool:
        if self.pid <= 0:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # someone else's process: it exists
        if self.boot_ticks is not None:
            now = process_start_ticks(self.pid)
            if now is not None and now != self.boot_ticks:
                return False  # the pid now belongs to another process
        return True

    def describe(self, now: float | None = None) -> str:
        ago = max(0, round((now or time.time()) - self.started))
        return f"the index build by pid {self.pid}, started {ago} s ago"


def lock_timeout(option: float | None = None) -> float:
    """The bound on waiting: --lock-timeout, else $FACTS_LOCK_TIMEOUT, else the default."""
    if option is not None:
        return option
    value = os.environ.get("FACTS_LOCK_TIMEOUT", "").strip()
    if value:
        try:
            seconds = float(value)
        except ValueError:
            raise FactsError(f"FACTS_LOCK_TIMEOUT takes a number of seconds, not {value!r}") from None
        if seconds < 0 or seconds != seconds:
            raise FactsError(f"FACTS_LOCK_TIMEOUT takes a number of seconds, not {value!r}")
        return seconds
    return DEFAULT_TIMEOUT


def process_start_ticks(pid: int) -> int | None:
    """When the process started, in clock ticks since boot (Linux), else None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from its end.
    fields = stat[stat.rfind(b")") + 2 :].split()
    try:
        return int(fields[19])  # field 22 of the whole line
    except (IndexError, ValueError):
        return None


def _me() -> Holder:
    return Holder(os.getpid(), time.time(), process_start_ticks(os.getpid()))


def read_holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "null")
        return Holder(int(data["pid"]), float(data["started"]), data.get("boot_ticks"))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _record(holder: Holder) -> bytes:
    return json.dumps({"pid": holder.pid, "started": holder.started, "boot_ticks": holder.boot_ticks}).encode()


# Paths this process holds now: taking a held lock again must not open and close the file a
# second time, which would drop the record lock (POSIX locks go with any close of the file).
_held: dict[str, int] = {}


@contextmanager
def build_lock(
    path: Path, warn: Callable[[str], None] | None = None, timeout: float | None = None
) -> Iterator[bool]:
    """Hold the build lock of the index at `path`; yields False when no lock can be had here
    (an unwritable cache folder), in which case the caller builds in memory anyway."""
    lock_path = Path(str(path) + ".lock")
    key = str(lock_path)
    if key in _held:
        _held[key] += 1
        try:
            yield True
        finally:
            _held[key] -= 1
        return
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError:
        yield False
        return
    bound = lock_timeout(timeout)
    try:
        if _kernel_lock(fd, lock_path, warn, bound):
            _held[key] = 1
            try:
                _write_record(fd)
                yield True
            finally:
                del _held[key]
                _clear_record(fd)
                _unlock(fd)
            return
    finally:
        os.close(fd)
    # No record locks on this file system: the record file itself is the lock.
    with _file_lock(Path(str(path) + ".lock.holder"), warn, bound) as held:
        if held:
            _held[key] = 1
        try:
            yield held
        finally:
            _held.pop(key, None)


def _kernel_lock(fd: int, lock_path: Path, warn, bound: float) -> bool:
    """Wait for the record lock; False when the file system does not support record locks."""
    try:
        import fcntl
    except ImportError:
        return False
    waited = _Waiting(lock_path, warn, bound)
    while True:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                return False  # ENOLCK and the like: no record locks here
        waited.tick(read_holder(lock_path))


def _unlock(fd: int) -> None:
    try:
        import fcntl

        fcntl.lockf(fd, fcntl.LOCK_UN)
    except (ImportError, OSError):
        pass


def _write_record(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, _record(_me()), 0)
    except OSError:
        pass  # the record only serves messages; the lock holds without it


def _clear_record(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
    except OSError:
        pass


@contextmanager
def _file_lock(holder_path: Path, warn, bound: float) -> Iterator[bool]:
    waited = _Waiting(holder_path, warn, bound)
    while True:
        try:
            fd = os.open(holder_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            holder = read_holder(holder_path)
            if holder is None or not holder.alive():
                if holder is None and _younger_than(holder_path, 2.0):
                    waited.tick(None)  # being written this instant
                    continue
                try:
                    os.unlink(holder_path)  # a stale lock: its holder is gone
                except OSError:
                    pass
                continue
            waited.tick(holder)
        except OSError:
            yield False
            return
    try:
        os.write(fd, _record(_me()))
    finally:
        os.close(fd)
    try:
        yield True
    finally:
        try:
            os.unlink(holder_path)
        except OSError:
            pass


def _younger_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False


class _Waiting:
    """Says once, after a second, what a call waits for; gives up past the bound."""

    def __init__(self, lock_path: Path, warn, bound: float) -> None:
        self.lock_path = lock_path
        self.warn = warn
        self.bound = bound
        self.began = time.monotonic()
        self.said = False

    def tick(self, holder: Holder | None) -> None:
        waited = time.monotonic() - self.began
        what = holder.describe() if holder else "another process's index build"
        if waited >= self.bound:
            raise LockTimeout(
                f"gave up after waiting {self.bound:g} s for {what} "
                f"(lock {self.lock_path}); try again later or raise --lock-timeout"
            )
        if not self.said and waited >= SAY_AFTER and self.warn:
            self.said = True
            self.warn(f"waiting for {what}")
        time.sleep(min(POLL, max(0.0, self.bound - waited)))
