"""Entity resolution across a corpus: one person, one entity; short forms, acronyms, types."""

from __future__ import annotations

import pytest

from factlookup.extract.entities.forms import acronym_fits, same_person_name
from factlookup.extract.entities.linking import link_entities
from factlookup.models import Entity, Evidence, Mention, Role
from test_entities import entities_of


def ent(name: str, type_: str, article: str, aliases=(), mentions: list[str] | None = None) -> Entity:
    surfaces = mentions or [name]
    return Entity(name, type_, list(aliases), [], [Mention(s, type_, 0, len(s), 0) for s in surfaces], article)


def clusters(entities: list[Entity]) -> dict[str, tuple[str, list[str]]]:
    """name -> (type, articles)"""
    return {c.name: (c.type, c.articles) for c in link_entities(entities)}


def test_case_variants_are_one_entity_whatever_the_recogniser_called_them() -> None:
    out = clusters([ent("OPEC", "organization", "a1"), ent("Opec", "organization", "a2"), ent("Opec", "person", "a3")])
    [(name, found)] = out.items()
    assert name.lower() == "opec" and found == ("organization", ["a1", "a2", "a3"])


def test_one_name_one_type_by_the_vote_of_its_mentions() -> None:
    out = clusters([
        ent("Reagan", "person", "a1", mentions=["Reagan"] * 5),
        ent("Reagan", "organization", "a2"),
    ])
    assert out == {"Reagan": ("person", ["a1", "a2"])}


def test_a_surname_a_story_tags_an_organisation_throughout_is_the_person_it_names_elsewhere() -> None:
    # each story names him in full once and by surname after; one story tags every bare
    # surname an organisation, more times than any other story writes it alone
    linked = [ent("Paul Volcker", "person", f"v{i}", ["Volcker"], ["Paul Volcker", "Volcker", "Volcker"]) for i in range(4)]
    out = clusters([*linked, ent("Volcker", "organization", "odd", mentions=["Volcker"] * 6)])
    assert out == {"Paul Volcker": ("person", ["v0", "v1", "v2", "v3", "odd"])}


def test_country_short_forms_are_one_entity() -> None:
    out = clusters([
        ent("U.S.", "place", "a1"), ent("US", "place", "a2"), ent("United States", "place", "a3"),
        ent("U.K.", "place", "a4"), ent("UK", "place", "a5"), ent("Britain", "place", "a6"),
        ent("EC", "organization", "a7"), ent("European Community", "organization", "a8"),
    ])
    assert out == {
        "United States": ("place", ["a1", "a2", "a3"]),
        "Britain": ("place", ["a4", "a5", "a6"]),
        "European Community": ("organization", ["a7", "a8"]),
    }


def test_a_country_short_form_is_never_the_acronym_of_another_name() -> None:
    # "U.S. Kresge" (stores) has the initials U and K, but U.K. is the United Kingdom
    out = clusters([
        ent("U.S. Kresge", "place", "a1"), ent("U.K.", "place", "a2"), ent("United Kingdom", "place", "a3"),
    ])
    assert out == {"United Kingdom": ("place", ["a2", "a3"]), "U.S. Kresge": ("place", ["a1"])}
    assert set(clusters([ent("U.S. Kresge", "place", "a1"), ent("U.K.", "place", "a2")])) == {"U.S. Kresge", "U.K."}


def test_a_bare_surname_goes_to_the_full_name_that_dominates_it() -> None:
    linked = [ent("Ronald Reagan", "person", f"r{i}", ["Reagan"], ["Ronald Reagan", "Reagan"]) for i in range(4)]
    out = clusters([
        *linked,
        ent("Nancy Reagan", "person", "n1", ["Reagan"], ["Nancy Reagan", "Reagan"]),
        ent("Reagan", "person", "b1"),
        ent("Reagan", "organization", "b2"),
        ent("Athough Reagan", "person", "x1"),
    ])
    assert out["Ronald Reagan"] == ("person", ["r0", "r1", "r2", "r3", "b1", "b2"])
    assert out["Nancy Reagan"] == ("person", ["n1"])
    assert "Reagan" not in out


