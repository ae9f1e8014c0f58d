"""The cached index: built once, reused while nothing changed, rebuilt when a file does."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from facts_runner import facts


@pytest.fixture(autouse=True)
def cache(cache_dir: Path) -> Path:
    return cache_dir


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.md").write_text(
        "---\ntitle: Talks\ndate: 2022-03-01\n---\nThe talks in Geneva ended on Monday.\n", encoding="utf-8"
    )
    (root / "b.txt").write_text("Storm\n\nA storm hit Lisbon on February 27, 2022.\n", encoding="utf-8")
    return root


def _state(corpus: Path) -> dict:
    result = facts("index", "--corpus", str(corpus), "--json")
    assert result.code in (0, 1), result.err
    return result.json


def test_first_query_builds_second_reuses(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    first = facts("search", "storm", "--corpus", str(corpus), "--json")
    assert first.code == 0
    state = _state(corpus)
    assert (state["current"], state["files"], state["articles"]) == (True, 2, 2)
    built = os.stat(state["path"]).st_mtime_ns
    again = facts("search", "storm", "--corpus", str(corpus), "--json")
    assert again.out == first.out
    assert os.stat(state["path"]).st_mtime_ns == built


def test_changed_file_rebuilds(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    assert facts("search", "Lisbon", "--corpus", str(corpus), "--json").code == 0
    (corpus / "b.txt").write_text("Storm\n\nA storm hit Porto on February 27, 2022.\n", encoding="utf-8")
    assert _state(corpus)["current"] is False
    assert facts("search", "Lisbon", "--corpus", str(corpus), "--json").code == 1
    assert facts("search", "Porto", "--corpus", str(corpus), "--json").code == 0
    assert _state(corpus)["current"] is True


def test_added_and_removed_files_rebuild(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    facts("search", "storm", "--corpus", str(corpus), "--json")
    (corpus / "c.txt").write_text("Flood\n\nA flood reached Seville.\n", encoding="utf-8")
    assert facts("search", "Seville", "--corpus", str(corpus), "--json").code == 0
    (corpus / "a.md").unlink()
    assert facts("search", "Geneva", "--corpus", str(corpus), "--json").code == 1
    assert _state(corpus)["articles"] == 2


def test_touched_file_with_same_content_keeps_index(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    facts("search", "storm", "--corpus", str(corpus), "--json")
    path = _state(corpus)["path"]
    built = os.stat(path).st_mtime_ns
    os.utime(corpus / "b.txt", ns=(1, 1))
    assert _state(corpus)["current"] is True
    facts("search", "storm", "--corpus", str(corpus), "--json")
    assert os.stat(path).st_mtime_ns == built


def test_rebuild_reextracts_only_changed_articles(tmp_path: Path) -> None:
    from factlookup.index.build import build
    from factlookup.index.cache import resolve
    from factlookup.index.corpus import discover

    corpus = _corpus(tmp_path)
    roots, location = resolve([str(corpus)])
    files = lambda: discover(roots, lambda m: None)  # walked again after each change
    build(files(), location, lambda m: None)[0].close()
    (corpus / "b.txt").write_text("Storm\n\nA storm hit Porto.\n", encoding="utf-8")
    db, report = build(files(), location, lambda m: None)
    db.close()
    assert (report.articles, report.extracted, report.reused) == (2, 1, 1)


def test_other_code_makes_the_index_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An upgraded or edited package: the index is made again at the next call, and the
    # build cache is reused only by the same extracting code.
    from factlookup.index import build, store
    from factlookup.index.cache import resolve
    from factlookup.index.corpus import discover

    corpus = _corpus(tmp_path)
    assert facts("search", "storm", "--corpus", str(corpus), "--json").code == 0
    assert _state(corpus)["current"] is True
    monkeypatch.setattr(store, "_stamp", "reinstalled")  # the same code, its files written again
    assert _state(corpus)["current"] is False
    assert facts("search", "storm", "--corpus", str(corpus), "--json").code == 0
    assert _state(corpus)["current"] is True

    roots, location = resolve([str(corpus)])
    db, report = build.build(discover(roots, lambda m: None), location, lambda m: None)
    db.close()
    assert (report.extracted, report.reused) == (0, 2)
    monkeypatch.setattr(build, "_digest", "upgraded")  # other code: its facts are not reused
    db, report = build.build(discover(roots, lambda m: None), location, lambda m: None)
    db.close()
    assert (report.extracted, report.reused) == (2, 0)


def test_the_code_stamp_covers_the_models_and_rules() -> None:
    from factlookup.index.store import code_stamp, maker_paths

    names = {os.path.basename(p) for p in maker_paths()}
    assert {"model.crfsuite", "model.pass2.crfsuite", "tagger.py", "linking.py", "build.py", "models.py"} <= names
    assert not any("__pycache__" in p for p in maker_paths())
    assert len(code_stamp()) == 8


def test_extractions_are_kept_beside_the_index_not_in_it(tmp_path: Path) -> None:
    from factlookup.index.build import build
    from factlookup.index.cache import resolve
    from factlookup.index.corpus import discover

    corpus = _corpus(tmp_path)
    roots, location = resolve([str(corpus)])
    files = lambda: discover(roots, lambda m: None)  # walked again after each change
    build(files(), location, lambda m: None)[0].close()
    tables = {n for (n,) in sqlite3.connect(location.path).execute("SELECT name FROM sqlite_master")}
    assert "extractions" not in tables
    cache = location.path.with_name(location.path.name + ".extractions")
    db = sqlite3.connect(cache)
    assert db.execute("SELECT count(*) FROM extractions").fetchone() == (2,)
    db.close()
    assert not list(location.path.parent.glob("*.tmp"))


@pytest.mark.parametrize("damage", ["missing", "garbage", "empty", "other table"])
def test_missing_or_damaged_build_cache_means_extracting_again(tmp_path: Path, damage: str) -> None:
    from factlookup.index.build import build
    from factlookup.index.cache import resolve
    from factlookup.index.corpus import discover

    corpus = _corpus(tmp_path)
    roots, location = resolve([str(corpus)])
    files = lambda: discover(roots, lambda m: None)  # walked again after each change
    db, first = build(files(), location, lambda m: None)
    expected = db.execute("SELECT * FROM mentions ORDER BY sentence, entity").fetchall()
    db.close()
    cache = location.path.with_name(location.path.name + ".extractions")
    if damage == "missing":
        cache.unlink()
    elif damage == "garbage":
        cache.write_bytes(os.urandom(cache.stat().st_size))
    elif damage == "empty":
        cache.write_bytes(b"")
    else:
        cache.unlink()
        sqlite3.connect(cache).execute("CREATE TABLE other (x)").connection.commit()
    warnings: list[str] = []
    db, report = build(files(), location, warnings.append)
    assert (report.articles, report.extracted, report.reused, warnings) == (2, 2, 0, [])
    assert db.execute("SELECT * FROM mentions ORDER BY sentence, entity").fetchall() == expected
    db.close()
    # The cache is sound again: the next build reuses every article.
    db, report = build(files(), location, warnings.append)
    db.close()
    assert (report.extracted, report.reused, warnings) == (0, 2, [])


def test_rebuild_flag_and_state(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    assert facts("index", "--corpus", str(corpus), "--json").json["exists"] is False
    result = facts("index", "--rebuild", "--corpus", str(corpus), "--json")
    assert result.code == 0
    state = result.json
    assert (state["exists"], state["current"], state["articles"]) == (True, True, 2)
    db = sqlite3.connect(state["path"])
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_index_is_keyed_by_corpus(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Other\n\nNothing about storms.\n", encoding="utf-8")
    assert _state(corpus)["path"] != _state(other)["path"]


@pytest.mark.parametrize("args", [["who"], ["index", "--rebuild"], ["index"]])
def test_one_call_walks_the_corpus_once(facts, corpus, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    import factlookup.index.cache as cache

    root = corpus()
    walks = []
    real = cache.discover

    def counting(roots, warn):
        walks.append(roots)
        return real(roots, warn)

    assert facts("who", "--corpus", root, "--json").code == 0  # an index to reuse or replace
    monkeypatch.setattr(cache, "discover", counting)
    assert facts(*args, "--corpus", root, "--json").code == 0
    assert len(walks) == 1
    (root / "more.txt").write_text("Fog\n\nFog closed the airport in Oslo.\n", encoding="utf-8")
    walks.clear()
    assert facts(*args, "--corpus", root, "--json").code == 0
    assert len(walks) == 1


def test_build_cache_facts_decode_to_what_was_encoded() -> None:
    """Texts the article tells are left out of a cached entry and put back on reading;
    those it does not tell are kept as they are."""
    from factlookup.extract.pipeline import ArticleFacts
    from factlookup.index.extractions import decode_facts, encode_facts
    from factlookup.models import Article, Entity, Evidence, Mention, Role, Timex

    text = "Talks\n\nJane Doe, the Finance Minister, met Bob in\nGeneva on Monday. He left."
    article = Article("a1", "Talks", text, date="2022-03-01")
    at = text.index
    sentences = [(0, 5), (7, at("He")), (at("He"), len(text))]
    entities = [
        Entity(
            "Jane Doe", "person", ["Doe"],
            [Role("Finance Minister", Evidence("a1", text[7 : at("He")], 7, at("He")), "apposition"),
             Role("Minister", Evidence("other", "Not this text.", 7, 21), "title")],
            [Mention("Jane Doe", "person", 7, 15, 1), Mention("Jane", "organization", 7, 11, 1)],
            "a1",
        ),
        Entity("Bob", "person", [], [], [Mention("Robert", "person", at("Bob"), at("Bob") + 3, 1)], "elsewhere"),
    ]
    timexes = [
        Timex("Monday", at("Monday"), at("Monday") + 6, "DATE", "2022-02-28", "date_weekday", "dct:2022-03-01"),
        Timex("in Geneva", at("in\n"), at("in\n") + 9, "DATE", "XXXX", "made_up", None, "START"),
    ]
    facts = ArticleFacts(article, sentences, entities, timexes)
    again = decode_facts(article, encode_facts(facts))
    assert (again.sentences, again.entities, again.timexes) == (sentences, entities, timexes)
    with pytest.raises(ValueError):  # a cut entry fails its checksum, never decodes short
        decode_facts(article, encode_facts(facts)[:-3])


def test_rebuild_from_the_build_cache_writes_the_same_index(tmp_path: Path) -> None:
    from factlookup.index.build import build
    from factlookup.index.cache import resolve
    from factlookup.index.corpus import bundled_seeds, discover

    roots, location = resolve([str(bundled_seeds())])
    files = lambda: discover(roots, lambda m: None)  # noqa: E731
    tables = ("articles", "sentences", "entities", "names", "roles", "mentions", "events", "labels", "terms")

    def dump(db: sqlite3.Connection) -> dict:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}

    db, fresh = build(files(), location, lambda m: None)
    expected = dump(db)
    db.close()
    db, again = build(files(), location, lambda m: None)
    assert (fresh.extracted, again.reused) == (fresh.articles, fresh.articles)
    assert dump(db) == expected
    assert expected["events"]
    db.close()
