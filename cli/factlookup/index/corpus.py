"""Finding and reading article files: txt/md with optional front matter, json and jsonl here;
saved web pages, WARC crawls and feeds in formats/, imported only when such a file is read."""

from __future__ import annotations

import codecs
import importlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from ..status import FactsError

if TYPE_CHECKING:  # built only when articles are read, never by a query
    from ..records import Article

PAGE_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".ndjson") + PAGE_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES
MAX_FILE_BYTES = 512 * 1024 * 1024
# One article's text: a long report is a few hundred kB; past this, extraction would take
# minutes, so the article is skipped with a warning rather than stall every build.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024

Warn = Callable[[str], None]


class CorpusError(FactsError):
    """A corpus path that cannot be used at all."""


class SourceFile(NamedTuple):
    """An article file found in a corpus, with what tells whether it changed."""

    path: str  # absolute path as found
    rel: str  # path relative to its corpus root, used for article ids
    size: int
    mtime_ns: int


def bundled_seeds() -> Path:
    package = Path(__file__).resolve().parent.parent
    # installed: factlookup/seeds; in a checkout: seeds/ beside cli/
    for candidate in (package / "seeds", package.parent.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise CorpusError("the bundled seed corpus is missing from this installation")


def corpus_roots(paths: list[str] | None) -> list[Path]:
    """The corpus roots from --corpus, else FACTS_CORPUS (os.pathsep-separated), else the seeds."""
    if not paths:
        env = os.environ.get("FACTS_CORPUS", "").strip()
        paths = [p for p in env.split(os.pathsep) if p] if env else []
    if not paths:
        return [bundled_seeds()]
    roots: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise CorpusError(f"corpus path {raw} does not exist")
        resolved = path.resolve()
        if resolved not in roots:
            roots.append(resolved)
    return roots


def discover(roots: list[Path], warn: Warn) -> list[SourceFile]:
    """Every article file under the roots, sorted, each once even when reached twice."""
    found: dict[str, SourceFile] = {}
    for root in roots:
        if root.is_file():
            _add(found, root, root.name, warn)
            continue
        for path, rel in _walk(root, warn):
            _add(found, path, rel, warn)
    return sorted(found.values(), key=lambda f: f.path)


def _add(found: dict[str, SourceFile], path: Path, rel: str, warn: Warn) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        warn(f"skipped {path}: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or device named like an article would block or never end when read.
        warn(f"skipped {path}: not a regular file")
        return
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        # Paths are stored and printed as UTF-8; this one could be neither.
        shown = os.fsencode(path).decode("utf-8", errors="replace")
        warn(f"skipped {shown}: the file name is not valid UTF-8")
        return
    key = str(path.resolve())
    if key not in found:
        found[key] = SourceFile(str(path), rel, st.st_size, st.st_mtime_ns)


def _walk(root: Path, warn: Warn) -> Iterator[tuple[Path, str]]:
    # Follows symlinks but remembers each real directory, so a link loop ends.
    seen: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            warn(f"skipped {folder}: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError as exc:  # a link to itself, say
                warn(f"skipped {entry.path}: {exc.strerror or exc}")
                continue
            if is_dir:
                subfolders.append(Path(entry.path))
            elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
                yield Path(entry.path), os.path.relpath(entry.path, root)
        stack.extend(reversed(subfolders))


def load(source: SourceFile, warn: Warn) -> Iterable[Article]:
    """The articles in one file; a broken file or line is skipped with a warning naming it.

    A list, except for a WARC crawl or a JSONL file: their articles come one at a time as
    the file is read, so they may be of any size.
    """
    path = source.path
    lower = path.lower()
    if lower.endswith(WARC_SUFFIXES):
        warc = _format_module("warc", "WARC files", path, warn)
        return warc.read_warc(source, warn) if warc else []
    if lower.endswith((".jsonl", ".ndjson")):
        return _stream_jsonl(source, warn)
    if source.size > MAX_FILE_BYTES:
        warn(f"skipped {path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return []
    is_records = lower.endswith((".json", ".jsonl", ".ndjson") + FEED_SUFFIXES)
    if not is_records and source.size > MAX_ARTICLE_BYTES:
        warn(f"skipped {path}: larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB, too long for one article")
        return []
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        warn(f"skipped {path}: {exc.strerror or exc}")
        return []
    if b"\x00" in data[:8192]:
        warn(f"skipped {path}: binary file")
        return []
    if lower.endswith(PAGE_SUFFIXES):
        return _load_page(source, data, warn)
    if lower.endswith(FEED_SUFFIXES):
        feeds = _format_module("feeds", "feeds", path, warn)
        return feeds.read_feed(source, data, warn) if feeds else []
    # SQLite stops reading text at a NUL, so one deep inside a file would cut the article short.
    text = decode(data, path, warn).replace("\x00", " ")
    stem = _article_stem(source.rel)
    if lower.endswith(".json"):
        return _load_json(text, stem, path, warn)
    article = parse_text_article(text, stem, path, warn)
    return [article] if article else []


def _format_module(name: str, kind: str, path: str, warn: Warn):
    """formats.NAME, or None with a warning when the optional extra it needs is missing."""
    try:
        return importlib.import_module(f".formats.{name}", __package__)
    except ImportError as exc:
        from .formats import EXTRA_INSTALL, EXTRA_MODULES

        if (exc.name or "").split(".")[0] not in EXTRA_MODULES:
            raise
        warn(f"skipped {path}: reading {kind} needs the archives extra ({EXTRA_INSTALL})")
        return None


def _load_page(source: SourceFile, data: bytes, warn: Warn) -> list[Article]:
    path = source.path
    html = _format_module("html", "web pages", path, warn)
    if html is None:
        return []
    charset = html.page_charset(data)
    # A page not in the encoding it declares is read as any text file is, with a warning.
    text = (html.decode_page(data, charset) if charset else None) or decode(data, path, warn)
    try:
        article = html.page_article(text.replace("\x00", " "), _article_stem(source.rel), path, warn, path=path)
    except Exception as exc:  # noqa: BLE001 - a fault of the extraction library on one page must not stop the build
        warn(f"skipped {path}: the page could not be read ({type(exc).__name__})")
        return []
    if article is None:
        warn(f"skipped {path}: no article text found in the page")
        return []
    return [_storable(article, path, warn)]


def decode(data: bytes, path: str, warn: Warn) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly-UTF-8 text with a few bad bytes keeps its UTF-8; otherwise it is a legacy
    # single-byte encoding, and cp1252 is what such news files nearly always are.
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") * 50 < len(lenient):
        warn(f"{path}: invalid UTF-8 replaced")
        return lenient
    warn(f"{path}: not UTF-8, read as Windows-1252")
    return data.decode("cp1252", errors="replace")


def _article_stem(rel: str) -> str:
    stem, _ = os.path.splitext(rel)
    return stem.replace(os.sep, "/")


# The readers' patterns compile on first use: a query on a current index reads no article.
@lru_cache(maxsize=1)
def _front_matter() -> re.Pattern[str]:
    return re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@lru_cache(maxsize=1)
def _field() -> re.Pattern[str]:
    return re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def parse_text_article(text: str, article_id: str, path: str, warn: Warn) -> Article | None:
    meta: dict[str, str] = {}
    body = text
    match = _front_matter().match(text)
    if match:
        meta = _parse_front_matter(match.group(1))
        # Offsets stay relative to the body; the front matter is not article text.
        body = text[match.end() :]
    elif text.startswith("---"):
        warn(f"{path}: front matter not closed, read as text")
    if not body.strip():
        warn(f"skipped {path}: empty article")
        return None
    from ..extract.language import declared, detect
    from ..records import Article

    title = meta.get("title") or _first_line(body)
    return Article(
        id=meta.get("id") or article_id,
        title=title,
        text=body,
        date=normalise_date(meta.get("date"), path, warn),
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        path=path,
        language=declared(meta.get("language") or meta.get("lang")) or detect(body),
        author=meta.get("author") or None,
    )


def _parse_front_matter(block: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in block.splitlines():
        m = _field().match(line)
        if m:
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            meta[m.group(1).lower()] = value
    return meta


def _first_line(body: str) -> str:
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return ""


def _load_json(text: str, stem: str, path: str, warn: Warn) -> list[Article]:
    import json  # only to read articles: a query on a current index reads none

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        warn(f"skipped {path}: invalid JSON at line {exc.lineno}")
        return []
    except RecursionError:
        warn(f"skipped {path}: JSON nested too deeply")
        return []
    records = data if isinstance(data, list) else [data]
    articles = []
    for n, record in enumerate(records, 1):
        default_id = stem if len(records) == 1 else f"{stem}#{n}"
        article = _from_record(record, default_id, f"{path}#{n}", warn)
        if article:
            articles.append(article)
    return articles


# A file of records that is mostly broken names its first few bad lines, then a count.
MAX_LINE_WARNINGS = 10


def _stream_jsonl(source: SourceFile, warn: Warn) -> Iterator[Article]:
    """A JSONL file's articles as its lines are read: a file of any size holds one line in
    memory at a time. The encoding is decided for the whole file first, as `decode` decides
    it for any text file, so a UTF-8 file is read twice (the first time only to check it);
    one that is not UTF-8 throughout is read whole and decoded by `decode`."""
    path = source.path
    stem = _article_stem(source.rel)
    try:
        with open(path, "rb") as f:
            if b"\x00" in f.read(8192):
                warn(f"skipped {path}: binary file")
                return
            f.seek(0)
            if _utf8_throughout(f):
                f.seek(0)
                yield from _jsonl_articles(_utf8_lines(f), stem, path, warn)
                return
            if source.size > MAX_FILE_BYTES:
                warn(f"skipped {path}: not UTF-8, and larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
                return
            f.seek(0)
            data = f.read()
    except OSError as exc:
        warn(f"skipped {path}: {exc.strerror or exc}")
        return
    yield from _jsonl_articles(decode(data, path, warn).replace("\x00", " ").splitlines(), stem, path, warn)


def _utf8_throughout(f: BinaryIO) -> bool:
    check = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := f.read(1 << 20):
            check.decode(chunk)
        check.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf8_lines(f: BinaryIO) -> Iterator[str]:
    for n, raw in enumerate(f):
        line = raw.decode("utf-8")
        if n == 0 and line.startswith("\ufeff"):
            line = line[1:]
        # SQLite stops reading text at a NUL, so one inside a line would cut the article short.
        yield line.replace("\x00", " ") if "\x00" in line else line


def _jsonl_articles(lines: Iterable[str], stem: str, path: str, file_warn: Warn) -> Iterator[Article]:
    import json  # only to read articles: a query on a current index reads none

    told = 0

    def warn(message: str) -> None:
        nonlocal told
        told += 1
        if told <= MAX_LINE_WARNINGS:
            file_warn(message)

    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            warn(f"skipped {path}:{n}: invalid JSON")
            continue
        except RecursionError:
            warn(f"skipped {path}:{n}: JSON nested too deeply")
            continue
        article = _from_record(record, f"{stem}:{n}", f"{path}:{n}", warn)
        if article:
            yield article
    if told > MAX_LINE_WARNINGS:
        file_warn(f"{path}: {told - MAX_LINE_WARNINGS} more problems like these not shown")


def _from_record(record: object, default_id: str, where: str, warn: Warn) -> Article | None:
    if not isinstance(record, dict):
        warn(f"skipped {where}: not an object")
        return None
    body = record.get("text")
    if body is None:
        body = record.get("body")
    if isinstance(body, str) and "\x00" in body:
        body = body.replace("\x00", " ")  # see _storable
    if not isinstance(body, str) or not body.strip():
        warn(f"skipped {where}: no text")
        return None
    if len(body) > MAX_ARTICLE_BYTES:
        warn(f"skipped {where}: text longer than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB, too long for one article")
        return None
    from ..extract.language import declared, detect
    from ..records import Article

    title = _str(record.get("title")) or _first_line(body)
    raw_id = record.get("id")
    article = Article(
        id=str(raw_id) if raw_id not in (None, "") else default_id,
        title=title,
        text=body,
        date=normalise_date(_str(record.get("date")), where, warn),
        source=_str(record.get("source")) or None,
        url=_str(record.get("url")) or None,
        path=where.rsplit("#", 1)[0] if "#" in where else where.rsplit(":", 1)[0],
        language=declared(_str(record.get("language") or record.get("lang"))) or detect(body),
        author=_str(record.get("author")) or None,
    )
    return _storable(article, where, warn)


# JSON can spell lone UTF-16 surrogates ("\ud800"), which no UTF-8 text may hold, and NULs.
@lru_cache(maxsize=1)
def _surrogate() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


def _storable(article: Article, where: str, warn: Warn) -> Article:
    fields = (article.id, article.title, article.text, article.source, article.url, article.author)
    surrogates = any(f and _surrogate().search(f) for f in fields)
    if not surrogates and not any(f and "\x00" in f for f in fields):
        return article
    if surrogates:
        warn(f"{where}: invalid Unicode escapes replaced")

    def fix(value: str | None) -> str | None:
        # A NUL ("\u0000") would cut the text short in SQLite: it becomes a space.
        return _surrogate().sub("\ufffd", value).replace("\x00", " ") if value else value

    from dataclasses import replace

    return replace(
        article, id=fix(article.id) or "", title=fix(article.title) or "", text=fix(article.text) or "",
        source=fix(article.source), url=fix(article.url), author=fix(article.author),
    )


def _str(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d-%b-%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%a, %d %b %Y",
    "%d.%m.%Y",
)


def normalise_date(raw: str | None, where: str, warn: Warn) -> str | None:
    """An ISO date (YYYY-MM-DD, or YYYY-MM / YYYY when that is all it says), or None."""
    if raw is None:
        return None
    value = raw.strip().strip("\"'")
    if not value:
        return None
    if re.fullmatch(r"\d{4}", value) or re.fullmatch(r"\d{4}-\d{2}", value):
        return value
    head = re.match(r"\d{4}-\d{2}-\d{2}", value)
    if head:
        try:
            return date.fromisoformat(head.group()).isoformat()
        except ValueError:
            pass
    cleaned = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s*[+-]\d{4}|\s*[A-Z]{2,4})?$", "", value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    warn(f"{where}: date {raw!r} not understood, ignored")
    return None
