"""The records the loader and the extractors make: articles, and what is found in them.

Apart from models.py so that a query, which reads only the index, never builds these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .evidence import Evidence, by_fields


@by_fields
@dataclass(frozen=True, slots=True)
class Article:
    """One news story as read from the corpus."""

    id: str
    title: str
    text: str
    date: str | None = None  # ISO date, the reference date for time expressions
    source: str | None = None
    url: str | None = None
    path: str | None = None
    # The article's language code ("en", "de"), declared by its source or guessed from its
    # words; None when unknown. Only English articles go through the recogniser and the
    # time tagger; the others are indexed for search.
    language: str | None = None
    author: str | None = None


@by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in an article, with its type and offsets."""

    text: str
    type: str  # person | organization | place | group | other
    start: int  # offsets in the article text
    end: int
    sentence: int  # index of the sentence in the article


class HeldMention:
    """A Mention as a build holds it for linking, which keeps a whole corpus's mentions at
    once: its start, end and sentence packed in one int, for 96 bytes instead of 176."""

    __slots__ = ("text", "type", "_place")

    def __init__(self, text: str, type: str, start: int, end: int, sentence: int) -> None:
        self.text = text
        self.type = type
        self._place = (sentence << 64) | (start << 32) | end  # offsets stay below 2**32

    @property
    def start(self) -> int:
        return (self._place >> 32) & 0xFFFFFFFF

    @property
    def end(self) -> int:
        return self._place & 0xFFFFFFFF

    @property
    def sentence(self) -> int:
        return self._place >> 64


@by_fields
@dataclass(frozen=True, slots=True)
class Role:
    """A title said of an entity ("Finance Minister"), with its sentence."""

    title: str
    evidence: Evidence
    rule: str  # which pattern found it: "title", "apposition", "head-of"


@by_fields
@dataclass(slots=True)
class Entity:
    """A named person, organisation, place, group or other, with what is said of it."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    article: str = ""


@by_fields
@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression with its TimeML type and normalised value."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str  # "2022-01-06", "XXXX-01-06", "P10D", "PAST_REF", "2022-01-06TNI"
    rule: str
    anchor: str | None = None  # "dct:2022-01-10", "previous:2022-01-06" or None
    mod: str | None = None