def test_a_surname_shared_without_a_dominant_bearer_stays_apart() -> None:
    out = clusters([
        ent("James Baker", "person", "j1", ["Baker"], ["James Baker", "Baker"]),
        ent("James Baker", "person", "j2", ["Baker"], ["James Baker", "Baker"]),
        ent("Howard Baker", "person", "h1", ["Baker"], ["Howard Baker", "Baker"]),
        ent("Howard Baker", "person", "h2", ["Baker"], ["Howard Baker", "Baker"]),
        ent("Baker", "person", "b1"),
    ])
    assert set(out) == {"James Baker", "Howard Baker", "Baker"}


def test_fragments_of_a_long_name_join_it() -> None:
    full = "Organisation of Petroleum Exporting Countries"
    out = clusters([
        ent(full, "organization", "a1", ["OPEC", "Petroleum Exporting Countries"], [full, "OPEC", "Petroleum Exporting Countries"]),
        ent("Organization of Petroleum Exporting Countries", "organization", "a2"),
        ent("Petroleum Exporting Countries", "organization", "a3"),
        ent("Opec", "organization", "a4"),
        ent("OPEC", "person", "a5"),
    ])
    # named by the short-form table's first spelling, which the corpus also uses
    assert out == {"Organization of Petroleum Exporting Countries": ("organization", ["a1", "a2", "a3", "a4", "a5"])}


def test_romanisations_of_a_name_merge() -> None:
    names = ["Kassym-Jomart Tokayev", "Kasym-Jomart Tokayev", "Kassim-Jomart Tokayev", "Kassym-Zhomart Tokayev"]
    out = clusters([ent(n, "person", f"a{i}") for i, n in enumerate(names)])
    assert len(out) == 1
    out = clusters([ent("Mikhail Gorbachev", "person", "a1"), ent("Mikhael Gorbachev", "person", "a2")])
    assert out == {"Mikhail Gorbachev": ("person", ["a1", "a2"])}


def test_different_people_never_merge() -> None:
    pairs = [
        ("Kim Jong-il", "Kim Jong-un"), ("Edward Kennedy", "Robert Kennedy"), ("Elin Strand5", "Elin Strand555"),
        ("George H. Bush", "George W. Bush"), ("Mary Smith", "Mark Smith"),
    ]
    for a, b in pairs:
        assert not same_person_name(a, b), (a, b)
        assert len(clusters([ent(a, "person", "a1"), ent(b, "person", "a2")])) == 2, (a, b)


def test_a_parenthesised_acronym_must_fit_the_initials() -> None:
    assert acronym_fits("OPEC", "Organisation of Petroleum Exporting Countries")
    assert acronym_fits("UK", "United Kingdom")
    assert acronym_fits("MoD", "Ministry of Defence")
    assert not acronym_fits("UK", "DSM Hydrocarbons")
    assert not acronym_fits("KGB", "Committee for State Security")


@pytest.mark.parametrize(
    ("acronym", "name", "fits"),
    [
        ("ARCO", "Atlantic Richfield Co", True),
        ("Amex", "American Express", True),
        ("Texaco", "Texas Company", True),
        ("ECU", "European Currency Unit", True),
        ("USDA", "U.S. Department of Agriculture", True),
        ("LIBOR", "London Interbank Offered Rate", True),
        # a last letter from the middle of a word is no initial: the currency is not the Community
        ("ECU", "European Community", False),
        ("GMT", "General Motors", False),
        ("EMS", "European Community", False),
        # a plural acronym spells a plural name: the s is no initial
        ("ADRs", "American Depository Receipts", True),
        ("CMOs", "Copper Mountain Oxide", False),
    ],
)
def test_an_acronym_ends_on_an_initial_or_the_next_letter_of_a_word(acronym: str, name: str, fits: bool) -> None:
    assert acronym_fits(acronym, name) is fits


