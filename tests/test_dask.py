"""Extraction on a Dask cluster gives the index a local build gives, survives a lost worker,
and fails in one sentence when the scheduler cannot be reached."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT, child_env, facts_command, write_articles

QUERIES = [
    ["who"], ["who", "Anna Berg"], ["when", "Geneva"], ["search", "officials", "Oslo", "--limit", "20"],
    ["index"],
]
# Fields of `facts index` that differ between any two builds.
UNSTABLE = ("path", "built_at", "size", "corpus")


def _facts(cache: Path, *args: str, timeout: float = 600, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(facts_command() + list(args), env=child_env(cache, **env), capture_output=True, text=True,
                          timeout=timeout)


def _answers(cache: Path, root: Path) -> list:
    out = []
    for query in QUERIES:
        done = _facts(cache, *query, "--corpus", str(root), "--json")
        assert done.returncode == 0, (query, done.stderr)
        answer = json.loads(done.stdout)
        if query == ["index"]:
            assert answer["current"] is True
            answer = {k: v for k, v in answer.items() if k not in UNSTABLE}
        out.append(answer)
    return out


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """200 reports (four batches) and the answers of their local build."""
    folder = tmp_path_factory.mktemp("reports")
    root = folder / "news"
    write_articles(root, 200)
    cache = folder / "local-cache"
    built = _facts(cache, "index", "--rebuild", "--corpus", str(root), "--json")
    assert built.returncode == 0, built.stderr
    return root, _answers(cache, root)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


# -- an unreachable scheduler -----------------------------------------------------------------


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_unreachable_scheduler_is_one_sentence_and_exit_2_within_seconds(tmp_path: Path, how: str) -> None:
    root = tmp_path / "news"
    write_articles(root, 3)
    address = f"tcp://127.0.0.1:{_free_port()}"
    args = ["index", "--corpus", str(root)] + (["--scheduler", address] if how == "option" else ["--rebuild"])
    env = {"FACTS_SCHEDULER": address} if how == "environment" else {}
    started = time.monotonic()
    done = _facts(tmp_path / "cache", *args, timeout=60, **env)
    elapsed = time.monotonic() - started
    assert (done.returncode, done.stdout) == (2, "")
    try:
        import distributed  # noqa: F401
    except ImportError:
        expected = f"facts: error: building on the Dask scheduler {address} needs Dask: pip install 'factlookup[dask]'\n"
        assert done.stderr == expected
    else:
        assert done.stderr.startswith(f"facts: error: could not reach the Dask scheduler at {address} (")
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert elapsed < 20  # 3 s to connect, the rest is starting Python and importing Dask
    assert not list((tmp_path / "cache").glob("*.tmp"))


# -- a cluster in this process ---------------------------------------------------------------


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_answers_of_a_local_build(tmp_path: Path, reports) -> None:
    distributed = pytest.importorskip("distributed")
    root, expected = reports
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        cache = tmp_path / "dask-cache"
        built = _facts(cache, "index", "--scheduler", cluster.scheduler_address, "--corpus", str(root), "--json")
        assert built.returncode == 0, built.stderr
        assert json.loads(built.stdout)["articles"] == 200
        # The progress callback sees the articles done, up to all of them.
        from factlookup.index.build import build
        from factlookup.index.corpus import discover
        from factlookup.index.scheduler import dask_executor
        from factlookup.index.store import Location

        calls: list[tuple[int, int]] = []
        location = Location(tmp_path / "api" / "index.sqlite", (str(root),))
        db, report = build(discover([root], lambda m: None), location, lambda m: None, lambda d, t: calls.append((d, t)),
                           executor=dask_executor(cluster.scheduler_address))
        db.close()
    assert (report.articles, report.extracted) == (200, 200)
    assert calls[-1] == (200, 200)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and len(calls) >= 5
    assert _answers(cache, root) == expected


# -- a scheduler and workers started apart ---------------------------------------------------


class _Cluster:
    """`dask scheduler` and two `dask worker` processes on localhost."""

    def __init__(self, folder: Path, **worker_env: str) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "scheduler.json"
        env = child_env(folder / "unused-cache", DASK_DISTRIBUTED__WORKER__DAEMON="False")
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        self.procs = [subprocess.Popen(dask + ["--host", "127.0.0.1", "--port", "0", "--dashboard-address", ":0",
                                               "--scheduler-file", str(self.file)],
                                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       start_new_session=True)]
        assert _wait_for(lambda: self.file.is_file() and self.file.stat().st_size > 0, 60), "no scheduler"
        self.address = json.loads(self.file.read_text())["address"]
        for _ in range(2):
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--nworkers", "1", "--nthreads", "1",
                 "--host", "127.0.0.1", "--dashboard-address", ":0", "--local-directory", str(folder)],
                env={**env, **worker_env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            ))
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(2, timeout=120)

    def close(self) -> None:
        for proc in reversed(self.procs):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)


@pytest.fixture
def cluster_apart(tmp_path: Path):
    pytest.importorskip("distributed")
    made: list[_Cluster] = []

    def start(**worker_env: str) -> _Cluster:
        made.append(_Cluster(tmp_path / f"cluster{len(made)}", **worker_env))
        return made[-1]

    yield start
    for cluster in made:
        cluster.close()


@pytest.mark.slow
def test_a_scheduler_and_two_workers_started_apart_build_a_corpus(tmp_path: Path, cluster_apart, reports) -> None:
    root, expected = reports
    cluster = cluster_apart()
    cache = tmp_path / "dask-cache"
    built = _facts(cache, "index", "--rebuild", "--corpus", str(root), "--json", FACTS_SCHEDULER=cluster.address)
    assert built.returncode == 0, built.stderr
    assert _answers(cache, root) == expected


@pytest.mark.slow
def test_a_worker_killed_mid_build_has_its_batches_run_again(tmp_path: Path, cluster_apart, reports) -> None:
    root, expected = reports
    hold = tmp_path / "hold"
    hold.mkdir()
    cluster = cluster_apart(FACTS_TEST_PAUSE_WORKERS=str(hold))
    cache = tmp_path / "dask-cache"
    builder = subprocess.Popen(facts_command() + ["index", "--scheduler", cluster.address, "--corpus", str(root), "--json"],
                               env=child_env(cache), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Both workers hold a batch each; one of them dies with it.
        assert _wait_for(lambda: len(list(hold.glob("worker-*"))) >= 2 or builder.poll() is not None, 180), "no batch started"
        assert builder.poll() is None, builder.communicate()
        victim = int(sorted(hold.glob("worker-*"))[0].name.split("-")[1])
        os.kill(victim, signal.SIGKILL)
        time.sleep(1)
        (hold / "go").touch()
        out, err = builder.communicate(timeout=600)
    finally:
        if builder.poll() is None:
            builder.kill()
    assert builder.returncode == 0, err
    assert json.loads(out)["articles"] == 200
    assert _answers(cache, root) == expected  # nothing lost, nothing twice


# -- Reuters-21578, where the data is found --------------------------------------------------


def _reuters_folder() -> Path | None:
    for base in (os.environ.get("FACTS_DATA_DIR"), "/work/shared/data", str(ROOT.parent / "shared" / "data")):
        if base and (Path(base) / "reuters21578").is_dir():
            return Path(base) / "reuters21578"
    return None


@pytest.mark.slow
@pytest.mark.skipif(_reuters_folder() is None, reason="Reuters-21578 is not beside the checkout")
def test_a_scheduler_and_two_workers_started_apart_build_reuters(tmp_path: Path, cluster_apart) -> None:
    jsonl = Path(tempfile.gettempdir()) / "factlookup-bench" / "reuters.jsonl"
    if not jsonl.is_file():
        subprocess.run([sys.executable, str(ROOT / "bench" / "reuters_to_jsonl.py")], check=True, timeout=600)
    cluster = cluster_apart()
    cache = tmp_path / "dask-cache"
    built = _facts(cache, "index", "--scheduler", cluster.address, "--corpus", str(jsonl), "--json", timeout=1800)
    assert built.returncode == 0, built.stderr
    state = json.loads(built.stdout)
    copies = sum(len(story["copies"]) for story in state["duplicates"])
    assert (state["current"], state["articles"] + copies) == (True, 19043)  # each story indexed or folded
    who = _facts(cache, "who", "Volcker", "--corpus", str(jsonl), "--json")
    assert who.returncode == 0, who.stderr
    assert json.loads(who.stdout)["name"] == "Paul Volcker"
