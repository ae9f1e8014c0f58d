"""Find and normalise time expressions in a text with the rules of :mod:`rules`."""

from __future__ import annotations

import bisect
import re

from ..models import Timex
from .rules import RULES, Ctx, Rule, _Lazy, expand

_compiled: list[tuple[Rule, re.Pattern]] | None = None

# A match must not start or end inside a word or a number.
_LEFT = r"(?<![\w$€£])(?<!\d[.,])"
_RIGHT = r"(?!\w)(?![.,]\d)(?!['’]\w\w)"


def compiled() -> list[tuple[Rule, re.Pattern]]:
    global _compiled
    if _compiled is None:
        out = []
        for rule in RULES:
            flags = 0 if rule.case_sensitive else re.IGNORECASE
            pattern = _LEFT + "(?:" + expand(rule.pattern) + ")" + _RIGHT
            out.append((rule, re.compile(pattern, flags)))
        _compiled = out
    return _compiled


def _capitalised(m: re.Match) -> bool:
    groups = m.groupdict()
    for key in ("mon", "wd"):
        word = groups.get(key)
        if word and not word[0].isupper():
            return False
    return True


_FUTURE = _Lazy(
    r"\b(?:will|won['’]t|shall|['’]ll|going\s+to|scheduled|is\s+due|are\s+due|upcoming|next|tomorrow)\b",
    re.IGNORECASE,
)
_PAST = _Lazy(
    r"\b(?:was|were|had|did|said|told|ago|last|yesterday|earlier|came|went|took|gave|made|began|"
    r"met|left|won|lost|rose|fell|paid|sold|held|found|became|saw|got|ran|spoke|wrote|\w{3,}ed)\b",
    re.IGNORECASE,
)


_AUXILIARY = _Lazy(r"\b(?:be|been|being|is|are|am|have|has)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def sentence_tense(text: str, start: int, end: int, pos: int) -> str | None:
    """'past' or 'future' from the tense cue nearest to ``pos`` in the sentence."""
    best, best_d = None, None
    for pattern, tense in ((_FUTURE, "future"), (_PAST, "past")):
        for m in pattern.finditer(text, start, end):
            if tense == "past" and _AUXILIARY.search(text, max(start, m.start() - 12), m.start()):
                continue  # a participle: "will be held", "has been delayed"
            d = abs(m.start() - pos)
            if best_d is None or d < best_d:
                best, best_d = tense, d
    return best


_SPECIFIC = _Lazy(r"^(?:\d{4}|XXXX)-(?:\d\d|Q\d|W\d\d|H\d|SP|SU|FA|WI)")


def tag(
    text: str,
    reference_date: str | None,
    sentences: list[tuple[int, int]] | None = None,
) -> list[Timex]:
    """Time expressions in ``text``: sorted, non-overlapping (the longest match wins)."""
    candidates = []
    for index, (rule, regex) in enumerate(compiled()):
        for m in regex.finditer(text):
            if m.end() == m.start():
                continue
            if not _capitalised(m):
                continue
            if rule.accept is not None and not rule.accept(m, text):
                continue
            candidates.append((m.start() - m.end(), index, m.start(), m))
    if not candidates:
        return []
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    taken = bytearray(len(text) + 1)
    chosen = []
    for _, index, start, m in candidates:
        end = m.end()
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, index, m))
    chosen.sort(key=lambda c: c[0])

    if sentences is None:
        from ..text import split_sentences

        sentences = split_sentences(text)
    starts = [s for s, _ in sentences]
    ctx = Ctx(reference_date, text)
    out: list[Timex] = []
    for start, index, m in chosen:
        rule = compiled()[index][0]
        i = bisect.bisect_right(starts, start) - 1
        if 0 <= i < len(sentences):
            s_start, s_end = sentences[i]
        else:
            s_start, s_end = 0, len(text)
        ctx.tense = sentence_tense(text, s_start, max(s_end, m.end()), start)
        norm = rule.norm(m, ctx)
        if norm is None or not norm.value:
            continue
        kind = norm.type or rule.type
        out.append(
            Timex(
                text=m.group(0),
                start=start,
                end=m.end(),
                type=kind,
                value=norm.value,
                rule=rule.name,
                anchor=norm.anchor,
                mod=norm.mod,
            )
        )
        if rule.sets_previous and kind in ("DATE", "TIME") and _SPECIFIC.match(norm.value):
            ctx.prev = norm.value.split("T")[0]
    return out
