"""`qualify eval ...` subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from agent.profile import ProfileError, load_profile
from agent.understanding.engine import RulesEngine
from evals.metrics import evaluate
from evals.replay import replay_conversation
from evals.report import format_report, write_json_report
from evals.score import score_conversation
from evals.transcripts import TranscriptError, load_conversations, with_predictions, write_conversations


def add_eval_commands(sub: Any) -> None:
    ev = sub.add_parser("eval", help="offline evaluation on labelled transcripts")
    ev_sub = ev.add_subparsers(dest="eval_command", required=True)
    sc = ev_sub.add_parser("score", help="score historical transcripts (agent turns count as evidence)")
    sc.add_argument("file", type=Path, help="transcripts .jsonl (shared/spec/TRANSCRIPTS.md)")
    sc.add_argument("--company", type=Path, required=True, help="company profile YAML")
    sc.add_argument("--predictions", type=Path, required=True, help="where to write the predicted .jsonl")
    sc.add_argument("--report", type=Path, help="also write the JSON report here")
    sc.set_defaults(handler=run_score)
    rp = ev_sub.add_parser("replay", help="replay visitor turns through the agent and score what it does")
    rp.add_argument("file", type=Path, help="transcripts .jsonl (shared/spec/TRANSCRIPTS.md)")
    rp.add_argument("--company", type=Path, required=True, help="company profile YAML")
    rp.add_argument("--predictions", type=Path, required=True, help="where to write the replayed .jsonl")
    rp.add_argument("--report", type=Path, help="also write the JSON report here")
    rp.set_defaults(handler=run_replay)


def run_replay(args: argparse.Namespace) -> int:
    try:
        profile = load_profile(args.company)
        conversations = load_conversations(args.file)
    except (ProfileError, TranscriptError) as exc:
        print(exc, file=sys.stderr)
        return 2
    engine = RulesEngine(profile)
    out = []
    for conv in conversations:
        result = replay_conversation(conv, profile, engine)
        out.append(with_predictions(conv, result.detected, result.predicted, turns=result.turns))
    write_conversations(args.predictions, out)
    if any(c.gold is not None for c in conversations):
        report = evaluate(conversations, out)
        print(format_report(report))
        if args.report:
            write_json_report(args.report, report)
    else:
        print(f"replayed {len(out)} conversations -> {args.predictions}")
    return 0


def run_score(args: argparse.Namespace) -> int:
    try:
        profile = load_profile(args.company)
        conversations = load_conversations(args.file)
    except (ProfileError, TranscriptError) as exc:
        print(exc, file=sys.stderr)
        return 2
    engine = RulesEngine(profile)
    out = []
    for conv in conversations:
        result = score_conversation(conv, engine, profile)
        out.append(with_predictions(conv, result.detected, result.predicted))
    write_conversations(args.predictions, out)
    if any(c.gold is not None or any(t.labels for t in c.turns) for c in conversations):
        report = evaluate(conversations, out)
        print(format_report(report))
        if args.report:
            write_json_report(args.report, report)
    else:
        print(f"scored {len(out)} conversations -> {args.predictions}")
    return 0
