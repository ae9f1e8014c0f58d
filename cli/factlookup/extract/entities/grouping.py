"""One article: mentions grouped into entities, each named and given its roles."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import lru_cache

from ...models import GROUP, ORGANIZATION, OTHER, PERSON, PLACE, Article, Entity, Evidence, Mention, Role
from ..text import match_key, tokenize
from .forms import (
    UnionFind,
    acronym_fits,
    acronym_forms,
    entity_key,
    fold,
    initials,
    is_acronym,
    name_key,
    name_words,
    norm_space,
    shouting,
    spelled_within,
    title_key,
    type_class,
    vote,
)
from .lexicon import COMPANY_SUFFIXES, ORG_HEADS
from .roles import Context, title_after, title_before, title_fronted
from .spans import Raw, clean_span


def article_entities(article: Article, sentences: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[Entity]:
    """The entities of one article, built from recogniser spans.

    `sentences` are (start, end) offsets into `article.text`; `spans` are (start, end, label)
    with label PER, ORG, LOC or MISC. Each returned Entity has `article` set to the article's
    id, its `mentions` (cleaned surface text, final type, offsets, sentence index), `roles`
    (title as written, evidence sentence, rule "title", "apposition" or "head-of"), its
    canonical `name` (the longest well-formed full name) and `aliases` (its other surface
    forms). Entities come in order of first mention.
    """
    text = article.text
    starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> int:
        if not sentences:
            return 0
        return max(0, bisect_right(starts, pos) - 1)

    raws: list[Raw] = []
    seen: set[tuple[int, int]] = set()
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        for a, b, type_ in clean_span(text, start, end, label):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            raws.append(Raw(text[a:b], a, b, type_, sentence_of(a), label))
    raws.sort(key=lambda r: (r.start, r.end))
    if not raws:
        return []

    groups = _group_mentions(text, raws)

    # roles for people
    contexts: dict[int, Context] = {}
    person_by_sentence: dict[int, list[tuple[int, int]]] = defaultdict(list)
    entity_starts_by_sentence: dict[int, set[int]] = defaultdict(set)
    place_starts_by_sentence: dict[int, set[int]] = defaultdict(set)
    for r in raws:
        if r.type == PERSON or groups.type_of(r) == PERSON:
            person_by_sentence[r.sentence].append((r.start, r.end))
        else:
            entity_starts_by_sentence[r.sentence].add(r.start)
            if groups.type_of(r) == PLACE:
                place_starts_by_sentence[r.sentence].add(r.start)
    for start, _end, label in spans:
        if label.upper() not in ("PER", "PERSON"):
            entity_starts_by_sentence[sentence_of(start)].add(start)
    person_words = frozenset(
        fold(w) for r in raws if r.type == PERSON or groups.type_of(r) == PERSON for w in r.text.split() if w[:1].isupper()
    )

    def context(idx: int) -> Context | None:
        if idx >= len(sentences):
            return None
        ctx = contexts.get(idx)
        if ctx is None:
            s, e = sentences[idx]
            ctx = Context(
                text, s, e, tokenize(text, s, e), person_by_sentence.get(idx, []), entity_starts_by_sentence.get(idx, set()),
                place_starts_by_sentence.get(idx, set()), person_words,
            )
            contexts[idx] = ctx
        return ctx

    entities: list[Entity] = []
    for members, type_ in groups.entities():
        # names as a reader writes them: a line break inside a name is a space
        name, aliases = _choose_name([norm_space(m.text) for m in members], type_)
        mentions = [Mention(m.text, type_, m.start, m.end, m.sentence) for m in members]
        roles: list[Role] = []
        if type_ == PERSON:
            seen_roles: set[tuple[str, int]] = set()
            for m in members:
                ctx = context(m.sentence)
                if ctx is None:
                    continue
                found = title_before(ctx, m.start, m.end) + title_fronted(ctx, m.start, m.end) + title_after(ctx, m.start, m.end)
                for title, rule in found:
                    key = (title_key(title), ctx.start)
                    if key in seen_roles:
                        continue
                    seen_roles.add(key)
                    evidence = Evidence(article.id, text[ctx.start : ctx.end], ctx.start, ctx.end)
                    roles.append(Role(title, evidence, rule))
        entities.append(Entity(name, type_, aliases, roles, mentions, article.id))
    return entities


class _Groups:
    """Mentions of one article joined into entities with a union-find."""

    def __init__(self, raws: list[Raw]) -> None:
        self.raws = raws
        self.uf = UnionFind(len(raws))
        self._types: dict[int, str] | None = None
        self._index = {id(r): i for i, r in enumerate(raws)}

    def union(self, a: int, b: int) -> None:
        self.uf.union(a, b)
        self._types = None

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.raws)):
            out[self.uf.find(i)].append(i)
        return out

    def types(self) -> dict[int, str]:
        if self._types is None:
            out = {}
            for root, idxs in self.members().items():
                type_ = vote(Counter(self.raws[i].type for i in idxs))
                if type_ != ORGANIZATION and any(_company_name(self.raws[i]) for i in idxs):
                    type_ = ORGANIZATION  # "Baker Hughes Inc" is a company, however often "Baker Hughes" looked like a person
                out[root] = type_
            self._types = out
        return self._types

    def type_of(self, raw: Raw) -> str:
        return self.types()[self.uf.find(self._index[id(raw)])]

    def entities(self) -> list[tuple[list[Raw], str]]:
        types = self.types()
        out = []
        for root, idxs in sorted(self.members().items(), key=lambda kv: min(kv[1])):
            out.append(([self.raws[i] for i in idxs], types[root]))
        return out


_INITIALS = re.compile(r"(?:\w\.)+")


def _company_name(raw: Raw) -> bool:
    """A name the recogniser took for an organisation that ends in a company suffix or an
    organisation's head noun: "Baker Hughes Inc", "Porterfield Buying Unit"."""
    if raw.type != ORGANIZATION:
        return False
    words = name_words(raw.text)
    return len(words) >= 2 and (words[-1].rstrip(".") in COMPANY_SUFFIXES or words[-1] in ORG_HEADS)


