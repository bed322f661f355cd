"""The per-call prompt budget: fixed parts always, then as much recent history as fits.

A prompt is the system text, the facts and the current message (always sent), plus the
conversation so far. History is added newest first while it fits in `limit` tokens; when older
turns do not fit, they are replaced by one line summarising what the lead state already knows
(who the visitor is, what they said they need, what happened). So a prompt never exceeds the
budget (unless its fixed parts alone do), and the tokens a conversation costs grow linearly with
its turns instead of quadratically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from agent.lead import LeadState
from agent.model.tokens import TokenCounter

# An old message longer than this is shortened in the history (the current one never is).
MAX_HISTORY_LINE_CHARS = 500


@dataclass(frozen=True)
class HistoryLine:
    role: Literal["visitor", "agent", "human"]
    text: str

    def render(self) -> str:
        who = {"visitor": "Visitor", "agent": "You", "human": "Teammate"}[self.role]
        text = " ".join(self.text.split())
        if len(text) > MAX_HISTORY_LINE_CHARS:
            text = text[: MAX_HISTORY_LINE_CHARS - 1].rstrip() + "…"
        return f"{who}: {text}"


@dataclass(frozen=True)
class FittedHistory:
    lines: tuple[str, ...]
    # Older turns were left out (and summarised, if the summary fitted).
    trimmed: bool
    summary: str | None
    tokens: int

    @property
    def text(self) -> str:
        parts = ([f"Earlier: {self.summary}"] if self.summary else []) + list(self.lines)
        return "\n".join(parts) if parts else "(no earlier messages)"


def fit_history(
    counter: TokenCounter, available: int, history: Sequence[HistoryLine], summary: str
) -> FittedHistory:
    """The newest history lines that fit in `available` tokens, with `summary` standing in for the
    older ones when some are left out."""
    rendered = [h.render() for h in history]
    costs = [counter.count(line) + 1 for line in rendered]  # +1 for the newline
    if sum(costs) <= available:
        return FittedHistory(tuple(rendered), False, None, sum(costs))
    summary_cost = counter.count(f"Earlier: {summary}") + 1 if summary else 0
    room = available - summary_cost
    kept: list[str] = []
    used = 0
    for line, cost in zip(reversed(rendered), reversed(costs), strict=True):
        if used + cost > room:
            break
        kept.append(line)
        used += cost
    kept.reverse()
    if summary and room >= 0:
        return FittedHistory(tuple(kept), True, summary, used + summary_cost)
    return FittedHistory(tuple(kept), True, None, used)


def lead_summary(lead: LeadState) -> str:
    """One line of what the conversation established, from the lead state (not from the text)."""
    facts: list[str] = []
    name = lead.value("name")
    if isinstance(name, str):
        facts.append(f"name {name}")
    if lead.role:
        facts.append(f"role {lead.role}")
    if lead.company_size is not None:
        facts.append(f"{lead.company_size} employees")
    if lead.industry:
        facts.append(f"industry {lead.industry}")
    if lead.has_problem:
        rec = lead.slots.get("problem")
        facts.append(f'problem: "{rec.evidence.quote[:120]}"' if rec else "a problem stated")
    if lead.value("email"):
        facts.append("email given")
    if lead.tools:
        facts.append("uses " + ", ".join(lead.tools[:6]))
    if lead.seats:
        facts.append(f"{lead.seats} seats")
    for label, kind in (
        (sorted(lead.signals()), "signals"),
        (sorted(lead.objections()), "objections"),
        (sorted(lead.intents()), "intents"),
    ):
        if label:
            facts.append(f"{kind} {', '.join(label)}")
    if lead.booked:
        facts.append("a meeting is booked")
    if lead.transferred:
        facts.append("handed to a teammate")
    if lead.support_mode:
        facts.append("existing customer needing support")
    facts.append(f"{lead.visitor_messages} visitor messages so far")
    return "; ".join(facts) + "."
