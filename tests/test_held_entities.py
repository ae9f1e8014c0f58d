"""The build's entities held on disk and folded for linking (index/entities.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlookup.index.entities import HeldEntities


def held(name: str, type_: str, sentence: int, start: int = 0, titles: tuple[str, ...] = ()) -> tuple:
    return (name, type_, (), tuple((t, "title", sentence) for t in titles), ((name, type_, start, start + len(name), sentence),))


def test_articles_come_back_in_order_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HeldEntities, "BATCH", 2)
    store = HeldEntities(str(tmp_path))
    articles = [[held(f"Name {k}", "person", k)] if k % 3 else [] for k in range(7)]
    for entities in articles:
        store.add(entities)
    assert list(store) == articles
    assert list(store) == articles
    assert list(tmp_path.iterdir()) == []  # the file has no name: nothing is left behind
    store.close()


def test_an_entity_written_alike_in_many_articles_is_held_once(tmp_path: Path) -> None:
    store = HeldEntities(str(tmp_path))
    store.add([held("U.S.", "place", 1), held("James Baker", "person", 1, 10, ("Treasury Secretary",))])
    store.add([held("U.S.", "place", 2, 40)])
    store.add([held("--", "other", 3), held("U.S.", "place", 3)])
    store.add([held("--", "other", 4), held("James Baker", "person", 4, 5, ("Treasury Secretary",))])
    folded = store.fold([[], [], [], []])
    assert [(e.name, w) for e, w in zip(folded.entities, folded.weights)] == [
        ("U.S.", 3), ("James Baker", 2), ("--", 1), ("--", 1),  # a name without a key is never folded
    ]
    assert list(folded.group_of) == [0, 1, 0, 2, 0, 3, 1]
    assert [r.title for r in folded.entities[1].roles] == ["Treasury Secretary"]


def test_boilerplate_mentions_are_gone_before_folding(tmp_path: Path) -> None:
    store = HeldEntities(str(tmp_path))
    store.add([held("Reuter", "organization", 1, 50), held("Paris", "place", 1, 0)])
    store.add([held("Paris", "place", 2, 0)])
    folded = store.fold([[(50, 56)], []])
    assert [(e.name, w) for e, w in zip(folded.entities, folded.weights)] == [("Paris", 2)]
    assert list(store.articles([[(50, 56)], []])) == [[held("Paris", "place", 1, 0)], [held("Paris", "place", 2, 0)]]
