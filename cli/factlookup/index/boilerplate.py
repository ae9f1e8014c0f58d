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
  line because the start of a story also holds its news: in Reuters-21578 with its
  datelines and sign-offs kept, the dateline city "NEW YORK," opens 12.8% of the stories
  and "WASHINGTON," 10.1%, while the sign-off "Reuter" closes 99%.

A repeated sequence whose words the articles that carry it also use elsewhere in their text,
in at least CONTENT_SHARE of them, is what those articles are about (a company opening most
of a corpus about it), not boilerplate.

Each occurrence of a boilerplate sequence is a boilerplate region of its article; a mention
that lies inside the regions is not counted. Only what repeats is covered: in
"WASHINGTON (Reuters) -" the city varies from story to story and stays a mention while
"(Reuters)" does not, unless the whole dateline is repeated. A group of fewer than
MIN_ARTICLES articles has no boilerplate, so a small corpus keeps every name.

Cost: the candidates come from an evenly spread sample of SAMPLE articles of a large group,
and only they are then counted over all of it: a fraction of a second on Reuters-21578.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Article
from ..records import HeldEntity

MIN_ARTICLES = 20
LINE_SHARE = 0.10
RUN_SHARE = 0.50
CONTENT_SHARE = 0.50

EDGE_TOKENS = 8  # how far into the article, from each end, runs are counted
MAX_TOKENS = 4  # the longest run counted

# A large group is sampled for candidates, which are then counted exactly over all of it.
SAMPLE = 2000
SAMPLE_MARGIN = 0.6

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


def without_boilerplate(entities: list[HeldEntity], regions: list[Region]) -> list[HeldEntity]:
    """An article's entities, as a build holds them, without the mentions inside its
    boilerplate regions; an entity left with no mention is left out."""
    if not regions:
        return entities
    out = []
    for entity in entities:
        mentions = entity[4]
        kept = tuple([m for m in mentions if not _inside(m[2], m[3], regions)])
        if len(kept) == len(mentions):
            out.append(entity)
        elif kept:
            out.append((*entity[:4], kept))
    return out


