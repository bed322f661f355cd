"""Load test: N concurrent widget conversations against a real server on loopback.

Visitors pause `--think` seconds (mean, jittered) between messages, as people do in a chat; use
`--think 0` for a flat-out burst. Starts `qualify serve` in a subprocess on a free 127.0.0.1 port with a fresh temp database (or
targets `--url`), then runs N simulated visitors at once. Each creates a conversation, sends the
visitor turns of a labelled transcript one by one (each reply read to the end of its SSE stream),
and finally fetches its conversation to check that every message was stored and answered.

Reports turns/s, p50/p90/p99/max turn latency (post -> `done` event), errors and lost messages.
Traffic only goes to 127.0.0.1, bounded by N conversations x turns.

    python benchmarks/bench_load.py --conversations 200 [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
KEY = {"X-Widget-Key": "demo-widget-key"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def scripts(dataset: Path) -> list[tuple[dict[str, Any], list[str]]]:
    out = []
    for line in dataset.read_text().splitlines():
        if line.strip():
            conv = json.loads(line)
            visitor = [t["text"] for t in conv["turns"] if t["role"] == "visitor"]
            ctx = {
                k: conv["context"][k]
                for k in ("page_url", "page_title", "visit_count", "timezone")
                if k in conv["context"]
            }
            out.append((ctx, visitor))
    return out


async def visitor(
    client: httpx.AsyncClient,
    context: dict[str, Any],
    lines: list[str],
    stats: dict[str, Any],
    think: float,
    index: int,
) -> None:
    # Visitors arrive spread over one think time and read/type between messages; the jitter is
    # deterministic (from the visitor's index) so runs are comparable.
    def pause(step: int) -> float:
        return think * (0.5 + ((index * 7919 + step * 104729) % 1000) / 1000)

    await asyncio.sleep(pause(0) if think else 0)
    try:
        r = await client.post("/api/v1/conversations", headers=KEY, json={"context": context})
        r.raise_for_status()
        body = r.json()
        cid, auth = body["conversation_id"], {**KEY, "Authorization": f"Bearer {body['token']}"}
    except Exception as exc:
        stats["errors"].append(f"create: {exc!r}")
        return
    sent = 0
    for i, text in enumerate(lines):
        if i and think:
            await asyncio.sleep(pause(i))
        start = time.perf_counter()
        try:
            async with client.stream(
                "POST",
                f"/api/v1/conversations/{cid}/messages",
                headers=auth,
                json={"text": text, "client_message_id": f"{cid}-{i}"},
            ) as resp:
                if resp.status_code != 200:
                    stats["errors"].append(f"post {resp.status_code}")
                    continue
                done = False
                async for line in resp.aiter_lines():
                    if line == "event: done":
                        done = True
                if not done:
                    stats["errors"].append("stream ended without done")
                    continue
            stats["latencies"].append(time.perf_counter() - start)
            sent += 1
        except Exception as exc:
            stats["errors"].append(f"post: {exc!r}")
    try:
        msgs = (await client.get(f"/api/v1/conversations/{cid}/messages", headers=auth)).json()
        stored = sum(1 for m in msgs if m["role"] == "visitor")
        stats["lost"] += max(0, sent - stored)
    except Exception as exc:
        stats["errors"].append(f"verify: {exc!r}")


async def run(url: str, n: int, dataset: Path, think: float) -> dict[str, Any]:
    pool = scripts(dataset)
    stats: dict[str, Any] = {"latencies": [], "errors": [], "lost": 0}
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        start = time.perf_counter()
        await asyncio.gather(*(visitor(client, *pool[i % len(pool)], stats, think, i) for i in range(n)))
        elapsed = time.perf_counter() - start
    lat = sorted(x * 1000 for x in stats["latencies"])

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1) if lat else 0.0

    return {
        "conversations": n,
        "think_s": think,
        "turns": len(lat),
        "seconds": round(elapsed, 2),
        "turns_per_s": round(len(lat) / elapsed, 1) if elapsed else 0,
        "p50_ms": pct(50),
        "p90_ms": pct(90),
        "p99_ms": pct(99),
        "max_ms": round(lat[-1], 1) if lat else 0,
        "mean_ms": round(statistics.fmean(lat), 1) if lat else 0,
        "errors": len(stats["errors"]),
        "error_samples": stats["errors"][:5],
        "lost_messages": stats["lost"],
    }


def start_server(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "QUALIFY_DATABASE_URL": f"sqlite:///{workdir}/load.db",
        "QUALIFY_CHECKPOINT_URL": str(workdir / "checkpoints.db"),
        # One client address drives every visitor here, so the per-address limits are lifted.
        "QUALIFY_RATE_PER_IP_PER_MINUTE": "1000000",
        "QUALIFY_CONVERSATIONS_PER_IP_PER_HOUR": "1000000",
        "QUALIFY_RATE_PER_CONVERSATION_PER_MINUTE": "1000",
    }
    cmd = [sys.executable, "-m", "agent.cli", "serve", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
    proc.kill()
    raise RuntimeError("server did not become healthy in 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "datasets" / "dev.jsonl")
    parser.add_argument(
        "--think",
        type=float,
        default=3.0,
        help="mean seconds a visitor reads/types between messages (0: flat out)",
    )
    parser.add_argument("--url", help="an already running server (default: start one on loopback)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if args.url and not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        parser.error("--url must be a loopback address")
    with tempfile.TemporaryDirectory() as tmp:
        proc = None if args.url else start_server(port := free_port(), Path(tmp))
        url = args.url or f"http://127.0.0.1:{port}"
        try:
            result = asyncio.run(run(url, args.conversations, args.dataset, args.think))
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
