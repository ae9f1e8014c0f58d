"""Roles: titles written before a name, fronted by a comma, or in apposition after it."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..text import Token
from .forms import demonym_word, fold, head_word, is_acronym, is_cap, lower_word, modifier_word, norm_space, shouting
from .lexicon import (
    DETERMINERS,
    FUNCTION_WORDS,
    HONORIFICS,
    JUNK_WORDS,
    QUOTES,
    RELATIVE_WORDS,
    ROLE_HEADS,
    TAIL_PREPOSITIONS,
    TITLE_CONNECTORS,
)


def _coordinated(tokens: list[Token]) -> list[list[Token]]:
    """Split "Prime Minister and Chairman of the Council" where both sides carry a head noun."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if fold(t.text) in ("and", "&") and parts[-1]:
            parts.append([])
        else:
            parts[-1].append(t)
    if len(parts) == 1:
        return parts
    # "talks between Ruch and French President Chirac": a headless part before a title
    # that starts with a nationality is not part of it
    while len(parts) > 1 and _first_head(parts[0]) is None and parts[1] and demonym_word(parts[1][0].text):
        parts = parts[1:]
    merged: list[list[Token]] = []
    for part in parts:
        has_head = _first_head(part) is not None
        if merged and has_head and _first_head(merged[-1]) is not None:
            merged.append(part)
        elif merged:
            merged[-1] = merged[-1] + [_AND] + part
        else:
            merged.append(part)
    # a part without a head glued to the next one ("Trade and Industry Minister")
    return [p for p in merged if p]


_AND = Token("and", -1, -1)


def _first_head(tokens: list[Token]) -> int | None:
    for k, t in enumerate(tokens):
        if t.start >= 0 and head_word(t.text) and not (
            fold(t.text) in ("general", "major", "executive", "chief", "deputy") and k + 1 < len(tokens) and head_word(tokens[k + 1].text)
        ):
            return k
    for k, t in enumerate(tokens):
        if t.start >= 0 and head_word(t.text):
            return k
    return None


def _slice(text: str, tokens: list[Token]) -> str:
    real = [t for t in tokens if t.start >= 0]
    if not real:
        return ""
    # rebuild from original text, including the "and" glued back in by _coordinated
    return norm_space(text[real[0].start : real[-1].end])


def _strip_edges(tokens: list[Token]) -> list[Token]:
    a, b = 0, len(tokens)
    while a < b and (
        fold(tokens[a].text) in TITLE_CONNECTORS
        or fold(tokens[a].text) in DETERMINERS
        or tokens[a].text in ("'s", "’s", ".", "-")
    ):
        a += 1
    while b > a and (fold(tokens[b - 1].text) in TITLE_CONNECTORS or fold(tokens[b - 1].text) in DETERMINERS):
        b -= 1
    return tokens[a:b]


@dataclass(slots=True)
class Context:
    """What the role rules need to know about one sentence."""

    text: str
    start: int
    end: int
    tokens: list[Token]
    person_spans: list[tuple[int, int]]  # other people in the sentence: a title never crosses them
    entity_starts: set[int]  # starts of tokens inside non-person entity spans

    def in_person(self, tok: Token, own: tuple[int, int]) -> bool:
        for a, b in self.person_spans:
            if (a, b) != own and tok.start < b and tok.end > a:
                return True
        return False


def title_before(ctx: Context, mstart: int, mend: int, limit: int | None = None, anchored: bool = False) -> list[tuple[str, str]]:
    """Titles written just before a name: "Kazakh President", "Armenia's Prime Minister and ...".

    With `limit`, the title ends there instead of at the name; with `anchored`, it must
    open the sentence (after a determiner or an opening quote).
    """
    toks = ctx.tokens
    if limit is None:
        limit = mstart
    k = bisect_right([t.start for t in toks], limit - 1)  # tokens before the limit
    j = k - 1
    collected: list[Token] = []
    while j >= 0:
        t = toks[j]
        if t.end > limit:
            j -= 1
            continue
        if ctx.in_person(t, (mstart, mend)):
            break
        w = fold(t.text).rstrip(".")
        ok = (
            is_cap(t.text)
            or head_word(t.text)
            or modifier_word(t.text)
            or w in TITLE_CONNECTORS
            or t.text in ("'s", "’s", "&")
            or (lower_word(t.text) and _sandwiched(collected, toks, j))
            or (t.text == "." and j > 0 and fold(toks[j - 1].text) in ROLE_HEADS | HONORIFICS)
        )
        if not ok:
            break
        if w in ("of", "for") and j > 0 and head_word(toks[j - 1].text) and any(head_word(c.text) for c in collected):
            break  # "a spokesman for Foreign Minister X": X is the minister, not the spokesman
        collected.append(t)
        j -= 1
    collected.reverse()
    if not collected:
        return []
    if anchored and any(not (t.text in QUOTES or t.text in "([") for t in toks[: j + 1]):
        return []
    # the left edge: the first token that may start a title
    sentence_first = toks[0].start if toks else -1
    n = len(collected)
    start = None
    for a in range(n):
        t = collected[a]
        w = fold(t.text).rstrip(".")
        if w in TITLE_CONNECTORS or w in DETERMINERS or t.text in ("'s", "’s", "-", "&", "."):
            continue
        if w in HONORIFICS:
            continue
        if head_word(t.text) or modifier_word(t.text) or demonym_word(t.text) or is_acronym(t.text):
            start = a
            break
        if is_cap(t.text):
            # a capitalised run is part of the title when it is a recognised entity, a
            # possessive ("Armenia's") or an ordinary capitalised word inside the sentence
            run_end = a
            while run_end + 1 < n and is_cap(collected[run_end + 1].text) and not head_word(collected[run_end + 1].text) and not modifier_word(collected[run_end + 1].text):
                run_end += 1
            followed_by_possessive = run_end + 1 < n and collected[run_end + 1].text in ("'s", "’s")
            if t.start in ctx.entity_starts or followed_by_possessive or (
                t.start != sentence_first and w not in JUNK_WORDS
            ):
                start = a
                break
    if start is None:
        return []
    phrase = _strip_edges(collected[start:])
    # honorifics at the end are not part of the title ("President Mr Tokayev")
    while phrase and fold(phrase[-1].text).rstrip(".") in HONORIFICS | {"."}:
        phrase = phrase[:-1]
    if not phrase or _first_head(phrase) is None:
        return []
    out = []
    for part in _coordinated(phrase):
        part = _strip_edges(part)
        if part and _first_head(part) is not None:
            title = _slice(ctx.text, part)
            if title and not _only_name_words(part) and not shouting(title):
                out.append((title, "title"))
    return out


