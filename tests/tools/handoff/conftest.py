"""Fixtures for the handoff tests: a fresh database (SQLite file, and PostgreSQL where reachable),
the CRM and handoff services on it, a fixed clock, and conversations run through the real rules
engine and scorer so summaries are built from what the agent would actually know."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from agent.context import PageContext, Speaker, Turn
from agent.lead import LeadState
from agent.profile import CompanyProfile
from agent.scoring import Score, score
from agent.understanding.engine import RulesEngine, TurnInput
from tools.crm import CRM_TABLES, CrmService, TranscriptEntry
from tools.db import Base, make_engine, session_factory
from tools.handoff import HANDOFF_TABLES, HandoffService, HandoffSummary, build_summary

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Tuesday 14 January 2025, 10:00 in New York: inside the demo company's hours (Mon-Fri 9-18 ET).
NOW = datetime(2025, 1, 14, 15, 0, tzinfo=UTC)
OPERATOR_URL = "https://qualify.example/operator/conversations/{conversation_id}"
PRICING = PageContext(
    page_url="https://lumenpipeline.example/pricing",
    page_title="Pricing - Lumen",
    utm={"utm_source": "google", "utm_campaign": "attribution"},
)

# A midmarket (250 people), in-ICP marketing lead who asks for a person.
MIDMARKET = (
    ("agent", "Hi! Sizing a plan for your team?"),
    "I'm Jane, VP marketing at a 250-person software company, jane@acme.test",
    ("agent", "Thanks Jane. What made you look at Lumen?"),
    "We can't tell which campaigns drive pipeline and we need this live by next quarter.",
    ("agent", "That's exactly what Lumen does. Anything I can answer?"),
    "Can I talk to a person? Does the Salesforce sync need engineering?",
)
ENTERPRISE = (
    "Hi, I run revops at a 3000-person fintech company.",
    ("agent", "Welcome! What are you trying to solve?"),
    "Our board wants pipeline attribution we can trust; can I speak to someone today?",
)
SMB = (
    "I'm the founder of a 40-person ecommerce brand.",
    ("agent", "Nice! How can I help?"),
    "Can I talk to a human about attribution?",
)
SUPPORT = ("I'm a customer and I can't log in to my account, can I talk to someone?",)

_schemas = itertools.count()


@dataclass(frozen=True)
class Conversation:
    lead: LeadState
    score: Score
    transcript: tuple[TranscriptEntry, ...]
    summary: HandoffSummary


Converse = Callable[..., Conversation]


def _sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'handoff.db'}")
    Base.metadata.create_all(engine, tables=[*CRM_TABLES, *HANDOFF_TABLES])
    yield engine
    engine.dispose()


def _postgres() -> Iterator[Engine]:
    server = make_engine(os.environ.get("QUALIFY_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    try:
        with server.connect():
            pass
    except OperationalError as exc:
        server.dispose()
        pytest.skip(f"PostgreSQL unreachable: {exc.orig}")
    schema = f"qualify_handoff_test_{os.getpid()}_{next(_schemas)}"
    with server.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = server.execution_options(schema_translate_map={None: schema})
    try:
        Base.metadata.create_all(engine, tables=[*CRM_TABLES, *HANDOFF_TABLES])
        yield engine
    finally:
        with server.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from _sqlite(tmp_path) if request.param == "sqlite" else _postgres()


@pytest.fixture
def crm(engine: Engine, profile: CompanyProfile) -> CrmService:
    return CrmService(session_factory(engine), profile)


ServiceFactory = Callable[[CompanyProfile], HandoffService]


@pytest.fixture
def make_service(engine: Engine) -> ServiceFactory:
    """A handoff service (with its own CRM service) on the test database, as another process or a
    differently configured company would have."""

    def make(profile: CompanyProfile) -> HandoffService:
        crm = CrmService(session_factory(engine), profile)
        return HandoffService(session_factory(engine), profile, crm, operator_url=OPERATOR_URL)

    return make


@pytest.fixture
def handoffs(engine: Engine, profile: CompanyProfile, crm: CrmService) -> HandoffService:
    return HandoffService(session_factory(engine), profile, crm, operator_url=OPERATOR_URL)


@pytest.fixture
def now() -> datetime:
    """The tests' clock: every call gets it (or a fixed offset from it), never the real time."""
    return NOW


@pytest.fixture
def converse(profile: CompanyProfile) -> Converse:
    """Run a conversation (visitor lines as strings, agent lines as ("agent", text)) through the
    rules engine and scorer, and summarise it for a handoff."""

    def run(
        *turns: str | tuple[str, str],
        context: PageContext = PRICING,
        open_question: str | None = None,
    ) -> Conversation:
        engine = RulesEngine(profile)
        lead = LeadState()
        history: list[Turn] = []
        transcript: list[TranscriptEntry] = []
        for i, turn in enumerate(turns):
            role: Speaker = "agent" if isinstance(turn, tuple) else "visitor"
            line = turn[1] if isinstance(turn, tuple) else turn
            if role == "visitor":
                analysis = engine.analyze(
                    TurnInput(
                        message=line,
                        turn=i,
                        context=context,
                        history=tuple(history),
                        known_role=lead.role,
                        support_mode=lead.support_mode,
                        not_decision_maker=lead.not_decision_maker,
                    )
                )
                lead = lead.apply(analysis)
            history.append(Turn(role=role, text=line))
            transcript.append(TranscriptEntry(role=role, text=line, at=f"2025-01-14T14:{i:02d}:00+00:00"))
        scored = score(lead, context, profile)
        summary = build_summary(lead, scored, transcript, context, profile, open_question=open_question)
        return Conversation(lead, scored, tuple(transcript), summary)

    return run


@pytest.fixture
def midmarket(converse: Converse) -> Conversation:
    """Jane, VP marketing at a 250-person software company (in the ICP), asks for a person."""
    return converse(*MIDMARKET)


@pytest.fixture
def enterprise(converse: Converse) -> Conversation:
    """A revops lead at a 3,000-person fintech (in the ICP) asks to speak to someone."""
    return converse(*ENTERPRISE)


@pytest.fixture
def smb(converse: Converse) -> Conversation:
    """The founder of a 40-person ecommerce brand (in the ICP) asks for a human."""
    return converse(*SMB)


@pytest.fixture
def support_chat(converse: Converse) -> Conversation:
    """An existing customer who cannot log in asks for someone."""
    return converse(*SUPPORT)
