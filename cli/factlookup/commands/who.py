from __future__ import annotations

from ..env import Environment
from ..query.who import EntitySummary, find_entities, list_entities, profile
from ..output.render import Format, show_answers, show_candidates, show_entities, show_nothing, show_profile
from ..status import ExitStatus
from .common import answer

# Candidates scoring within this of the best are equally plausible readings of a name.
AMBIGUITY_MARGIN = 1.0
QUESTION_TYPES = ("person", "organization")


def run(
    env: Environment,
    name: str,
    corpus: list[str] | None,
    fmt: Format,
    types: list[str] | None = None,
    limit: int | None = None,
) -> ExitStatus:
    return answer(env, corpus, lambda db: _who(env, db, name, fmt, types, limit))


def _who(env: Environment, db, name: str, fmt: Format, types: list[str] | None, limit: int | None) -> ExitStatus:
    if not name.strip():
        rows = list_entities(db, types, limit)
        if not rows:
            show_nothing(env, fmt, "no entities in this corpus")
            return ExitStatus.NOT_FOUND
        show_entities(env, fmt, rows)
        return ExitStatus.FOUND
    candidates = find_entities(db, name, types)
    if candidates:
        best = _best(candidates)
        if len(best) == 1:
            show_profile(env, fmt, profile(db, best[0].id, evidence_limit=limit))
        else:
            show_candidates(env, fmt, name, best)
        return ExitStatus.FOUND
    status = _answer_question(env, db, name, fmt, types, limit)
    if status is ExitStatus.NOT_FOUND:
        show_nothing(env, fmt, f"nobody and nothing matches {name!r}")
    return status


def _best(candidates: list[EntitySummary]) -> list[EntitySummary]:
    top = candidates[0].score
    close = [c for c in candidates if c.score >= top - AMBIGUITY_MARGIN]
    # One entity named exactly as asked, or one that dwarfs the others, is the answer.
    if len(close) > 1 and close[0].mentions >= 5 * close[1].mentions and close[0].score > close[1].score:
        return close[:1]
    return close


def _answer_question(env, db, question: str, fmt: Format, types, limit) -> ExitStatus:
    """Not a name: the people and organisations in the sentences that best match it."""
    from ..query.who import entities_in_sentences
    from ..query.search import search

    if len(question.split()) < 2:
        return ExitStatus.NOT_FOUND
    hits = search(db, question, limit=10)
    if not hits:
        return ExitStatus.NOT_FOUND
    found = entities_in_sentences(db, [h.sentence for h in hits])
    wanted = tuple(types) if types else QUESTION_TYPES
    scores: dict[int, float] = {}
    for hit in hits:
        for eid, _name, etype in found.get(hit.sentence, []):
            if etype in wanted:
                scores[eid] = scores.get(eid, 0.0) + hit.score
    if not scores:
        return ExitStatus.NOT_FOUND
    rows = list_entities(db, list(wanted))
    by_id = {r.id: r for r in rows}
    answers = [by_id[e] for e in sorted(scores, key=lambda e: -scores[e]) if e in by_id]
    for a in answers:
        a.score = round(scores[a.id], 4)
    show_answers(env, fmt, question, answers[: limit or 10], hits)
    return ExitStatus.FOUND

