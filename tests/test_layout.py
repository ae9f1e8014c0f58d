"""The package's shape: stages in their own packages, no import cycles, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cli" / "factlookup"
# Tables of rules and examples are data, whatever their length.
DATA_MODULES = {"extract/timex/rules.py"}
MAX_LINES = 700


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The package modules this module imports, at its top level or inside functions."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found.update(c for c in candidates if c in MODULES)
    found.discard(name)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in GRAPH:
        if name not in state:
            visit(name)


# Each stage may use the ones before it, never one after it.
STAGES = ["models", "status", "env", "extract", "index", "query", "output", "commands", "completion", "cli"]


def _stage(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


# Text cleaning for the terminal imports nothing of the package: warnings use it too.
LEAVES = {"factlookup.output.sanitize"}


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if _stage(n)))
def test_data_flows_one_way(name: str) -> None:
    own = STAGES.index(_stage(name))
    upward = [m for m in GRAPH[name] if _stage(m) and STAGES.index(_stage(m)) > own and m not in LEAVES]
    assert not upward, f"{name} imports a later stage: {upward}"


def test_extract_and_index_never_import_typer_or_rich() -> None:
    for name, path in MODULES.items():
        if _stage(name) in ("extract", "index", "query"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            roots |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
            assert not roots & {"typer", "rich", "click"}, name


def test_commands_never_touch_sqlite() -> None:
    for name, path in MODULES.items():
        if name.startswith("factlookup.commands"):
            assert "sqlite3" not in path.read_text(encoding="utf-8"), name


def test_typer_private_modules_are_reached_from_one_module() -> None:
    users = [
        name for name, path in MODULES.items()
        if any(marker in path.read_text(encoding="utf-8") for marker in ("typer._", "from typer import _"))
    ]
    assert len(users) <= 1, users


@pytest.mark.parametrize("stage", ["extract", "index", "query", "output", "commands", "extract/entities"])
def test_stage_packages_import_nothing_eagerly(stage: str) -> None:
    tree = ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))
    assert all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in tree.body), stage


@pytest.mark.parametrize("path", sorted(MODULES.values()), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path: Path) -> None:
    rel = str(path.relative_to(PACKAGE))
    if rel in DATA_MODULES:
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{rel} has {lines} lines"
