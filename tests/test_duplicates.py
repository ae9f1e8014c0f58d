"""Copies of one story fold into the earliest: listed by `facts index --json`, not counted,
not on timelines, unless --keep-duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts_runner import facts

STORY = (
    "Federal Reserve Board Chairman Paul Volcker said on March 2, 1987 that the dollar has fallen far enough "
    "against the yen and the mark and that further declines could hurt the world economy. Volcker told a "
    "meeting of bankers in Washington that the central banks of the leading industrial nations were "
    "cooperating closely on exchange rates. He said the United States budget deficit remained the main threat "
    "to a stable recovery and urged Congress to cut spending before the summer recess. Bankers at the meeting "
    "said his remarks suggested the Federal Reserve would not ease credit in the coming weeks, and bond prices "
    "fell slightly after the speech. Volcker also said he saw no sign of a return of inflation this year."
)
# A correction re-sent later: one word of about a hundred and twenty changed.
CORRECTION = STORY.replace("bond prices fell slightly", "bond prices fell sharply")
# The same people and topic, a different story.
FOLLOW_UP = (
    "Federal Reserve Board Chairman Paul Volcker met Treasury Secretary James Baker on March 9, 1987 to discuss "
    "the dollar. Officials said the two men reviewed the agreement reached in Paris last month and talked about "
    "the trade deficit with Japan. Volcker declined to comment to reporters after the meeting, and a Treasury "
    "spokesman said no new steps were planned. Currency dealers in New York said the dollar was little changed "
    "on the news."
)


def _article(title: str, date: str | None, text: str) -> str:
    head = f"---\ntitle: {title}\n" + (f"date: {date}\n" if date else "") + "---\n"
    return head + text + "\n"


def _corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "wire"
    root.mkdir(exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def wire(tmp_path: Path, cache_dir: Path) -> Path:
    # Corpus order is a, b, c, d: the earliest story sits in the last file.
    return _corpus(tmp_path, {
        "a-copy.md": _article("Volcker says dollar fell far enough", "1987-03-03", STORY),
        "b-correction.md": _article("CORRECTED - Volcker says dollar fell far enough", "1987-03-04", CORRECTION),
        "c-follow-up.md": _article("Volcker meets Baker on the dollar", "1987-03-09", FOLLOW_UP),
        "d-original.md": _article("Volcker says dollar fell far enough", "1987-03-02", STORY),
    })


def _index(corpus: Path, *flags: str) -> dict:
    result = facts("index", "--corpus", str(corpus), "--json", *flags)
    assert result.code == 0, result.err
    return result.json


def test_exact_and_near_copies_fold_into_the_earliest(wire: Path) -> None:
    facts("who", "--corpus", str(wire))
    state = _index(wire)
    assert state["folding"] == "near"
    assert state["articles"] == 2  # the original and the different story
    (group,) = state["duplicates"]
    assert group["article"] == "d-original"
    copies = {c["article"]: c for c in group["copies"]}
    assert set(copies) == {"a-copy", "b-correction"}
    assert copies["a-copy"]["match"] == "exact" and copies["a-copy"]["similarity"] == 1.0
    assert copies["b-correction"]["match"] == "near" and 0.9 <= copies["b-correction"]["similarity"] < 1.0


def test_a_different_story_on_the_same_topic_stays(wire: Path) -> None:
    facts("who", "--corpus", str(wire))
    folded = {c["article"] for g in _index(wire)["duplicates"] for c in g["copies"]}
    assert "c-follow-up" not in folded
    hits = facts("search", "Baker", "--corpus", str(wire), "--json").json
    assert {h["article"] for h in hits} == {"c-follow-up"}


def test_counts_skip_copies(wire: Path) -> None:
    profile = facts("who", "Paul Volcker", "--corpus", str(wire), "--json").json
    assert profile["articles"] == 2
    assert {e["article"] for e in profile["evidence"]} <= {"d-original", "c-follow-up"}
    kept = facts("who", "Paul Volcker", "--corpus", str(wire), "--keep-duplicates", "--json").json
    assert kept["articles"] == 4
    assert kept["mentions"] > profile["mentions"]
    listed = {r["name"]: r for r in facts("who", "--corpus", str(wire), "--json").json}
    assert listed["Paul Volcker"]["articles"] == 2


def test_timelines_skip_copies(wire: Path) -> None:
    events = facts("when", "Volcker", "--corpus", str(wire), "--json").json
    sentences = [(e["text"], e["value"]) for e in events]
    assert len(sentences) == len(set(sentences))  # each sentence once
    assert {e["article"] for e in events} == {"d-original", "c-follow-up"}
    kept = facts("when", "Volcker", "--corpus", str(wire), "--json", "--keep-duplicates").json
    said = [e for e in kept if e["value"] == "1987-03-02" and e["phrase"] == "March 2, 1987"]
    assert {e["article"] for e in said} == {"a-copy", "b-correction", "d-original"}


def test_search_shows_one_hit_per_story(wire: Path) -> None:
    hits = facts("search", "inflation", "--corpus", str(wire), "--json").json
    assert [h["article"] for h in hits] == ["d-original"]
    kept = facts("search", "inflation", "--corpus", str(wire), "--json", "--keep-duplicates").json
    assert {h["article"] for h in kept} == {"a-copy", "b-correction", "d-original"}


def test_keep_duplicates_rebuilds_with_every_copy_and_back(wire: Path) -> None:
    facts("who", "--corpus", str(wire))
    assert _index(wire, "--keep-duplicates")["current"] is False  # built folded
    state = _index(wire, "--rebuild", "--keep-duplicates")
    assert (state["folding"], state["duplicates"], state["articles"]) == ("off", [], 4)
    # Before the command, like --corpus, it means the same.
    again = facts("--keep-duplicates", "--corpus", str(wire), "index", "--json").json
    assert again["current"] is True
    # A query without the flag folds again.
    assert _index(wire)["current"] is False
    assert facts("who", "Paul Volcker", "--corpus", str(wire), "--json").json["articles"] == 2
    assert _index(wire)["articles"] == 2


def test_an_undated_copy_folds_into_the_dated_one(tmp_path: Path, cache_dir: Path) -> None:
    corpus = _corpus(tmp_path, {
        "a.md": _article("Volcker says dollar fell far enough", None, STORY),
        "b.md": _article("Volcker says dollar fell far enough", "1987-03-05", STORY),
    })
    facts("who", "--corpus", str(corpus))
    (group,) = _index(corpus)["duplicates"]
    assert group["article"] == "b" and [c["article"] for c in group["copies"]] == ["a"]


def test_same_date_keeps_the_first_in_corpus_order(tmp_path: Path, cache_dir: Path) -> None:
    corpus = _corpus(tmp_path, {
        "x.md": _article("Volcker says dollar fell far enough", "1987-03-02", STORY),
        "y.md": _article("Volcker says dollar fell far enough", "1987-03-02", STORY),
    })
    facts("who", "--corpus", str(corpus))
    (group,) = _index(corpus)["duplicates"]
    assert group["article"] == "x"


def test_a_short_text_folds_only_when_its_title_matches_too(tmp_path: Path, cache_dir: Path) -> None:
    notice = "Qtly div 25 cts vs 25 cts prior. Pay April 15. Record April 1."
    corpus = _corpus(tmp_path, {
        "a.md": _article("Acme Corp sets quarterly", "1987-03-02", notice),
        "b.md": _article("Zenith Inc sets quarterly", "1987-03-02", notice),
    })
    facts("who", "--corpus", str(corpus))
    state = _index(corpus)
    assert (state["articles"], state["duplicates"]) == (2, [])


def test_incremental_rebuild_after_the_original_is_deleted(wire: Path) -> None:
    from factlookup.index.build import build
    from factlookup.index.cache import resolve
    from factlookup.index.corpus import discover

    roots, location = resolve([str(wire)])
    files = lambda: discover(roots, lambda m: None)  # walked again after each change
    db, first = build(files(), location, lambda m: None)
    db.close()
    assert (first.articles, first.copies, first.extracted) == (2, 2, 2)

    (wire / "d-original.md").unlink()
    db, second = build(files(), location, lambda m: None)
    db.close()
    # The earliest copy left takes the original's place: extracted now, as it never was before.
    assert (second.articles, second.copies, second.extracted, second.reused) == (2, 1, 1, 1)
    (group,) = _index(wire)["duplicates"]
    assert group == {"article": "a-copy", "copies": [{"article": "b-correction", "match": "near",
                                                      "similarity": group["copies"][0]["similarity"]}]}
    events = facts("when", "Volcker", "--corpus", str(wire), "--json").json
    assert {e["article"] for e in events} == {"a-copy", "c-follow-up"}

    # A copy edited into a story of its own is indexed in its own right.
    (wire / "b-correction.md").write_text(_article("Bonds", "1987-03-04", FOLLOW_UP.replace("Baker", "Miller")))
    facts("who", "--corpus", str(wire))
    state = _index(wire)
    assert (state["articles"], state["duplicates"]) == (3, [])


def test_exact_copies_fold_without_numpy(wire: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factlookup.index import duplicates

    monkeypatch.setattr(duplicates, "near_folding_available", lambda: False)
    facts("who", "--corpus", str(wire))
    state = _index(wire)
    assert state["folding"] == "exact"
    (group,) = state["duplicates"]
    assert group == {"article": "d-original", "copies": [{"article": "a-copy", "match": "exact", "similarity": 1.0}]}
    assert state["articles"] == 3  # the correction is a story of its own without near folding


def test_the_table_says_how_many_copies(wire: Path) -> None:
    facts("who", "--corpus", str(wire))
    out = facts("index", "--corpus", str(wire)).out
    assert "duplicates\t2 copies of 1 article" in out.splitlines()


def test_a_copy_is_searched_as_the_article_kept(wire: Path) -> None:
    hits = facts("search", "inflation", "--article", "a-copy", "--corpus", str(wire), "--json").json
    assert [h["article"] for h in hits] == ["d-original"]
    assert facts("search", "inflation", "--article", "c-follow-up", "--corpus", str(wire), "--json").code == 1
