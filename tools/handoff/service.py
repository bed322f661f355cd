"""`HandoffService`: hand a conversation to a human in business hours, or promise a reply after.

The life of a handoff: `start` (status "requested": the team is notified through the CRM outbox,
and the bot keeps the visitor company) -> an operator's `take_over` ("live": the bot is quiet,
the operator's `send` messages go to the widget) -> `hand_back` ("ended": the bot may talk again).
Outside business hours `start` promises nothing and `after_hours` creates the follow-up task with
its reply-by in the visitor's time zone instead.

Every state change is one transaction (retried whole when a concurrent writer won a race, like the
CRM's writes), is idempotent, and leaves a row in the CRM's audit log. Illegal transitions raise
`HandoffError`.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, get_args
from urllib.parse import quote, urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agent.hours import add_business_hours, is_open, next_open
from agent.profile import CompanyProfile, Rep
from tools.crm import CrmService, Task
from tools.crm.audit import Writes, run_in_transaction
from tools.crm.outbox import enqueue
from tools.handoff.models import OPEN_STATUSES, Handoff, HandoffStatus, HandoffTeam, OperatorMessage
from tools.handoff.summary import HandoffSummary, PageInfo, Who, slack_payload

# The outbox kind of the team notification; deliver it with `tools.handoff.WebhookSender`.
HANDOFF_WEBHOOK: Final = "handoff_webhook"
DEFAULT_OPERATOR_URL: Final = "http://localhost:8000/operator/conversations/{conversation_id}"
MAX_MESSAGE_CHARS: Final = 4000
MAX_OPERATOR_CHARS: Final = 200
# Bounds the operator page's lists and a widget's poll.
DEFAULT_LIMIT: Final = 100


class HandoffError(Exception):
    """An operator or the agent asked for something the handoff's state does not allow."""


class HandoffNotFound(HandoffError, LookupError):
    """No handoff has this id."""


@dataclass(frozen=True)
class HandoffStarted:
    """A human has been asked to join. `created` is False when the conversation already had this
    handoff open (a repeated start). `rep` is None for the support team, or when no rep of the
    segment takes live handoffs (then the whole sales team is asked)."""

    handoff: Handoff
    rep: Rep | None
    created: bool


@dataclass(frozen=True)
class HandoffClosed:
    """Outside business hours: no human is promised. Book a meeting and call `after_hours`."""

    opens_at: datetime


HandoffOutcome = HandoffStarted | HandoffClosed


