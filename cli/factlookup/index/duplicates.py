"""Copies of one story: exact (the same words) and near (MinHash LSH over word shingles).

A build shows each article to a DuplicateFinder once, in corpus order, before extracting
anything; the finder keeps a content hash and a MinHash signature per article, never its
text. `copies()` then decides, earliest article first (by date, then corpus order), which
articles are copies and of which kept article, so the build can skip each copy as the
articles stream past.

Near copies need numpy (the optional `near-duplicates` extra); without it only exact copies
fold.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..records import Article

EXACT, NEAR = "exact", "near"

# How the index was built: near and exact copies folded, exact only, or none.
from .store import FOLD_EXACT, FOLD_NEAR, FOLD_OFF, folding_of  # noqa: F401 - the folding modes live with the meta table

# Two articles are one story from this Jaccard similarity of their word shingles.
NEAR_THRESHOLD = 0.9
SHINGLE_WORDS = 3
PERMUTATIONS = 128
# Candidates share one of BANDS runs of ROWS signature values: for NEAR_THRESHOLD and
# PERMUTATIONS, the banding that weighs false positives and false negatives alike (the
# area under each error's curve), as MinHash LSH chooses it. A pair at 0.9 similarity is a
# candidate with probability 1 - (1 - 0.9**25)**5 = 0.31, at 0.95 with 0.80, at 0.98 with 0.99.
BANDS, ROWS = 5, 25
# A text with fewer shingles folds only when exactly equal. One word changed inside it
# changes SHINGLE_WORDS of them, below NEAR_THRESHOLD anyway; one changed at an edge changes
# one, and in a notice that short it is a different notice (another date, another company).
MIN_NEAR_SHINGLES = 20

_WORD = re.compile(r"\w+")


class Copy(NamedTuple):
    """An article found to be a copy of an earlier one."""

    article: str  # the copy's id
    original: str  # the id of the article kept in its place
    match: str  # EXACT or NEAR
    similarity: float  # estimated Jaccard similarity of their shingles; 1.0 when exact


class _Seen(NamedTuple):
    """What the finder keeps of an article until it decides: its hash and signature."""

    position: int
    id: str
    date: str | None
    digest: bytes
    signature: bytes | None  # the MinHash values, 32 bits each; None when too short or exact only


def near_folding_available() -> bool:
    from importlib.util import find_spec

    return find_spec("numpy") is not None


# Every byte but a-z, 0-9 and "_" made a space: for ASCII text, the words _WORD finds.
_WORD_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 or c == 95 else 32 for c in range(256))


def words(text: str) -> list[str]:
    folded = text.casefold()
    if folded.isascii():
        return folded.encode("ascii").translate(_WORD_BYTES).decode("ascii").split()
    return _WORD.findall(folded)


class DuplicateFinder:
    """Collects one fingerprint per article, then decides which are copies."""

    def __init__(self, near: bool = True) -> None:
        import hashlib  # here, not at the top: queries read the folding state and load no OpenSSL

        self._blake2b = hashlib.blake2b
        self.near = near and near_folding_available()
        self._seen: list[_Seen] = []
        self._permutations = None

    @property
    def folding(self) -> str:
        return FOLD_NEAR if self.near else FOLD_EXACT

    def add(self, position: int, article: Article) -> None:
        """Take one article's fingerprint; `position` is its place in corpus order."""
        # The title counts: a short body (a dividend notice) may name its company only there.
        tokens = words(article.title) + words(article.text)
        joined = " ".join(tokens).encode("utf-8", "surrogatepass")
        digest = self._blake2b(joined, digest_size=16).digest()
        signature = None
        if self.near and len(tokens) - SHINGLE_WORDS + 1 >= MIN_NEAR_SHINGLES:
            signature = self._signature(joined.split(b" "))
        if tokens:  # an article with no words is no story to compare
            self._seen.append(_Seen(position, article.id, article.date, digest, signature))

    def copies(self) -> dict[int, Copy]:
        """The copies by corpus position; every other article is kept."""
        bands: list[dict[bytes, list[int]]] | None = None
        if self.near and any(s.signature for s in self._seen):
            bands = [{} for _ in range(BANDS)]
        kept: dict[int, tuple[int, object]] = {}  # position -> (rank in earliest-first order, signature)
        by_digest: dict[bytes, tuple[str, str, float]] = {}  # digest -> (original, match, similarity)
        ids: dict[int, str] = {}
        out: dict[int, Copy] = {}
        for seen in sorted(self._seen, key=_earliest_first):
            ids[seen.position] = seen.id
            known = by_digest.get(seen.digest)
            if known is not None:
                original, match, similarity = known
                out[seen.position] = Copy(seen.id, original, match, similarity)
                continue
            signature = seen.signature if bands is not None else None
            best = None
            if signature:
                keys, values = _bands(signature), _values(signature)
                best = _closest(keys, values, bands, kept)
            if best is not None:
                position, similarity = best
                original = ids[position]
                out[seen.position] = Copy(seen.id, original, NEAR, similarity)
                by_digest[seen.digest] = (original, NEAR, similarity)
                continue
            by_digest[seen.digest] = (seen.id, EXACT, 1.0)
            if signature:
                for band, bucket in zip(keys, bands):
                    bucket.setdefault(band, []).append(seen.position)
                kept[seen.position] = (len(kept), values)
        self._seen = []
        return out

    def _signature(self, tokens: list[bytes]) -> bytes:
        import numpy as np

        if self._permutations is None:
            self._permutations = _affine_permutations()
        a, b = self._permutations
        # Each word is hashed once and a shingle's hash is mixed from its words' hashes, so no
        # shingle is ever spelled out: a per-shingle hash in Python was most of this pass.
        # Each permutation is a*h + b mod 2^32 of the mixed hash, a odd: a bijection.
        word = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint32, count=len(tokens))
        count = len(tokens) - SHINGLE_WORDS + 1
        shingle = word[:count]
        for k in range(1, SHINGLE_WORDS):  # the multiplier tells "a b c" from "b a c"
            shingle = _mix(shingle * _ODD ^ word[k : k + count])
        for_each_permutation = np.unique(shingle)[:, None] * a + b
        return for_each_permutation.min(axis=0).tobytes()