def test_an_acronym_spelled_out_in_the_text_takes_no_second_name_with_its_initials() -> None:
    text = (
        "Prices fell after the International Coffee Organisation (ICO) talks. The Inter-African Coffee "
        "Organisation (IACO) chose Ivory Coast to speak for Africa. The ICO meets again in June."
    )
    table = [
        ("International Coffee Organisation", "ORG"), ("ICO", "ORG"), ("Inter-African Coffee Organisation", "ORG"),
        ("IACO", "ORG"), ("Ivory Coast", "LOC"), ("Africa", "LOC"),
    ]
    out = {e.name: e.aliases for e in entities_of(text, table)}
    assert out["International Coffee Organisation"] == ["ICO"]
    assert out["Inter-African Coffee Organisation"] == ["IACO"]


def test_the_ecu_is_not_the_european_community() -> None:
    text = "Yugoslavia seeks a 600 mln ECU loan from the European Community (EC). The EC has refused the ECU loan."
    out = {e.name: e.aliases for e in entities_of(text, [("European Community", "ORG"), ("EC", "ORG"), ("ECU", "ORG")])}
    assert out["European Community"] == ["EC"]
    assert "ECU" in out


def test_a_first_name_alone_is_never_an_alias() -> None:
    text = "Paul Volcker spoke on Monday. Later Paul said rates would hold, and Volcker left."
    [volcker] = [e for e in entities_of(text, [("Paul Volcker", "PER"), ("Paul", "PER"), ("Volcker", "PER")]) if e.name == "Paul Volcker"]
    assert "Paul" not in volcker.aliases
    assert "Volcker" in volcker.aliases


def test_a_shortened_company_name_joins_the_full_name_in_its_article() -> None:
    text = "Homestake Mining Co said output rose. Homestake also said costs fell."
    out = entities_of(text, [("Homestake Mining Co", "ORG"), ("Homestake", "ORG")])
    assert [(e.name, e.aliases) for e in out] == [("Homestake Mining Co", ["Homestake"])]


def test_a_place_is_not_a_shortened_company_name() -> None:
    text = "Texas Air Corp bid for the airline. Texas regulators said no."
    out = entities_of(text, [("Texas Air Corp", "ORG"), ("Texas", "LOC")])
    assert sorted(e.name for e in out) == ["Texas", "Texas Air Corp"]


def test_a_query_naming_most_of_an_entity_finds_it(facts) -> None:
    result = facts("who", "103rd", "Detached", "Airborne", "Brigade", "--json")
    assert result.code == 0
    assert "Detached Airborne Brigade" in result.json["name"]


def test_a_query_naming_most_of_an_entity_finds_it_without_all_its_words(facts, corpus) -> None:
    root = corpus({"a.txt": "Troops\n\nThe Detached Airborne Brigade of Vitsebsk arrived in Almaty on Monday.\n"})
    result = facts("who", "103rd", "Detached", "Airborne", "Brigade", "--corpus", root, "--json")
    assert result.code == 0, result.err
    assert "Detached Airborne Brigade" in result.json.get("name", ""), result.json


def test_a_ticker_is_not_part_of_a_company_name() -> None:
    text = "Commercial Union Assurance <CUAC.L> said profits rose."
    [company] = entities_of(text, [("Commercial Union Assurance <CUAC.L", "ORG")])
    assert company.name == "Commercial Union Assurance"


def test_a_city_keeps_its_name_beside_a_company_named_after_it() -> None:
    out = clusters([
        ent("Kobe Steel Ltd", "organization", "a1", ["Kobe"], ["Kobe Steel Ltd", "Kobe"]),
        ent("Kobe", "place", "a2", mentions=["Kobe", "Kobe"]),
        ent("Kobe", "place", "a3"),
    ])
    # a place never becomes a company's alias: the one-word "Kobe" of a1 is the city's mention
    assert out == {"Kobe Steel Ltd": ("organization", ["a1"]), "Kobe": ("place", ["a1", "a2", "a3"])}
    [company] = [c for c in link_entities([ent("Texas Air Corp", "organization", "t1", ["Texas"], ["Texas Air Corp", "Texas"]),
                                           ent("Texas", "place", "t2", mentions=["Texas"] * 3)]) if c.type == "organization"]
    assert (company.name, company.aliases, len(company.mentions)) == ("Texas Air Corp", [], 1)


