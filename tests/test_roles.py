"""Roles a reader would accept: the grammar that attaches a title to a name, the title
lexicon, the forms a title is written in, and one row per distinct role in `who NAME`."""

from __future__ import annotations

import sqlite3

import pytest

from factlookup.extract.entities.lexicon import EVALUATIVE, ROLE_HEADS, ROLE_MODIFIERS
from factlookup.extract.entities.roles import without_holder_name
from factlookup.models import Evidence
from factlookup.query.who import _attach_roles, _role_facts, role_key
from test_entities import by_name, entities_of, roles


def roles_of(text: str, table: list[tuple[str, str]], name: str) -> list[tuple[str, str]]:
    return roles(by_name(entities_of(text, table))[name])


# ---------------------------------------------------------------------------------------
# A title belongs to the name it is next to
# ---------------------------------------------------------------------------------------


def test_a_title_joined_by_and_is_not_next_to_the_name():
    text = "The plan has support, said former Nevada Sen. and Reagan confidant Paul Laxalt."
    assert roles_of(text, [("Reagan", "PER"), ("Paul Laxalt", "PER"), ("Nevada", "LOC")], "Reagan") == []


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Amstutz told subcommittee Chairman Rep. Dan Glickman, D-Kans., that USDA is ready.", "Dan Glickman",
         [("Chairman", "title"), ("Rep.", "title")]),
        ("He met former National Security Adviser Vice Adm. John Poindexter on Monday.", "John Poindexter",
         [("former National Security Adviser", "title"), ("Vice Adm.", "title")]),
        ("He said Army Chief of Staff Gen. John Wickham agreed.", "John Wickham",
         [("Army Chief of Staff", "title"), ("Gen.", "title")]),
        # one office written with abbreviations stays one
        ("He said Lt. Gov. Mike Curb agreed.", "Mike Curb", [("Lt. Gov.", "title")]),
        ("He said U.S. Attorney Gen. Edwin Meese agreed.", "Edwin Meese", [("U.S. Attorney Gen.", "title")]),
        ("He said Sen. Bob Dole agreed.", "Bob Dole", [("Sen.", "title")]),
        ("He said Lieutenant Gen. John Smith agreed.", "John Smith", [("Lieutenant Gen.", "title")]),
        ("He said Rear Adm. John Smith agreed.", "John Smith", [("Rear Adm.", "title")]),
        ("He said armed forces chief Gen. Fidel Ramos agreed.", "Fidel Ramos", [("chief", "title"), ("Gen.", "title")]),
        # "for" before "Staff" still ends the title: the lawyer is someone else
        ("The lawyer for Staff Sgt. Clayton Lonetree said no.", "Clayton Lonetree", [("Staff Sgt.", "title")]),
    ],
)
def test_a_rank_abbreviated_next_to_the_name_is_a_title_of_its_own(text, name, expected):
    assert roles_of(text, [(name, "PER")], name) == expected


def test_a_lower_case_field_of_an_office_stays_in_the_title():
    text = "British corporate affairs minister Michael Howard told Japan to act."
    assert roles_of(text, [("Michael Howard", "PER"), ("Japan", "LOC")], "Michael Howard") == [
        ("British corporate affairs minister", "title"),
    ]


def test_a_title_after_of_belongs_to_the_name_after_it():
    text = "On Friday the government of President Jose Sarney introduced austerity measures."
    assert roles_of(text, [("Jose Sarney", "PER")], "Jose Sarney") == [("President", "title")]


def test_a_headless_name_before_and_is_not_part_of_the_title():
    text = "Abe met Reagan and Prime Minister Brian Mulroney in Ottawa."
    assert roles_of(text, [("Abe", "PER"), ("Brian Mulroney", "PER"), ("Ottawa", "LOC")], "Brian Mulroney") == [
        ("Prime Minister", "title"),
    ]
    text = "The Office of Management and Budget director James Miller spoke."
    assert roles_of(text, [("Office of Management and Budget", "ORG"), ("James Miller", "PER")], "James Miller") == [
        ("Office of Management and Budget director", "title"),
    ]


