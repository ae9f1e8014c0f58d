"""Entities: from recogniser spans to typed, named entities with roles, then linked across articles.

Two steps, both pure Python:

    find_entities(article, sentences, spans) -> list[Entity]
        One article. Recogniser spans (start, end, 'PER'|'ORG'|'LOC'|'MISC') are cleaned
        (titles, possessives, quotes and stray punctuation stripped; junk dropped; a
        person's name glued to an organisation split off; the Latin half of "ОДКБ-CSTO"
        kept), typed (person, organization, place, group, other; nationality words are
        groups, never people), grouped into entities (same name, surname-only mentions,
        partial spans, acronyms with their expansion) and given roles with evidence
        sentences:

            "Kazakh President Kasym-Jomart Tokayev"         -> "Kazakh President"     (rule "title")
            "Nikol Pashinyan, Armenia's Prime Minister and
             Chairman of the CSTO Collective Security Council," -> two roles           (rule "apposition")
            "Karim Masimov, the head of the KNB,"            -> "head of the KNB"      (rule "head-of")

    link_entities(entities) -> list[Cluster]
        The whole corpus. Entities of different articles that name the same thing are
        grouped into a Cluster: same name key, transliteration variants, a surname that
        belongs to exactly one full name in the corpus, an acronym and its expansion.
        Everything is bucketed by keys, so linking is close to linear in the number of
        entities.

A Cluster keeps the per-article entities it was built from (`members`): each carries its
article id, its mentions (offsets and sentence index in that article) and its roles (with
evidence naming the article), so nothing is lost when entities are merged.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Article, Entity, Evidence, Mention, Role
from .text import Token, match_key, tokenize
from .text import fold as _fold_text
from .text import name_key as _name_key_text

__all__ = ["Cluster", "find_entities", "link_entities", "is_demonym", "initials"]

PERSON, ORGANIZATION, PLACE, GROUP, OTHER = "person", "organization", "place", "group", "other"

_LABELS = {
    "PER": PERSON,
    "PERSON": PERSON,
    "ORG": ORGANIZATION,
    "ORGANIZATION": ORGANIZATION,
    "LOC": PLACE,
    "LOCATION": PLACE,
    "GPE": PLACE,
    "MISC": OTHER,
    "NORP": GROUP,
}

# Preference when a vote between types is tied.
_TYPE_ORDER = {PERSON: 0, ORGANIZATION: 1, PLACE: 2, GROUP: 3, OTHER: 4}

# ---------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------

# Nationalities, peoples and other adjectives that name groups of people, lower-cased.
DEMONYMS = frozenset(
    """
    afghan albanian algerian american andorran angolan argentine argentinian armenian australian
    austrian azerbaijani azeri bahraini bangladeshi belarusian belarussian belorussian byelorussian
    belgian beninese bolivian bosnian brazilian british briton bulgarian burmese burundian
    cambodian cameroonian canadian chadian chechen chilean chinese colombian congolese croatian
    cuban cypriot czech danish dutch ecuadorian egyptian emirati english eritrean estonian
    ethiopian european filipino finnish french gabonese gambian georgian german ghanaian greek
    guatemalan guinean haitian honduran hungarian icelandic indian indonesian iranian iraqi irish
    israeli italian ivorian jamaican japanese jordanian kazakh kazak kazakhstani kenyan korean
    kosovar kurdish kuwaiti kyrgyz kirghiz kirgiz laotian latvian lebanese liberian libyan
    lithuanian luxembourgish macedonian malagasy malawian malaysian malian maltese mauritanian
    mexican moldovan mongolian montenegrin moroccan mozambican namibian nepalese nepali nicaraguan
    nigerian nigerien norwegian omani pakistani palestinian panamanian paraguayan persian peruvian
    polish portuguese qatari romanian russian rwandan salvadoran saudi scottish senegalese serbian
    sierra singaporean slovak slovakian slovenian somali spanish sudanese surinamese swedish swiss
    syrian taiwanese tajik tajikistani tanzanian thai tibetan togolese tunisian turkish turkmen
    turkmenistani ugandan ukrainian uruguayan uzbek uzbekistani venezuelan vietnamese welsh yemeni
    zambian zimbabwean soviet arab arabian african asian latino uyghur uighur tatar bashkir
    dagestani ossetian abkhaz abkhazian karakalpak crimean chuvash buryat yakut circassian
    cossack pashtun serb croat slovene bosniak tamil sikh hindu muslim christian jewish jew catholic orthodox protestant
    sunni shia shiite alawite druze yazidi kurd turk pole dane swede finn scot brit slav slavic
    caucasian scandinavian nordic latin hispanic anglo
    """.split()
)

# Collective nouns for groups of people, recognised when a span is just one of them.
COLLECTIVE_NOUNS = frozenset(
    """
    protesters protestors demonstrators picketers rioters servicemen soldiers troops peacekeepers
    paratroopers rebels militants insurgents separatists fighters refugees migrants residents
    citizens civilians activists workers miners students voters volunteers veterans pensioners
    """.split()
)

# Words that can stand before a demonym inside a group name ("South Korean", "North Korean").
_DEMONYM_PREFIXES = frozenset("north south east west central northern southern eastern western ethnic n. s. e. w.".split())

# Head nouns of roles and titles, lower-cased ("vice-president" is also found through its last part).
ROLE_HEADS = frozenset(
    """
    president premier minister chancellor chairman chairwoman chairperson chair secretary
    secretary-general spokesman spokeswoman spokesperson director director-general chief head
    leader governor mayor senator congressman congresswoman congressmember representative
    lawmaker legislator deputy mp mep ambassador envoy consul diplomat attache general commander
    colonel major captain lieutenant sergeant admiral marshal brigadier corporal officer
    king queen prince princess emperor empress tsar czar sultan emir sheikh shah monarch pope
    patriarch metropolitan archbishop bishop cardinal imam mufti rabbi priest pastor judge justice
    prosecutor prosecutor-general attorney attorney-general lawyer ombudsman commissioner
    inspector auditor treasurer ceo cfo coo cto executive founder co-founder owner chairman-elect
    president-elect editor editor-in-chief journalist correspondent reporter columnist
    commentator analyst expert professor scientist researcher economist historian political
    scientist activist blogger dissident politician candidate nominee official adviser advisor
    aide coach manager speaker rector provost superintendent sheriff councillor councilor
    councilman councilwoman alderman delegate producer actor actress singer writer author poet
    novelist artist musician rapper athlete champion boxer footballer striker goalkeeper
    dictator strongman warlord oligarch tycoon businessman businesswoman billionaire
    entrepreneur investor banker spokesperson negotiator mediator observer monitor
    representative vice-chairman vice-premier vice-chancellor chieftain akim hetman
    """.split()
) | frozenset(
    # abbreviated titles, written with or without a dot
    "pres gen lt col maj capt cmdr sgt adm gov sen rep amb supt insp pm".split()
)

# Words that modify a role head ("former Prime Minister", "opposition leader", "Foreign Minister").
ROLE_MODIFIERS = frozenset(
    """
    former ex acting interim deputy vice first second third senior junior chief assistant
    associate executive general foreign defence defense interior home finance economy economic
    justice health education energy trade agriculture culture emergency emergencies labour labor
    transport industry digital environment environmental prime state supreme top high grand lead
    principal managing military army navy naval air police security intelligence opposition
    party union government presidential parliamentary regional local national federal city
    district provincial communist ruling incumbent outgoing incoming newly elected appointed then
    late honorary permanent special civil human rights mission company bank group club team
    staff affairs self-proclaimed self-declared de facto so-called commanding presiding
    co longtime long-time veteran retired serving sitting ousted exiled jailed detained
    imprisoned embattled powerful influential ruling-party opposition-party
    """.split()
)

# Courtesy titles: stripped from names, never roles.
HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir dame lord lady madam madame monsieur herr".split())

# Titles that mark the words after them as a person's name even in a span typed MISC.
_PERSON_TITLES = HONORIFICS | frozenset(
    "president minister premier king queen prince princess senator governor mayor chancellor pope sheikh emir sultan".split()
)

# Function words that may sit inside a title ("Chairman of the Council", "Minister for Trade").
_TITLE_CONNECTORS = frozenset("of the and for & on".split())

# Lower-case particles that may start or sit inside a personal name.
_NAME_PARTICLES = frozenset("de da di del della der den van von la le du dos das al el bin ibn ben abu ter".split())

_DETERMINERS = frozenset("the a an its his her their our this that".split())

# Capitalised words that are never entities on their own.
_JUNK_WORDS = frozenset(
    """
    the a an and or but if in on at to of for from by with as it he she they we i you this that
    these those there here however meanwhile according after before when while since during
    also still yet then now today yesterday tomorrow tonight mr mrs ms dr
    article section chapter paragraph clause
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

