"""`python -m factlookup` and the `facts` console script."""

from __future__ import annotations

import sys


def main() -> None:
    from .cli import run

    code = run()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        pass
    sys.exit(code)


if __name__ == "__main__":
    main()