def test_a_party_and_state_in_brackets_end_the_name_before_a_title():
    text = "The committee, backed by chairman Fernand St Germain (D-RI) and House Speaker Jim Wright (D-Tex), voted."
    table = [("Fernand St Germain", "PER"), ("D-RI", "ORG"), ("House", "ORG"), ("Jim Wright", "PER"), ("D-Tex", "ORG")]
    assert roles_of(text, table, "Jim Wright") == [("House Speaker", "title")]
    # an acronym that spells the body's name still belongs to it
    text = "President of the Japan Chamber of Commerce and Industry (JCCI) Noboru Gotoh said so."
    table = [("Japan Chamber of Commerce and Industry", "ORG"), ("JCCI", "ORG"), ("Noboru Gotoh", "PER")]
    assert roles_of(text, table, "Noboru Gotoh") == [("President of the Japan Chamber of Commerce and Industry", "title")]


def test_a_coordinated_name_opening_the_sentence_stays_in_the_title():
    text = "Ways and Means chairman Dan Rostenkowski insisted the approach was necessary."
    assert roles_of(text, [("Dan Rostenkowski", "PER")], "Dan Rostenkowski") == [("Ways and Means chairman", "title")]
    text = "Reagan and Prime Minister Yasuhiro Nakasone met on Monday."
    assert roles_of(text, [("Reagan", "PER"), ("Yasuhiro Nakasone", "PER")], "Yasuhiro Nakasone") == [("Prime Minister", "title")]


def test_a_title_ends_in_its_head_or_the_body_after_of():
    text = "Analysts at General Dynamics Corp Lester Crown said so."
    assert roles_of(text, [("General Dynamics Corp", "ORG"), ("Lester Crown", "PER")], "Lester Crown") == []


def test_a_verb_between_words_is_not_part_of_a_title():
    text = "A Turkish military court jailed former deputy prime minister Alpaslan Turkes."
    assert roles_of(text, [("Turkish", "MISC"), ("Alpaslan Turkes", "PER")], "Alpaslan Turkes") == [
        ("former deputy prime minister", "title"),
    ]


def test_a_list_of_titled_names_gives_each_its_own_title():
    text = (
        "Abe will meet President Reagan, Vice President George Bush, Treasury Secretary James Baker, "
        "White House Chief of Staff Howard Baker and as many Congressmen as possible."
    )
    table = [("Abe", "PER"), ("Reagan", "PER"), ("George Bush", "PER"), ("James Baker", "PER"), ("Howard Baker", "PER"),
             ("White House", "ORG")]
    ents = by_name(entities_of(text, table))
    assert roles(ents["Reagan"]) == [("President", "title")]
    assert roles(ents["George Bush"]) == [("Vice President", "title")]
    assert roles(ents["James Baker"]) == [("Treasury Secretary", "title")]
    assert roles(ents["Howard Baker"]) == [("White House Chief of Staff", "title")]


def test_a_list_whose_next_name_was_missed_gives_no_apposition():
    # the recogniser missed "Malcolm Baldrige": "Commerce Secretary" is still his, not Baker's
    text = "He met Shultz, Treasury Secretary James Baker, Commerce Secretary Malcolm Baldrige and others."
    assert roles_of(text, [("Shultz", "PER"), ("James Baker", "PER")], "James Baker") == [("Treasury Secretary", "title")]


def test_coordinated_appositions_with_capitals_after_and():
    text = "Regan, the former Wall Street executive and Treasury secretary who was blamed, left."
    assert roles_of(text, [("Regan", "PER"), ("Wall Street", "LOC")], "Regan") == [
        ("former Wall Street executive", "apposition"), ("Treasury secretary", "apposition"),
    ]


