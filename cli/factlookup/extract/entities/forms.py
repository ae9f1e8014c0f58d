"""Name forms: folding and keys, acronyms and initials, demonyms, type votes."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ...models import GROUP, ORGANIZATION, OTHER, PERSON, PLACE
from ..text import fold as _fold_text
from ..text import name_key as _name_key_text
from .lexicon import DEMONYM_PREFIXES, DEMONYMS, INITIALS_STOP_WORDS, QUOTES, ROLE_HEADS, ROLE_MODIFIERS, TYPE_ORDER

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


LATIN = re.compile(r"[A-Za-z]")


_SPACE = re.compile(r"\s+")


ABBREV_END = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|Bros|Cie|Mt|St)\.$")


def fold(text: str) -> str:
    """text.fold with a fast path for plain ASCII."""
    if text.isascii():
        return text.lower()
    return _fold_text(text)


@lru_cache(maxsize=262144)
def name_key(name: str) -> str:
    return _name_key_text(name)


def norm_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def lower_word(word: str) -> bool:
    """A word written in lower case: "gave", "ex-", "'s" (not "103rd", "iPhone")."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.islower() for c in letters) and not any(c.isdigit() for c in word)


def is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def head_word(word: str) -> bool:
    """A role head noun, also as the last part of a hyphenated word ("Vice-President", "ex-chief")."""
    w = fold(word).rstrip(".")
    if w in ROLE_HEADS:
        return True
    if "-" in w:
        return w.rsplit("-", 1)[1] in ROLE_HEADS
    return False


def modifier_word(word: str) -> bool:
    w = fold(word).rstrip(".")
    if w in ROLE_MODIFIERS:
        return True
    if "-" in w:
        first = w.split("-", 1)[0]
        return first in ROLE_MODIFIERS or first in ("ex", "co", "vice")
    return False


def demonym_word(word: str) -> bool:
    w = fold(word)
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    w = w.rstrip("'’")
    if w in DEMONYMS:
        return True
    if w.endswith("s") and w[:-1] in DEMONYMS:
        return True  # Kazakhs, Russians, Poles
    if w.endswith("es") and w[:-2] in DEMONYMS:
        return True
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        return bool(parts) and all(demonym_word(p) for p in parts)
    return False


@lru_cache(maxsize=262144)
def is_demonym(name: str) -> bool:
    """True for nationality and people words: "Kazakh", "Belarusians", "South Korean", "Armenian's"."""
    parts = name.split()
    if not parts:
        return False
    if not demonym_word(parts[-1]):
        return False
    return all(demonym_word(p) or fold(p) in DEMONYM_PREFIXES for p in parts[:-1])


@lru_cache(maxsize=262144)
def _demonym_key(name: str) -> str:
    """The singular form's key, so that "Kazakhs" and "Kazakh" are one group."""
    out = []
    for w in name.split():
        f = fold(w).rstrip("'’")
        if f.endswith("'s"):
            f = f[:-2]
        if f not in DEMONYMS and f.endswith("s") and f[:-1] in DEMONYMS:
            f = f[:-1]
        elif f not in DEMONYMS and f.endswith("es") and f[:-2] in DEMONYMS:
            f = f[:-2]
        out.append(f)
    return name_key(" ".join(out))


@lru_cache(maxsize=262144)
def is_acronym(name: str) -> bool:
    """ "CSTO", "U.S.", "MoD", "NATO": one word of capitals, possibly with dots or a lower-case letter."""
    if " " in name or not name or not name[0].isupper():
        return False
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or len(letters) > 10:
        return False
    upper = sum(1 for c in letters if c.isupper())
    if upper == len(letters):
        return all(c.isalpha() or c in ".&-" or c.isdigit() for c in name)
    return upper >= 2 and len(letters) <= 4 and name.isalpha()


def plural_acronym(name: str) -> bool:
    """"CMOs", "ADRs": capitals and a plural s, which is no initial."""
    return len(name) >= 3 and name[-1] == "s" and name[-2].isupper() and name[:-1].replace(".", "").isupper()


