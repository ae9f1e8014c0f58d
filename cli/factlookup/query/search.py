"""Ranked, typo-tolerant sentence search over the index's full-text table.

A query is words, "quoted phrases" and -excluded words. Each word is matched as itself, as
the start of longer words (from 3 letters) and, when the index does not hold it, by close
spellings from the index's own vocabulary. Sentences are ranked by how well they match
(exact and whole words first, then prefixes, then close spellings; adjacent words in query
order first; with capitals in the query, the same capitals first), then by BM25.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from itertools import product

from ..extract.folding import fold
from ..models import Hit

# Weights of one query word's match in a sentence.
EXACT, PREFIX, FUZZY = 1.0, 0.7, 0.5
CASE_MISMATCH = 0.9  # a query with capitals prefers the same capitals
APART = 0.5  # the words of a hyphenated phrase present but not together
ADJACENT_BONUS = 0.5  # every query word in a row, in order

# Sentences shorter than this many words rank a little lower among equally good matches.
FRAGMENT_WORDS = 8

# Close spellings: edits allowed (insert, delete, substitute, swap two letters) by length.
FUZZY_MIN_LENGTH = 4
FUZZY_LIMIT = 6
PREFIX_MIN_LENGTH = 3
PREFIX_LIMIT = 40
# A word the index does hold is also read as a close spelling of a far more common word.
RARE_WORD_FACTOR = 20
RARE_WORD_DOCS = 2  # ...but only one the index holds at most this often: others are real words
# Past this many matching sentences, candidates are taken in index order, not by BM25.
COMMON_MATCHES = 8000

_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d")


def max_edits(word: str) -> int:
    n = len(word)
    if n < FUZZY_MIN_LENGTH or _DIGITS.search(word):
        return 0
    return 1 if n < 8 else 2


# The query's parts are plain classes, not dataclasses: a dataclass compiles its methods
# when it is made, on every call of `facts search` and `facts when`.
class Term:
    __slots__ = ("word", "original", "variants", "docs", "unmatched")

    def __init__(self, word: str, original: str = "", variants: dict[str, float] | None = None) -> None:
        self.word = word  # folded
        self.original = original  # as typed, accents removed, case kept
        self.variants: dict[str, float] = {} if variants is None else variants  # vocabulary word -> weight
        self.docs: dict[str, int] = {}  # vocabulary word -> sentences holding it
        # Variants no sentence holding every other query word holds: left out of full-text
        # statements, which they could neither match nor score (see _prune).
        self.unmatched: frozenset[str] = frozenset()

    @property
    def smart_case(self) -> bool:
        return self.original != self.original.lower()


class Group:
    """A word, a hyphenated word or a quoted phrase; alternatives spell it differently."""

    __slots__ = ("terms", "quoted", "alternatives")

    def __init__(self, terms: list[Term], quoted: bool = False) -> None:
        self.terms = terms
        self.quoted = quoted
        self.alternatives: list[list[Term]] = []  # "e-mail" <-> "email"

    @property
    def spellings(self) -> list[list[Term]]:
        return [self.terms, *self.alternatives]


class Query:
    __slots__ = ("groups", "excluded")

    def __init__(self, groups: list[Group], excluded: list[str]) -> None:
        self.groups = groups
        self.excluded = excluded

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def bare(self) -> list[Term]:
        """The words outside quotes, in order: together they also read as a phrase."""
        return [t for g in self.groups if not g.quoted for t in g.terms]


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to decompose: the weighing asks this of every matched word
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _terms(text: str) -> list[Term]:
    terms = []
    for m in _WORD.finditer(text):
        # A compatibility character may unfold into a space and marks ("ﱞ"): no word is left.
        word = "".join(fold(m.group()).split())
        if word:
            terms.append(Term(word, _strip_accents(m.group())))
    return terms


def parse_query(text: str) -> Query:
    """Words, "quoted phrases" and -excluded words; hyphenated words are phrases."""
    groups: list[Group] = []
    excluded: list[str] = []
    for m in _QUERY_TOKEN.finditer(text):
        negate, phrase, bare = m.group(1), m.group(2), m.group(3)
        if phrase is not None:
            if negate:
                excluded.extend(_WORD.findall(fold(phrase)))
            else:
                terms = _terms(phrase)
                if terms:
                    groups.append(Group(terms, quoted=True))
            continue
        if bare.startswith("-") and len(bare) > 1 and _WORD.search(bare[1:]):
            excluded.extend(_WORD.findall(fold(bare[1:])))
            continue
        terms = _terms(bare)
        if terms:
            groups.append(Group(terms))
    return Query(_distinct(groups)[:MAX_GROUPS], list(dict.fromkeys(excluded))[:MAX_GROUPS])


# A sentence can hold only so many different words; past this a query is a paste, not a
# question, and each more word only costs time.
MAX_GROUPS = 32


def _distinct(groups: list[Group]) -> list[Group]:
    seen: set[tuple[tuple[str, ...], bool]] = set()
    out = []
    for g in groups:
        key = (tuple(t.word for t in g.terms), g.quoted)
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out


# -- the vocabulary ------------------------------------------------------------------------

class _Vocabulary:
    """Exact, prefix and close-spelling look-ups against the index's words."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._lengths: dict[int, list[str]] = {}
        self._docs: dict[str, int] = {}

    def docs(self, word: str) -> int:
        if word not in self._docs:
            row = self.db.execute("SELECT docs FROM terms WHERE term = ?", (word,)).fetchone()
            self._docs[word] = row[0] if row else 0
        return self._docs[word]

    def prefixed(self, word: str) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT term, docs FROM terms WHERE term > ? AND term < ? ORDER BY docs DESC, term LIMIT ?",
            (word, word + "\U0010ffff", PREFIX_LIMIT),
        ).fetchall()
        self._docs.update(rows)
        return rows

    def of_length(self, n: int) -> list[str]:
        if n not in self._lengths:
            row = self.db.execute("SELECT terms FROM term_lengths WHERE length = ?", (n,)).fetchone()
            self._lengths[n] = row[0].split("\n") if row and row[0] else []
        return self._lengths[n]

    def close(self, word: str, edits: int) -> list[tuple[str, int]]:
        """Words within `edits` edits of `word`, fewest edits first."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found: list[tuple[str, int]] = []
        for n in range(len(word) - edits, len(word) + edits + 1):
            choices = self.of_length(n)
            if not choices:
                continue
            for term, distance, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=edits, limit=FUZZY_LIMIT * 4
            ):
                if term != word:
                    found.append((term, int(distance)))
        found.sort(key=lambda x: (x[1], x[0]))
        return found


def expand(db: sqlite3.Connection, query: Query) -> None:
    """Give each query word its exact, prefix and close-spelling variants from the vocabulary."""
    vocab = _Vocabulary(db)
    seen: dict[str, dict[str, float]] = {}
    for group in query.groups:
        for term in group.terms:
            if term.word not in seen:
                seen[term.word] = _variants(vocab, term.word)
            term.variants = dict(seen[term.word])
        _add_spacing_alternatives(vocab, group, seen)
        for spelling in group.spellings:
            for term in spelling:
                term.docs = {v: vocab.docs(v) for v in term.variants}


def _variants(vocab: _Vocabulary, word: str) -> dict[str, float]:
    variants: dict[str, float] = {}
    docs = vocab.docs(word)
    if docs:
        variants[word] = EXACT
    if len(word) >= PREFIX_MIN_LENGTH:
        for v, _ in vocab.prefixed(word):
            variants.setdefault(v, PREFIX)
    edits = max_edits(word) if docs <= RARE_WORD_DOCS else 0
    if edits:
        close = vocab.close(word, edits)
        if docs:
            # A word the index holds: only far more common spellings, as likely typos of it.
            close = [(v, d) for v, d in close if vocab.docs(v) >= RARE_WORD_FACTOR * docs]
        for v, distance in close[:FUZZY_LIMIT]:
            similarity = 1.0 - distance / max(len(word), len(v))
            variants.setdefault(v, round(FUZZY * similarity, 4))
    return variants


def _add_spacing_alternatives(vocab: _Vocabulary, group: Group, seen: dict[str, dict[str, float]]) -> None:
    """"e-mail" also as "email"; a word missing from the index also as two words ("bypass")."""
    if len(group.terms) > 1:
        joined = "".join(t.word for t in group.terms)
        if vocab.docs(joined):
            group.alternatives.append([Term(joined, "".join(t.original for t in group.terms), {joined: EXACT})])
        return
    term = group.terms[0]
    if term.word in term.variants or len(term.word) < 5 or _DIGITS.search(term.word):
        return
    best: tuple[int, int] | None = None
    for i in range(2, len(term.word) - 1):
        left, right = term.word[:i], term.word[i:]
        a, b = vocab.docs(left), vocab.docs(right)
        if a and b and (best is None or min(a, b) > best[1]):
            best = (i, min(a, b))
    if best:
        i = best[0]
        group.alternatives.append([
            Term(term.word[:i], term.original[:i], {term.word[:i]: EXACT}),
            Term(term.word[i:], term.original[i:], {term.word[i:]: EXACT}),
        ])


# -- full-text expressions -----------------------------------------------------------------


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _spelt(term: Term, level: float) -> list[str]:
    """The term's spellings a statement at this level asks for, in the variants' order."""
    unmatched = term.unmatched
    return [v for v, w in term.variants.items() if w >= level and v not in unmatched]


def _term_expr(term: Term, level: float) -> str | None:
    words = _spelt(term, level)
    if not words:
        return None
    return _quote(words[0]) if len(words) == 1 else "(" + " OR ".join(_quote(v) for v in words) + ")"


def _sequence_expr(terms: list[Term], level: float, adjacent: bool) -> str | None:
    parts = [_term_expr(t, level) for t in terms]
    if any(p is None for p in parts):
        return None
    if len(terms) == 1:
        return parts[0]
    if adjacent:
        # Phrases or words apart: decided on every spelling, as if none were left out, so
        # that leaving some out never changes which sentences match.
        combos = 1
        for t in terms:
            combos *= sum(1 for w in t.variants.values() if w >= level)
        if combos <= 32:
            choices = [_spelt(t, level) for t in terms]
            return "(" + " OR ".join(_quote(" ".join(words)) for words in product(*choices)) + ")"
    return "(" + " AND ".join(parts) + ")"


def _group_expr(group: Group, level: float) -> str | None:
    parts = [e for e in (_sequence_expr(s, level, group.quoted) for s in group.spellings) if e]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


# At most this many look-ups of whether a spelling meets another query word (a tenth of a
# millisecond or less each): past it, the remaining spellings are all asked for.
PRUNE_CHECKS = 16


def _prune(db: sqlite3.Connection, query: Query) -> None:
    """Leave out of the full-text statements each prefix or close spelling that no sentence
    holds together with the rarest other query word (any of its spellings).

    A sentence that matches a statement holds every group of the query at some level, so it
    holds no such spelling: asking for it matches no more sentences, and BM25 adds nothing for
    a phrase a sentence does not hold, so every other sentence keeps its exact score. Yet
    FTS5 reads each phrase's whole position lists to weigh it: 18 spellings of "oil" with
    "prices" cost more than the rest of the search. The exact words are always asked for.
    """
    if len(query.groups) < 2:
        return  # no other word to meet: every spelling is held by some sentence
    # The rarest group rules out the most at the least cost: one group, not all of them.
    sizes = [sum(t.docs.get(v, 0) for s in g.spellings for t in s for v in t.variants) for g in query.groups]
    order = sorted(range(len(sizes)), key=sizes.__getitem__)
    checks = 0
    for i, group in enumerate(query.groups):
        other = order[1] if order[0] == i else order[0]
        rest = _group_expr(query.groups[other], 0.0)
        if not rest:
            continue
        for spelling in group.spellings:
            for term in spelling:
                loose = [v for v, w in term.variants.items() if w < EXACT]
                if not loose:
                    continue
                # One look-up for all of them first: often none meets the other word.
                checks += 1
                if checks > PRUNE_CHECKS:
                    return
                if not _meets(db, loose, rest):
                    term.unmatched = frozenset(loose)
                    continue
                unmatched = set()
                for v in loose:
                    checks += 1
                    if checks > PRUNE_CHECKS:
                        break
                    if not _meets(db, [v], rest):
                        unmatched.add(v)
                term.unmatched = frozenset(unmatched)


def _meets(db: sqlite3.Connection, words: list[str], rest: str) -> bool:
    """Whether a sentence holds one of the words and matches `rest`."""
    expression = "(" + " OR ".join(_quote(w) for w in words) + ")" + (" AND " + rest if rest else "")
    try:
        return db.execute("SELECT 1 FROM sentence_text WHERE sentence_text MATCH ? LIMIT 1", (expression,)).fetchone() is not None
    except sqlite3.OperationalError:
        return True  # not known: keep them


def _estimate(query: Query, level: float) -> int:
    """At most this many sentences match at this level: the rarest group bounds them."""
    bound = None
    for group in query.groups:
        n = max(
            min(sum(c for v, c in t.docs.items() if t.variants.get(v, 0) >= level) for t in spelling)
            for spelling in group.spellings
        )
        bound = n if bound is None else min(bound, n)
    return bound or 0


def _expressions(query: Query) -> list[tuple[str, float]]:
    """Full-text expressions from the strictest (exact words, side by side) to the loosest."""
    out: list[tuple[str, float]] = []
    bare = query.bare
    quoted = [g for g in query.groups if g.quoted]
    not_expr = ""
    if query.excluded:
        not_expr = " NOT (" + " OR ".join(_quote(w) for w in dict.fromkeys(query.excluded)) + ")"
    for level in (EXACT, PREFIX, 0.0):
        if len(bare) > 1:
            together = _sequence_expr(bare, level, adjacent=True)
            rest = [_group_expr(g, level) for g in quoted]
            if together and all(rest):
                out.append((" AND ".join([together, *rest]) + not_expr, level))
        parts = [_group_expr(g, level) for g in query.groups]
        if all(parts):
            out.append((" AND ".join(parts) + not_expr, level))
    return list(dict.fromkeys(out))


# -- search --------------------------------------------------------------------------------


def search(
    db: sqlite3.Connection,
    text: str,
    limit: int | None = 20,
    article: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    candidates: int | None = None,
) -> list[Hit]:
    """Sentences matching the query, best first; empty when a word matches nothing closely.

    Each full-text expression, strictest first, contributes its best `candidates` sentences
    by BM25, which are then ranked by how well they match.
    """
    if candidates is None:
        candidates = max(60, 3 * limit) if limit else 400
    query = parse_query(text)
    if query.empty:
        return []
    expand(db, query)
    if any(not any(all(t.variants for t in s) for s in g.spellings) for g in query.groups):
        return []  # a word that matches nothing closely: no sentence can hold every word
    _prune(db, query)
    expressions = _expressions(query)
    if not expressions:
        return []

    where = ""
    args: list = []
    if article:
        # A copy folded into an earlier article (index/duplicates.py) is searched as that article.
        span = db.execute(
            "SELECT first_sentence, first_sentence + sentence_count - 1 FROM articles "
            "WHERE id = coalesce((SELECT original FROM duplicates WHERE article = ?1), ?1) AND sentence_count > 0",
            (article,),
        ).fetchone()
        if not span or span[0] is None:
            return []
        where += " AND rowid BETWEEN ? AND ?"
        args.extend(span)
    date_filter = ""
    date_args: list = []
    if date_from:
        date_filter += " AND a.date >= ?"
        date_args.append(date_from)
    if date_to:
        date_filter += " AND a.date <= ? || '~'"
        date_args.append(date_to)

    ranks: dict[int, float] = {}
    asked: set[tuple[str, str]] = set()
    for expression, level in expressions:
        # Ranking every sentence of a word found nearly everywhere costs more than it tells:
        # then the first sentences holding it are candidates, ranked below by how they match.
        order = " ORDER BY rank" if article or _estimate(query, level) <= COMMON_MATCHES else ""
        if date_filter:
            sql = (
                "SELECT f.rowid, f.rank FROM sentence_text f JOIN sentences s ON s.rowid = f.rowid "
                f"JOIN articles a ON a.rowid = s.article WHERE sentence_text MATCH ?{where.replace('rowid', 'f.rowid')}"
                f"{date_filter}{order.replace('rank', 'f.rank')} LIMIT ?"
            )
        else:
            sql = f"SELECT rowid, rank FROM sentence_text WHERE sentence_text MATCH ?{where}{order} LIMIT ?"
        if (sql, expression) in asked:
            continue  # a looser level that adds no spelling: the same statement, the same rows
        asked.add((sql, expression))
        try:
            rows = db.execute(sql, [expression, *args, *date_args, candidates]).fetchall()
        except sqlite3.OperationalError:
            continue
        for sid, rank in rows:
            ranks.setdefault(sid, rank)
    if not ranks:
        return []
    hits = _ranked(db, query, ranks, limit)
    hits.sort(key=lambda h: (-h.score, h.article, h.start))
    return hits[:limit] if limit else hits


def _ranked(db: sqlite3.Connection, query: Query, ranks: dict[int, float], limit: int | None) -> list[Hit]:
    """The candidates as hits, scored; with a limit, only those that can be among the best.

    A candidate scores at most its BM25 share plus the best match quality there is, so they
    are read best bound first, a batch at a time, until `limit` hits score above every bound
    left: reading a sentence (inflating its article) and weighing its words is most of the
    cost of a search, and most candidates are only there in case the best ones fall short.
    """
    best_quality = 1.0 + (ADJACENT_BONUS if len(query.bare) > 1 else 0.0)
    if not limit:
        return [h for h in (_hit(row, query, ranks) for row in _sentences(db, list(ranks))) if h]
    bounds = {sid: _score(best_quality, _relevance(rank), 1.0) for sid, rank in ranks.items()}
    order = sorted(ranks, key=bounds.__getitem__, reverse=True)
    hits: list[Hit] = []
    scores: list[float] = []
    batch = max(limit, 10)
    for i in range(0, len(order), batch):
        if len(scores) >= limit and scores[limit - 1] > bounds[order[i]]:
            break  # every candidate left scores below `limit` hits already found
        for row in _sentences(db, order[i : i + batch]):
            hit = _hit(row, query, ranks)
            if hit:
                hits.append(hit)
                scores.append(hit.score)
        scores.sort(reverse=True)
    return hits


def _relevance(rank: float) -> float:
    return max(0.0, -rank)


def _score(quality: float, relevance: float, length_share: float) -> float:
    # Within a tier of match quality, BM25 decides, tempered for fragments of a few words
    # ("Volcker said."), which BM25 favours for their shortness; it never crosses tiers.
    return round(10 * quality + relevance / (1 + relevance) * length_share, 4)


def _hit(row: tuple, query: Query, ranks: dict[int, float]) -> Hit | None:
    sid, art, title, date, author, start, end, sentence = row
    tokens = _tokens(sentence)
    quality, spans = _quality(tokens, query)
    if quality <= 0:
        return None
    # An ASCII sentence's words are its tokens: lower-casing moves no word boundary there.
    words = len(tokens) if sentence.isascii() else len(_WORD.findall(sentence))
    score = _score(quality, _relevance(ranks[sid]), min(1.0, words / FRAGMENT_WORDS))
    matches = tuple((start + a, start + b) for a, b in spans)
    return Hit(sentence, score, art, start, end, title or "", date, matches, sid, author)


def _sentences(db: sqlite3.Connection, ids: list[int]):
    from ..index.store import select_in

    return select_in(
        db,
        'SELECT s.rowid, a.id, a.title, a.date, a.author, s.start, s."end", substr(article_text(a.rowid, a.text), s.start + 1, s."end" - s.start) '
        "FROM sentences s JOIN articles a ON a.rowid = s.article WHERE s.rowid IN ({marks})",
        ids,
    )


# -- ranking -------------------------------------------------------------------------------


def _token_weight(term: Term, folded: str, original: str) -> float:
    weight = term.variants.get(folded, 0.0)
    if weight and term.smart_case:
        plain = _strip_accents(original)
        if weight >= EXACT:
            same = plain == term.original
        elif weight >= PREFIX:
            same = plain.startswith(term.original)
        else:
            same = plain[:1].isupper() == term.original[:1].isupper()
        if not same:
            weight *= CASE_MISMATCH
    return weight


def _runs(tokens, terms: list[Term]) -> tuple[float, list[tuple[int, int]]]:
    """The best run of the terms side by side, in order: (mean weight, spans of every run)."""
    best = 0.0
    spans: list[tuple[int, int]] = []
    n = len(terms)
    first = terms[0].variants
    for i in range(len(tokens) - n + 1):
        if tokens[i][0] not in first:
            continue  # no run starts here
        weights = []
        for j in range(n):
            w = _token_weight(terms[j], tokens[i + j][0], tokens[i + j][1])
            if not w:
                break
            weights.append(w)
        else:
            best = max(best, sum(weights) / n)
            spans.extend((tokens[i + j][2], tokens[i + j][3]) for j in range(n))
    return best, spans


def _apart(tokens, terms: list[Term]) -> tuple[float, list[tuple[int, int]]]:
    total = 0.0
    spans: list[tuple[int, int]] = []
    for term in terms:
        variants = term.variants  # a word outside them weighs 0: skip the call
        found = [
            (w, a, b) for folded, original, a, b in tokens if folded in variants and (w := _token_weight(term, folded, original))
        ]
        if not found:
            return 0.0, []
        total += max(w for w, _, _ in found)
        spans.extend((a, b) for _, a, b in found)
    return total / len(terms), spans


def _fold(text: str) -> str:
    return text.lower() if text.isascii() else fold(text)


_span = re.Match.span


def _tokens(sentence: str) -> list[tuple[str, str, int, int]]:
    """(folded, as written, start, end) for each word of the sentence."""
    folded = _fold(sentence)
    if len(folded) == len(sentence):
        return [(folded[a:b], sentence[a:b], a, b) for a, b in map(_span, _WORD.finditer(folded))]
    return [(fold(m.group()), m.group(), m.start(), m.end()) for m in _WORD.finditer(sentence)]


def match_quality(sentence: str, query: Query) -> tuple[float, list[tuple[int, int]]]:
    """How well a sentence matches (0 when it does not) and where its matched words are."""
    return _quality(_tokens(sentence), query)


def _quality(tokens: list[tuple[str, str, int, int]], query: Query) -> tuple[float, list[tuple[int, int]]]:
    excluded = set(query.excluded)
    if excluded and any(t[0] in excluded for t in tokens):
        return 0.0, []
    total = 0.0
    group_spans: list[list[tuple[int, int]]] = []
    for group in query.groups:
        best, best_spans = 0.0, []
        for terms in group.spellings:
            if len(terms) == 1:
                weight, where = _apart(tokens, terms)
            else:
                weight, where = _runs(tokens, terms)
                if not weight and not group.quoted:
                    weight, where = _apart(tokens, terms)
                    weight *= APART
            if weight > best:
                best, best_spans = weight, where
        if not best:
            return 0.0, []
        total += best
        group_spans.append(best_spans)
    quality = total / len(query.groups)
    bare = query.bare
    if len(bare) > 1:
        runs = _bare_runs(tokens, bare)
        if runs:
            # Query words side by side, in order: the longer the run the better. Mark the
            # runs, and a word outside every run wherever it is ("to" only within "shoot to kill").
            longest = max(runs, key=lambda r: (r[1], r[2]))
            quality += ADJACENT_BONUS * longest[2] * (longest[1] - 1) / (len(bare) - 1)
            covered = {k for start, length, _, _ in runs for k in range(start, start + length)}
            kept = [s for g, ss in zip(query.groups, group_spans) if g.quoted for s in ss]
            kept.extend(s for _, _, _, spans in runs for s in spans)
            for k, term in enumerate(bare):
                if k not in covered:
                    kept.extend(_apart(tokens, [term])[1])
            group_spans = [kept]
    return quality, sorted({s for ss in group_spans for s in ss})


def _bare_runs(tokens, bare: list[Term]) -> list[tuple[int, int, float, list[tuple[int, int]]]]:
    """Runs of two or more consecutive query words found side by side, in order:
    (first query word, length, mean weight, spans)."""
    runs = []
    n = len(bare)
    starts = {v for term in bare[:-1] for v in term.variants}
    for i in range(len(tokens) - 1):
        if tokens[i][0] not in starts:
            continue  # no query word here: no run starts at this token
        for k in range(n - 1):
            if tokens[i][0] not in bare[k].variants:
                continue
            weights = []
            while k + len(weights) < n and i + len(weights) < len(tokens):
                folded, original, _, _ = tokens[i + len(weights)]
                w = _token_weight(bare[k + len(weights)], folded, original)
                if not w:
                    break
                weights.append(w)
            if len(weights) >= 2:
                spans = [(tokens[i + d][2], tokens[i + d][3]) for d in range(len(weights))]
                runs.append((k, len(weights), sum(weights) / len(weights), spans))
    return runs
