"""Building the index: load every article, extract what changed, link entities, write SQLite.

The new index is written beside the old one and moved over it in one rename, so a build
that dies midway leaves the previous index as it was. Each article's extracted facts are
kept in a build cache beside the index (store.extractions_path), replaced the same way
after the index, so the next build extracts again only the articles that changed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path

from ..extract.events import collect_events
from ..extract.language import is_english
from ..extract.pipeline import ArticleFacts, extract
from ..models import Article, Entity, Evidence, Mention, Role, Timex
from ..status import FactsError
from .boilerplate import find_boilerplate, without_boilerplate
from .corpus import SourceFile, Warn, load
from .duplicates import FOLD_OFF, Copy, find_copies, write_copies
from .store import (
    EXTRACTIONS_SCHEMA,
    INDEXES,
    SCHEMA,
    SCHEMA_VERSION,
    Location,
    add_functions,
    extractions_path,
    file_hash,
    fill_name_words,
    fill_vocabulary,
    pack_texts,
)

Progress = Callable[[int, int], None]

# Below this many articles to extract, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
CHUNK = 64


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


def article_hash(article: Article) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (SCHEMA_VERSION, article.id, article.date or "", article.language or "", article.text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def build(
    files: list[SourceFile],
    location: Location,
    warn: Warn,
    progress: Progress | None = None,
    workers: int | None = None,
    keep_duplicates: bool = False,
) -> tuple[sqlite3.Connection, BuildReport]:
    """Build the index of the corpus's article files (as corpus.discover found them) and
    return an open connection to it."""
    started = time.perf_counter()
    articles, file_rows = _load_all(files, warn)
    articles, copies, folding = _fold_duplicates(articles, keep_duplicates)

    hashes = [article_hash(a) for a in articles]
    reused = _reused_facts(articles, hashes, _reusable_extractions(location.path, set(hashes)))
    todo = [(a, h) for a, h in zip(articles, hashes) if h not in reused]
    extracted = _extract_all([a for a, _ in todo], progress, workers, len(articles) - len(todo))
    fresh = dict(zip((h for _, h in todo), extracted))
    facts: list[ArticleFacts] = []
    blobs: dict[str, bytes] = {}
    for h in hashes:
        item, blobs[h] = fresh[h] if h in fresh else reused[h]
        facts.append(item)

    db, path, in_memory = _new_database(location, warn)
    try:
        with _file_size_errors_not_fatal():
            counts = _write(db, facts, file_rows, location)
            write_copies(db, copies, folding)
            db.commit()
            if path:
                db.execute("VACUUM")  # merging the full-text segments left free pages behind
                db.close()
                os.replace(path, location.path)
    except BaseException as exc:
        db.close()
        if path:
            _unlink(path)
        if _out_of_room(exc):
            reason = getattr(exc, "strerror", None) or str(exc)
            raise FactsError(
                f"could not write the index in {location.path.parent} ({reason}); the previous index is kept"
            ) from None
        raise
    if path:
        db = add_functions(sqlite3.connect(f"file:{location.path}?mode=ro", uri=True, check_same_thread=False))
        with _file_size_errors_not_fatal():
            _save_extractions(extractions_path(location.path), blobs, warn)
    report = BuildReport(
        path=str(location.path) if not in_memory else ":memory:",
        files=len(files),
        articles=len(articles),
        copies=len(copies),
        extracted=len(todo),
        reused=len(articles) - len(todo),
        entities=counts[0],
        events=counts[1],
        seconds=time.perf_counter() - started,
        in_memory=in_memory,
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


def _load_all(files: list[SourceFile], warn: Warn) -> tuple[list[Article], list[tuple[str, int, int, str]]]:
    articles: list[Article] = []
    rows = []
    seen_ids: dict[str, int] = {}
    for source in files:
        try:
            digest = file_hash(source.path)
        except OSError as exc:
            warn(f"skipped {source.path}: {exc.strerror or exc}")
            continue
        rows.append((source.path, source.size, source.mtime_ns, digest))
        for article in load(source, warn):
            count = seen_ids.get(article.id, 0) + 1
            seen_ids[article.id] = count
            if count > 1:
                article = _with_id(article, f"{article.id}~{count}")
            articles.append(article)
    return articles, rows


def _fold_duplicates(articles: list[Article], keep: bool) -> tuple[list[Article], list[Copy], str]:
    """The articles kept, each copy of an earlier one (duplicates.py), and how copies were found."""
    if keep:
        return articles, [], FOLD_OFF
    copies, folding = find_copies(articles)
    return [a for i, a in enumerate(articles) if i not in copies], list(copies.values()), folding


def _with_id(article: Article, new_id: str) -> Article:
    return replace(article, id=new_id)


def _reusable_extractions(index: Path, wanted: set[str]) -> dict[str, bytes]:
    """The cached extractions of the articles wanted, from the build cache beside the index.

    A cache that is missing, unreadable or damaged gives nothing: those articles are
    extracted again.
    """
    path = extractions_path(index)
    if not path.is_file():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        return {
            h: blob
            for h, blob in db.execute("SELECT hash, facts FROM extractions")
            if h in wanted and isinstance(blob, bytes)
        }
    except sqlite3.Error:
        return {}
    finally:
        db.close()


def _reused_facts(
    articles: list[Article], hashes: list[str], blobs: dict[str, bytes]
) -> dict[str, tuple[ArticleFacts, bytes]]:
    """The cached facts that decode; a damaged entry just means extracting that article again."""
    out: dict[str, tuple[ArticleFacts, bytes]] = {}
    for article, h in zip(articles, hashes):
        blob = blobs.get(h)
        if blob is None:
            continue
        try:
            out[h] = (_decode(article, blob), blob)
        except Exception:  # noqa: BLE001 - any damage: extract afresh
            continue
    return out


def _save_extractions(path: Path, blobs: dict[str, bytes], warn: Warn) -> None:
    """Replace the build cache in one rename; failing to write it only costs the next build time."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA page_size = 8192")
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute(EXTRACTIONS_SCHEMA)
            db.executemany("INSERT INTO extractions VALUES (?, ?)", list(blobs.items()))
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        if tmp:
            _unlink(tmp)
        reason = getattr(exc, "strerror", None) or str(exc)
        warn(f"could not save the build cache {path} ({reason}); the next build extracts every article again")
    except BaseException:
        if tmp:
            _unlink(tmp)
        raise