def title_fronted(ctx: Context, mstart: int, mend: int) -> list[tuple[str, str]]:
    """A title that opens the sentence, set off by commas: "The former head of the KNB, Karim Masimov,"."""
    toks = ctx.tokens
    before = [t for t in toks if t.end <= mstart]
    after = [t for t in toks if t.start >= mend]
    if not before or before[-1].text != ",":
        return []
    if after and after[0].text not in (",", ".", ";", ")", "—", "–", "!", "?"):
        return []
    out = []
    for title, _ in title_before(ctx, mstart, mend, limit=before[-1].start, anchored=True):
        words = title.split()
        rule = "head-of" if len(words) > 1 and head_word(words[0]) and fold(words[1]) == "of" else "apposition"
        out.append((title, rule))
    return out


def _head_ahead(toks: list[Token], k: int) -> bool:
    """A head noun within the next three lower-case words: "investment officer", "fund manager"."""
    for t in toks[k : k + 3]:
        if head_word(t.text):
            return True
        if not lower_word(t.text) or fold(t.text) in TAIL_PREPOSITIONS or fold(t.text) in RELATIVE_WORDS:
            return False
    return False


def _sandwiched(collected: list[Token], toks: list[Token], j: int) -> bool:
    """A lower-case word between two title words: "chief investment officer"."""
    if not collected or j == 0:
        return False
    right, left = collected[-1].text, toks[j - 1].text
    if fold(toks[j].text) in FUNCTION_WORDS:
        return False
    return (head_word(right) or modifier_word(right)) and (head_word(left) or modifier_word(left))


def _only_name_words(part: list[Token]) -> bool:
    """A title made only of capitalised non-title words is a name, not a role."""
    return not any(head_word(t.text) for t in part)


def title_after(ctx: Context, mstart: int, mend: int) -> list[tuple[str, str]]:
    """Titles in apposition: "Nikol Pashinyan, Armenia's Prime Minister," / "X, the head of Y,"."""
    toks = ctx.tokens
    k = bisect_right([t.start for t in toks], mend - 1)
    while k < len(toks) and toks[k].start < mend:
        k += 1
    if k >= len(toks) or toks[k].text != ",":
        return []
    k += 1
    # an age: "X, 45, a lawyer"
    if k + 1 < len(toks) and toks[k].text.isdigit() and toks[k + 1].text == ",":
        k += 2
    phrase: list[Token] = []
    closed = False
    in_tail = False
    seen_head = False
    while k < len(toks):
        t = toks[k]
        if t.text in (",", ";", ")", "(", "—", "–", ":", ".", "!", "?", '"', "“", "”") and not (
            t.text == "." and phrase and fold(phrase[-1].text) in ROLE_HEADS
        ):
            closed = True
            break
        if ctx.in_person(t, (mstart, mend)):
            return []  # a list of people, not an apposition
        w = fold(t.text).rstrip(".")
        if w in RELATIVE_WORDS and seen_head:
            closed = True
            break
        if in_tail:
            phrase.append(t)
        elif head_word(t.text):
            seen_head = True
            phrase.append(t)
        elif w in TAIL_PREPOSITIONS and seen_head:
            in_tail = w != "on"
            phrase.append(t)
        elif (
            modifier_word(t.text)
            or demonym_word(t.text)
            or is_cap(t.text)
            or w in DETERMINERS
            or w in ("and", "&", "the")
            or t.text in ("'s", "’s", "-")
        ):
            if seen_head and not (is_cap(t.text) or w in ("and", "&") or modifier_word(t.text)):
                closed = True
                break
            phrase.append(t)
        elif lower_word(t.text) and _head_ahead(toks, k + 1):
            phrase.append(t)  # "a portfolio manager", "chief investment officer"
        else:
            if seen_head:
                closed = True  # "X, Kazakhstan's president since 2019," -> stop before "since"
                break
            return []
        if len(phrase) > 16:
            return []
        k += 1
    else:
        closed = True
    if not closed or not seen_head:
        return []
    phrase = _strip_edges(phrase)
    if not phrase:
        return []
    head_at = _first_head(phrase)
    if head_at is None:
        return []
    rule = "head-of" if head_at == 0 and len(phrase) > 1 and fold(phrase[1].text) == "of" else "apposition"
    out = []
    for part in _coordinated(phrase):
        part = _strip_edges(part)
        if part and _first_head(part) is not None:
            title = _slice(ctx.text, part)
            if title and not shouting(title):
                out.append((title, rule))
    return out
