"""The streamed build: articles written in corpus order whether their facts were extracted in
worker batches or reused from the build cache, and a progress count that ends at the total."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import child_env, facts_command, write_articles


def _facts(cache: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(facts_command() + list(args), env=child_env(cache), capture_output=True, text=True, timeout=600)


def _answers(cache: Path, root: Path) -> list:
    out = []
    for query in (["who"], ["when", "Lisbon"], ["search", "officials", "--limit", "300"]):
        done = _facts(cache, *query, "--corpus", str(root), "--json")
        assert done.returncode == 0, done.stderr
        out.append(json.loads(done.stdout))
    return out


@pytest.mark.slow
def test_reused_and_fresh_batches_are_written_in_corpus_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = tmp_path / "news", tmp_path / "cache"
    write_articles(root, 260)
    assert _facts(cache, "index", "--corpus", str(root), "--rebuild").returncode == 0
    # Enough stories changed for worker batches, with runs of reused stories between them.
    changed = [i for i in range(260) if not (i < 10 or 100 <= i < 120 or i >= 250)]
    for i in changed:
        path = root / f"a{i:05d}.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("officials", "ministers", 1), encoding="utf-8")
    from factlookup.index.build import build
    from factlookup.index.cache import resolve
    from factlookup.index.corpus import discover

    monkeypatch.setenv("FACTS_CACHE_DIR", str(cache))
    roots, location = resolve([str(root)])
    db, report = build(discover(roots, lambda m: None), location, lambda m: None, workers=2)
    ids = [i for (i,) in db.execute("SELECT id FROM articles ORDER BY rowid")]
    first_sentences = [n for (n,) in db.execute("SELECT first_sentence FROM articles ORDER BY rowid")]
    db.close()
    assert (report.articles, report.extracted, report.reused) == (260, 220, 40)
    assert ids == [f"a{i:05d}" for i in range(260)]
    assert first_sentences == sorted(first_sentences)

    fresh = tmp_path / "fresh-cache"
    assert _facts(fresh, "index", "--corpus", str(root), "--rebuild").returncode == 0
    assert _answers(cache, root) == _answers(fresh, root)


def test_progress_ends_at_the_number_of_articles(tmp_path: Path) -> None:
    from factlookup.index.build import build
    from factlookup.index.corpus import discover
    from factlookup.index.store import Location

    root = tmp_path / "news"
    write_articles(root, 40)
    (root / "wire.jsonl").write_text(
        "\n".join(json.dumps({"id": f"w{i}", "text": f"Talks in Oslo, part {i}."}) for i in range(20)) + "\n\n",
        encoding="utf-8",
    )
    calls: list[tuple[int, int]] = []
    location = Location(tmp_path / "cache" / "index.sqlite", (str(root),))
    db, report = build(discover([root], lambda m: None), location, lambda m: None, lambda d, t: calls.append((d, t)))
    db.close()
    assert report.articles == 60
    assert calls[-1] == (60, 60)
    assert all(d <= t for d, t in calls) and [d for d, _ in calls] == sorted(d for d, _ in calls)
