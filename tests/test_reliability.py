"""A build that dies never blocks the next call; a query's own fault never costs the index."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import child_env, facts_command, start_facts, write_articles

needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the build uses worker processes from 2 cores")


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _paused_build(tmp_path: Path, root: Path, cache: Path, *extra: str) -> tuple[subprocess.Popen, Path, list[int]]:
    """Start `facts index --rebuild` and hold it with its workers mid-extraction; its output
    pipes are never read."""
    hold = tmp_path / "hold"
    hold.mkdir()
    builder = start_facts(
        ["index", "--rebuild", "--corpus", str(root), *extra], cache,
        env=child_env(cache, FACTS_TEST_PAUSE_WORKERS=str(hold)),
    )
    assert _wait_for(lambda: list(hold.glob("worker-*")) or builder.poll() is not None, 120), "no worker started"
    assert builder.poll() is None, builder.communicate()
    workers = [int(p.name.split("-")[1]) for p in hold.glob("worker-*")]
    return builder, hold, workers


def _query(cache: Path, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(facts_command() + list(args), env=child_env(cache, **env), capture_output=True,
                          text=True, timeout=timeout)


# -- workers and the build lock --------------------------------------------------------------


@pytest.mark.slow
@needs_two_cores
def test_workers_of_a_killed_build_die_and_the_next_call_answers(tmp_path: Path) -> None:
    cache, root = tmp_path / "cache", tmp_path / "news"
    write_articles(root, 400)
    builder, _hold, workers = _paused_build(tmp_path, root, cache)
    os.kill(builder.pid, signal.SIGKILL)
    builder.wait(timeout=30)
    assert _wait_for(lambda: not any(_alive(p) for p in workers), 10), "a worker outlived its builder"
    started = time.monotonic()
    query = _query(cache, "who", "Anna Berg", "--corpus", str(root), "--json", timeout=300)
    assert query.returncode == 0, query.stderr
    assert json.loads(query.stdout)["name"] == "Anna Berg"
    assert query.stderr == ""  # nothing to wait for
    assert time.monotonic() - started < 240
    assert not list(cache.glob("*.tmp"))


@pytest.mark.slow
@needs_two_cores
@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_waiting_call_says_what_for_then_gives_up(tmp_path: Path, how: str) -> None:
    cache, root = tmp_path / "cache", tmp_path / "news"
    write_articles(root, 300)
    builder, hold, _workers = _paused_build(tmp_path, root, cache)
    try:
        if how == "option":
            waiting = _query(cache, "who", "Anna Berg", "--corpus", str(root), "--lock-timeout", "1.5", timeout=60)
        else:
            waiting = _query(cache, "who", "Anna Berg", "--corpus", str(root), timeout=60, FACTS_LOCK_TIMEOUT="1.5")
        assert waiting.returncode == 2
        assert waiting.stdout == ""
        lines = waiting.stderr.splitlines()
        assert len(lines) == 2, lines
        assert re.fullmatch(rf"facts: warning: waiting for the index build by pid {builder.pid}, started \d+ s ago", lines[0])
        assert re.fullmatch(
            rf"facts: error: gave up after waiting 1\.5 s for the index build by pid {builder.pid}, started \d+ s ago "
            r"\(lock .*\.lock\); try again later or raise --lock-timeout",
            lines[1],
        )
    finally:
        (hold / "go").touch()
        out, err = builder.communicate(timeout=300)
    assert builder.returncode == 0, err
    answered = _query(cache, "who", "Anna Berg", "--corpus", str(root), "--json", "--lock-timeout", "0")
    assert answered.returncode == 0, answered.stderr


def test_bad_lock_timeout_is_one_sentence(facts, corpus) -> None:
    result = facts("who", "--corpus", corpus(), "--lock-timeout", "-1")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "--lock-timeout" in result.err


def test_bad_lock_timeout_in_the_environment_is_one_sentence(facts, corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTS_LOCK_TIMEOUT", "soon")
    result = facts("who", "--corpus", corpus())
    assert (result.code, result.out) == (2, "")
    assert result.err == "facts: error: FACTS_LOCK_TIMEOUT takes a number of seconds, not 'soon'\n"


_HOLD_AND_FORK = """
import os, sys, time
sys.path.insert(0, {cli!r})
from pathlib import Path
from factlookup.index.lock import build_lock
with build_lock(Path({path!r})) as locked:
    assert locked
    child = os.fork()
    if child == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        time.sleep(120)
        os._exit(0)
    print(child, flush=True)
