"""Feature extraction for the CRF entity tagger.

Everything that depends only on a word's spelling (shape, affixes, word clusters, gazetteer
membership) is computed once per word type and cached, already expanded for each window
position, so that a token's feature list is built mostly by concatenating cached lists.
Only the few conjunctions of neighbouring words and the document features are made per token.
"""

from __future__ import annotations

import gzip
import os
import re

from .memory import CorpusMemory, document_memory, majority

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
# Word-meaning clusters of lower-case words from a pretrained encoder's embeddings, built by
# scripts/train_ner.py --semantic-from.
SEMANTIC_FILE = "semantic.txt.gz"
GAZETTEER_FILE = "gazetteer.txt.gz"
PLACES_FILE = "places.txt.gz"  # GeoNames extract, built by scripts/train_ner.py
NAMES_FILE = "names.txt"  # hand-made demonyms and well-known organisations
TITLES_FILE = "titles.txt"  # title and role words, one a line
HEADWORDS_FILE = "headwords.txt"  # company suffixes, organisation and place head words
PERSONS_FILE = "persons.txt.gz"  # given names and surnames, built by scripts/train_ner.py
COMPANIES_FILE = "companies.txt.gz"  # listed companies' names (CO), built by scripts/train_ner.py
MAX_PHRASE = 6  # longest lexicon phrase matched, in tokens
# Lower-case words allowed inside a lexicon phrase ("Bosnia and Herzegovina", "Rio de Janeiro").
CONNECTORS = frozenset("of and de da do du des la le les el al am an der den van von y e i upon on-the".split())
# Capitalised words that do not open a name run ("The 103rd Brigade" starts at "103rd").
_RUN_STOP = frozenset(
    "the a an this that these those in on at by for from with to and but as after before when while if "
    "his her its their our my your mr mrs ms dr".split()
)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|-?я|-?й)?$", re.I)
# Window offsets and the cached feature sets used at each.
_OFFSETS = (-2, -1, 1, 2)


def normalise(word: str) -> str:
    """The form of a token that features see: ASCII quotes and dashes, digits kept."""
    if word.isascii():
        return word
    return word.translate(_NORMALISE)


def digit_norm(word: str) -> str:
    """Digits replaced by 0, used for cluster look-ups."""
    if word.isascii():
        return word.translate(_ASCII_DIGITS)
    if not any(ch.isdigit() for ch in word):
        return word
    return "".join("0" if ch.isdigit() else ch for ch in word)


