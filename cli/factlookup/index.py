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
    if not rebuild:
        db = open_readonly(location.path)
        if db is not None:
            try:
                if not changed_files(db, discover(roots, warn)):
                    return Index(db, location)
            except sqlite3.DatabaseError:
                pass
            db.close()
    with _build_lock(location.path):
        if not rebuild:
            # Another process may have finished the same build while this one waited.
            db = open_readonly(location.path)
            if db is not None:
                try:
                    if not changed_files(db, discover(roots, lambda _m: None)):
                        return Index(db, location)
                except sqlite3.DatabaseError:
                    pass
                db.close()
        from .build import build

        files = discover(roots, lambda _m: None)
        callback = progress(len(files)) if progress else None
        db, report = build(roots, location, warn, callback)
        return Index(db, location, report)


@contextmanager
def _build_lock(path: Path):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(str(path) + ".lock", "a")
    except OSError:
        yield
        return
    try:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
    except (ImportError, OSError):
        pass
    try:
        yield
    finally:
        handle.close()


def index_state(paths: list[str] | None, warn: Warn) -> dict:
    roots, location = resolve(paths)
    state: dict = {
        "path": str(location.path),
        "corpus": [str(r) for r in roots],
        "exists": location.path.is_file(),
        "current": False,
    }
    db = open_readonly(location.path)
    if db is None:
        return state
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
        state["size"] = os.path.getsize(location.path)
        built = db.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()
        state["built_at"] = int(built[0]) if built else None
    finally:
        db.close()
    return state
