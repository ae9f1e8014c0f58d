"""WARC crawls (.warc, .warc.gz): each HTML page a crawler saved is an article.

The file is read a record at a time with warcio, so its size does not matter: memory holds
one page. Records that are not a page (requests, metadata, images, scripts), truncated
records and pages in a broken encoding are passed over and counted in one warning per file.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ...models import Article
from ..corpus import MAX_ARTICLE_BYTES, SourceFile, Warn, normalise_date
from .html import decode_page, page_article, page_charset

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# The records a crawl holds besides its pages that are no loss: the file's own header.
_SILENT = frozenset({"warcinfo"})


def read_warc(source: SourceFile, warn: Warn) -> Iterator[Article]:
    path = source.path
    skipped: Counter[str] = Counter()
    records = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, arc2warc=True):
                records += 1
                reason, article = _article(record, source, warn)
                if article is not None:
                    yield article
                elif reason:
                    skipped[reason] += 1
    except OSError as exc:
        if records == 0 and getattr(exc, "strerror", None):
            warn(f"skipped {path}: {exc.strerror}")
        else:
            warn(f"{path}: the archive ends early or is damaged after {records} records; the rest is skipped")
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError) as exc:
        if records == 0:
            warn(f"skipped {path}: not a WARC file ({_reason(exc)})")
        else:
            warn(f"{path}: the archive ends early or is damaged after {records} records; the rest is skipped")
    if skipped:
        parts = ", ".join(f"{n} {reason}" for reason, n in skipped.most_common())
        warn(f"{path}: {sum(skipped.values())} records are not articles and were skipped ({parts})")


def _article(record, source: SourceFile, warn: Warn) -> tuple[str | None, Article | None]:
    kind = record.rec_type
    if kind in _SILENT:
        return None, None
    if kind != "response":
        return kind, None
    http = record.http_headers
    if http is None:
        return "not HTTP", None
    mime = (http.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if mime not in HTML_TYPES:
        return "not HTML", None
    if not (http.get_statuscode() or "").startswith("2"):
        return "error page", None
    if record.rec_headers.get_header("WARC-Truncated"):
        return "truncated", None
    body = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    if len(body) > MAX_ARTICLE_BYTES:
        return "too large", None
    text = decode_page(body, page_charset(body, http.get_header("Content-Type")))
    if text is None:
        return "bad encoding", None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{source.path} {url}"
    crawled = normalise_date((record.rec_headers.get_header("WARC-Date") or "")[:10] or None, where, warn)
    article = page_article(text.replace("\x00", " "), url or f"{source.rel}#{record.rec_headers.get_header('WARC-Record-ID')}",
                           where, warn, path=source.path, url=url or None, fallback_date=crawled)
    if article is None:
        return "without article text", None
    return None, article


def _reason(exc: BaseException) -> str:
    return str(exc).strip().rstrip(".").splitlines()[0] if str(exc).strip() else type(exc).__name__
