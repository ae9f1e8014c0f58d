"""Temporal tagger: every rule's examples, anchoring, span conventions and the TimeML scorer."""

from __future__ import annotations

import pytest

from factlookup.extract.timex import tag
from factlookup.extract.timex.evaluate import main as evaluate_main
from factlookup.extract.timex.evaluate import parse_tml, score, split_files
from factlookup.extract.timex.rules import NEEDS, RULES, Ctx, number, shift
from factlookup.models import Timex

EXAMPLES = [
    pytest.param(rule, ex, id=f"{rule.name}-{i}")
    for rule in RULES
    for i, ex in enumerate(rule.examples)
]


def test_every_rule_has_an_example():
    assert all(rule.examples for rule in RULES)
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule,ex", EXAMPLES)
def test_rule_example(rule, ex):
    found = tag(ex.sentence, ex.dct)
    hits = [t for t in found if t.text == ex.text]
    assert hits, f"{ex.text!r} not found in {[(t.text, t.rule) for t in found]}"
    t = hits[0]
    assert t.rule == rule.name
    assert t.value == ex.value
    assert ex.sentence[t.start : t.end] == t.text
    if ex.mod is not None:
        assert t.mod == ex.mod


SEED = (
    "Protests in Kazakhstan broke out on January 2 in Zhanaozen. On January 6, the committee "
    "launched an investigation.\n\nOn the night of January 6, the Prime Minister announced that "
    "forces would be sent for 'a limited period of time'.\n\nA day later, Tokayev gave an order.\n\n"
    "On January 14, servicemen returned home."
)


def _values(found: list[Timex]) -> dict[str, Timex]:
    return {t.text: t for t in found}


def test_seed_article_with_reference_date():
    found = _values(tag(SEED, "2022-01-19"))
    assert found["January 2"].value == "2022-01-02"
    assert found["January 6"].value == "2022-01-06"
    assert found["January 6"].anchor == "dct:2022-01-19"
    assert found["the night of January 6"].value == "2022-01-06TNI"
    assert found["A day later"].value == "2022-01-07"
    assert found["A day later"].anchor == "previous:2022-01-06"
    assert found["January 14"].value == "2022-01-14"
    assert found["a limited period of time"].type == "DURATION"


def test_seed_article_without_reference_date():
    found = _values(tag(SEED, None))
    assert found["January 2"].value == "XXXX-01-02"
    assert found["January 6"].value == "XXXX-01-06"
    assert found["January 6"].anchor is None
    assert found["A day later"].value == "XXXX-01-07"


def test_results_are_sorted_non_overlapping_and_offsets_match():
    text = "On Thursday, Jan. 6, 2022, at 3 p.m., talks that lasted two weeks ended; next week more."
    found = tag(text, "2022-01-19")
    assert [t.start for t in found] == sorted(t.start for t in found)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for t in found:
        assert text[t.start : t.end] == t.text
    assert found[0].text == "Thursday, Jan. 6, 2022"  # the longest match wins



@pytest.mark.parametrize("rule,ex", EXAMPLES)
def test_rule_keywords_occur_in_its_examples(rule, ex):
    from factlookup.extract.timex.tagger import _folded

    # the keywords are in the match, or just before it for a look-behind ("for years")
    low = _folded(ex.sentence)
    for group in NEEDS.get(rule.name, ()):
        assert any(word in low for word in group), (rule.name, ex.text, group)


@pytest.mark.parametrize(
    "text,cuts",
    [
        ("He left. She stayed.", [(0, 8), (8, 20)]),
        ("It ended on Jan. 6 and Sept. 3.", [(0, 31)]),
        ("At 3 p.m. Thursday it ended.", [(0, 28)]),
        ("The \u017fept. 3 deal. Done.", [(0, 17), (17, 23)]),  # a long s reads as "s" ignoring case
        ("It fell 1.5 pct. Two days later.", [(0, 16), (16, 32)]),
        ("In the U.S. Monday.", [(0, 19)]),
    ],
)
def test_text_is_cut_only_where_no_pattern_reads_on(text, cuts):
    from factlookup.extract.timex.tagger import _pieces

    assert _pieces(text) == cuts


