from __future__ import annotations

from ..env import Environment
from ..models import DOMINANT_SHARE, EntitySummary
from ..output.render import Format, show_answers, show_candidates, show_chart, show_entities, show_nothing, show_profile
from ..query.facade import Index
from ..status import ExitStatus, FactsError
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
    chart: bool = False,
) -> ExitStatus:
    if chart and not name.strip():
        raise FactsError("--chart draws the mentions of one name; say whose")
    return answer(env, corpus, lambda index: _who(env, index, name, fmt, types, limit, chart))


def _who(
    env: Environment, index: Index, name: str, fmt: Format, types: list[str] | None, limit: int | None, chart: bool = False
) -> ExitStatus:
    if not name.strip():
        rows = index.entities(types, limit)
        if not rows:
            show_nothing(env, fmt, "no entities in this corpus")
            return ExitStatus.NOT_FOUND
        show_entities(env, fmt, rows)
        return ExitStatus.FOUND
    candidates = index.match_names(name, types)
    if candidates:
        best = _best(name, candidates)
        if len(best) == 1 and chart:
            from ..output.chart import build

            show_chart(env, fmt, build(index.mention_dates(best[0].id), "mentions"))
        elif len(best) == 1:
            show_profile(env, fmt, index.profile(best[0].id, evidence_limit=limit))
        else:
            show_candidates(env, fmt, name, best)
        return ExitStatus.FOUND
    if chart:
        show_nothing(env, fmt, f"nobody and nothing is named {name!r}")
        return ExitStatus.NOT_FOUND
    status = _answer_question(env, index, name, fmt, types, limit)
    if status is ExitStatus.NOT_FOUND:
        show_nothing(env, fmt, f"nobody and nothing matches {name!r}")
    return status


def _best(name: str, candidates: list[EntitySummary]) -> list[EntitySummary]:
    from ..query.who import shared_surname

    top = candidates[0].score
    close = [c for c in candidates if c.score >= top - AMBIGUITY_MARGIN]
    if len(close) > 1 and close[0].mentions >= DOMINANT_SHARE * sum(c.mentions for c in close) and not shared_surname(name, close):
        return close[:1]
    return close


def _answer_question(env: Environment, index: Index, question: str, fmt: Format, types, limit) -> ExitStatus:
    """Not a name: the people and organisations in the sentences that best match it."""
    if len(question.split()) < 2:
        return ExitStatus.NOT_FOUND
    hits = index.search(question, limit=10)
    if not hits:
        return ExitStatus.NOT_FOUND
    found = index.entities_in_sentences([h.sentence for h in hits])
    wanted = tuple(types) if types else QUESTION_TYPES
    scores: dict[int, float] = {}
    for hit in hits:
        for eid, _name, etype in found.get(hit.sentence, []):
            if etype in wanted:
                scores[eid] = scores.get(eid, 0.0) + hit.score
    if not scores:
        return ExitStatus.NOT_FOUND
    by_id = {r.id: r for r in index.entities(list(wanted))}
    answers = [by_id[e] for e in sorted(scores, key=lambda e: -scores[e]) if e in by_id]
    for a in answers:
        a.score = round(scores[a.id], 4)
    show_answers(env, fmt, question, answers[: limit or 10], hits)
    return ExitStatus.FOUND
