"""Headcount and seat counts as visitors type them (agent/understanding/numbers.py).

The cases are grouped by what they pin down: the number grammar, headcount forms, things that must not
be read as a headcount, bare answers when the agent just asked for the size, and seat counts.
"""

from __future__ import annotations

import pytest

from agent.understanding.numbers import Quantity, find_company_size, find_seat_count, parse_number

# --- parse_number: the number grammar on its own. ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("40", 40),
        ("1.2k", 1200),
        ("1.2K", 1200),
        ("2k", 2000),
        ("1,5k", 1500),
        ("3,000", 3000),
        ("3.000", 3000),
        ("4 500", 4500),
        ("10,000", 10000),
        ("two hundred", 200),
        ("a hundred", 100),
        ("a few hundred", 300),
        ("couple hundred", 200),
        ("a couple of hundred", 200),
        ("several hundred", 500),
        ("hundred-and-fifty", 150),
        ("a hundred and fifty", 150),
        ("one hundred twenty", 120),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("fourty", 40),
        ("two thousand", 2000),
        ("1.5 thousand", 1500),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("Three Hundred", 300),
        ("25ish", 25),
        ("800-ish", 800),
        ("~250", 250),
        ("≈ 120", 120),
        ("about 60", 60),
        ("50+", 50),
        ("50-100", 75),
        ("50–100", 75),
        ("40 to 50", 45),
        ("between 30 and 50", 40),
        ("between thirty and fifty", 40),
        ("entre 30 et 50", 40),
        ("1-2k", 1500),
        ("12.", 12),
    ],
)
def test_parse_number_reads_number_expressions(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "hello", "people", "five twenty", "twenty eleven", "1.2.3", "50-40", "q4", "$399", "3/31", "a"],
)
def test_parse_number_rejects_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


# --- Company headcount. ------------------------------------------------------------------------------

