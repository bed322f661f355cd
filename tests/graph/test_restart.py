"""A restart loses nothing (DESIGN.md section 3): the checkpointer keeps a conversation's state
between runs, so a new process picks the thread up where the old one left it.

One process starts a conversation and posts two turns (a fit lead, then a buying question that
puts three slots on the table) and exits; a second, fresh process posts the pick on the same
thread and database. The second process must see the same lead, tier and pending offer, and book
the slot the first process offered.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.profile import CompanyProfile

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "agent" / "demo_company.yaml"
CID = "restart-1"

# Runs in a child process: argv[1] is a JSON job. Prints one JSON line: what that process saw.
CHILD = r"""
import json, sys
from datetime import datetime
from agent.context import PageContext
from agent.profile import load_profile
from agent.service import open_service

job = json.loads(sys.argv[1])
profile = load_profile(job["profile"])
with open_service(profile, job["database_url"], job["checkpoint_url"]) as svc:
    cid = job["cid"]
    def seen():
        state = svc.state(cid)
        pending = state.get("pending")
        lead = state.get("lead")
        return {
            "tier": state.get("tier"),
            "icp_fit": state.get("icp_fit"),
            "lead": lead.model_dump(mode="json") if lead is not None else None,
            "pending": pending.model_dump(mode="json") if pending is not None else None,
            "asked": state.get("asked", []),
            "transcript": [t.text for t in state.get("transcript", [])],
        }
    if job.get("start"):
        svc.start(PageContext(page_url=job["page_url"], timezone="America/New_York"),
                  datetime.fromisoformat(job["start"]), conversation_id=cid)
    before = seen()
    moves = []
    for text, at in job["turns"]:
        moves.append(svc.post(cid, text, datetime.fromisoformat(at)).move)
    booking = svc.context.calendar.active_booking(cid)
    print(json.dumps({
        "before": before,
        "after": seen(),
        "moves": moves,
        "booking": None if booking is None else [booking.rep_id, booking.start_utc.isoformat()],
    }))
"""


def run_child(job: dict[str, Any], cwd: Path) -> dict[str, Any]:
    # cwd is a scratch folder, so the child imports the installed project, not whatever is in cwd.
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(job)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_new_process_continues_the_conversation_where_the_last_one_stopped(
    tmp_path: Path, profile: CompanyProfile
) -> None:
    stores = {
        "profile": str(PROFILE),
        "database_url": f"sqlite:///{tmp_path / 'qualify.db'}",
        "checkpoint_url": str(tmp_path / "checkpoints.db"),
        "cid": CID,
        "page_url": "https://lumenpipeline.example/pricing",
    }
    first = run_child(
        {
            **stores,
            "start": "2025-01-14T10:00:00-05:00",
            "turns": [
                ["we are a 60 person fintech, i run marketing", "2025-01-14T10:00:45-05:00"],
                ["is there an annual commitment on growth?", "2025-01-14T10:01:30-05:00"],
            ],
        },
        tmp_path,
    )
    assert first["moves"] == ["ask", "offer_meeting"]
    left = first["after"]
    assert left["icp_fit"] == "fit"
    assert left["pending"] is not None and left["pending"]["kind"] == "slots"
    assert len(left["pending"]["slots"]) == profile.meeting.slots_offered
    assert first["booking"] is None

    second = run_child({**stores, "turns": [["the second one", "2025-01-14T10:02:15-05:00"]]}, tmp_path)
    found = second["before"]
    # Everything the first process knew, the second one reads back exactly.
    assert found == left
    assert found["lead"]["slots"]["company_size"]["value"] == 60
    assert found["tier"] == left["tier"]
    # And it acts on it: the pick refers to the offer made by the other process.
    assert second["moves"] == ["book"]
    chosen = left["pending"]["slots"][1]
    assert second["booking"] == [chosen["rep_id"], _utc(chosen["start"])]
    assert second["after"]["tier"] == "L3"
    assert second["after"]["pending"] is None
    assert second["after"]["transcript"][: len(left["transcript"])] == left["transcript"]
    assert len(second["after"]["transcript"]) == len(left["transcript"]) + 2


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).isoformat()
