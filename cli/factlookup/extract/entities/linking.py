"""Across the corpus: the entities of all articles linked into clusters, one per real-world entity."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ...models import GROUP, ORGANIZATION, OTHER, PERSON, PLACE, Entity, Mention, Role
from ..text import match_key
from .forms import (
    UnionFind,
    acronym_forms,
    entity_key,
    fold,
    initials,
    is_acronym,
    loose,
    name_key,
    name_words,
    shouting,
    title_key,
    type_class,
    vote,
)
from .grouping import merge_compatible


@dataclass(slots=True)
class Cluster:
    """One real-world entity across the corpus.

    name, type, aliases: the canonical name, the majority type ("person" wins over "other")
    and every other surface form seen. members: the per-article entities it was built from,
    in input order, each with its `article` id, its mentions (offsets and sentence index in
    that article) and its roles (evidence names the article). `roles` and `mentions` give the
    union across members.
    """

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    members: list[Entity] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        """Article ids, in order of first appearance."""
        return list(dict.fromkeys(m.article for m in self.members))

    @property
    def mentions(self) -> list[tuple[str, Mention]]:
        """(article id, mention) for every mention of every member."""
        return [(m.article, mention) for m in self.members for mention in m.mentions]

    @property
    def roles(self) -> list[Role]:
        """All roles, each normalised title kept once per evidence sentence."""
        seen: set[tuple[str, str, int, int]] = set()
        out: list[Role] = []
        for m in self.members:
            for r in m.roles:
                key = (title_key(r.title), r.evidence.article, r.evidence.start, r.evidence.end)
                if key not in seen:
                    seen.add(key)
                    out.append(r)
        return out

    def titles(self) -> list[tuple[str, list[Role]]]:
        """Roles grouped by normalised title, most attested first: (title as most often written, roles)."""
        groups: dict[str, list[Role]] = defaultdict(list)
        for r in self.roles:
            groups[title_key(r.title)].append(r)
        out = []
        for roles in groups.values():
            written = Counter(r.title for r in roles).most_common(1)[0][0]
            out.append((written, roles))
        out.sort(key=lambda item: -len(item[1]))
        return out

    def entity(self) -> Entity:
        """The cluster as one Entity: article is "" when it spans several articles."""
        articles = self.articles
        mentions = [mention for m in self.members for mention in m.mentions]
        return Entity(self.name, self.type, list(self.aliases), self.roles, mentions, articles[0] if len(articles) == 1 else "")


def link_entities(entities: list[Entity]) -> list[Cluster]:
    """Group the entities of all articles into clusters, one per real-world entity.

    Merged: the same name key within compatible types (people with people, organisations
    with places, groups with groups; "other" goes with the majority; a multi-word name is
    one entity whatever the recogniser called it, the vote decides); romanisation variants
    of people's names with the same surname (Sergei/Sergey Lavrov, Alexei/Aleksei);
    spelling variants of long names with the same initials (Organisation/Organization); a
    surname written alone joins the one full name in the corpus that ends with it (an
    ambiguous surname stays on its own, and so does a word also used as a place); an acronym
    joins the entity that lists it as an alias, or else the one entity whose initials it
    spells (a two-letter acronym only an organisation or a place).

    Returns clusters ordered by number of mentions, then name; each keeps its per-article
    members. Runs in roughly linear time: every comparison happens inside a key bucket.
    """
    if not entities:
        return []
    # Linking allocates many small objects while the corpus's entities are all alive: the
    # cyclic collector would rescan them again and again, so it pauses meanwhile.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _link(entities)
    finally:
        if enabled:
            gc.enable()


def _link(entities: list[Entity]) -> list[Cluster]:
    uf = UnionFind(len(entities))
    keys = [entity_key(e.name, e.type) for e in entities]
    _join_same_keys(entities, keys, uf)
    _join_romanisations(entities, keys, uf)
    _join_spelling_variants(entities, keys, uf)
    _join_short_forms(entities, uf)
    return _clusters(entities, uf)


def _join_same_keys(entities: list[Entity], keys: list[str], uf: UnionFind) -> None:
    """The same key within compatible types; across articles only multi-word names mix
    people and places ("Jordan" stays two)."""
    weights = [max(1, len(e.mentions)) for e in entities]
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            buckets[k].append(i)
    for key, idxs in buckets.items():
        merge_compatible(uf, idxs, [entities[i].type for i in idxs], [weights[i] for i in idxs], mix_people=" " in key)


def _join_romanisations(entities: list[Entity], keys: list[str], uf: UnionFind) -> None:
    """Romanisation variants of people's full names, bucketed by surname."""
    from rapidfuzz import fuzz

    by_surname: dict[str, dict[str, int]] = defaultdict(dict)
    for i, e in enumerate(entities):
        if e.type != PERSON:
            continue
        words = keys[i].split()
        if len(words) >= 2:
            by_surname[loose(words[-1])].setdefault(keys[i], i)
    for full_keys in by_surname.values():
        if len(full_keys) < 2:
            continue
        items = list(full_keys.items())
        by_first: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for k, i in items:
            by_first[k[0]].append((k, i))
        for group in by_first.values():
            if len(group) < 2 or len(group) > 200:
                continue
            variants = [(loose(k), k.split(), i) for k, i in group]
            for a in range(len(variants)):
                la, wa, ia = variants[a]
                for b in range(a + 1, len(variants)):
                    lb, wb, ib = variants[b]
                    if len(wa) != len(wb):
                        continue
                    if fuzz.ratio(la, lb) < 88:
                        continue
                    fa, fb = loose(wa[0]), loose(wb[0])
                    need = 85 if min(len(fa), len(fb)) >= 5 else 100
                    if fa == fb or fuzz.ratio(fa, fb) >= need:
                        uf.union(ia, ib)


