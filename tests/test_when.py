"""`when` on dated and undated articles: order, anchors, ranges, durations, filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts_runner import facts


@pytest.fixture()
def corpus(tmp_path: Path, cache_dir: Path) -> str:
    root = tmp_path / "news"
    root.mkdir()
    (root / "dated.md").write_text(
        "---\ntitle: Strike\ndate: 2022-03-10\n---\n"
        "Talks ran from March 2 to March 6 in Geneva. "
        "The strike lasted 10 days and ended on Friday. "
        "Yesterday the unions signed the deal.\n",
        encoding="utf-8",
    )
    (root / "undated.txt").write_text(
        "Flood\n\nThe river rose on February 20. A day later the dam failed.\n", encoding="utf-8"
    )
    return str(root)


def _values(*args: str) -> list[tuple[str, str, str | None]]:
    result = facts(*args, "--json")
    assert result.code in (0, 1), result.err
    return [(e["value"], e["phrase"], e["anchor"]) for e in result.json]


def test_known_years_first_then_unknown_by_month_and_day(corpus: str) -> None:
    assert _values("--corpus", corpus, "when") == [
        ("2022-03-02/2022-03-06", "from March 2 to March 6", "dct:2022-03-10"),
        ("2022-03-04", "Friday", "dct:2022-03-10"),
        ("2022-03-09", "Yesterday", "dct:2022-03-10"),
        ("XXXX-02-20", "February 20", None),
        ("XXXX-02-21", "A day later", "previous:XXXX-02-20"),
    ]


def test_durations_ride_with_the_event(corpus: str) -> None:
    events = facts("--corpus", corpus, "when", "strike", "--json").json
    assert [(e["value"], e["durations"]) for e in events] == [
        ("2022-03-04", [{"phrase": "10 days", "value": "P10D"}]),
    ]


def test_anchor_resolves_only_undated_articles(corpus: str) -> None:
    assert _values("--corpus", corpus, "when", "--anchor", "2021") == [
        ("2021-02-20", "February 20", "dct:2021"),
        ("2021-02-21", "A day later", "previous:2021-02-20"),
        ("2022-03-02/2022-03-06", "from March 2 to March 6", "dct:2022-03-10"),
        ("2022-03-04", "Friday", "dct:2022-03-10"),
        ("2022-03-09", "Yesterday", "dct:2022-03-10"),
    ]


def test_from_to_filters_dates(corpus: str) -> None:
    assert [v for v, _, _ in _values("--corpus", corpus, "when", "--from", "2022-03-03", "--to", "2022-03-31")] == [
        "2022-03-04", "2022-03-09",
    ]
    assert _values("--corpus", corpus, "when", "--from", "2023") == []


def test_table_says_when_the_year_is_unknown(corpus: str) -> None:
    result = facts("--corpus", corpus, "when", "dam", "--format", "table", tty=True, width=100)
    assert result.code == 0
    assert "21 Feb" in result.out and "(year unknown)" in result.out
    assert "XXXX" not in result.out


@pytest.fixture()
def port(tmp_path: Path, cache_dir: Path) -> str:
    root = tmp_path / "port"
    root.mkdir()
    (root / "port.md").write_text(
        "---\ntitle: Port\ndate: 2022-04-01\n---\n"
        "Dockers in Lisbon walked out over pay. Mayor Carlos Moedas met the dockers on March 30. "
        "Carlos Moedas said the port would reopen. The port closed in 1979, and in 1979 it reopened.\n",
        encoding="utf-8",
    )
    (root / "flood.txt").write_text("Flood\n\nThe river rose on February 20. Nobody was hurt.\n", encoding="utf-8")
    return str(root)


def _events(*args: str) -> list[tuple]:
    result = facts(*args, "--json")
    assert result.code in (0, 1), result.err
    return [(e["value"], e["phrase"], e["rule"], e["anchor"], e["phrase_start"], e["text"]) for e in result.json]


def test_a_sentence_without_a_date_falls_back_to_the_publication_date(port: str) -> None:
    assert _events("--corpus", port, "when", "dockers") == [
        ("2022-03-30", "March 30", "date_month_day", "dct:2022-04-01", 78, "Mayor Carlos Moedas met the dockers on March 30."),
        ("2022-04-01", None, "published", "published", None, "Dockers in Lisbon walked out over pay."),
    ]


def test_dated_only_leaves_the_publication_dates_out(port: str) -> None:
    assert [v for v, *_ in _events("--corpus", port, "when", "dockers", "--dated-only")] == ["2022-03-30"]
    result = facts("--corpus", port, "when", "walked out", "--dated-only", "--json")
    assert (result.code, result.json) == (1, [])


def test_an_entity_gets_the_publication_date_too(port: str) -> None:
    events = facts("--corpus", port, "when", "Carlos Moedas", "--json").json
    assert [(e["value"], e["anchor"]) for e in events] == [("2022-03-30", "dct:2022-04-01"), ("2022-04-01", "published")]
    assert all("Carlos Moedas" in e["entities"] for e in events)


def test_an_undated_article_gives_no_fallback(port: str) -> None:
    result = facts("--corpus", port, "when", "nobody", "hurt", "--json")
    assert (result.code, result.json) == (1, [])


def test_one_event_per_sentence_and_value(port: str) -> None:
    # "1979" twice in one sentence is one event; the other "port" sentence falls back.
    assert [(v, r) for v, _, r, *_ in _events("--corpus", port, "when", "port")] == [
        ("1979", "date_year"), ("2022-04-01", "published"),
    ]


def test_the_whole_timeline_has_no_publication_dates(port: str) -> None:
    assert all(r != "published" for _, _, r, *_ in _events("--corpus", port, "when"))


def test_table_dims_the_publication_date(port: str) -> None:
    result = facts("--corpus", port, "when", "dockers", "--format", "table", tty=True, width=100)
    assert result.code == 0
    assert "published" in result.out


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2022-01-06TNI", "Thu 6 Jan 2022, night"),
        ("2022-01-06T14:30", "Thu 6 Jan 2022, 14:30"),
        ("XXXX-01-06", "6 Jan (year unknown)"),
        ("XXXX-01-06TNI", "6 Jan, night (year unknown)"),
        ("2022-W02", "week 2 of 2022"),
        ("2022-W02-WE", "weekend of week 2 of 2022"),
        ("2022-01", "Jan 2022"),
        ("1987", "1987"),
        ("1987-Q1", "Q1 1987"),
        ("1987-H2", "second half of 1987"),
        ("1987-SU", "summer 1987"),
        ("198", "the 1980s"),
        ("19", "the 20th century"),
        ("2022-03-02/2022-03-06", "Wed 2 Mar – Sun 6 Mar 2022"),
        ("1986/1987", "1986 – 1987"),
        ("P3D", "3 days"),
        ("P1D", "1 day"),
        ("PXY", "years"),
        ("PXX", "a while"),
        ("PT5H", "5 hours"),
        ("P1Y6M", "1 year 6 months"),
        ("PAST_REF", "the past"),
        ("PRESENT_REF", "now"),
        ("FUTURE_REF", "the future"),
        ("XXXX-XX", "a month (year unknown)"),
        ("1987-02-30", "1987-02-30"),  # not a real day: shown as it is
        ("something", "something"),
    ],
)
def test_dates_read_the_way_people_write_them(value: str, said: str) -> None:
    from factlookup.output.dates import readable

    assert readable(value) == said


def test_json_and_rows_keep_the_timeml_values(corpus: str) -> None:
    rows = facts("--corpus", corpus, "when", "dam").out.splitlines()
    assert rows[0].split("\t")[0] == "XXXX-02-21"
    table = facts("--corpus", corpus, "when", "--format", "table", tty=True, width=100).out
    assert "Wed 2 Mar – Sun 6 Mar" in table and "Fri 4 Mar 2022" in table and "2022-03" not in table
    assert "for 10 days" in table


def test_a_phrase_that_names_an_entity_also_finds_the_sentences_that_only_say_it(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "accord"
    root.mkdir()
    (root / "a.md").write_text(
        "---\ntitle: Accord\ndate: 1987-02-23\n---\nFinance ministers signed the Louvre Accord in Paris on Sunday.\n"
    )
    (root / "b.md").write_text(
        "---\ntitle: Dollar\ndate: 1987-04-08\n---\nDealers said the dollar held within the ranges of the louvre accord in March.\n"
    )
    result = facts("when", "Louvre", "accord", "--corpus", str(root), "--json")
    assert result.code == 0, result.err
    assert {e["article"] for e in result.json} == {"a", "b"}
