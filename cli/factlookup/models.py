"""The records that flow from the loader through the extractors into the index and out."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True, slots=True)
class Article:
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


@dataclass(frozen=True, slots=True)
class Evidence:
    article: str
    text: str  # the sentence
    start: int  # sentence offsets in the article text
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    type: str  # person | organization | place | group | other
    start: int  # offsets in the article text
    end: int
    sentence: int  # index of the sentence in the article


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    evidence: Evidence
    rule: str  # which pattern found it: "title", "apposition", "head-of"


@dataclass(slots=True)
class Entity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    article: str = ""


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


@dataclass(frozen=True, slots=True)
class Hit:
    text: str
    score: float
    article: str
    start: int
    end: int
    title: str = ""
    date: str | None = None
    matches: tuple[tuple[int, int], ...] = ()  # offsets of matched words in the article
    sentence: int = 0  # the sentence's row in the index, for joining it to entities and events


# -- what queries answer ----------------------------------------------------------------


@dataclass(slots=True)
class EntitySummary:
    id: int
    name: str
    type: str
    mentions: int
    articles: int
    roles: list[str] = field(default_factory=list)
    score: float = 0.0


@dataclass(slots=True)
class RoleFact:
    """One distinct role of an entity (titles equal after folding case and punctuation)."""

    title: str  # as most often written
    rule: str  # the rule that found the evidence shown
    evidence: Evidence  # the best sentence that states it
    count: int = 1  # sentences that state it
    first: str | None = None  # the earliest and latest article dates among them
    last: str | None = None


@dataclass(slots=True)
class Profile:
    name: str
    type: str
    mentions: int
    articles: int
    aliases: list[str]
    roles: list[RoleFact]
    evidence: list[Evidence]
    related: list[tuple[str, str, int]]  # (name, type, sentences shared)
    dates: list[str]


@dataclass(slots=True)
class EventRow:
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
    durations: list[dict[str, str]] = field(default_factory=list)

    @property
    def published(self) -> bool:
        """Dated by the article's publication date: the sentence itself says no date."""
        return self.anchor == "published"
