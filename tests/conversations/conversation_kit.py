"""Shared fixtures for the behaviour tests: a real ConversationService and a visitor with a clock.

Every test gets its own SQLite database and SQLite checkpointer in `tmp_path`, the demo company
profile and the rules engine. The clock is injected: a chat starts at a fixed `now` and moves on
by `TURN_GAP` per visitor message, so slot offers, business hours and CRM due dates are the same
on every run. Tests assert on outcomes (tier, route, ICP fit, move, CRM rows, bookings, handoffs,
events), never on the exact wording of a reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.context import PageContext
from agent.lead import LeadState
from agent.profile import CompanyProfile
from agent.service import ConversationService, Started, TurnOutcome, open_service
from agent.state import ConversationState, ToolEvent
from agent.understanding.engine import UnderstandingEngine

NEW_YORK = ZoneInfo("America/New_York")
# The demo company works 09:00-18:00 New York time, Monday to Friday.
IN_HOURS = datetime(2025, 1, 14, 10, 0, tzinfo=NEW_YORK)  # Tuesday morning
AFTER_HOURS = datetime(2025, 1, 14, 23, 0, tzinfo=NEW_YORK)  # Tuesday night
# Wednesday morning: the first slot offered is Thursday 9:00am ("tomorrow"), which makes a
# "thursday morning" pick unambiguous.
WEDNESDAY = datetime(2025, 1, 15, 10, 0, tzinfo=NEW_YORK)
TURN_GAP = timedelta(seconds=45)

SITE = "https://lumenpipeline.example"
PAGES = {
    "pricing": f"{SITE}/pricing",
    "home": f"{SITE}/",
    "blog": f"{SITE}/blog/attribution-101",
    "salesforce": f"{SITE}/integrations/salesforce",
    "customers": f"{SITE}/customers",
    "login": f"{SITE}/login",
}

# "$399", "$4.1M", "$30k"; a suffix only when attached ("$49 monthly" is $49).
_MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:[kKmM]\b)?")


def service_at(
    profile: CompanyProfile, folder: Path, engine: UnderstandingEngine | None = None
) -> AbstractContextManager[ConversationService]:
    """`open_service` on a SQLite database and a SQLite checkpointer inside `folder`."""
    return open_service(profile, f"sqlite:///{folder / 'qualify.db'}", str(folder / "checkpoints.db"), engine)


@dataclass
class Chat:
    """One visitor talking to the service, with the conversation's own clock."""

    svc: ConversationService
    cid: str
    now: datetime
    started: Started
    outcomes: list[TurnOutcome] = field(default_factory=list)

    def say(self, text: str, *, client_message_id: str | None = None) -> TurnOutcome:
        self.now += TURN_GAP
        outcome = self.svc.post(self.cid, text, self.now, client_message_id=client_message_id)
        self.outcomes.append(outcome)
        return outcome

    def says(self, *texts: str) -> list[TurnOutcome]:
        return [self.say(t) for t in texts]

    # --- what the conversation established ---------------------------------------------------

    @property
    def state(self) -> ConversationState:
        return self.svc.state(self.cid)

    @property
    def lead(self) -> LeadState:
        lead = self.state.get("lead")
        assert lead is not None, "no lead state: the conversation never ran"
        return lead

    @property
    def moves(self) -> list[str | None]:
        return [o.move for o in self.outcomes]

    @property
    def replies(self) -> list[str]:
        """Everything the agent said, the opener included."""
        texts = [self.started.reply.text]
        texts += [o.reply.text for o in self.outcomes if o.reply is not None]
        return texts

    @property
    def events(self) -> list[ToolEvent]:
        return [e for o in self.outcomes for e in o.events]

    def events_of(self, tool: str, action: str) -> list[ToolEvent]:
        return [e for e in self.events if e.tool == tool and e.action == action]

    @property
    def offered_slots(self) -> int:
        """How many times the agent put calendar slots on the table."""
        return len(self.events_of("calendar", "offer"))


StartChat = Callable[..., Chat]


def start_chat_on(svc: ConversationService) -> StartChat:
    counter = iter(range(1, 1000))

    def start(
        page: str | None = "pricing",
        *,
        now: datetime = IN_HOURS,
        timezone: str | None = "America/New_York",
        visit_count: int = 1,
        known_customer: bool = False,
        cid: str | None = None,
    ) -> Chat:
        context = PageContext(
            page_url=PAGES.get(page, page) if page else None,
            visit_count=visit_count,
            timezone=timezone,
            known_customer=known_customer,
            now=now,
        )
        conversation_id = cid or f"conv-{next(counter)}"
        started = svc.start(context, now, conversation_id=conversation_id)
        return Chat(svc=svc, cid=conversation_id, now=now, started=started)

    return start


def dollar_amounts(text: str) -> list[str]:
    return _MONEY.findall(text)


@pytest.fixture
def service(profile: CompanyProfile, tmp_path: Path) -> Iterator[ConversationService]:
    """A conversation service on fresh SQLite files, with the demo profile and the rules engine."""
    with service_at(profile, tmp_path) as svc:
        yield svc


@pytest.fixture
def start_chat(service: ConversationService) -> StartChat:
    """Start a conversation: `start_chat("pricing", now=AFTER_HOURS)` -> Chat."""
    return start_chat_on(service)
