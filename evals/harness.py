"""The real agent for offline runs: one in-memory database, checkpointer and compiled graph per process.

Opening a database, creating its tables and compiling the graph cost more than replaying a short
conversation, and SQLAlchemy compiles its statements once per engine. So a harness keeps one of
each for the life of a worker process and, after every conversation, deletes every row and the
conversation's checkpoint thread. Each conversation therefore starts from an empty database, as it
would on a fresh one (SQLite reuses row ids after a delete, so even ids match), and results do not
depend on which conversations ran before in the same process.

A conversation's database end state (`EndState`) is read before it is cleared: bookings, handoffs
and CRM rows, which is what simulations check and what the funnel's pipeline times come from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.checkpoint import open_checkpointer
from agent.context import PageContext
from agent.graph import compile_graph
from agent.model.setup import EngineChoice
from agent.profile import CompanyProfile, load_profile
from agent.service import ConversationService, Started, TurnOutcome, build_context, prepare_database
from agent.state import ConversationState
from agent.understanding.engine import UnderstandingEngine
from evals.engines import understanding_engine
from evals.runs import Usage
from tools.calendar.models import Booking
from tools.crm.models import Contact, ConversationRecord, Opportunity, Outbox, Task
from tools.db import Base
from tools.handoff.models import Handoff

HandoffTeam = Literal["none", "sales", "support"]


class _RecordingGraph:
    """The compiled graph, remembering the state its last run returned.

    The service returns a `TurnOutcome`, which has no detected labels; reading them back through
    `get_state` would load and decode a checkpoint every turn, so the run's own result is kept.
    Everything else is passed through to the graph.
    """

    def __init__(self, graph: Any) -> None:
        self._graph = graph
        self.last: dict[str, Any] = {}

    def invoke(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        result: dict[str, Any] = self._graph.invoke(*args, **kwargs)
        self.last = result
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._graph, name)


@dataclass(frozen=True)
class EndState:
    """What one conversation left in the database."""

    booked: bool
    booked_at: datetime | None
    handoff: HandoffTeam
    handoff_at: datetime | None
    crm_record: bool
    """A CRM conversation record exists."""
    contact_stage: str
    """The linked contact's lifecycle stage, `none` without a contact."""
    do_not_contact: bool
    erased: bool
    open_tasks: tuple[str, ...]
    """Kinds of the conversation's open tasks, sorted."""
    opportunity: str
    """The opportunity's stage, `none` without one."""
    opportunity_at: datetime | None
    content_sent: bool
    """Material was queued for email to the visitor (a `content_email` row in the CRM outbox)."""

    @property
    def pipeline_at(self) -> datetime | None:
        """The first explicit next step: a booking, a warm transfer to sales, an opportunity."""
        times = [self.booked_at, self.opportunity_at, self.handoff_at if self.handoff == "sales" else None]
        found = [t for t in times if t is not None]
        return min(found) if found else None


def read_end_state(session: Session, conversation_id: str) -> EndState:
    booking = session.scalars(
        select(Booking).where(Booking.conversation_id == conversation_id, Booking.status == "booked")
    ).first()
    handoff = session.scalars(
        select(Handoff).where(Handoff.conversation_id == conversation_id).order_by(Handoff.id)
    ).first()
    record = session.scalars(
        select(ConversationRecord).where(ConversationRecord.conversation_id == conversation_id)
    ).first()
    contact = session.get(Contact, record.contact_id) if record and record.contact_id else None
    tasks = session.scalars(
        select(Task.kind).where(Task.conversation_id == conversation_id, Task.status == "open")
    ).all()
    opportunity = session.scalars(
        select(Opportunity).where(Opportunity.conversation_id == conversation_id)
    ).first()
    content = session.scalars(
        select(Outbox.id).where(
            Outbox.kind == "content_email", Outbox.idempotency_key.startswith(f"{conversation_id}:")
        )
    ).first()
    return EndState(
        booked=booking is not None,
        booked_at=booking.created_at if booking else None,
        handoff=handoff.team if handoff else "none",
        handoff_at=handoff.created_at if handoff else None,
        crm_record=record is not None,
        contact_stage=contact.lifecycle_stage if contact else "none",
        do_not_contact=bool(contact and contact.do_not_contact) or bool(record and record.opted_out_at),
        erased=bool(record and record.erased_at) or bool(contact and contact.erased_at),
        open_tasks=tuple(sorted(tasks)),
        opportunity=opportunity.stage if opportunity else "none",
        opportunity_at=opportunity.created_at if opportunity else None,
        content_sent=content is not None,
    )


class LiveConversation:
    """One conversation on the harness: start it, post visitor messages, read what it reached."""

    def __init__(
        self, service: ConversationService, graph: _RecordingGraph, sessions: sessionmaker[Session], cid: str
    ) -> None:
        self._service = service
        self._graph = graph
        self._sessions = sessions
        self.id = cid

    def start(self, context: PageContext, now: datetime) -> Started:
        return self._service.start(context, now, conversation_id=self.id)

    def post(self, text: str, now: datetime) -> tuple[TurnOutcome, dict[str, Any]]:
        """Answer one visitor message; returns the outcome and the state the turn's run ended in."""
        self._graph.last = {}
        outcome = self._service.post(self.id, text, now)
        return outcome, self._graph.last

    def state(self) -> ConversationState:
        return self._service.state(self.id)

    def usage(self) -> Usage:
        """The model tokens the conversation spent, from the service's record of model calls."""
        spent = self._service.usage(self.id)
        return Usage(spent.prompt_tokens, spent.completion_tokens)

    def end_state(self) -> EndState:
        with self._sessions() as session:
            return read_end_state(session, self.id)


class Harness:
    """A conversation service on one in-memory database and checkpointer, reused conversation after
    conversation (see the module docstring). Single-threaded: one harness per process."""

    def __init__(self, profile: CompanyProfile, engine: UnderstandingEngine | None = None) -> None:
        self.profile = profile
        self._stack = ExitStack()
        db, self._sessions = prepare_database("sqlite:///:memory:")
        self._stack.callback(db.dispose)
        saver = self._stack.enter_context(open_checkpointer(":memory:"))
        self._graph = _RecordingGraph(compile_graph(saver))
        self._context = build_context(profile, self._sessions, engine)
        # Children before parents, so foreign keys never block a delete.
        self._tables = tuple(reversed(Base.metadata.sorted_tables))

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Harness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def conversation(self, conversation_id: str) -> Iterator[LiveConversation]:
        """A fresh service for one conversation; the database and the thread are cleared after it."""
        service = ConversationService(self._context, self._sessions, self._graph)
        try:
            yield LiveConversation(service, self._graph, self._sessions, conversation_id)
        finally:
            service.close()
            self._clear(conversation_id)

    def _clear(self, conversation_id: str) -> None:
        with self._sessions.begin() as session:
            for table in self._tables:
                session.execute(table.delete())
        self._graph.checkpointer.delete_thread(conversation_id)


@dataclass
class HarnessJob:
    """The `evals.batch.Job` plumbing shared by replay and simulation: one harness per worker,
    set up from the profile file and the engine choice; subclasses define `run`."""

    company: Path
    engine: EngineChoice | None = "rules"
    _harness: Harness | None = field(default=None, init=False, repr=False)

    def setup(self) -> None:
        profile = load_profile(self.company)
        self._harness = Harness(profile, understanding_engine(self.engine, profile))

    @property
    def harness(self) -> Harness:
        assert self._harness is not None, "setup() first"
        return self._harness

    def close(self) -> None:
        if self._harness is not None:
            self._harness.close()
            self._harness = None
