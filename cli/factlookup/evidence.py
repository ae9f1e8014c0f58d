"""The sentence that states a fact: what the extractors' roles and the queries' answers share.

A module of its own so that models.py (the answers) and records.py (the extractors'
records, loaded only to build) both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")


def by_fields(cls: type[T]) -> type[T]:
    """Pickle a slotted dataclass as its constructor and field values. Its default state
    methods look its fields up again for every object, and extraction results cross
    between processes by the million."""
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


@by_fields
@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that states a fact: its article and its offsets there."""

    article: str
    text: str  # the sentence
    start: int  # sentence offsets in the article text
    end: int