HEADCOUNTS = [
    # Forms seen in real traffic.
    ("we're a 40 person fintech", 40),
    ("75 person fintech, lending platform", 75),
    ("lol 399 a month. we're a 6 person agency", 6),
    ("head of marketing at a b2b saas, ~250 ppl. board keeps asking", 250),
    ("a ~200 ppl company", 200),
    ("55 ppl, fintech (expense cards for smbs)", 55),
    ("cofounder at a devtools startup, 25ish people. we burn ~30k/mo on ads", 25),
    ("mktg ops lead, b2b saas out of bangalore, roughly 180 people", 180),
    ("fintech, about 60 of us. we do lending for contractors", 60),
    ("founder, b2b saas for property managers, we're 10 ppl. spending maybe 5k/mo on ads", 10),
    ("we have 150 staff", 150),
    ("a private k-12 school (about 150 staff)", 150),
    ("i run marketing for a real estate brokerage, ~45 agents and staff", 45),
    ("head of revops at an industrial automation manufacturer, 3,000 employees, HQ munich", 3000),
    ("VP marketing, healthcare co, 1.2k employees", 1200),
    ("director of mktg ops at a ~2k employee software co", 2000),
    ("global software company, ~8k employees", 8000),
    ("CMO at a payments co, ~1k employees", 1000),
    ("a software company, about 1800 employees in global", 1800),
    ("800ish employees, we build packaging machinery", 800),
    ("revops mgr at a ~400 person saas, HQ in singapore", 400),
    ("~300 person saas. is it read-only on the salesforce side?", 300),
    ("cmo at a hundred-and-fifty-ish person saas (hr tech)", 150),
    ("sales director at an HVAC parts manufacturer, about two hundred people", 200),
    ("we're a few hundred people", 300),
    ("couple hundred employees, mostly in ops", 200),
    ("we're a dozen people", 12),
    ("headcount is 90", 90),
    ("we're a team of 12", 12),
    ("small team of 8, all remote", 8),
    ("yeah what would growth cost us, we're ~60 people", 60),
    ("~60 people", 60),
    # Ranges take the midpoint.
    ("we're 50-100 people", 75),
    ("we're 40-50 people, saas, i'm in revops", 45),
    ("a fintech (pension platform), somewhere between 250 and 350 people", 300),
    ("between 30 and 50 employees", 40),
    ("200 to 300 employees", 250),
    ("50–100 employees", 75),
    ("40 or 50 people", 45),
    ("1-2k employees", 1500),
    # Other languages.
    ("cabinet de conseil, entre 30 et 50 personnes, je suis responsable marketing", 40),
    ("nous sommes 50 salariés", 50),
    ("une agence de 20 employés", 20),
    ("somos una consultora de 90 empleados", 90),
    ("somos 30 personas", 30),
    ("wir sind 300 Mitarbeiter", 300),
    ("temos 70 funcionários", 70),
    ("somos 70 pessoas", 70),
    ("3 000 employés", 3000),
    ("2.500 Mitarbeiter", 2500),
    # The smallest companies.
    ("honestly tho it's just me and my cofounder rn, building a saas", 2),
    ("just the two of us for now", 2),
    ("solo founder here", 1),
    ("just me", 1),
    ("i'm a solopreneur", 1),
    ("a one-person company", 1),
    ("just me and 3 contractors", 4),
    # Our own variants: typos, spacing, unicode, capitals, other phrasings.
    ("we have 40 employes", 40),
    ("about 200 employess", 200),
    ("45 poeple in total", 45),
    ("12 peeps, fully remote", 12),
    ("we're 40people", 40),
    ("a 40-person fintech", 40),
    ("a 12-person team", 12),
    ("∼250 ppl", 250),
    ("≈ 120 employees", 120),
    ("～90 staff", 90),
    ("WE ARE 300 EMPLOYEES", 300),
    ("We're A 40 Person Fintech", 40),
    ("we’re ~30 people", 30),
    ("approx. 75 employees", 75),
    ("1100+ employees", 1100),
    ("40 odd people", 40),
    ("150 full-time employees", 150),
    ("60 team members", 60),
    ("three hundred employees", 300),
    ("twenty-five people", 25),
    ("employees: 1,200", 1200),
    ("our headcount is ~1,100", 1100),
    ("company size: 50-100", 75),
    ("a company of 50", 50),
    ("we're 200 strong", 200),
    ("we employ about 350 people", 350),
    ("there are 30 of us", 30),
    ("we're about 30", 30),
    ("nous sommes 45", 45),
    ("we grew from 50 to 200 people last year", 200),
    ("i manage 4 people at a 300 person company", 300),
    ("a 5 person marketing team in a 60 person startup", 60),
    ("we're a few people", 3),
    ("ceo here, team of 20", 20),
    ("hey! we're a 120-person b2b saas, i head up demand gen", 120),
    ("<50 employees", 50),
    ("we have about 40 staff across 3 offices", 40),
    ("15-20 people", 18),
    ("51-200 employees", 126),
    ("around 90 FTEs", 90),
    ("we are 12 and growing", 12),
    ("hi i'm tom, cmo at acme (350 employees)", 350),
    ("about a thousand employees", 1000),
    ("ca. 120 Mitarbeiter", 120),
    ("unos 40 empleados", 40),
    ("environ 200 salariés", 200),
    ("we r 20 ppl", 20),
    ("there are 200 employees in my company", 200),
    ("we have about 20 people on the team", 20),
    ("I work at a 300-employee bank", 300),
    ("we've got 5 offices and 2,500 people", 2500),
    ("we have 12 FTEs and a few contractors", 12),
]


@pytest.mark.parametrize(("message", "value"), HEADCOUNTS)
def test_headcount_is_found(message: str, value: int) -> None:
    found = find_company_size(message)
    assert found is not None
    assert found.value == value


@pytest.mark.parametrize(("message", "value"), HEADCOUNTS)
def test_headcount_evidence_quotes_the_number_in_the_original_message(message: str, value: int) -> None:
    found = find_company_size(message)
    assert found is not None
    quote = message[found.start : found.end]
    assert 0 <= found.start < found.end <= len(message)
    assert quote == quote.strip()


