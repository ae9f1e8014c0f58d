"""Getting a current index for a corpus: reuse the cached file, or build it under a lock.

This layer also decides what a database error means. Only SQLite's own corruption codes, or
a failed integrity check, make an index damaged: it is discarded and built again. Any other
error is a fault in the query, reported as such, and the index is kept.
"""

from __future__ import annotations

import gc
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ..status import FactsError
from .corpus import SourceFile, Warn, corpus_roots, discover
from .store import FOLD_OFF, Location, changed_files, folding_of, locate, open_readonly

ProgressFactory = Callable[[int], Callable[[int, int], None] | None]

# SQLite's primary result codes that mean the file itself is bad (extended codes such as
# SQLITE_CORRUPT_VTAB carry these in their low byte).
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_DAMAGE_MESSAGES = ("malformed", "file is not a database", "corrupt")


class IndexDamaged(Exception):
    """The index file is damaged; it has been discarded when `discarded` is True."""

    def __init__(self, path: Path | None, reason: str, discarded: bool) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason
        self.discarded = discarded


class IndexQueryError(FactsError):
    """A query failed on a sound index: a fault in the query, never the index's."""


class IndexFile(NamedTuple):
    """An open index file, with how it came to be and which file it was."""

    db: sqlite3.Connection
    location: Location
    built: object | None = None  # the BuildReport when this call built it
    identity: tuple[int, int, int] | None = None  # the file as opened; None in memory
    files: list[SourceFile] | None = None  # the article files found when it was opened


def resolve(paths: list[str] | None) -> tuple[list[Path], Location]:
    roots = corpus_roots(paths)
    return roots, locate(roots)


def open_index(
    paths: list[str] | None,
    warn: Warn,
    rebuild: bool = False,
    progress: ProgressFactory | None = None,
    lock_timeout: float | None = None,
    keep_duplicates: bool = False,
    scheduler: str | None = None,
) -> IndexFile:
    """The current index of the corpus, built first when there is none or it is stale;
    `scheduler` (else FACTS_SCHEDULER) names a Dask scheduler to extract on."""
    roots, location = resolve(paths)
    files = discover(roots, warn)  # the one walk of the corpus in this call
    if not rebuild:
        index = _reuse_if_current(location, roots, files, warn, keep_duplicates)
        if index:
            return index
    from .lock import build_lock  # only to build: a query on a current index takes no lock

    gc.enable()  # a build holds the whole corpus; `facts` starts with the collector off

    with build_lock(location.path, warn, lock_timeout) as locked:
        if locked:
            _remove_leftovers(location.path)
        if not rebuild:
            # Another process may have finished the same build while this one waited.
            index = _reuse_if_current(location, roots, files, lambda _m: None, keep_duplicates)
            if index:
                return index
        from .build import build
        from .scheduler import dask_executor, scheduler_address

        callback = progress(len(files)) if progress else None
        address = scheduler_address(scheduler)
        executor = dask_executor(address) if address else None
        # A damaged build cache beside the index only means extracting those articles again.
        db, report = build(files, location, warn, callback, executor=executor, keep_duplicates=keep_duplicates)
        _warn_if_empty(roots, files, warn)
        identity = None if report.in_memory else _identity(location.path)
        return IndexFile(db, location, report, identity, files)


def _reuse_if_current(
    location: Location, roots: list[Path], files: list[SourceFile], warn: Warn, keep_duplicates: bool
) -> IndexFile | None:
    """The saved index when no article file changed since it was built, and it folded
    duplicates or kept them as asked."""
    identity = _identity(location.path)
    db = open_readonly(location.path)
    if db is None:
        return None
    try:
        if _keeps_duplicates(db) == keep_duplicates and not changed_files(db, files):
            _warn_if_empty(roots, files, warn)
            return IndexFile(db, location, None, identity, files)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc, db):
            db.close()
            raise IndexQueryError(_sentence(exc)) from None
        # damaged: the build replaces it
    db.close()
    return None


def _keeps_duplicates(db: sqlite3.Connection) -> bool:
    return folding_of(db) == FOLD_OFF


