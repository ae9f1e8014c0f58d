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