def _find_in_group(articles: Sequence[Article], members: list[int], result: Boilerplate) -> None:
    size = len(members)
    floors = {
        _LINE: max(MIN_ARTICLES, math.ceil(LINE_SHARE * size)),
        _LEAD: max(MIN_ARTICLES, math.ceil(RUN_SHARE * size)),
    }
    floors[_TAIL] = floors[_LEAD]

    # Candidates, from every article of a small group or from an evenly spread sample of a
    # large one, with a margin: a sequence on 10% of the articles is on 6% of a sample of
    # 2,000 all but never (six standard deviations).
    if size <= SAMPLE:
        sample, margin = members, 1.0
    else:
        sample, margin = [members[k * size // SAMPLE] for k in range(SAMPLE)], SAMPLE_MARGIN
    line_counts: Counter[str] = Counter()
    run_counts: Counter[str] = Counter()
    for i in sample:
        text = articles[i].text
        line_counts.update({_fold_line(line) for line in text.split("\n")})
        run_counts.update({key for key, _, _ in _all_runs(text)})
    line_counts.pop("", None)
    scale = margin * len(sample) / size
    lines = {key for key, n in line_counts.items() if n >= floors[_LINE] * scale}
    runs = {key for key, n in run_counts.items() if n >= floors[_LEAD] * scale}
    del line_counts, run_counts
    if not lines and not runs:
        return

    # Where the candidates occur, over every article: per sequence, per article.
    found: dict[tuple[str, str], dict[int, list[Region]]] = {}
    # A line four times as long as every candidate is all but never one of them spaced out.
    line_limit = 4 * max(map(len, lines), default=0) + 16
    first_words = _index_runs(runs)
    for i in members:
        text = articles[i].text
        if lines:
            for key, start, end in _lines(text, line_limit):
                if key in lines:
                    found.setdefault((_LINE, key), {}).setdefault(i, []).append((start, end))
        if runs:
            for key, start, end in _runs_of(text, first_words):
                where, _, words = key.partition(" ")
                found.setdefault((where, words), {}).setdefault(i, []).append((start, end))

    spans: dict[int, list[Region]] = {}
    for (where, text), carriers in found.items():
        if len(carriers) < floors[where] or _is_content(articles, carriers):
            continue
        result.sequences.append((where, text, len(carriers)))
        for i, regions in carriers.items():
            spans.setdefault(i, []).extend(regions)
    for i, regions in spans.items():
        result.regions[i] = _merge(regions, articles[i].text)


def _fold_line(line: str) -> str:
    return " ".join(line.split()).casefold()


def _lines(text: str, limit: int):
    """Each line of at most `limit` characters that is not blank: (folded, start, end), the
    offsets without the spacing around it."""
    pos = 0
    length = len(text)
    while pos < length:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = length
        if nl - pos <= limit:
            line = text[pos:nl]
            folded = _fold_line(line)
            if folded:
                yield folded, pos + len(line) - len(line.lstrip()), pos + len(line.rstrip())
        pos = nl + 1


def _edges(text: str):
    """The folded tokens at each end: (where, [(start, end, folded, is a word)])."""
    for where, tokens in ((_LEAD, _lead_tokens(text)), (_TAIL, _tail_tokens(text))):
        yield where, [(start, end, token.casefold(), _WORD.search(token) is not None) for start, end, token in tokens]


def _all_runs(text: str):
    """The runs of one to MAX_TOKENS tokens among the first and among the last EDGE_TOKENS
    tokens, not across a line break, that begin and end with a word (a name can only lie
    inside those): ("lead|tail folded words", start, end)."""
    for where, tokens in _edges(text):
        count = len(tokens)
        for i in range(count):
            if not tokens[i][3]:
                continue
            words = where
            for j in range(i, min(i + MAX_TOKENS, count)):
                if j > i and "\n" in text[tokens[j - 1][1] : tokens[j][0]]:
                    break
                words += " " + tokens[j][2]
                if tokens[j][3]:
                    yield words, tokens[i][0], tokens[j][1]


def _index_runs(runs: set[str]) -> dict[tuple[str, str], list[tuple[str, list[str]]]]:
    """The candidate runs by where and first word: {(where, word): [(key, words)]}."""
    index: dict[tuple[str, str], list[tuple[str, list[str]]]] = {}
    for key in runs:
        where, *words = key.split(" ")
        index.setdefault((where, words[0]), []).append((key, words))
    return index


def _runs_of(text: str, first_words: dict[tuple[str, str], list[tuple[str, list[str]]]]):
    """The candidate runs in the text: (key, start, end)."""
    for where, tokens in _edges(text):
        for i, (start, _, word, _) in enumerate(tokens):
            for key, words in first_words.get((where, word), ()):
                j = i + len(words) - 1
                if j < len(tokens) and all(
                    tokens[i + k][2] == w and (k == 0 or "\n" not in text[tokens[i + k - 1][1] : tokens[i + k][0]])
                    for k, w in enumerate(words)
                ):
                    yield key, start, tokens[j][1]


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


def _is_content(articles: Sequence[Article], carriers: dict[int, list[Region]]) -> bool:
    """Do at least CONTENT_SHARE of the articles that carry a sequence use each of its words
    outside it too?"""
    needed = math.ceil(CONTENT_SHARE * len(carriers))
    hits = 0
    for checked, (i, regions) in enumerate(carriers.items()):
        text = articles[i].text
        start, end = regions[0]
        words = _WORD.findall(text[start:end])
        if words and all(_used_outside(_word_pattern(w), text, regions) for w in words):
            hits += 1
            if hits >= needed:
                return True
        elif checked + 1 - hits > len(carriers) - needed:
            return False
    return False


def _used_outside(pattern: re.Pattern, text: str, regions: list[Region]) -> bool:
    return any(not _inside(m.start(), m.end(), regions) for m in pattern.finditer(text))


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![^\W_])" + re.escape(word) + r"(?![^\W_])", re.IGNORECASE)


def _inside(start: int, end: int, regions: list[Region]) -> bool:
    return any(r_start <= start and end <= r_end for r_start, r_end in regions)


def _merge(spans: list[Region], text: str) -> list[Region]:
    """The spans joined where they overlap or only spacing lies between them (a sign-off
    given twice, "REUTER\n Reuter", is one region)."""
    merged: list[Region] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
