"""Answering who / when from a built index. No extraction happens here."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from ..extract.text import fold, name_key
from ..index.store import marks, select_in
from ..models import SHARED_SURNAME_ARTICLES, EntitySummary, Evidence, Profile, RoleFact

# A query word matches a name word at or above this RapidFuzz ratio; below it, not at all.
NAME_WORD_CUTOFF = 80.0
# Scores of a query that is an entity's name, or one of its aliases; close spellings score
# at most 100.
NAMED, ALIAS = 200.0, 190.0


def sentence_evidence(db: sqlite3.Connection, sentence_ids: list[int]) -> dict[int, Evidence]:
    if not sentence_ids:
        return {}
    out: dict[int, Evidence] = {}
    for sid, article, start, end, text in select_in(
        db,
        'SELECT s.rowid, a.id, s.start, s."end", substr(article_text(a.rowid, a.text), s.start + 1, s."end" - s.start) '
        "FROM sentences s JOIN articles a ON a.rowid = s.article WHERE s.rowid IN ({marks})",
        sorted(set(sentence_ids)),
    ):
        out[sid] = Evidence(article, text, start, end)
    return out


def list_entities(db: sqlite3.Connection, types: list[str] | None = None, limit: int | None = None) -> list[EntitySummary]:
    sql = "SELECT id, name, type, mentions, articles FROM entities"
    args: list = []
    if types:
        types = list(dict.fromkeys(types))
        sql += f" WHERE type IN ({marks(len(types))})"
        args.extend(types)
    sql += " ORDER BY mentions DESC, name"
    if limit:
        sql += " LIMIT ?"
        args.append(limit)
    rows = [EntitySummary(*r) for r in db.execute(sql, args)]
    _attach_roles(db, rows)
    return rows


def _attach_roles(db: sqlite3.Connection, rows: list[EntitySummary]) -> None:
    """Each row's distinct role titles, most often stated first (as most often written)."""
    by_id = {r.id: r for r in rows}
    ids = list(by_id)
    titles: dict[int, list[str]] = defaultdict(list)
    if len(ids) > 2000:  # most of the entities: one pass over the roles beats many look-ups
        for entity, title in db.execute("SELECT entity, title FROM roles ORDER BY rowid"):
            if entity in by_id:
                titles[entity].append(title)
    else:
        for entity, title in select_in(db, "SELECT entity, title FROM roles WHERE entity IN ({marks}) ORDER BY rowid", ids):
            titles[entity].append(title)
    for entity, written in titles.items():
        by_id[entity].roles = [group[0] for group in _role_groups(written)]


_ROLE_PUNCT = re.compile(r"[^\w\s]+")
_POSSESSIVE = re.compile(r"^(.+?)'s\s+(.+)$")


@lru_cache(maxsize=65536)
def role_key(title: str) -> str:
    """A title folded for comparison: case, accents and punctuation ignored ("U.S." is "US",
    "Vice-President" is "vice president"), and "Armenia's Prime Minister" read as "Prime
    Minister of Armenia"."""
    t = fold(title)
    m = _POSSESSIVE.match(t)
    if m and "'s" not in m.group(2) and " of " not in f" {m.group(2)} ":
        t = f"{m.group(2)} of {m.group(1)}"
    t = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", t)  # u.s. -> us.
    t = _ROLE_PUNCT.sub(lambda mm: "" if mm.group(0) in (".", "'") else " ", t)
    words = [w for w in t.split() if w != "the"]
    return " ".join(words)


def _role_groups(titles: list[str]) -> list[tuple[str, list[int]]]:
    """Titles grouped by `role_key`: (the form most often written, the indexes of its
    members), the most stated first, then in order of first statement."""
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(titles):
        groups.setdefault(role_key(t), []).append(i)
    out = []
    for members in groups.values():
        written = Counter(titles[i] for i in members)
        best = max(written.values())
        shown = next(titles[i] for i in members if written[titles[i]] == best)
        out.append((shown, members))
    out.sort(key=lambda g: (-len(g[1]), g[1][0]))
    return out


