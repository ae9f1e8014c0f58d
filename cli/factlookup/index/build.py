"""Building the index: stream the articles, extract what changed, write SQLite as results come.

Articles are read lazily, file by file, and extracted in batches of CHUNK on an executor:
the local process pool by default, or a Dask cluster (index/scheduler.py). At most a few
batches per worker are in flight, and each result is written to the index as soon as the
batches before it are: an article's row, sentences, full-text entries and events. Each
article's entities, which linking needs across the corpus, are spilled to a temporary file
as they come; linking then holds each distinct entity once, with the number of articles
that name it so (HeldEntities), so memory grows with the names a corpus holds, not with
its size.

The new index is written beside the old one and moved over it in one rename, so a build
that dies midway leaves the previous index as it was. Each article's extracted facts are
kept in a build cache beside the index (store.extractions_path), written as they come and
moved over the old one after the index, so the next build extracts again only the articles
that changed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace

from ..extract.language import is_english, no_guessing
from ..extract.pipeline import ArticleFacts, extract
from ..models import Article
from ..status import FactsError
from .boilerplate import find_boilerplate
from .corpus import SourceFile, Warn, load
from .duplicates import FOLD_OFF, Copy, find_copies, write_copies
from .entities import HeldEntities, held_entities, write_entities
from .extractions import BuildCache, decode_facts, encode_facts
from .store import (
    INDEXES,
    SCHEMA,
    SCHEMA_VERSION,
    TEXT_DICTIONARY_SAMPLES,
    Location,
    add_functions,
    code_stamp,
    extractions_path,
    file_hash,
    fill_name_words,
    fill_vocabulary,
    maker_name,
    maker_paths,
    pack_texts,
)
from .workers import collecting_less, event_rows, extract_batch, local_pool, settle

Progress = Callable[[int, int], None]
# Makes the executor extraction runs on, given how many local workers were asked for; the
# build shuts it down. None: the local process pool.
ExecutorFactory = Callable[[int], Executor]

# Below this many articles to extract, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
CHUNK = 64
# Batches in flight per worker: enough to keep it busy while the builder writes, few enough
# that memory does not grow with the corpus.
BATCHES_PER_WORKER = 3


@dataclass(frozen=True, slots=True)
class BuildReport:
    path: str
    files: int
    articles: int
    extracted: int
    reused: int
    entities: int
    events: int
    seconds: float
    in_memory: bool = False
    copies: int = 0  # articles folded into an earlier copy of the same story


@dataclass(slots=True)
class Extracted:
    """What the builder needs of one article's extraction: the facts to write, the events
    they give, and their encoded form for the build cache."""

    facts: ArticleFacts
    events: list[tuple]
    hash: bytes  # article_hash: the key of its facts in the build cache
    blob: bytes
    fresh: bool  # extracted in this build, not taken from the build cache


_digest: str | None = None


def code_digest() -> str:
    """The contents of the code and data that make an index (store.maker_paths), hashed: an
    article's facts in the build cache are reused only by the code that extracted them."""
    global _digest
    if _digest is None:
        digest = hashlib.blake2b(digest_size=16)
        for path in maker_paths():
            digest.update(maker_name(path).encode())
            with open(path, "rb") as fh:
                digest.update(fh.read())
        _digest = digest.hexdigest()
    return _digest


