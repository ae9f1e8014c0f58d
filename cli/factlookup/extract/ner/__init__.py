"""Named-entity recognition: a CRF tagger over word, shape, affix and word-cluster features.

    tag_tokens(tokens)          -> IOB2 tags (B-PER, I-ORG, ..., O) for one sentence
    recognise(text, sentences)  -> [(start, end, 'PER'|'ORG'|'LOC'|'MISC'), ...]

The model is loaded on first use, not at import.
"""

from __future__ import annotations

__all__ = ["recognise", "tag_tokens"]


def tag_tokens(tokens: list[str]) -> list[str]:
    from .tagger import tag_tokens as _tag_tokens

    return _tag_tokens(tokens)


def recognise(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    from .tagger import recognise as _recognise

    return _recognise(text, sentences)
