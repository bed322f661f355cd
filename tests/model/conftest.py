"""Fixtures for the model engine tests, from model_kit.py (put on sys.path here, as in
tests/conversations)."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