os._exit(0)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_child_of_the_lock_holder_does_not_hold_the_lock(tmp_path: Path) -> None:
    from conftest import CLI_DIR
    from factlookup.index.lock import build_lock

    index = tmp_path / "index-x.sqlite"
    script = _HOLD_AND_FORK.format(cli=CLI_DIR, path=str(index))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    child = int(done.stdout)
    try:
        assert _alive(child)
        with build_lock(index, timeout=2) as locked:  # the holder is gone, its child lives on
            assert locked
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_stale_lock_record_is_taken_over(facts, corpus, cache_dir: Path) -> None:
    root = corpus()
    facts("index", "--rebuild", "--corpus", root)
    (index,) = cache_dir.glob("index-*.sqlite")
    gone = subprocess.Popen(["true"])
    gone.wait()
    Path(str(index) + ".lock").write_text(json.dumps({"pid": gone.pid, "started": time.time() - 3600, "boot_ticks": None}))
    result = facts("index", "--rebuild", "--corpus", root, "--lock-timeout", "0")
    assert (result.code, result.err) == (0, "")


@pytest.mark.parametrize("holder", ["dead", "reused pid"])
def test_without_record_locks_a_stale_holder_file_is_taken_over(facts, corpus, cache_dir: Path, monkeypatch, holder) -> None:
    import factlookup.index.lock as lock

    monkeypatch.setattr(lock, "_kernel_lock", lambda *a: False)  # a file system without record locks
    root = corpus()
    facts("index", "--rebuild", "--corpus", root)
    (index,) = cache_dir.glob("index-*.sqlite")
    if holder == "dead":
        gone = subprocess.Popen(["true"])
        gone.wait()
        record = {"pid": gone.pid, "started": time.time(), "boot_ticks": None}
    else:  # a live pid whose start time is not the holder's: the pid was reused
        record = {"pid": os.getpid(), "started": time.time(), "boot_ticks": -1}
    holder_file = Path(str(index) + ".lock.holder")
    holder_file.write_text(json.dumps(record))
    result = facts("index", "--rebuild", "--corpus", root, "--lock-timeout", "0")
    assert (result.code, result.err) == (0, "")
    assert not holder_file.exists()


def test_without_record_locks_a_live_holder_is_waited_for(facts, corpus, cache_dir: Path, monkeypatch) -> None:
    import factlookup.index.lock as lock

    monkeypatch.setattr(lock, "_kernel_lock", lambda *a: False)
    root = corpus()
    facts("index", "--rebuild", "--corpus", root)
    (index,) = cache_dir.glob("index-*.sqlite")
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        record = {"pid": sleeper.pid, "started": time.time() - 12, "boot_ticks": lock.process_start_ticks(sleeper.pid)}
        Path(str(index) + ".lock.holder").write_text(json.dumps(record))
        result = facts("index", "--rebuild", "--corpus", root, "--lock-timeout", "1.2")
    finally:
        sleeper.kill()
        sleeper.wait()
    assert result.code == 2
    assert result.err.splitlines() == [
        f"facts: warning: waiting for the index build by pid {sleeper.pid}, started 13 s ago",
        f"facts: error: gave up after waiting 1.2 s for the index build by pid {sleeper.pid}, started 13 s ago "
        f"(lock {index}.lock.holder); try again later or raise --lock-timeout",
    ]


# -- SQL variables and what counts as damage ---------------------------------------------------


