"""The sentence that states a fact: what the extractors' roles and the queries' answers share.

A module of its own so that models.py (the answers) and records.py (the extractors'
records, loaded only to build) both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that states a fact: its article and its offsets there."""

    article: str
    text: str  # the sentence
    start: int  # sentence offsets in the article text
    end: int
