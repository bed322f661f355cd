"""Where a conversation happens: page context and the turns exchanged so far."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Speaker = Literal["visitor", "agent"]


class PageContext(BaseModel):
    """What the widget (or a transcript's `context`) tells us about where the chat started.

    Every field is optional, as in TRANSCRIPTS.md; unknown extra fields are kept, not rejected.
    """

    model_config = ConfigDict(extra="allow")

    page_url: str | None = None
    page_title: str | None = None
    referrer: str | None = None
    utm: dict[str, str] = Field(default_factory=dict)
    visit_count: int = Field(default=1, ge=0)
    now: datetime | None = None
    timezone: str | None = None
    known_customer: bool = False

    @property
    def returning(self) -> bool:
        return self.visit_count >= 2


class Turn(BaseModel):
    """One message of a conversation, as the analyzer sees history."""

    model_config = ConfigDict(frozen=True)

    role: Speaker
    text: str