def _group_mentions(text: str, raws: list[Raw]) -> _Groups:
    g = _Groups(raws)

    # 1. same name key, within compatible types (other joins the biggest class)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(raws):
        by_key[entity_key(r.text, r.type) if r.type == GROUP else name_key(r.text)].append(i)
    for key, idxs in by_key.items():
        types = [raws[i].type for i in idxs]
        people = sum(1 for t in types if t == PERSON)
        places = sum(1 for t in types if t in (ORGANIZATION, PLACE))
        # a name typed as a person and as a place in one article: a multi-word name, or one
        # the recogniser called a person at least as often, is one entity
        mix = people > 0 and places > 0 and (" " in key or people >= places)
        merge_compatible(g, idxs, types, [1] * len(idxs), mix_people=mix)

    # 2. "Expansion (ACRONYM)" written in the text
    for i, r in enumerate(raws):
        if r.type in (PERSON, GROUP) or not is_acronym(r.text):
            continue
        open_at = _previous_char(text, r.start)
        close_at = _next_char(text, r.end)
        if open_at < 0 or text[open_at] != "(" or close_at >= len(text) or text[close_at] != ")":
            continue
        for j in range(i - 1, -1, -1):
            q = raws[j]
            if q.end <= open_at and not text[q.end : open_at].strip():
                # only when the letters spell the name: "DSM Hydrocarbons (UK) Ltd" is no UK
                if q.type not in (PERSON, GROUP) and " " in q.text and acronym_fits(r.text, q.text, spelled_out=True):
                    g.union(i, j)
                break
            if q.end < open_at - 1:
                break

    # 3. acronyms to the one multi-word entity with matching initials
    types = g.types()
    by_initials: dict[str, set[int]] = defaultdict(set)
    multi_word: list[int] = []
    for i, r in enumerate(raws):
        if r.type not in (PERSON, GROUP) and " " in r.text:
            multi_word.append(i)
            for form in initials(r.text):
                by_initials[form].add(i)
    for i, r in enumerate(raws):
        if r.type in (PERSON, GROUP) or not is_acronym(r.text):
            continue
        own = g.uf.find(i)
        roots = set()
        for form in acronym_forms(r.text):
            # a name that holds the acronym as a word is not what it stands for ("U.S. Sprint")
            roots.update(g.uf.find(j) for j in by_initials.get(form, ()) if not spelled_within(r.text, raws[j].text))
        if not roots and sum(1 for c in r.text if c.isalpha()) >= 3:
            # no name has these initials exactly; one whose words the letters still spell:
            # "ARCO" for "Atlantic Richfield Co", "CAW" for "Caesars World Inc"
            roots = {
                g.uf.find(j) for j in multi_word if acronym_fits(r.text, raws[j].text) and not spelled_within(r.text, raws[j].text)
            }
        if own in roots:
            # already the name the text spelled it out as ("International Coffee Organisation
            # (ICO)"): another name with the same initials is another body (the Inter-African
            # Coffee Organisation), not a second expansion
            continue
        if len(roots) == 1:
            g.union(i, roots.pop())

    # 4. surname-only and partial names to the one longer person name that contains them
    types = g.types()
    people: dict[int, list[str]] = {}
    companies: dict[str, set[int]] = defaultdict(set)  # first word -> organisations named by it
    # first word after any initials -> companies by their legal name ("E.F. Hutton Group Inc")
    legal_names: dict[str, set[int]] = defaultdict(set)
    for root, idxs in g.members().items():
        longest = max((raws[j].text for j in idxs), key=lambda s: (len(s.split()), len(s)))
        if types[root] == PERSON:
            people[root] = [match_key(w) for w in name_words(longest)]
        elif types[root] == ORGANIZATION and len(name_words(longest)) >= 2:
            companies[match_key(name_words(longest)[0])].add(root)
            if any(_company_name(raws[j]) for j in idxs):
                named = [w for w in name_words(longest) if not _INITIALS.fullmatch(w)]
                if len(named) >= 2:
                    legal_names[match_key(named[0])].add(root)
    in_people = {w for full in people.values() if len(full) >= 2 for w in full}
    for i, r in enumerate(raws):
        if r.type not in (PERSON, OTHER) or is_acronym(r.text):
            continue
        words = [match_key(w) for w in name_words(r.text)]
        if not words:
            continue
        own = g.uf.find(i)
        candidates = set()
        for root, full in people.items():
            if root == own or len(full) <= len(words):
                continue
            # a surname, or the first words of a name; a first name alone never ("Paul")
            if full[-len(words) :] == words or (r.type == PERSON and len(words) >= 2 and full[: len(words)] == words):
                candidates.add(g.uf.find(root))
        candidates.discard(own)
        if len(candidates) == 1 and len(words) == 1 and len(companies.get(words[0], ())) == 1:
            # "Porterfield Buying Unit ... Porterfield and its partners ... Grace Porterfield":
            # the word names both a company and a person; the one the story introduced first
            company = g.uf.find(next(iter(companies[words[0]])))
            if company == own:
                continue  # already the company's
            # a union's root is its first mention (raws are in text order)
            if company < next(iter(candidates)):
                candidates = {company}
        if not candidates and len(words) == 1 and words[0] not in in_people and len(legal_names.get(words[0], ())) == 1:
            # "Hughes Tool Co said... Hughes directors said": a word no person in the story
            # is named by, written alone, that begins one company's legal name, is that company
            candidates = {g.uf.find(next(iter(legal_names[words[0]])))} - {own}
        if len(candidates) == 1:
            g.union(i, candidates.pop())

    _join_company_names_taken_for_people(raws, g)
    _join_short_organisation_names(text, raws, g)
    return g


