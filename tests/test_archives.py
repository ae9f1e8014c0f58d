"""News archives as they come: saved web pages, WARC crawls and RSS/Atom feeds, and articles
in other languages, asserted through the command line."""

from __future__ import annotations

import gzip
import html
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, child_env, facts_command

SEED_TITLE, SEED_BODY = (SEEDS / "000_cfcca4a1f232a10f.txt").read_text(encoding="utf-8").split("\n\n", 1)
BOILERPLATE = {
    "cookie banner": "We use cookies to improve your experience",
    "newsletter": "Subscribe to our newsletter",
    "advertisement": "Buy cheap flights to Paris",
    "related stories": "Gazprom cuts supplies to Europe",
    "comment": "commenter Jack Smith",
    "footer": "All rights reserved",
    "script": "dataLayer",
}


def news_page(
    title: str = SEED_TITLE,
    body: str = SEED_BODY,
    *,
    json_ld_date: str | None = "2022-01-19T09:30:00+00:00",
    time_tag: str | None = "2022-01-19T09:30:00Z",
    lang: str = "en",
    site: str = "Steppe Daily",
) -> str:
    """An article in a news site's template: navigation, cookie banner, advertisement,
    related stories, comments, newsletter box, footer, scripts, JSON-LD and a <time> tag."""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "author": {"@type": "Person", "name": "Anna Reporter"}, "publisher": {"@type": "Organization", "name": site}}
    if json_ld_date:
        ld["datePublished"] = json_ld_date
    byline = f'<time datetime="{time_tag}">{time_tag[:10]}</time>' if time_tag else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(title)} | {site}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{site}">
