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


# An article's entity as a build holds it until the corpus is linked, in plain tuples, cheap
# to spill to disk and read back: (name, type, aliases, roles, mentions), each role as
# (title, rule, sentence row in the index), each mention as (text, type, start, end,
# sentence row).
HeldRole = tuple[str, str, int]
HeldMention = tuple[str, str, int, int, int]
HeldEntity = tuple[str, str, tuple[str, ...], tuple[HeldRole, ...], tuple[HeldMention, ...]]


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