_FUNCTION_WORDS = frozenset(
    """
    a an the of in on at to for from by with under over against as than about after before
    between into through during without within across among and or but nor so who whom whose
    which that where when is was are were be been has have had will would said says
    """.split()
)
_RELATIVE = frozenset("who whom whose which that where when".split())
_TAIL_PREPOSITIONS = frozenset("of at for in to on from".split())
_STOP_WORDS_FOR_INITIALS = frozenset("of the and for on in to at a an by with de la le du des del".split())

_QUOTES = "\"'“”‘’«»„‟‹›`"
_LEADING_JUNK = _QUOTES + "([{<-–—*•·,;:/|"
_TRAILING_JUNK = _QUOTES + ")]}>,;:!?/|-–—*"
_APOSTROPHES = "'’"

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_SPACE = re.compile(r"\s+")
_ABBREV_END = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|Bros|Cie|Mt|St)\.$")


# ---------------------------------------------------------------------------------------
# Small functions
# ---------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """text.fold with a fast path for plain ASCII."""
    if text.isascii():
        return text.lower()
    return _fold_text(text)


@lru_cache(maxsize=262144)
def name_key(name: str) -> str:
    return _name_key_text(name)


def _norm_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _lower_word(word: str) -> bool:
    """A word written in lower case: "gave", "ex-", "'s" (not "103rd", "iPhone")."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.islower() for c in letters) and not any(c.isdigit() for c in word)


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _head_word(word: str) -> bool:
    """A role head noun, also as the last part of a hyphenated word ("Vice-President", "ex-chief")."""
    w = fold(word).rstrip(".")
    if w in ROLE_HEADS:
        return True
    if "-" in w:
        return w.rsplit("-", 1)[1] in ROLE_HEADS
    return False


def _modifier_word(word: str) -> bool:
    w = fold(word).rstrip(".")
    if w in ROLE_MODIFIERS:
        return True
    if "-" in w:
        first = w.split("-", 1)[0]
        return first in ROLE_MODIFIERS or first in ("ex", "co", "vice")
    return False


def _demonym_word(word: str) -> bool:
    w = fold(word)
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    w = w.rstrip("'’")
    if w in DEMONYMS:
        return True
    if w.endswith("s") and w[:-1] in DEMONYMS:
        return True  # Kazakhs, Russians, Poles
    if w.endswith("es") and w[:-2] in DEMONYMS:
        return True
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        return bool(parts) and all(_demonym_word(p) for p in parts)
    return False


@lru_cache(maxsize=262144)
def is_demonym(name: str) -> bool:
    """True for nationality and people words: "Kazakh", "Belarusians", "South Korean", "Armenian's"."""
    parts = name.split()
    if not parts:
        return False
    if not _demonym_word(parts[-1]):
        return False
    return all(_demonym_word(p) or fold(p) in _DEMONYM_PREFIXES for p in parts[:-1])


@lru_cache(maxsize=262144)
def _demonym_key(name: str) -> str:
    """The singular form's key, so that "Kazakhs" and "Kazakh" are one group."""
    out = []
    for w in name.split():
        f = fold(w).rstrip("'’")
        if f.endswith("'s"):
            f = f[:-2]
        if f not in DEMONYMS and f.endswith("s") and f[:-1] in DEMONYMS:
            f = f[:-1]
        elif f not in DEMONYMS and f.endswith("es") and f[:-2] in DEMONYMS:
            f = f[:-2]
        out.append(f)
    return name_key(" ".join(out))


