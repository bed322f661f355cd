"""`qualify serve`: the HTTP server with the widget API, operator API and the demo site."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from agent.chat_cli import add_engine_option
from agent.model.setup import ModelNotConfigured, build_engines
from agent.profile import ProfileError, load_profile
from agent.settings import get_settings


def add_serve_command(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the server: widget API, operator page and the demo site")
    p.add_argument("--company", type=Path, help="company profile YAML (default: settings / demo profile)")
    p.add_argument("--host", help="interface to bind (default: settings, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: settings, 8000)")
    p.add_argument("--log-level", default="info")
    add_engine_option(p)
    p.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from agent.server.app import create_app
    from agent.service import open_service

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
    try:
        engines = build_engines(getattr(args, "engine", None), settings, profile)
    except ModelNotConfigured as exc:
        print(exc, file=sys.stderr)
        return 2
    banner = (
        f"qualify: demo site http://{settings.host}:{settings.port}/demo/  "
        f"operator http://{settings.host}:{settings.port}/operator  engine {engines.kind}"
    )
    if engines.kind == "rules":
        app = create_app(settings, profile)
        print(banner)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=args.log_level, access_log=False)
        return 0
    # The model engine: the service is opened here with it (the app's own lifespan opens a rules one).
    with open_service(
        profile,
        settings.database_url,
        settings.checkpoint_url,
        engines.engine,
        writer=engines.writer,
        operator_url=f"{settings.public_url}/operator?conversation={{conversation_id}}",
        crm_in_background=True,
    ) as svc:
        app = create_app(settings, profile, service=svc)
        print(banner)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=args.log_level, access_log=False)
    return 0
