"""Bad corpora, broken caches, signals and pipes: a clear warning or error, never a traceback,
and the good articles still indexed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import child_env, facts_command, start_facts, write_articles

GOOD = "Good news\n\nThe parliament met in Geneva on 2022-03-01.\n"


def _one_line_warnings(result) -> None:
    assert "Traceback" not in result.err
    for line in result.err.splitlines():
        assert line.startswith(("facts: warning: ", "facts: error: ", "facts: ")), line


def _search_ok(facts, root: Path, word: str = "parliament") -> dict:
    result = facts("search", word, "--corpus", root, "--json")
    assert result.code == 0, result.err
    _one_line_warnings(result)
    return result


def _index_path(cache_dir: Path) -> Path:
    (path,) = cache_dir.glob("index-*.sqlite")
    return path


# -- corpus faults -------------------------------------------------------------------------


def test_binary_file_is_skipped_with_a_warning(facts, corpus) -> None:
    root = corpus({"good.txt": GOOD, "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))})
    result = _search_ok(facts, root)
    assert f"facts: warning: skipped {root / 'image.txt'}: binary file" in result.warnings
    assert [h["article"] for h in result.json] == ["good"]


def test_invalid_utf8_in_mostly_utf8_text_is_replaced(facts, corpus) -> None:
    text = "Café report\n\n" + "The parliament in Zürich voted on the budget today. " * 5
    root = corpus({"bad.txt": text.encode() + b"\xff\xfe trailing bytes.\n"})
    result = _search_ok(facts, root)
    assert f"facts: warning: {root / 'bad.txt'}: invalid UTF-8 replaced" in result.warnings
    assert "Zürich" in result.json[0]["text"]


def test_latin1_file_is_read_as_windows_1252(facts, corpus) -> None:
    text = "Le café à Zürich\n\nLe parlement a voté à Genève, dit-on."
    root = corpus({"latin.txt": text.encode("latin-1")})
    result = facts("search", "parlement", "--corpus", root, "--json")
    assert result.code == 0, result.err
    assert f"facts: warning: {root / 'latin.txt'}: not UTF-8, read as Windows-1252" in result.warnings
    assert result.json[0]["text"] == "Le parlement a voté à Genève, dit-on."
    assert result.json[0]["title"] == "Le café à Zürich"


def test_empty_and_blank_files_are_skipped(facts, corpus) -> None:
    root = corpus({"good.txt": GOOD, "empty.txt": "", "blank.md": " \n\t\n", "empty.json": "", "empty.jsonl": ""})
    result = _search_ok(facts, root)
    assert f"facts: warning: skipped {root / 'empty.txt'}: empty article" in result.warnings
    assert f"facts: warning: skipped {root / 'blank.md'}: empty article" in result.warnings
    assert f"facts: warning: skipped {root / 'empty.json'}: invalid JSON at line 1" in result.warnings
    assert [h["article"] for h in result.json] == ["good"]


@pytest.mark.slow
def test_100_mb_file_is_skipped_quickly(facts, corpus) -> None:
    root = corpus({"good.txt": GOOD})
    line = b"The committee met again and the parliament talked about the weather at length.\n"
    with open(root / "huge.txt", "wb") as fh:
        block = line * (1024 * 1024 // len(line) + 1)
        for _ in range(100):
            fh.write(block)
    assert (root / "huge.txt").stat().st_size > 100 * 1024 * 1024
    started = time.perf_counter()
    result = _search_ok(facts, root)
    assert time.perf_counter() - started < 30
    assert any(w.startswith(f"facts: warning: skipped {root / 'huge.txt'}: larger than") for w in result.warnings)
    assert [h["article"] for h in result.json] == ["good"]


def test_oversized_json_record_is_skipped(facts, corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import factlookup.index.corpus

    monkeypatch.setattr(factlookup.index.corpus, "MAX_ARTICLE_BYTES", 1000)
    records = [{"id": "big", "text": "parliament " * 200}, {"id": "small", "text": "The parliament met."}]
    root = corpus({"wire.json": json.dumps(records)})
    result = _search_ok(facts, root)
    assert any(w.startswith(f"facts: warning: skipped {root / 'wire.json'}#1: text longer than") for w in result.warnings)
    assert [h["article"] for h in result.json] == ["small"]


@pytest.mark.parametrize(
    "content, warning",
    [
        ("---\ntitle: Unclosed\n\nThe parliament met.\n", "front matter not closed, read as text"),
        ("---\ndate: next Tuesday-ish\n---\nThe parliament met.\n", "date 'next Tuesday-ish' not understood, ignored"),
        ("---\n[[[ not: yaml: at all\n: :\n---\nThe parliament met.\n", None),
        ("---\ntitle: Only front matter\n---\n", "skipped"),
        ("---\n---\nThe parliament met.\n", None),
    ],
)
def test_malformed_front_matter(facts, corpus, content: str, warning: str | None) -> None:
    root = corpus({"good.txt": GOOD, "odd.md": content})
    result = _search_ok(facts, root)
    if warning:
        assert any(w.startswith("facts: warning: ") and "odd.md" in w and warning in w for w in result.warnings), result.err
    ids = {h["article"] for h in result.json}
    assert "good" in ids
    assert ("odd" in ids) == ("parliament" in content)


def test_bad_jsonl_line_is_skipped_and_named(facts, corpus) -> None:
    lines = [
        json.dumps({"id": "a", "text": "The parliament met on Monday."}),
        "{not json",
        json.dumps([1, 2, 3]),
        json.dumps({"id": "b", "text": 42}),
        "[" * 50_000 + "]" * 50_000,
        json.dumps({"id": "c", "text": "The parliament met again on Tuesday."}),
    ]
    root = corpus({"wire.jsonl": "\n".join(lines) + "\n"})
    result = _search_ok(facts, root)
    where = root / "wire.jsonl"
    assert f"facts: warning: skipped {where}:2: invalid JSON" in result.warnings
    assert f"facts: warning: skipped {where}:3: not an object" in result.warnings
    assert f"facts: warning: skipped {where}:4: no text" in result.warnings
    assert f"facts: warning: skipped {where}:5: JSON nested too deeply" in result.warnings
    assert sorted(h["article"] for h in result.json) == ["a", "c"]


def test_deeply_nested_json_file_is_skipped(facts, corpus) -> None:
    root = corpus({"good.txt": GOOD, "deep.json": "[" * 100_000 + "]" * 100_000})
    result = _search_ok(facts, root)
    assert f"facts: warning: skipped {root / 'deep.json'}: JSON nested too deeply" in result.warnings


def test_odd_json_values_do_not_break_the_build(facts, corpus) -> None:
    records = [
        {"id": 7, "title": {"a": 1}, "date": {"x": 2}, "source": None, "url": 5, "text": "Odd parliament one."},
        {"id": ["x"], "date": 20220301, "text": "Odd parliament two."},
        {"text": "Lone \ud800 surrogate in the parliament."},
        {"text": "A NUL \u0000 inside, then the parliament."},
    ]
    root = corpus({"odd.json": json.dumps(records)})
    result = _search_ok(facts, root)
    texts = {h["text"] for h in result.json}
    assert "Lone \ufffd surrogate in the parliament." in texts
    assert "A NUL   inside, then the parliament." in texts
    assert f"facts: warning: {root / 'odd.json'}#3: invalid Unicode escapes replaced" in result.warnings
    assert len(result.json) == 4


def test_nul_deep_inside_a_text_file_does_not_cut_it_short(facts, corpus) -> None:
    body = "Report\n\n" + "Filler sentence number one here. " * 400 + "\x00 The parliament met at last.\n"
    root = corpus({"nul.txt": body})
    result = _search_ok(facts, root)
    assert result.json[0]["text"] == "The parliament met at last."


def test_unreadable_file_is_skipped_with_a_warning(facts, corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus({"good.txt": GOOD, "secret.txt": "The parliament met in secret.\n"})
    secret = root / "secret.txt"
    secret.chmod(0)
    if os.geteuid() == 0:
        # Root reads anything, so make this one file refuse to open as it would for a user.
        import builtins

        real_open = builtins.open

        def refusing_open(file, *args, **kwargs):
            if os.fspath(file) == str(secret):
                raise PermissionError(13, "Permission denied", str(secret))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", refusing_open)
        monkeypatch.setattr(Path, "read_bytes", lambda self: refusing_open(self, "rb").read())
    try:
        result = _search_ok(facts, root)
    finally:
        secret.chmod(0o644)
    assert f"facts: warning: skipped {secret}: Permission denied" in result.warnings
    assert [h["article"] for h in result.json] == ["good"]


def test_fifo_and_folder_named_like_articles(facts, corpus) -> None:
    root = corpus({"good.txt": GOOD, "folder.txt/inner.txt": "The parliament met inside.\n"})
    os.mkfifo(root / "pipe.txt")
    result = _search_ok(facts, root)
    assert f"facts: warning: skipped {root / 'pipe.txt'}: not a regular file" in result.warnings
    assert sorted(h["article"] for h in result.json) == ["folder.txt/inner", "good"]


def test_symlink_loops_and_dangling_links(facts, corpus) -> None:
    root = corpus({"good.txt": GOOD, "sub/deeper.txt": "The parliament met below.\n"})
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "self.txt").symlink_to(root / "self.txt")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    result = _search_ok(facts, root)
    assert any("self.txt" in w for w in result.warnings)
    assert any("dangling.txt" in w for w in result.warnings)
    assert sorted(h["article"] for h in result.json) == ["good", "sub/deeper"]


def test_file_name_that_is_not_utf8_is_skipped(facts, corpus) -> None:
    root = corpus({"good.txt": GOOD})
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "w") as fh:
        fh.write("The parliament met at the cafe.\n")
    result = _search_ok(facts, root)
    assert any(w.endswith("the file name is not valid UTF-8") for w in result.warnings)
    assert [h["article"] for h in result.json] == ["good"]


def test_missing_corpus_path_is_one_sentence_status_2(facts, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    for args in (["who"], ["when"], ["search", "x"], ["index"]):
        result = facts(*args, "--corpus", missing)
        assert (result.code, result.out) == (2, "")
        assert result.err == f"facts: error: corpus path {missing} does not exist\n"


def test_empty_folder_warns_and_finds_nothing(facts, corpus) -> None:
    root = corpus({})
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    for args in (["who"], ["when"], ["search", "x"], ["who", "x", "--json"]):
        result = facts(*args, "--corpus", root)
        assert result.code == 1, result.err
        assert result.warnings == [f"facts: warning: no article files (.txt, .md, .markdown, .json, .jsonl, .ndjson, .html, .htm, .warc, .warc.gz, .rss, .atom, .xml) in {root}"]
    state = facts("index", "--corpus", root, "--json")
    assert state.code == 0
    assert state.json["articles"] == 0


def test_every_fault_at_once_still_indexes_the_good_articles(facts, corpus) -> None:
    root = corpus({
        "good.txt": GOOD,
        "good2.md": "---\ntitle: Second\ndate: 2022-03-02\n---\nThe parliament met twice.\n",
        "bin.txt": b"\x00\x01\x02",
        "empty.txt": "",
        "broken.json": '{"text": ',
        "mixed.jsonl": '{"id": "j1", "text": "The parliament met by wire."}\n{oops\n',
        "latin.txt": "Le parlement à Genève, parliament.".encode("latin-1"),
    })
    os.mkfifo(root / "fifo.txt")
    (root / "loop").symlink_to(root)
    result = _search_ok(facts, root)
    assert sorted(h["article"] for h in result.json) == ["good", "good2", "j1", "latin"]
    assert len(result.warnings) == 6
    again = facts("search", "parliament", "--corpus", root, "--json")
    assert again.out == result.out


# -- cache faults --------------------------------------------------------------------------


def _built(facts, corpus, cache_dir: Path) -> tuple[Path, Path, str]:
    root = corpus()
    first = facts("search", "storm", "--corpus", root, "--json")
    assert first.code == 0, first.err
    return root, _index_path(cache_dir), first.out


def _page_roots(path: Path) -> tuple[int, dict[str, int]]:
    db = sqlite3.connect(path)
    try:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        roots = dict(db.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"))
    finally:
        db.close()
    return size, roots


@pytest.mark.parametrize(
    "damage",
    ["truncated", "empty", "header", "garbage"],
)
def test_corrupt_index_file_is_rebuilt(facts, corpus, cache_dir: Path, damage: str) -> None:
    root, path, expected = _built(facts, corpus, cache_dir)
    data = path.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 3],
        "empty": b"",
        "header": b"not a database at all" * 10 + data[210:],
        "garbage": data[:4096] + os.urandom(len(data) - 4096),
    }[damage]
    path.write_bytes(damaged)
    result = facts("search", "storm", "--corpus", root, "--json")
    assert result.code == 0, result.err
    assert result.out == expected
    assert "Traceback" not in result.err
    assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchone() == ("ok",)


@pytest.mark.parametrize("table", ["articles", "sentences", "sentence_text_data", "events", "entities", "names", "files"])
@pytest.mark.parametrize("command", [["search", "storm"], ["when"], ["who"], ["index"]])
def test_garbage_page_inside_an_openable_index(facts, corpus, cache_dir: Path, table: str, command: list[str]) -> None:
    root, path, _ = _built(facts, corpus, cache_dir)
    page_size, roots = _page_roots(path)
    before = facts(*command, "--corpus", root, "--json")
    with open(path, "r+b") as fh:
        fh.seek((roots[table] - 1) * page_size)
        fh.write(os.urandom(page_size))
    result = facts(*command, "--corpus", root, "--json")
    assert "Traceback" not in result.err
    assert result.code in (0, 1), result.err
    for line in result.err.splitlines():
        assert line.startswith("facts: warning: discarded the damaged index") or not line.startswith("facts: error")
    if command[0] == "index":
        # Showing the state discards a damaged file; the next query builds a sound one.
        assert facts("when", "--corpus", root, "--json").code == 0
        again = facts(*command, "--corpus", root, "--json")
        assert (again.code, again.json["current"], again.json["articles"]) == (0, True, before.json["articles"])
    else:
        assert result.json == before.json
        again = facts(*command, "--corpus", root, "--json")
        assert (again.code, again.json) == (before.code, before.json)
    assert "damaged" not in again.err


def test_damaged_extraction_blobs_do_not_block_a_rebuild(facts, corpus, cache_dir: Path) -> None:
    root, index, _ = _built(facts, corpus, cache_dir)
    path = index.with_name(index.name + ".extractions")
    db = sqlite3.connect(path)
    blobs = [b for (b,) in db.execute("SELECT facts FROM extractions")]
    db.close()
    assert blobs
    data = bytearray(path.read_bytes())
    for blob in blobs:
        at = data.find(blob[:24])
        assert at >= 0
        data[at + 8 : at + 24] = bytes(16)
    path.write_bytes(bytes(data))
    (root / "new.txt").write_text("Fog\n\nFog closed the airport in Oslo.\n", encoding="utf-8")
    result = facts("search", "storm", "--corpus", root, "--json")
    assert result.code == 0, result.err
    assert facts("search", "fog", "--corpus", root, "--json").code == 0


def test_damaged_index_that_cannot_be_removed_is_a_clear_error(facts, corpus, cache_dir: Path, monkeypatch) -> None:
    root, path, _ = _built(facts, corpus, cache_dir)
    page_size, roots = _page_roots(path)
    with open(path, "r+b") as fh:
        fh.seek((roots["sentences"] - 1) * page_size)
        fh.write(os.urandom(page_size))
    real_unlink = os.unlink

    def refuse(p, *a, **k):
        if os.fspath(p) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_unlink(p, *a, **k)

    monkeypatch.setattr(os, "unlink", refuse)
    result = facts("search", "storm", "--corpus", root)
    assert result.code == 2
    assert result.err.splitlines()[-1].startswith(f"facts: error: the index {path} is damaged (")
    assert result.err.count("facts: error:") == 1


def test_read_only_cache_answers_from_memory_and_warns_once(facts, corpus, cache_dir: Path, monkeypatch) -> None:
    import tempfile

    root = corpus()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = facts("search", "storm", "--corpus", root, "--json")
    assert result.code == 0, result.err
    assert result.warnings == [
        f"facts: warning: cache folder {cache_dir} is not writable (Permission denied); the index is kept in memory"
    ]
    assert not list(cache_dir.glob("index-*.sqlite"))


def test_cache_dir_that_cannot_exist_still_answers(facts, corpus, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("FACTS_CACHE_DIR", str(blocker / "cache"))
    result = facts("when", "--corpus", corpus(), "--json")
    assert result.code == 0, result.err
    assert len(result.warnings) == 1 and "is not writable" in result.warnings[0]


def test_missing_cache_dir_is_created(facts, corpus, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "deep" / "er" / "cache"
    monkeypatch.setenv("FACTS_CACHE_DIR", str(folder))
    result = facts("when", "--corpus", corpus(), "--json")
    assert (result.code, result.warnings) == (0, [])
    assert list(folder.glob("index-*.sqlite"))


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["extracting", "writing"])
def test_build_killed_midway_leaves_previous_index_usable(tmp_path: Path, moment: str) -> None:
    cache = tmp_path / "cache"
    root = tmp_path / "news"
    write_articles(root, 20)
    first = subprocess.run(facts_command() + ["search", "Geneva", "--corpus", str(root), "--json"],
                           env=child_env(cache), capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    (index,) = cache.glob("index-*.sqlite")
    before = index.stat().st_ino
    write_articles(root, 3000, offset=20)  # several seconds of extraction to interrupt
    child = start_facts(["search", "Geneva", "--corpus", str(root), "--json"], cache)
    if moment == "extracting":
        time.sleep(1.0)
    else:
        deadline = time.monotonic() + 120
        while not list(cache.glob("*.tmp")) and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.005)
    assert child.poll() is None, "the build finished before it could be interrupted"
    os.killpg(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert index.stat().st_ino == before
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (20,)
    db.close()
    # With the corpus as it was, the old index answers as before, and the half-written file
    # the killed build left behind is cleared away by the next build.
    for added in root.glob("a*.txt"):
        if int(added.stem[1:]) >= 20:
            added.unlink()
    again = subprocess.run(facts_command() + ["search", "Geneva", "--corpus", str(root), "--json"],
                           env=child_env(cache), capture_output=True, text=True, timeout=120)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")
    assert index.stat().st_ino == before
    (root / "late.txt").write_text("Late news\n\nA late report from Geneva.\n", encoding="utf-8")
    rebuilt = subprocess.run(facts_command() + ["search", "Geneva", "--corpus", str(root), "--json"],
                             env=child_env(cache), capture_output=True, text=True, timeout=120)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert not list(cache.glob("*.tmp"))


@pytest.mark.slow
def test_two_processes_building_at_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    root = tmp_path / "news"
    write_articles(root, 300)
    children = [start_facts(["when", "--corpus", str(root), "--json"], cache) for _ in range(2)]
    results = [c.communicate(timeout=300) for c in children]
    assert [c.returncode for c in children] == [0, 0], [err for _, err in results]
    assert results[0][0] == results[1][0]
    # The one that waits may say so (after a second), and nothing else.
    for _, err in results:
        assert all(line.startswith("facts: warning: waiting for the index build by pid ") for line in err.splitlines())
    (index,) = cache.glob("index-*.sqlite")
    assert not list(cache.glob("*.tmp"))
    db = sqlite3.connect(index)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (300,)


# -- signals and pipes ---------------------------------------------------------------------


def test_output_into_head_exits_quietly(tmp_path: Path) -> None:
    root = tmp_path / "news"
    write_articles(root, 150)
    cache = tmp_path / "cache"
    for args in (["when"], ["search", "Geneva", "-n", "500"], ["who"], ["when", "--nl"]):
        child = start_facts([*args, "--corpus", str(root)], cache)
        first = child.stdout.readline()
        child.stdout.close()
        err = child.stderr.read()
        code = child.wait(timeout=120)
        assert first.strip()
        assert err == "", err
        assert code == 0


def test_shell_pipe_into_head(tmp_path: Path) -> None:
    root = tmp_path / "news"
    write_articles(root, 150)
    command = " ".join(f"'{part}'" for part in facts_command())
    done = subprocess.run(
        f"set -o pipefail; {command} when --corpus '{root}' | head -1", shell=True, executable="/bin/bash",
        env=child_env(tmp_path / "cache"), capture_output=True, text=True, timeout=120,
    )
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 1
    assert done.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("whole_group", [False, True])
def test_ctrl_c_during_a_build_exits_130_quietly(tmp_path: Path, whole_group: bool) -> None:
    root = tmp_path / "news"
    write_articles(root, 2000)
    child = start_facts(["when", "--corpus", str(root)], tmp_path / "cache")
    time.sleep(2.0)
    assert child.poll() is None
    if whole_group:
        os.killpg(child.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    else:
        child.send_signal(signal.SIGINT)
    try:
        out, err = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail("Ctrl-C did not stop the build")
    assert child.returncode == 130
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_ctrl_c_during_a_query_exits_130_quietly(tmp_path: Path) -> None:
    root = tmp_path / "news"
    write_articles(root, 30)
    cache = tmp_path / "cache"
    subprocess.run(facts_command() + ["when", "--corpus", str(root)], env=child_env(cache), capture_output=True, timeout=120)
    # A reader that never reads: the query blocks on a full pipe and is interrupted there.
    child = start_facts(["when", "--corpus", str(root), "--json"], cache)
    time.sleep(1.5)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130
    assert "Traceback" not in err


def test_mostly_broken_jsonl_names_a_few_lines_then_counts(facts, corpus) -> None:
    lines = ["{broken"] * 5000 + [json.dumps({"id": "ok", "text": "The parliament met."})]
    root = corpus({"wire.jsonl": "\n".join(lines)})
    result = _search_ok(facts, root)
    where = root / "wire.jsonl"
    assert result.warnings[:2] == [f"facts: warning: skipped {where}:1: invalid JSON", f"facts: warning: skipped {where}:2: invalid JSON"]
    assert result.warnings[-1] == f"facts: warning: {where}: 4990 more problems like these not shown"
    assert len(result.warnings) == 11
    assert [h["article"] for h in result.json] == ["ok"]


def test_a_warning_is_given_once_even_when_the_command_runs_again(facts, corpus, cache_dir: Path) -> None:
    root, path, expected = _built(facts, corpus, cache_dir)
    os.mkfifo(root / "pipe.txt")
    page_size, roots = _page_roots(path)
    with open(path, "r+b") as fh:
        fh.seek((roots["sentences"] - 1) * page_size)
        fh.write(os.urandom(page_size))
    result = facts("search", "storm", "--corpus", root, "--json")
    assert result.code == 0, result.err
    assert any(w.startswith("facts: warning: discarded the damaged index") for w in result.warnings)
    assert result.warnings.count(f"facts: warning: skipped {root / 'pipe.txt'}: not a regular file") == 1
    assert result.out == expected
