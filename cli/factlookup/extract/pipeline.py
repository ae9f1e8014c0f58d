"""Per-article extraction: sentences, entities and time expressions.

This is the one place the index builder calls; the recogniser, the entity rules and the
temporal tagger behind it can change without the index or the commands noticing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Article, Entity, Timex
from .language import is_english
from .text import split_sentences


@dataclass(slots=True)
class ArticleFacts:
    article: Article
    sentences: list[tuple[int, int]]
    entities: list[Entity]
    timexes: list[Timex]


def extract(article: Article) -> ArticleFacts:
    from .entities.grouping import article_entities
    from .ner import recognise
    from .timex import tag

    text = article.text
    sentences = split_sentences(text)
    if not is_english(article.language):
        # The recogniser and the tagger know English only: in another language they would
        # find names and dates that are not there. Its sentences are still searchable.
        return ArticleFacts(article, sentences, [], [])
    spans = recognise(text, sentences)
    entities = article_entities(article, sentences, spans)
    timexes = tag(text, article.date, sentences)
    return ArticleFacts(article, sentences, entities, timexes)


def tag_times(article: Article, reference_date: str | None) -> list[Timex]:
    """Re-tag an article's time expressions against another reference date (`--anchor`)."""
    from .timex import tag

    return tag(article.text, reference_date, split_sentences(article.text))
