"""More layers around every request: trusted Host names, errors answered cleanly.

Plain ASGI, like security.py's middlewares.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from .security import ASGIApp, Message, Receive, Scope, Send, send_error

log = logging.getLogger("khronika.serve")

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def host_name(header: str) -> str:
    """The host of a Host header, without port, lowercased: "[::1]:8000" -> "::1"."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") > 1:
        return value  # a bare IPv6 address (as configured; a Host header brackets it)
    name, sep, port = value.rpartition(":")
    return name.rstrip(".") if sep and port.isdigit() else value.rstrip(".")


class TrustedHosts:
    """Answers 400 to a request whose Host header names a host not in `hosts`.

    A server on the loopback address is still reachable from any web page the user opens, by
    DNS rebinding: the page's own name is made to resolve to 127.0.0.1, and the browser then
    lets it read the answers. The Host header still carries the page's name, so refusing names
    other than our own closes that door. `hosts` entries are names or addresses; "*.example.org"
    allows its subdomains.
    """

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        names = {host_name(h) for h in hosts}
        self.exact = {n for n in names if not n.startswith("*.")}
        self.suffixes = tuple(n[1:] for n in names if n.startswith("*."))

    def allowed(self, name: str) -> bool:
        return name in self.exact or (bool(self.suffixes) and name.endswith(self.suffixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            header = next((v for k, v in scope.get("headers", []) if k == b"host"), None)
            if header is None or not self.allowed(host_name(header.decode("latin-1"))):
                if scope["type"] == "http":
                    await send_error(send, 400, "unknown Host header: this server answers to its own names only "
                                 "(khronika serve --allowed-host NAME)")
                return
        await self.app(scope, receive, send)


class CatchErrors:
    """Turns an unexpected exception into a JSON 500 answered like any other response.

    Without it Starlette's outermost error handler answers, outside our middlewares (so the
    500 lacked the security headers), and re-raises, which makes uvicorn close the connection.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("error answering %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # half an answer is out: only closing the connection can tell the client
            body = json.dumps({"detail": "internal error (logged on the server)"}).encode()
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


async def validation_error(_: Request, exc: Exception) -> Response:
    """FastAPI's 422, rendered as ASCII JSON. Its errors echo the input, and an input holding a
    lone surrogate ("\\ud800" in a JSON body) cannot be encoded as UTF-8: FastAPI's own handler
    then failed with a 500. Escaped, it is valid JSON all the same."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


async def http_error(request: Request, exc: Exception) -> Response:
    """HTTPExceptions as FastAPI answers them, except that a 422 with a plain message takes the
    documented HTTPValidationError shape (a list of errors), like every other 422."""
    if isinstance(exc, HTTPException) and exc.status_code == 422 and isinstance(exc.detail, str):
        errors = [{"type": "value_error", "loc": [], "msg": exc.detail}]
        return await validation_error(request, RequestValidationError(errors))
    return await http_exception_handler(request, exc)  # type: ignore[arg-type]
