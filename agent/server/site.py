"""Static routes: the widget script, the demo website, the operator page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from agent.server.deps import ApiError

WEB = Path(__file__).resolve().parents[1] / "web"
DEMO = WEB / "demo"

router = APIRouter(include_in_schema=False)


@router.get("/widget.js")
def widget_js() -> FileResponse:
    return FileResponse(
        WEB / "static" / "widget.js",
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/operator")
def operator_page(request: Request) -> Response:
    response = FileResponse(WEB / "operator.html", media_type="text/html")
    key = request.query_params.get("key")
    if key:
        response.set_cookie("qualify_operator_key", key, httponly=True, samesite="strict")
    return response


@router.get("/demo/{path:path}")
def old_demo_path(path: str) -> RedirectResponse:
    """The demo site used to live under /demo/; it is the site root now."""
    return RedirectResponse("/" + path.lstrip("/"), status_code=301)


@router.get("/{path:path}")
def demo_page(path: str) -> FileResponse:
    """The demo company's website at the site root, with clean URLs: /pricing serves demo/pricing.html.

    Registered last, so the API, the widget script and the operator page are matched first."""
    clean = path.strip("/") or "index"
    root = DEMO.resolve()
    candidate = (DEMO / clean).resolve()
    options = [candidate] if candidate.suffix else [candidate.with_suffix(".html"), candidate / "index.html"]
    for option in options:
        if option.is_file() and root in option.parents:
            return FileResponse(option, media_type="text/html" if option.suffix == ".html" else None)
    raise ApiError(404, "not_found", "No such page.")