@lru_cache(maxsize=262144)
def is_acronym(name: str) -> bool:
    """ "CSTO", "U.S.", "MoD", "NATO": one word of capitals, possibly with dots or a lower-case letter."""
    if " " in name or not name or not name[0].isupper():
        return False
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or len(letters) > 10:
        return False
    upper = sum(1 for c in letters if c.isupper())
    if upper == len(letters):
        return all(c.isalpha() or c in ".&-" or c.isdigit() for c in name)
    return upper >= 2 and len(letters) <= 4 and name.isalpha()


@lru_cache(maxsize=262144)
def _acronym_forms(name: str) -> frozenset[str]:
    if any(c.isdigit() for c in name):
        return frozenset()  # "AK-47", "KSE-100" are not initials
    letters = "".join(c for c in name if c.isalpha())
    forms = {letters.upper()}
    caps = "".join(c for c in letters if c.isupper())
    if len(caps) >= 2:
        forms.add(caps)
    return frozenset(forms)


@lru_cache(maxsize=262144)
def initials(name: str) -> frozenset[str]:
    """Initials an acronym of `name` may use: of its capitalised words (ignoring "of", "the",
    "and", "for" ...), and of all its words. "Collective Security Treaty Organisation" -> {"CSTO"},
    "Ministry of Defence" -> {"MD", "MOD"}."""
    words = [w for w in re.split(r"[\s/]+", name) if w]
    if len(words) < 2:
        return frozenset()
    content = []
    everything = []
    for w in words:
        clean = w.strip(_QUOTES + "().,")
        if not clean or not clean[0].isalnum():
            continue
        everything.append(clean[0].upper())
        if fold(clean) in _STOP_WORDS_FOR_INITIALS:
            continue
        if clean[0].isupper() or clean[0].isdigit():
            content.append(clean[0].upper())
    out = set()
    if len(content) >= 2:
        out.add("".join(content))
    if len(everything) >= 2:
        out.add("".join(everything))
    return frozenset(out)


def _type_class(t: str) -> str:
    if t == PERSON:
        return "P"
    if t in (ORGANIZATION, PLACE):
        return "N"
    if t == GROUP:
        return "G"
    return "O"


def _vote(counts: Counter) -> str:
    """Majority type; "other" only when nothing more specific was seen; ties prefer person."""
    specific = {t: n for t, n in counts.items() if t != OTHER and n > 0}
    pool = specific or dict(counts)
    if not pool:
        return OTHER
    return min(pool, key=lambda t: (-pool[t], _TYPE_ORDER.get(t, 9)))


@lru_cache(maxsize=262144)
def _entity_key(name: str, type_: str) -> str:
    if type_ == GROUP:
        return _demonym_key(name)
    if is_acronym(name):
        letters = "".join(c for c in name if c.isalnum())
        if len(letters) <= 3:
            # short acronyms are compared letter for letter: "U.S." is "US", but "WA" is not "Va"
            return "=" + fold(letters)
    return name_key(name)


@lru_cache(maxsize=262144)
def _title_key(title: str) -> str:
    return _norm_space(fold(title))


class _UnionFind:
    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return ra


# ---------------------------------------------------------------------------------------
# Cleaning spans
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Raw:
    text: str
    start: int
    end: int
    type: str
    sentence: int
    label: str


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip space, quotes, stray punctuation and a final possessive from text[start:end]."""
    for _ in range(4):
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in _LEADING_JUNK):
            start += 1
        while end > start and (
            text[end - 1].isspace()
            or (text[end - 1] in _TRAILING_JUNK and text[end - 1] != ")")
            or (text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end))
        ):
            end -= 1
        # possessive: "Tokayev's", "Tokayev’s", "Reuters'"
        if end - start > 2 and text[end - 1] in "sS" and text[end - 2] in _APOSTROPHES:
            end -= 2
        elif end - start > 1 and text[end - 1] in _APOSTROPHES:
            end -= 1
        # a final dot stays only on abbreviations and initials ("U.S.", "Inc.")
        while end > start and text[end - 1] == "." and not _ABBREV_END.search(text[start:end]):
            end -= 1
        # unbalanced brackets
        inner = text[start:end]
        if inner.count("(") > inner.count(")") and inner.rstrip().endswith("("):
            end = start + inner.rstrip().rfind("(")
        if (start, end) == before:
            break
    return start, end


def _split_parenthetical(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "Collective Security Treaty Organization (CSTO)" -> the expansion and the acronym."""
    inner = text[start:end]
    m = re.match(r"^(.*\S)\s*\(\s*([^()]+?)\s*\)$", inner, re.S)
    if not m:
        return [(start, end)]
    a = (start, start + m.end(1))
    b = (start + m.start(2), start + m.end(2))
    return [a, b]


def _latin_part(text: str, start: int, end: int) -> tuple[int, int]:
    """ "ОДКБ-CSTO" -> "CSTO": keep the Latin half of a token written in two scripts."""
    inner = text[start:end]
    if not (_CYRILLIC.search(inner) and _LATIN.search(inner)):
        return start, end
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^\s\-/–—]+", inner)]
    latin = [(a, b) for a, b in parts if _LATIN.search(inner[a:b]) and not _CYRILLIC.search(inner[a:b])]
    if not latin:
        return start, end
    return start + latin[0][0], start + latin[-1][1]


