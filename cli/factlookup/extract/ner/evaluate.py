"""Score the entity tagger on a CoNLL-format file, counting exactly as conlleval does.

Entities are compared by exact span and type; precision, recall and F1 are micro-averaged over
all entities. IOB1 and IOB2 (BIO) inputs give the same chunks, so either scheme may be used for
the gold tags. The token is the first column and the gold tag the last; `-DOCSTART-` lines
separate documents and blank lines separate sentences.

    python -m factlookup.evaluate ner FILE [--model PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field


def _split(tag: str) -> tuple[str, str]:
    if tag == "O" or not tag:
        return "O", ""
    if len(tag) > 1 and tag[1] in "-_":
        return tag[0], tag[2:]
    return "I", tag  # a bare type counts as inside


def _end_of_chunk(prev_tag: str, tag: str, prev_type: str, typ: str) -> bool:
    if prev_tag in ("E", "S", "]", "["):
        return True
    if prev_tag in ("B", "I") and tag in ("B", "S", "O"):
        return True
    return prev_tag != "O" and prev_tag != "." and prev_type != typ


def _start_of_chunk(prev_tag: str, tag: str, prev_type: str, typ: str) -> bool:
    if tag in ("B", "S", "[", "]"):
        return True
    if prev_tag in ("E", "S", "O") and tag in ("E", "I"):
        return True
    return tag != "O" and tag != "." and prev_type != typ


def chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end exclusive, type) in one sentence's tags, conlleval's way."""
    out: list[tuple[int, int, str]] = []
    prev_tag, prev_type = "O", ""
    start = -1
    for i, full in enumerate(list(tags) + ["O"]):
        tag, typ = _split(full)
        if start >= 0 and _end_of_chunk(prev_tag, tag, prev_type, typ):
            out.append((start, i, prev_type))
            start = -1
        if _start_of_chunk(prev_tag, tag, prev_type, typ) and tag != "O":
            start = i
        prev_tag, prev_type = tag, typ
    return out


def to_iob2(tags: list[str]) -> list[str]:
    """The same chunks written in IOB2: every entity starts with B-."""
    out = ["O"] * len(tags)
    for a, b, typ in chunks(tags):
        out[a] = "B-" + typ
        for i in range(a + 1, b):
            out[i] = "I-" + typ
    return out


@dataclass
class Score:
    correct: int = 0
    guessed: int = 0
    gold: int = 0
    tokens: int = 0
    tokens_correct: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [correct, guessed, gold]

    def add(self, gold_tags: list[str], guess_tags: list[str]) -> None:
        self.tokens += len(gold_tags)
        # Token accuracy compares both sides in IOB2, so that IOB1 gold is not penalised.
        gold = chunks(gold_tags)
        guess = chunks(guess_tags)
        self.tokens_correct += sum(1 for g, p in zip(to_iob2(gold_tags), to_iob2(guess_tags)) if g == p)
        gold_set = set(gold)
        for span in gold:
            self._row(span[2])[2] += 1
        for span in guess:
            row = self._row(span[2])
            row[1] += 1
            if span in gold_set:
                row[0] += 1
                self.correct += 1
        self.gold += len(gold)
        self.guessed += len(guess)

    def _row(self, typ: str) -> list[int]:
        row = self.by_type.get(typ)
        if row is None:
            row = self.by_type[typ] = [0, 0, 0]
        return row

    @staticmethod
    def prf(correct: int, guessed: int, gold: int) -> tuple[float, float, float]:
        p = correct / guessed if guessed else 0.0
        r = correct / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def f1(self) -> float:
        return self.prf(self.correct, self.guessed, self.gold)[2]

    def report(self) -> str:
        p, r, f = self.prf(self.correct, self.guessed, self.gold)
        acc = self.tokens_correct / self.tokens if self.tokens else 0.0
        lines = [
            f"processed {self.tokens} tokens with {self.gold} phrases; found: {self.guessed} phrases; correct: {self.correct}.",
            f"accuracy: {100 * acc:6.2f}%; precision: {100 * p:6.2f}%; recall: {100 * r:6.2f}%; FB1: {100 * f:6.2f}",
        ]
        for typ in sorted(self.by_type):
            c, g, t = self.by_type[typ]
            tp, tr, tf = self.prf(c, g, t)
            lines.append(
                f"{typ:>10}: precision: {100 * tp:6.2f}%; recall: {100 * tr:6.2f}%; FB1: {100 * tf:6.2f}  {g}"
            )
        return "\n".join(lines)


def read_conll(path: str) -> list[list[tuple[list[str], list[str]]]]:
    """Documents, each a list of sentences (tokens, gold tags)."""
    docs: list[list[tuple[list[str], list[str]]]] = [[]]
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            docs[-1].append((tokens[:], tags[:]))
            tokens.clear()
            tags.clear()

    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                flush()
                continue
            if parts[0] == "-DOCSTART-":
                flush()
                if docs[-1]:
                    docs.append([])
                continue
            tokens.append(parts[0])
            tags.append(parts[-1] if len(parts) > 1 else "O")
    flush()
    return [d for d in docs if d]


def score_documents(docs, tag_document) -> Score:
    score = Score()
    for doc in docs:
        guesses = tag_document([s[0] for s in doc])
        for (_, gold), guess in zip(doc, guesses):
            score.add(gold, guess)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factlookup.evaluate ner", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="CoNLL-format file: token first, gold tag (IOB1 or IOB2) last")
    parser.add_argument("--model", help="a crfsuite model to score instead of the shipped one")
    parser.add_argument(
        "--sentence-level",
        action="store_true",
        help="tag each sentence alone, without document features (as tag_tokens does)",
    )
    parser.add_argument("--first-pass", action="store_true", help="skip the consistency (second) pass")
    parser.add_argument(
        "--corpus",
        action="store_true",
        help="corpus-level consistency: remember the first-pass tags of every document in FILE first",
    )
    args = parser.parse_args(argv)

    from .tagger import MODEL_FILE, Recogniser, get_recogniser

    docs = read_conll(args.file)
    rec = Recogniser(args.model or MODEL_FILE, second_pass=False) if args.first_pass else get_recogniser(args.model)
    started = time.perf_counter()
    if args.sentence_level:
        score = score_documents(docs, lambda sents: [rec.tag_sentence(s) for s in sents])
    elif args.corpus:
        from .memory import CorpusMemory

        memory = CorpusMemory()
        for doc in docs:
            rec.memorise([s[0] for s in doc], memory)
        score = score_documents(docs, lambda sents: rec.tag_document(sents, memory))
    else:
        score = score_documents(docs, rec.tag_document)
    elapsed = time.perf_counter() - started
    print(score.report())
    print(f"tagged {score.tokens} tokens in {elapsed:.2f}s")
    print(f"overall F1 {score.f1:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
