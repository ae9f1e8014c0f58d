"""Loading articles: every supported format, front matter, ids, dates, warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factlookup.index.corpus import CorpusError, SourceFile, corpus_roots, discover, load, normalise_date


def _load(path: Path, root: Path | None = None) -> tuple[list, list[str]]:
    warnings: list[str] = []
    st = path.stat()
    rel = str(path.relative_to(root)) if root else path.name
    return load(SourceFile(str(path), rel, st.st_size, st.st_mtime_ns), warnings.append), warnings


def test_txt_first_line_is_title(tmp_path: Path) -> None:
    p = tmp_path / "story.txt"
    p.write_text("Big news today\n\nSomething happened in Paris.\n", encoding="utf-8")
    (article,), warnings = _load(p)
    assert (article.id, article.title, article.date) == ("story", "Big news today", None)
    assert article.text.startswith("Big news today")
    assert warnings == []


def test_markdown_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(
        "---\ntitle: \"Summit ends\"\ndate: 2022-01-10\nsource: Wire\nurl: https://example.org/a\n---\n"
        "Leaders met in Geneva.\n",
        encoding="utf-8",
    )
    (article,), _ = _load(p)
    assert (article.title, article.date, article.source, article.url) == (
        "Summit ends", "2022-01-10", "Wire", "https://example.org/a",
    )
    assert article.text == "Leaders met in Geneva.\n"


def test_json_object_and_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "x1", "title": "T", "body": "Body text.", "date": "2021-03-04"}))
    (article,), _ = _load(one)
    assert (article.id, article.text, article.date) == ("x1", "Body text.", "2021-03-04")

    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "First."}, {"text": "Second.", "id": 7}]))
    articles, _ = _load(many)
    assert [a.id for a in articles] == ["many#1", "7"]


def test_jsonl_skips_bad_line_and_names_it(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    p.write_text('{"id": "a", "text": "One."}\n{not json\n\n{"text": "Three."}\n', encoding="utf-8")
    articles, warnings = _load(p)
    assert [a.id for a in articles] == ["a", "feed:4"]
    assert warnings == [f"skipped {p}:2: invalid JSON"]


def test_jsonl_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    line = '{"id": "a", "text": "One\u2028line and a NUL \\u0000 here."}\r\n'
    p.write_bytes("\ufeff".encode() + line.encode("utf-8") + b'{"text": "Two."}\n')
    articles, warnings = _load(p)
    assert not isinstance(articles, list)  # a generator: a file of any size is never held whole
    first = next(iter(articles))
    # a line separator inside a string is text, not the end of the record
    assert (first.id, first.text) == ("a", "One\u2028line and a NUL   here.")
    assert [a.id for a in articles] == ["feed:2"] and warnings == []


def test_jsonl_that_is_not_utf8_is_read_as_windows_1252(tmp_path: Path) -> None:
    p = tmp_path / "legacy.jsonl"
    p.write_bytes('{"id": "a", "text": "Caf\xe9 prices rose."}\n'.encode("cp1252"))
    articles, warnings = _load(p)
    assert [a.text for a in articles] == ["Caf\xe9 prices rose."]
    assert warnings == [f"{p}: not UTF-8, read as Windows-1252"]


def test_nested_folders_give_path_ids(tmp_path: Path) -> None:
    (tmp_path / "world" / "asia").mkdir(parents=True)
    (tmp_path / "world" / "asia" / "k.txt").write_text("Title\n\nText.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    files = discover([tmp_path], lambda m: None)
    assert [f.rel for f in files] == ["world/asia/k.txt"]
    (article,), _ = _load(Path(files[0].path), tmp_path)
    assert article.id == "world/asia/k"


def test_missing_corpus_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        corpus_roots([str(tmp_path / "nope")])


def test_default_corpus_is_the_bundled_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTS_CORPUS", raising=False)
    (root,) = corpus_roots(None)
    assert sorted(p.name for p in root.iterdir()) == ["000_cfcca4a1f232a10f.txt"]


def test_facts_corpus_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTS_CORPUS", str(tmp_path))
    assert corpus_roots(None) == [tmp_path.resolve()]


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("2022-01-10", "2022-01-10"),
        ("2022-01-10T08:30:00Z", "2022-01-10"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        ("January 6, 2022", "2022-01-06"),
        ("6 January 2022", "2022-01-06"),
        ("2022", "2022"),
        ("2022-01", "2022-01"),
    ],
)
def test_dates_normalise_to_iso(raw: str, iso: str) -> None:
    assert normalise_date(raw, "x", lambda m: None) == iso


def test_unknown_date_is_dropped_with_a_warning() -> None:
    warnings: list[str] = []
    assert normalise_date("sometime", "f.md", warnings.append) is None
    assert warnings == ["f.md: date 'sometime' not understood, ignored"]