def _join_company_names_taken_for_people(raws: list[Raw], g: _Groups) -> None:
    """A name of several words that is a company's name in the article without its legal
    suffix is that company, whatever the recogniser called it: "Baker Hughes" beside Baker
    Hughes Inc. Not a part of a longer person's name."""
    types = g.types()
    stems: dict[tuple[str, ...], set[int]] = defaultdict(set)
    longest: dict[int, int] = {}
    for root, idxs in g.members().items():
        longest[root] = max(len(name_words(raws[j].text)) for j in idxs)
        if types[root] != ORGANIZATION:
            continue
        for j in idxs:
            words = [match_key(w) for w in name_words(raws[j].text)]
            cut = len(words)
            while cut > 2 and (words[cut - 1].rstrip(".") in COMPANY_SUFFIXES or words[cut - 1] in ("and", "&")):
                cut -= 1
            if cut < len(words):
                stems[tuple(words[:cut])].add(root)
    if not stems:
        return
    for i, r in enumerate(raws):
        if r.type not in (PERSON, OTHER):
            continue
        words = tuple(match_key(w) for w in name_words(r.text))
        own = g.uf.find(i)
        if len(words) < 2 or words not in stems or longest.get(own, 0) > len(words):
            continue
        roots = {g.uf.find(root) for root in stems[words]} - {own}
        if len(roots) == 1:
            g.union(i, roots.pop())


