"""The dated timeline: events are sentences with a resolved date, their entities and evidence.

With a query, a matching sentence that says no date still places its fact in time: its
event falls back to the article's publication date (rule and anchor "published").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import NamedTuple

from ..evidence import Evidence
from ..index.store import read_labels, select_in
from ..models import EventRow
from .who import entities_in_sentences, match_names, sentence_evidence


class _Record(NamedTuple):
    """One row of the events table with what the timeline needs of its sentence and article."""

    sentence: int
    date: str
    value: str
    type: str
    phrase: str | None
    rule: str
    anchor: str | None
    start: int | None  # the time expression's offsets in the article text; None when published
    end: int | None
    sort_key: str
    title: str
    article_row: int
    durations: str | None
    article_id: str
    row: int


# The events table keeps what the value, the labels and the article text tell only once
# (index/store.py): date and sort key fall back to the value, offsets are the sentence's
# plus the event's; type, rule and anchor are labels, read in Python (_records).
_COLUMNS = (
    "e.sentence, coalesce(e.date, e.value), e.value, e.type, e.phrase, e.rule, e.anchor, s.start + e.start, "
    "s.start + e.start + e.length, coalesce(e.sort_key, e.value), a.title, a.rowid, e.durations, a.id, e.n"
)
_FROM = "FROM events e JOIN sentences s ON s.rowid = e.sentence JOIN articles a ON a.rowid = s.article"

# The rule and anchor of an event dated by its article's publication date.
PUBLISHED = "published"


def timeline(
    db: sqlite3.Connection,
    query: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    anchor: str | None = None,
    limit: int | None = None,
    dated_only: bool = False,
) -> list[EventRow]:
    """Events in chronological order; with a query, only those that involve it.

    A query is first read as an entity name (events whose sentence mentions it), else as
    a phrase (events whose sentence matches it in full-text search, best matches kept).
    A matching sentence without a date of its own gives one event on its article's
    publication date, unless `dated_only`; an undated article gives none.
    One event per sentence and value: a date said twice in a sentence is one event.
    """
    scores: dict[int, float] | None = None
    said: dict[int, Evidence] = {}
    if query and query.strip():
        scores = _matching_sentences(db, query, said)
        if not scores:
            return []
    sql = f"SELECT {_COLUMNS} {_FROM}"
    rows = db.execute(sql) if scores is None else select_in(db, sql + " WHERE e.sentence IN ({marks})", scores)
    records = _distinct(_records(rows, read_labels(db)))
    if scores is not None and not dated_only:
        dated = {r.sentence for r in records}
        records += _published(db, [s for s in scores if s not in dated])
    # Chronological, then by article and position: sorted here, as the rows come in batches.
    records.sort(key=_order)
    if anchor:
        records = _reanchor(db, records, anchor)
    events = _to_events(db, records, scores, said)
    events = [e for e in events if _in_range(e, date_from, date_to)]
    return events[:limit] if limit else events


def _records(rows, labels: dict) -> Iterator[_Record]:
    for sid, day, value, kind, phrase, rule, anchor, start, end, key, title, row, durations, article, n in rows:
        yield _Record(
            sid, day, value, labels[kind], phrase, labels[rule], labels[anchor], start, end, key, title, row, durations, article, n
        )


def _order(r: _Record) -> tuple:
    return (r.sort_key or "", r.article_id, r.sentence, -1 if r.start is None else r.start, r.row)


def _distinct(records) -> list[_Record]:
    """One event per sentence and value: "1979 ... in 1979" in one sentence is one event."""
    seen: set[tuple[int, str]] = set()
    out = []
    for r in sorted(records, key=lambda r: (r.sentence, r.start, r.row)):
        if (r.sentence, r.value) not in seen:
            seen.add((r.sentence, r.value))
            out.append(r)
    return out


def _published(db: sqlite3.Connection, sentences: list[int]) -> list[_Record]:
    """Events on the publication date for sentences that say no date, in dated articles."""
    if not sentences:
        return []
    sql = (
        "SELECT s.rowid, a.date, a.title, a.rowid, a.id FROM sentences s JOIN articles a ON a.rowid = s.article "
        "WHERE a.date IS NOT NULL AND s.rowid IN ({marks})"
    )
    return [
        _Record(sid, day, day, "DATE", None, PUBLISHED, PUBLISHED, None, None, day, title, article_row, None, article_id, 0)
        for sid, day, title, article_row, article_id in select_in(db, sql, sentences)
        if day
    ]


def _matching_sentences(db: sqlite3.Connection, query: str, said: dict[int, Evidence]) -> dict[int, float]:
    """The sentences that involve the query, with their scores; `said` gets the evidence of
    those the search read, so that it is not read again."""
    from .search import search

    found: dict[int, float] = {}
    entities = match_names(db, query)
    if entities:
        top = entities[0].score
        chosen = [e.id for e in entities if e.score >= top]
        found = {sid: 1.0 for (sid,) in select_in(db, "SELECT DISTINCT sentence FROM mentions WHERE entity IN ({marks})", chosen)}
        if len(query.split()) < 2:
            return found
    # A phrase, even one that names an entity, also means the sentences that say it where
    # the recogniser did not see the name ("the Louvre accord" beside "the Louvre Accord").
    hits = search(db, query, limit=None)
    if hits:
        # Keep the sentences that match nearly as well as the best one.
        best = hits[0].score
        for h in hits:
            if h.score >= best * 0.5:
                found.setdefault(h.sentence, h.score)
                if h.sentence not in said:
                    said[h.sentence] = Evidence(h.article, h.text, h.start, h.end)
    return found


def _reanchor(db: sqlite3.Connection, records: list[_Record], anchor: str) -> list[_Record]:
    """Re-resolve the events of undated articles against the --anchor date."""
    from ..extract.events import collect_events, date_of, sort_key
    from ..extract.pipeline import tag_times
    from ..extract.text import split_sentences
    from ..records import Article

    candidates = {r.article_row for r in records if "X" in r.value[:4] and r.rule != PUBLISHED}
    undated = {
        rowid for (rowid,) in select_in(db, "SELECT rowid FROM articles WHERE date IS NULL AND rowid IN ({marks})", candidates)
    }
    if not undated:
        return records
    retagged: dict[tuple[int, int], tuple[str, str | None, str]] = {}
    for rowid, article_id, title, text in select_in(
        db, "SELECT rowid, id, title, article_text(rowid, text) FROM articles WHERE rowid IN ({marks})", sorted(undated)
    ):
        timexes = tag_times(Article(article_id, title, text), anchor)
        for e in collect_events(text, split_sentences(text), timexes):
            retagged[(rowid, e.start)] = (e.value, e.anchor, e.rule)
    out = []
    for r in records:
        new = retagged.get((r.article_row, r.start)) if r.article_row in undated else None
        if new and sort_key(new[0]):
            value, anchor_used, rule = new
            r = r._replace(date=date_of(value), value=value, rule=rule, anchor=anchor_used, sort_key=sort_key(value))
        out.append(r)
    out.sort(key=_order)
    return out


def _to_events(
    db: sqlite3.Connection, records: list[_Record], scores: dict[int, float] | None, said: dict[int, Evidence]
) -> list[EventRow]:
    sentence_ids = [r.sentence for r in records]
    evidence = said | sentence_evidence(db, [s for s in sentence_ids if s not in said])
    entities = entities_in_sentences(db, sentence_ids)
    return [
        EventRow(
            date=r.date,
            value=r.value,
            type=r.type,
            phrase=_phrase(r, evidence[r.sentence]),
            rule=r.rule,
            anchor=r.anchor,
            evidence=evidence[r.sentence],
            timex_start=r.start,
            timex_end=r.end,
            entities=[name for _, name, _ in entities.get(r.sentence, [])],
            title=r.title,
            score=scores.get(r.sentence, 0.0) if scores else 0.0,
            year_known=not r.sort_key.startswith("~"),
            durations=_durations(r.durations),
        )
        for r in records
    ]


def _phrase(r: _Record, sentence: Evidence) -> str | None:
    """The event's phrase: as stored, else (NULL) the sentence's text at its offsets."""
    if r.phrase is not None or r.start is None:
        return r.phrase
    return sentence.text[r.start - sentence.start : r.end - sentence.start]


def _durations(stored: str | None) -> list[dict[str, str]]:
    if not stored:
        return []
    import json  # only for events that say how long something lasted: most say none

    return json.loads(stored)


def _in_range(event: EventRow, date_from: str | None, date_to: str | None) -> bool:
    if not (date_from or date_to):
        return True
    if not event.year_known:
        return False
    if date_from and event.date[: len(date_from)] < date_from:
        return False
    if date_to and event.date[: len(date_to)] > date_to:
        return False
    return True


def mention_dates(db: sqlite3.Connection, entity_id: int) -> list[str | None]:
    """The article date of every sentence that mentions the entity (None for an undated article)."""
    return [
        day
        for (day,) in db.execute(
            "SELECT a.date FROM mentions m JOIN sentences s ON s.rowid = m.sentence "
            "JOIN articles a ON a.rowid = s.article WHERE m.entity = ?",
            (entity_id,),
        )
    ]
