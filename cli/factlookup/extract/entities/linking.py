"""Across the corpus: the entities of all articles linked into clusters, one per real-world entity."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ...models import DOMINANT_SHARE, GROUP, ORGANIZATION, OTHER, PERSON, PLACE, SHARED_SURNAME_ARTICLES, Entity, Mention, Role
from ..text import match_key
from .forms import (
    UnionFind,
    acronym_fits,
    acronym_forms,
    entity_key,
    fold,
    head_word,
    initials,
    is_acronym,
    name_key,
    name_words,
    romanised,
    same_person_name,
    shouting,
    spelled_within,
    title_key,
    type_class,
    vote,
)
from .lexicon import COMPANY_ROLES, COMPANY_SUFFIXES, ORG_HEADS, familiar_given_names


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


def link_entities(entities: list[Entity], weights: list[int] | None = None) -> list[Cluster]:
    """Group the entities of all articles into clusters, one per real-world entity.

    weights: how many articles each entity stands for, when the caller has folded entities
    that are the same in every field (name, type, aliases, mentions' texts and types, role
    titles) into one; linking counts each as that many, so the clusters are those of the
    unfolded list. A cluster's members are then the folded entities.

    Steps, each a function below: every name takes the type most of its mentions have, a
    company's name (with or without its legal suffix) being an organisation's; a one-word
    place written inside an organisation's mentions leaves it for the place; the same name
    key is one entity; country and bloc short forms join their full names (data/
    short_forms.txt); romanisation variants of a person's full name join (Mikhail/Mikhael,
    never Edward/Robert or Strand5/Strand555); spelling variants of long names with the same
    initials join (Organisation/Organization); a company's name without its legal suffix
    joins the company (Baker Hughes/Baker Hughes Inc); and a short form written alone joins the
    full name it stands for elsewhere in the corpus, when one full name dominates
    (DOMINANT_SHARE), or when it could only be one.

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
        return _link(entities, weights if weights is not None else [1] * len(entities))
    finally:
        if enabled:
            gc.enable()


def _link(entities: list[Entity], weights: list[int]) -> list[Cluster]:
    chosen = _majority_types(entities, weights)
    entities, weights = _detach_places(entities, weights, chosen)
    types = [chosen.get(name_key(e.name), e.type) for e in entities]
    keys = [entity_key(e.name, t) for e, t in zip(entities, types)]
    uf = UnionFind(len(entities))
    _join_same_keys(keys, uf)
    preferred = _join_table_short_forms(entities, keys, uf)
    _join_romanisations(entities, types, keys, uf)
    _join_initialled_names(entities, types, uf)
    _join_spelling_variants(entities, types, keys, uf)
    _join_familiar_given_names(entities, types, uf)
    _join_company_stems(entities, weights, types, uf)
    unsure = _join_short_forms(entities, weights, types, keys, uf)
    entities = [Entity(e.name, e.type, e.aliases, [], e.mentions, e.article) if i in unsure else e for i, e in enumerate(entities)]
    return _clusters(entities, weights, types, uf, preferred)


