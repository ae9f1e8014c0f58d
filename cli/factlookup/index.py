"""Getting a current index for a corpus: reuse the cached file, or build it under a lock."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .corpus import Warn, corpus_roots, discover
from .store import Location, changed_files, locate, open_readonly

ProgressFactory = Callable[[int], Callable[[int, int], None] | None]


@dataclass(slots=True)
class Index:
    db: sqlite3.Connection
    location: Location
    built: object | None = None  # the BuildReport when this call built it


def resolve(paths: list[str] | None) -> tuple[list[Path], Location]:
    roots = corpus_roots(paths)
    return roots, locate(roots)


def cached(paths: list[str] | None) -> sqlite3.Connection | None:
    """The cached index as it is, without checking the corpus and never building: for TAB."""
    try:
        _, location = resolve(paths)
    except Exception:
        return None
    return open_readonly(location.path)


def open_index(
    paths: list[str] | None,
    warn: Warn,
    rebuild: bool = False,
    progress: ProgressFactory | None = None,
) -> Index:
    roots, location = resolve(paths)
    files = None
    if not rebuild:
        index, files = _reuse_if_current(location, roots, warn, warn)
        if index:
            return index
    with _build_lock(location.path) as locked:
        if locked:
            _remove_leftovers(location.path)
        if not rebuild:
            # Another process may have finished the same build while this one waited.
            index, files = _reuse_if_current(location, roots, lambda _m: None, warn)
            if index:
                return index
        from .build import build

        if files is None:
            files = discover(roots, lambda _m: None)
        callback = progress(len(files)) if progress else None
        # A damaged build cache beside the index only means extracting those articles again.
        db, report = build(roots, location, warn, callback)
        _warn_if_empty(roots, files, warn)
        if not report.in_memory:
            _remember(location.path)
        return Index(db, location, report)


def _reuse_if_current(location: Location, roots: list[Path], walk_warn: Warn, warn: Warn) -> tuple[Index | None, list | None]:
    """The saved index when no article file changed since it was built, and the files found."""
    db = open_readonly(location.path)
    if db is None:
        return None, None
    try:
        files = discover(roots, walk_warn)
        if not changed_files(db, files):
            _warn_if_empty(roots, files, warn)
            _remember(location.path)
            return Index(db, location), files
    except sqlite3.DatabaseError:
        files = None
    db.close()
    return None, files


def _warn_if_empty(roots: list[Path], files: list, warn: Warn) -> None:
    if not files:
        from .corpus import ARTICLE_SUFFIXES

        kinds = ", ".join(ARTICLE_SUFFIXES)
        warn(f"no article files ({kinds}) in {', '.join(str(r) for r in roots)}")


# The index files this process opened, with the identity each had then. A query that finds
# one damaged has it discarded and rebuilt (see cli.run), but only while it is still that
# same file: never one that another process has rebuilt in the meantime.
_opened: list[tuple[Path, tuple[int, int, int] | None]] = []


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns


def _remember(path: Path) -> None:
    _opened.append((path, _identity(path)))


def forget_opened() -> None:
    _opened.clear()


def _unlink_if_same(path: Path, identity: tuple[int, int, int] | None, locked: bool = False) -> bool:
    """Remove the file if it is still the one identified; True if it is gone or replaced."""
    if identity is None:
        return False
    if not locked:
        with _build_lock(path):
            return _unlink_if_same(path, identity, locked=True)
    if _identity(path) != identity:
        return True
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def discard_opened() -> tuple[list[Path], list[Path]]:
    """Discard the index files opened so far, found damaged: (gone or replaced, still there)."""
    done: list[Path] = []
    stuck: list[Path] = []
    for path, identity in dict(_opened).items():
        (done if _unlink_if_same(path, identity) else stuck).append(path)
    _opened.clear()
    return done, stuck


@contextmanager
def _build_lock(path: Path):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(str(path) + ".lock", "a")
    except OSError:
        yield False
        return
    locked = False
    try:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
        locked = True
    except (ImportError, OSError):
        pass
    try:
        yield locked  # True when this process alone may build now
    finally:
        handle.close()


def _remove_leftovers(path: Path) -> None:
    """Half-written index and build cache files of builds that were killed (only call holding the lock)."""
    for leftover in path.parent.glob(path.name + ".*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


def index_state(paths: list[str] | None, warn: Warn, in_memory: sqlite3.Connection | None = None) -> dict:
    """What `facts index` shows; `in_memory` is an index that could not be saved."""
    roots, location = resolve(paths)
    state: dict = {
        "path": ":memory:" if in_memory else str(location.path),
        "corpus": [str(r) for r in roots],
        "exists": in_memory is not None or location.path.is_file(),
        "current": False,
    }
    db = in_memory or open_readonly(location.path)
    if db is None:
        return state
    if in_memory is None:
        _remember(location.path)
    try:
        files = discover(roots, warn)
        changed = changed_files(db, files)
        state["current"] = not changed
        state["changed"] = len(changed)
        state["files"] = db.execute("SELECT count(*) FROM files").fetchone()[0]
        state["articles"] = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        state["sentences"] = db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        state["entities"] = db.execute("SELECT count(*) FROM entities").fetchone()[0]
        state["events"] = db.execute("SELECT count(*) FROM events").fetchone()[0]
        state["size"] = 0 if in_memory else os.path.getsize(location.path)
        built = db.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()
        state["built_at"] = int(built[0]) if built else None
    finally:
        if in_memory is None:
            db.close()
    return state