class HandoffService:
    """Handoffs on the project's database, with reps, tasks, audit and outbox from the CRM.

    `operator_url` is the operator page of a conversation, as a template with
    `{conversation_id}`; it is the link in the team's notification, so it must be absolute.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        profile: CompanyProfile,
        crm: CrmService,
        *,
        operator_url: str = DEFAULT_OPERATOR_URL,
    ) -> None:
        if session_factory.kw.get("expire_on_commit", True):
            raise ValueError(
                "HandoffService needs a sessionmaker with expire_on_commit=False (use tools.db.session_factory)"
            )
        sample = urlparse(operator_url.format(conversation_id="x"))
        if sample.scheme not in ("http", "https") or not sample.netloc:
            raise ValueError(f"operator_url must be an absolute http(s) URL template, got {operator_url!r}")
        self._sessions = session_factory
        self._profile = profile
        self._crm = crm
        self._operator_url = operator_url

    def operator_url(self, conversation_id: str) -> str:
        return self._operator_url.format(conversation_id=quote(conversation_id, safe=""))

    # The agent's side.

    def start(
        self, conversation_id: str, team: HandoffTeam, summary: HandoffSummary, now: datetime
    ) -> HandoffOutcome:
        """Ask a human to join, in business hours only; a repeat returns the open handoff.

        Sales goes to the conversation's rep (the segment's round robin the first time); the
        team is notified through the CRM outbox (kind `HANDOFF_WEBHOOK`, a Slack payload) in the
        same transaction that creates the handoff, so a handoff is never left unannounced.
        """
        _require_aware(now)
        if team not in get_args(HandoffTeam):
            raise HandoffError(f"unknown team {team!r}; expected one of {get_args(HandoffTeam)}")
        existing = self.active(conversation_id)
        if existing is not None:
            return HandoffStarted(existing, self._rep_of(existing), created=False)
        hours = self._profile.business_hours
        if not is_open(hours, now):
            return HandoffClosed(opens_at=next_open(hours, now))
        reason = f"live handoff to {team} ({summary.tier}, ICP {summary.icp_fit})"
        rep = self._live_rep(conversation_id, summary.who.segment, now, reason) if team == "sales" else None
        payload = slack_payload(
            summary,
            self.operator_url(conversation_id),
            team=team,
            rep_name=rep.name if rep is not None else None,
        )

        def work(session: Session) -> tuple[Handoff, bool]:
            found = _open_handoff(session, conversation_id)
            if found is not None:
                return found, False
            row = Handoff(
                conversation_id=conversation_id,
                team=team,
                rep_id=rep.id if rep is not None else None,
                status="requested",
                summary=summary.model_dump(mode="json"),
                reason=reason,
                created_at=now,
            )
            session.add(row)
            # A concurrent start of this conversation fails here on the open-handoff index; the
            # retried transaction then finds its row above.
            session.flush()
            writes = Writes(session, conversation_id, now, reason)
            _audit(writes, row, "requested")
            enqueue(writes, HANDOFF_WEBHOOK, payload, event=f"handoff-{row.id}")
            return row, True

        row, created = run_in_transaction(self._sessions, work)
        return HandoffStarted(row, self._rep_of(row), created)

    def after_hours(
        self, conversation_id: str, summary: HandoffSummary, visitor_timezone: str | None, now: datetime
    ) -> Task | None:
        """The follow-up that replaces a live handoff when nobody is online.

        Sales: a task for the conversation's rep, due after the profile's follow-up SLA counted
        in business hours. Support: the support team's ticket, due as the CRM's support tickets
        are. The task's `reply_by_local` is the reply-by as the visitor reads it, in their zone
        (the company's when theirs is unknown). Asking again returns the first task; None when
        the person opted out of contact.
        """
        _require_aware(now)
        reason = f"after-hours request for a person ({summary.tier}, ICP {summary.icp_fit})"
        if summary.route == "support":
            support = self._profile.support
            return self._crm.create_task(
                conversation_id,
                "support_ticket",
                title=f"{support.team_name}: {summary.who.label} asked for a person after hours",
                body=summary.to_text(),
                # The CRM's rule for support tickets (tools.crm.depth): wall-clock hours.
                due_at=now + timedelta(hours=support.reply_within_hours),
                visitor_timezone=visitor_timezone,
                rep_id=None,
                now=now,
                reason=reason,
            )
        rep = self._crm.assign_rep(conversation_id, summary.who.segment, now, reason)
        hours = self._profile.business_hours
        return self._crm.create_task(
            conversation_id,
            "handoff_followup",
            title=f"Reply to {summary.who.label}: asked for a person after hours ({summary.tier})",
            body=summary.to_text(),
            due_at=add_business_hours(hours, now, self._profile.followup_sla_business_hours),
            visitor_timezone=visitor_timezone,
            rep_id=rep.id,
            now=now,
            reason=reason,
        )

    def active(self, conversation_id: str) -> Handoff | None:
        """The conversation's open handoff; while it is "live" the bot must not answer."""
        with self._sessions() as session:
            return _open_handoff(session, conversation_id)

    def messages_since(
        self, conversation_id: str, after_id: int = 0, limit: int = DEFAULT_LIMIT
    ) -> builtins.list[OperatorMessage]:
        """Operators' messages to the visitor with an id above `after_id`, oldest first.

        Ids grow with each send; a widget polls with the last id it showed.
        """
        with self._sessions() as session:
            query = (
                select(OperatorMessage)
                .where(OperatorMessage.conversation_id == conversation_id, OperatorMessage.id > after_id)
                .order_by(OperatorMessage.id)
                .limit(limit)
            )
            return builtins.list(session.scalars(query))

    # The operator page's side.

    def get(self, handoff_id: int) -> Handoff:
        with self._sessions() as session:
            return _get(session, handoff_id)

    def pending(self, limit: int = DEFAULT_LIMIT) -> builtins.list[Handoff]:
        """Handoffs waiting for a human, the longest-waiting first."""
        with self._sessions() as session:
            query = select(Handoff).where(Handoff.status == "requested").order_by(Handoff.id).limit(limit)
            return builtins.list(session.scalars(query))

    def list(self, status: HandoffStatus | None = None, limit: int = DEFAULT_LIMIT) -> builtins.list[Handoff]:
        """Handoffs (of one status, or all), the newest first."""
        with self._sessions() as session:
            query = select(Handoff).order_by(Handoff.id.desc()).limit(limit)
            if status is not None:
                query = query.where(Handoff.status == status)
            return builtins.list(session.scalars(query))

    def take_over(self, handoff_id: int, operator: str, now: datetime) -> Handoff:
        """requested -> live: `operator` now talks to the visitor. Repeating it is harmless;
        taking a handoff another operator holds, or one that has ended, is a `HandoffError`."""
        _require_aware(now)
        operator = _operator(operator)

        def work(session: Session) -> Handoff:
            row = _get(session, handoff_id)
            if row.status == "live" and row.taken_by == operator:
                return row
            if row.status != "requested":
                holder = f"live with {row.taken_by}" if row.status == "live" else "ended"
                raise HandoffError(f"handoff {handoff_id} cannot be taken over: it is {holder}")

            def apply() -> Handoff:
                row.status = "live"
                row.taken_at = now
                row.taken_by = operator
                return row

            _audit(Writes(session, row.conversation_id, now, f"taken over by {operator}"), row, "live", apply)
            return row

        return run_in_transaction(self._sessions, work)

    def send(
        self,
        handoff_id: int,
        operator: str,
        text: str,
        now: datetime,
        *,
        client_message_id: str | None = None,
    ) -> OperatorMessage:
        """Store a message for the visitor, only while the handoff is live. The text is kept as
        typed (the widget renders text, never HTML). A retry with the same `client_message_id`
        returns the first message instead of sending twice."""
        _require_aware(now)
        operator = _operator(operator)
        if not text.strip():
            raise HandoffError("an operator message needs some text")
        if len(text) > MAX_MESSAGE_CHARS:
            raise HandoffError(f"an operator message is at most {MAX_MESSAGE_CHARS} characters")

        def work(session: Session) -> OperatorMessage:
            row = _get(session, handoff_id)
            if client_message_id is not None:
                sent = session.scalar(
                    select(OperatorMessage).where(
                        OperatorMessage.handoff_id == handoff_id,
                        OperatorMessage.client_message_id == client_message_id,
                    )
                )
                if sent is not None:
                    return sent
            if row.status != "live":
                raise HandoffError(
                    f"handoff {handoff_id} is {row.status}: take it over before writing to the visitor"
                )
            message = OperatorMessage(
                conversation_id=row.conversation_id,
                handoff_id=row.id,
                author=operator,
                text=text,
                client_message_id=client_message_id,
                created_at=now,
            )
            session.add(message)
            session.flush()
            return message

        return run_in_transaction(self._sessions, work)

    def hand_back(self, handoff_id: int, operator: str, now: datetime) -> Handoff:
        """requested or live -> ended: the bot may talk again. Repeating it is harmless."""
        _require_aware(now)
        operator = _operator(operator)

        def work(session: Session) -> Handoff:
            row = _get(session, handoff_id)
            if row.status == "ended":
                return row

            def apply() -> Handoff:
                row.status = "ended"
                row.ended_at = now
                row.ended_by = operator
                return row

            _audit(
                Writes(session, row.conversation_id, now, f"handed back by {operator}"), row, "ended", apply
            )
            return row

        return run_in_transaction(self._sessions, work)

    def erase(self, conversation_id: str, now: datetime) -> None:
        """Delete the person's data held by handoffs ("delete my data"): operators' messages, and
        every summary field that quotes or names them. Tier and ICP labels stay for reporting."""
        _require_aware(now)

        def work(session: Session) -> None:
            def apply() -> int:
                messages = session.scalars(
                    select(OperatorMessage).where(OperatorMessage.conversation_id == conversation_id)
                )
                for message in messages:
                    session.delete(message)
                rows = builtins.list(
                    session.scalars(select(Handoff).where(Handoff.conversation_id == conversation_id))
                )
                for row in rows:
                    row.summary = _erased(row.read_summary()).model_dump(mode="json")
                return len(rows)

            Writes(session, conversation_id, now, "the visitor asked to delete their data").once(
                "handoff:erase", apply, lambda: 0, lambda n: {"handoffs": n}
            )

        run_in_transaction(self._sessions, work)

    # Helpers.

    def _live_rep(self, conversation_id: str, segment: str | None, now: datetime, reason: str) -> Rep | None:
        """The conversation's rep if they take live handoffs, else the first of the segment's reps
        who does, else None (the whole team is asked)."""
        rep = self._crm.assign_rep(conversation_id, segment, now, reason)
        if rep.live_handoff:
            return rep
        return next((r for r in self._profile.reps_for(segment) if r.live_handoff), None)

    def _rep_of(self, row: Handoff) -> Rep | None:
        return self._profile.rep(row.rep_id) if row.rep_id is not None else None


def _open_handoff(session: Session, conversation_id: str) -> Handoff | None:
    return session.scalar(
        select(Handoff).where(Handoff.conversation_id == conversation_id, Handoff.status.in_(OPEN_STATUSES))
    )


def _get(session: Session, handoff_id: int) -> Handoff:
    row = session.get(Handoff, handoff_id)
    if row is None:
        raise HandoffNotFound(f"no handoff with id {handoff_id}")
    return row


def _audit(
    writes: Writes, row: Handoff, status: HandoffStatus, apply: Callable[[], Handoff] | None = None
) -> None:
    """Move `row` to `status` (`apply`) once, with its audit row; the action names the handoff."""
    writes.once(
        f"handoff:{row.id}:{status}",
        apply or (lambda: row),
        lambda: row,
        lambda r: {
            "handoff_id": r.id,
            "team": r.team,
            "rep_id": r.rep_id,
            "status": status,
            "operator": r.ended_by if status == "ended" else r.taken_by,
        },
    )


def _erased(summary: HandoffSummary) -> HandoffSummary:
    return summary.model_copy(
        update={
            "who": Who(segment=summary.who.segment),
            "evidence": (),
            "open_question": None,
            "page": PageInfo(),
            "transcript": (),
        }
    )


def _operator(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_OPERATOR_CHARS:
        raise HandoffError(f"an operator name is 1 to {MAX_OPERATOR_CHARS} characters")
    return name


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("handoff times must be timezone-aware")
