"""Request and response bodies of the HTTP API (a trust boundary: validated by pydantic)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ClientContext(BaseModel):
    """What the widget may tell us about the page. Anything else is ignored."""

    model_config = ConfigDict(extra="ignore")

    page_url: str | None = Field(default=None, max_length=2000)
    page_title: str | None = Field(default=None, max_length=500)
    referrer: str | None = Field(default=None, max_length=2000)
    utm: dict[str, str] = Field(default_factory=dict, max_length=10)
    visit_count: int = Field(default=1, ge=1, le=100000)
    timezone: str | None = Field(default=None, max_length=64)


class VisitorUser(BaseModel):
    model_config = ConfigDict(extra="ignore")
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)


class CreateConversation(BaseModel):
    context: ClientContext = Field(default_factory=ClientContext)
    user: VisitorUser | None = None
    attributes: dict[str, Any] = Field(default_factory=dict, max_length=50)


class PostMessage(BaseModel):
    text: str = Field(min_length=1, max_length=2000)
    client_message_id: str | None = Field(
        default=None, min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$"
    )


class MessageOut(BaseModel):
    id: int
    role: Literal["visitor", "agent", "human"]
    text: str
    quick_replies: list[str] = Field(default_factory=list)
    created_at: datetime
    # Who wrote a human operator's message.
    author: str | None = None


class Status(BaseModel):
    online: bool
    banner: str | None = None


class ConversationOut(BaseModel):
    conversation_id: str
    messages: list[MessageOut]
    handoff: dict[str, Any] = Field(default_factory=dict)
    status: Status


class CreatedConversation(BaseModel):
    conversation_id: str
    token: str
    messages: list[MessageOut]
    status: Status


class TurnOut(BaseModel):
    message: MessageOut
    reply: MessageOut | None


class ProactiveOut(BaseModel):
    time_on_page_s: int | None = None
    exit_intent: bool = False
    returning_visitor: bool = False


class WidgetConfig(BaseModel):
    company: str
    product: str
    disclosure: str
    status: Status
    proactive: ProactiveOut


class OperatorAction(BaseModel):
    operator: str = Field(min_length=1, max_length=100)


class OperatorReply(OperatorAction):
    text: str = Field(min_length=1, max_length=4000)
    client_message_id: str | None = Field(default=None, max_length=128)


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorBody
