"""Scoring the extractors on annotated data.

    python -m factlookup.evaluate ner FILE     CoNLL-format file, conlleval scores
    python -m factlookup.evaluate timex DIR    TimeML files, TempEval-3 scores
"""

from __future__ import annotations

import sys

USAGE = "usage: python -m factlookup.evaluate {ner FILE | timex DIR} [options]"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if args else 2
    task, rest = args[0], args[1:]
    if task == "ner":
        from .extract.ner.evaluate import main as run
    elif task == "timex":
        from .extract.timex.evaluate import main as run
    else:
        print(USAGE, file=sys.stderr)
        return 2
    return run(rest)


if __name__ == "__main__":
    sys.exit(main())
