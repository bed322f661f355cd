"""Per-turn agent overhead with the rules engine, checkpointer included (DESIGN.md section 6).

Drives the visitor turns of a labelled set through a real `ConversationService`: a SQLite file
database and a SQLite checkpointer in a temporary folder, the rules engine, the transcript's own
clock (`context.now`, then 45 s per visitor message, as `qualify eval replay` does). Each round
runs every conversation of the set on a fresh pair of files, so bookings of one round never
collide with the next; round 0 warms caches and is not counted. Reports p50/p90/p99/max of each
`post()` (store the message, one graph run, store the reply, CRM sync) and of each `start()`
(create the conversation, the opener), in milliseconds, plus the p50 by move.

Two configurations, run in alternating rounds (so both see the same minutes of a shared machine):
- `background` is how `qualify serve` runs: the reply does not wait for the CRM, a background
  writer applies the snapshot. Between two messages the benchmark waits for that writer to finish
  (a visitor's pause does the same in a live chat), so turns are not slowed by the previous turn's
  CRM write; the time of those writes is reported as `crm_after_turn`.
- `inline` (`qualify chat`, `qualify eval replay`) counts every CRM write inside the turn: the
  worst case.
`--crm background` or `--crm inline` runs one of them only.

    .venv/bin/python benchmarks/bench_turn.py [--dataset evals/datasets/dev.jsonl] [--rounds 5]
        [--crm both|inline|background] [--json out.json]

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


def report(
    mode: str,
    starts: list[float],
    posts: list[float],
    by_move: dict[str, list[float]],
    crm_after: list[float],
    degraded: int,
) -> dict[str, Any]:
    post = summary(posts)
    return {
        "crm": mode,
        "post": post,
        "start": summary(starts),
        "crm_after_turn": summary(crm_after) if crm_after else None,
        "by_move_p50_ms": {
            move: {"n": len(v), "p50_ms": round(percentile(sorted(v), 50), 3)}
            for move, v in sorted(by_move.items())
        },
        "degraded_turns": degraded,
        "within_budget": post["p50_ms"] < BUDGET_MS["p50"] and post["p99_ms"] < BUDGET_MS["p99"],
    }


def show(result: dict[str, Any]) -> None:
    def line(name: str, s: dict[str, float | int]) -> str:
        return (
            f"{name:<7} n={s['n']:<5} p50 {s['p50_ms']:7.2f} ms  p90 {s['p90_ms']:7.2f} ms  "
            f"p99 {s['p99_ms']:7.2f} ms  max {s['max_ms']:7.2f} ms  mean {s['mean_ms']:7.2f} ms"
        )

    where = (
        "the reply does not wait for it, as `qualify serve` runs"
        if result["crm"] == "background"
        else "written inside the turn, the worst case"
    )
    print(f"CRM {result['crm']} ({where}):")
    print("  " + line("post()", result["post"]))
    print("  " + line("start()", result["start"]))
    if result["crm_after_turn"]:
        print("  " + line("crm", result["crm_after_turn"]) + "  (background writer, after the reply)")
    print(
        "  p50 by move: "
        + ", ".join(f"{k} {v['p50_ms']:.2f} ms (n={v['n']})" for k, v in result["by_move_p50_ms"].items())
    )
    verdict = "within" if result["within_budget"] else "OUTSIDE"
    print(f"  budget per turn: p50 < {BUDGET_MS['p50']} ms, p99 < {BUDGET_MS['p99']} ms -> {verdict} budget")
    if result["degraded_turns"]:
        print(
            f"  warning: {result['degraded_turns']} degraded turns (a failed turn answers fast; "
            "the numbers flatter it)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "datasets" / "dev.jsonl")
    parser.add_argument("--company", type=Path, default=demo_profile_path())
    parser.add_argument(
        "--rounds", type=int, default=5, help="measured passes over the set (plus one warm-up)"
    )
    parser.add_argument(
        "--crm",
        choices=("both", "inline", "background"),
        default="both",
        help="CRM sync on the service's background writer (as the server runs), inline in the turn "
        "(the worst case), or both in alternating rounds (the default)",
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1 (round 0 is a warm-up and is not counted)")

    profile = load_profile(args.company)
    engine = RulesEngine(profile)
    conversations = load_conversations(args.dataset)
    modes = ("background", "inline") if args.crm == "both" else (args.crm,)
    starts: dict[str, list[float]] = defaultdict(list)
    posts: dict[str, list[float]] = defaultdict(list)
    by_move: dict[str, dict[str, list[float]]] = {m: defaultdict(list) for m in modes}
    crm_after: dict[str, list[float]] = defaultdict(list)
    degraded: dict[str, int] = defaultdict(int)
    wall = time.perf_counter()
    for round_no in range(args.rounds + 1):
        for mode in modes:
            with tempfile.TemporaryDirectory(prefix="qualify-bench-turn-") as tmp:
                s, p, m, d, c = run_round(conversations, profile, engine, Path(tmp), mode == "background")
            if round_no == 0:
                continue  # warm-up: imports, regex compilation, caches
            starts[mode] += s
            posts[mode] += p
            crm_after[mode] += c
            degraded[mode] += d
            for move, samples in m.items():
                by_move[mode][move] += samples
    wall = time.perf_counter() - wall

    results = {
        mode: report(mode, starts[mode], posts[mode], by_move[mode], crm_after[mode], degraded[mode])
        for mode in modes
    }
    result: dict[str, Any] = {
        "dataset": str(args.dataset),
        "conversations": len(conversations),
        "rounds": args.rounds,
        "modes": results,
        "budget_ms": BUDGET_MS,
        "wall_s": round(wall, 2),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }
    print(
        f"{len(conversations)} conversations x {args.rounds} rounds, rules engine, SQLite file DB + "
        f"SQLite checkpointer (load average {result['load_average']})"
    )
    for mode in modes:
        show(results[mode])
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 1 if any(degraded.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
