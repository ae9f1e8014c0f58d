"""First-pass label memory for the consistency (second) pass: how the same word and the same
name were tagged elsewhere in a document, and across a corpus."""

from __future__ import annotations


def majority(counts: dict | None, mine: str) -> str:
    """The most frequent label among the other occurrences (this one's label taken out)."""
    if not counts:
        return ""
    best = ""
    best_n = 0
    for label, c in counts.items():
        if label == mine:
            c -= 1
        if c > best_n or (c == best_n and c and label < best):
            best, best_n = label, c
    return best


def document_memory(kept: list[tuple], first: list[list[str]]):
    """First-pass label counts in one document: per capitalised word, per entity string."""
    tok_counts: dict[str, dict[str, int]] = {}
    ent_counts: dict[str, dict[str, int]] = {}
    spans = []
    for (types, _), ys in zip(kept, first):
        sent_spans = []
        start = -1
        typ = ""
        for i, y in enumerate(ys + ["O"]):
            if start >= 0 and (y == "O" or y[0] == "B" or y[2:] != typ):
                key = " ".join(types[j][5] for j in range(start, i))
                d = ent_counts.setdefault(key, {})
                d[typ] = d.get(typ, 0) + 1
                sent_spans.append((start, i, typ, key))
                start = -1
            if y != "O" and start < 0:
                start, typ = i, y[2:]
        spans.append(sent_spans)
        for t, y in zip(types, ys):
            if t[7] or y != "O":
                label = y[2:] if y != "O" else "O"
                d = tok_counts.setdefault(t[5], {})
                d[label] = d.get(label, 0) + 1
    return tok_counts, ent_counts, spans


class CorpusMemory:
    """First-pass label counts per capitalised word over a whole corpus of documents.

    Fill it with `add(kept, first_tags)` for every document (the tagger's `first_pass` gives
    both), then pass it to the second pass; a document's own counts are taken out again there.
    """

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, kept: list[tuple], first: list[list[str]]) -> None:
        for word, d in document_memory(kept, first)[0].items():
            mine = self.counts.setdefault(word, {})
            for label, c in d.items():
                mine[label] = mine.get(label, 0) + c

    def majority(self, word: str, own: dict | None) -> str:
        counts = self.counts.get(word)
        if not counts:
            return ""
        best = ""
        best_n = 0
        for label, c in counts.items():
            if own:
                c -= own.get(label, 0)
            if c > best_n or (c == best_n and c and label < best):
                best, best_n = label, c
        return best