def test_only_a_one_word_person_is_dropped_as_a_fragment() -> None:
    from factlookup.models import EntitySummary
    from factlookup.query.who import _without_fragments

    rows = [
        EntitySummary(1, "Represenative Clayton Yeutter", "person", 2, 1),
        EntitySummary(2, "Clayton Yeutter", "person", 214, 90),
        EntitySummary(3, "Yeutter", "person", 5, 3),
        EntitySummary(4, "Kobe", "place", 9, 4),
        EntitySummary(5, "Kobe Steel", "organization", 9, 4),
    ]
    assert [r.name for r in _without_fragments(rows)] == [
        "Represenative Clayton Yeutter", "Clayton Yeutter", "Kobe", "Kobe Steel",
    ]
    rows = [
        EntitySummary(1, "Baker International", "organization", 6, 4),
        EntitySummary(2, "Baker International Corp", "organization", 11, 9),
        EntitySummary(3, "Reuters", "organization", 983, 879),
        EntitySummary(4, "Reuters Holdings Plc", "organization", 33, 17),
    ]
    # a company's name without its legal suffix beside the full name is a fragment; one word is a name of its own
    assert [r.name for r in _without_fragments(rows)] == ["Baker International Corp", "Reuters", "Reuters Holdings Plc"]


def test_a_name_broken_across_lines_is_written_on_one() -> None:
    text = "The General Agreement on Tariffs\nand Trade (GATT) met on Monday."
    [gatt] = entities_of(text, [("General Agreement on Tariffs\nand Trade", "ORG"), ("GATT", "ORG")])
    assert (gatt.name, gatt.aliases) == ("General Agreement on Tariffs and Trade", ["GATT"])


def test_a_word_shared_by_a_company_and_a_person_goes_to_the_one_introduced_first() -> None:
    text = (
        "Faberge sued Porterfield Buying Unit on Monday. The court reinstated the suit against Porterfield and "
        "its partners Samuel Wyman and Grace Porterfield. The suit charges Porterfield with fraud."
    )
    table = [("Porterfield Buying Unit", "ORG"), ("Grace Porterfield", "PER"), ("Samuel Wyman", "PER"), ("Porterfield", "PER")]
    out = {e.name: (e.type, e.aliases) for e in entities_of(text, table)}
    assert out["Porterfield Buying Unit"] == ("organization", ["Porterfield"])
    assert out["Grace Porterfield"] == ("person", [])
    # the person first: the surname is hers
    text = "LeRoy Pesch bought a stake. Pesch and Co Inc said Pesch would join the board."
    out = {e.name: e.aliases for e in entities_of(text, [("LeRoy Pesch", "PER"), ("Pesch and Co Inc", "ORG"), ("Pesch", "PER")])}
    assert out["LeRoy Pesch"] == ["Pesch"]


def test_a_word_alone_that_begins_one_company_name_and_no_person_name_is_the_company() -> None:
    text = "Hughes Tool Co said its board met. Hughes directors said the merger was off. Baker sued Hughes."
    table = [("Hughes Tool Co", "ORG"), ("Hughes", "PER"), ("Baker", "ORG")]
    out = {e.name: (e.type, len(e.mentions)) for e in entities_of(text, table)}
    assert out["Hughes Tool Co"] == ("organization", 3)
    # initials before the name are passed over
    text = "E.F. Hutton Group Inc shares rose. Hutton's stock was under accumulation."
    out = {e.name: (e.type, len(e.mentions)) for e in entities_of(text, [("E.F. Hutton Group Inc", "ORG"), ("Hutton", "PER")])}
    assert out == {"E.F. Hutton Group Inc": ("organization", 2)}
    # a person the story names by that word first keeps it; so does a word two companies begin with
    text = "Howard Hughes said Hughes Tool Co would grow. Hughes would stay, he said."
    out = {e.name: len(e.mentions) for e in entities_of(text, [("Hughes Tool Co", "ORG"), ("Howard Hughes", "PER"), ("Hughes", "PER")])}
    assert out == {"Hughes Tool Co": 1, "Howard Hughes": 2}
    text = "Hughes Tool Co and Hughes Aircraft Co said they met. Hughes said nothing."
    table = [("Hughes Tool Co", "ORG"), ("Hughes Aircraft Co", "ORG"), ("Hughes", "PER")]
    assert "Hughes" in {e.name for e in entities_of(text, table)}