def test_an_apposition_cut_by_a_line_break_is_not_a_role():
    # a story line that ends without a full stop: the apposition is unfinished
    text = "The talks were attended by Treasury Secretary James Baker, West German Finance Minister"
    assert roles_of(text, [("James Baker", "PER")], "James Baker") == [("Treasury Secretary", "title")]
    text = "The vote decides when Prime Minister Margaret Thatcher, Conservative Party"
    assert roles_of(text, [("Margaret Thatcher", "PER")], "Margaret Thatcher") == [("Prime Minister", "title")]
    # cut after "leader of": the title before "of" is whole, "leader of the ruling" is not
    text = "The vote decides when Prime Minister Margaret Thatcher, leader of the ruling"
    assert roles_of(text, [("Margaret Thatcher", "PER")], "Margaret Thatcher") == [
        ("Prime Minister", "title"), ("leader", "apposition"),
    ]
    text = "Meeting with them will be Glen Fukushima, director of the"
    assert roles_of(text, [("Glen Fukushima", "PER")], "Glen Fukushima") == [("director", "apposition")]


def test_a_reporting_clause_is_not_an_apposition():
    text = "Lawson has written to Yasuhiro Nakasone, a Treasury spokesman said."
    assert roles_of(text, [("Lawson", "PER"), ("Yasuhiro Nakasone", "PER")], "Yasuhiro Nakasone") == []
    text = "The bank backs the choice to replace Paul Volcker, a spokesman for the bank said."
    assert roles_of(text, [("Paul Volcker", "PER")], "Paul Volcker") == []
    text = "The change will help Nakasone, one official said."
    assert roles_of(text, [("Nakasone", "PER")], "Nakasone") == []
    text = "Before meeting with Bush, the Crown Prince paid a call on the president."
    assert roles_of(text, [("Bush", "PER")], "Bush") == []


def test_an_apposition_without_its_second_comma_before_said():
    text = "Lowell Moholt, director of investor relations at Weyerhaeuser Co said."
    assert roles_of(text, [("Lowell Moholt", "PER"), ("Weyerhaeuser Co", "ORG")], "Lowell Moholt") == [
        ("director of investor relations at Weyerhaeuser Co", "head-of"),
    ]
    text = "Gilberto Arango, president of the private exporters' association said prices fell."
    assert roles_of(text, [("Gilberto Arango", "PER")], "Gilberto Arango") == [
        ("president of the private exporters' association", "head-of"),
    ]


def test_the_tail_of_a_title_stops_before_a_clause():
    text = "Paul Volcker, spokesman for the bank said it would act."
    assert roles_of(text, [("Paul Volcker", "PER")], "Paul Volcker") == [("spokesman for the bank", "apposition")]
    text = "He developed a deep antipathy for Volcker, whose political skills undermined that ambition."
    assert roles_of(text, [("Volcker", "PER")], "Volcker") == []


def test_clauses_and_asides_after_a_name_are_not_appositions():
    text = "It was Abdullah, who is deputy prime minister. It was Gates, now deputy head of the CIA."
    ents = by_name(entities_of(text, [("Abdullah", "PER"), ("Gates", "PER"), ("CIA", "ORG")]))
    assert roles(ents["Abdullah"]) == [] and roles(ents["Gates"]) == []
    text = "Mitterrand, his Prime Minister Jacques Chirac, and by Chancellor Helmut Kohl."
    assert roles_of(text, [("Mitterrand", "PER"), ("Jacques Chirac", "PER"), ("Helmut Kohl", "PER")], "Jacques Chirac") == [
        ("Prime Minister", "title"),
    ]


def test_a_title_owned_by_an_organisation_is_kept_as_written():
    # the title is Jose Luis Sanchez's; "of the Cartel Office" would need an article the text lacks
    text = "The deal was approved, Renta's finance director Jose Luis Sanchez said."
    assert roles_of(text, [("Renta", "ORG"), ("Jose Luis Sanchez", "PER")], "Jose Luis Sanchez") == [
        ("Renta's finance director", "title"),
    ]