@lru_cache(maxsize=262144)
def acronym_forms(name: str) -> frozenset[str]:
    if any(c.isdigit() for c in name):
        return frozenset()  # "AK-47", "KSE-100" are not initials
    if plural_acronym(name):
        # only a plural name has it: "ADRs" are American Depository Receipts, "CMOs" no
        # Copper Mountain Oxide
        return frozenset({"".join(c for c in name if c.isupper()) + "s"})
    letters = "".join(c for c in name if c.isalpha())
    forms = {letters.upper()}
    caps = "".join(c for c in letters if c.isupper())
    if len(caps) >= 2:
        forms.add(caps)
    return frozenset(forms)


@lru_cache(maxsize=262144)
def initials(name: str) -> frozenset[str]:
    """Initials an acronym of `name` may use: of its capitalised words (ignoring "of", "the",
    "and", "for" ...), and of all its words. "Collective Security Treaty Organisation" -> {"CSTO"},
    "Ministry of Defence" -> {"MD", "MOD"}."""
    words = [w for w in re.split(r"[\s/]+", name) if w]
    if len(words) < 2:
        return frozenset()
    content = []
    everything = []
    for w in words:
        clean = w.strip(QUOTES + "().,")
        if not clean or not clean[0].isalnum():
            continue
        everything.append(clean[0].upper())
        if fold(clean) in INITIALS_STOP_WORDS:
            continue
        if clean[0].isupper() or clean[0].isdigit():
            content.append(clean[0].upper())
    out = set()
    if len(content) >= 2:
        out.add("".join(content))
    if len(everything) >= 2:
        out.add("".join(everything))
    if _plural_name([w.strip(QUOTES + "().,").lower() for w in words]):
        out |= {form + "s" for form in out}  # "American Depository Receipts": "ADRs" too
    return frozenset(out)


def _plural_name(words: list[str]) -> bool:
    """A name of many: its last word is a plural, or the word before its "of" ("Certificates of
    Deposit")."""
    heads = [words[-1]] if words else []
    if "of" in words[1:]:
        heads.append(words[words.index("of", 1) - 1])
    return any(len(w) > 3 and w.endswith("s") and not w.endswith("ss") for w in heads)


def type_class(t: str) -> str:
    if t == PERSON:
        return "P"
    if t in (ORGANIZATION, PLACE):
        return "N"
    if t == GROUP:
        return "G"
    return "O"


def vote(counts: Counter) -> str:
    """Majority type; "other" only when nothing more specific was seen; ties prefer person."""
    specific = {t: n for t, n in counts.items() if t != OTHER and n > 0}
    pool = specific or dict(counts)
    if not pool:
        return OTHER
    return min(pool, key=lambda t: (-pool[t], TYPE_ORDER.get(t, 9)))


@lru_cache(maxsize=262144)
def entity_key(name: str, type_: str) -> str:
    if type_ == GROUP:
        return _demonym_key(name)
    if is_acronym(name):
        letters = "".join(c for c in name if c.isalnum())
        if len(letters) <= 3:
            # short acronyms are compared letter for letter: "U.S." is "US", but "WA" is not "Va"
            return "=" + fold(letters)
    key = name_key(name)
    if type_ == ORGANIZATION:
        return _body_of_key(key)
    return key


_BODY_HEADS = frozenset(("department", "ministry"))


def _body_of_key(key: str) -> str:
    """"u s department of agriculture" -> "u s agriculture department": a government body is
    written both ways, and with the same words before it it is the same body."""
    words = key.split()
    for k in range(min(3, len(words) - 2)):
        if words[k] in _BODY_HEADS and words[k + 1] == "of":
            field = words[k + 2 :]
            if field and field[0] == "the":
                field = field[1:]
            if 1 <= len(field) <= 4:
                return " ".join(words[:k] + field + [words[k]])
            break
    return key


@lru_cache(maxsize=262144)
def title_key(title: str) -> str:
    return norm_space(fold(title))


class UnionFind:
    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return ra

    def union_all(self, members: list[int]) -> None:
        for i in members[1:]:
            self.union(members[0], i)


