"""Find and normalise time expressions in a text with the rules of :mod:`rules`."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ...models import Timex
from .rules import CLOCK_RULES, NEEDS, RULES, Ctx, Rule, _Lazy, expand

_compiled: list[tuple[Rule, re.Pattern]] | None = None
_needs: list[tuple[tuple[str, ...], ...]] | None = None
_plan: tuple | None = None

# Characters that a case-insensitive pattern matches against an ASCII letter but that
# str.lower() does not turn into that letter.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})

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


def _folded(text: str) -> str:
    """``text`` in lower case, for looking up the rules' keywords."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD).lower()


_STOP = _Lazy(r"\.(?=\s)")
# Abbreviations that a pattern may read through their full stop ("Jan. 6")
_ABBREVIATED = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")


def _pieces(text: str) -> list[tuple[int, int]]:
    """Cut ``text`` after full stops that no pattern reads past.

    Only a month abbreviation, "a.m." or "p.m." or a number lets a pattern (or its
    look-ahead) go on past a full stop that is followed by a space, so after a word of two
    or more ASCII letters that is none of these, no match and no look-ahead that decides a
    match crosses the cut. Look-behinds still see the text before a piece.
    """
    out = []
    start = 0
    for m in _STOP.finditer(text):
        end = m.start()
        i = end
        while i > start and i > end - 40:
            c = text[i - 1]
            if not (c.isascii() and c.isalpha()):
                break
            i -= 1
        if end - i < 2:
            continue
        if i > 0:
            c = text[i - 1]
            if c.isalnum() or c == "_":
                continue
        if text[i:end].lower().endswith(_ABBREVIATED):
            continue
        out.append((start, end + 1))
        start = end + 1
    out.append((start, len(text)))
    return out


def _rules_for(low: str) -> list[tuple[int, Rule, re.Pattern]]:
    """The rules that may match in a text, given in lower case: those whose keywords occur."""
    global _needs, _plan
    rules = compiled()
    if _needs is None:
        _needs = [NEEDS.get(rule.name, ()) for rule, _ in rules]
    if _plan is None or _plan[0] is not _needs:
        # Rules share keyword groups (months, units...): number the distinct groups once.
        numbers: dict[tuple[str, ...], int] = {}
        per_rule = [tuple(numbers.setdefault(tuple(g), len(numbers)) for g in need) for need in _needs]
        _plan = (_needs, list(numbers), per_rule)
    _, groups, per_rule = _plan
    found: list[bool | None] = [None] * len(groups)
    out = []
    for index, (rule, regex) in enumerate(rules):
        for g in per_rule[index]:
            ok = found[g]
            if ok is None:
                ok = False
                for word in groups[g]:
                    if word in low:
                        ok = True
                        break
                found[g] = ok
            if not ok:
                break
        else:
            out.append((index, rule, regex))
    return out


def _capitalised(m: re.Match) -> bool:
    groups = m.groupdict()
    for key in ("mon", "wd"):
        word = groups.get(key)
        if word and not word[0].isupper():
            return False
    return True


# Words written in lower case inside a sentence; capitalised there, they belong to a name
# ("ABC's This Week", "CBS's 60 Minutes", "VOA Today"), which TimeML leaves untagged.
_LOWER_WORDS = frozenset(
    "today tonight tomorrow yesterday now week weekend month year decade century minute minutes "
    "hour hours weeks months years decades future past present morning afternoon evening night".split()
)
_WORD = _Lazy(r"[A-Za-z]+")
_SENTENCE_END = _Lazy(r"(?:^|[.!?:;]['\"’”]*|\n\s*|``|['\"“‘(\[])\s*$")


def _in_name(m: re.Match, text: str) -> bool:
    """Whether a match holds a capitalised word that is lower case inside a sentence."""
    for w in _WORD.finditer(m.group(0)):
        word = w.group(0)
        if not word[0].isupper() or word.isupper() or word.lower() not in _LOWER_WORDS:
            continue
        start = m.start() + w.start()
        if w.start() == 0 and _SENTENCE_END.search(text, max(0, start - 4), start):
            continue  # the first word of a sentence
        return True
    return False


