"""The sentence splitter's boundary decisions, one example each."""

from __future__ import annotations

import pytest

from factlookup.extract.text import split_sentences

EXAMPLES = [
    # a courtesy or military title before a name never ends a sentence
    ("Dr. Smith arrived. He spoke.", ["Dr. Smith arrived.", "He spoke."]),
    ("Mr. Jones met Gen. Smith. Both left.", ["Mr. Jones met Gen. Smith.", "Both left."]),
    # a month's abbreviation ends one when a word, not a day, follows
    ("Prices fell in Jan. Analysts said so.", ["Prices fell in Jan.", "Analysts said so."]),
    ("The vote is on Jan. 5 in Oslo. Polls open early.", ["The vote is on Jan. 5 in Oslo.", "Polls open early."]),
    # "U.S." goes on as a name, or ends a sentence before a sentence's usual first word
    ("U.S. officials met on Monday. Talks ended.", ["U.S. officials met on Monday.", "Talks ended."]),
    ("Exports rose to the U.S. The rise was small.", ["Exports rose to the U.S.", "The rise was small."]),
    ("He met U.S. Trade Representative Yeutter.", ["He met U.S. Trade Representative Yeutter."]),
    # initials
    ("John F. Kennedy spoke. Then he left.", ["John F. Kennedy spoke.", "Then he left."]),
    ("J. R. R. Tolkien wrote books. They sold.", ["J. R. R. Tolkien wrote books.", "They sold."]),
    # quotes close a sentence with it
    ('He said "It is over." Then he left.', ['He said "It is over."', "Then he left."]),
    ("'Stop,' he said. 'Now.'", ["'Stop,' he said.", "'Now.'"]),
    # numbers, times, companies, web names
    ("It rose 3.5 pct. Shares fell.", ["It rose 3.5 pct.", "Shares fell."]),
    ("He left at 5 p.m. Monday. Then.", ["He left at 5 p.m. Monday.", "Then."]),
    ("Acme Co. said so. Then it fell.", ["Acme Co. said so.", "Then it fell."]),
    ("Read it on Gulagu.net today. Fine.", ["Read it on Gulagu.net today.", "Fine."]),
    # question and exclamation marks
    ("Is it? Yes! No.", ["Is it?", "Yes!", "No."]),
    # a lower-case word after a period goes on
    ("The plan, i.e. the old one, failed.", ["The plan, i.e. the old one, failed."]),
    # a headline line without a final period, and a blank line, end a sentence
    ("Talks in Geneva\nThe talks ended.", ["Talks in Geneva", "The talks ended."]),
    ("First paragraph without end\n\nSecond one.", ["First paragraph without end", "Second one."]),
    # a line wrapped inside a sentence does not
    ("The talks in Geneva ended\nwithout a deal.", ["The talks in Geneva ended\nwithout a deal."]),
]


@pytest.mark.parametrize(("text", "sentences"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_sentence_boundaries(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == sentences
