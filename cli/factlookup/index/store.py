"""The index file: where it lives, whether it is current, and opening it for queries."""

from __future__ import annotations

import os
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from .corpus import SourceFile

# Bump when the schema changes: older files are rebuilt. A change to what the extractors
# produce needs no bump: the index records the code that made it (code_stamp).
SCHEMA_VERSION = "11"

# The package's code and data that decide what an index holds: extraction and indexing.
_PACKAGE = Path(__file__).resolve().parent.parent
_MAKERS = ("extract", "index", "models.py", "records.py", "evidence.py")


def maker_paths() -> list[str]:
    """Every file of the makers, sorted: the modules, the models and word lists."""
    out = []
    for name in _MAKERS:
        path = os.path.join(_PACKAGE, name)
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                out.extend(os.path.join(folder, f) for f in files if not f.endswith(".pyc"))
        else:
            out.append(path)
    return sorted(out)


def maker_name(path: str) -> str:
    """A maker file's path inside the package: what the stamp and the digest name it by."""
    return os.path.relpath(path, _PACKAGE)


_stamp: str | None = None


def code_stamp() -> str:
    """The makers' names, sizes and modification times, hashed: cheap enough for every query
    (a stat of some eighty files), and different after an edit, an upgrade or a reinstall of
    the package, which makes the index stale. The build cache is keyed by their contents
    instead (build.code_digest), so a reinstall of the same code rebuilds the index without
    extracting again."""
    global _stamp
    if _stamp is None:
        crc = 0
        for path in maker_paths():
            st = os.stat(path)
            crc = zlib.crc32(f"{maker_name(path)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(), crc)
        _stamp = f"{crc:08x}"
    return _stamp


# How copies of a story were folded when the index was built (meta 'duplicates', duplicates.py).
FOLD_NEAR, FOLD_EXACT, FOLD_OFF = "near", "exact", "off"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, hash TEXT);
-- An article's sentences are the rowids first_sentence .. first_sentence + sentence_count - 1;
-- the text goes last, as it mostly lies in overflow pages; it is packed (pack_texts).
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, date TEXT,
    source TEXT, url TEXT, author TEXT, first_sentence INTEGER, sentence_count INTEGER, text TEXT);
CREATE TABLE sentences (rowid INTEGER PRIMARY KEY, article INTEGER, start INTEGER, "end" INTEGER);
CREATE VIRTUAL TABLE sentence_text USING fts5(
    text, content='', tokenize="unicode61 remove_diacritics 2", detail=full);
CREATE VIRTUAL TABLE vocabulary USING fts5vocab(sentence_text, row);
CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT, type TEXT, mentions INTEGER, articles INTEGER);
CREATE TABLE names (key TEXT, entity INTEGER, surface TEXT, canonical INTEGER);
CREATE TABLE roles (entity INTEGER, title TEXT, rule TEXT, sentence INTEGER);
-- One row per entity and sentence it is mentioned in; start is where its first mention there begins.
CREATE TABLE mentions (
    sentence INTEGER, entity INTEGER, start INTEGER, PRIMARY KEY (sentence, entity)) WITHOUT ROWID;
-- A sentence's events in the order they were found (n). Kept small: date and sort_key are
-- NULL where they equal the value; type, rule and anchor are rows of `labels`; start is
-- the time expression's offset from its sentence's start; phrase is NULL where it is the
-- article text from start to start + length. query/when.py reads them back whole.
CREATE TABLE events (
    sentence INTEGER, n INTEGER, value TEXT, date TEXT, sort_key TEXT, type INTEGER,
    rule INTEGER, anchor INTEGER, start INTEGER, length INTEGER, phrase TEXT, durations TEXT,
    PRIMARY KEY (sentence, n)) WITHOUT ROWID;
-- The few strings events repeat (types, rules, anchors), each once.
CREATE TABLE labels (id INTEGER PRIMARY KEY, text TEXT);
-- The full-text vocabulary with each word's sentence count, and per length the words that
-- can be misspelt (no digits), newline-joined: a close-spelling search reads a few rows.
CREATE TABLE terms (term TEXT PRIMARY KEY, docs INTEGER) WITHOUT ROWID;
CREATE TABLE term_lengths (length INTEGER PRIMARY KEY, terms TEXT);
-- The words of every name, and per length those words newline-joined with, in the same
-- order, where each first appears among the names (so ties rank as a scan of names would).
CREATE TABLE name_words (word TEXT, entity INTEGER, PRIMARY KEY (word, entity)) WITHOUT ROWID;
CREATE TABLE name_word_lengths (length INTEGER PRIMARY KEY, words TEXT, orders TEXT);
-- Articles folded into an earlier copy of the same story (duplicates.py): listed, not indexed.
CREATE TABLE duplicates (article TEXT PRIMARY KEY, original TEXT, "match" TEXT, similarity REAL) WITHOUT ROWID;
"""

INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_entity ON names(entity);
CREATE INDEX roles_entity ON roles(entity);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE UNIQUE INDEX articles_id ON articles(id);
"""


