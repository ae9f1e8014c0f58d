"""`facts search`: ranking, typo tolerance, phrases, exclusion, filters and offsets."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from factlookup.cli import run
from factlookup.env import Environment
from factlookup.extract.pipeline import ArticleFacts
from factlookup.extract.text import split_sentences

ARTICLES = {
    "a1.md": (
        "---\ntitle: Curfew lifted\ndate: 2022-01-10\n---\n"
        "The curfew was lifted in Almaty on Monday.\n\n"
        "Tokayev gave a shoot-to-kill order to the police.\n\n"
        "Protesters gathered in Zhanaözen near the café.\n"
    ),
    "a2.md": (
        "---\ntitle: Pipeline talks\ndate: 2022-02-15\n---\n"
        "The talks resumed in Geneva on Tuesday.\n\n"
        "The resumed talks ended without a deal.\n\n"
        "Engineers inspected the pipeline near the border.\n\n"
        "Engineers inspected the pipelines near the border.\n"
    ),
    "a3.md": (
        "---\ntitle: Harvest report\ndate: 2022-03-20\n---\n"
        "The harvest was good this year.\n\n"
        "Farmers harvested wheat in the north.\n\n"
        "Halves of the crop were lost to frost.\n\n"
        "Apple shares rose after the report.\n\n"
        "An apple a day, the farmers said.\n"
    ),
}


def _extract_sentences_only(article) -> ArticleFacts:
    # Search needs sentences only; entity and date extraction are tested elsewhere.
    return ArticleFacts(article, split_sentences(article.text), [], [])


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    monkeypatch.setattr("factlookup.index.build.extract", _extract_sentences_only)
    root = tmp_path / "news"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def search(corpus: Path, *args: str) -> tuple[int, list[dict]]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdout_isatty=False, stderr_isatty=False, colors=False, width=100)
    code = run(["search", "--corpus", str(corpus), "--json", *args], env)
    assert code in (0, 1), err.getvalue()
    hits = json.loads(out.getvalue()) if out.getvalue().strip() else []
    assert (code == 0) == bool(hits)
    return code, hits


def texts(hits: list[dict]) -> list[str]:
    return [h["text"] for h in hits]


def body(corpus: Path, article: str) -> str:
    raw = (corpus / f"{article}.md").read_text(encoding="utf-8")
    return raw.split("---\n", 2)[2]


def test_hit_fields_and_offsets(corpus: Path) -> None:
    code, hits = search(corpus, "curfew")
    assert code == 0
    assert hits == [
        {
            "text": "The curfew was lifted in Almaty on Monday.",
            "score": hits[0]["score"],
            "article": "a1",
            "title": "Curfew lifted",
            "date": "2022-01-10",
            "author": None,
            "start": 0,
            "end": 42,
            "matches": [{"start": 4, "end": 10, "text": "curfew"}],
        }
    ]
    assert isinstance(hits[0]["score"], float) and hits[0]["score"] > 0


def test_match_offsets_point_into_the_article(corpus: Path) -> None:
    _, hits = search(corpus, "shoot to kill police")
    assert hits
    for hit in hits:
        text = body(corpus, hit["article"])
        assert text[hit["start"] : hit["end"]] == hit["text"]
        for m in hit["matches"]:
            assert text[m["start"] : m["end"]] == m["text"]
    assert [m["text"] for m in hits[0]["matches"]] == ["shoot", "to", "kill", "police"]


def test_exact_outranks_prefix(corpus: Path) -> None:
    _, hits = search(corpus, "harvest")
    assert texts(hits) == ["The harvest was good this year.", "Farmers harvested wheat in the north."]
    assert hits[0]["score"] > hits[1]["score"]
    assert [m["text"] for h in hits for m in h["matches"]] == ["harvest", "harvested"]


def test_whole_word_outranks_longer_word(corpus: Path) -> None:
    _, hits = search(corpus, "pipeline")
    assert texts(hits)[:2] == [
        "Engineers inspected the pipeline near the border.",
        "Engineers inspected the pipelines near the border.",
    ]
    assert hits[0]["score"] > hits[1]["score"]


def test_prefix_outranks_close_spelling(corpus: Path) -> None:
    # "harves": the start of "harvest"/"harvested", one letter from "halves".
    _, hits = search(corpus, "harves")
    assert texts(hits) == [
        "The harvest was good this year.",
        "Farmers harvested wheat in the north.",
        "Halves of the crop were lost to frost.",
    ]
    assert hits[0]["score"] > hits[2]["score"] and hits[1]["score"] > hits[2]["score"]


def test_typo_finds_the_word(corpus: Path) -> None:
    _, hits = search(corpus, "Tokaev")
    assert texts(hits) == ["Tokayev gave a shoot-to-kill order to the police."]
    assert hits[0]["matches"] == [{"start": 44, "end": 51, "text": "Tokayev"}]


@pytest.mark.parametrize("query", ["shoot to kill", "shoot-to-kill", "shoot-to kill", "shoot to kil", '"shoot to kill"'])
def test_hyphen_and_spacing_variants(corpus: Path, query: str) -> None:
    _, hits = search(corpus, query)
    assert texts(hits)[0] == "Tokayev gave a shoot-to-kill order to the police."
    assert [m["text"] for m in hits[0]["matches"]] == ["shoot", "to", "kill"]


def test_nonsense_finds_nothing(corpus: Path) -> None:
    assert search(corpus, "xyzzyq") == (1, [])
    assert search(corpus, "harvest xyzzyq") == (1, [])


def test_accents_fold_both_ways(corpus: Path) -> None:
    _, plain = search(corpus, "zhanaozen cafe")
    _, accented = search(corpus, "Zhanaözen café")
    assert texts(plain) == texts(accented) == ["Protesters gathered in Zhanaözen near the café."]
    assert [m["text"] for m in plain[0]["matches"]] == ["Zhanaözen", "café"]


def test_smart_case(corpus: Path) -> None:
    _, capital = search(corpus, "Apple")
    assert texts(capital) == ["Apple shares rose after the report.", "An apple a day, the farmers said."]
    assert capital[0]["score"] > capital[1]["score"]
    _, lower = search(corpus, "apple")
    assert sorted(texts(lower)) == sorted(texts(capital))
    assert lower[0]["score"] == pytest.approx(lower[0]["score"])


def test_quoted_phrase_needs_the_words_together(corpus: Path) -> None:
    _, quoted = search(corpus, '"talks resumed"')
    assert texts(quoted) == ["The talks resumed in Geneva on Tuesday."]
    _, bare = search(corpus, "talks resumed")
    assert texts(bare) == ["The talks resumed in Geneva on Tuesday.", "The resumed talks ended without a deal."]
    assert bare[0]["score"] > bare[1]["score"]


def test_excluded_word(corpus: Path) -> None:
    _, hits = search(corpus, "talks -geneva")
    assert texts(hits) == ["The resumed talks ended without a deal."]
    assert search(corpus, "--", "talks", "-geneva") == (0, hits)
    _, hits = search(corpus, "talks -\"in geneva\"")
    assert "The talks resumed in Geneva on Tuesday." not in texts(hits)


def test_article_filter(corpus: Path) -> None:
    _, everywhere = search(corpus, "the")
    assert {h["article"] for h in everywhere} == {"a1", "a2", "a3"}
    _, one = search(corpus, "the", "--article", "a2")
    assert {h["article"] for h in one} == {"a2"}
    assert search(corpus, "curfew", "--article", "a2") == (1, [])
    assert search(corpus, "curfew", "--article", "nope") == (1, [])


def test_date_filters(corpus: Path) -> None:
    _, hits = search(corpus, "the", "--from", "2022-02", "--limit", "50")
    assert {h["article"] for h in hits} == {"a2", "a3"}
    _, hits = search(corpus, "the", "--to", "2022-02-15", "--limit", "50")
    assert {h["article"] for h in hits} == {"a1", "a2"}
    _, hits = search(corpus, "the", "--from", "2022-02-01", "--to", "2022-02-28", "--limit", "50")
    assert {h["article"] for h in hits} == {"a2"}
    assert search(corpus, "curfew", "--from", "2023")[0] == 1


def test_limit(corpus: Path) -> None:
    _, hits = search(corpus, "the", "--limit", "3")
    assert len(hits) == 3
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_vocabulary_is_materialised(corpus: Path) -> None:
    import sqlite3

    search(corpus, "curfew")
    [index] = list((corpus.parent / "cache").glob("index-*.sqlite"))
    db = sqlite3.connect(index)
    assert db.execute("SELECT docs FROM terms WHERE term = 'harvest'").fetchone() == (1,)
    lengths = dict(db.execute("SELECT length, terms FROM term_lengths"))
    assert "halves" in lengths[6].split("\n")
