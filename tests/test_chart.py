"""`when --chart` and `who NAME --chart`: counts per day, week, month or year, drawn or as data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from facts_runner import facts


def _reports(dates: list[str], published: str = "2030-01-01") -> dict[str, str]:
    """One article per date said, each saying it once."""
    return {
        f"r{i:03d}.md": f"---\ntitle: Report {i}\ndate: {published}\n---\nThe harbour reopened on {day}.\n"
        for i, day in enumerate(dates)
    }


def _buckets(root, *args: str) -> list[tuple[str, str, int]]:
    result = facts("--corpus", str(root), "when", *args, "--chart", "--json")
    assert result.code == 0, result.err
    return [(b["start"], b["end"], b["count"]) for b in result.json]


def test_days_for_a_span_of_days(facts, corpus) -> None:
    root = corpus(_reports(["2022-03-01", "2022-03-01", "2022-03-03", "2022-03-04"]))
    assert _buckets(root) == [
        ("2022-03-01", "2022-03-01", 2),
        ("2022-03-02", "2022-03-02", 0),
        ("2022-03-03", "2022-03-03", 1),
        ("2022-03-04", "2022-03-04", 1),
    ]


def test_weeks_for_a_span_of_months(facts, corpus) -> None:
    days = [(date(2022, 1, 3) + timedelta(days=9 * i)).isoformat() for i in range(12)]  # Mon 3 Jan .. Tue 12 Apr
    buckets = _buckets(corpus(_reports(days)))
    assert all(date.fromisoformat(s).weekday() == 0 for s, _, _ in buckets)  # Mondays
    assert all((date.fromisoformat(e) - date.fromisoformat(s)).days == 6 for s, e, _ in buckets)
    assert buckets[0][0] == "2022-01-03" and buckets[-1][1] == "2022-04-17"
    assert sum(n for _, _, n in buckets) == 12


def test_months_for_a_span_of_a_year_or_two(facts, corpus) -> None:
    root = corpus(_reports(["2021-01-15", "2021-01-20", "2021-06-02", "2022-02-28"]))
    buckets = _buckets(root)
    assert buckets[0] == ("2021-01-01", "2021-01-31", 2)
    assert buckets[-1] == ("2022-02-01", "2022-02-28", 1)
    assert len(buckets) == 14 and sum(n for _, _, n in buckets) == 4


def test_years_for_a_span_of_decades(facts, corpus) -> None:
    root = corpus(_reports(["1990-05-01", "1991-02-02", "2005-07-07", "2021-12-31"]))
    buckets = _buckets(root)
    assert buckets[0] == ("1990-01-01", "1990-12-31", 1)
    assert buckets[-1] == ("2021-01-01", "2021-12-31", 1)
    assert len(buckets) == 32


def test_snapshot_at_a_pinned_width(facts, corpus) -> None:
    root = corpus(_reports(["2022-03-01", "2022-03-01", "2022-03-03", "2022-03-07", "2022-03-08", "2022-03-08",
                            "2022-03-08", "2022-03-08"]))
    result = facts("--corpus", str(root), "when", "--chart", "--format", "table", tty=True, width=60)
    assert result.code == 0, result.err
    assert [line.rstrip() for line in result.out.splitlines()] == [
        "Events per day, Tue 1 Mar 2022 – Tue 8 Mar 2022: 8 events",
        "day            │",
        "Tue 1 Mar 2022 │██████████████████ 2",
        "Wed 2 Mar 2022 │",
        "Thu 3 Mar 2022 │█████████ 1",
        "               ┆ 3 days with none",
        "Mon 7 Mar 2022 │█████████ 1",
        "Tue 8 Mar 2022 │████████████████████████████████████ 4",
        "               └────────────────────────────────────",
        "                0                                  4 events",
    ]
    assert all(len(line) <= 60 for line in result.out.splitlines())


def test_the_chart_fits_the_terminal_and_has_no_colour_without_it(facts, corpus) -> None:
    root = corpus(_reports(["2022-03-01", "2022-03-05", "2022-03-05"]))
    for width in (40, 72, 120):
        result = facts("--corpus", str(root), "when", "--chart", "--format", "table", tty=True, width=width)
        assert max(len(line) for line in result.out.splitlines()) <= width
        assert "\x1b[" not in result.out
    coloured = facts("--corpus", str(root), "when", "--chart", "--format", "table", tty=True, width=60, colors=True)
    assert "\x1b[" in coloured.out


def test_piped_it_gives_the_buckets_as_rows(facts, corpus) -> None:
    root = corpus(_reports(["2022-03-01", "2022-03-02", "2022-03-02"]))
    result = facts("--corpus", str(root), "when", "--chart")
    assert result.out == "2022-03-01\t2022-03-01\t1\n2022-03-02\t2022-03-02\t2\n"
    lines = facts("--corpus", str(root), "when", "--chart", "--nl").out.splitlines()
    assert lines == ['{"start": "2022-03-01", "end": "2022-03-01", "count": 1}',
                     '{"start": "2022-03-02", "end": "2022-03-02", "count": 2}']


def test_unknown_years_are_listed_apart(facts) -> None:
    # The seed article has no date: every event's year is unknown.
    result = facts("when", "--chart", "--format", "table", tty=True, width=100)
    assert result.code == 0
    assert "year unknown: 2 Jan, 6 Jan, 6 Jan, night, 7 Jan, 14 Jan" in result.out
    assert "│" not in result.out  # no axis
    assert facts("when", "--chart", "--json").json == []


def test_a_year_said_alone_is_not_forced_onto_a_month_axis(facts, corpus) -> None:
    root = corpus({
        **_reports(["2021-01-15", "2021-06-02", "2022-02-28"]),
        "old.md": "---\ntitle: Old\ndate: 2030-01-01\n---\nThe harbour first opened in 1990.\n",
    })
    assert sum(n for _, _, n in _buckets(root)) == 3
    table = facts("--corpus", str(root), "when", "--chart", "--format", "table", tty=True, width=80).out
    assert "said less precisely than a month: 1990" in table


def test_who_charts_mentions_over_the_article_dates(facts, corpus) -> None:
    files = {
        f"m{i}.md": f"---\ntitle: Talks {i}\ndate: 2022-03-0{day}\n---\nAngela Merkel met officials in Berlin.\n"
        for i, day in enumerate([1, 1, 2, 4])
    }
    files["undated.txt"] = "Talks\n\nAngela Merkel met officials in Berlin.\n"
    root = corpus(files)
    result = facts("--corpus", str(root), "who", "Angela Merkel", "--chart", "--json")
    assert result.code == 0, result.err
    assert [(b["start"], b["count"]) for b in result.json] == [
        ("2022-03-01", 2), ("2022-03-02", 1), ("2022-03-03", 0), ("2022-03-04", 1),
    ]
    table = facts("--corpus", str(root), "who", "Angela Merkel", "--chart", "--format", "table", tty=True, width=80).out
    assert table.startswith("Mentions per day, Tue 1 Mar 2022 – Fri 4 Mar 2022: 4 mentions")
    assert "in undated articles: 1 mentions" in table


@pytest.mark.parametrize("args", [["who", "--chart"]])
def test_who_chart_needs_a_name(facts, args) -> None:
    result = facts(*args)
    assert result.code == 2
    assert result.err == "facts: error: --chart draws the mentions of one name; say whose\n"


def test_who_chart_of_an_unknown_name(facts) -> None:
    result = facts("who", "Nobody Atall", "--chart", "--json")
    assert (result.code, result.json) == (1, [])


def test_bars_are_drawn_to_an_eighth_of_a_cell() -> None:
    from factlookup.output.chart import bar

    assert bar(1, 8, 1) == "▏"
    assert bar(3, 4, 2) == "█▌"
    assert bar(1, 1000, 10) == "▏"  # a count is never invisible
    assert bar(0, 4, 10) == ""
