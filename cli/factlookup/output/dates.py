"""TimeML values written the way a person writes dates, for tables and charts.

JSON and tab-separated output keep the TimeML values; only what is printed for reading goes
through here: "2022-01-06TNI" is "Thu 6 Jan 2022, night", "XXXX-01-06" is "6 Jan (year
unknown)", "2022-W02" is "week 2 of 2022", "P3D" is "3 days".
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime", "MI": "midday"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
_HALVES = {"H1": "first half of", "H2": "second half of"}
_REFS = {"PAST_REF": "the past", "PRESENT_REF": "now", "FUTURE_REF": "the future"}
_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "MIN": "minute", "S": "second",
          "DE": "decade", "CE": "century", "Q": "quarter", "L": "decade", "C": "century"}
_TIME_UNITS = {"H": "hour", "M": "minute", "S": "second"}

_DATE = re.compile(r"^(?P<year>\d{4}|XXXX|\d{3}|\d{2})(?:-(?P<rest>[^T]*))?(?:T(?P<time>.+))?$")
_DURATION = re.compile(r"^P(?P<date>(?:[\dX.]+(?:DE|CE|[YMWDQLC]))*)(?:T(?P<time>(?:[\dX.]+[HMS])*))?$")
_AMOUNT = re.compile(r"([\dX.]+)(DE|CE|[YMWDQLCHS])")


def readable(value: str) -> str:
    """A TimeML value as a reader writes it; a value it does not know is returned as it is."""
    if not value:
        return value
    if value in _REFS:
        return _REFS[value]
    if "/" in value:
        return _range(*value.split("/", 1))
    if value.startswith("P"):
        return _duration(value) or value
    return _date(value) or value


def _date(value: str, with_year: bool = True) -> str | None:
    m = _DATE.match(value)
    if not m:
        return None
    year, rest, time = m.group("year"), m.group("rest") or "", m.group("time")
    unknown = year == "XXXX"
    if len(year) == 3:
        return f"the {year}0s" if year.isdigit() else None
    if len(year) == 2:
        return f"the {int(year) + 1}{_ordinal(int(year) + 1)} century" if year.isdigit() else None
    day_text = _calendar(year, rest, unknown)
    if day_text is None:
        return None
    if time:
        clock = _clock(time)
        if clock is None:
            return None
        day_text = f"{day_text}, {clock}" if day_text else clock
    if unknown:
        return f"{day_text} (year unknown)" if day_text else "a year not said"
    if not with_year and day_text.endswith(f" {year}"):
        return day_text[: -len(year) - 1]
    return day_text


def _calendar(year: str, rest: str, unknown: bool) -> str | None:
    shown = "" if unknown else f" {year}"
    if not rest:
        return "" if unknown else year
    parts = rest.split("-")
    head = parts[0]
    if head.isdigit() and len(head) == 2 and 1 <= int(head) <= 12:
        month = MONTHS[int(head) - 1]
        if len(parts) == 1:
            return f"{month}{shown}"
        if len(parts) == 2 and parts[1].isdigit() and len(parts[1]) == 2:
            day = int(parts[1])
            if unknown:
                return f"{day} {month}"
            try:
                weekday = WEEKDAYS[date(int(year), int(head), day).weekday()]
            except ValueError:
                return None
            return f"{weekday} {day} {month}{shown}"
        if len(parts) == 2 and parts[1] == "XX":
            return f"{month}{shown}"
        return None
    if head == "XX":
        return "a month" + ("" if unknown else f" of {year}")
    if head.startswith("W") and head[1:].isdigit():
        week = f"week {int(head[1:])}" + ("" if unknown else f" of {year}")
        if len(parts) == 2 and parts[1] == "WE":
            return f"weekend of {week}"
        return week if len(parts) == 1 else None
    if head == "WXX":
        return "a week" + ("" if unknown else f" of {year}")
    if head in ("Q1", "Q2", "Q3", "Q4"):
        return f"{head}{shown}"
    if head == "QX":
        return "a quarter" + ("" if unknown else f" of {year}")
    if head in _HALVES:
        return f"{_HALVES[head]}{shown}" if not unknown else _HALVES[head].rsplit(" ", 1)[0] + " of the year"
    if head in _SEASONS:
        return f"{_SEASONS[head]}{shown}"
    return None


def _clock(time: str) -> str | None:
    if time in _PARTS_OF_DAY:
        return _PARTS_OF_DAY[time]
    m = re.fullmatch(r"(\d{2})(?::(\d{2}))?(?::\d{2})?", time)
    if not m:
        return None
    return f"{m.group(1)}:{m.group(2) or '00'}"


def _range(first: str, second: str) -> str:
    a, b = readable(second), None
    m1, m2 = _DATE.match(first), _DATE.match(second)
    if m1 and m2 and m1.group("year") == m2.group("year") and m1.group("year") != "XXXX":
        b = _date(first, with_year=False)
    if b is None:
        b = readable(first)
    return f"{b} – {a}"


def _duration(value: str) -> str | None:
    if value == "PXX":
        return "a while"
    m = _DURATION.fullmatch(value)
    if not m or value == "P" or value == "PT":
        return None
    said = []
    for amount, unit in _AMOUNT.findall(m.group("date") or ""):
        said.append(_amount(amount, _UNITS[unit]))
    for amount, unit in _AMOUNT.findall(m.group("time") or ""):
        said.append(_amount(amount, _TIME_UNITS[unit]))
    return " ".join(said) if said else None


def _amount(amount: str, unit: str) -> str:
    plural = "centuries" if unit == "century" else unit + "s"
    if "X" in amount:
        return plural
    number = float(amount)
    shown = str(int(number)) if number.is_integer() else amount
    return f"{shown} {unit if number == 1 else plural}"


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
