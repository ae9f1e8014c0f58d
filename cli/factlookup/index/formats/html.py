"""Saved web pages: the main text and the page's metadata, by trafilatura.

Navigation, cookie notices, advertisements, related links and comments are left out; the
article text is the headline, then the main text a paragraph a block. Offsets of evidence
count in that text, as for any other article.
"""

from __future__ import annotations

import json
import re

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from ...extract.language import declared, detect
from ...models import Article
from ..corpus import Warn, normalise_date

# Only what the page's markup says: guessing a date from the text or the URL would give
# every undated page some date it does not state.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}
MAX_TITLE_CHARS = 300


def page_article(
    page: str | bytes,
    article_id: str,
    where: str,
    warn: Warn,
    *,
    path: str | None = None,
    url: str | None = None,
    fallback_date: str | None = None,
) -> Article | None:
    """The article on a web page, or None when the page holds no article text."""
    tree = load_html(page)
    if tree is None or not isinstance(tree, HtmlElement):
        return None
    language = declared_language(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_images=False,
        date_extraction_params=_DATE_SEARCH,
    )
    body = paragraphs(getattr(doc, "text", None) or "")
    if not body:
        return None
    first = body.split("\n", 1)[0]
    title = one_line(doc.title or "") or first
    text = body if _same(first, title) else f"{title}\n\n{body}"
    title = title[:MAX_TITLE_CHARS]
    date = normalise_date(doc.date, where, warn) if doc.date else None
    return Article(
        id=article_id,
        title=title,
        text=text,
        date=date or fallback_date,
        source=one_line(doc.sitename or "") or doc.hostname or None,
        url=doc.url or url,
        path=path,
        language=language or detect(text),
        author=one_line(doc.author or "") or None,
    )


def html_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content): its main text if trafilatura
    finds one, else all of its text."""
    if "<" not in fragment:
        return paragraphs(fragment)
    page = f"<html><body><article>{fragment}</article></body></html>"
    doc = trafilatura.bare_extraction(page, include_comments=False, include_images=False)
    text = paragraphs(getattr(doc, "text", None) or "")
    if text:
        return text
    tree = load_html(page)
    return paragraphs(tree.text_content()) if isinstance(tree, HtmlElement) else ""


def declared_language(tree: HtmlElement) -> str | None:
    """The language the page says it is in: <html lang>, a content-language or og:locale
    meta tag, or JSON-LD's inLanguage."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            candidates.append(_json_ld_language(script.text))
    for tag in candidates:
        lang = declared(tag)
        if lang:
            return lang
    return None


def _json_ld_language(raw: str) -> str | None:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    for item in data if isinstance(data, list) else [data]:
        if isinstance(item, dict) and isinstance(item.get("inLanguage"), str):
            return item["inLanguage"]
    return None


def paragraphs(text: str) -> str:
    """One block per line, blocks apart by a blank line, as in a text article."""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _same(a: str, b: str) -> bool:
    return one_line(a).casefold() == one_line(b).casefold()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def page_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The character encoding a page declares: in its HTTP Content-Type, else a <meta> tag."""
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
        if m:
            return m.group(1).lower()
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode_page(data: bytes, charset: str | None) -> str | None:
    """The page's text in its declared encoding (UTF-8, else Windows-1252, when it declares
    none); None when the declared encoding is unknown or the bytes are not in it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, charset = data[3:], "utf-8"
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
