"""The conversation service: the one entry point for the CLI, the HTTP server and replay.

It stores the visitor's message first, runs one turn of the graph on the conversation's thread
(one turn at a time per conversation), stores the reply, and never lets a failure inside the turn
crash the conversation: the visitor gets a safe reply and the error is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from agent.checkpoint import open_checkpointer
from agent.context import PageContext
from agent.crm_sync import needs_sync, snapshot
from agent.graph import compile_graph
from agent.labels import IcpFit, Route, Tier
from agent.lead import LeadState
from agent.model.store import conversation_usage, save_calls
from agent.model.usage import ModelUsage, metering
from agent.model.writer import ReplyWriter, TemplateWriter
from agent.profile import CompanyProfile
from agent.runtime import AgentContext
from agent.state import ConversationState, HandoffRef, Move, Reply, ToolEvent
from agent.store import ConversationRow, MessageRow
from agent.templates import load_templates
from agent.understanding.engine import RulesEngine, UnderstandingEngine
from tools.calendar import CalendarService
from tools.crm import CrmService, LeadSnapshot, SyncResult
from tools.db import Base, init_db, make_engine, session_factory
from tools.handoff import HandoffService

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
DEFAULT_OPERATOR_URL = "http://127.0.0.1:8000/operator?conversation={conversation_id}"
FALLBACK_REPLY = (
    "Sorry, something went wrong on my side. Your message is saved and a teammate will follow up."
)


# What survives an erasure in the conversation state (everything but this turn's scratch values).
_PERSISTENT_KEYS = frozenset(
    {
        "conversation_id",
        "context",
        "transcript",
        "lead",
        "tier",
        "route",
        "icp_fit",
        "reasons",
        "asked",
        "last_asked",
        "pending",
        "booking",
        "handoff",
        "opted_out",
        "transfer_declined",
        "now",
    }
)


class InvalidMessage(ValueError):
    """The visitor's message cannot be accepted (empty or too long); nothing was stored."""


class UnknownConversation(LookupError):
    pass


class TurnInProgress(RuntimeError):
    """Another message of this conversation is being answered right now."""


@dataclass(frozen=True)
class Started:
    conversation_id: str
    token: str
    reply: Reply


@dataclass(frozen=True)
class TurnOutcome:
    conversation_id: str
    reply: Reply | None
    move: Move | None
    tier: Tier
    route: Route
    icp_fit: IcpFit
    tier_before: Tier
    events: tuple[ToolEvent, ...] = ()
    duplicate: bool = False
    degraded: bool = False
    message_id: int = 0
    reply_id: int | None = None
    # The visitor's message as stored, and when.
    text: str = ""
    at: datetime | None = None
    # Model calls this turn made (none with the rules engine), and the conversation's total so far
    # (None when this turn made no model call).
    usage: ModelUsage = field(default_factory=ModelUsage)
    conversation_usage: ModelUsage | None = None

    @property
    def tier_changed(self) -> bool:
        return self.tier != self.tier_before


class CrmWriter:
    """Applies CRM snapshots inline, or on one background thread so no turn waits for them.

    A failed write is retried a few times with backoff; snapshots are complete and the CRM write
    idempotent, so the next turn's snapshot repairs anything that still failed.
    """

    ATTEMPTS = 3

    def __init__(self, crm: CrmService, *, background: bool) -> None:
        self._crm = crm
        self._queue: queue.Queue[LeadSnapshot | None] | None = None
        self._thread: threading.Thread | None = None
        if background:
            self._queue = queue.Queue()
            self._thread = threading.Thread(target=self._work, name="crm-writer", daemon=True)
            self._thread.start()

    def submit(self, snap: LeadSnapshot) -> list[ToolEvent]:
        if self._queue is not None:
            self._queue.put(snap)
            return [ToolEvent(tool="crm", action="sync", detail="queued")]
        result = self._write(snap)
        return (
            [ToolEvent(tool="crm", action="sync", detail=", ".join(result.actions))]
            if result and result.actions
            else []
        )

    def _write(self, snap: LeadSnapshot) -> SyncResult | None:
        for attempt in range(self.ATTEMPTS):
            try:
                return self._crm.sync(snap, reason=f"tier {snap.tier}, route {snap.route}")
            except Exception:
                log.exception("CRM sync failed for %s (attempt %d)", snap.conversation_id, attempt + 1)
                time.sleep(0.05 * 2**attempt)
        return None

    def _work(self) -> None:
        assert self._queue is not None
        while True:
            snap = self._queue.get()
            try:
                if snap is None:
                    return
                self._write(snap)
            finally:
                self._queue.task_done()

    def flush(self) -> None:
        if self._queue is not None:
            self._queue.join()

    def close(self) -> None:
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)