def _extract_all(
    articles: list[Article], progress: Progress | None, workers: int | None, done: int
) -> list[tuple[ArticleFacts, bytes]]:
    """Each article's facts and their encoded form, in order; in worker processes when many."""
    total = done + len(articles)
    if progress:
        progress(done, total)
    if not articles:
        return []
    workers = workers or min(os.cpu_count() or 1, 4)
    results: list[tuple[ArticleFacts, bytes]] = []
    if workers > 1 and len(articles) >= PARALLEL_THRESHOLD:
        chunks = [articles[i : i + CHUNK] for i in range(0, len(articles), CHUNK)]
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=_worker_context(), initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            for chunk, chunk_facts in zip(chunks, pool.map(_extract_chunk, chunks)):
                # Workers send back what they found, not the articles they were sent.
                for article, (sentences, entities, timexes, blob) in zip(chunk, chunk_facts):
                    results.append((ArticleFacts(article, sentences, entities, timexes), blob))
                done += len(chunk_facts)
                if progress:
                    progress(done, total)
        finally:
            # On Ctrl-C, chunks not yet started are dropped rather than waited for.
            pool.shutdown(wait=True, cancel_futures=True)
    else:
        for article in articles:
            item = extract(article)
            results.append((item, _encode(item)))
            done += 1
            if progress and (done % 16 == 0 or done == total):
                progress(done, total)
    return results