@pytest.mark.parametrize(
    ("message", "quote"),
    [
        ("we're a 40 person fintech", "40 person"),
        ("hi, head of marketing at a b2b saas, ~250 ppl. board", "~250 ppl"),
        ("fintech, about 60 of us.", "about 60 of us"),
        ("a fintech, somewhere between 250 and 350 people", "somewhere between 250 and 350 people"),
        ("cmo at a hundred-and-fifty-ish person saas", "a hundred-and-fifty-ish person"),
        ("we’re ~30 people", "~30 people"),
        ("headcount is 90", "headcount is 90"),
        ("we're a team of 12", "team of 12"),
        ("honestly it's just me and my cofounder rn", "it's just me and my cofounder"),
    ],
)
def test_headcount_span_covers_the_words_that_say_it(message: str, quote: str) -> None:
    found = find_company_size(message)
    assert found is not None
    assert message[found.start : found.end] == quote


@pytest.mark.parametrize(
    ("message", "approximate"),
    [
        ("~250 ppl", True),
        ("25ish people", True),
        ("roughly 180 people", True),
        ("about 60 of us", True),
        ("40-50 people", True),
        ("a few hundred people", True),
        ("50+ employees", True),
        ("3,000 employees", False),
        ("we're a 40 person fintech", False),
        ("1.2k employees", False),
        ("just me and my cofounder", False),
    ],
)
def test_approximate_marks_loose_numbers(message: str, approximate: bool) -> None:
    found = find_company_size(message)
    assert found is not None
    assert found.approximate is approximate


@pytest.mark.parametrize(
    ("message", "value"),
    [
        # An explicit company unit wins over a weaker phrase, wherever it is.
        ("i'm head of marketing, team of 3 lol. whole company is ~40 people", 40),
        ("just the two of us in marketing, we're a 300 person company", 300),
        ("there are 6 of us on growth, 120 employees overall", 120),
        # Among equals the first wins.
        ("we're 80 people, 200 by next year hopefully", 80),
        # Other numbers in the message are passed over.
        ("spending maybe 5k/mo on ads, we lock 2027 budgets in oct, 22% of spend wasted, 35 people", 35),
        ("call me on 0207 946 0958, we're ~40 people", 40),
        ("founded in 2015, 120 employees", 120),
        ("we're 2 in marketing and 30 people overall", 30),
    ],
)
def test_the_right_headcount_is_chosen_among_several_numbers(message: str, value: int) -> None:
    found = find_company_size(message)
    assert found is not None
    assert found.value == value


NOT_HEADCOUNTS = [
    # Money and prices.
    "$399",
    "lol 399 a month",
    "we burn ~30k/mo on ads",
    "~80k/mo across google, meta and linkedin",
    "we budgeted like 100/mo for this",
    "we raised $4.1M last year",
    "anything over 200/mo needs my director's sign off",
    "2x $399 on the company card",
    "€500 per month is our cap",
    # Percentages, durations, dates and times.
    "22% of paid spend made no pipeline",
    "i spend 2 days every month stitching spreadsheets",
    "moved the ad account 2 weeks ago",
    "our vendor renews 3/31",
    "before q4 closes",
    "we lock 2027 budgets mid october",
    "thu 10am works",
    "thu 14:30 pls",
    "mon 7:30 pm ist ok",
    # Counts of other things.
    "we have 9 country sales orgs",
    "also 2 separate salesforce orgs",
    "we have 10+ partnership channels",
    "3rd time this morning",
    "we book 30+ qualified meetings/month",
    "GET 10,000 VERIFIED B2B LEADS FOR $99",
    "does the 14 day trial include the hubspot sync",
    "i've asked 2 questions in this widget already",
    "we sell to 200 employers",
    # Seats, not the company.
    "roughly what would growth look like for us at ~15 users",
    "so growth for like 6 of us = the 399/mo one?",
    "we'd have ~40 ppl across sales + marketing wanting in",
    "growth says 25 seats, we'd have like 30 ppl wanting access",
    "what would it cost for 20 people?",
    # A department, not the company.
    "b2b saas, scheduling software. i'm head of marketing, team of 3 lol",
    "my team is 5 people",
    "our marketing team of 4 would run it",
    "i manage 6 people",
    "i lead a 5 person team",
    "we have 5 people in sales",
    "team of 12 engineers",
    # Other people: customers, audiences, hires.
    "we sell to companies with 500+ employees",
    "we're hiring 20 people this year",
    "300 people attended our webinar",
    "can one person set it up?",
    "a couple people asked me about this",
    "i talked to 2 people from your team",
    "one of us is technical",
    "is it just me or is the pricing page broken",
    "it's just me looking around for now",
    # Identifiers.
    "call me at +1 415 555 0199",
    "whatsapp +90 555 010 0000",
    "our VAT number is GB123456789",
    "we're on version 2.3.1",
    "since 2015",
    "we're 3 years old",
    "we're 100% remote",
    # More of our own.
    "our customers have 50-500 employees",
    "our icp is 50-500 employees",
    "150 people signed up for the webinar",
    "we have 10k people on our newsletter",
    "there were 50 people at our booth",
    "we're about to hire our 10th employee",
    "can 3 people attend the demo?",
    "40 people on the marketing team",
    "we have 3 marketers",
    "hi im sarah, 29, marketing lead",
    "24/7 support?",
    "what would it cost for a team of 10 people",
]