def _majority_types(entities: list[Entity], weights: list[int]) -> dict[str, str]:
    """Each name's type, the one most of its mentions across the corpus have: "Reagan"
    tagged an organisation in a few articles is still the person, "Washington" the place.
    A company's name outvotes the recogniser (see _company_names)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for e, w in zip(entities, weights):
        own = name_key(e.name)
        votes[own][e.type] += max(1, len(e.mentions)) * w
        # A shorter form written in the entity's articles votes for it too: "Volcker" is a
        # person's name in the hundred stories that also call him Paul Volcker, so one story
        # that tags every bare "Volcker" an organisation does not make the name one.
        for m in e.mentions:
            if m.text != e.name and (key := name_key(m.text)) != own:
                votes[key][e.type] += w
    chosen = {key: vote(counts) for key, counts in votes.items()}
    for key in _company_names(entities, chosen):
        chosen[key] = ORGANIZATION
    return chosen


def _detach_places(entities: list[Entity], weights: list[int], chosen: dict[str, str]) -> tuple[list[Entity], list[int]]:
    """A place never becomes a short name of an organisation: a one-word mention that the
    corpus calls a place ("Texas" the recogniser took for Texas Air Corp's short name in one
    story) leaves the organisation and is that place's mention: an entity of its own, of the
    same article, placed right after the organisation."""
    out: list[Entity] = []
    out_weights: list[int] = []
    for e, w in zip(entities, weights):
        out_weights.append(w)
        if e.type != ORGANIZATION or chosen.get(name_key(e.name)) != ORGANIZATION:
            out.append(e)
            continue
        places = [m for m in e.mentions if " " not in m.text.strip() and chosen.get(name_key(m.text)) == PLACE]
        if not places:
            out.append(e)
            continue
        gone = {name_key(m.text) for m in places}
        moved_ids = {id(m) for m in places}
        kept = [m for m in e.mentions if id(m) not in moved_ids]
        aliases = [a for a in e.aliases if name_key(a) not in gone]
        out.append(Entity(e.name, e.type, aliases, e.roles, kept, e.article))
        forms = list(dict.fromkeys(m.text for m in places))
        moved = [Mention(m.text, PLACE, m.start, m.end, m.sentence) for m in places]
        out.append(Entity(forms[0], PLACE, forms[1:], [], moved, e.article))
        out_weights.append(w)
    return out, out_weights


_SUFFIX_KEYS = frozenset(match_key(w) for w in COMPANY_SUFFIXES)
_ORG_HEAD_KEYS = frozenset(match_key(w) for w in ORG_HEADS)


def _person_title(title: str) -> bool:
    """A title only a person holds: "Chairman", not "lead manager" (a bank leads an issue)."""
    return any(head_word(w) and fold(w).rstrip(".") not in COMPANY_ROLES for w in title.split())


def _company_stem(key: str) -> str:
    """A company's name key without its legal suffix ("e f hutton" of "E.F. Hutton and Co
    Inc"), or "" when it has none. Only a name of two words or more: "Reuters" stays beside
    Reuters Holdings Plc, "Pesch" beside Pesch and Co (a one-word company name is joined by
    its use in articles, see _join_short_forms)."""
    words = key.split()
    cut = len(words)
    while cut > 1 and (words[cut - 1] in _SUFFIX_KEYS or words[cut - 1] in ("and", "&")):
        cut -= 1
    if 2 < cut < len(words) and words[cut - 1] == "s":
        cut -= 1  # a possessive before the suffix: "Standard and Poor" of Standard and Poor's Corp
    return " ".join(words[:cut]) if 2 <= cut < len(words) else ""


def _company_names(entities: list[Entity], chosen: dict[str, str]) -> set[str]:
    """Names taken for people that are a company's: the name of an organisation without its
    legal suffix ("Baker Hughes" of Baker Hughes Inc, "E.F. Hutton" of E.F. Hutton Group
    Inc), or one word that starts such a name and is nobody's surname ("Dome" of Dome
    Petroleum Ltd). A name written after a person's title anywhere is a person's ("Chairman
    Charles Schwab" beside Charles Schwab Corp); a title a company may hold is no such sign
    ("lead manager E.F. Hutton"), nor is an apposition."""
    stems: set[str] = set()
    first_words: set[str] = set()
    surnames: set[str] = set()
    titled: set[str] = set()
    for e in entities:
        key = name_key(e.name)
        words = key.split()
        if any(r.rule == "title" and _person_title(r.title) for r in e.roles):
            titled.add(key)
        if chosen[key] == PERSON:
            if len(words) >= 2:
                surnames.add(words[-1])
        elif chosen[key] == ORGANIZATION and len(words) >= 2:
            stem = _company_stem(key)
            if stem:
                stems.add(stem)
            if words[-1] in _SUFFIX_KEYS or words[-1] in _ORG_HEAD_KEYS:
                first_words.add(words[0])
    out = set()
    for key, type_ in chosen.items():
        if type_ not in (PERSON, OTHER) or key in titled:
            continue
        if key in stems or (" " not in key and key in first_words and key not in surnames):
            out.add(key)
    return out


def _join_same_keys(keys: list[str], uf: UnionFind) -> None:
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k:
            uf.union(first.setdefault(k, i), i)


def _join_table_short_forms(entities: list[Entity], keys: list[str], uf: UnionFind) -> dict[int, tuple[str, ...]]:
    """U.S., US and United States; UK, Britain and United Kingdom: one entity each. Returns,
    by union root, the table's forms, among which the entity's name is chosen."""
    table = short_form_table()
    anchors: dict[int, int] = {}
    for i, k in enumerate(keys):
        line = table.get(k)
        if line is not None:
            uf.union(anchors.setdefault(line, i), i)
    return {uf.find(i): SHORT_FORMS[line] for line, i in anchors.items()}


def _join_romanisations(entities: list[Entity], types: list[str], keys: list[str], uf: UnionFind) -> None:
    """Romanisation variants of people's full names, compared within a surname's bucket."""
    by_surname: dict[str, dict[str, int]] = defaultdict(dict)
    for i, e in enumerate(entities):
        if types[i] == PERSON and len(keys[i].split()) >= 2:
            by_surname[romanised(name_words(e.name)[-1])].setdefault(keys[i], i)
    for full_names in by_surname.values():
        if not 2 <= len(full_names) <= 200:
            continue
        items = [(entities[i].name, i) for i in full_names.values()]
        for a in range(len(items)):
            for b in range(a + 1, len(items)):
                if same_person_name(items[a][0], items[b][0]):
                    uf.union(items[a][1], items[b][1])


def _join_initialled_names(entities: list[Entity], types: list[str], uf: UnionFind) -> None:
    """A full name written with and without initials: "Martin T. Sosnoff" and "Martin Sosnoff",
    "L. William Seidman" and "William Seidman". The names that share their other words (a
    given name and a surname at least) join when they write at most one set of initials
    between them ("George H. Bush" and "George W. Bush" keep "George Bush" apart from both),
    and when no one else in the corpus bears the surname: "William Smith" and "William J.
    Smith" beside a Bill and a John Smith may be two men."""
    by_words: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    given_names: dict[str, set[str]] = defaultdict(set)
    for i, e in enumerate(entities):
        if types[i] != PERSON:
            continue
        words = name_words(e.name)
        if any(c.isdigit() for c in e.name):
            continue
        spelled = [romanised(w) for w in words if len(w.rstrip(".")) > 1]
        if len(spelled) < 2:
            continue
        letters = "".join(w[0].upper() for w in words if len(w.rstrip(".")) == 1)
        by_words[" ".join(spelled)][letters].append(i)
        given_names[spelled[-1]].add(" ".join(spelled[:-1]))
    for key, variants in by_words.items():
        if len(variants) < 2 or len([k for k in variants if k]) != 1 or len(given_names[key.rsplit(" ", 1)[-1]]) != 1:
            continue
        uf.union_all([i for idxs in variants.values() for i in idxs])


def _join_spelling_variants(entities: list[Entity], types: list[str], keys: list[str], uf: UnionFind) -> None:
    """Spelling variants of multi-word names of organisations and places with the same initials."""
    from rapidfuzz import fuzz

    by_init: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for i, e in enumerate(entities):
        if types[i] in (PERSON, GROUP) or " " not in e.name:
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


def _join_familiar_given_names(entities: list[Entity], types: list[str], uf: UnionFind) -> None:
    """A person written with a familiar given name is the one person of the corpus with the
    formal name and the same surname: "Jim Baker" is James Baker (or James A. Baker)."""
    familiar = familiar_given_names()
    people: dict[tuple[str, str], set[int]] = defaultdict(set)  # (given name, surname) -> people
    written: list[tuple[int, tuple[str, ...]]] = []
    for i, e in enumerate(entities):
        if types[i] != PERSON:
            continue
        words = name_words(e.name)
        # a middle initial or two may stand between: "James A. Baker"
        if len(words) < 2 or not all(len(w.rstrip(".")) == 1 for w in words[1:-1]):
            continue
        given, surname = words[0], match_key(words[-1])  # name_words are folded: "jim"
        people[(given, surname)].add(i)
        if given in familiar and len(words) == 2:
            written.append((i, (given, surname)))
    for i, (given, surname) in written:
        roots = {uf.find(j) for formal in familiar[given] for j in people.get((formal, surname), ())}
        roots.discard(uf.find(i))
        if len(roots) == 1:
            uf.union(i, roots.pop())


def _join_company_stems(entities: list[Entity], weights: list[int], types: list[str], uf: UnionFind) -> None:
    """A company's name without its legal suffix is that company: "Baker Hughes" joins Baker
    Hughes Inc, when one company of the corpus has that name, or one holds DOMINANT_SHARE of
    the stories that write a company of that name."""
    by_stem: dict[str, set[int]] = defaultdict(set)
    us_forms: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entities):
        if types[i] == ORGANIZATION and " " in e.name:
            key = name_key(e.name)
            stem = _company_stem(key)
            if stem:
                by_stem[stem].add(i)
                tail = key[len(stem) :].split()
                if tail[:1] == ["s"]:
                    tail = tail[1:]  # "Standard and Poor's Corp"
                if set(tail) <= _US_COMPANY_FORMS:
                    us_forms[stem].append(i)
    if not by_stem:
        return
    # "Merrill Lynch and Co Inc", "Merrill Lynch and Co", "Merrill Lynch & Co": news copy
    # writes one company's legal form any of these ways (a "Ltd" or an "AG" may be another
    # company of the group, in another country)
    for members in us_forms.values():
        uf.union_all(members)
    for i, e in enumerate(entities):
        if types[i] != ORGANIZATION:
            continue
        full = by_stem.get(name_key(e.name))
        if full:
            # Standard and Poor's Corp in 171 stories, Standard and Poor's Inc in one
            roots: Counter = Counter()
            for j in full:
                roots[uf.find(j)] += weights[j]
            root, n = roots.most_common(1)[0]
            if len(roots) == 1 or n >= DOMINANT_SHARE * sum(roots.values()):
                uf.union(i, root)


