"""Properties over arbitrary input: the loaders, the sentence splitter and tokenizer, the
temporal tagger and the query parser never raise, and every offset they give is sound.

`pytest --hypothesis-show-statistics tests/test_properties.py` shows how many inputs each
property tried.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from factlookup.extract.text import split_sentences, tokenize
from factlookup.index import corpus as corpus_module
from factlookup.index.corpus import SourceFile, load, parse_text_article
from factlookup.models import Article
from factlookup.query.search import parse_query

# FACTS_PROPERTY_EXAMPLES=5000 for a longer hunt; 200 keeps the suite quick.
MODEST = settings(max_examples=int(os.environ.get("FACTS_PROPERTY_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text that looks like news more often than uniform noise would: words, punctuation,
# abbreviations, quotes, newlines and blank lines, dates, other scripts, emoji and controls.
FRAGMENTS = st.sampled_from([
    "The", "minister", "Mr.", "Dr.", "U.S.", "Jan.", "St.", "said", "on", "Monday", "January", "6,", "2022",
    "2022-01-06", "last", "week", "three", "days", "ago", "at", "10:30", "a.m.", "in", "Almaty", "Kasym-Jomart",
    "Tokayev's", "Gulagu.net", "3.5%", "1990s", ".", "...", "!", "?", "…", ",", ";", ":", "-", "—", "\"", "'",
    "“", "”", "’s", "(", ")", "[bold]", "[/]", "\n", "\n\n", "\r\n", "\t", " ", "  ", "ОДКБ", "Москва", "🙂",
    "🇰🇿", "\x1b[31m", "\x00", "\u200b", "\u0301", "ß", "İ", "---", "# Heading", "title: x", "date: 2022-01-06",
])
NEWSY = st.lists(FRAGMENTS | st.text(max_size=8), max_size=60).map(lambda parts: " ".join(parts))
ANY_TEXT = NEWSY | st.text(max_size=300)


def _no_warn(_message: str) -> None:
    pass


# -- loaders -------------------------------------------------------------------------------


@MODEST
@given(text=ANY_TEXT, front=st.booleans())
def test_parse_text_article(text: str, front: bool) -> None:
    if front:
        text = "---\ntitle: T\ndate: 2022-01-06\n---\n" + text
    warnings: list[str] = []
    article = parse_text_article(text, "id", "x.md", warnings.append)
    assert all(isinstance(w, str) and "\n" not in w for w in warnings)
    if article is None:
        return
    assert article.text.strip()
    assert text.endswith(article.text)  # the body, offsets relative to it
    assert len(article.title) <= 300
    assert article.date is None or article.date[:4].isdigit()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {"text": ANY_TEXT | JSON_VALUES},
    optional={"id": JSON_VALUES, "title": JSON_VALUES, "date": JSON_VALUES | st.sampled_from(["2022-01-06", "6 Jan 2022", "soon"]),
              "source": JSON_VALUES, "url": JSON_VALUES, "body": ANY_TEXT},
)


def _load_file(name: str, data: bytes) -> tuple[list[Article], list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        source = SourceFile(str(path), name, len(data), 0)
        warnings: list[str] = []
        articles = list(load(source, warnings.append))  # a crawl is read lazily
    return articles, warnings


def _sound(articles: list[Article], warnings: list[str]) -> None:
    for w in warnings:
        assert isinstance(w, str) and "\n" not in w
    for a in articles:
        assert isinstance(a.id, str) and a.id
        assert isinstance(a.text, str) and a.text.strip()
        assert "\x00" not in a.text
        a.text.encode("utf-8")  # storable: no lone surrogates
        a.id.encode("utf-8")
        a.title.encode("utf-8")


@MODEST
@given(text=ANY_TEXT, raw=st.binary(max_size=400), where=st.sampled_from(["body", "title", "raw"]),
       suffix=st.sampled_from([".html", ".rss", ".atom", ".warc", ".warc.gz", ".xml"]))
def test_load_archive_formats(text: str, raw: bytes, where: str, suffix: str) -> None:
    from xml.sax.saxutils import escape

    safe = escape(text.replace("\x00", ""))
    pages = {
        ".html": f"<html lang='en'><head><title>{safe if where == 'title' else 'T'}</title></head>"
                 f"<body><nav>Home</nav><article><p>{safe}</p></article></body></html>",
        ".rss": f"<rss><channel><item><title>{safe}</title><description>{escape('<p>' + safe + '</p>')}</description>"
                "<pubDate>Wed, 19 Jan 2022 09:30:00 GMT</pubDate></item></channel></rss>",
        ".atom": f"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>{safe}</title>"
                 f"<content type='html'>{safe}</content></entry></feed>",
    }
    page = pages.get(suffix, pages[".rss"] if suffix == ".xml" else "")
    data = raw if where == "raw" or not page else page.encode("utf-8", "surrogatepass")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        data = raw
    articles, warnings = _load_file("x" + suffix, data)
    _sound(articles, warnings)


@MODEST
@given(records=st.lists(RECORDS | JSON_VALUES, max_size=5), as_list=st.booleans())
def test_load_json(records: list, as_list: bool) -> None:
    value = records if as_list or len(records) != 1 else records[0]
    data = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    _sound(*_load_file("a.json", data))


@MODEST
@given(lines=st.lists(
    RECORDS.map(lambda r: json.dumps(r)) | JSON_VALUES.map(json.dumps) | st.text(max_size=40), max_size=8,
))
def test_load_jsonl(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    articles, warnings = _load_file("a.jsonl", data)
    _sound(articles, warnings)
    for a in articles:
        assert a.path.endswith("a.jsonl")


@MODEST
@given(data=st.binary(max_size=600) | ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
       name=st.sampled_from(["a.txt", "a.md", "a.json", "a.jsonl"]))
def test_load_any_bytes(data: bytes, name: str) -> None:
    _sound(*_load_file(name, data))


@MODEST
@given(raw=st.text(max_size=40) | st.sampled_from(["2022-01-06", "2022-02-30", "06.01.2022", "Jan 6, 2022", "9999-99-99"]))
def test_normalise_date(raw: str) -> None:
    value = corpus_module.normalise_date(raw, "x", _no_warn)
    assert value is None or (len(value) in (4, 7, 10) and value[:4].isdigit())


# -- sentences and tokens ------------------------------------------------------------------


@MODEST
@given(text=ANY_TEXT)
def test_split_sentences(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence == sentence.strip()
        previous_end = end
    # Nothing but whitespace is left out.
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@MODEST
@given(text=ANY_TEXT, cut=st.tuples(st.integers(0, 400), st.integers(0, 400)))
def test_tokenize(text: str, cut: tuple[int, int]) -> None:
    for start, end in ((0, None), (min(cut), min(max(cut), len(text)))):
        tokens = tokenize(text, start, end)
        limit = len(text) if end is None else end
        previous_end = start
        for token in tokens:
            assert previous_end <= token.start < token.end <= max(limit, start)
            assert token.text == text[token.start : token.end]
            previous_end = token.end
        covered = set()
        for token in tokens:
            covered.update(range(token.start, token.end))
        assert all(text[i].isspace() for i in range(start, max(limit, start)) if i not in covered)


# -- temporal tagger -----------------------------------------------------------------------


@MODEST
@given(text=ANY_TEXT, reference=st.none() | st.sampled_from(["2022-01-19", "2022", "2022-01", "1999-12-31"]))
def test_timex_tag(text: str, reference: str | None) -> None:
    from factlookup.extract.timex import tag

    for sentences in (None, split_sentences(text)):
        timexes = tag(text, reference, sentences)
        for t in timexes:
            assert 0 <= t.start < t.end <= len(text)
            assert t.text == text[t.start : t.end]
            assert t.type in ("DATE", "TIME", "DURATION", "SET")
            assert isinstance(t.value, str) and t.value


# -- the whole extraction ------------------------------------------------------------------


@MODEST
@given(text=ANY_TEXT.filter(str.strip), date=st.none() | st.just("2022-01-19"))
def test_extract_any_article(text: str, date: str | None) -> None:
    from factlookup.extract.pipeline import extract

    text = text.replace("\x00", " ")  # the loaders do this before extraction
    facts = extract(Article("a", "t", text, date))
    for start, end in facts.sentences:
        assert 0 <= start < end <= len(text)
    for entity in facts.entities:
        assert entity.name
        for mention in entity.mentions:
            assert mention.text == text[mention.start : mention.end]
            assert 0 <= mention.sentence < len(facts.sentences)
    for t in facts.timexes:
        assert t.text == text[t.start : t.end]


# -- queries -------------------------------------------------------------------------------

QUERY_TEXT = st.lists(
    FRAGMENTS | st.sampled_from(['"', '"shoot to kill"', "-", "-minister", "-\"a b\"", "*", "NEAR", "OR", "AND", "NOT", "^"])
    | st.text(max_size=10),
    max_size=12,
).map(" ".join) | st.text(max_size=200)


@MODEST
@given(text=QUERY_TEXT)
@example(text="ﱞ")  # a ligature whose folded form is a space and two marks
def test_parse_query(text: str) -> None:
    query = parse_query(text)
    for group in query.groups:
        terms = getattr(group, "terms", group)  # a Group, or a plain list of terms
        assert terms
        for term in terms:
            assert term.word and not any(c.isspace() for c in term.word)
    for word in query.excluded:
        assert word and not any(c.isspace() for c in word)


TINY = {
    "a.md": "---\ntitle: Talks\ndate: 2022-03-01\n---\nThe minister Anna Berg said the talks in Geneva ended on 2022-02-28.\n",
    "b.txt": "Storm\n\nA storm hit Lisbon on February 27, 2022. Саммит ОДКБ прошёл в Москве. 🙂 Party [bold]time[/bold].\n",
    "c.jsonl": json.dumps({"id": "c", "text": "Shoot-to-kill orders were given on Jan. 7, the U.S. said."}) + "\n",
}


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory):
    """A small index built once for the module: (corpus folder, cache folder)."""
    root = tmp_path_factory.mktemp("tiny")
    for name, text in TINY.items():
        (root / name).write_text(text, encoding="utf-8")
    cache = tmp_path_factory.mktemp("tiny-cache")
    return root, cache


@MODEST
@given(text=QUERY_TEXT)
def test_search_any_query(facts, tiny_index, monkeypatch, text: str) -> None:
    root, cache = tiny_index
    monkeypatch.setenv("FACTS_CACHE_DIR", str(cache))
    assume(text.strip())
    result = facts("search", "--corpus", root, "--json", "--", text)
    assert result.code in (0, 1), result.err
    assert isinstance(result.json, list)
    for hit in result.json:
        assert hit["text"]
        for match in hit["matches"]:
            assert hit["start"] <= match["start"] < match["end"] <= hit["end"]


@MODEST
@given(text=QUERY_TEXT, command=st.sampled_from(["who", "when"]))
def test_who_and_when_any_query(facts, tiny_index, monkeypatch, text: str, command: str) -> None:
    root, cache = tiny_index
    monkeypatch.setenv("FACTS_CACHE_DIR", str(cache))
    result = facts(command, "--corpus", root, "--json", "--", text)
    assert result.code in (0, 1), result.err
    json.loads(result.out)


# Values shaped like the answers: strings of any code point (controls, quotes, lone
# surrogates), numbers, booleans, None, nested lists, tuples and string-keyed dicts.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@MODEST
@given(JSON_VALUES, st.sampled_from([None, 2]))
def test_the_json_writer_writes_what_json_dumps_writes(value, indent) -> None:
    from factlookup.output.jsontext import dumps

    assert dumps(value, indent=indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300))
def test_ascii_word_splits_match_the_patterns_they_stand_for(text: str) -> None:
    import re

    from factlookup.extract import language
    from factlookup.index.duplicates import words

    assert words(text) == re.findall(r"\w+", text.casefold())
    lower = text.lower()
    assert lower.encode("ascii").translate(language._LETTERS_ONLY).decode("ascii").split() == re.findall(r"[^\W\d_]+", lower)