def test_a_company_suffix_outvotes_the_recogniser_in_an_article() -> None:
    text = "Baker Hughes Inc said its rig count rose. Baker Hughes said oil drilling rose. Baker Hughes added more."
    [company] = entities_of(text, [("Baker Hughes Inc", "ORG"), ("Baker Hughes", "PER")])
    assert (company.name, company.type) == ("Baker Hughes Inc", "organization")


def test_a_company_name_without_its_suffix_is_the_company_across_the_corpus() -> None:
    out = clusters([
        ent("Baker Hughes Inc", "organization", "a1"),
        ent("Baker Hughes", "person", "a2", mentions=["Baker Hughes"] * 3),
        ent("E.F. Hutton and Co Inc", "organization", "a3"),
        ent("E.F. Hutton", "person", "a4", mentions=["E.F. Hutton"] * 3),
        ent("Dome Petroleum Ltd", "organization", "a5", ["Dome"], ["Dome Petroleum Ltd", "Dome"]),
        ent("Dome", "person", "a6", mentions=["Dome"] * 3),
        ent("Paul Volcker", "person", "a7"),
        ent("Volcker", "person", "a8"),
        ent("Volcker Associates Inc", "organization", "a9"),
    ])
    assert {name: type_ for name, (type_, _) in out.items()} == {
        "Baker Hughes Inc": "organization",
        "E.F. Hutton and Co Inc": "organization",
        "Dome Petroleum Ltd": "organization",
        "Paul Volcker": "person",  # a surname somebody bears stays a person's
        "Volcker Associates Inc": "organization",
    }


def test_a_person_written_after_a_title_stays_a_person_beside_a_company_of_that_name() -> None:
    title = Role("Chairman", Evidence("a2", "Chairman Charles Schwab said.", 0, 29), "title")
    person = Entity("Charles Schwab", "person", [], [title], [Mention("Charles Schwab", "person", 9, 23, 0)], "a2")
    out = clusters([ent("Charles Schwab Corp", "organization", "a1"), person])
    assert out == {"Charles Schwab Corp": ("organization", ["a1"]), "Charles Schwab": ("person", ["a2"])}


def test_an_acronym_spelling_a_company_name_joins_it_in_its_article() -> None:
    text = "Atlantic Richfield Co shares rose. Analysts said ARCO should earn five dlrs. Arco Seed Co was sold."
    out = {e.name: e.aliases for e in entities_of(text, [("Atlantic Richfield Co", "ORG"), ("ARCO", "ORG"), ("Arco Seed Co", "ORG")])}
    assert out == {"Atlantic Richfield Co": ["ARCO"], "Arco Seed Co": []}


def test_the_reuters_converter_drops_every_form_of_the_sign_off(tmp_path) -> None:
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("reuters_to_jsonl", Path(__file__).resolve().parent.parent / "bench" / "reuters_to_jsonl.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    endings = {
        "1": "Prices rose.\n Reuter\x03", "2": "Prices rose.\n REUTER...", "3": "Prices rose.\nREUTER...^M",
        "4": "Prices rose.\nREUTER^M", "5": "Prices rose. REUTER11:43/VB", "6": "Prices rose.\n REUTER TAW",
        "7": "Prices rose.\n Reuter4", "8": "Prices rose.\n REUTERS", "9": "Prices rose, a dealer told\nReuters.",
    }
    sgm = "".join(f'<REUTERS NEWID="{k}"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><BODY>{v}</BODY></TEXT></REUTERS>\n' for k, v in endings.items())
    (tmp_path / "reut2-000.sgm").write_bytes(sgm.encode("latin-1"))
    texts = {s["id"]: s["text"] for s in module.stories(tmp_path / "reut2-000.sgm")}
    assert {k: t for k, t in texts.items() if k != "9"} == {k: "Prices rose." for k in endings if k != "9"}
    assert texts["9"] == "Prices rose, a dealer told\nReuters."  # the agency a sentence names stays


