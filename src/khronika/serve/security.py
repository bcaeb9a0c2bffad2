"""Safety layers around every request: security headers, a request size limit, the write token.

Both middlewares are plain ASGI (not Starlette's BaseHTTPMiddleware), because they sit on every
request of a server meant to answer in milliseconds under load.
"""
from __future__ import annotations

import hmac
import json
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, status

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 5 * 1024 * 1024


def tiles_origin(tiles: str | None) -> str | None:
    """The scheme://host[:port] a `--tiles` URL template loads from (for img-src), or None."""
    if not tiles:
        return None
    parts = urlsplit(tiles.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if "{s}" in tiles:  # Leaflet's subdomain placeholder: allow the host's subdomains
        host = parts.netloc.split(".", 1)[1] if "." in parts.netloc else parts.netloc
        return f"{parts.scheme}://*.{host}"
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(tiles: str | None = None) -> str:
    """No inline script or style, nothing from elsewhere except the map tiles the user chose."""
    img = "'self' data:" + (f" {tiles_origin(tiles)}" if tiles_origin(tiles) else "")
    return "; ".join((
        "default-src 'self'", "script-src 'self'", "style-src 'self'", f"img-src {img}",
        "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ))


class SecurityHeaders:
    """Adds the same hardening headers to every response, errors and static files included."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self.names]
                message["headers"] = kept + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413, whether or not Content-Length is sent.

    The body is read (at most max_bytes + 1) before the app sees it, then replayed: the limit
    holds for chunked uploads too, and 5 MB in memory is an acceptable price.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await send_error(send, 400, "bad Content-Length")
                    return
                if declared > self.max_bytes:
                    await send_error(send, 413, f"request body over {self.max_bytes} bytes")
                    return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await send_error(send, 413, f"request body over {self.max_bytes} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect as usual

        await self.app(scope, replay, send)


async def send_error(send: Send, code: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": code,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


log = logging.getLogger("khronika.serve")


class AuthThrottle:
    """Wrong tokens, per client address: each is logged, and a client that sent MAX_FAILURES
    wrong tokens within WINDOW_S seconds is refused (429) for LOCKOUT_S seconds before its token
    is even looked at, so guessing costs a minute per few tries."""

    MAX_FAILURES = 5
    WINDOW_S = 60.0
    LOCKOUT_S = 60.0
    MAX_CLIENTS = 10_000  # addresses remembered; the oldest are forgotten first

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds this client must still wait (0: it may try)."""
        with self._lock:
            until = self._until.get(client, 0.0)
            left = until - time.monotonic()
            if left <= 0 and until:
                del self._until[client]
            return max(left, 0.0)

    def failed(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            times = self._failures.pop(client, None) or deque(maxlen=self.MAX_FAILURES)
            times.append(now)
            self._failures[client] = times  # re-inserted: dicts keep insertion order, oldest first
            if len(times) >= self.MAX_FAILURES and now - times[0] <= self.WINDOW_S:
                self._until[client] = now + self.LOCKOUT_S
                times.clear()
            while len(self._failures) > self.MAX_CLIENTS:
                self._failures.pop(next(iter(self._failures)))
            while len(self._until) > self.MAX_CLIENTS:
                self._until.pop(next(iter(self._until)))


def require_token(request: Request) -> None:
    """FastAPI dependency for writes: 403 when the server has no token (read-only), 401 without
    a bearer token, 403 with a wrong one (logged, and 429 after repeated wrong ones)."""
    st = request.app.state.khronika
    expected: str | None = st.token
    if not expected:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "read-only: this server was started without --token")
    client = request.client.host if request.client else "unknown"
    wait = st.auth.wait(client)
    if wait:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "too many wrong tokens from this address; wait",
                            headers={"Retry-After": str(math.ceil(wait))})
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    # Constant-time comparison: response timing must not reveal how much of a guess was right.
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        st.auth.failed(client)
        log.warning("wrong token from %s for %s %s", client, request.method, request.url.path)
        raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong token")
