"""WARC crawls (.warc, .warc.gz): each HTML page a crawler saved is an article.

The file is read a record at a time with warcio, so its size does not matter: memory holds
one page. Records that are not a page (requests, metadata, images, scripts), truncated
records and pages in a broken encoding are passed over and counted in one warning per file.
"""

from __future__ import annotations

import os
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


class _Records(ArchiveIterator):
    # warcio writes a note to stderr for each record whose stated length is wrong; facts
    # counts them (err_count) into its own warning instead.
    INC_RECORD = ""


def read_warc(source: SourceFile, warn: Warn) -> Iterator[Article]:
    path = source.path
    skipped: Counter[str] = Counter()
    records = 0
    cut = False
    try:
        with open(path, "rb") as fh:
            crawl = _Records(fh, arc2warc=True)
            for record in crawl:
                records += 1
                reason, article = _article(record, source, warn)
                if _cut_short(record):
                    cut = True  # the page is incomplete too
                    break
                if article is not None:
                    yield article
                elif reason:
                    skipped[reason] += 1
            else:
                cut = not _ends_cleanly(fh, crawl, path)
            if crawl.err_count:
                skipped["with a wrong length"] += crawl.err_count
    except OSError as exc:
        if records == 0 and getattr(exc, "strerror", None):
            warn(f"skipped {path}: {exc.strerror}")
            return
        cut = True
    # warcio fails with AttributeError on a record header cut off before its URI.
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, AttributeError) as exc:
        if records == 0:
            warn(f"skipped {path}: not a WARC file ({_reason(exc)})")
            return
        cut = True
    if cut:
        warn(f"{path}: the archive ends early or is damaged after {records} records; the rest is skipped")
    if skipped:
        parts = ", ".join(f"{n} {reason}" for reason, n in skipped.most_common())
        total = sum(skipped.values())
        what = "record that is not an article" if total == 1 else "records that are not articles"
        warn(f"{path}: skipped {total} {what} ({parts})")


def _cut_short(record) -> bool:
    """Whether the file ended inside this record: fewer bytes than its header promised."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return getattr(stream, "limit", 0) > 0


def _ends_cleanly(fh, crawl: ArchiveIterator, path: str) -> bool:
    """Whether the last record ended the file: no bytes of a half-written record follow it,
    and a compressed file's last gzip member is whole (warcio reads a cut one without a word)."""
    size = os.fstat(fh.fileno()).st_size
    if crawl.offset < size:
        return False
    if not path.lower().endswith(".gz") or not crawl.member_info:
        return True
    fh.seek(crawl.member_info[0])
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    for block in iter(lambda: fh.read(1 << 16), b""):
        data = block
        while data and not member.eof:
            member.decompress(data, 1 << 20)
            data = member.unconsumed_tail
    return member.eof


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
    article_id = url or f"{source.rel}#{record.rec_headers.get_header('WARC-Record-ID')}"
    try:
        article = page_article(text.replace("\x00", " "), article_id, where, warn, path=source.path, url=url or None,
                               fallback_date=crawled)
    except Exception:  # noqa: BLE001 - a fault of the extraction library on one page must not stop the crawl
        return "unreadable", None
    if article is None:
        return "without article text", None
    return None, article


def _reason(exc: BaseException) -> str:
    return str(exc).strip().rstrip(".").splitlines()[0] if str(exc).strip() else type(exc).__name__
