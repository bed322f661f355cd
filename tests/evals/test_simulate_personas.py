"""Simulated visitors against the real agent: end states are read from the database, not the wording."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.profile import CompanyProfile
from agent.understanding.engine import RulesEngine
from evals.harness import Harness
from evals.personas import Persona, load_personas
from evals.simulate import Simulated, simulate_persona
from evals.transcripts import TranscriptError

ROOT = Path(__file__).resolve().parents[2]
PERSONAS = ROOT / "evals" / "datasets" / "personas.jsonl"


@pytest.fixture(scope="module")
def personas() -> dict[str, Persona]:
    return {p.id: p for p in load_personas(PERSONAS)}


@pytest.fixture(scope="module")
def harness(profile: CompanyProfile) -> Iterator[Harness]:
    with Harness(profile, RulesEngine(profile)) as h:
        yield h


def simulate(personas: dict[str, Persona], harness: Harness, persona_id: str) -> Simulated:
    return simulate_persona(personas[persona_id], harness)


def actual(sim: Simulated) -> dict[str, object]:
    return {c.name: c.actual for c in sim.checks}


def test_a_booked_meeting_is_a_calendar_row_and_an_opportunity(
    personas: dict[str, Persona], harness: Harness
) -> None:
    sim = simulate(personas, harness, "smb-books-pricing")
    assert sim.status == "pass", sim.failures
    found = actual(sim)
    assert found["booked (calendar_bookings)"] is True
    assert found["opportunity (crm_opportunities)"] == "meeting_booked"
    assert found["contact stage (crm_contacts)"] == "opportunity"
    assert sim.run.predicted.tier == "L3"
    assert sim.run.pipeline_at is not None and sim.run.crm_record


def test_a_live_transfer_is_a_handoff_row_for_the_right_team(
    personas: dict[str, Persona], harness: Harness
) -> None:
    sales = simulate(personas, harness, "enterprise-transfer-accepted")
    support = simulate(personas, harness, "support-asks-person")
    assert (sales.status, support.status) == ("pass", "pass"), (sales.failures, support.failures)
    assert actual(sales)["handoff (handoff_handoffs)"] == "sales"
    assert actual(sales)["opportunity (crm_opportunities)"] == "live_conversation"
    assert actual(support)["handoff (handoff_handoffs)"] == "support"
    assert actual(support)["open tasks (crm_tasks)"] == ["support_ticket"]


def test_stop_cancels_the_follow_up_and_marks_the_contact(
    personas: dict[str, Persona], harness: Harness
) -> None:
    sim = simulate(personas, harness, "opt-out-mid-chat")
    assert sim.status == "pass", sim.failures
    assert actual(sim)["do not contact (crm_contacts)"] is True
    assert actual(sim)["open tasks (crm_tasks)"] == []


def test_non_prospects_leave_nothing_in_the_crm(personas: dict[str, Persona], harness: Harness) -> None:
    for persona_id in ("spam", "vendor-pitch", "job-seeker"):
        sim = simulate(personas, harness, persona_id)
        assert sim.status == "pass", (persona_id, sim.failures)
        assert sim.run.predicted.route == "none" and not sim.run.crm_record


def test_a_wrong_expectation_fails_with_the_database_fact(
    personas: dict[str, Persona], harness: Harness
) -> None:
    wrong = personas["declines-meeting"].model_copy(update={"expect": personas["smb-books-pricing"].expect})
    sim = simulate_persona(wrong, harness)
    assert sim.status == "fail"
    assert "booked (calendar_bookings): expected True, got False" in sim.failures


def test_a_tracked_failure_is_xfail_and_a_fixed_one_xpass(
    personas: dict[str, Persona], harness: Harness
) -> None:
    why = "agent: a known limitation, explained here with where it is tracked"
    failing = personas["declines-meeting"].model_copy(
        update={"expect": personas["smb-books-pricing"].expect, "expected_failure": why}
    )
    passing = personas["declines-meeting"].model_copy(update={"expected_failure": why})
    assert simulate_persona(failing, harness).status == "xfail"
    fixed = simulate_persona(passing, harness)
    assert fixed.status == "xpass" and fixed.expected_failure == why


def test_the_simulated_transcript_carries_the_visitors_labels_and_the_expected_outcome(
    personas: dict[str, Persona], harness: Harness
) -> None:
    sim = simulate(personas, harness, "price-shock-fit-walks")
    gold = sim.transcript.gold
    assert gold is not None and (gold.tier, gold.meeting_booked) == ("L2", False)
    visitor = sim.transcript.visitor_turns
    assert len(visitor) == len(sim.why) == len(sim.run.visitor_turns)
    shocked = [t for t in visitor if t.labels and "price_shock" in t.labels.objections]
    assert len(shocked) == 1


def test_one_harness_keeps_conversations_independent(
    personas: dict[str, Persona], harness: Harness, profile: CompanyProfile
) -> None:
    # The same persona after others on a reused harness, and alone on a fresh one: same run.
    simulate(personas, harness, "l3-commercial")
    after_others = simulate(personas, harness, "smb-books-pricing")
    with Harness(profile, RulesEngine(profile)) as fresh:
        alone = simulate_persona(personas["smb-books-pricing"], fresh)
    assert after_others.run == alone.run
    assert after_others.checks == alone.checks


def test_the_persona_set_covers_the_playbooks(personas: dict[str, Persona]) -> None:
    assert len(personas) >= 40
    said = [line.labels for p in personas.values() for line in p.script] + [
        p.opening_labels for p in personas.values()
    ]
    objections = {o for labels in said for o in labels.objections}
    signals = {s for labels in said for s in labels.signals}
    intents = {i for labels in said for i in labels.intents}
    assert objections == {"price_shock", "identity_mismatch", "send_info"}
    assert {"champion", "commercial", "social_proof"} <= signals
    assert any(p.facts.timeline for p in personas.values())
    assert {"human_request", "frustration", "support", "opt_out"} <= intents
    routes = {p.expect.route for p in personas.values()}
    assert routes == {"sales", "support", "none"}
    assert {p.expect.handoff for p in personas.values()} == {"none", "sales", "support"}
    assert any(p.context.known_customer and p.expect.route == "sales" for p in personas.values())
    assert len({p.context.page_url for p in personas.values() if p.context.visit_count >= 2}) >= 3
    hours = {p.context.now.hour for p in personas.values() if p.context.now is not None}
    assert min(hours) < 18 <= max(hours), "both business hours and after hours"
    for p in personas.values():
        assert p.expected_failure is None or len(p.expected_failure) > 40, f"{p.id}: say why it fails"


def write(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_a_malformed_persona_file_names_every_bad_line(tmp_path: Path) -> None:
    good = json.loads(PERSONAS.read_text(encoding="utf-8").splitlines()[0])
    bad_key = {**good, "id": "b", "expcet": {}}
    no_clock = {**good, "id": "c", "context": {"page_url": "https://x.example/"}}
    both = {**good, "id": "d", "script": [{"say": "hi", "at": 2, "on": "booked"}]}
    bad_window = {**good, "id": "e", "behaviour": {"availability": ["someday"]}}
    path = write(tmp_path / "p.jsonl", [good, bad_key, no_clock, both, bad_window, good])
    with pytest.raises(TranscriptError) as error:
        load_personas(path)
    problems = "\n".join(error.value.problems)
    assert f"{path}:2: unknown key 'expcet'" in problems
    assert f"{path}:3: context: now is required" in problems
    assert f"{path}:4: script[0]: give `at` or `on`, not both" in problems
    assert f"{path}:5: behaviour.availability:" in problems
    assert f"{path}:6: duplicate id {good['id']!r} (first on line 1)" in problems
