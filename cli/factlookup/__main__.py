"""`python -m factlookup` and the `facts` console script."""

from __future__ import annotations

import sys


def main() -> None:
    from os import environ

    if environ.get("_FACTS_COMPLETE", "").startswith("complete_"):
        # A TAB: a name is answered from the index with the standard library alone; any
        # other request goes on to the command line.
        from .tab import main as complete_name

        if complete_name():
            sys.exit(0)
    from .cli import run

    code = run()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        pass
    sys.exit(code)


if __name__ == "__main__":
    main()
