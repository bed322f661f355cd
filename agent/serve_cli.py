"""`qualify serve`: the HTTP server with the widget API, operator API and the demo site."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from agent.profile import ProfileError, load_profile
from agent.settings import get_settings


def add_serve_command(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the server: widget API, operator page and the demo site")
    p.add_argument("--company", type=Path, help="company profile YAML (default: settings / demo profile)")
    p.add_argument("--host", help="interface to bind (default: settings, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: settings, 8000)")
    p.add_argument("--log-level", default="info")
    p.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from agent.server.app import create_app

    settings = get_settings()
    if args.host:
        settings = settings.model_copy(update={"host": args.host})
    if args.port:
        settings = settings.model_copy(update={"port": args.port})
    try:
        profile = load_profile(args.company or settings.company_profile)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        return 2
    if settings.operator_api_key is None:
        logging.getLogger(__name__).warning(
            "QUALIFY_OPERATOR_API_KEY is not set: the operator page is disabled"
        )
    app = create_app(settings, profile)
    print(
        f"qualify: demo site http://{settings.host}:{settings.port}/demo/  operator http://{settings.host}:{settings.port}/operator"
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=args.log_level, access_log=False)
    return 0
