"""RSS and Atom feeds (.rss, .atom, and .xml files that are feeds): each item an article.

An item's text is its title, then its full content when the feed carries it, else its
summary; HTML in either is reduced to its text as a saved page is.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from lxml import etree

from ...extract.language import declared, detect
from ...models import Article
from ..corpus import SourceFile, Warn, normalise_date
from .html import html_text, one_line

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
RSS1 = "http://purl.org/rss/1.0/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_feed(source: SourceFile, data: bytes, warn: Warn) -> list[Article]:
    path = source.path
    # No entities, no DTDs, no network: a feed is data, never instructions to fetch more.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        warn(f"skipped {path}: not XML ({_reason(exc)})")
        return []
    tag = etree.QName(root).localname.lower()
    if tag == "rss":
        channel = root.find("channel")
        items = channel.findall("item") if channel is not None else []
        feed_title = _text(channel, "title") if channel is not None else ""
        feed_language = declared(_text(channel, "language")) if channel is not None else None
        read = _rss_item
    elif tag == "rdf":
        channel = root.find(f"{{{RSS1}}}channel")
        items = root.findall(f"{{{RSS1}}}item")
        feed_title = _text(channel, f"{{{RSS1}}}title") if channel is not None else ""
        feed_language = declared(_text(channel, f"{{{DC}}}language")) if channel is not None else None
        read = _rss1_item
    elif tag == "feed" and etree.QName(root).namespace == ATOM:
        items = root.findall(f"{{{ATOM}}}entry")
        feed_title = _text(root, f"{{{ATOM}}}title")
        feed_language = declared(root.get(XML_LANG))
        read = _atom_item
    else:
        warn(f"skipped {path}: not an RSS or Atom feed")
        return []
    stem = re.sub(r"\.[^./]*$", "", source.rel).replace("\\", "/")
    articles = []
    for n, item in enumerate(items, 1):
        where = f"{path}#{n}"
        fields = read(item)
        try:
            body = html_text(fields["content"]) if fields["content"] else ""
            title = one_line(html_text(fields["title"])) if fields["title"] else ""
        except Exception as exc:  # noqa: BLE001 - a fault of the extraction library on one item must not stop the feed
            warn(f"skipped {where}: its HTML could not be read ({type(exc).__name__})")
            continue
        if not body and not title:
            warn(f"skipped {where}: no text")
            continue
        text = body if not title or body.casefold().startswith(title.casefold()) else f"{title}\n\n{body}" if body else title
        language = declared(fields["language"]) or feed_language or detect(text)
        articles.append(Article(
            id=fields["link"] or fields["id"] or f"{stem}#{n}",
            title=title or text.split("\n", 1)[0][:300],
            text=text,
            date=_date(fields["date"], where, warn),
            source=one_line(feed_title) or None,
            url=fields["link"] or None,
            path=path,
            language=language,
            author=one_line(fields["author"]) or None,
        ))
    if not items:
        warn(f"{path}: the feed has no items")
    return articles


def _rss_item(item: etree._Element) -> dict[str, str]:
    return {
        "title": _text(item, "title"),
        "link": _text(item, "link"),
        "id": _text(item, "guid"),
        "date": _text(item, "pubDate") or _text(item, f"{{{DC}}}date"),
        "content": _text(item, f"{{{CONTENT}}}encoded") or _text(item, "description"),
        "author": _text(item, f"{{{DC}}}creator") or _text(item, "author"),
        "language": _text(item, f"{{{DC}}}language"),
    }


def _rss1_item(item: etree._Element) -> dict[str, str]:
    return {
        "title": _text(item, f"{{{RSS1}}}title"),
        "link": _text(item, f"{{{RSS1}}}link") or (item.get(f"{{{_RDF}}}about") or ""),
        "id": "",
        "date": _text(item, f"{{{DC}}}date"),
        "content": _text(item, f"{{{CONTENT}}}encoded") or _text(item, f"{{{RSS1}}}description"),
        "author": _text(item, f"{{{DC}}}creator"),
        "language": _text(item, f"{{{DC}}}language"),
    }


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _atom_item(entry: etree._Element) -> dict[str, str]:
    link = ""
    for el in entry.findall(f"{{{ATOM}}}link"):
        if el.get("rel", "alternate") == "alternate" and el.get("href"):
            link = el.get("href", "")
            break
    author = entry.find(f"{{{ATOM}}}author")
    return {
        "title": _atom_text(entry.find(f"{{{ATOM}}}title")),
        "link": link.strip(),
        "id": _text(entry, f"{{{ATOM}}}id"),
        "date": _text(entry, f"{{{ATOM}}}published") or _text(entry, f"{{{ATOM}}}updated"),
        "content": _atom_text(entry.find(f"{{{ATOM}}}content")) or _atom_text(entry.find(f"{{{ATOM}}}summary")),
        "author": _text(author, f"{{{ATOM}}}name") if author is not None else "",
        "language": entry.get(XML_LANG) or "",
    }


def _atom_text(el: etree._Element | None) -> str:
    """An Atom text construct as HTML or text: type="xhtml" holds markup as elements."""
    if el is None:
        return ""
    if el.get("type") == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode", with_tail=True) for child in el)
    return (el.text or "").strip()


def _text(parent: etree._Element | None, tag: str) -> str:
    if parent is None:
        return ""
    el = parent.find(tag)
    return "".join(el.itertext()).strip() if el is not None else ""


def _date(raw: str, where: str, warn: Warn) -> str | None:
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw).date().isoformat()  # RSS: "Wed, 19 Jan 2022 09:30:00 GMT"
    except (TypeError, ValueError, IndexError):
        return normalise_date(raw, where, warn)


def _reason(exc: etree.XMLSyntaxError) -> str:
    return (str(exc).splitlines() or ["bad syntax"])[0].rstrip(".")
