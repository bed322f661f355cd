"""`qualify chat`: a conversation in the terminal, one visitor line per stdin line (scriptable).

Shows the agent's replies, quick replies, tier changes and the tools each turn used.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from agent.context import PageContext
from agent.model.setup import ModelNotConfigured, build_engines
from agent.profile import ProfileError, load_profile
from agent.service import InvalidMessage, TurnOutcome, open_service
from agent.settings import get_settings


def add_chat_command(sub: Any) -> None:
    p = sub.add_parser("chat", help="chat with the agent in the terminal (reads visitor lines from stdin)")
    p.add_argument("--company", type=Path, help="company profile YAML (default: settings / demo profile)")
    p.add_argument("--page-url", help="page the chat starts on, e.g. https://acme.example/pricing")
    p.add_argument("--page-title")
    p.add_argument("--referrer")
    p.add_argument("--visit-count", type=int, default=1)
    p.add_argument("--timezone", help="the visitor's IANA time zone, e.g. Europe/London")
    p.add_argument(
        "--now", type=datetime.fromisoformat, help="the clock, ISO 8601 with offset (default: now)"
    )
    p.add_argument(
        "--step-seconds",
        type=float,
        default=30.0,
        help="how far the clock moves per message when --now is set",
    )
    p.add_argument("--database-url", help="SQLAlchemy URL (default: settings)")
    p.add_argument(
        "--checkpoint-url", help="SQLite path or postgresql:// URL for conversation state (default: settings)"
    )
    add_engine_option(p)
    p.set_defaults(handler=run_chat)


def add_engine_option(p: Any) -> None:
    p.add_argument(
        "--engine",
        choices=("rules", "model"),
        help="who understands and words replies: the rules engine, or the model at QUALIFY_OPENAI_BASE_URL "
        "(default: the model when one is configured, else rules)",
    )


def _print_outcome(out: TextIO, outcome: TurnOutcome) -> None:
    if outcome.reply is not None:
        out.write(f"agent> {outcome.reply.text}\n")
        if outcome.reply.quick_replies:
            out.write("       [" + "] [".join(outcome.reply.quick_replies) + "]\n")
    else:
        out.write("agent> (silent: a teammate owns this conversation)\n")
    if outcome.usage.calls:
        u = outcome.usage
        fell_back = f", {u.fallbacks} fell back" if u.fallbacks else ""
        out.write(
            f"  · model: {u.calls} call(s), {u.prompt_tokens} prompt + {u.completion_tokens} completion tokens{fell_back}\n"
        )
    for e in outcome.events:
        out.write(f"  · {e.tool}.{e.action}: {e.detail}\n" if e.detail else f"  · {e.tool}.{e.action}\n")
    if outcome.tier_changed:
        out.write(
            f"  ▲ tier {outcome.tier_before} -> {outcome.tier} (route {outcome.route}, ICP {outcome.icp_fit})\n"
        )
    out.flush()


def run_chat(args: argparse.Namespace, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    settings = get_settings()
    try:
        profile = load_profile(args.company or settings.company_profile)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        return 2
    fixed = args.now is not None
    now = args.now or datetime.now(UTC)
    if now.tzinfo is None:
        print("--now needs a UTC offset, e.g. 2026-11-19T23:12:00-05:00", file=sys.stderr)
        return 2
    context = PageContext(
        page_url=args.page_url,
        page_title=args.page_title,
        referrer=args.referrer,
        visit_count=args.visit_count,
        timezone=args.timezone,
        now=now,
    )
    try:
        engines = build_engines(getattr(args, "engine", None), settings, profile)
    except ModelNotConfigured as exc:
        print(exc, file=sys.stderr)
        return 2
    with open_service(
        profile,
        args.database_url or settings.database_url,
        args.checkpoint_url or settings.checkpoint_url,
        engines.engine,
        writer=engines.writer,
    ) as svc:
        started = svc.start(context, now)
        out.write(f"conversation {started.conversation_id} on {args.page_url or '(no page)'}\n")
        out.write(f"agent> {started.reply.text}\n")
        if started.reply.quick_replies:
            out.write("       [" + "] [".join(started.reply.quick_replies) + "]\n")
        interactive = stdin.isatty()
        while True:
            if interactive:
                out.write("you> ")
                out.flush()
            line = stdin.readline()
            if not line:
                break
            text = line.strip()
            if not text:
                continue
            if not interactive:
                out.write(f"you> {text}\n")
            now = now + timedelta(seconds=args.step_seconds) if fixed else datetime.now(UTC)
            try:
                outcome = svc.post(started.conversation_id, text, now)
            except InvalidMessage as exc:
                out.write(f"  ! {exc}\n")
                continue
            _print_outcome(out, outcome)
    return 0