TRICKY = [
    SEED,
    "On Thursday, Jan. 6, 2022, at 3 p.m., talks that lasted two weeks ended; next week more.",
    "Shooting began at 10:30 a.m. Thursday. Troops left at 5 p.m. Friday. Sept. 3 was the day.",
    "He said. Jan. 6 came. The \u017fept. 3 deal. \u0130N the 1990s. GRAMMAR. 2021-05-06 is due.",
    "A year earlier. It fell 1.5 pct. Two days later the order came. For years. Half-year. Mar.\n\n4",
    "The plan runs for two and a half years. The night of January 6. Noon Friday. Every Monday.",
]


@pytest.mark.parametrize("text", TRICKY)
def test_keyword_and_piece_shortcuts_change_nothing(text, monkeypatch):
    import factlookup.extract.timex.tagger as tagger

    fast = tag(text, "2022-01-19")
    monkeypatch.setattr(tagger, "_pieces", lambda t: [(0, len(t))])
    monkeypatch.setattr(tagger, "_needs", [()] * len(tagger.compiled()))
    assert tag(text, "2022-01-19") == fast


@pytest.mark.parametrize(
    "sentence,text,value",
    [
        ("The meeting was held on June 3.", "June 3", "2021-06-03"),  # past, after the DCT
        ("The meeting will be held on Dec. 3.", "Dec. 3", "2022-12-03"),  # future, before it
        ("The meeting is on Jan. 21.", "Jan. 21", "2022-01-21"),  # no tense: the nearest
        ("The payment was made Jan. 25.", "Jan. 25", "2022-01-25"),  # within the slack
        ("He resigned on Monday.", "Monday", "2022-01-17"),
        ("He will resign on Monday.", "Monday", "2022-01-24"),
        ("He resigned last Wednesday.", "last Wednesday", "2022-01-12"),
        ("Shares fell this week.", "this week", "2022-W03"),
        ("Prices rose last year.", "last year", "2021"),
        ("Prices rose 10 years ago.", "10 years ago", "2012"),
        # the governing verb decides, not the nearest word that looks like a past tense
        ("The team planned to leave on Thursday.", "Thursday", "2022-01-20"),
        ("Troops will leave the United States on Thursday.", "Thursday", "2022-01-20"),
        ("``He will leave Thursday,'' the minister said.", "Thursday", "2022-01-20"),
        ("The minister said Thursday that he will leave.", "Thursday", "2022-01-13"),
        ("The proposed deal will close on Monday.", "Monday", "2022-01-24"),
        ("The bank bought the unit in September.", "September", "2021-09"),
        ("The board also created a new office, effective Feb. 1.", "Feb. 1", "2022-02-01"),
        ("The agency extended its deadline until Friday.", "Friday", "2022-01-21"),
        ("The group has agreed to cut its debt by November.", "November", "2022-11"),
        ("Until Monday, the police had no suspect.", "Monday", "2022-01-17"),
        ("Thirty states had filed reports by Friday.", "Friday", "2022-01-14"),
        ("Prices will stay where they have been since May.", "May", "2021-05"),
        # a later verb with its own subject governs another clause
        ("The company said on Thursday it would cut jobs.", "Thursday", "2022-01-13"),
        ("Protesters planned a rally and were planning to march on Saturday.", "Saturday", "2022-01-22"),
        ("A bomb exploded next to the embassy on Friday.", "Friday", "2022-01-14"),
        ("The president meets Monday with leaders of Congress.", "Monday", "2022-01-24"),
        ("The two leaders meet separately Monday with the envoy.", "Monday", "2022-01-24"),
        ("The offer had been scheduled to expire on Friday.", "Friday", "2022-01-14"),
        ("``He will leave at dawn (4 a.m. Thursday),'' the minister said.", "4 a.m. Thursday", "2022-01-20T04:00"),
        # a weekday in the possessive names an event already reported, whatever the clause says
        ("Lawyers will look for ways to get around Monday's ruling.", "Monday", "2022-01-17"),
        ("Lawyers would appeal Wednesday's ruling.", "Wednesday", "2022-01-19"),
        ("Parties will campaign ahead of Sunday's vote.", "Sunday", "2022-01-23"),
        # "to" before a noun is no infinitive: the past verb still dates the expression
        ("He was shot to death on the night of Oct. 23.", "the night of Oct. 23", "2021-10-23TNI"),
        ("The general came to power in October.", "October", "2021-10"),
    ],
)
def test_anchoring_on_the_reference_date(sentence, text, value):
    found = _values(tag(sentence, "2022-01-19"))
    assert found[text].value == value
    assert found[text].anchor == "dct:2022-01-19"