def _worker_context():
    """Forked workers on Linux: they start at once and die with the builder (_start_worker)."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(builder: int) -> None:
    import signal

    # Ctrl-C reaches the whole process group; the parent stops the build, and a worker
    # interrupted mid-chunk would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker must not outlive its builder: orphaned, it would block for ever on a result
    # pipe nobody reads, holding whatever the builder left it.
    if not _kill_me_with_parent():
        _watch_parent()
    if os.getppid() != builder:
        os._exit(0)  # the builder died before the line above took effect


def _kill_me_with_parent() -> bool:
    """Linux: have the kernel send SIGKILL when the parent dies (no traceback, no cleanup owed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent() -> None:
    """Elsewhere: a thread that ends the worker once its parent is gone."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _pause_for_tests() -> None:
    """Tests that kill a build midway hold its workers here (FACTS_TEST_PAUSE_WORKERS names a
    folder): each worker marks itself there, then waits for a file named `go`."""
    folder = os.environ.get("FACTS_TEST_PAUSE_WORKERS")
    if not folder:
        return
    Path(folder, f"worker-{os.getpid()}").touch()
    while not Path(folder, "go").exists():
        time.sleep(0.02)


def _extract_chunk(articles: list[Article]) -> list[tuple]:
    _pause_for_tests()
    out = []
    for article in articles:
        item = extract(article)
        out.append((item.sentences, item.entities, item.timexes, _encode(item)))
    return out


def _encode(facts: ArticleFacts) -> bytes:
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


def _plain(value):
    """dataclasses.asdict without its deep copies: the same dicts, several times faster."""
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        if is_dataclass(value) and not isinstance(value, type):
            names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
        elif isinstance(value, (list, tuple)):
            return [_plain(v) for v in value]
        elif isinstance(value, dict):
            return {k: _plain(v) for k, v in value.items()}
        else:
            return value
    return {name: _plain(getattr(value, name)) for name in names}


def _decode(article: Article, blob: bytes) -> ArticleFacts:
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


def _write(
    db: sqlite3.Connection,
    facts: list[ArticleFacts],
    file_rows: list[tuple[str, int, int, str]],
    location: Location,
) -> tuple[int, int]:
    from ..extract.entities.linking import link_entities

    db.executescript(SCHEMA)
    db.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("schema", SCHEMA_VERSION),
        ("roots", json.dumps(list(location.roots))),
        ("built_at", str(int(time.time()))),
        ("not_english", str(sum(not is_english(item.article.language) for item in facts))),
    ])
    db.executemany("INSERT INTO files VALUES (?, ?, ?, ?)", file_rows)

    sentence_ids: dict[tuple[str, int], int] = {}  # (article id, sentence start) -> rowid
    first_sentence: dict[str, int] = {}
    sentence_rows = []
    fts_rows = []
    event_rows = []
    next_sentence = 1
    pack_text = pack_texts(db, [item.article.text for item in facts])
    for rowid, item in enumerate(facts, 1):
        a = item.article
        db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rowid, a.id, a.title, a.date, a.source, a.url, next_sentence, len(item.sentences), pack_text(a.text)),
        )
        first_sentence[a.id] = next_sentence
        text = a.text
        for start, end in item.sentences:
            sentence_ids[(a.id, start)] = next_sentence
            sentence_rows.append((next_sentence, rowid, start, end))
            fts_rows.append((next_sentence, text[start:end]))
            next_sentence += 1
        _collect_events(item, first_sentence[a.id], event_rows)
    db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)", sentence_rows)
    db.executemany("INSERT INTO sentence_text(rowid, text) VALUES (?, ?)", fts_rows)
    db.executemany("INSERT INTO events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", event_rows)

    # Datelines, bylines and sign-offs a source repeats are not mentions (boilerplate.py).
    regions = find_boilerplate([item.article for item in facts]).regions
    clusters = link_entities([e for item, r in zip(facts, regions) for e in without_boilerplate(item.entities, r)])
    entity_count = _write_entities(db, clusters, first_sentence, sentence_ids)
    db.executescript(INDEXES)
    db.execute("INSERT INTO sentence_text(sentence_text) VALUES ('optimize')")
    fill_vocabulary(db)
    fill_name_words(db)
    return entity_count, len(event_rows)


def _collect_events(item: ArticleFacts, first: int, rows: list[tuple]) -> None:
    for e in collect_events(item.article.text, item.sentences, item.timexes):
        rows.append((
            first + e.sentence, e.date, e.sort_key, e.type, e.value, e.rule, e.anchor, e.mod,
            e.start, e.end, e.phrase, e.durations,
        ))


def _write_entities(db: sqlite3.Connection, clusters, first_sentence: dict[str, int], sentence_ids: dict[tuple[str, int], int]) -> int:
    from functools import lru_cache

    from ..extract.text import name_key as _name_key

    name_key = lru_cache(maxsize=None)(_name_key)  # the same few names, mentioned again and again

    entity_rows = []
    name_rows = []
    role_rows = []
    mention_rows: dict[tuple[int, int], int] = {}  # (sentence, entity) -> first mention start
    for entity_id, cluster in enumerate(clusters, 1):
        members: list[Entity] = cluster.members
        articles = {m.article for m in members}
        mentions = 0
        seen_roles: set[tuple[str, int]] = set()
        surfaces: dict[str, str] = {}
        for member in members:
            base = first_sentence.get(member.article)
            if base is None:
                continue
            for mention in member.mentions:
                mentions += 1
                key = (base + mention.sentence, entity_id)
                if mention_rows.get(key, mention.start) >= mention.start:
                    mention_rows[key] = mention.start
                surfaces.setdefault(name_key(mention.text), mention.text)
            for role in member.roles:
                sid = sentence_ids.get((role.evidence.article, role.evidence.start))
                if sid is None or (role.title, sid) in seen_roles:
                    continue
                seen_roles.add((role.title, sid))
                role_rows.append((entity_id, role.title, role.rule, sid))
        entity_rows.append((entity_id, cluster.name, cluster.type, mentions, len(articles)))
        keys = {name_key(cluster.name): cluster.name}
        for alias in cluster.aliases:
            keys.setdefault(name_key(alias), alias)
        for key, surface in surfaces.items():
            keys.setdefault(key, surface)
        for key, surface in keys.items():
            if key:
                name_rows.append((key, entity_id, surface, 1 if surface == cluster.name else 0))
    db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?)", entity_rows)
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", name_rows)
    db.executemany("INSERT INTO roles VALUES (?, ?, ?, ?)", role_rows)
    db.executemany("INSERT INTO mentions VALUES (?, ?, ?)", [(s, e, start) for (s, e), start in sorted(mention_rows.items())])
    return len(entity_rows)
