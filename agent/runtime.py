"""What graph nodes get injected (LangGraph `Runtime[AgentContext]`): profile, engine, reply writer
and tools."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.model.writer import ReplyWriter, TemplateWriter
from agent.profile import CompanyProfile
from agent.templates import Templates
from agent.understanding.engine import UnderstandingEngine
from tools.calendar import CalendarService
from tools.crm import CrmService
from tools.handoff import HandoffService


@dataclass(frozen=True)
class AgentContext:
    profile: CompanyProfile
    engine: UnderstandingEngine
    templates: Templates
    calendar: CalendarService
    crm: CrmService
    handoff: HandoffService
    # Words the move's reply: the template as is (rules), or a model under a guard.
    writer: ReplyWriter = field(default_factory=TemplateWriter)
