"""Roles: titles written before a name, fronted by a comma, or in apposition after it.

A role is a noun phrase headed by a title word (data/title_words.txt), and it belongs only
to the name it is next to in the grammar: a title directly before the name ("Kazakh
President Kasym-Jomart Tokayev"), a title set off by a comma before it ("The former head of
the KNB, Karim Masimov,"), or an apposition directly after it, closed by punctuation
("Nikol Pashinyan, Armenia's Prime Minister and Chairman of the ... Council, said"). Words
that describe the holder rather than the office are dropped (data/evaluative_adjectives.txt),
and a title in lower case owned by a place is written as the office:
"Kazakhstan's authoritarian president" is "President of Kazakhstan".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..text import Token
from .forms import (
    acronym_fits,
    demonym_word,
    fold,
    head_word,
    is_acronym,
    is_cap,
    lower_word,
    modifier_word,
    norm_space,
    shouting,
)
from .lexicon import (
    APPOSITION_OPENERS,
    CLAUSE_WORDS,
    DETERMINERS,
    EVALUATIVE,
    FUNCTION_WORDS,
    HONORIFICS,
    JUNK_WORDS,
    NEWS_SOURCES,
    QUOTES,
    RELATIONAL_HEADS,
    RELATIVE_WORDS,
    REPORTING_VERBS,
    ROLE_HEADS,
    TAIL_PREPOSITIONS,
    TITLE_CONNECTORS,
)


def _coordinated(
    tokens: list[Token], entity_starts: set[int] | frozenset[int] = frozenset(), person_words: frozenset[str] = frozenset()
) -> list[list[Token]]:
    """Split "Prime Minister and Chairman of the Council" where both sides carry a head noun."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if fold(t.text) in ("and", "&") and parts[-1]:
            parts.append([])
        else:
            parts[-1].append(t)
    if len(parts) == 1:
        return parts
    # "talks between Ruch and French President Chirac": a headless part before a title
    # that starts with a nationality is not part of it
    while len(parts) > 1 and _first_head(parts[0]) is None and parts[1] and demonym_word(parts[1][0].text):
        parts = parts[1:]
    merged: list[list[Token]] = []
    for part in parts:
        has_head = _first_head(part) is not None
        if merged and has_head and _first_head(merged[-1]) is not None:
            merged.append(part)
        elif merged and has_head and not _glues(merged[-1], part, entity_starts, person_words):
            # "Antonov and West German Economics Minister", "Reagan and Prime Minister": the
            # word before "and" is a name, not the first half of "Trade and Industry Minister"
            merged[-1] = part
        elif merged:
            merged[-1] = merged[-1] + [_AND] + part
        else:
            merged.append(part)
    # a part without a head glued to the next one ("Trade and Industry Minister")
    return [p for p in merged if p]


_AND = Token("and", -1, -1)


def _glues(
    part: list[Token], following: list[Token], entity_starts: set[int] | frozenset[int], person_words: frozenset[str]
) -> bool:
    """A headless part that shares the head after "and": "Trade" (and Industry Minister),
    "Social Affairs", "Office of Management", "Securities" (and Exchange Commission chairman);
    not a lone name before a title that stands alone: "Antonov and West German Economics
    Minister", "Reagan and Prime Minister", "Balladur and Bank of France Governor", nor a
    word the article names a person with ("he, Baker and Bundesbank President Karl Otto
    Poehl", where the recogniser took "Baker and Bundesbank" for one organisation)."""
    real = [t for t in part if t.start >= 0]
    if len(real) == 1 and fold(real[0].text) in person_words:
        return False
    if len(real) > 1 or any(modifier_word(t.text) or lower_word(t.text) for t in real):
        return True
    first = following[0]
    return not (head_word(first.text) or modifier_word(first.text) or demonym_word(first.text) or first.start in entity_starts)


# Abbreviated titles whose dot is part of the title, not the end of the sentence.
_ABBREVIATIONS = frozenset(("adm", "amb", "capt", "cmdr", "col", "gen", "gov", "insp", "lt", "maj", "pres", "rep", "sen", "sgt", "supt"))
_POSSESSIVE_DETERMINERS = frozenset(("his", "her", "its", "their", "our", "my", "your"))
_CLOSING = frozenset((",", ";", ")", "(", "—", "–", ":", ".", "!", "?", '"', "“", "”"))


