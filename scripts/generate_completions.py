"""Write completions/facts.bash, completions/_facts and completions/facts.fish from the app.

    python scripts/generate_completions.py          # write the files
    python scripts/generate_completions.py --check  # exit 1 if a file is stale

Each script is what `_FACTS_COMPLETE=source_<shell> facts` prints, so the files, the
scripts `facts --install-completion` installs and the program's answers stay in step.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "completions"
FILES = {"bash": "facts.bash", "zsh": "_facts", "fish": "facts.fish"}


def render(shell: str) -> str:
    """The completion script for one shell, as the program prints it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_FACTS_", "_TYPER_", "COMP_"))}
    env["_FACTS_COMPLETE"] = f"source_{shell}"
    env["PYTHONPATH"] = str(ROOT / "cli") + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "factlookup"], env=env, capture_output=True, text=True, check=True
    )
    script = done.stdout.strip() + "\n"
    if shell == "zsh" and not script.startswith("#compdef facts\n"):
        raise SystemExit("the zsh script must start with '#compdef facts' to be autoloaded")
    return script


def expected() -> dict[Path, str]:
    return {FOLDER / name: render(shell) for shell, name in FILES.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    opts = parser.parse_args()
    stale = []
    for path, text in expected().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not opts.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if opts.check else 'wrote'} {path.relative_to(ROOT)}")
    return 1 if opts.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
