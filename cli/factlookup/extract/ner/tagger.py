"""The CRF entity tagger: loads the shipped model once and tags tokens, sentences and texts."""

from __future__ import annotations

import os
import struct
import threading

from .features import CLUSTER_FILE, CONNECTORS, FeatureExtractor
from .memory import CorpusMemory

MODEL_DIR = os.path.dirname(os.path.abspath(__file__))
MODEL_FILE = os.path.join(MODEL_DIR, "model.crfsuite")
TYPES = ("PER", "ORG", "LOC", "MISC")

_lock = threading.Lock()
_recognisers: dict[str, "Recogniser"] = {}


def second_pass_path(model_path: str) -> str:
    """The consistency-pass model that goes with a first-pass model: X.crfsuite -> X.pass2.crfsuite."""
    base = model_path[: -len(".crfsuite")] if model_path.endswith(".crfsuite") else model_path
    return base + ".pass2.crfsuite"


def model_attributes(path: str) -> frozenset[str]:
    """The attribute names a crfsuite model weighs, read from its attribute table.

    The table is a CQDB (constant quark database) at the offset the model header gives; its
    records, after the 256 hash tables, are (id, key size, key with a NUL), one after another.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    (offset,) = struct.unpack_from("<I", data, 36)
    if data[offset : offset + 4] != b"CQDB":
        raise ValueError(f"{path}: no attribute table where the header says")
    size, _flag, _order, count, backlinks = struct.unpack_from("<5I", data, offset + 4)
    pos = offset + 24 + 256 * 8
    end = offset + backlinks
    names = []
    for _ in range(count):
        (key_size,) = struct.unpack_from("<I", data, pos + 4)
        names.append(data[pos + 8 : pos + 7 + key_size].decode("utf-8"))
        pos += 8 + key_size
    if pos > end:
        raise ValueError(f"{path}: attribute table overruns its bounds")
    return frozenset(names)


# Small words inside a listed organisation's name ("General Agreement on Tariffs and Trade").
_LISTED_CONNECTORS = CONNECTORS | {"on", "for", "in", "to"}
# The place list's kinds (CITY also finds CITYA): a name that is also a place keeps the
# tagger's reading.
_PLACE_KINDS = ("CITY", "CTRY", "ADM1", "CONT")


def _only_organisation(cats: str) -> bool:
    """Whether a lexicon phrase's kinds make it an organisation and no place."""
    return "ORG" in cats.split() and not any(c in cats for c in _PLACE_KINDS)


def _retag(tags: list[str], a: int, b: int, typ: str) -> None:
    """Tags a..b-1 become one entity of `typ`."""
    tags[a] = "B-" + typ
    for j in range(a + 1, b):
        tags[j] = "I-" + typ


def _listed_organisation_lengths(phrases: dict[str, str]) -> dict[str, int]:
    """First word -> the most words of a listed organisation's name of three words or more
    that starts with it (a few hundred of the lexicon's phrases, not every place's)."""
    out: dict[str, int] = {}
    for key, kinds in phrases.items():
        words = key.split(" ")
        if len(words) >= 3 and "ORG" in kinds.split() and out.get(words[0], 0) < len(words):
            out[words[0]] = len(words)
    return out