@dataclass
class _Locks:
    """One lock per conversation: one turn at a time, in this process."""

    guard: threading.Lock = field(default_factory=threading.Lock)
    locks: dict[str, threading.Lock] = field(default_factory=dict)

    def of(self, conversation_id: str) -> threading.Lock:
        with self.guard:
            return self.locks.setdefault(conversation_id, threading.Lock())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ConversationService:
    def __init__(
        self,
        context: AgentContext,
        sessions: sessionmaker[Session],
        graph: Any,
        *,
        new_id: Callable[[], str] = lambda: secrets.token_urlsafe(12),
        crm_in_background: bool = False,
    ) -> None:
        self.context = context
        self._sessions = sessions
        # The messages table is written on every turn through Core statements on the same engine.
        self._engine: Engine = sessions.kw["bind"]
        self._graph = graph
        self._locks = _Locks()
        self._new_id = new_id
        self._crm = CrmWriter(context.crm, background=crm_in_background)
        self._known: set[str] = set()
        self._token_hashes: dict[str, str] = {}

    def close(self) -> None:
        """Finish pending CRM writes."""
        self._crm.close()

    def wait_for_crm(self) -> None:
        """Block until the background CRM writer has applied every snapshot queued so far (no-op
        when the CRM is written inline)."""
        self._crm.flush()

    # --- conversations ------------------------------------------------------------------------

    def start(
        self,
        context: PageContext,
        now: datetime,
        conversation_id: str | None = None,
        *,
        email: str | None = None,
        name: str | None = None,
    ) -> Started:
        """Create a conversation and run the opener; returns its id, its secret token and the opener.

        `email` and `name` are what the host page already knows about the visitor (the widget's
        `setUser`): they start the lead as known facts, so the agent doesn't ask again."""
        cid = conversation_id or self._new_id()
        token = secrets.token_urlsafe(24)
        with self._sessions.begin() as s:
            s.add(
                ConversationRow(
                    id=cid,
                    token_hash=hash_token(token),
                    context=context.model_dump(mode="json", exclude_none=True),
                    created_at=now,
                    updated_at=now,
                )
            )
        with self._locks.of(cid):
            lead = LeadState().with_known(email=email, name=name, at=0)
            result = self._run(
                cid, {"message": "", "now": now, "conversation_id": cid, "context": context, "lead": lead}
            )
            reply = result.get("reply") or Reply(text="")
            self._store_reply(cid, reply, result.get("move"), None, now)
        return Started(conversation_id=cid, token=token, reply=reply)

    def sessions(self) -> Session:
        return self._sessions()

    def check_token(self, conversation_id: str, token: str) -> bool:
        expected = self._token_hashes.get(conversation_id)
        if expected is None:
            with self._sessions() as s:
                expected = s.scalar(
                    select(ConversationRow.token_hash).where(ConversationRow.id == conversation_id)
                )
            if expected is None:
                return False
            # Tokens never change, so the hash is cached after the first check.
            self._token_hashes[conversation_id] = expected
            self._known.add(conversation_id)
        return hmac.compare_digest(expected, hash_token(token))

    def exists(self, conversation_id: str) -> bool:
        # Conversations are never deleted, so a known id stays known: one query per id per process.
        if conversation_id in self._known:
            return True
        with self._sessions() as s:
            found = (
                s.scalar(select(ConversationRow.id).where(ConversationRow.id == conversation_id)) is not None
            )
        if found:
            self._known.add(conversation_id)
        return found

    def messages(self, conversation_id: str, after_id: int = 0) -> list[MessageRow]:
        with self._sessions() as s:
            rows = s.scalars(
                select(MessageRow)
                .where(MessageRow.conversation_id == conversation_id, MessageRow.id > after_id)
                .order_by(MessageRow.id)
            )
            return list(rows)

    def state(self, conversation_id: str) -> ConversationState:
        snapshot = self._graph.get_state({"configurable": {"thread_id": conversation_id}})
        values: ConversationState = snapshot.values
        return values

    # --- turns -------------------------------------------------------------------------------

    def post(
        self,
        conversation_id: str,
        text: str,
        now: datetime,
        client_message_id: str | None = None,
        *,
        wait: bool = True,
    ) -> TurnOutcome:
        """Store the visitor's message, answer it, store the answer. With `wait=False` a turn already
        running for this conversation raises `TurnInProgress` instead of queueing behind it."""
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise InvalidMessage("message is empty")
        if len(text) > MAX_MESSAGE_CHARS:
            raise InvalidMessage(f"message is longer than {MAX_MESSAGE_CHARS} characters")
        if not self.exists(conversation_id):
            raise UnknownConversation(conversation_id)
        lock = self._locks.of(conversation_id)
        if not lock.acquire(blocking=wait):
            raise TurnInProgress(conversation_id)
        try:
            return self._answer(conversation_id, text, now, client_message_id)
        finally:
            lock.release()

    def _answer(
        self, conversation_id: str, text: str, now: datetime, client_message_id: str | None
    ) -> TurnOutcome:
        stored = self._store_visitor(conversation_id, text, client_message_id, now)
        if stored is None:
            return self._replayed(conversation_id, client_message_id)
        degraded = False
        with metering() as meter:
            try:
                result = self._run(conversation_id, {"message": text, "now": now})
            except Exception:
                # The message is stored; a broken turn must not break the conversation.
                log.exception("turn failed for conversation %s", conversation_id)
                result = {"reply": Reply(text=FALLBACK_REPLY), "move": None}
                degraded = True
        reply = result.get("reply")
        reply_id = (
            self._store_reply(conversation_id, reply, result.get("move"), stored, now) if reply else None
        )
        total: ModelUsage | None = None
        if meter.records:
            with self._sessions.begin() as s:
                save_calls(s, conversation_id, stored, meter.records, now)
                total = conversation_usage(s, conversation_id)
        events = list(result.get("events", []))
        lead = result.get("lead")
        if result.get("move") == "opt_out" and isinstance(lead, LeadState) and lead.erase_requested:
            self._erase(conversation_id, result)
        if not degraded and needs_sync(result):
            events += self._crm.submit(snapshot(result, self.context.profile))
        before: Tier = result.get("tier_before", result.get("tier", "L0"))
        return TurnOutcome(
            conversation_id=conversation_id,
            reply=reply,
            move=result.get("move"),
            tier=result.get("tier", before),
            route=result.get("route", "sales"),
            icp_fit=result.get("icp_fit", "unknown"),
            tier_before=before,
            events=tuple(events),
            degraded=degraded,
            message_id=stored,
            reply_id=reply_id,
            text=text,
            at=now,
            usage=meter.usage,
            conversation_usage=total,
        )

    def usage(self, conversation_id: str) -> ModelUsage:
        """The model calls, tokens and cost of a conversation so far (zero with the rules engine)."""
        with self._sessions() as s:
            return conversation_usage(s, conversation_id)

    def _run(self, conversation_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        config = {"configurable": {"thread_id": conversation_id}}
        # Only the end state of a turn is persisted: nodes are cheap to re-run and every side
        # effect is idempotent, so a crash mid-turn re-runs the turn instead of resuming it.
        result: dict[str, Any] = self._graph.invoke(payload, config, context=self.context, durability="exit")
        return result

    def _store_visitor(
        self, conversation_id: str, text: str, client_message_id: str | None, now: datetime
    ) -> int | None:
        # A Core connection, not an ORM session: this runs on every turn and needs no objects back.
        try:
            with self._engine.begin() as c:
                row_id: int = c.execute(
                    insert(MessageRow).returning(MessageRow.id),
                    {
                        "conversation_id": conversation_id,
                        "role": "visitor",
                        "text": text,
                        "client_message_id": client_message_id,
                        "created_at": now,
                        "quick_replies": [],
                    },
                ).scalar_one()
            return row_id
        except IntegrityError:
            return None  # the same client message id was posted before: answered once

    def _store_reply(
        self,
        conversation_id: str,
        reply: Reply | None,
        move: Move | None,
        reply_to: int | None,
        now: datetime,
    ) -> int | None:
        if reply is None or not reply.text:
            return None
        with self._engine.begin() as c:
            row_id: int = c.execute(
                insert(MessageRow).returning(MessageRow.id),
                {
                    "conversation_id": conversation_id,
                    "role": "agent",
                    "text": reply.text,
                    "reply_to": reply_to,
                    "move": move,
                    "quick_replies": list(reply.quick_replies),
                    "created_at": now,
                },
            ).scalar_one()
            return row_id

    def _erase(self, conversation_id: str, values: dict[str, Any]) -> None:
        """ "Delete my data": blank every stored message of the conversation and drop the thread's
        checkpoint history, keeping only the erased current state (the CRM and handoff tools have
        already erased their copies in the opt-out move)."""
        with self._sessions.begin() as s:
            s.execute(
                update(MessageRow)
                .where(MessageRow.conversation_id == conversation_id)
                .values(text="[erased]")
            )
        config = {"configurable": {"thread_id": conversation_id}}
        self._graph.checkpointer.delete_thread(conversation_id)
        keep = {k: v for k, v in values.items() if k in _PERSISTENT_KEYS}
        self._graph.update_state(config, keep, as_node="opt_out")

    def set_handoff(self, conversation_id: str, handoff: HandoffRef) -> None:
        """Record an operator's take-over or hand-back in the conversation state: a live or
        requested handoff keeps the bot silent, an ended one lets it talk again."""
        with self._locks.of(conversation_id):
            config = {"configurable": {"thread_id": conversation_id}}
            self._graph.update_state(config, {"handoff": handoff}, as_node="silent")

    def store_human(self, conversation_id: str, text: str, now: datetime, author: str | None = None) -> int:
        """A message a human operator sent, kept in the conversation's history."""
        with self._sessions.begin() as s:
            row = MessageRow(
                conversation_id=conversation_id, role="human", text=text, author=author, created_at=now
            )
            s.add(row)
            s.flush()
            return row.id

    def _replayed(self, conversation_id: str, client_message_id: str | None) -> TurnOutcome:
        with self._sessions() as s:
            visitor = s.scalars(
                select(MessageRow).where(
                    MessageRow.conversation_id == conversation_id,
                    MessageRow.client_message_id == client_message_id,
                )
            ).one()
            answer = s.scalars(select(MessageRow).where(MessageRow.reply_to == visitor.id)).first()
        values = self.state(conversation_id)
        tier: Tier = values.get("tier", "L0")
        reply = Reply(text=answer.text, quick_replies=tuple(answer.quick_replies)) if answer else None
        return TurnOutcome(
            conversation_id=conversation_id,
            reply=reply,
            move=answer.move if answer else None,  # type: ignore[arg-type]
            tier=tier,
            route=values.get("route", "sales"),
            icp_fit=values.get("icp_fit", "unknown"),
            tier_before=tier,
            duplicate=True,
            message_id=visitor.id,
            reply_id=answer.id if answer else None,
            text=visitor.text,
            at=visitor.created_at,
        )


def build_context(
    profile: CompanyProfile,
    sessions: sessionmaker[Session],
    engine: UnderstandingEngine | None = None,
    operator_url: str = DEFAULT_OPERATOR_URL,
    writer: ReplyWriter | None = None,
) -> AgentContext:
    """The nodes' context. Without `writer`, an engine that brings its own reply writer (the model
    engine does) words the replies; otherwise the templates do."""
    crm = CrmService(sessions, profile)
    if writer is None:
        brought = getattr(engine, "reply_writer", None)
        writer = brought if brought is not None else TemplateWriter()
    return AgentContext(
        profile=profile,
        engine=engine or RulesEngine(profile),
        writer=writer,
        templates=load_templates(),
        calendar=CalendarService(sessions, profile),
        crm=crm,
        handoff=HandoffService(sessions, profile, crm, operator_url=operator_url),
    )


def prepare_database(url: str) -> tuple[Engine, sessionmaker[Session]]:
    import agent.store  # noqa: F401  (registers the conversation tables on Base)

    engine = make_engine(url)
    init_db(engine)
    Base.metadata.create_all(engine)
    return engine, session_factory(engine)


@contextmanager
def open_service(
    profile: CompanyProfile,
    database_url: str,
    checkpoint_url: str,
    engine: UnderstandingEngine | None = None,
    *,
    operator_url: str = DEFAULT_OPERATOR_URL,
    writer: ReplyWriter | None = None,
    **kwargs: Any,
) -> Iterator[ConversationService]:
    """A ready conversation service on the given database and checkpointer; closes them after."""
    db, sessions = prepare_database(database_url)
    try:
        with open_checkpointer(checkpoint_url) as saver:
            graph = compile_graph(saver)
            context = build_context(profile, sessions, engine, operator_url=operator_url, writer=writer)
            service = ConversationService(context, sessions, graph, **kwargs)
            try:
                yield service
            finally:
                service.close()
    finally:
        db.dispose()
