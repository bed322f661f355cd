"""Time understanding + lead update + tier scoring of one visitor message (rules engine).

Replays every visitor message of a labelled set in its conversation (history, lead state, page
context) and measures the per-message cost of `RulesEngine.analyze` + `LeadState.apply` + `score`.

    python benchmarks/bench_understanding.py [--dataset evals/datasets/dev.jsonl] [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from agent.context import Turn
from agent.lead import LeadState
from agent.profile import demo_profile_path, load_profile
from agent.scoring import score
from agent.understanding.engine import RulesEngine, TurnInput
from agent.understanding.expect import expectation_from_agent_text
from evals.transcripts import load_conversations

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "datasets" / "dev.jsonl")
    parser.add_argument("--company", type=Path, default=demo_profile_path())
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    profile = load_profile(args.company)
    engine = RulesEngine(profile)
    conversations = load_conversations(args.dataset)
    samples: list[float] = []
    cpu_samples: list[float] = []
    # Round 0 warms caches (regex compilation, typo-correction memo) and is not counted.
    for round_no in range(args.rounds + 1):
        # Agent lines are parsed once per distinct text; start each round cold so later rounds
        # are not flattered by the cache.
        expectation_from_agent_text.cache_clear()
        for conv in conversations:
            lead = LeadState()
            history: list[Turn] = []
            for i, t in enumerate(conv.turns):
                if t.role == "visitor":
                    start = time.perf_counter()
                    cpu_start = time.thread_time()
                    analysis = engine.analyze(TurnInput.for_lead(lead, t.text, i, conv.context, history))
                    lead = lead.apply(analysis)
                    score(lead, conv.context, profile)
                    elapsed = time.perf_counter() - start
                    cpu = time.thread_time() - cpu_start
                    if round_no:
                        samples.append(elapsed)
                        cpu_samples.append(cpu)
                history.append(Turn(role=t.role, text=t.text))
    samples.sort()
    us = [s * 1e6 for s in samples]

    def pct(p: float) -> float:
        return us[min(len(us) - 1, int(p / 100 * len(us)))]

    result = {
        "messages": len(us),
        "median_us": round(statistics.median(us), 1),
        "p90_us": round(pct(90), 1),
        "p99_us": round(pct(99), 1),
        "max_us": round(us[-1], 1),
        "mean_us": round(statistics.fmean(us), 1),
        # CPU time of this thread: what the message costs when the machine is shared (wall time
        # also counts waiting for a core on a loaded machine).
        "cpu_median_us": round(statistics.median(cpu_samples) * 1e6, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(
        f"understanding + scoring per message over {result['messages']} messages: median {result['median_us']} us, "
        f"p90 {result['p90_us']} us, p99 {result['p99_us']} us, max {result['max_us']} us; "
        f"CPU median {result['cpu_median_us']} us (load average {result['load_average_1m']})"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
