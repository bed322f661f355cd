"""The FastAPI application: routes, CORS, errors without stack traces, lifespan, outbox drain."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

from agent import __version__
from agent.profile import CompanyProfile
from agent.server import operator_api, site, widget_api
from agent.server.deps import ServerState, utc_now
from agent.server.limits import RateLimiter
from agent.service import ConversationService, open_service
from agent.settings import Settings
from tools.handoff import WebhookSender

log = logging.getLogger(__name__)
OUTBOX_INTERVAL_S = 5.0


def _error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}},
        status_code=status,
        headers=dict(headers) if headers else None,
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if isinstance(detail, dict) and "code" in detail:
            return _error(exc.status_code, str(detail["code"]), str(detail["message"]), exc.headers)
        return _error(exc.status_code, "http_error", str(detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}".strip(": "))

    @app.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return _error(500, "internal", "Something went wrong on our side.")


async def _drain_outbox(state: ServerState) -> None:
    """Deliver queued notifications (handoff webhooks) with the CRM outbox's retry and backoff."""
    url = state.settings.handoff_webhook_url
    if not url:
        return
    sender = WebhookSender(url)
    while True:
        try:
            await run_in_threadpool(state.service.context.crm.drain_outbox, sender, state.clock())
        except Exception:
            log.exception("outbox drain failed; will retry")
        await asyncio.sleep(OUTBOX_INTERVAL_S)


def create_app(
    settings: Settings,
    profile: CompanyProfile,
    *,
    service: ConversationService | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    """Build the app. Without `service`, the lifespan opens one on the settings' database."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with contextlib.ExitStack() as stack:
            svc = service or stack.enter_context(
                open_service(
                    profile,
                    settings.database_url,
                    settings.checkpoint_url,
                    operator_url=f"{settings.public_url}/operator?conversation={{conversation_id}}",
                    crm_in_background=True,
                )
            )
            state = ServerState(
                settings=settings,
                service=svc,
                clock=clock,
                per_ip=RateLimiter(rate=settings.rate_per_ip_per_minute, per=60),
                per_conversation=RateLimiter(rate=settings.rate_per_conversation_per_minute, per=60),
                creates_per_ip=RateLimiter(rate=settings.conversations_per_ip_per_hour, per=3600),
                turns=asyncio.Semaphore(settings.concurrent_turns),
            )
            app.state.qualify = state
            drain = asyncio.create_task(_drain_outbox(state))
            try:
                yield
            finally:
                drain.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await drain

    app = FastAPI(
        title="qualify",
        version=__version__,
        summary="AI qualification chat agent: widget and operator API.",
        lifespan=lifespan,
    )
    origins = [o.strip() for o in settings.allowed_origins.split(",") if o.strip()]
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Widget-Key", "Accept"],
        max_age=600,
    )
    _install_error_handlers(app)
    app.include_router(widget_api.router)
    app.include_router(operator_api.router)
    app.mount("/static", StaticFiles(directory=site.WEB / "static"), name="static")

    @app.get("/healthz", tags=["health"])
    async def healthz(request: Request) -> dict[str, Any]:
        state: ServerState = request.app.state.qualify

        def check() -> dict[str, Any]:
            with state.service.sessions() as s:
                s.execute(text("SELECT 1"))
            state.service.state("healthz-probe")
            return {"status": "ok", "database": "ok", "checkpointer": "ok", "version": __version__}

        return await run_in_threadpool(check)

    # Last: the demo site's catch-all route must not shadow the API, health or static files.
    app.include_router(site.router)
    return app
