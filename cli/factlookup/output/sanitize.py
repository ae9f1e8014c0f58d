"""Article text is data: nothing in it may drive the terminal."""

from __future__ import annotations

import re
from functools import lru_cache

# CSI / OSC / other escape sequences, then any remaining C0/C1 control character except tab
# and newline. OSC 8 hyperlinks and title changes end in BEL or ST, both matched.
_ESCAPES = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Compiled on first use: JSON output never cleans text.
    return re.compile(_ESCAPES), re.compile(_CONTROLS)


def clean(text: str) -> str:
    """Strip terminal escape sequences and control characters; keep tab and newline."""
    if not text:
        return text
    escapes, controls = _patterns()
    return controls.sub("", escapes.sub("", text))


def one_line(text: str) -> str:
    """Clean text on a single line, for tables and tab-separated rows."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case, checked in C: nothing to strip or fold
    return " ".join(clean(text).split())