def _fingerprint(path: Path) -> tuple:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def big_answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article in which one person has 1,100 mentions and one word 1,100 sentences."""
    root = tmp_path_factory.mktemp("big-answers")
    sentences = [
        f"Senator Anna Berg said on March {i % 28 + 1}, 2021 that tariffs on item {i} would rise." for i in range(1100)
    ]
    (root / "tariffs.md").write_text(
        "---\ntitle: Tariffs\ndate: 2021-04-01\n---\n" + "\n\n".join(sentences) + "\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def sqlite_with_999_variables(monkeypatch: pytest.MonkeyPatch):
    """Every connection opened from here on allows 999 variables, as older SQLite builds do."""
    if not hasattr(sqlite3.Connection, "setlimit"):
        pytest.skip("Connection.setlimit needs Python 3.11")
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        db = real_connect(*args, **kwargs)
        db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        return db

    monkeypatch.setattr(sqlite3, "connect", connect)


@pytest.mark.slow
def test_large_answers_within_999_sql_variables(facts, big_answers: Path, cache_dir: Path, sqlite_with_999_variables,
                                                 monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    root = str(big_answers)
    assert facts("index", "--rebuild", "--corpus", root).code == 0
    (index,) = cache_dir.glob("index-*.sqlite")
    before = _fingerprint(index)

    who = facts("who", "Anna Berg", "--corpus", root, "--json")
    assert who.code == 0, who.err
    assert who.json["mentions"] == 1100

    when = facts("when", "Anna Berg", "--corpus", root, "--json")
    assert when.code == 0, when.err
    assert len(when.json) == 1100
    assert [e["date"] for e in when.json] == sorted(e["date"] for e in when.json)

    phrase = facts("when", "tariffs rise", "--corpus", root, "--json")
    assert phrase.code == 0 and phrase.json, phrase.err

    search = facts("search", "tariffs", "--corpus", root, "--limit", "1100", "--json")
    assert (search.code, len(search.json)) == (0, 1100), search.err

    everyone = facts("who", "--corpus", root, "--json")
    assert everyone.code == 0 and any(e["name"] == "Anna Berg" for e in everyone.json)

    from factlookup.cli import run

    monkeypatch.setenv("_FACTS_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", f"facts --corpus {root} who Ann")
    monkeypatch.setenv("COMP_CWORD", "4")
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        run([])
    assert exit_.value.code == 0
    assert "Anna" in capsys.readouterr().out

    for result in (who, when, phrase, search, everyone):
        assert "damaged" not in result.err and "error" not in result.err
    assert _fingerprint(index) == before


def test_a_query_fault_is_reported_and_the_index_kept(facts, corpus, cache_dir: Path, monkeypatch) -> None:
    import factlookup.query.search as query

    root = corpus()
    assert facts("search", "storm", "--corpus", root).code == 0
    (index,) = cache_dir.glob("index-*.sqlite")
    before = _fingerprint(index)

    def faulty(db, *args, **kwargs):
        db.execute("SELECT missing FROM nowhere")

    monkeypatch.setattr(query, "search", faulty)
    result = facts("search", "storm", "--corpus", root)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "facts: error: the query failed on the index (no such table: nowhere); the index is kept as it is\n"
    )
    assert _fingerprint(index) == before


# -- a full disk -----------------------------------------------------------------------------


def _limit_file_size(limit: int):
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_a_file_size_limit_during_the_build_keeps_the_old_index(tmp_path: Path) -> None:
    cache, root = tmp_path / "cache", tmp_path / "news"
    write_articles(root, 5)
    first = _query(cache, "search", "Geneva", "--corpus", str(root), "--json")
    assert first.returncode == 0, first.stderr
    (index,) = cache.glob("index-*.sqlite")
    before = _fingerprint(index)
    assert index.stat().st_size > 48 * 1024

    write_articles(root, 5, offset=5)
    full = subprocess.run(
        facts_command() + ["search", "Geneva", "--corpus", str(root), "--json"], env=child_env(cache),
        capture_output=True, text=True, timeout=300, preexec_fn=_limit_file_size(48 * 1024),
    )
    assert (full.returncode, full.stdout) == (2, "")
    assert re.fullmatch(
        rf"facts: error: could not write the index in {re.escape(str(cache))} \([^)]+\); the previous index is kept\n",
        full.stderr,
    ), full.stderr
    assert _fingerprint(index) == before
    assert not list(cache.glob("*.tmp"))


def test_no_room_to_move_the_new_index_in_keeps_the_old_one(facts, corpus, cache_dir: Path, monkeypatch) -> None:
    root = corpus()
    assert facts("search", "storm", "--corpus", root).code == 0
    (index,) = cache_dir.glob("index-*.sqlite")
    before = _fingerprint(index)
    (root / "more.txt").write_text("Fog\n\nFog closed the airport in Oslo.\n", encoding="utf-8")
    real_replace = os.replace

    def full(src, dst, *a, **k):
        if os.fspath(dst) == str(index):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", full)
    result = facts("search", "fog", "--corpus", root)
    assert result.code == 2
    assert result.err == (
        f"facts: error: could not write the index in {cache_dir} (No space left on device); the previous index is kept\n"
    )
    assert _fingerprint(index) == before
    assert not list(cache_dir.glob("*.tmp"))
