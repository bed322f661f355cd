"""Generalisation of the rules engine on phrasings it was not tuned on (see heldout_cases.py)."""

from __future__ import annotations

import pytest
from heldout_cases import CASES, CUSTOMER_CASES, LABEL_CASES

from agent.context import PageContext, Turn
from agent.profile import CompanyProfile
from agent.understanding.analysis import TurnAnalysis
from agent.understanding.engine import RulesEngine, TurnInput


def flatten(a: TurnAnalysis) -> set[str]:
    out = {f"signal:{h.label}" for h in a.signals}
    out |= {f"objection:{h.label}" for h in a.objections}
    out |= {f"intent:{h.label}" for h in a.intents}
    out |= {f"slot:{h.slot}={h.value}" for h in a.slots}
    return out


def analyze(profile: CompanyProfile, agent: str | None, message: str) -> TurnAnalysis:
    history = (Turn(role="agent", text=agent),) if agent else ()
    return RulesEngine(profile).analyze(TurnInput(message=message, turn=len(history), history=history))


def test_heldout_accuracy(profile: CompanyProfile) -> None:
    """At least 90% of held-out cases fully right: a regression in any cue family breaks this."""
    failures = []
    for agent, message, must, must_not in CASES:
        got = flatten(analyze(profile, agent, message))
        missing, wrong = must - got, must_not & got
        if missing or wrong:
            failures.append(f"{message!r}: missing {sorted(missing)} unexpected {sorted(wrong)}")
    ratio = 1 - len(failures) / len(CASES)
    assert ratio >= 0.9, f"held-out accuracy {ratio:.2f}:\n" + "\n".join(failures)


@pytest.mark.parametrize(("agent", "message", "must", "must_not"), CASES[:12])
def test_slot_cases_individually(
    profile: CompanyProfile, agent: str | None, message: str, must: set[str], must_not: set[str]
) -> None:
    got = flatten(analyze(profile, agent, message))
    assert must <= got
    assert not (must_not & got)


@pytest.mark.parametrize(("agent", "message", "must", "must_not"), LABEL_CASES)
def test_label_classes(
    profile: CompanyProfile, agent: str | None, message: str, must: set[str], must_not: set[str]
) -> None:
    got = flatten(analyze(profile, agent, message))
    assert must <= got, f"missing {sorted(must - got)}"
    assert not (must_not & got), f"unexpected {sorted(must_not & got)}"


@pytest.mark.parametrize(("agent", "message", "support_mode", "must", "must_not"), CUSTOMER_CASES)
def test_customer_label_classes(
    profile: CompanyProfile,
    agent: str | None,
    message: str,
    support_mode: bool,
    must: set[str],
    must_not: set[str],
) -> None:
    history = (Turn(role="agent", text=agent),) if agent else ()
    turn = TurnInput(
        message=message,
        turn=len(history),
        history=history,
        context=PageContext(known_customer=True),
        support_mode=support_mode,
    )
    got = flatten(RulesEngine(profile).analyze(turn))
    assert must <= got, f"missing {sorted(must - got)}"
    assert not (must_not & got), f"unexpected {sorted(must_not & got)}"