# Character classes of ASCII letters and digits; any other ASCII character stands for itself.
_ASCII_CLASSES = str.maketrans(
    {
        **{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"},
        **{c: "d" for c in "0123456789"},
    }
)
_LONG_RUN = re.compile(r"(.)\1{4,}", re.S)
_CLASS_RUN = re.compile(r"(.)\1+", re.S)
_ASCII_DIGITS = str.maketrans(dict.fromkeys("0123456789", "0"))


def _first_group(m: re.Match) -> str:
    return m.group(1)


def _four_of_group(m: re.Match) -> str:
    return m.group(1) * 4


def _classes(word: str) -> str:
    if word.isascii():
        return word.translate(_ASCII_CLASSES)
    return "".join(map(_char_class, word))


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
    return _LONG_RUN.sub(_four_of_group, _classes(word))


def short_shape(word: str) -> str:
    """Word shape with every run collapsed to one character: "U.S." -> "X.X."."""
    return _CLASS_RUN.sub(_first_group, _classes(word))


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


def _data_lines(path: str):
    if not os.path.exists(path):
        return
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line


def phrase_key(phrase: str) -> str:
    """The lexicon key of a name: normalised, lower case, tokens joined by one space."""
    return " ".join(normalise(phrase).lower().split())


def load_words(path: str) -> set[str]:
    """A plain word list (one lower-case word a line, # comments)."""
    return {line.strip().lower() for line in _data_lines(path)}


class Lexicon:
    """Name phrases (places, demonyms, organisations) matched longest first, plus closed word lists.

    `phrases` maps a lower-cased, space-joined token sequence to its types ("CITY CTRY");
    `words` maps a single lower-case word to its classes (title word, organisation suffix or
    head word, place head word); `persons` maps a lower-case word to its person-name classes
    (FN given name, SN surname), kept apart from `words` because the name runs and rules read
    those as head words.
    """

    def __init__(
        self,
        phrases: dict[str, str] | None = None,
        words: dict[str, list[str]] | None = None,
        persons: dict[str, tuple[str, ...]] | None = None,
    ):
        self.phrases = phrases or {}
        self.words = words or {}
        self.persons = persons or {}
        longest = self.longest = dict.fromkeys((k for k in self.phrases if " " not in k), 1)
        for key in self.phrases:
            if " " in key:
                parts = key.split(" ")
                if len(parts) <= MAX_PHRASE and longest.get(parts[0], 0) < len(parts):
                    longest[parts[0]] = len(parts)

    @classmethod
    def from_dir(cls, directory: str, places: dict[str, str] | None = None) -> "Lexicon":
        """The lists in `directory`; `places`, if given, stands in for its place list."""
        # The place list is written already keyed (lower case, normalised, one space between
        # tokens, types merged), so it loads as one dict.
        phrases: dict[str, str] = dict(places) if places is not None else {}
        path = os.path.join(directory, PLACES_FILE)
        if places is None and os.path.exists(path):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                phrases = dict(line.rstrip("\n").split("\t", 1) for line in fh)
        for name in (NAMES_FILE, COMPANIES_FILE):
            for line in _data_lines(os.path.join(directory, name)):
                phrase, _, types = line.partition("\t")
                key = phrase_key(phrase)
                if key:
                    merged = set(phrases.get(key, "").split()) | set(types.split())
                    phrases[key] = " ".join(sorted(merged))
        words: dict[str, list[str]] = {}
        for w in load_words(os.path.join(directory, TITLES_FILE)):
            words.setdefault(w, []).append("TTL")
        for line in _data_lines(os.path.join(directory, HEADWORDS_FILE)):
            w, _, cls_ = line.partition("\t")
            if cls_ not in words.setdefault(w.strip().lower(), []):
                words[w.strip().lower()].append(cls_)
        persons: dict[str, tuple[str, ...]] = {}
        for line in _data_lines(os.path.join(directory, PERSONS_FILE)):
            w, _, classes = line.partition("\t")
            persons[w] = tuple(classes.split())
        return cls(phrases, words, persons)

    def __bool__(self) -> bool:
        return bool(self.phrases or self.words or self.persons)


def _unaccented(word: str) -> str:
    """ "zürich" -> "zurich": the word-meaning vocabulary was written without accents."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


class FeatureExtractor:
    """Turns sentences (lists of token strings) into crfsuite attribute lists.

    `lexicon_drop` (training only) leaves out each lexicon phrase match with that probability,
    so that the model also learns to find names the lists do not hold.
    """

    def __init__(
        self,
        clusters: dict[str, tuple[str, ...]] | None = None,
        gazetteer: dict[str, str] | None = None,
        lexicon: Lexicon | None = None,
        lexicon_drop: float = 0.0,
        seed: int = 0,
        known: frozenset[str] | None = None,
        semantic: dict[str, tuple[str, ...]] | None = None,
    ):
        self.clusters = clusters or {}
        self.semantic = semantic or {}
        # Attributes the models weigh: a word's cached features are cut down to these, since
        # crfsuite spends as long passing on an attribute it does not know as one it does.
        self.known = known
        self.gazetteer = gazetteer or {}
        self.lexicon = lexicon or Lexicon()
        self.levels = len(next(iter(self.clusters.values()))) if self.clusters else 0
        self._cache: dict[str, tuple] = {}
        self.lexicon_drop = lexicon_drop
        self._rng = None
        if lexicon_drop > 0:
            import random

            self._rng = random.Random(seed)

    @classmethod
    def from_dir(
        cls, directory: str, lexicon: bool = True, known: frozenset[str] | None = None
    ) -> "FeatureExtractor":
        return cls(
            load_clusters(os.path.join(directory, CLUSTER_FILE)),
            load_gazetteer(os.path.join(directory, GAZETTEER_FILE)),
            Lexicon.from_dir(directory) if lexicon else None,
            known=known,
            semantic=load_clusters(os.path.join(directory, SEMANTIC_FILE)),
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
        if _ORDINAL.match(word):
            center.append("ORD")
        tc = ""
        if (init_cap or all_caps) and self.clusters:
            # Case restoration from the cluster vocabulary (cased text): is this word usually
            # written in lower case, capitalised, or both?
            key = digit_norm(lower)
            has_low = key in self.clusters
            has_cap = key.capitalize() in self.clusters or digit_norm(word) in self.clusters and not all_caps
            tc = "tc:" + ("b" if has_low and has_cap else "l" if has_low else "c" if has_cap else "n")
            center.append(tc)
        wcls = self.lexicon.words.get(lower) or self.lexicon.words.get(lower.rstrip("."))
        if wcls:
            for c in wcls:
                center.append("H=" + c)
        for level, cid in enumerate(cl):
            center.append("c%d=%s" % (level, cid))
        if all_caps or init_cap:
            # Spelling-only case-neutral view: "BRUSSELS" and "Brussels" share it.
            center.append("tc=" + lower.capitalize())
        gz = self.gazetteer.get(lower)
        if gz:
            for tag in gz.split():
                center.append("g=" + tag)
        # Given-name and surname lists: general knowledge of names the training text never saw.
        pn = self.lexicon.persons.get(lower)
        if pn:
            for c in pn:
                center.append("N=" + c)
        # What the word means, learnt from far more text than the training data: "Chelsea"
        # groups with football clubs and leagues, "Facebook" with broadcasters and websites.
        meaning = self.semantic.get(lower if lower.isascii() else _unaccented(lower)) if self.semantic else None
        if meaning:
            for level, cid in enumerate(meaning):
                center.append("b%d=%s" % (level, cid))
        neighbours = {}
        for off in _OFFSETS:
            o = "%+d" % off
            feats = ["l%s=%s" % (o, lower), "ss%s=%s" % (o, ssh)]
            if meaning and abs(off) == 1:
                feats.append("b0%s=%s" % (o, meaning[0]))
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
                if pn:
                    for c in pn:
                        feats.append("N%s=%s" % (o, c))
            if wcls:
                for c in wcls:
                    feats.append("H%s=%s" % (o, c))
            neighbours[off] = feats
        ordinal = "ORD" in center
        # The few spelling features the second (consistency) pass sees.
        core = ["w=" + word, "s=" + shp]
        if init_cap:
            core.append("IC")
        if all_caps:
            core.append("AC")
        if tc:
            core.append(tc)
        if cl:
            core.append("c%d=%s" % (len(cl) - 1, cl[-1]))
        if gz:
            for tag in gz.split():
                core.append("g=" + tag)
        if wcls:
            for c in wcls:
                core.append("H=" + c)
        if self.known is not None:
            weighed = self.known.__contains__
            center = list(filter(weighed, center))
            for off in _OFFSETS:
                neighbours[off] = list(filter(weighed, neighbours[off]))
        return (
            center, neighbours[-2], neighbours[-1], neighbours[1], neighbours[2], lower, ssh, init_cap,
            wcls or (), ordinal, tc, all_caps, core,
        )

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

    def lexicon_matches(self, types: list[tuple]) -> list[tuple[int, int, str]]:
        """Longest lexicon phrase matches (start, end, types), left to right, not overlapping.

        A match starts on a capitalised word and may hold lower-case connectors ("of", "de").
        """
        longest = self.lexicon.longest
        phrases = self.lexicon.phrases
        n = len(types)
        out = []
        i = 0
        while i < n:
            t = types[i]
            top = longest.get(t[5]) if t[7] else None
            if top:
                for k in range(min(top, n - i), 0, -1):
                    last = types[i + k - 1]
                    if not last[7]:
                        continue
                    key = t[5] if k == 1 else " ".join(types[j][5] for j in range(i, i + k))
                    cats = phrases.get(key)
                    if cats is not None and all(types[j][7] or types[j][5] in CONNECTORS for j in range(i, i + k)):
                        out.append((i, i + k, cats))
                        i += k - 1
                        break
            i += 1
        return out

    def sentence_extras(self, types: list[tuple]) -> list[list[str]]:
        """Per-token features that depend on more than a word and its neighbours."""
        n = len(types)
        extra: list[list[str]] = [[] for _ in range(n)]
        if self.lexicon.phrases:
            rng = self._rng
            for a, b, cats in self.lexicon_matches(types):
                if rng is not None and rng.random() < self.lexicon_drop:
                    continue
                for c in cats.split():
                    extra[a].append("LB=" + c)
                    if a > 0:
                        extra[a - 1].append("L+1=" + c)
                    if b < n:
                        extra[b].append("L-1=" + c)
                    for j in range(a + 1, b):
                        extra[j].append("LI=" + c)
                if b - a > 1:
                    extra[a].append("LLEN=%d" % min(b - a, 4))
        # A run of capitalised words and ordinals ending in an organisation or place head
        # word ("103rd Detached Airborne Brigade", "Mangystau Region").
        i = 0
        while i < n:
            t = types[i]
            if not (t[7] or t[9]) or t[5] in _RUN_STOP:
                i += 1
                continue
            j = i
            while j + 1 < n and (types[j + 1][7] or types[j + 1][9] or (types[j + 1][5] in CONNECTORS and j + 2 < n and types[j + 2][7])):
                j += 1
            if j > i:
                head = types[j][8]
                kind = "ORG" if ("ORGH" in head or "ORGS" in head) else "LOC" if "LOCH" in head else ""
                if kind:
                    extra[i].append("RB=" + kind)
                    for k in range(i + 1, j + 1):
                        extra[k].append("RI=" + kind)
                    if t[9]:
                        extra[i].append("RB=ORD" + kind)
            i = j + 1
        # Headline-style sentences: mostly capitalised or all in capitals.
        caps = sum(1 for t in types if t[7])
        alpha = sum(1 for t in types if t[6][:1] in ("X", "x"))
        if alpha >= 3 and caps >= 0.75 * alpha:
            style = "HL:AC" if sum(1 for t in types if t[11]) >= 0.75 * alpha else "HL:TC"
            for k in range(n):
                extra[k].append(style)
                if types[k][10]:
                    extra[k].append(style + "|" + types[k][10])
        return extra

    def sentence(self, words: list[str], context: tuple | None = None, keep: list | None = None) -> list[list[str]]:
        n = len(words)
        types = [self.word_type(w) for w in words]
        extras = self.sentence_extras(types)
        if keep is not None:
            keep.append((types, extras))
        out: list[list[str]] = []
        lowered, inner_caps, around = context if context is not None else (None, None, None)
        for i in range(n):
            t = types[i]
            f = t[0] + []
            if i > 0:
                p = types[i - 1]
                f += p[2]
                f += (f"l-1|l={p[5]}|{t[5]}", f"ss-1|ss={p[6]}|{t[6]}", f"l-1|ss={p[5]}|{t[6]}")
                if i > 1:
                    f += types[i - 2][1]
            else:
                f += ("BOS", "BOS|ss=" + t[6])
            if i + 1 < n:
                q = types[i + 1]
                f += q[3]
                f += (f"l|l+1={t[5]}|{q[5]}", f"ss|ss+1={t[6]}|{q[6]}", f"ss|l+1={t[6]}|{q[5]}")
                if i + 2 < n:
                    f += types[i + 2][4]
            else:
                f.append("EOS")
            if extras[i]:
                f += extras[i]
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

    def document(self, sentences: list[list[str]], keep: list | None = None) -> list[list[list[str]]]:
        """Features of each sentence; `keep`, if given, receives what the second pass reuses."""
        context = self.document_context(sentences)
        return [self.sentence(s, context, keep) for s in sentences]

    # -- second pass: document and corpus consistency ------------------------------------------

    def second_pass(
        self,
        kept: list[tuple],
        first: list[list[str]],
        corpus: CorpusMemory | None = None,
        base: list[list[list[str]]] | None = None,
        disputed: list[bool] | None = None,
    ) -> list[list[list[str]]]:
        """Features for the consistency pass, from the first pass's tags of the same document.

        `kept` is what `document(..., keep=...)` collected, `first` the first-pass IOB2 tags and
        `base` the first-pass features, which the second pass extends (they are extended in
        place). Each capitalised word gets the majority first-pass label of the same word at its
        other places in the document (and in the corpus, when one is given), the majority label
        of the same entity string elsewhere, and its first-pass label in the headline.
        `disputed`, if given, receives per sentence 0 when none of these features fired, 1 when
        they all agree with the words' own first-pass labels and 2 when one disagrees.
        """
        tok_counts, ent_counts, spans = document_memory(kept, first)
        title: dict[str, str] = {}
        if len(kept) > 1:
            for t, y in zip(kept[0][0], first[0]):
                if t[7]:
                    title[t[5]] = y[2:] if y != "O" else "O"
        out = []
        for si, ((types, extras), ys) in enumerate(zip(kept, first)):
            n = len(types)
            span_key: list = [None] * n
            for a, b, typ, key in spans[si]:
                for j in range(a, b):
                    span_key[j] = (key, typ)
            feats = base[si] if base is not None else [t[12] + extras[i] for i, t in enumerate(types)]
            differ = False
            seen = False
            for i in range(n):
                t = types[i]
                y = ys[i]
                if not (t[7] or y != "O"):
                    continue
                f = feats[i]
                before = len(f)
                mine = y[2:] if y != "O" else "O"
                maj = majority(tok_counts.get(t[5]), mine)
                if maj:
                    f.append("dT=" + maj)
                    differ = differ or maj != mine
                sk = span_key[i]
                if sk is not None:
                    maj = majority(ent_counts.get(sk[0]), sk[1])
                    if maj:
                        f.append("dE=" + maj)
                        differ = differ or maj != mine
                if si > 0 and t[5] in title:
                    f.append("dH=" + title[t[5]])
                    differ = differ or title[t[5]] != mine
                if corpus is not None:
                    maj = corpus.majority(t[5], tok_counts.get(t[5]))
                    if maj:
                        f.append("cT=" + maj)
                        differ = differ or maj != mine
                seen = seen or len(f) > before
            if disputed is not None:
                disputed.append(2 if differ else 1 if seen else 0)
            out.append(feats)
        return out
