"""From recogniser spans to clean mentions: titles, possessives, quotes and junk stripped, types fixed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...models import GROUP, ORGANIZATION, OTHER, PERSON, PLACE
from ..text import Token, tokenize
from .forms import (
    ABBREV_END,
    CYRILLIC,
    LATIN,
    demonym_word,
    fold,
    head_word,
    is_acronym,
    is_cap,
    is_demonym,
    lower_word,
    modifier_word,
)
from .lexicon import (
    APOSTROPHES,
    ATTRIBUTIVE_PARTICIPLES,
    COLLECTIVE_NOUNS,
    COMPANY_SUFFIXES,
    FUNCTION_WORDS,
    HONORIFICS,
    ILLNESS_HEADS,
    JUNK_WORDS,
    LABELS,
    LEADING_JUNK,
    NAME_PARTICLES,
    NAME_TAIL_STOPS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_NOUNS,
    ROLE_HEADS,
    ROLE_MODIFIERS,
    TIME_ZONES,
    TITLE_CONNECTORS,
    TRAILING_JUNK,
    US_STATES,
)


@dataclass(slots=True)
class Raw:
    text: str
    start: int
    end: int
    type: str
    sentence: int
    label: str


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip space, quotes, stray punctuation and a final possessive from text[start:end]."""
    # a ticker after a company's name, as wires write it: "Commercial Union <CUAC.L>"
    ticker = text.find("<", start, end)
    if ticker > start:
        end = ticker
    for _ in range(4):
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in LEADING_JUNK):
            start += 1
        while end > start and (
            text[end - 1].isspace()
            or (text[end - 1] in TRAILING_JUNK and text[end - 1] != ")")
            or (text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end))
        ):
            end -= 1
        # possessive: "Tokayev's", "Tokayev’s", "Reuters'"
        if end - start > 2 and text[end - 1] in "sS" and text[end - 2] in APOSTROPHES:
            end -= 2
        elif end - start > 1 and text[end - 1] in APOSTROPHES:
            end -= 1
        # a final dot stays only on abbreviations and initials ("U.S.", "Inc.")
        while end > start and text[end - 1] == "." and not ABBREV_END.search(text[start:end]):
            end -= 1
        # unbalanced brackets
        inner = text[start:end]
        if inner.count("(") > inner.count(")") and inner.rstrip().endswith("("):
            end = start + inner.rstrip().rfind("(")
        if (start, end) == before:
            break
    return start, end


