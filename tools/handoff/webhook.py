"""Deliver outbox rows to a webhook (a Slack incoming webhook, or any endpoint taking JSON).

`WebhookSender` is a `tools.crm.Sender`: `crm.drain_outbox(WebhookSender(url), now)` posts every
due row and lets the outbox retry, with backoff, whatever did not get a 2xx answer.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urlparse

import httpx

# Shown in the stored outbox error; an endpoint's whole error page is not needed to act on it.
MAX_BODY_CHARS: Final = 200


class WebhookError(Exception):
    """The endpoint answered, but not with success; the outbox will try again later."""

    def __init__(self, status_code: int, body: str) -> None:
        super().__init__(f"webhook answered HTTP {status_code}: {body[:MAX_BODY_CHARS]}")
        self.status_code = status_code


class WebhookSender:
    """POST each payload as JSON to `url`; raise on a transport error or a non-2xx answer.

    The outbox kind goes in the `X-Qualify-Event` header, so one endpoint can tell deliveries
    apart. Pass `client` to share a connection pool (or, in tests, an `httpx.MockTransport`);
    otherwise the sender owns a client: `close()` it, or use the sender as a context manager.
    """

    def __init__(self, url: str, client: httpx.Client | None = None, timeout: float = 5) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"webhook url must be an absolute http(s) URL, got {url!r}")
        self._url = url
        self._timeout = timeout
        self._owns_client = client is None
        self._client = client if client is not None else httpx.Client(timeout=timeout)

    def __call__(self, kind: str, payload: dict[str, Any]) -> None:
        response = self._client.post(
            self._url, json=payload, headers={"X-Qualify-Event": kind}, timeout=self._timeout
        )
        if not response.is_success:
            raise WebhookError(response.status_code, response.text)

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> WebhookSender:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