def test_a_title_read_on_a_shared_surname_alone_is_nobodys() -> None:
    def titled(name: str, article: str, title: str) -> Entity:
        role = Role(title, Evidence(article, f"{title} {name} spoke.", 0, 20), "title")
        return Entity(name, "person", [], [role], [Mention(name, "person", 0, len(name), 0)], article)

    james = [ent("James Baker", "person", f"j{i}", ["Baker"], ["James Baker", "Baker"]) for i in range(10)]
    howard = [ent("Howard Baker", "person", f"h{i}") for i in range(3)]
    [baker] = [c for c in link_entities([*james, *howard, titled("Baker", "b1", "Senator")]) if c.name == "James Baker"]
    assert "b1" in baker.articles and baker.roles == []  # "Senator Baker" may be Howard Baker
    ronald = [ent("Ronald Reagan", "person", f"r{i}", ["Reagan"], ["Ronald Reagan", "Reagan"]) for i in range(10)]
    [reagan] = [c for c in link_entities([*ronald, ent("Nancy Reagan", "person", "n1"), titled("Reagan", "b2", "President")]) if c.name == "Ronald Reagan"]
    assert [r.title for r in reagan.roles] == ["President"]  # Nancy Reagan, named once, shares nothing


def test_a_familiar_given_name_joins_the_one_person_with_the_formal_name() -> None:
    out = clusters([
        ent("James Baker", "person", "a1"),
        ent("Jim Baker", "person", "a3"),
        ent("Bill Smith", "person", "a4"),
        ent("William Smith", "person", "a5"),
        ent("William J. Smith", "person", "a6"),
        ent("Howard Baker", "person", "a7"),
    ])
    assert out["James Baker"] == ("person", ["a1", "a3"])
    assert out["Howard Baker"] == ("person", ["a7"])
    # "William Smith" and "William J. Smith" may be two men: "Bill Smith" joins neither
    assert out["Bill Smith"] == ("person", ["a4"])


def test_a_company_name_cut_before_its_possessive_is_the_company() -> None:
    out = clusters([
        ent("Standard and Poor's Corp", "organization", "a1"),
        ent("Standard and Poor", "organization", "a2"),
        ent("Standard and Poor's Corp", "organization", "a5"),
        ent("Standard and Poor's Corp", "organization", "a6"),
        ent("Standard and Poor's Inc", "organization", "a7"),
        ent("Moody's Investors Service Inc", "organization", "a3"),
        ent("Moody", "person", "a4"),
    ])
    # the stem joins the company; its Corp and Inc are one company
    assert out["Standard and Poor's Corp"] == ("organization", ["a1", "a2", "a5", "a6", "a7"])
    assert "Moody" in out  # one word is no company stem


def test_a_department_of_a_field_is_the_field_department_with_the_same_words_before() -> None:
    out = clusters([
        ent("U.S. Department of Agriculture", "organization", "a1", aliases=["USDA"], mentions=["U.S. Department of Agriculture", "USDA"]),
        ent("U.S. Agriculture Department", "organization", "a2"),
        ent("Department of the Treasury", "organization", "a3"),
        ent("Treasury Department", "organization", "a4"),
        ent("Minnesota Department of Commerce", "organization", "a5"),
        ent("Commerce Department", "organization", "a6"),
        ent("Office of Management and Budget", "organization", "a7"),
    ])
    articles = sorted(sorted(found[1]) for found in out.values())
    assert articles == [["a1", "a2"], ["a3", "a4"], ["a5"], ["a6"], ["a7"]]


