"""The build cache beside an index: each article's extracted facts, keyed by its hash.

The facts are encoded as compact JSON (encode_facts) compressed with a preset dictionary.
The old cache is read by hash as the articles stream past; the new one is written as
results come and moved over the old one once the index is in place.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import zlib
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
        self.pending: list[tuple[bytes, bytes]] = []

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

    def get(self, h: bytes) -> bytes | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT facts FROM extractions WHERE hash = ?", (h,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row and isinstance(row[0], bytes) else None

    def add(self, h: bytes, blob: bytes) -> None:
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
                    # Keys come in no order, which leaves pages a third empty: packed, the
                    # file is an eighth smaller, for a few hundredths of a second.
                    self.db.execute("VACUUM")
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
    """The facts as compact JSON, deflated: lists in a fixed order rather than objects, and
    nothing the article itself tells again (decode_facts puts it back).

    A mention's, a time expression's and a role's evidence text are the article text at
    their offsets, and their article is the article: each is written only where it is not.
    A mention's type is 0 where it is its entity's. Sentences are (gap, length) pairs.
    """
    article = facts.article
    text, own = article.text, article.id
    sentences: list[int] = []
    end = 0
    for start, stop in facts.sentences:
        sentences += (start - end, stop - start)
        end = stop
    entities = []
    for e in facts.entities:
        mentions = [
            [m.start, m.end - m.start, m.sentence, 0 if m.type == e.type else m.type, *_unless(m.text, text[m.start : m.end])]
            for m in e.mentions
        ]
        roles = []
        for r in e.roles:
            ev = r.evidence
            told = ev.article == own and ev.text == text[ev.start : ev.end]
            roles.append([r.title, r.rule, ev.start, ev.end - ev.start, *(() if told else (ev.text, ev.article))])
        entities.append([e.name, e.type, e.aliases, roles, mentions, *_unless(e.article, own)])
    timexes = [
        [t.start, t.end - t.start, t.type, t.value, t.rule, t.anchor, t.mod, *_unless(t.text, text[t.start : t.end])]
        for t in facts.timexes
    ]
    data = json.dumps([sentences, entities, timexes], separators=(",", ":"), ensure_ascii=False).encode()
    packer = zlib.compressobj(6, zdict=_BLOB_DICTIONARY)
    return packer.compress(data) + packer.flush()


def _unless(value: str, told: str) -> tuple[str, ...]:
    """The value, unless it is what the article tells anyway."""
    return () if value == told else (value,)


def decode_facts(article: Article, blob: bytes) -> ArticleFacts:
    """The facts encode_facts wrote, equal to those it was given. Damage raises: zlib's
    checksum fails, or the JSON does not have the expected shape."""
    unpacker = zlib.decompressobj(zdict=_BLOB_DICTIONARY)
    data = unpacker.decompress(blob) + unpacker.flush()
    if not unpacker.eof:
        raise ValueError("truncated facts")
    gaps, raw_entities, raw_timexes = json.loads(data)
    text, own = article.text, article.id
    sentences: list[tuple[int, int]] = []
    end = 0
    for i in range(0, len(gaps), 2):
        start = end + gaps[i]
        end = start + gaps[i + 1]
        sentences.append((start, end))
    entities = []
    for name, kind, aliases, roles, mentions, *article_id in raw_entities:
        entities.append(Entity(
            name=name,
            type=kind,
            aliases=list(aliases),
            roles=[_role(r, text, own) for r in roles],
            mentions=[
                Mention(m[4] if len(m) > 4 else text[m[0] : m[0] + m[1]], kind if m[3] == 0 else m[3], m[0], m[0] + m[1], m[2])
                for m in mentions
            ],
            article=article_id[0] if article_id else own,
        ))
    timexes = [
        Timex(t[7] if len(t) > 7 else text[t[0] : t[0] + t[1]], t[0], t[0] + t[1], t[2], t[3], t[4], t[5], t[6])
        for t in raw_timexes
    ]
    return ArticleFacts(article, sentences, entities, timexes)


def _role(r: list, text: str, own: str) -> Role:
    title, rule, start, length = r[:4]
    end = start + length
    evidence = Evidence(r[5], r[4], start, end) if len(r) > 4 else Evidence(own, text[start:end], start, end)
    return Role(title, evidence, rule)


# Blobs are deflated with a preset dictionary of their own skeleton: the kinds of entity,
# the commonest role rules and time expressions as encode_facts writes them.
_BLOB_DICTIONARY = (
    '[[0,[],[],[["","person",[],[],[[,,0,0]]],["","place",[],[],[[,,0,0]]],["","organization",[],[],[[,,0,0]]],'
    '["","group",[],[],[[,,0,0]]],["","other",[],[],[[,,0,0]]],["","person",[],[["","title",,]],[[,,0,0]]],'
    '["","apposition",,]]],["","head-of",,]],[[,,"DURATION","P","duration",null,null],'
    '[,,"SET","","set_adverb",null,null],[,,"TIME","","deictic_part_of_day","dct:",null],'
    '[,,"DATE","","date_month_day_year",null,null],[,,"DATE","","date_month_year",null,null],'
    '[,,"DATE","","ref_present","dct:",null],[,,"DATE","","deictic_day","dct:",null],'
    '[,,"DATE","","date_weekday","dct:",null],[,,"DATE","","deictic_unit","dct:",null],'
    '[,,"DATE","","date_month_day","dct:",null],[,,"DATE","","date_month","dct:",null],'
    '[,,"DATE","","date_year",null,null]]]'
).encode()