@pytest.mark.parametrize(
    "sentence,text,value",
    [
        ("The blast came at about 10:35 a.m. (0735 GMT) Friday.", "about 10:35 a.m.", "2022-01-14T10:35"),
        ("On Monday, at noon, the talks resumed.", "noon", "2022-01-17T12:00"),
        ("The talks resumed at noon.", "noon", "2022-01-19T12:00"),
    ],
)
def test_a_time_of_day_takes_the_day_its_sentence_names(sentence, text, value):
    assert _values(tag(sentence, "2022-01-19"))[text].value == value


@pytest.mark.parametrize(
    "sentence,text,value",
    [
        # a past verb does not date what its infinitive will do: the nearest February
        ("Thermo agreed to purchase the line for $22 million in February.", "February", "2022-02"),
        # the present perfect speaks of the past
        ("The stock has fluctuated, rising to a high in June from a low in March.", "March", "2021-03"),
        ("The split would be paid on a still unspecified date in January.", "January", "2022-01"),
        ("Problems made it difficult to meet demand well into the summer.", "the summer", "2021-SU"),
    ],
)
def test_anchoring_late_in_the_year(sentence, text, value):
    assert _values(tag(sentence, "2021-10-30"))[text].value == value


@pytest.mark.parametrize(
    "sentence,value",
    [
        # two months on, a month in the past tense cannot be this year's; one month on it can
        ("The operator changed to a calendar year in December.", "2020-12"),
        ("The operator changed to a calendar year in November.", "2021-11"),
        ("The plant will reopen in August.", "2022-08"),
        ("The plant will reopen in September.", "2021-09"),
    ],
)
def test_a_month_named_alone_follows_the_tense_two_months_away(sentence, value):
    found = [t for t in tag(sentence, "2021-10-27") if t.rule == "date_month"]
    assert [t.value for t in found] == [value]


def test_this_quarters_results_are_those_of_the_quarter_reported():
    text = (
        "The company reported a net loss for the third quarter ended Sept. 30. "
        "This quarter's loss includes charges. Sales will rise this quarter."
    )
    found = [(t.text, t.value) for t in tag(text, "1989-11-01") if "quarter" in t.text.lower()]
    assert found == [("the third quarter", "1989-Q3"), ("This quarter", "1989-Q3"), ("this quarter", "1989-Q4")]
    # with no quarter reported, "this quarter's" is the article's quarter
    assert _values(tag("This quarter's sales will rise.", "1989-11-01"))["This quarter"].value == "1989-Q4"


@pytest.mark.parametrize(
    "sentence,text,value,kind",
    [
        # a stretch that reaches the present is a duration; times gone or to come are a vague ref
        ("Sales fell in recent weeks.", "recent weeks", "PXW", "DURATION"),
        ("Rates should fall in coming months.", "coming months", "PXM", "DURATION"),
        ("There were sell programs in past years, too.", "past years", "PAST_REF", "DATE"),
        ("It will cut tax payments in future quarters.", "future quarters", "FUTURE_REF", "DATE"),
        # "one day" after a subject or a modal is "some day"
        ("Islam will one day be the second largest religion.", "one day", "FUTURE_REF", "DATE"),
        ("He hopes he one day follows his father.", "one day", "FUTURE_REF", "DATE"),
        ("The strike lasted one day.", "one day", "P1D", "DURATION"),
        ("He was jailed for one day in May.", "one day", "P1D", "DURATION"),
        # a plural bounded by an event: the plural alone
        ("His car was seen in the days before the slaying.", "days", "PXD", "DURATION"),
        ("In the years that followed, the rebels fought on.", "years", "PXY", "DURATION"),
    ],
)
def test_vague_stretches_and_references(sentence, text, value, kind):
    t = _values(tag(sentence, "2022-01-19"))[text]
    assert (t.value, t.type) == (value, kind)