_US_COMPANY_FORMS = frozenset(("and", "&", "co", "company", "cos", "inc", "incorporated", "corp", "corporation"))


# How many times more a short form of a company or place may be used than its full name,
# and still stand for it.
SHORT_NAME_USE = 10


def _join_short_forms(entities: list[Entity], weights: list[int], types: list[str], keys: list[str], uf: UnionFind) -> set[int]:
    """Surnames, acronyms and shortened names written alone, resolved against the corpus.

    The evidence is the articles where the short form was linked to a full name (as its
    alias there): when one full name holds DOMINANT_SHARE of them, it takes the short form.
    With no such evidence, a short form that can only be one full name joins it: a surname
    one person in the corpus bears, an acronym that spells one name's initials.

    Returns the bare surnames joined by that share although another person named in
    SHARED_SURNAME_ARTICLES articles bears the surname too: their mentions go to the
    dominant bearer, but the titles read on them may be the other's, and are dropped.
    """
    evidence: dict[str, Counter] = defaultdict(Counter)  # short form key -> root -> mentions
    surname_roots: dict[str, set[int]] = defaultdict(set)
    initials_roots: dict[str, set[int]] = defaultdict(set)
    initials_roots_n: dict[str, set[int]] = defaultdict(set)  # organisations and places only
    classes: dict[int, set[str]] = defaultdict(set)
    for i, e in enumerate(entities):
        root = uf.find(i)
        classes[root].add(type_class(types[i]))
        if " " in e.name.strip():
            own = keys[i]
            w = weights[i]
            for m in e.mentions:
                k = name_key(m.text)
                if k and k != own and " " not in m.text.strip():
                    evidence[k][root] += w
            for alias in e.aliases:
                k = name_key(alias)
                if k and k != own and (is_acronym(alias) or " " in alias):
                    evidence[k][root] += w
        if types[i] == PERSON:
            words = name_words(e.name)
            if len(words) >= 2:
                surname_roots[match_key(words[-1])].add(root)
        elif types[i] != GROUP and " " in e.name:
            for form in initials(e.name):
                if acronym_fits(form, e.name) and not spelled_within(form, e.name):
                    initials_roots[form].add(root)
                    if types[i] in (ORGANIZATION, PLACE):
                        initials_roots_n[form].add(root)
    root_type, root_mentions = _root_votes(entities, weights, types, uf)
    roots = [uf.find(i) for i in range(len(entities))]
    # (root, name key) -> the evidence of the short form's own type, and the root it joins
    decided: dict[tuple[int, str], tuple[Counter, int | None]] = {}
    joins: list[tuple[int, int]] = []
    unsure: set[int] = set()
    root_articles: Counter = Counter()
    for root, w in zip(roots, weights):
        root_articles[root] += w
    tabled = short_form_table()
    for i, e in enumerate(entities):
        own = roots[i]
        key = name_key(e.name)
        if key in evidence:
            if (own, key) not in decided:
                # only full names of the short form's own type count: "Reagan" the person is
                # not "Reagan Administration", "Kobe" the city not Kobe Steel
                same_type = Counter(
                    {r: n for r, n in evidence[key].items() if r != own and root_type[own] in (root_type[r], OTHER)}
                )
                target = _dominant(same_type, own, " " in e.name.strip(), root_type, root_mentions) if same_type else None
                decided[(own, key)] = (same_type, target)
            same_type, target = decided[(own, key)]
            if target is not None:
                joins.append((i, target))
                if e.roles and types[i] == PERSON and " " not in key:
                    others = surname_roots.get(key, set()) - {target, own}
                    if any(root_articles[r] >= SHARED_SURNAME_ARTICLES for r in others):
                        unsure.add(i)
            if same_type:
                continue  # weighed by the evidence: no guess from the names alone
        if " " in e.name.strip():
            continue
        if types[i] in (PERSON, OTHER) and not is_acronym(e.name):
            if classes[own] - {"P", "O"}:
                continue  # "West" is also a place: it does not become a surname
            cands = surname_roots.get(match_key(fold(e.name)), set()) - {own}
        elif types[i] != GROUP and is_acronym(e.name):
            if "P" in classes[own] or keys[i] in tabled:
                continue  # a person's initials; a form the table reads ("U.K.", not "U.S. Kresge")
            # two letters spell many names: "UK" may join "United Kingdom", but "VW"
            # (an organisation) not "Vietnam War"
            short = sum(1 for c in e.name if c.isalpha()) < 3
            if short and types[i] in (ORGANIZATION, PLACE):
                table = initials_roots_n
            elif short:
                table = {}
            else:
                table = initials_roots
            cands = set()
            for form in acronym_forms(e.name):
                cands |= table.get(form, set())
            cands.discard(own)
        else:
            continue
        if len(cands) == 1:
            joins.append((i, next(iter(cands))))
    for a, b in joins:
        uf.union(a, b)
    return unsure


