"""The graph's topology, snapshotted: a change to nodes or edges shows up in review as a diff of
tests/graph/graph.mmd (Mermaid text, which GitHub renders).

To accept a deliberate change, regenerate the file and commit it with the change:

    QUALIFY_UPDATE_GRAPH_SNAPSHOT=1 .venv/bin/pytest tests/graph/test_graph_snapshot.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from agent.graph import build_graph, compile_graph
from agent.state import MOVES

SNAPSHOT = Path(__file__).with_name("graph.mmd")
UPDATE_VARIABLE = "QUALIFY_UPDATE_GRAPH_SNAPSHOT"


def current_mermaid() -> str:
    return str(compile_graph().get_graph().draw_mermaid())


def test_the_graph_matches_its_snapshot() -> None:
    drawn = current_mermaid()
    if os.environ.get(UPDATE_VARIABLE) == "1":
        SNAPSHOT.write_text(drawn, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    if drawn != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                drawn.splitlines(keepends=True),
                fromfile=str(SNAPSHOT.relative_to(SNAPSHOT.parents[2])),
                tofile="compile_graph().get_graph().draw_mermaid()",
            )
        )
        pytest.fail(
            f"The graph's topology changed:\n{diff}\n"
            f"If the change is intended, update the snapshot and commit it with the change:\n"
            f"    {UPDATE_VARIABLE}=1 .venv/bin/pytest {Path(__file__).relative_to(SNAPSHOT.parents[2])}",
            pytrace=False,
        )


def test_the_snapshot_draws_every_move() -> None:
    # Guards the snapshot itself: a blank or truncated file must not pass as "no change".
    text = SNAPSHOT.read_text(encoding="utf-8")
    assert text.lstrip().startswith(("---", "graph", "flowchart"))
    for move in MOVES:
        assert f"\t{move}({move})" in text, move


def test_drawing_is_deterministic() -> None:
    assert current_mermaid() == current_mermaid()
    assert str(build_graph().compile().get_graph().draw_mermaid()) == current_mermaid()