@pytest.mark.parametrize(
    "sentence,found",
    [
        ("Talks will resume soon.", ["soon"]),
        ("Prosecutors may soon seek an indictment.", ["soon"]),
        ("It expects sales to soon grow to 25%.", ["soon"]),
        # "soon" after an event of the narrative points at no time ahead of the article
        ("He was soon released.", []),
        ("A trickle of cash soon became a flood.", []),
        ("The talks soon collapsed.", []),
    ],
)
def test_soon_is_a_future_reference_only_when_it_looks_ahead(sentence, found):
    assert [t.text for t in tag(sentence, "2022-01-19")] == found


def test_the_week_of_a_market_report():
    text = "The index fell 1.2% on Friday. For the week, it dropped 3.8%, in the week's busiest trading."
    found = [(t.text, t.value) for t in tag(text, "1989-10-30")]
    assert found == [("Friday", "1989-10-27"), ("the week", "1989-W43"), ("the week", "1989-W43")]
    # "the week of", "the week before" belong to other rules
    found = tag("Talks ran for the week before the vote and for the week of Nov. 6.", "1989-10-30")
    assert [t.rule for t in found] == ["narrative_named", "date_week_of"]
    assert [t.text for t in tag("Rates for the week starting from March 2 rose.", "1987-02-26")] == ["March 2"]


@pytest.mark.parametrize(
    "sentence,text,value",
    [
        ("Women's Day is this coming Sunday, March eighth.", "this coming Sunday, March eighth", "1998-03-08"),
        ("The vote was held on February twenty-second.", "February twenty-second", "1998-02-22"),
        ("It was signed on June first, 1990.", "June first, 1990", "1990-06-01"),
        ("The report came in March second-quarter figures.", "March", "1998-03"),
        # an ordinal that leads on into the sentence is no day
        ("Sales in March first rose, then fell.", "March", "1998-03"),
        ("And in December the first of the groups was sold.", "December", "1997-12"),
    ],
)
def test_days_of_the_month_in_words(sentence, text, value):
    assert _values(tag(sentence, "1998-03-05"))[text].value == value


@pytest.mark.parametrize(
    "sentence,found",
    [
        ("They set up a joint venture called Orion 1980, making tools.", []),
        ("The fair, named Expo 2000, opened.", []),
        ("It rose. Since 1949, it has grown.", ["1949"]),
        ("Sales for Fiscal 1990 rose.", ["Fiscal 1990"]),
        ("The firm, Acme, in 1990 rose.", ["1990"]),
        # a wire story's code and filing time, not a year
        ("(NRKI 1821)\n    WASHINGTON - The dollar rose.", []),
        ("Sales rose (in 1986) and fell (FY 1987).", ["1986", "FY 1987"]),
        ("Tariffs were cut in the Tokyo Round (GATT 1979) and again later.", ["1979"]),
        ("(NRKI 1981)\n    WASHINGTON - The dollar rose.", ["1981"]),
        ("The rules date from the first round (GATT 1947) and stand.", ["1947"]),
    ],
)
def test_a_year_that_ends_a_name_is_no_date(sentence, found):
    assert [t.text for t in tag(sentence, "1998-01-01")] == found


def test_a_month_of_last_year_may_be_followed_by_any_word():
    found = _values(tag("In July last year in Phnom Penh, troops clashed.", "1998-02-19"))
    assert found["July last year"].value == "1997-07"
    assert "July last year" not in _values(tag("It ended in July last year-end accounts.", "1998-02-19"))