def _join_spelling_variants(entities: list[Entity], keys: list[str], uf: UnionFind) -> None:
    """Spelling variants of multi-word names of organisations and places with the same initials."""
    from rapidfuzz import fuzz

    by_init: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for i, e in enumerate(entities):
        if e.type in (PERSON, GROUP) or " " not in e.name:
            continue
        for form in initials(e.name):
            if len(form) >= 2:
                by_init[(form, keys[i][:1])].setdefault(keys[i], i)
    for full_keys in by_init.values():
        if len(full_keys) < 2 or len(full_keys) > 200:
            continue
        items = list(full_keys.items())
        for a in range(len(items)):
            for b in range(a + 1, len(items)):
                (ka, ia), (kb, ib) = items[a], items[b]
                if len(ka.split()) == len(kb.split()) and fuzz.ratio(ka, kb) >= 92:
                    uf.union(ia, ib)


def _join_short_forms(entities: list[Entity], uf: UnionFind) -> None:
    """Surnames and acronyms written alone, resolved against the corpus as it now stands."""
    alias_roots: dict[tuple[str, str], set[int]] = defaultdict(set)
    surname_roots: dict[str, set[int]] = defaultdict(set)
    initials_roots: dict[str, set[int]] = defaultdict(set)
    initials_roots_n: dict[str, set[int]] = defaultdict(set)  # organisations and places only
    classes: dict[int, set[str]] = defaultdict(set)
    for i, e in enumerate(entities):
        root = uf.find(i)
        cls = type_class(e.type)
        classes[root].add(cls)
        for alias in e.aliases:
            alias_roots[(cls, name_key(alias))].add(root)
        if e.type == PERSON:
            words = name_words(e.name)
            if len(words) >= 2:
                surname_roots[match_key(words[-1])].add(root)
        elif e.type != GROUP and " " in e.name:
            for form in initials(e.name):
                initials_roots[form].add(root)
                if e.type in (ORGANIZATION, PLACE):
                    initials_roots_n[form].add(root)
    joins: list[tuple[int, int]] = []
    for i, e in enumerate(entities):
        if " " in e.name.strip():
            continue
        own = uf.find(i)
        if e.type == PERSON or (e.type == OTHER and not is_acronym(e.name)):
            if classes[own] - {"P", "O"}:
                continue  # "West" is also a place: it does not become a surname
            key = name_key(e.name)
            cands = (surname_roots.get(match_key(fold(e.name)), set()) | alias_roots.get(("P", key), set())) - {own}
            if len(cands) == 1:
                joins.append((i, next(iter(cands))))
        elif e.type != GROUP and is_acronym(e.name):
            if "P" in classes[own]:
                continue
            key = name_key(e.name)
            cands = set()
            for cls in ("N", "O"):
                cands |= alias_roots.get((cls, key), set())
            cands.discard(own)
            if not cands:
                # two letters spell many names: "UK" may join "United Kingdom", but "VW"
                # (an organisation) not "Vietnam War"
                short = sum(1 for c in e.name if c.isalpha()) < 3
                if short and e.type in (ORGANIZATION, PLACE):
                    table = initials_roots_n
                elif short:
                    table = {}
                else:
                    table = initials_roots
                for form in acronym_forms(e.name):
                    cands |= table.get(form, set())
                cands.discard(own)
            if len(cands) == 1:
                joins.append((i, next(iter(cands))))
    for a, b in joins:
        uf.union(a, b)


def _clusters(entities: list[Entity], uf: UnionFind) -> list[Cluster]:
    """One cluster per union, most mentioned first, then by name."""
    n = len(entities)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[uf.find(i)].append(i)
    ranked: list[tuple[int, str, Cluster]] = []
    for idxs in members.values():
        if len(idxs) == 1:
            e = entities[idxs[0]]
            cluster = Cluster(e.name, e.type, list(e.aliases), [e])
            ranked.append((-len(e.mentions), e.name, cluster))
            continue
        ents = [entities[i] for i in idxs]
        votes: Counter = Counter()
        for e in ents:
            votes[e.type] += max(1, len(e.mentions))
        cluster = _make_cluster(ents, vote(votes))
        ranked.append((-sum(len(e.mentions) for e in ents), cluster.name, cluster))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [c for _, _, c in ranked]


def _make_cluster(ents: list[Entity], type_: str) -> Cluster:
    if len(ents) == 1:
        e = ents[0]
        return Cluster(e.name, type_, list(e.aliases), [e])
    names = Counter(e.name for e in ents)
    order: dict[str, int] = {}
    for e in ents:
        order.setdefault(e.name, len(order))
    all_names = [e.name for e in ents]
    multi = [nm for nm in all_names if " " in nm]
    pool = set(multi or all_names)
    non_acronym = {nm for nm in pool if not is_acronym(nm)}
    pool = non_acronym or pool
    quiet = {nm for nm in pool if not shouting(nm)}
    pool = quiet or pool
    if type_ == GROUP:
        name = min(pool, key=lambda nm: (-names[nm], len(nm), order[nm]))
    else:
        name = min(pool, key=lambda nm: (-names[nm], -len(nm), order[nm]))
    aliases: list[str] = []
    seen = {title_key(name)}
    surfaces: Counter = Counter()
    first: dict[str, int] = {}
    for e in ents:
        for form in [e.name, *e.aliases]:
            surfaces[form] += 1
            first.setdefault(form, len(first))
    for form in sorted(surfaces, key=lambda f: (-surfaces[f], first[f])):
        k = title_key(form)
        if k not in seen:
            seen.add(k)
            aliases.append(form)
    return Cluster(name, type_, aliases, list(ents))
