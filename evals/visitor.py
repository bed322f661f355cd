"""The simulated visitor: a deterministic, rules-driven person answering the agent from a persona.

It reads what a real visitor sees: the agent's words (which questions they ask, what they offer,
read with the same `expectation_from_agent_text` the agent uses on historical transcripts), the
quick-reply buttons, and the turn's tool events (a booking confirmed, a handoff started). It then
answers from its hidden facts, follows its script, and takes or declines offers as its behaviour
says. Every message it writes carries the TRANSCRIPTS.md labels of what it said, so a simulation
also measures understanding.

`next_message` is a pure function of the persona, what the visitor remembers, and the agent's last
turn; the conversation is bounded by the persona's `max_turns`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from agent.labels import Industry, Intent, Role
from agent.understanding.expect import Expectation, expectation_from_agent_text
from evals.personas import Fact, Persona, ScriptLine
from evals.transcripts import Labels, SlotLabels

ROLE_WORDS: Final[dict[Role, str]] = {
    "marketing": "I run marketing",
    "sales": "I run sales",
    "revops": "I'm in revops",
    "growth": "I run growth",
    "founder": "I'm the founder",
    "executive": "I'm the COO",
    "engineering": "I'm a software engineer",
    "product": "I'm a product manager",
    "finance": "I work in finance",
    "operations": "I'm the office manager",
    "student": "I'm a student",
    "other": "I'm an intern",
}
INDUSTRY_WORDS: Final[dict[Industry, str]] = {
    "software": "we're a software company",
    "fintech": "we're a fintech",
    "professional_services": "we're a consulting firm",
    "healthcare": "we're a healthcare company",
    "manufacturing": "we're a manufacturer",
    "ecommerce": "we're an ecommerce brand",
    "education": "we're a school",
    "nonprofit": "we're a nonprofit",
    "government": "we're a government agency",
    "media": "we're a media company",
    "real_estate": "we're a real estate agency",
    "logistics": "we're a logistics company",
    "other": "we're a family-run business",
}
ORDINALS: Final = ("first", "second", "third", "fourth", "fifth")
DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# How the agent's questions (expectation asks) map to the facts a visitor knows.
_ASKED_FACTS: Final[dict[str, Fact]] = {
    "company_size": "company_size",
    "role": "role",
    "industry": "industry",
    "problem": "problem",
    "stack": "crm",
    "email": "email",
    "name": "name",
}
_ANSWER_ORDER: Final[tuple[Fact, ...]] = (
    "company_size",
    "role",
    "industry",
    "problem",
    "crm",
    "name",
    "email",
)

# A slot button as the calendar writes it: "tomorrow 9:00am ET", "Thu 14:30 GMT", "Mon Jan 26 9:00am ET".
_SLOT_LABEL = re.compile(
    r"^(?P<day>today|tomorrow|mon|tue|wed|thu|fri|sat|sun)(?: (?P<month>[a-z]{3}) (?P<date>\d{1,2}))? "
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?P<ampm>am|pm)?(?: [a-z0-9+:-]+)?$",
    re.IGNORECASE,
)
_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Said:
    """One visitor message and the labels of what it says (the simulation's gold)."""

    text: str
    labels: Labels
    why: str
    """What made the visitor say it (`script`, `answer: company_size, role`, `pick slot`, ...)."""


@dataclass(frozen=True)
class AgentTurn:
    """What the visitor sees of one agent turn. `text` is None when the bot stayed silent."""

    text: str | None
    quick_replies: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    """`tool.action` names of the turn's side effects, e.g. `calendar.book`, `handoff.start`."""


@dataclass(frozen=True)
class Memory:
    """What the visitor remembers of the conversation so far."""

    sent: int = 0
    lines_said: frozenset[int] = frozenset()
    """Indexes of the persona's script lines already said."""
    told: frozenset[Fact] = frozenset()
    refused: frozenset[Fact] = frozenset()
    declined_meeting: bool = False
    answered_transfer: bool = False
    counter_proposals: int = 0
    gave_up_booking: bool = False
    booked: bool = False
    handed_off: bool = False


@dataclass(frozen=True)
class SlotButton:
    label: str
    start: datetime
    """Local time in the visitor's zone."""


def read_slot_buttons(quick_replies: tuple[str, ...], now: datetime) -> list[SlotButton]:
    """The quick replies that are meeting slots, with their local start time; `now` must be in the
    visitor's own zone (the buttons are written in it)."""
    buttons: list[SlotButton] = []
    for label in quick_replies:
        m = _SLOT_LABEL.match(label.strip())
        if m is None:
            continue
        day = _resolve_day(m, now)
        if day is None:
            continue
        hour = int(m["hour"])
        if m["ampm"]:
            hour = hour % 12 + (12 if m["ampm"].lower() == "pm" else 0)
        start = now.replace(
            year=day.year, month=day.month, day=day.day, hour=hour, minute=int(m["minute"] or 0)
        )
        buttons.append(SlotButton(label=label, start=start.replace(second=0, microsecond=0)))
    return buttons


def _resolve_day(m: re.Match[str], now: datetime) -> datetime | None:
    word = m["day"].lower()
    if word == "today":
        return now
    if word == "tomorrow":
        return now + timedelta(days=1)
    if m["month"]:
        month = m["month"].lower()
        if month not in _MONTHS:
            return None
        candidate = now.replace(month=_MONTHS.index(month) + 1, day=int(m["date"]))
        return candidate if candidate.date() >= now.date() else candidate.replace(year=now.year + 1)
    ahead = (DAYS.index(word) - now.weekday()) % 7
    return now + timedelta(days=ahead)


def fits(window: str, start: datetime) -> bool:
    """Whether a local start time falls in an availability window (`any`, `thu`, `tue afternoon`)."""
    if window == "any":
        return True
    words = window.split()
    day = next((w for w in words if w in DAYS), None)
    part = next((w for w in words if w not in DAYS), None)
    if day is not None and DAYS[start.weekday()] != day:
        return False
    if part == "morning":
        return start.hour < 12
    if part == "afternoon":
        return 12 <= start.hour < 17
    if part == "evening":
        return start.hour >= 17
    return True


def _spoken_time(button: SlotButton) -> str:
    """ "thu 10am", "tomorrow 2:30pm": how people type a slot back."""
    day = button.label.split()[0].lower()
    hour12 = button.start.hour % 12 or 12
    minutes = f":{button.start.minute:02d}" if button.start.minute else ""
    return f"{day} {hour12}{minutes}{'am' if button.start.hour < 12 else 'pm'}"


def _intent(*names: Intent) -> Labels:
    return Labels(intents=names)


def _fact_words(persona: Persona, fact: Fact) -> tuple[str, SlotLabels] | None:
    """How the visitor states one fact, and the slot labels that statement carries."""
    facts = persona.facts
    custom = facts.say_as.get(fact)
    if fact == "company_size" and facts.company_size is not None:
        return custom or f"we're about {facts.company_size} people", SlotLabels(
            company_size=facts.company_size
        )
    if fact == "role" and facts.role is not None:
        return custom or ROLE_WORDS[facts.role], SlotLabels(role=facts.role)
    if fact == "industry" and facts.industry is not None:
        return custom or INDUSTRY_WORDS[facts.industry], SlotLabels(industry=facts.industry)
    if fact == "problem" and facts.problem is not None:
        return custom or facts.problem, SlotLabels(problem=True)
    if fact == "crm" and facts.crm is not None:
        return custom or f"we're on {facts.crm}", SlotLabels()
    if fact == "email" and facts.email is not None:
        return custom or facts.email, SlotLabels(email=facts.email)
    if fact == "name" and facts.name is not None:
        return custom or f"I'm {facts.name}", SlotLabels(name=facts.name)
    return None


def _merge_slots(parts: list[SlotLabels]) -> SlotLabels:
    merged: dict[str, object] = {}
    for part in parts:
        merged.update(part.stated())
    return SlotLabels.model_validate(merged)


def answer_facts(persona: Persona, asked: list[Fact], memory: Memory) -> tuple[Said | None, Memory]:
    """Answer the asked facts the visitor knows; refuse, once, when they share none of them."""
    texts: list[str] = []
    slots: list[SlotLabels] = []
    signals: tuple[str, ...] = ()
    answered: list[Fact] = []
    for fact in asked:
        stated = _fact_words(persona, fact)
        if stated is None:
            continue
        text, slot_labels = stated
        if fact == "problem" and persona.facts.timeline:
            # People who have a deadline say it along with the pain.
            text = f"{text}. {persona.facts.timeline}"
            signals = ("timeline",)
        texts.append(text)
        slots.append(slot_labels)
        answered.append(fact)
    if texts:
        labels = Labels.model_validate({"signals": signals, "slots": _merge_slots(slots).stated()})
        told = memory.told | frozenset(answered)
        return Said(", ".join(texts), labels, f"answer: {', '.join(answered)}"), replace(memory, told=told)
    unshared = frozenset(asked) - memory.refused
    if not unshared:
        return None, memory
    return (
        Said("I'd rather not say", Labels(), f"refuse: {', '.join(sorted(unshared))}"),
        replace(memory, refused=memory.refused | unshared),
    )


def _pick(persona: Persona, buttons: list[SlotButton], memory: Memory) -> tuple[Said | None, Memory]:
    behaviour = persona.behaviour
    for window in behaviour.availability:
        chosen = next((b for b in buttons if fits(window, b.start)), None)
        if chosen is None:
            continue
        if behaviour.pick == "click":
            text = chosen.label
        elif behaviour.pick == "ordinal":
            text = f"the {ORDINALS[buttons.index(chosen)]} one works"
        else:
            text = f"{_spoken_time(chosen)} works for me"
        return Said(text, _intent("meeting_accept"), f"pick slot in '{window}'"), memory
    if memory.counter_proposals == 0:
        window = behaviour.availability[0]
        ask = (
            f"do you have anything {window} instead?"
            if window.split()[0] in DAYS
            else (f"do you have anything in the {window} instead?")
        )
        return Said(ask, _intent("meeting_accept"), "no offered slot fits: ask for another time"), replace(
            memory, counter_proposals=1
        )
    return Said(
        "none of those work, I'll check my calendar and come back to you",
        _intent("meeting_decline"),
        "no offered slot fits again: give up on booking",
    ), replace(memory, gave_up_booking=True)


def _line(persona: Persona, memory: Memory, wanted: Callable[[ScriptLine], bool]) -> int | None:
    """The first unsaid script line that `wanted` accepts, by index."""
    return next(
        (i for i, line in enumerate(persona.script) if i not in memory.lines_said and wanted(line)), None
    )


def _say_line(persona: Persona, memory: Memory, index: int, why: str) -> tuple[Said, Memory]:
    line = persona.script[index]
    return Said(line.say, line.labels, why), replace(memory, lines_said=memory.lines_said | {index})


def _moments(
    agent: AgentTurn, expectation: Expectation, asked: list[Fact], buttons: list[SlotButton]
) -> set[str]:
    """What the agent did this turn, in the script's trigger names."""
    moments = {f"asked:{fact}" for fact in asked}
    if buttons:
        moments.add("offered:slots")
    if expectation.offer in ("call", "transfer"):
        moments.add(f"offered:{expectation.offer}")
    if "calendar.book" in agent.events:
        moments.add("booked")
    return moments


def next_message(
    persona: Persona, memory: Memory, agent: AgentTurn, local_now: datetime
) -> tuple[Said | None, Memory]:
    """The visitor's next message (None: they stop talking) and what they remember after it.

    `local_now` is the visitor's clock in their own time zone, to read "tomorrow 9:00am" buttons.
    """
    memory = replace(
        memory,
        booked=memory.booked or "calendar.book" in agent.events,
        handed_off=memory.handed_off or "handoff.start" in agent.events,
    )
    turn = memory.sent + 1
    if turn > persona.behaviour.max_turns or agent.text is None or memory.handed_off:
        # Out of patience, or a person owns the conversation now: the simulation ends here.
        return None, memory
    said, memory = _choose(persona, memory, agent, local_now, turn)
    if said is not None:
        memory = replace(memory, sent=turn)
    return said, memory


def _choose(
    persona: Persona, memory: Memory, agent: AgentTurn, local_now: datetime, turn: int
) -> tuple[Said | None, Memory]:
    assert agent.text is not None
    if turn == 1 and persona.opening is not None:
        return Said(persona.opening, persona.opening_labels, "opening"), memory
    scripted = _line(persona, memory, lambda line: line.at == turn)
    if scripted is not None:
        return _say_line(persona, memory, scripted, f"script at turn {turn}")
    expectation = expectation_from_agent_text(agent.text)
    asked = sorted({_ASKED_FACTS[a] for a in expectation.asks if a in _ASKED_FACTS}, key=_ANSWER_ORDER.index)
    buttons = read_slot_buttons(agent.quick_replies, local_now)
    moments = _moments(agent, expectation, asked, buttons)
    triggered = _line(persona, memory, lambda line: line.on is not None and line.on in moments)
    if triggered is not None:
        return _say_line(persona, memory, triggered, f"script on {persona.script[triggered].on}")

    behaviour = persona.behaviour
    if buttons and not memory.booked:
        if behaviour.books and not memory.gave_up_booking:
            return _pick(persona, buttons, memory)
        if not behaviour.books and not memory.declined_meeting:
            return Said(
                "not ready for a call yet, thanks", _intent("meeting_decline"), "decline the meeting"
            ), replace(memory, declined_meeting=True)
    if expectation.offer == "transfer" and not memory.answered_transfer:
        memory = replace(memory, answered_transfer=True)
        if behaviour.accepts_transfer:
            return Said("yes, bring them in", _intent("human_request"), "accept the transfer"), memory
        return Said("not now, thanks", _intent("meeting_decline"), "decline the transfer"), memory
    if expectation.offer == "call" and not memory.booked and not memory.declined_meeting:
        if behaviour.books and not memory.gave_up_booking:
            return Said("yes, let's do a call", _intent("meeting_accept"), "accept the call"), memory
        return Said("no call for now, thanks", _intent("meeting_decline"), "decline the call"), replace(
            memory, declined_meeting=True
        )
    if asked:
        said, memory = answer_facts(persona, asked, memory)
        if said is not None:
            return said, memory
    idle = _line(persona, memory, lambda line: line.at is None and line.on is None)
    if idle is not None:
        return _say_line(persona, memory, idle, "script when idle")
    if "problem" not in memory.told and persona.facts.problem is not None:
        # Nothing asked, nothing scripted: someone with a real pain says why they came.
        said, memory = answer_facts(persona, ["problem"], memory)
        return (replace(said, why="volunteer: problem") if said else None), memory
    return None, memory
