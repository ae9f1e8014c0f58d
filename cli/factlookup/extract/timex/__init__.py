"""Time expressions: find dates, times, durations and frequencies and normalise them to TimeML values.

    >>> from factlookup.extract.timex import tag
    >>> [(t.text, t.value) for t in tag("Protests broke out on January 2.", "2022-01-19")]
    [('January 2', '2022-01-02')]
"""

from __future__ import annotations

from .tagger import tag

__all__ = ["tag"]