class Location(NamedTuple):
    """Where a corpus's index file is, and the corpus roots it is for."""

    path: Path
    roots: tuple[str, ...]


def cache_dir() -> Path:
    override = os.environ.get("FACTS_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("factlookup", appauthor=False))


def extractions_path(index: Path) -> Path:
    """The build cache beside an index: each article's extracted facts by content hash.

    Only builds read it, to extract again just the articles that changed; queries never do.
    Losing it costs a full extraction on the next build, nothing more.
    """
    return index.with_name(index.name + ".extractions")


# Keyed by the article's 16-byte digest, stored once: the table is its own key's index.
EXTRACTIONS_SCHEMA = "CREATE TABLE extractions (hash BLOB PRIMARY KEY, facts BLOB) WITHOUT ROWID;"


try:
    # hashlib's digests without loading OpenSSL, which costs a query more than its work
    from _sha1 import sha1 as _sha1
except ImportError:
    from hashlib import sha1 as _sha1


def locate(roots: list[Path]) -> Location:
    names = tuple(str(r) for r in roots)
    digest = _sha1("\0".join(names).encode()).hexdigest()[:16]
    return Location(cache_dir() / f"index-{digest}.sqlite", names)


# Words shorter than this, or holding a digit, are never read as misspellings.
SPELLABLE_MIN_LENGTH = 2
_DIGITS = re.compile(r"\d")


def fill_vocabulary(db: sqlite3.Connection) -> None:
    """Fill `terms` and `term_lengths` from the full-text index, once it is complete."""
    db.execute("INSERT INTO terms (term, docs) SELECT term, doc FROM vocabulary")
    by_length: dict[int, list[str]] = {}
    for (term,) in db.execute("SELECT term FROM terms"):
        if len(term) >= SPELLABLE_MIN_LENGTH and not _DIGITS.search(term):
            by_length.setdefault(len(term), []).append(term)
    db.executemany(
        "INSERT INTO term_lengths VALUES (?, ?)", [(n, "\n".join(ts)) for n, ts in sorted(by_length.items())]
    )


def fill_name_words(db: sqlite3.Connection) -> None:
    """Fill `name_words` and `name_word_lengths` from the names, once they are written."""
    rows: list[tuple[str, int]] = []
    first: dict[str, int] = {}
    for key, entity in db.execute("SELECT key, entity FROM names ORDER BY rowid"):
        for w in key.split():
            first.setdefault(w, len(first))
            rows.append((w, entity))
    db.executemany("INSERT INTO name_words VALUES (?, ?)", sorted(set(rows)))
    by_length: dict[int, list[tuple[str, int]]] = {}
    for w, order in first.items():
        by_length.setdefault(len(w), []).append((w, order))
    db.executemany(
        "INSERT INTO name_word_lengths VALUES (?, ?, ?)",
        [(n, "\n".join(w for w, _ in ws), " ".join(str(o) for _, o in ws)) for n, ws in by_length.items()],
    )


# Article texts are stored deflated with a preset dictionary of the corpus's own text (about
# 40% of their size; a fifth less than without it), a text that would not shrink as it is.
TEXT_DICTIONARY_BYTES = 32 * 1024
TEXT_DICTIONARY_SAMPLES = 200
# On Reuters, level 5 deflates the texts in 0.6 of level 9's time to 1.4% more bytes.
TEXT_LEVEL = 5


def pack_texts(db: sqlite3.Connection, texts: Sequence[str]) -> Callable[[str], str | bytes]:
    """Save the texts' dictionary in meta; the function that packs each of them."""
    step = max(1, len(texts) // TEXT_DICTIONARY_SAMPLES)
    dictionary = "".join(texts[::step]).encode("utf-8")[-TEXT_DICTIONARY_BYTES:]
    db.execute("INSERT INTO meta VALUES ('text_dictionary', ?)", (dictionary,))

    # Loading a dictionary costs as much as deflating a short story: load it once, copy after.
    primed = zlib.compressobj(TEXT_LEVEL, zlib.DEFLATED, -15, zdict=dictionary) if dictionary else zlib.compressobj(TEXT_LEVEL, zlib.DEFLATED, -15)

    def pack(text: str) -> str | bytes:
        raw = text.encode("utf-8")
        packer = primed.copy()
        packed = packer.compress(raw) + packer.flush()
        return packed if len(packed) < len(raw) else text

    return pack


def read_labels(db: sqlite3.Connection) -> dict[int | None, str | None]:
    """The strings events refer to by number (`labels`); None stays None."""
    labels: dict[int | None, str | None] = dict(db.execute("SELECT id, text FROM labels"))
    labels[None] = None
    return labels


def folding_of(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'duplicates'").fetchone()
    return row[0] if row else None


def add_functions(db: sqlite3.Connection) -> sqlite3.Connection:
    """SQL functions every reader of the index needs: article_text(articles.rowid, articles.text)."""
    recent: dict[int, str] = {}
    dictionary: list[bytes] = []  # read from meta on the first packed text

    def article_text(rowid: int, stored: str | bytes | None) -> str | None:
        if not isinstance(stored, bytes):
            return stored
        text = recent.get(rowid)
        if text is None:
            if len(recent) >= 64:
                recent.clear()
            if not dictionary:
                row = db.execute("SELECT value FROM meta WHERE key = 'text_dictionary'").fetchone()
                dictionary.append(bytes(row[0]) if row and row[0] else b"")
            unpacker = zlib.decompressobj(-15, zdict=dictionary[0]) if dictionary[0] else zlib.decompressobj(-15)
            text = recent[rowid] = (unpacker.decompress(stored) + unpacker.flush()).decode("utf-8")
        return text

    db.create_function("article_text", 2, article_text, deterministic=True)
    return db


# How much of an index a query maps into memory instead of reading it (SQLite's mmap_size).
READ_MAP_BYTES = 1 << 30


def open_readonly(path: Path) -> sqlite3.Connection | None:
    """The index if it exists and is a sound index of this schema version, made by this
    code (code_stamp), else None."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        # A query reads scattered pages once each: mapped, they are not copied in one read
        # call each. A rebuild replaces the file, never writes into it, so the map stays sound.
        db.execute(f"PRAGMA mmap_size = {READ_MAP_BYTES}")
        made = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'code')"))
        if made.get("schema") != SCHEMA_VERSION or made.get("code") != code_stamp():
            db.close()
            return None
        return add_functions(db)
    except sqlite3.DatabaseError:
        return None


# The fewest variables one statement may hold on any SQLite in use: 999 before 3.32 (still
# common on older systems and macOS), 32,766 after unless built lower. Lists of any length
# go through select_in, in batches that stay under it.
MAX_VARIABLES = 999


def marks(count: int) -> str:
    """The placeholders of an IN list of `count` values, at most MAX_VARIABLES of them."""
    if not 0 < count <= MAX_VARIABLES:
        raise ValueError(f"an IN list takes 1 to {MAX_VARIABLES} values, not {count}")
    return ",".join("?" * count)


def select_in(
    db: sqlite3.Connection, sql: str, values: Iterable, before: Sequence = (), after: Sequence = ()
) -> Iterator[tuple]:
    """Rows of `sql` for every value, its `{marks}` filled with as many values as fit at once.

    `before` and `after` are the statement's other parameters, around the list. Rows come
    batch by batch in the order of the values: an ORDER BY sorts within a batch only.
    """
    values = list(values)
    size = MAX_VARIABLES - len(before) - len(after)
    for i in range(0, len(values), size):
        batch = values[i : i + size]
        yield from db.execute(sql.format(marks=marks(len(batch))), [*before, *batch, *after])


def stored_files(db: sqlite3.Connection) -> dict[str, tuple[int, int, str]]:
    return {p: (s, m, h) for p, s, m, h in db.execute("SELECT path, size, mtime_ns, hash FROM files")}


def file_hash(path: str) -> str:
    try:  # only for a file whose time changed: not loaded by a query on a current index
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b
    digest = blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def changed_files(db: sqlite3.Connection, files: list[SourceFile]) -> list[str]:
    """Paths added, removed or changed since the index was built.

    Size and mtime decide; when only the mtime moved, the content hash has the last word, so
    a touched or copied-back file does not force a rebuild.
    """
    stored = stored_files(db)
    changed: list[str] = []
    current = set()
    for f in files:
        current.add(f.path)
        old = stored.get(f.path)
        if old is None or old[0] != f.size:
            changed.append(f.path)
        elif old[1] != f.mtime_ns:
            try:
                if file_hash(f.path) != old[2]:
                    changed.append(f.path)
            except OSError:
                changed.append(f.path)
    changed.extend(p for p in stored if p not in current)
    return changed