def _affine_permutations():
    """PERMUTATIONS random affine maps of 32-bit hashes (a odd, b any), seeded: the same every
    build."""
    import numpy as np

    draw = np.random.RandomState(1)
    a = draw.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def _values(signature: bytes):
    import numpy as np

    return np.frombuffer(signature, dtype=np.uint32)


def _bands(signature: bytes) -> list[bytes]:
    width = ROWS * 4  # bytes of ROWS 32-bit values
    return [signature[i * width : (i + 1) * width] for i in range(BANDS)]


# An odd multiplier: a bijection mod 2^32.
_ODD = 0x9E3779B1


def _mix(hashes):
    """The MurmurHash3 32-bit finish, on every hash of a numpy uint32 array (wrapping is the
    mod 2^32 it means)."""
    hashes = hashes ^ (hashes >> 16)
    hashes = hashes * 0x85EBCA6B
    hashes = hashes ^ (hashes >> 13)
    hashes = hashes * 0xC2B2AE35
    return hashes ^ (hashes >> 16)


def _earliest_first(seen: _Seen) -> tuple[int, str, int]:
    # An undated article comes after every dated one: of two copies, the one that says
    # when it was published is kept.
    return (0, seen.date, seen.position) if seen.date else (1, "", seen.position)


def _closest(
    keys: list[bytes], values, bands: list[dict[bytes, list[int]]], kept: dict[int, tuple[int, object]]
) -> tuple[int, float] | None:
    """The kept article most like this one (its signature's band keys and values), at
    NEAR_THRESHOLD or above; the earliest of equals. Similarity is the share of equal
    signature values, the MinHash estimate of Jaccard's."""
    import numpy as np

    candidates: set[int] = set()
    for band, bucket in zip(keys, bands):
        candidates.update(bucket.get(band, ()))
    if not candidates:
        return None
    best: tuple[float, int, int] | None = None  # (-similarity, rank, position)
    for position in candidates:
        rank, other = kept[position]
        similarity = float(np.count_nonzero(values == other)) / PERMUTATIONS
        if similarity >= NEAR_THRESHOLD and (best is None or (-similarity, rank) < best[:2]):
            best = (-similarity, rank, position)
    return None if best is None else (best[2], -best[0])


def find_copies(articles: Iterable[Article], near: bool = True) -> tuple[dict[int, Copy], str]:
    """The copies among articles in corpus order, by position, and how they were found (FOLD_*)."""
    finder = DuplicateFinder(near)
    for position, article in enumerate(articles):
        finder.add(position, article)
    return finder.copies(), finder.folding


def write_copies(db: sqlite3.Connection, copies: Iterable[Copy], folding: str) -> None:
    """Record the copies in the index (store.SCHEMA's `duplicates` table) and how they were found."""
    db.execute("INSERT INTO meta VALUES ('duplicates', ?)", (folding,))
    db.executemany(
        "INSERT INTO duplicates VALUES (?, ?, ?, ?)", [(c.article, c.original, c.match, round(c.similarity, 4)) for c in copies]
    )


def copies_by_original(db: sqlite3.Connection) -> list[dict]:
    """Each kept article that has copies, with them: the `duplicates` field of `facts index --json`."""
    groups: dict[str, list[dict]] = {}
    rows = db.execute(
        'SELECT d.article, d.original, d."match", d.similarity FROM duplicates d '
        "LEFT JOIN articles a ON a.id = d.original ORDER BY a.rowid, d.article"
    )
    for article, original, match, similarity in rows:
        groups.setdefault(original, []).append({"article": article, "match": match, "similarity": similarity})
    return [{"article": original, "copies": copies} for original, copies in groups.items()]
