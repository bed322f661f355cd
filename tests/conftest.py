"""Test-wide guards and fixtures.

Tests never reach a real model or the internet: any socket to a non-loopback address fails loudly.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.profile import CompanyProfile, load_profile

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

_real_connect = socket.socket.connect


def _is_local(address: Any) -> bool:
    if isinstance(address, str):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RuntimeError(f"tests must not reach the network: connect to {address!r} blocked")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    # No real model keys leak into tests from the developer's shell.
    for var in ("OPENAI_API_KEY", "QUALIFY_OPENAI_API_KEY", "QUALIFY_OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    yield


@pytest.fixture(scope="session")
def profile() -> CompanyProfile:
    return load_profile(ROOT / "agent" / "demo_company.yaml")