def shouting(name: str) -> bool:
    """Written in capitals but not an acronym: "KEVIN BROWN", "SHEARER"."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and (" " in name or len(letters) > 5)


@lru_cache(maxsize=262144)
def name_words(name: str) -> tuple[str, ...]:
    """Words of a name for surname matching: hyphenated parts stay together ("Kasym-Jomart")."""
    return tuple(w for w in re.split(r"\s+", fold(name)) if any(c.isalpha() for c in w))


@lru_cache(maxsize=262144)
def loose(key: str) -> str:
    """A looser spelling key for fuzzy comparison of romanised names (Aleksei/Alexei, Yury/Yuri)."""
    key = key.replace("ks", "x").replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=262144)
def acronym_fits(acronym: str, name: str, spelled_out: bool = False) -> bool:
    """Whether the acronym's letters spell `name`'s initials, in order: each letter starts a
    word of the name, or goes on with the word the previous letter came from ("ARCO" for
    "Atlantic Richfield Co", "LIBOR" for "London Interbank Offered Rate"). Small words may be skipped, no other word may, and the first
    letter must start the name. "OPEC" fits "Organisation of Petroleum Exporting Countries";
    "UK" does not fit "DSM Hydrocarbons". `spelled_out`: the text gave the name with the
    acronym in brackets after it, so its last letter may come from inside a word too
    ("Centraal Planbureau (CPB)")."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = [w for w in (fold(x).strip(QUOTES + "().,'") for x in re.split(r"[\s/\-]+", name)) if w and w[0].isalnum()]
    if len(letters) < 2 or len(words) < 2:
        return False
    if plural_acronym(acronym):
        if not _plural_name(words):
            return False  # "CMOs" are many of something; "Copper Mountain Oxide" is one
        letters = letters[:-1]
    skippable = [w in INITIALS_STOP_WORDS or w == "&" for w in words]

    @lru_cache(maxsize=None)
    def match(i: int, w: int, pos: int) -> bool:
        # letters[i:] still to spell; w is the word the last letter came from, pos the
        # position after it in that word (pos 0: no letter taken from word w yet)
        if i == len(letters):
            return all(skippable[k] for k in range(w + 1, len(words)))
        # a letter may go on with the word the last one came from: as its next letter ("ARCO",
        # "Amex", "Texaco"), or from further inside it when initials follow ("LIBOR": the b of
        # "Interbank"), but never as the last letter: "ECU" is not "European Community", nor
        # "GMT" "General Motors"
        if pos and w < len(words):
            if words[w].startswith(letters[i], pos) and match(i + 1, w, pos + 1):
                return True
            if i + 1 < len(letters) or spelled_out:
                at = words[w].find(letters[i], pos + 1)
                if at > 0 and match(i + 1, w, at + 1):
                    return True
        for nxt in range(w + 1, len(words)):
            if words[nxt][0] == letters[i] and match(i + 1, nxt, 1):
                return True
            if not skippable[nxt]:
                break
        return False

    if words[0][0] != letters[0]:
        return False
    return match(1, 0, 1)


@lru_cache(maxsize=262144)
def spelled_within(acronym: str, name: str) -> bool:
    """Whether the acronym is itself a word of the name: "U.S." in "U.S. Sprint"."""
    letters = "".join(c for c in acronym if c.isalnum()).lower()
    return any("".join(c for c in w if c.isalnum()).lower() == letters for w in name.split())


# Spelling variants of romanised names, strictly: only these differences count as one name.
_ROMANISATION = (
    (re.compile(r"zh"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ie\b|ei"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=262144)
def romanised(word: str) -> str:
    """One key for the romanisations of a word: Kassym/Kasym/Kassim, Zhomart/Jomart, Yuri/Yury."""
    key = fold(word)
    for pattern, replacement in _ROMANISATION:
        key = pattern.sub(replacement, key)
    return key


def same_person_name(a: str, b: str) -> bool:
    """Two full names of one person written differently: the same number of words, the
    surname and every middle part alike once romanised, initials identical, and the given
    names alike or one letter apart (Mikhail/Mikhael). Names with digits never match
    unless equal; neither do different given names (Edward/Robert Kennedy) or different
    middle initials (George H. Bush, George W. Bush)."""
    wa, wb = name_words(a), name_words(b)
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    if any(c.isdigit() for c in a + b):
        return wa == wb
    for k, (x, y) in enumerate(zip(wa, wb)):
        x, y = x.rstrip("."), y.rstrip(".")
        if len(x) == 1 or len(y) == 1:
            if x != y:
                return False
            continue
        rx, ry = romanised(x), romanised(y)
        if rx == ry:
            continue
        if k == 0 and rx[0] == ry[0] and min(len(rx), len(ry)) >= 5 and _one_edit(rx, ry):
            continue
        return False
    return True


def _one_edit(a: str, b: str) -> bool:
    """At most one substitution, insertion or deletion apart."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]
