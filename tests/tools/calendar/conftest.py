"""Databases for the calendar tests: a SQLite file per test, and PostgreSQL when it is running.

The PostgreSQL fixture works in a schema of its own (named after the process), created before the
test and dropped after it, so it neither sees nor touches anyone else's tables in the shared
`test` database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from tools.calendar.models import Booking
from tools.db import make_engine, session_factory

POSTGRES_URL = os.environ.get("QUALIFY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _postgres_reachable() -> bool:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def _sqlite(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'calendar.db'}")
    Booking.__table__.create(engine)
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()


def _postgres() -> Iterator[sessionmaker[Session]]:
    if not _postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    schema = f"qualify_calendar_test_{os.getpid()}"
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = engine.execution_options(schema_translate_map={None: schema})
    Booking.__table__.create(scoped)
    try:
        yield session_factory(scoped)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def sqlite_sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    yield from _sqlite(tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sessions(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """Sessions on each backend in turn: every service test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield from _sqlite(tmp_path)
    else:
        yield from _postgres()