def _is_junk(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2:
        return True  # punctuation, digits, single letters
    if not any(c.isupper() for c in name):
        return True  # lower-case only: "protesters", "the military"
    words = name.split()
    if len(words) == 1:
        if re.fullmatch(r"[IVXLC]+", name):
            return True  # a roman numeral cut off its name: "III"
        w = fold(name).rstrip(".")
        if w in _JUNK_WORDS or w in HONORIFICS:
            return True
        if w in ROLE_HEADS or w in ROLE_MODIFIERS:
            return True  # "President" alone
    elif all(fold(w).rstrip(".") in ROLE_HEADS | ROLE_MODIFIERS | _TITLE_CONNECTORS for w in words):
        return True  # "Prime Minister"
    return False


def _titleish(tok: str) -> bool:
    w = fold(tok).rstrip(".")
    return (
        w in HONORIFICS
        or _head_word(tok)
        or _modifier_word(tok)
        or _demonym_word(tok)
        or w in _TITLE_CONNECTORS
        or w in ("'s", "’s")
        or tok == "."
    )


def _clean_span(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """Clean one recogniser span into zero or more (start, end, type) mentions."""
    type_ = _LABELS.get(label.upper(), OTHER)
    start, end = _latin_part(text, start, end)
    start, end = _trim(text, start, end)
    if start >= end:
        return []
    out: list[tuple[int, int, str]] = []
    for a, b in _split_parenthetical(text, start, end):
        a, b = _trim(text, a, b)
        if a >= b:
            continue
        cut = _person_tail(text, a, b) if type_ != PERSON else None
        if cut is not None:
            out.extend(_clean_piece(text, a, cut[0], type_))
            out.extend(_clean_piece(text, cut[1], b, PERSON))
        else:
            out.extend(_clean_piece(text, a, b, type_))
    return out


# Nouns that end the name of an organisation ("... Security Council", "... Party").
ORG_HEADS = frozenset(
    """
    council committee commission organisation organization ministry department party agency
    bank union court parliament assembly service office bureau board authority administration
    government army force forces front movement group company corporation corp association
    federation institute university college club team church foundation fund alliance league
    congress senate duma cabinet command brigade regiment division battalion police guard
    """.split()
)


_PLACE_NOUNS = frozenset(
    """
    province region city state republic oblast district county street square avenue airport
    station port island islands valley river lake mountains bay coast territory kray krai
    """.split()
)


# Words that end names of things rather than people ("Options Exchange", "Championship Series").
_NAME_TAIL_STOPS = frozenset(
    """
    exchange series championship championships cup market markets index games festival prize
    award awards trust holdings industries partners systems airlines airways motors media news
    times post journal press tribune herald review agency network channel radio television
    tv centre center hospital school academy museum theatre theater stadium arena hall house
    corruption affairs development security defence defense trade energy health justice
    """.split()
)


def _person_tail(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where a span typed as an organisation ends and a person's name glued to it begins.

    "CSTO Collective Security Council Nikol Pashinyan" -> the council, then "Nikol Pashinyan".
    The name must follow the organisation's head noun directly and be two or three
    capitalised words that are neither organisation words nor connectors.
    """
    toks = tokenize(text, start, end)
    last_head = -1
    for k, t in enumerate(toks):
        if fold(t.text) in ORG_HEADS:
            last_head = k
    if last_head < 1:
        return None
    rest = toks[last_head + 1 :]
    # a title between the two ("Supreme Court Justice John Roberts") goes with the person
    while rest and (_head_word(rest[0].text) or _modifier_word(rest[0].text)) and len(rest) > 2:
        rest = rest[1:]
    if not 2 <= len(rest) <= 3:
        return None
    for t in rest:
        w = fold(t.text)
        if not (t.text[:1].isupper() and t.text.replace("-", "").isalpha()) or w in ORG_HEADS or w in _TITLE_CONNECTORS:
            return None
        if is_acronym(t.text) or _demonym_word(t.text) or w in _JUNK_WORDS or w in _PLACE_NOUNS:
            return None
        if w in _FUNCTION_WORDS or w in _NAME_TAIL_STOPS:
            return None
    return toks[last_head].end, toks[last_head + 1].start if rest[0] is toks[last_head + 1] else rest[0].start


def _clean_piece(text: str, start: int, end: int, type_: str) -> list[tuple[int, int, str]]:
    toks = tokenize(text, start, end)
    if not toks:
        return []
    extra: list[tuple[int, int, str]] = []
    # leading lower-case words that are not name particles ("the", "ex-")
    i = 0
    while i < len(toks) - 1 and (_lower_word(toks[i].text) or not toks[i].text[0].isalnum()) and fold(toks[i].text) not in _NAME_PARTICLES:
        i += 1
    # a leading "The" goes unless the name would be a single word ("The Hague", "The Guardian")
    if i < len(toks) - 2 and toks[i].text == "The":
        i += 1
    if type_ == PERSON or (type_ == OTHER and len(toks) - i > 1):
        j = _title_prefix_end(toks, i)
        if j > i and type_ == OTHER:
            # a MISC span that starts with a courtesy or a head-of-state title is a person
            # with a title ("President Tokayev"); "Major League Baseball" stays what it is
            prefix = {fold(t.text).rstrip(".") for t in toks[i:j]}
            rest = toks[j:]
            if (prefix & _PERSON_TITLES) and 1 <= len(rest) <= 3 and all(_is_cap(t.text) and not is_demonym(t.text) for t in rest):
                type_ = PERSON
            else:
                j = i
        if j > i:
            first = toks[i]
            if _demonym_word(first.text):
                extra.append((first.start, first.end, GROUP))
            i = j
    # trailing lower-case words ("Tokayev gave"), possessives and dots
    k = len(toks)
    while k > i + 1 and (_lower_word(toks[k - 1].text) or not toks[k - 1].text[0].isalnum()):
        k -= 1
    if type_ == PERSON:
        # "Hamid Algabid of Niger": the place is not part of the name ("Joan of Arc" is)
        for m in range(i + 2, k - 1):
            if toks[m].text == "of" and _is_cap(toks[m + 1].text):
                k = m
                break
    a, b = _trim(text, toks[i].start, toks[k - 1].end)
    if a >= b:
        return extra
    name = text[a:b]
    if _is_junk(name):
        return extra
    if is_demonym(name) or fold(name) in COLLECTIVE_NOUNS:
        type_ = GROUP
    elif type_ == OTHER and " " not in name and re.fullmatch(r"[A-Z][a-z]+(?:ians?|ese)", name):
        type_ = GROUP  # "Kyrgyzstanians", "Bhutanese": adjectives of peoples the list lacks
    elif type_ == OTHER and re.fullmatch(r"(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+(?:ans?|eans?|ese)", name):
        type_ = GROUP  # "Sri Lankan", "Costa Ricans", "Sierra Leonean"
    return extra + [(a, b, type_)]


def _title_prefix_end(toks: list[Token], i: int) -> int:
    """Index of the first name token after a leading title in a person span, or `i` if none.

    "Kazakh President Kasym-Jomart Tokayev" -> index of "Kasym-Jomart". The prefix must
    contain a title, honorific or demonym and leave a capitalised name behind it.
    """
    n = len(toks)
    j = i
    last_title = -1
    has_head = False
    while j < n - 1:
        tok = toks[j].text
        nxt = toks[j + 1].text
        if _titleish(tok) or nxt in ("'s", "’s") or (is_acronym(tok) and j + 1 < n - 1 and _titleish(nxt)):
            w = fold(tok).rstrip(".")
            if _head_word(tok) or w in HONORIFICS:
                has_head = True
                last_title = j
            elif _demonym_word(tok) or _modifier_word(tok):
                last_title = j
            j += 1
            continue
        break
    if last_title < 0 or not has_head:
        return i  # "Christian Wulff", "Grand Duke" alone: no title to strip
    j = last_title + 1
    while j < n and (toks[j].text in (".", "'s", "’s") or fold(toks[j].text) in _TITLE_CONNECTORS):
        j += 1
    if j >= n or not _is_cap(toks[j].text):
        return i
    return j


# ---------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------


def _coordinated(tokens: list[Token]) -> list[list[Token]]:
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
    while len(parts) > 1 and _first_head(parts[0]) is None and parts[1] and _demonym_word(parts[1][0].text):
        parts = parts[1:]
    merged: list[list[Token]] = []
    for part in parts:
        has_head = _first_head(part) is not None
        if merged and has_head and _first_head(merged[-1]) is not None:
            merged.append(part)
        elif merged:
            merged[-1] = merged[-1] + [_AND] + part
        else:
            merged.append(part)
    # a part without a head glued to the next one ("Trade and Industry Minister")
    return [p for p in merged if p]


_AND = Token("and", -1, -1)


def _first_head(tokens: list[Token]) -> int | None:
    for k, t in enumerate(tokens):
        if t.start >= 0 and _head_word(t.text) and not (
            fold(t.text) in ("general", "major", "executive", "chief", "deputy") and k + 1 < len(tokens) and _head_word(tokens[k + 1].text)
        ):
            return k
    for k, t in enumerate(tokens):
        if t.start >= 0 and _head_word(t.text):
            return k
    return None


def _slice(text: str, tokens: list[Token]) -> str:
    real = [t for t in tokens if t.start >= 0]
    if not real:
        return ""
    # rebuild from original text, including the "and" glued back in by _coordinated
    return _norm_space(text[real[0].start : real[-1].end])


def _strip_edges(tokens: list[Token]) -> list[Token]:
    a, b = 0, len(tokens)
    while a < b and (
        fold(tokens[a].text) in _TITLE_CONNECTORS
        or fold(tokens[a].text) in _DETERMINERS
        or tokens[a].text in ("'s", "’s", ".", "-")
    ):
        a += 1
    while b > a and (fold(tokens[b - 1].text) in _TITLE_CONNECTORS or fold(tokens[b - 1].text) in _DETERMINERS):
        b -= 1
    return tokens[a:b]


@dataclass(slots=True)
class _Context:
    """What the role rules need to know about one sentence."""

    text: str
    start: int
    end: int
    tokens: list[Token]
    person_spans: list[tuple[int, int]]  # other people in the sentence: a title never crosses them
    entity_starts: set[int]  # starts of tokens inside non-person entity spans

    def in_person(self, tok: Token, own: tuple[int, int]) -> bool:
        for a, b in self.person_spans:
            if (a, b) != own and tok.start < b and tok.end > a:
                return True
        return False


def _title_before(ctx: _Context, mstart: int, mend: int, limit: int | None = None, anchored: bool = False) -> list[tuple[str, str]]:
    """Titles written just before a name: "Kazakh President", "Armenia's Prime Minister and ...".

    With `limit`, the title ends there instead of at the name; with `anchored`, it must
    open the sentence (after a determiner or an opening quote).
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
        w = fold(t.text).rstrip(".")
        ok = (
            _is_cap(t.text)
            or _head_word(t.text)
            or _modifier_word(t.text)
            or w in _TITLE_CONNECTORS
            or t.text in ("'s", "’s", "&")
            or (_lower_word(t.text) and _sandwiched(collected, toks, j))
            or (t.text == "." and j > 0 and fold(toks[j - 1].text) in ROLE_HEADS | HONORIFICS)
        )
        if not ok:
            break
        if w in ("of", "for") and j > 0 and _head_word(toks[j - 1].text) and any(_head_word(c.text) for c in collected):
            break  # "a spokesman for Foreign Minister X": X is the minister, not the spokesman
        collected.append(t)
        j -= 1
    collected.reverse()
    if not collected:
        return []
    if anchored and any(not (t.text in _QUOTES or t.text in "([") for t in toks[: j + 1]):
        return []
    # the left edge: the first token that may start a title
    sentence_first = toks[0].start if toks else -1
    n = len(collected)
    start = None
    for a in range(n):
        t = collected[a]
        w = fold(t.text).rstrip(".")
        if w in _TITLE_CONNECTORS or w in _DETERMINERS or t.text in ("'s", "’s", "-", "&", "."):
            continue
        if w in HONORIFICS:
            continue
        if _head_word(t.text) or _modifier_word(t.text) or _demonym_word(t.text) or is_acronym(t.text):
            start = a
            break
        if _is_cap(t.text):
            # a capitalised run is part of the title when it is a recognised entity, a
            # possessive ("Armenia's") or an ordinary capitalised word inside the sentence
            run_end = a
            while run_end + 1 < n and _is_cap(collected[run_end + 1].text) and not _head_word(collected[run_end + 1].text) and not _modifier_word(collected[run_end + 1].text):
                run_end += 1
            followed_by_possessive = run_end + 1 < n and collected[run_end + 1].text in ("'s", "’s")
            if t.start in ctx.entity_starts or followed_by_possessive or (
                t.start != sentence_first and w not in _JUNK_WORDS
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
    for part in _coordinated(phrase):
        part = _strip_edges(part)
        if part and _first_head(part) is not None:
            title = _slice(ctx.text, part)
            if title and not _only_name_words(part) and not _shouting(title):
                out.append((title, "title"))
    return out


def _title_fronted(ctx: _Context, mstart: int, mend: int) -> list[tuple[str, str]]:
    """A title that opens the sentence, set off by commas: "The former head of the KNB, Karim Masimov,"."""
    toks = ctx.tokens
    before = [t for t in toks if t.end <= mstart]
    after = [t for t in toks if t.start >= mend]
    if not before or before[-1].text != ",":
        return []
    if after and after[0].text not in (",", ".", ";", ")", "—", "–", "!", "?"):
        return []
    out = []
    for title, _ in _title_before(ctx, mstart, mend, limit=before[-1].start, anchored=True):
        words = title.split()
        rule = "head-of" if len(words) > 1 and _head_word(words[0]) and fold(words[1]) == "of" else "apposition"
        out.append((title, rule))
    return out


def _head_ahead(toks: list[Token], k: int) -> bool:
    """A head noun within the next three lower-case words: "investment officer", "fund manager"."""
    for t in toks[k : k + 3]:
        if _head_word(t.text):
            return True
        if not _lower_word(t.text) or fold(t.text) in _TAIL_PREPOSITIONS or fold(t.text) in _RELATIVE:
            return False
    return False


def _sandwiched(collected: list[Token], toks: list[Token], j: int) -> bool:
    """A lower-case word between two title words: "chief investment officer"."""
    if not collected or j == 0:
        return False
    right, left = collected[-1].text, toks[j - 1].text
    if fold(toks[j].text) in _FUNCTION_WORDS:
        return False
    return (_head_word(right) or _modifier_word(right)) and (_head_word(left) or _modifier_word(left))


def _shouting(name: str) -> bool:
    """Written in capitals but not an acronym: "KEVIN BROWN", "SHEARER"."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and (" " in name or len(letters) > 5)


def _only_name_words(part: list[Token]) -> bool:
    """A title made only of capitalised non-title words is a name, not a role."""
    return not any(_head_word(t.text) for t in part)


def _title_after(ctx: _Context, mstart: int, mend: int) -> list[tuple[str, str]]:
    """Titles in apposition: "Nikol Pashinyan, Armenia's Prime Minister," / "X, the head of Y,"."""
    toks = ctx.tokens
    k = bisect_right([t.start for t in toks], mend - 1)
    while k < len(toks) and toks[k].start < mend:
        k += 1
    if k >= len(toks) or toks[k].text != ",":
        return []
    k += 1
    # an age: "X, 45, a lawyer"
    if k + 1 < len(toks) and toks[k].text.isdigit() and toks[k + 1].text == ",":
        k += 2
    phrase: list[Token] = []
    closed = False
    in_tail = False
    seen_head = False
    while k < len(toks):
        t = toks[k]
        if t.text in (",", ";", ")", "(", "—", "–", ":", ".", "!", "?", '"', "“", "”") and not (
            t.text == "." and phrase and fold(phrase[-1].text) in ROLE_HEADS
        ):
            closed = True
            break
        if ctx.in_person(t, (mstart, mend)):
            return []  # a list of people, not an apposition
        w = fold(t.text).rstrip(".")
        if w in _RELATIVE and seen_head:
            closed = True
            break
        if in_tail:
            phrase.append(t)
        elif _head_word(t.text):
            seen_head = True
            phrase.append(t)
        elif w in _TAIL_PREPOSITIONS and seen_head:
            in_tail = w != "on"
            phrase.append(t)
        elif (
            _modifier_word(t.text)
            or _demonym_word(t.text)
            or _is_cap(t.text)
            or w in _DETERMINERS
            or w in ("and", "&", "the")
            or t.text in ("'s", "’s", "-")
        ):
            if seen_head and not (_is_cap(t.text) or w in ("and", "&") or _modifier_word(t.text)):
                closed = True
                break
            phrase.append(t)
        elif _lower_word(t.text) and _head_ahead(toks, k + 1):
            phrase.append(t)  # "a portfolio manager", "chief investment officer"
        else:
            if seen_head:
                closed = True  # "X, Kazakhstan's president since 2019," -> stop before "since"
                break
            return []
        if len(phrase) > 16:
            return []
        k += 1
    else:
        closed = True
    if not closed or not seen_head:
        return []
    phrase = _strip_edges(phrase)
    if not phrase:
        return []
    head_at = _first_head(phrase)
    if head_at is None:
        return []
    rule = "head-of" if head_at == 0 and len(phrase) > 1 and fold(phrase[1].text) == "of" else "apposition"
    out = []
    for part in _coordinated(phrase):
        part = _strip_edges(part)
        if part and _first_head(part) is not None:
            title = _slice(ctx.text, part)
            if title and not _shouting(title):
                out.append((title, rule))
    return out


# ---------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------


def find_entities(article: Article, sentences: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[Entity]:
    """The entities of one article, built from recogniser spans.

    `sentences` are (start, end) offsets into `article.text`; `spans` are (start, end, label)
    with label PER, ORG, LOC or MISC. Each returned Entity has `article` set to the article's
    id, its `mentions` (cleaned surface text, final type, offsets, sentence index), `roles`
    (title as written, evidence sentence, rule "title", "apposition" or "head-of"), its
    canonical `name` (the longest well-formed full name) and `aliases` (its other surface
    forms). Entities come in order of first mention.
    """
    text = article.text
    starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> int:
        if not sentences:
            return 0
        return max(0, bisect_right(starts, pos) - 1)

    raws: list[_Raw] = []
    seen: set[tuple[int, int]] = set()
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        for a, b, type_ in _clean_span(text, start, end, label):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            raws.append(_Raw(text[a:b], a, b, type_, sentence_of(a), label))
    raws.sort(key=lambda r: (r.start, r.end))
    if not raws:
        return []

    groups = _group_mentions(text, raws)

    # roles for people
    contexts: dict[int, _Context] = {}
    person_by_sentence: dict[int, list[tuple[int, int]]] = defaultdict(list)
    entity_starts_by_sentence: dict[int, set[int]] = defaultdict(set)
    for r in raws:
        if r.type == PERSON or groups.type_of(r) == PERSON:
            person_by_sentence[r.sentence].append((r.start, r.end))
        else:
            entity_starts_by_sentence[r.sentence].add(r.start)
    for start, end, label in spans:
        if label.upper() not in ("PER", "PERSON"):
            entity_starts_by_sentence[sentence_of(start)].add(start)

    def context(idx: int) -> _Context | None:
        if idx >= len(sentences):
            return None
        ctx = contexts.get(idx)
        if ctx is None:
            s, e = sentences[idx]
            ctx = _Context(text, s, e, tokenize(text, s, e), person_by_sentence.get(idx, []), entity_starts_by_sentence.get(idx, set()))
            contexts[idx] = ctx
        return ctx

    entities: list[Entity] = []
    for members, type_ in groups.entities():
        name, aliases = _choose_name([m.text for m in members], type_)
        mentions = [Mention(m.text, type_, m.start, m.end, m.sentence) for m in members]
        roles: list[Role] = []
        if type_ == PERSON:
            seen_roles: set[tuple[str, int]] = set()
            for m in members:
                ctx = context(m.sentence)
                if ctx is None:
                    continue
                found = _title_before(ctx, m.start, m.end) + _title_fronted(ctx, m.start, m.end) + _title_after(ctx, m.start, m.end)
                for title, rule in found:
                    key = (_title_key(title), ctx.start)
                    if key in seen_roles:
                        continue
                    seen_roles.add(key)
                    evidence = Evidence(article.id, text[ctx.start : ctx.end], ctx.start, ctx.end)
                    roles.append(Role(title, evidence, rule))
        entities.append(Entity(name, type_, aliases, roles, mentions, article.id))
    return entities


class _Groups:
    """Mentions of one article joined into entities with a union-find."""

    def __init__(self, raws: list[_Raw]) -> None:
        self.raws = raws
        self.uf = _UnionFind(len(raws))
        self._types: dict[int, str] | None = None
        self._index = {id(r): i for i, r in enumerate(raws)}

    def union(self, a: int, b: int) -> None:
        self.uf.union(a, b)
        self._types = None

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.raws)):
            out[self.uf.find(i)].append(i)
        return out

    def types(self) -> dict[int, str]:
        if self._types is None:
            out = {}
            for root, idxs in self.members().items():
                out[root] = _vote(Counter(self.raws[i].type for i in idxs))
            self._types = out
        return self._types

    def type_of(self, raw: _Raw) -> str:
        return self.types()[self.uf.find(self._index[id(raw)])]

    def entities(self) -> list[tuple[list[_Raw], str]]:
        types = self.types()
        out = []
        for root, idxs in sorted(self.members().items(), key=lambda kv: min(kv[1])):
            out.append(([self.raws[i] for i in idxs], types[root]))
        return out


def _group_mentions(text: str, raws: list[_Raw]) -> _Groups:
    g = _Groups(raws)

    # 1. same name key, within compatible types (other joins the biggest class)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(raws):
        by_key[_entity_key(r.text, r.type) if r.type == GROUP else name_key(r.text)].append(i)
    for key, idxs in by_key.items():
        types = [raws[i].type for i in idxs]
        people = sum(1 for t in types if t == PERSON)
        places = sum(1 for t in types if t in (ORGANIZATION, PLACE))
        # a name typed as a person and as a place in one article: a multi-word name, or one
        # the recogniser called a person at least as often, is one entity
        mix = people > 0 and places > 0 and (" " in key or people >= places)
        _merge_compatible(g, idxs, types, [1] * len(idxs), mix_people=mix)

    # 2. "Expansion (ACRONYM)" written in the text
    for i, r in enumerate(raws):
        if r.type in (PERSON, GROUP) or not is_acronym(r.text):
            continue
        open_at = _previous_char(text, r.start)
        close_at = _next_char(text, r.end)
        if open_at < 0 or text[open_at] != "(" or close_at >= len(text) or text[close_at] != ")":
            continue
        for j in range(i - 1, -1, -1):
            q = raws[j]
            if q.end <= open_at and not text[q.end : open_at].strip():
                letters = sum(1 for c in r.text if c.isalpha())
                if q.type not in (PERSON, GROUP) and " " in q.text and (
                    letters <= 5 or _acronym_forms(r.text) & initials(q.text)
                ):
                    g.union(i, j)
                break
            if q.end < open_at - 1:
                break

    # 3. acronyms to the one multi-word entity with matching initials
    types = g.types()
    by_initials: dict[str, set[int]] = defaultdict(set)
    for i, r in enumerate(raws):
        if r.type not in (PERSON, GROUP) and " " in r.text:
            for form in initials(r.text):
                by_initials[form].add(i)
    for i, r in enumerate(raws):
        if r.type in (PERSON, GROUP) or not is_acronym(r.text):
            continue
        roots = set()
        for form in _acronym_forms(r.text):
            roots.update(g.uf.find(j) for j in by_initials.get(form, ()))
        roots.discard(g.uf.find(i))
        if len(roots) == 1:
            g.union(i, roots.pop())

    # 4. surname-only and partial names to the one longer person name that contains them
    types = g.types()
    people: dict[int, list[str]] = {}
    for root, idxs in g.members().items():
        if types[root] == PERSON:
            longest = max((raws[j].text for j in idxs), key=lambda s: (len(s.split()), len(s)))
            people[root] = [match_key(w) for w in _name_words(longest)]
    for i, r in enumerate(raws):
        if r.type not in (PERSON, OTHER) or is_acronym(r.text):
            continue
        words = [match_key(w) for w in _name_words(r.text)]
        if not words:
            continue
        own = g.uf.find(i)
        candidates = set()
        for root, full in people.items():
            if root == own or len(full) <= len(words):
                continue
            if full[-len(words) :] == words or (r.type == PERSON and full[: len(words)] == words):
                candidates.add(g.uf.find(root))
        candidates.discard(own)
        if len(candidates) == 1:
            g.union(i, candidates.pop())
    return g


@lru_cache(maxsize=262144)
def _previous_char(text: str, pos: int) -> int:
    """Index of the last non-space character before `pos`, or -1."""
    pos -= 1
    while pos >= 0 and text[pos].isspace():
        pos -= 1
    return pos


def _next_char(text: str, pos: int) -> int:
    """Index of the first non-space character at or after `pos` (len(text) if none)."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


@lru_cache(maxsize=262144)
def _name_words(name: str) -> tuple[str, ...]:
    """Words of a name for surname matching: hyphenated parts stay together ("Kasym-Jomart")."""
    return tuple(w for w in re.split(r"\s+", fold(name)) if any(c.isalpha() for c in w))


def _merge_compatible(g, idxs: list[int], types: list[str], weights: list[int], mix_people: bool = False) -> None:
    """Merge items of one key: person with person, organisation/place together, groups
    together; "other" items join the heaviest of those classes, or each other.

    With `mix_people`, people and organisations/places of the same name are merged too (a
    full name the recogniser once typed as a place is still the person); the vote decides.
    """
    if len(idxs) < 2:
        return
    by_class: dict[str, list[int]] = defaultdict(list)
    weight: Counter = Counter()
    for i, t, w in zip(idxs, types, weights):
        c = _type_class(t)
        by_class[c].append(i)
        weight[c] += w
    for members in by_class.values():
        for j in members[1:]:
            g.union(members[0], j)
    if mix_people and "P" in by_class and "N" in by_class:
        g.union(by_class["P"][0], by_class["N"][0])
        weight["P"] += weight.pop("N")
        by_class.pop("N")
    others = by_class.pop("O", [])
    if others and by_class:
        best = min(by_class, key=lambda c: (-weight[c], "PNG".index(c)))
        g.union(by_class[best][0], others[0])


def _choose_name(forms: list[str], type_: str) -> tuple[str, list[str]]:
    """The canonical name (the longest well-formed full name) and the other surface forms."""
    counts = Counter(forms)
    first_seen = {}
    for k, f in enumerate(forms):
        first_seen.setdefault(f, k)

    def score(f: str):
        well_formed = f[:1].isupper() and not any(c in f for c in "()[]{}\"“”")
        return (
            not well_formed,
            is_acronym(f) and type_ != GROUP,
            _shouting(f),
            -len(f.split()) if type_ != GROUP else -counts[f],
            -len(f) if type_ != GROUP else len(f),
            -counts[f],
            first_seen[f],
        )

    name = min(counts, key=score)
    aliases: list[str] = []
    seen = {_title_key(name)}
    for f in sorted(counts, key=lambda f: first_seen[f]):
        k = _title_key(f)
        if k not in seen:
            seen.add(k)
            aliases.append(f)
    return name, aliases


# ---------------------------------------------------------------------------------------
# Across articles
# ---------------------------------------------------------------------------------------


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
                key = (_title_key(r.title), r.evidence.article, r.evidence.start, r.evidence.end)
                if key not in seen:
                    seen.add(key)
                    out.append(r)
        return out

    def titles(self) -> list[tuple[str, list[Role]]]:
        """Roles grouped by normalised title, most attested first: (title as most often written, roles)."""
        groups: dict[str, list[Role]] = defaultdict(list)
        for r in self.roles:
            groups[_title_key(r.title)].append(r)
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


@lru_cache(maxsize=262144)
def _loose(key: str) -> str:
    """A looser spelling key for fuzzy comparison of romanised names (Aleksei/Alexei, Yury/Yuri)."""
    key = key.replace("ks", "x").replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", key)


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
    from rapidfuzz import fuzz

    n = len(entities)
    uf = _UnionFind(n)
    keys = [_entity_key(e.name, e.type) for e in entities]
    weights = [max(1, len(e.mentions)) for e in entities]

    # 1. same key
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            buckets[k].append(i)
    for key, idxs in buckets.items():
        # across articles only multi-word names mix people and places ("Jordan" stays two)
        _merge_compatible(uf, idxs, [entities[i].type for i in idxs], [weights[i] for i in idxs], mix_people=" " in key)

    # 2. romanisation variants of people's full names, bucketed by surname
    by_surname: dict[str, dict[str, int]] = defaultdict(dict)
    for i, e in enumerate(entities):
        if e.type != PERSON:
            continue
        words = keys[i].split()
        if len(words) >= 2:
            by_surname[_loose(words[-1])].setdefault(keys[i], i)
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
            loose = [(_loose(k), k.split(), i) for k, i in group]
            for a in range(len(loose)):
                la, wa, ia = loose[a]
                for b in range(a + 1, len(loose)):
                    lb, wb, ib = loose[b]
                    if len(wa) != len(wb):
                        continue
                    if fuzz.ratio(la, lb) < 88:
                        continue
                    fa, fb = _loose(wa[0]), _loose(wb[0])
                    need = 85 if min(len(fa), len(fb)) >= 5 else 100
                    if fa == fb or fuzz.ratio(fa, fb) >= need:
                        uf.union(ia, ib)

    # 3. spelling variants of multi-word names of organisations and places with the same initials
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

    # 4. surnames and acronyms written alone, resolved against the corpus as it now stands
    alias_roots: dict[tuple[str, str], set[int]] = defaultdict(set)
    surname_roots: dict[str, set[int]] = defaultdict(set)
    initials_roots: dict[str, set[int]] = defaultdict(set)
    initials_roots_n: dict[str, set[int]] = defaultdict(set)  # organisations and places only
    classes: dict[int, set[str]] = defaultdict(set)
    for i, e in enumerate(entities):
        root = uf.find(i)
        cls = _type_class(e.type)
        classes[root].add(cls)
        for alias in e.aliases:
            alias_roots[(cls, name_key(alias))].add(root)
        if e.type == PERSON:
            words = _name_words(e.name)
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
                for form in _acronym_forms(e.name):
                    cands |= table.get(form, set())
                cands.discard(own)
            if len(cands) == 1:
                joins.append((i, next(iter(cands))))
    for a, b in joins:
        uf.union(a, b)

    # 5. clusters
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
        cluster = _make_cluster(ents, _vote(votes))
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
    quiet = {nm for nm in pool if not _shouting(nm)}
    pool = quiet or pool
    if type_ == GROUP:
        name = min(pool, key=lambda nm: (-names[nm], len(nm), order[nm]))
    else:
        name = min(pool, key=lambda nm: (-names[nm], -len(nm), order[nm]))
    aliases: list[str] = []
    seen = {_title_key(name)}
    surfaces: Counter = Counter()
    first: dict[str, int] = {}
    for e in ents:
        for form in [e.name, *e.aliases]:
            surfaces[form] += 1
            first.setdefault(form, len(first))
    for form in sorted(surfaces, key=lambda f: (-surfaces[f], first[f])):
        k = _title_key(form)
        if k not in seen:
            seen.add(k)
            aliases.append(form)
    return Cluster(name, type_, aliases, list(ents))
