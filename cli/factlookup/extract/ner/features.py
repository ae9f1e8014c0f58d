"""Feature extraction for the CRF entity tagger.

Everything that depends only on a word's spelling (shape, affixes, word clusters, gazetteer
membership) is computed once per word type and cached, already expanded for each window
position, so that a token's feature list is built mostly by concatenating cached lists.
Only the few conjunctions of neighbouring words and the document features are made per token.
"""

from __future__ import annotations

import gzip
import os

# Typographic punctuation seen in modern news, mapped to the ASCII forms of the training text.
_NORMALISE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "--",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)

CLUSTER_FILE = "clusters.txt.gz"
GAZETTEER_FILE = "gazetteer.txt.gz"
# Window offsets and the cached feature sets used at each.
_OFFSETS = (-2, -1, 1, 2)


def normalise(word: str) -> str:
    """The form of a token that features see: ASCII quotes and dashes, digits kept."""
    if word.isascii():
        return word
    return word.translate(_NORMALISE)


def digit_norm(word: str) -> str:
    """Digits replaced by 0, used for cluster look-ups."""
    if not any(ch.isdigit() for ch in word):
        return word
    return "".join("0" if ch.isdigit() else ch for ch in word)


def _char_class(ch: str) -> str:
    if ch.isupper():
        return "X"
    if ch.islower():
        return "x"
    if ch.isdigit():
        return "d"
    if ch.isalpha():
        return "a"  # letters without case
    return ch


def shape(word: str) -> str:
    """Word shape with runs of one character class capped at four: "Pashinyan" -> "Xxxxx"."""
    out: list[str] = []
    prev = ""
    run = 0
    for c in map(_char_class, word):
        if c == prev:
            run += 1
            if run > 4:
                continue
        else:
            prev = c
            run = 1
        out.append(c)
    return "".join(out)


def short_shape(word: str) -> str:
    """Word shape with every run collapsed to one character: "U.S." -> "X.X."."""
    out: list[str] = []
    prev = ""
    for c in map(_char_class, word):
        if c != prev:
            out.append(c)
            prev = c
    return "".join(out)


def load_clusters(path: str) -> dict[str, tuple[str, ...]]:
    """Word -> cluster ids at each granularity, from a gzip'd `word<TAB>id<TAB>id...` file."""
    clusters: dict[str, tuple[str, ...]] = {}
    if not os.path.exists(path):
        return clusters
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            clusters[parts[0]] = tuple(parts[1:])
    return clusters


def load_gazetteer(path: str) -> dict[str, str]:
    """Lower-cased word -> the entity types it was seen in ("PER ORG"), from a gzip'd list."""
    gaz: dict[str, str] = {}
    if not os.path.exists(path):
        return gaz
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, tags = line.rstrip("\n").partition("\t")
            gaz[word] = tags
    return gaz


