"""The one way into an index for the commands: questions in, typed rows out.

Commands never see SQL or a connection; each method delegates to the query module that
knows its tables (who.py, when.py, search.py, names.py).
"""

from __future__ import annotations

import sqlite3

from ..models import EntitySummary, EventRow, Hit, Profile


class Index:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def entities(self, types: list[str] | None = None, limit: int | None = None) -> list[EntitySummary]:
        """Every entity, most mentioned first."""
        from .who import list_entities

        return list_entities(self._db, types, limit)

    def match_names(self, name: str, types: list[str] | None = None) -> list[EntitySummary]:
        """Entities whose names match `name`, best first; empty when none matches well."""
        from .who import match_names

        return match_names(self._db, name, types)

    def profile(self, entity_id: int, evidence_limit: int | None = None) -> Profile:
        from .who import profile

        return profile(self._db, entity_id, evidence_limit)

    def entities_in_sentences(self, sentences: list[int]) -> dict[int, list[tuple[int, str, str]]]:
        """For each sentence row, the (id, name, type) of the entities it mentions, in order."""
        from .who import entities_in_sentences

        return entities_in_sentences(self._db, sentences)

    def search(
        self,
        query: str,
        limit: int | None = 20,
        article: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[Hit]:
        from .search import search

        return search(self._db, query, limit=limit, article=article, date_from=date_from, date_to=date_to)

    def timeline(
        self,
        query: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        anchor: str | None = None,
        limit: int | None = None,
        dated_only: bool = False,
    ) -> list[EventRow]:
        from .when import timeline

        return timeline(self._db, query, date_from, date_to, anchor, limit, dated_only)

    def mention_dates(self, entity_id: int) -> list[str | None]:
        """The article date of each sentence that mentions the entity; None when undated."""
        from .when import mention_dates

        return mention_dates(self._db, entity_id)

    def names(self, before: list[str], incomplete: str) -> list[str]:
        """Completions of a name being typed, after the name words `before` it."""
        from .names import name_completions

        return name_completions(self._db, before, incomplete)