def test_narrative_anchor_follows_the_last_date():
    text = "The strike began on March 3, 2019. Two days later, talks failed. The following day, it ended."
    found = _values(tag(text, "2022-01-19"))
    assert found["Two days later"].value == "2019-03-05"
    assert found["Two days later"].anchor == "previous:2019-03-03"
    assert found["The following day"].value == "2019-03-06"


def test_year_ago_periods_follow_the_last_quarter_named():
    text = (
        "Net income rose in the third quarter ended Sept. 30. It compares with a loss in the "
        "corresponding period last year and with the year-earlier period."
    )
    found = _values(tag(text, "2022-01-19"))
    assert found["the third quarter"].value == "2021-Q3"
    assert found["the corresponding period last year"].value == "2020-Q3"
    assert found["the year-earlier period"].value == "2020-Q3"


def test_a_forecast_quarter_is_not_the_one_a_year_ago_compares_with():
    text = (
        "Net income rose in the third quarter. The company expects a gain in the fourth quarter "
        "and in the first quarter of 2022. In the year-ago period, it lost money."
    )
    found = _values(tag(text, "2021-10-26"))
    assert found["the first quarter of 2022"].value == "2022-Q1"
    assert found["the year-ago period"].value == "2020-Q3"


def test_an_earlier_quarter_named_in_passing_is_not_the_one_reported():
    text = (
        "Net income rose 20% in the third quarter. After a flat second quarter, the company "
        "attributed the gain to higher prices. Charges were taken in the year-earlier period."
    )
    assert _values(tag(text, "2021-11-01"))["the year-earlier period"].value == "2020-Q3"
    text = "Net rose in the third quarter. After a flat second quarter, costs were lower than a year ago."
    assert _values(tag(text, "2021-11-01"))["a year ago"].value == "2020-Q3"


def test_narrative_falls_back_to_the_reference_date():
    found = _values(tag("A day later, the order came.", "2022-01-19"))
    assert found["A day later"].value == "2022-01-20"
    assert found["A day later"].anchor == "dct:2022-01-19"


def test_partial_reference_date():
    found = _values(tag("The vote was on March 3 and results came last year.", "2022"))
    assert found["March 3"].value == "2022-03-03"
    assert found["last year"].value == "2021"


def test_without_reference_date_no_year_is_invented():
    found = tag("Yesterday, last year and on Friday and in the future.", None)
    values = {t.text: t.value for t in found}
    assert values["Yesterday"] == "XXXX-XX-XX"
    assert values["last year"] == "XXXX"
    assert values["Friday"] == "XXXX-WXX-5"
    assert values["the future"] == "FUTURE_REF"


@pytest.mark.parametrize(
    "text",
    [
        "Baker said on ABC's This Week that the talks failed.",
        "Gonzalez said on CBS's 60 Minutes that he would stay.",
        "This is VOA Today.",
    ],
)
def test_time_words_in_names_are_not_tagged(text):
    assert tag(text, "2022-01-19") == []


def test_time_words_opening_a_sentence_are_tagged():
    found = tag("He left. Today he returned. ``Now we wait,'' she said.", "2022-01-19")
    assert [t.text for t in found] == ["Today", "Now"]


@pytest.mark.parametrize(
    "text", ["A 30-year-old man was held.", "Mr. Reupke, 52 years old, will retire.", "Her 6-month-old son slept."]
)
def test_ages_are_not_durations(text):
    # TimeBank leaves a person's age untagged, and "30-year" alone is not the expression
    assert tag(text, "2022-01-19") == []


@pytest.mark.parametrize(
    "text", ["The chip runs 15 million instructions per second.", "The car hit 80 miles per hour."]
)
def test_speeds_are_not_sets(text):
    assert tag(text, "2022-01-19") == []


def test_high_noon_is_an_idiom():
    text = "For the people of Poland, high noon comes today."
    assert [t.text for t in tag(text, "2022-01-19")] == ["today"]


def test_lowercase_modal_may_is_not_a_month():
    assert tag("Prices may 5 times rise and we may march.", "2022-01-19") == []


@pytest.mark.parametrize(
    "word,n", [("two", 2), ("twenty-five", 25), ("twenty five", 25), ("10", 10), ("a", 1), ("several", None)]
)
def test_number_words(word, n):
    assert number(word) == n