def _dominant(found: Counter, own: int, several_words: bool, root_type: dict[int, str], root_mentions: Counter) -> int | None:
    """The full name a short form written alone joins, by the evidence of its type, or None."""
    best, n = max(found.items(), key=lambda rn: (rn[1], -rn[0]))
    if n < DOMINANT_SHARE * sum(found.values()):
        return None
    # a name of several words joins a longer one only if that is the more used:
    # "Bank of Japan" does not join "Bundesbank and Bank of Japan"
    if several_words and root_mentions[best] < root_mentions[own]:
        return None
    # a company's short name may be used more than its full name, but not ten times more:
    # "Congress" is not Congress Financial; a surname may ("Reagan")
    if root_type[own] != PERSON and root_mentions[best] * SHORT_NAME_USE < root_mentions[own]:
        return None
    return best


def _root_votes(entities: list[Entity], weights: list[int], types: list[str], uf: UnionFind) -> tuple[dict[int, str], Counter]:
    """The type most mentions of each union have, and its number of mentions."""
    votes: dict[int, dict[str, int]] = {}
    mentions: Counter = Counter()
    find = uf.find
    for i, e in enumerate(entities):
        root = find(i)
        n = len(e.mentions)
        w = weights[i]
        counts = votes.get(root)
        if counts is None:
            counts = votes[root] = {}
        counts[types[i]] = counts.get(types[i], 0) + max(1, n) * w
        mentions[root] += n * w
    return {root: counts.popitem()[0] if len(counts) == 1 else vote(Counter(counts)) for root, counts in votes.items()}, mentions