@pytest.mark.parametrize("message", NOT_HEADCOUNTS)
def test_not_a_headcount(message: str) -> None:
    assert find_company_size(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "$399",
        "399 a month",
        "~80k/mo",
        "100/mo",
        "$4.1M",
        "over 200/mo",
        "22%",
        "2 days",
        "2 weeks",
        "3/31",
        "q4",
        "2027 budgets",
        "thu 10am",
        "14:30",
        "15 users",
        "25 seats",
        "9 country sales orgs",
        "3rd time",
        "GB123456789",
        "+1 415 555 0199",
        "v2.3",
        "since 2015",
        "wed 2:30 works",
        "mon 11 mountain",
    ],
)
def test_bare_answer_mode_still_rejects_numbers_of_other_things(message: str) -> None:
    assert find_company_size(message, expecting_size=True) is None


# --- Bare answers, when the agent has just asked for the size. ----------------------------------------


@pytest.mark.parametrize(
    ("message", "value"),
    [
        ("about 50", 50),
        ("~200", 200),
        ("50-100", 75),
        ("2k", 2000),
        ("a few hundred", 300),
        ("between 30 and 50", 40),
        ("50", 50),
        ("around 2000", 2000),
        ("like 35?", 35),
        ("≈1.5k, mostly in the US", 1500),
        ("about 50, we're in fintech", 50),
        ("maybe 120 in total", 120),
        ("50 or so", 50),
    ],
)
def test_bare_number_counts_only_when_the_size_was_asked(message: str, value: int) -> None:
    assert find_company_size(message) is None
    found = find_company_size(message, expecting_size=True)
    assert found is not None
    assert found.value == value


def test_bare_answer_mode_keeps_preferring_an_explicit_unit() -> None:
    found = find_company_size("2 offices, ~200 people total", expecting_size=True)
    assert found == Quantity(value=200, start=11, end=22, approximate=True)


# --- Seat counts. -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "value"),
    [
        ("~15 users", 15),
        ("what's the contract look like for ~20 users?", 20),
        ("25 seats", 25),
        ("ok nice. so growth for like 6 of us = the 399/mo one?", 6),
        ("growth caps at 25 seats right? we'd have ~40 ppl across sales + marketing wanting in", 40),
        ("growth says 25 seats, we'd have like 30 ppl wanting access. what then?", 30),
        ("if 40 seats = enterprise pricing that's prob dead on arrival", 40),
        ("10 licenses", 10),
        ("we need 10 licences", 10),
        ("5 logins", 5),
        ("pricing for 20 people?", 20),
        ("what would it cost for a team of 10", 10),
        ("we're 50 people, 20 would use it", 20),
        ("about 12 of us would be using it", 12),
        ("can two people share a login?", 2),
        ("50 active users", 50),
        ("~30 USERS", 30),
        ("seats for 12 people", 12),
        ("we'd need licences for 30", 30),
        ("what would it cost for a team of 10 people", 10),
        ("we'd want 10-15 seats to start", 13),
        ("is there a plan for 5-10 users?", 8),
        ("do you charge per user? we have 300 employees but only marketing (8 people) would use it", 8),
    ],
)
def test_seat_count_is_found(message: str, value: int) -> None:
    found = find_seat_count(message)
    assert found is not None
    assert found.value == value


