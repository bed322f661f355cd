"""The same short conversation on each storage backend: SQLite files (the default) and PostgreSQL
(production), where both the project's database (SQLAlchemy) and the LangGraph checkpointer live
on the backend under test. The conversation must behave identically, land its rows in that
backend, and survive reopening the service.

PostgreSQL runs in a fresh database created for the test and dropped after it, so it never sees
or touches anyone else's tables on the shared server. Set QUALIFY_TEST_POSTGRES_URL to use
another server; the test is skipped when none is reachable.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import psycopg
import pytest

from agent.context import PageContext
from agent.profile import CompanyProfile
from agent.service import open_service

POSTGRES_URL = os.environ.get("QUALIFY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
NY = ZoneInfo("America/New_York")
START = datetime(2025, 1, 14, 10, 0, tzinfo=NY)
CID = "stores-1"
TURNS = (
    "we are a 60 person fintech, i run marketing",
    "is there an annual commitment on growth?",
    "the second one",
    "jane@ledgerly.example",
)
EXPECTED_MOVES = ["ask", "offer_meeting", "book", "book"]
EXPECTED_TIERS = ["L0", "L0", "L3", "L3"]

_databases = itertools.count()


@dataclass(frozen=True)
class Stores:
    backend: str
    database_url: str
    checkpoint_url: str

    def count_checkpoints(self) -> int:
        query = "SELECT count(*) FROM checkpoints WHERE thread_id = %s"
        if self.backend == "sqlite":
            with sqlite3.connect(self.checkpoint_url) as conn:
                return int(conn.execute(query.replace("%s", "?"), (CID,)).fetchone()[0])
        with psycopg.connect(self.checkpoint_url) as conn:
            row = conn.execute(query, (CID,)).fetchone()
            assert row is not None
            return int(row[0])

    def count_messages(self) -> int:
        query = "SELECT count(*) FROM chat_messages WHERE conversation_id = %s"
        if self.backend == "sqlite":
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as conn:
                return int(conn.execute(query.replace("%s", "?"), (CID,)).fetchone()[0])
        with psycopg.connect(self.database_url) as conn:
            row = conn.execute(query, (CID,)).fetchone()
            assert row is not None
            return int(row[0])


def _postgres_reachable() -> bool:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _fresh_postgres() -> Iterator[Stores]:
    if not _postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    name = f"qualify_stores_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _with_database(POSTGRES_URL, name)
    try:
        yield Stores("postgres", url, url)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stores]:
    if request.param == "sqlite":
        yield Stores("sqlite", f"sqlite:///{tmp_path / 'qualify.db'}", str(tmp_path / "checkpoints.db"))
    else:
        yield from _fresh_postgres()


def _converse(profile: CompanyProfile, stores: Stores) -> dict[str, Any]:
    with open_service(profile, stores.database_url, stores.checkpoint_url) as svc:
        context = PageContext(page_url="https://lumenpipeline.example/pricing", timezone="America/New_York")
        svc.start(context, START, conversation_id=CID)
        now = START
        outcomes = []
        for text in TURNS:
            now += timedelta(seconds=45)
            outcomes.append(svc.post(CID, text, now))
        booking = svc.context.calendar.active_booking(CID)
        opportunity = svc.context.crm.opportunity_for(CID)
        contact = svc.context.crm.contact_by_email("jane@ledgerly.example")
        state = svc.state(CID)
        return {
            "moves": [o.move for o in outcomes],
            "tiers": [o.tier for o in outcomes],
            "booking": None
            if booking is None
            else (booking.rep_id, booking.start_utc, booking.contact_email),
            "opportunity": None
            if opportunity is None
            else (opportunity.owner_rep_id, opportunity.stage, opportunity.projected_close_date),
            "contact_stage": None if contact is None else contact.lifecycle_stage,
            "state": {k: state.get(k) for k in ("tier", "icp_fit", "route", "lead", "booking", "transcript")},
        }


def test_the_same_conversation_behaves_the_same_on_each_backend(
    profile: CompanyProfile, stores: Stores
) -> None:
    seen = _converse(profile, stores)
    assert seen["moves"] == EXPECTED_MOVES
    assert seen["tiers"] == EXPECTED_TIERS
    assert seen["booking"] is not None
    rep, start, email = seen["booking"]
    # "the second one" of today's 12:30pm, 3:30pm and tomorrow 9:00am.
    assert (rep, start.astimezone(NY), email) == (
        "maya",
        datetime(2025, 1, 14, 15, 30, tzinfo=NY),
        "jane@ledgerly.example",
    )
    assert seen["opportunity"] is not None and seen["opportunity"][:2] == ("maya", "meeting_booked")
    assert seen["contact_stage"] == "opportunity"
    # The rows are in the backend under test: messages in its database, state in its checkpointer.
    assert stores.count_messages() == 1 + 2 * len(TURNS)
    assert stores.count_checkpoints() >= 1


def test_the_state_survives_reopening_the_service(profile: CompanyProfile, stores: Stores) -> None:
    seen = _converse(profile, stores)
    with open_service(profile, stores.database_url, stores.checkpoint_url) as svc:
        state = svc.state(CID)
        reopened = {k: state.get(k) for k in ("tier", "icp_fit", "route", "lead", "booking", "transcript")}
        assert reopened == seen["state"]
        assert svc.context.calendar.active_booking(CID) is not None
        # And the conversation carries on from there.
        outcome = svc.post(CID, "does it integrate with hubspot?", START + timedelta(minutes=10))
        assert outcome.reply is not None and "HubSpot" in outcome.reply.text
        assert outcome.tier == "L3"
        assert len(svc.state(CID).get("transcript", [])) == len(seen["state"]["transcript"]) + 2
