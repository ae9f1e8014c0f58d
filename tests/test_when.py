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
    assert "XXXX-02-21" in result.out and "year unknown" in result.out