def _clusters(
    entities: list[Entity], weights: list[int], types: list[str], uf: UnionFind, preferred: dict[int, tuple[str, ...]]
) -> list[Cluster]:
    """One cluster per union, most mentioned first, then by name."""
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entities)):
        members[uf.find(i)].append(i)
    preferred = {uf.find(root): forms for root, forms in preferred.items()}
    ranked: list[tuple[int, str, Cluster]] = []
    for root, idxs in members.items():
        ents = [entities[i] for i in idxs]
        ws = [weights[i] for i in idxs]
        votes: Counter = Counter()
        for i in idxs:
            votes[types[i]] += max(1, len(entities[i].mentions)) * weights[i]
        cluster = _make_cluster(ents, vote(votes), preferred.get(root), ws)
        ranked.append((-sum(len(e.mentions) * w for e, w in zip(ents, ws)), cluster.name, cluster))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [c for _, _, c in ranked]


# Country, bloc and agency names and their short forms, from data/short_forms.txt: each line
# is the name to show, then its other forms, separated by "|".
def _read_short_forms() -> list[tuple[str, ...]]:
    from .lexicon import data_lines

    return [tuple(part.strip() for part in line.split("|") if part.strip()) for line in data_lines("short_forms")]


SHORT_FORMS = _read_short_forms()