def article_hash(article: Article) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in (SCHEMA_VERSION, code_digest(), article.id, article.date or "", article.language or "", article.text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.digest()


def build(
    files: list[SourceFile],
    location: Location,
    warn: Warn,
    progress: Progress | None = None,
    workers: int | None = None,
    executor: ExecutorFactory | None = None,
    keep_duplicates: bool = False,
) -> tuple[sqlite3.Connection, BuildReport]:
    """Build the index of the corpus's article files (as corpus.discover found them) and
    return an open connection to it."""
    with collecting_less():
        return _build(files, location, warn, progress, workers, executor, keep_duplicates)


def _build(
    files: list[SourceFile],
    location: Location,
    warn: Warn,
    progress: Progress | None,
    workers: int | None,
    executor: ExecutorFactory | None,
    keep_duplicates: bool,
) -> tuple[sqlite3.Connection, BuildReport]:
    started = time.perf_counter()
    copies, folding = _find_copies(files, keep_duplicates)
    db, path, in_memory = _new_database(location, warn)
    old_cache = BuildCache.open_old(location.path)
    new_cache = None if in_memory else BuildCache.create(extractions_path(location.path))
    try:
        with _file_size_errors_not_fatal():
            writer = IndexWriter(db, location)
            articles = _without(copies, _stream_articles(files, warn, writer.add_file))
            total = _ProgressTotal(files, progress)
            # closing(): a failed write stops the workers at once, not when the stream is collected.
            with closing(_extract_stream(articles, old_cache, workers, executor, total)) as extracted:
                for item in extracted:
                    writer.add(item)
                    if new_cache is not None:
                        new_cache.add(item.hash, item.blob)
                    total.done()
            counts = writer.finish()
            write_copies(db, copies.values(), folding)
            db.commit()
            if path:
                db.execute("VACUUM")  # merging the full-text segments left free pages behind
                db.close()
                os.replace(path, location.path)
    except BaseException as exc:
        db.close()
        old_cache.close()
        if new_cache is not None:
            new_cache.discard()
        if path:
            _unlink(path)
        if _out_of_room(exc):
            reason = getattr(exc, "strerror", None) or str(exc)
            raise FactsError(
                f"could not write the index in {location.path.parent} ({reason}); the previous index is kept"
            ) from None
        raise
    old_cache.close()
    if path:
        db = add_functions(sqlite3.connect(f"file:{location.path}?mode=ro", uri=True, check_same_thread=False))
        if new_cache is not None:
            with _file_size_errors_not_fatal():
                new_cache.save(warn)
    report = BuildReport(
        path=str(location.path) if not in_memory else ":memory:",
        files=len(files),
        articles=writer.articles,
        extracted=writer.extracted,
        reused=writer.articles - writer.extracted,
        entities=counts[0],
        events=counts[1],
        seconds=time.perf_counter() - started,
        in_memory=in_memory,
        copies=len(copies),
    )
    return db, report


# SQLite's result codes for a full disk and for a failed write (EFBIG ends up as one).
_SQLITE_IOERR = 10
_SQLITE_FULL = 13


def _out_of_room(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_FULL, _SQLITE_IOERR)
    message = str(exc).lower()
    return "disk is full" in message or "disk i/o error" in message


@contextmanager
def _file_size_errors_not_fatal():
    """Past a file size limit (ulimit -f) the kernel kills a writer with SIGXFSZ, unless it
    ignores the signal: then the write fails with EFBIG, which the build reports and cleans up."""
    import signal

    previous = None
    if hasattr(signal, "SIGXFSZ"):
        try:
            previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        except ValueError:  # not the main thread
            previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGXFSZ, previous)


def _find_copies(files: Sequence[SourceFile], keep: bool) -> tuple[dict[int, Copy], str]:
    """Which articles, by position in corpus order, are copies of an earlier one
    (duplicates.py). A pass over the articles before any is extracted: the earliest copy of
    a story may sit in a later file. It keeps a fingerprint per article, not its text, and
    is quiet: the pass that indexes the articles says what was wrong with a file."""
    if keep:
        return {}, FOLD_OFF
    with no_guessing():
        return find_copies(_stream_articles(files, lambda message: None, None))


def _without(copies: dict[int, Copy], articles: Iterable[Article]) -> Iterator[Article]:
    for position, article in enumerate(articles):
        if position not in copies:
            yield article


def _stream_articles(files: Iterable[SourceFile], warn: Warn, on_file: Callable[[tuple], None] | None) -> Iterator[Article]:
    """The articles of every file, in order, read lazily; an id seen before gets `~2`, `~3`...

    Each file's row (path, size, mtime, hash) goes to `on_file`, if given, before its articles.
    """
    seen_ids: dict[str, int] = {}
    for source in files:
        if on_file is not None:
            try:
                digest = file_hash(source.path)
            except OSError as exc:
                warn(f"skipped {source.path}: {exc.strerror or exc}")
                continue
            on_file((source.path, source.size, source.mtime_ns, digest))
        for article in load(source, warn):
            count = seen_ids.get(article.id, 0) + 1
            seen_ids[article.id] = count
            if count > 1:
                article = _with_id(article, f"{article.id}~{count}")
            yield article


