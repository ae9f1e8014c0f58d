"""Entity recogniser: the conlleval-style scorer, the tagger API and the shipped model."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from factlookup.extract.ner.evaluate import Score, chunks, read_conll, score_documents, to_iob2
from factlookup.extract.ner.evaluate import main as evaluate_main
from factlookup.extract.ner.features import FeatureExtractor, normalise, shape, short_shape
from factlookup.extract.ner.tagger import MODEL_FILE, repair, spans_from_tags

HAVE_MODEL = os.path.exists(MODEL_FILE)
needs_model = pytest.mark.skipif(not HAVE_MODEL, reason="model file not built")

# A hand-made snippet in the CoNLL-2003 layout (token POS chunk NER), tags in IOB1.
SNIPPET_IOB1 = """\
-DOCSTART- -X- O O

Anna NNP I-NP I-PER
Berg NNP I-NP I-PER
flew VBD I-VP O
to TO I-PP O
Oslo NNP I-NP I-LOC
with IN I-PP O
Acme NNP I-NP I-ORG
Corp NNP I-NP I-ORG
. . O O

-DOCSTART- -X- O O

Dutch JJ I-NP I-MISC
French JJ I-NP B-MISC
and CC O O
Rome NNP I-NP I-LOC
. . O O
"""

SNIPPET_IOB2 = (
    SNIPPET_IOB1.replace("Anna NNP I-NP I-PER", "Anna NNP I-NP B-PER")
    .replace("Oslo NNP I-NP I-LOC", "Oslo NNP I-NP B-LOC")
    .replace("Acme NNP I-NP I-ORG", "Acme NNP I-NP B-ORG")
    .replace("Dutch JJ I-NP I-MISC", "Dutch JJ I-NP B-MISC")
    .replace("Rome NNP I-NP I-LOC", "Rome NNP I-NP B-LOC")
)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- scorer ------------------------------------------------------------------------------------


def test_chunks_iob1_and_iob2_agree():
    iob1 = ["I-PER", "I-PER", "O", "I-MISC", "B-MISC", "I-LOC", "I-ORG"]
    iob2 = ["B-PER", "I-PER", "O", "B-MISC", "B-MISC", "B-LOC", "B-ORG"]
    expected = [(0, 2, "PER"), (3, 4, "MISC"), (4, 5, "MISC"), (5, 6, "LOC"), (6, 7, "ORG")]
    assert chunks(iob1) == expected
    assert chunks(iob2) == expected
    assert to_iob2(iob1) == iob2


def test_chunks_conlleval_corner_cases():
    # An I- after O starts a chunk; a type change ends one; B- after I- of the same type splits.
    assert chunks(["O", "I-LOC", "I-LOC"]) == [(1, 3, "LOC")]
    assert chunks(["B-PER", "I-ORG"]) == [(0, 1, "PER"), (1, 2, "ORG")]
    assert chunks(["I-ORG", "B-ORG", "I-ORG"]) == [(0, 1, "ORG"), (1, 3, "ORG")]
    assert chunks([]) == []


def test_read_conll_documents_and_sentences(tmp_path):
    docs = read_conll(_write(tmp_path, "a.txt", SNIPPET_IOB1))
    assert len(docs) == 2
    assert docs[0][0][0][:2] == ["Anna", "Berg"]
    assert docs[1][0][1] == ["I-MISC", "B-MISC", "O", "I-LOC", "O"]


def test_exact_counts_and_prf():
    gold = ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG", "O", "B-MISC"]
    # PER right; LOC typed as ORG; ORG span too short; MISC right; one spurious LOC.
    guess = ["B-PER", "I-PER", "B-LOC", "B-ORG", "O", "B-ORG", "O", "O", "B-MISC"]
    s = Score()
    s.add(gold, guess)
    assert (s.correct, s.guessed, s.gold) == (2, 5, 4)
    p, r, f = Score.prf(s.correct, s.guessed, s.gold)
    assert p == pytest.approx(2 / 5)
    assert r == pytest.approx(2 / 4)
    assert f == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert s.by_type["ORG"] == [0, 2, 1]
    assert s.by_type["LOC"] == [0, 1, 1]
    assert s.by_type["PER"] == [1, 1, 1]
    assert s.tokens == 9 and s.tokens_correct == 6


def test_scores_iob1_and_iob2_gold_alike(tmp_path):
    docs1 = read_conll(_write(tmp_path, "iob1.txt", SNIPPET_IOB1))
    docs2 = read_conll(_write(tmp_path, "iob2.txt", SNIPPET_IOB2))

    def fixed_guess(sentences):
        # A fixed system output in IOB2: misses "Acme Corp", splits nothing else.
        table = {
            "Anna": "B-PER", "Berg": "I-PER", "Oslo": "B-LOC",
            "Dutch": "B-MISC", "French": "B-MISC", "Rome": "B-LOC",
        }
        return [[table.get(t, "O") for t in s] for s in sentences]

    s1 = score_documents(docs1, fixed_guess)
    s2 = score_documents(docs2, fixed_guess)
    assert (s1.correct, s1.guessed, s1.gold) == (s2.correct, s2.guessed, s2.gold) == (5, 5, 6)
    assert s1.f1 == pytest.approx(2 * 1.0 * (5 / 6) / (1 + 5 / 6))


# -- helpers -----------------------------------------------------------------------------------


def test_repair_and_spans():
    assert repair(["O", "I-PER", "I-PER", "I-LOC"]) == ["O", "B-PER", "I-PER", "B-LOC"]
    assert spans_from_tags(["B-PER", "I-PER", "B-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC")]


@pytest.mark.parametrize(
    "iob2",
    [
        ["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG", "I-ORG"],
        ["B-MISC", "B-MISC", "O"],
        ["O", "O"],
        ["B-LOC"],
    ],
)
def test_iobes_tags_read_as_iob2(iob2: list[str]) -> None:
    # The shipped model learns IOBES; what it gives is read as IOB2, as the rules and the
    # scorer take it.
    iobes = _train_script().to_iobes(iob2)
    assert all(t == "O" or t[0] in "BIES" for t in iobes)
    assert repair(iobes) == iob2
    assert repair(["S-PER", "E-PER", "E-LOC", "O"]) == ["B-PER", "I-PER", "B-LOC", "O"]


def test_features_handle_any_unicode():
    assert normalise("Armenia\u2019s") == "Armenia's"
    assert normalise("\u201cquoted\u201d") == '"quoted"'
    assert shape("Pashinyan") == "Xxxxx"
    assert short_shape("U.S.") == "X.X."
    assert short_shape("Москва") == "Xx"
    assert shape("ABCDEFG-1234567x") == "XXXX-ddddx" and short_shape("ABCDEFG-1234567x") == "X-dx"
    assert shape("Ålesund2000") == "Xxxxxdddd" and short_shape("日本") == "a"
    fx = FeatureExtractor()
    feats = fx.document([["ОДКБ-CSTO", "\u2018", "treason", "\u2019", "日本", "😀"]])
    assert len(feats[0]) == 6 and all(f for f in feats[0])
    assert "w='" in feats[0][1]


def test_import_is_cheap():
    code = "import sys, factlookup.extract.ner; print('pycrfsuite' in sys.modules, 'factlookup.extract.ner.tagger' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["False", "False"]


# -- shipped model -----------------------------------------------------------------------------


@needs_model
def test_tag_tokens_sentences():
    from factlookup.extract.ner import tag_tokens

    tags = tag_tokens("German Chancellor Helmut Kohl met officials of the European Union in Brussels on Monday .".split())
    assert tags[0] == "B-MISC"
    assert tags[2:4] == ["B-PER", "I-PER"]
    assert tags[8:10] == ["B-ORG", "I-ORG"]
    assert tags[11] == "B-LOC"
    assert tags[-3:] == ["O", "O", "O"]
    assert tag_tokens([]) == []
    tags = tag_tokens(["Nikol", "Pashinyan", "said", "Armenia", "\u2019s", "troops", "left", "."])
    assert tags[:2] == ["B-PER", "I-PER"] and tags[3] == "B-LOC"
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)


@needs_model
def test_features_cut_to_model_attributes_keep_the_tags():
    from factlookup.extract.ner.tagger import Recogniser, model_attributes, second_pass_path

    known = model_attributes(MODEL_FILE)
    assert {"IC", "l=germany", "g=LOC"} <= known and "w=NoSuchWordAnywhere" not in known
    assert model_attributes(second_pass_path(MODEL_FILE)) - known  # the second pass's own features
    cut = Recogniser()
    full = Recogniser()
    full.features.known = None
    text = (
        "German Chancellor Helmut Kohl met officials of the European Union in Brussels on Monday .\n"
        "Kohl said the Union would act .\n\nKOHL WINS VOTE IN BONN\n"
        "Paratroopers of the 103rd Detached Airborne Brigade landed near Almaty , Kazakhstan .\n"
    )
    docs = [[line.split() for line in part.splitlines()] for part in text.split("\n\n")]
    for doc in docs:
        assert cut.tag_document(doc) == full.tag_document(doc)
    for word in ("Kohl", "Zhanaozen", "103rd", "Brigade"):
        cached = [f for part in cut.features.word_type(word)[:5] for f in part]
        whole = [f for part in full.features.word_type(word)[:5] for f in part]
        # The cut keeps what either pass weighs.
        assert set(cached) == {f for f in whole if f in cut.features.known}
    assert "w=Zhanaozen" in full.features.word_type("Zhanaozen")[0]
    assert "w=Zhanaozen" not in cut.features.word_type("Zhanaozen")[0]


@needs_model
def test_recognise_character_spans():
    from factlookup.extract.ner import recognise
    from factlookup.extract.text import split_sentences

    text = "Angela Merkel visited Paris.\n\nShe met \u201cMicrosoft\u201d staff in Москва on Monday."
    spans = recognise(text, split_sentences(text))
    found = {(text[s:e], t) for s, e, t in spans}
    assert ("Angela Merkel", "PER") in found
    assert ("Paris", "LOC") in found
    assert all(t in ("PER", "ORG", "LOC", "MISC") for _, _, t in spans)
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)
    assert recognise("", []) == []


def test_a_middle_initial_is_one_token_and_stays_in_the_name():
    from factlookup.extract.ner import recognise
    from factlookup.extract.text import split_sentences, tokenize

    text = "The board elected Robert E. Mercer chairman. It chose plan B."
    assert [t.text for t in tokenize(text)][3:6] == ["Robert", "E.", "Mercer"]
    assert [t.text for t in tokenize(text)][-2:] == ["B", "."]
    assert ("Robert E. Mercer", "PER") in [(text[s:e], t) for s, e, t in recognise(text, split_sentences(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Standard and Poor's said it lowered the rating.", [("Standard and Poor", "ORG")]),
        ("Shares of Procter and Gamble Co rose.", [("Procter and Gamble Co", "ORG")]),
        # two organisations the list does not hold as one stay two
        ("IBM and Apple agreed on Monday.", [("IBM", "ORG"), ("Apple", "ORG")]),
        # pieces of any type inside a listed name, its small words "on" and "and"
        ("The General Agreement on Tariffs and Trade said members agreed.", [("General Agreement on Tariffs and Trade", "ORG")]),
    ],
)
def test_a_listed_organisation_cut_at_its_and_is_one(text, expected):
    from factlookup.extract.ner import recognise
    from factlookup.extract.text import split_sentences

    assert [(text[s:e], t) for s, e, t in recognise(text, split_sentences(text))] == expected


@needs_model
def test_evaluate_main_last_line(tmp_path, capsys):
    path = _write(tmp_path, "snippet.txt", SNIPPET_IOB1)
    assert evaluate_main([path]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("overall F1 ") and len(last.split()[-1]) == 6
    assert 0.0 <= float(last.split()[-1]) <= 1.0
    assert evaluate_main([path, "--model", MODEL_FILE]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == last
    path2 = _write(tmp_path, "snippet2.txt", SNIPPET_IOB2)
    assert evaluate_main([path2]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == last


# -- lexicon and consistency features (no model needed) ---------------------------------------


def test_lexicon_longest_match_and_connectors():
    from factlookup.extract.ner.features import Lexicon

    lex = Lexicon(
        {"bosnia": "CTRY", "bosnia and herzegovina": "CTRY", "new york": "CITY", "york": "CITY", "facebook": "ORG"},
        {"brigade": ["ORGH"], "region": ["LOCH"], "president": ["TTL"]},
    )
    fx = FeatureExtractor(lexicon=lex)
    words = "Troops from Bosnia and Herzegovina met New York officials and Facebook staff".split()
    types = [fx.word_type(w) for w in words]
    assert fx.lexicon_matches(types) == [(2, 5, "CTRY"), (6, 8, "CITY"), (10, 11, "ORG")]
    # A match must start capitalised: "york" in lower case is no place.
    assert fx.lexicon_matches([fx.word_type(w) for w in "new york".split()]) == []
    feats = fx.sentence(words)
    assert "LB=CTRY" in feats[2] and "LI=CTRY" in feats[4] and "L-1=CTRY" in feats[5]


def test_name_runs_ending_in_head_words():
    from factlookup.extract.ner.features import Lexicon

    fx = FeatureExtractor(lexicon=Lexicon({}, {"brigade": ["ORGH"], "region": ["LOCH"]}))
    words = "The 103rd Detached Airborne Brigade left Mangystau Region .".split()
    feats = fx.sentence(words)
    assert not any(f.startswith(("RB=", "RI=")) for f in feats[0])  # "The" opens no name
    assert "RB=ORG" in feats[1] and "RB=ORDORG" in feats[1] and "ORD" in feats[1]
    assert all("RI=ORG" in feats[i] for i in (2, 3, 4))
    assert "RB=LOC" in feats[6] and "RI=LOC" in feats[7]


def test_person_name_lists_mark_the_word_and_its_neighbours():
    from factlookup.extract.ner.features import Lexicon

    lex = Lexicon({}, {"region": ["LOCH"]}, {"kassym": ("FN",), "jordan": ("FN", "SN"), "tokayev": ("SN",)})
    fx = FeatureExtractor(lexicon=lex)
    feats = fx.sentence("President Kassym Tokayev met JORDAN .".split())
    assert "N=FN" in feats[1] and "N+1=SN" in feats[1] and "N-1=FN" in feats[2]
    assert "N=FN" in feats[4] and "N=SN" in feats[4]  # looked up in lower case
    assert not any(f.startswith("N=") for f in feats[0] + feats[3])
    # Names are no head words: a run ending in a surname is no organisation or place run.
    assert fx.word_type("Tokayev")[8] == ()


def test_lexicon_reads_person_and_company_lists(tmp_path):
    import gzip

    from factlookup.extract.ner.features import COMPANIES_FILE, PERSONS_FILE, Lexicon

    with gzip.open(tmp_path / PERSONS_FILE, "wt", encoding="utf-8") as fh:
        fh.write("anna\tFN\nberg\tFN SN\n")
    with gzip.open(tmp_path / COMPANIES_FILE, "wt", encoding="utf-8") as fh:
        fh.write("acme\tCO\nacme corp\tCO\n")
    lex = Lexicon.from_dir(str(tmp_path))
    assert lex.persons == {"anna": ("FN",), "berg": ("FN", "SN")}
    assert lex.phrases == {"acme": "CO", "acme corp": "CO"}


def test_company_forms_drop_company_words_at_the_end():
    train_ner = _train_script()
    suffixes = {"inc.", "inc", "plc", "ag"}
    assert train_ner.company_forms("Adobe Inc.", suffixes) == [["Adobe", "Inc."], ["Adobe"]]
    assert train_ner.company_forms("Adamas Trust, Inc.", suffixes) == [["Adamas", "Trust"]]
    assert train_ner.company_forms("Admiral Group plc", suffixes) == [["Admiral", "Group", "plc"], ["Admiral", "Group"], ["Admiral"]]
    assert train_ner.company_forms("adesso SE", suffixes) == []  # a lower-case name never matches
    assert train_ner.fold_marks("Herāt") == "Herat"


def test_lexicon_dropout_is_training_only():
    from factlookup.extract.ner.features import Lexicon

    lex = Lexicon({"aktau": "CITY"}, {})
    words = ["Aktau"] * 200
    plain = FeatureExtractor(lexicon=lex).sentence(words)
    assert all("LB=CITY" in f for f in plain)
    dropped = FeatureExtractor(lexicon=lex, lexicon_drop=0.5, seed=1).sentence(words)
    kept = sum("LB=CITY" in f for f in dropped)
    assert 50 < kept < 150


def test_second_pass_majority_labels():
    from factlookup.extract.ner.memory import CorpusMemory

    fx = FeatureExtractor()
    doc = [["ALMATY", "PROTESTS"], ["Protesters", "in", "Almaty", "met", "."], ["Almaty", "police", "said", "."]]
    kept: list = []
    fx.document(doc, keep=kept)
    first = [["B-LOC", "O"], ["O", "O", "B-PER", "O", "O"], ["B-LOC", "O", "O", "O"]]
    feats = fx.second_pass(kept, first)
    # "Almaty" in sentence 2 was tagged PER, but LOC twice elsewhere in the article.
    assert "dT=LOC" in feats[1][2]
    assert "dH=LOC" in feats[1][2]  # and as LOC in the headline
    assert "dE=LOC" in feats[2][0]  # the same entity string was LOC in the headline
    assert not any(f.startswith("cT") for f in feats[1][2])
    corpus = CorpusMemory()
    corpus.add(kept, first)
    corpus.add(kept, [["B-ORG", "O"], ["O", "O", "B-ORG", "O", "O"], ["B-ORG", "O", "O", "O"]])
    feats = fx.second_pass(kept, first, corpus)
    assert "cT=ORG" in feats[1][2]  # the document's own counts are taken out again


# -- names outside the training data (shipped model) ---------------------------------------------


def _entities(tokens, tags):
    return {(" ".join(tokens[a:b]), typ) for a, b, typ in spans_from_tags(tags)}


@needs_model
def test_unseen_kazakh_places_are_locations():
    from factlookup.extract.ner import tag_tokens

    toks = "Protesters gathered in Aktau and Taraz on Wednesday , police said .".split()
    found = _entities(toks, tag_tokens(toks))
    assert ("Aktau", "LOC") in found and ("Taraz", "LOC") in found
    toks = "Clashes were reported in Aktobe , Uralsk , Karaganda and Kyzylorda .".split()
    found = _entities(toks, tag_tokens(toks))
    assert {("Aktobe", "LOC"), ("Uralsk", "LOC"), ("Karaganda", "LOC"), ("Kyzylorda", "LOC")} <= found
    toks = "Unrest spread from Mangystau Region to Almaty on Wednesday .".split()
    found = _entities(toks, tag_tokens(toks))
    assert {("Mangystau Region", "LOC"), ("Almaty", "LOC")} <= found


@needs_model
def test_ordinal_inside_an_organisation_name():
    from factlookup.extract.ner import tag_tokens

    toks = "Paratroopers of the 103rd Detached Airborne Brigade landed near Almaty on Thursday .".split()
    found = _entities(toks, tag_tokens(toks))
    assert ("103rd Detached Airborne Brigade", "ORG") in found
    assert ("Almaty", "LOC") in found


@needs_model
def test_company_title_and_name_boundaries():
    from factlookup.extract.ner import tag_tokens

    toks = "Authorities blocked Facebook and other sites , officials said .".split()
    assert ("Facebook", "ORG") in _entities(toks, tag_tokens(toks))
    toks = "President of Kazakhstan Kassym-Jomart Tokayev said on Facebook that troops would stay .".split()
    found = _entities(toks, tag_tokens(toks))
    assert ("Kazakhstan", "LOC") in found
    assert ("Kassym-Jomart Tokayev", "PER") in found
    assert ("Facebook", "ORG") in found


@needs_model
def test_names_the_iob2_model_missed():
    from factlookup.extract.ner import tag_tokens

    toks = "Unrest spread from Mangystau Region to Almaty and Atyrau .".split()
    assert ("Atyrau", "LOC") in _entities(toks, tag_tokens(toks))  # was ORG
    toks = "The president of Kazakhstan Kassym-Jomart Tokayev dismissed the government on Wednesday .".split()
    assert ("Kassym-Jomart Tokayev", "PER") in _entities(toks, tag_tokens(toks))  # was MISC


@needs_model
def test_headline_and_non_latin_text():
    from factlookup.extract.ner import recognise
    from factlookup.extract.text import split_sentences

    text = (
        "KAZAKHSTAN PRESIDENT SACKS GOVERNMENT AFTER PROTESTS IN ALMATY\n\n"
        "President Kassym-Jomart Tokayev accepted the resignation of the government after protests "
        "in Almaty and Zhanaozen. Токаев выступил в Алматы."
    )
    spans = recognise(text, split_sentences(text))
    found = {(text[s:e], t) for s, e, t in spans}
    assert ("Kassym-Jomart Tokayev", "PER") in found
    assert ("Almaty", "LOC") in found
    # Cyrillic names come back whole, never cut inside a word.
    for s, e, _ in spans:
        assert (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum())


@needs_model
def test_corpus_memory_hook():
    from factlookup.extract.ner import memorise, recognise
    from factlookup.extract.ner.memory import CorpusMemory
    from factlookup.extract.text import split_sentences

    texts = ["Taraz officials met in Taraz on Monday.", "Police in Taraz said three people were hurt."]
    memory = CorpusMemory()
    for text in texts:
        memorise(text, split_sentences(text), memory)
    assert memory.counts.get("taraz")
    for text in texts:
        with_corpus = recognise(text, split_sentences(text), corpus=memory)
        assert all(t in ("PER", "ORG", "LOC", "MISC") for _, _, t in with_corpus)


def test_place_filter_drops_city_names_the_training_entities_contradict():
    train_ner = _train_script()
    gazetteer = {"cup": "MISC", "clinton": "PER", "north": "LOC MISC", "surrey": "ORG", "york": "LOC ORG"}
    contradicted = train_ner.contradicted
    assert contradicted("cup", "CITYA", gazetteer)
    assert contradicted("clinton", "CITY CITYA", gazetteer)
    assert not contradicted("north", "CITYA", gazetteer)  # a place word too ("North Korea")
    assert not contradicted("aktau", "CITY", gazetteer)  # unknown to the training entities
    assert not contradicted("new york", "CITY", gazetteer)
    assert not contradicted("surrey", "ADM1", gazetteer)  # states and countries are kept
    docs = [[(["World", "Cup", "in", "Surrey"], ["B-MISC", "I-MISC", "O", "B-ORG"])]]
    assert train_ner.gazetteer_from(docs) == {"world": "MISC", "cup": "MISC", "surrey": "ORG"}


def _train_script():
    """scripts/train_ner.py as a module (its list builders are plain functions)."""
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("train_ner", ROOT / "scripts" / "train_ner.py")
    train_ner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_ner)
    return train_ner


def _write_encoder(folder, vocab: list[str], rows: list[list[float]]) -> None:
    """A minimal BERT-style model folder: vocab.txt and a one-tensor model.safetensors."""
    import json
    import struct

    import numpy as np

    data = np.asarray(rows, dtype=np.float32).tobytes()
    header = json.dumps(
        {"embeddings.word_embeddings.weight": {"dtype": "F32", "shape": [len(rows), len(rows[0])], "data_offsets": [0, len(data)]}}
    ).encode()
    (folder / "model").mkdir()
    (folder / "model" / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + data)
    (folder / "model" / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")


def test_semantic_clusters_group_whole_words_by_meaning(tmp_path):
    pytest.importorskip("numpy")
    from factlookup.extract.ner.features import load_clusters

    train_ner = _train_script()
    vocab = ["[PAD]", "[CLS]", "##ing", "a", "1990", "paris", "london", "monday", "tuesday", "berlin"]
    rows = [
        [0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 1.0], [0.0, 0.0, 1.0],
        [1.0, 0.05, 0.0], [0.98, 0.0, 0.02], [0.0, 1.0, 0.03], [0.04, 0.97, 0.0], [0.97, 0.02, 0.01],
    ]
    _write_encoder(tmp_path, vocab, rows)
    out = tmp_path / "semantic.txt.gz"
    train_ner.build_semantic(str(tmp_path), str(out), sizes=(2,))
    groups = load_clusters(str(out))
    # Word pieces, markers, one-letter and letterless entries are left out.
    assert sorted(groups) == ["berlin", "london", "monday", "paris", "tuesday"]
    assert groups["paris"] == groups["london"] == groups["berlin"] != groups["monday"] == groups["tuesday"]
    (tmp_path / "again").mkdir()
    again = tmp_path / "again" / "semantic.txt.gz"
    train_ner.build_semantic(str(tmp_path), str(again), sizes=(2,))
    assert again.read_bytes() == out.read_bytes()  # a rebuild is byte-identical
    import zipfile

    wheel = tmp_path / "encoder-0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for name in ("model.safetensors", "vocab.txt"):
            zf.write(tmp_path / "model" / name, "encoder/model/" + name)
    (tmp_path / "from_wheel").mkdir()
    from_wheel = tmp_path / "from_wheel" / "semantic.txt.gz"
    train_ner.build_semantic(str(wheel), str(from_wheel), sizes=(2,))
    assert from_wheel.read_bytes() == out.read_bytes()  # read in place from the wheel alike


def test_semantic_clusters_mark_the_word_and_its_neighbours(tmp_path):
    import gzip

    from factlookup.extract.ner.features import SEMANTIC_FILE

    with gzip.open(tmp_path / SEMANTIC_FILE, "wt", encoding="utf-8") as fh:
        fh.write("chelsea\t28\t822\nbeat\t5\t40\n")
    fx = FeatureExtractor.from_dir(str(tmp_path), lexicon=False)
    feats = fx.sentence("CHELSEA beat Newcomers FC .".split())
    assert "b0=28" in feats[0] and "b1=822" in feats[0]  # looked up in lower case
    assert "b0-1=28" in feats[1] and "b0+1=5" in feats[0] and "b0-1=5" in feats[2]
    assert not any(f.startswith("b") and "=" in f and f[1].isdigit() for f in feats[3] + feats[4])
    assert not any(f.startswith("b1") and f[2] in "+-" for f in feats[1])  # only the coarse id at +-1


def test_compare_script_same_checkout_differs_by_nothing(tmp_path, capsys):
    import importlib.util

    from conftest import ROOT

    conll = tmp_path / "tiny.txt"
    conll.write_text(
        "-DOCSTART- -X- O O\n\nPeter NNP I-NP I-PER\nvisited VBD I-VP O\nBerlin NNP I-NP I-LOC\n. . O O\n\n"
        "-DOCSTART- -X- O O\n\nShares NNS I-NP O\nof IN I-PP O\nSiemens NNP I-NP I-ORG\nfell VBD I-VP O\n. . O O\n",
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location("compare_ner", ROOT / "scripts" / "compare_ner.py")
    compare = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compare)
    cli = str(ROOT / "cli")
    assert compare.main([cli, cli, str(conll), "--resamples", "50"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2 documents, 50 paired resamples"
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert set(rows) == {"all", "PER", "ORG", "LOC", "MISC"}
    assert float(rows["all"][1]) == float(rows["all"][2]) > 50  # both taggers find most of the names
    assert all(row[3] == "+0.00" and row[4:6] == ["[+0.00,", "+0.00]"] for row in rows.values())


def test_the_shipped_tagger_reads_word_meaning_clusters():
    from factlookup.extract.ner.tagger import Recogniser

    fx = Recogniser(MODEL_FILE).features
    assert len(fx.semantic) > 20_000  # a missing file would switch the features off silently
    chelsea = [f for f in fx.word_type("Chelsea")[0] if f.startswith("b0=")]
    assert chelsea  # the model weighs them
    # The vocabulary has no accents: "Zürich" is looked up as "zurich".
    assert [f for f in fx.word_type("Zürich")[0] if f.startswith("b")] == [f for f in fx.word_type("Zurich")[0] if f.startswith("b")] != []