@lru_cache(maxsize=1)
def short_form_table() -> dict[str, int]:
    """Entity key of every form -> its line in SHORT_FORMS."""
    table: dict[str, int] = {}
    for line, forms in enumerate(SHORT_FORMS):
        for form in forms:
            for type_ in (PLACE, ORGANIZATION):
                table.setdefault(entity_key(form, type_), line)
    return table


def _make_cluster(
    ents: list[Entity], type_: str, preferred: tuple[str, ...] | None = None, weights: list[int] | None = None
) -> Cluster:
    ws = weights if weights is not None else [1] * len(ents)
    if len(ents) == 1 and preferred is None and ws[0] == 1:
        e = ents[0]
        return Cluster(e.name, type_, list(e.aliases), [e])
    names: Counter = Counter()
    for e, w in zip(ents, ws):
        names[e.name] += w
    order: dict[str, int] = {}
    for e in ents:
        order.setdefault(e.name, len(order))
    # A name from the short-form table, full forms first ("United States", not "U.S.").
    # The table's first form when the corpus writes it so, else its most used full form.
    rank = {name_key(f): k for k, f in enumerate(preferred or ())}
    table_names = [nm for nm in names if name_key(nm) in rank and " " in nm]
    if table_names:
        name = min(table_names, key=lambda nm: (rank[name_key(nm)] > 0, -names[nm], -len(nm), order[nm]))
    else:
        all_names = [e.name for e in ents]
        multi = [nm for nm in all_names if " " in nm]
        pool = set(multi or all_names)
        whole = {nm for nm in pool if not _part_of_another(nm, pool, names)}
        pool = whole or pool
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
    for e, w in zip(ents, ws):
        for form in [e.name, *e.aliases]:
            surfaces[form] += w
            first.setdefault(form, len(first))
    for form in sorted(surfaces, key=lambda f: (-surfaces[f], first[f])):
        k = title_key(form)
        if k not in seen:
            seen.add(k)
            aliases.append(form)
    return Cluster(name, type_, aliases, list(ents))


def _part_of_another(name: str, pool: set[str], counts: Counter) -> bool:
    """The name's words are the first or last words of a longer name in the pool that is
    used at least half as often ("Petroleum Exporting Countries" beside the full name; but
    "Paris Club" stays the name beside a stray "All Paris Club")."""
    words = name_key(name).split()
    for other in pool:
        full = name_key(other).split()
        if len(full) > len(words) and (full[: len(words)] == words or full[-len(words) :] == words):
            if 2 * counts[other] >= counts[name]:
                return True
    return False
