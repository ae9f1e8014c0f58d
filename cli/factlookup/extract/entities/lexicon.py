"""The word lists the entity rules read: data files in data/, one lower-cased word a line.

Loaded once, when extraction first needs them (never on the query path).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ...models import GROUP, ORGANIZATION, OTHER, PERSON, PLACE

_DATA = Path(__file__).resolve().parent / "data"


def data_lines(name: str) -> list[str]:
    """The lines of data/NAME.txt, stripped, without blank lines and # comments."""
    lines = (_DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [w for line in lines if (w := line.strip()) and not w.startswith("#")]


def words(name: str) -> frozenset[str]:
    """The words of data/NAME.txt, one a line."""
    return frozenset(data_lines(name))


DEMONYMS = words("demonyms")
COLLECTIVE_NOUNS = words("collective_nouns")
DEMONYM_PREFIXES = words("demonym_prefixes")
ROLE_HEADS = words("title_words")
# Adjectives written with a title that describe its holder: passed over inside a title and
# dropped from it. They count as modifiers wherever a title's extent is judged.
EVALUATIVE = words("evaluative_adjectives")
ROLE_MODIFIERS = words("title_modifiers") | EVALUATIVE
CLAUSE_WORDS = words("clause_words")
REPORTING_VERBS = words("reporting_verbs")
APPOSITION_OPENERS = words("apposition_openers")
HONORIFICS = words("honorifics")
PERSON_TITLES = HONORIFICS | words("person_titles")
TITLE_CONNECTORS = words("title_connectors")
NAME_PARTICLES = words("name_particles")
DETERMINERS = words("determiners")
JUNK_WORDS = words("junk_words")
FUNCTION_WORDS = words("function_words")
RELATIVE_WORDS = words("relative_words")
TAIL_PREPOSITIONS = words("tail_prepositions")
INITIALS_STOP_WORDS = words("initials_stop_words")
ORG_HEADS = words("organization_heads")
PLACE_NOUNS = words("place_nouns")
ILLNESS_HEADS = words("illness_heads")
US_STATES = words("us_states")
NAME_TAIL_STOPS = words("name_tail_stops")
COMPANY_SUFFIXES = words("company_suffixes")
COMPANY_ROLES = words("company_roles")
NEWS_SOURCES = words("news_sources")
RELATIONAL_HEADS = words("relational_heads")
ATTRIBUTIVE_PARTICIPLES = words("attributive_participles")
TIME_ZONES = words("time_zones")

# The recogniser's labels (and a few other schemes') as entity types.
LABELS = {
    "PER": PERSON,
    "PERSON": PERSON,
    "ORG": ORGANIZATION,
    "ORGANIZATION": ORGANIZATION,
    "LOC": PLACE,
    "LOCATION": PLACE,
    "GPE": PLACE,
    "MISC": OTHER,
    "NORP": GROUP,
}

# Preference when a vote between types is tied.
TYPE_ORDER = {PERSON: 0, ORGANIZATION: 1, PLACE: 2, GROUP: 3, OTHER: 4}

QUOTES = "\"'“”‘’«»„‟‹›`"
LEADING_JUNK = QUOTES + "([{<-–—*•·,;:/|"
TRAILING_JUNK = QUOTES + ")]}>,;:!?/|-–—*"
APOSTROPHES = "'’"


@lru_cache(maxsize=1)
def familiar_given_names() -> dict[str, tuple[str, ...]]:
    """Each familiar given name ("jim") and the formal names it stands for ("james"), from
    data/given_names.txt."""
    out: dict[str, list[str]] = {}
    for line in data_lines("given_names"):
        formal, *familiar = (w.strip() for w in line.split("|"))
        for form in familiar:
            out.setdefault(form, []).append(formal)
    return {form: tuple(names) for form, names in out.items()}