def test_a_name_before_and_can_open_an_organisation():
    text = "Securities and Exchange Commission chairman John Shad spoke. Trade and Industry Minister Hajime Tamura agreed."
    table = [("Securities and Exchange Commission", "ORG"), ("John Shad", "PER"), ("Hajime Tamura", "PER")]
    ents = by_name(entities_of(text, table))
    assert roles(ents["John Shad"]) == [("Securities and Exchange Commission chairman", "title")]
    assert roles(ents["Hajime Tamura"]) == [("Trade and Industry Minister", "title")]
    text = "Mr Antonov and West German Economics Minister Martin Bangemann met. Balladur and Bank of France Governor Jacques de Larosiere spoke."
    table = [("West German", "MISC"), ("Martin Bangemann", "PER"), ("Bank of France", "ORG"), ("Jacques de Larosiere", "PER")]
    ents = by_name(entities_of(text, table))
    assert roles(ents["Martin Bangemann"]) == [("West German Economics Minister", "title")]
    assert roles(ents["Jacques de Larosiere"]) == [("Bank of France Governor", "title")]



def test_a_person_named_before_and_is_not_part_of_the_title():
    # The recogniser may take a listed person and the organisation after "and" for one name:
    # the article names Baker as a person, so he is not part of Poehl's title.
    text = (
        "Treasury Secretary James Baker arrived. Stoltenberg said that he, Baker and Bundesbank President "
        "Karl Otto Poehl had a constructive discussion. Trade and Industry Minister Hajime Tamura agreed."
    )
    table = [("James Baker", "PER"), ("Stoltenberg", "PER"), ("Baker and Bundesbank", "ORG"), ("Karl Otto Poehl", "PER"), ("Hajime Tamura", "PER")]
    ents = by_name(entities_of(text, table))
    assert roles(ents["Karl Otto Poehl"]) == [("Bundesbank President", "title")]
    assert roles(ents["Hajime Tamura"]) == [("Trade and Industry Minister", "title")]
    # the holder's own name may open the title: a firm named after him
    text = "William R. Hambrecht, Hambrecht and Quist president, said the offer was fair."
    ents = by_name(entities_of(text, [("William R. Hambrecht", "PER"), ("Hambrecht and Quist", "ORG")]))
    assert roles(ents["William R. Hambrecht"]) == [("Hambrecht and Quist president", "apposition")]

# ---------------------------------------------------------------------------------------
# The title lexicon
# ---------------------------------------------------------------------------------------


def test_the_title_lexicon():
    assert {"minister", "president", "chairman", "governor", "spokesman", "cosmonaut"} <= ROLE_HEADS
    assert not {"official", "expert", "political"} & ROLE_HEADS
    assert {"former", "acting"} <= ROLE_MODIFIERS and not {"former", "acting"} & EVALUATIVE
    assert {"authoritarian", "embattled", "powerful"} <= EVALUATIVE


def test_an_official_or_an_expert_is_a_source_not_a_role():
    text = "Alexander Ivlev, a Soviet official, said no. Fred Axelgard, a Gulf War expert, agreed."
    ents = by_name(entities_of(text, [("Alexander Ivlev", "PER"), ("Soviet", "MISC"), ("Fred Axelgard", "PER"), ("Gulf War", "MISC")]))
    assert roles(ents["Alexander Ivlev"]) == [] and roles(ents["Fred Axelgard"]) == []


# ---------------------------------------------------------------------------------------
# Patterns and forms
# ---------------------------------------------------------------------------------------


def test_a_capitalised_preposition_opens_a_title():
    text = "George Gould, Under Secretary of the Treasury, told a conference."
    assert roles_of(text, [("George Gould", "PER"), ("Treasury", "ORG")], "George Gould") == [
        ("Under Secretary of the Treasury", "apposition"),
    ]


def test_the_title_of_an_organisation_or_place_in_apposition():
    text = "Karim Masimov, the head of the National Security Committee, was arrested. Tokayev, the president of Kazakhstan, spoke."
    ents = by_name(entities_of(text, [("Karim Masimov", "PER"), ("National Security Committee", "ORG"), ("Tokayev", "PER"), ("Kazakhstan", "LOC")]))
    assert roles(ents["Karim Masimov"]) == [("head of the National Security Committee", "head-of")]
    assert roles(ents["Tokayev"]) == [("president of Kazakhstan", "head-of")]


