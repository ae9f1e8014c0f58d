"""The CRF entity tagger: loads the shipped model once and tags tokens, sentences and texts."""

from __future__ import annotations

import os
import threading

from .features import CLUSTER_FILE, FeatureExtractor

MODEL_DIR = os.path.dirname(os.path.abspath(__file__))
MODEL_FILE = os.path.join(MODEL_DIR, "model.crfsuite")
TYPES = ("PER", "ORG", "LOC", "MISC")

_lock = threading.Lock()
_recognisers: dict[str, "Recogniser"] = {}


class Recogniser:
    def __init__(self, model_path: str = MODEL_FILE):
        import pycrfsuite

        self.model_path = model_path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(model_path)
        data_dir = os.path.dirname(os.path.abspath(model_path))
        if not os.path.exists(os.path.join(data_dir, CLUSTER_FILE)):
            data_dir = MODEL_DIR
        self.features = FeatureExtractor.from_dir(data_dir)
        self._tag_lock = threading.Lock()  # a crfsuite tagger is not safe to share between threads

    def _tag(self, xseq: list[list[str]]) -> list[str]:
        if not xseq:
            return []
        with self._tag_lock:
            return repair(self._tagger.tag(xseq))

    def tag_sentence(self, tokens: list[str]) -> list[str]:
        return self._tag(self.features.sentence(tokens))

    def tag_document(self, sentences: list[list[str]]) -> list[list[str]]:
        """Tag the sentences of one document, using features drawn from the whole document."""
        return [self._tag(x) for x in self.features.document(sentences)]


def repair(tags: list[str]) -> list[str]:
    """Make a tag sequence valid IOB2: an I- that does not continue its type becomes B-."""
    prev = "O"
    out = tags
    for i, tag in enumerate(tags):
        if tag[0] == "I" and (prev == "O" or prev[2:] != tag[2:]):
            if out is tags:
                out = list(tags)
            out[i] = "B" + tag[1:]
        prev = tag
    return out


def get_recogniser(model_path: str | None = None) -> Recogniser:
    path = os.path.abspath(model_path or MODEL_FILE)
    rec = _recognisers.get(path)
    if rec is None:
        with _lock:
            rec = _recognisers.get(path)
            if rec is None:
                rec = _recognisers[path] = Recogniser(path)
    return rec


def tag_tokens(tokens: list[str]) -> list[str]:
    """IOB2 tags for the tokens of one sentence."""
    return get_recogniser().tag_sentence(list(tokens))


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) for each entity in an IOB2 tag sequence."""
    out: list[tuple[int, int, str]] = []
    start = -1
    typ = ""
    for i, tag in enumerate(tags):
        if tag == "O" or tag[0] == "B" or tag[2:] != typ:
            if start >= 0:
                out.append((start, i, typ))
                start = -1
            if tag != "O":
                start, typ = i, tag[2:]
    if start >= 0:
        out.append((start, len(tags), typ))
    return out


def recognise(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Character spans (start, end, type) of the entities in `text`, sentence by sentence.

    The sentences are tagged together as one document, so that how a word is written
    elsewhere in the text (in lower case, or capitalised inside a sentence) informs its tag.
    """
    from ..text import tokenize

    token_lists = [tokenize(text, s, e) for s, e in sentences]
    tags = get_recogniser().tag_document([[t.text for t in toks] for toks in token_lists])
    out: list[tuple[int, int, str]] = []
    for toks, sent_tags in zip(token_lists, tags):
        for a, b, typ in spans_from_tags(sent_tags):
            out.append((toks[a].start, toks[b - 1].end, typ))
    return out