class Recogniser:
    """Two CRF passes: the first tags each token from its own features and the document's;
    the second (when its model is present) revises those tags from how the same words and
    names were tagged elsewhere in the document, and in a corpus when one is given."""

    def __init__(self, model_path: str = MODEL_FILE, second_pass: bool = True):
        import pycrfsuite

        self.model_path = model_path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(model_path)
        self._tagger2 = None
        path2 = second_pass_path(model_path)
        if second_pass and os.path.exists(path2):
            self._tagger2 = pycrfsuite.Tagger()
            self._tagger2.open(path2)
        data_dir = os.path.dirname(os.path.abspath(model_path))
        if not os.path.exists(os.path.join(data_dir, CLUSTER_FILE)):
            data_dir = MODEL_DIR
        known = model_attributes(model_path)
        if self._tagger2 is not None:
            known |= model_attributes(path2)
        self.features = FeatureExtractor.from_dir(data_dir, known=known)
        self._tag_lock = threading.Lock()  # a crfsuite tagger is not safe to share between threads
        # Sentences tagged again by the second pass: 0 all, 1 those where a word has document
        # (or corpus) evidence, 2 only those where that evidence disputes a first-pass label.
        self.revise = 2
        self.rules = True
        self._listed_longest: dict[str, int] | None = None  # see _mend_listed_organisations

    def _tag(self, xseq: list[list[str]], tagger=None) -> list[str]:
        if not xseq:
            return []
        with self._tag_lock:
            return repair((tagger or self._tagger).tag(xseq))

    def _fix(self, kept: list, tags: list[list[str]]) -> list[list[str]]:
        """Rules for name patterns the training text almost never shows.

        * an ordinal just before an organisation whose name holds a head word joins it
          ("103rd Detached Airborne Brigade");
        * a place span that starts with a country name and goes on with two or more capitalised
          words that are no place and end in no head word is a country and a person's name
          ("Kazakhstan Kassym-Jomart Tokayev");
        * a name the organisation list holds, and the place list does not, is an organisation;
        * an organisation the list holds that the tagger cut in two at its "and" is one again
          ("Standard" and "Poor's" of "Standard and Poor's");
        * a longer one it cut into pieces of any type is one again (_mend_listed_organisations).
        """
        phrases = self.features.lexicon.phrases
        if not phrases and not self.features.lexicon.words:
            return tags
        out = []
        for (types, _), ys in zip(kept, tags):
            changed = None
            for a, b, typ in spans_from_tags(ys):
                if typ == "ORG" and a > 0 and types[a - 1][9] and types[a - 1][5][-2:] in ("st", "nd", "rd", "th"):
                    if any(("ORGH" in types[j][8] or "ORGS" in types[j][8]) for j in range(a, b)):
                        changed = changed or list(ys)
                        _retag(changed, a - 1, b, "ORG")
                elif typ == "LOC" and b - a >= 3:
                    cats = phrases.get(types[a][5], "")
                    rest = range(a + 1, b)
                    if (
                        "CTRY" in cats
                        and all(types[j][7] and not phrases.get(types[j][5]) for j in rest)
                        and not types[b - 1][8]
                    ):
                        changed = changed or list(ys)
                        _retag(changed, a + 1, b, "PER")
                if typ != "ORG":
                    key = " ".join(types[j][5] for j in range(a, b))
                    if _only_organisation(phrases.get(key, "")):
                        changed = changed or list(ys)
                        _retag(changed, a, b, "ORG")
            joined = self._join_listed_organisations(types, changed or ys)
            mended = self._mend_listed_organisations(types, joined or changed or ys)
            out.append(mended or joined or changed or ys)
        return out

    def _mend_listed_organisations(self, types: list[tuple], ys: list[str]) -> list[str] | None:
        """A long name the organisation list holds that the tagger cut into pieces of any type,
        all inside it and covering half its words, is one organisation: "General Agreement on"
        and "Tariffs and Trade". Its small words may be any of _LISTED_CONNECTORS, which the
        recogniser's own phrase features do not read."""
        spans = spans_from_tags(ys)
        if not spans:
            return None
        lexicon = self.features.lexicon
        if self._listed_longest is None:
            self._listed_longest = _listed_organisation_lengths(lexicon.phrases)
        longest = self._listed_longest
        changed = None
        n = len(types)
        for a in range(n):
            top = longest.get(types[a][5], 0) if types[a][7] else 0
            for b in range(min(n, a + top), a + 2, -1):
                if not types[b - 1][7] or not all(types[j][7] or types[j][5] in _LISTED_CONNECTORS for j in range(a, b)):
                    continue
                if not _only_organisation(lexicon.phrases.get(" ".join(types[j][5] for j in range(a, b)), "")):
                    continue
                parts = [(x, y) for x, y, _ in spans if x < b and y > a]
                if parts and all(a <= x and y <= b for x, y in parts) and 2 * sum(y - x for x, y in parts) >= b - a:
                    if parts != [(a, b)] or ys[a] != "B-ORG":
                        changed = changed or list(ys)
                        _retag(changed, a, b, "ORG")
                break
        return changed

    def _join_listed_organisations(self, types: list[tuple], ys: list[str]) -> list[str] | None:
        orgs = [(a, b) for a, b, typ in spans_from_tags(ys) if typ == "ORG"]
        if len(orgs) < 2:
            return None
        changed = None
        for a, b, cats in self.features.lexicon_matches(types):
            if "ORG" not in cats.split():
                continue
            parts = [(x, y) for x, y in orgs if x < b and y > a]
            if len(parts) < 2:
                continue
            inside = {j for x, y in parts for j in range(x, y)}
            if all(j in inside or types[j][5] in CONNECTORS for j in range(a, b)):
                changed = changed or list(ys)
                _retag(changed, parts[0][0], parts[-1][1], "ORG")
        return changed

    def first_pass(self, sentences: list[list[str]], xs: list | None = None) -> tuple[list, list[list[str]]]:
        """First-pass tags of one document, with the per-token data the second pass reuses
        (and the first-pass features, into `xs` when given)."""
        kept: list = []
        feats = self.features.document(sentences, keep=kept)
        if xs is not None:
            xs.extend(feats)
        return kept, [self._tag(x) for x in feats]

    def tag_sentence(self, tokens: list[str]) -> list[str]:
        return self.tag_document([tokens])[0]

    def tag_document(self, sentences: list[list[str]], corpus: CorpusMemory | None = None) -> list[list[str]]:
        """Tag the sentences of one document, using features drawn from the whole document.

        `corpus`, a CorpusMemory filled with `memorise` over a set of documents, adds how each
        word was tagged across them.
        """
        if self._tagger2 is None:
            kept, tags = self.first_pass(sentences)
            return self._fix(kept, tags) if self.rules else tags
        xs: list = []
        kept, tags = self.first_pass(sentences, xs)
        if corpus is None and len(kept) == 1:
            # One sentence: only a word it holds twice can have evidence from elsewhere.
            words = [t[5] for t, y in zip(kept[0][0], tags[0]) if t[7] or y != "O"]
            if len(set(words)) == len(words):
                return self._fix(kept, tags) if self.rules else tags
        evidence: list[int] = []
        xs = self.features.second_pass(kept, tags, corpus, xs, evidence)
        # A sentence below the revise level (by default: no word whose label elsewhere disputes
        # its own) keeps its first-pass tags.
        level = self.revise
        tags = [self._tag(x, self._tagger2) if e >= level else y for x, y, e in zip(xs, tags, evidence)]
        return self._fix(kept, tags) if self.rules else tags

    def memorise(self, sentences: list[list[str]], corpus: CorpusMemory) -> None:
        """Add one document's first-pass tags to a corpus memory."""
        corpus.add(*self.first_pass(sentences))


