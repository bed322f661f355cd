"""`qualify` command line: `qualify eval score|replay`, `qualify chat`, `qualify serve`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qualify", description="AI qualification chat agent for B2B websites."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    from agent.chat_cli import add_chat_command
    from agent.serve_cli import add_serve_command
    from evals.cli import add_eval_commands

    add_eval_commands(sub)
    add_chat_command(sub)
    add_serve_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = args.handler
    code: int = handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
