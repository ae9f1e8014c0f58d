"""Boilerplate: the datelines, bylines and sign-offs a source repeats on its stories.

Extraction sees one article at a time, so it cannot tell "Reuter" closing every story from
a company named in one. The corpus can: at build time, after extraction, the lines of each
article and the short token runs at its two ends are counted by document frequency, per
source (the articles without a source form one group of their own):

- a whole line (spacing and case folded), anywhere in the article: "Reuter",
  "By Staff Writer", is boilerplate when at least MIN_ARTICLES articles of the group and
  LINE_SHARE of them carry it;
- a run of one to MAX_TOKENS tokens, within the first or the last EDGE_TOKENS tokens of the
  article and not across a line break ("(Reuters) -" after a dateline city), when at least
  MIN_ARTICLES and RUN_SHARE of them carry it at that end. The bar is higher than for a
  line because the start of a story also holds its news: on Reuters-21578 the dateline
  city "NEW YORK," opens 12.8% of the stories and "WASHINGTON," 10.1%, while the sign-off
  closes 99%.

A repeated sequence whose words the articles that carry it also use elsewhere in their text,
in at least CONTENT_SHARE of them, is what those articles are about (a company opening most
of a corpus about it), not boilerplate.

Each occurrence of a boilerplate sequence is a boilerplate region of its article; a mention
that lies inside the regions is not counted. Only what repeats is covered: in
"WASHINGTON (Reuters) -" the city varies from story to story and stays a mention while
"(Reuters)" does not, unless the whole dateline is repeated. A group of fewer than
MIN_ARTICLES articles has no boilerplate, so a small corpus keeps every name.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Article, Entity

MIN_ARTICLES = 20
LINE_SHARE = 0.10
RUN_SHARE = 0.50
CONTENT_SHARE = 0.50

EDGE_TOKENS = 8  # how far into the article, from each end, runs are counted
MAX_TOKENS = 4  # the longest run counted

_EDGE_CHARS = 96  # characters read from the end for its tokens; more when not enough
_LEAD, _TAIL, _LINE = "lead", "tail", "line"
_WORD = re.compile(r"[^\W_]+")
# Tokens split as the recogniser's do where it matters here (extract/text.py): dotted
# abbreviations and words with inner hyphens, dots or apostrophes stay whole, any other
# character is a token of its own. A lighter pattern, as it runs over every article.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}(?![A-Za-z])|[^\W_]+(?:[-.&'’][^\W_]+)*|\S")

Region = tuple[int, int]


@dataclass(slots=True)
class Boilerplate:
    regions: list[list[Region]]  # per article, merged, in text order
    sequences: list[tuple[str, str, int]] = field(default_factory=list)  # (where, text, articles)


def find_boilerplate(articles: Sequence[Article]) -> Boilerplate:
    """The boilerplate regions of each article's text, and the sequences found."""
    groups: dict[str | None, list[int]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(article.source, []).append(i)
    result = Boilerplate([[] for _ in articles])
    for members in groups.values():
        if len(members) >= MIN_ARTICLES:
            _find_in_group(articles, members, result)
    result.sequences.sort(key=lambda s: (-s[2], s[0], s[1]))
    return result


def without_boilerplate(entities: list[Entity], regions: list[Region]) -> list[Entity]:
    """An article's entities without the mentions inside its boilerplate regions; an entity
    left with no mention is left out."""
    if not regions:
        return entities
    out = []
    for entity in entities:
        kept = [m for m in entity.mentions if not _inside(m.start, m.end, regions)]
        if len(kept) == len(entity.mentions):
            out.append(entity)
        elif kept:
            out.append(Entity(entity.name, entity.type, entity.aliases, entity.roles, kept, entity.article))
    return out


def _find_in_group(articles: Sequence[Article], members: list[int], result: Boilerplate) -> None:
    size = len(members)
    floors = {
        _LINE: max(MIN_ARTICLES, math.ceil(LINE_SHARE * size)),
        _LEAD: max(MIN_ARTICLES, math.ceil(RUN_SHARE * size)),
    }
    floors[_TAIL] = floors[_LEAD]

    # Count by document frequency. Keys are hashes, so the counts stay small; each article's
    # runs are kept (hash, start, end) for the second pass, which needs no tokenizing.
    line_counts: Counter[int] = Counter()
    run_counts: Counter[int] = Counter()
    article_runs: list[array] = []
    for i in members:
        text = articles[i].text
        line_counts.update({hash(_fold_line(line)) for line in text.split("\n")})
        runs = _runs(text)
        article_runs.append(runs)
        run_counts.update(set(runs[0:-1:3]))
    line_counts.pop(hash(""), None)
    repeated_lines = {key for key, n in line_counts.items() if n >= floors[_LINE]}
    repeated_runs = {key for key, n in run_counts.items() if n >= floors[_LEAD]}
    del line_counts, run_counts
    if not repeated_lines and not repeated_runs:
        return

    # Where they occur: per sequence, per article, the first occurrence.
    found: dict[tuple[str, int], dict[int, Region]] = {}
    for i, runs in zip(members, article_runs):
        text = articles[i].text
        if repeated_lines:
            for key, start, end in _lines(text):
                if key in repeated_lines:
                    found.setdefault((_LINE, key), {}).setdefault(i, (start, end))
        if repeated_runs:
            lead_values = runs[-1]  # stored after the runs
            for k in range(0, len(runs) - 1, 3):
                if runs[k] in repeated_runs:
                    where = _LEAD if k < lead_values else _TAIL
                    found.setdefault((where, runs[k]), {}).setdefault(i, (runs[k + 1], runs[k + 2]))
    del article_runs
    spans: dict[int, list[Region]] = {}
    for (where, _), carriers in found.items():
        if len(carriers) < floors[where] or _is_content(articles, carriers):
            continue  # a hash shared by chance, or the news itself
        i, (start, end) = next(iter(carriers.items()))
        result.sequences.append((where, _fold_line(articles[i].text[start:end]), len(carriers)))
        for i, region in carriers.items():
            spans.setdefault(i, []).append(region)
    for i, regions in spans.items():
        result.regions[i] = _merge(regions)


def _fold_line(line: str) -> str:
    return " ".join(line.split()).casefold()


def _lines(text: str):
    """Each line that is not blank: (hash of its folded text, start, end without spacing)."""
    pos = 0
    length = len(text)
    while pos < length:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = length
        line = text[pos:nl]
        folded = _fold_line(line)
        if folded:
            yield hash(folded), pos + len(line) - len(line.lstrip()), pos + len(line.rstrip())
        pos = nl + 1


def _runs(text: str) -> array:
    """The runs of one to MAX_TOKENS tokens among the first and among the last EDGE_TOKENS
    tokens, not across a line break, that begin and end with a word (a name can only lie
    inside those): flat (hash, start, end) triples, the leading runs first, then one more
    number: how many values the leading runs take."""
    out = array("q")
    lead_values = 0
    for where, tokens in ((_LEAD, _lead_tokens(text)), (_TAIL, _tail_tokens(text))):
        count = len(tokens)
        folded = [t[2].casefold() for t in tokens]
        wordy = [_WORD.search(w) is not None for w in folded]
        for i in range(count):
            if not wordy[i]:
                continue
            for j in range(i, min(i + MAX_TOKENS, count)):
                if j > i and "\n" in text[tokens[j - 1][1] : tokens[j][0]]:
                    break
                if wordy[j]:
                    out.extend((hash((where, " ".join(folded[i : j + 1]))), tokens[i][0], tokens[j][1]))
        if where == _LEAD:
            lead_values = len(out)
    out.append(lead_values)
    return out


def _lead_tokens(text: str) -> list[tuple[int, int, str]]:
    tokens = []
    for match in _TOKEN.finditer(text):
        tokens.append((match.start(), match.end(), match.group()))
        if len(tokens) == EDGE_TOKENS:
            break
    return tokens


def _tail_tokens(text: str) -> list[tuple[int, int, str]]:
    limit = _EDGE_CHARS
    while True:
        start = max(0, len(text) - limit)
        matches = list(_TOKEN.finditer(text, start))
        # The first token read may be cut at the limit: it must not be among the last ones.
        if len(matches) > EDGE_TOKENS or start == 0:
            return [(m.start(), m.end(), m.group()) for m in matches[-EDGE_TOKENS:]]
        limit *= 4


def _is_content(articles: Sequence[Article], where_found: dict[int, Region]) -> bool:
    """Do at least CONTENT_SHARE of the articles use the sequence's words elsewhere too?"""
    needed = math.ceil(CONTENT_SHARE * len(where_found))
    hits = 0
    for checked, (i, (start, end)) in enumerate(where_found.items()):
        text = articles[i].text
        words = _WORD.findall(text[start:end])
        if words and all(
            _word_pattern(w).search(text, 0, start) or _word_pattern(w).search(text, end) for w in words
        ):
            hits += 1
            if hits >= needed:
                return True
        elif checked + 1 - hits > len(where_found) - needed:
            return False
    return False


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", re.IGNORECASE)


def _inside(start: int, end: int, regions: list[Region]) -> bool:
    return any(r_start <= start and end <= r_end for r_start, r_end in regions)


def _merge(spans: list[Region]) -> list[Region]:
    merged: list[Region] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