def _with_id(article: Article, new_id: str) -> Article:
    return replace(article, id=new_id)


class _ProgressTotal:
    """Articles done out of an estimate of the total that becomes exact once all are read:
    the articles are streamed, so their number is not known at the start."""

    def __init__(self, files: Sequence[SourceFile], progress: Progress | None) -> None:
        self.progress = progress
        self.count = 0
        self.estimate = _estimate_articles(files) if progress else 0

    def done(self) -> None:
        self.count += 1
        if self.progress and (self.count % 16 == 0 or self.count == self.estimate):
            self.estimate = max(self.estimate, self.count)
            self.progress(self.count, self.estimate)

    def finish(self) -> None:
        if self.progress:
            self.estimate = self.count
            self.progress(self.count, self.count)


def _estimate_articles(files: Sequence[SourceFile]) -> int:
    """One article per file, one per non-blank line of a JSONL file."""
    total = 0
    for source in files:
        if source.path.lower().endswith((".jsonl", ".ndjson")):
            try:
                with open(source.path, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                pass
        else:
            total += 1
    return total


def _extract_stream(
    articles: Iterable[Article],
    cache: BuildCache,
    workers: int | None,
    make_executor: ExecutorFactory | None,
    total: _ProgressTotal,
) -> Iterator[Extracted]:
    """Each article's extraction, in corpus order: from the build cache when it holds the
    article, else extracted, in this process for a few articles and in batches on an
    executor for more."""
    workers = workers or min(os.cpu_count() or 1, 4)
    ahead: list[_Item] = []
    todo = 0
    stream = iter(articles)
    # Read until it is clear whether local worker processes pay: a small corpus never
    # starts them. A cluster that was asked for gets any article to extract.
    threshold = 1 if make_executor is not None else PARALLEL_THRESHOLD
    for article in stream:
        item = _lookup(cache, article)
        ahead.append(item)
        todo += item[2] is None
        if todo >= threshold and (workers > 1 or make_executor is not None):
            break
    else:
        for article, h, blob in ahead:
            reused = _reuse(article, h, blob) if blob is not None else None
            yield reused or _extract_here(article, h)
        total.finish()
        return
    executor = make_executor(workers) if make_executor else local_pool(workers)
    try:
        yield from _in_batches(executor, _chain(ahead, stream, cache), workers)
    finally:
        # On Ctrl-C, batches not yet started are dropped rather than waited for.
        executor.shutdown(wait=True, cancel_futures=True)
    total.finish()


# An article, its hash, and its facts from the build cache (None: to extract).
_Item = tuple[Article, bytes, "bytes | None"]


def _lookup(cache: BuildCache, article: Article) -> _Item:
    h = article_hash(article)
    return article, h, cache.get(h)


def _chain(ahead: list[_Item], stream: Iterator[Article], cache: BuildCache) -> Iterator[_Item]:
    yield from ahead
    ahead.clear()
    for article in stream:
        yield _lookup(cache, article)


def _reuse(article: Article, h: bytes, blob: bytes) -> Extracted | None:
    """The cached facts if they decode; a damaged entry (None) just means extracting again."""
    try:
        facts = decode_facts(article, blob)
    except Exception:  # noqa: BLE001 - any damage: extract afresh
        return None
    return Extracted(facts, event_rows(facts), h, blob, fresh=False)


def _extract_here(article: Article, h: bytes) -> Extracted:
    facts = extract(article)
    return Extracted(facts, event_rows(facts), h, encode_facts(facts), fresh=True)


def _in_batches(executor: Executor, items: Iterator[_Item], workers: int) -> Iterator[Extracted]:
    """Batches of the articles to extract go to the executor, a bounded number at a time;
    results come back in corpus order, with the cached articles between them."""
    window = max(2, BATCHES_PER_WORKER * _worker_count(executor, workers))
    queue: deque[tuple[list[_Item], Future | list[Extracted]]] = deque()
    in_flight = 0
    batch: list[_Item] = []
    ready: list[Extracted] = []

    def submit() -> None:
        nonlocal batch, ready, in_flight
        if ready:
            queue.append(([], ready))
            ready = []
        if batch:
            queue.append((batch, executor.submit(extract_batch, [article for article, _, _ in batch])))
            in_flight += 1
            batch = []

    def drain(limit: int) -> Iterator[Extracted]:
        nonlocal in_flight
        while queue and (in_flight > limit or not isinstance(queue[0][1], Future)):
            sent, result = queue.popleft()
            if isinstance(result, Future):
                in_flight -= 1
                # Workers send back what they found, not the articles they were sent, nor
                # the time expressions: the events made from them are what the index keeps.
                for (article, h, _), (sentences, entities, events, blob) in zip(sent, result.result()):
                    yield Extracted(ArticleFacts(article, sentences, entities, []), events, h, blob, fresh=True)
            else:
                yield from result

    for item in items:
        article, h, blob = item
        reused = _reuse(article, h, blob) if blob is not None else None
        if reused is not None:
            if batch:
                submit()  # the articles before it come first
            ready.append(reused)
            if len(ready) >= CHUNK:
                submit()
                yield from drain(window - 1)
            continue
        if ready:
            submit()
        batch.append(item)
        if len(batch) >= CHUNK:
            submit()
            yield from drain(window - 1)
    submit()
    yield from drain(0)


def _worker_count(executor: Executor, workers: int) -> int:
    count = getattr(executor, "worker_count", None)
    return count() if callable(count) else workers


def _new_database(location: Location, warn: Warn) -> tuple[sqlite3.Connection, str | None, bool]:
    folder = location.path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=location.path.name + ".", suffix=".tmp", dir=folder)
        os.close(fd)
        db = add_functions(sqlite3.connect(tmp, check_same_thread=False))
        db.execute("PRAGMA page_size = 8192")  # fewer half-empty overflow pages for article texts
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        return db, tmp, False
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        warn(f"cache folder {folder} is not writable ({reason}); the index is kept in memory")
        return add_functions(sqlite3.connect(":memory:", check_same_thread=False)), None, True


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class IndexWriter:
    """Writes the index as extractions come, in corpus order: `add_file` for each file's row,
    `add` for each article, then `finish` for what needs the whole corpus (boilerplate,
    linking, the entity tables, indexes and vocabularies)."""

    FLUSH_ROWS = 4096

    def __init__(self, db: sqlite3.Connection, location: Location) -> None:
        self.db = db
        self.articles = 0
        self.extracted = 0
        self.events = 0
        self.next_sentence = 1
        self.sentence_rows: list[tuple] = []
        self.fts_rows: list[tuple] = []
        self.event_rows: list[tuple] = []
        self.labels: dict[str, int] = {}  # the events' types, rules and anchors, numbered
        self.held = HeldEntities(str(location.path.parent))
        self.not_english = 0
        # Article rows wait until enough texts are known to make the dictionary they are
        # packed with (store.pack_texts), then are written as they come.
        self.pending_articles: list[tuple] = []
        self.pack: Callable[[str], str | bytes] | None = None
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("schema", SCHEMA_VERSION),
            ("code", code_stamp()),
            ("roots", json.dumps(list(location.roots))),
            ("built_at", str(int(time.time()))),
        ])

    def add_file(self, row: tuple) -> None:
        self.db.execute("INSERT INTO files VALUES (?, ?, ?, ?)", row)

    def add(self, item: Extracted) -> None:
        facts = item.facts
        a = facts.article
        self.articles += 1
        self.extracted += item.fresh
        first = self.next_sentence
        self.not_english += not is_english(a.language)
        row = (self.articles, a.id, a.title, a.date, a.source, a.url, a.author, first, len(facts.sentences), a.text)
        if self.pack is None:
            self.pending_articles.append(row)
            if len(self.pending_articles) >= TEXT_DICTIONARY_SAMPLES:
                self._write_pending_articles()
        else:
            self._write_article(row)
        text = a.text
        sid = first
        for start, end in facts.sentences:
            self.sentence_rows.append((sid, self.articles, start, end))
            self.fts_rows.append((sid, text[start:end]))
            sid += 1
        self.next_sentence = sid
        self._add_events(item.events, text, facts.sentences, first)
        self.events += len(item.events)
        self.held.add(held_entities(facts.entities, first, facts.sentences))
        if len(self.sentence_rows) >= self.FLUSH_ROWS:
            self._flush()
            settle()

    def _add_events(self, events: list[tuple], text: str, sentences: list[tuple[int, int]], first: int) -> None:
        """The article's event rows as the events table keeps them (store.SCHEMA): what the
        value, the labels and the article text tell is not stored again."""
        label = self.labels.setdefault
        order: dict[int, int] = {}
        for sentence, date, key, kind, value, rule, anchor, start, end, phrase, durations in events:
            n = order[sentence] = order.get(sentence, -1) + 1
            begin, stop = sentences[sentence]
            if begin <= start and end <= stop and text[start:end] == phrase:
                phrase = None
            self.event_rows.append((
                first + sentence, n, value, None if date == value else date, None if key == value else key,
                label(kind, len(self.labels) + 1), label(rule, len(self.labels) + 1),
                None if anchor is None else label(anchor, len(self.labels) + 1),
                start - begin, end - start, phrase, durations,
            ))

    def _write_pending_articles(self) -> None:
        self.pack = pack_texts(self.db, [row[-1] for row in self.pending_articles])
        for row in self.pending_articles:
            self._write_article(row)
        self.pending_articles.clear()

    def _write_article(self, row: tuple) -> None:
        assert self.pack is not None
        self.db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*row[:-1], self.pack(row[-1])))

    def _flush(self) -> None:
        db = self.db
        db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)", self.sentence_rows)
        db.executemany("INSERT INTO sentence_text(rowid, text) VALUES (?, ?)", self.fts_rows)
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.event_rows)
        self.sentence_rows.clear()
        self.fts_rows.clear()
        self.event_rows.clear()

    def finish(self) -> tuple[int, int]:
        """Link the entities across the corpus and write what depends on all of it:
        (entities, events)."""
        from ..extract.entities.linking import link_entities

        if self.pack is None:
            self._write_pending_articles()
        self._flush()
        db = self.db
        db.executemany("INSERT INTO labels VALUES (?, ?)", [(n, label) for label, n in self.labels.items()])
        db.execute("INSERT INTO meta VALUES ('not_english', ?)", (str(self.not_english),))
        try:
            # Datelines, bylines and sign-offs a source repeats are not mentions (boilerplate.py).
            regions = find_boilerplate(_StoredArticles(db, self.articles)).regions
            folded = self.held.fold(regions)
            clusters = link_entities(folded.entities, folded.weights)
            entity_count = write_entities(db, clusters, folded, self.held.articles(regions))
        finally:
            self.held.close()
        db.executescript(INDEXES)
        db.execute("INSERT INTO sentence_text(sentence_text) VALUES ('optimize')")
        fill_vocabulary(db)
        fill_name_words(db)
        return entity_count, self.events


class _StoredArticles(Sequence):
    """The articles already written, read back one at a time (text and source): boilerplate
    needs every article's text, which the builder does not keep in memory."""

    def __init__(self, db: sqlite3.Connection, count: int) -> None:
        self.db = db
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.count))]
        if not 0 <= i < self.count:
            raise IndexError(i)
        return _StoredArticle(self.db, i + 1, self.db.execute("SELECT source FROM articles WHERE rowid = ?", (i + 1,)).fetchone()[0])

    def __iter__(self) -> Iterator[_StoredArticle]:
        # One scan for the sources; each text is read when asked for.
        rows = self.db.execute("SELECT rowid, source FROM articles ORDER BY rowid").fetchall()
        for rowid, source in rows:
            yield _StoredArticle(self.db, rowid, source)


class _StoredArticle:
    __slots__ = ("db", "rowid", "source")

    def __init__(self, db: sqlite3.Connection, rowid: int, source: str | None) -> None:
        self.db = db
        self.rowid = rowid
        self.source = source

    @property
    def text(self) -> str:
        (text,) = self.db.execute("SELECT article_text(rowid, text) FROM articles WHERE rowid = ?", (self.rowid,)).fetchone()
        return text
