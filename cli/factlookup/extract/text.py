"""Sentences, tokens and matching keys, all with character offsets into the original text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .folding import fold

# Abbreviations after which a period does not end a sentence (lower-cased, without the dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr sgt adm gov sen rep pres
    rev hon messrs mme mlle no nos vol vols fig figs p pp ed eds est approx dept univ assn
    co corp inc ltd llc plc bros jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun vs etc al cf ie eg viz
    u.s u.k u.n e.u a.m p.m d.c n.y l.a
    ave blvd rd
    """.split()
)

# Abbreviations that usually sit before a name or number, so a capital after them never
# starts a new sentence ("Dr. Smith", "No. 5", "Gen. Petraeus").
_PREFIX_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt gen lt col maj capt cmdr sgt adm gov sen rep pres rev hon no nos vol fig p pp".split()
)

# Months written short: "Jan. 5" goes on, "in Jan. Analysts said" ends a sentence.
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())

_CLOSERS = "\"'”’»)]"


# The sentence splitter's patterns compile on first use: a query never splits text.
@lru_cache(maxsize=1)
def _sentence_end() -> re.Pattern[str]:
    return re.compile(r"[.!?…]+[\"'”’»)\]]*")


@lru_cache(maxsize=1)
def _blank_line() -> re.Pattern[str]:
    return re.compile(r"\n[ \t]*\n")


class Token(NamedTuple):
    """A word or punctuation mark, with its offsets in the text. A named tuple: a build makes
    millions of them, and a frozen dataclass takes almost twice as long to make."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences, returning (start, end) offsets with surrounding space trimmed.

    Paragraph breaks (blank lines) and lines without final punctuation such as headlines
    always end a sentence; a period ends one only when it is not part of an abbreviation,
    an initial, a number or a name such as "Gulagu.net".
    """
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for match in _sentence_end().finditer(text, block_start, block_end):
            end = match.end()
            if not _is_boundary(text, match.start(), end, block_end):
                continue
            _add_span(text, start, end, spans)
            start = end
        _add_span(text, start, block_end, spans)
    return spans


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs, and single lines within them that look like headlines (no end punctuation)."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    for match in _blank_line().finditer(text):
        blocks.extend(_lines_as_blocks(text, pos, match.start()))
        pos = match.end()
    blocks.extend(_lines_as_blocks(text, pos, len(text)))
    return blocks


# Prose wrapped to a fixed width has lines at least this long; a table's rows or a list's
# items, however alike in length, are shorter.
MIN_WRAP_WIDTH = 50


def _lines_as_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # A line break ends a sentence when the line before it has no end punctuation and the
    # next starts with a capital: a title or a list item, not a wrapped line of prose.
    out: list[tuple[int, int]] = []
    block_start = start
    pos = start
    width = -1  # the block's longest line, measured when first needed
    while True:
        nl = text.find("\n", pos, end)
        if nl < 0:
            break
        # Only this line and the next word are read: a block may be a whole book.
        line = text[pos:nl].rstrip()
        following = _first_word().match(text, nl + 1, end)
        next_word = following.group(1) if following else ""
        if next_word[:1].isupper() and _looks_like_heading(line):
            if width < 0:
                width = max(len(row.rstrip()) for row in text[start:end].split("\n"))
            if not _wrapped(line, next_word, width):
                out.append((block_start, nl))
                block_start = nl + 1
        pos = nl + 1
    out.append((block_start, end))
    return out


@lru_cache(maxsize=1)
def _first_word() -> re.Pattern[str]:
    return re.compile(r"\s*(\S+)")