def _split_parenthetical(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "Collective Security Treaty Organization (CSTO)" -> the expansion and the acronym."""
    inner = text[start:end]
    m = re.match(r"^(.*\S)\s*\(\s*([^()]+?)\s*\)$", inner, re.S)
    if not m:
        return [(start, end)]
    a = (start, start + m.end(1))
    b = (start + m.start(2), start + m.end(2))
    return [a, b]


def _latin_part(text: str, start: int, end: int) -> tuple[int, int]:
    """ "ОДКБ-CSTO" -> "CSTO": keep the Latin half of a token written in two scripts."""
    inner = text[start:end]
    if not (CYRILLIC.search(inner) and LATIN.search(inner)):
        return start, end
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^\s\-/–—]+", inner)]
    latin = [(a, b) for a, b in parts if LATIN.search(inner[a:b]) and not CYRILLIC.search(inner[a:b])]
    if not latin:
        return start, end
    return start + latin[0][0], start + latin[-1][1]


_TITLE_PARTS = ROLE_HEADS | ROLE_MODIFIERS | TITLE_CONNECTORS


# A credit rating ("BBB-plus", "A-1-plus", Moody's "Baa-3", "Aaa"): no entity of its own.
_RATING = re.compile(
    r"(?:A{1,3}|B{1,3}|C{1,3})(?:-[1-3])?-(?:plus|minus)|Aaa|Baa|Caa|(?:Aaa|Aa|Baa|Ba|Caa|Ca)(?:-?[1-3]|-plus|-minus)"
)


def _party_and_state(name: str) -> bool:
    """A US legislator's party and state after the name: "D-Kans.", "R-Minn", "DFL-Minn.",
    "D-R.I." (not "D-Day")."""
    m = _PARTY_TAG.fullmatch(name)
    return m is not None and fold(m.group(1)).replace(".", "") in US_STATES


_PARTY_TAG = re.compile(r"(?:D|R|I|DFL)[-\u2013](.{2,8})")


def _is_junk(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2:
        return True  # punctuation, digits, single letters
    if not any(c.isupper() for c in name):
        return True  # lower-case only: "protesters", "the military"
    words = name.split()
    if len(words) == 1:
        if re.fullmatch(r"[IVXLC]+", name):
            return True  # a roman numeral cut off its name: "III"
        if _party_and_state(name) or _RATING.fullmatch(name):
            return True  # "Dan Glickman, D-Kans.,"; a "BBB-plus" rating
        w = fold(name).rstrip(".")
        if w in JUNK_WORDS or w in HONORIFICS or w.replace(".", "") in COMPANY_SUFFIXES:
            return True  # "Inc", "S.A" cut off its company
        if w in ROLE_HEADS or w in ROLE_MODIFIERS:
            return True  # "President" alone
    elif all(fold(w).rstrip(".") in _TITLE_PARTS for w in words):
        return True  # "Prime Minister"
    return False


def _titleish(tok: str) -> bool:
    w = fold(tok).rstrip(".")
    return (
        w in HONORIFICS
        or head_word(tok)
        or modifier_word(tok)
        or demonym_word(tok)
        or w in TITLE_CONNECTORS
        or w in ("'s", "’s")
        or tok == "."
    )


# Words that make a name with an illness in it a body's: "Centre for Infectious Disease".
_BODY_WORDS = ORG_HEADS | {"centre", "center", "centres", "centers", "clinic", "hospital", "laboratory", "laboratories"}


def clean_span(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """Clean one recogniser span into zero or more (start, end, type) mentions."""
    type_ = LABELS.get(label.upper(), OTHER)
    start, end = _latin_part(text, start, end)
    start, end = _trim(text, start, end)
    end = _before_participle(text, start, end)
    if start >= end or _time_zone_of_a_time(text, start, end):
        return []
    if type_ in (ORGANIZATION, PLACE, PERSON):
        words = text[start:end].split()
        if fold(words[-1]) in ILLNESS_HEADS and words[-1][:1].isupper() and not any(fold(w) in _BODY_WORDS for w in words):
            type_ = OTHER  # "Acquired Immune Deficiency Syndrome" names no body
    out: list[tuple[int, int, str]] = []
    for a, b in _split_parenthetical(text, start, end):
        a, b = _trim(text, a, b)
        if a >= b:
            continue
        cut = _person_tail(text, a, b) if type_ != PERSON else None
        if cut is not None:
            out.extend(_clean_piece(text, a, cut[0], type_))
            out.extend(_clean_piece(text, cut[1], b, PERSON))
        else:
            out.extend(_clean_piece(text, a, b, type_))
    return out


_HYPHENS = "-\u2010\u2011\u2013"
# What ends a time just before a time zone: "1500 GMT", "9 a.m. EDT", "noon EST".
_TIME_END = re.compile(r"(?:\d|\b[ap]\.?m\.?|\bnoon|\bmidnight)\s*$", re.I)


def _before_participle(text: str, start: int, end: int) -> int:
    """Where the name ends in "London-based" or "World Bank-led": before the hyphen. The word
    after it is in lower case (a capitalised one belongs to the name: "Jaguar X-Type"), unless
    the whole span is in capitals, as headlines are."""
    hyphen = max(text.rfind(h, start, end) for h in _HYPHENS)
    tail = text[hyphen + 1 : end]
    if hyphen <= start or tail.lower() not in ATTRIBUTIVE_PARTICIPLES:
        return end
    if not (tail.islower() or text[start:end].isupper()):
        return end
    while hyphen > start and text[hyphen - 1].isspace():
        hyphen -= 1
    return hyphen


def _time_zone_of_a_time(text: str, start: int, end: int) -> bool:
    return fold(text[start:end]) in TIME_ZONES and _TIME_END.search(text, max(0, start - 12), start) is not None


def _person_tail(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where a span typed as an organisation ends and a person's name glued to it begins.

    "CSTO Collective Security Council Nikol Pashinyan" -> the council, then "Nikol Pashinyan".
    The name must follow the organisation's head noun directly and be two or three
    capitalised words that are neither organisation words nor connectors.
    """
    toks = tokenize(text, start, end)
    last_head = -1
    for k, t in enumerate(toks):
        if fold(t.text) in ORG_HEADS:
            last_head = k
    if last_head < 1:
        return None
    rest = toks[last_head + 1 :]
    # a title between the two ("Supreme Court Justice John Roberts") goes with the person
    while rest and (head_word(rest[0].text) or modifier_word(rest[0].text)) and len(rest) > 2:
        rest = rest[1:]
    if not 2 <= len(rest) <= 3:
        return None
    for t in rest:
        w = fold(t.text)
        if not (t.text[:1].isupper() and t.text.replace("-", "").isalpha()) or w in ORG_HEADS or w in TITLE_CONNECTORS:
            return None
        if is_acronym(t.text) or demonym_word(t.text) or w in JUNK_WORDS or w in PLACE_NOUNS:
            return None
        if w in FUNCTION_WORDS or w in NAME_TAIL_STOPS:
            return None
    return toks[last_head].end, toks[last_head + 1].start if rest[0] is toks[last_head + 1] else rest[0].start


def _clean_piece(text: str, start: int, end: int, type_: str) -> list[tuple[int, int, str]]:
    toks = tokenize(text, start, end)
    if not toks:
        return []
    extra: list[tuple[int, int, str]] = []
    # leading lower-case words that are not name particles ("the", "ex-")
    i = 0
    while i < len(toks) - 1 and (lower_word(toks[i].text) or not toks[i].text[0].isalnum()) and fold(toks[i].text) not in NAME_PARTICLES:
        i += 1
    # a leading "The" goes unless the name would be a single word ("The Hague", "The Guardian")
    if i < len(toks) - 2 and toks[i].text == "The":
        i += 1
    if type_ == PERSON or (type_ == OTHER and len(toks) - i > 1):
        j = _title_prefix_end(toks, i)
        if j > i and type_ == OTHER:
            # a MISC span that starts with a courtesy or a head-of-state title is a person
            # with a title ("President Tokayev"); "Major League Baseball" stays what it is
            prefix = {fold(t.text).rstrip(".") for t in toks[i:j]}
            rest = toks[j:]
            if (prefix & PERSON_TITLES) and 1 <= len(rest) <= 3 and all(is_cap(t.text) and not is_demonym(t.text) for t in rest):
                type_ = PERSON
            else:
                j = i
        if j > i:
            first = toks[i]
            if demonym_word(first.text):
                extra.append((first.start, first.end, GROUP))
            i = j
    if type_ == PERSON and i == 0 and len(toks) >= 3 and _completes_title(text, start, toks):
        i = 1
    # trailing lower-case words ("Tokayev gave"), possessives and dots
    k = len(toks)
    while k > i + 1 and (lower_word(toks[k - 1].text) or not toks[k - 1].text[0].isalnum()):
        k -= 1
    if type_ == PERSON:
        # "Hamid Algabid of Niger": the place is not part of the name ("Joan of Arc" is)
        for m in range(i + 2, k - 1):
            if toks[m].text == "of" and is_cap(toks[m + 1].text):
                k = m
                break
    a, b = _trim(text, toks[i].start, toks[k - 1].end)
    if a >= b:
        return extra
    name = text[a:b]
    if _is_junk(name):
        return extra
    if is_demonym(name) or fold(name) in COLLECTIVE_NOUNS:
        type_ = GROUP
    elif type_ == OTHER and " " not in name and re.fullmatch(r"[A-Z][a-z]+(?:ians?|ese)", name):
        type_ = GROUP  # "Kyrgyzstanians", "Bhutanese": adjectives of peoples the list lacks
    elif type_ == OTHER and re.fullmatch(r"(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+(?:ans?|eans?|ese)", name):
        type_ = GROUP  # "Sri Lankan", "Costa Ricans", "Sierra Leonean"
    return extra + [(a, b, type_)]


# A title that ends in "of" just before a span: "Chief of", "Secretary of", "President of".
_TITLE_OF = re.compile(r"([A-Za-z]+)\s+of\s+$")


def _completes_title(text: str, start: int, toks: list[Token]) -> bool:
    """The span's first word ends a capitalised title written before it, and a name of two
    words or more follows: "Chief of Staff Howard Baker" tagged from "Staff", "Secretary of
    State George Shultz" from "State"."""
    before = _TITLE_OF.search(text, max(0, start - 40), start)
    if before is None or not is_cap(before.group(1)) or not head_word(before.group(1)):
        return False  # "head of", "son of": a lower-case word before "of" starts no title here
    return all(is_cap(t.text) for t in toks[:3])


def _title_prefix_end(toks: list[Token], i: int) -> int:
    """Index of the first name token after a leading title in a person span, or `i` if none.

    "Kazakh President Kasym-Jomart Tokayev" -> index of "Kasym-Jomart". The prefix must
    contain a title, honorific or demonym and leave a capitalised name behind it.
    """
    n = len(toks)
    j = i
    last_title = -1
    has_head = False
    while j < n - 1:
        tok = toks[j].text
        nxt = toks[j + 1].text
        if _titleish(tok) or nxt in ("'s", "’s") or (is_acronym(tok) and j + 1 < n - 1 and _titleish(nxt)):
            w = fold(tok).rstrip(".")
            if head_word(tok) or w in HONORIFICS:
                has_head = True
                last_title = j
            elif demonym_word(tok) or modifier_word(tok):
                last_title = j
            j += 1
            continue
        break
    if last_title < 0 or not has_head:
        return i  # "Christian Wulff", "Grand Duke" alone: no title to strip
    j = last_title + 1
    while j < n and (toks[j].text in (".", "'s", "’s") or fold(toks[j].text) in TITLE_CONNECTORS):
        j += 1
    if j >= n or not is_cap(toks[j].text):
        return i
    return j