# Tense cues, read word by word: a word of _FUTURE_WORDS or a phrase of _FUTURE_PHRASES says
# future; a word of _PAST_WORDS or a word of five or more letters ending in "-ed" says past
# (unless _past_cue finds it is a participle, an adjective or a name).
_FUTURE_WORDS = frozenset("will shall upcoming next tomorrow scheduled effective".split())
# The present tense of a timetable: "the president meets Monday with...", "talks resume Friday";
# after "to" or an auxiliary the verb is not finite ("to meet demand well into the summer")
_TIMETABLE = frozenset(
    "meets meet begins begin starts opens resumes resume arrives departs travels visits convenes convene".split()
)
_NOT_FINITE = frozenset("to do does did can could would should must might may".split())
_FUTURE_PHRASES = {
    "going": ("to",), "is": ("due",), "are": ("due",), "plans": ("to", "a", "an"),
    "plan": ("to", "a", "an"), "planned": ("to", "a", "an"), "planning": ("to",), "set": ("to",),
    "expected": ("to",), "intends": ("to",), "intend": ("to",), "aims": ("to",), "aim": ("to",),
}
_PAST_WORDS = frozenset(
    "was were had did said told ago last yesterday earlier came went took gave made began met left "
    "won lost rose fell paid sold held found became saw got ran spoke wrote bought brought sought "
    "thought caught taught fought built sent spent felt kept meant stood struck drew grew knew threw "
    "flew broke chose drove froze stole shot swore hung sank dealt fled".split()
)
_TOKEN = _Lazy(r"\w+")
_APOSTROPHES = ("'", "’")