<link rel="canonical" href="https://steppe-daily.example/world/csto">
<script type="application/ld+json">{json.dumps(ld)}</script>
<script>window.dataLayer = window.dataLayer || []; function track() {{}}</script>
<style>body {{ font-family: sans-serif }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. Accept all cookies to
continue.</p><button>Accept</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad ad-banner"><p>Advertisement: Buy cheap flights to Paris today</p></div>
<main><article>
<h1>{html.escape(title)}</h1>
<p class="byline">By Anna Reporter {byline}</p>
{paras}
</article>
<aside class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/a">Oil prices jump as Gazprom cuts supplies to Europe</a></li>
<li><a href="/b">Macron visits Berlin for talks with Scholz</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Boris Johnson should resign, says commenter Jack Smith.</p></div></section>
</main>
<div class="newsletter"><p>Subscribe to our newsletter for the latest updates.</p><form><input type="email"></form></div>
<footer><p>© 2022 {site}. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


GERMAN = (
    "Die Gespräche in Genf sind am Montag ohne Einigung zu Ende gegangen, sagte Olaf Scholz.\n\n"
    "Die Unterhändler wollen sich im April wieder treffen, wie das Ministerium mitteilte. "
    "Eine Einigung sei aber noch nicht in Sicht, hieß es aus der Delegation."
)
FRENCH = (
    "Les discussions de Genève se sont terminées lundi sans accord, a déclaré Emmanuel Macron. "
    "Les négociateurs doivent se retrouver en avril, selon le ministère, mais un accord n'est pas "
    "encore en vue pour les délégations qui sont arrivées dans la ville."
)


def warc(records: list[tuple], gz: bool = True) -> bytes:
    """A WARC file written with warcio: records are (type, url, body, content type, extra headers)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    for kind, url, body, ctype, extra in records:
        headers = {"WARC-Date": "2022-02-01T10:00:00Z", **extra}
        if kind == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "steppe-daily.example")], is_http_request=True)
            record = writer.create_warc_record(url, "request", http_headers=http, warc_headers_dict=headers)
        elif kind == "metadata":
            record = writer.create_warc_record(url, "metadata", payload=io.BytesIO(body), warc_content_type=ctype,
                                               warc_headers_dict=headers)
        else:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict=headers)
        writer.write_record(record)
    return out.getvalue()


SEED_URL = "https://steppe-daily.example/world/csto"
UNDATED_URL = "https://steppe-daily.example/world/talks"
UNDATED_PAGE = news_page("Talks in Geneva end", "The talks in Geneva ended on Monday without a deal, said Anna Berg.\n\n"
                         "Negotiators said they would meet again in April.", json_ld_date=None, time_tag=None)


def crawl(gz: bool = True) -> bytes:
    return warc([
        ("request", SEED_URL, b"", "", {}),
        ("response", SEED_URL, news_page().encode(), "text/html; charset=utf-8", {}),
        ("response", "https://steppe-daily.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png", {}),
        ("response", "https://steppe-daily.example/app.js", b"function track() {}", "application/javascript", {}),
        ("response", "https://steppe-daily.example/cut", news_page("Cut short").encode()[:900], "text/html",
         {"WARC-Truncated": "length"}),
        ("response", "https://steppe-daily.example/latin", "Café Müller".encode("utf-16"), "text/html; charset=utf-8", {}),
        ("metadata", SEED_URL, b"via: https://steppe-daily.example/", "application/warc-fields", {}),
        ("response", UNDATED_URL, UNDATED_PAGE.encode(), "text/html; charset=utf-8", {"WARC-Date": "2022-03-05T08:00:00Z"}),
        ("response", SEED_URL, news_page().encode(), "text/html; charset=utf-8", {}),
    ], gz)


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Steppe Daily</title><link>https://steppe-daily.example/</link><language>en-gb</language>
<item><title>{html.escape(SEED_TITLE)}</title><link>{SEED_URL}</link>
<pubDate>Wed, 19 Jan 2022 09:30:00 GMT</pubDate><dc:creator>Anna Reporter</dc:creator>
<description>Short summary only.</description>
<content:encoded><![CDATA[{''.join(f'<p>{html.escape(p)}</p>' for p in SEED_BODY.split(chr(10) * 2))}
<div class="share">Share this on social media</div>]]></content:encoded></item>
<item><title>Storm hits Lisbon</title><link>https://steppe-daily.example/storm</link>
<pubDate>Sun, 27 Feb 2022 18:00:00 +0000</pubDate>
<description>&lt;p&gt;A storm hit &lt;b&gt;Lisbon&lt;/b&gt; on Sunday, said Maria Costa. Ferries stopped running.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Harbour Wire</title><id>urn:harbour</id>
<updated>2022-01-06T12:00:00Z</updated>
<entry><title>Harbour reopens</title><id>urn:harbour:1</id><link href="https://harbour.example/reopens"/>
<published>2022-01-05T08:00:00Z</published><updated>2022-01-06T08:00:00Z</updated><author><name>Tomas Lind</name></author>
<content type="html">&lt;p&gt;The harbour reopened on Tuesday, said port director Tomas Lind.&lt;/p&gt;</content></entry>
<entry><title>Bridge closes</title><id>urn:harbour:2</id><updated>2022-01-07T08:00:00Z</updated>
<summary>The bridge closed for repairs, said Ivan Petrov.</summary></entry>
</feed>"""


def _values(events: list[dict]) -> list[tuple[str, str | None, str | None]]:
    return [(e["value"], e["phrase"], e["anchor"]) for e in events]


def test_web_page_answers_who_when_and_search_from_its_main_text(facts, corpus) -> None:
    root = corpus({"news/csto.html": news_page()})
    who = facts("who", "Tokayev", "--corpus", root, "--json")
    assert who.code == 0, who.err
    assert who.json["name"] == "Kasym-Jomart Tokayev"
    (role,) = who.json["roles"]
    assert (role["title"], role["first"]) == ("Kazakh President", "2022-01-19")
    assert role["evidence"]["article"] == "news/csto"
    # The page's date is the reference date: the seed's dates get their year.
    events = facts("when", "--corpus", root, "--json").json
    assert _values(events) == [
        ("2022-01-02", "January 2", "dct:2022-01-19"),
        ("2022-01-06", "January 6", "dct:2022-01-19"),
        ("2022-01-06TNI", "the night of January 6", "dct:2022-01-19"),
        ("2022-01-07", "A day later", "previous:2022-01-06"),
        ("2022-01-14", "January 14", "dct:2022-01-19"),
    ]
    (hit,) = facts("search", "shoot to kill", "--corpus", root, "--json").json
    # Offsets count in the extracted text (headline, blank line, paragraphs): the same as
    # the seed's own text file, nowhere near where the sentence sits in the HTML.
    assert (hit["start"], hit["end"], hit["title"], hit["date"], hit["author"]) == (1306, 1417, SEED_TITLE, "2022-01-19", "Anna Reporter")
    assert hit["text"].startswith("A day later, Tokayev gave a shoot-to-kill order")


@pytest.mark.parametrize("where", list(BOILERPLATE))
def test_page_boilerplate_is_not_searchable(facts, corpus, where: str) -> None:
    root = corpus({"csto.html": news_page()})
    result = facts("search", f'"{BOILERPLATE[where]}"', "--corpus", root, "--json")
    assert (result.code, result.json) == (1, [])


def test_names_in_comments_and_related_stories_are_not_entities(facts, corpus) -> None:
    root = corpus({"csto.html": news_page()})
    names = {e["name"] for e in facts("who", "--corpus", root, "--json").json}
    assert "Nikol Pashinyan" in names
    assert not names & {"Boris Johnson", "Jack Smith", "Gazprom", "Scholz", "Macron"}


@pytest.mark.parametrize(
    ("json_ld_date", "time_tag", "date"),
    [("2022-01-19T09:30:00+00:00", None, "2022-01-19"), (None, "2022-01-19T09:30:00Z", "2022-01-19"), (None, None, None)],
)
def test_page_date_comes_from_json_ld_or_time_tag(facts, corpus, json_ld_date, time_tag, date) -> None:
    root = corpus({"csto.htm": news_page(json_ld_date=json_ld_date, time_tag=time_tag)})
    (hit,) = facts("search", "shoot to kill", "--corpus", root, "--json").json
    assert hit["date"] == date
    values = {e["value"] for e in facts("when", "--corpus", root, "--json").json}
    assert ("2022-01-14" in values) == (date is not None)
    assert ("XXXX-01-14" in values) == (date is None)


def test_warc_pages_are_articles_and_other_records_one_warning(facts, corpus) -> None:
    # The same page comes several times here, and each copy is checked: copies are kept.
    root = corpus({"crawl.warc.gz": crawl(), "plain.warc": crawl(gz=False)})
    result = facts("index", "--rebuild", "--corpus", root, "--keep-duplicates", "--json")
    assert result.code == 0, result.err
    # each file: the page, the undated page and the page crawled again
    assert result.json["articles"] == 6
    for name in ("crawl.warc.gz", "plain.warc"):
        (warning,) = [w for w in result.warnings if name in w]
        for counted in ("1 request", "2 not HTML", "1 truncated", "1 bad encoding", "1 metadata"):
            assert counted in warning
    hits = facts("search", "shoot to kill", "--corpus", root, "--keep-duplicates", "--json").json
    # The id is the page's URL, made unique for a page crawled again.
    assert sorted(h["article"] for h in hits) == [SEED_URL, f"{SEED_URL}~2", f"{SEED_URL}~3", f"{SEED_URL}~4"]
    assert {h["date"] for h in hits} == {"2022-01-19"}
    # A page with no date of its own is dated by its crawl.
    talks = facts("search", '"talks in Geneva"', "--corpus", root, "--keep-duplicates", "--json").json
    assert {(h["article"].split("~")[0], h["date"]) for h in talks} == {(UNDATED_URL, "2022-03-05")}
    assert facts("search", '"Subscribe to our newsletter"', "--corpus", root, "--keep-duplicates", "--json").code == 1
    assert facts("who", "Tokayev", "--corpus", root, "--keep-duplicates", "--json").json["roles"][0]["first"] == "2022-01-19"


def test_a_page_crawled_again_is_one_story(facts, corpus) -> None:
    root = corpus({"crawl.warc.gz": crawl(), "plain.warc": crawl(gz=False)})
    hits = facts("search", "shoot to kill", "--corpus", root, "--json").json
    assert [h["article"] for h in hits] == [SEED_URL]
    copies = {c["article"]: len(c["copies"]) for c in facts("index", "--corpus", root, "--json").json["duplicates"]}
    assert copies[SEED_URL] == 3  # crawled again, and both in the other file


def test_rss_and_atom_items_are_articles(facts, corpus) -> None:
    # The same page comes several times here, and each copy is checked: copies are kept.
    root = corpus({"steppe.rss": RSS, "harbour.atom": ATOM, "feeds/steppe.xml": RSS.replace("steppe-daily", "mirror")})
    state = facts("index", "--rebuild", "--corpus", root, "--keep-duplicates", "--json")
    assert (state.code, state.json["articles"]) == (0, 6), state.err
    hits = {h["article"]: h for h in facts("search", "shoot to kill", "--corpus", root, "--keep-duplicates", "--json").json}
    assert set(hits) == {SEED_URL, SEED_URL.replace("steppe-daily", "mirror")}
    assert {(h["title"], h["date"], h["start"]) for h in hits.values()} == {(SEED_TITLE, "2022-01-19", 1306)}
    assert facts("search", '"Share this on social media"', "--corpus", root, "--keep-duplicates", "--json").code == 1
    assert facts("search", '"Short summary only"', "--corpus", root, "--keep-duplicates", "--json").code == 1  # content wins
    (reopens,) = facts("search", '"harbour reopened"', "--corpus", root, "--keep-duplicates", "--json").json
    assert reopens["author"] == "Tomas Lind"  # the Atom entry's author
    storms = facts("search", '"storm hit Lisbon"', "--corpus", root, "--keep-duplicates", "--json").json
    assert {(h["article"], h["date"]) for h in storms} == {
        ("https://steppe-daily.example/storm", "2022-02-27"), ("https://mirror.example/storm", "2022-02-27")}
    texts = {h["text"] for h in storms}
    assert "A storm hit Lisbon on Sunday, said Maria Costa." in texts  # the markup is gone
    assert not any("<" in t for t in texts)
    (harbour,) = facts("search", "harbour reopened", "--corpus", root, "--keep-duplicates", "--json").json
    assert (harbour["article"], harbour["title"], harbour["date"]) == ("https://harbour.example/reopens", "Harbour reopens",
                                                                       "2022-01-05")
    (bridge,) = facts("search", "bridge repairs", "--corpus", root, "--keep-duplicates", "--json").json
    assert (bridge["article"], bridge["date"]) == ("urn:harbour:2", "2022-01-07")
    assert facts("who", "Tokayev", "--corpus", root, "--keep-duplicates", "--json").json["articles"] == 2


def test_articles_not_in_english_are_searchable_but_not_recognised(facts, corpus) -> None:
    root = corpus({
        "csto.html": news_page(),
        "genf.html": news_page("Gespräche in Genf", GERMAN, lang="de"),
        "geneve.txt": "Discussions à Genève\n\n" + FRENCH,
        "wire.jsonl": json.dumps({"id": "w1", "language": "es", "text": "Las conversaciones terminaron el lunes."}) + "\n",
    })
    state = facts("index", "--rebuild", "--corpus", root, "--json")
    assert (state.json["articles"], state.json["not_english"]) == (4, 3), state.err
    assert facts("search", "Einigung", "--corpus", root, "--json").json[0]["article"] == "genf"
    assert facts("search", "négociateurs", "--corpus", root, "--json").json[0]["article"] == "geneve"
    names = {e["name"] for e in facts("who", "--corpus", root, "--json").json}
    assert "Kasym-Jomart Tokayev" in names
    assert not names & {"Olaf Scholz", "Genf", "Emmanuel Macron", "Genève"}
    # no dates are tagged in them either: "am Montag" and "lundi" are not events
    assert {e["article"] for e in facts("when", "--corpus", root, "--json").json} == {"csto"}
    table = facts("index", "--corpus", root, "--format", "plain")
    assert "not_english\t3" in table.out


def test_bad_archive_files_are_skipped_with_a_warning_each(facts, corpus) -> None:
    # good.html and the crawl hold the same page: copies are kept, to see both were read.
    whole = crawl()
    root = corpus({
        "good.html": news_page(),
        "broken.html": "<html><body><div class=",
        "binary.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "cut.warc.gz": whole[: len(whole) * 2 // 3],
        "notxml.rss": "This is not a feed at all, just words.\n",
        "config.xml": '<?xml version="1.0"?><settings><colour>blue</colour></settings>',
        "feed.atom": ATOM,
        "notes.txt": "Notes\n\nThe harbour director Tomas Lind spoke on Friday.\n",
    })
    result = facts("index", "--rebuild", "--corpus", root, "--keep-duplicates", "--json")
    assert result.code == 0, result.err
    for name in ("broken.html", "binary.html", "cut.warc.gz", "notxml.rss", "config.xml"):
        assert any(name in w for w in result.warnings), (name, result.warnings)
    assert "Traceback" not in result.err
    # good.html, notes.txt, the two entries of feed.atom, and the cut crawl's pages before the cut
    articles = {h["article"] for h in facts("search", "shoot to kill", "--corpus", root, "--keep-duplicates", "--json").json}
    assert "good" in articles and SEED_URL in articles
    assert facts("search", "bridge repairs", "--corpus", root, "--keep-duplicates", "--json").code == 0
    assert facts("search", "harbour director", "--corpus", root, "--keep-duplicates", "--json").code == 0


def test_a_changed_page_makes_the_index_stale(facts, corpus) -> None:
    # The page is also in the crawl; copies are kept so that the changed one is searched.
    root = corpus({"csto.html": news_page(), "crawl.warc": crawl(gz=False)})
    assert facts("index", "--rebuild", "--corpus", root, "--keep-duplicates", "--json").json["current"] is True
    (root / "csto.html").write_text(news_page(body=SEED_BODY.replace("shoot-to-kill", "fire-at-will")), encoding="utf-8")
    state = facts("index", "--corpus", root, "--keep-duplicates", "--json").json
    assert (state["current"], state["changed"]) == (False, 1)
    hits = facts("search", "fire at will", "--corpus", root, "--keep-duplicates", "--json").json
    assert [h["article"] for h in hits] == ["csto"]


def test_without_the_extra_pages_are_skipped_with_the_install_command(facts, corpus, monkeypatch) -> None:
    for module in ("trafilatura", "warcio", "lxml"):
        monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    for module in list(sys.modules):
        if module.startswith("factlookup.index.formats."):
            monkeypatch.delitem(sys.modules, module)
    root = corpus({"csto.html": news_page(), "crawl.warc.gz": crawl(), "feed.rss": RSS, "notes.txt": "Notes\n\nAnna Berg spoke.\n"})
    result = facts("index", "--rebuild", "--corpus", root, "--json")
    assert (result.code, result.json["articles"]) == (0, 1), result.err
    for name in ("csto.html", "crawl.warc.gz", "feed.rss"):
        (warning,) = [w for w in result.warnings if name in w]
        assert "pip install 'factlookup[archives]'" in warning


def test_queries_on_an_archive_index_load_none_of_the_archive_libraries(tmp_path: Path) -> None:
    root = tmp_path / "news"
    root.mkdir()
    (root / "csto.html").write_text(news_page(), encoding="utf-8")
    (root / "crawl.warc.gz").write_bytes(gzip.compress(b"") + crawl())
    (root / "feed.rss").write_text(RSS, encoding="utf-8")
    cache = tmp_path / "cache"
    env = child_env(cache)
    subprocess.run(facts_command() + ["index", "--rebuild", "--corpus", str(root)], env=env, check=True, capture_output=True)
    probe = (
        "import sys\nfrom factlookup.cli import run\ncode = run(sys.argv[1:])\n"
        "print(' '.join(m for m in ('trafilatura', 'warcio', 'lxml', 'htmldate') if m in sys.modules), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    for args in (["who", "Tokayev"], ["when", "Tokayev"], ["search", "shoot to kill"]):
        done = subprocess.run([sys.executable, "-c", probe, "--corpus", str(root), *args, "--json"], env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)
        assert done.stderr.splitlines()[-1] == ""
