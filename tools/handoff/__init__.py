"""The handoff tool: a warm transfer to a human in business hours, a promised reply after hours.

Typical use: `build_summary` from the lead, score and transcript -> `HandoffService.start`
(a `HandoffClosed` outcome means after hours: book, then `HandoffService.after_hours`). The team
hears of it through the CRM outbox; drain it with `WebhookSender`. Operators `pending` /
`take_over` / `send` / `hand_back`; the widget polls `messages_since`.
"""

from tools.handoff.models import (
    HANDOFF_TABLES,
    Handoff,
    HandoffStatus,
    HandoffTeam,
    OperatorMessage,
)
from tools.handoff.service import (
    HANDOFF_WEBHOOK,
    HandoffClosed,
    HandoffError,
    HandoffNotFound,
    HandoffOutcome,
    HandoffService,
    HandoffStarted,
)
from tools.handoff.summary import (
    HandoffSummary,
    PageInfo,
    Quote,
    TranscriptLine,
    Who,
    build_summary,
    slack_payload,
)
from tools.handoff.webhook import WebhookError, WebhookSender

__all__ = [
    "HANDOFF_TABLES",
    "HANDOFF_WEBHOOK",
    "Handoff",
    "HandoffClosed",
    "HandoffError",
    "HandoffNotFound",
    "HandoffOutcome",
    "HandoffService",
    "HandoffStarted",
    "HandoffStatus",
    "HandoffSummary",
    "HandoffTeam",
    "OperatorMessage",
    "PageInfo",
    "Quote",
    "TranscriptLine",
    "WebhookError",
    "WebhookSender",
    "Who",
    "build_summary",
    "slack_payload",
]