def repair(tags: list[str]) -> list[str]:
    """Make a tag sequence valid IOB2: an I- that does not continue its type becomes B-. A
    model trained on IOBES tags (the last token of a name E-, a one-token name S-) has them
    written as IOB2 first."""
    prev = "O"
    out = tags
    for i, tag in enumerate(tags):
        head = tag[0]
        if head == "E" or head == "S":
            if out is tags:
                out = list(tags)
            tag = out[i] = ("I" if head == "E" else "B") + tag[1:]
            head = tag[0]
        if head == "I" and (prev == "O" or prev[2:] != tag[2:]):
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


def recognise(
    text: str, sentences: list[tuple[int, int]], corpus: CorpusMemory | None = None
) -> list[tuple[int, int, str]]:
    """Character spans (start, end, type) of the entities in `text`, sentence by sentence.

    The sentences are tagged together as one document, so that how a word is written
    elsewhere in the text (in lower case, or capitalised inside a sentence) and how it was
    tagged elsewhere informs its tag. `corpus` (optional, see `memorise`) adds the same
    across a set of articles.
    """
    from ..text import tokenize

    token_lists = [tokenize(text, s, e) for s, e in sentences]
    tags = get_recogniser().tag_document([[t.text for t in toks] for toks in token_lists], corpus)
    out: list[tuple[int, int, str]] = []
    for toks, sent_tags in zip(token_lists, tags):
        for a, b, typ in spans_from_tags(sent_tags):
            out.append((toks[a].start, toks[b - 1].end, typ))
    return out


def memorise(text: str, sentences: list[tuple[int, int]], corpus: CorpusMemory) -> None:
    """Add one article's first-pass tags to `corpus`, for corpus-level consistency in `recognise`."""
    from ..text import tokenize

    get_recogniser().memorise([[t.text for t in tokenize(text, s, e)] for s, e in sentences], corpus)