def match_names(db: sqlite3.Connection, query: str, types: list[str] | None = None) -> list[EntitySummary]:
    """Entities whose names match the query, best first; empty when nothing matches well.

    Every query word must match a word of one of the entity's names exactly, by
    transliteration key, as a prefix (from 4 letters) or by a close spelling.
    """
    key = name_key(query)
    if not key:
        return []
    # The entity named so beats those that have the name as an alias ("Kobe" the city, not
    # Kobe Steel), which beat those that only share the word.
    exact = db.execute("SELECT entity, max(canonical) FROM names WHERE key = ? GROUP BY entity", (key,)).fetchall()
    scored: dict[int, float] = {e: NAMED if canonical else ALIAS for e, canonical in exact}
    if exact and " " not in key:
        # A bare surname is also the surname of every other person who bears it.
        for (entity,) in _people_with_surname(db, key):
            scored.setdefault(entity, ALIAS)
    if not exact:
        scored = _initialism_match(db, query) or _fuzzy_name_match(db, key.split()) or _named_within(db, key.split())
    if not scored:
        return []
    rows = [
        EntitySummary(*r)
        for r in select_in(db, "SELECT id, name, type, mentions, articles FROM entities WHERE id IN ({marks})", scored)
        if not types or r[2] in types
    ]
    for r in rows:
        r.score = scored[r.id]
    rows = _without_fragments(rows)
    rows.sort(key=lambda r: (-r.score, -r.mentions, r.name))
    _attach_roles(db, rows)
    return rows


def _people_with_surname(db: sqlite3.Connection, surname: str) -> sqlite3.Cursor:
    """People whose canonical name ends with the word `surname`."""
    pattern = "% " + surname.replace("%", "").replace("_", "")
    if "%" in surname or "_" in surname:
        return db.execute(
            "SELECT n.entity FROM names n JOIN entities e ON e.id = n.entity "
            "WHERE n.canonical = 1 AND e.type = 'person' AND n.key LIKE ?",
            (pattern,),
        )
    # Such a name has the surname among its words: name_words finds the few rows to test.
    return db.execute(
        "SELECT n.entity FROM name_words w JOIN names n ON n.entity = w.entity JOIN entities e ON e.id = n.entity "
        "WHERE w.word = ? AND n.canonical = 1 AND e.type = 'person' AND n.key LIKE ?",
        (surname, pattern),
    )


# "S and P", "S&P", "AT and T": capitals that stand for the words on either side of "and".
_AND_INITIALISM = re.compile(r"^([A-Z]{1,3})\s*(?:&|\band\b)\s*([A-Z]{1,3})$")


def _initialism_match(db: sqlite3.Connection, query: str) -> dict[int, float]:
    """Entities with a name of the form "X and Y" whose initials the query spells on each
    side: "S and P" is Standard and Poor's (a possessive and a legal suffix are no words)."""
    m = _AND_INITIALISM.match(query.strip())
    if not m:
        return {}
    left, right = m.group(1).lower(), m.group(2).lower()
    suffixes = _company_suffixes()
    found: dict[int, float] = {}
    for entity, key in db.execute("SELECT entity, key FROM names WHERE key LIKE ?", (f"{left[0]}% and {right[0]}%",)):
        before, _, after = key.partition(" and ")
        tail = after.split()
        while tail and (tail[-1] in suffixes or tail[-1] == "s"):
            tail.pop()
        if "".join(w[0] for w in before.split()) == left and "".join(w[0] for w in tail) == right:
            found[entity] = ALIAS
    return found


# A query that names most of the words of one entity's name, and is mostly made of them,
# means that entity: "103rd Detached Airborne Brigade" finds "Detached Airborne Brigade of
# Vitsebsk". Small words ("of", "the") count on neither side.
MOST_WORDS = 0.6
_SMALL_WORDS = frozenset("of the and for in on at a an de la".split())


def _named_within(db: sqlite3.Connection, query_words: list[str]) -> dict[int, float]:
    asked = {w for w in query_words if w not in _SMALL_WORDS}
    if len(asked) < 2:
        return {}
    names = _NameWords(db)
    names.load(list(asked))
    hits: dict[int, int] = defaultdict(int)
    for w in asked:
        for entity in names.entities(w):
            hits[entity] += 1
    candidates = [e for e, n in hits.items() if n >= MOST_WORDS * len(asked)]
    if not candidates:
        return {}
    found: dict[int, float] = {}
    for entity, key in select_in(
        db, "SELECT entity, key FROM names WHERE canonical = 1 AND entity IN ({marks})", candidates
    ):
        words = {w for w in key.split() if w not in _SMALL_WORDS}
        shared = len(words & asked)
        if words and shared >= MOST_WORDS * len(words):
            found[entity] = round(100.0 * shared / len(words | asked), 4)
    if not found:
        return {}
    best = max(found.values())
    return {e: score for e, score in found.items() if score == best}


