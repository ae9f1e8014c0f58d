"""Accuracy does not slip: the evaluators, run on the annotated data sets, reach the figures
recorded in the model card and the README (within 0.005)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, child_env

TOLERANCE = 0.005
DATA = Path(os.environ.get("FACTS_DATA_DIR") or ROOT.parent / "shared" / "data")
README = (ROOT / "README.md").read_text(encoding="utf-8")
MODEL_CARD = (ROOT / "cli" / "factlookup" / "extract" / "ner" / "MODEL_CARD.md").read_text(encoding="utf-8")


def _evaluate(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "factlookup.evaluate", *args], env=child_env(Path("/nonexistent")),
        capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _figure(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"no figure matching {pattern!r}"
    return float(found.group(1))


@pytest.mark.slow
def test_entity_recogniser_on_conll_test() -> None:
    test = DATA / "conll2003" / "test.txt"
    if not test.is_file():
        pytest.skip(f"no CoNLL-2003 data at {test}")
    recorded = _figure(r"Recorded figure .*CoNLL-2003 test overall F1 (\d\.\d+)", MODEL_CARD)
    measured = _figure(r"overall F1 (\d\.\d+)", _evaluate("ner", str(test)))
    assert measured >= recorded - TOLERANCE, f"CoNLL-2003 test F1 {measured} < recorded {recorded}"


@pytest.mark.slow
@pytest.mark.parametrize("split", ["train", "dev"])
def test_time_tagger_on_tempeval(split: str) -> None:
    folder = DATA / "tempeval3" / "train"
    if not folder.is_dir():
        pytest.skip(f"no TempEval-3 data at {folder}")
    line = re.search(rf"TempEval-3, {split} split \|[^\n]*", README)
    assert line, f"no README row for the TempEval-3 {split} split"
    output = _evaluate("timex", str(folder), "--split", split)
    for figure, measured_pattern in (
        ("strict span F1", r"strict span .* F1 (\d\.\d+)"),
        ("value F1", r"value F1 (\d\.\d+)"),
    ):
        recorded = _figure(rf"{figure} (\d\.\d+)", line.group(0))
        measured = _figure(measured_pattern, output)
        assert measured >= recorded - TOLERANCE, f"TempEval-3 {split} {figure} {measured} < recorded {recorded}"
