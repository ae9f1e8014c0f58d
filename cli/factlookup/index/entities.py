"""The entity tables of the index, from every article's entities, linked across the corpus.

A build hands each article's entities to HeldEntities as they come: they go to a temporary
file beside the index, not into memory. At the end they are read back twice. First they are
folded (HeldEntities.fold): an entity written the same in many articles, name, type, aliases,
mention texts and titles alike, is held once with the number of articles that write it so,
and linking (extract/entities/linking.py) takes those counts as weights: on Reuters-21578
the article entities fold to about half, a story's copies into one. Then, with the
clusters known, the file is read again for the sentences and offsets of each mention and
role (write_entities). Memory so grows with the distinct names of a corpus, not its size.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..extract.entities.forms import entity_key
from ..extract.entities.roles import without_holder_name
from ..extract.text import name_key
from ..models import GROUP, ORGANIZATION, PERSON, Entity, Evidence, Mention, Role
from ..records import HeldEntity
from .boilerplate import without_boilerplate


def held_entities(entities: list[Entity], first: int, sentences: list[tuple[int, int]]) -> list[HeldEntity]:
    """An article's entities as linking and the entity tables need them: each mention's and
    each role's sentence is its row in the index, and a role keeps only that of its evidence
    (the index holds the sentence's text)."""
    if not entities:
        return []
    starts = {start: first + n for n, (start, _) in enumerate(sentences)}
    out: list[HeldEntity] = []
    for e in entities:
        roles = []
        for r in e.roles:
            sid = starts.get(r.evidence.start) if r.evidence.article == e.article else None
            if sid is not None:
                roles.append((r.title, r.rule, sid))
        mentions = tuple([(m.text, m.type, m.start, m.end, first + m.sentence) for m in e.mentions])
        out.append((e.name, e.type, tuple(e.aliases), tuple(roles), mentions))
    return out


@dataclass(slots=True)
class Folded:
    """The corpus's entities with those the same in every field linking reads folded into
    one (entities[g], standing for weights[g] articles' entities); group_of gives, in
    article order, each held entity's g."""

    entities: list[Entity]
    weights: list[int]
    group_of: array


_NO_EVIDENCE = Evidence("", "", 0, 0)


class HeldEntities:
    """Each article's entities, in article order, kept in a temporary file beside the index
    rather than in memory: a pickled list per BATCH articles, read back in order."""

    BATCH = 256

    def __init__(self, folder: str) -> None:
        try:
            self.file = tempfile.TemporaryFile(dir=folder, prefix="facts-entities-")
        except OSError:
            self.file = tempfile.TemporaryFile(prefix="facts-entities-")
        self.pending: list[list[HeldEntity]] = []
        self.batches = 0

    def add(self, entities: list[HeldEntity]) -> None:
        self.pending.append(entities)
        if len(self.pending) >= self.BATCH:
            self._spill()

    def _spill(self) -> None:
        pickle.dump(self.pending, self.file, pickle.HIGHEST_PROTOCOL)
        self.pending = []
        self.batches += 1

    def __iter__(self) -> Iterator[list[HeldEntity]]:
        if self.pending:
            self._spill()
        self.file.seek(0)
        for _ in range(self.batches):
            yield from pickle.load(self.file)

    def articles(self, regions: list[list[tuple[int, int]]]) -> Iterator[list[HeldEntity]]:
        """Each article's entities without the mentions in its boilerplate regions."""
        for entities, r in zip(self, regions):
            yield without_boilerplate(entities, r)

    def fold(self, regions: list[list[tuple[int, int]]]) -> Folded:
        """The entities as linking takes them: an entity written the same in many articles
        ("U.S.", mentioned twice as "U.S.") is held once, with its count. Mentions and roles
        keep only what linking reads (text and type; title and rule); the build reads the
        offsets again from the file when it writes the entity tables."""
        groups: dict[tuple, int] = {}
        mentions: dict[tuple[str, str], Mention] = {}
        roles: dict[tuple[str, str], Role] = {}
        folded = Folded([], [], array("I"))
        entities, weights, group_of = folded.entities, folded.weights, folded.group_of
        for article in self.articles(regions):
            for name, type_, aliases, held_roles, held_mentions in article:
                ms = []
                for m in held_mentions:
                    key = (m[0], m[1])
                    mention = mentions.get(key)
                    if mention is None:
                        mention = mentions[key] = Mention(m[0], m[1], 0, 0, 0)
                    ms.append(mention)
                rs = []
                for title, rule, _ in held_roles:
                    role = roles.get((title, rule))
                    if role is None:
                        role = roles[(title, rule)] = Role(title, _NO_EVIDENCE, rule)
                    rs.append(role)
                signature = (name, type_, aliases, tuple(ms), tuple(rs))
                g = groups.get(signature)
                if g is None:
                    g = len(entities)
                    # Linking joins the entities of one name through its key: a name
                    # without one (punctuation alone) stays an entity of each article.
                    if entity_key(name, type_) and entity_key(name, GROUP):
                        groups[signature] = g
                    entities.append(Entity(name, type_, signature[2], signature[4], signature[3], str(g)))
                    weights.append(1)
                else:
                    weights[g] += 1
                group_of.append(g)
        return folded

    def close(self) -> None:
        self.file.close()


def write_entities(db: sqlite3.Connection, clusters, folded: Folded, articles: Iterable[list[HeldEntity]]) -> int:
    """The entity tables. Each cluster's members are folded entities (Folded): where their
    mentions and roles go is read off the clusters, then the held entities are read again,
    article by article, for the offsets and sentences of each mention and role."""
    key_of = lru_cache(maxsize=None)(name_key)  # the same few names, mentioned again and again

    # Per folded entity: the cluster it is in; the cluster each of its moved mentions went
    # to (linking detaches a place's name from an organisation); whether its roles stay
    # (linking drops them from a surname it cannot be sure of).
    home = [0] * len(folded.entities)
    moved: dict[int, dict[str, int]] = {}
    keeps_roles = [True] * len(folded.entities)
    holders: list[list[str]] = [[]]
    for entity_id, cluster in enumerate(clusters, 1):
        # a person's full names: a title read from an article that tagged only the surname
        # may end in the given name
        holders.append([cluster.name, *cluster.aliases] if cluster.type == PERSON else [])
        for member in cluster.members:
            g = int(member.article)
            source = folded.entities[g]
            if member.type == source.type or source.type != ORGANIZATION:
                home[g] = entity_id
                keeps_roles[g] = bool(member.roles) or not source.roles
            else:
                places = moved.setdefault(g, {})
                for mention in member.mentions:
                    places[mention.text] = entity_id

    mention_counts = [0] * (len(clusters) + 1)
    article_counts = [0] * (len(clusters) + 1)
    role_rows: list[tuple[int, str, str, int]] = []
    titles: dict[tuple[int, str], str | None] = {}  # (entity, title as read) -> as shown, or None
    mention_rows: list[tuple[int, int, int]] = []  # (sentence, entity, first mention start)
    group_of = iter(folded.group_of)
    for entities in articles:
        firsts: dict[tuple[int, int], int] = {}
        here: set[int] = set()
        seen: set[tuple[int, str | None, int]] = set()
        for _, _, _, roles, mentions in entities:
            g = next(group_of)
            entity_id = home[g]
            here.add(entity_id)
            places = moved.get(g)
            for text, _, start, _, sid in mentions:
                target = places.get(text, entity_id) if places else entity_id
                mention_counts[target] += 1
                here.add(target)
                key = (sid, target)
                if firsts.get(key, start) >= start:
                    firsts[key] = start
            if roles and keeps_roles[g]:
                for title, rule, sid in roles:
                    if (entity_id, title) in titles:
                        shown = titles[(entity_id, title)]
                    else:
                        holder = holders[entity_id]
                        shown = titles[(entity_id, title)] = without_holder_name(title, holder) if holder else title
                    # a role is listed once per sentence, however many members read it there
                    if shown is None or (entity_id, shown, sid) in seen:
                        continue
                    seen.add((entity_id, shown, sid))
                    role_rows.append((entity_id, shown, rule, sid))
        for entity_id in here:
            article_counts[entity_id] += 1
        mention_rows.extend((sid, entity_id, start) for (sid, entity_id), start in firsts.items())
        if len(mention_rows) >= 8192:
            db.executemany("INSERT INTO mentions VALUES (?, ?, ?)", mention_rows)
            mention_rows.clear()
    db.executemany("INSERT INTO mentions VALUES (?, ?, ?)", mention_rows)
    # A cluster's roles in the order its members' articles come (stable sort).
    role_rows.sort(key=lambda row: row[0])
    db.executemany("INSERT INTO roles VALUES (?, ?, ?, ?)", role_rows)

    entity_rows = []
    name_rows = []
    for entity_id, cluster in enumerate(clusters, 1):
        entity_rows.append((entity_id, cluster.name, cluster.type, mention_counts[entity_id], article_counts[entity_id]))
        keys = {key_of(cluster.name): cluster.name}
        for alias in cluster.aliases:
            keys.setdefault(key_of(alias), alias)
        for member in cluster.members:
            for mention in member.mentions:
                keys.setdefault(key_of(mention.text), mention.text)
        for key, surface in keys.items():
            if key:
                name_rows.append((key, entity_id, surface, 1 if surface == cluster.name else 0))
    db.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?)", entity_rows)
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", name_rows)
    return len(entity_rows)
