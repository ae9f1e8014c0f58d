"""Exit statuses, named once and mapped to numbers in one place."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    FOUND = 0
    NOT_FOUND = 1
    ERROR = 2
    INTERRUPTED = 130


class FactsError(Exception):
    """A problem the user can fix: printed as one sentence on stderr, exit status 2."""
