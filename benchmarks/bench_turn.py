"""Per-turn agent overhead with the rules engine, checkpointer included (DESIGN.md section 6).

Drives the visitor turns of a labelled set through a real `ConversationService`: a SQLite file
database and a SQLite checkpointer in a temporary folder, the rules engine, the transcript's own
clock (`context.now`, then 45 s per visitor message, as `qualify eval replay` does). Each round
runs every conversation of the set on a fresh pair of files, so bookings of one round never
collide with the next; round 0 warms caches and is not counted. Reports p50/p90/p99/max of each
`post()` (store the message, one graph run, store the reply, CRM sync) and of each `start()`
(create the conversation, the opener), in milliseconds, plus the p50 by move.

`--crm background` is how `qualify serve` runs: the reply does not wait for the CRM, a background
writer applies the snapshot. Between two messages the benchmark waits for that writer to finish
(a visitor's pause does the same in a live chat), so turns are not slowed by the previous turn's
CRM write; the time of those writes is reported as `crm_after_turn`. `--crm inline` (the default)
counts every CRM write inside the turn: the worst case.

    .venv/bin/python benchmarks/bench_turn.py [--dataset evals/datasets/dev.jsonl] [--rounds 5]
        [--crm inline|background] [--json out.json]

The budget is p50 under 5 ms and p99 under 25 ms per turn, in-process. Numbers move with the
machine and its load: compare runs made on the same machine, and say how busy it was.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from agent.profile import demo_profile_path, load_profile
from agent.service import open_service
from agent.understanding.engine import RulesEngine
from evals.transcripts import Conversation, load_conversations

ROOT = Path(__file__).resolve().parents[1]
SECONDS_PER_TURN = 45
DEFAULT_START = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
BUDGET_MS = {"p50": 5.0, "p99": 25.0}


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_ms)))
    return sorted_ms[min(len(sorted_ms), rank) - 1]


def summary(samples_ms: list[float]) -> dict[str, float | int]:
    ordered = sorted(samples_ms)
    return {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 50), 3),
        "p90_ms": round(percentile(ordered, 90), 3),
        "p99_ms": round(percentile(ordered, 99), 3),
        "max_ms": round(ordered[-1], 3) if ordered else float("nan"),
        "mean_ms": round(statistics.fmean(ordered), 3) if ordered else float("nan"),
    }


def run_round(
    conversations: list[Conversation], profile: Any, engine: RulesEngine, folder: Path, crm_background: bool
) -> tuple[list[float], list[float], dict[str, list[float]], int, list[float]]:
    starts: list[float] = []
    posts: list[float] = []
    crm_after: list[float] = []
    by_move: dict[str, list[float]] = defaultdict(list)
    degraded = 0
    with open_service(
        profile,
        f"sqlite:///{folder / 'qualify.db'}",
        str(folder / "checkpoints.db"),
        engine,
        crm_in_background=crm_background,
    ) as svc:
        for conv in conversations:
            now = conv.context.now or DEFAULT_START
            t0 = time.perf_counter()
            svc.start(conv.context, now, conversation_id=conv.id)
            starts.append((time.perf_counter() - t0) * 1000)
            for turn in conv.turns:
                if turn.role != "visitor":
                    continue
                now += timedelta(seconds=SECONDS_PER_TURN)
                t0 = time.perf_counter()
                outcome = svc.post(conv.id, turn.text, now)
                elapsed = (time.perf_counter() - t0) * 1000
                posts.append(elapsed)
                by_move[outcome.move or "none"].append(elapsed)
                degraded += outcome.degraded
                if crm_background:
                    t0 = time.perf_counter()
                    svc.wait_for_crm()
                    crm_after.append((time.perf_counter() - t0) * 1000)
    return starts, posts, by_move, degraded, crm_after


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "datasets" / "dev.jsonl")
    parser.add_argument("--company", type=Path, default=demo_profile_path())
    parser.add_argument(
        "--rounds", type=int, default=5, help="measured passes over the set (plus one warm-up)"
    )
    parser.add_argument(
        "--crm",
        choices=("inline", "background"),
        default="inline",
        help="CRM sync on the turn (inline, the worst case) or on the service's background writer",
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1 (round 0 is a warm-up and is not counted)")

    profile = load_profile(args.company)
    engine = RulesEngine(profile)
    conversations = load_conversations(args.dataset)
    starts: list[float] = []
    posts: list[float] = []
    by_move: dict[str, list[float]] = defaultdict(list)
    crm_after: list[float] = []
    degraded = 0
    wall = time.perf_counter()
    for round_no in range(args.rounds + 1):
        with tempfile.TemporaryDirectory(prefix="qualify-bench-turn-") as tmp:
            s, p, m, d, c = run_round(conversations, profile, engine, Path(tmp), args.crm == "background")
        if round_no == 0:
            continue  # warm-up: imports, regex compilation, caches
        starts += s
        posts += p
        crm_after += c
        degraded += d
        for move, samples in m.items():
            by_move[move] += samples
    wall = time.perf_counter() - wall

    post = summary(posts)
    start = summary(starts)
    result: dict[str, Any] = {
        "dataset": str(args.dataset),
        "conversations": len(conversations),
        "rounds": args.rounds,
        "crm": args.crm,
        "post": post,
        "start": start,
        "crm_after_turn": summary(crm_after) if crm_after else None,
        "by_move_p50_ms": {
            move: {"n": len(v), "p50_ms": round(percentile(sorted(v), 50), 3)}
            for move, v in sorted(by_move.items())
        },
        "degraded_turns": degraded,
        "budget_ms": BUDGET_MS,
        "within_budget": post["p50_ms"] < BUDGET_MS["p50"] and post["p99_ms"] < BUDGET_MS["p99"],
        "wall_s": round(wall, 2),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }

    def line(name: str, s: dict[str, float | int]) -> str:
        return (
            f"{name:<6} n={s['n']:<5} p50 {s['p50_ms']:7.2f} ms  p90 {s['p90_ms']:7.2f} ms  "
            f"p99 {s['p99_ms']:7.2f} ms  max {s['max_ms']:7.2f} ms  mean {s['mean_ms']:7.2f} ms"
        )

    print(
        f"{len(conversations)} conversations x {args.rounds} rounds, rules engine, SQLite file DB + "
        f"SQLite checkpointer, CRM {args.crm} (load average {result['load_average']})"
    )
    print(line("post()", post))
    print(line("start()", start))
    if crm_after:
        print(line("crm", summary(crm_after)) + "  (background writer, after the reply)")
    print(
        "p50 by move: "
        + ", ".join(f"{k} {v['p50_ms']:.2f} ms (n={v['n']})" for k, v in result["by_move_p50_ms"].items())
    )
    verdict = "within" if result["within_budget"] else "OUTSIDE"
    print(f"budget per turn: p50 < {BUDGET_MS['p50']} ms, p99 < {BUDGET_MS['p99']} ms -> {verdict} budget")
    if degraded:
        print(f"warning: {degraded} degraded turns (a failed turn answers fast; the numbers flatter it)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 1 if degraded else 0


if __name__ == "__main__":
    sys.exit(main())
