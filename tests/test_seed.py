"""The bundled seed article answers exactly: its people, roles, aliases and timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts_runner import facts

ARTICLE = "000_cfcca4a1f232a10f"


@pytest.fixture(autouse=True)
def cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    # One index for the whole module: the seeds do not change between tests.
    folder = tmp_path_factory.getbasetemp() / "seed-cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    return folder


def test_exactly_three_people_with_their_roles() -> None:
    result = facts("who", "--type", "person", "--json")
    assert result.code == 0
    people = {p["name"]: p["roles"] for p in result.json}
    assert people == {
        "Kasym-Jomart Tokayev": ["Kazakh President"],
        "Nikol Pashinyan": ["Armenia’s Prime Minister", "Chairman of the CSTO Collective Security Council"],
        "Nursultan Nazarbayev": [],
    }


def test_who_tokayev_profile() -> None:
    result = facts("who", "Tokayev", "--json")
    assert result.code == 0
    profile = result.json
    assert (profile["name"], profile["type"], profile["aliases"], profile["mentions"]) == (
        "Kasym-Jomart Tokayev", "person", ["Tokayev"], 3,
    )
    (role,) = profile["roles"]
    assert (role["title"], role["rule"], role["evidence"]["article"]) == ("Kazakh President", "title", ARTICLE)
    assert [e["start"] for e in profile["evidence"]] == [822, 1306, 1663]
    assert profile["dates"] == ["XXXX-01-06TNI", "XXXX-01-07"]


def test_evidence_offsets_point_at_the_sentence() -> None:
    text = (Path(__file__).resolve().parent.parent / "seeds" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    profile = facts("who", "Tokayev", "--json").json
    for e in profile["evidence"] + [r["evidence"] for r in profile["roles"]]:
        assert text[e["start"] : e["end"]] == e["text"]


@pytest.mark.parametrize("query", ["Kassym-Jomart Tokaev", "tokayev", "Tokayv", "Kasym Tokayev", "TOKAYEV"])
def test_name_variants_and_typos_find_him(query: str) -> None:
    result = facts("who", *query.split(), "--json")
    assert result.code == 0
    assert result.json["name"] == "Kasym-Jomart Tokayev"


def test_multi_word_name_and_apposition_roles() -> None:
    profile = facts("who", "Nikol", "Pashinyan", "--json").json
    assert profile["name"] == "Nikol Pashinyan"
    assert [r["title"] for r in profile["roles"]] == [
        "Armenia’s Prime Minister", "Chairman of the CSTO Collective Security Council",
    ]


def test_acronym_joins_its_expansion() -> None:
    profile = facts("who", "CSTO", "--json").json
    assert profile["name"] == "Collective Security Treaty Organisation"
    assert profile["type"] == "organization"
    assert "CSTO" in profile["aliases"]


def test_demonyms_are_groups_not_people() -> None:
    groups = {e["name"]: e["type"] for e in facts("who", "--json").json}
    assert groups["Kazakh"] == groups["Belarusian"] == groups["Russian"] == "group"


@pytest.mark.parametrize("query", ["Putin", "Zelensky", "qwertyuiop"])
def test_unknown_names_are_not_guessed(query: str) -> None:
    result = facts("who", query, "--json")
    assert (result.code, result.json) == (1, [])


def test_question_finds_who_did_it() -> None:
    result = facts("who", "gave", "the", "shoot-to-kill", "order", "--json")
    assert result.code == 0
    assert result.json["answers"][0]["name"] == "Kasym-Jomart Tokayev"


def test_timeline_without_reference_date() -> None:
    events = facts("when", "--json").json
    assert [(e["value"], e["phrase"], e["anchor"]) for e in events] == [
        ("XXXX-01-02", "January 2", None),
        ("XXXX-01-06", "January 6", None),
        ("XXXX-01-06TNI", "the night of January 6", None),
        ("XXXX-01-07", "A day later", "previous:XXXX-01-06"),
        ("XXXX-01-14", "January 14", None),
    ]
    assert all(e["year_known"] is False for e in events)


def test_timeline_with_anchor() -> None:
    events = facts("when", "--anchor", "2022-01-19", "--json").json
    assert [(e["date"], e["value"]) for e in events] == [
        ("2022-01-02", "2022-01-02"),
        ("2022-01-06", "2022-01-06"),
        ("2022-01-06", "2022-01-06TNI"),
        ("2022-01-07", "2022-01-07"),
        ("2022-01-14", "2022-01-14"),
    ]
    assert events[3]["anchor"] == "previous:2022-01-06"


def test_when_entity_lists_his_events() -> None:
    events = facts("when", "Tokayev", "--json").json
    assert [e["value"] for e in events] == ["XXXX-01-06TNI", "XXXX-01-07"]
    assert all("Kasym-Jomart Tokayev" in e["entities"] for e in events)


def test_when_phrase() -> None:
    events = facts("when", "shoot-to-kill", "order", "--json").json
    assert [(e["value"], e["start"]) for e in events] == [("XXXX-01-07", 1306)]


def test_when_date_filter_needs_known_years() -> None:
    result = facts("when", "--from", "2022-01-05", "--to", "2022-01-10", "--anchor", "2022", "--json")
    assert [e["value"] for e in result.json] == ["2022-01-06", "2022-01-06TNI", "2022-01-07"]


def test_search_ranks_and_highlights() -> None:
    hits = facts("search", "shoot to kill", "--json").json
    top = hits[0]
    assert (top["article"], top["start"], top["end"]) == (ARTICLE, 1306, 1417)
    assert [m["text"] for m in top["matches"]][:3] == ["shoot", "to", "kill"]


def test_who_table_snapshot() -> None:
    result = facts("who", "--type", "person", "--format", "table", tty=True, width=80)
    assert [line.rstrip() for line in result.out.splitlines()] == [
        "Name                 ┃ Type   ┃ Mentions ┃ Roles",
        "━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━",
        "Kasym-Jomart Tokayev │ person │        3 │ Kazakh President",
        "Nikol Pashinyan      │ person │        1 │ Armenia’s Prime Minister; Chairman of",
        "                     │        │          │ the CSTO Collective Security Council",
        "Nursultan Nazarbayev │ person │        1 │",
    ]
