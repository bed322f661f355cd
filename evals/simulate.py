"""Simulated conversations: a persona's visitor talks to the real agent, then the database is checked.

The visitor (`evals.visitor`) and the agent take turns on the harness's service, the clock starting
at the persona's `now` and moving `SECONDS_PER_TURN` per visitor message. When the visitor stops
(nothing left to say, a person took over, or out of turns), the end state is read from the
database and compared with the persona's `expect`, field by field (as tau-bench does: outcomes, not
wording). The simulated conversation is also returned as a labelled transcript (the visitor's own
labels as gold, `expect` as the gold outcome), so simulations get the same metrics as replays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from agent.moves.common import visitor_zone
from evals.harness import EndState, Harness, HarnessJob
from evals.personas import Persona
from evals.replay import run_from, visitor_turn
from evals.runs import ConversationRun, RunTurn, turn_clock
from evals.transcripts import Conversation, Gold, TranscriptTurn
from evals.visitor import AgentTurn, Memory, Said, next_message

Status = Literal["pass", "fail", "xfail", "xpass"]
"""`xfail`: failed as the persona's `expected_failure` says; `xpass`: marked, but passed."""


@dataclass(frozen=True)
class Check:
    name: str
    expected: Any
    actual: Any

    @property
    def ok(self) -> bool:
        return bool(self.expected == self.actual)

    def describe(self) -> str:
        return f"{self.name}: expected {self.expected}, got {self.actual}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "expected": self.expected, "actual": self.actual, "ok": self.ok}


@dataclass(frozen=True)
class Simulated:
    """One persona's simulated conversation, its run record and the verdict on its end state."""

    persona_id: str
    description: str
    run: ConversationRun
    transcript: Conversation
    """The conversation in the transcript format, with the visitor's labels and `expect` as gold."""
    checks: tuple[Check, ...]
    expected_failure: str | None
    why: tuple[str, ...]
    """Per visitor message, what made the visitor say it (for reading a failure)."""

    @property
    def passed(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def status(self) -> Status:
        if self.expected_failure is None:
            return "pass" if self.passed else "fail"
        return "xpass" if self.passed else "xfail"

    @property
    def failures(self) -> list[str]:
        return [c.describe() for c in self.checks if not c.ok]


def check_end_state(persona: Persona, run: ConversationRun, end: EndState) -> tuple[Check, ...]:
    """The persona's expectations against the conversation state and the database rows."""
    expect = persona.expect
    crm = expect.crm
    outcome = run.predicted
    checks = [
        Check("tier (conversation state)", expect.tier, outcome.tier),
        Check("route (conversation state)", expect.route, outcome.route),
        Check("icp_fit (conversation state)", expect.icp_fit, outcome.icp_fit),
        Check("booked (calendar_bookings)", expect.booked, end.booked),
        Check("handoff (handoff_handoffs)", expect.handoff, end.handoff),
        Check("contact stage (crm_contacts)", crm.stage, end.contact_stage),
        Check("opportunity (crm_opportunities)", crm.opportunity, end.opportunity),
        Check("do not contact (crm_contacts)", crm.do_not_contact, end.do_not_contact),
        Check("erased (crm_contacts)", crm.erased, end.erased),
    ]
    if crm.open_tasks is not None:
        checks.append(Check("open tasks (crm_tasks)", sorted(crm.open_tasks), list(end.open_tasks)))
    if crm.content_sent is not None:
        checks.append(Check("content sent (crm_outbox)", crm.content_sent, end.content_sent))
    return tuple(checks)


def simulate_persona(persona: Persona, harness: Harness) -> Simulated:
    context = persona.context
    start = context.now
    assert start is not None  # a persona's clock is required by its schema
    zone = visitor_zone(context, harness.profile)
    turns: list[RunTurn] = []
    transcript: list[TranscriptTurn] = []
    why: list[str] = []
    memory = Memory()
    with harness.conversation(persona.id) as live:
        started = live.start(context, start)
        turns.append(RunTurn(role="agent", text=started.reply.text, at=start, move="open"))
        transcript.append(TranscriptTurn(role="agent", text=started.reply.text))
        agent = AgentTurn(text=started.reply.text, quick_replies=started.reply.quick_replies)
        now = start
        while True:
            said: Said | None
            said, memory = next_message(persona, memory, agent, now.astimezone(zone))
            if said is None:
                break
            clock = turn_clock(start, memory.sent)
            assert clock is not None
            now = clock
            outcome, result = live.post(said.text, now)
            turns.append(visitor_turn(said.text, now, result, outcome))
            gold_labels = None if said.labels.is_empty() else said.labels
            transcript.append(TranscriptTurn(role="visitor", text=said.text, labels=gold_labels))
            why.append(said.why)
            reply = outcome.reply
            if reply is not None:
                turns.append(RunTurn(role="agent", text=reply.text, at=now, move=outcome.move))
                transcript.append(TranscriptTurn(role="agent", text=reply.text))
            agent = AgentTurn(
                text=reply.text if reply else None,
                quick_replies=reply.quick_replies if reply else (),
                events=tuple(f"{e.tool}.{e.action}" for e in outcome.events),
            )
        state = live.state()
        end = live.end_state()
        usage = live.usage()
    run = run_from(persona.id, turns, state, end, usage)
    expect = persona.expect
    gold = Conversation(
        id=persona.id,
        context=context,
        turns=tuple(transcript),
        gold=Gold(
            tier=expect.tier,
            icp_fit=expect.icp_fit,
            route=expect.route,
            handoff=expect.handoff != "none",
            meeting_booked=expect.booked,
        ),
    )
    return Simulated(
        persona_id=persona.id,
        description=persona.description,
        run=run,
        transcript=gold,
        checks=check_end_state(persona, run, end),
        expected_failure=persona.expected_failure,
        why=tuple(why),
    )


@dataclass
class SimulateJob(HarnessJob):
    """`evals.batch.Job` for simulation."""

    def run(self, persona: Persona) -> Simulated:
        return simulate_persona(persona, self.harness)