def test_place_possessive_title_before_a_name():
    text = "Armenia's Prime Minister Nikol Pashinyan spoke. Later Kazakhstan's president Kassym-Jomart Tokayev replied."
    table = [("Armenia", "LOC"), ("Nikol Pashinyan", "PER"), ("Kazakhstan", "LOC"), ("Kassym-Jomart Tokayev", "PER")]
    ents = by_name(entities_of(text, table))
    assert roles(ents["Nikol Pashinyan"]) == [("Armenia's Prime Minister", "title")]  # written as a title: kept
    assert roles(ents["Kassym-Jomart Tokayev"]) == [("President of Kazakhstan", "title")]


def test_the_first_demonym_title():
    text = "In 1991 the first Kazakh cosmonaut Toktar Aubakirov flew to the Mir station."
    assert roles_of(text, [("Kazakh", "MISC"), ("Toktar Aubakirov", "PER"), ("Mir", "LOC")], "Toktar Aubakirov") == [
        ("first Kazakh cosmonaut", "title"),
    ]


def test_lower_case_titles_set_off_by_commas():
    text = "The president, Kassym-Jomart Tokayev, spoke. He met the president, Nursultan Nazarbayev, on Monday."
    ents = by_name(entities_of(text, [("Kassym-Jomart Tokayev", "PER"), ("Nursultan Nazarbayev", "PER")]))
    assert roles(ents["Kassym-Jomart Tokayev"]) == [("president", "apposition")]
    assert roles(ents["Nursultan Nazarbayev"]) == [("president", "apposition")]
    text = "After meeting the president, Tokayev left."
    assert roles_of(text, [("Tokayev", "PER")], "Tokayev") == []


def test_title_of_a_place_before_a_comma():
    text = "President of Kazakhstan, Kassym-Jomart Tokayev, declared a state of emergency."
    assert roles_of(text, [("Kazakhstan", "LOC"), ("Kassym-Jomart Tokayev", "PER")], "Kassym-Jomart Tokayev") == [
        ("President of Kazakhstan", "head-of"),
    ]


def test_evaluative_adjectives_are_dropped_former_and_acting_kept():
    text = "Kazakhstan's authoritarian president, Kassym-Jomart Tokayev, spoke."
    assert roles_of(text, [("Kazakhstan", "LOC"), ("Kassym-Jomart Tokayev", "PER")], "Kassym-Jomart Tokayev") == [
        ("President of Kazakhstan", "apposition"),
    ]
    text = "The embattled chief of staff Donald Regan resigned, and jailed opposition leader Lech Walesa spoke."
    ents = by_name(entities_of(text, [("Donald Regan", "PER"), ("Lech Walesa", "PER")]))
    assert roles(ents["Donald Regan"]) == [("chief of staff", "title")]
    assert roles(ents["Lech Walesa"]) == [("opposition leader", "title")]
    text = "Former President Jimmy Carter met acting Finance Minister Jan Kowalski."
    ents = by_name(entities_of(text, [("Jimmy Carter", "PER"), ("Jan Kowalski", "PER")]))
    assert roles(ents["Jimmy Carter"]) == [("Former President", "title")]
    assert roles(ents["Jan Kowalski"]) == [("acting Finance Minister", "title")]
    text = "Jacques Delors, the powerful president of the European Commission, said so."
    assert roles_of(text, [("Jacques Delors", "PER"), ("European Commission", "ORG")], "Jacques Delors") == [
        ("president of the European Commission", "apposition"),
    ]


def test_a_verb_between_two_noun_phrases_is_not_inside_a_title():
    # "cited" sits between a lower-case head and a title in capitals: two noun phrases
    text = "A Trade Ministry spokesman cited Trade Minister Anna Berg as saying exports rose."
    assert roles_of(text, [("Trade Ministry", "ORG"), ("Anna Berg", "PER")], "Anna Berg") == [("Trade Minister", "title")]
    text = "Its chief investment officer Tom Hale bought bonds."
    assert roles_of(text, [("Tom Hale", "PER")], "Tom Hale") == [("chief investment officer", "title")]