def _without_fragments(rows: list[EntitySummary]) -> list[EntitySummary]:
    """Drop a person candidate named by one word that is the first or last word of another
    person candidate's name ("Reagan" beside "Ronald Reagan"): the longer name is the
    answer; and a company named in two words or more as another candidate without its legal
    suffix ("Baker International" beside "Baker International Corp"; not "Reuters" beside
    "Reuters Holdings Plc"). A full name stays beside a longer
    one ("Clayton Yeutter" beside a stray "Represenative Clayton Yeutter"), and so does a
    place or company that shares a word with a longer name ("Kobe", "Kobe Steel")."""
    people = [(r, name_key(r.name).split()) for r in rows if r.type == "person"]
    companies = [(r, name_key(r.name).split()) for r in rows if r.type == "organization"]

    def part_of_another(r: EntitySummary, words: list[str]) -> bool:
        return len(words) == 1 and any(other is not r and len(full) > 1 and words[0] in (full[0], full[-1]) for other, full in people)

    suffixes = _company_suffixes() if len(companies) > 1 else frozenset()

    def suffixed_elsewhere(r: EntitySummary, words: list[str]) -> bool:
        return len(words) >= 2 and any(
            other is not r and len(full) > len(words) and full[: len(words)] == words and all(w in suffixes for w in full[len(words) :])
            for other, full in companies
        )

    dropped = {id(r) for r, words in people if part_of_another(r, words)}
    dropped |= {id(r) for r, words in companies if suffixed_elsewhere(r, words)}
    return [r for r in rows if id(r) not in dropped]


@lru_cache(maxsize=1)
def _company_suffixes() -> frozenset[str]:
    """The extraction's list of legal suffixes of company names, read as a file (its module
    is not imported on the query path)."""
    path = Path(__file__).resolve().parent.parent / "extract" / "entities" / "data" / "company_suffixes.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(name_key(w) for line in lines if (w := line.strip()) and not w.startswith("#"))


def shared_surname(query: str, candidates: list[EntitySummary]) -> bool:
    """Whether a one-word query is the surname of two or more candidate people, each named
    in SHARED_SURNAME_ARTICLES articles or more, however much more one is mentioned: "Baker"
    is James Baker or Howard Baker; "Reagan" is Ronald Reagan, not a list with Nancy Reagan
    named once."""
    key = name_key(query)
    if not key or " " in key:
        return False
    bearers = 0
    for c in candidates:
        words = name_key(c.name).split()
        if c.type == "person" and len(words) > 1 and words[-1] == key and c.articles >= SHARED_SURNAME_ARTICLES:
            bearers += 1
    return bearers >= 2


