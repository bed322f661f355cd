"""Offline eval speed: 1,000 transcripts replayed with the rules engine (DESIGN.md section 6).

Cycles a labelled set (the dev set by default) with fresh ids until N conversations, and replays
them the way `qualify eval replay` does: the same job, the same batch runner, N worker processes
(default: the CPU count), each with one in-memory database and graph reused conversation after
conversation. Reports the wall time of the replay itself (workers starting included, the Python
start-up and imports of this process not), conversations and turns per second, and the budget.

    .venv/bin/python benchmarks/bench_eval.py [--n 1000] [--workers N] [--dataset FILE] [--json out.json]

The budget is 1,000 transcripts in under 60 s on 2 cores. Numbers move with the machine and its
load: compare runs made on the same machine, and say how busy it was.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from agent.profile import demo_profile_path
from evals.batch import Batch, default_workers
from evals.progress import progress_for
from evals.replay import ReplayJob
from evals.runs import ConversationRun
from evals.transcripts import Conversation, load_conversations

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = 60.0
BUDGET_CONVERSATIONS = 1000


@dataclass
class TimedReplay(ReplayJob):
    """The replay job, also returning the CPU seconds its worker spent on each conversation.

    The machine may be shared: CPU time says what the replay costs whatever else is running, and
    CPU seconds / workers is the wall time the same run takes on that many idle cores."""

    def run(self, conv: Conversation) -> tuple[ConversationRun, float]:  # type: ignore[override]
        started = time.process_time()
        run = super().run(conv)
        return run, time.process_time() - started


def cycled(conversations: list[Conversation], n: int) -> list[Conversation]:
    """`n` conversations from the set, repeated as needed, each with a fresh id."""
    source = itertools.cycle(conversations)
    return [next(source).model_copy(update={"id": f"bench-{i:05d}"}) for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=BUDGET_CONVERSATIONS, help="conversations to replay")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "datasets" / "dev.jsonl")
    parser.add_argument("--company", type=Path, default=demo_profile_path())
    parser.add_argument("--progress", action="store_true", help="draw a progress bar on stderr")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)

    items = cycled(load_conversations(args.dataset), args.n)
    turns = sum(len(c.visitor_turns) for c in items)
    progress = progress_for(len(items), "replay", forced=args.progress)
    started = time.perf_counter()
    results = Batch(TimedReplay(args.company), args.workers, progress).run(items)
    wall = time.perf_counter() - started
    assert len(results) == len(items)
    cpu = sum(seconds for _, seconds in results)
    idle_wall = cpu / min(args.workers, os.cpu_count() or 1)

    budget = BUDGET_SECONDS * args.n / BUDGET_CONVERSATIONS
    numbers = {
        "conversations": len(items),
        "visitor_turns": turns,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "wall_seconds": round(wall, 2),
        "conversations_per_second": round(len(items) / wall, 1),
        "turns_per_second": round(turns / wall, 1),
        "cpu_seconds_replaying": round(cpu, 2),
        "cpu_ms_per_conversation": round(1000 * cpu / len(items), 1),
        "projected_wall_seconds_on_idle_cores": round(idle_wall, 1),
        "budget_seconds": budget,
        "within_budget": wall < budget,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    print(
        f"{len(items)} transcripts ({turns} visitor turns) from {args.dataset.name}, rules engine, "
        f"{args.workers} worker(s) on {os.cpu_count()} CPUs (load average {numbers['load_average']})"
    )
    print(
        f"wall {wall:.1f} s: {numbers['conversations_per_second']} conversations/s, "
        f"{numbers['turns_per_second']} turns/s"
    )
    print(
        f"CPU {cpu:.1f} s in the workers ({numbers['cpu_ms_per_conversation']} ms per conversation): "
        f"{idle_wall:.1f} s of wall time on {min(args.workers, os.cpu_count() or 1)} idle core(s)"
    )
    print(f"budget: {budget:.0f} s -> {'within budget' if wall < budget else 'OUTSIDE budget'}")
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0 if wall < budget else 1


if __name__ == "__main__":
    sys.exit(main())
