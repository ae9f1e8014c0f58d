"""Ranked, typo-tolerant sentence search over the index's full-text table."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from .models import Hit
from .text import fold

# A query word matches a vocabulary word this close (RapidFuzz ratio, 0-100) or not at all.
FUZZY_CUTOFF = 80.0
EXACT, PREFIX, FUZZY = 1.0, 0.7, 0.5

_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class Term:
    word: str
    variants: dict[str, float] = field(default_factory=dict)  # vocabulary word -> weight


@dataclass(slots=True)
class Query:
    groups: list[list[Term]]  # each group is a phrase (one word for a bare word)
    excluded: list[str]

    @property
    def empty(self) -> bool:
        return not self.groups


def parse_query(text: str) -> Query:
    """Words, "quoted phrases" and -excluded words; hyphenated words are phrases."""
    groups: list[list[Term]] = []
    excluded: list[str] = []
    for m in _QUERY_TOKEN.finditer(text):
        negate, phrase, bare = m.group(1), m.group(2), m.group(3)
        if phrase is not None:
            ws = _WORD.findall(fold(phrase))
            if negate:
                excluded.extend(ws)
            elif ws:
                groups.append([Term(w) for w in ws])
            continue
        if bare.startswith("-") and len(bare) > 1 and _WORD.search(bare[1:]):
            excluded.extend(_WORD.findall(fold(bare[1:])))
            continue
        ws = _WORD.findall(fold(bare))
        if len(ws) > 1:
            groups.append([Term(w) for w in ws])
        elif ws:
            groups.append([Term(ws[0])])
    # "shoot to kill" and "shoot-to-kill" are the same query: a run of bare words also
    # matches as a phrase through ranking, not as a requirement.
    return Query(groups, excluded)


def expand(db: sqlite3.Connection, query: Query) -> None:
    """Give each query word its exact, prefix and close-spelling variants from the vocabulary."""
    from rapidfuzz import fuzz, process

    for group in query.groups:
        for term in group:
            w = term.word
            row = db.execute("SELECT 1 FROM vocabulary WHERE term = ?", (w,)).fetchone()
            if row:
                term.variants[w] = EXACT
            if len(w) >= 3:
                for (v,) in db.execute(
                    "SELECT term FROM vocabulary WHERE term > ? AND term < ? LIMIT 50", (w, w + "\uffff")
                ):
                    term.variants.setdefault(v, PREFIX)
            if len(w) >= 4 and (not row or len(term.variants) < 2):
                lo, hi = max(1, len(w) - 2), len(w) + 2
                vocab = [
                    t for (t,) in db.execute(
                        "SELECT term FROM vocabulary WHERE length(term) BETWEEN ? AND ?", (lo, hi)
                    )
                ]
                cutoff = FUZZY_CUTOFF if len(w) >= 6 else 85.0
                for v, score, _ in process.extract(w, vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5):
                    term.variants.setdefault(v, FUZZY * score / 100)


def _fts_expression(query: Query) -> str | None:
    parts = []
    for group in query.groups:
        if any(not t.variants for t in group):
            return None  # a word that matches nothing closely: no hit can hold every word
        if len(group) == 1:
            parts.append("(" + " OR ".join(_quote(v) for v in group[0].variants) + ")")
        else:
            # A phrase: every word must be present; adjacency is checked when ranking.
            parts.append("(" + " AND ".join("(" + " OR ".join(_quote(v) for v in t.variants) + ")" for t in group) + ")")
    expression = " AND ".join(parts)
    if query.excluded:
        expression += " NOT (" + " OR ".join(_quote(w) for w in query.excluded) + ")"
    return expression


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def search(
    db: sqlite3.Connection,
    text: str,
    limit: int | None = 20,
    article: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    candidates: int = 400,
) -> list[Hit]:
    query = parse_query(text)
    if query.empty:
        return []
    expand(db, query)
    expression = _fts_expression(query)
    if expression is None:
        return []
    sql = (
        'SELECT f.rowid, bm25(sentence_text) AS rank, a.id, a.title, a.date, s.start, s."end", '
        'substr(a.text, s.start + 1, s."end" - s.start) '
        "FROM sentence_text f JOIN sentences s ON s.rowid = f.rowid JOIN articles a ON a.rowid = s.article "
        "WHERE sentence_text MATCH ?"
    )
    args: list = [expression]
    if article:
        sql += " AND a.id = ?"
        args.append(article)
    if date_from:
        sql += " AND a.date >= ?"
        args.append(date_from)
    if date_to:
        sql += " AND a.date <= ? || '~'"
        args.append(date_to)
    sql += " ORDER BY rank LIMIT ?"
    args.append(candidates)
    try:
        rows = db.execute(sql, args).fetchall()
    except sqlite3.OperationalError:
        return []
    hits = []
    for _sid, rank, art, title, date, start, end, sentence in rows:
        weight, matches = _match_words(sentence, query)
        if weight <= 0:
            continue
        score = round(-rank * weight, 4)
        hits.append(Hit(sentence, score, art, start, end, title, date, tuple((start + a, start + b) for a, b in matches)))
    hits.sort(key=lambda h: (-h.score, h.article, h.start))
    return hits[:limit] if limit else hits


def _match_words(sentence: str, query: Query) -> tuple[float, list[tuple[int, int]]]:
    """How well a sentence matches (exact > prefix > fuzzy, phrases adjacent) and where."""
    tokens = [(fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(sentence)]
    total = 0.0
    spans: list[tuple[int, int]] = []
    for group in query.groups:
        best_group = 0.0
        best_spans: list[tuple[int, int]] = []
        if len(group) == 1:
            term = group[0]
            for word, a, b in tokens:
                w = term.variants.get(word, 0.0)
                if w:
                    best_spans.append((a, b))
                    best_group = max(best_group, w)
        else:
            for i in range(len(tokens) - len(group) + 1):
                weights = [group[j].variants.get(tokens[i + j][0], 0.0) for j in range(len(group))]
                if all(weights):
                    best_group = max(best_group, sum(weights) / len(weights) * 1.5)
                    best_spans.extend((tokens[i + j][1], tokens[i + j][2]) for j in range(len(group)))
            if not best_spans:
                # All words present but apart: a weaker hit.
                for term in group:
                    ws = [(term.variants.get(word, 0.0), a, b) for word, a, b in tokens if term.variants.get(word)]
                    if not ws:
                        return 0.0, []
                    best_spans.extend((a, b) for _, a, b in ws)
                best_group = 0.5 * min(max(t.variants.values()) for t in group)
        if not best_group:
            return 0.0, []
        total += best_group
        spans.extend(best_spans)
    bare_words = [g[0] for g in query.groups if len(g) == 1]
    if len(bare_words) > 1:
        # Bare words that also stand together in the sentence, in order, rank higher.
        for i in range(len(tokens) - len(bare_words) + 1):
            if all(bare_words[j].variants.get(tokens[i + j][0]) for j in range(len(bare_words))):
                total *= 1.5
                break
    return total / len(query.groups), sorted(set(spans))