def test_a_news_agency_told_is_not_part_of_the_title_after_it():
    text = "Santos told Reuters Trade Secretary Maria Lopez had agreed to the plan."
    table = [("Santos", "PER"), ("Reuters", "ORG"), ("Maria Lopez", "PER")]
    assert roles_of(text, table, "Maria Lopez") == [("Trade Secretary", "title")]
    # an agency's own officer keeps it
    text = "Reuters chairman Peter Holt said profits rose."
    assert roles_of(text, [("Reuters", "ORG"), ("Peter Holt", "PER")], "Peter Holt") == [("Reuters chairman", "title")]


def test_a_noun_phrase_with_the_before_said_is_the_next_clause():
    text = "The loans were discussed with Finance Minister Carlos Ruiz, the Swiss banker said."
    assert roles_of(text, [("Carlos Ruiz", "PER"), ("Swiss", "MISC")], "Carlos Ruiz") == [("Finance Minister", "title")]
    # closed by its second comma it is an apposition
    text = "The loans were discussed with Carlos Ruiz, the Swiss banker, on Monday."
    assert roles_of(text, [("Carlos Ruiz", "PER"), ("Swiss", "MISC")], "Carlos Ruiz") == [("Swiss banker", "apposition")]


def test_a_short_form_in_brackets_inside_a_title_is_passed_over():
    text = "President of the Kenya Chamber of Commerce (KCC) Paul Otieno called for lower rates."
    table = [("Kenya Chamber of Commerce", "ORG"), ("KCC", "ORG"), ("Paul Otieno", "PER")]
    assert roles_of(text, table, "Paul Otieno") == [("President of the Kenya Chamber of Commerce", "title")]


def test_a_title_owned_by_a_possessive_determiner_is_set_off_by_commas():
    text = "The tone was softer than that of his Trade Minister, Ken Ito, who spoke first."
    assert roles_of(text, [("Ken Ito", "PER")], "Ken Ito") == [("Trade Minister", "apposition")]


def test_a_head_cut_from_its_owner_must_still_name_an_office():
    # the owner, a common noun, is not read into the title; "leader" alone names no office
    text = "The panel's leader, Li Wen, told reporters he was hopeful."
    assert roles_of(text, [("Li Wen", "PER")], "Li Wen") == []
    # "finance minister" and "deputy chairman" do
    text = "It followed a firm stand by the country's finance minister, Li Wen, on debt."
    assert roles_of(text, [("Li Wen", "PER")], "Li Wen") == [("finance minister", "apposition")]
    text = "The firm's deputy chairman Tom Hale said profits rose."
    assert roles_of(text, [("Tom Hale", "PER")], "Tom Hale") == [("deputy chairman", "title")]
    text = "Kenya's president, Daniel Moi, told reporters he was hopeful."
    assert roles_of(text, [("Kenya", "LOC"), ("Daniel Moi", "PER")], "Daniel Moi") == [("President of Kenya", "apposition")]


def test_a_lower_case_head_closes_its_noun_phrase():
    # "the aide [whom] President Reagan fired": two noun phrases, not one title
    text = "North is the National Security Council aide President Reagan fired in November."
    table = [("National Security Council", "ORG"), ("North", "PER"), ("Reagan", "PER")]
    assert roles_of(text, table, "Reagan") == [("President", "title")]
    text = "He met former deputy Prime Minister Ali Sen."
    assert roles_of(text, [("Ali Sen", "PER")], "Ali Sen") == [("former deputy Prime Minister", "title")]
    text = "Profits rose, Acme chairman Sir John Hale said."
    assert roles_of(text, [("Acme", "ORG"), ("John Hale", "PER")], "John Hale") == [("Acme chairman", "title")]


def test_majority_and_minority_leaders():
    text = "He praised the work of former Senate majority leader Tom Hale on the bill."
    assert roles_of(text, [("Senate", "ORG"), ("Tom Hale", "PER")], "Tom Hale") == [("former Senate majority leader", "title")]


