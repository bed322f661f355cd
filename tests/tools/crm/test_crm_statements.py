"""What one sync sends to the database: each row written once, the contact read with its record.

Counts, not timings: a regression here (one UPDATE per action again, the contact selected again
after the record query) shows up as extra statements on every turn that syncs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from tools.crm import CrmService, LeadSnapshot

LeadFactory = Callable[..., LeadSnapshot]


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # Without the PostgreSQL test schema's prefix, so both databases read the same.
        seen.append(re.sub(r'"?qualify_crm_test_\w+"?\.', "", " ".join(statement.split())))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_deepening_sync_updates_the_record_together(
    crm: CrmService, make_lead: LeadFactory, engine: Engine
) -> None:
    crm.sync(make_lead(tier="L1"), reason="engaged")
    with statements(engine) as seen:
        result = crm.sync(make_lead(tier="L2", transcript=make_lead().transcript[:3] * 2), reason="qualified")

    assert "tier:L2" in result.actions and "task:follow_up" in result.actions
    record_updates = [s for s in seen if s.startswith("UPDATE crm_conversations")]
    # The tier and the transcript go out in one UPDATE; the rep's assignment comes after the
    # round-robin statement has flushed them. One UPDATE per action would be three.
    assert len(record_updates) == 2, record_updates
    assert "tier=" in record_updates[0] and "transcript=" in record_updates[0]


def test_a_repeat_sync_reads_the_contact_with_its_record(
    crm: CrmService, make_lead: LeadFactory, engine: Engine
) -> None:
    crm.sync(make_lead(tier="L2"), reason="qualified")
    with statements(engine) as seen:
        result = crm.sync(make_lead(tier="L2"), reason="qualified again")

    assert result.actions == ()
    selects = [s for s in seen if s.startswith("SELECT")]
    assert any("FROM crm_conversations LEFT OUTER JOIN crm_contacts" in s for s in selects)
    # Neither by id nor by email: the contact is already in the session.
    assert not [s for s in selects if s.split(" FROM ", 1)[1].startswith("crm_contacts")], selects
    assert not [s for s in seen if s.startswith(("UPDATE", "INSERT"))], seen
