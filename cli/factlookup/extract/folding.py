"""Folding text for comparison: a module of its own, so that a search, which needs no
tokeniser, sentence splitter nor transliteration, loads only this (text.py re-exports it)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents: the form used for every comparison."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().replace("’", "'").replace("‘", "'")