def _evaluative(tok: Token) -> bool:
    return tok.start >= 0 and fold(tok.text) in EVALUATIVE


def _title_case(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def _possessive_office(ctx: Context, real: list[Token]) -> str | None:
    """ "Kazakhstan's president" -> "President of Kazakhstan": a title in lower case owned by a
    place. A title written in capitals ("Armenia's Prime Minister") is kept as written, and so
    is one owned by an organisation ("Renta's finance director"), whose office may need an
    article ("of the Cartel Office") that the text does not give."""
    at = next((k for k, t in enumerate(real) if t.text in ("'s", "’s")), None)
    if not at:
        return None
    owner, rest = real[:at], real[at + 1 :]
    if not rest or owner[0].start not in ctx.place_starts:
        return None
    if not all(is_cap(t.text) and not head_word(t.text) or fold(t.text) in TITLE_CONNECTORS for t in owner):
        return None
    if not all(lower_word(t.text) and fold(t.text) not in TAIL_PREPOSITIONS for t in rest) or not head_word(rest[-1].text):
        return None
    office = " ".join(_title_case(t.text) for t in rest)
    return f"{office} of {norm_space(ctx.text[owner[0].start : owner[-1].end])}"


def _render(ctx: Context, part: list[Token]) -> str:
    """A title's text as written, less the evaluative words, or the office it names."""
    real = [t for t in part if t.start >= 0 and not _evaluative(t)]
    if not real:
        return ""
    office = _possessive_office(ctx, real)
    if office:
        return office
    runs: list[list[Token]] = [[]]
    for t in part:
        if t.start < 0:
            continue  # the "and" glued back in: its text lies inside the run
        if _evaluative(t):
            if runs[-1]:
                runs.append([])
            continue
        if runs[-1] and "(" in ctx.text[runs[-1][-1].end : t.start]:
            runs.append([])  # a short form in brackets passed over inside the title
        runs[-1].append(t)
    return " ".join(_slice(ctx.text, r) for r in runs if r)


def _well_formed(part: list[Token]) -> bool:
    """A title ends in its head, or in the place or body after "HEAD of": never in a function
    word ("agro-economist at"), never in a name after the head ("General
    Dynamics Corp", "Queen Elizabeth")."""
    real = [t for t in part if t.start >= 0 and not _evaluative(t)]
    heads = [k for k, t in enumerate(real) if head_word(t.text)]
    if not heads:
        return False
    tail = next((k for k in range(heads[0] + 1, len(real)) if fold(real[k].text) in TAIL_PREPOSITIONS), len(real))
    last_head = max(k for k in heads if k < tail)
    after = real[last_head + 1 : tail]
    if after and after[0].text == ".":
        after = after[1:]
    if after:
        return False
    last = real[-1]
    w = fold(last.text).rstrip(".")
    if w in FUNCTION_WORDS or w in TITLE_CONNECTORS or w in DETERMINERS or last.text in ("'s", "’s", "&", "-"):
        return False
    return True


def _first_head(tokens: list[Token]) -> int | None:
    for k, t in enumerate(tokens):
        if t.start >= 0 and head_word(t.text) and not (
            fold(t.text) in ("general", "major", "executive", "chief", "deputy") and k + 1 < len(tokens) and head_word(tokens[k + 1].text)
        ):
            return k
    for k, t in enumerate(tokens):
        if t.start >= 0 and head_word(t.text):
            return k
    return None


def _slice(text: str, tokens: list[Token]) -> str:
    real = [t for t in tokens if t.start >= 0]
    if not real:
        return ""
    # rebuild from original text, including the "and" glued back in by _coordinated
    return norm_space(text[real[0].start : real[-1].end])


def _strip_edges(tokens: list[Token]) -> list[Token]:
    a, b = 0, len(tokens)
    while a < b and (
        fold(tokens[a].text) in TITLE_CONNECTORS
        or fold(tokens[a].text) in DETERMINERS
        or tokens[a].text in ("'s", "’s", ".", "-")
    ):
        a += 1
    while b > a and (fold(tokens[b - 1].text) in TITLE_CONNECTORS or fold(tokens[b - 1].text) in DETERMINERS):
        b -= 1
    return tokens[a:b]


def _other_people(ctx: Context, mstart: int, mend: int) -> frozenset[str]:
    """The words of the article's people's names, less the holder's own: "William R.
    Hambrecht, Hambrecht and Quist president" keeps the firm named after him whole."""
    own = {fold(w) for w in ctx.text[mstart:mend].split()}
    return ctx.person_words - own if own & ctx.person_words else ctx.person_words


@dataclass(slots=True)
class Context:
    """What the role rules need to know about one sentence."""

    text: str
    start: int
    end: int
    tokens: list[Token]
    person_spans: list[tuple[int, int]]  # other people in the sentence: a title never crosses them
    entity_starts: set[int]  # starts of tokens inside non-person entity spans
    place_starts: set[int] = field(default_factory=set)  # starts of the places among them
    person_words: frozenset[str] = frozenset()  # the folded words of the article's people's names

    def in_person(self, tok: Token, own: tuple[int, int]) -> bool:
        for a, b in self.person_spans:
            if (a, b) != own and tok.start < b and tok.end > a:
                return True
        return False


def title_before(ctx: Context, mstart: int, mend: int, limit: int | None = None, anchored: bool = False) -> list[tuple[str, str]]:
    """Titles written just before a name: "Kazakh President", "Armenia's Prime Minister and ...".

    The title must touch the name (or `limit`): "former Nevada Sen. and Reagan confidant
    Paul Laxalt" gives Reagan nothing. With `limit`, the title ends there instead of at the
    name; with `anchored`, it must open the sentence (after a determiner or an opening quote),
    or inside it start with "the" or hold a possessive ("met the president, X,").
    """
    toks = ctx.tokens
    if limit is None:
        limit = mstart
    k = bisect_right([t.start for t in toks], limit - 1)  # tokens before the limit
    j = k - 1
    collected: list[Token] = []
    while j >= 0:
        t = toks[j]
        if t.end > limit:
            j -= 1
            continue
        if ctx.in_person(t, (mstart, mend)):
            break
        if t.text == ")" and j >= 2 and toks[j - 2].text == "(" and _spells_name_before(toks, j - 2):
            # "President of the Japan Chamber of Commerce and Industry (JCCI) Noboru Gotoh": the
            # short form in brackets belongs to the body's name, not to the title (but
            # "chairman Fernand St Germain (D-RI) and House Speaker Jim Wright": a party and
            # state after a name end what comes before the title)
            j -= 3
            continue
        w = fold(t.text).rstrip(".")
        ok = (
            is_cap(t.text)
            or head_word(t.text)
            or modifier_word(t.text)
            or w in TITLE_CONNECTORS
            or t.text in ("'s", "’s", "&")
            or (lower_word(t.text) and _sandwiched(collected, toks, j))
            or (t.text == "." and j > 0 and fold(toks[j - 1].text) in ROLE_HEADS | HONORIFICS)
        )
        if not ok:
            break
        if (
            collected
            and lower_word(t.text)
            and head_word(t.text)
            and not modifier_word(t.text)
            and is_cap(collected[-1].text)
            and fold(collected[-1].text).rstrip(".") not in HONORIFICS
        ):
            # "the Council aide President Reagan fired": a head in lower case closes a noun
            # phrase; a title in capitals after it is a second one ("chairman Sir John" is not)
            break
        if (
            w in ("of", "for")
            and j > 0
            and any(head_word(c.text) for c in collected)
            and (head_word(toks[j - 1].text) or lower_word(toks[j - 1].text))
            # "Army Chief of Staff Gen. John Wickham" (but "the lawyer for Staff Sgt. X")
            and not (w == "of" and fold(collected[-1].text) == "staff" and fold(toks[j - 1].text) in ("chief", "chiefs"))
        ):
            # "a spokesman for Foreign Minister X", "the government of President X": X is the
            # minister, the president; the words before "of" are about someone or something else
            break
        collected.append(t)
        j -= 1
    if not collected:
        return []
    near = collected[0]  # the word next to the name (or the comma)
    if fold(near.text) in TITLE_CONNECTORS or fold(near.text) in DETERMINERS or near.text in ("&", "'s", "’s"):
        return []  # "former Nevada Sen. and Reagan confidant Paul Laxalt": not next to Reagan
    collected.reverse()
    if j >= 0 and fold(toks[j].text) in REPORTING_VERBS and fold(collected[0].text) in NEWS_SOURCES:
        # "Monsod told Reuters Finance Secretary Jaime Ongpin had ...": the agency is the
        # one told; the title starts after it
        collected = collected[1:]
        if not collected:
            return []
    if anchored and any(not (t.text in QUOTES or t.text in "([") for t in toks[: j + 1]):
        # inside a sentence, "the president, X,", "Kazakhstan's president, X," and "his
        # Trade Minister, X," are still set off as a title; a bare title is more likely the
        # end of a clause
        owned = j >= 0 and fold(toks[j].text) in _POSSESSIVE_DETERMINERS
        if not (fold(collected[0].text) == "the" or owned or any(t.text in ("'s", "’s") for t in collected)):
            return []
    if collected[0].text in ("'s", "’s") and len(collected) == 2 and fold(collected[1].text) in RELATIONAL_HEADS:
        # "The delegation's leader, X,": the owner, a common noun, is not read into the
        # title, and "leader" alone names no office ("the country's finance minister" does)
        return []
    # the left edge: the first token that may start a title
    sentence_first = toks[0].start if toks else -1
    n = len(collected)
    start = None
    for a in range(n):
        t = collected[a]
        w = fold(t.text).rstrip(".")
        if w in TITLE_CONNECTORS or w in DETERMINERS or t.text in ("'s", "’s", "-", "&", "."):
            continue
        if w in HONORIFICS:
            continue
        if head_word(t.text) or modifier_word(t.text) or demonym_word(t.text) or is_acronym(t.text):
            start = a
            break
        if is_cap(t.text) and t.start == sentence_first and t.start not in ctx.entity_starts and a + 1 < n and is_cap(collected[a + 1].text):
            continue  # "Later Kazakhstan's president": the sentence's first word is not part of it
        if is_cap(t.text):
            # a capitalised run is part of the title when it is a recognised entity, a
            # possessive ("Armenia's") or an ordinary capitalised word inside the sentence
            run_end = a
            while run_end + 1 < n and is_cap(collected[run_end + 1].text) and not head_word(collected[run_end + 1].text) and not modifier_word(collected[run_end + 1].text):
                run_end += 1
            followed_by_possessive = run_end + 1 < n and collected[run_end + 1].text in ("'s", "’s")
            # "Ways and Means chairman X" opening a sentence: the first half of a coordinated
            # name (whether it stays is for _coordinated to say)
            coordinated = run_end + 2 < n and collected[run_end + 1].text in ("and", "&") and is_cap(collected[run_end + 2].text)
            if t.start in ctx.entity_starts or followed_by_possessive or coordinated or (
                t.start != sentence_first and w not in JUNK_WORDS
            ):
                start = a
                break
    if start is None:
        return []
    phrase = _strip_edges(collected[start:])
    # honorifics at the end are not part of the title ("President Mr Tokayev")
    while phrase and fold(phrase[-1].text).rstrip(".") in HONORIFICS | {"."}:
        phrase = phrase[:-1]
    if not phrase or _first_head(phrase) is None:
        return []
    out = []
    people = _other_people(ctx, mstart, mend)
    for stacked in _split_abbreviated_rank(ctx.text, phrase):
        for part in _coordinated(stacked, ctx.entity_starts, people):
            part = _strip_edges(part)
            if part and _first_head(part) is not None and _well_formed(part):
                title = _render(ctx, part)
                if title and not _only_name_words(part) and not shouting(title):
                    out.append((title, "title"))
    return out


def _abbreviated(text: str, tok: Token) -> bool:
    """An abbreviated title written with its full stop: "Rep.", "Adm.", "Lt."."""
    return tok.text[:1].isupper() and fold(tok.text) in _ABBREVIATIONS and text[tok.end : tok.end + 1] == "."


def _split_abbreviated_rank(text: str, phrase: list[Token]) -> list[list[Token]]:
    """A rank written as an abbreviation next to the name, after a whole title, is a title of
    its own: "subcommittee Chairman Rep. Dan Glickman" holds "subcommittee Chairman" and "Rep.",
    "former National Security Adviser Vice Adm. John Poindexter" "Vice Adm." ("Lt. Gov. Mike
    Curb" stays one)."""
    end = len(phrase) - 1 if phrase[-1].text == "." else len(phrase)
    if end < 2 or not _abbreviated(text, phrase[end - 1]):
        return [phrase]
    k = end - 1
    while k > 0 and modifier_word(phrase[k - 1].text) and not head_word(phrase[k - 1].text):
        k -= 1
    if k > 0 and fold(phrase[k - 1].text) in TITLE_CONNECTORS:
        k = end - 1  # "Army Chief of Staff Gen.": "Staff" ends the title before
    before = _strip_edges(phrase[:k])
    while before and before[-1].text == ".":
        before = before[:-1]
    if not before or _first_head(before) is None or not _well_formed(before) or _abbreviated(text, before[-1]):
        return [phrase]
    if fold(phrase[end - 1].text) == "gen" and fold(before[-1].text) in _GENERAL_AFTER:
        return [phrase]  # "Attorney Gen. Edwin Meese": the office is Attorney General
    if fold(before[-1].text) in _RANK_PREFIXES and not (len(before) > 1 and fold(before[-2].text) in TITLE_CONNECTORS):
        return [phrase]  # "Lieutenant Gen.", "Staff Sgt.": one rank (not "Chief of Staff Gen.")
    return [before, phrase[k:]]


# Words that make one rank with the abbreviated rank after them: "Lieutenant Col.", "Rear Adm."
_RANK_PREFIXES = frozenset("lieutenant major brigadier rear vice staff master first sergeant".split())


# Offices named with "General" after the head: "Attorney General", "Surgeon General".
_GENERAL_AFTER = frozenset(
    "attorney surgeon solicitor inspector postmaster secretary director consul governor comptroller auditor "
    "accountant adjutant procurator prosecutor advocate registrar".split()
)


def _spells_name_before(toks: list[Token], bracket: int) -> bool:
    """Whether the acronym in brackets at toks[bracket] spells the words just before them."""
    acronym = toks[bracket + 1].text
    if not is_acronym(acronym):
        return False
    before = toks[max(0, bracket - 8) : bracket]
    return any(is_cap(before[i].text) and acronym_fits(acronym, " ".join(t.text for t in before[i:])) for i in range(len(before)))


def title_fronted(ctx: Context, mstart: int, mend: int) -> list[tuple[str, str]]:
    """A title that opens the sentence, set off by commas: "The former head of the KNB, Karim Masimov,"."""
    toks = ctx.tokens
    before = [t for t in toks if t.end <= mstart]
    after = [t for t in toks if t.start >= mend]
    if not before or before[-1].text != ",":
        return []
    if after and after[0].text not in (",", ".", ";", ")", "—", "–", "!", "?"):
        return []
    out = []
    for title, _ in title_before(ctx, mstart, mend, limit=before[-1].start, anchored=True):
        words = title.split()
        written = title in ctx.text[ctx.start : ctx.end]  # not "President of Kazakhstan" from "Kazakhstan's president"
        rule = "head-of" if written and len(words) > 1 and head_word(words[0]) and fold(words[1]) == "of" else "apposition"
        out.append((title, rule))
    return out


def _head_ahead(toks: list[Token], k: int) -> bool:
    """A head noun within the next three lower-case words: "investment officer", "fund manager"."""
    for t in toks[k : k + 3]:
        if head_word(t.text):
            return True
        if not lower_word(t.text) or fold(t.text) in TAIL_PREPOSITIONS or fold(t.text) in RELATIVE_WORDS:
            return False
    return False


def _sandwiched(collected: list[Token], toks: list[Token], j: int) -> bool:
    """A lower-case word between two title words, both in lower case: "chief investment
    officer", "state central bank president" (not "Ford Motor Co praised President",
    "military court jailed former minister", "spokesman quoted Finance Minister")."""
    if not collected or j == 0:
        return False
    right, left = collected[-1].text, toks[j - 1].text
    if fold(toks[j].text) in FUNCTION_WORDS:
        return False
    if not (head_word(right) or modifier_word(right)) or fold(right) in EVALUATIVE:
        return False
    if not lower_word(right):
        # a title in capitals does not take a lower-case word inside it: in "spokesman
        # quoted Finance Minister" the word is a verb between two noun phrases
        return False
    return lower_word(left) and (head_word(left) or modifier_word(left))


def _only_name_words(part: list[Token]) -> bool:
    """A title made only of capitalised non-title words is a name, not a role."""
    return not any(head_word(t.text) for t in part)


def _tail_word(t: Token) -> bool:
    """A word of the body after "HEAD of" / "HEAD at": "the CSTO Collective Security Council",
    "economic policy studies at the American Enterprise Institute"."""
    w = fold(t.text).rstrip(".")
    if w in TITLE_CONNECTORS or w in DETERMINERS or w in TAIL_PREPOSITIONS or t.text in ("'s", "’s", "'", "’", "-", "&", "<", ">"):
        return True
    if is_cap(t.text) or t.text[:1].isdigit() or head_word(t.text):
        return True
    return lower_word(t.text) and w not in FUNCTION_WORDS and w not in CLAUSE_WORDS and w not in REPORTING_VERBS and w not in APPOSITION_OPENERS


_INDEFINITE_BEFORE = re.compile(r"\b[Aa]n?\s+$")


def title_after(ctx: Context, mstart: int, mend: int) -> list[tuple[str, str]]:
    """Titles in apposition: "Nikol Pashinyan, Armenia's Prime Minister," / "X, the head of Y,".

    The apposition starts right after the comma and is closed by punctuation, by a relative
    clause or "since ...", or (without its second comma) by "said": "X, director of investor
    relations at Y said". A clause is not an apposition: "told Nakasone, a Treasury spokesman
    said", "with Bush, the Crown Prince paid", "X, who is deputy prime minister".
    """
    toks = ctx.tokens
    k = bisect_right([t.start for t in toks], mend - 1)
    while k < len(toks) and toks[k].start < mend:
        k += 1
    if k >= len(toks) or toks[k].text != ",":
        return []
    if _INDEFINITE_BEFORE.search(ctx.text, max(0, mstart - 4), mstart):
        return []  # "a Baker, Fentress director": a firm's name, not a person in apposition
    k += 1
    # an age: "X, 45, a lawyer"
    if k + 1 < len(toks) and toks[k].text.isdigit() and toks[k + 1].text == ",":
        k += 2
    if k >= len(toks):
        return []
    w0 = fold(toks[k].text) if lower_word(toks[k].text) else ""  # "X, Under Secretary of the Treasury,"
    if (w0 in FUNCTION_WORDS and w0 not in ("a", "an", "the")) or w0 in CLAUSE_WORDS or w0 in RELATIVE_WORDS or w0 in ("one", "another", "some"):
        return []  # "X, and ...", "X, who is ...", "X, now head of ...", "X, one official said"
    # "X, a Treasury spokesman said", "X, the Canadian banker said": a noun phrase with an
    # article before a reporting verb is the subject of the next clause, not an apposition
    with_article = w0 in ("a", "an", "the")
    phrase: list[Token] = []
    closer: Token | None = None
    in_tail = False
    seen_head = False
    next_part = False  # after "and": capitals may open the next title
    while k < len(toks):
        t = toks[k]
        w = fold(t.text).rstrip(".")
        if t.text == "." and phrase and fold(phrase[-1].text) in _ABBREVIATIONS and k + 1 < len(toks):
            phrase.append(t)  # "Sen." inside the title
            k += 1
            continue
        if t.text in _CLOSING:
            closer = t
            break
        if ctx.in_person(t, (mstart, mend)):
            return []  # a list of people, not an apposition
        if seen_head and (w in RELATIVE_WORDS or w in APPOSITION_OPENERS or w in REPORTING_VERBS):
            closer = t
            break
        if in_tail:
            if not _tail_word(t):
                closer = t
                break
            phrase.append(t)
        elif head_word(t.text):
            seen_head = True
            next_part = False
            phrase.append(t)
        elif w in TAIL_PREPOSITIONS and seen_head:
            in_tail = w != "on"
            phrase.append(t)
        elif seen_head and is_cap(t.text) and head_word(phrase[-1].text) and not modifier_word(t.text) and not demonym_word(t.text):
            return []  # "X, Treasury Secretary James Baker, ...": the title of the next name
        elif (
            modifier_word(t.text)
            or demonym_word(t.text)
            or is_cap(t.text)
            or w in DETERMINERS
            or w in ("and", "&", "the")
            or t.text in ("'s", "’s", "-")
        ):
            if seen_head and not (w in ("and", "&") or modifier_word(t.text) or (next_part and is_cap(t.text))):
                closer = t
                break
            next_part = next_part or (seen_head and w in ("and", "&"))  # "executive and Treasury secretary"
            phrase.append(t)
        elif lower_word(t.text) and w not in FUNCTION_WORDS and w not in CLAUSE_WORDS and _head_ahead(toks, k + 1):
            phrase.append(t)  # "a portfolio manager", "chief investment officer"
        else:
            if seen_head:
                closer = t  # "X, Kazakhstan's president since 2019," -> stop before "since"
                break
            return []
        if len(phrase) > 16:
            return []
        k += 1
    if closer is None and in_tail:
        # the sentence ran out inside "chairman of the ...": a line break cut it; the title
        # before "of" is whole
        cut = next((i for i, t in enumerate(phrase) if fold(t.text) in TAIL_PREPOSITIONS and _first_head(phrase[:i]) is not None), len(phrase))
        phrase = phrase[:cut]
        closer = Token(".", -1, -1)
    if not seen_head or closer is None:
        return []  # no title, or the sentence ran out unfinished (a line break cut it)
    cw = fold(closer.text)
    if closer.text in _CLOSING or cw in RELATIVE_WORDS or cw in APPOSITION_OPENERS:
        pass
    elif cw in REPORTING_VERBS and not with_article:
        pass  # "X, director of investor relations at Y said"
    else:
        return []  # "Bush, the Crown Prince paid a call": a clause, not an apposition
    phrase = _strip_edges(phrase)
    if not phrase:
        return []
    head_at = _first_head(phrase)
    if head_at is None:
        return []
    rule = "head-of" if head_at == 0 and len(phrase) > 1 and fold(phrase[1].text) == "of" else "apposition"
    out = []
    for part in _coordinated(phrase, ctx.entity_starts, _other_people(ctx, mstart, mend)):
        part = _strip_edges(part)
        if part and _first_head(part) is not None and _well_formed(part):
            title = _render(ctx, part)
            if title and not shouting(title):
                out.append((title, rule))
    return out


def without_holder_name(title: str, names: list[str]) -> str | None:
    """The title less its holder's given names, or None when no title is left.

    When the recogniser takes only the surname ("U.S. Secretary of Defence Caspar
    Weinberger" tagged "Weinberger"), the given name is read as the end of the title. Once the
    article's person is linked to the full name, a title whose last words are the first words
    of that name gives them back: "U.S. Secretary of Defence". A title word is never a given
    name ("Treasury Secretary" beside a name written "Secretary Baker").
    """
    words = title.split()
    for name in names:
        parts = name.split()
        for k in range(len(parts) - 1, 0, -1):
            tail = words[-k:]
            if len(words) <= k or tail != parts[:k]:
                continue
            if any(head_word(w) or modifier_word(w) or not is_cap(w) for w in tail):
                continue
            rest = words[:-k]
            last = fold(rest[-1]).rstrip(".")
            if last in FUNCTION_WORDS or last in TITLE_CONNECTORS or last in DETERMINERS or not any(head_word(w) for w in rest):
                return None
            return " ".join(rest)
    return title
