"""What a CRM sync is given (`LeadSnapshot`) and what it reports back (`SyncResult`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agent.labels import IcpFit, Route, Tier
from tools.crm.models import OpportunityStage, TranscriptEntry


@dataclass(frozen=True, kw_only=True)
class LeadSnapshot:
    """Everything the agent knows about a conversation's visitor at the end of a turn.

    A snapshot is complete, not a delta: the CRM may receive the same one twice, or an older one
    after a newer one (a re-run node), and must end in the same state either way.
    """

    conversation_id: str
    tier: Tier
    route: Route
    icp_fit: IcpFit
    now: datetime
    email: str | None = None
    name: str | None = None
    company_size: int | None = None
    industry: str | None = None
    role: str | None = None
    # The quoted visitor words behind the tier, shown to the rep in the task and summary.
    evidence: Sequence[str] = ()
    page_context: Mapping[str, Any] = field(default_factory=dict)
    transcript: Sequence[TranscriptEntry] = ()
    # The visitor's IANA zone (from the browser); reply-by times are shown in it.
    visitor_timezone: str | None = None
    # Which explicit next step made the conversation L3; required for L3, ignored below it.
    next_step: OpportunityStage | None = None

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("LeadSnapshot.now must be timezone-aware")
        if self.tier == "L3" and self.next_step is None:
            raise ValueError("an L3 LeadSnapshot needs next_step ('meeting_booked' or 'live_conversation')")

    @property
    def normalized_email(self) -> str | None:
        """The dedup key: trimmed and lowercased, or None when no usable email is known."""
        email = (self.email or "").strip().lower()
        return email or None


@dataclass(frozen=True)
class SyncResult:
    """The CRM state of a conversation after a sync, and which actions this call performed.

    `actions` is empty when the sync changed nothing new (a repeat), which makes idempotency
    visible to callers and tests.
    """

    conversation_id: str
    tier: Tier
    contact_id: int | None
    rep_id: str | None
    task_id: int | None
    opportunity_id: int | None
    actions: tuple[str, ...]
