"""Datelines, bylines and sign-offs a source repeats are recognised from the corpus and are
not counted as mentions; names in the news, and every name of a small corpus, still are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factlookup.index.boilerplate import MIN_ARTICLES, find_boilerplate, without_boilerplate
from factlookup.models import Article
from facts_runner import facts

CITIES = ["LONDON", "PARIS", "BERLIN", "MADRID", "ROME", "CAIRO", "LIMA", "DUBLIN"]
GOODS = ["wheat", "copper", "coffee", "sugar", "cotton", "tin", "cocoa", "rubber"]
MONTHS = ["January", "February", "March", "April", "May", "June"]
SIGN_OFF = "Reuter"
BYLINE = "By Staff Writer, Wire Service"


def wire_story(i: int, opener: str = "") -> str:
    """A short wire story: a dateline with a varying city and a fixed "(Wire News) -", a body
    that names Deutsche Bank in most stories, and a sign-off or a byline as its last line."""
    city, good, month = CITIES[i % len(CITIES)], GOODS[i % len(GOODS)], MONTHS[i % len(MONTHS)]
    lines = [
        f"{city} (Wire News) - {opener}{good.capitalize()} prices rose {i + 2} pct on Tuesday after",
        f"the ministry cut its {month} forecast by {i * 3 + 10},000 tonnes.",
        f"    Analysts at Deutsche Bank put {good} stocks at {i * 7 + 40} mln tonnes"
        if i % 4 != 3 else f"    Importers put {good} stocks at {i * 7 + 40} mln tonnes",
        f"at the end of {month}, against {i * 5 + 30} mln a year earlier.",
        f"    A ministry official told Wire News {i % 5 + 2} cargoes were booked."
        if i in (5, 17) else f"    Dealers said {i % 5 + 2} cargoes were booked for {month} shipment.",
        SIGN_OFF if i % 2 == 0 else BYLINE,
    ]
    return "\n".join(lines)


def write_corpus(folder: Path, count: int, opener: str = "") -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wire.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            record = {"id": f"w{i:02d}", "title": "PRICES", "text": wire_story(i, opener), "source": "Wire"}
            out.write(json.dumps(record) + "\n")
    return str(path)


def who(corpus: str) -> dict[str, dict]:
    result = facts("--corpus", corpus, "who", "--json")
    assert result.code == 0, result.err
    return {e["name"]: e for e in result.json}


def test_sign_off_byline_and_dateline_are_not_mentions(tmp_path: Path, cache_dir: Path) -> None:
    entities = who(write_corpus(tmp_path / "wire", 40))
    names = {name.casefold() for name in entities}
    assert "reuter" not in names
    assert not any("staff writer" in name or "wire service" in name for name in names)
    # The dateline's agency is named only where a story quotes it.
    assert (entities["Wire News"]["mentions"], entities["Wire News"]["articles"]) == (2, 2)
    # Named in the body of 30 stories: every mention counts.
    assert (entities["Deutsche Bank"]["mentions"], entities["Deutsche Bank"]["articles"]) == (30, 30)
    # The dateline city varies from story to story: it stays.
    assert entities["LONDON"]["mentions"] == 5


def test_a_name_opening_most_stories_is_news_not_boilerplate(tmp_path: Path, cache_dir: Path) -> None:
    # Deutsche Bank opens every story, and the body of most names it again.
    entities = who(write_corpus(tmp_path / "bank", 40, opener="Deutsche Bank said "))
    assert entities["Deutsche Bank"]["mentions"] == 70
    assert "Reuter" not in entities


def test_small_corpus_keeps_every_name(tmp_path: Path, cache_dir: Path) -> None:
    # Three stories with the same sign-off and dateline: too few to call anything boilerplate.
    entities = who(write_corpus(tmp_path / "small", 3))
    assert entities["Reuter"]["mentions"] == 2  # stories 0 and 2 sign off, story 1 has the byline
    assert entities["Wire News"]["mentions"] == 3


def articles(texts: list[str], source: str | None = "Wire") -> list[Article]:
    return [Article(f"a{i}", "", text, None, source) for i, text in enumerate(texts)]


def test_regions_cover_only_what_repeats() -> None:
    texts = [wire_story(i) for i in range(2 * MIN_ARTICLES)]
    found = find_boilerplate(articles(texts))
    first = [texts[0][start:end] for start, end in found.regions[0]]
    assert "Reuter" in first
    assert "Wire News" in first
    assert not any("LONDON" in r for r in first)
    assert ("line", "by staff writer, wire service", MIN_ARTICLES) in found.sequences
    assert ("line", "reuter", MIN_ARTICLES) in found.sequences


def test_below_the_floor_nothing_is_boilerplate() -> None:
    texts = [wire_story(i) for i in range(MIN_ARTICLES - 1)]
    assert find_boilerplate(articles(texts)).regions == [[] for _ in texts]


def test_counted_per_source() -> None:
    # 25 stories of one source sign off; 300 of another do not. Across the corpus the
    # sign-off is on 8% of the stories, within its source on all of them.
    words = "grain oil gold silver zinc lead nickel coal gas rice oats corn".split()

    def sentence(i: int) -> str:
        return " ".join(words[(i * k + k) % len(words)] for k in range(1, 6)) + f" {i}."

    signed = [f"{sentence(i)}\nReuter" for i in range(25)]
    plain = [sentence(i + 25) for i in range(300)]
    found = find_boilerplate(articles(signed, "Wire") + articles(plain, "Other"))
    assert all(signed[i][start:end] == "Reuter" for i in range(25) for start, end in found.regions[i])
    assert all(found.regions[i] for i in range(25))
    unsourced = find_boilerplate(articles(signed, None) + articles(plain, None))
    assert not any(text == "reuter" for _, text, _ in unsourced.sequences)


def test_mentions_inside_regions_are_dropped() -> None:
    text = "PARIS (Wire News) - Prices rose.\nReuter"
    entity = ("Wire News", "organization", (), (), (("Wire News", "organization", 7, 16, 0),))
    city = ("PARIS", "place", (), (), (("PARIS", "place", 0, 5, 0),))
    assert text[7:16] == "Wire News"
    assert without_boilerplate([entity, city], [(7, 16), (33, 39)]) == [city]
    assert without_boilerplate([entity, city], []) == [entity, city]


@pytest.mark.parametrize("count", [1, 3])
def test_tiny_corpora_have_no_regions(count: int) -> None:
    assert find_boilerplate(articles(["LONDON (Wire News) - Prices rose.\nReuter"] * count)).regions == [[]] * count


def test_a_sign_off_given_twice_is_one_region() -> None:
    # A few stories of Reuters-21578 close with "REUTER" and then "Reuter" again.
    texts = [f"Story {i} about prices.\n" + ("REUTER\n Reuter" if i % 5 == 0 else "Reuter") for i in range(40)]
    found = find_boilerplate(articles(texts))
    assert [texts[0][start:end] for start, end in found.regions[0]][-1] == "REUTER\n Reuter"
    assert [texts[1][start:end] for start, end in found.regions[1]][-1] == "Reuter"
