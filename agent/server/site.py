"""Static routes: the widget script, the demo website, the operator page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from agent.server.deps import ApiError

WEB = Path(__file__).resolve().parents[1] / "web"
DEMO = WEB / "demo"

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/demo/")


@router.get("/widget.js")
def widget_js() -> FileResponse:
    return FileResponse(
        WEB / "static" / "widget.js",
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/demo/{path:path}")
def demo_page(path: str) -> FileResponse:
    """Demo pages with clean URLs: /demo/pricing serves demo/pricing.html, /demo/ serves index.html."""
    clean = path.strip("/") or "index"
    candidate = (DEMO / clean).resolve()
    for option in (
        candidate.with_suffix(".html") if candidate.suffix != ".html" else candidate,
        candidate / "index.html",
    ):
        if option.is_file() and DEMO.resolve() in option.parents:
            return FileResponse(option, media_type="text/html")
    asset = candidate
    if asset.is_file() and DEMO.resolve() in asset.parents:
        return FileResponse(asset)
    raise ApiError(404, "not_found", "No such page.")


@router.get("/operator")
def operator_page(request: Request) -> Response:
    response = FileResponse(WEB / "operator.html", media_type="text/html")
    key = request.query_params.get("key")
    if key:
        response.set_cookie("qualify_operator_key", key, httponly=True, samesite="strict")
    return response
