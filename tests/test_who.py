"""`who` on a corpus of several articles: linking across articles, ambiguity, filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts_runner import facts


@pytest.fixture()
def corpus(tmp_path: Path, cache_dir: Path) -> str:
    root = tmp_path / "news"
    root.mkdir()
    (root / "one.md").write_text(
        "---\ntitle: Budget vote\ndate: 2023-05-02\n---\n"
        "Finance Minister John Smith presented the budget in London on Tuesday. "
        "Smith said taxes would not rise.\n",
        encoding="utf-8",
    )
    (root / "two.md").write_text(
        "---\ntitle: Election\ndate: 2023-05-09\n---\n"
        "Jane Smith, the head of the Electoral Commission, announced the results on Monday. "
        "Kassym-Jomart Tokayev congratulated the winners.\n",
        encoding="utf-8",
    )
    (root / "three.md").write_text(
        "---\ntitle: Visit\ndate: 2023-05-10\n---\n"
        "Kazakh President Kasym-Jomart Tokaev arrived in London on Wednesday.\n",
        encoding="utf-8",
    )
    return str(root)


def test_shared_surname_is_ambiguous(corpus: str) -> None:
    result = facts("--corpus", corpus, "who", "Smith", "--json")
    assert result.code == 0
    assert result.json["ambiguous"] is True
    assert sorted(c["name"] for c in result.json["candidates"]) == ["Jane Smith", "John Smith"]


def test_full_name_picks_one(corpus: str) -> None:
    profile = facts("--corpus", corpus, "who", "John", "Smith", "--json").json
    assert profile["name"] == "John Smith"
    assert [r["title"] for r in profile["roles"]] == ["Finance Minister"]


def test_head_of_role(corpus: str) -> None:
    profile = facts("--corpus", corpus, "who", "Jane", "Smith", "--json").json
    assert [(r["title"], r["rule"]) for r in profile["roles"]] == [("head of the Electoral Commission", "head-of")]


def test_transliterations_merge_across_articles(corpus: str) -> None:
    profile = facts("--corpus", corpus, "who", "Tokayev", "--json").json
    assert profile["articles"] == 2
    assert profile["mentions"] == 2
    assert {e["article"] for e in profile["evidence"]} == {"two", "three"}
    assert [r["title"] for r in profile["roles"]] == ["Kazakh President"]


def test_type_filter(corpus: str) -> None:
    places = facts("--corpus", corpus, "who", "--type", "place", "--json").json
    assert [p["name"] for p in places] == ["London"]


@pytest.fixture()
def bakers(tmp_path: Path, cache_dir: Path) -> str:
    root = tmp_path / "bakers"
    root.mkdir()
    for i in range(6):
        (root / f"james{i}.md").write_text(
            f"---\ntitle: Dollar {i}\n---\nTreasury Secretary James Baker said the dollar was stable. "
            "Baker said the talks would go on. Baker met bankers in Washington on Monday.\n",
            encoding="utf-8",
        )
    for i in range(3):
        (root / f"howard{i}.md").write_text(
            f"---\ntitle: White House {i}\n---\nWhite House chief of staff Howard Baker said the budget was ready.\n",
            encoding="utf-8",
        )
    (root / "ronald.md").write_text(
        "---\ntitle: Summit\n---\nPresident Ronald Reagan met Mikhail Gorbachev. Reagan said the talks went well. "
        "Reagan left on Sunday.\n",
        encoding="utf-8",
    )
    (root / "nancy.md").write_text("---\ntitle: Visit\n---\nNancy Reagan visited a school in Chicago.\n", encoding="utf-8")
    return str(root)


def test_a_surname_two_established_people_bear_lists_them(bakers: str) -> None:
    result = facts("--corpus", bakers, "who", "Baker", "--json")
    assert result.code == 0 and result.json["ambiguous"] is True
    assert [c["name"] for c in result.json["candidates"]] == ["James Baker", "Howard Baker"]
    # a bearer named in one story does not make the surname ambiguous
    assert facts("--corpus", bakers, "who", "Reagan", "--json").json["name"] == "Ronald Reagan"


def test_an_initialism_across_and_names_the_company() -> None:
    import sqlite3

    from factlookup.query.who import match_names

    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT, type TEXT, mentions INTEGER, articles INTEGER);"
        "CREATE TABLE names (key TEXT, entity INTEGER, surface TEXT, canonical INTEGER);"
        "CREATE TABLE roles (entity INTEGER, title TEXT, rule TEXT, sentence INTEGER);"
        "CREATE TABLE name_words (word TEXT, entity INTEGER);"
        "CREATE TABLE name_word_lengths (length INTEGER PRIMARY KEY, words TEXT, orders TEXT);"
        "INSERT INTO entities VALUES (1, 'Standard and Poor''s Corp', 'organization', 40, 30),"
        " (2, 'American Telephone and Telegraph Co', 'organization', 9, 5), (3, 'Sun and Power', 'organization', 1, 1);"
        "INSERT INTO names VALUES ('standard and poor s corp', 1, 'Standard and Poor''s Corp', 1),"
        " ('american telephone and telegraph co', 2, 'American Telephone and Telegraph Co', 1),"
        " ('sun and power', 3, 'Sun and Power', 1);"
    )
    assert [r.name for r in match_names(db, "S and P")] == ["Standard and Poor's Corp", "Sun and Power"]
    assert [r.name for r in match_names(db, "S&P")] == ["Standard and Poor's Corp", "Sun and Power"]
    assert [r.name for r in match_names(db, "AT and T")] == ["American Telephone and Telegraph Co"]
    assert match_names(db, "s and p") == []  # only capitals are initials
