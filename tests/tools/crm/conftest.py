"""Fixtures for the CRM tests: a fresh CRM on SQLite and, where marked, on PostgreSQL.

The PostgreSQL variant runs in a schema of its own that is dropped afterwards, so it never
touches tables another test run (or another developer) is using on the same server.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from agent.context import Speaker
from agent.profile import CompanyProfile
from tools.crm import CRM_TABLES, CrmService, LeadSnapshot, TranscriptEntry
from tools.db import Base, make_engine, session_factory

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Tuesday 14 January 2025, 10:00 in New York: inside the demo company's business hours.
NOW = datetime(2025, 1, 14, 15, 0, tzinfo=UTC)


def _say(role: Speaker, text: str, minute: int) -> TranscriptEntry:
    return TranscriptEntry(role=role, text=text, at=f"2025-01-14T14:{minute:02d}:00+00:00")


TRANSCRIPT = (
    _say("agent", "Sizing a plan? Happy to help.", 50),
    _say("visitor", "We're 250 people in software, I run marketing.", 51),
    _say("agent", "Which CRM do you use?", 52),
    _say("visitor", "Salesforce. Does the sync need engineering?", 53),
)


_schemas = itertools.count()


def _sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'crm.db'}")
    Base.metadata.create_all(engine, tables=CRM_TABLES)
    yield engine
    engine.dispose()


def _postgres() -> Iterator[Engine]:
    server = make_engine(os.environ.get("QUALIFY_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    try:
        with server.connect():
            pass
    except OperationalError as exc:
        server.dispose()
        pytest.skip(f"PostgreSQL unreachable: {exc.orig}")
    schema = f"qualify_crm_test_{os.getpid()}_{next(_schemas)}"
    with server.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = server.execution_options(schema_translate_map={None: schema})
    try:
        Base.metadata.create_all(engine, tables=CRM_TABLES)
        yield engine
    finally:
        with server.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from _sqlite(tmp_path) if request.param == "sqlite" else _postgres()


@pytest.fixture
def crm(engine: Engine, profile: CompanyProfile) -> CrmService:
    return CrmService(session_factory(engine), profile)


@pytest.fixture
def now() -> datetime:
    """The tests' clock: every CRM call gets it (or a fixed offset from it), never the real time."""
    return NOW


@pytest.fixture
def transcript() -> tuple[TranscriptEntry, ...]:
    return TRANSCRIPT


@pytest.fixture
def make_lead() -> Callable[..., LeadSnapshot]:
    """A midmarket, in-ICP visitor on the pricing page; keyword overrides change any field."""

    def make(**overrides: Any) -> LeadSnapshot:
        fields: dict[str, Any] = {
            "conversation_id": "conv1",
            "tier": "L1",
            "route": "sales",
            "icp_fit": "fit",
            "now": NOW,
            "email": "Jane.Doe@Acme.test",
            "name": "Jane Doe",
            "company_size": 250,
            "industry": "software",
            "role": "marketing",
            "evidence": ("We're 250 people in software", "Does the sync need engineering?"),
            "page_context": {"page_url": "https://lumenpipeline.example/pricing", "visit_count": 2},
            "transcript": TRANSCRIPT,
            "visitor_timezone": "Europe/Berlin",
        }
        fields.update(overrides)
        return LeadSnapshot(**fields)

    return make
