"""`qualify eval score|replay|simulate`: the offline evals, their reports and the regression gate.

Every command takes the same report options: `--report OUT.json` (the document of
`evals.document`), `--html OUT.html`, `--baseline OLD.json` (what got better and worse), the gate
bars, `--workers N`, `--progress` and `--engine rules|model`; replay and simulate also take
`--repeat K` (pass^k, `evals.engines`). Exit codes: 0 done, 1 below a gate bar, 2 bad input (a
malformed file, profile or baseline, or a model engine asked for without a model; nothing is
written then).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from agent.chat_cli import add_engine_option
from agent.model.setup import ModelNotConfigured
from agent.model.usage import Prices
from agent.profile import CompanyProfile, ProfileError, load_profile
from agent.settings import get_settings
from evals.batch import Batch, Job, default_workers
from evals.compare import compare
from evals.document import Command, RunInfo, build_report
from evals.engines import check_engine, format_pass_hat_k, outcome_right, pass_hat_k
from evals.funnel import funnel
from evals.gate import Bars, check_gate, gate_block
from evals.html_report import render_html
from evals.metrics import EvalReport, evaluate
from evals.personas import load_personas
from evals.progress import progress_for
from evals.replay import ReplayJob
from evals.report import (
    format_baseline,
    format_funnel,
    format_model,
    format_report,
    format_simulation,
    write_json,
)
from evals.runs import ConversationRun
from evals.score import ScoreJob
from evals.simulate import Simulated, SimulateJob
from evals.transcripts import (
    Conversation,
    TranscriptError,
    load_conversations,
    write_conversations,
    write_text_atomic,
)

EXIT_GATE = 1
EXIT_INPUT = 2

Item = TypeVar("Item")


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {text}")
    return value


def _common(p: argparse.ArgumentParser, command: Command) -> None:
    simulate = command == "simulate"
    p.add_argument("--company", type=Path, required=True, help="company profile YAML")
    p.add_argument("--report", type=Path, help="write the JSON report here (schema: docs/evals.md)")
    p.add_argument("--html", type=Path, help="write the self-contained HTML report here")
    p.add_argument("--baseline", type=Path, help="an earlier --report JSON to compare with")
    p.add_argument(
        "--workers",
        type=_positive,
        default=default_workers(),
        help="worker processes (default: the CPU count); results are the same for any number",
    )
    p.add_argument(
        "--progress", action="store_true", help="draw the progress bar even when stderr is not a terminal"
    )
    p.add_argument("--worst", type=int, default=10, help="how many worst conversations the reports show")
    add_engine_option(p)
    if command != "score":
        p.add_argument(
            "--repeat",
            type=_positive,
            default=1,
            metavar="K",
            help="run everything K times and report pass^k (right in all K runs), for a model engine",
        )
    gate = p.add_argument_group("regression gate (exit 1 below a bar)")
    gate.add_argument("--min-tier-accuracy", type=_fraction, metavar="X")
    gate.add_argument("--min-route-accuracy", type=_fraction, metavar="X")
    gate.add_argument(
        "--min-label-f1",
        type=_fraction,
        metavar="X",
        help="micro F1 of each kind: signals, objections, intents",
    )
    if simulate:
        gate.add_argument("--min-pass-rate", type=_fraction, metavar="X", help="share of personas that pass")


def add_eval_commands(sub: Any) -> None:
    ev = sub.add_parser("eval", help="offline evaluation: labelled transcripts and simulated visitors")
    ev_sub = ev.add_subparsers(dest="eval_command", required=True)
    sc = ev_sub.add_parser("score", help="score historical transcripts (agent turns count as evidence)")
    sc.add_argument("file", type=Path, help="transcripts .jsonl (shared/spec/TRANSCRIPTS.md)")
    sc.add_argument("--predictions", type=Path, required=True, help="where to write the predicted .jsonl")
    _common(sc, "score")
    sc.set_defaults(handler=run_score)
    rp = ev_sub.add_parser("replay", help="replay visitor turns through the agent and score what it does")
    rp.add_argument("file", type=Path, help="transcripts .jsonl (shared/spec/TRANSCRIPTS.md)")
    rp.add_argument("--predictions", type=Path, required=True, help="where to write the replayed .jsonl")
    _common(rp, "replay")
    rp.set_defaults(handler=run_replay)
    sm = ev_sub.add_parser(
        "simulate",
        help="simulated visitors (personas) talk to the agent; end states are checked in the database",
    )
    sm.add_argument("file", type=Path, help="personas .jsonl (docs/evals.md)")
    sm.add_argument(
        "--predictions",
        type=Path,
        help="also write the simulated conversations (transcript format, predicted)",
    )
    _common(sm, "simulate")
    sm.set_defaults(handler=run_simulate)


def _repeat(args: argparse.Namespace) -> int:
    return int(getattr(args, "repeat", 1))


def _bars(args: argparse.Namespace) -> Bars:
    return Bars(
        tier_accuracy=args.min_tier_accuracy,
        route_accuracy=args.min_route_accuracy,
        label_f1=args.min_label_f1,
        pass_rate=getattr(args, "min_pass_rate", None),
    )


def _load_baseline(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise TranscriptError([f"{path}: cannot read the baseline report: {e}"]) from e
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise TranscriptError([f"{path}: not a qualify eval report (schema_version 1 expected)"])
    return data


def _prepare(
    args: argparse.Namespace, load: Callable[[Path], list[Item]]
) -> tuple[CompanyProfile, list[Item], dict[str, Any] | None] | None:
    """Profile, input items and baseline, or None after reporting what is wrong on stderr."""
    try:
        check_engine(args.engine)
        profile = load_profile(args.company)
        items = load(args.file)
        baseline = _load_baseline(args.baseline)
    except (ProfileError, TranscriptError, ModelNotConfigured) as exc:
        print(exc, file=sys.stderr)
        return None
    return profile, items, baseline


def _run(job: Job[Any, Any], items: Sequence[Any], args: argparse.Namespace, label: str) -> list[Any]:
    progress = progress_for(len(items), label, forced=args.progress)
    return Batch(job, args.workers, progress).run(items)


def _prices() -> Prices:
    settings = get_settings()
    return Prices(settings.price_per_1k_prompt_tokens, settings.price_per_1k_completion_tokens)


def _finish(
    args: argparse.Namespace,
    document: dict[str, Any],
    baseline: dict[str, Any] | None,
    accuracy: EvalReport | None,
    writes: list[tuple[Path, Sequence[Conversation]]],
) -> int:
    """Baseline comparison, gate, files and the terminal summary; the exit code."""
    if baseline is not None:
        document["baseline"] = compare(document, baseline, str(args.baseline))
    bars = _bars(args)
    checks = check_gate(document, bars)
    if bars.any:
        document["gate"] = gate_block(checks)
    for path, conversations in writes:
        write_conversations(path, conversations)
    if args.report:
        write_json(args.report, document)
    if args.html:
        write_text_atomic(args.html, render_html(document))
    out = [format_report(accuracy)] if accuracy is not None else []
    if document["simulation"] is not None:
        out.append(format_simulation(document["simulation"]))
    out.append(format_funnel(document["funnel"]))
    if model_lines := format_model(document["model"]):
        out.append(model_lines)
    if document.get("pass_hat_k"):
        out.append(format_pass_hat_k(document["pass_hat_k"]))
    if document["baseline"] is not None:
        out.append(format_baseline(document["baseline"]))
    print("\n".join(out), end="")
    failed = [c for c in checks if not c.ok]
    for check in checks:
        print(f"gate: {check.message()}", file=sys.stderr if not check.ok else sys.stdout)
    if failed:
        print(
            f"regression gate failed: {len(failed)} of {len(checks)} bar(s) not met "
            f"({', '.join(c.name for c in failed)})",
            file=sys.stderr,
        )
        return EXIT_GATE
    return 0


def _transcript_run(
    args: argparse.Namespace, command: Command, job: Job[Conversation, ConversationRun], own_turns: bool
) -> int:
    prepared = _prepare(args, load_conversations)
    if prepared is None:
        return EXIT_INPUT
    profile, conversations, baseline = prepared
    runs: list[ConversationRun] = _run(job, conversations, args, command)
    repeats = [runs] + [_run(job, conversations, args, f"{command} {r}") for r in range(2, _repeat(args) + 1)]
    predictions = [
        run.as_prediction(conv, own_turns=own_turns) for run, conv in zip(runs, conversations, strict=True)
    ]
    labelled = any(c.gold is not None for c in conversations) or (
        command == "score" and any(t.labels for c in conversations for t in c.turns)
    )
    accuracy = evaluate(conversations, predictions) if labelled else None
    info = RunInfo(
        command=command,
        dataset=str(args.file),
        company=profile.company.name,
        engine=check_engine(args.engine),
    )
    document = build_report(
        info, runs, funnel(runs, _prices()), gold=conversations, accuracy=accuracy, worst=args.worst
    )
    if accuracy is None:
        print(f"{command}: {len(runs)} conversations -> {args.predictions}")
    if len(repeats) > 1:
        verdicts = [[outcome_right(r, c) for r, c in zip(rs, conversations, strict=True)] for rs in repeats]
        document["pass_hat_k"] = pass_hat_k(verdicts)
    return _finish(args, document, baseline, accuracy, [(args.predictions, predictions)])


def run_score(args: argparse.Namespace) -> int:
    return _transcript_run(args, "score", ScoreJob(args.company, args.engine), own_turns=False)


def run_replay(args: argparse.Namespace) -> int:
    return _transcript_run(args, "replay", ReplayJob(args.company, args.engine), own_turns=True)


def run_simulate(args: argparse.Namespace) -> int:
    prepared = _prepare(args, load_personas)
    if prepared is None:
        return EXIT_INPUT
    profile, personas, baseline = prepared
    job = SimulateJob(args.company, args.engine)
    simulated: list[Simulated] = _run(job, personas, args, "simulate")
    repeats = [simulated] + [_run(job, personas, args, f"simulate {r}") for r in range(2, _repeat(args) + 1)]
    runs = [s.run for s in simulated]
    transcripts = [s.transcript for s in simulated]
    predictions = [s.run.as_prediction(s.transcript, own_turns=True) for s in simulated]
    accuracy = evaluate(transcripts, predictions)
    info = RunInfo(
        command="simulate",
        dataset=str(args.file),
        company=profile.company.name,
        engine=check_engine(args.engine),
    )
    document = build_report(
        info,
        runs,
        funnel(runs, _prices()),
        gold=transcripts,
        accuracy=accuracy,
        simulations=simulated,
        worst=args.worst,
    )
    if len(repeats) > 1:
        document["pass_hat_k"] = pass_hat_k([[s.passed for s in run] for run in repeats])
    writes: list[tuple[Path, Sequence[Conversation]]] = (
        [(args.predictions, predictions)] if args.predictions else []
    )
    return _finish(args, document, baseline, accuracy, writes)
