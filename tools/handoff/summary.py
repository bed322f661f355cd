"""What the human taking a handoff reads first: who, tier, the evidence in the visitor's own words,
the question still open, where the chat started, and the last turns.

`HandoffSummary` is stored with the handoff (as JSON) and read back on the operator page, so it is
a pydantic model that round-trips exactly. `slack_payload` renders it for a Slack-compatible
incoming webhook; everything the visitor typed is escaped there, so a visitor cannot ping a
channel or plant a link in the team's Slack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict

from agent.context import PageContext, Speaker
from agent.labels import IcpFit, Route, Tier
from agent.lead import LeadState
from agent.profile import CompanyProfile
from agent.scoring import Score
from agent.understanding.analysis import Evidence

# Quotes kept as evidence; a rep reads a handful, not the whole analysis.
MAX_EVIDENCE: Final = 10
# The compact transcript: the last turns, each clipped.
TRANSCRIPT_TURNS: Final = 12
MAX_TURN_CHARS: Final = 1000
# Slack's limits: header text 150, section text 3000, field text 2000 characters.
_SLACK_HEADER: Final = 150
_SLACK_SECTION: Final = 3000
_SLACK_FIELD: Final = 2000

# Slots worth quoting; name and email are already in `who`.
_QUOTED_SLOTS: Final = ("company_size", "industry", "role", "problem")
# Sentences end at . ! ? followed by a space or a line break (not the dot inside "acme.com").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Who(_Model):
    name: str | None = None
    email: str | None = None
    company_size: int | None = None
    industry: str | None = None
    role: str | None = None
    segment: str | None = None

    @property
    def label(self) -> str:
        """The person as a short label, e.g. "Jane <jane@acme.test>" or "a visitor"."""
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or "a visitor"

    @property
    def company(self) -> str:
        """E.g. "250 employees, software"; empty when neither is known."""
        size = f"{self.company_size} employees" if self.company_size is not None else None
        return ", ".join(p for p in (size, self.industry) if p)


class Quote(_Model):
    """Visitor words behind the verdict: `turn` is the 0-based turn index (agent turns count)."""

    turn: int
    text: str
    # What the words show, e.g. ("company size 250", "timeline").
    shows: tuple[str, ...]


class TranscriptLine(_Model):
    role: Speaker
    text: str
    at: str | None = None


class PageInfo(_Model):
    url: str | None = None
    title: str | None = None
    utm: dict[str, str] = {}


class HandoffSummary(_Model):
    who: Who
    tier: Tier
    route: Route
    icp_fit: IcpFit
    icp_reasons: tuple[str, ...]
    # The scorer's reasons for the tier, in its words.
    reasons: tuple[str, ...]
    evidence: tuple[Quote, ...]
    open_question: str | None
    page: PageInfo
    # The last `TRANSCRIPT_TURNS` turns; `turns` is how many the conversation had in all.
    transcript: tuple[TranscriptLine, ...]
    turns: int

    def to_text(self) -> str:
        """A few plain lines for a task body or an email."""
        details = ", ".join(p for p in (self.who.role, self.who.company, self.who.segment) if p)
        lines = [
            f"Who: {self.who.label}" + (f" ({details})" if details else ""),
            f"Tier: {self.tier}, route: {self.route}, ICP {self.icp_fit}: {'; '.join(self.icp_reasons)}",
        ]
        if self.open_question:
            lines.append(f'Open question: "{self.open_question}"')
        if self.page.url or self.page.title:
            lines.append(f"Page: {_page_text(self.page)}")
        if self.evidence:
            lines.append("Evidence:")
            lines.extend(f'- turn {q.turn}: "{q.text}" ({", ".join(q.shows)})' for q in self.evidence)
        return "\n".join(lines)


def build_summary(
    lead: LeadState,
    score: Score,
    transcript: Sequence[Mapping[str, Any]],
    context: Mapping[str, Any] | PageContext,
    profile: CompanyProfile,
    open_question: str | None = None,
) -> HandoffSummary:
    """Summarise a conversation for the human taking it over.

    `transcript` is the whole conversation so far as `{role, text, at}` entries (the CRM's
    `TranscriptEntry`), so evidence turn indexes point into it. `open_question` defaults to the
    visitor's last question in the transcript.
    """
    ctx = context.model_dump() if isinstance(context, PageContext) else context
    email = lead.value("email")
    name = lead.value("name")
    lines = [
        TranscriptLine(
            role=entry["role"],
            text=_clip(str(entry["text"]), MAX_TURN_CHARS),
            at=_at(entry.get("at")),
        )
        for entry in transcript
    ]
    utm = ctx.get("utm") or {}
    return HandoffSummary(
        who=Who(
            name=name if isinstance(name, str) else None,
            email=email if isinstance(email, str) else None,
            company_size=lead.company_size,
            industry=lead.industry,
            role=lead.role,
            segment=profile.segment_for(lead.company_size),
        ),
        tier=score.tier,
        route=score.route,
        icp_fit=score.icp.fit,
        icp_reasons=score.icp.reasons,
        reasons=tuple(r.text for r in score.reasons),
        evidence=evidence_quotes(lead, score),
        open_question=open_question if open_question is not None else last_question(lead, transcript),
        page=PageInfo(
            url=ctx.get("page_url"),
            title=ctx.get("page_title"),
            utm={str(k): str(v) for k, v in utm.items()},
        ),
        transcript=tuple(lines[-TRANSCRIPT_TURNS:]),
        turns=len(lines),
    )


def evidence_quotes(lead: LeadState, score: Score) -> tuple[Quote, ...]:
    """The visitor's words behind the verdict, one quote per distinct span, in conversation order.

    Most telling first when there are too many: what they want (intents, buying signals,
    objections), then who they are (slots), then any other words the scorer cited.
    """
    found: dict[tuple[int, str], list[str]] = {}
    order: list[tuple[int, int, str]] = []

    def add(evidence: Evidence, shows: str) -> None:
        key = (evidence.turn, evidence.quote)
        if key not in found:
            if len(found) >= MAX_EVIDENCE:
                return
            found[key] = []
            order.append((evidence.turn, evidence.start, evidence.quote))
        if shows not in found[key]:
            found[key].append(shows)

    for kind in ("intent", "signal", "objection"):
        for obs in lead.observations:
            if obs.kind == kind:
                add(obs.evidence, obs.label.replace("_", " "))
    for slot in _QUOTED_SLOTS:
        rec = lead.slots.get(slot)
        if rec is not None:
            value = "" if isinstance(rec.value, bool) else f" {rec.value}"
            add(rec.evidence, f"{slot.replace('_', ' ')}{value}")
    # The scorer cites the same words for its reasons; only words nothing above quoted are new.
    for reason in score.reasons:
        for ev in reason.evidence:
            if (ev.turn, ev.quote) not in found:
                add(ev, reason.text)
    return tuple(
        Quote(turn=turn, text=quote, shows=tuple(found[(turn, quote)])) for turn, _, quote in sorted(order)
    )


def last_question(lead: LeadState, transcript: Sequence[Mapping[str, Any]]) -> str | None:
    """The visitor's last question: the last sentence ending in "?" of their latest message that
    has one, or a message the understanding engine read as a question without a question mark."""
    asked = {o.evidence.turn for o in lead.observations if o.kind == "flag" and o.label == "question"}
    for turn in range(len(transcript) - 1, -1, -1):
        entry = transcript[turn]
        if entry["role"] != "visitor":
            continue
        text = str(entry["text"])
        questions = [s for s in _SENTENCE_END.split(text.strip()) if "?" in s]
        if questions:
            return _clip(questions[-1], MAX_TURN_CHARS)
        if turn in asked:
            return _clip(text.strip(), MAX_TURN_CHARS)
    return None


def slack_payload(
    summary: HandoffSummary,
    conversation_url: str,
    *,
    team: str = "sales",
    rep_name: str | None = None,
) -> dict[str, Any]:
    """A Slack incoming-webhook message: `text` for notifications, `blocks` for the channel.

    `conversation_url` is the operator page of the conversation (absolute http(s) URL: Slack
    rejects anything else in a button).
    """
    parsed = urlparse(conversation_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"conversation_url must be an absolute http(s) URL, got {conversation_url!r}")
    who = summary.who
    header = f"Handoff to {team}: {who.label}"
    fallback = f"{header} ({summary.tier}, ICP {summary.icp_fit})"
    if summary.open_question:
        fallback += f'. Open question: "{summary.open_question}"'
    fields = [
        ("Who", who.label),
        ("Company", who.company or "unknown"),
        ("Role", who.role or "unknown"),
        ("Segment", who.segment or "unknown"),
        ("Tier", f"{summary.tier} (route {summary.route})"),
        ("ICP", f"{summary.icp_fit}: {'; '.join(summary.icp_reasons)}"),
    ]
    if rep_name:
        fields.append(("Rep", rep_name))
    if summary.page.url or summary.page.title:
        fields.append(("Page", _page_text(summary.page)))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(header, _SLACK_HEADER)}},
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": _clip(f"*{label}*\n{escape(value)}", _SLACK_FIELD)}
                for label, value in fields
            ],
        },
    ]
    if summary.open_question:
        blocks.append(_section(f"*Open question*\n>{escape(summary.open_question)}"))
    if summary.evidence:
        quotes = "\n".join(
            f"• turn {q.turn}: “{escape(q.text)}” _({escape(', '.join(q.shows))})_" for q in summary.evidence
        )
        blocks.append(_section(f"*Evidence*\n{quotes}"))
    blocks.append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": "open_conversation",
                    "style": "primary",
                    "text": {"type": "plain_text", "text": "Open conversation"},
                    "url": conversation_url,
                }
            ],
        }
    )
    return {"text": escape(fallback), "blocks": blocks}


def escape(text: str) -> str:
    """Slack's control characters as entities: `<!channel>` or `<http://x|y>` show as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, _SLACK_SECTION)}}


def _page_text(page: PageInfo) -> str:
    where = " ".join(p for p in (page.title, f"({page.url})" if page.title and page.url else page.url) if p)
    if page.utm:
        where += " " + ", ".join(f"{k}={v}" for k, v in sorted(page.utm.items()))
    return where


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _at(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime) else str(value)