def _join_short_organisation_names(text: str, raws: list[Raw], g: _Groups) -> None:
    """A company's name shortened after its first mention: its first word, or all but its
    legal suffix ("Homestake" or "Homestake Mining" for "Homestake Mining Co"), or its last
    two words or more ("Exporting Countries" for "Organisation of Petroleum Exporting
    Countries"), when exactly one longer name of an organisation in the article has them
    ("Moody" of "Moody's said" for "Moody's Investors Service Inc"). Places never ("Texas" is
    not "Texas Air"), nor a word of a person's name there ("Pesch" beside LeRoy Pesch and
    Pesch and Co)."""
    types = g.types()
    longer: dict[int, list[str]] = {}
    in_people: set[str] = set()
    for root, idxs in g.members().items():
        if types[root] == ORGANIZATION:
            name = max((raws[j].text for j in idxs), key=lambda s: (len(s.split()), len(s)))
            longer[root] = [match_key(w) for w in name_words(name)]
        elif types[root] == PERSON:
            in_people.update(match_key(w) for j in idxs for w in name_words(raws[j].text))
    if not longer:
        return
    for i, r in enumerate(raws):
        if r.type != ORGANIZATION or is_acronym(r.text):
            continue
        words = [match_key(w) for w in name_words(r.text)]
        if not words or in_people.intersection(words):
            continue
        owned = None
        if text.startswith(("'s", "’s"), r.end):
            # "Moody's said": the recogniser leaves the "'s" out of the name, a body's name
            # keeps it ("Moody's Investors Service Inc"); "the Treasury's view" is not the
            # "Treasury's Financial Statement and Budget Report"
            owned = words[:-1] + [match_key(name_words(r.text)[-1] + "'s")]
        own = g.uf.find(i)
        candidates = set()
        for root, full in longer.items():
            if len(full) <= len(words):
                continue
            if _shortens(full, words) or (
                owned is not None and (full[-1] in COMPANY_SUFFIXES or full[-1] in ORG_HEADS) and _shortens(full, owned)
            ):
                candidates.add(g.uf.find(root))
        candidates.discard(own)
        if len(candidates) == 1:
            g.union(i, candidates.pop())


def _shortens(full: list[str], form: list[str]) -> bool:
    """Whether `form` is `full` (name words, longer) shortened: its first word, all but its
    legal suffix, or its last two words or more."""
    if full[: len(form)] == form and (len(form) == 1 or all(w in COMPANY_SUFFIXES for w in full[len(form) :])):
        return True
    return len(form) >= 2 and full[-len(form) :] == form


@lru_cache(maxsize=262144)
def _previous_char(text: str, pos: int) -> int:
    """Index of the last non-space character before `pos`, or -1."""
    pos -= 1
    while pos >= 0 and text[pos].isspace():
        pos -= 1
    return pos


def _next_char(text: str, pos: int) -> int:
    """Index of the first non-space character at or after `pos` (len(text) if none)."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def merge_compatible(g, idxs: list[int], types: list[str], weights: list[int], mix_people: bool = False) -> None:
    """Merge items of one key: person with person, organisation/place together, groups
    together; "other" items join the heaviest of those classes, or each other.

    With `mix_people`, people and organisations/places of the same name are merged too (a
    full name the recogniser once typed as a place is still the person); the vote decides.
    """
    if len(idxs) < 2:
        return
    by_class: dict[str, list[int]] = defaultdict(list)
    weight: Counter = Counter()
    for i, t, w in zip(idxs, types, weights):
        c = type_class(t)
        by_class[c].append(i)
        weight[c] += w
    for members in by_class.values():
        for j in members[1:]:
            g.union(members[0], j)
    if mix_people and "P" in by_class and "N" in by_class:
        g.union(by_class["P"][0], by_class["N"][0])
        weight["P"] += weight.pop("N")
        by_class.pop("N")
    others = by_class.pop("O", [])
    if others and by_class:
        best = min(by_class, key=lambda c: (-weight[c], "PNG".index(c)))
        g.union(by_class[best][0], others[0])


def _choose_name(forms: list[str], type_: str) -> tuple[str, list[str]]:
    """The canonical name (the longest well-formed full name) and the other surface forms."""
    counts = Counter(forms)
    first_seen = {}
    for k, f in enumerate(forms):
        first_seen.setdefault(f, k)

    def score(f: str):
        well_formed = f[:1].isupper() and not any(c in f for c in "()[]{}\"“”")
        return (
            not well_formed,
            is_acronym(f) and type_ != GROUP,
            shouting(f),
            -len(f.split()) if type_ != GROUP else -counts[f],
            -len(f) if type_ != GROUP else len(f),
            -counts[f],
            first_seen[f],
        )

    name = min(counts, key=score)
    aliases: list[str] = []
    seen = {title_key(name)}
    for f in sorted(counts, key=lambda f: first_seen[f]):
        k = title_key(f)
        if k not in seen:
            seen.add(k)
            aliases.append(f)
    return name, aliases
