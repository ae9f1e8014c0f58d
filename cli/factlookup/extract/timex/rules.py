"""Time expression rules, kept as data.

Each rule has a name, a TimeML type, an extraction pattern and a normaliser that turns the
match into a TimeML value. Patterns are written with macros in braces (``{MONTH}``,
``{NUM}``...) that are expanded when the tagger first compiles them. Every rule carries
examples: ``Ex(sentence, text, value)`` says that tagging ``sentence`` with the article date
``dct`` (2022-01-19, a Wednesday, unless the example names another) finds ``text`` with
``value``. The examples double as the rule's tests.

A normaliser receives the regex match and a :class:`Ctx` (article date, sentence tense,
the last specific date mentioned) and returns a :class:`Norm` or ``None`` to drop the match.

For speed the tagger tries a rule only on the parts of a text that hold its keywords
(:data:`NEEDS`), and cuts the text after full stops that end a word of two or more letters;
a pattern that reads through such a full stop must add the word to ``_ABBREVIATED`` in
:mod:`tagger`, as the month abbreviations are.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import namedtuple
from dataclasses import dataclass

TYPE_CHECKING = False  # the typing module is not imported at run time

if TYPE_CHECKING:
    from typing import Callable

class _Lazy:
    """A regular expression compiled on first use, to keep importing cheap."""

    __slots__ = ("args", "regex")

    def __init__(self, *args):
        self.args = args
        self.regex = None

    def __getattr__(self, name):
        if self.regex is None:
            self.regex = re.compile(*self.args)
        return getattr(self.regex, name)


REF = "2022-01-19"  # the article date the examples use unless they name another


# An example: tagging `sentence` with article date `dct` finds `text` normalised to `value`
# (and `mod`, when given).
Ex = namedtuple("Ex", "sentence text value dct mod", defaults=(REF, None))

# A normaliser's answer; `type` overrides the rule's type when set.
Norm = namedtuple("Norm", "value anchor mod type", defaults=(None, None, None))


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    type: str
    pattern: str
    norm: Callable[[re.Match, "Ctx"], Norm | None]
    examples: tuple[Ex, ...] = ()
    accept: Callable[[re.Match, str], bool] | None = None
    case_sensitive: bool = False
    # False for comparisons ("a year earlier") that should not become the narrative's
    # current date
    sets_previous: bool = True


class Ctx:
    """What a normaliser may look at besides the match itself."""

    __slots__ = ("dct", "dct_str", "year", "month", "prev", "prev_year", "quarter", "months", "tense", "text")

    def __init__(self, reference_date: str | None, text: str = ""):
        self.text = text
        self.prev: str | None = None  # the last specific date value mentioned
        self.prev_year: str | None = None  # the year of the last date or year mentioned ("1988")
        self.quarter: str | None = None  # the last specific quarter mentioned ("1989-Q3")
        # a stretch of months a report is about when it was named after the last quarter
        # ("the nine months", "the first six months"): it is no quarter, so what is
        # compared with it "a year earlier" is the year before, not a quarter
        self.months: str | None = None
        self.tense: str | None = None  # "past" | "future" | None, for the current sentence
        self.dct: _dt.date | None = None
        self.year: int | None = None
        self.month: int | None = None
        self.dct_str: str | None = None
        if reference_date:
            m = re.match(r"\s*(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", reference_date)
            if m:
                self.year = int(m.group(1))
                self.month = int(m.group(2)) if m.group(2) else None
                if m.group(3):
                    try:
                        self.dct = _dt.date(self.year, self.month, int(m.group(3)))
                    except ValueError:
                        self.dct = None
                self.dct_str = m.group(0).strip()

    @property
    def anchor(self) -> str | None:
        return f"dct:{self.dct_str}" if self.dct_str else None


# --------------------------------------------------------------------------- vocabulary

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4, "last": 4,
}
VAGUE_WORDS = r"a\s+few|few|several|some|many|a\s+number\s+of|numerous"

# Days of the month written as ordinal words, as transcripts of broadcasts give them
# ("Sunday, March eighth")
DAY_WORDS = {w: n for w, n in ORDINALS.items() if w.isalpha() and w not in ("final", "last")}
DAY_WORDS.update({"thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
                  "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
                  "thirtieth": 30})
DAY_WORDS.update({f"twenty-{w}": 20 + n for w, n in list(DAY_WORDS.items()) if n < 10})
DAY_WORDS["thirty-first"] = 31

_SMALL_ALT = "|".join(sorted(SMALL, key=len, reverse=True))
_TENS_ALT = "|".join(TENS)
_ONES_ALT = "one|two|three|four|five|six|seven|eight|nine"

MACROS = {
    "MONTH": (
        r"(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|"
        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
    ),
    "MONTHF": (
        r"(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
    ),
    "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
    "DAYW": "(?:" + "|".join(sorted((w.replace("-", "[- ]") for w in DAY_WORDS), key=len, reverse=True)) + ")",
    "YEAR4": r"(?:1[6-9]\d\d|20\d\d)(?![\d,]\d)",
    "WEEKDAY": r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
    "NUMW": rf"(?:(?:{_TENS_ALT})(?:[- ](?:{_ONES_ALT}))?|{_SMALL_ALT}|(?:a\s+|one\s+)?hundred|(?:a\s+)?dozen)",
    "NUM": rf"(?:(?:a\s+)?couple\s+of|\d{{1,3}}(?:\.\d+)?(?!\d)|(?:{_TENS_ALT})(?:[- ](?:{_ONES_ALT}))?|{_SMALL_ALT}|(?:a\s+|one\s+)?hundred|(?:a\s+)?dozen)",
    "VAGUE": rf"(?:{VAGUE_WORDS})",
    "UNIT": r"(?:second|minute|hour|day|weekend|week|month|quarter|year|decade|century|centurie)",
    "POD": r"(?:morning|afternoon|evening|night)",
    "HOURW": r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)",
    "TZ": r"(?:[ECMP][SD]T|GMT|UTC|local\s+time)",
    "PRE": (
        r"(?:(?P<pre>early|late|mid|(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close)\s+of"
        r"(?:\s+the)?)(?:\s*-\s*|\s+))?"
    ),
}

_MACRO = _Lazy(r"\{([A-Z][A-Z0-9]*)\}")


def expand(pattern: str) -> str:
    """Replace ``{MACRO}`` names in a rule pattern with their regular expressions."""
    return _MACRO.sub(lambda m: MACROS[m.group(1)], pattern)


# --------------------------------------------------------------------------- helpers


def number(word: str | None) -> float | None:
    """'two' -> 2, 'twenty-five' -> 25, '10' -> 10, 'a' -> 1, vague words -> None."""
    if word is None:
        return None
    w = re.sub(r"\s+", " ", word.strip().lower())
    if w in ("a", "an", "one", "a single", "single"):
        return 1
    if re.fullmatch(r"(?:a )?couple(?: of)?", w):
        return 2
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w) if "." in w else int(w)
    if w.endswith("dozen"):
        return 12
    if w.endswith("hundred"):
        return 100
    if w in SMALL:
        return SMALL.index(w)
    parts = re.split(r"[- ]", w)
    if parts[0] in TENS:
        n = (TENS.index(parts[0]) + 2) * 10
        if len(parts) == 2 and parts[1] in SMALL:
            n += SMALL.index(parts[1])
        return n
    return None


def month_of(word: str) -> int:
    return MONTHS[word.strip(". ").lower()[:3]]


def weekday_of(word: str) -> int:
    return WEEKDAYS[word.lower()[:3]]


def _fmt(y: int | None, m: int | None = None, d: int | None = None) -> str:
    ys = f"{y:04d}" if y is not None else "XXXX"
    if m is None:
        return ys
    if d is None:
        return f"{ys}-{m:02d}"
    return f"{ys}-{m:02d}-{d:02d}"


def _day_value(date: _dt.date, known_year: bool = True) -> str:
    return _fmt(date.year if known_year else None, date.month, date.day)


def _week_value(date: _dt.date) -> str:
    y, w, _ = date.isocalendar()
    return f"{y:04d}-W{w:02d}"


_PRE_MODS = {
    "early": "START", "beginning": "START", "start": "START", "earlier": "START",
    "late": "END", "end": "END", "close": "END", "later": "END",
    "mid": "MID", "middle": "MID",
}


def pre_mod(m: re.Match) -> str | None:
    """TimeML mod for an 'early'/'late'/'mid'/'the end of' prefix."""
    pre = m.groupdict().get("pre")
    if not pre:
        return None
    for word in re.findall(r"[a-z]+", pre.lower()):
        if word in _PRE_MODS:
            return _PRE_MODS[word]
    return None


_MODS = [
    (r"about|around|approximately|roughly|some|nearly|almost|close\s+to|an\s+estimated", "APPROX"),
    (r"more\s+than|(?:just\s+)?over|longer\s+than|upwards\s+of", "MORE_THAN"),
    (r"less\s+than|under|fewer\s+than|shorter\s+than|just\s+under", "LESS_THAN"),
    (r"at\s+least|no\s+less\s+than", "EQUAL_OR_MORE"),
    (r"up\s+to|within|no\s+more\s+than|at\s+most", "EQUAL_OR_LESS"),
]
QUANT_MOD = (
    r"(?:(?P<qmod>about|around|approximately|roughly|nearly|almost|close\s+to|an\s+estimated|"
    r"more\s+than|longer\s+than|upwards\s+of|less\s+than|fewer\s+than|shorter\s+than|just\s+under|"
    r"at\s+least|no\s+less\s+than|up\s+to|no\s+more\s+than|at\s+most|some|"
    # "over an hour", "just over a week": "over" before "a" is "more than"; before a number it
    # is usually "during" ("spread over three years")
    r"(?:just\s+)?over(?=\s+(?:a|an)\s))\s+)?"
)


def quant_mod(m: re.Match) -> str | None:
    q = m.groupdict().get("qmod")
    if not q:
        return None
    q = q.lower()
    for pat, mod in _MODS:
        if re.fullmatch(pat, q):
            return mod
    return None


def pick_year(month: int, day: int | None, ctx: Ctx) -> int | None:
    """The year of a month (and day) named without one, from the article date and tense.

    Past tense and the date would fall after the article date: the previous year; future
    tense and it would fall before: the next year; no tense: whichever is nearer. Tense
    found without a parser is noisy, so a date less than SLACK_DAYS from the article date
    keeps the article's year whatever the tense (a month named alone counts from its middle,
    so in late October a past "December" is last year's, a past "November" this year's).
    """
    if ctx.year is None:
        return None
    y = ctx.year
    if ctx.month is None:
        return y
    ref_day = ctx.dct.day if ctx.dct else 15
    # days from the article date to the date in the article's year (months count 30.5 days)
    ahead = (month - ctx.month) * 30.5 + ((day if day is not None else 15) - (ref_day if day is not None else 15))
    if day is None and month == ctx.month:
        return y
    if ctx.tense == "past" and ahead >= SLACK_DAYS:
        return y - 1
    if ctx.tense == "future" and ahead <= -SLACK_DAYS:
        return y + 1
    if ctx.tense in ("past", "future"):
        return y
    if ahead > 183:
        return y - 1
    if ahead < -183:
        return y + 1
    return y


SLACK_DAYS = 61


def weekday_date(wd: int, ctx: Ctx, rel: str | None = None) -> _dt.date | None:
    d = ctx.dct
    if d is None:
        return None
    back = (d.weekday() - wd) % 7
    fwd = (wd - d.weekday()) % 7
    if rel in ("last", "past", "previous"):
        return d - _dt.timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return d + _dt.timedelta(days=fwd or 7)
    if back == 0:
        return d
    if rel == "this" and ctx.tense != "past":
        return d + _dt.timedelta(days=fwd)
    if ctx.tense == "future":
        return d + _dt.timedelta(days=fwd)
    return d - _dt.timedelta(days=back)


_VAL = _Lazy(r"^(\d{4}|XXXX)(?:-(\d\d)(?:-(\d\d))?|-W(\d\d)|-Q(\d)|-H(\d)|-(SP|SU|FA|WI))?")
# A possessive after an expression: "Wednesday's ruling", "this quarter's loss"
_POSSESSIVE = _Lazy(r"['’]s\b")
_AHEAD_OF = _Lazy(r"\bahead\s+of\s+$", re.IGNORECASE)


def shift(value: str, unit: str, n: int) -> str | None:
    """Move a date value by n units. Days and weeks need a day; the result keeps the
    value's granularity for years, or takes the unit's for months and quarters."""
    m = _VAL.match(value or "")
    if not m:
        return None
    y, mo, d, w, q, h, s = m.groups()
    known = y != "XXXX"
    yi = int(y) if known else 2000
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        if d is not None:
            try:
                date = _dt.date(yi, int(mo), int(d)) + _dt.timedelta(days=days)
            except ValueError:
                return None
            return _day_value(date, known)
        if w is not None and unit == "week" and known:
            date = _dt.date.fromisocalendar(yi, int(w), 1) + _dt.timedelta(days=days)
            return _week_value(date)
        return None
    if unit == "month":
        if mo is None:
            return None
        total = yi * 12 + int(mo) - 1 + n
        ny, nm = divmod(total, 12)
        return _fmt(ny if known else None, nm + 1)
    if unit == "quarter":
        if q is None and mo is None:
            return None
        qi = int(q) if q else (int(mo) - 1) // 3 + 1
        total = yi * 4 + qi - 1 + n
        ny, nq = divmod(total, 4)
        return f"{_fmt(ny if known else None)}-Q{nq + 1}"
    if unit in ("year", "decade", "century"):
        years = n * {"year": 1, "decade": 10, "century": 100}[unit]
        if not known:
            return value[: m.end()]
        ny = yi + years
        rest = value[4 : m.end()]
        if d is not None and mo == "02" and d == "29":
            rest = "-02-28"
        return f"{ny:04d}{rest}"
    return None


def dct_value(ctx: Ctx, gran: str, n: int = 0) -> str | None:
    """The article date at a granularity, moved by n units; None without an article date."""
    if ctx.year is None:
        return None
    if gran == "year":
        return f"{ctx.year + n:04d}"
    if gran == "decade":
        return f"{(ctx.year + 10 * n) // 10:03d}"
    if gran == "century":
        return f"{(ctx.year + 100 * n) // 100:02d}"
    if ctx.month is None:
        return None
    if gran == "month":
        return shift(_fmt(ctx.year, ctx.month), "month", n)
    if gran == "quarter":
        return shift(_fmt(ctx.year, ctx.month), "quarter", n)
    if ctx.dct is None:
        return None
    if gran == "day":
        return _day_value(ctx.dct + _dt.timedelta(days=n))
    if gran == "week":
        return _week_value(ctx.dct + _dt.timedelta(days=7 * n))
    return None


_UNKNOWN = {"year": "XXXX", "month": "XXXX-XX", "day": "XXXX-XX-XX", "week": "XXXX-WXX",
            "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}


def deictic(ctx: Ctx, gran: str, n: int = 0, mod: str | None = None) -> Norm:
    v = dct_value(ctx, gran, n)
    if v is None:
        return Norm(_UNKNOWN.get(gran, "XXXX-XX-XX"), None, mod)
    return Norm(v, ctx.anchor, mod)


def unit_of(word: str) -> str:
    w = word.lower().rstrip("s")
    if w.startswith("centur"):
        return "century"
    return w


def previous(ctx: Ctx, unit: str, n: int, gran_of_prev: bool = False) -> Norm:
    """Shift the last mentioned date by n units; fall back to the article date."""
    if ctx.prev:
        base = ctx.prev.split("T")[0]
        if unit in ("day", "week") and not gran_of_prev:
            v = shift(base, unit, n)
            if v is not None and unit == "week" and not re.search(r"-\d\d-\d\d$", base):
                v = shift(base, "week", n)
            if v is not None:
                return Norm(v, f"previous:{ctx.prev}")
        else:
            v = shift(base, unit, n)
            if v is not None:
                return Norm(v, f"previous:{ctx.prev}")
    gran = {"day": "day", "week": "day", "month": "month", "quarter": "quarter"}.get(unit, "year")
    if unit == "week":
        base = dct_value(ctx, "day")
        v = shift(base, "week", n) if base else None
        return Norm(v, ctx.anchor) if v else Norm("XXXX-XX-XX")
    if unit in ("decade", "century"):
        return deictic(ctx, "year", n * (10 if unit == "decade" else 100))
    return deictic(ctx, gran, n)


# --------------------------------------------------------------------------- normalisers


def _iso(m: re.Match, ctx: Ctx) -> Norm | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    v = _fmt(y, mo, d)
    if m["H"]:
        return Norm(f"{v}T{m['H']}:{m['M']}", type="TIME")
    return Norm(v)


def _full_year(text: str, ctx: Ctx) -> int:
    y = int(text.lstrip("'’"))
    if len(text.lstrip("'’")) == 4:
        return y
    century = (ctx.year // 100 * 100) if ctx.year else 1900
    if ctx.year and y > ctx.year % 100 + 10:
        century -= 100
    return century + y


def _slash(m: re.Match, ctx: Ctx) -> Norm | None:
    y = _full_year(m["y"], ctx)
    mo, d = int(m["m"]), int(m["d"])
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    return Norm(_fmt(y, mo, d))


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))


def _mdy(m: re.Match, ctx: Ctx) -> Norm | None:
    y, mo, d = int(m["y"]), month_of(m["mon"]), _day(m["d"])
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    return Norm(_fmt(y, mo, d), None, pre_mod(m))


def _md(m: re.Match, ctx: Ctx) -> Norm | None:
    mo, d = month_of(m["mon"]), _day(m["d"])
    if d > 31 or (mo == 2 and d > 29) or (mo in (4, 6, 9, 11) and d > 30):
        return None
    y = pick_year(mo, d, ctx)
    mod = pre_mod(m)
    if y is None:
        return Norm(_fmt(None, mo, d), None, mod)
    if mo == 2 and d == 29 and not _is_leap(y):
        return Norm(_fmt(y, mo, 28), ctx.anchor, mod)
    return Norm(_fmt(y, mo, d), ctx.anchor, mod)


def _md_words(m: re.Match, ctx: Ctx) -> Norm | None:
    """"March eighth", "Sunday, March eighth, 1998": a day of the month in words."""
    mo, d = month_of(m["mon"]), DAY_WORDS[re.sub(r"\s+", "-", m["dw"].lower())]
    y = int(m["y"]) if m["y"] else pick_year(mo, d, ctx)
    try:
        _dt.date(y if y is not None else 2000, mo, d)  # 2000 is a leap year: February 29 may stand
    except ValueError:
        return None
    return Norm(_fmt(y, mo, d), None if m["y"] or y is None else ctx.anchor)


_ON_A_DAY = _Lazy(r"\b(?:on|by|until|till|since|before|after|from|to|of)\s+$", re.IGNORECASE)
_LOWER_WORD = _Lazy(r"\s+[a-z]")


def _day_words_accept(m: re.Match, text: str) -> bool:
    """"in March first rose", "in December the first of the groups": an ordinal after a
    month is a day when a weekday or a preposition of time leads in, or when no lower-case
    word follows it ("Sunday, March eighth.", "June twenty-first, 1990")."""
    if m["wd"] or m["y"] or _ON_A_DAY.search(text, max(0, m.start() - 8), m.start()):
        return True
    return not _LOWER_WORD.match(text, m.end())


def _is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _my(m: re.Match, ctx: Ctx) -> Norm:
    return Norm(_fmt(int(m["y"]), month_of(m["mon"])), None, pre_mod(m))


def _month(m: re.Match, ctx: Ctx) -> Norm:
    mo = month_of(m["mon"])
    rel = (m["rel"] or "").lower()
    mod = pre_mod(m)
    if ctx.year is None:
        return Norm(_fmt(None, mo), None, mod)
    if ctx.month is None:
        return Norm(_fmt(ctx.year, mo), ctx.anchor, mod)
    y = ctx.year
    if rel in ("last", "past", "previous"):
        y = y if mo < ctx.month else y - 1
    elif rel in ("next", "coming"):
        y = y if mo > ctx.month else y + 1
    elif rel == "this":
        pass
    else:
        y = pick_year(mo, None, ctx)
    return Norm(_fmt(y, mo), ctx.anchor, mod)


_MONTH_CONTEXT = _Lazy(
    r"(?:\b(?:in|of|since|until|till|by|from|to|through|during|before|after|last|next|this|"
    r"early|late|mid|end|beginning|start|middle|and|or|between|on)\s*-?\s*)$",
    re.IGNORECASE,
)


def _month_accept(m: re.Match, text: str) -> bool:
    word = m["mon"]
    if not word[0].isupper():
        return False
    if word.lower().rstrip(".") in ("may", "march", "jan", "mar", "sep", "sept", "dec", "jun", "jul", "aug", "oct", "nov", "feb", "apr") and not m["pre"] and not m["rel"]:
        before = text[max(0, m.start() - 20) : m.start()]
        return bool(_MONTH_CONTEXT.search(before))
    return True


def _year(m: re.Match, ctx: Ctx) -> Norm:
    return Norm(m["y"], None, pre_mod(m))


def _year_accept(m: re.Match, text: str) -> bool:
    before = text[max(0, m.start() - 12) : m.start()]
    after = text[m.end() : m.end() + 12]
    if re.search(r"(?:[$€£#]|No\.|Nos\.|No)\s*$", before, re.IGNORECASE):
        return False
    if re.match(r"\s*(?:%|percent\b|per\s*cent\b|-(?!(?:1[6-9]|20)\d\d\b)\d|\.\d|,\d|:\d|[a-zA-Z]*(?:ton|mile|feet|foot|meter|metre|kilo|pound|dollar|barrel|share|yen|mark|franc|people|point))", after, re.IGNORECASE):
        return False
    if not m["pre"] and _IN_A_NAME.search(text, max(0, m.start() - 30), m.start()):
        return False
    if after.startswith(")") and _wire_code(m, text):
        return False
    return True


# A news agency's story code and filing time, "(NRKI 1821)", opening an item of a digest.
_WIRE_CODE = _Lazy(r"\s*\([A-Z]{3,6}\s+$")


def _wire_code(m: re.Match, text: str) -> bool:
    """The four digits are a filing time (hours and minutes) after a story code that opens its
    line: "(NRKI 1821)", not "(GATT 1979)" inside a sentence."""
    digits = m["y"]
    if int(digits[:2]) > 23 or int(digits[2:]) > 59:
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    return _WIRE_CODE.fullmatch(text, line_start, m.start()) is not None


# A year that ends a name: "a venture called Orion 1980", "Expo 2000". The capitalised word
# must stand inside a sentence, and be no month or word that leads to a year by itself.
_IN_A_NAME = _Lazy(
    r"(?<![.!?:;\"'`(\[]\s)(?<=[a-z,]\s)(?!(?:" + "|".join(
        ["January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
         "Sept", "Oct", "Nov", "Dec", "Spring", "Summer", "Fall", "Autumn", "Winter", "Christmas",
         "Easter", "Fiscal", "FY"]
    ) + r")\b)[A-Z][a-z]+\s+$"
)


_WORD_YEAR_TENS = {t: (i + 2) * 10 for i, t in enumerate(TENS)}


def _word_year(m: re.Match, ctx: Ctx) -> Norm | None:
    w = m.group(0).lower()
    w = re.sub(r"^the\s+year\s+", "", w)
    if w.startswith("two thousand"):
        rest = re.sub(r"^two thousand(?:\s+and)?\s*", "", w)
        n = number(rest) if rest else 0
        return Norm(f"{2000 + (n or 0):04d}") if n is not None else None
    head, _, rest = w.partition(" ")
    rest = re.sub(r"^hundred\s*(?:and\s+)?", "", rest).strip()
    base = {"nineteen": 1900, "eighteen": 1800, "twenty": 2000}[head]
    n = number(rest) if rest else 0
    if n is None:
        return None
    return Norm(f"{base + n:04d}")


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def _decade(m: re.Match, ctx: Ctx) -> Norm:
    mod = pre_mod(m)
    if m["pre2"]:
        mod = _PRE_MODS.get(m["pre2"].lower(), mod)
    if m["c"]:
        return Norm(f"{m['c']}{m['dd']}", None, mod)
    digit = int(m["dd2"]) if m["dd2"] else _DECADE_WORDS[m["w"].lower()]
    century = 19
    if ctx.year and digit * 10 + 1900 > ctx.year + 5:
        century = 18 if ctx.year < 2000 else 19
    if ctx.year and ctx.year >= 2000 and digit * 10 + 2000 <= ctx.year:
        century = 20 if digit <= (ctx.year - 2000) // 10 else 19
    return Norm(f"{century}{digit}", None, mod)


def _century(m: re.Match, ctx: Ctx) -> Norm | None:
    n = m["n"].lower()
    k = ORDINALS.get(n)
    if k is None:
        digits = re.match(r"\d+", n)
        if digits:
            k = int(digits.group(0))
        elif n.startswith("twenty"):
            k = 20 + (ORDINALS.get(n.split("-")[-1], 0) if "-" in n else 0)
        else:
            k = {"nineteenth": 19, "eighteenth": 18, "twentieth": 20, "seventeenth": 17, "sixteenth": 16}.get(n)
    if not k:
        return None
    return Norm(f"{k - 1:02d}", None, pre_mod(m))


def _season(m: re.Match, ctx: Ctx) -> Norm | None:
    s = SEASONS[m["s"].lower()]
    mod = pre_mod(m)
    if m["pre2"]:
        mod = _PRE_MODS.get(m["pre2"].lower(), mod)
    if m["y"]:
        return Norm(f"{m['y']}-{s}", None, mod)
    if m["wy"]:
        wy = _word_year(re.match(r".*", m["wy"]), ctx)
        return Norm(f"{wy.value}-{s}", None, mod) if wy else None
    if ctx.year is None or ctx.month is None:
        return Norm(f"XXXX-{s}", None, mod)
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[s]
    cur = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(ctx.month, "FA")
    y = ctx.year
    if ctx.month <= 2:
        y_cur_winter = y - 1
    else:
        y_cur_winter = y
    rel = (m["rel"] or "").lower()
    if s == "WI" and cur == "WI":
        y = y_cur_winter
    if rel in ("last", "past", "previous") or (rel == "" and ctx.tense == "past"):
        if s == cur and rel:
            y -= 1
        elif s != cur and start > ctx.month:
            y -= 1
        if rel == "" and s == cur:
            pass
    elif rel in ("next", "coming") or (rel == "" and ctx.tense == "future"):
        if s == cur and rel:
            y += 1
        elif s != cur and start < ctx.month and not (s == "WI" and ctx.month <= 2):
            y += 1
    return Norm(f"{y:04d}-{s}", ctx.anchor, mod)


def _season_accept(m: re.Match, text: str) -> bool:
    if m["rel"] or m["y"] or m["wy"] or m["the"] or m["pre"] or m["pre2"]:
        return True
    if m["s"].lower() == "fall":
        return False
    before = text[max(0, m.start() - 12) : m.start()]
    return bool(re.search(r"\b(?:in|this|during|since|until|by|over|through)\s+$", before, re.IGNORECASE))


def _quarter(m: re.Match, ctx: Ctx) -> Norm:
    if m["ya"]:
        # "the year-ago third quarter": the quarter as it would be read alone, a year back
        norm = _quarter_alone(m, ctx)
        if norm.value[:4].isdigit():
            return Norm(f"{int(norm.value[:4]) - 1:04d}{norm.value[4:]}", norm.anchor)
        return norm
    return _quarter_alone(m, ctx)


def _quarter_alone(m: re.Match, ctx: Ctx) -> Norm:
    q = ORDINALS[m["q"].lower()]
    y = m["y"] or m["y0"]
    if y:
        return Norm(f"{y}-Q{q}")
    if m["ry"]:
        n = {"this": 0, "last": -1, "next": 1}[m["ry"].lower()]
        v = dct_value(ctx, "year", n)
        return Norm(f"{v}-Q{q}", ctx.anchor) if v else Norm(f"XXXX-Q{q}")
    if ctx.year is None:
        return Norm(f"XXXX-Q{q}")
    if ctx.month is None:
        return Norm(f"{ctx.year:04d}-Q{q}", ctx.anchor)
    cur = (ctx.month - 1) // 3 + 1
    y = ctx.year
    if ctx.tense == "past" and q > cur:
        y -= 1
    elif ctx.tense == "future" and q < cur - 1:
        y += 1  # not the quarter just ended, whose results are still to come
    elif ctx.tense == "future" and cur == 1 and q == 4:
        y -= 1  # the quarter just ended, in the year before
    elif ctx.tense is None and q - cur >= 3:
        y -= 1
    return Norm(f"{y:04d}-Q{q}", ctx.anchor)


def _half(m: re.Match, ctx: Ctx) -> Norm:
    h = 1 if (m["h"] or m["h2"]).lower() in ("first", "1st") else 2
    if m["y"]:
        return Norm(f"{m['y']}-H{h}")
    if ctx.year is None:
        return Norm(f"XXXX-H{h}")
    y = ctx.year
    if ctx.month and ctx.tense == "past" and h == 2 and ctx.month <= 6:
        y -= 1
    return Norm(f"{y:04d}-H{h}", ctx.anchor)


def _quarter_rel(m: re.Match, ctx: Ctx) -> Norm:
    rel = (m["rel"] or "").lower()
    if rel in ("this", "current") and ctx.quarter and _POSSESSIVE.match(ctx.text, m.end()):
        # "This quarter's loss includes...": the results of the quarter the report is about,
        # which has ended, not the quarter the article is written in
        return Norm(ctx.quarter, f"previous:{ctx.quarter}")
    if rel in ("this", "current"):
        return deictic(ctx, "quarter", 0)
    if rel in ("last", "previous", "past"):
        return deictic(ctx, "quarter", -1)
    if rel in ("next", "coming"):
        return deictic(ctx, "quarter", 1)
    if rel == "" and ctx.prev and re.match(r"^(?:\d{4}|XXXX)-Q\d$", ctx.prev):
        if ctx.year is None or ctx.prev[:4] == "XXXX" or int(ctx.prev[:4]) >= ctx.year - 1:
            return Norm(ctx.prev, f"previous:{ctx.prev}")
    return deictic(ctx, "quarter", -1)


def _today(m: re.Match, ctx: Ctx) -> Norm:
    word = m["d"].lower()
    n = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}.get(word, 0)
    if m["two"]:
        n = -2 if "yesterday" in m["two"].lower() else 2
    pod = m["pod"]
    mod = pre_mod(m)
    if word == "tonight":
        pod = "night"
    base = deictic(ctx, "day", n, mod)
    if pod:
        return Norm(f"{base.value}T{PARTS[pod.lower()]}", base.anchor, mod, "TIME")
    return base


def _this_pod(m: re.Match, ctx: Ctx) -> Norm:
    n = -1 if m["rel"].lower() == "last" else 0
    base = deictic(ctx, "day", n, pre_mod(m))
    return Norm(f"{base.value}T{PARTS[m['pod'].lower()]}", base.anchor, base.mod)


_REL_N = {"this": 0, "current": 0, "present": 0, "last": -1, "past": -1, "previous": -1,
          "next": 1, "coming": 1, "following": 1}


def _rel_unit(m: re.Match, ctx: Ctx) -> Norm | None:
    rel = re.sub(r"^the\s+", "", m["rel"].lower())
    rel = rel.split()[-1]
    n = _REL_N[rel]
    unit = unit_of(m["u"])
    mod = pre_mod(m)
    if m["pre3"]:
        mod = _PRE_MODS.get(m["pre3"].lower(), mod)
    if unit in ("decade", "century") and rel in ("past", "last", "previous") and not mod:
        return Norm(duration_value(1, unit), None, None, "DURATION")
    if unit == "weekend":
        if ctx.dct is None:
            return Norm("XXXX-WXX-WE", None, mod)
        d = ctx.dct + _dt.timedelta(days=7 * n)
        return Norm(_week_value(d) + "-WE", ctx.anchor, mod)
    return deictic(ctx, unit, n, mod)


def _the_year(m: re.Match, ctx: Ctx) -> Norm:
    after = ctx.text[m.end() : m.end() + 12]
    kind = (m["kind"] or "").lower()
    if re.match(r"\s+(?:ended|ending|ends|to\s+date|through)\b", after):
        return Norm("P1Y", None, None, "DURATION")
    mod = pre_mod(m) or ("END" if "end" in m.group(0).lower()[-4:] else None)
    n = -1 if kind.startswith("latest") else 0
    return deictic(ctx, "year", n, mod)


def _the_year_accept(m: re.Match, text: str) -> bool:
    if m["pre"] or m["kind"] or "end" in m.group(0).lower()[-4:]:
        return True
    before = text[max(0, m.start() - 12) : m.start()]
    after = text[m.end() : m.end() + 12]
    if re.match(r"\s+(?:ended|ending|ends)\b", after):
        return True
    return bool(re.search(r"\b(?:for|during|throughout|through|of)\s+$", before, re.IGNORECASE)) and not re.match(r"\s*(?:'s|’s|\s+(?:before|after|earlier|later|of|in\s+which|when|that))\b", after)


def _weekend(m: re.Match, ctx: Ctx) -> Norm:
    if ctx.dct is None:
        return Norm("XXXX-WXX-WE")
    d = ctx.dct
    if d.weekday() < 5 and ctx.tense != "future":
        d = d - _dt.timedelta(days=7)
    return Norm(_week_value(d) + "-WE", ctx.anchor)


_DAY_PREV = _Lazy(r"^(\d{4}|XXXX)-(\d\d)-(\d\d)$")


def _reported(m: re.Match, ctx: Ctx) -> bool:
    """A bare weekday in the possessive ("Wednesday's ruling", "Friday's close") names an
    event the article reports, so a day already past, whatever the tense of the clause
    around it ("ways to get around Wednesday's ruling"); "ahead of Sunday's vote" looks on."""
    if not _POSSESSIVE.match(ctx.text, m.end()):
        return False
    return not _AHEAD_OF.search(ctx.text, max(0, m.start() - 12), m.start())


def _weekday(m: re.Match, ctx: Ctx) -> Norm:
    wd = weekday_of(m["wd"])
    rel = " ".join((m["rel"] or "").lower().split()) or None
    mod = pre_mod(m)
    pod = m["pod"]
    if rel == "this coming":
        rel = "coming"
    if rel and rel.startswith("the "):
        # "the previous Friday": the Friday before the date the narrative is at
        prev = _DAY_PREV.match(ctx.prev or "")
        known = not prev or prev.group(1) != "XXXX"
        if prev:
            base = _dt.date(int(prev.group(1)) if known else 2000, int(prev.group(2)), int(prev.group(3)))
            anchor = f"previous:{ctx.prev}"
        else:
            base, anchor = ctx.dct, ctx.anchor
        if base is None:
            date = None
        elif rel in ("the previous", "the preceding"):
            date = base - _dt.timedelta(days=(base.weekday() - wd) % 7 or 7)
        else:
            date = base + _dt.timedelta(days=(wd - base.weekday()) % 7 or 7)
        if date is None:
            v, anchor = f"XXXX-WXX-{wd + 1}", None
        else:
            v = _day_value(date, known)
    else:
        if rel is None and _reported(m, ctx) and ctx.dct is not None:
            date = ctx.dct - _dt.timedelta(days=(ctx.dct.weekday() - wd) % 7)
        else:
            date = weekday_date(wd, ctx, rel)
        if date is None:
            v, anchor = f"XXXX-WXX-{wd + 1}", None
        else:
            v, anchor = _day_value(date), ctx.anchor
    if pod:
        return Norm(f"{v}T{PARTS[pod.lower()]}", anchor, mod, "TIME")
    return Norm(v, anchor, mod)


def _pod_of_date(m: re.Match, ctx: Ctx) -> Norm | None:
    if m["mon"]:
        if m["y"]:
            base = _mdy(m, ctx)
        else:
            base = _md(m, ctx)
    else:
        base = _weekday(m, ctx)
    if base is None:
        return None
    return Norm(f"{base.value}T{PARTS[m['pod0'].lower()]}", base.anchor, None, "TIME")


def _clock(m: re.Match, ctx: Ctx) -> Norm | None:
    h = int(m["h"])
    mi = int(m["mi"]) if m["mi"] else 0
    ap = (m["ap"] or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if h > 24:
        return None
    day = None
    if m["dd"]:
        word = m["dd"].lower()
        day = deictic(ctx, "day", {"today": 0, "tomorrow": 1, "yesterday": -1, "tonight": 0}[word])
    elif m["wd"]:
        day = _weekday(m, ctx)
    elif m["mon"]:
        day = _md(m, ctx)
    if day is None:
        day = deictic(ctx, "day", 0)
    return Norm(f"{day.value}T{h:02d}:{mi:02d}", day.anchor, quant_mod(m))


_HOUR_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()


def _oclock(m: re.Match, ctx: Ctx) -> Norm:
    word = (m["h"] or m["h2"]).lower()
    h = _HOUR_WORDS.index(word) + 1 if word in _HOUR_WORDS else int(word)
    pod = (m["pod"] or m["pod2"] or "").lower()
    if h < 12 and (pod in ("afternoon", "evening") or pod == "night" and h >= 6):
        h += 12
    elif h == 12 and pod in ("morning", "night"):
        h = 0
    day = deictic(ctx, "day", 0)
    return Norm(f"{day.value}T{h:02d}:00", day.anchor)


def _noon(m: re.Match, ctx: Ctx) -> Norm:
    w = m["w"].lower()
    t = "24:00" if w == "midnight" else "12:00"
    day = deictic(ctx, "day", 0)
    if m["dd"]:
        day = deictic(ctx, "day", {"today": 0, "tomorrow": 1, "yesterday": -1}[m["dd"].lower()])
    elif m["wd"]:
        day = _weekday(m, ctx)
    return Norm(f"{day.value}T{t}", day.anchor)


def _ref(value: str) -> Callable[[re.Match, Ctx], Norm]:
    return lambda m, ctx: Norm(value, ctx.anchor)


_UNIT_LETTER = {"year": "Y", "month": "M", "week": "W", "day": "D", "quarter": "Q",
                "weekend": "WE", "hour": "H", "minute": "M", "second": "S",
                "decade": "DE", "century": "CE"}


def duration_value(n: float | None, unit: str) -> str:
    """P3Y, PT2H, PXM (unknown amount), P18M (one and a half years)..."""
    if unit == "decade" and n is not None:
        n, unit = n * 10, "year"
    elif unit == "century" and n is not None:
        n, unit = n * 100, "year"
    if n is not None and n != int(n):
        smaller = {"year": (12, "month"), "day": (24, "hour"), "hour": (60, "minute"),
                   "minute": (60, "second"), "week": (7, "day"), "month": None, "quarter": (3, "month")}.get(unit)
        if smaller and float(n * smaller[0]).is_integer():
            whole, rest = int(n), int(round((n - int(n)) * smaller[0]))
            if whole == 0:
                n, unit = rest, smaller[1]
            else:
                # ISO 8601 keeps both units: two and a half years is P2Y6M, 5 1/2 hours PT5H30M
                return _compound(whole, unit, rest, smaller[1])
    amount = "X" if n is None else (str(int(n)) if float(n).is_integer() else f"{n:g}")
    t = "T" if unit in ("hour", "minute", "second") else ""
    return f"P{t}{amount}{_UNIT_LETTER[unit]}"


def _compound(n1: int, unit1: str, n2: int, unit2: str) -> str:
    """P2Y6M, P1DT12H, PT5H30M: two units in ISO 8601 order, the time part after a T."""
    out, in_time = "P", False
    for n, unit in ((n1, unit1), (n2, unit2)):
        if unit in ("hour", "minute", "second") and not in_time:
            out += "T"
            in_time = True
        out += f"{n}{_UNIT_LETTER[unit]}"
    return out


_SET_BEFORE = _Lazy(
    r"(?:\d|%|\bpercent|\btimes|\bonce|\btwice|\bthrice|\bdollars|\bcents|\bmillion|\bbillion|\bthousand|\bhundred|\bpounds|\beuros|\byen)\s*$",
    re.IGNORECASE,
)


# "Islam will one day be...", "he hopes he one day follows...": "one day" between a subject
# or a modal and its verb is "some day", a vague future, not a length of 24 hours
_SOMEDAY = _Lazy(r"\b(?:will|would|could|might|may|can|shall|should|must|he|she|they|we|I|you)\s+$", re.IGNORECASE)


def _duration(m: re.Match, ctx: Ctx) -> Norm | None:
    unit = unit_of(m["u"])
    raw = m["n"]
    vague = bool(m["vague"])
    n = None if vague else number(raw)
    if m["halfa"]:
        n = 0.5
    elif not vague and n is None:
        return None
    if m["half"] or m["half2"]:
        n = (n or 0) + 0.5 if n is not None else None
    if m["n2"]:
        n = None  # a range, "two to three weeks", is one expression of an unknown amount
    mod = quant_mod(m)
    # "$50,000 a year", "twice a week": a frequency, not a length
    if raw and raw.lower() in ("a", "an", "per") and not m["rel"] and not m["qmod"] and not m["half"] and not m["half2"]:
        before = ctx.text[max(0, m.start() - 20) : m.start()]
        if _SET_BEFORE.search(before):
            return Norm(f"P1{'T' if unit in ('hour', 'minute', 'second') else ''}{_UNIT_LETTER[unit]}", None, None, "SET")
    if unit == "weekend" and n is not None:
        return Norm(f"P{int(n)}WE", None, mod)
    if raw and raw.lower() == "one" and unit == "day" and not (m["rel"] or m["qmod"] or m["half"]) and _SOMEDAY.search(
        ctx.text, max(0, m.start() - 8), m.start()
    ):
        return Norm("FUTURE_REF", ctx.anchor, type="DATE")
    return Norm(duration_value(n, unit), None, mod)


def _recent(m: re.Match, ctx: Ctx) -> Norm:
    """"past years", "future quarters" without an article are a vague past or future (times
    gone or to come, any of them); "recent weeks", "coming months", "the past few days",
    "the weeks ahead" are one stretch of time that reaches the present, of unknown length."""
    if m["u2"]:
        return Norm(duration_value(None, unit_of(m["u2"])))
    if not m.group(0).lower().startswith("the"):
        word = (m["recent"] or m["coming"] or "").lower()
        if word == "past":
            return Norm("PAST_REF", ctx.anchor, type="DATE")
        if word == "future":
            return Norm("FUTURE_REF", ctx.anchor, type="DATE")
    return _bare_plural(m, ctx)


def _long(m: re.Match, ctx: Ctx) -> Norm | None:
    unit = unit_of(m["u"])
    if m["n"]:
        n = number(m["n"])
        if n is None:
            return None
    else:
        n = None if m["pl"] else 1
    return Norm(duration_value(n, unit))


def _bare_plural(m: re.Match, ctx: Ctx) -> Norm:
    unit = unit_of(m["u"])
    return Norm(duration_value(None, unit), None, quant_mod(m))


def _ago(m: re.Match, ctx: Ctx) -> Norm | None:
    unit = unit_of(m["u"])
    if m["vague"]:
        return Norm("PAST_REF", ctx.anchor)
    n = number(m["n"])
    if n is None:
        return None
    if m["half"]:
        n += 0.5
    if n != int(n):
        if unit == "year":
            n, unit = int(n * 12), "month"
        else:
            return Norm("PAST_REF", ctx.anchor)
    n = int(n)
    mod = quant_mod(m)
    sign = 1 if m["dir"].lower() in ("from now", "hence") else -1
    if unit == "year":
        v = year_back(ctx, sign * n, False)
        return Norm(v.value, v.anchor, mod)
    if unit in ("hour", "minute", "second"):
        return deictic(ctx, "day", 0, mod)
    if unit == "week":
        return deictic(ctx, "week", sign * n, mod)  # "two weeks ago" names a week, not a day
    if unit == "weekend":
        return deictic(ctx, "week", sign * n, mod)
    if unit == "decade":
        return deictic(ctx, "year", sign * 10 * n, mod)
    if unit == "century":
        return deictic(ctx, "century", sign * n, mod)
    return deictic(ctx, unit, sign * n, mod)


_LATER = {"later": 1, "after": 1, "afterwards": 1, "afterward": 1, "after that": 1, "on": 1,
          "earlier": -1, "before": -1, "before that": -1, "previously": -1, "prior": -1}


def _narrative(m: re.Match, ctx: Ctx) -> Norm | None:
    unit = unit_of(m["u"])
    n = number(m["n"])
    if n is None or n != int(n):
        return None
    direction = _LATER[re.sub(r"\s+", " ", m["dir"].lower())]
    if unit in ("hour", "minute", "second"):
        if ctx.prev:
            return Norm(ctx.prev.split("T")[0], f"previous:{ctx.prev}")
        return deictic(ctx, "day", 0)
    if unit == "year":
        return year_back(ctx, direction * int(n), True)
    return previous(ctx, unit, direction * int(n))


_AFTER_A_DATE = _Lazy(r"\d,\s+$")


def _narrative_named(m: re.Match, ctx: Ctx) -> Norm | None:
    text = re.sub(r"\s+", " ", m.group(0).lower())
    if m["pre"]:
        text = text[len(m["pre"]) :]
    unit = unit_of(m["u"])
    pod = None
    if unit in PARTS:
        pod, unit = PARTS[unit], "day"
    if re.search(r"\b(?:next|following|after|later|subsequent)\b", text):
        n = 1
    elif re.search(r"\b(?:previous|preceding|prior|before|earlier)\b", text):
        n = -1
    else:
        n = 0
    if pod and n == 0 and not re.search(r"\b(?:that|same)\b", text):
        return None
    if n and m["u2"] and _AFTER_A_DATE.search(ctx.text, max(0, m.start() - 4), m.start()):
        # "Oct. 12, the day before the plunge": the day named just before, not a day earlier
        n = 0
    if unit == "day" or unit == "week" and n == 0:
        if unit == "week":
            if ctx.prev and re.match(r"^\d{4}-\d\d-\d\d", ctx.prev):
                d = _dt.date.fromisoformat(ctx.prev[:10])
                return Norm(_week_value(d), f"previous:{ctx.prev}")
            return deictic(ctx, "week", 0)
        norm = previous(ctx, "day", n)
    elif unit == "week":
        if ctx.prev and re.match(r"^\d{4}-\d\d-\d\d", ctx.prev):
            d = _dt.date.fromisoformat(ctx.prev[:10]) + _dt.timedelta(days=7 * n)
            norm = Norm(_week_value(d), f"previous:{ctx.prev}")
        else:
            norm = deictic(ctx, "week", n)
    elif unit in ("month", "quarter"):
        if ctx.prev and _VAL.match(ctx.prev) and re.match(r"^(?:\d{4}|XXXX)-(?:\d\d|Q\d)", ctx.prev):
            base = ctx.prev[:7]
            v = shift(base, unit, n) if unit == "month" or "Q" in base else shift(base, "quarter", n)
            norm = Norm(v, f"previous:{ctx.prev}") if v else deictic(ctx, unit, n)
        else:
            norm = deictic(ctx, unit, n)
    else:  # year: "in 1988 ... that year"
        if ctx.prev_year:
            norm = Norm(f"{int(ctx.prev_year) + n:04d}", f"previous:{ctx.prev_year}")
        else:
            norm = deictic(ctx, "year", n)
    mod = None
    if m["pre"]:
        mod = _PRE_MODS.get(m["pre"].split()[0].lower())
    if pod:
        return Norm(f"{norm.value}T{pod}", norm.anchor, mod, "TIME")
    return Norm(norm.value, norm.anchor, mod)


def year_back(ctx: Ctx, n: int, from_previous: bool) -> Norm:
    """'a year earlier', 'two years ago': a quarter when the text is about a quarter,
    otherwise a year."""
    prev = ctx.prev or ""
    if ctx.quarter and re.match(r"^\d{4}-Q\d$", prev):
        prev = ctx.quarter  # the quarter reported on, not one named in passing
    q = None if ctx.months else re.match(r"^(\d{4})-(Q\d|H\d)$", prev)
    if from_previous and re.match(r"^\d{4}", prev):
        base = int(prev[:4])
        anchor = f"previous:{prev}"
    elif ctx.year is not None:
        base, anchor = ctx.year, ctx.anchor
    else:
        return Norm("XXXX-" + q.group(2) if q else "XXXX")
    if q:
        if not from_previous:
            base = int(q.group(1))
        return Norm(f"{base + n:04d}-{q.group(2)}", f"previous:{prev}")
    return Norm(f"{base + n:04d}", anchor)


def quarter_back(ctx: Ctx) -> Norm | None:
    """The quarter a year before the last quarter mentioned: "the year-ago period"."""
    q = ctx.quarter
    if not q or ctx.months:
        return None
    return Norm(f"{int(q[:4]) - 1:04d}{q[4:]}", f"previous:{q}")


def _year_earlier(m: re.Match, ctx: Ctx) -> Norm:
    if re.search(r"(?:quarter|period)$", m.group(0), re.IGNORECASE):
        return quarter_back(ctx) or year_back(ctx, -1, True)
    return year_back(ctx, -1, True)


# Measures whose rate over time is a speed ("15 million instructions per second", "80 miles
# per hour"), which TimeML does not mark
SPEED_MEASURES = frozenset(
    "mile miles kilometer kilometers kilometre kilometres km kph mph meter meters metre metres "
    "feet foot knots instructions words bits bytes frames revolutions rotations beats cycles "
    "liters litres gallons barrels".split()
)
_LAST_WORD = _Lazy(r"([A-Za-z]+)\W*$")


def _speed(m: re.Match, text: str) -> bool:
    if not m.group(0)[:3].lower() == "per":
        return False
    word = _LAST_WORD.search(text, max(0, m.start() - 20), m.start())
    return word is not None and word.group(1).lower() in SPEED_MEASURES


def _set_every(m: re.Match, ctx: Ctx) -> Norm | None:
    if m["wd"]:
        return Norm(f"XXXX-WXX-{weekday_of(m['wd']) + 1}")
    if m["mon"]:
        return Norm(f"XXXX-{month_of(m['mon']):02d}")
    if m["pod"]:
        return Norm(f"XXXX-XX-XXT{PARTS[m['pod'].lower()]}")
    unit = unit_of(m["u"])
    if m["vague"]:
        return Norm(duration_value(None, unit))
    n = number(m["n"]) if m["n"] else 1
    if m["other"]:
        n = 2
    if n is None:
        return None
    return Norm(duration_value(n, unit))


_ADVERB_SET = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P1Q",
               "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D",
               "biweekly": "P2W", "biannually": "P6M", "semiannually": "P6M"}


def _set_weekdays(m: re.Match, ctx: Ctx) -> Norm:
    v = f"XXXX-WXX-{weekday_of(m['wd'] or m['wd2']) + 1}"
    if m["pod"]:
        v += "T" + PARTS[m["pod"].lower().rstrip("s")]
    return Norm(v)


def _set_adverb(m: re.Match, ctx: Ctx) -> Norm:
    return Norm(_ADVERB_SET[m["w"].lower().replace("-", "")])


def _holiday(m: re.Match, ctx: Ctx) -> Norm | None:
    name = re.sub(r"[^a-z]", "", m["h"].lower())
    fixed = {"christmas": (12, 25), "christmasday": (12, 25), "christmaseve": (12, 24),
             "newyearsday": (1, 1), "newyearseve": (12, 31), "newyear": (1, 1),
             "independenceday": (7, 4), "halloween": (10, 31), "valentinesday": (2, 14),
             "boxingday": (12, 26)}
    rel = (m["rel"] or "").lower()
    y = int(m["y"]) if m["y"] else None
    if name in fixed:
        mo, d = fixed[name]
    elif name in ("thanksgiving", "thanksgivingday", "electionday"):
        mo, d = 11, None
    else:
        return None
    if y is None and ctx.year is not None:
        if rel == "last":
            dd = d or 25
            y = ctx.year if (ctx.month or 12, ctx.dct.day if ctx.dct else 31) > (mo, dd) else ctx.year - 1
        elif rel == "next":
            dd = d or 25
            y = ctx.year if (ctx.month or 1, ctx.dct.day if ctx.dct else 1) < (mo, dd) else ctx.year + 1
        else:
            y = pick_year(mo, d or 25, ctx)
    if d is None:
        if y is None:
            return Norm("XXXX-11-XX")
        first = _dt.date(y, 11, 1)
        if name == "electionday":  # the Tuesday after the first Monday of November
            d = 1 + (0 - first.weekday()) % 7 + 1
        else:  # the fourth Thursday of November
            d = 1 + (3 - first.weekday()) % 7 + 21
    return Norm(_fmt(y, mo, d), ctx.anchor if not m["y"] and y is not None else None)


def easter(year: int) -> _dt.date:
    """Easter Sunday of a Gregorian year (the computus)."""
    golden = year % 19
    century, rest = divmod(year, 100)
    leap_c, leap_c_rest = divmod(century, 4)
    lunar = (century - (century + 8) // 25 + 1) // 3
    epact = (19 * golden + century - leap_c - lunar + 15) % 30
    leap_y, leap_y_rest = divmod(rest, 4)
    weekday = (32 + 2 * leap_c_rest + 2 * leap_y - epact - leap_y_rest) % 7
    shift_ = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift_ + 114, 31)
    return _dt.date(year, month, day + 1)


_EASTER_OFFSET = {"goodfriday": -2, "eastersunday": 0, "easterday": 0, "easter": 0, "eastermonday": 1}


def _easter(m: re.Match, ctx: Ctx) -> Norm | None:
    name = re.sub(r"[^a-z]", "", m["h"].lower())
    week = name == "easterweek"
    offset = 0 if week else _EASTER_OFFSET[name]
    y = int(m["y"]) if m["y"] else None
    if y is None and ctx.year is not None:
        guess = easter(ctx.year)
        y = pick_year(guess.month, guess.day, ctx)
    if y is None:
        return None  # a movable feast: no day without a year
    date = easter(y) + _dt.timedelta(days=offset)
    anchor = ctx.anchor if not m["y"] else None
    return Norm(_week_value(date) if week else _day_value(date), anchor)


def _the_unit(m: re.Match, ctx: Ctx) -> Norm:
    return deictic(ctx, m["u"].lower(), 0, pre_mod(m))


def _month_rel_year(m: re.Match, ctx: Ctx) -> Norm:
    n = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    y = dct_value(ctx, "year", n)
    mo = month_of(m["mon"])
    if y is None:
        return Norm(_fmt(None, mo), None, pre_mod(m))
    return Norm(f"{y}-{mo:02d}", ctx.anchor, pre_mod(m))


def _month_word_year(m: re.Match, ctx: Ctx) -> Norm | None:
    wy = _word_year(re.match(r".*", m["wy"]), ctx)
    if wy is None:
        return None
    return Norm(f"{wy.value}-{month_of(m['mon']):02d}", None, pre_mod(m))


def _times_per(m: re.Match, ctx: Ctx) -> Norm:
    unit = unit_of(m["u"])
    return Norm(duration_value(1, unit))


def _pod_deictic(m: re.Match, ctx: Ctx) -> Norm:
    n = {"today": 0, "tomorrow": 1, "yesterday": -1}[m["d"].lower()]
    base = deictic(ctx, "day", n)
    return Norm(f"{base.value}T{PARTS[m['pod'].lower()]}", base.anchor, pre_mod(m))


def _pod_alone(m: re.Match, ctx: Ctx) -> Norm:
    base = deictic(ctx, "day", 0)
    return Norm(f"{base.value}T{PARTS[m['pod'].lower()]}", base.anchor, pre_mod(m))


# "He was soon released", "a trickle that soon became a flood": "soon" after an event of the
# narrative, not a time still ahead of the article
_PAST_BEFORE_SOON = _Lazy(r"\b(?:was|were|had)\s+$", re.IGNORECASE)
_PAST_AFTER_SOON = _Lazy(
    r"\s+(?:became|came|went|began|left|found|made|took|got|gave|grew|fell|rose|saw|ran|\w{3,}ed)\b",
    re.IGNORECASE,
)


def _soon_in_the_past(m: re.Match, text: str) -> bool:
    return bool(
        _PAST_BEFORE_SOON.search(text, max(0, m.start() - 8), m.start()) or _PAST_AFTER_SOON.match(text, m.end())
    )


def _the_week(m: re.Match, ctx: Ctx) -> Norm:
    """"For the week, the index dropped 3.8%": the week of the day the report is at."""
    if ctx.prev and _DAY_PREV.match(ctx.prev) and not ctx.prev.startswith("XXXX"):
        return Norm(_week_value(_dt.date.fromisoformat(ctx.prev[:10])), f"previous:{ctx.prev}")
    return deictic(ctx, "week", 0)


def _week_of(m: re.Match, ctx: Ctx) -> Norm | None:
    day = _mdy(m, ctx) if m["y"] else _md(m, ctx)
    if day is None:
        return None
    v = _VAL.match(day.value)
    if day.value.startswith("XXXX") or not v or v.group(3) is None:
        return Norm("XXXX-WXX", day.anchor)
    return Norm(_week_value(_dt.date.fromisoformat(day.value[:10])), day.anchor)


def _year_period(m: re.Match, ctx: Ctx) -> Norm:
    """"the 1988 period": the quarter last named, in that year; the year when none was."""
    if ctx.quarter and not ctx.months:
        return Norm(f"{m['y']}{ctx.quarter[4:]}", f"previous:{ctx.quarter}")
    return Norm(m["y"])


def _period_year_ago(m: re.Match, ctx: Ctx) -> Norm:
    return quarter_back(ctx) or year_back(ctx, -1, False)


# --------------------------------------------------------------------------- the rules

_WD_PREFIX = r"(?:(?P<wd>{WEEKDAY}),?\s+)?"

RULES: list[Rule] = [
    Rule(
        "date_iso", "DATE",
        r"(?P<y>{YEAR4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?:T(?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)(?::\d\d)?)?",
        _iso,
        (Ex("Filed on 2022-01-06 in Almaty.", "2022-01-06", "2022-01-06"),
         Ex("Logged 2021-12-31T23:15 by staff.", "2021-12-31T23:15", "2021-12-31T23:15")),
    ),
    Rule(
        "date_slash", "DATE",
        r"(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>\d{4}|\d\d)(?![/\d])",
        _slash,
        (Ex("The order dated 1/6/2022 was cancelled.", "1/6/2022", "2022-01-06"),
         Ex("It expired 12/31/98.", "12/31/98", "1998-12-31", "1999-01-04")),
    ),
    Rule(
        "date_month_day_year", "DATE",
        r"{PRE}" + _WD_PREFIX + r"(?P<mon>{MONTH})\s*(?P<d>{DAY}),?\s*(?:of\s+)?(?P<y>{YEAR4})",
        _mdy,
        (Ex("He was born on January 6, 1990 in Almaty.", "January 6, 1990", "1990-01-06"),
         Ex("The deal closed Friday, Aug. 7, 1998.", "Friday, Aug. 7, 1998", "1998-08-07"),
         Ex("Sales began Sept. 30 1997.", "Sept. 30 1997", "1997-09-30")),
    ),
    Rule(
        "date_day_month_year", "DATE",
        _WD_PREFIX + r"(?P<d>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH}),?\s+(?P<y>{YEAR4})",
        _mdy,
        (Ex("The vote on 6 January 2022 was close.", "6 January 2022", "2022-01-06"),
         Ex("It ended on the 3rd of March, 2003.", "3rd of March, 2003", "2003-03-03")),
    ),
    Rule(
        "date_month_day", "DATE",
        r"{PRE}" + _WD_PREFIX + r"(?P<mon>{MONTH})\s*(?P<d>{DAY})(?!\d|:\d|\s*(?:a\.m|p\.m|am\b|pm\b|%|percent))",
        _md,
        (Ex("Protests broke out on January 2 in Zhanaozen.", "January 2", "2022-01-02"),
         Ex("On January 6, the committee launched an investigation.", "January 6", "XXXX-01-06", None),
         Ex("The talks ended Dec. 15.", "Dec. 15", "2021-12-15"),
         Ex("The summit will open March 3.", "March 3", "2022-03-03"),
         Ex("Voting was held on Nov. 2.", "Nov. 2", "2021-11-02")),
    ),
    Rule(
        "date_month_day_words", "DATE",
        r"(?:(?:this\s+coming|this|next|last)\s+(?={WEEKDAY}))?" + _WD_PREFIX
        + r"(?P<mon>{MONTHF})\s+(?P<dw>{DAYW})(?:,?\s+(?P<y>{YEAR4}))?(?!-)",
        _md_words,
        (Ex("International Women's Day is this coming Sunday, March eighth.", "this coming Sunday, March eighth", "1998-03-08", "1998-03-05"),
         Ex("The vote is set for June twenty-first.", "June twenty-first", "2022-06-21"),
         Ex("Talks open on March second in Geneva.", "March second", "2022-03-02")),
        accept=_day_words_accept,
    ),
    Rule(
        "date_day_month", "DATE",
        _WD_PREFIX + r"(?:the\s+)?(?P<d>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH})(?!\s*\d)",
        _md,
        (Ex("Troops left on 14 January.", "14 January", "2022-01-14"),
         Ex("It ended on the 3rd of January.", "the 3rd of January", "2022-01-03")),
    ),
    Rule(
        "date_month_year", "DATE",
        r"{PRE}(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR4})",
        _my,
        (Ex("Prices peaked in March 1998.", "March 1998", "1998-03"),
         Ex("It fell in late September of 2020.", "late September of 2020", "2020-09", mod="END")),
    ),
    Rule(
        "date_month_rel_year", "DATE",
        # "July last year in Phnom Penh": a word may follow, but not a compound ("last year-end")
        r"{PRE}(?P<mon>{MONTHF})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year(?!-\w)(?!\s+(?:old|long)\b)",
        _month_rel_year,
        (Ex("The attack came in July last year.", "July last year", "2021-07"),
         Ex("Ratification began in February this year.", "February this year", "2022-02"),
         Ex("They join in early April next year.", "early April next year", "2023-04", mod="START"),
         Ex("In July last year in Phnom Penh, troops clashed.", "July last year", "2021-07")),
    ),
    Rule(
        "date_month_year_words", "DATE",
        r"{PRE}(?P<mon>{MONTHF}),?\s+(?:of\s+)?(?P<wy>(?:two\s+thousand(?:\s+and)?(?:\s+{NUMW})?|(?:nineteen|eighteen)(?:\s+hundred(?:\s+and)?)?\s+{NUMW})(?!\\s*-\\s*\\w))",
        _month_word_year,
        (Ex("It happened in January nineteen ninety-seven.", "January nineteen ninety-seven", "1997-01"),),
    ),
    Rule(
        "date_month", "DATE",
        r"{PRE}(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>{MONTHF})(?!\s*\d)",
        _month,
        (Ex("Sales rose in December.", "December", "2021-12"),
         Ex("The operator changed to a calendar year in December.", "December", "1988-12", "1989-10-27"),
         Ex("The plant will reopen in March.", "March", "2022-03"),
         Ex("The plant opened last May.", "last May", "2021-05"),
         Ex("Talks resume in mid-February.", "mid-February", "2022-02", mod="MID"),
         Ex("Tests end in early May.", "early May", "2022-05", mod="START")),
        accept=_month_accept,
    ),
    Rule(
        "date_year", "DATE",
        r"{PRE}(?:(?:the\s+)?(?:fiscal|calendar|financial|model|school)(?:\s+year)?\s+|the\s+year\s+|FY\s*)?(?P<y>{YEAR4})(?!s\b|'s\b|\s*-\s*(?!(?:1[6-9]|20)\d\d\b)\d)",
        _year,
        (Ex("The company was founded in 2019.", "2019", "2019"),
         Ex("Profit fell in fiscal 1998.", "fiscal 1998", "1998"),
         Ex("Growth slowed at the end of 2020.", "the end of 2020", "2020", mod="END"),
         Ex("Prices fell in mid-1996.", "mid-1996", "1996", mod="MID"),
         Ex("The war lasted 1914-1918.", "1914", "1914"),
         Ex("Shares of Orion rose in 1980 after the launch.", "1980", "1980")),
        accept=_year_accept,
    ),
    Rule(
        "date_year_words", "DATE",
        r"(?:the\s+year\s+)?(?:two\s+thousand(?:\s+and)?(?:\s+{NUMW})?|(?:nineteen|eighteen)(?:\s+hundred(?:\s+and)?)?\s+{NUMW})",
        _word_year,
        (Ex("It happened in nineteen ninety-four.", "nineteen ninety-four", "1994"),

         Ex("Plans for the year two thousand are ready.", "the year two thousand", "2000")),
    ),
    Rule(
        "date_decade", "DATE",
        r"{PRE}(?:the\s+)?(?:(?P<pre2>early|late|mid)(?:\s*-\s*|\s+))?(?:(?P<c>1[6-9]|20)(?P<dd>\d)0'?s|['’](?P<dd2>\d)0s|(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?=\W|$))",
        _decade,
        (Ex("Prices soared in the 1990s.", "the 1990s", "199"),
         Ex("It began in the mid-1980s.", "the mid-1980s", "198", mod="MID"),
         Ex("Built in the late '70s.", "the late '70s", "197", mod="END")),
        accept=lambda m, text: bool(m["c"] or m["dd2"] or re.match(r"(?i)(?:\S+\s+)*the\b", m.group(0))),
    ),
    Rule(
        "date_century", "DATE",
        r"{PRE}(?:the\s+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|twenty-first|twentieth|nineteenth|eighteenth|seventeenth|sixteenth)\s+century",
        _century,
        (Ex("Roads from the 19th century remain.", "the 19th century", "18"),
         Ex("Cities of the twenty-first century grow.", "the twenty-first century", "20")),
    ),
    Rule(
        "date_season", "DATE",
        r"{PRE}(?P<the>the\s+)?(?:(?P<pre2>early|late|mid)(?:\s*-\s*|\s+))?(?:(?P<rel>last|next|this|past|coming|this\s+past)\s+)?(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?:(?P<y>{YEAR4})|(?P<wy>(?:nineteen|two\s+thousand)(?:\s+{NUMW})?)))?(?!\w)",
        _season,
        (Ex("Sales slumped last fall.", "last fall", "2021-FA"),
         Ex("Prices rose in the summer of 2019.", "the summer of 2019", "2019-SU"),
         Ex("The bridge will open this summer.", "this summer", "2022-SU"),
         Ex("It was the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI")),
        accept=_season_accept,
    ),
    Rule(
        "date_quarter", "DATE",
        r"(?:the\s+(?!(?:fiscal\s+)?\w+-quarter))?(?:(?P<y0>{YEAR4})\s+|(?P<ry>this|last|next)\s+year's\s+|(?P<ya>year[- ](?:ago|earlier))\s+)?(?:fiscal\s+)?(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR4}))?",
        _quarter,
        (Ex("Profit rose in the third quarter.", "the third quarter", "2021-Q3"),
         Ex("Its third-quarter profit rose.", "third-quarter", "2021-Q3"),
         Ex("Sales in the first quarter of 2020 fell.", "the first quarter of 2020", "2020-Q1"),
         Ex("It earned less than in the year-ago third quarter.", "the year-ago third quarter", "2020-Q3"),
         Ex("It will report a fourth-quarter loss.", "fourth-quarter", "2021-Q4", "2022-02-10")),
    ),
    Rule(
        "date_half", "DATE",
        r"(?:the\s+)?(?:(?P<h>first|second|1st|2nd|last|latter)[- ]half|(?P<h2>first|last)\s+two\s+quarters)(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR4}))?(?!\s+of\s+(?:the|a|an|this|last|next|his|her|its|their)\b)",
        _half,
        (Ex("Growth slowed in the first half of 2021.", "the first half of 2021", "2021-H1"),
         Ex("Earnings for the last half of 2021 fell.", "the last half of 2021", "2021-H2"),
         Ex("Sales fell through the first two quarters of 2023.", "the first two quarters of 2023", "2023-H1")),
    ),
    Rule(
        "date_quarter_rel", "DATE",
        r"(?:(?:the\s+)?(?P<rel>latest|most\s+recent|recent|current|this|last|next|coming|previous|past|just-ended|just-completed)\s+(?:fiscal\s+)?(?:quarter|period)|the\s+(?:fiscal\s+)?quarter)(?![- ]century)(?!-to-)",
        _quarter_rel,
        (Ex("Sales rose in the latest quarter.", "the latest quarter", "2021-Q4"),
         Ex("Sales will rise this quarter.", "this quarter", "2022-Q1"),
         Ex("It lost $8 million in the fourth quarter. This quarter's loss includes charges.", "This quarter", "2021-Q4"),
         Ex("Net rose in the third quarter. The quarter-to-quarter comparison was enhanced by a charge in the quarter.", "the quarter", "2021-Q3")),
    ),
    Rule(
        "deictic_day", "DATE",
        r"(?:(?P<pre>early|late|earlier|later)\s+)?(?:(?P<two>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))|(?P<d>today|tonight|tomorrow|yesterday))(?:\s+(?P<pod>morning|afternoon|evening|night))?",
        _today,
        (Ex("The curfew was lifted yesterday.", "yesterday", "2022-01-18"),
         Ex("Talks resume tomorrow.", "tomorrow", "2022-01-20"),
         Ex("He speaks tonight.", "tonight", "2022-01-19TNI"),
         Ex("Shops opened today.", "today", "2022-01-19"),
         Ex("Shops opened today.", "today", "XXXX-XX-XX", None),
         Ex("It rained yesterday morning.", "yesterday morning", "2022-01-18TMO")),
    ),
    Rule(
        "deictic_part_of_day", "TIME",
        r"{PRE}(?P<rel>this|last)\s+(?P<pod>morning|afternoon|evening|night)",
        _this_pod,
        (Ex("The minister spoke this morning.", "this morning", "2022-01-19TMO"),
         Ex("Shots were heard last night.", "last night", "2022-01-18TNI")),
    ),
    Rule(
        "time_part_of_deictic_day", "TIME",
        r"{PRE}(?P<pod>morning|afternoon|evening|night)\s+(?P<d>yesterday|today|tomorrow)",
        _pod_deictic,
        (Ex("In London at mid-afternoon yesterday, shares rose.", "mid-afternoon yesterday", "2022-01-18TAF", mod="MID"),),
    ),
    Rule(
        "time_part_of_day", "TIME",
        r"(?P<pre>early|late|mid)(?:\s*-\s*|\s+)(?P<pod>morning|afternoon|evening)(?!\s+(?:of|on)\b)(?![- ]\w)",
        _pod_alone,
        (Ex("By mid afternoon, official sources were silent.", "mid afternoon", "2022-01-19TAF", mod="MID"),
         Ex("Trading was quiet in late afternoon.", "late afternoon", "2022-01-19TAF", mod="END")),
    ),
    Rule(
        "deictic_unit", "DATE",
        r"{PRE}(?:(?P<pre3>earlier|later)\s+)?(?P<rel>this|last|next|the\s+(?:current|past|last|previous|coming)|this\s+past|current|past|coming)\s+(?P<u>week|month|year|weekend|decade|century)(?![- ](?:old|long|high|low)\b)",
        _rel_unit,
        (Ex("Troops arrived this week.", "this week", "2022-W03"),
         Ex("Prices rose last month.", "last month", "2021-12"),
         Ex("Elections are due next year.", "next year", "2023"),
         Ex("Profits fell earlier this year.", "earlier this year", "2022", mod="START"),
         Ex("Sales grew in the past year.", "the past year", "2021"),
         Ex("Sales grew last year.", "last year", "XXXX", None)),
    ),
    Rule(
        "date_the_year", "DATE",
        r"{PRE}(?:the\s+(?P<kind>full|fiscal|current\s+fiscal|current|calendar|latest\s+fiscal|financial|whole|entire)?\s*year|year(?:['’]s)?[- ]end)",
        _the_year,
        (Ex("Sales for the full year were $6.6 billion.", "the full year", "2022"),
         Ex("It expects higher sales in the current fiscal year.", "the current fiscal year", "2022"),
         Ex("Revenue for the year ended March 31 fell.", "the year", "P1Y"),
         Ex("Cuts should be in place by year-end.", "year-end", "2022", mod="END"),
         Ex("Debt will fall by the end of the year.", "the end of the year", "2022", mod="END")),
        accept=_the_year_accept,
    ),
    Rule(
        "date_week_of", "DATE",
        r"the\s+week\s+of\s+(?P<mon>{MONTH})\s*(?P<d>{DAY})(?:,?\s*(?P<y>{YEAR4}))?(?P<pre>)",
        _week_of,
        (Ex("A court hearing is set for the week of March 7.", "the week of March 7", "2022-W10"),),
    ),
    Rule(
        # a market report's summing up: "For the week, the index dropped", "the week's gain"
        "date_the_week", "DATE",
        r"(?<=\bfor\s)the\s+week(?!\s+(?:of|before|after|ended|ending|to|starting|beginning|from|through|that|when|in\s+which)\b)(?![- ]\w)|the\s+week(?=['’]s\b)",
        _the_week,
        (Ex("The index rose 1.2% on Friday, Jan. 14. For the week, it dropped 3.8%.", "the week", "2022-W02"),
         Ex("Shares rose, in the week's most active session.", "the week", "2022-W03")),
        sets_previous=False,
    ),
    Rule(
        "date_part_of_the_unit", "DATE",
        r"(?P<pre>(?:the\s+)?(?:very\s+)?(?:beginning|start|end|middle|close)\s+of)\s+the\s+(?P<u>month|week)(?!\s+(?:of|before|after)\b)",
        _the_unit,
        (Ex("Troops will be in place by the end of the month.", "the end of the month", "2022-01", mod="END"),),
        sets_previous=False,
    ),
    Rule(
        "date_weekend", "DATE",
        r"the\s+weekend",
        _weekend,
        (Ex("Protests continued over the weekend.", "the weekend", "2022-W02-WE"),),
        accept=lambda m, text: not re.match(r"\s+(?:of|before|after)\b", text[m.end() : m.end() + 8]),
    ),
    Rule(
        "date_weekday", "DATE",
        r"(?i:{PRE}(?:(?P<rel>last|next|this\s+coming|this|past|coming|the\s+(?:previous|preceding|following|next))\s+)?)(?P<wd>{WEEKDAY})(?:\s+(?P<pod>{POD}))?",
        _weekday,
        (Ex("The president spoke on Thursday.", "Thursday", "2022-01-13"),
         Ex("He will travel on Friday.", "Friday", "2022-01-21"),
         Ex("She said Wednesday that the talks failed.", "Wednesday", "2022-01-19"),
         Ex("Police arrived Thursday morning.", "Thursday morning", "2022-01-13TMO"),
         Ex("Police arrived Thursday.", "Thursday", "XXXX-WXX-4", None),
         Ex("Voters go to the polls next Monday.", "next Monday", "2022-01-24"),
         Ex("Last Friday's announcement was the first.", "Last Friday", "2022-01-14"),
         Ex("Shares fell on Friday, Jan. 14, down from the previous Friday.", "the previous Friday", "2022-01-07"),
         Ex("Women's Day is this coming Sunday.", "this coming Sunday", "2022-01-23"),
         Ex("They will look for ways to get around Monday's ruling.", "Monday", "2022-01-17")),
        case_sensitive=True,
    ),
    Rule(
        "time_part_of_date", "TIME",
        r"(?:the\s+)?(?P<pod0>night|morning|afternoon|evening)\s+of\s+(?:(?P<wd>{WEEKDAY}),?\s*)?(?:(?P<mon>{MONTH})\s*(?P<d>{DAY})(?:,?\s*(?P<y>{YEAR4}))?)?(?P<rel>)(?P<pod>)",
        _pod_of_date,
        (Ex("On the night of January 6, Pashinyan announced it.", "the night of January 6", "2022-01-06TNI"),
         Ex("On the night of January 6, Pashinyan announced it.", "the night of January 6", "XXXX-01-06TNI", None)),
        accept=lambda m, text: bool(m["mon"] or m["wd"]),
    ),
    Rule(
        "time_clock", "TIME",
        QUANT_MOD + r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)(?!\w)(?:\s+(?P<tz>{TZ}))?(?:,?\s+(?:on\s+)?(?:(?P<dd>today|yesterday|tomorrow|tonight)|(?P<wd>{WEEKDAY})(?P<rel>)(?P<pod>)(?P<pre>)|(?P<mon>{MONTH})\s*(?P<d>{DAY})))?",
        _clock,
        (Ex("The curfew starts at 3 p.m. in Almaty.", "3 p.m.", "2022-01-19T15:00"),
         Ex("Shooting began at 10:30 a.m. Thursday.", "10:30 a.m. Thursday", "2022-01-13T10:30"),
         Ex("Trading closes at 4 pm.", "4 pm", "XXXX-XX-XXT16:00", None)),
    ),
    Rule(
        "time_oclock", "TIME",
        r"(?P<h>1[0-2]|0?[1-9]|{HOURW})\s+o['’]clock(?:\s+in\s+the\s+(?P<pod>morning|afternoon|evening|night))?"
        r"|(?<=\bat\s)(?P<h2>1[0-2]|0?[1-9])\s+in\s+the\s+(?P<pod2>morning|afternoon|evening|night)",
        _oclock,
        (Ex("The father will leave at 4 in the morning.", "4 in the morning", "2022-01-19T04:00"),
         Ex("The rally began at seven o'clock in the evening.", "seven o'clock in the evening", "2022-01-19T19:00"),
         Ex("They met at 3 o'clock.", "3 o'clock", "2022-01-19T03:00")),
    ),
    Rule(
        "time_24h", "TIME",
        QUANT_MOD + r"(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?:\s+(?P<tz>{TZ}))?(?P<ap>)(?P<dd>)(?P<wd>)(?P<mon>)",
        _clock,
        (Ex("The blast came at 10:30 local time.", "10:30 local time", "2022-01-19T10:30"),),
    ),
    Rule(
        "time_noon", "TIME",
        r"(?<!\bhigh\s)(?P<w>noon|midday|midnight)(?:\s+(?:(?P<dd>today|yesterday|tomorrow)|(?P<wd>{WEEKDAY})(?P<rel>)(?P<pod>)(?P<pre>)))?",
        _noon,
        (Ex("The deadline is midnight Friday.", "midnight Friday", "2022-01-14T24:00"),
         Ex("They met at noon.", "noon", "2022-01-19T12:00")),
    ),
    Rule(
        "ref_present", "DATE",
        r"right\s+now|now|nowadays|currently|current|presently|at\s+present|these\s+days|the\s+present|at\s+the\s+moment",
        _ref("PRESENT_REF"),
        (Ex("Now the market has crashed.", "Now", "PRESENT_REF"),
         Ex("He is currently abroad.", "currently", "PRESENT_REF"),
         Ex("Talks are easier now that the court has ruled.", "now", "PRESENT_REF")),
        accept=lambda m, text: not (
            m.group(0).lower() == "now" and re.match(r"\s+(?:defunct|retired|former|known|infamous|famous|closed|deceased)\b", text[m.end() : m.end() + 12])
        ) and not (m.group(0).lower() == "current" and re.match(r"\s+(?:account|affairs|events|members?|president|chairman|leader|owner|law|rules?|system|policy|flow|price|levels?|rate)s?\b", text[m.end() : m.end() + 14], re.IGNORECASE)),
    ),
    Rule(
        "ref_past", "DATE",
        # "the then-current chairman": current at a time gone, not now
        r"recently|lately|formerly|the\s+past|once\s+upon\s+a\s+time|then[- ]current",
        _ref("PAST_REF"),
        (Ex("She recently resigned.", "recently", "PAST_REF"),
         Ex("Shares were sold at the then current price.", "then current", "PAST_REF"),
         Ex("It was formerly a factory.", "formerly", "PAST_REF"),
         Ex("Such things happened in the past.", "the past", "PAST_REF")),
        accept=lambda m, text: not (m.group(0).lower() == "in the past" and False),
    ),
    Rule(
        "ref_future", "DATE",
        r"the\s+future|soon|the\s+(?:near|distant|foreseeable)\s+future|the\s+(?:near|short|long)\s+term(?!-)|a\s+(?:later|future)\s+date|as\s+soon\s+as\s+possible",
        _ref("FUTURE_REF"),
        (Ex("Prices may rise in the future.", "the future", "FUTURE_REF"),
         Ex("Talks will resume soon.", "soon", "FUTURE_REF"),
         Ex("Rates should stay low in the near term.", "the near term", "FUTURE_REF"),
         Ex("Shares will be offered at a later date.", "a later date", "FUTURE_REF"),
         Ex("It wants to sell the unit as soon as possible.", "as soon as possible", "FUTURE_REF")),
        accept=lambda m, text: not (m.group(0).lower() == "soon" and (
            re.match(r"\s+(?:after|as|before|thereafter)\b", text[m.end() : m.end() + 12], re.IGNORECASE)
            or _soon_in_the_past(m, text)
        )) and not (m.group(0).lower() == "future" and re.match(r"\s+(?:contracts?|tense|generations?)\b", text[m.end() : m.end() + 14], re.IGNORECASE)),
    ),
    Rule(
        "duration_recent", "DURATION",
        r"(?:the\s+)?(?:(?P<recent>recent|past(?!\s+few))|(?P<coming>coming|future)|past\s+few|last\s+few)\s+(?P<u>days|weeks|months|quarters|years|decades)|(?:the\s+)?(?P<u2>days|weeks|months|years)\s+(?:ahead|to\s+come)",
        _recent,
        (Ex("Prices rose in recent years.", "recent years", "PXY"),
         Ex("Prices rose over the recent years.", "the recent years", "PXY"),
         Ex("Rates should fall in coming months.", "coming months", "PXM"),
         Ex("It will cut tax payments in future quarters.", "future quarters", "FUTURE_REF"),
         Ex("There were sell programs in past years, too.", "past years", "PAST_REF"),
         Ex("Funds must pay investors in the weeks ahead.", "the weeks ahead", "PXW"),
         Ex("Talks will be held in the coming weeks.", "the coming weeks", "PXW")),
    ),
    Rule(
        "date_ago", "DATE",
        QUANT_MOD + r"(?:(?P<vague>{VAGUE})|(?P<n>{NUM}|a|an|one)(?P<half>\s+and\s+a\s+half)?)\s+(?P<u>{UNIT})s?(?:\s+or\s+so)?\s+(?P<dir>ago|from\s+now|hence)",
        _ago,
        (Ex("The law passed two years ago.", "two years ago", "2020"),
         Ex("He left 10 days ago.", "10 days ago", "2022-01-09"),
         Ex("He left two weeks ago.", "two weeks ago", "2022-W01"),
         Ex("It happened three months ago.", "three months ago", "2021-10"),
         Ex("It happened several years ago.", "several years ago", "PAST_REF"),
         Ex("Then, a week or so ago, the general moved.", "a week or so ago", "2022-W02")),
        sets_previous=False,
    ),
    Rule(
        "date_ago_vague", "DATE",
        r"(?P<u>years|months|weeks|days|decades)\s+ago",
        _ref("PAST_REF"),
        (Ex("The company, which just months ago was losing money, is profitable.", "months ago", "PAST_REF"),),
        sets_previous=False,
    ),
    Rule(
        "date_in_the_unit", "DATE",
        r"(?P<pre>earlier|later)\s+in\s+the\s+(?P<u>year|month|week)(?!\s+(?:before|after|of)\b)",
        _the_unit,
        (Ex("Planting was delayed earlier in the year by heavy rains.", "earlier in the year", "2022", mod="START"),),
        sets_previous=False,
    ),
    Rule(
        "narrative_offset", "DATE",
        r"(?P<n>{NUM}|a|an|one)\s+(?P<u>day|week|month)s?\s+(?P<dir>later|earlier|after\s+that|before\s+that|afterwards?|previously|prior)(?!\s+(?:than|to|in\s+the\s+day)\b)",
        _narrative,
        (Ex("Troops landed on January 6. A day later, the order came.", "A day later", "2022-01-07"),
         Ex("Troops landed on January 6. A day later, the order came.", "A day later", "XXXX-01-07", None),
         Ex("It began on March 3. Two days after that, it ended.", "Two days after that", "2022-03-05")),
    ),
    Rule(
        "narrative_year_offset", "DATE",
        r"(?P<n>{NUM}|a|an|one)\s+(?P<u>year)s?\s+(?P<dir>later|earlier|after\s+that|before\s+that|afterwards?|previously|prior)(?!\s+(?:than|to)\b)",
        _narrative,
        (Ex("Profit rose in the third quarter. A year earlier it fell.", "A year earlier", "2020-Q3"),
         Ex("The plant opened on May 3, 2015. Two years later it closed.", "Two years later", "2017"),
         Ex("Profit rose in the third quarter. For the nine months, net rose 5% from a year earlier.", "a year earlier", "2020"),
         Ex("Profit rose in the third quarter. For the three months, net rose 5% from a year earlier.", "a year earlier", "2020-Q3")),
        sets_previous=False,
    ),
    Rule(
        "narrative_named", "DATE",
        r"(?:(?P<pre>earlier|later|early|late)\s+)?(?:the\s+(?:(?:following|next|previous|preceding|prior|same|subsequent)\s+(?P<u>day|week|month|year|morning|afternoon|evening|night)|(?P<u2>day|week|month|year|night)\s+(?:(?:before|after)(?!\s+\w+ing\b)|earlier|later))|that\s+(?:same\s+)?(?P<u3>day|week|month|quarter|year|morning|afternoon|evening|night))(?:\s+or\s+so\b)?(?!\s+(?:of|when|that|in\s+which)\b)",
        lambda m, ctx: _narrative_named(_Proxy(m), ctx),
        (Ex("The tanks arrived on Jan. 6. The following day, talks began.", "The following day", "2022-01-07"),
         Ex("Talks began on Jan. 6 and ended the next week.", "the next week", "2022-W02"),
         Ex("He was arrested on Jan. 6 and released the day before.", "the day before", "2022-01-05"),
         Ex("He was arrested on Jan. 6. Later that day he was freed.", "Later that day", "2022-01-06"),
         Ex("Profit rose in the second quarter. Results for that quarter included a gain.", "that quarter", "2021-Q2"),
         Ex("Imports reached $37 million in 1988, a small share of imports that year.", "that year", "1988"),
         Ex("He was arrested on Jan. 6 and the site closed that same day.", "that same day", "2022-01-06"),
         Ex("He was last seen Jan. 6, the day before the warrant was issued.", "the day before", "2022-01-06")),
    ),
    Rule(
        "date_year_earlier", "DATE",
        r"(?:the\s+)?(?:(?:comparable|corresponding|same|equivalent)\s+)?year[- ](?:earlier|ago)\s+(?:quarter|period)|year-(?:earlier|ago)",
        _year_earlier,
        (Ex("Profit rose in the third quarter from the year-earlier period.", "the year-earlier period", "2020-Q3"),
         Ex("Profit rose in the third quarter. Year-earlier results included a gain.", "Year-earlier", "2020-Q3"),
         Ex("Profit rose in the third quarter over the comparable year-ago quarter.", "the comparable year-ago quarter", "2020-Q3"),
         Ex("Profit rose in the third quarter. Net for the nine months beat the year-earlier period.", "the year-earlier period", "2020")),
        sets_previous=False,
    ),
    Rule(
        "date_year_period", "DATE",
        r"the\s+(?P<y>{YEAR4})\s+(?:period|quarter)(?!s)",
        _year_period,
        (Ex("Profit rose in the third quarter, against a loss in the 2020 period.", "the 2020 period", "2020-Q3"),),
        sets_previous=False,
    ),
    Rule(
        "date_period_year_ago", "DATE",
        r"(?:the\s+)?(?:same|corresponding|comparable|equivalent)\s+(?:period|quarter)\s+(?:(?:of\s+)?last\s+year|a\s+year\s+(?:ago|earlier)|(?:of\s+)?the\s+previous\s+year)|last\s+year['’]s\s+(?:quarter|period)|the\s+quarter\s+a\s+year\s+(?:ago|earlier)",
        _period_year_ago,
        (Ex("Profit rose in the third quarter, up from the corresponding period last year.", "the corresponding period last year", "2020-Q3"),
         Ex("Profit rose in the third quarter. Sales for last year's quarter fell.", "last year's quarter", "2020-Q3")),
        sets_previous=False,
    ),
    Rule(
        "set_times", "SET",
        r"(?:once|twice|thrice|(?:{NUM})\s+times)\s+(?:a|an|per|each|every)\s+(?P<u>{UNIT})(?!s)",
        _times_per,
        (Ex("The board meets twice a year.", "twice a year", "P1Y"),
         Ex("Trains run three times a week.", "three times a week", "P1W")),
    ),
    Rule(
        "duration", "DURATION",
        QUANT_MOD + r"(?:the\s+(?![\w.]+-{UNIT}\b(?!s))(?!(?:\d+|{NUMW})\s+{UNIT}\b(?![s-])))?(?:(?P<rel>past|last|next|first|previous|latest|coming|final|remaining|following|initial|full|entire|whole|same|additional|further|other)\s+)?(?:(?P<halfa>half\s+(?:a|an)\s+|a\s+half[- ]|half[- ])|(?:(?P<vague>{VAGUE})|(?P<n>{NUM}|a|an|one)(?P<n2>\s*(?:to|or|-)\s*{NUM})?(?P<half>\s+and\s+a\s+half|\s+1/2)?)(?:\s*-\s*|\s+))(?:(?:more|additional|extra|further|straight|consecutive|full|trading|business|calendar|working)\s+)?(?P<u>{UNIT})s?(?P<half2>\s+and\s+a\s+half)?(?:\s+or\s+so\b)?(?![- ](?:old|olds)\b)",
        _duration,
        (Ex("Troops will stay for 10 days.", "10 days", "P10D"),
         Ex("He served three years in prison.", "three years", "P3Y"),
         Ex("Prices rose over the past two weeks.", "the past two weeks", "P2W"),
         Ex("It took several months.", "several months", "PXM"),
         Ex("She signed a five-year contract.", "five-year", "P5Y"),
         Ex("They joined the two day rally.", "two day", "P2D"),
         Ex("Net rose in the nine months.", "the nine months", "P9M"),
         Ex("The talks lasted about twenty-five minutes.", "about twenty-five minutes", "PT25M", mod="APPROX"),
         Ex("He waited half an hour.", "half an hour", "PT30M"),
         Ex("The plan runs for two and a half years.", "two and a half years", "P2Y6M"),
         Ex("The flight took 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
         Ex("It lasted a minute and a half.", "a minute and a half", "PT1M30S"),
         Ex("Repairs take two to three weeks.", "two to three weeks", "PXW"),
         Ex("He earns $50,000 a year.", "a year", "P1Y"),
         Ex("The loan lasts more than a decade.", "more than a decade", "P10Y", mod="MORE_THAN"),
         Ex("Shares may double over the next two years or so.", "the next two years or so", "P2Y"),
         Ex("The tour is likely to last over a week.", "over a week", "P1W", mod="MORE_THAN"),
         Ex("The money can be spent over three years.", "three years", "P3Y"),
         Ex("It made a profit after several quarters of losses.", "several quarters", "PXQ"),
         Ex("Islam will one day be the second largest religion.", "one day", "FUTURE_REF")),
        accept=lambda m, text: not (
            m["u"].lower().startswith("second") and not m["n"] and not m["vague"]
        ) and not (m["n"] and m["n"].lower() in ("a", "an", "one") and m["u"].lower() == "second" and not m["rel"])
        and not (m["rel"] and m["rel"].lower() == "first" and m["n"] and m["n"].lower() in ("a", "an"))
        # "three quarters of the shares" is a fraction; "several quarters of losses" is time
        and not (m["u"].lower() == "quarter" and not m["vague"] and re.match(r"\s+of\b", text[m.end() : m.end() + 6])),
    ),
    Rule(
        "duration_long", "DURATION",
        r"(?:(?P<n>{NUM}|one)-)?(?P<u>minute|hour|day|week|month|year|decade)(?P<pl>s)?-long",
        _long,
        (Ex("They emerged from a day-long meeting.", "day-long", "P1D"),
         Ex("It ended a decades-long feud.", "decades-long", "PXDE"),
         Ex("It ended a two-year-long feud.", "two-year-long", "P2Y")),
    ),
    Rule(
        "duration_vague", "DURATION",
        r"(?:(?:a|an)\s+(?:(?:fairly|very|rather|relatively|quite)\s+)?(?:long|lengthy|short|brief|limited|indefinite|extended|unspecified)\s+(?:period\s+of\s+time|period|time|while)|a\s+while|a\s+long\s+while|some\s+time)",
        lambda m, ctx: Norm("PXX"),
        (Ex("Forces were sent for a limited period of time.", "a limited period of time", "PXX"),
         Ex("They should remain for an indefinite period of time.", "an indefinite period of time", "PXX"),
         Ex("We are there to stay for a fairly lengthy period.", "a fairly lengthy period", "PXX")),
    ),
    Rule(
        "duration_plural", "DURATION",
        QUANT_MOD + r"(?:(?<=\bfor\s)|(?<=\bwithin\s))(?:(?:many|several|some)\s+)?(?P<u>years|months|weeks|days|decades|hours|centuries)(?:\s+or\s+(?:years|months|weeks|days|decades|hours))?(?!\s+(?:ago|later|earlier|to\s+come)\b)",
        _bare_plural,
        (Ex("The dispute went on for years.", "years", "PXY"),
         Ex("Troops will arrive within weeks.", "weeks", "PXW"),
         Ex("He died within weeks or months of his capture.", "weeks or months", "PXW")),
    ),
    Rule(
        "duration_plural_in", "DURATION",
        r"(?<=\bin\s)(?P<u>years|months|weeks|days)(?=[.,;:!?'\"”])|(?<=\bover\s)the\s+(?P<u2>years|decades|centuries)\b",
        lambda m, ctx: Norm(duration_value(None, unit_of(m["u"] or m["u2"]))),
        (Ex("Sales grew for the first time in years.", "years", "PXY"),
         Ex("Over the years many more patients were saved.", "the years", "PXY")),
    ),
    Rule(
        # "in the weeks before the shooting", "in the years that followed": a stretch of
        # unknown length bounded by an event; the plural alone is the expression
        "duration_plural_event", "DURATION",
        r"(?<=\bthe\s)(?P<u>days|weeks|months|years|hours)(?=\s+(?:before|after|following|preceding|leading\s+up\s+to|that\s+followed)\b)",
        _bare_plural,
        (Ex("His car was seen in the weeks before the shooting.", "weeks", "PXW"),
         Ex("In the years that followed, the rebels waged war.", "years", "PXY")),
    ),
    Rule(
        "duration_plural_alone", "DURATION",
        r"(?P<u>decades|centuries)(?!\s+(?:ago|later|earlier)\b)",
        _bare_plural,
        (Ex("The feud has lasted decades.", "decades", "PXDE"),),
    ),
    Rule(
        "set_every", "SET",
        r"(?:every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<wd>{WEEKDAY})|(?P<mon>{MONTHF})|(?P<pod>morning|afternoon|evening|night)|(?:(?:(?P<vague>few|several|couple\s+of)|(?P<n>{NUM}))\s+)?(?P<u>{UNIT})s?)(?!\s+of\b)",
        _set_every,
        (Ex("The council meets every week.", "every week", "P1W"),
         Ex("Fees rise each year.", "each year", "P1Y"),
         Ex("He runs every Monday.", "every Monday", "XXXX-WXX-1"),
         Ex("Elections are held every four years.", "every four years", "P4Y"),
         Ex("They meet every few weeks.", "every few weeks", "PXW"),
         Ex("Tickets cost $40 per week.", "per week", "P1W")),
        accept=lambda m, text: not _speed(m, text),
    ),
    Rule(
        "set_weekdays", "SET",
        r"(?P<wd>{WEEKDAY})s|(?P<wd2>{WEEKDAY})\s+(?P<pod>mornings|afternoons|evenings|nights)",
        _set_weekdays,
        (Ex("The shop is closed on Mondays.", "Mondays", "XXXX-WXX-1"),
         Ex("Flights leave on Tuesday nights.", "Tuesday nights", "XXXX-WXX-2TNI")),
        case_sensitive=True,
    ),
    Rule(
        "set_adverb", "SET",
        r"(?:(?:once|twice|(?:{NUMW})\s+times)[- ])?(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly|bi-?weekly|semi-?annually|bi-?annually)",
        _set_adverb,
        (Ex("The paper is published weekly.", "weekly", "P1W"),
         Ex("Prices are checked daily.", "daily", "P1D"),
         Ex("The board meets twice monthly.", "twice monthly", "P1M"),
         Ex("It is a twice-yearly review.", "twice-yearly", "P1Y")),
    ),
    Rule(
        "date_easter", "DATE",
        r"(?P<h>Good\s+Friday|Easter(?:\s+(?:Sunday|Day|Monday|week))?)(?:,?\s+(?P<y>{YEAR4}))?(?!\s+(?:Island|Islands|Rising|eggs?|bunny|bunnies|lily|lilies)\b)",
        _easter,
        (Ex("Shops close on Good Friday.", "Good Friday", "2022-04-15"),
         Ex("The talks resumed after Easter.", "Easter", "2021-04-04"),
         Ex("Pilgrims prayed as Easter week began.", "Easter week", "2000-W16", "2000-04-17"),
         Ex("He was born on Easter Sunday, 1987.", "Easter Sunday, 1987", "1987-04-19")),
        case_sensitive=True,
    ),
    Rule(
        "date_holiday", "DATE",
        r"(?:(?P<rel>last|next|this)\s+)?(?P<h>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year['’]?s\s+(?:Day|Eve)|Thanksgiving(?:\s+Day)?|Independence\s+Day|Halloween|Valentine['’]?s\s+Day|Boxing\s+Day|Election\s+Day)(?:,?\s+(?P<y>{YEAR4}))?",
        _holiday,
        (Ex("Shops closed on Christmas Eve.", "Christmas Eve", "2021-12-24"),
         Ex("They met last Thanksgiving.", "last Thanksgiving", "2021-11-25"),
         Ex("The campaign runs from now to Election Day.", "Election Day", "1998-11-03", "1998-10-26")),
        case_sensitive=True,
    ),
]


class _Proxy:
    """Merge the three unit groups of narrative_named into one 'u'."""

    __slots__ = ("m",)

    def __init__(self, m: re.Match):
        self.m = m

    def __getitem__(self, key):
        if key == "u":
            return self.m["u"] or self.m["u2"] or self.m["u3"]
        return self.m[key]

    def group(self, *a):
        return self.m.group(*a)

    def start(self, *a):
        return self.m.start(*a)


# Rules for a time of day that may name no day; the tagger then gives it the day its
# sentence names.
CLOCK_RULES = frozenset({"time_clock", "time_24h", "time_noon", "time_oclock"})


# --------------------------------------------------------------------------- keywords

# Words a rule cannot match without: for each group, at least one of its strings occurs
# (lower case) in every match of the rule, or just before it for a look-behind. The tagger skips a rule on a text that lacks
# one of its groups. A rule without an entry is always tried.
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR4_KEYS = ("16", "17", "18", "19", "20")
_POD_KEYS = ("morning", "afternoon", "evening", "night")
_UNIT_KEYS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "centur")
_PLURAL_KEYS = ("days", "weeks", "months", "years", "decades", "hours", "centuries")
_AFTER_KEYS = ("later", "earlier", "after", "before", "previously", "prior")

NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "date_iso": (_YEAR4_KEYS, ("-",)),
    "date_slash": (("/",),),
    "date_month_day_year": (_MONTH_KEYS, _YEAR4_KEYS),
    "date_day_month_year": (_MONTH_KEYS, _YEAR4_KEYS),
    "date_month_day": (_MONTH_KEYS,),
    "date_day_month": (_MONTH_KEYS,),
    "date_month_day_words": (
        _MONTH_KEYS,
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
         "tenth", "eleventh", "twelfth", "teenth", "twentieth", "thirtieth"),
    ),
    "date_month_year": (_MONTH_KEYS, _YEAR4_KEYS),
    "date_month": (_MONTH_KEYS,),
    "date_year": (_YEAR4_KEYS,),
    "date_year_words": (("thousand", "nineteen", "eighteen"),),
    "date_decade": (("0s", "0's", "ties"),),
    "date_century": (("century",),),
    "date_season": (("spring", "summer", "fall", "autumn", "winter"),),
    "date_quarter": (("quarter",),),
    "date_half": (("half", "quarters"),),
    "date_quarter_rel": (("quarter", "period"),),
    "deictic_day": (("today", "tonight", "tomorrow", "yesterday"),),
    "deictic_part_of_day": (_POD_KEYS,),
    "deictic_unit": (("week", "month", "year", "decade", "century"),),
    "date_the_year": (("year",),),
    "date_weekend": (("weekend",),),
    "date_weekday": (_WEEKDAY_KEYS,),
    "time_part_of_date": (_POD_KEYS,),
    "time_clock": (("am", "pm", "a.m", "p.m"),),
    "time_24h": ((":",),),
    "time_noon": (("noon", "midday", "midnight"),),
    "time_oclock": (("clock", "morning", "afternoon", "evening", "night"),),
    "ref_present": (("now", "current", "present", "these", "moment"),),
    "ref_past": (("recently", "lately", "formerly", "past", "once", "current"),),
    "ref_future": (("future", "soon", "term", "date"),),
    "duration_recent": (("days", "weeks", "months", "quarters", "years", "decades"),),
    "date_ago": (_UNIT_KEYS, ("ago", "from", "hence")),
    "narrative_offset": (("day", "week", "month"), _AFTER_KEYS),
    "narrative_year_offset": (("year",), _AFTER_KEYS),
    "narrative_named": (("day", "week", "month", "quarter", "year") + _POD_KEYS,),
    "date_year_earlier": (("year",), ("earlier", "ago")),
    "duration": (_UNIT_KEYS,),
    "set_times": (("once", "twice", "thrice", "times"), _UNIT_KEYS),
    "date_period_year_ago": (("year",), ("period", "quarter")),
    "date_year_period": (_YEAR4_KEYS, ("period", "quarter")),
    "date_month_year_words": (_MONTH_KEYS, ("thousand", "nineteen", "eighteen")),
    "date_month_rel_year": (_MONTH_KEYS, ("year",)),
    "date_ago_vague": (("ago",),),
    "date_in_the_unit": (("earlier", "later"), ("year", "month", "week")),
    "date_part_of_the_unit": (("month", "week"), ("beginning", "start", "end", "middle", "close")),
    "date_the_week": (("week",),),
    "date_week_of": (("week",), _MONTH_KEYS),
    "time_part_of_deictic_day": (_POD_KEYS, ("today", "tomorrow", "yesterday")),
    "time_part_of_day": (("morning", "afternoon", "evening"), ("early", "late", "mid")),
    "duration_long": (("-long",),),
    "duration_vague": (("period", "time", "while"),),
    "duration_plural": (_PLURAL_KEYS, ("for", "within")),
    "duration_plural_in": (("years", "months", "weeks", "days", "decades", "centuries"), ("in", "over")),
    "duration_plural_event": (
        ("days", "weeks", "months", "years", "hours"),
        ("before", "after", "following", "preceding", "leading", "followed"),
    ),
    "duration_plural_alone": (("decades", "centuries"),),
    "set_every": (("every", "each", "per"),),
    "set_weekdays": (_WEEKDAY_KEYS,),
    "set_adverb": (("daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly"),),
    "date_easter": (("easter", "good"),),
    "date_holiday": (
        ("christmas", "year", "thanksgiving", "independence", "halloween", "valentine", "boxing", "election"),
    ),
}