def test_degree_words_and_judgements_are_dropped_from_an_apposition():
    text = "The plan was backed by Jorge Alvarez, the most important minister for economic affairs, on Monday."
    assert roles_of(text, [("Jorge Alvarez", "PER")], "Jorge Alvarez") == [("minister for economic affairs", "apposition")]


def test_a_profession_before_a_name_is_a_role():
    text = "Boston physician Ann Ray said the drug worked."
    assert roles_of(text, [("Boston", "LOC"), ("Ann Ray", "PER")], "Ann Ray") == [("Boston physician", "title")]
    # a word used mostly as a figure of speech is not a title: "the architect of the plan"
    text = "Ann Ray, chief architect of the plan, said the drug worked."
    assert roles_of(text, [("Ann Ray", "PER")], "Ann Ray") == []


def test_a_title_gives_back_its_holders_given_name():
    # the recogniser tagged only "Clark": "Peter" was read as the end of the title
    text = "The talks are going well, U.S. Secretary of the Navy Peter Clark said."
    assert roles_of(text, [("U.S.", "LOC"), ("Clark", "PER")], "Clark") == [("U.S. Secretary of the Navy Peter", "title")]
    # once the person is known by the full name, the title is whole again
    assert without_holder_name("U.S. Secretary of the Navy Peter", ["Peter Clark"]) == "U.S. Secretary of the Navy"
    assert without_holder_name("Defence Minister Anne Marie", ["Anne Marie Dubois"]) == "Defence Minister"
    assert without_holder_name("Secretary of Peter", ["Peter Clark"]) is None  # ends in "of": no title left
    # a title word is never a given name, and other titles are left alone
    assert without_holder_name("Treasury Secretary", ["Secretary Baker", "James Baker"]) == "Treasury Secretary"
    assert without_holder_name("Finance Minister", ["Peter Clark"]) == "Finance Minister"


# ---------------------------------------------------------------------------------------
# One row per distinct role
# ---------------------------------------------------------------------------------------


def test_role_key_folds_case_punctuation_and_possessives():
    assert role_key("U.S. Treasury Secretary") == role_key("US treasury secretary")
    assert role_key("Vice-President") == role_key("vice president")
    assert role_key("Armenia’s Prime Minister") == role_key("Prime Minister of Armenia")
    assert role_key("Secretary of State") != role_key("State Secretary")
    assert role_key("Vice President") != role_key("President")


def _ev(article: str, text: str) -> Evidence:
    return Evidence(article, text, 0, len(text))


def test_role_facts_count_dates_and_best_evidence():
    evidence = {
        1: _ev("a1", "Secretary of State George Shultz"),  # cut by a line break
        2: _ev("a2", "Secretary of State George Shultz left for Moscow."),
        3: _ev("a3", "U.S. secretary of state George Shultz spoke."),
        4: _ev("a4", "Secretary George Shultz agreed."),
    }
    rows = [
        ("Secretary of State", "title", 1, "1987-03-01"),
        ("Secretary of State", "title", 2, "1987-03-05"),
        ("secretary of state", "title", 3, "1987-06-18"),
        ("Secretary", "title", 4, None),
    ]
    facts = _role_facts(rows, evidence)
    assert [(f.title, f.count, f.first, f.last) for f in facts] == [
        ("Secretary of State", 3, "1987-03-01", "1987-06-18"),
        ("Secretary", 1, None, None),
    ]
    assert facts[0].evidence.article == "a2"  # a whole sentence, written as shown


def test_who_list_rows_have_distinct_roles():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE roles (entity INTEGER, title TEXT, rule TEXT, sentence INTEGER)")
    db.executemany("INSERT INTO roles VALUES (1, ?, 'title', 1)", [
        ("Secretary of State",), ("secretary of state",), ("U.S. Secretary of State",), ("Secretary of State",),
    ])
    from factlookup.models import EntitySummary

    row = EntitySummary(1, "George Shultz", "person", 4, 2)
    _attach_roles(db, [row])
    assert row.roles == ["Secretary of State", "U.S. Secretary of State"]