def _warn_if_empty(roots: list[Path], files: list, warn: Warn) -> None:
    if not files:
        from .corpus import ARTICLE_SUFFIXES

        kinds = ", ".join(ARTICLE_SUFFIXES)
        warn(f"no article files ({kinds}) in {', '.join(str(r) for r in roots)}")


def is_damage(exc: BaseException, db: sqlite3.Connection | None = None) -> bool:
    """Whether a database error means the file is damaged, rather than the query faulty.

    SQLite's corruption codes say so at once; for any other error an integrity check of
    the file decides.
    """
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        if code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return True
    elif any(m in str(exc).lower() for m in _DAMAGE_MESSAGES):
        return True  # Python before 3.11 gives no error code
    return db is not None and not _passes_integrity_check(db)


def _passes_integrity_check(db: sqlite3.Connection) -> bool:
    try:
        return db.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False


def _sentence(exc: BaseException) -> str:
    reason = str(exc).rstrip(".") or type(exc).__name__
    return f"the query failed on the index ({reason}); the index is kept as it is"


@contextmanager
def reading(index: IndexFile) -> Iterator[None]:
    """Run queries on the index: a damaged file is discarded and reported as IndexDamaged,
    any other database error is an IndexQueryError, and the file is kept."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc, index.db):
            raise IndexQueryError(_sentence(exc)) from None
        reason = str(exc).rstrip(".") or type(exc).__name__
        if index.identity is None:
            raise IndexDamaged(None, reason, False) from None
        index.db.close()
        discarded = _unlink_if_same(index.location.path, index.identity)
        raise IndexDamaged(index.location.path, reason, discarded) from None


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns


def _unlink_if_same(path: Path, identity: tuple[int, int, int]) -> bool:
    """Remove the file if it is still the one opened; True if it is gone or replaced.

    Never a file that another process has rebuilt in the meantime.
    """
    from .lock import build_lock

    with build_lock(path):
        if _identity(path) != identity:
            return True
        try:
            os.unlink(path)
        except OSError:
            return False
        return True


def _remove_leftovers(path: Path) -> None:
    """Half-written index and build cache files of builds that were killed (only call holding the lock)."""
    for leftover in path.parent.glob(path.name + ".*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


def index_state(
    paths: list[str] | None, warn: Warn, built: IndexFile | None = None, keep_duplicates: bool = False
) -> dict:
    """What `facts index` shows; `built` is the index this call just built, if any."""
    in_memory = built.db if built is not None and built.identity is None else None
    if built is not None and in_memory is None:
        built.db.close()  # saved: read back from the file like any other
    roots, location = resolve(paths)
    state: dict = {
        "path": ":memory:" if in_memory else str(location.path),
        "corpus": [str(r) for r in roots],
        "exists": in_memory is not None or location.path.is_file(),
        "current": False,
    }
    identity = None if in_memory else _identity(location.path)
    db = in_memory or open_readonly(location.path)
    if db is None:
        return state
    index = IndexFile(db, location, None, identity)
    try:
        with reading(index):
            # the walk this call made to build the index, else a walk of its own
            files = built.files if built is not None and built.files is not None else discover(roots, warn)
            changed = changed_files(db, files)
            state["current"] = not changed and _keeps_duplicates(db) == keep_duplicates
            state["changed"] = len(changed)
            state["files"] = db.execute("SELECT count(*) FROM files").fetchone()[0]
            state["articles"] = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            other = db.execute("SELECT value FROM meta WHERE key = 'not_english'").fetchone()
            state["not_english"] = int(other[0]) if other else 0
            state["sentences"] = db.execute("SELECT count(*) FROM sentences").fetchone()[0]
            state["entities"] = db.execute("SELECT count(*) FROM entities").fetchone()[0]
            state["events"] = db.execute("SELECT count(*) FROM events").fetchone()[0]
            state["size"] = 0 if in_memory else os.path.getsize(location.path)
            built_at = db.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()
            state["built_at"] = int(built_at[0]) if built_at else None
            state["folding"] = folding_of(db)
            from .duplicates import copies_by_original

            state["duplicates"] = copies_by_original(db)
    finally:
        if in_memory is None:
            db.close()
    return state