def test_a_company_named_with_a_possessive_takes_its_name_written_alone_with_it() -> None:
    text = (
        "Moody's Investors Service Inc downgraded Texaco Inc. Moody's said the debt was at risk. "
        "The Treasury's Financial Statement and Budget Report came out. The Treasury said so."
    )
    table = [
        ("Moody's Investors Service Inc", "ORG"), ("Texaco Inc", "ORG"), ("Moody", "ORG"),
        ("Treasury's Financial Statement and Budget Report", "ORG"), ("Treasury", "ORG"),
    ]
    out = {e.name: e.aliases for e in entities_of(text, table)}
    assert out["Moody's Investors Service Inc"] == ["Moody"]
    assert out["Treasury"] == [] and out["Treasury's Financial Statement and Budget Report"] == []
    text = "Moody's Investors Service cut Texaco Inc. Moody's said so."
    out = {e.name: e.aliases for e in entities_of(text, [("Moody's Investors Service", "ORG"), ("Texaco Inc", "ORG"), ("Moody", "ORG")])}
    assert out["Moody's Investors Service"] == ["Moody"]
    # the owner of a report, a view, a policy is no company named with a possessive
    text = "The Treasury's Financial Statement and Budget Report came out. The Treasury's view is firm."
    out = {e.name: e.aliases for e in entities_of(text, table[3:])}
    assert out["Treasury"] == [] and out["Treasury's Financial Statement and Budget Report"] == []


def test_a_name_written_with_and_without_initials_is_one_person() -> None:
    out = clusters([
        ent("Martin T. Sosnoff", "person", "a1"), ent("Martin Sosnoff", "person", "a2"), ent("Sosnoff", "person", "a3"),
        ent("L. William Seidman", "person", "a4"), ent("William Seidman", "person", "a5"),
    ])
    assert out == {
        "Martin T. Sosnoff": ("person", ["a1", "a2", "a3"]),
        "L. William Seidman": ("person", ["a4", "a5"]),
    }


def test_two_sets_of_initials_keep_the_name_without_them_apart() -> None:
    out = clusters([ent("George H. Bush", "person", "a1"), ent("George W. Bush", "person", "a2"), ent("George Bush", "person", "a3")])
    assert sorted(found[1] for found in out.values()) == [["a1"], ["a2"], ["a3"]]


def test_a_surname_others_bear_too_keeps_its_initials_apart() -> None:
    out = clusters([ent("William J. Smith", "person", "a1"), ent("William Smith", "person", "a2"), ent("John Smith", "person", "a3")])
    assert sorted(found[1] for found in out.values()) == [["a1"], ["a2"], ["a3"]]


def test_a_company_written_with_any_us_legal_form_is_one_company() -> None:
    out = clusters([
        *[ent("Merrill Lynch and Co Inc", "organization", f"a{i}") for i in range(5)],
        *[ent("Merrill Lynch and Co", "organization", f"b{i}") for i in range(3)],
        ent("Merrill Lynch & Co", "organization", "c1"),
        ent("Merrill Lynch", "organization", "d1"),
        ent("Merrill Lynch Europe Ltd", "organization", "e1"),
        ent("Barclays Bank Plc", "organization", "f1"),
        ent("Barclays Bank Inc", "organization", "f2"),
        ent("Standard and Poor's Corp", "organization", "g1"),
        ent("Standard and Poor's Inc", "organization", "g2"),
    ])
    assert sorted(len(found[1]) for found in out.values()) == [1, 1, 1, 2, 10]
    assert len(out["Merrill Lynch and Co Inc"][1]) == 10


def test_an_acronym_the_text_spells_out_may_end_inside_a_word() -> None:
    assert not acronym_fits("CPB", "Centraal Planbureau")
    assert acronym_fits("CPB", "Centraal Planbureau", spelled_out=True)
    text = "The Centraal Planbureau (CPB) said growth slows. The CPB sees exports flat."
    out = {e.name: e.aliases for e in entities_of(text, [("Centraal Planbureau", "ORG"), ("CPB", "ORG")])}
    assert out == {"Centraal Planbureau": ["CPB"]}


def test_a_plural_acronym_joins_only_a_plural_name() -> None:
    out = clusters([
        ent("Copper Mountain Oxide", "organization", "a1"),
        ent("CMOs", "organization", "a2"),
        ent("American Depository Receipts", "organization", "a3"),
        ent("ADRs", "organization", "a4"),
        ent("Certificates of Deposit", "other", "a5"),
        ent("CDs", "other", "a6"),
    ])
    assert sorted(found[1] for found in out.values()) == [["a1"], ["a2"], ["a3", "a4"], ["a5", "a6"]]
