"""The records queries answer with, and the kinds of entity.

The loader's and the extractors' records (Article, Mention, Role, Entity, Timex) live in
records.py and are importable from here too, loaded on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .evidence import Evidence

# The kinds of entity, in the order they are listed.
PERSON, ORGANIZATION, PLACE, GROUP, OTHER = "person", "organization", "place", "group", "other"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE, GROUP, OTHER)

# A short form (a surname, an acronym, the first or last words of a name) means the full name
# that holds this share of its uses: when the index links a short form written alone, and
# when `who` picks among names that answer a query equally well.
DOMINANT_SHARE = 0.75
# A second person who bears a surname and is named in this many articles makes the bare
# surname shared: `who` lists its bearers, and a title read on the bare surname alone is
# nobody's ("Senator Baker" is not James Baker's, though "Baker" mostly means him).
SHARED_SURNAME_ARTICLES = 3


class Hit(NamedTuple):
    """A sentence that matches a search, with its score and matched words."""

    text: str
    score: float
    article: str
    start: int
    end: int
    title: str = ""
    date: str | None = None
    matches: tuple[tuple[int, int], ...] = ()  # offsets of matched words in the article
    sentence: int = 0  # the sentence's row in the index, for joining it to entities and events
    author: str | None = None  # as the page or feed names it


# -- what queries answer ----------------------------------------------------------------
# Answers are named tuples or plain classes: a process makes each class once per call, and
# a dataclass costs ten times more to make (it compiles its methods).


class EntitySummary:
    """An entity as listed or matched: name, type and how often it is mentioned."""

    # Written out: the one answer a query changes after making it (roles, score).
    __slots__ = ("id", "name", "type", "mentions", "articles", "roles", "score")

    def __init__(
        self, id: int, name: str, type: str, mentions: int, articles: int, roles: list[str] | None = None, score: float = 0.0
    ) -> None:
        self.id = id
        self.name = name
        self.type = type
        self.mentions = mentions
        self.articles = articles
        self.roles: list[str] = [] if roles is None else roles
        self.score = score


class RoleFact(NamedTuple):
    """One distinct role of an entity (titles equal after folding case and punctuation)."""

    title: str  # as most often written
    rule: str  # the rule that found the evidence shown
    evidence: Evidence  # the best sentence that states it
    count: int = 1  # sentences that state it
    first: str | None = None  # the earliest and latest article dates among them
    last: str | None = None


class Profile(NamedTuple):
    """Everything `who` tells about one entity."""

    name: str
    type: str
    mentions: int
    articles: int
    aliases: list[str]
    roles: list[RoleFact]
    evidence: list[Evidence]
    related: list[tuple[str, str, int]]  # (name, type, sentences shared)
    dates: list[str]


class EventRow(NamedTuple):
    """One dated sentence of a timeline."""

    date: str
    value: str
    type: str
    phrase: str | None  # None for an event dated by its article's publication date
    rule: str
    anchor: str | None
    evidence: Evidence
    timex_start: int | None
    timex_end: int | None
    entities: list[str]
    title: str
    score: float = 0.0
    year_known: bool = True
    durations: Sequence[dict[str, str]] = ()

    @property
    def published(self) -> bool:
        """Dated by the article's publication date: the sentence itself says no date."""
        return self.anchor == "published"

# Loaded on first use (PEP 562): a query never builds the extractors' record classes, and
# `search` never the evidence dataclass (nor imports dataclasses).
_RECORDS = frozenset({"Article", "Mention", "Role", "Entity", "Timex"})


def __getattr__(name: str) -> object:
    if name in _RECORDS:
        from . import records

        return getattr(records, name)
    if name == "Evidence":
        from .evidence import Evidence

        return Evidence
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
