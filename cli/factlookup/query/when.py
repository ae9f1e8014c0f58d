"""The dated timeline: events are sentences with a resolved date, their entities and evidence."""

from __future__ import annotations

import json
import sqlite3

from .who import EventRow, entities_in_sentences, find_entities, sentence_evidence
from ..models import Article
from ..index.store import select_in

_EVENT_COLUMNS = (
    'e.sentence, e.date, e.value, e.type, e.phrase, e.rule, e.anchor, e.start, e."end", e.sort_key, a.title, a.rowid, e.durations'
)


def timeline(
    db: sqlite3.Connection,
    query: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    anchor: str | None = None,
    limit: int | None = None,
) -> list[EventRow]:
    """Events in chronological order; with a query, only those that involve it.

    A query is first read as an entity name (events whose sentence mentions it), else as
    a phrase (events whose sentence matches it in full-text search, best matches kept).
    """
    scores: dict[int, float] | None = None
    if query and query.strip():
        scores = _matching_sentences(db, query)
        if not scores:
            return []
    sql = f"SELECT {_EVENT_COLUMNS}, a.id, e.rowid FROM events e JOIN sentences s ON s.rowid = e.sentence JOIN articles a ON a.rowid = s.article"
    if scores is None:
        found = db.execute(sql).fetchall()
    else:
        found = list(select_in(db, sql + " WHERE e.sentence IN ({marks})", scores))
    # Chronological, then by article and position: sorted here, as the rows come in batches.
    found.sort(key=lambda r: (r[9] or "", r[13], r[7], r[14]))
    rows = [r[:13] for r in found]
    if anchor:
        rows = _reanchor(db, rows, anchor)
    events = _to_events(db, rows, scores)
    events = [e for e in events if _in_range(e, date_from, date_to)]
    return events[:limit] if limit else events


def _matching_sentences(db: sqlite3.Connection, query: str) -> dict[int, float]:
    from .search import search

    entities = find_entities(db, query)
    if entities:
        top = entities[0].score
        chosen = [e.id for e in entities if e.score >= top]
        return {sid: 1.0 for (sid,) in select_in(db, "SELECT DISTINCT sentence FROM mentions WHERE entity IN ({marks})", chosen)}
    hits = search(db, query, limit=None)
    if not hits:
        return {}
    # Keep the events that match nearly as well as the best one.
    best = hits[0].score
    return {h.sentence: h.score for h in hits if h.score >= best * 0.5}


def _reanchor(db: sqlite3.Connection, rows: list[tuple], anchor: str) -> list[tuple]:
    """Re-resolve the events of undated articles against the --anchor date."""
    from ..extract.events import date_of, sort_key
    from ..extract.pipeline import tag_times

    undated = {r[11] for r in rows if "X" in r[2][:4]}
    undated = {rowid for (rowid,) in select_in(db, "SELECT rowid FROM articles WHERE date IS NULL AND rowid IN ({marks})", undated)}
    if not undated:
        return rows
    from ..extract.events import collect_events
    from ..extract.text import split_sentences

    retagged: dict[tuple[int, int], tuple] = {}
    for rowid, article_id, title, text in select_in(
        db, "SELECT rowid, id, title, article_text(rowid, text) FROM articles WHERE rowid IN ({marks})", sorted(undated)
    ):
        timexes = tag_times(Article(article_id, title, text), anchor)
        for e in collect_events(text, split_sentences(text), timexes):
            retagged[(rowid, e.start)] = (e.value, e.anchor, e.rule)
    out = []
    for r in rows:
        new = retagged.get((r[11], r[7])) if r[11] in undated else None
        if new and sort_key(new[0]):
            value, anchor_used, rule = new
            r = (r[0], date_of(value), value, r[3], r[4], rule, anchor_used, r[7], r[8], sort_key(value), r[10], r[11], r[12])
        out.append(r)
    out.sort(key=lambda r: (r[9], r[11], r[7]))
    return out


def _to_events(db: sqlite3.Connection, rows: list[tuple], scores: dict[int, float] | None) -> list[EventRow]:
    sentence_ids = [r[0] for r in rows]
    evidence = sentence_evidence(db, sentence_ids)
    entities = entities_in_sentences(db, sentence_ids)
    events = []
    for sid, date, value, type_, phrase, rule, anchor, start, end, key, title, _, durations in rows:
        events.append(
            EventRow(
                date=date,
                value=value,
                type=type_,
                phrase=phrase,
                rule=rule,
                anchor=anchor,
                evidence=evidence[sid],
                timex_start=start,
                timex_end=end,
                entities=[name for _, name, _ in entities.get(sid, [])],
                title=title,
                score=scores.get(sid, 0.0) if scores else 0.0,
                year_known=not key.startswith("~"),
                durations=json.loads(durations) if durations else [],
            )
        )
    return events


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