def _wrapped(line: str, next_word: str, width: int) -> bool:
    """Whether a line ends only because the next word did not fit: text wrapped at a fixed
    width ("...told Reuters, president\nPierre Peladeau said") breaks names and titles apart.

    The block's longest line stands for the width it was wrapped at; a line that had room
    for the next word was ended on purpose (a headline, a table row, a list item).
    """
    if width < MIN_WRAP_WIDTH:
        return False
    if len(line) + 1 + len(next_word) > width:
        return True
    # A short line whose last word and the next line's first are both capitalised is a name
    # or a title cut in two ("Federal Reserve Board Governor Robert\nHeller said..."), as
    # where a story's dateline was taken off its first line; a sentence opener ("The",
    # "He") after a headline's last word still starts a sentence.
    words = line.split()
    if len(words) < 2:
        return False  # one word alone on a line is a heading ("Year", "Note")
    last = words[-1]
    return (
        last[:1].isupper() and last[-1:].isalpha() and next_word[:1].isupper()
        and next_word.strip("\"'(").lower() not in _SENTENCE_STARTERS
    )


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and stripped[-1] not in ".,;:-—" and len(stripped) < 200


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _is_boundary(text: str, punct_start: int, punct_end: int, limit: int) -> bool:
    after = punct_end
    if after < limit and not text[after].isspace():
        return False  # "Gulagu.net", "3.5", "U.S.-led"
    nxt = after
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    if nxt >= limit:
        return True
    following = text[nxt]
    if text[punct_start] != ".":
        return following.isupper() or following.isdigit() or following in "\"'“‘«([" or not following.isalpha()
    if text[punct_start:punct_end].startswith("..."):
        return following.isupper()
    word = _word_before(text, punct_start)
    lowered = word.lower()
    if lowered in _PREFIX_ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "John F. Kennedy"
    if "." in word and len(word.replace(".", "")) <= 3 and word.replace(".", "").isalpha():
        # "U.S." ends a sentence only when a capitalised word that is not a name-like continuation follows.
        return following.isupper() and _next_word(text, nxt).lower() in _SENTENCE_STARTERS
    if lowered in _MONTH_ABBREVIATIONS:
        return following.isupper()
    if lowered in ABBREVIATIONS:
        return following.isupper() and _next_word(text, nxt).lower() in _SENTENCE_STARTERS
    if following.islower():
        return False
    return True


_SENTENCE_STARTERS = frozenset(
    "the a an it he she they we i this that these those but and in on at for his her their its "
    "there however meanwhile after before when while as if so yet".split()
)


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:pos].lstrip(".")


def _next_word(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[pos:end]


# Tokens follow the CoNLL-2003 conventions: hyphenated and dotted words stay whole
# ("Kasym-Jomart", "Il-76", "U.S.", "Gulagu.net"), the possessive "'s" is its own token and
# punctuation is split off. Compiled on first use: a query folds names but never tokenises.
_TOKEN_PATTERN = (
    r"""
    (?:[A-Za-z]\.){2,}(?![A-Za-z])            # U.S. / U.K.
  | [A-Z]\.(?=[ \t]*\n?[ \t]*[A-Z][a-z])   # a middle initial: Robert E. Mercer
  | \d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|%)?     # 2,500  3.5  10:30  1990s  103rd
  | [^\W_](?:[^\W_]|[-.&@](?=[^\W_])|['’](?=[^\W_]{2,}|[^\W_](?![^\W_])(?<![sS]['’]))|['’](?=t\b))*
                                              # words with inner hyphens, dots, apostrophes
  | ['’][sS](?![^\W_])                        # possessive 's
  | \S                                        # any other single character
    """
)


_new_tuple = tuple.__new__


@lru_cache(maxsize=1)
def _token_regex() -> re.Pattern[str]:
    return re.compile(_TOKEN_PATTERN, re.VERBOSE)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    if end is None:
        end = len(text)
    # tuple.__new__ skips the named tuple's own __new__, a Python function: an eighth of the time.
    tokens = [_new_tuple(Token, (m.group(), *m.span())) for m in _token_regex().finditer(text, start, end)]
    if text.find("'", start, end) < 0 and text.find("’", start, end) < 0:
        return tokens  # no possessive to split off
    return _split_possessives(tokens)


def _split_possessives(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        word = token.text
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS" and word[-3].isalpha():
            cut = token.end - 2
            out.append(Token(word[:-2], token.start, cut))
            out.append(Token(word[-2:], cut, token.end))
        else:
            out.append(token)
    return out


_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Transliteration variants seen in romanised Slavic and Central Asian names, applied after
# folding so that Kassym/Kasym, Tokaev/Tokayev and Zelenskyy/Zelensky share a key.
_TRANSLIT = (
    (re.compile(r"ss"), "s"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),
    (re.compile(r"iy\b|yy\b|ii\b"), "y"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"j(?=[aeiou])"), "zh"),
    (re.compile(r"w"), "v"),
)


@lru_cache(maxsize=65536)
def match_key(word: str) -> str:
    """A word's key for name matching: folded, with transliteration variants merged."""
    key = fold(word)
    for pattern, replacement in _TRANSLIT:
        key = pattern.sub(replacement, key)
    return key


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def name_key(name: str) -> str:
    """A multi-word name's key: its words' match keys joined by single spaces."""
    return " ".join(match_key(w) for w in words(name))