class _NameWords:
    """The words of every name, looked up in the index's name_words tables."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.by_word: dict[str, set[int]] = defaultdict(set)

    def load(self, words: list[str]) -> None:
        """Fetch the entities of these words, in a few queries."""
        todo = [w for w in dict.fromkeys(words) if w not in self.by_word]
        for w in todo:
            self.by_word[w] = set()
        for w, e in select_in(self.db, "SELECT word, entity FROM name_words WHERE word IN ({marks})", todo):
            self.by_word[w].add(e)

    def entities(self, word: str) -> set[int]:
        if word not in self.by_word:
            self.load([word])
        return self.by_word.get(word, set())

    def prefixed(self, word: str) -> list[str]:
        found: dict[str, set[int]] = defaultdict(set)
        for w, e in self.db.execute(
            "SELECT word, entity FROM name_words WHERE word > ? AND word < ?", (word, word + "\U0010ffff")
        ):
            if w.startswith(word):
                found[w].add(e)
        self.by_word.update(found)
        return list(found)

    def closest(self, word: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """The `limit` words scoring best (at least `cutoff`) by ratio, ties in first-seen order."""
        from rapidfuzz import fuzz, process

        n = len(word)
        # ratio = 200 * common / (n + m) <= 200 * min(n, m) / (n + m): outside this band of
        # lengths no word reaches the cutoff.
        c = cutoff / 100
        lo = max(1, int(n * c / (2 - c)))
        hi = int(n * (2 - c) / c) + 1
        scored: list[tuple[float, int, str]] = []
        for words, orders in self.db.execute(
            "SELECT words, orders FROM name_word_lengths WHERE length BETWEEN ? AND ?", (lo, hi)
        ):
            choices = words.split("\n")
            hits = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
            if hits:
                order = orders.split(" ")
                scored.extend((-score, int(order[i]), w) for w, score, i in hits)
        scored.sort()
        return [(w, -neg) for neg, _, w in scored[:limit]]


def _fuzzy_name_match(db: sqlite3.Connection, query_words: list[str]) -> dict[int, float]:
    names = _NameWords(db)
    totals: dict[int, float] = {}
    for i, qw in enumerate(query_words):
        word_scores: dict[int, float] = {}
        candidates: list[tuple[str, float]] = []
        if names.entities(qw):
            candidates.append((qw, 100.0))
        if len(qw) >= 4:
            candidates.extend((w, 90.0) for w in names.prefixed(qw))
        cutoff = NAME_WORD_CUTOFF if len(qw) >= 5 else 88.0
        if len(qw) >= 3:
            candidates.extend((w, score * 0.95) for w, score in names.closest(qw, cutoff, 20))
        names.load([w for w, _ in candidates])
        for w, score in candidates:
            for entity in names.entities(w):
                if score > word_scores.get(entity, 0.0):
                    word_scores[entity] = score
        if i == 0:
            totals = word_scores
        else:
            totals = {e: s + word_scores[e] for e, s in totals.items() if e in word_scores}
        if not totals:
            return {}
    n = len(query_words)
    return {e: s / n for e, s in totals.items()}


def profile(db: sqlite3.Connection, entity_id: int, evidence_limit: int | None = None) -> Profile:
    name, type_, mentions, articles = db.execute(
        "SELECT name, type, mentions, articles FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    aliases = [
        s for (s,) in db.execute("SELECT surface FROM names WHERE entity = ? AND canonical = 0 ORDER BY rowid", (entity_id,))
    ]
    aliases = _distinct_aliases(name, aliases)
    role_rows = db.execute(
        "SELECT r.title, r.rule, r.sentence, a.date FROM roles r JOIN sentences s ON s.rowid = r.sentence "
        "JOIN articles a ON a.rowid = s.article WHERE r.entity = ? ORDER BY r.rowid",
        (entity_id,),
    ).fetchall()
    sentence_ids = [sid for (sid,) in db.execute(
        "SELECT DISTINCT sentence FROM mentions WHERE entity = ? ORDER BY sentence", (entity_id,)
    )]
    shown = sentence_ids[:evidence_limit] if evidence_limit else sentence_ids
    evidence = sentence_evidence(db, shown + [r[2] for r in role_rows])
    roles = _role_facts([r for r in role_rows if r[2] in evidence], evidence)
    related = _related(db, entity_id)
    dates = [d for (d,) in db.execute(
        "SELECT DISTINCT e.value FROM events e JOIN mentions m ON m.sentence = e.sentence "
        "WHERE m.entity = ? ORDER BY coalesce(e.sort_key, e.value)", (entity_id,)
    )]
    return Profile(
        name=name,
        type=type_,
        mentions=mentions,
        articles=articles,
        aliases=aliases,
        roles=roles,
        evidence=[evidence[s] for s in shown if s in evidence],
        related=related,
        dates=dates,
    )


_SENTENCE_END = tuple(".!?\"'”’)")


def _role_facts(rows: list[tuple[str, str, int, str | None]], evidence: dict[int, Evidence]) -> list[RoleFact]:
    """One fact per distinct role: its count, first and last article dates, and its best
    evidence: a whole sentence (not a fragment cut at a line break) that writes the title as
    shown, the earliest such."""
    out = []
    for shown, members in _role_groups([r[0] for r in rows]):
        group = [rows[i] for i in members]
        dates = sorted(d for *_, d in group if d)

        ranked = [
            (title != shown, not evidence[sid].text.rstrip().endswith(_SENTENCE_END), date or "9999", k)
            for k, (title, _, sid, date) in enumerate(group)
        ]
        _, rule, sid, _ = group[min(ranked)[3]]
        out.append(RoleFact(shown, rule, evidence[sid], len(group), dates[0] if dates else None, dates[-1] if dates else None))
    return out


def _distinct_aliases(name: str, aliases: list[str]) -> list[str]:
    seen = {name.casefold()}
    out = []
    for alias in aliases:
        folded = alias.casefold()
        if folded not in seen:
            seen.add(folded)
            out.append(alias)
    return out


def _related(db: sqlite3.Connection, entity_id: int, limit: int = 10) -> list[tuple[str, str, int]]:
    return [
        (name, type_, shared)
        for name, type_, shared in db.execute(
            "SELECT e.name, e.type, count(DISTINCT o.sentence) AS shared FROM mentions m "
            "JOIN mentions o ON o.sentence = m.sentence AND o.entity != m.entity "
            "JOIN entities e ON e.id = o.entity WHERE m.entity = ? "
            "GROUP BY o.entity ORDER BY shared DESC, e.mentions DESC, e.name LIMIT ?",
            (entity_id, limit),
        )
    ]


def entities_in_sentences(db: sqlite3.Connection, sentence_ids: list[int]) -> dict[int, list[tuple[int, str, str]]]:
    out: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    # The sentences go in ascending order, so the batches keep the rows sorted by sentence.
    for sid, eid, name, type_ in select_in(
        db,
        "SELECT DISTINCT m.sentence, e.id, e.name, e.type FROM mentions m JOIN entities e ON e.id = m.entity "
        "WHERE m.sentence IN ({marks}) ORDER BY m.sentence, m.start, m.entity",
        sorted(set(sentence_ids)),
    ):
        if all(eid != x[0] for x in out[sid]):
            out[sid].append((eid, name, type_))
    return out