@pytest.mark.parametrize(
    "value,unit,n,out",
    [
        ("2022-01-06", "day", 1, "2022-01-07"),
        ("2021-12-31", "day", 1, "2022-01-01"),
        ("XXXX-01-06", "day", 1, "XXXX-01-07"),
        ("2022-01", "month", -1, "2021-12"),
        ("1989-Q3", "year", -1, "1988-Q3"),
        ("2020-02-29", "year", 1, "2021-02-28"),
        ("2022-W02", "week", 1, "2022-W03"),
    ],
)
def test_shift(value, unit, n, out):
    assert shift(value, unit, n) == out


def test_ctx_reads_reference_dates_with_time():
    ctx = Ctx("1998-02-06T22:19:00")
    assert (ctx.year, ctx.month, ctx.dct.day) == (1998, 2, 6)


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Stocks <EVENT eid="e1" class="OCCURRENCE">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> after a &quot;bad&quot; <TIMEX3 tid="t2" type="DURATION" value="P1W">week</TIMEX3>. In <TIMEX3 tid="t3" type="DURATION" value="P5Y">the last five years</TIMEX3>, prices rose <TIMEX3 tid="t4" type="DATE" value="1997-12">in December</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_parse_tml_keeps_offsets_and_dct():
    doc = parse_tml(TML)
    assert doc.dct == "1998-01-08"
    assert [g.text for g in doc.gold] == ["yesterday", "week", "the last five years", "in December"]
    for g in doc.gold:
        assert doc.text[g.start : g.end] == g.text
    assert '"bad"' in doc.text


def test_score_counts_strict_relaxed_and_values():
    doc = parse_tml(TML)
    result = score([doc])
    # found: yesterday (exact), the last five years (exact), December (overlap only);
    # "week" alone is not tagged.
    assert result["gold"] == 4
    assert result["system"] == 3
    p, r, f = result["strict"]
    assert (round(p, 4), round(r, 4)) == (round(2 / 3, 4), 0.5)
    p, r, f = result["relaxed"]
    assert (p, r) == (1.0, 0.75)
    p, r, f = result["value"]
    assert (p, r) == (1.0, 0.75)
    assert result["type_accuracy"] == 1.0


def test_value_f1_is_the_value_accuracy_times_the_relaxed_f1():
    # TempEval-3 judges each gold expression a system expression overlaps, and scales the
    # relaxed F1 by the share of them with the right value: one system expression that
    # covers two gold ones with its value is right for both.
    tml = TML.replace(
        TML[TML.index("<TEXT>") : TML.index("</TEXT>")],
        '<TEXT>\nTalks ended <TIMEX3 tid="t1" type="DATE" value="1997-12-15">Dec.</TIMEX3> '
        '<TIMEX3 tid="t2" type="DATE" value="1997-12-15">15</TIMEX3> and resume '
        '<TIMEX3 tid="t3" type="DATE" value="1998-01-09">tomorrow</TIMEX3>, after the break in '
        '<TIMEX3 tid="t4" type="DATE" value="1997-12">December</TIMEX3>.\n',
    )
    result = score([parse_tml(tml)])
    assert (result["gold"], result["system"]) == (4, 3)
    assert result["relaxed"][:2] == (1.0, 1.0)
    assert result["value_accuracy"] == 0.75  # the break was in December 1997
    assert result["value"] == (0.75, 0.75, 0.75)


def test_evaluate_main_prints_value_f1_last(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "doc.tml").write_text(TML)
    assert evaluate_main([str(tmp_path), "--split", "all"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("documents 1")
    assert out[-1] == "value F1 0.8571"


def test_split_is_deterministic(tmp_path):
    files = [tmp_path / f"d{i:02d}.tml" for i in range(10)]
    dev = split_files(files, "dev")
    train = split_files(files, "train")
    assert [f.name for f in dev] == ["d04.tml", "d09.tml"]
    assert not set(dev) & set(train) and len(dev) + len(train) == 10
