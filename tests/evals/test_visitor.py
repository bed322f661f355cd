"""The simulated visitor on its own: a pure function of persona, memory and the agent's last turn."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from evals.personas import Persona
from evals.visitor import AgentTurn, Memory, Said, fits, next_message, read_slot_buttons

NEW_YORK = ZoneInfo("America/New_York")
TUESDAY_10AM = datetime(2026, 11, 17, 10, 0, tzinfo=NEW_YORK)
SLOTS = ("today 1:00pm ET", "today 4:00pm ET", "tomorrow 9:00am ET")
OFFER = (
    "Want to go through it with Maya Chen on a 20-min call? Today 1:00pm, today 4:00pm or tomorrow 9:00am ET."
)
ASK_SIZE_ROLE = "So I can point you the right way: roughly how big is the company, and what's your role?"


def persona(**fields: Any) -> Persona:
    data: dict[str, Any] = {
        "id": "p",
        "description": "test persona",
        "context": {"now": TUESDAY_10AM.isoformat()},
        "facts": {"company_size": 60, "role": "marketing", "industry": "software", "email": "dana@acme.io"},
        "expect": {"tier": "L2", "route": "sales", "icp_fit": "fit", "crm": {"stage": "sales_follow_up"}},
    }
    data.update(fields)
    return Persona.model_validate(data)


def say(p: Persona, agent: AgentTurn, memory: Memory | None = None) -> tuple[Said | None, Memory]:
    return next_message(p, memory or Memory(sent=1), agent, TUESDAY_10AM)


def test_slot_buttons_are_read_in_the_visitors_own_time() -> None:
    buttons = read_slot_buttons((*SLOTS, "Thu 14:30 GMT", "Mon Nov 30 9:00am ET", "Not now"), TUESDAY_10AM)
    assert [(b.label, b.start.strftime("%a %d %H:%M")) for b in buttons] == [
        ("today 1:00pm ET", "Tue 17 13:00"),
        ("today 4:00pm ET", "Tue 17 16:00"),
        ("tomorrow 9:00am ET", "Wed 18 09:00"),
        ("Thu 14:30 GMT", "Thu 19 14:30"),
        ("Mon Nov 30 9:00am ET", "Mon 30 09:00"),
    ]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("any", True),
        ("tue", True),
        ("wed", False),
        ("tue afternoon", True),
        ("morning", False),
        ("evening", False),
    ],
)
def test_availability_windows(window: str, expected: bool) -> None:
    assert fits(window, datetime(2026, 11, 17, 13, 0, tzinfo=NEW_YORK)) is expected


def test_answers_what_the_agent_asked_from_its_facts_with_labels() -> None:
    said, memory = say(persona(), AgentTurn(text=ASK_SIZE_ROLE))
    assert said is not None
    assert said.text == "we're about 60 people, I run marketing"
    assert said.labels.slots.stated() == {"company_size": 60, "role": "marketing"}
    assert memory.sent == 2 and memory.told == {"company_size", "role"}


def test_says_facts_the_way_the_persona_words_them() -> None:
    p = persona(facts={"company_size": 200, "role": "marketing", "say_as": {"company_size": "~200 ppl"}})
    said, _ = say(p, AgentTurn(text="Roughly how many people are at the company?"))
    assert said is not None and said.text == "~200 ppl"


def test_refuses_once_what_it_does_not_share() -> None:
    p = persona(facts={})
    said, memory = say(p, AgentTurn(text=ASK_SIZE_ROLE))
    assert said is not None and said.text == "I'd rather not say" and said.labels.is_empty()
    again, _ = say(p, AgentTurn(text=ASK_SIZE_ROLE), memory)
    assert again is None


@pytest.mark.parametrize(
    ("pick", "availability", "text"),
    [
        ("click", ["any"], "today 1:00pm ET"),
        ("ordinal", ["tue afternoon"], "the first one works"),
        ("ordinal", ["wed"], "the third one works"),
        ("words", ["wed morning"], "tomorrow 9am works for me"),
    ],
)
def test_a_booker_picks_an_offered_slot_inside_its_availability(
    pick: str, availability: list[str], text: str
) -> None:
    p = persona(behaviour={"books": True, "pick": pick, "availability": availability})
    said, _ = say(p, AgentTurn(text=OFFER, quick_replies=SLOTS))
    assert said is not None and said.text == text
    assert said.labels.intents == ("meeting_accept",)


def test_no_fitting_slot_asks_for_its_window_once_then_gives_up() -> None:
    p = persona(behaviour={"books": True, "availability": ["thu afternoon"]})
    said, memory = say(p, AgentTurn(text=OFFER, quick_replies=SLOTS))
    assert said is not None and said.text == "do you have anything thu afternoon instead?"
    again, memory = say(p, AgentTurn(text=OFFER, quick_replies=SLOTS), memory)
    assert again is not None and again.labels.intents == ("meeting_decline",)
    assert memory.gave_up_booking


def test_a_visitor_who_will_not_book_declines_once() -> None:
    p = persona()
    said, memory = say(p, AgentTurn(text=OFFER, quick_replies=SLOTS))
    assert said is not None and said.labels.intents == ("meeting_decline",)
    assert say(p, AgentTurn(text=OFFER, quick_replies=SLOTS), memory)[0] is None


@pytest.mark.parametrize(("accepts", "intent"), [(True, "human_request"), (False, "meeting_decline")])
def test_a_transfer_offer_is_answered_as_the_persona_says(accepts: bool, intent: str) -> None:
    p = persona(behaviour={"accepts_transfer": accepts})
    offer = "Tom Okafor, who works with companies your size, is online now. Want me to bring them in?"
    said, _ = say(p, AgentTurn(text=offer, quick_replies=("Yes, bring them in", "Not now")))
    assert said is not None and said.labels.intents == (intent,)


def test_script_lines_come_at_their_turn_or_their_moment() -> None:
    p = persona(
        script=[
            {"say": "$399?! way over budget", "at": 3, "labels": {"objections": ["price_shock"]}},
            {
                "say": "can you email me a deck?",
                "on": "offered:slots",
                "labels": {"objections": ["send_info"]},
            },
            {"say": "does it work with hubspot?"},
        ]
    )
    at_turn, memory = say(p, AgentTurn(text=ASK_SIZE_ROLE), Memory(sent=2))
    assert at_turn is not None and at_turn.text == "$399?! way over budget"
    on_offer, memory = say(p, AgentTurn(text=OFFER, quick_replies=SLOTS), memory)
    assert on_offer is not None and on_offer.why == "script on offered:slots"
    idle, memory = say(p, AgentTurn(text="Anytime! Shout here if anything comes up."), memory)
    assert idle is not None and idle.text == "does it work with hubspot?"
    assert say(p, AgentTurn(text="Anytime!"), memory)[0] is None


def test_a_visitor_with_a_pain_says_it_when_nothing_is_asked() -> None:
    p = persona(
        facts={"problem": "we can't tell which campaigns create pipeline", "timeline": "we need it by Q1"}
    )
    said, _ = say(p, AgentTurn(text="Anytime! Shout here if anything comes up."))
    assert said is not None and said.why == "volunteer: problem"
    assert said.text == "we can't tell which campaigns create pipeline. we need it by Q1"
    assert said.labels.signals == ("timeline",) and said.labels.slots.problem is True


@pytest.mark.parametrize(
    "agent",
    [
        AgentTurn(text=None),
        AgentTurn(text="Connecting you with Maya now.", events=("handoff.start",)),
    ],
    ids=["silent", "handed-off"],
)
def test_the_visitor_stops_when_a_person_owns_the_chat(agent: AgentTurn) -> None:
    assert say(persona(), agent)[0] is None


def test_the_conversation_is_bounded_by_max_turns() -> None:
    p = persona(behaviour={"max_turns": 2})
    assert say(p, AgentTurn(text=ASK_SIZE_ROLE), Memory(sent=2))[0] is None


def test_the_opening_is_the_first_message() -> None:
    p = persona(opening="hi, what does growth cost?", opening_labels={"signals": ["commercial"]})
    said, memory = next_message(p, Memory(), AgentTurn(text="Comparing plans?"), TUESDAY_10AM)
    assert said is not None and said.text == "hi, what does growth cost?" and memory.sent == 1
