"""Readers of the archive formats: saved web pages (html.py), WARC crawls (warc.py) and
RSS or Atom feeds (feeds.py).

They need the optional `archives` extra (trafilatura, warcio); corpus.load imports them only
when such a file is read, so a corpus of text and JSON never loads them, nor does a query.
"""

from __future__ import annotations

import logging

EXTRA_INSTALL = "pip install 'factlookup[archives]'"
# The libraries of the extra: a missing one means the extra is not installed.
EXTRA_MODULES = frozenset({"trafilatura", "lxml", "lxml_html_clean", "warcio", "htmldate", "justext", "courlan"})

# These libraries log their doubts about a page; facts reports problems as its own warnings.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability", "charset_normalizer", "warcio"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
