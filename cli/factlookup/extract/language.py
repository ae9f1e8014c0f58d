"""Whether an article is in English: the language its source declares, else a light guess.

The guess counts the commonest short words of a few languages (data/language_words.txt) and
the script of the letters; it needs no model and reads only the start of the text. It only
answers "not English" on clear evidence, so a table of figures or a one-line English item
stays English.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

ENGLISH = "en"
_WORDS_FILE = Path(__file__).resolve().parent / "data" / "language_words.txt"
# Enough words to tell a language apart; reading further only costs time.
SAMPLE_CHARS = 3000
_WORD = re.compile(r"[^\W\d_]+")
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
# Another language's words must be at least this share of all words, and this many times
# English's, before an article counts as not English.
MIN_SHARE = 0.08
MIN_RATIO = 1.5
MIN_HITS = 3
# Letters of scripts other than Latin, over all letters, that make an article not English.
MIN_OTHER_SCRIPT = 0.5
_SCRIPTS = (
    ("CYRILLIC", "ru"), ("GREEK", "el"), ("ARABIC", "ar"), ("HEBREW", "he"), ("HANGUL", "ko"),
    ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("CJK", "zh"), ("THAI", "th"), ("DEVANAGARI", "hi"),
    ("ARMENIAN", "hy"), ("GEORGIAN", "ka"), ("BENGALI", "bn"), ("TAMIL", "ta"),
)


def is_english(language: str | None) -> bool:
    """Unknown counts as English: the recogniser is tried on anything not known otherwise."""
    return language is None or language == ENGLISH


def declared(tag: str | None) -> str | None:
    """The primary language of a declared tag ("en-GB", "de_DE", "fr") in lower case, or None."""
    if not tag:
        return None
    head = re.split(r"[-_\s,;]", tag.strip(), maxsplit=1)[0].lower()
    return head if re.fullmatch(r"[a-z]{2,3}", head) and head not in ("und", "mul", "zxx") else None


# Off while a pass reads articles only to compare them (index/duplicates.py): it reads every
# article again afterwards, so the guess would be made twice for nothing.
_GUESSING: ContextVar[bool] = ContextVar("language_guessing", default=True)


@contextmanager
def no_guessing() -> Iterator[None]:
    """Within this block `detect` guesses nothing and answers None, as for a text with no words."""
    token = _GUESSING.set(False)
    try:
        yield
    finally:
        _GUESSING.reset(token)


def detect(text: str) -> str | None:
    """The language of a text when it is clearly not English, else "en" (None when it has no
    words, or inside `no_guessing`)."""
    if not _GUESSING.get():
        return None
    sample = text[:SAMPLE_CHARS].lower()
    plain = sample.isascii()
    # The same words as _WORD finds, for ASCII text: every byte but a-z made a space, then split.
    words = sample.encode("ascii").translate(_LETTERS_ONLY).decode("ascii").split() if plain else _WORD.findall(sample)
    if not words:
        return None
    script = None if plain else _other_script(sample, words)
    if script:
        return script
    owner = _word_languages()
    hits: dict[str, int] = {}
    for w, n in Counter(words).items():
        for lang in owner.get(w, ()):
            hits[lang] = hits.get(lang, 0) + n
    english = hits.pop(ENGLISH, 0)
    if not hits:
        return ENGLISH
    lang, count = max(hits.items(), key=lambda item: (item[1], item[0]))
    if count >= MIN_HITS and count >= MIN_RATIO * english and count >= MIN_SHARE * len(words):
        return lang
    return ENGLISH


_NOT_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]")


def _other_script(sample: str, words: list[str]) -> str | None:
    others = _NOT_LATIN.findall(sample)
    if not others or len(others) < MIN_OTHER_SCRIPT * sum(map(len, words)):
        return None
    counts: dict[str, int] = {}
    for ch in others:
        name = unicodedata.name(ch, "")
        for prefix, lang in _SCRIPTS:
            if name.startswith(prefix):
                counts[lang] = counts.get(lang, 0) + 1
                break
    if not counts:
        return None
    lang = max(counts.items(), key=lambda item: item[1])[0]
    if lang == "ru" and re.search("[іїєґ]", sample):
        return "uk"
    return lang


@lru_cache(maxsize=1)
def _word_languages() -> dict[str, tuple[str, ...]]:
    """Each listed word and the languages it belongs to; a word English has is English's alone."""
    by_language: dict[str, set[str]] = {}
    for line in _WORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        lang, _, words = line.partition(":")
        by_language[lang.strip()] = set(words.split())
    english = by_language.get(ENGLISH, set())
    owner: dict[str, list[str]] = {}
    for lang, words in by_language.items():
        for w in words if lang == ENGLISH else words - english:
            owner.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in owner.items()}
