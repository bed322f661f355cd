"""The per-call prompt budget: history is trimmed and summarised, so a conversation's tokens grow
linearly with its turns (each call is bounded), where an unbounded prompt grows quadratically."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from model_kit import cooperative, engines_on, model_service, start

from agent.lead import LeadState
from agent.model.budget import HistoryLine, fit_history, lead_summary
from agent.model.double import ScriptedModel
from agent.model.tokens import TokenCounter
from agent.profile import CompanyProfile

TURNS = 30
QUESTIONS = [
    "what integrations do you have?",
    "how long is the free trial?",
    "how long does implementation usually take for a team like ours?",
    "do you have customers in fintech?",
    "is growth billed monthly or annually?",
    "does it sync with salesforce in real time or in batches?",
]


def converse(profile: CompanyProfile, folder: Path, budget: int) -> tuple[list[int], ScriptedModel]:
    """30 turns with the model engine; the reply call's prompt tokens per turn."""
    model = ScriptedModel(*([cooperative] * 2 * TURNS))
    with model_service(profile, folder, engines_on(model, profile, prompt_token_budget=budget)) as svc:
        chat = start(svc)
        for i in range(TURNS):
            out = chat.say(QUESTIONS[i % len(QUESTIONS)])
            assert out.usage.calls <= 2
    model.assert_consumed()
    counter = TokenCounter("gpt-4o-mini")
    prompts = [
        counter.count_messages({"role": m.role, "content": m.content} for m in r.messages)
        for r in model.calls("reply")
    ]
    assert len(prompts) == TURNS
    return prompts, model


def test_tokens_grow_linearly_with_turns(profile: CompanyProfile, tmp_path: Path) -> None:
    budget = 1100
    (tmp_path / "a").mkdir()
    bounded, model = converse(profile, tmp_path / "a", budget)
    assert max(bounded) <= budget
    # Once history fills the budget (by turn 10 here), each turn costs about the same: the
    # conversation's total grows linearly.
    plateau = bounded[10:]
    assert max(plateau) - min(plateau) < 0.1 * budget
    # The older turns are summarised from the lead state, the newest kept verbatim.
    last = model.calls("reply")[-1].messages[-1].content
    assert "Earlier:" in last and "visitor messages so far" in last
    assert QUESTIONS[(TURNS - 2) % len(QUESTIONS)] in last

    (tmp_path / "b").mkdir()
    unbounded, _ = converse(profile, tmp_path / "b", budget=1_000_000)
    # Without a budget every turn resends the whole history: each call costs more than the last.
    assert all(b > a for a, b in itertools.pairwise(unbounded))
    assert unbounded[-1] > budget
    assert sum(bounded) < sum(unbounded)


def test_fit_history_keeps_the_newest_lines_and_the_summary() -> None:
    counter = TokenCounter("gpt-4o-mini")
    history = [HistoryLine("visitor" if i % 2 else "agent", f"message number {i} " * 5) for i in range(40)]
    everything = fit_history(counter, 100_000, history, "summary")
    assert not everything.trimmed and everything.summary is None and len(everything.lines) == 40
    fitted = fit_history(counter, 120, history, "a 200-person fintech")
    assert fitted.trimmed and fitted.summary == "a 200-person fintech"
    assert fitted.tokens <= 120
    assert fitted.lines[-1] == history[-1].render()
    assert fitted.text.startswith("Earlier: a 200-person fintech")


@pytest.mark.parametrize("available", [0, 3, -50])
def test_no_room_leaves_only_what_fits(available: int) -> None:
    counter = TokenCounter("gpt-4o-mini")
    fitted = fit_history(counter, available, [HistoryLine("visitor", "hello " * 50)], "x")
    assert fitted.tokens <= max(available, 0)
    assert fitted.lines == ()


def test_a_long_old_message_is_shortened_in_the_history() -> None:
    line = HistoryLine("visitor", "word " * 400).render()
    assert len(line) < 520 and line.endswith("…")


def test_lead_summary_is_one_line_of_known_facts(profile: CompanyProfile) -> None:
    from agent.understanding.engine import RulesEngine, TurnInput

    rules = RulesEngine(profile)
    lead = LeadState()
    for i, msg in enumerate(
        ["we're 200 people in fintech, I run marketing", "we use hubspot, need it by Q1"]
    ):
        lead = lead.apply(rules.analyze(TurnInput(message=msg, turn=i)))
    summary = lead_summary(lead)
    assert "\n" not in summary
    assert "200 employees" in summary and "fintech" in summary and "marketing" in summary
    assert "2 visitor messages so far" in summary