@pytest.mark.parametrize(
    "message",
    [
        "we're a 40 person fintech",
        "~250 ppl",
        "fintech, about 60 of us",
        "growth caps at 25 seats right?",
        "starter includes up to 5 seats?",
        "i'm head of marketing, team of 3 lol",
        "$399 a month",
        "thu 10am",
    ],
)
def test_not_a_seat_count(message: str) -> None:
    assert find_seat_count(message) is None


def test_seat_span_quotes_the_count() -> None:
    message = "growth says 25 seats, we'd have like 30 ppl wanting access"
    found = find_seat_count(message)
    assert found is not None
    assert message[found.start : found.end] == "like 30 ppl"
    assert found.approximate


def test_one_message_can_hold_both_a_headcount_and_a_seat_count() -> None:
    message = "we're ~300 people, but only 25 users would need logins"
    assert find_company_size(message) == Quantity(value=300, start=6, end=17, approximate=True)
    seats = find_seat_count(message)
    assert seats is not None
    assert seats.value == 25


def test_offsets_stay_true_when_lower_casing_changes_a_character_s_length() -> None:
    # "İ" lower-cases to two characters; the parser must still point into the original message.
    message = "İstanbul HQ, about 40 people"
    found = find_company_size(message)
    assert found is not None
    assert message[found.start : found.end] == "about 40 people"


def test_quantity_is_immutable() -> None:
    found = find_company_size("40 people")
    assert found is not None
    with pytest.raises(AttributeError):
        found.value = 41  # type: ignore[misc]


# --- Later, more specific statements; extra people; seats asked for before the count. ---------------


@pytest.mark.parametrize(
    ("message", "value"),
    [
        # A loose size restated at once by a precise one: the precise one is the size.
        ("roughly a hundred and fifty people, 142 to be exact", 142),
        ("a couple dozen employees (23 right now)", 23),
        ("we're around 60 people - 57ish", 57),
        # A count marked as the total wins over a partial one.
        ("30 engineers and support staff, so about 45 people in total", 45),
        ("12 consultants + admins, i.e. 18 people all in", 18),
        # A loose number right after a description of the company, with no unit.
        ("ciao! responsabile marketing in una software house a Torino, circa 90.", 90),
        ("head of demand gen, b2b saas, ~250. we run a lot of webinars", 250),
        # "a <company noun> of N".
        ("we're a fintech of about 70", 70),
        ("an insurance brokerage of 400", 400),
    ],
)
def test_the_more_specific_or_total_headcount_wins(message: str, value: int) -> None:
    found = find_company_size(message)
    assert found is not None
    assert found.value == value


def test_a_far_off_number_after_a_size_is_no_correction() -> None:
    found = find_company_size("about 60 people, 30")
    assert found is not None and found.value == 60


def test_a_year_after_a_company_description_is_no_size() -> None:
    assert find_company_size("saas startup, around 2019.") is None


@pytest.mark.parametrize(
    ("message", "value"),
    [
        ("finance wants access too, an extra 12 people", 12),
        ("our APAC office wants in as well, another 25 or so people", 25),
        ("we'd want licences for sales and CS, like 35 people", 35),
    ],
)
def test_added_people_are_a_seat_count(message: str, value: int) -> None:
    assert find_company_size(message) is None
    found = find_seat_count(message)
    assert found is not None and found.value == value
