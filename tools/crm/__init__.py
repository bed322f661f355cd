"""The built-in CRM: contacts, conversation records, tasks and opportunities at the depth each tier
earned, every write idempotent and audited, and an outbox for writes to external systems."""

from tools.crm.models import (
    CRM_TABLES,
    AuditLog,
    Contact,
    ConversationRecord,
    LifecycleStage,
    Opportunity,
    OpportunityStage,
    Outbox,
    Task,
    TaskKind,
    TaskStatus,
    TranscriptEntry,
)
from tools.crm.opportunities import DEFAULT_SALES_CYCLE_DAYS, SALES_CYCLE_DAYS
from tools.crm.outbox import DrainReport, Sender, backoff
from tools.crm.service import CrmService
from tools.crm.snapshot import LeadSnapshot, SyncResult

__all__ = [
    "CRM_TABLES",
    "DEFAULT_SALES_CYCLE_DAYS",
    "SALES_CYCLE_DAYS",
    "AuditLog",
    "Contact",
    "ConversationRecord",
    "CrmService",
    "DrainReport",
    "LeadSnapshot",
    "LifecycleStage",
    "Opportunity",
    "OpportunityStage",
    "Outbox",
    "Sender",
    "SyncResult",
    "Task",
    "TaskKind",
    "TaskStatus",
    "TranscriptEntry",
    "backoff",
]