class FeatureExtractor:
    """Turns sentences (lists of token strings) into crfsuite attribute lists."""

    def __init__(self, clusters: dict[str, tuple[str, ...]] | None = None, gazetteer: dict[str, str] | None = None):
        self.clusters = clusters or {}
        self.gazetteer = gazetteer or {}
        self.levels = len(next(iter(self.clusters.values()))) if self.clusters else 0
        self._cache: dict[str, tuple] = {}

    @classmethod
    def from_dir(cls, directory: str) -> "FeatureExtractor":
        return cls(
            load_clusters(os.path.join(directory, CLUSTER_FILE)),
            load_gazetteer(os.path.join(directory, GAZETTEER_FILE)),
        )

    # -- per word type ---------------------------------------------------------------------

    def _cluster_ids(self, word: str) -> tuple[str, ...]:
        c = self.clusters
        key = digit_norm(word)
        ids = c.get(key)
        if ids is None:
            lower = key.lower()
            ids = c.get(lower) or c.get(key.capitalize()) or c.get(lower.capitalize())
        return ids or ("-",) * self.levels

    def _type(self, raw: str) -> tuple:
        word = normalise(raw)
        lower = word.lower()
        shp = shape(word)
        ssh = short_shape(word)
        cl = self._cluster_ids(word)
        first = word[:1]
        init_cap = first.isupper()
        all_caps = word.isupper() and sum(ch.isalpha() for ch in word) > 1
        center = [
            "w=" + word,
            "l=" + lower,
            "s=" + shp,
            "ss=" + ssh,
            "p1=" + lower[:1],
            "p2=" + lower[:2],
            "p3=" + lower[:3],
            "p4=" + lower[:4],
            "x1=" + lower[-1:],
            "x2=" + lower[-2:],
            "x3=" + lower[-3:],
            "x4=" + lower[-4:],
            "len=" + (str(len(word)) if len(word) < 8 else "8+"),
        ]
        if init_cap:
            center.append("IC")
        if all_caps:
            center.append("AC")
        if "-" in word and len(word) > 1:
            center.append("HY")
            head, _, tail = lower.rpartition("-")
            center.append("hyt=" + tail)
            center.append("hyh=" + head)
        if not word.isascii():
            center.append("NA")
        for level, cid in enumerate(cl):
            center.append("c%d=%s" % (level, cid))
        if all_caps or init_cap:
            # Spelling-only case-neutral view: "BRUSSELS" and "Brussels" share it.
            center.append("tc=" + lower.capitalize())
        gz = self.gazetteer.get(lower)
        if gz:
            for tag in gz.split():
                center.append("g=" + tag)
        neighbours = {}
        for off in _OFFSETS:
            o = "%+d" % off
            feats = ["l%s=%s" % (o, lower), "ss%s=%s" % (o, ssh)]
            if cl:
                feats.append("c1%s=%s" % (o, cl[1] if len(cl) > 1 else cl[0]))
                if abs(off) == 1:
                    feats.append("c0%s=%s" % (o, cl[0]))
                    feats.append("c2%s=%s" % (o, cl[-1]))
            if abs(off) == 1:
                feats.append("w%s=%s" % (o, word))
                feats.append("x3%s=%s" % (o, lower[-3:]))
                if gz:
                    for tag in gz.split():
                        feats.append("g%s=%s" % (o, tag))
            neighbours[off] = feats
        return (center, neighbours[-2], neighbours[-1], neighbours[1], neighbours[2], lower, ssh, init_cap)

    def word_type(self, raw: str) -> tuple:
        t = self._cache.get(raw)
        if t is None:
            t = self._type(raw)
            if len(self._cache) < 500_000:
                self._cache[raw] = t
        return t

    # -- documents and sentences --------------------------------------------------------------

    def document_context(self, sentences: list[list[str]]) -> tuple:
        """What the rest of the document says about each capitalised word.

        Returns the words seen in lower case, the capitalised words seen inside a sentence (not
        first), and for each capitalised word the lower-cased words found just before and just
        after its occurrences ("Mr", "said", "in", ...): context aggregated over the document.
        """
        lowered: set[str] = set()
        inner_caps: set[str] = set()
        around: dict[str, set[str]] = {}
        for words in sentences:
            n = len(words)
            for i, raw in enumerate(words):
                first = raw[:1]
                if first.islower():
                    lowered.add(normalise(raw))
                elif first.isupper():
                    w = normalise(raw)
                    if i > 0 and not raw.isupper():
                        inner_caps.add(w)
                    key = w.lower()  # "BRUSSELS" in a headline shares "Brussels" in the text
                    ctx = around.get(key)
                    if ctx is None:
                        ctx = around[key] = set()
                    if len(ctx) < 12:
                        ctx.add("Dp=" + (normalise(words[i - 1]).lower() if i > 0 else "<s>"))
                        ctx.add("Dn=" + (normalise(words[i + 1]).lower() if i + 1 < n else "</s>"))
        return lowered, inner_caps, {w: sorted(c) for w, c in around.items() if len(c) > 2}

    def sentence(self, words: list[str], context: tuple | None = None) -> list[list[str]]:
        n = len(words)
        types = [self.word_type(w) for w in words]
        out: list[list[str]] = []
        lowered, inner_caps, around = context if context is not None else (None, None, None)
        for i in range(n):
            t = types[i]
            f = t[0] + []
            if i > 0:
                p = types[i - 1]
                f += p[2]
                f.append("l-1|l=%s|%s" % (p[5], t[5]))
                f.append("ss-1|ss=%s|%s" % (p[6], t[6]))
                f.append("l-1|ss=%s|%s" % (p[5], t[6]))
                if i > 1:
                    f += types[i - 2][1]
            else:
                f.append("BOS")
                f.append("BOS|ss=" + t[6])
            if i + 1 < n:
                q = types[i + 1]
                f += q[3]
                f.append("l|l+1=%s|%s" % (t[5], q[5]))
                f.append("ss|ss+1=%s|%s" % (t[6], q[6]))
                f.append("ss|l+1=%s|%s" % (t[6], q[5]))
                if i + 2 < n:
                    f += types[i + 2][4]
            else:
                f.append("EOS")
            if lowered is not None and t[7]:
                w = normalise(words[i])
                if w.lower() in lowered:
                    f.append("D:low")
                if (i == 0 or w.isupper()) and w.capitalize() in inner_caps and w not in inner_caps:
                    f.append("D:capin")
                elif i == 0 and w in inner_caps:
                    f.append("D:capin")
                agg = around.get(t[5])
                if agg:
                    f += agg
            out.append(f)
        return out

    def document(self, sentences: list[list[str]]) -> list[list[list[str]]]:
        context = self.document_context(sentences)
        return [self.sentence(s, context) for s in sentences]
