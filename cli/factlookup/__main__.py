"""`python -m factlookup` and the `facts` console script."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    # A query makes its objects and exits: nothing it makes outlives the process, so looking
    # for reference cycles (mostly among Typer's own objects) is wasted work, 5-15 ms a call.
    # A build turns the collector back on (index/cache.py).
    gc.disable()
    if os.environ.get("_FACTS_COMPLETE", "").startswith("complete_"):
        # A TAB: a name is answered from the index with the standard library alone; any
        # other request goes on to the command line.
        from .tab import main as complete_name

        if complete_name():
            sys.exit(0)
    from .cli import run

    code = run()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass
    if gc.isenabled():  # a build ran: leave the usual way, closing its pools and files
        sys.exit(code)
    # A query holds nothing that needs closing: skip the interpreter's teardown, which
    # collects and frees every module's objects, as long again as the query's own work.
    os._exit(code)


if __name__ == "__main__":
    main()