_AUXILIARY = _Lazy(r"\b(?:be|been|being|is|are|am)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# "-ed" words that are not past tense verbs, and determiners before "-ed" adjectives
_NOT_PAST = frozenset(
    "need indeed speed seed feed exceed proceed succeed breed bleed weed deed creed greed "
    "hundred kindred sacred naked wicked ragged red bed shred embed "
    # adjectives in "un-": "a still unspecified date"
    "unspecified undisclosed unidentified unnamed unexpected unprecedented unchanged unemployed "
    "unrelated unauthorized unconfirmed unsecured unaudited unsolicited unlimited unsolved "
    "unopposed unarmed unannounced unscheduled unresolved".split()
)
_DETERMINER = _Lazy(r"\b(?:the|a|an|its|his|her|their|our|this|that)\s+$", re.IGNORECASE)
# Quotation marks, brackets and semicolons between a verb and a time expression: the verb
# usually belongs to another clause ("... leave Thursday,'' Castro said")
_BOUNDARY = _Lazy(r"[\"“”()\[\];]|''|``")
_BOUNDARY_COST = 80
# Nouns that "to" governs as a preposition, not as the mark of an infinitive: "was shot to
# death on Oct. 23", "came to power in May", "went to court on Friday"
_TO_NOUNS = (
    "death|power|court|trial|prison|jail|office|date|hospital|school|bed|town|safety|war|pieces"
)
_INFINITIVE = _Lazy(
    r"\bto\s+(?!(?:the|a|an|its|his|her|their|our|this|that|these|those|\d|" + _TO_NOUNS + r")\b)"
    r"[a-z]+\b(?!\s+(?:to|of)\b)"
)
# ...unless the expression opens a bracket after the verb: "will leave at 4 (4 a.m. Thursday)"
_ASIDE = _Lazy(r"[^\"“”()\[\];]*[(\[][^\"“”()\[\];]*")
# A subject between a time expression and a later verb opens another clause: in "said on
# Thursday it would cut jobs" Thursday belongs to "said"
_NEW_SUBJECT = _Lazy(r"\b(?:it|he|she|they|we|I|you|that|which|who)\b", re.IGNORECASE)
_SUBJECT_COST = 20


def _past_cue(text: str, start: int, c_start: int, word: str) -> bool:
    if len(word) > 4 and word[-2:].lower() == "ed":
        if word[0].isupper() and c_start > start:
            return False  # a name such as "United"
        if word.lower() in _NOT_PAST:
            return False
        if _DETERMINER.search(text, max(start, c_start - 8), c_start):
            return False  # "the proposed merger"
    if _AUXILIARY.search(text, max(start, c_start - 12), c_start):
        return False  # a participle: "will be held", "has been delayed"
    return True


def sentence_cues(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The tense cues of the sentence ``text[start:end]``: (start, end, is_future)."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    words = [text[a:b].lower() for a, b in toks]
    n = len(toks)

    def follows(i: int, options: tuple[str, ...]) -> bool:
        return i + 1 < n and words[i + 1] in options and text[toks[i][1] : toks[i + 1][0]].isspace()

    out = []
    i = 0
    while i < n:
        a, b = toks[i]
        w = words[i]
        if w in _TIMETABLE:
            if i == 0 or words[i - 1] not in _NOT_FINITE:
                out.append((a, b, True))
        elif w in _FUTURE_WORDS:
            if i >= 1 and words[i - 1] == "had" or i >= 2 and words[i - 2 : i] == ["had", "been"]:
                out.append((a, b, False))  # "had been scheduled to expire at midnight Friday"
            elif not (w == "next" and follows(i, ("to", "door"))):  # "next to the embassy"
                out.append((a, b, True))
        elif w in ("was", "were") and i + 1 < n and words[i + 1] in _FUTURE_PHRASES and follows(
            i + 1, _FUTURE_PHRASES[words[i + 1]]
        ) and text[b : toks[i + 1][0]].isspace():
            # "were planning to march on Monday": the plan looks ahead, its verb is past
            out.append((a, toks[i + 2][1], True))
            i += 3
            continue
        elif w in ("would", "might"):
            if not follows(i, ("have",)):
                out.append((a, b, True))
        elif w == "won" and text[b : b + 1] in _APOSTROPHES and i + 1 < n and words[i + 1] == "t" and toks[i + 1][0] == b + 1:
            out.append((a, toks[i + 1][1], True))  # "won't"
            i += 2
            continue
        elif w == "ll" and a - start >= 2 and text[a - 1] in _APOSTROPHES and (text[a - 2].isalnum() or text[a - 2] == "_"):
            out.append((a - 1, b, True))  # "he'll"
        elif w in _FUTURE_PHRASES and follows(i, _FUTURE_PHRASES[w]):
            out.append((a, toks[i + 1][1], True))
            i += 2
            continue
        elif w == "as" and i + 2 < n and words[i + 1] in ("soon", "early") and words[i + 2] == "as" and (
            text[b : toks[i + 1][0]].isspace() and text[toks[i + 1][1] : toks[i + 2][0]].isspace()
        ):
            out.append((a, toks[i + 2][1], True))
            i += 3
            continue
        elif w in _PAST_WORDS or (len(w) > 4 and w.endswith("ed")):
            if _past_cue(text, start, a, text[a:b]):
                out.append((a, b, False))
        i += 1
    return out


def nearest_tense(text: str, cues: list[tuple[int, int, bool]], pos: int, pos_end: int) -> str | None:
    """'past' or 'future' from the cue nearest to the expression at ``text[pos:pos_end]``.

    The cue stands for the verb that governs the expression: a cue separated from it by a
    quotation mark, a bracket or a semicolon counts as further away, since it usually
    belongs to another clause, and so does a later cue with a subject between. On a tie the
    future wins.
    """
    best, best_d, best_end = None, None, 0
    for c_start, c_end, future in cues:
        if c_end <= pos:
            d = pos - c_end
        elif c_start >= pos_end:
            d = c_start - pos_end
        else:
            d = 0
        if best_d is not None and (d > best_d or (d == best_d and (not future or best == "future"))):
            continue
        if d:
            gap = (c_end, pos) if c_end <= pos else (pos_end, c_start)
            if _BOUNDARY.search(text, gap[0], gap[1]) and not (
                c_end <= pos and _ASIDE.fullmatch(text, gap[0], gap[1])
            ):
                d += _BOUNDARY_COST
            elif c_start >= pos_end and _NEW_SUBJECT.search(text, gap[0], gap[1]):
                d += _SUBJECT_COST
            if best_d is not None and (d > best_d or (d == best_d and (not future or best == "future"))):
                continue
        best, best_d, best_end = ("future" if future else "past"), d, c_end
    if best == "past" and best_end <= pos and _INFINITIVE.search(text, best_end, pos):
        return None  # "agreed to buy the unit in February": the purchase may still be ahead
    return best


def sentence_tense(text: str, start: int, end: int, pos: int, pos_end: int | None = None) -> str | None:
    """'past' or 'future' from the tense cue nearest to the time expression at ``pos``
    (ending at ``pos_end``) in the sentence ``text[start:end]``."""
    return nearest_tense(text, sentence_cues(text, start, end), pos, pos if pos_end is None else pos_end)


# "had filed reports by Wednesday": a deadline already past
_PAST_PERFECT = _Lazy(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?\w+ed\b", re.IGNORECASE)
_DEADLINE = _Lazy(r"(?<!\bup\s)\b(?:until|till|by)\s+$", re.IGNORECASE)  # "up until" looks back
_SINCE = _Lazy(
    r"\bsince\s+(?:(?:shortly|just|soon|right)\s+)?(?:(?:after|before)\s+)?(?:(?:the|its|his|her|their)\s+)?$",
    re.IGNORECASE,
)
_QUARTER = _Lazy(r"^\d{4}-Q\d$")
_YEAR = _Lazy(r"^\d{4}(?:$|-)")
_SPECIFIC = _Lazy(r"^(?:\d{4}|XXXX)-(?:\d\d|Q\d|W\d\d|H\d|SP|SU|FA|WI)")
# The stretch of a year a report covers: "the nine months", "the first six months"; several
# months other than three, which are a quarter ("the three months ended Sept. 30")
_REPORTED_MONTHS = _Lazy(r"the\s", re.IGNORECASE)
_MONTHS = _Lazy(r"^P(?:[24-9]|1[0-2])M$")


def tag(
    text: str,
    reference_date: str | None,
    sentences: list[tuple[int, int]] | None = None,
) -> list[Timex]:
    """Time expressions in ``text``: sorted, non-overlapping (the longest match wins)."""
    candidates = []
    low = _folded(text)
    pieces = _pieces(text) if len(low) == len(text) else [(0, len(text))]
    for a, b in pieces:
        for index, rule, regex in _rules_for(low[a:b]):
            for m in regex.finditer(text, a, b):
                if m.end() == m.start():
                    continue
                if not _capitalised(m):
                    continue
                if not rule.case_sensitive and not m.group(0).islower() and _in_name(m, text):
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
    cue_cache: dict[tuple[int, int], list[tuple[int, int, bool]]] = {}
    out: list[Timex] = []
    # clock times that named no day, with their sentence: (index in out, sentence start, end)
    floating: list[tuple[int, int, int]] = []
    for start, index, m in chosen:
        rule = compiled()[index][0]
        i = bisect.bisect_right(starts, start) - 1
        if 0 <= i < len(sentences):
            s_start, s_end = sentences[i]
        else:
            s_start, s_end = 0, len(text)
        key = (s_start, max(s_end, m.end()))
        cues = cue_cache.get(key)
        if cues is None:
            cues = cue_cache[key] = sentence_cues(text, key[0], key[1])
        deadline = _DEADLINE.search(text, max(0, start - 11), start)
        if deadline and text[s_start : deadline.start()].strip(" \n\"'`“‘") and not _PAST_PERFECT.search(
            text, max(s_start, deadline.start() - 60), deadline.start()
        ):
            # "extended until Tuesday", "by February": a deadline still ahead; opening a
            # sentence ("Until Thursday, they had...") it looks back instead
            ctx.tense = "future"
        elif _SINCE.search(text, max(0, start - 40), start):
            ctx.tense = "past"  # "since early September", "since shortly after the Oct. 23 slaying"
        else:
            ctx.tense = nearest_tense(text, cues, start, m.end())
        norm = rule.norm(m, ctx)
        if norm is None or not norm.value:
            continue
        kind = norm.type or rule.type
        if rule.name in CLOCK_RULES and not any(m.groupdict().get(k) for k in ("dd", "wd", "mon")):
            floating.append((len(out), s_start, s_end))
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
        if rule.sets_previous and kind in ("DATE", "TIME") and _YEAR.match(norm.value):
            ctx.prev_year = norm.value[:4]
        if kind == "DURATION" and _REPORTED_MONTHS.match(m.group(0)) and _MONTHS.match(norm.value):
            ctx.months = norm.value
        if rule.sets_previous and kind in ("DATE", "TIME") and _SPECIFIC.match(norm.value):
            ctx.months = None
            ctx.prev = norm.value.split("T")[0]
            if _QUARTER.match(ctx.prev) and not _not_ended(ctx.prev, ctx) and (
                ctx.quarter is None or ctx.prev >= ctx.quarter
            ):
                # the quarter a report is about is the latest that has ended: the current or a
                # coming quarter is a forecast, an earlier one ("after a flat second quarter")
                # a backdrop, neither what "the year-ago period" is compared with
                ctx.quarter = ctx.prev
    for i, s_start, s_end in floating:
        _to_the_named_day(out, i, s_start, s_end)
    return out


def _not_ended(quarter: str, ctx: Ctx) -> bool:
    if ctx.year is None or ctx.month is None:
        return False
    return (int(quarter[:4]), int(quarter[-1])) >= (ctx.year, (ctx.month - 1) // 3 + 1)


_DAY_VALUE = _Lazy(r"^(?:\d{4}|XXXX)-\d\d-\d\d")


def _to_the_named_day(found: list[Timex], i: int, s_start: int, s_end: int) -> None:
    """Give a clock time without a day ("at 10:35 a.m. (0735 GMT) Friday") the day its
    sentence names, the nearest if it names several; else it keeps the article date."""
    t = found[i]
    best = None
    for other in found:
        if other is t or other.end <= s_start or other.start >= s_end or other.type not in ("DATE", "TIME"):
            continue
        day = _DAY_VALUE.match(other.value)
        if day is None:
            continue
        d = abs(other.start - t.start)
        if best is None or d < best[0]:
            best = (d, day.group(0), other.anchor)
    if best is not None:
        _, day, anchor = best
        found[i] = replace(t, value=day + t.value[10:], anchor=anchor)
