"""The query path imports only what it needs: never the recogniser, never Rich for JSON, no
OpenSSL, no build lock and no completion tables on a current index, and neither the
loader's nor the extractors' records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import child_env

PROBE = """
import sys
from factlookup.cli import run
code = run(sys.argv[1:])
heavy = ["pycrfsuite", "factlookup.extract.ner.tagger", "factlookup.index.build", "factlookup.extract.entities", "factlookup.extract.timex", "rich",
         "_hashlib", "factlookup.index.lock", "factlookup.completion_scripts",
         "trafilatura", "warcio", "lxml", "factlookup.index.formats",
         "datasketch", "numpy", "factlookup.records", "factlookup.extract.language",
         "factlookup.index.duplicates"]
loaded = [m for m in heavy if m in sys.modules]
text = sys.modules.get("factlookup.extract.text")
if text is not None and (text._token_regex.cache_info().currsize or text._sentence_end.cache_info().currsize):
    loaded.append("the tokeniser's or the sentence splitter's patterns")
print("\\n" + " ".join(loaded), file=sys.stderr)
sys.exit(code)
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("startup-cache")
    subprocess.run([sys.executable, "-m", "factlookup", "index", "--rebuild"], env=child_env(folder), check=True,
                   capture_output=True)
    return folder


@pytest.mark.parametrize(
    "args",
    [["who", "Tokayev", "--json"], ["who", "--json"], ["when", "Tokayev", "--json"], ["search", "shoot to kill", "--json"]],
)
def test_queries_on_a_built_index_load_no_extractor(cache: Path, args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], env=child_env(cache), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)
    assert proc.stderr.splitlines()[-1] == ""
