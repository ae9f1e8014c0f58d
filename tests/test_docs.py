"""The README stays true to the code: every JSON field a command emits is documented there,
and every documented field is emitted."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EVIDENCE = {"article", "text", "start", "end"}


def _documented(head: str) -> set[str]:
    """The field names in the README's bullet that opens with **HEAD**, over all its {...} groups."""
    section = README.split("### JSON fields", 1)[1].split("\n### ", 1)[0]
    bullets = re.split(r"\n- ", "\n" + section)
    (bullet,) = [b for b in bullets if b.startswith(f"**{head}**")]
    keys: set[str] = set()
    for group in re.findall(r"`\{([^}`]*)\}`", bullet.replace("\n", " ")):
        for field in group.split(","):
            name = field.strip().split(":")[0].strip().removesuffix("[]")
            if name and not name.startswith('"'):
                keys.add(name)
    return keys


def _emitted(value) -> set[str]:
    """Every key of every object in a JSON value, nested ones too."""
    keys: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            keys.add(k)
            keys |= _emitted(v)
    elif isinstance(value, list):
        for v in value:
            keys |= _emitted(v)
    return keys


AMBIGUOUS = {
    "a.txt": "Smiths\n\nJohn Smith met Anna Smith in Oslo. John Smith spoke first.\n",
    "b.txt": "More Smiths\n\nAnna Smith and John Smith left Oslo on Monday.\n",
}


_STORY = (
    "The central bank said on Monday that it would keep interest rates unchanged for the rest of the year, "
    "citing slower growth in exports and a weaker outlook for investment, and that it saw no sign of inflation."
)
# A story sent twice, so that `facts index` lists a copy.
DUPLICATED = {"a.md": f"---\ntitle: Rates\ndate: 2022-03-01\n---\n{_STORY}\n", "b.md": f"---\ntitle: Rates\n---\n{_STORY}\n"}


@pytest.mark.parametrize(
    ("label", "args", "corpus_files"),
    [
        ("`who NAME`", ["who", "Tokayev"], None),
        ("`who NAME`, ambiguous", ["who", "Smith"], AMBIGUOUS),
        ("`who QUESTION`", ["who", "gave", "the", "shoot-to-kill", "order"], None),
        ("`who`", ["who"], None),
        ("`when [QUERY]`", ["when"], None),
        ("`search QUERY`", ["search", "peacekeeping forces"], None),
        ("`index`", ["index"], DUPLICATED),
    ],
)
def test_json_fields_match_the_readme(facts, corpus, label: str, args: list[str], corpus_files) -> None:
    extra = ["--corpus", str(corpus(corpus_files))] if corpus_files else []
    if args == ["index"]:
        facts("who", *extra)  # an index to describe
    result = facts(*args, *extra, "--json")
    assert result.code == 0, result.err
    emitted = _emitted(result.json)
    documented = _documented(label)
    if "ambiguous" in label:
        documented |= _documented("`who`")  # "with candidates as below"
    if "evidence" in emitted and label != "`who QUESTION`":
        documented |= EVIDENCE
    if label == "`who QUESTION`":
        # answers are rows of `who`, evidence are hits of `search`
        documented |= _documented("`who`") | _documented("`search QUERY`")
    assert emitted - documented == set(), f"emitted but not in the README: {sorted(emitted - documented)}"
    assert documented - emitted == set(), f"in the README but not emitted: {sorted(documented - emitted)}"
