"""Named-entity recognition: a CRF tagger over word, shape, affix and word-cluster features.

    tag_tokens(tokens)          -> IOB2 tags (B-PER, I-ORG, ..., O) for one sentence
    recognise(text, sentences)  -> [(start, end, 'PER'|'ORG'|'LOC'|'MISC'), ...]
    recognise(text, sentences, corpus=memory)  with corpus-level consistency: fill a
        CorpusMemory (factlookup.extract.ner.memory) with memorise(text, sentences, memory) first

The model is loaded on first use, not at import.
"""

from __future__ import annotations

__all__ = ["memorise", "recognise", "tag_tokens"]


def tag_tokens(tokens: list[str]) -> list[str]:
    from .tagger import tag_tokens as _tag_tokens

    return _tag_tokens(tokens)


def recognise(text: str, sentences: list[tuple[int, int]], corpus=None) -> list[tuple[int, int, str]]:
    from .tagger import recognise as _recognise

    return _recognise(text, sentences, corpus)


def memorise(text: str, sentences: list[tuple[int, int]], corpus) -> None:
    from .tagger import memorise as _memorise

    _memorise(text, sentences, corpus)
