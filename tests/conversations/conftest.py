"""Fixtures for the behaviour tests (tests/conversations/<behaviour>/), from conversation_kit.py.

The test folders are not packages and pyproject's `pythonpath` does not list this folder, so it is
put on `sys.path` here, once, before any test module below it imports the kit.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from conversation_kit import service, start_chat  # noqa: E402

__all__ = ["service", "start_chat"]
