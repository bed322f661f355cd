"""LangGraph checkpointers: a SQLite file by default, PostgreSQL by URL.

The serializer gets an explicit allowlist of the project's state types, so checkpoints restore
exactly these classes and nothing else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver

STATE_TYPES: tuple[tuple[str, str], ...] = (
    ("agent.context", "PageContext"),
    ("agent.lead", "LeadState"),
    ("agent.lead", "SlotRecord"),
    ("agent.lead", "Observation"),
    ("agent.understanding.analysis", "Evidence"),
    ("agent.understanding.analysis", "TurnAnalysis"),
    ("agent.understanding.analysis", "SignalHit"),
    ("agent.understanding.analysis", "ObjectionHit"),
    ("agent.understanding.analysis", "IntentHit"),
    ("agent.understanding.analysis", "SlotHit"),
    ("agent.understanding.analysis", "FlagHit"),
    ("agent.understanding.analysis", "Mention"),
    ("agent.state", "ChatTurn"),
    ("agent.state", "OfferedSlot"),
    ("agent.state", "PendingOffer"),
    ("agent.state", "BookingRef"),
    ("agent.state", "HandoffRef"),
    ("agent.state", "ToolEvent"),
    ("agent.state", "Reply"),
)


def serializer() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=list(STATE_TYPES))


@contextmanager
def _postgres(url: str) -> Iterator[BaseCheckpointSaver[str]]:
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg import Connection
    from psycopg.rows import DictRow, dict_row

    conn: Connection[DictRow] = Connection.connect(
        url, autocommit=True, prepare_threshold=0, row_factory=dict_row
    )
    with conn:
        saver = PostgresSaver(conn, serde=serializer())
        saver.setup()
        yield saver


@contextmanager
def _sqlite(path: str) -> Iterator[BaseCheckpointSaver[str]]:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        saver = SqliteSaver(conn, serde=serializer())
        saver.setup()
        yield saver
    finally:
        conn.close()


def open_checkpointer(url: str) -> AbstractContextManager[BaseCheckpointSaver[str]]:
    """A checkpointer for `url`: `postgresql://...` for PostgreSQL, anything else is a SQLite path."""
    if url.startswith(("postgresql://", "postgres://")):
        return _postgres(url)
    return _sqlite(url)
