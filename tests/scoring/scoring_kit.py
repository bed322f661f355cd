"""Shared fixture for scoring tests: feed a scripted conversation through the rules engine."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from agent.context import PageContext, Turn
from agent.lead import LeadState
from agent.profile import CompanyProfile
from agent.understanding.engine import RulesEngine, TurnInput

Converse = Callable[..., LeadState]


@pytest.fixture
def converse(profile: CompanyProfile) -> Converse:
    """Feed visitor messages (agent lines as ("agent", text) tuples) through the rules engine."""

    def run(*turns: str | tuple[str, str], context: PageContext | None = None) -> LeadState:
        engine = RulesEngine(profile)
        lead = LeadState()
        history: list[Turn] = []
        ctx = context or PageContext()
        for i, t in enumerate(turns):
            if isinstance(t, tuple):
                history.append(Turn(role="agent", text=t[1]))
                continue
            a = engine.analyze(TurnInput.for_lead(lead, t, i, ctx, history))
            lead = lead.apply(a)
            history.append(Turn(role="visitor", text=t))
        return lead

    return run
