"""The build cache beside an index: each article's extracted facts, keyed by its hash.

The facts are encoded as JSON compressed with a preset dictionary. The old cache is read by
hash as the articles stream past; the new one is written as results come and moved over
the old one once the index is in place.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import zlib
from dataclasses import fields, is_dataclass
from pathlib import Path

from ..extract.pipeline import ArticleFacts
from ..models import Article, Entity, Evidence, Mention, Role, Timex
from .corpus import Warn
from .store import EXTRACTIONS_SCHEMA, extractions_path


class BuildCache:
    """The build cache: the old one read by content hash, a new one written as results come."""

    def __init__(self, db: sqlite3.Connection | None, path: Path | None = None, tmp: str | None = None) -> None:
        self.db = db
        self.path = path
        self.tmp = tmp
        self.failed: BaseException | None = None
        self.pending: list[tuple[str, bytes]] = []

    @classmethod
    def open_old(cls, index: Path) -> BuildCache:
        """The cache beside the index; a missing, unreadable or damaged one gives nothing."""
        path = extractions_path(index)
        if not path.is_file():
            return cls(None)
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            db.execute("SELECT hash, facts FROM extractions LIMIT 1").fetchall()
        except sqlite3.Error:
            return cls(None)
        return cls(db)

    @classmethod
    def create(cls, path: Path) -> BuildCache:
        cache = cls(None, path)
        try:
            fd, cache.tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
            os.close(fd)
            cache.db = sqlite3.connect(cache.tmp, check_same_thread=False)
            cache.db.execute("PRAGMA page_size = 8192")
            cache.db.execute("PRAGMA journal_mode = OFF")
            cache.db.execute("PRAGMA synchronous = OFF")
            cache.db.execute(EXTRACTIONS_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            cache._fail(exc)
        return cache

    def get(self, h: str) -> bytes | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT facts FROM extractions WHERE hash = ?", (h,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row and isinstance(row[0], bytes) else None

    def add(self, h: str, blob: bytes) -> None:
        if self.db is None:
            return
        self.pending.append((h, blob))
        if len(self.pending) >= 256:
            self._flush()

    def _flush(self) -> None:
        try:
            self.db.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?)", self.pending)
        except sqlite3.Error as exc:
            # Failing to keep the cache only costs the next build time: the build goes on.
            self._fail(exc)
        self.pending.clear()

    def _fail(self, exc: BaseException) -> None:
        self.failed = exc
        self.discard()

    def save(self, warn: Warn) -> None:
        """Move the new cache over the old one; if it could not be written, say so."""
        if self.db is not None:
            try:
                self._flush()
                if self.db is not None:
                    self.db.commit()
                    self.db.close()
                    self.db = None
                    os.replace(self.tmp, self.path)
                    return
            except (OSError, sqlite3.Error) as exc:
                self._fail(exc)
        if self.failed is not None:
            reason = getattr(self.failed, "strerror", None) or str(self.failed)
            warn(f"could not save the build cache {self.path} ({reason}); the next build extracts every article again")

    def discard(self) -> None:
        self.close()
        if self.tmp:
            _unlink(self.tmp)
            self.tmp = None

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def encode_facts(facts: ArticleFacts) -> bytes:
    payload = {
        "sentences": facts.sentences,
        "entities": [_plain(e) for e in facts.entities],
        "timexes": [_plain(t) for t in facts.timexes],
    }
    packer = zlib.compressobj(6, zdict=_BLOB_DICTIONARY)
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return _BLOB_MARK + packer.compress(data) + packer.flush()


def _unpack(blob: bytes) -> bytes:
    if blob.startswith(_BLOB_MARK):
        unpacker = zlib.decompressobj(zdict=_BLOB_DICTIONARY)
        return unpacker.decompress(blob[len(_BLOB_MARK) :]) + unpacker.flush()
    return zlib.decompress(blob)  # written before the dictionary


# Blobs are compressed with a preset dictionary of their own JSON skeleton: a fifth smaller
# than plain zlib. The mark cannot start a plain zlib stream (those start with 0x78).
_BLOB_MARK = b"\x00d1"
_BLOB_DICTIONARY = (
    '"timexes":[{"text":"","start":,"end":,"type":"DURATION","value":"P","rule":"","anchor":"dct:","mod":null},'
    '{"text":"","start":,"end":,"type":"DATE","value":"","rule":"","anchor":null,"mod":null}]}'
    '{"name":"","type":"other","aliases":[],"roles":[],"mentions":[{"text":"","type":"other","start":,"end":,"sentence":}],"article":""},'
    '{"name":"","type":"group","aliases":[],"roles":[],"mentions":[{"text":"","type":"group","start":,"end":,"sentence":}],"article":""},'
    '{"name":"","type":"place","aliases":[],"roles":[],"mentions":[{"text":"","type":"place","start":,"end":,"sentence":}],"article":""},'
    '{"name":"","type":"organization","aliases":[],"roles":[{"title":"","evidence":{"article":"","text":"","start":,"end":},"rule":"title"}],'
    '"mentions":[{"text":"","type":"organization","start":,"end":,"sentence":}],"article":""},'
    '{"sentences":[[0,"entities":[{"name":"","type":"person","aliases":[],"roles":[],"mentions":[{"text":"","type":"person","start":,"end":,"sentence":0}],"article":""},'
).encode()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value):
    """dataclasses.asdict without its deep copies: the same dicts, several times faster."""
    kind = type(value)
    if kind in _SCALARS:  # most values: asking is_dataclass of each was a quarter of the encoding
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if is_dataclass(value) and not isinstance(value, type):
            names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
        elif isinstance(value, (list, tuple)):
            return [_plain(v) for v in value]
        elif isinstance(value, dict):
            return {k: _plain(v) for k, v in value.items()}
        else:
            return value
    return {name: _plain(getattr(value, name)) for name in names}


def decode_facts(article: Article, blob: bytes) -> ArticleFacts:
    payload = json.loads(_unpack(blob))
    entities = []
    for e in payload["entities"]:
        entities.append(
            Entity(
                name=e["name"],
                type=e["type"],
                aliases=list(e["aliases"]),
                roles=[Role(r["title"], Evidence(**r["evidence"]), r["rule"]) for r in e["roles"]],
                mentions=[Mention(**m) for m in e["mentions"]],
                article=e["article"],
            )
        )
    timexes = [Timex(**t) for t in payload["timexes"]]
    return ArticleFacts(article, [tuple(s) for s in payload["sentences"]], entities, timexes)
