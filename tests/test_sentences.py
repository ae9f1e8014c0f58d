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

# Prose wrapped at a fixed width: a line that ends only because the next word did not fit
# goes on into the next, even where that word is capitalised (a name, a title).
WRAPPED = (
    "The town council voted late on Tuesday to approve the plan, its\n"
    "chairman Jean-Pierre Lafleur told reporters, adding that the\n"
    "Regional Development Fund would pay for about half of the new\n"
    "bridge."
)
WRAPPED_WITH_HEADLINE = "Council backs bridge plan\n" + WRAPPED
ROWS = "Shr 1.20 dlrs vs 1.10 dlrs\nNet 5.4 mln vs 4.3 mln\nRevs 112.0 mln vs 98.5 mln"


def test_a_wrapped_line_goes_on_into_a_capitalised_word() -> None:
    assert [WRAPPED[a:b] for a, b in split_sentences(WRAPPED)] == [WRAPPED]


def test_a_headline_above_wrapped_prose_still_ends_its_sentence() -> None:
    got = [WRAPPED_WITH_HEADLINE[a:b] for a, b in split_sentences(WRAPPED_WITH_HEADLINE)]
    assert got == ["Council backs bridge plan", WRAPPED]


def test_a_short_first_line_cut_inside_a_name_goes_on() -> None:
    # a story whose dateline was taken off the front of its first line
    text = (
        "Harbour Board Governor Anna\n"
        "Lindqvist said the town council voted late on Tuesday to\n"
        "approve the plan, its chairman Jean-Pierre Lafleur told\n"
        "reporters, adding that the Regional Development Fund would\n"
        "pay for about half of the new bridge."
    )
    assert [text[a:b] for a, b in split_sentences(text)] == [text]


def test_a_headline_ending_in_a_name_before_a_sentence_opener_stands_alone() -> None:
    text = "Talks in Geneva\n" + WRAPPED
    assert [text[a:b] for a, b in split_sentences(text)] == ["Talks in Geneva", WRAPPED]


def test_table_rows_of_like_length_stay_apart() -> None:
    assert [ROWS[a:b] for a, b in split_sentences(ROWS)] == ROWS.split("\n")




@pytest.mark.parametrize(("text", "sentences"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_sentence_boundaries(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == sentences
